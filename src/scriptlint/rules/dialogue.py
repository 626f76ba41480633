"""Dialogue rules: what the bot must do right after the customer refuses, asks for a human,
says it is still not solved, complains, or asks whether it is talking to a person."""
from __future__ import annotations

import re
from typing import Optional

from .catalogue import BY_CODE

# A refusal inside a question (那我不需要提供身份证吧？) is not a refusal.
QUESTION_RE = re.compile(r"[?？]|[吗吧呢么嘛]\s*[。!！]?\s*$")
DESCRIBED_MIN_SPOKEN = 6
AFFIRM_WINDOW = 4
_SPOKEN = re.compile(r"[^\W_]")


def _next_bot(context, index: int) -> Optional[int]:  # noqa: ANN001
    for later in range(index + 1, len(context.utterances)):
        if context.utterances[later].is_bot:
            return later
        # The customer's next turn does not excuse the bot from acting on the first one.
    return None


def _described_before(context, index: int) -> bool:  # noqa: ANN001
    """Whether a customer line before this one described something (not just 喂 or 你好)."""
    return any(not u.is_bot and len(_SPOKEN.findall(u.text)) >= DESCRIBED_MIN_SPOKEN
               for u in context.utterances[:index])


def _sentence_after(text: str, start: int) -> str:
    for end in range(start, len(text)):
        if text[end] in "。！？!?；;，,":
            return text[start:end + 1]
    return text[start:]


def _cue(context, index: int, phrase_set: str) -> Optional[tuple[str, int]]:  # noqa: ANN001
    found = context.phrase_hits(index, phrase_set)
    if not found:
        return None
    first = found[0]
    return context.utterances[index].text[first.start:first.end], first.start


TRIGGERS = frozenset({"refusal", "human-request", "not-solved", "complaint", "identity-question",
                      "bot-question", "reask", "faq-deflect"})


def check(context) -> None:  # noqa: ANN001
    if not (context.cue_sets & TRIGGERS):
        return  # nothing in this script that a dialogue rule reacts to
    lang = context.lang
    utterances = context.utterances
    outbound = context.scenario.direction == "outbound"
    not_solved_count = 0
    reported: set[tuple[str, int]] = set()

    def report(code: str, index: int, **values: object) -> None:
        if (code, index) in reported:
            return
        reported.add((code, index))
        rule = BY_CODE[code]
        context.report(rule, index, message=rule.text(lang, **values))

    # Only utterances holding a trigger cue need a look; most lines of a call hold none.
    pending_sets = context.pending_sets
    for index in [i for i, sets in enumerate(pending_sets) if sets & TRIGGERS]:
        utterance = utterances[index]
        if utterance.is_bot:
            if context.has(index, "faq-deflect") or (context.has(index, "reask") and _described_before(context, index)):
                report("SL205", index)
            continue
        text = utterance.text
        reply = _next_bot(context, index)
        transfers = reply is not None and context.has(reply, "transfer")

        refusal = _cue(context, index, "refusal")
        if outbound and refusal and reply is not None:
            sentence = _sentence_after(text, refusal[1])
            if not QUESTION_RE.search(sentence) and not context.has(reply, "close") and not transfers:
                report("SL201", reply, cue=refusal[0])

        identity = _cue(context, index, "identity-question")
        human = _cue(context, index, "human-request")
        if human and identity and abs(human[1] - identity[1]) <= 4:
            human = None  # 你是真人吗 asks what the bot is, not for a human
        if human and reply is not None and not transfers:
            report("SL202", reply, cue=human[0])

        unsolved = _cue(context, index, "not-solved")
        if unsolved:
            not_solved_count += 1
            if not_solved_count >= 2 and reply is not None and not transfers:
                report("SL203", reply, cue=unsolved[0])

        complaint = _cue(context, index, "complaint")
        if complaint and reply is not None and not transfers:
            report("SL204", reply, cue=complaint[0])

        # 你是真人吗 answered 是的, or 你是机器人吗 answered 不是: the bot poses as a person.
        bot_question = _cue(context, index, "bot-question")
        for asked, answer_set in ((identity, "affirm"), (bot_question, "deny")):
            if not asked or reply is None or context.has(reply, "ai-disclosure"):
                continue
            answers = [h for h in context.phrase_hits(reply, answer_set) if h.start <= AFFIRM_WINDOW]
            if answers and ("SL301", reply) not in reported:
                reported.add(("SL301", reply))
                detail = ("被问及是否真人时未如实回答，须说明自己是机器人。" if lang == "zh"
                          else "Asked whether it is a person, it did not say it is a robot.")
                context.report(BY_CODE["SL301"], reply, answers[0].start, answers[0].end, message=detail)
