"""What every map is made of: the Map with its nodes and edges (a kind, a short label and a
plain-text tooltip), reading the graph snapshot (graph/snapshot.py), the node builders the
kinds share, and the size cap with the narrower map to draw instead. Each kind of map is a
module beside this one; drawing is graph/maps/render.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from ..model import ROLE_RELATION

ROLE_TYPES = {str(rel): role for role, rel in ROLE_RELATION.items()}   # LEADS -> lead
ROLES = sorted(ROLE_TYPES)   # the role relationship types, for the reads
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
    kind: str            # a key of NODE_STYLES in graph/maps/render.py
    label: str
    tooltip: str
    size: float | None = None
    group: int | None = None   # a community (network map), drawn in its own colour
    # where a laid-out map (graph/maps/layout.py) puts the node, and what the page needs to
    # fold and unfold it (column, parent, ...): no physics, so the same map, the same picture
    x: float | None = None
    y: float | None = None
    place: dict[str, Any] = field(default_factory=dict)


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
    layout: dict[str, Any] = field(default_factory=dict)   # fixed positions: graph/maps/layout.py

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
    """The sentence a fact came from and where: 「quote」 / file:line [start–end] (the line
    for an editor to jump to, the span for a program)."""
    lines = []
    if values.get("quote"):
        lines.append(f"证据 evidence：「{' '.join(str(values['quote']).split())}」")
    if values.get("source_path"):
        line = f":{values['line']}" if values.get("line") is not None else ""
        span = ""
        if values.get("span_start") is not None:
            span = f" [{values['span_start']}–{values['span_end']}]"
        lines.append(f"来源 source：{values['source_path']}{line}{span}")
    return lines


def first_sentence(text: str, skip: str = "") -> str:
    """The first sentence of a task's text after its title (the title is the label already):
    what the task asks, at a glance."""
    text = " ".join(str(text or "").split())
    if skip and text.startswith(skip):
        text = text[len(skip):].lstrip("。；;，, ")
    for end, mark in enumerate(text):
        if mark in "。；;！？":
            return text[:end + 1]
    return text


def deadline_text(values: dict[str, Any]) -> str | None:
    deadline = values.get("deadline")
    if deadline is None:
        return None
    if deadline == "ongoing":
        return "持续推进 (ongoing)"
    return str(values.get("deadline_written") or deadline)


def document_name(values: dict[str, Any]) -> str:
    return str(values.get("doc_number") or values.get("title") or values.get("key"))


def in_jurisdiction(values: dict[str, Any], jurisdiction: str) -> bool:
    """重庆市渝北区 matches 重庆市渝北区 and 渝北区."""
    own = str(values.get("jurisdiction") or "")
    return bool(own) and (own == jurisdiction or own.endswith(jurisdiction))


# -- node builders ---------------------------------------------------------------------------

def role_lines(graph: nx.MultiDiGraph, *keys: str) -> list[str]:
    """Who is named on a task (and its rows), by role: 牵头 lead：区医保局、区财政局."""
    named: dict[str, list[str]] = {}
    for key in keys:
        for agency, data in in_edges(graph, key, *ROLE_TYPES):
            names = named.setdefault(ROLE_TYPES[data["type"]], [])
            name = str(props(graph, agency).get("name"))
            if name not in names:
                names.append(name)
    return [f"{ROLE_ZH[role]} {role}：{'、'.join(named[role])}"
            for role in ROLE_ZH if role in named]


def deadline_label(values: dict[str, Any]) -> str | None:
    """A deadline as a label line: when it falls due shows at a glance (a deadline node linked
    from every task was a hub that pulled the whole plan into one knot)."""
    if values.get("deadline") is None:
        return None
    return "时限 " + ("持续推进" if values.get("deadline") == "ongoing"
                     else str(values.get("deadline_written") or values.get("deadline")))


def task_node(graph: nx.MultiDiGraph, key: str, rows: tuple[str, ...] = ()) -> MapNode:
    """A task or table row: its text's first sentence, who is named on it by role (on its
    rows too, where the map has them), its deadline and evidence."""
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
        sentence = first_sentence(str(values.get("text") or ""), str(values.get("title") or ""))
        if sentence:
            lines.append(f"内容 text：{sentence}")
        kind, label = "task", short(f"{number} {values.get('title')}".strip())
    lines += role_lines(graph, key, *rows)
    if deadline_label(values):
        label += "\n" + str(deadline_label(values))
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


def name_shared_agencies(drawn: Map, graph: nx.MultiDiGraph) -> Map:
    """Where two agencies on a map share a name (区卫生健康委 of 渝北, of 沙坪坝, of 北辰), each
    label says its jurisdiction on a second line."""
    by_label: dict[str, list[MapNode]] = {}
    for node in drawn.nodes.values():
        if node.kind == "agency":
            by_label.setdefault(node.label.split("\n")[0], []).append(node)
    for nodes in by_label.values():
        if len(nodes) > 1:
            for node in nodes:
                where = props(graph, node.id).get("jurisdiction") or "辖区不明 unknown"
                node.label = f"{node.label.split(chr(10))[0]}\n{where}"
    return drawn


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


# -- the size cap ----------------------------------------------------------------------------

def check_size(drawn: Map, cap: int = MAX_NODES) -> Map:
    """Refuse a map past the cap, saying which narrower map to draw instead."""
    if len(drawn.nodes) > cap:
        raise MapError(size_refusal(drawn.kind, len(drawn.nodes), cap))
    return drawn


def size_refusal(kind: str, count: int, cap: int) -> str:
    return (f"the {kind} map has {count:,} nodes, more than the cap of {cap:,}: "
            f"{NARROWER.get(kind, 'draw a narrower map')}; or raise the cap with --max-nodes")


def implements_kind(values: dict[str, Any]) -> str:
    """An IMPLEMENTS link drawn by how it is known: the plan states it (implements), the
    registry confirms it from a source, or a registry rule infers it (status, rule)."""
    return {"confirmed": "implements-confirmed",
            "inferred": "implements-inferred"}.get(str(values.get("status")), "implements")


def implements_lines(values: dict[str, Any]) -> list[str]:
    status = {"stated": "方案自述 stated", "confirmed": "登记确认 confirmed",
              "inferred": "推断 inferred"}.get(str(values.get("status")), "")
    lines = [f"贯彻落实 implements{' · ' + status if status else ''}"]
    if values.get("rule"):
        lines.append(f"规则 rule：{values['rule']}")
    return lines + evidence_lines(values)
