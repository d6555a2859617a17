"""Seed 000 (重庆市渝北区推动公立医院高质量发展实施方案): facts read from the document itself.

Every expectation was read from samples/plans/000_e81826a0173922c6.txt; comments give the line
(1-based, as `cat -n` shows it). Tasks 1-25 (lines 24-53) and the four 保障措施 (lines 56-59)
take their units from 附件1 (lines 62-733): 牵头单位 -> lead, 配合单位 -> cooperating, the
保障措施 part's 责任单位 -> responsible. A task's `responsible` is the union over its rows in order
of first appearance; an agency that leads any row is `lead`.
"""

from __future__ import annotations

from tests import seedlib

PLAN = seedlib.SAMPLES / "000_e81826a0173922c6.txt"

DASH = "\u2014"  # — (empty value in 附件2)
RATIO = "\u2236"  # ∶ (医护比 values)

WJ = "区卫生健康委"
FG = "区发展改革委"
KJ = "区科技局"
CZ = "区财政局"
RS = "区人力社保局"
YB = "区医保局"
BB = "区委编办"
DSJ = "区大数据局"
SJ = "区市场监管局"
ZZ = "区委组织部"
JW = "区教委"
GA = "区公安分局"
GZ = "区国资委"

L, C, R = "lead", "cooperating", "responsible"

SAFEGUARDS = ["三.(一)", "三.(二)", "三.(三)", "三.(四)"]

# line 24: the hospitals task 1 names, the first six of the plan; 区二院 is 区第二人民医院, and
# 三甲医院, 三级专科医院, 综合医院, 中医医院 are classes
TASK_1_HOSPITALS = [
    "区中医院",
    "区第二人民医院",
    "区第四人民医院",
    "区妇幼保健计划生育服务中心",
    "区人民医院",
    "区妇幼保健院",
]


def rows(task: dict, prefixes: list[str]) -> list[tuple[str, list[tuple[str, str]], str | None]]:
    """A task's assignments as (text cut to the expected prefix's length, units, deadline)."""
    return [
        (a["text"][: len(p)], seedlib.units(a["responsible"]), a["deadline"])
        for a, p in zip(task["assignments"], prefixes, strict=False)
    ]


def warnings(record: dict, code: str) -> list[dict]:
    return [w for w in record["warnings"] if w["code"] == code]


def test_counts(record):
    # lines 24-53: 1. … 25.; lines 56-59: 三、保障措施 (一)-(四)
    ids = [str(n) for n in range(1, 26)] + SAFEGUARDS
    seedlib.assert_task_kinds(record, tasks=25, safeguards=4, ids=ids)


def test_plan_metadata(record, source_text):
    seedlib.assert_plan_metadata(record, source_text, {
        # lines 14-15: 重庆市渝北区推动公立医院高质量 / 发展实施方案
        "title": "重庆市渝北区推动公立医院高质量发展实施方案",
        # line 1
        "doc_number": "渝北府办发〔2022〕40号",
        # line 2 (and line 9)
        "issuer": "重庆市渝北区人民政府办公室",
        "jurisdiction": "重庆市渝北区",
        "jurisdiction_parts": ["重庆市", "渝北区"],
        # line 11: 2022年12月6日
        "issued": "2022-12-06",
        # line 13: （此件公开发布）
        "status": "final",
    })


def test_task_titles(record):
    assert seedlib.titles(record) == [
        ("1", "打造高水平公立医院"),  # line 24
        ("2", "加强公立医院能力建设"),  # line 25
        ("3", "发挥公立医院在医联体中的作用"),  # line 26
        ("4", "健全重大疫情救治体系"),  # line 27
        ("5", "加强川渝医疗卫生协作发展"),  # line 28
        ("6", "加强临床专科学科建设"),  # line 30
        ("7", "提升医学技术创新能力"),  # line 31
        ("8", "推进医疗服务模式创新"),  # line 32
        ("9", "强化信息化支撑作用"),  # line 33
        ("10", "加强医院运营管理"),  # line 35
        ("11", "加强全面预算管理"),  # line 36
        ("12", "完善内部控制制度"),  # line 37
        ("13", "健全绩效评价机制"),  # line 38
        ("14", "改革人事管理制度"),  # line 40
        ("15", "改革薪酬分配制度"),  # line 41
        ("16", "健全医务人员培养引进和评价制度"),  # line 42
        ("17", "深化医疗服务价格改革"),  # line 43
        ("18", "深化医保支付方式改革"),  # line 44
        ("19", "坚持以患者为中心"),  # line 46
        ("20", "加强医院文化建设"),  # line 47
        ("21", "关心关爱医务人员"),  # line 48
        ("22", "全面落实党委领导下的院长负责制"),  # line 50
        ("23", "加强领导班子和干部人才队伍建设"),  # line 51
        ("24", "提升公立医院党组织和党员队伍建设质量"),  # line 52
        ("25", "落实公立医院党建工作责任"),  # line 53
        ("三.(一)", "落实工作责任"),  # line 56
        ("三.(二)", "落实财政投入"),  # line 57
        ("三.(三)", "建立评价体系"),  # line 58
        ("三.(四)", "总结推广经验"),  # line 59
    ]


