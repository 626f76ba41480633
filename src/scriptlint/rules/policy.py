"""The team's own policy facts: info-hiding (SL306) and promises that contradict them (SL304)."""
from __future__ import annotations

import re
from typing import Iterator

from .catalogue import BY_CODE

SL304 = BY_CODE["SL304"]
SL306 = BY_CODE["SL306"]

CHINESE_NUMBERS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "半": 0.5}
UNIT_DAYS = {"分钟": 1 / 1440, "小时": 1 / 24, "天": 1, "日": 1, "工作日": 1, "周": 7, "星期": 7}
# A delivery deadline: "24小时内到账", "当天退款", "立即到账". Matched on normalized text.
DEADLINE_RE = re.compile(
    r"(?:(?P<number>\d+|[一二两三四五六七八九十半]+)个?(?P<unit>分钟|小时|工作日|天|日|周|星期)(?:之内|以内|内)?"
    r"|(?P<instant>当天|当日|立即|马上|即时|实时|秒))"
    r"[^。！？!?；;，,]{0,4}?(?:到账|到帐|退回|退还|返还|退款|办结|处理完|完成|到)"
)


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


def check(context) -> None:  # noqa: ANN001
    policies = context.config.policy
    if not policies:
        return
    lang = context.lang
    text = context.norm.text
    for index, utterance in enumerate(context.utterances):
        if not utterance.is_bot:
            continue
        start, end = context.normalized_of(index)
        for policy in policies:
            # The first mention of the topic that is not negated (换货不涉及退款 is not about refunds).
            topic = next((m for r in policy.topic for m in r.finditer(text, start, end)
                          if not context.lexicon.negated(text, m.start())), None)
            if topic is None:
                continue
            if policy.must_mention and not any(r.search(text, start, end) for r in policy.must_mention):
                facts = "、".join(r.pattern for r in policy.must_mention)
                o_start, o_end = context.original_span(index, topic.start(), topic.end())
                context.report(SL306, index, o_start, o_end, message=SL306.text(lang, policy=policy.name, facts=facts))
            contradictions: list[tuple[int, int, str]] = []
            if policy.max_days is not None:
                for d_start, d_end, days in deadlines(text, start, end):
                    if context.lexicon.negated(text, d_start):
                        continue  # 退款不会24小时内到账 warns, it does not promise
                    if days < policy.max_days:
                        detail = (f"承诺时限短于政策的{policy.max_days:g}天" if lang == "zh"
                                  else f"promises less than the policy's {policy.max_days:g} days")
                        contradictions.append((d_start, d_end, detail))
            for pattern in policy.contradicts:
                for match in pattern.finditer(text, start, end):
                    if context.lexicon.negated(text, match.start()):
                        continue  # 并非无条件退货 states the policy, it does not break it
                    detail = "与政策条款相矛盾" if lang == "zh" else "contradicts the policy terms"
                    contradictions.append((match.start(), match.end(), detail))
            for c_start, c_end, detail in contradictions:
                o_start, o_end = context.original_span(index, c_start, c_end)
                context.report(SL304, index, o_start, o_end, message=SL304.text(lang, policy=policy.name, detail=detail))
