"""Benchmark writing this project's graph into a real Neo4j: the writer against a naive load.

For each corpus size N (bench/corpus.py, extracted once and cached in the work folder, shared
with the other benchmarks: bench/common.py) and in one run, against one server:

* build: `policykg build PLANS --neo4j` end to end (extraction + writes), in a subprocess;
  documents/s and the client's peak resident set (its own VmHWM);
* batched: the writer alone (`Neo4jStore.write_document`, one transaction and one statement a
  document) over the extracted graph models, in a fresh process: documents/s, (nodes +
  relationships)/s, peak resident set;
* naive: the same graph, one MERGE statement per node and per relationship, each in a
  transaction of its own (the statements are the writer's with `WITH $row AS row` for
  `UNWIND $rows AS row`, so both loads give the same graph: the counts are compared).
  --naive-docs K loads only the first K documents naively (the per-item rate is flat, the
  ratio is reported for the items written); by default every document.

The database is emptied before each load; the first load of a run meets a cold server (JIT,
query planning), which the batched writer pays for (it runs first). Without --uri the local
server is started by
scripts/neo4j-local (own data folder, ports 27687/27474, heap 2 GiB, page cache 1 GiB) and
stopped at the end. docs/performance.md has the figures.

    .venv/bin/python bench/neo4j_load.py --docs 100,1000 --json neo4j-load.json   # ~1 h
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULT = "RESULT "
sys.path.insert(0, str(HERE))  # bench/ is a folder of scripts: import its siblings
from common import peak_rss_mb, prepare  # noqa: E402

PASSWORD = "policykg-bench"


def server_env(work: Path) -> dict[str, str]:
    return {**os.environ, "NEO4J_DATA_DIR": str(work / "neo4j-data"),
            "NEO4J_STATE_DIR": str(work / "neo4j-state"), "NEO4J_BOLT_PORT": "27687",
            "NEO4J_HTTP_PORT": "27474", "NEO4J_HEAP_MAX": "2g", "NEO4J_PAGECACHE": "1g",
            "NEO4J_PASSWORD": PASSWORD}


def open_store(args):
    from policykg.graph.stores.neo4j_store import Neo4jStore
    return Neo4jStore(args.uri, "neo4j", os.environ.get("NEO4J_PASSWORD", PASSWORD))


def empty_database(store) -> None:
    """Delete everything (in batches: one transaction over 400,000 items needs a big heap)."""
    with store.driver.session() as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS").consume()


# ---------------------------------------------------------------------------------------------
# Worker phases (fresh processes, so each peak resident set is its own)

def phase_batched(args) -> dict:
    documents = pickle.loads(Path(args.documents).read_bytes())
    store = open_store(args)
    store.ensure_schema()
    input_rss = peak_rss_mb()
    start = time.perf_counter()
    for document in documents:
        store.write_document(document)
    seconds = time.perf_counter() - start
    nodes, relationships = store.counts()
    store.close()
    return {"documents": len(documents), "seconds": seconds, "nodes": nodes,
            "relationships": relationships, "peak_rss_mb": peak_rss_mb(),
            "input_rss_mb": input_rss}


def naive_statements(document):
    """One (statement, parameters) per node and per relationship, in the writer's order."""
    from policykg.graph.cypher import merge_relationships, write_nodes

    for label, extra, shared, rows in document.node_rows_by_label():
        text = write_nodes(label, extra, shared).replace("UNWIND $rows AS row",
                                                         "WITH $row AS row")
        for row in rows:
            yield text, {"row": row, "sha": document.source_sha256}
    for rel, start, end, rows in document.relationship_rows():
        text = merge_relationships(rel, start, end).replace("UNWIND $rows AS row",
                                                            "WITH $row AS row")
        for row in rows:
            yield text, {"row": row}


def phase_naive(args) -> dict:
    documents = pickle.loads(Path(args.documents).read_bytes())[:args.limit]
    store = open_store(args)
    store.ensure_schema()
    items = 0
    start = time.perf_counter()
    with store.driver.session() as session:
        for document in documents:
            for text, params in naive_statements(document):
                session.execute_write(lambda tx, t=text, p=params: tx.run(t, p).consume())
                items += 1
    seconds = time.perf_counter() - start
    nodes, relationships = store.counts()
    store.close()
    return {"documents": len(documents), "seconds": seconds, "statements": items,
            "nodes": nodes, "relationships": relationships, "peak_rss_mb": peak_rss_mb()}


def phase_empty(args) -> dict:
    store = open_store(args)
    empty_database(store)
    nodes, relationships = store.counts()
    store.close()
    return {"nodes": nodes, "relationships": relationships}


PHASES = {"batched": phase_batched, "naive": phase_naive, "empty": phase_empty}


# ---------------------------------------------------------------------------------------------
# The parent

def worker(args, phase: str, *extra: str) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--phase", phase,
               "--uri", args.uri, *extra]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT,
                          env=args.env)
    for line in done.stdout.splitlines():
        if line.startswith(RESULT):
            return json.loads(line[len(RESULT):])
    raise RuntimeError(f"{phase} failed ({done.returncode}):\n{done.stderr[-3000:]}")


