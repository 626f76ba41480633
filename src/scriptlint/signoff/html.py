"""The sign-off report as one self-contained HTML file: no script, no network, no external
font; a CJK font stack for Windows, macOS and Linux; a print stylesheet (A4, each file on a new
page, no row cut across pages). Every text from a script or a config is escaped here, once, by
`_e`: a script holding `<script>` shows it as text."""
from __future__ import annotations

import html

from ..model import category_name
from .content import FileSection, FindingEntry, Report
from .labels import labels
from .view import (
    Row,
    category_rows,
    config_rows,
    decisions,
    exempt_rows,
    file_rows,
    file_summary,
    finding_heading,
    header_facts,
    input_rows,
    pack_rows,
    role_word,
    severity_rows,
    signoff_fields,
    summary_line,
    verdict_word,
)

# Fonts with Simplified Chinese, the one each system ships first: Linux (Noto / Source Han /
# WenQuanYi), macOS (PingFang, Hiragino), Windows (Microsoft YaHei, SimSun).
FONT_STACK = ('"Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans SC", "PingFang SC", "Hiragino Sans GB", '
              '"Microsoft YaHei", "WenQuanYi Micro Hei", "SimSun", sans-serif')

STYLE = """
:root { --fail: #b42318; --pass: #067647; --warn: #b54708; --info: #175cd3; --line: #d0d5dd; --muted: #475467; }
* { box-sizing: border-box; }
body { font-family: FONTS; color: #101828; background: #fff; margin: 0 auto; max-width: 1100px;
       padding: 24px 32px; font-size: 14px; line-height: 1.55; }
h1 { font-size: 24px; margin: 0 0 12px; }
h2 { font-size: 18px; margin: 28px 0 10px; border-bottom: 2px solid #101828; padding-bottom: 4px; }
h3 { font-size: 15px; margin: 18px 0 8px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top;
         overflow-wrap: anywhere; }
th { background: #f2f4f7; font-weight: 600; }
thead { display: table-header-group; }
tr, .finding, .signoff, .verdict, figure { break-inside: avoid; page-break-inside: avoid; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; }
dl.facts dt { font-weight: 600; color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
dl.config { display: grid; grid-template-columns: repeat(3, max-content minmax(0, 1fr)); gap: 2px 12px; margin: 0;
            border: 1px solid var(--line); padding: 6px 8px; font-size: 13px; }
dl.config dt { color: var(--muted); }
dl.config dd { margin: 0; overflow-wrap: anywhere; }
table.narrow { width: auto; min-width: 40%; }
.hash { font-family: "DejaVu Sans Mono", Consolas, Menlo, monospace; font-size: 12px; }
.verdict { font-size: 20px; font-weight: 700; padding: 10px 14px; border: 2px solid; display: inline-block; }
.pass { color: var(--pass); border-color: var(--pass); }
.fail { color: var(--fail); border-color: var(--fail); }
.sev-error { color: var(--fail); font-weight: 700; }
.sev-warning { color: var(--warn); font-weight: 700; }
.sev-info { color: var(--info); }
.finding .meta { font-weight: 600; }
.utterance { margin: 4px 0; padding: 4px 8px; border-left: 3px solid var(--fail); background: #fef3f2; white-space: pre-wrap; }
.context { margin: 2px 0; padding: 2px 8px; color: var(--muted); border-left: 3px solid var(--line); white-space: pre-wrap; }
.speaker { font-weight: 600; margin-right: 6px; }
mark { background: #fedf89; color: inherit; padding: 0 1px; font-weight: 700; }
.alternative { color: var(--pass); }
.citation { color: var(--muted); font-size: 13px; }
.box { display: inline-block; width: 1em; height: 1em; border: 1.5px solid #101828; vertical-align: -0.15em;
       margin-right: 6px; }
.signoff .choices span.choice { margin-right: 28px; }
.signoff .blank { display: inline-block; min-width: 18em; border-bottom: 1px solid #101828; }
.signoff .lines div { border-bottom: 1px solid #101828; height: 2em; }
footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
@page { size: A4; margin: 15mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  section.file, section.signoff-page { break-before: page; page-break-before: always; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  a { color: inherit; text-decoration: none; }
}
""".replace("FONTS", FONT_STACK)

CHART_WIDTH, CHART_LABEL, CHART_BAR, CHART_ROW = 680, 170, 420, 28
SEVERITY_CLASS = {"error": "sev-error", "warning": "sev-warning", "info": "sev-info"}


