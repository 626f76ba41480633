"""The filesystem as it really is: FIFOs, devices and sockets are reported and never read,
unreadable folders are errors, symbolic links to folders are followed with loop detection,
names with spaces, Chinese or bytes that are not UTF-8 work, files that change while read are
reported, and no character in a name or a text can abort the output."""
from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

from scriptlint import fileio
from scriptlint.api import Linter
from scriptlint.config import Config, ConfigError, load_config
from scriptlint.discovery import discover
from scriptlint.model import InputError, LintResult
from scriptlint.readers import EXTENSIONS, decode

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs, devices, sockets and POSIX permissions")

# 保本 ("principal guaranteed") is a finance SL302 finding at columns 3..5 of this reply.
REPLY = "产品保本收益高\n"
SELECTED = ("--isolated", "--kind", "replies", "--industry", "finance", "--select", "SL302")


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter(Config(kind="replies", industry=("finance",), select=("SL302",)))


def scriptlint(*args: str, cwd: Path, env: dict[str, str] | None = None,
               as_user: list[str] | None = None) -> subprocess.CompletedProcess[bytes]:
    """The CLI in a subprocess, bounded in time (a FIFO read by mistake would block forever);
    `as_user` is a command prefix that runs it as another user."""
    run = subprocess.run([*(as_user or []), sys.executable, "-m", "scriptlint", "check", *args], cwd=cwd,
                         capture_output=True, env={**os.environ, **(env or {})}, timeout=60, check=False)
    assert b"Traceback" not in run.stdout + run.stderr
    return run


def json_run(*args: str, cwd: Path, **kwargs: Any) -> tuple[subprocess.CompletedProcess[bytes], dict[str, Any]]:
    run = scriptlint(*SELECTED, "--format", "json", *args, cwd=cwd, **kwargs)
    return run, json.loads(run.stdout.decode("utf-8"))  # strict: the output is valid UTF-8


def where(payload: dict[str, Any]) -> list[tuple[str, int, int, int]]:
    return [(f["path"], f["line"], f["column"], f["end_column"]) for f in payload["findings"]]


def errors(payload: dict[str, Any]) -> list[tuple[str, int | None, str]]:
    return [(e["path"], e["line"], e["message"]) for e in payload["errors"]]


