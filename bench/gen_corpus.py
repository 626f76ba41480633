"""Deterministic benchmark corpus for scriptlint: call scripts, transcripts and reply libraries.

    python bench/gen_corpus.py --out bench/out/corpus --chars 20000000 --seed 1
    python bench/gen_corpus.py --out bench/out/trad --chars 5000000 --seed 2 --traditional-ratio 1
    python bench/gen_corpus.py --big-jsonl bench/out/big.jsonl --bytes 200000000 --seed 3
    python bench/gen_corpus.py --terms bench/out/terms.txt

The same seed and size give byte-identical output (the generator depends on nothing but the
bundled lexicons and OpenCC's s2t tables; it never calls scriptlint).

What it writes (sizes are in characters of decoded file text, the unit every figure uses):
  scripts/      .txt (most) and .md call scripts, one utterance per line, speaker markers
  transcripts/  .jsonl, several calls per file, {"call_id", "role", "text", "start"?}
  replies/      .csv reply libraries, header `id,text`
  DIR.stats.json (next to DIR) characters per format, files, planted hits, near-misses, Traditional share
Call-centre text is built from templates per industry (bot/customer turns: opening with AI
disclosure and recording notice, purpose, product talk, questions, opt-out, closing). Lexicon
hits are planted about once per `--hit-every` characters (default 500): ~75% are meant to be
confirmed (the lexicons' own `must_match` examples, and lexicon terms placed in sentences), ~25%
are near-misses (`must_not_match` examples and 确保本金, 第一次, 不保本, 不承诺包就业,
请勿提供验证码, 138****5678). Some confirmed hits are written with separators (保 本, 無*風*險).
About `--traditional-ratio` of the calls / scripts / replies are converted with OpenCC('s2t').
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import random
import shutil
import sys
from functools import lru_cache
from pathlib import Path

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib  # type: ignore

ROOT = Path(__file__).resolve().parents[1]
LEXICONS = ROOT / "lexicons"
INDUSTRIES = ["finance", "education", "insurance", "ecommerce", "telecom", "healthcare", "real-estate"]
# Entries that would not occur in call-centre text; their terms stay in terms.txt.
NOT_PLANTED = {"general.sensitive-topic"}

# ---------------------------------------------------------------------------------------------
# Lexicon
# ---------------------------------------------------------------------------------------------


def load_entries() -> list[tuple[str, dict]]:
    """(pack name, entry table) for every [[entry]] of every bundled pack, in file order."""
    found = []
    for path in sorted(LEXICONS.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        pack = data.get("pack", {}).get("name", path.stem)
        for entry in data.get("entry", []):
            found.append((pack, entry))
    return found


def all_terms() -> list[str]:
    """Every term of every [[entry]] of the bundled packs, deduplicated, sorted."""
    return sorted({t for _, e in load_entries() for t in e.get("terms", [])})


def fingerprint() -> str:
    """Hash of everything the output depends on besides the arguments: this file and the lexicons."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for path in sorted(LEXICONS.glob("*.toml")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def write_terms(path: Path) -> int:
    terms = all_terms()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(t + "\n" for t in terms), encoding="utf-8")
    return len(terms)


# ---------------------------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------------------------

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
BOT_NAMES = ["小安", "小智", "小星", "小慧", "小诺", "小易", "小云", "小融", "小蓝", "小悦", "小捷", "小和"]
CITIES = ["北京", "上海", "广州", "深圳", "杭州", "成都", "武汉", "南京", "西安", "重庆", "苏州", "天津", "长沙", "郑州", "青岛", "合肥", "厦门", "昆明"]
WEEKDAYS = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]
TIMES = ["上午九点", "上午十点半", "下午两点", "下午三点", "下午四点半", "晚上七点", "中午十二点"]

