"""Every lexicon entry tests itself with its own examples (textlint-prh style)."""
from __future__ import annotations

import pytest

from scriptlint.lexicon import Lexicon, TermEntry, bundled_packs, load_pack
from scriptlint.lexicon.check import check_packs

PACKS = [load_pack(p) for p in bundled_packs().values()]
LEXICON = Lexicon(PACKS, always_on=["general"])
CASES = [
    pytest.param(entry, example, expected, id=f"{entry.id}:{'+' if expected else '-'}:{example}")
    for entry in LEXICON.entries
    for example, expected in [(e, True) for e in entry.must_match] + [(e, False) for e in entry.must_not_match]
]


@pytest.mark.parametrize(("entry", "example", "expected"), CASES)
def test_entry_example(entry, example: str, expected: bool) -> None:
    produced = any(hit.entry is entry for hit in LEXICON.scan_text(example, [entry.pack]))
    assert produced is expected


def test_every_bundled_pack_is_present() -> None:
    assert set(bundled_packs()) >= {"general", "finance", "education", "insurance", "ecommerce", "telecom", "healthcare", "real-estate", "collection"}


def test_every_finding_entry_has_examples_and_citation() -> None:
    for entry in LEXICON.entries:
        if isinstance(entry, TermEntry):
            assert entry.must_match and entry.must_not_match, entry.id
            assert entry.citation, entry.id
            assert entry.message and entry.message_en, entry.id


def test_entry_ids_are_unique() -> None:
    ids = [e.id for e in LEXICON.entries]
    assert len(ids) == len(set(ids))


def test_phrase_sets_the_rules_use_exist() -> None:
    from scriptlint.rules import REGISTRY

    # Derived from the rule declarations: a rule that asks for a set no pack defines never fires.
    needed = REGISTRY.all_cue_sets()
    assert {"ai-disclosure", "refusal", "concrete-next-step"} <= needed
    assert needed <= set(LEXICON.sets), sorted(needed - set(LEXICON.sets))


def test_lexicon_check_is_clean() -> None:
    assert check_packs(PACKS) == []


def test_lexicon_check_finds_each_kind_of_problem(tmp_path) -> None:
    pack_path = tmp_path / "bad.toml"
    pack_path.write_text("""
[pack]
name = "bad"
[[entry]]
id = "bad.one"
terms = ["保證", "秒批"]
category = "sensitive-term"
message = "m"
citation = "c"
must_match = ["x"]
must_not_match = ["y"]
[[entry]]
id = "bad.two"
terms = ["秒批"]
category = "sensitive-term"
message = "m"
confirm = false
must_match = ["x"]
[[entry]]
id = "bad.three"
terms = ["门"]
category = "sensitive-term"
message = "m"
citation = "c"
confirm = false
pattern = "("
must_match = ["x"]
must_not_match = ["y"]
""", encoding="utf-8")
    pack = load_pack(pack_path, eager=False)
    problems = check_packs([pack], common_words={"大门": 5000, "门口": 3000})
    text = "\n".join(problems)
    assert "bad.one: term '保證' is matched as '保证' after normalization" in text
    assert "bad.two: term '秒批' duplicates bad.one" in text
    assert "is listed twice" not in text  # no entry above lists a term twice
    assert "bad.two: needs both must_match and must_not_match examples" in text
    assert "bad.two: has no citation" in text
    assert "bad.three: pattern regex does not compile" in text
    assert len(problems) == 5
    unguarded = check_packs([load_pack(pack_path, eager=False)], common_words={"大门": 5000, "门口": 3000})
    assert unguarded == problems  # deterministic


def test_lexicon_check_flags_unguarded_short_terms(tmp_path) -> None:
    pack_path = tmp_path / "short.toml"
    pack_path.write_text("""
[pack]
name = "short"
[[entry]]
id = "short.door"
terms = ["门"]
category = "sensitive-term"
message = "m"
citation = "c"
confirm = false
must_match = ["x"]
must_not_match = ["y"]
""", encoding="utf-8")
    problems = check_packs([load_pack(pack_path)], common_words={"大门": 5000, "门口": 3000})
    assert problems == [f"{pack_path}: short.door: term '门' sits inside common words (大门, 门口) "
                        "with no confirmation, allow, requires or pattern"]


def test_pattern_entries_may_share_a_trigger_word(tmp_path) -> None:  # noqa: ANN001
    entry = """
[[entry]]
id = "ours.{name}"
terms = ["等"]
category = "stalling"
message = "m"
message_en = "m"
citation = "c"
confirm = false
pattern = '{pattern}'
must_match = ["{yes}"]
must_not_match = ["稍等一下"]
"""
    pack_path = tmp_path / "ours.toml"
    pack_path.write_text(entry.format(name="a", pattern="等通知", yes="请等通知")
                         + entry.format(name="b", pattern="等审核", yes="只能等审核"), encoding="utf-8")
    assert [p for p in check_packs([load_pack(pack_path)], common_words={}) if "duplicates" in p] == []
    plain = pack_path.read_text(encoding="utf-8").replace("pattern = '等通知'\n", "").replace("pattern = '等审核'\n", "")
    pack_path.write_text(plain, encoding="utf-8")
    assert "term '等' duplicates ours.a" in "\n".join(check_packs([load_pack(pack_path)], common_words={}))


def test_a_term_listed_twice_in_one_entry_is_reported(tmp_path) -> None:  # noqa: ANN001
    pack_path = tmp_path / "twice.toml"
    pack_path.write_text('''
[[entry]]
id = "twice.loan"
terms = ["秒批", "包下款", "秒 批"]
category = "sensitive-term"
message = "m"
message_en = "m"
citation = "c"
must_match = ["秒批到账"]
must_not_match = ["审批以银行为准"]
''', encoding="utf-8")
    problems = check_packs([load_pack(pack_path)], common_words={})
    assert "twice.loan: term '秒 批' is listed twice" in "\n".join(problems)
