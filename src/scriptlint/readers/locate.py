"""Find where a decoded value stands in its source, character by character."""
from __future__ import annotations

from ..model import LineIndex, Utterance

ALIGN_LOOKAHEAD = 32


def align(value: str, source: str, start: int, end: int | None = None) -> list[int]:
    """Source offsets of each character of `value`, plus one past its end.

    Greedy: each character matches its next occurrence in source[start:end] within a short
    look-ahead. Verbatim values (plain, quoted without escapes, block scalars) map exactly; an
    escaped character maps to where its escape begins.
    """
    limit = len(source) if end is None else end
    offsets: list[int] = []
    cursor = start
    for ch in value:
        found = source.find(ch, cursor, min(limit, cursor + ALIGN_LOOKAHEAD))
        if found == -1:
            offsets.append(min(cursor, max(start, limit - 1)))
        else:
            offsets.append(found)
            cursor = found + 1
    offsets.append(cursor)
    return offsets


def place(utterance: Utterance, value: str, source: str, index: LineIndex, start: int, end: int | None = None) -> None:
    """Give `utterance` its position: linear when the value stands verbatim on one line."""
    if source.startswith(value, start) and "\n" not in value and "\r" not in value:
        utterance.line, utterance.column = index.position(start)
        utterance.offsets = None
        return
    offsets = align(value, source, start, end)
    utterance.offsets = [index.position(o) for o in offsets]
    utterance.line, utterance.column = utterance.offsets[0]
