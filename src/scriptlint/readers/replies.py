"""Reply libraries (.csv): a header row, then one standalone bot reply per row."""
from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from ..model import BOT, LINE_BREAK, InputError, Kind, LineIndex, Script, SourceFile, Utterance
from .locate import place
from .windows import windows

TEXT_COLUMNS = ("text", "reply", "say", "话术", "回复")


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


def read_replies(source: SourceFile, text: str) -> Script:
    """The whole reply library in `text`."""
    return Script(source.path, Kind.REPLIES, list(_replies(source.path, lines_with_ends(text))), source=source)


def iter_replies(source: SourceFile, lines: Iterable[str]) -> Iterator[Script]:
    """The reply library in `lines` (with their line ends), in windows when it is long."""
    for utterances, number, more in windows(_replies(source.path, lines)):
        yield Script(source.path, Kind.REPLIES, utterances, source=source, window=number, more=more)


def _replies(path: str, lines: Iterable[str]) -> Iterator[Utterance]:
    records = _Records(lines)
    # strict: an unclosed quote is an error, not a field that swallows the rest of the file.
    reader = csv.reader(records, strict=True)
    previous_end = 0
    try:
        header = next(reader, None)
        if header is None:
            return
        names = [h.strip().lstrip("\ufeff").lower() for h in header]
        column = next((names.index(c) for c in TEXT_COLUMNS if c in names), None)
        if column is not None and names.count(names[column]) > 1:
            # Which of two same-named columns holds the replies is a guess: say so instead.
            raise InputError(path, f"the header names the text column '{header[column].strip()}' twice", 1)
        if column is None:
            raise InputError(path, f"no text column in the header (expected one of: {', '.join(TEXT_COLUMNS)})", 1)
        previous_end = reader.line_num
        records.take()
        for row in reader:
            first_line = previous_end + 1
            previous_end = reader.line_num
            # Positions are found in the record's own text: no index of the whole file is kept.
            record = records.take()
            if not row or all(not cell.strip() for cell in row):
                continue
            if len(row) <= column:
                raise InputError(path, f"row has {len(row)} column(s), the text column is number {column + 1}", first_line)
            value = row[column]
            if not value.strip():
                continue
            extra = {names[i]: cell for i, cell in enumerate(row) if i != column and i < len(names)}
            utterance = Utterance(value, BOT, first_line, 1, extra=extra)
            found = _field_start(record, 0, len(record), column)
            place(utterance, value, record, LineIndex(record, first_line=first_line), max(found, 0), len(record))
            yield utterance
    except csv.Error as exc:
        # Name the line where the bad record begins (an unclosed quote runs to the end).
        raise InputError(path, f"invalid CSV: {exc}", previous_end + 1 if previous_end < reader.line_num else reader.line_num or None) from None