def test_sections(record):
    assert seedlib.sections(record) == (
        ["构建公立医院高质量发展新体系"] * 5  # line 23
        + ["引领公立医院高质量发展新趋势"] * 4  # line 29
        + ["提升公立医院高质量发展新效能"] * 4  # line 34
        + ["激活公立医院高质量发展新动力"] * 5  # line 39
        + ["建设公立医院高质量发展新文化"] * 3  # line 45
        + ["坚持和加强党对公立医院的全面领导"] * 4  # line 49
        + ["保障措施"] * 4  # line 54
    )


def test_assignment_counts(record):
    # rows of 附件1 per task: the task cell is filled on a task's first row and empty below it;
    # the cells of lines 92/106 (3. 发挥公立医院在医联体中, truncated), 113, 141, 232, 274, 386,
    # 519 and 561 (two labels) and 435 (16. repeated) still belong to one task each
    counts = {t["id"]: len(t["assignments"]) for t in record["tasks"]}
    assert counts == {
        "1": 2,  # lines 72, 79
        "2": 1,  # line 86
        "3": 3,  # lines 93, 100, 107
        "4": 4,  # lines 114-135
        "5": 5,  # lines 142-170
        "6": 4,  # lines 177-198
        "7": 4,  # lines 205-226
        "8": 6,  # lines 233-268
        "9": 4,  # lines 275-296
        "10": 3,  # lines 303-317
        "11": 2,  # lines 324, 331
        "12": 4,  # lines 338-359
        "13": 3,  # lines 366-380
        "14": 4,  # lines 387-408
        "15": 2,  # lines 415, 422
        "16": 5,  # lines 429-457
        "17": 2,  # lines 464, 471
        "18": 6,  # lines 478-513
        "19": 4,  # lines 520-541
        "20": 2,  # lines 548, 555
        "21": 5,  # lines 562-590 (569 and 576 are the same sentence twice)
        "22": 2,  # lines 597, 604
        "23": 4,  # lines 611-632
        "24": 4,  # lines 639-660
        "25": 3,  # lines 667-681
        "三.(一)": 3,  # lines 695, 702, 709
        "三.(二)": 1,  # line 716
        "三.(三)": 1,  # line 723
        "三.(四)": 1,  # line 730
    }


def test_task_4_assignments(record):
    task = seedlib.by_id(record)["4"]
    expected = [
        # lines 114-117
        ("建立以区级医院为主体", [(WJ, L), (FG, C)], "2025"),
        # lines 121-124: empty 配合单位 cell
        ("加强区人民医院、区中医院和区妇幼保健院学科建设", [(WJ, L)], "2025"),
        # lines 128-131
        ("建立固定标识应急床位", [(WJ, L), (CZ, C)], "2025"),
        # lines 135-138: 区发改委 -> 区发展改革委
        ("推进公立医院发热门诊", [(WJ, L), (FG, C), (CZ, C)], "2025"),
    ]
    assert len(task["assignments"]) == len(expected)
    assert rows(task, [e[0] for e in expected]) == expected


