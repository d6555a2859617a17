"""Graph model -> networkx MultiDiGraph -> GraphML, for Gephi, yEd, Cytoscape or networkx.

Node ids are the model's keys and edge ids the relationships' keys. Attributes follow the
APOC GraphML export: a node's ``labels`` is ``:Document:Plan``, an edge's ``label`` is its
type. Properties and evidence are flat attributes; GraphML has no lists, so a list is a JSON
string (``["区卫健委", "区卫生健康"]``); None is left out.
"""

from __future__ import annotations

import io
import json
import re
from typing import Any

import networkx as nx

from ..model import Evidence, GraphModel, Value

# XML 1.0 cannot hold these characters at all (a form feed from a PDF, say; a lone surrogate
# from a file name that is not UTF-8, should one get past display_path).
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
NODE_RESERVED = {"labels"}
EDGE_RESERVED = {"label", "structural"}


def _attribute(value: Value) -> str | int | float | bool:
    if isinstance(value, list):
        return _clean(json.dumps(value, ensure_ascii=False))
    if isinstance(value, str):
        return _clean(value)
    return value  # type: ignore[return-value]


def _clean(text: str) -> str:
    return XML_INVALID.sub("\ufffd", text)


def _attributes(properties: dict[str, Value], evidence: Evidence | None,
                reserved: set[str]) -> dict[str, Any]:
    merged = dict(properties)
    if evidence is not None:
        merged.update(evidence.properties())
    clash = reserved & merged.keys()
    if clash:
        raise ValueError(f"property names {sorted(clash)} are reserved in the GraphML export")
    return {name: _attribute(value) for name, value in merged.items() if value is not None}


def to_networkx(model: GraphModel) -> nx.MultiDiGraph:
    """One networkx node per model node, one edge per relationship (keyed by its key)."""
    graph = nx.MultiDiGraph()
    for key, node in model.nodes().items():
        labels = "".join(f":{label}" for label in (node.label, *node.extra_labels))
        graph.add_node(key, labels=labels,
                       **_attributes(node.properties, node.evidence, NODE_RESERVED))
    for relationship in model.relationships():
        graph.add_edge(relationship.start, relationship.end, key=relationship.key,
                       label=str(relationship.type), structural=relationship.structural,
                       **_attributes(relationship.properties, relationship.evidence,
                                     EDGE_RESERVED))
    return graph


def export_graphml(model: GraphModel) -> str:
    """The model as a GraphML document (UTF-8 text)."""
    buffer = io.BytesIO()
    nx.write_graphml_xml(to_networkx(model), buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue().decode("utf-8")
