"""Tests keep their start-up cache in a temporary folder, never in the user's home."""
from __future__ import annotations

import os
import tempfile

os.environ.setdefault("SCRIPTLINT_CACHE_DIR", tempfile.mkdtemp(prefix="scriptlint-test-cache-"))
