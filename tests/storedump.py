"""A canonical dump of a whole graph store, to compare two stores (embedded or Neo4j).

Built from the rows of two Cypher reads that run unchanged on both engines (a store's
``read``), so the same helper compares an incremental build with a fresh one on kglite today
and on Neo4j later. Every node is its labels and properties, every relationship its type,
properties and the keys of its ends; the lines are sorted, so the order things were written
in does not matter, only what the store holds.

Left out, because they record when or in what order a store was written, not what it holds:

* ``built_at`` (the Build node's time of the last build);
* the order of ``aliases``: a set kept as a list (compared sorted);
* what kglite adds by itself: ``id``, ``type`` and a synthetic ``title``/``label``
  (graph/snapshot.py, the same rule the maps use).
"""

from __future__ import annotations

import json
from typing import Any, Protocol

from policykg.graph.snapshot import node_properties
from policykg.graph.stores.kept_texts import TEXT_PROPERTY

DUMP_NODES = "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props"
# kglite reserves END even as an alias, hence start_key/end_key
DUMP_RELATIONSHIPS = ("MATCH (a)-[r]->(b) RETURN a.key AS start_key, type(r) AS type, "
                      "properties(r) AS props, b.key AS end_key")
WRITE_TIME_PROPERTIES = {"built_at"}
SET_PROPERTIES: set[str] = set()


class ReadableStore(Protocol):
    def read(self, cypher: str, params: dict[str, Any] | None = None) -> list[dict]: ...


def canonical_properties(props: dict[str, Any]) -> dict[str, Any]:
    clean = {}
    for name, value in props.items():
        if name in WRITE_TIME_PROPERTIES or value is None:
            continue
        if name in SET_PROPERTIES and isinstance(value, list):
            value = sorted(value, key=str)
        clean[name] = value
    return clean


def line(item: dict[str, Any]) -> str:
    return json.dumps(item, ensure_ascii=False, sort_keys=True, default=str)


def dump_rows(node_rows: list[dict], relationship_rows: list[dict]) -> list[str]:
    """One sorted JSON line per node, then one per relationship."""
    nodes = []
    for row in node_rows:
        labels = sorted(row["labels"])
        props = canonical_properties(node_properties(labels, dict(row["props"])))
        if row["props"].get(TEXT_PROPERTY) is not None:   # node_properties leaves it out
            props[TEXT_PROPERTY] = row["props"][TEXT_PROPERTY]
        nodes.append(line({"labels": labels, "props": props}))
    relationships = []
    for row in relationship_rows:
        props = canonical_properties({name: value for name, value in row["props"].items()
                                      if name != "type"})
        relationships.append(line({"start": row["start_key"], "type": row["type"],
                                   "end": row["end_key"], "props": props}))
    return sorted(nodes) + sorted(relationships)


def dump_store(store: ReadableStore) -> list[str]:
    """The whole store as sorted lines (see the module docstring for what is left out). A
    source's kept text is part of it wherever the store keeps it: the embedded store keeps it
    in a file beside the graph (graph/stores/kept_texts.py), Neo4j on the Source node; the
    dump shows it on the Source either way, so the two engines' dumps compare."""
    nodes = store.read(DUMP_NODES)
    aside = getattr(store, "text_kept_aside", None)
    if aside is not None:
        for row in nodes:
            if "Source" in row["labels"] and row["props"].get(TEXT_PROPERTY) is None:
                packed = aside(row["props"]["sha256"])
                if packed is not None:
                    row["props"] = {**row["props"], TEXT_PROPERTY: packed}
    return dump_rows(nodes, store.read(DUMP_RELATIONSHIPS))


def embedded_dump(store_path) -> list[str]:
    """The canonical dump of an embedded store folder, opened read-only as a reader would."""
    from policykg.graph.stores.embedded_store import EmbeddedStore

    store = EmbeddedStore(store_path, read_only=True)
    try:
        return dump_store(store)
    finally:
        store.close()
