"""The compiled core against the pure-Python engine, side by side in one run.

    python bench/core_bench.py                       # 2 M characters, 3 runs each, medians
    python bench/core_bench.py --chars 300000 --runs 5

Prints, for each engine:
  normalization   chars/s of normalize() over every script's joined text of the mixed corpus
  candidate scan  chars/s of the Aho-Corasick scan with its filters, every pack in force
  whole process   `scriptlint check --isolated --jobs 1 --format json --industry <all>` on the corpus,
                  with SCRIPTLINT_PURE_PYTHON=1 and without (chars/s of the files' decoded text)
  cold start      `scriptlint check` on one clean 1 KB script (no finding), both ways
Runs alternate between the engines (compiled, pure, compiled, ...) so both see the same machine
load; figures are medians. The processes are timed by wall clock and by CPU time (user + system),
which a shared machine's load disturbs less. Nothing asserts a timing. The corpus is bench/out/core-corpus (made by
gen_corpus.py, seed 7, reused while it matches). Needs the extension built (pip install .).
"""
from __future__ import annotations

import argparse
import compileall
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(BENCH))

import gen_corpus
from run import ensure_corpus, lint_files, scriptlint_bin, size_of

from scriptlint import compiled, normalize
from scriptlint.config import known_industries
from scriptlint.lexicon import load_lexicon
from scriptlint.lexicon.matcher import Matcher
from scriptlint.model import InputError
from scriptlint.readers import Speakers, read_scripts


def joined_texts(folder: Path) -> list[str]:
    """Every script's utterances joined by newlines, as the engine normalizes and scans them."""
    speakers = Speakers.with_extra((), ())
    texts = []

    def ignore(_: InputError) -> None:
        pass

    for path in lint_files(folder):
        for script in read_scripts(str(path), speakers, ignore):
            texts.append("\n".join(u.text for u in script.utterances))
    return texts


def each(step: Callable[[T], object], items: list[T]) -> None:
    """`step` on every item, one result alive at a time, as the engine holds one script's: a list
    of all of them would have the garbage collector walk millions of objects, and time that."""
    for item in items:
        step(item)


def median_rates(runs: int, chars: int, steps: dict[str, Callable[[], object]]) -> dict[str, float]:
    """chars/s of each step, median of `runs` alternating runs."""
    times: dict[str, list[float]] = {name: [] for name in steps}
    for _ in range(runs):
        for name, step in steps.items():
            start = time.perf_counter()
            step()
            times[name].append(time.perf_counter() - start)
    return {name: chars / statistics.median(seconds) for name, seconds in times.items()}


