"""`scriptlint lexicon check`: problems in packs that examples alone would not show."""
from __future__ import annotations

from .lexicon import Pack

# Characters that start or end many everyday words: a one- or two-character term made of them
# needs an allow-list or a must_not_match example that proves it is confirmed.
COMMON_CHARS = set("的一是了不在有人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质事")


def check_packs(packs: list[Pack]) -> list[str]:
    problems: list[str] = []
    seen: dict[tuple[str, str], str] = {}
    for pack in packs:
        for entry in pack.entries:
            group = entry.category or f"set:{entry.set}"
            for term in entry.terms:
                key = (group, term)
                if key in seen and seen[key] != entry.id:
                    problems.append(f"{entry.source}: {entry.id}: term '{term}' duplicates {seen[key]}")
                seen.setdefault(key, entry.id)
                if any(ch in "，。！？；：" for ch in term) and entry.pattern is None:
                    problems.append(f"{entry.source}: {entry.id}: term '{term}' holds sentence punctuation and can never be part of one word")
            for term in entry.terms:
                if (len(term) <= 2 and all(ch in COMMON_CHARS for ch in term)
                        and not entry.allow and not entry.requires and entry.pattern is None
                        and not entry.must_not_match):
                    problems.append(f"{entry.source}: {entry.id}: short term '{term}' sits inside common words; add allow, requires or must_not_match examples")
            if entry.category and not (entry.must_match and entry.must_not_match):
                problems.append(f"{entry.source}: {entry.id}: needs both must_match and must_not_match examples")
            if entry.category and not entry.citation:
                problems.append(f"{entry.source}: {entry.id}: has no citation")
    return problems
