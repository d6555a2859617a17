"""Benchmark the embedded store on this project's graph: load, queries, memory, reopen, crash.

The corpus is bench/corpus.py's (N plans from the bundled seeds), extracted once and cached in
the work folder. Every measurement runs in a fresh process (so its max RSS is its own):

* load: every document through `EmbeddedStore.write_document` (one kglite transaction each),
  documents/s and (nodes + relationships)/s of the final graph;
* queries: the read queries below in Neo4j 5 syntax, median and p95 over --runs runs after one
  warm-up; each engine's rows are compared with the first engine's;
* reopen: a NEW process opens the store and counts nodes and relationships;
* crash: a build in a subprocess is SIGKILLed inside document N/2; the reopened graph must hold
  only whole documents (the exact node and relationship counts of the documents committed,
  every Plan with its Source and all its tasks, no task without its plan), and building again
  (skipping sources already there) must give the full graph;
* idempotency: every document replaces its stored version again (the worst second build:
  every file changed); the counts must not change.

Engines: kglite (the project's store, from this venv) and ladybug (the Kùzu fork) through the
small adapter below (schema DDL from the data plus the rewrites in LADYBUG_REWRITES), run by
the interpreter given in --ladybug-python (a venv with `pip install ladybug==0.22.0`).
--strategies also loads kglite with the other ways to keep a broken document out (a batch
of documents per transaction; validation, then writes without a transaction).
docs/decisions/embedded-store.md has the figures and what they decided.

    .venv/bin/python bench/embedded_store.py --quick --strategies \\
        --ladybug-python /tmp/pkgbench/venv-ladybug/bin/python      # 100 plans, ~6 min
    .venv/bin/python bench/embedded_store.py --docs 1000 --engines kglite --strategies \\
        --json k.json                                                # ~15 min
    .venv/bin/python bench/embedded_store.py --docs 1000 --engines ladybug \\
        --ladybug-load-only --ladybug-python … --json l.json         # ~11 min
    .venv/bin/python bench/embedded_store.py --report k.json l.json  # one set of tables
"""

from __future__ import annotations

import argparse
import functools
import itertools
import json
import os
import pickle
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import time
import warnings
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULT = "RESULT "
STRATEGIES = "tx-batch-50,validate-direct"

# name -> (Neo4j 5 Cypher, list columns compared without order). Parameters come from the
# corpus (see query_params).
QUERIES = {
    "agency_tasks": (
        "MATCH (a:Agency {key: $agency})-[:LEADS]->(t:Task)<-[:HAS_TASK]-(p:Plan) "
        "RETURN p.doc_number AS plan, t.task_id AS task, t.title AS title, "
        "t.deadline AS deadline ORDER BY plan, task", ()),
    "agency_ranking": (
        "MATCH (a:Agency)-[r:LEADS|COOPERATES_ON|RESPONSIBLE_FOR]->(t:Task) "
        "RETURN a.key AS agency, sum(CASE WHEN type(r) = 'LEADS' THEN 1 ELSE 0 END) AS leads, "
        "sum(CASE WHEN type(r) = 'COOPERATES_ON' THEN 1 ELSE 0 END) AS cooperates, "
        "sum(CASE WHEN type(r) = 'RESPONSIBLE_FOR' THEN 1 ELSE 0 END) AS responsible, "
        "count(DISTINCT t) AS tasks ORDER BY tasks DESC, agency LIMIT 20", ()),
    "tasks_without_agency": (
        "MATCH (p:Plan)-[:HAS_TASK]->(t:Task) "
        "WHERE NOT EXISTS { MATCH (t)<-[:LEADS|RESPONSIBLE_FOR]-(:Agency) } "
        "RETURN p.doc_number AS plan, count(t) AS tasks ORDER BY tasks DESC, plan LIMIT 20", ()),
    "co_responsibility": (
        "MATCH (a:Agency)-[:LEADS|COOPERATES_ON|RESPONSIBLE_FOR]->(t:Task)"
        "<-[:LEADS|COOPERATES_ON|RESPONSIBLE_FOR]-(b:Agency) WHERE a.name < b.name "
        "RETURN a.name AS first, b.name AS second, count(DISTINCT t) AS tasks "
        "ORDER BY tasks DESC, first, second LIMIT 20", ()),
    "implements_chain": (
        "MATCH p = (pl:Plan)-[:IMPLEMENTS*1..5]->(root:Document) "
        "WHERE NOT (root)-[:IMPLEMENTS]->() "
        "RETURN pl.doc_number AS plan, [n IN nodes(p) | n.doc_number] AS chain, "
        "length(p) AS hops, root.key AS root_key ORDER BY hops DESC, plan, root_key LIMIT 50", ()),
    "due_by_year": (
        "MATCH (p:Plan)-[:HAS_TASK]->(t:Task) WHERE t.deadline < $before "
        "RETURN left(t.deadline, 4) AS year, count(t) AS tasks, count(DISTINCT p) AS plans "
        "ORDER BY year", ()),
    "function_across_jurisdictions": (
        "MATCH (f:Function {name: $function})<-[:HAS_FUNCTION]-(a:Agency)"
        "-[:IN_JURISDICTION]->(j:Jurisdiction) "
        "OPTIONAL MATCH (a)-[:LEADS]->(t:Task) "
        "RETURN j.name AS jurisdiction, a.name AS agency, count(t) AS leads "
        "ORDER BY leads DESC, jurisdiction, agency LIMIT 20", ()),
    "plan_tasks": (
        "MATCH (p:Plan {doc_number: $doc})-[:HAS_TASK]->(t:Task) "
        "OPTIONAL MATCH (a:Agency)-[:LEADS|COOPERATES_ON|RESPONSIBLE_FOR]->(t) "
        "RETURN t.task_id AS task, collect(a.name) AS agencies ORDER BY task", ("agencies",)),
}

