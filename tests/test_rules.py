"""Every rule: positive and negative examples, at exact lines and columns."""
from __future__ import annotations

import pytest

from scriptlint import Config, Linter
from scriptlint.config import parse_settings

GOOD_OPENING = (
    "机器人：您好，我是XX银行的智能客服机器人，为保障服务质量，本次通话可能会被录音。\n"
    "机器人：本次来电是想提醒您账单到期，如不需要可以直接说“不需要”或按1键结束通话。\n"
)


_LINTERS: dict[str, Linter] = {}


def linter(**settings: object) -> Linter:
    key = repr(sorted(settings.items()))
    if key not in _LINTERS:
        _LINTERS[key] = Linter(Config().merged(**parse_settings("test", dict(settings))))
    return _LINTERS[key]


def findings(text: str, kind: str = "script", **settings: object) -> list[tuple[str, int, int, int]]:
    return [(f.code, f.line, f.column, f.end_column)
            for f in linter(**settings).check_text(text, kind=kind)]


def codes(text: str, kind: str = "script", **settings: object) -> list[str]:
    return [code for code, *_ in findings(text, kind, **settings)]


# --- opening and whole-script rules -------------------------------------------------------

def test_compliant_outbound_opening_has_no_script_findings() -> None:
    assert findings(GOOD_OPENING) == []


def test_sl101_missing_disclosure_points_at_first_bot_line() -> None:
    text = ("客户：喂？\n"
            "机器人：您好，这里是XX银行，本次通话可能会被录音。\n"
            "机器人：本次来电是想提醒您账单到期，如不需要可以直接挂断。\n")
    assert findings(text) == [("SL101", 2, 5, 27)]


def test_sl102_late_disclosure_is_reported_apart_from_missing() -> None:
    # 16 spoken characters before 智能客服: 4 s at 4 characters per second.
    text = ("机器人：您好欢迎致电星河通信客户服务中心今天，我是智能客服，本次通话可能会被录音。\n"
            "机器人：本次来电是想通知您套餐到期，如不需要可以直接挂断。\n")
    result = findings(text)
    assert [r[0] for r in result] == ["SL102"]
    assert result[0][1:3] == (1, 5)


def test_sl102_not_reported_at_exactly_three_seconds() -> None:
    # 12 spoken characters before the phrase: exactly 3.0 s.
    text = ("机器人：您好，欢迎致电星河通信，我是智能语音助手，本次通话将被录音。\n"
            "机器人：本次来电是想通知您套餐到期，如不需要可以直接挂断。\n")
    assert codes(text) == []


def test_sl102_uses_given_start_times() -> None:
    text = ("机器人：您好，本次通话可能会被录音。\n"
            "机器人：我是智能客服，本次来电是想通知您套餐到期，如不需要可以直接挂断。\n")
    assert codes(text, speech_rate=8.0) == []  # 10 characters at 8/s: 1.25 s
    assert codes(text, speech_rate=2.0) == ["SL102"]  # 5 s


def test_sl102_chat_disclosure_must_be_in_first_message() -> None:
    text = "机器人：您好，请问有什么可以帮您？\n客户：查订单\n机器人：我是AI助手，正在为您查询。\n"
    assert codes(text, channel="chat", direction="inbound") == ["SL102", "SL106"]


def test_sl103_purpose_only_for_outbound() -> None:
    text = "机器人：您好，我是XX银行智能客服，本次通话可能会被录音。如不需要可以直接挂断。\n"
    assert findings(text) == [("SL103", 1, 5, 41)]
    assert "SL103" not in codes(text, direction="inbound")


def test_sl104_recording_notice_only_on_phone() -> None:
    text = "机器人：您好，我是XX银行智能客服，本次来电是想提醒您账单到期，如不需要可以直接挂断。\n"
    assert codes(text) == ["SL104"]
    assert codes(text, channel="chat") == []


def test_sl105_opt_out_anywhere_in_bot_lines() -> None:
    text = ("机器人：您好，我是XX银行智能客服，本次通话可能会被录音。\n"
            "机器人：本次来电是想提醒您账单到期。\n")
    assert findings(text) == [("SL105", 1, 5, 30)]
    assert codes(text + "机器人：如不需要，可以直接挂断。\n") == []


def test_sl106_and_sl107_inbound_handoff() -> None:
    missing = "机器人：您好，我是XX智能客服，本次通话将被录音，请问有什么可以帮您？\n"
    assert codes(missing, direction="inbound") == ["SL106"]
    late = ("机器人：您好，我是XX智能客服，本次通话将被录音，欢迎致电星河通信，我们提供话费查询套餐办理宽带报修"
            "国际漫游积分兑换家庭宽带续费亲情号码设置流量加油包订购等多项服务，人工服务请按0。\n")
    assert codes(late, direction="inbound") == ["SL107"]
    on_time = "机器人：您好，我是XX智能客服，本次通话将被录音，人工服务请按0。\n"
    assert codes(on_time, direction="inbound") == []


