"""`scriptlint lexicon check`: problems in packs that their examples alone would not show."""
from __future__ import annotations

import re

from ..user_regex import unsafe_shape
from .schema import Pack, TermEntry

COMMON_WORD_FREQUENCY = 1000


def _common_words() -> dict[str, int]:
    from ..segment import jieba_dict_path, read_dictionary

    freq, _ = read_dictionary(jieba_dict_path())
    return {w: f for w, f in freq.items() if f >= COMMON_WORD_FREQUENCY and len(w) > 1}


def check_packs(packs: list[Pack], common_words: dict[str, int] | None = None) -> list[str]:
    """One line per problem:

    * a term listed twice for the same category or phrase set;
    * a term or near object written in a form normalization changes (Traditional, upper case,
      full-width, spaces): it only ever matches in its normalized form, so write that;
    * a term that cannot match: empty after normalization, or holding a line break;
    * a regex (pattern, requires, unless) that does not compile, or whose shape can backtrack
      without end (a user's pack is refused at load for it; the bundled ones are checked here);
    * a short term that sits inside common words while nothing guards it (no word-boundary
      confirmation, no allow-list, no requires, no pattern);
    * a finding entry without must_match and must_not_match examples, or without a citation.
    """
    words = _common_words() if common_words is None else common_words
    problems: list[str] = []
    seen: dict[tuple[str, str, str], str] = {}
    for pack in packs:
        for entry in pack.entries:
            where = f"{entry.source}: {entry.id}"
            # Per pack: finance and insurance may both ban 保本, each with its own message.
            finding = isinstance(entry, TermEntry)
            group = entry.category if isinstance(entry, TermEntry) else f"set:{entry.phrase_set}"
            # A term of an entry with a `pattern` is only its trigger: two such entries may share a
            # trigger word (等, 催), since each reports only what its own pattern covers.
            trigger_only = entry.pattern is not None
            listed: set[str] = set()
            for raw, term in zip(entry.raw_terms or entry.terms, entry.terms):
                if term in listed:
                    problems.append(f"{where}: term '{raw}' is listed twice")
                listed.add(term)
                key = (pack.name, group, term)
                if not trigger_only and key in seen and seen[key] != entry.id:
                    problems.append(f"{where}: term '{term}' duplicates {seen[key]}")
                if not trigger_only:
                    seen.setdefault(key, entry.id)
                if not term or "\n" in term:
                    problems.append(f"{where}: term '{raw}' can never match")
                elif raw != term:
                    problems.append(f"{where}: term '{raw}' is matched as '{term}' after normalization; write it so")
            if entry.near is not None:
                for raw, word in zip(entry.near.raw_objects, entry.near.objects):
                    if raw != word:
                        problems.append(f"{where}: near '{raw}' is matched as '{word}' after normalization; write it so")
            for label, patterns in (("pattern", [entry.pattern] if entry.pattern else []),
                                    ("requires", entry.requires), ("unless", entry.unless)):
                for pattern in patterns:
                    try:
                        pattern.compiled()
                    except re.error as exc:
                        problems.append(f"{where}: {label} regex does not compile: {exc}")
                    shape = unsafe_shape(pattern.pattern)
                    if shape is not None:
                        problems.append(f"{where}: {label} regex has {shape}")
            guarded = entry.confirm or entry.allow or entry.requires or entry.pattern is not None
            if finding and not guarded:
                for term in entry.terms:
                    inside = sorted((w for w in words if term in w and w != term), key=lambda w: -words[w])
                    if len(term) <= 3 and inside:
                        problems.append(f"{where}: term '{term}' sits inside common words ({', '.join(inside[:3])}) "
                                        "with no confirmation, allow, requires or pattern")
            if finding and not (entry.must_match and entry.must_not_match):
                problems.append(f"{where}: needs both must_match and must_not_match examples")
            if isinstance(entry, TermEntry) and not entry.citation:
                problems.append(f"{where}: has no citation")
    return problems
