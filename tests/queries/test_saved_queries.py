"""Every saved query on the seed plans, on the real Neo4j and on the embedded store: the same
rows from both, and answers checked against the documents themselves.

The corpus is the bundled seeds plus a sibling: seed 000 re-issued under another doc number
(渝北府办发〔2022〕41号), so two plans implement the same parents (sibling-plans, implementers).
"""

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from policykg.cli import cli
from policykg.loaders.plan import extract_plan
from policykg.queries.saved import QueryError, load_all, run, total
from tests.bothstores import both_stores

ROOT = Path(__file__).resolve().parents[2]
SEED_000 = "渝北府办发〔2022〕40号"
SIBLING = "渝北府办发〔2022〕41号"
SEED_002 = "北辰政办发〔2022〕14号"
SEED_003 = "沙府办发〔2025〕13号"
SEED_001 = "广元市推动公立医院高质量发展实施方案"  # no doc number: plans are named by their title
QUERIES = load_all()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("plans")
    for seed in sorted((ROOT / "samples" / "plans").glob("*.txt")):
        shutil.copy(seed, folder / seed.name)
    text = (ROOT / "samples" / "plans" / "000_e81826a0173922c6.txt").read_text(encoding="utf-8")
    assert SEED_000 in text
    (folder / "000_sibling.txt").write_text(text.replace(SEED_000, SIBLING), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def stores(corpus, neo4j_settings, tmp_path_factory):
    """{engine: store}, both built from the same files."""
    yield from both_stores(neo4j_settings, sorted(corpus.glob("*.txt")),
                          tmp_path_factory.mktemp("store"))


def answer(stores, name: str, **values) -> list[dict]:
    """The rows of a saved query; fails unless both engines give exactly the same rows."""
    query = QUERIES[name]
    rows = {engine: run(store, query, values) for engine, store in stores.items()}
    assert rows["neo4j"] == rows["embedded"], name
    return rows["neo4j"]


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_query_gives_the_same_rows_on_both_engines(stores, name):
    rows = answer(stores, name, **QUERIES[name].example_parameters())
    if name != "sibling-plans":  # the example plan is seed 000: its sibling is checked below
        assert rows, f"{name}: the example parameters give no rows"
    for row in rows:
        assert list(row) == list(QUERIES[name].columns)


def test_agency_portfolio_of_the_medical_insurance_bureau(stores):
    rows = answer(stores, "agency-portfolio", agency="区医保局", jurisdiction="重庆市渝北区")
    mine = [r for r in rows if r["plan"] == SEED_000]
    # seed 000 line 465: 17. 深化医疗服务价格改革 … 牵头 区医保局, 持续推进: its table's two
    # rows name 区医保局 as lead, so those are the facts (the task is their context), once each
    assert [{key: r[key] for key in ("task", "row", "title", "role", "deadline")}
            for r in mine if r["task"] == "17"] == [
        {"task": "17", "row": row, "title": "深化医疗服务价格改革", "role": "lead",
         "deadline": "ongoing"} for row in (1, 2)]
    # each fact once: no task listed both for itself and for one of its rows
    assert not {r["task"] for r in mine if r["row"] is None} & {
        r["task"] for r in mine if r["row"] is not None}
    assert len({(r["task"], r["row"], r["role"]) for r in mine}) == len(mine)
    # task 8's table: the 日间手术 row (line 241) names 区医保局 as lead, the 临床药师 row
    # (line 256) as cooperating, both by 2025
    rows_of_8 = [r for r in mine if r["task"] == "8" and r["row"] is not None]
    assert [(r["role"], r["deadline"]) for r in rows_of_8] == [
        ("lead", "2025"), ("cooperating", "2025")]
    text = (ROOT / "samples/plans/000_e81826a0173922c6.txt").read_text(encoding="utf-8")
    for row in mine:   # every answer points at the agency's name in the source
        assert "区医保局" in text[row["span_start"]:row["span_end"]] or \
            "医保" in text[row["span_start"]:row["span_end"]]
    # an alias finds the same agency; another jurisdiction's 区医保局 is apart
    tianjin = answer(stores, "agency-portfolio", agency="区医保局", jurisdiction="天津市北辰区")
    assert {r["task"] for r in tianjin} == {"三.(三)", "五.(四)", "五.(五)"}
    assert {r["role"] for r in tianjin} == {"responsible"}


def test_agency_load_ranks_the_health_commission_first(stores):
    rows = answer(stores, "agency-load", jurisdiction="重庆市渝北区")
    first = rows[0]
    assert (first["agency"], first["leads"]) == ("区卫生健康委", 23)
    assert first["total_tasks"] == 2 * first["tasks"]   # the sibling plan repeats seed 000
    assert {r["plan"] for r in rows if r["agency"] == "区卫生健康委"} == {SEED_000, SIBLING}


def test_unowned_tasks_are_the_party_building_rows_and_the_safeguards(stores):
    rows = answer(stores, "unowned-tasks")
    by_plan = {}
    for row in rows:
        by_plan.setdefault(row["plan"], []).append(row)
    # seed 003: the three 组织实施 items name no unit
    assert [(r["task"], r["title"]) for r in by_plan[SEED_003]] == [
        ("三.(一)", "强化组织领导"), ("三.(二)", "健全工作机制"), ("三.(三)", "加强宣传引导")]
    # seed 000: five rows of the party-building tasks have an empty 牵头单位 cell
    rows_000 = by_plan[SEED_000]
    assert len(rows_000) == 5 and all(r["row"] is not None for r in rows_000)
    assert {r["task"] for r in rows_000} <= {"22", "23", "24", "25"}
    assert any("双培养" in r["text"] for r in rows_000)


def test_diffuse_responsibility(stores):
    rows = answer(stores, "diffuse-responsibility", min_units=5)
    seeds = [r for r in rows if r["plan"] in (SEED_000, SEED_002, SEED_003)]
    assert [(r["plan"], r["title"], r["units"]) for r in seeds] == [
        (SEED_003, "促进医养结合", 5)]
    assert seeds[0]["agencies"] == sorted(seeds[0]["agencies"])
    assert "区民政局" in seeds[0]["agencies"]
    # seed 001 has no doc number: its rows name the plan by its title. Every task of it names
    # its units in one 〔…按职责分工负责〕 clause, none as lead; count those with five or more
    record = extract_plan(ROOT / "samples" / "plans" / "001_303be1dcb507608d.txt").to_dict()
    diffuse = {t["id"] for t in record["tasks"] if len(t["responsible"]) >= 5}
    guangyuan = [r for r in rows if r["plan"] == SEED_001]
    assert {r["task"] for r in guangyuan} == diffuse and len(diffuse) >= 10
    # line 45: 22.关心关爱医务人员 … 〔市委组织部、市委政法委、…和各县（区）人民政府按职责分工负责〕
    assert next(r for r in guangyuan if r["task"] == "22")["units"] == 8


def test_co_responsibility(stores):
    rows = answer(stores, "co-responsibility", jurisdiction="重庆市渝北区")
    assert (rows[0]["first"], rows[0]["second"]) == ("区卫生健康委", "区财政局")
    assert rows[0]["plans"] == 2


def test_due_by_lists_ongoing_items_after_each_agencys_dated_ones(stores):
    """Agency by agency (name, jurisdiction); within one, dated items by due, then its ongoing
    ones (持续推进); items naming no agency after every agency's."""
    rows = answer(stores, "due-by", year=2025)
    dues = [r["due"] for r in rows]
    assert "ongoing" in dues
    owned = [r for r in rows if r["agency"] is not None]
    assert rows[:len(owned)] == owned and all(r["role"] == "unowned" for r in rows[len(owned):])
    order = [(r["agency"], r["jurisdiction"], r["due"] == "ongoing", r["due"]) for r in owned]
    assert order == sorted(order)
    # an agency with both: its dated items, then its ongoing ones
    both = next(r["agency"] for r in owned if r["due"] == "ongoing" and any(
        o["agency"] == r["agency"] and o["due"] != "ongoing" for o in owned))
    its = [r["due"] for r in owned if r["agency"] == both and r["jurisdiction"] == "重庆市渝北区"]
    assert its.index("ongoing") > max(i for i, due in enumerate(its) if due != "ongoing")
    assert all(due == "ongoing" or int(due[:4]) <= 2025 for due in dues)
    assert not any(r["plan"] == SEED_003 for r in rows)   # 003 is due in 2027
    # task 15 (改革薪酬分配制度): its two rows, each led by one of the two agencies the task
    # names as leads, are the facts now (each fact once), cooperating agencies with them
    salary = [r for r in rows if r["plan"] == SEED_000 and r["task"] == "15"]
    assert {r["agency"] for r in salary if r["role"] == "lead"} == {"区人力社保局", "区卫生健康委"}
    assert {r["row"] for r in salary} == {1, 2} and "区财政局" in {
        r["agency"] for r in salary if r["role"] == "cooperating"}
    later = answer(stores, "due-by", year=2027)
    assert any(r["plan"] == SEED_003 and r["due"].startswith("2027") for r in later)


def test_due_by_has_every_role_the_unowned_rows_and_dated_targets(stores):
    """Issue 17: cooperating agencies with their role, rows naming no unit as unowned, and a
    deadline written in the task's text (seed 000 task 19, line 509: 2023年底前，三级医院预约
    诊疗率达50%以上, while its table row says 持续推进)."""
    rows = [r for r in answer(stores, "due-by", year=2023) if r["plan"] == SEED_000]
    target = [r for r in rows if r["task"] == "19" and r["target"]]
    assert [(r["agency"], r["role"], r["due"], r["target"]) for r in target] == [
        ("区卫生健康委", "responsible", "2023", "三级医院预约诊疗率 50%以上")]
    text = (ROOT / "samples/plans/000_e81826a0173922c6.txt").read_text(encoding="utf-8")
    assert "2023年底前，三级医院预约诊疗率达50%以上" in text[target[0]["span_start"] - 40:
                                                          target[0]["span_end"] + 40]
    later = [r for r in answer(stores, "due-by", year=2025) if r["plan"] == SEED_000]
    # tasks 23 and 24 (party building): five 2025 rows whose 牵头单位 cell is empty
    unowned = [(r["task"], r["row"]) for r in later if r["role"] == "unowned"]
    assert unowned == [("23", 3), ("23", 4), ("24", 2), ("24", 3), ("24", 4)]
    assert all(r["agency"] is None for r in later if r["role"] == "unowned")
    roles = {r["role"] for r in later}
    assert {"lead", "cooperating", "unowned"} <= roles
    # task 8's 日间手术 row (line 241): 区医保局 leads it, by 2025
    assert ("区医保局", "lead", "8", 2) in {(r["agency"], r["role"], r["task"], r["row"])
                                          for r in later}
    # each fact once: no (task, row, agency, role, target) twice
    keys = [(r["task"], r["row"], r["agency"], r["role"], r["target"]) for r in later]
    assert len(keys) == len(set(keys))


def test_indicator_targets(stores):
    rows = answer(stores, "indicator-targets", agency="区卫生健康委")
    centre = next(r for r in rows if r["indicator"] == "市级区域医疗中心" and r["plan"] == SEED_000)
    # seed 000 indicator table row 1: 2021 —, 2023 0, 2025 1 (个)
    assert (centre["unit"], centre["baseline"], centre["targets"]) == (
        "个", ["2021: —"], ["2023: 0", "2025: 1"])
    ratio = next(r for r in rows if r["indicator"] == "建成甲级基层医疗机构的比例")
    assert (ratio["plan"], ratio["targets"]) == (SEED_003, ["2027: 70"])


def test_hospital_tasks(stores):
    rows = answer(stores, "hospital-tasks", hospital="区人民医院")
    assert (SEED_003, "1", "完善优质医疗卫生机构功能布局") in {
        (r["plan"], r["task"], r["title"]) for r in rows}
    assert all("区人民医院" in r["hospital"] for r in rows)


def test_lineage_citations_siblings_and_implementers(stores):
    lineage = answer(stores, "plan-lineage", plan=SEED_000)
    # the plan states two parents; the registry infers that both carry out 国办发〔2021〕18号
    # (their titles carry its subject, 推动公立医院高质量发展): each hop says which it is
    assert {(r["hops"], r["document"], tuple(r["statuses"])) for r in lineage} == {
        (1, "渝府办发〔2022〕5号", ("stated",)), (1, "渝医改办函〔2022〕2号", ("stated",)),
        (2, "国办发〔2021〕18号", ("stated", "inferred"))}
    assert all(r["quote"] and r["source_path"].endswith("000_e81826a0173922c6.txt")
               for r in lineage if r["hops"] == 1)
    inferred = [r for r in lineage if r["hops"] == 2]
    assert all(r["rules"][0].startswith("title-theme: the title carries the subject of "
                                        "国办发〔2021〕18号 (推动公立医院高质量发展)")
               for r in inferred) and len(inferred) == 2
    assert inferred[0]["source_path"] == "policykg:loaders/data/parent-documents.toml"
    assert inferred[0]["quote"].startswith('title = "重庆市')
    citations = answer(stores, "plan-citations", plan=SEED_000)
    assert [(r["relation"], r["document"]) for r in citations][:2] == [
        ("implements", "渝府办发〔2022〕5号"), ("implements", "渝医改办函〔2022〕2号")]
    assert ("references", "重庆市委办公厅关于加强公立医院党的建设工作的实施意见") in {
        (r["relation"], r["title"]) for r in citations}
    siblings = answer(stores, "sibling-plans", plan=SEED_000)
    assert {(r["parent"], r["sibling"]) for r in siblings} == {
        ("渝府办发〔2022〕5号", SIBLING), ("渝医改办函〔2022〕2号", SIBLING)}
    implementers = answer(stores, "implementers", document="渝府办发〔2022〕5号")
    assert [(r["plan"], r["hops"]) for r in implementers] == [(SEED_000, 1), (SIBLING, 1)]
    assert answer(stores, "implementers", document="中办发〔2023〕10号")[0]["plan"] == SEED_003
    # a title finds the plan as well as its doc number; the registry of parent documents
    # carries the lineage on: 渝府办发〔2023〕76号 implements 中办发〔2023〕10号 (national)
    title = answer(stores, "plan-lineage", plan="沙坪坝区进一步完善医疗卫生服务体系实施方案")
    assert [(r["hops"], r["chain"], r["level"], r["statuses"]) for r in title] == [
        (1, [SEED_003, "中办发〔2023〕10号"], "national", ["stated"]),
        (1, [SEED_003, "渝府办发〔2023〕76号"], "provincial", ["stated"]),
        (2, [SEED_003, "渝府办发〔2023〕76号", "中办发〔2023〕10号"], "national",
         ["stated", "confirmed"])]
    assert title[2]["source_path"] == "policykg:loaders/data/parent-documents.toml"
    assert title[2]["quote"] == 'implements = ["中办发〔2023〕10号"]'


def test_same_task_across_plans(stores):
    rows = answer(stores, "same-task-across-plans", title="改革薪酬分配制度")
    found = {(r["jurisdiction"], r["plan"], r["task"]): r["units"] for r in rows}
    # 002: 五.(二) （区人力社保局、区卫生健康委、区财政局按职责分工负责）
    assert found[("天津市北辰区", SEED_002, "五.(二)")] == [
        "区人力社保局（负责）", "区卫生健康委（负责）", "区财政局（负责）"]
    assert "区财政局（配合）" in found[("重庆市渝北区", SEED_000, "15")]


def test_task_evidence_points_at_the_sentences(stores):
    rows = answer(stores, "task-evidence", task="改革薪酬分配制度", plan=SEED_002)
    text = (ROOT / "samples/plans/002_449abcde8801a72e.txt").read_text(encoding="utf-8")
    assert rows[0]["fact"] == "task"
    assert {r["agency"] for r in rows[1:]} == {"区人力社保局", "区卫生健康委", "区财政局"}
    flat = "".join(text.split())   # quotes are read across the PDF's line breaks
    for row in rows:
        assert row["source_sha256"] and row["span_end"] > row["span_start"]
        assert "".join(row["quote"].split()) in flat
        span = "".join(text[row["span_start"]:row["span_end"]].split())
        if row["fact"] == "task":   # the task's span is its paragraph, the quote its title
            assert row["quote"] in span
        else:   # the span holds the name as written (区人社局 for 区人力社保局) in the clause
            assert span in row["quote"]
    assert rows[0]["quote"] == "改革薪酬分配制度"


INJECTIONS = ["x' OR 1=1 //", "}) DETACH DELETE n //", "区医保局'}) MATCH (n) DETACH DELETE n //"]


@pytest.mark.parametrize("value", INJECTIONS)
def test_injected_values_return_nothing_and_change_nothing(stores, value):
    for engine, store in stores.items():
        before = store.counts()
        for name in ("agency-portfolio", "plan-lineage", "task-evidence", "hospital-tasks"):
            query = QUERIES[name]
            values = {p.name: value for p in query.parameters if p.kind == "string"}
            assert run(store, query, values) == [], (engine, name)
        assert store.counts() == before, engine


def test_parameters_are_checked():
    query = QUERIES["due-by"]
    with pytest.raises(QueryError, match="missing parameter year"):
        query.bind({})
    with pytest.raises(QueryError, match="must be a whole number"):
        query.bind({"year": "next"})
    with pytest.raises(QueryError, match="unknown parameter agency"):
        query.bind({"year": "2025", "agency": "区医保局"})


def test_cli_query_and_queries(stores, corpus, tmp_path, monkeypatch):
    monkeypatch.delenv("NEO4J_URI", raising=False)
    runner = CliRunner()
    store = tmp_path / "store"
    assert runner.invoke(cli, ["build", str(corpus), "--store", str(store)]).exit_code == 0
    listed = runner.invoke(cli, ["queries"])
    assert listed.exit_code == 0
    assert all(name in listed.output for name in QUERIES)
    assert "agency-portfolio  agency [jurisdiction]" in listed.output
    result = runner.invoke(cli, ["query", "plan-lineage", "-p", f"plan={SEED_000}",
                                 "--store", str(store), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert {r["document"] for r in json.loads(result.output)} == {
        "渝府办发〔2022〕5号", "渝医改办函〔2022〕2号", "国办发〔2021〕18号"}   # the last inferred
    table = runner.invoke(cli, ["query", "diffuse-responsibility", "-p", "min_units=5",
                                "--store", str(store)])
    as_json = runner.invoke(cli, ["query", "diffuse-responsibility", "-p", "min_units=5",
                                  "--store", str(store), "--format", "json"])
    diffuse = json.loads(as_json.output)
    assert "促进医养结合" in table.output and f"({len(diffuse)} rows)" in table.output
    assert any(r["title"] == "促进医养结合" and r["plan"] == SEED_003 for r in diffuse)
    csv_out = runner.invoke(cli, ["query", "diffuse-responsibility", "-p", "min_units=5",
                                  "--store", str(store), "--format", "csv", "--no-bom",
                                  "--headers", "en"])
    assert csv_out.output.splitlines()[0].startswith("plan,task,title,units,agencies")
    assert "区住房城乡建委、" in csv_out.output
    # the default: what Excel on a Chinese Windows opens right (issue 17): a UTF-8 BOM,
    # Chinese headers, roles as 牵头/配合/责任
    excel = runner.invoke(cli, ["query", "agency-portfolio", "-p", "agency=区医保局", "-p",
                                "jurisdiction=重庆市渝北区", "--store", str(store),
                                "--format", "csv"])
    assert excel.exit_code == 0, excel.output
    data = excel.stdout_bytes
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0].split(",")[:3] == ["部门", "行政区划", "方案"] and "角色" in lines[0]
    assert any(",牵头," in line and "深化医疗服务价格改革" in line for line in lines[1:])
    assert not any(",lead," in line for line in lines)
    missing = runner.invoke(cli, ["query", "due-by", "--store", str(store)])
    assert missing.exit_code == 1
    assert "missing parameter year (e.g. -p year=2025)" in missing.output
    unknown = runner.invoke(cli, ["query", "who-knows", "--store", str(store)])
    assert unknown.exit_code == 1 and "no saved query 'who-knows'" in unknown.output


PAGED = sorted(name for name, query in QUERIES.items() if query.paged)


def test_the_whole_corpus_lists_are_paged():
    assert {"agency-load", "diffuse-responsibility", "due-by", "indicator-targets",
            "unowned-tasks", "search-tasks"} <= set(PAGED)
    assert "plan-lineage" not in PAGED   # one plan's answer: short by nature


@pytest.mark.parametrize("name", PAGED)
def test_a_paged_list_read_a_page_at_a_time_gives_every_row_once_and_its_total(stores, name):
    query = QUERIES[name]
    values = query.example_parameters()
    whole = answer(stores, name, **{**values, "limit": 100_000})
    assert answer(stores, name, **values) == whole[:1000]   # the default page
    pages: list[dict] = []
    for skip in range(0, len(whole) + 7, 7):
        pages += answer(stores, name, **{**values, "skip": skip, "limit": 7})
    assert pages == whole
    for engine, store in stores.items():
        assert total(store, query, query.bind(values)) == len(whole), engine
