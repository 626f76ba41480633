"""The confirmation chain: which raw hits stand, and the span each one reports.

A hit goes through small filters, cheapest first, so the segmenter runs for few hits:

1. allow list: inside a longer allowed phrase (the entry's own or the user's) it is dropped;
2. Latin word boundary: an ASCII term must not be part of a longer ASCII word (ai in email);
3. negation: for negatable entries, a cue right before the term (不保本) or right after it
   (保证不了) suppresses it;
4. sentence conditions: `requires`, `unless`, `pattern` (which may widen the span) and `near`
   (an object in the same clause, which extends the span to it); a regex runs only when the
   sentence holds one of the strings every match of it holds (its literal gate, regex_facts);
5. word segmentation: jieba must not cut a word across the term's edges (保本 in 确保本金).

Filters 3-5 depend only on the text around the hit, so their decision is memoized (one cache,
keyed by the entry, that text, the hit's place in it and the packs in force): call-centre text
repeats itself, the same scripted bot lines in thousands of calls. None of these filters reads
across a sentence break (negation cues and fillers hold no punctuation, jieba cuts at
punctuation, `near` stays in its clause, and a sentence regex looks back only as far as
`EntryBase.reach_before` says), so the text of the key stops at the sentence's edges: the same
sentence after other text is decided once.

Allow spans are indexed once per scan (AllowIndex) and sentence breaks found once per text
(SentenceBreaks), so every hit costs O(log n) in the size of its script, not O(n).
"""
from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from ..segment import Confirmer
from .matcher import Hit, Scan
from .schema import (
    CLAUSE_BREAKS,
    SENTENCE_BREAKS,
    Entry,
    LazyPattern,
    NegationCues,
    TermEntry,
    normalize_term,
)

SENTENCE_WINDOW = 200
NEGATION_WINDOW = 16  # how far a cue and its fillers may reach from the term
DECISION_CACHE_SIZE = 1 << 15  # keys hold a sentence of text: bounded to ~25 MB

_LAST_BREAK = re.compile(r".*[" + SENTENCE_BREAKS + "]", re.DOTALL)
_NEXT_BREAK = re.compile("[" + SENTENCE_BREAKS + "]")
_LAST_CLAUSE_BREAK = re.compile(r".*[" + CLAUSE_BREAKS + "]", re.DOTALL)
_NEXT_CLAUSE_BREAK = re.compile("[" + CLAUSE_BREAKS + "]")

