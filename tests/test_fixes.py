"""Fixes: what findings carry (`Finding.fix`), `--fix`, `--unsafe-fixes` and `--diff` on every
input format, byte-faithful atomic writes, and the cases where nothing may be written."""
from __future__ import annotations

import codecs
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scriptlint import Config, Linter
from scriptlint.cli import app
from scriptlint.fixes import Fixer, unified_diff
from scriptlint.lexicon import Lexicon, bundled_packs, load_pack
from scriptlint.model import Applicability, Edit, InputError, Notice
from scriptlint.safewrite import TEMPORARY_MARK, ChangedOnDisk, replace_file, snapshot

runner = CliRunner()
PHONE, MASKED = "13812345678", "138****5678"
OTHER_PHONE, OTHER_MASKED = "13912345678", "139****5678"
# Only the two rules with fixes: the script rules would add findings that have nothing to fix.
FIXABLE = ["--isolated", "--select", "SL402,SL303"]


def fix(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["check", *FIXABLE, *args])
    return result.exit_code, result.stdout, result.stderr


# --- what a finding carries ----------------------------------------------------------------


def test_personal_data_carries_a_safe_fix_with_its_masked_form_at_its_exact_span() -> None:
    [finding] = Linter(Config(select=("SL402",))).check_text(f"请记下{PHONE}。")
    assert finding.fix is not None
    assert finding.fix.applicability is Applicability.SAFE
    assert finding.fix.edits == (Edit(1, 4, 1, 15, MASKED),)
    assert finding.to_dict()["fix"] == {"applicability": "safe", "title": "替换为脱敏形式",
                                        "edits": [{"line": 1, "column": 4, "end_line": 1, "end_column": 15,
                                                   "content": MASKED}]}


def test_a_promise_with_a_lexicon_rewrite_carries_an_unsafe_fix_in_the_script_of_its_line() -> None:
    linter = Linter(Config(select=("SL303",)))
    [simplified] = linter.check_text("我们保证帮您解决。")
    assert simplified.fix is not None and simplified.fix.applicability is Applicability.UNSAFE
    assert simplified.fix.edits == (Edit(1, 3, 1, 5, "尽力保证"),)
    [traditional] = linter.check_text("我們保證幫您解決。")
    assert traditional.fix is not None and traditional.fix.edits[0].content == "盡力保證"


def test_findings_without_a_rewrite_carry_no_fix() -> None:
    linter = Linter(Config(select=("SL303", "SL101")))
    findings = linter.check_text("机器人：我跟您打包票。", kind="script")
    assert {f.code for f in findings} == {"SL101", "SL303"}
    assert all(f.fix is None for f in findings)  # no rewrite for 打包票; an opening needs a person
    assert all("fix" not in f.to_dict() for f in findings)


# --- every input format ------------------------------------------------------------------------

FORMATS = {
    "script.txt": f"机器人：您的手机号是{PHONE}，我们保证帮您解决。\n",
    "notes.md": f"# 话术\n\n- 机器人：请记下{PHONE}，我们保证帮您解决。\n\n| 问题 | 回答 |\n| --- | --- |\n"
                f"| 电话？ | {OTHER_PHONE} |\n",
    "flow.yaml": f"nodes:\n  - say: 您的手机号是{PHONE}，我们保证帮您解决。\n  - say: '单引号 {OTHER_PHONE}'\n"
                 f"  - say: |\n      块 {OTHER_PHONE}\n      第二行\n",
    "flow.json": json.dumps({"nodes": [{"say": f"您的手机号是{PHONE}，我们保证帮您解决。"},
                                       {"say": f"号码 {OTHER_PHONE}"}]}, ensure_ascii=False, indent=2),
    "calls.jsonl": "\n".join(json.dumps({"role": "bot", "text": t}, ensure_ascii=False)
                             for t in (f"您的手机号是{PHONE}", "我们保证帮您解决", f"号码{OTHER_PHONE}")) + "\n",
    "replies.csv": f'id,text\n1,"您的手机号是{PHONE}，""好的""，我们保证帮您解决"\n2,号码{OTHER_PHONE}\n',
}


