"""The agency map: an agency's portfolio across plans (the tasks and table rows it leads,
cooperates on or is responsible for, their plans, and the indicators it is accountable for).
`draw_agency` reads only the agency and its tasks; `agency_map` selects from a graph snapshot.
"""

from __future__ import annotations

import networkx as nx

from ..snapshot import PartialSnapshot, ReadableStore
from . import common
from .common import Map, MapEdge, MapNode, in_edges, labels, out_edges, props


def draw_agency(store: ReadableStore, name: str, jurisdiction: str | None = None) -> Map:
    part = PartialSnapshot(store)
    part.labelled("Agency")
    agencies = find_agencies(part.graph, name, jurisdiction)
    targets = part.follow(agencies, [*common.ROLES, "ACCOUNTABLE_FOR"], "out")
    owners = part.follow(targets, ["HAS_ASSIGNMENT", "HAS_INDICATOR", "HAS_TASK"], "in")
    part.follow(part.with_label(owners, "Task"), ["HAS_TASK"], "in")
    # everyone named on those tasks and rows: their tooltips say who else leads or cooperates
    part.follow(part.with_label(targets + owners, "Task")
                + part.with_label(targets, "Assignment"), common.ROLES, "in")
    return agency_map(part.graph, name, jurisdiction)


def find_agencies(graph: nx.MultiDiGraph, name: str, jurisdiction: str | None) -> list[str]:
    found = []
    for key in sorted(graph):
        if "Agency" not in labels(graph, key):
            continue
        values = props(graph, key)
        if name != values.get("name") and name not in (values.get("aliases") or []):
            continue
        if jurisdiction and not common.in_jurisdiction(values, jurisdiction):
            continue
        found.append(key)
    if not found:
        where = f" in {jurisdiction}" if jurisdiction else ""
        raise common.MapError(f"no agency named {name!r}{where} in the graph "
                       "(`policykg query agency-load` lists the agencies)")
    return found


def agency_map(graph: nx.MultiDiGraph, name: str, jurisdiction: str | None = None) -> Map:
    agencies = find_agencies(graph, name, jurisdiction)
    where = f" · {jurisdiction}" if jurisdiction else ""
    drawn = Map("agency", f"{name} 的任务 portfolio", f"{len(agencies)} 个单位 agencies{where}"
                " · 跨方案的牵头、配合与责任 lead, cooperating and responsible across plans")
    for agency in agencies:
        drawn.add_node(common.agency_node(graph, agency))
        for target, data in out_edges(graph, agency, *common.ROLE_TYPES):
            drawn.add_node(common.task_node(graph, target))
            drawn.add_edge(common.role_edge(graph, agency, target, data))
            task = target
            for parent, _ in in_edges(graph, target, "HAS_ASSIGNMENT"):
                drawn.add_node(common.task_node(graph, parent))
                drawn.add_edge(MapEdge(parent, target, "contains"))
                task = parent
            for plan, _ in in_edges(graph, task, "HAS_TASK"):
                drawn.add_node(common.document_node(graph, plan))
                drawn.add_edge(MapEdge(plan, task, "contains"))
        for indicator, data in out_edges(graph, agency, "ACCOUNTABLE_FOR"):
            values = props(graph, indicator)
            lines = [f"指标 indicator：{values.get('name')}"]
            if values.get("unit"):
                lines.append(f"单位 unit：{values['unit']}")
            evidence = common.evidence_lines(data["props"])
            drawn.add_node(MapNode(indicator, "indicator", common.short(str(values.get("name"))),
                                   "\n".join(lines + evidence)))
            drawn.add_edge(MapEdge(agency, indicator, "accountable",
                                   "\n".join(["指标负责 accountable", *evidence])))
            for owner, _ in in_edges(graph, indicator, "HAS_INDICATOR"):
                if "Plan" in labels(graph, owner):
                    drawn.add_node(common.document_node(graph, owner))
                    drawn.add_edge(MapEdge(owner, indicator, "contains"))
    # 区医保局 of 渝北, of 沙坪坝, of 北辰: say which is which
    return common.name_shared_agencies(drawn, graph)
