"""Reporters: every output goes through one interface, one module per format."""
from __future__ import annotations

import importlib
from collections import Counter
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any, Protocol

from ..model import ALL_CATEGORIES, FileResult, Finding, Prepared, Tally

if TYPE_CHECKING:
    from ..rules import Rule


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
    # Findings kept in the results but not counted above: silenced by a directive, or in the
    # baseline; and the baseline's entries whose findings are gone (set by the baseline).
    suppressed: int = 0
    baselined: int = 0
    removable: list[dict[str, Any]] = field(default_factory=list)
    fixed: int | None = None  # findings fixed by --fix (None: not a --fix run)
    # The hint lines of the file being streamed, per pack: how many so far, and those of its
    # last part. Parts come in line order, so only two parts in a row can share a line (a line
    # holding two scripts): each line counts once, and memory stays flat on a large file.
    _file_hint_count: Counter[str] = field(default_factory=Counter, repr=False)
    _last_part_hints: dict[str, set[int]] = field(default_factory=dict, repr=False)

    def add(self, result: FileResult) -> None:
        self.files += result.complete
        self.errors += len(result.errors)
        tally = result.prepared.tally if result.prepared is not None else Tally.of(result.findings)
        self.findings += tally.findings
        self.suppressed += tally.suppressed
        self.baselined += tally.baselined
        self.by_severity.update(dict(tally.by_severity))
        self.by_category.update(dict(tally.by_category))
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
            "by_category": {c: self.by_category[c] for c in ALL_CATEGORIES if self.by_category[c]},
            "hints": [hint.to_dict() for hint in self.hints],
            "suppressed": self.suppressed,
            "baselined": self.baselined,
            "removable": self.removable,
            **({"fixed": self.fixed} if self.fixed is not None else {}),
        }


class Reporter(Protocol):
    """Receives results file by file, in order, then the summary."""

    def file(self, result: FileResult) -> None: ...

    def finish(self, summary: Summary) -> None: ...


@dataclass(frozen=True)
class ReportOptions:
    """What every reporter may need besides the stream."""

    lang: str = "zh"
    show_pii: bool = False
    # True or False: colour or not; None: only on a terminal (the CLI always decides, see
    # `terminal.resolve_color`).
    color: bool | None = None
    # Every rule the run knows, for formats that describe them (SARIF); None: the bundled ones.
    rules: tuple[Rule, ...] | None = None


@dataclass(frozen=True)
class OutputFormat:
    """One `--format` value: the module under `reporters/` that writes it (the module's
    `create(stream, options)` makes its reporter; the README's Output section describes each)."""

    name: str
    module: str
    # Whether a progress bar may show on a long run: only for people watching a terminal.
    progress: bool = False
    # How `--statistics` prints in this format: a "table", "json", or None when it makes no
    # sense there (a SARIF or JUnit consumer expects findings).
    statistics: str | None = None


# The one table of output formats; FORMATS, `--format`'s choices and its help follow from it.
OUTPUT_FORMATS: tuple[OutputFormat, ...] = (
    OutputFormat("text", "text", progress=True, statistics="table"),
    OutputFormat("concise", "concise", statistics="table"),
    OutputFormat("json", "json", statistics="json"),
    OutputFormat("jsonl", "jsonl", statistics="json"),
    OutputFormat("sarif", "sarif"),
    OutputFormat("github", "github"),
    OutputFormat("gitlab", "gitlab"),
    OutputFormat("junit", "junit"),
)
FORMATS: tuple[str, ...] = tuple(f.name for f in OUTPUT_FORMATS)
FORMATS_BY_NAME: dict[str, OutputFormat] = {f.name: f for f in OUTPUT_FORMATS}


def statistics_problem(name: str) -> str | None:
    """Why `--statistics` does not go with format `name`, or None when it does."""
    if FORMATS_BY_NAME[name].statistics is not None:
        return None
    with_statistics = ", ".join(f.name for f in OUTPUT_FORMATS if f.statistics)
    return f"--statistics is printed in {with_statistics}, not in --format {name}"


# The formats whose findings a worker process can render (`--jobs`): the module's
# `render(finding, show_pii)` gives what its reporter writes for one finding.
RENDERED_IN_WORKERS = frozenset({"json", "jsonl"})


@dataclass(frozen=True)
class Preparer:
    """Renders a file's findings for format `name` in a worker process, so the parent does not
    unpickle findings one by one to write them: it writes the texts as they come, in order,
    and the report is byte-identical to one written from the findings."""

    name: str
    show_pii: bool

    def __call__(self, result: FileResult) -> FileResult:
        render = importlib.import_module(f"{__name__}.{FORMATS_BY_NAME[self.name].module}").render
        prepared = Prepared(tuple(render(finding, self.show_pii) for finding in result.findings),
                            Tally.of(result.findings))
        return FileResult(result.path, [], result.errors, result.complete, result.hints, prepared)


def preparer(name: str, show_pii: bool = False) -> Preparer | None:
    """How worker processes prepare results for format `name`, or None when it has no way."""
    return Preparer(name, show_pii) if name in RENDERED_IN_WORKERS else None


def make_reporter(name: str, stream: IO[str], lang: str = "zh", show_pii: bool = False, color: bool | None = None,
                  *, rules: tuple[Rule, ...] | None = None, statistics: bool = False) -> Reporter:
    """The reporter of format `name`, writing to `stream` (with `statistics`, the counts per code
    in that format's way). Its module is imported only now, so a run loads one format's code.
    ValueError for an unknown format, or statistics in a format that has none."""
    found = FORMATS_BY_NAME.get(name)
    if found is None:
        raise ValueError(f"unknown format {name}")
    options = ReportOptions(lang, show_pii, color, rules)
    if statistics:
        problem = statistics_problem(name)
        if problem:
            raise ValueError(problem)
        assert found.statistics is not None
        from .statistics import StatisticsReporter

        return StatisticsReporter(stream, options, found.statistics)
    module = importlib.import_module(f"{__name__}.{found.module}")
    reporter: Reporter = module.create(stream, options)
    return reporter


__all__ = ["FORMATS", "FORMATS_BY_NAME", "OUTPUT_FORMATS", "Finding", "OutputFormat", "PackHint", "ReportOptions",
           "Reporter", "Summary", "make_reporter", "statistics_problem"]
