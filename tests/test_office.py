"""Inputs teams keep their scripts in: Excel workbooks (.xlsx), Word documents (.docx) and
Markdown Q&A tables.

Every workbook and document is built here with openpyxl or python-docx. Expected positions are
counted by hand: a workbook finding is at a cell (its row is `line`) and its column counts the
characters of the cell's text from 1; a Word finding is at a paragraph, numbered from the top of
the body (table cells' paragraphs included), its column counting the paragraph's characters.
"""
from __future__ import annotations

import json
import re
import sys
import zipfile
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
from typer.testing import CliRunner

pytest.importorskip("openpyxl")
pytest.importorskip("docx")

import docx
import openpyxl
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from scriptlint import Linter
from scriptlint.cli import app
from scriptlint.config import Config
from scriptlint.model import BOT, CUSTOMER, InputError, Kind, SourceFile, sheet_reference
from scriptlint.readers import Speakers, read_scripts
from scriptlint.readers.text import read_text
from scriptlint.readers.xlsx import cell_text, seconds

TERMS = Config(industry=("finance",), select=("SL302", "SL303"))
# Findings as (location, column, end column, code): location is Finding.location.
Found = tuple[str, int, int, str]


@cache
def linter(config: Config = TERMS) -> Linter:
    return Linter(config)


def found(path: Path, config: Config = TERMS) -> list[Found]:
    result = linter(config).check_file(str(path))
    assert [str(e) for e in result.errors] == []
    return [(f.location, f.column, f.end_column, f.code) for f in result.findings]


def workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def document(path: Path, blocks: list[str | list[list[str]]]) -> Path:
    """A .docx of paragraphs (str) and tables (rows of cells), in this order."""
    doc = docx.Document()
    for block in blocks:
        if isinstance(block, str):
            doc.add_paragraph(block)
        else:
            table = doc.add_table(rows=len(block), cols=len(block[0]))
            for r, row in enumerate(block):
                for c, text in enumerate(row):
                    table.cell(r, c).text = text
    doc.save(path)
    return path


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["check", "--isolated", "--no-color", "-j", "1", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


# --- .xlsx ------------------------------------------------------------------------------------

LIBRARY = {
    "Sheet1": [
        ["编号", "客户问题", "话术"],
        [1, "收益稳吗", "这款产品保本"],              # B2 is the customer's words: not a reply
        [2, "能保本吗", "理财有风险，投资需谨慎"],    # nothing: 保本 is in the question column
        [3, "", "您放心，这个绝对保本的"],            # row 4: 绝对 at 7..9, 保本 at 9..11
    ],
}


def test_xlsx_reply_in_a_cell_gives_the_cell_and_the_column_inside_it(tmp_path: Path) -> None:
    path = workbook(tmp_path / "replies.xlsx", LIBRARY)
    assert found(path) == [
        ("Sheet1!C2", 5, 7, "SL302"),
        ("Sheet1!C4", 7, 9, "SL303"),
        ("Sheet1!C4", 9, 11, "SL302"),
    ]
    (script,) = read_scripts(str(path), Speakers(), pytest.fail)
    assert script.format_kind is Kind.REPLIES and not script.has_speakers
    assert [(u.line, u.column, u.role, u.text) for u in script.utterances] == [
        (2, 1, BOT, "这款产品保本"), (3, 1, BOT, "理财有风险，投资需谨慎"), (4, 1, BOT, "您放心，这个绝对保本的")]
    assert script.utterances[0].extra == {"编号": "1", "客户问题": "收益稳吗"}


def test_xlsx_findings_carry_sheet_and_cell_in_json_and_text(tmp_path: Path) -> None:
    path = workbook(tmp_path / "replies.xlsx", {"话术 库": [["reply"], ["保本产品"]]})
    code, out, err = invoke("--format", "json", "--industry", "finance", "--select", "SL302", str(path))
    assert (code, err) == (1, "")
    (finding,) = json.loads(out)["findings"]
    assert {k: finding[k] for k in ("line", "column", "end_column", "sheet", "cell")} == {
        "line": 2, "column": 1, "end_column": 3, "sheet": "话术 库", "cell": "A2"}
    assert "paragraph" not in finding
    code, out, _ = invoke("--industry", "finance", "--select", "SL302", str(path))
    lines = out.splitlines()
    assert lines[0].startswith(f"{path}:'话术 库'!A2:1: SL302 ")
    assert lines[1].endswith("│ 保本产品") and lines[2].strip() == "^^^^"


def test_every_sheet_is_read_in_workbook_order_whatever_the_jobs(tmp_path: Path) -> None:
    # The second sheet's finding is on an earlier row than the first's: workbook order wins.
    path = workbook(tmp_path / "two.xlsx", {
        "Zeta": [["话术"], ["您好"], ["您好"], ["本金保本"]],
        "Alpha": [["回复"], ["保本"]],
        "Empty": [],
    })
    assert found(path) == [("Zeta!A4", 3, 5, "SL302"), ("Alpha!A2", 1, 3, "SL302")]
    workbook(tmp_path / "other.xlsx", {"S": [["话术"], ["保本"]]})
    flags = ["--format", "json", "--industry", "finance", "--select", "SL302", str(tmp_path)]
    streamed = invoke(*flags)  # -j 1: each file streamed script by script
    parallel = CliRunner().invoke(app, ["check", "--isolated", "-j", "2", *flags])  # whole files, sorted
    assert streamed[0] == parallel.exit_code == 1
    assert streamed[1] == parallel.stdout
    assert [(f["path"], f["sheet"]) for f in json.loads(streamed[1])["findings"]] == [
        (str(tmp_path / "other.xlsx"), "S"), (str(path), "Zeta"), (str(path), "Alpha")]


def _rewrite(path: Path, part: str, change: Callable[[str], str]) -> None:
    """Change one XML part of a saved workbook."""
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    parts[part] = change(parts[part].decode()).encode()
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)


