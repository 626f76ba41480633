"""Command line: a thin layer over `scriptlint.api`."""
from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Annotated, NoReturn, Optional

import typer

from .config import Config, load_config, parse_settings, setting_named
from .model import InputError, Notice, Severity
from .surrogates import printable

if TYPE_CHECKING:
    from .fixes import Fixer

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Compliance linter for Chinese call scripts and AI customer-service replies.")
lexicon_app = typer.Typer(no_args_is_help=True, help="Test and inspect lexicon packs.")
app.add_typer(lexicon_app, name="lexicon")

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
# What a shell reports for a process ended by SIGINT, SIGPIPE and SIGTERM (128 + the signal).
EXIT_INTERRUPTED, EXIT_BROKEN_PIPE, EXIT_TERMINATED = 130, 141, 143


class Terminated(BaseException):
    """SIGTERM, raised in the main thread so that the run unwinds (its workers terminated)
    instead of dying on the spot and leaving them behind. A BaseException, like
    KeyboardInterrupt: no `except Exception` may swallow it."""


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise Terminated


def _robust_streams() -> None:
    """No character may abort the output: a lone surrogate or a character the terminal's
    encoding lacks (PYTHONIOENCODING=ascii) is written as a backslash escape."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="backslashreplace")


def _silence_stdout() -> None:
    """After a broken pipe (`| head`): what is still buffered goes to the null device, so the
    flush at exit raises nothing (the recipe of the Python documentation on SIGPIPE)."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


@contextlib.contextmanager
def _stops_quietly() -> Iterator[None]:
    """Ctrl-C ends a run with exit 130 and one line; a reader that stops reading (`| head`)
    ends it silently with exit 141. Never a traceback."""
    try:
        yield
        sys.stdout.flush()  # here, not at exit: a broken pipe must be seen while it can be handled
    except KeyboardInterrupt:
        sys.stderr.write("scriptlint: interrupted\n")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except BrokenPipeError:
        _silence_stdout()
        raise typer.Exit(EXIT_BROKEN_PIPE) from None


def _fail(message: str) -> typer.Exit:
    typer.echo(f"scriptlint: error: {message}", err=True)
    return typer.Exit(EXIT_ERROR)


def _option(name: str) -> object:
    """A `check` option whose flags and help (with its choices and default) come from the
    settings table, so that they are written once. It goes in `Annotated[...]`; the default is
    the parameter's own."""
    setting = setting_named(name)
    return typer.Option(*setting.flags, help=setting.help("en"), show_default=False)


def _choice(name: str, value: str) -> None:
    """A command-line-only choice (the others are checked by parse_settings)."""
    choices = setting_named(name).allowed()
    if value not in choices:
        raise _fail(f"{setting_named(name).flags[0]}: '{value}' is not one of {', '.join(choices)}")


def _echo_errors(errors: list[InputError], show_pii: bool) -> None:
    from .privacy import mask

    for error in errors:
        shown = str(error) if show_pii else mask(str(error))
        typer.echo(f"scriptlint: error: {printable(shown)}", err=True)


