"""Fast, exact Traditional -> Simplified Chinese conversion.

Call scripts arrive in both scripts, and the lexicons are written in
Simplified Chinese, so every text is folded to Simplified before matching.
``opencc.OpenCC('t2s').convert`` from opencc-python-reimplemented does that,
but at roughly 0.5 M chars/s, which dominates lint time.  This module gives
the *same output for every input* at C speed for the common cases:

* ``has_traditional`` is a precompiled character-class scan (plus, only for a
  few phrase keys, a phrase regex); when it is False the conversion is
  provably the identity and the text is returned as-is.
* Otherwise per-character conversion is one ``str.translate`` call; phrase
  matches (TSPhrases) are located with one precompiled regex, resolved the
  way the reference resolves them, and written over the translated text.

Why that is exact (the reference algorithm is in ``opencc/opencc.py``):

* The reference splits the text on ``split_chars_re`` and converts every
  non-separator segment on its own.  A segment is a maximal run of characters
  that the separator regex does not match, so a dictionary key containing a
  separator character can never match and is dropped here; a separator
  character is never converted, so it is left out of the character table.
  With those two rules no match can straddle a segment boundary, and the
  split itself becomes unnecessary.
* Per segment the reference takes the longest phrase match anywhere (leftmost
  among equally long ones), then recurses into the text left and right of it.
  Rank all phrase occurrences by (longer first, then leftmost).  The
  recursion's chosen set S is then exactly the set of occurrences that no
  better-ranked member of S overlaps: a chosen occurrence overlaps nothing
  else chosen (they are disjoint), and an occurrence that is not chosen was,
  at some step, inside an interval whose best (hence better-ranked) match
  overlapped it.  That property defines S uniquely, and a greedy pass over the
  occurrences in rank order computes it.  The greedy pass is run per cluster of
  mutually overlapping occurrences, which are small.
* Text not covered by a chosen phrase goes through TSCharacters, whose keys
  are single characters, i.e. plain per-character translation.  A one-character
  TSPhrases key would always win over TSCharacters wherever no longer phrase
  covers it, so such keys are merged into the character table.
* Dictionary values with several candidates ("a b") use the first one, and
  every candidate has the length of its key, so the conversion maps each code
  point to exactly one code point (checked on load).

The dictionaries are read lazily, on first use, from the installed ``opencc``
package; the module never imports ``opencc`` itself.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import importlib.util
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["has_traditional", "to_simplified"]

# Separator regex, copied verbatim from opencc-python-reimplemented's
# OpenCC.split_chars_re (0.1.7).  Used only to decide which characters are
# separators, i.e. never converted and never part of a match.
_SEPARATOR_PATTERN = (
    r'(\s+|-|,|\.|\?|!|\*|　|，|。|、|；|：|？|！|…|“|”|‘|’|『|』|「|」|﹁|﹂|—|－|（|）|《|》|〈|〉|～|．|／|＼|︒|︑|︔|︓|︿|﹀|︹|︺|︙|︐|［|﹇|］|﹈|︕|︖|︰|︳|︴|︽|︾|︵|︶|｛|︷|｝|︸|﹃|﹄|【|︻|】|︼)'
)

_PHRASES_FILE = "TSPhrases.txt"
_CHARACTERS_FILE = "TSCharacters.txt"

# Any code point outside the Basic Multilingual Plane.  A regex character
# class with hundreds of non-BMP literals is scanned item by item by `re`
# (only the BMP part becomes a bitmap), so non-BMP characters are matched by
# this single range and checked exactly in Python; they are rare in text.
_NON_BMP = "\U00010000-\U0010ffff"
_NON_BMP_RE = re.compile(f"[{_NON_BMP}]")

# (start, end, simplified value) of one phrase occurrence, end exclusive.
Occurrence = tuple[int, int, str]


def _read_dictionary(path: Path) -> dict[str, str]:
    """Read an OpenCC text dictionary the way the reference does.

    Same parsing as ``OpenCC._add_dictionaries`` (``line.strip().split('\\t')``,
    later duplicates win), keeping only the first candidate of multi-valued
    entries because that is the only one the reference ever uses.  Raises
    ``ValueError`` if a candidate's length differs from its key's, since the
    fast path relies on the conversion being length-preserving.
    """
    table: dict[str, str] = {}
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            fields = line.strip().split("\t")
            if len(fields) != 2 or not fields[0]:
                raise ValueError(f"{path}:{number}: malformed entry {line!r}")
            key, value = fields
            candidates = value.split(" ")
            for candidate in candidates:
                if len(candidate) != len(key):
                    raise ValueError(
                        f"{path}:{number}: candidate {candidate!r} has a different "
                        f"length than key {key!r}; conversion would not be "
                        "length-preserving"
                    )
            table[key] = candidates[0]
    return table


def _char_class(chars: set[str]) -> str:
    """Body of a regex character class matching exactly ``chars``."""
    return "".join(re.escape(c) for c in sorted(chars))


Trie = dict[str, "Trie"]


def _trie_pattern(keys: Iterable[str]) -> str:
    """Regex matching exactly the given (non-empty) keys, factored as a trie.

    `re` tries the branches of a flat alternation one after another at every
    candidate position; sharing prefixes cuts that to one branch per distinct
    character and makes the scan roughly 1.7 times faster.
    """
    trie: Trie = {}
    for key in keys:
        node = trie
        for char in key:
            node = node.setdefault(char, {})
        node[""] = {}  # end-of-key marker

    def emit(node: Trie) -> str:
        branches = [re.escape(char) + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        if len(branches) == 1 and "" not in node:
            return branches[0]
        group = "(?:" + "|".join(branches) + ")"
        # A key may also end here: the rest is optional (greedy, longest first).
        return group + "?" if "" in node else group

    return emit(trie)


def _resolve_cluster(cluster: list[Occurrence]) -> list[Occurrence]:
    """Pick the reference's matches among mutually overlapping occurrences.

    Greedy in the reference's preference order (longer first, then leftmost):
    keep an occurrence unless a kept one overlaps it.  See the module
    docstring for why this equals the reference's recursive splitting.
    """
    kept: list[Occurrence] = []
    for occ in sorted(cluster, key=lambda o: (o[0] - o[1], o[0])):
        start, end, _ = occ
        for kept_start, kept_end, _ in kept:
            if start < kept_end and kept_start < end:
                break
        else:
            kept.append(occ)
    kept.sort()
    return kept


def _select(occurrences: list[Occurrence]) -> list[Occurrence]:
    """Chosen phrase matches, sorted by position and non-overlapping.

    Occurrences are grouped into clusters (maximal runs that overlap
    transitively); a lone occurrence is always chosen, since nothing can
    block it, and only real clusters go through ``_resolve_cluster``.
    """
    occurrences.sort()
    chosen: list[Occurrence] = []
    count = len(occurrences)
    i = 0
    while i < count:
        cluster_end = occurrences[i][1]
        j = i + 1
        while j < count and occurrences[j][0] < cluster_end:
            cluster_end = max(cluster_end, occurrences[j][1])
            j += 1
        if j == i + 1:
            chosen.append(occurrences[i])
        else:
            chosen.extend(_resolve_cluster(occurrences[i:j]))
        i = j
    return chosen


@dataclass(frozen=True)
class _Tables:
    """What a converter is built from, as plain strings and dicts (the start-up cache stores
    these, never the converter): the rewritten characters, the phrase table, and the sources of
    its three regexes."""

    changed: dict[str, str]  # character -> its Simplified form, only those that change
    phrases: dict[str, str]  # multi-character phrase keys that can match
    trigger_class: str  # body of the character class of the BMP triggers
    phrase_trigger_pattern: str | None
    phrase_pattern: str | None

    @classmethod
    def derive(cls, phrases: dict[str, str], characters: dict[str, str]) -> _Tables:
        """From the parsed TSPhrases and TSCharacters dictionaries."""
        separator_re = re.compile(_SEPARATOR_PATTERN)

        def is_separator(char: str) -> bool:
            return separator_re.fullmatch(char) is not None

        # The group only degenerates to per-character translation if every
        # TSCharacters key is one character.
        for key in characters:
            if len(key) != 1:
                raise ValueError(f"character dictionary key {key!r} is not one character")

        # Separators never reach the dictionaries in the reference.
        char_map = {k: v for k, v in characters.items() if not is_separator(k)}
        phrase_map: dict[str, str] = {}
        for key, value in phrases.items():
            if any(is_separator(c) for c in key):
                continue  # can never match inside a separator-free segment
            if len(key) == 1:
                char_map[key] = value  # a one-character phrase beats TSCharacters
            else:
                phrase_map[key] = value

        changed = {k: v for k, v in char_map.items() if k != v}
        # has_traditional(): the text can only change if it contains a
        # character the character table rewrites, or a whole phrase key whose
        # value differs.  Phrases are only looked for when one of their
        # rewritten positions is not already a character trigger: common
        # Simplified characters such as 么 (in 么麼 -> 幺麽) then do not
        # send plain Simplified text down the slow path.
        phrase_triggers = [
            key
            for key, value in phrase_map.items()
            if any(k != v and k not in changed for k, v in zip(key, value))
        ]
        return cls(
            changed=changed,
            phrases=phrase_map,
            trigger_class=_char_class({c for c in changed if ord(c) <= 0xFFFF}),
            phrase_trigger_pattern=_trie_pattern(phrase_triggers) if phrase_triggers else None,
            phrase_pattern=_trie_pattern(phrase_map) if phrase_map else None,
        )

    def to_data(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> _Tables:
        """Back from `to_data`; ValueError for anything else (a cache entry from elsewhere)."""
        tables = cls(**data)
        for mapping in (tables.changed, tables.phrases):
            if not isinstance(mapping, dict) or not all(
                isinstance(k, str) and isinstance(v, str) and len(k) == len(v) for k, v in mapping.items()
            ):
                raise ValueError("malformed conversion table")
        if not isinstance(tables.trigger_class, str) or not all(
            p is None or isinstance(p, str) for p in (tables.phrase_trigger_pattern, tables.phrase_pattern)
        ):
            raise ValueError("malformed conversion patterns")
        return tables


class _Converter:
    """Precomputed tables for one pair of TSPhrases/TSCharacters dictionaries."""

    def __init__(self, tables: _Tables) -> None:
        self.tables = tables
        changed = tables.changed
        # Characters only Simplified text has (a Simplified form that is not itself rewritten):
        # with the rewritten ones, they tell which script a line is mostly in.
        self.traditional_only = frozenset(changed)
        self.simplified_only = frozenset(v for v in changed.values() if len(v) == 1 and v not in changed)

        self._trigger_search = re.compile(f"[{tables.trigger_class}{_NON_BMP}]").search
        self._non_bmp_trigger = frozenset(c for c in changed if ord(c) > 0xFFFF)
        self._phrase_trigger_search = (
            re.compile(tables.phrase_trigger_pattern).search if tables.phrase_trigger_pattern else None
        )

        # str.translate is about twice as fast with a list indexed by code
        # point than with a dict.  The list covers the BMP only (an
        # IndexError leaves a character unchanged), so texts containing any
        # non-BMP character use the dict instead.
        self._full_table = {ord(k): ord(v) for k, v in changed.items()}
        bmp_table = list(range(0x10000))
        for code, target in self._full_table.items():
            if code <= 0xFFFF:
                bmp_table[code] = target
        self._bmp_table = bmp_table

        # Phrase lookup: a regex over all keys locates the regions that hold
        # matches, then the table is probed there for every key length that
        # can start with the character at hand.
        self._phrase_lookup = tables.phrases.get
        lengths: dict[str, set[int]] = {}
        for key in tables.phrases:
            lengths.setdefault(key[0], set()).add(len(key))
        self._lengths_by_first = {c: sorted(n) for c, n in lengths.items()}
        self._phrase_finditer = re.compile(tables.phrase_pattern).finditer if tables.phrase_pattern else None

    @classmethod
    def from_dictionaries(cls, phrases: dict[str, str], characters: dict[str, str]) -> _Converter:
        return cls(_Tables.derive(phrases, characters))

    @classmethod
    def from_directory(cls, directory: Path) -> _Converter:
        """Build from a folder holding TSPhrases.txt and TSCharacters.txt."""
        return cls.from_dictionaries(
            _read_dictionary(directory / _PHRASES_FILE),
            _read_dictionary(directory / _CHARACTERS_FILE),
        )

    def has_traditional(self, text: str) -> bool:
        """See the module-level ``has_traditional``."""
        search = self._trigger_search
        match = search(text)
        while match is not None:
            char = match.group()
            if ord(char) <= 0xFFFF or char in self._non_bmp_trigger:
                return True
            match = search(text, match.end())  # a non-BMP char that is not a trigger
        phrase_search = self._phrase_trigger_search
        return phrase_search is not None and phrase_search(text) is not None

    def find_phrases(self, text: str) -> list[Occurrence]:
        """Every occurrence of every phrase key, overlapping ones included.

        The regex reports non-overlapping matches only, but every occurrence
        starts inside one of them: a position outside all matches was tried
        by the scan and no key starts there.  So probing each position of each
        match for all key lengths finds them all.
        """
        if self._phrase_finditer is None:
            return []
        found: list[Occurrence] = []
        lookup = self._phrase_lookup
        lengths_by_first = self._lengths_by_first
        size = len(text)
        for match in self._phrase_finditer(text):
            for start in range(match.start(), match.end()):
                for length in lengths_by_first.get(text[start], ()):
                    end = start + length
                    if end > size:
                        break
                    value = lookup(text[start:end])
                    if value is not None:
                        found.append((start, end, value))
        return found

    def to_simplified(self, text: str) -> str:
        """See the module-level ``to_simplified``."""
        if not self.has_traditional(text):
            return text
        if _NON_BMP_RE.search(text) is None:
            translated = text.translate(self._bmp_table)
        else:
            translated = text.translate(self._full_table)
        occurrences = self.find_phrases(text)
        if not occurrences:
            return translated
        return apply_phrases(translated, occurrences)


def apply_phrases(translated: str, occurrences: list[Occurrence]) -> str:
    """`translated` (converted character by character) with the values of the phrases the
    reference chooses among `occurrences` (every occurrence of every phrase key in the text before
    conversion, overlapping ones included) written over it; positions line up because everything
    is length-preserving."""
    pieces: list[str] = []
    position = 0
    for start, end, value in _select(occurrences):
        pieces.append(translated[position:start])
        pieces.append(value)
        position = end
    pieces.append(translated[position:])
    return "".join(pieces)


def _dictionary_directory() -> Path:
    """Folder of the installed opencc package's dictionaries, without importing it."""
    spec = importlib.util.find_spec("opencc")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(
            "scriptlint.t2s needs the dictionaries of the 'opencc-python-reimplemented' "
            "package; install it"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "dictionary"


_converter: _Converter | None = None
_converter_lock = threading.Lock()


def _default_converter() -> _Converter:
    """The shared converter, built on first use so that import stays cheap."""
    global _converter
    converter = _converter
    if converter is None:
        with _converter_lock:
            if _converter is None:
                directory = _dictionary_directory()
                try:
                    from . import cache

                    _converter = cache.cached(
                        "t2s", cache.key("t2s", dictionary_digest()), lambda: _Converter.from_directory(directory),
                        lambda converter: converter.tables.to_data(),
                        lambda data: _Converter(_Tables.from_data(data)))
                except (ImportError, OSError):
                    _converter = _Converter.from_directory(directory)
            converter = _converter
    return converter


@functools.lru_cache(maxsize=1)
def dictionary_digest() -> str:
    """SHA-256 of the two OpenCC dictionaries the conversion is derived from (a cache key).
    Read once a run: three start-up cache entries (t2s, the core's tables, the speaker markers)
    are keyed by it."""
    directory = _dictionary_directory()
    digest = hashlib.sha256()
    for name in (_PHRASES_FILE, _CHARACTERS_FILE):
        digest.update((directory / name).read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def conversion_tables() -> _Tables:
    """The tables the conversion is built from (the compiled core exports some of them)."""
    return _default_converter().tables


def has_traditional(text: str) -> bool:
    """Return True if converting ``text`` to Simplified could change it.

    Lets callers skip conversion (and any per-text bookkeeping) for text that
    is already Simplified.  Exact in one direction: False guarantees
    ``to_simplified(text) == text``.  True means the text contains a character
    the dictionaries can rewrite, though context may still leave it as is
    (e.g. 著 in the phrase 著名).
    """
    return _default_converter().has_traditional(text)


def to_simplified(text: str) -> str:
    """Convert Traditional Chinese in ``text`` to Simplified Chinese.

    Returns exactly what ``opencc.OpenCC('t2s').convert(text)`` from
    opencc-python-reimplemented returns, for every input, so results never
    depend on which implementation ran; the output has the same length as
    the input, so character offsets found in it are valid in the original.
    Text without Traditional characters is returned unchanged (same object).
    """
    return _default_converter().to_simplified(text)


def is_traditional(text: str) -> bool:
    """Whether ``text`` is mostly written in Traditional characters: more of its characters are
    Traditional-only than Simplified-only (one 風險 in a Simplified line does not make it Traditional)."""
    if not has_traditional(text):
        return False
    converter = _default_converter()
    # Counted by set lookups mapped in C: a finding with a suggestion asks this of its line.
    traditional = sum(map(converter.traditional_only.__contains__, text))
    simplified = sum(map(converter.simplified_only.__contains__, text))
    return traditional > simplified


_PLACEHOLDER = re.compile(r"(\{[^{}]*\})")
_s2t_convert: Callable[[str], str] | None = None


def _s2t(text: str) -> str:
    global _s2t_convert
    if _s2t_convert is None:
        from opencc import OpenCC  # type: ignore[import-untyped]

        converter: Callable[[str], str] = OpenCC("s2tw").convert
        _s2t_convert = converter
    return _s2t_convert(text)


@functools.lru_cache(maxsize=4096)  # suggestions repeat: convert each once
def to_traditional(text: str) -> str:
    """Simplified to Traditional (Taiwan standard characters), for text we write into a
    Traditional script such as a suggestion. Placeholders such as {工单号} stay as they are, so a
    tool that fills them by name still finds them. OpenCC loads on first use only: most runs never
    need it."""
    return "".join(part if _PLACEHOLDER.fullmatch(part) else _s2t(part) for part in _PLACEHOLDER.split(text))
