"""What the engine hands the rules for one script, as small values with one job each:

- `JoinedText`: the utterances joined into one text (one normalization and one automaton pass per
  script), and the way from a joined offset back to an utterance;
- `NormalizedText`: the normalized joined text and the way back to original offsets;
- `Cues`: phrase-set cues, confirmed only when a rule first asks about them;
- `Timeline`: when each character is spoken;
- `FindingSink`: builds findings with exact positions and masked text.

`ScriptContext` puts them together behind the `RuleContext` protocol the rules are typed against.
"""
from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, TypeVar, cast

from .corrections import correction_for
from .lexicon import PhraseEntry, TermEntry
from .model import SPOKEN_RE, Finding, Script, Utterance, personal_data_index
from .normalize import Normalized, normalize
from .privacy import LocatedData, PersonalDataIndex, mask
from .rules.base import Rule, Scope, Span, TermHit
from .t2s import is_traditional, to_traditional

if TYPE_CHECKING:
    from .config import Config
    from .lexicon import Hit, Lexicon, Scan
    from .scenario import Scenario

State = TypeVar("State")


@dataclass(frozen=True)
class JoinedText:
    """The utterances joined by "\\n". A newline inside an utterance (YAML block scalars) becomes a
    sentence break, so "\\n" marks utterance boundaries only; lengths, and so offsets, stay."""

    text: str
    starts: tuple[int, ...]  # offset of each utterance

    @classmethod
    def of(cls, utterances: Sequence[Utterance]) -> JoinedText:
        texts = [u.text.replace("\r", "。").replace("\n", "。") for u in utterances]
        starts: list[int] = []
        offset = 0
        for text in texts:
            starts.append(offset)
            offset += len(text) + 1
        return cls("\n".join(texts), tuple(starts))

    def utterance_at(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) - 1


@dataclass
class NormalizedText:
    """The normalized joined text; implements `rules.base.NormalizedView`."""

    norm: Normalized
    joined: JoinedText
    lexicon: Lexicon
    starts: list[int] = field(init=False)  # offset of each utterance in the normalized text

    def __post_init__(self) -> None:
        # The "\n" joiners survive normalization.
        starts = [0]
        position = self.norm.text.find("\n")
        count = len(self.joined.starts)
        while position != -1 and len(starts) < count:
            starts.append(position + 1)
            position = self.norm.text.find("\n", position + 1)
        self.starts = starts

    @property
    def text(self) -> str:
        return self.norm.text

    def utterance_at(self, position: int) -> int:
        return bisect.bisect_right(self.starts, position) - 1

    def range_of(self, index: int) -> tuple[int, int]:
        end = self.starts[index + 1] - 1 if index + 1 < len(self.starts) else len(self.norm.text)
        return self.starts[index], end

    def to_original(self, index: int, start: int, end: int) -> tuple[int, int]:
        """A normalized [start, end) as original offsets inside utterance `index`."""
        o_start, o_end = self.norm.span(start, end)
        base = self.joined.starts[index]
        return o_start - base, o_end - base

    def negated(self, position: int) -> bool:
        return self.lexicon.negated(self.norm.text, position)


@dataclass
class Cues:
    """Phrase-set cues per utterance: raw hits now, confirmed when a rule first asks.

    A deferred set is not collected in the script's scan at all: its cues are looked for in one
    utterance only when a rule asks about it there. Sets that only clear a finding (a concrete next
    step clears stalling) are asked about in few utterances, while their cue words (天, 号, 点) are
    everywhere."""

    lexicon: Lexicon
    scan: Scan | None
    normalized: NormalizedText | None
    raw: dict[int, list[Hit]]  # per utterance with a cue
    present: dict[int, set[str]]  # the sets with a raw cue, per utterance with a cue
    utterances: Sequence[Utterance] = ()
    packs: frozenset[str] = frozenset()
    deferred: frozenset[str] = frozenset()
    _confirmed: dict[tuple[int, str], list[Span]] = field(default_factory=dict)

    def lines_with(self, phrase_sets: frozenset[str]) -> list[int]:
        return sorted(i for i, sets in self.present.items() if sets & phrase_sets)

    def get(self, index: int, phrase_set: str) -> list[Span]:
        key = (index, phrase_set)
        spans = self._confirmed.get(key)
        if spans is not None:
            return spans
        if phrase_set in self.deferred:
            spans = self._look_up(index, phrase_set)
        elif phrase_set not in self.present.get(index, ()) or self.scan is None or self.normalized is None:
            return []
        else:
            wanted = [h for h in self.raw[index]
                      if isinstance(h.entry, PhraseEntry) and h.entry.phrase_set == phrase_set]
            spans = [Span(*self.normalized.to_original(index, h.start, h.end))
                     for h in self.lexicon.confirm(self.scan, wanted)]
        self._confirmed[key] = spans
        return spans

    def _look_up(self, index: int, phrase_set: str) -> list[Span]:
        """A deferred set's cues in one utterance, normalized and matched on their own."""
        text = self.utterances[index].text.replace("\r", "。").replace("\n", "。")
        norm = normalize(text)
        scan = self.lexicon.candidates(norm, self.packs, frozenset({phrase_set}), frozenset())
        return [Span(*norm.span(h.start, h.end)) for h in self.lexicon.confirm(scan, scan.hits)]


