"""Which encoding a file without a BOM is in, judged by what its bytes decode to.

Big5 and GB18030 both decode almost any run of high bytes without an error, so an error count
cannot tell them apart. What can: a right decoding reads as Chinese, made of common characters;
a wrong one gives rare characters, kana, Cyrillic, box drawing, private-use code points and
decode errors. Every decoded character gets a weight, roughly its log frequency: 0 for the
1,000 most common characters (Simplified or Traditional, as written in either script), down to
-12 for a private-use or unassigned code point, a control character or an undecodable byte.
A decoding's score is the sum of its weights; the highest wins, if it wins by a clear margin
and reads like Chinese on average. Otherwise the caller asks for `--encoding`.

The same score tells UTF-16 and UTF-32 without a BOM (little or big endian) from a binary file.

Only this module loads the character table (`data/hanzi_bands.txt`, about 5,500 characters),
and only for a file that is not UTF-8. `python -m scriptlint.readers.charset` rebuilds it from
jieba's dictionary (character frequency) and OpenCC's (the Traditional forms, Taiwan variants).
"""
from __future__ import annotations

import collections
import functools
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

BANDS_PATH = Path(__file__).parent.parent / "data" / "hanzi_bands.txt"
# Sizes of the frequency bands, in Simplified characters; each character's Traditional forms
# join its band.
BAND_SIZES = (1000, 1500, 1500)
BAND_WEIGHTS = (0.0, -1.5, -3.0)
# Punctuation of Chinese text, as common as the most common characters.
COMMON_PUNCTUATION = "，。、：；？！“”‘’（）《》【】「」『』…—～·％＋－／＠＃＆＊　"
OTHER_HAN = -6.0  # a CJK unified ideograph outside the bands
EXTENSION_HAN = -8.0  # extension blocks and compatibility ideographs
FOREIGN_LETTER = -7.0  # kana, Hangul, Cyrillic, Greek, bopomofo, accented Latin
SYMBOL = -4.0  # other punctuation, symbols, circled numbers
FULL_WIDTH = -1.0  # full-width letters and digits
SPACE = -1.0
IMPOSSIBLE = -12.0  # control, private use, unassigned, or an undecodable byte

# A decoding must average at least this per weighed character to read as Chinese (right
# decodings average about -0.2 to -1, wrong ones -4 to -8), and beat the next best by MARGIN.
PLAUSIBLE_MEAN = -3.5
MARGIN = 24.0
# UTF-16 and UTF-32 without a BOM: the NUL bytes are evidence already, and a wrong byte order
# gives unassigned or rare code points, so a smaller margin is enough.
WIDE_MARGIN = 12.0


@dataclass(frozen=True)
class Reading:
    """One candidate decoding of a file's head, scored."""

    codec: str
    score: float  # the sum of the weights: what ranks the readings
    weighed: int  # characters that carry evidence: everything but printable ASCII and whitespace
    errors: int  # undecodable bytes
    # Of `weighed`, the characters of lines set aside because they do not decode, each counted
    # IMPOSSIBLE in `score` (UTF-16 and UTF-32, read line by line: a stray byte spoils a line),
    # and the length of the whole decoded text, ASCII included.
    spoiled: int = 0
    length: int = 0

    @property
    def mean(self) -> float:
        """The mean weight of what decodes."""
        decoded = self.weighed - self.spoiled
        return (self.score - self.spoiled * IMPOSSIBLE) / decoded if decoded else 0.0

    @property
    def plausible(self) -> bool:
        """Reads like Chinese (or ASCII) text: common characters on average, and at most half
        of it in lines that do not decode."""
        return self.mean >= PLAUSIBLE_MEAN and self.spoiled * 2 <= self.length


@functools.cache
def _bands() -> tuple[str, ...]:
    lines = BANDS_PATH.read_text(encoding="utf-8").splitlines()
    return tuple(line for line in lines if not line.startswith("#"))


@functools.cache
def _table() -> dict[str, float]:
    table: dict[str, float] = {}
    for weight, chars in zip(BAND_WEIGHTS, _bands()):
        for char in chars:
            table.setdefault(char, weight)
    for char in COMMON_PUNCTUATION:
        table[char] = 0.0
    return table


