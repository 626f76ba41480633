"""`python -m scriptlint.lexicon build`: rebuild the compact segmentation dictionary after the
bundled packs' terms change (a test fails until it is current)."""
from __future__ import annotations

import sys

from .build import main

raise SystemExit(main(sys.argv[1:]))
