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

from ..model import InputError, Kind, Script, Utterance
from .common import json_literal_start, load_json, turn_utterance
from .decode import LineStream
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


def _turn(path: str, raw: str, number: int, speakers: Speakers) -> tuple[str | None, Utterance]:
    data = load_json(path, raw, number)
    if not isinstance(data, dict):
        raise InputError(path, "a transcript line must be a JSON object", number)
    text = data.get("text")
    if not isinstance(text, str):
        raise InputError(path, "a turn needs a string 'text'", number)
    call_id = data.get("call_id")
    utterance = turn_utterance(path, data, text, "text", speakers, number, skip=("call_id",))
    literal = _text_literal(raw, text)
    if literal is not None and literal[1] - literal[0] == len(text) and raw.startswith(text, literal[0]):
        utterance.column = literal[0] + 1  # verbatim: the common case, no per-character map
        return (str(call_id) if call_id is not None else None), utterance
    offsets = trace(text, raw, literal[0], literal[1], JSON) if literal is not None else None
    if offsets is not None:
        if offsets[-1] - offsets[0] == len(text) and raw.startswith(text, offsets[0]):
            utterance.column = offsets[0] + 1
        else:
            utterance.offsets = [(number, o + 1) for o in offsets]
            utterance.column = offsets[0] + 1
        return (str(call_id) if call_id is not None else None), utterance
    column = json_literal_start(raw, text)
    if column == -1:
        column = raw.find('"text"') + 1
    if raw.startswith(text, column) or column <= 0:
        utterance.column = max(column, 0) + 1
    else:
        utterance.offsets = [(number, o + 1) for o in align(text, raw, column)]
    return (str(call_id) if call_id is not None else None), utterance


def read_transcript(path: str, speakers: Speakers, on_error: ErrorSink) -> Iterator[Script]:
    stream = LineStream(path, on_error)

    def turns() -> Iterator[tuple[str | None, Utterance]]:
        for raw in stream:
            if not raw.strip():
                continue
            try:
                yield _turn(path, raw, stream.line_number, speakers)
            except InputError as error:
                on_error(error)

    # Consecutive turns with the same call id are a call; a long call comes in windows, and a
    # file without call ids is one call.
    for call_id, call in groupby(turns(), key=itemgetter(0)):
        for utterances, number, more in windows(turn for _, turn in call):
            yield Script(path, Kind.TRANSCRIPT, utterances, call_id=call_id, has_speakers=True, source=stream.source,
                         window=number, more=more)
