"""The lineage map: plans and the documents they implement, up to the national level.
`draw_lineage` reads only the plans and the IMPLEMENTS links; `lineage_map` selects from a
graph snapshot.
"""

from __future__ import annotations

import networkx as nx

from ..snapshot import PartialSnapshot, ReadableStore
from .common import Map, MapEdge, MapError, document_node, evidence_lines, labels, props


def draw_lineage(store: ReadableStore, document: str | None = None) -> Map:
    part = PartialSnapshot(store)
    part.labelled("Plan")
    part.of_type(["IMPLEMENTS"])
    return lineage_map(part.graph, document)


def lineage_map(graph: nx.MultiDiGraph, document: str | None = None) -> Map:
    implements = nx.DiGraph()
    for start, end, data in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1])):
        if data["type"] == "IMPLEMENTS":
            implements.add_edge(start, end, props=data["props"])
    if document is None:  # every loaded plan, even one that names no parent
        implements.add_nodes_from(key for key in sorted(graph) if "Plan" in labels(graph, key))
    if document is not None:
        matches = [key for key in sorted(implements) if document in (
            key, props(graph, key).get("doc_number"), props(graph, key).get("title"))]
        if not matches:
            raise MapError(f"no document {document!r} implements or is implemented by another "
                           "in the graph")
        keep = set(matches)
        for key in matches:
            keep |= nx.descendants(implements, key) | nx.ancestors(implements, key)
        implements = implements.subgraph(keep)
    drawn = Map("lineage", f"贯彻落实链 lineage{' · ' + document if document else ''}",
                "方案 → 所贯彻的上级文件，直至国家层面 plans -> the documents they implement")
    for key in sorted(implements):
        drawn.add_node(document_node(graph, key))
    for start, end in sorted(implements.edges()):
        values = implements.edges[start, end]["props"]
        drawn.add_edge(MapEdge(start, end, "implements",
                               "\n".join(["贯彻落实 implements", *evidence_lines(values)])))
    return drawn
