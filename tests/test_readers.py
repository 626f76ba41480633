"""Readers: every input format and encoding, with exact positions of findings.

Every expected (line, column, end_line, end_column) below was counted by hand from the file the
test writes: 1-based, in Unicode code points, end exclusive. Columns count the characters of the
decoded line (a BOM is not a character of the text).
"""
from __future__ import annotations

import codecs
import csv
import io
import json
import re
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from scriptlint import Linter
from scriptlint.cli import app
from scriptlint.config import Config
from scriptlint.model import BOT, CUSTOMER, Declaration, Kind, SourceFile
from scriptlint.readers import Speakers, read_scripts
from scriptlint.readers.decode import SNIFF_BYTES, read_file
from scriptlint.readers.flow import read_flow
from scriptlint.readers.replies import read_replies
from scriptlint.readers.transcript import _turn

# Only the per-utterance rules, so that the expectations do not depend on the opening rules.
TERM_CODES = ("SL302", "SL303", "SL402")
REPLIES = Config(industry=("finance", "education"), kind="replies", select=TERM_CODES)
LINE_BREAK = re.compile(r"\r\n|\r|\n")


@lru_cache(maxsize=None)
def linter(config: Config) -> Linter:
    return Linter(config)


def findings(path: Path, config: Config = REPLIES) -> list[tuple[int, int, int, int, str]]:
    result = linter(config).check_paths([str(path)])
    assert [str(e) for e in result.errors] == []
    return [(f.line, f.column, f.end_line, f.end_column, f.code) for f in result.findings]


def original_slice(text: str, line: int, column: int, end_line: int, end_column: int) -> str:
    """The characters of the decoded file between two 1-based positions, end exclusive."""
    starts = [0] + [m.end() for m in LINE_BREAK.finditer(text)]
    return text[starts[line - 1] + column - 1:starts[end_line - 1] + end_column - 1]


def assert_slices_match(path: Path, text: str, config: Config = REPLIES) -> None:
    """For verbatim formats: the original characters under every finding are its text."""
    result = linter(config).check_paths([str(path)])
    assert result.findings
    for f in result.findings:
        assert original_slice(text, f.line, f.column, f.end_line, f.end_column) == f.text, f


def write(path: Path, text: str, encoding: str = "utf-8", newline: str = "\n") -> Path:
    text = text.replace("\n", newline)
    if encoding == "utf-16-be-bom":
        data = codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    elif encoding == "utf-16-le-bom":
        data = codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    else:
        data = text.encode(encoding)
    path.write_bytes(data)
    return path


# --- .txt -----------------------------------------------------------------------------------

TXT = (
    "# scriptlint: industry=finance\n"
    "机器人：这款产品保本保息\n"
    "[客户]保本吗？\n"
    "【坐席】絕對無*風*險\n"
    "機器人：本产品保 本\n"
    "AI: 保\u200b本\n"
    "User: 保本\n"
    "   客服：本产品无风险\n"
)
TXT_EXPECTED = [
    (2, 9, 2, 11, "SL302"),   # 保本 after 机器人： (4 characters)
    (2, 11, 2, 13, "SL302"),  # 保息
    (4, 5, 4, 7, "SL303"),    # 絕對 after 【坐席】
    (4, 7, 4, 12, "SL302"),   # 無*風*險
    (5, 8, 5, 11, "SL302"),   # 保 本 after Traditional 機器人：
    (6, 5, 6, 8, "SL302"),    # 保<ZWSP>本 after "AI: "
    (8, 10, 8, 13, "SL302"),  # 无风险 after three spaces and 客服：
]


def test_txt_speaker_markers_and_separator_evasions(tmp_path: Path) -> None:
    path = write(tmp_path / "script.txt", TXT)
    assert findings(path) == TXT_EXPECTED
    assert_slices_match(path, TXT)


def test_txt_roles_columns_and_utterance_text(tmp_path: Path) -> None:
    path = write(tmp_path / "script.txt", TXT)
    (script,) = read_scripts(str(path), Speakers(), pytest.fail)
    # Raw, with its line: the scenario resolver checks it like the config.
    assert script.declaration == Declaration((("industry", "finance"),), line=1)
    assert script.format_kind is Kind.SCRIPT
    assert script.has_speakers
    assert [(u.role, u.line, u.column, u.text) for u in script.utterances] == [
        (BOT, 2, 5, "这款产品保本保息"),
        (CUSTOMER, 3, 5, "保本吗？"),
        (BOT, 4, 5, "絕對無*風*險"),
        (BOT, 5, 5, "本产品保 本"),
        (BOT, 6, 5, "保\u200b本"),
        (CUSTOMER, 7, 7, "保本"),
        (BOT, 8, 7, "本产品无风险"),
    ]


def test_customer_lines_are_not_checked_for_terms_but_for_pii(tmp_path: Path) -> None:
    path = write(tmp_path / "mixed.txt", "客户：保本吗？我的电话13812345678\n坐席：保本\n")
    # 客户： is 3 characters; 保本吗？我的电话 is 8 more, so the number starts at column 12.
    assert findings(path, Config(industry=("finance",), kind="replies", select=TERM_CODES)) == [
        (1, 12, 1, 23, "SL402"),
        (2, 4, 2, 6, "SL302"),
    ]


