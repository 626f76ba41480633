"""Which files a run lints: the paths named, and the files of known extensions in the folders
named, searched recursively, less what the walk leaves out on purpose (pathfilter.py).

Decisions (README, Guarantees):
- Symbolic links to folders are followed, so a scripts folder assembled from links is linted
  whole. Each folder is entered once, by the first path that reaches it in sorted order; a link
  back to a folder being searched (a loop) or a second path to a folder already searched is a
  notice, never a silent skip and never an endless walk.
- A folder that cannot be listed is an input error (exit 2), never a silent pass.
- A walk leaves out hidden entries, Office lock files, virtual environments, what the config's
  exclude / extend-exclude globs and the repository's .gitignore files name, files outside the
  include globs, and YAML/JSON files that are not dialogue flows; each with a verbose notice
  saying why. A path named on the command line is never left out, unless force-exclude is on.
- A folder named that holds nothing to lint is a notice. A run with nothing to lint at all ends
  with a `NothingToLint` notice (the CLI makes it an error, exit 2), unless a path named was left
  out by force-exclude: pre-commit passes every changed file, and an empty run is then right.
"""
from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from .config import Config
from .model import InputError, Notice
from .pathfilter import PathJudge, is_environment
from .readers import EXTENSIONS, STDIN, format_of
from .readers.peek import not_a_flow

ConfigFor = Callable[[str], Config]

ErrorSink = Callable[[InputError], None]
NoticeSink = Callable[[Notice], None]


def _raise(error: InputError) -> None:
    raise error


def _ignore(notice: Notice) -> None:
    pass


_DEFAULT_CONFIG = Config()


def _default_config(folder: str) -> Config:
    return _DEFAULT_CONFIG


@dataclass(frozen=True)
class Skipped(Notice):
    """A file or folder a walk left out on purpose, and why: shown with --verbose only."""


@dataclass(frozen=True)
class NothingToLint(Notice):
    """The run found no file to lint and no path named was left out on purpose; `path` lists
    the paths named. In CI an empty match is a wrong path far more often than an intended one."""


NO_FILES = {"zh": "没有可检查的文件", "en": "no files to lint"}
NOT_A_FLOW = "not a dialogue flow (no top-level 'nodes' or 'turns')"


def _no_flow(path: str) -> bool:
    """A YAML or JSON file that is certainly no dialogue flow (readers/peek.py)."""
    return format_of(path) == "flow" and not_a_flow(path)


def _same_path(first: str, second: str) -> bool:
    return os.path.normpath(os.path.abspath(first)) == os.path.normpath(os.path.abspath(second))


class _Walk:
    """One search over every folder named, sharing the folders already entered."""

    def __init__(self, on_error: ErrorSink, on_notice: NoticeSink, config_for: ConfigFor) -> None:
        self.report = on_error
        self.on_notice = on_notice
        self.judge = PathJudge(config_for, on_notice)
        self.errors = 0
        self.not_flows = 0  # YAML/JSON files of the current named folder that are no flows
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
            absolute = os.path.abspath(folder)
            if folder != root:
                marker = is_environment({entry.name for entry in entries})
                if marker is not None:
                    self.on_notice(Skipped(folder, f"an environment ({marker}); not searched"))
                    continue
            here = self.judge.folder(absolute)
            subfolders: list[str] = []
            for entry in entries:
                # Hidden entries, and the `~$name.xlsx` lock files Excel and Word leave beside an open document.
                if entry.name.startswith((".", "~$")):
                    continue
                try:
                    is_folder = entry.is_dir()  # follows a symbolic link
                except OSError:
                    is_folder = False
                extension = "" if is_folder else os.path.splitext(entry.name)[1].lower()
                if not is_folder and extension not in EXTENSIONS:
                    continue
                reason = here.excluded(entry.name, is_folder)
                if reason is not None:
                    self.on_notice(Skipped(entry.path, reason))
                    continue
                if not is_folder:
                    if EXTENSIONS[extension] == "flow" and not_a_flow(entry.path):
                        self.not_flows += 1
                        self.on_notice(Skipped(entry.path, NOT_A_FLOW))
                    else:
                        found.append(entry.path)  # the reader reports a FIFO, a device, a broken link
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


def discover(paths: Iterable[str], on_error: ErrorSink | None = None, on_notice: NoticeSink | None = None,
             config_for: ConfigFor | None = None, stdin_filename: str | None = None) -> Iterator[str]:
    """Files to lint, each folder's in path order: folders are searched recursively for known
    extensions; a path that is not a folder is yielded whatever its extension (the reader
    reports a missing path, a FIFO or a device); `-` is standard input.

    `config_for(folder)` is the Config that governs the entries of a folder (its exclude,
    include, respect-gitignore and force-exclude; default: the defaults). `stdin_filename` is
    the name standard input is linted under, filtered like a named file under force-exclude.

    A folder that cannot be listed goes to `on_error` (default: raised); symbolic link loops,
    folders reached twice, named folders with nothing to lint, what the walk left out
    (`Skipped`) and a run with nothing to lint (`NothingToLint`) go to `on_notice` (default:
    dropped). Folders named are searched in sorted order, so which path reaches a folder first
    does not depend on the order of the arguments."""
    report = on_notice or _ignore
    walk = _Walk(on_error or _raise, report, config_for or _default_config)
    named = list(dict.fromkeys(paths))
    yielded = left_out = 0
    for raw in sorted(named, key=lambda p: (p == STDIN, os.path.normpath(p))):
        judged = stdin_filename if raw == STDIN else raw
        reason = walk.judge.force_excluded(judged) if judged else None
        if reason is None and raw != STDIN and walk.judge.forced(raw) and _no_flow(raw):
            reason = NOT_A_FLOW  # standard input is not peeked at: it can be read once only
        if reason is not None:
            left_out += 1
            report(Skipped(raw, f"{reason} (force-exclude)"))
            continue
        try:
            info = os.stat(raw) if raw != STDIN else None
        except OSError:
            info = None  # the reader reports a missing or unreachable path
        if info is None or not stat.S_ISDIR(info.st_mode):
            yielded += 1
            yield raw
            continue
        if not walk.enter(raw, info):
            continue
        errors_before = walk.errors
        walk.not_flows = 0
        found = walk.files(raw)
        if walk.not_flows:
            report(Skipped(raw, f"{walk.not_flows} YAML/JSON file(s) skipped: not dialogue flows"))
        if not found and walk.errors == errors_before:
            report(Notice(raw, f"no files to lint here (extensions: {', '.join(sorted(EXTENSIONS))})"))
        yielded += len(found)
        yield from sorted(found)
    if not yielded and not left_out and not walk.errors:
        report(NothingToLint(", ".join(named) or ".", NO_FILES["en"]))


__all__ = ["NO_FILES", "NothingToLint", "Notice", "Skipped", "discover"]
