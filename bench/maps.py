"""Benchmark the maps on the synthetic corpus: reading their part of the store, drawing.

Each kind of map reads only its part of the store (graph/maps/) and is timed from the
store to the HTML, as `policykg map` does (read + select, then HTML), with the map's size and
the file's; a map over the cap (`--max-nodes`, 2,000) is read and selected, then reported
as refused, as the command would (drawing 64,000 nodes took pyvis over six minutes). For
comparison, reading the whole store back (graph/snapshot.py read_snapshot, what every map did
at first) is timed last. The store is the embedded one bench/queries.py builds (built here
if missing).

    .venv/bin/python bench/maps.py --docs 1000
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # bench/ is a folder of scripts: import its siblings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--work", default="/tmp/policykg-bench")
    args = parser.parse_args()

    from common import peak_rss_mb, prepare
    from extract import machine

    from policykg.graph.maps import (
        MAX_NODES,
        MapError,
        draw_agency,
        draw_lineage,
        draw_network,
        draw_overview,
        draw_plan,
    )
    from policykg.graph.maps.render import render_html
    from policykg.graph.snapshot import read_snapshot
    from policykg.graph.stores.embedded_store import EmbeddedStore
    from queries import parameters

    work = Path(args.work)
    documents_file, expected = prepare(args.docs, args.seed, work)
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
    print(f"Machine: {machine()}")
    print(f"Corpus: {args.docs} plans (bench/corpus.py seed {args.seed}), "
          f"{expected['nodes']:,} nodes, {expected['relationships']:,} relationships\n")
    maps = {
        f"plan {params['plan']}": lambda: draw_plan(store, params["plan"]),
        f"agency {params['agency']} ({params['jurisdiction']})":
            lambda: draw_agency(store, params["agency"], params["jurisdiction"]),
        f"agency {params['agency']} (all jurisdictions)":
            lambda: draw_agency(store, params["agency"]),
        f"lineage {params['document']}": lambda: draw_lineage(store, params["document"]),
        "lineage (all plans)": lambda: draw_lineage(store),
        f"network {params['jurisdiction']}": lambda: draw_network(store, params["jurisdiction"]),
        "network (all agencies)": lambda: draw_network(store),
        "overview": lambda: draw_overview(store),
    }
    print("| map | nodes | edges | read + select s | HTML s | HTML MB |")
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
        if len(drawn.nodes) > MAX_NODES:
            print(f"| {name} | {len(drawn.nodes):,} (refused: over the cap) | "
                  f"{len(drawn.edges):,} | {selected:.2f} | | |", flush=True)
            continue
        start = time.perf_counter()
        html = render_html(drawn)
        rendered = time.perf_counter() - start
        print(f"| {name} | {len(drawn.nodes):,} | {len(drawn.edges):,} | {selected:.2f} | "
              f"{rendered:.2f} | {len(html.encode()) / 1e6:.2f} |", flush=True)
    print(f"\npeak resident set after the maps: {peak_rss_mb():.0f} MB")
    start = time.perf_counter()
    graph = read_snapshot(store)
    print(f"whole-store snapshot, for comparison: {time.perf_counter() - start:.1f} s, "
          f"{graph.number_of_nodes():,} nodes, {graph.number_of_edges():,} edges; "
          f"peak resident set then {peak_rss_mb():.0f} MB")
    store.close()


if __name__ == "__main__":
    main()
