"""`python -m scriptlint.eval --real DIR`: scoring real text against reviewer labels.

The fake real-text folder below is made-up text written for these tests; the counts follow from
what each line says and how it is labelled, worked out by hand in the comments."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from scriptlint.eval import main
from scriptlint.realeval import (
    DEFAULT_LABELS,
    DEFAULT_MANIFEST,
    RealEvalError,
    baseline_counts,
    evaluate_real,
    format_details,
    format_real_table,
)

# A shop's reply library, linted as ecommerce replies.
SHOP_LINES = (
    "亲，这个问题我们正在处理中，请您耐心等待。",  # 1: two stalling findings, labelled stalling -> one TP
    "您好，订单已经发出，运单号可以在订单详情里查看。",  # 2: compliant, nothing found
    "这款产品绝对是全网最低价。",  # 3: superlative labelled (TP); the false-promise finding is not (FP)
    "这个事情先放一放，过几天再说吧。",  # 4: stalling in words no lexicon has: labelled, missed (FN)
    "好的，我帮您查一下物流。",  # 5: compliant, nothing found
)
# A course-sales FAQ that declares its industry; customer lines are not the seller's words.
COURSE_LINES = (
    "# scriptlint: industry=education",
    "客户：报名以后能退款吗？",
    "销售：您把身份证号码发我一下，我帮您登记。",  # 3: pii-request labelled (TP)
    # 4: education sensitive-term labelled (TP; general's 保证 inside it is only a related code);
    # 绝对 is a false-promise finding of its own, not labelled (FP)
    "销售：学完保证能拿到证书，绝对没问题。",
    "客户：你们保证能过吗？",  # 5: a customer's question: nothing found
)
SHOP = "\n".join(SHOP_LINES) + "\n"
COURSE = "\r\n".join(COURSE_LINES)  # CRLF and no final line break: still five lines
MANIFEST = """
[files."shop.txt"]
kind = "replies"
industry = ["ecommerce"]

