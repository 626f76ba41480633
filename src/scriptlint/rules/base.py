"""What every rule is made of: its declaration (identity, messages, doc block, fix) and the typed
context it reads the script through.

A rule is one frozen declaration of a rule *type* (see `required`, `response`, `existence`,
`conditional`, and the code rules in `personal_data` and `dialogue`). Everything else — which cue
sets and lexicon categories to compute, which rules run on a script, the `rules` and `explain`
output, the generated docs — is derived from the declarations by `registry`.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, TypeVar

from ..model import Applicability, Kind, Severity, Utterance, category_name

if TYPE_CHECKING:
    from ..config import Config
    from ..lexicon import TermEntry
    from ..privacy import LocatedData
    from ..scenario import Scenario

State = TypeVar("State")

class Scope(str, Enum):
    """What a rule looks at: the whole script or call, the turns of a dialogue, each line, or
    the suppression directives (checked after the other rules, by the suppression pass)."""

    SCRIPT = "script"
    DIALOGUE = "dialogue"
    UTTERANCE = "utterance"
    DIRECTIVE = "directive"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Text:
    """A user-facing text in Chinese (the default) and English; may hold {placeholders}."""

    zh: str
    en: str

    def __call__(self, lang: str, **values: object) -> str:
        template = self.en if lang == "en" else self.zh
        return template.format(**values) if values else template


@dataclass(frozen=True)
class Example:
    """A doc example that the test suite lints: script lines (with speaker markers) or one reply,
    checked with the named settings (the same keys as the config)."""

    lines: tuple[str, ...]
    kind: Kind = Kind.REPLIES
    settings: tuple[tuple[str, Any], ...] = ()

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def shown(self) -> str:
        """The example as the doc block prints it, with the settings it needs."""
        body = "\n  ".join(self.lines)
        if not self.settings:
            return body
        flags = ", ".join(f"{key}={value}" for key, value in self.settings)
        return f"({flags})\n  {body}"


@dataclass(frozen=True)
class Doc:
    """The doc block printed by `explain` and generated into docs/rule-catalogue.md."""

    what: str
    why: str
    example: Example
    instead: Example
    # What it does, in Chinese, for `explain` (the default language); empty: `what` is shown.
    # `why` is its citations, which name the Chinese sources themselves.
    what_zh: str = ""

    def what_in(self, lang: str) -> str:
        return self.what_zh if lang != "en" and self.what_zh else self.what


@dataclass(frozen=True)
class Fix:
    """The fix a rule offers: a compliant sentence to insert before the flagged line, or a
    replacement of the flagged span. Fixes attach to findings and are applied centrally.

    Only a replacement is applied by `--fix` (its text may use {masked}, the span's masked
    form); a sentence to insert holds placeholders ({公司}) that a person fills in."""

    action: str  # "insert-before" | "replace"
    text: Text
    title: Text
    applicability: Applicability = Applicability.SAFE


@dataclass(frozen=True, slots=True)
class Span:
    """[start, end) inside one utterance's original text."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class TermHit:
    """A confirmed lexicon term inside one utterance, in the utterance's original offsets."""

    entry: TermEntry
    start: int
    end: int


class NormalizedView(Protocol):
    """The script's normalized text (NFKC, lower case, Simplified, no separators) and the way back."""

    @property
    def text(self) -> str: ...

    def range_of(self, index: int) -> tuple[int, int]: ...

    def to_original(self, index: int, start: int, end: int) -> tuple[int, int]: ...

    def negated(self, position: int) -> bool: ...


class RuleContext(Protocol):
    """How rules see one script. The engine's ScriptContext implements it."""

    @property
    def scenario(self) -> Scenario: ...

    @property
    def settings(self) -> Config: ...

    @property
    def utterances(self) -> Sequence[Utterance]: ...

    @property
    def lang(self) -> str: ...

    @property
    def normalized(self) -> NormalizedView: ...

    @property
    def dialogue(self) -> bool:
        """Whether the lines carry speakers (dialogue rules can follow the turns)."""
        ...

    def lines_with_cues(self, phrase_sets: frozenset[str]) -> list[int]: ...

    def cues(self, index: int, phrase_set: str) -> Sequence[Span]: ...

    def has_cue(self, index: int, phrase_set: str) -> bool: ...

    def terms(self, index: int, category: str) -> Sequence[TermHit]: ...

    def seconds_at(self, index: int, offset: int = 0) -> float: ...

    def personal_data(self) -> Sequence[LocatedData]: ...

    def report(self, rule: Rule, index: int, start: int = 0, end: int | None = None, *,
               message: str | None = None, entry: TermEntry | None = None) -> None: ...

    # A long script is checked window by window (`utterances` are the window's). A rule that
    # looks beyond one utterance keeps what it needs in its carried state, decides when no
    # window follows, and reports on an utterance it kept from an earlier window with report_on.
    @property
    def more(self) -> bool:
        """Whether windows of the same script follow this one."""
        ...

    def carried(self, rule: Rule, make: Callable[[], State]) -> State:
        """The rule's state for this script: made by `make` in the first window, the same object
        in every later one."""
        ...

    def report_on(self, rule: Rule, utterance: Utterance, *, message: str | None = None) -> None:
        """A finding on the whole of `utterance`, which may belong to an earlier window."""
        ...


