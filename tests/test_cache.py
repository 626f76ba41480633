"""The start-up cache loads nothing that can run code, and only from a folder nobody else can
write: planted pickles, tampered or corrupt entries, FIFOs and symlinks are never trusted."""
from __future__ import annotations

import hashlib
import json
import os
import pickle
import stat
import sys
import threading
from pathlib import Path

import pytest

from scriptlint import Linter, cache

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions, FIFOs and symlinks")

DIGEST = "0123456789abcdef0123456789abcdef"
ENTRY = f"demo-{DIGEST}.json"


def build_value() -> dict[str, list[int]]:
    return {"numbers": [1, 2, 3]}


def from_data(data: dict[str, list[int]]) -> dict[str, list[int]]:
    if not isinstance(data.get("numbers"), list):
        raise TypeError("malformed")
    return data


def load(calls: list[int] | None = None) -> dict[str, list[int]]:
    """`cached` on the demo entry; `calls` counts the builds (a rebuild appends)."""

    def build() -> dict[str, list[int]]:
        if calls is not None:
            calls.append(1)
        return build_value()

    return cache.cached("demo", DIGEST, build, lambda value: value, from_data)


def entry_bytes(payload: bytes) -> bytes:
    return hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "cache"
    monkeypatch.setenv("SCRIPTLINT_CACHE_DIR", str(path))
    monkeypatch.setattr(cache, "_warned", False)
    return path


@posix_only
def test_created_private_and_reused(folder: Path) -> None:
    calls: list[int] = []
    assert load(calls) == build_value()
    assert stat.S_IMODE(folder.stat().st_mode) & 0o077 == 0
    entry = folder / ENTRY
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    assert entry.read_bytes() == entry_bytes(json.dumps(build_value(), separators=(",", ":")).encode())
    assert load(calls) == build_value()
    assert calls == [1]  # the second call read the entry
    assert [p.name for p in folder.iterdir()] == [ENTRY]  # no temporary file left behind


