"""Every lexicon entry tests itself with its own examples (textlint-prh style)."""
from __future__ import annotations

import pytest

from scriptlint.lexicon import Lexicon, bundled_packs, load_pack
from scriptlint.lexicon_check import check_packs

PACKS = [load_pack(p) for p in bundled_packs().values()]
LEXICON = Lexicon(PACKS, always_on=[p.name for p in PACKS])
CASES = [
    pytest.param(entry, example, expected, id=f"{entry.id}:{'+' if expected else '-'}:{example}")
    for entry in LEXICON.entries
    for example, expected in [(e, True) for e in entry.must_match] + [(e, False) for e in entry.must_not_match]
]


@pytest.mark.parametrize(("entry", "example", "expected"), CASES)
def test_entry_example(entry, example: str, expected: bool) -> None:
    produced = any(hit.entry is entry for hit in LEXICON.scan_text(example))
    assert produced is expected


def test_every_bundled_pack_is_present() -> None:
    assert set(bundled_packs()) >= {"general", "finance", "education", "insurance", "ecommerce", "telecom", "healthcare", "real-estate"}


def test_every_finding_entry_has_examples_and_citation() -> None:
    for entry in LEXICON.entries:
        if entry.category:
            assert entry.must_match and entry.must_not_match, entry.id
            assert entry.citation, entry.id
            assert entry.message and entry.message_en, entry.id


def test_entry_ids_are_unique() -> None:
    ids = [e.id for e in LEXICON.entries]
    assert len(ids) == len(set(ids))


def test_phrase_sets_the_rules_use_exist() -> None:
    needed = {"ai-disclosure", "purpose", "recording-notice", "opt-out", "handoff-offer", "transfer", "close",
              "refusal", "human-request", "not-solved", "complaint", "identity-question", "affirm", "reask",
              "faq-deflect"}
    assert needed <= set(LEXICON.sets)


def test_lexicon_check_is_clean() -> None:
    assert check_packs(PACKS) == []
