"""Long scripts are read and checked window by window, with the same findings as whole; large
files are decoded as they are read; the transcript reader keeps no call it has handed out."""
from __future__ import annotations

import csv
import gc
import io
import json
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest

from scriptlint import Config, Linter
from scriptlint.config import parse_settings
from scriptlint.model import FileResult, Kind, Script
from scriptlint.readers import Speakers, decode, read_scripts, windows
from scriptlint.readers.decode import read_file, stream_lines
from scriptlint.readers.transcript import read_transcript
from scriptlint.reporters import Summary
from scriptlint.rules import RULES, Registry
from scriptlint.rules.base import Rule, RuleContext, Scope

# A question the bot answers as if it were a person, at the end of a call (SL301's dialogue part).
ASKED = ("客户：请问你是真人吗？", "机器人：是的，您还有别的问题吗？")


def _script_examples() -> Iterator[tuple[str, tuple[str, ...], dict[str, object]]]:
    """(code, lines, settings) of every rule's doc examples that are scripts."""
    for rule in RULES:
        for example in (rule.doc.example, rule.doc.instead):
            if example.kind is Kind.SCRIPT:
                yield rule.code, example.lines + ASKED, dict(example.settings)


SCRIPTS = list(_script_examples())
LONG = [("all outbound", tuple(line for _, lines, s in SCRIPTS if not s for line in lines) * 2, {}),
        ("all inbound", tuple(line for _, lines, s in SCRIPTS if s.get("direction") == "inbound" for line in lines) * 2,
         {"direction": "inbound"})]


def _linter(settings: dict[str, object]) -> Linter:
    return Linter(Config().merged(**parse_settings("test", settings)))


def _findings(linter: Linter, path: Path) -> list[dict[str, object]]:
    result = linter.check_file(str(path))
    assert not result.errors
    return [f.to_dict() for f in result.findings]


def _windowed(monkeypatch: pytest.MonkeyPatch, utterances: int) -> None:
    monkeypatch.setattr(windows, "WINDOW_UTTERANCES", utterances)


def _as_transcript(lines: tuple[str, ...]) -> str:
    """The lines as a transcript without call ids (one call), every third turn with a start."""
    turns = []
    for number, line in enumerate(lines):
        marker, _, text = line.partition("：")
        turn: dict[str, object] = {"role": "bot" if marker == "机器人" else "customer", "text": text}
        if number % 3 == 2:
            turn["start"] = 2.5 * number
        turns.append(json.dumps(turn, ensure_ascii=False))
    return "\n".join(turns) + "\n"


@pytest.mark.parametrize(("code", "lines", "settings"), SCRIPTS + LONG, ids=[c for c, _, _ in SCRIPTS + LONG])
def test_a_script_in_windows_has_the_findings_it_has_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           code: str, lines: tuple[str, ...], settings: dict[str, object]) -> None:
    linter = _linter(settings)
    text_file = tmp_path / "script.txt"
    text_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    transcript = tmp_path / "call.jsonl"
    transcript.write_text(_as_transcript(lines), encoding="utf-8")
    whole = {path: _findings(linter, path) for path in (text_file, transcript)}
    for size in (1, 2, 3):
        _windowed(monkeypatch, size)
        scripts = list(read_scripts(str(transcript), linter.speakers, lambda error: None))
        assert [s.window for s in scripts] == list(range(len(scripts)))
        assert [s.more for s in scripts] == [True] * (len(scripts) - 1) + [False]
        assert all(len(s.utterances) <= size for s in scripts)
        for path in (text_file, transcript):
            assert _findings(linter, path) == whole[path], (path.name, size)


def test_the_whole_script_rules_are_covered_by_the_window_test() -> None:
    """Every rule that looks beyond one utterance finds something in the examples above, so the
    comparison in windows is not between two empty lists."""
    found: set[str] = set()
    for _, lines, settings in SCRIPTS + LONG:
        found.update(f.code for f in _linter(settings).check_text("\n".join(lines), kind="script"))
    beyond_one_line = {r.code for r in RULES if r.scope is not Scope.UTTERANCE}
    assert beyond_one_line <= found
    assert "SL301" in found  # the answer to 你是真人吗


def test_a_reply_library_in_windows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    replies = [line for rule in RULES for example in (rule.doc.example, rule.doc.instead)
               if example.kind is Kind.REPLIES for line in example.lines]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["id", "text"])
    for number, reply in enumerate(replies * 2):
        # Some replies hold a line break: their record spans two lines of the file.
        writer.writerow([f"r{number}", reply if number % 5 else reply.replace("，", "，\n", 1)])
    path = tmp_path / "replies.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
    linter = Linter()
    whole = _findings(linter, path)
    assert whole
    _windowed(monkeypatch, 2)
    monkeypatch.setattr(decode, "STREAM_BYTES", -1)  # and read as it is decoded
    monkeypatch.setattr(decode, "CHUNK_BYTES", 5)
    assert stream_lines(str(path)) is not None
    assert _findings(linter, path) == whole


