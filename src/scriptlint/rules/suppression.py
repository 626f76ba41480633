"""Rule type `suppression`: findings about the suppression directives themselves (one that
silences nothing, one that names no known rule, one without the reason the config requires).

These rules read no text. The suppression pass (`scriptlint.suppressions`), which runs after
every other rule, reports them through their declarations; selection (`select`, `ignore`,
`per-file-ignores`) turns them on and off like any rule, but no directive can silence them."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from .base import Rule, RuleContext, Scope, Text

# What a suppression rule reports.
UNUSED = "unused"
INVALID = "invalid"
NO_REASON = "no-reason"


@dataclass(frozen=True, kw_only=True)
class SuppressionCheck(Rule):
    reports: str  # UNUSED, INVALID or NO_REASON
    # Messages of the kinds of problem this rule reports, by name (the INVALID rule's).
    details: tuple[tuple[str, Text], ...] = ()

    scope: ClassVar[Scope] = Scope.DIRECTIVE

    def detail(self, name: str, lang: str, **values: object) -> str:
        return dict(self.details)[name](lang, **values)

    def check(self, context: RuleContext) -> None:
        """Nothing: the engine never plans a directive rule (see the suppression pass)."""


__all__ = ["INVALID", "NO_REASON", "UNUSED", "SuppressionCheck"]
