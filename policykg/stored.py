"""What a build reads from the store and what it reports: the statements it reads with, the
BuildReport, the sources the store holds (read_stored), a source's text as the store keeps it
(pack / unpack), a plan's document with what its Source keeps (placed_document), and the
parent-document registry written when the store lacks it."""

from __future__ import annotations

import base64
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from .graph.build import records_to_graph, registry_to_graph
from .graph.cypher import (
    AGENCY_TASKS_MISSING,
    COUNT_AGENCY_TASKS,
    GIVEN,
    GIVEN_EMPTY_IS_LIST,
    SHARED_LABELS,
)
from .graph.identity import Facts, Placement
from .graph.migrations import LISTED_GIVEN, migrate_given_statements, migrate_sources_statements
from .graph.model import DocumentGraph
from .graph.stores.base import GraphStore
from .loaders.errors import LoaderError
from .loaders.record import PlanRecord
from .loaders.registry import REGISTRY_PATH, load_registry
from .loaders.source import display_path

SUMMARY_COUNTS = {
    "documents": "MATCH (p:Plan) RETURN count(p) AS count",
    "tasks": "MATCH (t:Task) RETURN count(t) AS count",
    "agencies": "MATCH (a:Agency) RETURN count(a) AS count",
    "hospitals": "MATCH (h:Hospital) RETURN count(h) AS count",
    "citations": "MATCH (:Plan)-[r:IMPLEMENTS|REFERENCES]->(:Document) RETURN count(r) AS count",
}
# Every source the store holds, with what the builder stored to place it among the others
STORED_SOURCES = (
    "MATCH (s:Source) OPTIONAL MATCH (p:Document)-[:FROM_SOURCE]->(s) "
    "RETURN s.sha256 AS sha256, s.path AS path, s.paths AS paths, s.placement AS placement, "
    "s.doc_number AS doc_number, s.plan_title AS plan_title, s.status AS status, "
    "s.issued AS issued, s.cites_by_title AS cites_by_title, "
    "s.text_zlib_base64 IS NOT NULL AS has_text, s.registry AS registry, "
    "p.key AS key ORDER BY sha256")
SOURCE_TEXT = ("MATCH (s:Source {sha256: $sha}) "
               "RETURN s.text_zlib_base64 AS text, s.encoding AS encoding, s.format AS format")
COUNT_DOCUMENTS = ("MATCH (s:Source) WHERE s.path <> $registry AND s.registry IS NULL "
                   "RETURN count(s) AS count")   # the Build node's count
# Shared nodes as a policykg before issue 13's counts wrote them: a `sources` list of sha256
LISTED_SOURCES = tuple(
    f"MATCH (n:{label.value}) WHERE n.sources IS NOT NULL "
    "RETURN n.key AS key, n.sources AS sources ORDER BY key" for label in SHARED_LABELS)
READ_STATEMENTS = (STORED_SOURCES, SOURCE_TEXT, COUNT_DOCUMENTS, *SUMMARY_COUNTS.values(),
                   *LISTED_SOURCES, *LISTED_GIVEN.values())
SHA_LENGTH = 64   # an entry of the per-document lists: "<64 hex digits> <value>"


@dataclass
class BuildReport:
    written: list[str] = field(default_factory=list)    # new documents, by path
    skipped: list[str] = field(default_factory=list)    # documents the store holds as they are
    pruned: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    # files found in a folder that no reader takes (a spreadsheet, a README), with the reason
    not_plans: list[tuple[str, str]] = field(default_factory=list)
    rewritten: list[str] = field(default_factory=list)  # moved, or their versions changed
    notes: list[str] = field(default_factory=list)      # warnings that fail nothing
    warnings: int = 0
    totals: dict[str, int] = field(default_factory=dict)
    aborted: bool = False         # the store went away mid-build


@dataclass
class _Stored:
    """A source the store holds."""

    sha: str
    paths: tuple[str, ...]
    facts: Facts | None           # None: written by a policykg before placements
    placement: str | None         # the fingerprint it was written with
    key: str | None               # its plan's key
    has_text: bool


def pack(text: str) -> str:
    """A source's decoded text as the store keeps it: zlib-compressed UTF-8 in base64 (a
    third of the UTF-8; the embedded store keeps strings as they are)."""
    return base64.b64encode(zlib.compress(text.encode("utf-8"), 6)).decode("ascii")


def unpack(packed: str) -> str:
    return zlib.decompress(base64.b64decode(packed)).decode("utf-8")


def write_registry(store: GraphStore, stored: str | None, current: bool = True,
                   registry_file: Path | None = None) -> bool:
    """Write the parent-document registry when the store lacks this version of it (the
    sha256 ``stored``), or holds it as an earlier policykg wrote it (not ``current``).
    ``registry_file``: the user's registry, in place of the bundled one."""
    if registry_file is None:
        registry = load_registry()
    else:
        try:
            data = registry_file.read_bytes()
        except OSError as error:
            raise LoaderError(str(registry_file),
                              f"cannot read the registry: {error.strerror or error}") from None
        registry = load_registry(data, display_path(registry_file))
    if stored == registry["source"]["sha256"] and current:
        return False
    store.write_document(registry_to_graph(registry), replaces=stored)
    return True


