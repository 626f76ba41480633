"""Text scripts (.txt, .md): one utterance per line, optional speaker markers."""
from __future__ import annotations

import re

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


def read_text(source: SourceFile, text: str, speakers: Speakers, markdown: bool = False) -> Script:
    path = source.path
    utterances: list[Utterance] = []
    declaration: Declaration | None = None
    has_speakers = False
    in_fence = False
    in_comment = False
    for number, raw in enumerate(LINE_BREAK.split(text), start=1):
        stripped = raw.strip()
        # The declaration may follow a title or other comments, as long as it comes before the
        # first utterance; the first one counts.
        if not utterances and declaration is None and stripped:
            declaration = parse_directive(path, raw, number)
            if declaration is not None:
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
            has_speakers = True
            offset += marker_end
        else:
            # Leading indentation is not part of the utterance.
            offset += len(raw[offset:]) - len(raw[offset:].lstrip())
        body = raw[offset:].rstrip()
        if not body:
            continue
        utterances.append(Utterance(body, role or BOT, number, offset + 1))
    return Script(path, Kind.SCRIPT, utterances, declaration, has_speakers=has_speakers, source=source)
