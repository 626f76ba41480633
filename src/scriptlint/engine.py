"""The engine: runs the planned rules over one Script. Normalize once, scan once, confirm only what
the planned rules can ask about, and hand every rule the same context."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from .context import (
    Cues,
    FindingSink,
    JoinedText,
    NormalizedText,
    ScriptContext,
    TimeCarry,
    Timeline,
)
from .lexicon import PhraseEntry, Scan, TermEntry
from .model import Finding, InputError, Kind, Script, Utterance
from .normalize import normalize
from .rules.base import Rule, TermHit
from .rules.registry import Plan, Registry
from .scenario import Scenario
from .user_regex import RegexTimeout

if TYPE_CHECKING:
    from .config import Config
    from .lexicon import Hit, Lexicon


# Lines per pack: the lines where terms of an industry pack not selected for the script would
# have been findings (FileResult.hints).
PackLines = dict[str, set[int]]


def build_context(script: Script, scenario: Scenario, settings: Config, lexicon: Lexicon, plan: Plan,
                  hints: PackLines | None = None, carried: dict[str, Any] | None = None,
                  before: TimeCarry | None = None) -> ScriptContext:
    """The context the planned rules share. With a `hints` sink, the lines holding confirmed
    terms of unselected industry packs are added to it (nothing is reported for them). A window
    of a long script gets the rules' `carried` state and what the windows `before` it said."""
    utterances = script.utterances
    joined = JoinedText.of(utterances)
    # Per utterance, only for those with a hit (most have none): raw phrase cues, the phrase
    # sets they belong to, and the confirmed terms by category.
    raw: dict[int, list[Hit]] = {}
    present: dict[int, set[str]] = {}
    term_hits: dict[int, dict[str, list[TermHit]]] = {}
    normalized: NormalizedText | None = None
    scan = None
    if plan.cue_sets or plan.term_categories or plan.reads_normalized:
        normalized = NormalizedText(normalize(joined.text), joined, lexicon)
    if normalized is not None and (plan.cue_sets or plan.term_categories):
        # Unselected packs' hits only when a rule reports terms (not with --select SL402).
        scan = lexicon.candidates(normalized.norm, scenario.industries, plan.cue_sets, plan.term_categories,
                                  unselected=hints is not None and bool(plan.term_categories))
        wanted: list[Hit] = []
        for hit in scan.hits:
            index = normalized.utterance_at(hit.start)
            entry = hit.entry
            if isinstance(entry, PhraseEntry):
                raw.setdefault(index, []).append(hit)  # phrase cues: confirmed when a rule asks
                present.setdefault(index, set()).add(entry.phrase_set)
            elif utterances[index].is_bot:
                wanted.append(hit)  # lexicon findings are about what the bot says
        for hit in lexicon.confirm(scan, wanted):
            assert isinstance(hit.entry, TermEntry)  # only term hits were asked about
            index = normalized.utterance_at(hit.start)
            start, end = normalized.to_original(index, hit.start, hit.end)
            term_hits.setdefault(index, {}).setdefault(hit.entry.category, []).append(TermHit(hit.entry, start, end))
        if hints is not None and scan.unselected:
            _add_unselected_pack_lines(lexicon, scan, normalized, utterances, hints)
    return ScriptContext(
        script=script,
        scenario=scenario,
        settings=settings,
        joined=joined,
        lexicon=lexicon,
        cue_store=Cues(lexicon, scan, normalized, raw, present, utterances, scenario.industries,
                       plan.deferred_cue_sets),
        term_hits=term_hits,
        timeline=Timeline(utterances, settings.speech_rate, before or TimeCarry()),
        sink=FindingSink(script.path, utterances, settings.lang, settings.show_pii),
        dialogue=plan.dialogue,
        _normalized=normalized,
        more=script.more,
        carried_state=carried if carried is not None else {},
    )


