"""Graph model -> RDF under the pkg: ontology (ontology.ttl): Turtle, JSON-LD or N-Triples.

Mapping, in short (README.md, `policykg export`, has the table):

* every node is a resource ``ID + percent-encoded key``, typed by its label (and extra labels);
  names are skos:prefLabel, titles dct:title, both ``@zh``; agency aliases are skos:altLabel,
  damaged written forms skos:hiddenLabel;
* every relationship is a direct triple (task pkg:leadAgency agency; plan pkg:implements doc);
  the ones that carry a written order and their own evidence are also written as a qualified
  node keyed by the relationship's key: pkg:Responsibility (LEADS, COOPERATES_ON,
  RESPONSIBLE_FOR), pkg:Accountability (ACCOUNTABLE_FOR), pkg:Citation (IMPLEMENTS, REFERENCES).
  The order of a containment (HAS_TASK ...) is the child's pkg:order;
* evidence is an oa:SpecificResource of the pkg:Source with an oa:TextPositionSelector (oa:start,
  oa:end; pkg:line, pkg:column and, for a paged file, pkg:page where the span starts); when the
  decoded texts are passed in, an oa:TextQuoteSelector whose oa:exact is the text at the span.
  The model's quote (which may be a name inside the span, or a list around it) is pkg:quote,
  the sentence or table row around the span pkg:context.

The same model gives byte-identical output: IRIs come from keys, Turtle is sorted by rdflib,
N-Triples lines and JSON-LD nodes and values are sorted here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from urllib.parse import quote

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD

from ..model import Evidence, GraphModel, Label, Node, Rel, Relationship, Value
from ..vocab import ELI, ID, OA, PKG

FORMATS = {"turtle": "turtle", "ttl": "turtle", "json-ld": "json-ld", "jsonld": "json-ld",
           "n-triples": "nt", "nt": "nt"}

PREFIXES = {"pkg": PKG._NS, "rdf": RDF, "rdfs": RDFS, "xsd": XSD, "owl": OWL, "skos": SKOS,
            "dct": DCTERMS, "eli": ELI, "org": ORG, "prov": PROV, "oa": OA, "schema": SDO}

LABEL_CLASS = {
    Label.DOCUMENT: PKG.Document, Label.PLAN: PKG.Plan, Label.SECTION: PKG.Section,
    Label.TASK: PKG.Task, Label.ASSIGNMENT: PKG.Assignment, Label.AGENCY: PKG.Agency,
    Label.FUNCTION: PKG.Function, Label.JURISDICTION: PKG.Jurisdiction,
    Label.HOSPITAL: PKG.Hospital, Label.INDICATOR: PKG.Indicator,
    Label.INDICATOR_VALUE: PKG.IndicatorValue, Label.SOURCE: PKG.Source, Label.BUILD: PKG.Build,
}

# Direct triples, written start -> end ...
DIRECT = {
    Rel.HAS_SECTION: PKG.hasSection, Rel.HAS_TASK: PKG.hasTask, Rel.IN_SECTION: PKG.inSection,
    Rel.HAS_ASSIGNMENT: PKG.hasAssignment, Rel.MENTIONS_HOSPITAL: PKG.mentionsHospital,
    Rel.IMPLEMENTS: PKG.implements, Rel.REFERENCES: PKG.references, Rel.ISSUED_BY: PKG.issuedBy,
    Rel.GOVERNS: PKG.governs, Rel.IN_JURISDICTION: PKG.inJurisdiction, Rel.WITHIN: PKG.within,
    Rel.HAS_FUNCTION: PKG.hasFunction, Rel.HAS_INDICATOR: PKG.hasIndicator,
    Rel.HAS_VALUE: PKG.hasValue, Rel.FROM_SOURCE: PKG.fromSource,
    Rel.VERSION_OF: PKG.versionOf,
}
# ... or end -> start: the model's Agency -LEADS-> Task reads in RDF as task pkg:leadAgency agency.
INVERSE = {Rel.LEADS: PKG.leadAgency, Rel.COOPERATES_ON: PKG.cooperatingAgency,
           Rel.RESPONSIBLE_FOR: PKG.responsibleAgency, Rel.ACCOUNTABLE_FOR: PKG.accountableAgency}
ROLES = {Rel.LEADS: PKG.LeadRole, Rel.COOPERATES_ON: PKG.CooperatingRole,
         Rel.RESPONSIBLE_FOR: PKG.ResponsibleRole}
CITATION_KINDS = {Rel.IMPLEMENTS: PKG.BasisCitation, Rel.REFERENCES: PKG.ReferenceCitation}
# Containments whose `order` is the child's position: written as the child's pkg:order.
CHILD_ORDER = {Rel.HAS_TASK, Rel.HAS_ASSIGNMENT, Rel.HAS_INDICATOR, Rel.HAS_VALUE}
QUALIFIED = set(ROLES) | set(CITATION_KINDS) | {Rel.ACCOUNTABLE_FOR}

YEAR = re.compile(r"\d{4}")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
YEAR_MONTH = re.compile(r"\d{4}-\d{2}")


def _zh(value: Value) -> Iterable[Literal]:
    yield Literal(str(value), lang="zh")


def _string(value: Value) -> Iterable[Literal]:
    values = value if isinstance(value, list) else [value]
    yield from (Literal(str(v)) for v in values)


def _integer(value: Value) -> Iterable[Literal]:
    yield Literal(int(value))  # type: ignore[arg-type]


def _count(value: Value) -> Iterable[Literal]:
    yield Literal(int(value), datatype=XSD.nonNegativeInteger)  # type: ignore[arg-type]


def _boolean(value: Value) -> Iterable[Literal]:
    yield Literal(bool(value))


def _date(value: Value) -> Iterable[Literal]:
    yield Literal(str(value), datatype=XSD.date)


def _year(value: Value) -> Iterable[Literal]:
    yield Literal(f"{int(value):04d}", datatype=XSD.gYear)  # type: ignore[arg-type]


Converter = Callable[[Value], Iterable[Literal]]
_SKIP = None  # a denormalised copy of what a relationship already states

# Node property -> (predicate, converter), or _SKIP. `title`, `deadline`, `aliases` and
# `short_name` are written by _Writer (they choose their predicate from the value).
PROPERTIES: dict[Label, dict[str, tuple[URIRef, Converter] | None]] = {
    Label.DOCUMENT: {
        "doc_number": (PKG.docNumber, _string), "issued": (PKG.issued, _date),
        "status": (PKG.status, _string), "loaded": (PKG.loaded, _boolean),
        "warnings": (PKG.warning, _string), "warning_count": (PKG.warningCount, _integer),
        "issuer": _SKIP,         # pkg:issuedBy
        "jurisdiction": _SKIP,   # pkg:governs
        "title_known": _SKIP,    # decides whether `title` is a title (see _title)
    },
    Label.SECTION: {"order": (PKG.order, _integer), "plan": _SKIP},  # plan: pkg:hasSection
    Label.TASK: {
        "task_id": (PKG.taskId, _string), "number": (PKG.number, _string),
        "kind": (PKG.taskKind, _string), "text": (PKG.text, _zh),
        "deadline_written": (PKG.deadlineWritten, _string),
        "section": _SKIP, "plan": _SKIP,  # pkg:inSection, pkg:hasTask
    },
    Label.ASSIGNMENT: {
        "text": (PKG.text, _zh), "deadline_written": (PKG.deadlineWritten, _string),
        "label": (PKG.rowLabel, _string), "order": (PKG.order, _integer),
        "task": _SKIP, "plan": _SKIP,  # pkg:hasAssignment
    },
    Label.AGENCY: {"name": (SKOS.prefLabel, _zh), "jurisdiction": _SKIP},  # pkg:inJurisdiction
    Label.FUNCTION: {"name": (SKOS.prefLabel, _zh)},
    Label.JURISDICTION: {"name": (SKOS.prefLabel, _zh)},
    Label.HOSPITAL: {"name": (SKOS.prefLabel, _zh)},
    Label.INDICATOR: {
        "name": (SKOS.prefLabel, _zh), "category": (PKG.category, _zh),
        "unit": (PKG.unit, _string), "source": (PKG.foundIn, _string),
        "number": (PKG.number, _string), "qualifier": (PKG.qualifier, _string),
        "order": (PKG.order, _integer), "plan": _SKIP,  # pkg:hasIndicator
    },
    Label.INDICATOR_VALUE: {
        "year": (PKG.year, _year), "value": (PKG.value, _string),
        "kind": (PKG.valueKind, _string), "order": (PKG.order, _integer),
    },
    Label.SOURCE: {
        "path": (PKG.path, _string), "sha256": (PKG.sha256, _string),
        "paths": (PKG.path, _string),   # every path the same bytes were read from
        "encoding": (PKG.encoding, _string), "characters": (PKG.characters, _count),
        "format": (PKG.format, _string), "text_sha256": (PKG.textSha256, _string),
    },
    Label.BUILD: {
        "tool_version": (PKG.toolVersion, _string), "documents": (PKG.documentCount, _integer),
        "built_at": (PROV.endedAtTime, lambda v: [Literal(str(v), datatype=XSD.dateTime)]),
    },
}
SPECIAL = {"title", "deadline", "aliases", "short_name"}


def node_iri(key: str) -> URIRef:
    """The node's IRI: the ID namespace plus the key, percent-encoded (``:`` kept)."""
    return ID[quote(key, safe=":")]


