"""The store interface every graph database sits behind, so the engine can be swapped."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, Protocol, TypeVar

from ..cypher import (
    ADD_AGENCY_TASKS,
    SUBTRACT_AGENCY_TASKS,
    counts_sources,
    delete_document_statement,
    delete_statements,
    gives_values,
    group_parameter,
    merge_relationships,
    write_document_statement,
    write_nodes,
)
from ..model import NODE_GROUPS, RELATIONSHIP_ENDS, DocumentGraph, Label

T = TypeVar("T")
BATCH_SIZE = 1000


class StoreError(Exception):
    """A store could not be opened, read or written; the message says which and why."""


class StoreUnavailable(StoreError):
    """The store went away (a server stopped): nothing more can be written in this run."""


class StoreTimeout(StoreError):
    """A read ran past the seconds it was given (and was stopped; nothing was changed)."""


class GraphStore(Protocol):
    def ensure_schema(self) -> None: ...
    def source_hashes(self) -> dict[str, str]: ...
    def write_document(self, document: DocumentGraph, replaces: str | None) -> None: ...
    def delete_source(self, sha256: str) -> None: ...
    def write_statements(self, statements: list[tuple[str, dict[str, Any]]],
                         what: str) -> None: ...
    # a source's packed text (policykg/stored.py pack()) when the store keeps it outside the
    # graph (the embedded store's files; Neo4j keeps it on the Source: None), and which it keeps
    def text_kept_aside(self, sha256: str) -> str | None: ...
    def texts_kept_aside(self) -> set[str]: ...
    # timeout: seconds the read may take (None: the engine's own limit), else StoreTimeout
    def read(self, cypher: str, params: dict[str, Any] | None = None,
             timeout: float | None = None) -> list[dict]: ...
    def set_build(self, params: dict[str, Any]) -> None: ...
    def close(self) -> None: ...


def batched(items: Sequence[T], size: int = BATCH_SIZE) -> Iterator[Sequence[T]]:
    """itertools.batched needs Python 3.12."""
    for start in range(0, len(items), size):
        yield items[start:start + size]


def document_statements(document: DocumentGraph, replaces: str | None,
                        ids_are_keys: bool = False) -> Iterator[tuple[str, dict[str, Any]]]:
    """(statement, parameters) that replace one document's facts, in order, for one
    transaction: delete the facts of the version it ``replaces`` (the sha256 the store holds
    for that file; None for a new file), then create the missing nodes and merge them, then
    relationships."""
    if replaces:
        for statement in delete_statements():
            yield statement, {"sha": replaces}
    groups = document.node_rows_by_label()
    common = source_parameters(document, groups)
    for label, extra, shared, rows in groups:
        for batch in batched(rows):
            yield write_nodes(label, extra, shared, ids_are_keys), {"rows": list(batch), **common}
    for rel, start, end, rows in document.relationship_rows():
        for batch in batched(rows):
            yield merge_relationships(rel, start, end), {"rows": list(batch)}
    yield ADD_AGENCY_TASKS, {"sha": document.source_sha256}


def shared_keys(groups: list[tuple[Label, tuple[Label, ...], bool, list[dict]]]) -> list[str]:
    """The keys of the nodes a document counts itself among the users of (its Source's
    `shared_keys`, what removing it counts down), sorted."""
    return sorted({row["key"] for label, extra, shared, rows in groups
                   if counts_sources(label, extra, shared) for row in rows})


def given_values(groups: list[tuple[Label, tuple[Label, ...], bool, list[dict]]]
                 ) -> tuple[list[str], list[str]]:
    """What the document gives the nodes that count what documents give them (graph/cypher.py
    GIVEN: an agency's aliases, the titles it gives the documents it cites), as its Source's
    `given_keys` and `given_values`: one pair per node and distinct value, sorted."""
    pairs = sorted({(row["key"], value) for label, extra, shared, rows in groups
                    if gives_values(label, extra, shared) for row in rows
                    for value in (row["props"].get("aliases") if label == Label.AGENCY
                                  else row["cited"]) or ()})
    return [key for key, _ in pairs], [value for _, value in pairs]


def given_properties(given: tuple[list[str], list[str]]) -> dict[str, list[str] | None]:
    """A Source's `given_keys` and `given_values` (none: no property)."""
    keys, values = given
    return {"given_keys": keys or None, "given_values": values or None}


def source_parameters(document: DocumentGraph,
                      groups: list[tuple[Label, tuple[Label, ...], bool, list[dict]]]
                      ) -> dict[str, Any]:
    """The parameters every node statement of a document takes: its sha256, and what its
    Source keeps (the shared nodes it counts in, what it gives them; none: no property)."""
    return {"sha": document.source_sha256, "shared": shared_keys(groups),
            **given_properties(given_values(groups))}


def one_statement_write(document: DocumentGraph,
                       replaces: str | None) -> list[tuple[str, dict[str, Any]]]:
    """The same writes as document_statements() in as few round trips as possible, for a server:
    the deletes as one statement, every merge as one fixed statement with the rows of each
    group in one map. A group outside the model's declared lists (none today) goes as its own
    statement."""
    statements: list[tuple[str, dict[str, Any]]] = []
    if replaces:
        statements.append((delete_document_statement(), {"sha": replaces}))
    groups: dict[str, list[dict]] = {}
    extra: list[tuple[str, dict[str, Any]]] = []
    node_groups = document.node_rows_by_label()
    common = source_parameters(document, node_groups)
    for label, labels, shared, rows in node_groups:
        name = group_parameter((label, labels, shared))
        if (label, labels, shared) in NODE_GROUPS:
            groups[name] = rows
        else:
            extra.append((write_nodes(label, labels, shared), {"rows": rows, **common}))
    late: list[tuple[str, dict[str, Any]]] = []
    for rel, start, end, rows in document.relationship_rows():
        if (rel, start, end) in RELATIONSHIP_ENDS:
            groups[group_parameter((rel, start, end))] = rows
        else:
            late.append((merge_relationships(rel, start, end), {"rows": rows}))
    params = {"groups": groups, **common}
    if late:   # the one statement added the agencies' task counts before these: count again
        late += [(SUBTRACT_AGENCY_TASKS, {"sha": document.source_sha256}),
                 (ADD_AGENCY_TASKS, {"sha": document.source_sha256})]
    return [*statements, *extra, (write_document_statement(), params), *late]
