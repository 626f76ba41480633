"""What depends on the terminal: whether to colour, and whether to show a progress bar.

Colour, strongest first: `--color` / `--no-color`; `NO_COLOR` set to anything but the empty
string (no-color.org); `FORCE_COLOR` likewise (colour even when piped, as CI logs that render
ANSI want it); otherwise colour only when the output is a terminal.

A progress bar (on standard error, gone when done) shows only in the text format, only when
standard error is a terminal, and only for a long run: more than MANY_FILES files, or a file
larger than LARGE_FILE bytes. Machine formats and pipes never get one.
"""
from __future__ import annotations

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
        if not is_terminal(stdout):
            return stdout
        from rich.file_proxy import FileProxy

        return cast(IO[str], FileProxy(self.bar.console, stdout))  # a TextIOBase, written as one


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