def test_script_level_finding_sits_on_the_first_bot_line(tmp_path: Path) -> None:
    path = write(tmp_path / "opening.txt", "# 注释\n\n客户：喂？\n  机器人：这款产品保本\n")
    config = Config(industry=("finance",), select=("SL101",))
    # The whole first bot utterance: "  机器人：" is 6 characters, 这款产品保本 columns 7..13.
    assert findings(path, config) == [(4, 7, 4, 13, "SL101")]


ENCODED = "机器人：这款产品保本保息\n客户：保本吗\n【坐席】絕對無*風*險\n"
ENCODED_EXPECTED = [(1, 9, 1, 11, "SL302"), (1, 11, 1, 13, "SL302"), (3, 5, 3, 7, "SL303"), (3, 7, 3, 12, "SL302")]
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le-bom", "utf-16-be-bom", "gb18030", "gbk"]
NEWLINES = {"lf": "\n", "crlf": "\r\n", "cr": "\r"}


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("newline", list(NEWLINES))
def test_txt_every_encoding_and_newline(tmp_path: Path, encoding: str, newline: str) -> None:
    path = write(tmp_path / "enc.txt", ENCODED, encoding, NEWLINES[newline])
    assert findings(path) == ENCODED_EXPECTED


@pytest.mark.parametrize(
    ("encoding", "expected_codec", "bom"),
    [("utf-8", "utf-8", False), ("utf-8-sig", "utf-8-sig", True), ("utf-16-le-bom", "utf-16", True),
     ("utf-16-be-bom", "utf-16", True), ("gb18030", "gb18030", False), ("gbk", "gb18030", False)],
)
@pytest.mark.parametrize("newline", list(NEWLINES))
def test_decode_detects_encoding_bom_and_newline(tmp_path: Path, encoding: str, expected_codec: str, bom: bool, newline: str) -> None:
    path = write(tmp_path / "enc.txt", ENCODED, encoding, NEWLINES[newline])
    source, text = read_file(str(path))
    assert (source.encoding, source.bom, source.newline) == (expected_codec, bom, NEWLINES[newline])
    assert text == ENCODED.replace("\n", NEWLINES[newline])  # no BOM character left in the text


