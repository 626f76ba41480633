"""One Aho-Corasick automaton over every term and allow phrase: raw hits, before confirmation.

The compiled core (`scriptlint._core`) runs the same scan in C; pyahocorasick and the loop in
`Matcher.candidates` are the pure-Python engine and the reference."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING, Any

import ahocorasick  # type: ignore[import-not-found]  # a C extension without stubs

from .. import compiled
from ..normalize import Normalized

if TYPE_CHECKING:
    from .. import _core as _core_types
from .schema import Entry, TermEntry

# What the automaton stores under one key: the entries it triggers, each with the values the
# scan filters on (pack, category, phrase set), so the hot loop reads no attributes; and the
# entries it is an allow phrase of (None: the user's global allow list).
_Trigger = tuple[Entry, str, "str | None", "str | None"]
_Targets = tuple[tuple[_Trigger, ...], tuple["Entry | None", ...]]


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
    allows: dict[Entry | None, list[tuple[int, int]]] = field(default_factory=dict)
    active: frozenset[str] | None = None  # the packs in force (None: all)
    # Raw finding hits of the packs not in force, kept only when asked (for the hint that an
    # unselected industry pack would have matched), each with the number of `hits` before it:
    # where it would stand among them, had its pack been in force.
    unselected: list[tuple[int, Hit]] = field(default_factory=list)


class Matcher:
    """The automaton of a set of entries, built once per Lexicon.

    With the compiled core (`compiled.core`, or `use_core=True`), the scan and its filters run in
    C (`_core.Automaton`) and only surviving hits become Python objects; otherwise pyahocorasick
    and the loop below, the reference. Both give the same Scan.
    """

    def __init__(self, entries: Iterable[Entry], global_allow: Iterable[str] = (), use_core: bool | None = None) -> None:
        triggers: dict[str, list[_Trigger]] = {}
        allows: dict[str, list[Entry | None]] = {}
        for entry in entries:
            category, phrase_set = (entry.category, None) if isinstance(entry, TermEntry) else (None, entry.phrase_set)
            for term in entry.terms:
                triggers.setdefault(term, []).append((entry, entry.pack, category, phrase_set))
            for phrase in entry.allow:
                allows.setdefault(phrase, []).append(entry)
        for phrase in global_allow:
            allows.setdefault(phrase, []).append(None)
        self._targets: dict[str, _Targets] = {
            key: (tuple(triggers.get(key, ())), tuple(allows.get(key, ()))) for key in dict.fromkeys([*triggers, *allows])
        }
        self.empty = not self._targets
        if use_core is None:
            core = compiled.core
        else:
            core = (compiled.core or _import_core()) if use_core else None
        self._core: _core_types.Automaton | None = None
        self._automaton: Any = None
        # Ids of the C scan's filters, in order of first appearance.
        self._pack_ids: dict[str, int] = {}
        self._category_ids: dict[str, int] = {}
        self._set_ids: dict[str, int] = {}
        if core is not None:
            self._core = self._build_core(core)
        else:
            self._automaton = self._build_automaton()
        self._masks: dict[tuple[frozenset[str] | None, frozenset[str] | None, frozenset[str] | None],
                          tuple[bytes | None, bytes | None, bytes | None]] = {}

    def __getstate__(self) -> dict[str, Any]:
        """Pickled (a Linter sent to a cluster's workers) without its automata: the C one cannot
        be pickled, and either is rebuilt from the keys faster than it travels."""
        state = self.__dict__.copy()
        state.update(_core=None, _automaton=None, _pack_ids={}, _category_ids={}, _set_ids={}, _masks={},
                     _wants_core=self._core is not None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        wants_core = state.pop("_wants_core")
        self.__dict__.update(state)
        core = compiled.core if wants_core else None  # the receiving side's engine switch holds
        if core is not None:
            self._core = self._build_core(core)
        else:
            self._automaton = self._build_automaton()

    @property
    def engine(self) -> str:
        """"compiled" or "pure": which scan this matcher runs."""
        return "compiled" if self._core is not None else "pure"

    @property
    def automaton(self) -> Any:
        """The pyahocorasick automaton: values are (key, targets). Built on first use when the
        compiled core scans."""
        if self._automaton is None:
            self._automaton = self._build_automaton()
        return self._automaton

    def _build_automaton(self) -> Any:
        automaton = ahocorasick.Automaton()
        for key, targets in self._targets.items():
            automaton.add_word(key, (key, targets))
        if not self.empty:
            automaton.make_automaton()
        return automaton

    def _build_core(self, core: ModuleType) -> _core_types.Automaton:
        """The C automaton over the same keys: entries, packs, categories and phrase sets as
        small integer ids, in order of first appearance."""
        entries: dict[int, int] = {}  # id(entry) -> index
        entry_list: list[Entry] = []
        trigger_ids: list[tuple[tuple[int, int, int, int], ...]] = []
        for triggers, _ in self._targets.values():
            ids = []
            for entry, pack, category, phrase_set in triggers:
                index = entries.setdefault(id(entry), len(entry_list))
                if index == len(entry_list):
                    entry_list.append(entry)
                ids.append((index, self._pack_ids.setdefault(pack, len(self._pack_ids)),
                            -1 if category is None else self._category_ids.setdefault(category, len(self._category_ids)),
                            -1 if phrase_set is None else self._set_ids.setdefault(phrase_set, len(self._set_ids))))
            trigger_ids.append(tuple(ids))
        automaton: _core_types.Automaton = core.Automaton(
            tuple(self._targets), tuple(trigger_ids), tuple(owners for _, owners in self._targets.values()),
            tuple(entry_list), Hit, len(self._pack_ids), len(self._category_ids), len(self._set_ids))
        return automaton

    def _masks_for(
        self, active: frozenset[str] | None, sets: frozenset[str] | None, categories: frozenset[str] | None
    ) -> tuple[bytes | None, bytes | None, bytes | None]:
        """The filters as the C scan takes them: one byte per id, 1 for those let through."""
        key = (active, sets, categories)
        masks = self._masks.get(key)
        if masks is None:
            masks = (_mask(self._pack_ids, active), _mask(self._set_ids, sets), _mask(self._category_ids, categories))
            self._masks[key] = masks
        return masks

    def candidates(
        self,
        norm: Normalized,
        active: frozenset[str] | None = None,
        sets: frozenset[str] | None = None,
        categories: frozenset[str] | None = None,
        unselected: bool = False,
    ) -> Scan:
        """Every raw hit of an entry of an `active` pack whose phrase set is in `sets` or whose
        category is in `categories` (None: no limit), with the allow spans. With `unselected`,
        also the hits of term entries of the other packs in `categories`, in `scan.unselected`."""
        if self.empty:
            return Scan(norm, active=active)
        if self._core is not None:
            hits, allows, others = self._core.scan(norm.text, *self._masks_for(active, sets, categories),
                                                   unselected and active is not None)
            return Scan(norm, hits, allows, active, others)
        scan = Scan(norm, active=active)
        append = scan.hits.append
        keep_unselected = unselected and active is not None
        append_unselected = scan.unselected.append
        spans = scan.allows
        targets: _Targets
        for end_index, (key, targets) in self.automaton.iter(norm.text):
            end = end_index + 1
            start = end - len(key)
            triggers, owners = targets
            for entry, pack, category, phrase_set in triggers:
                if active is not None and pack not in active:
                    if keep_unselected and category is not None and (categories is None or category in categories):
                        append_unselected((len(scan.hits), Hit(entry, start, end, key)))
                    continue
                if category is None:
                    if sets is not None and phrase_set not in sets:
                        continue
                elif categories is not None and category not in categories:
                    continue
                append(Hit(entry, start, end, key))
            for owner in owners:
                spans.setdefault(owner, []).append((start, end))
        return scan


def _mask(ids: dict[str, int], allowed: frozenset[str] | None) -> bytes | None:
    if allowed is None:
        return None
    mask = bytearray(len(ids))
    for name in allowed:
        index = ids.get(name)
        if index is not None:
            mask[index] = 1
    return bytes(mask)


def _import_core() -> ModuleType:
    """The extension even when SCRIPTLINT_PURE_PYTHON is set (tests compare the engines)."""
    from .. import _core

    return _core
