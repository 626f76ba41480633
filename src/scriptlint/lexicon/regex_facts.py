"""What a lexicon regex can be proven to need, read from its parse tree (Python's own `re` parser).

* `literal_gate`: strings of which every match contains at least one. Searching a sentence for
  them (`str.find`, in C) is much cheaper than running the regex, and when none occurs the regex
  cannot match: the confirmation chain skips it. "No gate" (None) whenever that cannot be
  proven: a match that may be empty, classes that are not a short list of characters, case
  folding, anything the parser does not know.
* `reach_before`: how many characters before the position a search starts at the regex may
  read (lookbehinds, `\\b`, `^`), so a memo key can hold just that much of the text before a
  sentence.

Only for the bundled packs' regexes, which run in `re`. A user's regex runs in the `regex`
engine, whose syntax is wider (fuzzy matching, variable-width lookbehind): it gets neither.
"""
from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from typing import Any, NamedTuple

# re's parser and opcodes are private modules without type stubs (sre_parse, their public alias,
# warns on import); their shape is stable across the Python versions we support (3.11+).
_parser: Any = importlib.import_module("re._parser")
_codes: Any = importlib.import_module("re._constants")

MAX_GATE_LITERALS = 64  # more alternatives than this: checking them all costs about what the regex does
MAX_CLASS_CHARACTERS = 16
_REPEATS = (_codes.MAX_REPEAT, _codes.MIN_REPEAT, getattr(_codes, "POSSESSIVE_REPEAT", _codes.MAX_REPEAT))

# Anchors that read the character before their position, and the word boundaries (which read
# it and the one after).
_READS_BEFORE = (_codes.AT_BEGINNING, _codes.AT_BEGINNING_LINE, _codes.AT_BEGINNING_STRING)
_WORD_BOUNDARIES = (_codes.AT_BOUNDARY, _codes.AT_NON_BOUNDARY)
# Class shorthands (\d, \s, \w and their negations), as `re` matches them in str patterns.
_CATEGORIES = {getattr(_codes, f"CATEGORY_{name}"): re.compile(shorthand) for name, shorthand in (
    ("DIGIT", r"\d"), ("NOT_DIGIT", r"\D"), ("SPACE", r"\s"), ("NOT_SPACE", r"\S"),
    ("WORD", r"\w"), ("NOT_WORD", r"\W"))}

Node = tuple[Any, Any]  # (opcode, argument) as the parser gives them
Gate = frozenset[str]


def _parse(pattern: str) -> Any | None:
    try:
        return _parser.parse(pattern)
    except (re.error, RecursionError, OverflowError):
        return None


def literal_gate(pattern: str, present: tuple[str, ...] = ()) -> tuple[str, ...] | None:
    """Strings, at least one of which lies inside every match of `pattern` (None: not proven).
    Longest first, so the commonest short one is tried last.

    `present`: text known to be in any text the gate will check (the entry's own terms, as a
    hit of one of them is what runs the regex); a choice of strings one of which lies inside
    it would always pass, so another is preferred when there is one."""
    return _gate_of(_parse(pattern), present)


def _gate_of(parsed: Any | None, present: tuple[str, ...]) -> tuple[str, ...] | None:
    if parsed is None or parsed.state.flags & re.IGNORECASE:
        return None
    gate = _required(list(parsed), present)
    return tuple(sorted(gate, key=lambda s: (-len(s), s))) if gate else None


def _score(gate: Gate, present: tuple[str, ...], few: bool) -> tuple[bool, int, int]:
    """Better first: one that can fail at all, then the longer its shortest string, then the
    fewer strings (with `few`: the fewer strings first)."""
    can_fail = not any(literal in text for literal in gate for text in present)
    shortest = min(map(len, gate))
    return (can_fail, -len(gate), shortest) if few else (can_fail, shortest, -len(gate))


def _required(sequence: list[Node], present: tuple[str, ...], few: bool = False) -> Gate | None:
    """A gate for a sequence of nodes: every node of it is part of every match, so the gate of
    any one of them will do; neighbours that match only a few fixed strings are joined into
    longer strings (预 and [计估] into 预计, 预估). The best is kept."""
    best: Gate | None = None
    run: Gate | None = None  # the fixed strings of the neighbours so far

    def consider(gate: Gate | None) -> None:
        nonlocal best
        if gate and "" not in gate and (best is None or _score(gate, present, few) > _score(best, present, few)):
            best = gate

    for op, argument in sequence:
        fixed = _fixed(op, argument)
        if fixed is not None:
            consider(fixed)  # alone it has fewer strings than joined with its neighbours
            joined = None if run is None else _product(run, fixed)
            if joined is None:
                consider(run)
                joined = fixed
            run = joined
            continue
        consider(run)
        run = None
        consider(_node_gate(op, argument, present, few))
    consider(run)
    return best


def _product(left: Gate, right: Gate) -> Gate | None:
    if len(left) * len(right) > MAX_GATE_LITERALS:
        return None
    return frozenset(a + b for a in left for b in right)


