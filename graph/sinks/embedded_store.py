"""The embedded default store: kglite, an in-process graph that runs Neo4j-syntax Cypher.

The graph lives in one folder (``policykg-store/`` by default): ``graph.kgl`` plus kglite's
write-ahead log. Every document is written in one kglite transaction, so a broken document
leaves nothing behind; the saved queries run here from the same text as on Neo4j.
See docs/decisions/embedded-store.md for why kglite.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..cypher import COUNT_NODES, COUNT_RELATIONSHIPS, SET_BUILD, SOURCE_HASHES, schema_statements
from ..model import DocumentGraph
from .base import StoreError, document_statements

DEFAULT_STORE = Path("policykg-store")


class EmbeddedStore:
    """A kglite graph in a folder; one writer at a time (kglite holds a writer lease)."""

    def __init__(self, folder: str | Path = DEFAULT_STORE):
        try:
            import kglite
        except ImportError as error:  # pragma: no cover - kglite is a dependency
            raise StoreError("the embedded store needs the kglite package") from error
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.path = self.folder / "graph.kgl"
        try:
            self.graph = kglite.open(str(self.path))
        except Exception as error:
            raise StoreError(f"{self.path}: cannot open the embedded store: {error}") from error

    def ensure_schema(self) -> None:
        for statement in schema_statements():
            self.graph.cypher(statement)

    def source_hashes(self) -> dict[str, str]:
        return {row["path"]: row["sha256"] for row in self.read(SOURCE_HASHES)}

    def write_document(self, document: DocumentGraph, replaces: str | None = None) -> None:
        """Replace one document's facts atomically: all of it or (on any error) none of it."""
        transaction = self.graph.begin()
        try:
            for statement, params in document_statements(document, replaces):
                transaction.cypher(statement, params=params)
        except Exception as error:
            transaction.rollback()
            raise StoreError(f"{document.source_path}: not written: {error}") from error
        transaction.commit()

    def delete_source(self, sha256: str) -> None:
        transaction = self.graph.begin()
        try:
            for statement, params in document_statements(
                    DocumentGraph("", "", ""), sha256):
                transaction.cypher(statement, params=params)
        except Exception as error:
            transaction.rollback()
            raise StoreError(f"cannot remove source {sha256[:12]}: {error}") from error
        transaction.commit()

    def set_build(self, params: dict[str, Any]) -> None:
        self.graph.cypher(SET_BUILD, params=params)

    def read(self, cypher: str, params: dict[str, Any] | None = None) -> list[dict]:
        """In a read-only transaction: a statement that would write fails and changes nothing."""
        transaction = self.graph.begin_read()
        try:
            result = transaction.cypher(cypher, params=params or {})
            return [dict(row) for row in result]
        finally:
            transaction.rollback()

    def counts(self) -> tuple[int, int]:
        return (self.read(COUNT_NODES)[0]["count"], self.read(COUNT_RELATIONSHIPS)[0]["count"])

    def close(self) -> None:
        self.graph.save()
        self.graph.close()