INDUSTRY = {
    "finance": {
        "companies": ["华信银行", "恒通银行", "中融财富", "安和证券", "鑫源消费金融", "汇丰泰理财"],
        "products": ["稳盈系列理财", "信用卡分期", "闪借消费贷", "定期存款", "养老理财", "基金定投计划", "白金信用卡"],
        "purposes": ["提醒您信用卡账单将于{date}到期", "向您介绍一款新发行的{product}", "跟您核实一下近期的账户变动",
                     "通知您{product}的额度已经调整", "邀请您参加{date}的线上理财讲座"],
        "bot": ["这款{product}的业绩比较基准是年化{rate}，过往业绩不预示其未来表现。",
                "起购金额是{amount}元，期限{months}个月，到期后自动赎回到您的银行卡。",
                "分期手续费按月收取，费率是每期{rate}，具体以合同约定为准。",
                "您可以在{company}App的理财频道查看产品说明书和风险揭示书。",
                "申购需要先完成风险测评，测评结果为稳健型及以上才可以购买。",
                "提前支取会按活期利率计息，这一点需要您提前了解。",
                "这款产品属于中低风险等级，投资有风险，选择需谨慎。",
                "您目前的信用卡本期账单金额是{amount}元，最后还款日是{date}。",
                "如果您需要调整还款计划，可以在App的账单页面选择分期还款。",
                "我们的客户经理会在工作日{time}之前通过{company}官方号码联系您。",
                "利率会根据您的综合资质评估，最终以评估结果为准。",
                "赎回资金预计在两个工作日内回到您的账户，节假日顺延。"],
        "user": ["收益大概有多少？", "这个风险大吗？", "我之前买过你们的理财，到期了吗？", "钱什么时候能取出来？",
                 "手续费怎么算的？", "我现在手头不太方便，下个月再说吧。", "起投金额是多少？", "能不能提前赎回？",
                 "你们这个和余额宝比怎么样？", "我要考虑一下，跟家里人商量商量。"],
    },
    "education": {
        "companies": ["启明教育", "远航职业培训", "学而思维", "博文考研", "立达财会学院", "优课在线"],
        "products": ["初级会计职称课程", "考研数学全程班", "雅思冲刺班", "少儿编程体验课", "教师资格证辅导", "PMP认证班"],
        "purposes": ["邀请您参加{date}的{product}试听", "提醒您报名的{product}即将开课", "回访一下您孩子最近的学习情况",
                     "向您介绍我们新推出的{product}", "通知您{product}的直播时间调整为{date}"],
        "bot": ["{product}一共{months}个月，每周两次直播，另外有录播可以回看。",
                "课程费用是{amount}元，支持分三期付款，开课七天内可以申请退费。",
                "授课讲师都有五年以上的教学经验，具体师资介绍可以在官网查看。",
                "试听课安排在{date}{time}，地点在{city}校区三楼。",
                "学习效果因人而异，我们会根据阶段测试给出学习建议。",
                "报名后会有班主任拉您进学习群，资料会在群里统一发放。",
                "如果时间冲突，可以调到下一期的班级，不额外收费。",
                "我们提供每周一次的答疑，作业批改一般在两个工作日内完成。",
                "考试报名请以当地考试院发布的通知为准。",
                "孩子目前的水平适合从基础班开始，后面可以根据进度调整。"],
        "user": ["学费多少钱？", "能考过吗？", "老师是哪里毕业的？", "上课时间是什么时候？", "有没有优惠？",
                 "我工作比较忙，跟得上吗？", "可以先试听一下吗？", "孩子才上三年级，能学吗？", "线上还是线下？",
                 "我再看看别家的。"],
    },
    "insurance": {
        "companies": ["平顺保险", "安康人寿", "瑞泰财险", "众和保险经纪", "国寿安心"],
        "products": ["百万医疗险", "重疾保障计划", "少儿教育金", "车险续保", "意外综合保障", "养老年金险"],
        "purposes": ["提醒您的{product}将于{date}到期", "向您介绍一下{product}的升级方案", "回访您上个月的理赔服务",
                     "跟您确认一下保单的联系方式"],
        "bot": ["{product}的年缴保费是{amount}元，保障期限{months}年，具体责任以保险条款为准。",
                "等待期是九十天，等待期内确诊的疾病不在保障范围内。",
                "投保前需要如实告知健康状况，否则可能影响后续理赔。",
                "您可以在{company}公众号上查看电子保单和保障明细。",
                "理赔材料包括病历、发票和费用清单，提交后我们会在审核完成后通知您。",
                "犹豫期是十五天，犹豫期内退保可以全额退还保费。",
                "年金险的领取金额和领取时间以合同约定为准。",
                "车险续保可以在到期前三十天办理，价格会根据上一年的出险情况计算。",
                "这份保障主要针对住院医疗费用，门诊费用需要另外附加。"],
        "user": ["每年交多少钱？", "理赔麻烦吗？", "有没有免赔额？", "我有高血压能买吗？", "退保会亏吗？",
                 "去年的理赔款还没到。", "能不能按月交？", "孩子能一起保吗？", "你把条款发我看看。"],
    },
    "ecommerce": {
        "companies": ["优品商城", "鲜丰生活", "悦购平台", "万家电器", "小象优选"],
        "products": ["空气炸锅", "扫地机器人", "蓝牙耳机", "羽绒服", "有机大米", "儿童安全座椅", "电动牙刷"],
        "purposes": ["通知您订单{order}已经签收", "回访一下您对{product}的使用体验", "提醒您购物车里的{product}正在参加满减活动",
                     "跟您确认一下售后工单{ticket}的处理进度"],
        "bot": ["您购买的{product}支持七天无理由退货，商品需保持完好。",
                "订单{order}已经出库，预计两到三天送达，具体以物流信息为准。",
                "售后工单{ticket}已经受理，审核通过后退款原路返回，一般三到五个工作日。",
                "这款{product}目前的活动价是{amount}元，满三百减三十。",
                "您可以在订单详情页点击申请售后，上传商品照片即可。",
                "如果商品有质量问题，运费由我们承担。",
                "会员积分可以抵扣现金，一百积分抵一元。",
                "发票可以在订单完成后在App里申请开具电子发票。",
                "这款{product}的保修期是一年，保修期内免费维修。"],
        "user": ["我的快递怎么还没到？", "东西坏了能换吗？", "退款什么时候到？", "有没有便宜一点的？",
                 "颜色和图片不一样。", "能开发票吗？", "包装破了。", "我要投诉你们的快递员。", "你们电话多少？"],
    },
    "telecom": {
        "companies": ["星河通信", "联讯移动", "天翼宽带", "远方通信"],
        "products": ["5G畅享套餐", "千兆宽带", "亲情副卡", "国际漫游包", "流量加油包", "家庭融合套餐"],
        "purposes": ["通知您的{product}优惠将于{date}到期", "提醒您本月流量已使用百分之八十", "向您介绍一下{product}",
                     "回访一下您上次的宽带维修服务"],
        "bot": ["{product}月费{amount}元，包含通用流量三十GB和通话五百分钟，合约期{months}个月。",
                "您当前的套餐是老资费，改办新套餐后次月生效。",
                "宽带安装需要先预约，师傅会在{date}{time}上门。",
                "您可以发送短信查询余量到官方服务号码，也可以在App首页查看。",
                "合约期内月费不变，合约到期后按届时的资费执行。",
                "漫游包在出境后自动生效，按天计费，不使用不收费。",
                "副卡共享主卡的流量和通话，每张副卡每月收十元。",
                "您的话费余额是{amount}元，建议您及时充值以免停机。"],
        "user": ["网速太慢了。", "这个月话费怎么这么多？", "我要改套餐。", "宽带什么时候能修好？",
                 "出国能用吗？", "副卡怎么办理？", "合约期多久？", "我不想续约了。"],
    },
    "healthcare": {
        "companies": ["仁和体检中心", "康宁口腔", "博爱眼科医院", "华康健康管理", "安心中医馆"],
        "products": ["入职体检套餐", "种植牙项目", "近视手术", "中老年体检套餐", "洗牙护理", "慢病管理服务"],
        "purposes": ["提醒您预约的{product}在{date}", "回访一下您上次就诊后的恢复情况", "通知您体检报告已经出具",
                     "向您介绍一下{product}的预约流程"],
        "bot": ["{product}的费用是{amount}元，具体项目以现场面诊评估为准。",
                "体检前一天晚上十点以后请不要进食，第二天早上空腹到院。",
                "您的报告可以在{company}公众号上查询，有异常指标建议及时复诊。",
                "术后一周内避免剧烈运动，按医嘱使用药物。",
                "治疗效果因人而异，诊疗方案会根据您的检查结果制定。",
                "预约时间是{date}{time}，请携带有效证件原件到前台登记。",
                "如果需要改期，请提前一天在预约系统里调整。",
                "医保是否可以报销，以当地医保政策为准。"],
        "user": ["疼不疼？", "要多长时间？", "能用医保吗？", "我血压有点高，能做吗？", "报告出来了吗？",
                 "可以改到周末吗？", "效果怎么样？", "需要空腹吗？"],
    },
    "real-estate": {
        "companies": ["链城地产", "安居置业", "华府物业", "新城房产经纪", "悦湖湾售楼处"],
        "products": ["悦湖湾二期", "滨江花园三居室", "学区公寓", "商铺租赁", "物业服务", "精装两居室"],
        "purposes": ["邀请您参加{date}的{product}开放日", "提醒您本季度物业费将于{date}截止缴纳", "回访一下您上周看房的感受",
                     "向您介绍一下{product}的最新房源"],
        "bot": ["{product}的建筑面积是八十九平方米，参考总价{amount}万元，具体以备案价为准。",
                "项目距离地铁站步行十分钟，周边有两所公立小学。",
                "首付比例按{city}当地政策执行，贷款额度以银行最终核定为准。",
                "看房可以预约{date}{time}，置业顾问会在售楼处接待您。",
                "物业费每月每平方米二点五元，可以在业主App上缴纳。",
                "交房时间预计在明年六月，以合同约定为准。",
                "房价受市场影响会有波动，购房请结合自身需求谨慎决策。",
                "车位需要单独购买，目前还有少量在售。"],
        "user": ["多少钱一平？", "离地铁远吗？", "学区是哪个学校？", "首付要多少？", "什么时候交房？",
                 "物业费能不能便宜点？", "我周末有空。", "有没有小户型？"],
    },
}

