"""Seed 001 (广元市推动公立医院高质量发展实施方案): facts read from the document itself.

Every expectation was read from samples/plans/001_303be1dcb507608d.txt; comments give the line
(1-based, as `cat -n` shows it). A city plan of 四川省 (2023): a cover notice (lines 1-10), the
plan title split over lines 11-12 (实 施 方 案 spaced out), subsections numbered on across the
sections (（一）（二） under 总体要求, （三）-（八） under 重点任务, （九）-（十二） under 保障措施) and
responsibility in 〔A、B和C按职责分工负责〕 clauses: every unit's role is `responsible`.
"""

from __future__ import annotations

from tests import seedlib

PLAN = seedlib.SAMPLES / "001_303be1dcb507608d.txt"

WJ = "市卫生健康委"
FG = "市发展改革委"
CZ = "市财政局"
KJ = "市科技局"
ZR = "市自然资源局"
ZY = "市中医药局"
XQ = "各县（区）人民政府"
YB = "市医保局"
YJ = "市应急管理局"
SJ = "市市场监管局"
ZZ = "市委组织部"
RS = "市人力社保局"
FL = "市妇联"
WX = "市委网信办"
JX = "市经济和信息化局"
SHJ = "市审计局"
BB = "市委编办"
JY = "市教育局"
ZF = "市委政法委"
SF = "市司法局"
GA = "市公安局"
JJ = "市纪委监委"
GZ = "市国资委"

IDS = [str(n) for n in range(1, 27)] + ["三.(九)", "三.(十)", "三.(十一)", "三.(十二)"]


def test_counts(record):
    # lines 20-50: tasks 1.-26.; lines 52-55: 三、保障措施 （九）-（十二）
    seedlib.assert_task_kinds(record, tasks=26, safeguards=4, ids=IDS)


def test_plan_metadata(record, source_text):
    seedlib.assert_plan_metadata(record, source_text, {
        # lines 2-3 (the notice quotes it) and lines 11-12
        "title": "广元市推动公立医院高质量发展实施方案",
        # the notice carries no 〔2023〕 number in this copy
        "doc_number": None,
        # line 1 and line 9
        "issuer": "广元市人民政府办公室",
        # a city of 四川省: line 14 cites 四川省人民政府办公厅 … （川办发〔2021〕71号）
        "jurisdiction": "四川省广元市",
        "jurisdiction_parts": ["四川省", "广元市"],
        # line 10: 2023年12月6日
        "issued": "2023-12-06",
        # line 57: 信息公开选项：主动公开
        "status": "final",
    })


def test_task_titles(record):
    found = seedlib.titles(record)
    assert found[:5] == [
        ("1", "全力打造五大品牌医院"),  # line 20
        ("2", "推动优质医疗资源扩容"),  # line 21
        ("3", "推进紧密型城市医联体建设"),  # line 22
        ("4", "发挥县级医院在县域医共体中的龙头作用"),  # line 23
        ("5", "提升重大疫情防控能力"),  # line 25
    ]
    assert found[21:] == [
        ("22", "关心关爱医务人员"),  # line 45
        ("23", "全面贯彻落实党组织领导下的院长负责制"),  # line 47
        ("24", "加强公立医院领导班子和干部人才队伍建设"),  # line 48
        ("25", "持续加强公立医院党组织和党员队伍建设"),  # line 49
        ("26", "全面落实公立医院党建工作责任"),  # line 50
        ("三.(九)", "加强组织领导"),  # line 52
        ("三.(十)", "加大投入保障"),  # line 53
        ("三.(十一)", "强化监测评估"),  # line 54
        ("三.(十二)", "广泛宣传引导"),  # line 55
    ]


def test_sections(record):
    assert seedlib.sections(record) == (
        ["构建优质高效医疗卫生服务体系"] * 4  # line 19: （三）
        + ["加强公立医院医疗能力建设"] * 4  # line 24: （四）
        + ["提高群众就医满意度"] * 4  # line 29: （五）
        + ["加强公立医院精细化管理"] * 4  # line 34: （六）
        + ["激发公立医院高质量发展活力"] * 6  # line 39: （七）
        + ["坚持和加强党的全面领导"] * 4  # line 46: （八）
        + ["保障措施"] * 4  # line 51
    )


