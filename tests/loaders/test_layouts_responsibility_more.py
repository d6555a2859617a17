"""Issue 15, classes 5 and 9, continued: a bare deadline after ； in a unit bracket, party
organs and offices as units, and a line break inside a unit name (PDF text breaks lines
anywhere; the line joiner keeps a break after ； or ：, so such a break reaches the rules).

Every text here is written for these tests in the genre's wording (county medical communities,
traditional Chinese medicine, elderly care, healthy cities, health informatics; province, city,
county and district level); none is quoted from a plan.
"""

from __future__ import annotations

import time

import pytest

from policykg.loaders.rules.responsibility import find_clauses
from tests.loaders import helpers
from tests.loaders.helpers import deadlines, task_plan, task_units, units


def record(body: str, title: str = "某某县卫生健康事业高质量发展实施方案") -> dict:
    """The record of a county plan holding `body` as its tasks."""
    return helpers.record(task_plan(body, title))


# ---- 1. a bare deadline after ； in a unit bracket -----------------------------------------

BARE_DEADLINES = [
    ("加强食品安全监管。（县市场监督管理局牵头，县住房和城乡建设局配合；每年）",
     [("县市场监督管理局", "lead"), ("县住房和城乡建设局", "cooperating")], "每年", "ongoing"),
    ("开展医共体运行绩效评价。（县卫生健康局牵头，县医保局、县财政局配合；每季度）",
     [("县卫生健康局", "lead"), ("县医保局", "cooperating"), ("县财政局", "cooperating")],
     "每季度", "ongoing"),
    ("组织中医药适宜技术培训。（市中医药管理局牵头，市人力资源社会保障局配合；每半年）",
     [("市中医药管理局", "lead"), ("市人力资源社会保障局", "cooperating")], "每半年",
     "ongoing"),
    ("推进医养结合服务。（区民政局、区卫生健康委按职责分工负责；长期）",
     [("区民政局", "responsible"), ("区卫生健康委", "responsible")], "长期", "ongoing"),
    ("开展健康城市建设评价。（省爱卫办牵头，省卫生健康委配合；常态化）",
     [("省爱卫办", "lead"), ("省卫生健康委", "cooperating")], "常态化", "ongoing"),
    ("建成全民健康信息平台。（市数据局牵头，市卫生健康委配合；2025年）",
     [("市数据局", "lead"), ("市卫生健康委", "cooperating")], "2025年", "2025"),
    ("完成老年友善医疗机构创建。（县卫生健康局负责；年内）",
     [("县卫生健康局", "responsible")], "年内", None),
    ("开展家庭医生签约服务评估。（县卫生健康局牵头，各乡镇人民政府配合；每两年）",
     [("县卫生健康局", "lead"), ("各乡镇人民政府", "cooperating")], "每两年", "ongoing"),
    ("实现电子健康档案互通。（省卫生健康委、省数据局负责；2025年底前）",
     [("省卫生健康委", "responsible"), ("省数据局", "responsible")], "2025年底前",
     "2025-12-31"),
]


@pytest.mark.parametrize("text, expected, deadline, _value", BARE_DEADLINES)
def test_a_bare_deadline_after_a_semicolon_keeps_the_units(text, expected, deadline, _value):
    assert units(text) == expected
    assert deadlines(text) == [deadline]


@pytest.mark.parametrize("text, expected, _deadline, value", BARE_DEADLINES)
def test_a_bare_deadline_reaches_the_task(text, expected, _deadline, value):
    found = record(f"（一）{text}")
    assert [name for name, _ in task_units(found)[0]] != []
    assert [role for _, role in task_units(found)[0]] == [role for _, role in expected]
    assert found["tasks"][0]["deadline"] == value


def test_a_bracket_without_units_is_still_no_clause():
    assert units("家庭医生团队上门随访。（每年至少4次）") == []
    assert units("开展巡回医疗。（每季度）") == []