AllowSpans = Mapping["Entry | None", Sequence[tuple[int, int]]]
Decision = tuple[int, int] | None  # the span to report, relative to the memo window; None: dropped
_MISSING: Decision = (-1, -1)  # compared by identity: "not decided yet"


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around [start, end), at most SENTENCE_WINDOW characters each side (by two
    regex scans: used on short memo windows; a whole text's hits use SentenceBreaks)."""
    low = max(0, start - SENTENCE_WINDOW)
    before = _LAST_BREAK.match(text, low, start)
    left = before.end() if before else low
    high = min(len(text), end + SENTENCE_WINDOW)
    after = _NEXT_BREAK.search(text, end, high)
    return left, after.start() if after else high


# The sentence around a span (as `sentence_bounds` gives it), and whether each bound is a real
# edge: a break character next to it or the end of the text, not the window's limit. A plain
# tuple (left, right, left_edge, right_edge): one is made per hit.
Sentence = tuple[int, int, bool, bool]


class SentenceBreaks:
    """The sentence breaks of one text, found in one scan; the sentence around each hit by
    bisection, not by two regex scans per hit."""

    __slots__ = ("length", "positions", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.length = len(text)
        # An array, not a list: 8 bytes a break rather than about 36, for a script of millions
        # of characters.
        self.positions = array("q", map(re.Match.start, _NEXT_BREAK.finditer(text)))

    def around(self, start: int, end: int) -> Sentence:
        positions = self.positions
        low = max(0, start - SENTENCE_WINDOW)
        before = bisect_left(positions, start)  # positions[before - 1]: the last break before start
        last = positions[before - 1] if before else -1
        left = last + 1 if last >= low else low
        high = min(self.length, end + SENTENCE_WINDOW)
        after = bisect_left(positions, end, before)  # positions[after]: the first break at or after end
        following = positions[after] if after < len(positions) else self.length
        right = min(high, following)
        return left, right, left == 0 or last == left - 1, right == self.length or following == right


def _alternation(words: Iterable[str]) -> str:
    """Longest first, so the regex takes 不承诺 whole rather than 不."""
    return "|".join(re.escape(w) for w in sorted(set(map(normalize_term, words)), key=len, reverse=True))


class Negation:
    """The negation cues of every pack in force.

    A cue (plus at most two fillers) counts only when it ends exactly where the term starts,
    or starts exactly where it ends. The pack loader refuses cues and fillers that hold
    punctuation or line breaks, so a cue never reaches into another sentence or utterance:
    a line ending in 不 does not negate the next line.
    """

    def __init__(self, tables: Iterable[NegationCues]) -> None:
        tables = list(tables)
        before = [c for t in tables for c in t.before]
        after = [c for t in tables for c in t.after]
        filler = _alternation(f for t in tables for f in t.fillers)
        fillers = f"(?:{filler}){{0,2}}" if filler else ""
        # \Z, not $: $ also matches before a final "\n", which let a cue at the end of one
        # utterance negate a term at the start of the next.
        self.before = LazyPattern(f"(?:{_alternation(before)}){fillers}\\Z") if before else None
        self.after = LazyPattern(f"{fillers}(?:{_alternation(after)})") if after else None

    def before_at(self, text: str, position: int, low: int = 0) -> bool:
        """A cue (and fillers) ending exactly at `position`, starting at or after `low`."""
        if self.before is None:
            return False
        return self.before.search(text, max(low, position - NEGATION_WINDOW), position) is not None

    def after_at(self, text: str, position: int, high: int | None = None) -> bool:
        """(Fillers and) a cue starting exactly at `position`, ending by `high`."""
        if self.after is None:
            return False
        limit = position + NEGATION_WINDOW if high is None else min(high, position + NEGATION_WINDOW)
        return self.after.match(text, position, limit) is not None

    def around(self, text: str, start: int, end: int) -> bool:
        return self.before_at(text, start) or self.after_at(text, end)


@dataclass(slots=True)
class _Span:
    """A hit as the filters see it: the trigger (widened by a pattern), which negation and word
    boundaries look at, and the span reported (the trigger through a near object)."""

    start: int
    end: int
    first: int
    last: int


Gated = tuple[LazyPattern, tuple[str, ...] | None]  # a sentence regex and its literal gate


@dataclass(frozen=True, slots=True)
class _EntryFacts:
    """What confirming an entry's hits needs beyond the entry, worked out once per entry.

    reach: how far after the hit (or after its sentence) the filters read: the segmenter's
    window, and negation cues after the term. before: how far before its sentence the entry's
    regexes may read (None: not known, the window then keeps NEGATION_WINDOW characters).
    requires, unless, pattern: the sentence regexes, each with its literal gate: strings one of
    which every match holds, chosen among those not inside the entry's own terms (a sentence
    with a hit always holds those)."""

    reach: int
    before: int | None
    requires: tuple[Gated, ...]
    unless: tuple[Gated, ...]
    pattern: Gated | None
    # Neither negatable, nor bound to its sentence, nor checked against word boundaries: the
    # filters after the Latin boundary have nothing to say, so every such hit stands as found.
    passes: bool
    category: str | None  # a term entry's category; None for a phrase cue

    @classmethod
    def of(cls, entry: Entry) -> _EntryFacts:
        def gated(regex: LazyPattern) -> Gated:
            return regex, regex.facts(entry.terms).gate

        return cls(
            reach=max(Confirmer.window, NEGATION_WINDOW if entry.negatable else 0),
            before=entry.reach_before(),
            requires=tuple(map(gated, entry.requires)),
            unless=tuple(map(gated, entry.unless)),
            pattern=None if entry.pattern is None else gated(entry.pattern),
            passes=not (entry.negatable or entry.sentence_bound or entry.confirm),
            category=entry.category if isinstance(entry, TermEntry) else None,
        )


def _may_match(gate: tuple[str, ...] | None, words: str) -> bool:
    """False only when no match can lie in `words`: they hold none of the gate's strings."""
    return gate is None or any(literal in words for literal in gate)


def _is_ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


class ConfirmationChain:
    def __init__(self, entries: Iterable[Entry], negation: Negation, confirmer: Confirmer) -> None:
        self.entries = list(entries)
        self.negation = negation
        self.confirmer = confirmer
        self._active_terms_cache: dict[tuple[frozenset[str] | None, str | None], frozenset[str]] = {}
        self._decisions: dict[tuple[int, str, int, int, frozenset[str] | None], Decision] = {}
        self._interned_terms: dict[frozenset[str], frozenset[str]] = {}
        # The index of the last scan's allow spans: the engine confirms one script's hits in
        # several calls (findings, each phrase set, unselected packs), all with the same spans.
        # Held by identity (which the reference keeps alive), so a new scan gets a new index.
        self._allow_index: AllowIndex | None = None
        self._breaks: SentenceBreaks | None = None  # of the last text, held like the allow index
        self._facts: dict[Entry, _EntryFacts] = {}

    def confirm(self, scan: Scan, hits: Iterable[Hit]) -> list[Hit]:
        """The hits that survive every filter, in order; a finding inside a longer one of the
        same category is dropped."""
        confirmed: list[Hit] = []
        seen: set[tuple[int, int, int]] = set()
        for result in self._survivors(scan, hits, self._allows_of(scan)):
            key = (id(result.entry), result.start, result.end)
            if key not in seen:
                seen.add(key)
                confirmed.append(result)
        confirmed.sort(key=lambda h: (h.start, -h.end))
        return _drop_contained(confirmed)

    def _allows_of(self, scan: Scan) -> AllowIndex | None:
        if not scan.allows:
            return None
        index = self._allow_index
        if index is None or index.allows is not scan.allows:
            index = self._allow_index = AllowIndex(scan.allows)
        return index

    def _breaks_of(self, text: str) -> SentenceBreaks:
        breaks = self._breaks
        if breaks is None or breaks.text is not text:
            breaks = self._breaks = SentenceBreaks(text)
        return breaks

    def _confirm(self, scan: Scan, hit: Hit, allows: AllowIndex | None) -> Hit | None:
        """One hit through the chain: None when it is dropped, else the hit with its span."""
        return next(self._survivors(scan, (hit,), allows), None)

    def _survivors(self, scan: Scan, hits: Iterable[Hit], allows: AllowIndex | None) -> Iterator[Hit]:
        """The hits that survive the chain, each with the span it reports, in the order given.

        Most hits are decided by the memo, so this loop is the engine's hottest Python: what is
        the same for every hit (the text, its sentence breaks, the memo, the packs in force) is
        looked up once per call, not once per hit."""
        text = scan.norm.text
        length = len(text)
        active = scan.active
        decisions = self._decisions
        facts_by_entry = self._facts
        active_terms = self._active_terms_cache
        breaks: SentenceBreaks | None = None  # found on first need: most calls have few hits
        for hit in hits:
            if allows is not None and allows.allowed(hit):
                continue
            term = hit.term
            # Only a term with an ASCII first or last character has a Latin boundary to check.
            if (term[0] < "\x80" or term[-1] < "\x80") and not _on_latin_boundaries(scan, hit):
                continue
            entry = hit.entry
            facts = facts_by_entry.get(entry)
            if facts is None:
                facts = self._facts_of(entry)
            if facts.passes:
                yield hit  # no filter of the chain applies to this entry
                continue
            hit_start, hit_end = hit.start, hit.end
            if breaks is None:
                breaks = self._breaks_of(text)
            left, right, left_edge, right_edge = breaks.around(hit_start, hit_end)
            # The memo window: the text the decision reads, so that the same sentence in another
            # call reuses it. Negation cues, the segmenter's blocks and `near` clauses never cross a
            # sentence break, so where the sentence has a real edge the window stops there (the
            # sentence regexes may look back `before` characters over it); where the sentence was
            # cut at SENTENCE_WINDOW, the window reaches as far as the filters do.
            if entry.sentence_bound:
                low = max(0, left - NEGATION_WINDOW)
                if left_edge and facts.before is not None:
                    low = max(low, left - facts.before)
                high = right if right_edge else min(length, right + facts.reach)
            else:
                low = max(left, hit_start - NEGATION_WINDOW)
                high = min(right, hit_end + facts.reach)
            # The packs in force count only through the word-boundary check, which reads the
            # terms they hold in the entry's category (interned: one object per distinct set).
            # Keyed by those terms, a decision is shared by every selection that holds the same
            # ones (a script of another industry, the unselected packs tried one by one), and by
            # every selection at all when the entry has no word-boundary check.
            if entry.confirm:
                terms = active_terms.get((active, facts.category))
                if terms is None:
                    terms = self._active_terms(active, facts.category)
            else:
                terms = None
            key = (id(entry), text[low:high], hit_start - low, hit_end - low, terms)
            decision = decisions.get(key, _MISSING)
            if decision is _MISSING:
                decision = self._decide(key[1], key[2], key[3], entry, active, (left - low, right - low))
                if len(decisions) >= DECISION_CACHE_SIZE:
                    decisions.clear()
                decisions[key] = decision
            if decision is None:
                continue
            start, end = decision
            if start == hit_start - low and end == hit_end - low:
                yield hit
            else:
                yield Hit(entry, start + low, end + low, text[start + low:end + low])

    def _facts_of(self, entry: Entry) -> _EntryFacts:
        facts = self._facts.get(entry)
        if facts is None:
            facts = self._facts[entry] = _EntryFacts.of(entry)
        return facts

    def _decide(self, text: str, start: int, end: int, entry: Entry, active: frozenset[str] | None,
                sentence: tuple[int, int] | None = None) -> Decision:
        """Filters 3-5 on text[start:end] (text is the memo window). `sentence`: the bounds of
        the hit's sentence in it, when known (else found with `sentence_bounds`)."""
        span = _Span(start, end, start, end)
        if not (self._not_negated(text, span, entry)
                and self._sentence_conditions(text, span, entry, sentence)
                and self._on_word_boundaries(text, span, entry, active)):
            return None
        return span.first, span.last

    def _not_negated(self, text: str, span: _Span, entry: Entry) -> bool:
        return not (entry.negatable and self.negation.around(text, span.start, span.end))

    def _sentence_conditions(self, text: str, span: _Span, entry: Entry, sentence: tuple[int, int] | None) -> bool:
        if not entry.sentence_bound:
            return True
        left, right = sentence if sentence is not None else sentence_bounds(text, span.start, span.end)
        # Each regex runs only when the sentence holds one of the strings every match of it
        # holds (its literal gate): most sentences hold none.
        facts = self._facts_of(entry)
        words = text[left:right]
        if facts.requires and not any(_may_match(gate, words) and regex.search(text, left, right)
                                      for regex, gate in facts.requires):
            return False
        if facts.unless and any(_may_match(gate, words) and regex.search(text, left, right)
                                for regex, gate in facts.unless):
            return False
        if facts.pattern is not None:
            regex, gate = facts.pattern
            for match in regex.finditer(text, left, right) if _may_match(gate, words) else ():
                if match.start() <= span.start and span.end <= match.end() and match.end() > match.start():
                    span.start, span.end = span.first, span.last = match.start(), match.end()
                    break
            else:
                return False
            if not self._not_negated(text, span, entry):
                return False
        return entry.near is None or self._near_object(text, span, entry)

    def _near_object(self, text: str, span: _Span, entry: Entry) -> bool:
        """The nearest object in the trigger's clause within the window; the reported span is
        extended to it. For a negatable entry, an object with a negation cue of its own
        (回报率并不高) does not count."""
        near = entry.near
        assert near is not None
        best: tuple[int, int, int] | None = None  # (gap, first, last)
        if near.side != "before":
            limit = min(len(text), span.end + near.window)
            brk = _NEXT_CLAUSE_BREAK.search(text, span.end, limit)
            if brk is not None:
                limit = brk.start()
            for obj in near.objects:
                position = text.find(obj, span.end, limit)
                while position != -1:
                    obj_end = position + len(obj)
                    if not (entry.negatable and (self.negation.before_at(text, position, low=span.end)
                                                 or self.negation.after_at(text, obj_end))):
                        if best is None or position - span.end < best[0]:
                            best = (position - span.end, span.first, obj_end)
                        break
                    position = text.find(obj, position + 1, limit)
        if near.side != "after":
            low = max(0, span.start - near.window)
            brk = _LAST_CLAUSE_BREAK.match(text, low, span.start)
            if brk is not None:
                low = brk.end()
            for obj in near.objects:
                position = text.rfind(obj, low, span.start)
                while position != -1:
                    obj_end = position + len(obj)
                    if not (entry.negatable and (self.negation.before_at(text, position, low=low)
                                                 or self.negation.after_at(text, obj_end, high=span.start))):
                        # Ties go to an object after the trigger.
                        if best is None or span.start - obj_end < best[0]:
                            best = (span.start - obj_end, position, span.last)
                        break
                    position = text.rfind(obj, low, obj_end - 1)
        if best is None:
            return False
        span.first, span.last = best[1], best[2]
        return True

    def _on_word_boundaries(self, text: str, span: _Span, entry: Entry, active: frozenset[str] | None) -> bool:
        if not entry.confirm:
            return True
        category = entry.category if isinstance(entry, TermEntry) else None
        return self.confirmer.confirm(text, span.start, span.end, self._active_terms(active, category))

    def _active_terms(self, active: frozenset[str] | None, category: str | None) -> frozenset[str]:
        """Terms that report for themselves: those of active packs in the same category (phrase
        cues: None). A hit cut through by one of them is dropped (the longer one reports); one
        cut through by a term of another category or an inactive pack still stands (绝对 inside
        绝对不亏)."""
        key = (active, category)
        terms = self._active_terms_cache.get(key)
        if terms is None:
            terms = frozenset(
                t for e in self.entries
                if (active is None or e.pack in active)
                and (e.category if isinstance(e, TermEntry) else None) == category
                for t in e.terms
            )
            # Equal sets as one object: the memo compares its keys' sets by identity first.
            terms = self._interned_terms.setdefault(terms, terms)
            self._active_terms_cache[key] = terms
        return terms


class _SpanIndex:
    """One owner's allow spans, sorted by start, with the furthest end among the spans that
    start before each one: "is [start, end) inside a strictly longer span" in O(log n)."""

    __slots__ = ("ends", "reach", "starts")

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [start for start, _ in ordered]
        self.ends = [end for _, end in ordered]
        self.reach: list[int] = []  # reach[i]: max(ends[:i + 1])
        furthest = -1
        for end in self.ends:
            furthest = max(furthest, end)
            self.reach.append(furthest)

    def covers(self, start: int, end: int) -> bool:
        # A span that starts before `start` and ends at or after `end` holds the hit and is
        # longer; one that starts at `start` holds it and is longer when it ends after `end`
        # (ends are sorted among equal starts: the last one is the longest).
        before = bisect_left(self.starts, start)
        if before and self.reach[before - 1] >= end:
            return True
        through = bisect_right(self.starts, start, before)
        return through > before and self.ends[through - 1] > end


class AllowIndex:
    """The allow spans of one scan (`Scan.allows`), indexed once: a hit is allowed when it lies
    inside a strictly longer allow phrase of its own entry or of the user's global list (None).
    Each owner's spans are indexed on first use, so a hit costs O(log n), not O(n): scanning
    every span per hit made one large script quadratic."""

    def __init__(self, allows: AllowSpans) -> None:
        self.allows = allows
        self._owners: dict[Entry | None, _SpanIndex] = {}

    def allowed(self, hit: Hit) -> bool:
        return self._covers(None, hit) or self._covers(hit.entry, hit)

    def _covers(self, owner: Entry | None, hit: Hit) -> bool:
        index = self._owners.get(owner)
        if index is None:
            spans = self.allows.get(owner)
            if not spans:
                return False
            index = self._owners[owner] = _SpanIndex(spans)
        return index.covers(hit.start, hit.end)


def allowed_by_scanning(allows: AllowSpans, hit: Hit) -> bool:
    """The reference for AllowIndex (and what it replaced): every span of both owners looked at."""
    length = hit.end - hit.start
    for owner in (None, hit.entry):
        for start, end in allows.get(owner, ()):
            if start <= hit.start and hit.end <= end and end - start > length:
                return True
    return False


def _on_latin_boundaries(scan: Scan, hit: Hit) -> bool:
    """An ASCII letter or digit at a term's edge must not continue into the original text
    (normalization removed separators, so the check looks at the original characters)."""
    first, last = hit.term[0], hit.term[-1]
    if first >= "\x80" and last >= "\x80":
        return True
    norm = scan.norm
    o_start, o_end = norm.span(hit.start, hit.end)
    if _is_ascii_alnum(first) and _is_ascii_alnum(norm.folded_char(o_start - 1)):
        return False
    return not (_is_ascii_alnum(last) and _is_ascii_alnum(norm.folded_char(o_end)))


def _drop_contained(hits: list[Hit]) -> list[Hit]:
    """Drop a finding hit inside a longer one of the same category (稳赚 in 稳赚不赔).

    `hits` is sorted by start, longest first. Phrase-set cues are all kept: rules ask for them by
    set and position.
    """
    kept: list[Hit] = []
    widest: dict[str, int] = {}  # category -> furthest end among kept hits
    for hit in hits:
        entry = hit.entry
        if isinstance(entry, TermEntry):
            category = entry.category
            if widest.get(category, -1) >= hit.end:
                continue
            widest[category] = max(widest.get(category, -1), hit.end)
        kept.append(hit)
    kept.sort(key=lambda h: (h.start, h.end))
    return kept
