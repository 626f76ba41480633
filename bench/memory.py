"""Peak memory and time of `scriptlint check` on large files of each input format.

    python bench/memory.py                          # 50 MB of each (a few minutes)
    python bench/memory.py --size-mb 500            # 500 MB of each
    python bench/memory.py --text-mb 500 --jsonl-mb 1000 --csv-mb 200
    python bench/memory.py --only text --size-mb 20

Four inputs, generated from the benchmark corpus generator (gen_corpus.py) and cached in
bench/out/memory/ (reused while the generator, the lexicons, the seed and the size match):

  text          one call script (.txt), speaker markers, many calls one after the other
  csv           one reply library (.csv), header `id,text`
  jsonl         a transcript (.jsonl) with `call_id`: many calls
  jsonl-no-id   the same turns without `call_id`: the whole file is one call

Each input is linted by `python -m scriptlint check --isolated --format json FILE` in a process of
its own; the table gives the file size, the peak resident set size of that process (from
`/usr/bin/time -f %M` when it is there, else from os.wait4), the peak over the size, the wall time
and the number of findings (from the report's summary). The file sizes are bytes (1 MB = 10^6
bytes). A first row gives the peak of the same command on a short script with hits: the fixed
cost of the interpreter, the lexicons, the tables and the segmentation dictionary, which every
other row includes.
Nothing here asserts a figure.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out" / "memory"
TIME_BIN = "/usr/bin/time"
POOL_BYTES = 8_000_000  # generated once, then repeated (with fresh ids) up to the size asked for
sys.path.insert(0, str(BENCH))
import gen_corpus

FORMATS = ("text", "csv", "jsonl", "jsonl-no-id")
SUFFIX = {"text": ".txt", "csv": ".csv", "jsonl": ".jsonl", "jsonl-no-id": ".jsonl"}


# ---------------------------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------------------------

def _calls(seed: int) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """(industry, turns) of generated calls, endlessly."""
    gen = gen_corpus.Generator(seed, 0.1)
    while True:
        industry = gen.pick(gen_corpus.INDUSTRIES)
        gen.unit()
        yield industry, gen.call(industry, gen.rng.randint(4, 12), gen.rng.random() < 0.3)


def _text_pool(seed: int) -> Iterator[str]:
    markers = gen_corpus.TXT_MARKERS
    for number, (_, turns) in enumerate(_calls(seed)):
        bot, user = markers[number % len(markers)]
        yield "".join((bot if role == "bot" else user) + text + "\n" for role, text in turns) + "\n"


def _csv_pool(seed: int) -> Iterator[str]:
    gen = gen_corpus.Generator(seed, 0.1)
    while True:
        gen.unit()
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerow(["@ID@", gen.reply(gen.pick(gen_corpus.INDUSTRIES), gen.rng.randint(30, 140))])
        yield buffer.getvalue()


def _jsonl_pool(seed: int, with_id: bool) -> Iterator[str]:
    gen = gen_corpus.Generator(seed, 0.1)
    while True:
        industry = gen.pick(gen_corpus.INDUSTRIES)
        lines = gen_corpus.transcript_lines(gen, industry, "@ID@", gen.rng.random() < 0.3)
        if not with_id:
            lines = [json.dumps({k: v for k, v in json.loads(line).items() if k != "call_id"}, ensure_ascii=False)
                     for line in lines]
        yield "\n".join(lines) + "\n"


POOLS: dict[str, Callable[[int], Iterator[str]]] = {
    "text": _text_pool,
    "csv": _csv_pool,
    "jsonl": lambda seed: _jsonl_pool(seed, True),
    "jsonl-no-id": lambda seed: _jsonl_pool(seed, False),
}
HEADERS = {"text": "# scriptlint: channel=phone direction=outbound\n# 外呼话术（生成）\n", "csv": "id,text\n", "jsonl": "", "jsonl-no-id": ""}


def write_input(fmt: str, path: Path, size_bytes: int, seed: int) -> int:
    """Write about `size_bytes` bytes of `fmt`: a pool of about 8 MB of generated units, written
    over and over, every copy of a unit with a fresh id. Returns the bytes written."""
    pool: list[str] = []
    pool_bytes = 0
    for unit in POOLS[fmt](seed):
        pool.append(unit)
        pool_bytes += len(unit.encode("utf-8"))
        if pool_bytes >= min(POOL_BYTES, size_bytes):
            break
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(path.suffix + ".part")
    written = 0
    copies = 0
    with open(temporary, "w", encoding="utf-8", newline="\n") as handle:
        header = HEADERS[fmt]
        handle.write(header)
        written += len(header.encode("utf-8"))
        while written < size_bytes:
            for unit in pool:
                text = unit.replace("@ID@", f"M{seed}-{copies:09d}")
                handle.write(text)
                written += len(text.encode("utf-8"))
                copies += 1
                if written >= size_bytes:
                    break
    temporary.replace(path)
    return written


def ensure_input(fmt: str, size_mb: float, seed: int) -> Path:
    """The input file, generated unless a file for this generator, size and seed is there."""
    size_bytes = int(size_mb * 1_000_000)
    path = OUT / f"{fmt}-{size_mb:g}mb-{seed}{SUFFIX[fmt]}"
    stamp = path.with_name(path.name + ".json")
    wanted = {"fingerprint": gen_corpus.fingerprint(), "memory.py": _own_digest(), "bytes": size_bytes, "seed": seed}
    if path.exists() and stamp.exists():
        try:
            if {k: v for k, v in json.loads(stamp.read_text()).items() if k != "written"} == wanted:
                return path
        except ValueError:
            pass
    written = write_input(fmt, path, size_bytes, seed)
    stamp.write_text(json.dumps({**wanted, "written": written}) + "\n")
    return path


def _own_digest() -> str:
    import hashlib

    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


# ---------------------------------------------------------------------------------------------
# Measuring
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Measured:
    label: str
    size_bytes: int
    rss_kb: int
    seconds: float
    exit_code: int
    findings: int | None
    errors: int | None


def _summary(tail: bytes) -> dict[str, int] | None:
    """The report's summary object, from the last bytes of a JSON report."""
    text = tail.decode("utf-8", "replace")
    start = text.rfind('"summary": ')
    if start == -1:
        return None
    try:
        body = text[start + len('"summary": '):].rstrip()
        value = json.loads(body[:-1] if body.endswith("}}") else body)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def lint(label: str, path: Path, python: str) -> Measured:
    """Lint one file in a process of its own; its report is read as it comes and only the last
    bytes are kept (a report of a large file is large too)."""
    command = [python, "-m", "scriptlint", "check", "--isolated", "--format", "json", str(path)]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    use_time = os.path.exists(TIME_BIN)
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        if use_time:
            command = [TIME_BIN, "-f", "%M", "-o", report.name, *command]
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                   stdin=subprocess.DEVNULL, env=env)
        assert process.stdout is not None
        tail = b""
        while chunk := process.stdout.read(1 << 20):
            tail = (tail + chunk)[-(1 << 16):]
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        rss_kb = usage.ru_maxrss
        if use_time:
            lines = [line for line in Path(report.name).read_text().splitlines() if line.strip()]
            if lines and lines[-1].strip().isdigit():
                rss_kb = int(lines[-1])
    summary = _summary(tail) or {}
    return Measured(label, path.stat().st_size, rss_kb, seconds, os.waitstatus_to_exitcode(status),
                    summary.get("findings"), summary.get("errors"))


