"""Configuration: defaults < config file < command-line flags < the file's own declaration.

The config lives in `[tool.scriptlint]` of `pyproject.toml`, or at the top level of
`scriptlint.toml` / `.scriptlint.toml`, found from the current directory upwards.
Keys are kebab-case (snake_case is accepted too). An unknown key or a bad value is an error
that names it.
"""
from __future__ import annotations

import fnmatch
import math
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .model import CATEGORIES, InputError, Kind, Severity

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CONFIG_NAMES = (".scriptlint.toml", "scriptlint.toml", "pyproject.toml")
CHANNELS = ("phone", "chat")
DIRECTIONS = ("outbound", "inbound")
FAIL_ON = ("error", "warning", "info", "never")
LANGS = ("zh", "en")


@dataclass(frozen=True)
class Policy:
    """A fact of the team's own service that bot lines on its topic must respect."""

    name: str
    topic: tuple[re.Pattern[str], ...]
    must_mention: tuple[re.Pattern[str], ...] = ()
    max_days: float | None = None
    contradicts: tuple[re.Pattern[str], ...] = ()


@dataclass(frozen=True)
class Config:
    industry: tuple[str, ...] = ()
    channel: str = "phone"
    direction: str = "outbound"
    kind: str | None = None
    speech_rate: float = 4.0
    opening_utterances: int = 2
    disclosure_seconds: float = 3.0
    handoff_seconds: float = 15.0
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    lexicons: tuple[str, ...] = ()
    allow: tuple[str, ...] = ()
    bot_markers: tuple[str, ...] = ()
    customer_markers: tuple[str, ...] = ()
    policy: tuple[Policy, ...] = ()
    fail_on: str = "warning"
    lang: str = "zh"
    show_pii: bool = False
    source: str | None = None  # the config file, for messages
    root: str | None = None  # its folder: relative paths and globs start here

    def merged(self, **overrides: Any) -> Config:
        """A copy with the given (already validated) values; None means 'not given'."""
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})

    def ignored_for(self, path: str) -> tuple[str, ...]:
        if not self.per_file_ignores:
            return ()
        candidates = {path, Path(path).name}
        if self.root:
            try:
                candidates.add(str(Path(path).resolve().relative_to(Path(self.root).resolve())))
            except ValueError:
                pass
        codes: list[str] = []
        for pattern, selectors in self.per_file_ignores:
            if any(fnmatch.fnmatch(c, pattern) for c in candidates):
                codes.extend(selectors)
        return tuple(codes)


def _key(name: str) -> str:
    return name.replace("_", "-")


_SCALARS = {"channel", "direction", "kind", "fail-on", "lang"}


def _err(source: str, message: str) -> InputError:
    return InputError(source, message)


def _as_list(source: str, key: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split(",") if v.strip())
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise _err(source, f"config key '{key}' must be a list of strings")


def _regexes(source: str, key: str, value: Any) -> tuple[re.Pattern[str], ...]:
    out = []
    for item in _as_list(source, key, value):
        try:
            out.append(re.compile(item))
        except re.error as exc:
            raise _err(source, f"config key '{key}': bad regex '{item}': {exc}") from None
    return tuple(out)


def _policy(source: str, name: str, raw: Any) -> Policy:
    if not isinstance(raw, dict):
        raise _err(source, f"policy '{name}' must be a table")
    allowed = {"name", "topic", "must-mention", "max-days", "contradicts"}
    normalized = {_key(k): v for k, v in raw.items()}
    unknown = set(normalized) - allowed
    if unknown:
        raise _err(source, f"policy '{name}': unknown key(s) {', '.join(sorted(unknown))}")
    if "topic" not in normalized:
        raise _err(source, f"policy '{name}' needs a 'topic'")
    max_days = normalized.get("max-days")
    if max_days is not None and (isinstance(max_days, bool) or not isinstance(max_days, (int, float))
                                 or not math.isfinite(max_days) or max_days < 0):
        raise _err(source, f"policy '{name}': max-days must be a non-negative number")
    return Policy(
        name=str(normalized.get("name", name)),
        topic=_regexes(source, "policy.topic", normalized["topic"]),
        must_mention=_regexes(source, "policy.must-mention", normalized.get("must-mention", [])),
        max_days=float(max_days) if max_days is not None else None,
        contradicts=_regexes(source, "policy.contradicts", normalized.get("contradicts", [])),
    )


def validate_selectors(source: str, key: str, values: Iterable[str]) -> tuple[str, ...]:
    from .rules import RULES

    out = []
    for value in values:
        value = value.strip()
        upper = value.upper()
        if value in CATEGORIES or value.lower() in CATEGORIES:
            out.append(value.lower())
        elif upper == "ALL" or any(r.code.startswith(upper) for r in RULES) and re.fullmatch(r"SL\d{0,3}", upper):
            out.append(upper)
        else:
            raise _err(source, f"{key}: unknown rule code or category '{value}'")
    return tuple(out)


