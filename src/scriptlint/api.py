"""The Python API. The CLI is a thin layer over it; a bot can lint a reply before sending it:

    from scriptlint import Linter
    linter = Linter()                      # build once: lexicons compile here
    findings = linter.check_text("保证24小时内到账")
"""
from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable, Generator, Iterable, Iterator
from typing import Any

from .config import Config, ConfigError
from .discovery import NoticeSink, discover
from .engine import PackLines, ScriptRun
from .lexicon import Lexicon, load_lexicon
from .model import (
    BOT,
    FileResult,
    Finding,
    InputError,
    Kind,
    LintResult,
    Notice,
    Script,
    SourceFile,
    Utterance,
    canonical_role,
)
from .readers import STDIN, Speakers, read_scripts
from .readers.text import read_text
from .rules import REGISTRY, Registry, Rule
from .severity import apply_overrides, switched_off
from .suppressions import SuppressionPass
from .surrogates import LONE_SURROGATE


class Linter:
    """Build once from a Config; check text, files or folders as often as needed."""

    def __init__(self, config: Config | None = None, lexicon: Lexicon | None = None,
                 registry: Registry | None = None) -> None:
        self.config = config or Config()
        # The bundled rules, or a registry with a team's own declarations added (docs/adding-a-rule.md).
        self.registry = registry or REGISTRY
        self.lexicon = lexicon or load_lexicon(self.config.lexicons, self.config.allow)
        self.speakers = Speakers.with_extra(self.config.bot_markers, self.config.customer_markers)
        # Rules whose configured severity is `off` do not run at all.
        self._switched_off = switched_off(self.config.severity, self.registry.rules)

    def warm_up(self) -> None:
        """Load what is otherwise loaded on first use: the segmenter, folding and t2s tables, and
        the lexicon's sentence regexes (about 0.2 s for the bundled packs). Called before worker
        processes fork, which then share them instead of each compiling its own, and by the
        runtime guard, whose first replies then pay for no compilation."""
        from .normalize import normalize

        normalize("繁體 ＡＩ")
        _ = self.lexicon.confirmer.segmenter
        for entry in self.lexicon.entries:
            for regex in entry.regexes:
                regex.compiled()

    def enabled_rules(self, path: str) -> tuple[Rule, ...]:
        """The rules that run on `path`: decided before any work, from select, ignore and
        per-file-ignores (inline suppressions are the only filter after checking)."""
        ignore = self.config.ignore + self.config.ignored_for(path) if self.config.per_file_ignores else self.config.ignore
        ignore += self._switched_off
        return self.registry.select(self.config.select, ignore)

    def _check(self, script: Script, path: str, requested_kind: Kind | None = None,
               hints: PackLines | None = None) -> list[Finding]:
        return _ScriptCheck(self, script, path, requested_kind).check(script, hints)

    def check_script(self, script: Script, kind: str | Kind | None = None) -> list[Finding]:
        """Findings of one script; `kind`, when given, is the kind it is checked as, whatever
        the config and its declaration say."""
        requested = _kind(kind, script.path) if kind is not None else None
        return self._check(script, script.path, requested)

    def check_text(self, text: str, kind: str | Kind | None = None, role: str = BOT,
                   path: str = "<text>") -> list[Finding]:
        """Lint text in memory.

        kind="replies": the text is one standalone reply said by `role`: "bot" or "customer",
        or an alias (assistant, agent, AI, 机器人, 客服; user, client, 客户, 用户), in any case,
        full-width or Traditional; anything else is a ValueError that lists them.
        kind="script" or "transcript": the text is a script, one utterance per line, with
        speaker markers and the whole-script rules.
        kind=None (default): the config's `kind` when it sets one, else "replies".
        A kind given here wins over the config's and over the text's own declaration.
        """
        speaker = canonical_role(role)  # checked whatever the kind: a typo is never ignored
        requested = _kind(kind, path) if kind is not None else None
        effective = requested or (Kind(self.config.kind) if self.config.kind else Kind.REPLIES)
        if effective is Kind.REPLIES:
            script = Script(path, Kind.REPLIES, [Utterance(text, speaker)])
        else:
            script = read_text(SourceFile(path), text, self.speakers)
        return self._check(script, path, requested)

    def stream_file(self, path: str, batch: int = 1000, stdin_name: str | None = None) -> Iterator[FileResult]:
        """Results of one file in parts, in order, so a large file never sits in memory whole;
        the last part has `complete=True`. Scripts of a file come in line order, so the parts are
        in path, line, column order too, but for one thing: a script too long to be checked
        whole comes in windows, and its whole-script findings (a missing disclosure, reported on
        its first bot line) come with its last window. Each part's `hints` holds the lines of its
        scripts where an industry pack not selected for them would have matched. Standard input
        (`-`) is read as a file named `stdin_name` would be, and reported under that name."""
        name = path if path != STDIN else stdin_name or "<stdin>"
        part = FileResult(name, complete=False)
        try:
            # The sink must follow the current part (late binding on purpose): a part already reported is done.
            sink = lambda error: part.errors.append(error)
            run: _ScriptCheck | None = None
            for script in read_scripts(path, self.speakers, sink, self.config.encoding, stdin_name):
                part.errors.extend(_replace_lone_surrogates(script, name))
                if script.window == 0 or run is None:
                    run = _ScriptCheck(self, script, name)
                part.findings.extend(run.check(script, part.hints))
                if len(part.findings) >= batch:
                    yield part
                    part = FileResult(name, complete=False)
        except InputError as error:
            part.errors.append(error)
        except Exception as exc:  # broad on purpose: a bug must not cost the other files their report
            if os.environ.get("SCRIPTLINT_DEBUG"):
                raise
            part.errors.append(InputError(name, f"internal error while checking this file: {type(exc).__name__}: "
                                                f"{exc} (please report it; SCRIPTLINT_DEBUG=1 shows the traceback)"))
        part.errors.sort(key=lambda e: e.line or 0)
        part.complete = True
        yield part

    def check_file(self, path: str, stdin_name: str | None = None) -> FileResult:
        """All results of one file at once."""
        whole = FileResult(path if path != STDIN else stdin_name or "<stdin>")
        for part in self.stream_file(path, stdin_name=stdin_name):
            whole.findings.extend(part.findings)
            whole.errors.extend(part.errors)
            for pack, lines in part.hints.items():
                whole.hints.setdefault(pack, set()).update(lines)
        whole.findings.sort(key=Finding.sort_key)
        whole.errors.sort(key=lambda e: e.line or 0)
        return whole

    def check_paths(self, paths: Iterable[str], jobs: int | None = 1) -> LintResult:
        """Every file of `paths` (folders searched, as the config's exclude, include and
        respect-gitignore say), whole; the walk's notices (symbolic link loops, folders with
        nothing to lint, files left out) are in `LintResult.notices`."""
        notices: list[Notice] = []
        return LintResult(joined(self.iter_paths(paths, jobs, notices.append)), notices)

    def iter_paths(self, paths: Iterable[str], jobs: int | None = 1,
                   on_notice: NoticeSink | None = None) -> Generator[FileResult, None, None]:
        """Results in path order; see `lint_targets`. A folder that cannot be listed is a result
        with its error; the walk's notices go to `on_notice`."""
        unlistable: list[InputError] = []
        found = discover(paths, unlistable.append, on_notice, lambda folder: self.config)
        yield from lint_targets(in_order([(path, self) for path in found], unlistable), jobs)


