"""Is a YAML or JSON file met in a folder walk a dialogue flow? A repository holds many that are
not (package.json, .pre-commit-config.yaml, CI workflows, tsconfig.json): a walk skips those,
while a flow file named on the command line is still read strictly (readers/flow.py).

Cheap first: a flow has a top-level `nodes` or `turns` key, so a file whose text never writes
either followed by a colon is no flow, without parsing. A file that does is parsed, with the
flow reader's own loaders (their limits on aliases and nesting included), when it is small
enough; a larger one is taken for a flow and read strictly.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..model import InputError
from .common import load_json
from .decode import read_file

FLOW_KEYS = ("nodes", "turns")
# A key written plain, single- or double-quoted, then a colon: a necessary condition for YAML
# (block or flow style) and for JSON. It matches nested keys too; parsing decides.
_KEY = re.compile(r"""(?<![\w-])["']?(?:nodes|turns)["']?\s*:""")
# Files up to this size are parsed to decide; a larger one with the key is read as a flow.
PARSE_LIMIT = 1024 * 1024


def is_flow_data(data: object) -> bool:
    """Parsed YAML or JSON that is a flow: a mapping with a `nodes` or `turns` key."""
    return isinstance(data, dict) and any(key in data for key in FLOW_KEYS)


def not_a_flow(path: str) -> bool:
    """True when the YAML or JSON file at `path` is certainly no dialogue flow. False when it is
    one, or may be one, or cannot be read or parsed: then the flow reader decides, and reports
    what is wrong (a broken flow is an error, not a file to skip)."""
    try:
        source, text = read_file(path)
    except InputError:
        return False
    if _KEY.search(text) is None:
        return True
    if len(text) > PARSE_LIMIT:
        return False
    try:
        if Path(path).suffix.lower() == ".json":
            data = load_json(source.path, text)
        else:
            from .flow import _load_yaml  # PyYAML costs start-up time: load it when needed

            data, _ = _load_yaml(source.path, text)
    except InputError:
        return False
    return not is_flow_data(data)


__all__ = ["FLOW_KEYS", "PARSE_LIMIT", "is_flow_data", "not_a_flow"]
