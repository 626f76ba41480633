"""Suppression directives as readers find them, raw: the codes as written, the reason, where the
directive stands and which lines it covers. Whether the codes exist and what the directive
silences is the suppression pass's business (`scriptlint.suppressions`).

Two spellings:

* a comment, in text scripts, Markdown, Word paragraphs and YAML:
  `# scriptlint: ignore[SL302, false-promise] reason` (also `<!-- … -->`, and in text formats the
  full-width `＃` and `：` a Chinese input method types), or `# scriptlint: file-ignore[…] reason`;
* a value, in JSON/YAML flows, CSV, JSONL and workbooks: the `lint_ignore` key or column, holding
  `"SL302 reason"`, `"[SL302, SL303] reason"` or a list of such texts.

A comment covers the text on its own line; a comment alone on its line covers the next line that
holds text (YAML: the item of the nodes list it stands in, else the next one).
"""
from __future__ import annotations

import bisect
import functools
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..model import ALL_CATEGORIES, Anchor, InputError, LineIndex, Suppression, Utterance

SUPPRESSION_KEY = "lint_ignore"

# The opening of a comment directive: `#`, `＃` or `<!--` at the start of the line or after a
# blank, `scriptlint:`, then `ignore` or `file-ignore`.
_OPENING = re.compile(r"(?:^|(?<=\s))(?P<open>[#＃]|<!--)[ \t]*scriptlint[ \t]*[:：][ \t]*"
                      r"(?P<kind>file-ignore|ignore)(?![\w-])", re.IGNORECASE)
_BRACKETS = re.compile(r"[ \t]*[\[［](?P<codes>[^\]］]*)[\]］]")
_SEPARATORS = re.compile(r"[\s,，、;；]+")
# A leading word that reads as a code in a `lint_ignore` value without brackets ("SL302 reason").
_CODE_LIKE = re.compile(r"[A-Za-z]{1,4}\d{1,4}")
_REASON_LEAD = " \t:：-–—=,，"


@dataclass(frozen=True)
class Directive:
    """What one directive says."""

    codes: tuple[str, ...]
    reason: str | None
    file_level: bool = False


def _reason(text: str) -> str | None:
    return text.strip().lstrip(_REASON_LEAD).strip() or None


def _codes(text: str) -> tuple[str, ...]:
    return tuple(code for code in _SEPARATORS.split(text) if code)


@dataclass(frozen=True)
class Comment:
    """A comment directive inside a line: [start, end) of the line, and what it says."""

    start: int
    end: int
    directive: Directive


def find_comment(line: str, full_width: bool = True) -> Comment | None:
    """The `# scriptlint: ignore[…]` (or `file-ignore`) comment in `line`, if any. It runs to
    the end of the line; an HTML comment ends at its `-->`, after which only blanks may
    follow. `full_width=False` (YAML) accepts only `#`: there `＃` is text."""
    for match in _OPENING.finditer(line):
        opening = match.group("open")
        if opening == "＃" and not full_width:
            continue
        body_end = len(line.rstrip())
        end = body_end
        if opening == "<!--":
            close = line.find("-->", match.end())
            if close == -1 or line[close + 3:].strip():
                continue
            body_end, end = close, close + 3
        rest = line[match.end():body_end]
        brackets = _BRACKETS.match(rest)
        codes = _codes(brackets.group("codes")) if brackets else ()
        reason = _reason(rest[brackets.end():] if brackets else rest)
        return Comment(match.start(), end, Directive(codes, reason, match.group("kind").lower() == "file-ignore"))
    return None


def parse_value(text: str) -> Directive:
    """A `lint_ignore` text: "[SL302, false-promise] reason", or codes then the reason
    ("SL302 SL303 reason", "false-promise: reason"): leading words that look like codes or
    are categories are the codes, the rest is the reason."""
    text = text.strip()
    brackets = _BRACKETS.match(text)
    if brackets is not None:
        return Directive(_codes(brackets.group("codes")), _reason(text[brackets.end():]))
    codes: list[str] = []
    position = 0
    for word in re.finditer(r"[^\s,，、;；:：]+", text):
        if text[position:word.start()].strip(" \t,，、;；") or not (
                _CODE_LIKE.fullmatch(word.group()) or word.group().lower() in ALL_CATEGORIES):
            break
        codes.append(word.group())
        position = word.end()
    return Directive(tuple(codes), _reason(text[position:]))


def value_texts(path: str, value: object, where: str, line: int | None) -> list[tuple[int | None, str]]:
    """The texts of a `lint_ignore` value, each with its index in a list (None: the value is
    one text); empty ones are left out. A value that is neither a text nor a list of texts is
    an input error, as a `say` that is no text is."""
    if value is None:
        return []
    if isinstance(value, str):
        return [(None, value)] if value.strip() else []
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return [(index, item) for index, item in enumerate(value) if item.strip()]
    raise InputError(path, f"{where} must be a text or a list of texts (codes, then the reason)", line)


def last_line(utterance: Utterance) -> int:
    """The line of the utterance's last character."""
    return utterance.locate(max(len(utterance.text) - 1, 0))[0]


def lines_of(utterance: Utterance | None) -> tuple[int, int] | None:
    """(first line, last line) of an utterance's text; None for none."""
    return (utterance.line, last_line(utterance)) if utterance is not None else None


def text_lines(utterances: Sequence[Utterance]) -> list[tuple[int, int]]:
    """(first line, last line) of each utterance."""
    return [(u.line, last_line(u)) for u in utterances]


