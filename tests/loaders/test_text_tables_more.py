"""Tables written as text without tabs, more layouts (issue 15, class 1): a 重点任务 cell with the
task's title only (no number), cells wrapped over lines as a PDF copy breaks them, a task cell
wrapped in its column of a pdftotext -layout table, and a table inside the body (an indicator
table under 主要目标, before 重点任务). Texts written for these tests in the genre."""

from __future__ import annotations

import pytest

from policykg.loaders.mapped import MappedStr, concat
from policykg.loaders.metadata import split_regions
from policykg.loaders.normalize import normalise
from policykg.loaders.structure import build_outline, split_title
from policykg.loaders.text_tables import fit, label_number, label_style
from tests.loaders.helpers import record


def units(rec: dict) -> dict[str, set[tuple[str, str]]]:
    """Task title -> (agency, role) of its own units and of its table rows."""
    found: dict[str, set[tuple[str, str]]] = {}
    for task in rec["tasks"]:
        pairs = {(r["agency"], r["role"]) for r in task["responsible"]}
        for row in task.get("assignments") or []:
            pairs |= {(r["agency"], r["role"]) for r in row["responsible"]}
        found[task["title"]] = pairs
    return found


def codes(rec: dict) -> list[str]:
    return [w["code"] for w in rec["warnings"]]


BODY = (
    "某市健康城市建设工作方案\n\n"
    "为加快推进健康城市建设，结合我市实际，制定本方案。\n"
    "一、重点任务\n"
    "（一）加强病媒生物防制。开展病媒生物监测和防制。\n"
    "（二）开展控烟行动。全面推进无烟党政机关建设。\n"
    "（三）推进健康社区建设。建设一批健康主题公园。\n"
    "二、保障措施\n"
    "（一）加强组织领导。各部门要高度重视。\n\n"
    "附件\n\n"
    "某市健康城市建设重点任务分工表\n\n"
)
HEADER = "序号\n重点任务\n具体措施\n牵头单位\n配合单位\n完成时限\n"


# ---------------------------------------------------------------- title-only task cells

@pytest.mark.parametrize("labels", [
    ("加强病媒生物防制", "开展控烟行动", "推进健康社区建设"),           # title only
    ("加强病媒生物防制", "（二）开展控烟行动", "推进健康社区建设"),     # some numbered
    ("加强病媒生物防制。", "开展控烟行动", "推进健康社区 建设"),       # a 。, a stray space
])
@pytest.mark.parametrize("blank", ["\n", ""])
def test_a_task_cell_with_the_title_only_is_matched_by_its_title(labels, blank) -> None:
    rows = [
        ("1", labels[0], "开展病媒生物监测和防制。", "市卫生健康委", "市教育局、市体育局",
         "2025年底前"),
        ("2", "", "2.清除病媒生物孳生地，降低病媒生物密度。", "市城市管理局", "市卫生健康委",
         "每年"),
        ("3", labels[1], "全面推进无烟党政机关建设。", "市卫生健康委", "市委宣传部", "长期坚持"),
        ("4", labels[2], "建设一批健康主题公园、健康步道。", "市住房和城乡建设局",
         "市体育局、各区县人民政府", "2025年底前"),
    ]
    table = HEADER + "".join(blank + "\n".join(c for c in row if c) + "\n" for row in rows)
    rec = record(BODY + table)
    found = units(rec)
    assert found["加强病媒生物防制"] == {
        ("市卫生健康委", "lead"), ("市教育局", "cooperating"), ("市体育局", "cooperating"),
        ("市城市管理局", "lead"), ("市卫生健康委", "cooperating")}
    assert ("市城市管理局", "lead") in found["加强病媒生物防制"]
    assert found["开展控烟行动"] == {("市卫生健康委", "lead"), ("市委宣传部", "cooperating")}
    assert ("市住房和城乡建设局", "lead") in found["推进健康社区建设"]
    assert ("市城市管理局", "lead") not in found["开展控烟行动"]
    assert "table-row-unmatched" not in codes(rec)


def test_a_title_ending_as_a_unit_does_is_still_a_task_cell() -> None:
    """组建医共体管理委员会 ends in 会, 建设资源共享中心 in 中心: a title, not a unit cell."""
    text = (
        "某县推进紧密型县域医共体建设实施方案\n\n"
        "一、重点任务\n"
        "（一）组建医共体管理委员会。统筹医共体建设。\n"
        "（二）建设医共体资源共享中心。建设影像、检验中心。\n\n"
        "附件\n\n" + HEADER.replace("牵头单位\n配合单位\n", "责任单位\n") +
        "\n1\n组建医共体管理委员会\n制定医共体章程，明确管理职责。\n县卫生健康局、县委编办\n"
        "2024年底前\n"
        "\n2\n建设医共体资源共享中心\n建设医学影像、医学检验资源共享中心。\n"
        "县卫生健康局、县医疗保障局\n2025年底前\n")
    found = units(record(text))
    assert found["组建医共体管理委员会"] == {("县卫生健康局", "responsible"),
                                           ("县委编办", "responsible")}
    assert found["建设医共体资源共享中心"] == {("县卫生健康局", "responsible"),
                                             ("县医保局", "responsible")}


