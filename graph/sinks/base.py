"""The store interface every graph database sits behind, so the engine can be swapped."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, Protocol, TypeVar

from ..cypher import delete_statements, merge_nodes, merge_relationships
from ..model import DocumentGraph

T = TypeVar("T")
BATCH_SIZE = 1000


class StoreError(Exception):
    """A store could not be opened, read or written; the message says which and why."""


class StoreUnavailable(StoreError):
    """The store went away (a server stopped): nothing more can be written in this run."""


class GraphStore(Protocol):
    def ensure_schema(self) -> None: ...
    def source_hashes(self) -> dict[str, str]: ...
    def write_document(self, document: DocumentGraph, replaces: str | None) -> None: ...
    def delete_source(self, sha256: str) -> None: ...
    def read(self, cypher: str, params: dict[str, Any] | None = None) -> list[dict]: ...
    def set_build(self, params: dict[str, Any]) -> None: ...
    def close(self) -> None: ...


def batched(items: Sequence[T], size: int = BATCH_SIZE) -> Iterator[Sequence[T]]:
    """itertools.batched needs Python 3.12."""
    for start in range(0, len(items), size):
        yield items[start:start + size]


def document_statements(document: DocumentGraph,
                        replaces: str | None) -> Iterator[tuple[str, dict[str, Any]]]:
    """(statement, parameters) that replace one document's facts, in order, for one
    transaction: delete the facts of the version it ``replaces`` (the sha256 the store holds
    for that file; None for a new file), then merge nodes, then relationships."""
    if replaces:
        for statement in delete_statements():
            yield statement, {"sha": replaces}
    for label, extra, shared, rows in document.node_rows_by_label():
        for batch in batched(rows):
            yield merge_nodes(label, extra, shared), {"rows": list(batch),
                                                      "sha": document.source_sha256}
    for rel, start, end, rows in document.relationship_rows():
        for batch in batched(rows):
            yield merge_relationships(rel, start, end), {"rows": list(batch)}
