"""Speaker markers at the start of a script line: 机器人：, [客户], 【坐席】, AI:, User: …"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .. import t2s
from ..model import BOT, CUSTOMER
from ..normalize import fold, folded_by_table

BOT_MARKERS = ("机器人", "ai", "坐席", "客服", "销售", "销售回答", "bot", "agent", "assistant")
_BRACKETS = {"[", "【"}  # a marker may sit in brackets: [客户], 【坐席】
CUSTOMER_MARKERS = ("客户", "用户", "顾客", "客户问题", "customer", "user")
ROLE_ALIASES = {
    **{m: BOT for m in BOT_MARKERS},
    **{m: CUSTOMER for m in CUSTOMER_MARKERS},
    "robot": BOT, "system": BOT, "ivr": BOT, "human": CUSTOMER, "caller": CUSTOMER, "callee": CUSTOMER,
}


def fold_simplified(text: str) -> str:
    """Full-width, case and Traditional folded, one character for one: positions stay."""
    return t2s.to_simplified(fold(text))


@dataclass(frozen=True, eq=False)  # holds a dict: compared and hashed by identity
class _FoldedMarkers:
    """The markers folded: each one's role by its folded name, and the folded first characters
    a marker line can start with."""

    roles: dict[str, str]
    starts: frozenset[str]

    def to_data(self) -> dict[str, object]:
        return {"roles": self.roles, "starts": sorted(self.starts)}

    @classmethod
    def from_data(cls, data: object) -> _FoldedMarkers:
        roles, starts = (data.get("roles"), data.get("starts")) if isinstance(data, dict) else (None, None)
        if not (isinstance(roles, dict) and all(isinstance(k, str) and v in (BOT, CUSTOMER) for k, v in roles.items())
                and isinstance(starts, list) and all(isinstance(s, str) for s in starts)):
            raise ValueError("not a marker table")
        return cls(roles, frozenset(starts))


def _fold_markers(bot: tuple[str, ...], customer: tuple[str, ...]) -> _FoldedMarkers:
    roles = {fold_simplified(n.strip()): BOT for n in bot}
    roles.update({fold_simplified(n.strip()): CUSTOMER for n in customer})
    return _FoldedMarkers(roles, _folding_to({n[0] for n in roles if n} | _BRACKETS))


def _folding_to(targets: set[str]) -> frozenset[str]:
    """Every character that, folded alone, is one of `targets`: so a line's first character is
    looked up as it is, and a line that cannot start with a marker never needs the folding and
    Traditional tables (loading them is a tenth of a second of every run)."""
    # Folding is the table or str.lower, then the Traditional table: a character reaches a
    # target from the target itself, one of its case forms, or a character either table rewrites.
    candidates = set(targets) | {form for t in targets for form in (t.upper(), t.title())}
    candidates |= folded_by_table() | set(t2s.conversion_tables().changed)
    return frozenset(c for c in candidates if len(c) == 1 and fold_simplified(c) in targets)


def _folded_markers(bot: tuple[str, ...], customer: tuple[str, ...]) -> _FoldedMarkers:
    """The markers folded, from the start-up cache: folding them needs the folding and
    Traditional tables, a tenth of a second a run that checking a Simplified script in the
    compiled engine does not otherwise spend."""
    from .. import cache
    from ..normalize import fold_key_parts

    digest = cache.key("speakers", 3, bot, customer, fold_key_parts(), t2s.dictionary_digest())
    return cache.cached("speakers", digest, lambda: _fold_markers(bot, customer), _FoldedMarkers.to_data,
                        _FoldedMarkers.from_data)


@dataclass
class Speakers:
    bot: tuple[str, ...] = BOT_MARKERS
    customer: tuple[str, ...] = CUSTOMER_MARKERS

    def __post_init__(self) -> None:
        folded = _folded_markers(self.bot, self.customer)
        names = self.roles = folded.roles
        self.head = max((len(n) for n in names), default=0) + 12
        self._marker_starts = folded.starts
        self._role_cache: dict[str, str | None] = {}
        alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True) if n)
        self.marker_re = re.compile(
            rf"^[ \t]*(?:[\[【]\s*(?P<b>{alternatives})\s*[\]】][ \t]*[:：]?|(?P<c>{alternatives})[ \t]*[:：])[ \t]*"
        )
        # Most lines are written plainly (坐席：, AI:): try them as they are before folding.
        self.plain_re = re.compile(self.marker_re.pattern, re.IGNORECASE)

    @classmethod
    def with_extra(cls, bot: Iterable[str] = (), customer: Iterable[str] = ()) -> Speakers:
        return cls(BOT_MARKERS + tuple(bot), CUSTOMER_MARKERS + tuple(customer))

    def split(self, line: str) -> tuple[str | None, int]:
        """(role or None, offset where the utterance starts)."""
        plain = self.plain_re.match(line)
        if plain is not None:
            name = (plain.group("b") or plain.group("c")).lower()
            if name in self.roles:
                return self.roles[name], plain.end()
        if line.lstrip(" \t")[:1] not in self._marker_starts:  # folded alone, not a marker's start
            return None, 0
        # Markers are short: folding the head of the line is enough (and much cheaper).
        match = self.marker_re.match(fold_simplified(line[:self.head]))
        if match is None:
            return None, 0
        name = match.group("b") or match.group("c")
        return self.roles[name], match.end()

    def role_of(self, value: str) -> str | None:
        # Transcripts repeat a handful of role names millions of times.
        if value in self._role_cache:
            return self._role_cache[value]
        name = fold_simplified(value.strip())
        role = self.roles.get(name) or ROLE_ALIASES.get(name)
        if len(self._role_cache) < 1024:
            self._role_cache[value] = role
        return role
