"""The responsibility matrix: a plan's (or a jurisdiction's plans') tasks and table rows down,
agencies across, each cell the roles an agency has there (牵 lead, 配 cooperating, 责
responsible) with the sentence each role was read from, its file and line.

`draw_matrix` reads only the plans and what hangs from them (graph/snapshot.py's
PartialSnapshot, the statements both engines run); `matrix_of` selects from a graph snapshot,
so the matrix read in parts equals the one taken from the whole graph. A mark is one role
relationship of the graph, never merged or inferred: a task's own marks are the relationships
reaching the task, a table row's those reaching the row. Drawing is `render_matrix`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from ..snapshot import PartialSnapshot, ReadableStore
from .common import ROLE_TYPES, ROLE_ZH, ROLES, MapError, document_name, in_edges, labels, props
from .plan import find_plan
from .render import render_page, script_json

MARKS = {"lead": "牵", "cooperating": "配", "responsible": "责"}   # as policykg/xlsx_export.py
ROLE_ORDER = list(MARKS)
TEMPLATE = "matrix.html"


@dataclass(frozen=True)
class Evidence:
    """Where a role was read: the file, its line and column, the sentence (or table row)
    around it and the agency's name as the document wrote it."""

    file: str
    line: int | None
    column: int | None
    sentence: str
    written: str
    span_start: int | None
    span_end: int | None


@dataclass(frozen=True)
class Mark:
    role: str            # lead, cooperating, responsible
    evidence: Evidence

    @property
    def sign(self) -> str:
        return MARKS[self.role]


@dataclass
class Column:
    """An agency: its name, labelled with its jurisdiction when another column shares the
    name; its load is the number of its marks in the matrix."""

    key: str
    name: str
    jurisdiction: str
    label: str = ""
    load: int = 0
    roles: dict[str, int] = field(default_factory=dict)


@dataclass
class Row:
    """A task (kind "task") or one of its table rows (kind "row"), in document order."""

    key: str
    kind: str
    plan: str
    task: str            # the task's key (a task's own key for a task)
    number: str
    text: str
    line: int | None
    deadline: str | None
    cells: dict[str, list[Mark]] = field(default_factory=dict)   # agency key -> marks


@dataclass
class Matrix:
    title: str
    subtitle: str
    plans: list[dict[str, Any]]
    rows: list[Row]
    columns: list[Column]   # by load descending, then name

    @property
    def tasks(self) -> list[Row]:
        return [row for row in self.rows if row.kind == "task"]

    def marks(self) -> list[tuple[str, str, str]]:
        """(agency key, task or row key, role) for every mark."""
        return [(agency, row.key, mark.role) for row in self.rows
                for agency, marks in row.cells.items() for mark in marks]


# -- reading ---------------------------------------------------------------------------------

def draw_matrix(store: ReadableStore, plan: str | None = None,
                jurisdiction: str | None = None) -> Matrix:
    """The matrix of one plan (its key, doc number or title) or of every plan governing a
    jurisdiction or a place within it (重庆市: its districts' plans), read in parts."""
    part = PartialSnapshot(store)
    part.labelled("Plan")
    if jurisdiction is not None and plan is None:
        part.labelled("Jurisdiction")
        places = within(part, jurisdiction_key(part.graph, jurisdiction))
        part.follow(places, ["GOVERNS"], "in")
    plans = chosen_plans(part.graph, plan, jurisdiction)
    tasks = part.with_label(part.follow(plans, ["HAS_TASK"], "out"), "Task")
    rows = part.with_label(part.follow(tasks, ["HAS_ASSIGNMENT"], "out"), "Assignment")
    part.follow(tasks + rows, ROLES, "in")
    return matrix_of(part.graph, plan, jurisdiction)


def within(part: PartialSnapshot, place: str) -> list[str]:
    """The jurisdiction and every place within it (WITHIN, followed down)."""
    found, frontier = [place], [place]
    while frontier:
        frontier = [key for key in part.follow(frontier, ["WITHIN"], "in") if key not in found]
        found += frontier
    return sorted(found)


def jurisdiction_key(graph: nx.MultiDiGraph, name: str) -> str:
    places = sorted(key for key in graph if "Jurisdiction" in labels(graph, key))
    for key in places:
        if name in (key, props(graph, key).get("name")):
            return key
    known = "、".join(str(props(graph, key).get("name")) for key in places) or "none"
    raise MapError(f"no jurisdiction {name!r} in the graph (jurisdictions: {known})")


def chosen_plans(graph: nx.MultiDiGraph, plan: str | None, jurisdiction: str | None) -> list[str]:
    """The plan named, or the plans governing the jurisdiction or a place within it, oldest
    first."""
    if (plan is None) == (jurisdiction is None):
        raise MapError("a matrix needs exactly one of a plan or a jurisdiction")
    if plan is not None:
        return [find_plan(graph, plan)]
    place = jurisdiction_key(graph, jurisdiction)
    places = set(nx.ancestors(sub_places(graph), place)) | {place}
    plans = {start for key in places for start, _ in in_edges(graph, key, "GOVERNS")
             if "Plan" in labels(graph, start)}
    if not plans:
        raise MapError(f"no plan of {jurisdiction} or a place within it in the graph")
    return sorted(plans, key=lambda key: (str(props(graph, key).get("issued") or ""),
                                          document_name(props(graph, key)), key))


def sub_places(graph: nx.MultiDiGraph) -> nx.DiGraph:
    """Jurisdictions linked place -> the place it lies within."""
    links = nx.DiGraph()
    links.add_edges_from((start, end) for start, end, data in graph.edges(data=True)
                         if data["type"] == "WITHIN")
    links.add_nodes_from(key for key in graph if "Jurisdiction" in labels(graph, key))
    return links