@dataclass(frozen=True)
class TimeCarry:
    """What the windows before this one tell the timeline: the `start` of the last utterance
    that had one (None: none had), and the spoken characters from it (inclusive) to their end."""

    start: float | None = None
    spoken: int = 0

    def after(self, utterances: Sequence[Utterance]) -> TimeCarry:
        """The carry after `utterances`, the next window, have been said."""
        spoken = 0
        for utterance in reversed(utterances):
            spoken += len(SPOKEN_RE.findall(utterance.text))
            if utterance.start is not None:
                return TimeCarry(utterance.start, spoken)
        return TimeCarry(self.start, self.spoken + spoken)


@dataclass(frozen=True)
class Timeline:
    """Seconds from the call start: an utterance's `start`, or the spoken characters before it
    (all speakers) divided by the speech rate."""

    utterances: Sequence[Utterance]
    speech_rate: float
    before: TimeCarry = TimeCarry()  # the windows before these utterances

    def seconds_at(self, index: int, offset: int = 0) -> float:
        utterance = self.utterances[index]
        within = len(SPOKEN_RE.findall(utterance.text, 0, offset)) / self.speech_rate
        if utterance.start is not None:
            return utterance.start + within
        # Before the first utterance with a known start, count from the call start; after one,
        # count on from it.
        total = 0.0
        for previous in range(index - 1, -1, -1):
            earlier = self.utterances[previous]
            total += len(SPOKEN_RE.findall(earlier.text)) / self.speech_rate
            if earlier.start is not None:
                return earlier.start + total + within
        if self.before.spoken:
            total += self.before.spoken / self.speech_rate
        return (self.before.start or 0.0) + total + within


@dataclass(frozen=True)
class _Made:
    """A finding with what the overlap merge needs to know about where it came from."""

    finding: Finding
    index: int
    rule: Rule
    from_industry_pack: bool


def _specificity(made: _Made) -> tuple[int, int, int, int]:
    """Which of several findings on the same words is reported: the team's own policy first, then
    an industry pack's entry over the general pack's, then the longer span, then the severer."""
    finding = made.finding
    return (int(made.rule.reads_normalized), int(made.from_industry_pack),
            finding.offset_end - finding.offset, finding.severity.rank)


def merge_overlaps(made: list[_Made], widen: Callable[[_Made, int, int], Finding] | None = None) -> list[Finding]:
    """One finding per claim: findings of rules that flag the words themselves (lexicon terms, a
    policy contradiction) whose spans overlap the first span of a group in one utterance are
    reported once, as the most specific, at the group's highest severity (so turning on a pack
    never lets an error pass as a warning), with the other rules' codes as `related`
    (保证收益: SL302 with related SL303; 全网最好 and 最好的: one SL302)."""
    def merges(item: _Made) -> bool:
        return item.rule.scope is Scope.UTTERANCE and item.rule.claims_words()

    mergeable = sorted((m for m in made if merges(m)),
                       key=lambda m: (m.index, m.finding.offset, -m.finding.offset_end))
    groups: list[list[_Made]] = []
    for item in mergeable:
        first = groups[-1][0] if groups else None
        if first is not None and first.index == item.index and item.finding.offset < first.finding.offset_end:
            groups[-1].append(item)
        else:
            groups.append([item])
    kept = [m.finding for m in made if not merges(m)]
    for group in groups:
        if len(group) == 1:
            kept.append(group[0].finding)
            continue
        best = max(group, key=_specificity)
        related = tuple(sorted({m.finding.code for m in group} - {best.finding.code}))
        severity = max((m.finding.severity for m in group), key=lambda s: s.rank)
        # The claim's words are all the group's words (短信验证码 … 告诉我).
        start = min(m.finding.offset for m in group)
        end = max(m.finding.offset_end for m in group)
        finding = best.finding
        if widen is not None and (start, end) != (finding.offset, finding.offset_end):
            finding = widen(best, start, end)
        kept.append(replace(finding, related=related, severity=severity))
    return kept


