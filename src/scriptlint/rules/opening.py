"""Required clauses of a whole script or call: AI disclosure, purpose, recording notice,
opt-out, how to reach a human; with their timing on the phone."""
from __future__ import annotations

from typing import Optional

from .catalogue import BY_CODE, Rule

CHAT_LATE = {
    "zh": "聊天渠道须在第一条消息中声明{what}。",
    "en": "In chat, the first message must carry the {what}.",
}
WHAT = {
    "ai-disclosure": {"zh": "机器人/AI 身份", "en": "AI disclosure"},
    "handoff-offer": {"zh": "转人工方式", "en": "way to reach a human"},
}


def _first_hit(context, indices: list[int], phrase_set: str) -> Optional[tuple[int, int]]:  # noqa: ANN001
    for index in indices:
        found = context.phrase_hits(index, phrase_set)
        if found:
            return index, min(h.start for h in found)
    return None


def _timed_clause(context, phrase_set: str, opening: list[int], bots: list[int],  # noqa: ANN001
                  limit: Optional[float], missing: Rule, late: Rule) -> None:
    first = bots[0]
    found = _first_hit(context, opening, phrase_set)
    in_opening = found is not None
    if found is None:
        found = _first_hit(context, bots, phrase_set)
    if found is None:
        context.report(missing, first, message=missing.text(context.lang, opening=len(opening)))
        return
    if limit is None:  # chat: the first message or nothing
        if not in_opening:
            what = WHAT[phrase_set][context.lang]
            context.report(late, first, message=CHAT_LATE[context.lang].format(what=what))
        return
    seconds = context.spoken_before(*found)
    if not in_opening or seconds > limit:
        context.report(late, first, message=late.text(context.lang, seconds=seconds, limit=limit))


def check(context) -> None:  # noqa: ANN001
    bots = [i for i, u in enumerate(context.utterances) if u.is_bot]
    if not bots:
        return
    config = context.config
    phone = context.scenario.channel == "phone"
    outbound = context.scenario.direction == "outbound"
    opening = bots[: config.opening_utterances if phone else 1]
    first = bots[0]
    _timed_clause(context, "ai-disclosure", opening, bots,
                  config.disclosure_seconds if phone else None, BY_CODE["SL101"], BY_CODE["SL102"])
    if outbound and not any(context.has(i, "purpose") for i in opening):
        context.report(BY_CODE["SL103"], first)
    if phone and not any(context.has(i, "recording-notice") for i in opening):
        context.report(BY_CODE["SL104"], first)
    if outbound and not any(context.has(i, "opt-out") for i in bots):
        context.report(BY_CODE["SL105"], first)
    if not outbound:
        _timed_clause(context, "handoff-offer", opening, bots,
                      config.handoff_seconds if phone else None, BY_CODE["SL106"], BY_CODE["SL107"])
