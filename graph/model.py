"""The graph every sink shares: typed nodes and relationships with stable keys and evidence.

Built from plan records only (graph/build.py). Keys depend on the document's bytes alone, so
the same input gives the same graph on every machine. Nodes owned by one document (its plan,
tasks, rows, indicators) carry that document's evidence; nodes several documents share (an
agency, a jurisdiction, a cited document, a hospital) are counted by the documents that use
them (in a store: ``source_count``) and get their evidence through the relationships that
point at them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

Value = str | int | float | bool | None | list[str] | list[int]


class Label(StrEnum):
    DOCUMENT = "Document"       # any cited or loaded policy document
    PLAN = "Plan"               # a loaded plan (always also a Document)
    SECTION = "Section"
    TASK = "Task"
    ASSIGNMENT = "Assignment"   # a row of a task-division table
    AGENCY = "Agency"
    FUNCTION = "Function"       # what an agency does, shared across jurisdictions: 卫生健康委
    JURISDICTION = "Jurisdiction"
    HOSPITAL = "Hospital"
    INDICATOR = "Indicator"
    INDICATOR_VALUE = "IndicatorValue"
    SOURCE = "Source"           # a loaded file: path and sha256
    BUILD = "Build"             # the last build run: tool version and time


class Rel(StrEnum):
    HAS_SECTION = "HAS_SECTION"            # Plan -> Section
    HAS_TASK = "HAS_TASK"                  # Plan -> Task
    IN_SECTION = "IN_SECTION"              # Task -> Section
    HAS_ASSIGNMENT = "HAS_ASSIGNMENT"      # Task -> Assignment
    LEADS = "LEADS"                        # Agency -> Task | Assignment (牵头)
    COOPERATES_ON = "COOPERATES_ON"        # Agency -> Task | Assignment (配合)
    RESPONSIBLE_FOR = "RESPONSIBLE_FOR"    # Agency -> Task | Assignment (责任, who leads unsaid)
    MENTIONS_HOSPITAL = "MENTIONS_HOSPITAL"  # Task | Plan -> Hospital
    IMPLEMENTS = "IMPLEMENTS"              # Plan -> Document (named as the plan's basis)
    REFERENCES = "REFERENCES"              # Plan -> Document
    ISSUED_BY = "ISSUED_BY"                # Plan -> Agency
    GOVERNS = "GOVERNS"                    # Plan -> Jurisdiction
    IN_JURISDICTION = "IN_JURISDICTION"    # Agency | Hospital -> Jurisdiction
    WITHIN = "WITHIN"                      # Jurisdiction -> Jurisdiction (渝北区 within 重庆市)
    HAS_FUNCTION = "HAS_FUNCTION"          # Agency -> Function
    HAS_INDICATOR = "HAS_INDICATOR"        # Plan | Task -> Indicator
    HAS_VALUE = "HAS_VALUE"                # Indicator -> IndicatorValue
    ACCOUNTABLE_FOR = "ACCOUNTABLE_FOR"    # Agency -> Indicator
    FROM_SOURCE = "FROM_SOURCE"            # Plan -> Source
    VERSION_OF = "VERSION_OF"              # Plan -> Document (another version is the primary)


# Every (type, start label, end label) graph/build.py links: the writers' statements and the
# saved queries' linter schema come from this list (a test checks the builder stays inside it).
RELATIONSHIP_ENDS: tuple[tuple[Rel, Label, Label], ...] = (
    (Rel.HAS_SECTION, Label.DOCUMENT, Label.SECTION),
    (Rel.HAS_TASK, Label.DOCUMENT, Label.TASK),
    (Rel.IN_SECTION, Label.TASK, Label.SECTION),
    (Rel.HAS_ASSIGNMENT, Label.TASK, Label.ASSIGNMENT),
    *((role, Label.AGENCY, target) for role in (Rel.LEADS, Rel.COOPERATES_ON,
                                                 Rel.RESPONSIBLE_FOR)
      for target in (Label.TASK, Label.ASSIGNMENT)),
    (Rel.MENTIONS_HOSPITAL, Label.TASK, Label.HOSPITAL),
    (Rel.MENTIONS_HOSPITAL, Label.DOCUMENT, Label.HOSPITAL),
    (Rel.IMPLEMENTS, Label.DOCUMENT, Label.DOCUMENT),
    (Rel.REFERENCES, Label.DOCUMENT, Label.DOCUMENT),
    (Rel.ISSUED_BY, Label.DOCUMENT, Label.AGENCY),
    (Rel.GOVERNS, Label.DOCUMENT, Label.JURISDICTION),
    (Rel.IN_JURISDICTION, Label.AGENCY, Label.JURISDICTION),
    (Rel.IN_JURISDICTION, Label.HOSPITAL, Label.JURISDICTION),
    (Rel.WITHIN, Label.JURISDICTION, Label.JURISDICTION),
    (Rel.HAS_FUNCTION, Label.AGENCY, Label.FUNCTION),
    (Rel.HAS_INDICATOR, Label.DOCUMENT, Label.INDICATOR),
    (Rel.HAS_INDICATOR, Label.TASK, Label.INDICATOR),
    (Rel.HAS_VALUE, Label.INDICATOR, Label.INDICATOR_VALUE),
    (Rel.ACCOUNTABLE_FOR, Label.AGENCY, Label.INDICATOR),
    (Rel.FROM_SOURCE, Label.DOCUMENT, Label.SOURCE),
    (Rel.VERSION_OF, Label.DOCUMENT, Label.DOCUMENT),
)

# Every (label, extra labels, shared) group of nodes a document contributes.
NODE_GROUPS: tuple[tuple[Label, tuple[Label, ...], bool], ...] = (
    (Label.DOCUMENT, (Label.PLAN,), False),     # the loaded plan itself
    (Label.SOURCE, (), False),
    (Label.SECTION, (), False),
    (Label.TASK, (), False),
    (Label.ASSIGNMENT, (), False),
    (Label.INDICATOR, (), False),
    (Label.INDICATOR_VALUE, (), False),
    (Label.JURISDICTION, (), True),
    (Label.AGENCY, (), True),
    (Label.FUNCTION, (), True),
    (Label.HOSPITAL, (), True),
    (Label.DOCUMENT, (), True),                 # a cited document
)

ROLE_RELATION = {"lead": Rel.LEADS, "cooperating": Rel.COOPERATES_ON,
                 "responsible": Rel.RESPONSIBLE_FOR}


@dataclass(frozen=True)
class Evidence:
    """Where a fact was read: the file, its bytes' sha256, a span of the decoded text, a quote;
    and for a reader of the file, where the span starts (1-based ``line`` and ``column`` of the
    decoded text, ``page`` where the document stage knows one) and the sentence or table row
    around it (``context``). The loader works these out (loaders/locations.py); None where the
    record had no text to place the span in (the parent-document registry)."""

    source_path: str
    source_sha256: str
    span_start: int
    span_end: int
    quote: str
    line: int | None = None
    column: int | None = None
    page: int | None = None
    context: str | None = None

    def properties(self) -> dict[str, Value]:
        found = {"source_path": self.source_path, "source_sha256": self.source_sha256,
                 "span_start": self.span_start, "span_end": self.span_end, "quote": self.quote}
        # what a reader's position adds, where known (no page in a text file): an absent
        # property, not a null one, which kglite would store in a column of its own
        for name, value in (("line", self.line), ("column", self.column), ("page", self.page),
                            ("context", self.context)):
            if value is not None:
                found[name] = value
        return found


@dataclass
class Node:
    key: str
    label: Label
    properties: dict[str, Value] = field(default_factory=dict)
    evidence: Evidence | None = None
    shared: bool = False          # used by several documents: counted, not owned
    extra_labels: tuple[Label, ...] = ()
    # set on every write, even when the node exists (a shared node's `properties` are only
    # set when it is created): the parent-document registry's facts, prefixed registry_
    always: dict[str, Value] = field(default_factory=dict)
    # what this document alone says about a shared node, kept per document in the store so
    # that the node's value is the same whichever document was written first: the title a
    # citing document gives a cited one (graph/cypher.py derives the node's title from them)
    cited: list[str] = field(default_factory=list)

    def row(self) -> dict[str, Any]:
        props = dict(self.properties)
        if self.evidence is not None:
            props.update(self.evidence.properties())
        return {"key": self.key, "props": props, "always": dict(self.always),
                "cited": list(self.cited)}


@dataclass
class Relationship:
    type: Rel
    start: str                    # node keys
    end: str
    properties: dict[str, Value] = field(default_factory=dict)
    evidence: Evidence | None = None
    structural: bool = False      # between shared nodes (Agency -> Jurisdiction): no source

    @property
    def key(self) -> str:
        """Relationships are keyed by their ends, type and (for ordered roles) position."""
        order = self.properties.get("order")
        return f"{self.start}|{self.type}|{self.end}" + (f"|{order}" if order is not None else "")

    def row(self) -> dict[str, Any]:
        props = dict(self.properties)
        if self.evidence is not None:
            props.update(self.evidence.properties())
        props["key"] = self.key
        return {"start_key": self.start, "end_key": self.end, "props": props}


@dataclass
class DocumentGraph:
    """The nodes and relationships one source document contributes."""

    source_path: str
    source_sha256: str
    plan_key: str
    nodes: list[Node] = field(default_factory=list)
    relationships: list[Relationship] = field(default_factory=list)

    def node_rows_by_label(self) -> list[tuple[Label, tuple[Label, ...], bool, list[dict]]]:
        """(label, extra labels, shared, rows) groups in a stable order, for batched writes;
        a key once (the first node with it): a document counts once among a shared node's
        users, however often it names the node."""
        groups: dict[tuple[Label, tuple[Label, ...], bool], list[dict]] = {}
        seen: set[str] = set()
        for node in self.nodes:
            if node.key in seen:
                continue
            seen.add(node.key)
            groups.setdefault((node.label, node.extra_labels, node.shared), []).append(node.row())
        return [(label, extra, shared, rows) for (label, extra, shared), rows in groups.items()]

    def relationship_rows(self) -> list[tuple[Rel, Label, Label, list[dict]]]:
        """(type, start label, end label, rows) groups, so writes MATCH by label and key."""
        labels = {node.key: node.label for node in self.nodes}
        groups: dict[tuple[Rel, Label, Label], list[dict]] = {}
        for relationship in self.relationships:
            row = relationship.row()
            if not relationship.structural:
                row["props"]["source_sha256"] = self.source_sha256
                row["props"]["source_path"] = self.source_path
            group = (relationship.type, labels[relationship.start], labels[relationship.end])
            groups.setdefault(group, []).append(row)
        return [(rel, start, end, rows) for (rel, start, end), rows in groups.items()]


@dataclass
class GraphModel:
    documents: list[DocumentGraph] = field(default_factory=list)

    def nodes(self) -> dict[str, Node]:
        """All nodes by key; a node several documents share appears once."""
        merged: dict[str, Node] = {}
        for document in self.documents:
            for node in document.nodes:
                # a loaded plan's own node wins over the same document seen as a citation
                if node.key not in merged or (node.extra_labels
                                              and not merged[node.key].extra_labels):
                    merged[node.key] = node
        return merged

    def relationships(self) -> list[Relationship]:
        seen: dict[str, Relationship] = {}
        for document in self.documents:
            for relationship in document.relationships:
                seen.setdefault(relationship.key, relationship)
        return list(seen.values())
