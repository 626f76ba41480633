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

from .config import parse_settings, setting_named
from .model import InputError, Notice
from .surrogates import printable

if TYPE_CHECKING:
    from .api import Linter, Target
    from .fixes import Fixer
    from .workspace import Workspace

# -h works like --help on every command (subcommands inherit the context settings).
def _new_app() -> typer.Typer:
    return typer.Typer(add_completion=False, no_args_is_help=True, context_settings={"help_option_names": ["-h", "--help"]},
                       help="Compliance linter for Chinese call scripts and AI customer-service replies.")


app = _new_app()
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


_interrupted = False


def _interrupt(signum: int, frame: FrameType | None) -> None:
    """Ctrl-C. The flag is seen between files even when the KeyboardInterrupt lands in a
    `__del__` or a finalizer, where Python prints and drops it."""
    global _interrupted
    _interrupted = True
    raise KeyboardInterrupt


def _interrupt_requested() -> bool:
    return _interrupted


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


def _print_version(value: bool) -> None:
    if value:
        from .meta import package_version

        typer.echo(f"scriptlint {package_version()}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _main(
    version: Annotated[Optional[bool], typer.Option("--version", "-V", callback=_print_version, is_eager=True,
                                                    help="Print the version and exit.")] = None,
) -> None:
    """Compliance linter for Chinese call scripts and AI customer-service replies."""


def _fail(message: str) -> typer.Exit:
    from .privacy import mask

    # A bad value is echoed back; it may be a number pasted by mistake (--show-pii is not known yet).
    typer.echo(f"scriptlint: error: {mask(message)}", err=True)
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




def _lint_flags(*, industry: list[str] | None, channel: str | None, direction: str | None, kind: str | None,
                encoding: str | None, speech_rate: float | None, select: list[str] | None, ignore: list[str] | None,
                fail_on: str | None, lang: str | None, show_pii: bool) -> dict[str, object]:
    """The settings flags of `check` and `report`, keyed as the settings table names them (None: not given)."""
    return {"industry": industry, "channel": channel, "direction": direction, "kind": kind, "encoding": encoding,
            "speech-rate": speech_rate, "select": select, "ignore": ignore, "fail-on": fail_on, "lang": lang,
            "show-pii": True if show_pii else None}


def _linter(config_path: Path | None, isolated: bool, flags: Mapping[str, object], paths: list[str]) -> Linter:
    """The linter of the config found for `paths` (as `check` finds the run's) and the flags; a
    bad setting ends the run with exit 2."""
    from .workspace import Workspace

    try:
        given = {k: v for k, v in flags.items() if v is not None}
        workspace = Workspace(config_path, isolated, parse_settings("command line", given))
        return workspace.linter(workspace.run_config(paths))
    except InputError as error:
        raise _fail(printable(str(error))) from None


