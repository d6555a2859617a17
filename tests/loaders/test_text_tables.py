"""Tables written as text without tabs (issue 15, class 1): one cell a line as copied from PDF,
and columns aligned by spaces as pdftotext -layout writes them. Texts written for these tests in
the genre (TCM, elderly care, county medical communities, healthy cities, informatics)."""

import re

from policykg.loaders.normalize import normalise
from tests.loaders.helpers import record

# a task table's header after its 序号 column, one cell a line, a blank line after it
TASK_HEADER_CELLS = (
    '重点任务\n'
    '具体措施\n'
    '牵头单位\n'
    '配合单位\n'
    '完成时限\n'
    '\n'
)

# the header of CELL_LINES' table, one cell a line (written again after a page break)
CELL_LINES_HEADER = '序号\n' + TASK_HEADER_CELLS

# one cell a line, blank lines between rows, 序号 alone on a line, a spanning 重点任务 cell on the
# first of its rows only, an empty 配合单位 cell as an empty line, the header again after a page
CELL_LINES = (
    '某市推进基层中医药服务能力提升实施方案\n'
    '\n'
    '为推动中医药服务下沉基层，制定本方案。\n'
    '\n'
    '一、重点任务\n'
    '（一）加强中医馆建设。推动乡镇卫生院中医馆提档升级。\n'
    '（二）加强基层中医药人才培养。实施基层中医药人才培训项目。\n'
    '（三）提升中医药信息化水平。推进中医馆健康信息平台应用。\n'
    '\n'
    '附件\n'
    '某市基层中医药服务能力提升重点任务分工表\n'
    + CELL_LINES_HEADER
    + '1\n'
    '（一）加强中医馆建设\n'
    '1.推动乡镇卫生院中医馆提档升级，配备中医诊疗设备。\n'
    '市卫生健康委\n'
    '市发展改革委、市财政局\n'
    '2024年底前\n'
    '\n'
    '2\n'
    '2.开展中医馆服务能力评价。\n'
    '市中医药管理局\n'
    '\n'
    '持续推进\n'
    '\n'
    '3\n'
    '（二）加强基层中医药人才培养\n'
    '3.实施基层中医药人才培训项目，每年培训500人次。\n'
    '市卫生健康委\n'
    '市人力资源社会保障局\n'
    '每年\n'
    '\n'
    '— 5 —\n'
    + CELL_LINES_HEADER
    + '4\n'
    '4.推动中医医师下沉基层坐诊。\n'
    '市中医院\n'
    '各县（市、区）人民政府\n'
    '2025年6月底前\n'
    '\n'
    '5\n'
    '（三）提升中医药信息化水平\n'
    '5.推进中医馆健康信息平台应用。\n'
    '市卫生健康委\n'
    '市大数据局\n'
    '2025年底前\n'
)

# the text before the tables of DENSE and NO_NUMBER: a plan's tasks, then 附件
ELDER_CARE_PLAN = (
    '某县推进医养结合发展工作方案\n'
    '\n'
    '一、主要任务\n'
    '（一）推进医疗卫生机构与养老机构签约合作。建立签约服务机制。\n'
    '（二）发展居家社区医养结合服务。开展上门医疗服务。\n'
    '（三）强化医养结合人才支撑。开展医养结合人员培训。\n'
    '\n'
    '附件\n'
)

# one cell a line with no blank lines: rows by the header's width and the 序号 cell
DENSE = ELDER_CARE_PLAN + (
    '序号\n'
    '重点任务\n'
    '工作任务\n'
    '责任单位\n'
    '完成时间\n'
    '1\n'
    '（一）推进医疗卫生机构与养老机构签约合作\n'
    '1.推动养老机构与周边医疗卫生机构签约全覆盖。\n'
    '县卫生健康局、县民政局\n'
    '2024年12月底前\n'
    '2\n'
    '2.建立签约双方定期巡诊制度。\n'
    '县卫生健康局\n'
    '持续推进\n'
    '3\n'
    '（二）发展居家社区医养结合服务\n'
    '3.为失能老年人提供上门医疗服务。\n'
    '各乡镇卫生院\n'
    '长期坚持\n'
    '4\n'
    '（三）强化医养结合人才支撑\n'
    '4.每年开展医养结合人员培训不少于2期。\n'
    '县卫生健康局、县人力资源社会保障局\n'
    '每年\n'
)

