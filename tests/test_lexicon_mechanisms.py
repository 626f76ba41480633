"""Lexicon matching mechanisms: negation kept inside its sentence and utterance, negation cues
after the term, the `near` proximity operator, category selection in the scan, and the entry
types the packs load into. Findings at exact lines and columns."""
from __future__ import annotations

import ast
import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest

from scriptlint import Config, Linter
from scriptlint.lexicon import Lexicon, PhraseEntry, TermEntry, bundled_packs, load_pack
from scriptlint.lexicon.build import main as build_main
from scriptlint.model import InputError
from scriptlint.normalize import normalize

SRC = Path(__file__).resolve().parents[1] / "src"

NEAR_PACK = """
[pack]
name = "nearby"

[[entry]]
id = "nearby.appreciation-talk"
terms = ["升值潜力", "回报率"]
near = ["大", "高", "可观", "不错"]
category = "sensitive-term"
negatable = true
message = "不得渲染升值或回报。"
message_en = "Do not talk up appreciation or returns."
citation = "test"
must_match = ["回报率还算可观"]
must_not_match = ["回报率是多少"]

[[entry]]
id = "nearby.steady-income"
terms = ["收益"]
near = ["稳稳的", "稳定的"]
near_side = "before"
near_window = 4
category = "false-promise"
message = "不得承诺稳定收益。"
message_en = "Do not promise a steady income."
citation = "test"
must_match = ["每月都有稳稳的收益"]
must_not_match = ["收益每月稳稳的"]

[[entry]]
id = "nearby.fee-either"
terms = ["手续费"]
near = ["全免"]
near_side = "either"
category = "sensitive-term"
message = "m"
message_en = "m"
citation = "test"
must_match = ["手续费全免"]
must_not_match = ["手续费另算"]
"""

_LINTERS: dict[str, Linter] = {}


def linter(pack_dir: Path | None = None, industry: tuple[str, ...] = ()) -> Linter:
    key = f"{pack_dir}|{industry}"
    if key not in _LINTERS:
        lexicons = (str(pack_dir / "nearby.toml"),) if pack_dir else ()
        _LINTERS[key] = Linter(Config(industry=industry, lexicons=lexicons))
    return _LINTERS[key]


def lexicon_findings(text: str, pack_dir: Path | None = None, industry: tuple[str, ...] = (),
                     kind: str = "replies") -> list[tuple[str | None, int, int, int, str]]:
    """(entry, line, column, end column, text) of every lexicon finding."""
    return [(f.entry, f.line, f.column, f.end_column, f.text)
            for f in linter(pack_dir, industry).check_text(text, kind=kind) if f.entry]