def test_gbk_after_a_long_ascii_head_is_still_read(tmp_path: Path) -> None:
    # The sniffed head is pure ASCII; the GBK text only comes after it.
    head = "# scriptlint comment line\n" * (SNIFF_BYTES // 26 + 10)
    lines = head.count("\n")
    path = tmp_path / "late.txt"
    path.write_bytes(head.encode("ascii") + "机器人：这款产品保本\n".encode("gbk"))
    assert findings(path) == [(lines + 1, 9, lines + 1, 11, "SL302")]


def test_only_cr_lf_and_crlf_end_lines(tmp_path: Path) -> None:
    # \u2028, \x0c and \x85 are characters inside a line, not line ends (as for every other
    # format and for the file's own line numbers).
    text = "# scriptlint: industry=finance\n保本\u2028啊\n\x0c保本\n机器人：保本\x85保本\n保本\n"
    path = write(tmp_path / "seps.txt", text)
    assert findings(path) == [
        (2, 1, 2, 3, "SL302"),
        (3, 2, 3, 4, "SL302"),
        (4, 5, 4, 7, "SL302"),
        (4, 8, 4, 10, "SL302"),
        (5, 1, 5, 3, "SL302"),
    ]


def test_check_text_api_positions() -> None:
    found = linter(REPLIES).check_text("这款产品保 本，無*風*險")
    assert [(f.line, f.column, f.end_line, f.end_column, f.code, f.text) for f in found] == [
        (1, 5, 1, 8, "SL302", "保 本"),
        (1, 9, 1, 14, "SL302", "無*風*險"),
    ]


# --- .md ------------------------------------------------------------------------------------

MD = (
    "<!-- scriptlint: industry=finance,education -->\n"  # 1
    "# 保本理财介绍\n"                                     # 2 heading: skipped
    "\n"                                                   # 3
    "```\n"                                                # 4
    "机器人：这款产品保本\n"                               # 5 code fence: skipped
    "```\n"                                                # 6
    "<!-- 保本\n"                                          # 7 comment: skipped
    "无风险 -->\n"                                         # 8
    "- 机器人：这款产品保本\n"                             # 9
    "1. 客服：本产品無*風*險\n"                            # 10
    "* 【坐席】１００％保過\n"                             # 11
    "> 保 本\n"                                            # 12
    "  + AI: 保过\n"                                       # 13
    "| 保本 | 表格 |\n"                                   # 14 table without a header: its last cell is the bot's
    "> - 机器人：保\u200b本\n"                             # 15
    "2) User: 保本\n"                                      # 16
)


def test_markdown_headings_fences_comments_and_list_markers(tmp_path: Path) -> None:
    path = write(tmp_path / "script.md", MD)
    assert findings(path) == [
        (9, 11, 9, 13, "SL302"),   # "- " + 机器人： = 6 characters
        (10, 10, 10, 15, "SL302"),  # "1. " + 客服： + 本产品
        (11, 7, 11, 11, "SL303"),  # １００％ (100% before 保) after "* 【坐席】"
        (11, 11, 11, 13, "SL302"),  # 保過 after "* 【坐席】１００％"
        (12, 3, 12, 6, "SL302"),   # 保 本 after "> "
        (13, 9, 13, 11, "SL302"),  # "  + AI: " is 8 characters
        (15, 9, 15, 12, "SL302"),  # "> - 机器人：" is 8 characters
    ]
    assert_slices_match(path, MD)


def test_markdown_utterances_without_their_prefixes(tmp_path: Path) -> None:
    path = write(tmp_path / "script.md", MD)
    (script,) = read_scripts(str(path), Speakers(), pytest.fail)
    assert [(u.role, u.line, u.column, u.text) for u in script.utterances] == [
        (BOT, 9, 7, "这款产品保本"),
        (BOT, 10, 7, "本产品無*風*險"),
        (BOT, 11, 7, "１００％保過"),
        (BOT, 12, 3, "保 本"),
        (BOT, 13, 9, "保过"),
        (BOT, 14, 8, "表格"),
        (BOT, 15, 9, "保\u200b本"),
        (CUSTOMER, 16, 10, "保本"),
    ]


# --- .yaml ----------------------------------------------------------------------------------

YAML_FLOW = (
    "name: 理财回访\n"              # 1
    "industry: finance\n"           # 2
    "channel: phone\n"              # 3
    "nodes:\n"                      # 4
    "  - id: greet\n"               # 5
    "    role: bot\n"               # 6
    "    say: 这款产品保本保息\n"   # 7  "    say: " is 9 characters
    "  - id: q\n"                   # 8
    "    role: user\n"              # 9
    "    say: 保本吗\n"             # 10 customer: not checked
    "  - id: dq\n"                  # 11
    '    say: "本产品無*風*險"\n'   # 12 the quote is column 10
    "  - id: sq\n"                  # 13
    "    say: '它''保 本'''\n"      # 14 '' is one quote
    "  - id: block\n"               # 15
    "    say: |\n"                  # 16
    "      第一行没问题\n"          # 17
    "      第二行保本\n"            # 18
    "  - id: folded\n"              # 19
    "    say: >-\n"                 # 20
    "      这是折叠的\n"            # 21
    "      无风险产品\n"            # 22
    "  - id: esc\n"                 # 23
    '    say: "转义\\u4fdd本"\n'    # 24 \u4fdd is 保, six characters of source
)
YAML_EXPECTED = [
    (7, 14, 7, 16, "SL302"),
    (7, 16, 7, 18, "SL302"),
    (12, 14, 12, 19, "SL302"),
    (14, 14, 14, 17, "SL302"),
    (18, 10, 18, 12, "SL302"),
    (22, 7, 22, 10, "SL302"),
    (24, 13, 24, 20, "SL302"),  # from the backslash of \u4fdd to the end of 本
]


def test_yaml_flow_plain_quoted_and_block_scalars(tmp_path: Path) -> None:
    path = write(tmp_path / "flow.yaml", YAML_FLOW)
    assert findings(path, Config(kind="replies", select=TERM_CODES)) == YAML_EXPECTED


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "gb18030"])
@pytest.mark.parametrize("newline", list(NEWLINES))
def test_yaml_flow_in_every_encoding_and_newline(tmp_path: Path, encoding: str, newline: str) -> None:
    path = write(tmp_path / "flow.yaml", YAML_FLOW, encoding, NEWLINES[newline])
    assert findings(path, Config(kind="replies", select=TERM_CODES)) == YAML_EXPECTED


def test_yaml_utterance_on_line_seven_and_scenario_settings(tmp_path: Path) -> None:
    path = write(tmp_path / "flow.yaml", YAML_FLOW)
    (script,) = read_scripts(str(path), Speakers(), pytest.fail)
    assert script.declaration == Declaration((("industry", "finance"), ("channel", "phone")))
    first = script.utterances[0]
    assert (first.id, first.role, first.line, first.column, first.offsets) == ("greet", BOT, 7, 10, None)
    assert first.locate(4) == (7, 14)
    assert [u.role for u in script.utterances] == [BOT, CUSTOMER, BOT, BOT, BOT, BOT, BOT]
    block = script.utterances[4]
    assert block.text == "第一行没问题\n第二行保本\n"
    # Every character of a block scalar sits where the file has it.
    assert [block.locate(i) for i in (0, 5, 6, 7, 10, 11)] == [(17, 7), (17, 12), (17, 13), (18, 7), (18, 10), (18, 11)]


def test_yaml_is_parsed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # The node tree (for positions) and the data are one parse: the data is built from the nodes.
    composed: list[object] = []
    real = yaml.SafeLoader.get_single_node

    def counting(loader: yaml.SafeLoader) -> object:
        composed.append(loader)
        return real(loader)

    monkeypatch.setattr(yaml.SafeLoader, "get_single_node", counting)
    script = read_flow(SourceFile("flow.yaml"), YAML_FLOW, Speakers())
    assert len(composed) == 1
    assert (script.utterances[0].line, script.utterances[0].column) == (7, 10)


def test_yaml_aliases_stay_shared_references() -> None:
    # Three levels of three aliases: 27 strings if each alias were copied; one list each here.
    levels = ["a0: &a0 [保本, 保本, 保本]"]
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 3)}]" for i in range(1, 3)]
    source = "\n".join(levels) + "\nnodes:\n  - say: 您好\n    meta: *a2\n"
    (utterance,) = read_flow(SourceFile("shared.yaml"), source, Speakers()).utterances
    # Lines 1-3 are the anchors, 4 is "nodes:"; "  - say: " is 9 characters.
    assert (utterance.text, utterance.line, utterance.column) == ("您好", 5, 10)
    level = utterance.extra["meta"]
    for _ in range(2):
        assert all(item is level[0] for item in level)  # one shared list, not three copies
        level = level[0]