# Whole-document checks after a crash (Neo4j syntax, rewritten for ladybug like the queries).
CHECKS = {
    "plans": "MATCH (p:Plan) OPTIONAL MATCH (p)-[:HAS_TASK]->(t:Task) "
             "RETURN p.source_sha256 AS sha, count(t) AS tasks",
    "plans_without_source": "MATCH (p:Plan) WHERE NOT (p)-[:FROM_SOURCE]->(:Source) "
                            "RETURN count(p) AS count",
    "sources_without_plan": "MATCH (s:Source) WHERE NOT (s)<-[:FROM_SOURCE]-() "
                            "RETURN count(s) AS count",
    "tasks_without_plan": "MATCH (t:Task) WHERE NOT (t)<-[:HAS_TASK]-(:Plan) "
                          "RETURN count(t) AS count",
}

# Ladybug's dialect: (pattern, replacement, why). Only these rewrites are applied.
LADYBUG_REWRITES = [
    (r"\btype\((\w+)\)", r"label(\1)", "type(r) is label(r)"),
    (r"\[(\w+) IN ([^|\]]+) \| ([^\]]+)\]", r"list_transform(\2, \1 -> \3)",
     "no list comprehension"),
    (r"\((\w+):Plan \{", r"(\1:Document {loaded: true, ",
     "one table per node: a Plan is a Document with loaded = true"),
    (r"\((\w*):Plan\)", r"(\1:Document {loaded: true})",
     "one table per node: a Plan is a Document with loaded = true"),
]


def translate(cypher: str) -> tuple[str, list[str]]:
    """Neo4j text -> ladybug text, and the reasons of the rewrites that applied."""
    used = []
    for pattern, replacement, why in LADYBUG_REWRITES:
        cypher, count = re.subn(pattern, replacement, cypher)
        if count and why not in used:
            used.append(why)
    return cypher, used


def peak_rss_mb() -> float:
    """This process's peak resident set. VmHWM, not ru_maxrss: Linux carries ru_maxrss over
    fork and exec, so a worker would report its (large) parent's peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def canonical(rows: list[dict], unordered: tuple[str, ...]) -> list[list]:
    """Rows as plain JSON values: Decimal sums as int, collect() lists sorted."""
    def value(column, item):
        if isinstance(item, Decimal):
            return int(item) if item == item.to_integral_value() else float(item)
        if isinstance(item, float):
            return round(item, 9)
        if isinstance(item, list):
            items = [value(None, x) for x in item]
            return sorted(items, key=json.dumps) if column in unordered else items
        return item
    return [[value(column, item) for column, item in row.items()] for row in rows]


# ---------------------------------------------------------------------------------------------
# Engines (inside a worker process)

class KgliteEngine:
    """The project's EmbeddedStore, used exactly as the build uses it."""

    name = "kglite"

    def __init__(self, folder: Path, documents_file: Path, writer: str = "tx-per-doc"):
        import kglite

        from policykg.graph.sinks.embedded_store import EmbeddedStore
        kglite.set_query_warning_policy("silent")   # unknown-label notes on an empty graph
        self.version = kglite.__version__
        self.documents_file = documents_file
        self.store = EmbeddedStore(folder)
        self.writer = writer

    @functools.cached_property
    def documents(self) -> list:
        return pickle.loads(self.documents_file.read_bytes())

    def setup(self, save_schema: bool = False) -> None:
        self.store.ensure_schema()
        if save_schema:       # checkpoint, so the WAL never replays the schema (see crash)
            self.store.graph.save()

    def keys(self) -> list[tuple[str, str]]:
        return [(d.source_path, d.source_sha256) for d in self.documents]

    def write(self, index: int, replaces: str | None = None) -> None:
        self.store.write_document(self.documents[index], replaces=replaces)

    def write_all(self, indexes: list[int], progress=None, replace: bool = False) -> None:
        """Write documents with the chosen strategy (all keep a broken document out); with
        `replace`, each document replaces its own stored version (as a changed file would)."""
        if self.writer == "tx-per-doc" or replace:
            for index in indexes:
                if progress:
                    progress(index)
                self.write(index, self.documents[index].source_sha256 if replace else None)
        elif self.writer.startswith("tx-batch-"):
            size = int(self.writer.rsplit("-", 1)[1])
            for start in range(0, len(indexes), size):
                self._write_batch(indexes[start:start + size], progress)
        elif self.writer == "validate-direct":
            for index in indexes:
                if progress:
                    progress(index)
                self._write_direct(index)
        else:
            raise ValueError(self.writer)

    def _write_batch(self, indexes: list[int], progress=None) -> None:
        from policykg.graph.sinks.base import document_statements
        transaction = self.store.graph.begin()
        try:
            for index in indexes:
                if progress:
                    progress(index)
                for statement, params in document_statements(self.documents[index], None):
                    transaction.cypher(statement, params=params)
        except Exception:
            transaction.rollback()
            for index in indexes:     # isolate the broken document: one transaction each
                self.write(index)
            return
        transaction.commit()

    def _write_direct(self, index: int) -> None:
        from policykg.graph.sinks.base import document_statements
        document = self.documents[index]
        validate(document)
        for statement, params in document_statements(document, None):
            self.store.graph.cypher(statement, params=params)

    def read(self, cypher: str, params: dict | None = None) -> list[dict]:
        return self.store.read(cypher, params)

    def counts(self) -> tuple[int, int]:
        return self.store.counts()

    def source_hashes(self) -> dict[str, str]:
        return self.store.source_hashes()

    def close(self) -> None:
        self.store.close()