def _fixed(op: Any, argument: Any) -> Gate | None:
    """The strings a node matches, when they are a few fixed ones (a literal, a short class of
    characters, a group or alternation of such); None otherwise."""
    if op is _codes.LITERAL:
        return frozenset(chr(argument))
    if op is _codes.IN:
        if len(argument) <= MAX_CLASS_CHARACTERS and all(item_op is _codes.LITERAL for item_op, _ in argument):
            return frozenset(chr(value) for _, value in argument)
        return None
    if op is _codes.SUBPATTERN:
        _, add_flags, _, body = argument
        return None if add_flags & re.IGNORECASE else _fixed_sequence(list(body))
    if op is _codes.BRANCH:
        union: set[str] = set()
        for alternative in argument[1]:
            strings = _fixed_sequence(list(alternative))
            if strings is None:
                return None
            union |= strings
        return frozenset(union) if len(union) <= MAX_GATE_LITERALS else None
    return None


def _fixed_sequence(sequence: list[Node]) -> Gate | None:
    strings: Gate | None = frozenset({""})
    for op, argument in sequence:
        fixed = _fixed(op, argument)
        if fixed is None or strings is None:
            return None
        strings = _product(strings, fixed)
    return strings


def _node_gate(op: Any, argument: Any, present: tuple[str, ...], few: bool) -> Gate | None:
    if op is _codes.SUBPATTERN:
        _, add_flags, _, body = argument
        return None if add_flags & re.IGNORECASE else _required(list(body), present, few)
    if op is getattr(_codes, "ATOMIC_GROUP", None):
        return _required(list(argument), present, few)
    if op is _codes.BRANCH:
        # Every alternative's gate, joined; when that makes too many strings, again with the
        # alternatives' gates of fewest strings.
        for fewest in sorted({few, True}):
            union: set[str] = set()
            for alternative in argument[1]:
                gate = _required(list(alternative), present, fewest)
                if gate is None:
                    return None  # this alternative may match without any of the strings
                union |= gate
            if len(union) <= MAX_GATE_LITERALS:
                return frozenset(union)
        return None
    if op in _REPEATS:
        low, _, body = argument
        return _required(list(body), present, few) if low >= 1 else None
    return None  # ANY, NOT_LITERAL, long classes, AT, lookarounds, group references...: nothing proven


def reach_before(pattern: str, edges: str = "") -> int | None:
    r"""An upper bound on how far before the start of a search `pattern` may look (None: not
    known), when the text before that start is cut right after one of the characters `edges`.

    A lookbehind adds its width, unless it can match none of `edges`: then it cannot match
    across the cut, with or without the text before it, and reads nothing there that matters.
    `^` and `\A` add one character (they tell the start of the text from the start of a
    search); `\b` and `\B` add one unless every edge character is a non-word character (then
    the one before the cut reads like the start of the text); `$` reads nothing before. Nested
    and repeated ones are all counted, so the sum bounds them."""
    return _reach_of(_parse(pattern), edges)


def _reach_of(parsed: Any | None, edges: str) -> int | None:
    if parsed is None or parsed.state.flags & (re.ASCII | re.LOCALE):
        return None
    non_word_edges = bool(edges) and not re.search(r"\w", edges)
    total = 0
    for op, argument in _walk(list(parsed)):
        if op is _codes.AT:
            if argument in _READS_BEFORE or (argument in _WORD_BOUNDARIES and not non_word_edges):
                total += 1
        elif op in (_codes.ASSERT, _codes.ASSERT_NOT) and argument[0] < 0:
            width = argument[1].getwidth()[1]
            if width >= _codes.MAXREPEAT:
                return None
            if not edges or _may_consume(list(argument[1]), edges):
                total += width
    return total


def _may_consume(sequence: list[Node], characters: str) -> bool:
    """Whether some node of `sequence` may consume one of `characters` (True when unsure)."""
    for op, argument in _walk(sequence):
        if op is _codes.LITERAL:
            if chr(argument) in characters:
                return True
        elif op is _codes.NOT_LITERAL:
            if any(ch != chr(argument) for ch in characters):
                return True
        elif op is _codes.IN:
            if _class_may_hold(argument, characters):
                return True
        elif op in (_codes.ANY, _codes.GROUPREF, _codes.GROUPREF_EXISTS, _codes.CATEGORY):
            return True
    return False


def _class_may_hold(items: list[Node], characters: str) -> bool:
    for op, argument in items:
        if op is _codes.CATEGORY and argument in _CATEGORIES:
            if any(_CATEGORIES[argument].fullmatch(ch) for ch in characters):
                return True
            continue
        if op is _codes.LITERAL:
            if chr(argument) in characters:
                return True
        elif op is _codes.RANGE:
            low, high = argument
            if any(low <= ord(ch) <= high for ch in characters):
                return True
        else:
            return True  # NEGATE, CATEGORY (\s holds a line break), ...: unsure
    return False


class RegexFacts(NamedTuple):
    """Both facts of one regex (None: not known)."""

    gate: tuple[str, ...] | None
    reach_before: int | None


def facts_of(pattern: str, present: tuple[str, ...] = (), edges: str = "") -> RegexFacts:
    """`literal_gate` and `reach_before` from one parse."""
    parsed = _parse(pattern)
    return RegexFacts(_gate_of(parsed, present), _reach_of(parsed, edges))


def _walk(sequence: list[Node]) -> Iterator[Node]:
    for op, argument in sequence:
        yield op, argument
        for child in _children(argument):
            yield from _walk(list(child))


def _children(argument: Any) -> Iterator[Any]:
    """The sub-patterns inside a node's argument (a group's body, a branch's alternatives ...)."""
    if isinstance(argument, _parser.SubPattern):
        yield argument
    elif isinstance(argument, (tuple, list)):
        for item in argument:
            if isinstance(item, (_parser.SubPattern, tuple, list)):
                yield from _children(item)
