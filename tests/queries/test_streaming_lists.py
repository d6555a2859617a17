"""Whole-corpus lists that stream (issue 19, item 4): unowned-tasks and search-tasks go plan by
plan in key order, hospital-tasks hospital by hospital in name order, each from an index scan,
so a page of 1,000 rows reads the plans (hospitals) it shows, not the whole corpus (at 200
plans, search-tasks' first page: 146,563 db hits before, 18,825 after).

Checked here: on Neo4j the plan reads the index in order and ends in PartialTop (sorting
only within one plan or hospital), never Top or Sort over every row; the rows are in the
order the query says (plan key, then place in the text), the same on both engines."""

from __future__ import annotations

from pathlib import Path

import pytest

from policykg.queries.saved import load_all
from tests.bothstores import both_stores

SEEDS = sorted((Path(__file__).resolve().parents[2] / "samples" / "plans").glob("*.txt"))
QUERIES = load_all()
STREAMING = {  # query -> (parameters, the index its order comes from)
    "unowned-tasks": ({}, "p:Document(key)"),
    "search-tasks": ({"words": "医院"}, "p:Document(key)"),
    "hospital-tasks": ({"hospital": None}, "h:Hospital(name)"),
}


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


def test_hospital_tasks_come_by_hospital_name_then_plan_key(stores):
    saved = QUERIES["hospital-tasks"]
    params = {**saved.example_parameters(), "hospital": None, "skip": 0, "limit": 1000}
    rows = {engine: store.read(saved.cypher, params) for engine, store in stores.items()}
    assert rows["neo4j"] == rows["embedded"]
    keys = plan_keys(stores["embedded"])
    order = [(row["hospital"], keys[row["plan"]], row["span_start"])
             for row in rows["embedded"]]
    assert len({hospital for hospital, _, _ in order}) >= 3 and order == sorted(order)
