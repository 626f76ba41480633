"""Configuration: every setting is declared once, in `SETTINGS`.

That one table drives the config-file parser (`parse_settings`), the validation of a `Config`
built in Python (`Config.__post_init__`), the command line's help texts and choices, and the
configuration table of the README (`config_table_markdown`).

The config lives in `[tool.scriptlint]` of `pyproject.toml`, or at the top level of
`scriptlint.toml` / `.scriptlint.toml`, found from each file's folder upwards (`workspace.py`
caches the search). A config file that is found but does not parse is an error naming its line,
never passed over. Keys are kebab-case (snake_case is accepted too). An unknown key or a bad value is an error
that names it. Which layer wins when several give a setting is decided in `scenario.py`.
"""
from __future__ import annotations

import fnmatch
import functools
import math
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .model import ALL_CATEGORIES, InputError, Kind, Severity
from .reporters import FORMATS as OUTPUT_FORMATS
from .severity import LEVELS as SEVERITY_LEVELS
from .severity import parse_overrides
from .tomlfile import read_toml

if TYPE_CHECKING:
    from .user_regex import BoundedPattern

CONFIG_NAMES = (".scriptlint.toml", "scriptlint.toml", "pyproject.toml")
# What a folder walk leaves out unless a config's `exclude` says otherwise (.gitignore syntax: a
# name matches at any depth, a trailing slash only folders). Virtual environments, dependencies
# and build output are no team's scripts; documentation describes scripts without being one, and
# a README full of example phrases would fail the gate. Hidden entries and folders holding a
# pyvenv.cfg are never walked (pathfilter.py).
DEFAULT_EXCLUDE = (
    "venv/", "node_modules/", "__pycache__/", "__pypackages__/", "site-packages/", "build/", "dist/",
    "docs/", "README*", "readme*", "CHANGELOG*", "changelog*", "CONTRIBUTING*", "LICENSE*", "LICENCE*",
)
CHANNELS = ("phone", "chat")
DIRECTIONS = ("outbound", "inbound")
KINDS = tuple(k.value for k in Kind)
FAIL_ON = ("error", "warning", "info", "never")
# What the runtime guard (guard.py) does with a reply, by the severest finding in it.
GUARD_ACTIONS = ("block", "revise", "allow")
DEFAULT_GUARD_ACTIONS = (("error", "block"), ("warning", "revise"), ("info", "allow"))
LANGS = ("zh", "en")
ALWAYS_ON_PACK = "general"  # on whatever the industry, so it is not one to choose

README_START = "<!-- config-table:start -->"
README_END = "<!-- config-table:end -->"


@dataclass(frozen=True, repr=False)  # InputError's repr: personal data masked
class ConfigError(InputError):
    """A bad setting in a config file, on the command line or in a `Config` built in Python.

    An `InputError`, so that every handler of bad input catches it too; `key` is the setting's
    kebab-case name."""

    key: str | None = None

    def __reduce__(self) -> tuple[type[ConfigError], tuple[Any, ...]]:
        return (ConfigError, (self.path, self.message, self.line, self.key))


# What a setting's value is. Each type has one reader for config files (and the command line)
# and one check for values given in Python: see _from_file and _from_python.
ValueType = Literal["choice", "list", "paths", "selectors", "number", "count", "boolean", "per-file",
                    "policies", "path", "severities", "encoding", "globs", "actions"]

TYPE_LABELS: dict[ValueType, tuple[str, str]] = {  # (zh, en), for the documentation
    "choice": ("字符串", "string"),
    "list": ("字符串列表", "list of strings"),
    "paths": ("路径列表（相对于配置文件）", "list of paths (relative to the config file)"),
    "globs": (".gitignore 语法的 glob 列表（相对于配置文件所在文件夹）",
              "list of globs in .gitignore syntax (relative to the config file's folder)"),
    "selectors": ("规则代码、代码前缀或类别的列表", "list of rule codes, code prefixes or categories"),
    "number": ("正数", "number > 0"),
    "count": ("≥ 1 的整数", "whole number ≥ 1"),
    "boolean": ("true / false", "true / false"),
    "per-file": ("表：glob = [规则代码、前缀或类别]", "table: glob = [codes, prefixes or categories]"),
    "policies": ("表：名称 = {topic, must-mention, max-days, contradicts}",
                 "table: name = {topic, must-mention, max-days, contradicts}"),
    "path": ("路径", "path"),
    "severities": ("表：规则代码或类别 = 级别", "table: rule code or category = level"),
    "encoding": ("编码名（也接受 Python 的编码别名）", "encoding name (Python codec aliases accepted)"),
    "actions": ("表：级别 = block / revise / allow", "table: severity = block / revise / allow"),
}


