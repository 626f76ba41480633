"""Runs the rules over one Script: normalize once, scan once, hand every rule the same context."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Iterable, Optional

from .config import Config
from .lexicon import Hit, Lexicon, Scan
from .model import BOT, CUSTOMER, Finding, Kind, Script, Severity, Utterance
from .normalize import Normalized, normalize
from .privacy import mask
from .rules.catalogue import Rule
from .scenario import Scenario

SPOKEN_RE = re.compile(r"[^\W_]")


@dataclass(slots=True)
class LocalHit:
    """A lexicon hit inside one utterance, in original and normalized coordinates."""

    hit: Hit
    start: int  # original offset inside the utterance
    end: int

    @property
    def entry(self):  # noqa: ANN201 - Entry, kept light for the hot path
        return self.hit.entry


@dataclass
class ScriptContext:
    script: Script
    scenario: Scenario
    config: Config
    lexicon: Lexicon
    norm: Normalized
    starts: list[int]  # offset of each utterance in the joined original text
    norm_starts: list[int]  # offset of each utterance in the normalized text
    hits: list[list[LocalHit]]  # confirmed lexicon findings per utterance
    scan: Optional[Scan] = None
    pending: list[list[Hit]] = field(default_factory=list)  # unconfirmed phrase cues per utterance
    cues: dict[tuple[int, str], list[LocalHit]] = field(default_factory=dict)  # confirmed, by (utterance, set)
    cue_sets: frozenset[str] = frozenset()  # sets with at least one raw cue anywhere in the script
    pending_sets: list[set[str]] = field(default_factory=list)  # the same, per utterance
    findings: list[Finding] = field(default_factory=list)

    @property
    def utterances(self) -> list[Utterance]:
        return self.script.utterances

    @property
    def lang(self) -> str:
        return self.config.lang

    def phrase_hits(self, index: int, phrase_set: str) -> list[LocalHit]:
        """Confirmed cues of one set in one utterance; confirmed on first request only."""
        if not self.pending or phrase_set not in self.pending_sets[index]:
            return []
        key = (index, phrase_set)
        cues = self.cues.get(key)
        if cues is None:
            cues = []
            wanted = [h for h in self.pending[index] if h.entry.set == phrase_set] if self.pending else []
            if wanted and self.scan is not None:
                base = self.starts[index]
                for hit in self.lexicon.confirm(self.scan, wanted):
                    start, end = self.norm.span(hit.start, hit.end)
                    cues.append(LocalHit(hit, start - base, end - base))
            self.cues[key] = cues
        return cues

    def has(self, index: int, phrase_set: str) -> bool:
        return bool(self.phrase_hits(index, phrase_set))

    def normalized_of(self, index: int) -> tuple[int, int]:
        """[start, end) of utterance `index` inside the normalized text."""
        end = self.norm_starts[index + 1] - 1 if index + 1 < len(self.norm_starts) else len(self.norm.text)
        return self.norm_starts[index], end

    def original_span(self, index: int, norm_start: int, norm_end: int) -> tuple[int, int]:
        start, end = self.norm.span(norm_start, norm_end)
        return start - self.starts[index], end - self.starts[index]

    def spoken_before(self, index: int, offset: int = 0) -> float:
        """Seconds from call start to character `offset` of utterance `index`."""
        rate = self.config.speech_rate
        utterance = self.utterances[index]
        within = len(SPOKEN_RE.findall(utterance.text, 0, offset)) / rate
        if utterance.start is not None:
            return utterance.start + within
        # Before the first utterance with a known start, count from the call start; after
        # one, count on from it.
        total = 0.0
        for previous in range(index - 1, -1, -1):
            earlier = self.utterances[previous]
            total += len(SPOKEN_RE.findall(earlier.text)) / rate
            if earlier.start is not None:
                return earlier.start + total + within
        return total + within

    def report(
        self,
        rule: Rule,
        index: int,
        start: int = 0,
        end: Optional[int] = None,
        message: Optional[str] = None,
        severity: Optional[Severity] = None,
        entry: Optional[str] = None,
        suggestion: Optional[str] = None,
        citation: Optional[str] = None,
    ) -> None:
        utterance = self.utterances[index]
        if end is None:
            end = len(utterance.text)
        line, column = utterance.locate(start)
        end_line, end_column = utterance.locate(end)
        original = utterance.text[start:end]
        self.findings.append(Finding(
            path=self.script.path,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            code=rule.code,
            category=rule.category,
            severity=severity or rule.severity,
            message=message if message is not None else rule.text(self.lang),
            text=original if self.config.show_pii else mask(original),
            entry=entry,
            suggestion=suggestion,
            citation=citation,
            utterance=utterance.text,
            offset=start,
            offset_end=end,
        ))


OPENING_SETS = {"ai-disclosure"}
DIALOGUE_SETS = frozenset({"refusal", "close", "transfer", "human-request", "not-solved", "complaint",
                           "identity-question", "bot-question", "affirm", "deny", "reask", "faq-deflect",
                           "ai-disclosure"})


def needed_sets(script: Script, scenario: Scenario) -> frozenset[str]:
    """The phrase cues the rules can ask about for this script; others are not even collected."""
    if scenario.kind is Kind.REPLIES:
        return frozenset()
    sets = set(OPENING_SETS)
    if scenario.direction == "outbound":
        sets.update(("purpose", "opt-out"))
    else:
        sets.add("handoff-offer")
    if scenario.channel == "phone":
        sets.add("recording-notice")
    if script.has_speakers:
        sets.update(DIALOGUE_SETS)
    return frozenset(sets)


def build_context(script: Script, config: Config, lexicon: Lexicon, scenario: Scenario) -> ScriptContext:
    # Newlines inside an utterance (YAML block scalars) become sentence breaks, so that "\n"
    # marks utterance boundaries only; the length stays, so offsets do too.
    texts = [u.text.replace("\r", "。").replace("\n", "。") for u in script.utterances]
    joined = "\n".join(texts)
    starts: list[int] = []
    offset = 0
    for text in texts:
        starts.append(offset)
        offset += len(text) + 1
    norm = normalize(joined)
    hits: list[list[LocalHit]] = [[] for _ in texts]
    # Utterance boundaries in normalized text: the "\n" joiners survive normalization.
    norm_starts = [0]
    position = norm.text.find("\n")
    while position != -1 and len(norm_starts) < len(texts):
        norm_starts.append(position + 1)
        position = norm.text.find("\n", position + 1)
    scan = lexicon.candidates(norm, scenario.industries, needed_sets(script, scenario))
    utterances = script.utterances
    findings: list[Hit] = []
    pending: list[list[Hit]] = [[] for _ in texts]
    cue_sets: set[str] = set()
    pending_sets: list[set[str]] = [set() for _ in texts]
    for hit in scan.hits:
        index = bisect.bisect_right(norm_starts, hit.start) - 1
        if hit.entry.category is None:
            pending[index].append(hit)  # phrase cues: confirmed when a rule asks
            pending_sets[index].add(hit.entry.set)
            cue_sets.add(hit.entry.set)
        elif utterances[index].role == BOT:
            findings.append(hit)  # lexicon findings are about what the bot says
    for hit in lexicon.confirm(scan, findings):
        index = bisect.bisect_right(norm_starts, hit.start) - 1
        start, end = norm.span(hit.start, hit.end)
        hits[index].append(LocalHit(hit, start - starts[index], end - starts[index]))
    return ScriptContext(script, scenario, config, lexicon, norm, starts, norm_starts, hits, scan, pending,
                         cue_sets=frozenset(cue_sets), pending_sets=pending_sets)


def check_script(script: Script, config: Config, lexicon: Lexicon, requested_kind: Kind | None = None) -> list[Finding]:
    from .rules import run_rules

    scenario = Scenario.resolve(config, script.declaration, script.format_kind, requested_kind, path=script.path)
    context = build_context(script, config, lexicon, scenario)
    run_rules(context)
    return context.findings


def selected(finding: Finding, select: Iterable[str], ignore: Iterable[str]) -> bool:
    def matches(selector: str) -> bool:
        return selector == "ALL" or finding.category == selector or finding.code.startswith(selector)

    select = tuple(select)
    if select and not any(matches(s) for s in select):
        return False
    return not any(matches(s) for s in ignore)


__all__ = ["check_script", "Scenario", "ScriptContext", "LocalHit", "selected", "BOT", "CUSTOMER"]
