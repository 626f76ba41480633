"""Word documents (.docx): paragraphs and table cells in document order.

python-docx (the `office` extra) opens the package; the document body is then walked here, so
that text python-docx's own API skips is read too: tracked insertions, content controls, smart
tags, field results. Deleted text, field codes, headers, footers, comments, footnotes and text
boxes are not read.

Positions are paragraphs: `line` is the paragraph's number, counted from the top of the body
in document order (empty paragraphs and the paragraphs of table cells included), and the
column counts characters inside the paragraph (a soft line break is one). Paragraphs are read
like the lines of a .txt script (declarations, comments, speaker markers, list numbers); a
table whose header names a question or a reply column is read like a Markdown Q&A table, and
any other table gives each row's last cell, read like a paragraph.
"""
from __future__ import annotations

from collections.abc import Iterator
from itertools import accumulate
from typing import Any

from ..model import BOT, CUSTOMER, Anchor, InputError, Script, Utterance
from .decode import _open
from .directives import CommentCollector
from .speakers import Speakers
from .text import LineReader, QATable
from .xlsx import missing_extra, unreadable

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PARAGRAPH, TABLE, ROW, CELL, RUN = _W + "p", _W + "tbl", _W + "tr", _W + "tc", _W + "r"
# Elements that wrap content without changing what it says: read through them.
BLOCK_WRAPPERS = frozenset(_W + name for name in ("sdt", "sdtContent", "customXml", "ins", "moveTo", "smartTag"))
INLINE_WRAPPERS = BLOCK_WRAPPERS | {_W + name for name in ("hyperlink", "fldSimple", "dir", "bdo")}
# What a run holds besides its text: tabs, line breaks, hyphens.
RUN_CHARACTERS = {_W + "tab": "\t", _W + "ptab": "\t", _W + "br": "\n", _W + "cr": "\n", _W + "noBreakHyphen": "-"}
MAX_GRID_SPAN = 1000
# A paragraph of a cell is read as a script line (LINES), said by one side (BOT, CUSTOMER), or
# only counted (None).
LINES = "lines"
PARAGRAPH_ANCHOR = Anchor(paragraph=True)


def _children(element: Any, tag: str) -> Iterator[Any]:
    """Children with `tag`, also those inside wrappers (a row in a content control)."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in BLOCK_WRAPPERS:
            yield from _children(child, tag)


def paragraph_text(paragraph: Any) -> str:
    parts: list[str] = []

    def inline(element: Any) -> None:
        for child in element:
            if child.tag == RUN:
                for item in child:
                    if item.tag == _W + "t":
                        parts.append(item.text or "")
                    elif item.tag in RUN_CHARACTERS:
                        parts.append(RUN_CHARACTERS[item.tag])
            elif child.tag in INLINE_WRAPPERS:
                inline(child)

    inline(paragraph)
    return "".join(parts)


def _property(cell: Any, name: str) -> Any:
    properties = cell.find(_W + "tcPr")
    return properties.find(_W + name) if properties is not None else None


def _span(cell: Any) -> int:
    span = _property(cell, "gridSpan")
    try:
        return max(1, min(int(span.get(_W + "val")), MAX_GRID_SPAN)) if span is not None else 1
    except (TypeError, ValueError):
        return 1


def _continues_a_merge(cell: Any) -> bool:
    """A cell merged into the one before it (above, or on the left): its text, if any, is not
    shown by Word; the first cell of the merge holds it."""
    for name in ("vMerge", "hMerge"):
        merge = _property(cell, name)
        if merge is not None and merge.get(_W + "val") in (None, "continue"):
            return True
    return False


class _DocumentReader:
    def __init__(self, path: str, speakers: Speakers) -> None:
        self.path = path
        self.lines = LineReader(path, speakers, directives=CommentCollector(PARAGRAPH_ANCHOR))
        self.number = 0

    def blocks(self, container: Any, mode: str | None) -> None:
        for child in container:
            if child.tag == PARAGRAPH:
                self.paragraph(child, mode)
            elif child.tag == TABLE:
                self.table(child)
            elif child.tag in BLOCK_WRAPPERS:
                self.blocks(child, mode)

    def paragraph(self, paragraph: Any, mode: str | None) -> None:
        self.number += 1
        if mode is None:
            return
        start = 0
        for piece in paragraph_text(paragraph).split("\n"):  # soft line breaks
            if mode == LINES:
                before = len(self.lines.utterances)
                self.lines.feed(piece, self.number, start + 1)
                for utterance in self.lines.utterances[before:]:
                    utterance.anchor = PARAGRAPH_ANCHOR
            else:
                said = self.lines.directives.take(piece, self.number, start + 1)  # a cell may end with one
                if said.strip():
                    lead = len(said) - len(said.lstrip())
                    self.lines.add(Utterance(said.strip(), mode, self.number, start + lead + 1, anchor=PARAGRAPH_ANCHOR))
            start += len(piece) + 1

    def table(self, table: Any) -> None:
        rows = [[(cell, _span(cell)) for cell in _children(row, CELL)] for row in _children(table, ROW)]
        if not rows:
            return
        header = rows[0]
        starts = list(accumulate((span for _, span in header[:-1]), initial=0))  # each header cell's grid column
        qa, recognized = QATable.of_header(
            self.path, [" ".join(paragraph_text(p) for p in _children(c, PARAGRAPH)) for c, _ in header], None)
        # Grid columns of the bot's and the customer's cells (a merged cell covers several).
        bot = starts[qa.bot] if recognized and qa.bot is not None else None
        question = starts[qa.question] if recognized and qa.question is not None else None
        for row_index, row in enumerate(rows):
            column = 0
            for index, (cell, span) in enumerate(row):
                covered = range(column, column + span)
                column += span
                mode: str | None = None
                if (row_index == 0 and recognized) or _continues_a_merge(cell):
                    mode = None
                elif not recognized:
                    mode = LINES if index == len(row) - 1 else None
                elif bot in covered:
                    mode = BOT
                elif question in covered:
                    mode = CUSTOMER
                self.blocks(cell, mode)


def read_document(path: str, speakers: Speakers) -> Script:
    try:
        import docx
    except ImportError:
        raise missing_extra(path, ".docx") from None
    with _open(path) as handle:
        try:
            body = docx.Document(handle).element.body
        except Exception as exc:  # broad on purpose: not a zip, not a Word document, a damaged part …
            raise unreadable(path, "as a .docx document", exc, handle) from exc
    reader = _DocumentReader(path, speakers)
    try:
        reader.blocks(body, LINES)
    except RecursionError:
        raise InputError(path, "cannot read as a .docx document (nested too deeply)") from None
    return reader.lines.script(None)


__all__ = ["paragraph_text", "read_document"]
