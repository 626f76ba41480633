"""scriptlint: a compliance linter for Chinese call scripts and AI customer-service replies."""
from __future__ import annotations

# Set before the imports below, so that a module they load may read it.
__version__ = "0.1.0"

from .api import FileResult, Linter, LintResult
from .config import Config, load_config
from .guard import Guard
from .model import Finding, InputError, Severity

__all__ = ["Config", "FileResult", "Finding", "Guard", "InputError", "LintResult", "Linter", "Severity", "__version__", "load_config"]
