"""Text normalization for matching, with a map back to the original characters.

Matching runs on normalized text; findings report original positions. The steps:

1. NFKC per character (full-width letters and digits to half-width) and lower case. Chinese
   sentence punctuation is kept as it is: it is a boundary, never part of a term, and leaving
   it alone lets ordinary Chinese text take the fast path below.
2. Traditional to Simplified (OpenCC t2s, see `t2s.py`); length-preserving.
3. Separators hidden inside terms are removed: whitespace (not newlines), zero-width
   characters and `* _ - · • . | / ~ +`; and so are the characters nobody sees on their own:
   combining marks (Unicode categories Mn and Me: 保\u0301本 reads 保本) and format controls
   (Cf: bidi controls such as U+202E, the soft hyphen, zero-width joiners, U+FEFF), variation
   selectors included. An emoji sequence loses its joiners and selectors and keeps its pictures.

Steps 1 and 2 keep one character per character almost always, so the map is only needed
for the removals, and is computed lazily: most texts have no hit and never need it.

With the compiled core (`compiled.core`), steps 1 and 3 run in one C pass over the text, from
tables exported here (`_core_tables`); a text that holds a Traditional character (or one of an
OpenCC phrase) or a '[' gets its folded text from C and the rest of the way here, and a text with
a character that folds to several takes the slow path below, as in the pure engine.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import compiled, t2s

if TYPE_CHECKING:
    from . import _core as _core_types

# Kept as they are: sentence and clause punctuation that the rules treat as boundaries.
KEPT_PUNCTUATION = "，。！？；：、（）【】《》「」『』“”‘’"

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"
# Separators after folding (full-width forms are already half-width by then).
SEPARATOR_SYMBOLS = "*_-·•.|/~+‧・･∙⋅"
# Whitespace but the line breaks that end utterances.
SPACES = "\t\x0b\x0c\r \u00a0\u1680\u2028\u2029\u202f\u205f\u3000" + "".join(map(chr, range(0x2000, 0x200B)))
# Invisible on their own: combining marks and format controls (in every plane).
INVISIBLE_CATEGORIES = ("Mn", "Me", "Cf")
# Exported chat logs mask digits as [数字x], amounts as [金额x], dates as [日期x] and times as
# [时间x]. A masked number still states a number (a time bound, a range, a reference), so after
# folding (full-width brackets, Traditional 數字) each token is replaced, character for character,
# by a stand-in of the same length: digits for a number or an amount, a date for a date, a clock
# time for a time. The length stays, so the offset map does too.
MASKED_TOKEN_RE = re.compile(r"\[(数字|金额|日期|时间)x?\]")
_MASKED_ANY_RE = re.compile(r"[\[［](?:数字|數字|金额|金額|日期|时间|時間)")
_STAND_INS = {"数字": "0", "金额": "0", "日期": "0月0日", "时间": "0:00"}


def _stand_in(match: re.Match[str]) -> str:
    token = match.group()
    stand_in = _STAND_INS[match.group(1)]
    if len(stand_in) > len(token):
        stand_in = stand_in[: len(token)]
    return stand_in.rjust(len(token), "0")


def _unmask(folded: str) -> str:
    """`folded` (NFKC, lower case, Simplified) with masked-data tokens replaced, same length."""
    if "[" not in folded:
        return folded
    return MASKED_TOKEN_RE.sub(_stand_in, folded)


# Where combining marks and format controls are: the BMP, the SMP, and the tags and variation
# selectors of plane 14 (planes 2 and 3 hold ideographs, 15 and 16 private use, the rest nothing).
_INVISIBLE_PLANES = (range(0x20000), range(0xE0000, 0xE1000))


def _invisible_characters() -> str:
    """Every code point of INVISIBLE_CATEGORIES, in order."""
    category = unicodedata.category
    return "".join(ch for plane in _INVISIBLE_PLANES for ch in map(chr, plane) if category(ch) in INVISIBLE_CATEGORIES)


def _build_fold_tables() -> tuple[dict[int, str], str, str]:
    """Characters of the BMP that NFKC or lower-casing changes, and the invisible characters.

    Returns a 1:1 translation table, a character class of the characters that expand to more
    than one non-separator character (they take the slow path), and the invisible characters.
    """
    table: dict[int, str] = {}
    expanding: list[str] = []
    invisible = _invisible_characters()
    separators = set(SEPARATOR_SYMBOLS + ZERO_WIDTH + " " + invisible)
    is_normalized = unicodedata.is_normalized
    for code in range(0x20, 0x10000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        ch = chr(code)
        # The C check first: most characters need nothing, and start-up time matters.
        if is_normalized("NFKC", ch) and ch.lower() == ch:
            continue
        if ch in KEPT_PUNCTUATION:
            continue
        folded = unicodedata.normalize("NFKC", ch).lower()
        if folded == ch:
            continue
        if len(folded) == 1:
            table[code] = folded
        elif folded and all(c in separators for c in folded):
            # e.g. "…" -> "...": only separators, so it disappears like one.
            table[code] = "."
        else:
            expanding.append(ch)
    return table, "".join(expanding), invisible


@dataclass(frozen=True)
class _Tables:
    fold: dict[int, str]  # 1:1 folds
    non_case: re.Pattern[str]  # characters whose fold is more than str.lower()
    expanding: re.Pattern[str]  # characters that fold to several: the slow path
    # A character normalization changes or removes; a run of separators and invisible
    # characters. Each twice: for text of the BMP only, and for text beyond it. A class that
    # holds characters beyond the BMP is matched range by range, ten times slower, and most
    # text has no such character.
    any_change: tuple[re.Pattern[str], re.Pattern[str]]
    removed: tuple[re.Pattern[str], re.Pattern[str]]

    def any_change_in(self, text: str) -> re.Pattern[str]:
        return self.any_change[_beyond_bmp(text)]

    def removed_in(self, text: str) -> re.Pattern[str]:
        return self.removed[_beyond_bmp(text)]


_BEYOND_BMP = re.compile("[\U00010000-\U0010ffff]")


def _beyond_bmp(text: str) -> bool:
    return _BEYOND_BMP.search(text) is not None  # one range per character: a fast scan


def _compiled(chars: str, suffix: str = "") -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A class of `chars`, without and with those beyond the BMP."""
    in_bmp = "".join(ch for ch in chars if ch <= "\uffff")
    return re.compile(_char_class(in_bmp) + suffix), re.compile(_char_class(chars) + suffix)


