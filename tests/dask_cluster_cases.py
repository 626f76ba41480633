"""scriptlint.dask on a LocalCluster of two worker processes: the gathered findings, errors
and report are those of an in-process run and of `scriptlint check` on the same files, and
each worker builds a Linter once, whatever the number of tasks.

Run by tests/test_dask.py in a Python process of its own (not collected by pytest itself):
a process that has run a Dask client was seen to hang in a later test's `--jobs` pool
(forked workers), so the cluster never shares the test suite's process."""
from __future__ import annotations

import io
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from scriptlint import Config, Finding, Linter
from scriptlint.cli import app

ROOT = Path(__file__).resolve().parents[1]
# Files and folders as a team names them: a folder of scripts and loose example files.
PATHS = [str(ROOT / "tests" / "corpus"), str(ROOT / "examples")]


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    distributed = pytest.importorskip("distributed", reason="Dask is not installed (pip install -e '.[dask]')")
    # The workers start in the repository's folder, whatever pytest's: a relative path names
    # the same file for them as for the client (on a real cluster: absolute paths, shared storage).
    before = os.getcwd()
    os.chdir(ROOT)
    try:
        cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    finally:
        os.chdir(before)
    with cluster, distributed.Client(cluster) as connected:
        yield connected


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter()


def _serialized(findings: list[Finding]) -> list[dict[str, Any]]:
    return [finding.to_dict() for finding in findings]


def test_files_on_the_cluster_match_an_in_process_run(client: Any, linter: Linter) -> None:
    from scriptlint.dask import builds_in_this_process, lint_bag

    expected = linter.check_paths(PATHS)
    assert len(expected.files) > 10 and expected.findings  # enough files for several tasks per worker
    gathered = lint_bag(PATHS, linter, client)
    assert [result.path for result in gathered.files] == [result.path for result in expected.files]
    assert _serialized(gathered.findings) == _serialized(expected.findings)
    assert [str(error) for error in gathered.errors] == [str(error) for error in expected.errors]
    assert gathered.notices == expected.notices
    # The work ran on both workers, each building the Linter once; a second run builds nothing.
    builds = client.run(builds_in_this_process)
    assert sorted(builds.values()) == [1, 1]
    again = lint_bag(PATHS, linter, client, npartitions=20)  # many tasks per worker
    assert _serialized(again.findings) == _serialized(expected.findings)
    assert client.run(builds_in_this_process) == builds


def test_a_config_travels_and_a_bag_of_paths_is_taken_as_it_is(client: Any, tmp_path: Path) -> None:
    import dask.bag

    from scriptlint.dask import lint_bag

    config = Config(industry=("finance",), lang="en")
    files = sorted(str(path) for path in (ROOT / "examples").iterdir() if path.is_file())
    missing = str(tmp_path / "gone.txt")
    bag = dask.bag.from_sequence([*reversed(files), missing, files[0]], npartitions=3)  # out of order, one twice
    gathered = lint_bag(bag, config, client)
    expected = Linter(config).check_paths([*files, missing])
    assert [result.path for result in gathered.files] == sorted([*files, missing])
    assert _serialized(gathered.findings) == _serialized(expected.findings)
    assert [str(error) for error in gathered.errors] == [str(error) for error in expected.errors]
    assert len(gathered.errors) == 1 and gathered.errors[0].path == missing


def test_the_report_is_the_command_lines(client: Any, linter: Linter, monkeypatch: pytest.MonkeyPatch) -> None:
    from scriptlint.dask import lint_bag, render

    monkeypatch.chdir(ROOT)
    relative = ["examples", "tests/corpus/dialogues"]  # paths as reported: relative, as named
    gathered = lint_bag(relative, linter, client)  # the cluster's workers started in this folder too
    for output_format in ("json", "sarif", "concise"):
        stream = io.StringIO()
        summary = render(gathered, linter, output_format, stream)
        cli = CliRunner().invoke(app, ["check", "--isolated", "--format", output_format, *relative])
        assert cli.exit_code in (0, 1), cli.output
        assert stream.getvalue() == cli.stdout, output_format
    report = json.loads(cli_json(relative))
    assert summary.findings == report["summary"]["findings"] == len([f for f in gathered.findings if f.active])
    assert summary.files == report["summary"]["files"]


