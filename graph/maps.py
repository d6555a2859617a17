"""What each map shows: a selection of the graph snapshot (graph/snapshot.py) as map nodes and
edges with a kind, a short label and a plain-text tooltip. Drawing is graph/sinks/pyvis_map.py.

The kinds: `plan` (a plan's sections, tasks, table rows, agencies by role, deadlines and named
hospitals), `agency` (an agency's portfolio across plans), `lineage` (plans and the documents
they implement, up to the national level), `network` (agencies linked by shared tasks) and
`overview` (everything, under a cap). Deadlines show on the task's label and tooltip.
Everything is visited in sorted order, so the same graph gives the same map.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from .model import ROLE_RELATION, Rel

ROLE_TYPES = {str(rel): role for role, rel in ROLE_RELATION.items()}   # LEADS -> lead
# how the overview draws each relationship type (the rest: a thin "contains" line)
EDGE_KINDS = {**ROLE_TYPES, Rel.IMPLEMENTS: "implements", Rel.MENTIONS_HOSPITAL: "mentions",
              Rel.ACCOUNTABLE_FOR: "accountable", Rel.REFERENCES: "references"}
ROLE_ZH = {"lead": "牵头", "cooperating": "配合", "responsible": "责任"}
MAX_NODES = 2000     # past this a map settles into a hairball and the page grows slow
NARROWER = {
    "plan": "a plan this large is drawn best in parts: `policykg query task-evidence`",
    "agency": "name the jurisdiction: `policykg map agency --agency NAME --jurisdiction J`",
    "lineage": "name a document: `policykg map lineage --document DOC_NUMBER`",
    "network": "name a jurisdiction: `policykg map network --jurisdiction J`",
}
LABEL_CHARS = 14


class MapError(ValueError):
    """A map that cannot be drawn: an unknown plan or agency, or a graph over the cap."""


@dataclass
class MapNode:
    id: str
    kind: str            # a key of NODE_STYLES in graph/sinks/pyvis_map.py
    label: str
    tooltip: str
    size: float | None = None
    group: int | None = None   # a community (network map), drawn in its own colour


@dataclass
class MapEdge:
    start: str
    end: str
    kind: str            # a key of EDGE_STYLES
    tooltip: str = ""
    width: float | None = None


@dataclass
class Map:
    kind: str
    title: str
    subtitle: str = ""
    nodes: dict[str, MapNode] = field(default_factory=dict)
    edges: list[MapEdge] = field(default_factory=list)
    drawn_edges: set[tuple] = field(default_factory=set, repr=False)

    def add_node(self, node: MapNode) -> None:
        self.nodes.setdefault(node.id, node)

    def add_edge(self, edge: MapEdge) -> None:
        """Only between drawn nodes, and once (a task reached through two of its rows)."""
        identity = (edge.start, edge.end, edge.kind, edge.tooltip)
        if edge.start in self.nodes and edge.end in self.nodes \
                and identity not in self.drawn_edges:
            self.drawn_edges.add(identity)
            self.edges.append(edge)


# -- reading the snapshot -------------------------------------------------------------------

def props(graph: nx.MultiDiGraph, key: str) -> dict[str, Any]:
    return graph.nodes[key]["props"]


def labels(graph: nx.MultiDiGraph, key: str) -> list[str]:
    return graph.nodes[key]["labels"]


def out_edges(graph: nx.MultiDiGraph, key: str, *types: str) -> list[tuple[str, dict]]:
    found = [(end, data) for _, end, data in graph.out_edges(key, data=True)
             if data["type"] in types]
    return sorted(found, key=lambda item: (item[0], str(item[1]["props"].get("key"))))


def in_edges(graph: nx.MultiDiGraph, key: str, *types: str) -> list[tuple[str, dict]]:
    found = [(start, data) for start, _, data in graph.in_edges(key, data=True)
             if data["type"] in types]
    return sorted(found, key=lambda item: (item[0], str(item[1]["props"].get("key"))))


def short(text: str, limit: int = LABEL_CHARS) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def evidence_lines(values: dict[str, Any]) -> list[str]:
    """The sentence a fact came from and where: 「quote」 / file [start–end]."""
    lines = []
    if values.get("quote"):
        lines.append(f"证据 evidence：「{' '.join(str(values['quote']).split())}」")
    if values.get("source_path"):
        span = ""
        if values.get("span_start") is not None:
            span = f" [{values['span_start']}–{values['span_end']}]"
        lines.append(f"来源 source：{values['source_path']}{span}")
    return lines


def deadline_text(values: dict[str, Any]) -> str | None:
    deadline = values.get("deadline")
    if deadline is None:
        return None
    if deadline == "ongoing":
        return "持续推进 (ongoing)"
    return str(values.get("deadline_written") or deadline)


def document_name(values: dict[str, Any]) -> str:
    return str(values.get("doc_number") or values.get("title") or values.get("key"))


def find_plan(graph: nx.MultiDiGraph, reference: str) -> str:
    plans = sorted(key for key in graph if "Plan" in labels(graph, key))
    for key in plans:
        values = props(graph, key)
        if reference in (key, values.get("doc_number"), values.get("title")):
            return key
    known = "、".join(document_name(props(graph, key)) for key in plans) or "none loaded"
    raise MapError(f"no plan {reference!r} in the graph (plans: {known})")


def find_agencies(graph: nx.MultiDiGraph, name: str, jurisdiction: str | None) -> list[str]:
    found = []
    for key in sorted(graph):
        if "Agency" not in labels(graph, key):
            continue
        values = props(graph, key)
        if name != values.get("name") and name not in (values.get("aliases") or []):
            continue
        if jurisdiction and not in_jurisdiction(values, jurisdiction):
            continue
        found.append(key)
    if not found:
        where = f" in {jurisdiction}" if jurisdiction else ""
        raise MapError(f"no agency named {name!r}{where} in the graph "
                       "(`policykg query agency-load` lists the agencies)")
    return found


def in_jurisdiction(values: dict[str, Any], jurisdiction: str) -> bool:
    """重庆市渝北区 matches 重庆市渝北区 and 渝北区."""
    own = str(values.get("jurisdiction") or "")
    return bool(own) and (own == jurisdiction or own.endswith(jurisdiction))


# -- node builders ---------------------------------------------------------------------------

def task_node(graph: nx.MultiDiGraph, key: str) -> MapNode:
    values = props(graph, key)
    if "Assignment" in labels(graph, key):
        text = str(values.get("text") or values.get("label") or "")
        lines = [f"任务分工行 table row {values.get('order')}：{text}"]
        kind, label = "assignment", short(text)
    else:
        number = values.get("number") or values.get("task_id") or ""
        lines = [f"任务 task {number}：{values.get('title')}"]
        if values.get("section"):
            lines.append(f"章节 section：{values['section']}")
        kind, label = "task", short(f"{number} {values.get('title')}".strip())
    if deadline_text(values):
        # on the label's second line: when it falls due shows at a glance (a deadline node
        # linked from every task was a hub that pulled the whole plan into one knot)
        label += "\n时限 " + ("持续推进" if values.get("deadline") == "ongoing"
                           else str(values.get("deadline_written") or values.get("deadline")))
        lines.append(f"完成时限 deadline：{deadline_text(values)}")
    lines += evidence_lines(values)
    return MapNode(key, kind, label, "\n".join(lines))


def agency_node(graph: nx.MultiDiGraph, key: str) -> MapNode:
    values = props(graph, key)
    lines = [f"单位 agency：{values.get('name')}"]
    if values.get("jurisdiction"):
        lines.append(f"辖区 jurisdiction：{values['jurisdiction']}")
    if values.get("aliases"):
        lines.append(f"又称 aliases：{'、'.join(values['aliases'])}")
    return MapNode(key, "agency", short(str(values.get("name"))), "\n".join(lines))


def document_node(graph: nx.MultiDiGraph, key: str) -> MapNode:
    values = props(graph, key)
    loaded = "Plan" in labels(graph, key)
    level = values.get("level")
    kind = "plan" if loaded else f"document-{level}" if level in (
        "national", "provincial", "municipal", "district") else "document"
    title = values.get("title") or values.get("registry_title") or ""
    lines = [f"{'方案 plan' if loaded else '文件 document'}：{title}".rstrip("：")]
    for name, caption in (("doc_number", "文号 doc number"), ("issuer", "发文机关 issuer"),
                          ("issued", "印发 issued"), ("jurisdiction", "辖区 jurisdiction"),
                          ("level", "层级 level"), ("registry_issued", "登记印发 registry issued")):
        if values.get(name):
            lines.append(f"{caption}：{values[name]}")
    lines += evidence_lines(values)
    return MapNode(key, kind, short(document_name(values), 18), "\n".join(lines))


def role_edge(graph: nx.MultiDiGraph, agency: str, target: str, data: dict) -> MapEdge:
    role = ROLE_TYPES[data["type"]]
    values = data["props"]
    lines = [f"{props(graph, agency).get('name')} — {ROLE_ZH[role]} {role}"]
    if values.get("written") and values["written"] != props(graph, agency).get("name"):
        lines.append(f"原文写作 written：{values['written']}")
    lines += evidence_lines(values)
    return MapEdge(agency, target, role, "\n".join(lines))


# -- the maps --------------------------------------------------------------------------------

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


def agency_map(graph: nx.MultiDiGraph, name: str, jurisdiction: str | None = None) -> Map:
    agencies = find_agencies(graph, name, jurisdiction)
    where = f" · {jurisdiction}" if jurisdiction else ""
    drawn = Map("agency", f"{name} 的任务 portfolio", f"{len(agencies)} 个单位 agencies{where}"
                " · 跨方案的牵头、配合与责任 lead, cooperating and responsible across plans")
    for agency in agencies:
        node = agency_node(graph, agency)
        if len(agencies) > 1:  # 区医保局 of 渝北, of 沙坪坝, of 北辰: say which is which
            node.label += f"\n{props(graph, agency).get('jurisdiction') or ''}".rstrip()
        drawn.add_node(node)
        for target, data in out_edges(graph, agency, *ROLE_TYPES):
            drawn.add_node(task_node(graph, target))
            drawn.add_edge(role_edge(graph, agency, target, data))
            task = target
            for parent, _ in in_edges(graph, target, "HAS_ASSIGNMENT"):
                drawn.add_node(task_node(graph, parent))
                drawn.add_edge(MapEdge(parent, target, "contains"))
                task = parent
            for plan, _ in in_edges(graph, task, "HAS_TASK"):
                drawn.add_node(document_node(graph, plan))
                drawn.add_edge(MapEdge(plan, task, "contains"))
        for indicator, data in out_edges(graph, agency, "ACCOUNTABLE_FOR"):
            values = props(graph, indicator)
            lines = [f"指标 indicator：{values.get('name')}"]
            if values.get("unit"):
                lines.append(f"单位 unit：{values['unit']}")
            drawn.add_node(MapNode(indicator, "indicator", short(str(values.get("name"))),
                                   "\n".join(lines + evidence_lines(data["props"]))))
            drawn.add_edge(MapEdge(agency, indicator, "accountable",
                                   "\n".join(["指标负责 accountable", *evidence_lines(
                                       data["props"])])))
            for owner, _ in in_edges(graph, indicator, "HAS_INDICATOR"):
                if "Plan" in labels(graph, owner):
                    drawn.add_node(document_node(graph, owner))
                    drawn.add_edge(MapEdge(owner, indicator, "contains"))
    return drawn


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


def network_map(graph: nx.MultiDiGraph, jurisdiction: str | None = None,
                cap: int | None = None) -> Map:
    """Agencies linked by the tasks they share (a table row counts for its task); node size by
    betweenness centrality, colour by greedy-modularity community (deterministic)."""
    units: dict[str, set[str]] = {}
    for agency in sorted(graph):
        if "Agency" not in labels(graph, agency):
            continue
        if jurisdiction and not in_jurisdiction(props(graph, agency), jurisdiction):
            continue
        for target, _ in out_edges(graph, agency, *ROLE_TYPES):
            parents = in_edges(graph, target, "HAS_ASSIGNMENT")
            units.setdefault(parents[0][0] if parents else target, set()).add(agency)
    shared: dict[tuple[str, str], list[str]] = {}
    for task in sorted(units):
        members = sorted(units[task])
        for i, first in enumerate(members):
            for second in members[i + 1:]:
                shared.setdefault((first, second), []).append(task)
    network = nx.Graph()
    for (first, second), tasks in sorted(shared.items()):
        network.add_edge(first, second, weight=len(tasks))
    where = f" · {jurisdiction}" if jurisdiction else ""
    if cap is not None and network.number_of_nodes() > cap:  # before the costly centrality
        raise MapError(size_refusal("network", network.number_of_nodes(), cap))
    drawn = Map("network", f"协同网络 agency network{where}",
                "单位之间共同承担的任务数 agencies linked by shared tasks · 节点大小：中介中心性 "
                "size: betweenness centrality · 颜色：社区 colour: community")
    if network.number_of_nodes() == 0:
        return drawn
    centrality = nx.betweenness_centrality(network)
    communities = sorted(nx.algorithms.community.greedy_modularity_communities(
        network, weight="weight"), key=lambda c: (-len(c), min(c)))
    community_of = {key: index for index, members in enumerate(communities) for key in members}
    top = max(centrality.values()) or 1.0
    for agency in sorted(network):
        node = agency_node(graph, agency)
        node.size = 12 + 28 * centrality[agency] / top
        node.group = community_of[agency]
        tasks = sum(1 for members in units.values() if agency in members)
        node.tooltip += (f"\n任务 tasks：{tasks}\n中介中心性 betweenness：{centrality[agency]:.3f}"
                         f"\n社区 community：{community_of[agency] + 1}")
        drawn.add_node(node)
    for (first, second), tasks in sorted(shared.items()):
        examples = [f"· {props(graph, task).get('title')} "
                    f"({document_name(props(graph, str(props(graph, task).get('plan'))))})"
                    if props(graph, task).get("plan") in graph else
                    f"· {props(graph, task).get('title')}" for task in tasks[:5]]
        more = [f"… 另 {len(tasks) - 5} 项 more"] if len(tasks) > 5 else []
        drawn.add_edge(MapEdge(first, second, "shared",
                               "\n".join([f"{props(graph, first).get('name')} — "
                                          f"{props(graph, second).get('name')}：共同任务 "
                                          f"{len(tasks)} shared tasks", *examples, *more]),
                               width=1 + 2 * (len(tasks) ** 0.5)))
    return drawn


OVERVIEW_LABELS = ("Plan", "Document", "Section", "Task", "Assignment", "Agency", "Hospital",
                   "Jurisdiction", "Indicator")


def check_size(drawn: Map, cap: int = MAX_NODES) -> Map:
    """Refuse a map past the cap, saying which narrower map to draw instead."""
    if len(drawn.nodes) > cap:
        raise MapError(size_refusal(drawn.kind, len(drawn.nodes), cap))
    return drawn


def size_refusal(kind: str, count: int, cap: int) -> str:
    return (f"the {kind} map has {count:,} nodes, more than the cap of {cap:,}: "
            f"{NARROWER.get(kind, 'draw a narrower map')}; or raise the cap with --max-nodes")


def overview_refusal(count: int, cap: int) -> str:
    return (f"the graph has {count:,} nodes to draw, more than the overview's cap of "
            f"{cap:,}: a map that large settles into a hairball. Draw a narrower map: "
            "`policykg map plan --plan DOC_NUMBER`, `policykg map agency --agency NAME`, "
            "`policykg map network --jurisdiction NAME` or `policykg map lineage`; or raise "
            "the cap with --max-nodes")


def overview_map(graph: nx.MultiDiGraph, cap: int = MAX_NODES) -> Map:
    """Everything an analyst reads (not sources, builds, functions or indicator values)."""
    keys = [key for key in sorted(graph)
            if set(labels(graph, key)) & set(OVERVIEW_LABELS)]
    if len(keys) > cap:
        raise MapError(overview_refusal(len(keys), cap))
    drawn = Map("overview", "全图 overview",
                "方案、任务、单位、医院与指标 plans, tasks, agencies, hospitals and indicators")
    for key in keys:
        node_labels = labels(graph, key)
        if "Document" in node_labels:
            drawn.add_node(document_node(graph, key))
        elif "Task" in node_labels or "Assignment" in node_labels:
            drawn.add_node(task_node(graph, key))
        elif "Agency" in node_labels:
            drawn.add_node(agency_node(graph, key))
        else:
            values = props(graph, key)
            kind = node_labels[0].lower()
            name = values.get("name") or values.get("title") or key
            drawn.add_node(MapNode(key, kind, short(str(name)), f"{node_labels[0]}：{name}"))
    for start, end, data in sorted(graph.edges(data=True),
                                   key=lambda e: (e[0], e[1], str(e[2]["props"].get("key")))):
        if data["type"] == Rel.IN_SECTION:
            continue  # HAS_SECTION and HAS_TASK already place a task; this would double it
        drawn.add_edge(MapEdge(start, end, EDGE_KINDS.get(data["type"], "contains"),
                               "\n".join([data["type"], *evidence_lines(data["props"])])))
    return drawn
