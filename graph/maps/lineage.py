"""The lineage map: plans and the documents they implement, up to the national level, a row a
level (national, provincial, municipal, district), each document by its title and doc number.
Links a plan states, the registry confirms or a registry rule infers are drawn differently.
`draw_lineage` reads only the plans and the IMPLEMENTS links; `lineage_map` selects from a
graph snapshot.
"""

from __future__ import annotations

import networkx as nx

from ..snapshot import PartialSnapshot, ReadableStore
from . import common
from .common import Map, MapEdge, labels, props
from .layout import document_level, lay_out_levels, wrap

TITLE_WIDTH = 190     # estimated pixels: about thirteen Chinese characters a line


def draw_lineage(store: ReadableStore, document: str | None = None) -> Map:
    part = PartialSnapshot(store)
    part.labelled("Plan")
    part.of_type(["IMPLEMENTS"])
    return lineage_map(part.graph, document)


def document_label(values: dict) -> str:
    """The title on two lines (the registry's where the plan's citation gave none), then the
    doc number."""
    number = str(values.get("doc_number") or "")
    title = str(values.get("registry_title") if values.get("title") in (None, number)
                else values.get("title") or "")
    lines = wrap(title, TITLE_WIDTH, 2) if title and title != "None" and title != number else []
    return "\n".join([*lines, number] if number else lines or [str(values.get("key"))])


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
            raise common.MapError(f"no document {document!r} implements or is implemented by "
                                  "another in the graph")
        keep = set(matches)
        for key in matches:
            keep |= nx.descendants(implements, key) | nx.ancestors(implements, key)
        implements = implements.subgraph(keep)
    drawn = Map("lineage", f"贯彻落实链 lineage{' · ' + document if document else ''}",
                "方案 → 所贯彻的上级文件，直至国家层面；实线：方案自述或登记确认，虚线：推断 "
                "plans -> the documents they implement; solid: stated or confirmed, dashed: "
                "inferred")
    for key in sorted(implements):
        node = common.document_node(graph, key)
        node.label = document_label(props(graph, key))
        drawn.add_node(node)
    for start, end in sorted(implements.edges()):
        values = implements.edges[start, end]["props"]
        drawn.add_edge(MapEdge(start, end, common.implements_kind(values),
                               "\n".join(common.implements_lines(values))))
    levels = {key: document_level(node.kind, str(props(graph, key).get("jurisdiction") or ""))
              for key, node in drawn.nodes.items()}
    lay_out_levels(drawn, levels, {key: sorted(implements.successors(key))
                                   for key in sorted(implements)})
    return drawn
