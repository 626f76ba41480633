"""The compiled core and the pure-Python engine give byte-identical output.

(a) `scriptlint check --format json` on the development corpus (tests/corpus), (b) on a small
generated bench corpus, mixed and all-Traditional, with every industry pack on, each run once
with SCRIPTLINT_PURE_PYTHON=1 and once without; (c) hypothesis-generated scripts mixing lexicon
terms, separators, Traditional characters, digits, masked tokens and Latin words, in process:
the findings as JSON, the normalized text with its whole offset map, and the raw scan.
Skipped, with the reason, only when the extension is not built.
"""
from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from scriptlint import compiled, normalize
from scriptlint.api import Linter
from scriptlint.config import Config, known_industries
from scriptlint.lexicon import Lexicon, Scan, load_lexicon

if not compiled.built():
    pytest.skip("the C extension scriptlint._core is not built (pure-Python install): nothing to compare",
                allow_module_level=True)

from scriptlint import _core  # only once it is known to be built

ROOT = Path(__file__).resolve().parents[1]
INDUSTRIES = ",".join(known_industries())


def check_json(path: Path, *options: str, pure: bool) -> tuple[int, str]:
    """Exit status and standard output of `scriptlint check --format json` in a fresh process."""
    env = {**os.environ, compiled.PURE_PYTHON_VARIABLE: "1" if pure else "0",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))}
    result = subprocess.run([sys.executable, "-m", "scriptlint", "check", "--isolated", "--format", "json",
                             "--jobs", "1", *options, str(path)],
                            env=env, capture_output=True, text=True, encoding="utf-8", timeout=600, check=False)
    assert result.returncode in (0, 1), result.stderr
    return result.returncode, result.stdout


def assert_same_output(path: Path, *options: str) -> None:
    status, output = check_json(path, *options, pure=False)
    assert json.loads(output)["findings"], "a comparison of empty reports proves nothing"
    assert (status, output) == check_json(path, *options, pure=True)


@pytest.fixture(scope="module")
def bench_corpora(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bench")
    corpora = {"mixed": folder / "mixed", "traditional": folder / "traditional"}
    for name, out in corpora.items():
        ratio = ["--traditional-ratio", "1"] if name == "traditional" else []
        subprocess.run([sys.executable, str(ROOT / "bench" / "gen_corpus.py"), "--out", str(out), "--chars", "300000",
                        "--seed", "7", *ratio], check=True, capture_output=True, timeout=600)
    return corpora


def test_development_corpus_gives_the_same_json() -> None:
    assert_same_output(ROOT / "tests" / "corpus")


@pytest.mark.parametrize("name", ["mixed", "traditional"])
def test_bench_corpus_gives_the_same_json(bench_corpora: dict[str, Path], name: str) -> None:
    assert_same_output(bench_corpora[name], "--industry", INDUSTRIES)


# --- (c) generated scripts, in process ----------------------------------------------------------


@contextmanager
def engine(core: ModuleType | None) -> Iterator[None]:
    """Run with the compiled core (the module) or the pure engine (None), whatever the switch."""
    saved = compiled.core
    compiled.core = core
    try:
        yield
    finally:
        compiled.core = saved


@functools.cache
def linters() -> tuple[Linter, Linter]:
    """(compiled, pure): the same config; each lexicon's automaton built under its engine."""
    config = Config(industry=tuple(known_industries()), allow=("保本理财",))
    built = []
    for core in (_core, None):
        with engine(core):
            built.append(Linter(config, lexicon=load_lexicon((), config.allow)))
    compiled_linter, pure_linter = built
    assert compiled_linter.lexicon.matcher.engine == "compiled"
    assert pure_linter.lexicon.matcher.engine == "pure"
    return compiled_linter, pure_linter


@functools.cache
def vocabulary() -> tuple[list[str], list[str]]:
    """Lexicon terms as written and some in Traditional characters."""
    from scriptlint.t2s import to_traditional

    lexicon = load_lexicon()
    terms = sorted({t for e in lexicon.entries for t in e.raw_terms} | {x for e in lexicon.entries for x in e.must_match})
    return terms, [to_traditional(t) for t in terms[::7]]


SEPARATORS = [" ", "*", "·", "-", "\u200b", "\u3000", "\t", "\u0301", "\u202e", ".", "|"]
WORDS = ["您好", "我们的产品", "不", "没有", "可以", "请", "确保", "本金", "收益", "客服", "，", "。", "！", "？",
         "email", "AI", "ai", "Vip", "ＡＩ", "ｅｍａｉｌ", "APP", "138", "１３８", "0571", "5%", "３．５％",
         "[数字x]", "［金額x］", "[日期]", "風險", "無", "著名", "瞭解", "什么", "么麼", "反覆", "Σ", "İ", "㈱", "😀", "\U00010400", "👍🏽"]
MARKERS = ["", "坐席：", "客户：", "AI:", "【坐席】", "机器人："]


@st.composite
def scripts(draw: st.DrawFn) -> str:
    terms, traditional = vocabulary()
    piece = st.one_of(st.sampled_from(terms), st.sampled_from(traditional), st.sampled_from(WORDS),
                      st.sampled_from(SEPARATORS), st.integers(0, 10**6).map(str))
    lines = draw(st.lists(st.tuples(st.sampled_from(MARKERS), st.lists(piece, max_size=12)), min_size=1, max_size=6))
    return "\n".join(marker + "".join(pieces) for marker, pieces in lines)


def findings_json(linter: Linter, core: ModuleType | None, text: str, kind: str) -> str:
    with engine(core):
        findings = linter.check_text(text, kind=kind)
    return json.dumps([f.to_dict() for f in findings], ensure_ascii=False, sort_keys=True)


def scan_key(scan: Scan) -> tuple[object, ...]:
    return ([(h.entry.id, h.start, h.end, h.term) for h in scan.hits],
            {(owner.id if owner else None): spans for owner, spans in scan.allows.items()},
            [(before, h.entry.id, h.start, h.end, h.term) for before, h in scan.unselected])


def normalized_key(norm: normalize.Normalized) -> tuple[object, ...]:
    folded = [norm.folded_char(i) for i in range(len(norm.original))]
    return norm.text, folded, [norm.origin(i) for i in range(len(norm.text) + 1)]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scripts())
@example("坐席：这款产品保本保息，稳赚不赔\n客户：真的吗")
@example("AI:您好，這款產品保 本*無風險，[数字x]天到账，email联系")
def test_generated_scripts_give_the_same_findings_normalization_and_scan(text: str) -> None:
    compiled_linter, pure_linter = linters()
    for kind in ("script", "replies"):
        assert findings_json(compiled_linter, _core, text, kind) == findings_json(pure_linter, None, text, kind)
    with engine(_core):
        norm = normalize.normalize(text)
    assert normalized_key(norm) == normalized_key(normalize.normalize_pure(text))
    lexicons: list[Lexicon] = [compiled_linter.lexicon, pure_linter.lexicon]
    for packs, unselected in ((None, False), (["finance"], True), ([], True)):
        compiled_scan, pure_scan = (lexicon.candidates(norm, packs, unselected=unselected) for lexicon in lexicons)
        assert scan_key(compiled_scan) == scan_key(pure_scan)
