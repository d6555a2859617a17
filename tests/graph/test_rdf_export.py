"""The RDF export of the bundled plans: real facts, valid under shapes.ttl, stable bytes."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pyshacl
import pytest
import rdflib
from rdflib import RDF, BNode, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, SKOS

from policykg.commands.export import violations
from policykg.graph.build import records_to_graph, registry_to_graph
from policykg.graph.model import DocumentGraph, Evidence, GraphModel, Label, Node
from policykg.graph.sinks.rdf_export import (
    PROPERTIES,
    SPECIAL,
    export_rdf,
    node_iri,
    to_rdf,
)
from policykg.graph.vocab import ID, OA, PKG
from policykg.loaders.plan import extract_plan
from policykg.loaders.registry import load_registry
from policykg.loaders.source import read_source

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples" / "plans"
SEEDS = sorted(SAMPLES.glob("*.txt"))
SEED_002 = SAMPLES / "002_449abcde8801a72e.txt"
FORMATS = ("turtle", "json-ld", "n-triples")
XSD = rdflib.Namespace("http://www.w3.org/2001/XMLSchema#")  # rdflib's XSD warns under pytest
PREFIXES = """
PREFIX pkg: <https://w3id.org/policykg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX oa: <http://www.w3.org/ns/oa#>
"""


def texts_of(paths) -> dict[str, str]:
    sources = [read_source(p) for p in paths]
    return {s.sha256: s.text for s in sources}


@pytest.fixture(scope="module")
def model() -> GraphModel:
    return records_to_graph([extract_plan(p) for p in SEEDS])


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    return texts_of(SEEDS)


@pytest.fixture(scope="module")
def exports(model, texts) -> dict[str, str]:
    return {fmt: export_rdf(model, fmt, texts) for fmt in FORMATS}


@pytest.fixture(scope="module")
def graph(exports) -> rdflib.Graph:
    return rdflib.Graph().parse(data=exports["turtle"], format="turtle")


def select(graph: rdflib.Graph, query: str, **bindings) -> list[tuple]:
    return [tuple(row) for row in graph.query(PREFIXES + query, initBindings=bindings)]


def key(term) -> str:
    return unquote(str(term)[len(str(ID)):])


def test_turtle_loads_into_the_same_graph(model, texts, graph):
    assert len(graph) > 10_000
    assert set(graph) == set(to_rdf(model, texts))
    assert not any(isinstance(term, BNode) for triple in graph for term in triple)


def test_seed_export_conforms_to_the_shapes(graph):
    shapes = rdflib.Graph().parse(ROOT / "shapes.ttl", format="turtle")
    conforms, report, _ = pyshacl.validate(graph, shacl_graph=shapes, advanced=True)
    assert violations(report, graph) == []
    assert conforms


def test_seed_000_task_17_is_led_by_the_medical_insurance_bureau(graph):
    rows = select(graph, """
        SELECT ?lead ?coop WHERE {
            ?plan pkg:docNumber "渝北府办发〔2022〕40号" ; pkg:hasTask ?task .
            ?task pkg:taskId "17" ; dct:title ?title ;
                  pkg:leadAgency/skos:prefLabel ?lead ;
                  pkg:cooperatingAgency/skos:prefLabel ?coop .
        }""")
    assert [(str(lead), str(coop)) for lead, coop in rows] == [("区医保局", "区卫生健康委")]


def test_responsibility_keeps_role_order_written_name_and_evidence(graph, texts):
    # seed 000 task 1: （区卫生健康委牵头，区发改委、区科技局、区财政局配合）
    rows = select(graph, """
        SELECT ?name ?role ?order ?written ?start ?end ?exact ?quote ?sha WHERE {
            ?task pkg:taskId "1" ; ^pkg:hasTask/pkg:docNumber "渝北府办发〔2022〕40号" .
            ?r a pkg:Responsibility ; pkg:task ?task ; pkg:agency/skos:prefLabel ?name ;
               pkg:role ?role ; pkg:order ?order ; pkg:evidence ?e .
            OPTIONAL { ?r pkg:writtenAs ?written }
            ?e oa:hasSource/pkg:sha256 ?sha ; pkg:quote ?quote ;
               oa:hasSelector [ oa:start ?start ; oa:end ?end ] , [ oa:exact ?exact ] .
        } ORDER BY ?order""")
    found = [(str(name), role, int(order), str(written), str(exact), str(quote))
             for name, role, order, written, _, _, exact, quote, _ in rows]
    assert found == [
        ("区卫生健康委", PKG.LeadRole, 1, "区卫生健康委", "区卫生健康委", "区卫生健康委"),
        ("区发展改革委", PKG.CooperatingRole, 2, "区发改委", "区发改委", "区发改委、区科技局、区财政局"),
        ("区科技局", PKG.CooperatingRole, 3, "区科技局", "区科技局", "区发改委、区科技局、区财政局"),
        ("区财政局", PKG.CooperatingRole, 4, "区财政局", "区财政局", "区发改委、区科技局、区财政局"),
    ]
    for *_, start, end, exact, _, sha in rows:
        assert texts[str(sha)][int(start):int(end)] == str(exact)


def test_every_quote_selector_holds_the_text_at_its_span(graph, texts):
    rows = select(graph, """
        SELECT ?sha ?start ?end ?exact WHERE {
            ?e oa:hasSource/pkg:sha256 ?sha ;
               oa:hasSelector [ oa:start ?start ; oa:end ?end ] , [ oa:exact ?exact ] .
        }""")
    assert len(rows) > 700
    for sha, start, end, exact in rows:
        assert texts[str(sha)][int(start):int(end)] == str(exact)


def test_seed_003_implements_the_central_office_opinion(graph):
    rows = select(graph, """
        SELECT ?plan ?doc ?kind ?order WHERE {
            ?plan a pkg:Plan ; pkg:docNumber "沙府办发〔2025〕13号" ; pkg:implements ?doc .
            ?doc pkg:docNumber "中办发〔2023〕10号" .
            ?c a pkg:Citation ; pkg:citingDocument ?plan ; pkg:citedDocument ?doc ;
               pkg:citationKind ?kind ; pkg:order ?order ; pkg:evidence ?e .
        }""")
    assert [(key(doc), kind, int(order)) for _, doc, kind, order in rows] == [
        ("document:中办发〔2023〕10号", PKG.BasisCitation, 1)]
    doc = rows[0][1]
    assert (doc, RDF.type, PKG.Plan) not in graph  # cited, not loaded
    assert str(graph.value(doc, DCTERMS.title)) == "中共中央办公厅 国务院办公厅关于进一步完善医疗卫生服务体系的意见"


def test_same_name_in_two_jurisdictions_is_two_agencies_with_one_function(graph):
    rows = select(graph, """
        SELECT ?agency ?area ?function WHERE {
            ?agency a pkg:Agency ; skos:prefLabel "区卫生健康委"@zh ;
                    pkg:inJurisdiction/skos:prefLabel ?area ; pkg:hasFunction ?function .
            ?function a pkg:Function ; skos:prefLabel "卫生健康委"@zh .
        } ORDER BY ?area""")
    areas = {str(area): agency for agency, area, _ in rows}
    assert {"重庆市渝北区", "天津市北辰区"} <= set(areas)
    assert areas["重庆市渝北区"] != areas["天津市北辰区"]
    assert len({function for _, _, function in rows}) == 1


def test_aliases_are_alternative_and_hidden_labels(graph):
    agency = node_iri("agency:重庆市渝北区:区卫生健康委")
    assert {str(x) for x in graph.objects(agency, SKOS.altLabel)} == {"区卫健委"}
    # damaged written forms: found by search, never shown
    assert {str(x) for x in graph.objects(agency, SKOS.hiddenLabel)} == {"区卫生健康委康委",
                                                                       "区卫生健康"}
    assert graph.value(agency, SKOS.prefLabel) == Literal("区卫生健康委", lang="zh")


def test_jurisdictions_nest(graph):
    district = node_iri("jurisdiction:重庆市渝北区")
    assert graph.value(district, PKG.within) == node_iri("jurisdiction:重庆市")
    assert graph.value(district, SKOS.altLabel) == Literal("渝北区", lang="zh")


def test_deadlines_are_typed(graph):
    rows = select(graph, """
        SELECT ?id ?deadline WHERE {
            ?task ^pkg:hasTask/pkg:docNumber "沙府办发〔2025〕13号" ; pkg:taskId ?id ;
                  pkg:deadline ?deadline .
        }""")
    deadlines = {str(i): d for i, d in rows}
    assert deadlines["1"] == Literal("2027", datatype=XSD.gYear)      # 到2027年
    assert deadlines["2"] == Literal("2027-12-31", datatype=XSD.date)  # 到2027年底
    ongoing = select(graph, """
        SELECT ?written WHERE {
            ?task ^pkg:hasTask/pkg:docNumber "渝北府办发〔2022〕40号" ; pkg:taskId "12" ;
                  pkg:ongoing true ; pkg:deadlineWritten ?written .
            FILTER NOT EXISTS { ?task pkg:deadline ?any }
        }""")
    assert [str(w) for (w,) in ongoing] == ["持续推进"]


def test_plan_metadata(graph):
    plan = node_iri("document:渝北府办发〔2022〕40号")
    assert set(graph.objects(plan, RDF.type)) == {PKG.Document, PKG.Plan}
    assert graph.value(plan, PKG.issued) == Literal("2022-12-06", datatype=XSD.date)
    assert graph.value(plan, PKG.governs) == node_iri("jurisdiction:重庆市渝北区")
    assert key(graph.value(plan, PKG.issuedBy)) == "agency:重庆市渝北区:重庆市渝北区人民政府办公室"
    source = graph.value(plan, PKG.fromSource)
    assert str(graph.value(source, PKG.sha256)) == hashlib.sha256(
        (SAMPLES / "000_e81826a0173922c6.txt").read_bytes()).hexdigest()
    assert int(graph.value(plan, PKG.warningCount)) == len(list(graph.objects(plan,
                                                                               PKG.warning)))


def test_task_order_and_rows(graph):
    task = node_iri("task:document:渝北府办发〔2022〕40号:12")
    assert int(graph.value(task, PKG.order)) == 12
    rows = sorted(graph.objects(task, PKG.hasAssignment), key=lambda r: int(graph.value(r, PKG.order)))
    assert [int(graph.value(r, PKG.order)) for r in rows] == [1, 2, 3, 4]
    assert str(graph.value(rows[0], PKG.rowLabel)) == "12.完善内部控制制度。"


def test_indicator_values_and_accountable_agencies(graph):
    indicator = node_iri("indicator:document:渝北府办发〔2022〕40号:1")
    assert graph.value(indicator, SKOS.prefLabel) == Literal("市级区域医疗中心", lang="zh")
    values = {(int(graph.value(v, PKG.year)), str(graph.value(v, PKG.valueKind)),
               str(graph.value(v, PKG.value))) for v in graph.objects(indicator, PKG.hasValue)}
    assert (2021, "baseline", "—") in values
    rows = select(graph, """
        SELECT ?name ?order WHERE {
            ?indicator pkg:accountableAgency/skos:prefLabel ?name .
            ?a a pkg:Accountability ; pkg:indicator ?indicator ; pkg:order ?order ;
               pkg:agency/skos:prefLabel ?name .
        }""", indicator=indicator)
    assert [(str(n), int(o)) for n, o in rows] == [("区卫生健康委", 1)]


def test_iris_are_percent_encoded_keys(graph, model):
    iri = node_iri("agency:重庆市渝北区:区卫生健康委")
    assert str(iri) == ("https://w3id.org/policykg/id/agency:%E9%87%8D%E5%BA%86%E5%B8%82"
                        "%E6%B8%9D%E5%8C%97%E5%8C%BA:%E5%8C%BA%E5%8D%AB%E7%94%9F%E5%81%A5"
                        "%E5%BA%B7%E5%A7%94")
    subjects = {s for s in graph.subjects() if "#" not in s}
    for node_key in model.nodes():
        assert node_iri(node_key) in subjects
        assert key(node_iri(node_key)) == node_key
    assert all(str(term).isascii() for triple in graph for term in triple
               if isinstance(term, URIRef))


@pytest.mark.parametrize("fmt, parser", [("json-ld", "json-ld"), ("n-triples", "nt")])
def test_json_ld_and_n_triples_parse_back_to_an_isomorphic_graph(exports, graph, fmt, parser):
    assert isomorphic(rdflib.Graph().parse(data=exports[fmt], format=parser), graph)


def test_n_triples_lines_are_sorted(exports):
    lines = exports["n-triples"].splitlines()
    assert lines == sorted(lines) and len(lines) == len(set(lines))


def test_json_ld_uses_the_prefixes(exports):
    data = json.loads(exports["json-ld"])
    assert data["@context"]["pkg"] == "https://w3id.org/policykg/ontology#"
    ids = [node["@id"] for node in data["@graph"]]
    assert ids == sorted(ids)


def test_two_exports_are_byte_identical(exports):
    # a second extraction and export in another process, under another PYTHONHASHSEED
    # (rdflib's store iterates in hash order; sorting must hide it)
    script = (
        "import hashlib, sys\n"
        "from policykg.graph.build import records_to_graph\n"
        "from policykg.graph.sinks.rdf_export import export_rdf\n"
        "from policykg.loaders.plan import extract_plan\n"
        "from policykg.loaders.source import read_source\n"
        "paths = sys.argv[1:]\n"
        "model = records_to_graph([extract_plan(p) for p in paths])\n"
        "texts = {s.sha256: s.text for s in map(read_source, paths)}\n"
        "for fmt in ('turtle', 'json-ld', 'n-triples'):\n"
        "    print(hashlib.sha256(export_rdf(model, fmt, texts).encode()).hexdigest())\n")
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    result = subprocess.run([sys.executable, "-c", script, *map(str, SEEDS)], env=env,
                            capture_output=True, text=True, check=True, cwd=ROOT)
    assert result.stdout.split() == [hashlib.sha256(exports[fmt].encode()).hexdigest()
                                     for fmt in FORMATS]


def test_unknown_format_is_named(model):
    with pytest.raises(ValueError, match="no RDF format 'rdfxml'; choose one of: turtle"):
        export_rdf(model, "rdfxml")


def test_without_texts_there_is_no_quote_selector(model):
    bare = to_rdf(model)
    assert not list(bare.subjects(RDF.type, OA.TextQuoteSelector))
    assert len(list(bare.subjects(RDF.type, OA.TextPositionSelector))) > 700


def test_every_property_of_the_seed_model_is_mapped(model):
    for node in model.nodes().values():
        unmapped = set(node.properties) - set(PROPERTIES.get(node.label, {})) - SPECIAL
        assert unmapped == set(), (node.label, unmapped)
    for relationship in model.relationships():
        assert set(relationship.properties) <= {"order", "written", "status", "rule"}, \
            relationship.type


def test_implements_links_say_how_they_are_known(model):
    """Issue 17: an implements link is stated (the plan's basis sentence), confirmed or
    inferred (the registry, with its rule); the RDF citation says which."""
    graph = to_rdf(model)
    statuses = {str(value) for value in graph.objects(None, PKG.linkStatus)}
    assert statuses == {"stated"}    # the seed plans' own links
    registry = to_rdf(GraphModel([registry_to_graph(load_registry())]))
    rules = {str(value) for value in registry.objects(None, PKG.inferenceRule)}
    assert {str(value) for value in registry.objects(None, PKG.linkStatus)} == {
        "confirmed", "inferred"}
    assert any(rule.startswith("title-theme: the title carries the subject of 国办发〔2021〕18号")
               for rule in rules)


def test_cited_document_without_a_title_gets_none():
    # the model fills a cited document's unknown title with its doc number (title_known false)
    evidence = Evidence("a.txt", "0" * 64, 0, 4, "国办发〔2021〕18号")
    nodes = [Node("document:国办发〔2021〕18号", Label.DOCUMENT,
                  {"title": "国办发〔2021〕18号", "doc_number": "国办发〔2021〕18号",
                   "title_known": False}, shared=True),
             Node("task:x:1", Label.TASK, {"task_id": "1", "title": "任务", "kind": "task",
                                          "deadline": "2023-06", "text": "任务。"},
                  evidence=evidence)]
    graph = to_rdf(GraphModel([DocumentGraph("a.txt", "0" * 64, "x", nodes, [])]))
    document = node_iri("document:国办发〔2021〕18号")
    assert graph.value(document, DCTERMS.title) is None
    assert str(graph.value(document, PKG.docNumber)) == "国办发〔2021〕18号"
    task = node_iri("task:x:1")
    assert graph.value(task, PKG.deadline) == Literal("2023-06", datatype=XSD.gYearMonth)
    source = graph.value(graph.value(task, PKG.evidence), OA.hasSource)
    assert key(source) == "source:a.txt"


def test_the_shapes_catch_broken_data():
    record = extract_plan(SEED_002)
    graph = to_rdf(records_to_graph([record]), texts_of([SEED_002]))
    plan = node_iri("document:北辰政办发〔2022〕14号")
    task = node_iri("task:document:北辰政办发〔2022〕14号:二.(一)")
    graph.add((task, DCTERMS.title, Literal("第二个标题", lang="zh")))
    graph.add((task, PKG.deadline, Literal("2025年")))
    graph.add((task, PKG.leadAgency, node_iri("agency:天津市北辰区:区财政局")))
    agency = node_iri("agency:天津市北辰区:区卫生健康委")
    graph.remove((agency, PKG.inJurisdiction, None))
    responsibility = next(graph.subjects(PKG.task, task))
    graph.remove((task, None, graph.value(responsibility, PKG.agency)))
    position = URIRef(f"{plan}#position")
    graph.set((position, OA["end"], Literal(3, datatype=XSD.nonNegativeInteger)))
    orphan = node_iri("task:orphan")
    graph.add((orphan, RDF.type, PKG.Task))
    graph.add((orphan, DCTERMS.title, Literal("孤立任务", lang="zh")))
    shapes = rdflib.Graph().parse(ROOT / "shapes.ttl", format="turtle")
    conforms, report, _ = pyshacl.validate(graph, shacl_graph=shapes, advanced=True)
    assert not conforms
    t = "task:document:北辰政办发〔2022〕14号:二.(一)"
    assert violations(report, graph) == sorted([
        "agency:天津市北辰区:区卫生健康委: the agency is named by a plan that governs a "
        "jurisdiction, but has none (pkg:inJurisdiction)",
        f"agency:天津市北辰区:区卫生健康委|RESPONSIBLE_FOR|{t}|1: the task has no direct "
        "pkg:leadAgency, pkg:cooperatingAgency or pkg:responsibleAgency triple (by the role) to "
        "this responsibility's agency (pkg:task)",
        "document:北辰政办发〔2022〕14号#evidence: oa:exact has 18 characters but the span "
        "[177, 3) does not",
        "document:北辰政办发〔2022〕14号#position: a span starts at one non-negative integer "
        "offset, not after its end (oa:start)",
        f"{t}: a deadline is one xsd:gYear (2025) or xsd:date (2023-12-31) (pkg:deadline)",
        f"{t}: a direct agency triple has no pkg:Responsibility with its role, order and "
        "evidence (pkg:leadAgency)",
        f"{t}: a task has exactly one title (dct:title)",
        "task:orphan: a task belongs to exactly one plan (^pkg:hasTask)",
        "task:orphan: a task has exactly one task id (pkg:taskId)",
        "task:orphan: a task has one position (from 1) in its plan (pkg:order)",
        "task:orphan: a task's kind is task or safeguard (pkg:taskKind)",
    ])
