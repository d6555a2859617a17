"""Benchmark every saved query on the synthetic corpus, in Neo4j and in the embedded store.

The corpus is bench/corpus.py's (N plans, cached in the work folder as for the other
benchmarks). Neo4j: the local server (started by scripts/neo4j-local as bench/neo4j_load.py
does, or --uri), loaded with the project's writer; embedded: a kglite store built once in the
work folder. Each query runs once to warm up, then --runs times (fewer when a query has used
--budget seconds): median and p95 latency, the row count, and whether both engines gave the
same rows. Parameters are drawn from the corpus (its most common agency and jurisdiction, the
parent document most plans implement, …) and printed.

    .venv/bin/python bench/queries.py --docs 1000 --json queries-1000.json
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))  # bench/ is a folder of scripts: import its siblings


def parameters(documents) -> dict:
    """Realistic values from the corpus itself.

    The plan is one whose lineage is longest among the first plans: a district plan that
    implements a loaded city plan with parents of its own, so plan-lineage and sibling-plans
    are timed on real rows (the first plan of a corpus often has no parents at all).
    """
    agencies, jurisdictions, parents, titles = Counter(), Counter(), Counter(), Counter()
    plans: list[str] = []
    plan_parents: dict[str, list[str]] = {}
    for document in documents:
        for node in document.nodes:
            if node.label == "Agency":
                agencies[node.properties["name"]] += 1
                if node.properties.get("jurisdiction"):
                    jurisdictions[node.properties["jurisdiction"]] += 1
            elif node.label == "Task":
                titles[node.properties["title"]] += 1
            elif node.label == "Document" and node.extra_labels:
                plans.append(node.properties.get("doc_number"))
        for relationship in document.relationships:
            if relationship.type == "IMPLEMENTS":
                parent = relationship.end.removeprefix("document:")
                child = relationship.start.removeprefix("document:")
                parents[parent] += 1
                plan_parents.setdefault(child, []).append(parent)

    def depth(plan: str, seen: frozenset = frozenset()) -> int:
        return 1 + max((depth(parent, seen | {plan}) for parent in plan_parents.get(plan, [])
                        if parent not in seen), default=0)

    plan = max((p for p in plans if p), key=depth)   # max keeps the first of the deepest
    task_title = next(t for t, _ in titles.most_common() if len(t) >= 4)
    return {"agency": agencies.most_common(1)[0][0],
            "jurisdiction": jurisdictions.most_common(1)[0][0],
            "plan": plan, "document": parents.most_common(1)[0][0],
            "title": task_title, "task": task_title, "hospital": "区人民医院",
            "year": 2025, "min_units": 3}


def timed(store, query, values, runs: int, budget: float) -> dict:
    from policykg.queries.saved import run

    rows = run(store, query, values)          # warm-up (plans cached, pages in memory)
    times = []
    started = time.perf_counter()
    for _ in range(runs):
        start = time.perf_counter()
        run(store, query, values)
        times.append(1000 * (time.perf_counter() - start))
        if time.perf_counter() - started > budget and len(times) >= 3:
            break
    times.sort()
    return {"rows": rows, "median_ms": statistics.median(times),
            "p95_ms": times[max(0, round(0.95 * len(times)) - 1)], "runs": len(times)}


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
        folder = work / f"store-queries-{args.docs}-seed{args.seed}"
        fresh = not (folder / "graph.kgl").exists()
        embedded = EmbeddedStore(folder)
        if fresh:
            embedded.ensure_schema()
            for document in documents:
                embedded.write_document(document)
            embedded.close()
            embedded = EmbeddedStore(folder)
        stores = {"neo4j": neo4j, "embedded": embedded}
        counts = {name: store.counts() for name, store in stores.items()}
        params = parameters(documents)
        print(f"corpus: {args.docs} plans, {expected['nodes']} nodes, "
              f"{expected['relationships']} relationships; counts {counts}")
        print(f"parameters: {json.dumps(params, ensure_ascii=False)}", flush=True)
        results = {}
        for name, query in load_all().items():
            values = {p.name: params[p.name] for p in query.parameters}
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
    print("\n| query | rows | Neo4j median / p95 ms | embedded median / p95 ms | same rows |")
    print("|---|---|---|---|---|")
    for name, by_engine in results.items():
        neo, emb = by_engine["neo4j"], by_engine["embedded"]
        print(f"| {name} | {len(neo['rows'])} | {neo['median_ms']:.1f} / {neo['p95_ms']:.1f} | "
              f"{emb['median_ms']:.1f} / {emb['p95_ms']:.1f} | "
              f"{'yes' if neo['rows'] == emb['rows'] else 'NO'} |")
    if args.json:
        Path(args.json).write_text(json.dumps(
            {"docs": args.docs, "seed": args.seed, "parameters": params,
             "results": {n: {e: {k: v for k, v in r.items() if k != "rows"} | {
                 "rows": len(r["rows"])} for e, r in by.items()} for n, by in results.items()}},
            ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