def process_seconds(command: list[str], pure: bool, expected: tuple[int, ...], cwd: Path | None) -> tuple[float, float]:
    """(wall-clock, CPU) seconds of one run: the CPU time (user + system) of the process is what
    a shared machine's load disturbs least."""
    env = {**os.environ, compiled.PURE_PYTHON_VARIABLE: "1" if pure else "0"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode not in expected:
        raise SystemExit(f"{' '.join(command)} exited {result.returncode}: {result.stderr[-2000:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def median_processes(runs: int, command: list[str], expected: tuple[int, ...],
                     cwd: Path | None = None) -> dict[str, tuple[float, float]]:
    """Median (wall, CPU) seconds per engine, alternating, after one untimed warm-up run of each."""
    for pure in (False, True):
        process_seconds(command, pure, expected, cwd)
    times: dict[str, list[tuple[float, float]]] = {"compiled": [], "pure": []}
    for _ in range(runs):
        for name, seconds in times.items():
            seconds.append(process_seconds(command, name == "pure", expected, cwd))
    return {name: (statistics.median(w for w, _ in seconds), statistics.median(c for _, c in seconds))
            for name, seconds in times.items()}


def row(what: str, compiled_value: str, pure_value: str, ratio: float) -> None:
    print(f"| {what} | {compiled_value} | {pure_value} | {ratio:.2f}x |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chars", type=int, default=2_000_000, help="size of the mixed corpus")
    parser.add_argument("--runs", type=int, default=3, help="alternating runs per measurement (median)")
    args = parser.parse_args()
    if not compiled.built():
        raise SystemExit("the C extension is not built: pip install . (with a C compiler) first")
    from scriptlint import _core

    # Bytecode written first, as an installed package has it (PYTHONDONTWRITEBYTECODE would
    # otherwise have every process compile every module, a second of start-up on a slow machine).
    compileall.compile_dir(str(Path(compiled.__file__).parent), quiet=1)

    corpus = BENCH / "out" / "core-corpus"
    ensure_corpus(corpus, args.chars, 7, 0.1)
    files = lint_files(corpus)
    file_chars, _ = size_of(files)
    texts = joined_texts(corpus)
    text_chars = sum(map(len, texts))
    print(f"corpus: {corpus.relative_to(ROOT)}, {len(files)} files, {file_chars:,} chars "
          f"({text_chars:,} in joined script texts), generator {gen_corpus.fingerprint()[:12]}")

    # In process: the same functions, each engine forced.
    normalize._folder()  # tables built (and cached) before timing
    compiled.core = None  # the pure normalize() from here on in this process; the C one is called directly
    rates = median_rates(args.runs, text_chars, {
        "compiled": lambda: each(normalize._normalize_compiled, texts),
        "pure": lambda: each(normalize.normalize_pure, texts),
    })
    compiled.core = _core
    lexicon = load_lexicon()
    packs = frozenset(p.name for p in lexicon.packs)
    matchers = {"compiled": Matcher(lexicon.entries, lexicon.global_allow, use_core=True),
                "pure": Matcher(lexicon.entries, lexicon.global_allow, use_core=False)}
    normalized = [normalize.normalize(t) for t in texts]
    scan_rates = median_rates(args.runs, sum(len(n.text) for n in normalized), {
        name: (lambda m=matcher: each(lambda n: m.candidates(n, packs), normalized))
        for name, matcher in matchers.items()
    })
    candidates = sum(len(matchers["compiled"].candidates(n, packs).hits) for n in normalized)

    check = [*scriptlint_bin(), "check", "--isolated", "--jobs", "1", "--format", "json",
             "--industry", ",".join(known_industries()), str(corpus)]
    whole = median_processes(args.runs, check, (0, 1))
    with tempfile.TemporaryDirectory() as folder:
        clean = Path(folder) / "clean.txt"
        clean.write_text(gen_corpus.CLEAN_SCRIPT, encoding="utf-8")  # the one bench/run.py times
        cold = median_processes(max(args.runs, 5), [*scriptlint_bin(), "check", clean.name], (0,), Path(folder))

    print(f"\n{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; medians of {args.runs} alternating runs "
          f"({max(args.runs, 5)} for the cold start); {candidates / text_chars * 1000:.1f} candidates per 1,000 chars\n")
    print("| measurement | compiled core | pure Python | compiled / pure |")
    print("| --- | ---: | ---: | ---: |")
    row("normalization (M chars/s)", f"{rates['compiled'] / 1e6:.1f}", f"{rates['pure'] / 1e6:.1f}",
        rates["compiled"] / rates["pure"])
    row("candidate scan (M chars/s)", f"{scan_rates['compiled'] / 1e6:.1f}", f"{scan_rates['pure'] / 1e6:.1f}",
        scan_rates["compiled"] / scan_rates["pure"])
    for kind, index in (("CPU", 1), ("wall clock", 0)):
        row(f"whole process, --jobs 1, {kind} (M chars/s)", f"{file_chars / whole['compiled'][index] / 1e6:.2f}",
            f"{file_chars / whole['pure'][index] / 1e6:.2f}", whole["pure"][index] / whole["compiled"][index])
    for kind, index in (("CPU", 1), ("wall clock", 0)):
        row(f"cold start, clean 1 KB script, {kind} (s)", f"{cold['compiled'][index]:.3f}",
            f"{cold['pure'][index]:.3f}", cold["pure"][index] / cold["compiled"][index])
    print(f"\nwhole process: {' '.join(check[-9:])}; CPU seconds: compiled {whole['compiled'][1]:.2f}, "
          f"pure {whole['pure'][1]:.2f}")


if __name__ == "__main__":
    main()
