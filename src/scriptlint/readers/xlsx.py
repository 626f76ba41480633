"""Workbooks (.xlsx): every sheet is a reply library, or a script when it has a speaker column.

Read with openpyxl in read-only mode, row by row, with the values Excel cached: a formula is
never evaluated (one without a cached value reads as empty). Positions are cells: `line` is the
row, the column counts characters inside the cell, and each utterance carries its sheet and
column letters (model.Anchor). openpyxl comes with the `office` extra.
"""
from __future__ import annotations

import datetime
import re
import warnings
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from ..model import BOT, Anchor, InputError, Kind, Script, Suppression, Utterance, sheet_reference
from ..privacy import mask
from .columns import TEXT_COLUMNS, Columns, header_name, no_text_column, pick_columns
from .common import is_seconds
from .decode import _open
from .directives import SUPPRESSION_KEY, fixed, from_value
from .speakers import Speakers

# Rows above the header a sheet may have (a title, a date, a note).
HEADER_SEARCH_ROWS = 10
_CLOCK = re.compile(r"(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:\.\d+)?)")

# openpyxl warns on stderr about styles and extensions it does not keep: nothing a linter needs.
warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl(\.|$)")


def missing_extra(path: str, suffix: str) -> InputError:
    return InputError(path, f"install scriptlint[office] to read {suffix} files")


def unreadable(path: str, what: str, exc: BaseException, handle: object = None) -> InputError:
    """One line for a file the library cannot read (not a zip, a zip without a workbook …);
    the library's message names the open `handle` by its repr: it is named by its path here."""
    reason = str(exc).replace(str(handle), path) if handle is not None else str(exc)
    reason = " ".join(reason.split())[:200] or type(exc).__name__
    return InputError(path, f"cannot read {what} ({reason})")


def cell_text(value: object) -> str | None:
    """A cached cell value as the text a reader sees in Excel; None for an empty cell."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a phone number typed as a number is still that number
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return str(value)


def seconds(value: object) -> float | None:
    """A start time in seconds: a number, an Excel time or duration, or text such as "1:05";
    None when it is none of those."""
    if is_seconds(value):
        return float(value)  # type: ignore[arg-type]  # is_seconds: an int or a float
    if isinstance(value, datetime.time):
        return value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if isinstance(value, str):
        text = value.strip()
        match = _CLOCK.fullmatch(text)
        if match:
            hours, minutes, secs = match.groups()
            return int(hours or 0) * 3600 + int(minutes) * 60 + float(secs)
        try:
            number = float(text)
        except ValueError:
            return None
        return number if is_seconds(number) else None
    return None


def _header(path: str, row: Sequence[object], where: str) -> tuple[list[str], Columns] | None:
    """The row's names and columns when it is a header: it names a text column. A row of one
    cell (a title above the table, 客服话术库) must name it exactly."""
    names = [cell_text(value) or "" for value in row]
    filled = [name for name in names if name.strip()]
    if not filled:
        return None
    columns = pick_columns(path, names, None, where)
    if columns.text is None or (len(filled) == 1 and header_name(filled[0]) not in TEXT_COLUMNS):
        return None
    return names, columns


def _rows(path: str, sheet: Any, where: str,
          on_error: Callable[[InputError], None]) -> Iterator[tuple[int, tuple[object, ...]]]:
    """(row number, cached values) of every row. Where the sheet is damaged the library fails:
    that is reported and the rows end there, so the rows before it and the other sheets are
    still checked."""
    try:
        # Some writers declare wrong dimensions; without them every row is read.
        sheet.reset_dimensions()
        yield from enumerate(sheet.iter_rows(values_only=True), start=1)
    except Exception as exc:  # noqa: BLE001 - whatever a damaged sheet makes the library raise is reported
        on_error(unreadable(path, f"sheet {where}", exc))


def _letters(column: int) -> str:
    """Excel's letters of a 0-based column index: 0 -> A, 26 -> AA."""
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(column + 1))


