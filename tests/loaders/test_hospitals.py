"""Hospital-name rule: real sentences from the seed plans, class terms, offsets, toml short forms.

Sentences are quoted from samples/plans (identical to the seeds) after normalisation: PDF line
breaks joined, nothing else changed. Comments give seed and line(s) of the source file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from policykg.loaders.normalize import normalise
from policykg.loaders.rules.hospitals import (
    HospitalMention,
    find_hospitals,
    fold_document_names,
    hospital_data,
)

PLANS = Path(__file__).resolve().parents[2] / "samples" / "plans"


def names(text: str) -> list[str]:
    """Canonical names found in ``text``, in order."""
    return [mention.name for mention in find_hospitals(text)]


NAMED = [
    # seed 000 line 24: named hospitals, then 三甲医院 (class) right after 区中医院
    (
        "加快推进区中医院三甲医院建设项目、区第二人民医院扩建工程、区第四人民医院新建工程和"
        "区妇幼保健计划生育服务中心迁建项目。",
        ["区中医院", "区第二人民医院", "区第四人民医院", "区妇幼保健计划生育服务中心"],
    ),
    # seed 000 line 24: task 1, with the short form 区二院
    (
        "加快完善区人民医院三甲医院建设，支持区中医院创建三级甲等医院，"
        "鼓励区妇幼保健院创建三级专科医院、区二院创建二级甲等医院。",
        ["区人民医院", "区中医院", "区妇幼保健院", "区第二人民医院"],
    ),
    # seed 000 line 24: 综合医院 / 中医医院 / 专科医院 after 的 are classes
    (
        "重点支持区人民医院等建成市内一流的综合医院，支持区中医院打造全市知名的中医医院，"
        "支持区妇幼保健院打造市内知名的专科医院。",
        ["区人民医院", "区中医院", "区妇幼保健院"],
    ),
    # seed 000 line 26: university hospitals named without a place suffix
    (
        "推动区人民医院加入重庆医科大学附属医院或重庆大学附属医院的城市医疗集团建设。",
        ["区人民医院", "重庆医科大学附属医院", "重庆大学附属医院"],
    ),
    # seed 000 line 26
    (
        "创新公立医院医防融合机制，区人民医院、区中医院和区妇幼保健院为牵头",
        ["区人民医院", "区中医院", "区妇幼保健院"],
    ),
    # seed 000 line 33
    ("依托区人民医院区域医学影像云中心", ["区人民医院"]),
    # seed 002 lines 51-55 (joined)
    (
        "以北辰医院、北辰区中医医院为龙头，整合全区基层医疗卫生机构和专业公共卫生机构",
        ["北辰医院", "北辰区中医医院"],
    ),
    # seed 003 line 19: 三级甲等综合医院 / 三级综合医院 are classes
    (
        "推动区人民医院三级甲等综合医院创建和陈家桥医院三级综合医院建设",
        ["区人民医院", "陈家桥医院"],
    ),
    # seed 003 line 19: 三级中医院, 重庆中医药学院教学医院 are classes
    (
        "区中医院锚定三级中医院发展目标，统筹规划利用现有资源，"
        "推动区中医院成为重庆中医药学院教学医院",
        ["区中医院", "区中医院"],
    ),
    # seed 003 line 19: 现代综合康复医院, 三级妇幼保健院 are classes
    (
        "推进区中西医结合医院现代综合康复医院建设，推进区精神卫生中心标准化建设。"
        "加快推进区妇幼保健院新院区迁建项目，力争2027年建成三级妇幼保健院。",
        ["区中西医结合医院", "区精神卫生中心", "区妇幼保健院"],
    ),
    # seed 003 line 21
    ("构建以区疾控中心为骨干，各级各类医疗机构为依托", ["区疾控中心"]),
    # seed 003 line 21: 三级甲等疾控中心 is a class
    (
        "持续加强区疾控中心能力建设，加快推进区疾控中心迁建项目，积极创建三级甲等疾控中心，"
        "提升核心竞争力。",
        ["区疾控中心", "区疾控中心"],
    ),
    # seed 003 line 23
    ("鼓励区人民医院、陈家桥医院申报市级临床专病诊疗中心。", ["区人民医院", "陈家桥医院"]),
    # seed 003 line 24: 及 separates names
    (
        "重点推动区人民医院“百名博士计划”及区疾控中心、陈家桥医院、区中医院等“博士硕士计划”。",
        ["区人民医院", "区疾控中心", "陈家桥医院", "区中医院"],
    ),
    # seed 003 line 26: military and university hospitals of Chongqing
    (
        "依托西南医院、新桥医院、重庆大学附属肿瘤医院等及市级转化医学中心、区内产业平台及园区",
        ["西南医院", "新桥医院", "重庆大学附属肿瘤医院"],
    ),
    # seed 003 line 32
    (
        "发挥中医“治未病”特色优势，区中医院、区中西医结合医院设置“治未病”科室。",
        ["区中医院", "区中西医结合医院"],
    ),
    # seed 001 line 21: a branch (分院) keeps its hospital's name and is the institution
    (
        "大力推进市第一人民医院三江新区分院建设，适度发展一院多区，加快市中医医院门诊住院综合楼、"
        "市精神卫生中心康复综合楼和传染病医院改扩建等项目建设",
        ["市第一人民医院三江新区分院", "市中医医院", "市精神卫生中心"],
    ),
    # seed 001 line 28: a named trauma centre
    (
        "支持市中心医院与北大医学部创伤中心开展严重创伤区域性救治体系项目建设。",
        ["市中心医院", "北大医学部创伤中心"],
    ),
    # seed 004 line 12: 中日友好医院 is a name (友好 alone is no class tail)
    (
        "继续推进北京大学第三医院、中日友好医院、北京大学口腔医院与昌平合作",
        ["北京大学第三医院", "中日友好医院", "北京大学口腔医院"],
    ),
    # seed 004 line 15: a disease-control institute (防治所)
    (
        "依托4家医联体牵头医院建设重大疫情区域救治中心，依托区结核病防治所建设独立的传染病病区",
        ["区结核病防治所"],
    ),
    # seed 004 line 31: short forms, folded per document by fold_document_names
    (
        "打造积水潭医院“积水潭论坛”、清华长庚医院“清华医学论坛”和南口医院“南口中西医结合论坛”",
        ["积水潭医院", "清华长庚医院", "南口医院"],
    ),
]

CLASSES_ONLY = [
    # seed 000 line 31: bare 中医院 is ambiguous
    "全力打造樊代明院士工作站，力争在中医院建立院士工作室。",
    # seed 003 line 24: 驻区部队医院, 市属三甲医院
    "依托驻区部队医院和市属三甲医院，加强骨干人才培育。",
    # seed 003 line 20: 临近镇卫生院, 镇卫生院 without a place name
    "对临近镇卫生院、服务人口低于800人的行政村，以及短期内招录不到合格乡村医生的行政村，"
    "可以通过镇卫生院定期巡诊",
    # seed 003 line 20
    "持续推进镇卫生院、社区卫生服务中心标准化建设",
    # seed 003 line 20
    "建成社区医院的社区卫生服务中心比例达到45%以上。",
    # seed 003 line 30
    "引导部分符合条件的一级和二级医院、镇卫生院转型为老年医院或护理院（中心）",
    # seed 003 line 33: quoted classes
    "持续推进“美丽医院”“智慧医院”“平安医院”“五心”妇幼保健院、老年友善医疗机构建设。",
    # seed 003 line 33: 社区卫生服务中心（镇卫生院）
    "鼓励有需求的社区卫生服务中心（镇卫生院）延长诊疗和疫苗接种门诊时间。",
    # seed 000 line 26: 甲级乡镇卫生院, 甲级社区卫生服务中心
    "每个区级医疗机构帮助基层单位创建至少1个甲级乡镇卫生院或1个甲级社区卫生服务中心",
    # seed 000 line 27
    "建立以区级医院为主体，市级医疗机构为支撑",
    # seed 000 line 27
    "加强定点医院救治能力建设",
    # seed 000 line 28
    "推进两地“智慧医院”共建共享",
    # seed 000 line 28: 等级医院, bare 医院
    "在等级医院评审、医疗质控、医院巡查等方面共享专家资源",
    # seed 000 line 28: 两地中医医院
    "推动两地中医医院在人才培养等方面合作",
    # seed 000 line 30
    "力争打造在全市具有一定影响力的名医院、名医生、名科室",
    # seed 000 line 31
    "通过与知名医院合作，提升公立医院科研能力",
    # seed 000 line 32
    "在三级医院和有条件的二级医院大力推行日间手术",
    # seed 000 line 33
    "推进公立医院智慧医院建设，力争辖区内创建两家智慧医院。",
    # seed 000 line 46
    "建设老年友善医院，鼓励有条件的二级以上综合医院设置老年医学科",
    # seed 000 line 46
    "全区所有三级公立医院、50%的二级公立医院达到“美丽医院”建设标准",
    # seed 000 line 25
    "建立博士后教学医院",
    # seed 000 line 16
    "推动我区公立医院高质量发展",
    # seed 000 line 35: bare 医院 after a verb
    "健全医院运营管理组织架构",
    # seed 000 line 51: verb chains before a bare 医院
    "稳妥有序做好医院党委书记、院长分设，选优配强医院领导班子。",
    # seed 000 line 50
    "把党的领导融入医院治理全过程各方面各环节",
    # seed 000 line 716: specialty classes
    "落实对中医医院和传染病医院、精神病医院、肿瘤医院、儿童医院、妇幼保健院等专科医院的投入倾斜政策",
    # seed 000 line 838: table cell
    "三级公立中医医院门诊患者中药饮片使用率（%）",
    # seed 003 line 38: 清廉医院 inside a title
    "对标《沙坪坝区关于全面推进清廉医院建设的实施方案》",
    # seed 003 line 21
    "推进二级及以上公立医院设置公共卫生科，二级及以上综合医院感染性疾病科设置全覆盖。",
    # seed 003 line 23
    "支持辖区有条件的医疗机构创建国家医学中心或国家区域医疗中心。",
    # seed 003 line 19
    "加快区级公立医院建设",
    # seed 003 line 28
    "有效提高区级医院和基层医院诊疗水平",
    # seed 003 line 37
    "健全医院绩效评价机制",
    # seed 002 line 82
    "通过牵头医院与基层开设医联体门诊",
    # seed 002 lines 146-148 (joined)
    "鼓励医疗机构发展互联网诊疗、互联网医院、远程医疗",
    # seed 002 line 164
    "为提升医院治理能力",
    # seed 002 line 328
    "建设老年友善医院",
    # constructed: numbers and measure words before a class
    "全区18个镇卫生院、3个社区卫生服务中心",
    # seed 001 line 22: the city's urban community health centres
    "网格内由区相关医疗机构、市城区社区卫生服务中心构成。",
    # seed 001 line 23: health centres of central towns
    "依托中心镇卫生院规划建设10个县域医疗卫生次中心",
    # seed 001 line 30
    "80%二级以上公立医院建成老年友善、儿童友好医院。",
    # seed 001 line 47: a verb before the bare 医院
    "把加强党的领导和党的建设有关要求写入医院章程",
    # seed 004 line 21
    "完善线上+线下诊疗模式，缓解医院就诊压力，提高患者就诊体验。",
    # seed 004 line 21: 创伤中心 with no name before it is a department
    "其中胸痛、卒中、创伤中心建设达到市级验收标准。",
    # seed 004 line 31
    "挖掘整理体现医院发展历史、技术特色、价值取向等各方面的文化特征",
]

# Not from a seed: forms the brief names that the three seeds do not contain.
CONSTRUCTED = [
    ("依托北京积水潭医院开展技术帮扶", ["北京积水潭医院"]),
    ("加强市急救中心与区人民医院的院前院内衔接", ["市急救中心", "区人民医院"]),
    ("推进青木关镇卫生院标准化建设", ["青木关镇卫生院"]),
    ("区人民医院三甲医院建设项目", ["区人民医院"]),
    ("区卫生健康委指导区人民医院开展工作", ["区人民医院"]),
    ("实行一院一策，区人民医院新院区建成投用", ["区人民医院"]),
    ("支持个旧市人民医院与重庆大学附属三峡医院合作", ["个旧市人民医院", "重庆大学附属三峡医院"]),
    (
        "依托联勤保障部队第958医院、华中科技大学同济医学院附属协和医院",
        ["联勤保障部队第958医院", "华中科技大学同济医学院附属协和医院"],
    ),
]


# The class terms the brief lists, each tried bare and inside clause openings of the genre.
BRIEF_CLASS_TERMS = (
    "公立医院 三级医院 二级以上医院 综合医院 中医医院 专科医院 定点医院 牵头医院 互联网医院 "
    "智慧医院 老年友善医院 教学医院 三甲医院 三级甲等医院 甲级乡镇卫生院 镇卫生院 乡镇卫生院 "
    "社区卫生服务中心 社区医院 知名医院 名医院 等级医院 美丽医院 平安医院 区级医院 市级医院 "
    "老年医院 护理院 基层医疗卫生机构 三级甲等疾控中心 各级各类医疗机构 有条件的二级医院 "
    "国家医学中心 国家区域医疗中心 中医院 妇幼保健院 人民医院 区医院"
).split()
CLAUSES = ["{}", "推动{}建设", "加快推进{}、", "，支持{}发展", "鼓励建设{}和"]

# Constructed from class phrasings common in plans of the family (not in the three seeds).
GENRE_CLASSES = [
    "组建由三级公立医院或代表辖区医疗水平的医院（含社会办医院、中医医院）牵头",
    "委属委管医院和省部属医院",
    "人民满意医院、市民放心医院、爱婴医院、节约型医院",
    "医共体成员医院、帮扶医院、托管医院、核心医院、骨干医院",
    "各县（区）人民医院和县（区）中医院",
    "市、区两级医院",
    "推动我区医院高质量发展",
    "支持养老机构开办医院",
]


@pytest.mark.parametrize("term", BRIEF_CLASS_TERMS)
def test_brief_class_terms_in_clauses(term: str) -> None:
    for clause in CLAUSES:
        assert names(clause.format(term)) == [], clause.format(term)


# the seeds' sentences (NAMED, CLASSES_ONLY) and the forms they lack (CONSTRUCTED, GENRE_CLASSES)
# are held to the same rule: named institutions found in order, classes never
@pytest.mark.parametrize(("text", "expected"), NAMED + CONSTRUCTED)
def test_named_institutions(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize("text", CLASSES_ONLY + GENRE_CLASSES)
def test_class_terms_are_not_mentions(text: str) -> None:
    assert names(text) == []


def test_short_form_keeps_raw_and_offsets() -> None:
    text = NAMED[1][0]
    mention = find_hospitals(text)[-1]
    start = text.index("区二院")
    assert mention == HospitalMention("区第二人民医院", "区二院", start, start + 3)


def plan_paragraphs() -> list[str]:
    return [
        para.text.text
        for path in sorted(PLANS.glob("*.txt"))
        for para in normalise(path.read_text(encoding="utf-8"))
    ]


def assert_offsets(text: str) -> None:
    previous_end = 0
    for mention in find_hospitals(text):
        assert text[mention.start : mention.end] == mention.raw
        assert mention.start >= previous_end  # in order of appearance, never overlapping
        previous_end = mention.end


@pytest.mark.parametrize("text", [text for text, _ in NAMED + CONSTRUCTED])
def test_offsets_point_at_raw(text: str) -> None:
    assert find_hospitals(text)
    assert_offsets(text)


def test_offsets_point_at_raw_in_every_seed_paragraph() -> None:
    for text in plan_paragraphs():
        assert_offsets(text)


def test_seed_plans_name_only_real_institutions() -> None:
    """Every distinct name found in the seed plans (guards against new false positives).

    Paragraph by paragraph, before the per-document folding, so the short forms of seeds 001
    and 004 (市中医院, 积水潭医院, 清华长庚医院, 南口医院) are here as written.
    """
    found = {name for text in plan_paragraphs() for name in names(text)}
    expected = {
        "区人民医院", "区中医院", "区第二人民医院", "区第四人民医院", "区妇幼保健院",
        "区妇幼保健计划生育服务中心", "重庆医科大学附属医院", "重庆大学附属医院",
        "北辰医院", "北辰区中医医院",
        "陈家桥医院", "区中西医结合医院", "区精神卫生中心", "区疾控中心",
        "西南医院", "新桥医院", "重庆大学附属肿瘤医院",
    }
    expected |= {  # seed 001
        "市中心医院", "市第一人民医院", "市中医医院", "市精神卫生中心", "市妇幼保健院",
        "市第一人民医院三江新区分院", "广元市传染病医院", "川东北区域精神卫生中心",
        "北大医学部创伤中心", "天坛医院", "北京阜外医院", "北京市西苑医院",
        "四川大学华西医院", "华西口腔医院", "华西妇产儿童医院", "市中医院",
    }
    expected |= {  # seed 004
        "北京大学第六医院", "北京积水潭医院", "北京清华长庚医院", "北京回龙观医院",
        "北京小汤山医院", "北京大学第三医院", "中日友好医院", "北京大学口腔医院",
        "昌平区医院", "区中医医院", "区中西医结合医院", "区南口医院", "区沙河医院",
        "区妇幼保健院", "区精神卫生保健院", "区结核病防治所", "区疾控中心", "高博医院",
        "积水潭医院", "清华长庚医院", "南口医院",
    }
    assert found == expected


def test_fold_document_names_short_forms() -> None:
    # seed 004 lines 12-13 and 31: full names first, short forms later
    found = fold_document_names(
        ["北京积水潭医院", "北京清华长庚医院", "区南口医院", "清华长庚医院", "积水潭医院", "南口医院"])
    assert found == {
        "北京积水潭医院": "北京积水潭医院", "北京清华长庚医院": "北京清华长庚医院",
        "区南口医院": "区南口医院", "清华长庚医院": "北京清华长庚医院",
        "积水潭医院": "北京积水潭医院", "南口医院": "区南口医院",
    }


def test_fold_document_names_zhongyi() -> None:
    # seed 001 lines 21 and 28: 市中医医院 and later 市中医院
    assert fold_document_names(["市中医医院", "市中医院", "北京市西苑医院"]) == {
        "市中医医院": "市中医医院", "市中医院": "市中医医院", "北京市西苑医院": "北京市西苑医院"}


def test_fold_document_names_keeps_other_places() -> None:
    # genre: the plan's own 市第一人民医院 is not a partner city's hospital of the same name
    names_ = ["市第一人民医院", "杭州市第一人民医院", "区中医院"]
    assert fold_document_names(names_) == {name: name for name in names_}


SHORT_FORMS = hospital_data()["short_forms"]


@pytest.mark.parametrize("rule", SHORT_FORMS, ids=[rule["pattern"] for rule in SHORT_FORMS])
def test_short_form_rules_replay_their_examples(rule: dict) -> None:
    assert rule["reason"].strip()
    assert rule["examples"], "every short-form rule needs examples"
    for example in rule["examples"]:
        found = [(m.raw, m.name) for m in find_hospitals(example["text"])]
        assert (example["written"], example["name"]) in found, example["text"]
