"""What the structured readers (flows, transcripts) share: JSON errors, turn validation and
finding a JSON string literal. Readers report raw input; they never import the config."""
from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from typing import Any

from ..model import BOT, InputError, LineIndex, Utterance
from ..privacy import mask
from .speakers import Speakers

# Keys of a turn that become Utterance fields; every other key is kept in `extra`.
TURN_KEYS = ("role", "start", "id")
# How much of a bad value an error message repeats.
SHOWN_VALUE = 40

# A \uXXXX escape of a surrogate, with the backslashes before it (an even number escape each other).
_SURROGATE_ESCAPE = re.compile(r"(\\+)u([dD][89a-fA-F][0-9a-fA-F]{2})")
# What JSON has outside its strings that matters for keys: a string, a bracket or a colon.
_JSON_KEY_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:]', re.DOTALL)


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """An object's dict; a key given twice is an error, not "the last one wins" in silence: which
    of two texts a compliance check read must not be a parser's choice."""
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return result


# One decoder for every document: json.loads with a hook would build a decoder per call.
_DECODER = json.JSONDecoder(object_pairs_hook=_unique_pairs)


def shown(value: str) -> str:
    """A value from the input as an error message repeats it: masked, cut short, and printable
    in any output encoding (a lone surrogate is written as its escape)."""
    # Masked before it is cut (with a margin), so the cut never leaves part of a number in clear.
    masked = mask(value[:SHOWN_VALUE + 64])
    text = masked if len(masked) <= SHOWN_VALUE else masked[:SHOWN_VALUE] + "…"
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _duplicate_key_offset(text: str, key: str) -> int:
    """Offset of the second `key` of one object in valid JSON (0 when not found)."""
    keys: list[set[str]] = []  # the keys seen so far in each open object
    previous: str | None = None  # the string token before the current one
    for token in _JSON_KEY_TOKENS.finditer(text):
        value = token.group()
        if value == "{":
            keys.append(set())
        elif value == "}":
            if keys:
                keys.pop()
        elif value == ":" and previous is not None and keys:
            if previous in keys[-1] and previous == key:
                return token.start()
            keys[-1].add(previous)
        if value.startswith('"'):
            try:
                previous = json.loads(value)
            except ValueError:
                previous = None
        elif value != ":":
            previous = None
    return 0


def lone_surrogate_offset(text: str) -> int | None:
    """Offset of the first \\uXXXX escape of half a surrogate pair in JSON text, or None. It
    decodes to a code point that is no character: no output encoding can print it."""
    if "\\u" not in text:
        return None
    matches = [m for m in _SURROGATE_ESCAPE.finditer(text) if len(m.group(1)) % 2 == 1]
    for i, match in enumerate(matches):
        value = int(match.group(2), 16)
        following = matches[i + 1] if i + 1 < len(matches) else None
        previous = matches[i - 1] if i > 0 else None
        if value < 0xDC00:  # high: a low one must follow at once
            if following is None or following.start() != match.end() or int(following.group(2), 16) < 0xDC00:
                return match.start(2) - 2
        elif previous is None or previous.end() != match.start() or int(previous.group(2), 16) >= 0xDC00:
            return match.start(2) - 2
    return None


