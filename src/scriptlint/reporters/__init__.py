"""Reporters: every output goes through one interface, one module per format."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import IO, Any, Protocol

from ..model import CATEGORIES, FileResult, Finding


@dataclass
class Summary:
    files: int = 0
    findings: int = 0
    errors: int = 0
    by_severity: Counter[str] = field(default_factory=Counter)
    by_category: Counter[str] = field(default_factory=Counter)

    def add(self, result: FileResult) -> None:
        self.files += result.complete
        self.errors += len(result.errors)
        for finding in result.findings:
            self.findings += 1
            self.by_severity[finding.severity.value] += 1
            self.by_category[finding.category] += 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "findings": self.findings,
            "errors": self.errors,
            "by_severity": {k: self.by_severity[k] for k in ("error", "warning", "info") if self.by_severity[k]},
            "by_category": {c: self.by_category[c] for c in CATEGORIES if self.by_category[c]},
        }


class Reporter(Protocol):
    """Receives results file by file, in order, then the summary."""

    def file(self, result: FileResult) -> None: ...

    def finish(self, summary: Summary) -> None: ...


def make_reporter(name: str, stream: IO[str], lang: str = "zh", show_pii: bool = False, color: bool | None = None) -> Reporter:
    if name == "json":
        from .json import JsonReporter

        return JsonReporter(stream, show_pii)
    if name == "text":
        from .text import TextReporter

        return TextReporter(stream, lang, show_pii, color)
    raise ValueError(f"unknown format {name}")


FORMATS = ("text", "json")

__all__ = ["FORMATS", "Finding", "Reporter", "Summary", "make_reporter"]
