"""Every saved query passes Neo4j's own Cypher linter with the graph's labels, relationship
types and properties and the query's parameters declared: no diagnostics."""

from policykg.queries.saved import load_all
from tests.cypherlint import lint
from tests.graph.test_cypher_lint import graph_schema


def test_saved_queries_have_no_diagnostics():
    queries = load_all()
    assert len(queries) >= 14
    schema = graph_schema()
    schema["parameters"] = {p.name: p.convert(p.example) for q in queries.values()
                            for p in q.parameters}
    statements = {name: q.cypher for name, q in queries.items()}
    # a paged list's count of all its rows (the CLI's "rows 1-1000 of N") is sent too
    statements |= {f"{name} (count)": q.count_cypher() for name, q in queries.items() if q.paged}
    assert len(statements) > len(queries)
    found = lint(statements, schema)
    assert {name: messages for name, messages in found.items() if messages} == {}


def test_every_header_is_complete():
    for query in load_all().values():
        assert query.question_zh and query.question_en and query.columns
        assert all(p.example for p in query.parameters), query.name
        for column in ("source_path",):
            if query.name not in ("agency-load", "co-responsibility", "implementers",
                                  "sibling-plans"):   # counts and lists of plans, not facts
                assert column in query.columns, query.name
