"""One Aho-Corasick automaton over every term and allow phrase: raw hits, before confirmation."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import ahocorasick  # type: ignore[import-not-found]  # a C extension without stubs

from ..normalize import Normalized
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
    """The automaton of a set of entries, built once per Lexicon."""

    def __init__(self, entries: Iterable[Entry], global_allow: Iterable[str] = ()) -> None:
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
        self.automaton = ahocorasick.Automaton()
        for key in dict.fromkeys([*triggers, *allows]):
            targets: _Targets = (tuple(triggers.get(key, ())), tuple(allows.get(key, ())))
            self.automaton.add_word(key, (key, targets))
        self.empty = not (triggers or allows)
        if not self.empty:
            self.automaton.make_automaton()

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
        scan = Scan(norm, active=active)
        if self.empty:
            return scan
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
