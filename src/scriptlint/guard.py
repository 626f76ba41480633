"""The runtime guard: check a bot's next reply in the live conversation before anyone hears it.

    from scriptlint import Config, Guard
    guard = Guard(Config(industry=("finance",)))          # built once
    convo = guard.conversation(channel="phone", direction="outbound")
    convo.add("customer", "不用了，我没兴趣")
    verdict = convo.check_reply("您再听我说两句，这款理财稳赚不赔")
    verdict.action                                     # "block" | "revise" | "allow"
    convo.accept(verdict)                              # the reply joins the history

What a verdict holds is what `check` would report about the reply in this conversation: the
history and the reply are one script, checked by the same rule declarations (run through a
context, `_ReplyContext`, that reads the history from its cached scans), and the findings kept
are those about the reply:

- findings located in the reply (terms, personal data, policy facts);
- dialogue findings about it (a refusal, a request for a human, two "not solved", a complaint,
  an identity question in the turns it answers);
- whole-script findings (the AI disclosure, the recording notice, the purpose, the way out, how
  to reach a human) only when the reply closes their window: it is the last bot turn of the
  opening (`opening-utterances` on the phone, the first message in chat) or, for a rule with a
  time limit (`disclosure-seconds`, `handoff-seconds`, phone), the limit passes during it. A
  reply inside the window is not blamed for what a later turn of the window may still say.
  Their position is then the whole reply.

Positions are the reply's own: line 1, columns counted in the reply.

What does not change while a reply is checked is kept per conversation: each history turn is
normalized and scanned once (when it is added), its cues confirmed once (when first asked), the
plan of rules once per scenario (in the Guard). A check costs about the reply's own work.
"""
from __future__ import annotations

import bisect
import json
import re
import threading
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import accumulate
from typing import TYPE_CHECKING, Any, TypeVar, cast

from . import t2s
from .api import Linter
from .config import Config, ConfigError
from .context import FindingSink, Timeline
from .lexicon import PhraseEntry, TermEntry
from .lexicon.schema import SENTENCE_BREAKS
from .model import BOT, SPOKEN_RE, Finding, Kind, Script, Utterance, canonical_role, masked_repr
from .normalize import Normalized, normalize
from .privacy import DASHES, INVISIBLE, LocatedData, mask
from .rules.base import Rule, Scope, Span, TermHit
from .rules.conditional import Conditional
from .rules.dialogue import AFFIRM_WINDOW, ANSWER_SETS, Impersonation
from .rules.existence import Existence
from .rules.personal_data import PersonalData
from .rules.registry import Plan, Registry
from .rules.required import Required
from .scenario import Scenario
from .severity import apply_overrides

if TYPE_CHECKING:
    from .lexicon import Hit, Lexicon, Scan

State = TypeVar("State")
SERIAL_VERSION = 1
REPLY_PATH = "<reply>"
# Actions from the mildest; a verdict takes the severest its findings call for.
ACTION_ORDER = ("allow", "revise", "block")
# Letters and digits that may start a personal number (privacy.py reads ASCII and full-width
# letters, and every Unicode decimal digit).
_NUMBER_CHARACTER = re.compile(r"[\dA-Za-z\uff21-\uff3a\uff41-\uff5a]")
# What may stand inside a personal number written with separators (privacy.py): anything else
# ends every number in progress.
_NUMBER_SEPARATORS = frozenset(DASHES + INVISIBLE + ",\uff0c\u3001\uff64\ufe50\ufe51"
                               + ".\u3002\u30fb\u00b7\uff0e\uff61\uff65/\uff0f_\uff3f" + "()\uff08\uff09")
# History turns kept scanned per Guard (each a few kB: its normalized text and raw hits).
TURN_SCAN_CACHE_SIZE = 1 << 14
# Look-back before a settled stretch of text: the label a bank card must not follow (privacy.py
# reads the 12 characters before a number).
_NUMBER_CONTEXT = 12


class ConversationFormatError(ValueError):
    """A serialized conversation that cannot be read back (its message says what is wrong)."""


@dataclass(frozen=True)
class Turn:
    """One turn of the conversation: who said it (BOT or CUSTOMER), what, and when (seconds from
    the call start, when known; else the timing rules count spoken characters)."""

    role: str
    text: str
    start: float | None = None

    def __repr__(self) -> str:
        return masked_repr(self)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"role": self.role, "text": self.text}
        if self.start is not None:
            data["start"] = self.start
        return data


@dataclass(frozen=True)
class Verdict:
    """What to do with a reply: `action` ("block", "revise" or "allow", by the `guard-actions`
    setting and the severest finding), the `findings` (the codes of `check`, positions in the
    reply), the reply with personal data `masked`, and a `suggestion`: the reply with every
    finding's fix applied (lexicon rewrites, masking), when every finding has one and the result
    is clean; else None."""

    action: str
    findings: tuple[Finding, ...]
    reply: str
    masked: str
    suggestion: str | None
    start: float | None = None

    def __repr__(self) -> str:
        return masked_repr(self, reply=self.masked)

    def to_dict(self) -> dict[str, Any]:
        """The JSON of the HTTP service: action, findings, masked, suggestion (never the reply
        unmasked)."""
        return {"action": self.action, "findings": [finding.to_dict() for finding in self.findings],
                "masked": self.masked, "suggestion": self.suggestion}


# Roles as callers spell them -> BOT or CUSTOMER: canonical_role folds and converts each time.
_ROLES: dict[str, str] = {}


def _canonical_role(role: str) -> str:
    speaker = canonical_role(role)  # ValueError for anything but a role or an alias
    if len(_ROLES) < 256:
        _ROLES[role] = speaker
    return speaker


def action_for(findings: Sequence[Finding], actions: Sequence[tuple[str, str]]) -> str:
    """The severest action the findings' severities call for ("allow" without findings)."""
    by_severity = dict(actions)
    worst = 0
    for finding in findings:
        worst = max(worst, ACTION_ORDER.index(by_severity.get(finding.severity.value, "allow")))
    return ACTION_ORDER[worst]