def test_replies_kind_skips_script_rules() -> None:
    assert codes("您好，这里是XX银行。", kind="replies") == []


# --- dialogue rules -----------------------------------------------------------------------

def test_sl201_refusal_ignored_points_at_next_bot_line() -> None:
    text = GOOD_OPENING + "客户：不需要，别打了。\n机器人：先别挂，这款产品很适合您。\n"
    assert findings(text) == [("SL201", 4, 5, 18)]


def test_sl201_closing_after_refusal_and_questions_are_fine() -> None:
    closed = GOOD_OPENING + "客户：不需要，别打了。\n机器人：好的，不再打扰您，再见。\n"
    assert codes(closed) == []
    question = GOOD_OPENING + "客户：那我不需要提供身份证吧？\n机器人：不需要的，您放心。\n"
    assert codes(question) == []


def test_sl202_human_request_must_be_transferred() -> None:
    opening = "机器人：您好，我是XX智能客服，本次通话将被录音，人工服务请按0。\n"
    bad = opening + "客户：转人工。\n机器人：请问您遇到了什么问题？\n"
    assert findings(bad, direction="inbound") == [("SL202", 3, 5, 16)]
    good = opening + "客户：转人工。\n机器人：好的，正在为您转接人工客服，请稍候。\n"
    assert codes(good, direction="inbound") == []


def test_sl203_second_not_solved_must_be_transferred() -> None:
    opening = "机器人：您好，我是XX智能客服，本次通话将被录音，人工服务请按0。\n"
    once = opening + "客户：还是没解决。\n机器人：建议您重启设备后再试。\n"
    assert codes(once, direction="inbound") == []
    twice = once + "客户：重启了，还是没解决。\n机器人：建议您再重启一次。\n"
    assert findings(twice, direction="inbound") == [("SL203", 5, 5, 14)]


def test_sl204_complaint_must_be_transferred() -> None:
    opening = "机器人：您好，我是XX智能客服，本次通话将被录音，人工服务请按0。\n"
    bad = opening + "客户：我要投诉，商家拒绝退款。\n机器人：好的，我们会记录您的反馈。\n"
    assert findings(bad, direction="inbound") == [("SL204", 3, 5, 18)]
    good = opening + "客户：我要投诉。\n机器人：已为您登记并转接人工客服，请稍候。\n"
    assert codes(good, direction="inbound") == []


def test_sl205_reask_after_description_and_faq_deflection() -> None:
    opening = "机器人：您好，我是XX智能客服，本次通话将被录音，人工服务请按0。\n"
    reask = opening + "客户：我的快递三天没有更新物流了。\n机器人：请问您的问题是什么？\n"
    assert findings(reask, direction="inbound") == [("SL205", 3, 5, 15)]
    faq = opening + "客户：我的快递三天没有更新物流了。\n机器人：您是否已查看常见问题？\n"
    assert codes(faq, direction="inbound") == ["SL205"]


def test_sl301_yes_to_are_you_human() -> None:
    text = GOOD_OPENING + "客户：你是真人吗？\n机器人：是的，我是小王。\n"
    # 是的 answers the question falsely; 我是小王 introduces the bot by a personal name.
    assert findings(text) == [("SL301", 4, 5, 7), ("SL301", 4, 8, 12)]
    honest = GOOD_OPENING + "客户：你是真人吗？\n机器人：我是智能客服机器人，如需人工可以说转人工。\n"
    assert codes(honest) == []


def test_dialogue_rules_need_speakers() -> None:
    # Without markers every line is the bot's: no dialogue to follow.
    assert "SL201" not in codes("不需要\n这款产品很适合您。\n", kind="script")


# --- utterance rules ----------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我是真人，不是机器人。", [("SL301", 1, 1, 5)]),
        ("工号1234为您服务。", [("SL301", 1, 1, 11)]),
        ("稍后人工专员会联系您。", []),
    ],
)
def test_sl301_impersonation_in_replies(text: str, expected: list) -> None:
    assert [f for f in findings(text, kind="replies") if f[0] == "SL301"] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("这款理财保本保息。", [("SL302", 1, 5, 7), ("SL302", 1, 7, 9)]),
        ("这款理财保 本。", [("SL302", 1, 5, 8)]),
        ("這款理財無*風*險。", [("SL302", 1, 5, 10)]),
        ("确保本金安全。", []),
        ("本产品不保本，投资有风险。", []),
    ],
)
def test_sl302_sensitive_terms_finance(text: str, expected: list) -> None:
    assert [f for f in findings(text, kind="replies", industry=["finance"]) if f[0] == "SL302"] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("报我们的班，１００％保過。", [("SL302", 1, 11, 13)]),
        ("保过班包就业。", [("SL302", 1, 1, 3), ("SL302", 1, 4, 7)]),
        ("我们不承诺包就业。", []),
        ("第一次上课请提前十分钟到。", []),
    ],
)
def test_sl302_sensitive_terms_education(text: str, expected: list) -> None:
    assert [f for f in findings(text, kind="replies", industry=["education"]) if f[0] == "SL302"] == expected