def load_json(path: str, text: str, line: int | None = None) -> Any:
    """Parsed JSON, or InputError at the line of the problem (`line` for one JSONL line).

    Refused: a key given twice in one object, a lone surrogate escape ("\\ud800"), nesting
    deeper than the interpreter's recursion limit, numbers of more than 4300 digits."""
    def where(offset: int) -> tuple[int, int]:
        return (line, offset + 1) if line is not None else LineIndex(text).position(offset)

    try:
        data = _DECODER.decode(text)
    except json.JSONDecodeError as exc:
        raise InputError(path, f"invalid JSON: {exc.msg} (column {exc.colno})", line or exc.lineno) from None
    except _DuplicateKey as exc:
        at_line, column = where(_duplicate_key_offset(text, exc.key))
        raise InputError(path, f"invalid JSON: the key '{shown(exc.key)}' is given twice in one object "
                               f"(column {column})", at_line) from None
    except RecursionError:
        raise InputError(path, "invalid JSON: nested too deeply", line) from None
    except ValueError as exc:  # e.g. an integer of more than 4300 digits
        raise InputError(path, f"invalid JSON: {value_error(exc)}", line) from None
    surrogate = lone_surrogate_offset(text)
    if surrogate is not None:
        at_line, column = where(surrogate)
        raise InputError(path, f"invalid JSON: '{text[surrogate:surrogate + 6]}' is half a surrogate pair, "
                               f"not a character (column {column})", at_line)
    return data


def json_type(value: object) -> str:
    """What a JSON value is, in the words of JSON (for messages about a wrong value)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "a list" if isinstance(value, list) else "an object"


def value_error(exc: ValueError) -> str:
    """A parser's ValueError in the words of the input, not of Python."""
    message = " ".join(str(exc).split())
    if "int_max_str_digits" in message or "integer string conversion" in message:
        return "a number of more than 4300 digits"
    return message


def is_seconds(value: object) -> bool:
    """A usable `start`: a real, finite number (not a bool, not NaN, not a 4300-digit integer)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    try:
        return math.isfinite(float(value))
    except OverflowError:
        return False


def turn_utterance(path: str, item: Mapping[str, Any], text: str, text_key: str, speakers: Speakers,
                   line: int | None, where: str | None = None, skip: tuple[str, ...] = ()) -> Utterance:
    """The utterance of one flow node or transcript turn, its `role` and `start` checked.

    `where` names the item in messages ("nodes[3]"); a transcript line needs none. Keys in
    `skip` are read by the caller and not kept in `extra`. The position is the caller's to set.
    """
    role = BOT
    raw_role = item.get("role")
    if raw_role is not None:
        if isinstance(raw_role, (list, tuple, dict, set, bytes)):
            # A scalar's text is short; a list's could be the whole file (and was, through aliases).
            raise InputError(path, f"{where}.role must be a string" if where else "'role' must be a string", line)
        resolved = speakers.role_of(str(raw_role))
        if resolved is None:
            prefix = f"{where}: " if where else ""
            raise InputError(path, f"{prefix}unknown role '{shown(str(raw_role))}'", line)
        role = resolved
    start = item.get("start")
    if start is not None and not is_seconds(start):
        name = f"{where}.start" if where else "'start'"
        raise InputError(path, f"{name} must be a number of seconds", line)
    extra = {k: v for k, v in item.items() if k != text_key and k not in TURN_KEYS and k not in skip}
    return Utterance(text, role, line or 1, 1, float(start) if start is not None else None,
                     identifier(path, item.get("id"), f"{where}.id" if where else "'id'", line), extra)


def identifier(path: str, value: object, name: str, line: int | None) -> str | None:
    """An `id` or `call_id` as a string (None when absent): a scalar, not a list or a mapping,
    whose text could be anything up to the whole file."""
    if value is None:
        return None
    if isinstance(value, (list, tuple, dict, set, bytes)):
        raise InputError(path, f"{name} must be a string or a number", line)
    return str(value)


def json_literal_start(source: str, value: str, cursor: int = 0) -> int:
    """Offset of the first character inside the JSON string literal of `value` at or after
    `cursor`, or -1 (tried as written by json.dumps with and without ASCII escapes)."""
    for encoded in (json.dumps(value, ensure_ascii=False), json.dumps(value)):
        found = source.find(encoded, cursor)
        if found != -1:
            return found + 1
    return -1


__all__ = ["TURN_KEYS", "identifier", "is_seconds", "json_literal_start", "load_json", "lone_surrogate_offset", "shown",
           "turn_utterance", "value_error"]