@dataclass
class _TurnScan:
    """One utterance's text normalized and scanned once, its phrase cues confirmed on first ask."""

    norm: Normalized
    scan: Scan
    by_set: dict[str, list[Hit]]
    present: frozenset[str]  # the phrase sets with a raw cue
    confirmed: dict[str, list[Span]] = field(default_factory=dict)
    spoken: int = 0  # a history turn's characters that take time to say (model.SPOKEN_RE)


@dataclass(frozen=True)
class _Setup:
    """What a scenario needs, worked out once per Guard: its config, scenario, plan, and which
    whole-script rules have a time limit."""

    settings: Config
    scenario: Scenario
    plan: Plan
    limits: dict[str, str]  # rule code -> the setting that holds its phone limit in seconds
    opening: int  # bot turns in the opening
    # The plan's rules by how a reply check runs them: utterance rules see the reply alone, the
    # dialogue rules (and Impersonation, which answers the history's questions) the whole
    # conversation, whole-script rules only when due.
    alone_rules: tuple[Rule, ...]
    conversation_rules: tuple[Rule, ...]
    script_rules: tuple[Rule, ...]
    # Streaming: the rules whose findings are certain once their sentence is complete, the
    # claiming rules whose findings wait for the whole reply, and whether any policy could claim
    # words (then every claim waits: a policy pattern may reach across sentences).
    local_rules: tuple[Rule, ...]
    waiting_categories: frozenset[str]
    other_claims: bool


class Guard:
    """Built once from a Config (the lexicons compile here); hands out Conversations.

    `terms_stay_in_sentences`: whether a term's confirmation never reads beyond its sentence
    with these lexicons (`_terms_stay_in_sentences`); streams report terms as their sentences
    complete, and reuse that work in `close()`, only then."""

    def __init__(self, config: Config | None = None, linter: Linter | None = None) -> None:
        self.linter = linter or Linter(config)
        self.config = self.linter.config
        self.lexicon: Lexicon = self.linter.lexicon
        self.enabled = self.linter.enabled_rules(REPLY_PATH)
        self._setups: dict[tuple[str | None, str | None, tuple[str, ...] | None], _Setup] = {}
        self._linters: dict[tuple[str | None, str | None, tuple[str, ...] | None], Linter] = {}
        self._lock = threading.Lock()
        # History turns scanned, by scenario and text, shared by the conversations: a stateless
        # server rebuilds a conversation from its history on every request, and scripted bot
        # lines repeat across calls. A scan depends only on the text and the scenario's plan.
        self._turn_scans: dict[tuple[tuple[str | None, str | None, tuple[str, ...] | None], str], _TurnScan] = {}
        self.linter.warm_up()
        _last_sentence_break()  # built here, not in the first stream
        self.terms_stay_in_sentences = _terms_stay_in_sentences(self.lexicon)

    def conversation(self, channel: str | None = None, direction: str | None = None,
                     industry: Sequence[str] | None = None) -> Conversation:
        """A new conversation in this scenario (unset: the config's); a bad value raises ConfigError."""
        return Conversation(self, channel, direction, tuple(industry) if industry is not None else None)

    def conversation_from_json(self, data: str | bytes | Mapping[str, Any]) -> Conversation:
        return Conversation.from_json(self, data)

    def _scanned(self, key: tuple[str | None, str | None, tuple[str, ...] | None], utterance: Utterance,
                 setup: _Setup) -> _TurnScan:
        """A history turn normalized and scanned, once per scenario and text."""
        found = self._turn_scans.get((key, utterance.text))
        if found is None:
            found = _turn_scan(self.lexicon, utterance, setup.scenario, setup.plan)
            found.spoken = len(SPOKEN_RE.findall(utterance.text))
            if len(self._turn_scans) >= TURN_SCAN_CACHE_SIZE:
                self._turn_scans.clear()
            self._turn_scans[(key, utterance.text)] = found
        return found

    def _setup(self, channel: str | None, direction: str | None, industry: tuple[str, ...] | None) -> _Setup:
        key = (channel, direction, industry)
        found = self._setups.get(key)
        if found is None:
            settings = self.config.merged(channel=channel, direction=direction, industry=industry)
            scenario = Scenario.resolve(settings, None, Kind.SCRIPT, Kind.SCRIPT, path=REPLY_PATH)
            plan = Registry.plan(self.enabled, scenario, True, True)
            found = _Setup(settings, scenario, plan, _limits(self.linter.registry.rules, scenario),
                           settings.opening_utterances if scenario.channel == "phone" else 1,
                           *_partition(plan), *_streaming_rules(plan, settings))
            with self._lock:
                self._setups[key] = found
        return found

    def check(self, text: str, kind: str | Kind | None = None, role: str = BOT, channel: str | None = None,
              direction: str | None = None, industry: Sequence[str] | None = None) -> Verdict:
        """The verdict on one text on its own: a reply (kind "replies", the default) or a whole
        script ("script", "transcript", speaker markers per line), in a scenario (unset: the
        config's). A script's suggestion is None: its fixes are for `check --fix`."""
        key = (channel, direction, tuple(industry) if industry is not None else None)
        linter = self._linters.get(key)
        if linter is None:
            settings = self.config.merged(channel=channel, direction=direction, industry=key[2])
            linter = Linter(settings, self.lexicon, self.linter.registry)
            with self._lock:
                self._linters[key] = linter
        findings = linter.check_text(text, kind=kind, role=role, path=REPLY_PATH)
        single = (Kind(kind) if kind is not None else Kind(linter.config.kind or "replies")) is Kind.REPLIES
        suggestion = self._suggestion(text, findings, lambda fixed: linter.check_text(fixed, kind, role, REPLY_PATH)) \
            if single else None
        return Verdict(action_for(findings, self.config.guard_actions), tuple(findings), text, mask(text), suggestion)

    @staticmethod
    def _suggestion(text: str, findings: Sequence[Finding], recheck: Callable[[str], Sequence[Finding]]) -> str | None:
        """The reply with every finding's fix applied, when each has one, none overlap, and the
        result checks clean."""
        if not findings or any(f.fix is None for f in findings):
            return None
        edits = sorted({(f.offset, f.offset_end, e.content) for f in findings
                        for e in (f.fix.edits if f.fix is not None else ())})
        pieces: list[str] = []
        cursor = 0
        for start, end, content in edits:
            if start < cursor:
                return None  # two fixes on the same words: no single rewrite
            pieces += [text[cursor:start], content]
            cursor = end
        fixed = "".join(pieces) + text[cursor:]
        return fixed if fixed != text and not recheck(fixed) else None


