"""The responsibility matrix read from the store: every task and table row of the plan in the
document's order, every role relationship of the graph as exactly one mark (and no other), the
evidence of each mark on the line of the source file it names; a jurisdiction's plans with
shared agency names told apart; the page escaped, self-contained and the same bytes each time."""

import re
from collections import Counter
from itertools import pairwise
from pathlib import Path

import pytest
from click.testing import CliRunner

from policykg.cli import cli
from policykg.graph.maps import MapError, draw_matrix, matrix_of, render_matrix
from policykg.graph.maps.common import ROLE_TYPES
from policykg.graph.stores.neo4j_store import Neo4jStore
from policykg.loaders.plan import extract_plan
from tests.maps.conftest import HOSTILE_PLAN, IMG, ROOT, SCRIPT, SEED_000_FILE
from tests.seedlib import BUNDLED

SEED_000 = "渝北府办发〔2022〕40号"
CHONGQING = "重庆市"


@pytest.fixture(scope="module")
def record():
    return extract_plan(SEED_000_FILE).to_dict()


@pytest.fixture(scope="module")
def matrix(seed_store):
    return draw_matrix(seed_store, SEED_000)


def plan_key(graph, reference: str) -> str:
    return next(key for key, data in graph.nodes(data=True)
                if "Plan" in data["labels"] and data["props"].get("doc_number") == reference)


def role_relationships(graph, plans: set[str]) -> list[tuple[str, str, str]]:
    """(agency, task or row, role) for every role relationship reaching a node of the plans."""
    return [(start, end, ROLE_TYPES[data["type"]])
            for start, end, data in graph.edges(data=True)
            if data["type"] in ROLE_TYPES and graph.nodes[end]["props"].get("plan") in plans]


def test_seed_000_has_its_29_tasks_and_94_rows_in_document_order(matrix, record):
    assert matrix.title == "重庆市渝北区推动公立医院高质量发展实施方案"
    assert [row.number for row in matrix.tasks] == [task["number"] for task in record["tasks"]]
    assert len(matrix.tasks) == len(record["tasks"]) == 29
    rows = [row for row in matrix.rows if row.kind == "row"]
    assert len(rows) == sum(len(task["assignments"]) for task in record["tasks"]) == 94
    # each task is followed by its own table rows, in the table's order
    expected = []
    for task in record["tasks"]:
        expected.append(("task", task["title"]))
        expected += [("row", row["text"]) for row in task["assignments"]]
    assert [(row.kind, row.text) for row in matrix.rows] == expected
    assert all(row.task == previous.task for previous, row in pairwise(matrix.rows)
               if row.kind == "row")


def test_every_role_relationship_is_exactly_one_mark(matrix, seed_graph, record):
    expected = role_relationships(seed_graph, {plan_key(seed_graph, SEED_000)})
    assert expected and Counter(matrix.marks()) == Counter(expected)
    assert max(Counter(matrix.marks()).values()) == 1
    # every agency the plan names, and every role mark, appears
    units = {unit["agency"] for task in record["tasks"] for unit in task["responsible"]} | {
        unit["agency"] for task in record["tasks"] for row in task["assignments"]
        for unit in row["responsible"]}
    assert {column.name for column in matrix.columns} == units
    roles = {unit["role"] for task in record["tasks"] for unit in task["responsible"]} | {
        unit["role"] for task in record["tasks"] for row in task["assignments"]
        for unit in row["responsible"]}
    assert {role for _, _, role in matrix.marks()} == roles


def test_columns_go_by_load_then_name(matrix):
    loads = Counter(agency for agency, _, _ in matrix.marks())
    assert [column.load for column in matrix.columns] == [loads[c.key] for c in matrix.columns]
    keys = [(-column.load, column.name) for column in matrix.columns]
    assert keys == sorted(keys)
    assert all(sum(column.roles.values()) == column.load for column in matrix.columns)


def test_each_mark_names_the_line_its_agency_is_written_on(matrix):
    texts: dict[str, str] = {}
    checked = 0
    for row in matrix.rows:
        for marks in row.cells.values():
            for mark in marks:
                found = mark.evidence
                text = texts.setdefault(found.file, (ROOT / found.file).read_text("utf-8"))
                assert text[:found.span_start].count("\n") + 1 == found.line
                written = text[found.span_start:found.span_end]
                assert re.sub(r"\s", "", written) == found.written
                assert found.written in text.split("\n")[found.line - 1]
                assert found.written in found.sentence
                checked += 1
    assert checked == len(matrix.marks())


def test_task_17_is_led_by_the_medical_insurance_bureau(matrix, seed_graph):
    task = next(row for row in matrix.tasks if row.number == "17")
    assert task.text == "深化医疗服务价格改革" and task.deadline == "持续推进"
    leads = [(agency, marks) for agency, marks in task.cells.items()
             if any(mark.role == "lead" for mark in marks)]
    assert [seed_graph.nodes[agency]["props"]["name"] for agency, _ in leads] == ["区医保局"]
    evidence = leads[0][1][0].evidence
    assert evidence.file.endswith("samples/plans/000_e81826a0173922c6.txt")
    assert "17.深化医疗服务价格改革。" in evidence.sentence