# blank lines between rows, no 序号 column, an empty cell as an empty line
NO_NUMBER = ELDER_CARE_PLAN + TASK_HEADER_CELLS + (
    '（一）推进医疗卫生机构与养老机构签约合作\n'
    '推动养老机构与周边医疗卫生机构签约全覆盖。\n'
    '县卫生健康局\n'
    '县民政局\n'
    '2024年12月底前\n'
    '\n'
    '建立签约双方定期巡诊制度。\n'
    '县卫生健康局\n'
    '县民政局\n'
    '持续推进\n'
    '\n'
    '（二）发展居家社区医养结合服务\n'
    '为失能老年人提供上门医疗服务。\n'
    '各乡镇卫生院\n'
    '\n'
    '长期坚持\n'
    '\n'
    '（三）强化医养结合人才支撑\n'
    '每年开展医养结合人员培训不少于2期。\n'
    '县卫生健康局\n'
    '县人力资源社会保障局\n'
    '每年\n'
)

# an indicator table one cell a line with category rows 一、服务能力 between
INDICATORS = (
    '某省卫生健康信息化发展行动计划\n'
    '\n'
    '一、发展目标\n'
    '到2025年，全民健康信息平台全面建成。主要指标见下表。\n'
    '\n'
    '二、重点任务\n'
    '（一）建设全民健康信息平台。省卫生健康委负责。\n'
    '\n'
    '附件\n'
    '主要指标\n'
    '序号\n'
    '指标名称\n'
    '单位\n'
    '现状(2022年)\n'
    '目标(2025年)\n'
    '指标属性\n'
    '责任单位\n'
    '\n'
    '一、服务能力\n'
    '\n'
    '1\n'
    '二级以上医院电子病历应用水平平均级别\n'
    '级\n'
    '3\n'
    '4\n'
    '预期性\n'
    '省卫生健康委\n'
    '\n'
    '2\n'
    '远程医疗服务覆盖县区比例\n'
    '%\n'
    '85\n'
    '100\n'
    '约束性\n'
    '省卫生健康委、省医保局\n'
    '\n'
    '二、数据共享\n'
    '\n'
    '3\n'
    '电子健康档案开放率\n'
    '%\n'
    '60\n'
    '≥80\n'
    '预期性\n'
    '各市（州）人民政府\n'
)

# the tasks and the table rows of ALIGNED and ALIGNED_DENSE
ALIGNED_TASKS = (
    '（一）完善医共体管理体制。建立医共体管理委员会。\n'
    '（二）推进医共体内资源共享。建设区域医学检验中心。\n'
    '（三）提升基层服务能力。开展家庭医生签约服务。\n'
)
ALIGNED_ROWS = (
    ' 序号      重点任务                   具体措施                牵头单位            配合单位             完成时限\n'
    '\n'
    '  1   （一）完善医共体          1.建立医共体管理委员会，             区卫生健康局          区委编办、区财           2024年6月底前\n'
    '      管理体制              统筹医共体规划建设。                                政局\n'
    '\n'
    '  2                     2.落实医共体经营自主权。             区卫生健康局          区人力资源社            持续推进\n'
    '                                                                  会保障局\n'
    '\n'
    '  3   （二）推进医共体          3.建设区域医学检验中心、             区人民医院           区医保局              2025年底前\n'
    '      内资源共享             影像诊断中心。\n'
    '\n'
    '  4   （三）提升基层           4.开展家庭医生签约服务。             各镇街                               每年\n'
    '      服务能力\n'
)

# pdftotext -layout: wrapped cells under their column, blank lines between rows
ALIGNED = (
    '某区推进紧密型县域医疗卫生共同体建设实施方案\n'
    '\n'
    '一、重点任务\n'
    + ALIGNED_TASKS
    + '\n'
    '附件\n'
    '重点任务分工表\n'
    + ALIGNED_ROWS
)

# pdftotext -layout without blank lines between rows (rows by the 序号 column)
ALIGNED_DENSE = (
    '某区推进紧密型县域医疗卫生共同体建设实施方案\n'
    '一、重点任务\n'
    + ALIGNED_TASKS
    + '附件\n'
    '\n'
    '重点任务分工表\n'
    '\n'
    + ALIGNED_ROWS.replace('\n\n', '\n')
)