def test_responsible_units(record):
    expected = {
        "1": [WJ, FG, CZ, KJ, ZR, ZY, XQ],  # line 20
        "2": [WJ, FG, CZ, KJ, ZR, YB, ZY, XQ],  # line 21
        "3": [WJ, ZY, XQ],  # line 22
        "4": [WJ, YB, ZY, XQ],  # line 23
        "5": [WJ, FG, CZ, YJ, KJ, ZY, XQ],  # line 25
        "6": [WJ, FG, CZ, KJ, ZR, YB, ZY, XQ],  # line 26
        "7": [WJ, FG, CZ, SJ, KJ, ZY, XQ],  # line 27
        "8": [WJ, ZZ, RS, ZY, XQ],  # line 28
        "9": [WJ, FG, FL, SJ, WX, ZY, XQ],  # line 30
        "10": [WJ, SJ, ZY, XQ],  # line 31
        "11": [WJ, SJ, JX, ZY, XQ],  # line 32
        "12": [WJ, SJ, ZY, XQ],  # line 33
        "13": [WJ, SJ, ZY, XQ],  # line 35
        "14": [WJ, CZ, SHJ, ZY, XQ],  # line 36
        "15": [WJ, CZ, ZY, XQ],  # line 37
        "16": [WJ, CZ, RS, ZY, XQ],  # line 38
        "17": [BB, WJ, RS, ZY, XQ],  # line 40
        "18": [RS, CZ, WJ, ZY, XQ],  # line 41
        "19": [WJ, JY, KJ, RS, ZY, XQ],  # line 42
        "20": [YB, WJ, ZY, XQ],  # line 43
        "21": [YB, WJ, ZY, XQ],  # line 44
        "22": [ZZ, ZF, WJ, SF, GA, RS, ZY, XQ],  # line 45
        "23": [ZZ, WJ, ZY, XQ],  # line 47
        "24": [ZZ, WJ, ZY, XQ],  # line 48
        "25": [ZZ, WJ, RS, ZY, XQ],  # line 49
        "26": [ZZ, JJ, WJ, SHJ, JY, GZ, ZY, XQ],  # line 50
        "三.(九)": [],  # line 52
        "三.(十)": [],  # line 53
        "三.(十一)": [],  # line 54
        "三.(十二)": [],  # line 55
    }
    assert seedlib.responsible_units(record) == seedlib.all_responsible(expected)


def test_written_forms_of_folded_agencies(record):
    # line 28: 市人力资源社会保障局 is written out; the graph keeps one agency 市人力社保局
    entry = next(e for e in seedlib.by_id(record)["8"]["responsible"] if e["agency"] == RS)
    assert entry["written"] == "市人力资源社会保障局"


def test_no_deadlines_or_tables(record):
    # no 完成时限 column and no 任务分工 table: tasks carry no deadline and no rows
    assert all(t["deadline"] is None for t in record["tasks"])
    assert all(t.get("assignments", []) == [] for t in record["tasks"])


def test_citations(record):
    assert seedlib.cited(record) == [
        # line 14: 为贯彻落实国务院办公厅《关于推动公立医院高质量发展的意见》（国办发〔2021〕18号）
        ("国办发〔2021〕18号", "国务院办公厅关于推动公立医院高质量发展的意见", "implements"),
        # line 14: 和四川省人民政府办公厅《关于印发…实施方案的通知》（川办发〔2021〕71号）精神
        (
            "川办发〔2021〕71号",
            "四川省人民政府办公厅关于印发四川省推动公立医院高质量发展实施方案的通知",
            "implements",
        ),
    ]


def test_own_title_is_not_a_citation(record):
    # lines 2-3 and 6 quote the plan's own title in 《》
    seedlib.assert_own_title_not_cited(record, "广元市推动公立医院")


