"""Hostile input: whatever a file holds, a run gives findings or per-file input errors (exit 0, 1
or 2), never a traceback and never a hang, and every other file of the run is still linted.
Every finding's span maps back to the characters of the original file.

"internal error while checking this file" (what the API turns an unexpected exception into) is
a failure here: it is a bug that the API only contained.

The property suites take their example counts from the hypothesis profile (tests/conftest.py:
`ci` by default, `long` with SCRIPTLINT_HYPOTHESIS_PROFILE=long); the large fixed inputs run at
full size in the long profile and cut down in CI.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from scriptlint import Linter
from scriptlint.cli import app
from scriptlint.config import Config, ConfigError, parse_settings
from scriptlint.model import LINE_BREAK, FileResult, Finding, InputError
from scriptlint.readers import EXTENSIONS
from scriptlint.readers.decode import read_file

LONG = (os.environ.get("SCRIPTLINT_HYPOTHESIS_PROFILE") or os.environ.get("HYPOTHESIS_PROFILE")) == "long"
INTERNAL = "internal error"

# The known-bad sibling in every run: 保本 at columns 5-7 of line 1 (SL302 with finance).
SIBLING = "这款产品保本\n"
SIBLING_FINDING = (1, 5, 1, 7, "SL302")
CONFIG = Config(industry=("finance",), show_pii=True)  # show_pii: spans compare with clear text


@cache
def linter() -> Linter:
    return Linter(CONFIG)


@contextmanager
def folder() -> Iterator[Path]:
    # Not pytest's tmp_path: one folder per hypothesis example.
    with tempfile.TemporaryDirectory(prefix="scriptlint-hostile-") as name:
        yield Path(name)


def lint_beside_sibling(name: str, data: bytes) -> tuple[FileResult, Path]:
    """The result of `name` (holding `data`), linted in one run with the known-bad sibling;
    the run itself is checked: no internal error, the sibling's finding is there."""
    with folder() as where:
        path = where / name
        path.write_bytes(data)
        sibling = where / "sibling.txt"
        sibling.write_text(SIBLING, encoding="utf-8")
        result = linter().check_paths([str(path), str(sibling)])
        (hostile,) = [r for r in result.files if r.path == str(path)]
        (good,) = [r for r in result.files if r.path == str(sibling)]
        assert not good.errors
        assert SIBLING_FINDING in [(f.line, f.column, f.end_line, f.end_column, f.code) for f in good.findings]
        assert all(INTERNAL not in e.message for e in hostile.errors), hostile.errors
        assert all(e.path == str(path) for e in hostile.errors)
        text = _decoded(path)
        if text is not None:
            assert_spans_round_trip(Path(name).suffix.lower(), text, hostile.findings)
        return hostile, path


def _decoded(path: Path) -> str | None:
    try:
        return read_file(str(path))[1]
    except InputError:
        return None


def original_slice(text: str, line: int, column: int, end_line: int, end_column: int) -> str:
    """The characters of the decoded file between two 1-based positions, end exclusive."""
    starts = [0] + [m.end() for m in LINE_BREAK.finditer(text)]
    assert 1 <= line <= end_line <= len(starts), (line, end_line, len(starts))
    begin, end = starts[line - 1] + column - 1, starts[end_line - 1] + end_column - 1
    assert 0 <= begin <= end <= len(text), (begin, end, len(text))
    return text[begin:end]


def _word_characters(text: str) -> list[str]:
    return [c for c in text if c.isalnum()]


_YAML_ESCAPE = re.compile(r"\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)", re.DOTALL)


def _yaml_unescape(piece: str) -> str:
    """A piece of a YAML scalar with its double-quoted escapes decoded (and '' undoubled)."""
    def decode(escape: re.Match[str]) -> str:
        try:
            value = yaml.safe_load('"' + escape.group() + '"')
        except yaml.YAMLError:
            return escape.group()
        return value if isinstance(value, str) else escape.group()

    return _YAML_ESCAPE.sub(decode, piece).replace("''", "'")


def assert_spans_round_trip(suffix: str, text: str, findings: list[Finding]) -> None:
    """The characters under each finding, read from the original file, are its text: verbatim
    for .txt and .md, with a CSV quote doubled, a JSON literal's escapes, or (YAML, which folds
    lines and has several quoting styles) the same letters and digits in the same order."""
    for f in findings:
        piece = original_slice(text, f.line, f.column, f.end_line, f.end_column)
        if piece == f.text:
            continue
        if suffix in (".txt", ".md", ".markdown"):
            raise AssertionError((f, piece))
        if suffix == ".csv":
            assert piece.replace('""', '"') == f.text, (f, piece)
        elif suffix in (".json", ".jsonl"):
            assert json.loads('"' + piece + '"') == f.text, (f, piece)
        else:
            assert _word_characters(_yaml_unescape(piece)) == _word_characters(f.text), (f, piece)


# --- what hostile text is made of -----------------------------------------------------------