_TABLES: _Tables | None = None


def _char_class(chars: str) -> str:
    """A regex class written as ranges: compiles far faster than thousands of single characters."""
    codes = sorted(set(map(ord, chars)))
    parts: list[str] = []
    index = 0
    while index < len(codes):
        first = last = codes[index]
        while index + 1 < len(codes) and codes[index + 1] == last + 1:
            index += 1
            last = codes[index]
        parts.append(re.escape(chr(first)) if first == last else f"{re.escape(chr(first))}-{re.escape(chr(last))}")
        index += 1
    return "[" + "".join(parts) + "]"


def _fold_tables_to_data(tables: tuple[dict[int, str], str, str]) -> dict[str, str]:
    """The folding tables as JSON can hold them: one string of the changed characters, one of
    what each becomes (1:1), the expanding ones and the invisible ones."""
    table, expanding, invisible = tables
    return {"from": "".join(map(chr, table)), "to": "".join(table.values()), "expanding": expanding,
            "invisible": invisible}


def _fold_tables_from_data(data: dict[str, str]) -> tuple[dict[int, str], str, str]:
    sources, targets, expanding, invisible = data["from"], data["to"], data["expanding"], data["invisible"]
    if not (isinstance(sources, str) and isinstance(targets, str) and isinstance(expanding, str)
            and isinstance(invisible, str) and len(sources) == len(targets)):
        raise ValueError("malformed folding tables")
    return dict(zip(map(ord, sources), targets)), expanding, invisible


_FOLD_DATA: tuple[dict[int, str], str, str] | None = None


def fold_key_parts() -> tuple[object, ...]:
    """What the folding tables depend on (a cache key)."""
    return (2, KEPT_PUNCTUATION, SEPARATOR_SYMBOLS, ZERO_WIDTH, SPACES, INVISIBLE_CATEGORIES, unicodedata.unidata_version)


def _fold_data() -> tuple[dict[int, str], str, str]:
    """The 1:1 folding table, the expanding characters and the invisible ones (from the cache)."""
    global _FOLD_DATA
    if _FOLD_DATA is None:
        from . import cache

        _FOLD_DATA = cache.cached("fold", cache.key("fold", *fold_key_parts()),
                                  _build_fold_tables, _fold_tables_to_data, _fold_tables_from_data)
    return _FOLD_DATA


def folded_by_table() -> frozenset[str]:
    """The characters `fold` rewrites by its table rather than by `str.lower` alone (full-width
    forms, compatibility characters, ...)."""
    return frozenset(map(chr, _fold_data()[0]))


def _tables() -> _Tables:
    global _TABLES
    if _TABLES is None:
        table, expanding, invisible = _fold_data()
        non_case = "".join(chr(c) for c, v in table.items() if len(chr(c).lower()) != 1 or chr(c).lower() != v or chr(c) in "Σς")
        removed = SEPARATOR_SYMBOLS + ZERO_WIDTH + SPACES + invisible
        _TABLES = _Tables(
            fold=table,
            non_case=re.compile(_char_class(non_case)),
            expanding=re.compile(_char_class(expanding)) if expanding else re.compile(r"(?!)"),
            # One scan decides whether a text needs anything at all.
            any_change=_compiled("".join(map(chr, table)) + expanding + removed),
            removed=_compiled(removed, "+"),
        )
    return _TABLES


