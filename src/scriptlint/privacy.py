"""Personal data: detection (mobile numbers, ID numbers, bank cards) and masking, in one place.

Every output goes through `mask()` unless the user asks for `--show-pii`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

# A run of digits, possibly broken by spaces or dashes; the precise checks run in Python.
_CANDIDATE_RE = re.compile(r"\d[\d \-\u3000\u00a0._/]{9,}[\dXx]")
# What people type between digit groups: 138 1234 5678, 138-1234-5678, 138.1234.5678.
_SEPARATORS = " -\u3000\u00a0._/"
_NOT_PERSONAL_CONTEXT = re.compile(r"(订单|单号|工单|编号|流水号|快递|运单|受理号|合同号)[号码]?[:：是为\s]*$")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_SHAPE = re.compile(r"[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dX]")
_MOBILE_SHAPE = re.compile(r"(?:86)?1[3-9]\d{9}")


@dataclass(frozen=True, slots=True)
class PersonalData:
    kind: str  # "mobile" | "id-number" | "bank-card"
    start: int
    end: int
    digits: str


def id_checksum_ok(number: str) -> bool:
    if len(number) != 18:
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS))
    return _ID_CHECK[total % 11] == number[17].upper()


def luhn_ok(number: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(number)):
        digit = int(char)
        if position % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def _classify(digits: str, context: str) -> str | None:
    if _MOBILE_SHAPE.fullmatch(digits):
        return "mobile"
    if len(digits) == 18 and _ID_SHAPE.fullmatch(digits) and id_checksum_ok(digits):
        return "id-number"
    if 16 <= len(digits) <= 19 and digits[0] in "3456" and digits.isdigit() and luhn_ok(digits):
        if _NOT_PERSONAL_CONTEXT.search(context):
            return None
        return "bank-card"
    return None


def _digits(raw: str) -> str:
    return "".join(str(int(c)) if c.isdigit() else c.upper() for c in raw if c not in _SEPARATORS)


_GROUP_RE = re.compile(r"[\dXx]+")


def find_personal_data(text: str) -> Iterator[PersonalData]:
    for match in _CANDIDATE_RE.finditer(text):
        start, end = match.span()
        if start > 0 and text[start - 1].isdigit() or end < len(text) and text[end].isdigit():
            continue
        # Asterisks next to the digits mask nothing: the visible part of a masked number
        # (138****5678) is too short to classify, and a whole number is personal data even
        # inside Markdown bold (**13812345678**) or next to a masked one.
        raw = match.group()
        # The run may join several numbers ("138 1234 5678 12"): try the digit groups it is
        # made of, longest first from each group on.
        groups = [(g.start(), g.end()) for g in _GROUP_RE.finditer(raw)]
        first = 0
        while first < len(groups):
            found = None
            # No personal number has more than 19 digits (21 with +86): only the groups that
            # fit are tried, which keeps a long run of spaced digits linear, not cubic.
            reach = first
            width = 0
            while reach < len(groups) and width + (groups[reach][1] - groups[reach][0]) <= 21:
                width += groups[reach][1] - groups[reach][0]
                reach += 1
            for last in range(reach - 1, first - 1, -1):
                piece_start, piece_end = groups[first][0], groups[last][1]
                if any(c in "._/" for c in raw[piece_start:piece_end]) and any(
                        g[1] - g[0] < 3 for g in groups[first:last + 1]):
                    continue  # 1.3.8.1234.5678 is a version, not 138.1234.5678
                digits = _digits(raw[piece_start:piece_end])
                if "X" in digits[:-1] or len(digits) < 11:
                    continue
                kind = _classify(digits, text[max(0, start + piece_start - 12):start + piece_start])
                if kind is not None:
                    found = (kind, piece_start, piece_end, digits, last)
                    break
            if found is None:
                first += 1
                continue
            kind, piece_start, piece_end, digits, last = found
            yield PersonalData(kind, start + piece_start, start + piece_end, digits)
            first = last + 1


def _masked_digits(kind: str, raw: str) -> str:
    """Mask the middle of a number, keeping its separators so the shape stays readable."""
    positions = [i for i, c in enumerate(raw) if c not in _SEPARATORS]
    keep_head, keep_tail = {"mobile": (3, 4), "id-number": (6, 4), "bank-card": (4, 4)}[kind]
    if positions and raw[positions[0]:positions[0] + 2] == "86" and len(positions) == 13:
        keep_head += 2
    hidden = set(positions[keep_head:len(positions) - keep_tail])
    return "".join("*" if i in hidden else c for i, c in enumerate(raw))


def mask(text: str) -> str:
    """The text with every unmasked personal number masked (138****5678)."""
    pieces: list[str] = []
    cursor = 0
    for item in find_personal_data(text):
        pieces.append(text[cursor:item.start])
        pieces.append(_masked_digits(item.kind, text[item.start:item.end]))
        cursor = item.end
    if not pieces:
        return text
    pieces.append(text[cursor:])
    return "".join(pieces)