def _limits(rules: Sequence[Rule], scenario: Scenario) -> dict[str, str]:
    """Rule code -> the setting holding the phone time limit of its window: its own, or that of
    the timely rule of the same phrase set (the AI disclosure must be said within 3 s: a reply
    that passes 3 s without it closes SL101's window as it closes SL102's)."""
    if scenario.channel != "phone":
        return {}
    by_set = {rule.phrase_set: rule.limit_setting for rule in rules
              if isinstance(rule, Required) and rule.limit_setting is not None}
    return {rule.code: rule.limit_setting or by_set[rule.phrase_set] for rule in rules
            if isinstance(rule, Required) and (rule.limit_setting or rule.phrase_set in by_set)}


def _partition(plan: Plan) -> tuple[tuple[Rule, ...], tuple[Rule, ...], tuple[Rule, ...]]:
    alone = tuple(r for r in plan.rules if r.scope is Scope.UTTERANCE and not isinstance(r, Impersonation))
    script = tuple(r for r in plan.rules if r.scope is Scope.SCRIPT)
    return alone, tuple(r for r in plan.rules if r not in alone and r not in script), script


def _streaming_rules(plan: Plan, settings: Config) -> tuple[tuple[Rule, ...], frozenset[str], bool]:
    """For `ReplyStream`: the utterance rules decided within a sentence (lexicon terms), the
    categories of those that wait for the whole reply (cleared by a cue anywhere in it), and
    whether another rule may claim words (a policy contradiction: its patterns may reach across
    sentences), in which case every claim waits for the whole reply."""
    local: list[Rule] = []
    waiting: set[str] = set()
    other_claims = False
    for rule in plan.rules:
        if rule.scope is not Scope.UTTERANCE or not rule.claims_words():
            continue
        if isinstance(rule, Existence) and rule.cleared_by:
            waiting.update(rule.term_categories())
        elif isinstance(rule, Existence):
            local.append(rule)
        elif not (isinstance(rule, Conditional) and not settings.policy):  # without policies it finds nothing
            other_claims = True
    return tuple(local), frozenset(waiting), other_claims


def _turn_scan(lexicon: Lexicon, utterance: Utterance, scenario: Scenario, plan: Plan,
               categories: frozenset[str] = frozenset(), cues: bool = True) -> _TurnScan:
    """One utterance normalized and scanned for the plan's phrase cues (unless not `cues`) and
    the lexicon `categories`."""
    # As the engine joins utterances: a line break inside one is a sentence break.
    norm = normalize(utterance.text.replace("\r", "。").replace("\n", "。"))
    scan = lexicon.candidates(norm, scenario.industries, plan.cue_sets if cues else frozenset(), categories)
    by_set: dict[str, list[Hit]] = {}
    for hit in scan.hits:
        if isinstance(hit.entry, PhraseEntry):
            by_set.setdefault(hit.entry.phrase_set, []).append(hit)
    return _TurnScan(norm, scan, by_set, frozenset(by_set))


def _confirmed_terms(lexicon: Lexicon, scanned: _TurnScan) -> dict[str, list[TermHit]]:
    """The confirmed terms of a scanned text by category, at their original offsets."""
    terms: dict[str, list[TermHit]] = {}
    wanted = [h for h in scanned.scan.hits if isinstance(h.entry, TermEntry)]
    for hit in lexicon.confirm(scanned.scan, wanted) if wanted else ():
        assert isinstance(hit.entry, TermEntry)
        start, end = scanned.norm.span(hit.start, hit.end)
        terms.setdefault(hit.entry.category, []).append(TermHit(hit.entry, start, end))
    return terms


class _ReplyView:
    """The normalized reply as `rules.base.NormalizedView`: the history's lines are empty (no
    utterance rule reports about them here)."""

    def __init__(self, norm: Normalized, index: int, lexicon: Lexicon) -> None:
        self.norm = norm
        self.index = index
        self.lexicon = lexicon

    @property
    def text(self) -> str:
        return self.norm.text

    def range_of(self, index: int) -> tuple[int, int]:
        return (0, len(self.norm.text)) if index == self.index else (0, 0)

    def to_original(self, index: int, start: int, end: int) -> tuple[int, int]:
        return self.norm.span(start, end)

    def negated(self, position: int) -> bool:
        return self.lexicon.negated(self.norm.text, position)