# A file to lint with the Linter of its config, or a folder that could not be listed.
Target = tuple[str, Linter] | InputError


def joined(parts: Iterable[FileResult]) -> list[FileResult]:
    """Results whole: the parts of each file joined, in the order the files came."""
    files: dict[str, FileResult] = {}
    for part in parts:
        whole = files.setdefault(part.path, FileResult(part.path))
        whole.findings.extend(part.findings)
        whole.errors.extend(part.errors)
        for pack, lines in part.hints.items():
            whole.hints.setdefault(pack, set()).update(lines)
    for whole in files.values():
        whole.findings.sort(key=Finding.sort_key)
        whole.errors.sort(key=lambda e: e.line or 0)
    return list(files.values())


def in_order(found: Iterable[tuple[str, Linter]], unlistable: Iterable[InputError]) -> list[Target]:
    """The files to lint, each once, and the folders that could not be listed, in path order
    (`-` last), whatever order the arguments came in."""
    unique: dict[str, tuple[str, Linter]] = {}
    for path, linter in found:
        key = path if path == STDIN else os.path.normpath(os.path.abspath(path))
        unique.setdefault(key, (path, linter))
    targets: list[Target] = [*unique.values(), *unlistable]
    return sorted(targets, key=lambda t: _order_key(t[0] if isinstance(t, tuple) else t.path))


class _ScriptCheck:
    """One script's check, which may come in windows: the rules (engine.ScriptRun), then, as
    ruff's noqa pass, the suppression directives marking what they silence, then the
    configured severities."""

    def __init__(self, linter: Linter, first: Script, path: str, requested_kind: Kind | None = None) -> None:
        enabled = linter.enabled_rules(path)
        self.severity = linter.config.severity
        self.rules = ScriptRun(first, linter.config, linter.lexicon, enabled, requested_kind)
        self.suppressions = SuppressionPass(first.path, enabled, linter.registry, linter.config)

    def check(self, window: Script, hints: PackLines | None = None) -> list[Finding]:
        findings = self.rules.check(window, hints)
        findings = self.suppressions.apply(window.suppressions, findings, last=not window.more)
        findings = apply_overrides(findings, self.severity)
        findings.sort(key=Finding.sort_key)
        return findings