@posix_only
def test_world_writable_folder_is_refused_once(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder.mkdir()
    folder.chmod(0o777)
    calls: list[int] = []
    assert load(calls) == build_value()
    assert load(calls) == build_value()
    assert calls == [1, 1]  # nothing cached
    assert list(folder.iterdir()) == []
    warning = capsys.readouterr().err
    assert warning.count("\n") == 1
    assert str(folder) in warning and "not owned by the current user or is writable by others" in warning


@posix_only
def test_group_writable_folder_is_refused(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder.mkdir()
    folder.chmod(0o770)
    (folder / ENTRY).write_bytes(entry_bytes(b'{"numbers":[9]}'))
    assert load() == build_value()  # the planted entry is not used
    assert str(folder) in capsys.readouterr().err


@posix_only
@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="needs root to give the folder away")
def test_folder_of_another_user_is_refused(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder.mkdir(mode=0o700)
    os.chown(folder, 12345, 12345)
    (folder / ENTRY).write_bytes(entry_bytes(b'{"numbers":[9]}'))
    assert load() == build_value()
    assert str(folder) in capsys.readouterr().err


@posix_only
def test_symlinked_folder_is_refused(folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    real = tmp_path / "elsewhere"
    real.mkdir(mode=0o700)
    (real / ENTRY).write_bytes(entry_bytes(b'{"numbers":[9]}'))
    folder.symlink_to(real)
    calls: list[int] = []
    assert load(calls) == build_value()
    assert calls == [1]
    assert sorted(p.name for p in real.iterdir()) == [ENTRY]  # nothing written through the link
    assert str(folder) in capsys.readouterr().err


class Planted:
    """Unpickling this creates the marker file: what an attacker's payload would do."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (open, (self.marker, "w"))


def test_planted_pickle_is_never_loaded(folder: Path, tmp_path: Path) -> None:
    folder.mkdir(mode=0o700)
    marker = tmp_path / "marker"
    payload = pickle.dumps(Planted(str(marker)))
    # Under the old name, under the new one, and with a valid hash header: none is unpickled.
    (folder / f"demo-{DIGEST}.pickle").write_bytes(payload)
    (folder / ENTRY).write_bytes(entry_bytes(payload))
    assert load() == build_value()
    assert not marker.exists()
    # The real runs too (the lexicon, folding and conversion tables) with pickles planted everywhere.
    for name in ("lexicon", "packs", "fold", "t2s", "segdict"):
        (folder / f"{name}-{DIGEST}.pickle").write_bytes(payload)
    assert Linter().check_text("我们保证收益")
    assert not marker.exists()


def test_corrupt_and_truncated_entries_are_rebuilt(folder: Path) -> None:
    load()
    entry = folder / ENTRY
    good = entry.read_bytes()
    for broken in (b"", good[:40], good[:-3], b"not a header\n{}", entry_bytes(b"{not json"),
                   entry_bytes(b'{"other":1}'), b"\xff\xfe" * 10):
        entry.write_bytes(broken)
        calls: list[int] = []
        assert load(calls) == build_value()
        assert calls == [1], broken
        assert entry.read_bytes() == good  # rewritten


def test_wrong_hash_is_rebuilt(folder: Path) -> None:
    load()
    entry = folder / ENTRY
    good = entry.read_bytes()
    header, _, _ = good.partition(b"\n")
    entry.write_bytes(header + b'\n{"numbers":[4,5,6]}')  # edited payload, old hash
    calls: list[int] = []
    assert load(calls) == build_value()
    assert calls == [1]
    assert entry.read_bytes() == good


def run_with_timeout(seconds: float) -> dict[str, list[int]]:
    result: list[dict[str, list[int]]] = []
    worker = threading.Thread(target=lambda: result.append(load()), daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), "the cache waited on the entry"
    return result[0]


@posix_only
def test_fifo_entry_is_not_read(folder: Path) -> None:
    folder.mkdir(mode=0o700)
    os.mkfifo(folder / ENTRY)
    assert run_with_timeout(10) == build_value()
    assert stat.S_ISREG((folder / ENTRY).lstat().st_mode)  # replaced by a real entry


@posix_only
def test_directory_and_symlink_entries_are_ignored(folder: Path, tmp_path: Path) -> None:
    folder.mkdir(mode=0o700)
    (folder / ENTRY).mkdir()
    assert load() == build_value()
    (folder / ENTRY).rmdir()
    target = tmp_path / "target"
    target.write_bytes(entry_bytes(b'{"numbers":[7]}'))
    (folder / ENTRY).symlink_to(target)
    assert load() == build_value()  # not read through the link
    assert target.read_bytes() == entry_bytes(b'{"numbers":[7]}')


@posix_only
def test_symlink_at_temporary_path_is_not_followed(folder: Path, tmp_path: Path) -> None:
    folder.mkdir(mode=0o700)
    target = tmp_path / "victim"
    target.write_text("precious", encoding="utf-8")
    (folder / f"{ENTRY}.{os.getpid()}.tmp").symlink_to(target)
    assert load() == build_value()
    assert target.read_text(encoding="utf-8") == "precious"


TEXTS = [
    "我们保证收益，稳赚不赔。",
    "您好，我是智能客服机器人，本次通话可能会被录音。",
    "我們保證三天內到賬，請提供您的銀行卡密碼。",
    "这个问题我们已经转给相关部门了，请耐心等待。",
]


def findings(linter: Linter, text: str) -> list[tuple[str, int, int, int, str]]:
    return [(f.code, f.line, f.column, f.end_column, f.message) for f in linter.check_text(text)]


def test_results_identical_with_and_without_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from scriptlint import compiled, normalize, t2s

    def fresh(cache_setting: str) -> tuple[list[list[tuple[str, int, int, int, str]]], object]:
        monkeypatch.setenv("SCRIPTLINT_CACHE_DIR", cache_setting)
        for built in ("_TABLES", "_FOLD_DATA", "_FOLDER"):  # the folding tables, and the compiled core's
            monkeypatch.setattr(normalize, built, None)
        monkeypatch.setattr(t2s, "_converter", None)
        linter = Linter()
        entries = [(e.id, e.pack, e.terms, e.allow, e.sentence_bound) for e in linter.lexicon.entries]
        return [findings(linter, t) for t in TEXTS], entries

    uncached = fresh("")
    first = fresh(str(tmp_path / "c"))  # writes the entries
    # The compiled core keeps its own tables (exported from the folding and conversion ones).
    expected = ["corefold"] * (compiled.core is not None) + ["fold", "packs", "speakers", "t2s"]
    assert sorted(p.name.split("-")[0] for p in (tmp_path / "c").iterdir()) == expected
    second = fresh(str(tmp_path / "c"))  # reads them
    assert uncached == first == second
    assert uncached[0][0] and uncached[0][2]  # the promises are found, in both scripts


def test_team_segmentation_dictionary_round_trips(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from scriptlint.lexicon import load_lexicon

    pack = tmp_path / "team.toml"
    pack.write_text('[pack]\nname = "team"\n\n[[entry]]\nid = "team.moon"\ncategory = "false-promise"\n'
                    'terms = ["月月翻倍"]\nmessage = "不要承诺翻倍"\n', encoding="utf-8")
    monkeypatch.setenv("SCRIPTLINT_CACHE_DIR", str(tmp_path / "c"))
    built = load_lexicon([str(pack)]).confirmer
    built_words = list(built.segmenter.cut("这款产品月月翻倍收益"))
    assert built.source == "compact (cached)"
    assert any(p.name.startswith("segdict-") for p in (tmp_path / "c").iterdir())
    loaded = load_lexicon([str(pack)]).confirmer  # the prefix dictionary comes from the entry
    assert loaded.segmenter.freq == built.segmenter.freq and loaded.segmenter.total == built.segmenter.total
    assert list(loaded.segmenter.cut("这款产品月月翻倍收益")) == built_words
    assert "月月翻倍" in built_words
