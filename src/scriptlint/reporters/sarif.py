"""`--format sarif`: SARIF 2.1.0, as GitHub code scanning (`github/codeql-action/upload-sarif`)
and other SARIF viewers read it.

One run. `tool.driver` names scriptlint, its version and home, and describes every rule the run
knows (`rules[]`: id, name, short and full description, the doc block as `help` text and
Markdown, `helpUri` into docs/rule-catalogue.md). Each finding is a result with `ruleId`,
`ruleIndex`, `level` (error, warning, note for info), `message.text` and one physical location:
a URI relative to the current folder (run it at the repository root, as code scanning expects)
and a region whose columns count Unicode code points (`run.columnKind`), the end column
exclusive. `partialFingerprints` hash the path, the code and the normalized utterance (not the
line), so an alert keeps its identity when lines move. Input errors are
`invocations[0].toolExecutionNotifications`, and make `executionSuccessful` false.

Results are written as they arrive; the invocation closes the document when the run ends."""
from __future__ import annotations

import json
from typing import IO, TYPE_CHECKING, Any

from ..model import FileResult, Finding, Severity
from . import ReportOptions, Summary
from .shared import Fingerprints, error_message, path_uri, relative_path, shown

if TYPE_CHECKING:
    from ..rules import Rule

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SARIF_VERSION = "2.1.0"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
# Versioned, so a future change of what is hashed does not pass for the same fingerprint.
FINGERPRINT_KEY = "scriptlintFinding/v1"
CATALOGUE = "docs/rule-catalogue.md"


def describe_rules(rules: tuple[Rule, ...], lang: str) -> list[dict[str, Any]]:
    """`tool.driver.rules`: one reportingDescriptor per rule, in registry order (`ruleIndex`
    points into this list)."""
    from ..docs import catalogue_anchor, rule_markdown
    from ..meta import docs_url

    return [{
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary(lang)},
        "fullDescription": {"text": " ".join(rule.doc.what_in(lang).split())},
        "help": {"text": rule.doc_text(lang), "markdown": "\n".join(rule_markdown(rule)).strip() + "\n"},
        "helpUri": docs_url(CATALOGUE, catalogue_anchor(rule)),
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"category": rule.category, "tags": ["compliance", rule.category]},
    } for rule in rules]


class SarifReporter:
    def __init__(self, stream: IO[str], options: ReportOptions) -> None:
        from ..meta import REPOSITORY_URL, package_version
        from ..rules import REGISTRY

        self.stream = stream
        self.show_pii = options.show_pii
        rules = options.rules if options.rules is not None else REGISTRY.rules
        self.rule_index = {rule.code: index for index, rule in enumerate(rules)}
        self.fingerprints = Fingerprints()
        self.notifications: list[dict[str, Any]] = []
        self.first = True
        driver = {"name": "scriptlint", "version": package_version(), "informationUri": REPOSITORY_URL,
                  "rules": describe_rules(rules, options.lang)}
        head = json.dumps({"$schema": SCHEMA_URI, "version": SARIF_VERSION}, ensure_ascii=False)[:-1]
        run = json.dumps({"tool": {"driver": driver}, "columnKind": "unicodeCodePoints"}, ensure_ascii=False)[:-1]
        self.stream.write(f'{head}, "runs": [{run}, "results": [')

    def _result(self, finding: Finding) -> dict[str, Any]:
        path = relative_path(finding.path)
        region: dict[str, Any] = {"startLine": finding.line, "startColumn": finding.column,
                                  "endLine": finding.end_line, "endColumn": finding.end_column}
        if finding.text:
            region["snippet"] = {"text": finding.text}  # masked when the finding was made
        result: dict[str, Any] = {"ruleId": finding.code}
        if finding.code in self.rule_index:
            result["ruleIndex"] = self.rule_index[finding.code]
        result.update({
            "level": LEVELS[finding.severity],
            "message": {"text": shown(finding.message, self.show_pii)},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": path_uri(finding.path)},
                                                "region": region}}],
            "partialFingerprints": {FINGERPRINT_KEY: self.fingerprints.of(finding, path)},
        })
        properties: dict[str, Any] = {key: value for key, value in (("category", finding.category), ("entry", finding.entry),
                                                    ("suggestion", finding.suggestion),
                                                    ("citation", finding.citation)) if value}
        if finding.related:
            properties["related"] = list(finding.related)
        result["properties"] = properties
        return result

    def file(self, result: FileResult) -> None:
        for finding in result.findings:
            self.stream.write(("\n" if self.first else ",\n") + json.dumps(self._result(finding), ensure_ascii=False))
            self.first = False
        for error in result.errors:
            location: dict[str, Any] = {"artifactLocation": {"uri": path_uri(error.path)}}
            if error.line:
                location["region"] = {"startLine": error.line}
            self.notifications.append({"level": "error", "message": {"text": error_message(error, self.show_pii)},
                                       "locations": [{"physicalLocation": location}]})
        if result.complete:
            self.fingerprints.end_file()

    def finish(self, summary: Summary) -> None:
        invocation = {"executionSuccessful": not self.notifications, "toolExecutionNotifications": self.notifications}
        self.stream.write(("\n" if not self.first else "") + '], "invocations": ')
        self.stream.write(json.dumps([invocation], ensure_ascii=False) + "}]}\n")
        self.stream.flush()


def create(stream: IO[str], options: ReportOptions) -> SarifReporter:
    return SarifReporter(stream, options)
