"""Precision and recall per category on the labelled corpus: at least 0.95 each, and exactly the
recorded counts, so that no optimization moves accuracy without the change being seen."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from scriptlint.eval import evaluate

CORPUS = Path(__file__).parent / "corpus"
BASELINE = CORPUS / "expected_scores.json"


@pytest.fixture(scope="module")
def report():
    return evaluate(CORPUS)


def test_corpus_size(report) -> None:
    assert report.labels.utterances >= 300
    assert report.labels.near_misses * 3 >= report.labels.utterances


def test_no_input_errors_in_corpus(report) -> None:
    assert report.errors == []


def test_precision_and_recall_at_least_095(report) -> None:
    low = {c: (round(s.precision, 3), round(s.recall, 3)) for c, s in report.scores.items()
           if s.precision < 0.95 or s.recall < 0.95}
    assert low == {}


def test_scores_match_the_recorded_baseline(report) -> None:
    recorded = json.loads(BASELINE.read_text(encoding="utf-8"))
    measured = {c: {"tp": s.tp, "fp": s.fp, "fn": s.fn} for c, s in report.scores.items()}
    assert measured == recorded
