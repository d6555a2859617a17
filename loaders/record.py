"""The plan record: what `extract` prints, mirroring ../shared/spec/plan-record.schema.json.

Every fact carries the span of its evidence (character offsets into the decoded text); the
schema's required fields come first, then what the graph needs for evidence and identity.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .mapped import Span


@dataclass
class Responsible:
    agency: str                 # canonical within the document
    role: str                   # lead | cooperating | responsible
    written: str                # as written: 区卫健委
    span: Span
    alias: str | None = None
    quote: str = ""             # the clause or table cell naming the unit: the evidence

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"agency": self.agency, "role": self.role}
        if self.written != self.agency:
            data["written"] = self.written
        if self.alias:
            data["alias"] = self.alias
        data["span"] = self.span.to_dict()
        if self.quote:
            data["quote"] = self.quote
        return data


@dataclass
class Assignment:
    text: str
    responsible: list[Responsible]
    deadline: str | None
    span: Span
    deadline_written: str | None = None
    label: str | None = None    # the task cell as written (1. 打造高水平公立医院。)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "text": self.text,
            "responsible": [r.to_dict() for r in self.responsible],
            "deadline": self.deadline,
        }
        if self.deadline_written is not None:
            data["deadline_written"] = self.deadline_written
        if self.label:
            data["label"] = self.label
        data["span"] = self.span.to_dict()
        return data


@dataclass
class Task:
    id: str
    title: str
    kind: str
    section: str | None
    text: str
    responsible: list[Responsible]
    deadline: str | None
    span: Span
    number: str = ""
    assignments: list[Assignment] = field(default_factory=list)
    hospitals: list[str] = field(default_factory=list)
    deadline_written: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "number": self.number,
            "title": self.title,
            "section": self.section,
            "kind": self.kind,
            "text": self.text,
            "responsible": [r.to_dict() for r in self.responsible],
            "deadline": self.deadline,
            **({"deadline_written": self.deadline_written} if self.deadline_written else {}),
            "assignments": [a.to_dict() for a in self.assignments],
            "hospitals": list(self.hospitals),
            "span": self.span.to_dict(),
        }


@dataclass
class IndicatorValue:
    year: int | None
    value: str
    kind: str   # baseline | target

    def to_dict(self) -> dict[str, Any]:
        return {"year": self.year, "value": self.value, "kind": self.kind}


@dataclass
class Indicator:
    name: str
    category: str | None
    unit: str | None
    values: list[IndicatorValue]
    responsible: list[str]
    source: str            # table | text
    span: Span
    task: str | None = None
    number: str | None = None
    qualifier: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "name": self.name, "category": self.category, "unit": self.unit,
            "values": [v.to_dict() for v in self.values], "responsible": list(self.responsible),
            "source": self.source,
        }
        for key in ("task", "number", "qualifier"):
            if getattr(self, key) is not None:
                data[key] = getattr(self, key)
        data["span"] = self.span.to_dict()
        return data


@dataclass
class Citation:
    doc_number: str | None
    title: str | None
    relation: str
    span: Span
    mentions: list[Span] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"doc_number": self.doc_number, "title": self.title, "relation": self.relation,
                "span": self.span.to_dict(), "mentions": [m.to_dict() for m in self.mentions]}


@dataclass
class RecordWarning:
    """A note in the record's ``warnings``: what the loader could not read, and where (named
    so as not to shadow the built-in Warning; the JSON is the same)."""

    code: str
    message: str
    span: Span | None = None
    line: int | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.line is not None:
            data["line"] = self.line
        if self.span is not None:
            data["span"] = self.span.to_dict()
        return data


@dataclass
class PlanRecord:
    source: dict[str, Any]
    plan: dict[str, Any]
    citations: list[Citation]
    tasks: list[Task]
    indicators: list[Indicator]
    hospitals: list[str]
    warnings: list[RecordWarning]
    agency_foldings: list[dict[str, Any]]
    agencies: list[dict[str, Any]]
    # how much of the plan the record accounts for (loaders/plan.py _understanding)
    understanding: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "plan": self.plan,
            "citations": [c.to_dict() for c in self.citations],
            "tasks": [t.to_dict() for t in self.tasks],
            "indicators": [i.to_dict() for i in self.indicators],
            "hospitals": list(self.hospitals),
            "agencies": self.agencies,
            "agency_foldings": self.agency_foldings,
            "understanding": self.understanding,
            "warnings": [w.to_dict() for w in self.warnings],
        }
