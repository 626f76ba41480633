"""`scriptlint report`: the sign-off report. Its verdict, every section, escaping of hostile
script text, personal data masked, byte-identical output with a pinned date, and the Markdown
and JSON forms."""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scriptlint.api import Linter
from scriptlint.cli import app
from scriptlint.config import Config
from scriptlint.lexicon import bundled_packs
from scriptlint.model import Finding, InputError, Severity
from scriptlint.rules import RULES
from scriptlint.signoff import ReportOptions, build_report, render
from scriptlint.signoff.collect import exemption_of
from scriptlint.signoff.content import FindingEntry, passes

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()
DATE = "2025-03-14"

OPENING = ("机器人：您好，我是星河银行的智能客服机器人，本次通话可能会被录音。\n"
           "机器人：来电是想介绍活动，如不需要可以直接说“不需要”或按1键结束通话。\n")
# Line 4 holds one finding: SL303 on 百分百 at column 5 (general.hundred-percent, with an alternative).
PROMISE = OPENING + "客户：真的吗？\n机器人：百分百有效，您放心。\n客户：那好吧。\n"
HOSTILE = ('<script>alert(1)</script>', '</textarea>', '"><img src=x onerror=alert(2)>')


def _report(tmp_path: Path, name: str, text: str, *args: str, encoding: str = "utf-8") -> tuple[int, str]:
    (tmp_path / name).write_bytes(text.encode(encoding))
    for existing in tmp_path.glob("report.*"):
        existing.unlink()
    suffix = next((a.split("=", 1)[1] for a in args if a.startswith("--suffix=")), ".html")
    out = tmp_path / f"report{suffix}"
    flags = [a for a in args if not a.startswith("--suffix=")]
    cwd = os.getcwd()
    os.chdir(tmp_path)  # paths as given: relative to the folder the command runs in
    try:
        result = runner.invoke(app, ["report", name, "-o", out.name, "--date", DATE, "--isolated", *flags])
    finally:
        os.chdir(cwd)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, out.read_text(encoding="utf-8")


def _entry(severity: Severity) -> FindingEntry:
    return FindingEntry(location="1", line=1, column=1, code="SL303", severity=severity, category="false-promise",
                        message="m", citation="c", before="", match="x", after="", role="bot")


# --- verdict -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("severities", "fail_on", "expected"), [
    ((), "warning", True),
    ((Severity.INFO,), "warning", True),
    ((Severity.INFO,), "info", False),
    ((Severity.WARNING,), "warning", False),
    ((Severity.WARNING,), "error", True),
    ((Severity.ERROR, Severity.WARNING), "error", False),
    ((Severity.ERROR,), "never", True),
])
def test_verdict_follows_the_fail_on_policy(severities: tuple[Severity, ...], fail_on: str, expected: bool) -> None:
    assert passes([_entry(s) for s in severities], 0, fail_on) is expected


def test_a_file_with_an_input_error_never_passes() -> None:
    assert passes([], 1, "never") is False
    assert passes([], 0, "never") is True


