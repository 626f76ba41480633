"""Text scripts (.txt, .md): one utterance per line, optional speaker markers."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from ..model import (
    BOT,
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
from .speakers import Speakers
from .windows import windows

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


@dataclass
class _Found:
    """What reading a text script finds besides its utterances, updated as the lines go by."""

    declaration: Declaration | None = None
    has_speakers: bool = False


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
    found = _Found()
    utterances = list(_utterances(source.path, split_lines(text), speakers, markdown, found))
    return Script(source.path, Kind.SCRIPT, utterances, found.declaration, has_speakers=found.has_speakers, source=source)


def iter_text(source: SourceFile, lines: Callable[[], Iterable[str]], speakers: Speakers,
              markdown: bool = False) -> Iterator[Script]:
    """The script in `lines()` (its lines without line ends; each call reads them from the
    start), in windows when it is long (readers.windows)."""
    found = _Found()
    has_speakers: bool | None = None  # for every window: decided by the first one
    for utterances, number, more in windows(_utterances(source.path, lines(), speakers, markdown, found)):
        if has_speakers is None:
            # Whether the script has speaker markers decides which rules run on all of it: when
            # the first window has none, the rest of the script is read once more to find one.
            has_speakers = found.has_speakers or (more and _any_speaker(source.path, lines(), speakers, markdown))
        yield Script(source.path, Kind.SCRIPT, utterances, found.declaration, has_speakers=has_speakers,
                     source=source, window=number, more=more)


def _any_speaker(path: str, lines: Iterable[str], speakers: Speakers, markdown: bool) -> bool:
    found = _Found()
    for _ in _utterances(path, lines, speakers, markdown, found):
        if found.has_speakers:
            return True
    return found.has_speakers


def _utterances(path: str, lines: Iterable[str], speakers: Speakers, markdown: bool, found: _Found) -> Iterator[Utterance]:
    """The utterances of a text script, one line at a time; the declaration and whether a line
    had a speaker marker go to `found` as they are read."""
    seen_utterance = False
    in_fence = False
    in_comment = False
    for number, raw in enumerate(lines, start=1):
        stripped = raw.strip()
        # The declaration may follow a title or other comments, as long as it comes before the
        # first utterance; the first one counts.
        if not seen_utterance and found.declaration is None and stripped:
            found.declaration = parse_directive(path, raw, number)
            if found.declaration is not None:
                continue
        if markdown:
            if in_comment:
                if "-->" in stripped:
                    in_comment = False
                continue
            if stripped.startswith(("```", "~~~")):
                in_fence = not in_fence
                continue
            if in_fence:
                continue
            if stripped.startswith("<!--"):
                if "-->" not in stripped:
                    in_comment = True
                continue
            if stripped.startswith("|") or re.fullmatch(r"[-=*_ ]{3,}", stripped or "x"):
                continue
        if not stripped or COMMENT_RE.match(stripped):
            continue
        offset = 0
        if markdown:
            for prefix_re in (QUOTE_RE, LIST_MARKER_RE):
                # Matched on the rest of the line: `^` would not match at `pos` of the whole line.
                match = prefix_re.match(raw[offset:])
                if match:
                    offset += match.end()
        else:
            # "1. 客户：…" in a numbered plain-text script: the number is not part of the turn.
            match = LIST_MARKER_RE.match(raw)
            if match and speakers.split(raw[match.end():])[0] is not None:
                offset = match.end()
        role, marker_end = speakers.split(raw[offset:])
        if role is not None:
            found.has_speakers = True
            offset += marker_end
        else:
            # Leading indentation is not part of the utterance.
            offset += len(raw[offset:]) - len(raw[offset:].lstrip())
        body = raw[offset:].rstrip()
        if not body:
            continue
        seen_utterance = True
        yield Utterance(body, role or BOT, number, offset + 1)