GREETINGS = ["您好，我是{company}的智能语音助手{bot}，本次通话可能会被录音。",
             "您好，我是{company}的智能机器人{bot}，本次通话可能会被录音。",
             "{name}您好，这里是{company}的智能语音助手，本次通话可能会被录音。",
             "您好，这里是{company}智能语音助手{bot}，为保障服务质量，本次通话将会录音。",
             "{name}您好，我是{company}的AI助手{bot}，通话过程可能会被录音，请您知悉。",
             "您好，我是{company}的人工智能客服，本通电话会被录音用于服务质量改进。"]
PURPOSE_LEADS = ["本次来电是想{purpose}。", "今天致电是想{purpose}。", "联系您是想{purpose}。"]
OPT_OUTS = ["如果您不需要，可以直接挂断，我们不再打扰。", "如不需要，请按1键结束通话。",
            "您也可以直接说“不需要”，我们会将您移出名单。", "如果您不感兴趣，可以直接挂断电话。"]
CLOSINGS = ["感谢您的接听，祝您生活愉快，再见。", "好的，那就不打扰您了，再见。", "感谢您的耐心，稍后会把相关信息以短信形式发给您，再见。",
            "好的，有需要随时联系我们，祝您一切顺利。"]
ACKS = ["嗯，你说。", "好的。", "哦，是这样啊。", "你继续说。", "明白了。", "嗯嗯。", "行吧。", "那你简单说一下。", "我在听。"]
BOT_LINKS = ["好的，我跟您说明一下。", "明白，您的问题我记下了。", "好的，这个问题我来为您解答。", "嗯，理解您的顾虑。",
             "我这边给您查询一下，请稍候。", "感谢您的耐心。", "您说的情况我已经了解了。"]
