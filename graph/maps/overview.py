"""The overview map: everything an analyst reads, under a cap. `draw_overview` counts first and
reads the whole snapshot only under the cap; `overview_map` selects from a graph snapshot.
"""

from __future__ import annotations

import networkx as nx

from ..cypher import COUNT_BY_LABELS
from ..model import Rel
from ..snapshot import ReadableStore, read_snapshot
from . import common
from .common import MAX_NODES, Map, MapEdge, MapNode, labels, props

# how the overview draws each relationship type (the rest: a thin "contains" line)
EDGE_KINDS = {**common.ROLE_TYPES, Rel.IMPLEMENTS: "implements", Rel.MENTIONS_HOSPITAL: "mentions",
              Rel.ACCOUNTABLE_FOR: "accountable", Rel.REFERENCES: "references"}
OVERVIEW_LABELS = ("Plan", "Document", "Section", "Task", "Assignment", "Agency", "Hospital",
                   "Jurisdiction", "Indicator")


def overview_refusal(count: int, cap: int) -> str:
    return (f"the graph has {count:,} nodes to draw, more than the overview's cap of "
            f"{cap:,}: a map that large settles into a hairball. Draw a narrower map: "
            "`policykg map plan --plan DOC_NUMBER`, `policykg map agency --agency NAME`, "
            "`policykg map network --jurisdiction NAME` or `policykg map lineage`; or raise "
            "the cap with --max-nodes")


def draw_overview(store: ReadableStore, cap: int = MAX_NODES) -> Map:
    count = store.read(COUNT_BY_LABELS, {"labels": list(OVERVIEW_LABELS)})[0]["count"]
    if count > cap:  # refuse before reading a graph too large to draw
        raise common.MapError(overview_refusal(int(count), cap))
    return overview_map(read_snapshot(store), cap)


def overview_map(graph: nx.MultiDiGraph, cap: int = MAX_NODES) -> Map:
    """Everything an analyst reads (not sources, builds, functions or indicator values)."""
    keys = [key for key in sorted(graph)
            if set(labels(graph, key)) & set(OVERVIEW_LABELS)]
    if len(keys) > cap:
        raise common.MapError(overview_refusal(len(keys), cap))
    drawn = Map("overview", "全图 overview",
                "方案、任务、单位、医院与指标 plans, tasks, agencies, hospitals and indicators")
    for key in keys:
        node_labels = labels(graph, key)
        if "Document" in node_labels:
            drawn.add_node(common.document_node(graph, key))
        elif "Task" in node_labels or "Assignment" in node_labels:
            drawn.add_node(common.task_node(graph, key))
        elif "Agency" in node_labels:
            drawn.add_node(common.agency_node(graph, key))
        else:
            values = props(graph, key)
            kind = node_labels[0].lower()
            name = values.get("name") or values.get("title") or key
            drawn.add_node(MapNode(key, kind, common.short(str(name)),
                                   f"{node_labels[0]}：{name}"))
    for start, end, data in sorted(graph.edges(data=True),
                                   key=lambda e: (e[0], e[1], str(e[2]["props"].get("key")))):
        if data["type"] == Rel.IN_SECTION:
            continue  # HAS_SECTION and HAS_TASK already place a task; this would double it
        if data["type"] == Rel.IMPLEMENTS:   # stated, confirmed or inferred: drawn apart
            drawn.add_edge(MapEdge(start, end, common.implements_kind(data["props"]),
                                   "\n".join(common.implements_lines(data["props"]))))
            continue
        drawn.add_edge(MapEdge(start, end, EDGE_KINDS.get(data["type"], "contains"),
                               "\n".join([data["type"], *common.evidence_lines(data["props"])])))
    return common.name_shared_agencies(drawn, graph)
