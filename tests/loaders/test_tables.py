"""Task-division and indicator tables flattened to text."""

from policykg.loaders.normalize import normalise
from policykg.loaders.tables import find_tables, undouble
from tests.loaders.helpers import record

BODY = ("某区实施方案\n一、重点任务\n1.打造高水平公立医院。加快建设。\n2.加强公立医院能力建设。推动。\n"
        "4.健全重大疫情救治体系。建立网络。\n5.加强川渝医疗卫生协作发展。探索。\n6.加强临床专科学科建设。推进。\n"
        "附件1\n分工表\n")


def cells(*rows: list[str]) -> str:
    """Seed 000's layout: one cell a line, each starting with a tab, a blank line after a row."""
    return "".join("".join(f"\t{c}\n" for c in row) + "\n" for row in rows)


HEADER = ["重点任务", "任务分工", "牵头单位", "配合单位", "完成时限", "进展情况"]


def test_rows_with_an_empty_task_cell_belong_to_the_task_above():
    # seed 000, lines 71-83
    text = BODY + cells(HEADER,
                        ["1. 打造高水平公立医院。", "加快推进区中医院建设。", "区卫生健康委", "区发改委、区科技局",
                         "2025年", ""],
                        ["", "实施重点人群医疗健康服务补短板工程。", "区卫生健康委", "区发改委", "2025年", ""])
    task = record(text)["tasks"][0]
    assert [(a["text"], [(r["agency"], r["role"]) for r in a["responsible"]], a["deadline"])
            for a in task["assignments"]] == [
        ("加快推进区中医院建设。", [("区卫生健康委", "lead"), ("区发展改革委", "cooperating"),
                            ("区科技局", "cooperating")], "2025"),
        ("实施重点人群医疗健康服务补短板工程。", [("区卫生健康委", "lead"),
                                     ("区发展改革委", "cooperating")], "2025")]
    assert [(r["agency"], r["role"]) for r in task["responsible"]] == [
        ("区卫生健康委", "lead"), ("区发展改革委", "cooperating"), ("区科技局", "cooperating")]


def test_doubled_labels_pick_the_task_whose_number_and_title_agree():
    # seed 000, line 113: 4. 健全重大疫情救治体系。5. 健全重大疫情救治体系。
    # seed 000, line 141: 5. 加强川渝医疗卫生协作发展。7. 加强临床专科学科建设。 (content: 川渝)
    text = BODY + cells(HEADER,
                        ["4. 健全重大疫情救治体系。5. 健全重大疫情救治体系。", "建立网络。", "区卫生健康委", "",
                         "2025年", ""],
                        ["5. 加强川渝医疗卫生协作发展。7. 加强临床专科学科建设。", "探索在高竹新区组建医联体。",
                         "区卫生健康委", "", "2025年", ""],
                        ["6. 加强临床专科学科建设。", "推进学科建设。", "区卫生健康委", "", "持续推进", ""])
    found = record(text)
    by_id = {t["id"]: t for t in found["tasks"]}
    assert [a["text"] for a in by_id["4"]["assignments"]] == ["建立网络。"]
    assert [a["text"] for a in by_id["5"]["assignments"]] == ["探索在高竹新区组建医联体。"]
    assert [a["deadline"] for a in by_id["6"]["assignments"]] == ["ongoing"]
    assert [w["code"] for w in found["warnings"]].count("table-label-doubled") == 2


def test_truncated_label_and_unmatched_row():
    # seed 000, line 92: 3. 发挥公立医院在医联体中 (the cell lost the end of the title)
    text = BODY.replace("4.健全", "3.发挥公立医院在医联体中的作用。内容。\n4.健全") + cells(
        HEADER, ["3. 发挥公立医院在医联体中", "支持区级医院纳入城市医疗集团。", "区卫生健康委", "区委编办", "2025年", ""],
        ["9. 一个不存在的任务。", "内容。", "区财政局", "", "2025年", ""])
    found = record(text)
    task3 = next(t for t in found["tasks"] if t["id"] == "3")
    entry = task3["assignments"][0]["responsible"][1]
    assert (entry["agency"], entry["role"], entry["quote"]) == ("区委编办", "cooperating", "区委编办")
    assert "table-row-unmatched" in [w["code"] for w in found["warnings"]]


def test_rows_without_units_are_warned():
    # seed 000, lines 625-628: a party-building row with empty unit cells
    text = BODY + cells(HEADER, ["1. 打造高水平公立医院。", "坚持党管人才原则。", "", "", "2025年", ""])
    found = record(text)
    assert found["tasks"][0]["assignments"][0]["responsible"] == []
    assert "assignment-without-responsible" in [w["code"] for w in found["warnings"]]


def test_one_row_per_line_with_tabs():
    text = BODY + "\t".join(HEADER[:5]) + "\n" + "1. 打造高水平公立医院。\t加快建设。\t区卫生健康委\t区财政局\t2024年6月底前\n"
    task = record(text)["tasks"][0]
    assert task["assignments"][0]["deadline"] == "2024-06-30"
    assert [r["agency"] for r in task["assignments"][0]["responsible"]] == ["区卫生健康委", "区财政局"]


