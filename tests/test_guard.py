"""The runtime guard (scriptlint.guard): a reply checked in its conversation, the opening window,
serialization, the verdict, and streaming (chunking property)."""
from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scriptlint import Config, Guard, Linter
from scriptlint.config import ConfigError, read_config
from scriptlint.context import Timeline
from scriptlint.guard import Conversation, ConversationFormatError, Verdict, action_for
from scriptlint.model import Finding, Severity

# An outbound phone opening that says everything the opening rules ask for, in two bot turns.
OPENING = (
    "您好，我是华信银行的智能客服机器人，为了服务质量，通话可能会被录音。",
    "今天致电是想提醒您信用卡账单快到还款日了，如不需要可以直接说不需要或按1键结束通话。",
)
INBOUND_OPENING = "您好，我是云帆宽带的智能客服机器人，通话可能会被录音，如需人工服务请按0或直接说转人工。"


@pytest.fixture(scope="module")
def guard() -> Guard:
    return Guard(Config(industry=("finance",)))


def opened(guard: Guard, direction: str = "outbound") -> Conversation:
    convo = guard.conversation(channel="phone", direction=direction)
    for line in (OPENING if direction == "outbound" else (INBOUND_OPENING,)):
        convo.add("bot", line)
    return convo


def spots(findings: tuple[Finding, ...] | list[Finding]) -> list[tuple[str, int, int, int, int]]:
    return [(f.code, f.line, f.column, f.end_line, f.end_column) for f in findings]


# --- the dialogue rules in live use --------------------------------------------------------------


def test_pitching_on_after_a_refusal_is_blocked_and_the_same_words_alone_pass(guard: Guard) -> None:
    pitch = "您先别挂，这张卡首年免年费，我帮您办一张吧"
    convo = opened(guard)
    convo.add("user", "我不感兴趣，以后别打了")
    verdict = convo.check_reply(pitch)
    assert spots(verdict.findings) == [("SL201", 1, 1, 1, 22)]
    assert verdict.action == "block"
    assert "不感兴趣" in verdict.findings[0].message
    # Without the refusal the same reply is fine; alone, too.
    assert opened(guard).check_reply(pitch).findings == ()
    assert guard.check(pitch).action == "allow"
    # Closing the call answers the refusal.
    assert convo.check_reply("好的，打扰您了，以后不再给您来电，再见。").findings == ()


def test_nothing_is_added_until_accepted(guard: Guard) -> None:
    convo = opened(guard)
    convo.add("customer", "没兴趣")
    convo.check_reply("那我再给您讲讲积分吧")
    assert len(convo.turns) == 3
    verdict = convo.check_reply("好的，不打扰您了，再见。")
    convo.accept(verdict)
    assert [t.role for t in convo.turns] == ["bot", "bot", "customer", "bot"]
    assert convo.turns[-1].text == "好的，不打扰您了，再见。"


def test_a_request_for_a_human_must_be_answered_with_a_transfer(guard: Guard) -> None:
    convo = opened(guard, "inbound")
    convo.add("customer", "别绕了，给我转人工")
    asked = convo.check_reply("请您先描述一下遇到的问题")
    assert spots(asked.findings) == [("SL202", 1, 1, 1, 13)]
    assert asked.action == "block"
    assert convo.check_reply("好的，正在为您转接人工客服，请稍候。").findings == ()


def test_the_second_not_solved_needs_a_transfer_the_first_does_not(guard: Guard) -> None:
    convo = opened(guard, "inbound")
    convo.add("customer", "路由器重启过了，网还是不行")
    first = convo.check_reply("麻烦您看一下光猫的指示灯是不是红色的")
    assert first.findings == ()
    convo.accept(first)
    convo.add("customer", "灯是绿的，问题没解决")
    second = convo.check_reply("那请您把网线拔下来再插一次")
    assert spots(second.findings) == [("SL203", 1, 1, 1, 14)]
    assert convo.check_reply("抱歉没能帮您解决，现在为您转接人工客服。").findings == ()


