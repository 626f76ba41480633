"""`--format concise`: one line per finding, `path:line:col: CODE message`, the shape editors'
problem matchers and grep read. No excerpt, no colour, no summary: an empty output is a clean
run (the exit code says the rest)."""
from __future__ import annotations

from typing import IO

from ..model import FileResult
from . import ReportOptions, Summary
from .shared import shown


class ConciseReporter:
    def __init__(self, stream: IO[str], show_pii: bool = False) -> None:
        self.stream = stream
        self.show_pii = show_pii

    def file(self, result: FileResult) -> None:
        for finding in result.findings:
            # One finding, one line: a line break inside a message would start a false record.
            message = " ".join(shown(finding.message, self.show_pii).splitlines())
            self.stream.write(f"{finding.path}:{finding.line}:{finding.column}: {finding.code} {message}\n")

    def finish(self, summary: Summary) -> None:
        self.stream.flush()


def create(stream: IO[str], options: ReportOptions) -> ConciseReporter:
    return ConciseReporter(stream, options.show_pii)
