"""Exact maps from a decoded string value back to the characters of its source literal.

`locate.align` is a greedy search that is right for verbatim text; escapes (JSON `\\"`,
`\\n`, `\\u4fdd`), CRLF line breaks and YAML line folding can make it drift. `trace` walks the
literal the way its parser reads it and returns None when it cannot account for a character,
so the caller can fall back to the greedy search.

Offsets: one per value character, the source index where that character's representation
begins (an escape begins at its backslash, a folded line break at the break), plus one past
the end of the last character's representation.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable
from string import hexdigits

from ..model import LineIndex, Utterance

JSON = "json"
YAML_DOUBLE = "yaml-double"
YAML = "yaml"  # plain, single-quoted and block scalars: no escapes

_JSON_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_YAML_ESCAPES = {
    **_JSON_ESCAPES, "0": "\0", "a": "\x07", "v": "\x0b", "e": "\x1b", " ": " ", "\t": "\t",
    "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029",
}
_JSON_HEX = {"u": 4}
_YAML_HEX = {"x": 2, "u": 4, "U": 8}
# Syntax a YAML scalar may have between its characters: indentation, line breaks, the second
# quote of '' and the backslash of an escaped line break.
_YAML_SKIPPABLE = frozenset(" \t\r\n'\\")
_LINE_BREAK = re.compile(r"[ \t]*(?:\r\n|\r|\n)")
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)


def _hex(source: str, start: int, width: int) -> int | None:
    digits = source[start:start + width]
    if len(digits) != width or not all(c in hexdigits for c in digits):
        return None
    return int(digits, 16)


def _escapes(source: str, p: int, mode: str) -> list[tuple[str, int]]:
    """Decodings (character, length) of the escape beginning at source[p] == '\\'."""
    if p + 1 >= len(source):
        return []
    code = source[p + 1]
    table, widths = (_JSON_ESCAPES, _JSON_HEX) if mode == JSON else (_YAML_ESCAPES, _YAML_HEX)
    if code in table:
        return [(table[code], 2)]
    width = widths.get(code)
    if width is None:
        return []
    value = _hex(source, p + 2, width)
    if value is None or value > 0x10FFFF:
        return []
    length = 2 + width
    found = [(chr(value), length)]
    if 0xD800 <= value < 0xDC00 and source.startswith("\\u", p + length):
        low = _hex(source, p + length + 2, 4)
        if low is not None and 0xDC00 <= low < 0xE000:
            found.insert(0, (chr(0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)), length + 6))
    return found


def trace(value: str, source: str, start: int, end: int, mode: str) -> list[int] | None:
    """Offsets of `value` inside source[start:end] read as a `mode` literal, or None."""
    offsets: list[int] = []
    p = start
    for ch in value:
        while True:
            if p >= end:
                return None
            here = source[p]
            if here == "\\" and mode == YAML_DOUBLE and p + 1 < end and source[p + 1] in "\r\n":
                # An escaped line break: the break and the next line's indentation are not content.
                escaped_break = _LINE_BREAK.match(source, p + 1, end)
                assert escaped_break is not None  # source[p + 1] is a line break
                p = escaped_break.end()
                while p < end and source[p] in " \t":
                    p += 1
                continue
            if here == "\\" and mode != YAML:
                decoded = next((length for char, length in _escapes(source, p, mode) if char == ch), None)
                if decoded is not None:
                    offsets.append(p)
                    p += decoded
                    break
                if mode == JSON:
                    return None
            elif here == ch:
                offsets.append(p)
                p += 1
                break
            if mode != JSON and ch in " \n":
                folded = _LINE_BREAK.match(source, p, end)
                if folded is not None:
                    offsets.append(p)
                    p = folded.end()
                    break
            if mode == JSON or here not in _YAML_SKIPPABLE:
                return None
            p += 1
    offsets.append(p)
    return offsets


def json_string_values(source: str, keys: Iterable[str]) -> list[tuple[str, int, int]]:
    """(decoded value, first character, closing quote) of every JSON string that is the value
    of one of `keys`, in document order. `source` must be valid JSON (or one JSONL line)."""
    wanted = set(keys)
    found: list[tuple[str, int, int]] = []
    previous: tuple[str, int] | None = None
    for match in _JSON_STRING.finditer(source):
        try:
            decoded = json.loads(match.group())
        except ValueError:
            previous = None
            continue
        if previous is not None and previous[0] in wanted and source[previous[1]:match.start()].strip() == ":":
            found.append((decoded, match.start() + 1, match.end() - 1))
        previous = (decoded, match.end())
    return found


def set_position(utterance: Utterance, offsets: list[int], source: str, index: LineIndex) -> None:
    """Linear (line, column + i) when the value stands verbatim on one line, else per character."""
    first = offsets[0]
    value = utterance.text
    if (offsets[-1] - first == len(value) and source.startswith(value, first)
            and "\n" not in value and "\r" not in value):
        utterance.line, utterance.column = index.position(first)
        utterance.offsets = None
        return
    utterance.offsets = [index.position(o) for o in offsets]
    utterance.line, utterance.column = utterance.offsets[0]


__all__ = ["JSON", "YAML", "YAML_DOUBLE", "json_string_values", "set_position", "trace"]
