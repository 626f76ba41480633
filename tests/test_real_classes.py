"""The classes of error found on real replies, each with our own examples, at exact positions.

A finding's column is where the claim starts in the text (computed from the text itself), so a
test fails when the rule fires in the wrong place, not only when it does not fire."""
from __future__ import annotations

import pytest

from scriptlint import Config, Linter

REPLIES = Linter(Config())
SHOP = Linter(Config(industry=("ecommerce",)))
FINANCE = Linter(Config(industry=("finance",)))
COLLECTION = Linter(Config(industry=("collection",)))


def at(text: str, words: str) -> int:
    """1-based column of `words` in `text`."""
    assert words in text
    return text.index(words) + 1


def found(linter: Linter, text: str) -> list[tuple[str, int]]:
    return [(f.code, f.column) for f in linter.check_text(text)]


# --- impersonation by persona --------------------------------------------------------------

@pytest.mark.parametrize(("text", "claim"), [
    ("您好，我是客户经理小刘，今天给您介绍一款存款产品。", "我是客户经理"),
    ("我是工号3307的客服专员，很高兴为您服务。", "我是工号"),
])
def test_a_bot_introducing_itself_as_a_person_is_impersonation(text: str, claim: str) -> None:
    assert [(code, column) for code, column in found(REPLIES, text) if code == "SL301"] == [("SL301", at(text, claim))]


@pytest.mark.parametrize("text", [
    "您好，我是星河银行的智能客服小刘，很高兴为您服务。",
    "稍后会有客户经理联系您，请留意来电。",
    "请问您是刘先生本人吗？",
])
def test_an_ai_persona_or_a_colleague_is_not_impersonation(text: str) -> None:
    assert "SL301" not in [code for code, _ in found(REPLIES, text)]


# --- stalling: a concrete next step clears the whole reply ---------------------------------

@pytest.mark.parametrize("text", [
    "请您耐心等待，预计6月3日送到。",
    "请您耐心等待，明天上午给您寄出。",
    "已经为您反馈，1-3天内给您回复。",
    "正在为您转接人工客服，请耐心等待。",
    "感谢您的耐心等待，包裹已经签收。",
    "我这边已经跟网点说了，师傅会跟您预约上门时间。",
])
def test_a_reply_with_a_concrete_next_step_is_not_stalling(text: str) -> None:
    assert "SL305" not in [code for code, _ in found(SHOP, text)]


@pytest.mark.parametrize(("text", "start"), [
    ("好的，这边帮您催一下仓库。", "这边帮您催"),
    ("麻烦您先等待一下，后台还在处理中。", "麻烦您先等待"),
    ("我们会尽快把货寄出去的。", "尽快"),
    ("现在只能等厂家审核了。", "等厂家审核"),
])
def test_waiting_or_passing_on_with_nothing_concrete_is_stalling(text: str, start: str) -> None:
    columns = [column for code, column in found(SHOP, text) if code == "SL305"]
    assert columns and min(columns) == at(text, start)


# --- 保证 that is not a guarantee -----------------------------------------------------------

@pytest.mark.parametrize("text", [
    "这个时间我们保证不了，以物流为准。",
    "我们无法保证具体的到账时间。",
    "报名需要先交500元保证金。",
    "为保证通话质量，请您在安静的地方接听。",
    "小区规划保证了每栋楼的采光。",
    "出库前都会检查，保证商品完好。",
])
def test_guarantee_words_that_promise_nothing(text: str) -> None:
    assert "SL303" not in [code for code, _ in found(SHOP, text)]


def test_a_guarantee_of_an_outcome_is_flagged_where_it_starts() -> None:
    text = "放心，我们保证您三天内拿到退款。"
    assert ("SL303", at(text, "保证")) in found(SHOP, text)


# --- who a claim is about ------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "我们会继续努力，把服务做到最好。",
    "离酒店最近的地铁口是B口。",
])
def test_aspiration_or_somebody_elses_place_is_not_an_absolute_claim(text: str) -> None:
    assert "SL302" not in [code for code, _ in found(REPLIES, text)]


def test_a_superlative_about_what_we_sell_is_flagged() -> None:
    text = "这款净水器是全网最好的产品。"
    assert found(REPLIES, text) == [("SL302", at(text, "全网最好"))]  # two entries, one claim


# --- deadlines: whose outcome it is --------------------------------------------------------