class _ReplyContext:
    """One check of a reply as the rules see it (implements `rules.base.RuleContext`): the
    history's cached scans and the reply's own. Reports about the reply go to a sink over the
    reply alone; a whole-script finding (reported at the first bot line) is the reply's when
    its rule is due; the rest is about other turns and dropped."""

    def __init__(self, setup: _Setup, lexicon: Lexicon, utterances: Sequence[Utterance], turns: Sequence[_TurnScan],
                 lines_by_set: Mapping[str, Sequence[int]], seconds_base: float | None = None,
                 dialogue: bool = True, personal_from: int = 0, scanned: _TurnScan | None = None,
                 term_hits: dict[str, list[TermHit]] | None = None) -> None:
        self.setup = setup
        self.lexicon = lexicon
        self._utterances = utterances
        self.turns = turns
        self.lines_by_set = lines_by_set
        self.index = len(utterances) - 1
        self.reply_utterance = utterances[-1]
        self._dialogue = dialogue
        self.seconds_base = seconds_base
        # Personal numbers starting before this offset belong to text reported before (streaming).
        self.personal_from = personal_from
        self.sink = FindingSink(REPLY_PATH, [self.reply_utterance], setup.settings.lang, setup.settings.show_pii)
        # The reply scanned and its confirmed terms, when the caller has them (else worked out
        # on first use).
        self._reply = scanned
        self._term_hits = term_hits
        self._carried: dict[str, Any] = {}

    @property
    def reply(self) -> _TurnScan:
        """The reply normalized and scanned, on first use (a personal-data-only check needs neither)."""
        if self._reply is None:
            self._reply = _turn_scan(self.lexicon, self.reply_utterance, self.setup.scenario, self.setup.plan,
                                     self.setup.plan.term_categories)
        return self._reply

    @property
    def term_hits(self) -> dict[str, list[TermHit]]:
        """The reply's confirmed terms by category (only bot lines' terms are findings)."""
        if self._term_hits is None:
            self._term_hits = _confirmed_terms(self.lexicon, self.reply)
        return self._term_hits

    @property
    def scenario(self) -> Scenario:
        return self.setup.scenario

    @property
    def settings(self) -> Config:
        return self.setup.settings

    @property
    def utterances(self) -> Sequence[Utterance]:
        return self._utterances

    @property
    def lang(self) -> str:
        return self.setup.settings.lang

    @property
    def normalized(self) -> _ReplyView:
        return _ReplyView(self.reply.norm, self.index, self.lexicon)

    @property
    def dialogue(self) -> bool:
        return self._dialogue

    def _turn(self, index: int) -> _TurnScan:
        return self.reply if index == self.index else self.turns[index]

    def lines_with_cues(self, phrase_sets: frozenset[str]) -> list[int]:
        found = {i for name in phrase_sets for i in self.lines_by_set.get(name, ())}
        if phrase_sets & self.reply.present:
            found.add(self.index)
        return sorted(found)

    def cues(self, index: int, phrase_set: str) -> Sequence[Span]:
        turn = self._turn(index)
        spans = turn.confirmed.get(phrase_set)
        if spans is None:
            if phrase_set in self.setup.plan.deferred_cue_sets:
                # As the engine looks a deferred set up: in this utterance alone.
                scan = self.lexicon.candidates(turn.norm, self.scenario.industries, frozenset({phrase_set}), frozenset())
                hits = self.lexicon.confirm(scan, scan.hits)
            else:
                hits = self.lexicon.confirm(turn.scan, turn.by_set.get(phrase_set, ()))
            spans = [Span(*turn.norm.span(h.start, h.end)) for h in hits]
            turn.confirmed[phrase_set] = spans
        return spans

    def has_cue(self, index: int, phrase_set: str) -> bool:
        return bool(self.cues(index, phrase_set))

    def terms(self, index: int, category: str) -> Sequence[TermHit]:
        return self.term_hits.get(category, ()) if index == self.index else ()

    def seconds_at(self, index: int, offset: int = 0) -> float:
        utterance = self._utterances[index]
        if index == self.index and utterance.start is None and self.seconds_base is not None:
            # Timeline's own sum, kept per conversation: what was spoken before, then the reply.
            return self.seconds_base + len(SPOKEN_RE.findall(utterance.text, 0, offset)) / self.settings.speech_rate
        return Timeline(self._utterances, self.settings.speech_rate).seconds_at(index, offset)

    def personal_data(self) -> Sequence[LocatedData]:
        return [replace(found, index=self.index) for found in self.sink.personal.found
                if found.start >= self.personal_from]

    def report(self, rule: Rule, index: int, start: int = 0, end: int | None = None, *,
               message: str | None = None, entry: TermEntry | None = None) -> None:
        if index == self.index:
            self.sink.add(rule, 0, start, end, message=message, entry=entry)
        elif rule.scope is Scope.SCRIPT:  # only due rules run: their finding is the reply's
            self.sink.add(rule, 0, message=message, entry=entry)

    # The conversation is checked whole, in one window (the engine may check a long script window
    # by window; rules written for that keep their state here, fresh for every check).
    @property
    def more(self) -> bool:
        return False

    def carried(self, rule: Rule, make: Callable[[], State]) -> State:
        state = self._carried.get(rule.code)
        if state is None:
            state = self._carried[rule.code] = make()
        return cast(State, state)

    def report_on(self, rule: Rule, utterance: Utterance, *, message: str | None = None) -> None:
        """A finding on the whole of `utterance`: the reply's, or a due whole-script rule's."""
        if utterance is self.reply_utterance or rule.scope is Scope.SCRIPT:
            self.sink.add(rule, 0, message=message)

    def alone(self) -> _ReplyContext:
        """The same check seen through the reply alone (index 0): shares its scan, terms and sink."""
        narrowed = _ReplyContext.__new__(_ReplyContext)
        narrowed.__dict__.update(self.__dict__)
        narrowed._utterances = [self.reply_utterance]
        narrowed.turns, narrowed.lines_by_set, narrowed.index = [], {}, 0
        narrowed._dialogue = False
        narrowed._reply, narrowed._term_hits = self.reply, self.term_hits
        narrowed._carried = {}
        return narrowed

    def findings(self) -> list[Finding]:
        found = apply_overrides(self.sink.findings, self.settings.severity)
        found.sort(key=Finding.sort_key)
        return found


