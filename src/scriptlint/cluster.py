"""Lint across machines, whatever the engine: the pieces a cluster's tasks and its client need.

Dask has its own helpers over these (`scriptlint.dask`); Spark, Ray or a queue of your own
use them directly (the README sketches Spark's `mapPartitions`). Nothing here imports a
cluster framework.

- `SharedLinter`: a Linter as it travels to the workers. What is sent is a Config (under a
  kilobyte) or a pickled Linter (its compiled lexicon, about 0.5 MB; 1.5 MB once jieba's
  dictionary is loaded). Each worker process builds or unpickles it once, on its first task,
  and keeps it, keyed by a fingerprint of those bytes: no task compiles a lexicon again, and
  jieba's dictionary loads once per process. One thread per worker process is the right
  shape: linting is pure Python and holds the GIL.
- Files: `plan_files` walks folders on the client as `Linter.check_paths` does; the tasks run
  `lint_files` on their share of the files; `gather_files` puts the results back in the order
  `scriptlint check` reports them. The files are read by the workers at the path given: every
  worker must see them at that path (shared storage, the same mount everywhere), and a
  relative path is resolved against each worker's working folder, so on a real cluster give
  absolute paths. The same goes for the config's own lexicon files.
- Transcripts: `lint_records` checks the calls of a partition of transcript records (dicts,
  as a .jsonl transcript's lines hold them); `calls_result` makes one result of them.
- `render` writes a gathered result in any `scriptlint check --format`, as the command does.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import sys
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO, Any, TypeVar

from .api import Linter, _replace_lone_surrogates
from .config import Config
from .discovery import discover
from .model import FileResult, Finding, InputError, Kind, LintResult, Notice, Script, Suppression, Utterance
from .readers import STDIN
from .readers.common import identifier, turn_utterance
from .readers.directives import SUPPRESSION_KEY, from_value
from .reporters import Summary, make_reporter
from .rules import REGISTRY, Registry

# --- the Linter on the workers ----------------------------------------------------------------

# Linters built in this process, by fingerprint; a long-lived worker serving many runs keeps
# the last few only.
_KEPT = 4
_BUILT: OrderedDict[str, Linter] = OrderedDict()
_BUILDING = threading.Lock()
# The SharedLinter of each Linter the client shares, for as long as the Linter lives.
_SHARED_BY_LINTER: weakref.WeakKeyDictionary[Linter, SharedLinter] = weakref.WeakKeyDictionary()
# How many Linters this process has built or unpickled (the tests ask the workers).
_builds = 0


class SharedLinter:
    """A Linter as it travels to the workers: its recipe's bytes and their fingerprint.

    From a Config, the recipe is the Config (the worker builds `Linter(config)`); from a
    Linter, the whole Linter pickled, so a team's own registry or lexicon object goes with it.
    Unpickling a SharedLinter reads no lexicon: `linter()` builds it on first use in the
    process, then returns the same one."""

    def __init__(self, source: Linter | Config) -> None:
        self.payload = pickle.dumps(source, protocol=pickle.HIGHEST_PROTOCOL)
        self.fingerprint = hashlib.sha256(self.payload).hexdigest()
        self._config: Config | None = source.config if isinstance(source, Linter) else source
        if isinstance(source, Linter):
            _keep(self.fingerprint, source)  # the client's own: no rebuild when it lints too

    @classmethod
    def of(cls, source: Linter | Config | SharedLinter) -> SharedLinter:
        """The SharedLinter of a source; one per Linter object, pickled once: the automaton's
        pickle differs from one pickling to the next, so the bytes of a second pickling
        would be another recipe to the workers, built again."""
        if isinstance(source, SharedLinter):
            return source
        if isinstance(source, Config):
            return cls(source)
        shared = _SHARED_BY_LINTER.get(source)
        if shared is None:
            shared = _SHARED_BY_LINTER[source] = cls(source)
        return shared

    def linter(self) -> Linter:
        """This process's Linter of the recipe, built on the first call."""
        found = _BUILT.get(self.fingerprint)
        if found is not None:
            return found
        with _BUILDING:
            found = _BUILT.get(self.fingerprint)
            if found is None:
                global _builds
                recipe = pickle.loads(self.payload)
                found = recipe if isinstance(recipe, Linter) else Linter(recipe)
                _builds += 1
                _keep(self.fingerprint, found)
            return found

    @property
    def config(self) -> Config:
        """The recipe's Config (the walk's and the report's settings), read without building
        a Linter where the SharedLinter was made."""
        return self._config if self._config is not None else self.linter().config

    def __dask_tokenize__(self) -> str:
        return self.fingerprint  # what Dask names the recipe's key by, without hashing its bytes

    def __reduce__(self) -> tuple[Callable[[str, bytes], SharedLinter], tuple[str, bytes]]:
        return _shared, (self.fingerprint, self.payload)

    def __repr__(self) -> str:
        return f"SharedLinter({self.fingerprint[:12]}, {len(self.payload)} bytes)"


