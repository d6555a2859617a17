"""A map (graph/maps/) -> one self-contained HTML file, drawn by vis-network through pyvis.

pyvis assembles the nodes and edges; the page is our own template (map_template.html) because
pyvis's templates load Bootstrap and others from a CDN, and a map must open on an offline,
locked-down machine: vis-network's JavaScript and CSS (shipped inside the pyvis package) are
inlined, and a Content-Security-Policy forbids every network request. Document text reaches
the page only as JSON inside a non-executable <script type="application/json"> with <, > and &
escaped, and the page's own script writes it with textContent and canvas labels; vis-network
shows a string tooltip as text, never as HTML. The same map gives the same bytes.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jinja2
from pyvis.network import Network

from .common import Map
from .layout import FONT, MARGIN

CJK_FONTS = ('"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", '
             '"WenQuanYi Micro Hei", "Hiragino Sans GB", sans-serif')

# kind: (legend text, colour, vis shape)
NODE_STYLES: dict[str, tuple[str, str, str]] = {
    "plan": ("方案 plan (loaded)", "#8E44AD", "diamond"),
    "document-national": ("国家文件 national document", "#C0392B", "star"),
    "document-provincial": ("省级文件 provincial document", "#E67E22", "star"),
    "document-municipal": ("市级文件 municipal document", "#D4AC0D", "star"),
    "document-district": ("区县文件 district document", "#A04000", "star"),
    "document": ("文件 document (level unknown)", "#95A5A6", "square"),
    "section": ("章节 section", "#5D6D7E", "hexagon"),
    "task": ("任务 task", "#2E86C1", "dot"),
    "assignment": ("任务分工行 table row", "#85C1E9", "dot"),
    "agency": ("单位 agency", "#1E8449", "triangle"),
    "hospital": ("医院 hospital", "#17A589", "square"),
    "indicator": ("指标 indicator", "#F39C12", "hexagon"),
    "jurisdiction": ("辖区 jurisdiction", "#ABB2B9", "ellipse"),
}
# kind: (legend text, colour, dashes, width, arrow)
EDGE_STYLES: dict[str, tuple[str, str, bool | list[int], float, bool]] = {
    "lead": ("牵头 lead", "#C0392B", False, 3.0, True),
    "cooperating": ("配合 cooperating", "#2980B9", [8, 5], 1.5, True),
    "responsible": ("责任 responsible", "#1E8449", [2, 4], 2.0, True),
    "contains": ("包含 contains", "#C8C8C8", False, 1.0, True),
    "mentions": ("提及医院 names hospital", "#48C9B0", False, 1.0, True),
    "implements": ("贯彻落实（方案自述）implements, stated", "#8E44AD", False, 2.0, True),
    "implements-confirmed": ("贯彻落实（登记确认）implements, confirmed", "#5B2C6F", False,
                             2.5, True),
    "implements-inferred": ("贯彻落实（推断）implements, inferred", "#A569BD", [4, 6], 1.5, True),
    "references": ("引用 cites", "#AAB7B8", [6, 6], 1.0, True),
    "accountable": ("指标负责 accountable for", "#F39C12", False, 2.0, True),
    "shared": ("共同任务 shared tasks (width: count)", "#7F8C8D", False, 1.0, False),
}
ROLE_KINDS = ("lead", "cooperating", "responsible")
COMMUNITY_COLOURS = ("#1F77B4", "#FF7F0E", "#2CA02C", "#D62728", "#9467BD", "#8C564B",
                     "#E377C2", "#17BECF", "#BCBD22", "#7F7F7F", "#393B79", "#AD494A")

TEMPLATE = "map_template.html"


def vis_assets() -> tuple[str, str]:
    """vis-network's JavaScript and CSS as shipped in the pyvis package (no download)."""
    folder = resources.files("pyvis") / "templates" / "lib" / "vis-9.1.2"
    script = (folder / "vis-network.min.js").read_text(encoding="utf-8")
    style = (folder / "vis-network.css").read_text(encoding="utf-8")
    if "</script" in script.lower() or "</style" in style.lower():  # would end the element
        raise RuntimeError("vis-network's files cannot be inlined as they are")
    return script, style


def script_json(value) -> str:
    """JSON safe inside <script>: no <, > or & (so no </script>, no <!--), no line breaks
    JavaScript reads as line ends."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text


def node_style(kind: str) -> tuple[str, str, str]:
    return NODE_STYLES.get(kind, (kind, "#ABB2B9", "dot"))


def laid_out(drawn: Map) -> bool:
    """Every node placed by graph/maps/layout.py: no physics, boxes, straight edges."""
    return bool(drawn.nodes) and all(node.x is not None for node in drawn.nodes.values())


def options(drawn: Map) -> dict:
    physics: dict | bool = {
        "solver": "barnesHut", "stabilization": {"iterations": 400, "fit": True},
        "barnesHut": {"gravitationalConstant": -6000, "springLength": 140,
                      "springConstant": 0.03, "damping": 0.35, "avoidOverlap": 0.2}}
    layout: dict = {"randomSeed": 7, "improvedLayout": len(drawn.nodes) <= 300}
    smooth: dict = {"enabled": True, "type": "continuous"}
    if laid_out(drawn):
        physics, layout, smooth = False, {"randomSeed": 7, "improvedLayout": False}, \
            {"enabled": False}
        if drawn.kind == "lineage":
            smooth = {"enabled": True, "type": "cubicBezier", "forceDirection": "vertical",
                      "roundness": 0.4}
    return {"physics": physics, "layout": layout,
            "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False,
                            "keyboard": True, "multiselect": True},
            "nodes": {"font": {"face": CJK_FONTS, "size": FONT, "strokeWidth": 3,
                               "strokeColor": "#ffffff"},
                      "borderWidth": 1, "size": 16, "margin": MARGIN},
            "edges": {"smooth": smooth,
                      "font": {"face": CJK_FONTS, "size": 11},
                      "color": {"inherit": False}}}


def tint(colour: str, share: float = 0.8) -> str:
    """The colour mixed with white: a box's fill that dark label text reads on."""
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c + (255 - c) * share):02X}" for c in (red, green, blue))


