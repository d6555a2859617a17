"""The plan map: a plan's sections, tasks, table rows, agencies by role, deadlines (on the task
labels) and named hospitals. `draw_plan` reads only the plan and what hangs from it;
`plan_map` selects from a graph snapshot.
"""

from __future__ import annotations

import networkx as nx

from ..snapshot import PartialSnapshot, ReadableStore
from .common import (
    ROLE_TYPES,
    ROLES,
    Map,
    MapEdge,
    MapError,
    MapNode,
    agency_node,
    document_name,
    document_node,
    in_edges,
    labels,
    out_edges,
    props,
    role_edge,
    short,
    task_node,
)


def draw_plan(store: ReadableStore, reference: str) -> Map:
    part = PartialSnapshot(store)
    part.labelled("Plan")
    plan = find_plan(part.graph, reference)
    hanging = part.follow([plan], ["HAS_SECTION", "HAS_TASK", "MENTIONS_HOSPITAL"], "out")
    tasks = part.with_label(hanging, "Task")
    rows = part.with_label(part.follow(tasks, ["HAS_ASSIGNMENT", "IN_SECTION",
                                               "MENTIONS_HOSPITAL"], "out"), "Assignment")
    part.follow(tasks + rows, ROLES, "in")
    part.follow(rows, ["MENTIONS_HOSPITAL"], "out")
    return plan_map(part.graph, reference)


def find_plan(graph: nx.MultiDiGraph, reference: str) -> str:
    plans = sorted(key for key in graph if "Plan" in labels(graph, key))
    for key in plans:
        values = props(graph, key)
        if reference in (key, values.get("doc_number"), values.get("title")):
            return key
    known = "、".join(document_name(props(graph, key)) for key in plans) or "none loaded"
    raise MapError(f"no plan {reference!r} in the graph (plans: {known})")


def plan_map(graph: nx.MultiDiGraph, reference: str) -> Map:
    plan = find_plan(graph, reference)
    values = props(graph, plan)
    drawn = Map("plan", f"{values.get('title') or document_name(values)}",
                f"{document_name(values)} · 任务、责任单位、完成时限与医院 tasks, agencies, "
                "deadlines and hospitals")
    drawn.add_node(document_node(graph, plan))
    for section, _ in out_edges(graph, plan, "HAS_SECTION"):
        section_values = props(graph, section)
        drawn.add_node(MapNode(section, "section", short(str(section_values.get("title"))),
                               f"章节 section：{section_values.get('title')}"))
        drawn.add_edge(MapEdge(plan, section, "contains"))
    targets = []
    for task, _ in out_edges(graph, plan, "HAS_TASK"):
        drawn.add_node(task_node(graph, task))
        sections = out_edges(graph, task, "IN_SECTION")
        drawn.add_edge(MapEdge(sections[0][0] if sections else plan, task, "contains"))
        targets.append(task)
        for row, _ in out_edges(graph, task, "HAS_ASSIGNMENT"):
            drawn.add_node(task_node(graph, row))
            drawn.add_edge(MapEdge(task, row, "contains"))
            targets.append(row)
    for target in targets:
        for agency, data in in_edges(graph, target, *ROLE_TYPES):
            drawn.add_node(agency_node(graph, agency))
            drawn.add_edge(role_edge(graph, agency, target, data))
    for source in [plan, *targets]:
        for hospital, _ in out_edges(graph, source, "MENTIONS_HOSPITAL"):
            name = props(graph, hospital).get("name")
            drawn.add_node(MapNode(hospital, "hospital", short(str(name)),
                                   f"医院 hospital：{name}"))
            drawn.add_edge(MapEdge(source, hospital, "mentions"))
    return drawn
