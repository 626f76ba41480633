"""Reading a TOML file (a config or a lexicon pack) with one-line errors that name the file."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from .model import InputError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def read_toml(path: Path, name: str, what: str, invalid: str,
              error: type[InputError] = InputError) -> dict[str, Any]:
    """The parsed file; `error(name, ...)` when it is missing, unreadable or not TOML. `what` names
    the file in messages ("config", "lexicon"), `invalid` starts the syntax-error message."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise error(name, f"{what} file not found") from None
    except OSError as exc:
        raise error(name, f"cannot read {what}: {exc.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise error(name, f"{invalid}: {exc}") from None
