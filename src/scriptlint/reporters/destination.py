"""`--output-file`: the report goes to a temporary file in the target's folder, which replaces
the target only once the report is complete, so a reader (a CI upload step, a dashboard) never
sees half a report and an interrupted run leaves the previous one as it was.

A target that is not a regular file (/dev/null, /dev/stdout, a FIFO a CI step reads) is written
to as it is: renaming a file onto it would replace the device with a file (as root, /dev/null
itself). A symbolic link is followed: the file it points to is replaced, the link stays."""
from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


def output_problem(path: Path) -> str | None:
    """Why `path` cannot take a report (checked before any work), or None. Its folder must
    exist: a typo in a CI path should fail, not scatter folders."""
    if path.is_dir():
        return f"--output-file: {path} is a folder"
    folder = path.parent
    if not folder.is_dir():
        return f"--output-file: the folder {folder} does not exist"
    return None


def _mode_for(path: Path) -> int:
    """The target's permissions when it exists, else what a plain new file gets (mkstemp makes
    0600, which would hide the report from a CI step running as another user)."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextmanager
def atomic_text_file(path: Path) -> Iterator[IO[str]]:
    """A UTF-8 text stream (newlines `\\n`) that becomes `path` when the block ends normally;
    on any exception the temporary file is removed and `path` is untouched."""
    path = Path(os.path.realpath(path))
    try:
        special = not stat.S_ISREG(path.stat().st_mode)
    except OSError:
        special = False  # a new file
    if special:
        with open(path, "w", encoding="utf-8", newline="\n") as direct:
            yield direct
        return
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, _mode_for(path))
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


__all__ = ["atomic_text_file", "output_problem"]