# ---------------------------------------------------------------- cells wrapped over lines

WRAPPED = (
    "某县医养结合重点任务分工方案\n\n"
    "为推进医养结合发展，制定本方案。\n"
    "一、工作要求\n"
    "（一）加强组织领导。各部门要高度重视。\n\n"
    "序号\n重点任务\n具体措施\n责任单位\n完成时限\n\n"
    "1\n（一）推进养老机构与医疗\n卫生机构签约合作\n1.推动养老机构与周边医疗卫\n"
    "生机构签约全覆盖。\n县卫生健康局、县住房和城乡建\n设局\n2025年底前\n\n"
    "2\n2.建立定期巡诊制度，每月巡\n诊不少于一次。\n县卫生健康局、县民政局、各医\n共体\n"
    "每年\n\n"
    "3\n（二）加强老年健康服务\n3.为居家失能老年人提供上门\n医疗服务。\n县卫生健康局、县医疗保障局、\n"
    "县财政局\n2024年底前\n"
)


def test_a_unit_cell_wrapped_over_lines_is_joined_before_its_units_are_split() -> None:
    rec = record(WRAPPED)
    titles = [t["title"] for t in rec["tasks"] if t["kind"] == "task"]
    assert titles == ["推进养老机构与医疗卫生机构签约合作", "加强老年健康服务"]
    found = units(rec)
    assert found["推进养老机构与医疗卫生机构签约合作"] == {
        ("县卫生健康局", "responsible"), ("县住房和城乡建设局", "responsible"),
        ("县民政局", "responsible"), ("各医共体", "responsible")}
    assert found["加强老年健康服务"] == {
        ("县卫生健康局", "responsible"), ("县医保局", "responsible"),
        ("县财政局", "responsible")}
    assert not any(agency in ("设局", "共体") for pairs in found.values()
                   for agency, _ in pairs)


def test_two_unit_cells_one_a_line_are_not_joined_into_one_name() -> None:
    """市卫生健康委 (牵头) over 市人力资源社会保 / 障局 (配合): two cells, the second wrapped."""
    text = BODY + HEADER + (
        "\n1\n（一）加强病媒生物防制\n1.开展病媒生物监测和防制，降\n低病媒生物密度。\n"
        "市卫生健康委\n市人力资源社会保\n障局、市委组织部\n、市科技局\n2025年6月底\n前\n"
        "\n2\n（二）开展控烟行动\n2.全面推进无烟党政机关建设。\n市卫生健康委\n市委组织部、市委\n"
        "编办\n持续推进\n")
    found = units(record(text))
    assert found["加强病媒生物防制"] == {
        ("市卫生健康委", "lead"), ("市人力社保局", "cooperating"),
        ("市委组织部", "cooperating"), ("市科技局", "cooperating")}
    assert found["开展控烟行动"] == {("市卫生健康委", "lead"), ("市委组织部", "cooperating"),
                                     ("市委编办", "cooperating")}


def test_a_measure_numbered_as_its_row_is_not_a_task_cell() -> None:
    """Arabic task labels (1. 2.) and measures numbered by row (5.建立…) in a wrapped table: a
    measure is no task cell unless it is the next task's number."""
    text = (
        "某市紧密型医共体建设任务分工方案\n\n为推进医共体建设，制定本方案。\n"
        "一、工作要求\n（一）强化部门协同。各部门要密切配合。\n\n"
        "序号\n重点任务\n工作措施\n牵头单位\n配合单位\n完成时间\n"
        "1\n1.加强村卫生室标准\n化建设\n对医共体实行医保基金总额付费，\n结余留用、合理超支分担。\n"
        "市卫生健康委\n市财政局\n2025年底前\n"
        "2\n2.到2025年，每个乡镇卫生\n院至少建成一个特色科室。\n市卫生健康委\n\n2025年底前\n"
        "3\n2.加强乡村医生队伍\n建设\n实行医共体内人员统一招聘、统一\n培训。\n市卫生健康委\n"
        "市委编办\n持续推进\n"
        "4\n4.建立以健康结果为导向的医共\n体绩效考核办法。\n市卫生健康委\n\n每年\n")
    rec = record(text)
    tasks = [(t["id"], t["title"]) for t in rec["tasks"] if t["kind"] == "task"]
    assert tasks == [("1", "加强村卫生室标准化建设"), ("2", "加强乡村医生队伍建设")]
    assignments = {t["title"]: len(t["assignments"]) for t in rec["tasks"] if t["kind"] == "task"}
    assert assignments == {"加强村卫生室标准化建设": 2, "加强乡村医生队伍建设": 2}


