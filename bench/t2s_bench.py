"""Throughput of scriptlint.t2s against the reference OpenCC('t2s').

Run: /tmp/dev/bin/python bench/t2s_bench.py [--seeds DIR] [--chars N]

Two inputs of about N characters (default 2 M), built by repeating the seed
articles: (a) Simplified text, (b) Traditional text (the Simplified seeds
converted with OpenCC('s2t'), plus the Traditional seed).  Each figure is the
median of 3 runs after a warm-up call, so dictionary loading is excluded
(it is reported separately).  Also checks both outputs are identical.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
try:
    from scriptlint import t2s
except ImportError:  # not installed: run from the source tree
    sys.path.insert(0, str(ROOT / "src"))
    from scriptlint import t2s

from opencc import OpenCC

DEFAULT_SEEDS = Path("/work/shared/seeds")
TRADITIONAL_SEED = "002_"  # file-name prefix of the Traditional article


def repeat_to(text: str, size: int) -> str:
    """``text`` repeated and cut to exactly ``size`` characters."""
    return (text * (size // len(text) + 1))[:size]


def chars_per_second(convert: Callable[[str], str], text: str, runs: int = 3) -> tuple[float, str]:
    """Median throughput over ``runs`` timed calls, and the last output."""
    timings = []
    output = ""
    for _ in range(runs):
        start = time.perf_counter()
        output = convert(text)
        timings.append(time.perf_counter() - start)
    return len(text) / statistics.median(timings), output


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS, help="folder of seed *.txt articles")
    parser.add_argument("--chars", type=int, default=2_000_000, help="size of each input")
    args = parser.parse_args()

    seeds = sorted(args.seeds.glob("*.txt"))
    simplified_seeds = [p for p in seeds if not p.name.startswith(TRADITIONAL_SEED)]
    traditional_seeds = [p for p in seeds if p.name.startswith(TRADITIONAL_SEED)]
    if not simplified_seeds:
        print(f"no seed articles in {args.seeds}", file=sys.stderr)
        return 1
    simplified = "\n".join(p.read_text(encoding="utf-8") for p in simplified_seeds)
    traditional = OpenCC("s2t").convert(simplified)
    traditional += "\n" + "\n".join(p.read_text(encoding="utf-8") for p in traditional_seeds)

    inputs = {
        "(a) Simplified": repeat_to(simplified, args.chars),
        "(b) Traditional": repeat_to(traditional, args.chars),
    }

    start = time.perf_counter()
    reference = OpenCC("t2s")  # the constructor loads the reference dictionaries
    reference_load = time.perf_counter() - start
    start = time.perf_counter()
    t2s.to_simplified("無")  # loads our tables
    ours_load = time.perf_counter() - start
    print(f"table load: reference {reference_load * 1e3:.1f} ms, scriptlint.t2s {ours_load * 1e3:.1f} ms")

    for label, text in inputs.items():
        print(f"{label}: {len(text):,} chars, has_traditional={t2s.has_traditional(text)}")
        reference_speed, expected = chars_per_second(reference.convert, text)
        ours_speed, result = chars_per_second(t2s.to_simplified, text)
        print(f"  reference OpenCC('t2s'): {reference_speed / 1e6:8.2f} M chars/s")
        print(
            f"  scriptlint.t2s:          {ours_speed / 1e6:8.2f} M chars/s"
            f"  ({ours_speed / reference_speed:.0f}x)"
        )
        print(f"  outputs identical: {result == expected}")
        if result != expected:
            return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