@functools.cache
def known_industries() -> tuple[str, ...]:
    """The bundled industry packs one can choose."""
    from .lexicon import bundled_packs

    return tuple(sorted(set(bundled_packs()) - {ALWAYS_ON_PACK}))


def known_encodings() -> tuple[str, ...]:
    """The encodings documented for `--encoding` (imported when asked: the readers are not
    needed to read a config)."""
    from .readers.decode import ENCODING_CHOICES

    return ENCODING_CHOICES


@dataclass(frozen=True)
class Setting:
    """One setting: its key, its `Config` field, the values it takes, its default and its doc."""

    name: str  # kebab-case config key; "speakers.bot" is key `bot` of the table `speakers`
    field: str | None  # the Config field; None for an option of the command line only
    type: ValueType
    default: Any
    doc: str  # one line, Chinese
    doc_en: str  # one line, English
    # The allowed values of a choice (or of each item of a list); a function when they are
    # found at run time (the bundled industry packs).
    choices: tuple[str, ...] | Callable[[], tuple[str, ...]] = ()
    flags: tuple[str, ...] = ()  # command-line spellings; () when only a config file sets it

    @property
    def cli_only(self) -> bool:
        return self.field is None

    def allowed(self) -> tuple[str, ...]:
        return self.choices() if callable(self.choices) else self.choices

    def help(self, lang: str = "en") -> str:
        """The one-line doc with the choices and the default, for `--help`."""
        parts = [self.doc_en if lang == "en" else self.doc]
        if self.allowed():
            parts.append(("One of: " if lang == "en" else "可选：") + ", ".join(self.allowed()) + ".")
        if _has_default(self.default) and self.type != "boolean":  # a flag's default is its absence
            parts.append(("Default: " if lang == "en" else "默认：") + _show(self.default) + ".")
        return " ".join(parts)