def node_options(drawn: Map, node) -> dict:
    """vis options of one node: shape and colour by kind; a laid-out map's boxes at their
    place, with what the page needs to fold rows (place: column, parent, dy, expand, lane)."""
    _, colour, shape = node_style(node.kind)
    if node.group is not None:
        colour = COMMUNITY_COLOURS[node.group % len(COMMUNITY_COLOURS)]
    values: dict = {"shape": shape, "color": colour, "kind": node.kind}
    if node.size is not None:
        values["size"] = round(node.size, 2)
    if node.x is not None:
        values.update(shape="box", x=node.x, y=node.y,
                      color={"background": tint(colour), "border": colour,
                             "highlight": {"background": tint(colour, 0.55),
                                           "border": colour}},
                      borderWidth=2 if node.kind in ("plan", "section") else 1,
                      place={**node.place, "home_y": node.y})
        if node.place.get("parent"):
            values["hidden"] = True      # a table row: folded under its task at first
    return values


def to_network(drawn: Map) -> Network:
    """The map as a pyvis Network: one vis node per map node, styled by kind. On a laid-out
    map an edge to or from a folded table row is drawn to its task until the row unfolds
    (fold_to/fold_from name the task, row_to/row_from the row)."""
    network = Network(directed=drawn.kind != "network", cdn_resources="in_line")
    for node in drawn.nodes.values():
        network.add_node(node.id, label=node.label, title=node.tooltip,
                         **node_options(drawn, node))
    folded = laid_out(drawn)
    for edge in drawn.edges:
        _, colour, dashes, width, arrow = EDGE_STYLES[edge.kind]
        extra: dict = {}
        for end, other in (("to", edge.start), ("from", edge.end)):
            own = edge.end if end == "to" else edge.start
            parent = drawn.nodes[own].place.get("parent") if folded else None
            if parent and parent != other:
                extra[f"fold_{end}"], extra[f"row_{end}"] = parent, own
        if folded and edge.kind in ROLE_KINDS:
            colour = {"color": colour, "highlight": colour, "hover": colour, "opacity": 0.55}
        network.add_edge(edge.start, edge.end, title=edge.tooltip or EDGE_STYLES[edge.kind][0],
                         color=colour, dashes=dashes,
                         width=round(edge.width if edge.width is not None else width, 2),
                         arrows="to" if arrow else "", kind=edge.kind, **extra)
    return network


def legend(drawn: Map) -> list[dict]:
    node_kinds = sorted({node.kind for node in drawn.nodes.values()},
                        key=lambda kind: list(NODE_STYLES).index(kind)
                        if kind in NODE_STYLES else len(NODE_STYLES))
    edge_kinds = [kind for kind in EDGE_STYLES if any(e.kind == kind for e in drawn.edges)]
    items = []
    for kind in node_kinds:
        text, colour, shape = node_style(kind)
        items.append({"what": "node", "kind": kind, "text": text, "colour": colour,
                      "shape": shape,
                      "count": sum(1 for node in drawn.nodes.values() if node.kind == kind)})
    for kind in edge_kinds:
        text, colour, dashes, _, _ = EDGE_STYLES[kind]
        items.append({"what": "edge", "kind": kind, "text": text, "colour": colour,
                      "dashed": bool(dashes),
                      "count": sum(1 for edge in drawn.edges if edge.kind == kind)})
    return items


def package_template(name: str) -> str:
    """The page template as package data (importlib.resources: any install, not a checkout)."""
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def render_page(template: str, **values) -> str:
    """A page template of this package (its head shared through page_head.html) filled with
    values; every value is escaped unless the template says otherwise (data goes in as
    script_json())."""
    environment = jinja2.Environment(loader=jinja2.FunctionLoader(package_template),
                                     autoescape=True, keep_trailing_newline=True)
    return environment.get_template(template).render(fonts=CJK_FONTS, **values)


def render_html(drawn: Map) -> str:
    network = to_network(drawn)
    data = {"nodes": network.nodes, "edges": network.edges, "options": options(drawn),
            "kind": drawn.kind, "fixed": laid_out(drawn), "layout": drawn.layout}
    script, style = vis_assets()
    communities = sorted({node.group for node in drawn.nodes.values() if node.group is not None})
    return render_page(
        TEMPLATE, title=drawn.title, subtitle=drawn.subtitle, kind=drawn.kind, legend=legend(drawn),
        communities=[(index + 1, COMMUNITY_COLOURS[index % len(COMMUNITY_COLOURS)])
                     for index in communities],
        node_count=len(drawn.nodes), edge_count=len(drawn.edges),
        data_json=script_json(data), vis_js=script, vis_css=style)


def write_map(drawn: Map, path: Path) -> None:
    path.write_text(render_html(drawn), encoding="utf-8")
