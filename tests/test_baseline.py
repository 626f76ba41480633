"""The baseline: recorded findings are not reported again, whatever moves in the file; new ones
are; gone ones are listed as removable. On every input format, through the command line."""
from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import docx
import openpyxl
import pytest
from typer.testing import CliRunner

from scriptlint.baseline import Baseline, BaselineRun, Entry, fingerprint
from scriptlint.cli import app
from scriptlint.model import FileResult, Finding, Severity

SELECTED = "SL302,SL303,SL402,suppression"
DEADLINE = "您的退款会在24小时内到账。"  # SL303
PHONE = "您登记的手机号是13812345678。"  # SL402
NEW = "您的款项会在48小时内退回。"  # SL303, another utterance
FILLER = ["好的，已为您登记。", "请稍等。", "还有其他问题吗？"]  # nothing to find


def invoke(*args: str, cwd: Path | None = None) -> tuple[int, str, str]:
    previous = os.getcwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        selected = [] if "--select" in args else ["--select", SELECTED]
        result = CliRunner().invoke(app, ["check", "--isolated", "--no-color", "-j", "1", *selected, *args])
    finally:
        os.chdir(previous)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def as_json(*args: str, cwd: Path | None = None) -> tuple[int, dict[str, object]]:
    code, stdout, _ = invoke("--format", "json", *args, cwd=cwd)
    return code, json.loads(stdout)


# Writers of one file of bot replies, one per input format.
Writer = Callable[[Path, list[str]], Path]


def lines_file(name: str, head: str, line: Callable[[str], str]) -> Writer:
    """A writer of a text format: `head`, then one line per reply."""
    def write(folder: Path, replies: list[str]) -> Path:
        path = folder / name
        path.write_text(head + "".join(line(reply) + "\n" for reply in replies), encoding="utf-8")
        return path
    return write


txt = lines_file("script.txt", "", lambda reply: f"机器人：{reply}")
md = lines_file("script.md", "# 话术\n\n", lambda reply: f"- {reply}")
yaml_flow = lines_file("flow.yaml", "nodes:\n", lambda reply: f"  - say: {reply}")
jsonl = lines_file("calls.jsonl", "", lambda reply: json.dumps({"call_id": "1", "role": "bot", "text": reply},
                                                               ensure_ascii=False))
csv = lines_file("replies.csv", "reply\n", lambda reply: reply)


def json_flow(folder: Path, replies: list[str]) -> Path:
    path = folder / "flow.json"
    path.write_text(json.dumps({"nodes": [{"say": reply} for reply in replies]}, ensure_ascii=False, indent=2),
                    encoding="utf-8")
    return path


def xlsx(folder: Path, replies: list[str]) -> Path:
    book = openpyxl.Workbook()
    book.active.append(["回复"])
    for reply in replies:
        book.active.append([reply])
    path = folder / "library.xlsx"
    book.save(str(path))
    return path


def docx_document(folder: Path, replies: list[str]) -> Path:
    document = docx.Document()
    for reply in replies:
        document.add_paragraph(f"机器人：{reply}")
    path = folder / "script.docx"
    document.save(str(path))
    return path


WRITERS = {"txt": txt, "md": md, "yaml": yaml_flow, "json": json_flow, "jsonl": jsonl, "csv": csv, "xlsx": xlsx,
           "docx": docx_document}


@pytest.mark.parametrize("writer", WRITERS.values(), ids=WRITERS.keys())
def test_baseline_on_every_format(tmp_path: Path, writer: Writer) -> None:
    baseline = tmp_path / ".scriptlint-baseline.json"
    path = writer(tmp_path, [DEADLINE, PHONE])
    code, stdout, stderr = invoke("--write-baseline", str(baseline), str(path))
    assert code == 0, stdout + stderr
    assert "已在基线" in stderr and "记录 2 个发现" in stderr
    entries = json.loads(baseline.read_text(encoding="utf-8"))["findings"]
    assert [(e["path"], e["code"], e["count"]) for e in entries] == [(path.name, "SL303", 1), (path.name, "SL402", 1)]

    # Lines inserted above and a new finding: only the new one is reported.
    writer(tmp_path, [*FILLER, DEADLINE, NEW, PHONE])
    code, payload = as_json("--baseline", str(baseline), str(path))
    findings = payload["findings"]
    assert isinstance(findings, list)
    assert [(f["code"], f["text"], f.get("baselined", False)) for f in findings] == [
        ("SL303", "24小时内到账", True), ("SL303", "48小时内退回", False), ("SL402", "138****5678", True)]
    assert code == 1
    summary = payload["summary"]
    assert isinstance(summary, dict)
    assert (summary["findings"], summary["baselined"], summary["removable"]) == (1, 2, [])

    # A finding fixed: its entry is removable; nothing new is left, so the run passes.
    writer(tmp_path, [*FILLER, DEADLINE])
    code, payload = as_json("--baseline", str(baseline), str(path))
    summary = payload["summary"]
    assert isinstance(summary, dict)
    assert code == 0
    assert [(e["path"], e["code"], e["count"]) for e in summary["removable"]] == [(path.name, "SL402", 1)]


