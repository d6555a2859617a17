"""The GraphML export loads in networkx with every node and relationship of the model."""

from __future__ import annotations

import io
import json
from pathlib import Path

import networkx as nx
import pytest

from policykg.graph.build import records_to_graph
from policykg.graph.model import DocumentGraph, GraphModel, Label, Node, Rel, Relationship
from policykg.graph.sinks.graphml import export_graphml, to_networkx
from policykg.loaders.plan import extract_plan

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "plans"
PLAN = "document:渝北府办发〔2022〕40号"


@pytest.fixture(scope="module")
def model() -> GraphModel:
    return records_to_graph([extract_plan(p) for p in sorted(SAMPLES.glob("*.txt"))])


@pytest.fixture(scope="module")
def graphml(model) -> str:
    return export_graphml(model)


@pytest.fixture(scope="module")
def loaded(graphml) -> nx.MultiDiGraph:
    return nx.read_graphml(io.StringIO(graphml), force_multigraph=True)


def test_loads_with_every_node_and_relationship(model, loaded):
    assert isinstance(loaded, nx.MultiDiGraph)
    assert loaded.number_of_nodes() == len(model.nodes())
    assert loaded.number_of_edges() == len(model.relationships())
    assert set(loaded.nodes) == set(model.nodes())
    assert {k for _, _, k in loaded.edges(keys=True)} == {r.key for r in model.relationships()}


def test_node_labels_and_properties(loaded):
    plan = loaded.nodes[PLAN]
    assert plan["labels"] == ":Document:Plan"
    assert plan["doc_number"] == "渝北府办发〔2022〕40号"
    assert plan["loaded"] is True
    assert plan["span_start"] < plan["span_end"]  # the node's evidence, flattened
    assert len(plan["source_sha256"]) == 64
    assert isinstance(json.loads(plan["warnings"]), list)  # a list is a JSON string
    agency = loaded.nodes["agency:重庆市渝北区:区卫生健康委"]
    assert agency["labels"] == ":Agency"
    assert json.loads(agency["aliases"]) == ["区卫健委", "区卫生健康", "区卫生健康委康委"]


def test_none_is_left_out(model, loaded):
    value = next(n for n in model.nodes().values()
                 if n.label == Label.INDICATOR_VALUE and n.properties["year"] is None)
    assert "year" not in loaded.nodes[value.key]
    assert loaded.nodes[value.key]["value"] == value.properties["value"]


def test_edges_carry_type_order_and_evidence(loaded):
    task = f"task:{PLAN}:17"
    leads = [(u, d) for u, _, d in loaded.in_edges(task, data=True) if d["label"] == "LEADS"]
    assert [(u, d["order"], d["quote"]) for u, d in leads] == [
        ("agency:重庆市渝北区:区医保局", 1, "区医保局")]
    within = loaded.get_edge_data("jurisdiction:重庆市渝北区", "jurisdiction:重庆市")
    assert [d["label"] for d in within.values()] == ["WITHIN"]
    assert all(d["structural"] for d in within.values())


def test_same_model_same_bytes(model, graphml):
    assert export_graphml(model) == graphml
    assert graphml.startswith("<?xml version='1.0' encoding='utf-8'?>")


def tiny(properties: dict) -> GraphModel:
    nodes = [Node("a", Label.AGENCY, properties), Node("b", Label.TASK, {"title": "任务"})]
    relationships = [Relationship(Rel.LEADS, "a", "b", {"order": 1})]
    return GraphModel([DocumentGraph("x.txt", "0" * 64, "x", nodes, relationships)])


def test_characters_xml_cannot_hold_are_replaced():
    # a form feed from a PDF page break would make the file unreadable
    graph = nx.read_graphml(io.StringIO(export_graphml(tiny({"name": "区\x0c卫生健康委"}))))
    assert graph.nodes["a"]["name"] == "区\ufffd卫生健康委"


def test_reserved_attribute_names_are_refused():
    with pytest.raises(ValueError, match=r"\['labels'\] are reserved"):
        to_networkx(tiny({"labels": "x"}))
