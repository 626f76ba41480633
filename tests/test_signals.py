"""Stopping a run: Ctrl-C ends it within a second with exit 130, SIGTERM with 143, a closed
pipe (`| head`) quietly with 141; never a traceback, and no worker process is left behind."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc to find the workers")

# Each line is a finding for several rules: 120 such files keep two workers busy for many seconds,
# so a run is always stopped in the middle.
LINE = "这款产品保本保息，年化收益8%，保证24小时内到账，我是真人客服不是机器人。\n"


@pytest.fixture(scope="module")
def big_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("signals") / "big"
    folder.mkdir()
    # Every line different (the confirmation memo would make a folder of one repeated line
    # quick enough to end before a signal arrives), and enough of them to outlast the signal.
    for number in range(240):
        lines = (LINE.replace("8%", f"{number % 50 + 1}.{row}%").replace("24小时", f"{row % 47 + 2}小时")
                 for row in range(60))
        (folder / f"script{number:03d}.txt").write_text("".join(lines), encoding="utf-8")
    return folder


def children(pid: int) -> set[int]:
    """The live (not zombie) processes whose parent is `pid`."""
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.add(int(entry))
    return found


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def start(folder: Path, *args: str) -> subprocess.Popen[bytes]:
    # A session of its own: the test can signal its whole process group, as a terminal's Ctrl-C does.
    return subprocess.Popen([sys.executable, "-m", "scriptlint", "check", "--isolated", *args, folder.name],
                            cwd=folder.parent, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)


def wait_until_busy(process: subprocess.Popen[bytes], workers: int) -> set[int]:
    """Wait until the run has its workers (or, in one process, has written its first line)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read() if process.stderr else b""
        found = children(process.pid)
        if workers and len(found) >= workers:
            time.sleep(0.3)  # let them take their first files
            return found
        if not workers and process.stdout is not None and process.stdout.peek(1):  # type: ignore[attr-defined]
            return found
        time.sleep(0.05)
    raise AssertionError("the run never got busy")


def stop(process: subprocess.Popen[bytes], how: str, workers: int) -> tuple[int, bytes, float]:
    pids = wait_until_busy(process, workers)
    sent = time.monotonic()
    if how == "group":
        os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
    else:
        process.send_signal(getattr(signal, how))
    try:
        _, stderr = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    took = time.monotonic() - sent
    deadline = time.monotonic() + 5  # a worker killed by the parent may take a moment to be reaped
    while any(alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = [pid for pid in pids if alive(pid)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert left == [], "workers left behind"
    assert b"Traceback" not in stderr
    return process.returncode, stderr, took


@pytest.mark.parametrize(("how", "jobs"), [("group", 2), ("SIGINT", 2), ("group", 1)])
def test_ctrl_c_stops_within_a_second_with_exit_130(big_folder: Path, how: str, jobs: int) -> None:
    process = start(big_folder, "--jobs", str(jobs))
    returncode, stderr, took = stop(process, how, jobs if jobs > 1 else 0)
    assert returncode == 130
    assert stderr.decode().splitlines() == ["scriptlint: interrupted"]
    assert took < 2.0  # about 0.2 s when the machine is idle; the margin is for a loaded one


@pytest.mark.parametrize("jobs", [2, 1])
def test_sigterm_leaves_no_worker_and_no_traceback(big_folder: Path, jobs: int) -> None:
    process = start(big_folder, "--jobs", str(jobs))
    returncode, stderr, _ = stop(process, "SIGTERM", jobs if jobs > 1 else 0)
    assert returncode == 143
    assert stderr.decode().splitlines() == ["scriptlint: terminated"]


def test_workers_die_with_a_parent_killed_outright(big_folder: Path) -> None:
    process = start(big_folder, "--jobs", "2")
    returncode, stderr, _ = stop(process, "SIGKILL", 2)
    assert returncode == -signal.SIGKILL
    assert stderr == b""


@pytest.mark.parametrize(("output_format", "jobs"), [("text", 1), ("json", 2)])
def test_a_closed_pipe_ends_the_run_quietly(big_folder: Path, output_format: str, jobs: int) -> None:
    """`scriptlint check big | head -1`."""
    process = start(big_folder, "--format", output_format, "--jobs", str(jobs))
    assert process.stdout is not None
    first = process.stdout.readline()
    pids = children(process.pid)
    process.stdout.close()  # the reader is gone
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 141
    assert stderr == b""
    assert first.startswith(b'{"version"' if output_format == "json" else b"big/script000.txt:1:")
    deadline = time.monotonic() + 5
    while any(alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(alive(pid) for pid in pids)