def test_a_yaml_alias_bomb_fails_fast_naming_the_line_and_the_limit() -> None:
    import time

    from scriptlint.model import InputError
    from scriptlint.readers.flow import ALIAS_LIMIT

    # Billion laughs: nine levels of nine aliases would be 9**9 strings wherever the data is
    # walked or printed (a declaration, a role or an id is turned into a string).
    levels = ["a0: &a0 [保本, 保本, 保本, 保本, 保本, 保本, 保本, 保本, 保本]"]
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    source = "\n".join(levels) + "\nindustry: *a9\nnodes:\n  - say: 您好\n    role: *a9\n"
    began = time.perf_counter()
    with pytest.raises(InputError) as caught:
        read_flow(SourceFile("bomb.yaml"), source, Speakers())
    assert time.perf_counter() - began < 2
    # Sizes in nodes and characters: a0 is 1 + 9 * (1 + 2) = 28, each level 1 + 9 times the one
    # below (253, 2278, 20503, 184528). Lines 2-5 repeat 9 * (28 + 253 + 2278 + 20503) = 207558;
    # the fifth alias of a4 on line 6 passes 1,000,000.
    assert caught.value.line == 6
    assert f"too many YAML aliases: they repeat more than {ALIAS_LIMIT:,} nodes and characters" in caught.value.message


def test_a_recursive_yaml_alias_is_an_error() -> None:
    from scriptlint.model import InputError

    for source, line in (("a: &a [1, *a]\nnodes: []\n", 1), ("nodes:\n  - &n {say: 您好, next: *n}\n", 2)):
        with pytest.raises(InputError, match="recursive alias") as caught:
            read_flow(SourceFile("loop.yaml"), source, Speakers())
        assert caught.value.line == line


def test_flow_declaration_keeps_lists_and_scalars_raw(tmp_path: Path) -> None:
    path = write(tmp_path / "flow.yaml", "industry: [finance, education]\nkind: replies\nchannel: 5\nnodes: []\n")
    (script,) = read_scripts(str(path), Speakers(), pytest.fail)
    assert script.declaration == Declaration((("industry", ("finance", "education")), ("channel", "5"),
                                              ("kind", "replies")))
    assert script.format_kind is Kind.SCRIPT


def test_yaml_position_of_the_key_that_is_read(tmp_path: Path) -> None:
    text = (
        "nodes:\n"
        "  - text: 无关\n"          # "say" wins over "text"
        "    say: 这款保本\n"       # 3: "    say: " is 9 characters
        "  - say: 新的保本\n"       # 4: "  - say: " is 9 characters
        "    text: 无关\n"
    )
    path = write(tmp_path / "keys.yaml", text)
    assert findings(path, Config(industry=("finance",), kind="replies", select=TERM_CODES)) == [
        (3, 12, 3, 14, "SL302"),
        (4, 12, 4, 14, "SL302"),
    ]


@pytest.mark.parametrize(("name", "text", "line", "message"), [
    # Which of two texts was checked must not be the parser's silent choice.
    ("twice.yaml", "nodes:\n  - say: 旧的\n    say: 新的保本\n", 3, "found the key 'say' twice"),
    ("twice.json", '{"nodes": [\n  {"say": "旧的",\n   "say": "新的保本"}]}', 3, "the key 'say' is given twice"),
    ("top.json", '{"nodes": [],\n "nodes": [{"say": "保本"}]}', 2, "the key 'nodes' is given twice"),
])
def test_a_key_given_twice_is_an_error_naming_it(tmp_path: Path, name: str, text: str, line: int, message: str) -> None:
    path = write(tmp_path / name, text)
    result = linter(REPLIES).check_paths([str(path)])
    assert [(e.line, message in e.message) for e in result.errors] == [(line, True)], result.errors
    assert result.findings == []


def test_keys_given_once_in_each_of_two_objects_are_not_twice(tmp_path: Path) -> None:
    path = write(tmp_path / "two.json", '{"nodes": [{"say": "保本", "id": "a"}, {"say": "保本", "id": "b"}]}')
    # '{"nodes": [{"say": "' is 20 characters; '保本", "id": "a"}, {"say": "' 26 more.
    assert [f[:2] for f in findings(path)] == [(1, 21), (1, 47)]


def test_merged_yaml_keys_may_be_overridden(tmp_path: Path) -> None:
    path = write(tmp_path / "merge.yaml", "base: &b {role: customer, say: 无关}\nnodes:\n  - <<: *b\n    say: 保本\n")
    (script,) = read_scripts(str(path), Speakers(), pytest.fail)
    assert [(u.text, u.role) for u in script.utterances] == [("保本", CUSTOMER)]


