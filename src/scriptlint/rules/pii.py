"""pii-exposure: unmasked personal numbers in any line, any speaker."""
from __future__ import annotations

import bisect

from ..privacy import find_personal_data
from .catalogue import BY_CODE, PII_KIND_NAMES

RULE = BY_CODE["SL402"]


def check(context) -> None:  # noqa: ANN001
    names = PII_KIND_NAMES[context.lang]
    # One scan over the whole script; the joined text keeps every utterance's offsets.
    for item in find_personal_data(context.norm.original):
        index = bisect.bisect_right(context.starts, item.start) - 1
        base = context.starts[index]
        context.report(RULE, index, item.start - base, item.end - base,
                       message=RULE.text(context.lang, kind=names[item.kind]))