def test_a_complaint_needs_a_transfer(guard: Guard) -> None:
    convo = opened(guard, "inbound")
    convo.add("customer", "装机师傅放我鸽子，我要投诉")
    verdict = convo.check_reply("您可以在公众号里查看工单进度。")
    assert spots(verdict.findings) == [("SL204", 1, 1, 1, 16)]
    assert convo.check_reply("已为您登记投诉，马上转接人工客服处理。").findings == ()


def test_saying_yes_to_are_you_a_person_is_impersonation(guard: Guard) -> None:
    convo = opened(guard, "inbound")
    convo.add("customer", "你是真人吗")
    verdict = convo.check_reply("是的，请问有什么可以帮您")
    assert spots(verdict.findings) == [("SL301", 1, 1, 1, 3)]
    assert convo.check_reply("我是智能客服机器人，请问有什么可以帮您").findings == ()


def test_findings_of_earlier_turns_are_not_the_replys(guard: Guard) -> None:
    convo = opened(guard)
    convo.add("bot", "这款理财保本保息")  # an earlier violation, already said
    convo.add("customer", "我的卡号是6222021234567890128")
    assert convo.check_reply("好的，已为您记录。").findings == ()


# --- the opening window ----------------------------------------------------------------------------


def test_a_reply_inside_the_opening_is_not_blamed_for_what_a_later_turn_may_say(guard: Guard) -> None:
    convo = guard.conversation(channel="phone", direction="outbound")
    first = convo.check_reply("您好")  # 2 characters: 0.5 s, the window is open
    assert first.findings == ()
    convo.accept(first)
    # The second bot turn closes the two-turn opening: what it still lacks is its finding,
    # over the whole reply.
    last = convo.check_reply("我是智能客服机器人，通话可能会被录音。")
    assert spots(last.findings) == [("SL103", 1, 1, 1, 20), ("SL105", 1, 1, 1, 20)]
    assert [f.code for f in convo.check_reply("最近好吗").findings] == ["SL101", "SL103", "SL104", "SL105"]
    convo.accept(last)
    # The opening has passed: later replies are not blamed again.
    assert convo.check_reply("请问您最近方便吗？").findings == ()


def test_passing_the_disclosure_limit_closes_the_window_within_the_first_turn(guard: Guard) -> None:
    convo = guard.conversation(channel="phone", direction="outbound")
    # 16 spoken characters at 4 a second: the reply ends at 4 s, past the 3 s limit.
    late = "您好这里是华信银行信用卡中心请问"
    verdict = convo.check_reply(late)
    assert [f.code for f in verdict.findings] == ["SL101"]
    assert spots(verdict.findings) == [("SL101", 1, 1, 1, 17)]
    # Said, but after 3 s: late (SL102), not missing.
    verdict = convo.check_reply(late + "，我是智能客服机器人。")
    assert [f.code for f in verdict.findings] == ["SL102"]
    assert "第4.5秒" in verdict.findings[0].message  # 18 spoken characters before 智能客服机器人
    # A known start time counts: at 10 s the window had closed before this reply.
    assert convo.check_reply("您好", start=10.0).findings == ()


def test_chat_opening_is_the_first_message(guard: Guard) -> None:
    convo = guard.conversation(channel="chat", direction="inbound")
    verdict = convo.check_reply("您好，请问有什么可以帮您？")
    assert [f.code for f in verdict.findings] == ["SL101", "SL106"]
    assert opened(guard, "inbound").check_reply("您好").findings == ()


