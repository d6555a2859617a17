"""Issue 15, classes 5, 8 and 9: responsibility forms, declared hospital short forms and the
agencies of plans beyond public-hospital reform (county medical communities, TCM, health
informatics, elderly care, healthy cities; province, city, county and district level).

Every text here is written for these tests in the genre's wording; none is quoted from a seed.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from policykg.loaders.agencies import AgencyFolder
from policykg.loaders.rules.hospitals import find_hospitals, fold_document_names
from policykg.loaders.rules.responsibility import find_clauses
from tests.loaders import helpers
from tests.loaders.helpers import task_plan, task_units, units

RULES = tomllib.loads(
    (Path(__file__).resolve().parents[2] / "loaders" / "data" / "agencies.toml").read_text("utf-8"))


def record(body: str, title: str = "某某县卫生健康事业发展实施方案") -> dict:
    """The record of a county plan holding `body` as its tasks."""
    return helpers.record(task_plan(body, title))


# ---- class 5: responsibility forms ---------------------------------------------------------

LEAD_COMMA_RUN = [
    # 责任单位：A牵头，B，C配合 — B cooperates as C does
    ("组建县域医共体。（责任单位：县卫生健康局牵头，县委编办、县财政局，各乡镇人民政府配合）",
     [("县卫生健康局", "lead"), ("县委编办", "cooperating"), ("县财政局", "cooperating"),
      ("各乡镇人民政府", "cooperating")]),
    ("推进智慧医院建设。（责任单位：市卫生健康委牵头，市数据局，各区县人民政府配合）",
     [("市卫生健康委", "lead"), ("市数据局", "cooperating"), ("各区县人民政府", "cooperating")]),
    ("完善中医药服务网络。（省中医药局牵头，省发展改革委，各市（州）人民政府配合）",
     [("省中医药局", "lead"), ("省发展改革委", "cooperating"),
      ("各市（州）人民政府", "cooperating")]),
    # a responsible tail after the cooperating run keeps its own role
    ("推进家庭医生签约。（责任单位：区卫生健康委牵头，区财政局、区医保局配合，各街道办事处落实）",
     [("区卫生健康委", "lead"), ("区财政局", "cooperating"), ("区医保局", "cooperating"),
      ("各街道办事处", "responsible")]),
    # A牵头，B，C按职责分工负责: the run is responsible
    ("建设健康城市。（市爱卫办牵头，市住房城乡建委，市生态环境局按职责分工负责）",
     [("市爱卫办", "lead"), ("市住房城乡建委", "responsible"), ("市生态环境局", "responsible")]),
    # A牵头负责 is lead, 等部门配合 cooperating
    ("推进长期护理保险试点。（市医保局牵头负责，市财政局、市民政局等部门配合）",
     [("市医保局", "lead"), ("市财政局", "cooperating"), ("市民政局", "cooperating")]),
    # 会同 joins two units, both responsible
    ("完善医疗服务价格。（省医保局会同省卫生健康委、省财政厅负责）",
     [("省医保局", "responsible"), ("省卫生健康委", "responsible"), ("省财政厅", "responsible")]),
]


@pytest.mark.parametrize("text, expected", LEAD_COMMA_RUN)
def test_worded_roles_inside_a_labelled_clause(text, expected):
    assert units(text) == expected


SENTENCES_AND_BREAKS = [
    # 牵头单位：A。配合单位：B、C。 as sentences after the task
    ("统一医共体财务管理。\n牵头单位：县财政局。配合单位：县卫生健康局、县医保局。",
     [("县财政局", "lead"), ("县卫生健康局", "cooperating"), ("县医保局", "cooperating")]),
    ("建设区域全民健康信息平台。牵头单位：市卫生健康委。配合单位：市数据局。",
     [("市卫生健康委", "lead"), ("市数据局", "cooperating")]),
    # a line break right after 牵头单位：
    ("推进医保支付方式改革。\n牵头单位：\n县医保局\n配合单位：县卫生健康局、县财政局",
     [("县医保局", "lead"), ("县卫生健康局", "cooperating"), ("县财政局", "cooperating")]),
    # the same, the next line joined onto the unit by PDF line repair
    ("推进医保支付方式改革。\n牵头单位：\n区医保局配合单位：区卫生健康委",
     [("区医保局", "lead"), ("区卫生健康委", "cooperating")]),
    # a line break after ； inside the brackets
    ("提升基层服务能力。（牵头单位：县卫生健康局；\n配合单位：县发展改革局、各乡镇人民政府）",
     [("县卫生健康局", "lead"), ("县发展改革局", "cooperating"),
      ("各乡镇人民政府", "cooperating")]),
    ("推进老年友善医疗机构建设。（区卫生健康委牵头；\n区民政局、区医保局配合）",
     [("区卫生健康委", "lead"), ("区民政局", "cooperating"), ("区医保局", "cooperating")]),
]


@pytest.mark.parametrize("text, expected", SENTENCES_AND_BREAKS)
def test_labels_as_sentences_and_across_line_breaks(text, expected):
    assert units(text) == expected


@pytest.mark.parametrize("text, units_expected, deadline", [
    ("开展基层能力提升行动。（牵头单位：县卫生健康局；配合单位：各乡镇人民政府；完成时限：每年）",
     [("县卫生健康局", "lead"), ("各乡镇人民政府", "cooperating")], "每年"),
    ("统一人员招聘。（责任单位：县人社局牵头，县卫生健康局配合；完成时限：2024年12月底前）",
     [("县人社局", "lead"), ("县卫生健康局", "cooperating")], "2024年12月底前"),
    ("建成省级中医药数据中心。（责任单位：省中医药局、省数据局；完成期限：2025年6月底前）",
     [("省中医药局", "responsible"), ("省数据局", "responsible")], "2025年6月底前"),
    ("推进电子病历互认。（市卫生健康委负责；持续推进）",
     [("市卫生健康委", "responsible")], "持续推进"),
])
def test_deadline_inside_the_clause(text, units_expected, deadline):
    clauses = find_clauses(text)
    assert units(text) == units_expected
    assert [c.deadline[0] for c in clauses if c.deadline] == [deadline]


def test_whole_plan_county_medical_community():
    body = (
        "（一）组建医共体。以县人民医院为牵头医院组建医共体。（责任单位：县卫生健康局牵头，"
        "县委编办、县财政局，各乡镇人民政府配合）\n"
        "（二）统一财务管理。设立财务管理中心。\n牵头单位：县财政局。配合单位：县卫生健康局。\n"
        "（三）推进支付方式改革。实行总额付费。\n牵头单位：\n县医保局\n配合单位：县卫生健康局\n"
        "（四）加强信息化建设。建设信息平台。（责任单位：县数据局牵头，县卫生健康局配合；"
        "完成时限：每年）")
    found = record(body)
    tasks = found["tasks"]
    assert task_units(found) == [
        [("县卫生健康局", "lead"), ("县委编办", "cooperating"), ("县财政局", "cooperating"),
         ("各乡镇人民政府", "cooperating")],
        [("县财政局", "lead"), ("县卫生健康局", "cooperating")],
        [("县医保局", "lead"), ("县卫生健康局", "cooperating")],
        [("县数据局", "lead"), ("县卫生健康局", "cooperating")],
    ]
    assert tasks[3]["deadline"] == "ongoing"


# ---- class 8: hospitals --------------------------------------------------------------------

def _document_hospitals(*paragraphs: str) -> list[str]:
    names = [m.name for text in paragraphs for m in find_hospitals(text)]
    folded = fold_document_names(names)
    return list(dict.fromkeys(folded[name] for name in names))


@pytest.mark.parametrize("paragraphs, expected", [
    # a short form declared in brackets names the same hospital later, not 市第一人民医院
    (("依托某某医科大学附属第一医院（市一院）建设胸痛中心。", "市一院要发挥龙头作用。"),
     ["某某医科大学附属第一医院"]),
    (("某某市第一人民医院（以下简称“市一院”）对口帮扶县人民医院。", "市一院专家定期坐诊。"),
     ["某某市第一人民医院", "县人民医院"]),
    (("推动省人民医院（简称省人医）牵头组建专科联盟。", "省人医派驻专家。"), ["省人民医院"]),
    # undeclared short forms still expand (区二院 -> 区第二人民医院)
    (("支持区二院创建二级甲等医院。",), ["区第二人民医院"]),
    # the declared name is not expanded a second time from its bracket
    (("某某大学第二附属医院（附二院）与市妇幼保健院共建儿科联盟。",),
     ["某某大学第二附属医院", "市妇幼保健院"]),
])
def test_declared_short_forms(paragraphs, expected):
    assert _document_hospitals(*paragraphs) == expected


@pytest.mark.parametrize("text", [
    "网格内社区卫生服务中心与牵头医院签订协议。",
    "二级以上公立医院设置老年医学科的比例达到80%。",
    "县级医院、基层医疗卫生机构按需派出人员。",
    "片区内卫生院开展巡回医疗。",
    "专家每月到县医院坐诊。",
    "设立至少2所护理院（中心）。",
])
def test_classes_are_not_hospitals(text):
    assert find_hospitals(text) == []


def test_whole_plan_hospitals():
    body = ("（一）建设区域医疗中心。依托某某医科大学附属第一医院（市一院）建设心血管病中心，"
            "带动二级以上公立医院提升能力。（市卫生健康委负责）\n"
            "（二）下沉优质资源。市一院派驻专家常驻市妇幼保健院，网格内社区卫生服务中心承接"
            "转诊。（市卫生健康委负责）")
    found = record(body, "某某市区域医疗中心建设工作方案")
    assert found["hospitals"] == ["某某医科大学附属第一医院", "市妇幼保健院"]
    assert [t["hospitals"] for t in found["tasks"]] == [
        ["某某医科大学附属第一医院"], ["某某医科大学附属第一医院", "市妇幼保健院"]]


# ---- class 9: agencies of other subjects and levels ----------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("实现县级中医医院全覆盖。（省中医药局牵头，各市〔州〕人民政府负责）",
     [("省中医药局", "lead"), ("各市〔州〕人民政府", "responsible")]),
    # 各市（州）、县（市、区）人民政府 share one head
    ("开展健康城市建设评价。（省爱卫办，省卫生健康委，各市〔州〕、县〔市、区〕人民政府）",
     [("省爱卫办", "responsible"), ("省卫生健康委", "responsible"),
      ("各市〔州〕人民政府", "responsible"), ("各县〔市、区〕人民政府", "responsible")]),
    ("推进医养结合。（各市（州）、县（市、区）人民政府负责）",
     [("各市（州）人民政府", "responsible"), ("各县（市、区）人民政府", "responsible")]),
    ("加强监测网络。（省、市、县卫生健康部门按职责分工负责）",
     [("省卫生健康部门", "responsible"), ("市卫生健康部门", "responsible"),
      ("县卫生健康部门", "responsible")]),
    # counties before a city office are units of their own
    ("推进改革。（各县（市、区）、市卫生健康委负责）",
     [("各县（市、区）", "responsible"), ("市卫生健康委", "responsible")]),
    ("落实分级诊疗。（省卫生健康委，各市（州）负责）",
     [("省卫生健康委", "responsible"), ("各市（州）", "responsible")]),
    ("统筹成员单位管理。（县卫生健康局、县医保局、县域医共体牵头医院按职责分工负责）",
     [("县卫生健康局", "responsible"), ("县医保局", "responsible"),
      ("县域医共体牵头医院", "responsible")]),
    ("推行一体化管理。（县卫生健康局牵头，各医共体负责）",
     [("县卫生健康局", "lead"), ("各医共体", "responsible")]),
    ("推进数据共享。（市数据局、市政务服务管理局、市委网信办、市疾控局）",
     [("市数据局", "responsible"), ("市政务服务管理局", "responsible"),
      ("市委网信办", "responsible"), ("市疾控局", "responsible")]),
    ("开展试点。（含山县卫生健康委负责）", [("含山县卫生健康委", "responsible")]),
])
def test_agencies_of_other_subjects_and_levels(text, expected):
    assert units(text) == expected


@pytest.mark.parametrize("text", [
    "提高每千人口床位数。（含民营医院）",
    "扩大家庭医生签约覆盖面。（包括乡镇卫生院）",
])
def test_glosses_are_not_units(text):
    assert units(text) == []


def variant_examples():
    for rule in RULES.get("variant", []):
        for canonical_text, written_text in rule["examples"]:
            yield pytest.param(rule, canonical_text, written_text,
                               id=f"{rule['written']}:{written_text}")


@pytest.mark.parametrize("rule, canonical_text, written_text", list(variant_examples()))
def test_variant_rules_fold_only_beside_their_canonical_form(rule, canonical_text,
                                                              written_text):
    """Each variant example is a pair of clauses of one plan: the canonical form and the
    variant. Together they fold; the variant alone is kept as written."""
    names = [u.name for text in (canonical_text, written_text)
             for clause in find_clauses(text) for u in clause.units]
    written = next(n for n in names if n.endswith(rule["written"]))
    canonical, folding = AgencyFolder(names).resolve(written)
    assert canonical.endswith(rule["canonical"]) and folding and folding.rule == "variant"
    alone = [u.name for clause in find_clauses(written_text) for u in clause.units]
    assert AgencyFolder(alone).canonical(written) == written