def test_baseline_file_is_sorted_stable_versioned_and_masks_personal_data(tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    (tmp_path / "b").mkdir()
    second = txt(tmp_path / "b", [PHONE])
    first = csv(tmp_path, [NEW, DEADLINE, PHONE])
    assert invoke("--write-baseline", str(baseline), str(second), str(first))[0] == 0
    written = baseline.read_text(encoding="utf-8")
    assert "13812345678" not in written and "138****5678" in written
    data = json.loads(written)
    assert list(data) == ["findings", "version"] and data["version"] == 1
    keys = [(e["path"], e["code"], e["fingerprint"]) for e in data["findings"]]
    assert keys == sorted(keys) and [k[0] for k in keys] == ["b/script.txt", "replies.csv", "replies.csv", "replies.csv"]
    assert all(list(e) == sorted(e) for e in data["findings"])
    lines = written.splitlines()
    assert len(lines) == len(keys) + 5  # one entry per line
    assert all(json.loads(line.rstrip(",")) == entry for line, entry in zip(lines[2:-3], data["findings"]))
    # Written again from another folder (other relative paths given): the same bytes.
    os.chmod(baseline, 0o640)
    assert invoke("--write-baseline", "baseline.json", "replies.csv", "b", cwd=tmp_path)[0] == 0
    assert baseline.read_text(encoding="utf-8") == written
    assert baseline.stat().st_mode & 0o777 == 0o640  # the file's permissions are kept
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_duplicates_are_counted(tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    path = txt(tmp_path, [DEADLINE, DEADLINE])
    invoke("--write-baseline", str(baseline), str(path))
    assert json.loads(baseline.read_text(encoding="utf-8"))["findings"][0]["count"] == 2
    txt(tmp_path, [DEADLINE, *FILLER, DEADLINE, DEADLINE])
    code, payload = as_json("--baseline", str(baseline), str(path))
    findings = payload["findings"]
    assert isinstance(findings, list)
    assert code == 1 and [(f["line"], f.get("baselined", False)) for f in findings] == [
        (1, True), (5, True), (6, False)]


def test_text_output_hides_baselined_findings_and_lists_the_removable(tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    path = txt(tmp_path, [DEADLINE, PHONE])
    invoke("--write-baseline", str(baseline), str(path))
    txt(tmp_path, [DEADLINE, NEW])
    code, stdout, _ = invoke("--baseline", str(baseline), str(path))
    assert code == 1
    assert f"{path}:2:11: SL303" in stdout and f"{path}:1:" not in stdout
    assert "未显示：1 个已在基线中" in stdout
    assert "基线中有 1 个发现已不存在，可用 --write-baseline 更新基线" in stdout
    _, english, _ = invoke("--lang", "en", "--baseline", str(baseline), str(path))
    assert "not shown: 1 in the baseline" in english and "1 baselined finding(s) are gone" in english


def test_writing_a_baseline_for_some_files_or_rules_keeps_the_others(tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    first, second = txt(tmp_path, [DEADLINE, PHONE]), csv(tmp_path, [DEADLINE])
    invoke("--write-baseline", str(baseline), str(first), str(second))
    txt(tmp_path, [DEADLINE])  # PHONE fixed
    code, _, _ = invoke("--write-baseline", str(baseline), str(first))
    assert code == 0
    entries = [(e["path"], e["code"]) for e in json.loads(baseline.read_text(encoding="utf-8"))["findings"]]
    assert entries == [("replies.csv", "SL303"), ("script.txt", "SL303")]
    # Only SL402 ran: the SL303 entries are neither removable nor dropped.
    txt(tmp_path, [PHONE])
    code, payload = as_json("--select", "SL402", "--baseline", str(baseline), str(first))
    summary = payload["summary"]
    assert isinstance(summary, dict)
    assert code == 1 and summary["removable"] == []
    invoke("--select", "SL402", "--write-baseline", str(baseline), str(first))
    entries = [(e["path"], e["code"]) for e in json.loads(baseline.read_text(encoding="utf-8"))["findings"]]
    assert entries == [("replies.csv", "SL303"), ("script.txt", "SL303"), ("script.txt", "SL402")]


def test_baseline_config_key_is_relative_to_the_config_file(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "scripts").mkdir(parents=True)
    path = txt(project / "scripts", [DEADLINE])
    (project / "scriptlint.toml").write_text('baseline = "ci/baseline.json"\nselect = ["SL303"]\n',
                                             encoding="utf-8")
    (project / "ci").mkdir()
    result = CliRunner().invoke(app, ["check", "--config", str(project / "scriptlint.toml"), str(path)])
    assert result.exit_code == 2 and "ci/baseline.json: baseline file not found" in result.stderr
    CliRunner().invoke(app, ["check", "--config", str(project / "scriptlint.toml"),
                             "--write-baseline", str(project / "ci" / "baseline.json"), str(path)])
    entries = json.loads((project / "ci" / "baseline.json").read_text(encoding="utf-8"))["findings"]
    assert [e["path"] for e in entries] == ["../scripts/script.txt"]
    result = CliRunner().invoke(app, ["check", "--config", str(project / "scriptlint.toml"), str(path)])
    assert result.exit_code == 0


@pytest.mark.parametrize(("content", "message"), [
    ("{", "not a baseline file: Expecting property name enclosed in double quotes"),
    ('{"version": 2, "findings": []}', "not a baseline file of version 1"),
    ('{"version": 1, "findings": [{"path": "a.txt", "code": "SL303"}]}', "findings[0].fingerprint must be"),
    ('{"version": 1, "findings": [{"path": "a.txt", "code": "SL303", "fingerprint": "x", "count": 0}]}',
     "findings[0].count must be a whole number of at least 1"),
])
def test_a_file_that_is_no_baseline_is_an_error(tmp_path: Path, content: str, message: str) -> None:
    baseline = tmp_path / "baseline.json"
    baseline.write_text(content, encoding="utf-8")
    path = txt(tmp_path, [DEADLINE])
    for flag in ("--baseline", "--write-baseline"):
        code, _, stderr = invoke(flag, str(baseline), str(path))
        assert code == 2 and f"scriptlint: error: {baseline}: {message}" in stderr
    assert baseline.read_text(encoding="utf-8") == content  # never overwritten


def finding(path: str, utterance: str, start: int, end: int, line: int) -> Finding:
    return Finding(path, line, start + 1, line, end + 1, "SL303", "false-promise", Severity.WARNING, "m",
                   utterance[start:end], utterance=utterance, offset=start, offset_end=end)


def test_fingerprint_ignores_position_and_spelling_variants_but_not_the_words() -> None:
    base = finding("a.txt", DEADLINE, 6, 13, 1)
    assert fingerprint(base) == fingerprint(finding("a.txt", DEADLINE, 6, 13, 40))
    # Traditional characters and full-width digits normalize to the same words.
    assert fingerprint(base) == fingerprint(finding("a.txt", "您的退款會在２４小時內到賬。", 6, 13, 1))
    assert fingerprint(base) != fingerprint(finding("a.txt", NEW, 6, 13, 1))


def test_the_api_marks_results_in_parts() -> None:
    """A streamed file comes in parts: the counts carry over from part to part."""
    entry = Entry("a.txt", "SL303", fingerprint(finding("a.txt", DEADLINE, 6, 13, 1)), count=2)
    run = BaselineRun(Baseline(Path.cwd(), {entry.key: entry}), enabled_codes=lambda path: ["SL303"])
    parts = [FileResult("a.txt", [finding("a.txt", DEADLINE, 6, 13, n) for n in lines], complete=last)
             for lines, last in (([1], False), ([2, 3], True))]
    marked = [f.baselined for part in parts for f in run.mark(part).findings]
    assert marked == [True, True, False]
    assert run.finish() == (0, [])