# ---- 2. party organs and offices as units --------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("将医共体建设纳入督查。（责任单位：县委督查室、县卫生健康局）",
     [("县委督查室", "responsible"), ("县卫生健康局", "responsible")]),
    ("配齐医共体领导班子。（市委组织部牵头，市卫生健康委、市委编办配合）",
     [("市委组织部", "lead"), ("市卫生健康委", "cooperating"), ("市委编办", "cooperating")]),
    ("加强健康城市宣传。（县委宣传部、县爱卫办、县融媒体中心按职责分工负责）",
     [("县委宣传部", "responsible"), ("县爱卫办", "responsible"),
      ("县融媒体中心", "responsible")]),
    ("加强医疗卫生行业作风监督。（县纪委监委、县卫生健康局负责）",
     [("县纪委监委", "responsible"), ("县卫生健康局", "responsible")]),
    ("保障健康医疗数据安全。（牵头单位：市委网信办；配合单位：市数据局、市公安局）",
     [("市委网信办", "lead"), ("市数据局", "cooperating"), ("市公安局", "cooperating")]),
    ("维护医疗秩序。（县委政法委牵头，县公安局、县卫生健康局配合）",
     [("县委政法委", "lead"), ("县公安局", "cooperating"), ("县卫生健康局", "cooperating")]),
    ("开展青少年健康教育。（团县委、县妇联、县教育局按职责分工负责）",
     [("团县委", "responsible"), ("县妇联", "responsible"), ("县教育局", "responsible")]),
    ("开展职工健康促进活动。（县总工会、县红十字会负责）",
     [("县总工会", "responsible"), ("县红十字会", "responsible")]),
    ("推进残疾人家庭医生签约。（县残联、县卫生健康局负责）",
     [("县残联", "responsible"), ("县卫生健康局", "responsible")]),
    ("开展老年健康宣传周活动。（县老龄办牵头，县卫生健康局配合；每年）",
     [("县老龄办", "lead"), ("县卫生健康局", "cooperating")]),
    ("推进医共体一体化管理。（责任单位：县医共体管委会、县卫生健康局）",
     [("县医共体管委会", "responsible"), ("县卫生健康局", "responsible")]),
    ("将健康城市建设纳入政府督查。（县政府督查室、县委督查督办室负责）",
     [("县政府督查室", "responsible"), ("县委督查督办室", "responsible")]),
    ("开展中医药政策研究。（市委政研室、市中医药管理局负责）",
     [("市委政研室", "responsible"), ("市中医药管理局", "responsible")]),
    ("开展领导干部健康素养培训。（县委党校、县卫生健康局负责）",
     [("县委党校", "responsible"), ("县卫生健康局", "responsible")]),
])
def test_party_organs_and_offices_are_units(text, expected):
    assert units(text) == expected


def test_party_organs_reach_the_record():
    body = ("（一）强化督查考核。将医共体建设纳入年度督查。（责任单位：县委督查室、县卫生健康局）\n"
            "（二）加强组织保障。配强医共体领导班子。（县委组织部牵头，县委编办配合）")
    assert task_units(record(body)) == [
        [("县委督查室", "responsible"), ("县卫生健康局", "responsible")],
        [("县委组织部", "lead"), ("县委编办", "cooperating")],
    ]


# ---- 3. a line break inside a unit name ----------------------------------------------------

BROKEN_NAMES = [
    # inside the first unit of a bracket
    ("推进县域医共体建设。（县卫生健\n康局牵头，县医保局配合）",
     [("县卫生健康局", "lead"), ("县医保局", "cooperating")]),
    # the （A牵头；⏎B配合） form, B broken again
    ("推进中医馆建设。（县卫生健康局牵头；\n县财政局、县住房和城乡建\n设局配合）",
     [("县卫生健康局", "lead"), ("县财政局", "cooperating"),
      ("县住房和城乡建设局", "cooperating")]),
    # labels inside the bracket, the lead's name broken
    ("建设智慧健康养老服务平台。（牵头单位：市民\n政局；配合单位：市卫生健康委、市数据局）",
     [("市民政局", "lead"), ("市卫生健康委", "cooperating"), ("市数据局", "cooperating")]),
    # a break after ； and one inside the cooperating unit
    ("开展国家卫生城市复审。（牵头单位：区爱卫办；\n配合单位：区城市管理局、区生态环\n境局）",
     [("区爱卫办", "lead"), ("区城市管理局", "cooperating"), ("区生态环境局", "cooperating")]),
    # a whole name before the break, its tail after (委⏎员会, 委⏎组织部)
    ("落实医共体人员编制。（县卫生健康委\n员会牵头，县委\n组织部配合；2025年底前）",
     [("县卫生健康委员会", "lead"), ("县委组织部", "cooperating")]),
    # the role word on the next line
    ("推进省级中医药数据中心建设。（省中医药局\n牵头，省数据局配合）",
     [("省中医药局", "lead"), ("省数据局", "cooperating")]),
    # a label's value broken
    ("推进互联网医院建设。\n牵头单位：市卫生健\n康委\n配合单位：市医保局、市数据局",
     [("市卫生健康委", "lead"), ("市医保局", "cooperating"), ("市数据局", "cooperating")]),
    # 牵头单位：⏎ with the unit on the next line, broken again
    ("推进医养结合机构建设。\n牵头单位：\n县民政\n局\n配合单位：县卫生健康局",
     [("县民政局", "lead"), ("县卫生健康局", "cooperating")]),
    ("完善老年健康服务体系。\n牵头单位：\n省卫生健康委；\n配合单位：省民政厅、省医疗保\n障局",
     [("省卫生健康委", "lead"), ("省民政厅", "cooperating"), ("省医疗保障局", "cooperating")]),
]


