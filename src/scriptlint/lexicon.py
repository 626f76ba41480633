"""Lexicon packs: load, compile into one Aho-Corasick automaton, match, confirm.

A hit goes through, in order: allow-list masking, Latin word boundaries, negation, the entry's
sentence conditions (`requires`, `unless`, `pattern`), and jieba word-boundary confirmation.
The cheap checks come first so the segmenter runs for few hits.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional

import ahocorasick

from . import cache
from .model import CATEGORIES, InputError, Severity
from .normalize import Normalized, normalize
from .segment import Confirmer

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

FINDING_CATEGORIES = ("sensitive-term", "false-promise", "stalling", "pii-request", "impersonation")
SENTENCE_BREAKS = "。！？!?；;\n"
SENTENCE_WINDOW = 200
DECISION_CACHE_SIZE = 1 << 15  # keys hold a sentence of text: bounded to ~25 MB
_MISSING = object()
NEGATION_WINDOW = 16
_ENTRY_KEYS = {
    "id", "terms", "category", "set", "severity", "message", "message_en", "alternative",
    "citation", "negatable", "confirm", "allow", "requires", "unless", "pattern",
    "must_match", "must_not_match", "note",
}


@dataclass(eq=False)
class Entry:
    id: str
    pack: str
    terms: tuple[str, ...]
    category: Optional[str] = None
    set: Optional[str] = None
    severity: Severity = Severity.ERROR
    message: str = ""
    message_en: str = ""
    alternative: Optional[str] = None
    citation: Optional[str] = None
    negatable: bool = False
    confirm: bool = True
    allow: tuple[str, ...] = ()
    requires: tuple[LazyPattern, ...] = ()
    unless: tuple[LazyPattern, ...] = ()
    pattern: Optional[LazyPattern] = None
    must_match: tuple[str, ...] = ()
    must_not_match: tuple[str, ...] = ()
    source: str = ""
    raw_terms: tuple[str, ...] = ()  # as written in the pack, for `lexicon check`

    def text(self, lang: str) -> str:
        return self.message_en if lang == "en" and self.message_en else self.message


@dataclass
class Pack:
    name: str
    title: str
    description: str
    path: str
    entries: list[Entry] = field(default_factory=list)
    negation_cues: tuple[str, ...] = ()
    negation_fillers: tuple[str, ...] = ()


@dataclass(slots=True)
class Hit:
    # Not frozen: a frozen dataclass pays object.__setattr__ per field, and the scanner makes
    # one Hit per raw match.
    entry: Entry
    start: int  # in normalized text
    end: int
    term: str


@dataclass
class Scan:
    """Raw hits of one normalized text, and the allow-list spans found with them."""

    norm: Normalized
    hits: list[Hit] = field(default_factory=list)
    allows: dict[Optional[Entry], list[tuple[int, int]]] = field(default_factory=dict)
    active: Optional[frozenset[str]] = None  # the packs in force (None: all)


def bundled_dir() -> Path:
    """The lexicons shipped in the wheel, or the source tree's `lexicons/` when run from it."""
    packaged = resources.files("scriptlint") / "lexicons"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "lexicons"


def bundled_packs() -> dict[str, Path]:
    return {p.stem: p for p in sorted(bundled_dir().glob("*.toml"))}


