"""Suppression directives on every input format: what they silence (exact lines, codes and
categories), their reasons in the results, file-level directives, `require-reason`, and the
findings about the directives themselves (SL900 unused, SL901 invalid, SL902 without reason) at
the directive's exact position.

Positions are computed from the text each test writes (1-based, end exclusive), never copied
from a run."""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import docx
import openpyxl
import pytest
from typer.testing import CliRunner

from scriptlint import Linter
from scriptlint.cli import app
from scriptlint.config import Config
from scriptlint.model import InputError, Kind, Suppressed
from scriptlint.readers import Speakers, read_scripts
from scriptlint.readers.directives import Directive, find_comment, parse_value

# The per-line rules that the texts below trigger, and the suppression rules (by their category).
SELECTED = ("SL302", "SL303", "SL402", "suppression")
DEADLINE = "您的退款会在24小时内到账。"  # SL303 on 24小时内到账
MATCH = "24小时内到账"
PHONE = "您登记的手机号是13812345678。"  # SL402


@cache
def linter(**settings: object) -> Linter:
    return Linter(Config(select=SELECTED, **settings))  # type: ignore[arg-type]


def lint(path: Path, **settings: object) -> list[tuple[int, int, str, Suppressed | None]]:
    """(line, column, code, suppressed) of every finding of the file, in order."""
    result = linter(**settings).check_file(str(path))
    assert [str(e) for e in result.errors] == []
    return [(f.line, f.column, f.code, f.suppressed) for f in result.findings]