def test_a_line_wider_than_the_task_column_is_a_measure() -> None:
    """Once a wrapped task cell shows the task column's width (8 characters), a line of 17
    numbered as the next task (2.全面推进…) is a measure of a row without a task cell; and a
    unit name cut by the wrap (…检查。市住房和城乡建设 / 局) is joined in the unit cell."""
    text = (
        "某区健康城市建设任务分工方案\n\n为推进健康城市建设，制定本方案。\n"
        "一、工作要求\n（一）加强组织领导。各部门要高度重视。\n\n"
        "序号\n重点任务\n具体措施\n牵头单位\n配合单位\n完成时限\n\n"
        "1\n1.建设全民健身\n场地设施\n每年开展健康城市建设评价，评价结果\n向社会公布。\n"
        "区卫生健康委\n区人力社保局、区\n发展改革委\n2025年底前\n\n"
        "2\n2.全面推进无烟党政机关、无烟医疗\n卫生机构和无烟学校建设。\n区卫生健康委\n"
        "区生态环境局\n每年\n\n"
        "3\n2.开展控烟行动\n开展中药饮片质量专项检查。\n区住房和城乡建设\n局\n区委组织部\n长期坚持\n")
    rec = record(text)
    tasks = [t["title"] for t in rec["tasks"] if t["kind"] == "task"]
    assert tasks == ["建设全民健身场地设施", "开展控烟行动"]
    found = units(rec)
    assert ("区生态环境局", "cooperating") in found["建设全民健身场地设施"]
    assert found["开展控烟行动"] == {("区住房和城乡建设局", "lead"), ("区委组织部", "cooperating")}


# ---------------------------------------------------------------- aligned, a task cell wrapped

WIDTHS = (4, 9, 14, 10, 8)   # characters a column holds, as pdftotext aligns them


def aligned_line(*pieces: str) -> str:
    return "".join(p + " " * (w - len(p) + 3) for p, w in zip(pieces, WIDTHS, strict=False)).rstrip() + "\n"


ALIGNED = (
    "某市医养结合重点任务分工方案\n\n"
    "为推进医养结合发展，制定本方案。\n"
    "一、工作要求\n"
    "（一）加强组织领导。各部门要高度重视。\n\n"
    + aligned_line("序号", "重点任务", "具体措施", "责任单位", "完成时限") + "\n"
    + aligned_line("1", "1.加强老年健康", "到2025年，养老机构医疗服", "市卫生健康委", "2027年底前")
    + aligned_line("", "服务", "务覆盖率达到100%。") + "\n"
    + aligned_line("2", "2.推进医疗卫生", "每年开展医养结合机构服务", "市民政局、市财政", "2025年底前")
    + aligned_line("", "机构与养老机构", "质量评估。", "局")
    + aligned_line("", "签约合作")
)


def test_a_task_cell_wrapped_in_its_column_keeps_its_whole_title() -> None:
    rec = record(ALIGNED)
    titles = [t["title"] for t in rec["tasks"] if t["kind"] == "task"]
    assert titles == ["加强老年健康服务", "推进医疗卫生机构与养老机构签约合作"]
    assert units(rec)["推进医疗卫生机构与养老机构签约合作"] == {
        ("市民政局", "responsible"), ("市财政局", "responsible")}


def test_a_removed_space_still_sets_a_lead_phrase_off_with_the_source_given() -> None:
    """The line-break test does not undo the lead-phrase rule: a full-width space removed
    inside one line is still a gap; a line break inside a cell is not."""
    text = "1．加强人才队伍建设　实施基层卫生人才定向培养计划。"
    head = build_outline(normalise(text)).roots[0].head
    assert split_title(head, text)[0].text == "加强人才队伍建设"
    assert split_title(head)[0].text == "加强人才队伍建设"
    wrapped = "推进医疗卫生\n机构与养老机构签约合作"
    joined = concat([MappedStr.from_source("推进医疗卫生", 0),
                     MappedStr.from_source("机构与养老机构签约合作", 7)])
    assert split_title(joined)[0].text == "推进医疗卫生"   # without the source: a gap
    assert split_title(joined, wrapped)[0].text == "推进医疗卫生机构与养老机构签约合作"


# ---------------------------------------------------------------- a table inside the body