def test_guard_agrees_with_check_on_the_whole_conversation(guard: Guard) -> None:
    """Past the opening, the reply's findings are those `check` reports on its line of the script."""
    convo = opened(guard, "inbound")
    linter = guard.linter
    exchanges = [("customer", "我的宽带三天没网了，报修也没人管"), ("bot", "请问您的问题是什么？"),
                 ("customer", "我要投诉，还是没解决"), ("customer", "给我找人工")]
    replies = ["请您耐心等待，我们会尽快处理。", "您的号码是13912345678吗，这个套餐保证最低价",
               "正在为您转接人工客服，请稍候。", "您是否已查看常见问题？"]
    for role, text in exchanges:
        convo.add(role, text)
        for reply in replies:
            script = convo.as_script(reply)
            expected = [f for f in linter.check_script(script, kind="script") if f.line == script.utterances[-1].line]
            found = convo.check_reply(reply).findings
            assert [(f.code, f.column, f.end_column, f.severity) for f in found] == \
                   [(f.code, f.column, f.end_column, f.severity) for f in expected]


# --- the verdict -------------------------------------------------------------------------------------


def test_verdict_masks_the_reply_and_suggests_the_fixed_reply(guard: Guard) -> None:
    convo = opened(guard)
    verdict = convo.check_reply("您的手机号13800001111已登记")
    assert verdict.masked == "您的手机号138****1111已登记"
    assert verdict.suggestion == "您的手机号138****1111已登记"
    assert verdict.action == "block"
    assert "13800001111" not in repr(verdict)
    rewritten = guard.check("我们保证三天内上门修好")
    assert spots(rewritten.findings) == [("SL303", 1, 3, 1, 5)]
    assert rewritten.action == "revise"
    assert rewritten.suggestion == "我们尽力保证三天内上门修好"
    # A finding without a fix: no suggestion.
    assert guard.check("请把验证码告诉我").suggestion is None
    assert guard.check("您好").suggestion is None


def test_actions_follow_the_configured_policy() -> None:
    strict = Guard(Config(guard_actions={"warning": "block"}))
    assert strict.check("我们保证三天内上门修好").action == "block"
    lenient = Guard(Config(guard_actions={"error": "revise", "warning": "allow"}))
    assert lenient.check("请把验证码告诉我").action == "revise"
    assert lenient.check("我们保证三天内上门修好").action == "allow"
    finding = Guard().check("我们保证三天内上门修好").findings[0]
    assert action_for([finding], (("error", "block"), ("warning", "revise"), ("info", "allow"))) == "revise"
    assert action_for([], (("error", "block"),)) == "allow"
    quiet = Guard(Config(severity={"SL303": "info"}))
    assert quiet.check("我们保证三天内上门修好").findings[0].severity is Severity.INFO
    assert quiet.check("我们保证三天内上门修好").action == "allow"


def test_verdict_json_holds_no_unmasked_reply(guard: Guard) -> None:
    data = guard.check("卡号6222021234567890128").to_dict()
    assert set(data) == {"action", "findings", "masked", "suggestion"}
    assert "6222021234567890128" not in json.dumps(data, ensure_ascii=False)


# --- serialization ---------------------------------------------------------------------------------


def test_conversation_round_trips_through_json(guard: Guard) -> None:
    convo = guard.conversation(channel="phone", direction="outbound", industry=["finance"])
    convo.add("bot", OPENING[0], start=0.0)
    convo.add("bot", OPENING[1], start=4.5)
    convo.add("客户", "不需要")
    text = convo.to_json()
    data = json.loads(text)
    assert data["version"] == 1
    assert data["turns"][2] == {"role": "customer", "text": "不需要"}
    again = Conversation.from_json(guard, text)
    assert again.to_json() == text
    assert again.turns == convo.turns
    reply = "这款理财保本，您再考虑一下"
    assert again.check_reply(reply) == convo.check_reply(reply)
    assert guard.conversation_from_json(data).to_json() == text


@pytest.mark.parametrize(("data", "message"), [
    ('{"version": 2, "turns": []}', "version must be 1"),
    ('{"version": 1, "turns": {}}', "turns must be a list"),
    ('{"version": 1, "turns": [{"role": "bot"}]}', "turn 1 must be an object"),
    ('{"version": 1, "turns": [{"role": "boss", "text": "x"}]}', "turn 1: role must be one of"),
    ('{"version": 1, "channel": "fax", "turns": []}', "channel: 'fax' is not one of"),
    ('[1]', "must be a JSON object"),
])
def test_a_bad_serialized_conversation_says_what_is_wrong(guard: Guard, data: str, message: str) -> None:
    with pytest.raises(ConversationFormatError, match=message):
        Conversation.from_json(guard, data)


