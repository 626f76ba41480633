"""normalize(): NFKC + lower case + Traditional->Simplified + separator removal, with an exact
map back to the original characters.

The reference below is written independently of the module: NFKC and lower case per character
(Chinese sentence punctuation kept), opencc-python-reimplemented's OpenCC("t2s") for the
Traditional fold, then a hand-written list of separators removed. Every normalized character
remembers the original character it came from.
"""
from __future__ import annotations

import unicodedata

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from opencc import OpenCC

from scriptlint.normalize import normalize

REFERENCE_T2S = OpenCC("t2s")
normalize("繁體 ＡＩ㈱\u0301")  # builds the tables once, outside hypothesis' deadline for an example

# What the rules treat as boundaries and normalize() must leave alone.
KEPT = "，。！？；：、（）【】《》「」『』“”‘’"
# Separators after folding, written out by hand (full-width forms fold to these first).
SEPARATORS_AFTER_FOLD = set(" *_-·•.|/~+\t\u200b\u200c\u200d\u2060\ufeff")
# Removed too, by their Unicode category: combining marks and format controls.
INVISIBLE_CATEGORIES = ("Mn", "Me", "Cf")
EXPANDING = "㈱½ﬁİǅ"  # NFKC + lower case gives more than one character

SIMPLIFIED = list("保本无风险过证绝对机器人这款产品息的是不确金干后里发")
TRADITIONAL = list("無風險過證絕對機器這款產品個們時間號銀碼後裡髮乾著發說話請錄")
# Multi-character pieces: real terms and Traditional phrases whose conversion depends on context.
PHRASES = ["保本", "無風險", "保過", "確保本金", "乾燥", "頭髮", "以後", "著作", "包就業", "１００％"]
FULL_WIDTH = list("ＡＢＣＸＹＺａｂｃ０１２５９％＋＊－／～．＿｜")
ASCII = list("ABCXYZabc0123456789%")
SEPARATORS = list(" *_-·•.|/~+") + ["\u200b", "\u3000"]
CHINESE_PUNCT = list("，。！？；：、（）【】《》「」“”")
# Combining marks (acute, diaeresis, enclosing keycap, kana voicing), bidi and other format
# controls, variation selectors (also from the supplement plane) and a tag character.
INVISIBLE = ["\u0301", "\u0308", "\u20e3", "\u3099", "\u200e", "\u200f", "\u202a", "\u202e", "\u2066", "\u2069",
             "\u00ad", "\u2060", "\ufe0f", "\U000e0100", "\U000e0067", "\u061c"]
# Emoji sequences: joined by ZWJ, with variation selectors, a keycap, a skin tone, a flag.
EMOJI = ["👨\u200d👩\u200d👧", "👍\ufe0f", "1\ufe0f\u20e3", "🏳\ufe0f\u200d🌈", "👋🏽", "🇨🇳"]
# Case folding traps: final sigma, Kelvin and Ohm signs, capital sharp s.
OTHER = ["\n", "…", "Σ", "ΑΣ", "\u212a", "\u2126", "ẞ"]

PIECES = SIMPLIFIED + TRADITIONAL + PHRASES + FULL_WIDTH + ASCII + SEPARATORS + CHINESE_PUNCT + OTHER + INVISIBLE + EMOJI
plain_text = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)
text_with_expanding = st.lists(st.sampled_from(PIECES + list(EXPANDING)), max_size=40).map("".join)


def fold_char(ch: str) -> str:
    return ch if ch in KEPT else unicodedata.normalize("NFKC", ch).lower()


def reference(text: str) -> tuple[str, list[int]]:
    """(match text, original index of each of its characters)."""
    pieces: list[str] = []
    sources: list[int] = []
    for index, ch in enumerate(text):
        for out in fold_char(ch):
            pieces.append(out)
            sources.append(index)
    converted = REFERENCE_T2S.convert("".join(pieces))
    assert len(converted) == len(pieces)  # t2s is length-preserving
    kept = [(c, s) for c, s in zip(converted, sources) if not removed(c)]
    return "".join(c for c, _ in kept), [s for _, s in kept]


def removed(ch: str) -> bool:
    """A folded character that normalize() drops: a separator, or an invisible character."""
    return ch in SEPARATORS_AFTER_FOLD or unicodedata.category(ch) in INVISIBLE_CATEGORIES


def is_separator(ch: str) -> bool:
    return all(removed(c) for c in fold_char(ch))


def has_expanding(text: str) -> bool:
    return any(len(fold_char(c)) > 1 and not is_separator(c) for c in text)


# --- properties -----------------------------------------------------------------------------


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(text_with_expanding)
@example("㈱保本")
@example("保½本ﬁ")
@example("")
def test_origin_is_monotonic_in_range_and_ends_at_length(text: str) -> None:
    norm = normalize(text)
    origins = [norm.origin(i) for i in range(len(norm.text))]
    assert all(0 <= o < len(text) for o in origins)
    assert all(a <= b for a, b in zip(origins, origins[1:]))
    if not has_expanding(text):
        # One normalized character per kept original character: strictly increasing.
        assert all(a < b for a, b in zip(origins, origins[1:]))
    assert norm.origin(len(norm.text)) == len(text)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(text_with_expanding)
