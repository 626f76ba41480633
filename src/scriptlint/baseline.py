"""The baseline: today's findings, recorded so that only new ones are reported.

    scriptlint check --write-baseline .scriptlint-baseline.json scripts/   # record
    scriptlint check --baseline .scriptlint-baseline.json scripts/         # report only new ones

An entry is keyed by the file's path (relative to the baseline file's folder, with `/`), the rule
code and a fingerprint of the utterance and the matched words, normalized as the rules see them
(NFKC, Simplified, lower case, no separators): lines moving, or edits elsewhere in the file, do
not change it. The same finding several times in a file is one entry with its `count`. The file is
JSON with sorted keys, one entry per line, sorted by path, code and fingerprint, so that its diffs
review well; each entry has an excerpt of its line, with personal data always masked (the file is
committed), for the reviewer.

With a baseline, a finding it records is marked `baselined` (kept in the JSON output, hidden in
the text output, never counted); an entry of a checked file whose findings are gone is listed as
removable.
"""
from __future__ import annotations

import hashlib
import json
import os
import stat
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .fileio import MissingFile, read_settings_file
from .model import FileResult, Finding, InputError
from .normalize import normalize
from .privacy import mask

VERSION = 1
DEFAULT_NAME = ".scriptlint-baseline.json"
# Characters of the line shown on each side of the match in an entry's excerpt.
EXCERPT_CONTEXT = 20
# A baseline of a large reply library is a few megabytes; past this it is no baseline.
FILE_LIMIT = 256 * 1024 * 1024
_NAMELESS = ("<stdin>", "<text>")

# (path, code, fingerprint)
Key = tuple[str, str, str]


def fingerprint(finding: Finding) -> str:
    """What identifies a finding whatever its line: its utterance and matched words, normalized
    (16 hex digits of their SHA-256)."""
    utterance = finding.utterance or finding.text
    matched = finding.utterance[finding.offset:finding.offset_end] if finding.utterance else finding.text
    digest = hashlib.sha256(f"{normalize(utterance).text}\x00{normalize(matched).text}".encode())
    return digest.hexdigest()[:16]


def excerpt(finding: Finding) -> str:
    """The match with some of its line around it, on one line, personal data masked."""
    utterance = finding.utterance or finding.text
    start, end = (finding.offset, finding.offset_end) if finding.utterance else (0, len(utterance))
    masked = mask(utterance)  # the whole utterance first: a number cut by the window is still masked
    left, right = max(0, start - EXCERPT_CONTEXT), min(len(masked), end + EXCERPT_CONTEXT)
    shown = ("…" if left else "") + masked[left:right] + ("…" if right < len(masked) else "")
    return " ".join(shown.split())


@dataclass(frozen=True, order=True)
class Entry:
    path: str
    code: str
    fingerprint: str
    count: int = 1
    excerpt: str = field(default="", compare=False)

    @property
    def key(self) -> Key:
        return self.path, self.code, self.fingerprint

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "count": self.count, "excerpt": self.excerpt, "fingerprint": self.fingerprint,
                "path": self.path}


@dataclass
class Baseline:
    """The entries of one baseline file; their paths are relative to `root`, its folder."""

    root: Path
    entries: dict[Key, Entry] = field(default_factory=dict)

    @classmethod
    def load(cls, path: str | Path, missing_ok: bool = False) -> Baseline:
        """The baseline in `path`; InputError naming it when it is missing (unless `missing_ok`:
        then an empty one) or not a baseline."""
        name = str(path)
        root = Path(path).resolve().parent
        try:
            data = json.loads(read_settings_file(name, FILE_LIMIT).decode("utf-8"))
        except MissingFile:
            if missing_ok:
                return cls(root)
            raise InputError(name, "baseline file not found (write one with --write-baseline)") from None
        except (UnicodeDecodeError, ValueError) as exc:
            raise InputError(name, f"not a baseline file: {exc}") from None
        if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("findings"), list):
            raise InputError(name, f'not a baseline file of version {VERSION} (expected {{"version": {VERSION}, '
                                   '"findings": [...]}})')
        baseline = cls(root)
        for number, item in enumerate(data["findings"]):
            entry = _entry(name, number, item)
            known = baseline.entries.get(entry.key)
            baseline.entries[entry.key] = replace(entry, count=entry.count + (known.count if known else 0))
        return baseline

    def relative(self, path: str) -> str:
        """A file's path as the baseline keys it: relative to its folder, with `/`."""
        if path in _NAMELESS:
            return path
        return Path(os.path.relpath(os.path.abspath(path), self.root)).as_posix()

    def text(self) -> str:
        """The file: sorted keys, one entry per line, sorted entries."""
        lines = [json.dumps(entry.to_dict(), ensure_ascii=False, sort_keys=True)
                 for entry in sorted(self.entries.values())]
        findings = "[\n    " + ",\n    ".join(lines) + "\n  ]" if lines else "[]"
        return f'{{\n  "findings": {findings},\n  "version": {VERSION}\n}}\n'

    def write(self, path: str | Path) -> None:
        """Write the file atomically: a temporary file in the same folder, synced, renamed."""
        target = Path(path)
        descriptor, temporary = tempfile.mkstemp(dir=target.resolve().parent, prefix=f".{target.name}.", suffix=".tmp")
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(self.text())
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(temporary, _mode_for(target))  # mkstemp's 0600 would hide it from the team
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def recorded_note(count: int, path: str, lang: str = "zh") -> str:
    """The line a run that wrote a baseline ends with."""
    if lang == "en":
        return f"{count} finding(s) recorded in the baseline {path}"
    return f"已在基线 {path} 中记录 {count} 个发现"


