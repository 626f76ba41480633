"""A small on-disk cache for what start-up would otherwise rebuild on every run (the compiled
lexicon, the folding table, the Traditional-Chinese tables). A missing, stale or unreadable
entry is rebuilt; a read-only home just means no cache. Nothing here affects results."""
from __future__ import annotations

import hashlib
import os
import pickle
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar, cast

T = TypeVar("T")


def cache_dir() -> Path | None:
    """$SCRIPTLINT_CACHE_DIR (empty: no cache), else $XDG_CACHE_HOME/scriptlint or
    ~/.cache/scriptlint."""
    configured = os.environ.get("SCRIPTLINT_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "scriptlint"


_CODE: str | None = None


def _code_fingerprint() -> str:
    """Size and mtime of every module of the package: a cached object is only valid for the
    code that pickled it (a class that grew an attribute must not load an old instance)."""
    global _CODE
    if _CODE is None:
        package = Path(__file__).parent
        stats = sorted((str(p.relative_to(package)), p.stat().st_mtime_ns, p.stat().st_size)
                       for p in package.rglob("*.py"))
        _CODE = repr(stats)
    return _CODE


def key(*parts: object) -> str:
    """A digest of the parts plus everything a cached table depends on implicitly."""
    from . import __version__

    digest = hashlib.sha256()
    for part in (__version__, sys.version, unicodedata.unidata_version, _code_fingerprint(), *parts):
        digest.update(part if isinstance(part, bytes) else repr(part).encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()[:32]


def cached(name: str, digest: str, build: Callable[[], T], kind: type) -> T:
    folder = cache_dir()
    path = folder / f"{name}-{digest}.pickle" if folder is not None else None
    if path is not None:
        try:
            with open(path, "rb") as handle:
                cached = pickle.load(handle)
            if isinstance(cached, kind):  # `kind` is what `build` returns: a T
                return cast(T, cached)
        except Exception:  # noqa: BLE001, S110 - a broken cache entry is rebuilt, never fatal
            pass
    value = build()
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(f".{os.getpid()}.tmp")
            with open(temporary, "wb") as handle:
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            temporary.replace(path)
        except (OSError, pickle.PicklingError, TypeError, AttributeError):
            pass
    return value
