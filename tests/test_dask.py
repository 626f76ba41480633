"""scriptlint.dask: importing scriptlint never loads Dask, the extra is named when it is missing,
the transcript partition function in process, and the cluster cases (tests/dask_cluster_cases.py:
a LocalCluster of two worker processes) in a Python process of their own. Those are skipped
without Dask (the `dask` extra, part of `test`); the rest run either way."""
from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from scriptlint import Linter

ROOT = Path(__file__).resolve().parents[1]
CASES = Path(__file__).with_name("dask_cluster_cases.py")


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter()


def test_importing_scriptlint_loads_no_dask() -> None:
    code = ("import sys, scriptlint, scriptlint.cli, scriptlint.cluster\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))")
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert shown.strip() == "[]"


def test_without_dask_the_import_error_names_the_extra() -> None:
    code = ("import sys; sys.modules['dask'] = None\n"
            "try:\n    import scriptlint.dask\nexcept ImportError as e:\n    print(e)\nelse:\n    print('imported')")
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "pip install 'scriptlint[dask]'" in shown


def test_on_a_local_cluster() -> None:
    """The cluster cases pass. In a process of their own: the Dask client's threads must not
    share a process with the suite's forked `--jobs` pools (one was seen to hang after them)."""
    # Looked up, not imported: importing distributed into the suite's process was enough for a
    # later forked `--jobs` pool of another test to hang.
    if importlib.util.find_spec("distributed") is None:
        pytest.skip("Dask is not installed (pip install -e '.[dask]')")
    run = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:logging",
                          "--rootdir", str(ROOT), "-c", str(ROOT / "pyproject.toml"), str(CASES)],
                         cwd=ROOT, capture_output=True, text=True, timeout=900, check=False)
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-3000:]
    assert "4 passed" in run.stdout and "skipped" not in run.stdout  # every case ran


def test_records_with_errors_and_directives(linter: Linter) -> None:
    """A bad record is an error of its call at its turn, skipped; a `lint_ignore` silences as
    in a file; a call id that comes back later starts another call. Runs in process, with or
    without Dask: the partition function is plain Python (Spark's mapPartitions calls it too)."""
    from scriptlint.cluster import lint_records

    phone = "您的手机号13812345678已经登记好了。"
    records: list[dict[str, Any]] = [
        {"call_id": 7, "role": "bot", "text": phone},
        {"call_id": 7, "role": "visitor", "text": "好的"},
        {"call_id": 7, "text": None},
        {"call_id": "B", "role": "bot", "text": phone, "lint_ignore": "SL402 测试号码"},
        {"call_id": 7, "role": "bot", "text": phone},
    ]
    results = lint_records(records, linter, source="x")
    assert [(r.path, r.turns) for r in results] == [("x#7", 1), ("x#B", 1), ("x#7", 1)]
    first, ignored, again = results
    assert [(e.line, "role" in e.message) for e in first.errors] == [(2, True), (3, False)]
    assert "text" in first.errors[1].message
    pii = [(f.code, f.line, f.column, f.end_column) for f in first.findings if f.code == "SL402"]
    assert pii == [("SL402", 1, phone.index("138") + 1, phone.index("138") + 12)]
    assert [(f.code, f.active) for f in ignored.findings if f.code == "SL402"] == [("SL402", False)]
    assert [f.code for f in again.findings if f.code == "SL402"] == ["SL402"]
