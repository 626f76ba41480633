"""The same inputs give byte-identical output (standard output and standard error), whatever
the order of the files on disk, the number of worker processes and the hash seed."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").iterdir())


def _tree(root: Path, reverse: bool) -> None:
    """scripts/ holding every example in three folders, a file that is an input error, an
    empty folder and a symbolic link loop; written in one order or in the reverse one, so
    that the directory listings differ (on filesystems that list in creation or hash order;
    test_filesystem.py reverses the listing itself, for any filesystem)."""
    files = [(f"scripts/{group}/{source.name}", source.read_bytes())
             for group in ("a", "b/c", "d") for source in EXAMPLES]
    files.append(("scripts/b/broken.json", b'{"nodes": [}'))
    for relative, data in reversed(files) if reverse else files:
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_bytes(data)
    (root / "scripts" / "empty").mkdir()
    (root / "scripts" / "b" / "c" / "loop").symlink_to("../..")


@pytest.fixture(scope="module")
def trees(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    forward, backward = tmp_path_factory.mktemp("forward"), tmp_path_factory.mktemp("backward")
    _tree(forward, reverse=False)
    _tree(backward, reverse=True)
    return forward, backward


def run(cwd: Path, output_format: str, jobs: str, seed: str) -> tuple[int, bytes, bytes]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run([sys.executable, "-m", "scriptlint", "check", "--isolated", "--no-color", "--format",
                           output_format, "--jobs", jobs, "scripts"], cwd=cwd, env=env, capture_output=True,
                          timeout=300, check=False)
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize("output_format", ["text", "json"])
def test_output_is_byte_identical(trees: tuple[Path, Path], output_format: str) -> None:
    forward, backward = trees
    first = run(forward, output_format, "1", "0")
    assert first[0] == 2  # findings and the broken file
    assert first[1].count(b"outbound_wealth_bad.txt") >= 3 and b"broken.json" in first[2]
    assert b"symbolic link loop" in first[2]
    for cwd, jobs, seed in ((backward, "2", "1"), (forward, "2", "4242")):
        assert run(cwd, output_format, jobs, seed) == first, (cwd.name, jobs, seed)
