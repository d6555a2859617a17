"""Quantified targets stated in prose, and numbers the PDF extraction lost.

Sentences are quoted from the seed plans (samples/plans, identical to the seeds) with PDF line
breaks joined; comments give seed and line. Cases marked "genre" use the other wordings plans of
this family use for the same kind of target.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from policykg.loaders.rules.lost_digits import find_lost_numbers
from policykg.loaders.rules.targets import ProseTarget, find_prose_targets

PLANS = Path(__file__).resolve().parents[2] / "samples" / "plans"

# (text, [(name, value, unit, baseline, qualifier, year), ...])
Expected = tuple[str, str, str | None, str | None, str | None, int | None]

TARGETS: list[tuple[str, list[Expected]]] = [
    # seed 000 line 43: commas inside the brackets do not end the name; 力争 is dropped
    (
        "优化医院收入结构，力争医疗服务收入（不含药品、耗材、检查、化验收入）占医疗收入的比例达到35%以上。",
        [
            (
                "医疗服务收入（不含药品、耗材、检查、化验收入）占医疗收入的比例",
                "35",
                "%",
                None,
                "以上",
                None,
            )
        ],
    ),
    # seed 000 line 40: a ratio; 逐步使 and 总体 are dropped
    (
        "增加护士配备，逐步使公立医院医护比总体达到1∶2左右。",
        [("公立医院医护比", "1∶2", None, None, "左右", None)],
    ),
    # genre: the ratio sign as a full-width colon
    ("医护比达到1：2。", [("医护比", "1：2", None, None, None, None)]),
    # genre: baseline and target in one phrase
    (
        "到2025年，三级公立医院CMI值从0.9提升到1.2。",
        [("三级公立医院CMI值", "1.2", None, "0.9", None, 2025)],
    ),
    # genre: 达 without 到
    ("中医类别执业医师占比达20%。", [("中医类别执业医师占比", "20", "%", None, None, None)]),
    # genre: verb, noun, number
    ("到2025年，建成互联网医院12家。", [("建成互联网医院", "12", "家", None, None, 2025)]),
    # seed 000 line 27: two targets after one verb
    (
        "加强定点医院救治能力建设，新增负压救护车10台、负压病房3间。",
        [
            ("新增负压救护车", "10", "台", None, None, None),
            ("新增负压病房", "3", "间", None, None, None),  # the verb carries over
        ],
    ),
    # seed 000 line 45: the year comes from 2023年底前 in the same sentence
    (
        "巩固医改便民长效机制，持续改善医疗服务。2023年底前，三级医院预约诊疗率达50%以上，"
        "实现区内同级医院间检查检验结果互认。",
        [("三级医院预约诊疗率", "50", "%", None, "以上", 2023)],
    ),
    # seed 000 line 42: a second clause with no verb of its own
    (
        "持续实施医学人才培养工程，到2025年力争引进和培养高层次医疗卫生人才50名以上，学科带头人10人以上。",
        [
            ("引进和培养高层次医疗卫生人才", "50", "名", None, "以上", 2025),
            ("引进和培养学科带头人", "10", "人", None, "以上", 2025),
        ],
    ),
    # seed 003 line 20: 全区 dropped; two targets under one 到2027年底
    (
        "到2027年底，全区建成甲级基层医疗机构的比例不低于70%，建成社区医院的社区卫生服务中心比例达到45%以上。",
        [
            ("建成甲级基层医疗机构的比例", "70", "%", None, "不低于", 2027),
            ("建成社区医院的社区卫生服务中心比例", "45", "%", None, "以上", 2027),
        ],
    ),
    # seed 003 line 32: 分别 spreads two values over two names
    (
        "对基层中医馆提档升级，到2027年，精品中医馆、示范中医馆达标率分别不低于35%、15%。",
        [
            ("精品中医馆达标率", "35", "%", None, "不低于", 2027),
            ("示范中医馆达标率", "15", "%", None, "不低于", 2027),
        ],
    ),
    # genre: 分别 with the shared tail after the second item
    (
        "二级和三级医院平均住院日分别控制在9天、8天以内。",
        [
            ("二级医院平均住院日", "9", "天", None, "以内", None),
            ("三级医院平均住院日", "8", "天", None, "以内", None),
        ],
    ),
    # seed 003 line 30: verb, number, noun; and a share of a class
    (
        "到2027年，设立至少2所护理院（中心），二级及以上综合性医院100%设立老年医学科。",
        [
            ("设立护理院（中心）", "2", "所", None, "至少", 2027),
            ("二级及以上综合性医院设立老年医学科的比例", "100", "%", None, None, 2027),
        ],
    ),
    # seed 000 line 50: 、 inside the name; 全区 dropped
    (
        "全区公立医院修订完善医院党委会、院长办公会议事规则率达100%。",
        [("公立医院修订完善医院党委会、院长办公会议事规则率", "100", "%", None, None, None)],
    ),
    # seed 000 line 31: 成功申报 is the verb
    (
        "力争成功申报市级科研课题3项以上。",
        [("成功申报市级科研课题", "3", "项", None, "以上", None)],
    ),
    # seed 000 line 27: 至少 before the verb
    (
        "公立医院至少建成1支背囊化快速反应小分队。",
        [("建成背囊化快速反应小分队", "1", "支", None, "至少", None)],
    ),
    # seed 000 line 26: a per-institution target (每个 stays in the name) met by either of two
    # alternatives joined by 或: one target
    (
        "到2025年，每个区级医疗机构帮助基层单位创建至少1个甲级乡镇卫生院或1个甲级社区卫生服务中心，"
        "实现小病不出乡。",
        [
            ("每个区级医疗机构帮助基层单位创建甲级乡镇卫生院或甲级社区卫生服务中心", "1", "个",
             None, "至少", 2025),
        ],
    ),
    # genre: two counts under one verb are two targets
    (
        "到2027年，设立2所护理院、3个安宁疗护中心。",
        [
            ("设立护理院", "2", "所", None, None, 2027),
            ("设立安宁疗护中心", "3", "个", None, None, 2027),
        ],
    ),
    # seed 000 line 33: a count written in a Chinese numeral, read as digits (两 -> 2)
    (
        "推进公立医院智慧医院建设，力争辖区内创建两家智慧医院。",
        [("创建智慧医院", "2", "家", None, None, None)],
    ),
    # seed 000 line 46: a share of a class after a list: the share of the class that does it
    (
        "到2025年，全区所有三级公立医院、50%的二级公立医院达到“美丽医院”建设标准。",
        [("达到“美丽医院”建设标准的二级公立医院比例", "50", "%", None, None, 2025)],
    ),
    # seed 003 line 23: a range; 申报立项 is one verb; 等8个……建设 counts what is built
    (
        "到2027年力争申报立项市级临床（中医）重点专科3-5个，推进区级心血管疾病、脑卒中等8个重大慢性病防治中心建设。",
        [
            ("申报立项市级临床（中医）重点专科", "3-5", "个", None, None, 2027),
            ("建设重大慢性病防治中心", "8", "个", None, None, 2027),
        ],
    ),
    # seed 001 line 17: parallel shares keep their subject; each is named as a share
    (
        "县医院100%达到医疗服务能力基本标准、80%达到推荐标准。",
        [
            ("县医院达到医疗服务能力基本标准的比例", "100", "%", None, None, None),
            ("县医院达到推荐标准的比例", "80", "%", None, None, None),
        ],
    ),
    # seed 001 line 22: 布局 is a verb of building
    (
        "有序整合医疗资源，网格化布局4个紧密型城市医疗集团，分别由市级三甲医院牵头。",
        [("布局紧密型城市医疗集团", "4", "个", None, None, None)],
    ),
    # seed 001 line 24: what a class does, measured in %, is a share
    (
        "全市二级以上公立综合医院设置感染性疾病科达100%。",
        [("二级以上公立综合医院设置感染性疾病科的比例", "100", "%", None, None, None)],
    ),
    # seed 001 line 30: a share that opens the clause, no 的
    (
        "80%二级以上公立医疗机构开展预约诊疗、检验检查结果查询、移动支付、候诊提醒服务。",
        [("二级以上公立医疗机构开展预约诊疗、检验检查结果查询、移动支付、候诊提醒服务的比例",
          "80", "%", None, None, None)],
    ),
    # seed 001 line 32: a continuation keeps the verb; a count that opens the clause counts the
    # class that does what follows (达5级 is part of it, not a target of its own)
    (
        "建成互联网医院12家，三星级及以上智慧医院6家，2家市级综合医院通过互联互通四甲测评、电子病历达5级。",
        [
            ("建成互联网医院", "12", "家", None, None, None),
            ("建成三星级及以上智慧医院", "6", "家", None, None, None),
            ("通过互联互通四甲测评、电子病历达5级的市级综合医院", "2", "家", None, None, None),
        ],
    ),
    # seed 001 line 44: 1000张及以上 bounds a class; the target is the rate
    (
        "1000张及以上床位大型公立医院安防系统建设达标率达100%。",
        [("1000张及以上床位大型公立医院安防系统建设达标率", "100", "%", None, None, None)],
    ),
    # seed 004 line 15: after 依托 the count is of what is built
    (
        "依托4家医联体牵头医院建设重大疫情区域救治中心，依托区结核病防治所建设独立的传染病病区。",
        [("依托医联体牵头医院建设的重大疫情区域救治中心", "4", "家", None, None, None)],
    ),
    # seed 004 line 31: 成为 N个 is a count to reach
    (
        "打造积水潭医院“积水潭论坛”、清华长庚医院“清华医学论坛”和南口医院“南口中西医结合论坛”"
        "成为3个具有全国影响力的医院文化品牌。",
        [("成为具有全国影响力的医院文化品牌", "3", "个", None, None, None)],
    ),
    # seed 003 line 29
    (
        "到2027年，建成红岩家医服务站90个，全区家庭医生签约服务重点人群覆盖率达到85%。",
        [
            ("建成红岩家医服务站", "90", "个", None, None, 2027),
            ("家庭医生签约服务重点人群覆盖率", "85", "%", None, None, 2027),
        ],
    ),
    # seed 003 line 33: a duration; 区内 dropped from the share of a class
    (
        "区内公立二级及以上医疗机构100%完成“一站式”服务中心建设。预约后平均等待时长控制在30分钟以内。",
        [
            ("公立二级及以上医疗机构完成“一站式”服务中心建设的比例", "100", "%", None, None, None),
            ("预约后平均等待时长", "30", "分钟", None, "以内", None),
        ],
    ),
    # seed 003 line 21: verb, number, noun
    (
        "建立6支常备背囊化卫生应急队，做实平战结合。",
        [("建立常备背囊化卫生应急队", "6", "支", None, None, None)],
    ),
    # genre: two reach verbs in two clauses
    (
        "县域内就诊率提高到90%以上，基层医疗卫生机构诊疗量占比达到65%。",
        [
            ("县域内就诊率", "90", "%", None, "以上", None),
            ("基层医疗卫生机构诊疗量占比", "65", "%", None, None, None),
        ],
    ),
    # genre: a range of percentages
    ("床位使用率保持在85%-93%之间。", [("床位使用率", "85-93", "%", None, "之间", None)]),
    # genre: a rate per 100 000 and a rate per 1 000
    (
        "到2027年，全区孕产妇死亡率控制在10/10万以下，婴儿死亡率控制在3‰以下。",
        [
            ("孕产妇死亡率", "10/10万", None, None, "以下", 2027),
            ("婴儿死亡率", "3", "‰", None, "以下", 2027),
        ],
    ),
    # genre: 使用率 and 并发症 begin with words that are prefixes elsewhere
    (
        "基本药物使用率达到60%，三级公立医院手术患者并发症发生率控制在0.6%以下。",
        [
            ("基本药物使用率", "60", "%", None, None, None),
            ("三级公立医院手术患者并发症发生率", "0.6", "%", None, "以下", None),
        ],
    ),
    # genre: a change measured in percentage points
    (
        "医疗服务收入占比提高5个百分点。",
        [("医疗服务收入占比", "5", "个百分点", None, "提高", None)],
    ),
    # genre: 为 after the name of a ratio
    ("医护比为1∶2。", [("医护比", "1∶2", None, None, None, None)]),
    # genre: a unit written in letters
    (
        "抗菌药物使用强度控制在40DDDs以下。",
        [("抗菌药物使用强度", "40", "DDDs", None, "以下", None)],
    ),
    # genre: 占……的 share
    (
        "医院科研经费投入占业务收入的3%以上。",
        [("医院科研经费投入占业务收入", "3", "%", None, "以上", None)],
    ),
    # genre: per-capita counts with a decimal value
    (
        "到2025年，每千常住人口执业（助理）医师数达到3.5人，注册护士数达到4.2人。",
        [
            ("每千常住人口执业（助理）医师数", "3.5", "人", None, None, 2025),
            ("注册护士数", "4.2", "人", None, None, 2025),
        ],
    ),
    # genre: baseline and target both with a unit, 由……增加到
    ("床位数由500张增加到800张。", [("床位数", "800", "张", "500", None, None)]),
    # genre: an area after a verb of building
    ("新建业务用房2万平方米。", [("新建业务用房", "2", "万平方米", None, None, None)]),
    # genre: a full-width percent sign is folded in the unit, the value stays as written
    ("门诊患者满意度达到90％以上。", [("门诊患者满意度", "90", "%", None, "以上", None)]),
    # genre: money with a verb of reaching is a target
    (
        "三级公立医院卫生技术人员人均科研经费达到7000元。",
        [("三级公立医院卫生技术人员人均科研经费", "7000", "元", None, None, None)],
    ),
]


CN_DIGITS = str.maketrans("两二三四五六七八九", "223456789")


def _first_number(value: str) -> str:
    found = re.match(r"[\d.]+|\D", value)
    assert found
    return found.group()


@pytest.mark.parametrize(("text", "expected"), TARGETS)
def test_find_prose_targets(text: str, expected: list[Expected]) -> None:
    found = find_prose_targets(text)
    got = [(t.name, t.value, t.unit, t.baseline, t.qualifier, t.year) for t in found]
    assert got == expected
    for target in found:
        phrase = text[target.start : target.end]
        assert _first_number(target.value) in phrase.translate(CN_DIGITS)  # 两家 -> 2
        # names split by 分别 or 100% are not one piece; a continuation borrows the verb or
        # subject written before it (新增负压病房); a share is named as one (……的比例)
        assert set(target.name) <= set(text[: target.end]) | set("的比例")


@pytest.mark.parametrize(
    ("text", "phrases"),
    [
        # seed 000 line 43: the span runs from the name to the qualifier
        (
            "优化医院收入结构，力争医疗服务收入（不含药品、耗材、检查、化验收入）占医疗收入的比例达到35%以上。",
            ["医疗服务收入（不含药品、耗材、检查、化验收入）占医疗收入的比例达到35%以上"],
        ),
        # seed 000 line 27: a verb-first target includes its verb
        (
            "新增负压救护车10台、负压病房3间。",
            ["新增负压救护车10台", "负压病房3间"],
        ),
        # seed 003 line 32: both spread targets cover the whole phrase
        (
            "精品中医馆、示范中医馆达标率分别不低于35%、15%。",
            ["精品中医馆、示范中医馆达标率分别不低于35%、15%"] * 2,
        ),
        # seed 003 line 30: verb, qualifier, number, noun
        ("设立至少2所护理院（中心），", ["设立至少2所护理院（中心）"]),
        # seed 000 line 46
        (
            "全区所有三级公立医院、50%的二级公立医院达到“美丽医院”建设标准。",
            ["50%的二级公立医院达到“美丽医院”建设标准"],
        ),
    ],
)
def test_target_spans(text: str, phrases: list[str]) -> None:
    assert [text[t.start : t.end] for t in find_prose_targets(text)] == phrases


@pytest.mark.parametrize(
    "text",
    [
        # seed 000 line 26: a money pool is no target
        "加快建设4000万元医疗卫生发展和技术服务协作“资金池”，用于构建“纵联横合”服务体系。",
        # seed 000 line 28: a travel-time circle is no count
        "川渝协作共同建设2小时应急救援圈，在毗邻地区按可达性统筹“120”和紧急医学救援调度。",
        # seed 003 line 20: a class described by a number
        "对临近镇卫生院、服务人口低于800人的行政村，可以通过镇卫生院定期巡诊。",
        # seed 003 line 20: a travel-time circle
        "不断强化基层医疗机构建设，打造15分钟居民健康服务圈。",
        # seed 003 line 25: the existing number is a baseline without a verb
        "在现有38个区级医疗质量控制中心的基础上，根据学科发展情况持续优化。",
        # seed 003 line 38: the content of a campaign
        "聚焦集中整治六大类30项工作内容，对标《沙坪坝区关于全面推进清廉医院建设的实施方案》。",
        # seed 003 line 42: a rule for sharing a surplus
        "允许镇卫生院“本年盈余分配”科目为正数且绩效考核合格的，将“本年盈余分配”的60%用于次年增核超额绩效总量。",
        # seed 000 line 51: a rule of contact, not a count to reach
        "建立党委联系服务专家制度，1名领导班子成员至少联系1名专家。",
        # seed 000 line 24 / seed 003 line 19: hospital grades in Chinese numerals
        "力争2027年建成三级妇幼保健院，鼓励区二院创建二级甲等医院。",
        # seed 000 line 8 and 000 line 1: a date of issue and a doc number
        "渝北府办发〔2022〕40号 重庆市渝北区人民政府办公室 2022年12月6日",
        # seed 000 line 24: sequence numbers
        "1. 打造高水平公立医院。2.加强公立医院能力建设。",
        # genre: a count of the class a clause opens with, but nothing it does
        "2家医院。",
        # seed 002 line 137: 5G is a name, not a count
        "推动云计算、大数据、物联网、区块链、第五代移动通信（5G）等新一代信息技术与医疗服务深度融合。",
        # seed 002 line 234 after normalisation: the digits are lost, so there is nothing to read
        "增加护士配备，逐步使公立医院医护比总体达到∶左右。",
        # genre: a title holding a year
        "贯彻《“健康中国2030”规划纲要》和《“十四五”国民健康规划》。",
        # genre: a present state, not a goal
        "目前全区家庭医生签约率已达80%，床位使用率高达95%。",
        # genre: rhetoric, 一支 is no count
        "打造一支高素质的医疗卫生人才队伍。",
        # genre: a planning period
        "实施公立医院改革三年行动计划（2023—2025年）。",
        # genre: money handed out, a matching ratio, a hotline number, a duration
        "按照1:1比例配套资金，给予每人5000元补助。",
        "对新引进的博士给予20万元安家费。",
        "开通12345热线，3年内建成胸痛中心。",
    ],
)
def test_find_prose_targets_ignores(text: str) -> None:
    assert find_prose_targets(text) == []


def test_offsets_are_into_the_argument() -> None:
    # seed 003 lines 29-30 joined: the second sentence's offsets count the first one
    text = "到2027年，建成红岩家医服务站90个。到2027年，设立至少2所护理院（中心）。"
    found = find_prose_targets(text)
    assert [text[t.start : t.end] for t in found] == [
        "建成红岩家医服务站90个",
        "设立至少2所护理院（中心）",
    ]
    assert all(isinstance(t, ProseTarget) for t in found)


def test_seed_003_whole_text() -> None:
    # all targets of seed 003 read from the raw file in one pass (line breaks end sentences)
    text = (PLANS / "003_d8ef92ff13adc345.txt").read_text(encoding="utf-8")
    names = [t.name for t in find_prose_targets(text)]
    assert names == [
        "建成甲级基层医疗机构的比例",
        "建成社区医院的社区卫生服务中心比例",
        "建立常备背囊化卫生应急队",
        "申报立项市级临床（中医）重点专科",
        "建设重大慢性病防治中心",
        "建成红岩家医服务站",
        "家庭医生签约服务重点人群覆盖率",
        "设立护理院（中心）",
        "二级及以上综合性医院设立老年医学科的比例",
        "精品中医馆达标率",
        "示范中医馆达标率",
        "公立二级及以上医疗机构完成“一站式”服务中心建设的比例",
        "预约后平均等待时长",
    ]


LOST = [
    # seed 002 line 137: a space where the 5 of 5G stood
    ("推动云计算、大数据、物联网、区块链、第五代移动通信（ G）等新一代信息技术", ["（ G）"]),
    # seed 002 line 234: a ratio with both numbers gone
    ("增加护士配备，逐步使公立医院医护比总体达到 ∶ 左右。", ["达到 ∶ 左右"]),
    # the same after stray spaces were removed
    ("逐步使公立医院医护比总体达到∶左右。", ["达到∶左右"]),
    # genre: a ratio with one side gone
    ("医护比达到1∶ 左右", ["∶ 左右"]),
    # genre: a ratio written with a full-width colon
    ("医护比总体达到 ： 左右", ["达到 ： 左右"]),
    # genre: a percent sign with no number
    ("基层医疗卫生机构诊疗量占比达到 %。", ["达到 %"]),
    ("占比达到%以上", ["达到%"]),
    # genre: two values gone after 分别
    ("达标率分别不低于 %、 %。", ["不低于 %", " %"]),
    # genre: a count unit with no number
    ("二级以上医院不低于 个。", ["不低于 个"]),
    ("建成互联网医院 家，", [" 家"]),
    # genre: a date with its digits gone
    ("到 年底，全区建成", ["到 年"]),
    ("重庆市渝北区人民政府办公室 年 月 日印发", ["年 月 日"]),
]


@pytest.mark.parametrize(("text", "raws"), LOST)
def test_find_lost_numbers(text: str, raws: list[str]) -> None:
    found = find_lost_numbers(text)
    assert [lost.raw for lost in found] == raws
    for lost in found:
        assert text[lost.start : lost.end] == lost.raw
        assert lost.raw.strip() in lost.message


@pytest.mark.parametrize(
    "text",
    [
        # seed 002 line 16: digits present, only spaced out
        "2022年 12月 22日",
        # seed 002 line 39
        "力争到 2025年，公立医院发展方式从规模扩张转向提质增效",
        # seed 000 line 40: a whole ratio
        "逐步使公立医院医护比总体达到1∶2左右。",
        # seed 000 line 775: a ratio in a table cell
        "1∶1.6",
        # seed 000 line 782: the unit of a table column
        "开展薪酬制度改革的公立医院占比（%）",
        # seed 000 line 43: a whole percentage
        "占医疗收入的比例达到35%以上",
        # genre: a number spaced from its percent sign
        "占比达到 35 %",
        # seed 002 lines 57-58: a line that starts with a space, then a count-like character
        "完善双向转\n 诊，建立健全新型高效的上下分工协作",
        # genre: a colon that is punctuation
        "完成时限：2023年底。各镇人民政府、街道办事处，区级有关部门，有关单位：",
        # genre: 5G written whole
        "第五代移动通信（5G）",
        # genre: a URL escape is no percent
        "http://example.org/%E5%8C%BB",
    ],
)
def test_find_lost_numbers_ignores(text: str) -> None:
    assert find_lost_numbers(text) == []


def test_lost_numbers_of_seed_002() -> None:
    # the raw seed 002 has exactly the two losses its PDF shows
    text = (PLANS / "002_449abcde8801a72e.txt").read_text(encoding="utf-8")
    assert [lost.raw for lost in find_lost_numbers(text)] == ["（ G）", "达到 ∶ 左右"]


@pytest.mark.parametrize("seed", ["000_e81826a0173922c6.txt", "003_d8ef92ff13adc345.txt"])
def test_no_lost_numbers_in_clean_seeds(seed: str) -> None:
    text = (PLANS / seed).read_text(encoding="utf-8")
    assert find_lost_numbers(text) == []
