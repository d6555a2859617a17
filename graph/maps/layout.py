"""Fixed positions for the maps that read like their documents: the plan view (sections as
columns, tasks under them in the plan's order, table rows folded under their task, agencies
and hospitals in lanes below) and the lineage (one row a level, national on top).

Physics would settle a plan of 150 nodes into a knot with labels on top of each other, and a
different knot on every machine. Positions computed here from the labels' estimated sizes
keep every box apart and give the same file for the same graph. The page (map_template.html)
unfolds a task's rows by moving what lies below it in its column down by the task's `expand`
and the lanes by the tallest column's growth: the arithmetic of `place`, nothing else.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from .common import Map, MapNode

FONT = 14                # vis label font size (render.py options)
LINE = 19                # a label line's height, with leading
MARGIN = 6               # vis box margin around the label (render.py sets it)
WIDE, NARROW = 14.5, 8.6  # estimated width of a CJK and of a Latin character at FONT
GAP_X, GAP_Y = 34, 16    # between boxes side by side, one above the other
ROW_SHIFT = 14           # a table row sits this far right of its task
ROW_GAP = 8
LANE_GAP = 70            # between the columns and the lanes below them
MAX_TASKS = 8            # a longer section continues in the next column
LANE_WIDTH = 1100        # the lanes wrap at the columns' width, or at least this
LEVELS = ("national", "provincial", "municipal", "district")
LEVEL_ZH = {"national": "国家 national", "provincial": "省级 provincial",
            "municipal": "市级 municipal", "district": "区县 district",
            "unknown": "层级不明 unknown"}


# -- labels -----------------------------------------------------------------------------------

def char_width(char: str) -> float:
    return WIDE if unicodedata.east_asian_width(char) in ("W", "F") else NARROW


def text_width(text: str) -> float:
    return sum(char_width(char) for char in text)


def greedy(text: str, width: float) -> list[str]:
    """Lines of at most `width` (estimated pixels), filled one character at a time (Chinese
    has no spaces to break at)."""
    out: list[str] = []
    current = ""
    for char in text:
        if current and text_width(current + char) > width:
            out.append(current.strip())
            current = char.strip()
        else:
            current += char
    return [*out, current] if current else out


def wrap(text: str, width: float, lines: int) -> list[str]:
    """At most `lines` lines of at most `width`, as even as they go (no lone last character);
    the last ends in … when text is left over."""
    text = " ".join(str(text).split())
    out = greedy(text, width)
    if 1 < len(out) <= lines:
        even = greedy(text, min(width, text_width(text) / len(out) + WIDE))
        return even if len(even) == len(out) else out
    if len(out) > lines:
        last = out[lines - 1]
        while last and text_width(last + "…") > width:
            last = last[:-1]
        out = [*out[:lines - 1], last + "…"]
    return out or [""]


def box(node: MapNode) -> tuple[float, float]:
    """The estimated width and height of a node's label box."""
    rows = node.label.split("\n")
    return (max(text_width(row) for row in rows) + 2 * MARGIN + 2,
            len(rows) * LINE + 2 * MARGIN + 2)


# -- the plan view ------------------------------------------------------------------------------

Column = tuple[str | None, list[str]]   # a section (None: no heading) and its tasks


def plan_columns(sections: list[Column]) -> list[Column]:
    """(section, tasks) in the plan's order -> columns of at most MAX_TASKS tasks; a
    continuation column has no heading."""
    columns = []
    for section, tasks in sections:
        for start in range(0, max(len(tasks), 1), MAX_TASKS):
            columns.append((section if start == 0 else None, tasks[start:start + MAX_TASKS]))
    return columns