@example("１００％保過")
@example("無*風*險")
@example("㈱無風險½")
def test_each_character_comes_from_the_original_character_it_points_at(text: str) -> None:
    norm = normalize(text)
    expected_text, expected_origin = reference(text)
    assert norm.text == expected_text
    assert [norm.origin(i) for i in range(len(norm.text))] == expected_origin
    # The fold of each original character, t2s taken in context (phrases such as 乾燥).
    pieces = [fold_char(c) for c in text]
    converted = REFERENCE_T2S.convert("".join(pieces))
    per_source: list[str] = []
    cursor = 0
    for piece in pieces:
        per_source.append(converted[cursor:cursor + len(piece)])
        cursor += len(piece)
    for i, ch in enumerate(norm.text):
        source = norm.origin(i)
        assert not is_separator(text[source])
        if text[source] not in EXPANDING:
            # A 1:1 character: its NFKC + lower case + t2s is exactly ch.
            assert per_source[source] == ch
            if not any(text[source] in phrase for phrase in ("乾燥", "頭髮", "以後", "著作")):
                assert REFERENCE_T2S.convert(fold_char(text[source])) == ch


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(plain_text)
@example("保 本")
@example("保\u200b本\u3000")
def test_separator_free_fold_of_the_original_is_the_match_text(text: str) -> None:
    assume(not has_expanding(text))
    # The reference runs NFKC on the whole text, which composes a letter with a following
    # combining mark (Ａ + U+0301 -> á); normalize() folds character by character and removes the
    # mark. Only texts where the two agree on that compare (an ellipsis that expands to three dots
    # could otherwise make the lengths line up by chance).
    assume(unicodedata.normalize("NFKC", text) == "".join(unicodedata.normalize("NFKC", c) for c in text))
    # Lower case per character: a final sigma folds to σ like any other, so a term matches
    # wherever it stands (str.lower() on the whole string would give ς at a word end).
    whole = REFERENCE_T2S.convert("".join(c.lower() for c in unicodedata.normalize("NFKC", text)))
    # Chinese punctuation is kept by normalize(); NFKC would turn it half-width.
    whole = "".join(o if o in KEPT else w for o, w in zip(text, whole)) if len(whole) == len(text) else whole
    assume(len(whole) == len(text))
    assert normalize(text).text == "".join(c for c in whole if not removed(c))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(plain_text, st.data())
def test_span_covers_exactly_the_original_characters(text: str, data: st.DataObject) -> None:
    norm = normalize(text)
    n = len(norm.text)
    a = data.draw(st.integers(0, n), label="a")
    b = data.draw(st.integers(a, n), label="b")
    start, end = norm.span(a, b)
    assert 0 <= start <= end <= len(text)
    if a == b:
        assert start == end == norm.origin(a)
        return
    # Tight: it begins and ends on a kept (non-separator) character ...
    assert not is_separator(text[start]) and not is_separator(text[end - 1])
    assert start == norm.origin(a) and end == norm.origin(b - 1) + 1
    # ... and the original characters in it fold to exactly the normalized slice.
    ref_text, ref_origin = reference(text)
    covered = "".join(c for c, o in zip(ref_text, ref_origin) if start <= o < end)
    assert covered == norm.text[a:b]


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(text_with_expanding, st.data())
def test_span_with_expanding_characters_covers_whole_source_characters(text: str, data: st.DataObject) -> None:
    norm = normalize(text)
    n = len(norm.text)
    assume(n > 0)
    a = data.draw(st.integers(0, n - 1), label="a")
    b = data.draw(st.integers(a + 1, n), label="b")
    start, end = norm.span(a, b)
    inside = [i for i in range(n) if start <= norm.origin(i) < end]
    # Contiguous, and includes [a, b); it may grow only to whole expansions at the ends.
    assert inside == list(range(inside[0], inside[-1] + 1))
    assert inside[0] <= a and inside[-1] >= b - 1
    assert norm.origin(inside[0]) == norm.origin(a)
    assert norm.origin(inside[-1]) == norm.origin(b - 1)


@settings(max_examples=200)
@given(plain_text)
def test_newlines_survive_as_utterance_boundaries(text: str) -> None:
    norm = normalize(text)
    assert norm.text.count("\n") == text.count("\n")
    positions = [i for i, c in enumerate(norm.text) if c == "\n"]
    assert [norm.origin(i) for i in positions] == [i for i, c in enumerate(text) if c == "\n"]


