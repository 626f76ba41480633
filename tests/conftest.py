"""Tests keep their start-up cache in a temporary folder, never in the user's home.

Hypothesis profiles: `ci` (the default) keeps the property suites bounded so the whole test run
stays well under ten minutes; `long` runs many more examples, for a local hunt:

    SCRIPTLINT_HYPOTHESIS_PROFILE=long pytest tests/test_hostile.py

(HYPOTHESIS_PROFILE is read too). A test that sets its own `max_examples` keeps it."""
from __future__ import annotations

import os
import tempfile

from hypothesis import HealthCheck, settings

os.environ.setdefault("SCRIPTLINT_CACHE_DIR", tempfile.mkdtemp(prefix="scriptlint-test-cache-"))

settings.register_profile("ci", max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                          print_blob=True)
settings.register_profile("long", max_examples=2000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large], print_blob=True)
settings.load_profile(os.environ.get("SCRIPTLINT_HYPOTHESIS_PROFILE") or os.environ.get("HYPOTHESIS_PROFILE") or "ci")