def validate(document) -> None:
    """What a document must satisfy before a write without a transaction: keys, endpoints
    and property types (the statements themselves are fixed text)."""
    keys = {node.key for node in document.nodes}
    allowed = (str, int, float, bool, type(None))
    for node in document.nodes:
        values = node.properties.values()
        if not node.key or any(not isinstance(v, (*allowed, list)) for v in values):
            raise ValueError(f"{document.source_path}: bad node {node.key!r}")
    for rel in document.relationships:
        if rel.start not in keys or rel.end not in keys:
            raise ValueError(f"{document.source_path}: dangling relationship {rel.key}")


class LadybugEngine:
    """Ladybug behind the same operations: tables from the data, one transaction a document,
    the kglite writer's statements rewritten by hand (no SET +=, no SET n:Label, no list
    comprehension, a parameter must not appear inside a lambda: bound with WITH first)."""

    name = "ladybug"
    OWNED = ("Section", "Task", "Assignment", "Indicator", "IndicatorValue")
    SHARED = ("Agency", "Function", "Jurisdiction", "Hospital", "Document")
    STRUCTURAL = ("WITHIN", "IN_JURISDICTION", "HAS_FUNCTION")
    PLAN_CLEARED = ("source_sha256", "source_path", "span_start", "span_end", "quote",
                    "warnings", "warning_count", "issuer", "issued", "status")

    def __init__(self, folder: Path, documents_file: Path, writer: str = "tx-per-doc"):
        import ladybug

        self.version = ladybug.__version__
        self.documents_file, self.writer, self.prepared = documents_file, writer, {}
        folder.mkdir(parents=True, exist_ok=True)
        self.db = ladybug.Database(str(folder / "graph.lbug"), max_num_threads=2)
        self.conn = ladybug.Connection(self.db)

    @functools.cached_property
    def _data(self) -> dict:
        return json.loads(self.documents_file.read_text(encoding="utf-8"))

    @property
    def documents(self) -> list:
        return self._data["documents"]

    @property
    def schema(self) -> dict:
        return self._data["schema"]

    def setup(self, save_schema: bool = False) -> None:
        for label, columns in self.schema["nodes"].items():
            cols = ", ".join(f"`{c}` {t}" for c, t in columns.items() if c != "key")
            self.conn.execute(f"CREATE NODE TABLE IF NOT EXISTS {label}"
                              f"(key STRING PRIMARY KEY{', ' + cols if cols else ''})")
        for rel, spec in self.schema["rels"].items():
            pairs = ", ".join(f"FROM {a} TO {b}" for a, b in spec["pairs"])
            cols = "".join(f", `{c}` {t}" for c, t in spec["columns"].items())
            self.conn.execute(f"CREATE REL TABLE IF NOT EXISTS {rel}({pairs}{cols})")

    def keys(self) -> list[tuple[str, str]]:
        return [(d["path"], d["sha"]) for d in self.documents]

    def _run(self, cypher: str, params: dict | None = None) -> list[dict]:
        if params:     # prepared once per text: parsing and planning cost ~10 ms a statement
            if cypher not in self.prepared:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", DeprecationWarning)
                    self.prepared[cypher] = self.conn.prepare(cypher)
            result = self.conn.execute(self.prepared[cypher], params)
        else:
            result = self.conn.execute(cypher)
        columns = result.get_column_names()
        rows = []
        while result.has_next():
            rows.append(dict(zip(columns, result.get_next(), strict=True)))
        return rows

    def _delete(self, sha: str) -> None:
        nodes, rels = self.schema["nodes"], self.schema["rels"]
        for label in self.OWNED:
            if "source_sha256" in nodes.get(label, {}):
                self._run(f"MATCH (n:{label} {{source_sha256: $sha}}) DETACH DELETE n",
                          {"sha": sha})
        for rel, spec in rels.items():
            if rel not in self.STRUCTURAL and "source_sha256" in spec["columns"]:
                self._run(f"MATCH ()-[r:{rel} {{source_sha256: $sha}}]->() DELETE r",
                          {"sha": sha})
        shared = [label for label in self.SHARED if label in nodes]
        for label in shared:
            self._run(f"WITH $sha AS sha MATCH (n:{label}) WHERE list_contains(n.sources, sha) "
                      "SET n.sources = list_filter(n.sources, s -> s <> sha)", {"sha": sha})
        cleared = ", ".join(f"p.`{c}` = NULL" for c in self.PLAN_CLEARED
                            if c in nodes["Document"])
        self._run("MATCH (p:Document {source_sha256: $sha}) "
                  f"SET p.loaded = false, {cleared}", {"sha": sha})
        for label in shared:
            self._run(f"MATCH (n:{label}) WHERE size(n.sources) = 0 DETACH DELETE n")
        self._run("MATCH (s:Source {sha256: $sha}) DETACH DELETE s", {"sha": sha})

    def _merge_nodes(self, label: str, extra: list, shared: bool, rows: list, sha: str):
        table = "Document" if label == "Document" else label
        columns = self.schema["nodes"][table]
        flat = [{c: row["props"].get(c) for c in columns if c not in ("key", "sources")}
                | {"key": row["key"]} for row in rows]
        props = [c for c in columns if c not in ("key", "sources") and
                 any(c in row["props"] for row in rows)]
        assign = ", ".join(f"n.`{c}` = CAST(row.`{c}` AS {columns[c]})" for c in props)
        sources = ("n.sources = list_append(list_filter(coalesce(n.sources, []), "
                   "s -> s <> sha), sha)")
        if extra or not shared:     # a loaded plan or an owned node: its properties win
            sets = ", ".join(filter(None, [assign, sources if extra else ""]))
            tail = f"ON CREATE SET {sets} ON MATCH SET {sets}"
        else:
            on_match = sources
            if label == "Agency":
                aliases = "CAST(row.aliases AS STRING[])"
                on_match += (", n.aliases = list_concat(list_filter(coalesce(n.aliases, []), "
                             f"x -> NOT list_contains({aliases}, x)), {aliases})")
            tail = (f"ON CREATE SET {assign + ', ' if assign else ''}n.sources = [sha] "
                    f"ON MATCH SET {on_match}")
        self._run(f"WITH $sha AS sha UNWIND $rows AS row MERGE (n:{table} {{key: row.key}}) "
                  + tail, {"rows": flat, "sha": sha})

    def _merge_rels(self, rel: str, start: str, end: str, rows: list) -> None:
        columns = self.schema["rels"][rel]["columns"]
        flat = [{c: row["props"].get(c) for c in columns}
                | {"start_key": row["start_key"], "end_key": row["end_key"]} for row in rows]
        assign = ", ".join(f"r.`{c}` = CAST(row.`{c}` AS {t})" for c, t in columns.items()
                           if c != "key")
        self._run(f"UNWIND $rows AS row MATCH (a:{start} {{key: row.start_key}}) "
                  f"MATCH (b:{end} {{key: row.end_key}}) "
                  f"MERGE (a)-[r:{rel} {{key: row.key}}]->(b)"
                  + (f" ON CREATE SET {assign} ON MATCH SET {assign}" if assign else ""),
                  {"rows": flat})

    def write(self, index: int, replaces: str | None = None) -> None:
        """As EmbeddedStore.write_document: delete the replaced version's facts (if any),
        merge nodes, then relationships, in one transaction."""
        document = self.documents[index]
        self.conn.execute("BEGIN TRANSACTION")
        try:
            if replaces:
                self._delete(replaces)
            for label, extra, shared, rows in document["nodes"]:
                self._merge_nodes(label, extra, shared, rows, document["sha"])
            for rel, start, end, rows in document["rels"]:
                self._merge_rels(rel, start, end, rows)
        except Exception:
            try:     # an error inside a transaction has already rolled it back
                self.conn.execute("ROLLBACK")
            except RuntimeError:
                pass
            raise
        self.conn.execute("COMMIT")

    def write_all(self, indexes: list[int], progress=None, replace: bool = False) -> None:
        for index in indexes:
            if progress:
                progress(index)
            self.write(index, self.documents[index]["sha"] if replace else None)

    def read(self, cypher: str, params: dict | None = None) -> list[dict]:
        return self._run(translate(cypher)[0], params)

    def counts(self) -> tuple[int, int]:
        return (self._run("MATCH (n) RETURN count(n) AS c")[0]["c"],
                self._run("MATCH ()-[r]->() RETURN count(r) AS c")[0]["c"])

    def source_hashes(self) -> dict[str, str]:
        return {r["path"]: r["sha"] for r in
                self._run("MATCH (s:Source) RETURN s.path AS path, s.sha256 AS sha")}

    def close(self) -> None:
        self.conn.close()
        self.db.close()


