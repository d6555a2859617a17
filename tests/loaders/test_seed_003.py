"""Seed 003 (沙坪坝区进一步完善医疗卫生服务体系实施方案): facts read from the document itself.

Every expectation was read from samples/plans/003_d8ef92ff13adc345.txt; comments give the line
(1-based, as `cat -n` shows it). Responsibility comes from （责任单位：A、B） clauses, so every
unit's role is `responsible`.
"""

from __future__ import annotations

from tests import seedlib

PLAN = seedlib.SAMPLES / "003_d8ef92ff13adc345.txt"

WJ = "区卫生健康委"
FG = "区发展改革委"
GH = "区规划自然资源局"
ZJ = "区住房城乡建委"
RS = "区人力社保局"
SJ = "区市场监管局"
KJ = "区科技局"
JX = "区经济信息委"
YB = "区医保局"
MZ = "区民政局"
JW = "区教委"
GA = "区公安分局"
DSJ = "区大数据发展局"
CZ = "区财政局"
BB = "区委编办"

# line 19: the hospitals task 1 names, the first six of the plan; 三级甲等综合医院, 三级综合医院,
# 三级中医院, 重庆中医药学院教学医院, 现代综合康复医院 and 三级妇幼保健院 are classes
TASK_1_HOSPITALS = [
    "区人民医院",
    "陈家桥医院",
    "区中医院",
    "区中西医结合医院",
    "区精神卫生中心",
    "区妇幼保健院",
]


def test_counts(record):
    # lines 19-42: tasks 1. … 19.; lines 44-46: 三、组织实施 (一)-(三)
    ids = [str(n) for n in range(1, 20)] + ["三.(一)", "三.(二)", "三.(三)"]
    seedlib.assert_task_kinds(record, tasks=19, safeguards=3, ids=ids)


def test_plan_metadata(record, source_text):
    seedlib.assert_plan_metadata(record, source_text, {
        # lines 10-11: 沙坪坝区进一步完善医疗卫生服务 / 体系实施方案
        "title": "沙坪坝区进一步完善医疗卫生服务体系实施方案",
        # line 1
        "doc_number": "沙府办发〔2025〕13号",
        # line 2 and line 7
        "issuer": "重庆市沙坪坝区人民政府办公室",
        "jurisdiction": "重庆市沙坪坝区",
        "jurisdiction_parts": ["重庆市", "沙坪坝区"],
        # line 8: 2025年2月20日
        "issued": "2025-02-20",
        # line 9: （此件公开发布）, no 征求意见稿
        "status": "final",
    })


def test_task_titles(record):
    assert seedlib.titles(record) == [
        ("1", "完善优质医疗卫生机构功能布局"),  # line 19
        ("2", "夯实基层医疗卫生服务网底"),  # line 20
        ("3", "强化公共卫生服务体系建设"),  # line 21
        ("4", "加强重点专科学科建设"),  # line 23
        ("5", "推动卫生人才资源扩容"),  # line 24
        ("6", "保障医疗服务质量安全"),  # line 25
        ("7", "加快卫生健康科技创新"),  # line 26
        ("8", "推进分级诊疗制度"),  # line 28
        ("9", "健全家庭医生制度"),  # line 29
        ("10", "促进医养结合"),  # line 30
        ("11", "加强防治结合"),  # line 31
        ("12", "发挥中医药重要作用"),  # line 32
        ("13", "改善医疗卫生服务体验"),  # line 33
        ("14", "加快数字健康建设"),  # line 36
        ("15", "健全现代医院管理制度"),  # line 37
        ("16", "加强医疗卫生行业监管"),  # line 38
        ("17", "完善政府投入机制"),  # line 40
        ("18", "深化价格和支付方式改革"),  # line 41
        ("19", "推进人事薪酬制度改革"),  # line 42
        ("三.(一)", "强化组织领导"),  # line 44
        ("三.(二)", "健全工作机制"),  # line 45
        ("三.(三)", "加强宣传引导"),  # line 46
    ]


def test_sections(record):
    assert seedlib.sections(record) == (
        ["科学规划，建设优质高效服务体系"] * 3  # line 18
        + ["强化内涵，提升城乡医疗卫生服务能力"] * 4  # line 22
        + ["创新模式，增强医疗卫生服务群众获得感"] * 6  # line 27
        + ["整体智治，提升城乡医疗卫生服务管理能力"] * 3  # line 35
        + ["协同联动，提高医疗卫生治理效能"] * 3  # line 39
        + ["组织实施"] * 3  # line 43
    )