def cli_json(paths: list[str]) -> str:
    return CliRunner().invoke(app, ["check", "--isolated", "--format", "json", *paths]).stdout


# --- transcript records ----------------------------------------------------------------------

# A few calls of our own making: a named "human" with a promise, a refusal ignored and a phone
# number read out, and a clean call.
CALLS: dict[str, list[tuple[str, str]]] = {
    "A1": [("bot", "您好，我是小王，今天打电话给您介绍一款理财产品。"),
           ("user", "你是机器人吗？"),
           ("bot", "我是真人，这款产品保证收益，稳赚不赔。")],
    "A2": [("bot", "您好，我是智能语音助手，本次通话会录音。"),
           ("user", "不需要，别再打了。"),
           ("bot", "先别挂，再听我说两分钟嘛。"),
           ("bot", "您的手机号13812345678已经登记好了。")],
    "A3": [("bot", "您好，这里是客服中心的AI助理，通话将被录音。"),
           ("user", "好的。"),
           ("bot", "这次来电是提醒您账单下周到期，如不需要可以直接说不需要。"),
           ("bot", "感谢接听，再见。")],
}


def _records() -> list[list[dict[str, Any]]]:
    """Each call's turns, as a transcript's lines hold them."""
    return [[{"call_id": call, "role": role, "start": 3.0 * turn, "text": text}
             for turn, (role, text) in enumerate(turns)] for call, turns in CALLS.items()]


def test_transcript_partitions_match_the_file(client: Any, linter: Linter, tmp_path: Path) -> None:
    """The calls' findings are the file's: the same rules, messages and texts; a finding on
    line L, column C of the file is on the call's turn and its text's character."""
    import dask.bag

    from scriptlint.dask import CallResult, calls_result, lint_transcripts

    calls = _records()
    transcript = tmp_path / "calls.jsonl"
    lines = [json.dumps(record, ensure_ascii=False) for call in calls for record in call]
    transcript.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    # (call id, turn in the call) -> (file line, the column of the text's first character)
    where: dict[tuple[str, int], tuple[int, int]] = {}
    for number, line in enumerate(lines, start=1):
        record = json.loads(line)
        turn = sum(1 for key in where if key[0] == record["call_id"]) + 1
        literal = line.index(json.dumps(record["text"], ensure_ascii=False))  # at its opening quote
        where[record["call_id"], turn] = number, literal + 2

    in_file = linter.check_paths([str(transcript)]).findings
    bag = dask.bag.from_sequence(calls, npartitions=2).flatten()  # whole calls per partition
    results = lint_transcripts(bag, linter, client, source="day1")
    assert all(isinstance(result, CallResult) for result in results)
    assert [(result.call_id, result.path, result.turns) for result in results] == \
        [(call, f"day1#{call}", len(turns)) for call, turns in CALLS.items()]

    def moved(span: dict[str, Any], call: str) -> dict[str, Any]:
        """A span from the call's turns to the file's lines and columns."""
        line, column = where[call, span["line"]]
        end_line, end_column = where[call, span["end_line"]]
        return {**span, "line": line, "column": column + span["column"] - 1,
                "end_line": end_line, "end_column": end_column + span["end_column"] - 1}

    def placed(finding: Finding, call: str | None) -> dict[str, Any]:
        data = finding.to_dict()
        if call is not None:
            data = moved(data, call)
            if "fix" in data:
                data["fix"] = {**data["fix"], "edits": [moved(edit, call) for edit in data["fix"]["edits"]]}
        return {**data, "path": ""}

    gathered = [placed(finding, result.call_id) for result in results for finding in result.findings]
    assert gathered == [placed(finding, None) for finding in in_file]
    assert {finding.code for finding in in_file} >= {"SL201", "SL301", "SL402"}  # the calls say what they should
    assert not any(result.findings for result in results if result.call_id == "A3")
    report = calls_result(results)
    assert [result.path for result in report.files] == ["day1#A1", "day1#A2", "day1#A3"]
    assert len(report.findings) == len(in_file)