SETTINGS: tuple[Setting, ...] = (
    Setting("industry", "industry", "list", (),
            "行业词库包（逗号列表，可重复）；general 始终启用。",
            "Industry packs (comma list, may repeat); 'general' is always on.",
            known_industries, ("--industry", "-i")),
    Setting("channel", "channel", "choice", "phone",
            "渠道：电话或文字聊天。", "Channel: a phone call or a text chat.",
            CHANNELS, ("--channel",)),
    Setting("direction", "direction", "choice", "outbound",
            "外呼（我方拨出）或呼入（客户来电）。", "Outbound (we call) or inbound (the customer calls).",
            DIRECTIONS, ("--direction",)),
    Setting("kind", "kind", "choice", None,
            "把每个文件都当作话术、通话记录或独立回复；不设则按扩展名。",
            "Treat every file as a script, a transcript or replies; unset: from the extension.",
            KINDS, ("--kind",)),
    Setting("encoding", "encoding", "encoding", "auto",
            "输入文件的编码；auto 自动识别 UTF-8/16/32、GB18030 与 Big5，分辨不出时报错，请指定编码。",
            "The input files' encoding; auto detects UTF-8/16/32, GB18030 and Big5, and asks for this "
            "setting when it cannot tell.",
            known_encodings, ("--encoding",)),
    Setting("speech-rate", "speech_rate", "number", 4.0,
            "每秒朗读的字数，用于计时规则。", "Spoken characters per second, for the timing rules.",
            flags=("--speech-rate",)),
    Setting("opening-utterances", "opening_utterances", "count", 2,
            "开场 = 机器人的前 N 句（聊天：第一条消息）。",
            "The opening: the first N bot utterances (chat: the first message)."),
    Setting("disclosure-seconds", "disclosure_seconds", "number", 3.0,
            "电话：AI 身份告知须在此秒数内开始。", "Phone: the AI disclosure must begin within this many seconds."),
    Setting("handoff-seconds", "handoff_seconds", "number", 15.0,
            "呼入电话：须在此秒数内说明如何转人工。", "Inbound phone: how to reach a human, within this many seconds."),
    Setting("select", "select", "selectors", (),
            "只报告这些规则代码、代码前缀（SL3）或类别；为空则全部。",
            "Only these rule codes, code prefixes (SL3) or categories; empty: all.",
            flags=("--select",)),
    Setting("ignore", "ignore", "selectors", (),
            "跳过这些规则代码、代码前缀或类别。", "Skip these rule codes, code prefixes or categories.",
            flags=("--ignore",)),
    Setting("per-file-ignores", "per_file_ignores", "per-file", (),
            "路径匹配 glob 的文件跳过这些规则。", "Skip these codes, prefixes or categories in files matching a glob."),
    Setting("lexicons", "lexicons", "paths", (),
            "额外的词库包，始终启用。", "Extra lexicon packs, always on."),
    Setting("allow", "allow", "list", (),
            "包含词条却不违规的更长短语。", "Longer phrases that mask a term inside them."),
    # Which files a folder walk lints (pathfilter.py). A file named on the command line is
    # linted whatever they say, unless force-exclude is on.
    Setting("exclude", "exclude", "globs", DEFAULT_EXCLUDE,
            "遍历文件夹时跳过的文件和文件夹；设置即替换默认值。",
            "Files and folders a folder walk leaves out; setting it replaces the defaults."),
    Setting("extend-exclude", "extend_exclude", "globs", (),
            "在 exclude 之外再跳过这些（`!docs/` 可重新纳入）。",
            "Left out in addition to `exclude` (`!docs/` takes one back in)."),
    Setting("include", "include", "globs", (),
            "遍历时只检查匹配这些的文件（仍须是已知扩展名）；为空则全部。",
            "A walk lints only files matching these (of a known extension still); empty: all."),
    Setting("respect-gitignore", "respect_gitignore", "boolean", True,
            "遍历时遵循 git 仓库中的 .gitignore 和 .git/info/exclude。",
            "Walks leave out what .gitignore files and .git/info/exclude of a git repository ignore."),
    Setting("force-exclude", "force_exclude", "boolean", False,
            "命令行上点名的文件也按 exclude、include、.gitignore 过滤（用于 pre-commit）。",
            "Filter files named on the command line by exclude, include and .gitignore too (for pre-commit).",
            flags=("--force-exclude",)),
    Setting("speakers.bot", "bot_markers", "list", (),
            "额外的机器人一方说话人标记。", "More speaker markers of the bot side."),
    Setting("speakers.customer", "customer_markers", "list", (),
            "额外的客户一方说话人标记。", "More speaker markers of the customer side."),
    Setting("policy", "policy", "policies", (),
            "本服务的政策事实，用于 SL304、SL306；模式是规范化文本上的正则。",
            "Facts of your service for SL304 and SL306; patterns are regexes on normalized text."),
    Setting("fail-on", "fail_on", "choice", "warning",
            "有此级别或更高的发现时退出码为 1。", "Exit 1 when a finding is at or above this severity.",
            FAIL_ON, ("--fail-on",)),
    Setting("severity", "severity", "severities", (),
            "按规则代码或类别改级别（代码优先）；off 即不运行该规则。info 只有 --fail-on info 时才判失败。",
            "Per rule code or category, a severity (a code wins over its category); off: the rule does not run. "
            "info fails the run only with --fail-on info.",
            SEVERITY_LEVELS),
    Setting("guard-actions", "guard_actions", "actions", DEFAULT_GUARD_ACTIONS,
            "运行时守卫（Guard、scriptlint serve）按回复中最严重的发现决定动作：拦截、修改或放行；未列出的级别取默认。",
            "What the runtime guard (Guard, scriptlint serve) does with a reply, by its severest finding: block, "
            "revise or allow; a level not given keeps its default.",
            GUARD_ACTIONS),
    Setting("exit-zero", None, "boolean", False,
            "有发现时也以 0 退出（输入错误仍为 2）。", "Exit 0 even when there are findings (input errors still exit 2).",
            flags=("--exit-zero",)),
    Setting("lang", "lang", "choice", "zh", "消息语言。", "Message language.", LANGS, ("--lang",)),
    Setting("show-pii", "show_pii", "boolean", False,
            "不遮盖个人信息（默认处处遮盖）。", "Print personal data unmasked (masked by default everywhere).",
            flags=("--show-pii",)),
    Setting("require-reason", "require_reason", "boolean", False,
            "抑制注释必须写明理由，否则报 SL902。", "Suppression directives must give a reason (else SL902)."),
    Setting("baseline", "baseline", "path", None,
            "基线文件：其中记录的发现不再报告（相对于配置文件）。",
            "Baseline file: the findings it records are not reported (relative to the config file).",
            flags=("--baseline",)),
    Setting("format", None, "choice", "text",
            "输出格式（text：终端上才有颜色）。", "Output format (text: colour only on a terminal).",
            OUTPUT_FORMATS, ("--format", "-f")),
    Setting("output-file", None, "path", None,
            "把报告写入此文件（原子替换；文件夹须已存在）。",
            "Write the report to this file (replaced atomically; its folder must exist).",
            flags=("--output-file", "-o")),
    Setting("statistics", None, "boolean", False,
            "只输出每个规则代码的发现数（text、concise 为表格，json、jsonl 为 JSON）。",
            "Print only the number of findings per rule code (a table; JSON with json or jsonl).",
            flags=("--statistics",)),
    Setting("write-baseline", None, "path", None,
            "把当前的发现写入此基线文件（未检查的文件的记录保留）。",
            "Record the current findings in this baseline file (entries of files not checked are kept).",
            flags=("--write-baseline",)),
    Setting("config", None, "path", None,
            "使用此配置文件，不再查找。", "Use this config file instead of searching for one.", flags=("--config",)),
    Setting("isolated", None, "boolean", False, "忽略所有配置文件。", "Ignore every config file.",
            flags=("--isolated/--no-isolated",)),
    Setting("stdin-filename", None, "path", None,
            "标准输入的文件名：决定其格式、配置和输出中的路径。",
            "The name of standard input: its format (by extension), its config and its path in the output.",
            flags=("--stdin-filename",)),
    Setting("verbose", None, "boolean", False,
            "说明所用的匹配引擎（编译核心或纯 Python），以及遍历跳过了哪些文件及原因。",
            "Say which matching engine runs (the compiled core or pure Python), and which files a walk left out, and why.",
            flags=("--verbose", "-v")),
    Setting("jobs", None, "count", None,
            "并行进程数，按文件划分（默认：CPU 核数）。", "Parallel processes, split by file (default: the number of cores).",
            flags=("--jobs", "-j")),
    Setting("color", None, "boolean", None,
            "强制开启或关闭颜色（默认：仅在终端上；遵循 NO_COLOR、FORCE_COLOR）。",
            "Force colour on or off (default: only on a terminal; NO_COLOR and FORCE_COLOR are honoured).",
            flags=("--color/--no-color",)),
    Setting("fix", None, "boolean", False,
            "应用安全修复（个人信息脱敏），文件原子替换；剩余问题照常报告。",
            "Apply safe fixes (mask personal data), replacing files atomically; what remains is reported.",
            flags=("--fix",)),
    Setting("unsafe-fixes", None, "boolean", False,
            "配合 --fix 或 --diff：也应用会改变原意的词库替换（保证 → 尽力保证）。",
            "With --fix or --diff: also apply lexicon rewrites that change the meaning (保证 → 尽力保证).",
            flags=("--unsafe-fixes",)),
    Setting("diff", None, "boolean", False,
            "只以统一差异显示修复，不写文件；有可修复的问题时退出码为 1。",
            "Show the fixes as a unified diff without writing; exit 1 when there is something to fix.",
            flags=("--diff",)),
)