def fold(text: str) -> str:
    """NFKC + lower case, one character for one character (expanding characters kept as is).

    str.translate with a dict costs ~100 ns a character; str.lower() is C-fast. Only the
    characters where NFKC does more than change case (full-width forms, compatibility
    characters) or where lower() would not give one character go through the table.
    """
    tables = _tables()
    table = tables.fold
    special = tables.non_case
    if special.search(text) is None:
        folded = text.lower()
    else:
        folded = special.sub(lambda match: table[ord(match.group())], text).lower()
    if len(folded) != len(text):  # İ and a few others lower-case to two characters
        return text.translate(table)
    return folded


@dataclass
class Normalized:
    """Normalized text and the way back to the original.

    `folded` is the original after steps 1-2, same length as the original (None when the
    original needed nothing). `text` is the match text. `origin(i)` gives the original index of
    character i of `text`; `origin(len(text))` is the original length.
    """

    original: str
    text: str
    folded: str | None = None
    _origin: list[int] | None = field(default=None, repr=False)  # slow path only
    _identity: bool = False
    _runs: tuple[list[int], list[int]] | None = field(default=None, repr=False)

    def origin(self, index: int) -> int:
        if self._identity:
            return index
        if self._origin is not None:
            return self._origin[index]
        if self._runs is None:
            self._runs = self._build_runs()
        starts, removed = self._runs
        # Add the separators removed before this character: one bisect, no per-character map.
        run = bisect.bisect_right(starts, index)
        return index + (removed[run - 1] if run else 0)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) of normalized [start, end); end covers the last character."""
        if end <= start:
            pos = self.origin(start)
            return pos, pos
        return self.origin(start), self.origin(end - 1) + 1

    def _build_runs(self) -> tuple[list[int], list[int]]:
        """Where separator runs were removed, in normalized positions, with the running count."""
        folded = self.folded if self.folded is not None else self.original
        if compiled.core is not None:
            return _folder().removed_runs(folded)
        starts: list[int] = []
        removed: list[int] = []
        total = 0
        for match in _tables().removed_in(folded).finditer(folded):
            starts.append(match.start() - total)
            total += match.end() - match.start()
            removed.append(total)
        return starts, removed

    def folded_char(self, original_index: int) -> str:
        """The folded character at an original index ('' outside the text), for boundary checks."""
        if original_index < 0 or original_index >= len(self.original):
            return ""
        source = self.folded if self.folded is not None else self.original
        return source[original_index]


def normalize(text: str) -> Normalized:
    """`text` normalized for matching, with the map back to it."""
    if compiled.core is not None:
        return _normalize_compiled(text)
    return normalize_pure(text)


def normalize_pure(text: str) -> Normalized:
    """The pure-Python engine's normalization: the reference the compiled core is held to."""
    tables = _tables()
    masked = _MASKED_ANY_RE.search(text) is not None
    if not masked and tables.any_change_in(text).search(text) is None and not t2s.has_traditional(text):
        return Normalized(text, text, None, None, True)
    if tables.expanding.search(text) is not None:
        return _normalize_slow(text)
    folded = _unmask(t2s.to_simplified(fold(text)))
    return Normalized(text, tables.removed_in(folded).sub("", folded), folded)


def _normalize_slow(text: str) -> Normalized:
    """Per-character path for the rare characters that NFKC expands (㈱ -> (株))."""
    tables = _tables()
    table = tables.fold
    pieces: list[str] = []
    origin: list[int] = []
    for index, ch in enumerate(text):
        mapped = table.get(ord(ch))
        if mapped is None:
            mapped = unicodedata.normalize("NFKC", ch).lower() if ch not in KEPT_PUNCTUATION else ch
        for out in mapped:
            pieces.append(out)
            origin.append(index)
    folded_expanded = _unmask(t2s.to_simplified("".join(pieces)))
    out_chars: list[str] = []
    out_origin: list[int] = []
    removed: set[int] = set()
    for match in tables.removed_in(folded_expanded).finditer(folded_expanded):
        removed.update(range(match.start(), match.end()))
    for i, ch in enumerate(folded_expanded):
        if i not in removed:
            out_chars.append(ch)
            out_origin.append(origin[i])
    out_origin.append(len(text))
    # A folded copy of the original length, for boundary checks: first output char per source.
    folded_same = list(text)
    for i, ch in enumerate(folded_expanded):
        src = origin[i]
        if folded_same[src] == text[src]:
            folded_same[src] = ch
    return Normalized(text, "".join(out_chars), "".join(folded_same), out_origin)


