"""The embedded default store: kglite, an in-process graph that runs Neo4j-syntax Cypher.

The graph lives in one folder (``policykg-store/`` by default): ``graph.kgl`` plus kglite's
write-ahead log, and ``texts/``: the sources' texts the builder keeps (kept_texts.py). Every
document is written in one kglite transaction, so a broken document leaves nothing behind;
the saved queries run here from the same text as on Neo4j. A writer (build) holds kglite's
writer lease and saves on close; a reader (query, map) loads the last saved graph read-only:
no lease, no log, never saved, so it works on a read-only folder and while a build runs. See
docs/decisions/embedded-store.md for why kglite, and for why every node is created with an
`id` of its own.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..cypher import (
    COUNT_NODES,
    COUNT_RELATIONSHIPS,
    CREATE_BUILD,
    IDS_NOT_KEYS,
    SET_BUILD,
    SOURCE_HASHES,
    SOURCE_TEXTS_IN_GRAPH,
    TEXTS_OUT_OF_GRAPH,
    schema_statements,
)
from ..model import DocumentGraph, Label
from .base import StoreError, StoreTimeout, document_statements
from .kept_texts import TEXT_PROPERTY, KeptTexts

DEFAULT_STORE = Path("policykg-store")
GRAPH_FILE = "graph.kgl"


class EmbeddedStore:
    """A kglite graph in a folder; one writer at a time (kglite holds a writer lease), any
    number of read-only readers."""

    # Past this many plans a build's fixed cost (kglite reads and writes the whole graph, and
    # copies a label's columns on a transaction's first write to it) is what a user waits for:
    # measured by bench/embedded_limit.py, figures in docs/performance.md; `build` says so.
    COMFORTABLE_PLANS = 1000

    def __init__(self, folder: str | Path = DEFAULT_STORE, *, read_only: bool = False):
        try:
            import kglite
        except ImportError as error:  # pragma: no cover - kglite is a dependency
            raise StoreError("the embedded store needs the kglite package") from error
        self.folder = Path(folder)
        self.path = self.folder / GRAPH_FILE
        self.read_only = read_only
        self.texts = KeptTexts(self.folder)
        self.notes: list[str] = []     # one-line remarks for the user (a reader's stale view)
        if read_only:
            self.graph = self._load(kglite)
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        # kglite prints a warning for every MATCH on a label the graph lacks yet (each
        # write_nodes on a first build): about our statements, nothing a user can act on
        kglite.set_query_warning_policy("silent")
        try:
            self.graph = kglite.open(str(self.path))
        except Exception as error:
            raise StoreError(f"{self.path}: cannot open the embedded store: {error}") from error
        # a store written before ids were set keeps engine-numbered nodes: create nodes the
        # careful way there (write_nodes without ids_are_keys); any other store the fast way
        self.ids_are_keys = self.read(IDS_NOT_KEYS)[0]["count"] == 0
        self._texts_out_of_graph()

    def _texts_out_of_graph(self) -> None:
        """A store written before the texts were kept as files keeps them on its Sources:
        written out, then removed from the graph in one transaction (kept_texts.py says why)."""
        rows = self.read(SOURCE_TEXTS_IN_GRAPH)
        for row in rows:
            self.texts.keep(row["sha256"], row["text"])
        if rows:
            self._transaction(iter([(TEXTS_OUT_OF_GRAPH, {})]),
                              f"{self.folder}: the kept texts: not moved out of the graph")

    def _load(self, kglite: Any) -> Any:
        """The last saved graph, read-only, without creating anything: kglite.load takes no
        writer lease and reads no log (kglite.open would take the lease and write sidecars)."""
        if not self.path.is_file():
            if Path(f"{self.path}-wal").is_file():
                raise StoreError(f"{self.folder}: the graph store has not been saved yet (its "
                                 "first build is running or was stopped; run policykg build)")
            raise StoreError(f"{self.folder}: no graph store here (run policykg build)")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                graph = kglite.load(str(self.path))
            except Exception as error:
                raise StoreError(f"{self.path}: cannot read the embedded store: "
                                 f"{str(error).splitlines()[0]}") from error
        if any("write-ahead log" in str(warning.message) for warning in caught):
            # a build is writing, or stopped before saving: its commits are in the log only
            self.notes.append(f"{self.folder}: a build is running or stopped before saving; "
                              "this shows the graph as last saved (after a stopped build, run "
                              "policykg build again)")
        graph.read_only(True)   # belt and braces: a write through this handle is refused
        return graph

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"{self.folder}: opened read-only; not written")

    def ensure_schema(self) -> None:
        self._writable()
        for statement in schema_statements():
            self.graph.cypher(statement)

    def source_hashes(self) -> dict[str, str]:
        return {row["path"]: row["sha256"] for row in self.read(SOURCE_HASHES)}

    def write_document(self, document: DocumentGraph, replaces: str | None = None) -> None:
        """Replace one document's facts atomically: all of it or (on any error, Ctrl-C
        included) none of it."""
        document = self._text_kept_aside(document)
        self._transaction(document_statements(document, replaces, self.ids_are_keys),
                          f"{document.source_path}: not written")

    def _text_kept_aside(self, document: DocumentGraph) -> DocumentGraph:
        """The document without its Source's packed text, which goes to a file first."""
        nodes = []
        for node in document.nodes:
            if node.label == Label.SOURCE and TEXT_PROPERTY in node.properties:
                properties = dict(node.properties)
                self._writable()
                self.texts.keep(document.source_sha256, str(properties.pop(TEXT_PROPERTY)))
                node = replace(node, properties=properties)
            nodes.append(node)
        return replace(document, nodes=nodes)

    def text_kept_aside(self, sha256: str) -> str | None:
        """The packed text the builder kept of a source, or None."""
        return self.texts.read(sha256)

    def texts_kept_aside(self) -> set[str]:
        return self.texts.held()

    def delete_source(self, sha256: str) -> None:
        self._transaction(document_statements(DocumentGraph("", "", ""), sha256),
                          f"cannot remove source {sha256[:12]}")

    def write_statements(self, statements: list[tuple[str, dict[str, Any]]],
                         what: str) -> None:
        self._transaction(iter(statements), f"{what}: not written")

    def _transaction(self, statements: Iterator[tuple[str, dict[str, Any]]],
                     failure: str) -> None:
        """One kglite transaction: every statement or (on any error, Ctrl-C included) none."""
        self._writable()
        transaction = self.graph.begin()
        try:
            for statement, params in statements:
                transaction.cypher(statement, params=params)
        except BaseException as error:
            transaction.rollback()
            if isinstance(error, Exception):
                raise StoreError(f"{failure}: {error}") from error
            raise
        transaction.commit()

    def set_build(self, params: dict[str, Any]) -> None:
        self._writable()
        self.graph.cypher(CREATE_BUILD)
        self.graph.cypher(SET_BUILD, params=params)

    def read(self, cypher: str, params: dict[str, Any] | None = None,
             timeout: float | None = None) -> list[dict]:
        """In a read-only transaction: a statement that would write fails and changes nothing.
        ``timeout``: seconds, in place of kglite's own limit (3 minutes)."""
        import kglite

        transaction = self.graph.begin_read()
        try:
            result = transaction.cypher(cypher, params=params or {},
                                        timeout_ms=max(1, round(timeout * 1000))
                                        if timeout else None)
            return [dict(row) for row in result]
        except kglite.CypherTimeoutError:
            limit = f"{timeout:g} s" if timeout else "kglite's limit"
            raise StoreTimeout(f"the read took more than {limit}") from None
        finally:
            transaction.rollback()

    def counts(self) -> tuple[int, int]:
        return (self.read(COUNT_NODES)[0]["count"], self.read(COUNT_RELATIONSHIPS)[0]["count"])

    def close(self) -> None:
        """A writer saves (a checkpoint that folds in the log) and gives up its lease; a reader
        only lets go: it never saves, so it never overwrites what a build writes."""
        if self.read_only:
            return
        import kglite

        # texts of sources no longer in the graph (deleted, replaced, or a kill before this)
        self.texts.sweep(set(self.source_hashes().values()))
        with warnings.catch_warnings():
            # kglite warns when a large graph mixes integer ids (nodes written before ids were
            # set, see the decision record) and text ids; it only affects mapped loads
            # (kglite may raise it from save() or, deferred, from close())
            warnings.simplefilter("ignore", kglite.MappedFallbackWarning)
            self.graph.save()
            self.graph.close()