PIECES = [
    "\x00", "\u0301", "\u20dd", "\u202e", "\u202d", "\u2066", "\u2069", "\u200b", "\u200c", "\u200d", "\u2060",
    "\ufeff", "\u2028", "\u2029", "\x85", "\x0c", "\x0b", "\t", "\r", "\n", "\r\n",
    "👨\u200d👩\u200d👧", "🏳️\u200d🌈", "👍🏽", "保本", "保\u0301本", "保\u200b本", "保\u202e本", "無風險", "稳赚",
    "绝对", "100%保证", "13812345678", "138 1234 5678", "机器人：", "客户：", "AI: ", "1. ", "# ", "#",
    "# scriptlint: industry=finance", "<!--", "-->", "```", "|", '"', "'", "\\", ",", ":", "-", "[", "]", "{", "}",
    "&a", "*a", "!!python/object:os.system", "%", "\ufffd", "\U0010ffff", "\ue000", "ﾃｽﾄ", "Ａ", "ß", "İ",
]
hostile_text = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=14).map("".join)
# Strings that may hold half a surrogate pair: only JSON's \u escapes can carry one into a file.
hostile_json_text = st.lists(st.one_of(hostile_text, st.sampled_from(["\ud800", "\udfff", "\ud83d"])),
                             max_size=3).map("".join)
json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), hostile_json_text),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(hostile_json_text, inner, max_size=3)),
    max_leaves=8,
)
newlines = st.sampled_from(["\n", "\r\n", "\r"])
encodings = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "gb18030"])


def _encode(text: str, encoding: str) -> bytes:
    return text.encode(encoding, "surrogatepass" if encoding.startswith("utf-8") else "replace")


@st.composite
def text_scripts(draw: st.DrawFn) -> bytes:
    lines = draw(st.lists(hostile_text, max_size=8))
    return _encode(draw(newlines).join(lines), draw(encodings))


@st.composite
def turn(draw: st.DrawFn, text_key: str) -> dict[str, object]:
    item: dict[str, object] = {text_key: draw(st.one_of(hostile_json_text, json_values))}
    for key in draw(st.lists(st.sampled_from(["role", "start", "id", "call_id", "note"]), max_size=3, unique=True)):
        item[key] = draw(st.one_of(st.sampled_from(["bot", "customer", "客户", "Bot", "alien"]), json_values))
    return item


@st.composite
def json_flows(draw: st.DrawFn) -> bytes:
    flow: dict[str, object] = {draw(st.sampled_from(["nodes", "turns", "steps"])):
                               draw(st.lists(turn(draw(st.sampled_from(["say", "text"]))), max_size=5))}
    if draw(st.booleans()):
        flow[draw(st.sampled_from(["industry", "channel", "kind"]))] = draw(json_values)
    source = json.dumps(flow, ensure_ascii=draw(st.booleans()), indent=draw(st.sampled_from([None, 1])))
    return source.encode("utf-8", "surrogatepass")


@st.composite
def yaml_flows(draw: st.DrawFn) -> bytes:
    nodes = draw(st.lists(st.fixed_dictionaries({"say": hostile_text}, optional={"role": hostile_text,
                                                                                   "id": hostile_text}), max_size=5))
    source = yaml.safe_dump({"nodes": nodes}, allow_unicode=draw(st.booleans()), width=draw(st.sampled_from([20, 80])),
                            default_style=draw(st.sampled_from([None, '"', "'", "|"])))
    return source.encode("utf-8", "surrogatepass")


@st.composite
def transcripts(draw: st.DrawFn) -> bytes:
    lines = []
    for _ in range(draw(st.integers(0, 6))):
        if draw(st.integers(0, 3)) == 0:
            lines.append(draw(hostile_text))  # a broken line
        else:
            lines.append(json.dumps(draw(turn("text")), ensure_ascii=draw(st.booleans())))
    return _encode(draw(newlines).join(lines), draw(st.sampled_from(["utf-8", "utf-16"])))


@st.composite
def reply_libraries(draw: st.DrawFn) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL])),
                        lineterminator=draw(newlines))
    writer.writerow(draw(st.lists(st.sampled_from(["id", "text", "回复", "note", "", "说明"]), min_size=1, max_size=3)))
    for row in draw(st.lists(st.lists(hostile_text, max_size=4), max_size=5)):  # ragged on purpose
        writer.writerow(row)
    return _encode(buffer.getvalue(), draw(encodings))


def _suffixes(fmt: str) -> list[str]:
    return sorted(s for s, f in EXTENSIONS.items() if f == fmt)


BUILDERS: dict[str, st.SearchStrategy[bytes]] = {
    "text": text_scripts(), "markdown": text_scripts(), "flow": st.one_of(json_flows(), yaml_flows()),
    "transcript": transcripts(), "replies": reply_libraries(),
}


@st.composite
def hostile_files(draw: st.DrawFn) -> tuple[str, bytes]:
    """A file name with a known extension and its bytes: well-formed-ish for its format, or any
    bytes at all."""
    fmt = draw(st.sampled_from(sorted(set(EXTENSIONS.values()))))
    suffix = draw(st.sampled_from(_suffixes(fmt)))
    strategy = BUILDERS.get(fmt, st.binary(max_size=200))  # a format added later: bytes at least
    if suffix == ".json":
        strategy = json_flows()
    elif suffix in (".yaml", ".yml"):
        strategy = yaml_flows()
    data = draw(st.one_of(strategy, st.binary(max_size=300),
                          st.tuples(strategy, st.binary(max_size=8)).map(lambda pair: pair[0] + pair[1])))
    return "hostile" + suffix, data


# --- property suites ------------------------------------------------------------------------


@given(hostile_files())
def test_any_file_gives_findings_or_its_own_errors_and_the_sibling_is_still_linted(file: tuple[str, bytes]) -> None:
    name, data = file
    lint_beside_sibling(name, data)