INBOUND_GREETINGS = ["您好，我是{company}的智能客服{bot}，请问有什么可以帮您？转人工请说“人工服务”。",
                     "您好，欢迎致电{company}，我是智能语音助手，本次通话可能会被录音，人工服务请按0。"]

# Near-misses from the brief; {..} slots are filled like any template.
NEAR_MISS_EXTRA = ["确保本金安全是我们产品设计的首要原则。", "这是您第一次办理我们的业务吗？", "本产品不保本，投资有风险，请谨慎选择。",
                   "我们不承诺包就业，课程结束后会提供就业指导。", "请勿向任何人提供短信验证码，我们的工作人员不会索要。",
                   "您登记的手机号是{masked}，对吗？", "您尾号{last4}的手机号是否还在使用？核对一下是{masked}。",
                   "为了您的资金安全，请不要透露银行卡密码。", "这是您第一次参加我们的线下活动，欢迎您。"]
# Templates for a planted term of a plain entry (no requires / unless / pattern).
HIT_TEMPLATES = ["我们这款{product}{term}，您可以放心。", "很多老客户反馈{term}，所以特别推荐给您。",
                 "跟您说实话，{term}，这是我们今年主推的。", "{name}，我们的{product}{term}，名额不多。",
                 "这个方案{term}，您考虑一下？", "我们{company}{term}，您完全不用担心。"]
END_PUNCT = set("。！？!?；;…～")
SEPARATORS = [" ", "*", "-", "·", " ", "_", "|", "~"]


@lru_cache(maxsize=None)
def _s2t():
    from opencc import OpenCC
    return OpenCC("s2t")


@lru_cache(maxsize=200_000)
def to_traditional(text: str) -> str:
    return _s2t().convert(text)


