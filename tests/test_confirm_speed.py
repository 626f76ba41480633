"""The confirmation chain's speed mechanisms decide exactly what the plain versions decide:
the allow-list index against scanning every span, and (below) the sentence breaks, the decision
memo and the literal gates against their references."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from scriptlint.lexicon import Lexicon, bundled_packs, load_pack
from scriptlint.lexicon.confirm import AllowIndex, Sentence, SentenceBreaks, allowed_by_scanning, sentence_bounds
from scriptlint.lexicon.matcher import Hit
from scriptlint.lexicon.schema import SENTENCE_BREAKS
from scriptlint.normalize import normalize

GENERAL = Lexicon([load_pack(bundled_packs()["general"])])
OWNERS = GENERAL.entries[:3]

_span = st.tuples(st.integers(0, 40), st.integers(1, 12)).map(lambda p: (p[0], p[0] + p[1]))


@given(
    spans=st.dictionaries(st.sampled_from([None, *OWNERS]), st.lists(_span, max_size=12), max_size=4),
    hits=st.lists(st.tuples(st.sampled_from(OWNERS), _span), min_size=1, max_size=20),
)
def test_allow_index_agrees_with_scanning_every_span(spans: dict[object, list[tuple[int, int]]],
                                                    hits: list[tuple[object, tuple[int, int]]]) -> None:
    index = AllowIndex(spans)  # type: ignore[arg-type]
    for entry, (start, end) in hits:
        hit = Hit(entry, start, end, "x" * (end - start))  # type: ignore[arg-type]
        assert index.allowed(hit) == allowed_by_scanning(spans, hit)  # type: ignore[arg-type]


def test_allow_index_needs_a_strictly_longer_span() -> None:
    entry = OWNERS[0]
    index = AllowIndex({entry: [(5, 8), (10, 12)], None: [(20, 25)]})
    assert index.allowed(Hit(entry, 6, 8, "ab"))  # inside 5-8, which is longer
    assert index.allowed(Hit(entry, 5, 7, "ab"))  # same start, the span ends later
    assert not index.allowed(Hit(entry, 10, 12, "ab"))  # the span is the hit itself
    assert not index.allowed(Hit(entry, 11, 13, "ab"))  # crosses the span's end
    assert index.allowed(Hit(OWNERS[1], 21, 23, "ab"))  # the global list holds for every entry
    assert not index.allowed(Hit(OWNERS[1], 6, 8, "ab"))  # another entry's allow phrase does not


def test_an_allow_phrase_far_along_a_long_script_still_masks_its_hit() -> None:
    # 人工智能 is a term of the AI-disclosure set; the user's global allow list holds a longer
    # phrase around it on the last line only.
    lexicon = Lexicon([load_pack(bundled_packs()["general"])], allow_words=["人工智能实验室"])
    lines = ["您好，请问有什么可以帮您。"] * 300 + ["我们的人工智能实验室在北京。", "这是人工智能在回答您。"]
    norm = normalize("\n".join(lines))
    scan = lexicon.candidates(norm)
    kept = {(h.start, h.term) for h in lexicon.confirm(scan, scan.hits)}
    first = norm.text.index("人工智能实验室")
    second = norm.text.index("这是人工智能") + 2
    assert (first, "人工智能") not in kept
    assert (second, "人工智能") in kept


# Long runs without a break reach past SENTENCE_WINDOW (200), where a bound is the window's limit.
_sparse_breaks = st.lists(st.sampled_from("保本好的，" * 30 + SENTENCE_BREAKS), max_size=700).map("".join)


@given(text=_sparse_breaks, data=st.data())
def test_sentence_breaks_agree_with_the_two_regex_scans(text: str, data: st.DataObject) -> None:
    breaks = SentenceBreaks(text)
    for _ in range(5):
        start = data.draw(st.integers(0, len(text)))
        end = data.draw(st.integers(start, min(len(text), start + 4)))
        sentence = breaks.around(start, end)
        assert (sentence.left, sentence.right) == sentence_bounds(text, start, end)
        assert sentence.left_edge == (sentence.left == 0 or text[sentence.left - 1] in SENTENCE_BREAKS)
        assert sentence.right_edge == (sentence.right == len(text) or text[sentence.right] in SENTENCE_BREAKS)


def test_sentence_breaks_at_the_window_limit() -> None:
    text = "好" * 250 + "。保本" + "好" * 250
    sentence = SentenceBreaks(text).around(251, 253)
    assert (sentence.left, sentence.left_edge) == (251, True)  # right after the 。
    assert (sentence.right, sentence.right_edge) == (453, False)  # 200 past the hit: the window's limit
    assert SentenceBreaks(text).around(100, 102) == Sentence(0, 250, True, True)  # up to the 。 at 250
