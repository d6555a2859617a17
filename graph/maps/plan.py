"""The plan view: a plan read like the plan. Its sections as columns in the plan's order, the
tasks under each, their table rows folded beneath them (a click on the task unfolds them),
agencies and hospitals in lanes below, role edges from the agencies; deadlines on the task
labels. Positions are fixed (graph/maps/layout.py), not physics. `draw_plan` reads only the
plan and what hangs from it; `plan_map` selects from a graph snapshot.
"""

from __future__ import annotations

from collections import Counter

import networkx as nx

from ..snapshot import PartialSnapshot, ReadableStore
from . import common
from .common import Map, MapEdge, MapNode, out_edges, props
from .layout import ROW_SHIFT, lay_out_plan, wrap

# estimated pixels a label line may take (layout.text_width): a task's number and eight
# Chinese characters; a table row, indented under its task, a little less
LABEL_WIDTH = 130
ROW_WIDTH = LABEL_WIDTH - 2 * ROW_SHIFT


def draw_plan(store: ReadableStore, reference: str) -> Map:
    part = PartialSnapshot(store)
    part.labelled("Plan")
    plan = find_plan(part.graph, reference)
    hanging = part.follow([plan], ["HAS_SECTION", "HAS_TASK", "MENTIONS_HOSPITAL"], "out")
    tasks = part.with_label(hanging, "Task")
    rows = part.with_label(part.follow(tasks, ["HAS_ASSIGNMENT", "IN_SECTION",
                                               "MENTIONS_HOSPITAL"], "out"), "Assignment")
    part.follow(tasks + rows, common.ROLES, "in")
    part.follow(rows, ["MENTIONS_HOSPITAL"], "out")
    return plan_map(part.graph, reference)


def find_plan(graph: nx.MultiDiGraph, reference: str) -> str:
    plans = sorted(key for key in graph if "Plan" in common.labels(graph, key))
    for key in plans:
        values = props(graph, key)
        if reference in (key, values.get("doc_number"), values.get("title")):
            return key
    known = "、".join(common.document_name(props(graph, key)) for key in plans) or "none loaded"
    raise common.MapError(f"no plan {reference!r} in the graph (plans: {known})")


def in_order(graph: nx.MultiDiGraph, key: str, kind: str) -> list[str]:
    """What a node holds, in the document's order (the relationship's `order`, then key)."""
    found = [(end, data) for end, data in out_edges(graph, key, kind)]
    return [end for end, _ in sorted(found, key=lambda item: (
        int(item[1]["props"].get("order") or 0), item[0]))]


def labelled(text: str, width: float, lines: int, *more: str | None) -> str:
    return "\n".join([*wrap(text, width, lines), *filter(None, more)])


def plan_map(graph: nx.MultiDiGraph, reference: str) -> Map:
    plan = find_plan(graph, reference)
    values = props(graph, plan)
    drawn = Map("plan", f"{values.get('title') or common.document_name(values)}",
                f"{common.document_name(values)} · 按章节排列的任务（点击任务展开分工行）、"
                "责任单位、完成时限与医院 tasks by section (click a task for its table rows), "
                "agencies, deadlines and hospitals")
    drawn.add_node(common.document_node(graph, plan))
    sections = sorted(out_edges(graph, plan, "HAS_SECTION"), key=lambda item: (
        int(props(graph, item[0]).get("order") or 0), item[0]))
    columns: dict[str | None, list[str]] = {section: [] for section, _ in sections}
    for section, _ in sections:
        title = str(props(graph, section).get("title"))
        drawn.add_node(MapNode(section, "section", "\n".join(wrap(title, LABEL_WIDTH, 3)),
                               f"章节 section：{title}"))
        drawn.add_edge(MapEdge(plan, section, "contains"))
    rows: dict[str, list[str]] = {}
    for task in in_order(graph, plan, "HAS_TASK"):
        rows[task] = in_order(graph, task, "HAS_ASSIGNMENT")
        node = common.task_node(graph, task, tuple(rows[task]))
        task_values = props(graph, task)
        number = task_values.get("number") or task_values.get("task_id") or ""
        folded = f"▸{len(rows[task])}行" if rows[task] else None
        node.label = labelled(f"{number} {task_values.get('title')}".strip(), LABEL_WIDTH, 2,
                              " ".join(filter(None, [common.deadline_label(task_values),
                                                     folded])) or None)
        if rows[task]:
            node.tooltip += (f"\n点击展开/收起 {len(rows[task])} 个任务分工行 "
                             "click to show or hide its table rows")
        drawn.add_node(node)
        section = next((key for key, _ in out_edges(graph, task, "IN_SECTION")
                        if key in columns), None)
        columns.setdefault(section, []).append(task)
        drawn.add_edge(MapEdge(section or plan, task, "contains"))
        for row in rows[task]:
            row_node = common.task_node(graph, row)
            row_node.label = labelled(str(props(graph, row).get("text") or ""), ROW_WIDTH, 3,
                                      common.deadline_label(props(graph, row)))
            drawn.add_node(row_node)
            drawn.add_edge(MapEdge(task, row, "contains"))
    targets = [key for task in rows for key in (task, *rows[task])]
    load: Counter[str] = Counter()
    for target in targets:
        for agency, data in common.in_edges(graph, target, *common.ROLE_TYPES):
            drawn.add_node(common.agency_node(graph, agency))
            drawn.add_edge(common.role_edge(graph, agency, target, data))
            load[agency] += 1
    mentions: Counter[str] = Counter()
    for source in [plan, *targets]:
        for hospital, _ in out_edges(graph, source, "MENTIONS_HOSPITAL"):
            name = str(props(graph, hospital).get("name"))
            drawn.add_node(MapNode(hospital, "hospital", "\n".join(wrap(name, LABEL_WIDTH, 2)),
                                   f"医院 hospital：{name}"))
            drawn.add_edge(MapEdge(source, hospital, "mentions"))
            mentions[hospital] += 1
    common.name_shared_agencies(drawn, graph)
    lay_out_plan(drawn, plan, [(section, tasks) for section, tasks in columns.items()
                               if section or tasks],
                 rows, [sorted(load, key=lambda key: (-load[key], drawn.nodes[key].label, key)),
                        sorted(mentions, key=lambda key: (-mentions[key],
                                                          drawn.nodes[key].label, key))])
    return drawn
