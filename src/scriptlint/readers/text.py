"""Text scripts (.txt, .md): one utterance per line, optional speaker markers; Markdown tables
one utterance per cell of their question and answer columns. Word documents (docx.py) read
their paragraphs through the same LineReader."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from ..model import (
    BOT,
    CUSTOMER,
    DECLARATION_KEYS,
    LINE_BREAK,
    Declaration,
    InputError,
    Kind,
    Script,
    SourceFile,
    Utterance,
)
from ..privacy import mask
from . import windows
from .columns import pick_columns
from .directives import CommentCollector, text_lines
from .speakers import Speakers

DIRECTIVE_RE = re.compile(r"^\s*(?:#|<!--)\s*scriptlint\s*:\s*(?P<body>.*?)\s*(?:-->)?\s*$", re.IGNORECASE)
LIST_MARKER_RE = re.compile(r"^[ \t]*(?:[-*+•]|\d{1,3}[.)、])[ \t]+")
QUOTE_RE = re.compile(r"^[ \t]*>[ \t]?")
# A comment (or a Markdown heading) is "#" not followed by a Latin letter or a digit: "# 开场",
# "#开场白", "## 标题" are comments; "#E-s[数字x]辛苦您等待" is a reply that starts with an emoji
# code, and "#1号话术" a line of text.
COMMENT_RE = re.compile(r"#(?![A-Za-z0-9])")


def parse_directive(path: str, line: str, line_number: int) -> Declaration | None:
    """`# scriptlint: industry=finance channel=phone direction=outbound` -> its raw values.
    Only the syntax is checked here; the values are checked like the config's, later."""
    match = DIRECTIVE_RE.match(line)
    if match is None:
        return None
    values: list[tuple[str, str]] = []
    for item in match.group("body").split():
        key, sep, value = item.partition("=")
        key = key.strip().lower()
        if not sep or key not in DECLARATION_KEYS or not value:
            raise InputError(path, f"bad scriptlint directive '{mask(item)}' (keys: {', '.join(DECLARATION_KEYS)})", line_number)
        values.append((key, value))
    return Declaration(tuple(values), line_number)


# A Markdown table's delimiter row cell: ---, :--, --:, :-:
DELIMITER_CELL_RE = re.compile(r"[ \t]*:?-+:?[ \t]*")
THEMATIC_BREAK_RE = re.compile(r"[-=*_ ]{3,}")


@dataclass(frozen=True)
class Cell:
    """A table cell's text, blanks around it removed and `\\|` read as `|`; `start` is where it
    begins in its line, `offsets` the place of each character (and one past the end) when an
    escape makes the text differ from its source, else None."""

    text: str
    start: int
    offsets: tuple[int, ...] | None = None

    def utterance(self, role: str, line: int, column_base: int = 1) -> Utterance:
        """The cell as an utterance on `line`, its line starting at column `column_base`."""
        utterance = Utterance(self.text, role, line, column_base + self.start)
        if self.offsets is not None:
            utterance.offsets = [(line, column_base + o) for o in self.offsets]
        return utterance


# A cell separator: a pipe not escaped as \\|.
PIPE_RE = re.compile(r"(?<!\\)\|")


def _unescaped_pipes(line: str) -> list[int]:
    return [match.start() for match in PIPE_RE.finditer(line)] if "|" in line else []


def split_row(line: str) -> list[Cell]:
    """The cells of a Markdown table row (GitHub's rules: the outer pipes are optional, a pipe
    inside a cell is written \\|)."""
    pipes = _unescaped_pipes(line)
    bounds = [-1, *pipes, len(line)]
    segments = [(bounds[i] + 1, bounds[i + 1]) for i in range(len(bounds) - 1)]
    if pipes and not line[:pipes[0]].strip():
        segments = segments[1:]  # before a leading pipe
    if pipes and len(segments) > 1 and not line[pipes[-1] + 1:].strip():
        segments = segments[:-1]  # after a trailing pipe
    cells: list[Cell] = []
    for start, end in segments:
        while start < end and line[start] in " \t":
            start += 1
        while end > start and line[end - 1] in " \t":
            end -= 1
        raw = line[start:end]
        if "\\|" not in raw:
            cells.append(Cell(raw, start))
            continue
        text: list[str] = []
        offsets: list[int] = []
        p = start
        while p < end:
            offsets.append(p)
            if line.startswith("\\|", p):
                text.append("|")
                p += 2
            else:
                text.append(line[p])
                p += 1
        offsets.append(end)
        cells.append(Cell("".join(text), start, tuple(offsets)))
    return cells


def is_delimiter_row(line: str, width: int | None = None) -> bool:
    """A table's |---|:--:| row (with `width` cells, when given: a header and its delimiter
    row have as many)."""
    if "|" not in line or "-" not in line:
        return False
    cells = split_row(line)
    return bool(cells) and all(DELIMITER_CELL_RE.fullmatch(c.text) for c in cells) and width in (None, len(cells))