class Conversation:
    """The history of one conversation as plain data, and what the guard keeps of it: each turn
    normalized and scanned once. Cheap to create; `to_json()` / `Conversation.from_json()` keep it
    in a session store between requests. Not for concurrent use: one conversation, one caller at a
    time (a Guard is shared freely)."""

    def __init__(self, guard: Guard, channel: str | None = None, direction: str | None = None,
                 industry: tuple[str, ...] | None = None) -> None:
        self.guard = guard
        self.channel = channel
        self.direction = direction
        self.industry = industry
        self._setup = guard._setup(channel, direction, industry)  # checks the values (ConfigError)
        self._key = (channel, direction, industry)
        self.turns: list[Turn] = []
        self._utterances: list[Utterance] = []
        self._scans: list[_TurnScan] = []
        self._lines_by_set: dict[str, list[int]] = {}
        self._bots = 0
        self._seconds_base: float | None = None
        self._spoken: list[int] = []  # spoken characters of each turn (the timing rules' count)

    def __repr__(self) -> str:
        return f"Conversation(channel={self._setup.scenario.channel!r}, direction={self._setup.scenario.direction!r}, " \
               f"turns={len(self.turns)})"

    @property
    def scenario(self) -> Scenario:
        return self._setup.scenario

    def add(self, role: str, text: str, start: float | None = None) -> None:
        """A turn joins the history: `role` is "bot" or "customer" (or an alias: user,
        assistant, 客户, 机器人 ...); `start` in seconds from the call start, when known."""
        if not isinstance(text, str):
            raise TypeError(f"text must be a string, not {type(text).__name__}")
        if start is not None and (isinstance(start, bool) or not isinstance(start, (int, float)) or start < 0):
            raise ValueError("start must be a number of seconds ≥ 0")
        speaker = _ROLES.get(role) or _canonical_role(role)
        turn = Turn(speaker, text, float(start) if start is not None else None)
        utterance = Utterance(text, speaker, line=2 * len(self.turns) + 1, start=turn.start)
        scanned = self.guard._scanned(self._key, utterance, self._setup)
        index = len(self.turns)
        self.turns.append(turn)
        self._utterances.append(utterance)
        self._scans.append(scanned)
        for name in scanned.by_set:
            self._lines_by_set.setdefault(name, []).append(index)
        self._bots += speaker == BOT
        self._spoken.append(scanned.spoken)
        self._seconds_base = None

    def accept(self, verdict: Verdict, text: str | None = None) -> None:
        """The checked reply joins the history as a bot turn (or `text`, what the bot said in
        the end: its suggestion, say)."""
        self.add(BOT, verdict.reply if text is None else text, verdict.start)

    def _base(self) -> float:
        """Seconds at the start of the next turn, summed as `context.Timeline.seconds_at` sums
        them (back to the last turn with a known start, in the same order, so the figure is the
        same to the last bit), from each turn's spoken characters counted once when it was added."""
        if self._seconds_base is None:
            rate = self._setup.settings.speech_rate
            total = 0.0
            base: float | None = None
            for utterance, spoken in zip(reversed(self._utterances), reversed(self._spoken)):
                total += spoken / rate
                if utterance.start is not None:
                    base = utterance.start + total
                    break
            self._seconds_base = total if base is None else base
        return self._seconds_base

    def _due(self, reply: Utterance, context: _ReplyContext) -> list[Rule]:
        """The whole-script rules whose window closes during this reply (module docstring)."""
        setup = self._setup
        due: list[Rule] = []
        for rule in setup.script_rules:
            limit_setting = setup.limits.get(rule.code)
            limit = float(getattr(setup.settings, limit_setting)) if limit_setting else None
            closed_before = self._bots >= setup.opening or (
                limit is not None and context.seconds_at(context.index, 0) > limit)
            if closed_before:
                continue
            if self._bots + 1 >= setup.opening or (
                    limit is not None and context.seconds_at(context.index, len(reply.text)) > limit):
                due.append(rule)
        return due

    def _context(self, text: str, start: float | None = None,
                 terms: dict[str, list[TermHit]] | None = None) -> _ReplyContext:
        """A check of `text` as the next bot turn (`start`: its start in seconds, when known;
        `terms`: its confirmed terms, when known)."""
        if not isinstance(text, str):
            raise TypeError(f"reply must be a string, not {type(text).__name__}")
        reply = Utterance(text, BOT, start=start)
        return _ReplyContext(self._setup, self.guard.lexicon, [*self._utterances, reply], self._scans,
                             self._lines_by_set, self._base() if start is None else None, term_hits=terms)

    def _findings(self, text: str, start: float | None,
                  terms: dict[str, list[TermHit]] | None = None) -> tuple[list[Finding], str]:
        """The reply's findings, and the reply masked (`terms`: its confirmed terms, when known)."""
        context = self._context(text, start, terms)
        reply = context.reply_utterance
        # Utterance rules look at the reply alone: they are not walked through the history
        # (Impersonation also answers the history's questions: it sees it all).
        setup = self._setup
        alone = context.alone()
        for rule in setup.alone_rules:
            rule.check(alone)
        for rule in setup.conversation_rules:
            rule.check(context)
        if self._bots < setup.opening:  # else every opening window closed before this reply
            for rule in self._due(reply, context):
                rule.check(context)
        return context.findings(), context.sink.personal.masked[0]

    def check_reply(self, text: str, start: float | None = None) -> Verdict:
        """The verdict on the bot's next reply in this conversation (`start`: its start in
        seconds, when known); nothing is added to the history."""
        return self._verdict(text, start)

    def _verdict(self, text: str, start: float | None, terms: dict[str, list[TermHit]] | None = None) -> Verdict:
        findings, masked = self._findings(text, start, terms)
        suggestion = Guard._suggestion(text, findings, lambda fixed: self._findings(fixed, start)[0])
        return Verdict(action_for(findings, self.guard.config.guard_actions), tuple(findings), text, masked,
                       suggestion, start)

    def stream_reply(self, start: float | None = None) -> ReplyStream:
        """A reply checked as it streams: `feed(chunk)` gives the findings that became certain,
        `close()` the verdict on the whole reply."""
        return ReplyStream(self, start)

    def as_script(self, reply: str | None = None) -> Script:
        """The history (and a reply) as the script `check` would read: one utterance per turn,
        each on its own line with a blank line between (a number at the end of one turn is not
        wrapped onto the next)."""
        utterances = [replace(u, extra={}) for u in self._utterances]
        if reply is not None:
            utterances.append(Utterance(reply, BOT, line=2 * len(utterances) + 1))
        return Script(REPLY_PATH, Kind.SCRIPT, utterances, has_speakers=True)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"version": SERIAL_VERSION, "channel": self.channel, "direction": self.direction}
        if self.industry is not None:
            data["industry"] = list(self.industry)
        data["turns"] = [turn.to_dict() for turn in self.turns]
        return data

    def to_json(self) -> str:
        """The conversation as JSON text (with a `version`), unmasked: it is the bot's own
        session state, and the rules need the words as said."""
        return json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, guard: Guard, data: str | bytes | Mapping[str, Any]) -> Conversation:
        """The conversation `to_json()` wrote (or its dict); ValueError naming what is wrong."""
        raw = json.loads(data) if isinstance(data, (str, bytes)) else data
        if not isinstance(raw, Mapping):
            raise ConversationFormatError("a conversation must be a JSON object")
        if raw.get("version") != SERIAL_VERSION:
            raise ConversationFormatError(f"conversation version must be {SERIAL_VERSION} (got {raw.get('version')!r})")
        turns = raw.get("turns", [])
        if not isinstance(turns, list):
            raise ConversationFormatError("turns must be a list")
        channel, direction, industry = raw.get("channel"), raw.get("direction"), raw.get("industry")
        for name, value in (("channel", channel), ("direction", direction)):
            if value is not None and not isinstance(value, str):
                raise ConversationFormatError(f"{name} must be a string")
        if industry is not None and not (isinstance(industry, list) and all(isinstance(i, str) for i in industry)):
            raise ConversationFormatError("industry must be a list of strings")
        try:
            convo = cls(guard, channel, direction, tuple(industry) if industry is not None else None)
        except ConfigError as error:
            raise ConversationFormatError(error.message) from None
        for number, turn in enumerate(turns, 1):
            if not isinstance(turn, Mapping) or not isinstance(turn.get("role"), str) \
                    or not isinstance(turn.get("text"), str):
                raise ConversationFormatError(f"turn {number} must be an object with a role and a text (strings)")
            start = turn.get("start")
            if start is not None and (isinstance(start, bool) or not isinstance(start, (int, float))):
                raise ConversationFormatError(f"turn {number}: start must be a number of seconds")
            try:
                convo.add(turn["role"], turn["text"], start)
            except ValueError as error:
                raise ConversationFormatError(f"turn {number}: {error}") from None
        return convo