def open_engine(args) -> KgliteEngine | LadybugEngine:
    engine = KgliteEngine if args.engine == "kglite" else LadybugEngine
    return engine(Path(args.store), Path(args.documents), args.writer)


# ---------------------------------------------------------------------------------------------
# Worker phases: each prints one RESULT line of JSON

def phase_load(args) -> dict:
    engine = open_engine(args)
    input_rss = peak_rss_mb()
    engine.setup(args.save_schema)
    count = len(engine.keys()) if args.limit is None else args.limit
    marks = []

    def progress(index: int) -> None:
        if args.announce:
            print(f"BEGIN {index}", flush=True)
        if index % max(1, count // 10) == 0:
            marks.append((index, time.perf_counter()))

    start = time.perf_counter()
    engine.write_all(list(range(count)), progress)
    seconds = time.perf_counter() - start
    nodes, rels = engine.counts()
    start = time.perf_counter()
    engine.close()
    close_seconds = time.perf_counter() - start
    marks.append((count, start))
    per_doc = [(b[1] - a[1]) / (b[0] - a[0]) for a, b in itertools.pairwise(marks)]
    return {"engine": engine.name, "version": engine.version, "writer": args.writer,
            "documents": count, "seconds": seconds, "close_seconds": close_seconds,
            "nodes": nodes, "relationships": rels, "docs_per_s": count / seconds,
            "items_per_s": (nodes + rels) / seconds, "peak_rss_mb": peak_rss_mb(),
            "input_rss_mb": input_rss,
            "ms_per_doc_by_tenth": [round(1000 * x, 1) for x in per_doc],
            "disk_mb": sum(f.stat().st_size for f in Path(args.store).rglob("*")
                           if f.is_file()) / 2**20}


def phase_queries(args) -> dict:
    engine = open_engine(args)
    params = json.loads(args.params)
    out = {}
    for name, (cypher, unordered) in QUERIES.items():
        try:
            rows = engine.read(cypher, params)
        except Exception as error:
            out[name] = {"error": f"{type(error).__name__}: {error}"[:300]}
            continue
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            engine.read(cypher, params)
            times.append(time.perf_counter() - start)
        out[name] = {"rows": canonical(rows, unordered),
                     "median_ms": 1000 * statistics.median(times),
                     "p95_ms": 1000 * sorted(times)[max(0, round(0.95 * len(times)) - 1)],
                     "rewrites": translate(cypher)[1] if engine.name == "ladybug" else []}
    engine.close()
    return {"queries": out, "peak_rss_mb": peak_rss_mb()}


def phase_reopen(args) -> dict:
    start = time.perf_counter()
    engine = open_engine(args)
    opened = time.perf_counter()
    nodes, rels = engine.counts()
    counted = time.perf_counter()
    engine.close()
    return {"open_s": opened - start, "count_s": counted - opened, "nodes": nodes,
            "relationships": rels, "peak_rss_mb": peak_rss_mb()}


def phase_check(args) -> dict:
    """The crash checks, then (with --resume) build again, skipping sources already there."""
    engine = open_engine(args)
    found = {name: engine.read(cypher) for name, cypher in CHECKS.items()}
    result = {"nodes_relationships": engine.counts(),
              "plans": {row["sha"]: row["tasks"] for row in found["plans"]},
              **{name: rows[0]["count"] for name, rows in found.items() if name != "plans"}}
    if args.resume:
        have = engine.source_hashes()
        todo = [i for i, (path, sha) in enumerate(engine.keys()) if have.get(path) != sha]
        start = time.perf_counter()
        engine.write_all(todo)
        result |= {"resumed": len(todo), "resume_s": time.perf_counter() - start,
                   "after_resume": engine.counts()}
    engine.close()
    return result


def phase_rebuild(args) -> dict:
    """Write every document again over the loaded store, each replacing its stored version
    (the worst case of a second build: every file changed; unchanged files are skipped)."""
    engine = open_engine(args)
    before = engine.counts()
    start = time.perf_counter()
    engine.write_all(list(range(len(engine.keys()))), replace=True)
    seconds = time.perf_counter() - start
    after = engine.counts()
    engine.close()
    return {"before": before, "after": after, "seconds": seconds, "peak_rss_mb": peak_rss_mb()}


PHASES = {"load": phase_load, "queries": phase_queries, "reopen": phase_reopen,
          "check": phase_check, "rebuild": phase_rebuild}


# ---------------------------------------------------------------------------------------------
# The parent: corpus, inputs, workers, tables

def prepare(n: int, seed: int, work: Path) -> tuple[Path, Path, dict, dict]:
    """Generate and extract the corpus (cached), then write each engine's input."""
    from multiprocessing import Pool

    from policykg.graph.build import records_to_graph
    folder = work / f"corpus-{n}-seed{seed}"
    records_file = folder / "records.json"
    if not records_file.exists():
        import corpus
        plans = folder / "plans"
        plans.mkdir(parents=True, exist_ok=True)
        for name, text in corpus.generate(n, seed):
            (plans / name).write_text(text, encoding="utf-8")
        files = sorted(str(p) for p in plans.glob("*.txt"))
        with Pool(min(2, os.cpu_count() or 1)) as pool:
            records = pool.map(_extract, files, chunksize=10)
        records_file.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    records = json.loads(records_file.read_text(encoding="utf-8"))
    model = records_to_graph(records)
    kglite_input = folder / "documents.pickle"
    kglite_input.write_bytes(pickle.dumps(model.documents))
    ladybug_input = folder / "documents.json"
    ladybug_input.write_text(json.dumps(ladybug_documents(model), ensure_ascii=False),
                             encoding="utf-8")
    expected = {"nodes": len(model.nodes()), "relationships": len(model.relationships()),
                "tasks": {d.source_sha256: sum(n.label == "Task" for n in d.nodes)
                          for d in model.documents},
                "prefix": prefix_counts(model), "bytes": sum(
                    Path(r["source"]["path"]).stat().st_size for r in records
                    if Path(r["source"]["path"]).exists()),
                "tasks_total": sum(len(r["tasks"]) for r in records)}
    return kglite_input, ladybug_input, expected, query_params(model)


def _extract(path: str) -> dict:
    from policykg.loaders.plan import extract_plan
    return extract_plan(path).to_dict()


def prefix_counts(model) -> list[tuple[int, int]]:
    """(nodes, relationships) of a store holding exactly the first k documents, k = 0…N."""
    nodes, rels, out = set(), set(), [(0, 0)]
    for document in model.documents:
        nodes.update(node.key for node in document.nodes)
        rels.update(rel.key for rel in document.relationships)
        out.append((len(nodes), len(rels)))
    return out


def ladybug_documents(model) -> dict:
    """The rows kglite's writer sends, grouped per document, and the tables they need."""
    types: dict[str, dict[str, set]] = {}
    rels: dict[str, dict] = {}

    def column(table: dict, name: str, item) -> None:
        if isinstance(item, list):
            item = item[0] if item else None
            suffix = "[]"
        else:
            suffix = ""
        kind = ("BOOLEAN" if isinstance(item, bool) else "INT64" if isinstance(item, int)
                else "DOUBLE" if isinstance(item, float) else "STRING" if item is not None
                else None)
        kind = kind and kind + suffix
        table.setdefault(name, set())
        if kind:
            table[name].add(kind)

    documents = []
    for document in model.documents:
        nodes = []
        for label, extra, shared, rows in document.node_rows_by_label():
            table = types.setdefault(label.value, {"key": {"STRING"}})
            for row in rows:
                for name, item in row["props"].items():
                    column(table, name, item)
            if shared or extra:
                table["sources"] = {"STRING[]"}
            nodes.append([label.value, [x.value for x in extra], shared, rows])
        groups = []
        for rel, start, end, rows in document.relationship_rows():
            spec = rels.setdefault(rel.value, {"pairs": [], "columns": {}})
            if [start.value, end.value] not in spec["pairs"]:
                spec["pairs"].append([start.value, end.value])
            for row in rows:
                for name, item in row["props"].items():
                    column(spec["columns"], name, item)
            groups.append([rel.value, start.value, end.value, rows])
        documents.append({"path": document.source_path, "sha": document.source_sha256,
                          "nodes": nodes, "rels": groups})

    def resolve(table: dict) -> dict:
        out = {}
        for name, kinds in table.items():
            if len(kinds) > 1:
                raise SystemExit(f"column {name} has mixed types {kinds}")
            out[name] = next(iter(kinds), "STRING")
        return out
    return {"documents": documents,
            "schema": {"nodes": {label: resolve(t) for label, t in types.items()},
                       "rels": {rel: {"pairs": s["pairs"], "columns": resolve(s["columns"])}
                                for rel, s in rels.items()}}}


def query_params(model) -> dict:
    """Parameters that hit real data: the agency leading most tasks, a loaded plan's number."""
    leads: dict[str, int] = {}
    for document in model.documents:
        for rel in document.relationships:
            if rel.type == "LEADS" and rel.end.startswith("task:"):
                leads[rel.start] = leads.get(rel.start, 0) + 1
    agency = min(leads, key=lambda key: (-leads[key], key))
    plan = next(n for n in model.documents[1].nodes if n.key == model.documents[1].plan_key)
    return {"agency": agency, "function": "卫生健康委", "before": "2028",
            "doc": plan.properties["doc_number"]}


def worker(python: str, phase: str, engine: str, store: Path, documents: Path,
           extra: list[str] = (), timeout: float = 1800) -> dict:
    command = [python, str(Path(__file__).resolve()), "--phase", phase, "--engine", engine,
               "--store", str(store), "--documents", str(documents), *extra]
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                          cwd=ROOT)
    for line in done.stdout.splitlines():
        if line.startswith(RESULT):
            return json.loads(line[len(RESULT):])
    raise RuntimeError(f"{engine} {phase} failed ({done.returncode}):\n{done.stderr[-3000:]}")


