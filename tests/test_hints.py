"""The hint that an industry pack not selected for a script would have matched it: counted per
pack over distinct (file, line) pairs, reported after the summary, never a finding."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from scriptlint import Config, Linter, engine
from scriptlint.cli import app
from scriptlint.lexicon import Lexicon, Scan, bundled_packs, load_pack
from scriptlint.model import FileResult, Finding, InputError
from scriptlint.normalize import normalize
from scriptlint.readers import read_scripts
from scriptlint.reporters import PackHint, Summary
from scriptlint.reporters import text as text_reporter

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()

# A wealth pitch with no industry declared. Finance terms stand on lines 2, 4 and 7 (line 7
# twice); line 3 is the customer's, line 5 is negated, line 6 holds 保本 only inside 确保本, and
# on line 8 the general pack reports 本金无忧 on the very words finance would (its finding stands
# when finance is on too, so finance adds nothing there).
FUND_PITCH = (
    "# 基金回访话术\n"
    "机器人：这只基金保本，您可以放心买。\n"
    "客户：真的保本吗？\n"
    "机器人：放心，有平台兜底，随时可以赎回。\n"
    "机器人：这款产品不保本，请您理性看待。\n"
    "机器人：我们会确保本次服务让您满意。\n"
    "机器人：保本是它最大的特点，绝对保本。\n"
    "机器人：选这只基金，本金无忧。\n"
)
FUND_LINES = {2, 4, 7}
# Only finance terms, on lines 1 and 3: without finance no rule has anything to report.
FINANCE_ONLY = "机器人：这只基金保本，您可以放心买。\n客户：好的。\n机器人：放心，有平台兜底。\n"


def _write(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _summary(results: list[FileResult]) -> Summary:
    summary = Summary()
    for result in results:
        summary.add(result)
    return summary


def _finance_title() -> str:
    return load_pack(bundled_packs()["finance"]).title


def test_unselected_finance_terms_are_counted_on_exactly_their_lines(tmp_path: Path) -> None:
    path = _write(tmp_path, "pitch.txt", FUND_PITCH)
    result = Linter(Config()).check_file(path)
    assert result.hints == {"finance": FUND_LINES}
    assert not any(f.entry and f.entry.startswith("finance.") for f in result.findings)
    assert [h.to_dict() for h in _summary([result]).hints] == [{"pack": "finance", "lines": 3, "files": 1}]


def test_hint_lines_are_the_lines_the_pack_reports_once_selected(tmp_path: Path) -> None:
    path = _write(tmp_path, "pitch.txt", FUND_PITCH)
    selected = Linter(Config(industry=("finance",))).check_file(path)
    finance_lines = {f.line for f in selected.findings if f.entry and f.entry.startswith("finance.")}
    assert finance_lines == FUND_LINES
    assert [f.entry for f in selected.findings if f.line == 8] == ["general.principal-safe"]
    assert selected.hints == {}


def test_a_declared_industry_is_selected_and_gives_no_hint(tmp_path: Path) -> None:
    path = _write(tmp_path, "pitch.txt", "# scriptlint: industry=finance\n" + FUND_PITCH)
    assert Linter(Config()).check_file(path).hints == {}


def test_a_negated_term_gives_no_hint(tmp_path: Path) -> None:
    path = _write(tmp_path, "honest.txt", "机器人：这只基金不保本，请您根据自身情况谨慎选择。\n")
    assert Linter(Config()).check_file(path).hints == {}
    # The same line without the negation does give one.
    plain = _write(tmp_path, "plain.txt", "机器人：这只基金保本，请您根据自身情况谨慎选择。\n")
    assert Linter(Config()).check_file(plain).hints == {"finance": {1}}


def test_only_categories_of_selected_rules_count(tmp_path: Path) -> None:
    path = _write(tmp_path, "pitch.txt", FUND_PITCH)
    # finance's entries are sensitive terms (SL302); false promises (SL303) alone do not reach them.
    assert Linter(Config(select=("SL303",))).check_file(path).hints == {}
    assert Linter(Config(select=("SL302",))).check_file(path).hints == {"finance": FUND_LINES}


def test_select_without_a_lexicon_rule_does_no_hint_work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[bool] = []
    real = Lexicon.candidates

    def spy(self: Lexicon, *args: Any, **kwargs: Any) -> Scan:
        asked.append(bool(kwargs.get("unselected")))
        return real(self, *args, **kwargs)

    def never(*args: object) -> None:
        raise AssertionError("hint confirmation ran")

    monkeypatch.setattr(Lexicon, "candidates", spy)
    monkeypatch.setattr(engine, "_add_unselected_pack_lines", never)
    path = _write(tmp_path, "pitch.txt", FUND_PITCH + "机器人：请把您的手机号13812345678发给我。\n")
    result = Linter(Config(select=("SL402",))).check_file(path)
    assert [f.code for f in result.findings] == ["SL402"]
    assert result.hints == {} and asked == []  # nothing to match at all
    # A rule that asks for phrase cues (SL101) scans, but no rule reports terms: still no hint work.
    result = Linter(Config(select=("SL402", "SL101"))).check_file(path)
    assert sorted(f.code for f in result.findings) == ["SL101", "SL402"]
    assert result.hints == {} and asked and not any(asked)


def test_every_pack_selected_collects_no_unselected_hits() -> None:
    lexicon = Linter(Config()).lexicon
    every = [p.name for p in lexicon.packs]
    scan = lexicon.candidates(normalize("这只基金保本，包过，根治。"), every, frozenset(), None, unselected=True)
    assert scan.hits and scan.unselected == []


def test_phrase_cues_of_an_unselected_pack_are_never_counted(tmp_path: Path) -> None:
    # A made-up industry pack with a phrase cue and a term; only the term is kept for hints.
    pack_file = tmp_path / "demo.toml"
    pack_file.write_text(
        '[pack]\nname = "demo"\n\n'
        '[[phrases]]\nid = "demo.phrase.purpose"\nset = "purpose"\nterms = ["演示来电"]\n\n'
        '[[entry]]\nid = "demo.word"\nterms = ["演示词"]\ncategory = "sensitive-term"\nseverity = "error"\n'
        'message = "演示"\nmessage_en = "demo"\n',
        encoding="utf-8",
    )
    general = load_pack(bundled_packs()["general"])
    lexicon = Lexicon([general, load_pack(pack_file)], always_on=["general"])
    scan = lexicon.candidates(normalize("演示来电，演示词。"), [], None, None, unselected=True)
    assert [(before, h.entry.id) for before, h in scan.unselected] == [(0, "demo.word")]
    assert lexicon.candidates(normalize("演示来电，演示词。"), [], None, None).unselected == []
    path = _write(tmp_path, "demo.txt", "机器人：演示来电。\n机器人：这是演示词。\n")
    assert Linter(Config(), lexicon=lexicon).check_file(path).hints == {"demo": {2}}


def _findings_without_hints(linter: Linter, path: str) -> list[Finding]:
    """The findings of `path` through the API that does no hint work (check_script)."""
    errors: list[InputError] = []
    found = [f for script in read_scripts(path, linter.speakers, errors.append) for f in linter.check_script(script)]
    return sorted(found, key=Finding.sort_key)


def _exact(findings: list[Finding]) -> list[tuple[str, str, int, int]]:
    """Every field, the ones equality ignores too."""
    return [(repr(f), f.utterance, f.offset, f.offset_end) for f in findings]


@pytest.mark.parametrize("industry", [(), ("education",), ("finance", "insurance")])
def test_findings_are_identical_with_and_without_the_hint_work(tmp_path: Path, industry: tuple[str, ...]) -> None:
    files = sorted(str(p) for p in (ROOT / "examples").iterdir() if p.is_file())
    files += sorted(str(p) for p in (ROOT / "tests" / "corpus" / "industry_classes").glob("*.txt"))
    files.append(_write(tmp_path, "pitch.txt", FUND_PITCH))
    # Separate linters: the hint work must not change what the shared caches hold for the
    # findings either.
    plain, hinted = Linter(Config(industry=industry)), Linter(Config(industry=industry))
    hinted_packs: set[str] = set()
    for path in files:
        result = hinted.check_file(path)
        hinted_packs.update(result.hints)
        assert _exact(result.findings) == _exact(_findings_without_hints(plain, path)), path
    assert hinted_packs  # the comparison ran with hints found


def test_engine_check_script_fills_the_hint_sink_only_when_given() -> None:
    linter = Linter(Config())
    scripts = list(read_scripts(str(ROOT / "tests" / "corpus" / "industry_classes" / "finance_loans_stocks.txt"),
                                linter.speakers, lambda error: None))
    rules = linter.enabled_rules("x.txt")
    for script in scripts:
        sink: dict[str, set[int]] = {}
        with_hints = engine.check_script(script, linter.config, linter.lexicon, rules, None, sink)
        without = engine.check_script(script, linter.config, linter.lexicon, rules)
        assert _exact(with_hints) == _exact(without)
    assert sink.get("finance")


def test_summary_counts_a_line_once_across_the_parts_of_a_file() -> None:
    summary = _summary([
        FileResult("a.txt", complete=False, hints={"finance": {3, 5}}),
        FileResult("a.txt", hints={"finance": {5, 9}, "education": {2}}),
        FileResult("b.txt", hints={"finance": {5}}),
        FileResult("c.txt"),
    ])
    assert summary.hints == [PackHint("finance", 4, 2), PackHint("education", 1, 1)]
    assert summary.to_dict()["hints"] == [{"pack": "finance", "lines": 4, "files": 2},
                                          {"pack": "education", "lines": 1, "files": 1}]


def test_jobs_two_carries_hints_back_from_the_workers(tmp_path: Path) -> None:
    first = _write(tmp_path, "a.txt", FUND_PITCH)
    _write(tmp_path, "b.txt", "机器人：这门课报名就包过。\n机器人：我们有内幕消息。\n")
    _write(tmp_path, "c.txt", "机器人：您好，请问有什么可以帮您？\n")
    linter = Linter(Config())
    parallel = list(linter.iter_paths([str(tmp_path)], jobs=2))
    serial = list(linter.iter_paths([str(tmp_path)], jobs=1))
    assert [(r.path, r.hints) for r in parallel] == [(r.path, r.hints) for r in serial]
    assert parallel[0].path == first and parallel[0].hints == {"finance": FUND_LINES}
    assert parallel[1].hints == {"education": {1}, "finance": {2}}
    assert _summary(parallel).hints == [PackHint("finance", 4, 2), PackHint("education", 1, 1)]


def test_text_output_gives_one_chinese_line_per_pack_after_the_summary(tmp_path: Path) -> None:
    path = _write(tmp_path, "pitch.txt", FUND_PITCH)
    result = runner.invoke(app, ["check", "--isolated", "--select", "SL302", path])
    expected = f"提示：3 行命中{_finance_title()}词库（finance），是否需要 --industry finance？"
    lines = result.stdout.splitlines()
    assert lines[-1] == expected
    assert lines.count(expected) == 1
    assert lines[-2].startswith("  敏感用语")  # after the summary (sensitive-term, in Chinese)


def test_a_hint_alone_leaves_the_exit_code_at_zero(tmp_path: Path) -> None:
    path = _write(tmp_path, "funds.txt", FINANCE_ONLY)
    result = runner.invoke(app, ["check", "--isolated", "--select", "SL302", path])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == (
        f"提示：2 行命中{_finance_title()}词库（finance），是否需要 --industry finance？")
    assert runner.invoke(app, ["check", "--isolated", "--select", "SL302", "-i", "finance", path]).exit_code == 1


def test_text_output_in_english(tmp_path: Path) -> None:
    path = _write(tmp_path, "pitch.txt", FUND_PITCH)
    one = _write(tmp_path, "one.txt", "机器人：这门课报名就包过。\n")
    result = runner.invoke(app, ["check", "--isolated", "--select", "SL302", "--lang", "en", path, one])
    assert result.stdout.splitlines()[-2:] == [
        "hint: 3 lines match the finance pack; did you mean --industry finance?",
        "hint: 1 line matches the education pack; did you mean --industry education?",
    ]


def test_no_hint_line_when_the_pack_is_selected(tmp_path: Path) -> None:
    path = _write(tmp_path, "pitch.txt", FUND_PITCH)
    result = runner.invoke(app, ["check", "--isolated", "-i", "finance", path])
    assert result.exit_code == 1
    assert "--industry finance" not in result.stdout


def test_json_summary_carries_the_hints(tmp_path: Path) -> None:
    path = _write(tmp_path, "pitch.txt", FUND_PITCH)
    other = _write(tmp_path, "funds.txt", FINANCE_ONLY)
    result = runner.invoke(app, ["check", "--isolated", "--select", "SL302", "--format", "json", path, other])
    payload = json.loads(result.stdout)
    assert set(payload) == {"version", "findings", "errors", "summary"}
    assert set(payload["summary"]) == {"files", "findings", "errors", "by_severity", "by_category", "hints",
                                       "suppressed", "baselined", "removable"}
    assert payload["summary"]["hints"] == [{"pack": "finance", "lines": 5, "files": 2}]
    assert [f["entry"] for f in payload["findings"]] == ["general.principal-safe"]
    selected = json.loads(runner.invoke(app, ["check", "--isolated", "-i", "finance", "--format", "json", path]).stdout)
    assert selected["summary"]["hints"] == []


def test_a_pack_without_a_title_is_named_from_the_table(monkeypatch: pytest.MonkeyPatch) -> None:
    assert text_reporter.pack_display_name("finance") == _finance_title()
    monkeypatch.setattr(text_reporter, "bundled_title", lambda name: None)
    assert text_reporter.pack_display_name("finance") == "金融"
    assert text_reporter.pack_display_name("unknown-pack") == "unknown-pack"
