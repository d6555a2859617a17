"""Writers of the graph model into files: RDF (rdf_export.py) and GraphML (graphml.py).

Every sink is one function behind the same protocol: the whole model, and the decoded text of
each source by its sha256 (for the sinks that quote evidence), in; the file's text out; the
same model gives the same bytes. The stores a build writes into and queries read from live in
graph/stores/, the HTML maps in graph/maps/.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from ..model import GraphModel


class ModelWriter(Protocol):
    def __call__(self, model: GraphModel, texts: Mapping[str, str]) -> str: ...


def writer(name: str) -> ModelWriter:
    """The sink for a format name of `policykg export` (turtle, json-ld, n-triples, graphml)."""
    if name == "graphml":
        from .graphml import export_graphml

        return lambda model, texts: export_graphml(model)
    from .rdf_export import FORMATS, export_rdf

    if name not in FORMATS:
        raise ValueError(f"no export format {name!r}")
    return lambda model, texts: export_rdf(model, name, texts)