def _read_sheet(path: str, sheet: Any, index: int, speakers: Speakers,
                on_error: Callable[[InputError], None]) -> Script | None:
    reference = sheet_reference(str(sheet.title))
    where = f"sheet {reference}: "
    rows = _rows(path, sheet, reference, on_error)
    header: tuple[list[str], Columns] | None = None
    seen = 0
    for _, row in rows:
        if not any((cell_text(value) or "").strip() for value in row):
            continue
        seen += 1
        header = _header(path, row, where)
        if header is not None or seen >= HEADER_SEARCH_ROWS:
            break
    if header is None:
        if seen:
            on_error(no_text_column(path, None, where))
        return None  # an empty sheet has nothing to check
    names, columns = header
    assert columns.text is not None  # _header: a header names its text column
    anchor = Anchor(str(sheet.title), _letters(columns.text), index)
    # A `lint_ignore` column holds each row's suppression directive: not metadata.
    ignores = next((i for i, name in enumerate(names) if header_name(name) == SUPPRESSION_KEY), None)
    ignore_anchor = Anchor(str(sheet.title), _letters(ignores), index) if ignores is not None else None
    utterances: list[Utterance] = []
    suppressions: list[Suppression] = []
    for number, row in rows:
        text = cell_text(row[columns.text]) if columns.text < len(row) else None
        if ignores is not None and ignores < len(row):
            directive = cell_text(row[ignores]) or ""
            covers = (number, number) if text is not None and text.strip() else None
            suppressions += from_value(path, directive, SUPPRESSION_KEY, fixed((number, 1, number, len(directive) + 1)),
                                       covers, anchor=ignore_anchor)
        if text is None or not text.strip():
            continue
        role = BOT
        start = None
        if columns.speaker is not None:
            speaker = cell_text(row[columns.speaker]) if columns.speaker < len(row) else None
            if speaker is not None and speaker.strip():
                found = speakers.role_of(speaker)
                if found is None:
                    on_error(InputError(path, f"{reference}!{_letters(columns.speaker)}{number}: "
                                              f"unknown role '{mask(speaker)}'"))
                    continue
                role = found
        if columns.start is not None and columns.start < len(row) and row[columns.start] is not None:
            start = seconds(row[columns.start])
            if start is None:
                on_error(InputError(path, f"{reference}!{_letters(columns.start)}{number}: "
                                          "the start must be a number of seconds or a time"))
                continue
        extra = {header_name(names[i]): cell_text(value) or "" for i, value in enumerate(row)
                 if i not in (columns.text, ignores) and i < len(names) and names[i].strip()}
        utterances.append(Utterance(text, role, number, 1, start, extra=extra, anchor=anchor))
    if columns.speaker is not None:
        return Script(path, Kind.SCRIPT, utterances, has_speakers=True, suppressions=suppressions)
    return Script(path, Kind.REPLIES, utterances, suppressions=suppressions)


def read_workbook(path: str, speakers: Speakers, on_error: Callable[[InputError], None]) -> Iterator[Script]:
    """One Script per sheet that has rows, in workbook order. A sheet without a text column is
    reported (on_error) and the others are still read; a file that is not a workbook raises."""
    try:
        import openpyxl
    except ImportError:
        raise missing_extra(path, ".xlsx") from None
    with _open(path) as handle:
        try:
            workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True, keep_links=False)
        except Exception as exc:  # broad on purpose: not a zip, not a workbook, a damaged part …
            raise unreadable(path, "as an .xlsx workbook", exc, handle) from exc
        try:
            for index, sheet in enumerate(workbook.worksheets):
                script = _read_sheet(path, sheet, index, speakers, on_error)
                if script is not None:
                    yield script
        finally:
            workbook.close()


__all__ = ["cell_text", "missing_extra", "read_workbook", "seconds", "unreadable"]