def _sample(tmp_path: Path, name: str) -> tuple[str, Path, int]:
    """The sample of a format, written to a file, and how many numbers it holds."""
    text = FORMATS[name]
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return text, path, text.count(PHONE) + text.count(OTHER_PHONE)


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_fix_masks_personal_data_in_every_format_and_nothing_else(tmp_path: Path, name: str) -> None:
    text, path, numbers = _sample(tmp_path, name)
    code, out, _ = fix("--fix", "--format", "json", str(path))
    assert path.read_bytes() == text.replace(PHONE, MASKED).replace(OTHER_PHONE, OTHER_MASKED).encode("utf-8")
    report = json.loads(out)
    assert [f["code"] for f in report["findings"]] == ["SL303"]  # the promise stays: its fix is unsafe
    assert report["summary"]["fixed"] == numbers
    assert code == 1


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_unsafe_fixes_also_rewrite_the_promise(tmp_path: Path, name: str) -> None:
    text, path, numbers = _sample(tmp_path, name)
    code, out, err = fix("--fix", "--unsafe-fixes", str(path))
    expected = text.replace(PHONE, MASKED).replace(OTHER_PHONE, OTHER_MASKED).replace("保证", "尽力保证")
    assert path.read_text(encoding="utf-8") == expected
    assert f"已修复 {numbers + text.count('保证')} 个问题" in out and code == 0 and err == ""


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_diff_shows_the_fixes_writes_nothing_and_exits_1(tmp_path: Path, name: str) -> None:
    text, path, numbers = _sample(tmp_path, name)
    code, out, err = fix("--diff", "--show-pii", str(path))
    assert code == 1
    assert path.read_text(encoding="utf-8") == text
    assert out.startswith(f"--- {path}\n+++ {path}\n@@ ")
    assert "\n-" in out and "\n+" in out and MASKED in out and PHONE in out
    assert "保证" in out and "尽力保证" not in out  # the rewrite needs --unsafe-fixes
    assert err.strip() == f"将修复 {numbers} 个问题（1 个文件）"