def crash(python: str, engine: str, store: Path, documents: Path, at: int,
          delay: float, extra: list[str] = ()) -> dict:
    """Start a fresh build, SIGKILL it `delay` s after it begins document `at`."""
    command = [python, str(Path(__file__).resolve()), "--phase", "load", "--engine", engine,
               "--store", str(store), "--documents", str(documents), "--announce", *extra]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               text=True, cwd=ROOT)
    for line in process.stdout:
        if line.strip() == f"BEGIN {at}":
            time.sleep(delay)
            process.send_signal(signal.SIGKILL)
            break
    process.wait()
    return {"killed_in_document": at, "returncode": process.returncode}


def measure(args, engine: str, python: str, documents: Path, expected: dict,
            params: dict) -> dict:
    work = Path(args.work)
    store = work / f"store-{engine}-{args.docs}"
    shutil.rmtree(store, ignore_errors=True)
    out = {"load": worker(python, "load", engine, store, documents)}
    print(f"  {engine} load: {out['load']['seconds']:.1f} s", flush=True)
    out["queries"] = worker(python, "queries", engine, store, documents,
                            ["--params", json.dumps(params), "--runs", str(args.runs)])
    out["reopen"] = worker(python, "reopen", engine, store, documents)
    if engine == "ladybug" and args.ladybug_load_only:
        return out
    out["rebuild"] = worker(python, "rebuild", engine, store, documents)
    print(f"  {engine} rebuild: {out['rebuild']['seconds']:.1f} s", flush=True)
    variants = [("as built", [])]
    if engine == "kglite":       # the store as written, then with a checkpoint after schema
        variants.append(("save() after ensure_schema", ["--save-schema"]))
    out["crash"] = [crash_test(python, engine, work, documents, args.docs, expected, out,
                               name, extra) for name, extra in variants]
    return out


