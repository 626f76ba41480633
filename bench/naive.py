"""The pipeline a user would write first: the baseline scriptlint is compared against.

    python bench/naive.py --terms bench/out/terms.txt PATH...

For every utterance of every file (same readers as the corpus formats: .txt/.md one utterance
per line, .jsonl the `text` of each turn, .csv the `text` column):
  1. OpenCC('t2s') from opencc-python-reimplemented on all the text,
  2. lower case and separators removed (whitespace, * _ - · • . | / ~ +),
  3. jieba.lcut on all the text (the word boundaries, to confirm hits),
  4. pyahocorasick over the term list; a hit is kept when both its ends fall on word boundaries.
Prints one line per kept hit (path:line: term) and a count to stderr; exit 1 when anything hit.
No rules beyond the term list: it does less than scriptlint, so the comparison flatters it.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import sys

import ahocorasick
import jieba
from opencc import OpenCC

EXTENSIONS = (".txt", ".md", ".jsonl", ".csv")
SEPARATORS = re.compile(r"[\s\u200b-\u200d\ufeff*_\-·•.|/~+]+")


def files_of(paths: list[str]) -> list[str]:
    found: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            for folder, subfolders, names in os.walk(path):
                subfolders.sort()
                found += [os.path.join(folder, n) for n in sorted(names) if n.endswith(EXTENSIONS) and not n.startswith(".")]
        else:
            found.append(path)
    return found


def utterances(path: str):
    """(line number, text) of every utterance in the file."""
    with open(path, encoding="utf-8-sig") as handle:
        if path.endswith(".jsonl"):
            for number, line in enumerate(handle, 1):
                if line.strip():
                    yield number, json.loads(line).get("text", "")
        elif path.endswith(".csv"):
            reader = csv.DictReader(io.StringIO(handle.read(), newline=""))
            for row in reader:
                yield reader.line_num, row.get("text") or ""
        else:
            for number, line in enumerate(handle, 1):
                if line.strip() and not line.startswith("#"):
                    yield number, line.rstrip("\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--terms", required=True, help="term list, one per line")
    parser.add_argument("paths", nargs="+")
    args = parser.parse_args()

    jieba.setLogLevel(60)
    converter = OpenCC("t2s")
    automaton = ahocorasick.Automaton()
    with open(args.terms, encoding="utf-8") as handle:
        for term in (t.strip() for t in handle):
            if term:
                automaton.add_word(term, term)
    automaton.make_automaton()

    out = sys.stdout
    hits = 0
    for path in files_of(args.paths):
        for number, raw in utterances(path):
            text = SEPARATORS.sub("", converter.convert(raw).lower())
            if not text:
                continue
            bounds = {0}
            position = 0
            for word in jieba.lcut(text):
                position += len(word)
                bounds.add(position)
            for end, term in automaton.iter(text):
                if end + 1 in bounds and end + 1 - len(term) in bounds:
                    hits += 1
                    out.write(f"{path}:{number}: {term}\n")
    print(f"naive: {hits} hits", file=sys.stderr)
    return 1 if hits else 0


if __name__ == "__main__":
    sys.exit(main())
