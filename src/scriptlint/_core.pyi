# The compiled core (src/scriptlint/_core.c); normalize.py and lexicon/matcher.py are its reference.
from collections.abc import Callable
from typing import Any

class Folder:
    def __init__(self, sources: str, targets: str, expanding: str, removed: str, python: str, phrase: str,
                 phrase_keys: tuple[str, ...], t2s_sources: str, t2s_targets: str,
                 all_phrase_keys: tuple[str, ...]) -> None: ...
    # None: an expanding character (slow path). (0, None, None): nothing changes. (1, folded, match
    # text): done. (2, folded, None): Python finishes (a '['). (3, None, None): Python does it all.
    # (4, None, None): Traditional, call simplify().
    def fold(self, text: str, /) -> tuple[int, str | None, str | None] | None: ...
    # A text of status 4 (Traditional): (folded and converted, match text, [(start, end, phrase key index)]).
    def simplify(self, text: str, /) -> tuple[str, str, list[tuple[int, int, int]]]: ...
    # Where removed characters were taken out: (starts in the match text, running totals).
    def removed_runs(self, folded: str, /) -> tuple[list[int], list[int]]: ...
    def without_removed(self, folded: str, /) -> str: ...

class Automaton:
    def __init__(
        self,
        keys: tuple[str, ...],
        triggers: tuple[tuple[tuple[int, int, int, int], ...], ...],
        owners: tuple[tuple[Any, ...], ...],
        entries: tuple[Any, ...],
        hit_type: Callable[[Any, int, int, str], Any],
        packs: int,
        categories: int,
        sets: int,
    ) -> None: ...
    def scan(
        self,
        text: str,
        active: bytes | None,
        sets: bytes | None,
        categories: bytes | None,
        keep_unselected: bool,
        /,
    ) -> tuple[list[Any], dict[Any, list[tuple[int, int]]], list[tuple[int, Any]]]: ...
