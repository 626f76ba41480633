"""scriptlint benchmark suite: the one command.

    python bench/run.py            # full: >= 20 M characters, 3 runs, medians (tens of minutes)
    python bench/run.py --quick    # smoke check: small corpus, 1 run (about a minute)

Generates the corpora into bench/out/ (deterministic, reused while the generator, lexicons and
sizes are unchanged), then measures, as whole processes timed with time.perf_counter:
  throughput   scriptlint check --jobs 1 vs grep -F -f terms.txt vs bench/naive.py vs
               textlint + textlint-rule-prh (when npm can install it), side by side in each run
  Traditional  scriptlint on an all-Traditional corpus
  cold start   scriptlint check one.txt: a clean ~1 KB script, and one with hits to confirm
  API latency  Linter.check_text on 10,000 different 200-character replies (in this process)
  memory       peak RSS linting one 200 MB transcript file (and a 50 MB one: growth)
  parallelism  --jobs 1 vs --jobs 2 on the mixed corpus (many files)
  scaling      1x, 2x and 4x the corpus
Prints one table (measurement, figure, target, met) and writes it to bench/out/results.md.
Nothing here asserts: a missed target is a "no" in the table, not a failure.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Optional

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
LOGS = OUT / "logs"
TERMS = BENCH / "terms.txt"
sys.path.insert(0, str(BENCH))
import gen_corpus  # noqa: E402

INDUSTRIES = gen_corpus.INDUSTRIES
TIME_BIN = "/usr/bin/time"


# ---------------------------------------------------------------------------------------------
# Running processes
# ---------------------------------------------------------------------------------------------

@dataclass
class Run:
    seconds: float
    rc: int
    rss_kb: int
    stderr: str
    valid: bool = True  # False when the report shows the tool did not read every file
    findings: Optional[int] = None


@dataclass
class Problem:
    what: str
    detail: str


PROBLEMS: list[Problem] = []


def _spawn(cmd: list[str], stdout=None, cwd: Optional[Path] = None, env: Optional[dict] = None) -> Run:
    """One whole process, timed with perf_counter; peak RSS from its rusage (os.wait4)."""
    out = subprocess.DEVNULL if stdout is None else stdout
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL, cwd=cwd, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    return Run(seconds, process.returncode, usage.ru_maxrss, stderr)


def _time_report(cmd: list[str], flags: list[str], stdout, cwd, env) -> tuple[Run, str]:
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        run = _spawn([TIME_BIN, *flags, "-o", report.name, *cmd], stdout, cwd, env)
        return run, Path(report.name).read_text()


def run_process(cmd: list[str], stdout=None, cwd: Optional[Path] = None, env: Optional[dict] = None) -> Run:
    """A timed whole process. Peak RSS from `/usr/bin/time -f %M` when it is there: the rusage
    of a child forked from this (large) Python process counts this process's pages too."""
    if not os.path.exists(TIME_BIN):
        return _spawn(cmd, stdout, cwd, env)
    run, text = _time_report(cmd, ["-f", "%M"], stdout, cwd, env)
    lines = [line for line in text.splitlines() if line.strip()]
    if lines and lines[-1].strip().isdigit():
        run.rss_kb = int(lines[-1])
    return run


def run_with_time_v(cmd: list[str], stdout=None, cwd: Optional[Path] = None) -> Run:
    """Peak RSS from `/usr/bin/time -v` ("Maximum resident set size") when it is there, else from
    resource.getrusage(RUSAGE_CHILDREN) (the largest child so far: a ceiling, not a figure)."""
    if not os.path.exists(TIME_BIN):
        run = _spawn(cmd, stdout, cwd)
        run.rss_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        return run
    run, text = _time_report(cmd, ["-v"], stdout, cwd, None)
    for line in text.splitlines():
        if "Maximum resident set size" in line:
            run.rss_kb = int(line.rsplit(":", 1)[1])
    return run