# pdftotext -layout indicator table: years on a second header line, category rows, wrapped names
ALIGNED_INDICATORS = (
    '某市健康城市建设行动计划\n'
    '\n'
    '一、主要目标\n'
    '到2025年，健康城市建设取得明显成效。\n'
    '\n'
    '二、重点任务\n'
    '（一）改善健康环境。市生态环境局负责。\n'
    '\n'
    '附件\n'
    '主要指标表\n'
    ' 序号     指标名称                      单位      现状        目标        指标属性        责任单位\n'
    '                                         (2022年)   (2025年)\n'
    ' 一、健康环境\n'
    '  1     城市生活垃圾无害化                  %       95        100      约束性         市城市管理局\n'
    '        处理率\n'
    '  2     地级及以上城市空气                  %       86.5      ≥88      约束性         市生态环境局\n'
    '        质量优良天数比率\n'
    ' 二、健康人群\n'
    '  3     人均预期寿命                     岁       78.2      79       预期性         市卫生健康委、市\n'
    '                                                                          体育局\n'
    '\n'
    '三、保障措施\n'
    '（一）加强组织领导。各部门要落实责任。\n'
)


def triples(found: dict) -> set[tuple[str, str, str]]:
    return {(task["id"], r["agency"], r["role"]) for task in found["tasks"]
            for r in task["responsible"]}


def f1(found: set, expected: set) -> float:
    hits = len(found & expected)
    return 2 * hits / (len(found) + len(expected)) if found or expected else 1.0


def assert_exact_evidence(text: str, found: dict) -> None:
    """Every unit read from a table row points at its own characters in the text."""
    for task in found["tasks"]:
        for assignment in task["assignments"]:
            for unit in assignment["responsible"]:
                written = text[unit["span"]["start"]:unit["span"]["end"]]
                name = unit.get("written", unit["agency"])
                if "\n" in written:  # a unit wrapped in its column: the span runs first to last
                    assert written[:2] == name[:2] and written[-2:] == name[-2:], unit
                else:
                    assert re.sub(r"\s", "", written) == name, unit


def test_cell_lines_with_spanning_task_empty_cell_and_repeated_header():
    found = record(CELL_LINES)
    expected = {
        ("一.(一)", "市卫生健康委", "lead"), ("一.(一)", "市发展改革委", "cooperating"),
        ("一.(一)", "市财政局", "cooperating"), ("一.(一)", "市中医药管理局", "lead"),
        ("一.(二)", "市卫生健康委", "lead"), ("一.(二)", "市人力社保局", "cooperating"),
        ("一.(二)", "市中医院", "lead"), ("一.(二)", "各县（市、区）人民政府", "cooperating"),
        ("一.(三)", "市卫生健康委", "lead"), ("一.(三)", "市大数据局", "cooperating")}
    assert f1(triples(found), expected) == 1.0
    rows = [(a["text"], a["deadline"]) for t in found["tasks"] for a in t["assignments"]]
    assert rows == [("1.推动乡镇卫生院中医馆提档升级，配备中医诊疗设备。", "2024-12-31"),
                    ("2.开展中医馆服务能力评价。", "ongoing"),
                    ("3.实施基层中医药人才培训项目，每年培训500人次。", "ongoing"),
                    ("4.推动中医医师下沉基层坐诊。", "2025-06-30"),
                    ("5.推进中医馆健康信息平台应用。", "2025-12-31")]
    assert "table-not-read" not in [w["code"] for w in found["warnings"]]
    assert_exact_evidence(CELL_LINES, found)


def test_cell_lines_without_blank_lines():
    found = record(DENSE)
    expected = {("一.(一)", "县卫生健康局", "responsible"), ("一.(一)", "县民政局", "responsible"),
                ("一.(二)", "各乡镇卫生院", "responsible"),
                ("一.(三)", "县卫生健康局", "responsible"),
                ("一.(三)", "县人力社保局", "responsible")}
    assert f1(triples(found), expected) == 1.0
    assert [len(t["assignments"]) for t in found["tasks"]] == [2, 1, 1]
    assert_exact_evidence(DENSE, found)