def test_task_18_assignments(record):
    task = seedlib.by_id(record)["18"]
    expected = [
        # lines 478-481: 持续推进
        ("持续推进以按病种付费为主", [(YB, L), (WJ, C)], "ongoing"),
        # lines 485-488
        ("按照市级统一安排部署", [(YB, L), (WJ, C), (CZ, C)], "ongoing"),
        # lines 492-495
        ("深化城乡居民高血压", [(YB, L), (WJ, C)], "ongoing"),
        # lines 499-502
        ("推动药品集中带量采购", [(YB, L), (WJ, C)], "ongoing"),
        # lines 506-509
        ("落实医保支付标准与采购价格联动调整机制", [(YB, L), (WJ, C)], "ongoing"),
        # lines 513-516: empty 完成时限 cell
        ("落实国家符合中医药特点的医保支付方式", [(YB, L), (WJ, C)], None),
    ]
    assert len(task["assignments"]) == len(expected)
    assert rows(task, [e[0] for e in expected]) == expected


def test_other_assignment_deadlines(record):
    tasks = seedlib.by_id(record)
    # line 236: 2025年2025年 (cell written twice) is 2025
    assert tasks["8"]["assignments"][0]["deadline"] == "2025"
    # lines 327, 334: 持续推进
    assert [a["deadline"] for a in tasks["11"]["assignments"]] == ["ongoing", "ongoing"]
    # lines 369, 376, 383
    assert [a["deadline"] for a in tasks["13"]["assignments"]] == ["ongoing", "2025", "2025"]
    # lines 670, 677 (empty), 684
    assert [a["deadline"] for a in tasks["25"]["assignments"]] == ["2025", None, "2025"]
    # lines 698, 705, 712
    assert [a["deadline"] for a in tasks["三.(一)"]["assignments"]] == ["2025"] * 3
    # line 719
    assert [a["deadline"] for a in tasks["三.(二)"]["assignments"]] == ["ongoing"]


def test_responsible_units(record):
    expected = {
        "1": [(WJ, L), (FG, C), (KJ, C), (CZ, C)],  # lines 73-74, 80-81
        "2": [(WJ, L), (FG, C)],  # lines 87-88
        "3": [(WJ, L), (BB, C), (YB, C), (CZ, C), (RS, C)],  # lines 94-95, 101-102, 108
        "4": [(WJ, L), (FG, C), (CZ, C)],  # lines 115-137
        "5": [(WJ, L), (FG, C), (KJ, C)],  # lines 143-172
        "6": [(WJ, L)],  # lines 178-199
        "7": [(WJ, L), (KJ, L)],  # lines 206-228: 区科技局 leads lines 220 and 227
        "8": [(WJ, L), (YB, L)],  # lines 234-269: 区医保局 leads line 241
        "9": [(WJ, L), (DSJ, C), (YB, C), (SJ, L)],  # lines 276-298: 区市场监管局 leads line 297
        "10": [(WJ, L), (RS, C), (DSJ, C)],  # lines 304-319
        "11": [(WJ, L), (CZ, C)],  # lines 325-333
        "12": [(WJ, L)],  # lines 339-360
        "13": [(WJ, L), (CZ, C), (RS, C), (YB, C)],  # lines 367-382
        "14": [(BB, L), (WJ, L), (RS, C)],  # lines 388-410: 区卫生健康委 leads line 402
        "15": [(RS, L), (WJ, L), (CZ, C)],  # lines 416-424
        "16": [(ZZ, L), (WJ, L), (BB, C), (RS, C), (CZ, C), (KJ, C), (JW, C)],  # lines 430-459
        "17": [(YB, L), (WJ, C)],  # lines 465-473
        "18": [(YB, L), (WJ, C), (CZ, C)],  # lines 479-515
        "19": [(WJ, L)],  # lines 521-542
        "20": [(WJ, L)],  # lines 549, 556 (区卫生健康委康委)
        "21": [(WJ, L), (GA, C)],  # lines 563-592
        "22": [(WJ, L)],  # lines 598, 605
        "23": [(ZZ, L), (WJ, L)],  # lines 612-619; lines 626-627, 633-634 are empty
        "24": [(WJ, L)],  # line 640; lines 647-662 are empty
        "25": [(ZZ, L), (WJ, L), (GZ, C)],  # lines 668-682: 区卫生健康 (669) cooperates, then leads
        # 保障措施 part of 附件1: 责任单位 -> responsible, 配合单位 -> cooperating
        "三.(一)": [  # lines 696-697, 703, 710 (各公立医院院)
            ("区医改领导小组", R),
            ("区医改领导小组各成员单位", C),
            ("区医改办", R),
            ("各公立医院", R),
        ],
        "三.(二)": [(CZ, R), (WJ, C)],  # lines 717-718
        "三.(三)": [("区医改办", R), (CZ, C)],  # lines 724-725
        "三.(四)": [("区医改办", R), ("区医改领导小组各成员单位", C)],  # lines 731-732
    }
    assert seedlib.responsible_units(record) == expected