@lru_cache(maxsize=1)
def _sentence_break_characters() -> frozenset[str]:
    """The characters whose normalized form ends a sentence (。, ！, ?, ；, ‼, ｡ ...), and the
    line breaks."""
    # The very breaks confirmation stops at (it reads a term's sentence, never beyond): the
    # stream's sentences and close()'s reuse of their terms rest on the two agreeing.
    chars = {"\r", "\n", *SENTENCE_BREAKS}
    for code in range(0x80, 0x10000):
        # Only a character with a decomposition can normalize to another one (a few ms in all).
        if unicodedata.decomposition(chr(code)):
            folded = unicodedata.normalize("NFKC", chr(code)).lower()
            if any(b in folded for b in SENTENCE_BREAKS):
                chars.add(chr(code))
    return frozenset(chars)


@lru_cache(maxsize=1)
def _last_sentence_break() -> re.Pattern[str]:
    """Matches a text up to the end of its last sentence break (`_sentence_break_characters`)."""
    return re.compile(".*[" + "".join(re.escape(c) for c in sorted(_sentence_break_characters())) + "]", re.DOTALL)


def _terms_stay_in_sentences(lexicon: Lexicon) -> bool:
    """Whether a reply's confirmed terms are exactly those of its sentences, each normalized,
    scanned and confirmed on its own (`ReplyStream.close` then reuses the sentences' work).

    Confirmation reads a term's sentence and never beyond it (lexicon/confirm.py), as long as
    no entry's regexes may look back past the sentence's start; normalization works character
    by character but for the OpenCC phrases; and a match lies within a sentence unless a term,
    an allow phrase or an OpenCC phrase holds a sentence break. Any of these makes it False
    (a team's own pack with a regex whose look-behind is not known, say)."""
    breaks = _sentence_break_characters()

    def holds_break(words: Sequence[str]) -> bool:
        return any(not breaks.isdisjoint(word) for word in words)

    if holds_break(lexicon.global_allow) or holds_break(list(t2s.conversion_tables().phrases)):
        return False
    for entry in lexicon.entries:
        if not isinstance(entry, TermEntry):
            continue  # the cues are scanned again in the whole reply: nothing of theirs is reused
        if holds_break(entry.terms) or holds_break(entry.allow) or entry.reach_before() != 0:
            return False
    return True


# Matches a text up to the end of its last character that ends every personal number in
# progress: not a digit or letter a number is made of, nor a space, separator or bracket that
# may stand inside one (privacy.py).
_LAST_NUMBER_END = re.compile(r".*[^\d\sA-Za-z\uff21-\uff3a\uff41-\uff5a"
                              + re.escape("".join(sorted(_NUMBER_SEPARATORS))) + "]", re.DOTALL)


# What a one-character chunk does to a stream (bits): it ends a sentence, it ends every number
# in progress, it may be part of a number (a digit or letter); kept per character seen (a few
# thousand at most).
_ENDS_SENTENCE = 1
_ENDS_NUMBERS = 2
_HOLDS_NUMBER = 4
_CHARACTER_KINDS: dict[str, int] = {}
# A character that ends a sentence or may start a number has work to do; any other is recorded.
_SETTLES = _ENDS_SENTENCE | _HOLDS_NUMBER


