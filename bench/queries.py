"""Benchmark every saved query on the synthetic corpus, in Neo4j and in the embedded store.

The corpus is bench/corpus.py's (N plans, cached in the work folder as for the other
benchmarks). Neo4j: the local server (started by scripts/neo4j-local as bench/neo4j_load.py
does, or --uri), loaded with the project's writer; embedded: a kglite store built once in the
work folder. Each query runs once to warm up, then --runs times (fewer when a query has used
--budget seconds): median and p95 latency, the row count, and whether both engines gave the
same rows. Parameters are drawn from the corpus (its most common agency and jurisdiction, the
parent document most plans implement, …) and printed.

--profile also runs every query (and the count behind a paged one's "rows 1-1000 of N") once
with PROFILE on Neo4j and prints a compact plan: total db hits and rows, then the operators
that read much (scans of a label or an index, expansions, filters), with their db hits and
rows. Db hits do not depend on the machine's load, so they compare runs on a shared machine;
--runs 0 skips the timing.

    .venv/bin/python bench/queries.py --docs 1000 --json queries-1000.json
    .venv/bin/python bench/queries.py --docs 1000 --reuse-neo4j --profile --runs 0
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))  # bench/ is a folder of scripts: import its siblings
from query_timing import parameters, profile_all, timed  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--budget", type=float, default=30.0, help="seconds a query may use")
    parser.add_argument("--work", default="/tmp/policykg-bench")
    parser.add_argument("--uri", help="a running Neo4j (NEO4J_PASSWORD); default: local server")
    parser.add_argument("--reuse-neo4j", action="store_true",
                        help="the server already holds this corpus: do not reload it")
    parser.add_argument("--profile", action="store_true",
                        help="PROFILE every query once on Neo4j: db hits and the scans")
    parser.add_argument("--only", help="these queries only (comma-separated names)")
    parser.add_argument("--json")
    args = parser.parse_args()

    from common import prepare
    from extract import machine
    from neo4j_load import PASSWORD, empty_database, server_env

    from policykg.graph.stores.embedded_store import EmbeddedStore
    from policykg.graph.stores.neo4j_store import Neo4jStore
    from policykg.queries.saved import load_all

    work = Path(args.work)
    documents_file, expected = prepare(args.docs, args.seed, work)
    documents = pickle.loads(documents_file.read_bytes())
    env = os.environ.copy() if args.uri else server_env(work)
    started = args.uri is None
    uri = args.uri or "bolt://127.0.0.1:27687"
    if started:
        subprocess.run([str(ROOT / "scripts" / "neo4j-local"), "start"], check=True, env=env)
    try:
        neo4j = Neo4jStore(uri, "neo4j", env.get("NEO4J_PASSWORD", PASSWORD))
        if not args.reuse_neo4j:
            empty_database(neo4j)
            neo4j.ensure_schema()
            for document in documents:
                neo4j.write_document(document)
        neo4j.ensure_schema()     # indexes added since the load (IF NOT EXISTS)
        neo4j.driver.execute_query("CALL db.awaitIndexes(600)")
        folder = work / f"store-queries-{args.docs}-seed{args.seed}"
        fresh = not (folder / "graph.kgl").exists()
        embedded = EmbeddedStore(folder)
        if fresh:
            embedded.ensure_schema()
            for document in documents:
                embedded.write_document(document)
        else:
            embedded.ensure_schema()  # indexes added since the build
        embedded.close()
        embedded = EmbeddedStore(folder)
        stores = {"neo4j": neo4j, "embedded": embedded}
        counts = {name: store.counts() for name, store in stores.items()}
        params = parameters(documents)
        print(f"corpus: {args.docs} plans, {expected['nodes']} nodes, "
              f"{expected['relationships']} relationships; counts {counts}")
        print(f"parameters: {json.dumps(params, ensure_ascii=False)}", flush=True)
        queries = load_all()
        if args.only:
            queries = {n: q for n, q in queries.items() if n in args.only.split(",")}
        plans = profile_all(neo4j, queries, params) if args.profile else {}
        results = {}
        for name, query in queries.items() if args.runs > 0 else ():
            values = {p.name: params[p.name] for p in query.parameters if p.name in params}
            results[name] = {engine: timed(store, query, values, args.runs, args.budget)
                             for engine, store in stores.items()}
            print(f"  {name}: " + ", ".join(f"{e} {r['median_ms']:.1f} ms"
                                            for e, r in results[name].items()), flush=True)
        neo4j.close()
        embedded.close()
    finally:
        if started:
            subprocess.run([str(ROOT / "scripts" / "neo4j-local"), "stop"], env=env)
    print(f"\nMachine: {machine()}")
    print(f"Corpus: {args.docs} plans (bench/corpus.py seed {args.seed}), "
          f"{expected['nodes']:,} nodes, {expected['relationships']:,} relationships")
    if plans:
        print("\n| query | Neo4j db hits | rows | scans | ordering | count's db hits |")
        print("|---|---|---|---|---|---|")
        for name, summary in plans.items():
            count = f"{summary['count']['db_hits']:,}" if "count" in summary else "-"
            print(f"| {name} | {summary['db_hits']:,} | {summary['rows']:,} | "
                  f"{', '.join(sorted(set(summary['scans']))) or '-'} | "
                  f"{', '.join(summary['ordering']) or '-'} | {count} |")
    print("\n| query | rows | Neo4j median / p95 ms | embedded median / p95 ms | same rows |")
    print("|---|---|---|---|---|")
    for name, by_engine in results.items():
        neo, emb = by_engine["neo4j"], by_engine["embedded"]
        rows = len(neo["rows"] or emb["rows"] or [])
        print(f"| {name} | {rows} | {neo['median_ms']:.1f} / {neo['p95_ms']:.1f} | "
              f"{emb['median_ms']:.1f} / {emb['p95_ms']:.1f} | "
              f"{'yes' if neo['rows'] == emb['rows'] else 'NO'} |")
    if args.json:
        Path(args.json).write_text(json.dumps(
            {"docs": args.docs, "seed": args.seed, "parameters": params,
             "results": {n: {e: {k: v for k, v in r.items() if k != "rows"}
                             | {"rows": len(r["rows"] or [])} for e, r in by.items()}
                         for n, by in results.items()},
             "profiles": plans},
            ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
