"""Engine behaviour across rules: one finding per span, selection before work."""
from __future__ import annotations

import json

import pytest

from scriptlint import Config, Linter
from scriptlint.rules import REGISTRY

FINANCE = Linter(Config(industry=("finance",)))


def test_same_words_give_one_finding_with_related_codes() -> None:
    found = FINANCE.check_text("这款产品保证收益，绝对安全。")
    assert [(f.code, f.column, f.end_column, f.related) for f in found] == [
        ("SL302", 5, 9, ("SL303",)),  # finance's 保证收益 wins over general's 保证 inside it
        ("SL303", 10, 12, ()),
    ]
    assert json.loads(json.dumps(found[0].to_dict()))["related"] == ["SL303"]
    assert "related" not in found[1].to_dict()


def test_without_the_industry_pack_the_general_finding_stands_alone() -> None:
    found = Linter(Config()).check_text("这款产品保证收益，绝对安全。")
    assert [(f.code, f.column, f.related) for f in found] == [("SL303", 5, ()), ("SL303", 10, ())]


def test_policy_contradiction_is_more_specific_than_a_generic_promise() -> None:
    assert [f.code for f in Linter(Config()).check_text("退款24小时内到账。")] == ["SL303"]  # no policy
    from scriptlint.config import parse_settings

    with_policy = Linter(Config().merged(**parse_settings("test", {
        "policy": {"refund": {"name": "退款时效", "topic": ["退款"], "max-days": 3}}})))
    found = with_policy.check_text("退款24小时内到账。")
    assert [(f.code, f.related) for f in found] == [("SL304", ("SL303",))]


def test_selection_decides_the_rules_before_any_work() -> None:
    assert [r.code for r in REGISTRY.select(("SL402",), ())] == ["SL402"]
    assert [r.code for r in REGISTRY.select(("stalling",), ())] == ["SL205", "SL305"]
    assert "SL303" not in [r.code for r in REGISTRY.select((), ("false-promise",))]
    only_pii = Linter(Config(select=("SL402",)))
    assert [f.code for f in only_pii.check_text("绝对保证到账，电话13812345678")] == ["SL402"]


def test_a_plan_asks_only_for_what_its_rules_need() -> None:
    from scriptlint.model import Kind
    from scriptlint.scenario import Scenario

    scenario = Scenario(frozenset({"general"}), "phone", "outbound", Kind.REPLIES)
    plan = REGISTRY.plan(REGISTRY.select(("SL402",), ()), scenario, has_bot=True, has_speakers=False)
    assert (plan.cue_sets, plan.term_categories, plan.reads_normalized) == (frozenset(), frozenset(), False)
    plan = REGISTRY.plan(REGISTRY.rules, scenario, has_bot=True, has_speakers=False)
    assert "ai-disclosure" not in plan.cue_sets  # replies: no whole-script rule runs
    assert plan.term_categories == {"sensitive-term", "false-promise", "stalling", "pii-request", "impersonation"}


def test_text_output_names_the_related_codes(tmp_path) -> None:  # noqa: ANN001
    import io

    from scriptlint.model import FileResult
    from scriptlint.reporters import make_reporter

    stream = io.StringIO()
    reporter = make_reporter("text", stream, "en", color=False)
    reporter.file(FileResult("<text>", FINANCE.check_text("这款产品保证收益。")))
    assert "(also: SL303)" in stream.getvalue().splitlines()[0]


def test_suggestions_follow_the_script_of_the_line() -> None:
    simplified = Linter(Config()).check_text("退款24小时内到账。")
    traditional = Linter(Config()).check_text("退款24小時內到賬。")
    assert [f.code for f in traditional] == [f.code for f in simplified] == ["SL303"]
    assert simplified[0].suggestion is not None and traditional[0].suggestion is not None
    assert "预计" in simplified[0].suggestion
    assert "預計" in traditional[0].suggestion and "预计" not in traditional[0].suggestion


