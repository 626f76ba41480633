"""Opening input files: only regular files are read, never a device, FIFO or socket.

A `.txt` symlink to /dev/zero would be read until memory runs out, and a FIFO blocks on open or
read until someone writes to it. So every file is stat'ed before it is opened, opened without
blocking, and fstat'ed again (a FIFO swapped in between the two looks cannot block the open).
A file whose size, modification time or identity changes while it is read is reported: what was
linted is then neither the old file nor the new one.
"""
from __future__ import annotations

import io
import os
import stat
from typing import TYPE_CHECKING, BinaryIO

from .model import InputError

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

# Config files and lexicon packs are a few kilobytes to a few hundred; anything past this is a
# mistake (a data file named by accident) and is refused before it is read into memory.
SETTINGS_FILE_LIMIT = 16 * 1024 * 1024

_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_NOCTTY = getattr(os, "O_NOCTTY", 0)  # opening a terminal device must not make it ours
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_BINARY = getattr(os, "O_BINARY", 0)

_KINDS = (
    (stat.S_ISDIR, "directory"),
    (stat.S_ISFIFO, "FIFO"),
    (stat.S_ISSOCK, "socket"),
    (stat.S_ISCHR, "character device"),
    (stat.S_ISBLK, "block device"),
)


class MissingFile(InputError):
    """No file at the path (a broken symbolic link included)."""


def special_kind(mode: int) -> str | None:
    """What a file that is not a regular file is ("FIFO", "character device", ...); None for
    a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _KINDS if test(mode)), "special file")


def _require_regular(path: str, mode: int) -> None:
    kind = special_kind(mode)
    if kind == "directory":
        raise InputError(path, "is a directory")
    if kind is not None:
        raise InputError(path, f"not a regular file: {kind}")


def _cannot_read(path: str, exc: OSError) -> InputError:
    if isinstance(exc, FileNotFoundError):
        return MissingFile(path, "broken symbolic link" if os.path.islink(path) else "no such file")
    return InputError(path, f"cannot read: {exc.strerror or exc}")


def _identity(info: os.stat_result) -> tuple[int, int, int, int]:
    return info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns


class _WatchedFile(io.FileIO):
    """A regular file that, on reaching its end, checks that it is still the file that was
    opened, with the size and modification time it had then."""

    def __init__(self, path: str, descriptor: int, opened: os.stat_result) -> None:
        super().__init__(descriptor, "rb", closefd=True)
        self.path = path
        self._opened = _identity(opened)

    def _check_unchanged(self) -> None:
        try:
            now = os.fstat(self.fileno())
            at_path = os.stat(self.path)
        except OSError:
            changed = True  # removed or made unreadable while being read
        else:
            changed = _identity(now) != self._opened or _identity(at_path) != self._opened
        if changed:
            raise InputError(self.path, "file changed while it was being read; run again")

    def readinto(self, buffer: WriteableBuffer) -> int | None:
        count = super().readinto(buffer)
        if count == 0 and len(memoryview(buffer)):
            self._check_unchanged()
        return count

    def readall(self) -> bytes:
        data = super().readall()
        self._check_unchanged()
        return data


def open_regular(path: str) -> BinaryIO:
    """`path` opened for reading bytes (buffered); the caller closes it. InputError when it is
    missing, unreadable or not a regular file, and, on reaching its end, when it changed while
    it was being read."""
    try:
        _require_regular(path, os.stat(path).st_mode)
        descriptor = os.open(path, os.O_RDONLY | _NONBLOCK | _NOCTTY | _CLOEXEC | _BINARY)
    except OSError as exc:
        raise _cannot_read(path, exc) from None
    try:
        opened = os.fstat(descriptor)
        _require_regular(path, opened.st_mode)
        if _NONBLOCK:
            os.set_blocking(descriptor, True)
        raw = _WatchedFile(path, descriptor, opened)
    except BaseException:
        os.close(descriptor)
        raise
    return io.BufferedReader(raw)


def read_settings_file(path: str, limit: int = SETTINGS_FILE_LIMIT) -> bytes:
    """The whole of a config file or lexicon pack, refused when larger than `limit` bytes."""
    with open_regular(path) as handle:
        size = os.fstat(handle.fileno()).st_size
        data = handle.read(limit + 1) if size <= limit else b""
        if size > limit or len(data) > limit:
            raise InputError(path, f"file too large: over {limit // (1024 * 1024)} MB")
        return data  # a read that stopped short of limit + 1 reached the end: checked there


__all__ = ["SETTINGS_FILE_LIMIT", "MissingFile", "open_regular", "read_settings_file", "special_kind"]
