"""Gathering a sign-off report: lint the paths (with the run's --jobs), and for each file the
evidence a signer needs, which the findings alone do not carry: the bytes' SHA-256 and size,
the encoding, the number of utterances, and the utterances around each finding.

The evidence comes from a second read of each file. So that it is evidence of the bytes that
were linted, every file is fingerprinted before the lint and again after that read: a file that
changed in between stops the report (InputError), and nothing is written."""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import tomllib

from ..api import Linter, discover
from ..config import CONFIG_SETTINGS, Config, Policy
from ..lexicon import Pack, bundled_dir
from ..meta import package_version
from ..model import BOT, FileResult, Finding, InputError, Script, Utterance, personal_data_index, sheet_reference
from ..privacy import mask
from ..readers import STDIN, read_scripts
from ..reporters.shared import relative_path
from ..scenario import Scenario
from ..surrogates import LONE_SURROGATE, printable
from .content import (
    BASELINED,
    SUPPRESSED,
    ContextLine,
    Exemption,
    FileSection,
    FindingEntry,
    Header,
    InputRecord,
    PackRecord,
    Report,
    SignOff,
)
from .labels import labels

CHUNK = 1 << 20


@dataclass(frozen=True)
class ReportOptions:
    """What the report says beyond the lint: its title, its date (pinned for a reproducible
    report) and who signs it."""

    date: str
    title: str | None = None
    reviewer: str | None = None
    role: str | None = None


@dataclass(frozen=True)
class Fingerprint:
    sha256: str
    size: int


def fingerprint(path: str) -> Fingerprint:
    """SHA-256 and size of a file's bytes, read in chunks (InputError when it cannot be read)."""
    from ..fileio import open_regular

    digest = hashlib.sha256()
    size = 0
    with open_regular(path) as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
            size += len(chunk)
    return Fingerprint(digest.hexdigest(), size)


def _fingerprint_or_none(path: str) -> Fingerprint | None:
    try:
        return fingerprint(path)
    except InputError:
        return None  # the lint reports why


def exemption_of(finding: Finding, show_pii: bool = False) -> Exemption | None:
    """Whether a finding is exempted by an inline suppression or by the baseline, and why.

    Read with getattr: the fields are optional (a suppression is a reason string, an object
    with a `reason`, or just true)."""
    for kind, value in ((SUPPRESSED, getattr(finding, "suppressed", None)),
                        (BASELINED, getattr(finding, "baselined", False))):
        if value:
            reason = value if isinstance(value, str) else getattr(value, "reason", None)
            text = str(reason).strip() if reason not in (None, True) else ""
            shown = printable(text if show_pii else mask(text))
            return Exemption(kind, shown or None)
    return None


@dataclass(frozen=True)
class _Spoken:
    """An utterance as the report shows it."""

    role: str
    location: str
    text: str
    sheet: str | None
    start: tuple[int, int]
    end: tuple[int, int]


def _location(utterance: Utterance) -> str:
    line = utterance.locate(0)[0]
    anchor = utterance.anchor
    if anchor is not None and anchor.paragraph:
        return f"¶{line}"
    if anchor is not None and anchor.sheet is not None:
        return f"{sheet_reference(anchor.sheet)}!{anchor.column}{line}"
    return str(line)


def _spoken(script: Script, show_pii: bool) -> list[_Spoken]:
    utterances = script.utterances
    texts = [u.text for u in utterances] if show_pii else personal_data_index(utterances).masked
    return [_Spoken(u.role, _location(u), printable(LONE_SURROGATE.sub("\ufffd", text)),
                    u.anchor.sheet if u.anchor is not None else None, u.locate(0), u.locate(len(u.text)))
            for u, text in zip(utterances, texts)]