def relationship_iri(relationship: Relationship) -> URIRef:
    """The qualified node of a relationship, from the relationship's key (ends, type, order)."""
    return node_iri(relationship.key)


def to_rdf(model: GraphModel, texts: Mapping[str, str] | None = None) -> Graph:
    """The model as an rdflib Graph. ``texts`` maps a source's sha256 to its decoded text; with
    it, each evidence also gets an oa:TextQuoteSelector holding the text at its span."""
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    nodes = model.nodes()
    sources = {(n.properties.get("path"), n.properties.get("sha256")): key
               for key, n in nodes.items() if n.label == Label.SOURCE}
    writer = _Writer(graph, sources, texts or {})
    for node in nodes.values():
        writer.node(node)
    for relationship in model.relationships():
        writer.relationship(relationship)
    return graph


def export_rdf(model: GraphModel, format: str = "turtle",
               texts: Mapping[str, str] | None = None) -> str:
    """Serialise the model: turtle, json-ld or n-triples; the same model, the same bytes."""
    if format not in FORMATS:
        raise ValueError(f"no RDF format {format!r}; choose one of: {', '.join(FORMATS)}")
    graph = to_rdf(model, texts)
    kind = FORMATS[format]
    if kind == "nt":
        lines = graph.serialize(format="nt").splitlines()
        return "".join(f"{line}\n" for line in sorted(set(filter(None, lines))))
    if kind == "json-ld":
        context = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
        data = json.loads(graph.serialize(format="json-ld", context=context))
        return json.dumps(_sorted_json_ld(data), ensure_ascii=False, indent=2,
                          sort_keys=True) + "\n"
    return graph.serialize(format="turtle")


