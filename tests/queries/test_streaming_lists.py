"""Whole-corpus lists that stream (issue 19, item 4): unowned-tasks, search-tasks and
diffuse-responsibility go plan by plan in key order, hospital-tasks hospital by hospital in
name order, due-by and indicator-targets agency by agency in (name, jurisdiction) order, each
from an index scan, so a page of 1,000 rows reads the plans (hospitals, agencies) it shows,
not the whole corpus (at 200 plans, search-tasks' first page: 146,563 db hits before, 18,825
after). due-by and indicator-targets read what names no agency only when the agencies' rows
end within the page. agency-load goes agency by agency from the largest kept total down
(`total_tasks`, which the writers keep: graph/cypher.py).

Checked here: on Neo4j the plan reads the index in order and ends in PartialTop (sorting
only within one plan or hospital), never Top or Sort over every row; the rows are in the
order the query says (plan key, then place in the text), the same on both engines."""

from __future__ import annotations

from pathlib import Path

import pytest

from policykg.queries.saved import load_all, plain, run
from tests.bothstores import both_stores

SEEDS = sorted((Path(__file__).resolve().parents[2] / "samples" / "plans").glob("*.txt"))
QUERIES = load_all()
STREAMING = {  # query -> (parameters, the index its order comes from)
    "unowned-tasks": ({}, "p:Document(key)"),
    "search-tasks": ({"words": "医院"}, "p:Document(key)"),
    "hospital-tasks": ({"hospital": None}, "h:Hospital(name)"),
    "diffuse-responsibility": ({"min_units": 2}, "p:Document(key)"),
}
# agency by agency, then (only when the page is not full) what names no agency: merged by
# a sort of at most 2 x ($skip + $limit) rows
# (parameters, the index the order comes from, how many times a ten-row page must read less
# than the whole list on the bundled plans: few agencies of many, or 2 of 5 plans; four
# agencies share the largest total, 26 tasks, and agency-load reads all four)
BY_AGENCY = {"due-by": ({"year": 2025}, "a:Agency(name)", 4),
             # agencies by their kept total, most tasks first
             "agency-load": ({"jurisdiction": None}, "a:Agency(total_tasks)", 1.5),
             "indicator-targets": ({"agency": None}, "a:Agency(name)", 4),
             # plan by plan in jurisdiction order; plans placed in none after
             "same-task-across-plans": ({"title": "医疗"}, "p:Document(jurisdiction)", 1.5)}
REFERENCE = Path(__file__).resolve().parent / "reference"


@pytest.fixture(scope="module")
def stores(neo4j_settings, tmp_path_factory):
    yield from both_stores(neo4j_settings, SEEDS, tmp_path_factory.mktemp("store"))


def operators(plan: dict) -> list[tuple[str, str]]:
    """(operator, details) of every operator of an EXPLAIN plan, depth first."""
    found = [(plan["operatorType"].split("@")[0], plan["args"].get("Details", ""))]
    for child in plan.get("children", []):
        found += operators(child)
    return found


@pytest.mark.parametrize("name", sorted(STREAMING))
def test_the_first_page_streams_from_an_index_on_neo4j(stores, name):
    params, index = STREAMING[name]
    saved = QUERIES[name]
    values = {**saved.example_parameters(), **params, "skip": 0, "limit": 1000}
    with stores["neo4j"].driver.session() as session:
        plan = session.run("EXPLAIN " + saved.cypher, values).consume().plan
    used = operators(plan)
    names = [operator for operator, _ in used]
    assert "PartialTop" in names, used
    # no sort of every row by the list's order (hospital-tasks sorts each task's agencies)
    assert "Top" not in names
    assert not any(operator == "Sort" and ("p.key" in details or "hospital" in details)
                   for operator, details in used)
    assert any(operator == "NodeIndexScan" and index in details for operator, details in used)
    assert "NodeByLabelScan" not in names


def plan_keys(store) -> dict[str, str]:
    """The plan column's value (doc number, else title) -> the plan's key."""
    rows = store.read("MATCH (p:Document:Plan) RETURN coalesce(p.doc_number, p.title) AS plan, "
                      "p.key AS key")
    return {row["plan"]: row["key"] for row in rows}


@pytest.mark.parametrize("name", ["unowned-tasks", "search-tasks"])
def test_plan_lists_come_in_plan_key_order_on_both_engines(stores, name):
    """Plans in key order (document:<doc number>, document:title:<title>: a plan named by its
    title only comes before the numbered ones), then by place in the text."""
    params = {**QUERIES[name].example_parameters(), **STREAMING[name][0],
              "skip": 0, "limit": 1000}
    rows = {engine: store.read(QUERIES[name].cypher, params) for engine, store in stores.items()}
    assert rows["neo4j"] == rows["embedded"]
    keys = plan_keys(stores["embedded"])
    order = [(keys[row["plan"]], row["span_start"]) for row in rows["embedded"]]
    assert len(order) > 10 and order == sorted(order)
    assert len({key for key, _ in order}) >= 2
    # seeds named by title only (no doc number) come first
    titled = [key for key, _ in order if key.startswith("document:title:")]
    assert order[:len(titled)] == [item for item in order if item[0] in titled]


def test_hospital_tasks_come_by_hospital_name_jurisdiction_then_plan_key(stores):
    saved = QUERIES["hospital-tasks"]
    params = {**saved.example_parameters(), "hospital": None, "skip": 0, "limit": 1000}
    rows = {engine: store.read(saved.cypher, params) for engine, store in stores.items()}
    assert rows["neo4j"] == rows["embedded"]
    keys = plan_keys(stores["embedded"])
    # the hospital's key (hospital:<jurisdiction>:<name>) from the plan's jurisdiction
    jurisdictions = {row["plan"]: row["jurisdiction"] for row in stores["embedded"].read(
        "MATCH (p:Document:Plan) RETURN coalesce(p.doc_number, p.title) AS plan, "
        "p.jurisdiction AS jurisdiction")}
    order = [(row["hospital"], jurisdictions[row["plan"]], keys[row["plan"]], row["span_start"])
             for row in rows["embedded"]]
    assert len({hospital for hospital, *_ in order}) >= 3 and order == sorted(order)


