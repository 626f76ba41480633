"""Lone surrogates: code points that are not characters, which no encoder will write.

They come in two ways: a file name that is not valid UTF-8 (os.fsdecode turns each byte it
cannot decode into U+DC80..U+DCFF, "surrogateescape"), and a JSON escape such as "\\ud800" in a
file's text. Written as they are, they abort the output; every output makes them visible instead.
"""
from __future__ import annotations

import re

LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that is not UTF-8: show the byte
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}"


def printable(text: str) -> str:
    """`text` with each lone surrogate written as a backslash escape: `\\xff` for a byte of a
    file name that is not UTF-8, `\\ud800` for any other."""
    return text if LONE_SURROGATE.search(text) is None else LONE_SURROGATE.sub(_escape, text)


def printable_json(dumped: str) -> str:
    """The output of `json.dumps(..., ensure_ascii=False)` made valid UTF-8: a lone surrogate
    (only a string literal can hold one) becomes the escape `printable` shows, its backslash
    escaped for JSON, so that the decoded string reads `\\xff`."""
    if LONE_SURROGATE.search(dumped) is None:
        return dumped
    return LONE_SURROGATE.sub(lambda match: "\\" + _escape(match), dumped)


__all__ = ["LONE_SURROGATE", "printable", "printable_json"]