def _sorted_json_ld(data):
    """JSON-LD node arrays and value arrays are unordered sets: sort them for stable output."""
    if isinstance(data, dict):
        return {key: _sorted_json_ld(value) for key, value in data.items()}
    if isinstance(data, list):
        items = [_sorted_json_ld(item) for item in data]
        return sorted(items, key=lambda item: json.dumps(item, ensure_ascii=False,
                                                         sort_keys=True))
    return data


class _Writer:
    def __init__(self, graph: Graph, sources: dict[tuple, str], texts: Mapping[str, str]):
        self.graph = graph
        self.sources = sources
        self.texts = texts

    def add(self, subject: URIRef, predicate: URIRef, obj) -> None:
        self.graph.add((subject, predicate, obj))

    def node(self, node: Node) -> None:
        subject = node_iri(node.key)
        for label in (node.label, *node.extra_labels):
            self.add(subject, RDF.type, LABEL_CLASS[label])
        mapping = PROPERTIES.get(node.label, {})
        for name, value in node.properties.items():
            if value is None or value == [] or name in SPECIAL:
                continue
            target = mapping.get(name)
            if target is None:  # _SKIP, or a property this exporter does not know yet
                continue
            predicate, convert = target
            for literal in convert(value):
                self.add(subject, predicate, literal)
        self._title(subject, node)
        self._deadline(subject, node.properties)
        self._labels(subject, node)
        if node.evidence is not None:
            self.evidence(subject, node.evidence)

    def _title(self, subject: URIRef, node: Node) -> None:
        """dct:title of documents, sections and tasks. A cited document whose title the plan
        does not give carries its doc number in `title` (title_known false): no title then."""
        title = node.properties.get("title")
        if title and node.properties.get("title_known", True) is not False:
            self.add(subject, DCTERMS.title, Literal(str(title), lang="zh"))

    def _deadline(self, subject: URIRef, properties: dict[str, Value]) -> None:
        """2025 -> xsd:gYear, 2023-12-31 -> xsd:date, ongoing -> pkg:ongoing true. Anything
        else is kept as a plain string so that validation reports it."""
        deadline = properties.get("deadline")
        if deadline is None:
            return
        text = str(deadline)
        if text == "ongoing":
            self.add(subject, PKG.ongoing, Literal(True))
        elif YEAR.fullmatch(text):
            self.add(subject, PKG.deadline, Literal(text, datatype=XSD.gYear))
        elif DATE.fullmatch(text):
            self.add(subject, PKG.deadline, Literal(text, datatype=XSD.date))
        elif YEAR_MONTH.fullmatch(text):
            self.add(subject, PKG.deadline, Literal(text, datatype=XSD.gYearMonth))
        else:
            self.add(subject, PKG.deadline, Literal(text))

    def _labels(self, subject: URIRef, node: Node) -> None:
        """Agency aliases, of the kind the record gives them (loaders/record.py AgencyForm): a
        damaged form (区卫生健康 cut short from 区卫生健康委, 区卫生健康委康委 with its tail twice)
        is skos:hiddenLabel (findable, never shown); a variant (区卫健委) is skos:altLabel. A
        jurisdiction's short name (渝北区 for 重庆市渝北区) is an altLabel."""
        name = str(node.properties.get("name") or "")
        if node.label == Label.AGENCY:
            damaged = {form.written for form in getattr(node, "forms", ())
                       if form.kind == "damaged"}
            for alias in node.properties.get("aliases") or []:
                if alias == name:
                    continue
                self.add(subject, SKOS.hiddenLabel if alias in damaged else SKOS.altLabel,
                         Literal(alias, lang="zh"))
        short = node.properties.get("short_name")
        if node.label == Label.JURISDICTION and short and short != name:
            self.add(subject, SKOS.altLabel, Literal(str(short), lang="zh"))

    def relationship(self, relationship: Relationship) -> None:
        start, end = node_iri(relationship.start), node_iri(relationship.end)
        kind = relationship.type
        if kind in INVERSE:
            self.add(end, INVERSE[kind], start)
        else:
            self.add(start, DIRECT[kind], end)
        order = relationship.properties.get("order")
        if kind in CHILD_ORDER and order is not None:
            self.add(end, PKG.order, Literal(int(order)))  # type: ignore[arg-type]
        if kind not in QUALIFIED:
            return
        qualified = relationship_iri(relationship)
        if kind in ROLES:
            self.add(qualified, RDF.type, PKG.Responsibility)
            self.add(qualified, PKG.agency, start)
            self.add(qualified, PKG.task, end)
            self.add(qualified, PKG.role, ROLES[kind])
            written = relationship.properties.get("written")
            if written:
                self.add(qualified, PKG.writtenAs, Literal(str(written)))
        elif kind == Rel.ACCOUNTABLE_FOR:
            self.add(qualified, RDF.type, PKG.Accountability)
            self.add(qualified, PKG.agency, start)
            self.add(qualified, PKG.indicator, end)
        else:
            self.add(qualified, RDF.type, PKG.Citation)
            self.add(qualified, PKG.citingDocument, start)
            self.add(qualified, PKG.citedDocument, end)
            self.add(qualified, PKG.citationKind, CITATION_KINDS[kind])
            for name, predicate in (("status", PKG.linkStatus), ("rule", PKG.inferenceRule)):
                if relationship.properties.get(name):
                    self.add(qualified, predicate, Literal(str(relationship.properties[name])))
        if order is not None:
            self.add(qualified, PKG.order, Literal(int(order)))  # type: ignore[arg-type]
        if relationship.evidence is not None:
            self.evidence(qualified, relationship.evidence)

    def evidence(self, subject: URIRef, evidence: Evidence) -> None:
        """subject pkg:evidence <subject#evidence>, an oa:SpecificResource of the source file."""
        resource = URIRef(f"{subject}#evidence")
        position = URIRef(f"{subject}#position")
        source_key = self.sources.get((evidence.source_path, evidence.source_sha256),
                                      f"source:{evidence.source_path}")
        source = node_iri(source_key)
        self.add(subject, PKG.evidence, resource)
        self.add(resource, RDF.type, OA.SpecificResource)
        self.add(resource, OA.hasSource, source)
        self.add(source, RDF.type, PKG.Source)
        self.add(source, PKG.path, Literal(evidence.source_path))
        self.add(source, PKG.sha256, Literal(evidence.source_sha256))
        self.add(resource, OA.hasSelector, position)
        self.add(position, RDF.type, OA.TextPositionSelector)
        self.add(position, OA.start, Literal(evidence.span_start,
                                             datatype=XSD.nonNegativeInteger))
        self.add(position, OA["end"], Literal(evidence.span_end,
                                              datatype=XSD.nonNegativeInteger))
        for predicate, value in ((PKG.line, evidence.line), (PKG.column, evidence.column),
                                 (PKG.page, evidence.page)):   # where the span starts
            if value is not None:
                self.add(position, predicate, Literal(value, datatype=XSD.positiveInteger))
        if evidence.quote:
            self.add(resource, PKG.quote, Literal(evidence.quote))
        if evidence.context:
            self.add(resource, PKG.context, Literal(evidence.context))
        text = self.texts.get(evidence.source_sha256)
        if text is not None and 0 <= evidence.span_start <= evidence.span_end <= len(text):
            exact = URIRef(f"{subject}#quote")
            self.add(resource, OA.hasSelector, exact)
            self.add(exact, RDF.type, OA.TextQuoteSelector)
            self.add(exact, OA.exact, Literal(text[evidence.span_start:evidence.span_end]))
