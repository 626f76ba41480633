"""What is built ahead of the lint: the compiled lexicon, cached on disk between runs, and the
compact segmentation dictionary shipped in the package (`python -m scriptlint.lexicon build`)."""
from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .. import cache
from ..model import InputError
from ..segment import COMPACT_PATH, build_compact
from ..tomlfile import MAX_TOML_BYTES
from .core import Lexicon
from .schema import Pack, bundled_packs, load_bundled_terms, load_pack, pack_from_data, pack_to_data


def load_lexicon(
    extra_files: Iterable[str] = (),
    allow_words: Iterable[str] = (),
    bundled: Iterable[str] | None = None,
) -> Lexicon:
    """Every bundled pack (or those named) plus the user's own, which are always on.

    The parsed packs are cached on disk as JSON, keyed by the packs' bytes: parsing TOML and
    normalizing a thousand terms is a sixth of a cold start.
    """
    extra_files = list(extra_files)
    allow_words = list(allow_words)
    available = bundled_packs()
    names = list(dict.fromkeys(list(available) if bundled is None else ["general", *bundled]))
    for name in names:
        if name not in available:
            known = ", ".join(n for n in available if n != "general")
            raise InputError("--industry", f"unknown industry '{name}' (known: {known})")

    def parse() -> tuple[list[Pack], list[str]]:
        """The packs, and the names of those that are always on."""
        packs = [load_pack(available[name], eager=False) for name in names]
        extras = [load_pack(extra) for extra in extra_files]
        return packs + extras, ["general", *(p.name for p in extras)]

    try:
        contents = [(str(p), _pack_bytes(p)) for p in [available[n] for n in names] + [Path(e) for e in extra_files]]
    except OSError:
        packs, always_on = parse()  # load_pack reports the unreadable pack
    else:
        # Only the parsed packs are cached, as plain data; the automaton is rebuilt from them
        # (a few milliseconds) rather than trusting a stored object.
        packs, always_on = cache.cached("packs", cache.key(contents, names), parse, _packs_to_data, _packs_from_data)
    return Lexicon(packs, allow_words, always_on)


def _pack_bytes(path: Path) -> bytes:
    """The bytes of a pack, for the cache key; OSError past the size limit (load_pack reports it)."""
    with path.open("rb") as handle:
        data = handle.read(MAX_TOML_BYTES + 1)
    if len(data) > MAX_TOML_BYTES:
        raise OSError(f"{path}: larger than the limit")
    return data


def _packs_to_data(parsed: tuple[list[Pack], list[str]]) -> dict[str, Any]:
    packs, always_on = parsed
    return {"packs": [pack_to_data(p) for p in packs], "always_on": always_on}


def _packs_from_data(data: dict[str, Any]) -> tuple[list[Pack], list[str]]:
    always_on = data["always_on"]
    if not isinstance(always_on, list) or not all(isinstance(n, str) for n in always_on):
        raise ValueError("malformed pack list")
    return [pack_from_data(p) for p in data["packs"]], always_on


def build_segmentation_dictionary(path: Path = COMPACT_PATH) -> int:
    """Write the compact jieba dictionary for the bundled packs' terms; the number of words."""
    return build_compact(load_bundled_terms(), path)


def main(argv: list[str]) -> int:
    if argv[:1] != ["build"]:
        print("usage: python -m scriptlint.lexicon build", file=sys.stderr)
        return 2
    count = build_segmentation_dictionary()
    print(f"wrote {COMPACT_PATH} ({count} words)")
    return 0