def lay_out_plan(drawn: Map, plan: str, sections: list[Column],
                 rows: dict[str, list[str]], lanes: list[list[str]]) -> None:
    """Plan on top; a column a section (heading, then its tasks, each task's rows folded
    beneath it); lanes of agencies, then hospitals, below the tallest column."""
    nodes = drawn.nodes
    columns = plan_columns(sections)
    heading = max([box(nodes[s])[1] for s, _ in columns if s] + [0])
    plan_height = box(nodes[plan])[1]
    top = plan_height / 2 + 2 * GAP_Y + (heading + 2 * GAP_Y if heading else 0)
    left, bottoms = 0.0, []
    for index, (section, tasks) in enumerate(columns):
        members = ([section] if section else []) + tasks
        width = max([box(nodes[key])[0] for key in members]
                    + [box(nodes[row])[0] + 2 * ROW_SHIFT for task in tasks
                       for row in rows.get(task, [])] + [60])
        middle = left + width / 2
        if section:
            place(nodes[section], middle, plan_height / 2 + 2 * GAP_Y + heading / 2, index)
        cursor = top
        for task in tasks:
            height = box(nodes[task])[1]
            place(nodes[task], middle, cursor + height / 2, index)
            below = height / 2 + ROW_GAP
            for row in rows.get(task, []):
                row_height = box(nodes[row])[1]
                nodes[row].x, nodes[row].y = middle + ROW_SHIFT, nodes[task].y + below + \
                    row_height / 2
                nodes[row].place = {"parent": task, "dy": below + row_height / 2}
                below += row_height + ROW_GAP
            if rows.get(task):
                nodes[task].place["expand"] = below - height / 2 - ROW_GAP + GAP_Y
            cursor += height + GAP_Y
        bottoms.append(cursor - GAP_Y)
        left += width + GAP_X
    width = max(left - GAP_X, 0.0)
    place(nodes[plan], width / 2, 0.0, None)
    y = max([*bottoms, top]) + LANE_GAP
    for lane in lanes:
        y = lay_out_lane([nodes[key] for key in lane], y, max(width, LANE_WIDTH)) + GAP_Y * 2
    drawn.layout = {"bottoms": [round(bottom, 1) for bottom in bottoms]}


def place(node: MapNode, x: float, y: float, column: int | None) -> None:
    node.x, node.y = round(x, 1), round(y, 1)
    node.place = {"column": column} if column is not None else {}


def lay_out_lane(nodes: Iterable[MapNode], top: float, width: float) -> float:
    """Boxes left to right, wrapping at `width`; returns the lane's bottom."""
    x, row_height, bottom = 0.0, 0.0, top
    for node in nodes:
        node_width, node_height = box(node)
        if x and x + node_width > width:
            top, x, row_height = top + row_height + GAP_Y, 0.0, 0.0
        node.x, node.y = round(x + node_width / 2, 1), round(top + node_height / 2, 1)
        node.place = {"lane": True}
        x += node_width + GAP_X
        row_height = max(row_height, node_height)
        bottom = top + row_height
    return bottom


# -- the lineage ------------------------------------------------------------------------------

def document_level(kind: str, jurisdiction: str) -> str:
    """national / provincial / municipal / district: a registry document's own level, a
    plan's from its jurisdiction (四川省广元市 municipal, 重庆市渝北区 district)."""
    if kind.startswith("document-"):
        return kind.removeprefix("document-")
    if jurisdiction.endswith(("区", "县", "旗")) and len(jurisdiction) > 3:
        return "district"
    if jurisdiction.endswith(("省", "自治区")) or jurisdiction in (
            "北京市", "天津市", "上海市", "重庆市"):
        return "provincial"
    if jurisdiction.endswith(("市", "州", "盟")):
        return "municipal"
    return "unknown"


def lay_out_levels(drawn: Map, levels: dict[str, str], parents: dict[str, list[str]]) -> None:
    """A row a level (national on top); in a row, each document under the documents it
    implements (the mean position of its parents), then by key."""
    order = [level for level in (*LEVELS, "unknown") if level in levels.values()]
    position: dict[str, float] = {}
    y, captions = 0.0, []
    for level in order:
        keys = sorted((key for key, own in levels.items() if own == level),
                      key=lambda key: (mean([position[p] for p in parents.get(key, [])
                                             if p in position]), key))
        sizes = [box(drawn.nodes[key]) for key in keys]
        total = sum(width for width, _ in sizes) + GAP_X * (len(keys) - 1)
        x = -total / 2
        height = max(size[1] for size in sizes)
        for key, (width, _) in zip(keys, sizes, strict=True):
            drawn.nodes[key].x, drawn.nodes[key].y = round(x + width / 2, 1), round(y, 1)
            position[key] = x + width / 2
            x += width + GAP_X
        captions.append({"y": round(y, 1), "text": LEVEL_ZH[level]})
        y += height + 4 * GAP_Y + 30
    drawn.layout = {"captions": captions}


def mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else float("inf")
