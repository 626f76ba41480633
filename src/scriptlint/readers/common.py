"""What the structured readers (flows, transcripts) share: JSON errors, turn validation and
finding a JSON string literal. Readers report raw input; they never import the config."""
from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

from ..model import BOT, InputError, Utterance
from ..privacy import mask
from .speakers import Speakers

# Keys of a turn that become Utterance fields; every other key is kept in `extra`.
TURN_KEYS = ("role", "start", "id")


def load_json(path: str, text: str, line: int | None = None) -> Any:
    """Parsed JSON, or InputError at the line of the problem (`line` for one JSONL line)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(path, f"invalid JSON: {exc.msg} (column {exc.colno})", line or exc.lineno) from None
    except RecursionError:
        raise InputError(path, "invalid JSON: nested too deeply", line) from None
    except ValueError as exc:  # e.g. an integer of more than 4300 digits
        raise InputError(path, f"invalid JSON: {' '.join(str(exc).split())}", line) from None


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
    if item.get("role") is not None:
        resolved = speakers.role_of(str(item["role"]))
        if resolved is None:
            prefix = f"{where}: " if where else ""
            raise InputError(path, f"{prefix}unknown role '{mask(str(item['role']))}'", line)
        role = resolved
    start = item.get("start")
    if start is not None and not is_seconds(start):
        name = f"{where}.start" if where else "'start'"
        raise InputError(path, f"{name} must be a number of seconds", line)
    extra = {k: v for k, v in item.items() if k != text_key and k not in TURN_KEYS and k not in skip}
    return Utterance(text, role, line or 1, 1, float(start) if start is not None else None,
                     str(item["id"]) if item.get("id") is not None else None, extra)


def json_literal_start(source: str, value: str, cursor: int = 0) -> int:
    """Offset of the first character inside the JSON string literal of `value` at or after
    `cursor`, or -1 (tried as written by json.dumps with and without ASCII escapes)."""
    for encoded in (json.dumps(value, ensure_ascii=False), json.dumps(value)):
        found = source.find(encoded, cursor)
        if found != -1:
            return found + 1
    return -1


__all__ = ["TURN_KEYS", "is_seconds", "json_literal_start", "load_json", "turn_utterance"]
