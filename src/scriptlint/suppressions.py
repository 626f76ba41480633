"""The suppression pass. After the rules have run on a script, its suppression directives (found
by the readers, see `readers.directives`) mark the findings they name as suppressed, and the
directives themselves are checked: one that silenced nothing (SL900), one that names no known
rule (SL901), one without the reason the config requires (SL902).

As with ruff's noqa pass, selection decides before any work what runs; this pass only marks what
was found. A suppressed finding stays in the results, flagged with its directive's reason and
line (`Finding.suppressed`), so reports can list what was accepted and why; it never counts.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING

from .model import SUPPRESSION_CATEGORY, Finding, Script, Suppressed, Suppression
from .privacy import mask
from .rules.suppression import INVALID, NO_REASON, UNUSED, SuppressionCheck

if TYPE_CHECKING:
    from .config import Config
    from .rules import Registry, Rule


@dataclass
class _Name:
    """One code or category a directive names, and the rules it stands for."""

    written: str
    codes: frozenset[str]
    used: bool = False


@dataclass
class _Directive:
    suppression: Suppression
    names: list[_Name] = field(default_factory=list)

    def name_of(self, code: str) -> _Name | None:
        return next((name for name in self.names if code in name.codes), None)


def apply_suppressions(script: Script, findings: list[Finding], enabled: Sequence[Rule], registry: Registry,
                       settings: Config) -> list[Finding]:
    """`findings` of `script` with the suppressed ones marked, followed by the findings of the
    enabled suppression rules about the script's directives."""
    if not script.suppressions:
        return findings
    return SuppressionPass(script.path, enabled, registry, settings).apply(script.suppressions, findings, last=True)


class SuppressionPass:
    """The suppression pass over one script, which may come in windows (`Script.more`).

    The directives of every window so far stay in force for the windows after it: a directive
    covers the lines of the text it stands on or before, which a reader always hands over with
    or before that text, and a script's whole-script findings come with its last window. A
    file-level directive therefore covers its own window and those after it (in a script short
    enough to come whole, the whole file). Whether a directive silenced nothing (SL900) is
    known, and reported, with the last window."""

    def __init__(self, path: str, enabled: Sequence[Rule], registry: Registry, settings: Config) -> None:
        self.registry = registry
        self.settings = settings
        self.enabled = enabled
        self.path = path
        self.directives: list[_Directive] = []
        # The directives covering each line, in file order, then the file-level ones: a
        # directive on the finding's lines is more specific than one for the whole file, so it wins.
        self.by_line: dict[int, list[_Directive]] = {}
        self.whole_file: list[_Directive] = []

    # Worked out only for a script with directives (most have none: every short reply of an API
    # caller makes a pass).
    @cached_property
    def checks(self) -> dict[str, SuppressionCheck]:
        return {rule.reports: rule for rule in self.enabled if isinstance(rule, SuppressionCheck)}

    @cached_property
    def enabled_codes(self) -> frozenset[str]:
        return frozenset(rule.code for rule in self.enabled)

    def apply(self, suppressions: Sequence[Suppression], findings: list[Finding], last: bool) -> list[Finding]:
        """`findings` (of this window) marked by the directives so far, `suppressions` (this
        window's) added first, followed by the findings about the new directives and, with
        `last`, about every directive that silenced nothing."""
        report = _Reporter(self.path, self.settings.lang, self.settings.show_pii)
        for suppression in suppressions:
            self._add(suppression, report)
        if not self.directives:
            return findings
        marked: list[Finding] = []
        for finding in findings:
            for directive in (*self.by_line.get(finding.line, ()), *self.whole_file):
                name = directive.name_of(finding.code)
                if name is not None:
                    name.used = True
                    suppression = directive.suppression
                    finding = replace(finding, suppressed=Suppressed(suppression.reason, suppression.line,
                                                                     suppression.file_level))
                    break
            marked.append(finding)
        unused = self.checks.get(UNUSED)
        if last and unused is not None:
            for directive in self.directives:
                # A code whose rule did not run on this file may or may not be needed: not reported.
                stale = [name.written for name in directive.names if not name.used and name.codes & self.enabled_codes]
                if stale:
                    report.add(unused, directive.suppression, unused.message(self.settings.lang, codes=", ".join(stale)))
        return marked + report.findings

    def _add(self, suppression: Suppression, report: _Reporter) -> None:
        settings = self.settings
        directive = _Directive(suppression)
        invalid = self.checks.get(INVALID)
        if not suppression.codes and invalid is not None:
            report.add(invalid, suppression, invalid.detail("none", settings.lang))
        for written in suppression.codes:
            problem, codes = _resolve(written, self.registry)
            if problem is None:
                directive.names.append(_Name(written, codes))
            elif invalid is not None:
                report.add(invalid, suppression, invalid.detail(problem, settings.lang, code=written))
        missing_reason = self.checks.get(NO_REASON)
        if settings.require_reason and suppression.reason is None and suppression.codes and missing_reason is not None:
            report.add(missing_reason, suppression, missing_reason.message(settings.lang, codes=",".join(suppression.codes)))
        self.directives.append(directive)
        lines = suppression.covers
        if suppression.file_level:
            self.whole_file.append(directive)
        elif lines is not None:
            for line in range(lines[0], lines[1] + 1):
                self.by_line.setdefault(line, []).append(directive)


def _resolve(written: str, registry: Registry) -> tuple[str | None, frozenset[str]]:
    """(problem, rule codes) of a code or category as written: problem is None, "unknown", or
    "meta" for the suppression rules, which no directive may silence."""
    rule = registry.by_code.get(written.upper())
    if rule is not None:
        return ("meta", frozenset()) if isinstance(rule, SuppressionCheck) else (None, frozenset({rule.code}))
    category = written.lower()
    if category == SUPPRESSION_CATEGORY:
        return "meta", frozenset()
    codes = frozenset(r.code for r in registry.rules if r.category == category and not isinstance(r, SuppressionCheck))
    return (None, codes) if codes else ("unknown", frozenset())


@dataclass
class _Reporter:
    """Findings about directives, placed on the directive itself."""

    path: str
    lang: str
    show_pii: bool
    findings: list[Finding] = field(default_factory=list)

    def add(self, rule: SuppressionCheck, suppression: Suppression, message: str) -> None:
        written = suppression.text
        anchor = suppression.anchor.finding_fields(suppression.line) if suppression.anchor is not None else {}
        self.findings.append(Finding(
            path=self.path, line=suppression.line, column=suppression.column,
            end_line=suppression.end_line, end_column=suppression.end_column,
            code=rule.code, category=rule.category, severity=rule.severity, message=message,
            text=written if self.show_pii else mask(written),
            utterance=written, offset=0, offset_end=len(written), **anchor))


__all__ = ["SuppressionPass", "apply_suppressions"]
