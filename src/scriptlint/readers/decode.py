"""Bytes to text: encoding, BOM and newline style are detected and remembered."""
from __future__ import annotations

import codecs
import io
import os
import re
from collections.abc import Callable, Iterator
from typing import IO

from ..model import InputError, SourceFile

SNIFF_BYTES = 1 << 16
_UNDECODABLE = re.compile("[\udc80-\udcff]")


def _newline_style(text: str) -> str:
    crlf = text.find("\r\n")
    lf = text.find("\n")
    cr = text.find("\r")
    if crlf != -1 and crlf <= lf:
        return "\r\n"
    if cr != -1 and (lf == -1 or cr < lf):
        return "\r"
    return "\n"


def sniff(path: str, head: bytes) -> tuple[str, bool]:
    """(codec name, has BOM) from the first bytes; raises InputError for binary files."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", True
    # Before UTF-16: the UTF-32 LE BOM begins with the UTF-16 LE one.
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32", True
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", True
    if b"\x00" in head:
        raise InputError(path, "binary file (NUL bytes); expected a text script")
    try:
        head.decode("utf-8")
        return "utf-8", False
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sniffed chunk is still UTF-8.
        if exc.start >= len(head) - 3 and len(head) == SNIFF_BYTES:
            return "utf-8", False
        utf8_error = exc.start
    try:
        head.decode("gb18030")
        return "gb18030", False
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 3 and len(head) == SNIFF_BYTES:
            return "gb18030", False
        gb_error = exc.start
    # The encoding that read further is the likelier one: name the line where it stopped.
    raise InputError(path, "cannot decode file (tried UTF-8, UTF-16 with BOM, GB18030)",
                     _line_of(head, max(utf8_error, gb_error)))


def _line_of(data: bytes, byte_offset: int) -> int:
    return data.count(b"\n", 0, byte_offset) + 1


def decode_bytes(path: str, data: bytes) -> tuple[SourceFile, str]:
    encoding, bom = sniff(path, data[:SNIFF_BYTES])
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        undecodable = InputError(path, f"cannot decode as {encoding} ({error.reason})", _line_of(data, error.start))
        # Nothing but ASCII in the sniffed part is no evidence for UTF-8: GB18030 further on.
        if encoding != "utf-8" or not data[:SNIFF_BYTES].isascii():
            raise undecodable from None
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise undecodable from None
        encoding = "gb18030"
    if encoding in ("utf-16", "utf-32") and text.startswith("\ufeff"):
        text = text[1:]
    return SourceFile(path, encoding, bom, _newline_style(text[:SNIFF_BYTES])), text


def _open(path: str) -> IO[bytes]:
    """The file, opened for reading bytes; the caller closes it."""
    try:
        return open(path, "rb")
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, "is a directory") from None
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror}") from None


def read_file(path: str) -> tuple[SourceFile, str]:
    with _open(path) as handle:
        try:
            data = handle.read()
        except OSError as exc:
            raise InputError(path, f"cannot read: {exc.strerror}") from None
    return decode_bytes(path, data)


# Text and CSV files larger than this are decoded as they are read, line by line.
STREAM_BYTES = 16 << 20
CHUNK_BYTES = 1 << 20


def stream_lines(path: str) -> tuple[SourceFile, Callable[[], Iterator[str]]] | None:
    """A large file's lines with their line ends, decoded as they are read (each call of the
    returned function reads the file again from its start), when the whole file decodes with the
    encoding sniffed from its head: its text is then exactly read_file's, and memory does not
    grow with its size. None for a small file, one that is not a regular file, or one that does
    not decode so: read_file decides about those, as about any file."""
    with _open(path) as handle:
        try:
            if os.fstat(handle.fileno()).st_size <= STREAM_BYTES:
                return None
            head = handle.read(SNIFF_BYTES)
            encoding, bom = sniff(path, head)
            # One pass that only decodes (fast, in C) proves the file decodes throughout.
            decoder = codecs.getincrementaldecoder(encoding)()
            style = _newline_style(decoder.decode(head))
            while chunk := handle.read(CHUNK_BYTES):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except (InputError, UnicodeDecodeError, OSError):
            return None
    source = SourceFile(path, encoding, bom, style)

    def lines() -> Iterator[str]:
        reader = io.TextIOWrapper(_open(path), encoding=encoding, newline="")
        try:
            first = True
            for line in reader:
                if first and encoding in ("utf-16", "utf-32") and line.startswith("\ufeff"):
                    line = line[1:]  # as decode_bytes does
                first = False
                yield line
        except UnicodeDecodeError as error:
            raise InputError(path, f"cannot decode as {encoding} ({error.reason}); did the file change while it was read?") from None
        finally:
            reader.close()

    return source, lines


class LineStream:
    """Decoded lines of a large file, read lazily so memory does not grow with file size."""

    def __init__(self, path: str, on_error: Callable[[InputError], None] | None = None) -> None:
        self.path = path
        self.on_error = on_error
        self._handle = _open(path)
        head = self._handle.read(SNIFF_BYTES)
        self._handle.seek(0)
        try:
            encoding, bom = sniff(path, head)
        except InputError as error:
            if "NUL" in error.message:
                self._handle.close()
                raise
            # Neither UTF-8 nor GB18030 throughout: read as UTF-8 and report the bad lines.
            encoding, bom = "utf-8", False
        self.source = SourceFile(path, encoding, bom, _newline_style(head.decode(encoding, "replace")))
        self.line_number = 0

    def __iter__(self) -> Iterator[str]:
        # Undecodable bytes become lone surrogates, so one bad line is reported and skipped
        # while the lines after it are still read.
        reader = io.TextIOWrapper(self._handle, encoding=self.source.encoding, newline=None,
                                  errors="surrogateescape")
        try:
            while True:
                line = reader.readline()
                if not line:
                    break
                self.line_number += 1
                if _UNDECODABLE.search(line):
                    error = InputError(self.path, f"cannot decode as {self.source.encoding}", self.line_number)
                    if self.on_error is None:
                        raise error
                    self.on_error(error)
                    continue
                if self.line_number == 1 and line.startswith("\ufeff"):
                    line = line[1:]
                yield line.rstrip("\n")
        finally:
            reader.close()