@contextlib.contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Fail instead of hanging the suite, should a FIFO ever be opened blocking again."""
    def expire(signum: int, frame: FrameType | None) -> None:
        raise TimeoutError("blocked on a FIFO")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def unix_socket(path: Path) -> Iterator[None]:
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        server.bind(str(path))
    except OSError as exc:  # a path too long for sun_path
        server.close()
        pytest.skip(f"cannot bind a UNIX socket here: {exc}")
    try:
        yield
    finally:
        server.close()


# --- only regular files are read ------------------------------------------------------------


@posix_only
def test_fifo_device_and_socket_are_reported_and_never_read(tmp_path: Path) -> None:
    folder = tmp_path / "scripts"
    folder.mkdir()
    (folder / "a_good.txt").write_text(REPLY, encoding="utf-8")
    os.mkfifo(folder / "flow.yaml")            # a FIFO with a flow's extension
    (folder / "zero.txt").symlink_to("/dev/zero")  # read whole, it would fill the memory
    (folder / "fifo.conf").symlink_to(folder / "flow.yaml")  # no known extension: not searched
    os.mkfifo(tmp_path / "named")              # named on the command line, whatever its extension
    with unix_socket(folder / "s.txt"):
        run, payload = json_run("scripts", "named", "/dev/null", cwd=tmp_path)
    assert run.returncode == 2
    assert where(payload) == [("scripts/a_good.txt", 1, 3, 5)]
    assert errors(payload) == [
        ("/dev/null", None, "not a regular file: character device"),
        ("named", None, "not a regular file: FIFO"),
        ("scripts/flow.yaml", None, "not a regular file: FIFO"),
        ("scripts/s.txt", None, "not a regular file: socket"),
        ("scripts/zero.txt", None, "not a regular file: character device"),
    ]
    assert sorted(run.stderr.decode().splitlines()) == sorted(f"scriptlint: error: {p}: {m}" for p, _, m in errors(payload))


@posix_only
def test_a_fifo_swapped_in_after_the_stat_cannot_block(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The race: the path is a regular file when stat'ed, a FIFO when opened. The open does not
    block (O_NONBLOCK) and the fstat after it refuses the FIFO."""
    regular = tmp_path / "regular.txt"
    regular.write_text(REPLY, encoding="utf-8")
    fifo = tmp_path / "swapped.txt"
    os.mkfifo(fifo)
    real_stat = os.stat
    looked: list[str] = []

    def stat_before_the_swap(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        if str(path) == str(fifo):
            looked.append(str(path))
            return real_stat(regular, *args, **kwargs)
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", stat_before_the_swap)
    with deadline(10), pytest.raises(InputError) as raised:
        decode.read_file(str(fifo))
    assert looked == [str(fifo)]  # the stat saw a regular file: the fstat refused the FIFO
    assert raised.value.message == "not a regular file: FIFO"


@posix_only
@pytest.mark.parametrize(("target", "kind"), [("fifo", "FIFO"), ("/dev/zero", "character device")])
def test_lexicon_that_is_not_a_regular_file(tmp_path: Path, target: str, kind: str) -> None:
    if target == "fifo":
        os.mkfifo(tmp_path / "fifo")
        target = str(tmp_path / "fifo")
    (tmp_path / "scriptlint.toml").write_text(f'lexicons = ["{target}"]\n', encoding="utf-8")
    config = load_config(tmp_path / "scriptlint.toml")
    with deadline(10), pytest.raises(InputError) as raised:
        Linter(config)
    assert str(raised.value) == f"{target}: lexicon: not a regular file: {kind}"


@posix_only
def test_lexicon_command_on_a_fifo_is_one_line_exit_2(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "ours.toml")
    run = subprocess.run([sys.executable, "-m", "scriptlint", "lexicon", "check", "ours.toml"], cwd=tmp_path,
                         capture_output=True, text=True, timeout=60, check=False)
    assert run.returncode == 2
    assert run.stderr.splitlines() == ["scriptlint: error: ours.toml: lexicon: not a regular file: FIFO"]


def test_lexicon_and_config_over_the_size_cap(tmp_path: Path) -> None:
    huge = tmp_path / "huge.toml"
    with huge.open("wb") as handle:  # sparse: nothing is written, the size is what is checked
        handle.truncate(fileio.SETTINGS_FILE_LIMIT + 1)
    with pytest.raises(ConfigError, match=r"huge\.toml: config: file too large: over 16 MB$"):
        load_config(huge)
    (tmp_path / "scriptlint.toml").write_text('lexicons = ["huge.toml"]\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"huge\.toml: lexicon: file too large: over 16 MB$"):
        Linter(load_config(tmp_path / "scriptlint.toml"))


def test_a_settings_file_at_the_cap_is_read(tmp_path: Path) -> None:
    path = tmp_path / "exact.toml"
    path.write_bytes(b"#" * 1000)
    assert fileio.read_settings_file(str(path), limit=1000) == b"#" * 1000
    with pytest.raises(InputError, match="file too large"):
        fileio.read_settings_file(str(path), limit=999)


@posix_only
def test_config_that_is_a_fifo(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / ".scriptlint.toml")
    with deadline(10):
        with pytest.raises(ConfigError, match=r"\.scriptlint\.toml: config: not a regular file: FIFO$"):
            load_config(cwd=tmp_path)  # found by the search: reported, not passed over
        with pytest.raises(ConfigError, match=r"\.scriptlint\.toml: config: not a regular file: FIFO$"):
            load_config(tmp_path / ".scriptlint.toml")


def test_broken_symbolic_link_is_named_so(tmp_path: Path, linter: Linter) -> None:
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "ok.txt").write_text(REPLY, encoding="utf-8")
    result = linter.check_paths([str(tmp_path)])
    assert [(e.path, e.message) for e in result.errors] == [(str(tmp_path / "gone.txt"), "broken symbolic link")]
    assert [(f.path, f.line, f.column) for f in result.findings] == [(str(tmp_path / "ok.txt"), 1, 3)]


# --- unreadable folders ---------------------------------------------------------------------


def _unprivileged() -> list[str] | None:
    """A command prefix that runs a program without the power to bypass permissions: [] for
    an ordinary user, setpriv (util-linux) to become nobody for root; None when neither works."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return []
    prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    try:
        # The other user must also reach the package: a virtual environment inside a folder
        # private to root (CI's mktemp -d) starts Python but hides its site-packages.
        probe = subprocess.run([*prefix, sys.executable, "-c", "import scriptlint"], capture_output=True, timeout=60,
                               check=False)
    except OSError:
        return None
    return prefix if probe.returncode == 0 else None


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A folder another user can enter (pytest's tmp_path is private to its owner)."""
    path = Path(tempfile.mkdtemp(prefix="scriptlint-fs-"))
    path.chmod(0o755)
    try:
        yield path
    finally:
        for folder, subfolders, _ in os.walk(path):
            for name in subfolders:
                os.chmod(os.path.join(folder, name), 0o755)
        subprocess.run(["rm", "-rf", str(path)], check=False)


@posix_only
def test_unreadable_folders_are_errors_and_the_run_goes_on(shared_dir: Path) -> None:
    as_user = _unprivileged()
    if as_user is None:
        pytest.skip("running as root, and no other user can run scriptlint here (no setpriv, or the venv is "
                    "private to root): permissions would not be enforced")
    for relative in ("locked/a.txt", "tree/c.txt", "tree/inner/d.txt", "ok/b.txt"):
        (shared_dir / relative).parent.mkdir(parents=True, exist_ok=True)
        (shared_dir / relative).write_text(REPLY, encoding="utf-8")
    for folder in shared_dir.rglob("*"):
        folder.chmod(0o755 if folder.is_dir() else 0o644)
    (shared_dir / "locked").chmod(0)
    (shared_dir / "tree" / "inner").chmod(0)
    run, payload = json_run("locked", "locked/a.txt", "tree", "ok/b.txt", cwd=shared_dir,
                            env={"SCRIPTLINT_CACHE_DIR": ""}, as_user=as_user)
    assert run.returncode == 2
    assert where(payload) == [("ok/b.txt", 1, 3, 5), ("tree/c.txt", 1, 3, 5)]
    assert errors(payload) == [
        ("locked", None, "cannot read folder: Permission denied"),
        ("locked/a.txt", None, "cannot read: Permission denied"),
        ("tree/inner", None, "cannot read folder: Permission denied"),
    ]
    assert len(run.stderr.decode().splitlines()) == 3


def test_unlistable_folder_met_in_a_walk(tmp_path: Path, linter: Linter, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same, in process, for any user: scandir refused on one subfolder."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_text(REPLY, encoding="utf-8")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "y.txt").write_text(REPLY, encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path: str) -> Any:
        if os.path.basename(path) == "a":
            raise PermissionError(13, "Permission denied", path)
        return real_scandir(path)

    monkeypatch.setattr("scriptlint.discovery.os.scandir", scandir)
    result = linter.check_paths([str(tmp_path)])
    assert [(e.path, e.message) for e in result.errors] == [(str(tmp_path / "a"), "cannot read folder: Permission denied")]
    assert [f.path for f in result.findings] == [str(tmp_path / "b" / "y.txt")]
    with pytest.raises(InputError, match="cannot read folder"):  # discover alone raises by default
        list(discover([str(tmp_path)]))


def test_empty_folder_is_an_error_exit_2(tmp_path: Path) -> None:
    """No file to lint is an error, as eslint makes it: in CI an empty match is a wrong path."""
    (tmp_path / "empty" / ".hidden").mkdir(parents=True)
    (tmp_path / "empty" / "notes.docx.bak").write_text("x", encoding="utf-8")
    run = scriptlint(*SELECTED, "--lang", "en", "empty", cwd=tmp_path)
    assert run.returncode == 2
    assert run.stderr.decode().splitlines() == [
        f"scriptlint: warning: empty: no files to lint here (extensions: {', '.join(sorted(EXTENSIONS))})",
        "scriptlint: error: no files to lint: empty",
    ]
    assert run.stdout == b""
    chinese = scriptlint(*SELECTED, "empty", cwd=tmp_path)
    assert (chinese.returncode, chinese.stderr.decode().splitlines()[-1]) == (2, "scriptlint: error: 没有可检查的文件: empty")


# --- symbolic links to folders --------------------------------------------------------------


def _linked_tree(root: Path) -> None:
    """scripts/ with a real sub-folder, a link back up (a loop), a second link to the real
    sub-folder, and a link to a folder outside holding one more file and a link back in."""
    (root / "scripts" / "real").mkdir(parents=True)
    (root / "scripts" / "real" / "a.txt").write_text(REPLY, encoding="utf-8")
    (root / "scripts" / "real" / "up").symlink_to("..")
    (root / "scripts" / "again").symlink_to("real")
    (root / "outside").mkdir()
    (root / "outside" / "b.txt").write_text("您好\n" + REPLY, encoding="utf-8")
    (root / "outside" / "back").symlink_to(root / "scripts")
    (root / "scripts" / "shared").symlink_to(root / "outside")


def test_symlinked_folders_are_followed_with_loop_detection(tmp_path: Path, linter: Linter,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    _linked_tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = linter.check_paths(["scripts"])
    assert [(f.path, f.line, f.column) for f in result.findings] == [
        ("scripts/real/a.txt", 1, 3), ("scripts/shared/b.txt", 2, 3)]
    assert [str(n) for n in result.notices] == [
        "scripts/again: same folder as scripts/real; its files are linted once",
        "scripts/real/up: symbolic link loop back to scripts; not followed",
        "scripts/shared/back: symbolic link loop back to scripts; not followed",
    ]
    assert result.errors == []


def test_cli_prints_each_loop_once_and_exits_by_findings(tmp_path: Path) -> None:
    _linked_tree(tmp_path)
    run = scriptlint(*SELECTED, "scripts", "scripts/real", cwd=tmp_path)  # a folder inside another: no notice
    assert run.returncode == 1
    assert run.stderr.decode().splitlines() == [
        "scriptlint: warning: scripts/again: same folder as scripts/real; its files are linted once",
        "scriptlint: warning: scripts/real/up: symbolic link loop back to scripts; not followed",
        "scriptlint: warning: scripts/shared/back: symbolic link loop back to scripts; not followed",
    ]


def test_walk_order_does_not_depend_on_the_directory_listing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("b/z.txt", "b/a.md", "a/c.csv", "a/sub/d.jsonl", "c.yaml", "B.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("nodes: []\n" if name.endswith(".yaml") else "x\n", encoding="utf-8")
    expected = list(discover([str(tmp_path)]))
    real_scandir = os.scandir

    class Reversed:
        def __init__(self, path: str) -> None:
            self.listing = real_scandir(path)

        def __enter__(self) -> list[os.DirEntry[str]]:
            return list(reversed(list(self.listing)))

        def __exit__(self, *exc: object) -> None:
            self.listing.close()

    monkeypatch.setattr("scriptlint.discovery.os.scandir", Reversed)
    assert list(discover([str(tmp_path)])) == expected
    assert [os.path.relpath(p, tmp_path) for p in expected] == [
        "B.txt", "a/c.csv", "a/sub/d.jsonl", "b/a.md", "b/z.txt", "c.yaml"]


# --- names: spaces, Chinese, bytes that are not UTF-8 ---------------------------------------


def test_paths_with_spaces_and_chinese_names(tmp_path: Path, linter: Linter, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "话术 库" / "外呼 脚本"
    folder.mkdir(parents=True)
    (folder / "理财 推荐.txt").write_text("您好\n" + REPLY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert [(f.path, f.line, f.column) for f in linter.check_paths(["话术 库"]).findings] == [
        ("话术 库/外呼 脚本/理财 推荐.txt", 2, 3)]
    run, payload = json_run("话术 库/外呼 脚本/理财 推荐.txt", cwd=tmp_path)
    assert run.returncode == 1
    assert where(payload) == [("话术 库/外呼 脚本/理财 推荐.txt", 2, 3, 5)]
    text = scriptlint(*SELECTED, "--no-color", "话术 库", cwd=tmp_path)
    assert text.stdout.decode().startswith("话术 库/外呼 脚本/理财 推荐.txt:2:3: SL302 ")


@pytest.mark.skipif(sys.platform == "win32" or sys.platform == "darwin", reason="file names are bytes on Linux only")
def test_file_name_that_is_not_utf8_is_escaped_in_every_output(tmp_path: Path) -> None:
    folder = os.fsencode(tmp_path / "n")
    os.mkdir(folder)
    with open(folder + b"/\xff\xfe bad.txt", "wb") as handle:  # created through a bytes path
        handle.write(REPLY.encode("utf-8"))
    with open(folder + b"/\xe8\xaf.yaml", "wb") as handle:  # a cut UTF-8 sequence, and bad YAML
        handle.write(b"nodes:\n  - say: ok\n  - say: a\x07b\n")  # a control character on line 3
    shown = "n/\\xff\\xfe bad.txt"
    run, payload = json_run("n", cwd=tmp_path)
    assert run.returncode == 2
    assert where(payload) == [(shown, 1, 3, 5)]
    assert [(path, line) for path, line, _ in errors(payload)] == [("n/\\xe8\\xaf.yaml", 3)]
    text = scriptlint(*SELECTED, "--no-color", "n", cwd=tmp_path)
    assert text.returncode == 2
    assert text.stdout.decode("utf-8").startswith(f"{shown}:1:3: SL302 ")
    assert text.stderr.decode("utf-8").startswith("scriptlint: error: n/\\xe8\\xaf.yaml:3: invalid YAML")
    ascii_run = scriptlint(*SELECTED, "--no-color", "n", cwd=tmp_path, env={"PYTHONIOENCODING": "ascii"})
    assert ascii_run.returncode == 2
    assert ascii_run.stdout.decode("ascii").startswith(f"{shown}:1:3: SL302 ")


def test_strict_ascii_stdout_never_crashes(tmp_path: Path) -> None:
    (tmp_path / "中文.txt").write_text(REPLY, encoding="utf-8")
    utf8, expected = json_run("中文.txt", cwd=tmp_path)
    ascii_json = scriptlint(*SELECTED, "--format", "json", "中文.txt", cwd=tmp_path, env={"PYTHONIOENCODING": "ascii"})
    assert ascii_json.returncode == utf8.returncode == 1
    # Every character outside ASCII is written as a \uXXXX escape, which JSON reads back.
    assert json.loads(ascii_json.stdout.decode("ascii")) == expected
    ascii_text = scriptlint(*SELECTED, "--no-color", "中文.txt", cwd=tmp_path, env={"PYTHONIOENCODING": "ascii"})
    assert ascii_text.returncode == 1
    assert ascii_text.stdout.decode("ascii").startswith("\\u4e2d\\u6587.txt:1:3: SL302 ")


# --- lone surrogates in a file's text -------------------------------------------------------


def test_lone_surrogate_in_text_is_an_input_error_with_its_line(tmp_path: Path) -> None:
    (tmp_path / "calls.jsonl").write_text('{"text": "您好"}\n{"text": "产品保本\\ud800收益"}\n{"text": "保本"}\n',
                                          encoding="utf-8")
    (tmp_path / "flow.json").write_text('{"nodes": [\n  {"say": "好"},\n  {"say": "\\udcff保本"}\n]}\n', encoding="utf-8")
    (tmp_path / "flow.yaml").write_text('nodes:\n  - say: "您好\\ud83d"\n', encoding="utf-8")
    (tmp_path / "z.txt").write_text(REPLY, encoding="utf-8")
    run, payload = json_run("calls.jsonl", "flow.json", "flow.yaml", "z.txt", cwd=tmp_path)
    assert run.returncode == 2
    # A lone surrogate is no character: the JSON line, or the flow that holds it, is an input
    # error at its line (a JSONL transcript loses that line only); every other finding is written.
    assert where(payload) == [("calls.jsonl", 3, 11, 13), ("z.txt", 1, 3, 5)]
    assert [(path, line, "surrogate" in message) for path, line, message in errors(payload)] == [
        ("calls.jsonl", 2, True), ("flow.json", 3, True), ("flow.yaml", 2, True)]
    text = scriptlint(*SELECTED, "--no-color", "calls.jsonl", cwd=tmp_path)
    assert text.returncode == 2
    assert "calls.jsonl:3:11: SL302" in text.stdout.decode("utf-8")


# --- files that change while they are read --------------------------------------------------


@pytest.mark.parametrize("name", ["script.txt", "calls.jsonl"])
def test_file_changed_while_read_is_reported(tmp_path: Path, linter: Linter, monkeypatch: pytest.MonkeyPatch,
                                             name: str) -> None:
    path = tmp_path / name
    path.write_text('{"text": "保本"}\n' if name.endswith(".jsonl") else REPLY, encoding="utf-8")
    (tmp_path / "steady.txt").write_text(REPLY, encoding="utf-8")
    real_open = fileio.open_regular

    def open_then_append(opened: str) -> Any:
        handle = real_open(opened)
        if opened == str(path):  # another process writes to the file while it is being read
            with open(opened, "a", encoding="utf-8") as writer:
                writer.write('{"text": "更多"}\n' if name.endswith(".jsonl") else "更多\n")
        return handle

    monkeypatch.setattr(decode, "open_regular", open_then_append)
    result = linter.check_paths([str(tmp_path)])
    assert [(e.path, e.message) for e in result.errors] == [(str(path), "file changed while it was being read; run again")]
    assert [f.path for f in result.findings if f.path != str(path)] == [str(tmp_path / "steady.txt")]


def test_file_replaced_while_read_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("一\n", encoding="utf-8")
    with fileio.open_regular(str(path)) as handle:
        replacement = tmp_path / "new.txt"
        replacement.write_text("二\n", encoding="utf-8")  # same size: an editor saving by rename
        os.replace(replacement, path)
        with pytest.raises(InputError, match="changed while it was being read"):
            handle.read()


def test_unchanged_file_reads_whole(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 100_000)
    with fileio.open_regular(str(path)) as handle:
        assert handle.read(10) == b"x" * 10
        assert len(handle.read()) == 99_990


def test_notices_are_collected_by_the_api(tmp_path: Path, linter: Linter) -> None:
    (tmp_path / "empty").mkdir()
    result = linter.check_paths([str(tmp_path / "empty")], jobs=2)
    assert isinstance(result, LintResult)
    assert [(type(n).__name__, n.path) for n in result.notices] == [
        ("Notice", str(tmp_path / "empty")), ("NothingToLint", str(tmp_path / "empty"))]
    assert result.files == []


def test_office_lock_files_are_not_walked(tmp_path: Path) -> None:
    # Excel and Word leave `~$name.xlsx` beside an open document: a few bytes, not a workbook.
    (tmp_path / "~$话术库.xlsx").write_bytes(b"\x06owner")
    (tmp_path / "话术库.txt").write_text("您好。\n", encoding="utf-8")
    assert [os.path.basename(p) for p in discover([str(tmp_path)])] == ["话术库.txt"]
