"""Readers: one module per input format, all producing `Script` objects with original positions."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable, Iterator, Optional

from ..model import InputError, Kind, Script
from ..privacy import mask
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


def format_of(path: str) -> Optional[str]:
    return EXTENSIONS.get(Path(path).suffix.lower())


def read_scripts(
    path: str,
    speakers: Speakers,
    on_error: Callable[[InputError], None],
    kind: Optional[Kind] = None,
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
                from .flow import read_flow  # PyYAML costs start-up time: load it when needed

                scripts = iter([read_flow(source, text, speakers)])
            elif fmt == "replies":
                scripts = iter([read_replies(source, text)])
            else:
                scripts = iter([read_text(source, text, speakers, markdown=fmt == "markdown")])
    for script in scripts:
        declared = script.settings.get("kind")
        if kind is not None:
            script.kind = kind
        elif declared:
            try:
                script.kind = Kind(declared)
            except ValueError:
                raise InputError(script.path, f"unknown kind '{mask(str(declared))}' (script, transcript, replies)") from None
        yield script


__all__ = ["EXTENSIONS", "STDIN", "Speakers", "format_of", "read_scripts"]