def write(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def column(line: str, part: str) -> int:
    return line.index(part) + 1


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["check", "--isolated", "--no-color", "-j", "1", "--select", ",".join(SELECTED),
                                      *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


# --- text scripts -----------------------------------------------------------------------------


def test_txt_directive_on_the_line_before_and_at_the_end_of_the_line(tmp_path: Path) -> None:
    trailing = f"机器人：{DEADLINE}  # scriptlint: ignore[SL303] 行尾说明"
    path = write(tmp_path / "a.txt",
                 "# scriptlint: ignore[SL303] 到账时效经法务确认 2026-11",
                 f"机器人：{DEADLINE}",
                 trailing,
                 f"机器人：{DEADLINE}")
    assert lint(path) == [
        (2, 11, "SL303", Suppressed("到账时效经法务确认 2026-11", 1)),
        (3, 11, "SL303", Suppressed("行尾说明", 3)),
        (4, 11, "SL303", None),  # a directive covers one line only
    ]


def test_txt_directive_covers_the_next_line_with_text_past_blanks_and_comments(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt",
                 "# scriptlint: ignore[SL303] 两条指令叠放",
                 "# scriptlint: ignore[SL402] 测试号码",
                 "",
                 "# 第二段",
                 f"机器人：{DEADLINE}{PHONE}")
    codes = {code: suppressed for _, _, code, suppressed in lint(path)}
    assert codes == {"SL303": Suppressed("两条指令叠放", 1), "SL402": Suppressed("测试号码", 2)}


def test_codes_and_categories_full_width_and_no_reason(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt",
                 "# scriptlint: ignore[false-promise, pii-exposure] 类别写法",
                 f"机器人：{DEADLINE}{PHONE}",
                 "＃ scriptlint：ignore［SL303，SL402］",
                 f"机器人：{DEADLINE}{PHONE}")
    assert [(line, code, s) for line, _, code, s in lint(path)] == [
        (2, "SL303", Suppressed("类别写法", 1)),
        (2, "SL402", Suppressed("类别写法", 1)),
        (4, "SL303", Suppressed(None, 3)),
        (4, "SL402", Suppressed(None, 3)),
    ]


def test_unused_code_is_reported_at_the_directive(tmp_path: Path) -> None:
    directive = "# scriptlint: ignore[SL303, SL402] 号码已删"
    trailing_line = f"机器人：好的。 {directive}"
    path = write(tmp_path / "a.txt", f"机器人：{DEADLINE}", f"  {directive}", f"机器人：{DEADLINE}", trailing_line)
    result = linter().check_file(str(path))
    unused = [f for f in result.findings if f.code == "SL900"]
    assert [(f.line, f.column, f.end_line, f.end_column) for f in unused] == [
        (2, 3, 2, 3 + len(directive)),
        (4, column(trailing_line, "#"), 4, column(trailing_line, "#") + len(directive)),
    ]
    # The first directive silenced SL303 on line 3, not SL402; the second nothing at all.
    assert "SL402" in unused[0].message and "SL303" not in unused[0].message
    assert "SL303, SL402" in unused[1].message
    assert unused[0].category == "suppression" and unused[0].text == directive


def test_directive_with_nothing_after_it_is_unused(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", f"机器人：{DEADLINE}", "# scriptlint: ignore[SL303] 放错了地方")
    assert [(line, code) for line, _, code, _ in lint(path)] == [(1, "SL303"), (2, "SL900")]


def test_invalid_directives_are_reported_and_silence_only_what_they_name_correctly(tmp_path: Path) -> None:
    lines = ["# scriptlint: ignore[SL999, false-promise] 一个错码",
             f"机器人：{DEADLINE}",
             "# scriptlint: ignore 没有写代码",
             f"机器人：{DEADLINE}",
             "# scriptlint: ignore[SL900, suppression] 想关掉检查本身",
             f"机器人：{DEADLINE}"]
    path = write(tmp_path / "a.txt", *lines)
    found = linter().check_file(str(path)).findings
    assert [(f.line, f.column, f.code, f.suppressed is not None) for f in found] == [
        (1, 1, "SL901", False),  # SL999 unknown
        (2, 11, "SL303", True),  # false-promise still applies
        (3, 1, "SL901", False),  # no code
        (4, 11, "SL303", False),
        (5, 1, "SL901", False),  # SL900: suppression rules cannot be suppressed
        (5, 1, "SL901", False),  # the suppression category either
        (6, 11, "SL303", False),
    ]
    assert [f.end_column for f in found if f.code == "SL901"] == [1 + len(lines[0]), 1 + len(lines[2]),
                                                                    1 + len(lines[4]), 1 + len(lines[4])]
    assert "SL999" in found[0].message and "ignore[SL302]" in found[2].message


def test_an_unused_suppression_finding_cannot_be_suppressed(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", "# scriptlint: file-ignore[SL900] 不想看", "机器人：好的。",
                 "# scriptlint: ignore[SL303] 多余")
    codes = [(line, code, s) for line, _, code, s in lint(path)]
    assert codes == [(1, "SL901", None), (3, "SL900", None)]


def test_file_level_directive_anywhere_and_inline_wins(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt",
                 f"机器人：{DEADLINE}",
                 "# scriptlint: ignore[SL303] 这一行另有理由",
                 f"机器人：{DEADLINE}",
                 "# scriptlint: file-ignore[SL303] 整个文件：旧话术归档")
    assert lint(path) == [
        (1, 11, "SL303", Suppressed("整个文件：旧话术归档", 4, file_level=True)),
        (3, 11, "SL303", Suppressed("这一行另有理由", 2)),
    ]


def test_file_level_directive_before_the_declaration_and_script_rules(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt",
                 "# scriptlint: file-ignore[SL101, SL104] 内部测试话术",
                 "# scriptlint: channel=phone direction=outbound",
                 "机器人：本次来电是想提醒您账单即将到期，如不需要可以直接说“不需要”或按1键结束通话。")
    found = Linter(Config(select=("SL1", "suppression"))).check_file(str(path)).findings
    assert [(f.line, f.code, f.suppressed is not None) for f in found] == [(3, "SL101", True), (3, "SL104", True)]


def test_selection_decides_before_suppression(tmp_path: Path) -> None:
    """A code whose rule does not run on the file is not reported unused; the suppression
    rules are selected and ignored like any other."""
    path = write(tmp_path / "a.txt", "# scriptlint: ignore[SL303, SL402] 理由", "机器人：好的。")
    assert [code for _, _, code, _ in lint(path)] == ["SL900"]
    only_terms = Linter(Config(select=("SL302", "SL303", "suppression"))).check_file(str(path)).findings
    assert [(f.code, "SL303" in f.message, "SL402" in f.message) for f in only_terms] == [("SL900", True, False)]
    assert Linter(Config(select=("SL303", "SL302"))).check_file(str(path)).findings == []
    assert Linter(Config(select=SELECTED, ignore=("SL900",))).check_file(str(path)).findings == []
    per_file = Config(select=SELECTED, per_file_ignores=(("*.txt", ("suppression",)),))
    assert Linter(per_file).check_file(str(path)).findings == []


def test_require_reason(tmp_path: Path) -> None:
    bare = "# scriptlint: ignore[SL303]"
    path = write(tmp_path / "a.txt", bare, f"机器人：{DEADLINE}", "# scriptlint: ignore[SL303] 有理由",
                 f"机器人：{DEADLINE}")
    assert [code for _, _, code, _ in lint(path)] == ["SL303", "SL303"]  # both silenced, no finding
    strict = linter(require_reason=True).check_file(str(path)).findings
    assert [(f.line, f.column, f.end_column, f.code, f.suppressed) for f in strict] == [
        (1, 1, 1 + len(bare), "SL902", None),
        (2, 11, 18, "SL303", Suppressed(None, 1)),  # still silenced: SL902 stands for it
        (4, 11, 18, "SL303", Suppressed("有理由", 3)),
    ]


def test_require_reason_is_a_config_key(tmp_path: Path) -> None:
    (tmp_path / "scriptlint.toml").write_text('require-reason = true\nselect = ["SL303", "suppression"]\n',
                                              encoding="utf-8")
    write(tmp_path / "a.txt", "# scriptlint: ignore[SL303]", f"机器人：{DEADLINE}")
    result = CliRunner().invoke(app, ["check", "--config", str(tmp_path / "scriptlint.toml"), "--format", "json",
                                      str(tmp_path / "a.txt")])
    payload = json.loads(result.stdout)
    assert [f["code"] for f in payload["findings"]] == ["SL902", "SL303"]
    assert result.exit_code == 1


def test_markdown_comments_tables_and_fences(tmp_path: Path) -> None:
    row = f"| 多久到账 | {DEADLINE} | <!-- scriptlint: ignore[SL303] 表格行 -->"
    path = write(tmp_path / "a.md",
                 "# 退款话术",
                 "<!-- scriptlint: ignore[SL303] 注释写法 -->",
                 f"- {DEADLINE}",
                 "",
                 "| 问题 | 回复 |",
                 "| --- | --- |",
                 row,
                 f"| 多久 | {DEADLINE} |",
                 "```",
                 "# scriptlint: ignore[SL303] 代码块里的不算",
                 "```",
                 f"{DEADLINE}")
    assert lint(path) == [
        (3, 9, "SL303", Suppressed("注释写法", 2)),
        (7, column(row, MATCH), "SL303", Suppressed("表格行", 7)),
        (8, column(f"| 多久 | {DEADLINE} |", MATCH), "SL303", None),
        (12, 7, "SL303", None),
    ]


def test_docx_paragraphs_and_table_cells(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("# scriptlint: file-ignore[SL402] 测试号码")
    document.add_paragraph("# scriptlint: ignore[SL303] 法务确认")
    document.add_paragraph(f"机器人：{DEADLINE}{PHONE}")
    document.add_paragraph(f"机器人：{DEADLINE}")
    table = document.add_table(rows=2, cols=2)
    cell = f"{DEADLINE} # scriptlint: ignore[SL303] 单元格"
    for (r, c), text in {(0, 0): "问题", (0, 1): "回复", (1, 0): "多久", (1, 1): cell}.items():
        table.cell(r, c).text = text
    document.add_paragraph("# scriptlint: ignore[SL302] 多余")
    path = tmp_path / "a.docx"
    document.save(str(path))
    found = linter().check_file(str(path)).findings
    assert [(f.location, f.column, f.code, f.suppressed) for f in found] == [
        ("¶3", 11, "SL303", Suppressed("法务确认", 2)),
        ("¶3", column(f"机器人：{DEADLINE}{PHONE}", "138"), "SL402", Suppressed("测试号码", 1, file_level=True)),
        ("¶4", 11, "SL303", None),
        # the table's paragraphs: ¶5 and ¶6 (header), ¶7 and ¶8 (the row)
        ("¶8", 7, "SL303", Suppressed("单元格", 8)),
        ("¶9", 1, "SL900", None),
    ]
    assert found[-1].paragraph == 9


# --- flows ------------------------------------------------------------------------------------


def test_yaml_comments_before_on_and_inside_a_node(tmp_path: Path) -> None:
    lines = [
        "# scriptlint: file-ignore[SL402] 测试号码",
        "nodes:",
        "  - id: a",
        f"    say: {PHONE}",
        "  # scriptlint: ignore[SL303] 节点前一行",
        "  - id: b",
        f"    say: {DEADLINE}",
        f'  - say: "{DEADLINE} # scriptlint: ignore[SL303] 引号里是文字"',
        f"  - say: {DEADLINE}  # scriptlint: ignore[SL303] 行尾",
        "  - id: c",
        "    # scriptlint: ignore[SL303] 节点内部，块标量",
        "    say: |",
        "      您好，",
        f"      {DEADLINE}",
        "  - id: d",
        "    say: |",
        "      # scriptlint: ignore[SL303] 块标量里是文字",
        f"      {DEADLINE}",
    ]
    path = write(tmp_path / "flow.yaml", *lines)
    assert lint(path) == [
        (4, column(lines[3], "138"), "SL402", Suppressed("测试号码", 1, file_level=True)),
        (7, column(lines[6], MATCH), "SL303", Suppressed("节点前一行", 5)),
        (8, column(lines[7], MATCH), "SL303", None),
        (9, column(lines[8], MATCH), "SL303", Suppressed("行尾", 9)),
        (14, column(lines[13], MATCH), "SL303", Suppressed("节点内部，块标量", 11)),
        (18, column(lines[17], MATCH), "SL303", None),
    ]


def test_yaml_and_json_lint_ignore_keys(tmp_path: Path) -> None:
    flow = {
        "lint_ignore": "SL402 测试号码",
        "nodes": [
            {"id": "a", "say": PHONE},
            {"id": "b", "say": DEADLINE, "lint_ignore": "SL303 到账时效经法务确认"},
            {"id": "c", "say": DEADLINE, "lint_ignore": ["[SL303] 列表第一项", "SL302 列表第二项"]},
            {"id": "d", "goto": "b", "lint_ignore": "SL303 没有话术的节点"},
        ],
    }
    text = json.dumps(flow, ensure_ascii=False, indent=2)
    json_path = tmp_path / "flow.json"
    json_path.write_text(text, encoding="utf-8")
    lines = text.splitlines()

    def at(part: str, occurrence: int = 0) -> tuple[int, int]:
        found = [(number, column(line, part)) for number, line in enumerate(lines, start=1) if part in line]
        return found[occurrence]

    found = linter().check_file(str(json_path)).findings
    assert [(f.line, f.column, f.code, f.suppressed) for f in found] == [
        (*at("13812345678"), "SL402", Suppressed("测试号码", at("SL402 测试号码")[0], file_level=True)),
        (*at(MATCH), "SL303", Suppressed("到账时效经法务确认", at("SL303 到账")[0])),
        (*at(MATCH, 1), "SL303", Suppressed("列表第一项", at("列表第一项")[0])),
        (*at('"SL302 列表第二项"'), "SL900", None),
        (*at('"SL303 没有话术的节点"'), "SL900", None),
    ]
    assert found[3].end_column == found[3].column + len('"SL302 列表第二项"')
    script = next(read_scripts(str(json_path), Speakers(), lambda error: None))
    assert all("lint_ignore" not in u.extra for u in script.utterances)

    flow_lines = ["lint_ignore: SL402 测试号码",
                  "nodes:",
                  f"  - say: {PHONE}",
                  f"  - say: {DEADLINE}",
                  "    lint_ignore:",
                  "      - SL303 列表写法",
                  "      - SL302 多余"]
    yaml_path = write(tmp_path / "flow.yaml", *flow_lines)
    assert lint(yaml_path) == [
        (3, column(flow_lines[2], "138"), "SL402", Suppressed("测试号码", 1, file_level=True)),
        (4, column(flow_lines[3], MATCH), "SL303", Suppressed("列表写法", 6)),
        (7, 9, "SL900", None),
    ]


def test_lint_ignore_that_is_not_text_is_an_input_error(tmp_path: Path) -> None:
    path = write(tmp_path / "flow.yaml", "nodes:", f"  - say: {DEADLINE}", "    lint_ignore: 3")
    with pytest.raises(InputError) as raised:
        list(read_scripts(str(path), Speakers(), lambda error: None))
    assert (raised.value.line, raised.value.message) == (  # the line of the value
        3, "nodes[0].lint_ignore must be a text or a list of texts (codes, then the reason)")


# --- tables and transcripts -------------------------------------------------------------------


def test_csv_lint_ignore_column(tmp_path: Path) -> None:
    path = tmp_path / "replies.csv"
    path.write_text("编号,回复,lint_ignore\n"
                    f"1,{DEADLINE},SL303 到账时效经法务确认\n"
                    f"2,{DEADLINE},\n"
                    f'3,"第一行\n{DEADLINE}","SL303, SL402 多行记录"\n'
                    "4,,SL303 空行\n", encoding="utf-8")
    fifth = f'{DEADLINE}","SL303, SL402 多行记录"'
    assert lint(path) == [
        (2, 9, "SL303", Suppressed("到账时效经法务确认", 2)),
        (3, 9, "SL303", None),
        # The third record runs over lines 4 and 5; its directive silences its text's SL303.
        (5, 7, "SL303", Suppressed("多行记录", 5)),
        (5, column(fifth, "SL303, SL402"), "SL900", None),
        (6, 4, "SL900", None),  # a row without text: nothing to silence
    ]
    script = next(read_scripts(str(path), Speakers(), lambda error: None))
    assert script.utterances[0].extra == {"编号": "1"}


def test_jsonl_lint_ignore_per_turn(tmp_path: Path) -> None:
    turns = [
        {"call_id": "1", "role": "bot", "text": DEADLINE, "lint_ignore": "SL303 到账时效经法务确认"},
        {"call_id": "1", "role": "bot", "text": DEADLINE},
        {"call_id": "2", "role": "bot", "text": DEADLINE, "lint_ignore": ["SL402 没有号码"]},
        {"call_id": "2", "role": "bot", "text": "好的", "lint_ignore": {"SL303": "不是文字"}},
    ]
    lines = [json.dumps(turn, ensure_ascii=False) for turn in turns]
    path = write(tmp_path / "calls.jsonl", *lines)
    result = linter().check_file(str(path))
    assert [(e.line, e.message) for e in result.errors] == [
        (4, "lint_ignore must be a text or a list of texts (codes, then the reason)")]
    assert [(f.line, f.column, f.code, f.suppressed) for f in result.findings] == [
        (1, column(lines[0], MATCH), "SL303", Suppressed("到账时效经法务确认", 1)),
        (2, column(lines[1], MATCH), "SL303", None),
        (3, column(lines[2], MATCH), "SL303", None),
        (3, column(lines[2], '"SL402 没有号码"'), "SL900", None),
    ]


def test_xlsx_lint_ignore_column(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "FAQ"
    for row in (["编号", "回复", "lint_ignore"], [1, DEADLINE, "SL303 法务确认"], [2, DEADLINE, None],
                [3, "好的", "SL303 多余"]):
        sheet.append(row)
    path = tmp_path / "library.xlsx"
    book.save(str(path))
    found = linter().check_file(str(path)).findings
    assert [(f.location, f.column, f.code, f.suppressed) for f in found] == [
        ("FAQ!B2", 7, "SL303", Suppressed("法务确认", 2)),
        ("FAQ!B3", 7, "SL303", None),
        ("FAQ!C4", 1, "SL900", None),
    ]


# --- results ----------------------------------------------------------------------------------


def test_json_output_keeps_suppressed_findings_flagged_and_they_never_fail(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", "# scriptlint: file-ignore[SL303] 归档话术", f"机器人：{DEADLINE}",
                 f"机器人：{DEADLINE}  # scriptlint: ignore[SL303] 行尾")
    code, stdout, _ = invoke("--format", "json", str(path))
    payload = json.loads(stdout)
    assert code == 0
    assert [(f["line"], f["suppressed"]) for f in payload["findings"]] == [
        (2, {"reason": "归档话术", "line": 1, "file": True}),
        (3, {"reason": "行尾", "line": 3}),
    ]
    assert payload["summary"]["findings"] == 0 and payload["summary"]["suppressed"] == 2
    assert "baselined" not in payload["findings"][0]


def test_text_output_hides_suppressed_findings_and_counts_them(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", "# scriptlint: ignore[SL303] 法务确认", f"机器人：{DEADLINE}",
                 f"机器人：{DEADLINE}")
    code, stdout, _ = invoke(str(path))
    assert code == 1
    assert f"{path}:3:11: SL303" in stdout and f"{path}:2:11" not in stdout
    assert "发现 1 个问题" in stdout and "未显示：1 个已抑制" in stdout
    _, english, _ = invoke("--lang", "en", str(path))
    assert "not shown: 1 suppressed" in english


def test_directive_of_the_txt_reader_in_the_api(tmp_path: Path) -> None:
    findings = linter().check_text(f"# scriptlint: ignore[SL303] 理由\n机器人：{DEADLINE}", kind=Kind.SCRIPT)
    assert [(f.code, f.active, f.suppressed) for f in findings] == [("SL303", False, Suppressed("理由", 1))]
    # A standalone reply has no comments: its text is what the bot says.
    reply = linter().check_text(f"{DEADLINE} # scriptlint: ignore[SL303] 理由")
    assert [(f.code, f.active) for f in reply] == [("SL303", True)]


# --- the syntax -------------------------------------------------------------------------------


@pytest.mark.parametrize(("line", "expected"), [
    ("# scriptlint: ignore[SL303] 理由", (0, ("SL303",), "理由", False)),
    ("好的 # SCRIPTLINT : ignore [SL303;SL402]：理由", (3, ("SL303", "SL402"), "理由", False)),
    ("＃ scriptlint：file-ignore［SL303、pii-exposure］ - 理由", (0, ("SL303", "pii-exposure"), "理由", True)),
    ("<!-- scriptlint: ignore[SL303] 理由 -->  ", (0, ("SL303",), "理由", False)),
    ("# scriptlint: ignore[]", (0, (), None, False)),
])
def test_comment_syntax(line: str, expected: tuple[int, tuple[str, ...], str | None, bool]) -> None:
    comment = find_comment(line)
    assert comment is not None
    directive = comment.directive
    assert (comment.start, directive.codes, directive.reason, directive.file_level) == expected


@pytest.mark.parametrize("line", [
    "好的#scriptlint: ignore[SL303]",  # no blank before the comment: text
    "<!-- scriptlint: ignore[SL303] --> 后面还有字",
    "# scriptlint: ignored[SL303]",
    "# scriptlint: industry=finance",
    "# 开场白",
])
def test_not_a_directive(line: str) -> None:
    assert find_comment(line) is None


def test_full_width_hash_is_text_in_yaml() -> None:
    assert find_comment("say: 好的 ＃ scriptlint: ignore[SL303]", full_width=False) is None


@pytest.mark.parametrize(("value", "codes", "reason"), [
    ("SL303 到账时效经法务确认", ("SL303",), "到账时效经法务确认"),
    ("[SL303, false-promise] 理由", ("SL303", "false-promise"), "理由"),
    ("SL303,SL402：理由", ("SL303", "SL402"), "理由"),
    ("false-promise 理由", ("false-promise",), "理由"),
    ("suppression 理由", ("suppression",), "理由"),  # named, so that it is reported as such
    ("法务确认", (), "法务确认"),
    ("SL303", ("SL303",), None),
])
def test_value_syntax(value: str, codes: tuple[str, ...], reason: str | None) -> None:
    assert parse_value(value) == Directive(codes, reason)