def test_written_forms_of_folded_agencies(record):
    tasks = seedlib.by_id(record)

    def written(tid: str, row: int, unit: int) -> tuple[str, str | None]:
        entry = tasks[tid]["assignments"][row]["responsible"][unit]
        return entry["agency"], entry.get("written")

    assert written("1", 0, 1) == (FG, "区发改委")  # line 74
    assert written("9", 3, 2) == (WJ, "区卫健委")  # line 298
    assert written("16", 0, 3) == (RS, "区人社局")  # line 431
    assert written("20", 1, 0) == (WJ, "区卫生健康委康委")  # line 556
    assert written("25", 0, 1) == (WJ, "区卫生健康")  # line 669
    assert written("三.(一)", 2, 0) == ("各公立医院", "各公立医院院")  # line 710


def test_agency_foldings(record):
    foldings = {(f["written"], f["canonical"]): f["count"] for f in record["agency_foldings"]}
    assert foldings == {
        ("区发改委", "区发展改革委"): 5,  # lines 74, 81, 88, 137, 151
        ("区卫健委", "区卫生健康委"): 1,  # line 298
        ("区人社局", "区人力社保局"): 1,  # line 431
        ("区卫生健康委康委", "区卫生健康委"): 1,  # line 556
        ("区卫生健康", "区卫生健康委"): 1,  # line 669
        ("各公立医院院", "各公立医院"): 1,  # line 710
    }


def test_unowned_rows(record, source_text):
    tasks = seedlib.by_id(record)
    # lines 625-628 and 632-635: rows of task 23 with empty 牵头单位 and 配合单位 cells
    task_23 = rows(tasks["23"], ["", "", "坚持党管人才原则", "建立党委联系服务专家制度"])
    assert task_23[2:] == [
        ("坚持党管人才原则", [], "2025"),
        ("建立党委联系服务专家制度", [], "2025"),
    ]
    # lines 646-663: the last three rows of task 24
    task_24 = rows(tasks["24"], ["", "建立党支部参与", "实施党支部书记", "建立健全把业务骨干"])
    assert task_24[1:] == [
        ("建立党支部参与", [], "2025"),
        ("实施党支部书记", [], "2025"),
        ("建立健全把业务骨干", [], "2025"),
    ]
    found = warnings(record, "assignment-without-responsible")
    assert [w["line"] for w in found] == [625, 632, 646, 653, 660]
    starts = ["坚持党管人才原则", "建立党委联系服务专家制度", "建立党支部参与", "实施党支部书记",
              "建立健全把业务骨干"]  # fmt: skip
    for warning, start in zip(found, starts, strict=True):
        assert start in seedlib.evidence(source_text, warning["span"])


