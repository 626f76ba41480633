"""scriptlint: a compliance linter for Chinese call scripts and AI customer-service replies."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

# Set before the imports below, so that a module they load may read it.
__version__ = "0.1.0"

from .api import FileResult, Linter, LintResult
from .config import Config, load_config
from .model import Finding, InputError, Severity

if TYPE_CHECKING:
    from .guard import Guard


def __getattr__(name: str) -> Any:
    # The runtime guard is loaded when first asked for: `scriptlint check` never needs it.
    if name == "Guard":
        from .guard import Guard

        return Guard
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["Config", "FileResult", "Finding", "Guard", "InputError", "LintResult", "Linter", "Severity", "__version__", "load_config"]
