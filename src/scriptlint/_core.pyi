# The compiled core (src/scriptlint/_core.c); normalize.py and lexicon/matcher.py are its reference.
from collections.abc import Callable
from typing import Any

class Folder:
    def __init__(self, sources: str, targets: str, expanding: str, removed: str, python: str, phrase: str,
                 phrase_keys: tuple[str, ...]) -> None: ...
    # None: an expanding character (slow path). (0, None, None): nothing changes. (1, folded, match
    # text): done. (2, folded, None): Python finishes (Traditional or '['). (3, None, None): Python does it all.
    def fold(self, text: str, /) -> tuple[int, str | None, str | None] | None: ...

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
