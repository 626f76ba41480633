"""Rule type `existence`: the confirmed lexicon terms of one category in bot lines are findings
(sensitive terms, false promises, stalling, requests for personal data, impersonation).

The words live in `lexicons/*.toml`; the entry gives the message detail, severity, suggestion and
citation of each finding."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from .base import Rule, RuleContext


@dataclass(frozen=True, kw_only=True)
class Existence(Rule):
    term_category: str
    # A cue of this phrase set anywhere in the same utterance clears it (a stalling phrase in a
    # reply that also gives a date or a ticket number is not stalling).
    cleared_by: str | None = None

    windowed: ClassVar[bool] = True  # one utterance at a time

    def claims_words(self) -> bool:
        return True

    def deferred_cue_sets(self) -> frozenset[str]:
        # Asked only in lines that hold a finding of this rule.
        return frozenset({self.cleared_by}) if self.cleared_by else frozenset()

    def term_categories(self) -> frozenset[str]:
        return frozenset({self.term_category})

    def check(self, context: RuleContext) -> None:
        lang = context.lang
        for index, utterance in enumerate(context.utterances):
            if not utterance.is_bot:
                continue
            found = context.terms(index, self.term_category)
            if not found or (self.cleared_by and context.has_cue(index, self.cleared_by)):
                continue
            for hit in found:
                context.report(self, index, hit.start, hit.end,
                               message=self.message(lang, detail=hit.entry.text(lang)), entry=hit.entry)
