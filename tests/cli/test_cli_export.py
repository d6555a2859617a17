"""`policykg export` and `policykg validate` end to end, through click's CliRunner.

The commands are invoked as objects (the lead registers them on the `policykg` group), so
these tests do not change the group that tests/test_docs.py walks.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import networkx as nx
import pytest
import rdflib
from click.testing import CliRunner

from policykg.commands.export import export, validate
from policykg.graph.vocab import PKG

ROOT = Path(__file__).resolve().parents[2]
PLANS = ROOT / "samples" / "plans"
SEED_000 = PLANS / "000_e81826a0173922c6.txt"
SEED_002 = PLANS / "002_449abcde8801a72e.txt"
SEED_003 = PLANS / "003_d8ef92ff13adc345.txt"
PARSERS = {"turtle": "turtle", "json-ld": "json-ld", "n-triples": "nt"}


def run(command, *args: str | Path):
    return CliRunner().invoke(command, [str(a) for a in args], catch_exceptions=False)


def lead_agencies(graph: rdflib.Graph, doc_number: str, task_id: str) -> list[str]:
    rows = graph.query("""
        PREFIX pkg: <https://w3id.org/policykg/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?name WHERE { ?plan pkg:docNumber ?doc ; pkg:hasTask ?task .
                             ?task pkg:taskId ?id ; pkg:leadAgency/skos:prefLabel ?name }""",
                       initBindings={"doc": rdflib.Literal(doc_number),
                                     "id": rdflib.Literal(task_id)})
    return sorted(str(name) for (name,) in rows)


def test_export_turtle_to_stdout():
    result = run(export, SEED_000)
    assert result.exit_code == 0
    assert result.stderr == ""
    graph = rdflib.Graph().parse(data=result.stdout, format="turtle")
    assert lead_agencies(graph, "渝北府办发〔2022〕40号", "17") == ["区医保局"]


@pytest.mark.parametrize("fmt", ["turtle", "json-ld", "n-triples"])
def test_export_rdf_formats_of_a_folder_to_a_file(fmt, tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    shutil.copyfile(SEED_002, folder / SEED_002.name)
    out = tmp_path / f"plans.{fmt}"
    result = run(export, folder, "--format", fmt, "-o", out)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    graph = rdflib.Graph().parse(out, format=PARSERS[fmt])
    plans = set(graph.subjects(rdflib.RDF.type, PKG.Plan))
    assert [str(graph.value(p, PKG.docNumber)) for p in plans] == ["北辰政办发〔2022〕14号"]
    rows = graph.query("""
        PREFIX pkg: <https://w3id.org/policykg/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?name WHERE { ?task pkg:taskId "二.(二)" ;
                             pkg:responsibleAgency/skos:prefLabel ?name }""")
    assert sorted(str(name) for (name,) in rows) == ["区卫生健康委", "区发展改革委", "区财政局"]


def test_export_graphml(tmp_path):
    out = tmp_path / "plans.graphml"
    result = run(export, SEED_000, SEED_003, "--format", "graphml", "-o", out)
    assert result.exit_code == 0
    graph = nx.read_graphml(out, force_multigraph=True)
    assert graph.nodes["document:沙府办发〔2025〕13号"]["labels"] == ":Document:Plan"
    edges = graph.get_edge_data("document:沙府办发〔2025〕13号", "document:中办发〔2023〕10号")
    assert [d["label"] for d in edges.values()] == ["IMPLEMENTS"]


def test_the_same_files_give_the_same_bytes():
    first = run(export, SEED_002, SEED_003, "--format", "n-triples").stdout
    assert run(export, SEED_002, SEED_003, "--format", "n-triples").stdout == first
    assert first.endswith(" .\n")


def test_a_bad_file_is_named_and_the_others_still_go_in(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    twin = tmp_path / "copy.txt"
    shutil.copyfile(SEED_002, twin)
    result = run(export, SEED_002, empty, twin, SEED_003)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {empty}: the file is empty (no text to extract)\n"
        f"Error: {twin}: the same bytes as {SEED_002}; not loaded twice\n")
    graph = rdflib.Graph().parse(data=result.stdout, format="turtle")
    numbers = {str(graph.value(p, PKG.docNumber))
               for p in graph.subjects(rdflib.RDF.type, PKG.Plan)}
    assert numbers == {"北辰政办发〔2022〕14号", "沙府办发〔2025〕13号"}


def test_validate_the_bundled_plans():
    result = run(validate, PLANS)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "conforms\n", "")


def test_validate_prints_each_violation(tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix pkg: <https://w3id.org/policykg/ontology#> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        <#PlanNote> a sh:NodeShape ; sh:targetClass pkg:Plan ;
            sh:property [ sh:path skos:note ; sh:minCount 1 ;
                          sh:message "a plan has a note" ] .
        <#Parent> a sh:NodeShape ; sh:targetClass pkg:Jurisdiction ;
            sh:property [ sh:path [ sh:inversePath pkg:within ] ; sh:minCount 1 ;
                          sh:message "a jurisdiction has a district" ] .
        """, encoding="utf-8")
    result = run(validate, SEED_000, SEED_002, "--shapes", shapes)
    assert result.exit_code == 1
    assert result.stdout == (
        "document:北辰政办发〔2022〕14号: a plan has a note (skos:note)\n"
        "document:渝北府办发〔2022〕40号: a plan has a note (skos:note)\n"
        "jurisdiction:天津市北辰区: a jurisdiction has a district (^pkg:within)\n"
        "jurisdiction:重庆市渝北区: a jurisdiction has a district (^pkg:within)\n")
    assert result.stderr == "4 violations\n"


def test_validate_fails_when_a_file_fails(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run(validate, SEED_002, empty)
    assert result.exit_code == 1
    assert result.stdout == "conforms\n"
    assert result.stderr == f"Error: {empty}: the file is empty (no text to extract)\n"


@pytest.mark.parametrize("command", [export, validate])
def test_help_has_examples(command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert f"policykg {command.name} samples/plans" in result.stdout
    assert "Examples:\n      policykg" in result.stdout  # \b keeps the example lines


def test_graphml_counts_match_the_model(tmp_path):
    from policykg.graph.build import records_to_graph
    from policykg.loaders.plan import extract_plan

    result = run(export, SEED_003, "--format", "graphml")
    graph = nx.read_graphml(io.StringIO(result.stdout), force_multigraph=True)
    model = records_to_graph([extract_plan(SEED_003)])
    assert graph.number_of_nodes() == len(model.nodes())
    assert graph.number_of_edges() == len(model.relationships())
