"""Every statement the writers send passes Neo4j's own Cypher linter, with the graph's labels,
relationship types, properties and parameters declared: no diagnostics allowed."""

from pathlib import Path

import pytest

from policykg.graph.build import records_to_graph, registry_to_graph
from policykg.graph.cypher import (
    AWAIT_INDEXES,
    COUNT_NODES,
    COUNT_RELATIONSHIPS,
    READ_STATEMENTS,
    REGISTRY_PROPERTIES,
    SOURCE_HASHES,
    all_write_statements,
    schema_statements,
)
from policykg.graph.migrations import all_migration_statements
from policykg.graph.model import Evidence, Label, Rel
from policykg.graph.stores.base import document_statements, one_statement_write
from policykg.loaders.plan import extract_plan
from policykg.loaders.registry import load_registry
from policykg.stored import READ_STATEMENTS as BUILDER_READS
from tests.cypherlint import lint

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "plans"


def graph_schema() -> dict:
    model = records_to_graph([extract_plan(p) for p in sorted(SAMPLES.glob("*.txt"))])
    keys = {"key", "id", "sources", "source_count", "shared_keys", "aliases", "loaded", "path", "sha256", "tool_version",
            "built_at", "documents", "start_key", "end_key", "props", "title_known",
            # per-document values of shared nodes, and what the builder stores on a source
            "cited", "titles_by_source", "aliases_by_source", "text_zlib_base64", "placement",
            "plan_title", "cites_by_title", "total_tasks", "alias_counts", "cited_titles",
            "cited_title_counts", "given_keys", "given_values", "entries", "values", "counts"}
    keys |= set(Evidence("", "", 0, 0, "", 1, 1, 1, "").properties()) | set(REGISTRY_PROPERTIES) \
        | {"always"}
    for node in model.nodes().values():
        keys |= set(node.properties)
    for relationship in model.relationships():
        keys |= set(relationship.properties)
    registry = registry_to_graph(load_registry())   # its links' status and rule, its Source
    for node in registry.nodes:
        keys |= set(node.properties)
    for relationship in registry.relationships:
        keys |= set(relationship.properties)
    return {
        "labels": [label.value for label in Label],
        "relationshipTypes": [rel.value for rel in Rel],
        "propertyKeys": sorted(keys),
        "parameters": {"rows": [], "groups": {}, "sha": "", "version": "", "built_at": "", "documents": 0,
                       "keys": [], "types": [], "label": "", "labels": [], "shared": [],
                       "given_keys": [], "given_values": [], "registry": "", "seconds": 0},
    }


def sent_statements() -> list[str]:
    """What the writers send for the seeds, plus every statement they may send at all."""
    model = records_to_graph([extract_plan(p) for p in sorted(SAMPLES.glob("*.txt"))])
    texts = [text for document in model.documents
             for text, _ in document_statements(document, "0" * 64)]
    texts += [text for document in model.documents
              for text, _ in one_statement_write(document, "0" * 64)]
    texts += all_write_statements() + schema_statements() + list(READ_STATEMENTS)
    texts += all_migration_statements()
    texts += [*BUILDER_READS, SOURCE_HASHES, COUNT_NODES, COUNT_RELATIONSHIPS, AWAIT_INDEXES]
    return list(dict.fromkeys(texts))


TYPO = "MATCH (t:Tsk {key: $nope}) RETURN t.titel"


@pytest.fixture(scope="module")
def linted() -> tuple[dict[str, str], dict[str, list[str]]]:
    """One run of the linter (node start-up is slow) over every statement and a known typo."""
    statements = {f"{i:03d}": text for i, text in enumerate(sent_statements())}
    return statements, lint({**statements, "typo": TYPO}, graph_schema())


def test_writer_statements_have_no_diagnostics(linted):
    statements, found = linted
    assert len(statements) > 60
    problems = {statements[name]: messages for name, messages in found.items()
                if messages and name != "typo"}
    assert problems == {}


def test_the_linter_does_catch_mistakes(linted):
    _, found = linted
    assert len(found["typo"]) == 3  # unknown label, property and parameter


def test_the_builder_stays_inside_the_declared_groups():
    """The one-statement Neo4j write covers exactly the declared groups: every node and
    relationship the seeds produce falls in one, so nothing goes by the slower fallback."""
    from policykg.graph.model import NODE_GROUPS, RELATIONSHIP_ENDS

    model = records_to_graph([extract_plan(p) for p in sorted(SAMPLES.glob("*.txt"))])
    seen_nodes = {(label, extra, shared) for document in model.documents
                  for label, extra, shared, _ in document.node_rows_by_label()}
    seen_relationships = {(rel, start, end) for document in model.documents
                          for rel, start, end, _ in document.relationship_rows()}
    assert seen_nodes <= set(NODE_GROUPS)
    assert seen_relationships <= set(RELATIONSHIP_ENDS)
    assert (Rel.LEADS, Label.AGENCY, Label.ASSIGNMENT) in seen_relationships
    for document in model.documents:
        statements = one_statement_write(document, None)
        assert len(statements) == 1
        _, params = statements[0]
        written = sum(len(rows) for rows in params["groups"].values())
        assert written == len(document.nodes) + len(document.relationships)
        task_rows = params["groups"]["Task"]
        assert {row["key"] for row in task_rows} == {
            node.key for node in document.nodes if node.label == Label.TASK}
