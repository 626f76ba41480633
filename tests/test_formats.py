"""Output formats: concise, json, jsonl, sarif, github, gitlab, junit, --statistics, --output-file,
--exit-zero; severity overrides; --version and -h; explain and rules in Chinese; colour and the
progress bar decision."""
from __future__ import annotations

import io
import json
import os
import re
import stat
import threading
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from scriptlint import Linter
from scriptlint.cli import app
from scriptlint.config import Config, ConfigError, load_config, setting_named
from scriptlint.meta import REPOSITORY_URL, package_version
from scriptlint.model import CATEGORIES, FileResult, Finding, InputError, Severity, category_name
from scriptlint.reporters import FORMATS, OUTPUT_FORMATS, Summary, make_reporter
from scriptlint.reporters.destination import atomic_text_file
from scriptlint.reporters.github import escape_data, escape_property
from scriptlint.reporters.shared import path_uri
from scriptlint.rules import REGISTRY
from scriptlint.terminal import LARGE_FILE, MANY_FILES, resolve_color, wants_progress

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
runner = CliRunner()

# Line 2: two SL303 findings (24小时内到账 at 3-10, 绝对 at 11-13, end exclusive); line 3: a
# mobile number (SL402 at 6-17), masked as 159****4321 unless --show-pii.
REPLIES = "text\n退款24小时内到账，绝对没问题。\n请把手机号15987654321发给我。\n"
PHONE, MASKED_PHONE = "15987654321", "159****4321"


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder to run in, so that reported paths are relative to it."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "r.csv").write_text(REPLIES, encoding="utf-8")
    return tmp_path


def check(*args: str, env: dict[str, str] | None = None) -> Any:
    return runner.invoke(app, ["check", "--isolated", *args], env=env)


def finding(message: str = "m", path: str = "a.txt", severity: Severity = Severity.WARNING, **fields: Any) -> Finding:
    values: dict[str, Any] = {"line": 2, "column": 3, "end_line": 2, "end_column": 5, "code": "SL303",
                              "category": "false-promise", "text": "保证", "utterance": "我们保证到账", "offset": 2,
                              "offset_end": 4}
    values.update(fields)
    return Finding(path=path, severity=severity, message=message, **values)


def render(name: str, *results: FileResult, show_pii: bool = False) -> str:
    stream = io.StringIO()
    reporter = make_reporter(name, stream, "zh", show_pii, False)
    summary = Summary()
    for result in results:
        reporter.file(result)
        summary.add(result)
    reporter.finish(summary)
    return stream.getvalue()


# --- the table of formats ----------------------------------------------------------------------


def test_every_format_is_in_the_table_and_in_the_format_setting() -> None:
    assert FORMATS == ("text", "concise", "json", "jsonl", "sarif", "github", "gitlab", "junit")
    assert setting_named("format").allowed() == FORMATS
    for output in OUTPUT_FORMATS:
        assert (ROOT / "src" / "scriptlint" / "reporters" / f"{output.module}.py").is_file()
    with pytest.raises(ValueError, match="unknown format"):
        make_reporter("xml", io.StringIO())


def test_every_format_reports_nothing_for_no_findings_and_stays_parseable() -> None:
    clean = FileResult("clean.txt")
    assert render("concise", clean) == "" and render("github", clean) == ""
    assert json.loads(render("json", clean))["findings"] == []
    assert render("jsonl", clean) == ""
    assert json.loads(render("gitlab", clean)) == []
    assert json.loads(render("sarif", clean))["runs"][0]["results"] == []
    suite = ET.fromstring(render("junit", clean))[0]
    assert (suite.get("tests"), suite.get("failures"), [c.get("name") for c in suite]) == ("1", "0", ["clean.txt"])


# --- concise -----------------------------------------------------------------------------------


def test_concise_is_one_line_per_finding(project: Path) -> None:
    result = check("--format", "concise", "r.csv")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert [line.split(" ", 2)[:2] for line in lines] == [["r.csv:2:3:", "SL303"], ["r.csv:2:11:", "SL303"],
                                                          ["r.csv:3:6:", "SL402"]]
    assert PHONE not in result.stdout and MASKED_PHONE in lines[2]


