"""The text a plan's evidence spans index, as the store keeps it (graph/stores/: Neo4j on the
Source node, the embedded store in a file beside the graph), for the annotated source view.
A store written before texts were kept falls back on the file, if its bytes are still those
the graph was built from. Either way the text is checked against the length and hash the build
recorded, so no span is drawn over the wrong characters."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import networkx as nx

from ..snapshot import ReadableStore
from .common import MapError, out_edges, props


def source_of(graph: nx.MultiDiGraph, plan: str) -> dict[str, Any]:
    found = out_edges(graph, plan, "FROM_SOURCE")
    if not found:
        raise MapError(f"{plan} has no source in the graph")
    return props(graph, found[0][0])


def kept_text(store: ReadableStore, source: dict[str, Any]) -> str:
    """The text the rules read, as the store keeps it (Neo4j: on the Source node; the
    embedded store: beside the graph); else the file, if its bytes are still those read.
    Checked against the length and hash the build recorded: every span indexes this text."""
    from ...stored import SOURCE_TEXT, unpack

    sha = str(source["sha256"])
    packed = store.text_kept_aside(sha) if hasattr(store, "text_kept_aside") else None
    if packed is None:
        rows = store.read(SOURCE_TEXT, {"sha": sha})
        packed = rows[0]["text"] if rows else None
    text = unpack(packed) if packed is not None else text_from_file(source)
    if text is None:
        raise MapError(f"the store keeps no text of {source.get('path')} and the file is gone "
                       "or has changed: build the store again with this policykg")
    wanted = source.get("text_sha256")
    if (source.get("characters") not in (None, len(text)) or
            (wanted and hashlib.sha256(text.encode("utf-8")).hexdigest() != wanted)):
        raise MapError(f"the text kept of {source.get('path')} is not the one the graph was "
                       "built from: build the store again")
    return text


def text_from_file(source: dict[str, Any]) -> str | None:
    from ...loaders.documents import read_bytes
    from ...loaders.errors import LoaderError

    path = str(source.get("path") or "")
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    if hashlib.sha256(data).hexdigest() != source.get("sha256"):
        return None
    try:
        return read_bytes(data, path, str(source["sha256"])).text
    except LoaderError:
        return None