def crash_test(python, engine, work, documents, docs, expected, out, name, extra) -> dict:
    crashed = work / f"crash-{engine}-{docs}"
    shutil.rmtree(crashed, ignore_errors=True)
    mean = out["load"]["seconds"] / docs
    result = {"variant": name, **crash(python, engine, crashed, documents, docs // 2,
                                       mean / 3, extra)}
    try:
        check = worker(python, "check", engine, crashed, documents, ["--resume"])
    except RuntimeError as error:
        return result | {"ok": False, "error": str(error).strip().splitlines()[-1][-400:]}
    committed = len(check["plans"])
    whole = all(expected["tasks"].get(sha) == n for sha, n in check["plans"].items())
    return result | {
        "check": check, "documents_committed": committed,
        "counts_match_committed": tuple(check["nodes_relationships"])
        == tuple(expected["prefix"][committed]),
        "plans_with_all_tasks": whole,
        "ok": whole and not check["plans_without_source"] and not check["tasks_without_plan"]
        and not check["sources_without_plan"]
        and tuple(check["after_resume"]) == (expected["nodes"], expected["relationships"])}


def machine() -> str:
    sys.path.insert(0, str(HERE))
    from extract import machine as describe
    return describe()


def crash_cell(crash: dict) -> str:
    if "error" in crash:
        return f"{crash['variant']}: reopen FAILS: {crash['error'][:160]}"
    whole = crash["counts_match_committed"] and crash["plans_with_all_tasks"]
    return (f"{crash['variant']}: {crash['documents_committed']}; {whole}; "
            f"{crash['ok']} ({crash['check']['resume_s']:.0f} s)")


