"""Understanding reported in the record (issue 15, item 3): how much of the body the record
accounts for, the share of tasks with units, and a warning wherever the answer is "little".

The plans are written for these tests; each expected figure is counted from the text itself
(non-whitespace characters of the parts named), not copied from the extractor's output.
"""

from __future__ import annotations

import random
from pathlib import Path

from policykg.loaders.mapped import Span
from policykg.loaders.plan import extract_plan
from policykg.loaders.understanding import _merge, _split_by
from tests.loaders.helpers import record

PLANS = Path(__file__).resolve().parents[2] / "samples" / "plans"


def solid(*pieces: str) -> int:
    """Non-whitespace characters of the pieces."""
    return sum(len("".join(piece.split())) for piece in pieces)


def codes(found: dict) -> list[str]:
    return [w["code"] for w in found["warnings"]]


TITLE = "某县推进紧密型县域医共体建设实施方案\n"
PREAMBLE = "为推动优质医疗资源下沉，结合我县实际，制定本方案。\n"
TASKS = (
    "（一）健全医共体管理体制。成立县医共体管理委员会，统筹规划建设和投入保障。"
    "（责任单位：县卫生健康局、县财政局）\n"
    "（二）推进医共体资源共享。建设县域医学影像、心电诊断和医学检验共享中心，推行检查检验结果互认。"
    "（责任单位：县卫生健康局）\n"
    "（三）提升基层服务能力。推进乡镇卫生院标准化建设，做实家庭医生签约服务。"
    "（责任单位：县卫生健康局、各镇人民政府）\n")
SAFEGUARDS = (
    "（一）加强组织领导。成立县医共体建设工作专班，定期研究解决重大问题。（责任单位：县卫生健康局）\n"
    "（二）强化督导考核。将医共体建设纳入年度目标考核，考核结果与绩效挂钩。"
    "（责任单位：县卫生健康局、县财政局）\n")
UNDERSTOOD = TITLE + PREAMBLE + "一、重点任务\n" + TASKS + "二、保障措施\n" + SAFEGUARDS


def test_a_plan_understood_whole():
    found = record(UNDERSTOOD)
    body = solid(PREAMBLE, "一、重点任务", TASKS, "二、保障措施", SAFEGUARDS)
    covered = solid(TASKS, SAFEGUARDS)   # outside: the preamble and two section headings
    assert found["understanding"] == {
        "body_characters": body,
        "covered_characters": covered,
        "coverage": round(covered / body, 3),
        "tasks": 5,
        "tasks_with_units": 5,
        "units_share": 1.0,
        "tables_seen": 0,
        "table_rows_read": 0,
    }
    assert (body, covered) == (308, 271)
    assert found["understanding"]["coverage"] == 0.88
    assert not {"low-coverage", "no-units", "most-tasks-without-units"} & set(codes(found))


PROSE = (
    "为积极应对人口老龄化，提升老年人健康水平，结合本市实际，提出如下意见。\n"
    "各地要充分认识做好老年健康服务工作的重要意义，把老年健康服务摆在更加突出的位置。\n"
    "要完善老年健康服务体系，推动医养结合，加强老年医学科建设，提升基层医疗卫生机构的服务能力。\n"
    "各有关部门要加强协作，形成工作合力，确保各项工作落到实处。\n")


def test_a_prose_body_without_tasks_says_so_twice():
    text = "某市关于加强老年健康服务工作的实施意见\n" + PROSE
    found = record(text)
    understanding = found["understanding"]
    # no heading: the body region is the whole text, and nothing of it is accounted for
    assert understanding["body_characters"] == solid(text) == 168
    assert (understanding["covered_characters"], understanding["coverage"]) == (0, 0.0)
    assert (understanding["tasks"], understanding["units_share"]) == (0, None)
    assert "no-tasks" in codes(found)
    low = next(w for w in found["warnings"] if w["code"] == "low-coverage")
    assert low["message"].startswith("only 0 of 168 body characters (0%)")
    # the span is the longest uncovered stretch: here the third paragraph
    third = PROSE.split("\n")[2]
    assert text[low["span"]["start"]:low["span"]["end"]] == third
    assert low["line"] == 4


INFORMATICS = (
    "某区智慧医院建设工作方案\n"
    "一、重点任务\n"
    "（一）夯实信息基础。建设区级全民健康信息平台，推进医疗机构互联互通。\n"
    "（二）拓展应用场景。推广预约诊疗、移动支付和检查结果查询服务。\n"
    "（三）强化数据安全。落实网络安全等级保护制度，定期开展风险评估。\n")


