"""`--format junit`: JUnit XML, for CI services that show test reports (GitLab's `junit`
artifact, Jenkins, Azure Pipelines).

One `<testsuite name="scriptlint">` in a `<testsuites>` root; one `<testcase>` per file (its
name and `file` the path relative to the current folder), which passes when the file has no
finding; one `<failure>` per finding, `type` the rule code, `message` `line:col CODE message`,
the text `path:line:col: CODE severity message` and the matched text (masked); an input error
is an `<error>`. Texts are escaped by the XML writer; characters XML 1.0 cannot hold at all
(control characters) become U+FFFD. The document needs every count in its first tag, so it is
written when the run ends."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import IO

from ..model import FileResult
from . import ReportOptions, Summary
from .shared import error_message, relative_path, shown

SUITE_NAME = "scriptlint"
# What XML 1.0 cannot carry, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


class JunitReporter:
    def __init__(self, stream: IO[str], show_pii: bool = False) -> None:
        self.stream = stream
        self.show_pii = show_pii
        self.suite = ET.Element("testsuite", name=SUITE_NAME)
        self.case: ET.Element | None = None  # the file being streamed (its parts share one case)
        self.failures = 0
        self.errors = 0

    def _case(self, path: str) -> ET.Element:
        if self.case is None:
            name = xml_text(relative_path(path))
            self.case = ET.SubElement(self.suite, "testcase", name=name, classname=SUITE_NAME, file=name)
        return self.case

    def file(self, result: FileResult) -> None:
        case = self._case(result.path)
        for finding in result.findings:
            message = shown(finding.message, self.show_pii)
            failure = ET.SubElement(case, "failure", type=finding.code,
                                    message=xml_text(f"{finding.line}:{finding.column} {finding.code} {message}"))
            where = f"{relative_path(finding.path)}:{finding.line}:{finding.column}"
            failure.text = xml_text(f"{where}: {finding.code} {finding.severity.value} {message}\n{finding.text}")
            self.failures += 1
        for error in result.errors:
            message = error_message(error, self.show_pii)
            element = ET.SubElement(case, "error", type="input-error", message=xml_text(message))
            where = relative_path(error.path) + (f":{error.line}" if error.line else "")
            element.text = xml_text(f"{where}: {message}")
            self.errors += 1
        if result.complete:
            self.case = None

    def finish(self, summary: Summary) -> None:
        cases = str(len(self.suite))
        counts = {"tests": cases, "failures": str(self.failures), "errors": str(self.errors), "skipped": "0"}
        self.suite.attrib.update(counts)
        root = ET.Element("testsuites", {"name": SUITE_NAME, **{k: v for k, v in counts.items() if k != "skipped"}})
        root.append(self.suite)
        ET.indent(root)
        self.stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        self.stream.write(ET.tostring(root, encoding="unicode"))
        self.stream.write("\n")
        self.stream.flush()


def create(stream: IO[str], options: ReportOptions) -> JunitReporter:
    return JunitReporter(stream, options.show_pii)
