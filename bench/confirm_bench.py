"""The confirmation chain, old code against new, side by side (whole processes, one core).

    python bench/confirm_bench.py --old OLD_SRC [--new src] [--corpus DIR] [--rows N] [--new-rows N] [--runs 3]

OLD_SRC is the `src` folder of another checkout (e.g. `git worktree add /tmp/old main`, then
`--old /tmp/old/src`; its `lexicons/` must sit next to it). Prints three tables:

1. throughput: `scriptlint check --jobs 1 --format json -o /dev/null DIR`, old and new
   alternating, median of `--runs` runs, in CPU seconds of the whole process (user + system,
   start-up included) and M chars/s of CPU time (characters: decoded file text);
2. counts on the same corpus, in one process per code base: confirmation decisions looked up
   in the memo and computed (reuse = looked up but not computed), and runs of the entries'
   sentence regexes (`requires`, `unless`, `pattern`);
3. linearity: one reply library read as one script, N and 10·N rows, whole-process CPU
   seconds (start-up, measured on a one-row library, subtracted) and how far from linear 10·N
   is: both code bases at `--rows`, the new one alone at `--new-rows` too.

Nothing is asserted: the figures are printed. The corpus defaults to bench/out/corpus (made by
`python bench/run.py`); `python bench/gen_corpus.py --out DIR --chars N --seed S` makes one.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Sentences of a reply library written for this benchmark: allow phrases of the general pack
# (对不起, 对您, 核对 around the cue 对; 数字人民币 around 数字人), cues and findings; the
# library's folder has a config with a global allow list (LIBRARY_ALLOW), whose spans every
# hit is checked against.
LIBRARY_ROWS = (
    "对不起，让您久等了，我们对您反映的情况非常重视。",
    "对，这款产品支持七天无理由退货，对方会尽快处理。",
    "您可以用数字人民币付款，也可以刷卡。",
    "这款理财保本保息，收益稳定，请核对您的账户。",
)
LIBRARY_ALLOW = ("七天无理由退货", "理财保本保息")

# Run inside a child process with the code base under test first on sys.path: counts memo
# lookups (the memo is a dict read with .get), decisions computed (_decide) and sentence-regex
# runs (LazyPattern calls on entries' regexes; negation's patterns have no `where`).
COUNTER = r"""
import json, runpy, sys
from scriptlint.lexicon import confirm, schema

counts = {"lookups": 0, "decisions": 0, "regex_runs": 0}


class CountingDict(dict):
    def get(self, key, default=None):
        counts["lookups"] += 1
        return super().get(key, default)


init = confirm.ConfirmationChain.__init__
def counted_init(self, *args, **kwargs):
    init(self, *args, **kwargs)
    self._decisions = CountingDict()
confirm.ConfirmationChain.__init__ = counted_init

decide = confirm.ConfirmationChain._decide
def counted_decide(self, *args, **kwargs):
    counts["decisions"] += 1
    return decide(self, *args, **kwargs)
confirm.ConfirmationChain._decide = counted_decide

for name in ("search", "finditer"):
    method = getattr(schema.LazyPattern, name)
    def counted(self, *args, _method=method):
        if self.where:
            counts["regex_runs"] += 1
        return _method(self, *args)
    setattr(schema.LazyPattern, name, counted)

sys.argv = ["scriptlint", "check", "--jobs", "1", "--format", "json", "-o", "/dev/null", sys.argv[1]]
try:
    runpy.run_module("scriptlint", run_name="__main__")
except SystemExit:
    pass
print(json.dumps(counts))
"""


def corpus_chars(path: Path) -> int:
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file() and p.suffix != ".json")
    return sum(len(p.read_text(encoding="utf-8")) for p in files)


def environment(src: str) -> dict[str, str]:
    """Run `src`'s code with a start-up cache of its own: two code bases that store different
    data would otherwise rebuild each other's cache entries on every run."""
    folder = CACHES.setdefault(src, tempfile.mkdtemp(prefix="confirm-bench-cache-"))
    return {**os.environ, "PYTHONPATH": src, "SCRIPTLINT_CACHE_DIR": folder}


CACHES: dict[str, str] = {}


