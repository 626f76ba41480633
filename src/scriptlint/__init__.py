"""scriptlint: a compliance linter for Chinese call scripts and AI customer-service replies."""
from __future__ import annotations

__version__ = "0.1.0"

from .api import FileResult, Linter, LintResult  # noqa: E402
from .config import Config, load_config  # noqa: E402
from .model import Finding, InputError, Severity  # noqa: E402

__all__ = ["Config", "FileResult", "Finding", "InputError", "Linter", "LintResult", "Severity", "load_config", "__version__"]