def test_overall_and_per_file_verdict(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(OPENING, encoding="utf-8")
    (tmp_path / "bad.txt").write_text(PROMISE, encoding="utf-8")
    linter = Linter(Config())
    report = build_report(linter, [str(tmp_path / "good.txt"), str(tmp_path / "bad.txt")], 1, ReportOptions(DATE))
    verdicts = {Path(s.path).name: s.passed for s in report.files}
    assert verdicts == {"good.txt": True, "bad.txt": False}
    assert report.passed is False
    assert [Path(s.path).name for s in report.files_by_severity()] == ["bad.txt", "good.txt"]
    lenient = build_report(Linter(Config(fail_on="never")), [str(tmp_path / "bad.txt")], 1, ReportOptions(DATE))
    assert lenient.passed is True and len(lenient.findings) == 1


def test_exit_codes_follow_the_verdict(tmp_path: Path) -> None:
    assert _report(tmp_path, "bad.txt", PROMISE)[0] == 1
    assert _report(tmp_path, "bad.txt", PROMISE, "--fail-on", "never")[0] == 0
    assert _report(tmp_path, "bad.txt", PROMISE, "--exit-zero")[0] == 0
    assert _report(tmp_path, "good.txt", OPENING)[0] == 0


# --- sections ----------------------------------------------------------------------------------

def test_every_section_of_the_html_report(tmp_path: Path) -> None:
    code, page = _report(tmp_path, "bad.txt", PROMISE, "--title", "理财外呼话术审核", "--reviewer", "王审核",
                         "--role", "合规专员")
    assert code == 1
    for section in ('id="header"', 'id="verdict"', 'id="chart"', 'id="files"', 'id="file-1"', 'id="inputs"',
                    'id="signoff"'):
        assert section in page
    # Header: title, date, tool version, scenario, rules, packs with SHA-256, effective config.
    assert "<h1>理财外呼话术审核</h1>" in page and DATE in page
    assert "scriptlint 0." in page or "scriptlint 1." in page
    assert "渠道 phone" in page and "方向 outbound" in page
    for rule in RULES:  # every rule runs by default, with its severity
        assert f"{rule.code} ({rule.severity.label('zh')})" in page
    general = bundled_packs()["general"]
    assert hashlib.sha256(general.read_bytes()).hexdigest() in page
    assert "<dt>fail-on</dt><dd>warning</dd>" in page and "<dt>speech-rate</dt><dd>4</dd>" in page
    # Verdict and counts.
    assert "总体结论：不通过" in page
    assert "检查文件 1 个，发现问题 1 个，输入错误 0 个" in page
    # The chart: inline SVG, one bar (one category), no script anywhere.
    chart = page[page.index('id="chart"'):page.index('id="files"')]
    assert chart.count("<svg") == 1 and chart.count("<rect") == 1 and "不实承诺" in chart
    assert "<script" not in page.lower() and "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    # The finding: line, code, message, citation, highlighted match, context with speakers, alternative.
    finding = page[page.index('id="file-1"'):page.index('id="inputs"')]
    assert "4 · SL303 · 错误 · 不实承诺" in finding
    assert '<span class="speaker">机器人</span><mark>百分百</mark>有效，您放心。' in finding
    assert "上一句 · 客户 (3)</span>真的吗？" in finding
    assert "下一句 · 客户 (5)</span>那好吧。" in finding
    assert "合规替代说法：" in finding and "依据：" in finding
    # Inputs: SHA-256, size, encoding, utterances of the bytes checked.
    data = (tmp_path / "bad.txt").read_bytes()
    inputs = page[page.index('id="inputs"'):page.index('id="signoff"')]
    assert hashlib.sha256(data).hexdigest() in inputs
    assert f"<td>{len(data)}</td><td>utf-8</td><td>5</td>" in inputs
    # Sign-off block.
    signoff = page[page.index('id="signoff"'):]
    for word in ("王审核", "合规专员", "批准", "驳回", "有条件批准", "附加条件", "签字"):
        assert word in signoff
    # Self-contained and printable: CJK font stack, A4, a page per file, rows kept whole.
    for css in ('"Noto Sans CJK SC"', '"PingFang SC"', '"Microsoft YaHei"', "size: A4", "break-before: page",
                "break-inside: avoid"):
        assert css in page
    assert "@import" not in page and "url(" not in page


def test_encoding_and_utterances_come_from_the_read(tmp_path: Path) -> None:
    _, page = _report(tmp_path, "gb.txt", PROMISE, encoding="gb18030")
    data = (tmp_path / "gb.txt").read_bytes()
    assert f"<td>{hashlib.sha256(data).hexdigest()}</td><td>{len(data)}</td><td>gb18030</td><td>5</td>" \
        in page.replace(' class="hash"', "")


def test_english_report(tmp_path: Path) -> None:
    _, page = _report(tmp_path, "bad.txt", PROMISE, "--lang", "en")
    assert '<html lang="en">' in page
    for words in ("Overall: FAIL", "4 · SL303 · error · false-promise", "Compliant alternative", "Approved with conditions"):
        assert words in page
    assert "不通过" not in page


def test_the_date_is_checked(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(OPENING, encoding="utf-8")
    result = runner.invoke(app, ["report", str(tmp_path / "a.txt"), "--date", "2025-13-40", "--isolated"])
    assert result.exit_code == 2 and "--date" in result.output


def test_standard_input_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="standard input"):
        build_report(Linter(Config()), ["-"], 1, ReportOptions(DATE))


def test_a_file_changed_during_the_run_stops_the_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    script = tmp_path / "bad.txt"
    script.write_text(PROMISE, encoding="utf-8")
    linter = Linter(Config())
    linted = linter.iter_paths

    def edit_after_lint(*args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        for result in linted(*args, **kwargs):  # type: ignore[arg-type]
            script.write_text(PROMISE + "机器人：再见。\n", encoding="utf-8")
            yield result

    monkeypatch.setattr(linter, "iter_paths", edit_after_lint)
    with pytest.raises(InputError, match="changed while the report was being made"):
        build_report(linter, [str(script)], 1, ReportOptions(DATE))


# --- escaping and personal data ----------------------------------------------------------------

def test_hostile_script_text_is_shown_as_text(tmp_path: Path) -> None:
    line = "机器人：" + "".join(HOSTILE) + "百分百有效。\n"
    code, page = _report(tmp_path, "x.txt", OPENING + line + "客户：" + HOSTILE[1] + HOSTILE[2] + "\n")
    assert code == 1
    lowered = page.lower()
    assert "<script" not in lowered and "<img" not in lowered and "</textarea" not in lowered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;/textarea&gt;" in page
    assert "&quot;&gt;&lt;img src=x onerror=alert(2)&gt;" in page
    _, markdown = _report(tmp_path, "x.txt", OPENING + line, "--suffix=.md")
    assert "<script" not in markdown.lower() and "<img" not in markdown.lower()
    assert "&lt;script&gt;" in markdown


def test_a_hostile_title_and_reviewer_are_escaped(tmp_path: Path) -> None:
    _, page = _report(tmp_path, "a.txt", OPENING, "--title", HOSTILE[0], "--reviewer", HOSTILE[2])
    assert "<script" not in page.lower() and "<img" not in page.lower()
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>" in page


PHONE = "13812345678"


def test_personal_data_is_masked_unless_asked(tmp_path: Path) -> None:
    text = OPENING + f"客户：我的电话是{PHONE}。\n机器人：百分百有效，回电{PHONE}。\n"
    _, masked = _report(tmp_path, "p.txt", text)
    assert PHONE not in masked and "138****5678" in masked
    assert "已遮盖（未使用 --show-pii）" in masked
    _, shown = _report(tmp_path, "p.txt", text, "--show-pii")
    assert PHONE in shown and "未遮盖（使用了 --show-pii）" in shown
    _, data = _report(tmp_path, "p.txt", text, "--suffix=.json")
    assert PHONE not in data and json.loads(data)["header"]["personal_data"] == "masked"


# --- suppressed and baselined findings ---------------------------------------------------------

def _finding(**extra: object) -> Finding:
    return Finding(path="a.txt", line=4, column=5, end_line=4, end_column=8, code="SL303", category="false-promise",
                   severity=Severity.ERROR, message="m", text="百分百", utterance="百分百有效", offset=0, offset_end=3,
                   **extra)  # type: ignore[arg-type]


FIELDS = {f.name for f in dataclasses.fields(Finding)}


@pytest.mark.skipif("suppressed" not in FIELDS, reason="Finding has no `suppressed` field yet (suppressions not merged)")
def test_a_suppressed_finding_is_listed_apart_with_its_reason() -> None:
    exemption = exemption_of(_finding(suppressed="活动条款已由法务确认"))
    assert exemption is not None and exemption.kind == "suppressed" and exemption.reason == "活动条款已由法务确认"
    assert exemption_of(_finding()) is None


@pytest.mark.skipif("baselined" not in FIELDS, reason="Finding has no `baselined` field yet (baseline not merged)")
def test_a_baselined_finding_is_listed_apart() -> None:
    exemption = exemption_of(_finding(baselined=True))
    assert exemption is not None and exemption.kind == "baselined" and exemption.reason is None


def test_exempted_findings_do_not_count_but_are_shown() -> None:
    """Whatever shape the fields take when they land, an exempted finding stays in the report,
    apart, with its reason, and out of the verdict (a stand-in object with the fields)."""

    @dataclasses.dataclass(frozen=True)
    class Suppressed:
        reason: str

    class Marked:
        def __init__(self, finding: Finding, **fields: object) -> None:
            self._finding = finding
            self.__dict__.update(fields)

        def __getattr__(self, name: str) -> object:
            return getattr(self._finding, name)

    base = _finding()
    assert exemption_of(Marked(base, suppressed=Suppressed("已批准的例外")))  # type: ignore[arg-type]
    found = exemption_of(Marked(base, suppressed=Suppressed(f"客户{PHONE}同意")))  # type: ignore[arg-type]
    assert found is not None and PHONE not in (found.reason or "")
    found = exemption_of(Marked(base, baselined=True))  # type: ignore[arg-type]
    assert found is not None and found.kind == "baselined"


# --- the three forms, and reproducibility --------------------------------------------------------

def test_json_form_holds_the_same_content(tmp_path: Path) -> None:
    _, text = _report(tmp_path, "bad.txt", PROMISE, "--suffix=.json", "--reviewer", "王审核")
    data = json.loads(text)
    assert data["verdict"]["passed"] is False
    assert data["verdict"]["by_severity"] == {"error": 1, "warning": 0, "info": 0}
    assert data["verdict"]["by_category"] == {"false-promise": 1}
    finding = data["files"][0]["findings"][0]
    assert (finding["line"], finding["column"], finding["code"]) == (4, 5, "SL303")
    assert finding["utterance"]["match"] == "百分百" and finding["utterance"]["role"] == "bot"
    assert finding["previous"] == {"role": "customer", "location": "3", "text": "真的吗？"}
    assert finding["alternative"] and finding["citation"]
    assert data["inputs"][0]["sha256"] == hashlib.sha256((tmp_path / "bad.txt").read_bytes()).hexdigest()
    assert data["inputs"][0]["utterances"] == 5 and data["inputs"][0]["encoding"] == "utf-8"
    assert {p["name"] for p in data["header"]["packs"]} == {"general"}
    assert all(re.fullmatch(r"[0-9a-f]{64}", p["sha256"]) for p in data["header"]["packs"])
    assert data["signoff"] == {"reviewer": "王审核", "role": None, "date": DATE, "decision": None,
                               "decisions": ["approve", "reject", "conditional"], "conditions": None}


def test_markdown_form(tmp_path: Path) -> None:
    _, text = _report(tmp_path, "bad.txt", PROMISE, "--suffix=.md")
    assert text.startswith("# 话术合规审核报告\n")
    for heading in ("## 审核结论", "## 各文件结果（按严重程度排序）", "## 文件 1: bad.txt", "## 输入文件", "## 审批签字"):
        assert f"\n{heading}\n" in text
    assert "**总体结论：不通过**" in text
    assert "- **4 · SL303 · 错误 · 不实承诺**：" in text
    assert "原话 · 机器人：**百分百**有效，您放心。" in text
    assert "| bad.txt | 不通过 | 1 | 0 | 0 | 0 |" in text


def test_format_flag_wins_over_the_suffix(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(PROMISE, encoding="utf-8")
    result = runner.invoke(app, ["report", str(tmp_path / "a.txt"), "--format", "json", "--date", DATE, "--isolated"])
    assert json.loads(result.stdout)["header"]["date"] == DATE
    result = runner.invoke(app, ["report", str(tmp_path / "a.txt"), "--format", "pdf", "--isolated"])
    assert result.exit_code == 2


def _run_report(cwd: Path, out: str, jobs: str, seed: str) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT / "src")}
    subprocess.run([sys.executable, "-m", "scriptlint", "report", "scripts", "-o", out, "--date", DATE,
                    "--jobs", jobs, "--isolated", "--reviewer", "王审核"], cwd=cwd, env=env, check=False,
                   capture_output=True)
    return (cwd / out).read_bytes()


@pytest.mark.parametrize("name", ["report.html", "report.md", "report.json"])
def test_byte_identical_with_a_pinned_date(tmp_path: Path, name: str) -> None:
    shutil.copytree(ROOT / "examples", tmp_path / "scripts")
    first = _run_report(tmp_path, name, "1", "0")
    assert b"examples" not in first and str(tmp_path).encode() not in first  # paths as given
    assert _run_report(tmp_path, name, "2", "1") == first
    assert _run_report(tmp_path, name, "1", "12345") == first
    assert DATE.encode() in first


def test_a_report_of_the_examples_covers_every_file(tmp_path: Path) -> None:
    report = build_report(Linter(Config()), [str(ROOT / "examples")], 1, ReportOptions(DATE))
    examples = sorted(p.name for p in (ROOT / "examples").iterdir())
    assert sorted(Path(s.path).name for s in report.files) == examples
    assert all(s.input.sha256 and s.input.utterances > 0 for s in report.files)
    page = render(report, "html")
    assert page.count('<section class="file"') == len(examples)


def test_an_input_error_is_reported_and_fails_its_file(tmp_path: Path) -> None:
    code, page = _report(tmp_path, "broken.json", '{"nodes": [}')
    assert code == 2
    assert "broken.json" in page and "invalid JSON" in page
    assert "总体结论：不通过" in page and "输入错误 1 个" in page


def test_the_rules_listed_are_those_of_the_files_the_walk_keeps(tmp_path: Path) -> None:
    # A file the config excludes is neither linted nor counted among the files the rules ran on:
    # here every linted file ignores SL303, so the header must not list it.
    (tmp_path / "kept").mkdir()
    (tmp_path / "drafts").mkdir()
    (tmp_path / "kept" / "a.txt").write_text(PROMISE, encoding="utf-8")
    (tmp_path / "drafts" / "b.txt").write_text(PROMISE, encoding="utf-8")
    config = Config(exclude=("drafts/",), per_file_ignores=(("kept/*.txt", ("SL303",)),), root=str(tmp_path))
    report = build_report(Linter(config), [str(tmp_path)], 1, ReportOptions(DATE))
    assert [Path(s.path).name for s in report.files] == ["a.txt"]
    assert "SL303" not in dict(report.header.rules)