def weight(char: str) -> float:
    """How much a decoded character speaks for the decoding (0 best, -12 worst)."""
    known = _table().get(char)
    if known is not None:
        return known
    code = ord(char)
    if code < 0x80:
        return 0.0 if char.isprintable() or char in "\t\n\r\f" else IMPOSSIBLE
    if 0xDC00 <= code <= 0xDCFF:  # an undecodable byte (decode.py's error handler)
        return IMPOSSIBLE
    if 0x4E00 <= code <= 0x9FFF:
        return OTHER_HAN
    if 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF or 0x20000 <= code <= 0x3FFFF:
        return EXTENSION_HAN
    if 0xFF01 <= code <= 0xFF5E:
        return FULL_WIDTH
    category = unicodedata.category(char)
    if category[0] == "C":
        return IMPOSSIBLE
    if category[0] == "L":
        return FOREIGN_LETTER
    if category == "Zs":
        return SPACE
    return SYMBOL


def _weighed(char: str) -> bool:
    return not (ord(char) < 0x80 and (char.isprintable() or char in "\t\n\r\f"))


def score(text: str, codec: str = "") -> Reading:
    """The score of one decoded text (undecodable bytes as decode.py marks them)."""
    total = 0.0
    weighed = errors = 0
    # Counting first: a file has a few thousand distinct characters, however long it is.
    for char, count in collections.Counter(text).items():
        if not _weighed(char):
            continue
        total += weight(char) * count
        weighed += count
        if 0xDC00 <= ord(char) <= 0xDCFF:
            errors += count
    return Reading(codec, total, weighed, errors)


def rank(readings: Iterable[Reading]) -> list[Reading]:
    """Best first; on an equal score, the earlier candidate."""
    return sorted(readings, key=lambda r: -r.score)


def decided(readings: list[Reading], margin: float = MARGIN) -> Reading | None:
    """The best of ranked readings when it reads as Chinese and beats the next one by `margin`."""
    best = readings[0]
    if not best.plausible:
        return None
    if len(readings) > 1 and best.score - readings[1].score < margin:
        return None
    return best


# --- building the table --------------------------------------------------------------------


def _variants(path: Path) -> dict[str, list[str]]:
    """An OpenCC character dictionary: key -> every candidate (the first is the usual one)."""
    table: dict[str, list[str]] = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            key, _, values = line.rstrip("\n").partition("\t")
            if len(key) == 1:
                table[key] = [v for v in values.split(" ") if len(v) == 1]
    return table


def build_bands() -> list[str]:
    """The frequency bands: the most common Simplified characters (jieba's word frequencies
    summed per character, GB2312 characters only, which drops the odd variant in its word
    list), each band followed by the Traditional forms of its characters (OpenCC's s2t
    candidates and their Taiwan variants) not already in a band."""
    from ..segment import jieba_dict_path, read_dictionary
    from ..t2s import _dictionary_directory

    frequency: collections.Counter[str] = collections.Counter()
    words, _ = read_dictionary(jieba_dict_path())
    for word, count in words.items():
        for char in word:
            if 0x4E00 <= ord(char) <= 0x9FFF:
                frequency[char] += count

    def in_gb2312(char: str) -> bool:
        try:
            char.encode("gb2312")
        except UnicodeEncodeError:
            return False
        return True

    ranked = [c for c, _ in sorted(frequency.items(), key=lambda item: (-item[1], item[0])) if in_gb2312(c)]
    directory = _dictionary_directory()
    traditional = _variants(directory / "STCharacters.txt")
    taiwan = _variants(directory / "TWVariants.txt")
    seen: set[str] = set()
    bands: list[str] = []
    start = 0
    for size in BAND_SIZES:
        simplified = [c for c in ranked[start:start + size] if c not in seen]
        start += size
        seen.update(simplified)
        forms: list[str] = []
        for char in simplified:
            for form in traditional.get(char, []):
                for variant in (form, *taiwan.get(form, [])):
                    if variant not in seen:
                        seen.add(variant)
                        forms.append(variant)
        bands.append("".join(simplified) + "".join(forms))
    return bands


def bands_file_text() -> str:
    header = ("# Common characters by frequency band (one band a line): built by "
              "`python -m scriptlint.readers.charset` from jieba's and OpenCC's dictionaries.")
    return "\n".join([header, *build_bands()]) + "\n"


if __name__ == "__main__":
    BANDS_PATH.write_text(bands_file_text(), encoding="utf-8")
    print(f"wrote {BANDS_PATH}")
