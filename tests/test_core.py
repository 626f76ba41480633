"""The compiled core's own contract (src/scriptlint/_core.c): positions on every kind of str,
the order of hits, the filters, and errors as exceptions for input it does not accept. Whether
it agrees with the pure engine on real text is tests/test_core_differential.py."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from scriptlint import compiled
from scriptlint.lexicon.matcher import Hit

if not compiled.built():
    pytest.skip("the C extension scriptlint._core is not built (pure-Python install)", allow_module_level=True)

from scriptlint import _core  # only once it is known to be built

NO_FILTER = (None, None, None, False)


def automaton(*keys: str, packs: int = 1) -> _core.Automaton:
    """Key k triggers entry k of pack k % packs, a term entry of category 0 (no phrase set)."""
    triggers = tuple(((k, k % packs, 0, -1),) for k in range(len(keys)))
    return _core.Automaton(keys, triggers, tuple(() for _ in keys), tuple(f"e{k}" for k in range(len(keys))),
                           Hit, packs, 1, 0)


def found(scan: tuple[list[Hit], object, object]) -> list[tuple[str, int, int, str]]:
    return [(h.entry, h.start, h.end, h.term) for h in scan[0]]


@pytest.mark.parametrize("prefix", ["ab", "保证", "😀x"])  # a str of 1, 2 and 4 bytes a character
def test_positions_are_characters_whatever_the_kind_of_str(prefix: str) -> None:
    scan = automaton("保本", "ab", "😀").scan(prefix + "保本 ab 😀", *NO_FILTER)
    base = len(prefix)
    expected = [("e0", base, base + 2, "保本"), ("e1", base + 3, base + 5, "ab"), ("e2", base + 6, base + 7, "😀")]
    extra = {"ab": [("e1", 0, 2, "ab")], "😀x": [("e2", 0, 1, "😀")]}.get(prefix, [])
    assert found(scan) == extra + expected


def test_hits_come_by_end_longest_first_overlaps_included() -> None:
    # As pyahocorasick reports them: 稳赚 and 赚 end at the same character, the longer first.
    scan = automaton("稳赚", "赚", "稳赚不赔", "不赔").scan("他说稳赚不赔", *NO_FILTER)
    assert found(scan) == [("e0", 2, 4, "稳赚"), ("e1", 3, 4, "赚"), ("e2", 2, 6, "稳赚不赔"), ("e3", 4, 6, "不赔")]


def test_a_failed_match_restarts_inside_it() -> None:
    # aab: the walk along "aa…" fails at b and must still find "ab" starting at the second a.
    assert found(automaton("aac", "ab").scan("aab", *NO_FILTER)) == [("e1", 1, 3, "ab")]
    assert found(automaton("abcd", "bc").scan("abce", *NO_FILTER)) == [("e1", 1, 3, "bc")]


def test_pack_filter_and_the_unselected_hits() -> None:
    core = automaton("保本", "稳赚", packs=2)  # 保本 in pack 0, 稳赚 in pack 1
    hits, _, unselected = core.scan("保本稳赚", b"\x01\x00", None, None, True)
    assert [h.term for h in hits] == ["保本"]
    assert [(before, h.term) for before, h in unselected] == [(1, "稳赚")]
    hits, _, unselected = core.scan("保本稳赚", b"\x01\x00", None, b"\x00", True)  # category 0 not asked for
    assert (hits, unselected) == ([], [])


def test_phrase_sets_and_allow_spans() -> None:
    keys = ("人工", "转人工", "客服")
    triggers = (((0, 0, -1, 0),), (), ((1, 0, -1, 1),))  # phrase entries of sets 0 and 1; 转人工 only allows
    owners = ((), (None, "e0"), ())
    core = _core.Automaton(keys, triggers, owners, ("e0", "e1"), Hit, 1, 0, 2)
    hits, allows, _ = core.scan("转人工客服", None, b"\x00\x01", None, False)
    assert [(h.entry, h.term) for h in hits] == [("e1", "客服")]
    assert allows == {None: [(0, 3)], "e0": [(0, 3)]}


@pytest.mark.parametrize(("arguments", "error"), [
    ((("",), (((0, 0, -1, -1),),), ((),), ("e",), Hit, 1, 0, 0), ValueError),  # an empty key
    ((("a",), (((1, 0, -1, -1),),), ((),), ("e",), Hit, 1, 0, 0), ValueError),  # no entry 1
    ((("a",), (((0, 3, -1, -1),),), ((),), ("e",), Hit, 1, 0, 0), ValueError),  # no pack 3
    ((("a",), (((0, 0, -1),),), ((),), ("e",), Hit, 1, 0, 0), TypeError),  # a short trigger
    ((("a", "b"), (((0, 0, -1, -1),),), ((),), ("e",), Hit, 1, 0, 0), ValueError),  # lengths differ
    ((("a", "a"), ((), ()), ((), ()), (), Hit, 1, 0, 0), ValueError),  # a duplicate key
    ((("a",), ((),), ((),), (), 3, 1, 0, 0), TypeError),  # hits must be made by something callable
])
def test_bad_automaton_input_is_an_exception(arguments: tuple[object, ...], error: type[Exception]) -> None:
    with pytest.raises(error):
        _core.Automaton(*arguments)  # type: ignore[arg-type]


def test_bad_masks_are_an_exception() -> None:
    core = automaton("a", packs=2)
    with pytest.raises(ValueError, match="active"):
        core.scan("a", b"\x01", None, None, False)  # two packs: two bytes
    with pytest.raises(TypeError):
        core.scan(b"a", None, None, None, False)  # type: ignore[arg-type]


def test_hit_type_without_the_four_slots_is_called() -> None:
    class Plain:
        def __init__(self, entry: str, start: int, end: int, term: str) -> None:
            self.made = (entry, start, end, term)

    core = _core.Automaton(("保本",), (((0, 0, -1, -1),),), ((),), ("e0",), Plain, 1, 0, 0)
    assert [h.made for h in core.scan("不保本", *NO_FILTER)[0]] == [("e0", 1, 3, "保本")]

    def failing(*_: object) -> None:
        raise RuntimeError("no hit")

    core = _core.Automaton(("保本",), (((0, 0, -1, -1),),), ((),), ("e0",), failing, 1, 0, 0)
    with pytest.raises(RuntimeError, match="no hit"):
        core.scan("保本", *NO_FILTER)


def test_references_are_released() -> None:
    entry = "an entry object"
    core = _core.Automaton(("保本",), (((0, 0, -1, -1),),), ((None,),), (entry,), Hit, 1, 0, 0)
    before = sys.getrefcount(entry)
    for _ in range(200):
        core.scan("保本保本", *NO_FILTER)
    assert sys.getrefcount(entry) == before


def folder() -> _core.Folder:
    # Ａ folds to a, 〇 (say) to 0; space and · are removed; '[' goes to Python; Ⅻ expands. 臺 and
    # 灣 are Traditional characters (to 台, 湾); 么 counts only inside the phrase 么麼; the phrase
    # keys are 么麼 and 臺灣.
    return _core.Folder("Ａ〇", "a0", "Ⅻ", " ·\U000e0020", "[", "么", ("么麼",), "臺灣", "台湾", ("么麼", "臺灣"))


def test_folder_statuses() -> None:
    fold = folder().fold
    assert fold("保本") == (0, None, None)  # nothing changes: no copy
    assert fold("Ａ 〇·b") == (1, "a 0·b", "a0b")
    assert fold("Ａ[") == (2, "a[", None)  # Python finishes a text that may hold a masked token
    assert fold("[") == (3, None, None)  # and does it all when nothing else changes
    assert fold("臺 Ａ") == (4, None, None)  # Traditional: simplify()
    assert fold("什么 Ａ") == (1, "什么 a", "什么a")  # 么 without its phrase is no reason
    assert fold("么麼 Ａ") == (4, None, None)
    assert fold("Ａ么 麼") == (1, "a么 麼", "a么麼")  # the phrase is looked for before separators go
    assert fold("[臺") == (3, None, None)  # '[' wins: Python does it all
    assert fold("ＡⅫ") is None  # the slow path
    # Beyond the BMP: lower case (as str.lower()) and removal, positions per character.
    assert fold("Ａ😀\U00010400\U000e0020") == (1, "a😀\U00010428\U000e0020", "a😀\U00010428")
    assert fold("\U00010400") == (0, None, None)  # only lower case beyond the BMP: the text is left as is


def test_folder_simplify_converts_and_reports_every_phrase() -> None:
    simplify = folder().simplify
    # Each character converted; the phrases (where OpenCC may write a value) by position and key.
    assert simplify("Ａ臺灣 臺") == ("a台湾 台", "a台湾台", [(1, 3, 1)])
    assert simplify("么麼麼") == ("么麼麼", "么麼麼", [(0, 2, 0)])
    assert simplify("\U00010400臺") == ("\U00010428台", "\U00010428台", [])  # lower case beyond the BMP too
    with pytest.raises(ValueError):
        simplify("Ⅻ")  # fold() sends it to the slow path


def test_folder_removed_runs_and_match_text() -> None:
    # "a  b·c ": runs of removed characters at match positions 1 (two gone) and 2 (one), 3 (one).
    assert folder().removed_runs("a  b·c ") == ([1, 2, 3], [2, 3, 4])
    assert folder().removed_runs("abc") == ([], [])
    assert folder().without_removed(" a\U000e0020b ") == "ab"
    text = "保本"
    assert folder().without_removed(text) is text  # nothing removed: the same object


def test_folder_refuses_bad_tables() -> None:
    with pytest.raises(ValueError):
        _core.Folder("ab", "a", "", "", "", "", (), "", "", ())
    with pytest.raises(ValueError):
        _core.Folder("😀", "a", "", "", "", "", (), "", "", ())  # the folding table covers the BMP
    with pytest.raises(ValueError):
        _core.Folder("", "", "", "", "", "", ("",), "", "", ())  # an empty phrase key
    with pytest.raises(ValueError):
        _core.Folder("", "", "", "", "", "", (), "臺", "", ())  # a Traditional character without its target
    with pytest.raises(TypeError):
        folder().fold(b"a")  # type: ignore[arg-type]


def test_objects_whose_init_did_not_run_refuse_work() -> None:
    with pytest.raises(RuntimeError):
        _core.Folder.__new__(_core.Folder).fold("保本")
    with pytest.raises(RuntimeError):
        _core.Automaton.__new__(_core.Automaton).scan("保本", *NO_FILTER)
    core = automaton("保本")
    with pytest.raises(RuntimeError):
        core.__init__(("a",), (((0, 0, -1, -1),),), ((),), ("e",), Hit, 1, 0, 0)  # type: ignore[misc]


def test_the_switch_forces_the_pure_engine() -> None:
    src = str(Path(__file__).resolve().parents[1] / "src")
    program = "from scriptlint import compiled; print(compiled.ENGINE)"
    for value, engine in (("1", "pure"), ("0", "compiled"), ("", "compiled")):
        env = {**os.environ, "PYTHONPATH": src, compiled.PURE_PYTHON_VARIABLE: value}
        result = subprocess.run([sys.executable, "-c", program], env=env, capture_output=True, text=True, check=True)
        assert result.stdout.strip() == engine


def test_a_linter_pickles_and_finds_the_same_with_either_engine() -> None:
    # A Linter travels to a cluster's workers pickled (scriptlint.dask): the matcher leaves its
    # automata behind and rebuilds them on arrival, in the engine it used.
    import pickle

    from scriptlint import Config, Linter

    linter = Linter(Config(industry=("finance",)))
    text = "机器人：您好，我是智能客服。\n机器人：这款理财保本保息，稳赚不赔。\n"
    expected = [f.to_dict() for f in linter.check_text(text, kind="script")]
    copy = pickle.loads(pickle.dumps(linter))
    assert copy.lexicon.matcher.engine == linter.lexicon.matcher.engine
    assert [f.to_dict() for f in copy.check_text(text, kind="script")] == expected and expected