def test_concise_keeps_a_message_with_a_line_break_on_one_line() -> None:
    out = render("concise", FileResult("a.txt", [finding("第一行\n第二行")]))
    assert out == "a.txt:2:3: SL303 第一行 第二行\n"


# --- jsonl -------------------------------------------------------------------------------------


def test_jsonl_lines_are_findings_then_errors_with_a_type(project: Path) -> None:
    (project / "bad.jsonl").write_text('{"role": "bot", "text": "您好"}\n{not json\n', encoding="utf-8")
    result = check("--format", "jsonl", "r.csv", "bad.jsonl")
    assert result.exit_code == 2
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["type"], r["path"], r["line"]) for r in records if r["type"] == "error"] == [("error", "bad.jsonl", 2)]
    findings = [r for r in records if r["type"] == "finding"]
    assert [(f["path"], f["line"], f["column"], f["end_column"], f["code"]) for f in findings if f["path"] == "r.csv"] == [
        ("r.csv", 2, 3, 10, "SL303"), ("r.csv", 2, 11, 13, "SL303"), ("r.csv", 3, 6, 17, "SL402")]
    json_run = check("--format", "json", "r.csv", "bad.jsonl")
    assert [{k: v for k, v in f.items()} for f in json.loads(json_run.stdout)["findings"]] == [
        {k: v for k, v in f.items() if k != "type"} for f in findings]


def test_jsonl_error_messages_are_masked() -> None:
    error = InputError("calls.jsonl", f"line is not JSON: {{{PHONE}", 4)
    masked = json.loads(render("jsonl", FileResult("calls.jsonl", errors=[error])))
    assert masked == {"type": "error", "path": "calls.jsonl", "line": 4, "message": "line is not JSON: {159****4321"}
    assert PHONE in render("jsonl", FileResult("calls.jsonl", errors=[error]), show_pii=True)


# --- SARIF -------------------------------------------------------------------------------------


def sarif_of(*args: str) -> dict[str, Any]:
    result = check("--format", "sarif", *args)
    assert result.exit_code in (0, 1, 2), result.output
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def validate_sarif(document: dict[str, Any]) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema).validate(document)