def test_cell_lines_without_number_column():
    found = record(NO_NUMBER)
    expected = {("一.(一)", "县卫生健康局", "lead"), ("一.(一)", "县民政局", "cooperating"),
                ("一.(二)", "各乡镇卫生院", "lead"), ("一.(三)", "县卫生健康局", "lead"),
                ("一.(三)", "县人力社保局", "cooperating")}
    assert f1(triples(found), expected) == 1.0
    assert [a["deadline"] for t in found["tasks"] for a in t["assignments"]] == [
        "2024-12-31", "ongoing", "ongoing", "ongoing"]
    assert_exact_evidence(NO_NUMBER, found)


def indicators(found: dict) -> list[tuple]:
    return [(i["category"], i["name"], [(v["year"], v["value"], v["kind"]) for v in i["values"]],
             i["responsible"]) for i in found["indicators"] if i["source"] == "table"]


def test_indicator_table_one_cell_a_line_with_category_rows():
    assert indicators(record(INDICATORS)) == [
        ("服务能力", "二级以上医院电子病历应用水平平均级别",
         [(2022, "3", "baseline"), (2025, "4", "target")], ["省卫生健康委"]),
        ("服务能力", "远程医疗服务覆盖县区比例", [(2022, "85", "baseline"), (2025, "100", "target")],
         ["省卫生健康委", "省医保局"]),
        ("数据共享", "电子健康档案开放率", [(2022, "60", "baseline"), (2025, "≥80", "target")],
         ["各市（州）人民政府"])]


def test_aligned_by_spaces_with_wrapped_cells():
    for text in (ALIGNED, ALIGNED_DENSE):
        found = record(text)
        expected = {("一.(一)", "区卫生健康局", "lead"), ("一.(一)", "区委编办", "cooperating"),
                    ("一.(一)", "区财政局", "cooperating"),
                    ("一.(一)", "区人力社保局", "cooperating"),
                    ("一.(二)", "区人民医院", "lead"), ("一.(二)", "区医保局", "cooperating"),
                    ("一.(三)", "各镇街", "lead")}
        assert f1(triples(found), expected) == 1.0
        texts = [a["text"] for t in found["tasks"] for a in t["assignments"]]
        assert texts == ["1.建立医共体管理委员会，统筹医共体规划建设。", "2.落实医共体经营自主权。",
                         "3.建设区域医学检验中心、影像诊断中心。", "4.开展家庭医生签约服务。"]
        assert_exact_evidence(text, found)


def test_aligned_indicator_table():
    assert indicators(record(ALIGNED_INDICATORS)) == [
        ("健康环境", "城市生活垃圾无害化处理率", [(2022, "95", "baseline"), (2025, "100", "target")],
         ["市城市管理局"]),
        ("健康环境", "地级及以上城市空气质量优良天数比率",
         [(2022, "86.5", "baseline"), (2025, "≥88", "target")], ["市生态环境局"]),
        ("健康人群", "人均预期寿命", [(2022, "78.2", "baseline"), (2025, "79", "target")],
         ["市卫生健康委", "市体育局"])]


def test_table_lines_are_not_glued_into_prose():
    for text in (CELL_LINES, DENSE, ALIGNED):
        prose = [p.text.text for p in normalise(text) if p.kind == "text"]
        assert not any("委市" in p or "局市" in p or "局县" in p for p in prose), prose


def test_header_seen_but_no_row_read_is_warned():
    text = CELL_LINES.split("1\n（一）加强中医馆建设")[0] + "说明：本表内容另行印发。\n"
    found = record(text)
    warning = next(w for w in found["warnings"] if w["code"] == "table-not-read")
    assert text[warning["span"]["start"]:warning["span"]["end"]].startswith("序号")
    aligned = ALIGNED.split("  1   ")[0] + "各单位按职责分工抓好落实，确保各项任务按期完成并报送进展情况。\n"
    assert "table-not-read" in [w["code"] for w in record(aligned)["warnings"]]


def test_prose_after_a_table_in_the_body_stays_prose():
    text = ("某县方案\n一、工作目标\n主要指标\n序号\n指标名称\n目标值\n责任单位\n1\n家庭医生签约率\n75%\n"
            "县卫生健康局\n二、重点任务\n（一）做实家庭医生签约服务，提高签约质量和居民满意度。\n")
    paras = normalise(text)
    assert [p.text.text for p in paras if p.kind == "text"][-2:] == [
        "二、重点任务", "（一）做实家庭医生签约服务，提高签约质量和居民满意度。"]
