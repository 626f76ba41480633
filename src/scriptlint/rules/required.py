"""Rule type `required`: a phrase set must be said by the bot — anywhere, in the opening, or in
time. The opening is the first N bot utterances on the phone (`opening-utterances`) and the
first bot message in chat."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from ..model import Utterance
from .base import Rule, RuleContext, Scope, Text

if TYPE_CHECKING:
    from ..scenario import Scenario

PRESENT = "present"  # said by some bot line, or a finding at the first bot line
OPENING = "opening"  # said in the opening
TIMELY = "timely"  # said, and early enough: in the opening, and on the phone within the limit


@dataclass
class _Progress:
    """What a Required rule has seen of a script so far (kept from one window to the next)."""

    bots: int = 0  # bot utterances, counted until the opening is full and the verdict is settled
    first_bot: Utterance | None = None
    # The first bot utterance holding the phrase set: whether it is in the opening, and when
    # its first cue is spoken (phone TIMELY rules only).
    found: tuple[bool, float | None] | None = None


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
    windowed: ClassVar[bool] = True

    def cue_sets(self, scenario: Scenario, dialogue: bool) -> frozenset[str]:
        return frozenset({self.phrase_set})

    def reads_time(self) -> bool:
        return self.timing == TIMELY

    def check(self, context: RuleContext) -> None:
        phone = context.scenario.channel == "phone"
        opening_size = context.settings.opening_utterances if phone else 1
        progress = context.carried(self, _Progress)
        for index, utterance in enumerate(context.utterances):
            if not utterance.is_bot:
                continue
            if progress.bots >= opening_size and (progress.found is not None or self.timing == OPENING):
                break  # the opening is full and nothing later can change the verdict
            rank = progress.bots
            progress.bots += 1
            if progress.first_bot is None:
                progress.first_bot = utterance
            # The first bot utterance with a cue; the OPENING timing looks no further than the opening.
            if progress.found is not None or (self.timing == OPENING and rank >= opening_size):
                continue
            found = context.cues(index, self.phrase_set)
            if found:
                offset = min(span.start for span in found)
                seconds = context.seconds_at(index, offset) if self.timing == TIMELY and phone else None
                progress.found = (rank < opening_size, seconds)
        if not context.more and progress.first_bot is not None:
            self._decide(context, progress, phone, min(progress.bots, opening_size), progress.first_bot)

    def _decide(self, context: RuleContext, progress: _Progress, phone: bool, opening: int, first_bot: Utterance) -> None:
        """The finding, if any, once the whole script has been seen; on the first bot utterance."""
        lang = context.lang
        missing = self.chat_missing_message if not phone and self.chat_missing_message else self.message
        if progress.found is None:
            # Missing altogether: the TIMELY rule of the same clause leaves it to the PRESENT one.
            if self.timing != TIMELY:
                context.report_on(self, first_bot, message=missing(lang, opening=opening))
            return
        if self.timing != TIMELY:
            return
        in_opening, seconds = progress.found
        if not phone:
            if not in_opening and self.chat_message is not None and self.clause is not None:
                context.report_on(self, first_bot, message=self.chat_message(lang, what=self.clause(lang)))
            return
        assert self.limit_setting is not None and seconds is not None
        limit = float(getattr(context.settings, self.limit_setting))
        if not in_opening or seconds > limit:
            context.report_on(self, first_bot, message=self.message(lang, seconds=seconds, limit=limit))