def validate(name: str, number: int, run: Run, spec: dict) -> None:
    """Did the tool read every file? scriptlint: summary.files of its JSON report; textlint: one
    result per file. An invalid run is left out of the median and listed under problems."""
    try:
        report = json.loads(Path(spec["stdout"]).read_text(encoding="utf-8"))
        if isinstance(report, list):  # textlint
            files, run.findings = len(report), sum(len(r.get("messages", [])) for r in report)
        else:
            files, run.findings = report["summary"]["files"], report["summary"]["findings"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        files, detail = None, f"report unreadable: {exc!r}"
    else:
        detail = f"report says {files} files, expected {spec['files']}"
    if files != spec["files"]:
        run.valid = False
        PROBLEMS.append(Problem(f"{name}, run {number}: {detail}; run left out of the median ({run.seconds:.2f} s, exit {run.rc})",
                                "\n".join(run.stderr.strip().splitlines()[-15:])))


def check_rc(label: str, run: Run, expected: set[int], cmd: list[str]) -> None:
    if run.rc in expected and "Traceback" not in run.stderr:
        return
    tail = "\n".join(run.stderr.strip().splitlines()[-15:])
    key = f"{label}: exit code {run.rc} (expected {'/'.join(map(str, sorted(expected)))})"
    if "Traceback" in run.stderr:
        key += ", traceback on stderr"
    if not any(p.what == key for p in PROBLEMS):
        PROBLEMS.append(Problem(key, f"$ {' '.join(cmd)}\n{tail}"))


# ---------------------------------------------------------------------------------------------
# Corpora
# ---------------------------------------------------------------------------------------------

def ensure_corpus(folder: Path, chars: int, seed: int, ratio: float) -> dict:
    stats_file = gen_corpus.stats_path(folder)
    if stats_file.exists() and folder.is_dir():
        stats = json.loads(stats_file.read_text(encoding="utf-8"))
        if (stats.get("fingerprint"), stats.get("requested_chars"), stats.get("seed"), stats.get("traditional_ratio")) == \
                (gen_corpus.fingerprint(), chars, seed, ratio):
            return stats
    if folder.exists():
        shutil.rmtree(folder)
    print(f"  generating {folder.relative_to(ROOT)} ({chars:,} chars, seed {seed}, Traditional {ratio:.0%}) ...", flush=True)
    return gen_corpus.generate(folder, chars, seed, ratio)


def ensure_big(path: Path, size: int, seed: int) -> dict:
    stats_file = path.with_name(path.name + ".stats.json")
    if stats_file.exists() and path.exists():
        stats = json.loads(stats_file.read_text(encoding="utf-8"))
        if (stats.get("fingerprint"), stats.get("requested_bytes"), stats.get("seed")) == (gen_corpus.fingerprint(), size, seed):
            return stats
    print(f"  generating {path.relative_to(ROOT)} ({size / 1e6:.0f} MB) ...", flush=True)
    stats = gen_corpus.big_jsonl(path, size, seed)
    stats_file.write_text(json.dumps(stats) + "\n", encoding="utf-8")
    return stats


def lint_files(folder: Path, extensions: tuple[str, ...] = (".txt", ".md", ".jsonl", ".csv")) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in extensions and not p.name.startswith("."))


def size_of(files: list[Path]) -> tuple[int, int]:
    """(characters, bytes) of the files as UTF-8 text (this also warms the page cache)."""
    chars = size = 0
    for path in files:
        data = path.read_bytes()
        size += len(data)
        chars += len(data.decode("utf-8"))
    return chars, size


# ---------------------------------------------------------------------------------------------
# Tools
# ---------------------------------------------------------------------------------------------

def scriptlint_bin() -> list[str]:
    beside = Path(sys.executable).with_name("scriptlint")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("scriptlint")
    return [found] if found else [sys.executable, "-m", "scriptlint"]


def scriptlint_check(paths: list[Path], jobs: Optional[int] = 1) -> list[str]:
    cmd = scriptlint_bin() + ["check", "--isolated", "--format", "json", "--industry", ",".join(INDUSTRIES)]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    return cmd + [str(p) for p in paths]


