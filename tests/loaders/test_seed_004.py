"""Seed 004 (昌平区公立医院改革与高质量发展实施方案, 征求意见稿): facts read from the document itself.

Every expectation was read from samples/plans/004_d973abd45dcaef16.txt; comments give the line
(1-based, as `cat -n` shows it). A draft of 北京市昌平区 with no cover notice, no doc number and
no date; its first line lost the beginning of the title (" 高质量发展实施方案"), which the
preamble names in full (line 3: 加快实施昌平区公立医院改革与高质量发展，制定本实施方案). Two
subsection numbers are typed in the sub-item style (（2） line 18, （3）（4） lines 43 and 45).
Responsibility comes from bare （A、B） clauses: every unit's role is `responsible`.
"""

from __future__ import annotations

from tests import seedlib

PLAN = seedlib.SAMPLES / "004_d973abd45dcaef16.txt"

WJ = "区卫生健康委"
FG = "区发展改革委"
KW = "区科委"
RS = "区人力社保局"
YB = "区医保局"
JX = "区经济信息化局"
YJ = "区应急局"
WL = "未来城管委会"
GA = "市公安局昌平分局"
BB = "区委编办"
JW = "区教委"
CZ = "区财政局"
SJ = "区市场监管局"
ZZ = "区委组织部"

IDS = [str(n) for n in range(1, 23)] + ["三.(一)", "三.(二)", "三.(三)", "三.(四)"]


def test_counts(record):
    # lines 11-37: tasks 1.-22.; lines 39-45: 三、组织实施及保障措施 （一）-（四）
    seedlib.assert_task_kinds(record, tasks=22, safeguards=4, ids=IDS)


def test_plan_metadata(record, source_text):
    # the title's evidence: the first line's surviving tail or the preamble that names it
    seedlib.assert_plan_metadata(record, source_text, title_evidence="高质量发展", expected={
        # line 1 lost its beginning; line 3 names the plan: 昌平区公立医院改革与高质量发展 … 本实施方案
        "title": "昌平区公立医院改革与高质量发展实施方案",
        # a draft carries no doc number, issuer or date
        "doc_number": None,
        "issuer": None,
        "issued": None,
        # 昌平区 of 北京市: line 3 cites 《北京市关于推动公立医院高质量发展的实施方案》（京政办发〔2022〕23号）
        "jurisdiction": "北京市昌平区",
        "jurisdiction_parts": ["北京市", "昌平区"],
        # line 2: （征求意见稿）
        "status": "draft",
    })


def test_task_titles(record):
    found = seedlib.titles(record)
    assert found[:8] == [
        ("1", "推动优质医疗资源扩容和均衡布局"),  # line 11
        ("2", "支持在区委属、市属医院发展"),  # line 12
        ("3", "做强区属公立医院"),  # line 13
        ("4", "完善分级诊疗体系"),  # line 14
        ("5", "推进医防协同机制创新"),  # line 15
        ("6", "加强中医药传承创新发展"),  # line 16: the title alone on its line, text on line 17
        ("7", "加强临床重点专科建设"),  # line 19
        ("8", "加快医学技术创新和产业融合"),  # line 20
    ]
    assert found[-6:] == [
        ("21", "加强公立医院领导班子和干部人才队伍建设"),  # line 36
        ("22", "加强基层党组织建设"),  # line 37
        ("三.(一)", "落实工作责任"),  # line 39
        ("三.(二)", "加大投入保障"),  # line 41
        ("三.(三)", "强化监督评价"),  # line 43: （3）
        ("三.(四)", "广泛宣传引导"),  # line 45: （4）
    ]


def test_sections(record):
    assert seedlib.sections(record) == (
        ["构建优质高效的公立医院发展体系"] * 6  # line 10: （一）
        + ["全面提升公立医院高质量发展能力和水平"] * 6  # line 18: （2） read as （二）
        + ["完善公立医院高质量发展运行机制"] * 3  # line 25: （三）
        + ["强化公立医院高质量发展保障机制"] * 4  # line 29: （四）
        + ["坚持和加强党对公立医院高质量发展的全面领导"] * 3  # line 34: （五）
        + ["组织实施及保障措施"] * 4  # line 38
    )


def test_responsible_units(record):
    expected = {
        "1": [WJ, FG],  # line 11
        "2": [WJ, FG, KW],  # line 12
        "3": [WJ, FG],  # line 13
        "4": [WJ, RS, YB, JX],  # line 14
        "5": [WJ, FG, YB, YJ],  # line 15
        "6": [WJ, RS],  # line 17
        "7": [WJ],  # line 19
        "8": [WL, WJ, FG, KW],  # line 20: 未来城管委会（生命园管委会）
        "9": [WJ, YB, JX],  # line 21
        "10": [WJ, GA],  # line 22
        "11": [WJ, BB, RS, JW],  # line 23
        "12": [WJ, YB, JX],  # line 24
        "13": [WJ, BB, RS],  # line 26
        "14": [WJ, RS, CZ],  # line 27
        "15": [WJ, CZ],  # line 28
        "16": [WJ, CZ],  # line 30
        "17": [WJ, RS],  # line 31
        "18": [YB, WJ, CZ],  # line 32
        "19": [YB, WJ, CZ, SJ],  # line 33
        "20": [WJ, ZZ],  # line 35
        "21": [WJ, ZZ, RS],  # line 36
        "22": [WJ, ZZ, RS],  # line 37
        # lines 39-46: the 组织实施 items name no unit (区医改领导小组 leads, but as prose)
        "三.(一)": [],
        "三.(二)": [],
        "三.(三)": [],
        "三.(四)": [],
    }
    assert seedlib.responsible_units(record) == seedlib.all_responsible(expected)


