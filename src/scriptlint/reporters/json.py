"""`--format json`: one object {"version", "findings": [...], "errors": [...], "summary": {...}},
written as results arrive so memory does not hold the whole run."""
from __future__ import annotations

import json
from typing import IO, Any

from .. import __version__
from ..model import FileResult, Finding
from ..privacy import mask
from ..surrogates import printable_json
from . import ReportOptions, Summary


class JsonReporter:
    def __init__(self, stream: IO[str], show_pii: bool = False) -> None:
        # Finding.text is masked when the finding is made (unless --show-pii); nothing else
        # here carries source text.
        self.stream = stream
        self.show_pii = show_pii
        self.first = True
        self.errors: list[dict[str, Any]] = []
        self.stream.write(f'{{"version": {json.dumps(__version__)}, "findings": [')

    def file(self, result: FileResult) -> None:
        texts = result.prepared.rendered if result.prepared is not None else \
            [render(finding, self.show_pii) for finding in result.findings]
        for text in texts:
            self.stream.write(("\n  " if self.first else ",\n  ") + text)
            self.first = False
        for error in result.errors:
            message = error.message if self.show_pii else mask(error.message)
            self.errors.append({"path": error.path, "line": error.line, "message": message})

    def finish(self, summary: Summary) -> None:
        self.stream.write(("\n" if not self.first else "") + '], "errors": ')
        self.stream.write(_dumps(self.errors))
        self.stream.write(', "summary": ' + _dumps(summary.to_dict()) + "}\n")
        self.stream.flush()


def render(finding: Finding, show_pii: bool = False) -> str:
    """One finding as this format writes it (also in worker processes, see reporters.Preparer)."""
    return _dumps(finding.to_dict())


def _dumps(value: Any) -> str:
    """JSON that is valid UTF-8 whatever it holds: a file name that is not UTF-8 is escaped
    (its bytes shown as \\xff), never written as a lone surrogate."""
    return printable_json(json.dumps(value, ensure_ascii=False))


def create(stream: IO[str], options: ReportOptions) -> JsonReporter:
    return JsonReporter(stream, options.show_pii)
