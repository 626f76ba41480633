"""Lexicon packs as TOML files: read, validate, and turn into `Pack` and entry values.

An `[[entry]]` table is a `TermEntry` (a finding of a category); a `[[phrases]]` table is a
`PhraseEntry` (a cue of a phrase set that rules ask about). Both share `EntryBase`: the
triggers and every condition the confirmation chain applies.
"""
from __future__ import annotations

import functools
import re
import sys
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any, Literal, TypeAlias

from ..model import InputError, Severity
from ..normalize import normalize
from ..tomlfile import parse_toml, read_toml, toml_module
from ..user_regex import BoundedPattern, Found, unsafe_shape
from . import regex_facts

FINDING_CATEGORIES = ("sensitive-term", "false-promise", "stalling", "pii-request", "impersonation")
# A sentence ends at these; an utterance at "\n" (the engine joins utterances with it).
SENTENCE_BREAKS = "。！？!?；;\n"
# A clause, the reach of `near`, also ends at commas and the enumeration comma. Full-width
# ，！？； are in normalized text as their half-width forms; both are listed.
CLAUSE_BREAKS = "，,、" + SENTENCE_BREAKS
NEAR_SIDES = ("after", "before", "either")
DEFAULT_NEAR_WINDOW = 8
MAX_NEAR_WINDOW = 100

NearSide: TypeAlias = Literal["after", "before", "either"]

_COMMON_KEYS = {
    "id", "terms", "negatable", "confirm", "allow", "requires", "unless", "pattern",
    "near", "near_window", "near_side", "must_match", "must_not_match", "note",
}
# The finding keys are accepted in [[phrases]] and `set` in [[entry]] (older packs have them),
# and ignored there.
_ENTRY_KEYS = _COMMON_KEYS | {"category", "severity", "message", "message_en", "alternative", "citation", "set",
                              "replace", "must_fix"}
_NEGATION_KEYS = {"cues", "fillers", "after"}
_PACK_KEYS = {"name", "title", "description"}
_TABLES = {"pack": dict, "negation": dict, "entry": list, "phrases": list}


