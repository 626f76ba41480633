"""A code rule: unmasked personal numbers (mobiles, ID numbers with their checksum, bank cards
passing Luhn) in any line of any speaker. Checksums are not expressible as words in a pack."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ..privacy import mask
from .base import Rule, RuleContext, Text


@dataclass(frozen=True, kw_only=True)
class PersonalData(Rule):
    kind_names: tuple[tuple[str, Text], ...]  # what each kind of number is called

    windowed: ClassVar[bool] = True  # one utterance at a time

    def check(self, context: RuleContext) -> None:
        lang = context.lang
        names = dict(self.kind_names)
        for index, start, end, kind in context.personal_data():
            name = names[kind](lang) if kind in names else kind
            # The number's own masked form is the example: 138****5678, 320106********4519, A****21(A).
            masked = mask(context.utterances[index].text[start:end])
            context.report(self, index, start, end, message=self.message(lang, kind=name, masked=masked))
