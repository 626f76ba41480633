"""What a sign-off report says, as values: the header, the verdict, the findings with their
evidence, the inputs and the sign-off block. The HTML, Markdown and JSON forms are each a
rendering of one `Report`; `Report.to_data()` is the JSON form itself.

Every text here is as the report prints it: personal data already masked (unless --show-pii),
lone surrogates already made visible. Escaping is the renderers' job."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..model import CATEGORIES, Severity
from ..severity import fails

SEVERITIES: tuple[Severity, ...] = (Severity.ERROR, Severity.WARNING, Severity.INFO)
SUPPRESSED, BASELINED = "suppressed", "baselined"


@dataclass(frozen=True)
class ContextLine:
    """An utterance next to the one a finding is on: who says it, where, and what."""

    role: str  # model.BOT or model.CUSTOMER
    location: str
    text: str

    def to_data(self) -> dict[str, str]:
        return {"role": self.role, "location": self.location, "text": self.text}


@dataclass(frozen=True)
class Exemption:
    """Why a finding does not count: an inline suppression or the baseline, with its reason
    (None when none was written)."""

    kind: str  # SUPPRESSED or BASELINED
    reason: str | None

    def to_data(self) -> dict[str, str | None]:
        return {"kind": self.kind, "reason": self.reason}


@dataclass(frozen=True)
class FindingEntry:
    """One finding with its evidence: the utterance cut around the match, its neighbours, the
    citation and the compliant alternative."""

    location: str  # "12", "Sheet1!B12" or "¶12"
    line: int
    column: int
    code: str
    severity: Severity
    category: str
    message: str
    citation: str
    before: str  # the utterance before the match
    match: str
    after: str  # the utterance after the match
    role: str
    previous: ContextLine | None = None
    following: ContextLine | None = None
    alternative: str | None = None
    entry: str | None = None
    exemption: Exemption | None = None

    def to_data(self) -> dict[str, Any]:
        return {
            "location": self.location, "line": self.line, "column": self.column, "code": self.code,
            "severity": self.severity.value, "category": self.category, "message": self.message,
            "citation": self.citation, "utterance": {"role": self.role, "before": self.before, "match": self.match,
                                                     "after": self.after},
            "previous": self.previous.to_data() if self.previous else None,
            "following": self.following.to_data() if self.following else None,
            "alternative": self.alternative, "entry": self.entry,
            "exemption": self.exemption.to_data() if self.exemption else None,
        }


@dataclass(frozen=True)
class InputRecord:
    """Which bytes were checked: the proof of the version of a script that was reviewed."""

    path: str
    sha256: str | None  # None: the file could not be read
    size: int | None
    encoding: str | None  # None: a binary format (workbook, Word document) or unreadable
    utterances: int

    def to_data(self) -> dict[str, Any]:
        return {"path": self.path, "sha256": self.sha256, "size": self.size, "encoding": self.encoding,
                "utterances": self.utterances}


def counts_by_severity(findings: Iterable[FindingEntry]) -> dict[str, int]:
    """Findings per severity, every severity present (most severe first)."""
    counted = Counter(f.severity.value for f in findings)
    return {s.value: counted[s.value] for s in SEVERITIES}


def passes(findings: Iterable[FindingEntry], errors: int, fail_on: str) -> bool:
    """The verdict on some findings by the `fail-on` policy. A file with an input error was
    not (wholly) checked, so it never passes, whatever the policy."""
    return errors == 0 and not fails(counts_by_severity(findings), fail_on)


@dataclass(frozen=True)
class FileSection:
    """One file: its inputs record, the findings that count, those exempted, its input errors."""

    input: InputRecord
    findings: tuple[FindingEntry, ...]
    exempt: tuple[FindingEntry, ...]
    errors: tuple[str, ...]
    fail_on: str

    @property
    def path(self) -> str:
        return self.input.path

    @property
    def passed(self) -> bool:
        return passes(self.findings, len(self.errors), self.fail_on)

    @property
    def by_severity(self) -> dict[str, int]:
        return counts_by_severity(self.findings)

    def severity_order(self) -> tuple[int, int, int, int, str]:
        """Sorts the per-file table: failing files first, then by errors, warnings, infos."""
        counts = self.by_severity
        return (self.passed, -len(self.errors) - counts["error"], -counts["warning"], -counts["info"], self.path)

    def to_data(self) -> dict[str, Any]:
        return {"path": self.path, "passed": self.passed, "by_severity": self.by_severity,
                "errors": list(self.errors), "findings": [f.to_data() for f in self.findings],
                "exempt": [f.to_data() for f in self.exempt]}


@dataclass(frozen=True)
class PackRecord:
    """A lexicon pack in force: which bytes, by their SHA-256, and the version it declares."""

    name: str
    title: str
    version: str | None
    sha256: str
    source: str  # "bundled" or the path of a team's own pack

    def to_data(self) -> dict[str, str | None]:
        return {"name": self.name, "title": self.title, "version": self.version, "sha256": self.sha256,
                "source": self.source}


@dataclass(frozen=True)
class Header:
    title: str
    date: str
    tool_version: str
    industry: tuple[str, ...]
    channel: str
    direction: str
    kind: str | None
    fail_on: str
    show_pii: bool
    rules: tuple[tuple[str, str], ...]  # (code, severity) of every rule that ran
    packs: tuple[PackRecord, ...]
    config_file: str | None
    config: tuple[tuple[str, str], ...]  # (key, value as printed), in the settings table's order

    def to_data(self) -> dict[str, Any]:
        return {
            "title": self.title, "date": self.date, "tool_version": self.tool_version,
            "scenario": {"industry": list(self.industry), "channel": self.channel, "direction": self.direction,
                         "kind": self.kind},
            "fail_on": self.fail_on, "personal_data": "shown" if self.show_pii else "masked",
            "rules": [{"code": code, "severity": severity} for code, severity in self.rules],
            "packs": [p.to_data() for p in self.packs],
            "config_file": self.config_file, "config": dict(self.config),
        }


@dataclass(frozen=True)
class SignOff:
    reviewer: str | None
    role: str | None
    date: str

    def to_data(self) -> dict[str, Any]:
        return {"reviewer": self.reviewer, "role": self.role, "date": self.date,
                "decision": None, "decisions": ["approve", "reject", "conditional"], "conditions": None}


@dataclass(frozen=True)
class Report:
    lang: str
    header: Header
    files: tuple[FileSection, ...]
    signoff: SignOff
    notices: tuple[str, ...] = field(default=())

    @property
    def passed(self) -> bool:
        return all(f.passed for f in self.files)

    @property
    def findings(self) -> list[FindingEntry]:
        return [f for section in self.files for f in section.findings]

    @property
    def exempt(self) -> list[tuple[str, FindingEntry]]:
        """Every exempted finding with its file's path."""
        return [(section.path, f) for section in self.files for f in section.exempt]

    @property
    def errors(self) -> int:
        return sum(len(section.errors) for section in self.files)

    @property
    def by_severity(self) -> dict[str, int]:
        return counts_by_severity(self.findings)

    @property
    def by_category(self) -> dict[str, int]:
        """Findings per category that has any: the bundled categories in their order, then a
        team's own categories by name."""
        counted = Counter(f.category for f in self.findings)
        order = [c for c in CATEGORIES if counted[c]] + sorted(c for c in counted if c not in CATEGORIES)
        return {c: counted[c] for c in order}

    def files_by_severity(self) -> list[FileSection]:
        return sorted(self.files, key=FileSection.severity_order)

    def to_data(self) -> dict[str, Any]:
        return {
            "lang": self.lang,
            "header": self.header.to_data(),
            "verdict": {"passed": self.passed, "files": len(self.files), "findings": len(self.findings),
                        "errors": self.errors, "by_severity": self.by_severity, "by_category": self.by_category,
                        "per_file": [{"path": s.path, "passed": s.passed, **s.by_severity, "errors": len(s.errors)}
                                     for s in self.files_by_severity()],
                        "exempt": [{"path": path, **f.to_data()} for path, f in self.exempt]},
            "files": [s.to_data() for s in self.files],
            "inputs": [s.input.to_data() for s in self.files],
            "notices": list(self.notices),
            "signoff": self.signoff.to_data(),
        }


def severity_counts_text(counts: Mapping[str, int], words: Mapping[str, str]) -> str:
    """"错误 2，警告 1" / "error 2, warning 1": the non-zero counts, most severe first."""
    return words["comma"].join(f"{words[s.value]} {counts[s.value]}" for s in SEVERITIES if counts.get(s.value)) or "0"


__all__ = ["BASELINED", "SEVERITIES", "SUPPRESSED", "ContextLine", "Exemption", "FileSection", "FindingEntry",
           "Header", "InputRecord", "PackRecord", "Report", "SignOff", "counts_by_severity", "passes",
           "severity_counts_text"]
