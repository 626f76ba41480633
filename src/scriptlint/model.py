"""Values that flow through the pipeline: readers -> Script -> rules -> Finding."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, TypeAlias

# Lines end at \r\n, \r or \n only (str.splitlines() would also split at \x0c, \x85, \u2028).
LINE_BREAK = re.compile(r"\r\n|\r|\n")

BOT = "bot"
CUSTOMER = "customer"
# Han characters, letters and digits: what takes time to say, and what a described problem is made of.
SPOKEN_RE = re.compile(r"[^\W_]")
# What API callers call the two sides: case, full-width forms and Traditional characters do
# not matter (Bot, ＡＩ, 機器人, 客戶).
ROLE_ALIASES = {
    **dict.fromkeys(("bot", "assistant", "agent", "ai", "robot", "system", "机器人", "坐席", "客服"), BOT),
    **dict.fromkeys(("customer", "user", "client", "客户", "用户", "顾客"), CUSTOMER),
}


def canonical_role(role: str) -> str:
    """BOT or CUSTOMER for a documented role or a common alias; ValueError otherwise (a typo must
    not silently turn every bot rule off)."""
    from .normalize import fold  # loaded on first use: model is imported by everything
    from .t2s import to_simplified

    found = ROLE_ALIASES.get(to_simplified(fold(role.strip())))
    if found is None:
        raise ValueError(f"role must be one of {', '.join(ROLE_ALIASES)} (got {role!r})")
    return found

CATEGORIES: tuple[str, ...] = (
    "ai-disclosure",
    "impersonation",
    "purpose",
    "recording-notice",
    "opt-out",
    "human-handoff",
    "refusal-ignored",
    "sensitive-term",
    "false-promise",
    "stalling",
    "pii-request",
    "pii-exposure",
    "info-hiding",
)


class Severity(str, Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return {"info": 1, "warning": 2, "error": 3}[self.value]

    # f"{severity}" prints "warning", not "Severity.WARNING".
    def __str__(self) -> str:
        return self.value

    def __format__(self, spec: str) -> str:
        return format(self.value, spec)


class Kind(str, Enum):
    SCRIPT = "script"
    TRANSCRIPT = "transcript"
    REPLIES = "replies"


@dataclass(frozen=True)
class SourceFile:
    """What a reader learned about the bytes, kept so a later `--fix` can write them back alike."""

    path: str
    encoding: str = "utf-8"
    bom: bool = False
    newline: str = "\n"


@dataclass
class LineIndex:
    """Maps a character offset in a decoded file to a 1-based (line, column)."""

    text: str
    line_starts: list[int] = field(default_factory=list)
    first_line: int = 1  # the number of the first line of `text` (a record of a longer file)

    def __post_init__(self) -> None:
        if not self.line_starts:
            self.line_starts = [0] + [m.end() for m in LINE_BREAK.finditer(self.text)]

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.line_starts, offset) - 1
        return line + self.first_line, offset - self.line_starts[line] + 1


@dataclass(slots=True)
class Utterance:
    """One turn of a script, with enough to point back at the original characters.

    `locate(i)` maps offset i of `text` (0..len(text)) to a 1-based (line, column) in the file.
    Readers give a linear map (line, column + i) when the text stands verbatim on one line.
    """

    text: str
    role: str = BOT
    line: int = 1
    column: int = 1
    start: float | None = None
    id: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    offsets: list[tuple[int, int]] | None = None

    def locate(self, index: int) -> tuple[int, int]:
        if self.offsets is not None:
            index = max(0, min(index, len(self.offsets) - 1))
            return self.offsets[index]
        return self.line, self.column + index

    @property
    def is_bot(self) -> bool:
        return self.role == BOT


# The settings a file may declare about itself (a text script's first line, a flow's top-level keys).
DECLARATION_KEYS: tuple[str, ...] = ("industry", "channel", "direction", "kind")

DeclaredValue: TypeAlias = str | tuple[str, ...]


@dataclass(frozen=True)
class Declaration:
    """A file's own scenario declaration as its reader found it: raw, not yet validated (the
    scenario resolver checks it like the config), with the line it stands on, for errors."""

    values: tuple[tuple[str, DeclaredValue], ...]
    line: int | None = None

    def as_dict(self) -> dict[str, DeclaredValue]:
        """Key -> value; a key given twice keeps its last value."""
        return dict(self.values)


@dataclass
class Script:
    """A unit that script-level rules see whole: a file, a flow, or one call of a transcript."""

    path: str
    format_kind: Kind  # what the reader saw; the kind it is checked as is the scenario's
    utterances: list[Utterance]
    declaration: Declaration | None = None
    call_id: str | None = None
    has_speakers: bool = False
    # Encoding, BOM and newline style of the file, kept for writers to come (--fix, baseline).
    source: SourceFile | None = None
    # A long script or call comes in consecutive windows of utterances so that it never sits in
    # memory whole: `window` counts them from 0, and `more` is True for every window but the
    # last. The rules that look at the whole script carry what they need from one window to
    # the next (engine.ScriptRun); the declaration and `has_speakers` hold for the whole script.
    window: int = 0
    more: bool = False


@dataclass(frozen=True, slots=True)
class Finding:
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    category: str
    severity: Severity
    message: str
    text: str
    entry: str | None = None
    suggestion: str | None = None
    citation: str | None = None
    # Codes of other findings on the same words, folded into this, the most specific one.
    related: tuple[str, ...] = ()
    # The whole original utterance and where the match starts in it, for reporters that show
    # context. Not masked here: reporters mask what they print.
    utterance: str = field(default="", compare=False, repr=False)
    offset: int = field(default=0, compare=False, repr=False)
    offset_end: int = field(default=0, compare=False, repr=False)

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "code": self.code,
            "category": self.category,
            "severity": self.severity.value,
            "message": self.message,
            "text": self.text,
        }
        if self.entry:
            data["entry"] = self.entry
        if self.suggestion:
            data["suggestion"] = self.suggestion
        if self.citation:
            data["citation"] = self.citation
        if self.related:
            data["related"] = list(self.related)
        return data


@dataclass(frozen=True)
class InputError(Exception):
    """Bad input: reported as one line naming the file (and line), exit code 2."""

    path: str
    message: str
    line: int | None = None

    def __reduce__(self) -> tuple[type[InputError], tuple[Any, ...]]:
        # Exceptions pickle through their args; ours live in fields (workers send them back).
        return (InputError, (self.path, self.message, self.line))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


@dataclass
class FileResult:
    """Findings, input errors and pack hints of one file, or of a part of it (`complete` is
    False for every part but the last, when a large file is streamed)."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    complete: bool = True
    # Industry pack -> lines of this file (or part) whose terms that pack would have reported,
    # had it been selected: a hint, never a finding.
    hints: dict[str, set[int]] = field(default_factory=dict)


@dataclass
class LintResult:
    files: list[FileResult] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        return [f for r in self.files for f in r.findings]

    @property
    def errors(self) -> list[InputError]:
        return [e for r in self.files for e in r.errors]
