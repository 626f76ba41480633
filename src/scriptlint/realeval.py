"""Precision, recall and false findings per 20,000 characters on real text with reviewer labels.

    python -m scriptlint.eval --real DIR [--labels FILE] [--manifest FILE] [--details] [--json]

DIR holds real replies nobody on the project wrote (kept outside the project). The manifest
(`[files."NAME"]` tables with config keys) says which files of DIR are evaluated and how each is
linted; the labels file (tab-separated `file, line, category, note`) lists each (file, line,
category) a reviewer calls a violation; every other line is compliant. A finding counts at its
start line, and several findings of one category on one line count once.
"""
from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .api import Linter
from .config import Config, parse_settings
from .lexicon import Lexicon, load_lexicon
from .model import CATEGORIES, LINE_BREAK, InputError
from .readers.decode import read_file
from .rules import REGISTRY

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DEFAULT_REAL_LABELS_DIR = Path(__file__).resolve().parents[2] / "tests" / "realtext"
DEFAULT_LABELS = DEFAULT_REAL_LABELS_DIR / "labels.tsv"
DEFAULT_MANIFEST = DEFAULT_REAL_LABELS_DIR / "manifest.toml"
BASELINE_NAME = "expected_scores.json"
LABEL_COLUMNS = ("file", "line", "category", "note")
# The budget the project aims for: one false finding per this many characters of real replies.
FALSE_FINDING_SPAN = 20_000

RealKey = tuple[str, int, str]  # (file name in DIR, 1-based line, category)


class RealEvalError(Exception):
    """A bad manifest or labels file: one line naming the file (and row), exit code 2."""


@dataclass(frozen=True)
class RealFile:
    """One evaluated file of DIR, as decoded by the readers, with its manifest settings."""

    name: str
    path: Path
    settings: Mapping[str, Any]  # validated Config field values from its manifest row
    text: str

    @property
    def characters(self) -> int:
        return len(self.text)

    @property
    def lines(self) -> list[str]:
        parts = LINE_BREAK.split(self.text)
        # A final line break ends the last line; it does not start an empty one.
        return parts[:-1] if parts and parts[-1] == "" else parts


@dataclass(frozen=True)
class Label:
    key: RealKey
    note: str
    row: int  # line of the labels file, for messages


@dataclass(frozen=True)
class RealScore:
    """Counts of one file and/or category; rates that have no denominator are None."""

    tp: int
    fp: int
    fn: int
    characters: int

    @property
    def labelled(self) -> int:
        return self.tp + self.fn

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def false_per_20k(self) -> float:
        return self.fp * FALSE_FINDING_SPAN / self.characters if self.characters else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"labelled": self.labelled, "tp": self.tp, "fp": self.fp, "fn": self.fn,
                "precision": self.precision, "recall": self.recall,
                "false_per_20k_chars": self.false_per_20k, "characters": self.characters}


@dataclass(frozen=True)
class RealReport:
    files: tuple[RealFile, ...]
    labels: Mapping[RealKey, Label]
    predicted: Mapping[RealKey, tuple[str, ...]]  # rule codes behind each counted finding
    errors: tuple[InputError, ...]

    def file(self, name: str) -> RealFile:
        return next(f for f in self.files if f.name == name)

    def score(self, file: str | None = None, category: str | None = None) -> RealScore:
        """Counts over one file (None: all files) and one category (None: all categories)."""
        def wanted(key: RealKey) -> bool:
            return (file is None or key[0] == file) and (category is None or key[2] == category)

        labelled = {k for k in self.labels if wanted(k)}
        found = {k for k in self.predicted if wanted(k)}
        characters = sum(f.characters for f in self.files if file is None or f.name == file)
        return RealScore(len(labelled & found), len(found - labelled), len(labelled - found), characters)

    def categories(self, file: str | None = None) -> list[str]:
        """Categories with a label or a finding (in catalogue order): the rows worth printing."""
        seen = {k[2] for k in (*self.labels, *self.predicted) if file is None or k[0] == file}
        return [c for c in CATEGORIES if c in seen]

    @property
    def false_positives(self) -> list[RealKey]:
        return sorted(set(self.predicted) - set(self.labels))

    @property
    def false_negatives(self) -> list[RealKey]:
        return sorted(set(self.labels) - set(self.predicted))


def _toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RealEvalError(f"{path}: no manifest file") from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise RealEvalError(f"{path}: cannot read the manifest: {error}") from None