def test_sarif_validates_against_the_oasis_schema(project: Path) -> None:
    (project / "sub dir").mkdir()
    (project / "sub dir" / "话术 100%.txt").write_text("机器人：这款理财保本保息。\n", encoding="utf-8")
    (project / "broken.yaml").write_text("nodes: [\n", encoding="utf-8")
    document = sarif_of("r.csv", "sub dir", "broken.yaml", str(ROOT / "examples"))
    validate_sarif(document)
    run = document["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
    assert "sub%20dir/%E8%AF%9D%E6%9C%AF%20100%25.txt" in uris and "r.csv" in uris
    assert not any(uri.startswith("/") for uri in uris)  # examples/ outside the folder: ../…
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    [notification] = invocation["toolExecutionNotifications"]
    assert notification["level"] == "error"
    assert notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "broken.yaml"


def test_sarif_driver_describes_every_rule(project: Path) -> None:
    document = sarif_of("r.csv")
    assert document["version"] == "2.1.0"
    driver = document["runs"][0]["tool"]["driver"]
    assert (driver["name"], driver["version"], driver["informationUri"]) == ("scriptlint", package_version(),
                                                                           REPOSITORY_URL)
    assert [rule["id"] for rule in driver["rules"]] == [rule.code for rule in REGISTRY.rules]
    catalogue = (ROOT / "docs" / "rule-catalogue.md").read_text(encoding="utf-8")
    for described, rule in zip(driver["rules"], REGISTRY.rules):
        assert described["name"] == rule.name
        assert described["shortDescription"]["text"] == rule.summary("zh")
        assert described["fullDescription"]["text"] == " ".join(rule.doc.what_zh.split())
        assert described["help"]["text"] == rule.doc_text("zh")
        assert f"**What it does.** {' '.join(rule.doc.what.split())}" in described["help"]["markdown"]
        # The anchor is GitHub's for the catalogue's heading of the rule.
        uri, anchor = described["helpUri"].split("#")
        assert uri == f"{REPOSITORY_URL}/blob/main/docs/rule-catalogue.md"
        heading = next(line[3:] for line in catalogue.splitlines() if line.startswith(f"## {rule.code} "))
        assert anchor == re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")
        assert described["defaultConfiguration"]["level"] == {"error": "error", "warning": "warning"}[rule.severity.value]


def test_sarif_results_point_at_the_finding(project: Path) -> None:
    results = sarif_of("r.csv")["runs"][0]["results"]
    rules = [rule.code for rule in REGISTRY.rules]
    located = [(r["ruleId"], r["level"], r["locations"][0]["physicalLocation"]["region"]) for r in results]
    assert located == [
        ("SL303", "warning", {"startLine": 2, "startColumn": 3, "endLine": 2, "endColumn": 10,
                              "snippet": {"text": "24小时内到账"}}),
        ("SL303", "warning", {"startLine": 2, "startColumn": 11, "endLine": 2, "endColumn": 13,
                              "snippet": {"text": "绝对"}}),
        ("SL402", "error", {"startLine": 3, "startColumn": 6, "endLine": 3, "endColumn": 17,
                            "snippet": {"text": MASKED_PHONE}}),
    ]
    assert all(rules[r["ruleIndex"]] == r["ruleId"] for r in results)
    assert results[2]["message"]["text"] == "存在未脱敏的手机号，请脱敏（如 159****4321）后再保存或使用。"
    assert results[0]["properties"]["entry"] == "general.unhedged-deadline"


def test_sarif_level_follows_the_overridden_severity(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.scriptlint.severity]\nSL303 = "info"\n', encoding="utf-8")
    result = runner.invoke(app, ["check", "--format", "sarif", "r.csv"])
    levels = [(r["ruleId"], r["level"]) for r in json.loads(result.stdout)["runs"][0]["results"]]
    assert levels == [("SL303", "note"), ("SL303", "note"), ("SL402", "error")]


def fingerprints(document: dict[str, Any]) -> list[tuple[str, int, str]]:
    return [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"],
             r["partialFingerprints"]["scriptlintFinding/v1"]) for r in document["runs"][0]["results"]]


def test_sarif_fingerprints_survive_a_blank_line_inserted_above(project: Path) -> None:
    script = project / "s.txt"
    lines = ["机器人：您好，我是XX银行的智能客服机器人，本次通话可能会被录音。",
             "机器人：本次来电是想介绍理财，如不需要可以直接说“不需要”。",
             "机器人：这款产品保本保息，绝对没问题。"]
    script.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = fingerprints(sarif_of("--industry", "finance", "s.txt"))
    script.write_text("\n" + "\n".join(lines) + "\n", encoding="utf-8")
    after = fingerprints(sarif_of("--industry", "finance", "s.txt"))
    assert before and [line for _, line, _ in before] == [3] * len(before)
    assert [(code, line + 1, fp) for code, line, fp in before] == after
    assert len({fp for _, _, fp in before}) == len(before)


def test_sarif_fingerprints_tell_identical_lines_apart_and_change_with_the_text(project: Path) -> None:
    (project / "twice.csv").write_text("text\n绝对没问题。\n绝对没问题。\n绝对不会错。\n", encoding="utf-8")
    found = fingerprints(sarif_of("twice.csv"))
    assert [(code, line) for code, line, _ in found] == [("SL303", 2), ("SL303", 3), ("SL303", 4)]
    assert len({fp for _, _, fp in found}) == 3


# --- GitHub ------------------------------------------------------------------------------------

GITHUB_COMMAND = re.compile(r"::(error|warning|notice) ((?:[A-Za-z]+=[^,:\r\n]*)(?:,[A-Za-z]+=[^,:\r\n]*)*)::(.*)")


def test_github_annotations_with_severities(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.scriptlint.severity]\nSL402 = "info"\n', encoding="utf-8")
    result = runner.invoke(app, ["check", "--format", "github", "r.csv"])
    assert result.stdout.splitlines() == [
        "::warning file=r.csv,line=2,col=3,endLine=2,endColumn=10,title=SL303::按小时或天数计的时限承诺需留余地：说明“预计”并注明以实际处理为准。",
        "::warning file=r.csv,line=2,col=11,endLine=2,endColumn=13,title=SL303::避免“绝对”类承诺，说明实际情况和条件。",
        "::notice file=r.csv,line=3,col=6,endLine=3,endColumn=17,title=SL402::存在未脱敏的手机号，请脱敏（如 159****4321）后再保存或使用。",
    ]