def _add_unselected_pack_lines(lexicon: Lexicon, scan: Scan, normalized: NormalizedText,
                               utterances: Sequence[Utterance], hints: PackLines) -> None:
    """Add the lines of bot utterances where a pack not in force would have reported a term.

    Each pack is confirmed as if it alone were added to the script's packs, in scans of its
    own: the findings were confirmed before, with the packs in force, and nothing here changes
    them."""
    by_pack: dict[str, list[tuple[int, Hit]]] = {}
    for before, hit in scan.unselected:
        if utterances[normalized.utterance_at(hit.start)].is_bot:
            by_pack.setdefault(hit.entry.pack, []).append((before, hit))
    active = scan.active or frozenset()
    for pack, found in by_pack.items():
        as_selected = active | {pack}
        own = [hit for _, hit in found]
        confirmed = lexicon.confirm(Scan(scan.norm, own, scan.allows, as_selected), own)
        if not confirmed:
            continue
        # With the pack in force, a confirmed term hit of the same category whose span holds
        # one of these drops it (of two on the same words, the one found first stands: general's
        # 本金无忧 when finance is on). A confirmed span stays in its hit's utterance, so only the
        # hits in force in these utterances can: they are confirmed again together with the
        # pack's, in the order the automaton found them all, with the pack in force.
        where = {normalized.utterance_at(hit.start) for hit in confirmed}
        categories = {_category(hit) for hit in confirmed}
        rivals = [(place, 1, hit) for place, hit in enumerate(scan.hits)
                  if _category(hit) in categories and normalized.utterance_at(hit.start) in where]
        if rivals:
            ordered = sorted([(before, 0, hit) for before, hit in found
                              if normalized.utterance_at(hit.start) in where] + rivals,
                             key=lambda item: item[:2])  # a pack's hit goes before the one at its place
            merged = [hit for _, _, hit in ordered]
            confirmed = lexicon.confirm(Scan(scan.norm, merged, scan.allows, as_selected), merged)
        for hit in confirmed:
            if hit.entry.pack == pack:
                index = normalized.utterance_at(hit.start)
                start, _ = normalized.to_original(index, hit.start, hit.end)
                hints.setdefault(pack, set()).add(utterances[index].locate(start)[0])


def _category(hit: Hit) -> str | None:
    """A finding's category; None for a phrase cue."""
    return hit.entry.category if isinstance(hit.entry, TermEntry) else None


class ScriptRun:
    """The check of one script, which may come in windows (`Script.window`, `Script.more`).

    The scenario and the plan are decided on the first window; the rules' carried state and
    the timeline's carry live here from one window to the next. A script that comes whole is
    checked exactly as one window. When a planned rule cannot be checked window by window (a
    team's own code rule that looks at the whole script), the windows are gathered and the
    script is checked whole at its end."""

    def __init__(self, first: Script, settings: Config, lexicon: Lexicon, enabled: Sequence[Rule],
                 requested_kind: Kind | None = None) -> None:
        self.settings = settings
        self.lexicon = lexicon
        self.enabled = enabled
        self.requested_kind = requested_kind
        self.scenario = Scenario.resolve(settings, first.declaration, first.format_kind, requested_kind, path=first.path)
        self.windowed = first.more
        # Whether a windowed script has a bot line is known only at its end: its whole-script
        # rules run, and find nothing to say when it has none.
        has_bot = True if self.windowed else any(u.is_bot for u in first.utterances)
        self.plan = Registry.plan(enabled, self.scenario, has_bot, first.has_speakers)
        self.carried: dict[str, Any] = {}
        self.before = TimeCarry()
        self.gathered: list[Utterance] | None = [] if self.windowed and not self.plan.windowed else None

    def check(self, window: Script, hints: PackLines | None = None) -> list[Finding]:
        """Findings of the `enabled` rules on this window (and, on the last, the findings about
        the whole script). With a `hints` sink, the lines where an unselected industry pack would
        have matched are added to it, per pack."""
        if self.gathered is not None:
            self.gathered.extend(window.utterances)
            if window.more:
                return []
            whole = replace(window, utterances=self.gathered, window=0, more=False)
            self.gathered = None
            return check_script(whole, self.settings, self.lexicon, self.enabled, self.requested_kind, hints)
        if not self.plan.rules or (not self.windowed and not window.utterances):
            return []
        try:
            context = build_context(window, self.scenario, self.settings, self.lexicon, self.plan, hints,
                                    self.carried, self.before)
            for rule in self.plan.rules:
                rule.check(context)
        except RegexTimeout as timeout:
            # A user's regex that backtracks without end: this file's report would be incomplete,
            # so it is an input error of this file (exit 2); the other files are still checked.
            raise InputError(window.path, str(timeout)) from None
        if window.more and self.plan.reads_time:
            self.before = self.before.after(window.utterances)
        return context.findings


def check_script(script: Script, settings: Config, lexicon: Lexicon, enabled: Sequence[Rule],
                 requested_kind: Kind | None = None, hints: PackLines | None = None) -> list[Finding]:
    """Findings of the `enabled` rules on one whole script; `requested_kind` (an API call's
    explicit kind) wins over every other source of the kind. With a `hints` sink, the lines
    where an unselected industry pack would have matched are added to it, per pack."""
    return ScriptRun(script, settings, lexicon, enabled, requested_kind).check(script, hints)


__all__ = ["PackLines", "ScriptRun", "build_context", "check_script"]