def _with_cached_value(path: Path, cell: str, cached: str) -> None:
    """Give a formula cell the value Excel would have cached (openpyxl writes none)."""
    def cache_value(sheet: str) -> str:
        changed, count = re.subn(rf'<c r="{cell}"><f>(.*?)</f><v></v></c>',
                                 rf'<c r="{cell}" t="str"><f>\1</f><v>{cached}</v></c>', sheet)
        assert count == 1
        return changed

    _rewrite(path, "xl/worksheets/sheet1.xml", cache_value)


def test_formulas_are_not_evaluated_their_cached_value_is_read(tmp_path: Path) -> None:
    path = workbook(tmp_path / "formulas.xlsx", {"Sheet1": [
        ["话术"],
        ['=CONCAT("这款","产品")'],   # A2: the cached value below says 保本, the formula does not
        ['=CONCAT("保","本")'],       # A3: no cached value: empty, never evaluated to 保本
    ]})
    _with_cached_value(path, "A2", "这款保本")
    assert found(path) == [("Sheet1!A2", 3, 5, "SL302")]


def test_a_damaged_sheet_costs_its_rest_not_the_workbook(tmp_path: Path) -> None:
    path = workbook(tmp_path / "damaged.xlsx", {
        "A": [["话术"], ["保本"]],
        "B": [["话术"], ["保本"], ["本金保本"]],
        "C": [["话术"], ["产品保本"]],
    })
    # Sheet B's XML ends inside its third row, as in a file cut short.
    _rewrite(path, "xl/worksheets/sheet2.xml", lambda xml: xml[:xml.index('<row r="3"')] + '<row r="3"><c r="A3"')
    result = linter().check_file(str(path))
    assert [f.location for f in result.findings] == ["A!A2", "B!A2", "C!A2"]
    (error,) = result.errors
    assert str(error).startswith(f"{path}: cannot read sheet B (")