@pytest.mark.parametrize("fmt", sorted(set(EXTENSIONS.values())))
@given(data=st.data())
def test_every_reader_on_its_own_kind_of_hostile_input(fmt: str, data: st.DataObject) -> None:
    suffix = data.draw(st.sampled_from(_suffixes(fmt)))
    strategy = {".json": json_flows(), ".yaml": yaml_flows(), ".yml": yaml_flows()}.get(
        suffix, BUILDERS.get(fmt, st.binary(max_size=200)))
    lint_beside_sibling("hostile" + suffix, data.draw(strategy))


# Combining marks and bidi controls inside a term (保\u0301本, 保\u202e本) are the normalizer's to
# remove (issue 10, "Normalization"); the separators here are removed already.
@given(st.lists(hostile_text, min_size=1, max_size=4), st.sampled_from(["保本", "保 本", "保\u200b本", "保\u200d本",
                                                                         "保\ufeff本", "保\u2060本", "無風險"]))
def test_a_term_among_hostile_characters_is_found_where_it_stands(lines: list[str], term: str) -> None:
    # Line 1 holds the term after hostile text that has no line break in it.
    prefix = LINE_BREAK.sub("", lines[0]).replace("\x00", "").replace("\x85", "").replace("\u2028", "")
    text = "机器人：" + prefix + "，这款产品" + term + "\n" + "\n".join(lines[1:])
    result, _ = lint_beside_sibling("term.txt", text.encode("utf-8"))
    if not result.errors:
        terms = [f for f in result.findings if f.code == "SL302" and f.line == 1]
        assert terms, result.findings


# A fifth of the profile's examples: each one starts the whole command (config, lexicon).
@settings(max_examples=max(5, settings().max_examples // 5))
@given(hostile_files())
def test_the_command_line_exits_0_1_or_2_with_valid_json_and_the_sibling_reported(file: tuple[str, bytes]) -> None:
    name, data = file
    with folder() as where:
        (where / name).write_bytes(data)
        (where / "sibling.txt").write_text(SIBLING, encoding="utf-8")
        run = CliRunner().invoke(app, ["check", "--isolated", "--format", "json", "--industry", "finance",
                                       str(where / name), str(where / "sibling.txt")])
    assert run.exit_code in (0, 1, 2), (run.exit_code, run.output, run.exception)
    assert run.exception is None or isinstance(run.exception, SystemExit), run.exception
    assert INTERNAL not in run.output
    payload = json.loads(run.stdout)
    assert any(f["path"].endswith("sibling.txt") and f["code"] == "SL302" for f in payload["findings"])
    assert (run.exit_code == 2) == bool(payload.get("errors")), payload.get("errors")


# --- fixed cases: sizes ---------------------------------------------------------------------

BIG_LINE = 10_000_000 if LONG else 1_000_000
MANY_LINES = 1_000_000 if LONG else 50_000


def test_a_long_line_without_a_newline_is_linted_in_linear_time() -> None:
    filler = "您好" * (BIG_LINE // 4)
    text = "机器人：" + filler + "这款产品保本" + filler  # no newline at all
    began = time.perf_counter()
    result, _ = lint_beside_sibling("long.txt", text.encode("utf-8"))
    assert time.perf_counter() - began < (120 if LONG else 30)
    column = len("机器人：" + filler + "这款产品") + 1
    assert (1, column, 1, column + 2, "SL302") in [(f.line, f.column, f.end_line, f.end_column, f.code)
                                                   for f in result.findings]


def test_a_million_short_lines() -> None:
    lines = ["机器人：您好"] * MANY_LINES
    lines[-1] = "机器人：保本"
    began = time.perf_counter()
    result, _ = lint_beside_sibling("many.txt", ("\n".join(lines) + "\n").encode("utf-8"))
    assert time.perf_counter() - began < (300 if LONG else 60)
    assert (MANY_LINES, 5, "SL302") in [(f.line, f.column, f.code) for f in result.findings]


# --- fixed cases: YAML ----------------------------------------------------------------------


def _laughs(levels: int, where: str) -> str:
    rows = ["a0: &a0 [保本, 保本, 保本, 保本, 保本, 保本, 保本, 保本, 保本]"]
    rows += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels)]
    last = f"*a{levels - 1}"
    tail = {"declaration": f"industry: {last}\nnodes:\n  - say: 您好\n",
            "role": f"nodes:\n  - say: 您好\n    role: {last}\n",
            "id": f"nodes:\n  - say: 您好\n    id: {last}\n",
            "extra": f"nodes:\n  - say: 您好\n    meta: {last}\n"}[where]
    return "\n".join(rows) + "\n" + tail


@pytest.mark.parametrize("where", ["declaration", "role", "id", "extra"])
def test_a_billion_laughs_fails_fast_with_the_limit(where: str) -> None:
    began = time.perf_counter()
    result, _ = lint_beside_sibling("laughs.yaml", _laughs(10, where).encode("utf-8"))
    assert time.perf_counter() - began < 10
    assert [(e.line, "too many YAML aliases" in e.message, "limit 1,000,000" in e.message)
            for e in result.errors] == [(6, True, True)]


def test_the_alias_bomb_of_the_report_fails_fast() -> None:
    # About 120 KB of aliases to one large anchored list: every alias repeats the whole list.
    items = ", ".join(["保本保本保本"] * 2000)
    text = f"base: &b [{items}]\nnodes:\n" + "".join("  - {say: 您好, r: *b}\n" for _ in range(4000))
    assert len(text.encode("utf-8")) > 100_000
    began = time.perf_counter()
    result, _ = lint_beside_sibling("aliases.yaml", text.encode("utf-8"))
    assert time.perf_counter() - began < 10
    assert [("too many YAML aliases" in e.message) for e in result.errors] == [True]


def test_many_small_aliases_within_the_limit_are_fine() -> None:
    text = "greeting: &g 您好，这款产品保本\nnodes:\n" + "".join("  - say: *g\n" for _ in range(300))
    result, _ = lint_beside_sibling("shared.yaml", text.encode("utf-8"))
    assert not result.errors
    assert len([f for f in result.findings if f.code == "SL302"]) == 300


@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system", "!!python/object:os.system",
                                 "!!python/name:os.system", "!!python/module:os", "!custom"])
