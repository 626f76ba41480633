"""The confirmation chain's speed mechanisms decide exactly what the plain versions decide:
the allow-list index against scanning every span, and (below) the sentence breaks, the decision
memo and the literal gates against their references."""
from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scriptlint.lexicon import Lexicon, bundled_packs, load_pack
from scriptlint.lexicon.confirm import (
    NEGATION_WINDOW,
    AllowIndex,
    SentenceBreaks,
    _on_latin_boundaries,
    allowed_by_scanning,
    sentence_bounds,
)
from scriptlint.lexicon.matcher import Hit, Scan
from scriptlint.lexicon.regex_facts import literal_gate, reach_before
from scriptlint.lexicon.schema import SENTENCE_BREAKS, pack_from_data, pack_to_data
from scriptlint.normalize import normalize
from scriptlint.segment import Confirmer

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
        left, right, left_edge, right_edge = breaks.around(start, end)
        assert (left, right) == sentence_bounds(text, start, end)
        assert left_edge == (left == 0 or text[left - 1] in SENTENCE_BREAKS)
        assert right_edge == (right == len(text) or text[right] in SENTENCE_BREAKS)


def test_sentence_breaks_at_the_window_limit() -> None:
    text = "好" * 250 + "。保本" + "好" * 250
    left, right, left_edge, right_edge = SentenceBreaks(text).around(251, 253)
    assert (left, left_edge) == (251, True)  # right after the 。
    assert (right, right_edge) == (453, False)  # 200 past the hit: the window's limit
    assert SentenceBreaks(text).around(100, 102) == (0, 250, True, True)  # up to the 。 at 250


# --- the decision memo -------------------------------------------------------------------------

ALL = Lexicon([load_pack(path) for path in bundled_packs().values()])
PACKS = sorted({entry.pack for entry in ALL.entries})
_pieces = sorted({term for entry in ALL.entries for term in entry.terms}
                 | {example[:12] for entry in ALL.entries for example in entry.must_match}
                 | {cue for pack in ALL.packs for cue in (*pack.negation.before, *pack.negation.after)})
_texts = st.lists(st.one_of(st.sampled_from(_pieces), st.sampled_from(list(SENTENCE_BREAKS + "，的我您好")),
                            st.text(alphabet="的是了好保本收益不会", max_size=6)),
                  max_size=40).map("".join)


def decision_without_memo(scan: Scan, hit: Hit) -> tuple[int, int] | None:
    """The decision as it was made before the memo was keyed by sentence: over the window of
    NEGATION_WINDOW before the hit (or its sentence) and the filters' reach after, the sentence
    found by two regex scans."""
    text, entry = scan.norm.text, hit.entry
    reach = max(Confirmer.window, NEGATION_WINDOW if entry.negatable else 0)
    if entry.sentence_bound:
        left, right = sentence_bounds(text, hit.start, hit.end)
        low, high = max(0, left - NEGATION_WINDOW), min(len(text), right + reach)
    else:
        low, high = max(0, hit.start - NEGATION_WINDOW), min(len(text), hit.end + reach)
    decision = ALL.chain._decide(text[low:high], hit.start - low, hit.end - low, entry, scan.active)
    return None if decision is None else (decision[0] + low, decision[1] + low)


@given(texts=st.lists(_texts, min_size=1, max_size=4), packs=st.sets(st.sampled_from(PACKS)))
def test_memo_keyed_by_sentence_decides_as_the_full_window(texts: list[str], packs: set[str]) -> None:
    # One chain (and memo) for every example, so decisions are reused across texts.
    for text in texts:
        scan = ALL.candidates(normalize(text), sorted(packs) or None)
        for hit in scan.hits:
            if not _on_latin_boundaries(scan, hit):
                continue
            kept = ALL.chain._confirm(scan, hit, None)
            assert (None if kept is None else (kept.start, kept.end)) == decision_without_memo(scan, hit)


def test_the_same_sentence_after_different_text_is_decided_once() -> None:
    lexicon = Lexicon([load_pack(bundled_packs()["general"])])
    windows: list[str] = []
    decide = lexicon.chain._decide

    def counted(text: str, *args: object) -> object:
        windows.append(text)
        return decide(text, *args)  # type: ignore[arg-type]

    lexicon.chain._decide = counted  # type: ignore[assignment]
    sentence = "您的问题我已经记下了，三个工作日内给您回复。"
    inside = []
    for before in ("您好，欢迎致电。", "请稍等。", "感谢您的耐心。\n"):
        scan = lexicon.candidates(normalize(before + sentence))
        lexicon.confirm(scan, scan.hits)
        inside.append(sum("记下了" in window for window in windows))
    assert inside[0] > 0  # 记下 and 三个工作日 are decided in the first text ...
    assert inside[0] == inside[1] == inside[2]  # ... and reused after other text