class WholeScriptRule(Rule):
    """A team's own code rule that counts the bot lines of the whole script: it cannot be
    checked window by window (`windowed` is False), so the script is checked whole."""

    scope = Scope.SCRIPT

    def check(self, context: RuleContext) -> None:
        bots = [i for i, u in enumerate(context.utterances) if u.is_bot]
        if len(bots) > 2:
            context.report(self, bots[-1], message=f"{len(bots)} bot lines")


def test_a_rule_that_needs_the_whole_script_gets_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    base = RULES[0]
    counting = WholeScriptRule(code="SL990", name="count", category=base.category, severity=base.severity,
                               summary=base.summary, message=base.message, doc=base.doc)
    linter = Linter(registry=Registry((*RULES, counting)))
    path = tmp_path / "call.jsonl"
    path.write_text(_as_transcript(SCRIPTS[0][1] * 3), encoding="utf-8")
    whole = _findings(linter, path)
    assert [f["message"] for f in whole if f["code"] == "SL990"] == [f"{3 * 3} bot lines"]
    _windowed(monkeypatch, 2)
    assert _findings(linter, path) == whole


def test_the_transcript_reader_keeps_no_call_it_has_handed_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "calls.jsonl"
    turns = [{"call_id": f"c{n // 4}", "role": "bot", "text": f"第{n}句话。"} for n in range(40)]
    path.write_text("".join(json.dumps(t, ensure_ascii=False) + "\n" for t in turns), encoding="utf-8")
    scripts = read_transcript(str(path), Speakers(), lambda error: None)
    first = next(scripts)
    handed_out = weakref.ref(first)
    del first
    for _ in scripts:
        gc.collect()
        assert handed_out() is None
    # Without call ids the file is one call, in windows that are not kept either.
    _windowed(monkeypatch, 3)
    path.write_text("".join(json.dumps({"role": "bot", "text": t["text"]}, ensure_ascii=False) + "\n" for t in turns),
                    encoding="utf-8")
    scripts = read_transcript(str(path), Speakers(), lambda error: None)
    first = next(scripts)
    assert (first.call_id, first.window, first.more, len(first.utterances)) == (None, 0, True, 3)
    handed_out = weakref.ref(first)
    del first
    rest = []
    for script in scripts:
        gc.collect()
        assert handed_out() is None
        rest.append((script.window, len(script.utterances), script.more))
    assert rest[-1] == (13, 1, False)
    assert sum(count for _, count, _ in rest) == 40 - 3


@pytest.mark.parametrize(("encoding", "newline"), [
    ("utf-8", "\n"), ("utf-8-sig", "\r\n"), ("utf-16", "\r\n"), ("gb18030", "\r"), ("utf-8", "\r\n"),
])
def test_a_large_file_is_decoded_as_it_is_read_into_the_same_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                    encoding: str, newline: str) -> None:
    text = newline.join(f"机器人：第{n}句，保本保息。" if n % 2 else f"客户：好的{n}" for n in range(300)) + newline
    path = tmp_path / "script.txt"
    path.write_bytes(text.encode(encoding))
    assert stream_lines(str(path)) is None  # small: read whole
    monkeypatch.setattr(decode, "STREAM_BYTES", 100)
    for chunk in (1, 7, 4096):  # a CR LF cut between chunks stays one line end
        monkeypatch.setattr(decode, "CHUNK_BYTES", chunk)
        streamed = stream_lines(str(path))
        assert streamed is not None
        source, lines = streamed
        whole_source, whole_text = read_file(str(path))
        assert source == whole_source
        assert "".join(lines()) == whole_text
        assert list(lines()) == whole_text.splitlines(keepends=True)


