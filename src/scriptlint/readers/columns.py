"""Which column of a table holds what: the header names that reply libraries (.csv, .xlsx),
Markdown tables and Word tables share."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..model import InputError
from ..privacy import mask
from .common import shown

# The bot's text, most specific first: the first name the header has wins.
TEXT_COLUMNS = ("text", "reply", "say", "话术", "回复", "回答", "答复", "答案", "答", "answer", "a")
# A Chinese header that ends in one of these is the bot's text too: 标准话术, 机器人回复, 参考答案.
TEXT_SUFFIXES = ("话术", "回复", "回答", "答复", "答案")
# What the customer asks (Markdown and Word Q&A tables).
QUESTION_COLUMNS = ("question", "问题", "问", "客户问题", "用户问题", "提问", "客户", "用户", "q")
QUESTION_SUFFIXES = ("问题", "提问")
# Who speaks and when (a sheet with a speaker column is a script, one turn per row).
SPEAKER_COLUMNS = ("speaker", "role", "角色", "说话人", "发言人", "讲话人")
START_COLUMNS = ("start", "start_time", "开始", "开始时间", "起始时间")


def header_name(cell: str) -> str:
    """A header cell as it is compared: without surrounding blanks, a BOM, Markdown emphasis
    or code marks, or a trailing colon, and lower-cased."""
    return cell.strip().lstrip("\ufeff").strip("*_` \t").rstrip(":：").strip().lower()


@dataclass(frozen=True)
class Columns:
    """0-based indexes of the columns a header names (None: not there)."""

    text: int | None
    question: int | None = None
    speaker: int | None = None
    start: int | None = None


def _find(names: Sequence[str], exact: Sequence[str], suffixes: tuple[str, ...] = (),
          taken: int | None = None) -> int | None:
    for wanted in exact:
        if wanted in names and names.index(wanted) != taken:
            return names.index(wanted)
    for index, name in enumerate(names):
        if index != taken and name.endswith(suffixes) and name:
            return index
    return None


def pick_columns(path: str, header: Sequence[str], line: int | None = 1, where: str = "") -> Columns:
    """The columns of a header row. The text column named twice is an error (which of the two
    holds the replies would be a guess); `where` prefixes the message ("sheet 'FAQ': ")."""
    names = [header_name(cell) for cell in header]
    text = _find(names, TEXT_COLUMNS, TEXT_SUFFIXES)
    if text is not None and names.count(names[text]) > 1:
        raise InputError(path, f"{where}the header names the text column '{mask(header[text].strip())}' twice", line)
    return Columns(
        text=text,
        question=_find(names, QUESTION_COLUMNS, QUESTION_SUFFIXES, taken=text),
        speaker=_find(names, SPEAKER_COLUMNS, taken=text),
        start=_find(names, START_COLUMNS, taken=text),
    )


def no_text_column(path: str, line: int | None = 1, where: str = "", header: Sequence[str] = ()) -> InputError:
    """The error for a header without a text column, naming the headers it has (masked, cut
    short) and, when its one cell holds `;`, a tab or `|`, the likelier cause: another separator."""
    found = ""
    if header:
        names = ", ".join(f"'{shown(h.strip().lstrip(chr(0xFEFF)))}'" for h in header[:10])
        more = f" and {len(header) - 10} more" if len(header) > 10 else ""
        found = f"found {names}{more}; "
    hint = "; columns are separated by commas" if len(header) == 1 and any(c in header[0] for c in ";\t|") else ""
    return InputError(path, f"{where}no text column in the header ({found}expected one of: {', '.join(TEXT_COLUMNS)}, "
                            f"or a name ending in {', '.join(TEXT_SUFFIXES)}{hint})", line)


__all__ = ["QUESTION_COLUMNS", "SPEAKER_COLUMNS", "START_COLUMNS", "TEXT_COLUMNS", "Columns", "header_name",
           "no_text_column", "pick_columns"]
