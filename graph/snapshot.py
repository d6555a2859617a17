"""The store's graph as a networkx MultiDiGraph, for the maps.

Read with two statements (graph/cypher.py) that both engines run from the same text, so a map
drawn from Neo4j and one drawn from the embedded store are the same map. Nodes carry
``labels`` (a list) and ``props``; edges carry ``type`` and ``props``.
"""

from __future__ import annotations

from typing import Any, Protocol

import networkx as nx

from .cypher import (
    NODES_BY_KEY,
    NODES_BY_LABEL,
    RELATIONSHIPS_FROM,
    RELATIONSHIPS_OF_TYPE,
    RELATIONSHIPS_TO,
    SNAPSHOT_NODES,
    SNAPSHOT_RELATIONSHIPS,
)
from .model import Label

# kglite adds `id`, `type` and, where a node has none, `title` (its name) and `label` (its
# label) to properties(); the model never writes `id` or `type`, only these labels have a
# title of their own, and an Assignment's own `label` is its row label text (10.加强…。).
SYNTHETIC = {"id", "type"}
# What a store keeps for the builder, not for an analyst: a source's packed text (Neo4j keeps
# it on the Source node, the embedded store in a file beside the graph)
STORE_ONLY = {"text_zlib_base64"}
TITLED = {Label.DOCUMENT, Label.SECTION, Label.TASK}


class ReadableStore(Protocol):
    def read(self, cypher: str, params: dict[str, Any] | None = None) -> list[dict]: ...


def node_properties(labels: list[str], props: dict[str, Any]) -> dict[str, Any]:
    clean = {name: value for name, value in props.items()
             if name not in SYNTHETIC and name not in STORE_ONLY}
    if not TITLED & set(labels):
        clean.pop("title", None)
    if clean.get("label") in labels:
        del clean["label"]
    return clean


def add_node_rows(graph: nx.MultiDiGraph, rows: list[dict]) -> None:
    for row in rows:
        labels = sorted(row["labels"])
        graph.add_node(row["key"], labels=labels, props=node_properties(labels, row["props"]))


def add_relationship_rows(graph: nx.MultiDiGraph, rows: list[dict]) -> None:
    for row in rows:
        props = {name: value for name, value in row["props"].items() if name != "type"}
        key = props.get("key") or f"{row['start_key']}|{row['type']}|{row['end_key']}"
        if not graph.has_edge(row["start_key"], row["end_key"], key=key):
            graph.add_edge(row["start_key"], row["end_key"], key=key, type=row["type"],
                           props=props)


def read_snapshot(store: ReadableStore) -> nx.MultiDiGraph:
    """Every node with a key and every relationship between two of them."""
    graph = nx.MultiDiGraph()
    add_node_rows(graph, store.read(SNAPSHOT_NODES))
    add_relationship_rows(graph, store.read(SNAPSHOT_RELATIONSHIPS))
    return graph


class PartialSnapshot:
    """Part of the store, read a step at a time: a map of one plan on a store of thousands
    reads a few hundred nodes, not the whole graph. Relationships come with both their ends."""

    def __init__(self, store: ReadableStore):
        self.store = store
        self.graph = nx.MultiDiGraph()

    def labelled(self, label: str) -> list[str]:
        """Every node with this label (Plan, Agency: the names a map is asked for)."""
        rows = self.store.read(NODES_BY_LABEL, {"label": label})
        add_node_rows(self.graph, rows)
        return [row["key"] for row in rows]

    def nodes(self, keys: list[str]) -> None:
        missing = sorted(set(keys) - set(self.graph.nodes))
        if missing:
            add_node_rows(self.graph, self.store.read(NODES_BY_KEY, {"keys": missing}))

    def follow(self, keys: list[str], types: list[str], direction: str) -> list[str]:
        """The relationships of these types leaving ("out") or reaching ("in") these nodes;
        returns the nodes at their other ends."""
        if not keys:
            return []
        statement = RELATIONSHIPS_FROM if direction == "out" else RELATIONSHIPS_TO
        rows = self.store.read(statement, {"keys": sorted(set(keys)), "types": sorted(types)})
        ends = sorted({row["end_key" if direction == "out" else "start_key"] for row in rows})
        self.nodes(sorted({row["start_key"] for row in rows} | {row["end_key"] for row in rows}))
        add_relationship_rows(self.graph, rows)
        return ends

    def of_type(self, types: list[str]) -> None:
        rows = self.store.read(RELATIONSHIPS_OF_TYPE, {"types": sorted(types)})
        self.nodes(sorted({row["start_key"] for row in rows} | {row["end_key"] for row in rows}))
        add_relationship_rows(self.graph, rows)

    def with_label(self, keys: list[str], label: str) -> list[str]:
        return [key for key in keys if label in self.graph.nodes[key]["labels"]]