class _Utterances:
    """The utterances of one file, script by script, to find the one a finding is on."""

    def __init__(self, scripts: Sequence[Script], show_pii: bool) -> None:
        self.scripts = [_spoken(script, show_pii) for script in scripts]
        self.by_text: dict[str, list[tuple[int, int]]] = {}
        for s, spoken in enumerate(self.scripts):
            for i, item in enumerate(spoken):
                self.by_text.setdefault(item.text, []).append((s, i))

    def around(self, finding: Finding) -> tuple[str, ContextLine | None, ContextLine | None]:
        """The speaker of the finding's utterance, and the utterances before and after it in
        its script (or call)."""
        candidates = self.by_text.get(finding.utterance, [])
        where = (finding.line, finding.column)
        found = next(((s, i) for s, i in candidates if self.scripts[s][i].sheet == finding.sheet
                      and self.scripts[s][i].start <= where <= self.scripts[s][i].end),
                     candidates[0] if candidates else None)
        if found is None:
            return BOT, None, None
        s, i = found
        spoken = self.scripts[s]

        def line(k: int) -> ContextLine | None:
            return ContextLine(spoken[k].role, spoken[k].location, spoken[k].text) if 0 <= k < len(spoken) else None

        return spoken[i].role, line(i - 1), line(i + 1)


def _citation(finding: Finding, linter: Linter) -> str:
    """The lexicon entry's citation, else the rule's own (its doc block's `why`)."""
    if finding.citation:
        return finding.citation
    rule = linter.registry.by_code.get(finding.code)
    return rule.doc.why if rule is not None else ""


def _entry(finding: Finding, linter: Linter, utterances: _Utterances, show_pii: bool) -> FindingEntry:
    text = printable(finding.utterance)
    start = min(finding.offset, len(text))
    end = min(max(finding.offset_end, start), len(text))
    role, previous, following = utterances.around(finding)
    return FindingEntry(
        location=finding.location, line=finding.line, column=finding.column, code=finding.code,
        severity=finding.severity, category=finding.category, message=printable(finding.message),
        citation=_citation(finding, linter),
        before=text[:start], match=text[start:end] if text else printable(finding.text), after=text[end:],
        role=role, previous=previous, following=following,
        alternative=printable(finding.suggestion) if finding.suggestion else None, entry=finding.entry,
        exemption=exemption_of(finding, show_pii))


@dataclass
class _Evidence:
    scripts: list[Script]
    industries: set[str]


def _read_again(linter: Linter, path: str) -> _Evidence:
    """The file's scripts, read as the lint read them, and the industry packs in force for them."""
    settings = linter.config
    scripts: list[Script] = []
    industries: set[str] = set()
    try:
        for script in read_scripts(path, linter.speakers, lambda error: None, settings.encoding):
            scripts.append(script)
            try:
                industries |= Scenario.resolve(settings, script.declaration, script.format_kind, path=path).industries
            except InputError:
                pass  # a bad declaration: the lint reported it
    except InputError:
        pass  # the lint reported it
    return _Evidence(scripts, industries)


def _encoding(scripts: Sequence[Script]) -> str | None:
    source = next((s.source for s in scripts if s.source is not None), None)
    if source is None:
        return None
    return f"{source.encoding} (BOM)" if source.bom else source.encoding


def _section(linter: Linter, whole: FileResult, before: Fingerprint | None, evidence: _Evidence) -> FileSection:
    settings = linter.config
    after = _fingerprint_or_none(whole.path)
    if before != after:
        raise InputError(whole.path, "the file changed while the report was being made; nothing was written, "
                                     "run the report again")
    utterances = _Utterances(evidence.scripts, settings.show_pii)
    entries = [_entry(f, linter, utterances, settings.show_pii) for f in sorted(whole.findings, key=Finding.sort_key)]
    errors = tuple(printable(str(e) if settings.show_pii else mask(str(e))) for e in whole.errors)
    record = InputRecord(printable(whole.path), after.sha256 if after else None, after.size if after else None,
                         _encoding(evidence.scripts), sum(len(s.utterances) for s in evidence.scripts))
    return FileSection(record, tuple(e for e in entries if e.exemption is None),
                       tuple(e for e in entries if e.exemption is not None), errors, settings.fail_on)


def _pack_record(pack: Pack) -> PackRecord:
    data = Path(pack.path).read_bytes()
    try:
        meta = tomllib.loads(data.decode("utf-8")).get("pack", {})
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        meta = {}
    version = meta.get("version") if isinstance(meta, dict) else None
    bundled = Path(pack.path).resolve().parent == bundled_dir().resolve()
    return PackRecord(pack.name, pack.title, str(version) if version is not None else None,
                      hashlib.sha256(data).hexdigest(), "bundled" if bundled else relative_path(pack.path))


