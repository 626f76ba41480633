"""Where scriptlint's time goes, by pipeline stage (cProfile, one process, one core).

    python bench/stages.py [PATH ...]          # default: every 5th file of bench/out/corpus

Prints the share of time per stage (reading, normalization, scanning, confirmation, rules,
reporting) and the ten most expensive functions, so that a throughput figure in
bench/README.md comes with what limits it.
"""
from __future__ import annotations

import cProfile
import glob
import io
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from scriptlint import Config, Linter  # noqa: E402
from scriptlint.reporters import Summary, make_reporter  # noqa: E402

ALL = ("finance", "education", "insurance", "ecommerce", "telecom", "healthcare", "real-estate")
STAGES = (
    ("reading", ("/readers/", "json/decoder", "/csv.py", "TextIOWrapper", "decode")),
    ("normalization", ("/normalize.py", "/t2s.py", "translate", "'lower'")),
    ("scan (Aho-Corasick)", ("(candidates)", "ahocorasick")),
    ("confirmation (negation, sentence, jieba)", ("/lexicon/confirm.py", "_confirm", "_decide", "/segment.py", "sentence_bounds", "negated", "LazyPattern")),
    ("rules", ("/rules/", "/checker.py", "/privacy.py")),
    ("reporting", ("/reporters/", "json/encoder", "to_dict")),
)


def stage_of(label: str) -> str:
    for stage, needles in STAGES:
        if any(needle in label for needle in needles):
            return stage
    if label.startswith("~:0("):
        return "C built-ins (regex, dict, str), called from the stages above"
    return "other Python (api, generators)"


def main(argv: list[str]) -> int:
    paths = argv or sorted(glob.glob(str(ROOT / "bench/out/corpus/*/*")))[::5]
    if not paths:
        print("no input: run `python bench/run.py --quick` first, or name files", file=sys.stderr)
        return 2
    chars = sum(len(Path(p).read_text(encoding="utf-8")) for p in paths)
    linter = Linter(Config(industry=ALL))
    linter.warm_up()

    def run() -> None:
        out = io.StringIO()
        reporter = make_reporter("json", out)
        summary = Summary()
        for result in linter.iter_paths(paths, 1):
            reporter.file(result)
            summary.add(result)
        reporter.finish(summary)

    started = time.perf_counter()
    run()
    plain = time.perf_counter() - started
    linter = Linter(Config(industry=ALL))  # fresh memo, as the first run had
    linter.warm_up()
    profiler = cProfile.Profile()
    profiler.enable()
    run()
    profiler.disable()
    stats = pstats.Stats(profiler)
    totals: dict[str, float] = {}
    rows = []
    for (filename, line, name), (_, _, tottime, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        label = f"{filename}:{line}({name})"
        totals[stage_of(label)] = totals.get(stage_of(label), 0.0) + tottime
        rows.append((tottime, label))
    whole = sum(totals.values())
    print(f"{len(paths)} files, {chars:,} characters: {plain:.2f} s without the profiler, "
          f"{chars / plain / 1e6:.2f} M chars/s in one process (start-up excluded)\n")
    print("| stage | share of time |\n| --- | ---: |")
    for stage, seconds in sorted(totals.items(), key=lambda item: -item[1]):
        print(f"| {stage} | {seconds / whole:.0%} |")
    print("\nmost expensive functions (own time):")
    for seconds, label in sorted(rows, reverse=True)[:10]:
        print(f"  {seconds / whole:5.1%}  {label.replace(str(ROOT) + '/', '')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