def count_listed_sources(store: GraphStore) -> bool:
    """Turn the `sources` lists of a store an earlier policykg wrote into counts: each shared
    node's `source_count` (the length of its list: a listed document the store no longer holds
    keeps the node, as the list did) and each Source's `shared_keys`, in one transaction.
    Whether there was anything to turn."""
    counts: dict[str, list[dict]] = {}
    users: dict[str, list[str]] = {}
    for label, statement in zip(SHARED_LABELS, LISTED_SOURCES, strict=True):
        for row in store.read(statement):
            counts.setdefault(label.value, []).append(
                {"key": row["key"], "source_count": len(set(row["sources"]))})
            for sha in set(row["sources"]):
                users.setdefault(sha, []).append(row["key"])
    if not counts:
        return False
    sources = [{"sha256": sha, "shared_keys": sorted(keys)}
               for sha, keys in sorted(users.items())]
    store.write_statements(migrate_sources_statements(counts, sources), "the store's counts")
    return True


def count_listed_given(store: GraphStore) -> bool:
    """Turn the per-document entries of a store written before session 11 (an agency's
    `aliases_by_source`, a document's `titles_by_source`) into distinct values with counts,
    and give each Source what its document gave, in one transaction. Whether there was
    anything to turn."""
    nodes: dict[str, list[dict]] = {}
    given: dict[str, set[tuple[str, str]]] = {}
    for label in GIVEN:
        for row in store.read(LISTED_GIVEN[label]):
            counts: dict[str, int] = {}
            for entry in set(row["entries"]):
                sha, value = entry[:SHA_LENGTH], entry[SHA_LENGTH + 1:]
                counts[value] = counts.get(value, 0) + 1
                given.setdefault(sha, set()).add((row["key"], value))
            values = sorted(counts)
            empty = [] if label in GIVEN_EMPTY_IS_LIST else None
            nodes.setdefault(label.value, []).append(
                {"key": row["key"], "values": values or empty,
                 "counts": [counts[value] for value in values] or empty})
    if not nodes:
        return False
    sources = [{"sha256": sha, "given_keys": [key for key, _ in sorted(pairs)],
                "given_values": [value for _, value in sorted(pairs)]}
               for sha, pairs in sorted(given.items())]
    store.write_statements(migrate_given_statements(nodes, sources), "the store's given values")
    return True


def count_agency_tasks(store: GraphStore) -> bool:
    """Give every agency its `total_tasks` where some agency with a role has none: a store a
    bulk import wrote (its files do not carry totals), or one written before totals were kept.
    A store the writer keeps is left alone (one cheap check). Whether anything was counted."""
    if not store.read(AGENCY_TASKS_MISSING)[0]["count"]:
        return False
    store.write_statements([(COUNT_AGENCY_TASKS, {})], "the agencies' task totals")
    return True


def read_stored(store: GraphStore) -> tuple[dict[str, _Stored], _Stored | None]:
    """The plan sources the store holds, and its registry of parent documents (if any)."""
    stored, registry = {}, None
    aside = store.texts_kept_aside()
    for row in store.read(STORED_SOURCES):
        if row["path"] == REGISTRY_PATH or row["registry"]:
            # current: written as a source is now keyed (paths), and marked as a registry
            registry = _Stored(row["sha256"], tuple(row["paths"] or ())
                               if row["registry"] else (), None, None, None, False)
            continue
        facts = None
        if row["placement"] is not None:
            facts = Facts(row["doc_number"], row["plan_title"], row["status"], row["issued"],
                          tuple(row["cites_by_title"] or ()))
        paths = tuple(row["paths"] or [row["path"]])
        has_text = bool(row["has_text"]) or row["sha256"] in aside
        stored[row["sha256"]] = _Stored(row["sha256"], paths, facts, row["placement"],
                                        row["key"], has_text)
    return stored, registry


def placed_document(record: PlanRecord, text: str, placement: Placement,
                    facts: Facts) -> DocumentGraph:
    """A plan's graph at its placement, its Source carrying what a later build places it by
    and rewrites it from: the packed text, the placement's fingerprint, the plan's facts (the
    online writer and the bulk path store the same)."""
    sha = record.source.sha256
    document = records_to_graph([record], {sha: placement}).documents[0]
    source = next(node for node in document.nodes if node.key == f"source:{sha}")
    source.properties.update({
        "text_zlib_base64": pack(text), "placement": placement.fingerprint(),
        "doc_number": facts.doc_number, "plan_title": facts.title,
        "status": facts.status, "issued": facts.issued,
        "cites_by_title": list(facts.cites_by_title)})
    return document
