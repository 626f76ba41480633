"""Encoding detection, `--encoding` and undecodable lines.

The scripts are generated from the sentences of tests/encoding_samples.py (Traditional: their
OpenCC s2tw conversion). Expected positions are computed from the text the test writes (1-based
columns in characters of the decoded line, end exclusive).
"""
from __future__ import annotations

import codecs
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from encoding_samples import script_text, traditional

from scriptlint import Config, Linter
from scriptlint.config import ConfigError, parse_settings
from scriptlint.model import InputError
from scriptlint.readers import Speakers, read_scripts
from scriptlint.readers.decode import SNIFF_BYTES, LineStream, canonical_encoding, decode_bytes, read_file

ROOT = Path(__file__).resolve().parent.parent
FINANCE_TERMS = Config(industry=("finance",), select=("SL302",))
# A Traditional script as a Taiwan team exports it, with two banned terms on line 3.
BIG5_SCRIPT = ("機器人：您好，這裡是青禾銀行的智能客服，本次通話可能會被錄音。\n"
               "客戶：你們的理財產品怎麼樣？\n"
               "機器人：這款產品到期保本，而且零風險，很多客戶都買了。\n"
               "客戶：我再考慮一下。\n")


def text_of(script: str, han: int, seed: int) -> str:
    return script_text(random.Random(seed), han, script)


