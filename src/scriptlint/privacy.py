"""Personal data: detection (mobile numbers, ID numbers, bank cards) and masking, in one place.

Every output goes through `mask()` unless the user asks for `--show-pii`.

Kinds found (numbers with a check digit count only when it is right):

- ``mobile``: mainland mobile, 1[3-9] + 9 digits, optionally after +86.
- ``id-number``: mainland 18-character resident ID (GB 11643 checksum).
- ``bank-card``: 16-19 digits from 3/4/5/6 passing Luhn, not after an order-number label.
- ``taiwan-mobile``: 09 + 8 digits, or +886 9 + 8 digits.
- ``taiwan-id``: a letter, 1/2 (national ID) or 8/9 (new resident certificate), 8 digits
  (the checksum with the official letter table, weights 1,9,8,7,6,5,4,3,2,1,1).
- ``hong-kong-id``: one or two letters, six digits and the check character 0-9/A, in
  parentheses or not: C668421(A), C668421A (mod-11 check).

The three Taiwan/Hong Kong kinds must stand alone: a letter or digit right before or after
them means they are part of a longer code (an order number), not personal data.

Masking: the prefix that says what the number is (operator code, region code, card issuer,
issuing letters) and a short tail that tells two numbers apart stay; every letter or digit in
between becomes one ``*``. Separators, brackets and a leading ``+`` stay where they are, so
the masked text has the length and the shape of the original. A country code (86, 886) is
kept on top of the prefix. Kept, in letters and digits:

============== ===== ==== ===============================
kind           head  tail example
============== ===== ==== ===============================
mobile         3     4    138****5678
id-number      6     4    320106********4519
bank-card      4     4    6222***********5679
taiwan-mobile  4     3    0912***678, +886-912-***-678
taiwan-id      1     3    F******748
hong-kong-id   1-2   3    C****21(A), XA****04(2)
============== ===== ==== ===============================

Phones hide the middle group of their usual grouping (3-4-4, 4-3-3); ID numbers keep where
they were issued (region code, letters) and hide the rest but the last three or four.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

# A run of digits, possibly broken by spaces or dashes; the precise checks run in Python.
_CANDIDATE_RE = re.compile(r"\d[\d \-\u3000\u00a0._/]{8,}[\dXx]")
# What people type between digit groups: 138 1234 5678, 138-1234-5678, 138.1234.5678.
_SEPARATORS = " -\u3000\u00a0._/"
# Around a Hong Kong check character: C668421(A), C668421（A）.
_BRACKETS = "()\uff08\uff09"
# Simplified and Traditional forms: the labels reach this module untranslated.
_NOT_PERSONAL_CONTEXT = re.compile(
    r"(订单|单号|工单|编号|流水号|快递|运单|受理号|合同号|訂單|單號|工單|編號|流水號|快遞|運單|受理號|合同號)"
    r"[号码號碼]?[:：是为為\s]*$")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_SHAPE = re.compile(r"[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dX]")
_MOBILE_SHAPE = re.compile(r"(?:86)?1[3-9]\d{9}")
_TAIWAN_MOBILE_SHAPE = re.compile(r"(?:0|886)9\d{8}")

# Letters as people type them, half- or full-width; digits are any Unicode decimal digit (\d).
_LETTER = "A-Za-z\uff21-\uff3a\uff41-\uff5a"
_ALONE_BEFORE = rf"(?<![{_LETTER}\d])"
_ALONE_AFTER = rf"(?![{_LETTER}\d])"
_TAIWAN_ID_RE = re.compile(rf"{_ALONE_BEFORE}[{_LETTER}][1289\uff11\uff12\uff18\uff19]\d{{8}}{_ALONE_AFTER}")
# The check character usually sits in brackets (ASCII or full-width), sometimes after a space.
_HONG_KONG_ID_RE = re.compile(
    rf"{_ALONE_BEFORE}[{_LETTER}]{{1,2}}\d{{6}}"
    rf"(?: ?[(\uff08][\dAa\uff21\uff41][)\uff09]|[\dAa\uff21\uff41]{_ALONE_AFTER})")
# The official table: letters in order, except I, O, W, X, Y, Z which were added later.
_TAIWAN_LETTER_CODES = {letter: code for code, letter in enumerate("ABCDEFGHJKLMNPQRSTUVXYWZIO", start=10)}
_TAIWAN_WEIGHTS = (1, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1)
# A single-letter Hong Kong prefix is read as a space (36) then the letter.
_HONG_KONG_SPACE = 36
_CODE_CHAR = re.compile(rf"[{_LETTER}\d]")
_STANDALONE_KINDS = frozenset({"taiwan-mobile", "taiwan-id", "hong-kong-id"})
# Letters and digits kept at the start and the end of a masked number (see the module docstring).
_KEPT = {"mobile": (3, 4), "id-number": (6, 4), "bank-card": (4, 4),
         "taiwan-mobile": (4, 3), "taiwan-id": (1, 3), "hong-kong-id": (1, 3)}
# Digits of a phone number dialled at home: 13812345678, 0912345678.
_NATIONAL_LENGTH = {"mobile": 11, "taiwan-mobile": 10}


@dataclass(frozen=True, slots=True)
class PersonalData:
    kind: str  # "mobile" | "id-number" | "bank-card" | "taiwan-mobile" | "taiwan-id" | "hong-kong-id"
    start: int
    end: int
    digits: str  # the number's letters and digits, ASCII, upper case, without separators or brackets


def id_checksum_ok(number: str) -> bool:
    if len(number) != 18:
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS))
    return _ID_CHECK[total % 11] == number[17].upper()


def taiwan_id_checksum_ok(number: str) -> bool:
    """A Taiwan national ID or new-format resident certificate number (A123456789) is valid."""
    number = number.upper()
    if len(number) != 10 or number[0] not in _TAIWAN_LETTER_CODES or not number[1:].isdigit():
        return False
    code = _TAIWAN_LETTER_CODES[number[0]]
    values = [code // 10, code % 10, *(int(c) for c in number[1:])]
    return sum(v * w for v, w in zip(values, _TAIWAN_WEIGHTS)) % 10 == 0


def hong_kong_id_checksum_ok(number: str) -> bool:
    """A Hong Kong identity card number is valid: "C668421(A)" or "C668421A", one or two letters."""
    number = number.upper().replace("(", "").replace(")", "")
    letters, body, check = number[:-7], number[-7:-1], number[-1:]
    if not (1 <= len(letters) <= 2 and letters.isascii() and letters.isalpha() and body.isdigit()
            and check in "0123456789A"):
        return False
    values = [_HONG_KONG_SPACE] * (2 - len(letters)) + [ord(c) - ord("A") + 10 for c in letters]
    values += [int(c) for c in body]
    total = sum(v * w for v, w in zip(values, range(9, 1, -1)))
    # The check value (A = 10) completes the sum to a multiple of 11.
    return (total + (10 if check == "A" else int(check))) % 11 == 0


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
    if _TAIWAN_MOBILE_SHAPE.fullmatch(digits):
        return "taiwan-mobile"
    if len(digits) == 18 and _ID_SHAPE.fullmatch(digits) and id_checksum_ok(digits):
        return "id-number"
    if 16 <= len(digits) <= 19 and digits[0] in "3456" and digits.isdigit() and luhn_ok(digits):
        if _NOT_PERSONAL_CONTEXT.search(context):
            return None
        return "bank-card"
    return None


def _characters(raw: str) -> str:
    """The letters and digits of a written number, ASCII and upper case (ＡＢ１２ -> AB12)."""
    return "".join(str(int(c)) if c.isdigit() else unicodedata.normalize("NFKC", c).upper()
                   for c in raw if c not in _SEPARATORS and c not in _BRACKETS)


def _stands_alone(text: str, start: int, end: int) -> bool:
    """No letter or digit touches text[start:end]: it is not the middle of a longer code."""
    return not (start > 0 and _CODE_CHAR.match(text[start - 1])
                or end < len(text) and _CODE_CHAR.match(text[end]))


_GROUP_RE = re.compile(r"[\dXx]+")


def _numbers(text: str) -> Iterator[PersonalData]:
    """Personal numbers written with digits only (and separators): mobiles, IDs, cards."""
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
                digits = _characters(raw[piece_start:piece_end])
                if "X" in digits[:-1] or len(digits) < 10:
                    continue
                kind = _classify(digits, text[max(0, start + piece_start - 12):start + piece_start])
                if kind in _STANDALONE_KINDS and not _stands_alone(text, start + piece_start, start + piece_end):
                    continue  # SN0912345678 is an order number, not a Taiwan mobile
                if kind is not None:
                    found = (kind, piece_start, piece_end, digits, last)
                    break
            if found is None:
                first += 1
                continue
            kind, piece_start, piece_end, digits, last = found
            yield PersonalData(kind, start + piece_start, start + piece_end, digits)
            first = last + 1


def _lettered_ids(text: str) -> Iterator[PersonalData]:
    """Taiwan and Hong Kong ID numbers: they start with letters, so the digit runs miss them."""
    for pattern, kind, valid in ((_TAIWAN_ID_RE, "taiwan-id", taiwan_id_checksum_ok),
                                 (_HONG_KONG_ID_RE, "hong-kong-id", hong_kong_id_checksum_ok)):
        for match in pattern.finditer(text):
            characters = _characters(match.group())
            if valid(characters):
                yield PersonalData(kind, match.start(), match.end(), characters)


def find_personal_data(text: str) -> Iterator[PersonalData]:
    """Every unmasked personal number in text, in order, none overlapping another."""
    found = sorted([*_numbers(text), *_lettered_ids(text)], key=lambda item: (item.start, -item.end))
    covered = 0
    for item in found:
        # A digit run may begin inside an ID's digits (F228193748 12): the ID, first, wins.
        if item.start >= covered:
            yield item
            covered = item.end


def _masked(item: PersonalData, raw: str) -> str:
    """Mask the middle of a number, keeping its separators so the shape stays readable."""
    positions = [i for i, c in enumerate(raw) if c not in _SEPARATORS and c not in _BRACKETS]
    keep_head, keep_tail = _KEPT[item.kind]
    if item.kind == "hong-kong-id":
        keep_head = len(item.digits) - 7  # the one or two letters
    elif item.kind in _NATIONAL_LENGTH:
        # With a country code the prefix keeps it too: 86 138, 886 912 (0912 without its trunk 0).
        keep_head += len(item.digits) - _NATIONAL_LENGTH[item.kind]
    hidden = set(positions[keep_head:len(positions) - keep_tail])
    return "".join("*" if i in hidden else c for i, c in enumerate(raw))


def mask(text: str) -> str:
    """The text with every unmasked personal number masked (138****5678, F******748)."""
    pieces: list[str] = []
    cursor = 0
    for item in find_personal_data(text):
        pieces.append(text[cursor:item.start])
        pieces.append(_masked(item, text[item.start:item.end]))
        cursor = item.end
    if not pieces:
        return text
    pieces.append(text[cursor:])
    return "".join(pieces)
