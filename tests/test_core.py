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
    # Ａ folds to a, 〇 (say) to 0; space and · are removed; 臺 goes to Python; Ⅻ expands; 么 goes
    # to Python only inside the phrase 么麼.
    return _core.Folder("Ａ〇", "a0", "Ⅻ", " ·\U000e0020", "臺[", "么", ("么麼",))


def test_folder_statuses() -> None:
    fold = folder().fold
    assert fold("保本") == (0, None, None)  # nothing changes: no copy
    assert fold("Ａ 〇·b") == (1, "a 0·b", "a0b")
    assert fold("Ａ臺") == (2, "a臺", None)  # Python finishes Traditional text
    assert fold("臺") == (3, None, None)  # and does it all when nothing else changes
    assert fold("什么 Ａ") == (1, "什么 a", "什么a")  # 么 without its phrase: nothing for Python
    assert fold("么麼 Ａ") == (2, "么麼 a", None)
    assert fold("Ａ么 麼") == (1, "a么 麼", "a么麼")  # the phrase is looked for before separators go
    assert fold("ＡⅫ") is None  # the slow path
    # Beyond the BMP: lower case (as str.lower()) and removal, positions per character.
    assert fold("Ａ😀\U00010400\U000e0020") == (1, "a😀\U00010428\U000e0020", "a😀\U00010428")
    assert fold("\U00010400") == (0, None, None)  # only lower case beyond the BMP: the text is left as is


def test_folder_refuses_bad_tables() -> None:
    with pytest.raises(ValueError):
        _core.Folder("ab", "a", "", "", "", "", ())
    with pytest.raises(ValueError):
        _core.Folder("😀", "a", "", "", "", "", ())  # the folding table covers the BMP
    with pytest.raises(ValueError):
        _core.Folder("", "", "", "", "", "", ("",))  # an empty phrase key
    with pytest.raises(TypeError):
        folder().fold(b"a")  # type: ignore[arg-type]


def test_the_switch_forces_the_pure_engine() -> None:
    src = str(Path(__file__).resolve().parents[1] / "src")
    program = "from scriptlint import compiled; print(compiled.ENGINE)"
    for value, engine in (("1", "pure"), ("0", "compiled"), ("", "compiled")):
        env = {**os.environ, "PYTHONPATH": src, compiled.PURE_PYTHON_VARIABLE: value}
        result = subprocess.run([sys.executable, "-c", program], env=env, capture_output=True, text=True, check=True)
        assert result.stdout.strip() == engine
