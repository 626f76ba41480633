"""Reporters: every output goes through one interface, one module per format."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import IO, Any, Protocol

from ..model import CATEGORIES, FileResult, Finding


@dataclass(frozen=True)
class PackHint:
    """An industry pack not selected for some scripts whose terms would have been findings on
    `lines` distinct lines of `files` files, had it been."""

    pack: str
    lines: int
    files: int

    def to_dict(self) -> dict[str, Any]:
        return {"pack": self.pack, "lines": self.lines, "files": self.files}


@dataclass
class Summary:
    files: int = 0
    findings: int = 0
    errors: int = 0
    by_severity: Counter[str] = field(default_factory=Counter)
    by_category: Counter[str] = field(default_factory=Counter)
    hint_lines: Counter[str] = field(default_factory=Counter)
    hint_files: Counter[str] = field(default_factory=Counter)
    # The hint lines of the file being streamed, per pack: how many so far, and those of its
    # last part. Parts come in line order, so only two parts in a row can share a line (a line
    # holding two scripts): each line counts once, and memory stays flat on a large file.
    _file_hint_count: Counter[str] = field(default_factory=Counter, repr=False)
    _last_part_hints: dict[str, set[int]] = field(default_factory=dict, repr=False)

    def add(self, result: FileResult) -> None:
        self.files += result.complete
        self.errors += len(result.errors)
        for finding in result.findings:
            self.findings += 1
            self.by_severity[finding.severity.value] += 1
            self.by_category[finding.category] += 1
        for pack, lines in result.hints.items():
            self._file_hint_count[pack] += len(lines - self._last_part_hints.get(pack, set()))
        self._last_part_hints = result.hints
        if result.complete:
            for pack, count in self._file_hint_count.items():
                if count:
                    self.hint_lines[pack] += count
                    self.hint_files[pack] += 1
            self._file_hint_count.clear()
            self._last_part_hints = {}

    @property
    def hints(self) -> list[PackHint]:
        """The packs that would have matched, most lines first."""
        return sorted((PackHint(pack, lines, self.hint_files[pack]) for pack, lines in self.hint_lines.items()),
                      key=lambda hint: (-hint.lines, hint.pack))

    def to_dict(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "findings": self.findings,
            "errors": self.errors,
            "by_severity": {k: self.by_severity[k] for k in ("error", "warning", "info") if self.by_severity[k]},
            "by_category": {c: self.by_category[c] for c in CATEGORIES if self.by_category[c]},
            "hints": [hint.to_dict() for hint in self.hints],
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

__all__ = ["FORMATS", "Finding", "PackHint", "Reporter", "Summary", "make_reporter"]
