"""Precision and recall per category on the labelled corpus (tests/corpus/).

    python -m scriptlint.eval [CORPUS_DIR] [--details]
    python -m scriptlint.eval --real DIR [--labels FILE] [--manifest FILE] [--details] [--json]

Labels are read from the corpus files themselves (see tests/corpus/README.md); a finding counts
at the utterance whose lines hold it. `--real` scores real text against reviewer labels kept
apart from it (see realeval.py).
"""
from __future__ import annotations

import argparse
import bisect
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .api import Linter, discover
from .config import Config, parse_settings
from .lexicon import load_lexicon
from .model import CATEGORIES, LINE_BREAK, InputError
from .readers import Speakers, read_scripts
from .readers.decode import read_file
from .rules import REGISTRY

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

EXPECT_RE = re.compile(r"^\s*(?:#|<!--)\s*expect\s*:\s*(?P<body>.*?)\s*(?:-->)?\s*$")
DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "tests" / "corpus"

Key = tuple[str, int, str]


@dataclass
class Labels:
    expected: set[Key] = field(default_factory=set)
    utterances: int = 0
    near_misses: int = 0
    lines: dict[str, list[int]] = field(default_factory=dict)  # path -> sorted utterance lines


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class Report:
    scores: dict[str, Score]
    labels: Labels
    false_positives: list[tuple[Key, str]]
    false_negatives: list[Key]
    errors: list[InputError]


def _categories(value: Any) -> tuple[list[str], bool]:
    """(categories, near-miss) from a label value."""
    if value is None:
        return [], False
    items = value if isinstance(value, list) else re.split(r"[;,\s]+", str(value))
    words = [str(i).strip() for i in items if str(i).strip()]
    near = any(w in ("near-miss", "near_miss") for w in words)
    cats = [w for w in words if w in CATEGORIES]
    unknown = [w for w in words if w not in CATEGORIES and w not in ("none", "near-miss", "near_miss", "-")]
    if unknown:
        raise ValueError(f"unknown label(s): {', '.join(unknown)}")
    return cats, near


def _truthy(value: Any) -> bool:
    return str(value).strip().lower() in ("1", "true", "yes") if value is not None else False


def read_labels(path: str, config: Config, labels: Labels) -> None:
    speakers = Speakers.with_extra(config.bot_markers, config.customer_markers)
    utterances = [u for s in read_scripts(path, speakers, lambda e: None) for u in s.utterances]
    lines = sorted(u.line for u in utterances)
    labels.lines[path] = lines
    labels.utterances += len(utterances)
    suffix = Path(path).suffix.lower()
    if suffix in (".txt", ".md", ".markdown"):
        _, decoded = read_file(path)  # the readers' own decoding and line breaks
        raw_lines = LINE_BREAK.split(decoded)
        pending: tuple[list[str], bool] | None = None
        utterance_lines = set(lines)
        for number, raw in enumerate(raw_lines, start=1):
            match = EXPECT_RE.match(raw)
            if match:
                pending = _categories(match.group("body"))
                continue
            if number in utterance_lines and pending is not None:
                cats, near = pending
                labels.expected.update((path, number, c) for c in cats)
                labels.near_misses += near
                pending = None
        return
    for utterance in utterances:
        cats, near = _categories(utterance.extra.get("expect"))
        labels.expected.update((path, utterance.line, c) for c in cats)
        labels.near_misses += near or _truthy(utterance.extra.get("near_miss"))


