"""Personal data: detection (mobile numbers, ID numbers, bank cards) and masking, in one place.

Every output goes through `mask()` (for a script's utterances, `PersonalDataIndex`; for a repr,
`mask_fragments()`) unless the user asks for `--show-pii`.

Kinds found (numbers with a check digit count only when it is right):

- ``mobile``: mainland mobile, 1[3-9] + 9 digits, optionally after +86.
- ``id-number``: mainland 18-character resident ID (GB 11643 checksum).
- ``bank-card``: 16-19 digits from 3/4/5/6 passing Luhn, not after an order-number label.
- ``taiwan-mobile``: 09 + 8 digits, or +886 9 + 8 digits.
- ``taiwan-id``: a letter, 1/2 (national ID) or 8/9 (new resident certificate), 8 digits
  (the checksum with the official letter table, weights 1,9,8,7,6,5,4,3,2,1,1); not after an
  order-number label.
- ``hong-kong-id``: one or two letters, six digits and the check character 0-9/A, in
  parentheses or not: C668421(A), C668421A (mod-11 check); not after an order-number label.

The three Taiwan/Hong Kong kinds must stand alone: a letter or digit right before or after
them means they are part of a longer code (an order number), not personal data.

How a number may be written. Digits are any Unicode decimal digits (full-width １３８ too).
Between two digit groups stand at most three visible separator characters, of three sorts:

- spacing: spaces, tabs, no-break and ideographic spaces, every Unicode dash (- ‐ ‑ ‒ – — ―
  － 〜 …), the minus sign −, and brackets: 138 1234 5678, 138–1234–5678, (138)1234-5678;
- commas , ， 、: 138，1234，5678;
- dots, slashes and underscores . 。 ・ · ． / _: 138.1234.5678.

A line break (with spaces around it) may stand there too: a number wrapped at the end of a
line, inside one text or from one line of a script to the next (`PersonalDataIndex`).
Invisible characters (zero-width spaces and joiners, the word joiner, the BOM, soft hyphens,
bidi controls) join what they stand between: 138\u200b1234\u200b5678 reads 13812345678.

The digit groups must be grouped the way such numbers are, so that amounts, dates or a list
of prices whose digits happen to add up to eleven are not taken for a phone number:

- one group (13812345678); or one digit per group when those digits are the whole run and
  spaced (1 3 8 1 2 3 4 5 6 7 8; 1,9,8,7,… is a list);
- a usual grouping of the kind (`_SHAPES`): mobile 3-4-4, 3-8, 7-4 (after the country code 86
  if written); Taiwan mobile 4-3-3, 4-6 (3-3-3, 3-6 after 886); ID number 6-8-4, 6-4-4-4,
  6-4-2-2-4, 6-12; card 4-4-4-4 (and a short fifth group), 6-n;
- with spacing separators only, also three or more groups of one size with a shorter last
  (or first) group: 1381 2345 678, 6222 0202 0011 2345 679.

With dots or slashes no group but the last may be shorter than three digits (1.3.8.1234.5678
is a version number). A line break may split a group anywhere, so the groups on both sides of
one are read both as one group and as two. Letters and digits of the Taiwan and Hong Kong IDs
may be separated by up to two spaces, line breaks or invisible characters (F 228 193 748,
C668\u200b421(A)), not by dashes (XA1938-04(2) is a product code).

The scan is linear: a regular expression finds the runs of digit groups and separators; in a
run, at most eight windows of whole groups (the lengths a number can have) are tried from each
group, and a group from which no window can have a number's shape is passed in constant time.
A run of single digits longer than any number is dropped whole.

Masking: the prefix that says what the number is (operator code, region code, card issuer,
issuing letters) and a short tail that tells two numbers apart stay; every letter or digit in
between becomes one ``*``. Separators, line breaks, brackets and a leading ``+`` stay where
they are, so the masked text has the length and the shape of the original. A country code
(86, 886) is kept on top of the prefix. Kept, in letters and digits:

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
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from typing import cast

# Every Unicode dash (category Pd, in the Basic Multilingual Plane) and the minus sign.
DASHES = ("\u002d\u058a\u05be\u1400\u1806\u2010\u2011\u2012\u2013\u2014\u2015\u2e17\u2e1a\u2e3a"
          "\u2e3b\u2e40\u2e5d\u301c\u3030\u30a0\ufe31\ufe32\ufe58\ufe63\uff0d\u2212")
# Characters that do not show: zero-width space, non-joiner and joiner, Mongolian vowel
# separator, word joiner, BOM, soft hyphen, and the bidi marks, embeddings and isolates.
INVISIBLE = ("\u200b\u200c\u200d\u180e\u2060\ufeff\u00ad\u200e\u200f"
             "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_COMMAS = ",\uff0c\u3001\uff64\ufe50\ufe51"
_DOTS = ".\u3002\u30fb\u00b7\uff0e\uff61\uff65/\uff0f_\uff3f"
_BRACKETS = "()\uff08\uff09"

# What stands between two digit groups, from the weakest to the strongest grouping rule.
_JOIN = 0      # invisible characters only: one group as it shows
_WRAP = 1      # a line break (and spaces): one group or two
_SPACING = 2   # spaces, dashes, brackets
_COMMA = 3
_DOT = 4       # dots, slashes, underscores: no group under three digits
_MAX_GAP = 8   # characters between two groups, invisible ones included
_MAX_VISIBLE_GAP = 3  # and a line break
# Digit groups as the scan collects them; X, the ID check character, ends a group (and its run).
_GROUP = r"\d+[Xx\uff38\uff58]?"
_CHECK_X = "Xx\uff38\uff58"
_CHECK_X_RE = re.compile(f"[{_CHECK_X}]")
# Digit groups with up to _MAX_GAP separator characters between them (`_gap_kind` decides
# which of those gaps really join two groups). Separators and digits are disjoint: linear.
_RUN_SEPARATORS = re.escape(DASHES + INVISIBLE + _COMMAS + _DOTS + _BRACKETS)
_RUN_RE = re.compile(rf"{_GROUP}(?:[\s{_RUN_SEPARATORS}]{{1,{_MAX_GAP}}}{_GROUP})*")
_GROUP_SPLIT_RE = re.compile(f"({_GROUP})")
# Lengths of the numbers, in digits, longest first: card 19-16 (ID 18), mobile with 86 13,
# Taiwan mobile with 886 12, mobile 11, Taiwan mobile 10.
_NUMBER_LENGTHS = (19, 18, 17, 16, 13, 12, 11, 10)
# How people group these numbers (see the module docstring); the sum tells the kind apart.
_SHAPES = frozenset({
    (3, 4, 4), (3, 8), (7, 4),                                       # mainland mobile
    (4, 3, 3), (4, 6), (3, 3, 3), (3, 6),                            # Taiwan mobile (9 digits after 886)
    (6, 8, 4), (6, 4, 4, 4), (6, 4, 2, 2, 4), (6, 12),               # ID number, card 6-12
    (4, 4, 4, 4), (4, 4, 4, 4, 1), (4, 4, 4, 4, 2), (4, 4, 4, 4, 3),  # cards
    (6, 10), (6, 11), (6, 13),
})
# Country codes written before a phone number: 86 138…, 886 912….
_COUNTRY_CODE_LENGTH = {("mobile", 13): 2, ("taiwan-mobile", 12): 3}

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
# Between the characters of a lettered ID: up to two spaces, line breaks or invisible characters
# (not dashes: TC0518-552 is a case number).
_ID_SEPARATOR = rf"[\s{re.escape(INVISIBLE)}]{{0,2}}"
_TAIWAN_ID_RE = re.compile(
    rf"{_ALONE_BEFORE}[{_LETTER}]{_ID_SEPARATOR}[1289\uff11\uff12\uff18\uff19](?:{_ID_SEPARATOR}\d){{8}}{_ALONE_AFTER}")
# The check character usually sits in brackets (ASCII or full-width), sometimes after a space;
# without brackets it follows the digits directly.
_HONG_KONG_CHECK = "[\\dAa\uff21\uff41]"
_HONG_KONG_ID_RE = re.compile(
    rf"{_ALONE_BEFORE}[{_LETTER}](?:{_ID_SEPARATOR}[{_LETTER}])?(?:{_ID_SEPARATOR}\d){{6}}"
    rf"(?:{_ID_SEPARATOR}[(\uff08]{_HONG_KONG_CHECK}[)\uff09]|[{re.escape(INVISIBLE)}]?{_HONG_KONG_CHECK}{_ALONE_AFTER})")
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
# Around a cut (`mask_slice`): more than the longest way of writing a number.
_SLICE_MARGIN = 256
_LINE_BREAK_RE = re.compile(r"\r\n|\r|\n")
# A text that may end with the first part of a wrapped number, and one that may start with the
# rest (tested on their last and first few characters only).
_WRAPPED_END_RE = re.compile(rf"[\d{_CHECK_X}][\s{_RUN_SEPARATORS}]*\Z")
_WRAPPED_START_RE = re.compile(rf"[\s{_RUN_SEPARATORS}]{{0,{_MAX_GAP}}}\d")
# Five digits or more at the very start or end of a text, not next to a masked digit (`mask_fragments`).
_EDGE_RUN = rf"\d(?:[\s{_RUN_SEPARATORS}]{{0,{_MAX_GAP}}}\d){{4,}}"
_EDGE_RUN_START_RE = re.compile(rf"[\s{_RUN_SEPARATORS}]{{0,{_MAX_GAP}}}{_EDGE_RUN}(?![\d*])")
_EDGE_RUN_END_RE = re.compile(rf"(?<![\d*]){_EDGE_RUN}[\s{_RUN_SEPARATORS}]{{0,{_MAX_GAP}}}\Z")


@dataclass(frozen=True, slots=True)
class PersonalData:
    kind: str  # "mobile" | "id-number" | "bank-card" | "taiwan-mobile" | "taiwan-id" | "hong-kong-id"
    start: int
    end: int
    digits: str  # the number's letters and digits, ASCII, upper case, without separators or brackets

    def __repr__(self) -> str:
        # Never the digits in clear, even in a debugger or a log line.
        return (f"PersonalData(kind={self.kind!r}, start={self.start}, end={self.end}, "
                f"digits={_masked(self, self.digits)!r})")


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


# A digit doubled, its two digits added: the Luhn step for every second digit from the right.
_LUHN_DOUBLED = {str(d): (2 * d) % 10 + (2 * d) // 10 for d in range(10)}


def luhn_ok(number: str) -> bool:
    total = sum(map(int, number[-1::-2])) + sum(map(_LUHN_DOUBLED.__getitem__, number[-2::-2]))
    return total % 10 == 0


def _classify(digits: str, context: str) -> str | None:
    length = len(digits)
    if length in (11, 13):
        return "mobile" if _MOBILE_SHAPE.fullmatch(digits) else None
    if length in (10, 12):
        return "taiwan-mobile" if _TAIWAN_MOBILE_SHAPE.fullmatch(digits) else None
    if length == 18 and _ID_SHAPE.fullmatch(digits) and id_checksum_ok(digits):
        return "id-number"
    if 16 <= length <= 19 and digits[0] in "3456" and digits.isdigit() and luhn_ok(digits):
        if _NOT_PERSONAL_CONTEXT.search(context):
            return None
        return "bank-card"
    return None


def _characters(raw: str) -> str:
    """The letters and digits of a written number, ASCII and upper case (ＡＢ１２ -> AB12)."""
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else unicodedata.normalize("NFKC", c).upper()
                   for c in raw if c.isalnum())


def _stands_alone(text: str, start: int, end: int) -> bool:
    """No letter or digit touches text[start:end]: it is not the middle of a longer code."""
    return not (start > 0 and _CODE_CHAR.match(text[start - 1])
                or end < len(text) and _CODE_CHAR.match(text[end]))


@lru_cache(maxsize=1024)
def _gap_kind(gap: str) -> int | None:
    """What the characters between two digit groups are (_JOIN … _DOT), or None when they
    are not a separator: the groups then belong to different numbers."""
    visible = "".join(c for c in gap if c not in INVISIBLE).replace("\r\n", "\n")
    if not visible:
        return _JOIN if gap else None
    kind, breaks, marks = _SPACING, 0, 0
    for char in visible:
        if char in "\r\n":
            breaks += 1
        elif char.isspace():
            continue
        elif char in DASHES or char in _BRACKETS:
            marks += 1
        elif char in _COMMAS:
            marks, kind = marks + 1, max(kind, _COMMA)
        elif char in _DOTS:
            marks, kind = marks + 1, max(kind, _DOT)
        else:
            return None
    if breaks > 1 or marks > 2 or len(visible) - breaks > _MAX_VISIBLE_GAP:
        return None
    return _WRAP if breaks and not marks else kind


@dataclass(frozen=True, slots=True)
class _Run:
    """Digit groups joined by separators, the digits of each in ASCII (X upper case), where
    each stands in the text, and the kind of each separator (gaps[k] follows group k)."""

    digits: list[str]
    starts: list[int]
    stops: list[int]
    gaps: list[int]


def _digit_runs(text: str) -> Iterator[_Run]:
    """Runs of digit groups that may hold a personal number. A regular expression finds the
    runs and splits them, so a long run costs little per group; a run that could only be a
    number digit by digit (no group of three digits, nothing that joins groups) but is too
    long to be one is dropped whole."""
    for run in _RUN_RE.finditer(text):
        if run.end() - run.start() < _NUMBER_LENGTHS[-1]:
            continue
        parts = _GROUP_SPLIT_RE.split(run.group())  # "", group, gap, group, …, group, ""
        groups = parts[1::2]
        gaps: list[int | None] = list(map(_gap_kind, parts[2:-1:2]))
        if _CHECK_X_RE.search(run.group()):
            for k, group in enumerate(groups[:-1]):
                if group[-1] in _CHECK_X:
                    gaps[k] = None  # the check character ends an ID: nothing follows it
        offsets: list[int] | None = None
        first = 0
        # A gap that is no separator splits the run: the last group of each part.
        part_ends = [k for k, gap in enumerate(gaps) if gap is None] if None in gaps else []
        for last in [*part_ends, len(groups) - 1]:
            sub_groups = groups[first:last + 1]
            sub_gaps = cast("list[int]", gaps[first:last])
            if (len(sub_groups) > _NUMBER_LENGTHS[0] and max(map(len, sub_groups)) < 3
                    and _JOIN not in sub_gaps and _WRAP not in sub_gaps):
                pass  # 1 2 3 4 …: longer than any number, so not one digit by digit
            elif sum(map(len, sub_groups)) >= _NUMBER_LENGTHS[-1]:
                if offsets is None:
                    offsets = list(accumulate(map(len, parts), initial=run.start()))
                yield _Run([(g if g.isascii() else _characters(g)).upper() for g in sub_groups],
                           offsets[2 * first + 1:2 * last + 2:2], offsets[2 * first + 2:2 * last + 3:2], sub_gaps)
            first = last + 1


def _shown_groups(lengths: Sequence[int], gaps: Sequence[int], merge_wraps: bool) -> list[int]:
    """The group lengths as a reader sees them: invisible characters join; line breaks join
    when `merge_wraps`."""
    shown = [lengths[0]]
    for length, gap in zip(lengths[1:], gaps):
        if gap == _JOIN or gap == _WRAP and merge_wraps:
            shown[-1] += length
        else:
            shown.append(length)
    return shown


def _regular(shown: Sequence[int]) -> bool:
    """Three or more groups of one size (three digits or more) but a shorter last one
    (1381 2345 678) or first one (13 812 345 678)."""
    if len(shown) < 3:
        return False
    size = shown[0]
    if size >= 3 and all(n == size for n in shown[1:-1]) and shown[-1] <= size:
        return True
    size = shown[-1]
    return size >= 3 and all(n == size for n in shown[1:-1]) and shown[0] <= size


def _grouping_ok(shown: list[int], separator: int, whole_run: bool, code: int) -> bool:
    """Whether the digit groups are grouped as a number of this kind is (module docstring)."""
    if len(shown) == 1:
        return True
    if all(n == 1 for n in shown):
        # Digit by digit: only when they are all the run holds, and spaced (1,9,8,7 is a list).
        return whole_run and separator == _SPACING
    if code:
        # The country code comes first, alone or run into the number: 86 138…, 86138….
        if shown[0] < code:
            return False
        shown = shown[1:] if shown[0] == code else [shown[0] - code, *shown[1:]]
        if len(shown) == 1:
            return True
    if separator == _DOT and min(shown[:-1]) < 3:  # 1.3.8.1234.5678; a card may end in 1 or 2 digits
        return False
    if tuple(shown) in _SHAPES:
        return True
    return separator == _SPACING and _regular(shown)


def _shape_ok(kind: str, number: str, lengths: Sequence[int], gaps: Sequence[int], whole_run: bool) -> bool:
    code = _COUNTRY_CODE_LENGTH.get((kind, len(number)), 0)
    visible = [gap for gap in gaps if gap > _WRAP]
    # A line break next to other separators is one of them; alone it may split a group.
    separator = max(visible, default=_SPACING)
    for merge_wraps in ((False, True) if _WRAP in gaps else (False,)):
        if _grouping_ok(_shown_groups(lengths, gaps, merge_wraps), separator, whole_run, code):
            return True
    return False


def _numbers_in_run(text: str, run: _Run) -> Iterator[PersonalData]:
    """Personal numbers in one run of digit groups: from each group on, the longest window of
    whole groups that is one. A group where no window can have a number's shape is passed in
    constant time, and at most eight windows are tried from any other: linear, however long
    the run."""
    digits, gaps = run.digits, run.gaps
    count = len(digits)
    # Prefix counts over the groups: digits (a window's length is a difference of two) and
    # separators that may join two groups into one; for each group, the next group of one or
    # two digits, which only a few shapes have inside them (`_may_be_grouped`).
    ends, merging = [0], [0]
    for group_digits in digits:
        ends.append(ends[-1] + len(group_digits))
    for gap in gaps:
        merging.append(merging[-1] + (gap <= _WRAP))
    next_small = [count] * (count + 1)
    for k in range(count - 1, -1, -1):
        next_small[k] = k if len(digits[k]) < 3 else next_small[k + 1]
    group_after = {end: k for k, end in enumerate(ends)}
    first = 0
    while first < count:
        found: tuple[PersonalData, int] | None = None
        if _worth_trying(first, count, ends, merging, next_small, gaps):
            for length in _NUMBER_LENGTHS:
                after = group_after.get(ends[first] + length)
                if after is None or after < count and gaps[after - 1] == _JOIN:
                    continue  # a window ends where a group shows its edge
                if merging[after - 1] == merging[first] and not _may_be_grouped(
                        after - first, after - 1 > first + 1 and next_small[first + 1] < after - 1, length,
                        first == 0 and after == count):
                    continue
                item = _window(text, run, first, after - 1)
                if item is not None:
                    found = (item, after)
                    break
        if found is None:
            first += 1
            continue
        yield found[0]
        first = found[1]


def _worth_trying(first: int, count: int, ends: list[int], merging: list[int], next_small: list[int],
                  gaps: list[int]) -> bool:
    """Whether some window from group `first` might be a number, in constant time: it starts
    where a group shows its edge, and its groups up to the first short one inside (or seven,
    `_may_be_grouped`) hold enough digits; or separators may join groups; or it is the start
    of the run (one digit per group) or of a 6-4-2-2-4 ID."""
    if first and gaps[first - 1] == _JOIN:
        return False
    if first == 0 or merging[min(first + _NUMBER_LENGTHS[0], count) - 1] > merging[first]:
        return True
    reach = min(next_small[first + 1] + 1 if first + 1 < count else count, first + 7, count)
    return (ends[reach] - ends[first] >= _NUMBER_LENGTHS[-1]
            or first + 5 <= count and ends[first + 5] - ends[first] == 18)


def _may_be_grouped(groups: int, short_inside: bool, length: int, whole_run: bool) -> bool:
    """A quick test, in constant time, that `groups` groups with no separator that joins two
    could have one of the shapes `_grouping_ok` accepts; `short_inside`: a group of one or two
    digits stands between the first and the last. Only one digit per group over a whole run
    (tested in `_grouping_ok`) and 6-4-2-2-4 have short groups inside."""
    if groups == 1:
        return True
    if short_inside:
        return whole_run or groups == 5 and length == 18
    # Three digits or more a group: at most seven groups (3-3-3-3-3-3-1) make 19 digits.
    return groups <= 7


def _window(text: str, run: _Run, first: int, last: int) -> PersonalData | None:
    """The personal number made of groups first..last, if they are one."""
    number = "".join(run.digits[first:last + 1])
    if "X" in number[:-1]:
        return None
    start, end = run.starts[first], run.stops[last]
    kind = _classify(number, text[max(0, start - 12):start])
    if kind is None:
        return None
    whole_run = first == 0 and last == len(run.digits) - 1
    lengths = [len(d) for d in run.digits[first:last + 1]]
    if not _shape_ok(kind, number, lengths, run.gaps[first:last], whole_run):
        return None
    if kind in _STANDALONE_KINDS and not _stands_alone(text, start, end):
        return None  # SN0912345678 is an order number, not a Taiwan mobile
    return PersonalData(kind, start, end, number)


def _numbers(text: str) -> Iterator[PersonalData]:
    """Personal numbers written with digits only (and separators): mobiles, IDs, cards."""
    for run in _digit_runs(text):
        yield from _numbers_in_run(text, run)


def _lettered_ids(text: str) -> Iterator[PersonalData]:
    """Taiwan and Hong Kong ID numbers: they start with letters, so the digit runs miss them."""
    if _letter_search()(text) is None:
        return  # most lines with digits (amounts, times, order numbers in Chinese) hold no letter
    for pattern, kind, valid in ((_TAIWAN_ID_RE, "taiwan-id", taiwan_id_checksum_ok),
                                 (_HONG_KONG_ID_RE, "hong-kong-id", hong_kong_id_checksum_ok)):
        for match in pattern.finditer(text):
            characters = _characters(match.group())
            # Their check digit is one of ten or eleven: a case or order number after its label
            # passes it often enough.
            if valid(characters) and not _NOT_PERSONAL_CONTEXT.search(text[max(0, match.start() - 12):match.start()]):
                yield PersonalData(kind, match.start(), match.end(), characters)


@lru_cache(maxsize=1)
def _letter_search() -> Callable[[str], re.Match[str] | None]:
    """The search for a letter either ID starts with (compiled on first use, not at import)."""
    return re.compile(f"[{_LETTER}]").search


def find_personal_data(text: str) -> Iterator[PersonalData]:
    """Every unmasked personal number in text, in order, none overlapping another."""
    # Every kind holds digits (a lettered ID six or more): most lines of a script hold none, and
    # one search for the start of a digit run settles them without the three scans below.
    if _RUN_RE.search(text) is not None:
        yield from _found_in(text)


def _found_in(text: str) -> Iterator[PersonalData]:
    """`find_personal_data` of a text known to hold a digit."""
    found = sorted([*_numbers(text), *_lettered_ids(text)], key=lambda item: (item.start, -item.end))
    covered = 0
    for item in found:
        # A digit run may begin inside an ID's digits (F228193748 12): the ID, first, wins.
        if item.start >= covered:
            yield item
            covered = item.end


def _masked(item: PersonalData, raw: str) -> str:
    """Mask the middle of a number, keeping its separators so the shape stays readable."""
    positions = [i for i, c in enumerate(raw) if c.isalnum()]
    keep_head, keep_tail = _KEPT[item.kind]
    if item.kind == "hong-kong-id":
        keep_head = len(item.digits) - 7  # the one or two letters
    elif item.kind in _NATIONAL_LENGTH:
        # With a country code the prefix keeps it too: 86 138, 886 912 (0912 without its trunk 0).
        keep_head += len(item.digits) - _NATIONAL_LENGTH[item.kind]
    hidden = set(positions[keep_head:len(positions) - keep_tail])
    return "".join("*" if i in hidden else c for i, c in enumerate(raw))


def _apply(text: str, found: Sequence[PersonalData]) -> str:
    if not found:
        return text
    pieces: list[str] = []
    cursor = 0
    for item in found:
        pieces.append(text[cursor:item.start])
        pieces.append(_masked(item, text[item.start:item.end]))
        cursor = item.end
    pieces.append(text[cursor:])
    return "".join(pieces)


def mask(text: str) -> str:
    """The text with every unmasked personal number masked (138****5678, F******748)."""
    return _apply(text, list(find_personal_data(text)))


def mask_slice(text: str, start: int, end: int) -> str:
    """text[start:end] as it reads in the masked text: a number the cut goes through is
    masked whole before the cut, so no cut shows more of it than its masked form."""
    low, high = max(0, start - _SLICE_MARGIN), min(len(text), end + _SLICE_MARGIN)
    return mask(text[low:high])[start - low:end - low]


def mask_fragments(text: str) -> str:
    """`mask(text)`, and digits at either end of it that may be part of a number wrapped from
    or onto another text (the first or last five digits or more, next to no `*`) masked too,
    but the three a wrapped number's start keeps (or the four its end keeps). For a text seen
    without its neighbours: the repr of an utterance or a finding."""
    masked = mask(text)
    end = _EDGE_RUN_END_RE.search(masked[-_SLICE_MARGIN:])
    if end is not None:
        start = len(masked) - len(masked[-_SLICE_MARGIN:]) + end.start()
        masked = masked[:start] + _hide_digits(masked[start:], keep_head=3, keep_tail=0)
    begin = _EDGE_RUN_START_RE.match(masked[:_SLICE_MARGIN])
    if begin is not None:
        masked = _hide_digits(masked[:begin.end()], keep_head=0, keep_tail=4) + masked[begin.end():]
    return masked


def _hide_digits(piece: str, keep_head: int, keep_tail: int) -> str:
    positions = [i for i, c in enumerate(piece) if c.isdecimal()]
    hidden = set(positions[keep_head:len(positions) - keep_tail])
    return "".join("*" if i in hidden else c for i, c in enumerate(piece))


@dataclass(frozen=True, slots=True)
class LocatedData:
    """A personal number in one of several texts (`PersonalDataIndex`)."""

    index: int   # the text it starts in
    start: int   # offsets in that text; `end` stops at the text's end when the number goes on
    end: int     # in the next text (wrapped onto the next line)
    kind: str
    masked: str  # the whole number masked as written, without line breaks: 138****5678


@dataclass(frozen=True, slots=True)
class _Crossing:
    """A number wrapped from one text onto the next: where it starts in the first, where it
    ends in the second, and its masked form cut in two there."""

    kind: str
    start: int
    end: int
    masked_before: str
    masked_after: str


class PersonalDataIndex:
    """The personal numbers of a sequence of texts (a script's utterances), and the texts masked.

    Where `continues[i]`, the end of text i and the start of text i + 1 are also read as one,
    with a line break between them (the next utterance stands on the next line), so a number
    wrapped from one line onto the next is found, and masked in both. Each text is scanned on
    its own, and only the ends of two texts around such a line break together: a text with
    nothing to mask is not copied. Computed once, when first asked for."""

    def __init__(self, texts: Sequence[str], continues: Sequence[bool]) -> None:
        self.texts = texts
        self.continues = continues
        self._found: list[LocatedData] | None = None
        self._masked: list[str] | None = None

    def _crossing(self, index: int) -> _Crossing | None:
        """The number that goes from the end of text `index` onto the start of the next, if any."""
        before, after = self.texts[index][-_SLICE_MARGIN:], self.texts[index + 1][:_SLICE_MARGIN]
        if not (_WRAPPED_END_RE.search(before[-_MAX_GAP - 2:]) and _WRAPPED_START_RE.match(after)):
            return None
        joined = before + "\n" + after
        cut = len(before)  # where the line break stands
        for item in find_personal_data(joined):
            if item.start < cut and item.end > cut + 1:
                masked = _masked(item, joined[item.start:item.end])
                return _Crossing(item.kind, len(self.texts[index]) - cut + item.start, item.end - cut - 1,
                                 masked[:cut - item.start], masked[cut + 1 - item.start:])
        return None

    def _scan(self) -> tuple[list[LocatedData], list[str]]:
        found: list[LocatedData] = []
        masked: list[str] = []
        carried: _Crossing | None = None  # a number wrapped onto this text from the one before
        # Whether each text holds a digit: one without holds no number, and no number wraps
        # onto it (a wrapped number's second part starts with a digit); most texts hold none.
        digits = [_RUN_RE.search(text) is not None for text in self.texts]
        last = len(self.texts) - 1
        for index, text in enumerate(self.texts):
            items = list(_found_in(text)) if digits[index] else []
            crossing = self._crossing(index) if index < last and digits[index + 1] and self.continues[index] else None
            # A wrapped number, found across the line break, wins over what each part reads alone.
            items = [item for item in items if (carried is None or item.start >= carried.end)
                     and (crossing is None or item.end <= crossing.start)]
            pieces: list[str] = []
            cursor = 0
            if carried is not None:
                pieces.append(carried.masked_after)
                cursor = carried.end
            for item in items:
                written = _masked(item, text[item.start:item.end])
                pieces += [text[cursor:item.start], written]
                cursor = item.end
                found.append(LocatedData(index, item.start, item.end, item.kind, _LINE_BREAK_RE.sub("", written)))
            if crossing is not None:
                pieces += [text[cursor:crossing.start], crossing.masked_before]
                cursor = len(text)
                found.append(LocatedData(index, crossing.start, len(text), crossing.kind,
                                         _LINE_BREAK_RE.sub("", crossing.masked_before + crossing.masked_after)))
            masked.append("".join([*pieces, text[cursor:]]) if pieces else text)
            carried = crossing
        return found, masked

    @property
    def found(self) -> list[LocatedData]:
        if self._found is None:
            self._found, self._masked = self._scan()
        return self._found

    @property
    def masked(self) -> list[str]:
        if self._masked is None:
            self._found, self._masked = self._scan()
        return self._masked
