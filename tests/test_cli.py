"""The command line: rules, explain, lexicon commands, output formats, exit codes, the API."""
from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scriptlint import Linter
from scriptlint.api import Target
from scriptlint.cli import app
from scriptlint.model import ALL_CATEGORIES, CATEGORIES
from scriptlint.rules import RULES

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scriptlint", *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8")


def test_rules_json_lists_every_rule_with_a_contract_category() -> None:
    result = runner.invoke(app, ["rules", "--format", "json"])
    assert result.exit_code == 0
    rules = json.loads(result.stdout)["rules"]
    assert [r["code"] for r in rules] == [r.code for r in RULES]
    assert {r["category"] for r in rules} == set(ALL_CATEGORIES)
    assert all(set(r) >= {"code", "category", "severity", "summary"} for r in rules)


def test_rules_table_in_english() -> None:
    result = runner.invoke(app, ["rules", "--lang", "en"])
    assert result.exit_code == 0
    assert "SL302" in result.stdout and "Banned term" in result.stdout


def test_explain_every_rule_has_the_four_sections() -> None:
    for rule in RULES:
        result = runner.invoke(app, ["explain", rule.code.lower(), "--lang", "en"])
        assert result.exit_code == 0, rule.code
        for heading in ("What it does", "Why it matters", "Example", "Use instead"):
            assert heading in result.stdout, (rule.code, heading)


def test_explain_unknown_code_is_a_usage_error() -> None:
    result = run("explain", "SL999")
    assert result.returncode == 2
    assert result.stderr.strip() == "scriptlint: error: unknown rule code 'SL999' (see `scriptlint rules`)"


def test_lexicon_test_and_check_pass_on_bundled_packs() -> None:
    tested = runner.invoke(app, ["lexicon", "test"])
    assert tested.exit_code == 0, tested.stdout
    assert tested.stdout.strip().splitlines()[-1].endswith(", 0 failed")
    checked = runner.invoke(app, ["lexicon", "check"])
    assert checked.exit_code == 0, checked.stdout


def test_lexicon_test_reports_a_failing_example(tmp_path: Path) -> None:
    pack = tmp_path / "ours.toml"
    pack.write_text("""
[pack]
name = "ours"
[[entry]]
id = "ours.x"
terms = ["秒批"]
category = "sensitive-term"
message = "m"
citation = "c"
must_match = ["审批以银行为准"]
must_not_match = ["贷款秒批"]
""", encoding="utf-8")
    result = runner.invoke(app, ["lexicon", "test", str(pack)])
    assert result.exit_code == 1
    assert "ours.x: must match but did not: 审批以银行为准" in result.stdout
    assert "ours.x: must not match but did: 贷款秒批" in result.stdout


def test_json_output_schema_and_order() -> None:
    result = run("check", "--isolated", "--format", "json", "examples/")
    assert result.returncode == 1
    payload = json.loads(result.stdout)
    assert set(payload) == {"version", "findings", "errors", "summary"}
    findings = payload["findings"]
    assert findings
    required = {"path", "line", "column", "end_line", "end_column", "code", "category", "severity", "message", "text"}
    assert all(required <= set(f) for f in findings)
    assert all(f["category"] in CATEGORIES for f in findings)
    keys = [(f["path"], f["line"], f["column"]) for f in findings]
    assert keys == sorted(keys)
    assert payload["summary"]["findings"] == len(findings)
    assert "13912345678" not in result.stdout  # masked


def test_text_output_has_no_colour_when_piped_and_a_caret_row() -> None:
    result = run("check", "--isolated", "examples/replies.csv")
    assert result.returncode == 1
    assert "\x1b[" not in result.stdout
    lines = result.stdout.splitlines()
    header = next(i for i, l in enumerate(lines) if l.startswith("examples/replies.csv:3:12: SL303"))
    assert lines[header + 1].endswith("退款24小时内到账，绝对没问题。")
    assert lines[header + 2].strip() == "^" * 12  # 24 is two narrow cells, 小时内到账 five wide ones


