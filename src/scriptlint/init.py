"""`scriptlint init`: a commented starter `scriptlint.toml` for the industry, channel and
direction a team picks.

A `scriptlint.toml` of its own (as ruff's `ruff.toml`), not a section added to pyproject.toml:
a compliance team's scripts folder often has no pyproject.toml, and a file of its own is
written whole, never merged into a file someone else maintains. The comments come from the
settings table (`config.SETTINGS`), so they say what `--help` says; every other key is there,
commented out, with its default, and uncommenting any of them gives a valid config.
"""
from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .config import CHANNELS, CONFIG_NAMES, DIRECTIONS, known_industries, setting_named
from .rules.base import Text

CONFIG_NAME = "scriptlint.toml"
DEFAULT_CHANNEL, DEFAULT_DIRECTION = setting_named("channel").default, setting_named("direction").default
# Shown commented out, with their defaults: what a team changes next.
OPTIONAL_KEYS = ("fail-on", "select", "ignore", "lang", "speech-rate", "opening-utterances", "disclosure-seconds",
                 "handoff-seconds", "allow", "lexicons")

MESSAGES = {
    "title": Text("scriptlint 配置，由 `scriptlint init` 生成。说明见 README 的 Configuration 一节。",
                  "scriptlint configuration, written by `scriptlint init`. See the README, Configuration."),
    "uncomment": Text("以下为可选设置（取值为默认值），取消注释即可生效。",
                      "Optional settings (at their defaults): uncomment to use."),
    "per-file": Text("按路径跳过规则（glob = [规则代码、前缀或类别]）：",
                     "Skip rules by path (glob = [codes, prefixes or categories]):"),
    "policy": Text("本服务的政策事实，用于 SL304、SL306（模式为规范化文本上的正则）：",
                   "Facts of your service for SL304 and SL306 (patterns are regexes on normalized text):"),
    "exists": Text("{path} 已存在；如需覆盖请加 --force", "{path} already exists; use --force to overwrite it"),
    "shadowed": Text("{other} 在同一文件夹中，会优先于 {path} 被使用", "{other} in the same folder is used before {path}"),
    "defaults": Text("未在终端中运行：未指定的项使用默认值（{values}）；可用 --industry/--channel/--direction 指定",
                     "not on a terminal: defaults for what was not given ({values}); "
                     "use --industry/--channel/--direction"),
    "written": Text("已写入 {path}（行业：{industry}；渠道：{channel}；方向：{direction}）",
                    "wrote {path} (industry: {industry}; channel: {channel}; direction: {direction})"),
    "none": Text("无", "none"),
    "ask-industry": Text("行业词库（逗号分隔，可留空；可选：{choices}）",
                         "Industry packs (comma-separated, may be empty; one of: {choices})"),
    "ask-channel": Text("渠道（{choices}）", "Channel ({choices})"),
    "ask-direction": Text("方向（{choices}）", "Direction ({choices})"),
    "bad-choice": Text("'{value}' 不是可选值：{choices}", "'{value}' is not one of: {choices}"),
}


class InitError(Exception):
    """The config was not written; the message says why."""


@dataclass(frozen=True)
class Starter:
    """The scenario the starter config declares."""

    industry: tuple[str, ...] = ()
    channel: str = DEFAULT_CHANNEL
    direction: str = DEFAULT_DIRECTION


def parse_industries(raw: str | Sequence[str], lang: str = "zh") -> tuple[str, ...]:
    """Industry packs from a comma list (or several), each checked against the bundled packs."""
    items = [raw] if isinstance(raw, str) else list(raw)
    found = [part.strip() for item in items for part in item.split(",") if part.strip()]
    choices = known_industries()
    for name in found:
        if name not in choices:
            raise ValueError(MESSAGES["bad-choice"](lang, value=name, choices=", ".join(choices)))
    return tuple(dict.fromkeys(found))


def choice(value: str, choices: Sequence[str], lang: str = "zh") -> str:
    if value not in choices:
        raise ValueError(MESSAGES["bad-choice"](lang, value=value, choices=", ".join(choices)))
    return value


