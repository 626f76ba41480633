"""A run over paths whose files may belong to different projects: each file is linted with the
config that governs it, found from the file's folder upwards, as ruff resolves configuration.
So `cd proj && scriptlint check scripts` and `scriptlint check proj/scripts` lint alike, and
the relative paths of a config (lexicons, exclude globs) start at that config's folder.

`--config PATH` gives one config to every file, `--isolated` none; the command line's settings
are laid over each. Configs are read once per file, and Linters built once per config (the
lexicon compiled once per set of packs), so a run with one config builds one Linter.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Generator, Iterable, Mapping
from pathlib import Path
from typing import Any

from .api import Linter, Target, in_order, joined, lint_targets
from .config import Config, config_in, read_config
from .discovery import NoticeSink, discover
from .lexicon import Lexicon, load_lexicon
from .model import FileResult, InputError, LintResult, Notice
from .readers import STDIN
from .rules import Registry


class Workspace:
    """Lint paths, each file with the config that governs it (see the module doc).

    `config_path`: one config file for every file; `isolated`: no config file at all;
    `overrides`: Config field values (the command line's) laid over every config;
    `stdin_filename`: the name standard input is linted under (its format, config and path)."""

    def __init__(self, config_path: Path | None = None, isolated: bool = False,
                 overrides: Mapping[str, Any] | None = None, stdin_filename: str | None = None,
                 registry: Registry | None = None) -> None:
        self.overrides = {k: v for k, v in (overrides or {}).items() if v is not None}
        self.stdin_filename = stdin_filename if stdin_filename != STDIN else None
        self.registry = registry
        self._by_file: dict[str, Config] = {}  # config file -> its Config, overrides laid over
        self._by_folder: dict[str, Config] = {}  # absolute folder -> the Config governing its entries
        self._linters: dict[int, tuple[Config, Linter]] = {}
        self._lexicons: dict[tuple[tuple[str, ...], tuple[str, ...]], Lexicon] = {}
        self._default = Config().merged(**self.overrides)
        self._fixed: Config | None = None
        if isolated:
            self._fixed = self._default
        elif config_path is not None:
            self._fixed = read_config(config_path).merged(**self.overrides)

    def config_for(self, folder: str) -> Config:
        """The config that governs the entries of `folder`: the nearest config file from it
        upwards (ConfigError when one found on the way does not parse)."""
        if self._fixed is not None:
            return self._fixed
        start = os.path.abspath(folder)
        missing: list[str] = []
        current = start
        config = self._by_folder.get(current)
        while config is None:
            missing.append(current)
            found = config_in(Path(current))
            if found is not None:
                path, data = found
                config = self._by_file.get(str(path))
                if config is None:
                    config = self._by_file[str(path)] = read_config(path, data).merged(**self.overrides)
                break
            parent = os.path.dirname(current)
            if parent == current:
                config = self._default
                break
            current = parent
            config = self._by_folder.get(current)
        for folder_on_the_way in missing:
            self._by_folder[folder_on_the_way] = config
        return config

    def folder_of(self, path: str) -> str:
        """The folder whose config governs a path named: a folder itself, a file's folder;
        standard input's is its file name's folder, else the current folder."""
        if path == STDIN:
            return os.path.dirname(os.path.abspath(self.stdin_filename)) if self.stdin_filename else os.getcwd()
        absolute = os.path.abspath(path)
        return absolute if os.path.isdir(absolute) else os.path.dirname(absolute)

    def config_of(self, path: str) -> Config:
        return self.config_for(self.folder_of(path))

    def run_config(self, paths: Iterable[str]) -> Config:
        """The config that decides what is the run's, not a file's: the output language and
        masking, and the exit code's threshold. It is the config of the folder that holds every
        path named, so that it depends neither on the folder the run starts in nor on the
        order of the paths."""
        named = list(dict.fromkeys(paths)) or [os.curdir]
        if len(named) == 1:
            return self.config_of(named[0])
        return self.config_for(os.path.commonpath([self.folder_of(path) for path in named]))

    def linter(self, config: Config) -> Linter:
        """The Linter of a config, built once; configs naming the same packs share a lexicon."""
        cached = self._linters.get(id(config))
        if cached is not None and cached[0] is config:
            return cached[1]
        key = (config.lexicons, config.allow)
        lexicon = self._lexicons.get(key)
        if lexicon is None:
            lexicon = self._lexicons[key] = load_lexicon(config.lexicons, config.allow)
        linter = Linter(config, lexicon, self.registry)
        self._linters[id(config)] = (config, linter)
        return linter

    def enabled_codes(self, path: str) -> list[str]:
        """The codes of the rules that run on `path` under its own config (the baseline keeps
        the entries of rules a run did not check)."""
        return [rule.code for rule in self.linter(self.config_of(path)).enabled_rules(path)]

    def plan(self, paths: Iterable[str], on_notice: NoticeSink | None = None) -> list[Target]:
        """The files to lint, each with its config's Linter, and the folders that could not be
        listed, in path order. Every config is found and every Linter built here, before any
        file is linted: a config that does not parse raises its ConfigError first."""
        unlistable: list[InputError] = []
        files = list(discover(paths, unlistable.append, on_notice, self.config_for, self.stdin_filename))
        # A file found is no folder: its config is its folder's (no stat needed to tell).
        found = [(path, self.linter(self.config_for(self.folder_of(path) if path == STDIN else
                                                    os.path.dirname(os.path.abspath(path))))) for path in files]
        return in_order(found, unlistable)

    def lint(self, targets: list[Target], jobs: int | None = 1,
             prepare: Callable[[FileResult], FileResult] | None = None) -> Generator[FileResult, None, None]:
        """The results of a plan, in its order (see `api.lint_targets`)."""
        return lint_targets(targets, jobs, self.stdin_filename, prepare)

    def iter_paths(self, paths: Iterable[str], jobs: int | None = 1,
                   on_notice: NoticeSink | None = None) -> Generator[FileResult, None, None]:
        """As `Linter.iter_paths`, each file with its own config's Linter."""
        yield from self.lint(self.plan(paths, on_notice), jobs)

    def check_paths(self, paths: Iterable[str], jobs: int | None = 1) -> LintResult:
        """Every file of `paths`, whole, with the walk's notices."""
        notices: list[Notice] = []
        return LintResult(joined(self.iter_paths(paths, jobs, notices.append)), notices)


__all__ = ["Workspace"]
