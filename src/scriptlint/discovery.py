"""Which files a run lints: the paths named, and the files of known extensions in the folders
named, searched recursively.

Decisions (README, Guarantees):
- Symbolic links to folders are followed, so a scripts folder assembled from links is linted
  whole. Each folder is entered once, by the first path that reaches it in sorted order; a link
  back to a folder being searched (a loop) or a second path to a folder already searched is a
  notice, never a silent skip and never an endless walk.
- A folder that cannot be listed is an input error (exit 2), never a silent pass.
- A folder named on the command line that holds nothing to lint is a notice (exit 0): nothing
  was skipped or misread, and an empty folder is a normal state of a new repository.
- Hidden entries, node_modules and __pycache__ are not searched.
"""
from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator

from .model import InputError, Notice
from .readers import EXTENSIONS, STDIN

SKIPPED_FOLDERS = frozenset({"node_modules", "__pycache__"})

ErrorSink = Callable[[InputError], None]
NoticeSink = Callable[[Notice], None]


def _raise(error: InputError) -> None:
    raise error


def _ignore(notice: Notice) -> None:
    pass


def _same_path(first: str, second: str) -> bool:
    return os.path.normpath(os.path.abspath(first)) == os.path.normpath(os.path.abspath(second))


class _Walk:
    """One search over every folder named, sharing the folders already entered."""

    def __init__(self, on_error: ErrorSink, on_notice: NoticeSink) -> None:
        self.report = on_error
        self.on_notice = on_notice
        self.errors = 0
        # (st_dev, st_ino) of each folder entered -> the path it was entered by.
        self.entered: dict[tuple[int, int], str] = {}

    def enter(self, path: str, info: os.stat_result) -> bool:
        """Whether to search `path`: False (with a notice) when its folder was entered before."""
        key = (info.st_dev, info.st_ino)
        first = self.entered.get(key)
        if first is None:
            self.entered[key] = path
            return True
        if _same_path(first, path):
            pass  # the same folder named twice, or inside another folder named
        elif path.startswith(os.path.join(first, "")):
            self.on_notice(Notice(path, f"symbolic link loop back to {first}; not followed"))
        else:
            self.on_notice(Notice(path, f"same folder as {first}; its files are linted once"))
        return False

    def on_error(self, path: str, exc: OSError) -> None:
        self.errors += 1
        self.report(InputError(path, f"cannot read folder: {exc.strerror or exc}"))

    def files(self, root: str) -> list[str]:
        """The files to lint under `root` (entered already). Real folders are searched first,
        depth first in name order, then the folders reached through symbolic links, in the order
        they were met: a folder that is both inside the tree and linked to is entered by its
        own path. An explicit stack: a tree deeper than the recursion limit is still searched."""
        found: list[str] = []
        pending = [root]
        linked: list[str] = []
        while pending or linked:
            if not pending:
                link = linked.pop(0)
                try:
                    info = os.stat(link)
                except OSError as exc:
                    self.on_error(link, exc)
                    continue
                if self.enter(link, info):
                    pending.append(link)
                continue
            folder = pending.pop()
            try:
                with os.scandir(folder) as listing:
                    entries = sorted(listing, key=lambda entry: entry.name)
            except OSError as exc:
                self.on_error(folder, exc)
                continue
            subfolders: list[str] = []
            for entry in entries:
                # Hidden entries, and the `~$name.xlsx` lock files Excel and Word leave beside an open document.
                if entry.name.startswith((".", "~$")):
                    continue
                try:
                    is_folder = entry.is_dir()  # follows a symbolic link
                except OSError:
                    is_folder = False
                if not is_folder:
                    if os.path.splitext(entry.name)[1].lower() in EXTENSIONS:
                        found.append(entry.path)  # the reader reports a FIFO, a device, a broken link
                    continue
                if entry.name in SKIPPED_FOLDERS:
                    continue
                if entry.is_symlink():
                    linked.append(entry.path)
                    continue
                try:
                    info = entry.stat()
                except OSError as exc:
                    self.on_error(entry.path, exc)
                    continue
                if self.enter(entry.path, info):
                    subfolders.append(entry.path)
            pending.extend(reversed(subfolders))
        return found


def discover(paths: Iterable[str], on_error: ErrorSink | None = None,
             on_notice: NoticeSink | None = None) -> Iterator[str]:
    """Files to lint, each folder's in path order: folders are searched recursively for known
    extensions; a path that is not a folder is yielded whatever its extension (the reader
    reports a missing path, a FIFO or a device); `-` is standard input.

    A folder that cannot be listed goes to `on_error` (default: raised); symbolic link loops,
    folders reached twice and named folders with nothing to lint go to `on_notice` (default:
    dropped). Folders named are searched in sorted order, so which path reaches a folder first
    does not depend on the order of the arguments."""
    walk = _Walk(on_error or _raise, on_notice or _ignore)
    named = list(dict.fromkeys(paths))
    for raw in sorted(named, key=lambda p: (p == STDIN, os.path.normpath(p))):
        if raw == STDIN:
            yield raw
            continue
        try:
            info = os.stat(raw)
        except OSError:
            yield raw  # the reader reports a missing or unreachable path
            continue
        if not stat.S_ISDIR(info.st_mode):
            yield raw
            continue
        if not walk.enter(raw, info):
            continue
        errors_before = walk.errors
        found = walk.files(raw)
        if not found and walk.errors == errors_before:
            walk.on_notice(Notice(raw, f"no files to lint here (extensions: {', '.join(sorted(EXTENSIONS))})"))
        yield from sorted(found)


__all__ = ["Notice", "discover"]
