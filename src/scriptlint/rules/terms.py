"""Lexicon entries that are findings by themselves: sensitive-term, false-promise, stalling,
pii-request, impersonation. Bot lines only."""
from __future__ import annotations

from ..lexicon import TermEntry
from .catalogue import BY_CODE, CATEGORY_RULE


def check(context) -> None:  # noqa: ANN001
    lang = context.lang
    for index, utterance in enumerate(context.utterances):
        if not utterance.is_bot:
            continue
        for local in context.hits[index]:
            entry = local.hit.entry
            if not isinstance(entry, TermEntry):
                continue
            rule = BY_CODE[CATEGORY_RULE[entry.category]]
            context.report(
                rule, index, local.start, local.end,
                message=rule.text(lang, detail=entry.text(lang)),
                severity=entry.severity,
                entry=entry.id,
                suggestion=entry.alternative,
                citation=entry.citation,
            )
