"""Reading a TOML file (a config or a lexicon pack) with one-line errors that name the file."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from .model import InputError

# The largest config or lexicon pack read: fifty times the largest bundled pack. A path to
# /dev/zero or to a stray dump is refused after this many bytes instead of filling memory.
MAX_TOML_BYTES = 8 * 1024 * 1024

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def read_toml(path: Path, name: str, what: str, invalid: str,
              error: type[InputError] = InputError) -> dict[str, Any]:
    """The parsed file; `error(name, ...)` when it is missing, unreadable or not TOML. `what` names
    the file in messages ("config", "lexicon"), `invalid` starts the syntax-error message."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_TOML_BYTES + 1)
        if len(data) > MAX_TOML_BYTES:
            raise error(name, f"{what} file is larger than {MAX_TOML_BYTES // (1024 * 1024)} MB, the limit")
        return tomllib.loads(data.decode("utf-8"))
    except FileNotFoundError:
        raise error(name, f"{what} file not found") from None
    except OSError as exc:
        raise error(name, f"cannot read {what}: {exc.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise error(name, f"{invalid}: {exc}") from None
