"""Per-code severity overrides: `[tool.scriptlint.severity]` in the config.

    [tool.scriptlint.severity]
    SL303 = "error"        # a rule code
    stalling = "info"      # or a category: every rule of it
    SL103 = "off"          # not run at all, like `ignore`

A code's own entry wins over its category's. Overrides apply to every finding of the rule,
whatever lexicon entry made it, before anything is reported and before `fail-on` is looked at.

What `info` means: the finding is reported (text output dims it, SARIF calls it a `note`,
GitHub a `notice`), counted in the summary, and fails the run only with `--fail-on info`.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from .model import CATEGORIES, Finding, Severity

if TYPE_CHECKING:
    from .rules import Rule

OFF = "off"
LEVELS: tuple[str, ...] = (*(s.value for s in sorted(Severity, key=lambda s: -s.rank)), OFF)

# A validated table: (code or category, level) pairs, codes upper case, categories lower case.
Overrides = tuple[tuple[str, str], ...]


def parse_overrides(source: str, key: str, value: Any) -> Overrides:
    """The `severity` table of a config file (or of a Config built in Python: a mapping or
    pairs), checked: every key a known rule code or category, every value one of LEVELS."""
    from .config import ConfigError
    from .rules import REGISTRY

    pairs = tuple(value.items()) if isinstance(value, Mapping) else value
    if not isinstance(pairs, (tuple, list)) or not all(
            isinstance(pair, (tuple, list)) and len(pair) == 2 and isinstance(pair[0], str) for pair in pairs):
        raise ConfigError(source, f"{key} must be a table of rule code = level", key=key)
    out: list[tuple[str, str]] = []
    for raw_name, level in pairs:
        name = raw_name.strip()
        if name.upper() in REGISTRY.by_code:
            name = name.upper()
        elif name.lower() in CATEGORIES:
            name = name.lower()
        else:
            raise ConfigError(source, f"{key}.{raw_name}: unknown rule code or category '{raw_name}'",
                              key=f"{key}.{raw_name}")
        if not isinstance(level, str) or level.strip().lower() not in LEVELS:
            raise ConfigError(source, f"{key}.{raw_name}: '{level}' is not one of {', '.join(LEVELS)}",
                              key=f"{key}.{raw_name}")
        out.append((name, level.strip().lower()))
    return tuple(out)


def _level(by_name: Mapping[str, str], code: str, category: str) -> str | None:
    """The level the config gives a rule: its code's entry, else its category's, else None."""
    return by_name.get(code, by_name.get(category))


def switched_off(overrides: Overrides, rules: Iterable[Rule]) -> tuple[str, ...]:
    """The codes of `rules` set to `off` (by code, or by category without a code entry):
    selectors to add to `ignore`."""
    by_name = dict(overrides)
    return tuple(rule.code for rule in rules if _level(by_name, rule.code, rule.category) == OFF)


def apply_overrides(findings: Sequence[Finding], overrides: Overrides) -> list[Finding]:
    """The findings with the configured severities (a rule set to `off` has not run, so none
    of its findings reach here)."""
    if not overrides:
        return list(findings)
    by_name = dict(overrides)
    out: list[Finding] = []
    for finding in findings:
        level = _level(by_name, finding.code, finding.category)
        if level is None or level == OFF or level == finding.severity.value:
            out.append(finding)
        else:
            out.append(replace(finding, severity=Severity(level)))
    return out


def fails(by_severity: Mapping[str, int], fail_on: str) -> bool:
    """Whether findings counted per severity fail the run at the `fail-on` threshold."""
    if fail_on == "never":
        return False
    threshold = Severity(fail_on).rank
    return any(by_severity.get(s.value, 0) for s in Severity if s.rank >= threshold)


__all__ = ["LEVELS", "OFF", "Overrides", "apply_overrides", "fails", "parse_overrides", "switched_off"]
