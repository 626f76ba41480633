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