def _mode_for(target: Path) -> int:
    """The permissions the file has, or those a new file gets (0666 less the umask)."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _entry(name: str, number: int, item: object) -> Entry:
    where = f"findings[{number}]"
    if not isinstance(item, dict):
        raise InputError(name, f"{where} must be an object")
    values = {key: item.get(key) for key in ("path", "code", "fingerprint")}
    for key, value in values.items():
        if not isinstance(value, str) or not value:
            raise InputError(name, f"{where}.{key} must be a non-empty text")
    count = item.get("count", 1)
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise InputError(name, f"{where}.count must be a whole number of at least 1")
    shown = item.get("excerpt", "")
    return Entry(str(values["path"]), str(values["code"]), str(values["fingerprint"]), count,
                 shown if isinstance(shown, str) else "")


class BaselineRun:
    """A run's use of baselines: `mark` each result as it arrives (parts of a streamed file
    too), then `finish`.

    `compare`: the findings it records are marked `baselined`; at the end, its entries for files
    that were checked, of rules that ran on them, whose findings did not come are removable.
    `write_to`: every counted finding is recorded there (and marked `baselined`: it is now in the
    baseline); entries of files not checked, or of rules that did not run on them, are kept as
    they were, so a run on a few files updates only theirs."""

    def __init__(self, compare: Baseline | None = None, write_to: str | Path | None = None,
                 enabled_codes: Callable[[str], Iterable[str]] = lambda path: ()) -> None:
        self.compare = compare
        self.write_to = Path(write_to) if write_to is not None else None
        # What the file to write holds now, read before any work: a file that is no baseline
        # stops the run before it is overwritten.
        self.written = Baseline.load(self.write_to, missing_ok=True) if self.write_to is not None else None
        self.previous = dict(self.written.entries) if self.written is not None else {}
        self.enabled_codes = enabled_codes
        self.remaining: Counter[Key] = Counter({key: e.count for key, e in compare.entries.items()}) if compare else Counter()
        # Files checked, by their path as given: whether any part had findings, or errors.
        self.checked: dict[str, tuple[bool, bool]] = {}
        self.recorded: dict[Key, Entry] = {}

    @classmethod
    def start(cls, compare: str | None, write_to: str | None,
              enabled_codes: Callable[[str], Iterable[str]]) -> BaselineRun:
        """Load the baseline to compare with (InputError when it cannot be read). A run that
        writes one compares with none: what it records is what it marks."""
        return cls(Baseline.load(compare) if compare and write_to is None else None, write_to, enabled_codes)

    @property
    def active(self) -> bool:
        return self.compare is not None or self.written is not None

    def mark(self, result: FileResult) -> FileResult:
        """`result`, its counted findings that are in the baseline marked (in place)."""
        if not self.active:
            return result
        had_findings, had_errors = self.checked.get(result.path, (False, False))
        self.checked[result.path] = (had_findings or bool(result.findings), had_errors or bool(result.errors))
        marked: list[Finding] = []
        for finding in result.findings:
            if finding.active:
                if self.written is not None:
                    self._record(finding)
                    finding = replace(finding, baselined=True)
                elif self.compare is not None:
                    key = (self.compare.relative(finding.path), finding.code, fingerprint(finding))
                    if self.remaining[key] > 0:
                        self.remaining[key] -= 1
                        finding = replace(finding, baselined=True)
            marked.append(finding)
        result.findings = marked
        return result

    def _record(self, finding: Finding) -> None:
        assert self.written is not None
        key = (self.written.relative(finding.path), finding.code, fingerprint(finding))
        known = self.recorded.get(key)
        self.recorded[key] = Entry(*key, excerpt=excerpt(finding)) if known is None else replace(known, count=known.count + 1)

    def _updated(self, path: str, had: tuple[bool, bool]) -> bool:
        """Whether the run's findings stand for the file's (a file that failed to be read and
        gave none keeps the entries it had)."""
        had_findings, had_errors = had
        return had_findings or not had_errors

    def removable(self) -> list[Entry]:
        """The compared baseline's entries of checked files whose findings are gone (with the
        number gone as `count`)."""
        if self.compare is None or self.written is not None:
            return []
        checked = self._checked_codes(self.compare)
        return sorted(replace(self.compare.entries[key], count=left) for key, left in self.remaining.items()
                      if left > 0 and key[1] in checked.get(key[0], ()))

    def _checked_codes(self, baseline: Baseline) -> dict[str, frozenset[str]]:
        """Per checked file, as the baseline keys it: the codes of the rules that ran on it."""
        return {baseline.relative(path): frozenset(self.enabled_codes(path))
                for path, had in self.checked.items() if self._updated(path, had)}

    def finish(self) -> tuple[int, list[Entry]]:
        """Write the baseline when asked (returns how many findings it records; OSError when it
        cannot be written), and the removable entries of the compared one."""
        if self.written is None or self.write_to is None:
            return 0, self.removable()
        checked = self._checked_codes(self.written)
        kept = {key: entry for key, entry in self.previous.items() if key[1] not in checked.get(key[0], ())}
        self.written.entries = {**kept, **self.recorded}
        self.written.write(self.write_to)
        return sum(entry.count for entry in self.written.entries.values()), []


__all__ = ["DEFAULT_NAME", "VERSION", "Baseline", "BaselineRun", "Entry", "excerpt", "fingerprint", "recorded_note"]
