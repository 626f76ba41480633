"""Long scripts in windows: a script (or call) longer than a window comes as consecutive
`Script` windows (`Script.window`, `Script.more`), so no reader holds more than a window of
utterances and the engine never builds its context over more than one (engine.ScriptRun)."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

Item = TypeVar("Item")

# A window closes at whichever comes first. About 25 MB of working memory at the most; a
# script below both limits is one window, checked exactly as before windows existed.
WINDOW_UTTERANCES = 10_000
WINDOW_CHARACTERS = 500_000


def windows(items: Iterable[Item], text_of: Callable[[Item], str]) -> Iterator[tuple[list[Item], int, bool]]:
    """(items, window number from 0, whether more follow) of one script, whose items are its
    utterances, each with what a reader found with it; `text_of` gives an item's text. A full
    window is held back until the next item shows that another follows, so the last window is
    never empty, and a script without utterances is one empty window."""
    current: list[Item] = []
    characters = 0
    number = 0
    for item in items:
        if current and (len(current) >= WINDOW_UTTERANCES or characters >= WINDOW_CHARACTERS):
            yield current, number, True
            current = []
            characters = 0
            number += 1
        current.append(item)
        characters += len(text_of(item))
    yield current, number, False


__all__ = ["WINDOW_CHARACTERS", "WINDOW_UTTERANCES", "windows"]
