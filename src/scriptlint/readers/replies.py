"""Reply libraries (.csv): a header row, then one standalone bot reply per row."""
from __future__ import annotations

import csv
import threading
from collections.abc import Callable, Iterable, Iterator

from ..model import BOT, LINE_BREAK, InputError, Kind, LineIndex, Script, SourceFile, Suppression, Utterance
from .columns import header_name, no_text_column, pick_columns
from .directives import SUPPRESSION_KEY, fixed, from_value, lines_of, position
from .locate import place
from .windows import windows

# The longest field read, in characters: far above any reply (the csv module's default, 128 K,
# is not), and a bound on what one unclosed quote can make a single field swallow.
FIELD_LIMIT = 10 * 1024 * 1024
# csv.field_size_limit is one setting for the whole process: it is raised only while a file is
# read, and one file at a time, so a caller's own csv code keeps its limit.
_FIELD_LIMIT_LOCK = threading.Lock()


def _field_start(text: str, start: int, end: int, column: int) -> int:
    """Offset of the first character of field `column` in the record text[start:end]
    (after the opening quote of a quoted field), or -1."""
    p = start
    for _ in range(column):
        if p < end and text[p] == '"':
            p += 1
            while p < end:
                if text[p] == '"':
                    if p + 1 < end and text[p + 1] == '"':
                        p += 2
                        continue
                    break
                p += 1
            p += 1
        comma = text.find(",", p, end)
        if comma == -1:
            return -1
        p = comma + 1
    if p < end and text[p] == '"':
        p += 1
    return p


class _Records:
    """The lines of a CSV file with their line ends, as csv.reader reads them, kept until taken:
    the reader takes the lines of one record and no more, so what is taken after a row is the
    text of its record."""

    def __init__(self, lines: Iterable[str]) -> None:
        self.lines = lines
        self.pending: list[str] = []

    def __iter__(self) -> Iterator[str]:
        for line in self.lines:
            self.pending.append(line)
            yield line

    def take(self) -> str:
        record = "".join(self.pending)
        self.pending.clear()
        return record


def lines_with_ends(text: str) -> Iterator[str]:
    """The lines of `text` with their line ends (CR LF, CR or LF), one at a time."""
    start = 0
    for match in LINE_BREAK.finditer(text):
        yield text[start:match.end()]
        start = match.end()
    if start < len(text):
        yield text[start:]


ErrorSink = Callable[[InputError], None]


def read_replies(source: SourceFile, text: str, on_error: ErrorSink | None = None) -> Script:
    """The whole reply library in `text`. A row without the text column is reported to
    `on_error` and skipped (raised when there is no `on_error`); a file without a text column,
    or with a bad quote, is an InputError."""
    rows = list(_replies(source.path, lines_with_ends(text), on_error))
    return Script(source.path, Kind.REPLIES, [u for u, _ in rows if u is not None], source=source,
                  suppressions=[s for _, found in rows for s in found])


def iter_replies(source: SourceFile, lines: Iterable[str], on_error: ErrorSink | None = None) -> Iterator[Script]:
    """The reply library in `lines` (with their line ends), in windows when it is long."""
    for window, number, more in windows(_replies(source.path, lines, on_error), lambda row: row[0].text if row[0] else ""):
        yield Script(source.path, Kind.REPLIES, [u for u, _ in window if u is not None], source=source,
                     window=number, more=more, suppressions=[s for _, found in window for s in found])


def _rows(reader: Iterator[list[str]]) -> Iterator[list[str]]:
    """The reader's rows, each read with the field limit raised: csv.field_size_limit is one
    setting for the whole process, so it is raised only while a record is parsed, by one thread
    at a time, and a caller's own csv code keeps its limit (a file read in windows is not held
    under the lock while its windows are checked)."""
    while True:
        with _FIELD_LIMIT_LOCK:
            previous = csv.field_size_limit(FIELD_LIMIT)
            try:
                row = next(reader, None)
            finally:
                csv.field_size_limit(previous)
        if row is None:
            return
        yield row


def _replies(path: str, lines: Iterable[str], on_error: ErrorSink | None
             ) -> Iterator[tuple[Utterance | None, list[Suppression]]]:
    """Each row's reply (None for a row with a directive and no text) and suppressions."""
    records = _Records(lines)
    # strict: an unclosed quote is an error, not a field that swallows the rest of the file.
    reader = csv.reader(records, strict=True)
    rows = _rows(reader)
    previous_end = 0
    try:
        header = next(rows, None)
        if header is None:
            return
        names = [header_name(h) for h in header]
        column = pick_columns(path, header).text
        if column is None:
            raise no_text_column(path, header=header)
        # A `lint_ignore` column holds each row's suppression directive: not metadata.
        ignores = names.index(SUPPRESSION_KEY) if SUPPRESSION_KEY in names else None
        previous_end = reader.line_num
        records.take()
        for row in rows:
            first_line = previous_end + 1
            previous_end = reader.line_num
            record = records.take()
            if not row or all(not cell.strip() for cell in row):
                continue
            if len(row) <= column:
                short = InputError(path, f"row has {len(row)} column(s), the text column is number {column + 1}", first_line)
                if on_error is None:
                    raise short
                on_error(short)  # one short row costs that row, not the file
                continue
            value = row[column]
            index = LineIndex(record, first_line=first_line)
            utterance = None
            if value.strip():
                extra = {names[i]: cell for i, cell in enumerate(row) if i not in (column, ignores) and i < len(names)}
                utterance = Utterance(value, BOT, first_line, 1, extra=extra)
                found = _field_start(record, 0, len(record), column)
                place(utterance, value, record, index, max(found, 0), len(record))
            suppressions: list[Suppression] = []
            if ignores is not None and ignores < len(row) and row[ignores].strip():
                start = _field_start(record, 0, len(record), ignores)
                start = max(start, 0)
                where = position(index, start, min(start + len(row[ignores]), len(record)))
                suppressions = from_value(path, row[ignores], SUPPRESSION_KEY, fixed(where), lines_of(utterance))
            if utterance is not None or suppressions:
                yield utterance, suppressions
    except csv.Error as exc:
        # Name the line where the bad record begins (an unclosed quote runs to the end).
        line = previous_end + 1 if previous_end < reader.line_num else reader.line_num or None
        if "field larger than field limit" in str(exc):
            raise InputError(path, f"invalid CSV: a field is longer than {FIELD_LIMIT:,} characters, the limit "
                                   "(is a quote left open?)", line) from None
        raise InputError(path, f"invalid CSV: {exc}", line) from None
