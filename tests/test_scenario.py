"""The scenario resolver: which layer wins for each setting, and the kind exceptions."""
from __future__ import annotations

from typing import Any

import pytest

from scriptlint import Config, InputError, Linter
from scriptlint.config import parse_settings
from scriptlint.model import Declaration, Kind
from scriptlint.scenario import Scenario

# A file's own declaration that sets every declarable key.
EVERYTHING = (("industry", "insurance"), ("channel", "chat"), ("direction", "inbound"), ("kind", "transcript"))


def layered(file: dict[str, Any], flags: dict[str, Any]) -> Config:
    """The Config a Linter holds: defaults < config file < command-line flags, as cli.py merges them."""
    return Config(**parse_settings("scriptlint.toml", file)).merged(**parse_settings("command line", flags))


def resolve(file: dict[str, Any], flags: dict[str, Any], declared: tuple[tuple[str, Any], ...],
            format_kind: Kind = Kind.SCRIPT, requested: Kind | None = None) -> Scenario:
    declaration = Declaration(declared, line=1) if declared else None
    return Scenario.resolve(layered(file, flags), declaration, format_kind, requested, path="s.txt")


DEFAULTS = {"industry": None, "channel": "phone", "direction": "outbound"}
PACKS = ("finance", "education", "telecom")


def _differs_from(key: str, current: str | None, layer: int) -> str:
    """A value for the next layer that differs from what wins below it, so the winner shows."""
    if key == "industry":
        return PACKS[layer]
    first, second = {"channel": ("phone", "chat"), "direction": ("outbound", "inbound")}[key]
    return second if current == first else first


@pytest.mark.parametrize("key", ["industry", "channel", "direction"])
@pytest.mark.parametrize(
    "layers",
    [(), ("file",), ("flag",), ("declaration",), ("file", "flag"), ("file", "declaration"),
     ("flag", "declaration"), ("file", "flag", "declaration")],
)
def test_each_layer_wins_over_the_lower_ones(key: str, layers: tuple[str, ...]) -> None:
    given: dict[str, str] = {}
    winner = DEFAULTS[key]
    for number, layer in enumerate(layers):  # lowest first
        given[layer] = winner = _differs_from(key, winner, number)
    file = {key: given["file"]} if "file" in given else {}
    flags = {key: given["flag"]} if "flag" in given else {}
    declared = ((key, given["declaration"]),) if "declaration" in given else ()
    scenario = resolve(file, flags, declared)
    if key == "industry":
        assert scenario.industries == frozenset({"general"} | ({winner} if winner else set()))
    else:
        assert getattr(scenario, key) == winner


@pytest.mark.parametrize(
    ("file", "flags", "declared", "format_kind", "requested", "kind"),
    [
        ({}, {}, (), Kind.REPLIES, None, Kind.REPLIES),  # the reader's format kind
        ({}, {}, (("kind", "transcript"),), Kind.SCRIPT, None, Kind.TRANSCRIPT),  # declaration > format
        ({"kind": "replies"}, {}, (("kind", "transcript"),), Kind.SCRIPT, None, Kind.REPLIES),  # config > declaration
        ({"kind": "replies"}, {"kind": "script"}, (("kind", "transcript"),), Kind.REPLIES, None, Kind.SCRIPT),  # flag > file
        ({"kind": "transcript"}, {"kind": "script"}, (("kind", "transcript"),), Kind.SCRIPT, Kind.REPLIES,
         Kind.REPLIES),  # the API call's kind > everything
        ({}, {}, (), Kind.SCRIPT, "transcript", Kind.TRANSCRIPT),  # given as a string
    ],
)
def test_kind_precedence_is_the_other_way_round(file: dict[str, Any], flags: dict[str, Any],
                                                declared: tuple[tuple[str, str], ...], format_kind: Kind,
                                                requested: Kind | str | None, kind: Kind) -> None:
    declaration = Declaration(declared, line=1) if declared else None
    scenario = Scenario.resolve(layered(file, flags), declaration, format_kind, requested, path="s.txt")
    assert scenario.kind is kind


def test_a_declaration_overrides_all_but_kind_of_a_full_config() -> None:
    config = Config(industry=("finance",), channel="phone", direction="outbound", kind="script")
    scenario = Scenario.resolve(config, Declaration(EVERYTHING, line=1), Kind.REPLIES)
    assert scenario == Scenario(frozenset({"general", "insurance"}), "chat", "inbound", Kind.SCRIPT)


def test_declared_industry_lists_are_read_like_the_config() -> None:
    for raw in ("finance,education", ("finance", "education")):
        scenario = Scenario.resolve(Config(), Declaration((("industry", raw),)), Kind.SCRIPT)
        assert scenario.industries == frozenset({"general", "finance", "education"})


@pytest.mark.parametrize(
    ("declared", "message"),
    [
        (("channel", "fone"), "scriptlint declaration: channel: 'fone' is not one of phone, chat"),
        (("industry", "finanse"), "scriptlint declaration: industry: unknown industry 'finanse'"),
        (("kind", "letter"), "scriptlint declaration: kind: 'letter' is not one of script, transcript, replies"),
        (("lang", "en"), "scriptlint declaration: 'lang' cannot be declared in a file"),
        (("channel", ("phone", "chat")), "scriptlint declaration: config key 'channel' must be a string"),
    ],
)
def test_a_bad_declaration_is_an_input_error_at_its_line(declared: tuple[str, Any], message: str) -> None:
    with pytest.raises(InputError) as caught:
        Scenario.resolve(Config(), Declaration((declared,), line=3), Kind.SCRIPT, path="d.txt")
    assert (caught.value.path, caught.value.line) == ("d.txt", 3)
    assert caught.value.message.startswith(message), caught.value.message


# "这款理财保本保息。": 保本 is characters 5-6, 保息 7-8 (columns end exclusive).
REPLY = "这款理财保本保息。"
TERMS_ONLY = [("SL302", 1, 5, 1, 7), ("SL302", 1, 7, 1, 9)]


def positions(findings: list[Any]) -> list[tuple[str, int, int, int, int]]:
    return [(f.code, f.line, f.column, f.end_line, f.end_column) for f in findings]


def test_check_text_kind_wins_over_the_config_kind() -> None:
    linter = Linter(Config(industry=("finance",), kind="script"))
    # The bug: the config's kind="script" ran the whole-script rules on a single reply.
    assert positions(linter.check_text(REPLY, kind="replies")) == TERMS_ONLY
    # Without a kind in the call, the config's kind applies: a script without a disclosure.
    assert "SL101" in [f.code for f in linter.check_text(REPLY)]
    # And without either, the text is one reply.
    assert positions(Linter(Config(industry=("finance",))).check_text(REPLY)) == TERMS_ONLY


def test_check_text_and_config_kinds_win_over_the_text_declaration() -> None:
    text = "# scriptlint: kind=replies\n" + REPLY
    # Were the declaration to win, the text would be replies, without the script rules.
    assert "SL101" in [f.code for f in Linter(Config(industry=("finance",))).check_text(text, kind="script")]
    assert "SL101" in [f.code for f in Linter(Config(industry=("finance",), kind="script")).check_text(text)]


def test_check_text_rejects_an_unknown_kind() -> None:
    from scriptlint.config import ConfigError

    with pytest.raises(ConfigError) as caught:
        Linter(Config()).check_text(REPLY, kind="letter")
    assert caught.value.key == "kind"
    assert "kind: 'letter' is not one of script, transcript, replies" in str(caught.value)