def test_indicator_table(record):
    table = [i for i in record["indicators"] if i.get("source") == "table"]
    wj, rs, yb = [WJ], [RS], [YB]
    # lines 740-970 (附件2): 序号 一级指标 二级指标 2021年现值 2023年目标 2025年目标 责任单位;
    # an empty 一级指标 cell belongs to the category above
    expected = [
        ("体系建设", "市级区域医疗中心", "个", DASH, "0", "1", wj),  # 748-754
        ("体系建设", "三级医院", "个", "0", "1", "2", wj),  # 756-762
        ("体系建设", "三级公立医院卫生技术人员人均科研经费", "元", "*", "6000", "7000", wj),  # 764
        ("体系建设", "医护比", None, f"1{RATIO}1.6", f"1{RATIO}1.8", f"1{RATIO}2", wj),  # 772
        ("体系建设", "开展薪酬制度改革的公立医院占比", "%", "25", "100", "100", rs),  # 780-786
        # line 789: 医疗质量医疗质量 (cell written twice)
        ("医疗质量", "二级公立医院电子病历应用水平分级", "级", "2.5", "3", "3", wj),
        ("医疗质量", "三级公立医院电子病历应用水平分级", "级", "3.35", "4", "4.5", wj),  # 796
        ("医疗质量", "通过国家室间质量评价的临床检验项目数", "个", "240", "270", "280", wj),  # 804
        ("医疗质量", "室间质评项目合格率", "%", "97", "98", "98.5", wj),  # 812
        ("医疗质量", "三级公立医院手术患者并发症发生率", "%", "0.9", "0.75", "0.6", wj),  # 820
        ("医疗质量", "三级公立医院抗菌药物使用强度", "DDDs", "40", "39", "38", wj),  # 828
        ("医疗质量", "三级公立中医医院门诊患者中药饮片使用率", "%", "30.49", "35", "60", wj),  # 836
        ("医疗质量", "三级公立中医医院出院患者中药饮片使用率", "%", "63.12", "64", "65", wj),  # 844
        # line 854: （含执业助理医师） is part of the name, （%） is the unit
        ("医疗质量", "三级公立中医医院中医类别执业医师（含执业助理医师）占执业医师总数比例", "%",
         "49.06", "52", "60", wj),
        # line 862
        ("医疗质量", "按疾病诊断相关分组付费的医保基金占全部符合条件的住院医保基金支出的比例", "%",
         DASH, DASH, "70", yb),
        ("运营效率", "平均住院日", "日", "10.51", "9.5", "8", wj),  # 868-874
        ("运营效率", "医疗服务收入占医疗收入的比例", "%", "30.75", "32", "35", wj),  # 876
        ("运营效率", "人员支出占业务支出的比例", "%", "37.31", "38", "40", wj),  # 884 (序号 19)
        ("运营效率", "管理费用占业务支出的比例", "%", "10.87", "10.3", "9.5", wj),  # 892 (序号 19)
        ("运营效率", "万元收入能耗支出", "元", "99", "97", "95", wj),  # 900
        ("运营效率", "资产负债率", "%", "40.9", "39.5", "38", wj),  # 908
        ("运营效率", "门诊次均费用年均增幅", "%", "6.21", "5.6", "5", wj),  # 916
        ("运营效率", "人均住院费用年均增幅", "%", "7.53", "6.3", "5", wj),  # 924
        ("便民惠民", "三级公立医院门诊患者平均预约诊疗率", "%", "41.56", "45", "50", wj),  # 932
        ("便民惠民", "三级公立医院门诊患者预约后平均等待时间", "分钟", "22.84", "21.8", "20", wj),
        ("便民惠民", "门诊患者满意度", "%", "87.86", "89", "90", wj),  # 948
        ("便民惠民", "住院患者满意度", "%", "92.235", "93", "93", wj),  # 956
        ("便民惠民", "职工满意度", "%", "80.72", "81", "82.5", wj),  # 964
    ]  # fmt: skip
    assert len(table) == 28
    actual = [
        (
            i["category"],
            i["name"],
            i["unit"],
            *(v["value"] for v in i["values"]),
            i["responsible"],
        )
        for i in table
    ]
    assert actual == expected
    # lines 743-745: 2021年现值 (baseline), 2023年目标, 2025年目标 (targets)
    years = {tuple((v["year"], v["kind"]) for v in i["values"]) for i in table}
    assert years == {((2021, "baseline"), (2023, "target"), (2025, "target"))}


def test_citations(record):
    assert seedlib.cited(record) == [
        # line 16: 为贯彻落实《…》（渝府办发〔2022〕5号）《…》（渝医改办函〔2022〕2号）精神 … 制定本实施方案
        (
            "渝府办发〔2022〕5号",
            "重庆市人民政府办公厅关于印发重庆市推动公立医院高质量发展实施方案的通知",
            "implements",
        ),
        (
            "渝医改办函〔2022〕2号",
            "重庆市深化医药卫生体制改革领导小组办公室关于抓好推动公立医院高质量发展意见落实的通知",
            "implements",
        ),
        # line 42 (and line 429): 修订《渝北区医疗卫生人才引进培养管理办法》
        (None, "渝北区医疗卫生人才引进培养管理办法", "references"),
        # line 50: 全面落实《重庆市委办公厅关于加强公立医院党的建设工作的实施意见》; line 597
        # cites the same document as 市委办公厅《关于加强公立医院党的建设工作的实施意见》
        (None, "重庆市委办公厅关于加强公立医院党的建设工作的实施意见", "references"),
    ]


