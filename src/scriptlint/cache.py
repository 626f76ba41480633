"""A small on-disk cache for what start-up would otherwise rebuild on every run (the parsed
lexicon packs, the folding table, the Traditional-Chinese tables, a team's segmentation
dictionary). A missing, stale, unreadable or tampered entry is rebuilt; a read-only home just
means no cache. Nothing here affects results.

Whoever can write the cache folder must not be able to run code as the user who lints (root in
CI), so, the way pip and ccache do it:

* an entry is plain JSON (never pickle), turned back into objects by the caller's `from_data`;
* the first line of an entry is the SHA-256 of the rest, checked before the JSON is parsed;
* the folder is used only when it is a real directory (not a symlink) owned by the current user
  and writable by nobody else; otherwise the cache is skipped with one warning per process;
* entries are read with O_NOFOLLOW and only when they are regular files (a FIFO is never waited
  on); temporary files are created with O_EXCL|O_NOFOLLOW and mode 0600, then renamed in place.
"""
from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

# Flags that do not exist on Windows are 0 there: the checks they make are POSIX-only.
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # opening a FIFO for reading must not wait for a writer
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_BINARY = getattr(os, "O_BINARY", 0)
# Working relative to an open descriptor of the checked folder: nobody can swap the folder for
# another one between the check and the use.
_DIR_FD = bool(_DIRECTORY) and os.open in os.supports_dir_fd and os.replace in os.supports_dir_fd

_warned = False


def cache_dir() -> Path | None:
    """$SCRIPTLINT_CACHE_DIR (empty: no cache), else $XDG_CACHE_HOME/scriptlint or
    ~/.cache/scriptlint."""
    configured = os.environ.get("SCRIPTLINT_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "scriptlint"


_CODE: str | None = None


def _code_fingerprint() -> str:
    """Size and mtime of every module of the package: an entry is only valid for the code that
    wrote it (a format that grew a field must not load an old entry)."""
    global _CODE
    if _CODE is None:
        package = Path(__file__).parent
        stats = sorted((str(p.relative_to(package)), p.stat().st_mtime_ns, p.stat().st_size)
                       for p in package.rglob("*.py"))
        _CODE = repr(stats)
    return _CODE


def key(*parts: object) -> str:
    """A digest of the parts plus everything a cached table depends on implicitly."""
    from . import __version__

    digest = hashlib.sha256()
    for part in (__version__, sys.version, unicodedata.unidata_version, _code_fingerprint(), *parts):
        digest.update(part if isinstance(part, bytes) else repr(part).encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()[:32]


def _refuse(folder: Path) -> None:
    global _warned
    if not _warned:
        _warned = True
        sys.stderr.write(f"scriptlint: 缓存目录 {folder} 不属于当前用户或可被其他用户写入，已停用缓存 "
                         "(the cache directory is not owned by the current user or is writable by others; "
                         "cache disabled)\n")


def _safe_folder(folder: Path, stat_result: os.stat_result) -> bool:
    """A directory, not a symlink, owned by us, writable by nobody else."""
    mode = stat_result.st_mode
    if not stat.S_ISDIR(mode) or mode & (stat.S_IWGRP | stat.S_IWOTH):
        return False
    getuid = getattr(os, "getuid", None)  # Windows has no owner to compare
    return getuid is None or stat_result.st_uid == getuid()


def _open_folder(folder: Path) -> int | None:
    """The checked cache folder: an open descriptor (-1 where descriptors cannot be used), or None
    when there is no usable cache (warned about once if the folder is unsafe)."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _DIR_FD:
            details = os.lstat(folder)
            if stat.S_ISLNK(details.st_mode) or not _safe_folder(folder, details):
                _refuse(folder)
                return None
            return -1
        try:
            descriptor = os.open(folder, os.O_RDONLY | _DIRECTORY | _NOFOLLOW)
        except OSError:
            if stat.S_ISLNK(os.lstat(folder).st_mode) or not folder.is_dir():
                _refuse(folder)
            return None
    except OSError:
        return None  # no home, read-only file system: no cache
    try:
        safe = _safe_folder(folder, os.fstat(descriptor))
    except OSError:
        safe = False
    if not safe:
        os.close(descriptor)
        _refuse(folder)
        return None
    return descriptor


def _read(folder: Path, descriptor: int, name: str) -> Any:
    """The JSON payload of an entry, or None if it is missing, not a regular file, or fails its
    SHA-256 check (None is never a cached value: the callers cache containers)."""
    try:
        handle = os.open(name if descriptor >= 0 else str(folder / name),
                         os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _BINARY,
                         dir_fd=descriptor if descriptor >= 0 else None)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            return None  # a FIFO, a device, a directory: never read
        with os.fdopen(handle, "rb", closefd=False) as stream:
            content = stream.read()
    except OSError:
        return None
    finally:
        os.close(handle)
    header, _, payload = content.partition(b"\n")
    if header.decode("ascii", "replace") != hashlib.sha256(payload).hexdigest():
        return None  # truncated, corrupt or edited
    try:
        return json.loads(payload)
    except ValueError:
        return None


def _write(folder: Path, descriptor: int, name: str, data: Any) -> None:
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    content = hashlib.sha256(payload).hexdigest().encode("ascii") + b"\n" + payload
    temporary = f"{name}.{os.getpid()}.tmp"
    dir_fd = descriptor if descriptor >= 0 else None
    if dir_fd is None:
        name, temporary = str(folder / name), str(folder / temporary)
    # O_EXCL: a file (or symlink) already at the temporary name is never written through.
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _BINARY, 0o600, dir_fd=dir_fd)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.replace(temporary, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
    except OSError:
        try:
            os.unlink(temporary, dir_fd=dir_fd)
        except OSError:
            pass
        raise


def cached(
    name: str,
    digest: str,
    build: Callable[[], T],
    to_data: Callable[[T], Any],
    from_data: Callable[[Any], T],
) -> T:
    """`build()`, or what `from_data` makes of the plain data `to_data` stored for the same
    `digest` on an earlier run. `to_data` returns JSON-able data (dicts with string keys, lists,
    strings, numbers, booleans, None); `from_data` may raise on data it does not accept, and the
    value is then rebuilt."""
    folder = cache_dir()
    descriptor = _open_folder(folder) if folder is not None else None
    if folder is None or descriptor is None:
        return build()
    entry = f"{name}-{digest}.json"
    try:
        data = _read(folder, descriptor, entry)
        if data is not None:
            try:
                return from_data(data)
            except Exception:  # noqa: BLE001, S110 - a malformed entry is rebuilt, never fatal
                pass
        value = build()
        try:
            _write(folder, descriptor, entry, to_data(value))
        except (OSError, TypeError, ValueError):
            pass
        return value
    finally:
        if descriptor >= 0:
            os.close(descriptor)
