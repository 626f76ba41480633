"""Which entries a folder walk leaves out, and why: the .gitignore files of the git repository
(and its .git/info/exclude), a config's `exclude` / `extend-exclude` / `include` globs, and
virtual environments.

Globs use .gitignore syntax, matched by pathspec: a pattern without a slash (but a trailing one)
matches a name at any depth, one with a slash is relative to its base folder (the .gitignore's
folder, or the config file's), a trailing slash matches folders only, `!` takes back in, and
the last pattern that matches wins.

An entry is judged on its own path, as git judges while it walks: a folder left out is not
entered, so nothing below it is judged. A folder named on the command line is entered whatever
the patterns say of it, and an entry below it is judged by the patterns that match the entry
itself, not by one that matches only the folder above it (as ruff does): `scriptlint check
docs` lints docs/ although `docs/` is excluded by default. `--force-exclude` judges a named file
on its whole path instead (see `PathJudge.force_excluded`).
"""
from __future__ import annotations

import os
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .config import DEFAULT_EXCLUDE, Config, ConfigError
from .fileio import MissingFile, read_settings_file
from .model import InputError, Notice

if TYPE_CHECKING:
    from pathspec.patterns.gitignore.spec import GitIgnoreSpecPattern

# A folder holding one of these is a Python virtual environment (whatever its name) or a conda
# environment: installed packages, never a team's scripts.
ENVIRONMENT_MARKERS = ("pyvenv.cfg", "conda-meta")
# The regex group pathspec's gitignore patterns use to mark a match that stopped at a folder's
# trailing slash: when text follows it, the pattern matched a folder above the path, not the
# path itself.
_FOLDER_MARK = "ps_d"

NoticeSink = Callable[[Notice], None]


def _compile(pattern: str) -> GitIgnoreSpecPattern:
    # Imported on first use: pathspec costs start-up time, and a run that names files needs none.
    from pathspec.patterns.gitignore.spec import GitIgnoreSpecPattern

    return GitIgnoreSpecPattern(pattern)


def check_globs(source: str, key: str, patterns: Sequence[str]) -> tuple[str, ...]:
    """`patterns` as read from a config file, each checked to be a glob: an empty one, a comment
    or one pathspec cannot compile is a ConfigError naming the key (in a .gitignore, git would
    pass it over in silence; in a config, it is a typo)."""
    for pattern in patterns:
        if not pattern.strip() or pattern.lstrip().startswith("#"):
            raise ConfigError(source, f"{key}: '{pattern}' is not a glob", key=key)
        try:
            compiled = _compile(pattern)
        except (ValueError, TypeError) as exc:  # pathspec's GitIgnorePatternError is a ValueError
            raise ConfigError(source, f"{key}: bad glob '{pattern}': {exc}", key=key) from None
        if compiled.include is None:
            raise ConfigError(source, f"{key}: '{pattern}' is not a glob", key=key)
    return tuple(patterns)


def _anchored(pattern: str) -> bool:
    """Whether a gitignore pattern is relative to its base folder (a slash before its end)
    rather than a name that matches at any depth."""
    return "/" in pattern.lstrip("!").rstrip("/")


# How an unanchored pattern's regex begins: any folders, then the name. On a path's last part
# alone (no slash inside) it can only match nothing, so the names regex drops it: the same
# matches, without the backtracking it costs on every entry.
_ANY_FOLDERS = "^(?:.+/)?"


def _any_of(patterns: Sequence[GitIgnoreSpecPattern], drop: str = "") -> re.Pattern[str] | None:
    """One regex that matches wherever one of the patterns does (their folder marks made plain
    groups, so the names do not clash); None when there are none. When they cannot be joined,
    one that matches everything: then each pattern is tried."""
    sources = [pattern.regex.pattern for pattern in patterns if pattern.regex is not None]
    if not sources:
        return None
    if not all(isinstance(source, str) for source in sources):
        return re.compile("")  # cannot be joined: matches everything, so each pattern is tried
    try:
        if drop:
            sources = ["^" + source[len(drop):] if source.startswith(drop) else source for source in sources]
        return re.compile("|".join(f"(?:{source.replace(f'(?P<{_FOLDER_MARK}>', '(?:')})" for source in sources))
    except re.error:
        return re.compile("")


@dataclass(frozen=True)
class Match:
    """The pattern that decided, and where it comes from (for --verbose)."""

    negated: bool  # a `!` pattern: it takes the path back in
    pattern: str
    origin: str


