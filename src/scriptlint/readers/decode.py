"""Bytes to text: encoding, BOM and newline style are detected and remembered.

With `encoding = "auto"` (the default) a file is read as
1. what its BOM says: UTF-8, UTF-32 or UTF-16;
2. UTF-16 or UTF-32 without a BOM, when it has NUL bytes and one byte order reads as text
   far better than the others (charset.py); other files with NUL bytes are binary;
3. UTF-8 when its first 64 KiB decode as UTF-8 (pure ASCII included), or when most of their
   lines with non-ASCII bytes do (the others are reported, see below);
4. otherwise GB18030 (GBK is a subset) or Big5, whichever reads as Chinese: both decode almost
   any byte pair, so charset.py scores what each decoding gives. When neither clearly wins
   (too little text to tell), the file is an InputError that asks for `--encoding`.
A head of pure ASCII says nothing: the detection then looks at the first non-ASCII line.

A named encoding is used as it is (a BOM of it is skipped; UTF-16 and UTF-32 without a BOM
take the byte order that reads as text).

Bytes that do not decode in the chosen encoding cost their line, not the file: the line is
reported (an InputError naming file and line, so exit 2). A transcript line is skipped; in a
file read whole the bad bytes are read as U+FFFD, so the rest keeps its structure and
positions.
"""
from __future__ import annotations

import codecs
import contextlib
import io
import os
import re
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING

from ..fileio import open_regular
from ..model import InputError, SourceFile

if TYPE_CHECKING:
    from . import charset

SNIFF_BYTES = 1 << 16
_CHUNK_BYTES = 1 << 16

AUTO = "auto"
# The values documented for `--encoding`; any Python alias of a codec in SUPPORTED_CODECS works.
ENCODING_CHOICES = (AUTO, "utf-8", "utf-16", "utf-32", "gb18030", "gbk", "big5")
SUPPORTED_CODECS = frozenset({
    "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be",
    "gb18030", "gbk", "gb2312", "big5", "cp950", "big5hkscs",
})
_WIDE = ("utf-32-le", "utf-32-be", "utf-16-le", "utf-16-be")  # UTF-32 first: "a\0\0\0" is UTF-16 too
_LEGACY = ("gb18030", "big5")
_BIG5_FAMILY = ("big5", "cp950", "big5hkscs")  # cp950: Windows' Big5; big5hkscs: Hong Kong's
_NAMES = {"gb18030": "GB18030", "big5": "Big5"}
_FAMILIES = {"cp950": "big5", "big5hkscs": "big5"}
# (BOM, recorded encoding, codec of the bytes after it). UTF-32 LE first: its BOM begins with UTF-16 LE's.
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16-be"),
)
# A line ends at "\n" in the codec's own code unit.
_NEWLINES = {
    "utf-16-le": b"\n\x00", "utf-16-be": b"\x00\n",
    "utf-32-le": b"\n\x00\x00\x00", "utf-32-be": b"\x00\x00\x00\n",
}

# The error handler that marks each undecodable byte b as the lone surrogate U+DC00 + b. No
# decoder of a supported codec yields a lone surrogate itself, so a mark is always a bad byte
# (unlike surrogateescape, it also takes bytes below 0x80, as a broken UTF-16 unit has).
UNDECODABLE = "scriptlint-undecodable"
_MARKED = re.compile("[\udc00-\udcff]")
_NON_ASCII = re.compile(b"[\x80-\xff]")


