"""Which matching engine runs: the compiled core (`scriptlint._core`, a C extension built by
`pip install .` where a C compiler is found) or the pure-Python engine, its reference.

Both give the same results (tests/test_core_differential.py holds them to byte-identical
output). The pure engine runs when the extension is not built, or when the environment sets
SCRIPTLINT_PURE_PYTHON (to anything but "" or "0"); the choice is made once, at import.
"""
from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from types import ModuleType

PURE_PYTHON_VARIABLE = "SCRIPTLINT_PURE_PYTHON"


def _load() -> ModuleType | None:
    if os.environ.get(PURE_PYTHON_VARIABLE, "") not in ("", "0"):
        return None
    try:
        from . import _core
    except ImportError:  # not built (no compiler at install time), or built for another Python
        return None
    return _core


# The extension module, or None for the pure engine. Read it as `compiled.core` at call time.
core = _load()
# "compiled" or "pure": the engine in use (`scriptlint check --verbose` says which).
ENGINE = "compiled" if core is not None else "pure"


def built() -> bool:
    """Whether the extension is importable at all, whatever the switch says."""
    try:
        from . import _core  # noqa: F401
    except ImportError:
        return False
    return True
