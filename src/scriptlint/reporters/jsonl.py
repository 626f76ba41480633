"""`--format jsonl`: one JSON object per line, written as results arrive.

Every line has a `type`: `"finding"` (the fields of a finding in `--format json`) or `"error"`
(an input error: `path`, `line`, `message`), so a consumer can stream the file and keep what it
wants (`jq 'select(.type == "finding")'`). No summary line: counting lines is the summary. Input
errors are also printed on standard error and make the exit code 2, as in every format."""
from __future__ import annotations

import json
from typing import IO, Any

from ..model import FileResult, Finding
from . import ReportOptions, Summary
from .shared import error_message


class JsonLinesReporter:
    def __init__(self, stream: IO[str], show_pii: bool = False) -> None:
        self.stream = stream
        self.show_pii = show_pii

    def _line(self, record: dict[str, Any]) -> None:
        # json.dumps escapes line breaks inside strings, so a record never spans two lines.
        self.stream.write(json.dumps(record, ensure_ascii=False) + "\n")

    def file(self, result: FileResult) -> None:
        texts = result.prepared.rendered if result.prepared is not None else \
            [render(finding, self.show_pii) for finding in result.findings]
        for text in texts:
            self.stream.write(text + "\n")
        for error in result.errors:
            self._line({"type": "error", "path": error.path, "line": error.line,
                        "message": error_message(error, self.show_pii)})

    def finish(self, summary: Summary) -> None:
        self.stream.flush()


def render(finding: Finding, show_pii: bool = False) -> str:
    """One finding's line, without its line end (also in worker processes, see
    reporters.Preparer). json.dumps escapes line breaks inside strings, so a record never spans
    two lines."""
    return json.dumps({"type": "finding", **finding.to_dict()}, ensure_ascii=False)


def create(stream: IO[str], options: ReportOptions) -> JsonLinesReporter:
    return JsonLinesReporter(stream, options.show_pii)