def _e(text: str) -> str:
    """Text as HTML shows it: every markup character escaped, quotes too (it also goes in
    attributes)."""
    return html.escape(text, quote=True)


def _table(heading: Row, rows: list[Row], classes: dict[int, str] | None = None, narrow: bool = False) -> str:
    """A table; `classes` gives a column's cells a class (the hashes' monospace); a narrow
    table is as wide as its content."""
    classes = classes or {}
    head = "".join(f"<th>{_e(h)}</th>" for h in heading)
    body = "".join("<tr>" + "".join(f"<td{_class(classes.get(i))}>{_e(cell)}</td>" for i, cell in enumerate(row))
                   + "</tr>\n" for row in rows)
    return f"<table{_class('narrow' if narrow else None)}><thead><tr>{head}</tr></thead><tbody>\n{body}</tbody></table>\n"


def _class(name: str | None) -> str:
    return f' class="{name}"' if name else ""


def bar_chart(report: Report) -> str:
    """Findings by category as an inline SVG bar chart (no script: it shows wherever SVG does)."""
    words = labels(report.lang)
    counts = report.by_category
    if not counts:
        return f"<p>{_e(words['chart_empty'])}</p>\n"
    top = max(counts.values())
    height = CHART_ROW * len(counts) + 8
    parts = [(f'<svg xmlns="http://www.w3.org/2000/svg" width="{CHART_WIDTH}" height="{height}" '
             f'viewBox="0 0 {CHART_WIDTH} {height}" role="img" aria-label="{_e(words["chart"])}" '
             f"font-family='{FONT_STACK}' font-size=\"13\">")]
    for row, (category, count) in enumerate(counts.items()):
        y = 4 + row * CHART_ROW
        width = max(2, (CHART_BAR * count + top // 2) // top)  # integers: the same bytes on every machine
        parts.append(f'<text x="{CHART_LABEL - 8}" y="{y + 16}" text-anchor="end">{_e(category_name(category, report.lang))}</text>'
                     f'<rect x="{CHART_LABEL}" y="{y + 3}" width="{width}" height="18" fill="#b42318"/>'
                     f'<text x="{CHART_LABEL + width + 6}" y="{y + 16}">{count}</text>')
    parts.append("</svg>")
    return "<figure>" + "".join(parts) + "</figure>\n"


def _context(line_label: str, role: str, location: str, text: str, lang: str) -> str:
    return (f'<div class="context"><span class="speaker">{_e(line_label)} · {_e(role_word(role, lang))} '
            f"({_e(location)})</span>{_e(text)}</div>")


def _finding(finding: FindingEntry, lang: str) -> str:
    words = labels(lang)
    cells = [f'<div class="meta {SEVERITY_CLASS[finding.severity.value]}">{_e(finding_heading(finding, lang))}</div>',
             f"<div>{_e(finding.message)}</div>"]
    if finding.previous is not None:
        cells.append(_context(words["context_before"], finding.previous.role, finding.previous.location,
                              finding.previous.text, lang))
    cells.append(f'<div class="utterance"><span class="speaker">{_e(role_word(finding.role, lang))}</span>'
                 f"{_e(finding.before)}<mark>{_e(finding.match)}</mark>{_e(finding.after)}</div>")
    if finding.following is not None:
        cells.append(_context(words["context_after"], finding.following.role, finding.following.location,
                              finding.following.text, lang))
    if finding.alternative:
        cells.append(f'<div class="alternative">{_e(words["alternative"])}{_e(words["colon"])}{_e(finding.alternative)}</div>')
    if finding.citation:
        cells.append(f'<div class="citation">{_e(words["citation"])}{_e(words["colon"])}'
                     f"{_e(finding.citation)}</div>")
    if finding.exemption is not None:
        reason = finding.exemption.reason or words["no_reason"]
        cells.append(f'<div class="citation">{_e(words[finding.exemption.kind])}{_e(words["colon"])}{_e(reason)}</div>')
    return f'<tr class="finding"><td>{"".join(cells)}</td></tr>\n'


def _file_section(section: FileSection, index: int, lang: str) -> str:
    words = labels(lang)
    state = "pass" if section.passed else "fail"
    out = [f'<section class="file" id="file-{index}">',
           f"<h2>{_e(words['file'])} {index}: {_e(section.path)}</h2>",
           f'<p class="verdict {state}">{_e(file_summary(section, lang))}</p>']
    if section.errors:
        out.append(f"<h3>{_e(words['errors'])}</h3><ul>" + "".join(f"<li>{_e(e)}</li>" for e in section.errors) + "</ul>")
    out.append(f"<h3>{_e(words['findings'])}</h3>")
    if section.findings:
        out.append("<table><tbody>\n" + "".join(_finding(f, lang) for f in section.findings) + "</tbody></table>")
    else:
        out.append(f"<p>{_e(words['findings_none'])}</p>")
    if section.exempt:
        out.append(f"<h3>{_e(words['exempt'])}</h3><table><tbody>\n"
                   + "".join(_finding(f, lang) for f in section.exempt) + "</tbody></table>")
    out.append("</section>\n")
    return "\n".join(out)


def render_html(report: Report) -> str:
    """The whole report as one HTML document."""
    lang = report.lang
    words = labels(lang)
    header = report.header
    state = "pass" if report.passed else "fail"
    facts = "".join(f"<dt>{_e(label)}</dt><dd>{_e(value)}</dd>" for label, value in header_facts(report))
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{"en" if lang == "en" else "zh-CN"}">',
        '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(header.title)}</title>",
        f"<style>{STYLE}</style></head>",
        "<body>",
        f'<header id="header"><h1>{_e(header.title)}</h1><dl class="facts">{facts}</dl>',
        f"<h3>{_e(words['packs'])}</h3>", _table(*pack_rows(report), classes={3: "hash"}),
        f"<h3>{_e(words['config'])}</h3>", _config(report),
        "</header>",
        f'<section id="verdict"><h2>{_e(words["verdict"])}</h2>',
        (f'<p class="verdict {state}">{_e(words["overall"])}{_e(words["colon"])}'
        f"{_e(verdict_word(report.passed, lang))}</p>"),
        f"<p>{_e(summary_line(report))}</p>",
        f"<h3>{_e(words['by_severity'])}</h3>", _table(*severity_rows(report), narrow=True),
        f"<h3>{_e(words['by_category'])}</h3>", _table(*category_rows(report), narrow=True) if report.by_category
        else f"<p>{_e(words['chart_empty'])}</p>",
        f"<h3>{_e(words['exempt'])}</h3>",
        _table(*exempt_rows(report)) if report.exempt else f"<p>{_e(words['exempt_none'])}</p>",
        "</section>",
        f'<section id="chart"><h2>{_e(words["chart"])}</h2>', bar_chart(report), "</section>",
        f'<section id="files"><h2>{_e(words["file_table"])}</h2>',
    ]
    heading, rows = file_rows(report)
    out.append(_table(heading, [row for _, row in rows]))
    out.append("</section>")
    out.extend(_file_section(section, index, lang) for index, section in enumerate(report.files, 1))
    out.append(f'<section id="inputs" class="signoff-page"><h2>{_e(words["inputs"])}</h2>')
    out.append(_table(*input_rows(report), classes={1: "hash"}))
    if report.notices:
        out.append(f"<h3>{_e(words['notices'])}</h3><ul>" + "".join(f"<li>{_e(n)}</li>" for n in report.notices) + "</ul>")
    out.append("</section>")
    out.append(_signoff(report))
    out.append(f"<footer>{_e(words['generated'].format(version=header.tool_version))}</footer>")
    out.append("</body></html>\n")
    return "\n".join(out)


def _config(report: Report) -> str:
    """The effective configuration, compact: three settings to a line."""
    _, rows = config_rows(report)
    return '<dl class="config">' + "".join(f"<dt>{_e(key)}</dt><dd>{_e(value)}</dd>" for key, value in rows) + "</dl>\n"


def _signoff(report: Report) -> str:
    words = labels(report.lang)
    fields = "".join(f'<p><b>{_e(label)}</b>: <span class="blank">{_e(value)}</span></p>'
                     for label, value in signoff_fields(report))
    choices = "".join(f'<span class="choice"><span class="box"></span>{_e(d)}</span>' for d in decisions(report.lang))
    return (f'<section id="signoff" class="signoff"><h2>{_e(words["signoff"])}</h2>{fields}'
            f'<p class="choices"><b>{_e(words["decision"])}</b>: {choices}</p>'
            f'<p><b>{_e(words["conditions"])}</b>:</p><div class="lines"><div></div><div></div><div></div></div>'
            f'<p><b>{_e(words["signature"])}</b>: <span class="blank"></span> &nbsp; '
            f'<b>{_e(words["sign_date"])}</b>: <span class="blank" style="min-width:10em"></span></p></section>')


__all__ = ["FONT_STACK", "STYLE", "bar_chart", "render_html"]
