"""Lexicon packs: load and validate (`schema`), match with one Aho-Corasick automaton
(`matcher`), confirm hits (`confirm`), and the `Lexicon` the engine uses (`core`); the disk cache
and the compact segmentation dictionary are in `build`, `lexicon check` in `check`."""
from __future__ import annotations

from ..model import CATEGORIES
from .build import load_lexicon
from .core import Lexicon
from .matcher import Hit, Scan
from .schema import (
    FINDING_CATEGORIES,
    Entry,
    EntryBase,
    Near,
    NegationCues,
    Pack,
    PhraseEntry,
    TermEntry,
    bundled_dir,
    bundled_packs,
    bundled_title,
    load_bundled_terms,
    load_pack,
)

__all__ = [
    "CATEGORIES",
    "FINDING_CATEGORIES",
    "Entry",
    "EntryBase",
    "Hit",
    "Lexicon",
    "Near",
    "NegationCues",
    "Pack",
    "PhraseEntry",
    "Scan",
    "TermEntry",
    "bundled_dir",
    "bundled_packs",
    "bundled_title",
    "load_bundled_terms",
    "load_lexicon",
    "load_pack",
]
