"""Rule type `conditional`: the team's own policy facts (`[tool.scriptlint.policy.NAME]`). A bot
line on a policy's topic must mention one of its key facts (`must-mention`), and must not promise
a shorter deadline than `max-days` or say what the policy `contradicts`."""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from .base import Rule, RuleContext, Text

if TYPE_CHECKING:
    from ..config import Policy
    from ..user_regex import Found

MUST_MENTION = "must-mention"
CONTRADICTS = "contradicts"

CHINESE_NUMBERS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "半": 0.5}
UNIT_DAYS = {"分钟": 1 / 1440, "小时": 1 / 24, "天": 1, "日": 1, "工作日": 1, "周": 7, "星期": 7}
# A delivery deadline: "24小时内到账", "当天退款", "立即到账". Matched on normalized text.
DEADLINE_RE = re.compile(
    r"(?:(?P<number>\d+|[一二两三四五六七八九十半]+)个?(?P<unit>分钟|小时|工作日|天|日|周|星期)(?:之内|以内|内)?"
    r"|(?P<instant>当天|当日|立即|马上|即时|实时|秒))"
    r"[^。！？!?；;，,]{0,4}?(?:到账|到帐|退回|退还|返还|退款|办结|处理完|完成|到)"
)
SHORTER_DEADLINE = Text("承诺时限短于政策的{days:g}天", "promises less than the policy's {days:g} days")
CONTRADICTS_TERMS = Text("与政策条款相矛盾", "contradicts the policy terms")


def _number(text: str) -> float:
    if text.isdigit():
        return float(text)
    if text == "十":
        return 10.0
    if text.startswith("十"):
        return 10 + CHINESE_NUMBERS.get(text[1:], 0)
    if text.endswith("十"):
        return CHINESE_NUMBERS.get(text[0], 1) * 10
    if "十" in text:
        tens, ones = text.split("十", 1)
        return CHINESE_NUMBERS.get(tens, 1) * 10 + CHINESE_NUMBERS.get(ones, 0)
    return float(sum(CHINESE_NUMBERS.get(c, 0) for c in text))


def deadlines(text: str, start: int, end: int) -> Iterator[tuple[int, int, float]]:
    """(start, end, days) of every delivery deadline in text[start:end]."""
    for match in DEADLINE_RE.finditer(text, start, end):
        if match.group("instant"):
            yield match.start(), match.end(), 0.0
        else:
            days = _number(match.group("number")) * UNIT_DAYS[match.group("unit")]
            yield match.start(), match.end(), days


def _topic(context: RuleContext, policy: Policy, start: int, end: int) -> Found | None:
    """The first mention of the policy's topic that is not negated (换货不涉及退款 is not about refunds)."""
    view = context.normalized
    return next((m for r in policy.topic for m in r.finditer(view.text, start, end)
                 if not view.negated(m.start())), None)


@dataclass(frozen=True, kw_only=True)
class Conditional(Rule):
    condition: str  # MUST_MENTION or CONTRADICTS

    reads_normalized: ClassVar[bool] = True
    windowed: ClassVar[bool] = True  # one utterance at a time

    def claims_words(self) -> bool:
        # A contradiction is about the promise's words; a missing fact is about the whole line.
        return self.condition == CONTRADICTS

    def check(self, context: RuleContext) -> None:
        policies = context.settings.policy
        if not policies:
            return
        view = context.normalized
        text = view.text
        lang = context.lang
        for index, utterance in enumerate(context.utterances):
            if not utterance.is_bot:
                continue
            start, end = view.range_of(index)
            for policy in policies:
                topic = _topic(context, policy, start, end)
                if topic is None:
                    continue
                if self.condition == MUST_MENTION:
                    if policy.must_mention and not any(r.search(text, start, end) for r in policy.must_mention):
                        facts = "、".join(r.pattern for r in policy.must_mention)
                        o_start, o_end = view.to_original(index, topic.start(), topic.end())
                        context.report(self, index, o_start, o_end,
                                       message=self.message(lang, policy=policy.name, facts=facts))
                    continue
                for c_start, c_end, detail in self._contradictions(context, policy, start, end):
                    o_start, o_end = view.to_original(index, c_start, c_end)
                    context.report(self, index, o_start, o_end,
                                   message=self.message(lang, policy=policy.name, detail=detail))

    @staticmethod
    def _contradictions(context: RuleContext, policy: Policy, start: int, end: int) -> list[tuple[int, int, str]]:
        view = context.normalized
        found: list[tuple[int, int, str]] = []
        if policy.max_days is not None:
            for d_start, d_end, days in deadlines(view.text, start, end):
                if view.negated(d_start):
                    continue  # 退款不会24小时内到账 warns, it does not promise
                if days < policy.max_days:
                    found.append((d_start, d_end, SHORTER_DEADLINE(context.lang, days=policy.max_days)))
        for pattern in policy.contradicts:
            for match in pattern.finditer(view.text, start, end):
                if view.negated(match.start()):
                    continue  # 并非无条件退货 states the policy, it does not break it
                found.append((match.start(), match.end(), CONTRADICTS_TERMS(context.lang)))
        return found
