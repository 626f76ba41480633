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
    checks = {rule.reports: rule for rule in enabled if isinstance(rule, SuppressionCheck)}
    enabled_codes = frozenset(rule.code for rule in enabled)
    report = _Reporter(script.path, settings.lang, settings.show_pii)
    directives: list[_Directive] = []
    for suppression in script.suppressions:
        directive = _Directive(suppression)
        invalid = checks.get(INVALID)
        if not suppression.codes and invalid is not None:
            report.add(invalid, suppression, invalid.detail("none", settings.lang))
        for written in suppression.codes:
            problem, codes = _resolve(written, registry)
            if problem is None:
                directive.names.append(_Name(written, codes))
            elif invalid is not None:
                report.add(invalid, suppression, invalid.detail(problem, settings.lang, code=written))
        missing_reason = checks.get(NO_REASON)
        if settings.require_reason and suppression.reason is None and suppression.codes and missing_reason is not None:
            report.add(missing_reason, suppression, missing_reason.message(settings.lang, codes=",".join(suppression.codes)))
        directives.append(directive)
    # The directives covering each line, in file order, then the file-level ones: a directive on
    # the finding's lines is more specific than one for the whole file, so it wins.
    by_line: dict[int, list[_Directive]] = {}
    for directive in directives:
        lines = directive.suppression.covers
        if lines is not None and not directive.suppression.file_level:
            for line in range(lines[0], lines[1] + 1):
                by_line.setdefault(line, []).append(directive)
    whole_file = [directive for directive in directives if directive.suppression.file_level]
    marked: list[Finding] = []
    for finding in findings:
        for directive in (*by_line.get(finding.line, ()), *whole_file):
            name = directive.name_of(finding.code)
            if name is not None:
                name.used = True
                suppression = directive.suppression
                finding = replace(finding, suppressed=Suppressed(suppression.reason, suppression.line,
                                                                 suppression.file_level))
                break
        marked.append(finding)
    unused = checks.get(UNUSED)
    if unused is not None:
        for directive in directives:
            # A code whose rule did not run on this file may or may not be needed: not reported.
            stale = [name.written for name in directive.names if not name.used and name.codes & enabled_codes]
            if stale:
                report.add(unused, directive.suppression, unused.message(settings.lang, codes=", ".join(stale)))
    return marked + report.findings


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


__all__ = ["apply_suppressions"]