YAML_MULTILINE = (
    "industry: finance\n"                                 # 1
    "nodes:\n"                                            # 2
    '  - say: "转义\\n换行以后产品的收益也是保本的"\n'    # 3
    '  - say: "多行\n'                                    # 4
    '      双引号保本"\n'                                 # 5
    "  - say: 普通多行\n"                                 # 6
    "      文本保本\n"                                    # 7
    "  - say: '单引号\n"                                  # 8
    "      多行保本'\n"                                   # 9
    '  - say: "制表\\t符号保本"\n'                        # 10
    "  - say: >\n"                                        # 11
    "      折叠\n"                                        # 12
    "      无风险\n"                                      # 13
    '  - say: "\\u4fdd\\u672c保本"\n'                     # 14
)


@pytest.mark.parametrize("newline", list(NEWLINES))
def test_yaml_multiline_scalars_escapes_and_folding(tmp_path: Path, newline: str) -> None:
    path = write(tmp_path / "multi.yaml", YAML_MULTILINE, newline=NEWLINES[newline])
    assert findings(path, Config(kind="replies", select=TERM_CODES)) == [
        (3, 26, 3, 28, "SL302"),   # "  - say: \"" is 10 characters, 转义\n换行以后产品的收益也是 is 15 more
        (5, 10, 5, 12, "SL302"),
        (7, 9, 7, 11, "SL302"),
        (9, 9, 9, 11, "SL302"),
        (10, 17, 10, 19, "SL302"),
        (13, 7, 13, 10, "SL302"),
        (14, 11, 14, 23, "SL302"),  # \u4fdd\u672c: 12 characters of source
        (14, 23, 14, 25, "SL302"),
    ]


# --- .json ----------------------------------------------------------------------------------

JSON_FLOW = (
    "{\n"                                                      # 1
    '  "name": "json flow",\n'                                 # 2
    '  "industry": ["finance"],\n'                             # 3
    '  "nodes": [\n'                                           # 4
    '    {"id": "a", "say": "这款产品保本"},\n'                # 5 the value starts at column 25
    '    {"id": "b", "role": "user", "say": "保本吗"},\n'      # 6
    '    {"id": "c", "say": "第一行\\n無*風*險"},\n'          # 7
    '    {"id": "d", "say": "带\\"引号\\"的保本"},\n'          # 8
    '    {"id": "e", "say": "保本"},\n'                        # 9
    '    {"id": "f", "say": "\\u4fdd\\u672c"}\n'              # 10
    "  ]\n"
    "}\n"
)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "gb18030"])
@pytest.mark.parametrize("newline", list(NEWLINES))
def test_json_flow_with_escapes(tmp_path: Path, encoding: str, newline: str) -> None:
    path = write(tmp_path / "flow.json", JSON_FLOW, encoding, NEWLINES[newline])
    assert findings(path, Config(kind="replies", select=TERM_CODES)) == [
        (5, 29, 5, 31, "SL302"),
        (7, 30, 7, 35, "SL302"),  # after 第一行 and the two characters of \n
        (8, 33, 8, 35, "SL302"),  # each \" is two characters
        (9, 25, 9, 27, "SL302"),
        (10, 25, 10, 37, "SL302"),  # \u4fdd\u672c, up to the closing quote
    ]


def test_json_flow_same_value_under_another_key_first(tmp_path: Path) -> None:
    text = '{"nodes": [{"note": "保本", "say": "保本"}]}\n'
    path = write(tmp_path / "dup.json", text)
    # The literal of "say": {"nodes": [{"note": "保本", "say": " is 34 characters; not the
    # identical "note" literal at column 22 before it.
    assert findings(path, Config(industry=("finance",), kind="replies", select=TERM_CODES)) == [(1, 35, 1, 37, "SL302")]


# --- .jsonl ---------------------------------------------------------------------------------

JSONL = (
    '{"call_id": "c1", "role": "bot", "text": "您好，我是智能客服机器人。", "start": 0}\n'   # 1
    '{"call_id": "c1", "role": "user", "text": "保本吗？"}\n'                                  # 2
    '{"call_id": "c1", "role": "bot", "text": "这款产品保本保息"}\n'                           # 3
    "\n"                                                                                       # 4
    '{"call_id": "c2", "role": "bot", "text": "產品無*風*險"}\n'                               # 5
    '{"call_id": "c2", "role": "bot", "text": "他说\\"保本\\"哦"}\n'                           # 6
    '{"call_id": "c2", "role": "bot", "text": "\\u4fdd\\u672c保本"}\n'                         # 7
    '{"call_id": "c2", "role": "assistant", "text": "第一行\\n保本"}\n'                        # 8
)
# '{"call_id": "c1", "role": "bot", "text": "' is 42 characters: the text starts at column 43.
JSONL_EXPECTED = [
    (3, 47, 3, 49, "SL302"),
    (3, 49, 3, 51, "SL302"),
    (5, 45, 5, 50, "SL302"),
    (6, 47, 6, 49, "SL302"),
    (7, 43, 7, 55, "SL302"),
    (7, 55, 7, 57, "SL302"),
    (8, 54, 8, 56, "SL302"),  # "assistant" makes the prefix 48 characters
]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "gb18030"])
@pytest.mark.parametrize("newline", list(NEWLINES))
def test_jsonl_calls_and_positions(tmp_path: Path, encoding: str, newline: str) -> None:
    path = write(tmp_path / "calls.jsonl", JSONL, encoding, NEWLINES[newline])
    assert findings(path, Config(industry=("finance",), kind="replies", select=TERM_CODES)) == JSONL_EXPECTED


