"""`scriptlint report`: the sign-off report a compliance officer reads, prints and signs.

    report = build_report(linter, ["examples/"], jobs=None, options=ReportOptions(date="2025-01-31"))
    text = render(report, "html")      # or "markdown", "json"

One `Report` value (content.py) is gathered once (collect.py) and written in three forms:
self-contained HTML (html.py), Markdown (markdown.py) and JSON (`Report.to_data`)."""
from __future__ import annotations

import json
from pathlib import PurePath

from ..surrogates import printable_json
from .collect import ReportOptions, build_report, fingerprint
from .content import Report

REPORT_FORMATS: tuple[str, ...] = ("html", "markdown", "json")
# The form an output file's name implies when --format is not given.
FORMAT_BY_SUFFIX = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown", ".json": "json"}


def format_for(output: str | None, given: str | None) -> str:
    """The form to write: --format when given, else the output file's suffix, else HTML."""
    if given:
        return given
    if output is not None:
        return FORMAT_BY_SUFFIX.get(PurePath(output).suffix.lower(), "html")
    return "html"


def render(report: Report, output_format: str) -> str:
    """The report in `output_format` (one of REPORT_FORMATS)."""
    if output_format == "html":
        from .html import render_html

        return render_html(report)
    if output_format == "markdown":
        from .markdown import render_markdown

        return render_markdown(report)
    if output_format == "json":
        return printable_json(json.dumps(report.to_data(), ensure_ascii=False, indent=2)) + "\n"
    raise ValueError(f"unknown report format {output_format}")


__all__ = ["FORMAT_BY_SUFFIX", "REPORT_FORMATS", "Report", "ReportOptions", "build_report", "fingerprint",
           "format_for", "render"]