def lint_targets(targets: list[Target], jobs: int | None = 1, stdin_name: str | None = None,
                 prepare: Callable[[FileResult], FileResult] | None = None) -> Generator[FileResult, None, None]:
    """Results in the order of `targets`: one process streams each file in parts; with jobs > 1
    (None: every core) files run in parallel processes and come back whole. Every Linter is
    built, its lexicon compiled, before the workers fork, so none compiles one again.

    The workers ignore SIGINT (Ctrl-C reaches the whole process group: the parent decides)
    and are terminated when the parent stops, however it stops: close the iterator (or let
    an exception pass through it) and none is left behind. `prepare` is applied to each result
    in its worker (the report's rendering, reporters.Preparer): not when one process runs."""
    files = [t for t in targets if isinstance(t, tuple)]
    workers = min(jobs or os.cpu_count() or 1, len(files))
    if workers <= 1 or any(path == STDIN for path, _ in files) or not _can_fork():
        for target in targets:
            if isinstance(target, tuple):
                yield from target[1].stream_file(target[0], stdin_name=stdin_name)
            else:
                yield FileResult(target.path, errors=[target])
        return
    import multiprocessing

    global _WORKER_LINTERS, _WORKER_PREPARE
    linters = list({id(linter): linter for _, linter in files}.values())
    number = {id(linter): index for index, linter in enumerate(linters)}
    _WORKER_LINTERS = linters  # inherited by the forked workers: no recompilation
    _WORKER_PREPARE = prepare
    for linter in linters:
        linter.warm_up()  # load the lazy tables once here, shared copy-on-write, not once per worker
    context = multiprocessing.get_context("fork")
    pool = _new_pool(context, workers)
    try:
        # Files differ in size a hundredfold: chunks of many files left one worker busy with the
        # last chunk while the other waited (a tenth of a 2 M-character run). A chunk of a few
        # files costs one round trip (well under a millisecond) and keeps the workers even; with
        # many thousands of files, chunks grow to 16 to spare the round trips.
        tasks = [(path, number[id(linter)]) for path, linter in files]
        results = pool.imap(_check_in_worker, tasks, chunksize=max(1, min(16, len(files) // (workers * 256))))
        for target in targets:
            yield next(results) if isinstance(target, tuple) else FileResult(target.path, errors=[target])
    finally:
        pool.terminate()
        pool.join()


_WORKER_LINTERS: list[Linter] = []
_WORKER_PREPARE: Callable[[FileResult], FileResult] | None = None


def _kind(value: str | Kind, path: str) -> Kind:
    try:
        return Kind(value)
    except ValueError:
        kinds = ", ".join(k.value for k in Kind)
        raise ConfigError(path, f"kind: '{value}' is not one of {kinds}", key="kind") from None


def _order_key(path: str) -> tuple[bool, str]:
    return path == STDIN, os.path.normpath(path)


def _replace_lone_surrogates(script: Script, path: str) -> list[InputError]:
    """A lone surrogate (a JSON escape such as "\\ud800") is no character: each becomes U+FFFD,
    one for one so every position holds, and is reported with its line. Left in, it would
    abort the output of the whole run when written."""
    errors: list[InputError] = []
    for utterance in script.utterances:
        found = LONE_SURROGATE.search(utterance.text)
        if found is not None:
            line = utterance.locate(found.start())[0]
            errors.append(InputError(path, f"lone surrogate \\u{ord(found.group()):04x} in the text (not a character); "
                                           "read as U+FFFD", line))
            utterance.text = LONE_SURROGATE.sub("\ufffd", utterance.text)
    return errors


def _can_fork() -> bool:
    """Whether worker processes may be forked: not where fork is missing, and not from a process
    running other threads (a Dask client's, a server's), whose locks a forked child inherits
    held: such a run lints in one process instead."""
    import multiprocessing
    import threading

    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _new_pool(context: Any, workers: int) -> Any:
    """A pool whose workers are forked with Ctrl-C ignored and SIGTERM at its default action:
    a signal that arrives while a worker is still starting (a short run's terminate(), a
    Ctrl-C) must not run a handler the parent installed, which would print a traceback."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        return context.Pool(workers, initializer=_start_worker, initargs=(os.getpid(),))
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN), signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        return context.Pool(workers, initializer=_start_worker, initargs=(os.getpid(),))
    finally:
        signal.signal(signal.SIGINT, previous[0])
        signal.signal(signal.SIGTERM, previous[1])


def _start_worker(parent: int) -> None:
    """Ctrl-C reaches every process of the group: a worker ignores it, the parent stops and
    terminates the pool. SIGTERM (what terminate() sends) gets its default action back, in case
    the parent installed a handler that a fork copied. On Linux, a worker also dies with its
    parent, even one killed with SIGKILL."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            set_parent_death_signal = 1  # PR_SET_PDEATHSIG
            ctypes.CDLL(None, use_errno=True).prctl(set_parent_death_signal, signal.SIGTERM, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)


def _check_in_worker(task: tuple[str, int]) -> FileResult:
    path, linter = task
    result = _WORKER_LINTERS[linter].check_file(path)
    return _WORKER_PREPARE(result) if _WORKER_PREPARE is not None else result


__all__ = ["FileResult", "LintResult", "Linter", "Notice", "Target", "discover", "in_order", "joined", "lint_targets"]
