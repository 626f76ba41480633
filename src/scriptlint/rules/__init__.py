"""Rules, one module per concern. Each module's `check(context)` adds findings to the context."""
from __future__ import annotations

from ..model import Kind
from . import dialogue, opening, pii, policy, terms
from .catalogue import BY_CODE, CATEGORY_RULE, RULES, Rule

UTTERANCE_CHECKS = (terms.check, pii.check, policy.check)
SCRIPT_CHECKS = (opening.check,)
DIALOGUE_CHECKS = (dialogue.check,)


def run_rules(context) -> None:  # noqa: ANN001 - ScriptContext; avoids an import cycle
    for check in UTTERANCE_CHECKS:
        check(context)
    if context.scenario.kind is Kind.REPLIES:
        return
    if any(u.is_bot for u in context.utterances):
        for check in SCRIPT_CHECKS:
            check(context)
    if context.script.has_speakers:
        for check in DIALOGUE_CHECKS:
            check(context)


__all__ = ["RULES", "BY_CODE", "CATEGORY_RULE", "Rule", "run_rules"]