@dataclass
class FindingSink:
    """Builds findings at exact original positions, with personal data masked unless asked:
    the utterances are masked whole, and together (a number wrapped onto the next line is
    masked in both), before a finding's text is cut from them."""

    path: str
    utterances: Sequence[Utterance]
    lang: str
    show_pii: bool
    made: list[_Made] = field(default_factory=list)
    personal: PersonalDataIndex = field(init=False)

    def __post_init__(self) -> None:
        self.personal = personal_data_index(self.utterances)

    @property
    def findings(self) -> list[Finding]:
        return merge_overlaps(self.made, self._widen)

    def _shown(self, index: int) -> str:
        """The utterance as findings show it."""
        return self.utterances[index].text if self.show_pii else self.personal.masked[index]

    def _widen(self, made: _Made, start: int, end: int) -> Finding:
        """The finding over another span of its utterance (a merged claim's whole words)."""
        utterance = self.utterances[made.index]
        line, column = utterance.locate(start)
        end_line, end_column = utterance.locate(end)
        return replace(made.finding, line=line, column=column, end_line=end_line, end_column=end_column,
                       text=self._shown(made.index)[start:end], offset=start, offset_end=end,
                       fix=None)  # the fix was for the narrower words: the claim's whole words have none

    def add(self, rule: Rule, index: int, start: int = 0, end: int | None = None, *,
            message: str | None = None, entry: TermEntry | None = None) -> None:
        self.add_on(rule, self.utterances[index], index, start, end, message=message, entry=entry)

    def add_on(self, rule: Rule, utterance: Utterance, index: int, start: int = 0, end: int | None = None, *,
               message: str | None = None, entry: TermEntry | None = None) -> None:
        """A finding on `utterance`, utterance `index` of these; index -1 for a finding that is
        never merged with another (a whole-script finding, on an utterance of any window)."""
        if end is None:
            end = len(utterance.text)
        line, column = utterance.locate(start)
        end_line, end_column = utterance.locate(end)
        if index >= 0:
            shown = self._shown(index)
        else:
            # A whole-script finding on an utterance of this window is masked with its window;
            # one of an earlier window (long gone) on its own.
            here = next((i for i, u in enumerate(self.utterances) if u is utterance), None)
            shown = self._shown(here) if here is not None else utterance.text if self.show_pii else mask(utterance.text)
        suggestion = entry.alternative if entry is not None else None
        if suggestion and is_traditional(utterance.text):
            suggestion = to_traditional(suggestion)  # follow the script: zh-Hant line, zh-Hant advice
        message = message if message is not None else rule.message(self.lang)
        finding = Finding(
            path=self.path,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            code=rule.code,
            category=rule.category,
            severity=entry.severity if entry is not None else rule.severity,
            # A message may quote the text it is about.
            message=message if self.show_pii else mask(message),
            text=shown[start:end],
            entry=entry.id if entry is not None else None,
            suggestion=suggestion,
            citation=entry.citation if entry is not None else None,
            utterance=shown,
            offset=start,
            offset_end=end,
            fix=correction_for(rule, entry, utterance, start, end, self.lang),
            **(utterance.anchor.finding_fields(line) if utterance.anchor is not None else {}),
        )
        self.made.append(_Made(finding, index, rule, entry is not None and entry.pack != "general"))


@dataclass
class ScriptContext:
    """One script as the rules see it (implements `rules.base.RuleContext`)."""

    script: Script
    scenario: Scenario
    settings: Config
    joined: JoinedText
    lexicon: Lexicon
    cue_store: Cues
    term_hits: dict[int, dict[str, list[TermHit]]]  # per utterance with a term, by category
    timeline: Timeline
    sink: FindingSink
    dialogue: bool
    _normalized: NormalizedText | None = None
    # A script checked window by window: whether windows follow this one, and what each rule
    # carries from one window to the next (by rule code; the same dict for every window).
    more: bool = False
    carried_state: dict[str, Any] = field(default_factory=dict)

    @property
    def utterances(self) -> Sequence[Utterance]:
        return self.script.utterances

    @property
    def lang(self) -> str:
        return self.settings.lang

    @property
    def normalized(self) -> NormalizedText:
        if self._normalized is None:
            self._normalized = NormalizedText(normalize(self.joined.text), self.joined, self.lexicon)
        return self._normalized

    @property
    def findings(self) -> list[Finding]:
        return self.sink.findings

    def lines_with_cues(self, phrase_sets: frozenset[str]) -> list[int]:
        return self.cue_store.lines_with(phrase_sets)

    def cues(self, index: int, phrase_set: str) -> Sequence[Span]:
        return self.cue_store.get(index, phrase_set)

    def has_cue(self, index: int, phrase_set: str) -> bool:
        return bool(self.cue_store.get(index, phrase_set))

    def terms(self, index: int, category: str) -> Sequence[TermHit]:
        found = self.term_hits.get(index)
        return found.get(category, ()) if found is not None else ()

    def seconds_at(self, index: int, offset: int = 0) -> float:
        return self.timeline.seconds_at(index, offset)

    def personal_data(self) -> Sequence[LocatedData]:
        # One scan of the script, shared with the masking of its findings.
        return self.sink.personal.found

    def report(self, rule: Rule, index: int, start: int = 0, end: int | None = None, *,
               message: str | None = None, entry: TermEntry | None = None) -> None:
        self.sink.add(rule, index, start, end, message=message, entry=entry)

    def report_on(self, rule: Rule, utterance: Utterance, *, message: str | None = None) -> None:
        self.sink.add_on(rule, utterance, -1, message=message)

    def carried(self, rule: Rule, make: Callable[[], State]) -> State:
        state = self.carried_state.get(rule.code)
        if state is None:
            state = self.carried_state[rule.code] = make()
        return cast(State, state)