@dataclass(frozen=True)
class QATable:
    """Which cells of a table row are said by whom: the bot's column (None: each row's last
    cell) and the customer's question column, if any."""

    bot: int | None = None
    question: int | None = None

    @classmethod
    def of_header(cls, path: str, header: Sequence[str], line: int | None) -> tuple[QATable, bool]:
        """The table a header row describes, and whether the header was recognized (a column
        of replies or of questions); an unrecognized one leaves the bot the last column."""
        columns = pick_columns(path, header, line)
        bot = columns.text if columns.text is not None else len(header) - 1
        question = columns.question if columns.question != bot else None
        return cls(bot, question), columns.text is not None or columns.question is not None

    def utterances(self, cells: Sequence[Cell], line: int, column_base: int = 1) -> list[Utterance]:
        """The question and reply of one row, in the order they stand in it."""
        bot = self.bot if self.bot is not None else len(cells) - 1
        roles = {bot: BOT}
        if self.question is not None and self.question != bot:
            roles[self.question] = CUSTOMER
        return [cells[i].utterance(role, line, column_base) for i, role in sorted(roles.items())
                if 0 <= i < len(cells) and cells[i].text.strip()]


@dataclass
class LineReader:
    """Lines to utterances, one line at a time: declarations, comments, speaker markers, and in
    Markdown fences, HTML comments, quotes, list markers and tables. Fed by text scripts, line
    by line, and by Word documents, paragraph by paragraph."""

    path: str
    speakers: Speakers
    markdown: bool = False
    utterances: list[Utterance] = field(default_factory=list)
    declaration: Declaration | None = None
    has_speakers: bool = False
    _in_fence: bool = False
    _in_comment: bool = False
    _table: QATable | None = None
    _table_has_header: bool = False
    # A Markdown line with a pipe, kept until the next line says whether it is a table header.
    _held: tuple[str, int, int] | None = None
    # Suppression comments (`# scriptlint: ignore[…]`), resolved when the script is complete.
    directives: CommentCollector = field(default_factory=CommentCollector)
    _windows: int = 0  # windows of a long script handed over so far

    def feed(self, raw: str, number: int, column_base: int = 1) -> None:
        """Read one line, numbered `number`, whose first character is at column `column_base`."""
        if self._held is not None:
            held, held_number, held_base = self._held
            self._held = None
            header = split_row(held)
            if is_delimiter_row(raw, len(header)):
                self._table, _ = QATable.of_header(self.path, [c.text for c in header], held_number)
                self._table_has_header = True
                return
            self._line(held, held_number, held_base, may_hold=False)
        self._line(raw, number, column_base)

    def finish(self) -> None:
        """Read what is still held back (a last line with a pipe)."""
        if self._held is not None:
            held, held_number, held_base = self._held
            self._held = None
            self._line(held, held_number, held_base, may_hold=False)

    def add(self, utterance: Utterance) -> None:
        """An utterance whose role the caller knows (a table cell's column says it)."""
        self.has_speakers = self.has_speakers or utterance.role != BOT
        self.utterances.append(utterance)

    def add_table_row(self, table: QATable, cells: Sequence[Cell], line: int, column_base: int = 1) -> None:
        for utterance in table.utterances(cells, line, column_base):
            self.add(utterance)

    def _line(self, raw: str, number: int, column_base: int = 1, may_hold: bool = True) -> None:
        if not (self.markdown and (self._in_fence or self._in_comment)):
            without = self.directives.take(raw, number, column_base)
            if len(without) != len(raw) and not without.strip():
                return  # a line that is only a directive is not there for the text around it
            raw = without
        stripped = raw.strip()
        # The declaration may follow a title or other comments, as long as it comes before the
        # first utterance; the first one counts.
        if not self.utterances and self.declaration is None and stripped:
            self.declaration = parse_directive(self.path, raw, number)
            if self.declaration is not None:
                return
        if self.markdown and self._markdown_block(raw, stripped, number, column_base, may_hold):
            return
        if not stripped or COMMENT_RE.match(stripped):
            return
        offset = 0
        if self.markdown:
            for prefix_re in (QUOTE_RE, LIST_MARKER_RE):
                # Matched on the rest of the line: `^` would not match at `pos` of the whole line.
                match = prefix_re.match(raw[offset:])
                if match:
                    offset += match.end()
        else:
            # "1. 客户：…" in a numbered plain-text script: the number is not part of the turn.
            match = LIST_MARKER_RE.match(raw)
            if match and self.speakers.split(raw[match.end():])[0] is not None:
                offset = match.end()
        role, marker_end = self.speakers.split(raw[offset:])
        if role is not None:
            self.has_speakers = True
            offset += marker_end
        else:
            # Leading indentation is not part of the utterance.
            offset += len(raw[offset:]) - len(raw[offset:].lstrip())
        body = raw[offset:].rstrip()
        if body:
            self.utterances.append(Utterance(body, role or BOT, number, column_base + offset))

    def _markdown_block(self, raw: str, stripped: str, number: int, column_base: int, may_hold: bool) -> bool:
        """True when the line is Markdown structure, read here (fences, comments, tables)."""
        if self._in_comment:
            if "-->" in stripped:
                self._in_comment = False
            return True
        if stripped.startswith(("```", "~~~")):
            self._in_fence = not self._in_fence
            return True
        if self._in_fence:
            return True
        if stripped.startswith("<!--"):
            if "-->" not in stripped:
                self._in_comment = True
            return True
        if self._table is not None:
            # A table runs until a line without a pipe (a headerless one: until one that does
            # not start with a pipe).
            if stripped.startswith("|") or (self._table_has_header and PIPE_RE.search(stripped)):
                if not is_delimiter_row(raw):
                    self.add_table_row(self._table, split_row(raw), number, column_base)
                return True
            self._table = None
        if may_hold and "|" in stripped and PIPE_RE.search(stripped):
            self._held = (raw, number, column_base)  # a table's header, if a delimiter row follows
            return True
        if stripped.startswith("|"):
            # Rows without a header row: the bot's words are each row's last cell.
            self._table, self._table_has_header = QATable(), False
            if not is_delimiter_row(raw):
                self.add_table_row(self._table, split_row(raw), number, column_base)
            return True
        return THEMATIC_BREAK_RE.fullmatch(stripped or "x") is not None

    def script(self, source: SourceFile | None) -> Script:
        """The script, or the last window of a script read in windows."""
        self.finish()
        lines = text_lines(self.utterances)
        return Script(self.path, Kind.SCRIPT, self.utterances, self.declaration, has_speakers=self.has_speakers,
                      source=source, suppressions=self.directives.suppressions(lines, lines),
                      window=self._windows, more=False)

    def window(self, source: SourceFile | None, count: int, has_speakers: bool) -> Script:
        """A window of a long script: the first `count` utterances read, which are forgotten, with
        the directives read so far. The utterances after them (read with the line that closed
        the window) stay for the next window; directives on or before them cover them, which
        the suppression pass keeps in force for the windows to come."""
        lines = text_lines(self.utterances)
        script = Script(self.path, Kind.SCRIPT, self.utterances[:count], self.declaration, has_speakers=has_speakers,
                        source=source, suppressions=self.directives.suppressions(lines, lines), window=self._windows,
                        more=True)
        self.directives.forget()
        self.utterances = self.utterances[count:]
        self._windows += 1
        return script