def test_python_tags_are_refused_and_run_nothing(tag: str, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    text = f'nodes:\n  - say: 您好\n    x: {tag} ["touch {marker}"]\n'
    result, _ = lint_beside_sibling("tag.yaml", text.encode("utf-8"))
    assert not marker.exists()
    (error,) = result.errors
    assert error.line == 3 and "is not allowed (a flow holds plain data" in error.message, error


@pytest.mark.parametrize(("name", "text"), [
    ("deep.yaml", "nodes: " + "[" * 100_000 + "]" * 100_000 + "\n"),
    ("deepmap.yaml", "nodes: " + "{a: " * 20_000 + "1" + "}" * 20_000 + "\n"),
    ("deep.json", '{"nodes": ' + "[" * 100_000 + "]" * 100_000 + "}"),
    ("deepobj.json", '{"nodes": [' + '{"a": ' * 100_000 + "1" + "}" * 100_000 + "]}"),
])
def test_nesting_a_hundred_thousand_deep_is_one_clear_error(name: str, text: str) -> None:
    result, _ = lint_beside_sibling(name, text.encode("utf-8"))
    assert [e.message for e in result.errors] in (["invalid YAML: nested too deeply"], ["invalid JSON: nested too deeply"])


@pytest.mark.parametrize(("name", "text", "line"), [
    ("surrogate.json", '{"nodes": [\n  {"say": "保本\\ud800"}]}', 2),
    ("low.json", '{"nodes": [{"say": "\\udc00保本"}]}', 1),
    ("key.json", '{"nodes": [{"say": "保本",\n "\\ud83d": 1}]}', 2),
    ("surrogate.yaml", 'nodes:\n  - say: 您好\n  - say: "保本\\ud800"\n', 3),
    ("wide.yaml", 'nodes:\n  - say: "保本\\U0000dfff"\n', 2),
])
def test_half_a_surrogate_pair_is_an_error_of_its_file(name: str, text: str, line: int) -> None:
    result, _ = lint_beside_sibling(name, text.encode("utf-8"))
    assert [(e.line, "half a surrogate pair" in e.message) for e in result.errors] == [(line, True)]
    assert result.findings == []


def test_a_whole_surrogate_pair_and_an_escaped_backslash_are_fine() -> None:
    text = '{"nodes": [{"say": "\\ud83d\\ude00 这款产品保本 \\\\ud800"}]}'
    result, _ = lint_beside_sibling("pair.json", text.encode("utf-8"))
    assert not result.errors
    assert [f.code for f in result.findings if f.code == "SL302"] == ["SL302"]


@pytest.mark.parametrize("name", ["surrogate.json", "surrogate.jsonl", "surrogate.yaml"])
def test_the_command_line_prints_valid_utf8_for_a_surrogate_file(tmp_path: Path, name: str) -> None:
    import subprocess
    import sys

    body = {"surrogate.json": '{"nodes": [{"say": "保本\\ud800"}]}',
            "surrogate.jsonl": '{"text": "保本\\ud800"}\n{"text": "稳赚保本"}\n',
            "surrogate.yaml": 'nodes:\n  - say: "保本\\ud800"\n'}[name]
    (tmp_path / name).write_text(body, encoding="utf-8")
    (tmp_path / "sibling.txt").write_text(SIBLING, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "scriptlint", "check", "--isolated", "--format", "json",
                          "--industry", "finance", name, "sibling.txt"], cwd=tmp_path, capture_output=True,
                         env={**os.environ, "PYTHONIOENCODING": "utf-8:strict"}, check=False)
    assert run.returncode == 2, run.stderr
    payload = json.loads(run.stdout.decode("utf-8"))  # strict: valid UTF-8 throughout
    assert any(f["path"] == "sibling.txt" for f in payload["findings"])
    stderr = run.stderr.decode("utf-8")
    assert "half a surrogate pair" in stderr and "Traceback" not in stderr and INTERNAL not in stderr


# --- fixed cases: JSONL ---------------------------------------------------------------------


