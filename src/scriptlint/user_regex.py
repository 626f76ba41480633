"""Regexes written by users (in their lexicon packs and in policy facts): they must not hang a run.

Two guards:

* at load, `unsafe_shape` refuses the shapes that backtrack without end in a backtracking engine,
  with the key named: a repeat over something that can match nothing (`(a*)*`), a repeat inside
  a repeat that can split the same text in many ways (`(a+)+`, `(\\d+\\s?)+`, `(.*a){11}`), and
  a repeat over alternatives that match the same text (`(a|a)*`, `(\\w|\\d)+`, `(a|aa)+`);
* at run time, every such regex runs in the `regex` engine with a time limit (`REGEX_TIMEOUT` a
  call). The shape check is a heuristic, the time limit is the guarantee: a regex that times out
  raises `RegexTimeout` once, and at once on every later call, so a bad regex costs a run one
  time-out, not one per line.

The bundled packs' regexes are ours: the test suite runs `unsafe_shape` on each of them, and they
run in `re`, on a sentence at most (the `regex` module is imported only for a user's regex).
"""
from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

# A call of a user's regex on one sentence or one utterance takes microseconds; a second means
# catastrophic backtracking.
REGEX_TIMEOUT = 1.0
_UNBOUNDED = sys.maxsize
_MANY_ROUNDS = 10


class Found(Protocol):
    """What the rules read of a match (re.Match and regex.Match both have it)."""

    def start(self, group: int = 0, /) -> int: ...
    def end(self, group: int = 0, /) -> int: ...


class RegexTimeout(Exception):
    """A user's regex ran longer than REGEX_TIMEOUT on some text."""

    def __init__(self, where: str, pattern: str) -> None:
        super().__init__(f"{where}: the regex '{pattern}' ran longer than {REGEX_TIMEOUT:g} s (it backtracks without "
                         "end on this text: rewrite it without nested or overlapping repeats); this file was not "
                         "fully checked")
        self.where = where
        self.pattern = pattern


class BoundedPattern:
    """A user's regex compiled by the `regex` engine, each call bounded by REGEX_TIMEOUT."""

    __slots__ = ("_compiled", "_timed_out", "pattern", "where")

    def __init__(self, pattern: str, where: str) -> None:
        """`where` names the regex in messages ("team.toml: entry x: pattern"); re.error when it
        does not compile."""
        import regex  # type: ignore[import-untyped, unused-ignore]  # only a user's regex needs the engine

        self.pattern = pattern
        self.where = where
        self._timed_out = False
        try:
            self._compiled: Any = regex.compile(pattern)
        except regex.error as exc:
            raise re.error(str(exc)) from None
        except RecursionError:
            raise re.error("groups nested too deeply") from None

    def _bounded(self, method: str, *args: Any) -> Any:
        if self._timed_out:
            raise RegexTimeout(self.where, self.pattern)
        try:
            return getattr(self._compiled, method)(*args, timeout=REGEX_TIMEOUT)
        except TimeoutError:
            self._timed_out = True
            raise RegexTimeout(self.where, self.pattern) from None

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Found | None:
        found: Found | None = self._bounded("search", text, pos, endpos)
        return found

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Found | None:
        found: Found | None = self._bounded("match", text, pos, endpos)
        return found

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[Found]:
        # The time limit covers the whole iteration: the scanner is made with it.
        scanner = self._bounded("finditer", text, pos, endpos)
        while True:
            try:
                found = next(scanner)
            except StopIteration:
                return
            except TimeoutError:
                self._timed_out = True
                raise RegexTimeout(self.where, self.pattern) from None
            yield found

    def __reduce__(self) -> tuple[type[BoundedPattern], tuple[str, str]]:
        return (BoundedPattern, (self.pattern, self.where))

    def __repr__(self) -> str:
        return f"BoundedPattern({self.pattern!r})"


def compile_user_regex(pattern: str, where: str) -> BoundedPattern:
    """A user's regex, checked for catastrophic shapes and compiled with a time limit; ValueError
    with the reason (re.error, a ValueError, when it does not compile)."""
    problem = unsafe_shape(pattern)
    if problem is not None:
        raise ValueError(problem)
    return BoundedPattern(pattern, where)


# --- the shape check -------------------------------------------------------------------------
# A small parser of the regex syntax (re's, plus regex's possessive repeats, atomic groups and
# \p{...}): sre's own parser factors alternatives ((a|a)* becomes a(?:|)*), hiding the shapes the
# `regex` engine backtracks on.