def read_manifest(manifest: Path, real_dir: Path) -> tuple[RealFile, ...]:
    """The files the manifest names, read from real_dir, each with validated settings."""
    data = _toml(manifest)
    unknown = set(data) - {"files"}
    if unknown:
        raise RealEvalError(f"{manifest}: unknown key(s) {', '.join(sorted(unknown))} (only [files.\"NAME\"] tables)")
    entries = data.get("files", {})
    if not isinstance(entries, dict) or not all(isinstance(v, dict) for v in entries.values()):
        raise RealEvalError(f"{manifest}: 'files' must hold one [files.\"NAME\"] table per file")
    files = []
    for name, settings in sorted(entries.items()):
        if Path(name).name != name:
            raise RealEvalError(f"{manifest}: [files.\"{name}\"] must name a bare file name in DIR")
        try:
            values = parse_settings(f"{manifest} [files.\"{name}\"]", settings, str(manifest.resolve().parent))
            _, text = read_file(str(real_dir / name))
        except InputError as error:
            raise RealEvalError(str(error)) from None
        files.append(RealFile(name, real_dir / name, values, text))
    return tuple(files)


def read_labels(labels: Path, files: Iterable[RealFile]) -> dict[RealKey, Label]:
    """Reviewer labels, each checked against the manifest, the categories and the file's length."""
    line_counts = {f.name: len(f.lines) for f in files}
    try:
        rows = labels.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise RealEvalError(f"{labels}: no labels file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise RealEvalError(f"{labels}: cannot read the labels: {error}") from None
    found: dict[RealKey, Label] = {}
    header_seen = False
    for number, row in enumerate(rows, start=1):
        where = f"{labels}:{number}"
        if not row.strip() or (not header_seen and row.startswith("#")):
            continue
        cells = row.split("\t")
        if not header_seen:
            if tuple(c.strip() for c in cells) != LABEL_COLUMNS:
                raise RealEvalError(f"{where}: the header must be {' TAB '.join(LABEL_COLUMNS)}")
            header_seen = True
            continue
        if len(cells) not in (3, 4):
            raise RealEvalError(f"{where}: expected {len(LABEL_COLUMNS)} tab-separated columns, found {len(cells)}")
        name, line_text, category = (c.strip() for c in cells[:3])
        note = cells[3].strip() if len(cells) == 4 else ""
        if name not in line_counts:
            raise RealEvalError(f"{where}: file '{name}' is not in the manifest")
        if category not in CATEGORIES:
            raise RealEvalError(f"{where}: unknown category '{category}'")
        if not line_text.isdigit() or int(line_text) < 1:
            raise RealEvalError(f"{where}: line must be a whole number of at least 1, not '{line_text}'")
        line = int(line_text)
        if line > line_counts[name]:
            raise RealEvalError(f"{where}: line {line} is beyond the end of {name} ({line_counts[name]} lines)")
        found.setdefault((name, line, category), Label((name, line, category), note, number))
    if not header_seen:
        raise RealEvalError(f"{labels}: no header line ({' TAB '.join(LABEL_COLUMNS)})")
    return found


def evaluate_real(real_dir: Path, labels: Path = DEFAULT_LABELS, manifest: Path = DEFAULT_MANIFEST) -> RealReport:
    """Lint each manifest file with an isolated config built from its manifest row, and score."""
    files = read_manifest(manifest, real_dir)
    expected = read_labels(labels, files)
    base = Config()
    shared: Lexicon | None = None
    predicted: dict[RealKey, set[str]] = {}
    errors: list[InputError] = []
    for real in files:
        config = base.merged(**real.settings)
        # The bundled lexicon is compiled once; a row with its own lexicons or allow list gets its own.
        lexicon: Lexicon | None = None
        if (config.lexicons, config.allow) == (base.lexicons, base.allow):
            shared = shared or load_lexicon(base.lexicons, base.allow)
            lexicon = shared
        result = Linter(config, lexicon).check_file(str(real.path))
        errors.extend(result.errors)
        for finding in result.findings:
            predicted.setdefault((real.name, finding.line, finding.category), set()).add(finding.code)
            # A code folded into a more specific finding on the same words meets a label of its
            # category, and is no false alarm without one (as in the corpus evaluation).
            for code in finding.related:
                related = (real.name, finding.line, REGISTRY.category_of[code])
                if related in expected:
                    predicted.setdefault(related, set()).add(code)
    return RealReport(files, expected, {k: tuple(sorted(v)) for k, v in predicted.items()}, tuple(errors))


def _rate(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _row(file: str, category: str, score: RealScore) -> str:
    return (f"| {file} | {category} | {score.labelled} | {score.tp} | {score.fp} | {score.fn} | "
            f"{_rate(score.precision)} | {_rate(score.recall)} | {score.false_per_20k:.2f} |")


def format_real_table(report: RealReport) -> str:
    rows = ["| file | category | labelled | TP | FP | FN | precision | recall | FP/20k chars |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for real in report.files:
        rows.extend(_row(real.name, c, report.score(real.name, c)) for c in report.categories(real.name))
        rows.append(_row(real.name, "**all**", report.score(real.name)))
    rows.extend(_row("**all**", c, report.score(None, c)) for c in report.categories())
    total = report.score()
    rows.append(_row("**all**", "**all**", total))
    rows.append("")
    rows.append(f"{len(report.files)} files, {total.characters} characters, {total.labelled} labelled violations, "
                f"{total.tp + total.fp} findings counted once per file, line and category.")
    return "\n".join(rows)


def _line_text(report: RealReport, key: RealKey) -> str:
    lines = report.file(key[0]).lines
    return lines[key[1] - 1].strip() if key[1] <= len(lines) else ""


def details(report: RealReport) -> list[dict[str, Any]]:
    """Each false positive and false negative; the text is read from DIR now, never stored."""
    out: list[dict[str, Any]] = []
    for kind, keys in (("FP", report.false_positives), ("FN", report.false_negatives)):
        for key in keys:
            item: dict[str, Any] = {"kind": kind, "file": key[0], "line": key[1], "category": key[2],
                                    "codes": list(report.predicted.get(key, ()))}
            label = report.labels.get(key)
            if label and label.note:
                item["note"] = label.note
            item["text"] = _line_text(report, key)
            out.append(item)
    return out


def format_details(report: RealReport) -> list[str]:
    lines = []
    for item in details(report):
        code = ",".join(item["codes"]) or "-"
        note = f" ({item['note']})" if "note" in item else ""
        lines.append(f"{item['kind']} {item['file']}:{item['line']} {item['category']} {code}{note}  {item['text']}")
    return lines


def report_json(report: RealReport, with_details: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "files": {
            real.name: {"categories": {c: report.score(real.name, c).to_dict() for c in report.categories(real.name)},
                        "all": report.score(real.name).to_dict()}
            for real in report.files
        },
        "overall": {"categories": {c: report.score(None, c).to_dict() for c in report.categories()},
                    "all": report.score().to_dict()},
        "errors": [str(e) for e in report.errors],
    }
    if with_details:
        data["details"] = details(report)
    return data


def baseline_counts(report: RealReport) -> dict[str, dict[str, dict[str, int]]]:
    """Exact TP/FP/FN per file and category (and 'all'), as recorded in expected_scores.json."""
    counts: dict[str, dict[str, dict[str, int]]] = {}
    for real in report.files:
        per_file = {c: report.score(real.name, c) for c in report.categories(real.name)}
        per_file["all"] = report.score(real.name)
        counts[real.name] = {c: {"tp": s.tp, "fp": s.fp, "fn": s.fn} for c, s in per_file.items()}
    return counts


def run(real_dir: Path, labels: Path, manifest: Path, *, show_details: bool, as_json: bool,
        write_baseline: bool) -> int:
    """The `--real` mode of `python -m scriptlint.eval`; returns the exit code."""
    if not real_dir.is_dir():
        print(f"real text not found at {real_dir}; skipped")
        return 0
    try:
        report = evaluate_real(real_dir, labels, manifest)
    except RealEvalError as error:
        print(f"python -m scriptlint.eval: {error}", file=sys.stderr)
        return 2
    if write_baseline:
        (labels.parent / BASELINE_NAME).write_text(json.dumps(baseline_counts(report), indent=2) + "\n",
                                                   encoding="utf-8")
    if as_json:
        print(json.dumps(report_json(report, show_details), ensure_ascii=False, indent=2))
        return 0
    print(format_real_table(report))
    for input_error in report.errors:
        print(f"input error: {input_error}")
    if show_details:
        print("\n".join(format_details(report)))
    return 0


__all__ = [
    "Label",
    "RealEvalError",
    "RealFile",
    "RealReport",
    "RealScore",
    "baseline_counts",
    "details",
    "evaluate_real",
    "format_real_table",
    "read_labels",
    "read_manifest",
    "report_json",
    "run",
]