def _character_kind(character: str) -> int:
    return ((_ENDS_SENTENCE if _last_sentence_break().match(character) else 0)
            | (_ENDS_NUMBERS if _LAST_NUMBER_END.match(character) else 0)
            | (_HOLDS_NUMBER if _NUMBER_CHARACTER.match(character) else 0))


class ReplyStream:
    """A reply checked as it streams from a model, chunk by chunk.

    `feed(chunk)` returns the findings that became certain with this chunk, each once, never
    taken back:

    - a lexicon term once its sentence is complete (a sentence break arrives): negation after
      the term, `unless` conditions, word boundaries and allow phrases look at the sentence, and
      never beyond it; so a term split across chunks (保 / 本) or by separators (保 * 本) is found
      whole, and a half-streamed one is never flagged (with a lexicon whose terms might read
      beyond their sentence, `Guard.terms_stay_in_sentences` False, terms wait for `close()`);
    - a personal number once a character arrives that no number can go on through (a Han
      character, say): a number split across chunks is found whole.

    A feed costs two regular-expression matches over its chunk (a one-character token, a dict
    lookup: most are only recorded); a completed sentence, or a settled stretch with digits or
    letters in it (with the 12 characters before it, which tell a card number from an order
    number), is checked once. The reply so far is never re-read by a feed. What needs the whole
    reply waits for `close()`, which takes the terms each sentence was confirmed with (confirming
    only the unfinished last one) when the lexicon keeps every term within its sentence
    (`_terms_stay_in_sentences`), and checks the rest on the whole reply: the dialogue rules
    (did the reply close the call, transfer), stalling (cleared by a concrete step anywhere in
    the reply), policy facts, the opening rules, and any term on the same words as one of those.
    `close()` returns the verdict on the whole reply, exactly that of `check_reply`, whose
    findings include every one fed out (same code and position; a finding fed out was worked out
    from its sentence, so its `suggestion` follows that sentence's Simplified or Traditional
    script, and the verdict's that of the whole reply)."""

    def __init__(self, conversation: Conversation, start: float | None = None) -> None:
        self.conversation = conversation
        self.start = start
        setup = conversation._setup
        self._setup = setup
        self._last_break = _last_sentence_break().match
        self._parts: list[str] = []
        self._starts: list[int] = []  # where each part starts in the reply, filled in when needed
        # The reply's length at the last chunk the fast path did not take, and how many parts
        # there were then (every part since is one character).
        self._length = 0
        self._counted = 0
        self._sentence_at = 0  # where the sentence in progress starts
        self._numbers_at = 0  # where the stretch numbers may still run through starts
        self._number_pending = False  # that stretch holds a digit or letter
        self._sent: set[tuple[str, int, int]] = set()
        self._closed = False
        # No number in progress (no digit or letter since the last character that ends one) and
        # the stream is open: the fast path may take a chunk (it keeps no count).
        self._quiet = True
        self._personal = next((r for r in setup.plan.rules if isinstance(r, PersonalData)), None)
        self._question_pending = self._pending_question()
        # The confirmed terms of each completed sentence (its start, its terms at offsets in it),
        # for close(); `_terms_until` is where the sentences so recorded end.
        self._sentence_terms: list[tuple[int, dict[str, list[TermHit]]]] = []
        self._terms_until = 0

    def _pending_question(self) -> bool:
        """A customer asked whether it talks to a person since the last bot turn: the answer at
        the reply's start (是的) may be a finding that merges with a term there."""
        if not any(isinstance(r, Impersonation) for r in self._setup.plan.rules):
            return False
        convo = self.conversation
        questions = {q for q, _ in ANSWER_SETS}
        for index in range(len(convo._utterances) - 1, -1, -1):
            if convo._utterances[index].is_bot:
                return False
            if convo._scans[index].present & questions:
                return True
        return False

    def feed(self, chunk: str) -> list[Finding]:
        """The findings that became certain with `chunk`."""
        # Most tokens are one character (a Han one, a comma) that ends no sentence, starts no
        # number and comes while no number is in progress: nothing can become certain, so it is
        # only recorded.
        if self._quiet and type(chunk) is str and _CHARACTER_KINDS.get(chunk, _ENDS_SENTENCE) & _SETTLES == 0:
            self._parts.append(chunk)
            return []
        return self._feed(chunk)

    def _feed(self, chunk: str) -> list[Finding]:
        if self._closed:
            raise RuntimeError("the stream is closed")
        if type(chunk) is not str:
            raise TypeError(f"chunk must be a string, not {type(chunk).__name__}")
        if not chunk:
            return []
        parts = self._parts
        offset = self._length + len(parts) - self._counted  # the fast path's parts are one character each
        parts.append(chunk)
        self._counted = len(parts)
        self._length = offset + len(chunk)
        if self._quiet:
            # The fast path kept no count. What it took since the last number ended holds no
            # digit or letter, so no number starts there: the stretch may start at this chunk
            # (a number's label, read in the 12 characters before it, is still read).
            self._numbers_at = offset
        found = self._settle(chunk, offset)
        self._quiet = not self._number_pending
        return found

    def _settle(self, chunk: str, offset: int) -> list[Finding]:
        """The findings of the sentence and the number stretch that `chunk` (at `offset`) ends."""
        if len(chunk) == 1:  # a token of one character: its kind is looked up, not matched
            kind = _CHARACTER_KINDS.get(chunk)
            if kind is None:
                kind = _CHARACTER_KINDS[chunk] = _character_kind(chunk)
            if not kind & _SETTLES and not self._number_pending:
                if kind & _ENDS_NUMBERS:
                    self._numbers_at = offset + 1
                return []
            sentence_end = offset + 1 if kind & _ENDS_SENTENCE else None
            number_end = 1 if kind & _ENDS_NUMBERS else None
        else:
            completed = self._last_break(chunk)
            sentence_end = offset + completed.end() if completed is not None else None
            settled = _LAST_NUMBER_END.match(chunk)
            number_end = settled.end() if settled is not None else None
        found: list[Finding] = []
        if sentence_end is not None:
            found += self._sentence_findings(self._since(self._sentence_at, sentence_end), self._sentence_at)
            self._sentence_at = sentence_end
        if number_end is None:
            self._number_pending = self._number_pending or _NUMBER_CHARACTER.search(chunk) is not None
            return found
        if self._number_pending or _NUMBER_CHARACTER.search(chunk, 0, number_end) is not None:
            found += self._number_findings(self._numbers_at, offset + number_end)
        self._numbers_at = offset + number_end
        self._number_pending = number_end < len(chunk) and _NUMBER_CHARACTER.search(chunk, number_end) is not None
        return found

    def _since(self, start: int, end: int) -> str:
        """reply[start:end] of the reply so far (`end` lies in the last part): the parts from the
        one holding `start` are joined, nothing before them is read. The starts of the parts
        fed since the last call are filled in first (at C speed: one `accumulate` over their
        lengths; a feed does not keep them)."""
        parts, starts = self._parts, self._starts
        indexed = len(starts)
        if indexed < len(parts):
            at = starts[-1] + len(parts[indexed - 1]) if indexed else 0
            starts.extend(accumulate(map(len, parts[indexed:-1]), initial=at))
        first = bisect.bisect_right(starts, start) - 1
        base = starts[first]
        return "".join(parts[first:])[start - base:end - base]

    def _emit(self, findings: Sequence[Finding]) -> list[Finding]:
        out: list[Finding] = []
        for finding in apply_overrides(findings, self._setup.settings.severity):
            key = (finding.code, finding.column, finding.end_column)
            if key not in self._sent:
                self._sent.add(key)
                out.append(finding)
        return out

    def _sentence_findings(self, sentence: str, at: int) -> list[Finding]:
        """The term findings of one completed sentence starting at offset `at` of the reply."""
        setup = self._setup
        if not setup.local_rules or setup.other_claims or not self.conversation.guard.terms_stay_in_sentences:
            # A term's confirmation might read beyond this sentence (a policy pattern, a team's
            # regex that may look back): its findings wait for the whole reply.
            return []
        if self._question_pending and at <= AFFIRM_WINDOW:
            return []  # the start of the reply may answer 你是真人吗: wait for the whole reply
        utterance = Utterance(sentence, BOT, column=1 + at)
        scanned, terms = self._sentence_terms_of(utterance)
        if at == self._terms_until:
            self._sentence_terms.append((at, terms))
            self._terms_until = at + len(sentence)
        if not terms:
            return []  # no term confirmed (most sentences hold no candidate at all)
        context = _ReplyContext(setup, self.conversation.guard.lexicon, [utterance], [], {}, dialogue=False,
                                scanned=scanned, term_hits=terms)
        for rule in setup.local_rules:
            rule.check(context)
        waiting = [hit for category in setup.waiting_categories for hit in terms.get(category, ())]
        return self._emit([f for f in context.sink.findings
                           if not any(hit.start < f.offset_end and f.offset < hit.end for hit in waiting)])

    def _sentence_terms_of(self, utterance: Utterance) -> tuple[_TurnScan, dict[str, list[TermHit]]]:
        """A stretch of the reply scanned for terms (not cues) alone, and its confirmed terms."""
        setup = self._setup
        lexicon = self.conversation.guard.lexicon
        scanned = _turn_scan(lexicon, utterance, setup.scenario, setup.plan, setup.plan.term_categories, cues=False)
        return scanned, _confirmed_terms(lexicon, scanned) if scanned.scan.hits else {}

    def _reply_terms(self, reply: str) -> dict[str, list[TermHit]] | None:
        """The whole reply's confirmed terms, from its sentences' (each confirmed as it was
        completed) and its unfinished last one's; None when a sentence was not confirmed on its
        own, or the lexicon does not keep terms within sentences (`_terms_stay_in_sentences`)."""
        if not self.conversation.guard.terms_stay_in_sentences or self._terms_until != self._sentence_at:
            return None
        pieces = list(self._sentence_terms)
        if self._terms_until < len(reply):
            pieces.append((self._terms_until, self._sentence_terms_of(Utterance(reply[self._terms_until:], BOT))[1]))
        terms: dict[str, list[TermHit]] = {}
        for at, found in pieces:
            for category, hits in found.items():
                terms.setdefault(category, []).extend(TermHit(hit.entry, hit.start + at, hit.end + at) for hit in hits)
        return terms

    def _number_findings(self, start: int, end: int) -> list[Finding]:
        """The personal numbers in reply[start:end], a stretch no number runs out of."""
        if self._personal is None:
            return []
        before = self._since(max(0, start - _NUMBER_CONTEXT), start)
        utterance = Utterance(before + self._since(start, end), BOT, column=1 + start - len(before))
        context = _ReplyContext(self._setup, self.conversation.guard.lexicon, [utterance], [], {}, dialogue=False,
                                personal_from=len(before))
        self._personal.check(context)
        return self._emit(context.sink.findings)

    def close(self) -> Verdict:
        """The verdict on the whole reply (that of `check_reply`); its terms are those its
        sentences were confirmed with as they completed, not confirmed again."""
        self._closed = True
        self._quiet = False
        reply = "".join(self._parts)
        return self.conversation._verdict(reply, self.start, self._reply_terms(reply))

    @property
    def text(self) -> str:
        """The reply so far."""
        return "".join(self._parts)


__all__ = ["ACTION_ORDER", "SERIAL_VERSION", "Conversation", "ConversationFormatError", "Guard", "ReplyStream", "Turn", "Verdict", "action_for"]