def test_jsonl_bad_lines_cost_their_line_only() -> None:
    lines = [
        '{"text": "这款产品保本"}',            # 1: a finding
        '{broken',                              # 2
        '{"text": 5}',                          # 3
        '{"text": null}',                       # 4
        '{"text": ["保本"]}',                   # 5
        '{"text": {"a": "保本"}}',              # 6
        '{"say": "保本"}',                      # 7
        '[1, 2]',                               # 8
        '{"text": "保本", "text": "您好"}',     # 9
        '{"text": "保本\\ud800"}',              # 10
        '{"text": "x", "call_id": [1]}',        # 11
        '{"text": "x", "role": ["bot"]}',       # 12
        '{"text": "x", "id": {"a": 1}}',        # 13
        "[" * 100_000 + "]" * 100_000,          # 14
        '{"text": "稳赚不赔，这款产品保本"}',   # 15: a finding
    ]
    result, _ = lint_beside_sibling("calls.jsonl", "\n".join(lines).encode("utf-8"))
    errors = {e.line: e.message for e in result.errors}
    assert sorted(errors) == list(range(2, 15))
    assert errors[3].endswith("('text' is a number)") and errors[4].endswith("('text' is null)")
    assert errors[5].endswith("('text' is a list)") and errors[6].endswith("('text' is an object)")
    assert errors[7].endswith("(no 'text')")
    assert "the key 'text' is given twice" in errors[9] and "half a surrogate pair" in errors[10]
    assert errors[11] == "'call_id' must be a string or a number" and errors[12] == "'role' must be a string"
    assert errors[13] == "'id' must be a string or a number" and errors[14] == "invalid JSON: nested too deeply"
    assert {(f.line, f.code) for f in result.findings if f.code == "SL302"} == {(1, "SL302"), (15, "SL302")}


# --- fixed cases: CSV -----------------------------------------------------------------------


def test_csv_ragged_rows_cost_their_row_only() -> None:
    text = "id,text,note\n1\n2,这款产品保本\n3,您好,x,y,z\n\n4\n5,保本\n"
    result, _ = lint_beside_sibling("ragged.csv", text.encode("utf-8"))
    assert [(e.line, e.message) for e in result.errors] == [
        (2, "row has 1 column(s), the text column is number 2"), (6, "row has 1 column(s), the text column is number 2")]
    assert [(f.line, f.column) for f in result.findings if f.code == "SL302"] == [(3, 7), (7, 3)]


def test_csv_quoted_newlines_keep_exact_positions() -> None:
    text = 'id,text\n1,"第一行\r\n第二行保本\r第三行""引号""保本\u2028保本"\n2,"这款产品保本"\n'
    result, _ = lint_beside_sibling("quoted.csv", text.encode("utf-8"))
    assert not result.errors
    # Line 3 begins after "\r\n", line 4 after the lone "\r" (第三行""引号"" is 9 characters);
    # U+2028 does not end a line.
    assert [(f.line, f.column, f.end_line, f.end_column) for f in result.findings if f.code == "SL302"] == [
        (3, 4, 3, 6), (4, 10, 4, 12), (4, 13, 4, 15), (5, 8, 5, 10)]


def test_a_nul_in_a_csv_field_past_the_sniffed_head() -> None:
    padding = "".join(f"{i},您好\n" for i in range(12_000))  # more than the 64 KB sniffed for binary files
    text = "id,text\n" + padding + "x,保\x00本，这款产品保本\n"
    assert len(padding.encode("utf-8")) > 65_536
    result, _ = lint_beside_sibling("nul.csv", text.encode("utf-8"))
    assert not result.errors
    # Line 12002: "x,保<NUL>本，这款产品" is 10 characters, the NUL counted as one.
    assert [(f.line, f.column) for f in result.findings if f.code == "SL302"] == [(12_002, 11)]


def test_a_csv_field_over_the_limit_is_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import csv as csv_module

    from scriptlint.readers import replies

    limit = replies.FIELD_LIMIT if LONG else 10_000
    monkeypatch.setattr(replies, "FIELD_LIMIT", limit)
    size = 100_000_000 if LONG else 5 * limit
    before = csv_module.field_size_limit()
    text = 'text\n这款产品保本\n"' + "好" * size + '"\n'
    result, _ = lint_beside_sibling("huge.csv", text.encode("utf-8"))
    assert [(e.line, f"a field is longer than {limit:,} characters" in e.message) for e in result.errors] == [(3, True)]
    assert csv_module.field_size_limit() == before  # the process's own limit is left as it was


def test_a_csv_field_far_above_the_default_limit_is_read() -> None:
    text = 'text\n"' + "好" * 300_000 + '这款产品保本"\n'
    result, _ = lint_beside_sibling("wide.csv", text.encode("utf-8"))
    assert not result.errors
    assert [(f.line, f.column) for f in result.findings if f.code == "SL302"] == [(2, 300_006)]


@pytest.mark.parametrize(("text", "found"), [
    ("1,这款产品保本\n2,稳赚\n", "found '1', '这款产品保本'"),
    ("id;text\n1;保本\n", "found 'id;text'; expected one of: text, reply, say, 话术, 回复"),
    ("编号,备注\n1,保本\n", "found '编号', '备注'"),
])
def test_a_csv_without_a_text_column_names_the_headers_found(text: str, found: str) -> None:
    result, _ = lint_beside_sibling("noheader.csv", text.encode("utf-8"))
    (error,) = result.errors
    assert error.line == 1 and found in error.message, error.message
    # A header of one cell holding ';': the likelier cause is named, the others get no such hint.
    assert error.message.endswith("; columns are separated by commas)") == (";" in text.split("\n")[0])


# --- user regexes ---------------------------------------------------------------------------

PACK = """[pack]
name = "team"

[[entry]]
id = "team.slow"
category = "false-promise"
terms = ["保证"]
{key} = {value}
"""


def _pack_text(key: str, regex: str) -> str:
    # `pattern` is one regex; `requires` and `unless` are lists of them.
    return PACK.format(key=key, value=f"'{regex}'" if key == "pattern" else f"['{regex}']")


@pytest.mark.parametrize("regex", [r"(a+)+$", r"(a|a)*b", r"(a*)*b", r"(\d+\s?)+$", r"(.*a){11}", r"(\w|\d)+!",
                                   r"(保证|保)+$"])