@app.command()
def check(
    paths: Annotated[Optional[list[str]], typer.Argument(help="Files or folders to lint; '-' reads standard input.")] = None,
    output_format: Annotated[str, _option("format")] = "text",
    industry: Annotated[Optional[list[str]], _option("industry")] = None,
    channel: Annotated[Optional[str], _option("channel")] = None,
    direction: Annotated[Optional[str], _option("direction")] = None,
    kind: Annotated[Optional[str], _option("kind")] = None,
    encoding: Annotated[Optional[str], _option("encoding")] = None,
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
    output_file: Annotated[Optional[Path], _option("output-file")] = None,
    statistics: Annotated[bool, _option("statistics")] = False,
    exit_zero: Annotated[bool, _option("exit-zero")] = False,
    force_exclude: Annotated[bool, _option("force-exclude")] = False,
    stdin_filename: Annotated[Optional[str], _option("stdin-filename")] = None,
    verbose: Annotated[bool, _option("verbose")] = False,
    baseline: Annotated[Optional[str], _option("baseline")] = None,
    write_baseline: Annotated[Optional[str], _option("write-baseline")] = None,
    fix: Annotated[bool, _option("fix")] = False,
    unsafe_fixes: Annotated[bool, _option("unsafe-fixes")] = False,
    diff: Annotated[bool, _option("diff")] = False,
) -> None:
    """Lint scripts, dialogue flows, transcripts and reply libraries."""
    from .baseline import BaselineRun, recorded_note
    from .discovery import NO_FILES, NothingToLint, Skipped
    from .report import lint_and_report
    from .reporters import Summary, statistics_problem
    from .reporters.destination import output_problem
    from .severity import fails
    from .workspace import Workspace

    _choice("format", output_format)
    if statistics and (problem := statistics_problem(output_format)):
        raise _fail(problem)
    if output_file is not None and (problem := output_problem(output_file)):
        raise _fail(problem)
    if jobs is not None and jobs < 1:
        raise _fail("--jobs must be at least 1")
    if not paths and stdin_filename:
        paths = ["-"]  # as ruff: a name for standard input says what to read
    if not paths:
        raise _fail("no paths given (use '-' for standard input)")
    flags = _lint_flags(industry=_split(industry), channel=channel, direction=direction, kind=kind, encoding=encoding,
                        speech_rate=speech_rate, select=_split(select), ignore=_split(ignore), fail_on=fail_on,
                        lang=lang, show_pii=show_pii)
    flags |= {"baseline": baseline, "force-exclude": True if force_exclude else None}
    if verbose:
        from .compiled import ENGINE

        typer.echo(f"scriptlint: engine: {ENGINE}", err=True)
    with _stops_quietly():
        nothing: list[NothingToLint] = []

        def notify(notice: Notice) -> None:
            if isinstance(notice, NothingToLint):
                nothing.append(notice)
            elif not isinstance(notice, Skipped):
                typer.echo(f"scriptlint: warning: {printable(str(notice))}", err=True)
            elif verbose:
                typer.echo(f"scriptlint: skipped: {printable(str(notice))}", err=True)

        try:
            given = {k: v for k, v in flags.items() if v is not None}
            # Each file gets the config of its own folder (workspace.py); the run's own settings
            # (language, masking, --fail-on) come from the folder that holds every path named.
            workspace = Workspace(config, isolated, parse_settings("command line", given), stdin_filename)
            settings = workspace.run_config(paths)
            # The walk, and every config it meets, before any output: no half-written report.
            targets = workspace.plan(paths, notify)
            baselines = BaselineRun.start(settings.baseline, write_baseline, workspace.enabled_codes)
        except InputError as error:
            raise _fail(printable(str(error)))
        if nothing:
            # As eslint: in CI an empty match is a wrong path far more often than an intended one,
            # and a compliance gate must not pass on nothing.
            raise _fail(f"{NO_FILES[settings.lang]}: {printable(nothing[0].path)}")
        fixer = None
        if fix or diff:
            from .fixes import Fixer  # here: most runs fix nothing, and the module costs start-up

            fixer = Fixer(lambda path: workspace.linter(workspace.config_of(path)), settings.lang, unsafe_fixes, notify)
        if fixer is not None and diff:
            _show_diffs(fixer, workspace, targets, jobs, settings.show_pii)
        recorded: list[int] = []

        def before_finish(summary: Summary) -> None:
            try:
                count, removable = baselines.finish()
            except OSError as exc:
                raise _fail(f"cannot write the baseline {write_baseline}: {exc.strerror or exc}") from None
            summary.removable = [entry.to_dict() for entry in removable]
            recorded.append(count)
            if fixer is not None:
                summary.fixed = fixer.fixed

        summary = lint_and_report(workspace, targets, settings, jobs, output_format, color=color,
                                  output_file=output_file, statistics=statistics,
                                  stop_requested=_interrupt_requested,
                                  # Only a run with a baseline marks results: others let the workers render them.
                                  each=baselines.mark if baselines.active else None,
                                  before_finish=before_finish,
                                  transform=fixer.fix_results if fixer is not None else None)
        if write_baseline:
            typer.echo(f"scriptlint: {printable(recorded_note(recorded[0], write_baseline, settings.lang))}", err=True)
    if summary.errors:
        raise typer.Exit(EXIT_ERROR)
    if not exit_zero and fails(summary.by_severity, settings.fail_on):
        raise typer.Exit(EXIT_FINDINGS)
    raise typer.Exit(EXIT_OK)


def _show_diffs(fixer: Fixer, workspace: Workspace, targets: list[Target], jobs: int | None, show_pii: bool) -> NoReturn:
    """`--diff`, with ruff's semantics: the fixes as a unified diff on standard output, nothing
    written, no report; exit 1 when there is something to fix (2 on an input error)."""
    errors = 0
    with contextlib.closing(workspace.lint(targets, jobs)) as results:
        for result in fixer.diffs(results, sys.stdout, show_pii):
            errors += len(result.errors)
            _echo_errors(result.errors, show_pii)
    sys.stdout.flush()  # here, where a closed pipe is still handled
    typer.echo(fixer.diff_summary(), err=True)
    raise typer.Exit(EXIT_ERROR if errors else EXIT_FINDINGS if fixer.fixed else EXIT_OK)


def _report_date(value: str | None) -> str:
    """--date as YYYY-MM-DD; today when not given (pin it for a reproducible report)."""
    import datetime

    if value is None:
        return datetime.date.today().isoformat()
    try:
        return datetime.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise _fail(f"--date: '{value}' is not a date (YYYY-MM-DD)") from None


