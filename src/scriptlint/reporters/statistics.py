"""`--statistics`: the number of findings per rule code instead of the findings, as ruff
prints it: most frequent first (then by code), each with the rule's summary.

    table:  `  12  SL302  违规敏感用语`, aligned columns
    json:   [{"code": "SL302", "name": "banned-term", "category": "sensitive-term",
              "count": 12, "summary": "…"}]

The exit code still follows `--fail-on`."""
from __future__ import annotations

import json
from collections import Counter
from typing import IO, Any

from rich.cells import cell_len

from ..model import FileResult
from . import ReportOptions, Summary


class StatisticsReporter:
    def __init__(self, stream: IO[str], options: ReportOptions, form: str) -> None:
        from ..rules import REGISTRY

        self.stream = stream
        self.form = form  # "table" or "json"
        self.lang = options.lang
        rules = options.rules if options.rules is not None else REGISTRY.rules
        self.rules = {rule.code: rule for rule in rules}
        self.counts: Counter[str] = Counter()
        self.categories: dict[str, str] = {}

    def file(self, result: FileResult) -> None:
        for finding in result.findings:
            self.counts[finding.code] += 1
            self.categories.setdefault(finding.code, finding.category)

    def rows(self) -> list[dict[str, Any]]:
        """One row per code that has findings, most findings first, then by code."""
        rows = []
        for code, count in sorted(self.counts.items(), key=lambda item: (-item[1], item[0])):
            rule = self.rules.get(code)
            rows.append({"code": code, "name": rule.name if rule else "", "category": self.categories[code],
                         "count": count, "summary": rule.summary(self.lang) if rule else ""})
        return rows

    def finish(self, summary: Summary) -> None:
        rows = self.rows()
        if self.form == "json":
            self.stream.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        elif rows:
            count_width = max(len(str(row["count"])) for row in rows)
            code_width = max(cell_len(row["code"]) for row in rows)
            for row in rows:
                code = row["code"] + " " * (code_width - cell_len(row["code"]))
                self.stream.write(f"{row['count']:>{count_width}}  {code}  {row['summary']}".rstrip() + "\n")
        self.stream.flush()