class LazyPattern:
    """A regex compiled on first use. Most entries' conditions never run in a clean file, and
    compiling them all at start-up costs more than the whole lint of a small script.

    `where` names it in messages ("team.toml: entry x: pattern"). A `bounded` one is a user's: it
    runs with a time limit (user_regex.BoundedPattern); the bundled packs' run in `re`.

    Its literal gate and reach before a sentence (regex_facts) are read from the pattern on
    first use too, or come with it from the start-up cache (`pack_from_data`); a bounded
    pattern has neither (None: not known), as its engine's syntax is wider than `re`'s."""

    __slots__ = ("_compiled", "_facts", "bounded", "pattern", "where")

    def __init__(self, pattern: str, where: str = "", bounded: bool = False) -> None:
        self.pattern = pattern
        self.where = where
        self.bounded = bounded
        self._compiled: re.Pattern[str] | BoundedPattern | None = None
        self._facts: regex_facts.RegexFacts | None = None

    def compiled(self) -> re.Pattern[str] | BoundedPattern:
        """The compiled regex; re.error when it does not compile."""
        if self._compiled is None:
            self._compiled = BoundedPattern(self.pattern, self.where) if self.bounded else re.compile(self.pattern)
        return self._compiled

    def facts(self, present: tuple[str, ...]) -> regex_facts.RegexFacts:
        """Its literal gate, chosen among strings not inside `present` (the terms of its entry,
        always in a sentence it runs on), and how far before a sentence it may read; worked
        out once (a pattern belongs to one entry)."""
        if self._facts is None:
            self._facts = regex_facts.RegexFacts(None, None) if self.bounded else \
                regex_facts.facts_of(self.pattern, present, SENTENCE_BREAKS)
        return self._facts

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Found | None:
        return self.compiled().search(text, pos, endpos)

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Found | None:
        return self.compiled().match(text, pos, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[Found]:
        return self.compiled().finditer(text, pos, endpos)


@dataclass(frozen=True)
class Near:
    """An object that must stand near the trigger, in the same clause (a NEAR operator)."""

    objects: tuple[str, ...]  # normalized like terms; plain strings, not regexes
    window: int = DEFAULT_NEAR_WINDOW  # the object lies within this many characters of the trigger
    side: NearSide = "after"
    raw_objects: tuple[str, ...] = ()  # as written in the pack, for `lexicon check`


# eq=False: entries are compared and hashed by identity (a Scan keys allow-list spans by entry,
# and two entries with the same fields are still two entries).
@dataclass(frozen=True, eq=False, kw_only=True)
class EntryBase:
    id: str
    pack: str
    terms: tuple[str, ...]
    negatable: bool = False
    confirm: bool = True
    allow: tuple[str, ...] = ()
    requires: tuple[LazyPattern, ...] = ()
    unless: tuple[LazyPattern, ...] = ()
    pattern: LazyPattern | None = None
    near: Near | None = None
    must_match: tuple[str, ...] = ()
    must_not_match: tuple[str, ...] = ()
    source: str = ""
    raw_terms: tuple[str, ...] = ()  # as written in the pack, for `lexicon check`
    # True when a condition looks at the sentence around the hit (requires, unless, pattern,
    # near): the confirmation chain then takes the whole sentence into account.
    sentence_bound: bool = field(init=False, repr=False)

    def __post_init__(self) -> None:
        bound = bool(self.requires or self.unless or self.pattern is not None or self.near is not None)
        object.__setattr__(self, "sentence_bound", bound)

    @property
    def regexes(self) -> tuple[LazyPattern, ...]:
        """The regexes of the sentence conditions (requires, unless, pattern)."""
        return (*self.requires, *self.unless, *((self.pattern,) if self.pattern is not None else ()))

    def reach_before(self) -> int | None:
        """How far before its sentence the entry's regexes may read (None: not known)."""
        total = 0
        for regex in self.regexes:
            reach = regex.facts(self.terms).reach_before
            if reach is None:
                return None
            total = max(total, reach)
        return total


@dataclass(frozen=True, eq=False, kw_only=True)
class TermEntry(EntryBase):
    """A finding: its hits are reported under the rule of its category."""

    category: str
    severity: Severity = Severity.ERROR
    message: str = ""
    message_en: str = ""
    alternative: str | None = None
    citation: str | None = None
    # Term-level rewrites for `--unsafe-fixes`: (the finding's words, normalized -> what to
    # write instead), and the [before, after] examples that prove each one (`lexicon test`).
    replace: tuple[tuple[str, str], ...] = ()
    must_fix: tuple[tuple[str, str], ...] = ()

    def text(self, lang: str) -> str:
        return self.message_en if lang == "en" and self.message_en else self.message

    def replacement(self, original: str, context: str = "") -> str | None:
        """What replaces the words `original` of a finding of this entry (None: no rewrite for
        them), in Traditional characters when `context`, the utterance, is written in them."""
        if not self.replace:
            return None
        key = normalize_term(original)
        found = next((value for words, value in self.replace if words == key), None)
        if found is not None and context:
            from ..t2s import is_traditional, to_traditional

            if is_traditional(context):
                return to_traditional(found)
        return found


@dataclass(frozen=True, eq=False, kw_only=True)
class PhraseEntry(EntryBase):
    """A cue of a phrase set (the AI disclosure, a refusal, a transfer): rules ask for it."""

    phrase_set: str


Entry: TypeAlias = TermEntry | PhraseEntry


@dataclass(frozen=True)
class NegationCues:
    """A pack's [negation] table. `before`: cues right before a term (不保本); `after`: cues
    right after it (保证不了); `fillers`: up to two of them may stand between cue and term."""

    before: tuple[str, ...] = ()
    fillers: tuple[str, ...] = ()
    after: tuple[str, ...] = ()


@dataclass(frozen=True)
class Pack:
    name: str
    title: str
    description: str
    path: str
    entries: tuple[Entry, ...] = ()
    negation: NegationCues = NegationCues()


def bundled_dir() -> Path:
    """The lexicons shipped in the wheel, or the source tree's `lexicons/` when run from it."""
    # By path, not importlib.resources (whose import pulls in zipfile, a few ms of every start):
    # the packs are read from files in any case.
    package = Path(__file__).resolve().parents[1]
    packaged = package / "lexicons"
    return packaged if packaged.is_dir() else package.parents[1] / "lexicons"


def bundled_packs() -> dict[str, Path]:
    return {p.stem: p for p in sorted(bundled_dir().glob("*.toml"))}


@functools.cache
def bundled_title(name: str) -> str | None:
    """The `[pack] title` of a bundled pack, None when it has none (or no such pack). Only the
    TOML is parsed: no entries are built."""
    path = bundled_packs().get(name)
    if path is None:
        return None
    try:
        meta = parse_toml(path.read_text(encoding="utf-8")).get("pack", {})
    except (OSError, UnicodeDecodeError, toml_module().TOMLDecodeError):
        return None
    title = meta.get("title") if isinstance(meta, dict) else None
    return str(title) if title else None


def normalize_term(term: str) -> str:
    return normalize(term).text


@functools.lru_cache(maxsize=256)
def is_bundled(path: Path | str) -> bool:
    """A pack shipped with scriptlint (its regexes are ours, tested, and run without a time limit).
    Asked for every entry of a pack: resolving the paths each time was a tenth of start-up."""
    try:
        return Path(path).resolve().parent == _bundled_root()
    except OSError:
        return False


@functools.lru_cache(maxsize=1)
def _bundled_root() -> Path:
    return bundled_dir().resolve()


def load_pack(path: Path | str, eager: bool = True) -> Pack:
    """Read one pack. `eager` compiles its regexes now, so a user's bad regex is reported at
    load; the bundled packs are checked by the test suite and compile lazily. Every field is
    type-checked; a user's regexes are checked for catastrophic shapes too (user_regex)."""
    path = Path(path)
    name = str(path)
    data = read_toml(path, name, "lexicon", "invalid lexicon TOML")
    for table, kind in _TABLES.items():
        if table in data and not isinstance(data[table], kind):
            shape = "a table" if kind is dict else "an array of tables ([[" + table + "]])"
            raise InputError(name, f"'{table}' must be {shape}")
    meta = data.get("pack", {})
    unknown_meta = set(meta) - _PACK_KEYS
    if unknown_meta:
        raise InputError(name, f"[pack]: unknown key(s) {', '.join(sorted(unknown_meta))}")
    for key in _PACK_KEYS:
        _text(name, "[pack]", key, meta.get(key))
    pack_name = str(meta.get("name", path.stem))
    negation = _parse_negation(name, data.get("negation", {}))
    bounded = not is_bundled(path)
    entries: list[Entry] = []
    ids: set[str] = set()
    for table in ("entry", "phrases"):
        for raw in data.get(table, []):
            if not isinstance(raw, dict):
                raise InputError(name, f"every [[{table}]] must be a table")
            entry = _parse_entry(name, pack_name, table, raw, eager, bounded)
            # [[phrases]] of one set share their default id.
            if entry.id in ids and table == "entry":
                raise InputError(name, f"entry id '{entry.id}' is used twice")
            ids.add(entry.id)
            entries.append(entry)
    unknown = set(data) - set(_TABLES)
    if unknown:
        raise InputError(name, f"unknown lexicon table(s): {', '.join(sorted(unknown))}")
    return Pack(
        name=pack_name,
        title=str(meta.get("title", path.stem)),
        description=str(meta.get("description", "")),
        path=name,
        entries=tuple(entries),
        negation=negation,
    )


def _parse_negation(path: str, raw: dict[str, Any]) -> NegationCues:
    unknown = set(raw) - _NEGATION_KEYS
    if unknown:
        raise InputError(path, f"[negation]: unknown key(s) {', '.join(sorted(unknown))}")

    def words(key: str) -> tuple[str, ...]:
        found = tuple(normalize_term(w) for w in _strings(path, "[negation]", key, raw.get(key)))
        # A cue must end exactly at the term and stay in its sentence: one that held a
        # sentence break (or nothing) could reach into the previous sentence or utterance.
        for word in found:
            if not word or any(c in CLAUSE_BREAKS for c in word):
                raise InputError(path, f"[negation]: {key} must be words without punctuation or line breaks")
        return found

    return NegationCues(before=words("cues"), fillers=words("fillers"), after=words("after"))


def _entry(entry_id: str) -> str:
    """How messages name an entry ("entry finance.x"); a table is named as it is ("[negation]")."""
    return entry_id if entry_id.startswith("[") else f"entry {entry_id}"


def _strings(path: str, entry_id: str, key: str, value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(path, f"{_entry(entry_id)}: {key} must be a list of strings")
    return tuple(value)


def _text(path: str, entry_id: str, key: str, value: Any) -> str | None:
    """An optional string field (message, citation, ...): a number or a list there is a mistake."""
    if value is not None and not isinstance(value, str):
        raise InputError(path, f"{_entry(entry_id)}: {key} must be a string")
    return value


def _flag(path: str, entry_id: str, key: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise InputError(path, f"entry {entry_id}: {key} must be true or false")
    return value


def _regexes(path: str, entry_id: str, key: str, value: Any, eager: bool, bounded: bool) -> tuple[LazyPattern, ...]:
    where = f"{path}: entry {entry_id}: {key}"
    patterns = tuple(LazyPattern(source, where, bounded) for source in _strings(path, entry_id, key, value))
    for pattern in patterns:
        # A user's regex must not hang a run: the common catastrophic shapes are refused here,
        # and every call runs with a time limit (user_regex).
        problem = unsafe_shape(pattern.pattern) if bounded else None
        if problem is not None:
            raise InputError(path, f"entry {entry_id}: {key} regex '{pattern.pattern}': {problem}")
        if eager:
            try:
                pattern.compiled()
            except re.error as exc:
                raise InputError(path, f"entry {entry_id}: bad regex in {key}: {exc}") from None
    return patterns


def _parse_near(path: str, entry_id: str, raw: dict[str, Any]) -> Near | None:
    raw_objects = _strings(path, entry_id, "near", raw.get("near"))
    if not raw_objects:
        if "near_window" in raw or "near_side" in raw:
            raise InputError(path, f"entry {entry_id}: near_window and near_side need near")
        return None
    objects = tuple(normalize_term(o) for o in raw_objects)
    if any(not o for o in objects):
        raise InputError(path, f"entry {entry_id}: near needs non-empty strings")
    window = raw.get("near_window", DEFAULT_NEAR_WINDOW)
    if isinstance(window, bool) or not isinstance(window, int) or not 1 <= window <= MAX_NEAR_WINDOW:
        raise InputError(path, f"entry {entry_id}: near_window must be a whole number from 1 to {MAX_NEAR_WINDOW}")
    side = raw.get("near_side", "after")
    if side == "after" or side == "before" or side == "either":
        return Near(objects=objects, window=window, side=side, raw_objects=raw_objects)
    raise InputError(path, f"entry {entry_id}: near_side must be one of {', '.join(NEAR_SIDES)}")


def _parse_entry(path: str, pack: str, table: str, raw: dict[str, Any], eager: bool = True,
                 bounded: bool = False) -> Entry:
    raw_id = raw.get("id")
    if raw_id is not None and not isinstance(raw_id, str):
        raise InputError(path, f"an [[{table}]] id must be a string (got {_toml_type(raw_id)})")
    entry_id = raw_id or (f"{pack}.{raw.get('set')}" if table == "phrases" else "")
    if not entry_id:
        raise InputError(path, f"an [[{table}]] has no id")
    unknown = set(raw) - _ENTRY_KEYS
    if unknown:
        raise InputError(path, f"entry {entry_id}: unknown key(s) {', '.join(sorted(unknown))}")
    for key in ("message", "message_en", "alternative", "citation", "note", "set"):
        _text(path, entry_id, key, raw.get(key))
    raw_terms = _strings(path, entry_id, "terms", raw.get("terms"))
    terms = tuple(normalize_term(t) for t in raw_terms)
    if not terms or any(not t for t in terms):
        raise InputError(path, f"entry {entry_id}: needs non-empty terms")
    pattern = raw.get("pattern")
    if pattern is not None and not isinstance(pattern, str):
        raise InputError(path, f"entry {entry_id}: pattern must be a string")
    common: dict[str, Any] = {
        "id": entry_id,
        "pack": pack,
        "terms": terms,
        "negatable": _flag(path, entry_id, "negatable", raw.get("negatable", False)),
        # Phrase sets are cues, not accusations: a cue cut by a longer word (智能语音 in
        # 智能语音助手, where jieba prefers 语音助手) must still count, so they skip
        # confirmation unless they ask for it.
        "confirm": _flag(path, entry_id, "confirm", raw.get("confirm", table == "entry")),
        "allow": tuple(normalize_term(a) for a in _strings(path, entry_id, "allow", raw.get("allow"))),
        "requires": _regexes(path, entry_id, "requires", raw.get("requires"), eager, bounded),
        "unless": _regexes(path, entry_id, "unless", raw.get("unless"), eager, bounded),
        "pattern": _regexes(path, entry_id, "pattern", pattern, eager, bounded)[0] if pattern else None,
        "near": _parse_near(path, entry_id, raw),
        "must_match": _strings(path, entry_id, "must_match", raw.get("must_match")),
        "must_not_match": _strings(path, entry_id, "must_not_match", raw.get("must_not_match")),
        "source": path,
        "raw_terms": raw_terms,
    }
    if table == "phrases":
        phrase_set = raw.get("set")
        if not phrase_set or not isinstance(phrase_set, str):
            raise InputError(path, f"entry {entry_id}: [[phrases]] needs a set")
        return PhraseEntry(phrase_set=phrase_set, **common)
    category = raw.get("category")
    if not isinstance(category, str) or category not in FINDING_CATEGORIES:
        raise InputError(path, f"entry {entry_id}: category must be one of {', '.join(FINDING_CATEGORIES)}")
    severity = raw.get("severity", "error")
    if not isinstance(severity, str) or severity not in {s.value for s in Severity}:
        raise InputError(path, f"entry {entry_id}: severity must be error, warning or info")
    replace, must_fix = _parse_rewrites(path, entry_id, raw)
    return TermEntry(
        category=category,
        severity=Severity(severity),
        message=raw.get("message", ""),
        message_en=raw.get("message_en", ""),
        alternative=raw.get("alternative"),
        citation=raw.get("citation"),
        replace=replace,
        must_fix=must_fix,
        **common,
    )


def _toml_type(value: object) -> str:
    """What a TOML value is, in the words of TOML."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "an array"
    return "a table" if isinstance(value, dict) else "a date or time"


def _parse_rewrites(path: str, entry_id: str, raw: dict[str, Any]) -> tuple[tuple[tuple[str, str], ...],
                                                                       tuple[tuple[str, str], ...]]:
    """`replace = {"保证" = "尽力保证"}` (words of a finding -> what to write instead) and
    `must_fix = [["before", "after"], ...]`: a rewrite without an example that proves it, or an
    example without a rewrite, is refused."""
    table, examples = raw.get("replace"), raw.get("must_fix")
    if table is None and examples is None:
        return (), ()
    if not isinstance(table, dict) or not table:
        raise InputError(path, f"entry {entry_id}: replace must be a table of words = replacement "
                               "(must_fix needs it)")
    replace: list[tuple[str, str]] = []
    for words, value in table.items():
        key = normalize_term(words)
        if not key or not isinstance(value, str) or "\n" in value or "\r" in value:
            raise InputError(path, f"entry {entry_id}: replace: '{words}' needs words and a one-line string")
        replace.append((key, value))
    if (not isinstance(examples, list) or not examples
            or not all(isinstance(e, list) and len(e) == 2 and all(isinstance(s, str) for s in e) for e in examples)):
        raise InputError(path, f"entry {entry_id}: replace needs must_fix, a list of [before, after] examples")
    return tuple(replace), tuple((before, after) for before, after in examples)


# Packs as plain data, for the start-up cache: JSON-able dicts and lists that `pack_from_data`
# turns back into the same values (regexes stay uncompiled, as `load_pack(eager=False)` leaves them).
_PATTERN_LISTS = ("requires", "unless")
_STRING_LISTS = ("terms", "allow", "must_match", "must_not_match", "raw_terms")
_PAIR_LISTS = ("replace", "must_fix")


def pack_to_data(pack: Pack) -> dict[str, Any]:
    entries = []
    for entry in pack.entries:
        data: dict[str, Any] = {"kind": "entry" if isinstance(entry, TermEntry) else "phrases"}
        for item in fields(entry):
            if item.init:
                data[item.name] = getattr(entry, item.name)
        data.update({key: [p.pattern for p in data[key]] for key in _PATTERN_LISTS})
        data["pattern"] = entry.pattern.pattern if entry.pattern is not None else None
        data["near"] = asdict(entry.near) if entry.near is not None else None
        if isinstance(entry, TermEntry):
            data["severity"] = entry.severity.value
        # Worked out here, once per cache entry, rather than in every run that meets the entry.
        data["regex_facts"] = [list(regex.facts(entry.terms)) for regex in entry.regexes]
        entries.append(data)
    return {"name": pack.name, "title": pack.title, "description": pack.description, "path": pack.path,
            "entries": entries, "negation": asdict(pack.negation)}


def _text_tuple(value: Any) -> tuple[str, ...]:
    # Only the shape is checked: the entry passed its SHA-256 check in a folder only we can
    # write, so this guards against a format change, not an attacker (JSON runs no code anyway).
    if not isinstance(value, list):
        raise TypeError("expected a list of strings")
    return tuple(value)


def _entry_from_data(data: dict[str, Any]) -> Entry:
    values = dict(data)
    # A cache entry written before the facts were stored has none: KeyError, and it is rebuilt.
    facts = values.pop("regex_facts")
    entry = _entry_of(values)
    if not isinstance(facts, list) or len(facts) != len(entry.regexes):
        raise TypeError("expected the facts of every regex")
    for regex, (gate, reach) in zip(entry.regexes, facts, strict=True):
        if not (reach is None or isinstance(reach, int)):
            raise TypeError("expected a number of characters")
        regex._facts = regex_facts.RegexFacts(None if gate is None else _text_tuple(gate), reach)
    return entry


def _entry_of(values: dict[str, Any]) -> Entry:
    kind = values.pop("kind")
    for key in _STRING_LISTS:
        values[key] = _text_tuple(values[key])
    source, entry_id = str(values["source"]), str(values["id"])
    bounded = not is_bundled(source)  # as load_pack decides
    for key in _PATTERN_LISTS:
        values[key] = tuple(LazyPattern(p, f"{source}: entry {entry_id}: {key}", bounded)
                            for p in _text_tuple(values[key]))
    pattern, near = values["pattern"], values["near"]
    values["pattern"] = LazyPattern(pattern, f"{source}: entry {entry_id}: pattern", bounded) \
        if isinstance(pattern, str) else None
    if near is not None:
        values["near"] = Near(objects=_text_tuple(near["objects"]), window=int(near["window"]), side=near["side"],
                              raw_objects=_text_tuple(near["raw_objects"]))
    if kind == "phrases":
        return PhraseEntry(**values)
    if kind != "entry":
        raise ValueError(f"unknown entry kind {kind!r}")
    values["severity"] = Severity(values["severity"])
    for key in _PAIR_LISTS:
        values[key] = _pairs(values[key])
    return TermEntry(**values)


def _pairs(value: Any) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, list) or not all(isinstance(p, list) and len(p) == 2 for p in value):
        raise TypeError("expected a list of pairs")
    return tuple((str(first), str(second)) for first, second in value)


def pack_from_data(data: dict[str, Any]) -> Pack:
    """Back from `pack_to_data`; ValueError, KeyError or TypeError for anything else."""
    negation = data["negation"]
    return Pack(
        name=str(data["name"]),
        title=str(data["title"]),
        description=str(data["description"]),
        path=str(data["path"]),
        entries=tuple(_entry_from_data(e) for e in data["entries"]),
        negation=NegationCues(**{key: _text_tuple(negation[key]) for key in ("before", "fillers", "after")}),
    )


def load_bundled_terms() -> list[str]:
    """Every term and allow phrase of the bundled packs, normalized (what the compact
    segmentation dictionary is built for)."""
    terms: list[str] = []
    for path in bundled_packs().values():
        for entry in load_pack(path).entries:
            terms.extend(entry.terms)
            terms.extend(entry.allow)
    return terms
