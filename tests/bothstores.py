"""Both engines built from the same plan files, for tests that require the same rows on each."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from policykg.builder import build
from policykg.graph.stores.embedded_store import EmbeddedStore
from policykg.graph.stores.neo4j_store import Neo4jStore


def both_stores(neo4j_settings: dict, files: list[Path], folder: Path) -> Iterator[dict]:
    """{engine: store}: the test Neo4j (emptied first) and an embedded store in ``folder``,
    both built from ``files``; closed when the generator ends (a fixture's teardown)."""
    neo4j = Neo4jStore(**{k: v for k, v in neo4j_settings.items() if k != "env"})
    neo4j.driver.execute_query("MATCH (n) DETACH DELETE n")
    embedded = EmbeddedStore(folder)
    for store in (neo4j, embedded):
        report = build(store, files)
        assert report.failed == [] and len(report.written) == len(files)
    yield {"neo4j": neo4j, "embedded": embedded}
    neo4j.close()
    embedded.close()
