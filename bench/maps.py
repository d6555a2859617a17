"""Benchmark the maps on the synthetic corpus: reading the store back, choosing, drawing.

Every map reads the whole store into networkx first (graph/snapshot.py), so the read is timed
on its own, then each kind of map on that snapshot (selection, then HTML), with the map's size
and the file's. The store is the embedded one bench/queries.py builds (built here if missing).

    .venv/bin/python bench/maps.py --docs 1000
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--work", default="/tmp/policykg-bench")
    args = parser.parse_args()

    from embedded_store import peak_rss_mb, prepare
    from extract import machine

    from policykg.graph.maps import (
        MapError,
        agency_map,
        lineage_map,
        network_map,
        overview_map,
        plan_map,
    )
    from policykg.graph.sinks.embedded_store import EmbeddedStore
    from policykg.graph.sinks.pyvis_map import render_html
    from policykg.graph.snapshot import read_snapshot
    from queries import parameters

    work = Path(args.work)
    documents_file, _, expected, _ = prepare(args.docs, args.seed, work)
    documents = pickle.loads(documents_file.read_bytes())
    params = parameters(documents)
    del documents
    folder = work / f"store-queries-{args.docs}-seed{args.seed}"
    if not (folder / "graph.kgl").exists():
        store = EmbeddedStore(folder)
        store.ensure_schema()
        for document in pickle.loads(documents_file.read_bytes()):
            store.write_document(document)
        store.close()
    store = EmbeddedStore(folder)
    start = time.perf_counter()
    graph = read_snapshot(store)
    read_s = time.perf_counter() - start
    store.close()
    print(f"Machine: {machine()}")
    print(f"Corpus: {args.docs} plans (bench/corpus.py seed {args.seed}), "
          f"{expected['nodes']:,} nodes, {expected['relationships']:,} relationships")
    print(f"snapshot read (embedded store -> networkx): {read_s:.1f} s, "
          f"{graph.number_of_nodes():,} nodes, {graph.number_of_edges():,} edges\n")
    maps = {
        f"plan {params['plan']}": lambda: plan_map(graph, params["plan"]),
        f"agency {params['agency']} ({params['jurisdiction']})":
            lambda: agency_map(graph, params["agency"], params["jurisdiction"]),
        f"agency {params['agency']} (all jurisdictions)":
            lambda: agency_map(graph, params["agency"]),
        f"lineage {params['document']}": lambda: lineage_map(graph, params["document"]),
        "lineage (all plans)": lambda: lineage_map(graph),
        f"network {params['jurisdiction']}": lambda: network_map(graph, params["jurisdiction"]),
        "network (all agencies)": lambda: network_map(graph),
        "overview": lambda: overview_map(graph),
    }
    print("| map | nodes | edges | select s | HTML s | HTML MB |")
    print("|---|---|---|---|---|---|")
    for name, draw in maps.items():
        start = time.perf_counter()
        try:
            drawn = draw()
        except MapError as error:
            print(f"| {name} | refused: {str(error)[:60]}… | | "
                  f"{time.perf_counter() - start:.2f} | | |")
            continue
        selected = time.perf_counter() - start
        start = time.perf_counter()
        html = render_html(drawn)
        rendered = time.perf_counter() - start
        print(f"| {name} | {len(drawn.nodes):,} | {len(drawn.edges):,} | {selected:.2f} | "
              f"{rendered:.2f} | {len(html.encode()) / 1e6:.2f} |", flush=True)
    print(f"\npeak resident set: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
