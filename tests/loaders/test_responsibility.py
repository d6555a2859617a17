"""Every responsibility form of the genre (issue 3, item 6), including forms the seeds lack."""

import pytest

from policykg.loaders.rules.responsibility import find_clauses
from policykg.loaders.rules.unit_names import looks_like_agency
from tests.loaders.helpers import units


@pytest.mark.parametrize("text, expected", [
    # （X负责） — seed 002, line 66
    ("开展公立医院公共卫生工作绩效考核。（区卫生健康委负责）", [("区卫生健康委", "responsible")]),
    # （A、B按职责分工负责）, broken over lines in the PDF — seed 002, lines 84-86
    ("提升基层医疗卫生服务能力。（区卫生健康委、区财政局、区发展改革委按职责分工负责）",
     [("区卫生健康委", "responsible"), ("区财政局", "responsible"),
      ("区发展改革委", "responsible")]),
    # a unit that is not a 区 office — seed 002, line 373
    ("坚决保护医务人员安全。（区卫生健康委、公安北辰分局按职责分工负责）",
     [("区卫生健康委", "responsible"), ("公安北辰分局", "responsible")]),
    # 〔…〕 brackets, 和 between units, and a name holding a bracket (not in the seeds)
    ("推进分级诊疗。〔市卫生健康委、市医保局和各县（区）人民政府按职责分工负责〕",
     [("市卫生健康委", "responsible"), ("市医保局", "responsible"),
      ("各县（区）人民政府", "responsible")]),
    # （责任单位：A、B） — seed 003, line 20
    ("建成社区医院的社区卫生服务中心比例达到45%以上。（责任单位：区卫生健康委、区发展改革委）",
     [("区卫生健康委", "responsible"), ("区发展改革委", "responsible")]),
    # bare （A、B） at the end of a sentence (not in the seeds)
    ("加快推进区域医疗中心建设。（区卫生健康委、区发展改革委）",
     [("区卫生健康委", "responsible"), ("区发展改革委", "responsible")]),
    # （牵头单位：A；配合单位：B、C） (not in the seeds)
    ("推进医保支付方式改革。（牵头单位：区医保局；配合单位：区卫生健康委、区财政局）",
     [("区医保局", "lead"), ("区卫生健康委", "cooperating"), ("区财政局", "cooperating")]),
    # （A牵头，B、C配合） (not in the seeds)
    ("完善薪酬制度。（区人力社保局牵头，区卫生健康委、区财政局配合）",
     [("区人力社保局", "lead"), ("区卫生健康委", "cooperating"), ("区财政局", "cooperating")]),
    # （由A牵头，B参与）
    ("建立联席会议制度。（由区卫生健康委牵头，区委编办参与）",
     [("区卫生健康委", "lead"), ("区委编办", "cooperating")]),
    # 责任单位：A（牵头）、B — only A is said to lead (not in the seeds)
    ("推进公立医院改革。责任单位：区卫生健康委（牵头）、区财政局、区医保局",
     [("区卫生健康委", "lead"), ("区财政局", "responsible"), ("区医保局", "responsible")]),
    # labels on lines of their own, without brackets (not in the seeds)
    ("推进药品集中带量采购。\n牵头单位：区医保局\n配合单位：区卫生健康委",
     [("区医保局", "lead"), ("区卫生健康委", "cooperating")]),
    # an agency with an alias in brackets is one agency
    ("建设生命科学园。（未来城管委会（生命园管委会）、区卫生健康委按职责分工负责）",
     [("未来城管委会", "responsible"), ("区卫生健康委", "responsible")]),
    # 区人力资源和社会保障局 is one name: 和 inside a name does not split it
    ("落实岗位管理。（区人力资源和社会保障局负责）", [("区人力资源和社会保障局", "responsible")]),
    # 等 after the list
    ("（区卫生健康委、区财政局等按职责分工负责）",
     [("区卫生健康委", "responsible"), ("区财政局", "responsible")]),
])
def test_responsibility_forms(text, expected):
    assert units(text) == expected


@pytest.mark.parametrize("text", [
    # an ordinary parenthesis — seed 000, line 854
    "三级公立中医医院中医类别执业医师（含执业助理医师）占执业医师总数比例",
    # 牵头 in running text is not a clause — seed 000, line 53
    "健全党委统一领导，组织部门牵头抓总，区卫生健康委具体负责，相关部门齐抓共管的责任体系。",
    # a bracket in mid-sentence listing things, not units — seed 000, line 43
    "力争医疗服务收入（不含药品、耗材、检查、化验收入）占医疗收入的比例达到35%以上。",
    # a bare list in mid-sentence is an apposition, not a responsibility clause
    "依托医联体单位（区人民医院、区中医院）开展帮扶",
    # an abbreviation in brackets
    "对医院病例组合指数（CMI）、成本产出、医生绩效等进行监测评价",
])
def test_not_responsibility(text):
    assert units(text) == []


def test_deadline_inside_clause():
    clauses = find_clauses("推进医联体建设。（区卫生健康委牵头，区医保局配合；完成时限：2024年6月底前）")
    assert [u.name for u in clauses[0].units] == ["区卫生健康委", "区医保局"]
    assert clauses[0].deadline[0] == "2024年6月底前"


def test_alias_is_recorded():
    clause = find_clauses("（未来城管委会（生命园管委会）负责）")[0]
    assert (clause.units[0].name, clause.units[0].alias) == ("未来城管委会", "生命园管委会")


def test_offsets_point_at_the_names():
    text = "开展绩效考核。（区卫生健康委、区财政局按职责分工负责）"
    for clause in find_clauses(text):
        for unit in clause.units:
            assert text[unit.start:unit.end] == unit.raw


@pytest.mark.parametrize("name, expected", [
    ("区卫生健康委", True), ("公安北辰分局", True), ("各县（区）人民政府", True),
    ("区医改领导小组各成员单位", True), ("含执业助理医师", False), ("2025年", False),
    ("不含药品", False),
])
def test_looks_like_agency(name, expected):
    assert looks_like_agency(name) is expected


@pytest.mark.parametrize("text, expected", [
    # 等配合 after the cooperating units
    ("（区卫生健康委牵头，区发展改革委、区财政局等配合）",
     [("区卫生健康委", "lead"), ("区发展改革委", "cooperating"), ("区财政局", "cooperating")]),
    # two labels whose separating space was removed as stray
    ("（牵头单位：区卫生健康委配合单位：区财政局）",
     [("区卫生健康委", "lead"), ("区财政局", "cooperating")]),
    # …牵头，…落实: the implementing units answer for it
    ("（市卫生健康委牵头，各区县政府落实）",
     [("市卫生健康委", "lead"), ("各区县政府", "responsible")]),
    # 按职能职责分工负责
    ("（区卫生健康委、区医保局按职能职责分工负责）",
     [("区卫生健康委", "responsible"), ("区医保局", "responsible")]),
    # three roles in one clause
    ("（市卫生健康委、市中医药局牵头，市财政局配合，各县（区）政府负责落实）",
     [("市卫生健康委", "lead"), ("市中医药局", "lead"), ("市财政局", "cooperating"),
      ("各县（区）政府", "responsible")]),
])
def test_more_genre_forms(text, expected):
    assert units(text) == expected
