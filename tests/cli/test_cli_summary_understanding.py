"""`extract --format summary` shows how much of each plan was understood (issue 15, item 3):
`understood` and `units` per file, and a `check this plan:` line above the table for every plan
understood little, with most tasks unassigned, no tasks, or a table seen but not read."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from policykg.cli import cli, render_summary

ROOT = Path(__file__).resolve().parents[2]
SEED_002 = ROOT / "samples" / "plans" / "002_449abcde8801a72e.txt"

UNDERSTOOD = (
    "某县推进紧密型县域医共体建设实施方案\n"
    "为推动优质医疗资源下沉，结合我县实际，制定本方案。\n"
    "一、重点任务\n"
    "（一）健全医共体管理体制。成立县医共体管理委员会，统筹规划建设和投入保障。"
    "（责任单位：县卫生健康局、县财政局）\n"
    "（二）推进医共体资源共享。建设县域医学影像、心电诊断和医学检验共享中心，推行检查检验结果互认。"
    "（责任单位：县卫生健康局）\n"
    "二、保障措施\n"
    "（一）加强组织领导。成立县医共体建设工作专班，定期研究解决重大问题。（责任单位：县卫生健康局）\n")
PROSE = (
    "某市关于加强老年健康服务工作的实施意见\n"
    "为积极应对人口老龄化，提升老年人健康水平，结合本市实际，提出如下意见。\n"
    "各地要充分认识做好老年健康服务工作的重要意义，把老年健康服务摆在更加突出的位置。\n"
    "要完善老年健康服务体系，推动医养结合，加强老年医学科建设，提升基层医疗卫生机构的服务能力。\n")
NO_UNITS = (
    "某区智慧医院建设工作方案\n"
    "一、重点任务\n"
    "（一）夯实信息基础。建设区级全民健康信息平台，推进医疗机构互联互通。\n"
    "（二）拓展应用场景。推广预约诊疗、移动支付和检查结果查询服务。\n"
    "（三）强化数据安全。落实网络安全等级保护制度，定期开展风险评估。\n")
HEADER_ONLY = UNDERSTOOD + (
    "附件\n某县医共体建设重点任务分工表\n"
    "序号\t重点任务\t牵头单位\t配合单位\t完成时限\n说明：本表由县卫生健康局另行印发。\n")


def summary(tmp_path: Path, **plans: str) -> str:
    files = []
    for name, text in plans.items():
        path = tmp_path / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        files.append(str(path))
    result = CliRunner().invoke(cli, ["extract", *files], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def table(lines: list[str]) -> dict[str, dict[str, str]]:
    start = next(i for i, line in enumerate(lines) if line.startswith("file "))
    columns = lines[start].split()
    rows = {}
    for line in lines[start + 2:]:
        if not line:
            break
        values = line.split()
        rows[values[0]] = dict(zip(columns[1:], values[1:], strict=True))
    return rows


def test_each_plan_gets_its_figures_and_the_weak_ones_are_named_first(tmp_path):
    out = summary(tmp_path, a_understood=UNDERSTOOD, b_prose=PROSE, c_no_units=NO_UNITS,
                  d_header_only=HEADER_ONLY)
    lines = out.split("\n")
    assert lines[:4] == [
        "check this plan: b_prose.txt (no tasks, understood 0% < 60%)",
        "check this plan: c_no_units.txt (units 0% < 50%)",
        "check this plan: d_header_only.txt (1 table not read)",
        "",
    ]
    rows = table(lines)
    # 162 of 199 body characters are in a task: not the preamble (25) nor two headings (12)
    assert {name: (row["understood"], row["units"]) for name, row in rows.items()} == {
        "a_understood.txt": ("81%", "100%"),
        "b_prose.txt": ("0%", "-"),
        "c_no_units.txt": ("94%", "0%"),
        "d_header_only.txt": ("81%", "100%"),
    }
    assert "no-units" in out and "low-coverage" in out and "table-not-read" in out


def test_a_plan_understood_has_no_check_line(tmp_path):
    out = summary(tmp_path, plan=UNDERSTOOD)
    assert out.startswith("file ")
    assert "check this plan" not in out


def test_a_bundled_plan_is_not_flagged():
    result = CliRunner().invoke(cli, ["extract", str(SEED_002)], catch_exceptions=False)
    assert result.stdout.startswith("file ")
    assert table(result.stdout.split("\n"))[SEED_002.name]["understood"] == "92%"


def test_thresholds_and_rounding_down():
    def record(name, coverage, units_share, tasks=1, warnings=()):
        return {"source": {"path": f"/x/{name}.txt", "encoding": "utf-8"},
                "plan": {"title": "t", "doc_number": None, "issuer": None,
                         "jurisdiction": None, "issued": None, "status": "final"},
                "tasks": [{"kind": "task"}] * tasks, "indicators": [], "citations": [],
                "hospitals": [], "agency_foldings": [],
                "warnings": [{"code": code, "message": code} for code in warnings],
                "understanding": {"coverage": coverage, "units_share": units_share}}

    text = render_summary([record("edge", 0.6, 0.5), record("under", 0.599, 0.499),
                           record("tables", 0.95, 1.0, warnings=["table-not-read"] * 2)], [])
    lines = text.split("\n")
    assert lines[:3] == [
        # 0.599 shows as 59%, never as the 60% it falls short of
        "check this plan: under.txt (understood 59% < 60%, units 49% < 50%)",
        "check this plan: tables.txt (2 tables not read)",
        "",
    ]
    rows = table(lines)
    assert (rows["edge.txt"]["understood"], rows["edge.txt"]["units"]) == ("60%", "50%")
    assert (rows["under.txt"]["understood"], rows["under.txt"]["units"]) == ("59%", "49%")