SETTINGS_BY_NAME: dict[str, Setting] = {s.name: s for s in SETTINGS}
CONFIG_SETTINGS: tuple[Setting, ...] = tuple(s for s in SETTINGS if not s.cli_only)
# Keys whose value is a table of settings of their own ("speakers" -> "speakers.bot", ...).
_TABLES: dict[str, tuple[Setting, ...]] = {
    table: tuple(s for s in CONFIG_SETTINGS if s.name.startswith(f"{table}."))
    for table in sorted({s.name.split(".")[0] for s in CONFIG_SETTINGS if "." in s.name})
}


def setting_named(name: str) -> Setting:
    return SETTINGS_BY_NAME[name]


def _default(name: str) -> Any:
    """The default of a Config field, as the table declares it."""
    return SETTINGS_BY_NAME[name].default


@dataclass(frozen=True)
class Policy:
    """A fact of the team's own service that bot lines on its topic must respect."""

    name: str
    # A user's regexes: checked for catastrophic shapes at load, run with a time limit (user_regex).
    topic: tuple[BoundedPattern, ...]
    must_mention: tuple[BoundedPattern, ...] = ()
    max_days: float | None = None
    contradicts: tuple[BoundedPattern, ...] = ()


@dataclass(frozen=True)
class Config:
    """Validated settings: a bad value raises ConfigError naming its key, however the Config
    is built. Lists may be given as lists; they are kept as tuples. Defaults and docs: SETTINGS."""

    industry: tuple[str, ...] = _default("industry")
    channel: str = _default("channel")
    direction: str = _default("direction")
    kind: str | None = _default("kind")
    encoding: str = _default("encoding")
    speech_rate: float = _default("speech-rate")
    opening_utterances: int = _default("opening-utterances")
    disclosure_seconds: float = _default("disclosure-seconds")
    handoff_seconds: float = _default("handoff-seconds")
    select: tuple[str, ...] = _default("select")
    ignore: tuple[str, ...] = _default("ignore")
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = _default("per-file-ignores")
    lexicons: tuple[str, ...] = _default("lexicons")
    allow: tuple[str, ...] = _default("allow")
    exclude: tuple[str, ...] = _default("exclude")
    extend_exclude: tuple[str, ...] = _default("extend-exclude")
    include: tuple[str, ...] = _default("include")
    respect_gitignore: bool = _default("respect-gitignore")
    force_exclude: bool = _default("force-exclude")
    bot_markers: tuple[str, ...] = _default("speakers.bot")
    customer_markers: tuple[str, ...] = _default("speakers.customer")
    policy: tuple[Policy, ...] = _default("policy")
    fail_on: str = _default("fail-on")
    severity: tuple[tuple[str, str], ...] = _default("severity")  # see severity.Overrides
    guard_actions: tuple[tuple[str, str], ...] = _default("guard-actions")  # severity -> action, severest first
    lang: str = _default("lang")
    show_pii: bool = _default("show-pii")
    require_reason: bool = _default("require-reason")
    baseline: str | None = _default("baseline")
    source: str | None = None  # the config file, for messages
    root: str | None = None  # its folder: relative paths and globs start here

    def __post_init__(self) -> None:
        source = self.source or "Config"
        for setting in CONFIG_SETTINGS:
            assert setting.field is not None
            value = getattr(self, setting.field)
            checked = _from_python(source, setting, value)
            if checked is not value:
                object.__setattr__(self, setting.field, checked)  # normalized (e.g. a list to a tuple)

    def merged(self, **overrides: Any) -> Config:
        """A copy with the given values (checked again); None means 'not given'."""
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})

    def ignored_for(self, path: str) -> tuple[str, ...]:
        if not self.per_file_ignores:
            return ()
        candidates = {path, Path(path).name}
        if self.root:
            try:
                candidates.add(str(Path(path).resolve().relative_to(Path(self.root).resolve())))
            except ValueError:
                pass
        codes: list[str] = []
        for pattern, selectors in self.per_file_ignores:
            if any(fnmatch.fnmatch(c, pattern) for c in candidates):
                codes.extend(selectors)
        return tuple(codes)