# `policykg build` in a fresh interpreter that prints its own peak resident set (VmHWM) at
# exit: ru_maxrss from wait4 would report this (large) parent's, which Linux carries over fork
BUILD = ("import atexit, sys\n"
         "from policykg.cli import cli\n"
         "atexit.register(lambda: print('VMHWM', next(l.split()[1] for l in "
         "open('/proc/self/status') if l.startswith('VmHWM')), file=sys.stderr))\n"
         "cli(['build', sys.argv[1], '--neo4j'])\n")


def timed_build(args, plans: Path) -> dict:
    """`policykg build PLANS --neo4j` as a user runs it (extraction and writes)."""
    env = {**args.env, "NEO4J_URI": args.uri, "NEO4J_USERNAME": "neo4j"}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", BUILD, str(plans)], capture_output=True,
                          text=True, cwd=ROOT, env=env)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"build failed:\n{(done.stdout + done.stderr)[-3000:]}")
    peak = next(line.split()[1] for line in done.stderr.splitlines()
                if line.startswith("VMHWM"))
    return {"seconds": seconds, "peak_rss_mb": int(peak) / 1024,
            "summary": [line for line in done.stdout.splitlines() if line.strip()][-2:]}


def measure(args, n: int) -> dict:
    work = Path(args.work)
    documents, expected = prepare(n, args.seed, work)
    plans = work / f"corpus-{n}-seed{args.seed}" / "plans"
    result = {"docs": n, "nodes": expected["nodes"], "relationships": expected["relationships"],
              "tasks": expected["tasks_total"], "mb": expected["bytes"] / 2**20}
    print(f"N={n}: {expected['nodes']} nodes, {expected['relationships']} relationships",
          flush=True)
    worker(args, "empty")
    result["batched"] = worker(args, "batched", "--documents", str(documents))
    print(f"  batched writes: {result['batched']['seconds']:.1f} s", flush=True)
    worker(args, "empty")
    result["build"] = timed_build(args, plans)
    print(f"  build: {result['build']['seconds']:.1f} s", flush=True)
    if not args.no_naive:
        limit = min(n, args.naive_docs or n)
        worker(args, "empty")
        result["naive"] = worker(args, "naive", "--documents", str(documents),
                                 "--limit", str(limit))
        print(f"  naive: {result['naive']['seconds']:.1f} s for {limit} documents", flush=True)
        if limit == n:
            result["naive"]["same_counts"] = (
                (result["naive"]["nodes"], result["naive"]["relationships"])
                == (result["batched"]["nodes"], result["batched"]["relationships"]))
    return result


def report(results: list[dict]) -> None:
    from extract import machine

    print(f"\nMachine: {machine()}")
    print("\n| N plans | MB | nodes | relationships | build docs/s (peak MB) | "
          "writer docs/s | writer items/s | writer peak MB | naive items/s | "
          "naive docs/s | batched ÷ naive |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        items = r["nodes"] + r["relationships"]
        batched = r["batched"]
        build = r["build"]
        cells = [f"{r['docs']:,}", f"{r['mb']:.1f}", f"{r['nodes']:,}",
                 f"{r['relationships']:,}",
                 f"{r['docs'] / build['seconds']:.1f} ({build['peak_rss_mb']:.0f})",
                 f"{r['docs'] / batched['seconds']:.1f}", f"{items / batched['seconds']:,.0f}",
                 f"{batched['peak_rss_mb']:.0f}"]
        naive = r.get("naive")
        if naive:
            naive_rate = naive["statements"] / naive["seconds"]
            cells += [f"{naive_rate:,.0f}", f"{naive['documents'] / naive['seconds']:.2f}",
                      f"{(items / batched['seconds']) / naive_rate:.0f}×"
                      + ("" if naive["documents"] == r["docs"] else
                         f" (naive over the first {naive['documents']})")]
        else:
            cells += ["not run"] * 3
        print("| " + " | ".join(cells) + " |")
    for r in results:
        if r.get("naive", {}).get("same_counts") is False:
            print(f"N={r['docs']}: the naive load gave other counts: {r['naive']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", default="100,1000", help="corpus sizes, comma-separated")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--work", default="/tmp/policykg-bench", help="corpus cache, server")
    parser.add_argument("--uri", help="a running Neo4j (password in NEO4J_PASSWORD); "
                                      "default: start the local server")
    parser.add_argument("--naive-docs", type=int, help="naive load of the first K plans only")
    parser.add_argument("--no-naive", action="store_true")
    parser.add_argument("--json", help="also write every figure to this file")
    parser.add_argument("--report", help="print the table of a --json file")
    # worker-only options
    parser.add_argument("--phase", choices=PHASES, help=argparse.SUPPRESS)
    parser.add_argument("--documents", help=argparse.SUPPRESS)
    parser.add_argument("--limit", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        print(RESULT + json.dumps(PHASES[args.phase](args)), flush=True)
        return
    if args.report:
        report(json.loads(Path(args.report).read_text())["results"])
        return
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    started_server = args.uri is None
    args.env = os.environ.copy() if args.uri else server_env(work)
    if started_server:
        args.uri = "bolt://127.0.0.1:27687"
        subprocess.run([str(ROOT / "scripts" / "neo4j-local"), "start"], check=True,
                       env=args.env)
    try:
        results = [measure(args, int(n)) for n in args.docs.split(",")]
    finally:
        if started_server:
            subprocess.run([str(ROOT / "scripts" / "neo4j-local"), "stop"], env=args.env)
    report(results)
    if args.json:
        Path(args.json).write_text(json.dumps({"seed": args.seed, "results": results},
                                              indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
