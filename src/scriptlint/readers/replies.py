"""Reply libraries (.csv): a header row, then one standalone bot reply per row."""
from __future__ import annotations

import csv
import io
import threading
from collections.abc import Callable

from ..model import BOT, InputError, Kind, LineIndex, Script, SourceFile, Suppression, Utterance
from .columns import header_name, no_text_column, pick_columns
from .directives import SUPPRESSION_KEY, fixed, from_value, lines_of, position
from .locate import place

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


def read_replies(source: SourceFile, text: str, on_error: Callable[[InputError], None] | None = None) -> Script:
    """The replies of a CSV file. A row without the text column is reported to `on_error` and
    skipped (raised when there is no `on_error`); a file without a text column, or with a bad
    quote, is an InputError."""
    # Not a @contextmanager: it would set __traceback__ on the frozen InputError passing through.
    with _FIELD_LIMIT_LOCK:
        previous = csv.field_size_limit(FIELD_LIMIT)
        try:
            return _read_replies(source, text, on_error)
        finally:
            csv.field_size_limit(previous)


def _read_replies(source: SourceFile, text: str, on_error: Callable[[InputError], None] | None) -> Script:
    path = source.path
    index = LineIndex(text)
    line_starts = index.line_starts
    # strict: an unclosed quote is an error, not a field that swallows the rest of the file.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    previous_end = 0
    try:
        header = next(reader, None)
        if header is None:
            return Script(path, Kind.REPLIES, [], source=source)
        names = [header_name(h) for h in header]
        column = pick_columns(path, header).text
        if column is None:
            raise no_text_column(path, header=header)
        # A `lint_ignore` column holds each row's suppression directive: not metadata.
        ignores = names.index(SUPPRESSION_KEY) if SUPPRESSION_KEY in names else None
        suppressions: list[Suppression] = []
        utterances: list[Utterance] = []
        previous_end = reader.line_num
        for row in reader:
            first_line = previous_end + 1
            previous_end = reader.line_num
            if not row or all(not cell.strip() for cell in row):
                continue
            if len(row) <= column:
                short = InputError(path, f"row has {len(row)} column(s), the text column is number {column + 1}", first_line)
                if on_error is None:
                    raise short
                on_error(short)  # one short row costs that row, not the file
                continue
            value = row[column]
            record_start = line_starts[first_line - 1] if first_line - 1 < len(line_starts) else len(text)
            record_end = line_starts[previous_end] if previous_end < len(line_starts) else len(text)
            utterance = None
            if value.strip():
                extra = {names[i]: cell for i, cell in enumerate(row) if i not in (column, ignores) and i < len(names)}
                utterance = Utterance(value, BOT, first_line, 1, extra=extra)
                found = _field_start(text, record_start, record_end, column)
                place(utterance, value, text, index, found if found != -1 else record_start, record_end)
                utterances.append(utterance)
            if ignores is not None and ignores < len(row) and row[ignores].strip():
                start = _field_start(text, record_start, record_end, ignores)
                start = start if start != -1 else record_start
                where = position(index, start, min(start + len(row[ignores]), record_end))
                suppressions += from_value(path, row[ignores], SUPPRESSION_KEY, fixed(where), lines_of(utterance))
    except csv.Error as exc:
        # Name the line where the bad record begins (an unclosed quote runs to the end).
        line = previous_end + 1 if previous_end < reader.line_num else reader.line_num or None
        if "field larger than field limit" in str(exc):
            raise InputError(path, f"invalid CSV: a field is longer than {FIELD_LIMIT:,} characters, the limit "
                                   "(is a quote left open?)", line) from None
        raise InputError(path, f"invalid CSV: {exc}", line) from None
    return Script(path, Kind.REPLIES, utterances, source=source, suppressions=suppressions)
