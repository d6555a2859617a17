"""The store's graph as a networkx MultiDiGraph, for the maps.

Read with two statements (graph/cypher.py) that both engines run from the same text, so a map
drawn from Neo4j and one drawn from the embedded store are the same map. Nodes carry
``labels`` (a list) and ``props``; edges carry ``type`` and ``props``.
"""

from __future__ import annotations

from typing import Any, Protocol

import networkx as nx

from .cypher import SNAPSHOT_NODES, SNAPSHOT_RELATIONSHIPS
from .model import Label

# kglite adds `id`, `type` and, where a node has none, `title` (its name) and `label` (its
# label) to properties(); the model never writes `id` or `type`, only these labels have a
# title of their own, and an Assignment's own `label` is its row label text (10.加强…。).
SYNTHETIC = {"id", "type"}
TITLED = {Label.DOCUMENT, Label.SECTION, Label.TASK}


class ReadableStore(Protocol):
    def read(self, cypher: str, params: dict[str, Any] | None = None) -> list[dict]: ...


def node_properties(labels: list[str], props: dict[str, Any]) -> dict[str, Any]:
    clean = {name: value for name, value in props.items() if name not in SYNTHETIC}
    if not TITLED & set(labels):
        clean.pop("title", None)
    if clean.get("label") in labels:
        del clean["label"]
    return clean


def read_snapshot(store: ReadableStore) -> nx.MultiDiGraph:
    """Every node with a key and every relationship between two of them."""
    graph = nx.MultiDiGraph()
    for row in store.read(SNAPSHOT_NODES):
        labels = sorted(row["labels"])
        graph.add_node(row["key"], labels=labels, props=node_properties(labels, row["props"]))
    for row in store.read(SNAPSHOT_RELATIONSHIPS):
        props = {name: value for name, value in row["props"].items() if name != "type"}
        graph.add_edge(row["start_key"], row["end_key"], key=props.get("key"),
                       type=row["type"], props=props)
    return graph
