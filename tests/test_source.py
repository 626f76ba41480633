"""Readers remember encoding, BOM and newline style (for --fix and baselines to come)."""
from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from scriptlint.readers import Speakers, read_scripts

TEXT = "机器人：您好\n客户：你好\n"


@pytest.mark.parametrize(
    ("name", "data", "encoding", "bom", "newline"),
    [
        ("a.txt", TEXT.encode("utf-8"), "utf-8", False, "\n"),
        ("b.txt", codecs.BOM_UTF8 + TEXT.replace("\n", "\r\n").encode("utf-8"), "utf-8-sig", True, "\r\n"),
        ("c.txt", TEXT.encode("utf-16"), "utf-16", True, "\n"),
        ("d.txt", TEXT.replace("\n", "\r").encode("gb18030"), "gb18030", False, "\r"),
        ("e.jsonl", '{"role": "bot", "text": "您好"}\r\n'.encode("utf-8"), "utf-8", False, "\r\n"),
    ],
)
def test_source_file_is_recorded(tmp_path: Path, name: str, data: bytes, encoding: str, bom: bool, newline: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    scripts = list(read_scripts(str(path), Speakers(), lambda error: None))
    source = scripts[0].source
    assert source is not None
    assert (source.encoding, source.bom, source.newline) == (encoding, bom, newline)


def test_cache_is_only_a_speed_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from scriptlint import Linter
    from scriptlint.lexicon import load_lexicon

    monkeypatch.setenv("SCRIPTLINT_CACHE_DIR", str(tmp_path))
    first = load_lexicon()
    assert any(p.name.startswith("packs-") for p in tmp_path.iterdir())
    second = load_lexicon()  # from the cache
    text = "这款理财保本，退款24小时内到账。"
    assert [f.to_dict() for f in Linter(lexicon=first).check_text(text)] == \
        [f.to_dict() for f in Linter(lexicon=second).check_text(text)]
    for entry in tmp_path.iterdir():
        entry.write_bytes(b"not a cache entry")
    assert [e.id for e in load_lexicon().entries] == [e.id for e in first.entries]  # rebuilt
    monkeypatch.setenv("SCRIPTLINT_CACHE_DIR", "")
    assert [e.id for e in load_lexicon().entries] == [e.id for e in first.entries]  # no cache at all