def test_task_hospitals(record):
    hospitals = seedlib.task_hospitals(record)
    # line 20: 市中心医院、市第一人民医院、市中医医院、市精神卫生中心、市妇幼保健院 (五大品牌医院)
    assert hospitals["1"] == ["市中心医院", "市第一人民医院", "市中医医院", "市精神卫生中心",
                              "市妇幼保健院"]
    # line 21: 市第一人民医院三江新区分院 is a named branch, not 市第一人民医院 again
    assert "市第一人民医院三江新区分院" in hospitals["2"]
    # line 22: 市城区社区卫生服务中心 is a class of facilities (all of them), not one hospital
    assert hospitals["3"] == []
    # line 23: 依托中心镇卫生院 — a class (the central township health centres)
    assert hospitals["4"] == []
    # line 25
    assert hospitals["5"] == ["广元市传染病医院", "川东北区域精神卫生中心"]
    # line 28: partners named in full; 市中医院 is this plan's 市中医医院 written short
    assert set(hospitals["8"]) >= {"北大医学部创伤中心", "天坛医院", "北京阜外医院",
                                   "北京市西苑医院", "四川大学华西医院", "华西口腔医院",
                                   "华西妇产儿童医院"}
    assert "市中医院" not in hospitals["8"]
    # line 30: 老年友善、儿童友好医院 are qualities of hospitals, not a hospital
    assert hospitals["9"] == []
    # line 47: 写入医院章程 (write into the hospital's charter) names no hospital
    assert hospitals["23"] == []


def test_document_hospitals(record):
    assert set(record["hospitals"]) == {
        "市中心医院", "市第一人民医院", "市中医医院", "市精神卫生中心", "市妇幼保健院",  # line 20
        "市第一人民医院三江新区分院",  # line 21
        "广元市传染病医院", "川东北区域精神卫生中心",  # line 25
        "北大医学部创伤中心", "天坛医院", "北京阜外医院", "北京市西苑医院",  # line 28
        "四川大学华西医院", "华西口腔医院", "华西妇产儿童医院",  # line 28
    }


def test_indicators(record):
    # line 17 (发展目标): three values from … to …, two shares of 县医院
    assert seedlib.values(seedlib.find_indicator(record, "病例组合指数")) == [(None, "0.9", "baseline"),
                                                           (None, "1.2", "target")]
    assert seedlib.values(seedlib.find_indicator(record, "微创手术占比")) == [(None, "20", "baseline"),
                                                          (None, "25", "target")]
    assert seedlib.values(seedlib.find_indicator(record, "四级手术占比")) == [(None, "16", "baseline"),
                                                          (None, "20", "target")]
    assert seedlib.values(seedlib.find_indicator(record, "基本标准")) == [(None, "100", "target")]
    assert seedlib.values(seedlib.find_indicator(record, "推荐标准")) == [(None, "80", "target")]
    # line 22: 网格化布局4个紧密型城市医疗集团
    assert seedlib.values(seedlib.find_indicator(record, "紧密型城市医疗集团")) == [(None, "4", "target")]
    # line 23: 规划建设10个县域医疗卫生次中心
    assert seedlib.values(seedlib.find_indicator(record, "县域医疗卫生次中心")) == [(None, "10", "target")]
    # line 30: 80%二级以上公立医疗机构开展预约诊疗… / 80%二级以上公立医院建成老年友善、儿童友好医院
    assert seedlib.values(seedlib.find_indicator(record, "预约诊疗")) == [(None, "80", "target")]
    assert seedlib.values(seedlib.find_indicator(record, "老年友善")) == [(None, "80", "target")]
    # line 32: 建成互联网医院12家，三星级及以上智慧医院6家，2家市级综合医院通过…电子病历达5级
    assert seedlib.values(seedlib.find_indicator(record, "互联网医院")) == [(None, "12", "target")]
    assert seedlib.values(seedlib.find_indicator(record, "三星级及以上智慧医院")) == [(None, "6", "target")]
    assert seedlib.values(seedlib.find_indicator(record, "互联互通四甲测评")) == [(None, "2", "target")]
    # line 40: 公立医院医护比总体达到1：2左右
    assert seedlib.values(seedlib.find_indicator(record, "医护比")) == [(None, "1：2", "target")]
    assert len(record["indicators"]) == 17


def test_warnings(record):
    # only the four 保障措施 items (lines 52-55) lack a unit
    assert seedlib.warning_lines(record) == [
        ("safeguard-without-responsible", 52),
        ("safeguard-without-responsible", 53),
        ("safeguard-without-responsible", 54),
        ("safeguard-without-responsible", 55),
    ]


def test_evidence_spans(record, source_text):
    seedlib.assert_task_evidence(record, source_text)