def test_a_title_row_above_the_header_and_header_variants(tmp_path: Path) -> None:
    rows: list[list[object]] = [["客服话术库（2024版）"], [], ["序号", "标准话术"], [1, "保本"]]
    assert found(workbook(tmp_path / "title.xlsx", {"S": rows})) == [("S!B4", 1, 3, "SL302")]
    for header in ("回复", "Reply", " TEXT ", "机器人回复", "参考答案", "answer", "话术"):
        path = workbook(tmp_path / "h.xlsx", {"S": [["id", header], [1, "产品保本"]]})
        assert found(path) == [("S!B2", 3, 5, "SL302")], header


def test_a_sheet_without_a_text_column_is_an_error_and_the_others_are_read(tmp_path: Path) -> None:
    path = workbook(tmp_path / "mixed.xlsx", {"说明": [["填写说明"], ["每行一条"]], "FAQ": [["话术"], ["保本"]]})
    result = linter().check_file(str(path))
    assert [f.location for f in result.findings] == ["FAQ!A2"]
    (error,) = result.errors
    assert error.message.startswith("sheet 说明: no text column in the header")
    duplicate = workbook(tmp_path / "dup.xlsx", {"S": [["话术", "话术"], ["您好", "保本"]]})
    with pytest.raises(InputError, match="sheet S: the header names the text column '话术' twice"):
        list(read_scripts(str(duplicate), Speakers(), pytest.fail))


def test_a_speaker_column_makes_the_sheet_a_script_with_dialogue_rules(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["角色", "话术", "开始"],
        ["机器人", "您好，我是星河银行的智能客服，本次通话会录音", 0],
        ["客户", "不需要，谢谢", "0:04"],
        ["机器人", "先别挂，这款理财收益很高", 6.5],
    ]
    path = workbook(tmp_path / "dialogue.xlsx", {"外呼": rows})
    (script,) = read_scripts(str(path), Speakers(), pytest.fail)
    assert script.format_kind is Kind.SCRIPT and script.has_speakers
    assert [(u.role, u.line, u.start) for u in script.utterances] == [(BOT, 2, 0.0), (CUSTOMER, 3, 4.0), (BOT, 4, 6.5)]
    dialogue = Config(industry=("finance",), select=("SL201",))
    assert found(path, dialogue) == [("外呼!B4", 1, 13, "SL201")]
    # Without the speaker column the same words are standalone replies: no dialogue.
    replies = workbook(tmp_path / "replies.xlsx", {"外呼": [row[1:2] for row in rows]})
    assert found(replies, dialogue) == []


def test_unknown_role_or_start_costs_the_row_and_names_the_cell(tmp_path: Path) -> None:
    path = workbook(tmp_path / "bad.xlsx", {"S": [
        ["speaker", "text", "start"],
        ["主持人", "保本", 1],
        ["bot", "保本", "later"],
        ["bot", "产品保本", 3],
    ]})
    result = linter().check_file(str(path))
    assert [str(e) for e in result.errors] == [
        f"{path}: S!A2: unknown role '主持人'",
        f"{path}: S!C3: the start must be a number of seconds or a time",
    ]
    assert [f.location for f in result.findings] == ["S!B4"]


def test_cell_values_read_as_excel_shows_them() -> None:
    import datetime

    assert cell_text(13800138000.0) == "13800138000"  # a phone number typed as a number
    assert (cell_text(2.5), cell_text(None), cell_text(datetime.date(2024, 5, 1))) == ("2.5", None, "2024-05-01")
    assert [seconds(v) for v in (3, "1:05", "1:00:02.5", datetime.time(0, 1, 5), "soon", True)] == [
        3.0, 65.0, 3602.5, 65.0, None, None]
    assert [sheet_reference(n) for n in ("Sheet1", "话术", "Q&A 2", "it's")] == ["Sheet1", "话术", "'Q&A 2'", "'it''s'"]


# --- .docx ------------------------------------------------------------------------------------