@pytest.mark.parametrize("text, expected", BROKEN_NAMES)
def test_a_break_inside_a_unit_name(text, expected):
    assert units(text) == expected


@pytest.mark.parametrize("text, _expected", BROKEN_NAMES)
def test_offsets_stay_offsets_into_the_text(text, _expected):
    for clause in find_clauses(text):
        assert text[clause.start] in "（牵"
        for unit in clause.units:
            assert text[unit.start:unit.end].replace("\n", "") == unit.raw
        if clause.deadline:
            raw, start, end = clause.deadline
            assert text[start:end].replace("\n", "") == raw


@pytest.mark.parametrize("text", [
    # two units, one a line: not one name
    "建设胸痛中心。\n牵头单位：县财政局\n县卫生健康局负责日常管理。",
    # a unit at the end of a label's line, prose on the next
    "推进分级诊疗。\n牵头单位：县卫生健康局\n依托县人民医院，开展远程会诊。",
])
def test_a_break_between_units_or_before_prose_is_kept(text):
    assert ("县财政局县卫生健康局", "lead") not in units(text)
    assert all("依托" not in name for name, _ in units(text))
    assert units(text)[0][0] in ("县财政局", "县卫生健康局")


def _pdf_lines(text: str, width: int) -> str:
    """Break every line at ``width`` characters, as text copied from a PDF is broken."""
    out = []
    for line in text.split("\n"):
        out += [line[i:i + width] for i in range(0, len(line), width)] or [""]
    return "\n".join(out)


@pytest.mark.parametrize("width", [17, 19, 21, 23, 26, 29])
def test_whole_plan_broken_as_a_pdf_breaks_it(width):
    """A county elderly-care plan broken at several widths: the breaks fall inside names, after
    ； and after ：, and every task keeps its units."""
    body = (
        "（一）推进医养签约服务。推动养老机构与医疗卫生机构签约合作，签约率达到100%。"
        "（县卫生健康局牵头；县民政局、县医疗保障局配合）\n"
        "（二）发展中医药健康养老。支持县中医医院开设老年病科。\n"
        "牵头单位：县中医药管理局；配合单位：县民政局、县人力资源和社会保障局\n"
        "（三）建设智慧健康养老平台。整合养老服务和健康档案信息，实现互联互通。"
        "（牵头单位：县数据局；配合单位：县卫生健康局、县民政局；完成时限：每年）\n"
        "（四）强化督查考核。将医养结合工作纳入年度督查。（县委督查室、县政府督查室负责；每年）")
    expected = [
        [("县卫生健康局", "lead"), ("县民政局", "cooperating"), ("县医保局", "cooperating")],
        [("县中医药管理局", "lead"), ("县民政局", "cooperating"),
         ("县人力社保局", "cooperating")],
        [("县数据局", "lead"), ("县卫生健康局", "cooperating"), ("县民政局", "cooperating")],
        [("县委督查室", "responsible"), ("县政府督查室", "responsible")],
    ]
    found = record(_pdf_lines(body, width), "某某县医养结合高质量发展实施方案")
    assert task_units(found) == expected
    assert [task["deadline"] for task in found["tasks"]][2:] == ["ongoing", "ongoing"]


def test_word_breaks_are_linear():
    """Many clauses with a break inside a name: ten times the text, about ten times the time."""
    clause = "推进医共体建设。（县卫生健\n康局牵头；\n县医保局、县财\n政局配合；每年）\n"

    def seconds(count: int) -> float:
        """CPU time of this process (other processes on a shared machine do not count)."""
        text = clause * count
        start = time.process_time()
        assert len(find_clauses(text)) == count
        return time.process_time() - start

    small = min(seconds(300) for _ in range(2))
    assert min(seconds(3000) for _ in range(2)) < 25 * max(small, 0.002)