def check_seconds(src: str, path: Path) -> float:
    """CPU seconds (user + system) of one whole `scriptlint check` process: on a shared machine
    its wall-clock time mostly measures the other processes."""
    env = environment(src)
    command = [sys.executable, "-m", "scriptlint", "check", "--jobs", "1", "--format", "json", "-o", os.devnull,
               str(path)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(command, check=False, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{src}: scriptlint failed on {path}:\n{done.stderr}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def medians(sources: dict[str, str], paths: list[Path], runs: int) -> dict[tuple[str, Path], float]:
    """Old and new alternating, run by run, so both see the same load."""
    times: dict[tuple[str, Path], list[float]] = {}
    for path in paths:
        for label, src in sources.items():
            check_seconds(src, path)  # warm-up: page cache, start-up caches
    for _ in range(runs):
        for path in paths:
            for label, src in sources.items():
                times.setdefault((label, path), []).append(check_seconds(src, path))
    return {key: statistics.median(values) for key, values in times.items()}


def counts(src: str, path: Path) -> dict[str, int]:
    env = environment(src)
    done = subprocess.run([sys.executable, "-c", COUNTER, str(path)], env=env, capture_output=True, text=True,
                          check=True)
    result: dict[str, int] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def write_library(path: Path, rows: int) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write("id,text\n")
        handle.writelines(f"R{number:07d},{LIBRARY_ROWS[number % len(LIBRARY_ROWS)]}第{number}条。\n"
                          for number in range(rows))
    return path


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--old", required=True, help="src folder of the code to compare against")
    parser.add_argument("--new", default=str(ROOT / "src"))
    parser.add_argument("--corpus", type=Path, default=ROOT / "bench/out/corpus")
    parser.add_argument("--rows", type=int, default=1000, help="rows of the small library (the large has 10x)")
    parser.add_argument("--new-rows", type=int, default=20000, help="the same for the new code alone (0: skip)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    sources = {"old": str(Path(args.old).resolve()), "new": str(Path(args.new).resolve())}

    chars = corpus_chars(args.corpus)
    timing = medians(sources, [args.corpus], args.runs)
    print(f"## throughput: {args.corpus} ({chars:,} characters), median of {args.runs}\n")
    print("| code | CPU seconds | M chars/s |\n| --- | ---: | ---: |")
    for label in sources:
        seconds = timing[(label, args.corpus)]
        print(f"| {label} | {seconds:.2f} | {chars / seconds / 1e6:.2f} |")
    print(f"\nspeed-up: {timing[('old', args.corpus)] / timing[('new', args.corpus)]:.2f}x\n")

    print("## confirmation counts on the same corpus\n")
    print("| code | memo lookups | decisions computed | reuse | sentence-regex runs |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for label, src in sources.items():
        found = counts(src, args.corpus)
        lookups = found["lookups"]
        reuse = 1 - found["decisions"] / lookups if lookups else 0.0
        print(f"| {label} | {lookups:,} | {found['decisions']:,} | {reuse:.0%} | {found['regex_runs']:,} |")

    allow = ", ".join(f'"{phrase}"' for phrase in LIBRARY_ALLOW)
    print(f"\n## linearity: one reply library as one script, N and 10N rows, median of {args.runs}\n")
    print("| code | N | start-up, CPU s | N rows, CPU s | 10N rows, CPU s | net ratio | x of linear |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    # Both code bases at --rows; the new one alone at --new-rows too (the old one is quadratic
    # in the rows: 10x --new-rows would take it hours).
    for rows, compared in ((args.rows, sources), (args.new_rows, {"new": sources["new"]})):
        if not rows:
            continue
        with tempfile.TemporaryDirectory(prefix="confirm-bench-") as folder:
            (Path(folder) / "scriptlint.toml").write_text(f"allow = [{allow}]\n", encoding="utf-8")
            paths = [write_library(Path(folder) / f"library-{count}.csv", count) for count in (1, rows, rows * 10)]
            timing = medians(compared, paths, args.runs)
        for label in compared:
            start_up, one, ten = (timing[(label, path)] for path in paths)
            if one - start_up < 0.2:  # within the noise of start-up: no ratio
                ratio_text = linear_text = "—"
            else:
                ratio = (ten - start_up) / (one - start_up)
                ratio_text, linear_text = f"{ratio:.1f}", f"{ratio / 10:.2f}"
            print(f"| {label} | {rows:,} | {start_up:.2f} | {one:.2f} | {ten:.2f} | {ratio_text} | {linear_text} |")
    return 0


if __name__ == "__main__":
    try:
        raise SystemExit(main(sys.argv[1:]))
    finally:
        for folder in CACHES.values():
            shutil.rmtree(folder, ignore_errors=True)
