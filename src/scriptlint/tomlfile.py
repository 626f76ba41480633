"""Reading a TOML file (a config or a lexicon pack) with one-line errors that name the file."""
from __future__ import annotations

import re
import sys
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, cast

from .fileio import MissingFile, read_settings_file
from .model import InputError

if TYPE_CHECKING:
    import tomllib


def toml_module() -> ModuleType:
    """tomllib (tomli before Python 3.11), imported when first needed: a run that finds no
    config and reads its packs from the start-up cache parses no TOML."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    return tomllib


def parse_toml(text: str) -> dict[str, Any]:
    """The TOML document `text`; the module's TOMLDecodeError when it is not TOML."""
    return cast(dict[str, Any], toml_module().loads(text))


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
        return parse_toml(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise error(name, f"{invalid}: not UTF-8 ({exc.reason})", data.count(b"\n", 0, exc.start) + 1) from None
    except toml_module().TOMLDecodeError as exc:
        message, line = _where(exc)
        raise error(name, f"{invalid}: {message}", line) from None


_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


def _where(exc: tomllib.TOMLDecodeError) -> tuple[str, int | None]:
    """tomllib's message without its "(at line L, column C)" tail, which becomes the error's
    line (shown path:L: like every input error) and a column in the message."""
    message = str(exc)
    found = _AT.search(message)
    if found is None:
        return message, None
    return f"{message[:found.start()]} (column {found.group(2)})", int(found.group(1))
