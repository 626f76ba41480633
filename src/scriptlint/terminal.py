"""What depends on the terminal: whether to colour, and whether to show a progress bar.

Colour, strongest first: `--color` / `--no-color`; `NO_COLOR` set to anything but the empty
string (no-color.org); `FORCE_COLOR` likewise (colour even when piped, as CI logs that render
ANSI want it); otherwise colour only when the output is a terminal.

A progress bar (on standard error, gone when done) shows only in the text format, only when
standard error is a terminal, and only for a long run: more than MANY_FILES files, or a file
larger than LARGE_FILE bytes. Machine formats and pipes never get one.
"""
from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Any, cast

MANY_FILES = 200
LARGE_FILE = 20 * 1024 * 1024


def resolve_color(flag: bool | None, environ: Mapping[str, str], stream: IO[str]) -> bool:
    """Whether to colour what goes to `stream`."""
    if flag is not None:
        return flag
    if environ.get("NO_COLOR", ""):
        return False
    if environ.get("FORCE_COLOR", ""):
        return True
    return is_terminal(stream)


def is_terminal(stream: IO[str]) -> bool:
    """Whether `stream` is a terminal (False for a closed or unusual stream)."""
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _file_size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def wants_progress(format_shows_progress: bool, stderr_is_terminal: bool, files: Iterable[str],
                   size_of: Callable[[str], int] = _file_size) -> bool:
    """Whether a run over `files` shows a progress bar. `files` is read lazily and only as far
    as needed: the decision is made at the first large file or at file MANY_FILES + 1."""
    if not (format_shows_progress and stderr_is_terminal):
        return False
    for count, path in enumerate(files, start=1):
        if count > MANY_FILES or size_of(path) > LARGE_FILE:
            return True
    return False


@dataclass
class Progress:
    """Counts finished files on a rich progress bar; `stream_for` routes the report through
    the bar's console when both share the terminal, so lines print above the bar instead of
    through it."""

    bar: Any  # rich.progress.Progress
    task: Any

    def advance(self, path: str) -> None:
        self.bar.update(self.task, advance=1, description=path)

    def note(self, line: str) -> None:
        """A line on standard error, printed above the bar."""
        self.bar.console.print(line, markup=False, highlight=False, soft_wrap=True)

    def stream_for(self, stdout: IO[str]) -> IO[str]:
        """Where the report goes: `stdout` itself when redirected, else through the bar."""
        if not is_terminal(stdout):
            return stdout
        return cast(IO[str], _AboveBar(self.bar.console))


class _AboveBar(io.TextIOBase):
    """A terminal stream whose complete lines print through the progress bar's console, above
    the bar (the console clears and redraws it around them). Colours written as ANSI codes
    are kept. rich's own FileProxy cannot serve: a Console given one writes past it."""

    def __init__(self, console: Any) -> None:
        from rich.ansi import AnsiDecoder

        self.console = console
        self.decoder = AnsiDecoder()
        self.pending = ""

    def write(self, text: str) -> int:
        *lines, self.pending = (self.pending + text).split("\n")
        for line in lines:
            self.console.print(self.decoder.decode_line(line), soft_wrap=True)
        return len(text)

    def flush(self) -> None:
        if self.pending:
            self.console.print(self.decoder.decode_line(self.pending), soft_wrap=True, end="")
            self.pending = ""

    def isatty(self) -> bool:
        return True


@contextmanager
def progress_bar(total: int | None, color: bool, stderr: IO[str]) -> Iterator[Progress]:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, SpinnerColumn, TextColumn, TimeElapsedColumn
    from rich.progress import Progress as RichProgress

    console = Console(file=stderr, no_color=not color, highlight=False)
    bar = RichProgress(SpinnerColumn(), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                       TextColumn("{task.description}", style="dim"), console=console, transient=True,
                       redirect_stdout=False, redirect_stderr=False)
    with bar:
        yield Progress(bar, bar.add_task("", total=total))


__all__ = ["LARGE_FILE", "MANY_FILES", "Progress", "is_terminal", "progress_bar", "resolve_color", "wants_progress"]