def test_responsible_units(record):
    r = "responsible"
    expected = {
        "1": [(WJ, r), (FG, r), (GH, r), (ZJ, r)],  # line 19
        "2": [(WJ, r), (FG, r)],  # line 20
        "3": [(WJ, r)],  # line 21
        "4": [(WJ, r)],  # line 23
        "5": [(WJ, r), (RS, r)],  # line 24
        "6": [(WJ, r), (SJ, r)],  # line 25
        "7": [(WJ, r), (KJ, r), (JX, r)],  # line 26
        "8": [(WJ, r), (RS, r), (YB, r)],  # line 28
        "9": [(WJ, r), (YB, r)],  # line 29
        "10": [(WJ, r), (GH, r), (ZJ, r), (YB, r), (MZ, r)],  # line 30
        "11": [(WJ, r)],  # line 31
        "12": [(WJ, r), (JW, r)],  # line 32
        "13": [(WJ, r), (YB, r), (GA, r)],  # line 33
        "14": [(WJ, r), (FG, r), (DSJ, r)],  # line 36
        "15": [(WJ, r)],  # line 37
        "16": [(WJ, r), (SJ, r), (YB, r)],  # line 38
        "17": [(CZ, r), (WJ, r)],  # line 40
        "18": [(YB, r), (WJ, r)],  # line 41
        "19": [(BB, r), (RS, r), (WJ, r), (CZ, r)],  # line 42
        # lines 44-46: the 组织实施 items name no unit
        "三.(一)": [],
        "三.(二)": [],
        "三.(三)": [],
    }
    assert seedlib.responsible_units(record) == expected


def test_no_task_division_table(record):
    # the plan has no 附件 / 任务分工 table: no task carries table rows
    seedlib.assert_no_task_table(record)


def test_citations(record):
    assert seedlib.cited(record) == [
        # line 12: 按照《中共中央办公厅 国务院办公厅关于…的意见》（中办发〔2023〕10号）… 要求 … 制定本实施方案
        (
            "中办发〔2023〕10号",
            "中共中央办公厅 国务院办公厅关于进一步完善医疗卫生服务体系的意见",
            "implements",
        ),
        # line 12: 和《重庆市关于进一步完善医疗卫生服务体系实施方案》（渝府办发〔2023〕76号）要求
        ("渝府办发〔2023〕76号", "重庆市关于进一步完善医疗卫生服务体系实施方案", "implements"),
        # line 38: 对标《沙坪坝区关于全面推进清廉医院建设的实施方案》
        (None, "沙坪坝区关于全面推进清廉医院建设的实施方案", "references"),
    ]


def test_own_title_is_not_a_citation(record):
    # lines 3-4 and line 6 quote the plan's own title in 《》 (cover notice)
    seedlib.assert_own_title_not_cited(record, "沙坪坝区进一步完善医疗卫生服务")


def test_citation_evidence(record, source_text):
    for c in record["citations"]:
        assert c["title"].replace(" ", "") in seedlib.evidence(source_text, c["span"])
        assert c["doc_number"] is None or c["doc_number"] in seedlib.evidence(source_text, c["span"])


def test_task_hospitals(record):
    hospitals = seedlib.task_hospitals(record)
    # line 19
    assert hospitals["1"] == TASK_1_HOSPITALS
    # line 20: 镇卫生院 / 社区卫生服务中心 / 社区医院 are classes
    assert hospitals["2"] == []
    # line 21: 区疾控中心 (三级甲等疾控中心 is a class)
    assert hospitals["3"] == ["区疾控中心", "区精神卫生中心"]
    # line 23: 鼓励区人民医院、陈家桥医院申报…
    assert hospitals["4"] == ["区人民医院", "陈家桥医院"]
    # line 24: 驻区部队医院 / 市属三甲医院 are classes
    assert hospitals["5"] == ["区人民医院", "区疾控中心", "陈家桥医院", "区中医院"]
    # line 26
    assert hospitals["7"] == [
        "区疾控中心",
        "西南医院",
        "新桥医院",
        "重庆大学附属肿瘤医院",
    ]
    # line 32
    assert hospitals["12"] == ["区中医院", "区中西医结合医院"]


def test_document_hospitals(record):
    # first appearances: line 19 (six), line 21 (区疾控中心), line 26 (西南医院, 新桥医院, 重庆大学附属肿瘤医院)
    assert record["hospitals"] == [
        *TASK_1_HOSPITALS,
        "区疾控中心",
        "西南医院",
        "新桥医院",
        "重庆大学附属肿瘤医院",
    ]


def test_safeguards_without_responsible(record, source_text):
    # lines 44, 45, 46: （一）强化组织领导 / （二）健全工作机制 / （三）加强宣传引导, no unit named
    assert seedlib.warning_lines(record, "safeguard-without-responsible") == [44, 45, 46]
    assert seedlib.warning_lines(record, "task-without-responsible") == []


def test_all_warnings(record):
    # only the three 组织实施 items (lines 44-46) lack a unit
    assert seedlib.warning_lines(record) == [
        ("safeguard-without-responsible", 44),
        ("safeguard-without-responsible", 45),
        ("safeguard-without-responsible", 46),
    ]


def test_evidence_spans(record, source_text):
    seedlib.assert_task_evidence(record, source_text)