# --- streaming --------------------------------------------------------------------------------------


def test_a_term_is_reported_when_its_sentence_is_complete_never_half_streamed(guard: Guard) -> None:
    stream = opened(guard).stream_reply()
    assert stream.feed("这款产品保") == []
    assert stream.feed("本") == []  # 保本 whole, but 不 or a condition may still follow in the sentence
    assert stream.feed("，收益稳定") == []
    found = stream.feed("。还有")
    assert spots(found) == [("SL302", 1, 5, 1, 7)]
    assert stream.feed("问题吗") == []
    verdict = stream.close()
    assert spots(verdict.findings) == [("SL302", 1, 5, 1, 7)]
    negated = opened(guard).stream_reply()
    assert negated.feed("这款产品保本") == [] and negated.feed("不了。") == []  # 保本不了: negated after the term


def test_a_personal_number_is_reported_once_it_can_go_on_no_more(guard: Guard) -> None:
    stream = opened(guard).stream_reply()
    assert stream.feed("请拨打138") == []
    assert stream.feed(" 1234 ") == []
    assert stream.feed("5678") == []  # a longer number may still follow
    found = stream.feed("联系")
    assert spots(found) == [("SL402", 1, 4, 1, 17)]
    assert found[0].text == "138 **** 5678"


REPLY_PIECES = st.lists(st.sampled_from([
    "保本", "保 * 本", "保证", "不保本", "确保本金", "收益", "稳赚不赔", "13812345678", "138 1234 5678",
    "6222021234567890128", "，", "。", "！", "\n", "您好", "理财", "请提供验证码", "请勿提供验证码", "1", "X",
    "正在处理中，请耐心等待", "编号A12345", "绝对", "百分之百", "保證收益", "是的", "\r\n", "‼", "｡", "，保本不了",
    "订单号6222021234567890128", "F228193748", "不需要",
]), min_size=1, max_size=12)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pieces=REPLY_PIECES, cuts=st.lists(st.integers(min_value=0, max_value=200), max_size=12))
def test_every_way_of_cutting_a_reply_gives_the_findings_of_the_whole(guard: Guard, pieces: list[str],
                                                                      cuts: list[int]) -> None:
    reply = "".join(pieces)
    whole = opened(guard).check_reply(reply)
    stream = opened(guard).stream_reply()
    points = sorted({0, len(reply), *(c % (len(reply) + 1) for c in cuts)})
    fed: list[Finding] = []
    for start, end in itertools.pairwise(points):
        fed += stream.feed(reply[start:end])
    verdict = stream.close()
    assert verdict == whole
    # Each finding fed out is one of the whole reply's, once.
    assert len(set(spots(fed))) == len(fed)
    assert set(spots(fed)) <= set(spots(whole.findings))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pieces=REPLY_PIECES)
def test_one_character_chunks_find_the_terms_and_numbers_of_the_whole(guard: Guard, pieces: list[str]) -> None:
    reply = "".join(pieces) + "。好"  # a Han character ends numbers (。 may stand inside one)
    whole = opened(guard).check_reply(reply)
    stream = opened(guard).stream_reply()
    fed = [f for character in reply for f in stream.feed(character)]
    assert set(spots(fed)) <= set(spots(whole.findings))
    # With the last sentence complete, every term and number finding has been fed out.
    settled = {"SL302", "SL303", "SL401", "SL402"}
    assert {s for s in spots(whole.findings) if s[0] in settled} <= set(spots(fed))
    assert stream.close() == whole


