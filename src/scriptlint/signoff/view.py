"""What the HTML and Markdown forms both print, as plain rows of text: the header's facts, the
tables' rows and headings. Each form only decides how a row looks and escapes it."""
from __future__ import annotations

from ..model import BOT, category_name
from .content import SEVERITIES, FileSection, FindingEntry, Report, severity_counts_text
from .labels import labels

Row = tuple[str, ...]
Table = tuple[Row, list[Row]]


def verdict_word(passed: bool, lang: str) -> str:
    return labels(lang)["passed" if passed else "failed"]


def role_word(role: str, lang: str) -> str:
    return labels(lang)["bot" if role == BOT else "customer"]


def policy_text(fail_on: str, lang: str) -> str:
    """"warning（有“警告”或更高级别的发现即不通过）": the policy and what it means."""
    words = labels(lang)
    explained = words["fail_on_never"] if fail_on == "never" else words["fail_on_level"].format(level=words[fail_on])
    return f"{fail_on}{words['open']}{explained}{words['close']}"


def header_facts(report: Report) -> list[tuple[str, str]]:
    """(label, value) of the header: date, tool, scenario, policy, personal data, rules."""
    words, header = labels(report.lang), report.header
    scenario = [f"{words['industry']} {', '.join(header.industry) or 'general'}",
                f"{words['channel']} {header.channel}", f"{words['direction']} {header.direction}",
                f"{words['kind']} {header.kind or words['by_extension']}"]
    rules = f"{words['rules_count'].format(n=len(header.rules))}{words['colon']}" + ", ".join(
        f"{code} ({words.get(severity, severity)})" for code, severity in header.rules)
    return [
        (words["date"], header.date),
        (words["tool"], f"scriptlint {header.tool_version}"),
        (words["scenario"], words["comma"].join(scenario)),
        (words["fail_on"], policy_text(header.fail_on, report.lang)),
        (words["pii"], words["pii_shown" if header.show_pii else "pii_masked"]),
        (words["config_file"], header.config_file or words["no_config_file"]),
        (words["rules"], rules),
    ]


def pack_rows(report: Report) -> Table:
    words = labels(report.lang)
    heading: Row = (words["pack"], words["pack_title"], words["version"], words["sha256"], words["source"])
    rows: list[Row] = [(p.name, p.title, p.version or words["unversioned"], p.sha256,
             words["bundled"] if p.source == "bundled" else p.source) for p in report.header.packs]
    return heading, rows


def config_rows(report: Report) -> Table:
    words = labels(report.lang)
    return (words["setting"], words["value"]), [(key, value) for key, value in report.header.config]


def summary_line(report: Report) -> str:
    return labels(report.lang)["files_checked"].format(n=len(report.files), m=len(report.findings), e=report.errors)


def severity_rows(report: Report) -> Table:
    words = labels(report.lang)
    counts = report.by_severity
    return (words["severity"], words["count"]), [(words[s.value], str(counts[s.value])) for s in SEVERITIES]


def category_rows(report: Report) -> Table:
    words = labels(report.lang)
    return (words["category"], words["count"]), [(category_name(c, report.lang), str(n))
                                                  for c, n in report.by_category.items()]


def exempt_rows(report: Report) -> Table:
    words = labels(report.lang)
    heading: Row = (words["file"], words["location"], words["code"], words["message"], words["reason"])
    rows: list[Row] = []
    for path, finding in report.exempt:
        assert finding.exemption is not None
        kind = words[finding.exemption.kind]
        rows.append((path, finding.location, finding.code, finding.message,
                     f"{kind}: {finding.exemption.reason or words['no_reason']}"))
    return heading, rows


def file_rows(report: Report) -> tuple[Row, list[tuple[FileSection, Row]]]:
    """The per-file table, failing and most severe files first."""
    words = labels(report.lang)
    heading: Row = (words["file"], words["result"], words["error"], words["warning"], words["info"], words["errors"])
    rows: list[tuple[FileSection, Row]] = []
    for section in report.files_by_severity():
        counts = section.by_severity
        rows.append((section, (section.path, verdict_word(section.passed, report.lang), str(counts["error"]),
                               str(counts["warning"]), str(counts["info"]), str(len(section.errors)))))
    return heading, rows


def file_summary(section: FileSection, lang: str) -> str:
    words = labels(lang)
    return f"{verdict_word(section.passed, lang)}{words['comma']}{severity_counts_text(section.by_severity, words)}"


def input_rows(report: Report) -> Table:
    words = labels(report.lang)
    heading: Row = (words["file"], words["sha256"], words["size"], words["encoding"], words["utterance_count"])
    rows: list[Row] = []
    for section in report.files:
        record = section.input
        unread = record.sha256 is None
        rows.append((record.path, record.sha256 or words["unreadable"],
                     str(record.size) if record.size is not None else words["none"],
                     record.encoding or (words["none"] if unread else words["not_text"]), str(record.utterances)))
    return heading, rows


def finding_heading(finding: FindingEntry, lang: str) -> str:
    """"12 · SL302 · 错误 · 不实承诺": where, which rule, how severe, what kind."""
    words = labels(lang)
    return " · ".join((finding.location, finding.code, words[finding.severity.value],
                       category_name(finding.category, lang)))


def signoff_fields(report: Report) -> list[tuple[str, str]]:
    words = labels(report.lang)
    return [(words["reviewer"], report.signoff.reviewer or ""), (words["role"], report.signoff.role or ""),
            (words["date"], report.signoff.date)]


def decisions(lang: str) -> list[str]:
    words = labels(lang)
    return [words["approve"], words["reject"], words["conditional"]]


__all__ = ["Row", "category_rows", "config_rows", "decisions", "exempt_rows", "file_rows", "file_summary",
           "finding_heading", "header_facts", "input_rows", "pack_rows", "policy_text", "role_word",
           "severity_rows", "signoff_fields", "summary_line", "verdict_word"]