@dataclass(frozen=True)
class _Chars:
    """A set of characters: literals, ranges and classes (\\d \\w \\s), maybe negated."""

    literals: frozenset[str] = frozenset()
    ranges: tuple[tuple[str, str], ...] = ()
    classes: frozenset[str] = frozenset()  # "d", "w", "s", "D", "W", "S", "any"
    negated: bool = False

    def contains(self, ch: str) -> bool:
        inside = (ch in self.literals or ch.lower() in self.literals or ch.upper() in self.literals
                  or any(lo <= ch <= hi for lo, hi in self.ranges)
                  or any(_in_class(ch, c) for c in self.classes))
        return inside != self.negated

    def samples(self) -> set[str]:
        found = set(self.literals)
        for lo, hi in self.ranges:
            found.update((lo, hi, chr((ord(lo) + ord(hi)) // 2)))
        return found


_ANY = _Chars(classes=frozenset({"any"}))
_CLASS_SAMPLES = set("0a_Z中 \t\n\u3000,。-x\x00!٣")


def _in_class(ch: str, name: str) -> bool:
    if name == "any":
        return True
    if name in "dD":
        inside = unicodedata.category(ch) == "Nd"
    elif name in "wW":
        inside = ch.isalnum() or ch == "_"
    else:
        inside = ch.isspace()
    return inside if name.islower() else not inside


def _overlap(a: list[_Chars], b: list[_Chars]) -> bool:
    candidates = set(_CLASS_SAMPLES)
    for chars in (*a, *b):
        candidates |= chars.samples()
    return any(x.contains(c) and y.contains(c) for c in candidates for x in a for y in b)


@dataclass
class _Node:
    kind: str  # "char", "seq", "alt", "repeat", "empty" (anchors, lookarounds), "opaque" (backrefs)
    chars: _Chars | None = None
    items: list[_Node] = field(default_factory=list)  # seq: the items; alt: the branches; repeat: [body]
    low: int = 0
    high: int = 1
    possessive: bool = False  # a possessive repeat or an atomic group: it never backtracks into itself


class _Unparsed(Exception):
    pass


_BOUNDS = re.compile(r"\{(\d*)(,?)(\d*)\}")
_GROUP_NAME = re.compile(r"P?<[^>=!]+>")
_NAMED_REFERENCE = re.compile(r"P=\w+\)")
_FLAGS = re.compile(r"[aiLmsux-]+([:)])")
# Sardinas-Patterson compares every pair of words, round after round: on a few hundred words
# at most (a larger alternation is left to the time limit).
_MOST_WORDS = 200


class _Parser:
    _CLASS_ESCAPES = "dwsDWS"

    def __init__(self, pattern: str) -> None:
        self.text = pattern
        self.pos = 0
        self.verbose = False

    def parse(self) -> _Node:
        node = self._alternation()
        if self.pos != len(self.text):
            raise _Unparsed
        return node

    def _peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def _alternation(self) -> _Node:
        branches = [self._sequence()]
        while self._peek() == "|":
            self.pos += 1
            branches.append(self._sequence())
        return branches[0] if len(branches) == 1 else _Node("alt", items=branches)

    def _sequence(self) -> _Node:
        items: list[_Node] = []
        while self._peek() not in ("", "|", ")"):
            atom = self._atom()
            if atom is None:
                continue
            items.append(self._quantified(atom))
        return _Node("seq", items=items)

    def _quantified(self, atom: _Node) -> _Node:
        while True:
            ch = self._peek()
            if ch in ("*", "+", "?"):
                low, high = {"*": (0, _UNBOUNDED), "+": (1, _UNBOUNDED), "?": (0, 1)}[ch]
                self.pos += 1
            elif ch == "{" and (bounds := _BOUNDS.match(self.text, self.pos)) is not None \
                    and (bounds.group(1) or bounds.group(3)):
                low = int(bounds.group(1) or 0)
                high = int(bounds.group(3)) if bounds.group(3) else (_UNBOUNDED if bounds.group(2) else low)
                self.pos = bounds.end()
            else:
                return atom
            possessive = False
            if self._peek() == "?":
                self.pos += 1
            elif self._peek() == "+":
                self.pos += 1
                possessive = True
            atom = _Node("repeat", items=[atom], low=low, high=high, possessive=possessive)

    def _atom(self) -> _Node | None:
        ch = self._peek()
        self.pos += 1
        if self.verbose and (ch.isspace() or ch == "#"):
            if ch == "#":
                end = self.text.find("\n", self.pos)
                self.pos = len(self.text) if end == -1 else end + 1
            return None
        if ch == "(":
            return self._group()
        if ch == "[":
            return _Node("char", chars=self._class())
        if ch == "\\":
            return self._escape()
        if ch == ".":
            return _Node("char", chars=_ANY)
        if ch in "^$":
            return _Node("empty")
        return _Node("char", chars=_Chars(literals=frozenset(ch)))

    def _group(self) -> _Node | None:
        atomic = False
        zero_width = False
        if self.text.startswith("?", self.pos):
            after = self.pos + 1  # the text after "(?" (matched in place: no copies of the rest)

            def starts(*prefixes: str) -> bool:
                return any(self.text.startswith(prefix, after) for prefix in prefixes)

            if starts("#"):
                end = self.text.find(")", self.pos)
                if end == -1:
                    raise _Unparsed
                self.pos = end + 1
                return None
            if starts(":", ">"):
                atomic = starts(">")
                self.pos += 2
            elif starts("=", "!"):
                zero_width = True
                self.pos += 2
            elif starts("<=", "<!"):
                zero_width = True
                self.pos += 3
            elif (name := _GROUP_NAME.match(self.text, after)) is not None:
                self.pos = name.end()
            elif (ref := _NAMED_REFERENCE.match(self.text, after)) is not None:
                self.pos = ref.end()
                return _Node("opaque")
            elif (flags := _FLAGS.match(self.text, after)) is not None:
                self.verbose = self.verbose or "x" in flags.group().split("-")[0]
                self.pos = flags.end()
                if flags.group(1) == ")":
                    return None
            elif starts("("):  # a conditional (?(1)yes|no): either branch
                end = self.text.find(")", self.pos + 2)
                if end == -1:
                    raise _Unparsed
                self.pos = end + 1
            else:
                raise _Unparsed
        inner = self._alternation()
        if self._peek() != ")":
            raise _Unparsed
        self.pos += 1
        if zero_width:
            return _Node("empty", items=[inner])  # its content is still checked
        if atomic:
            return _Node("repeat", items=[inner], low=1, high=1, possessive=True)
        return inner

    def _escape(self) -> _Node:
        ch = self._peek()
        if not ch:
            raise _Unparsed
        self.pos += 1
        if ch in self._CLASS_ESCAPES:
            return _Node("char", chars=_Chars(classes=frozenset(ch)))
        if ch in "bBAZzG":
            return _Node("empty")
        if ch.isdigit() and ch != "0":
            return _Node("opaque")  # a back reference
        return _Node("char", chars=self._escaped_char(ch))

    def _escaped_char(self, ch: str) -> _Chars:
        """The character of an escape whose letter `ch` was just read (the class \\p{..} too)."""
        widths = {"x": 2, "u": 4, "U": 8}
        if ch in widths:
            digits = self.text[self.pos:self.pos + widths[ch]]
            self.pos += len(digits)
            try:
                return _Chars(literals=frozenset(chr(int(digits, 16))))
            except ValueError:
                raise _Unparsed from None
        if ch in "pPN" and self._peek() == "{":
            end = self.text.find("}", self.pos)
            if end == -1:
                raise _Unparsed
            self.pos = end + 1
            return _ANY  # a Unicode property or a named character: anything, to be safe
        if ch == "X":
            return _ANY
        named = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v", "a": "\a", "0": "\0"}
        return _Chars(literals=frozenset(named.get(ch, ch)))

    def _class_item(self) -> str:
        """One character of a class, or a class name ("d", "w", "s", their capitals, "any")
        prefixed with a backslash."""
        ch = self._peek()
        if not ch:
            raise _Unparsed
        self.pos += 1
        if ch != "\\":
            return ch
        letter = self._peek()
        if not letter:
            raise _Unparsed
        self.pos += 1
        if letter in self._CLASS_ESCAPES:
            return "\\" + letter
        item = self._escaped_char(letter)
        return "\\any" if item is _ANY else next(iter(item.literals))

    def _class(self) -> _Chars:
        negated = self._peek() == "^"
        if negated:
            self.pos += 1
        literals: set[str] = set()
        ranges: list[tuple[str, str]] = []
        classes: set[str] = set()
        first = True
        while True:
            if self._peek() == "]" and not first:
                self.pos += 1
                break
            first = False
            item = self._class_item()
            if len(item) > 1:
                classes.add(item[1:])
            elif self._peek() == "-" and self.text[self.pos + 1:self.pos + 2] not in ("]", ""):
                self.pos += 1
                high = self._class_item()
                if len(high) > 1:  # [a-\d]: a, -, and the class
                    literals.update((item, "-"))
                    classes.add(high[1:])
                else:
                    ranges.append((item, high))
            else:
                literals.add(item)
        return _Chars(frozenset(literals), tuple(ranges), frozenset(classes), negated)


def _nullable(node: _Node) -> bool:
    if node.kind in ("empty",):
        return True
    if node.kind == "seq":
        return all(_nullable(i) for i in node.items)
    if node.kind == "alt":
        return any(_nullable(b) for b in node.items)
    if node.kind == "repeat":
        return node.low == 0 or _nullable(node.items[0])
    return False


def _first(node: _Node) -> list[_Chars]:
    """Characters a match of `node` can begin with."""
    if node.kind == "char":
        assert node.chars is not None
        return [node.chars]
    if node.kind == "opaque":
        return [_ANY]
    if node.kind == "seq":
        found: list[_Chars] = []
        for item in node.items:
            found += _first(item)
            if not _nullable(item):
                break
        return found
    if node.kind in ("alt", "repeat"):
        return [c for item in node.items for c in _first(item)]
    return []


def _chars(node: _Node) -> list[_Chars]:
    """Every character a match of `node` can hold."""
    if node.kind == "char":
        assert node.chars is not None
        return [node.chars]
    if node.kind == "opaque":
        return [_ANY]
    if node.kind == "empty":
        return []
    return [c for item in node.items for c in _chars(item)]


def _literal(node: _Node) -> str | None:
    """The one string `node` matches, when it is a run of single literal characters."""
    if node.kind == "char" and node.chars is not None and len(node.chars.literals) == 1 \
            and not (node.chars.ranges or node.chars.classes or node.chars.negated):
        return next(iter(node.chars.literals))
    if node.kind == "seq":
        parts = [_literal(i) for i in node.items]
        return "".join(p for p in parts if p is not None) if all(p is not None for p in parts) else None
    return None


def _uniquely_decodable(words: list[str]) -> bool:
    """Sardinas-Patterson: no string is two different concatenations of `words`."""
    code = set(words)
    if len(code) != len(words) or "" in code:
        return False
    dangling = {v[len(u):] for u in code for v in code if u != v and v.startswith(u)}
    seen: set[str] = set()
    while dangling:
        if "" in dangling or dangling & code:
            return False
        seen |= dangling
        following = {w[len(s):] for s in dangling for w in code if w.startswith(s)}
        following |= {s[len(w):] for s in dangling for w in code if s.startswith(w)}
        dangling = following - seen
    return True


def _items(node: _Node) -> list[_Node]:
    """The items of a repeat's body, through groups (which the parser has already unwrapped)."""
    return node.items if node.kind == "seq" else [node]


def _repeat_problem(node: _Node) -> str | None:
    body = node.items[0]
    if _nullable(body):
        return "a repeated part can match empty text (like (a*)*)"
    items = [i for i in _items(body) if i.kind != "empty"]
    while len(items) == 1 and items[0].kind == "seq":
        items = [i for i in items[0].items if i.kind != "empty"]
    for x in items:
        if x.kind == "repeat" and not x.possessive and x.high > x.low:
            inside = _chars(x)
            if all(_nullable(y) or _overlap(_first(y), inside) for y in items if y is not x):
                return "a repeat inside a repeat can split the same text in many ways (like (a+)+)"
    for alternation in (i for i in items if i.kind == "alt"):
        branches = alternation.items
        singles = [b for b in branches if b.kind == "char" or (b.kind == "seq" and len(b.items) == 1
                                                               and b.items[0].kind == "char")]
        for i, a in enumerate(singles):
            if any(_overlap(_first(a), _first(b)) for b in singles[i + 1:]):
                return "a repeat over alternatives that match the same text (like (a|a)* or (\\w|\\d)+)"
        words = [_literal(b) for b in branches]
        if len(items) == 1 and len(words) <= _MOST_WORDS and all(w is not None for w in words) \
                and not _uniquely_decodable([w or "" for w in words]):
            return "a repeat over alternatives that match the same text (like (a|a)* or (a|aa)+)"
    return None


def _walk(node: _Node) -> Iterator[_Node]:
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(current.items)


def unsafe_shape(pattern: str) -> str | None:
    """Why `pattern` can backtrack without end, or None. A pattern this parser does not follow
    passes: the time limit still bounds it."""
    try:
        tree = _Parser(pattern).parse()
        for node in _walk(tree):
            # A repeat of a few rounds backtracks a few times over; from ten rounds on, it can explode.
            if node.kind == "repeat" and node.high >= _MANY_ROUNDS and not node.possessive:
                problem = _repeat_problem(node)
                if problem is not None:
                    return problem + ": it can backtrack without end; rewrite it"
    except (_Unparsed, IndexError, StopIteration, RecursionError):
        pass  # not a shape this parser follows (or groups nested thousands deep): the time limit bounds it
    return None


__all__ = ["REGEX_TIMEOUT", "BoundedPattern", "Found", "RegexTimeout", "compile_user_regex", "unsafe_shape"]