def table(rows: list[Measured], baseline_kb: int) -> str:
    out = ["| input | size | peak RSS | peak RSS / size | peak RSS above start-up | time | findings |",
           "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for row in rows:
        size_mb = row.size_bytes / 1e6
        rss_mb = row.rss_kb * 1024 / 1e6
        above = max(0.0, rss_mb - baseline_kb * 1024 / 1e6)
        ratio = f"{rss_mb / size_mb:.2f}x" if size_mb >= 1 else "-"
        failed = f" (exit {row.exit_code})" if row.exit_code not in (0, 1) else ""
        out.append(f"| {row.label}{failed} | {size_mb:,.1f} MB | {rss_mb:,.0f} MB | {ratio} | {above:,.0f} MB "
                   f"| {row.seconds:,.1f} s | {row.findings if row.findings is not None else '-'} |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=float, default=50, help="size of every input, in MB (10^6 bytes)")
    for fmt in FORMATS:
        if fmt != "jsonl-no-id":
            parser.add_argument(f"--{fmt}-mb", type=float, help=f"size of the {fmt} input (default: --size-mb)"
                                + (", with and without call_id" if fmt == "jsonl" else ""))
    parser.add_argument("--only", action="append", choices=FORMATS, help="measure only these inputs (repeatable)")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--python", default=sys.executable, help="the Python that runs scriptlint")
    parser.add_argument("--delete", action="store_true", help="delete each generated input after its run")
    args = parser.parse_args(argv)
    sizes = {"text": args.text_mb, "csv": args.csv_mb, "jsonl": args.jsonl_mb, "jsonl-no-id": args.jsonl_mb}
    formats = [f for f in FORMATS if not args.only or f in args.only]

    OUT.mkdir(parents=True, exist_ok=True)
    short = OUT / "short.txt"
    short.write_text(gen_corpus.HITS_SCRIPT, encoding="utf-8")
    lint("start-up", short, args.python)  # warms the start-up cache: the next run is the figure
    rows = [lint(f"short script with hits ({len(gen_corpus.HITS_SCRIPT.encode())} B)", short, args.python)]
    for fmt in formats:
        size = sizes[fmt] or args.size_mb
        path = ensure_input(fmt, size, args.seed)
        rows.append(lint(f"{fmt} ({path.name})", path, args.python))
        print(table(rows[-1:], rows[0].rss_kb).splitlines()[-1], flush=True)
        if args.delete:
            path.unlink()
    print()
    print(table(rows, rows[0].rss_kb))
    return 0


if __name__ == "__main__":
    sys.exit(main())
