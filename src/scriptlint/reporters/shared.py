"""What the machine formats share: masked texts, paths relative to the current folder, and a
fingerprint of each finding that does not move when lines do."""
from __future__ import annotations

import hashlib
import os
from collections import Counter
from pathlib import Path, PurePath
from urllib.parse import quote

from ..model import Finding, InputError
from ..privacy import mask
from ..surrogates import printable

STDIN_NAME = "<stdin>"


def shown(text: str, show_pii: bool) -> str:
    """`text` as a report may print it: personal data masked unless --show-pii."""
    return text if show_pii else mask(text)


def error_message(error: InputError, show_pii: bool) -> str:
    return shown(error.message, show_pii)


def relative_path(path: str, cwd: str | None = None) -> str:
    """`_relative_path` as it can be printed: the bytes of a file name that is not UTF-8 shown
    as `\\xff` escapes."""
    return printable(_relative_path(path, cwd))


def _relative_path(path: str, cwd: str | None = None) -> str:
    """`path` relative to the current folder (or `cwd`), with `/` separators, as CI services
    expect it: `./examples/a.txt` and `/work/repo/examples/a.txt` are both `examples/a.txt`
    when run in /work/repo. A path on another drive stays absolute; `<stdin>` stays as it is."""
    if path == STDIN_NAME:
        return path
    base = cwd or os.getcwd()
    try:
        relative = os.path.relpath(os.path.abspath(path), base)
    except ValueError:  # Windows: another drive has no relative path
        return PurePath(os.path.abspath(path)).as_posix()
    return PurePath(relative).as_posix()


def path_uri(path: str, cwd: str | None = None) -> str:
    """A URI reference for `path`: relative to the current folder when it can be, percent-encoded
    (spaces, `%`, `#`, `?`, non-ASCII as UTF-8); an absolute path becomes a `file:` URI."""
    relative = _relative_path(path, cwd)
    if os.path.isabs(relative) or PurePath(relative).is_absolute():
        return Path(relative).as_uri()
    # A file name that is not UTF-8 keeps its own bytes, percent-encoded.
    return quote(relative, safe="/", errors="surrogateescape")


class Fingerprints:
    """Ids of findings that survive edits elsewhere in a file: a hash of the relative path, the
    rule code, the normalized text of the utterance and the occurrence of that triple in the
    report (the second identical line with the same finding is occurrence 1). No line number,
    so inserting or deleting lines above a finding keeps its id."""

    def __init__(self) -> None:
        self._seen: Counter[tuple[str, str, str]] = Counter()

    def of(self, finding: Finding, path: str) -> str:
        from ..normalize import normalize

        text = normalize(finding.utterance or finding.text).text
        key = (path, finding.code, text)
        occurrence = self._seen[key]
        self._seen[key] += 1
        payload = "\0".join((path, finding.code, text, str(occurrence)))
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    def end_file(self) -> None:
        """Forget the occurrences counted so far: the next findings are of another file."""
        self._seen.clear()


__all__ = ["STDIN_NAME", "Fingerprints", "error_message", "path_uri", "relative_path", "shown"]