def _shared(fingerprint: str, payload: bytes) -> SharedLinter:
    shared = SharedLinter.__new__(SharedLinter)
    shared.payload, shared.fingerprint, shared._config = payload, fingerprint, None
    return shared


def _keep(fingerprint: str, linter: Linter) -> None:
    _BUILT[fingerprint] = linter
    _BUILT.move_to_end(fingerprint)
    while len(_BUILT) > _KEPT:
        _BUILT.popitem(last=False)


def builds_in_this_process() -> int:
    """How many Linters this process has built from SharedLinters (once per recipe, if all is well)."""
    return _builds


# --- files ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FilePlan:
    """The files to lint, each once, and what the walk met: folders that could not be listed
    (each a result with its error) and its notices."""

    files: tuple[str, ...]
    unlistable: tuple[InputError, ...] = ()
    notices: tuple[Notice, ...] = ()


def plan_files(paths: Iterable[str], config: Config | SharedLinter | Linter) -> FilePlan:
    """Files and folders walked here, on the client, as `Linter.check_paths` walks them (the
    config's exclude, include and .gitignore rules)."""
    named = list(paths)
    if STDIN in named:
        raise ValueError("standard input ('-') cannot be linted on a cluster")
    settings = config if isinstance(config, Config) else config.config
    notices: list[Notice] = []
    unlistable: list[InputError] = []
    found = discover(named, unlistable.append, notices.append, lambda folder: settings)
    files = _first_of_each(found, lambda path: path)
    return FilePlan(tuple(files.values()), tuple(unlistable), tuple(notices))


def lint_files(paths: Iterable[str], shared: SharedLinter) -> list[FileResult]:
    """One partition: each file read and linted here, whole (`Linter.check_file`)."""
    linter = shared.linter()
    return [linter.check_file(path) for path in paths]


def gather_files(results: Iterable[FileResult], plan: FilePlan | None = None) -> LintResult:
    """The partitions' results as one, in the order `scriptlint check` reports them (by path;
    each file's findings are in line and column order already), with the plan's unlistable
    folders and notices. A file that came twice (named twice in a Bag) is kept once."""
    whole = _first_of_each(results, lambda result: result.path)
    unlistable = plan.unlistable if plan is not None else ()
    ordered = [*whole.values(), *(FileResult(error.path, errors=[error]) for error in unlistable)]
    return LintResult(sorted(ordered, key=lambda result: _order(result.path)), list(plan.notices) if plan else [])


T = TypeVar("T")


def _first_of_each(items: Iterable[T], path_of: Callable[[T], str]) -> dict[str, T]:
    """Each file once, the first time it comes, as `api.in_order` keeps them."""
    first: dict[str, T] = {}
    for item in items:
        first.setdefault(os.path.normpath(os.path.abspath(path_of(item))), item)
    return first


def _order(path: str) -> str:
    """The order `scriptlint check` reports files in (`api.in_order`; no standard input here)."""
    return os.path.normpath(path)


# --- transcript records -----------------------------------------------------------------------


@dataclass(frozen=True)
class CallResult:
    """The findings and input errors of one call of a transcript partition.

    Findings are placed in the call: their path is `source#call_id`, their line the turn's
    number in the call (1-based, its record's place among the call's records), their column
    the character in the turn's text (1-based). `turns`: how many turns were checked."""

    path: str
    call_id: str | None
    findings: tuple[Finding, ...] = ()
    errors: tuple[InputError, ...] = ()
    turns: int = 0


@dataclass
class _Call:
    path: str
    call_id: str | None
    utterances: list[Utterance] = field(default_factory=list)
    records: int = 0  # the call's records so far, bad ones included: a record's number is its "line"
    suppressions: list[Suppression] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)


def call_path(source: str, call_id: str | None) -> str:
    """Where the findings of a call are reported: `source#call_id` (`source` for no call id)."""
    return source if call_id is None else f"{source}#{call_id}"