def test_docx_paragraphs_are_script_lines(tmp_path: Path) -> None:
    path = document(tmp_path / "script.docx", [
        "# 理财回访话术",                      # ¶1 comment
        "# scriptlint: industry=finance",       # ¶2 declaration after a title comment
        "",                                     # ¶3 empty, still counted
        "机器人：您好，这款产品保本",           # ¶4 保本 at 12..14 (机器人： is 4)
        "1. 客户：保本吗",                      # ¶5 customer: not checked for terms
        "  本产品無風險",                       # ¶6 a bot line, 無風險 at 6..9
    ])
    (script,) = read_scripts(str(path), Speakers(), pytest.fail)
    assert script.declaration is not None and script.declaration.as_dict() == {"industry": "finance"}
    assert [(u.role, u.line, u.column) for u in script.utterances] == [(BOT, 4, 5), (CUSTOMER, 5, 7), (BOT, 6, 3)]
    assert found(path, Config(select=("SL302",))) == [("¶4", 12, 14, "SL302"), ("¶6", 6, 9, "SL302")]
    code, out, _ = invoke("--format", "json", "--select", "SL302", str(path))
    assert code == 1
    assert [(f["line"], f["paragraph"], f["column"]) for f in json.loads(out)["findings"]] == [(4, 4, 12), (6, 6, 6)]


def test_docx_tables_are_read_in_document_order(tmp_path: Path) -> None:
    path = document(tmp_path / "faq.docx", [
        "开场：您好",                                     # ¶1
        [["问题", "回答"],                                # ¶2 ¶3 header
         ["能保本吗", "我们保证保本"],                    # ¶4 customer, ¶5 bot
         ["", "投资有风险"]],                             # ¶6 empty question, ¶7 bot
        "结束语：祝您生活愉快",                           # ¶8
    ])
    (script,) = read_scripts(str(path), Speakers(), pytest.fail)
    assert [(u.role, u.line, u.text) for u in script.utterances] == [
        (BOT, 1, "开场：您好"), (CUSTOMER, 4, "能保本吗"), (BOT, 5, "我们保证保本"),
        (BOT, 7, "投资有风险"), (BOT, 8, "结束语：祝您生活愉快")]
    assert script.has_speakers
    assert found(path) == [("¶5", 3, 5, "SL303"), ("¶5", 5, 7, "SL302")]


def test_docx_merged_cells_are_read_once(tmp_path: Path) -> None:
    doc = docx.Document()
    table = doc.add_table(rows=4, cols=3)
    for c, name in enumerate(("序号", "问题", "话术")):
        table.cell(0, c).text = name
    title = table.cell(1, 0).merge(table.cell(1, 2))  # a row-wide title: one cell, read once
    title.text = "保本类问题"
    table.cell(2, 1).text = "真的吗"
    tall = table.cell(2, 2).merge(table.cell(3, 2))  # one reply for two rows
    tall.text = "绝对保本"
    table.cell(3, 1).text = "确定吗"
    doc.save(tmp_path / "merged.docx")
    (script,) = read_scripts(str(tmp_path / "merged.docx"), Speakers(), pytest.fail)
    # ¶1-3 header; row 2 is one cell (¶4); row 3: ¶5 序号, ¶6 question, ¶7 reply; row 4: ¶8, ¶9, ¶10 merged.
    assert [(u.role, u.line, u.text) for u in script.utterances] == [
        (BOT, 4, "保本类问题"), (CUSTOMER, 6, "真的吗"), (BOT, 7, "绝对保本"), (CUSTOMER, 9, "确定吗")]


def test_docx_table_without_a_qa_header_reads_its_last_column_as_lines(tmp_path: Path) -> None:
    path = document(tmp_path / "plain.docx", [[["1", "机器人：您好"], ["2", "客户：保本吗"], ["3", "产品保本"]]])
    (script,) = read_scripts(str(path), Speakers(), pytest.fail)
    assert [(u.role, u.line, u.column, u.text) for u in script.utterances] == [
        (BOT, 2, 5, "您好"), (CUSTOMER, 4, 4, "保本吗"), (BOT, 6, 1, "产品保本")]


