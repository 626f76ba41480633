"""The suggestions (`alternative`) of the industry packs: a writer pastes them into a script, so
they must pass the linter themselves and must not carry made-up specifics (a hotline, a ticket
number, a rate) that would be copied as they stand; those are placeholders such as {客服电话}."""
from __future__ import annotations

import re

import pytest

from scriptlint.lexicon import Lexicon, TermEntry, bundled_packs, load_pack

PACKS = [load_pack(p) for p in bundled_packs().values()]
LEXICON = Lexicon(PACKS, always_on=["general"])
INDUSTRY_ENTRIES = [e for e in LEXICON.entries if isinstance(e, TermEntry) and e.pack != "general" and e.alternative]
MADE_UP_NUMBER = re.compile(r"\d")
PLACEHOLDER = re.compile(r"\{[^{}]+\}")


@pytest.mark.parametrize("entry", INDUSTRY_ENTRIES, ids=lambda e: e.id)
def test_suggestion_passes_its_own_pack(entry) -> None:
    findings = [h.entry.id for h in LEXICON.scan_text(entry.alternative, [entry.pack]) if isinstance(h.entry, TermEntry)]
    assert findings == []


@pytest.mark.parametrize("entry", INDUSTRY_ENTRIES, ids=lambda e: e.id)
def test_suggestion_has_no_made_up_numbers(entry) -> None:
    assert MADE_UP_NUMBER.search(PLACEHOLDER.sub("", entry.alternative)) is None


def test_collection_suggestions_leave_date_and_hotline_to_the_writer() -> None:
    collection = [e for e in INDUSTRY_ENTRIES if e.pack == "collection"]
    assert collection
    for entry in collection:
        assert PLACEHOLDER.search(entry.alternative), entry.id


def test_a_made_up_hotline_would_be_caught() -> None:
    assert MADE_UP_NUMBER.search(PLACEHOLDER.sub("", "如有疑问请致电4001234567")) is not None
    assert MADE_UP_NUMBER.search(PLACEHOLDER.sub("", "如有疑问请致电{客服电话}")) is None


def _collection_findings(text: str) -> list[tuple[str, int, int, int, str]]:
    from scriptlint import Config, Linter
    from scriptlint.config import parse_settings

    linter = Linter(Config().merged(**parse_settings("test", {"industry": ["collection"]})))
    return [(f.entry or "", f.line, f.column, f.end_column, f.text) for f in linter.check_text(text)]


def test_collection_is_an_industry_and_reports_where_the_threat_is() -> None:
    # Columns count the characters of the reply, 1-based; end_column is exclusive.
    assert _collection_findings("您再不还，我们明天就通知您的家人。") == [
        ("collection.third-party-pressure", 1, 11, 17, "通知您的家人"),
    ]
    assert _collection_findings("逾期可能影响您的个人征信记录，请于本月底前还款。") == []


def test_collection_pack_is_off_unless_selected() -> None:
    from scriptlint import Config, Linter

    assert [f for f in Linter(Config()).check_text("我们明天就通知您的家人。") if f.entry
            and f.entry.startswith("collection.")] == []
