"""Bytes to text: encoding, BOM and newline style are detected and remembered."""
from __future__ import annotations

import codecs
import contextlib
import io
import re
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import IO

from ..fileio import open_regular
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


def read_file(path: str) -> tuple[SourceFile, str]:
    with _open(path) as handle:
        try:
            data = handle.read()
        except OSError as exc:
            raise InputError(path, f"cannot read: {exc.strerror}") from None
    return decode_bytes(path, data)


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