Ask = Callable[[str, str, Callable[[str], object]], str]


def resolve(industry: Sequence[str] | None, channel: str | None, direction: str | None, ask: Ask | None,
            lang: str = "zh") -> tuple[Starter, list[str]]:
    """The starter's scenario from the flags; what they leave out is asked (`ask(question, default,
    check)`, on a terminal) or defaulted. Returns the scenario and the keys that were defaulted."""
    defaulted: list[str] = []

    def pick(name: str, given: str | None, default: str, question: str, check: Callable[[str], object]) -> str:
        if given is not None:
            check(given)
            return given
        if ask is not None:
            return ask(question, default, check)
        defaulted.append(name)
        return default

    industries = ",".join(industry) if industry else None
    chosen = parse_industries(pick("industry", industries, "",
                                   MESSAGES["ask-industry"](lang, choices=", ".join(known_industries())),
                                   lambda v: parse_industries(v, lang)), lang)
    chosen_channel = pick("channel", channel, DEFAULT_CHANNEL, MESSAGES["ask-channel"](lang, choices="/".join(CHANNELS)),
                          lambda v: choice(v, CHANNELS, lang))
    chosen_direction = pick("direction", direction, DEFAULT_DIRECTION,
                            MESSAGES["ask-direction"](lang, choices="/".join(DIRECTIONS)),
                            lambda v: choice(v, DIRECTIONS, lang))
    return Starter(chosen, chosen_channel, chosen_direction), defaulted


def on_terminal() -> bool:
    """Whether questions can be asked: standard input and output are a terminal."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def _toml(value: object) -> str:
    """A setting's value as TOML (strings, numbers, booleans and lists of strings)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (tuple, list)):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, (int, float)):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)  # a TOML basic string is JSON's


def starter_config(starter: Starter, lang: str = "zh") -> str:
    """The text of the starter config."""
    lines = [f"# {MESSAGES['title'](lang)}", ""]
    for name, value in (("industry", starter.industry), ("channel", starter.channel),
                        ("direction", starter.direction)):
        lines += [f"# {setting_named(name).help(lang)}", f"{name} = {_toml(value)}", ""]
    lines += [f"# {MESSAGES['uncomment'](lang)}", ""]
    for name in OPTIONAL_KEYS:
        setting = setting_named(name)
        lines += [f"# {setting.help(lang)}", f"# {name} = {_toml(setting.default)}", ""]
    lines += [
        f"# {MESSAGES['per-file'](lang)}",
        "# [per-file-ignores]",
        '# "legacy/*.txt" = ["SL104"]',
        "",
        f"# {MESSAGES['policy'](lang)}",
        "# [policy.refund-time]",
        '# name = "退款时效"',
        '# topic = ["退款"]',
        '# must-mention = ["3个工作日", "三个工作日"]',
        "# max-days = 3",
    ]
    return "\n".join(lines) + "\n"


def write_config(path: Path, starter: Starter, force: bool = False, lang: str = "zh") -> list[str]:
    """Write the starter config at `path` (refused when a file is there, unless `force`).
    Returns warnings: another config file in the folder that would be used first."""
    text = starter_config(starter, lang)
    try:
        if force:
            temporary = path.with_name(f".{path.name}.init-{os.getpid()}")
            temporary.write_text(text, encoding="utf-8")
            os.replace(temporary, path)
        else:
            with open(path, "x", encoding="utf-8") as out:  # "x": never over a file that appeared meanwhile
                out.write(text)
    except FileExistsError:
        raise InitError(MESSAGES["exists"](lang, path=path)) from None
    except OSError as error:
        raise InitError(f"{path}: {error.strerror or error}") from None
    earlier = CONFIG_NAMES[:CONFIG_NAMES.index(path.name)] if path.name in CONFIG_NAMES else ()
    return [MESSAGES["shadowed"](lang, other=path.with_name(name), path=path)
            for name in earlier if path.with_name(name).exists()]


__all__ = ["CONFIG_NAME", "InitError", "Starter", "on_terminal", "resolve", "starter_config", "write_config"]
