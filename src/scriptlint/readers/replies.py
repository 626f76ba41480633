"""Reply libraries (.csv): a header row, then one standalone bot reply per row."""
from __future__ import annotations

import csv
import io

from ..model import BOT, InputError, Kind, LineIndex, Script, SourceFile, Utterance
from .locate import place

TEXT_COLUMNS = ("text", "reply", "say", "话术", "回复")


def read_replies(source: SourceFile, text: str) -> Script:
    path = source.path
    index = LineIndex(text)
    line_starts = index.line_starts
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            return Script(path, Kind.REPLIES, [])
        names = [h.strip().lstrip("\ufeff").lower() for h in header]
        column = next((names.index(c) for c in TEXT_COLUMNS if c in names), None)
        if column is None:
            raise InputError(path, f"no text column in the header (expected one of: {', '.join(TEXT_COLUMNS)})", 1)
        utterances: list[Utterance] = []
        previous_end = reader.line_num
        for row in reader:
            first_line = previous_end + 1
            previous_end = reader.line_num
            if not row or all(not cell.strip() for cell in row):
                continue
            if len(row) <= column:
                raise InputError(path, f"row has {len(row)} column(s), the text column is number {column + 1}", first_line)
            value = row[column]
            if not value.strip():
                continue
            extra = {names[i]: cell for i, cell in enumerate(row) if i != column and i < len(names)}
            utterance = Utterance(value, BOT, first_line, 1, extra=extra)
            record_start = line_starts[first_line - 1] if first_line - 1 < len(line_starts) else len(text)
            record_end = line_starts[previous_end] if previous_end < len(line_starts) else len(text)
            found = text.find(value, record_start, record_end)
            place(utterance, value, text, index, found if found != -1 else record_start, record_end)
            utterances.append(utterance)
    except csv.Error as exc:
        raise InputError(path, f"invalid CSV: {exc}", reader.line_num or None) from None
    return Script(path, Kind.REPLIES, utterances)