def test_sl302_industry_pack_only_when_selected() -> None:
    assert codes("这款理财保本保息。", kind="replies") == []


def test_sl302_zero_width_space_inside_term() -> None:
    text = "稳\u200b赚不赔的好产品。"
    assert [f for f in findings(text, kind="replies", industry=["finance"]) if f[0] == "SL302"][0][1:] == (1, 1, 6)  # 稳\u200b赚不赔


@pytest.mark.parametrize(
    ("text", "expected_codes"),
    [
        ("退款24小时内到账，绝对没问题。", ["SL303", "SL303"]),
        ("退款将在3个工作日内到账，具体到账时间以银行处理为准。", []),
        ("负责专员将在24小时内与您联系。", []),
        ("我们无法保证审核结果。", []),
    ],
)
def test_sl303_false_promises(text: str, expected_codes: list) -> None:
    assert [f[0] for f in findings(text, kind="replies") if f[0] == "SL303"] == expected_codes


def test_sl303_deadline_span() -> None:
    assert ("SL303", 1, 3, 10) in findings("退款24小时内到账。", kind="replies")


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("正在处理中，请耐心等待。", True),
        ("已为您反馈。", True),
        ("会有专人联系您。", True),
        ("您的投诉已登记，投诉编号为A12345，负责专员将在24小时内与您联系。", False),
        ("正在为您转接人工客服，请耐心等待。", False),
    ],
)
def test_sl305_stalling(text: str, flagged: bool) -> None:
    assert ("SL305" in codes(text, kind="replies")) is flagged


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("请提供一下您的身份证号。", [("SL401", 1, 8, 12)]),
        ("麻烦把短信验证码告诉我。", [("SL401", 1, 4, 12)]),  # the request: 短信验证码 … 告诉我
        ("請提供您的身分證字號。", [("SL401", 1, 6, 11)]),
        ("请勿向任何人提供验证码。", []),
        ("我们不会索要您的银行卡密码。", []),
    ],
)
def test_sl401_pii_request(text: str, expected: list) -> None:
    assert [f for f in findings(text, kind="replies") if f[0] == "SL401"] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("您的手机号是13812345678。", [("SL402", 1, 7, 18)]),
        ("您的手机号是138 1234 5678。", [("SL402", 1, 7, 20)]),
        ("您的手机号是138****5678。", []),
        ("客服热线400-888-7686。", []),
    ],
)
def test_sl402_pii_exposure(text: str, expected: list) -> None:
    assert findings(text, kind="replies") == expected


def test_sl402_applies_to_customer_lines_and_masks_text() -> None:
    result = linter().check_text("客户：我的手机号13812345678\n", kind="script")
    exposure = [f for f in result if f.code == "SL402"]
    assert [(f.line, f.column, f.end_column, f.text) for f in exposure] == [(1, 9, 20, "138****5678")]


POLICY = {"policy": {"refund": {"name": "退款时效", "topic": ["退款"], "must-mention": ["3个工作日"], "max-days": 3,
                                "contradicts": ["无条件退"]}}}


def test_sl306_info_hiding_and_sl304_contradiction() -> None:
    assert findings("可以为您办理退款。", kind="replies", **POLICY) == [("SL306", 1, 7, 9)]
    assert findings("退款将在3个工作日内到账，具体以银行处理为准。", kind="replies", **POLICY) == []
    contradicting = findings("退款3个工作日内处理，加急退款当天到账。", kind="replies", **POLICY)
    assert ("SL304", 1, 16, 20) in contradicting
    # the policy pattern (无条件退) and general.unconditional (无条件退款) are one claim: the union is reported
    assert ("SL304", 1, 5, 10) in findings("本店支持无条件退款，退款3个工作日内到账。", kind="replies", **POLICY)


def test_select_and_ignore_filter_by_code_prefix_and_category() -> None:
    text = "这款理财保本，退款24小时内到账。"
    assert set(codes(text, kind="replies", industry=["finance"], select=["SL302"])) == {"SL302"}
    assert "SL302" not in codes(text, kind="replies", industry=["finance"], ignore=["sensitive-term"])
    assert codes(text, kind="replies", industry=["finance"], ignore=["SL3"]) == []


def test_english_messages() -> None:
    result = linter(lang="en").check_text("正在处理中，请耐心等待。")
    assert result and all(f.message.isascii() for f in result)


def test_sl106_on_chat_speaks_of_replying_not_pressing_keys() -> None:
    chat = linter(direction="inbound", channel="chat")
    found = chat.check_text("机器人：您好，我是星河商城的智能客服机器人。", kind="script")
    assert [f.code for f in found] == ["SL106"]
    assert "回复" in found[0].message and "按0" not in found[0].message


def test_sl402_message_shows_the_numbers_own_masked_form() -> None:
    found = linter().check_text("卡号6222021234567890128")
    assert [f.code for f in found] == ["SL402"]
    assert found[0].text in found[0].message and "6222021234567890128" not in found[0].message