@pytest.mark.parametrize("key", ["pattern", "requires", "unless"])
def test_a_catastrophic_lexicon_regex_is_refused_at_load_naming_entry_and_key(tmp_path: Path, key: str, regex: str) -> None:
    from scriptlint.lexicon import load_pack

    pack = tmp_path / "team.toml"
    pack.write_text(_pack_text(key, regex), encoding="utf-8")
    if regex == r"(保证|保)+$":  # 保证 is 保 then 证: no text splits two ways; a plain regex
        assert load_pack(pack).entries
        return
    with pytest.raises(InputError) as caught:
        load_pack(pack)
    assert caught.value.path == str(pack)
    assert f"entry team.slow: {key} regex '{regex}'" in caught.value.message
    assert "backtrack" in caught.value.message


@pytest.mark.parametrize("key", ["topic", "must-mention", "contradicts"])
def test_a_catastrophic_policy_regex_is_refused_naming_the_key(key: str) -> None:
    policy = {"topic": ["退款"], key: ["(x+x+)+y"]}
    with pytest.raises(ConfigError) as caught:
        parse_settings("team.toml", {"policy": {"refund": policy}})
    assert f"config key 'policy.{key}': regex '(x+x+)+y'" in caught.value.message
    assert caught.value.key == "policy"


def _slow_pack(tmp_path: Path) -> Path:
    # (\d|\d\d)+ passes the shape check (a single digit and two digits are not one character
    # class each) but splits a run of digits in exponentially many ways: the time limit stops it.
    pack = tmp_path / "team.toml"
    pack.write_text(_pack_text("requires", r"(\d|\d\d)+$"), encoding="utf-8")
    return pack