[files."course.txt"]
kind = "replies"
"""
LABELS = (
    "# made-up labels for the test folder\n"
    "file\tline\tcategory\tnote\n"
    "shop.txt\t1\tstalling\tno time given\n"
    "shop.txt\t3\tsensitive-term\tsuperlative\n"
    "shop.txt\t4\tstalling\tputs the customer off\n"
    "shop.txt\t4\tstalling\tthe same label twice counts once\n"
    "course.txt\t3\tpii-request\n"
    "course.txt\t4\tsensitive-term\tpromises a certificate\n"
)


@pytest.fixture
def realdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    real = tmp_path / "realtext"
    real.mkdir()
    (real / "shop.txt").write_text(SHOP, encoding="utf-8", newline="")
    (real / "course.txt").write_text(COURSE, encoding="utf-8", newline="")
    (real / "unlisted.txt").write_text("这个文件不在清单里，不参与评估。\n", encoding="utf-8")
    (tmp_path / "labels.tsv").write_text(LABELS, encoding="utf-8")
    (tmp_path / "manifest.toml").write_text(MANIFEST, encoding="utf-8")
    # A project config that would silence everything: the evaluation must not read it.
    (tmp_path / "scriptlint.toml").write_text('ignore = ["ALL"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return real


def _evaluate(real: Path):
    return evaluate_real(real, real.parent / "labels.tsv", real.parent / "manifest.toml")


def _counts(score) -> tuple[int, int, int, int]:
    return score.labelled, score.tp, score.fp, score.fn


def test_counts_per_file_and_category(realdir: Path) -> None:
    report = _evaluate(realdir)
    assert [f.name for f in report.files] == ["course.txt", "shop.txt"]
    assert report.errors == ()
    assert report.categories("shop.txt") == ["sensitive-term", "false-promise", "stalling"]
    assert _counts(report.score("shop.txt", "stalling")) == (2, 1, 0, 1)
    assert _counts(report.score("shop.txt", "sensitive-term")) == (1, 1, 0, 0)
    assert _counts(report.score("shop.txt", "false-promise")) == (0, 0, 1, 0)
    assert _counts(report.score("shop.txt")) == (3, 2, 1, 1)
    assert report.categories("course.txt") == ["sensitive-term", "false-promise", "pii-request"]
    assert _counts(report.score("course.txt", "pii-request")) == (1, 1, 0, 0)
    assert _counts(report.score("course.txt", "sensitive-term")) == (1, 1, 0, 0)
    assert _counts(report.score("course.txt", "false-promise")) == (0, 0, 1, 0)
    assert _counts(report.score("course.txt")) == (2, 2, 1, 0)
    assert _counts(report.score(None, "sensitive-term")) == (2, 2, 0, 0)
    assert _counts(report.score()) == (5, 4, 2, 1)
    # Two stalling findings on shop line 1 are one prediction, held at their start line.
    assert report.predicted[("shop.txt", 1, "stalling")] == ("SL305",)
    assert report.false_positives == [("course.txt", 4, "false-promise"), ("shop.txt", 3, "false-promise")]
    assert report.false_negatives == [("shop.txt", 4, "stalling")]


def test_rates_and_false_findings_per_20k_characters(realdir: Path) -> None:
    report = _evaluate(realdir)
    shop, course, total = report.score("shop.txt"), report.score("course.txt"), report.score()
    assert shop.characters == len(SHOP) and course.characters == len(COURSE)
    assert shop.precision == pytest.approx(2 / 3) and shop.recall == pytest.approx(2 / 3)
    assert shop.false_per_20k == pytest.approx(1 * 20000 / len(SHOP))
    assert course.precision == pytest.approx(2 / 3) and course.recall == 1.0
    assert total.precision == pytest.approx(4 / 6) and total.recall == pytest.approx(4 / 5)
    assert total.false_per_20k == pytest.approx(2 * 20000 / (len(SHOP) + len(COURSE)))
    # A category without labels has no recall; one without findings has no precision.
    false_promise = report.score(None, "false-promise")
    assert false_promise.precision == 0.0 and false_promise.recall is None
    missed_only = report.score("shop.txt", "stalling")
    assert missed_only.precision == 1.0 and missed_only.recall == 0.5
    assert report.score("shop.txt", "pii-request").precision is None


def test_manifest_row_settings_reach_the_linter(realdir: Path) -> None:
    manifest = realdir.parent / "manifest.toml"
    manifest.write_text(MANIFEST.replace('industry = ["ecommerce"]', 'industry = ["ecommerce"]\nignore = ["false-promise"]'),
                        encoding="utf-8")
    report = _evaluate(realdir)
    assert _counts(report.score("shop.txt")) == (3, 2, 0, 1)
    assert _counts(report.score("course.txt")) == (2, 2, 1, 0)  # its own row is unchanged


def test_table_rows(realdir: Path) -> None:
    table = format_real_table(_evaluate(realdir)).splitlines()
    assert table[0] == "| file | category | labelled | TP | FP | FN | precision | recall | FP/20k chars |"
    shop_fp = f"{20000 / len(SHOP):.2f}"
    assert "| shop.txt | stalling | 2 | 1 | 0 | 1 | 1.000 | 0.500 | 0.00 |" in table
    assert f"| shop.txt | false-promise | 0 | 0 | 1 | 0 | 0.000 | - | {shop_fp} |" in table
    assert f"| shop.txt | **all** | 3 | 2 | 1 | 1 | 0.667 | 0.667 | {shop_fp} |" in table
    overall_fp = f"{2 * 20000 / (len(SHOP) + len(COURSE)):.2f}"
    assert table[-3] == f"| **all** | **all** | 5 | 4 | 2 | 1 | 0.667 | 0.800 | {overall_fp} |"
    assert table[-1] == (f"2 files, {len(SHOP) + len(COURSE)} characters, 5 labelled violations, "
                         "6 findings counted once per file, line and category.")
    assert not any("unlisted.txt" in row for row in table)


def test_details_name_each_false_positive_and_negative(realdir: Path) -> None:
    assert format_details(_evaluate(realdir)) == [
        f"FP course.txt:4 false-promise SL303  {COURSE_LINES[3]}",
        f"FP shop.txt:3 false-promise SL303  {SHOP_LINES[2]}",
        f"FN shop.txt:4 stalling - (puts the customer off)  {SHOP_LINES[3]}",
    ]


def test_cli_table_json_and_baseline(realdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    labels, manifest = realdir.parent / "labels.tsv", realdir.parent / "manifest.toml"
    args = ["--real", str(realdir), "--labels", str(labels), "--manifest", str(manifest)]
    assert main([*args, "--details"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("| file | category |")
    assert out[-1] == f"FN shop.txt:4 stalling - (puts the customer off)  {SHOP_LINES[3]}"
    assert main([*args, "--json", "--write-baseline"]) == 0
    data = json.loads(capsys.readouterr().out)
    overall = data["overall"]["all"]
    assert (overall["labelled"], overall["tp"], overall["fp"], overall["fn"]) == (5, 4, 2, 1)
    assert overall["false_per_20k_chars"] == pytest.approx(2 * 20000 / (len(SHOP) + len(COURSE)))
    assert data["files"]["shop.txt"]["categories"]["false-promise"]["recall"] is None
    assert "details" not in data and data["errors"] == []
    recorded = json.loads((realdir.parent / "expected_scores.json").read_text(encoding="utf-8"))
    assert recorded["shop.txt"]["stalling"] == {"tp": 1, "fp": 0, "fn": 1}
    assert recorded["course.txt"]["all"] == {"tp": 2, "fp": 1, "fn": 0}
    assert recorded == baseline_counts(_evaluate(realdir))


def test_missing_real_dir_is_skipped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    absent = tmp_path / "nowhere"
    assert main(["--real", str(absent)]) == 0
    assert capsys.readouterr().out == f"real text not found at {absent}; skipped\n"


@pytest.mark.parametrize(("row", "message"), [
    ("other.txt\t1\tstalling\t", "file 'other.txt' is not in the manifest"),
    ("shop.txt\t2\tstaling\t", "unknown category 'staling'"),
    ("shop.txt\t6\tstalling\t", "line 6 is beyond the end of shop.txt (5 lines)"),
    ("course.txt\t0\tstalling\t", "line must be a whole number of at least 1, not '0'"),
    ("shop.txt\t2\tstalling\tone\ttoo many", "expected 4 tab-separated columns, found 5"),
])
def test_bad_label_rows_are_one_line_errors(realdir: Path, capsys: pytest.CaptureFixture[str],
                                            row: str, message: str) -> None:
    labels = realdir.parent / "labels.tsv"
    labels.write_text(LABELS + row + "\n", encoding="utf-8")
    with pytest.raises(RealEvalError, match="^" + str(labels).replace("\\", "\\\\") + ":9: "):
        _evaluate(realdir)
    code = main(["--real", str(realdir), "--labels", str(labels), "--manifest", str(realdir.parent / "manifest.toml")])
    err = capsys.readouterr().err
    assert code == 2
    assert err == f"python -m scriptlint.eval: {labels}:9: {message}\n"


def test_labels_need_the_header(realdir: Path) -> None:
    labels = realdir.parent / "labels.tsv"
    labels.write_text("# only a comment\nshop.txt\t1\tstalling\t\n", encoding="utf-8")
    with pytest.raises(RealEvalError, match=r":2: the header must be file TAB line TAB category TAB note"):
        _evaluate(realdir)


def test_manifest_naming_a_missing_file_or_a_bad_key(realdir: Path) -> None:
    manifest = realdir.parent / "manifest.toml"
    manifest.write_text(MANIFEST + '\n[files."gone.txt"]\nkind = "replies"\n', encoding="utf-8")
    with pytest.raises(RealEvalError, match=r"gone\.txt: no such file"):
        _evaluate(realdir)
    manifest.write_text(MANIFEST.replace('kind = "replies"', 'kind = "letters"', 1), encoding="utf-8")
    with pytest.raises(RealEvalError, match=r"kind: 'letters' is not one of"):
        _evaluate(realdir)


# The real text lives beside the repository (../shared/realtext), never inside it; in a worktree
# kept one folder deeper, it is one level further up.
REPO = Path(__file__).resolve().parents[1]
REAL_CANDIDATES = (REPO.parent / "shared" / "realtext", REPO.parents[1] / "shared" / "realtext")
REAL_BASELINE = DEFAULT_LABELS.parent / "expected_scores.json"


def _labelled_rows() -> int:
    lines = DEFAULT_LABELS.read_text(encoding="utf-8").splitlines() if DEFAULT_LABELS.exists() else []
    return sum(1 for line in lines if line.strip() and not line.startswith("#")) - 1  # minus the header


def test_real_text_scores_match_the_recorded_baseline() -> None:
    real = next((p for p in REAL_CANDIDATES if p.is_dir()), None)
    if real is None:
        pytest.skip("no real-text folder beside the repository (../shared/realtext)")
    if _labelled_rows() <= 0:
        pytest.skip("tests/realtext/labels.tsv has no labelled rows yet")
    report = evaluate_real(real, DEFAULT_LABELS, DEFAULT_MANIFEST)
    assert report.errors == ()
    recorded = json.loads(REAL_BASELINE.read_text(encoding="utf-8"))
    assert baseline_counts(report) == recorded
