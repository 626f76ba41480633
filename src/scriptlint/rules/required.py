"""Rule type `required`: a phrase set must be said by the bot — anywhere, in the opening, or in
time. The opening is the first N bot utterances on the phone (`opening-utterances`) and the
first bot message in chat."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from .base import Rule, RuleContext, Scope, Text

if TYPE_CHECKING:
    from ..scenario import Scenario

PRESENT = "present"  # said by some bot line, or a finding at the first bot line
OPENING = "opening"  # said in the opening
TIMELY = "timely"  # said, and early enough: in the opening, and on the phone within the limit


def _first_cue(context: RuleContext, indices: Sequence[int], phrase_set: str) -> tuple[int, int] | None:
    for index in indices:
        found = context.cues(index, phrase_set)
        if found:
            return index, min(span.start for span in found)
    return None


@dataclass(frozen=True, kw_only=True)
class Required(Rule):
    phrase_set: str
    timing: str = PRESENT
    # TIMELY only: the setting that holds the phone limit in seconds, what the clause is called
    # (for the chat message), and the chat message (chat has no seconds: the first message).
    limit_setting: str | None = None
    clause: Text | None = None
    chat_message: Text | None = None
    # PRESENT/OPENING: the message on the chat channel, where there are no keys to press.
    chat_missing_message: Text | None = None

    scope: ClassVar[Scope] = Scope.SCRIPT

    def cue_sets(self, scenario: Scenario, dialogue: bool) -> frozenset[str]:
        return frozenset({self.phrase_set})

    def check(self, context: RuleContext) -> None:
        bots = [i for i, u in enumerate(context.utterances) if u.is_bot]
        if not bots:
            return
        phone = context.scenario.channel == "phone"
        opening = bots[: context.settings.opening_utterances if phone else 1]
        lang = context.lang
        missing = self.chat_missing_message if not phone and self.chat_missing_message else self.message
        if self.timing == OPENING:
            if not any(context.has_cue(i, self.phrase_set) for i in opening):
                context.report(self, bots[0], message=missing(lang, opening=len(opening)))
            return
        found = _first_cue(context, opening, self.phrase_set)
        in_opening = found is not None
        if found is None:
            found = _first_cue(context, bots, self.phrase_set)
        if self.timing == PRESENT:
            if found is None:
                context.report(self, bots[0], message=missing(lang, opening=len(opening)))
            return
        if found is None:
            return  # missing altogether: the PRESENT rule of the same clause reports it
        if not phone:
            if not in_opening and self.chat_message is not None and self.clause is not None:
                context.report(self, bots[0], message=self.chat_message(lang, what=self.clause(lang)))
            return
        assert self.limit_setting is not None
        limit = float(getattr(context.settings, self.limit_setting))
        seconds = context.seconds_at(*found)
        if not in_opening or seconds > limit:
            context.report(self, bots[0], message=self.message(lang, seconds=seconds, limit=limit))