class Globs:
    """Patterns in .gitignore syntax, relative to the folder `base` (an absolute path); each
    pattern comes with its origin ("exclude in pyproject.toml", "/repo/.gitignore")."""

    def __init__(self, base: str, patterns: Sequence[tuple[str, str]], source: str = "") -> None:
        self.base = os.path.join(base, "")  # with its trailing separator: a prefix of every path below
        compiled: list[tuple[str, str, GitIgnoreSpecPattern, bool]] = []
        for text, origin in patterns:
            try:
                pattern = _compile(text)
            except (ValueError, TypeError) as exc:
                raise ConfigError(source or origin, f"bad glob '{text}': {exc}") from None
            if pattern.include is not None:  # None: a blank line or a comment
                compiled.append((text, origin, pattern, _anchored(text)))
        self.patterns = tuple(compiled)
        # Fast paths, one regex call each: any pattern on the whole path; and, for a match of the
        # path itself, the unanchored patterns on its last part only (they cannot match across a
        # slash) and the anchored ones on the whole path.
        self._any = _any_of([pattern for _, _, pattern, _ in compiled]) if compiled else None
        self._names = _any_of([pattern for _, _, pattern, anchored in compiled if not anchored], _ANY_FOLDERS)
        self._paths = _any_of([pattern for _, _, pattern, anchored in compiled if anchored])

    def __bool__(self) -> bool:
        return bool(self.patterns)

    def seen_from(self, folder: str) -> tuple[str, bool]:
        """How the entries of `folder` (absolute) appear to the patterns: the prefix of their
        relative paths (with `/`), and whether they lie under the base at all; outside it, only
        their names count, for the unanchored patterns."""
        folder = os.path.join(folder, "")
        if not folder.startswith(self.base):
            return "", False
        prefix = folder[len(self.base):]
        return (prefix.replace(os.sep, "/") if os.sep != "/" else prefix), True

    def match(self, relative: str, inside: bool, own: bool = True, leaf: str | None = None) -> Match | None:
        """The last pattern that matches the path `relative` (with `/`, a folder's ending with
        `/`; `leaf` its last part), None when none does. `own`: only a match of the path itself
        counts, not one of a folder above it (see the module doc)."""
        if own and leaf is not None:
            if (self._names is None or self._names.search(leaf) is None) and (
                    not inside or self._paths is None or self._paths.search(relative) is None):
                return None  # most entries
        elif self._any is None or self._any.search(relative) is None:
            return None
        decided: Match | None = None
        for text, origin, pattern, anchored in self.patterns:
            if anchored and not inside:
                continue
            found = pattern.match_file(relative)
            if found is None:
                continue
            if own and found.match.groupdict().get(_FOLDER_MARK) and found.match.end(_FOLDER_MARK) != len(relative):
                continue  # it matched a folder above the path
            decided = Match(not pattern.include, text, origin)
        return decided


class ConfigFilter:
    """What one config says of a walk: its exclude and extend-exclude globs, its include globs,
    whether .gitignore files count and whether named files are filtered too."""

    def __init__(self, config: Config) -> None:
        root = config.root or os.getcwd()
        where = f" in {config.source}" if config.source else ""
        exclude = "the default exclude" if config.exclude == DEFAULT_EXCLUDE else f"exclude{where}"
        self.exclude = Globs(root, [*((p, exclude) for p in config.exclude),
                                    *((p, f"extend-exclude{where}") for p in config.extend_exclude)],
                             config.source or "Config")
        self.include = Globs(root, [(p, f"include{where}") for p in config.include], config.source or "Config")
        self.respect_gitignore = config.respect_gitignore
        self.force_exclude = config.force_exclude


def _read_lines(path: str, on_notice: NoticeSink) -> list[str]:
    """The lines of a .gitignore or info/exclude file; none when it is absent. One that cannot be
    read is a warning, as git gives one: the walk goes on without it."""
    try:
        data = read_settings_file(path)
    except MissingFile:
        return []
    except InputError as error:
        if error.message != "is a directory":
            on_notice(Notice(path, f"not read: {error.message}; its patterns are not applied"))
        return []
    return data.decode("utf-8", "replace").splitlines()


def _git_dir(repository: str) -> str:
    """The git folder of a repository: `.git`, or where a `.git` file points (a worktree or a
    submodule). info/exclude lives in the common folder of all worktrees."""
    marker = os.path.join(repository, ".git")
    if os.path.isdir(marker):
        return marker
    try:
        with open(marker, encoding="utf-8", errors="replace") as handle:
            first = handle.readline().strip()
    except OSError:
        return marker
    if not first.startswith("gitdir:"):
        return marker
    git_dir = os.path.normpath(os.path.join(repository, first[len("gitdir:"):].strip()))
    try:
        with open(os.path.join(git_dir, "commondir"), encoding="utf-8", errors="replace") as handle:
            return os.path.normpath(os.path.join(git_dir, handle.readline().strip()))
    except OSError:
        return git_dir