def parse_settings(source: str, data: dict[str, Any], root: str | None = None) -> dict[str, Any]:
    """Validated Config field values from a config table (or the command line)."""
    from .lexicon import bundled_packs

    out: dict[str, Any] = {}
    for raw_key, value in data.items():
        key = _key(raw_key)
        if key == "industry":
            names = _as_list(source, key, value)
            known = set(bundled_packs())
            for name in names:
                if name not in known:
                    raise _err(source, f"industry: unknown industry '{name}' (known: {', '.join(sorted(known - {'general'}))})")
            out["industry"] = names
        elif key in _SCALARS:
            if not isinstance(value, str):
                raise _err(source, f"config key '{key}' must be a string")
            choices = {"channel": CHANNELS, "direction": DIRECTIONS, "kind": tuple(k.value for k in Kind),
                        "fail-on": FAIL_ON, "lang": LANGS}[key]
            if value not in choices:
                raise _err(source, f"{key}: '{value}' is not one of {', '.join(choices)}")
            out[key.replace("-", "_")] = value
        elif key in ("speech-rate", "disclosure-seconds", "handoff-seconds"):
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
                raise _err(source, f"{key} must be a positive number")
            out[key.replace("-", "_")] = float(value)
        elif key == "opening-utterances":
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise _err(source, f"{key} must be a whole number of at least 1")
            out["opening_utterances"] = value
        elif key in ("select", "ignore"):
            out[key] = validate_selectors(source, key, _as_list(source, key, value))
        elif key == "per-file-ignores":
            if not isinstance(value, dict):
                raise _err(source, "per-file-ignores must be a table of glob = [codes]")
            out["per_file_ignores"] = tuple(
                (str(glob), validate_selectors(source, f"per-file-ignores.{glob}", _as_list(source, key, codes)))
                for glob, codes in value.items()
            )
        elif key == "lexicons":
            paths = _as_list(source, key, value)
            out["lexicons"] = tuple(str((Path(root) / p) if root and not Path(p).is_absolute() else p) for p in paths)
        elif key == "allow":
            out["allow"] = _as_list(source, key, value)
        elif key == "speakers":
            if not isinstance(value, dict) or set(value) - {"bot", "customer"}:
                raise _err(source, "speakers must be a table with 'bot' and/or 'customer' lists")
            out["bot_markers"] = _as_list(source, "speakers.bot", value.get("bot", []))
            out["customer_markers"] = _as_list(source, "speakers.customer", value.get("customer", []))
        elif key == "policy":
            if isinstance(value, dict):
                out["policy"] = tuple(_policy(source, str(n), v) for n, v in value.items())
            elif isinstance(value, list):
                out["policy"] = tuple(_policy(source, str(v.get("name", i)) if isinstance(v, dict) else str(i), v)
                                      for i, v in enumerate(value))
            else:
                raise _err(source, "policy must be a table of named policies")
        elif key == "show-pii":
            if not isinstance(value, bool):
                raise _err(source, "show-pii must be true or false")
            out["show_pii"] = value
        else:
            raise _err(source, f"unknown config key '{raw_key}'")
    return out


def find_config(start: Path) -> Path | None:
    for folder in [start, *start.parents]:
        for name in CONFIG_NAMES:
            candidate = folder / name
            if not candidate.is_file():
                continue
            if name == "pyproject.toml":
                try:
                    data = tomllib.loads(candidate.read_text(encoding="utf-8"))
                except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError):
                    continue
                if "scriptlint" not in data.get("tool", {}):
                    continue
            return candidate
    return None


def load_config(path: Path | None = None, isolated: bool = False, cwd: Path | None = None) -> Config:
    if isolated:
        return Config()
    if path is None:
        path = find_config((cwd or Path.cwd()).resolve())
        if path is None:
            return Config()
    name = str(path)
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise _err(name, "config file not found") from None
    except OSError as exc:
        raise _err(name, f"cannot read config: {exc.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise _err(name, f"invalid TOML: {exc}") from None
    if Path(path).name == "pyproject.toml":
        data = data.get("tool", {}).get("scriptlint", {})
        if not isinstance(data, dict):
            raise _err(name, "[tool.scriptlint] must be a table")
    root = str(Path(path).resolve().parent)
    values = parse_settings(name, data, root)
    return Config(**values, source=name, root=root)



__all__ = ["Config", "Policy", "Severity", "find_config", "load_config", "parse_settings"]