@app.command()
def report(
    paths: Annotated[Optional[list[str]], typer.Argument(help="Files or folders to check and report on.")] = None,
    output_file: Annotated[Optional[Path], _option("output-file")] = None,
    output_format: Annotated[Optional[str], typer.Option(
        "--format", "-f", help="html, markdown or json. Default: from the --output-file suffix (.html, .md, .json), "
                               "else html.")] = None,
    title: Annotated[Optional[str], typer.Option("--title", help="The report's title.")] = None,
    date: Annotated[Optional[str], typer.Option("--date", help="The report's date, YYYY-MM-DD (pinned: the same "
                                                               "inputs give the same bytes). Default: today.")] = None,
    reviewer: Annotated[Optional[str], typer.Option("--reviewer", help="Who signs the report.")] = None,
    role: Annotated[Optional[str], typer.Option("--role", help="The reviewer's role.")] = None,
    industry: Annotated[Optional[list[str]], _option("industry")] = None,
    channel: Annotated[Optional[str], _option("channel")] = None,
    direction: Annotated[Optional[str], _option("direction")] = None,
    kind: Annotated[Optional[str], _option("kind")] = None,
    encoding: Annotated[Optional[str], _option("encoding")] = None,
    speech_rate: Annotated[Optional[float], _option("speech-rate")] = None,
    select: Annotated[Optional[list[str]], _option("select")] = None,
    ignore: Annotated[Optional[list[str]], _option("ignore")] = None,
    fail_on: Annotated[Optional[str], _option("fail-on")] = None,
    lang: Annotated[Optional[str], _option("lang")] = None,
    config: Annotated[Optional[Path], _option("config")] = None,
    isolated: Annotated[bool, _option("isolated")] = False,
    jobs: Annotated[Optional[int], _option("jobs")] = None,
    show_pii: Annotated[bool, _option("show-pii")] = False,
    exit_zero: Annotated[bool, _option("exit-zero")] = False,
) -> None:
    """Write the sign-off report: verdict, findings with evidence, inputs' SHA-256, a place to sign."""
    from .reporters.destination import atomic_text_file, output_problem
    from .signoff import REPORT_FORMATS, ReportOptions, build_report, format_for, render

    chosen = format_for(str(output_file) if output_file is not None else None, output_format)
    if chosen not in REPORT_FORMATS:
        raise _fail(f"--format: '{chosen}' is not one of {', '.join(REPORT_FORMATS)}")
    if output_file is not None and (problem := output_problem(output_file)):
        raise _fail(problem)
    if jobs is not None and jobs < 1:
        raise _fail("--jobs must be at least 1")
    if not paths:
        raise _fail("no paths given")
    options = ReportOptions(date=_report_date(date), title=title, reviewer=reviewer, role=role)
    flags = _lint_flags(industry=_split(industry), channel=channel, direction=direction, kind=kind, encoding=encoding,
                        speech_rate=speech_rate, select=_split(select), ignore=_split(ignore), fail_on=fail_on,
                        lang=lang, show_pii=show_pii)
    with _stops_quietly():
        linter = _linter(config, isolated, flags, paths)
        try:
            made = build_report(linter, paths, jobs, options, stop_requested=_interrupt_requested)
        except InputError as error:
            raise _fail(printable(str(error)))
        text = render(made, chosen)
        if output_file is None:
            sys.stdout.write(text)
        else:
            with atomic_text_file(output_file) as stream:
                stream.write(text)
        for section in made.files:
            for problem in section.errors:
                typer.echo(f"scriptlint: error: {problem}", err=True)
    if made.errors:
        raise typer.Exit(EXIT_ERROR)
    if not exit_zero and not made.passed:
        raise typer.Exit(EXIT_FINDINGS)
    raise typer.Exit(EXIT_OK)


RULE_LIST_FORMATS = ("text", "json")
RULE_TABLE_HEADINGS = {"zh": ("代码", "类别", "级别", "范围", "说明"), "en": ("code", "category", "severity", "scope", "summary")}