def test_diffuse_responsibility_comes_plan_by_plan_most_agencies_first(stores):
    saved = QUERIES["diffuse-responsibility"]
    params = {"min_units": 2, "skip": 0, "limit": 1000}
    rows = {engine: store.read(saved.cypher, params) for engine, store in stores.items()}
    assert rows["neo4j"] == rows["embedded"]
    keys = plan_keys(stores["embedded"])
    order = [(keys[row["plan"]], -row["units"], row["span_start"]) for row in rows["embedded"]]
    assert len({key for key, _, _ in order}) >= 3 and order == sorted(order)
    assert all(row["units"] == len(row["agencies"]) >= 2 for row in rows["embedded"])


def profile_hits(store, cypher: str, params: dict) -> tuple[int, list[str]]:
    """db hits of a PROFILE run on Neo4j, and the operators."""
    def hits(plan: dict) -> int:
        return plan.get("dbHits", 0) + sum(hits(child) for child in plan.get("children", []))
    with store.driver.session() as session:
        plan = session.run("PROFILE " + cypher, params).consume().profile
    return hits(plan), [operator for operator, _ in operators(plan)]


@pytest.mark.parametrize("name", sorted(BY_AGENCY))
def test_merged_lists_read_only_what_a_page_shows_on_neo4j(stores, name):
    saved = QUERIES[name]
    params, index, factor = BY_AGENCY[name]
    values = {**saved.example_parameters(), **params}
    with stores["neo4j"].driver.session() as session:
        plan = session.run("EXPLAIN " + saved.cypher,
                           {**values, "skip": 0, "limit": 1000}).consume().plan
    used = operators(plan)
    assert "PartialTop" in [operator for operator, _ in used]
    # a scan of the index, or a seek of a range of it (agency-load: a total above 0)
    assert any(operator in ("NodeIndexScan", "NodeIndexSeekByRange") and index in details
               for operator, details in used), used
    small, _ = profile_hits(stores["neo4j"], saved.cypher, {**values, "skip": 0, "limit": 10})
    whole, _ = profile_hits(stores["neo4j"], saved.cypher,
                            {**values, "skip": 0, "limit": 100_000})
    # a page of ten rows reads a few agencies (plans); the whole list reads every one, and
    # what names no agency (plans placed nowhere)
    assert small * factor < whole, (small, whole)


def canonical(rows: list[dict], columns: tuple[str, ...]) -> list[tuple]:
    return sorted(tuple(repr(plain(row.get(column))) for column in columns) for row in rows)


@pytest.mark.parametrize("name, params", [
    ("due-by", {"year": 2025}), ("due-by", {"year": 2023}), ("due-by", {"year": 2027}),
    ("agency-load", {"jurisdiction": None}), ("agency-load", {"jurisdiction": "重庆市渝北区"}),
    ("indicator-targets", {"agency": None}), ("indicator-targets", {"agency": "区卫生健康委"}),
    ("diffuse-responsibility", {"min_units": 2}), ("diffuse-responsibility", {"min_units": 5}),
    ("same-task-across-plans", {"title": "医疗"}),
    ("same-task-across-plans", {"title": "推进医疗服务模式创新"}),
    ("task-evidence", {"task": "17", "plan": None}),
    ("task-evidence", {"task": "17", "plan": "渝北府办发〔2022〕40号"}),
    ("task-evidence", {"task": "改革薪酬分配制度", "plan": None})])
def test_a_streaming_list_answers_what_its_plain_form_does(stores, name, params):
    """The plain form (tests/queries/reference/: every row read, then sorted) and the
    streaming text give the same rows, on both engines."""
    saved = QUERIES[name]
    values = {**saved.example_parameters(), **params, "skip": 0, "limit": 100_000}
    reference = (REFERENCE / f"{name}.cypher").read_text(encoding="utf-8")
    for engine, store in stores.items():
        rows = run(store, saved, values)
        expected = store.read(reference, values)
        assert rows and canonical(rows, saved.columns) == canonical(expected, saved.columns), \
            engine


def test_task_evidence_with_a_plan_starts_from_the_plan_on_neo4j(stores):
    """A task named by its number or a title many plans share (17, 推进…) is found in its plan
    from the plan's doc number (an index seek), not among every task so named: the branch for
    no plan reads nothing when a plan is given."""
    saved = QUERIES["task-evidence"]
    values = {"task": "17", "plan": "渝北府办发〔2022〕40号", "skip": 0, "limit": 1000}
    with stores["neo4j"].driver.session() as session:
        plan = session.run("PROFILE " + saved.cypher, values).consume().profile

    def seeks(node: dict) -> list[tuple[str, int]]:
        found = [(node["args"].get("Details", ""), node.get("rows", 0))]
        return found + [s for child in node.get("children", []) for s in seeks(child)]
    read = [(details, rows) for details, rows in seeks(plan) if "t:Task(" in details]
    assert read and all(rows == 0 for _, rows in read), read   # the task seeks: not run
    assert any("p:Document(doc_number)" in details and rows == 1 for details, rows in seeks(plan))
    rows = run(stores["neo4j"], saved, values)
    assert {row["task"] for row in rows} == {"17"} and rows[0]["fact"] == "task"
