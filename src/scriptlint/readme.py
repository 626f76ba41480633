"""Regenerates the parts of README.md that are written from the code: the configuration table
(from `config.SETTINGS`), between `<!-- config-table:start -->` and `<!-- config-table:end -->`.

    python -m scriptlint.readme            # rewrite README.md of the current folder
    python -m scriptlint.readme --check    # exit 1 when it is stale, change nothing
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .config import with_config_table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scriptlint.readme",
                                     description="Write the generated configuration table into the README.")
    parser.add_argument("path", nargs="?", type=Path, default=Path("README.md"), help="the README (default: README.md)")
    parser.add_argument("--check", action="store_true", help="only report whether it is up to date (exit 1 if not)")
    args = parser.parse_args(argv)
    current = args.path.read_text(encoding="utf-8")
    try:
        fresh = with_config_table(current)
    except ValueError as error:
        print(f"{args.path}: {error}", file=sys.stderr)
        return 2
    if fresh == current:
        print(f"{args.path}: configuration table up to date")
        return 0
    if args.check:
        print(f"{args.path}: configuration table is stale; run python -m scriptlint.readme", file=sys.stderr)
        return 1
    args.path.write_text(fresh, encoding="utf-8")
    print(f"{args.path}: configuration table written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