@app.command()
def rules(
    output_format: Annotated[str, typer.Option("--format", "-f", help="text or json. Default: text.")] = "text",
    lang: Annotated[str, _option("lang")] = "zh",
) -> None:
    """List every rule (in Chinese; --lang en for English)."""
    _choice("lang", lang)
    if output_format not in RULE_LIST_FORMATS:
        raise _fail(f"--format: '{output_format}' is not one of {', '.join(RULE_LIST_FORMATS)}")
    from rich.console import Console
    from rich.table import Table

    from .model import category_name
    from .rules import RULES
    from .rules.base import scope_name

    if output_format == "json":
        payload = {"rules": [{"code": r.code, "name": r.name, "category": r.category, "severity": r.severity.value,
                              "scope": r.scope.value, "summary": r.summary(lang)} for r in RULES]}
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    table = Table(*RULE_TABLE_HEADINGS[lang], box=None, pad_edge=False)
    for rule in RULES:
        table.add_row(rule.code, category_name(rule.category, lang), rule.severity.label(lang),
                      scope_name(rule.scope, lang), rule.summary(lang))
    Console(highlight=False, soft_wrap=True).print(table)


@app.command()
def explain(
    code: Annotated[str, typer.Argument(help="A rule code such as SL302.")],
    lang: Annotated[str, _option("lang")] = "zh",
) -> None:
    """Print a rule's documentation: what it does, why it matters, example, use instead."""
    _choice("lang", lang)
    from .rules import BY_CODE

    rule = BY_CODE.get(code.strip().upper())
    if rule is None:
        raise _fail(f"unknown rule code '{code}' (see `scriptlint rules`)")
    typer.echo(rule.doc_text(lang))


# `scriptlint rule SL302`, as `ruff rule` explains a rule.
app.command("rule", help="Same as `explain`: print a rule's documentation.")(explain)


SERVE_EXTRA = "scriptlint serve needs the serve extra: pip install 'scriptlint[serve]'"


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to bind (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8080,
    max_body: Annotated[int, typer.Option("--max-body", help="Largest request body in bytes (larger: 413).")] = 1 << 20,
    config_path: Annotated[Optional[Path], _option("config")] = None,
    isolated: Annotated[bool, _option("isolated")] = False,
    industry: Annotated[Optional[list[str]], _option("industry")] = None,
    channel: Annotated[Optional[str], _option("channel")] = None,
    direction: Annotated[Optional[str], _option("direction")] = None,
    lang: Annotated[Optional[str], _option("lang")] = None,
    access_log: Annotated[bool, typer.Option("--access-log/--no-access-log",
                                             help="Log each request's method, path and status (never bodies).")] = True,
) -> None:
    """Serve the runtime guard over HTTP: POST /v1/check, POST /v1/conversation/check, GET /v1/rules,
    GET /healthz, GET /openapi.json (needs the serve extra)."""
    try:
        from . import serve as service
    except ImportError:
        raise _fail(SERVE_EXTRA) from None
    from .guard import Guard

    if max_body < 1:
        raise _fail("--max-body must be at least 1")
    flags = {"industry": _split(industry), "channel": channel, "direction": direction, "lang": lang}
    guard = Guard(linter=_linter(config_path, isolated, flags, ["."]))
    service.run(guard, host, port, max_body, access_log)


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
    from .user_regex import RegexTimeout

    paths = files or list(bundled_packs().values())
    try:
        packs = [load_pack(p) for p in paths]
        if not any(p.name == "general" for p in packs):
            packs.insert(0, load_pack(bundled_packs()["general"]))
    except InputError as error:
        raise _fail(str(error))
    # Each entry is tested with its own pack selected (and general), as a script of that industry.
    lexicon = Lexicon(packs, always_on=["general", *(p.name for p in packs if files and p.path in map(str, paths))])
    try:
        failures = list(lexicon.self_test())
    except RegexTimeout as timeout:
        raise _fail(str(timeout)) from None
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


def app_for(arguments: list[str]) -> typer.Typer:
    """The app that runs these arguments: for `scriptlint <command> ...`, one that holds only
    that command (and the top-level options), since typer reads the signature of every command
    it holds to build the command tree, a twentieth of a second of each run; else the whole app."""
    name = arguments[0] if arguments else None
    for info in app.registered_commands:
        if info.callback is not None and (info.name or typer.main.get_command_name(info.callback.__name__)) == name:
            single = _new_app()
            single.registered_callback = app.registered_callback
            single.registered_commands = [info]
            return single
    return app


def main() -> None:
    _robust_streams()
    with contextlib.suppress(ValueError):  # not in the main thread: keep the default
        signal.signal(signal.SIGTERM, _terminate)
        if signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # not when started with SIGINT ignored
            signal.signal(signal.SIGINT, _interrupt)
    try:
        app_for(sys.argv[1:])(prog_name="scriptlint", standalone_mode=True)
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
        from .privacy import mask

        sys.stderr.write(f"scriptlint: internal error: {type(exc).__name__}: {mask(str(exc))} "
                         "(please report it; SCRIPTLINT_DEBUG=1 shows the traceback)\n")
        sys.exit(EXIT_ERROR)


if __name__ == "__main__":
    main()