def evaluate(corpus: Path = DEFAULT_CORPUS, base: Config | None = None) -> Report:
    base = base or Config()
    lexicon = load_lexicon(base.lexicons, base.allow)
    labels = Labels()
    predicted: dict[Key, str] = {}
    errors: list[InputError] = []
    linters: dict[str, Linter] = {}
    # A corpus is a folder of labelled folders, or one labelled folder (with its manifest).
    folders = [corpus] if (corpus / "manifest.toml").exists() else sorted(p for p in corpus.iterdir() if p.is_dir())
    for folder in folders:
        manifest_path = folder / "manifest.toml"
        manifest = tomllib.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
        per_file = manifest.get("files", {})
        for path in discover([str(folder)]):
            settings = per_file.get(Path(path).name, {})
            settings_key = repr(sorted(settings.items()))
            if settings_key not in linters:
                config = base.merged(**parse_settings(f"{manifest_path}", settings))
                linters[settings_key] = Linter(config, lexicon)
            linter = linters[settings_key]
            read_labels(path, linter.config, labels)
            result = linter.check_file(path)
            errors.extend(result.errors)
            lines = labels.lines[path]
            for finding in result.findings:
                position = bisect.bisect_right(lines, finding.line) - 1
                line = lines[position] if position >= 0 else finding.line
                predicted.setdefault((path, line, finding.category), f"{finding.code} {finding.text}")
                # A finding folded into a more specific one on the same words still shows the
                # reviewer that category: it meets a label of it, but is no false alarm without one.
                for code in finding.related:
                    related = (path, line, REGISTRY.category_of[code])
                    if related in labels.expected:
                        predicted.setdefault(related, f"{code} (related to {finding.code}) {finding.text}")
    scores = {c: Score() for c in CATEGORIES}
    false_positives: list[tuple[Key, str]] = []
    false_negatives: list[Key] = []
    for key, description in predicted.items():
        if key in labels.expected:
            scores[key[2]].tp += 1
        else:
            scores[key[2]].fp += 1
            false_positives.append((key, description))
    for key in labels.expected:
        if key not in predicted:
            scores[key[2]].fn += 1
            false_negatives.append(key)
    return Report(scores, labels, sorted(false_positives), sorted(false_negatives), errors)


def format_table(report: Report) -> str:
    rows = ["| category | labelled | TP | FP | FN | precision | recall |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    total = Score()
    for category, score in report.scores.items():
        labelled = score.tp + score.fn
        rows.append(f"| {category} | {labelled} | {score.tp} | {score.fp} | {score.fn} | {score.precision:.3f} | {score.recall:.3f} |")
        total.tp += score.tp
        total.fp += score.fp
        total.fn += score.fn
    rows.append(f"| **all** | {total.tp + total.fn} | {total.tp} | {total.fp} | {total.fn} | {total.precision:.3f} | {total.recall:.3f} |")
    labels = report.labels
    rows.append("")
    rows.append(f"{labels.utterances} labelled utterances in {len(labels.lines)} files, "
                f"{labels.near_misses} compliant near-misses, {len(labels.expected)} expected findings.")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scriptlint.eval", description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=None, help=f"labelled corpus (default: {DEFAULT_CORPUS})")
    parser.add_argument("--details", action="store_true", help="list false positives and false negatives")
    parser.add_argument("--write-baseline", action="store_true",
                        help="record the counts in CORPUS/expected_scores.json (with --real: beside the labels "
                             "file); the test suite compares against it")
    parser.add_argument("--real", metavar="DIR", help="score real text in DIR against reviewer labels")
    parser.add_argument("--labels", metavar="FILE", help="with --real: the labels (default: tests/realtext/labels.tsv)")
    parser.add_argument("--manifest", metavar="FILE",
                        help="with --real: which files and how to lint them (default: tests/realtext/manifest.toml)")
    parser.add_argument("--json", action="store_true", help="with --real: print the scores as JSON")
    args = parser.parse_args(argv)
    if args.real is not None:
        if args.corpus is not None:
            parser.error("give either a CORPUS_DIR or --real DIR, not both")
        from . import realeval

        return realeval.run(Path(args.real), Path(args.labels) if args.labels else realeval.DEFAULT_LABELS,
                            Path(args.manifest) if args.manifest else realeval.DEFAULT_MANIFEST,
                            show_details=args.details, as_json=args.json, write_baseline=args.write_baseline)
    if args.labels or args.manifest or args.json:
        parser.error("--labels, --manifest and --json go with --real DIR")
    args.corpus = args.corpus or str(DEFAULT_CORPUS)
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        print(f"python -m scriptlint.eval: no corpus folder at {corpus} (the labelled corpus lives in a "
              "source checkout: tests/corpus)", file=sys.stderr)
        return 2
    try:
        report = evaluate(corpus)
    except (InputError, ValueError) as error:
        print(f"python -m scriptlint.eval: {error}", file=sys.stderr)
        return 2
    if args.write_baseline:
        import json

        counts = {c: {"tp": s.tp, "fp": s.fp, "fn": s.fn} for c, s in report.scores.items()}
        (Path(args.corpus) / "expected_scores.json").write_text(json.dumps(counts, indent=2) + "\n", encoding="utf-8")
    print(format_table(report))
    for input_error in report.errors:
        print(f"input error: {input_error}")
    if args.details:
        for (path, line, category), description in report.false_positives:
            print(f"FP {path}:{line} {category}: {description}")
        for path, line, category in report.false_negatives:
            print(f"FN {path}:{line} {category}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