def _mark_undecodable(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return "".join(chr(0xDC00 + byte) for byte in error.object[error.start:error.end]), error.end


codecs.register_error(UNDECODABLE, _mark_undecodable)


def canonical_encoding(name: str) -> str | None:
    """`auto`, or the Python name of a codec scriptlint reads (`UTF8` -> `utf-8`, `cp936` ->
    `gbk`, `big5-tw` -> `big5`); None for an unknown or unsupported name."""
    if name.strip().lower() == AUTO:
        return AUTO
    try:
        codec = codecs.lookup(name.strip()).name
    except LookupError:
        return None
    return codec if codec in SUPPORTED_CODECS else None


@dataclass(frozen=True)
class Encoding:
    """How a file's bytes are read."""

    name: str  # as SourceFile.encoding records it ("utf-16" for UTF-16 with a BOM)
    codec: str  # what the bytes after the BOM are decoded with, the byte order explicit
    bom_bytes: int = 0

    @property
    def newline(self) -> bytes:
        return _NEWLINES.get(self.codec, b"\n")


UTF8 = Encoding("utf-8", "utf-8")


def _newline_style(text: str) -> str:
    crlf = text.find("\r\n")
    lf = text.find("\n")
    cr = text.find("\r")
    if crlf != -1 and crlf <= lf:
        return "\r\n"
    if cr != -1 and (lf == -1 or cr < lf):
        return "\r"
    return "\n"


def _line_of(data: bytes, byte_offset: int) -> int:
    return data.count(b"\n", 0, byte_offset) + 1


def _bom(head: bytes) -> Encoding | None:
    for bom, name, codec in _BOMS:
        if head.startswith(bom):
            return Encoding(name, codec, len(bom))
    return None


def detect(path: str, head: bytes, complete: bool) -> Encoding:
    """The encoding of a file from its first bytes (`complete`: the head is the whole file).
    Raises InputError for a binary file, or when the encoding cannot be told."""
    found = _bom(head)
    if found is not None:
        return found
    if b"\x00" in head:
        return _wide(path, head, complete)
    try:
        head.decode("utf-8")
        return UTF8
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sniffed chunk is still UTF-8.
        if not complete and exc.start >= len(head) - 3 and exc.reason == "unexpected end of data":
            return UTF8
        first_error = exc.start
    # The last line of a head that is not the whole file may be cut in a character.
    sample = head if complete else head[:head.rfind(b"\n") + 1] or head
    if _mostly_utf8(sample):
        return UTF8
    return _legacy(path, sample, first_error)


def _mostly_utf8(sample: bytes) -> bool:
    """At least half the lines with non-ASCII bytes are UTF-8: a UTF-8 file with a broken line
    (a GB18030 or Big5 line of two characters or more is almost never valid UTF-8)."""
    non_ascii = bad = 0
    for line in sample.split(b"\n"):
        if line.isascii():
            continue
        non_ascii += 1
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            bad += 1
    return bad * 2 <= non_ascii


def _legacy(path: str, sample: bytes, first_error: int) -> Encoding:
    from . import charset

    def reading(codec: str) -> charset.Reading:
        return charset.score(sample.decode(codec, UNDECODABLE), codec)

    big5 = reading("big5")
    if big5.errors:
        # Windows' and Hong Kong's extensions of Big5 decode what plain Big5 does not.
        big5 = charset.rank([big5, *(reading(codec) for codec in _BIG5_FAMILY[1:])])[0]
    readings = charset.rank([reading("gb18030"), big5])
    best = charset.decided(readings)
    if best is not None:
        return Encoding(best.codec, best.codec)
    if not readings[0].plausible:
        raise InputError(path, "cannot decode: not UTF-8, GB18030 or Big5 (if it is another encoding "
                               "scriptlint reads, name it with --encoding)", _line_of(sample, first_error))
    first, second = (_FAMILIES.get(r.codec, r.codec) for r in readings)
    short = " (too little text to tell)" if readings[0].weighed < 200 else ""
    raise InputError(path, f"cannot tell whether this file is {_NAMES[first]} or {_NAMES[second]}{short}: "
                           f"name its encoding with --encoding {first} or --encoding {second} "
                           f"(or the config key `encoding`)")


def _wide(path: str, head: bytes, complete: bool) -> Encoding:
    """UTF-16 or UTF-32 without a BOM, or a binary file."""
    from . import charset

    sample = head if complete else head[:len(head) - len(head) % 4]
    best = charset.decided(_wide_readings(sample, _WIDE), charset.WIDE_MARGIN)
    if best is None:
        raise InputError(path, "binary file (NUL bytes); expected a text script")
    return Encoding(best.codec, best.codec)


def _wide_readings(sample: bytes, candidates: tuple[str, ...]) -> list[charset.Reading]:
    """The candidates' readings, ranked. Each line is decoded on its own, as LineStream does,
    so that a stray byte spoils one line, not the reading of the rest of the file."""
    from . import charset

    def reading(codec: str) -> charset.Reading:
        unit = 4 if codec.startswith("utf-32") else 2
        clean: list[str] = []
        spoiled = 0  # code units in lines that do not decode
        for line in sample.split(_NEWLINES[codec]):
            decoded = line.decode(codec, UNDECODABLE)
            if _MARKED.search(decoded) is None:
                clean.append(decoded)
            else:
                spoiled += -(-len(line) // unit)
        length = len(sample) // unit
        found = charset.score("\n".join(clean), codec)
        return charset.Reading(codec, found.score + spoiled * charset.IMPOSSIBLE, found.weighed + spoiled,
                               found.errors, spoiled, length)

    return charset.rank(reading(codec) for codec in candidates)


def _byte_order(head: bytes, family: str) -> Encoding:
    """A named UTF-16 or UTF-32 without its byte order: the BOM's, or the order that reads best."""
    best = _wide_readings(head[:len(head) - len(head) % 4], (f"{family}-le", f"{family}-be"))[0]
    return Encoding(best.codec, best.codec)


def named(name: str, head: bytes) -> Encoding:
    """How to read a file whose encoding the user named (a canonical codec name)."""
    found = _bom(head)
    if found is not None and (name in (found.codec, found.name) or (name == "utf-8-sig" and found.codec == "utf-8")):
        return found  # the named encoding's own BOM
    if name in ("utf-8", "utf-8-sig"):
        return UTF8
    if name in ("utf-16", "utf-32"):
        return _byte_order(head, name)
    return Encoding(name, name)


def _encoding(path: str, data: bytes, encoding: str) -> Encoding:
    """The encoding of a whole file in memory."""
    head = data[:SNIFF_BYTES]
    if encoding != AUTO:
        return named(encoding, head)
    found = detect(path, head, len(data) <= SNIFF_BYTES)
    if found is UTF8 and len(data) > SNIFF_BYTES and head.isascii():
        # Nothing but ASCII so far is no evidence for UTF-8: look at the first non-ASCII line.
        later = _NON_ASCII.search(data, SNIFF_BYTES)
        if later is not None:
            start = data.rfind(b"\n", 0, later.start()) + 1
            try:
                found = detect(path, data[start:start + SNIFF_BYTES], start + SNIFF_BYTES >= len(data))
            except InputError as error:  # its line counts from `start`
                lines_before = data.count(b"\n", 0, start)
                raise InputError(path, error.message, (error.line or 1) + lines_before) from None
    return found


def _breaks(text: str, start: int, end: int) -> int:
    """Line breaks in text[start:end] (CRLF, CR or LF; neither end inside a CRLF)."""
    return text.count("\n", start, end) + text.count("\r", start, end) - text.count("\r\n", start, end)


def _undecodable_lines(text: str) -> list[int]:
    lines: list[int] = []
    line, position = 1, 0
    for match in _MARKED.finditer(text):
        line += _breaks(text, position, match.start())
        position = match.start()
        if not lines or lines[-1] != line:
            lines.append(line)
    return lines


def decode_bytes(path: str, data: bytes, encoding: str = AUTO,
                 on_error: Callable[[InputError], None] | None = None) -> tuple[SourceFile, str]:
    """The text of a whole file and what its bytes were. Each line with undecodable bytes is
    reported to `on_error` and read with U+FFFD for them; without `on_error` the first such
    line raises."""
    found = _encoding(path, data, encoding)
    # After a BOM through a view: a copy of a large file would double its memory.
    body = memoryview(data)[found.bom_bytes:] if found.bom_bytes else data
    try:
        text = str(body, found.codec)
    except UnicodeDecodeError:
        text = str(body, found.codec, UNDECODABLE)
        for line in _undecodable_lines(text):
            error = InputError(path, f"cannot decode as {found.name} (undecodable bytes read as U+FFFD)", line)
            if on_error is None:
                raise error
            on_error(error)
        text = _MARKED.sub("\ufffd", text)
    return SourceFile(path, found.name, found.bom_bytes > 0, _newline_style(text[:SNIFF_BYTES])), text


# Standard input linted under a file name (--stdin-filename): its bytes, which _open serves as
# that file's while it is read, so each format is read by its own reader, positions and all.
_SERVED: ContextVar[tuple[str, bytes] | None] = ContextVar("scriptlint_served_stdin", default=None)


@contextlib.contextmanager
def serving(name: str, data: bytes) -> Iterator[None]:
    """Within the block, reading `name` reads `data` instead of the file system."""
    token = _SERVED.set((name, data))
    try:
        yield
    finally:
        _SERVED.reset(token)


def _open(path: str) -> IO[bytes]:
    """The file, opened for reading bytes; the caller closes it. Only a regular file is opened
    (a FIFO or a device is an InputError), and a change while it is read is reported at its end."""
    served = _SERVED.get()
    if served is not None and served[0] == path:
        return io.BytesIO(served[1])
    return open_regular(path)


def read_file(path: str, encoding: str = AUTO,
              on_error: Callable[[InputError], None] | None = None) -> tuple[SourceFile, str]:
    with _open(path) as handle:
        try:
            data = handle.read()
        except OSError as exc:
            raise InputError(path, f"cannot read: {exc.strerror}") from None
    return decode_bytes(path, data, encoding, on_error)


# Text and CSV files larger than this are decoded as they are read, line by line.
STREAM_BYTES = 16 << 20
CHUNK_BYTES = 1 << 20


def stream_lines(path: str, encoding: str = AUTO) -> tuple[SourceFile, Callable[[], Iterator[str]]] | None:
    """A large file's lines with their line ends, decoded as they are read (each call of the
    returned function reads the file again from its start), when the whole file decodes in the
    encoding read_file would choose: its text is then exactly read_file's, and memory does not
    grow with its size. None for a small file, standard input, a file whose encoding cannot be
    told or that does not decode throughout: read_file decides about those, errors and all."""
    served = _SERVED.get()
    if served is not None and served[0] == path:
        return None
    with _open(path) as handle:
        try:
            if os.fstat(handle.fileno()).st_size <= STREAM_BYTES:
                return None
            head = handle.read(SNIFF_BYTES)
            found = named(encoding, head) if encoding != AUTO else detect(path, head, False)
            if encoding == AUTO and found is UTF8 and head.isascii():
                found = _after_ascii_head(path, handle)
            # One pass that only decodes (fast, in C) proves the file decodes throughout.
            handle.seek(found.bom_bytes)
            decoder = codecs.getincrementaldecoder(found.codec)()
            style = _newline_style(decoder.decode(handle.read(SNIFF_BYTES)))
            while chunk := handle.read(CHUNK_BYTES):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except (InputError, UnicodeDecodeError, OSError):
            return None
    source = SourceFile(path, found.name, found.bom_bytes > 0, style)

    def lines() -> Iterator[str]:
        handle = _open(path)
        handle.seek(found.bom_bytes)
        reader = io.TextIOWrapper(handle, encoding=found.codec, newline="")
        try:
            yield from reader
        except UnicodeDecodeError as error:
            raise InputError(path, f"cannot decode as {found.name} ({error.reason}); did the file change "
                                   "while it was read?") from None
        finally:
            reader.close()

    return source, lines


def _after_ascii_head(path: str, handle: IO[bytes]) -> Encoding:
    """As `_encoding` decides for a file in memory: nothing but ASCII in the head is no
    evidence for UTF-8, so the encoding is told from the first line that is not ASCII."""
    position = SNIFF_BYTES
    handle.seek(position)
    while chunk := handle.read(CHUNK_BYTES):
        later = _NON_ASCII.search(chunk)
        if later is not None:
            before = chunk.rfind(b"\n", 0, later.start())
            start = position + before + 1 if before != -1 else _line_start(handle, position + later.start())
            handle.seek(start)
            window = handle.read(SNIFF_BYTES)
            return detect(path, window, len(window) < SNIFF_BYTES or not handle.read(1))
        position += len(chunk)
    return UTF8


def _line_start(handle: IO[bytes], offset: int) -> int:
    """Where the line holding byte `offset` starts (a line longer than a chunk)."""
    while offset > 0:
        start = max(0, offset - CHUNK_BYTES)
        handle.seek(start)
        block = handle.read(offset - start)
        newline = block.rfind(b"\n")
        if newline != -1:
            return start + newline + 1
        offset = start
    return 0


class LineStream:
    """Decoded lines of a large file, read lazily so memory does not grow with file size.

    Lines end at CRLF, LF or a lone CR. A line that does not decode is reported to `on_error`
    (raised without one) and skipped; the lines after it are still read."""

    def __init__(self, path: str, on_error: Callable[[InputError], None] | None = None,
                 encoding: str = AUTO) -> None:
        self.path = path
        self.on_error = on_error
        self._handle = _open(path)
        try:
            head = self._handle.read(SNIFF_BYTES)
            complete = len(head) < SNIFF_BYTES or not self._handle.read(1)
            self._encoding = named(encoding, head) if encoding != AUTO else detect(path, head, complete)
        except BaseException:
            self._handle.close()
            raise
        # Nothing but ASCII so far is no evidence for UTF-8: the first line that does not
        # decode calls for a new look.
        self._look_again = encoding == AUTO and self._encoding is UTF8 and head.isascii() and not complete
        self._handle.seek(self._encoding.bom_bytes)
        sample = head[self._encoding.bom_bytes:]
        self.source = SourceFile(path, self._encoding.name, self._encoding.bom_bytes > 0,
                                 _newline_style(sample.decode(self._encoding.codec, "replace")))
        self.line_number = 0

    def _report(self, error: InputError) -> None:
        if self.on_error is None:
            raise error
        self.on_error(error)

    def _another_look(self, raw: bytes) -> bool:
        """After an ASCII head, the encoding from the first line that is not UTF-8 and the bytes
        after it; False (reported) when it cannot be told."""
        self._look_again = False
        resume = self._handle.tell()
        window = raw + self._handle.read(SNIFF_BYTES)
        self._handle.seek(resume)
        try:
            if b"\x00" in window:  # UTF-16 does not begin in the middle of a file
                raise InputError(self.path, "binary file (NUL bytes); expected a text script")
            self._encoding = detect(self.path, window, len(window) < SNIFF_BYTES + len(raw))
        except InputError as error:
            self._report(InputError(self.path, error.message, self.line_number + 1))
            return False
        self.source = SourceFile(self.path, self._encoding.name, False, self.source.newline)
        return True

    def _lines(self) -> Iterator[bytes | str]:
        """The lines of a binary stream without their newline: decoded, or as bytes where the
        chunk they are in does not decode.

        Lines are decoded a chunk at a time, which is fast. A chunk that does not decode is split at
        every newline, found at any byte offset (in UTF-16 and UTF-32 too, not only at whole code
        units): after a stray byte, the line that has it fails to decode and the next line is read
        right again. (A newline's bytes off a unit boundary in sound text would need a character
        U+0A00-U+0AFF; in GB18030, Big5 and UTF-8 a b"\n" is never part of a character.)"""
        newline = self._encoding.newline  # b"\n" in every encoding another look may choose
        pending = b""
        # A line longer than a chunk: read as much again as is pending, so the copies stay linear.
        while chunk := self._handle.read(max(_CHUNK_BYTES, len(pending))):
            data = pending + chunk
            cut = data.rfind(newline)
            if cut == -1:
                pending = data
                continue
            block, pending = data[:cut], data[cut + len(newline):]
            try:
                lines: list[bytes] | list[str] = block.decode(self._encoding.codec).split("\n")
            except UnicodeDecodeError:
                lines = []
            if len(lines) != block.count(newline) + 1:  # a bad unit, or a newline off a unit boundary
                lines = block.split(newline)
            yield from lines
        if pending:
            yield pending

    def __iter__(self) -> Iterator[str]:
        try:
            for raw in self._lines():
                if isinstance(raw, str):
                    for line in _line_pieces(raw):
                        self.line_number += 1
                        yield line
                    continue
                try:
                    text = raw.decode(self._encoding.codec)
                except UnicodeDecodeError:
                    if self._look_again and not self._another_look(raw):
                        return
                    try:
                        text = raw.decode(self._encoding.codec)
                    except UnicodeDecodeError:
                        pieces = _line_pieces(raw.decode(self._encoding.codec, UNDECODABLE))
                        self._report(InputError(self.path, f"cannot decode as {self._encoding.name}",
                                                self.line_number + 1))
                        self.line_number += len(pieces)
                        continue
                for line in _line_pieces(text):
                    self.line_number += 1
                    yield line
        finally:
            self._handle.close()


def _line_pieces(text: str) -> list[str]:
    """The lines of a chunk that ends at a line break or none: its CRLF or LF dropped, split at
    lone CRs."""
    text = text.removesuffix("\n")
    text = text.removesuffix("\r")
    return text.split("\r") if "\r" in text else [text]