class Generator:
    """All randomness comes from one random.Random(seed); output depends on nothing else."""

    def __init__(self, seed: int, traditional_ratio: float = 0.1, hit_every: int = 500, near_miss_share: float = 0.25,
                 evasion_share: float = 0.1) -> None:
        self.rng = random.Random(seed)
        self.traditional_ratio = traditional_ratio
        self.hit_every = hit_every
        self.near_miss_share = near_miss_share
        self.evasion_share = evasion_share
        self.stats = {"planted_confirmed": 0, "planted_near_miss": 0, "planted_evasion": 0, "planted_pii": 0,
                      "traditional_units": 0, "units": 0, "traditional_chars": 0, "text_chars": 0}
        entries = [(p, e) for p, e in load_entries() if e.get("id") not in NOT_PLANTED]
        # confirmed hits: (industry or None, sentence, is_template)
        self.examples: dict[str, list[str]] = {}
        self.plain_terms: dict[str, list[str]] = {}
        self.near: dict[str, list[str]] = {}
        for pack, entry in entries:
            key = pack if pack in INDUSTRY else "general"
            self.examples.setdefault(key, []).extend(entry.get("must_match", []))
            self.near.setdefault(key, []).extend(entry.get("must_not_match", []))
            plain = not any(k in entry for k in ("requires", "unless", "pattern", "allow"))
            if plain and entry.get("category") in ("sensitive-term", "false-promise"):
                self.plain_terms.setdefault(key, []).extend(entry.get("terms", []))
        self._budget = self._gap()
        self.traditional = False

    # -- helpers ---------------------------------------------------------------------------
    def _gap(self) -> int:
        return self.rng.randint(self.hit_every // 2, self.hit_every * 3 // 2)

    def pick(self, items):
        return items[self.rng.randrange(len(items))]

    def slots(self, industry: str, company: str) -> dict:
        r = self.rng
        data = INDUSTRY[industry]
        month, day = r.randint(1, 12), r.randint(1, 28)
        phone = f"1{r.choice('3456789')}{r.randint(0, 9)}"
        last4 = f"{r.randint(0, 9999):04d}"
        return {
            "company": company, "bot": self.pick(BOT_NAMES), "product": self.pick(data["products"]),
            "amount": self.pick(["199", "299", "1000", "5000", "10000", "2,680", "39.9", "88", "12800", "150"]),
            "rate": self.pick(["2.85%", "3.1%", "0.6%", "4.2%", "1.75%"]), "months": self.pick(["3", "6", "12", "24", "36"]),
            "date": f"{month}月{day}日", "time": self.pick(TIMES), "city": self.pick(CITIES),
            "name": self.pick(SURNAMES) + self.pick(["先生", "女士"]), "masked": f"{phone}****{last4}", "last4": last4,
            "order": f"{r.randint(10**11, 10**12 - 1)}", "ticket": f"GD{r.randint(100000, 999999)}",
            "weekday": self.pick(WEEKDAYS),
        }

    def fill(self, template: str, slots: dict) -> str:
        if self.traditional:
            template = to_traditional(template)
            slots = {k: to_traditional(v) for k, v in slots.items()}
        try:
            return template.format(**slots)
        except (KeyError, IndexError, ValueError):
            return template  # lexicon examples may hold braces: use them verbatim

    def _evade(self, term: str) -> str:
        sep = self.pick(SEPARATORS)
        return sep.join(term) if len(term) <= 4 else term[:2] + sep + term[2:]

    def planted(self, industry: str, slots: dict) -> str | None:
        """A planted sentence when the hit budget is spent, else None."""
        text = self._planted(industry, slots)
        if text is not None and text[-1:] not in END_PUNCT:
            text += "。"
        return text

    def _planted(self, industry: str, slots: dict) -> str | None:
        if self._budget > 0:
            return None
        self._budget += self._gap()
        r = self.rng
        keys = ["general", industry] if industry in self.examples else ["general"]
        key = keys[0] if r.random() < 0.45 else keys[-1]
        if r.random() < self.near_miss_share:
            self.stats["planted_near_miss"] += 1
            pool = NEAR_MISS_EXTRA if r.random() < 0.4 else self.near.get(key) or NEAR_MISS_EXTRA
            return self.fill(self.pick(pool), slots)
        self.stats["planted_confirmed"] += 1
        terms = self.plain_terms.get(key) or self.plain_terms["general"]
        if r.random() < 0.5 and terms:
            term = self.pick(terms)
            if self.traditional:
                term = to_traditional(term)
            if r.random() < self.evasion_share * 2:  # half of the hits are templates: 2x keeps ~10% overall
                term = self._evade(term)
                self.stats["planted_evasion"] += 1
            return self.fill(self.pick(HIT_TEMPLATES), {**slots, "term": "{term}"}).replace("{term}", term)
        return self.fill(self.pick(self.examples.get(key) or self.examples["general"]), slots)

    def count(self, text: str) -> str:
        self._budget -= len(text)
        if self.traditional:
            self.stats["traditional_chars"] += len(text)
        self.stats["text_chars"] += len(text)
        return text

    def overhead(self, chars: int) -> None:
        """File characters around the utterance text (markers, JSON keys, CSV ids) also count
        towards the distance between planted hits: density is per file character."""
        self._budget -= chars

    def unit(self) -> None:
        """Start a call / script / reply: Traditional or not."""
        self.traditional = self.rng.random() < self.traditional_ratio
        self.stats["units"] += 1
        self.stats["traditional_units"] += self.traditional

    # -- calls ----------------------------------------------------------------------------
    def call(self, industry: str, turns: int, inbound: bool = False) -> list[tuple[str, str]]:
        """One call as (role, text) turns, role 'bot' or 'user'."""
        data = INDUSTRY[industry]
        company = self.pick(data["companies"])
        slots = self.slots(industry, company)
        out: list[tuple[str, str]] = []

        def say(role: str, template: str) -> None:
            text = self.fill(template, slots)
            extra = self.planted(industry, slots) if role == "bot" else None
            if extra is not None:
                text = text + extra if self.rng.random() < 0.6 else extra
            elif role == "user" and self._budget <= 0 and self.rng.random() < 0.1:
                extra = self.planted(industry, slots)  # now and then the customer says it
                text = text + (extra or "")
            out.append((role, self.count(text)))

        if inbound:
            say("bot", self.pick(INBOUND_GREETINGS))
            say("user", self.pick(data["user"]))
        else:
            say("bot", self.pick(GREETINGS))
            say("bot", self.pick(PURPOSE_LEADS).replace("{purpose}", self.pick(data["purposes"])))
            say("user", self.pick(ACKS))
        for i in range(turns):
            slots["product"] = self.pick(data["products"])
            if self.rng.random() < 0.35:
                say("bot", self.pick(BOT_LINKS) + self.pick(data["bot"]))
            else:
                say("bot", self.pick(data["bot"]))
            if i == turns // 2 and not inbound:
                say("bot", self.pick(OPT_OUTS))
            if self.rng.random() < 0.004:
                self.stats["planted_pii"] += 1
                digits = f"1{self.rng.choice('3589')}{self.rng.randint(0, 9)} {self.rng.randint(0, 9999):04d} {self.rng.randint(0, 9999):04d}"
                say("user", f"你打我这个号码吧，{digits}。")
            else:
                say("user", self.pick(data["user"] + ACKS))
        say("bot", self.pick(CLOSINGS))
        return out

    def reply(self, industry: str, target: int = 60) -> str:
        """One standalone bot reply of about `target` characters."""
        data = INDUSTRY[industry]
        slots = self.slots(industry, self.pick(data["companies"]))
        parts: list[str] = []
        size = 0
        while size < target:
            extra = self.planted(industry, slots)
            piece = extra if extra is not None else self.fill(self.pick(data["bot"] + BOT_LINKS), slots)
            if extra is None and piece in parts:
                continue
            self._budget -= len(piece)
            if self.traditional:
                self.stats["traditional_chars"] += len(piece)
            self.stats["text_chars"] += len(piece)
            parts.append(piece)
            size += len(piece)
        return "".join(parts)


# ---------------------------------------------------------------------------------------------
# File writers
# ---------------------------------------------------------------------------------------------

TXT_MARKERS = [("坐席：", "客户："), ("AI: ", "User: "), ("【坐席】", "【客户】"), ("销售：", "用户："), ("机器人：", "客户："),
               ("Agent: ", "Customer: ")]


def script_txt(gen: Generator, industry: str, lines: int) -> str:
    bot, user = gen.pick(TXT_MARKERS)
    out = [f"# scriptlint: channel=phone direction=outbound industry={industry}", f"# {industry} 外呼话术"]
    while len(out) < lines:
        gen.unit()
        for role, text in gen.call(industry, gen.rng.randint(4, 10)):
            marker = bot if role == "bot" else user
            out.append(marker + text)
            gen.overhead(len(marker) + 1)
        out.append("")
    return "\n".join(out) + "\n"


def script_md(gen: Generator, industry: str, lines: int) -> str:
    out = [f"# {industry} 话术库", ""]
    n = 0
    while len(out) < lines:
        gen.unit()
        n += 1
        out += [f"## 场景 {n}", ""]
        for role, text in gen.call(industry, gen.rng.randint(4, 10)):
            out.append("- " + ("坐席：" if role == "bot" else "客户：") + text)
            gen.overhead(6)
        out.append("")
    return "\n".join(out) + "\n"


def transcript_lines(gen: Generator, industry: str, call_id: str, inbound: bool) -> list[str]:
    gen.unit()
    lines = []
    start = 0.0
    timed = gen.rng.random() < 0.5
    for role, text in gen.call(industry, gen.rng.randint(5, 14), inbound):
        turn = {"call_id": call_id, "role": role, "text": text}
        if timed:
            turn["start"] = round(start, 1)
            start += len(text) / 4.0 + gen.rng.uniform(0.5, 3.0)
        line = json.dumps(turn, ensure_ascii=False)
        lines.append(line)
        gen.overhead(len(line) + 1 - len(text))
    return lines


def transcript_jsonl(gen: Generator, industry: str, calls: int, prefix: str) -> str:
    out: list[str] = []
    inbound = gen.rng.random() < 0.3
    for n in range(calls):
        out += transcript_lines(gen, industry, f"{prefix}-{n:05d}", inbound)
    return "\n".join(out) + "\n"


def replies_csv(gen: Generator, industry: str, rows: int, prefix: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["id", "text"])
    for n in range(rows):
        gen.unit()
        key = f"{prefix}-{n:05d}"
        writer.writerow([key, gen.reply(industry, gen.rng.randint(30, 140))])
        gen.overhead(len(key) + 2)
    return buffer.getvalue()


# share of characters per format
MIX = [("scripts", "txt", 0.32), ("scripts", "md", 0.06), ("transcripts", "jsonl", 0.42), ("replies", "csv", 0.20)]


def generate(out: Path, chars: int, seed: int, traditional_ratio: float = 0.1, hit_every: int = 500) -> dict:
    gen = Generator(seed, traditional_ratio, hit_every)
    out.mkdir(parents=True, exist_ok=True)
    for folder in {f for f, _, _ in MIX}:  # a rerun replaces the corpus, never mixes two
        if (out / folder).is_dir():
            shutil.rmtree(out / folder)
    written = {f"{folder}/{ext}": 0 for folder, ext, _ in MIX}
    files = {key: 0 for key in written}
    total = 0
    # Interleave formats so any prefix of the corpus has the same mix.
    while total < chars:
        for folder, ext, share in MIX:
            key = f"{folder}/{ext}"
            if written[key] > share * max(total, 1) and total > 0:
                continue
            industry = gen.pick(INDUSTRIES)
            n = files[key]
            name = f"{industry}_{seed}_{n:05d}.{ext}"
            if ext == "txt":
                text = script_txt(gen, industry, gen.rng.randint(40, 160))
            elif ext == "md":
                text = script_md(gen, industry, gen.rng.randint(40, 160))
            elif ext == "jsonl":
                text = transcript_jsonl(gen, industry, gen.rng.randint(40, 120), f"{industry[:3].upper()}{seed}-{n:04d}")
            else:
                text = replies_csv(gen, industry, gen.rng.randint(300, 1200), f"R{seed}-{n:04d}")
            (out / folder).mkdir(exist_ok=True)
            (out / folder / name).write_text(text, encoding="utf-8")
            written[key] += len(text)
            files[key] += 1
            total += len(text)
            if total >= chars:
                break
    stats = {"fingerprint": fingerprint(), "seed": seed, "requested_chars": chars, "chars": total, "traditional_ratio": traditional_ratio, "hit_every": hit_every,
             "chars_by_format": written, "files_by_format": files, "files": sum(files.values()), **gen.stats}
    stats["planted_per_500_chars"] = round(500 * (stats["planted_confirmed"] + stats["planted_near_miss"]) / max(total, 1), 3)
    stats["traditional_share_of_text"] = round(stats.pop("traditional_chars") / max(stats["text_chars"], 1), 3)
    stats["raw_term_hits"] = raw_hits(out)
    stats["raw_term_hits_per_500_chars"] = round(500 * stats["raw_term_hits"] / max(total, 1), 3)
    stats_path(out).write_text(json.dumps(stats, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return stats


def stats_path(out: Path) -> Path:
    """Statistics sit next to the corpus folder, not in it (scriptlint would lint a .json)."""
    return out.parent / (out.name + ".stats.json")


def raw_hits(folder: Path) -> int:
    """Substring occurrences of the lexicon terms (as grep -o -F would count them, without overlaps)."""
    try:
        import ahocorasick
    except ImportError:
        return -1
    automaton = ahocorasick.Automaton()
    for term in all_terms():
        automaton.add_word(term, len(term))
    automaton.make_automaton()
    count = 0
    for path in sorted(folder.rglob("*")):
        if path.suffix in (".txt", ".md", ".jsonl", ".csv"):
            text = path.read_text(encoding="utf-8")
            count += sum(1 for _ in automaton.iter_long(text))
    return count


def big_jsonl(path: Path, size_bytes: int, seed: int) -> dict:
    """One transcript file of about `size_bytes` bytes, streamed to disk: a pool of generated calls
    (about 8 MB) is written over and over, every copy with fresh call ids."""
    gen = Generator(seed, 0.1)
    pool: list[str] = []
    pool_bytes = 0
    n = 0
    while pool_bytes < min(8_000_000, size_bytes):
        industry = gen.pick(INDUSTRIES)
        block = "\n".join(transcript_lines(gen, industry, "@CALL@", gen.rng.random() < 0.3)) + "\n"
        pool.append(block)
        pool_bytes += len(block.encode("utf-8"))
        n += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    calls = 0
    chars = 0
    with open(path, "w", encoding="utf-8") as handle:
        while written < size_bytes:
            for block in pool:
                text = block.replace("@CALL@", f"BIG{seed}-{calls:08d}")
                handle.write(text)
                written += len(text.encode("utf-8"))
                chars += len(text)
                calls += 1
                if written >= size_bytes:
                    break
    return {"fingerprint": fingerprint(), "seed": seed, "requested_bytes": size_bytes, "path": str(path), "bytes": written, "chars": chars, "calls": calls, "distinct_calls": n}


# --- small inputs for run.py: cold start and API latency -------------------------------------

CLEAN_SCRIPT = """# scriptlint: channel=phone direction=outbound
机器人：您好，我是星河通信的智能客服机器人小星，本次通话可能会被录音。
机器人：本次来电是想提醒您，您的5G畅享套餐优惠将于下月1日到期，可以续订同价套餐。如不需要，请按1键结束通话。
客户：嗯，你说。
机器人：续订后月费仍是59元，包含通用流量三十GB和通话五百分钟，合约期12个月。
客户：续订以后价格会变吗？
机器人：合约期内月费不变，合约到期后按届时的资费执行，详细条款会以短信发送给您。
客户：宽带能一起办吗？我家在东湖小区。
机器人：宽带安装需要先预约，您可以在星河通信App输入地址查询是否覆盖，师傅会按预约时间上门。
客户：副卡怎么收费？
机器人：副卡共享主卡的流量和通话，每张副卡每月收十元，可以在App的套餐页面添加。
客户：行，我再想想。
机器人：好的，您可以随时在星河通信App里办理续订，感谢您的接听，祝您生活愉快，再见。
"""

HITS_SCRIPT = """# scriptlint: channel=phone direction=outbound industry=finance
机器人：您好，我是华信银行的智能客服机器人小安，本次通话可能会被录音。
机器人：本次来电是想向您介绍一款新发行的稳盈系列理财。如不需要，请按1键结束通话。
客户：嗯，你说。
机器人：这款理财产品保本保息，年化收益稳定，您放心。
客户：风险大吗？
机器人：这款产品没有任何风险，而且是全网最低的申购费，很多老客户都说是最佳选择。
客户：钱什么时候能取出来？
机器人：赎回资金一般在两个工作日内到账，具体以银行处理时间为准。确保本金安全是我们的首要原则。
客户：我再想想。
机器人：好的，这是您第一次了解我们的产品，资料会以短信发送给您，请勿向任何人提供短信验证码。
机器人：感谢您的接听，祝您生活愉快，再见。
"""


def api_replies(count: int, seed: int, length: int = 200, traditional_ratio: float = 0.1) -> list[str]:
    """`count` different replies of exactly `length` characters, same hit density as the corpus."""
    gen = Generator(seed, traditional_ratio)
    out: list[str] = []
    seen: set[str] = set()
    while len(out) < count:
        gen.unit()
        text = gen.reply(gen.pick(INDUSTRIES), length)[:length]
        if text not in seen:
            seen.add(text)
            out.append(text)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="corpus folder to write")
    parser.add_argument("--chars", type=int, default=20_000_000, help="characters to write (at least)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--traditional-ratio", type=float, default=0.1, help="share of calls/scripts/replies in Traditional (1 = all)")
    parser.add_argument("--hit-every", type=int, default=500, help="mean characters between planted hits")
    parser.add_argument("--big-jsonl", type=Path, help="write one big transcript file instead of a corpus")
    parser.add_argument("--bytes", type=int, default=200_000_000, help="size of --big-jsonl in bytes")
    parser.add_argument("--terms", type=Path, help="write every lexicon term, one per line, to this file")
    args = parser.parse_args(argv)
    did = False
    if args.terms:
        print(f"{write_terms(args.terms)} terms -> {args.terms}")
        did = True
    if args.big_jsonl:
        print(json.dumps(big_jsonl(args.big_jsonl, args.bytes, args.seed)))
        did = True
    if args.out:
        print(json.dumps(generate(args.out, args.chars, args.seed, args.traditional_ratio, args.hit_every), ensure_ascii=False))
        did = True
    if not did:
        parser.error("give --out, --big-jsonl or --terms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