class LazyPattern:
    """A regex compiled on first use. Most entries' conditions never run in a clean file, and
    compiling them all at start-up costs more than the whole lint of a small script."""

    __slots__ = ("pattern", "_compiled")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._compiled: Optional[re.Pattern[str]] = None

    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern)
        return self._compiled

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Optional[re.Match[str]]:
        return self.compiled().search(text, pos, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        return self.compiled().finditer(text, pos, endpos)


def _compile(path: str, entry_id: str, key: str, source: str, eager: bool) -> LazyPattern:
    pattern = LazyPattern(source)
    if eager:
        try:
            pattern.compiled()
        except re.error as exc:
            raise InputError(path, f"entry {entry_id}: bad regex in {key}: {exc}") from None
    return pattern


def _strings(path: str, entry_id: str, key: str, value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(path, f"entry {entry_id}: {key} must be a list of strings")
    return tuple(value)


def _flag(path: str, entry_id: str, key: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise InputError(path, f"entry {entry_id}: {key} must be true or false")
    return value


def _normalize_term(term: str) -> str:
    return normalize(term).text


def load_pack(path: Path | str, eager: bool = True) -> Pack:
    """Read one pack. `eager` compiles its regexes now, so a user's bad regex is reported at
    load; the bundled packs are checked by the test suite and compile lazily."""
    path = Path(path)
    name = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(name, "lexicon file not found") from None
    except OSError as exc:
        raise InputError(name, f"cannot read lexicon: {exc.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(name, f"invalid lexicon TOML: {exc}") from None
    for table, kind in (("pack", dict), ("negation", dict), ("entry", list), ("phrases", list)):
        if table in data and not isinstance(data[table], kind):
            shape = "a table" if kind is dict else "an array of tables ([[" + table + "]])"
            raise InputError(name, f"'{table}' must be {shape}")
    meta = data.get("pack", {})
    pack = Pack(
        name=str(meta.get("name", path.stem)),
        title=str(meta.get("title", path.stem)),
        description=str(meta.get("description", "")),
        path=name,
    )
    negation = data.get("negation", {})
    pack.negation_cues = _strings(name, "negation", "cues", negation.get("cues"))
    pack.negation_fillers = _strings(name, "negation", "fillers", negation.get("fillers"))
    ids: set[str] = set()
    for table_name in ("entry", "phrases"):
        for raw in data.get(table_name, []):
            if not isinstance(raw, dict):
                raise InputError(name, f"every [[{table_name}]] must be a table")
            entry = _parse_entry(name, pack.name, table_name, raw, eager)
            if entry.id in ids and table_name == "entry":
                raise InputError(name, f"entry id '{entry.id}' is used twice")
            ids.add(entry.id)
            pack.entries.append(entry)
    unknown = set(data) - {"pack", "negation", "entry", "phrases"}
    if unknown:
        raise InputError(name, f"unknown lexicon table(s): {', '.join(sorted(unknown))}")
    return pack


def _parse_entry(path: str, pack: str, table: str, raw: dict[str, Any], eager: bool = True) -> Entry:
    entry_id = str(raw.get("id") or (f"{pack}.{raw.get('set')}" if table == "phrases" else ""))
    if not entry_id:
        raise InputError(path, "an [[entry]] has no id")
    unknown = set(raw) - _ENTRY_KEYS
    if unknown:
        raise InputError(path, f"entry {entry_id}: unknown key(s) {', '.join(sorted(unknown))}")
    raw_terms = _strings(path, entry_id, "terms", raw.get("terms"))
    terms = tuple(_normalize_term(t) for t in raw_terms)
    if not terms or any(not t for t in terms):
        raise InputError(path, f"entry {entry_id}: needs non-empty terms")
    category = raw.get("category")
    phrase_set = raw.get("set")
    if table == "phrases":
        if not phrase_set:
            raise InputError(path, f"entry {entry_id}: [[phrases]] needs a set")
        category = None
    else:
        if category not in FINDING_CATEGORIES:
            raise InputError(
                path, f"entry {entry_id}: category must be one of {', '.join(FINDING_CATEGORIES)}"
            )
        phrase_set = None
    try:
        severity = Severity(raw.get("severity", "error"))
    except ValueError:
        raise InputError(path, f"entry {entry_id}: severity must be error, warning or info") from None
    pattern = raw.get("pattern")
    return Entry(
        id=entry_id,
        pack=pack,
        terms=terms,
        category=category,
        set=phrase_set,
        severity=severity,
        message=str(raw.get("message", "")),
        message_en=str(raw.get("message_en", "")),
        alternative=raw.get("alternative"),
        citation=raw.get("citation"),
        negatable=_flag(path, entry_id, "negatable", raw.get("negatable", False)),
        # Phrase sets are cues, not accusations: a cue cut by a longer word (智能语音 in
        # 智能语音助手, where jieba prefers 语音助手) must still count, so they skip
        # confirmation unless they ask for it.
        confirm=_flag(path, entry_id, "confirm", raw.get("confirm", table == "entry")),
        allow=tuple(_normalize_term(a) for a in _strings(path, entry_id, "allow", raw.get("allow"))),
        requires=tuple(_compile(path, entry_id, "requires", r, eager) for r in _strings(path, entry_id, "requires", raw.get("requires"))),
        unless=tuple(_compile(path, entry_id, "unless", r, eager) for r in _strings(path, entry_id, "unless", raw.get("unless"))),
        pattern=_compile(path, entry_id, "pattern", pattern, eager) if pattern else None,
        must_match=_strings(path, entry_id, "must_match", raw.get("must_match")),
        must_not_match=_strings(path, entry_id, "must_not_match", raw.get("must_not_match")),
        source=path,
        raw_terms=raw_terms,
    )


def load_bundled_terms() -> list[str]:
    terms: list[str] = []
    for path in bundled_packs().values():
        for entry in load_pack(path).entries:
            terms.extend(entry.terms)
            terms.extend(entry.allow)
    return terms


_LAST_BREAK = re.compile(r".*[" + SENTENCE_BREAKS + "]", re.DOTALL)
_NEXT_BREAK = re.compile("[" + SENTENCE_BREAKS + "]")


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around [start, end), at most SENTENCE_WINDOW characters each side."""
    low = max(0, start - SENTENCE_WINDOW)
    before = _LAST_BREAK.match(text, low, start)
    left = before.end() if before else low
    high = min(len(text), end + SENTENCE_WINDOW)
    after = _NEXT_BREAK.search(text, end, high)
    return left, after.start() if after else high


def _drop_contained(hits: list[Hit]) -> list[Hit]:
    """Drop a finding hit inside a longer one of the same category (稳赚 in 稳赚不赔).

    `hits` is sorted by start, longest first. Phrase-set cues are all kept: rules ask for them by
    set and position.
    """
    kept: list[Hit] = []
    widest: dict[str, int] = {}  # category -> furthest end among kept hits
    for hit in hits:
        category = hit.entry.category
        if category is not None:
            if widest.get(category, -1) >= hit.end:
                continue
            widest[category] = max(widest.get(category, -1), hit.end)
        kept.append(hit)
    kept.sort(key=lambda h: (h.start, h.end))
    return kept


def _is_ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


class Lexicon:
    """All selected packs, compiled once per run."""

    def __init__(
        self,
        packs: Iterable[Pack],
        allow_words: Iterable[str] = (),
        always_on: Iterable[str] = ("general",),
    ) -> None:
        self.packs = list(packs)
        self.always_on = frozenset(always_on)
        self.entries: list[Entry] = [e for p in self.packs for e in p.entries]
        cues: list[str] = []
        fillers: list[str] = []
        for pack in self.packs:
            cues.extend(pack.negation_cues)
            fillers.extend(pack.negation_fillers)
        self.negation_re = self._negation_regex(cues, fillers)
        self.global_allow = tuple(_normalize_term(w) for w in allow_words if w.strip())
        self.automaton = ahocorasick.Automaton()
        table: dict[str, list[tuple[str, Optional[Entry]]]] = {}
        for entry in self.entries:
            for term in entry.terms:
                table.setdefault(term, []).append(("term", entry))
            for phrase in entry.allow:
                table.setdefault(phrase, []).append(("allow", entry))
        for phrase in self.global_allow:
            table.setdefault(phrase, []).append(("allow", None))
        for key, values in table.items():
            self.automaton.add_word(key, (key, tuple(values)))
        if table:
            self.automaton.make_automaton()
        self._empty = not table
        self.confirmer = Confirmer(t for e in self.entries for t in e.terms)
        self._active_terms_cache: dict[tuple[Optional[frozenset[str]], Optional[str]], frozenset[str]] = {}
        self._decisions: dict[tuple, Optional[tuple[int, int]]] = {}
        self.sets: dict[str, list[Entry]] = {}
        for entry in self.entries:
            if entry.set:
                self.sets.setdefault(entry.set, []).append(entry)

    @staticmethod
    def _negation_regex(cues: list[str], fillers: list[str]) -> Optional[re.Pattern[str]]:
        if not cues:
            return None
        cue = "|".join(re.escape(c) for c in sorted(set(map(_normalize_term, cues)), key=len, reverse=True))
        filler = "|".join(re.escape(f) for f in sorted(set(map(_normalize_term, fillers)), key=len, reverse=True))
        tail = f"(?:{filler}){{0,2}}" if filler else ""
        return re.compile(f"(?:{cue}){tail}$")

    def negated(self, text: str, start: int) -> bool:
        if self.negation_re is None:
            return False
        return self.negation_re.search(text, max(0, start - NEGATION_WINDOW), start) is not None

    def candidates(self, norm: Normalized, packs: Optional[Iterable[str]] = None,
                   sets: Optional[frozenset[str]] = None) -> "Scan":
        """Raw Aho-Corasick hits, not yet confirmed (cheap: confirmation is the costly part, and
        callers confirm only the hits they need).

        `packs` limits the hits to those packs (plus `general` and the user's own packs): the
        automaton holds every pack once per run, a script's industries only filter it. `sets`
        likewise limits the phrase cues (None: all).
        """
        scan = Scan(norm)
        if self._empty:
            return scan
        active = None if packs is None else frozenset(packs) | self.always_on
        scan.active = active
        hits = scan.hits
        append = hits.append
        for end_index, (key, values) in self.automaton.iter(norm.text):
            end = end_index + 1
            start = end - len(key)
            for kind, entry in values:
                if kind == "term":
                    if (active is None or entry.pack in active) and (
                            sets is None or entry.set is None or entry.set in sets):
                        append(Hit(entry, start, end, key))
                else:
                    scan.allows.setdefault(entry, []).append((start, end))
        return scan

    def _active_terms(self, active: Optional[frozenset[str]], category: Optional[str]) -> frozenset[str]:
        """Terms that report for themselves: those of active packs in the same category. A hit
        cut through by one of them is dropped (the longer one reports); one cut through by a
        term of another category or an inactive pack still stands (绝对 inside 绝对不亏)."""
        key = (active, category)
        terms = self._active_terms_cache.get(key)
        if terms is None:
            terms = frozenset(t for e in self.entries if (active is None or e.pack in active)
                              and e.category == category for t in e.terms)
            self._active_terms_cache[key] = terms
        return terms

    def confirm(self, scan: "Scan", hits: Iterable[Hit]) -> list[Hit]:
        """The hits that survive every check, in order; a finding inside a longer one of the same
        category is dropped."""
        confirmed: list[Hit] = []
        seen: set[tuple[int, int, int]] = set()
        for hit in hits:
            result = self._confirm(scan, hit)
            if result is None:
                continue
            key = (id(result.entry), result.start, result.end)
            if key not in seen:
                seen.add(key)
                confirmed.append(result)
        confirmed.sort(key=lambda h: (h.start, -h.end))
        return _drop_contained(confirmed)

    def scan(self, norm: Normalized, packs: Optional[Iterable[str]] = None) -> list[Hit]:
        """Confirmed hits in normalized text, in order of position."""
        found = self.candidates(norm, packs)
        return self.confirm(found, found.hits)

    def _masked(self, scan: "Scan", hit: Hit) -> bool:
        length = hit.end - hit.start
        for owner in (None, hit.entry):
            for start, end in scan.allows.get(owner, ()):
                if start <= hit.start and hit.end <= end and end - start > length:
                    return True
        return False

    def _confirm(self, scan: "Scan", hit: Hit) -> Optional[Hit]:
        norm = scan.norm
        text = norm.text
        entry = hit.entry
        if scan.allows and self._masked(scan, hit):
            return None
        first, last = hit.term[0], hit.term[-1]
        if first < "\x80" or last < "\x80":
            o_start, o_end = norm.span(hit.start, hit.end)
            if _is_ascii_alnum(first) and _is_ascii_alnum(norm.folded_char(o_start - 1)):
                return None
            if _is_ascii_alnum(last) and _is_ascii_alnum(norm.folded_char(o_end)):
                return None
        # The rest depends only on the text around the hit: memoized, since call-centre text
        # repeats itself (the same scripted bot lines in thousands of calls).
        if entry.requires or entry.unless or entry.pattern is not None:
            left, right = sentence_bounds(text, hit.start, hit.end)
            low, high = max(0, left - NEGATION_WINDOW), min(len(text), right + Confirmer.window)
        else:
            low, high = max(0, hit.start - NEGATION_WINDOW), min(len(text), hit.end + Confirmer.window)
        key = (id(entry), text[low:high], hit.start - low, hit.end - low, scan.active)
        decision = self._decisions.get(key, _MISSING)
        if decision is _MISSING:
            decision = self._decide(key[1], key[2], key[3], entry, scan.active)
            if len(self._decisions) >= DECISION_CACHE_SIZE:
                self._decisions.clear()
            self._decisions[key] = decision
        if decision is None:
            return None
        start, end = decision
        if (start, end) == (hit.start - low, hit.end - low):
            return hit
        return Hit(entry, start + low, end + low, text[start + low:end + low])

    def _decide(self, text: str, start: int, end: int, entry: Entry,
                active: Optional[frozenset[str]]) -> Optional[tuple[int, int]]:
        """Negation, sentence conditions and word boundaries for a hit at text[start:end];
        the span to report (a pattern may widen it), or None."""
        if entry.negatable and self.negated(text, start):
            return None
        if entry.requires or entry.unless or entry.pattern is not None:
            left, right = sentence_bounds(text, start, end)
            if entry.requires and not any(r.search(text, left, right) for r in entry.requires):
                return None
            if entry.unless and any(r.search(text, left, right) for r in entry.unless):
                return None
            if entry.pattern is not None:
                for match in entry.pattern.finditer(text, left, right):
                    if match.start() <= start and end <= match.end() and match.end() > match.start():
                        start, end = match.start(), match.end()
                        break
                else:
                    return None
                if entry.negatable and self.negated(text, start):
                    return None
        if entry.confirm and not self.confirmer.confirm(text, start, end, self._active_terms(active, entry.category)):
            return None
        return start, end

    def scan_text(self, text: str, packs: Optional[Iterable[str]] = None) -> list[Hit]:
        return self.scan(normalize(text), packs)

    def self_test(self) -> Iterator[tuple[Entry, str, bool]]:
        """Yields (entry, example, expected) for every example that does not behave."""
        for entry in self.entries:
            for example, expected in [(e, True) for e in entry.must_match] + [(e, False) for e in entry.must_not_match]:
                # With the entry's own pack selected, as a script of that industry would be.
                produced = any(h.entry is entry for h in self.scan_text(example, [entry.pack]))
                if produced != expected:
                    yield entry, example, expected


def load_lexicon(
    extra_files: Iterable[str] = (),
    allow_words: Iterable[str] = (),
    bundled: Optional[Iterable[str]] = None,
) -> Lexicon:
    """Every bundled pack (or those named) plus the user's own, which are always on.

    The compiled lexicon is cached on disk, keyed by the packs' bytes: parsing TOML and
    normalizing a thousand terms is a sixth of a cold start.
    """
    extra_files = list(extra_files)
    allow_words = list(allow_words)
    available = bundled_packs()
    names = list(dict.fromkeys(list(available) if bundled is None else ["general", *bundled]))
    for name in names:
        if name not in available:
            raise InputError("--industry", f"unknown industry '{name}' (known: {', '.join(n for n in available if n != 'general')})")

    def build() -> Lexicon:
        packs = [load_pack(available[name], eager=False) for name in names]
        extras = [load_pack(extra) for extra in extra_files]
        return Lexicon(packs + extras, allow_words, ["general", *(p.name for p in extras)])

    try:
        contents = [(str(p), p.read_bytes()) for p in [available[n] for n in names] + [Path(e) for e in extra_files]]
    except OSError:
        return build()  # load_pack reports the unreadable pack
    return cache.cached("lexicon", cache.key(contents, sorted(allow_words), names), build, Lexicon)



__all__ = ["Entry", "Hit", "Lexicon", "Pack", "load_lexicon", "load_pack", "CATEGORIES"]
