"""Accuracy of encoding detection on generated files.

For every (encoding, script, length) it writes N scripts from a seed, from the sentence pool of
tests/encoding_samples.py (with --corpus, also from the lines of tests/corpus), encodes them,
runs the detection scriptlint runs on a file (`decode_bytes`, encoding "auto") and counts:

* correct: the text comes back exactly as written;
* wrong: it comes back different (the silent failure this guards against);
* refused: an input error that asks for --encoding (or calls the file binary).

Lengths count Chinese characters. A third of the files have a rare name (a person, a firm, a
place) at the start of a line now and then, as real scripts do.

    python bench/encoding_accuracy.py                  # N=200 per cell, seed 1
    python bench/encoding_accuracy.py -n 50 --seed 7 --corpus --markdown
"""
from __future__ import annotations

import argparse
import codecs
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

from encoding_samples import MARKERS, han_count, script_text, traditional

from scriptlint.model import InputError
from scriptlint.readers.decode import decode_bytes

# (label, codec, BOM prepended)
ENCODINGS = (
    ("UTF-8", "utf-8", b""),
    ("UTF-8 with BOM", "utf-8", codecs.BOM_UTF8),
    ("UTF-16 LE with BOM", "utf-16-le", codecs.BOM_UTF16_LE),
    ("UTF-16 BE without BOM", "utf-16-be", b""),
    ("UTF-16 LE without BOM", "utf-16-le", b""),
    ("UTF-32 with BOM", "utf-32-le", codecs.BOM_UTF32_LE),
    ("GB18030", "gb18030", b""),
    ("GBK", "gbk", b""),
    ("Big5", "big5", b""),
)
SCRIPTS = ("simplified", "traditional")
LENGTHS = (2, 5, 10, 20, 50, 200, 1000)


def corpus_lines() -> list[str]:
    """Lines of the labelled corpus' scripts, speaker markers kept, Chinese ones only."""
    lines: list[str] = []
    for path in sorted((ROOT / "tests" / "corpus").rglob("*")):
        if path.suffix in (".txt", ".md"):
            for line in path.read_text(encoding="utf-8").splitlines():
                if han_count(line) >= 4 and not line.lstrip().startswith("#"):
                    lines.append(line.strip())
    return lines


def corpus_text(rng: random.Random, lines: list[str], han: int, script: str) -> str:
    picked: list[str] = []
    count = 0
    while count < han:
        line = rng.choice(lines)
        picked.append(line)
        count += han_count(line)
    text = "\n".join(picked) + "\n"
    return traditional(text) if script == "traditional" else text


def outcome(data: bytes, text: str) -> str:
    try:
        _, decoded = decode_bytes("bench.txt", data)
    except InputError:
        return "refused"
    return "correct" if decoded == text else "wrong"


def run(n: int, seed: int, use_corpus: bool) -> tuple[dict[tuple[str, str, int], Counter[str]], float]:
    rng = random.Random(seed)
    lines = corpus_lines() if use_corpus else []
    results: dict[tuple[str, str, int], Counter[str]] = {}
    seconds = 0.0
    for label, codec, bom in ENCODINGS:
        for script in SCRIPTS:
            if codec == "big5" and script == "simplified":
                continue  # Big5 has no Simplified characters
            for length in LENGTHS:
                counts: Counter[str] = Counter()
                made = 0
                while made < n:
                    if lines and made % 2:
                        text = corpus_text(rng, lines, length, script)
                    else:
                        text = script_text(rng, length, script, rare=0.3 if made % 3 == 0 else 0.0)
                    try:
                        data = bom + text.encode(codec)
                    except UnicodeEncodeError:
                        continue  # a character Big5 or GBK lacks: draw another text
                    made += 1
                    start = time.perf_counter()
                    counts[outcome(data, text)] += 1
                    seconds += time.perf_counter() - start
                results[(label, script, length)] = counts
    return results, seconds


def table(results: dict[tuple[str, str, int], Counter[str]], markdown: bool) -> str:
    header = ["encoding", "script", *(f"{length} chars" for length in LENGTHS)]
    rows = []
    for label, _, _ in ENCODINGS:
        for script in SCRIPTS:
            if (label, script, LENGTHS[0]) not in results:
                continue
            cells = []
            for length in LENGTHS:
                c = results[(label, script, length)]
                cells.append(f"{c['correct']} / {c['wrong']} / {c['refused']}")
            rows.append([label, script, *cells])
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join(lines)
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths)) for row in [header, *rows])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=200, help="files per (encoding, script, length); default 200")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--corpus", action="store_true", help="draw half the files from tests/corpus lines")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args()
    results, seconds = run(args.n, args.seed, args.corpus)
    print(f"cells: correct / wrong / refused, of {args.n} files each (seed {args.seed}"
          f"{', half from tests/corpus' if args.corpus else ''}; markers {', '.join(m for m in MARKERS if m)})")
    print(table(results, args.markdown))
    total = Counter[str]()
    for counts in results.values():
        total.update(counts)
    files = sum(total.values())
    print(f"\n{files} files: {total['correct']} correct, {total['wrong']} wrong, {total['refused']} refused; "
          f"detection and decoding {1000 * seconds / files:.2f} ms a file on average")
    long_wrong = sum(c["wrong"] for (_, _, length), c in results.items() if length >= 50)
    long_refused = sum(c["refused"] for (_, _, length), c in results.items() if length >= 200)
    print(f"wrong at >= 50 characters: {long_wrong}; refused at >= 200 characters: {long_refused}")


if __name__ == "__main__":
    main()