def _split(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def _config(config_path: Path | None, isolated: bool, flags: Mapping[str, object]) -> Config:
    base = load_config(config_path, isolated)
    given = {k: v for k, v in flags.items() if v is not None}
    return base.merged(**parse_settings("command line", given))


@app.command()
def check(
    paths: Annotated[Optional[list[str]], typer.Argument(help="Files or folders to lint; '-' reads standard input.")] = None,
    output_format: Annotated[str, _option("format")] = "text",
    industry: Annotated[Optional[list[str]], _option("industry")] = None,
    channel: Annotated[Optional[str], _option("channel")] = None,
    direction: Annotated[Optional[str], _option("direction")] = None,
    kind: Annotated[Optional[str], _option("kind")] = None,
    speech_rate: Annotated[Optional[float], _option("speech-rate")] = None,
    select: Annotated[Optional[list[str]], _option("select")] = None,
    ignore: Annotated[Optional[list[str]], _option("ignore")] = None,
    fail_on: Annotated[Optional[str], _option("fail-on")] = None,
    lang: Annotated[Optional[str], _option("lang")] = None,
    config: Annotated[Optional[Path], _option("config")] = None,
    isolated: Annotated[bool, _option("isolated")] = False,
    jobs: Annotated[Optional[int], _option("jobs")] = None,
    show_pii: Annotated[bool, _option("show-pii")] = False,
    color: Annotated[Optional[bool], _option("color")] = None,
    fix: Annotated[bool, _option("fix")] = False,
    unsafe_fixes: Annotated[bool, _option("unsafe-fixes")] = False,
    diff: Annotated[bool, _option("diff")] = False,
) -> None:
    """Lint scripts, dialogue flows, transcripts and reply libraries."""
    from .api import Linter
    from .fixes import Fixer
    from .reporters import Summary, make_reporter

    _choice("format", output_format)
    if jobs is not None and jobs < 1:
        raise _fail("--jobs must be at least 1")
    if not paths:
        raise _fail("no paths given (use '-' for standard input)")
    flags = {
        "industry": _split(industry), "channel": channel, "direction": direction, "kind": kind,
        "speech-rate": speech_rate, "select": _split(select), "ignore": _split(ignore),
        "fail-on": fail_on, "lang": lang, "show-pii": True if show_pii else None,
    }
    with _stops_quietly():
        try:
            settings = _config(config, isolated, flags)
            linter = Linter(settings)
        except InputError as error:
            raise _fail(printable(str(error)))

        def notify(notice: Notice) -> None:
            typer.echo(f"scriptlint: warning: {printable(str(notice))}", err=True)

        fixer = Fixer(linter, unsafe_fixes, notify) if fix or diff else None
        if fixer is not None and diff:
            _show_diffs(fixer, paths, jobs, notify)
        reporter = make_reporter(output_format, sys.stdout, settings.lang, settings.show_pii, color)
        summary = Summary()
        # Closed on the way out, whatever the way: the worker processes are terminated with it.
        with contextlib.closing(linter.iter_paths(paths, jobs, notify)) as results:
            for result in fixer.fix_results(results) if fixer is not None else results:
                reporter.file(result)
                summary.add(result)
                _echo_errors(result.errors, settings.show_pii)
        if fixer is not None:
            summary.fixed = fixer.fixed
        reporter.finish(summary)
    if summary.errors:
        raise typer.Exit(EXIT_ERROR)
    threshold = settings.fail_on
    if threshold != "never":
        rank = Severity(threshold).rank
        if any(summary.by_severity[s.value] for s in Severity if s.rank >= rank):
            raise typer.Exit(EXIT_FINDINGS)
    raise typer.Exit(EXIT_OK)


def _show_diffs(fixer: Fixer, paths: list[str], jobs: int | None, notify: Callable[[Notice], None]) -> NoReturn:
    """`--diff`, with ruff's semantics: the fixes as a unified diff on standard output, nothing
    written, no report; exit 1 when there is something to fix (2 on an input error)."""
    errors = 0
    show_pii = fixer.linter.config.show_pii
    with contextlib.closing(fixer.linter.iter_paths(paths, jobs, notify)) as results:
        for result in fixer.diffs(results, sys.stdout, show_pii):
            errors += len(result.errors)
            _echo_errors(result.errors, show_pii)
    sys.stdout.flush()  # here, where a closed pipe is still handled
    typer.echo(fixer.diff_summary(), err=True)
    raise typer.Exit(EXIT_ERROR if errors else EXIT_FINDINGS if fixer.fixed else EXIT_OK)


@app.command()
def rules(
    output_format: Annotated[str, _option("format")] = "text",
    lang: Annotated[str, _option("lang")] = "zh",
) -> None:
    """List every rule."""
    _choice("lang", lang)
    _choice("format", output_format)
    from rich.console import Console
    from rich.table import Table

    from .rules import RULES

    if output_format == "json":
        payload = {"rules": [{"code": r.code, "name": r.name, "category": r.category, "severity": r.severity.value,
                              "scope": r.scope.value, "summary": r.summary(lang)} for r in RULES]}
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    table = Table("code", "category", "severity", "scope", "summary", box=None, pad_edge=False)
    for rule in RULES:
        table.add_row(rule.code, rule.category, rule.severity.value, rule.scope.value, rule.summary(lang))
    Console(highlight=False, soft_wrap=True).print(table)


@app.command()
def explain(code: Annotated[str, typer.Argument(help="A rule code such as SL302.")]) -> None:
    """Print a rule's documentation: what it does, why it matters, example, use instead."""
    from .rules import BY_CODE

    rule = BY_CODE.get(code.strip().upper())
    if rule is None:
        raise _fail(f"unknown rule code '{code}' (see `scriptlint rules`)")
    typer.echo(rule.doc_text())


@app.command()
def init(
    path: Annotated[Path, typer.Argument(help="The config file to write.")] = Path("scriptlint.toml"),
    industry: Annotated[Optional[list[str]], _option("industry")] = None,
    channel: Annotated[Optional[str], _option("channel")] = None,
    direction: Annotated[Optional[str], _option("direction")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite the file if it exists.")] = False,
    lang: Annotated[str, _option("lang")] = "zh",
) -> None:
    """Write a commented starter config for your industry, channel and direction (asked on a
    terminal when not given)."""
    from . import init as starter

    _choice("lang", lang)
    ask = _ask if starter.on_terminal() else None
    try:
        chosen, defaulted = starter.resolve(industry, channel, direction, ask, lang)
        warnings = starter.write_config(path, chosen, force, lang)
    except (ValueError, starter.InitError) as error:
        raise _fail(str(error))
    if defaulted:
        values = ", ".join(f"{key}={getattr(chosen, key) or '[]'}" for key in defaulted)
        typer.echo(f"scriptlint: {starter.MESSAGES['defaults'](lang, values=values)}", err=True)
    for warning in warnings:
        typer.echo(f"scriptlint: warning: {warning}", err=True)
    none = starter.MESSAGES["none"](lang)
    typer.echo(starter.MESSAGES["written"](lang, path=path, industry=", ".join(chosen.industry) or none,
                                           channel=chosen.channel, direction=chosen.direction))


def _ask(question: str, default: str, check: Callable[[str], object]) -> str:
    """Ask on the terminal until the answer passes `check` (its ValueError is shown)."""
    def checked(raw: str) -> str:
        try:
            check(raw.strip())
        except ValueError as error:
            raise typer.BadParameter(str(error)) from None
        return raw.strip()

    answer: str = typer.prompt(question, default=default, value_proc=checked)
    return answer


# Shared by two commands: typer copies a parameter's info before filling it in.
_PACK_FILES = typer.Argument(help="Lexicon TOML files (default: every bundled pack).")


@lexicon_app.command("test")
def lexicon_test(files: Annotated[Optional[list[Path]], _PACK_FILES] = None) -> None:
    """Run every entry's must_match / must_not_match / must_fix examples."""
    from .lexicon import Lexicon, TermEntry, bundled_packs, load_pack

    paths = files or list(bundled_packs().values())
    try:
        packs = [load_pack(p) for p in paths]
        if not any(p.name == "general" for p in packs):
            packs.insert(0, load_pack(bundled_packs()["general"]))
    except InputError as error:
        raise _fail(str(error))
    # Each entry is tested with its own pack selected (and general), as a script of that industry.
    lexicon = Lexicon(packs, always_on=["general", *(p.name for p in packs if files and p.path in map(str, paths))])
    failures = list(lexicon.self_test())
    total = sum(len(e.must_match) + len(e.must_not_match) for p in packs for e in p.entries if p.path in map(str, paths) or not files)
    for entry, example, expected in failures:
        verb = "must match but did not" if expected else "must not match but did"
        typer.echo(f"{entry.source}: {entry.id}: {verb}: {example}")
    # The rewrites of --unsafe-fixes: each must_fix example comes out as written.
    fix_failures = list(lexicon.fix_test())
    for term_entry, example, problem in fix_failures:
        typer.echo(f"{term_entry.source}: {term_entry.id}: must fix: {example}: {problem}")
    total += sum(len(e.must_fix) for p in packs for e in p.entries if isinstance(e, TermEntry)
                 and (p.path in map(str, paths) or not files))
    failed = len(failures) + len(fix_failures)
    typer.echo(f"{total - failed} passed, {failed} failed")
    raise typer.Exit(EXIT_FINDINGS if failed else EXIT_OK)


@lexicon_app.command("check")
def lexicon_check(files: Annotated[Optional[list[Path]], _PACK_FILES] = None) -> None:
    """Report duplicate terms, terms that cannot match after normalization, and short terms
    that sit inside common words without an allow-list."""
    from .lexicon import bundled_packs, load_pack
    from .lexicon.check import check_packs

    paths = files or list(bundled_packs().values())
    try:
        packs = [load_pack(p) for p in paths]
    except InputError as error:
        raise _fail(str(error))
    problems = check_packs(packs)
    for problem in problems:
        typer.echo(problem)
    typer.echo(f"{len(problems)} problem(s) in {sum(len(p.entries) for p in packs)} entries")
    raise typer.Exit(EXIT_FINDINGS if problems else EXIT_OK)


@lexicon_app.command("show")
def lexicon_show(entry_id: Annotated[str, typer.Argument(help="An entry id such as finance.principal-guarantee.")]) -> None:
    """Print one lexicon entry: terms, conditions, citation and examples."""
    from .lexicon import TermEntry, load_lexicon

    entry = next((e for e in load_lexicon().entries if e.id == entry_id), None)
    if entry is None:
        raise _fail(f"no lexicon entry '{entry_id}' (see `scriptlint lexicon list`)")
    term = entry if isinstance(entry, TermEntry) else None  # only a term entry makes findings
    kind = entry.category if isinstance(entry, TermEntry) else f"phrase set {entry.phrase_set}"
    lines = [f"{entry.id} ({kind}, pack {entry.pack}, {entry.source})",
             f"  terms: {', '.join(entry.raw_terms or entry.terms)}"]
    near = entry.near
    for label, value in (("message", term.message if term else None),
                         ("message_en", term.message_en if term else None),
                         ("alternative", term.alternative if term else None),
                         ("replace (--unsafe-fixes)", ", ".join(f"{w} → {r}" for w, r in term.replace) if term else None),
                         ("citation", term.citation if term else None),
                         ("pattern", entry.pattern.pattern if entry.pattern else None),
                         ("near", f"{', '.join(near.raw_objects)} ({near.side}, within {near.window})" if near else None),
                         ("requires", ", ".join(r.pattern for r in entry.requires)),
                         ("unless", ", ".join(r.pattern for r in entry.unless)),
                         ("allow", ", ".join(entry.allow))):
        if value:
            lines.append(f"  {label}: {value}")
    lines.append(f"  negatable: {str(entry.negatable).lower()}, confirm: {str(entry.confirm).lower()}")
    lines.extend(f"  must match: {e}" for e in entry.must_match)
    lines.extend(f"  must not match: {e}" for e in entry.must_not_match)
    typer.echo("\n".join(lines))


@lexicon_app.command("list")
def lexicon_list() -> None:
    """List the bundled packs."""
    from .lexicon import bundled_packs, load_pack

    for name, path in bundled_packs().items():
        pack = load_pack(path)
        typer.echo(f"{name:<12} {len(pack.entries):>4} entries  {pack.title}  {pack.description}")


def main() -> None:
    _robust_streams()
    with contextlib.suppress(ValueError):  # not in the main thread: keep the default
        signal.signal(signal.SIGTERM, _terminate)
    try:
        app(prog_name="scriptlint", standalone_mode=True)
    except KeyboardInterrupt:
        sys.stderr.write("scriptlint: interrupted\n")
        sys.exit(EXIT_INTERRUPTED)
    except Terminated:
        sys.stderr.write("scriptlint: terminated\n")
        sys.exit(EXIT_TERMINATED)
    except SystemExit:
        raise
    except Exception as exc:  # broad on purpose: exit 2, never 1 (which means "findings")
        if os.environ.get("SCRIPTLINT_DEBUG"):
            raise
        sys.stderr.write(f"scriptlint: internal error: {type(exc).__name__}: {exc} "
                         "(please report it; SCRIPTLINT_DEBUG=1 shows the traceback)\n")
        sys.exit(EXIT_ERROR)


if __name__ == "__main__":
    main()