def lint_records(records: Iterable[Mapping[str, Any]], linter: Linter | SharedLinter,
                 source: str = "<transcript>") -> list[CallResult]:
    """The calls of transcript records, in order, each checked as a transcript call is.

    A record is one turn, as a line of a .jsonl transcript holds it: `text`, and `call_id`,
    `role`, `start`, `id`, `lint_ignore` as the reader reads them. Turns of a call are
    contiguous (a call id that comes back later starts a new call, as in a file), so a call
    must not be split between partitions: partition by call (`Bag.groupby`, or files of whole
    calls). A bad record is an error of its call, skipped, as a bad line of a file is."""
    active = linter.linter() if isinstance(linter, SharedLinter) else linter
    return [_check_call(active, call) for call in _calls(records, active, source)]


def _calls(records: Iterable[Mapping[str, Any]], linter: Linter, source: str) -> Iterator[_Call]:
    current: _Call | None = None
    for record in records:
        try:
            if not isinstance(record, Mapping):
                raise InputError(source, "a transcript record must be a mapping (a JSON object)")
            call_id = identifier(source, record.get("call_id"), "'call_id'", None)
        except InputError as error:
            current = current or _Call(source, None)
            current.errors.append(error)
            continue
        if current is None or call_id != current.call_id:
            if current is not None:
                yield current
            current = _Call(call_path(source, call_id), call_id)
        current.records += 1
        turn = current.records
        try:
            utterance = _turn(current.path, record, turn, linter)
            current.suppressions.extend(_suppressions(current.path, record, utterance))
        except InputError as error:
            current.errors.append(error)
            continue
        current.utterances.append(utterance)
    if current is not None:
        yield current


def _turn(path: str, record: Mapping[str, Any], turn: int, linter: Linter) -> Utterance:
    text = record.get("text")
    if not isinstance(text, str):
        raise InputError(path, "a turn needs a string 'text'", turn)
    utterance = turn_utterance(path, record, text, "text", linter.speakers, turn, skip=("call_id", SUPPRESSION_KEY))
    utterance.column = 1
    return utterance


def _suppressions(path: str, record: Mapping[str, Any], utterance: Utterance) -> list[Suppression]:
    """The turn's `lint_ignore` directives, placed at the start of its turn."""
    if record.get(SUPPRESSION_KEY) is None:  # absent, or null where a table has the column for every row
        return []
    line = utterance.line
    return from_value(path, record[SUPPRESSION_KEY], SUPPRESSION_KEY, lambda item: (line, 1, line, 1), (line, line))


def _check_call(linter: Linter, call: _Call) -> CallResult:
    errors = list(call.errors)
    findings: list[Finding] = []
    if call.utterances:
        script = Script(call.path, Kind.TRANSCRIPT, call.utterances, call_id=call.call_id, has_speakers=True,
                        suppressions=call.suppressions)
        errors.extend(_replace_lone_surrogates(script, call.path))
        try:
            findings = linter.check_script(script)
        except InputError as error:  # a user's regex that ran out of time: this call's report is incomplete
            errors.append(error)
    errors.sort(key=lambda error: error.line or 0)
    return CallResult(call.path, call.call_id, tuple(findings), tuple(errors), len(call.utterances))


def calls_result(calls: Sequence[CallResult]) -> LintResult:
    """The calls as one result for `render`, each call a file, in path order."""
    results = [FileResult(call.path, list(call.findings), list(call.errors)) for call in calls]
    return LintResult(sorted(results, key=lambda result: result.path))


# --- one report -------------------------------------------------------------------------------


def render(result: LintResult, settings: Linter | Config | SharedLinter | None = None, output_format: str = "json",
           stream: IO[str] | None = None, *, registry: Registry | None = None, color: bool = False) -> Summary:
    """Write the gathered result in `output_format` (`scriptlint check --format`: json, sarif,
    text ...) with the run's language and masking (`settings`; default: the defaults), as
    `scriptlint check` writes it; returns the summary, whose counts decide an exit code
    (`severity.fails(summary.by_severity, config.fail_on)`, errors first)."""
    if isinstance(settings, (Linter, SharedLinter)):
        linter = settings.linter() if isinstance(settings, SharedLinter) else settings
        config, registry = linter.config, registry or linter.registry
    else:
        config = settings or Config()
    reporter = make_reporter(output_format, stream or sys.stdout, config.lang, config.show_pii, color,
                             rules=(registry or REGISTRY).rules)
    summary = Summary()
    for file_result in result.files:
        reporter.file(file_result)
        summary.add(file_result)
    reporter.finish(summary)
    return summary


__all__ = ["CallResult", "FilePlan", "SharedLinter", "builds_in_this_process", "call_path", "calls_result",
           "gather_files", "lint_files", "lint_records", "plan_files", "render"]
