"""Word-boundary confirmation with jieba's dictionary and jieba's own algorithm.

A lexicon hit is kept only when jieba would cut the text at both its ends: 保本 in 确保本金 is
dropped because 确保 spans its start. This reproduces `jieba.Tokenizer.cut(HMM=False)` (DAG of
dictionary words, best route by log frequency, ASCII runs kept whole), segmenting only a short
window around the hit.

Importing jieba costs 0.3 s and loading its full dictionary 0.65 s, too much for a pre-commit
hook. So the dictionary comes from one of two places:

* a compact dictionary shipped in the package (`data/segdict.marshal`), holding jieba's total,
  every single character, the words that compete with a bundled lexicon term for its
  characters, and the terms themselves, added as jieba.add_word would;
  `python -m scriptlint.lexicon build` makes it, and a test checks it is current;
* jieba's full `dict.txt`, read without importing jieba, when the lexicon has terms the compact
  dictionary was not built for (a team's own pack).

Lexicon terms are added the way `jieba.add_word` does (the frequency `suggest_freq` gives), so a
real term is not split (保过班包就业 keeps 包就业).
"""
from __future__ import annotations

import importlib.util
import marshal
import math
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

_ASCII_RUN = re.compile(r"[a-zA-Z0-9]")
_HAN_BLOCK = re.compile(r"[\u4e00-\u9fd5a-zA-Z0-9+#&._%\-]+")
COMPACT_PATH = Path(__file__).with_name("data") / "segdict.marshal"
COMPACT_FORMAT = 1
# Rare words seldom win jieba's route but make the dictionary 2.8 times larger, and its load is
# most of a cold start with hits (0.2 s against 0.05 s). Measured on the corpus and seeds:
# 98% of hit decisions agree with the full dictionary, and precision and recall on the
# labelled corpus are the same as with words seen twice or more.
MIN_WORD_FREQUENCY = 10