@pytest.mark.parametrize(("text", "flagged"), [
    ("付款后48小时内发货。", False),  # the shop's own dispatch
    ("退款24小时内到账。", True),  # the bank's
    ("退款到账周期是1-3天。", True),  # outcome, then window
    ("退款3个工作日内退回原支付账户。", False),  # a published working-day convention
    ("退款一般1-3天到账，具体以银行为准。", False),  # hedged
    ("退款[数字x]-[数字x]天到账。", True),  # masked numbers of an exported log are numbers
])
def test_unhedged_windows_for_outcomes_the_speaker_does_not_control(text: str, flagged: bool) -> None:
    assert ("SL303" in [code for code, _ in found(SHOP, text)]) is flagged


# --- one span, one finding ------------------------------------------------------------------

def test_the_most_specific_finding_is_reported_once() -> None:
    text = "这款理财保证收益。"
    result = FINANCE.check_text(text)
    assert [(f.code, f.column, f.related) for f in result] == [("SL302", at(text, "保证收益"), ("SL303",))]


# --- debt collection -------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "words"), [
    ("再不还钱，我们就通知你的家人和单位。", "通知你的家人"),
    ("不还钱就等着坐牢吧。", "坐牢"),
])
def test_collection_threats_and_third_party_pressure(text: str, words: str) -> None:
    assert found(COLLECTION, text) == [("SL302", at(text, words))]


def test_a_neutral_statement_of_consequences_is_not_a_threat() -> None:
    assert found(COLLECTION, "逾期可能影响您的个人征信记录，请按时还款。") == []


# --- whole scripts: purpose in the matter itself, handoff offers in other words --------------

def test_an_opening_that_states_the_matter_states_a_purpose() -> None:
    text = ("机器人：您好，我是星河保险的智能客服机器人，本次通话可能会被录音。\n"
            "机器人：您的车险保单将于下周到期，如不需要可以直接说“不需要”。\n")
    assert "SL103" not in [f.code for f in REPLIES.check_text(text, kind="script")]


@pytest.mark.parametrize("offer", ["如需真人服务请按零", "需要的话可以为您转接专员"])
def test_handoff_offers_in_other_words(offer: str) -> None:
    inbound = Linter(Config(direction="inbound"))
    text = f"机器人：您好，我是星河宽带的智能客服机器人，本次通话可能会被录音，{offer}。\n"
    assert "SL106" not in [f.code for f in inbound.check_text(text, kind="script")]


def test_a_customer_who_mentions_service_is_not_asking_for_a_human() -> None:
    inbound = Linter(Config(direction="inbound", channel="chat"))
    text = ("机器人：您好，我是星河商城的智能客服机器人，转人工请回复“人工”。\n"
            "客户：不用转人工了，我自己看看。\n"
            "机器人：好的，有需要随时找我。\n")
    assert "SL202" not in [f.code for f in inbound.check_text(text, kind="script")]


def test_suggestions_use_placeholders_not_made_up_numbers() -> None:
    import re

    for finding in SHOP.check_text("已为您反馈，请耐心等待。"):
        if finding.suggestion:
            assert re.search(r"\d{4,}", re.sub(r"\{[^}]*\}", "", finding.suggestion)) is None


# --- a refusal ignored by carrying on; a persona given as an answer -------------------------

OPENING = ("机器人：您好，我是星河银行的智能客服机器人，为保障服务质量，本次通话可能会被录音。\n"
           "机器人：本次来电是想提醒您账单即将到期，如不需要可以直接说“不需要”或按1键结束通话。\n")


@pytest.mark.parametrize("refusal", ["别推销了，我不办", "我现在不方便", "不考虑"])
def test_carrying_on_to_the_next_question_after_a_refusal(refusal: str) -> None:
    text = OPENING + f"客户：{refusal}\n机器人：请问您是本人在用这张卡吗？\n"
    assert [(f.code, f.line) for f in REPLIES.check_text(text, kind="script") if f.code == "SL201"] == [("SL201", 4)]


@pytest.mark.parametrize(("question", "answer", "code"), [
    ("你是谁啊？", "我是小王呀。", "SL301"),
    ("怎么称呼你？", "叫我小李就行。", "SL301"),
    ("怎么称呼你？", "叫我小智就好，我是星河银行的智能助手。", None),
])
def test_answering_who_are_you_as_a_person(question: str, answer: str, code: str | None) -> None:
    text = OPENING + f"客户：{question}\n机器人：{answer}\n"
    found_codes = [(f.code, f.line) for f in REPLIES.check_text(text, kind="script") if f.code == "SL301"]
    assert found_codes == ([(code, 4)] if code else [])
