"""Bad input: one line on stderr per error, naming the file (and line where known), exit 2,
the other files still linted and reported, never a traceback. Exit 1 with findings, 0 clean."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

GOOD = "这款产品保本\n"
# What GOOD gives with --kind replies --industry finance: 保本 at columns 5..7.
GOOD_FINDING = {"path": "good.txt", "line": 1, "column": 5, "end_line": 1, "end_column": 7, "code": "SL302"}

# name, bytes, the stderr line after "scriptlint: error: " (prefix), the line in the JSON errors
BAD_INPUTS = [
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary.txt: binary file", None),
    ("unclosed.yaml", 'nodes:\n  - say: "未闭合\n  - say: x\n'.encode(), "unclosed.yaml:2: invalid YAML", 2),
    ("flowseq.yaml", b"nodes: [1, 2\nb: 3\n", "flowseq.yaml:2: invalid YAML", 2),
    ("control.yaml", b"nodes:\n  - say: ok\n  - say: a\x07b\n", "control.yaml:3: invalid YAML", 3),
    ("notflow.yaml", b"- a\n- b\n", "notflow.yaml: a dialogue flow must be a mapping", None),
    ("saynumber.yaml", b"nodes:\n  - say: ok\n  - say: 12\n", "saynumber.yaml:3: nodes[1].say must be a string", 3),
    ("trailing.json", b'{"nodes": [\n  {"say": "x",}\n]}\n', "trailing.json:2: invalid JSON", 2),
    ("deep.json", b'{"nodes": ' + b"[" * 50000 + b"]" * 50000 + b"}", "deep.json: invalid JSON", None),
    ("nocolumn.csv", "id,备注\n1,保本\n".encode(), "nocolumn.csv:1: no text column", 1),
    ("unclosed.csv", '话术\n您好\n"未闭合,保本\n'.encode(), "unclosed.csv:3: invalid CSV", 3),
    ("undecodable.txt", "第一行\n".encode() + b"\x80\x80\xff\xff\n", "undecodable.txt:2: cannot decode", 2),
    ("directive.txt", "# scriptlint: colour=red\n保本\n".encode(), "directive.txt:1: bad scriptlint directive", 1),
]


def scriptlint(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    run = subprocess.run(
        [sys.executable, "-m", "scriptlint", *args], cwd=cwd, input=stdin,
        capture_output=True, text=True, encoding="utf-8",
    )
    assert "Traceback" not in run.stdout + run.stderr
    assert "Error:" not in run.stderr  # no Python exception names leaking through either
    return run


def check_json(cwd: Path, *paths: str, extra: tuple[str, ...] = ()) -> tuple[subprocess.CompletedProcess[str], dict]:
    run = scriptlint("check", "--isolated", "--format", "json", "--kind", "replies", "--industry", "finance",
                     "--select", "SL302", *extra, *paths, cwd=cwd)
    return run, json.loads(run.stdout)


def positions(payload: dict) -> list[dict]:
    keys = ("path", "line", "column", "end_line", "end_column", "code")
    return [{k: f[k] for k in keys} for f in payload["findings"]]


@pytest.mark.parametrize(("name", "data", "message", "line"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_file_is_one_line_exit_2_and_the_good_file_is_still_reported(
    tmp_path: Path, name: str, data: bytes, message: str, line: int | None
) -> None:
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / name).write_bytes(data)
    run, payload = check_json(tmp_path, name, "good.txt")
    assert run.returncode == 2
    stderr = run.stderr.splitlines()
    assert len(stderr) == 1, stderr
    assert stderr[0].startswith(f"scriptlint: error: {message}"), stderr
    assert positions(payload) == [GOOD_FINDING]
    assert [(e["path"], e["line"]) for e in payload["errors"]] == [(name, line)]
    assert payload["summary"]["errors"] == 1
    assert payload["summary"]["files"] == 2


def test_missing_path(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    run, payload = check_json(tmp_path, "missing.txt", "good.txt")
    assert run.returncode == 2
    assert run.stderr.splitlines() == ["scriptlint: error: missing.txt: no such file"]
    assert positions(payload) == [GOOD_FINDING]
    assert payload["errors"] == [{"path": "missing.txt", "line": None, "message": "no such file"}]


def test_missing_jsonl_path(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    run, payload = check_json(tmp_path, "gone.jsonl", "good.txt")
    assert run.returncode == 2
    assert run.stderr.splitlines() == ["scriptlint: error: gone.jsonl: no such file"]
    assert positions(payload) == [GOOD_FINDING]


def test_jsonl_bad_line_among_good_ones(tmp_path: Path) -> None:
    lines = [
        '{"call_id": "a", "text": "这款产品保本"}',      # 1: 保本 at columns 31..33
        '{"call_id": "a", "text": oops}',                # 2: invalid JSON
        '["not", "an", "object"]',                       # 3
        '{"call_id": "b", "role": "martian", "text": "x"}',  # 4: unknown role
        '{"call_id": "b", "text": "保本"}',              # 5: columns 27..29
    ]
    (tmp_path / "calls.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    run, payload = check_json(tmp_path, "calls.jsonl")
    assert run.returncode == 2
    assert [line.split(": ")[2] for line in run.stderr.splitlines()] == ["calls.jsonl:2", "calls.jsonl:3", "calls.jsonl:4"]
    assert run.stderr.splitlines()[0].startswith("scriptlint: error: calls.jsonl:2: invalid JSON")
    assert [(f["line"], f["column"], f["end_line"], f["end_column"]) for f in payload["findings"]] == [(1, 31, 1, 33), (5, 27, 5, 29)]
    assert [e["line"] for e in payload["errors"]] == [2, 3, 4]


@pytest.mark.parametrize("jobs", ["1", "3"])
def test_every_bad_input_in_one_run(tmp_path: Path, jobs: str) -> None:
    folder = tmp_path / "scripts"
    folder.mkdir()
    for name, data, _, _ in BAD_INPUTS:
        (folder / name).write_bytes(data)
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "z_good.csv").write_text("话术\n您好\n保本\n", encoding="utf-8")
    run, payload = check_json(tmp_path, "scripts", "missing.yaml", extra=("-j", jobs))
    assert run.returncode == 2
    stderr = run.stderr.splitlines()
    # A walk skips a YAML file without a top-level 'nodes' or 'turns' (no flow); every other bad
    # input, flows broken before or after that key included, is an error.
    expected = sorted([f"scripts/{message}" for name, _, message, _ in BAD_INPUTS if name != "notflow.yaml"]
                      + ["missing.yaml: no such file"])
    assert len(stderr) == len(expected)
    for line, prefix in zip(sorted(stderr), expected):
        assert line.startswith(f"scriptlint: error: {prefix}"), (line, prefix)
    assert [(f["path"], f["line"], f["column"]) for f in payload["findings"]] == [
        ("scripts/good.txt", 1, 5),
        ("scripts/z_good.csv", 3, 1),
    ]
    assert payload["summary"]["errors"] == len(expected)


def test_text_format_reports_errors_too(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "bad.json").write_text('{"nodes": [}', encoding="utf-8")
    run = scriptlint("check", "--isolated", "--no-color", "--kind", "replies", "--industry", "finance", "bad.json", "good.txt", cwd=tmp_path)
    assert run.returncode == 2
    assert run.stderr.splitlines() == ["scriptlint: error: bad.json:1: invalid JSON: Expecting value (column 12)"]
    assert "good.txt:1:5: SL302" in run.stdout


def test_undecodable_stdin(tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "scriptlint", "check", "--isolated", "-"], cwd=tmp_path,
                         input=b"\x00\x01\x02", capture_output=True)
    assert run.returncode == 2
    assert b"Traceback" not in run.stdout + run.stderr
    assert run.stderr.decode().splitlines() == ["scriptlint: error: <stdin>: binary file (NUL bytes); expected a text script"]


# --- configuration and options --------------------------------------------------------------


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("foo = 1\n", ": unknown config key 'foo'"),
        ('channel = "fax"\n', ": channel: 'fax' is not one of phone, chat"),
        ('industry = ["finance", "mining"]\n', ": industry: unknown industry 'mining'"),
        ("speech-rate = -1\n", ": speech-rate must be a positive number"),
        ('select = ["SL999"]\n', ": select: unknown rule code or category 'SL999'"),
        ("foo = \n", ":1: invalid TOML: Invalid value (column 7)"),
    ],
)
def test_bad_config_file(tmp_path: Path, config: str, message: str) -> None:
    (tmp_path / "scriptlint.toml").write_text(config, encoding="utf-8")
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    run = scriptlint("check", "--format", "json", "good.txt", cwd=tmp_path)
    assert run.returncode == 2
    stderr = run.stderr.splitlines()
    assert len(stderr) == 1
    assert stderr[0].startswith(f"scriptlint: error: {tmp_path / 'scriptlint.toml'}{message}"), stderr


def test_bad_config_in_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.scriptlint]\ndirection = "sideways"\n', encoding="utf-8")
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    run = scriptlint("check", "good.txt", cwd=tmp_path)
    assert run.returncode == 2
    assert run.stderr.splitlines() == [
        f"scriptlint: error: {tmp_path / 'pyproject.toml'}: direction: 'sideways' is not one of outbound, inbound"
    ]


def test_missing_config_file(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    run = scriptlint("check", "--config", "nowhere.toml", "good.txt", cwd=tmp_path)
    assert run.returncode == 2
    assert run.stderr.splitlines() == ["scriptlint: error: nowhere.toml: config file not found"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--industry", "mining"), "command line: industry: unknown industry 'mining'"),
        (("--industry", "finance,mining"), "command line: industry: unknown industry 'mining'"),
        (("--channel", "fax"), "command line: channel: 'fax' is not one of phone, chat"),
        (("--fail-on", "sometimes"), "command line: fail-on: 'sometimes' is not one of error, warning, info, never"),
        (("--format", "xml"), "--format: 'xml' is not one of text, concise, json, jsonl, sarif, github, gitlab, junit"),
        (("--select", "SL8"), "command line: select: unknown rule code or category 'SL8'"),
    ],
)
def test_bad_option(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    run = scriptlint("check", "--isolated", *args, "good.txt", cwd=tmp_path)
    assert run.returncode == 2
    assert run.stderr.splitlines()[0].startswith(f"scriptlint: error: {message}")
    assert len(run.stderr.splitlines()) == 1


# --- exit codes -----------------------------------------------------------------------------

OPENING = "您好，我是智能客服机器人。\n"  # SL103 and SL104 (both warnings) fire on it as a script


@pytest.mark.parametrize(
    ("fail_on", "codes", "expected"),
    [
        (None, "SL103,SL104", 1),       # default: warning
        ("warning", "SL103,SL104", 1),
        ("info", "SL103,SL104", 1),
        ("error", "SL103,SL104", 0),    # warnings only
        ("error", "SL101,SL103", 0),    # SL101 (error) does not fire: the robot is disclosed
        ("never", "SL103,SL104", 0),
    ],
)
def test_fail_on_threshold_with_warnings(tmp_path: Path, fail_on: str | None, codes: str, expected: int) -> None:
    (tmp_path / "opening.txt").write_text(OPENING, encoding="utf-8")
    extra = ("--fail-on", fail_on) if fail_on else ()
    run = scriptlint("check", "--isolated", "--format", "json", "--select", codes, *extra, "opening.txt", cwd=tmp_path)
    assert run.returncode == expected
    payload = json.loads(run.stdout)
    assert {f["severity"] for f in payload["findings"]} == {"warning"}


@pytest.mark.parametrize(("fail_on", "expected"), [(None, 1), ("error", 1), ("warning", 1), ("never", 0)])
def test_fail_on_threshold_with_an_error(tmp_path: Path, fail_on: str | None, expected: int) -> None:
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    extra = ("--fail-on", fail_on) if fail_on else ()
    run, payload = check_json(tmp_path, "good.txt", extra=extra)
    assert run.returncode == expected
    assert [f["severity"] for f in payload["findings"]] == ["error"]


def test_fail_on_from_the_config_file(tmp_path: Path) -> None:
    (tmp_path / "scriptlint.toml").write_text('fail-on = "never"\nindustry = ["finance"]\nkind = "replies"\n', encoding="utf-8")
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    run = scriptlint("check", "--format", "json", "good.txt", cwd=tmp_path)
    assert run.returncode == 0
    assert [f["code"] for f in json.loads(run.stdout)["findings"]] == ["SL302"]
    # The command line wins over the file.
    assert scriptlint("check", "--fail-on", "error", "good.txt", cwd=tmp_path).returncode == 1


def test_clean_run_exits_0(tmp_path: Path) -> None:
    (tmp_path / "clean.txt").write_text("您好，请问有什么可以帮您？\n", encoding="utf-8")
    run = scriptlint("check", "--isolated", "--kind", "replies", "--format", "json", "clean.txt", cwd=tmp_path)
    assert run.returncode == 0
    assert run.stderr == ""
    payload = json.loads(run.stdout)
    assert payload["findings"] == [] and payload["errors"] == []


def test_input_errors_win_over_fail_on_never(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    run, payload = check_json(tmp_path, "good.txt", "missing.txt", extra=("--fail-on", "never"))
    assert run.returncode == 2
    assert positions(payload) == [GOOD_FINDING]


def test_no_paths_is_an_error(tmp_path: Path) -> None:
    run = scriptlint("check", "--isolated", cwd=tmp_path)
    assert run.returncode == 2
    assert run.stderr.splitlines() == ["scriptlint: error: no paths given (use '-' for standard input)"]


def test_a_file_declaration_is_validated_like_the_config(tmp_path) -> None:
    import subprocess
    import sys

    bad_txt = tmp_path / "d.txt"
    bad_txt.write_text("# scriptlint: channel=fone\n机器人：您好\n", encoding="utf-8")
    bad_flow = tmp_path / "f.yaml"
    bad_flow.write_text("name: x\nindustry: finanse\nnodes:\n  - say: 保本\n", encoding="utf-8")
    good = tmp_path / "g.csv"
    good.write_text("text\n正在处理中，请耐心等待。\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "scriptlint", "check", "--isolated", "--format", "json",
                             str(bad_txt), str(bad_flow), str(good)], capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"scriptlint: error: {bad_txt}:1: scriptlint declaration: channel: 'fone' is not one of phone, chat",
        f"scriptlint: error: {bad_flow}: scriptlint declaration: industry: unknown industry 'finanse' "
        "(known: collection, ecommerce, education, finance, healthcare, insurance, real-estate, telecom)",
    ]
    import json

    assert {f["path"] for f in json.loads(result.stdout)["findings"]} == {str(good)}


def test_nan_and_infinite_settings_are_rejected() -> None:
    import pytest

    from scriptlint import InputError
    from scriptlint.config import parse_settings

    for key in ("speech-rate", "disclosure-seconds", "handoff-seconds"):
        for value in (float("nan"), float("inf")):
            with pytest.raises(InputError):
                parse_settings("test", {key: value})


def test_errors_after_a_reported_part_of_a_big_transcript_are_kept(tmp_path) -> None:
    from scriptlint import Config, Linter

    path = tmp_path / "big.jsonl"
    good = '{"role": "bot", "text": "这款理财保本保息"}\n'
    path.write_text(good * 1200 + "{not json\n" + good, encoding="utf-8")
    parts = list(Linter(Config(industry=("finance",), kind="replies")).stream_file(str(path)))
    assert len(parts) > 1
    errors = [e for p in parts for e in p.errors]
    assert [(e.line, e.message.split(":")[0]) for e in errors] == [(1201, "invalid JSON")]


def test_an_undecodable_transcript_line_is_reported_and_skipped(tmp_path) -> None:
    from scriptlint import Config, Linter

    path = tmp_path / "bad.jsonl"
    path.write_bytes('{"role":"bot","text":"保本"}\n'.encode() + b'{"role":"bot","text":"\xff\xfe"}\n'
                     + '{"role":"bot","text":"无风险"}\n'.encode())
    result = Linter(Config(industry=("finance",), kind="replies")).check_file(str(path))
    assert [(f.line, f.text) for f in result.findings] == [(1, "保本"), (3, "无风险")]
    assert [(e.line, e.message) for e in result.errors] == [(2, "cannot decode as utf-8")]