def engine_tables(results: dict) -> None:
    engines = list(results)
    print("\n| | " + " | ".join(f"{e} {results[e]['load']['version']}" for e in engines) + " |")
    print("|---|" + "---|" * len(engines))

    def line(title, fn):
        cells = []
        for engine in engines:
            try:
                cells.append(fn(results[engine]))
            except KeyError:
                cells.append("not run")
        print(f"| {title} | " + " | ".join(cells) + " |")
    line("load (s), one transaction per document", lambda r: f"{r['load']['seconds']:.1f}")
    line("documents/s", lambda r: f"{r['load']['docs_per_s']:.1f}")
    line("(nodes + relationships)/s", lambda r: f"{r['load']['items_per_s']:,.0f}")
    line("ms per document, first → last tenth",
         lambda r: f"{r['load']['ms_per_doc_by_tenth'][0]:.0f} → "
                   f"{r['load']['ms_per_doc_by_tenth'][-1]:.0f}")
    line("save/close (s)", lambda r: f"{r['load']['close_seconds']:.2f}")
    line("nodes / relationships", lambda r: f"{r['load']['nodes']} / {r['load']['relationships']}")
    line("peak RSS load (MB; input alone)",
         lambda r: f"{r['load']['peak_rss_mb']:.0f} ({r['load']['input_rss_mb']:.0f})")
    line("peak RSS queries (MB)", lambda r: f"{r['queries']['peak_rss_mb']:.0f}")
    line("size on disk (MB)", lambda r: f"{r['load']['disk_mb']:.1f}")
    line("reopen in a new process: open + count (s)",
         lambda r: f"{r['reopen']['open_s']:.2f} + {r['reopen']['count_s']:.2f}")
    line("reopened counts equal", lambda r: str((r["reopen"]["nodes"], r["reopen"]["relationships"])
                                               == (r["load"]["nodes"], r["load"]["relationships"])))
    line("rebuild over itself (s); same counts",
         lambda r: f"{r['rebuild']['seconds']:.1f}; "
                   f"{r['rebuild']['before'] == r['rebuild']['after']}")
    line("SIGKILL in document N/2, reopen: docs committed; only whole docs; resumed to full",
         lambda r: "<br>".join(crash_cell(c) for c in r["crash"]))
    first = engines[0]
    print("\n| query (median / p95 ms) | rows | " + " | ".join(engines) + " | same rows |")
    print("|---|---|" + "---|" * len(engines) + "---|")
    for name in QUERIES:
        cells, same = [], True
        base = results[first]["queries"]["queries"][name]
        for engine in engines:
            q = results[engine]["queries"]["queries"][name]
            if "error" in q:
                cells.append(f"error: {q['error'][:80]}")
                same = False
                continue
            note = f" (rewritten: {'; '.join(q['rewrites'])})" if q["rewrites"] else ""
            cells.append(f"{q['median_ms']:.1f} / {q['p95_ms']:.1f}{note}")
            same = same and q["rows"] == base.get("rows")
        print(f"| {name} | {len(base.get('rows', []))} | " + " | ".join(cells)
              + f" | {'yes' if same else 'NO'} |")
        if not same:
            for engine in engines:
                rows = results[engine]["queries"]["queries"][name].get("rows", [])[:3]
                print(f"    {engine}: {json.dumps(rows, ensure_ascii=False)[:300]}")