def test_a_regex_that_passes_the_shape_check_is_stopped_by_the_time_limit(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from scriptlint import user_regex

    monkeypatch.setattr(user_regex, "REGEX_TIMEOUT", 0.2)
    slow = Linter(Config(lexicons=(str(_slow_pack(tmp_path)),), industry=("finance",)))
    digits = "1" * 60 + "x"
    (tmp_path / "a.txt").write_text(f"机器人：保证{digits}\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(f"机器人：保证{digits}\n", encoding="utf-8")
    (tmp_path / "c.txt").write_text(SIBLING, encoding="utf-8")
    began = time.perf_counter()
    result = slow.check_paths([str(tmp_path / n) for n in ("a.txt", "b.txt", "c.txt")])
    # One time-out for the whole run: the regex is not tried again on the second file (the
    # engine looks at the clock now and then, so a time-out comes a little late).
    assert time.perf_counter() - began < 15
    messages = {Path(r.path).name: [e.message for e in r.errors] for r in result.files}
    for name in ("a.txt", "b.txt"):
        (message,) = messages[name]
        assert "entry team.slow: requires: the regex '(\\d|\\d\\d)+$' ran longer than 0.2 s" in message
        assert "this file was not fully checked" in message
    assert messages["c.txt"] == []
    assert SIBLING_FINDING[:2] in [(f.line, f.column) for f in result.findings if f.path.endswith("c.txt")]


def test_a_policy_regex_that_explodes_on_a_long_line_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    from scriptlint import user_regex

    # No nested repeat, so the shape check lets it through; four .* in a row are n**4 steps on a
    # line without the closing words.
    monkeypatch.setattr(user_regex, "REGEX_TIMEOUT", 0.2)
    settings = Config(industry=("finance",)).merged(**parse_settings("team.toml", {
        "policy": {"refund": {"topic": ["退款"], "contradicts": [r"退款.*.*.*.*到账了吗"]}}}))
    began = time.perf_counter()
    with pytest.raises(InputError) as caught:
        Linter(settings).check_text("退款" + "慢" * 20_000, kind="replies")
    assert time.perf_counter() - began < 15
    assert caught.value.message.startswith("team.toml: config key 'policy.contradicts': the regex "
                                           "'退款.*.*.*.*到账了吗' ran longer than 0.2 s")


def test_user_regexes_run_with_the_regex_engine_and_bundled_ones_with_re(tmp_path: Path) -> None:
    from scriptlint.lexicon import bundled_packs, load_pack
    from scriptlint.user_regex import BoundedPattern

    user = load_pack(_slow_pack(tmp_path))
    assert isinstance(user.entries[0].requires[0].compiled(), BoundedPattern)
    bundled = load_pack(bundled_packs()["finance"])
    patterns = [p for e in bundled.entries for p in (*e.requires, *e.unless)]
    assert patterns and not any(isinstance(p.compiled(), BoundedPattern) for p in patterns)


CATASTROPHIC = [r"(a+)+$", r"(a|a)*", r"(a*)*", r"(.*)+", r"(\d+\s?)+$", r"(.*a){11}", r"(a|aa)+$", r"(\w|\d)+",
                r"(.|\s)*", r"(x+x+)+y", r"^(([a-z])+.)+[A-Z]([a-z])+$", r"(\d{1,3}(,\d{3})*)+", r"((ab)+)+",
                r"([a-z]+)*=", r"(?P<n>a+)+", r"(?i:(a+)+)", r"(?#note)(a+)+", r"(?:保证|保证)+"]
# Repeats whose rounds cannot split the same text two ways, possessive repeats and atomic groups.
SAFE = [r"(\d+,)+", r"(?:保证|保本)+", r"(可以|可)+", r"(?:保本|保)+$", r"(ab|ac)+", r"\d+(\.\d+)?%", r"([^,]+,)+",
        r"(\w+\s)+", r"(?:就|会|将){0,3}", r"(a++)+", r"(?>a+)+b", r"[一二三]+", r"保证.{0,12}不变", r"\p{Han}+",
        r"(?:的|哈|哦)*(?=[，,。]|$)", r"(?P<x>\d+)(?P=x)", r"(?<=a)b+", r"[\]a]+", r"(a?){2}"]


@pytest.mark.parametrize("regex", CATASTROPHIC)
def test_catastrophic_shapes_are_named(regex: str) -> None:
    from scriptlint.user_regex import unsafe_shape

    problem = unsafe_shape(regex)
    assert problem is not None and problem.endswith("it can backtrack without end; rewrite it")


@pytest.mark.parametrize("regex", SAFE)
def test_safe_shapes_pass(regex: str) -> None:
    from scriptlint.user_regex import unsafe_shape

    assert unsafe_shape(regex) is None


def test_the_shape_check_itself_stays_bounded() -> None:
    import re as re_module

    from scriptlint.user_regex import BoundedPattern, unsafe_shape

    began = time.perf_counter()
    deep = "(" * 100_000 + "a" + ")" * 100_000
    assert unsafe_shape(deep) is None  # too deep to follow: the time limit bounds it
    assert unsafe_shape("(?:" + "|".join(f"w{i}" for i in range(2_000)) + ")+") is None
    with pytest.raises(re_module.error, match="nested too deeply"):
        BoundedPattern(deep, "team.toml: entry x: pattern")
    assert time.perf_counter() - began < 30


def test_every_bundled_regex_passes_the_shape_check() -> None:
    from scriptlint.lexicon import bundled_packs, load_pack
    from scriptlint.user_regex import unsafe_shape

    checked = 0
    for path in bundled_packs().values():
        for entry in load_pack(path, eager=False).entries:
            for pattern in (*([entry.pattern] if entry.pattern else []), *entry.requires, *entry.unless):
                assert unsafe_shape(pattern.pattern) is None, (entry.id, pattern.pattern)
                checked += 1
    assert checked > 200


def test_the_bundled_examples_pass_with_the_regex_engine_too(monkeypatch: pytest.MonkeyPatch) -> None:
    """A team that copies a bundled entry into its own pack gets the same answers: every
    bundled example behaves the same when the bundled regexes run in the `regex` engine."""
    from scriptlint.lexicon import Lexicon, bundled_packs, load_pack, schema

    monkeypatch.setattr(schema, "is_bundled", lambda path: False)
    packs = [load_pack(path) for path in bundled_packs().values()]
    assert any(p.bounded for pack in packs for e in pack.entries for p in e.requires)
    assert list(Lexicon(packs).self_test()) == []


# --- lexicon and config files: what is loaded -----------------------------------------------


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_a_lexicon_path_to_dev_zero_is_refused_without_reading_it_all() -> None:
    from scriptlint.lexicon import load_lexicon

    began = time.perf_counter()
    with pytest.raises(InputError, match="not a regular file: character device"):
        load_lexicon(["/dev/zero"])
    assert time.perf_counter() - began < 10


LEXICON_TYPE_ERRORS: list[tuple[str, str]] = [
    ('terms = "保本"\nseverity = "fatal"', "entry team.x: severity must be error, warning or info"),
    ('terms = ["保本"]\nseverity = 3', "entry team.x: severity must be error, warning or info"),
    ('terms = ["保本", 3]', "entry team.x: terms must be a list of strings"),
    ('terms = [["保本"]]', "entry team.x: terms must be a list of strings"),
    ("terms = 5", "entry team.x: terms must be a list of strings"),
    ('terms = ["保本"]\nmust_match = [1]', "entry team.x: must_match must be a list of strings"),
    ('terms = ["保本"]\nmust_not_match = {a = 1}', "entry team.x: must_not_match must be a list of strings"),
    ('terms = ["保本"]\nmessage = ["a"]', "entry team.x: message must be a string"),
    ('terms = ["保本"]\nmessage_en = 1', "entry team.x: message_en must be a string"),
    ('terms = ["保本"]\ncitation = 2024-01-01', "entry team.x: citation must be a string"),
    ('terms = ["保本"]\nalternative = true', "entry team.x: alternative must be a string"),
    ('terms = ["保本"]\nnote = 1.5', "entry team.x: note must be a string"),
    ('terms = ["保本"]\ncategory = ["false-promise"]', "entry team.x: category must be one of"),
    ('terms = ["保本"]\nnegatable = "yes"', "entry team.x: negatable must be true or false"),
    ('terms = ["保本"]\npattern = ["保本"]', "entry team.x: pattern must be a string"),
    ('terms = ["保本"]\nrequires = 1', "entry team.x: requires must be a list of strings"),
    ('terms = ["保本"]\nsevere = "error"', "entry team.x: unknown key(s) severe"),
]


@pytest.mark.parametrize(("fields", "message"), LEXICON_TYPE_ERRORS, ids=[m for _, m in LEXICON_TYPE_ERRORS])
def test_lexicon_fields_are_type_checked_naming_file_entry_and_key(tmp_path: Path, fields: str, message: str) -> None:
    from scriptlint.lexicon import load_pack

    pack = tmp_path / "team.toml"
    category = "" if "category =" in fields else 'category = "false-promise"\n'
    pack.write_text(f'[pack]\nname = "team"\n\n[[entry]]\nid = "team.x"\n{category}{fields}\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_pack(pack)
    assert caught.value.path == str(pack)
    assert caught.value.message.startswith(message), caught.value.message


@pytest.mark.parametrize(("text", "message"), [
    ('[pack]\nname = 5\n', "[pack]: name must be a string"),
    ('[pack]\nnmae = "x"\n', "[pack]: unknown key(s) nmae"),
    ('[[entry]]\nid = 7\ncategory = "false-promise"\nterms = ["保本"]\n', "an [[entry]] id must be a string (got a number)"),
    ('[negation]\ncues = [1]\n', "[negation]: cues must be a list of strings"),
    ('[[phrases]]\nset = ["a"]\nterms = ["保本"]\n', "set must be a string"),
])
def test_pack_tables_are_type_checked(tmp_path: Path, text: str, message: str) -> None:
    from scriptlint.lexicon import load_pack

    pack = tmp_path / "team.toml"
    pack.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_pack(pack)
    assert message in caught.value.message, caught.value.message


def test_a_well_typed_pack_still_loads(tmp_path: Path) -> None:
    from scriptlint.lexicon import load_pack

    pack = tmp_path / "team.toml"
    pack.write_text('[pack]\nname = "team"\ntitle = "团队"\n\n[[entry]]\nid = "team.x"\ncategory = "false-promise"\n'
                    'severity = "warning"\nterms = ["稳赚"]\nmessage = "不得承诺收益"\ncitation = "内部规范"\n'
                    'must_match = ["稳赚不赔"]\nmust_not_match = ["不会稳赚"]\nnote = "示例"\n', encoding="utf-8")
    (entry,) = load_pack(pack).entries
    assert (entry.id, entry.severity.value, entry.message, entry.citation) == ("team.x", "warning", "不得承诺收益", "内部规范")



# --- regressions found by the suites above --------------------------------------------------


def test_a_utf16_transcript_cut_in_the_middle_of_a_character_keeps_its_lines() -> None:
    # Found by the property suite: b"\xfe\xff\x00\x00\x00" was an internal error ("truncated data").
    data = '{"text": "这款产品保本"}\n{"text": "您好"}\n'.encode("utf-16") + b"\x00"
    result, _ = lint_beside_sibling("cut.jsonl", data)
    assert [(e.line, e.message.startswith("cannot decode as utf-16")) for e in result.errors] == [(3, True)]
    assert (1, "SL302") in [(f.line, f.code) for f in result.findings]
    result, _ = lint_beside_sibling("cut.jsonl", b"\xfe\xff\x00\x00\x00")
    assert [(e.line, e.message.startswith("cannot decode as utf-16")) for e in result.errors] == [(1, True)]


def test_an_escaped_surrogate_pair_in_yaml_is_one_character_at_its_place() -> None:
    # Found by a hand-made case: PyYAML read "\ud83d\ude00" (JSON's way to write 😀, valid in
    # YAML 1.2) as two halves of a pair, which no output could print.
    text = 'nodes:\n  - say: "\\ud83d\\ude00这款产品保本"\n'
    result, _ = lint_beside_sibling("pair.yaml", text.encode("utf-8"))
    assert not result.errors
    # '  - say: "' is 10 characters, the escaped pair 12 more, 这款产品 4 more.
    assert [(f.line, f.column, f.end_column) for f in result.findings if f.code == "SL302"] == [(2, 27, 29)]


@pytest.mark.parametrize(("name", "text"), [
    ("nested.json", '{"industry": [["finance"]], "nodes": [{"say": "保本"}]}'),
    ("table.yaml", "channel: {a: phone}\nnodes:\n  - say: 保本\n"),
])
def test_a_declaration_that_is_not_text_is_an_error_naming_the_key(name: str, text: str) -> None:
    # Found by a hand-made case: a list nested 900 deep was turned into its whole text.
    result, _ = lint_beside_sibling(name, text.encode("utf-8"))
    key = "industry" if name.endswith(".json") else "channel"
    assert [e.message for e in result.errors] == [f"'{key}' must be a string or a list of strings"]


def test_the_regex_engine_is_loaded_only_for_a_users_regex(tmp_path: Path) -> None:
    import subprocess
    import sys

    # The bundled packs run in `re`: a run without a user's regex does not pay for importing
    # `regex` (about 40 ms); one with a user's pack does.
    script = tmp_path / "script.txt"
    script.write_text("机器人：您好，这款产品保本，收益稳定。\n", encoding="utf-8")
    pack = tmp_path / "team.toml"
    pack.write_text(_pack_text("requires", "收益"), encoding="utf-8")
    code = ("import sys; from scriptlint import Linter; from scriptlint.config import Config; "
            "Linter(Config(industry=('finance',), lexicons=tuple(sys.argv[2:]))).check_paths([sys.argv[1]]); "
            "print('regex' in sys.modules)")
    src = str(Path(__file__).resolve().parents[1] / "src")
    env = {**os.environ, "PYTHONPATH": src, "SCRIPTLINT_CACHE_DIR": str(tmp_path / "cache")}
    plain = subprocess.run([sys.executable, "-c", code, str(script)], capture_output=True, text=True, env=env, check=True)
    with_pack = subprocess.run([sys.executable, "-c", code, str(script), str(pack)], capture_output=True, text=True,
                               env=env, check=True)
    assert (plain.stdout.strip(), with_pack.stdout.strip()) == ("False", "True")