def positions(text: str, term: str) -> list[tuple[int, int, int]]:
    """(line, column, end column) of every occurrence of `term`, counted from `text`."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        start = line.find(term)
        while start != -1:
            found.append((number, start + 1, start + 1 + len(term)))
            start = line.find(term, start + 1)
    return found


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([sys.executable, "-m", "scriptlint", *args], cwd=cwd, capture_output=True,
                            text=True, encoding="utf-8", check=False)
    assert "Traceback" not in result.stderr
    return result


# --- detection ------------------------------------------------------------------------------

# (how the file is written, the encoding SourceFile records, whether it has a BOM)
WRITTEN = {
    "utf-8": (lambda t: t.encode("utf-8"), "utf-8", False),
    "utf-8 BOM": (lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), "utf-8-sig", True),
    "utf-16 LE BOM": (lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"), "utf-16", True),
    "utf-16 BE BOM": (lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"), "utf-16", True),
    "utf-16 LE": (lambda t: t.encode("utf-16-le"), "utf-16-le", False),
    "utf-16 BE": (lambda t: t.encode("utf-16-be"), "utf-16-be", False),
    "utf-32 LE BOM": (lambda t: codecs.BOM_UTF32_LE + t.encode("utf-32-le"), "utf-32", True),
    "utf-32 BE BOM": (lambda t: codecs.BOM_UTF32_BE + t.encode("utf-32-be"), "utf-32", True),
    "utf-32 LE": (lambda t: t.encode("utf-32-le"), "utf-32-le", False),
    "gb18030": (lambda t: t.encode("gb18030"), "gb18030", False),
    "gbk": (lambda t: t.encode("gbk"), "gb18030", False),
    "big5": (lambda t: t.encode("big5"), "big5", False),
}


# Big5 has no Simplified characters.
CASES = [(written, script) for written in WRITTEN for script in ("simplified", "traditional")
         if (written, script) != ("big5", "simplified")]


@pytest.mark.parametrize(("written", "script"), CASES)
@pytest.mark.parametrize("seed", [1, 2])
def test_realistic_files_are_detected(tmp_path: Path, written: str, script: str, seed: int) -> None:
    encode, name, bom = WRITTEN[written]
    text = text_of(script, 400, seed)
    path = tmp_path / "script.txt"
    path.write_bytes(encode(text))
    source, decoded = read_file(str(path))
    assert decoded == text
    assert (source.encoding, source.bom) == (name, bom)


def test_big5_decodes_as_gb18030_without_an_error_yet_is_read_as_big5() -> None:
    text = traditional(text_of("simplified", 300, 3))
    data = text.encode("big5")
    garbled = data.decode("gb18030")  # what was read before: no error, wrong text
    assert garbled != text
    source, decoded = decode_bytes("t.txt", data)
    assert (source.encoding, decoded) == ("big5", text)


def test_gb18030_traditional_text_is_not_taken_for_big5() -> None:
    text = traditional(text_of("simplified", 300, 4))
    source, decoded = decode_bytes("t.txt", text.encode("gb18030"))
    assert (source.encoding, decoded) == ("gb18030", text)


def test_windows_big5_extension_characters_choose_cp950() -> None:
    # 碁 and 銹 are in Windows' Big5 (cp950) but not in plain Big5.
    text = traditional(text_of("simplified", 300, 5)) + "機器人：圍棋社的碁盤生銹了。\n"
    with pytest.raises(UnicodeEncodeError):
        text.encode("big5")
    source, decoded = decode_bytes("t.txt", text.encode("cp950"))
    assert (source.encoding, decoded) == ("cp950", text)


def test_pure_ascii_is_utf8() -> None:
    source, text = decode_bytes("t.txt", b"AI: hello\nUser: hi\n")
    assert (source.encoding, source.bom, text) == ("utf-8", False, "AI: hello\nUser: hi\n")


def test_a_big5_file_after_a_long_ascii_head_is_read_as_big5(tmp_path: Path) -> None:
    head = "# scriptlint comment line\n" * (SNIFF_BYTES // 26 + 10)
    path = tmp_path / "late.txt"
    path.write_bytes(head.encode("ascii") + BIG5_SCRIPT.encode("big5"))
    result = Linter(FINANCE_TERMS).check_file(str(path))
    assert result.errors == []
    offset = head.count("\n")
    expected = [(offset + line, column, end) for line, column, end in
                positions(BIG5_SCRIPT, "保本") + positions(BIG5_SCRIPT, "零風險")]
    assert [(f.line, f.column, f.end_column) for f in result.findings] == expected


@pytest.mark.parametrize("data", [
    "保本".encode("big5"),
    "您好".encode("gbk"),
    "零風險".encode("big5"),
])
def test_too_short_to_tell_asks_for_encoding(data: bytes) -> None:
    with pytest.raises(InputError) as caught:
        decode_bytes("short.txt", data)
    message = caught.value.message
    assert "cannot tell whether this file is" in message and "too little text" in message
    assert "--encoding big5" in message and "--encoding gb18030" in message


def test_long_enough_short_file_is_still_told() -> None:
    text = "機器人：這款產品到期保本，而且零風險。\n"
    assert decode_bytes("t.txt", text.encode("big5"))[1] == text


def test_neither_utf8_nor_chinese_is_an_error_naming_the_first_bad_line() -> None:
    data = b"AI: hello\n" + "こんにちは、お電話ありがとうございます。\n".encode("shift_jis") * 3
    with pytest.raises(InputError) as caught:
        decode_bytes("sjis.txt", data)
    assert (caught.value.line, caught.value.message.split(":")[0]) == (2, "cannot decode")
    assert "--encoding" in caught.value.message


def test_utf16_without_bom_only_with_text_and_binary_stays_binary() -> None:
    text = text_of("simplified", 60, 6)
    for codec in ("utf-16-le", "utf-16-be"):
        source, decoded = decode_bytes("t.txt", text.encode(codec))
        assert (source.encoding, source.bom, decoded) == (codec, False, text)
    for binary in (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
                   bytes(range(256)) * 4,
                   b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x03\x00\x3e\x00"):
        with pytest.raises(InputError, match="binary file"):
            decode_bytes("b.bin", binary)


def test_utf8_with_a_stray_nul_is_binary() -> None:
    with pytest.raises(InputError, match="binary file"):
        decode_bytes("t.txt", "机器人：您好\x00\n".encode())


def test_the_character_table_is_not_loaded_for_utf8() -> None:
    code = ("import sys; from scriptlint.readers.decode import decode_bytes; "
            "decode_bytes('t', '机器人：您好'.encode()); print('scriptlint.readers.charset' in sys.modules); "
            "decode_bytes('t', '機器人：這款產品到期保本，而且零風險。'.encode('big5')); "
            "print('scriptlint.readers.charset' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                            env={"PYTHONPATH": str(ROOT / "src")}, check=False)
    assert result.stdout.split() == ["False", "True"]


def test_the_character_table_is_current() -> None:
    from scriptlint.readers.charset import BANDS_PATH, bands_file_text

    assert BANDS_PATH.read_text(encoding="utf-8") == bands_file_text(), "run: python -m scriptlint.readers.charset"


# --- the encoding setting -------------------------------------------------------------------


@pytest.mark.parametrize(("given", "expected"), [
    ("auto", "auto"), ("AUTO", "auto"), ("utf8", "utf-8"), ("UTF-16LE", "utf-16-le"), ("cp936", "gbk"),
    ("GB18030", "gb18030"), ("big5-tw", "big5"), ("ms950", "cp950"), ("utf_32", "utf-32"),
    ("latin-1", None), ("rot13", None), ("base64", None), ("no-such-codec", None), ("", None),
])
def test_encoding_names(given: str, expected: str | None) -> None:
    assert canonical_encoding(given) == expected


def test_encoding_setting_in_python_and_config() -> None:
    assert Config().encoding == "auto"
    assert Config(encoding="CP936").encoding == "gbk"
    assert parse_settings("t.toml", {"encoding": "Big5"}) == {"encoding": "big5"}
    for bad in ("latin-1", "rot13", 5):
        with pytest.raises(ConfigError) as caught:
            Config(encoding=bad)  # type: ignore[arg-type]
        assert caught.value.key == "encoding"
    with pytest.raises(ConfigError, match="is not an encoding scriptlint reads"):
        parse_settings("t.toml", {"encoding": "latin-1"})


def test_encoding_flag_forces_big5_on_a_short_file(tmp_path: Path) -> None:
    (tmp_path / "short.txt").write_bytes("保本".encode("big5"))
    refused = run("check", "--isolated", "--kind", "replies", "-i", "finance", "--format", "json", "short.txt",
                  cwd=tmp_path)
    assert refused.returncode == 2
    assert "--encoding big5" in refused.stderr
    forced = run("check", "--isolated", "--kind", "replies", "-i", "finance", "--format", "json",
                 "--encoding", "big5", "short.txt", cwd=tmp_path)
    payload = json.loads(forced.stdout)
    assert payload["errors"] == []
    assert [(f["line"], f["column"], f["end_column"], f["code"]) for f in payload["findings"]] == [(1, 1, 3, "SL302")]
    assert forced.returncode == 1


def test_encoding_flag_rejects_an_unknown_encoding(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("您好\n", encoding="utf-8")
    result = run("check", "--isolated", "--encoding", "latin-1", "a.txt", cwd=tmp_path)
    assert result.returncode == 2
    assert "encoding: 'latin-1' is not an encoding scriptlint reads" in result.stderr


def test_encoding_config_key_forces_the_encoding(tmp_path: Path) -> None:
    (tmp_path / "scriptlint.toml").write_text('encoding = "big5"\nindustry = ["finance"]\nkind = "replies"\n',
                                              encoding="utf-8")
    (tmp_path / "short.txt").write_bytes("零風險".encode("big5"))
    result = run("check", "--format", "json", "--select", "SL302", "short.txt", cwd=tmp_path)
    payload = json.loads(result.stdout)
    assert [(f["line"], f["column"], f["end_column"]) for f in payload["findings"]] == [(1, 1, 4)]
    # The flag wins over the config: read as GB18030 the bytes are other characters.
    as_gb = run("check", "--format", "json", "--select", "SL302", "--encoding", "gb18030", "short.txt", cwd=tmp_path)
    assert json.loads(as_gb.stdout)["findings"] == [] and as_gb.returncode == 0


def test_a_forced_encoding_reports_each_line_it_cannot_decode(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_bytes("这款产品保本\n".encode() + "第二行用了别的编码\n".encode("gbk") + "零风险\n".encode())
    result = Linter(Config(industry=("finance",), kind="replies", select=("SL302",), encoding="utf-8")).check_file(str(path))
    assert [(e.path, e.line, e.message.split(" (")[0]) for e in result.errors] == [
        (str(path), 2, "cannot decode as utf-8")]
    assert [(f.line, f.column, f.end_column) for f in result.findings] == [(1, 5, 7), (3, 1, 4)]


def test_a_forced_utf16_without_bom_takes_the_byte_order_that_reads() -> None:
    text = "机器人：您好\n"
    source, decoded = decode_bytes("t.txt", text.encode("utf-16-be"), "utf-16")
    assert (source.encoding, decoded) == ("utf-16-be", text)
    source, decoded = decode_bytes("t.txt", codecs.BOM_UTF16_BE + text.encode("utf-16-be"), "utf-16")
    assert (source.encoding, source.bom, decoded) == ("utf-16", True, text)


# --- Big5 findings --------------------------------------------------------------------------


def test_big5_script_gets_its_term_findings_at_exact_positions(tmp_path: Path) -> None:
    path = tmp_path / "tw.txt"
    path.write_bytes(BIG5_SCRIPT.replace("\n", "\r\n").encode("big5"))
    result = Linter(FINANCE_TERMS).check_file(str(path))
    assert result.errors == []
    expected = sorted(positions(BIG5_SCRIPT, "保本") + positions(BIG5_SCRIPT, "零風險"))
    assert expected == [(3, 11, 13), (3, 16, 19)]  # both on the bot's line 3
    assert [(f.line, f.column, f.end_column, f.code, f.text) for f in result.findings] == [
        (3, 11, 13, "SL302", "保本"), (3, 16, 19, "SL302", "零風險")]


def test_big5_csv_reply_library(tmp_path: Path) -> None:
    rows = "text\n您好，請問有什麼可以幫您？\n這款理財產品保本保息。\n"
    path = tmp_path / "replies.csv"
    path.write_bytes(rows.encode("big5"))
    result = Linter(FINANCE_TERMS).check_file(str(path))
    assert result.errors == []
    assert [(f.line, f.column, f.text) for f in result.findings] == [(3, 7, "保本"), (3, 9, "保息")]


# --- one bad line costs that line -----------------------------------------------------------

TURNS = ("这款理财保本保息", "这一行会被弄坏", "零风险，稳赚")


def jsonl_lines(codec: str) -> list[bytes]:
    return [(json.dumps({"role": "bot", "text": t}, ensure_ascii=False) + "\n").encode(codec) for t in TURNS]


def finance_transcript_findings(path: Path) -> tuple[list[tuple[int, str]], list[tuple[int | None, str]]]:
    result = Linter(Config(industry=("finance",), kind="replies", select=("SL302",))).check_file(str(path))
    return [(f.line, f.text) for f in result.findings], [(e.line, e.message) for e in result.errors]


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
@pytest.mark.parametrize("damage", ["lone surrogate", "stray byte", "cut unit"])
@pytest.mark.parametrize("bom", [True, False])
def test_a_bad_line_of_a_utf16_or_utf32_transcript_costs_that_line(tmp_path: Path, codec: str, damage: str,
                                                                   bom: bool) -> None:
    first, second, third = jsonl_lines(codec)
    middle = len(second) // 2 - len(second) // 2 % 4
    if damage == "lone surrogate":
        broken = second[:middle] + "\ud800".encode(codec, "surrogatepass") + second[middle:]
    elif damage == "stray byte":
        broken = second[:middle] + b"\xff" + second[middle:]
    else:
        broken = second[:middle] + second[middle + 1:]
    path = tmp_path / "calls.jsonl"
    path.write_bytes(("\ufeff".encode(codec) if bom else b"") + first + broken + third)
    found, errors = finance_transcript_findings(path)
    assert found == [(1, "保本"), (1, "保息"), (3, "零风险"), (3, "稳赚")]
    family = codec[:6]
    assert errors == [(2, f"cannot decode as {family if bom else codec}")]


def test_utf16_transcript_line_ends_and_positions(tmp_path: Path) -> None:
    lines = [json.dumps({"role": "bot", "text": t}, ensure_ascii=False) for t in TURNS]
    path = tmp_path / "calls.jsonl"
    path.write_bytes(("\r\n".join(lines[:2]) + "\r" + lines[2]).encode("utf-16"))
    found, errors = finance_transcript_findings(path)
    assert errors == []
    assert found == [(1, "保本"), (1, "保息"), (3, "零风险"), (3, "稳赚")]
    stream = LineStream(str(path))
    assert (list(stream), stream.source.newline, stream.source.encoding) == (lines, "\r\n", "utf-16")


def test_a_gbk_transcript_after_an_ascii_head_is_read_as_gbk(tmp_path: Path) -> None:
    ascii_turn = json.dumps({"role": "bot", "text": "hello"}) + "\n"
    repeat = SNIFF_BYTES // len(ascii_turn) + 5
    path = tmp_path / "calls.jsonl"
    path.write_bytes((ascii_turn * repeat).encode() + b"".join(jsonl_lines("gbk")))
    found, errors = finance_transcript_findings(path)
    assert errors == []
    assert found == [(repeat + 1, "保本"), (repeat + 1, "保息"), (repeat + 3, "零风险"), (repeat + 3, "稳赚")]


@pytest.mark.parametrize("name", ["replies.csv", "flow.yaml", "script.txt"])
def test_an_undecodable_line_in_a_file_read_whole_is_reported_at_its_line(tmp_path: Path, name: str) -> None:
    body = {"replies.csv": "text\n这款理财保本保息\n{bad}\n零风险，稳赚\n",
            "flow.yaml": "nodes:\n  - say: 这款理财保本保息\n  - say: {bad}\n  - say: 零风险，稳赚\n",
            "script.txt": "这款理财保本保息\n{bad}\n零风险，稳赚\n"}[name]
    before, after = body.split("{bad}")
    path = tmp_path / name
    path.write_bytes(before.encode() + "坏".encode() + b"\xff\xfe" + "行".encode() + after.encode())
    result = Linter(Config(industry=("finance",), kind="replies", select=("SL302",))).check_file(str(path))
    bad_line = before.count("\n") + 1
    assert [(e.line, e.message) for e in result.errors] == [
        (bad_line, "cannot decode as utf-8 (undecodable bytes read as U+FFFD)")]
    text = before + "坏\ufffd\ufffd行" + after
    expected = sorted(p + (t,) for t in ("保本", "保息", "零风险", "稳赚") for p in positions(text, t))
    assert [(f.line, f.column, f.end_column, f.text) for f in result.findings] == expected


def test_a_bad_line_exits_2_and_the_other_files_are_still_linted(tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_bytes("这款产品保本\n".encode() + b"\xff\xfe\n")
    (tmp_path / "good.txt").write_text("零风险\n", encoding="utf-8")
    result = run("check", "--isolated", "--kind", "replies", "-i", "finance", "--select", "SL302", "--format",
                 "json", "bad.txt", "good.txt", cwd=tmp_path)
    payload = json.loads(result.stdout)
    assert result.returncode == 2
    assert [(e["path"], e["line"]) for e in payload["errors"]] == [("bad.txt", 2)]
    assert [(f["path"], f["line"], f["column"]) for f in payload["findings"]] == [("bad.txt", 1, 5), ("good.txt", 1, 1)]


def test_stdin_takes_the_encoding_too(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "scriptlint", "check", "--isolated", "--kind", "replies", "-i",
                             "finance", "--select", "SL302", "--format", "json", "--encoding", "big5", "-"],
                            input="保本".encode("big5"), capture_output=True, cwd=tmp_path, check=False)
    findings = json.loads(result.stdout)["findings"]
    assert [(f["line"], f["column"], f["end_column"]) for f in findings] == [(1, 1, 3)]


def test_read_scripts_records_the_forced_encoding(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("機器人：您好".encode("big5"))
    scripts = list(read_scripts(str(path), Speakers(), lambda error: None, "big5"))
    assert scripts[0].source is not None and scripts[0].source.encoding == "big5"


@pytest.mark.parametrize("codec", ["utf-8", "gb18030", "utf-16"])
def test_a_bad_line_deep_in_a_large_transcript_costs_that_line_only(tmp_path: Path, codec: str) -> None:
    # Lines are decoded a chunk at a time: the chunk with the bad line falls back to line by line.
    turn = json.dumps({"role": "bot", "text": "您好，请问有什么可以帮您？"}, ensure_ascii=False) + "\n"
    hit = json.dumps({"role": "bot", "text": "这款理财保本保息"}, ensure_ascii=False) + "\n"
    count = 3 * SNIFF_BYTES // len(turn.encode(codec))
    data = (turn * count + hit).encode(codec)
    bad_at = len(data) // 2
    path = tmp_path / "big.jsonl"
    path.write_bytes(data[:bad_at] + b"\xff" + data[bad_at:])
    bad_line = data[:bad_at].decode(codec, "ignore").count("\n") + 1
    found, errors = finance_transcript_findings(path)
    assert errors == [(bad_line, f"cannot decode as {'utf-16' if codec == 'utf-16' else codec}")]
    assert found == [(count + 1, "保本"), (count + 1, "保息")]


def test_a_named_encoding_is_used_for_transcripts(tmp_path: Path) -> None:
    path = tmp_path / "tw.jsonl"
    path.write_bytes((json.dumps({"role": "bot", "text": "保本"}, ensure_ascii=False) + "\n").encode("big5"))
    assert [line for line in LineStream(str(path), encoding="big5")] == ['{"role": "bot", "text": "保本"}']
    with pytest.raises(InputError, match="too little text"):
        LineStream(str(path))
    result = Linter(Config(industry=("finance",), kind="replies", select=("SL302",), encoding="big5")).check_file(
        str(path))
    assert [(f.line, f.column, f.text) for f in result.findings] == [(1, 26, "保本")]
