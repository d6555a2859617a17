"""The plan record: what `extract` prints, mirroring ../shared/spec/plan-record.schema.json.

Every fact carries the span of its evidence (character offsets into the decoded text); the
schema's required fields come first, then what the graph needs for evidence and identity.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .locations import SpanLocations
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

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Responsible:
        return cls(data["agency"], data["role"], data.get("written", data["agency"]),
                   span_of(data["span"]), data.get("alias"), data.get("quote", ""))


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

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Assignment:
        return cls(data["text"], [Responsible.from_dict(r) for r in data["responsible"]],
                   data["deadline"], span_of(data["span"]), data.get("deadline_written"),
                   data.get("label"))


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

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Task:
        return cls(data["id"], data["title"], data["kind"], data["section"], data["text"],
                   [Responsible.from_dict(r) for r in data["responsible"]], data["deadline"],
                   span_of(data["span"]), data["number"],
                   [Assignment.from_dict(a) for a in data["assignments"]],
                   list(data["hospitals"]), data.get("deadline_written"))


@dataclass
class IndicatorValue:
    year: int | None
    value: str
    kind: str   # baseline | target

    def to_dict(self) -> dict[str, Any]:
        return {"year": self.year, "value": self.value, "kind": self.kind}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> IndicatorValue:
        return cls(data["year"], data["value"], data["kind"])


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

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Indicator:
        return cls(data["name"], data["category"], data["unit"],
                   [IndicatorValue.from_dict(v) for v in data["values"]],
                   list(data["responsible"]), data["source"], span_of(data["span"]),
                   data.get("task"), data.get("number"), data.get("qualifier"))


@dataclass
class Citation:
    doc_number: str | None
    title: str | None
    relation: str
    span: Span
    mentions: list[Span] = field(default_factory=list)
    # not in the schema: for the graph. The title as documents are compared by it (no spaces,
    # book-title marks or draft mark: loaders/metadata.py normalise_title); None without one
    title_key: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"doc_number": self.doc_number, "title": self.title, "relation": self.relation,
                "span": self.span.to_dict(), "mentions": [m.to_dict() for m in self.mentions]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Citation:
        """``title_key`` is not in the JSON: None here (the caller sets it)."""
        return cls(data["doc_number"], data["title"], data["relation"], span_of(data["span"]),
                   [span_of(m) for m in data["mentions"]])


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

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RecordWarning:
        span = data.get("span")
        return cls(data["code"], data["message"], span_of(span) if span else None,
                   data.get("line"))


@dataclass
class Source:
    """The record's ``source``: the file, and for a file that is not plain text the text the
    rules read (loaders/plan.py _source_fields)."""

    path: str
    sha256: str
    encoding: str | None
    characters: int
    format: str = "text"             # a PDF, Word file, page ...: spans index the composed text
    text_sha256: str | None = None   # of the text the rules read (not for plain text)
    layout: Any = None               # where each stretch of that text is in the file

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"path": self.path, "sha256": self.sha256,
                                "encoding": self.encoding, "characters": self.characters}
        if self.format != "text":
            data["format"] = self.format
            data["text_sha256"] = self.text_sha256
            data["layout"] = self.layout
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Source:
        return cls(data["path"], data["sha256"], data["encoding"], data["characters"],
                   data.get("format", "text"), data.get("text_sha256"), data.get("layout"))


@dataclass
class PlanInfo:
    """The record's ``plan``: what the document says about itself."""

    title: str
    doc_number: str | None
    issuer: str | None
    jurisdiction: str | None
    issued: str | None
    status: str                      # final | draft (loaders/metadata.py decides)
    jurisdiction_parts: list[str]    # [重庆市, 渝北区], outermost first
    title_span: Span | None
    # not in the schema: for the graph. The title as documents are compared by it
    # (normalise_title), and the jurisdiction the issuing office belongs to (an agency's)
    title_key: str = ""
    issuer_jurisdiction: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "doc_number": self.doc_number,
            "issuer": self.issuer,
            "jurisdiction": self.jurisdiction,
            "issued": self.issued,
            "status": self.status,
            "jurisdiction_parts": self.jurisdiction_parts,
            "title_span": self.title_span.to_dict() if self.title_span is not None else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PlanInfo:
        """The graph's ``title_key`` and ``issuer_jurisdiction`` are not in the JSON: empty."""
        span = data["title_span"]
        return cls(data["title"], data["doc_number"], data["issuer"], data["jurisdiction"],
                   data["issued"], data["status"], list(data["jurisdiction_parts"]),
                   span_of(span) if span is not None else None)