def test_jsonl_groups_turns_by_call_id(tmp_path: Path) -> None:
    path = write(tmp_path / "calls.jsonl", JSONL)
    scripts = list(read_scripts(str(path), Speakers(), pytest.fail))
    assert [(s.call_id, [u.line for u in s.utterances]) for s in scripts] == [("c1", [1, 2, 3]), ("c2", [5, 6, 7, 8])]
    assert [u.role for u in scripts[0].utterances] == [BOT, CUSTOMER, BOT]
    assert scripts[0].utterances[0].start == 0.0


def test_jsonl_script_level_finding_per_call(tmp_path: Path) -> None:
    path = write(tmp_path / "calls.jsonl", JSONL)
    # c1 discloses the robot; c2 does not: SL101 covers c2's first bot utterance, 產品無*風*險.
    assert findings(path, Config(select=("SL101",))) == [(5, 43, 5, 50, "SL101")]


def test_jsonl_text_key_not_another_key_with_the_same_string(tmp_path: Path) -> None:
    path = write(tmp_path / "dup.jsonl", '{"intent": "保本", "text": "保本"}\n')
    # {"intent": "保本", "text": " is 26 characters.
    assert findings(path, Config(industry=("finance",), kind="replies", select=TERM_CODES)) == [(1, 27, 1, 29, "SL302")]


# --- .csv -----------------------------------------------------------------------------------

CSV = (
    "id,话术,备注\n"                    # 1
    "1,这款产品保本,无风险\n"           # 2 备注 is not checked
    '2,"第一行\n'                       # 3
    '第二行無*風*險",x\n'              # 4
    '3,"带""引号""的保本",\n'           # 5
    "\n"                                # 6
    "4,  保过 ,\n"                      # 7
)
CSV_EXPECTED = [(2, 7, 2, 9, "SL302"), (4, 4, 4, 9, "SL302"), (5, 12, 5, 14, "SL302"), (7, 5, 7, 7, "SL302")]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "gb18030"])
@pytest.mark.parametrize("newline", list(NEWLINES))
def test_csv_quoted_multiline_fields(tmp_path: Path, encoding: str, newline: str) -> None:
    path = write(tmp_path / "replies.csv", CSV, encoding, NEWLINES[newline])
    assert findings(path, Config(industry=("finance", "education"), select=TERM_CODES)) == CSV_EXPECTED


def test_csv_rows_are_standalone_bot_replies(tmp_path: Path) -> None:
    path = write(tmp_path / "replies.csv", CSV)
    (script,) = read_scripts(str(path), Speakers(), pytest.fail)
    assert script.format_kind is Kind.REPLIES and script.declaration is None
    assert [(u.role, u.line, u.column, u.text) for u in script.utterances] == [
        (BOT, 2, 3, "这款产品保本"),
        (BOT, 3, 4, "第一行\n第二行無*風*險"),
        (BOT, 5, 4, '带"引号"的保本'),
        (BOT, 7, 3, "  保过 "),
    ]
    assert script.utterances[0].extra == {"id": "1", "备注": "无风险"}


def test_csv_text_column_after_a_column_with_the_same_words(tmp_path: Path) -> None:
    text = '备注,reply\n保本,"这款""保本"""\n保本,保本\n'
    path = write(tmp_path / "later.csv", text)
    # Line 2: 保本,"这款""保本""" -> 保 of the reply is column 9; line 3: column 4, not 1.
    assert findings(path, Config(industry=("finance",), select=TERM_CODES)) == [(2, 9, 2, 11, "SL302"), (3, 4, 3, 6, "SL302")]


@pytest.mark.parametrize("header", ["text", "reply", "say", "话术", "回复", " Text "])
def test_csv_text_column_names(tmp_path: Path, header: str) -> None:
    path = write(tmp_path / "h.csv", f"id,{header}\n1,保本\n")
    assert findings(path, Config(industry=("finance",), select=TERM_CODES)) == [(2, 3, 2, 5, "SL302")]


# --- the command line -----------------------------------------------------------------------


def test_cli_json_positions_for_utf16_crlf(tmp_path: Path) -> None:
    path = write(tmp_path / "u16.txt", ENCODED, "utf-16", "\r\n")
    run = subprocess.run(
        [sys.executable, "-m", "scriptlint", "check", "--isolated", "--format", "json", "--kind", "replies",
         "--industry", "finance", "--select", ",".join(TERM_CODES), "-j", "1", str(path)],
        capture_output=True, text=True, encoding="utf-8", cwd=tmp_path,
    )
    assert run.returncode == 1, run.stderr
    payload = json.loads(run.stdout)
    assert [(f["line"], f["column"], f["end_line"], f["end_column"], f["code"], f["text"]) for f in payload["findings"]] == [
        (1, 9, 1, 11, "SL302", "保本"),
        (1, 11, 1, 13, "SL302", "保息"),
        (3, 5, 3, 7, "SL303", "絕對"),
        (3, 7, 3, 12, "SL302", "無*風*險"),
    ]
    assert payload["errors"] == []


def test_cli_runner_text_output_for_gbk_markdown(tmp_path: Path) -> None:
    path = write(tmp_path / "gbk.md", "# 标题\n- 机器人：这款产品保本\n", "gbk", "\r\n")
    result = CliRunner().invoke(app, ["check", "--isolated", "--no-color", "--kind", "replies", "--industry", "finance",
                                      "--select", "SL302", "-j", "1", str(path)])
    assert result.exit_code == 1
    assert f"{path}:2:11: SL302" in result.output