@pytest.mark.parametrize(("pattern", "reach"), [
    ("保本", 0),
    ("(?<!等了)(三天|两天)", 0),  # cannot match a break: reads nothing that matters before one
    ("(?<![每第])天", 0),
    (r"(?<![\d\]])\d+号", 0),
    ("(?<!.)天", 1),  # . matches 。
    (r"(?<!\W)天", 1),
    (r"(?<=[^a])天", 1),
    ("(?<!。。)天", 2),
    ("^您好", 1),  # the start of the text differs from the start of a sentence
    (r"\A您好", 1),
    (r"\b您好", 0),  # breaks are non-word characters, like the start of the text
    ("吗$", 0),
    ("(?<!。)(?<!！)x", 2),
])
def test_reach_before_a_sentence(pattern: str, reach: int) -> None:
    assert reach_before(pattern, SENTENCE_BREAKS) == reach


def test_reach_before_without_edges_counts_every_lookbehind() -> None:
    assert reach_before("(?<!等了)(?<![每第])天") == 3
    assert reach_before("(?a)\\b天") is None  # ASCII word boundaries: not worked out
    assert reach_before("(unclosed") is None


# --- literal gates -----------------------------------------------------------------------------

GATED = [(regex.pattern, entry.terms, regex.facts(entry.terms).gate) for entry in ALL.entries for regex in entry.regexes]
_gate_literals = sorted({literal for _, _, gate in GATED for literal in gate or ()})


def test_nearly_every_bundled_regex_has_a_gate() -> None:
    assert sum(gate is not None for _, _, gate in GATED) >= 0.95 * len(GATED)


@settings(max_examples=300)
@given(data=st.data())
def test_every_match_holds_a_string_of_the_gate(data: st.DataObject) -> None:
    pattern, _, gate = data.draw(st.sampled_from(GATED))
    text = data.draw(st.from_regex(pattern))
    match = re.search(pattern, text)
    if match is not None and gate is not None:
        assert any(literal in match.group() for literal in gate), (pattern, text)


@settings(max_examples=300)
@given(data=st.data())
def test_a_gate_that_says_no_means_no_match(data: st.DataObject) -> None:
    pattern, terms, gate = data.draw(st.sampled_from(GATED))
    pieces = st.one_of(st.sampled_from(_gate_literals), st.sampled_from(terms), st.sampled_from(list("的了不您你我，。1")),
                       st.from_regex(pattern, fullmatch=True))
    text = "".join(data.draw(st.lists(pieces, max_size=8)))
    if gate is not None and not any(literal in text for literal in gate):
        assert re.search(pattern, text) is None, (pattern, text)


@pytest.mark.parametrize(("pattern", "gate"), [
    ("保本", ("保本",)),
    ("(?:预计|预估)", ("预估", "预计")),  # re's parser keeps 预 apart: joined again
    ("保本?收益", ("收益",)),
    ("ab|c", ("ab", "c")),
    ("(?:x|y){1,3}", ("x", "y")),
    ("a*", None),  # may match nothing
    ("(?:a|)b?", None),
    (r"\d|百分", None),  # \d is hundreds of characters
    ("(?i)abc", None),  # case folding
    ("[^a]bc", ("bc",)),
])
def test_literal_gate(pattern: str, gate: tuple[str, ...] | None) -> None:
    assert literal_gate(pattern) == gate


def test_a_gate_prefers_strings_outside_the_terms_that_trigger_it() -> None:
    assert literal_gate("(?:三天|两天)(?:到账|退款)") == ("三天到账", "三天退款", "两天到账", "两天退款")
    assert literal_gate("(?:三天|两天)[^，]{0,3}(?:到账|退款)", ("到账", "退款")) == ("三天", "两天")


def test_regex_facts_travel_through_the_start_up_cache() -> None:
    pack = load_pack(bundled_packs()["general"], eager=False)
    data = json.loads(json.dumps(pack_to_data(pack)))
    restored = pack_from_data(data)
    pairs = [(entry, regex, again) for entry, back in zip(pack.entries, restored.entries, strict=True)
             for regex, again in zip(entry.regexes, back.regexes, strict=True)]
    assert pairs
    for entry, regex, again in pairs:
        assert again._facts == regex.facts(entry.terms)  # restored, not worked out again
    for entry in data["entries"]:
        del entry["regex_facts"]  # a cache entry written before the facts were stored ...
    with pytest.raises(KeyError):
        pack_from_data(data)  # ... is refused, so the cache rebuilds it with them
