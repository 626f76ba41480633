"""Code rules of the dialogue that no type expresses: re-asking or FAQ deflection (SL205), and
impersonation (SL301), which is both a lexicon category and an answer to 你是真人吗."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from ..model import SPOKEN_RE
from .base import Rule, RuleContext, Scope, Text
from .existence import Existence
from .response import next_bot

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

    def cue_sets(self, scenario: Scenario, dialogue: bool) -> frozenset[str]:
        return frozenset({self.reask, self.deflect})

    def check(self, context: RuleContext) -> None:
        utterances = context.utterances
        for index in context.lines_with_cues(frozenset({self.reask, self.deflect})):
            if not utterances[index].is_bot:
                continue
            described = any(not u.is_bot and len(SPOKEN_RE.findall(u.text)) >= DESCRIBED_MIN_SPOKEN
                            for u in utterances[:index])
            if context.has_cue(index, self.deflect) or (described and context.has_cue(index, self.reask)):
                context.report(self, index)


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
        for index in context.lines_with_cues(questions):
            if context.utterances[index].is_bot:
                continue
            reply = next_bot(context, index)
            if reply is None or reply in answered or context.has_cue(reply, self.disclosure):
                continue
            for question, answer_set in ANSWER_SETS:
                if not context.has_cue(index, question):
                    continue
                answers = [a for a in context.cues(reply, answer_set) if a.start <= AFFIRM_WINDOW]
                if answers:
                    answered.add(reply)
                    context.report(self, reply, answers[0].start, answers[0].end,
                                   message=self.answer_message(context.lang))
                    break