def test_github_escapes_hostile_messages_and_paths() -> None:
    hostile = finding("100% sure\r\n::error file=x.txt::injected, a:b", path="we,ird:na%me\nx.txt",
                      severity=Severity.ERROR)
    error = InputError("bad,file.yaml", "invalid YAML:\nline 3", 3)
    lines = render("github", FileResult("we,ird:na%me\nx.txt", [hostile]), FileResult("bad,file.yaml", errors=[error]))
    assert lines.splitlines() == [
        "::error file=we%2Cird%3Ana%25me%0Ax.txt,line=2,col=3,endLine=2,endColumn=5,title=SL303"
        "::100%25 sure%0D%0A::error file=x.txt::injected, a:b",
        "::error file=bad%2Cfile.yaml,line=3,title=scriptlint::invalid YAML:%0Aline 3",
    ]
    for line in lines.splitlines():
        assert GITHUB_COMMAND.fullmatch(line), line
    assert escape_data("%\r\n:,") == "%25%0D%0A:," and escape_property("%\r\n:,") == "%25%0D%0A%3A%2C"


# --- GitLab ------------------------------------------------------------------------------------


def test_gitlab_code_quality_issues(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.scriptlint.severity]\nSL303 = "info"\n', encoding="utf-8")
    result = runner.invoke(app, ["check", "--format", "gitlab", "--fail-on", "info", "r.csv"])
    assert result.exit_code == 1
    issues = json.loads(result.stdout)
    assert [{k: v for k, v in issue.items() if k != "fingerprint"} for issue in issues] == [
        {"description": "SL303 按小时或天数计的时限承诺需留余地：说明“预计”并注明以实际处理为准。", "check_name": "SL303",
         "severity": "info", "location": {"path": "r.csv", "lines": {"begin": 2, "end": 2}}},
        {"description": "SL303 避免“绝对”类承诺，说明实际情况和条件。", "check_name": "SL303",
         "severity": "info", "location": {"path": "r.csv", "lines": {"begin": 2, "end": 2}}},
        {"description": "SL402 存在未脱敏的手机号，请脱敏（如 159****4321）后再保存或使用。", "check_name": "SL402",
         "severity": "critical", "location": {"path": "r.csv", "lines": {"begin": 3, "end": 3}}},
    ]
    assert len({issue["fingerprint"] for issue in issues}) == 3
    assert all(re.fullmatch(r"[0-9a-f]{64}", issue["fingerprint"]) for issue in issues)


def test_gitlab_severity_mapping_and_input_errors() -> None:
    results = [FileResult("a.txt", [finding(severity=s, line=n) for n, s in enumerate(Severity, start=1)]),
               FileResult("b.yaml", errors=[InputError("b.yaml", "invalid YAML", None)])]
    issues = json.loads(render("gitlab", *results))
    assert [(i["check_name"], i["severity"], i["location"]["lines"]["begin"]) for i in issues] == [
        ("SL303", "info", 1), ("SL303", "major", 2), ("SL303", "critical", 3), ("input-error", "blocker", 1)]


# --- JUnit -------------------------------------------------------------------------------------


