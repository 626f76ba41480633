"""Word-boundary confirmation with jieba's dictionary and jieba's own algorithm.

A lexicon hit is kept only when jieba would cut the text at both its ends: 保本 in 确保本金 is
dropped because 确保 spans its start. This reproduces `jieba.Tokenizer.cut(HMM=False)` (DAG of
dictionary words, best route by log frequency, ASCII runs kept whole), segmenting only a short
window around the hit.

Importing jieba costs 0.3 s and loading its full dictionary 0.65 s, too much for a pre-commit
hook. So the dictionary comes from one of two places:

* a compact dictionary shipped in the package (`data/segdict.txt`), holding jieba's total, every
  single character, and the words that can overlap or neighbour a bundled lexicon term;
  `python -m scriptlint.segment build` makes it, and a test checks it is current;
* jieba's full `dict.txt`, read without importing jieba, when the lexicon has terms the compact
  dictionary was not built for (a team's own pack).

Lexicon terms are added the way `jieba.add_word` does (the frequency `suggest_freq` gives), so a
real term is not split (保过班包就业 keeps 包就业).
"""
from __future__ import annotations

import importlib.util
import math
import re
import sys
from pathlib import Path
from typing import Iterable, Optional

_ASCII_RUN = re.compile(r"[a-zA-Z0-9]")
_HAN_BLOCK = re.compile(r"[\u4e00-\u9fd5a-zA-Z0-9+#&._%\-]+")
COMPACT_PATH = Path(__file__).with_name("data") / "segdict.txt"


def jieba_dict_path() -> Path:
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("jieba is not installed")
    return Path(list(spec.submodule_search_locations)[0]) / "dict.txt"


def read_dictionary(path: Path) -> tuple[dict[str, int], int]:
    freq: dict[str, int] = {}
    total = 0
    declared_total: Optional[int] = None
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
        self.total = total
        for word, count in freq.items():
            self._insert(word, count)
        self.log_total = math.log(total)

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

    def _cut_block(self, sentence: str) -> list[str]:
        freq = self.freq
        length = len(sentence)
        dag: list[list[int]] = []
        for start in range(length):
            ends = []
            end = start
            fragment = sentence[start]
            while end < length and fragment in freq:
                if freq[fragment]:
                    ends.append(end)
                end += 1
                fragment = sentence[start:end + 1]
            dag.append(ends or [start])
        route: list[tuple[float, int]] = [(0.0, 0)] * (length + 1)
        log_total = self.log_total
        for idx in range(length - 1, -1, -1):
            route[idx] = max(
                (math.log(freq.get(sentence[idx:x + 1]) or 1) - log_total + route[x + 1][0], x)
                for x in dag[idx]
            )
        words: list[str] = []
        buffer = ""
        x = 0
        while x < length:
            y = route[x][1] + 1
            word = sentence[x:y]
            if _ASCII_RUN.fullmatch(word):
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
        self._segmenter: Optional[Segmenter] = None
        self.source = ""

    def needs_segmentation(self, text: str, start: int, end: int) -> bool:
        before = text[start - 1] if start > 0 else ""
        after = text[end] if end < len(text) else ""
        return bool((before and _is_han(before)) or (after and _is_han(after)))

    def confirm(self, text: str, start: int, end: int) -> bool:
        if not self.needs_segmentation(text, start, end):
            return True
        left = max(0, start - self.window)
        right = min(len(text), end + self.window)
        cuts = self.segmenter.boundaries(text[left:right])
        return (start - left) in cuts and (end - left) in cuts

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
        else:
            freq, total = read_dictionary(jieba_dict_path())
            self.source = "jieba"
        segmenter = Segmenter(freq, total)
        for term in self.terms:
            segmenter.add_word(term)
        return segmenter


def load_compact(path: Path = COMPACT_PATH) -> Optional[tuple[dict[str, int], int, set[str]]]:
    """(frequencies, jieba's total, the terms it was built for), or None when absent."""
    if not path.exists():
        return None
    freq: dict[str, int] = {}
    total = 0
    terms: set[str] = set()
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if line.startswith("#total "):
                total = int(line.split(" ", 1)[1])
            elif line.startswith("#terms "):
                terms = set(line.split(" ")[1:])
            elif line and not line.startswith("#"):
                word, count = line.split(" ")
                freq[word] = int(count)
    return freq, total, terms


def build_compact(terms: Iterable[str], path: Path = COMPACT_PATH) -> int:
    """Write the compact dictionary for these terms; returns the number of words kept.

    Kept: every single character, every word that overlaps a term or contains it or is
    contained in it, and every word that overlaps one of those (the DP's choice between an
    overlapping word and the term depends on its neighbours too).
    """
    full, total = read_dictionary(jieba_dict_path())
    han_terms = sorted({t for t in terms if any(_is_han(c) for c in t)})
    pieces: set[str] = set()
    for term in han_terms:
        for i in range(len(term)):
            for j in range(i + 1, len(term) + 1):
                pieces.add(term[i:j])

    def overlapping(words: set[str], fragments: set[str]) -> set[str]:
        prefixes = {f for f in fragments}
        found = set()
        for word in words:
            for k in range(1, len(word) + 1):
                if word[:k] in prefixes or word[-k:] in prefixes:
                    found.add(word)
                    break
        return found

    multi = {w for w in full if len(w) > 1}
    first = overlapping(multi, pieces) | {t for t in han_terms if t in full}
    first_pieces: set[str] = set()
    for word in first:
        for k in range(1, len(word)):
            first_pieces.add(word[:k])
            first_pieces.add(word[-k:])
    second = overlapping(multi - first, first_pieces)
    kept = {w for w in full if len(w) == 1} | first | second
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write("# Compact jieba dictionary for scriptlint's bundled lexicons. Generated by\n")
        handle.write("# `python -m scriptlint.segment build`; do not edit.\n")
        handle.write(f"#total {total}\n")
        handle.write("#terms " + " ".join(han_terms) + "\n")
        for word in sorted(kept):
            handle.write(f"{word} {full[word]}\n")
    return len(kept)


def main(argv: list[str]) -> int:
    if argv[:1] != ["build"]:
        print("usage: python -m scriptlint.segment build", file=sys.stderr)
        return 2
    from .lexicon import load_bundled_terms

    count = build_compact(load_bundled_terms())
    print(f"wrote {COMPACT_PATH} ({count} words)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