def test_a_stream_after_a_question_waits_for_the_answer(guard: Guard) -> None:
    convo = opened(guard, "inbound")
    convo.add("customer", "你是真人吗")
    stream = convo.stream_reply()
    assert stream.feed("是的。") == []
    assert [f.code for f in stream.close().findings] == ["SL301"]


def test_verdict_is_a_value(guard: Guard) -> None:
    verdict = guard.check("您好")
    assert isinstance(verdict, Verdict)
    with pytest.raises(AttributeError):
        verdict.action = "block"  # type: ignore[misc]


CUSTOMER_LINES = st.sampled_from([
    "不需要", "我没兴趣，别再打了", "转人工", "你是真人吗", "你是机器人吗", "还是没解决", "问题没解决", "我要投诉",
    "我的宽带从昨天起就断了，一直连不上", "我的手机号是13912345678", "嗯", "那我不需要提供身份证吧？",
])
BOT_LINES = st.sampled_from([
    "好的，正在为您转接人工客服。", "请问您的问题是什么？", "您是否已查看常见问题？", "是的，请问有什么可以帮您",
    "这款理财保本保息", "我们保证三天内上门修好", "请耐心等待，我们会尽快处理", "请提供一下您的银行卡号",
    "好的，不再打扰您，再见。", "您的来电已登记，编号A12345，今天下午三点前回电。", "不是，我是智能客服机器人",
])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(turns=st.lists(st.tuples(st.booleans(), st.one_of(CUSTOMER_LINES, BOT_LINES)), max_size=8),
       reply=BOT_LINES, channel=st.sampled_from(["phone", "chat"]), direction=st.sampled_from(["outbound", "inbound"]))
def test_the_reply_findings_are_those_check_reports_on_its_line(guard: Guard, turns: list[tuple[bool, str]],
                                                                reply: str, channel: str, direction: str) -> None:
    """Any conversation: the guard's utterance and dialogue findings on a reply are those `check`
    reports on the reply's line of the whole conversation (the opening rules are the window's
    business, tested above)."""
    convo = guard.conversation(channel=channel, direction=direction)
    for by_customer, text in turns:
        convo.add("customer" if by_customer else "bot", text)
    script = convo.as_script(reply)
    last = script.utterances[-1].line
    linter = Linter(guard.config.merged(channel=channel, direction=direction), guard.lexicon)
    whole = [f for f in linter.check_script(script, kind="script") if f.line == last]
    opening_codes = {rule.code for rule in guard.linter.registry.rules if rule.scope.value == "script"}
    found = [f for f in convo.check_reply(reply).findings if f.code not in opening_codes]
    assert [(f.code, f.column, f.end_column, f.severity, f.message) for f in found] == \
           [(f.code, f.column, f.end_column, f.severity, f.message) for f in whole if f.code not in opening_codes]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(customers=st.lists(CUSTOMER_LINES, max_size=3), reply=BOT_LINES | st.just(INBOUND_OPENING),
       direction=st.sampled_from(["outbound", "inbound"]))
def test_the_first_chat_message_closes_the_opening_with_checks_findings(guard: Guard, customers: list[str], reply: str,
                                                                        direction: str) -> None:
    """In chat the opening is the first bot message: every opening rule is due on it, and says
    what `check` says about the conversation so far, over the whole reply."""
    convo = guard.conversation(channel="chat", direction=direction)
    for text in customers:
        convo.add("customer", text)
    linter = Linter(guard.config.merged(channel="chat", direction=direction), guard.lexicon)
    opening_codes = {rule.code for rule in guard.linter.registry.rules if rule.scope.value == "script"}
    expected = [(f.code, f.message) for f in linter.check_script(convo.as_script(reply), kind="script")
                if f.code in opening_codes]
    found = [f for f in convo.check_reply(reply).findings if f.code in opening_codes]
    assert [(f.code, f.message) for f in found] == expected
    assert all((f.column, f.end_column) == (1, len(reply) + 1) for f in found)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(turns=st.lists(st.tuples(st.one_of(CUSTOMER_LINES, BOT_LINES),
                                st.none() | st.floats(min_value=0, max_value=300, allow_nan=False)), max_size=8),
       reply=BOT_LINES)
