"""Deadline rule: 完成时限 cells, deadline phrases in task text, and picking a task's deadline.

Cells and sentences are quoted from the seed plans (samples/plans, identical to the seeds) with
PDF line breaks joined; comments give seed and line. Cases marked "genre" are the other wordings
plans of this family use for the same thing.
"""

from __future__ import annotations

import pytest

from policykg.loaders.rules.deadlines import (
    Deadline,
    find_deadlines,
    latest,
    parse_deadline,
)

CELLS = [
    # seed 000 line 75: the usual 完成时限 cell of 附件1
    ("2025年", "2025"),
    # seed 000 line 236: a cell doubled by the PDF table extraction
    ("2025年2025年", "2025"),
    # seed 000 line 327: open-ended work
    ("持续推进", "ongoing"),
    # genre: the other open-ended wordings of the same column
    ("长期坚持", "ongoing"),
    ("长期", "ongoing"),
    ("持续开展", "ongoing"),
    ("常态化推进", "ongoing"),
    # genre: recurring work has no single deadline
    ("每年12月底前", "ongoing"),
    # genre: a start year alone runs from then on
    ("2023年起", "ongoing"),
    # genre: end of year, with and without 前, and 年年底
    ("2023年底前", "2023-12-31"),
    ("2023年年底", "2023-12-31"),
    ("2023年末", "2023-12-31"),
    ("2023年12月底前", "2023-12-31"),
    # genre: end of a month
    ("2024年6月底前", "2024-06-30"),
    ("2024年2月底", "2024-02-29"),
    # genre: half years and quarters
    ("2024年上半年", "2024-06-30"),
    ("2024年下半年", "2024-12-31"),
    ("2024年第三季度", "2024-09-30"),
    ("2024年一季度末", "2024-03-31"),
    # genre: a month without 底 stays a month
    ("2024年6月", "2024-06"),
    # genre: a day
    ("2023年6月30日前", "2023-06-30"),
    # genre: a range names its end
    ("2022—2025年", "2025"),
    ("2022年-2025年", "2025"),
    ("2023年至2025年", "2025"),
    # genre: before a year
    ("2025年前", "2025"),
    # genre: a year with a date and an ongoing word keeps the date
    ("2023年底前完成，长期坚持", "2023-12-31"),
    # genre: five-year-plan period named in words
    ("“十四五”期间", "2025"),
    ("“十四五”末", "2025"),
    # genre: the cell may be padded by the table extraction
    ("  2025年 ", "2025"),
]


@pytest.mark.parametrize(("cell", "value"), CELLS)
def test_parse_deadline(cell: str, value: str) -> None:
    found = parse_deadline(cell)
    assert found is not None
    assert found.value == value
    assert cell[found.start : found.end] == found.raw


@pytest.mark.parametrize(
    "cell",
    [
        "",  # seed 000 line 516: an empty 完成时限 cell
        "   ",
        "区卫生健康委",  # seed 000 line 73: a neighbouring column, no date in it
        "2023年2月30日",  # no such day
        "年内",  # relative: needs the date of issue, which this rule does not know
    ],
)
def test_parse_deadline_none(cell: str) -> None:
    assert parse_deadline(cell) is None


IN_TEXT = [
    # seed 003 line 15
    ("到2027年，健康沙坪坝建设取得显著成效", [("2027", "到2027年")]),
    # seed 003 line 20
    ("到2027年底，全区建成甲级基层医疗机构的比例不低于70%", [("2027-12-31", "到2027年底")]),
    # seed 000 line 45
    ("2023年底前，三级医院预约诊疗率达50%以上", [("2023-12-31", "2023年底前")]),
    # seed 000 line 42: deadline and 力争 run together
    ("到2025年力争引进和培养高层次医疗卫生人才50名以上", [("2025", "到2025年")]),
    # seed 003 line 19: two phrases in one task, in order
    (
        "到2027年建成基础坚实、特色鲜明的综合性医院。……力争2027年建成三级妇幼保健院。",
        [("2027", "到2027年"), ("2027", "力争2027年")],
    ),
    # seed 002 line 39: a stray space survives in the raw text
    ("力争到 2025年，公立医院发展方式从规模扩张转向提质增效", [("2025", "力争到 2025年")]),
    # genre: a month-end deadline
    ("2024年6月底前完成全区公立医院智慧服务分级评估", [("2024-06-30", "2024年6月底前")]),
    # genre: the label of a task line
    ("完成时限：2023年底", [("2023-12-31", "完成时限：2023年底")]),
    # genre: a half year followed by the verb of completion
    ("2024年上半年完成信息系统改造", [("2024-06-30", "2024年上半年")]),
    # genre: 于 needs a completion verb or 前
    ("于2025年建成区域医疗中心", [("2025", "于2025年")]),
    ("于2023年9月底前出台实施细则", [("2023-09-30", "于2023年9月底前")]),
    # genre: 到 makes even a full date a deadline
    ("到2023年6月30日，完成清查", [("2023-06-30", "到2023年6月30日")]),
    # genre: the end of a five-year plan named in words
    ("到“十四五”末，基本建成整合型医疗卫生服务体系", [("2025", "到“十四五”末")]),
    # genre: a span of months, the end is the deadline
    ("2023年6月至2024年6月开展专项整治", [("2024-06", "至2024年6月")]),
]


