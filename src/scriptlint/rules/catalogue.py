"""The rule catalogue: stable codes, categories, messages and the doc blocks `explain` prints."""
from __future__ import annotations

from dataclasses import dataclass

from ..model import Severity


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    category: str
    severity: Severity
    scope: str  # "script" (whole script/transcript), "dialogue", "utterance"
    summary: str
    summary_en: str
    message: str  # Chinese, may hold {placeholders}
    message_en: str
    what: str
    why: str
    example: str
    instead: str

    def text(self, lang: str, **values: object) -> str:
        template = self.message_en if lang == "en" else self.message
        return template.format(**values)

    def doc(self) -> str:
        return (
            f"{self.code} {self.name} ({self.category}, default {self.severity.value})\n\n"
            f"What it does\n  {self.what}\n\n"
            f"Why it matters\n  {self.why}\n\n"
            f"Example\n  {self.example}\n\n"
            f"Use instead\n  {self.instead}\n"
        )


E, W = Severity.ERROR, Severity.WARNING

RULES: tuple[Rule, ...] = (
    Rule(
        "SL101", "ai-disclosure-missing", "ai-disclosure", E, "script",
        "开场未声明机器人/AI 身份", "Opening does not disclose the bot is an AI",
        "开场（前{opening}句机器人话术）未声明机器人/AI 身份，请在开场说明“我是XX智能客服机器人”。",
        "The opening (first {opening} bot utterances) does not say it is a robot/AI; say \"this is XX's AI assistant\".",
        "Checks that the opening of a script or call says the caller is a robot or AI (机器人, AI, "
        "人工智能, 智能客服, 智能助手, 语音助手, 虚拟助手, 智能语音). Phone: the first two bot "
        "utterances; chat: the first bot message. Points at the first bot line.",
        "互联网信息服务深度合成管理规定 Art. 17(1); 人工智能生成合成内容标识办法 with GB 45438-2025 §5.3; "
        "seed 000 §二(一) (say you are a robot within 3 s); seed 001 §1.3; EU AI Act Art. 50(1).",
        "机器人：您好，这里是XX银行，想跟您介绍一款理财产品。",
        "机器人：您好，我是XX银行的智能客服机器人，本次通话可能会被录音。",
    ),
    Rule(
        "SL102", "ai-disclosure-late", "ai-disclosure", E, "script",
        "机器人身份声明太晚", "AI disclosure comes too late",
        "机器人身份声明在第{seconds:.1f}秒才出现，须在开场{limit:g}秒内说明。",
        "The AI disclosure starts at {seconds:.1f} s; it must start within {limit:g} s of the opening.",
        "Phone: the disclosure exists but begins after the limit (default 3 s, `disclosure-seconds`), "
        "or only after the opening. Start time is the utterance's `start` or the spoken characters "
        "before it divided by the speech rate (default 4/s). Chat: the disclosure is not in the first "
        "bot message. Points at the first bot line.",
        "seed 000 §二(一) (within the first 3 seconds); GB 45438-2025 §5.3 (spoken label at the start).",
        "机器人：您好，欢迎致电XX公司客户服务中心，今天想跟您介绍一下我们的新产品。我是智能客服。",
        "机器人：您好，我是XX公司的智能客服机器人。今天想跟您介绍一下我们的新产品。",
    ),
    Rule(
        "SL103", "purpose-missing", "purpose", W, "script",
        "外呼开场未说明来电目的", "Outbound opening does not state the purpose",
        "外呼开场未说明来电目的，请在身份声明后说明“本次来电是想……”。",
        "The outbound opening does not say why we call; add \"we are calling to ...\".",
        "Outbound scripts: checks that the opening states the purpose of the call (本次来电是…, "
        "今天致电是想…, 联系您是想…, 提醒您…, 通知您…, 想跟您介绍…).",
        "seed 000 §二(一) (state the purpose after the identity); 47 CFR 64.1200(b).",
        "机器人：您好，我是XX银行智能客服。请问您最近有资金需求吗？",
        "机器人：您好，我是XX银行智能客服，本次来电是想提醒您信用卡账单即将到期。",
    ),
    Rule(
        "SL104", "recording-notice-missing", "recording-notice", W, "script",
        "开场未提示通话录音", "Opening does not say the call is recorded",
        "电话开场未提示录音，请加入“为保障服务质量，本次通话可能会被录音”。",
        "The phone opening does not say the call may be recorded; add a recording notice.",
        "Phone scripts: checks that the opening tells the customer the call may be recorded (录音, 录制).",
        "seed 000 §二(一) (recording notice at the start); PIPL Art. 17 (notice before processing).",
        "机器人：您好，我是XX公司智能客服，本次来电是想通知您订单已发货。",
        "机器人：您好，我是XX公司智能客服，为保障服务质量，本次通话可能会被录音。",
    ),
    Rule(
        "SL105", "opt-out-missing", "opt-out", E, "script",
        "外呼话术没有退出方式", "Outbound script offers no way out",
        "外呼话术未提供退出方式，请告知“如不需要，可直接说‘不需要’或按1键结束通话”。",
        "The outbound script offers no way out; tell the customer how to stop (say \"不需要\" or press 1 to end).",
        "Outbound scripts: checks that at least one bot line offers a usable way out (按X键结束, "
        "直接说“不需要”, 可以直接挂断, 回复退订, 不再打扰, 移出名单).",
        "PIPL Art. 24(2) (automated marketing must offer an easy refusal); 消费者权益保护法 Art. 29 ¶3; "
        "seed 000 §二(二).",
        "机器人：……这款产品非常适合您，我现在帮您办理吧？",
        "机器人：如果您不需要，可以直接说“不需要”，或按1键结束通话。",
    ),
    Rule(
        "SL106", "handoff-offer-missing", "human-handoff", E, "script",
        "呼入开场未告知转人工方式", "Inbound opening does not say how to reach a human",
        "呼入开场未告知如何转人工，请加入“如需人工服务请按0或说‘转人工’”。",
        "The inbound opening does not say how to reach a human; add \"press 0 or say 'agent' for a human\".",
        "Inbound scripts: checks that the opening says how to reach a human (转人工, 人工服务请按0).",
        "AI customer-service ethics standard §二 (say how to reach a human within 15 s by phone).",
        "机器人：您好，我是XX智能客服，请问有什么可以帮您？",
        "机器人：您好，我是XX智能客服，如需人工服务请按0或直接说“转人工”。",
    ),
    Rule(
        "SL107", "handoff-offer-late", "human-handoff", E, "script",
        "转人工方式告知太晚", "How to reach a human is said too late",
        "转人工方式在第{seconds:.1f}秒才告知，电话渠道须在{limit:g}秒内告知。",
        "How to reach a human is said at {seconds:.1f} s; by phone it must start within {limit:g} s.",
        "Inbound phone scripts: how to reach a human is said, but starts after the limit (default 15 s, "
        "`handoff-seconds`) or only after the opening.",
        "AI customer-service ethics standard §二 (phone: say how to reach a human within 15 s; no "
        "need to hear every menu first).",
        "机器人：……（一长段业务介绍之后）如需人工服务请按0。",
        "机器人：您好，我是XX智能客服，人工服务请按0。",
    ),
    Rule(
        "SL201", "refusal-ignored", "refusal-ignored", E, "dialogue",
        "客户拒绝后继续推销", "Pitching on after the customer refused",
        "客户已明确拒绝（“{cue}”），此句应致歉并结束通话，不得继续推销或挽留。",
        "The customer refused (\"{cue}\"); this reply must close the call, not pitch on.",
        "Outbound dialogues: after the customer refuses (不需要, 不用了, 别打了, 不感兴趣, 没兴趣, 别再打, "
        "不要再打), the next bot utterance must close the call (acknowledge, promise not to call "
        "again, say goodbye). Points at that bot utterance.",
        "消费者权益保护法 Art. 29 ¶3 (no commercial messages after a refusal); PIPL Art. 24(2); "
        "seed 000 §二(二) (stop at once, 6-month do-not-call).",
        "客户：不需要，别打了。 / 机器人：先别挂，这款产品收益很高，您再考虑一下？",
        "客户：不需要，别打了。 / 机器人：好的，不再打扰您，祝您生活愉快，再见。",
    ),
    Rule(
        "SL202", "handoff-request-ignored", "human-handoff", E, "dialogue",
        "客户要求转人工但未转接", "Customer asked for a human and was not transferred",
        "客户要求人工服务（“{cue}”），此句应立即转接人工。",
        "The customer asked for a human (\"{cue}\"); this reply must transfer to a human.",
        "Dialogues: when the customer asks for a human (转人工, 人工客服, 找人工, 真人), the next bot "
        "utterance must transfer (or register and transfer).",
        "AI customer-service ethics standard §二 (a direct, visible way to a human; no hidden hurdles).",
        "客户：转人工。 / 机器人：请问您的问题是什么？",
        "客户：转人工。 / 机器人：好的，正在为您转接人工客服，请稍候。",
    ),
    Rule(
        "SL203", "handoff-unsolved-ignored", "human-handoff", E, "dialogue",
        "两次未解决仍未转人工", "Not transferred after two 'not solved'",
        "客户第二次表示问题未解决（“{cue}”），此句应立即转接人工。",
        "The customer said a second time it is not solved (\"{cue}\"); this reply must transfer to a human.",
        "Dialogues: when the customer says for the second time that the problem is not solved "
        "(没解决, 未解决, 还是不行, 没用), the next bot utterance must transfer to a human.",
        "AI customer-service ethics standard §三 (two \"not solved\" trigger a transfer).",
        "客户：还是没解决。 / 机器人：建议您重启设备后再试一次。",
        "客户：还是没解决。 / 机器人：抱歉没能帮到您，正在为您转接人工客服。",
    ),
    Rule(
        "SL204", "handoff-complaint-ignored", "human-handoff", E, "dialogue",
        "投诉或退款纠纷未转人工", "Complaint or refund dispute not transferred",
        "客户提出投诉或退款纠纷（“{cue}”），此句应转接人工处理。",
        "The customer raised a complaint or refund dispute (\"{cue}\"); this reply must transfer to a human.",
        "Dialogues: complaints and refund disputes (投诉, 退款纠纷, 拒绝退款) are complex requests that a "
        "human handles; the next bot utterance must transfer.",
        "AI customer-service ethics standard §一 (complaints and refund disputes go to a human at once).",
        "客户：我要投诉你们商家拒绝退款。 / 机器人：已为您反馈，请耐心等待。",
        "客户：我要投诉。 / 机器人：已为您登记投诉并转接人工客服，请稍候。",
    ),
    Rule(
        "SL205", "stalling-dialogue", "stalling", W, "dialogue",
        "重复提问或推给常见问题", "Re-asking or FAQ deflection",
        "客户已说明问题，不应重复询问或推给常见问题，请直接处理或转人工。",
        "The customer already described the problem; do not re-ask or point to the FAQ, handle it or transfer.",
        "Dialogues: the bot re-asks 请问您的问题是什么 after the customer described the problem, or "
        "deflects with 您是否已查看常见问题.",
        "AI customer-service ethics standard §三 (话术拖延: no re-asking, no topic shifting); "
        "消费者权益保护法 Art. 20.",
        "客户：我的快递三天没更新了。 / 机器人：请问您的问题是什么？",
        "客户：我的快递三天没更新了。 / 机器人：已查到您的包裹在XX中转站，预计明天派送。",
    ),
    Rule(
        "SL301", "impersonation", "impersonation", E, "utterance",
        "机器人冒充真人", "Bot poses as a person",
        "{detail}",
        "{detail}",
        "Flags bot lines that claim or imply being a person: 我是真人, 我不是机器人, 我是客服代表/专员/"
        "客户经理+name, 工号XXXX为您服务, and 是的 in answer to 你是真人吗. Mentions of human colleagues "
        "(稍后人工专员会联系您) are fine.",
        "互联网信息服务深度合成管理规定 Art. 17(1) (services that simulate a person must be labelled); "
        "seed 000 §二(一) (no 客服代表/专员 to hide the identity); seed 001 §1.3.",
        "机器人：我是您的专属客户经理李明。",
        "机器人：我是XX银行的智能客服，稍后由客户经理李明为您服务。",
    ),
    Rule(
        "SL302", "sensitive-term", "sensitive-term", E, "utterance",
        "违规词（行业词库）", "Banned term (industry lexicon)",
        "{detail}",
        "{detail}",
        "Matches the general pack (广告法 absolute terms, sensitive topics) and the selected industry "
        "packs (finance, education, insurance, ecommerce, telecom, healthcare, real-estate) after "
        "normalization (full-width, case, Traditional, hidden separators). A hit inside a longer word "
        "(确保本金) or right after a negation (不保本) is not a finding.",
        "广告法 Arts. 9(3), 16-18, 24, 25, 26; 银发〔2019〕316号; seed 000 §二(二). Each entry names its own "
        "citation (`scriptlint lexicon show`).",
        "机器人：这款理财保本保息，零风险。",
        "机器人：本产品不保本，投资有风险，过往业绩不代表未来表现。",
    ),
    Rule(
        "SL303", "false-promise", "false-promise", W, "utterance",
        "虚假或无法兑现的承诺", "False or undeliverable promise",
        "{detail}",
        "{detail}",
        "Flags guarantee language (保证, 绝对, 一定能, 百分之百, 100%, 无条件, 永久, 承诺…不变) unless "
        "negated, and deadlines with no hedge (24小时内到账, 当天放款) unless the sentence says 预计, 一般, "
        "以…为准.",
        "广告法 Arts. 4, 8, 28(2); 消费者权益保护法 Art. 20; seed 001 §1.2; AI customer-service ethics "
        "standard §三 (虚假承诺).",
        "机器人：退款24小时内到账，绝对没问题。",
        "机器人：退款将在3个工作日内到账，具体到账时间以银行处理为准。",
    ),
    Rule(
        "SL304", "policy-contradiction", "false-promise", E, "utterance",
        "承诺与公司政策不符", "Promise contradicts the team's policy",
        "此承诺与政策“{policy}”不符：{detail}",
        "This promise contradicts the policy \"{policy}\": {detail}",
        "With policy facts in the config (`[tool.scriptlint.policy.NAME]`), flags bot lines on the "
        "policy's topic that promise a shorter deadline than `max-days` or match one of its "
        "`contradicts` patterns.",
        "广告法 Art. 28(2); 消费者权益保护法 Art. 20; AI customer-service ethics standard §三 (promises "
        "must match what the company can deliver).",
        "（政策：退款3个工作日）机器人：退款24小时内到账。",
        "机器人：退款将在3个工作日内到账，具体以银行处理为准。",
    ),
    Rule(
        "SL305", "stalling", "stalling", W, "utterance",
        "话术拖延：没有具体信息", "Stalling with nothing concrete",
        "{detail}",
        "{detail}",
        "Flags waiting or passing-on phrases (请耐心等待, 已为您反馈, 会有专人联系您, 我们会尽快处理) in "
        "a sentence with nothing concrete: no ticket or reference number, no time bound, no phone "
        "number, no transfer.",
        "AI customer-service ethics standard §三 (话术拖延); 消费者权益保护法 Art. 20.",
        "机器人：正在处理中，请耐心等待。",
        "机器人：您的投诉已登记，编号为A12345，负责专员将在24小时内与您联系。",
    ),
    Rule(
        "SL306", "info-hiding", "info-hiding", W, "utterance",
        "未告知关键信息", "Key information not disclosed",
        "涉及“{policy}”时未告知关键信息（{facts}）。",
        "Talks about \"{policy}\" without stating the key fact ({facts}).",
        "With policy facts in the config, a bot line on the policy's topic must mention one of its "
        "`must-mention` facts (a fee, a deadline, a condition).",
        "消费者权益保护法 Arts. 26, 28; AI customer-service ethics standard §三 (信息隐瞒).",
        "（政策：退款需扣除手续费）机器人：可以为您办理退款。",
        "机器人：可以为您办理退款，退款需扣除1%手续费，3个工作日内到账。",
    ),
    Rule(
        "SL401", "pii-request", "pii-request", E, "utterance",
        "索要敏感个人信息", "Asks for sensitive personal data",
        "{detail}",
        "{detail}",
        "Flags bot lines that ask for an ID number, a bank card number, a password, a CVV or an SMS "
        "verification code. Warnings against giving them (请勿/不要/切勿 提供/透露/发送) are fine.",
        "PIPL Arts. 28-30 (sensitive personal information needs a need and separate consent); "
        "seed 000 §一(一) (never ask for ID or bank card numbers in a call).",
        "机器人：请提供一下您的身份证号和银行卡号。",
        "机器人：如需核验身份，请在官方APP内完成，请勿向任何人透露验证码。",
    ),
    Rule(
        "SL402", "pii-exposure", "pii-exposure", E, "utterance",
        "未脱敏的个人信息", "Unmasked personal data",
        "存在未脱敏的{kind}，请脱敏（如 138****5678）后再保存或使用。",
        "Unmasked {kind}; mask it (e.g. 138****5678) before storing or using the text.",
        "Flags unmasked personal data in any line (all speakers): mainland mobile numbers (also with "
        "spaces or dashes), 18-digit ID numbers with a valid checksum, 16-19-digit bank card numbers "
        "passing Luhn. Masked forms and 400/800 service numbers pass. The finding's text is masked.",
        "PIPL Arts. 5-6 (minimum necessary), Art. 51 (security measures); seed 001 §2.1 (mask as "
        "138****5678).",
        "机器人：您登记的手机号是13812345678。",
        "机器人：您登记的手机号是138****5678。",
    ),
)

BY_CODE: dict[str, Rule] = {r.code: r for r in RULES}
# Lexicon entries of a category are reported under this rule.
CATEGORY_RULE = {
    "sensitive-term": "SL302",
    "false-promise": "SL303",
    "stalling": "SL305",
    "pii-request": "SL401",
    "impersonation": "SL301",
}
PII_KIND_NAMES = {
    "zh": {"mobile": "手机号", "id-number": "身份证号", "bank-card": "银行卡号"},
    "en": {"mobile": "mobile number", "id-number": "ID number", "bank-card": "bank card number"},
}
