"""Call transcripts (.jsonl): one turn per line, grouped into calls by `call_id`.

The file is streamed: a call is checked as soon as the next call begins, and a long call (or a
file without call ids, which is one call) window by window (readers.windows), so memory stays
flat however large the file. Turns of one call are expected to be contiguous; a call id that
comes back later starts a new segment. A malformed line is reported and skipped.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from itertools import groupby
from operator import itemgetter

from ..model import InputError, Kind, LineIndex, Script, Suppression, Utterance
from .common import identifier, json_literal_start, json_type, load_json, turn_utterance
from .decode import AUTO, LineStream
from .directives import SUPPRESSION_KEY, from_value, json_value_spans, lines_of, position
from .locate import align
from .source_map import JSON, json_string_values, trace
from .speakers import Speakers
from .windows import windows

ErrorSink = Callable[[InputError], None]


_TEXT_KEY_BEFORE = re.compile(r'"text"\s*:\s*$')
_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f\x7f]')


def _text_literal(raw: str, text: str) -> tuple[int, int] | None:
    """[first character, closing quote) of the literal of the "text" key itself."""
    # Most texts hold nothing JSON escapes: their literal is the text in quotes (no dumps).
    encoded = '"' + text + '"' if _NEEDS_ESCAPE.search(text) is None else json.dumps(text, ensure_ascii=False)
    found = raw.find(encoded)
    if found != -1 and raw.find(encoded, found + 1) == -1 and _TEXT_KEY_BEFORE.search(raw, max(0, found - 32), found):
        return found + 1, found + len(encoded) - 1
    # Escaped differently, or the same string under another key too: read the literals.
    return next(((start, end) for value, start, end in reversed(json_string_values(raw, ("text",))) if value == text), None)


def _suppressions(path: str, raw: str, number: int, utterance: Utterance) -> list[Suppression]:
    """The turn's `lint_ignore` directives, placed on this line (few lines have one: the line is
    parsed again only then)."""
    if SUPPRESSION_KEY not in raw:
        return []
    data = load_json(path, raw, number)
    if SUPPRESSION_KEY not in data:
        return []
    spans = json_value_spans(raw, lambda p: bool(p) and p[0] == SUPPRESSION_KEY and len(p) <= 2)
    index = LineIndex(raw)

    def place(item: int | None) -> tuple[int, int, int, int]:
        start, end = spans.get((SUPPRESSION_KEY,) if item is None else (SUPPRESSION_KEY, item), (0, 0))
        _, column, _, end_column = position(index, start, end)
        return number, column, number, end_column

    return from_value(path, data[SUPPRESSION_KEY], SUPPRESSION_KEY, place, lines_of(utterance))


def _turn(path: str, raw: str, number: int, speakers: Speakers) -> tuple[str | None, Utterance]:
    data = load_json(path, raw, number)
    if not isinstance(data, dict):
        raise InputError(path, "a transcript line must be a JSON object", number)
    text = data.get("text")
    if not isinstance(text, str):
        found = "no 'text'" if text is None and "text" not in data else f"'text' is {json_type(text)}"
        raise InputError(path, f"a turn needs a string 'text' ({found})", number)
    call_id = identifier(path, data.get("call_id"), "'call_id'", number)
    utterance = turn_utterance(path, data, text, "text", speakers, number, skip=("call_id", SUPPRESSION_KEY))
    literal = _text_literal(raw, text)
    if literal is not None and literal[1] - literal[0] == len(text) and raw.startswith(text, literal[0]):
        utterance.column = literal[0] + 1  # verbatim: the common case, no per-character map
        return call_id, utterance
    offsets = trace(text, raw, literal[0], literal[1], JSON) if literal is not None else None
    if offsets is not None:
        if offsets[-1] - offsets[0] == len(text) and raw.startswith(text, offsets[0]):
            utterance.column = offsets[0] + 1
        else:
            utterance.offsets = [(number, o + 1) for o in offsets]
            utterance.column = offsets[0] + 1
        return call_id, utterance
    column = json_literal_start(raw, text)
    if column == -1:
        column = raw.find('"text"') + 1
    if raw.startswith(text, column) or column <= 0:
        utterance.column = max(column, 0) + 1
    else:
        utterance.offsets = [(number, o + 1) for o in align(text, raw, column)]
    return call_id, utterance


def _lines(stream: LineStream, path: str, on_error: ErrorSink) -> Iterator[str]:
    """The stream's lines; bytes the decoder cannot even replace (a UTF-16 file cut in the middle
    of a character) end the file with an error at that line, the lines before it kept."""
    lines = iter(stream)
    while True:
        try:
            yield next(lines)
        except StopIteration:
            return
        except UnicodeDecodeError as exc:
            on_error(InputError(path, f"cannot decode as {stream.source.encoding} ({exc.reason})", stream.line_number + 1))
            return


def read_transcript(path: str, speakers: Speakers, on_error: ErrorSink, encoding: str = AUTO) -> Iterator[Script]:
    stream = LineStream(path, on_error, encoding)

    def turns() -> Iterator[tuple[str | None, Utterance, list[Suppression]]]:
        for raw in _lines(stream, path, on_error):
            if not raw.strip():
                continue
            try:
                call_id, utterance = _turn(path, raw, stream.line_number, speakers)
                yield call_id, utterance, _suppressions(path, raw, stream.line_number, utterance)
            except InputError as error:
                on_error(error)

    # Consecutive turns with the same call id are a call; a long call comes in windows, and a
    # file without call ids is one call.
    for call_id, call in groupby(turns(), key=itemgetter(0)):
        for window, number, more in windows(((turn, found) for _, turn, found in call), lambda item: item[0].text):
            yield Script(path, Kind.TRANSCRIPT, [turn for turn, _ in window], call_id=call_id, has_speakers=True,
                         source=stream.source, window=number, more=more,
                         suppressions=[s for _, found in window for s in found])
