"""The scenario a script is checked in, resolved in one place from every layer that sets it.

Layers, lowest to highest, for `industry`, `channel` and `direction`:

    built-in defaults < config file < command-line flags < the file's own declaration

The first three are already merged into the `Config` a `Linter` holds; the declaration is the
`Declaration` its reader found. The file knows what it is (a folder can mix inbound and outbound
scripts), so its declaration wins.

`kind` is resolved the other way round:

    the reader's format kind < the declaration < config file / flag < the API call's kind

`--kind` (or `kind` in the config) promises to treat *every* file as that kind, so a file cannot
override it; and `Linter.check_text(text, kind=...)` names the kind of the one text in hand,
so nothing overrides it (a reply checked as a reply must not get the whole-script rules
because the config says "script").
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .config import ALWAYS_ON_PACK, Config, ConfigError, parse_settings
from .model import DECLARATION_KEYS, Declaration, InputError, Kind


@dataclass(frozen=True)
class Scenario:
    """The settings one script is checked with, after every layer (see the module doc)."""

    industries: frozenset[str]  # always includes "general"
    channel: str
    direction: str
    kind: Kind

    @classmethod
    def resolve(
        cls,
        config: Config,
        declaration: Declaration | None,
        format_kind: Kind,
        requested_kind: Kind | str | None = None,
        *,
        path: str = "<text>",
    ) -> Scenario:
        """The scenario of a script of `path`. A bad declaration raises
        InputError(path, "scriptlint declaration: ...", declaration.line)."""
        declared = declared_settings(declaration, path) if declaration is not None else {}
        industries = declared.get("industry") or config.industry
        kind = requested_kind or config.kind or declared.get("kind") or format_kind
        return cls(
            industries=frozenset([ALWAYS_ON_PACK, *industries]),
            channel=declared.get("channel") or config.channel,
            direction=declared.get("direction") or config.direction,
            kind=Kind(kind),
        )


def declared_settings(declaration: Declaration, path: str) -> dict[str, Any]:
    """A file's declaration as Config field values, checked like the config: a misspelt
    channel or industry must not silently switch rules off."""
    values = declaration.as_dict()
    try:
        undeclarable = next((key for key in values if key not in DECLARATION_KEYS), None)
        if undeclarable is not None:
            raise ConfigError(path, f"'{undeclarable}' cannot be declared in a file (keys: {', '.join(DECLARATION_KEYS)})")
        return parse_settings(path, values)
    except ConfigError as error:
        raise InputError(path, f"scriptlint declaration: {error.message}", declaration.line) from None


__all__ = ["Scenario", "declared_settings"]