_FOLDER: _core_types.Folder | None = None  # the compiled core's Folder, built on first use
_PHRASE_VALUES: list[str] = []  # the OpenCC phrases' values, in the Folder's order of the keys


def _core_tables_to_data(tables: dict[str, str]) -> dict[str, str]:
    return tables


def _core_tables_from_data(data: dict[str, str]) -> dict[str, str]:
    if not (isinstance(data, dict) and set(data) == set(_CORE_TABLE_FIELDS)
            and all(isinstance(v, str) for v in data.values()) and len(data["sources"]) == len(data["targets"])):
        raise ValueError("malformed core tables")
    return data


_CORE_TABLE_FIELDS = ("sources", "targets", "expanding", "removed", "python", "phrase", "phrase_keys", "t2s_sources",
                      "t2s_targets", "all_phrase_keys", "all_phrase_values")


def _build_core_tables() -> dict[str, str]:
    """The Folder's tables: what each BMP character folds to (only those that change), the
    characters that fold to several, the removed ones, '[' (a masked token may start there:
    Python finishes); and for Traditional text, the characters `t2s.to_simplified` rewrites (as
    `t2s_sources` and `t2s_targets`), the OpenCC phrases that rewrite a character the character
    table leaves alone (`phrase_keys`: exactly those `t2s.has_traditional` looks for; `phrase`: the
    characters they rewrite, one of which each holds), and every phrase with its value (one a
    line: phrase keys hold no separator, so no line break)."""
    table, expanding, invisible = _fold_data()
    conversion = t2s.conversion_tables()
    changed = conversion.changed
    phrase_keys = [key for key, value in conversion.phrases.items()
                   if any(k != v and k not in changed for k, v in zip(key, value))]
    phrase = {k for key in phrase_keys for k, v in zip(key, conversion.phrases[key]) if k != v and k not in changed}
    removed = SEPARATOR_SYMBOLS + ZERO_WIDTH + SPACES + invisible
    return {"sources": "".join(map(chr, table)), "targets": "".join(table.values()), "expanding": expanding,
            "removed": "".join(sorted(set(removed))), "python": "[", "phrase": "".join(sorted(phrase)),
            "phrase_keys": "\n".join(phrase_keys), "t2s_sources": "".join(changed),
            "t2s_targets": "".join(changed.values()), "all_phrase_keys": "\n".join(conversion.phrases),
            "all_phrase_values": "\n".join(conversion.phrases.values())}


def _lines(text: str) -> tuple[str, ...]:
    return tuple(filter(None, text.split("\n")))


def _folder() -> _core_types.Folder:
    global _FOLDER, _PHRASE_VALUES
    if _FOLDER is None:
        from . import cache

        core = compiled.core
        assert core is not None
        data = cache.cached(
            "corefold", cache.key("corefold", 3, fold_key_parts(), t2s.dictionary_digest()),
            _build_core_tables, _core_tables_to_data, _core_tables_from_data)
        keys, values = _lines(data["all_phrase_keys"]), _lines(data["all_phrase_values"])
        if len(keys) != len(values):
            raise ValueError("malformed core tables")
        _PHRASE_VALUES = list(values)
        tables = {k: v for k, v in data.items() if k not in ("phrase_keys", "all_phrase_keys", "all_phrase_values")}
        _FOLDER = core.Folder(**tables, phrase_keys=_lines(data["phrase_keys"]), all_phrase_keys=keys)
    return _FOLDER


def _normalize_compiled(text: str) -> Normalized:
    folder = _folder()
    result = folder.fold(text)
    if result is None:  # a character that folds to several
        return _normalize_slow(text)
    status, folded, match_text = result
    if status == 0:
        return Normalized(text, text, None, None, True)
    if status == 3:  # a '[' and nothing else changes: exact checks in Python
        return normalize_pure(text)
    if status == 4:  # Traditional: converted character by character in C, OpenCC's phrases chosen here
        folded, match_text, occurrences = folder.simplify(text)
        if occurrences:
            values = _PHRASE_VALUES
            simplified = t2s.apply_phrases(folded, [(start, end, values[key]) for start, end, key in occurrences])
            if simplified != folded:
                folded = simplified
                match_text = folder.without_removed(folded)
        return Normalized(text, match_text, folded)
    assert folded is not None
    if status == 1:
        assert match_text is not None
        return Normalized(text, match_text, folded)
    # A '[' that may open a masked token: the rest as the pure engine does it.
    folded = _unmask(t2s.to_simplified(folded))
    return Normalized(text, folder.without_removed(folded), folded)
