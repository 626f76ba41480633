"""A code rule: unmasked personal numbers (mobiles, ID numbers with their checksum, bank cards
passing Luhn) in any line of any speaker. Checksums are not expressible as words in a pack."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from .base import Rule, RuleContext, Text


@dataclass(frozen=True, kw_only=True)
class PersonalData(Rule):
    kind_names: tuple[tuple[str, Text], ...]  # what each kind of number is called

    windowed: ClassVar[bool] = True  # one utterance at a time

    def check(self, context: RuleContext) -> None:
        lang = context.lang
        names = dict(self.kind_names)
        for found in context.personal_data():
            name = names[found.kind](lang) if found.kind in names else found.kind
            # The number's own masked form is the example: 138****5678, 320106********4519, A****21(A).
            # A number wrapped onto the next line is reported where it starts, up to the line's end.
            context.report(self, found.index, found.start, found.end,
                           message=self.message(lang, kind=name, masked=found.masked))
