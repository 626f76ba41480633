"""Replacing a linted file with its fixed bytes, so that no failure leaves it half written.

The new bytes go to a temporary file in the same folder (created with O_EXCL|O_NOFOLLOW, so
nothing already there, a symbolic link least of all, is written through), with the file's
permission bits, flushed to disk; a caller's check reads the temporary file back; then the
original is compared with the bytes the fix was computed from, and only then is the temporary
file renamed over it. A rename within a folder is atomic: a reader, or a crash, sees the old
file or the new one, never a mixture. Killed before the rename, the run leaves the original
as it was and, at worst, a hidden `.NAME.scriptlint-XXXXXXXX.EXT` that folder walks skip.
"""
from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Callable

from .fileio import open_regular

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_BINARY = getattr(os, "O_BINARY", 0)
TEMPORARY_MARK = ".scriptlint-"


class ChangedOnDisk(Exception):
    """The file is no longer the one the fix was computed from."""


def snapshot(path: str) -> tuple[bytes, os.stat_result]:
    """The bytes of `path` and its status, taken together. Only a regular file is read, and a
    change while it is read is an InputError (fileio)."""
    with open_regular(path) as handle:
        data = handle.read()
        return data, os.fstat(handle.fileno())


def _identity(info: os.stat_result) -> tuple[int, int, int, int]:
    return info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns


def temporary_name(path: str) -> str:
    """A hidden name beside `path` that keeps its extension, so the readers read it alike."""
    folder, name = os.path.split(path)
    stem, suffix = os.path.splitext(name)
    return os.path.join(folder, f".{stem}{TEMPORARY_MARK}{secrets.token_hex(4)}{suffix}")


def replace_file(path: str, data: bytes, expected: bytes, expected_stat: os.stat_result,
                 check: Callable[[str], None] | None = None) -> None:
    """Write `data` over `path` atomically, keeping its permission bits (and owner, where the
    run may set it). `expected` and `expected_stat` are what the fix was computed from: when the
    file no longer matches them, ChangedOnDisk is raised and nothing is replaced. `check` gets
    the temporary file's path before the rename and raises to stop it. A symbolic link is
    written through: its target is replaced, the link stays."""
    real = os.path.realpath(path)
    temporary = temporary_name(real)
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC | _BINARY, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as out:
            out.write(data)
            out.flush()
            _keep_permissions(out.fileno(), temporary, expected_stat)
            os.fsync(out.fileno())
        if check is not None:
            check(temporary)
        current, current_stat = snapshot(real)
        if current != expected or _identity(current_stat) != _identity(expected_stat):
            raise ChangedOnDisk(path)
        os.replace(temporary, real)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _sync_folder(os.path.dirname(real))


def _keep_permissions(descriptor: int, path: str, original: os.stat_result) -> None:
    mode = stat.S_IMODE(original.st_mode)
    if hasattr(os, "fchmod"):
        os.fchmod(descriptor, mode)
    else:  # pragma: no cover - Windows
        os.chmod(path, mode)
    fchown = getattr(os, "fchown", None)
    if fchown is not None and (original.st_uid, original.st_gid) != (os.geteuid(), os.getegid()):
        with contextlib.suppress(OSError):  # only root may give a file away; others keep theirs
            fchown(descriptor, original.st_uid, original.st_gid)


def _sync_folder(folder: str) -> None:
    """Make the rename durable (POSIX: the folder's entry is data too)."""
    with contextlib.suppress(OSError):
        descriptor = os.open(folder or ".", os.O_RDONLY | _CLOEXEC)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


__all__ = ["TEMPORARY_MARK", "ChangedOnDisk", "replace_file", "snapshot", "temporary_name"]