def jieba_dict_path() -> Path:
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("jieba is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "dict.txt"


def read_dictionary(path: Path) -> tuple[dict[str, int], int]:
    freq: dict[str, int] = {}
    total = 0
    declared_total: int | None = None
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            parts = line.split(" ")
            if len(parts) < 2:
                continue
            word = parts[0]
            if word == "#total":
                declared_total = int(parts[1])
                continue
            count = int(parts[1])
            freq[word] = count
            total += count
    return freq, declared_total if declared_total is not None else total


class Segmenter:
    def __init__(self, freq: dict[str, int], total: int) -> None:
        self.freq: dict[str, int] = {}
        self._logs: dict[str, float] = {}
        self.total = total
        for word, count in freq.items():
            self._insert(word, count)
        self.log_total = math.log(total)

    @classmethod
    def ready(cls, prefix_freq: dict[str, int], total: int) -> Segmenter:
        """From a dictionary that already holds jieba's zero-count prefix entries."""
        segmenter = cls.__new__(cls)
        segmenter.freq = prefix_freq
        segmenter.total = total
        segmenter.log_total = math.log(total)
        segmenter._logs = {}
        return segmenter

    def _insert(self, word: str, count: int) -> None:
        self.freq[word] = count
        for end in range(1, len(word)):
            self.freq.setdefault(word[:end], 0)

    def add_word(self, word: str) -> None:
        """jieba.add_word(word) with freq=None: just enough frequency to keep it whole."""
        ratio = 1.0
        for piece in self.cut(word):
            ratio *= self.freq.get(piece, 1) / self.total
        count = max(int(ratio * self.total) + 1, self.freq.get(word, 1))
        # jieba adds to its total without taking the old count out; so do we, to cut alike.
        self.total += count
        self._insert(word, count)
        self._logs.pop(word, None)
        self.log_total = math.log(self.total)

    def cut(self, sentence: str) -> list[str]:
        words: list[str] = []
        position = 0
        for match in _HAN_BLOCK.finditer(sentence):
            if match.start() > position:
                words.extend(sentence[position:match.start()])
            words.extend(self._cut_block(match.group()))
            position = match.end()
        if position < len(sentence):
            words.extend(sentence[position:])
        return words

    def _log_freq(self, word: str) -> float:
        value = self._logs.get(word)
        if value is None:
            value = self._logs[word] = math.log(self.freq.get(word) or 1)
        return value

    def _cut_block(self, sentence: str) -> list[str]:
        """jieba's DAG and best route (ties go to the longer word), in one backward pass."""
        freq = self.freq
        log_freq = self._log_freq
        log_total = self.log_total
        length = len(sentence)
        best_score = [0.0] * (length + 1)
        best_end = [0] * (length + 1)
        for start in range(length - 1, -1, -1):
            score = -math.inf
            chosen = start
            end = start
            fragment = sentence[start]
            found = False
            while end < length and fragment in freq:
                if freq[fragment]:
                    found = True
                    candidate = log_freq(fragment) - log_total + best_score[end + 1]
                    if candidate > score or (candidate == score and end > chosen):
                        score, chosen = candidate, end
                end += 1
                fragment = sentence[start:end + 1]
            if not found:
                score = log_freq(sentence[start]) - log_total + best_score[start + 1]
                chosen = start
            best_score[start] = score
            best_end[start] = chosen
        words: list[str] = []
        buffer = ""
        x = 0
        while x < length:
            y = best_end[x] + 1
            word = sentence[x:y]
            if y - x == 1 and word < "\x80" and word.isalnum():
                buffer += word
            else:
                if buffer:
                    words.append(buffer)
                    buffer = ""
                words.append(word)
            x = y
        if buffer:
            words.append(buffer)
        return words

    def boundaries(self, sentence: str) -> set[int]:
        cuts = {0}
        position = 0
        for word in self.cut(sentence):
            position += len(word)
            cuts.add(position)
        return cuts


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


class Confirmer:
    """Decides whether a hit sits on word boundaries. Loads a dictionary only when asked."""

    window = 8

    def __init__(self, terms: Iterable[str]) -> None:
        self.terms = sorted({t for t in terms if any(_is_han(c) for c in t)})
        self._term_set = frozenset(self.terms)
        self._segmenter: Segmenter | None = None
        self.source = ""

    def needs_segmentation(self, text: str, start: int, end: int) -> bool:
        before = text[start - 1] if start > 0 else ""
        after = text[end] if end < len(text) else ""
        return bool((before and _is_han(before)) or (after and _is_han(after)))

    def confirm(self, text: str, start: int, end: int, active_terms: frozenset[str] = frozenset()) -> bool:
        if not self.needs_segmentation(text, start, end):
            return True
        # Not memoized here: the lexicon's confirmation chain memoizes its whole decision.
        left = max(0, start - self.window)
        right = min(len(text), end + self.window)
        return self._decide(text[left:right], start - left, end - left, active_terms)

    def _decide(self, window: str, start: int, end: int, active_terms: frozenset[str]) -> bool:
        position = 0
        for word in self.segmenter.cut(window):
            word_end = position + len(word)
            if position < start < word_end or position < end < word_end:
                # Cut through: fine only when the word holding it is a term of a pack that is
                # not selected (保证 inside finance's 保证收益 in a general-only run). An ordinary
                # word (确保) or an active term (which decides for itself) drops the hit.
                holds = position <= start and end <= word_end
                if not (holds and word in self._term_set and word not in active_terms):
                    return False
            position = word_end
        return True

    @property
    def segmenter(self) -> Segmenter:
        if self._segmenter is None:
            self._segmenter = self._load()
        return self._segmenter

    def _load(self) -> Segmenter:
        compact = load_compact()
        if compact is not None and set(self.terms) <= compact[2]:
            freq, total, _ = compact
            self.source = "compact"
            return Segmenter.ready(freq, total)
        # A team's own pack has terms the shipped dictionary was not built for: build a compact
        # one for this term list once (about a second), and keep it in the cache for next runs.
        from . import cache

        self.source = "compact (cached)"
        dictionary = jieba_dict_path()
        digest = cache.key("segdict", COMPACT_FORMAT, MIN_WORD_FREQUENCY, self.terms, dictionary.stat().st_size)
        freq, total = cache.cached("segdict", digest, lambda: compact_for(self.terms), list, _compact_from_data)
        return Segmenter.ready(freq, total)


def _compact_from_data(data: list[Any]) -> tuple[dict[str, int], int]:
    """A cached compact dictionary, stored as JSON: [prefix dictionary, total]."""
    freq, total = data
    if not isinstance(freq, dict) or not isinstance(total, int):
        raise TypeError("malformed compact dictionary")
    return freq, total


def load_compact(path: Path = COMPACT_PATH) -> tuple[dict[str, int], int, set[str]] | None:
    """(prefix dictionary with the terms already added, total, the terms it was built for), or
    None when absent or unreadable (then the full dictionary is used)."""
    try:
        with open(path, "rb") as handle:
            # One read, then loads: marshal.load on a file reads object by object through the
            # file object (0.24 s for this dictionary against 0.03 s).
            data = marshal.loads(handle.read())
        version, freq, total, terms = data
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if version != COMPACT_FORMAT:
        return None
    return freq, total, set(terms)


def overlapping_words(words: Iterable[str], terms: Iterable[str]) -> set[str]:
    """Dictionary words that can compete with a term for its characters: a word that ends inside
    the term (确保 against 保本), starts inside it (本金), contains it, or lies inside it."""
    prefixes: set[str] = set()
    suffixes: set[str] = set()
    inner: set[str] = set()
    term_list = list(terms)
    for term in term_list:
        for k in range(1, len(term)):
            prefixes.add(term[:k])
            suffixes.add(term[k:])
        for i in range(len(term)):
            for j in range(i + 1, len(term) + 1):
                inner.add(term[i:j])
    found: set[str] = set()
    for word in words:
        if word in inner:
            found.add(word)
            continue
        for k in range(1, len(word)):
            if word[k:] in prefixes or word[:k] in suffixes:
                found.add(word)
                break
    # Words containing a whole term: one Aho-Corasick pass per word, not one scan per term.
    import ahocorasick  # type: ignore[import-not-found]  # a C extension without stubs

    automaton = ahocorasick.Automaton()
    for term in term_list:
        automaton.add_word(term, term)
    if term_list:
        automaton.make_automaton()
        for word in words:
            if len(word) > 2 and next(automaton.iter(word), None) is not None:
                found.add(word)
    return found


def build_compact(terms: Iterable[str], path: Path = COMPACT_PATH) -> int:
    """Write the compact dictionary for these terms; returns the number of words kept.

    Kept: every single character and every word seen at least MIN_WORD_FREQUENCY times that
    competes with a term for its characters.
    Words elsewhere in the window are left out: they rarely change where the DP cuts at a term's
    edges, and tests/test_segment.py measures the agreement with jieba's full dictionary.
    """
    han_terms = sorted({t for t in terms if any(_is_han(c) for c in t)})
    freq, total = compact_for(han_terms)
    path.parent.mkdir(parents=True, exist_ok=True)
    # marshal: the fastest format Python reads back (a third of the time of parsing text),
    # and the prefix entries and added terms are stored ready to use.
    payload = marshal.dumps((COMPACT_FORMAT, freq, total, han_terms))
    temporary = path.with_suffix(".tmp")
    temporary.write_bytes(payload)
    temporary.replace(path)
    return sum(1 for count in freq.values() if count)


def compact_for(terms: list[str]) -> tuple[dict[str, int], int]:
    """The compact prefix dictionary, with the terms added, for this term list."""
    full, total = read_dictionary(jieba_dict_path())
    han_terms = sorted({t for t in terms if any(_is_han(c) for c in t)})
    competing = {w for w in overlapping_words(full, han_terms) if full[w] >= MIN_WORD_FREQUENCY}
    kept = {w for w in full if len(w) == 1} | competing
    segmenter = Segmenter({w: full[w] for w in sorted(kept)}, total)
    for term in han_terms:
        segmenter.add_word(term)
    return segmenter.freq, segmenter.total