def test_a_large_file_ascii_at_first_is_streamed_in_the_encoding_read_file_chooses(tmp_path: Path,
                                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    # ASCII at first, GB18030 later: nothing but ASCII is no evidence, the first line that is not
    # ASCII decides, as read_file decides for the file in memory.
    data = b"# title\n" * 20000 + "机器人：这款理财保本。\n".encode("gb18030")
    path = tmp_path / "script.txt"
    path.write_bytes(data)
    monkeypatch.setattr(decode, "STREAM_BYTES", 100)
    monkeypatch.setattr(decode, "CHUNK_BYTES", 4096)
    streamed = stream_lines(str(path))
    assert streamed is not None
    source, lines = streamed
    assert (source, "".join(lines())) == read_file(str(path))
    assert source.encoding == "gb18030"
    found = Linter(Config(industry=("finance",), select=("SL302",))).check_file(str(path))
    assert [(f.code, f.line, f.column) for f in found.findings] == [("SL302", 20001, 9)]


def test_a_large_file_that_does_not_decode_throughout_is_read_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # One stray byte: read_file reads the file and reports that line; the others are linted.
    data = "机器人：您好。\n".encode() * 3000 + b"\xff\xfe\n" + "机器人：这款理财保本。\n".encode()
    path = tmp_path / "script.txt"
    path.write_bytes(data)
    monkeypatch.setattr(decode, "STREAM_BYTES", 100)
    assert stream_lines(str(path)) is None
    found = Linter(Config(industry=("finance",), select=("SL302",))).check_file(str(path))
    assert [(f.code, f.line, f.column) for f in found.findings] == [("SL302", 3002, 9)]
    assert [e.line for e in found.errors] == [3001]


def test_a_large_text_file_streamed_in_windows_has_the_findings_it_has_whole(tmp_path: Path,
                                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    lines = "\n".join(LONG[0][1])
    path = tmp_path / "script.txt"
    # Speaker markers only near the end: the first window has none, the rest is read to find one.
    path.write_text("\n".join(line.partition("：")[2] for line in LONG[0][1]) + "\n" + lines + "\n", encoding="utf-8")
    linter = Linter()
    whole = _findings(linter, path)
    monkeypatch.setattr(decode, "STREAM_BYTES", 100)
    _windowed(monkeypatch, 4)
    scripts = list(read_scripts(str(path), linter.speakers, lambda error: None))
    assert len(scripts) > 10 and all(s.has_speakers for s in scripts)
    assert _findings(linter, path) == whole


def test_a_line_shared_by_two_parts_is_one_hint_line() -> None:
    summary = Summary()
    summary.add(FileResult("a.txt", complete=False, hints={"finance": {3, 7}}))
    summary.add(FileResult("a.txt", complete=False, hints={"finance": {7, 9}}))  # 7: a line holding two scripts
    summary.add(FileResult("a.txt", hints={"finance": {12}, "insurance": {12}}))
    summary.add(FileResult("b.txt", hints={"finance": {12}}))
    assert [(h.pack, h.lines, h.files) for h in summary.hints] == [("finance", 5, 2), ("insurance", 1, 1)]


def test_a_script_without_utterances_is_one_empty_window() -> None:
    assert list(windows.windows([], str)) == [([], 0, False)]
    script = Script("x.txt", Kind.SCRIPT, [])
    assert (script.window, script.more) == (0, False)


def test_directives_of_a_script_in_windows_mark_what_they_do_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A file-level directive at the top (covering the whole-script findings of the last window),
    # a directive on its own line before a window's first utterance (it covers the next line,
    # which the next window brings), one at a line's end, and one that silences nothing
    # (SL900, reported once, with the last window).
    body = ["机器人：您好，这款理财产品保本保息。",
            "# scriptlint: ignore[SL302] 条款已经法务审核",
            "机器人：本产品保本。",
            "机器人：收益稳定，保本。  # scriptlint: ignore[false-promise] 行尾说明",
            "# scriptlint: ignore[SL303] 这一行没有时效承诺",
            "机器人：请问还有什么需要？"]
    lines = ["# scriptlint: file-ignore[SL101] 录音开场另行播放"] + body * 7
    path = tmp_path / "script.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    linter = Linter(Config(industry=("finance",)))
    whole = _findings(linter, path)
    assert {f["code"] for f in whole if f.get("suppressed")} >= {"SL101", "SL302"}
    assert {6 + 6 * k for k in range(7)} <= {f["line"] for f in whole if f["code"] == "SL900"}
    for size in (1, 2, 3, 5):
        monkeypatch.setattr(decode, "STREAM_BYTES", 100)
        _windowed(monkeypatch, size)
        scripts = list(read_scripts(str(path), linter.speakers, lambda error: None))
        assert len(scripts) > 1
        windowed = _findings(linter, path)
        assert sorted(windowed, key=lambda f: (f["line"], f["column"], f["code"])) == \
            sorted(whole, key=lambda f: (f["line"], f["column"], f["code"]))


def test_lint_ignore_column_of_a_library_in_windows_marks_what_it_does_whole(tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [("您好，这款理财产品保本保息。", ""), ("本产品保本。", "SL302 条款已审核"),
            ("请问还有什么需要？", "SL303 没有时效承诺")] * 6
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["text", "lint_ignore"])
    writer.writerows(rows)
    path = tmp_path / "replies.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    linter = Linter(Config(industry=("finance",)))
    whole = _findings(linter, path)
    assert any(f.get("suppressed") for f in whole) and any(f["code"] == "SL900" for f in whole)
    monkeypatch.setattr(decode, "STREAM_BYTES", 10)
    _windowed(monkeypatch, 2)
    assert len(list(read_scripts(str(path), linter.speakers, lambda error: None))) > 1
    assert sorted(_findings(linter, path), key=lambda f: (f["line"], f["column"], f["code"])) == \
        sorted(whole, key=lambda f: (f["line"], f["column"], f["code"]))
