"""The repository keeps the layout users asked for, and its static files are well formed."""

from pathlib import Path

import rdflib

ROOT = Path(__file__).resolve().parents[1]


def test_top_level_layout():
    for name in ("graph", "loaders", "queries", "tests", "ontology.ttl", "docker-compose.yml",
                 "pyproject.toml", "README.md", ".ci/run"):
        assert (ROOT / name).exists(), name


def test_ontology_parses_and_declares_the_core_classes():
    graph = rdflib.Graph().parse(ROOT / "ontology.ttl")
    pkg = rdflib.Namespace("https://w3id.org/policykg/ontology#")
    classes = set(graph.subjects(rdflib.RDF.type, rdflib.OWL.Class))
    assert {pkg.Plan, pkg.Task, pkg.Agency, pkg.Document, pkg.Hospital, pkg.Indicator} <= classes
    labels = {str(label) for label in graph.objects(pkg.Task, rdflib.RDFS.label)}
    assert {"Task", "重点任务"} <= labels


def test_compose_requires_a_password_and_commits_none():
    compose = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    assert "neo4j:5.26" in compose
    assert "${NEO4J_PASSWORD:?" in compose  # compose refuses to start without one


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "bash scripts/test.sh" in readme.split("\n## ")[0]
    assert "bash scripts/test.sh" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