@dataclass(frozen=True, kw_only=True)
class Rule:
    """The declaration every rule type shares."""

    code: str
    name: str
    category: str
    severity: Severity
    summary: Text
    message: Text
    doc: Doc
    fix: Fix | None = None
    channels: frozenset[str] = field(default=frozenset())  # empty: every channel
    directions: frozenset[str] = field(default=frozenset())  # empty: both directions

    scope: ClassVar[Scope] = Scope.UTTERANCE
    # Whether the rule reads the normalized text itself (beyond cues and terms): policy facts do.
    reads_normalized: ClassVar[bool] = False
    # Whether the rule gives the same findings when a long script is checked window by window:
    # it looks at one utterance at a time, or it carries what it needs across windows (see
    # RuleContext.carried). A script with a rule that does not is checked whole.
    windowed: ClassVar[bool] = False

    def applies(self, scenario: Scenario) -> bool:
        """Whether the rule has anything to say about a script in this scenario."""
        return ((not self.channels or scenario.channel in self.channels)
                and (not self.directions or scenario.direction in self.directions))

    def cue_sets(self, scenario: Scenario, dialogue: bool) -> frozenset[str]:
        """The phrase sets this rule asks about (only these are collected and confirmed);
        `dialogue` says whether the script's lines carry speakers."""
        return frozenset()

    def claims_words(self) -> bool:
        """Whether a finding of this rule is about the words at its span (a term, a promise), so
        that findings of such rules on the same words are one claim, reported once."""
        return False

    def deferred_cue_sets(self) -> frozenset[str]:
        """Phrase sets this rule asks about in a few lines only: looked up per line on demand
        instead of collected over the whole script."""
        return frozenset()

    def term_categories(self) -> frozenset[str]:
        """The lexicon categories whose terms this rule reports (only these are matched)."""
        return frozenset()

    def reads_time(self) -> bool:
        """Whether the rule asks when words are spoken (RuleContext.seconds_at)."""
        return False

    def check(self, context: RuleContext) -> None:
        raise NotImplementedError

    def doc_text(self, lang: str = "en") -> str:
        """The doc block `explain` prints, its headings and labels in `lang`."""
        doc = self.doc
        words = DOC_WORDS["en" if lang == "en" else "zh"]
        facts = words["facts"].format(category=category_name(self.category, lang),
                                      scope=scope_name(self.scope, lang), severity=self.severity.label(lang))
        return (
            f"{self.code} {self.name}{facts}\n"
            f"{self.summary(lang)}\n\n"
            f"{words['what']}\n  {doc.what_in(lang)}\n\n"
            f"{words['why']}\n  {doc.why}\n\n"
            f"{words['example']}\n  {doc.example.shown()}\n\n"
            f"{words['instead']}\n  {doc.instead.shown()}\n"
            + (f"\n{words['fix']}\n  {self.fix.title(lang)}{words['colon']}{self.fix.text(lang)}\n" if self.fix else "")
        )


# The headings of a doc block, and how its first line states category, scope and severity.
DOC_WORDS = {
    "zh": {"facts": "（类别：{category}；范围：{scope}；默认级别：{severity}）", "what": "作用", "why": "为什么重要",
           "example": "示例", "instead": "改为", "fix": "修复", "colon": "："},
    "en": {"facts": " ({category}, {scope}, default {severity})", "what": "What it does", "why": "Why it matters",
           "example": "Example", "instead": "Use instead", "fix": "Fix", "colon": ": "},
}
SCOPE_NAMES_ZH = {Scope.SCRIPT: "整篇", Scope.DIALOGUE: "对话", Scope.UTTERANCE: "单句", Scope.DIRECTIVE: "抑制指令"}


def scope_name(scope: Scope, lang: str = "zh") -> str:
    return scope.value if lang == "en" else SCOPE_NAMES_ZH[scope]


__all__ = ["Doc", "Example", "Fix", "NormalizedView", "Rule", "RuleContext", "Scope", "Span", "TermHit", "Text",
           "scope_name"]