@dataclass(frozen=True)
class AgencyForm:
    """Not in the schema: for the graph. A form an agency is written in other than its
    canonical name, and what kind it is by the rule that folded it (loaders/plan.py
    _agency_list): a ``damaged`` form (cut short, a tail written twice, the name with its
    alias bracket) is findable but never shown; a ``variant`` (an abbreviation, a typo, a
    short form, the alias in brackets) is another name of the agency."""

    written: str
    kind: str    # damaged | variant
    rule: str    # truncated | doubled | alias-bracket | spacing | abbreviation | typo | variant
    #              | alias (loaders/agencies.py Folding.rule, or how the form was written)


@dataclass
class Agency:
    """One agency of the document: its canonical name, its function without the level, and
    the other forms it is written in."""

    name: str
    concept: str
    written: list[str]
    # not in the schema: for the graph. The jurisdiction it belongs to (市卫生健康委 in a
    # district plan is the city's; loaders/agencies.py agency_jurisdiction), and each form
    # in ``written`` with its kind
    jurisdiction: str = ""
    forms: list[AgencyForm] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "concept": self.concept, "written": list(self.written)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Agency:
        """The graph's ``jurisdiction`` and ``forms`` are not in the JSON: empty."""
        return cls(data["name"], data["concept"], list(data["written"]))


@dataclass
class AgencyFolding:
    """A folding applied (loaders/agencies.py Folding), with how often the form occurs."""

    written: str
    canonical: str
    rule: str
    reason: str
    count: int

    def to_dict(self) -> dict[str, Any]:
        return {"written": self.written, "canonical": self.canonical, "rule": self.rule,
                "reason": self.reason, "count": self.count}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AgencyFolding:
        return cls(data["written"], data["canonical"], data["rule"], data["reason"],
                   data["count"])


@dataclass
class PlanRecord:
    source: Source
    plan: PlanInfo
    citations: list[Citation]
    tasks: list[Task]
    indicators: list[Indicator]
    hospitals: list[str]
    warnings: list[RecordWarning]
    agency_foldings: list[AgencyFolding]
    agencies: list[Agency]
    # how much of the plan the record accounts for (loaders/plan.py _understanding)
    understanding: dict[str, Any] = field(default_factory=dict)
    # not in the schema: for the graph. Each hospital's jurisdiction: the plan's for one
    # named by its level (区人民医院), None for one named by its place (北京积水潭医院)
    hospital_jurisdictions: dict[str, str | None] = field(default_factory=dict)
    # not in the schema: for the graph. Where each span is for a reader of the file: line,
    # column, page and the sentence or row around it (loaders/locations.py); None for a
    # record made without its text
    locations: SpanLocations | None = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source.to_dict(),
            "plan": self.plan.to_dict(),
            "citations": [c.to_dict() for c in self.citations],
            "tasks": [t.to_dict() for t in self.tasks],
            "indicators": [i.to_dict() for i in self.indicators],
            "hospitals": list(self.hospitals),
            "agencies": [a.to_dict() for a in self.agencies],
            "agency_foldings": [f.to_dict() for f in self.agency_foldings],
            "understanding": self.understanding,
            "warnings": [w.to_dict() for w in self.warnings],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PlanRecord:
        """The inverse of to_dict(): a record read back from `extract`'s JSON. The fields
        to_dict() leaves out ("for the graph") are empty; loaders/record_lines.py carries
        them beside the JSON for `build --from-records`. A missing key raises KeyError."""
        return cls(
            source=Source.from_dict(data["source"]),
            plan=PlanInfo.from_dict(data["plan"]),
            citations=[Citation.from_dict(c) for c in data["citations"]],
            tasks=[Task.from_dict(t) for t in data["tasks"]],
            indicators=[Indicator.from_dict(i) for i in data["indicators"]],
            hospitals=list(data["hospitals"]),
            warnings=[RecordWarning.from_dict(w) for w in data["warnings"]],
            agency_foldings=[AgencyFolding.from_dict(f) for f in data["agency_foldings"]],
            agencies=[Agency.from_dict(a) for a in data["agencies"]],
            understanding=dict(data["understanding"]),
        )


def span_of(data: dict[str, int]) -> Span:
    """A span as to_dict() writes it: {"start": …, "end": …}."""
    return Span(data["start"], data["end"])
