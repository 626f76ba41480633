"""Everything derived from the rule declarations: lookup by code, selection, and what a set of
rules needs the engine to compute for a script."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model import Kind
from .base import Rule, Scope
from .catalogue import RULES

if TYPE_CHECKING:
    from ..scenario import Scenario


def matches(rule: Rule, selector: str) -> bool:
    """A selector is ALL, a category, a code or a code prefix (SL3)."""
    return selector == "ALL" or selector == rule.category or rule.code.startswith(selector)


@dataclass(frozen=True)
class Plan:
    """What the engine computes for one script: the rules that run, and the phrase sets and lexicon
    categories they need (nothing else is matched or confirmed)."""

    rules: tuple[Rule, ...]
    cue_sets: frozenset[str]
    deferred_cue_sets: frozenset[str]
    term_categories: frozenset[str]
    reads_normalized: bool
    dialogue: bool  # the script is read whole and its lines carry speakers
    reads_time: bool = False  # a rule asks when words are spoken
    windowed: bool = True  # every rule gives the same findings when a long script comes in windows


# Plans already worked out (`Registry.plan`): a run uses a few selections and scenarios.
_PLANS_KEPT = 256
_PLANS: dict[tuple[int, Scenario, bool, bool], tuple[Sequence[Rule], Plan]] = {}


class Registry:
    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = tuple(rules)
        self.by_code = {rule.code: rule for rule in self.rules}
        self.category_of = {rule.code: rule.category for rule in self.rules}
        if len(self.by_code) != len(self.rules):
            raise ValueError("two rules share a code")
        self._selections: dict[tuple[tuple[str, ...], tuple[str, ...]], tuple[Rule, ...]] = {}

    def select(self, select: Iterable[str] = (), ignore: Iterable[str] = ()) -> tuple[Rule, ...]:
        """The enabled rules: any of `select` (all when empty), none of `ignore`."""
        key = (tuple(select), tuple(ignore))
        chosen = self._selections.get(key)
        if chosen is None:
            chosen = tuple(r for r in self.rules
                           if (not key[0] or any(matches(r, s) for s in key[0]))
                           and not any(matches(r, s) for s in key[1]))
            self._selections[key] = chosen
        return chosen

    @staticmethod
    def plan(enabled: Sequence[Rule], scenario: Scenario, has_bot: bool, has_speakers: bool) -> Plan:
        """The enabled rules that have something to say about a script, and what they need."""
        # Every script of a run (every reply of an API caller) asks with the same selection,
        # which `select` keeps as one tuple, and one of a few scenarios: the plan, about a tenth
        # of a short reply's check, is worked out once for each. Keyed by the selection's
        # identity (hashing the rules would hash every declaration), which the entry keeps alive.
        key = (id(enabled), scenario, has_bot, has_speakers)
        cached = _PLANS.get(key)
        if cached is not None and cached[0] is enabled:
            return cached[1]
        plan = Registry._plan(enabled, scenario, has_bot, has_speakers)
        if len(_PLANS) >= _PLANS_KEPT:
            _PLANS.clear()
        _PLANS[key] = (enabled, plan)
        return plan

    @staticmethod
    def _plan(enabled: Sequence[Rule], scenario: Scenario, has_bot: bool, has_speakers: bool) -> Plan:
        whole = scenario.kind is not Kind.REPLIES
        dialogue = whole and has_speakers
        running = tuple(
            rule for rule in enabled
            if rule.applies(scenario)
            and (rule.scope is Scope.UTTERANCE
                 or (rule.scope is Scope.SCRIPT and whole and has_bot)
                 or (rule.scope is Scope.DIALOGUE and dialogue))
        )
        return Plan(
            rules=running,
            cue_sets=frozenset(s for rule in running for s in rule.cue_sets(scenario, dialogue)),
            deferred_cue_sets=frozenset(s for rule in running for s in rule.deferred_cue_sets()),
            term_categories=frozenset(c for rule in running for c in rule.term_categories()),
            reads_normalized=any(rule.reads_normalized for rule in running),
            dialogue=dialogue,
            reads_time=any(rule.reads_time() for rule in running),
            windowed=all(rule.windowed for rule in running),
        )

    def all_cue_sets(self) -> frozenset[str]:
        """Every phrase set some rule can ask about (the bundled packs must define each)."""
        from ..scenario import Scenario

        sets: set[str] = set()
        for channel in ("phone", "chat"):
            for direction in ("outbound", "inbound"):
                scenario = Scenario(frozenset({"general"}), channel, direction, Kind.SCRIPT)
                for rule in self.rules:
                    sets.update(rule.cue_sets(scenario, True) | rule.deferred_cue_sets())
        return frozenset(sets)


REGISTRY = Registry(RULES)