def test_diff_masks_personal_data_unless_show_pii(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(f"您的手机号是{PHONE}\n", encoding="utf-8")
    _, out, _ = fix("--diff", str(path))
    assert out.splitlines()[3:] == [f"-您的手机号是{MASKED}", f"+您的手机号是{MASKED}"]
    assert PHONE not in out


def test_diff_exits_0_when_nothing_can_be_fixed(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("我跟您打包票。\n", encoding="utf-8")
    code, out, err = fix("--diff", "--unsafe-fixes", "--lang", "en", str(path))
    assert (code, out, err.strip()) == (0, "", "No fixes available")


def test_unified_diff_keeps_headers_unmasked() -> None:
    diff = unified_diff(f"{PHONE}.txt", f"a {PHONE}\n", f"a {MASKED}\n")
    assert diff.splitlines()[:2] == [f"--- {PHONE}.txt", f"+++ {PHONE}.txt"]


# --- bytes outside the fixed spans ---------------------------------------------------------------

BYTE_CASES = {
    "gb18030-crlf": ("gb18030", b""),
    "utf8-bom-crlf": ("utf-8", codecs.BOM_UTF8),
    "utf16le-bom-crlf": ("utf-16-le", codecs.BOM_UTF16_LE),
    "utf16be-bom-crlf": ("utf-16-be", codecs.BOM_UTF16_BE),
}


@pytest.mark.parametrize("case", sorted(BYTE_CASES))
def test_a_fix_keeps_encoding_bom_newlines_and_mode_byte_for_byte(tmp_path: Path, case: str) -> None:
    encoding, bom = BYTE_CASES[case]
    text = f"# 开场\r\n机器人：您好，我们保证帮您解决。\r\n机器人：您的手机号是{PHONE}。\r\n\r\n客户：好的\r\n"
    original = bom + text.encode(encoding)
    path = tmp_path / "script.txt"
    path.write_bytes(original)
    path.chmod(0o640)
    fix("--fix", "--unsafe-fixes", str(path))
    expected = original.replace(PHONE.encode(encoding), MASKED.encode(encoding)).replace(
        "保证".encode(encoding), "尽力保证".encode(encoding))
    assert path.read_bytes() == expected
    assert (path.stat().st_mode & 0o777) == 0o640
    assert not [p for p in tmp_path.iterdir() if TEMPORARY_MARK in p.name]


def test_json_escapes_are_kept_in_the_style_of_the_literal(tmp_path: Path) -> None:
    # \u escapes stay escapes, and an escaped quote stays escaped.
    path = tmp_path / "flow.json"
    path.write_text('{"nodes": [{"say": "\\u6211\\u4eec\\u4fdd\\u8bc1\\u5e2e\\u60a8"}, '
                    '{"say": "\\"' + PHONE + '\\" \\u4fdd\\u8bc1"}]}', encoding="utf-8")
    fix("--fix", "--unsafe-fixes", str(path))
    assert path.read_text(encoding="utf-8") == (
        '{"nodes": [{"say": "\\u6211\\u4eec\\u5c3d\\u529b\\u4fdd\\u8bc1\\u5e2e\\u60a8"}, '
        '{"say": "\\"' + MASKED + '\\" \\u5c3d\\u529b\\u4fdd\\u8bc1"}]}')
    assert [u["say"] for u in json.loads(path.read_text(encoding="utf-8"))["nodes"]] == [
        "我们尽力保证帮您", f'"{MASKED}" 尽力保证']


def test_a_symbolic_link_is_written_through(tmp_path: Path) -> None:
    target = tmp_path / "real.txt"
    target.write_text(f"号码{PHONE}\n", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    fix("--fix", str(link))
    assert link.is_symlink() and target.read_text(encoding="utf-8") == f"号码{MASKED}\n"


# --- overlapping fixes, passes -------------------------------------------------------------


def _pack(tmp_path: Path, term: str, replacement: str) -> Path:
    pack = tmp_path / "ours.toml"
    pack.write_text(f'[pack]\nname = "ours"\n\n[[entry]]\nid = "ours.term"\nterms = ["{term}"]\n'
                    f'category = "false-promise"\nconfirm = false\nmessage = "m"\n'
                    f'replace = {{ "{term}" = "{replacement}" }}\nmust_fix = [["{term}", "{replacement}"]]\n',
                    encoding="utf-8")
    return pack


def _fix_with(tmp_path: Path, pack: Path, path: Path) -> tuple[Fixer, list[Notice]]:
    linter = Linter(Config(lexicons=(str(pack),), select=("SL402", "SL303")))
    notices: list[Notice] = []
    fixer = Fixer(lambda path: linter, linter.config.lang, unsafe=True, on_notice=notices.append)
    fixer.fix_file(linter.check_file(str(path)))
    return fixer, notices


def test_overlapping_fixes_are_applied_in_later_passes(tmp_path: Path) -> None:
    # The rewrite of 拨1381… and the masking of 1381… overlap: one per pass.
    pack = _pack(tmp_path, f"拨{PHONE}", f"拨打{PHONE}")
    path = tmp_path / "a.txt"
    path.write_text(f"机器人：请拨{PHONE}转人工。\n", encoding="utf-8")
    fixer, notices = _fix_with(tmp_path, pack, path)
    assert path.read_text(encoding="utf-8") == f"机器人：请拨打{MASKED}转人工。\n"
    assert (fixer.fixed, notices) == (2, [])


def test_a_fix_that_leaves_its_finding_is_undone(tmp_path: Path) -> None:
    pack = _pack(tmp_path, "包赢", "包赢啦")  # the rewrite still holds the term
    path = tmp_path / "a.txt"
    original = f"机器人：这把包赢，电话{PHONE}\n"
    path.write_text(original, encoding="utf-8")
    fixer, notices = _fix_with(tmp_path, pack, path)
    assert path.read_text(encoding="utf-8") == original
    assert fixer.fixed == 0
    assert [n.message for n in notices] == ["修复后问题仍在（SL303），已恢复原文件"]


def test_a_fix_that_does_not_read_back_as_expected_is_not_written(tmp_path: Path) -> None:
    pack = _pack(tmp_path, "包赢", "稳 #赚")  # in a plain YAML scalar, " #" starts a comment
    path = tmp_path / "flow.yaml"
    original = "nodes:\n  - say: 这把包赢\n"
    path.write_text(original, encoding="utf-8")
    fixer, notices = _fix_with(tmp_path, pack, path)
    assert path.read_text(encoding="utf-8") == original
    assert fixer.fixed == 0
    assert [n.message for n in notices] == ["修复结果未能按预期读回，文件未改动"]
    assert not [p for p in tmp_path.iterdir() if TEMPORARY_MARK in p.name]


def test_a_replacement_that_would_need_escaping_in_csv_is_skipped(tmp_path: Path) -> None:
    pack = _pack(tmp_path, "包赢", "稳,赚")
    path = tmp_path / "replies.csv"
    original = f"text\n这把包赢 {PHONE}\n"
    path.write_text(original, encoding="utf-8")
    fixer, notices = _fix_with(tmp_path, pack, path)
    assert path.read_text(encoding="utf-8") == original.replace(PHONE, MASKED)
    assert fixer.fixed == 1
    assert [n.message for n in notices] == ["1 处修复未应用：替换内容需要转义，无法安全写入"]


# --- files that are never written --------------------------------------------------------------


def test_a_file_with_an_input_error_is_not_touched(tmp_path: Path) -> None:
    path = tmp_path / "calls.jsonl"
    original = f'{{"role": "bot", "text": "号码{PHONE}"}}\n{{"role": "bot", "text": \n'
    path.write_text(original, encoding="utf-8")
    code, _, err = fix("--fix", str(path))
    assert path.read_text(encoding="utf-8") == original
    assert f"scriptlint: warning: {path}: 文件有输入错误，未修复" in err.splitlines()
    assert code == 2


def test_workbooks_are_not_written(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    path = tmp_path / "replies.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["text"])
    book.active.append([f"号码{PHONE}"])
    book.save(path)
    before = path.read_bytes()
    code, _, err = fix("--fix", "--lang", "en", str(path))
    assert path.read_bytes() == before and code == 1
    assert err.splitlines() == [f"scriptlint: warning: {path}: fixes not supported for .xlsx/.docx; edit the file by hand"]


def test_standard_input_is_not_fixed() -> None:
    result = runner.invoke(app, ["check", *FIXABLE, "--fix", "-"], input=f"号码{PHONE}\n")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == ["scriptlint: warning: <stdin>: 标准输入不做修复"]


def test_a_file_changed_after_it_was_read_is_not_replaced(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"old\n")
    data, info = snapshot(str(path))
    path.write_bytes(b"someone else's edit\n")
    with pytest.raises(ChangedOnDisk):
        replace_file(str(path), b"fixed\n", data, info)
    assert path.read_bytes() == b"someone else's edit\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_a_fix_does_not_overwrite_an_edit_made_while_it_ran(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from scriptlint import fixes

    path = tmp_path / "a.txt"
    path.write_text(f"号码{PHONE}\n", encoding="utf-8")
    planned = fixes.plan_file

    def plan_then_edit(*args: object, **kwargs: object) -> fixes.FilePlan:
        plan = planned(*args, **kwargs)  # type: ignore[arg-type]
        path.write_text(f"号码{PHONE}，有人改了这里\n", encoding="utf-8")
        return plan

    monkeypatch.setattr(fixes, "plan_file", plan_then_edit)
    code, _, err = fix("--fix", str(path))
    assert code == 1  # the finding is still there
    assert path.read_text(encoding="utf-8") == f"号码{PHONE}，有人改了这里\n"
    assert err.splitlines() == [f"scriptlint: warning: {path}: 文件在检查后被修改，未修复；请重新运行"]


# --- an interrupted fix ---------------------------------------------------------------------------


def test_a_failure_at_the_rename_leaves_the_old_file_and_no_temporary_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.txt"
    original = f"号码{PHONE}\n".encode()
    path.write_bytes(original)

    def interrupted(source: str, target: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    result = runner.invoke(app, ["check", *FIXABLE, "--fix", str(path)])
    assert result.exit_code == 130
    assert path.read_bytes() == original
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


KILLED_AT_RENAME = """
import os, signal, sys
os.replace = lambda source, target: os.kill(os.getpid(), signal.SIGKILL)
from scriptlint.cli import main
sys.argv = ["scriptlint", "check", "--isolated", "--fix", sys.argv[1]]
main()
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_process_killed_between_write_and_rename_leaves_the_old_file(tmp_path: Path) -> None:
    folder = tmp_path / "scripts"
    folder.mkdir()
    path = folder / "a.txt"
    original = f"机器人：号码{PHONE}\r\n".encode("gb18030")
    path.write_bytes(original)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    killed = subprocess.run([sys.executable, "-c", KILLED_AT_RENAME, str(path)], env=env, capture_output=True,
                            check=False)
    assert killed.returncode == -signal.SIGKILL
    assert path.read_bytes() == original
    # The written temporary file is left, hidden, with the fixed text; a walk does not lint it.
    [left] = [p for p in folder.iterdir() if p != path]
    assert left.name.startswith(".a" + TEMPORARY_MARK) and left.suffix == ".txt"
    assert left.read_bytes() == original.replace(PHONE.encode(), MASKED.encode())
    code, out, _ = fix("--format", "json", str(folder))
    assert json.loads(out)["summary"]["files"] == 1 and code == 1


# --- the lexicon's rewrites ------------------------------------------------------------------------


def test_bundled_rewrites_pass_their_must_fix_examples() -> None:
    packs = [load_pack(p) for p in bundled_packs().values()]
    assert list(Lexicon(packs).fix_test()) == []
    rewritten = [e for p in packs for e in p.entries if getattr(e, "replace", ())]
    assert {e.id for e in rewritten} >= {"general.guarantee", "general.unconditional"}


def test_a_wrong_must_fix_example_fails_the_lexicon_test(tmp_path: Path) -> None:
    pack = tmp_path / "ours.toml"
    pack.write_text('[pack]\nname = "ours"\n\n[[entry]]\nid = "ours.win"\nterms = ["包赢", "稳赢"]\n'
                    'category = "false-promise"\nconfirm = false\nmessage = "m"\n'
                    'replace = { "包赢" = "包赢啦", "稳赢" = "争取赢" }\n'
                    'must_fix = [["这把包赢", "这把包赢啦"], ["没有的词", "没有的词"]]\n', encoding="utf-8")
    result = runner.invoke(app, ["lexicon", "test", str(pack)])
    assert result.exit_code == 1
    assert [line.split(": ", 1)[1] for line in result.stdout.splitlines() if ": must fix: " in line] == [
        "ours.win: must fix: 这把包赢啦: still matches once fixed",
        "ours.win: must fix: 没有的词: must be fixed but does not match",
        "ours.win: must fix: 稳赢: no must_fix example uses this replacement",
    ]
    assert result.stdout.splitlines()[-1].endswith(", 3 failed")


@pytest.mark.parametrize(("body", "message"), [
    ('replace = { "包赢" = "争取赢" }\n', "entry ours.win: replace needs must_fix, a list of [before, after] examples"),
    ('must_fix = [["包赢", "争取赢"]]\n', "entry ours.win: replace must be a table of words = replacement (must_fix needs it)"),
    ('replace = { "包赢" = 3 }\nmust_fix = [["包赢", "争取赢"]]\n', "entry ours.win: replace: '包赢' needs words and a one-line string"),
])
def test_a_rewrite_without_its_examples_is_refused(tmp_path: Path, body: str, message: str) -> None:
    pack = tmp_path / "ours.toml"
    pack.write_text('[pack]\nname = "ours"\n\n[[entry]]\nid = "ours.win"\nterms = ["包赢"]\n'
                    f'category = "false-promise"\nmessage = "m"\n{body}', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_pack(pack)
    assert caught.value.message == message
