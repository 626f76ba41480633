"""Speaker markers at the start of a script line: 机器人：, [客户], 【坐席】, AI:, User: …"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .. import t2s
from ..model import BOT, CUSTOMER
from ..normalize import fold

BOT_MARKERS = ("机器人", "ai", "坐席", "客服", "销售", "销售回答", "bot", "agent", "assistant")
CUSTOMER_MARKERS = ("客户", "用户", "顾客", "客户问题", "customer", "user")
ROLE_ALIASES = {
    **{m: BOT for m in BOT_MARKERS},
    **{m: CUSTOMER for m in CUSTOMER_MARKERS},
    "robot": BOT, "system": BOT, "ivr": BOT, "human": CUSTOMER, "caller": CUSTOMER, "callee": CUSTOMER,
}


def fold_simplified(text: str) -> str:
    """Full-width, case and Traditional folded, one character for one: positions stay."""
    return t2s.to_simplified(fold(text))


def _fold_names(bot: tuple[str, ...], customer: tuple[str, ...]) -> dict[str, str]:
    names = {fold_simplified(n.strip()): BOT for n in bot}
    names.update({fold_simplified(n.strip()): CUSTOMER for n in customer})
    return names


def _folded_names(bot: tuple[str, ...], customer: tuple[str, ...]) -> dict[str, str]:
    """The markers folded, role by name, from the start-up cache: folding them needs the folding
    and Traditional tables, a tenth of a second a run that checking a Simplified script in the
    compiled engine does not otherwise spend."""
    from .. import cache, t2s
    from ..normalize import fold_key_parts

    def valid(data: object) -> dict[str, str]:
        if not (isinstance(data, dict) and all(isinstance(k, str) and v in (BOT, CUSTOMER) for k, v in data.items())):
            raise ValueError("not a marker table")
        return data

    digest = cache.key("speakers", bot, customer, fold_key_parts(), t2s.dictionary_digest())
    return cache.cached("speakers", digest, lambda: _fold_names(bot, customer), dict, valid)


@dataclass
class Speakers:
    bot: tuple[str, ...] = BOT_MARKERS
    customer: tuple[str, ...] = CUSTOMER_MARKERS

    def __post_init__(self) -> None:
        names = _folded_names(self.bot, self.customer)
        self.roles = names
        self.head = max((len(n) for n in names), default=0) + 12
        self._marker_starts = {fold_simplified(n[0]) for n in names if n} | {"[", "【"}
        self._first_char_ok: dict[str, bool] = {}
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
        first = line.lstrip(" \t")[:1]
        ok = self._first_char_ok.get(first)
        if ok is None:
            ok = self._first_char_ok[first] = fold_simplified(first) in self._marker_starts
        if not ok:
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
