"""Rule type `response`: when a customer turn holds a trigger (a refusal, a request for a human,
a complaint ...), the next bot turn must hold one of the expected responses (close the call,
transfer). The finding points at that bot turn."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from .base import Rule, RuleContext, Scope

if TYPE_CHECKING:
    from ..scenario import Scenario

# A trigger inside a question (那我不需要提供身份证吧？) is not meant as one. `\Z`, not `$`: `$`
# also matches before a trailing newline.
QUESTION_RE = re.compile(r"[?？]|[吗吧呢么嘛]\s*[。!！]?\s*\Z")
CLAUSE_END = frozenset("。！？!?；;，,")


def next_bot(context: RuleContext, index: int) -> int | None:
    """The bot turn that answers customer turn `index` (a later customer turn does not excuse
    the bot from acting on this one)."""
    for later in range(index + 1, len(context.utterances)):
        if context.utterances[later].is_bot:
            return later
    return None


def clause_after(text: str, start: int) -> str:
    for end in range(start, len(text)):
        if text[end] in CLAUSE_END:
            return text[start:end + 1]
    return text[start:]


@dataclass
class _Triggers:
    """What a Response rule carries from one window to the next: the triggers counted so far,
    and those whose reply (the next bot turn) is in a later window."""

    count: int = 0
    waiting: list[tuple[str, bool]] = field(default_factory=list)  # (cue, excused as a question)


def first_bot(context: RuleContext) -> int | None:
    """The first bot turn of the window: the reply to the customer turns that end the last one."""
    return next((index for index, utterance in enumerate(context.utterances) if utterance.is_bot), None)


@dataclass(frozen=True, kw_only=True)
class Response(Rule):
    trigger: str  # the customer phrase set
    expected: tuple[str, ...]  # phrase sets of which the reply must hold one
    occurrence: int = 1  # react from the n-th trigger of the call on
    questions_excused: bool = False  # a trigger in a question does not count
    # A cue of this set within `cancel_distance` characters of the trigger changes its meaning
    # (你是真人吗 asks what the bot is, not for a human).
    cancelled_by: str | None = None
    cancel_distance: int = 4

    scope: ClassVar[Scope] = Scope.DIALOGUE
    windowed: ClassVar[bool] = True

    def cue_sets(self, scenario: Scenario, dialogue: bool) -> frozenset[str]:
        sets = {self.trigger, *self.expected}
        if self.cancelled_by:
            sets.add(self.cancelled_by)
        return frozenset(sets)

    def check(self, context: RuleContext) -> None:
        triggers = context.carried(self, _Triggers)
        reported: set[int] = set()
        if triggers.waiting:
            reply = first_bot(context)
            if reply is not None:
                for cue, excused in triggers.waiting:
                    self._answer(context, reply, cue, excused, reported)
                triggers.waiting.clear()
        for index in context.lines_with_cues(frozenset({self.trigger})):
            utterance = context.utterances[index]
            if utterance.is_bot:
                continue
            found = context.cues(index, self.trigger)
            if not found:
                continue
            first = found[0]
            if self.cancelled_by and any(abs(first.start - other.start) <= self.cancel_distance
                                         for other in context.cues(index, self.cancelled_by)):
                continue
            triggers.count += 1
            if triggers.count < self.occurrence:
                continue
            cue = utterance.text[first.start:first.end]
            excused = self.questions_excused and QUESTION_RE.search(clause_after(utterance.text, first.start)) is not None
            reply = next_bot(context, index)
            if reply is not None:
                self._answer(context, reply, cue, excused, reported)
            elif context.more:
                triggers.waiting.append((cue, excused))

    def _answer(self, context: RuleContext, reply: int, cue: str, excused: bool, reported: set[int]) -> None:
        """A trigger's reply must hold an expected set (one finding per reply)."""
        if reply in reported or excused:
            return
        if any(context.has_cue(reply, expected) for expected in self.expected):
            return
        reported.add(reply)
        context.report(self, reply, message=self.message(context.lang, cue=cue))