def test_citation_mentions(record):
    mentions = {c["title"]: len(c.get("mentions", [])) for c in record["citations"]}
    # lines 42 and 429
    assert mentions["渝北区医疗卫生人才引进培养管理办法"] == 2
    # lines 50 and 597
    assert mentions["重庆市委办公厅关于加强公立医院党的建设工作的实施意见"] == 2


def test_own_title_is_not_a_citation(record):
    # line 8: 现将《重庆市渝北区推动公立医院高质量发展实施方案》印发给你们 (cover notice)
    seedlib.assert_own_title_not_cited(record, "渝北区推动公立医院高质量发展实施方案")


def test_task_hospitals(record):
    hospitals = seedlib.task_hospitals(record)
    # line 24
    assert hospitals["1"] == TASK_1_HOSPITALS
    # line 25: 博士后教学医院 is a class
    assert hospitals["2"] == ["区人民医院", "区妇幼保健院"]
    # line 26
    assert hospitals["3"] == [
        "区人民医院",
        "重庆医科大学附属医院",
        "重庆大学附属医院",
        "区中医院",
        "区妇幼保健院",
    ]
    # line 27: 定点医院 is a class
    assert hospitals["4"] == ["区人民医院", "区中医院", "区妇幼保健院"]
    # line 30
    assert hospitals["6"] == ["区人民医院", "区中医院"]
    # line 33
    assert hospitals["9"] == ["区人民医院"]
    # line 37: no hospital named
    assert hospitals["12"] == []


def test_document_hospitals(record):
    # lines 24 and 26 name them all: task 1's six (line 24), then line 26's two new ones
    assert record["hospitals"] == [*TASK_1_HOSPITALS, "重庆医科大学附属医院", "重庆大学附属医院"]


def test_table_label_warnings(record, source_text):
    doubled = warnings(record, "table-label-doubled")
    # line 113: 4. 健全重大疫情救治体系。5. 健全重大疫情救治体系。
    first = next(w for w in doubled if w["line"] == 113)
    cell = "4.健全重大疫情救治体系。5.健全重大疫情救治体系。"
    assert cell in seedlib.evidence(source_text, first["span"])
    # every task cell of 附件1 holding two labels: lines 113, 141, 232, 274, 386, 519, 561
    assert [w["line"] for w in doubled] == [113, 141, 232, 274, 386, 519, 561]


def test_indicator_numbering(record):
    # lines 876, 884, 892 (附件2 序号): 17, 19, 19; the second 19 repeats, and 18 is never used
    assert seedlib.warning_lines(record, "numbering-repeat") == [892]
    assert seedlib.warning_lines(record, "numbering-skip") == [884]


def test_doubled_cells(record, source_text):
    found = warnings(record, "table-cell-doubled")
    # line 236: 2025年2025年 (完成时限); line 789: 医疗质量医疗质量 (一级指标)
    assert [w["line"] for w in found] == [236, 789]
    assert [seedlib.evidence(source_text, w["span"]) for w in found] == ["2025年2025年", "医疗质量医疗质量"]


def test_replacement_character(record):
    # line 976: a lone U+FFFD after the 印发 line
    assert seedlib.warning_lines(record, "replacement-character") == [976]


def test_no_missing_responsible(record):
    # every task and safeguard has rows with units in 附件1
    assert warnings(record, "task-without-responsible") == []
    assert warnings(record, "safeguard-without-responsible") == []


def test_all_warnings(record):
    # each was checked against the line it names (see the tests above)
    assert seedlib.warning_lines(record) == [
        ("table-label-doubled", 113),
        ("table-label-doubled", 141),
        ("table-label-doubled", 232),
        ("table-cell-doubled", 236),
        ("table-label-doubled", 274),
        ("table-label-doubled", 386),
        ("table-label-doubled", 519),
        ("table-label-doubled", 561),
        ("assignment-without-responsible", 625),
        ("assignment-without-responsible", 632),
        ("assignment-without-responsible", 646),
        ("assignment-without-responsible", 653),
        ("assignment-without-responsible", 660),
        ("table-cell-doubled", 789),
        ("numbering-skip", 884),
        ("numbering-repeat", 892),
        ("replacement-character", 976),
    ]


def test_evidence_spans(record, source_text):
    seedlib.assert_task_evidence(record, source_text)