def _shown_value(value: object) -> str:
    """A config value as the report prints it: lists joined with commas, "—" for nothing."""
    if value is None or value == ():
        return "—"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, Policy):
        return value.name
    if isinstance(value, tuple):
        return ", ".join(_shown_value(v) for v in value)
    return str(value)


def effective_config(settings: Config) -> tuple[tuple[str, str], ...]:
    """Every setting a config can hold, with the value in force, in the settings table's order."""
    rows: list[tuple[str, str]] = []
    for setting in CONFIG_SETTINGS:
        assert setting.field is not None
        value = getattr(settings, setting.field)
        if setting.name == "lexicons":
            shown = _shown_value(tuple(relative_path(p) for p in value))
        elif setting.name == "per-file-ignores":  # glob -> selectors
            shown = "; ".join(f"{glob}: {_shown_value(selectors)}" for glob, selectors in value) or "—"
        elif setting.name == "severity":  # code or category -> level
            shown = ", ".join(f"{name} = {level}" for name, level in value) or "—"
        else:
            shown = _shown_value(value)
        rows.append((setting.name, printable(shown if settings.show_pii else mask(shown))))
    return tuple(rows)


def _rules(linter: Linter, paths: Iterable[str]) -> tuple[tuple[str, str], ...]:
    """(code, severity) of every rule that ran on some file, the config's overrides applied."""
    overrides = dict(linter.config.severity)
    ran = {rule.code: rule for path in paths for rule in linter.enabled_rules(path)}
    return tuple((code, overrides.get(code, overrides.get(rule.category, rule.severity.value)))
                 for code, rule in sorted(ran.items()))


def build_report(linter: Linter, paths: Sequence[str], jobs: int | None, options: ReportOptions,
                 stop_requested: Callable[[], bool] | None = None) -> Report:
    """Lint `paths` and gather the report. InputError when standard input is among the paths
    (a report proves which bytes were checked: it needs files) or a file changed meanwhile."""
    if STDIN in paths:
        raise InputError(STDIN, "a sign-off report fingerprints the files it checks: give files, not standard input")
    settings = linter.config
    notices: list[str] = []
    # The files the lint will read, found by the same walk (the config's exclude, include and
    # .gitignore), fingerprinted before any is read.
    walked = discover(paths, lambda error: None, None, lambda folder: settings)
    before = {path: _fingerprint_or_none(path) for path in walked}
    sections: list[FileSection] = []
    industries = set(settings.industry)
    whole: FileResult | None = None
    for part in linter.iter_paths(paths, jobs, lambda notice: notices.append(printable(str(notice)))):
        if stop_requested is not None and stop_requested():
            raise KeyboardInterrupt
        if whole is None:
            whole = FileResult(part.path)
        whole.findings.extend(part.findings)
        whole.errors.extend(part.errors)
        if part.complete:
            evidence = _read_again(linter, whole.path) if whole.path in before else _Evidence([], set())
            industries |= evidence.industries
            sections.append(_section(linter, whole, before.get(whole.path), evidence))
            whole = None
    in_force = {"general", *industries, *linter.lexicon.always_on}
    packs = tuple(sorted((_pack_record(p) for p in linter.lexicon.packs if p.name in in_force),
                         key=lambda record: (record.source != "bundled", record.name)))
    words = labels(settings.lang)
    header = Header(
        title=options.title or words["default_title"], date=options.date, tool_version=package_version(),
        industry=settings.industry, channel=settings.channel, direction=settings.direction, kind=settings.kind,
        fail_on=settings.fail_on, show_pii=settings.show_pii, rules=_rules(linter, list(before)), packs=packs,
        config_file=relative_path(settings.source) if settings.source else None, config=effective_config(settings))
    signoff = SignOff(options.reviewer, options.role, options.date)
    return Report(settings.lang, header, tuple(sections), signoff, tuple(notices))


__all__ = ["Fingerprint", "ReportOptions", "build_report", "effective_config", "exemption_of", "fingerprint"]
