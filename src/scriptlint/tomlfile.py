"""Reading a TOML file (a config or a lexicon pack) with one-line errors that name the file."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from .fileio import MissingFile, read_settings_file
from .model import InputError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def read_toml(path: Path, name: str, what: str, invalid: str,
              error: type[InputError] = InputError) -> dict[str, Any]:
    """The parsed file; `error(name, ...)` when it is missing, unreadable or not TOML. `what` names
    the file in messages ("config", "lexicon"), `invalid` starts the syntax-error message. Only a
    regular file of at most 16 MB is read: a FIFO or a device named as a lexicon cannot hang a run."""
    try:
        data = read_settings_file(str(path))
    except MissingFile:
        raise error(name, f"{what} file not found") from None
    except InputError as exc:
        raise error(name, f"{what}: {exc.message}") from None
    try:
        return tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise error(name, f"{invalid}: {exc}") from None