# --- examples -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("original", "text", "origins"),
    [
        ("保 本", "保本", [0, 2, 3]),
        ("無*風*險", "无风险", [0, 2, 4, 5]),
        ("１００％保過", "100%保过", [0, 1, 2, 3, 4, 5, 6]),
        ("保\u200b本", "保本", [0, 2, 3]),
        ("保\u3000本", "保本", [0, 2, 3]),
        ("保·本•息", "保本息", [0, 2, 4, 5]),
        ("ＡＢＣ保本", "abc保本", [0, 1, 2, 3, 4, 5]),
        ("包 - 就 _ 業", "包就业", [0, 4, 8, 9]),
        ("保本。", "保本。", [0, 1, 2, 3]),
        ("…保本", "保本", [1, 2, 3]),
        ("保\u0301本", "保本", [0, 2, 3]),
        ("保\u202e本\u202c", "保本", [0, 2, 4]),
        ("零\u200b风险", "零风险", [0, 2, 3, 4]),
        ("\u2067保\u00ad本\u2069", "保本", [1, 3, 5]),
        ("👨\u200d👩\u200d👧保本", "👨👩👧保本", [0, 2, 4, 5, 6, 7]),
        ("1\ufe0f\u20e3保本", "1保本", [0, 3, 4, 5]),
    ],
)
def test_examples(original: str, text: str, origins: list[int]) -> None:
    norm = normalize(original)
    assert norm.text == text
    assert [norm.origin(i) for i in range(len(text) + 1)] == origins


def test_separated_term_spans_original_separators() -> None:
    norm = normalize("这款保 本产品")
    start = norm.text.index("保本")
    assert norm.span(start, start + 2) == (2, 5)
    assert "这款保 本产品"[2:5] == "保 本"


def test_traditional_separated_term_span() -> None:
    original = "絕對無*風*險！"
    norm = normalize(original)
    assert norm.text == "绝对无风险！"
    start = norm.text.index("无风险")
    assert norm.span(start, start + 3) == (2, 7)
    assert original[2:7] == "無*風*險"


def test_full_width_percent_and_traditional() -> None:
    original = "包您１００％保過"
    norm = normalize(original)
    assert norm.text == "包您100%保过"
    assert norm.span(2, 6) == (2, 6)
    assert norm.span(6, 8) == (6, 8)


def test_zero_width_space_inside_term() -> None:
    original = "本产品保\u200b本\u200b保息"
    norm = normalize(original)
    assert norm.text == "本产品保本保息"
    assert norm.span(3, 5) == (3, 6)
    assert norm.span(5, 7) == (7, 9)


def test_expanding_characters_map_every_piece_to_their_source() -> None:
    original = "㈱保本½"
    norm = normalize(original)
    assert norm.text == "(株)保本1⁄2"
    assert [norm.origin(i) for i in range(len(norm.text) + 1)] == [0, 0, 0, 1, 2, 3, 3, 3, 4]
    assert norm.span(3, 5) == (1, 3)
    assert norm.span(1, 2) == (0, 1)


def test_plain_simplified_text_is_the_identity() -> None:
    original = "您好，这里是客服中心。"
    norm = normalize(original)
    assert norm.text == original
    assert [norm.origin(i) for i in range(len(original) + 1)] == list(range(len(original) + 1))
    assert norm.span(2, 4) == (2, 4)


def test_masked_tokens_match_as_same_length_stand_ins_and_map_back() -> None:
    text = "费用[数字x]-[数字x]个工作日退回，共[金额x]元"
    norm = normalize(text)
    assert norm.text == "费用" + "0" * 10 + "个工作日退回，共00000元"  # the "-" separator is removed
    start = norm.text.index("0")
    assert norm.span(start, start + 5) == (2, 7)  # the whole first token
    assert norm.origin(norm.text.index("个")) == text.index("个")
    assert normalize("[数字]").text == "0000"
    assert normalize("[数字x").text == "[数字x"  # not a token: left alone
    # Full-width brackets and Traditional characters are unmasked too (after folding).
    assert normalize("退款［數字x］天到帳").text == "退款00000天到帐"
    assert normalize("预计[日期x]送达").text == "预计00月0日送达"


@pytest.mark.parametrize(("hidden", "term"), [
    ("保\u0301本", "保本"),  # a combining acute accent inside the term
    ("保\u202e本", "保本"),  # a right-to-left override
    ("零\u200b风险", "零风险"),  # a zero-width space
    ("保\u2066\u200f本", "保本"),  # an isolate and a right-to-left mark
    ("零\ufe0f风\U000e0100险", "零风险"),  # variation selectors, one from the supplement plane
])
def test_an_invisible_character_inside_a_term_does_not_hide_it(hidden: str, term: str) -> None:
    from scriptlint import Config, Linter

    text = f"👨\u200d👩\u200d👧您好，这款理财{hidden}，放心。"
    found = [f for f in Linter(Config(industry=("finance",))).check_text(text) if f.code == "SL302"]
    start = text.index(hidden)
    assert [(f.column, f.end_column, f.text) for f in found] == [(start + 1, start + len(hidden) + 1, hidden)]
    # Without the invisible characters the same term is found at the same place.
    assert normalize(hidden).text == term


def test_the_planes_searched_for_invisible_characters_hold_all_of_them() -> None:
    from scriptlint.normalize import _invisible_characters

    every = "".join(ch for ch in map(chr, range(0x110000)) if unicodedata.category(ch) in INVISIBLE_CATEGORIES)
    assert _invisible_characters() == every