def _revision(kind: str, text_tag: str, text: str) -> object:
    """A tracked change (w:ins or w:del) holding one run of `text`."""
    revision = OxmlElement(kind)
    revision.set(qn("w:id"), "1")
    revision.set(qn("w:author"), "审核")
    run = OxmlElement("w:r")
    element = OxmlElement(text_tag)
    element.text = text
    run.append(element)
    revision.append(run)
    return revision


def test_docx_soft_breaks_and_tracked_changes(tmp_path: Path) -> None:
    doc = docx.Document()
    paragraph = doc.add_paragraph("您好")
    paragraph.runs[0].add_break()                    # a soft line break: one character
    paragraph.add_run("机器人：本产品保本")          # 保本 at 11..13 of the paragraph
    # ¶2: 这款 + a tracked insertion 保本; ¶3: 已删 + a tracked deletion 保本, which is not read.
    doc.add_paragraph("这款")._p.append(_revision("w:ins", "w:t", "保本"))
    doc.add_paragraph("已删")._p.append(_revision("w:del", "w:delText", "保本"))
    doc.save(tmp_path / "inline.docx")
    (script,) = read_scripts(str(tmp_path / "inline.docx"), Speakers(), pytest.fail)
    assert [(u.line, u.column, u.text) for u in script.utterances] == [
        (1, 1, "您好"), (1, 8, "本产品保本"), (2, 1, "这款保本"), (3, 1, "已删")]
    assert found(tmp_path / "inline.docx") == [("¶1", 11, 13, "SL302"), ("¶2", 3, 5, "SL302")]


# --- Markdown tables ------------------------------------------------------------------------

MD_TABLE = (
    "# 常见问题\n"                                      # 1
    "\n"                                                # 2
    "| 客户问题 | 标准话术 |\n"                          # 3 header: not read
    "| :--- | ---: |\n"                                 # 4 delimiter
    "| 保本吗 | 本产品保本 |\n"                         # 5 question: customer; 保本 at 12..14
    "| 有风险吗 | 有风险，A\\|B 两档都不保本 |\n"       # 6 \| is one |; nothing to find
    "| 稳吗 | 收益稳\\|绝对保本 |\n"                    # 7 绝对 at 13..15, 保本 at 15..17
    "\n"                                                # 8 the table ends
    "机器人：保本\n"                                    # 9 an ordinary line again
)


def test_markdown_qa_table_rows_are_question_and_reply(tmp_path: Path) -> None:
    (tmp_path / "faq.md").write_text(MD_TABLE, encoding="utf-8")
    script = read_text(SourceFile("faq.md"), MD_TABLE, Speakers(), markdown=True)
    assert [(u.role, u.line, u.column, u.text) for u in script.utterances] == [
        (CUSTOMER, 5, 3, "保本吗"), (BOT, 5, 9, "本产品保本"),
        (CUSTOMER, 6, 3, "有风险吗"), (BOT, 6, 10, "有风险，A|B 两档都不保本"),
        (CUSTOMER, 7, 3, "稳吗"), (BOT, 7, 8, "收益稳|绝对保本"),
        (BOT, 9, 5, "保本"),
    ]
    assert script.has_speakers
    assert found(tmp_path / "faq.md") == [
        ("5", 12, 14, "SL302"), ("7", 13, 15, "SL303"), ("7", 15, 17, "SL302"), ("9", 5, 7, "SL302")]


@pytest.mark.parametrize(("header", "bot_column"), [
    ("| 问 | 答 |", 2), ("| question | answer |", 2), ("| 回复 | 备注 |", 1), ("| 场景 | 内容 |", 2),
    ("| Q | A | 备注 |", 2), ("问题 | 回答", 2),
])
def test_markdown_table_header_variants(header: str, bot_column: int) -> None:
    width = header.count("|") - 1 if header.startswith("|") else header.count("|") + 1
    cells = ["甲保本", "乙保本", "丙保本"][:width]
    text = f"{header}\n{'|---' * width}|\n| {' | '.join(cells)} |\n"
    script = read_text(SourceFile("t.md"), text, Speakers(), markdown=True)
    bots = [u.text for u in script.utterances if u.role == BOT]
    assert bots == [cells[bot_column - 1]]


