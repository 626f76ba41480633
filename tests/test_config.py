"""Configuration: discovery, validation, precedence, select/ignore, per-file-ignores."""
from __future__ import annotations

from pathlib import Path

import pytest

from scriptlint import Config, InputError, Linter, load_config
from scriptlint.config import find_config, parse_settings

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