def test_agency_with_its_other_name(record):
    # line 20: 未来城管委会（生命园管委会） is one unit written with its second name
    entry = seedlib.by_id(record)["8"]["responsible"][0]
    assert (entry["agency"], entry["written"]) == (WL, "未来城管委会（生命园管委会）")


def test_deadlines(record):
    # 到2025年 inside tasks 3 (line 13), 6 (line 17), 10 (line 22) and 18 (line 32)
    dated = {t["id"]: t["deadline"] for t in record["tasks"] if t["deadline"]}
    assert {tid: str(deadline)[:4] for tid, deadline in dated.items()} == {
        "3": "2025", "6": "2025", "10": "2025", "18": "2025"}


def test_citations(record):
    assert seedlib.cited(record) == [
        # line 3: 为贯彻落实《国务院办公厅关于推动公立医院高质量发展的意见》（国办发〔2021〕18号）
        ("国办发〔2021〕18号", "国务院办公厅关于推动公立医院高质量发展的意见", "implements"),
        # line 3: 《北京市关于推动公立医院高质量发展的实施方案》（京政办发〔2022〕23号）
        ("京政办发〔2022〕23号", "北京市关于推动公立医院高质量发展的实施方案", "implements"),
    ]


def test_task_hospitals(record):
    hospitals = seedlib.task_hospitals(record)
    # line 12: the 委属/市属 hospitals in 昌平
    assert hospitals["2"] == [
        "北京大学第六医院", "北京积水潭医院", "北京清华长庚医院", "北京回龙观医院", "北京小汤山医院",
        "北京大学第三医院", "中日友好医院", "北京大学口腔医院"]
    # line 13: the 区属 hospitals; 清华长庚医院 is 北京清华长庚医院 (line 12) written short
    assert set(hospitals["3"]) == {
        "昌平区医院", "区中医医院", "区中西医结合医院", "区南口医院", "北京清华长庚医院", "区沙河医院",
        "区妇幼保健院", "区精神卫生保健院", "区结核病防治所"}
    # line 15: 区疾控中心 and 区结核病防治所
    assert set(hospitals["5"]) == {"区疾控中心", "区结核病防治所"}
    # line 20: 研究型医院--高博医院
    assert hospitals["8"] == ["高博医院"]
    # line 21: 缓解医院就诊压力 (relieve hospitals' pressure) names no hospital
    assert hospitals["9"] == []
    # line 31: 体现医院发展历史 names none; 积水潭医院 / 清华长庚医院 / 南口医院 are short forms
    assert set(hospitals["17"]) == {"北京积水潭医院", "北京清华长庚医院", "区南口医院"}


def test_document_hospitals(record):
    assert set(record["hospitals"]) == {
        "北京大学第六医院", "北京积水潭医院", "北京清华长庚医院", "北京回龙观医院", "北京小汤山医院",
        "北京大学第三医院", "中日友好医院", "北京大学口腔医院",  # line 12
        "昌平区医院", "区中医医院", "区中西医结合医院", "区南口医院", "区沙河医院", "区妇幼保健院",
        "区精神卫生保健院", "区结核病防治所",  # line 13
        "区疾控中心",  # line 15
        "高博医院",  # line 20
    }


def test_indicators(record):
    # line 15: 依托4家医联体牵头医院建设重大疫情区域救治中心
    assert seedlib.values(seedlib.find_indicator(record, "重大疫情区域救治中心")) == [(None, "4", "target")]
    # line 22: 到2025年，全区建设重点学科质量控制与改进中心不低于30个
    assert seedlib.values(seedlib.find_indicator(record, "质量控制与改进中心")) == [(2025, "30", "target")]
    # line 31: …成为3个具有全国影响力的医院文化品牌
    assert seedlib.values(seedlib.find_indicator(record, "医院文化品牌")) == [(None, "3", "target")]
    # line 32: 到2025年 … 占全部符合条件的住院医保基金支出的比例达到70%
    assert seedlib.values(seedlib.find_indicator(record, "住院医保基金支出的比例")) == [(2025, "70", "target")]
    assert len(record["indicators"]) == 4


def test_warnings(record):
    found = [(w["code"], w.get("line")) for w in record["warnings"]]
    # the three misstyled subsection numbers are said, and the four 保障措施 items lack a unit
    assert found.count(("numbering-style", 18)) == 1
    assert ("numbering-style", 43) in found and ("numbering-style", 45) in found
    assert [line for code, line in found if code == "safeguard-without-responsible"] == [
        39, 41, 43, 45]
    assert [code for code, _ in found if code == "task-without-responsible"] == []


def test_evidence_spans(record, source_text):
    seedlib.assert_task_evidence(record, source_text)