# --- property: every reader maps characters back to where the file has them ----------------

VALUE_ALPHABET = list("保本无風險過机器人这款ABCabc123 ，。！？'\"\\:#-*") + ["\t", "\n", "\u3000", "é", "😀"]
values = st.text(alphabet=st.sampled_from(VALUE_ALPHABET), min_size=1, max_size=50).filter(
    lambda v: v.strip() and not v.startswith(" ") and "\t" not in v.strip("\n")
)


class Styled(str):
    style: str | None = None


def _represent(dumper: yaml.SafeDumper, data: Styled) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(data), style=data.style)


class StyledDumper(yaml.SafeDumper):
    pass


StyledDumper.add_representer(Styled, _represent)


def _char_at(source: str, line: int, column: int) -> str:
    lines = LINE_BREAK.split(source)
    row = lines[line - 1]
    return row[column - 1] if column - 1 < len(row) else "\n"


def _assert_located(utterance, source: str, escapes: bool) -> None:  # noqa: ANN001
    value = utterance.text
    positions = [utterance.locate(i) for i in range(len(value) + 1)]
    assert positions == sorted(positions)
    for i, ch in enumerate(value):
        if ch.isspace() or ch in "'\"\\":
            continue  # quotes, backslashes and folded whitespace are written in several ways
        found = _char_at(source, *positions[i])
        assert found == ch or (escapes and found == "\\"), (i, ch, found, positions[i])
        assert positions[i + 1] > positions[i]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values, st.sampled_from([None, "'", '"', "|", ">"]), st.booleans(), st.sampled_from(["\n", "\r\n"]))
def test_yaml_values_map_back_to_their_characters(value: str, style: str | None, unicode: bool, newline: str) -> None:
    styled = Styled(value)
    styled.style = style
    source = yaml.dump({"nodes": [{"id": "x", "say": styled}]}, Dumper=StyledDumper, allow_unicode=unicode, width=20)
    source = source.replace("\n", newline)
    (utterance,) = read_flow(SourceFile("x.yaml"), source, Speakers()).utterances
    assert utterance.text == value
    _assert_located(utterance, source, escapes=True)


@settings(max_examples=150, deadline=None)
@given(values, st.booleans(), st.integers(0, 3))
def test_json_values_map_back_to_their_characters(value: str, ascii_only: bool, indent: int) -> None:
    source = json.dumps({"nodes": [{"id": "x", "note": value, "say": value}]}, ensure_ascii=ascii_only, indent=indent or None)
    (utterance,) = read_flow(SourceFile("x.json"), source, Speakers()).utterances
    assert utterance.text == value
    _assert_located(utterance, source, escapes=True)
    raw = json.dumps({"call_id": "c", "text": value}, ensure_ascii=ascii_only)
    _, turn = _turn("x.jsonl", raw, 3, Speakers())
    assert (turn.line, turn.text) == (3, value)
    _assert_located(turn, "\n\n" + raw, escapes=True)


@settings(max_examples=150, deadline=None)
@given(st.lists(values, min_size=1, max_size=4), st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]), st.sampled_from(["\n", "\r\n"]))
def test_csv_values_map_back_to_their_characters(rows: list[str], quoting: int, newline: str) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=quoting, lineterminator=newline)
    writer.writerow(["note", "text"])
    for value in rows:
        writer.writerow([value, value])
    source = buffer.getvalue()
    script = read_replies(SourceFile("x.csv"), source)
    assert [u.text for u in script.utterances] == [v for v in rows if v.strip()]
    for utterance in script.utterances:
        _assert_located(utterance, source, escapes=False)


# --- property: findings in a script point at exactly the characters they report -----------

TERMS = ["保本", "保息", "無風險", "保過", "包就業", "绝对", "百分之百", "100%保证", "稳赚"]
# Separators, and invisible characters: combining marks, bidi and format controls, selectors.
SEPARATORS_IN_TERMS = ["", " ", "*", "\u200b", "\u3000", "·", "-", "_", "／", "\u0301", "\u202e", "\u200f",
                       "\u2066", "\u00ad", "\ufe0f", "\U000e0100"]
NOT_A_TERM_EDGE = " *\u200b\u3000·-_／\u0301\u202e\u200f\u2066\u00ad\ufe0f\U000e0100"
MARKERS = ["", "机器人：", "[客户]", "【坐席】", "機器人：", "AI: ", "User: ", "客户：", "  "]
FILLER = ["您好，", "这款产品", "本产品", "。", "，", "请问", "確保本金", "ＡＢＣ", "不保本", "我是智能客服机器人",
          "👨\u200d👩\u200d👧", "👍\ufe0f", "1\ufe0f\u20e3", "\u202b"]


@st.composite
def evasive_terms(draw: st.DrawFn) -> str:
    term = draw(st.sampled_from(TERMS))
    separator = draw(st.sampled_from(SEPARATORS_IN_TERMS))
    return separator.join(term)


script_lines = st.builds(
    lambda marker, parts: marker + "".join(parts),
    st.sampled_from(MARKERS),
    st.lists(st.one_of(st.sampled_from(FILLER), evasive_terms()), min_size=1, max_size=5),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(script_lines, min_size=1, max_size=6), st.sampled_from(["\n", "\r\n", "\r"]))
