"""Seed 002 (北辰区推动公立医院高质量发展实施方案): facts read from the document itself.

Every expectation was read from samples/plans/002_449abcde8801a72e.txt; comments give the line
(1-based, as `cat -n` shows it). The text is a PDF extraction: lines are broken mid-word with a
blank line between them. The plan has only section numbering, so ids are 二.(一) … 八.(三), and
responsibility comes from （A、B按职责分工负责） / （A负责） clauses: every role is `responsible`.
"""

from __future__ import annotations

from tests import seedlib

PLAN = seedlib.SAMPLES / "002_449abcde8801a72e.txt"

WJ = "区卫生健康委"
FG = "区发展改革委"
CZ = "区财政局"
RS = "区人力社保局"
YB = "区医保局"
SJ = "区市场监管局"
WX = "区委网信办"
BB = "区委编办"
XC = "区委宣传部"
ZZ = "区委组织部"
GA = "公安北辰分局"

IDS = [
    "二.(一)", "二.(二)",
    "三.(一)", "三.(二)", "三.(三)",
    "四.(一)", "四.(二)", "四.(三)", "四.(四)",
    "五.(一)", "五.(二)", "五.(三)", "五.(四)", "五.(五)",
    "六.(一)", "六.(二)", "六.(三)",
    "七.(一)", "七.(二)", "七.(三)", "七.(四)",
    "八.(一)", "八.(二)", "八.(三)",
]  # fmt: skip


def test_counts(record):
    # sections 二-七 (lines 49-453): 2 + 3 + 4 + 5 + 3 + 4 tasks; 八、加强组织保障 (line 455): 3 items
    seedlib.assert_task_kinds(record, tasks=21, safeguards=3, ids=IDS)


def test_plan_metadata(record, source_text):
    seedlib.assert_plan_metadata(record, source_text, {
        # line 19
        "title": "北辰区推动公立医院高质量发展实施方案",
        # line 3
        "doc_number": "北辰政办发〔2022〕14号",
        # line 5 (and line 486)
        "issuer": "天津市北辰区人民政府办公室",
        "jurisdiction": "天津市北辰区",
        "jurisdiction_parts": ["天津市", "北辰区"],
        # line 16: 2022年 12月 22日
        "issued": "2022-12-22",
        # line 18: （此件主动公开）
        "status": "final",
    })


def test_task_titles(record):
    assert [title for _, title in seedlib.titles(record)] == [
        "发挥公立医院在医联体中的牵头作用",  # line 51
        "优化医疗卫生分布格局",  # line 68
        "加强临床重点专科建设",  # line 90
        "推进医疗服务模式创新",  # line 107
        "强化信息化支撑作用",  # line 135
        "健全运营管理体系",  # line 162
        "加强全面预算管理",  # line 181
        "完善内部控制制度",  # line 195
        "健全绩效评价机制",  # line 209
        "改革人事管理制度",  # line 224
        "改革薪酬分配制度",  # line 238
        "健全医务人员人才培养体系",  # line 261
        "深化医疗服务价格改革",  # line 285
        "深化医保支付方式改革",  # line 297
        "强化患者需求导向",  # line 316
        "建设特色鲜明的医院文化",  # line 336
        "关心关爱医务人员",  # line 353
        "全面执行和落实党委领导下的院长负责制",  # line 377
        "加强公立医院领导班子和干部人才队伍建设",  # line 402
        "全面提升公立医院党组织和党员队伍建设质量",  # line 420
        "落实公立医院党建工作责任",  # line 435
        "压实工作责任",  # line 457
        "强化财政支持",  # line 466
        "建立评价体系",  # line 474
    ]


def test_sections(record):
    assert seedlib.sections(record) == (
        ["构建公立医院高质量发展新体系"] * 2  # line 49
        + ["引领公立医院高质量发展新趋势"] * 3  # line 88
        + ["提升公立医院高质量发展新效能"] * 4  # line 160
        + ["激活公立医院高质量发展新动力"] * 5  # line 222
        + ["建设公立医院高质量发展新文化"] * 3  # line 314
        + ["坚持和加强党对公立医院的全面领导"] * 4  # line 375
        + ["加强组织保障"] * 3  # line 455
    )


