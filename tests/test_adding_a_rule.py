"""docs/adding-a-rule.md works as written: its declaration and phrase set make a working rule."""
from __future__ import annotations

import re
from pathlib import Path

from scriptlint import Config, Linter
from scriptlint.rules import RULES, Registry, Rule

DOC = Path(__file__).resolve().parents[1] / "docs" / "adding-a-rule.md"


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)


def test_the_documented_rule_runs(tmp_path: Path) -> None:
    namespace: dict[str, object] = {}
    exec(_blocks("python")[0], namespace)  # noqa: S102 - our own documentation
    rule = namespace["RULE"]
    assert isinstance(rule, Rule)
    pack = tmp_path / "ours.toml"
    pack.write_text(_blocks("toml")[0], encoding="utf-8")
    linter = Linter(Config(lexicons=(str(pack),)), registry=Registry((*RULES, rule)))
    found = [f.code for f in linter.check_text(rule.doc.example.text, kind="script")]
    assert found == [rule.code]
    assert [f.code for f in linter.check_text(rule.doc.instead.text, kind="script")] == []


def test_without_the_declaration_the_words_alone_do_nothing(tmp_path: Path) -> None:
    pack = tmp_path / "ours.toml"
    pack.write_text(_blocks("toml")[0], encoding="utf-8")
    namespace: dict[str, object] = {}
    exec(_blocks("python")[0], namespace)  # noqa: S102
    rule = namespace["RULE"]
    assert isinstance(rule, Rule)
    assert Linter(Config(lexicons=(str(pack),))).check_text(rule.doc.example.text, kind="script") == []