@pytest.mark.parametrize(("text", "expected"), IN_TEXT)
def test_find_deadlines(text: str, expected: list[tuple[str, str]]) -> None:
    found = find_deadlines(text)
    assert [(d.value, d.raw) for d in found] == expected
    for d in found:
        assert text[d.start : d.end] == d.raw


@pytest.mark.parametrize(
    "text",
    [
        # seed 000 line 8: the date of issue
        "重庆市渝北区人民政府办公室 2022年12月6日",
        # seed 000 line 974: the printing line
        "重庆市渝北区人民政府办公室                2022年12月6日印发",
        # seed 002 line 16: a date of issue with stray spaces
        "2022年 12月 22日",
        # seed 000 lines 743-745: indicator table headers
        "2021年现值 2023年目标 2025年目标",
        # seed 003 line 12: years inside doc numbers have no 年
        "（中办发〔2023〕10号）和《重庆市关于进一步完善医疗卫生服务体系实施方案》（渝府办发〔2023〕76号）",
        # genre: a planning period inside a title
        "按照《重庆市卫生健康发展“十四五”规划（2021—2025年）》要求",
        "贯彻《“健康中国2030”规划纲要》",
        # genre: a planning period in brackets after a programme name
        "实施公立医院改革三年行动计划（2023—2025年）",
        # genre: a status date, not a deadline
        "截至2022年底，全区已建成社区医院5家",
        # genre: a baseline year
        "在2020年基础上提高5个百分点",
        "自2023年起，每年开展一次评估",
        "2021年以来，全区累计投入",
        # genre: 于 + a full date is an event
        "于2022年12月6日印发",
        # running text: 持续推进 is a verb here, not a deadline
        "持续推进以按病种付费为主的多元复合式医保支付方式改革",
        # genre: a range opening a sentence names a period
        "2023—2025年，每年组织一次考核",
    ],
)
def test_find_deadlines_ignores(text: str) -> None:
    assert find_deadlines(text) == []


def _d(value: str) -> Deadline:
    return Deadline(value, value, 0, 0)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        # seed 000 task 3: rows 2025, 2025, 2025
        (["2025", "2025", "2025"], "2025"),
        # seed 000 task 19: one row 持续推进, the others 2025: the dated one decides
        (["ongoing", "2025", "2025"], "2025"),
        # seed 000 task 11: every row ongoing
        (["ongoing", "ongoing"], "ongoing"),
        # mixed precision: the later end date wins
        (["2023-12-31", "2025", "2024-06"], "2025"),
        (["2024-06", "2024-03-31"], "2024-06"),
        (["2024-06-30", "2024-07"], "2024-07"),
        # equal end dates: the first written is kept
        (["2025", "2025-12-31"], "2025"),
        ([], None),
    ],
)
def test_latest(values: list[str], expected: str | None) -> None:
    assert latest([_d(v) for v in values]) == expected


def test_latest_of_found_phrases() -> None:
    # seed 003 line 20: 到2027年底 only; seed 000 line 45/46 holds 2023年底前 and 到2025年
    text = "2023年底前，三级医院预约诊疗率达50%以上。到2025年，50%的二级公立医院达到建设标准。"
    assert latest(find_deadlines(text)) == "2025"
