"""The annotated source view: a plan's text as the rules read it, every extracted fact marked
where its evidence lies, so an analyst checks one plan's extraction against the text.

`draw_source` reads the plan and what hangs from it (graph/snapshot.py's PartialSnapshot) and
the text the store keeps of its source; `source_view` builds the view from a graph snapshot.
A fact is marked at its evidence span (tasks, table rows, agencies by role, indicators,
citations, the plan's title); the graph keeps no span of a deadline, a hospital named or the
agency accountable for an indicator (its evidence is the indicator's row), so those are marked
where their written form occurs inside the fact's own span (hospitals: wherever their name
occurs), and say so (``placed="name"``). Warnings reach the graph as "code: message" strings
without a place: one is placed where a text it quotes (「…」) occurs once in the text, the rest
are listed on their own. Facts overlap (an agency inside a task's row), so the text is cut at
every boundary into segments, each with the facts covering it; drawing is source_page.py.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

import networkx as nx

from ..snapshot import PartialSnapshot, ReadableStore
from .common import (
    ROLE_TYPES,
    ROLES,
    MapError,
    deadline_text,
    document_name,
    in_edges,
    labels,
    out_edges,
    props,
    short,
)
from .source_text import kept_text, source_of

# kind: legend text, colour; broad kinds first (a narrower fact drawn over a broader one)
KINDS: dict[str, tuple[str, str]] = {
    "task": ("任务 task", "#2E86C1"),
    "row": ("分工行 table row", "#5DADE2"),
    "indicator": ("指标 indicator", "#E67E22"),
    "plan": ("方案标题 plan title", "#8E44AD"),
    "citation": ("引用文件 citation", "#7F8C8D"),
    "deadline": ("完成时限 deadline", "#B7950B"),
    "hospital": ("医院 hospital", "#17A589"),
    "lead": ("牵头 lead", "#C0392B"),
    "cooperating": ("配合 cooperating", "#2471A3"),
    "responsible": ("责任 responsible", "#1E8449"),
    "accountable": ("指标负责 accountable", "#D35400"),
    "warning": ("警告 warning", "#E74C3C"),
}
ROLE_ZH = {"lead": "牵头", "cooperating": "配合", "responsible": "责任",
           "accountable": "指标负责"}
QUOTED = re.compile(r"「([^」]+)」")


@dataclass(frozen=True)
class Highlight:
    """One fact at its place in the text."""

    id: str
    kind: str                    # a key of KINDS
    start: int
    end: int
    label: str
    key: str                     # the graph key of the node the fact is (or points to)
    via: str | None = None       # the key of the relationship, for a relationship's fact
    role: str | None = None
    task: str | None = None      # the key of the task it belongs to
    details: tuple[tuple[str, str], ...] = ()
    # "evidence": its span; "name": found inside a span; "shared": another fact's span
    placed: str = "evidence"


@dataclass(frozen=True)
class Note:
    """A line of the side list: a warning or something not resolved, and its place."""

    what: str
    text: str
    key: str | None = None
    fact: str | None = None      # the id of the highlight it points to


@dataclass
class SourceView:
    plan: str
    title: str
    doc_number: str | None
    path: str
    text: str
    highlights: list[Highlight] = field(default_factory=list)
    # per line: (offset of its first character, [(start, end, ids of the facts covering it)])
    lines: list[tuple[int, list[tuple[int, int, tuple[str, ...]]]]] = field(
        default_factory=list)
    warnings: list[Note] = field(default_factory=list)
    unresolved: list[Note] = field(default_factory=list)


# -- reading the store -----------------------------------------------------------------------

def draw_source(store: ReadableStore, reference: str) -> SourceView:
    """The view of one plan, reading only the plan, what hangs from it and its text."""
    part = PartialSnapshot(store)
    part.labelled("Plan")
    plan = find_plan(part.graph, reference)
    hanging = part.follow([plan], ["FROM_SOURCE", "HAS_INDICATOR", "HAS_TASK", "IMPLEMENTS",
                                   "MENTIONS_HOSPITAL", "REFERENCES"], "out")
    tasks = part.with_label(hanging, "Task")
    rows = part.with_label(part.follow(tasks, ["HAS_ASSIGNMENT", "MENTIONS_HOSPITAL"], "out"),
                           "Assignment")
    part.follow(rows, ["MENTIONS_HOSPITAL"], "out")
    part.follow(tasks + rows, ROLES, "in")
    part.follow(part.with_label(hanging, "Indicator"), ["ACCOUNTABLE_FOR"], "in")
    return source_view(part.graph, plan, kept_text(store, source_of(part.graph, plan)))


def plan_names(store: ReadableStore) -> str:
    """The plans a store holds, for a message naming what there is."""
    from ...queries.resolve import listed

    part = PartialSnapshot(store)
    names = sorted(document_name(props(part.graph, key)) for key in part.labelled("Plan"))
    return listed(names) if names else "none loaded"


def find_plan(graph: nx.MultiDiGraph, reference: str) -> str:
    plans = sorted(key for key in graph if "Plan" in labels(graph, key))
    for key in plans:
        values = props(graph, key)
        if reference in (key, values.get("doc_number"), values.get("title")):
            return key
    known = "、".join(document_name(props(graph, key)) for key in plans) or "none loaded"
    raise MapError(f"no plan {reference!r} in the graph (plans: {known})")


# -- the view from a snapshot ----------------------------------------------------------------

def source_view(graph: nx.MultiDiGraph, plan: str, text: str) -> SourceView:
    values = props(graph, plan)
    source = source_of(graph, plan)
    facts = _Facts(graph, text, str(source["sha256"]))
    facts.collect(plan)
    view = SourceView(plan, str(values.get("title") or document_name(values)),
                      values.get("doc_number"), str(source.get("path")), text)
    view.warnings = facts.warnings(plan)
    view.highlights = facts.numbered()
    view.lines = segments(text, view.highlights)
    view.unresolved = unresolved(graph, plan, view.highlights)
    return view


class _Facts:
    """The highlights of one plan, gathered in graph order, numbered once sorted by place."""

    def __init__(self, graph: nx.MultiDiGraph, text: str, sha: str):
        self.graph, self.text, self.sha = graph, text, sha
        self.found: list[Highlight] = []

    def span(self, values: dict[str, Any]) -> tuple[int, int] | None:
        """The evidence span, if it is one into this text."""
        start, end = values.get("span_start"), values.get("span_end")
        if start is None or end is None or values.get("source_sha256") not in (None, self.sha):
            return None
        start, end = int(start), int(end)
        return (start, end) if 0 <= start < end <= len(self.text) else None

    def inside(self, span: tuple[int, int] | None, written: Any) -> tuple[int, int] | None:
        """The last place ``written`` occurs inside ``span`` (a row's deadline and agencies
        come last)."""
        if span is None or not written:
            return None
        at = self.text.rfind(str(written), span[0], span[1])
        return (at, at + len(str(written))) if at >= 0 else None

    def add(self, kind: str, span: tuple[int, int] | None, label: str, key: str,
            **more: Any) -> None:
        if span is not None:
            self.found.append(Highlight("", kind, span[0], span[1], label, key, **more))

    def collect(self, plan: str) -> None:
        graph = self.graph
        values = props(graph, plan)
        self.add("plan", self.span(values), str(values.get("title")), plan, details=pairs(
            ("文号 doc number", values.get("doc_number")),
            ("发文机关 issuer", values.get("issuer")),
            ("印发 issued", values.get("issued")), ("状态 status", values.get("status"))))
        for document, data in out_edges(graph, plan, "IMPLEMENTS", "REFERENCES"):
            cited = props(graph, document)
            relation = "implements" if data["type"] == "IMPLEMENTS" else "references"
            self.add("citation", self.span(data["props"]), document_name(cited), document,
                     via=data["props"].get("key"), role=relation, details=pairs(
                         ("关系 relation", {"implements": "贯彻落实 implements",
                                          "references": "引用 cites"}[relation]),
                         ("标题 title", cited.get("title")), ("层级 level", cited.get("level")),
                         ("已载入 loaded", "是 yes" if "Plan" in labels(graph, document)
                          else "否 no")))
        for task, _ in sorted(out_edges(graph, plan, "HAS_TASK"), key=order_of):
            self.task(task)
        for indicator, _ in out_edges(graph, plan, "HAS_INDICATOR"):
            self.indicator(indicator)
        self.hospitals(plan)

    def task(self, task: str) -> None:
        values = props(self.graph, task)
        span = self.span(values)
        number = values.get("number") or values.get("task_id")
        self.add("task", span, f"{number} {values.get('title')}", task, task=task,
                 details=pairs(("编号 id", values.get("task_id")),
                               ("类型 kind", values.get("kind")),
                               ("章节 section", values.get("section")),
                               ("完成时限 deadline", deadline_text(values))))
        self.deadline(task, task, values, span)
        self.roles(task, task)
        for row, _ in sorted(out_edges(self.graph, task, "HAS_ASSIGNMENT"), key=order_of):
            row_values = props(self.graph, row)
            row_span = self.span(row_values)
            self.add("row", row_span, short(str(row_values.get("text") or ""), 30), row,
                     task=task, details=pairs(("任务 task", f"{number} {values.get('title')}"),
                                              ("行 row", row_values.get("order")),
                                              ("完成时限 deadline", deadline_text(row_values))))
            self.deadline(row, task, row_values, row_span)
            self.roles(row, task)

    def deadline(self, key: str, task: str, values: dict[str, Any],
                 span: tuple[int, int] | None) -> None:
        written = values.get("deadline_written")
        self.add("deadline", self.inside(span, written), str(written), key, task=task,
                 placed="name", details=pairs(("读作 read as", values.get("deadline"))))

    def roles(self, target: str, task: str) -> None:
        for agency, data in in_edges(self.graph, target, *ROLE_TYPES):
            role = ROLE_TYPES[data["type"]]
            name = str(props(self.graph, agency).get("name"))
            written = data["props"].get("written")
            self.add(role, self.span(data["props"]), name, agency, via=data["props"].get("key"),
                     role=role, task=task, details=pairs(
                         ("角色 role", f"{ROLE_ZH[role]} {role}"),
                         ("原文写作 written", written if written != name else None),
                         ("辖区 jurisdiction", props(self.graph, agency).get("jurisdiction"))))

    def indicator(self, indicator: str) -> None:
        values = props(self.graph, indicator)
        span = self.span(values)
        self.add("indicator", span, str(values.get("name")), indicator, details=pairs(
            ("编号 number", values.get("number")), ("类别 category", values.get("category")),
            ("单位 unit", values.get("unit"))))
        for agency, data in in_edges(self.graph, indicator, "ACCOUNTABLE_FOR"):
            agency_values = props(self.graph, agency)
            name = str(agency_values.get("name"))
            written = sorted({name, *(agency_values.get("aliases") or [])}, key=len,
                             reverse=True)   # its name or a form a plan wrote it in
            found = next(filter(None, (self.inside(self.span(data["props"]), form)
                                       for form in written)), None)
            # not written in the indicator's sentence (the task's agencies): the sentence,
            # drawn under the indicator ("shared")
            self.add("accountable", found or self.span(data["props"]), name, agency,
                     via=data["props"].get("key"), role="accountable",
                     placed="name" if found else "shared",
                     details=pairs(("指标 indicator", values.get("name"))))

    def hospitals(self, plan: str) -> None:
        """Every place a hospital the plan names is written (longer names first: 区中医院 is
        not marked again inside 重庆市渝北区中医院); the task is the one naming it there."""
        graph, named = self.graph, {}
        tasks = [key for key, _ in out_edges(graph, plan, "HAS_TASK")]
        rows = [row for task in tasks for row, _ in out_edges(graph, task, "HAS_ASSIGNMENT")]
        for source in [plan, *tasks, *rows]:
            for hospital, _ in out_edges(graph, source, "MENTIONS_HOSPITAL"):
                named.setdefault(hospital, set()).add(source)
        taken: list[tuple[int, int]] = []
        by_length = sorted(named, key=lambda key: (-len(str(props(graph, key).get("name"))),
                                                   key))
        for hospital in by_length:
            name = str(props(graph, hospital).get("name") or "")
            for found in re.finditer(re.escape(name), self.text) if name else ():
                if any(found.start() < end and start < found.end() for start, end in taken):
                    continue
                taken.append(found.span())
                task = next((t for t in tasks if t in named[hospital] or any(
                    r in named[hospital] for r, _ in out_edges(graph, t, "HAS_ASSIGNMENT"))
                    if self.covers(props(graph, t), found.span())), None)
                self.add("hospital", found.span(), name, hospital, task=task, placed="name")

    def covers(self, values: dict[str, Any], span: tuple[int, int]) -> bool:
        own = self.span(values)
        return own is not None and own[0] <= span[0] and span[1] <= own[1]

    def warnings(self, plan: str) -> list[Note]:
        """Each warning of the plan; placed (and drawn as a highlight) where it can be."""
        notes = []
        for index, warning in enumerate(props(self.graph, plan).get("warnings") or [], 1):
            code = str(warning).split(":", 1)[0]
            place = self.place_warning(str(warning))
            fact = None
            if place is not None:
                fact = f"w{index}"
                self.found.append(Highlight(fact, "warning", place[0], place[1], code, plan,
                                            details=(("警告 warning", str(warning)),),
                                            placed="name"))
            notes.append(Note(f"警告 {code}", str(warning).split(": ", 1)[-1], plan, fact))
        return notes

    def place_warning(self, warning: str) -> tuple[int, int] | None:
        for quoted in QUOTED.findall(warning):
            # the quote as the message gives it, the text's line breaks and tabs aside
            pattern = r"\s*".join(re.escape(char) for char in quoted if not char.isspace())
            found = [match.span() for match in re.finditer(pattern, self.text)] \
                if pattern else []
            if len(found) > 1:   # a table's warning quotes a cell: the one in a table row
                rows = [(h.start, h.end) for h in self.found if h.kind in ("row", "indicator")]
                found = [span for span in found
                         if any(start <= span[0] and span[1] <= end for start, end in rows)]
            if len(found) == 1:
                return found[0]
        if warning.startswith("replacement-character") and "\ufffd" in self.text:
            at = self.text.index("\ufffd")
            return at, at + 1
        return None

    def numbered(self) -> list[Highlight]:
        """Sorted by place (outer before inner), each with its id: f1, f2 … (warnings keep
        theirs: w1 … by their order in the plan's list)."""
        ordered = sorted(self.found, key=lambda h: (h.start, -h.end, list(KINDS).index(h.kind),
                                                     h.key, h.via or "", h.id))
        return [h if h.id else replace(h, id=f"f{index}") for index, h in enumerate(ordered, 1)]


def pairs(*items: tuple[str, Any]) -> tuple[tuple[str, str], ...]:
    return tuple((caption, str(value)) for caption, value in items if value not in (None, ""))


def order_of(item: tuple[str, dict]) -> tuple[int, str]:
    return int(item[1]["props"].get("order") or 0), item[0]


# -- segments --------------------------------------------------------------------------------

def segments(text: str, highlights: Iterable[Highlight]
             ) -> list[tuple[int, list[tuple[int, int, tuple[str, ...]]]]]:
    """The text cut at every fact's start and end and at every line end, each piece with the
    ids of the facts covering it, grouped by line (line ends left out). Linear after the sort
    of the boundaries."""
    starting: dict[int, list[str]] = {}
    ending: dict[int, list[str]] = {}
    rank: dict[str, int] = {}
    for index, highlight in enumerate(highlights):
        starting.setdefault(highlight.start, []).append(highlight.id)
        ending.setdefault(highlight.end, []).append(highlight.id)
        rank[highlight.id] = index
    breaks = [at for at, char in enumerate(text) if char == "\n"]
    boundaries = sorted({0, len(text), *starting, *ending, *breaks,
                         *(at + 1 for at in breaks)})
    lines: list[tuple[int, list]] = [(0, [])]
    active: dict[str, None] = {}
    for start, end in itertools.pairwise(boundaries):
        for ended in ending.get(start, ()):
            active.pop(ended, None)
        for begun in starting.get(start, ()):
            active[begun] = None
        if text[start:end] == "\n":
            lines.append((end, []))
            continue
        covering = tuple(sorted(active, key=rank.__getitem__))
        lines[-1][1].append((start, end, covering))
    return lines


# -- what could not be resolved --------------------------------------------------------------

def unresolved(graph: nx.MultiDiGraph, plan: str, highlights: list[Highlight]) -> list[Note]:
    """Tasks and rows no agency is named for, tasks without a deadline, cited documents that
    are not loaded plans (and those cited by title alone), and facts with no place in the
    text; each pointing to its highlight."""
    first: dict[str, str] = {}
    for highlight in highlights:
        if highlight.kind in ("task", "row", "citation"):
            first.setdefault(highlight.key, highlight.id)
    notes = []
    for task, _ in sorted(out_edges(graph, plan, "HAS_TASK"), key=order_of):
        values = props(graph, task)
        name = f"{values.get('number') or values.get('task_id')} {values.get('title')}"
        rows = [row for row, _ in sorted(out_edges(graph, task, "HAS_ASSIGNMENT"),
                                         key=order_of)]
        owned = [row for row in rows if in_edges(graph, row, *ROLE_TYPES)]
        if not in_edges(graph, task, *ROLE_TYPES) and not owned:
            notes.append(Note("无责任单位 no agency", name, task, first.get(task)))
        for row in rows:
            if row not in owned:
                notes.append(Note("分工行无单位 row without agency",
                                  f"{name} · {short(str(props(graph, row).get('text')), 24)}",
                                  row, first.get(row)))
        if values.get("deadline") is None and not any(
                props(graph, row).get("deadline") for row in rows):
            notes.append(Note("无完成时限 no deadline", name, task, first.get(task)))
        if task not in first:
            notes.append(Note("无原文位置 no place in the text", name, task))
    for document, _ in out_edges(graph, plan, "IMPLEMENTS", "REFERENCES"):
        if "Plan" in labels(graph, document):
            continue
        cited = props(graph, document)
        what = "未识别文号 cited by title only" if not cited.get("doc_number") else \
            "未载入 cited, not loaded"
        notes.append(Note(what, document_name(cited), document, first.get(document)))
    return notes