@dataclass(frozen=True)
class Coverage:
    """Which text a comment directive covers, per utterance: its owner (its own lines, or the
    lines of its YAML item) and its text's lines. Owners are in line order and do not overlap,
    except utterances on one line (the cells of a table row), whose owners are equal."""

    owners: Sequence[tuple[int, int]]
    texts: Sequence[tuple[int, int]]

    @functools.cached_property
    def _firsts(self) -> list[int]:
        return [first for first, _ in self.owners]

    def of(self, line: int) -> tuple[int, int] | None:
        """The lines a directive on `line` covers: the text of the utterances whose owner holds
        `line`, else of the first ones after it; None when no text follows."""
        firsts = self._firsts
        after = bisect.bisect_right(firsts, line)
        holding = after - 1
        if holding >= 0 and self.owners[holding][1] >= line:
            first = firsts[holding]
        elif after < len(firsts):
            first = firsts[after]
        else:
            return None
        chosen = range(bisect.bisect_left(firsts, first), bisect.bisect_right(firsts, first))
        return min(self.texts[i][0] for i in chosen), max(self.texts[i][1] for i in chosen)


class CommentCollector:
    """The comment directives of a file read line by line, kept until its utterances are
    known (a comment alone on its line covers the next line that holds text)."""

    def __init__(self, anchor: Anchor | None = None) -> None:
        self.anchor = anchor  # Word paragraphs: where a directive stands is a paragraph too
        self._found: list[tuple[int, int, int, str, Directive]] = []  # line, column, end column, text

    def take(self, raw: str, number: int, column_base: int = 1, full_width: bool = True) -> str:
        """`raw` without the directive it ends with, which is recorded."""
        comment = find_comment(raw, full_width)
        if comment is None:
            return raw
        self.record(comment, raw, number, column_base)
        return raw[:comment.start]

    def record(self, comment: Comment, raw: str, number: int, column_base: int = 1) -> None:
        """Keep `comment`, found in `raw`, line `number`."""
        self._found.append((number, column_base + comment.start, column_base + comment.end,
                            raw[comment.start:comment.end], comment.directive))

    def forget(self) -> None:
        """Drop the directives read so far (handed over with a window of a long script)."""
        self._found.clear()

    def suppressions(self, owners: Sequence[tuple[int, int]], texts: Sequence[tuple[int, int]]) -> list[Suppression]:
        """The directives, each with the lines it covers (see `Coverage`)."""
        coverage = Coverage(owners, texts)
        return [Suppression(directive.codes, directive.reason, line, column, line, end_column, text,
                            directive.file_level, None if directive.file_level else coverage.of(line), self.anchor)
                for line, column, end_column, text, directive in self._found]


# (line, column, end line, end column) of a directive.
Place = tuple[int, int, int, int]


def fixed(place: Place) -> Callable[[int | None], Place]:
    """Every item of a value at one place (a cell of a table)."""
    return lambda item: place


def from_value(path: str, value: object, where: str, place_of: Callable[[int | None], Place],
               covers: tuple[int, int] | None, file_level: bool = False,
               anchor: Anchor | None = None) -> list[Suppression]:
    """The suppressions of one `lint_ignore` value, covering the lines `covers` (the whole file
    when `file_level`); `place_of(i)` is where item i of a list value stands (None: the value)."""
    out = []
    for index, item in value_texts(path, value, where, place_of(None)[0]):
        directive = parse_value(item)
        line, column, end_line, end_column = place_of(index)
        out.append(Suppression(directive.codes, directive.reason, line, column, end_line, end_column, item.strip(),
                               file_level, None if file_level else covers, anchor))
    return out


# --- where JSON values stand -----------------------------------------------------------------

JsonPath = tuple[str | int, ...]
_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+', re.DOTALL)


@dataclass
class _Open:
    """A JSON object or list being read: its path, where it starts, the key or index of the
    value to come."""

    path: JsonPath
    start: int
    is_object: bool
    key: str | None = None
    index: int = 0
    expects_key: bool = False


def json_value_spans(source: str, wanted: Callable[[JsonPath], bool]) -> dict[JsonPath, tuple[int, int]]:
    """[start, end) in `source` (valid JSON: it was parsed before) of every value whose path
    `wanted` accepts; a path holds the keys and list indexes from the top: ("nodes", 3,
    "lint_ignore"). Read without recursion, so nesting depth costs no stack."""
    spans: dict[JsonPath, tuple[int, int]] = {}
    stack: list[_Open] = []
    for token in _JSON_TOKEN.finditer(source):
        text = token.group()
        top = stack[-1] if stack else None
        if text == ":":
            continue
        if text == ",":
            if top is not None and top.is_object:
                top.expects_key = True
            elif top is not None:
                top.index += 1
            continue
        if text in "}]":
            closed = stack.pop()
            if wanted(closed.path):
                spans[closed.path] = (closed.start, token.end())
            continue
        if top is not None and top.expects_key:
            top.key, top.expects_key = json.loads(text), False
            continue
        slot: str | int = (top.key or "") if top is not None and top.is_object else top.index if top is not None else 0
        value_path: JsonPath = () if top is None else (*top.path, slot)
        if text in "{[":
            stack.append(_Open(value_path, token.start(), text == "{", expects_key=text == "{"))
        elif wanted(value_path):
            spans[value_path] = (token.start(), token.end())
    return spans


def position(index: LineIndex, start: int, end: int) -> Place:
    """(line, column, end line, end column) of source[start:end]."""
    line, column = index.position(start)
    end_line, end_column = index.position(end)
    return line, column, end_line, end_column


__all__ = [
    "SUPPRESSION_KEY",
    "Comment",
    "CommentCollector",
    "Coverage",
    "Directive",
    "Place",
    "find_comment",
    "from_value",
    "json_value_spans",
    "last_line",
    "lines_of",
    "parse_value",
    "position",
    "text_lines",
    "value_texts",
]