INDICATORS_IN_BODY = (
    "某区推进紧密型县域医共体建设实施方案\n\n"
    "为推进紧密型县域医共体建设，结合我区实际，制定本方案。\n"
    "一、主要目标\n"
    "到2025年，县域医共体建设取得明显成效。主要指标如下：\n"
    "指标名称\n单位\n2023年现状\n2025年目标\n指标属性\n责任单位\n"
    "县域内就诊率\n%\n85\n90\n预期性\n区卫生健康局\n"
    "基层诊疗量占比\n%\n60\n65\n约束性\n区卫生健康局、区医疗保障局\n"
    "{note}"
    "二、重点任务\n"
    "（一）健全医共体管理体制。成立医共体管理委员会。（区卫生健康局牵头，区委编办配合）\n"
    "（二）推进医共体资源共享。建设资源共享中心。（区卫生健康局、区医疗保障局）\n"
    "三、保障措施\n"
    "（一）加强组织领导。各部门要高度重视。（区卫生健康局）\n"
)


@pytest.mark.parametrize("note", ["", "注：指标属性分为预期性和约束性。\n"])
def test_an_indicator_table_inside_the_body_does_not_end_it(note: str) -> None:
    rec = record(INDICATORS_IN_BODY.format(note=note))
    assert [(t["id"], t["title"]) for t in rec["tasks"]] == [
        ("二.(一)", "健全医共体管理体制"), ("二.(二)", "推进医共体资源共享"),
        ("三.(一)", "加强组织领导")]
    assert units(rec)["健全医共体管理体制"] == {("区卫生健康局", "lead"),
                                               ("区委编办", "cooperating")}
    assert {i["name"] for i in rec["indicators"]} >= {"县域内就诊率", "基层诊疗量占比"}
    assert "no-tasks" not in codes(rec)


def test_a_task_table_inside_a_task_does_not_end_the_body() -> None:
    text = (
        "某市公共卫生能力提升实施方案\n\n一、重点任务\n"
        "（一）加强疾控体系建设。分工如下：\n"
        "序号\n具体措施\n责任单位\n完成时限\n"
        "1\n建设市级疾控中心实验室。\n市卫生健康委\n2025年底前\n"
        "（二）加强应急队伍建设。组建卫生应急队伍。（市卫生健康委）\n"
        "二、保障措施\n（一）强化经费保障。（市财政局）\n")
    rec = record(text)
    assert [t["title"] for t in rec["tasks"]] == ["加强疾控体系建设", "加强应急队伍建设",
                                                  "强化经费保障"]


def test_a_table_after_the_attachment_or_after_the_body_still_ends_it() -> None:
    text = BODY + HEADER + "\n1\n（一）加强病媒生物防制\n开展病媒生物监测。\n市卫生健康委\n" \
        "市教育局\n每年\n\n一、附注\n本表由市卫生健康委负责解释。\n"
    regions = split_regions(normalise(text))
    assert not any("附注" in p.text.text for p in regions.body)
    assert not any(p.kind == "cell" for p in regions.body)
    # no 附件: a table after the body's last text ends the body, and what follows is not body
    plain = text.replace("附件\n\n", "")
    regions = split_regions(normalise(plain))
    assert not any("本表由" in p.text.text for p in regions.body)
    assert not any(p.kind == "cell" for p in regions.body)


def test_a_table_after_the_signature_ends_the_body() -> None:
    text = (
        "某县健康县城建设工作方案\n\n一、重点任务\n（一）开展控烟行动。推进无烟机关建设。"
        "（县卫生健康局）\n\n某县卫生健康局\n2024年3月1日\n\n"
        + HEADER.replace("牵头单位\n配合单位\n", "责任单位\n")
        + "1\n开展控烟行动\n推进无烟机关建设。\n县卫生健康局\n每年\n"
        "二、其他\n（一）本方案自印发之日起施行。\n")
    rec = record(text)
    assert [t["title"] for t in rec["tasks"]] == ["开展控烟行动"]


# ---------------------------------------------------------------- the pieces

def test_label_number_and_style() -> None:
    assert label_number("（十二）加强") == 12 and label_number("3.推进") == 3
    assert label_number("二十、") == 20 and label_number("加强") is None
    assert [label_style(t) for t in ("（一）加强", "一、加强", "1.加强", "加强")] == [
        "cn-paren", "cn", "arabic", "plain"]


def test_fit_reads_a_whole_wrapped_cell() -> None:
    assert fit("县卫生健康局、县住房和城乡建设局", "unit") > 0
    assert fit("生机构签约全覆盖。县卫生健康局、县住房和城乡建", "text") < 0   # a measure + units
    assert fit("推进生活垃圾分类处理3.建设健康步道。", "text") < 0   # two cells glued
    assert fit("、市科技局", "unit") < 0
    assert fit("局", "unit") < 0 and fit("设局、县民政局", "unit") < 0   # a name's cut end
    assert fit("各区", "unit") > 0
    assert fit("组建医共体管理委员会", "task") > 0
    assert fit("县卫生健康局、县委编办", "task") < 0
    assert fit("2.到2025年，每个乡镇卫生", "task") < 0