def test_reply_timing_is_the_timelines_to_the_bit(guard: Guard, turns: list[tuple[str, float | None]],
                                                   reply: str) -> None:
    """The guard keeps the seconds before the next turn per conversation: the same figure the
    engine's Timeline computes, whatever turns carry a start time."""
    convo = guard.conversation()
    for text, start in turns:
        convo.add("customer", text, start)
    script = convo.as_script(reply)
    timeline = Timeline(script.utterances, guard.config.speech_rate)
    context = convo._context(reply)
    for offset in (0, len(reply) // 2, len(reply)):
        assert context.seconds_at(context.index, offset) == timeline.seconds_at(len(turns), offset)


def test_guard_actions_in_a_config_file(tmp_path: Path) -> None:
    config = tmp_path / "scriptlint.toml"
    config.write_text('guard-actions = {warning = "block"}\n', encoding="utf-8")
    assert read_config(config).guard_actions == (("error", "block"), ("warning", "block"), ("info", "allow"))
    config.write_text('guard-actions = {warning = "shout"}\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="guard-actions.warning: 'shout' is not one of block, revise, allow"):
        read_config(config)
    config.write_text('guard-actions = {fatal = "block"}\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="'fatal' is not a severity"):
        read_config(config)


def test_close_reuses_the_terms_each_sentence_was_confirmed_with(guard: Guard, monkeypatch: pytest.MonkeyPatch) -> None:
    """The sentences were confirmed as they completed: close() confirms only the unfinished
    last one, and still gives exactly check_reply's verdict."""
    reply = "这款产品保本，收益稳定。您要是不保本也没关系！月月都有保证"
    convo = opened(guard)
    stream = convo.stream_reply()
    for character in reply:
        stream.feed(character)
    confirmed: list[str] = []
    real_confirm = guard.lexicon.confirm

    def recording_confirm(scan: Any, hits: Any) -> Any:
        confirmed.append(scan.norm.original)
        return real_confirm(scan, hits)

    monkeypatch.setattr(guard.lexicon, "confirm", recording_confirm)
    verdict = stream.close()
    assert confirmed == ["月月都有保证"]
    monkeypatch.undo()
    assert verdict == convo.check_reply(reply)
    assert ("SL302", 1, 5, 1, 7) in spots(verdict.findings)


def test_a_pack_whose_regex_may_look_before_a_sentence_confirms_the_whole_reply(tmp_path: Path) -> None:
    """A team's regex is run with a time limit by another engine, whose look-behind reach is
    not known: its terms might read the sentence before, so a stream reports none of them as
    sentences complete, and close() confirms the whole reply."""
    pack = tmp_path / "ours.toml"
    # 包赚 counts only where no sentence ended right before it: alone, the second sentence
    # would count it; in the whole reply, 。 stands before it.
    pack.write_text('[pack]\nname = "ours"\n\n[[entry]]\nid = "ours.promise"\nterms = ["包赚"]\n'
                    'requires = ["(?<!。)包赚"]\ncategory = "false-promise"\nmessage = "m"\nmessage_en = "m"\n'
                    'citation = "test"\nmust_match = ["稳包赚"]\nmust_not_match = ["稳。包赚"]\n', encoding="utf-8")
    ours = Guard(Config(industry=("finance",), lexicons=(str(pack),)))
    assert not ours.terms_stay_in_sentences
    reply = "稳。包赚的。"
    whole = opened(ours).check_reply(reply)
    assert "SL303" not in [f.code for f in whole.findings]
    stream = opened(ours).stream_reply()
    fed = [f for character in reply for f in stream.feed(character)]
    assert set(spots(fed)) <= set(spots(whole.findings))
    assert stream.close() == whole
    assert Guard(Config(industry=("finance",))).terms_stay_in_sentences
