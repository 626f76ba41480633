"""The Python API. The CLI is a thin layer over it; a bot can lint a reply before sending it:

    from scriptlint import Linter
    linter = Linter()                      # build once: lexicons compile here
    findings = linter.check_text("保证24小时内到账")
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from .config import Config, ConfigError
from .engine import PackLines, ScriptRun, check_script
from .lexicon import Lexicon, load_lexicon
from .model import BOT, FileResult, Finding, InputError, Kind, LintResult, Script, SourceFile, Utterance, canonical_role
from .readers import EXTENSIONS, STDIN, Speakers, read_scripts
from .readers.text import read_text
from .rules import REGISTRY, Registry, Rule


def discover(paths: Iterable[str]) -> Iterator[str]:
    """Files to lint: directories recursed (known extensions, hidden folders skipped); a named
    file is read whatever its extension; `-` is standard input. Missing paths are yielded too,
    so the reader reports them."""
    for raw in paths:
        if raw == STDIN:
            yield raw
            continue
        path = Path(raw)
        if path.is_dir():
            found: list[str] = []
            for folder, subfolders, files in os.walk(path):
                subfolders[:] = sorted(d for d in subfolders if not d.startswith(".") and d not in ("node_modules", "__pycache__"))
                for name in files:
                    if not name.startswith(".") and Path(name).suffix.lower() in EXTENSIONS:
                        found.append(os.path.join(folder, name))
            yield from sorted(found)
        else:
            yield raw


class Linter:
    """Build once from a Config; check text, files or folders as often as needed."""

    def __init__(self, config: Config | None = None, lexicon: Lexicon | None = None,
                 registry: Registry | None = None) -> None:
        self.config = config or Config()
        # The bundled rules, or a registry with a team's own declarations added (docs/adding-a-rule.md).
        self.registry = registry or REGISTRY
        self.lexicon = lexicon or load_lexicon(self.config.lexicons, self.config.allow)
        self.speakers = Speakers.with_extra(self.config.bot_markers, self.config.customer_markers)

    def warm_up(self) -> None:
        """Load what is otherwise loaded on first use: the segmenter, folding and t2s tables."""
        from .normalize import normalize

        normalize("繁體 ＡＩ")
        _ = self.lexicon.confirmer.segmenter

    def enabled_rules(self, path: str) -> tuple[Rule, ...]:
        """The rules that run on `path`: decided before any work, from select, ignore and
        per-file-ignores (inline suppressions are the only filter after checking)."""
        ignore = self.config.ignore + self.config.ignored_for(path) if self.config.per_file_ignores else self.config.ignore
        return self.registry.select(self.config.select, ignore)

    def _check(self, script: Script, path: str, requested_kind: Kind | None = None,
               hints: PackLines | None = None) -> list[Finding]:
        findings = check_script(script, self.config, self.lexicon, self.enabled_rules(path), requested_kind, hints)
        findings.sort(key=Finding.sort_key)
        return findings

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

    def stream_file(self, path: str, batch: int = 1000) -> Iterator[FileResult]:
        """Results of one file in parts, in order, so a large file never sits in memory whole;
        the last part has `complete=True`. Scripts of a file come in line order, so the parts are
        in path, line, column order too, but for one thing: a script too long to be checked
        whole comes in windows, and its whole-script findings (a missing disclosure, reported on
        its first bot line) come with its last window. Each part's `hints` holds the lines of its
        scripts where an industry pack not selected for them would have matched."""
        name = path if path != STDIN else "<stdin>"
        part = FileResult(name, complete=False)
        try:
            # The sink must follow the current part (late binding on purpose): a part already reported is done.
            run: ScriptRun | None = None
            for script in read_scripts(path, self.speakers, lambda error: part.errors.append(error)):  # noqa: B023
                if script.window == 0 or run is None:
                    run = ScriptRun(script, self.config, self.lexicon, self.enabled_rules(name))
                findings = run.check(script, part.hints)
                findings.sort(key=Finding.sort_key)
                part.findings.extend(findings)
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

    def check_file(self, path: str) -> FileResult:
        """All results of one file at once."""
        whole = FileResult(path if path != STDIN else "<stdin>")
        for part in self.stream_file(path):
            whole.findings.extend(part.findings)
            whole.errors.extend(part.errors)
            for pack, lines in part.hints.items():
                whole.hints.setdefault(pack, set()).update(lines)
        whole.findings.sort(key=Finding.sort_key)
        whole.errors.sort(key=lambda e: e.line or 0)
        return whole

    def check_paths(self, paths: Iterable[str], jobs: int | None = 1) -> LintResult:
        return LintResult([self.check_file(p) for p in _ordered(discover(paths))] if jobs == 1 else
                          list(self.iter_paths(paths, jobs)))

    def iter_paths(self, paths: Iterable[str], jobs: int | None = 1) -> Iterator[FileResult]:
        """Results in path order: one process streams each file in parts; with jobs > 1 (None:
        every core) files run in parallel processes, each with the lexicon compiled once, and
        come back whole."""
        files = _ordered(discover(paths))
        workers = min(jobs or os.cpu_count() or 1, len(files))
        if workers <= 1 or STDIN in files or not _can_fork():
            for path in files:
                yield from self.stream_file(path)
            return
        import multiprocessing

        global _WORKER_LINTER
        _WORKER_LINTER = self  # inherited by the forked workers: no recompilation
        self.warm_up()  # load the lazy tables once here, shared copy-on-write, not once per worker
        context = multiprocessing.get_context("fork")
        with context.Pool(workers) as pool:
            # Small chunks keep results in order without a round trip per file.
            yield from pool.imap(_check_in_worker, files, chunksize=max(1, min(16, len(files) // (workers * 8))))


_WORKER_LINTER: Linter | None = None


def _kind(value: str | Kind, path: str) -> Kind:
    try:
        return Kind(value)
    except ValueError:
        kinds = ", ".join(k.value for k in Kind)
        raise ConfigError(path, f"kind: '{value}' is not one of {kinds}", key="kind") from None


def _ordered(found: Iterable[str]) -> list[str]:
    """Each file once, in path order, whatever order the arguments came in (`-` stays last)."""
    unique: dict[str, str] = {}
    for path in found:
        key = path if path == STDIN else os.path.normpath(os.path.abspath(path))
        unique.setdefault(key, path)
    return sorted(unique.values(), key=lambda p: (p == STDIN, os.path.normpath(p)))


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def _check_in_worker(path: str) -> FileResult:
    assert _WORKER_LINTER is not None
    return _WORKER_LINTER.check_file(path)


__all__ = ["FileResult", "LintResult", "Linter", "discover"]
