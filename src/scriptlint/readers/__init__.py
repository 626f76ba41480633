"""Readers: one module per input format, all producing `Script` objects with original positions."""
from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from ..model import InputError, Script
from .decode import decode_bytes, read_file, stream_lines
from .replies import iter_replies, lines_with_ends
from .speakers import Speakers
from .text import iter_text, split_lines, without_line_end
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
) -> Iterator[Script]:
    """Scripts of one input, each with the kind its format implies and its raw declaration;
    the kind it is checked as is the scenario's (scenario.py). Raises InputError when the whole
    file is unusable."""
    if path == STDIN:
        source, text = decode_bytes("<stdin>", sys.stdin.buffer.read())
        yield from iter_text(source, lambda: split_lines(text), speakers)
        return
    fmt = format_of(path) or "text"
    if fmt == "transcript":
        yield from read_transcript(path, speakers, on_error)
        return
    streamed = stream_lines(path) if fmt in ("text", "markdown", "replies") else None
    if streamed is not None:
        # A large file: read as it is decoded, window by window.
        source, lines = streamed
        if fmt == "replies":
            yield from iter_replies(source, lines())
        else:
            yield from iter_text(source, lambda: map(without_line_end, lines()), speakers, markdown=fmt == "markdown")
        return
    source, text = read_file(path)
    if fmt == "flow":
        from .flow import read_flow  # PyYAML costs start-up time: load it when needed

        yield read_flow(source, text, speakers)
    elif fmt == "replies":
        yield from iter_replies(source, lines_with_ends(text))
    else:
        yield from iter_text(source, lambda: split_lines(text), speakers, markdown=fmt == "markdown")


__all__ = ["EXTENSIONS", "STDIN", "Speakers", "format_of", "read_scripts"]
