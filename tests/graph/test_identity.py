"""Identity: one agency one node, one cited document one node, jurisdictions kept apart."""

from pathlib import Path

import pytest

from policykg.graph.build import records_to_graph
from policykg.graph.model import Label, Rel
from policykg.loaders.plan import build_record, extract_plan
from policykg.loaders.record import PlanRecord
from policykg.loaders.source import SourceText

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "plans"


@pytest.fixture(scope="module")
def typed() -> list[PlanRecord]:
    return [extract_plan(p) for p in sorted(SAMPLES.glob("*.txt"))]


@pytest.fixture(scope="module")
def records(typed) -> list[dict]:
    return [record.to_dict() for record in typed]


@pytest.fixture(scope="module")
def model(typed):
    return records_to_graph(typed)


def agencies_in(model, jurisdiction: str) -> set[str]:
    return {n.properties["name"] for n in model.nodes().values()
            if n.label == Label.AGENCY and n.properties.get("jurisdiction") == jurisdiction}


def test_one_node_per_real_agency(model, records):
    # every canonical agency of seed 000 is one node, and no alias form is a node of its own
    expected = {a["name"] for a in records[0]["agencies"]} | {records[0]["plan"]["issuer"]}
    assert agencies_in(model, "重庆市渝北区") == expected
    names = {n.properties["name"] for n in model.nodes().values() if n.label == Label.AGENCY}
    for alias in ("区卫健委", "区发改委", "区人社局", "区卫生健康委康委", "区卫生健康", "各公立医院院"):
        assert alias not in names


def test_agencies_of_different_jurisdictions_are_distinct(model):
    nodes = model.nodes()
    yubei, beichen = "agency:重庆市渝北区:区卫生健康委", "agency:天津市北辰区:区卫生健康委"
    assert yubei in nodes and beichen in nodes
    functions = {(r.start, r.end) for r in model.relationships() if r.type == Rel.HAS_FUNCTION}
    assert (yubei, "function:卫生健康委") in functions
    assert (beichen, "function:卫生健康委") in functions


def test_jurisdictions_nest(model):
    within = {(r.start, r.end) for r in model.relationships() if r.type == Rel.WITHIN}
    assert ("jurisdiction:重庆市渝北区", "jurisdiction:重庆市") in within
    assert ("jurisdiction:重庆市沙坪坝区", "jurisdiction:重庆市") in within
    assert ("jurisdiction:天津市北辰区", "jurisdiction:天津市") in within


def plan_citing(number_as_written: str, name: str) -> PlanRecord:
    text = (f"{name}推动公立医院高质量发展实施方案\n为贯彻落实《国务院办公厅关于推动公立医院高质量发展的意见》"
            f"（{number_as_written}）精神，制定本方案。\n一、重点任务\n1.加强建设。内容。（区卫生健康委负责）\n")
    return build_record(SourceText(f"{name}.txt", name.encode().hex()[:64].ljust(64, "0"),
                                   "utf-8", text))


def test_a_doc_number_is_one_node_however_it_is_written():
    records = [plan_citing("国办发〔2021〕18号", "重庆市渝北区"),
               plan_citing("国办发[2021]18号", "四川省广元市"),
               plan_citing("国办发〔2021〕第018号", "北京市昌平区")]
    model = records_to_graph(records)
    documents = [k for k, n in model.nodes().items()
                 if n.label == Label.DOCUMENT and n.properties.get("doc_number") == "国办发〔2021〕18号"]
    assert documents == ["document:国办发〔2021〕18号"]
    implements = [r for r in model.relationships() if r.type == Rel.IMPLEMENTS]
    assert len(implements) == 3 and {r.end for r in implements} == set(documents)


def test_a_cited_plan_is_the_same_node_as_the_loaded_plan(typed):
    # seed 000 implements 渝府办发〔2022〕5号; a record whose own doc number is that number
    # becomes the very node seed 000 points at
    parent = build_record(SourceText("parent.txt", "f" * 64, "utf-8",
                                     "渝府办发〔2022〕5号\n重庆市人民政府办公厅\n"
                                     "关于印发重庆市推动公立医院高质量发展实施方案的通知\n2022年1月20日\n"
                                     "重庆市推动公立医院高质量发展实施方案\n一、重点任务\n"
                                     "1.加强建设。内容。（市卫生健康委负责）\n"))
    model = records_to_graph([typed[0], parent])
    node = model.nodes()["document:渝府办发〔2022〕5号"]
    assert Label.PLAN in node.extra_labels
    assert node.properties["title"] == "重庆市推动公立医院高质量发展实施方案"
    assert ("document:渝北府办发〔2022〕40号", "document:渝府办发〔2022〕5号") in {
        (r.start, r.end) for r in model.relationships() if r.type == Rel.IMPLEMENTS}


def test_same_records_give_the_same_keys(typed):
    first, second = records_to_graph(typed), records_to_graph(typed)
    assert list(first.nodes()) == list(second.nodes())
    assert [r.key for r in first.relationships()] == [r.key for r in second.relationships()]


def test_every_fact_from_a_document_has_evidence(model):
    for node in model.nodes().values():
        if node.label in (Label.TASK, Label.ASSIGNMENT, Label.SECTION, Label.INDICATOR,
                          Label.INDICATOR_VALUE):
            assert node.evidence is not None and node.evidence.source_sha256, node.key
    for relationship in model.relationships():
        if relationship.type in (Rel.LEADS, Rel.COOPERATES_ON, Rel.RESPONSIBLE_FOR,
                                 Rel.IMPLEMENTS, Rel.REFERENCES):
            evidence = relationship.evidence
            assert evidence is not None and evidence.quote and evidence.span_end > evidence.span_start
