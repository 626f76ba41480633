"""Code rules of the dialogue that no type expresses: re-asking or FAQ deflection (SL205), and
impersonation (SL301), which is both a lexicon category and an answer to 你是真人吗."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from ..model import SPOKEN_RE
from .base import Rule, RuleContext, Scope, Text
from .existence import Existence
from .response import first_bot, next_bot

if TYPE_CHECKING:
    from ..scenario import Scenario

DESCRIBED_MIN_SPOKEN = 6  # a customer line this long described something (not just 喂 or 你好)
AFFIRM_WINDOW = 4  # 是的 counts as an answer only at the start of the reply
ANSWER_SETS = (("identity-question", "affirm"), ("bot-question", "deny"))


@dataclass(frozen=True, kw_only=True)
class Deflection(Rule):
    """The bot re-asks after the customer described the problem, or points to the FAQ."""

    reask: str = "reask"
    deflect: str = "faq-deflect"

    scope: ClassVar[Scope] = Scope.DIALOGUE
    windowed: ClassVar[bool] = True

    def cue_sets(self, scenario: Scenario, dialogue: bool) -> frozenset[str]:
        return frozenset({self.reask, self.deflect})

    def check(self, context: RuleContext) -> None:
        described_before = context.carried(self, _Described)  # in an earlier window
        utterances = context.utterances
        flagged = context.lines_with_cues(frozenset({self.reask, self.deflect}))
        if not flagged and (described_before.seen or not context.more):
            return
        # The first customer line of this window that described something.
        first = next((i for i, u in enumerate(utterances)
                      if not u.is_bot and len(SPOKEN_RE.findall(u.text)) >= DESCRIBED_MIN_SPOKEN), None)
        for index in flagged:
            if not utterances[index].is_bot:
                continue
            described = described_before.seen or (first is not None and first < index)
            if context.has_cue(index, self.deflect) or (described and context.has_cue(index, self.reask)):
                context.report(self, index)
        described_before.seen = described_before.seen or first is not None


@dataclass
class _Described:
    """Whether a customer described the problem in an earlier window of the script."""

    seen: bool = False


@dataclass
class _Questions:
    """Customer questions at the end of a window, answered by the first bot turn of a later one:
    for each, the answer sets of the questions it asks."""

    waiting: list[tuple[str, ...]] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class Impersonation(Existence):
    """Lexicon impersonation phrases in bot lines, and, when the lines carry speakers, a reply
    that answers 你是真人吗 with 是的 (or 你是机器人吗 with 不是) without saying it is a robot."""

    answer_message: Text
    disclosure: str = "ai-disclosure"

    def cue_sets(self, scenario: Scenario, dialogue: bool) -> frozenset[str]:
        own = super().cue_sets(scenario, dialogue)
        if not dialogue:
            return own
        return own | {self.disclosure, *(s for pair in ANSWER_SETS for s in pair)}

    def check(self, context: RuleContext) -> None:
        super().check(context)
        if not context.dialogue:
            return
        questions = frozenset(question for question, _ in ANSWER_SETS)
        answered: set[int] = set()
        carried = context.carried(self, _Questions)
        if carried.waiting:
            reply = first_bot(context)
            if reply is not None:
                for answer_sets in carried.waiting:
                    self._answered(context, reply, answer_sets, answered)
                carried.waiting.clear()
        for index in context.lines_with_cues(questions):
            if context.utterances[index].is_bot:
                continue
            asked = tuple(answer_set for question, answer_set in ANSWER_SETS if context.has_cue(index, question))
            reply = next_bot(context, index)
            if reply is not None:
                self._answered(context, reply, asked, answered)
            elif context.more:
                carried.waiting.append(asked)

    def _answered(self, context: RuleContext, reply: int, answer_sets: tuple[str, ...], answered: set[int]) -> None:
        """A reply that answers the question with 是的 (or 不是) without saying it is a robot."""
        if reply in answered or context.has_cue(reply, self.disclosure):
            return
        for answer_set in answer_sets:
            answers = [a for a in context.cues(reply, answer_set) if a.start <= AFFIRM_WINDOW]
            if answers:
                answered.add(reply)
                context.report(self, reply, answers[0].start, answers[0].end,
                               message=self.answer_message(context.lang))
                return