def test_the_part_read_equals_the_whole_snapshot(seed_store, seed_graph):
    for plan, jurisdiction in ((SEED_000, None), ("北辰区推动公立医院高质量发展实施方案", None),
                               (None, CHONGQING), (None, "重庆市渝北区")):
        assert render_matrix(draw_matrix(seed_store, plan, jurisdiction)) == \
            render_matrix(matrix_of(seed_graph, plan, jurisdiction))


def test_a_jurisdiction_takes_the_plans_of_its_places_and_labels_shared_names(seed_store,
                                                                               seed_graph):
    drawn = draw_matrix(seed_store, jurisdiction=CHONGQING)
    plans = {key for key, data in seed_graph.nodes(data=True) if "Plan" in data["labels"]
             and str(data["props"].get("jurisdiction")).startswith(CHONGQING)}
    assert len(plans) == 2 and {plan["key"] for plan in drawn.plans} == plans
    assert Counter(drawn.marks()) == Counter(role_relationships(seed_graph, plans))
    names = Counter(column.name for column in drawn.columns)
    shared = [column for column in drawn.columns if names[column.name] > 1]
    assert {column.name for column in shared} >= {"区医保局", "区卫生健康委"}
    for column in drawn.columns:
        expected = f"{column.name} ({column.jurisdiction})" if names[column.name] > 1 \
            else column.name
        assert column.label == expected
    # one plan alone: no name is shared, none is labelled
    assert all(c.label == c.name for c in draw_matrix(seed_store, SEED_000).columns)


def test_unknown_plan_or_jurisdiction_is_a_map_error(seed_store):
    with pytest.raises(MapError, match=r"no plan '京政办发〔2099〕1号'.*渝北府办发〔2022〕40号"):
        draw_matrix(seed_store, "京政办发〔2099〕1号")
    with pytest.raises(MapError, match=r"no jurisdiction '上海市'.*重庆市渝北区"):
        draw_matrix(seed_store, jurisdiction="上海市")
    with pytest.raises(MapError, match="exactly one"):
        draw_matrix(seed_store)


def test_the_page_is_self_contained_and_the_same_bytes(seed_store, matrix):
    html = render_matrix(matrix)
    assert html == render_matrix(draw_matrix(seed_store, SEED_000))
    assert "default-src 'none'" in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "innerHTML" not in html and "insertAdjacentHTML" not in html
    assert html.count("<script") == 2


def test_markup_in_task_titles_is_escaped(hostile_graph):
    drawn = matrix_of(hostile_graph, HOSTILE_PLAN)
    assert {IMG, SCRIPT} <= {row.text for row in drawn.tasks}
    html = render_matrix(drawn)
    assert IMG not in html and SCRIPT not in html and "<img" not in html
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in html
    assert html.count("<script") == 2


def test_cli_writes_the_matrix_and_names_candidates(seed_store, tmp_path):
    runner = CliRunner()
    store = str(tmp_path / "store")
    built = runner.invoke(cli, ["build", str(ROOT / "samples" / "plans"), "--store", store])
    assert built.exit_code == 0, built.output
    for args in (["--plan", "渝北府办发[2022]40号"], ["--jurisdiction", "重庆"]):
        out = tmp_path / "matrix.html"
        result = runner.invoke(cli, ["map", "matrix", *args, "--store", store, "-o", str(out)])
        assert result.exit_code == 0, result.output
        drawn = draw_matrix(seed_store, SEED_000) if args[0] == "--plan" \
            else draw_matrix(seed_store, jurisdiction=CHONGQING)
        assert f"{len(drawn.tasks)} tasks, {len(drawn.rows) - len(drawn.tasks)} table rows, " \
            f"{len(drawn.columns)} agencies, {len(drawn.marks())} marks" in result.output
        assert out.read_text(encoding="utf-8") == render_matrix(drawn)
    result = runner.invoke(cli, ["map", "matrix", "--plan", "京政办发〔2099〕1号", "--store",
                                 store, "-o", str(tmp_path / "x.html")])
    assert result.exit_code == 1 and "did you mean" in result.output
    assert result.output.count("\n") == 1 and SEED_000 in result.output
    result = runner.invoke(cli, ["map", "matrix", "--jurisdiction", "上海", "--store", store,
                                 "-o", str(tmp_path / "x.html")])
    assert result.exit_code == 1 and "重庆市渝北区" in result.output
    for args in ([], ["--plan", SEED_000, "--jurisdiction", CHONGQING]):
        result = runner.invoke(cli, ["map", "matrix", *args, "--store", store,
                                     "-o", str(tmp_path / "x.html")])
        assert result.exit_code == 2 and "exactly one of --plan and --jurisdiction" in \
            result.output
    assert not (tmp_path / "x.html").exists()


def test_neo4j_gives_the_same_matrix(seed_store, neo4j_settings):
    from policykg.builder import build

    store = Neo4jStore(**{k: v for k, v in neo4j_settings.items() if k != "env"})
    try:
        store.driver.execute_query("MATCH (n) DETACH DELETE n")
        assert build(store, [Path(path) for path in BUNDLED]).failed == []
        for plan, jurisdiction in ((SEED_000, None), (None, CHONGQING)):
            assert render_matrix(draw_matrix(store, plan, jurisdiction)) == \
                render_matrix(draw_matrix(seed_store, plan, jurisdiction))
    finally:
        store.close()
