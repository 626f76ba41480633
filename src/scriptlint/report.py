"""`scriptlint check`'s reporting: where the report goes (standard output, or a file replaced
atomically), in which format, with colour or not, with a progress bar or not, and the input
errors on standard error. The command line decides the exit code from the returned summary."""
from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from contextlib import ExitStack, closing
from pathlib import Path
from typing import IO

from .api import Target
from .config import Config
from .model import FileResult, InputError
from .privacy import mask
from .reporters import FORMATS_BY_NAME, Summary, make_reporter, preparer
from .reporters.destination import atomic_text_file
from .rules import REGISTRY
from .surrogates import printable
from .terminal import Progress, is_terminal, progress_bar, resolve_color, wants_progress
from .workspace import Workspace


def lint_and_report(workspace: Workspace, targets: list[Target], settings: Config, jobs: int | None,
                    output_format: str, *, color: bool | None = None, output_file: Path | None = None, statistics: bool = False,
                    stdout: IO[str] | None = None, stderr: IO[str] | None = None,
                   stop_requested: Callable[[], bool] | None = None,
                   each: Callable[[FileResult], FileResult] | None = None,
                   before_finish: Callable[[Summary], None] | None = None,
                   transform: Callable[[Iterable[FileResult]], Iterable[FileResult]] | None = None) -> Summary:
    """Lint the planned `targets` (Workspace.plan) and write the report with the run's
    `settings`; input errors also go to standard error, one line each. The file named by `output_file` is replaced only when the report is complete.
    `stop_requested` is asked between results (the command line's Ctrl-C flag); `each` sees
    every result before it is reported (the baseline marks its findings), `before_finish` the
    summary before it is written; `transform` takes the results on their way (--fix applies
    the fixes and gives each fixed file's new result)."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    summary = Summary()
    with ExitStack() as stack:
        # Colour: into a file only when --color says so; NO_COLOR and FORCE_COLOR are about terminals and pipes.
        if output_file is not None:
            stream: IO[str] = stack.enter_context(atomic_text_file(output_file))
            use_color = bool(color)
        else:
            stream = out
            use_color = resolve_color(color, os.environ, out)
        progress = _progress(stack, output_format, targets, resolve_color(color, os.environ, err), err)
        if progress is not None:
            stream = progress.stream_for(stream)
        say: Callable[[str], None] = progress.note if progress is not None else lambda line: print(line, file=err)
        reporter = make_reporter(output_format, stream, settings.lang, settings.show_pii, use_color,
                                 rules=(workspace.registry or REGISTRY).rules, statistics=statistics)
        # Closed on the way out, whatever the way: the worker processes are terminated with it.
        # Worker processes render the findings when nothing here needs them as objects.
        prepare = preparer(output_format, settings.show_pii) if each is None and transform is None and not statistics else None
        results = stack.enter_context(closing(workspace.lint(targets, jobs, prepare)))
        for result in transform(results) if transform is not None else results:
            if stop_requested is not None and stop_requested():
                raise KeyboardInterrupt  # an interrupt that was swallowed on its way: stop here
            if each is not None:
                result = each(result)
            reporter.file(result)
            summary.add(result)
            for error in result.errors:
                say(f"scriptlint: error: {printable(str(error) if settings.show_pii else mask(str(error)))}")
            if progress is not None and result.complete:
                progress.advance(result.path)
        if before_finish is not None:
            before_finish(summary)
        reporter.finish(summary)
    return summary


def _progress(stack: ExitStack, output_format: str, targets: list[Target], color: bool,
              stderr: IO[str]) -> Progress | None:
    """A progress bar on standard error for a long run in the text format on a terminal."""
    if not FORMATS_BY_NAME[output_format].progress or not is_terminal(stderr):
        return None
    files = [target[0] for target in targets if not isinstance(target, InputError)]
    if not wants_progress(True, True, files):
        return None
    return stack.enter_context(progress_bar(len(files), color, stderr))


__all__ = ["lint_and_report"]
