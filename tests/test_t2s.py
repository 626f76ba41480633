"""scriptlint.t2s must agree with opencc-python-reimplemented's OpenCC('t2s').

The reference is only imported here (and in the benchmark); the module under
test reads the same dictionary files without importing opencc.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from opencc import OpenCC

SRC = Path(__file__).resolve().parents[1] / "src"
try:
    from scriptlint import t2s
except ImportError:  # not installed: run from the source tree
    sys.path.insert(0, str(SRC))
    from scriptlint import t2s

REFERENCE = OpenCC("t2s")
DICT_DIR = t2s._dictionary_directory()


def _keys_and_values(name: str) -> list[tuple[str, str]]:
    with open(DICT_DIR / name, encoding="utf-8") as handle:
        return [tuple(line.strip().split("\t")) for line in handle]  # type: ignore[misc]


PHRASES = _keys_and_values("TSPhrases.txt")
CHARACTERS = _keys_and_values("TSCharacters.txt")
PHRASE_KEYS = [key for key, _ in PHRASES]
TRADITIONAL_CHARS = [key for key, _ in CHARACTERS]
PHRASE_CHARS = sorted({c for key in PHRASE_KEYS for c in key})
# Substrings of phrase keys: glued together they produce overlapping and
# nested phrase occurrences, the hard part of the reference's resolution.
PHRASE_FRAGMENTS = sorted(
    {key[i:j] for key in PHRASE_KEYS for i in range(len(key)) for j in range(i + 2, len(key) + 1)}
)
SIMPLIFIED_CHARS = sorted(
    {c for _, value in CHARACTERS + PHRASES for c in value if c != " "}
    | set("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可么什怎干后里面发")
)
SEPARATORS = [
    " ", "\t", "\n", "\r\n", "\x0b", "\x1c", "\xa0", "\u2028", "\u3000", "  ",
    "-", ",", ".", "?", "!", "*", "，", "。", "、", "；", "：", "？", "！", "…",
    "“", "”", "‘", "’", "『", "』", "「", "」", "﹁", "﹂", "—", "－", "（", "）",
    "《", "》", "〈", "〉", "～", "．", "／", "＼", "︒", "︑", "︔", "︓", "︿", "﹀",
    "︹", "︺", "︙", "︐", "［", "﹇", "］", "﹈", "︕", "︖", "︰", "︳", "︴", "︽",
    "︾", "︵", "︶", "｛", "︷", "｝", "︸", "﹃", "﹄", "【", "︻", "】", "︼",
]
FULL_WIDTH_PUNCTUATION = list("，。、；：？！“”‘’『』「」（）《》【】～…—·＃％＆＠＋＝｜")
NON_BMP = sorted({c for key, value in CHARACTERS for c in key + value if ord(c) > 0xFFFF}) + [
    "😀",
    "𠀀",
]

CHUNKS = st.one_of(
    st.sampled_from(TRADITIONAL_CHARS),
    st.sampled_from(PHRASE_CHARS),
    st.sampled_from(PHRASE_KEYS),
    st.sampled_from(PHRASE_FRAGMENTS),
    st.sampled_from(SIMPLIFIED_CHARS),
    st.characters(max_codepoint=127),
    st.sampled_from(SEPARATORS),
    st.sampled_from(FULL_WIDTH_PUNCTUATION),
    st.sampled_from(NON_BMP),
)
TEXTS = st.lists(CHUNKS, max_size=40).map("".join)


def assert_matches_reference(text: str) -> None:
    expected = REFERENCE.convert(text)
    result = t2s.to_simplified(text)
    assert result == expected, text
    assert len(result) == len(text)
    if not t2s.has_traditional(text):
        assert result == text


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_matches_reference(text: str) -> None:
    assert_matches_reference(text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(CHUNKS, min_size=100, max_size=600).map("".join))
def test_matches_reference_long_texts(text: str) -> None:
    assert_matches_reference(text)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_no_traditional_means_unchanged(text: str) -> None:
    if not t2s.has_traditional(text):
        assert t2s.to_simplified(text) is text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("無風險保過", "无风险保过"),
        ("身分證字號", "身分证字号"),
        ("一目瞭然", "一目了然"),
        ("瞭望台", "瞭望台"),
        ("這個產品保證無風險，絕對能解決您的問題。", "这个产品保证无风险，绝对能解决您的问题。"),
        ("本产品無風險，保證收益100%！", "本产品无风险，保证收益100%！"),
        ("我是AI助手，请问有什么可以帮您？", "我是AI助手，请问有什么可以帮您？"),
        ("", ""),
        ("𪋿😀a𪋿", "𫧮😀a𫧮"),
    ],
)
def test_examples(text: str, expected: str) -> None:
    assert t2s.to_simplified(text) == expected
    assert REFERENCE.convert(text) == expected


def test_has_traditional_examples() -> None:
    assert not t2s.has_traditional("")
    assert not t2s.has_traditional("无风险保过，请问有什么问题？😀")
    assert not t2s.has_traditional("么")  # only rewritten inside the phrase 么麼
    assert t2s.has_traditional("么麼")
    assert t2s.has_traditional("無風險")
    assert t2s.has_traditional("abc𪋿")
    plain = "普通的简体文本。"
    assert t2s.to_simplified(plain) is plain


def test_every_phrase_entry() -> None:
    for key in PHRASE_KEYS:
        assert t2s.to_simplified(key) == REFERENCE.convert(key), key


def test_every_character_entry() -> None:
    for key in TRADITIONAL_CHARS:
        assert t2s.to_simplified(key) == REFERENCE.convert(key), key
    everything = "".join(TRADITIONAL_CHARS)
    assert t2s.to_simplified(everything) == REFERENCE.convert(everything)


def test_overlapping_phrase_pairs() -> None:
    # Every pair of phrase keys where a suffix of one is a prefix of the other,
    # glued on the shared part, plus the key containing each other key.
    checked = 0
    for first in PHRASE_KEYS:
        for second in PHRASE_KEYS:
            for shared in range(1, min(len(first), len(second))):
                if first[-shared:] == second[:shared]:
                    assert_matches_reference(first + second[shared:])
                    assert_matches_reference("乾" + first + second[shared:] + "覆")
                    checked += 1
    assert checked > 0


def test_module_import_is_lazy_and_does_not_import_opencc() -> None:
    code = (
        "import sys\n"
        "import scriptlint.t2s as t2s\n"
        "assert t2s._converter is None\n"
        "assert t2s.to_simplified('無風險') == '无风险'\n"
        "assert 'opencc' not in sys.modules, 'opencc was imported'\n"
    )
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), env.get("PYTHONPATH")]))
    subprocess.run([sys.executable, "-c", code], check=True, env=env)


# ---------------------------------------------------------------------------
# Synthetic dictionaries exercise rules the shipped ones do not hit today:
# one-character phrase keys, keys containing separators, separator character
# keys, duplicates, multi-valued entries, BMP <-> non-BMP mappings.

SYNTHETIC_PHRASES = """\
ab\tAB
bcd\tXYZ
cd\tCD
d\tQ
a-b\tZZZ
a b\tZZZ
ef\tef
xy\tXY YX
g𪋿\tG𫧮
bcdefg\tBCDEFG
cdef\tWXYZ
"""
SYNTHETIC_CHARACTERS = """\
a\t1
b\t2
c\t3
d\t4
e\t5
-\t_
，\t,
h\t𫧮
𫧮\tz
f\tf
a\t9
x\tk j
"""


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[t2s._Converter, OpenCC]:
    directory = tmp_path_factory.mktemp("dictionary")
    (directory / "TSPhrases.txt").write_text(SYNTHETIC_PHRASES, encoding="utf-8")
    (directory / "TSCharacters.txt").write_text(SYNTHETIC_CHARACTERS, encoding="utf-8")
    reference = OpenCC()
    reference._dict_chain = [[str(directory / "TSPhrases.txt"), str(directory / "TSCharacters.txt")]]
    reference._dict_chain_data = []
    reference._add_dictionaries(reference._dict_chain, reference._dict_chain_data)
    reference._dict_init_done = True
    return t2s._Converter.from_directory(directory), reference


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.one_of(
            st.sampled_from(list("abcdefghxyz𪋿𫧮-，, .Q😀")),
            st.sampled_from(["ab", "bcd", "cd", "a-b", "a b", "ef", "xy", "g𪋿", "bcdefg", "cdef"]),
        ),
        max_size=30,
    ).map("".join)
)
def test_synthetic_dictionaries(synthetic: tuple[t2s._Converter, OpenCC], text: str) -> None:
    converter, reference = synthetic
    result = converter.to_simplified(text)
    assert result == reference.convert(text)
    assert len(result) == len(text)
    if not converter.has_traditional(text):
        assert result == text


def test_length_changing_entry_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "TSPhrases.txt"
    path.write_text("ab\tA\n", encoding="utf-8")
    with pytest.raises(ValueError, match="length"):
        t2s._read_dictionary(path)
    path.write_text("ab\tAB ABC\n", encoding="utf-8")
    with pytest.raises(ValueError, match="length"):
        t2s._read_dictionary(path)


def test_multi_character_character_key_is_rejected() -> None:
    with pytest.raises(ValueError, match="one character"):
        t2s._Converter.from_dictionaries({}, {"ab": "AB"})


def test_separator_pattern_is_the_references() -> None:
    # Exactness rests on using the very same separator set as the reference.
    assert t2s._SEPARATOR_PATTERN == REFERENCE.split_chars_re.pattern
