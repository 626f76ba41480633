"""Throughput of the personal-data scanner on runs of digits against ordinary text.

Run: python bench/pii_bench.py [--chars N] [--runs R]

Each input is about N characters (default 200,000) on one line, the shape that once made the
scanner crawl (200 KB of spaced digits took 47 s): digits one by one with spaces, groups of
mixed lengths, groups of four, a run of spaced digits with a phone number written digit by digit
in it, and call-centre text with a few numbers. Two figures per input, the median of R runs
(default 3) of CPU time: `privacy.mask` alone, and `Linter().check_text` (the whole pipeline,
as a bot calls it before sending a reply). The scan is linear, so the figures should not fall
as N grows: `--chars 2000000` gives about the same chars/s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
try:
    from scriptlint import Linter
    from scriptlint.privacy import mask
except ImportError:  # not installed: run from the source tree
    sys.path.insert(0, str(ROOT / "src"))
    from scriptlint import Linter
    from scriptlint.privacy import mask

# Units repeated to the size asked for: (name, unit).
INPUTS = (
    ("spaced digits 1 2 3 …", "1 2 3 4 5 6 7 8 9 0 "),
    ("groups 1 2 3 45 678 …", "1 2 3 45 678 "),
    ("groups of four 1234 5678 …", "1234 5678 9012 "),
    ("spaced digits, then a phone written digit by digit", "4 7 2 9 0 5 1 8 3 6 " * 20 + "，号码 1 3 9 0 0 2 4 6 8 1 3 。"),
    ("call-centre text", ("您好，这里是客服中心，请问有什么可以帮您？您的订单号是20231115008，金额58.00元，"
                          "请在3个工作日内留意短信通知。")),
)


def repeat_to(text: str, size: int) -> str:
    return (text * (size // len(text) + 1))[:size]


def chars_per_second(run: Callable[[str], object], text: str, runs: int) -> float:
    timings = []
    for _ in range(runs):
        start = time.process_time()
        run(text)
        timings.append(time.process_time() - start)
    return len(text) / max(statistics.median(timings), 1e-9)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=200_000, help="size of each input")
    parser.add_argument("--runs", type=int, default=3, help="timed runs per figure (median)")
    args = parser.parse_args()
    linter = Linter()
    linter.warm_up()
    print(f"| input ({args.chars:,} chars, one line) | privacy.mask | check_text |")
    print("| --- | ---: | ---: |")
    for name, unit in INPUTS:
        text = repeat_to(unit, args.chars)
        masked = chars_per_second(mask, text, args.runs)
        checked = chars_per_second(linter.check_text, text, args.runs)
        print(f"| {name} | {masked / 1e6:.2f} M chars/s | {checked / 1e6:.2f} M chars/s |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
