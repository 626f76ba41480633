"""Readers: one module per input format, all producing `Script` objects with original positions."""
from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from ..model import InputError, Kind, Script
from .decode import decode_bytes, read_file
from .replies import read_replies
from .speakers import Speakers
from .text import read_text
from .transcript import read_transcript

EXTENSIONS = {
    ".txt": "text", ".md": "markdown", ".markdown": "markdown",
    ".yaml": "flow", ".yml": "flow", ".json": "flow",
    ".jsonl": "transcript", ".csv": "replies",
}
STDIN = "-"


def format_of(path: str) -> str | None:
    return EXTENSIONS.get(Path(path).suffix.lower())


def read_scripts(
    path: str,
    speakers: Speakers,
    on_error: Callable[[InputError], None],
    kind: Kind | None = None,
) -> Iterator[Script]:
    """Scripts of one input. Raises InputError when the whole file is unusable."""
    if path == STDIN:
        source, text = decode_bytes("<stdin>", sys.stdin.buffer.read())
        scripts: Iterator[Script] = iter([read_text(source, text, speakers)])
    else:
        fmt = format_of(path) or "text"
        if fmt == "transcript":
            scripts = read_transcript(path, speakers, on_error)
        else:
            source, text = read_file(path)
            if fmt == "flow":
                from .flow import (
                    read_flow,  # PyYAML costs start-up time: load it when needed
                )

                scripts = iter([read_flow(source, text, speakers)])
            elif fmt == "replies":
                scripts = iter([read_replies(source, text)])
            else:
                scripts = iter([read_text(source, text, speakers, markdown=fmt == "markdown")])
    for script in scripts:
        script.settings = _validated(script)
        if kind is not None:
            script.kind = kind
        elif script.settings.get("kind"):
            script.kind = Kind(script.settings["kind"])
        yield script


def _validated(script: Script) -> dict:
    """A file's own scenario declaration, checked like the config (a misspelt channel or
    industry must not silently switch rules off)."""
    from ..config import parse_settings

    declared = {k: v for k, v in script.settings.items() if not k.startswith("_")}
    if not declared:
        return script.settings
    try:
        values = parse_settings("declaration", declared)
    except InputError as error:
        raise InputError(script.path, f"scriptlint declaration: {error.message}", script.settings.get("_line")) from None
    return {key: values[key] for key in ("industry", "channel", "direction", "kind") if key in values}


__all__ = ["EXTENSIONS", "STDIN", "Speakers", "format_of", "read_scripts"]