def test_script_findings_cover_exactly_their_original_characters(lines: list[str], newline: str) -> None:
    text = newline.join(lines) + newline
    config = Config(industry=("finance", "education"), show_pii=True)
    found = linter(config).check_text(text, kind="script")
    for f in found:
        assert (f.line, f.column) < (f.end_line, f.end_column) or f.text == ""
        assert original_slice(text, f.line, f.column, f.end_line, f.end_column) == f.text, f
        if f.code in ("SL302", "SL303"):
            # A term finding starts and ends on a character of the term, never on a separator.
            assert f.text[0] not in NOT_A_TERM_EDGE and f.text[-1] not in NOT_A_TERM_EDGE, f


def test_a_hash_line_is_a_comment_unless_a_latin_letter_or_digit_follows() -> None:
    from scriptlint.model import SourceFile
    from scriptlint.readers.speakers import Speakers
    from scriptlint.readers.text import read_text

    script = read_text(SourceFile("t.txt"), "# a comment\n#开场白\n#E1您好，请稍等\n## heading\n#\n",
                       Speakers.with_extra((), ()))
    assert [(u.text, u.line, u.column) for u in script.utterances] == [("#E1您好，请稍等", 3, 1)]


def test_a_declaration_after_a_title_comment_still_counts() -> None:
    from scriptlint.model import SourceFile
    from scriptlint.readers.speakers import Speakers
    from scriptlint.readers.text import read_text

    text = "# 理财外呼话术 v2\n\n# scriptlint: industry=finance direction=outbound\n机器人：您好。\n# scriptlint: industry=education\n"
    script = read_text(SourceFile("t.txt"), text, Speakers.with_extra((), ()))
    assert script.declaration is not None and script.declaration.line == 3
    assert dict(script.declaration.values)["industry"] == "finance"
    assert [u.line for u in script.utterances] == [4]


def test_list_numbers_before_a_speaker_marker_are_stripped_in_plain_text() -> None:
    from scriptlint.model import CUSTOMER, SourceFile
    from scriptlint.readers.speakers import Speakers
    from scriptlint.readers.text import read_text

    text = "1. 客户：你们是哪家公司？\n2. 机器人：我是星河银行的智能客服。\n3. 这一行没有说话人标记\n"
    script = read_text(SourceFile("t.txt"), text, Speakers.with_extra((), ()))
    assert [(u.role, u.line, u.column, u.text[:2]) for u in script.utterances] == [
        (CUSTOMER, 1, 7, "你们"), ("bot", 2, 8, "我是"), ("bot", 3, 1, "3.")]


def test_utf32_with_a_bom_is_decoded() -> None:
    from scriptlint.readers.decode import decode_bytes

    for codec in ("utf-32-le", "utf-32-be"):
        bom = "\ufeff".encode(codec)
        source, text = decode_bytes("t.txt", bom + "机器人：您好\n".encode(codec))
        assert (source.encoding, source.bom, text) == ("utf-32", True, "机器人：您好\n")


def test_a_duplicate_text_column_is_an_error_naming_the_header(tmp_path) -> None:  # noqa: ANN001
    import pytest

    from scriptlint.model import InputError, SourceFile
    from scriptlint.readers.replies import read_replies

    with pytest.raises(InputError, match="names the text column 'text' twice") as caught:
        read_replies(SourceFile("r.csv"), "id,text,text\n1,您好,再见\n")
    assert caught.value.line == 1


# --- speaker markers: which first characters can start one ----------------------------------

_MARKER_TARGETS = frozenset(n[0] for n in Speakers().roles if n) | {"[", "【"}


@settings(max_examples=3000, deadline=None)
@given(st.characters(exclude_categories=("Cs",)))
def test_marker_starts_are_exactly_the_characters_folding_to_one(character: str) -> None:
    """The reader looks a line's first character up as it is written (so a plain line never
    loads the folding tables): the table must hold every character whose folded form starts a
    marker, and nothing else."""
    from scriptlint.readers.speakers import fold_simplified

    assert (character in Speakers()._marker_starts) == (fold_simplified(character) in _MARKER_TARGETS)


def test_marker_starts_in_the_basic_plane_are_exactly_those_folding_to_one() -> None:
    """Every character of the Basic Multilingual Plane, where the markers and their full-width,
    Traditional and compatibility forms live (the test above samples the other planes too)."""
    from scriptlint.readers.speakers import fold_simplified

    starts = Speakers()._marker_starts
    wrong = [c for c in map(chr, range(0x10000)) if not 0xD800 <= ord(c) < 0xE000
             and (c in starts) != (fold_simplified(c) in _MARKER_TARGETS)]
    assert wrong == []


@pytest.mark.parametrize(("line", "role", "offset"), [
    ("機器人：您好", BOT, 4),          # Traditional marker
    ("ＡＩ：您好", BOT, 3),            # full-width letters
    ("［客戶］ 您好", CUSTOMER, 5),    # full-width bracket, Traditional
    ("Ａｇｅｎｔ: 您好", BOT, 7),
    ("客户服务很好", None, 0),         # starts like a marker, is not one
    ("您好", None, 0),
])
def test_marker_lines_written_in_other_forms(line: str, role: str | None, offset: int) -> None:
    assert Speakers().split(line) == (role, offset)