def test_a_merged_finding_keeps_the_groups_highest_severity() -> None:
    shop = Linter(Config(industry=("ecommerce",)))
    general = Linter(Config())
    text = "这是全网最好用的吹风机。"
    severities = {f.severity for f in general.check_text(text) if f.code == "SL302"}
    merged = [f for f in shop.check_text(text) if f.code == "SL302"]
    assert len(merged) == 1
    assert merged[0].severity.rank == max(s.rank for s in severities | {merged[0].severity})


def test_a_missing_policy_fact_is_not_folded_into_a_promise_on_the_same_words() -> None:
    from scriptlint.config import parse_settings

    linter = Linter(Config().merged(**parse_settings("test", {
        "policy": {"fee": {"name": "退款手续费", "topic": ["退款"], "must-mention": ["手续费"]}}})))
    codes = sorted(f.code for f in linter.check_text("支持无条件退款。"))
    assert codes == ["SL303", "SL306"]


def test_traditional_suggestions_keep_placeholders_and_mixed_lines_stay_simplified() -> None:
    from scriptlint.t2s import is_traditional, to_traditional

    converted = to_traditional("工单号{工单号}，预计{日期}前回复")
    assert converted.startswith("工單號{工单号}，預計{日期}")  # text converted, placeholders kept
    assert is_traditional("這款理財保證收益") and not is_traditional("这款理财零風險")


def test_check_text_accepts_role_aliases_and_rejects_typos() -> None:
    import pytest

    linter = Linter(Config())
    as_bot = [f.code for f in linter.check_text("退款24小时内到账。")]
    assert [f.code for f in linter.check_text("退款24小时内到账。", role="Assistant")] == as_bot == ["SL303"]
    assert [f.code for f in linter.check_text("退款24小时内到账。", role="机器人")] == as_bot
    assert linter.check_text("退款24小时内到账。", role="user") == []  # a customer's words make no promise
    with pytest.raises(ValueError, match="role must be one of"):
        linter.check_text("退款24小时内到账。", role="Bott")


@pytest.mark.parametrize("role", ["bot", "Bot", "BOT", " assistant ", "Agent", "AI", "ＡＩ", "robot", "机器人", "機器人",
                                  "客服", "坐席"])
def test_every_alias_of_the_bot_is_the_bot(role: str) -> None:
    assert [f.code for f in Linter(Config()).check_text("退款24小时内到账。", role=role)] == ["SL303"]


@pytest.mark.parametrize("role", ["customer", "Customer", "user", "USER", "client", "客户", "客戶", "用户", "用戶",
                                  "顧客"])
def test_every_alias_of_the_customer_is_the_customer(role: str) -> None:
    linter = Linter(Config())
    assert linter.check_text("退款24小时内到账。", role=role) == []
    # The customer's own words are still checked for what concerns everyone's lines.
    assert [f.code for f in linter.check_text("我的手机号是13812345678", role=role)] == ["SL402"]


def test_every_alias_is_written_as_it_folds() -> None:
    # canonical_role takes an alias written exactly as listed without folding it: that is only
    # the same answer when folding and simplifying leave every alias as it is.
    from scriptlint.model import ROLE_ALIASES
    from scriptlint.normalize import fold
    from scriptlint.t2s import to_simplified

    assert [alias for alias in ROLE_ALIASES if to_simplified(fold(alias.strip())) != alias] == []


@pytest.mark.parametrize("role", ["Bott", "", "operator", "客人", "bot customer"])
@pytest.mark.parametrize("kind", [None, "script"])
def test_an_unknown_role_is_an_error_naming_the_accepted_roles(role: str, kind: str | None) -> None:
    with pytest.raises(ValueError) as raised:
        Linter(Config()).check_text("退款24小时内到账。", kind=kind, role=role)
    message = str(raised.value)
    assert all(name in message for name in ("bot", "assistant", "机器人", "customer", "user", "客户"))
