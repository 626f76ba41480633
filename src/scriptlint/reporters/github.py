"""`--format github`: GitHub Actions workflow commands, which the runner turns into annotations
on the pull request's diff:

    ::error file=scripts/a.txt,line=5,col=9,endLine=5,endColumn=13,title=SL302::金融营销不得承诺保本。

error, warning and info findings are `error`, `warning` and `notice` commands. `endColumn` is
exclusive, as everywhere in scriptlint. An input error is an `error` command with the file
(and line, when known) and the title `scriptlint`.

Escaping follows the runner's rules: in the message, `%` `\r` `\n` become `%25` `%0D` `%0A`;
in a property value `:` and `,` also become `%3A` and `%2C`, so a hostile path or message can
neither end the command early nor start another one."""
from __future__ import annotations

from typing import IO

from ..model import FileResult, Severity
from . import ReportOptions, Summary
from .shared import error_message, relative_path, shown

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
INPUT_ERROR_TITLE = "scriptlint"


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, properties: dict[str, object], message: str) -> str:
    """One workflow command line."""
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{name} {props}::{escape_data(message)}"


class GithubReporter:
    def __init__(self, stream: IO[str], show_pii: bool = False) -> None:
        self.stream = stream
        self.show_pii = show_pii

    def file(self, result: FileResult) -> None:
        for finding in result.findings:
            properties: dict[str, object] = {
                "file": relative_path(finding.path), "line": finding.line, "col": finding.column,
                "endLine": finding.end_line, "endColumn": finding.end_column, "title": finding.code,
            }
            self.stream.write(command(COMMANDS[finding.severity], properties, shown(finding.message, self.show_pii))
                              + "\n")
        for error in result.errors:
            where: dict[str, object] = {"file": relative_path(error.path)}
            if error.line:
                where["line"] = error.line
            where["title"] = INPUT_ERROR_TITLE
            self.stream.write(command("error", where, error_message(error, self.show_pii)) + "\n")

    def finish(self, summary: Summary) -> None:
        self.stream.flush()


def create(stream: IO[str], options: ReportOptions) -> GithubReporter:
    return GithubReporter(stream, options.show_pii)
