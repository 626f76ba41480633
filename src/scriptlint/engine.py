"""The engine: runs the planned rules over one Script. Normalize once, scan once, confirm only what
the planned rules can ask about, and hand every rule the same context."""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .context import (
    Cues,
    FindingSink,
    JoinedText,
    NormalizedText,
    ScriptContext,
    Timeline,
)
from .lexicon import PhraseEntry, TermEntry
from .model import Finding, Kind, Script
from .normalize import normalize
from .rules.base import Rule, TermHit
from .rules.registry import Plan, Registry
from .scenario import Scenario

if TYPE_CHECKING:
    from .config import Config
    from .lexicon import Hit, Lexicon


def build_context(script: Script, scenario: Scenario, settings: Config, lexicon: Lexicon, plan: Plan) -> ScriptContext:
    utterances = script.utterances
    joined = JoinedText.of(utterances)
    count = len(utterances)
    raw: list[list[Hit]] = [[] for _ in range(count)]
    present: list[set[str]] = [set() for _ in range(count)]
    term_hits: list[dict[str, list[TermHit]]] = [{} for _ in range(count)]
    normalized: NormalizedText | None = None
    scan = None
    if plan.cue_sets or plan.term_categories or plan.reads_normalized:
        normalized = NormalizedText(normalize(joined.text), joined, lexicon)
    if normalized is not None and (plan.cue_sets or plan.term_categories):
        scan = lexicon.candidates(normalized.norm, scenario.industries, plan.cue_sets, plan.term_categories)
        wanted: list[Hit] = []
        for hit in scan.hits:
            index = normalized.utterance_at(hit.start)
            entry = hit.entry
            if isinstance(entry, PhraseEntry):
                raw[index].append(hit)  # phrase cues: confirmed when a rule asks
                present[index].add(entry.phrase_set)
            elif utterances[index].is_bot:
                wanted.append(hit)  # lexicon findings are about what the bot says
        for hit in lexicon.confirm(scan, wanted):
            assert isinstance(hit.entry, TermEntry)  # only term hits were asked about
            index = normalized.utterance_at(hit.start)
            start, end = normalized.to_original(index, hit.start, hit.end)
            term_hits[index].setdefault(hit.entry.category, []).append(TermHit(hit.entry, start, end))
    return ScriptContext(
        script=script,
        scenario=scenario,
        settings=settings,
        joined=joined,
        lexicon=lexicon,
        cue_store=Cues(lexicon, scan, normalized, raw, present, utterances, scenario.industries,
                       plan.deferred_cue_sets),
        term_hits=term_hits,
        timeline=Timeline(utterances, settings.speech_rate),
        sink=FindingSink(script.path, utterances, settings.lang, settings.show_pii),
        dialogue=scenario.kind is not Kind.REPLIES and script.has_speakers,
        _normalized=normalized,
    )


def check_script(script: Script, settings: Config, lexicon: Lexicon, enabled: Sequence[Rule],
                 requested_kind: Kind | None = None) -> list[Finding]:
    """Findings of the `enabled` rules on one script; `requested_kind` (an API call's explicit
    kind) wins over every other source of the kind."""
    scenario = Scenario.resolve(settings, script.declaration, script.format_kind, requested_kind, path=script.path)
    if not script.utterances:
        return []
    has_bot = any(u.is_bot for u in script.utterances)
    plan = Registry.plan(enabled, scenario, has_bot, script.has_speakers)
    if not plan.rules:
        return []
    context = build_context(script, scenario, settings, lexicon, plan)
    for rule in plan.rules:
        rule.check(context)
    return context.findings


__all__ = ["build_context", "check_script"]