def test_junit_one_suite_a_case_per_file_a_failure_per_finding(project: Path) -> None:
    (project / "ok.csv").write_text("text\n好的，已为您查询，订单预计明天送达。\n", encoding="utf-8")
    result = check("--format", "junit", "r.csv", "ok.csv")
    assert result.stdout.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = ET.fromstring(result.stdout.encode("utf-8"))
    assert root.tag == "testsuites" and len(root) == 1
    suite = root[0]
    assert (suite.get("name"), suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("scriptlint", "2", "3", "0")
    cases = {case.get("name"): case for case in suite.iter("testcase")}
    assert list(cases) == ["ok.csv", "r.csv"]
    assert len(cases["ok.csv"]) == 0
    failures = cases["r.csv"].findall("failure")
    assert [(f.get("type"), (f.get("message") or "").split(" ")[0]) for f in failures] == [
        ("SL303", "2:3"), ("SL303", "2:11"), ("SL402", "3:6")]
    assert failures[2].text == f"r.csv:3:6: SL402 error 存在未脱敏的手机号，请脱敏（如 159****4321）后再保存或使用。\n{MASKED_PHONE}"
    assert PHONE not in result.stdout


def test_junit_escapes_markup_and_drops_what_xml_cannot_hold() -> None:
    hostile = finding('<b>"&"</b> ]]> \x01\x1b end', path="a&b<c>.txt")
    error = InputError("x.yaml", "bad <yaml> & \x00", 2)
    xml = render("junit", FileResult("a&b<c>.txt", [hostile]), FileResult("x.yaml", errors=[error]))
    root = ET.fromstring(xml.encode("utf-8"))  # well-formed
    failure = root.find("./testsuite/testcase/failure")
    assert failure is not None
    assert failure.get("message") == '2:3 SL303 <b>"&"</b> ]]> \ufffd\ufffd end'
    assert root.find("./testsuite/testcase").get("name") == "a&b<c>.txt"  # type: ignore[union-attr]
    error_element = root.find("./testsuite/testcase[@name='x.yaml']/error")
    assert error_element is not None and error_element.text == "x.yaml:2: bad <yaml> & \ufffd"
    assert root[0].get("errors") == "1"


# --- masking, in every format -------------------------------------------------------------------


@pytest.mark.parametrize("name", FORMATS)
def test_every_format_masks_personal_data_unless_asked(project: Path, name: str) -> None:
    masked = check("--format", name, "r.csv")
    assert PHONE not in masked.stdout and MASKED_PHONE in masked.stdout
    shown = check("--format", name, "--show-pii", "r.csv")
    if name in ("text", "json", "jsonl", "sarif", "junit"):  # the formats that carry the matched text
        assert PHONE in shown.stdout


@pytest.mark.parametrize("name", FORMATS)
def test_every_format_reports_files_in_path_order(project: Path, name: str) -> None:
    (project / "a.csv").write_text("text\n保证到账。\n", encoding="utf-8")
    out = check("--format", name, "r.csv", "a.csv").stdout
    assert "r.csv" in out and out.index("a.csv") < out.index("r.csv")


# --- --statistics, --output-file, --exit-zero ------------------------------------------------


def test_statistics_table_and_json(project: Path) -> None:
    table = check("--statistics", "r.csv")
    assert table.exit_code == 1
    rule = {rule.code: rule for rule in REGISTRY.rules}
    assert table.stdout.splitlines() == [f"2  SL303  {rule['SL303'].summary('zh')}", f"1  SL402  {rule['SL402'].summary('zh')}"]
    rows = json.loads(check("--statistics", "--format", "json", "--lang", "en", "r.csv").stdout)
    assert rows == [
        {"code": "SL303", "name": "false-promise", "category": "false-promise", "count": 2,
         "summary": rule["SL303"].summary("en")},
        {"code": "SL402", "name": rule["SL402"].name, "category": "pii-exposure", "count": 1,
         "summary": rule["SL402"].summary("en")},
    ]
    refused = check("--statistics", "--format", "sarif", "r.csv")
    assert refused.exit_code == 2 and "--statistics" in refused.output


def test_output_file_is_written_whole_and_replaces_the_old_one(project: Path) -> None:
    target = project / "report.sarif"
    target.write_text("old", encoding="utf-8")
    result = check("--format", "sarif", "--output-file", str(target), "r.csv")
    assert result.exit_code == 1 and result.stdout == ""
    assert len(json.loads(target.read_text(encoding="utf-8"))["runs"][0]["results"]) == 3
    assert [p.name for p in project.iterdir() if p.name.startswith(".report")] == []  # no temporary left


def test_output_file_in_a_missing_folder_is_an_error(project: Path) -> None:
    result = check("-o", str(project / "no" / "such" / "report.json"), "r.csv")
    assert result.exit_code == 2
    assert "--output-file: the folder" in result.output and not (project / "no").exists()
    assert check("-o", str(project), "r.csv").exit_code == 2  # a folder is not a file


def test_an_interrupted_report_leaves_the_old_file(project: Path) -> None:
    target = project / "report.json"
    target.write_text("previous report", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt), atomic_text_file(target) as stream:
        stream.write('{"half": ')
        raise KeyboardInterrupt
    assert target.read_text(encoding="utf-8") == "previous report"
    assert sorted(p.name for p in project.iterdir()) == ["r.csv", "report.json"]


def test_exit_zero_but_input_errors_still_exit_2(project: Path) -> None:
    assert check("--exit-zero", "r.csv").exit_code == 0
    (project / "broken.yaml").write_text("nodes: [\n", encoding="utf-8")
    assert check("--exit-zero", "r.csv", "broken.yaml").exit_code == 2


# --- severity overrides and the info level -----------------------------------------------------


def test_severity_overrides_from_the_config_file(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.scriptlint.severity]\nfalse-promise = "info"\nSL402 = "warning"\n', encoding="utf-8")
    config = load_config(cwd=project)
    assert config.severity == (("false-promise", "info"), ("SL402", "warning"))
    findings = Linter(config).check_file("r.csv").findings
    assert [(f.code, f.severity.value) for f in findings] == [("SL303", "info"), ("SL303", "info"), ("SL402", "warning")]


def test_a_code_wins_over_its_category_and_off_does_not_run_the_rule() -> None:
    text = "退款24小时内到账，绝对没问题。电话13812345678"
    linter = Linter(Config(severity={"false-promise": "off", "SL303": "error"}))
    assert {(f.code, f.severity.value) for f in linter.check_text(text)} == {("SL303", "error"), ("SL402", "error")}
    off = Linter(Config(severity={"SL303": "off"}))
    assert [f.code for f in off.check_text(text)] == ["SL402"]


def test_info_findings_fail_only_with_fail_on_info(project: Path) -> None:
    (project / "w.csv").write_text("text\n绝对没问题。\n", encoding="utf-8")
    (project / "pyproject.toml").write_text('[tool.scriptlint.severity]\nSL303 = "info"\n', encoding="utf-8")
    quiet = runner.invoke(app, ["check", "w.csv"])
    assert quiet.exit_code == 0 and "SL303" in quiet.stdout
    assert runner.invoke(app, ["check", "--fail-on", "info", "w.csv"]).exit_code == 1


def test_info_findings_are_dimmed_in_colour() -> None:
    stream = io.StringIO()
    reporter = make_reporter("text", stream, "zh", False, True)
    reporter.file(FileResult("a.txt", [finding(severity=Severity.INFO)]))
    warning = io.StringIO()
    make_reporter("text", warning, "zh", False, True).file(FileResult("a.txt", [finding()]))

    def first_style(out: str) -> list[str]:
        match = re.match(r"\x1b\[([\d;]*)m", out)
        assert match is not None, out
        return match.group(1).split(";")

    assert "2" in first_style(stream.getvalue())  # SGR 2: dim
    assert "2" not in first_style(warning.getvalue())


@pytest.mark.parametrize(("table", "key"), [
    ('SL999 = "error"', "severity.SL999"),
    ('SL3 = "error"', "severity.SL3"),
    ('SL303 = "fatal"', "severity.SL303"),
    ("SL303 = 3", "severity.SL303"),
])
def test_bad_severity_overrides_name_the_key(tmp_path: Path, table: str, key: str) -> None:
    path = tmp_path / "scriptlint.toml"
    path.write_text(f"[severity]\n{table}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert caught.value.key == key and key in caught.value.message


# --- version, help, explain and rules ---------------------------------------------------------


def test_version_and_short_help() -> None:
    for flag in ("--version", "-V"):
        result = runner.invoke(app, [flag])
        assert (result.exit_code, result.stdout) == (0, f"scriptlint {package_version()}\n")
    for command in ([], ["check"], ["rules"], ["explain"], ["rule"], ["lexicon"], ["lexicon", "test"],
                    ["lexicon", "show"]):
        long, short = runner.invoke(app, [*command, "--help"]), runner.invoke(app, [*command, "-h"])
        assert short.exit_code == 0 and "Usage" in short.stdout and short.stdout == long.stdout, command


def test_explain_is_chinese_by_default_and_rule_is_its_alias() -> None:
    rule = REGISTRY.by_code["SL303"]
    chinese = runner.invoke(app, ["explain", "sl303"])
    assert chinese.exit_code == 0
    assert chinese.stdout.splitlines()[0] == "SL303 false-promise（类别：不实承诺；范围：单句；默认级别：警告）"
    assert all(heading in chinese.stdout.splitlines() for heading in ("作用", "为什么重要", "示例", "改为"))
    assert runner.invoke(app, ["rule", "SL303"]).stdout == chinese.stdout
    english = runner.invoke(app, ["rule", "SL303", "--lang", "en"])
    assert english.stdout == rule.doc_text("en") + "\n"
    assert english.stdout.splitlines()[0] == "SL303 false-promise (false-promise, utterance, default warning)"


def test_every_bundled_rule_says_what_it_does_in_chinese() -> None:
    for rule in REGISTRY.rules:
        assert rule.doc.what_zh and rule.doc.what_in("zh") == rule.doc.what_zh, rule.code
        assert rule.doc.what_in("en") == rule.doc.what
        assert f"作用\n  {rule.doc.what_zh}\n" in rule.doc_text("zh")
        assert f"What it does\n  {rule.doc.what}\n" in rule.doc_text("en")
        # The Chinese text names the same cue words and settings as the English one.
        for quoted in re.findall(r"`([^`]+)`", rule.doc.what):
            assert f"`{quoted}`" in rule.doc.what_zh, (rule.code, quoted)


def test_rules_table_in_chinese_with_category_names() -> None:
    lines = runner.invoke(app, ["rules"]).stdout.splitlines()
    assert lines[0].split() == ["代码", "类别", "级别", "范围", "说明"]
    row = next(line for line in lines if line.startswith("SL101 "))
    assert row.split()[1:4] == ["AI", "身份告知", "错误"]
    assert "ai-disclosure" in runner.invoke(app, ["rules", "--lang", "en"]).stdout
    assert runner.invoke(app, ["rules", "--format", "sarif"]).exit_code == 2


def test_every_category_has_a_chinese_name() -> None:
    assert set(CATEGORIES) == {c for c in CATEGORIES if category_name(c, "zh") != c}
    assert all(category_name(c, "en") == c for c in CATEGORIES)
    assert category_name("our-own", "zh") == "our-own"


def test_the_text_summary_names_categories_in_chinese(project: Path) -> None:
    out = check("r.csv").stdout
    assert "  不实承诺" in out and "  个人信息泄露" in out and "false-promise" not in out
    assert "  false-promise" in check("--lang", "en", "r.csv").stdout


# --- colour and the progress bar ---------------------------------------------------------------


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colour_flags_win_over_no_color_and_force_color() -> None:
    pipe, tty = io.StringIO(), Tty()
    assert resolve_color(None, {}, tty) is True and resolve_color(None, {}, pipe) is False
    assert resolve_color(None, {"NO_COLOR": "1"}, tty) is False
    assert resolve_color(None, {"NO_COLOR": ""}, tty) is True  # empty means unset
    assert resolve_color(None, {"FORCE_COLOR": "1"}, pipe) is True
    assert resolve_color(None, {"NO_COLOR": "1", "FORCE_COLOR": "1"}, pipe) is False
    assert resolve_color(True, {"NO_COLOR": "1"}, pipe) is True
    assert resolve_color(False, {"FORCE_COLOR": "1"}, tty) is False


def test_force_color_colours_piped_text_and_no_color_flag_wins(project: Path) -> None:
    forced = check("r.csv", env={"FORCE_COLOR": "1", "NO_COLOR": ""})
    assert "\x1b[" in forced.stdout
    assert "\x1b[" not in check("--no-color", "r.csv", env={"FORCE_COLOR": "1"}).stdout
    assert "\x1b[" not in check("r.csv", env={"NO_COLOR": "1", "FORCE_COLOR": "1"}).stdout
    assert "\x1b[" not in check("--format", "concise", "r.csv", env={"FORCE_COLOR": "1"}).stdout


def test_progress_bar_decision() -> None:
    many = [f"f{i}.txt" for i in range(MANY_FILES + 1)]
    small: dict[str, int] = {}
    size = small.get
    assert wants_progress(True, True, many, lambda p: size(p, 10)) is True
    assert wants_progress(True, True, many[:MANY_FILES], lambda p: 10) is False
    assert wants_progress(True, True, ["big.jsonl"], lambda p: LARGE_FILE + 1) is True
    assert wants_progress(True, True, ["big.jsonl"], lambda p: LARGE_FILE) is False
    assert wants_progress(False, True, many, lambda p: LARGE_FILE + 1) is False  # machine formats
    assert wants_progress(True, False, many, lambda p: LARGE_FILE + 1) is False  # stderr piped
    looked_at: list[str] = []

    def recording(path: str) -> int:
        looked_at.append(path)
        return LARGE_FILE + 1

    assert wants_progress(True, True, iter(many), recording) and looked_at == ["f0.txt"]


def test_only_text_shows_progress() -> None:
    assert [f.name for f in OUTPUT_FORMATS if f.progress] == ["text"]


def test_path_uris_are_relative_posix_and_percent_encoded(tmp_path: Path) -> None:
    base = str(tmp_path)
    assert path_uri(os.path.join(base, "a b", "c#1?.txt"), base) == "a%20b/c%231%3F.txt"
    assert path_uri(os.path.join(base, "话术.txt"), base) == "%E8%AF%9D%E6%9C%AF.txt"
    assert path_uri(os.path.join(base, "..", "x.txt"), base) == "../x.txt"


def test_a_long_run_on_a_terminal_reports_through_the_progress_bar(project: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The wiring, not the drawing: with a bar, every finding and input error is still printed,
    above the bar when standard output shares the terminal, or to a redirected standard output."""
    from scriptlint import terminal
    from scriptlint.report import lint_and_report

    monkeypatch.setattr(terminal, "MANY_FILES", 1)
    (project / "broken.yaml").write_text("nodes: [\n", encoding="utf-8")
    from scriptlint.workspace import Workspace

    workspace = Workspace(isolated=True)
    settings = workspace.run_config(["r.csv"])

    def run(paths: list[str], output_format: str, stdout: io.StringIO, stderr: io.StringIO) -> Summary:
        return lint_and_report(workspace, workspace.plan(paths), settings, 1, output_format, color=False,
                               stdout=stdout, stderr=stderr)

    piped, stderr = io.StringIO(), Tty()
    summary = run(["r.csv", "broken.yaml"], "text", piped, stderr)
    assert (summary.files, summary.findings, summary.errors) == (2, 3, 1)
    assert "r.csv:3:6: SL402" in piped.getvalue() and "broken.yaml" in stderr.getvalue()
    shared_out, shared_err = Tty(), Tty()
    run(["r.csv", "broken.yaml"], "text", shared_out, shared_err)
    assert shared_out.getvalue() == "" and "r.csv:3:6: SL402" in shared_err.getvalue()
    quiet = Tty()
    run(["r.csv"], "json", io.StringIO(), quiet)
    assert quiet.getvalue() == ""  # machine formats: no bar


def test_the_version_falls_back_to_the_package_when_not_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.metadata

    import scriptlint

    def not_installed(name: str) -> str:
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "version", not_installed)
    assert package_version() == scriptlint.__version__


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_output_file_that_is_a_fifo_or_a_link_is_written_through(project: Path) -> None:
    # Renaming the report onto a device or a FIFO would replace it with a regular file (as
    # root: /dev/null itself); a link is followed and stays a link.
    fifo = project / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    assert check("--format", "json", "-o", str(fifo), "r.csv").exit_code == 1
    reader.join(timeout=30)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert len(json.loads(received[0])["findings"]) == 3
    real = project / "real.json"
    real.write_text("old", encoding="utf-8")
    link = project / "latest.json"
    link.symlink_to(real)
    assert check("--format", "json", "-o", str(link), "r.csv").exit_code == 1
    assert link.is_symlink() and len(json.loads(real.read_text(encoding="utf-8"))["findings"]) == 3
