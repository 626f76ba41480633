"""Configuration: discovery, validation, precedence, select/ignore, per-file-ignores."""
from __future__ import annotations

import pickle
import re
from dataclasses import fields
from pathlib import Path

import pytest

from scriptlint import Config, InputError, Linter, load_config
from scriptlint.config import (
    README_END,
    README_START,
    SETTINGS,
    ConfigError,
    config_table_markdown,
    find_config,
    parse_settings,
    setting_named,
    with_config_table,
)
from scriptlint.model import Kind

BAD_SCRIPT = "这款理财保本保息。\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_pyproject_without_section_is_skipped_and_search_goes_up(tmp_path: Path) -> None:
    write(tmp_path / "scriptlint.toml", 'industry = ["finance"]\n')
    write(tmp_path / "sub" / "pyproject.toml", "[project]\nname = 'x'\n")
    assert find_config(tmp_path / "sub") == tmp_path / "scriptlint.toml"


def test_dot_file_wins_over_plain_and_pyproject(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.scriptlint]\nchannel = "chat"\n')
    write(tmp_path / "scriptlint.toml", 'channel = "chat"\n')
    write(tmp_path / ".scriptlint.toml", 'direction = "inbound"\n')
    config = load_config(cwd=tmp_path)
    assert config.direction == "inbound" and config.channel == "phone"


def test_pyproject_section_is_read(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.scriptlint]\nindustry = ["education"]\nspeech-rate = 5\n')
    config = load_config(cwd=tmp_path)
    assert config.industry == ("education",) and config.speech_rate == 5.0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("foo = 1\n", "unknown config key 'foo'"),
        ('channel = "fax"\n', "channel: 'fax' is not one of phone, chat"),
        ('industry = ["banking"]\n', "industry: unknown industry 'banking'"),
        ("speech-rate = -1\n", "speech-rate must be a positive number"),
        ('select = ["SL999"]\n', "select: unknown rule code or category 'SL999'"),
        ("[policy.refund]\nmust-mention = ['x']\n", "policy 'refund' needs a 'topic'"),
        ('policy = {refund = {topic = ["("]}}\n', "bad regex"),
    ],
)
def test_bad_values_name_the_key(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path / "scriptlint.toml", text)
    with pytest.raises(InputError) as caught:
        load_config(path)
    assert message in str(caught.value)
    assert str(path) in str(caught.value)


def test_isolated_ignores_config(tmp_path: Path) -> None:
    write(tmp_path / "scriptlint.toml", "foo = 1\n")
    assert load_config(isolated=True, cwd=tmp_path) == Config()


def test_cli_flags_override_config_and_file_directive_overrides_both(tmp_path: Path) -> None:
    base = Config(industry=("education",))
    merged = base.merged(**parse_settings("command line", {"industry": ["finance"]}))
    assert merged.industry == ("finance",)
    script = write(tmp_path / "a.txt", "# scriptlint: industry=education\n" + BAD_SCRIPT)
    result = Linter(merged.merged(kind="replies")).check_paths([str(script)])
    assert [f.code for f in result.findings] == []  # education pack: 保本 is not its term
    plain = write(tmp_path / "b.txt", BAD_SCRIPT)
    result = Linter(merged.merged(kind="replies")).check_paths([str(plain)])
    assert [f.code for f in result.findings] == ["SL302", "SL302"]


def test_per_file_ignores(tmp_path: Path) -> None:
    write(tmp_path / "legacy" / "old.txt", BAD_SCRIPT)
    write(tmp_path / "new.txt", BAD_SCRIPT)
    config_path = write(
        tmp_path / "scriptlint.toml",
        'industry = ["finance"]\nkind = "replies"\n[per-file-ignores]\n"legacy/*.txt" = ["sensitive-term"]\n',
    )
    linter = Linter(load_config(config_path))
    result = linter.check_paths([str(tmp_path / "legacy" / "old.txt"), str(tmp_path / "new.txt")])
    assert [(Path(r.path).name, len(r.findings)) for r in result.files] == [("old.txt", 0), ("new.txt", 2)]