def matrix_of(graph: nx.MultiDiGraph, plan: str | None = None,
              jurisdiction: str | None = None) -> Matrix:
    """The matrix selected from a graph snapshot (whole, or the part draw_matrix read)."""
    plans = chosen_plans(graph, plan, jurisdiction)
    rows: list[Row] = []
    for plan_key in plans:
        for task in ordered(graph, plan_key, "HAS_TASK"):
            rows.append(matrix_row(graph, task, "task", plan_key, task))
            rows += [matrix_row(graph, row, "row", plan_key, task)
                     for row in ordered(graph, task, "HAS_ASSIGNMENT")]
    columns = agency_columns(graph, rows)
    plan_infos = [plan_info(graph, key) for key in plans]
    if plan is not None:
        values = props(graph, plans[0])
        title = str(values.get("title") or document_name(values))
        subtitle = f"{document_name(values)} · 责任矩阵 responsibility matrix"
    else:
        title = f"{jurisdiction} 责任矩阵 responsibility matrix"
        subtitle = "、".join(info["name"] for info in plan_infos)
    return Matrix(title, subtitle, plan_infos, rows, columns)


def ordered(graph: nx.MultiDiGraph, key: str, kind: str) -> list[str]:
    """The ends of ``kind`` relationships in the order the document gives them."""
    ends = [(end, data["props"]) for _, end, data in graph.out_edges(key, data=True)
            if data["type"] == kind]
    return [end for end, values in sorted(ends, key=lambda item: (
        item[1].get("order") if item[1].get("order") is not None else 1 << 30, item[0]))]


def matrix_row(graph: nx.MultiDiGraph, key: str, kind: str, plan: str, task: str) -> Row:
    values = props(graph, key)
    if kind == "task":
        number = str(values.get("number") or values.get("task_id") or "")
        text = str(values.get("title") or values.get("text") or "")
    else:
        number = f"{props(graph, task).get('number') or ''}.{values.get('order')}"
        text = str(values.get("text") or values.get("quote") or "")
    deadline = values.get("deadline_written") or (
        "持续推进" if values.get("deadline") == "ongoing" else values.get("deadline"))
    row = Row(key, kind, plan, task, number, text, values.get("line"),
              str(deadline) if deadline else None)
    for agency, data in in_edges(graph, key, *ROLE_TYPES):
        row.cells.setdefault(agency, []).append(
            Mark(ROLE_TYPES[data["type"]], evidence(data["props"])))
    for marks in row.cells.values():
        marks.sort(key=lambda mark: (ROLE_ORDER.index(mark.role), mark.evidence.line or 0))
    return row


def evidence(values: dict[str, Any]) -> Evidence:
    return Evidence(str(values.get("source_path") or ""), values.get("line"),
                    values.get("column"), str(values.get("context") or values.get("quote") or ""),
                    str(values.get("written") or values.get("quote") or ""),
                    values.get("span_start"), values.get("span_end"))


def agency_columns(graph: nx.MultiDiGraph, rows: list[Row]) -> list[Column]:
    """Every agency with a mark, by load descending, then name; a name several columns share
    is labelled with each one's jurisdiction (区医保局 (重庆市渝北区))."""
    columns: dict[str, Column] = {}
    for row in rows:
        for agency, marks in row.cells.items():
            if agency not in columns:
                values = props(graph, agency)
                columns[agency] = Column(agency, str(values.get("name") or agency),
                                         str(values.get("jurisdiction") or ""))
            column = columns[agency]
            column.load += len(marks)
            for mark in marks:
                column.roles[mark.role] = column.roles.get(mark.role, 0) + 1
    names: dict[str, int] = {}
    for column in columns.values():
        names[column.name] = names.get(column.name, 0) + 1
    for column in columns.values():
        shared = names[column.name] > 1 and column.jurisdiction
        column.label = f"{column.name} ({column.jurisdiction})" if shared else column.name
    return sorted(columns.values(), key=lambda c: (-c.load, c.name, c.jurisdiction, c.key))


def plan_info(graph: nx.MultiDiGraph, key: str) -> dict[str, Any]:
    values = props(graph, key)
    return {"key": key, "name": document_name(values), "title": str(values.get("title") or ""),
            "jurisdiction": str(values.get("jurisdiction") or ""),
            "file": str(values.get("source_path") or "")}


# -- drawing ---------------------------------------------------------------------------------

def page_data(matrix: Matrix) -> dict[str, Any]:
    """What the page's script reads: plain values, marks as [role, evidence]."""
    return {
        "plans": matrix.plans,
        "columns": [asdict(column) for column in matrix.columns],
        "rows": [{"key": row.key, "kind": row.kind, "plan": row.plan, "task": row.task,
                  "number": row.number, "text": row.text, "line": row.line,
                  "deadline": row.deadline,
                  "cells": {agency: [{"role": mark.role, "sign": mark.sign,
                                      **asdict(mark.evidence)} for mark in marks]
                            for agency, marks in row.cells.items()}}
                 for row in matrix.rows],
        "roles": {role: {"sign": sign, "zh": ROLE_ZH[role]} for role, sign in MARKS.items()},
    }


def render_matrix(matrix: Matrix) -> str:
    """One self-contained page: the data as escaped JSON, the table built by the page's own
    script with textContent (document text never parsed as HTML)."""
    return render_page(
        TEMPLATE, title=matrix.title, subtitle=matrix.subtitle,
        task_count=len(matrix.tasks), row_count=len(matrix.rows) - len(matrix.tasks),
        agency_count=len(matrix.columns), mark_count=len(matrix.marks()),
        data_json=script_json(page_data(matrix)))


def write_matrix(matrix: Matrix, path: Path) -> None:
    path.write_text(render_matrix(matrix), encoding="utf-8")
