"""`Lexicon`: the selected packs compiled once per run, the one object the engine talks to."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ..normalize import Normalized, normalize
from ..segment import Confirmer
from .confirm import ConfirmationChain, Negation
from .matcher import Hit, Matcher, Scan
from .schema import Entry, Pack, PhraseEntry, TermEntry, normalize_term


class Lexicon:
    """All selected packs, compiled once per run.

    `always_on` packs (general, the user's own) report whatever industries a script selects.
    """

    def __init__(
        self,
        packs: Iterable[Pack],
        allow_words: Iterable[str] = (),
        always_on: Iterable[str] = ("general",),
    ) -> None:
        self.packs = list(packs)
        self.always_on = frozenset(always_on)
        self.entries: list[Entry] = [e for p in self.packs for e in p.entries]
        self.global_allow = tuple(normalize_term(w) for w in allow_words if w.strip())
        self.matcher = Matcher(self.entries, self.global_allow)
        self.negation = Negation(p.negation for p in self.packs)
        # Word boundaries, with jieba's dictionary loaded on first use (`.segmenter`).
        self.confirmer = Confirmer(t for e in self.entries for t in e.terms)
        self.chain = ConfirmationChain(self.entries, self.negation, self.confirmer)
        self.sets: dict[str, list[PhraseEntry]] = {}
        for entry in self.entries:
            if isinstance(entry, PhraseEntry):
                self.sets.setdefault(entry.phrase_set, []).append(entry)

    @property
    def automaton(self) -> Any:
        """The Aho-Corasick automaton: values are (key, targets)."""
        return self.matcher.automaton

    def negated(self, text: str, position: int) -> bool:
        """A negation cue (and fillers) ends exactly at `position` (不 before 保本)."""
        return self.negation.before_at(text, position)

    def candidates(
        self,
        norm: Normalized,
        packs: Iterable[str] | None = None,
        sets: frozenset[str] | None = None,
        categories: frozenset[str] | None = None,
        unselected: bool = False,
    ) -> Scan:
        """Raw Aho-Corasick hits, not yet confirmed (cheap: confirmation is the costly part, and
        callers confirm only the hits they need).

        `packs` limits the hits to those packs (plus the always-on ones): the automaton holds
        every pack once per run, a script's industries only filter it. `sets` limits the phrase
        cues and `categories` the findings to what the selected rules ask for (None: all).
        `unselected` also keeps the finding hits of the packs left out, in `Scan.unselected`.
        """
        active = None if packs is None else frozenset(packs) | self.always_on
        return self.matcher.candidates(norm, active, sets, categories, unselected)

    def confirm(self, scan: Scan, hits: Iterable[Hit]) -> list[Hit]:
        """The hits that survive the confirmation chain, in order of position, each with the span
        it reports; a finding inside a longer one of the same category is dropped."""
        return self.chain.confirm(scan, hits)

    def scan(
        self,
        norm: Normalized,
        packs: Iterable[str] | None = None,
        categories: frozenset[str] | None = None,
    ) -> list[Hit]:
        """Confirmed hits in normalized text, in order of position."""
        found = self.candidates(norm, packs, categories=categories)
        return self.confirm(found, found.hits)

    def scan_text(self, text: str, packs: Iterable[str] | None = None) -> list[Hit]:
        return self.scan(normalize(text), packs)

    def self_test(self) -> Iterator[tuple[Entry, str, bool]]:
        """Yields (entry, example, expected) for every example that does not behave."""
        for entry in self.entries:
            examples = [(e, True) for e in entry.must_match] + [(e, False) for e in entry.must_not_match]
            for example, expected in examples:
                # With the entry's own pack selected, as a script of that industry would be.
                produced = any(h.entry is entry for h in self.scan_text(example, [entry.pack]))
                if produced != expected:
                    yield entry, example, expected

    def fix_test(self) -> Iterator[tuple[TermEntry, str, str]]:
        """Yields (entry, example, problem) for every `must_fix` example that does not come out
        as written, or still matches its entry once fixed, and for every `replace` rewrite that
        no example uses. The rewrite is applied at each hit's original span, as `--fix` does."""
        for entry in self.entries:
            if not isinstance(entry, TermEntry) or not entry.replace:
                continue
            used: set[str] = set()
            for before, after in entry.must_fix:
                norm = normalize(before)
                hits = [h for h in self.scan(norm, [entry.pack]) if h.entry is entry]
                if not hits:
                    yield entry, before, "must be fixed but does not match"
                    continue
                pieces: list[str] = []
                cursor = 0
                for hit in hits:
                    start, end = norm.span(hit.start, hit.end)
                    replacement = entry.replacement(before[start:end], before)
                    if replacement is None:
                        pieces = []
                        yield entry, before, f"no replacement for '{before[start:end]}'"
                        break
                    used.add(normalize_term(before[start:end]))
                    pieces += [before[cursor:start], replacement]
                    cursor = end
                if not pieces:
                    continue
                fixed = "".join(pieces) + before[cursor:]
                if fixed != after:
                    yield entry, before, f"fixes to '{fixed}', not '{after}'"
                elif any(h.entry is entry for h in self.scan_text(fixed, [entry.pack])):
                    yield entry, fixed, "still matches once fixed"
            for words, _ in entry.replace:
                if words not in used:
                    yield entry, words, "no must_fix example uses this replacement"