def split_lines(text: str) -> Iterator[str]:
    """The lines of `text` without their line ends, one at a time (as LINE_BREAK.split gives
    them, without the list: a list of the lines of a large file costs more than the file)."""
    start = 0
    for match in LINE_BREAK.finditer(text):
        yield text[start:match.start()]
        start = match.end()
    yield text[start:]


def without_line_end(line: str) -> str:
    """A line read with its line end (CR LF, CR or LF), without it."""
    if line.endswith("\r\n"):
        return line[:-2]
    return line[:-1] if line.endswith(("\r", "\n")) else line


def read_text(source: SourceFile, text: str, speakers: Speakers, markdown: bool = False) -> Script:
    """The whole script in `text`."""
    reader = LineReader(source.path, speakers, markdown)
    for number, raw in enumerate(split_lines(text), start=1):
        reader.feed(raw, number)
    return reader.script(source)


def iter_text(source: SourceFile, lines: Callable[[], Iterable[str]], speakers: Speakers,
              markdown: bool = False) -> Iterator[Script]:
    """The script in `lines()` (its lines without line ends; each call reads them from the
    start), in windows when it is long (readers.windows): a window closes when a line brings an
    utterance past its limits, and that utterance opens the next one."""
    reader = LineReader(source.path, speakers, markdown)
    number = 0
    characters = 0  # in the utterances read so far for this window
    has_speakers: bool | None = None  # for every window: decided by the first one
    for number, raw in enumerate(lines(), start=1):
        before = len(reader.utterances)
        reader.feed(raw, number)
        if len(reader.utterances) > before and before and (before >= windows.WINDOW_UTTERANCES or characters >= windows.WINDOW_CHARACTERS):
            if has_speakers is None:
                # Whether the script has speaker markers decides which rules run on all of it:
                # when the first window has none, the rest is read once more to find one.
                has_speakers = reader.has_speakers or _any_speaker(source.path, lines(), speakers, markdown)
            yield reader.window(source, before, has_speakers)
            characters = 0
            before = 0
        characters += sum(len(u.text) for u in reader.utterances[before:])
    script = reader.script(source)
    if script.window:
        script.has_speakers = bool(has_speakers)
    yield script


def _any_speaker(path: str, lines: Iterable[str], speakers: Speakers, markdown: bool) -> bool:
    reader = LineReader(path, speakers, markdown)
    for number, raw in enumerate(lines, start=1):
        reader.feed(raw, number)
        if reader.has_speakers:
            return True
        reader.utterances.clear()  # only the markers matter here
        reader.directives.forget()
    reader.finish()
    return reader.has_speakers
