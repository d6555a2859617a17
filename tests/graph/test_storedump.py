"""tests/storedump.py reads both engines the same way: the same plans built into Neo4j and into
the embedded store dump to the same lines, and a real difference shows."""

from policykg.builder import build
from policykg.graph.stores.embedded_store import EmbeddedStore
from tests.storedump import dump_store


def test_neo4j_and_the_embedded_store_dump_the_same(neo4j_store, plans, tmp_path):
    files = sorted(plans.glob("*.txt"))
    build(neo4j_store, files)
    embedded = EmbeddedStore(tmp_path / "store")
    try:
        build(embedded, files)
        lines = dump_store(embedded)
        assert dump_store(neo4j_store) == lines
        assert len(lines) == sum(embedded.counts())
        assert any('"title": "打造高水平公立医院"' in line and '"labels": ["Task"]' in line
                   for line in lines)
        assert not any('"built_at"' in line or '"id":' in line for line in lines)
        neo4j_store.driver.execute_query(   # one task retitled on Neo4j only
            "MATCH (t:Task {title: '打造高水平公立医院'}) SET t.title = '打造高水平的公立医院'")
        changed = dump_store(neo4j_store)
        assert len(changed) == len(lines) and changed != lines
    finally:
        embedded.close()
