"""Rule type `response`: when a customer turn holds a trigger (a refusal, a request for a human,
a complaint ...), the next bot turn must hold one of the expected responses (close the call,
transfer). The finding points at that bot turn."""
from __future__ import annotations

import re
from dataclasses import dataclass
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

    def cue_sets(self, scenario: Scenario, dialogue: bool) -> frozenset[str]:
        sets = {self.trigger, *self.expected}
        if self.cancelled_by:
            sets.add(self.cancelled_by)
        return frozenset(sets)

    def check(self, context: RuleContext) -> None:
        count = 0
        reported: set[int] = set()
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
            count += 1
            reply = next_bot(context, index)
            if count < self.occurrence or reply is None or reply in reported:
                continue
            if self.questions_excused and QUESTION_RE.search(clause_after(utterance.text, first.start)):
                continue
            if any(context.has_cue(reply, expected) for expected in self.expected):
                continue
            reported.add(reply)
            cue = utterance.text[first.start:first.end]
            context.report(self, reply, message=self.message(context.lang, cue=cue))
