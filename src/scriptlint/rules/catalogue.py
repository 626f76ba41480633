"""The rule catalogue: one declaration per rule, each of a rule type.

A declaration holds the stable code, name, category, default severity, messages (zh/en), the doc
block (`scriptlint explain`: what it does, why it matters with its citation, an example that must
trigger the rule and a compliant alternative that must trigger nothing — the test suite lints
both) and the fix it offers. Scope, cue sets, lexicon categories and dispatch follow from the type.
"""
from __future__ import annotations

from ..model import Kind, Severity
from .base import Doc, Example, Fix, Rule, Text
from .conditional import CONTRADICTS, MUST_MENTION, Conditional
from .dialogue import Deflection, Impersonation
from .existence import Existence
from .personal_data import PersonalData
from .required import OPENING, PRESENT, TIMELY, Required
from .response import Response
from .suppression import INVALID, NO_REASON, UNUSED, SuppressionCheck

E, W = Severity.ERROR, Severity.WARNING
OUTBOUND, INBOUND, PHONE = frozenset({"outbound"}), frozenset({"inbound"}), frozenset({"phone"})

# Openings that say everything the script rules ask for: the examples build on them.
OUTBOUND_OPENING = (
    "机器人：您好，我是XX银行的智能客服机器人，为保障服务质量，本次通话可能会被录音。",
    "机器人：本次来电是想提醒您账单即将到期，如不需要可以直接说“不需要”或按1键结束通话。",
)
INBOUND_OPENING = (
    "机器人：您好，我是XX公司的智能客服机器人，本次通话可能会被录音，如需人工服务请按0或直接说“转人工”。",
)
INBOUND_SETTINGS = (("direction", "inbound"),)
REFUND_POLICY = (("policy", {"refund": {"name": "退款时效", "topic": ["退款"], "max-days": 3}}),)
FEE_POLICY = (("policy", {"refund-fee": {"name": "退款手续费", "topic": ["退款"], "must-mention": ["手续费"]}}),)
# A bot line with an unhedged deadline (SL303), and a suppression of it that says why.
DEADLINE_LINE = "机器人：您的退款会在24小时内到账。"
DEADLINE_SUPPRESSED = "# scriptlint: ignore[SL303] 到账时效经法务确认 2026-11"


def script(*lines: str, settings: tuple[tuple[str, object], ...] = ()) -> Example:
    return Example(tuple(lines), Kind.SCRIPT, settings)


def reply(line: str, settings: tuple[tuple[str, object], ...] = ()) -> Example:
    return Example((line,), Kind.REPLIES, settings)


def insert(zh: str, en: str) -> Fix:
    return Fix("insert-before", Text(zh, en), Text("在首句机器人话术前插入", "Insert before the first bot line"))


