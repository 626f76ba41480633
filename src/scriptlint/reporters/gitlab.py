"""`--format gitlab`: a GitLab Code Quality report (the `codequality` artifact of a job), a
JSON array with one issue per finding:

    {"description": "SL302 金融营销不得承诺保本。", "check_name": "SL302",
     "fingerprint": "…", "severity": "critical",
     "location": {"path": "scripts/a.txt", "lines": {"begin": 5, "end": 5}}}

Severities: error → `critical` (a compliance breach must not merge unseen), warning → `major`,
info → `info`. An input error is an issue with `check_name` `input-error` and severity
`blocker`: the file was not checked at all. Paths are relative to the current folder (run it
at the repository root); fingerprints do not change when lines move (see `shared.Fingerprints`).
The array is written as results arrive."""
from __future__ import annotations

import hashlib
import json
from typing import IO, Any

from ..model import FileResult, Severity
from . import ReportOptions, Summary
from .shared import Fingerprints, error_message, relative_path, shown

SEVERITIES = {Severity.ERROR: "critical", Severity.WARNING: "major", Severity.INFO: "info"}
INPUT_ERROR_CHECK = "input-error"
INPUT_ERROR_SEVERITY = "blocker"


class GitlabReporter:
    def __init__(self, stream: IO[str], show_pii: bool = False) -> None:
        self.stream = stream
        self.show_pii = show_pii
        self.fingerprints = Fingerprints()
        self.first = True
        self.stream.write("[")

    def _issue(self, issue: dict[str, Any]) -> None:
        self.stream.write(("\n  " if self.first else ",\n  ") + json.dumps(issue, ensure_ascii=False))
        self.first = False

    def file(self, result: FileResult) -> None:
        for finding in result.findings:
            path = relative_path(finding.path)
            self._issue({
                "description": f"{finding.code} {shown(finding.message, self.show_pii)}",
                "check_name": finding.code,
                "fingerprint": self.fingerprints.of(finding, path),
                "severity": SEVERITIES[finding.severity],
                "location": {"path": path, "lines": {"begin": finding.line, "end": finding.end_line}},
            })
        for error in result.errors:
            path = relative_path(error.path)
            message = error_message(error, self.show_pii)
            self._issue({
                "description": message,
                "check_name": INPUT_ERROR_CHECK,
                "fingerprint": hashlib.sha256(f"{path}\0{INPUT_ERROR_CHECK}\0{message}".encode()).hexdigest(),
                "severity": INPUT_ERROR_SEVERITY,
                "location": {"path": path, "lines": {"begin": error.line or 1}},
            })
        if result.complete:
            self.fingerprints.end_file()

    def finish(self, summary: Summary) -> None:
        self.stream.write(("\n" if not self.first else "") + "]\n")
        self.stream.flush()


def create(stream: IO[str], options: ReportOptions) -> GitlabReporter:
    return GitlabReporter(stream, options.show_pii)