def test_exit_codes_and_fail_on(tmp_path: Path) -> None:
    warn_only = tmp_path / "w.csv"
    warn_only.write_text("text\n正在处理中，请耐心等待。\n", encoding="utf-8")
    assert run("check", "--isolated", str(warn_only)).returncode == 1
    assert run("check", "--isolated", "--fail-on", "error", str(warn_only)).returncode == 0
    assert run("check", "--isolated", "--fail-on", "never", str(warn_only)).returncode == 0
    clean = tmp_path / "c.csv"
    clean.write_text("text\n好的，已为您查询，订单预计明天送达。\n", encoding="utf-8")
    assert run("check", "--isolated", str(clean)).returncode == 0


def test_stdin_is_read_as_a_text_script() -> None:
    result = subprocess.run([sys.executable, "-m", "scriptlint", "check", "--isolated", "--kind", "replies",
                             "--format", "json", "-"], input="这款产品保证收益。\n", capture_output=True, text=True,
                            encoding="utf-8", cwd=ROOT)
    findings = json.loads(result.stdout)["findings"]
    assert [(f["path"], f["line"], f["column"]) for f in findings][:1] == [("<stdin>", 1, 5)]


def test_english_messages_on_the_command_line() -> None:
    result = run("check", "--isolated", "--lang", "en", "--format", "json", "examples/replies.csv")
    messages = [f["message"] for f in json.loads(result.stdout)["findings"]]
    assert messages and all(m.isascii() for m in messages)


@pytest.mark.parametrize("fmt", ["json", "jsonl", "sarif", "text"])
def test_jobs_two_gives_the_same_report_byte_for_byte(fmt: str) -> None:
    # JSON and JSON Lines findings are rendered in the worker processes (reporters.Preparer):
    # the parent writes their texts, and the report is the one a single process writes.
    one = run("check", "--isolated", "--format", fmt, "--jobs", "1", "examples/", "tests/corpus/dialogues")
    two = run("check", "--isolated", "--format", fmt, "--jobs", "2", "examples/", "tests/corpus/dialogues")
    assert one.stdout.count("SL") > 10 and one.stdout == two.stdout