@pytest.fixture(scope="module")
def pack_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("packs")
    (folder / "nearby.toml").write_text(NEAR_PACK, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def general() -> Lexicon:
    return Lexicon([load_pack(bundled_packs()["general"])])


# --- 1. negation stays inside its utterance and sentence ---------------------------------

def test_negation_at_the_end_of_one_utterance_does_not_reach_the_next() -> None:
    script = "坐席：这一款我们可不\n坐席：保本型的也有。\n"
    found = lexicon_findings(script, industry=("finance",), kind="script")
    assert found == [("finance.principal-guarantee", 2, 4, 6, "保本")]


def test_negation_right_before_the_term_still_suppresses_it() -> None:
    assert lexicon_findings("坐席：这一款我们可不保本。\n", industry=("finance",), kind="script") == []


def test_negated_stops_at_line_and_sentence_breaks(general: Lexicon) -> None:
    assert general.negated("我们不\n保本", 4) is False
    assert general.negated("我们不。保本", 4) is False
    assert general.negated("我们不保本", 3) is True
    assert general.negated("不向您保证", 3) is True  # a cue and a filler


def test_a_negation_cue_with_punctuation_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('[negation]\ncues = ["不。"]\n', encoding="utf-8")
    with pytest.raises(InputError, match="without punctuation or line breaks"):
        load_pack(path)
    path.write_text('[negation]\ncue = ["不"]\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"\[negation\]: unknown key\(s\) cue"):
        load_pack(path)


# --- 2. negation after the verb ----------------------------------------------------------

def test_after_cues_suppress_a_negatable_term() -> None:
    assert lexicon_findings("这个收益我们保证不了。") == []
    assert lexicon_findings("当天到账做不到。") == []
    assert lexicon_findings("当天到账实现不了，要看银行。") == []  # a filler, then the cue


def test_the_same_terms_without_an_after_cue_are_reported() -> None:
    assert lexicon_findings("我们保证三天内办好。") == [("general.guarantee", 1, 3, 5, "保证")]
    assert lexicon_findings("下午申请当天到账。") == [("general.instant-payout", 1, 5, 9, "当天到账")]


def test_cues_left_out_of_the_after_list_keep_the_promise() -> None:
    # 保证不能亏 still promises: 不能 is not an after cue.
    assert lexicon_findings("跟着我们投，保证不能亏。") == [("general.guarantee", 1, 7, 9, "保证")]


def test_an_after_cue_past_a_sentence_break_does_not_count() -> None:
    assert lexicon_findings("我们保证。不了解的可以再问。") == [("general.guarantee", 1, 3, 5, "保证")]


def test_bundled_general_pack_declares_after_cues() -> None:
    cues = load_pack(bundled_packs()["general"]).negation
    assert {"不了", "做不到"} <= set(cues.after)
    assert not {"不能", "不到"} & set(cues.after)


# --- 3. the near operator ----------------------------------------------------------------

def test_near_object_after_a_modifier_is_reported_from_trigger_to_object(pack_dir: Path) -> None:
    assert lexicon_findings("这套房子的升值潜力相当大，欢迎来看。", pack_dir) == [
        ("nearby.appreciation-talk", 1, 6, 13, "升值潜力相当大")]
    assert lexicon_findings("这个盘回报率非常高。", pack_dir) == [
        ("nearby.appreciation-talk", 1, 4, 10, "回报率非常高")]


def test_near_object_in_the_next_clause_is_not_enough(pack_dir: Path) -> None:
    assert lexicon_findings("升值潜力嘛，大家自己判断。", pack_dir) == []
    assert lexicon_findings("回报率、可观的配套都写在册子里。", pack_dir) == []


def test_near_object_beyond_the_window_is_not_enough(pack_dir: Path) -> None:
    # The window is 8: 大 as the ninth character after the trigger is too far, as the eighth not.
    assert lexicon_findings("升值潜力在这一片同类里算大的。", pack_dir) == []
    assert lexicon_findings("升值潜力在这片同类里算大的。", pack_dir) == [
        ("nearby.appreciation-talk", 1, 1, 13, "升值潜力在这片同类里算大")]


def test_near_negation_at_the_trigger_and_at_the_object(pack_dir: Path) -> None:
    assert lexicon_findings("我们不说升值潜力大这种话。", pack_dir) == []  # cue before the trigger
    assert lexicon_findings("这个盘的回报率并不高。", pack_dir) == []  # cue before the object
    assert lexicon_findings("回报率高不了，心里要有数。", pack_dir) == []  # cue after the object


def test_near_takes_the_nearest_unnegated_object(pack_dir: Path) -> None:
    assert lexicon_findings("回报率不高但也不错。", pack_dir) == [
        ("nearby.appreciation-talk", 1, 1, 10, "回报率不高但也不错")]


def test_near_before_side(pack_dir: Path) -> None:
    assert lexicon_findings("买了每月都有稳稳的收益。", pack_dir) == [
        ("nearby.steady-income", 1, 7, 12, "稳稳的收益")]
    assert lexicon_findings("稳定的，收益每月发放。", pack_dir) == []  # the object is in the previous clause
    assert lexicon_findings("收益每月稳稳的。", pack_dir) == []  # after, but the entry looks before


def test_near_either_side(pack_dir: Path) -> None:
    assert lexicon_findings("本月手续费全免。", pack_dir) == [("nearby.fee-either", 1, 3, 8, "手续费全免")]
    assert lexicon_findings("本月全免手续费。", pack_dir) == [("nearby.fee-either", 1, 3, 8, "全免手续费")]
    assert lexicon_findings("本月手续费照收。", pack_dir) == []


def test_near_entries_pass_their_own_examples(pack_dir: Path) -> None:
    pack = load_pack(pack_dir / "nearby.toml")
    lexicon = Lexicon([load_pack(bundled_packs()["general"]), pack], always_on=["general", "nearby"])
    assert sum(len(e.must_match) + len(e.must_not_match) for e in pack.entries) == 6
    assert list(lexicon.self_test()) == []


def test_near_objects_are_normalized_like_terms(tmp_path: Path) -> None:
    path = tmp_path / "n.toml"
    path.write_text('[[phrases]]\nset = "x"\nterms = ["回报"]\nnear = ["ＡＢ", "可觀"]\n', encoding="utf-8")
    entry = load_pack(path).entries[0]
    assert entry.near is not None
    assert entry.near.objects == ("ab", "可观")
    assert (entry.near.window, entry.near.side) == (8, "after")


@pytest.mark.parametrize(("keys", "message"), [
    ('near = ["高"]\nnear_window = 0', "near_window must be a whole number from 1 to 100"),
    ('near = ["高"]\nnear_window = true', "near_window must be a whole number from 1 to 100"),
    ('near = ["高"]\nnear_side = "around"', "near_side must be one of after, before, either"),
    ("near_window = 5", "near_window and near_side need near"),
    ('near = [""]', "near needs non-empty strings"),
])
def test_bad_near_keys_are_reported(tmp_path: Path, keys: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(f'[[phrases]]\nset = "x"\nterms = ["回报"]\n{keys}\n', encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_pack(path)


# --- selection before work, and the entry types ------------------------------------------

def test_candidates_leave_out_unselected_categories(general: Lexicon) -> None:
    norm = normalize("我们保证，这是全网最低价，您不需要转人工吗")
    everything = general.candidates(norm)
    categories = {h.entry.category for h in everything.hits if isinstance(h.entry, TermEntry)}
    assert {"false-promise", "sensitive-term"} <= categories
    only = general.candidates(norm, categories=frozenset({"false-promise"}))
    kinds = {h.entry.category if isinstance(h.entry, TermEntry) else "cue" for h in only.hits}
    assert kinds == {"false-promise", "cue"}  # phrase cues follow `sets`, not `categories`
    none = general.candidates(norm, sets=frozenset(), categories=frozenset())
    assert none.hits == []


def test_entries_load_as_terms_or_phrases_and_are_frozen() -> None:
    pack = load_pack(bundled_packs()["general"])
    terms = [e for e in pack.entries if isinstance(e, TermEntry)]
    phrases = [e for e in pack.entries if isinstance(e, PhraseEntry)]
    assert terms and phrases and len(terms) + len(phrases) == len(pack.entries)
    assert all(not hasattr(p, "category") for p in phrases)
    assert all(not hasattr(t, "phrase_set") for t in terms)
    with pytest.raises(dataclasses.FrozenInstanceError):
        terms[0].negatable = False  # type: ignore[misc]


def imported_modules(path: Path) -> set[str]:
    """Every module a source file imports, relative ones resolved inside scriptlint."""
    package = ".".join(path.relative_to(SRC).with_suffix("").parts[:-1])
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(p for p in (base, node.module or "") if p)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def test_segment_does_not_import_the_lexicon() -> None:
    imports = imported_modules(SRC / "scriptlint" / "segment.py")
    assert "scriptlint.cache" in imports
    assert not [m for m in imports if m.startswith("scriptlint.lexicon")]
    assert "scriptlint.segment.Confirmer" in imported_modules(SRC / "scriptlint" / "lexicon" / "core.py")


def test_importing_the_lexicon_loads_neither_jieba_nor_a_dictionary() -> None:
    code = "import sys, scriptlint.lexicon; print('jieba' in sys.modules, 'scriptlint.lexicon.check' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            env={"PYTHONPATH": str(SRC)})
    assert result.stdout.split() == ["False", "False"]


def test_build_command_needs_its_verb(capsys: pytest.CaptureFixture[str]) -> None:
    assert build_main([]) == 2
    assert capsys.readouterr().err.strip() == "usage: python -m scriptlint.lexicon build"
