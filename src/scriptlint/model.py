"""Values that flow through the pipeline: readers -> Script -> rules -> Finding."""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields, replace
from enum import Enum
from typing import Any, TypeAlias, TypedDict

from .privacy import PersonalDataIndex, mask, mask_fragments

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
    # A role written as one of the aliases themselves (the default "bot") folds to itself:
    # every alias is already folded and Simplified (tests/test_api.py holds them to it).
    found = ROLE_ALIASES.get(role)
    if found is not None:
        return found
    from .normalize import fold  # loaded on first use: model is imported by everything
    from .t2s import to_simplified

    found = ROLE_ALIASES.get(to_simplified(fold(role.strip())))
    if found is None:
        raise ValueError(f"role must be one of {', '.join(ROLE_ALIASES)} (got {mask(role)!r})")
    return found


def _masked_repr_of(value: object) -> str:
    """repr(value) with personal numbers masked in every string and number it holds, and the
    digits at the ends of a string that may be half of a number wrapped onto another line;
    objects of this module mask their own."""
    if type(value) is str:
        return repr(mask_fragments(value))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return mask(repr(value))
    if isinstance(value, list):
        return "[" + ", ".join(map(_masked_repr_of, value)) + "]"
    if isinstance(value, tuple):
        return "(" + ", ".join(map(_masked_repr_of, value)) + ("," if len(value) == 1 else "") + ")"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_masked_repr_of(k)}: {_masked_repr_of(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (set, frozenset)):
        return f"{type(value).__name__}({_masked_repr_of(sorted(value, key=repr))})" if value else repr(value)
    return repr(value)


def masked_repr(obj: Any, **shown: object) -> str:
    """The dataclass repr of obj with personal data masked (`shown` replaces field values), so
    that a repr in a log line, a traceback or a debugger never shows a number in clear."""
    values = ", ".join(f"{f.name}={_masked_repr_of(shown.get(f.name, getattr(obj, f.name)))}"
                       for f in fields(obj) if f.repr)
    return f"{type(obj).__qualname__}({values})"


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
# The category of the rules about suppression directives themselves (unused, invalid, without
# reason): not a compliance category, so it is kept out of CATEGORIES (the accuracy tables).
SUPPRESSION_CATEGORY = "suppression"
ALL_CATEGORIES: tuple[str, ...] = (*CATEGORIES, SUPPRESSION_CATEGORY)

# What people read for a category: a Chinese name, and in English the category itself (the
# public contract, as JSON, --select and the docs spell it).
CATEGORY_NAMES: dict[str, dict[str, str]] = {
    category: {"zh": zh, "en": category}
    for category, zh in (
        ("ai-disclosure", "AI 身份告知"),
        ("impersonation", "冒充真人"),
        ("purpose", "来电目的"),
        ("recording-notice", "录音告知"),
        ("opt-out", "拒绝途径"),
        ("human-handoff", "转人工"),
        ("refusal-ignored", "无视拒绝"),
        ("sensitive-term", "敏感用语"),
        ("false-promise", "不实承诺"),
        ("stalling", "话术拖延"),
        ("pii-request", "索要个人信息"),
        ("pii-exposure", "个人信息泄露"),
        ("info-hiding", "信息隐瞒"),
        ("suppression", "抑制指令"),
    )
}


def category_name(category: str, lang: str = "zh") -> str:
    """A category's name in `lang`; a category of a team's own rules is shown as it is."""
    return CATEGORY_NAMES.get(category, {}).get("en" if lang == "en" else "zh", category)


class Severity(str, Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return {"info": 1, "warning": 2, "error": 3}[self.value]

    def label(self, lang: str = "zh") -> str:
        """The severity as people read it: 错误 / 警告 / 提示, or the value in English."""
        return self.value if lang == "en" else {"info": "提示", "warning": "警告", "error": "错误"}[self.value]

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


def sheet_reference(sheet: str) -> str:
    """A sheet's name as Excel writes it in a cell reference: as it is when it is letters,
    digits and underscores (Sheet1!B12), else in single quotes with its quotes doubled
    ('Q&A 2024'!B3), so the reference can be pasted into Excel's name box."""
    if re.fullmatch(r"[^\W\d]\w*", sheet):
        return sheet
    return "'" + sheet.replace("'", "''") + "'"


class AnchorFields(TypedDict, total=False):
    """The Finding fields an Anchor sets (typed, so a Finding built from them is checked)."""

    sheet: str | None
    cell: str | None
    paragraph: int | None
    sheet_index: int


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where an utterance of a file without text lines stands. Its `line` then counts the rows
    of a sheet or the paragraphs of a document, so findings still sort by it, and its column
    counts characters inside the cell or paragraph.

    A workbook cell has `sheet` (its name), `column` (its letters, "B") and `sheet_index` (the
    sheet's place in the workbook, so findings sort sheet by sheet in workbook order); a Word
    paragraph has `paragraph` set."""

    sheet: str | None = None
    column: str | None = None
    sheet_index: int = 0
    paragraph: bool = False

    def finding_fields(self, line: int) -> AnchorFields:
        """The fields of a Finding on `line` of an utterance anchored here."""
        if self.paragraph:
            return {"paragraph": line}
        return {"sheet": self.sheet, "cell": f"{self.column}{line}", "sheet_index": self.sheet_index}


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
    # Workbooks and Word documents: what `line` counts, and the sheet and cell.
    anchor: Anchor | None = None

    def locate(self, index: int) -> tuple[int, int]:
        if self.offsets is not None:
            index = max(0, min(index, len(self.offsets) - 1))
            return self.offsets[index]
        return self.line, self.column + index

    @property
    def is_bot(self) -> bool:
        return self.role == BOT

    def __repr__(self) -> str:
        return masked_repr(self)


def wrapped_lines(utterances: Sequence[Utterance]) -> list[bool]:
    """For each utterance, whether the next one starts on the line after its last line, or on
    the same line (a Word paragraph's soft line break, whose lines share the paragraph's number):
    a number may be wrapped from one onto the next (138 at the end of a line, 1234 5678 at the
    start of the next)."""
    follows = [utterances[k + 1].locate(0)[0] - utterances[k].locate(len(utterances[k].text))[0] in (0, 1)
               for k in range(len(utterances) - 1)]
    return [*follows, False] if utterances else []


def personal_data_index(utterances: Sequence[Utterance]) -> PersonalDataIndex:
    """The personal numbers of a script's utterances and their masked texts, a number wrapped
    across two lines included."""
    return PersonalDataIndex([u.text for u in utterances], wrapped_lines(utterances))


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

    def __repr__(self) -> str:
        return masked_repr(self)


@dataclass(frozen=True)
class Suppression:
    """A suppression directive as a reader found it: raw, its codes as written (whether they
    exist is the suppression pass's business), where it stands, and the lines it covers.

    `covers` is the first and last line of the text it silences (None: no text follows it, or
    it is file-level). `anchor` places it in a workbook cell or a Word paragraph."""

    codes: tuple[str, ...]
    reason: str | None
    line: int
    column: int
    end_line: int
    end_column: int
    text: str  # the directive as written, for messages and excerpts
    file_level: bool = False
    covers: tuple[int, int] | None = None
    anchor: Anchor | None = None


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
    # Suppression directives found in the script, applied after checking (suppressions.py).
    suppressions: list[Suppression] = field(default_factory=list)
    # A long script or call comes in consecutive windows of utterances so that it never sits in
    # memory whole: `window` counts them from 0, and `more` is True for every window but the
    # last. The rules that look at the whole script carry what they need from one window to
    # the next (engine.ScriptRun); the declaration and `has_speakers` hold for the whole script.
    window: int = 0
    more: bool = False

    def __repr__(self) -> str:
        # Masked together: a number wrapped from one utterance onto the next is masked in both.
        masked = personal_data_index(self.utterances).masked
        return masked_repr(self, utterances=[replace(u, text=text) for u, text in zip(self.utterances, masked)])


@dataclass(frozen=True, slots=True)
class Suppressed:
    """Why a finding is not counted: the reason its directive gives, and the directive's line."""

    reason: str | None
    line: int
    file_level: bool = False

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"reason": self.reason, "line": self.line}
        if self.file_level:
            data["file"] = True
        return data


class Applicability(str, Enum):
    """Whether a fix may be applied without review: `safe` keeps the meaning (masking personal
    data), `unsafe` changes the words (a lexicon's replacement for a banned promise)."""

    SAFE = "safe"
    UNSAFE = "unsafe"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace the file's characters from (line, column) up to, not including, (end_line,
    end_column) by `content`. Positions are the findings' own: 1-based, columns in code points
    of the decoded file; for a workbook cell or a Word paragraph they count inside it, and such
    files are not edited. `content` is the text as read (decoded): where the file escapes it
    (a JSON string), the fixer writes it escaped the same way."""

    line: int
    column: int
    end_line: int
    end_column: int
    content: str

    def to_dict(self) -> dict[str, Any]:
        return {"line": self.line, "column": self.column, "end_line": self.end_line,
                "end_column": self.end_column, "content": self.content}


@dataclass(frozen=True, slots=True)
class Correction:
    """What a finding's fix does to the file: edits applied together or not at all, and whether
    they may be applied without `--unsafe-fixes`."""

    applicability: Applicability
    edits: tuple[Edit, ...]
    title: str  # in the run's language: "替换为脱敏形式"

    def to_dict(self) -> dict[str, Any]:
        return {"applicability": self.applicability.value, "title": self.title,
                "edits": [edit.to_dict() for edit in self.edits]}


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
    # context; masked like `text` (the whole utterance, before any cut) unless --show-pii.
    utterance: str = field(default="", compare=False, repr=False)
    offset: int = field(default=0, compare=False, repr=False)
    offset_end: int = field(default=0, compare=False, repr=False)
    # A workbook cell: the sheet's name and the cell ("B12", its row is `line`); a Word
    # document: the paragraph number (`line` too). None for files made of text lines.
    sheet: str | None = None
    cell: str | None = None
    paragraph: int | None = None
    # The sheet's place in its workbook: findings sort sheet by sheet, in workbook order.
    sheet_index: int = field(default=0, compare=False, repr=False)
    # Silenced by a suppression directive (suppressions.py) or recorded in the baseline
    # (baseline.py): kept in the results, flagged, never counted.
    suppressed: Suppressed | None = None
    baselined: bool = False

    @property
    def active(self) -> bool:
        """Whether the finding counts: neither suppressed nor in the baseline."""
        return self.suppressed is None and not self.baselined
    # The edits that make this finding go away (`--fix`), when the rule or lexicon entry has them.
    fix: Correction | None = field(default=None, compare=False, repr=False)

    def sort_key(self) -> tuple[str, int, int, int, str]:
        return (self.path, self.sheet_index, self.line, self.column, self.code)

    @property
    def location(self) -> str:
        """Where the finding starts, without the column: "12" (a line), "Sheet1!B12" (a
        workbook cell) or "¶12" (a Word paragraph)."""
        if self.cell is not None and self.sheet is not None:
            return f"{sheet_reference(self.sheet)}!{self.cell}"
        if self.paragraph is not None:
            return f"¶{self.paragraph}"
        return str(self.line)

    def __repr__(self) -> str:
        return masked_repr(self)

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
        if self.cell is not None:
            data["sheet"] = self.sheet
            data["cell"] = self.cell
        if self.paragraph is not None:
            data["paragraph"] = self.paragraph
        if self.suppressed is not None:
            data["suppressed"] = self.suppressed.to_dict()
        if self.baselined:
            data["baselined"] = True
        if self.fix is not None:
            data["fix"] = self.fix.to_dict()
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

    def __repr__(self) -> str:
        return masked_repr(self)


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
    # With --jobs, the findings as the report's format writes them, rendered in the worker
    # process (`findings` is then empty): the parent only writes them out, in order.
    prepared: Prepared | None = None


@dataclass(frozen=True, slots=True)
class Tally:
    """What a report's summary counts of some findings."""

    findings: int = 0  # in force
    suppressed: int = 0  # silenced by a directive
    baselined: int = 0  # recorded in the baseline
    by_severity: tuple[tuple[str, int], ...] = ()
    by_category: tuple[tuple[str, int], ...] = ()

    @classmethod
    def of(cls, findings: Iterable[Finding]) -> Tally:
        suppressed = baselined = 0
        by_severity: dict[str, int] = {}
        by_category: dict[str, int] = {}
        for finding in findings:
            if not finding.active:
                suppressed += finding.suppressed is not None
                baselined += finding.suppressed is None
                continue
            by_severity[finding.severity.value] = by_severity.get(finding.severity.value, 0) + 1
            by_category[finding.category] = by_category.get(finding.category, 0) + 1
        return cls(sum(by_severity.values()), suppressed, baselined, tuple(by_severity.items()), tuple(by_category.items()))


@dataclass(frozen=True, slots=True)
class Prepared:
    """A file's findings rendered for the report (one text per finding, in order) and their tally."""

    rendered: tuple[str, ...]
    tally: Tally


@dataclass(frozen=True)
class Notice:
    """Something a run did not lint, on purpose, that the user should hear of (a symbolic
    link loop, a folder with nothing to lint); not an error: the exit code does not change."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass
class LintResult:
    files: list[FileResult] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        return [f for r in self.files for f in r.findings]

    @property
    def errors(self) -> list[InputError]:
        return [e for r in self.files for e in r.errors]
