"""The settings one script is checked with (placeholder until the resolver lands)."""
from __future__ import annotations

from dataclasses import dataclass

from .model import Kind


@dataclass(frozen=True)
class Scenario:
    industries: frozenset[str]
    channel: str
    direction: str
    kind: Kind