def test_extra_lexicon_and_allow_words(tmp_path: Path) -> None:
    write(tmp_path / "ours.toml", """
[pack]
name = "ours"
[[entry]]
id = "ours.fast-loan"
terms = ["包下款"]
category = "sensitive-term"
message = "不得承诺秒批。"
message_en = "Do not promise instant approval."
citation = "广告法 Art. 25"
must_match = ["贷款包下款"]
must_not_match = ["审批以银行为准"]
""")
    config_path = write(tmp_path / "scriptlint.toml", 'lexicons = ["ours.toml"]\nallow = ["保本金额"]\nindustry = ["finance"]\n')
    linter = Linter(load_config(config_path))
    assert [f.entry for f in linter.check_text("我们这里贷款包下款。")] == ["ours.fast-loan"]
    assert [f.entry for f in linter.check_text("保本金额以合同为准。")] == []


def test_custom_speaker_markers(tmp_path: Path) -> None:
    config_path = write(tmp_path / "scriptlint.toml", '[speakers]\nbot = ["小助手"]\ncustomer = ["来电人"]\n')
    linter = Linter(load_config(config_path))
    text = ("小助手：您好，我是XX智能客服，本次通话可能会被录音，本次来电是想提醒您还款，如不需要可以直接挂断。\n"
            "来电人：不需要，别打了。\n小助手：您再考虑一下吧。\n")
    assert [(f.code, f.line) for f in linter.check_text(text, kind="script")] == [("SL201", 3)]


# --- Config built in Python: validated by the same table ------------------------------------


