"""The fix a finding carries (`Finding.fix`): built where the finding is made, from the rule's
declared replacement (personal data -> its masked form, safe) or the lexicon entry's `replace`
rewrite (a banned promise -> wording the company can keep, unsafe). `fixes` applies them."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .model import Applicability, Correction, Edit, Utterance
from .privacy import mask
from .rules.base import Text

if TYPE_CHECKING:
    from .lexicon import TermEntry
    from .rules.base import Rule

REWRITE_TITLE = Text("替换为“{content}”（改变原意，请复核）", "Replace with \"{content}\" (changes the meaning; review it)")


def correction_for(rule: Rule, entry: TermEntry | None, utterance: Utterance, start: int, end: int,
                   lang: str) -> Correction | None:
    """The fix of a finding of `rule` (and `entry`) on utterance.text[start:end], or None."""
    original = utterance.text[start:end]
    if entry is not None and entry.replace:
        content = entry.replacement(original, utterance.text)
        if content is None:
            return None
        return _replace(utterance, start, end, content, Applicability.UNSAFE, REWRITE_TITLE(lang, content=content))
    fix = rule.fix
    if fix is None or fix.action != "replace":
        return None
    content = fix.text(lang, masked=mask(original))
    if content == original:
        return None  # nothing to change (the span masks to itself)
    return _replace(utterance, start, end, content, fix.applicability, fix.title(lang))


def _replace(utterance: Utterance, start: int, end: int, content: str, applicability: Applicability,
             title: str) -> Correction:
    line, column = utterance.locate(start)
    end_line, end_column = utterance.locate(end)
    return Correction(applicability, (Edit(line, column, end_line, end_column, content),), title)


__all__ = ["correction_for"]
