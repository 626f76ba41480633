"""Call-script text for the encoding tests and bench/encoding_accuracy.py.

The sentences are written for this file (Simplified); the Traditional text is OpenCC's s2tw
conversion of them, as a Taiwan team's export would read.
"""
from __future__ import annotations

import random

SENTENCES = (
    "您好，我是青禾银行的智能客服小禾，本次通话可能会被录音。",
    "打扰您两分钟，想跟您确认一下上个月的信用卡账单是否已经收到。",
    "我们这边显示您的账户有一笔分期还款将在本周五到期。",
    "如果您现在不方便接听，我可以换个时间再给您来电。",
    "这款定期存款产品的年化利率是浮动的，具体以签约当天公布的为准。",
    "请您不要向任何人透露短信验证码，包括自称客服的工作人员。",
    "您的快递已经到达小区门口的驿站，取件码稍后会以短信发给您。",
    "请问您对这次上门安装的服务满意吗？可以给我们打个分。",
    "宽带提速之后如果网速还是不稳定，您可以随时拨打热线报修。",
    "本周末商场有会员专场活动，积分可以抵扣一部分现金。",
    "孩子的试听课安排在下周三下午四点，请提前十分钟到前台签到。",
    "关于退款的问题，审核通过后一般三到五个工作日原路退回。",
    "您反映的情况我已经记录下来了，会尽快转交给相关部门处理。",
    "如需人工服务，请在听到提示音后按零，我们会为您转接坐席。",
    "保险合同生效前有十五天的犹豫期，期间退保不扣手续费。",
    "这套房子采光很好，离地铁站步行大约八分钟，周边配套也比较齐全。",
    "体检报告出来以后，医生会根据结果给您一些生活上的建议。",
    "您的话费余额已经不足十元，为了不影响使用，请及时充值。",
    "很抱歉让您久等了，刚才系统有点忙，现在帮您继续查询。",
    "我们的课程顾问会在今天晚上七点以后联系您，请留意来电。",
    "如果您不想再接到此类电话，可以回复退订，我们会登记处理。",
    "您好，这里是城东物业服务中心，提醒您明天上午停水两个小时。",
    "您这张卡的年费可以通过每年消费满六次来免除。",
    "本次通话的内容仅用于核实身份，不会用于其他用途。",
    "请您核对一下收货地址和联系电话，确认无误后我们就安排发货。",
    "这个套餐每月包含三十个吉字节的流量和五百分钟的通话。",
    "理财产品有风险，过往业绩不代表未来表现，请根据自身情况谨慎选择。",
    "我们会在收到材料后的两个工作日内给您答复。",
    "您刚才说的问题比较复杂，我帮您转给专门负责的同事。",
    "活动期间新用户首单可以享受九折优惠，老用户也有专属红包。",
    "请问您家里有几口人？平时主要是谁在用这条宽带？",
    "您的预约已经改到下周一上午十点，地点不变。",
    "如果对处理结果不满意，您还可以通过官方渠道进行投诉。",
    "为了保护您的隐私，身份证号码只需要告诉我后四位即可。",
    "感谢您的耐心配合，祝您生活愉快，再见。",
    "这款车险续保的话，今年没有出险记录可以享受一定的优惠。",
    "老师会根据孩子的基础来调整进度，不会一下子讲得太快。",
    "请您保持手机畅通，配送员到达前会提前打电话联系您。",
    "我们不会以任何理由要求您把钱转到所谓的安全账户。",
    "您的贷款申请还在审核中，最终额度以审批结果为准。",
    "门诊的挂号时间是早上七点半开始，周日下午医生休息。",
    "如有疑问，欢迎随时在工作时间内联系我们的服务热线。",
    "您之前咨询的那款净水器，现在有以旧换新的活动。",
    "这个月的电费比上个月多了一些，主要是空调用得比较多。",
    "请问还有其他需要帮您处理的吗？没有的话我就先挂断了。",
)
# Names of people, firms and places with less common characters, as real scripts have them:
# the hard case for telling encodings apart (written for this file, none of them real).
RARE_WORDS = (
    "欧阳婧琪", "司马彧", "诸葛翀", "鑫源小贷", "瑞昶物流", "琰珑珠宝", "沅澧茶庄", "邕江花园",
    "赣鄱置业", "甬城保险", "莘庄店", "浔阳路", "渑池分行", "郴州营业厅", "钰琦美容", "翟晟律师",
    "蔺氏药房", "郦湾公寓", "岚皋支行", "滢澜水务", "骞骅车行", "芮珂教育", "邝氏茶餐厅", "鄞州仓",
)
# Speaker markers as a script file starts its lines; "" is a line without a marker.
MARKERS = ("机器人：", "客户：", "坐席：", "", "【客服】")

_s2tw = None


def traditional(text: str) -> str:
    """The Taiwan Traditional form of Simplified text (OpenCC s2tw)."""
    global _s2tw
    if _s2tw is None:
        from opencc import OpenCC  # type: ignore[import-untyped]

        _s2tw = OpenCC("s2tw").convert
    return str(_s2tw(text))


def han_count(text: str) -> int:
    return sum(1 for char in text if "\u4e00" <= char <= "\u9fff")


def _cut(line: str, han: int) -> str:
    """`line` up to and with its `han`-th Chinese character."""
    kept = 0
    for index, char in enumerate(line):
        kept += "\u4e00" <= char <= "\u9fff"
        if kept == han:
            return line[:index + 1]
    return line


def script_text(rng: random.Random, han: int, script: str = "simplified", rare: float = 0.0) -> str:
    """A script of `han` Chinese characters (the last line cut short if need be), one
    sentence a line with or without a speaker marker, Simplified or Traditional; a line starts
    with a name of RARE_WORDS with probability `rare`."""
    lines: list[str] = []
    count = 0
    while count < han:
        name = rng.choice(RARE_WORDS) + "，" if rng.random() < rare else ""
        line = _cut(rng.choice(MARKERS) + name + rng.choice(SENTENCES), han - count)
        lines.append(line)
        count += han_count(line)
    text = "\n".join(lines) + "\n"
    return traditional(text) if script == "traditional" else text
