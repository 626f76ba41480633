"""Where scriptlint comes from: its version and its home, each written once."""
from __future__ import annotations

from . import __version__

# The public repository; links to the documentation (SARIF helpUri, the README) start here.
REPOSITORY_URL = "https://github.com/scriptlint/scriptlint"
DOCS_BRANCH = "main"


def package_version() -> str:
    """The installed distribution's version, else the package's own `__version__` (a source
    checkout run with PYTHONPATH has no distribution metadata)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("scriptlint")
    except PackageNotFoundError:
        return __version__


def docs_url(path: str, anchor: str = "") -> str:
    """A link to a file of the repository's documentation, at `anchor` when given."""
    return f"{REPOSITORY_URL}/blob/{DOCS_BRANCH}/{path}" + (f"#{anchor}" if anchor else "")


__all__ = ["DOCS_BRANCH", "REPOSITORY_URL", "docs_url", "package_version"]
