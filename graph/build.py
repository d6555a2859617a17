"""Plan records -> graph model: one document's nodes and links, built from its record and its
placement. The identity rules (keys, versions, place()) are in graph/identity.py; nothing here
reads text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .identity import (  # noqa: F401  (re-exported: callers import them from here)
    VERSION_DIGITS,
    Facts,
    Placement,
    agency_key,
    document_key,
    hospital_key,
    jurisdiction_keys,
    place,
    rank_versions,
    versions,
)
from .model import (
    ROLE_RELATION,
    DocumentGraph,
    Evidence,
    GraphModel,
    Label,
    Node,
    Rel,
    Relationship,
)

if TYPE_CHECKING:
    from ..loaders.locations import Location
    from ..loaders.mapped import Span
    from ..loaders.record import (
        Agency,
        AgencyForm,
        Indicator,
        PlanRecord,
        Responsible,
        Task,
    )


@dataclass
class AgencyNode(Node):
    """An Agency's node, with the kind of each of its aliases as the record gives it (a
    damaged form or a variant, loaders/record.py AgencyForm) for the RDF export's hidden and
    alternative labels. Not a property: a store keeps the aliases alone."""

    forms: tuple[AgencyForm, ...] = ()


class _Builder:
    def __init__(self, record: PlanRecord, placement: Placement):
        self.record = record
        self.placement = placement
        self.titles = dict(placement.titles)
        self.path, self.sha = placement.path, record.source.sha256
        self.parts: list[str] = record.plan.jurisdiction_parts or []
        self.jurisdiction = "".join(self.parts)
        self.plan_key = placement.key
        self.agencies: dict[str, Agency] = {a.name: a for a in record.agencies}
        self.graph = DocumentGraph(self.path, self.sha, self.plan_key)
        self._nodes: dict[str, Node] = {}
        self._relationships: dict[str, Relationship] = {}
        self._located: dict[Span, Location] = {}   # spans repeat (a task's, an indicator's)

    def document_key(self, doc_number: str | None, title_key: str | None) -> str:
        if not doc_number and title_key is not None:
            return self.titles.get(title_key, document_key(None, title_key))
        return document_key(doc_number, title_key)

    def evidence(self, span: Span | None, quote: str) -> Evidence | None:
        if span is None:
            return None
        locations = self.record.locations   # where the loader placed the span for a reader
        if locations is None:
            return Evidence(self.path, self.sha, span.start, span.end, quote)
        where = self._located.get(span)
        if where is None:
            where = self._located[span] = locations.locate(span)
        return Evidence(self.path, self.sha, span.start, span.end, quote, where.line,
                        where.column, where.page, where.context)

    def node(self, key: str, label: Label, properties: dict, *, evidence: Evidence | None = None,
             shared: bool = False, extra: tuple[Label, ...] = (),
             cited: tuple[str, ...] = ()) -> str:
        if key not in self._nodes:
            node = Node(key, label, properties, evidence, shared, extra, cited=list(cited))
            self._nodes[key] = node
            self.graph.nodes.append(node)
        return key

    def link(self, rel: Rel, start: str, end: str, properties: dict | None = None,
             evidence: Evidence | None = None) -> None:
        structural = rel in (Rel.WITHIN, Rel.IN_JURISDICTION, Rel.HAS_FUNCTION)
        relationship = Relationship(rel, start, end, properties or {}, evidence, structural)
        key = relationship.key   # worked out once: a plan links a few hundred times
        if key not in self._relationships:
            self._relationships[key] = relationship
            self.graph.relationships.append(relationship)

    def jurisdiction_node(self) -> str | None:
        parent = None
        for (key, name), part in zip(jurisdiction_keys(self.parts), self.parts, strict=True):
            self.node(key, Label.JURISDICTION, {"name": name, "short_name": part}, shared=True)
            if parent:
                self.link(Rel.WITHIN, key, parent)
            parent = key
        return parent

    def agency(self, name: str) -> str:
        """An agency the plan names (its jurisdiction, function and aliases from the record)."""
        agency = self.agencies[name]
        return self._agency(name, agency.jurisdiction, agency.concept, agency.forms)

    def _agency(self, name: str, jurisdiction: str, concept: str | None,
                forms: Iterable[AgencyForm] = ()) -> str:
        key = agency_key(name, jurisdiction)
        if key not in self._nodes:
            forms = tuple(forms)
            node = AgencyNode(key, Label.AGENCY, {
                "name": name, "jurisdiction": jurisdiction or None,
                "aliases": sorted({form.written for form in forms})}, shared=True, forms=forms)
            self._nodes[key] = node
            self.graph.nodes.append(node)
        if jurisdiction:
            self.link(Rel.IN_JURISDICTION, key, f"jurisdiction:{jurisdiction}")
        if concept:
            function_key = f"function:{concept}"
            self.node(function_key, Label.FUNCTION, {"name": concept}, shared=True)
            self.link(Rel.HAS_FUNCTION, key, function_key)
        return key

    def build(self) -> DocumentGraph:
        record, plan = self.record, self.record.plan
        placement = self.placement
        jurisdiction_key = self.jurisdiction_node()
        warnings = [f"{w.code}: {w.message}" for w in record.warnings]
        self.node(self.plan_key, Label.DOCUMENT, {
            "title": plan.title or plan.doc_number or self.path,
            "doc_number": plan.doc_number or placement.doc_number(placement.group),
            "issuer": plan.issuer,
            "jurisdiction": plan.jurisdiction, "issued": plan.issued,
            "status": plan.status, "loaded": True, "warnings": warnings,
            "warning_count": len(warnings),
        }, evidence=self.evidence(plan.title_span, plan.title), extra=(Label.PLAN,))
        source_key = f"source:{self.sha}"
        source = record.source
        self.node(source_key, Label.SOURCE, {
            "path": self.path, "paths": list(placement.paths), "sha256": self.sha,
            "encoding": source.encoding,
            "characters": source.characters,
            # a PDF, Word file, page ...: spans index the text the document stage composed
            "format": source.format,
            "text_sha256": source.text_sha256})
        self.link(Rel.FROM_SOURCE, self.plan_key, source_key)
        if placement.is_version:   # the primary version holds the group's key
            self.cited_document(placement.group, placement.doc_number(placement.group), None)
            self.link(Rel.VERSION_OF, self.plan_key, placement.group)
        if jurisdiction_key:
            self.link(Rel.GOVERNS, self.plan_key, jurisdiction_key)
        if plan.issuer:
            issuer = self._agency(plan.issuer, plan.issuer_jurisdiction, None)
            self.link(Rel.ISSUED_BY, self.plan_key, issuer)
        for order, citation in enumerate(record.citations, 1):
            key = self.document_key(citation.doc_number, citation.title_key)
            if key in (self.plan_key, placement.group):
                continue
            self.cited_document(key, citation.doc_number or placement.doc_number(key),
                                citation.title)
            rel = Rel.IMPLEMENTS if citation.relation == "implements" else Rel.REFERENCES
            quote = "".join(filter(None, [citation.title and f"《{citation.title}》",
                                          citation.doc_number]))
            # a plan's own basis sentence states its IMPLEMENTS links (the registry's are
            # confirmed or inferred)
            properties = {"order": order, "status": "stated"} if rel == Rel.IMPLEMENTS else \
                {"order": order}
            self.link(rel, self.plan_key, key, properties, self.evidence(citation.span, quote))
        section_order: dict[str, str] = {}
        for order, task in enumerate(record.tasks, 1):
            self.task(order, task, section_order)
        for name in record.hospitals:
            hospital = self.hospital(name)
            self.link(Rel.MENTIONS_HOSPITAL, self.plan_key, hospital)
        for order, indicator in enumerate(record.indicators, 1):
            self.indicator(order, indicator)
        return self.graph

    def cited_document(self, key: str, doc_number: str | None, title: str | None) -> None:
        """A document this one names (cites, or is a version of): shared, keyed by its doc
        number or title. Its title is what the citing documents give, kept per document."""
        fallback = doc_number or key.removeprefix("document:title:")
        self.node(key, Label.DOCUMENT, {
            "title": title or fallback, "doc_number": doc_number,
            "title_known": bool(title) or doc_number is None},
            shared=True, cited=(title,) if title else ())

    def hospital(self, name: str) -> str:
        jurisdiction = self.record.hospital_jurisdictions.get(name)
        key = hospital_key(name, jurisdiction)
        self.node(key, Label.HOSPITAL, {"name": name}, shared=True)
        if jurisdiction:
            self.link(Rel.IN_JURISDICTION, key, f"jurisdiction:{jurisdiction}")
        return key

    def task(self, order: int, task: Task, section_order: dict[str, str]) -> None:
        key = f"task:{self.plan_key}:{task.id}"
        self.node(key, Label.TASK, {
            "task_id": task.id, "number": task.number, "title": task.title,
            "kind": task.kind, "section": task.section, "text": task.text,
            "deadline": task.deadline, "deadline_written": task.deadline_written or None,
            "plan": self.plan_key}, evidence=self.evidence(task.span, task.title))
        self.link(Rel.HAS_TASK, self.plan_key, key, {"order": order})
        if task.section:
            section_key = f"section:{self.plan_key}:{task.section}"
            if section_key not in section_order.values():
                section_order[str(len(section_order) + 1)] = section_key
                self.node(section_key, Label.SECTION, {
                    "title": task.section, "plan": self.plan_key,
                    "order": len(section_order)}, evidence=self.evidence(
                        task.span, task.section))
                self.link(Rel.HAS_SECTION, self.plan_key, section_key)
            self.link(Rel.IN_SECTION, key, section_key)
        self.responsibility(key, task.responsible)
        for hospital in task.hospitals:
            self.link(Rel.MENTIONS_HOSPITAL, key, self.hospital(hospital))
        for row_order, row in enumerate(task.assignments, 1):
            row_key = f"{key}:row:{row_order}"
            self.node(row_key, Label.ASSIGNMENT, {
                "text": row.text, "deadline": row.deadline,
                "deadline_written": row.deadline_written, "label": row.label or None,
                "order": row_order, "task": key, "plan": self.plan_key},
                evidence=self.evidence(row.span, row.text))
            self.link(Rel.HAS_ASSIGNMENT, key, row_key, {"order": row_order})
            self.responsibility(row_key, row.responsible)

    def responsibility(self, target: str, entries: list[Responsible]) -> None:
        for order, entry in enumerate(entries, 1):
            agency = self.agency(entry.agency)
            self.link(ROLE_RELATION[entry.role], agency, target,
                      {"order": order, "written": entry.written},
                      self.evidence(entry.span, entry.quote or entry.agency))

    def indicator(self, order: int, indicator: Indicator) -> None:
        key = f"indicator:{self.plan_key}:{order}"
        self.node(key, Label.INDICATOR, {
            "name": indicator.name, "category": indicator.category,
            "unit": indicator.unit, "source": indicator.source,
            "number": indicator.number, "qualifier": indicator.qualifier,
            "plan": self.plan_key, "order": order},
            evidence=self.evidence(indicator.span, indicator.name))
        self.link(Rel.HAS_INDICATOR, self.plan_key, key, {"order": order})
        if indicator.task:
            self.link(Rel.HAS_INDICATOR, f"task:{self.plan_key}:{indicator.task}", key)
        for position, value in enumerate(indicator.values, 1):
            value_key = f"{key}:value:{position}"
            self.node(value_key, Label.INDICATOR_VALUE, {
                "year": value.year, "value": value.value, "kind": value.kind,
                "order": position}, evidence=self.evidence(indicator.span, value.value))
            self.link(Rel.HAS_VALUE, key, value_key, {"order": position})
        for position, name in enumerate(indicator.responsible, 1):
            agency = self.agency(name)
            self.link(Rel.ACCOUNTABLE_FOR, agency, key, {"order": position},
                      self.evidence(indicator.span, name))


def records_to_graph(records: Iterable[PlanRecord],
                     placements: Mapping[str, Placement] | None = None) -> GraphModel:
    """Plan records (loaders/record.py) -> one graph, one part per document.

    ``placements`` (sha256 -> Placement, from place()) say where each document goes among
    the others in a store; without them the records are placed among themselves. Records with
    the same bytes are one document, at every path they were read from."""
    records = list(records)
    if placements is None:
        documents: dict[str, tuple[Facts, list[str]]] = {}
        for record in records:
            source = record.source
            documents.setdefault(source.sha256, (Facts.of(record), []))[1].append(source.path)
        placements = place(documents)
    built: dict[str, DocumentGraph] = {}
    for record in records:
        sha = record.source.sha256
        if sha not in built:
            built[sha] = _Builder(record, placements[sha]).build()
    return GraphModel(list(built.values()))


def registry_to_graph(registry: dict[str, Any]) -> DocumentGraph:
    """The parent-document registry (loaders/registry.py) -> one document's worth of graph: a
    Source, a shared Document per entry (the same node as a cited or loaded document with that
    doc number; its facts go in registry_ properties, so a loaded plan's own stay), and the
    IMPLEMENTS links the registry states, each with the registry's evidence."""
    path, sha = registry["source"]["path"], registry["source"]["sha256"]
    graph = DocumentGraph(path, sha, f"source:{sha}")
    # registry = true: what the builder knows a registry source by, whatever its path
    graph.nodes.append(Node(f"source:{sha}", Label.SOURCE, {"path": path, "paths": [path],
                                                            "sha256": sha, "registry": True}))
    seen: set[str] = set()
    for entry in registry["documents"]:
        key = document_key(entry["doc_number"], None)
        span = entry["span"]
        graph.nodes.append(Node(key, Label.DOCUMENT, {
            "title": entry.get("title") or entry["doc_number"], "doc_number": entry["doc_number"],
            "title_known": bool(entry.get("title"))},
            shared=True, always={
                "level": entry.get("level"), "registry_title": entry.get("title"),
                "registry_issuers": list(entry.get("issuer", [])),
                "registry_issued": entry.get("issued"),
                "registry_published": entry.get("published"),
                "registry_jurisdiction": entry.get("jurisdiction"),
                "registry_urls": entry["urls"], "registry_note": entry.get("note") or None,
                "registry_source_path": path, "registry_source_sha256": sha,
                "registry_span_start": span["start"], "registry_span_end": span["end"]}))
        seen.add(key)
    for entry in registry["documents"]:
        start = document_key(entry["doc_number"], None)
        for order, link in enumerate(entry["links"], 1):   # confirmed, then inferred
            parent = link["doc_number"]
            end = document_key(parent, None)
            if end not in seen:   # a parent without an entry of its own: a bare Document
                seen.add(end)
                graph.nodes.append(Node(end, Label.DOCUMENT, {
                    "title": parent, "doc_number": parent, "title_known": False}, shared=True))
            properties = {"order": order, "status": link["status"]}
            if link["rule"]:
                properties["rule"] = link["rule"]
            graph.relationships.append(Relationship(
                Rel.IMPLEMENTS, start, end, properties,
                Evidence(path, sha, link["span"]["start"], link["span"]["end"],
                         link["quote"])))
    return graph