class GitIgnores:
    """The .gitignore files that apply in each folder, each read once: those of the folder and
    its parents up to the root of its git repository (a folder holding `.git`), after the
    repository's .git/info/exclude. Outside a repository none applies, as for git."""

    def __init__(self, on_notice: NoticeSink) -> None:
        self.on_notice = on_notice
        # Absolute folder -> its patterns, the repository's first; None: no repository above.
        self._stacks: dict[str, tuple[Globs, ...] | None] = {}

    def _own(self, folder: str) -> tuple[Globs, ...]:
        path = os.path.join(folder, ".gitignore")
        lines = _read_lines(path, self.on_notice)
        return (Globs(folder, [(line, path) for line in lines], path),) if lines else ()

    def stack(self, folder: str) -> tuple[Globs, ...] | None:
        """The patterns that apply to the entries of `folder` (absolute), deepest last."""
        missing: list[str] = []
        current = folder
        while current not in self._stacks:
            missing.append(current)
            if os.path.exists(os.path.join(current, ".git")):
                break
            parent = os.path.dirname(current)
            if parent == current:
                self._stacks[current] = None  # the file system's root, and no repository on the way
                missing.pop()
                break
            current = parent
        for path in reversed(missing):
            if os.path.exists(os.path.join(path, ".git")):
                exclude = os.path.join(_git_dir(path), "info", "exclude")
                lines = _read_lines(exclude, self.on_notice)
                base = (Globs(path, [(line, exclude) for line in lines], exclude),) if lines else ()
                self._stacks[path] = base + self._own(path)
            else:
                above = self._stacks[os.path.dirname(path)]
                self._stacks[path] = None if above is None else above + self._own(path)
        return self._stacks[folder]


class _Seen:
    """A Globs as the entries of one folder meet it."""

    def __init__(self, globs: Globs, folder: str) -> None:
        self.globs = globs
        self.prefix, self.inside = globs.seen_from(folder)

    def match(self, name: str, is_folder: bool, own: bool) -> Match | None:
        leaf = f"{name}/" if is_folder else name
        return self.globs.match(self.prefix + leaf, self.inside, own, leaf)


class FolderJudge:
    """What is left out among the entries of one folder: its config's globs and the .gitignore
    files that apply there, each placed once for the folder, not once per entry."""

    def __init__(self, rules: ConfigFilter, stack: tuple[Globs, ...] | None, folder: str) -> None:
        self.exclude = _Seen(rules.exclude, folder) if rules.exclude else None
        self.include = _Seen(rules.include, folder) if rules.include else None
        # The deepest .gitignore's say wins over the ones above it, and all over info/exclude.
        self.ignores = [_Seen(globs, folder) for globs in reversed(stack or ())] if rules.respect_gitignore else []

    def excluded(self, name: str, is_folder: bool, own: bool = True) -> str | None:
        """Why the entry `name` is left out, or None when it is not."""
        decided = self.exclude.match(name, is_folder, own) if self.exclude else None
        if decided is not None and not decided.negated:
            return f"excluded by '{decided.pattern}' ({decided.origin})"
        for seen in self.ignores:
            ignored = seen.match(name, is_folder, own)
            if ignored is not None:
                if not ignored.negated:
                    return f"ignored by '{ignored.pattern}' in {ignored.origin}"
                break
        if not is_folder and self.include is not None:
            # A pattern that matches a folder above counts: `scripts/` takes every file below it.
            chosen = self.include.match(name, False, own=False)
            if chosen is None or chosen.negated:
                return "not matched by include"
        return None


class PathJudge:
    """Decides, for a walk, which entries to leave out; one per run, caching the filter of each
    config and the .gitignore files of each folder."""

    def __init__(self, config_for: Callable[[str], Config], on_notice: NoticeSink) -> None:
        self.config_for = config_for
        self.gitignores = GitIgnores(on_notice)
        self._filters: dict[int, tuple[Config, ConfigFilter]] = {}

    def filter_for(self, folder: str) -> ConfigFilter:
        """The filter of the config that governs the entries of `folder`."""
        config = self.config_for(folder)
        cached = self._filters.get(id(config))
        if cached is None or cached[0] is not config:
            cached = (config, ConfigFilter(config))
            self._filters[id(config)] = cached
        return cached[1]

    def folder(self, folder: str) -> FolderJudge:
        """The judge of the entries of `folder` (absolute)."""
        rules = self.filter_for(folder)
        return FolderJudge(rules, self.gitignores.stack(folder) if rules.respect_gitignore else None, folder)

    def forced(self, path: str) -> bool:
        """Whether force-exclude is on for a path named on the command line."""
        # From the config itself: a run that names files only compiles no glob (nor imports pathspec).
        return self.config_for(os.path.dirname(os.path.abspath(path))).force_exclude

    def force_excluded(self, path: str) -> str | None:
        """Why a path named on the command line is left out under force-exclude (judged on its
        whole path: a file inside an excluded folder is excluded), or None."""
        if not self.forced(path):
            return None
        absolute = os.path.abspath(path)
        folder, name = os.path.split(absolute)
        if name.startswith((".", "~$")):
            return "hidden"
        return self.folder(folder).excluded(name, os.path.isdir(absolute), own=False)


def is_environment(names: Collection[str]) -> str | None:
    """The marker that makes a folder with these entries an environment, or None."""
    return next((marker for marker in ENVIRONMENT_MARKERS if marker in names), None)


__all__ = ["ENVIRONMENT_MARKERS", "ConfigFilter", "FolderJudge", "GitIgnores", "Globs", "Match", "PathJudge", "check_globs",
           "is_environment"]