def setup_textlint(work: Path) -> Optional[list[str]]:
    """npm install textlint + textlint-rule-prh into `work`; prh.yml from the terms. None if unavailable."""
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        print("  textlint: skipped (node/npm not found)")
        return None
    print(f"  textlint: npm install --prefix {work} textlint textlint-rule-prh ...", flush=True)
    try:
        result = subprocess.run([npm, "install", "--prefix", str(work), "--no-audit", "--no-fund", "--loglevel=error",
                                 "textlint", "textlint-rule-prh"], capture_output=True, text=True, timeout=600)
    except (subprocess.TimeoutExpired, OSError) as exc:
        print(f"  textlint: skipped (npm install failed: {exc})")
        return None
    binary = work / "node_modules" / ".bin" / "textlint"
    if result.returncode != 0 or not binary.exists():
        print(f"  textlint: skipped (npm install failed, exit {result.returncode}: {result.stderr.strip()[-300:]})")
        return None
    rules = ["version: 1", "rules:"]
    for term in TERMS.read_text(encoding="utf-8").split():
        # prh reports a match that differs from `expected`: wrap the term so every match reports.
        rules += [f"  - expected: {json.dumps('〔' + term + '〕', ensure_ascii=False)}",
                  "    patterns:", f"      - {json.dumps(term, ensure_ascii=False)}"]
    (work / "prh.yml").write_text("\n".join(rules) + "\n", encoding="utf-8")
    (work / ".textlintrc.json").write_text(json.dumps({"rules": {"prh": {"rulePaths": [str(work / "prh.yml")]}}}), encoding="utf-8")
    version = subprocess.run([str(binary), "--version"], capture_output=True, text=True).stdout.strip()
    print(f"  textlint: {version} ready")
    return [str(binary), "--config", str(work / ".textlintrc.json"), "--format", "json"]


# ---------------------------------------------------------------------------------------------
# The table
# ---------------------------------------------------------------------------------------------

@dataclass
class Row:
    measurement: str
    figure: str
    target: str = ""
    met: Optional[bool] = None  # None: no target


ROWS: list[Row] = []


def row(measurement: str, figure: str, target: str = "", met: Optional[bool] = None) -> None:
    ROWS.append(Row(measurement, figure, target, met))


def rate(chars: int, seconds: float) -> str:
    return f"{chars / seconds / 1e6:.2f} M chars/s ({seconds:.2f} s)"


def yes_no(met: Optional[bool]) -> str:
    return "" if met is None else ("yes" if met else "NO")


def table_text() -> str:
    headers = ("measurement", "figure", "target", "met")
    cells = [(r.measurement, r.figure, r.target, yes_no(r.met)) for r in ROWS]
    width = [max(_w(c[i]) for c in cells + [headers]) for i in range(4)]
    lines = ["  ".join(_pad(h, width[i]) for i, h in enumerate(headers)), "  ".join("-" * w for w in width)]
    lines += ["  ".join(_pad(c[i], width[i]) for i in range(4)) for c in cells]
    return "\n".join(lines)


def _w(text: str) -> int:
    return sum(2 if "\u2e80" <= ch <= "\uffef" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _w(text))


def table_markdown() -> str:
    lines = ["| measurement | figure | target | met |", "| --- | --- | --- | --- |"]
    lines += [f"| {r.measurement} | {r.figure} | {r.target} | {yes_no(r.met)} |" for r in ROWS]
    return "\n".join(lines)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def percentile(sorted_values: list[float], q: float) -> float:
    index = min(len(sorted_values) - 1, max(0, round(q * (len(sorted_values) - 1))))
    return sorted_values[index]