def report(args, expected: dict, results: dict, strategies: list[dict]) -> None:
    print(f"\nMachine: {machine()}")
    print(f"Corpus: {args.docs} plans (bench/corpus.py seed {args.seed}), "
          f"{expected['bytes'] / 2**20:.1f} MB of text, {expected['tasks_total']} tasks; "
          f"graph {expected['nodes']} nodes, {expected['relationships']} relationships")
    if results:
        engine_tables(results)
    if strategies:
        print("\n| kglite write strategy | load (s) | docs/s | ms/doc first → last tenth | "
              "peak RSS MB | counts |")
        print("|---|---|---|---|---|---|")
        for s in strategies:
            print(f"| {s['writer']} | {s['seconds']:.1f} | {s['docs_per_s']:.1f} | "
                  f"{s['ms_per_doc_by_tenth'][0]:.0f} → {s['ms_per_doc_by_tenth'][-1]:.0f} | "
                  f"{s['peak_rss_mb']:.0f} | {s['nodes']} / {s['relationships']} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000, help="plans in the corpus")
    parser.add_argument("--quick", action="store_true", help="100 plans")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--runs", type=int, default=20, help="timed runs of each query")
    parser.add_argument("--work", default="/tmp/policykg-bench", help="corpus cache, stores")
    parser.add_argument("--ladybug-python", help="an interpreter with ladybug installed")
    parser.add_argument("--engines", default="kglite,ladybug",
                        help="engines to measure (ladybug needs --ladybug-python)")
    parser.add_argument("--ladybug-load-only", action="store_true",
                        help="ladybug: load, queries and reopen only (no rebuild or crash)")
    parser.add_argument("--strategies", nargs="?", const=STRATEGIES, default="",
                        help=f"also load kglite with these writers (default {STRATEGIES})")
    parser.add_argument("--json", help="also write every figure to this file")
    # worker-only options
    parser.add_argument("--phase", choices=PHASES, help=argparse.SUPPRESS)
    parser.add_argument("--engine", default="kglite", help=argparse.SUPPRESS)
    parser.add_argument("--store", help=argparse.SUPPRESS)
    parser.add_argument("--documents", help=argparse.SUPPRESS)
    parser.add_argument("--writer", default="tx-per-doc", help=argparse.SUPPRESS)
    parser.add_argument("--params", default="{}", help=argparse.SUPPRESS)
    parser.add_argument("--limit", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--announce", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--resume", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--save-schema", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--report", nargs="+", help="print the tables of these --json files")
    args = parser.parse_args()
    if args.report:
        merged_report(args)
        return
    if args.phase:
        print(RESULT + json.dumps(PHASES[args.phase](args), ensure_ascii=False), flush=True)
        return
    if args.quick:
        args.docs = 100
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(HERE))
    start = time.perf_counter()
    kglite_input, ladybug_input, expected, params = prepare(args.docs, args.seed, work)
    print(f"corpus of {args.docs} ready in {time.perf_counter() - start:.0f} s; "
          f"query parameters {json.dumps(params, ensure_ascii=False)}", flush=True)
    results = {}
    if "kglite" in args.engines:
        results["kglite"] = measure(args, "kglite", sys.executable, kglite_input, expected,
                                    params)
    if "ladybug" in args.engines and args.ladybug_python:
        results["ladybug"] = measure(args, "ladybug", args.ladybug_python, ladybug_input,
                                     expected, params)
    strategies = []
    if args.strategies:
        for writer in args.strategies.split(","):
            store = work / f"store-kglite-{writer}"
            shutil.rmtree(store, ignore_errors=True)
            strategies.append(worker(sys.executable, "load", "kglite", store, kglite_input,
                                     ["--writer", writer]))
            print(f"  kglite {writer}: {strategies[-1]['seconds']:.1f} s", flush=True)
        if "kglite" in results:
            strategies.insert(0, results["kglite"]["load"])
    report(args, expected, results, strategies)
    if args.json:
        expected = {k: v for k, v in expected.items() if k not in ("tasks", "prefix")}
        Path(args.json).write_text(json.dumps({
            "docs": args.docs, "seed": args.seed, "expected": expected, "results": results,
            "strategies": strategies}, ensure_ascii=False, indent=1), encoding="utf-8")


def merged_report(args) -> None:
    """One set of tables from the --json files of several runs (e.g. one per engine)."""
    results, strategies, expected = {}, [], None
    for name in args.report:
        data = json.loads(Path(name).read_text(encoding="utf-8"))
        results |= data["results"]
        strategies += data["strategies"]
        expected = data.get("expected", expected)
        args.docs, args.seed = data.get("docs", args.docs), data.get("seed", args.seed)
    strategies.sort(key=lambda s: s["writer"] != "tx-per-doc")
    if "kglite" in results and not any(s["writer"] == "tx-per-doc" for s in strategies):
        strategies.insert(0, results["kglite"]["load"])
    report(args, expected, results, strategies)


if __name__ == "__main__":
    main()