RULES: tuple[Rule, ...] = (
    Required(
        code="SL101", name="ai-disclosure-missing", category="ai-disclosure", severity=E,
        phrase_set="ai-disclosure", timing=PRESENT,
        summary=Text("开场未声明机器人/AI 身份", "Opening does not disclose the bot is an AI"),
        message=Text(
            "开场（前{opening}句机器人话术）未声明机器人/AI 身份，请在开场说明“我是XX智能客服机器人”。",
            "The opening (first {opening} bot utterances) does not say it is a robot/AI; say \"this is XX's AI assistant\"."),
        doc=Doc(
            what="Checks that a script or call says the caller is a robot or AI (机器人, AI, 人工智能, 智能客服, "
                 "智能助手, 语音助手, 虚拟助手, 智能语音). When no bot line says it, points at the first bot "
                 "line; when it is said too late, SL102 reports instead.",
            what_zh="检查话术或通话是否说明来电方是机器人或 AI（机器人、AI、人工智能、智能客服、智能助手、语音助手、虚拟"
                    "助手、智能语音）。没有一句机器人话术说明时，指向第一句机器人话术；说明得太晚时改由 SL102 报告。",
            why="互联网信息服务深度合成管理规定 Art. 17(1); 人工智能生成合成内容标识办法 with GB 45438-2025 §5.3; "
                "seed 000 §二(一) (say you are a robot within 3 s); seed 001 §1.3; EU AI Act Art. 50(1).",
            example=script("机器人：您好，这里是XX银行，为保障服务质量，本次通话可能会被录音。",
                           "机器人：本次来电是想提醒您账单即将到期，如不需要可以直接说“不需要”。"),
            instead=script(*OUTBOUND_OPENING),
        ),
        fix=insert("您好，我是{公司}的智能客服机器人。", "Hello, this is {company}'s AI assistant."),
    ),
    Required(
        code="SL102", name="ai-disclosure-late", category="ai-disclosure", severity=E,
        phrase_set="ai-disclosure", timing=TIMELY, limit_setting="disclosure_seconds",
        clause=Text("机器人/AI 身份", "AI disclosure"),
        chat_message=Text("聊天渠道须在第一条消息中声明{what}。", "In chat, the first message must carry the {what}."),
        summary=Text("机器人身份声明太晚", "AI disclosure comes too late"),
        message=Text(
            "机器人身份声明在第{seconds:.1f}秒才出现，须在开场{limit:g}秒内说明。",
            "The AI disclosure starts at {seconds:.1f} s; it must start within {limit:g} s of the opening."),
        doc=Doc(
            what="Phone: the disclosure exists but begins after the limit (default 3 s, `disclosure-seconds`), "
                 "or only after the opening. Start time is the utterance's `start` or the spoken characters "
                 "before it divided by the speech rate (default 4/s). Chat: the disclosure is not in the first "
                 "bot message. Points at the first bot line.",
            what_zh="电话：有身份声明，但开始于时限之后（默认 3 秒，`disclosure-seconds`）或开场之后。"
                    "开始时间取该句的 `start`，没有时按此前朗读的字数除以语速（默认每秒 4 字）估算。聊天：第一条机"
                    "器人消息中没有身份声明。指向第一句机器人话术。",
            why="seed 000 §二(一) (within the first 3 seconds); GB 45438-2025 §5.3 (spoken label at the start).",
            example=script("机器人：您好，欢迎致电XX公司客户服务中心，为保障服务质量本次通话可能会被录音，我是智能客服。",
                           "机器人：本次来电是想提醒您套餐即将到期，如不需要可以直接说“不需要”。"),
            instead=script(*OUTBOUND_OPENING),
        ),
    ),
    Required(
        code="SL103", name="purpose-missing", category="purpose", severity=W,
        phrase_set="purpose", timing=OPENING, directions=OUTBOUND,
        summary=Text("外呼开场未说明来电目的", "Outbound opening does not state the purpose"),
        message=Text("外呼开场未说明来电目的，请在身份声明后说明“本次来电是想……”。",
                     "The outbound opening does not say why we call; add \"we are calling to ...\"."),
        doc=Doc(
            what="Outbound scripts: checks that the opening states the purpose of the call (本次来电是…, "
                 "今天致电是想…, 联系您是想…, 提醒您…, 通知您…, 想跟您介绍…, or the matter itself: the "
                 "policy expires, the bill is overdue, the loan falls due).",
            what_zh="外呼话术：检查开场是否说明来电目的（本次来电是…、今天致电是想…、联系您是想…、提醒您…、通知您…、想跟"
                    "您介绍…，或直接说出事由：保单到期、账单逾期、贷款到期）。",
            why="seed 000 §二(一) (state the purpose after the identity); 47 CFR 64.1200(b).",
            example=script("机器人：您好，我是XX银行智能客服，本次通话可能会被录音。请问您最近方便吗？",
                           "机器人：如不需要可以直接说“不需要”或按1键结束通话。"),
            instead=script(*OUTBOUND_OPENING),
        ),
        fix=insert("本次来电是想{来电目的}。", "We are calling to {purpose}."),
    ),
    Required(
        code="SL104", name="recording-notice-missing", category="recording-notice", severity=W,
        phrase_set="recording-notice", timing=OPENING, channels=PHONE,
        summary=Text("开场未提示通话录音", "Opening does not say the call is recorded"),
        message=Text("电话开场未提示录音，请加入“为保障服务质量，本次通话可能会被录音”。",
                     "The phone opening does not say the call may be recorded; add a recording notice."),
        doc=Doc(
            what="Phone scripts: checks that the opening tells the customer the call may be recorded (录音, 录制).",
            what_zh="电话话术：检查开场是否告知客户通话可能被录音（录音、录制）。",
            why="seed 000 §二(一) (recording notice at the start); PIPL Art. 17 (notice before processing).",
            example=script("机器人：您好，我是XX公司智能客服机器人，本次来电是想通知您订单已发货。",
                           "机器人：如不需要可以直接说“不需要”或按1键结束通话。"),
            instead=script(*OUTBOUND_OPENING),
        ),
        fix=insert("为保障服务质量，本次通话可能会被录音。", "This call may be recorded to ensure service quality."),
    ),
    Required(
        code="SL105", name="opt-out-missing", category="opt-out", severity=E,
        phrase_set="opt-out", timing=PRESENT, directions=OUTBOUND,
        summary=Text("外呼话术没有退出方式", "Outbound script offers no way out"),
        message=Text("外呼话术未提供退出方式，请告知“如不需要，可直接说‘不需要’或按1键结束通话”。",
                     "The outbound script offers no way out; tell the customer how to stop (say \"不需要\" or press 1 to end)."),
        doc=Doc(
            what="Outbound scripts: checks that at least one bot line offers a usable way out (按X键结束, "
                 "直接说“不需要”, 可以直接挂断, 回复退订, 不再打扰, 移出名单).",
            what_zh="外呼话术：检查是否至少有一句机器人话术给出可用的退出方式（按X键结束、直接说“不需要”、可以直接挂断、回"
                    "复退订、不再打扰、移出名单）。",
            why="PIPL Art. 24(2) (automated marketing must offer an easy refusal); 消费者权益保护法 Art. 29 ¶3; "
                "seed 000 §二(二).",
            example=script("机器人：您好，我是XX银行智能客服机器人，本次通话可能会被录音，本次来电是想介绍一款信用卡。",
                           "机器人：这张卡的年费首年免收，我现在帮您登记吧？"),
            instead=script(*OUTBOUND_OPENING),
        ),
        fix=insert("如不需要，可以直接说“不需要”或按1键结束通话。",
                   "If you are not interested, say \"no thanks\" or press 1 to end the call."),
    ),
    Required(
        code="SL106", name="handoff-offer-missing", category="human-handoff", severity=E,
        phrase_set="handoff-offer", timing=PRESENT, directions=INBOUND,
        summary=Text("呼入开场未告知转人工方式", "Inbound opening does not say how to reach a human"),
        message=Text("呼入开场未告知如何转人工，请加入“如需人工服务请按0或说‘转人工’”。",
                     "The inbound opening does not say how to reach a human; add \"press 0 or say 'agent' for a human\"."),
        chat_missing_message=Text("聊天开场未告知如何转人工，请加入“如需人工服务，请回复‘人工’”。",
                                  "The chat opening does not say how to reach a human; add \"reply 'agent' for a human\"."),
        doc=Doc(
            what="Inbound scripts: checks that the bot says how to reach a human (转人工, 人工服务请按0, "
                 "真人服务, 转接专员). When it says so too late, SL107 reports instead.",
            what_zh="呼入话术：检查机器人是否说明如何转人工（转人工、人工服务请按0、真人服务、转接专员）。说得太晚时改由 S"
                    "L107 报告。",
            why="AI customer-service ethics standard §二 (say how to reach a human within 15 s by phone).",
            example=script("机器人：您好，我是XX公司智能客服机器人，本次通话可能会被录音，请问有什么可以帮您？",
                           settings=INBOUND_SETTINGS),
            instead=script(*INBOUND_OPENING, settings=INBOUND_SETTINGS),
        ),
        fix=insert("如需人工服务，请按0或直接说“转人工”。", "For a human agent, press 0 or say \"agent\"."),
    ),
    Required(
        code="SL107", name="handoff-offer-late", category="human-handoff", severity=E,
        phrase_set="handoff-offer", timing=TIMELY, limit_setting="handoff_seconds", directions=INBOUND,
        clause=Text("转人工方式", "way to reach a human"),
        chat_message=Text("聊天渠道须在第一条消息中声明{what}。", "In chat, the first message must carry the {what}."),
        summary=Text("转人工方式告知太晚", "How to reach a human is said too late"),
        message=Text("转人工方式在第{seconds:.1f}秒才告知，电话渠道须在{limit:g}秒内告知。",
                     "How to reach a human is said at {seconds:.1f} s; by phone it must start within {limit:g} s."),
        doc=Doc(
            what="Inbound scripts: how to reach a human is said, but starts after the limit (phone: default "
                 "15 s, `handoff-seconds`) or only after the opening (chat: not in the first message).",
            what_zh="呼入话术：说明了如何转人工，但开始于时限之后（电话：默认 15 秒，`handoff-seconds`）"
                    "或开场之后（聊天：不在第一条消息中）。",
            why="AI customer-service ethics standard §二 (phone: say how to reach a human within 15 s; no "
                "need to hear every menu first).",
            example=script("机器人：您好，我是XX公司智能客服机器人，本次通话可能会被录音。",
                           "机器人：宽带安装请说一，套餐变更请说二，账单查询请说三，故障报修请说四，积分兑换请说五，"
                           "其他业务请说六，如需人工服务请按0。",
                           settings=INBOUND_SETTINGS),
            instead=script(*INBOUND_OPENING, settings=INBOUND_SETTINGS),
        ),
    ),
    Response(
        code="SL201", name="refusal-ignored", category="refusal-ignored", severity=E,
        trigger="refusal", expected=("close", "transfer"), questions_excused=True, directions=OUTBOUND,
        summary=Text("客户拒绝后继续推销", "Pitching on after the customer refused"),
        message=Text("客户已明确拒绝（“{cue}”），此句应致歉并结束通话，不得继续推销或挽留。",
                     "The customer refused (\"{cue}\"); this reply must close the call, not pitch on."),
        doc=Doc(
            what="Outbound dialogues: after the customer refuses (不需要, 不用了, 别打了, 不感兴趣, 没兴趣, 别再打, "
                 "不要再打), the next bot utterance must close the call (acknowledge, promise not to call "
                 "again, say goodbye) or transfer. Points at that bot utterance.",
            what_zh="外呼对话：客户拒绝后（不需要、不用了、别打了、不感兴趣、没兴趣、别再打、不要再打），下一句机器人话术必须"
                    "结束通话（回应、承诺不再来电、道别）或转接。指向那句机器人话术。",
            why="消费者权益保护法 Art. 29 ¶3 (no commercial messages after a refusal); PIPL Art. 24(2); "
                "seed 000 §二(二) (stop at once, 6-month do-not-call).",
            example=script(*OUTBOUND_OPENING, "客户：不需要，别打了。", "机器人：先别挂，您再考虑一下这张卡吧？"),
            instead=script(*OUTBOUND_OPENING, "客户：不需要，别打了。", "机器人：好的，不再打扰您，祝您生活愉快，再见。"),
        ),
    ),
    Response(
        code="SL202", name="handoff-request-ignored", category="human-handoff", severity=E,
        trigger="human-request", expected=("transfer",), cancelled_by="identity-question",
        summary=Text("客户要求转人工但未转接", "Customer asked for a human and was not transferred"),
        message=Text("客户要求人工服务（“{cue}”），此句应立即转接人工。",
                     "The customer asked for a human (\"{cue}\"); this reply must transfer to a human."),
        doc=Doc(
            what="Dialogues: when the customer asks for a human (转人工, 人工客服, 找人工, 真人), the next bot "
                 "utterance must transfer (or register and transfer).",
            what_zh="对话：客户要求转人工时（转人工、人工客服、找人工、真人），下一句机器人话术必须转接（或登记后转接）。",
            why="AI customer-service ethics standard §二 (a direct, visible way to a human; no hidden hurdles).",
            example=script(*INBOUND_OPENING, "客户：转人工。", "机器人：请问您要办理什么业务？", settings=INBOUND_SETTINGS),
            instead=script(*INBOUND_OPENING, "客户：转人工。", "机器人：好的，正在为您转接人工客服，请稍候。",
                           settings=INBOUND_SETTINGS),
        ),
    ),
    Response(
        code="SL203", name="handoff-unsolved-ignored", category="human-handoff", severity=E,
        trigger="not-solved", expected=("transfer",), occurrence=2,
        summary=Text("两次未解决仍未转人工", "Not transferred after two 'not solved'"),
        message=Text("客户第二次表示问题未解决（“{cue}”），此句应立即转接人工。",
                     "The customer said a second time it is not solved (\"{cue}\"); this reply must transfer to a human."),
        doc=Doc(
            what="Dialogues: when the customer says for the second time that the problem is not solved "
                 "(没解决, 未解决, 还是不行, 没用), the next bot utterance must transfer to a human.",
            what_zh="对话：客户第二次表示问题没有解决时（没解决、未解决、还是不行、没用），下一句机器人话术必须转人工。",
            why="AI customer-service ethics standard §三 (two \"not solved\" trigger a transfer).",
            example=script(*INBOUND_OPENING, "客户：重启了，还是不行。", "机器人：请您检查一下网线是否插好。",
                           "客户：还是没解决。", "机器人：建议您再重启一次设备。", settings=INBOUND_SETTINGS),
            instead=script(*INBOUND_OPENING, "客户：重启了，还是不行。", "机器人：请您检查一下网线是否插好。",
                           "客户：还是没解决。", "机器人：抱歉没能帮到您，正在为您转接人工客服。",
                           settings=INBOUND_SETTINGS),
        ),
    ),
    Response(
        code="SL204", name="handoff-complaint-ignored", category="human-handoff", severity=E,
        trigger="complaint", expected=("transfer",),
        summary=Text("投诉或退款纠纷未转人工", "Complaint or refund dispute not transferred"),
        message=Text("客户提出投诉或退款纠纷（“{cue}”），此句应转接人工处理。",
                     "The customer raised a complaint or refund dispute (\"{cue}\"); this reply must transfer to a human."),
        doc=Doc(
            what="Dialogues: complaints and refund disputes (投诉, 退款纠纷, 拒绝退款) are complex requests that a "
                 "human handles; the next bot utterance must transfer.",
            what_zh="对话：投诉和退款纠纷（投诉、退款纠纷、拒绝退款）是应由人工处理的复杂诉求，下一句机器人话术必须转接。",
            why="AI customer-service ethics standard §一 (complaints and refund disputes go to a human at once).",
            example=script(*INBOUND_OPENING, "客户：我要投诉你们商家拒绝退款。", "机器人：您可以在订单页面查看售后进度。",
                           settings=INBOUND_SETTINGS),
            instead=script(*INBOUND_OPENING, "客户：我要投诉。", "机器人：已为您登记投诉并转接人工客服，请稍候。",
                           settings=INBOUND_SETTINGS),
        ),
    ),
    Deflection(
        code="SL205", name="stalling-dialogue", category="stalling", severity=W,
        summary=Text("重复提问或推给常见问题", "Re-asking or FAQ deflection"),
        message=Text("客户已说明问题，不应重复询问或推给常见问题，请直接处理或转人工。",
                     "The customer already described the problem; do not re-ask or point to the FAQ, handle it or transfer."),
        doc=Doc(
            what="Dialogues: the bot re-asks 请问您的问题是什么 after the customer described the problem, or "
                 "deflects with 您是否已查看常见问题.",
            what_zh="对话：客户已经描述了问题，机器人仍重复问“请问您的问题是什么”，或用“您是否已查看常见问题”推回给客户。",
            why="AI customer-service ethics standard §三 (话术拖延: no re-asking, no topic shifting); "
                "消费者权益保护法 Art. 20.",
            example=script(*INBOUND_OPENING, "客户：我的快递三天没更新了。", "机器人：请问您的问题是什么？",
                           settings=INBOUND_SETTINGS),
            instead=script(*INBOUND_OPENING, "客户：我的快递三天没更新了。",
                           "机器人：已查到您的包裹在XX中转站，预计明天派送。", settings=INBOUND_SETTINGS),
        ),
    ),
    Impersonation(
        code="SL301", name="impersonation", category="impersonation", severity=E,
        term_category="impersonation",
        answer_message=Text("被问及是否真人时未如实回答，须说明自己是机器人。",
                            "Asked whether it is a person, it did not say it is a robot."),
        summary=Text("机器人冒充真人", "Bot poses as a person"),
        message=Text("{detail}", "{detail}"),
        doc=Doc(
            what="Flags bot lines that claim or imply being a person: 我是真人, 我不是机器人, a self-introduction "
                 "with a personal name, a staff number or a human job title (客户经理, 专属顾问, 催收专员) "
                 "unless the same sentence says it is an AI persona (智能客服小王), and 是的 in answer to "
                 "你是真人吗. Mentions of human colleagues (稍后人工专员会联系您) are fine.",
            what_zh="标记声称或暗示自己是真人的机器人话术：我是真人、我不是机器人、用真人姓名、工号或真人职务（客户经理、专属"
                    "顾问、催收专员）自我介绍（同一句说明是 AI 形象时除外，如智能客服小王），以及对“你是真人吗”回答“是"
                    "的”。提到真人同事（稍后人工专员会联系您）不算。",
            why="互联网信息服务深度合成管理规定 Art. 17(1) (services that simulate a person must be labelled); "
                "seed 000 §二(一) (no 客服代表/专员 to hide the identity); seed 001 §1.3.",
            example=reply("我是您的专属客户经理李明。"),
            instead=reply("我是XX银行的智能客服，稍后由客户经理李明为您服务。"),
        ),
    ),
    Existence(
        code="SL302", name="sensitive-term", category="sensitive-term", severity=E,
        term_category="sensitive-term",
        summary=Text("违规词（行业词库）", "Banned term (industry lexicon)"),
        message=Text("{detail}", "{detail}"),
        doc=Doc(
            what="Matches the general pack (广告法 absolute terms, sensitive topics) and the selected industry "
                 "packs after normalization (full-width, case, Traditional, hidden separators). A hit inside "
                 "a longer word (确保本金) or right after a negation (不保本) is not a finding.",
            what_zh="在规范化（全角、大小写、繁体、藏在词中的分隔符）之后匹配通用词库（广告法绝对化用语、敏感话题）和所选行业"
                    "词库。命中处在更长的词里（确保本金）或紧跟否定词（不保本）时不算发现。",
            why="广告法 Arts. 9(3), 16-18, 24, 25, 26; 银发〔2019〕316号; seed 000 §二(二). Each entry names its own "
                "citation (`scriptlint lexicon show`).",
            example=reply("这款理财保本保息，零风险。", (("industry", ["finance"]),)),
            instead=reply("本产品不保本，理财有风险，过往业绩不代表未来表现。", (("industry", ["finance"]),)),
        ),
    ),
    Existence(
        code="SL303", name="false-promise", category="false-promise", severity=W,
        term_category="false-promise",
        summary=Text("虚假或无法兑现的承诺", "False or undeliverable promise"),
        message=Text("{detail}", "{detail}"),
        doc=Doc(
            what="Flags guarantee language (保证, 绝对, 一定能, 百分之百, 100%, 无条件, 永久, 承诺…不变) unless "
                 "negated, and deadlines with no hedge for outcomes the speaker does not control "
                 "(24小时内到账, 当天放款) unless the sentence says 预计, 一般, 以…为准.",
            what_zh="标记保证类用语（保证、绝对、一定能、百分之百、100%、无条件、永久、承诺…不变，被否定时除外），以及说"
                    "话人无法掌控结果却不留余地的时限（24小时内到账、当天放款，句中说明“预计”“一般”“以…为准”时除外）"
                    "。",
            why="广告法 Arts. 4, 8, 28(2); 消费者权益保护法 Art. 20; seed 001 §1.2; AI customer-service ethics "
                "standard §三 (虚假承诺).",
            example=reply("退款24小时内到账，绝对没问题。"),
            instead=reply("退款预计3个工作日内到账，具体到账时间以银行处理为准。"),
        ),
    ),
    Conditional(
        code="SL304", name="policy-contradiction", category="false-promise", severity=E,
        condition=CONTRADICTS,
        summary=Text("承诺与公司政策不符", "Promise contradicts the team's policy"),
        message=Text("此承诺与政策“{policy}”不符：{detail}", "This promise contradicts the policy \"{policy}\": {detail}"),
        doc=Doc(
            what="With policy facts in the config (`[tool.scriptlint.policy.NAME]`), flags bot lines on the "
                 "policy's topic that promise a shorter deadline than `max-days` or match one of its "
                 "`contradicts` patterns.",
            what_zh="配置了政策事实（`[tool.scriptlint.policy.NAME]`）时，标记谈及该政策主题、"
                    "却承诺短于 `max-days` 的时限或匹配其 `contradicts` 模式的机器人话术。",
            why="广告法 Art. 28(2); 消费者权益保护法 Art. 20; AI customer-service ethics standard §三 (promises "
                "must match what the company can deliver).",
            example=reply("退款24小时内到账。", REFUND_POLICY),
            instead=reply("退款预计3个工作日内到账，具体以银行处理为准。", REFUND_POLICY),
        ),
    ),
    Existence(
        code="SL305", name="stalling", category="stalling", severity=W,
        term_category="stalling", cleared_by="concrete-next-step",
        summary=Text("话术拖延：没有具体信息", "Stalling with nothing concrete"),
        message=Text("{detail}", "{detail}"),
        doc=Doc(
            what="Flags waiting or passing-on phrases (请耐心等待, 已为您反馈, 会有专人联系您, 我们会尽快处理) in "
                 "a reply with nothing concrete: no date or time bound, no ticket or reference number, no "
                 "phone number, no transfer in progress (the `concrete-next-step` phrase set).",
            what_zh="标记没有任何具体信息的等待或转交用语（请耐心等待、已为您反馈、会有专人联系您、我们会尽快处理）：没有日期"
                    "或时限、没有工单号或受理号、没有电话号码、也不是正在转接（`concrete-next-step` 短语"
                    "集）。",
            why="AI customer-service ethics standard §三 (话术拖延); 消费者权益保护法 Art. 20.",
            example=reply("正在处理中，请耐心等待。"),
            instead=reply("您的投诉已登记，编号为A12345，负责专员将在24小时内与您联系。"),
        ),
    ),
    Conditional(
        code="SL306", name="info-hiding", category="info-hiding", severity=W,
        condition=MUST_MENTION,
        summary=Text("未告知关键信息", "Key information not disclosed"),
        message=Text("涉及“{policy}”时未告知关键信息（{facts}）。", "Talks about \"{policy}\" without stating the key fact ({facts})."),
        doc=Doc(
            what="With policy facts in the config, a bot line on the policy's topic must mention one of its "
                 "`must-mention` facts (a fee, a deadline, a condition).",
            what_zh="配置了政策事实时，谈及该政策主题的机器人话术必须提到其 `must-mention` 中的一项事实（费用"
                    "、时限、条件）。",
            why="消费者权益保护法 Arts. 26, 28; AI customer-service ethics standard §三 (信息隐瞒).",
            example=reply("可以为您办理退款。", FEE_POLICY),
            instead=reply("可以为您办理退款，需扣除1%手续费，预计3个工作日内到账。", FEE_POLICY),
        ),
    ),
    Existence(
        code="SL401", name="pii-request", category="pii-request", severity=E,
        term_category="pii-request",
        summary=Text("索要敏感个人信息", "Asks for sensitive personal data"),
        message=Text("{detail}", "{detail}"),
        doc=Doc(
            what="Flags bot lines that ask for an ID number, a bank card number, a password, a CVV or an SMS "
                 "verification code. Warnings against giving them (请勿/不要/切勿 提供/透露/发送) are fine.",
            what_zh="标记索要身份证号、银行卡号、密码、CVV 或短信验证码的机器人话术。提醒客户不要提供的话（请勿/不要/切"
                    "勿 提供/透露/发送）不算。",
            why="PIPL Arts. 28-30 (sensitive personal information needs a need and separate consent); "
                "seed 000 §一(一) (never ask for ID or bank card numbers in a call).",
            example=reply("请提供一下您的身份证号和银行卡号。"),
            instead=reply("如需核验身份，请在官方APP内完成，请勿向任何人透露验证码。"),
        ),
    ),
    PersonalData(
        code="SL402", name="pii-exposure", category="pii-exposure", severity=E,
        kind_names=(
            ("mobile", Text("手机号", "mobile number")),
            ("id-number", Text("身份证号", "ID number")),
            ("bank-card", Text("银行卡号", "bank card number")),
            ("taiwan-mobile", Text("台湾手机号", "Taiwan mobile number")),
            ("taiwan-id", Text("台湾身份证号", "Taiwan ID number")),
            ("hong-kong-id", Text("香港身份证号", "Hong Kong identity card number")),
        ),
        summary=Text("未脱敏的个人信息", "Unmasked personal data"),
        message=Text("存在未脱敏的{kind}，请脱敏（如 {masked}）后再保存或使用。",
                     "Unmasked {kind}; mask it (as {masked}) before storing or using the text."),
        doc=Doc(
            what="Flags unmasked personal data in any line (all speakers): mainland mobile numbers, 18-digit ID "
                 "numbers with a valid checksum, 16-19-digit bank card numbers passing Luhn; Taiwan mobile numbers "
                 "(0912-345-678, +886 912 345 678), Taiwan ID and resident certificate numbers (F228193748) and "
                 "Hong Kong identity card numbers (C668421(A)) with a valid check digit, not inside a longer run of "
                 "letters or digits. However they are written: full-width digits, groups separated by spaces, "
                 "tabs, any dash, commas, dots or brackets ((138)1234-5678), zero-width characters, or wrapped "
                 "onto the next line (reported where the number starts). The groups must be grouped as such "
                 "numbers are (3-4-4, 6-8-4, 4-4-4-4 …), so amounts and lists pass. Masked forms and 400/800 "
                 "service numbers pass. The finding's text is masked.",
            what_zh="标记任何一句（所有说话人）中未脱敏的个人信息：大陆手机号（含用空格或短横线分隔的）、校验位正确的 18 "
                    "位身份证号、通过 Luhn 校验的 16–19 位银行卡号；台湾手机号（0912-345-678、+88"
                    "6 912 345 678）、校验位正确的台湾身分证号和居留证号（F228193748）以及香港身份证号"
                    "（C668421(A)），且不在更长的字母数字串之中。已脱敏的形式和 400/800 客服号码不算。发现"
                    "中的原文已脱敏。",
            why="PIPL Arts. 5-6 (minimum necessary), Art. 51 (security measures); seed 001 §2.1 (mask as "
                "138****5678).",
            example=reply("您登记的手机号是13812345678。"),
            instead=reply("您登记的手机号是138****5678。"),
        ),
        fix=Fix("replace", Text("{masked}", "{masked}"), Text("替换为脱敏形式", "Replace with the masked form")),
    ),
    SuppressionCheck(
        code="SL900", name="unused-suppression", category="suppression", severity=W, reports=UNUSED,
        summary=Text("抑制注释未用上", "Suppression that silences nothing"),
        message=Text("抑制注释未用上：此处没有 {codes} 的发现，请删除。",
                     "Unused suppression: no {codes} finding here; remove it."),
        doc=Doc(
            what="Flags a suppression directive (`# scriptlint: ignore[...]`, `file-ignore[...]`, a `lint_ignore` "
                 "key or column) that silenced no finding, naming the codes or categories that were not used. "
                 "A code whose rule is not selected for the file (`select`, `ignore`, `per-file-ignores`) is "
                 "not reported: nothing can be said about it. Reported at the directive; no directive can "
                 "silence it (turn it off with `ignore` in the config).",
            what_zh="标记没有压住任何发现的抑制指令（`# scriptlint: ignore[...]`、`file-ignore[...]`、`lint_ignore` 键或列），并列出未用上的规则代码或类别。对本文件未启用的规则（`select`、`ignore`、`per-file-ignores`）不报。报在指令所在处；任何指令都不能抑制它（要关掉，请在配置的 `ignore` 中写明）。",
            why="A stale suppression hides the next real finding on its line without anyone deciding so; "
                "compliance sign-off needs every silenced finding to be one a reviewer accepted (ruff RUF100, "
                "eslint --report-unused-disable-directives).",
            example=script(OUTBOUND_OPENING[0], "# scriptlint: ignore[SL302] 法务已确认", OUTBOUND_OPENING[1]),
            instead=script(*OUTBOUND_OPENING),
        ),
    ),
    SuppressionCheck(
        code="SL901", name="invalid-suppression", category="suppression", severity=E, reports=INVALID,
        summary=Text("无效的抑制注释", "Invalid suppression"),
        message=Text("{detail}", "{detail}"),
        details=(
            ("unknown", Text("抑制注释中的“{code}”不是规则代码或类别（见 scriptlint rules）。",
                             "'{code}' in the suppression is not a rule code or category (see scriptlint rules).")),
            ("none", Text("抑制注释须写明规则代码或类别，如 ignore[SL302] 理由。",
                          "A suppression must name rule codes or categories, as in ignore[SL302] reason.")),
            ("meta", Text("“{code}”检查的是抑制注释本身，不能用抑制注释关闭；请在配置的 ignore 中关闭。",
                          "'{code}' checks suppressions themselves and cannot be suppressed by one; "
                          "turn it off with `ignore` in the config.")),
        ),
        doc=Doc(
            what="Flags a suppression directive that names an unknown rule code or category, names none "
                 "(a bare `# scriptlint: ignore`), or names a suppression rule (SL900-SL902, category "
                 "`suppression`). Codes are full codes (SL302); categories are those of `scriptlint rules`. "
                 "The directive silences only what it names correctly.",
            what_zh="标记写了未知规则代码或类别（见 `scriptlint rules`）、一个代码都没写（单独的 `# scriptlint: ignore`）、"
                    "或想抑制 `suppression` 类规则自身的抑制指令。指令只抑制写对的部分。",
            why="A mistyped code silences nothing while the file looks reviewed; a blanket suppression "
                "silences findings nobody has seen (ruff PGH004 and RUF100, eslint's unused-disable report).",
            example=script(*OUTBOUND_OPENING, "# scriptlint: ignore[SL999] 法务已确认", DEADLINE_LINE),
            instead=script(*OUTBOUND_OPENING, DEADLINE_SUPPRESSED, DEADLINE_LINE),
        ),
    ),
    SuppressionCheck(
        code="SL902", name="suppression-without-reason", category="suppression", severity=E, reports=NO_REASON,
        summary=Text("抑制注释未写理由", "Suppression without a reason"),
        message=Text("抑制注释须写明理由（配置 require-reason = true），如 ignore[{codes}] 法务已确认 2026-11。",
                     "The suppression must give a reason (require-reason = true), as in ignore[{codes}] "
                     "approved by legal 2026-11."),
        doc=Doc(
            what="With `require-reason = true` in the config, flags a suppression directive that gives no "
                 "reason after its codes. The suppression still applies: this finding stands in for the "
                 "one it silences.",
            what_zh="配置中设了 `require-reason = true` 时，标记没有写理由的抑制指令。该指令仍然生效。",
            why="The sign-off report lists every suppressed finding with its reason: a suppression nobody "
                "explained cannot be signed off, and a compliance audit (PIPL Art. 54) asks who accepted a "
                "risk and why.",
            example=script(*OUTBOUND_OPENING, "# scriptlint: ignore[SL303]", DEADLINE_LINE,
                           settings=(("require-reason", True),)),
            instead=script(*OUTBOUND_OPENING, DEADLINE_SUPPRESSED, DEADLINE_LINE,
                           settings=(("require-reason", True),)),
        ),
    ),
)