def test_tasks_without_any_unit_are_warned_once_for_the_plan():
    found = record(INFORMATICS)
    understanding = found["understanding"]
    assert (understanding["tasks"], understanding["tasks_with_units"],
            understanding["units_share"]) == (3, 0, 0.0)
    assert understanding["coverage"] >= 0.9
    assert codes(found).count("no-units") == 1
    assert "most-tasks-without-units" not in codes(found)   # no-units says more
    assert codes(found).count("task-without-responsible") == 3


def test_most_tasks_without_units():
    text = INFORMATICS.replace("定期开展风险评估。", "定期开展风险评估。（责任单位：区卫生健康委）")
    found = record(text)
    understanding = found["understanding"]
    assert (understanding["tasks"], understanding["tasks_with_units"],
            understanding["units_share"]) == (3, 1, 0.333)
    warning = next(w for w in found["warnings"] if w["code"] == "most-tasks-without-units")
    assert warning["message"].startswith("2 of 3 tasks and safeguards name no responsible unit")
    assert "no-units" not in codes(found)
    # half without a unit is not most
    half = text.replace("推进医疗机构互联互通。", "推进医疗机构互联互通。（责任单位：区大数据中心）")
    assert "most-tasks-without-units" not in codes(record(half + "（四）完善便民服务。推行一站式结算。\n"))


def test_a_table_header_without_rows():
    text = (UNDERSTOOD + "附件\n某县医共体建设重点任务分工表\n"
            "序号\t重点任务\t牵头单位\t配合单位\t完成时限\n说明：本表由县卫生健康局另行印发。\n")
    found = record(text)
    understanding = found["understanding"]
    assert (understanding["tables_seen"], understanding["table_rows_read"]) == (1, 0)
    # the attachment is not body: the figures are those of the plan without it
    assert understanding["body_characters"] == 308
    assert understanding["coverage"] == 0.88
    assert codes(found).count("table-not-read") == 1


TABLE_PLAN = (
    "某市中医药传承创新发展重点任务分工方案\n"
    "为贯彻落实中医药传承创新发展要求，现将重点任务分工如下。\n")
TABLE_ROWS = (
    "1\t建设市中医医院国家中医特色重点医院\t市卫生健康委\t市发展改革委、市财政局\t2025年底前\n"
    "2\t推进县级中医医院提标扩能\t市卫生健康委\t各县（市、区）人民政府\t持续推进\n"
    "3\t加强中医药人才队伍建设\t市人力资源社会保障局\t市卫生健康委\t每年\n")


def test_rows_of_a_table_are_body_and_covered_when_read():
    text = TABLE_PLAN + "序号\t重点任务\t牵头单位\t配合单位\t完成时限\n" + TABLE_ROWS
    understanding = record(text)["understanding"]
    # tasks stated only in the table: its rows are what the plan says, and all are read
    assert understanding["body_characters"] == solid(TABLE_PLAN, TABLE_ROWS) == 153
    assert understanding["covered_characters"] == solid(TABLE_ROWS) == 106
    assert understanding["coverage"] == 0.693
    assert (understanding["tables_seen"], understanding["table_rows_read"]) == (1, 3)
    assert (understanding["tasks"], understanding["units_share"]) == (3, 1.0)


def test_bundled_plans_are_understood():
    for plan in sorted(PLANS.glob("*.txt")):
        understanding = extract_plan(plan).to_dict()["understanding"]
        assert understanding["coverage"] >= 0.9, plan.name
        assert understanding["units_share"] >= 0.8, plan.name


def test_interval_split_matches_a_character_count():
    rng = random.Random(15)
    for _ in range(200):
        body = _merge([Span(a, a + rng.randrange(1, 30)) for a in
                       (rng.randrange(200) for _ in range(rng.randrange(6)))])
        covered = _merge([Span(a, a + rng.randrange(0, 40)) for a in
                          (rng.randrange(200) for _ in range(rng.randrange(8)))])
        inside, outside = _split_by(body, covered)
        body_set = {i for s, e in body for i in range(s, e)}
        cover_set = {i for s, e in covered for i in range(s, e)}
        assert {i for s, e in inside for i in range(s, e)} == body_set & cover_set
        assert {i for s, e in outside for i in range(s, e)} == body_set - cover_set
        assert all(s < e for s, e in inside + outside)
        assert inside == sorted(inside) and outside == sorted(outside)