def engine_fingerprint() -> str:
    """Hash of the engine's sources and lexicons: the editable install runs whatever is on disk,
    and others may change it while the suite runs."""
    import hashlib
    digest = hashlib.sha256()
    for path in sorted([*(ROOT / "src").rglob("*.py"), *(ROOT / "src").rglob("*.marshal"), *(ROOT / "lexicons").glob("*.toml")]):
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    commit = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%h %cd", "--date=iso"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True).stdout.strip()
    try:
        import scriptlint
        version = scriptlint.__version__
    except Exception:  # noqa: BLE001
        version = "?"
    return {"date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "nproc": os.cpu_count(), "cpu": cpu,
            "python": platform.python_version(), "platform": platform.platform(), "scriptlint": version,
            "commit": commit + (" (+ uncommitted changes)" if dirty else ""),
            "grep": subprocess.run(["grep", "--version"], capture_output=True, text=True).stdout.splitlines()[0]}


# ---------------------------------------------------------------------------------------------
# Measurements
# ---------------------------------------------------------------------------------------------

def api_latency(count: int, seed: int) -> dict:
    """Linter.check_text on `count` different 200-character replies after a warm-up, in process."""
    from scriptlint import Config, Linter

    replies = gen_corpus.api_replies(count + 500, seed, 200)
    warmup, measured = replies[:500], replies[500:]
    results = {}
    for label, make in (("Linter()", lambda: Linter()), ("all industry packs", lambda: Linter(Config(industry=tuple(INDUSTRIES))))):
        start = time.perf_counter()
        linter = make()
        build = time.perf_counter() - start
        for reply in warmup:
            linter.check_text(reply)
        samples = []
        findings = 0
        clock = time.perf_counter_ns
        for reply in measured:
            t0 = clock()
            found = linter.check_text(reply)
            samples.append(clock() - t0)
            findings += len(found)
        samples.sort()
        results[label] = {"p50_ms": percentile(samples, 0.50) / 1e6, "p99_ms": percentile(samples, 0.99) / 1e6,
                          "max_ms": samples[-1] / 1e6, "mean_ms": sum(samples) / len(samples) / 1e6,
                          "build_s": build, "findings": findings, "replies": len(measured)}
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small corpus, 1 run: a smoke check in about a minute")
    parser.add_argument("--runs", type=int, help="timed runs per whole-process measurement (default 3, quick 1)")
    parser.add_argument("--chars", type=int, help="size of the mixed corpus (default 20 M, quick 1 M)")
    parser.add_argument("--big-mb", type=int, help="size of the big transcript file in MB (default 200, quick 20)")
    parser.add_argument("--no-textlint", action="store_true", help="skip textlint even when npm is there")
    args = parser.parse_args()

    quick = args.quick
    runs = args.runs or (1 if quick else 3)
    chars = args.chars or (1_000_000 if quick else 20_000_000)
    big_mb = args.big_mb or (20 if quick else 200)
    cold_reps = 3 if quick else 10
    api_count = 2_000 if quick else 10_000
    started = time.perf_counter()
    OUT.mkdir(parents=True, exist_ok=True)
    LOGS.mkdir(parents=True, exist_ok=True)
    env = machine()
    load_before = os.getloadavg()
    engine_before = engine_fingerprint()
    print(f"scriptlint bench ({'quick' if quick else 'full'}): {runs} run(s), mixed corpus {chars:,} chars; "
          f"{env['nproc']} x {env['cpu']}, Python {env['python']}, scriptlint {env['scriptlint']} @ {env['commit']}")

    # -- inputs ---------------------------------------------------------------------------
    print("inputs:")
    print(f"  {gen_corpus.write_terms(TERMS)} terms -> {TERMS.relative_to(ROOT)}")
    prefix = "quick-" if quick else ""
    corpus = OUT / f"{prefix}corpus"
    stats = ensure_corpus(corpus, chars, 1, 0.1)
    extra = [OUT / f"{prefix}corpus-s{seed}" for seed in (2, 3, 4)]
    for seed, folder in zip((2, 3, 4), extra):
        ensure_corpus(folder, chars, seed, 0.1)
    trad = OUT / f"{prefix}traditional"
    trad_stats = ensure_corpus(trad, chars // 4, 11, 1.0)
    big = OUT / f"{prefix}big-{big_mb}mb.jsonl"
    big_stats = ensure_big(big, big_mb * 1_000_000, 3)
    small_big = OUT / f"{prefix}big-{big_mb // 4}mb.jsonl"
    small_big_stats = ensure_big(small_big, big_mb // 4 * 1_000_000, 3)
    cold = OUT / "cold"
    cold.mkdir(exist_ok=True)
    (cold / "clean.txt").write_text(gen_corpus.CLEAN_SCRIPT, encoding="utf-8")
    (cold / "hits.txt").write_text(gen_corpus.HITS_SCRIPT, encoding="utf-8")

    files = lint_files(corpus)
    corpus_chars, corpus_bytes = size_of(files)
    scripts = lint_files(corpus / "scripts", (".txt", ".md"))
    scripts_chars, scripts_bytes = size_of(scripts)
    trad_chars, _ = size_of(lint_files(trad))
    extra_chars = [size_of(lint_files(f))[0] for f in extra]
    extra_files = [len(lint_files(f)) for f in extra]
    trad_files = len(lint_files(trad))
    x2_chars, x4_chars = corpus_chars + extra_chars[0], corpus_chars + sum(extra_chars)
    print(f"  mixed corpus: {corpus_chars:,} chars ({corpus_bytes / 1e6:.1f} MB) in {len(files)} files; "
          f"raw term hits 1 per {500 / max(stats['raw_term_hits_per_500_chars'], 1e-9):.0f} chars; "
          f"Traditional {stats['traditional_share_of_text']:.0%} of the text")
    print(f"  scripts subset (.txt/.md): {scripts_chars:,} chars in {len(scripts)} files; all-Traditional corpus {trad_chars:,} chars")

    textlint_dir = Path(tempfile.mkdtemp(prefix="scriptlint-bench-textlint-"))
    textlint = None if args.no_textlint else setup_textlint(textlint_dir)

    # -- side-by-side whole-process runs --------------------------------------------------
    grep = shutil.which("grep")
    naive = [sys.executable, str(BENCH / "naive.py"), "--terms", str(TERMS)]
    grep_out = OUT / "grep.out"
    measures: dict[str, dict] = {
        "scriptlint": {"cmd": scriptlint_check([corpus]), "rc": {0, 1}, "chars": corpus_chars, "files": len(files)},
        "grep": {"cmd": [grep, "-r", "-F", "-f", str(TERMS), str(corpus)], "rc": {0, 1}, "chars": corpus_chars,
                 "stdout": grep_out, "env": {**os.environ, "LC_ALL": "C"}},
        "naive": {"cmd": naive + [str(corpus)], "rc": {0, 1}, "chars": corpus_chars},
        "scriptlint scripts": {"cmd": scriptlint_check([corpus / "scripts"]), "rc": {0, 1}, "chars": scripts_chars, "files": len(scripts)},
        "scriptlint jobs2": {"cmd": scriptlint_check([corpus], 2), "rc": {0, 1}, "chars": corpus_chars, "files": len(files)},
        "scriptlint traditional": {"cmd": scriptlint_check([trad]), "rc": {0, 1}, "chars": trad_chars, "files": trad_files},
        "scriptlint 2x": {"cmd": scriptlint_check([corpus, extra[0]]), "rc": {0, 1}, "chars": x2_chars, "files": len(files) + extra_files[0]},
        "scriptlint 4x": {"cmd": scriptlint_check([corpus, *extra]), "rc": {0, 1}, "chars": x4_chars, "files": len(files) + sum(extra_files)},
    }
    if textlint:
        measures["textlint"] = {"cmd": textlint + [str(p) for p in scripts], "rc": {0, 1}, "chars": scripts_chars, "cwd": textlint_dir,
                                "files": len(scripts)}
    for name, spec in measures.items():
        if "files" in spec:  # the report goes to a file so the runner can check every file was read
            spec["stdout"] = LOGS / (name.replace(" ", "-") + ".json")
    if grep is None:
        del measures["grep"]
    # warm-up, untimed: caches (jieba's, node's, the page cache) as a user's second run would have them
    warm = str(cold / "clean.txt")
    run_process(scriptlint_check([Path(warm)]))
    run_process(naive + [warm])
    if textlint:
        run_process(textlint + [warm], cwd=textlint_dir)

    timings: dict[str, list[Run]] = {name: [] for name in measures}
    for number in range(1, runs + 1):
        print(f"run {number}/{runs}:", flush=True)
        for name, spec in measures.items():
            out_path = spec.get("stdout")
            handle = open(out_path, "wb") if out_path else None
            try:
                result = run_process(spec["cmd"], handle, spec.get("cwd"), spec.get("env"))
            finally:
                if handle:
                    handle.close()
            check_rc(name, result, spec["rc"], spec["cmd"][:6] + ["..."])
            if "files" in spec:
                validate(name, number, result, spec)
            timings[name].append(result)
            print(f"  {name:<24} {result.seconds:8.2f} s  {spec['chars'] / result.seconds / 1e6:8.2f} M chars/s  "
                  f"rc {result.rc}  peak RSS {result.rss_kb / 1024:.0f} MB"
                  + (f"  {result.findings} findings" if result.findings is not None else "")
                  + ("" if result.valid else "  INVALID (not every file read)"), flush=True)

    def med(name: str) -> float:
        valid = [r.seconds for r in timings[name] if r.valid]
        return median(valid or [r.seconds for r in timings[name]])

    for name, results in timings.items():
        counts = {r.findings for r in results if r.valid and r.findings is not None}
        if len(counts) > 1:
            PROBLEMS.append(Problem(f"{name}: the number of findings changed between runs ({sorted(counts)})",
                                    "same input, different output: the engine changed during the suite, or it is not deterministic"))

    def speed(name: str) -> float:
        return measures[name]["chars"] / med(name)

    # -- the other measurements ------------------------------------------------------------
    print("cold start:", flush=True)
    cold_runs: dict[str, list[float]] = {}
    for name, expected in (("clean.txt", {0}), ("hits.txt", {1})):
        cmd = scriptlint_bin() + ["check", name]
        _spawn(cmd, cwd=cold)  # warm-up
        # no /usr/bin/time wrapper here: its few milliseconds would count against a 0.3 s target
        results = [_spawn(cmd, cwd=cold) for _ in range(cold_reps)]
        for result in results:
            check_rc(f"cold start {name}", result, expected, cmd)
        cold_runs[name] = [r.seconds for r in results]
        print(f"  scriptlint check {name}: median {median(cold_runs[name]):.3f} s, min {min(cold_runs[name]):.3f} s, rc {results[0].rc}")

    print("memory:", flush=True)
    memory = {}
    for path, info in ((small_big, small_big_stats), (big, big_stats)):
        cmd = scriptlint_check([path])
        result = run_with_time_v(cmd)
        check_rc(f"memory {path.name}", result, {0, 1}, cmd[:6] + ["..."])
        memory[path.name] = (result, info)
        print(f"  {path.name}: peak RSS {result.rss_kb / 1024:.0f} MB, {result.seconds:.1f} s "
              f"({info['chars'] / result.seconds / 1e6:.2f} M chars/s), rc {result.rc}", flush=True)

    print(f"API latency ({api_count:,} replies):", flush=True)
    try:
        api = api_latency(api_count, 7)
    except Exception as exc:  # noqa: BLE001
        import traceback
        PROBLEMS.append(Problem("API: Linter.check_text raised", traceback.format_exc()))
        api = {}
        print(f"  failed: {exc!r}")
    for label, figures in api.items():
        print(f"  {label}: p50 {figures['p50_ms']:.3f} ms, p99 {figures['p99_ms']:.3f} ms, max {figures['max_ms']:.1f} ms, "
              f"build {figures['build_s']:.2f} s, {figures['findings']} findings")

    # -- the table --------------------------------------------------------------------------
    label = f"median of {runs}" if runs > 1 else "1 run"
    s = speed("scriptlint")
    row("throughput: scriptlint check --jobs 1, mixed corpus", rate(corpus_chars, med("scriptlint")), ">= 10 M chars/s", s >= 10e6)
    if "grep" in measures:
        row("throughput: grep -F -f terms.txt (floor)", rate(corpus_chars, med("grep")))
    row("throughput: naive (OpenCC + jieba + pyahocorasick)", rate(corpus_chars, med("naive")))
    if "grep" in measures:
        row("ratio scriptlint / grep", f"{s / speed('grep'):.3f}x")
    row("ratio scriptlint / naive", f"{s / speed('naive'):.1f}x", ">= 40x", s / speed("naive") >= 40)
    if textlint:
        t = speed("textlint")
        st = speed("scriptlint scripts")
        row("throughput: textlint + prh (.txt/.md subset)", rate(scripts_chars, med("textlint")))
        row("throughput: scriptlint, same .txt/.md subset", rate(scripts_chars, med("scriptlint scripts")))
        row("ratio scriptlint / textlint+prh (same subset)", f"{st / t:.1f}x", ">= 2.5x", st / t >= 2.5)
    else:
        row("textlint + prh", "not run (npm unavailable or install failed)" if not args.no_textlint else "skipped (--no-textlint)")
    row("throughput: all-Traditional corpus", rate(trad_chars, med("scriptlint traditional")), ">= 5 M chars/s", speed("scriptlint traditional") >= 5e6)
    c1, c2 = median(cold_runs["clean.txt"]), median(cold_runs["hits.txt"])
    row(f"cold start: check clean.txt ({len(gen_corpus.CLEAN_SCRIPT.encode())} B, no hits)", f"{c1:.3f} s", "<= 0.3 s", c1 <= 0.3)
    row(f"cold start: check hits.txt ({len(gen_corpus.HITS_SCRIPT.encode())} B, hits to confirm)", f"{c2:.3f} s", "<= 0.45 s", c2 <= 0.45)
    for name, figures in api.items():
        row(f"API check_text 200 chars, {name}: p50", f"{figures['p50_ms']:.3f} ms")
        row(f"API check_text 200 chars, {name}: p99", f"{figures['p99_ms']:.3f} ms", "<= 1 ms", figures["p99_ms"] <= 1.0)
    small_run, big_run = memory[small_big.name][0], memory[big.name][0]
    row(f"peak RSS: {big_mb // 4} MB transcript file", f"{small_run.rss_kb / 1024:.0f} MB")
    row(f"peak RSS: {big_mb} MB transcript file", f"{big_run.rss_kb / 1024:.0f} MB", "<= 200 MB", big_run.rss_kb / 1024 <= 200)
    growth = big_run.rss_kb / max(small_run.rss_kb, 1)
    row(f"peak RSS growth, {big_mb // 4} MB -> {big_mb} MB file", f"{growth:.2f}x", "flat (<= 1.25x)", growth <= 1.25)
    j1, j2 = med("scriptlint"), med("scriptlint jobs2")
    row("--jobs 2 vs --jobs 1, mixed corpus", f"{j1 / j2:.2f}x ({j1:.2f} s -> {j2:.2f} s, {len(files)} files)", ">= 1.6x", j1 / j2 >= 1.6)
    t1, t2, t4 = j1, med("scriptlint 2x"), med("scriptlint 4x")
    row("scaling: 1x / 2x / 4x corpus", f"{t1:.2f} s / {t2:.2f} s / {t4:.2f} s ({corpus_chars / 1e6:.0f}/{x2_chars / 1e6:.0f}/"
        f"{x4_chars / 1e6:.0f} M chars); each added 1x: {t2 - t1:.2f} s, {(t4 - t2) / 2:.2f} s")
    linear = (x4_chars / t4) / (corpus_chars / t1)
    row("scaling: chars/s at 4x relative to 1x", f"{linear:.2f}", "linear (>= 0.9)", linear >= 0.9)

    # -- report ----------------------------------------------------------------------------
    findings_note = ""
    try:
        report = json.loads(measures["scriptlint"]["stdout"].read_text(encoding="utf-8"))
        summary = report.get("summary", {})
        by = summary.get("by_category", {})
        lexical = sum(by.get(c, 0) for c in ("sensitive-term", "false-promise", "stalling", "pii-request", "impersonation"))
        findings_note = (f"scriptlint reported {summary.get('findings')} findings on the mixed corpus ({lexical} in the lexicon "
                         f"categories; the generator planted {stats['planted_confirmed']} hits meant to be confirmed and "
                         f"{stats['planted_near_miss']} near-misses), {summary.get('errors')} input errors.")
    except (OSError, ValueError) as exc:
        findings_note = f"scriptlint's JSON report could not be read: {exc}"
        PROBLEMS.append(Problem("scriptlint JSON report unreadable", str(exc)))

    print()
    print(table_text())
    print()
    print(findings_note)
    if PROBLEMS:
        print(f"\nproblems seen ({len(PROBLEMS)}):")
        for problem in PROBLEMS:
            print(f"- {problem.what}\n" + "\n".join("    " + line for line in problem.detail.splitlines()))
    elapsed = time.perf_counter() - started
    engine_after = engine_fingerprint()
    engine_note = (f"engine sources unchanged during the run ({engine_before})" if engine_after == engine_before else
                   f"WARNING: the engine sources changed during the run ({engine_before} -> {engine_after}): "
                   "the figures mix versions; run again on a quiet tree")
    print(engine_note)
    details = {name: {"seconds": [round(r.seconds, 3) for r in timings[name]], "peak_rss_mb": [round(r.rss_kb / 1024) for r in timings[name]],
                      "rc": [r.rc for r in timings[name]], "findings": [r.findings for r in timings[name]],
                      "valid": [r.valid for r in timings[name]], "chars": measures[name]["chars"]} for name in measures}
    md = [f"# scriptlint benchmark results ({'quick' if quick else 'full'})", "",
          f"- date: {env['date']}", f"- machine: {env['nproc']} x {env['cpu']}, {env['platform']}",
          f"- Python {env['python']}, scriptlint {env['scriptlint']} @ {env['commit']}, {env['grep']}",
          f"- whole-process figures: {label}; suite took {elapsed / 60:.1f} min; load average before "
          f"{load_before[0]:.2f}, after {os.getloadavg()[0]:.2f} (other work on the machine skews timings)",
          f"- {engine_note}",
          f"- mixed corpus: {corpus_chars:,} chars ({corpus_bytes / 1e6:.1f} MB UTF-8), {len(files)} files "
          f"({stats['files_by_format']}); raw term hits {stats['raw_term_hits_per_500_chars']} per 500 chars; "
          f"Traditional {stats['traditional_share_of_text']:.0%} of the text; seed {stats['seed']}, fingerprint {stats['fingerprint']}",
          f"- all-Traditional corpus: {trad_chars:,} chars; big transcript files: {big_stats['bytes']:,} B "
          f"({big_stats['chars']:,} chars) and {small_big_stats['bytes']:,} B",
          "", table_markdown(), "", findings_note, ""]
    if PROBLEMS:
        md += ["## Problems seen", ""]
        for problem in PROBLEMS:
            md += [f"- {problem.what}", "", "```", problem.detail, "```", ""]
    md += ["## Raw timings", "", "```json", json.dumps({"runs": details, "cold_start_s": cold_runs, "api": api,
           "memory": {k: {"peak_rss_mb": round(v[0].rss_kb / 1024), "seconds": round(v[0].seconds, 2), "rc": v[0].rc, **v[1]}
                      for k, v in memory.items()}}, indent=1, ensure_ascii=False), "```", ""]
    (OUT / "results.md").write_text("\n".join(md), encoding="utf-8")
    print(f"\nwritten: {(OUT / 'results.md').relative_to(ROOT)} ({elapsed / 60:.1f} min)")
    shutil.rmtree(textlint_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