@pytest.mark.parametrize(
    ("values", "key", "message"),
    [
        ({"select": ("SL999",)}, "select", "select: unknown rule code or category 'SL999'"),
        ({"ignore": ("SL3", "no-such-category")}, "ignore", "ignore: unknown rule code or category 'no-such-category'"),
        ({"industry": "finance"}, "industry", "industry must be a tuple of strings, not a string"),
        ({"industry": ("finance", "mining")}, "industry", "industry: unknown industry 'mining'"),
        ({"allow": "保本金额"}, "allow", "allow must be a tuple of strings, not a string"),
        ({"lexicons": "ours.toml"}, "lexicons", "lexicons must be a tuple of strings, not a string"),
        ({"bot_markers": ("小助手", 3)}, "speakers.bot", "bot_markers must be a tuple of strings, not tuple"),
        ({"lang": "fr"}, "lang", "lang: 'fr' is not one of zh, en"),
        ({"channel": "fax"}, "channel", "channel: 'fax' is not one of phone, chat"),
        ({"direction": "sideways"}, "direction", "direction: 'sideways' is not one of outbound, inbound"),
        ({"kind": "letter"}, "kind", "kind: 'letter' is not one of script, transcript, replies"),
        ({"kind": 1}, "kind", "kind must be a string, not int"),
        ({"fail_on": "sometimes"}, "fail-on", "fail_on: 'sometimes' is not one of error, warning, info, never"),
        ({"speech_rate": 0}, "speech-rate", "speech_rate must be a positive number"),
        ({"disclosure_seconds": -3.0}, "disclosure-seconds", "disclosure_seconds must be a positive number"),
        ({"handoff_seconds": float("nan")}, "handoff-seconds", "handoff_seconds must be a positive number"),
        ({"speech_rate": True}, "speech-rate", "speech_rate must be a positive number"),
        ({"opening_utterances": 0}, "opening-utterances", "opening_utterances must be a whole number of at least 1"),
        ({"opening_utterances": 1.5}, "opening-utterances", "opening_utterances must be a whole number of at least 1"),
        ({"show_pii": "yes"}, "show-pii", "show_pii must be true or false"),
        ({"per_file_ignores": (("legacy/*", ("SL999",)),)}, "per-file-ignores",
         "per_file_ignores.legacy/*: unknown rule code or category 'SL999'"),
        ({"per_file_ignores": ("legacy/*",)}, "per-file-ignores", "per_file_ignores must be a tuple of (glob, selectors) pairs"),
        ({"policy": ("退款",)}, "policy", "policy must be a tuple of Policy"),
    ],
)
def test_a_bad_config_built_in_python_names_the_key(values: dict[str, object], key: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        Config(**values)  # type: ignore[arg-type]
    assert caught.value.key == key
    assert str(caught.value) == f"Config: {message}" or str(caught.value).startswith(f"Config: {message} (known:")
    assert isinstance(caught.value, InputError)  # the handlers of bad input catch it too


def test_merged_values_are_checked_too() -> None:
    with pytest.raises(ConfigError) as caught:
        Config().merged(lang="fr")
    assert caught.value.key == "lang"


def test_good_config_values_pass_and_are_normalized() -> None:
    config = Config(
        industry=["finance", "education"],  # type: ignore[arg-type]  # a list is kept as a tuple
        select=["sl3", "AI-Disclosure", "all"],  # type: ignore[arg-type]
        ignore=("SL104",),
        kind=Kind.TRANSCRIPT,  # type: ignore[arg-type]
        speech_rate=5,
        per_file_ignores={"legacy/*.txt": ["sensitive-term"]},  # type: ignore[arg-type]
        fail_on="never",
        lang="en",
        show_pii=True,
    )
    assert config.industry == ("finance", "education")
    assert config.select == ("SL3", "ai-disclosure", "ALL")
    assert config.kind == "transcript"
    assert config.speech_rate == 5.0 and isinstance(config.speech_rate, float)
    assert config.per_file_ignores == (("legacy/*.txt", ("sensitive-term",)),)
    assert hash(config) == hash(Config(**{f: getattr(config, f) for f in config.__dataclass_fields__}))
    assert Config() == Config(kind=None)


def test_config_errors_survive_pickling_with_their_key() -> None:
    # Worker processes send errors back pickled.
    error = ConfigError("scriptlint.toml", "lang: 'fr' is not one of zh, en", None, "lang")
    again = pickle.loads(pickle.dumps(error))
    assert (type(again), again.path, again.message, again.key) == (ConfigError, error.path, error.message, "lang")


# --- the settings table drives the config fields, the CLI and the README --------------------


def test_every_config_field_has_exactly_one_setting_and_its_default() -> None:
    declared = [s.field for s in SETTINGS if s.field is not None]
    assert len(declared) == len(set(declared))
    assert set(declared) == {f.name for f in fields(Config)} - {"source", "root"}
    defaults = Config()
    for setting in SETTINGS:
        if setting.field is not None:
            assert getattr(defaults, setting.field) == setting.default, setting.name


def test_command_line_only_settings_are_not_config_keys(tmp_path: Path) -> None:
    path = write(tmp_path / "scriptlint.toml", "jobs = 4\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert caught.value.message == "'jobs' is a command-line option only (--jobs)"


def test_check_options_take_their_flags_and_help_from_the_table() -> None:
    import typer.main

    from scriptlint.cli import app
    from scriptlint.reporters import FORMATS

    command = typer.main.get_command(app).commands["check"]  # type: ignore[attr-defined]
    options = {name: param for param in command.params for name in param.opts}
    with_flags = [s for s in SETTINGS if s.flags]
    for setting in with_flags:
        param = options[setting.flags[0].split("/")[0]]
        assert param.help == setting.help("en")
        assert sorted(param.opts + param.secondary_opts) == sorted(
            part for flag in setting.flags for part in flag.split("/"))
    assert len({id(p) for p in command.params if p.param_type_name == "option"}) == len(with_flags)
    assert setting_named("format").allowed() == tuple(FORMATS)
    assert "One of: phone, chat. Default: phone." in setting_named("channel").help("en")


def test_help_lists_the_bundled_industries() -> None:
    from scriptlint.lexicon import bundled_packs

    industries = setting_named("industry").allowed()
    assert set(industries) == set(bundled_packs()) - {"general"}
    assert ", ".join(industries) in setting_named("industry").help("en")


README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_config_table_is_fresh() -> None:
    text = README.read_text(encoding="utf-8")
    assert with_config_table(text) == text, "README's config table is stale: run python -m scriptlint.readme"
    table = text[text.index(README_START) + len(README_START):text.index(README_END)]
    assert table.strip() == config_table_markdown("en").strip()
    assert "| `speech-rate` | `--speech-rate` | number > 0 | `4` |" in table


def test_a_stale_readme_table_is_detected_and_rewritten(tmp_path: Path) -> None:
    from scriptlint.readme import main

    readme = write(tmp_path / "README.md", f"# x\n{README_START}\n| old |\n{README_END}\nafter\n")
    assert main([str(readme), "--check"]) == 1
    assert "| old |" in readme.read_text(encoding="utf-8")
    assert main([str(readme)]) == 0
    assert readme.read_text(encoding="utf-8") == f"# x\n{README_START}\n{config_table_markdown()}{README_END}\nafter\n"
    assert main([str(readme), "--check"]) == 0


def test_config_table_in_chinese() -> None:
    table = config_table_markdown("zh")
    assert table.splitlines()[0] == "| 键 | 命令行 | 取值 | 默认 | 说明 |"
    assert "| `channel` | `--channel` | 字符串: `phone`, `chat` | `phone` | 渠道：电话或文字聊天。 |" in table


# --- pyproject.toml is parsed once -----------------------------------------------------------


def test_pyproject_is_parsed_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from scriptlint.tomlfile import toml_module

    write(tmp_path / "pyproject.toml", '[tool.scriptlint]\nchannel = "chat"\n')
    parsed: list[str] = []
    real_loads = toml_module().loads

    def counting_loads(text: str) -> dict[str, object]:
        parsed.append(text)
        return real_loads(text)

    monkeypatch.setattr(toml_module(), "loads", counting_loads)
    assert load_config(cwd=tmp_path).channel == "chat"
    assert len(parsed) == 1


def test_a_pyproject_whose_tool_is_not_a_table_is_skipped(tmp_path: Path) -> None:
    write(tmp_path / "scriptlint.toml", 'channel = "chat"\n')
    write(tmp_path / "sub" / "pyproject.toml", 'tool = "x"\n')
    assert find_config(tmp_path / "sub") == tmp_path / "scriptlint.toml"


# --- a config file that does not parse is an error, never skipped -----------------------------


def test_a_pyproject_that_does_not_parse_is_an_error_naming_its_line(tmp_path: Path) -> None:
    """It may hold [tool.scriptlint]: passing it over would switch the team's packs off unnoticed."""
    write(tmp_path / "scriptlint.toml", 'channel = "chat"\n')
    broken = write(tmp_path / "sub" / "pyproject.toml", "[project]\nname = 'x'\n[tool.scriptlint\n")
    for search in (lambda: load_config(cwd=tmp_path / "sub"), lambda: find_config(tmp_path / "sub")):
        with pytest.raises(ConfigError) as raised:
            search()
        assert str(raised.value) == f"{broken}:3: invalid TOML: Expected ']' at the end of a table declaration (column 17)"
    with pytest.raises(ConfigError, match=r"pyproject\.toml:3: invalid TOML"):
        load_config(broken)


def test_a_pyproject_beside_a_scriptlint_toml_is_not_read(tmp_path: Path) -> None:
    write(tmp_path / "scriptlint.toml", 'channel = "chat"\n')
    write(tmp_path / "pyproject.toml", "[project\n")
    assert load_config(cwd=tmp_path).channel == "chat"


def test_a_config_that_is_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "scriptlint.toml"
    path.write_bytes('channel = "chat"\n# 注释\n'.encode("gb18030"))
    with pytest.raises(ConfigError, match=r"scriptlint\.toml:2: invalid TOML: not UTF-8"):
        load_config(path)


def test_a_lexicon_pack_syntax_error_names_its_line(tmp_path: Path) -> None:
    from scriptlint.lexicon import load_pack

    pack = write(tmp_path / "ours.toml", '[pack]\nname = "ours"\n[[entry]]\nid = \n')
    with pytest.raises(InputError) as raised:
        load_pack(pack)
    assert raised.value.line == 4


# --- exclude, extend-exclude, include --------------------------------------------------------


def test_walk_globs_are_read_and_checked(tmp_path: Path) -> None:
    config = load_config(write(tmp_path / "scriptlint.toml",
                               'exclude = "drafts/, *.bak.txt"\nextend-exclude = ["!docs/"]\ninclude = ["scripts/"]\n'))
    assert (config.exclude, config.extend_exclude, config.include) == (("drafts/", "*.bak.txt"), ("!docs/",), ("scripts/",))
    assert config.root == str(tmp_path)  # globs start at the config's folder
    assert Config().exclude[:3] == ("venv/", "node_modules/", "__pycache__/")
    for text, message in (("exclude = [1]\n", "config key 'exclude' must be a list of strings"),
                          ('include = [""]\n', "include: '' is not a glob"),
                          ('extend-exclude = ["# a comment"]\n', "extend-exclude: '# a comment' is not a glob")):
        with pytest.raises(ConfigError, match=re.escape(message)):
            load_config(write(tmp_path / "bad.toml", text))


def test_force_exclude_and_respect_gitignore_are_booleans(tmp_path: Path) -> None:
    config = load_config(write(tmp_path / "scriptlint.toml", "force-exclude = true\nrespect-gitignore = false\n"))
    assert (config.force_exclude, config.respect_gitignore) == (True, False)
    with pytest.raises(ConfigError, match="force-exclude must be true or false"):
        load_config(write(tmp_path / "bad.toml", 'force-exclude = "yes"\n'))
