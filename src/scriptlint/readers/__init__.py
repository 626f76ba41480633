"""Readers: one module per input format, all producing `Script` objects with original positions."""
from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from ..model import InputError, Script
from .decode import AUTO, decode_bytes, read_file, serving, stream_lines
from .replies import iter_replies, lines_with_ends
from .speakers import Speakers
from .text import iter_text, split_lines, without_line_end
from .transcript import read_transcript

EXTENSIONS = {
    ".txt": "text", ".md": "markdown", ".markdown": "markdown",
    ".yaml": "flow", ".yml": "flow", ".json": "flow",
    ".jsonl": "transcript", ".csv": "replies",
    # Binary formats: read by their own libraries (the `office` extra), never sniffed as text.
    ".xlsx": "workbook", ".xlsm": "workbook", ".docx": "document",
}
# Formats before Office 2007 that the readers do not read: named, they get a clear error.
LEGACY_OFFICE = {".xls": ".xlsx", ".doc": ".docx"}
STDIN = "-"


def format_of(path: str) -> str | None:
    return EXTENSIONS.get(Path(path).suffix.lower())


def read_scripts(
    path: str,
    speakers: Speakers,
    on_error: Callable[[InputError], None],
    encoding: str = AUTO,
    stdin_name: str | None = None,
) -> Iterator[Script]:
    """Scripts of one input, each with the kind its format implies and its raw declaration;
    the kind it is checked as is the scenario's (scenario.py). Raises InputError when the whole
    file is unusable; a line that does not decode in `encoding` (a codec name, or "auto") goes
    to `on_error`. Standard input is a text script, or, given `stdin_name`, read as a file of
    that name would be (JSONL a transcript, CSV replies, YAML a flow ...), under that name."""
    if path == STDIN:
        data = sys.stdin.buffer.read()
        if stdin_name is None or stdin_name == STDIN:
            source, text = decode_bytes("<stdin>", data, encoding, on_error)
            yield from iter_text(source, lambda: split_lines(text), speakers)
            return
        with serving(stdin_name, data):
            yield from read_scripts(stdin_name, speakers, on_error, encoding)
        return
    fmt = format_of(path) or "text"
    if fmt == "transcript":
        yield from read_transcript(path, speakers, on_error, encoding)
        return
    if fmt == "workbook":
        from .xlsx import read_workbook  # openpyxl costs start-up time: load it when needed

        yield from read_workbook(path, speakers, on_error)
        return
    if fmt == "document":
        from .docx import read_document

        yield read_document(path, speakers)
        return
    suffix = Path(path).suffix.lower()
    if suffix in LEGACY_OFFICE:
        raise InputError(path, f"the old binary {suffix} format cannot be read; save it as {LEGACY_OFFICE[suffix]}")
    streamed = stream_lines(path, encoding) if fmt in ("text", "markdown", "replies") else None
    if streamed is not None:
        # A large file that decodes throughout: read as it is decoded, window by window.
        source, lines = streamed
        if fmt == "replies":
            yield from iter_replies(source, lines(), on_error)
        else:
            yield from iter_text(source, lambda: map(without_line_end, lines()), speakers, markdown=fmt == "markdown")
        return
    source, text = read_file(path, encoding, on_error)
    if fmt == "flow":
        from .flow import read_flow  # PyYAML costs start-up time: load it when needed

        yield read_flow(source, text, speakers)
    elif fmt == "replies":
        yield from iter_replies(source, lines_with_ends(text), on_error)
    else:
        yield from iter_text(source, lambda: split_lines(text), speakers, markdown=fmt == "markdown")


__all__ = ["EXTENSIONS", "STDIN", "Speakers", "format_of", "read_scripts"]