def test_markdown_pipes_that_are_not_a_table(tmp_path: Path) -> None:
    text = (
        "机器人：请选 A | B\n"          # 1 a pipe, no delimiter row below: an ordinary line
        "| 序号 | 保本说明 |\n"          # 2 rows without a header: the last cell is the bot's
        "| 1 | 产品保本 |\n"             # 3
        "|---|---|\n"                   # 4 a delimiter row is never text
    )
    script = read_text(SourceFile("t.md"), text, Speakers(), markdown=True)
    assert [(u.line, u.column, u.text) for u in script.utterances] == [
        (1, 5, "请选 A | B"), (2, 8, "保本说明"), (3, 7, "产品保本")]
    plain = read_text(SourceFile("t.txt"), text, Speakers())
    assert [u.line for u in plain.utterances] == [1, 2, 3, 4]  # .txt has no tables


def test_markdown_table_naming_the_reply_column_twice_is_an_error() -> None:
    with pytest.raises(InputError, match="names the text column '回复' twice") as caught:
        read_text(SourceFile("t.md"), "前言\n| 回复 | 回复 |\n|--|--|\n| a | b |\n", Speakers(), markdown=True)
    assert caught.value.line == 2


# --- broken files and the missing extra -------------------------------------------------------


def test_malformed_files_are_one_line_errors_and_the_rest_is_linted(tmp_path: Path) -> None:
    (tmp_path / "random.xlsx").write_bytes(bytes(range(256)) * 4)
    with zipfile.ZipFile(tmp_path / "notes.xlsx", "w") as archive:
        archive.writestr("notes.txt", "保本")
    workbook(tmp_path / "sheet.docx", {"S": [["话术"], ["保本"]]})  # a workbook named .docx
    (tmp_path / "random.docx").write_bytes(b"PK\x03\x04" + bytes(200))
    (tmp_path / "good.txt").write_text("产品保本\n", encoding="utf-8")
    code, out, err = invoke("--industry", "finance", "--select", "SL302", "--kind", "replies", str(tmp_path))
    assert code == 2
    assert f"{tmp_path / 'good.txt'}:1:3: SL302" in out
    errors = err.splitlines()
    assert len(errors) == 4
    for name in ("notes.xlsx", "random.docx", "random.xlsx", "sheet.docx"):
        kind = "an .xlsx workbook" if name.endswith(".xlsx") else "a .docx document"
        assert any(line.startswith(f"scriptlint: error: {tmp_path / name}: cannot read as {kind} (") for line in errors)


def test_old_binary_office_files_named_on_the_command_line(tmp_path: Path) -> None:
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0" + bytes(100))
    code, _, err = invoke(str(tmp_path / "old.xls"))
    assert code == 2
    assert err == f"scriptlint: error: {tmp_path / 'old.xls'}: the old binary .xls format cannot be read; save it as .xlsx\n"


@pytest.mark.parametrize(("module", "name", "make"), [
    ("openpyxl", "book.xlsx", lambda p: workbook(p, {"S": [["话术"], ["保本"]]})),
    ("docx", "doc.docx", lambda p: document(p, ["保本"])),
])
def test_without_the_office_extra_an_office_file_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              module: str, name: str,
                                                              make: Callable[[Path], Path]) -> None:
    make(tmp_path / name)
    (tmp_path / "good.txt").write_text("产品保本\n", encoding="utf-8")
    monkeypatch.setitem(sys.modules, module, None)  # import fails as if not installed
    code, out, err = invoke("--industry", "finance", "--select", "SL302", "--kind", "replies", str(tmp_path))
    suffix = Path(name).suffix
    assert code == 2
    assert err == f"scriptlint: error: {tmp_path / name}: install scriptlint[office] to read {suffix} files\n"
    assert f"{tmp_path / 'good.txt'}:1:3: SL302" in out