# --- checks shared by config files and Python ----------------------------------------------


def _key(name: str) -> str:
    return name.replace("_", "-")


def _choice(source: str, key: str, label: str, value: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise ConfigError(source, f"{label}: '{value}' is not one of {', '.join(choices)}", key=key)
    return value


def _known_items(source: str, setting: Setting, label: str, items: tuple[str, ...]) -> tuple[str, ...]:
    """Each item one of the setting's choices, when it has any ('general', always on, may be
    named though it is not one to choose)."""
    choices = setting.allowed()
    if choices:
        for item in items:
            if item not in choices and item != ALWAYS_ON_PACK:
                raise ConfigError(source, f"{label}: unknown {label} '{item}' (known: {', '.join(choices)})",
                                  key=setting.name)
    return items


def _is_number(value: object) -> bool:
    return not isinstance(value, bool) and isinstance(value, (int, float)) and math.isfinite(value)


def _positive(source: str, key: str, label: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
        raise ConfigError(source, f"{label} must be a positive number", key=key)
    return float(value)


def _count(source: str, key: str, label: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigError(source, f"{label} must be a whole number of at least 1", key=key)
    return value


def _boolean(source: str, key: str, label: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(source, f"{label} must be true or false", key=key)
    return value


def _encoding(source: str, key: str, label: str, value: object) -> str:
    """`auto`, or a codec scriptlint reads by its Python name (`UTF8` -> `utf-8`, `cp936` -> `gbk`)."""
    from .readers.decode import canonical_encoding

    if not isinstance(value, str):
        raise ConfigError(source, f"{label} must be a string", key=key)
    codec = canonical_encoding(value)
    if codec is None:
        raise ConfigError(source, f"{label}: '{value}' is not an encoding scriptlint reads "
                                  f"(one of {', '.join(known_encodings())}, or a Python alias of one)", key=key)
    return codec


# (source, key, label, value) -> the value; the same check for a file and for Python.
_SCALAR_CHECKS: dict[ValueType, Callable[[str, str, str, object], Any]] = {
    "number": _positive, "count": _count, "boolean": _boolean, "encoding": _encoding,
}


def validate_selectors(source: str, label: str, values: Iterable[str], key: str | None = None) -> tuple[str, ...]:
    """Rule codes, code prefixes, categories or ALL, normalized (codes upper, categories lower).
    `label` names the values in messages; `key` is the setting (default: `label`)."""
    # Imported here: the rules import the checker, which imports this module.
    from .rules import RULES

    out = []
    for value in values:
        value = value.strip()
        upper = value.upper()
        if value.lower() in ALL_CATEGORIES:
            out.append(value.lower())
        elif upper == "ALL" or any(r.code.startswith(upper) for r in RULES) and re.fullmatch(r"SL\d{0,3}", upper):
            out.append(upper)
        else:
            raise ConfigError(source, f"{label}: unknown rule code or category '{value}'", key=key or label)
    return tuple(out)


# --- config files and the command line -----------------------------------------------------


def _as_list(source: str, key: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split(",") if v.strip())
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise ConfigError(source, f"config key '{key}' must be a list of strings", key=key)


def _regexes(source: str, key: str, value: Any) -> tuple[BoundedPattern, ...]:
    from .user_regex import compile_user_regex

    out = []
    for item in _as_list(source, key, value):
        try:
            out.append(compile_user_regex(item, f"{source}: config key '{key}'"))
        except re.error as exc:
            raise ConfigError(source, f"config key '{key}': bad regex '{item}': {exc}", key="policy") from None
        except ValueError as exc:  # a catastrophic shape
            raise ConfigError(source, f"config key '{key}': regex '{item}': {exc}", key="policy") from None
    return tuple(out)


def _policy(source: str, name: str, raw: Any) -> Policy:
    def error(message: str) -> ConfigError:
        return ConfigError(source, message, key="policy")

    if not isinstance(raw, dict):
        raise error(f"policy '{name}' must be a table")
    allowed = {"name", "topic", "must-mention", "max-days", "contradicts"}
    normalized = {_key(k): v for k, v in raw.items()}
    unknown = set(normalized) - allowed
    if unknown:
        raise error(f"policy '{name}': unknown key(s) {', '.join(sorted(unknown))}")
    if "topic" not in normalized:
        raise error(f"policy '{name}' needs a 'topic'")
    max_days = normalized.get("max-days")
    if max_days is not None and (not _is_number(max_days) or max_days < 0):
        raise error(f"policy '{name}': max-days must be a non-negative number")
    return Policy(
        name=str(normalized.get("name", name)),
        topic=_regexes(source, "policy.topic", normalized["topic"]),
        must_mention=_regexes(source, "policy.must-mention", normalized.get("must-mention", [])),
        max_days=float(max_days) if max_days is not None else None,
        contradicts=_regexes(source, "policy.contradicts", normalized.get("contradicts", [])),
    )


def _from_file(source: str, setting: Setting, value: Any, root: str | None) -> Any:
    """The Config field value of one setting read from TOML (or from a command-line flag)."""
    key = setting.name
    if setting.type == "choice":
        if not isinstance(value, str):
            raise ConfigError(source, f"config key '{key}' must be a string", key=key)
        return _choice(source, key, key, value, setting.allowed())
    if setting.type == "list":
        return _known_items(source, setting, key, _as_list(source, key, value))
    if setting.type == "paths":
        paths = _as_list(source, key, value)
        return tuple(str((Path(root) / p) if root and not Path(p).is_absolute() else p) for p in paths)
    if setting.type == "selectors":
        return validate_selectors(source, key, _as_list(source, key, value))
    if setting.type == "globs":
        from .pathfilter import check_globs  # pathspec costs start-up time: only for a config that sets globs

        return check_globs(source, key, _as_list(source, key, value))
    if setting.type in _SCALAR_CHECKS:
        return _SCALAR_CHECKS[setting.type](source, key, key, value)
    if setting.type == "per-file":
        if not isinstance(value, dict):
            raise ConfigError(source, f"{key} must be a table of glob = [codes]", key=key)
        return tuple((str(glob), validate_selectors(source, f"{key}.{glob}", _as_list(source, key, codes), key))
                     for glob, codes in value.items())
    if setting.type == "path":
        if not isinstance(value, str) or not value:
            raise ConfigError(source, f"config key '{key}' must be a path", key=key)
        return str(Path(root) / value) if root and not Path(value).is_absolute() else value
    if setting.type == "policies":
        if isinstance(value, dict):
            return tuple(_policy(source, str(n), v) for n, v in value.items())
        if isinstance(value, list):
            return tuple(_policy(source, str(v.get("name", i)) if isinstance(v, dict) else str(i), v)
                         for i, v in enumerate(value))
        raise ConfigError(source, f"{key} must be a table of named policies", key=key)
    if setting.type == "severities":
        return parse_overrides(source, key, value)
    if setting.type == "actions":
        return parse_guard_actions(source, key, value)
    raise AssertionError(f"{key}: type {setting.type} is not read from config files")


def parse_settings(source: str, data: Mapping[str, Any], root: str | None = None) -> dict[str, Any]:
    """Validated Config field values from a config table (or the command line, or a file's
    declaration). `root` is where relative paths start."""
    out: dict[str, Any] = {}
    for raw_key, value in data.items():
        key = _key(raw_key)
        table = _TABLES.get(key)
        if table is not None:
            names = {s.name.split(".", 1)[1]: s for s in table}
            if not isinstance(value, dict) or any(_key(k) not in names for k in value):
                wanted = " and/or ".join(f"'{n}'" for n in names)
                raise ConfigError(source, f"{key} must be a table with {wanted} lists", key=key)
            for sub_key, sub_value in value.items():
                part = names[_key(sub_key)]
                assert part.field is not None
                out[part.field] = _from_file(source, part, sub_value, root)
            continue
        setting = SETTINGS_BY_NAME.get(key)
        if setting is None:
            raise ConfigError(source, f"unknown config key '{raw_key}'", key=key)
        if setting.field is None:
            raise ConfigError(source, f"'{raw_key}' is a command-line option only ({setting.flags[0]})", key=key)
        out[setting.field] = _from_file(source, setting, value, root)
    return out


# --- Config built in Python ----------------------------------------------------------------


def _strings(source: str, key: str, label: str, value: object) -> tuple[str, ...]:
    if isinstance(value, (tuple, list)) and all(isinstance(v, str) for v in value):
        return value if isinstance(value, tuple) else tuple(value)
    what = "a string" if isinstance(value, str) else type(value).__name__
    raise ConfigError(source, f"{label} must be a tuple of strings, not {what}", key=key)


def _from_python(source: str, setting: Setting, value: Any) -> Any:
    """A Config field value given in Python, checked (and normalized) like one from a file."""
    key, label = setting.name, setting.field or setting.name
    if value is None and setting.default is None:
        return None
    if setting.type == "choice":
        if isinstance(value, Enum):
            value = value.value
        if not isinstance(value, str):
            raise ConfigError(source, f"{label} must be a string, not {type(value).__name__}", key=key)
        return _choice(source, key, label, value, setting.allowed())
    if setting.type == "list":
        return _known_items(source, setting, label, _strings(source, key, label, value))
    if setting.type in ("paths", "globs"):  # globs built in Python are compiled when a walk uses them
        return _strings(source, key, label, value)
    if setting.type == "selectors":
        selectors = _strings(source, key, label, value)
        return validate_selectors(source, label, selectors, key) if selectors else selectors
    if setting.type in _SCALAR_CHECKS:
        return _SCALAR_CHECKS[setting.type](source, key, label, value)
    if setting.type == "per-file":
        pairs = tuple(value.items()) if isinstance(value, Mapping) else value
        if not isinstance(pairs, (tuple, list)) or not all(
                isinstance(p, tuple) and len(p) == 2 and isinstance(p[0], str) for p in pairs):
            raise ConfigError(source, f"{label} must be a tuple of (glob, selectors) pairs", key=key)
        return tuple((glob, validate_selectors(source, f"{label}.{glob}", _strings(source, key, label, codes), key))
                     for glob, codes in pairs)
    if setting.type == "path":
        if not isinstance(value, (str, Path)):
            raise ConfigError(source, f"{label} must be a path, not {type(value).__name__}", key=key)
        return str(value)
    if setting.type == "policies":
        policies = value if isinstance(value, tuple) else tuple(value) if isinstance(value, list) else None
        if policies is None or not all(isinstance(p, Policy) for p in policies):
            raise ConfigError(source, f"{label} must be a tuple of Policy", key=key)
        return policies
    if setting.type == "severities":
        return parse_overrides(source, key, value)
    if setting.type == "actions":
        return parse_guard_actions(source, key, value)
    raise AssertionError(f"{key}: type {setting.type} is not a Config field")


def parse_guard_actions(source: str, key: str, value: Any) -> tuple[tuple[str, str], ...]:
    """The `guard-actions` table (a mapping or pairs): severity -> action, every severity
    listed once, severest first; a severity not given keeps its default action."""
    pairs = tuple(value.items()) if isinstance(value, Mapping) else value
    if not isinstance(pairs, (tuple, list)) or not all(
            isinstance(pair, (tuple, list)) and len(pair) == 2 for pair in pairs):
        raise ConfigError(source, f"{key} must be a table of severity = action", key=key)
    chosen = dict(DEFAULT_GUARD_ACTIONS)
    for level, action in pairs:
        if not isinstance(level, str) or level.strip().lower() not in chosen:
            raise ConfigError(source, f"{key}: '{level}' is not a severity (error, warning, info)", key=key)
        if not isinstance(action, str) or action.strip().lower() not in GUARD_ACTIONS:
            raise ConfigError(source, f"{key}.{level}: '{action}' is not one of {', '.join(GUARD_ACTIONS)}", key=key)
        chosen[level.strip().lower()] = action.strip().lower()
    return tuple((level, chosen[level]) for level, _ in DEFAULT_GUARD_ACTIONS)


# --- finding and loading the config file ---------------------------------------------------


def _has_section(pyproject: dict[str, Any]) -> bool:
    tool = pyproject.get("tool")
    return isinstance(tool, dict) and "scriptlint" in tool


def config_in(folder: Path) -> tuple[Path, dict[str, Any] | None] | None:
    """The config file of `folder` itself (not of its parents), with its parsed TOML when it had
    to be read to be chosen (a pyproject.toml counts only with a [tool.scriptlint] section), so
    it is parsed once. A pyproject.toml that does not parse is a ConfigError naming its line: it
    may hold the team's settings, and passing it over would switch their packs off unnoticed."""
    for name in CONFIG_NAMES:
        candidate = folder / name
        # Anything there but a folder is chosen: a FIFO or a device named like a config is
        # then reported when it is read, not silently passed over (nor read, nor hung on).
        if not candidate.exists() or candidate.is_dir():
            continue
        if name != "pyproject.toml" or not candidate.is_file():
            return candidate, None
        data = read_toml(candidate, str(candidate), "config", "invalid TOML", ConfigError)
        if _has_section(data):
            return candidate, data
    return None


def _locate(start: Path) -> tuple[Path, dict[str, Any] | None] | None:
    """The nearest config file from `start` upwards (see config_in)."""
    for folder in [start, *start.parents]:
        found = config_in(folder)
        if found is not None:
            return found
    return None


def find_config(start: Path) -> Path | None:
    found = _locate(Path(os.path.abspath(start)))
    return found[0] if found is not None else None


def read_config(path: Path, data: dict[str, Any] | None = None) -> Config:
    """The Config of one config file (`data`: its TOML, when already parsed). Relative paths
    and globs in it start at its folder."""
    name = str(path)
    if data is None:
        data = read_toml(Path(path), name, "config", "invalid TOML", ConfigError)
    if Path(path).name == "pyproject.toml":
        tool = data.get("tool", {})
        data = tool.get("scriptlint", {}) if isinstance(tool, dict) else {}
        if not isinstance(data, dict):
            raise ConfigError(name, "[tool.scriptlint] must be a table")
    root = os.path.dirname(os.path.abspath(path))
    values = parse_settings(name, data, root)
    return Config(**values, source=name, root=root)


def load_config(path: Path | None = None, isolated: bool = False, cwd: Path | None = None) -> Config:
    """The config named by `path`, else the nearest one from `cwd` (default: the current
    folder) upwards, else the defaults; the defaults whatever exists when `isolated`."""
    if isolated:
        return Config()
    if path is not None:
        return read_config(path)
    found = _locate(Path(os.path.abspath(cwd or Path.cwd())))
    return read_config(*found) if found is not None else Config()


# --- documentation -------------------------------------------------------------------------


def _has_default(value: object) -> bool:
    return value is not None and value != ()


def _show(value: object) -> str:
    if isinstance(value, tuple) and value and all(isinstance(item, tuple) for item in value):  # a TOML table
        return "{" + ", ".join(f'{name} = "{item}"' for name, item in value) + "}"
    if isinstance(value, tuple):  # as it is written in TOML
        return "[" + ", ".join(f'"{item}"' for item in value) + "]"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def config_table_markdown(lang: str = "en") -> str:
    """Every setting as a Markdown table: key, flag, values, default, meaning."""
    en = lang == "en"
    header = ("key", "command line", "value", "default", "meaning") if en else ("键", "命令行", "取值", "默认", "说明")
    rows = [f"| {' | '.join(header)} |", "| --- | --- | --- | --- | --- |"]
    for setting in SETTINGS:
        key = ("command line only" if en else "仅命令行") if setting.cli_only else f"`{setting.name}`"
        flags = ", ".join(f"`{f}`" for f in setting.flags) or "—"
        label = TYPE_LABELS[setting.type][1 if en else 0]
        choices = setting.allowed()
        value = f"{label}: " + ", ".join(f"`{c}`" for c in choices) if choices else label
        default = f"`{_show(setting.default)}`" if _has_default(setting.default) else "—"
        doc = setting.doc_en if en else setting.doc
        rows.append("| " + " | ".join(cell.replace("|", "\\|") for cell in (key, flags, value, default, doc)) + " |")
    return "\n".join(rows) + "\n"


def with_config_table(readme: str, lang: str = "en") -> str:
    """`readme` with the generated table between README_START and README_END."""
    start, end = readme.find(README_START), readme.find(README_END)
    if start == -1 or end < start:
        raise ValueError(f"the README needs the markers {README_START} and {README_END}")
    head = readme[:start + len(README_START)]
    return f"{head}\n{config_table_markdown(lang)}{readme[end:]}"


__all__ = [
    "CONFIG_SETTINGS",
    "SETTINGS",
    "Config",
    "ConfigError",
    "Policy",
    "Setting",
    "Severity",
    "config_in",
    "config_table_markdown",
    "find_config",
    "load_config",
    "parse_settings",
    "read_config",
    "setting_named",
    "validate_selectors",
    "with_config_table",
]
