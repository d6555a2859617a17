"""The graph a Neo4j store holds after the online writer has written a sequence of documents,
worked out in memory, for the bulk import (neo4j_import.py writes it as the import tool's CSV).

Every rule here is one of graph/cypher.py's write statements read as Python, so a graph loaded
in bulk equals the one `build --neo4j` writes (tests/stores/test_bulk_import.py compares the
canonical dumps): nodes are created with `id` = `key`; owned nodes and a plan take their
document's properties; a shared node takes the properties of the first document that names it
and counts every document using it (`source_count`); an agency's aliases and a cited
document's title are derived from what each document says (`aliases_by_source`,
`titles_by_source`); a Source lists the shared nodes its document counts in (`shared_keys`);
a relationship is merged on its ends, type and key, later writes updating its properties. A
None property is no property (Cypher's `SET n += {x: null}`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..cypher import OWNED_LABELS
from ..model import DocumentGraph, Label, Rel
from ..stores.base import shared_keys

SHA_PREFIX = 65          # "<64 hex digits> <value>": entries of the *_by_source lists
TITLE_KEY_PREFIX = "document:title:"


@dataclass
class NodeState:
    labels: list[Label]                  # the first is the label it was created with
    props: dict[str, Any] = field(default_factory=dict)


@dataclass
class RelationshipState:
    type: Rel
    start: str
    end: str
    props: dict[str, Any] = field(default_factory=dict)


def set_properties(target: dict[str, Any], props: dict[str, Any]) -> None:
    """`SET n += props`: a None removes the property."""
    for name, value in props.items():
        if value is None:
            target.pop(name, None)
        else:
            target[name] = list(value) if isinstance(value, list) else value


def replace_entries(current: list[str] | None, values: list[str] | None,
                    sha: str) -> list[str] | None:
    """graph/cypher.py replace_entries(): this document's entries replaced, sorted, once each
    (None when the document gives no list: Cypher's reduce over null)."""
    if values is None:
        return None
    kept = {entry for entry in current or [] if not entry.startswith(sha)}
    return sorted(kept | {f"{sha} {value}" for value in values})


def none_if_empty(values: list[str] | None) -> list[str] | None:
    return values if values else None


class GraphState:
    """Nodes by key and relationships by (start, type, end, key), as the writer leaves them."""

    def __init__(self) -> None:
        self.nodes: dict[str, NodeState] = {}
        self.relationships: dict[tuple[str, str, str, str], RelationshipState] = {}

    def write(self, document: DocumentGraph) -> None:
        """One document, as Neo4jStore.write_document() writes it into this state (a fresh
        write: nothing of the document is in the state yet)."""
        groups = document.node_rows_by_label()
        counted = shared_keys(groups)
        for label, extra, shared, rows in groups:
            for row in rows:
                self._node(label, extra, shared, row, document.source_sha256, counted)
        for rel, start, end, rows in document.relationship_rows():
            for row in rows:
                self._relationship(rel, start, end, row)

    def _node(self, label: Label, extra: tuple[Label, ...], shared: bool, row: dict,
              sha: str, counted: list[str]) -> None:
        key, props = row["key"], row["props"]
        node = self.nodes.get(key)
        created = node is None
        if node is None:
            node = self.nodes[key] = NodeState([label], {"key": key, "id": key})
        elif label not in node.labels:   # MERGE (n:Label {key}) would make a second node
            raise ValueError(f"{key}: written as {label.value} and as "
                             f"{node.labels[0].value}")
        state = node.props
        if label in OWNED_LABELS or not shared:
            set_properties(state, props)
            node.labels += [e for e in extra if e not in node.labels]
            if label == Label.DOCUMENT and extra:          # a loaded plan
                state.pop("title_known", None)
                state["source_count"] = state.get("source_count", 0) + 1
            if label == Label.SOURCE:
                state["shared_keys"] = list(counted)
            return
        if created:                                        # ON CREATE SET n += row.props
            set_properties(state, props)
        state["source_count"] = state.get("source_count", 0) + 1
        if label == Label.AGENCY:
            entries = none_if_empty(replace_entries(state.get("aliases_by_source"),
                                                    props.get("aliases"), sha))
            set_properties(state, {"aliases_by_source": entries})
            state["aliases"] = sorted({entry[SHA_PREFIX:] for entry in entries or []})
        if label == Label.DOCUMENT:
            entries = none_if_empty(replace_entries(state.get("titles_by_source"),
                                                    row["cited"], sha))
            set_properties(state, {"titles_by_source": entries})
            set_properties(state, row["always"])
            if Label.PLAN not in node.labels:
                self._document_title(key, state)

    @staticmethod
    def _document_title(key: str, state: dict[str, Any]) -> None:
        """graph/cypher.py DOCUMENT_TITLE: the registry's title, else the least title a
        citing document gives, else the key's title or the doc number, else as it was."""
        given = [entry[SHA_PREFIX:] for entry in state.get("titles_by_source") or []]
        own = key[len(TITLE_KEY_PREFIX):] if key.startswith(TITLE_KEY_PREFIX) \
            else state.get("doc_number")
        for title in (state.get("registry_title"), min(given) if given else None, own,
                      state.get("title")):
            if title is not None:
                state["title"] = title
                break
        state["title_known"] = (state.get("registry_title") is not None or bool(given)
                                or key.startswith(TITLE_KEY_PREFIX))

    def _relationship(self, rel: Rel, start: Label, end: Label, row: dict) -> None:
        a, b = self.nodes.get(row["start_key"]), self.nodes.get(row["end_key"])
        if a is None or b is None or start not in a.labels or end not in b.labels:
            return                                          # MATCH found no node: no write
        props = row["props"]
        identity = (row["start_key"], rel.value, row["end_key"], props["key"])
        state = self.relationships.get(identity)
        if state is None:
            state = self.relationships[identity] = RelationshipState(
                rel, row["start_key"], row["end_key"], {"key": props["key"]})
        set_properties(state.props, props)
