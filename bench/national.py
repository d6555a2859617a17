"""Benchmark the bulk path to Neo4j (issue 19) on a national-size corpus.

bench/corpus.py's N plans (default 10,000; generated once into WORK/corpus-N-seedS/plans/,
the folder bench/common.py prepare() uses) go through `policykg bulk`'s steps, each timed:

* extraction (policykg/bulk.py extract_documents: read, extract, place, graph per plan, each
  graph merged into the state the import files are written from, as `policykg bulk` does) with
  each number of processes asked for (--processes 1,2), in a fresh process each, on the first
  --extract-docs plans (default all): plans/s and the peak resident set of the process and of
  its workers;
* the import files (write_import) of all N plans: seconds, MB;
* the import: scripts/neo4j-local import (server stopped, neo4j-admin database import full,
  started; own data folder, ports 27687/27474, heap 2 GiB, page cache 1 GiB): the import
  tool's own time (its log's IMPORT DONE), (nodes + relationships)/s, and the whole step;
* after the import (constraints and indexes, empty lists, the Build node): seconds;
* the total wall minutes of extraction with the most processes + files + import + after.

    .venv/bin/python bench/national.py --docs 10000 --processes 1,2 --extract-docs 1000
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULT = "RESULT "
sys.path.insert(0, str(HERE))  # bench/ is a folder of scripts: import its siblings
sys.path.insert(0, str(ROOT))
from common import peak_rss_mb  # noqa: E402

PASSWORD = "policykg-bench"


def server_env(work: Path) -> dict[str, str]:
    return {**os.environ, "NEO4J_DATA_DIR": str(work / "bulk-neo4j-data"),
            "NEO4J_STATE_DIR": str(work / "bulk-neo4j-state"), "NEO4J_BOLT_PORT": "27687",
            "NEO4J_HTTP_PORT": "27474", "NEO4J_HEAP_MAX": "2g", "NEO4J_PAGECACHE": "1g",
            "NEO4J_PASSWORD": PASSWORD, "NEO4J_IMPORT_HEAP": "2g", "NEO4J_IMPORT_MEMORY": "2g"}


def corpus(n: int, seed: int, work: Path) -> Path:
    """The N plan files (generated once)."""
    import corpus as generator
    plans = work / f"corpus-{n}-seed{seed}" / "plans"
    if len(list(plans.glob("*.txt"))) != n:
        plans.mkdir(parents=True, exist_ok=True)
        for name, text in generator.generate(n, seed):
            (plans / name).write_text(text, encoding="utf-8")
    return plans


def children_peak_mb() -> float:
    """The largest resident set of a finished worker (Linux: ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def run_extract(plans: Path, limit: int, processes: int, out: Path | None) -> dict:
    """In a fresh process: extract (and, with ``out``, write the import files)."""
    from policykg.bulk import extract_documents
    from policykg.graph.sinks.neo4j_import import write_import
    from policykg.graph.sinks.neo4j_replay import GraphState
    from policykg.inputs import resolve_inputs

    files = resolve_inputs([plans])[:limit]
    state = GraphState()
    started = time.perf_counter()
    # as `policykg bulk` does: each graph into the state as it comes (not all kept)
    extracted = extract_documents(files, processes, on_document=state.write)
    extract_s = time.perf_counter() - started
    figures = {"processes": processes, "plans": extracted.plans, "failed": len(extracted.failed),
               "extract_s": round(extract_s, 1),
               "plans_per_s": round(extracted.plans / extract_s, 2)}
    if out is not None:
        started = time.perf_counter()
        counts = write_import(state, out)
        figures.update(counts)
        figures["files_s"] = round(time.perf_counter() - started, 1)
        figures["files_mb"] = round(sum(p.stat().st_size for p in out.iterdir()) / 2**20, 1)
    figures["peak_mb"] = round(peak_rss_mb(), 1)
    figures["workers_peak_mb"] = round(children_peak_mb(), 1)
    return figures


def in_fresh_process(args: list[str]) -> dict:
    done = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True)
    for line in done.stdout.splitlines():
        if line.startswith(RESULT):
            return json.loads(line[len(RESULT):])
    raise SystemExit(f"the step failed:\n{done.stdout}\n{done.stderr}")


def run_import(folder: Path, work: Path, items: int) -> dict:
    from policykg.bulk import finish_import, import_into_local
    from policykg.graph.stores.neo4j_store import Neo4jStore

    env = server_env(work)
    started = time.perf_counter()
    settings = import_into_local(folder, env=env)
    step_s = time.perf_counter() - started
    log = (work / "bulk-neo4j-state" / "logs" / "import.log").read_text(errors="replace")
    done = re.findall(r"IMPORT DONE in (?:(\d+)m )?(\d+)s (\d+)ms", log)
    minutes, seconds, millis = (int(x or 0) for x in done[-1])
    tool_s = minutes * 60 + seconds + millis / 1000
    store = Neo4jStore(**settings)
    try:
        started = time.perf_counter()
        totals = finish_import(store, folder)
        after_s = time.perf_counter() - started
    finally:
        store.close()
    subprocess.run([str(ROOT / "scripts" / "neo4j-local"), "stop"], env=env,
                   capture_output=True)
    return {"import_step_s": round(step_s, 1), "import_tool_s": round(tool_s, 1),
            "items_per_s": round(items / tool_s), "after_import_s": round(after_s, 1),
            "totals": totals}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--processes", default="1,2", help="extraction processes to time")
    parser.add_argument("--extract-docs", type=int, help="time extraction on the first K "
                                                         "plans only (default: all)")
    parser.add_argument("--work", default="/tmp/policykg-bench")
    parser.add_argument("--json", help="also write every figure to this file")
    parser.add_argument("--step", nargs=4, help=argparse.SUPPRESS)  # internal: one step
    args = parser.parse_args()
    if args.step:
        plans, limit, processes, out = args.step
        print(RESULT + json.dumps(run_extract(Path(plans), int(limit), int(processes),
                                              Path(out) if out != "-" else None)))
        return
    work = Path(args.work)
    started = time.perf_counter()
    plans = corpus(args.docs, args.seed, work)
    print(f"corpus: {args.docs} plans in {plans} ({time.perf_counter() - started:.0f} s)",
          flush=True)
    counts = sorted(int(p) for p in args.processes.split(","))
    limit = args.extract_docs or args.docs
    figures: dict = {"docs": args.docs, "extraction": []}
    for processes in counts:
        if limit == args.docs and processes == counts[-1]:
            continue   # the full run below times it
        row = in_fresh_process(["--step", str(plans), str(limit), str(processes), "-"])
        figures["extraction"].append(row)
        print(json.dumps(row), flush=True)
    folder = work / f"import-{args.docs}-seed{args.seed}"
    full = in_fresh_process(["--step", str(plans), str(args.docs), str(counts[-1]),
                             str(folder)])
    figures["extraction"].append({k: full[k] for k in ("processes", "plans", "extract_s",
                                                      "plans_per_s", "peak_mb",
                                                      "workers_peak_mb")})
    figures["files"] = full
    print(json.dumps(full), flush=True)
    figures["import"] = run_import(folder, work, full["nodes"] + full["relationships"])
    print(json.dumps(figures["import"]), flush=True)
    total = (full["extract_s"] + full["files_s"] + figures["import"]["import_step_s"]
             + figures["import"]["after_import_s"])
    figures["total_min"] = round(total / 60, 1)
    print(f"total {figures['total_min']} min (extraction with {counts[-1]} processes, "
          "files, import, after)")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1) + "\n")


if __name__ == "__main__":
    main()
