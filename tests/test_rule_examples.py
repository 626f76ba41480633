"""Every rule's own doc examples: the Example must trigger the rule, the Use-instead must trigger
nothing at all (proselint's table of examples). A rule without examples cannot be declared."""
from __future__ import annotations

import pytest

from scriptlint import Config, Linter
from scriptlint.config import parse_settings
from scriptlint.rules import RULES, Example, Rule

_LINTERS: dict[str, Linter] = {}


def lint(example: Example) -> list[str]:
    """The codes of the findings that count (a finding an example's suppression silences does not)."""
    key = repr(example.settings)
    if key not in _LINTERS:
        _LINTERS[key] = Linter(Config().merged(**parse_settings("example", dict(example.settings))))
    return [f.code for f in _LINTERS[key].check_text(example.text, kind=example.kind.value) if f.active]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_example_triggers_its_rule(rule: Rule) -> None:
    assert rule.code in lint(rule.doc.example)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_use_instead_triggers_nothing(rule: Rule) -> None:
    assert lint(rule.doc.instead) == []


def test_every_rule_has_a_doc_block() -> None:
    for rule in RULES:
        assert rule.doc.what and rule.doc.why and rule.doc.example.lines and rule.doc.instead.lines, rule.code
        assert rule.summary.zh and rule.summary.en and rule.message.zh and rule.message.en, rule.code