def test_indicator_table():
    # seed 000, lines 740-778: empty category = the one above; values as written
    text = BODY + cells(
        ["序号", "一级指标", "二级指标", "2021年现值", "2023年目标", "2025年目标", "责任单位"],
        ["1", "体系建设", "市级区域医疗中心（个）", "—", "0", "1", "区卫生健康委"],
        ["4", "", "医护比", "1∶1.6", "1∶1.8", "1∶2", "区卫健委"])
    indicators = [i for i in record(text)["indicators"] if i["source"] == "table"]
    assert [(i["category"], i["name"], i["unit"], [(v["year"], v["value"], v["kind"]) for v in i["values"]],
             i["responsible"]) for i in indicators] == [
        ("体系建设", "市级区域医疗中心", "个", [(2021, "—", "baseline"), (2023, "0", "target"),
                                      (2025, "1", "target")], ["区卫生健康委"]),
        ("体系建设", "医护比", None, [(2021, "1∶1.6", "baseline"), (2023, "1∶1.8", "target"),
                               (2025, "1∶2", "target")], ["区卫生健康委"])]


def test_header_row_mid_table_starts_a_new_table():
    text = cells(HEADER, ["1. 任务。", "内容。", "区卫生健康委", "", "2025年", ""],
                 ["保障措施", "任务分工", "责任单位", "配合单位", "完成时限", "工作进展"],
                 ["（一）落实工作责任。", "内容。", "区医改办", "", "2025年", ""])
    tables = find_tables(normalise(text))
    assert [t.kind for t in tables] == ["task-division", "safeguard-division"]


def test_undouble():
    assert undouble("2025年2025年") == ("2025年", True)
    assert undouble("医疗质量医疗质量") == ("医疗质量", True)
    assert undouble("区卫生健康委") == ("区卫生健康委", False)


def test_header_with_other_column_names():
    # a common variant: 序号 / 工作任务 / 具体内容 / 牵头单位 / 责任单位 / 完成时间
    text = BODY + cells(["序号", "工作任务", "具体内容", "牵头单位", "责任单位", "完成时间"],
                        ["1", "1. 打造高水平公立医院。", "加快建设。", "区卫生健康委", "区财政局", "2023年底前"])
    task = record(text)["tasks"][0]
    assert [(r["agency"], r["role"]) for r in task["assignments"][0]["responsible"]] == [
        ("区卫生健康委", "lead"), ("区财政局", "responsible")]
    assert task["assignments"][0]["deadline"] == "2023-12-31"


def test_tasks_stated_only_in_the_table():
    # plans of the genre that list their tasks only in 附件 (the body has no numbered tasks)
    text = "某区实施方案\n为推动发展，制定本方案。\n附件\n" + cells(
        HEADER, ["1. 打造高水平公立医院。", "加快建设。", "区卫生健康委", "区财政局", "2025年", ""],
        ["", "推进扩建。", "区卫生健康委", "", "2024年底前", ""],
        ["2. 加强公立医院能力建设。", "推动发展。", "区医保局", "", "持续推进", ""])
    found = record(text)
    assert [(t["id"], t["title"], len(t["assignments"])) for t in found["tasks"]] == [
        ("1", "打造高水平公立医院", 2), ("2", "加强公立医院能力建设", 1)]
    assert found["tasks"][0]["deadline"] == "2025"
    assert "no-tasks" not in [w["code"] for w in found["warnings"]]


def test_prose_target_without_a_year_takes_the_year_of_the_table_target_it_restates():
    # seed 000 line 43 (task 17, no year, deadline 持续推进) and its indicator table, line 878:
    # 医疗服务收入占医疗收入的比例（%） 30.75 / 32 / 35 for 2021 / 2023 / 2025
    body = BODY.replace(
        "6.加强临床专科学科建设。推进。\n",
        "6.深化医疗服务价格改革。优化医院收入结构，力争医疗服务收入（不含药品、耗材、检查、化验收入）"
        "占医疗收入的比例达到35%以上。\n")
    text = body + cells(
        ["序号", "一级指标", "二级指标", "2021年现值", "2023年目标", "2025年目标", "责任单位"],
        ["17", "运营效率", "医疗服务收入占医疗收入的比例（%）", "30.75", "32", "35", "区卫生健康委"])
    prose = [i for i in record(text)["indicators"] if i["source"] == "text"]
    assert [(i["name"], [(v["year"], v["value"]) for v in i["values"]]) for i in prose] == [
        ("医疗服务收入（不含药品、耗材、检查、化验收入）占医疗收入的比例", [(2025, "35")])]
    # a value the table does not set keeps no year
    other = text.replace("达到35%以上", "达到36%以上")
    prose = [i for i in record(other)["indicators"] if i["source"] == "text"]
    assert [v["year"] for i in prose for v in i["values"]] == [None]