def test_check_with_jobs_lets_the_workers_render_json(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a baseline to mark results against, `check --jobs 2 --format json` has the
    workers render the findings: the parent only writes their texts."""
    from scriptlint.api import _can_fork
    from scriptlint.reporters import json as json_reporter

    if not _can_fork():
        pytest.skip("this process runs other threads: it lints in one process")
    prepared: list[bool] = []
    real_file = json_reporter.JsonReporter.file

    def recording_file(self: json_reporter.JsonReporter, result: object) -> None:
        prepared.append(getattr(result, "prepared", None) is not None)
        real_file(self, result)  # type: ignore[arg-type]

    monkeypatch.setattr(json_reporter.JsonReporter, "file", recording_file)
    outcome = CliRunner().invoke(app, ["check", "--isolated", "--format", "json", "--jobs", "2", str(ROOT / "examples")])
    assert outcome.exit_code == 1 and '"SL' in outcome.output
    assert prepared and all(prepared)


def test_worker_prepared_results_report_as_the_findings_do() -> None:
    from scriptlint.api import lint_targets
    from scriptlint.reporters import Summary, make_reporter, preparer

    linter = Linter()
    targets: list[Target] = [(str(path), linter) for path in sorted((ROOT / "examples").iterdir())
                             if path.suffix in (".txt", ".csv", ".jsonl")]
    for fmt in ("json", "jsonl"):
        prepare = preparer(fmt)
        assert prepare is not None
        written = []
        for parts in (list(lint_targets(targets, 1)), list(lint_targets(targets, 2, prepare=prepare))):
            stream = io.StringIO()
            reporter, summary = make_reporter(fmt, stream), Summary()
            for part in parts:
                reporter.file(part)
                summary.add(part)
            reporter.finish(summary)
            written.append((stream.getvalue(), summary.to_dict(), [p.prepared is not None for p in parts]))
        (plain, plain_summary, plain_prepared), (rendered, rendered_summary, rendered_prepared) = written
        assert not any(plain_prepared) and all(rendered_prepared)
        assert plain == rendered and plain_summary == rendered_summary and plain_summary["findings"] > 10
    assert preparer("sarif") is None


def test_api_check_text_and_check_paths() -> None:
    linter = Linter()
    findings = linter.check_text("退款24小时内到账，绝对没问题。")
    assert [(f.code, f.column, f.end_column) for f in findings] == [("SL303", 3, 10), ("SL303", 11, 13)]
    result = linter.check_paths([str(ROOT / "examples")])
    assert len(result.files) == 7 and result.errors == []
    assert result.findings == sorted(result.findings, key=lambda f: f.sort_key())


def test_an_internal_error_is_one_line_exit_2_and_other_files_go_on(tmp_path: Path) -> None:
    code = (
        "import scriptlint.api as api\n"
        "real = api.ScriptRun.check\n"
        "def flaky(self, script, *args):\n"
        "    if script.path.endswith('calls.jsonl'):\n"
        "        raise ValueError('boom')\n"
        "    return real(self, script, *args)\n"
        "api.ScriptRun.check = flaky\n"
        "import sys\n"
        "from scriptlint.cli import main\n"
        "sys.argv = ['scriptlint', 'check', '--isolated', '--format', 'json', '--jobs', '1',\n"
        "            'examples/calls.jsonl', 'examples/replies.csv']\n"
        "main()\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8", cwd=ROOT)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "scriptlint: error: examples/calls.jsonl: internal error while checking this file: ValueError: boom "
        "(please report it; SCRIPTLINT_DEBUG=1 shows the traceback)"
    ]
    findings = json.loads(result.stdout)["findings"]
    assert {f["path"] for f in findings} == {"examples/replies.csv"}


def test_lexicon_show_prints_an_entry_and_rejects_unknown_ids() -> None:
    shown = runner.invoke(app, ["lexicon", "show", "finance.principal-guarantee"])
    assert shown.exit_code == 0
    assert "terms: 保本" in shown.stdout and "citation: 广告法 Art. 25" in shown.stdout
    missing = run("lexicon", "show", "finance.nothing")
    assert missing.returncode == 2
    assert missing.stderr.strip() == "scriptlint: error: no lexicon entry 'finance.nothing' (see `scriptlint lexicon list`)"


def test_rules_rejects_an_unknown_language() -> None:
    result = run("rules", "--lang", "fr")
    assert result.returncode == 2 and "--lang" in result.stderr


def test_messy_gb18030_traditional_crlf_script(tmp_path: Path) -> None:
    script = ("# scriptlint: industry=finance,insurance direction=outbound\r\n"
              "［機器人］：您好，這裡是XX銀行智能客服，本次通話可能會被錄音。\r\n"
              "機器人：今天致電是想跟您介紹一款年金險，穩 賺 不 賠，到期保本保息！\r\n"
              "客戶：我不需要，別再打了。\r\n"
              "機器人：好的，不再打擾您，再見。\r\n")
    path = tmp_path / "messy.txt"
    path.write_bytes(script.encode("gb18030"))
    result = run("check", "--isolated", "--format", "json", str(path))
    findings = [(f["line"], f["column"], f["end_column"], f["entry"]) for f in json.loads(result.stdout)["findings"]]
    assert findings == [(3, 21, 28, "general.sure-profit"), (3, 31, 35, "insurance.principal-return-slogan")]


def _cells(text: str, column: int = 0) -> int:
    """The terminal column after `text` written from `column`, worked out independently of the
    reporter: wide and full-width characters take two cells, combining marks none, a tab runs
    to the next multiple of eight."""
    import unicodedata

    for ch in text:
        if ch == "\t":
            column += 8 - column % 8
        elif unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        else:
            column += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return column


@pytest.mark.parametrize("line", [
    "客户说：\t这款理财保本保息。",  # a tab before the match
    "ＡＢＣ１２３全角字符，理财保本。",  # full-width letters and digits
    "\t甲\t乙，理财保\u0301本。",  # tabs, and a combining mark inside the match
    "e\u0301\u0301，这款理财保本。",  # combining marks before the match
])
def test_the_caret_row_stands_under_the_match_in_a_terminal(line: str) -> None:
    import io

    from scriptlint import Config
    from scriptlint.model import FileResult
    from scriptlint.reporters.text import TextReporter

    (finding,) = [f for f in Linter(Config(industry=("finance",))).check_text(line) if f.entry == "finance.principal-guarantee"]
    out = io.StringIO()
    TextReporter(out, color=False).file(FileResult("x.txt", [finding]))
    shown, carets = out.getvalue().splitlines()[1:3]
    gutter = shown[:shown.index("│") + 2]
    assert "\t" not in shown
    # Where the terminal would show the match of the line as stored, after the gutter ...
    start = _cells(line[:finding.offset], _cells(gutter))
    end = _cells(line[finding.offset:finding.offset_end], start)
    assert carets == " " * start + "^" * (end - start)
    # ... is where the excerpt shows it.
    assert _cells(shown[:shown.index(finding.text)]) == start


def test_a_bidi_control_in_an_excerpt_is_shown_not_obeyed() -> None:
    import io

    from scriptlint import Config
    from scriptlint.model import FileResult
    from scriptlint.reporters.text import TextReporter

    line = "理财\u202e保本，\u2066稳赚\u2069"
    found = [f for f in Linter(Config(industry=("finance",))).check_text(line) if f.entry == "finance.principal-guarantee"]
    out = io.StringIO()
    TextReporter(out, color=False).file(FileResult("x.txt", found))
    shown, carets = out.getvalue().splitlines()[1:3]
    assert shown.endswith("理财<U+202E>保本，<U+2066>稳赚<U+2069>")
    assert "\u202e" not in out.getvalue()
    assert carets.index("^") == _cells(shown[:shown.index("保本")])


def test_a_process_running_other_threads_lints_in_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    # Forking a process with other threads hands the child their locks, held: such a run lints
    # in the one process (no pool, so no prepared results), with the same findings.
    import threading

    from scriptlint.api import lint_targets
    from scriptlint.reporters import preparer

    linter = Linter()
    targets: list[Target] = [(str(path), linter) for path in sorted((ROOT / "examples").iterdir()) if path.suffix == ".txt"]
    alone = list(lint_targets(targets, 2, prepare=preparer("json")))
    assert len(targets) > 1 and all(part.prepared is not None for part in alone)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        shared = list(lint_targets(targets, 2, prepare=preparer("json")))
    finally:
        stop.set()
        other.join()
    assert all(part.prepared is None for part in shared)
    assert sum(len(p.prepared.rendered) for p in alone if p.prepared) == sum(len(p.findings) for p in shared) > 0


def _command_names() -> list[str]:
    import typer

    from scriptlint import cli

    return [info.name or typer.main.get_command_name(info.callback.__name__)
            for info in cli.app.registered_commands if info.callback is not None]


@pytest.mark.parametrize("arguments", [[name, "--help"] for name in _command_names()]
                         + [["check", "--no-such-option"], ["report"], ["explain", "SL999"]])
def test_a_run_builds_only_its_command_and_says_the_same(arguments: list[str]) -> None:
    """`scriptlint <command>` runs an app holding only that command (start-up): its help,
    usage errors and exit codes are those of the whole app."""
    from scriptlint import cli

    whole = CliRunner().invoke(cli.app, arguments, prog_name="scriptlint")
    single_app = cli.app_for(arguments)
    assert single_app is not cli.app and len(single_app.registered_commands) == 1
    single = CliRunner().invoke(single_app, arguments, prog_name="scriptlint")
    assert (single.output, single.exit_code) == (whole.output, whole.exit_code)


@pytest.mark.parametrize("arguments", [[], ["--help"], ["lexicon", "list"], ["nonsense"]])
def test_anything_else_runs_the_whole_app(arguments: list[str]) -> None:
    from scriptlint import cli

    assert cli.app_for(arguments) is cli.app