def test_responsible_units(record):
    r = "responsible"
    expected = {
        "二.(一)": [(WJ, r)],  # line 66; 牵头作用 in the title (line 51) is not a role
        "二.(二)": [(WJ, r), (CZ, r), (FG, r)],  # lines 84-86
        "三.(一)": [(WJ, r)],  # line 105
        "三.(二)": [(WJ, r)],  # line 133
        "三.(三)": [(WJ, r), (WX, r), (YB, r), (SJ, r)],  # lines 156-158
        "四.(一)": [(WJ, r)],  # line 180
        "四.(二)": [(WJ, r)],  # lines 191-193
        "四.(三)": [(WJ, r)],  # line 207
        "四.(四)": [(WJ, r)],  # line 221
        "五.(一)": [(BB, r), (RS, r), (WJ, r)],  # lines 234-236: 区人社局 (broken over the lines)
        "五.(二)": [(RS, r), (WJ, r), (CZ, r)],  # line 258: 区人社局
        "五.(三)": [(WJ, r), (RS, r)],  # lines 281-283: 区人社局
        "五.(四)": [(WJ, r), (YB, r)],  # line 295
        "五.(五)": [(YB, r), (WJ, r)],  # line 312
        "六.(一)": [(WJ, r), (XC, r)],  # lines 332-334
        "六.(二)": [(WJ, r)],  # lines 349-351
        "六.(三)": [(WJ, r), (GA, r)],  # lines 371-373
        "七.(一)": [(WJ, r), (ZZ, r)],  # lines 398-400
        "七.(二)": [(WJ, r), (ZZ, r), (RS, r)],  # lines 416-418: 区人社局
        "七.(三)": [(WJ, r)],  # line 433
        # line 437 says 组织部门牵头抓总 of the system to be built; the clause (lines 451-453)
        # assigns the task without saying who leads
        "七.(四)": [(WJ, r), (ZZ, r)],
        "八.(一)": [(WJ, r)],  # line 465
        "八.(二)": [(CZ, r), (FG, r), (WJ, r)],  # lines 470-472: 区发展改 / 革委
        "八.(三)": [(WJ, r)],  # line 480
    }
    assert seedlib.responsible_units(record) == expected


def test_abbreviated_agency_is_folded(record):
    tasks = seedlib.by_id(record)
    # line 258: 区人社局 is written; the canonical name is 区人力社保局
    entry = tasks["五.(二)"]["responsible"][0]
    assert entry["agency"] == RS
    assert entry.get("written") == "区人社局"
    folded = {(f["written"], f["canonical"]) for f in record["agency_foldings"]}
    assert ("区人社局", "区人力社保局") in folded


def test_no_task_division_table(record):
    seedlib.assert_no_task_table(record)


def test_citations(record):
    assert seedlib.cited(record) == [
        # lines 162-164: 全面落实《中华人民共和国基 / 本医疗卫生与健康促进法》
        (None, "中华人民共和国基本医疗卫生与健康促进法", "references"),
        # lines 285-287: 落实我市《关于做好医疗 / 服务价格动态调整工作的实施意见》
        # (我市 is not an issuer's name)
        (None, "关于做好医疗服务价格动态调整工作的实施意见", "references"),
    ]


def test_own_title_is_not_a_citation(record):
    # line 12: 《北辰区推动公立医院高质量发展实施方案》已经区人民政府同意 (cover notice)
    seedlib.assert_own_title_not_cited(record, "北辰区推动公立医院高质量发展实施方案")


def test_task_hospitals(record):
    hospitals = seedlib.task_hospitals(record)
    # lines 51-53: 以北辰医院、北辰区中医医院为龙头
    assert hospitals["二.(一)"] == ["北辰医院", "北辰区中医医院"]
    # lines 82-84: 牵头医院 is a role of a class, not a hospital
    assert hospitals["二.(二)"] == []
    # lines 146-148: 互联网医院 is a class
    assert hospitals["三.(三)"] == []
    # line 328: 老年友善医院 is a class
    assert hospitals["六.(一)"] == []
    # lines 468-470: 中医医院等专科医院 are classes
    assert hospitals["八.(二)"] == []


def test_document_hospitals(record):
    # lines 51-53 name the only two hospitals of the plan
    assert record["hospitals"] == ["北辰医院", "北辰区中医医院"]


def test_lost_numbers(record, source_text):
    lost = [w for w in record["warnings"] if w["code"] == "lost-number"]
    # line 137: 第五代移动通信（ G）; line 234: 医护比总体达到 ∶ 左右
    assert [w["line"] for w in lost] == [137, 234]
    # each span points into the damaged phrase
    phrases = ["第五代移动通信（ G）", "医护比总体达到 ∶ 左右"]
    for warning, phrase in zip(lost, phrases, strict=True):
        at = source_text.index(phrase)
        assert at <= warning["span"]["start"] < at + len(phrase)
        assert warning["span"]["end"] <= at + len(phrase)


def test_no_missing_responsible(record):
    # every item ends with a （…负责） clause
    codes = {w["code"] for w in record["warnings"]}
    assert "task-without-responsible" not in codes
    assert "safeguard-without-responsible" not in codes


def test_all_warnings(record):
    # the two lost numbers (lines 137, 234) are the only damage in the text
    assert seedlib.warning_lines(record) == [
        ("lost-number", 137),
        ("lost-number", 234),
    ]


def test_evidence_spans(record, source_text):
    seedlib.assert_task_evidence(record, source_text)
