"""The sign-off report in Markdown: the same sections as the HTML, for a wiki or a merge
request. Text is escaped for Markdown and for the HTML a Markdown renderer lets through."""
from __future__ import annotations

import html
import re

from . import view
from .content import FindingEntry, Report
from .labels import labels

# Characters with a meaning in inline Markdown (and table cells): shown as themselves.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~#!])")
# A line to write on, in the sign-off block (escaped underscores: not emphasis).
BLANK = "\\_" * 16
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _m(text: str) -> str:
    """Text as Markdown shows it: HTML escaped, Markdown's marks backslash-escaped, line breaks
    kept inside the cell or line as <br>."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))
    return _LINE_BREAK.sub("<br>", escaped)


def _table(heading: view.Row, rows: list[view.Row]) -> list[str]:
    lines = ["| " + " | ".join(_m(h) for h in heading) + " |", "|" + " --- |" * len(heading)]
    lines.extend("| " + " | ".join(_m(cell) for cell in row) + " |" for row in rows)
    return [*lines, ""]


def _finding(finding: FindingEntry, lang: str) -> list[str]:
    words = labels(lang)
    lines = [f"- **{_m(view.finding_heading(finding, lang))}**{_m(words['colon'])}{_m(finding.message)}"]
    if finding.previous is not None:
        lines.append(f"  - {_m(words['context_before'])} · {_m(view.role_word(finding.previous.role, lang))} "
                     f"({_m(finding.previous.location)}){_m(words['colon'])}{_m(finding.previous.text)}")
    lines.append(f"  - {_m(words['utterance'])} · {_m(view.role_word(finding.role, lang))}{_m(words['colon'])}"
                 f"{_m(finding.before)}**{_m(finding.match)}**{_m(finding.after)}")
    if finding.following is not None:
        lines.append(f"  - {_m(words['context_after'])} · {_m(view.role_word(finding.following.role, lang))} "
                     f"({_m(finding.following.location)}){_m(words['colon'])}{_m(finding.following.text)}")
    if finding.alternative:
        lines.append(f"  - {_m(words['alternative'])}{_m(words['colon'])}{_m(finding.alternative)}")
    if finding.citation:
        lines.append(f"  - {_m(words['citation'])}{_m(words['colon'])}{_m(finding.citation)}")
    if finding.exemption is not None:
        lines.append(f"  - {_m(words[finding.exemption.kind])}{_m(words['colon'])}"
                     f"{_m(finding.exemption.reason or words['no_reason'])}")
    return lines


def render_markdown(report: Report) -> str:
    lang = report.lang
    words = labels(lang)
    out = [f"# {_m(report.header.title)}", ""]
    out.extend(f"- **{_m(label)}**{_m(words['colon'])}{_m(value)}" for label, value in view.header_facts(report))
    out += ["", f"### {_m(words['packs'])}", "", *_table(*view.pack_rows(report)),
            f"### {_m(words['config'])}", "", *_table(*view.config_rows(report)),
            f"## {_m(words['verdict'])}", "",
            f"**{_m(words['overall'])}{_m(words['colon'])}{_m(view.verdict_word(report.passed, lang))}**", "",
            _m(view.summary_line(report)), "",
            f"### {_m(words['by_severity'])}", "", *_table(*view.severity_rows(report)),
            f"### {_m(words['by_category'])}", ""]
    out += _table(*view.category_rows(report)) if report.by_category else [_m(words["chart_empty"]), ""]
    out += [f"### {_m(words['exempt'])}", ""]
    out += _table(*view.exempt_rows(report)) if report.exempt else [_m(words["exempt_none"]), ""]
    heading, rows = view.file_rows(report)
    out += [f"## {_m(words['file_table'])}", "", *_table(heading, [row for _, row in rows])]
    for index, section in enumerate(report.files, 1):
        out += [f"## {_m(words['file'])} {index}: {_m(section.path)}", "", f"**{_m(view.file_summary(section, lang))}**", ""]
        if section.errors:
            out += [f"### {_m(words['errors'])}", "", *(f"- {_m(e)}" for e in section.errors), ""]
        out += [f"### {_m(words['findings'])}", ""]
        if section.findings:
            for finding in section.findings:
                out += _finding(finding, lang)
        else:
            out.append(_m(words["findings_none"]))
        out.append("")
        if section.exempt:
            out += [f"### {_m(words['exempt'])}", ""]
            for finding in section.exempt:
                out += _finding(finding, lang)
            out.append("")
    out += [f"## {_m(words['inputs'])}", "", *_table(*view.input_rows(report))]
    if report.notices:
        out += [f"### {_m(words['notices'])}", "", *(f"- {_m(n)}" for n in report.notices), ""]
    out += [f"## {_m(words['signoff'])}", ""]
    out += [f"- **{_m(label)}**{_m(words['colon'])}{_m(value) or BLANK}" for label, value in view.signoff_fields(report)]
    out.append(f"- **{_m(words['decision'])}**{_m(words['colon'])}" + " ".join(f"☐ {_m(d)}" for d in view.decisions(lang)))
    out += [f"- **{_m(words['conditions'])}**{_m(words['colon'])}", "",
            (f"**{_m(words['signature'])}**{_m(words['colon'])}{BLANK}　**{_m(words['sign_date'])}**"
            f"{_m(words['colon'])}{BLANK}"), "",
            f"*{_m(words['generated'].format(version=report.header.tool_version))}*", ""]
    return "\n".join(out)


__all__ = ["render_markdown"]
