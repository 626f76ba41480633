"""Generated documentation is current: the README's rule table and docs/rule-catalogue.md."""
from __future__ import annotations

from scriptlint import docs


def test_readme_rule_table_is_current() -> None:
    readme = docs.README.read_text(encoding="utf-8")
    assert docs.readme_with_table(readme) == readme, "run: python -m scriptlint.docs"


def test_rule_catalogue_is_current() -> None:
    assert docs.CATALOGUE.read_text(encoding="utf-8") == docs.rule_catalogue(), "run: python -m scriptlint.docs"


def test_every_rule_has_a_section_in_the_catalogue() -> None:
    text = docs.rule_catalogue()
    from scriptlint.rules import RULES

    for rule in RULES:
        assert f"## {rule.code} {rule.name}" in text
