"""`scriptlint init`: the starter config it writes loads, says what was picked, and is never
written over an existing file without --force."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scriptlint import init as starter
from scriptlint.cli import app
from scriptlint.config import load_config

runner = CliRunner()
# A commented-out key, table header or per-file glob (not a comment that explains).
COMMENTED_SETTING = re.compile(r"^# ([a-z][a-z.-]* = .*|\[[a-z.-]+\]|\"[^\"]+\" = .*)$", re.MULTILINE)


def init(tmp_path: Path, *args: str, input: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, ["init", str(tmp_path / "scriptlint.toml"), *args], input=input)
    return result.exit_code, result.stdout, result.stderr


def test_flags_give_the_scenario_and_the_config_loads(tmp_path: Path) -> None:
    code, out, err = init(tmp_path, "--industry", "finance,insurance", "--channel", "chat", "--direction", "inbound")
    assert (code, err) == (0, "")
    assert out.strip() == f"已写入 {tmp_path / 'scriptlint.toml'}（行业：finance, insurance；渠道：chat；方向：inbound）"
    config = load_config(tmp_path / "scriptlint.toml")
    assert (config.industry, config.channel, config.direction) == (("finance", "insurance"), "chat", "inbound")


def test_every_commented_setting_is_valid_once_uncommented(tmp_path: Path) -> None:
    init(tmp_path, "--industry", "telecom")
    path = tmp_path / "scriptlint.toml"
    text = path.read_text(encoding="utf-8")
    commented = COMMENTED_SETTING.findall(text)
    assert len(commented) >= 15  # the optional keys, and the per-file-ignores and policy tables
    path.write_text(COMMENTED_SETTING.sub(r"\1", text), encoding="utf-8")
    config = load_config(path)
    assert config.industry == ("telecom",) and config.fail_on == "warning"
    assert config.per_file_ignores == (("legacy/*.txt", ("SL104",)),)
    assert [p.name for p in config.policy] == ["退款时效"]


def test_the_written_config_is_the_one_check_uses(tmp_path: Path) -> None:
    init(tmp_path, "--industry", "finance")
    script = tmp_path / "pitch.txt"
    script.write_text("机器人：这款理财保本保息。\n", encoding="utf-8")
    result = runner.invoke(app, ["check", "--config", str(tmp_path / "scriptlint.toml"), "--select", "SL302",
                                 "--format", "json", str(script)])
    assert "finance.principal-guarantee" in [f["entry"] for f in json.loads(result.stdout)["findings"]]


def test_an_existing_file_is_kept_unless_forced(tmp_path: Path) -> None:
    path = tmp_path / "scriptlint.toml"
    path.write_text('industry = ["education"]\n', encoding="utf-8")
    code, out, err = init(tmp_path, "--industry", "finance")
    assert (code, out) == (2, "")
    assert err.strip() == f"scriptlint: error: {path} 已存在；如需覆盖请加 --force"
    assert path.read_text(encoding="utf-8") == 'industry = ["education"]\n'
    code, _, _ = init(tmp_path, "--industry", "finance", "--force")
    assert code == 0 and load_config(path).industry == ("finance",)


def test_without_a_terminal_and_without_flags_the_defaults_are_written_and_said(tmp_path: Path) -> None:
    code, _, err = init(tmp_path, "--channel", "chat")
    assert code == 0
    assert err.strip() == ("scriptlint: 未在终端中运行：未指定的项使用默认值（industry=[], direction=outbound）；"
                           "可用 --industry/--channel/--direction 指定")
    config = load_config(tmp_path / "scriptlint.toml")
    assert (config.industry, config.channel, config.direction) == ((), "chat", "outbound")


def test_on_a_terminal_the_missing_choices_are_asked_until_valid(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(starter, "on_terminal", lambda: True)
    code, out, err = init(tmp_path, "--lang", "en", input="finance, banking\nfinance, ecommerce\nfax\nchat\n\n")
    assert code == 0 and err == ""
    assert "Error: 'banking' is not one of: collection" in out
    assert "Error: 'fax' is not one of: phone, chat" in out
    assert out.count("Direction (outbound/inbound) [outbound]:") == 1
    config = load_config(tmp_path / "scriptlint.toml")
    assert (config.industry, config.channel, config.direction) == (("finance", "ecommerce"), "chat", "outbound")


def test_bad_flags_write_nothing(tmp_path: Path) -> None:
    code, _, err = init(tmp_path, "--industry", "banking")
    assert code == 2 and err.startswith("scriptlint: error: 'banking' 不是可选值：collection, ecommerce")
    code, _, err = init(tmp_path, "--direction", "sideways", "--lang", "en")
    assert code == 2 and err.strip() == "scriptlint: error: 'sideways' is not one of: outbound, inbound"
    assert not (tmp_path / "scriptlint.toml").exists()


def test_comments_in_english_with_lang_en(tmp_path: Path) -> None:
    init(tmp_path, "--lang", "en", "--industry", "finance", "--channel", "phone", "--direction", "outbound")
    text = (tmp_path / "scriptlint.toml").read_text(encoding="utf-8")
    assert text.startswith("# scriptlint configuration, written by `scriptlint init`.")
    assert "# Channel: a phone call or a text chat. One of: phone, chat. Default: phone.\nchannel = \"phone\"\n" in text


def test_a_dot_config_in_the_same_folder_is_pointed_out(tmp_path: Path) -> None:
    (tmp_path / ".scriptlint.toml").write_text("", encoding="utf-8")
    code, _, err = init(tmp_path, "--industry", "finance", "--channel", "phone", "--direction", "outbound")
    assert code == 0
    assert err.strip() == (f"scriptlint: warning: {tmp_path / '.scriptlint.toml'} 在同一文件夹中，"
                           f"会优先于 {tmp_path / 'scriptlint.toml'} 被使用")
