"""Benchmark the bulk path to Neo4j (issue 19) on a national-size corpus.

bench/corpus.py's N plans (default 10,000; generated once into WORK/corpus-N-seedS/plans/,
the folder bench/common.py prepare() uses) go through `policykg bulk`'s steps, each timed:

* extraction (policykg/bulk.py extract_documents: read, extract, place, graph per plan, each
  graph merged into the state the import files are written from, as `policykg bulk` does) with
  each number of processes asked for (--processes 1,2), in a fresh process each, on the first
  --extract-docs plans (default all): plans/s and the peak resident set of the process and of
  its workers;
* the import files (write_import, gzipped as `policykg bulk` writes them) of all N plans:
  seconds, MB;
* the import: scripts/neo4j-local import (server stopped, neo4j-admin database import full,
  started; own data folder, ports 27687/27474, heap 2 GiB, page cache 1 GiB): the import
  tool's own time (its log's IMPORT DONE), (nodes + relationships)/s, and the whole step;
* after the import (constraints and indexes, empty lists, the Build node): seconds;
* the total wall minutes of extraction with the most processes + files + import + after;
* on the bulk-loaded server, still running: every saved query (queries/*.cypher, paged ones
  their first page) once to warm up, then --runs times (fewer once it has used --budget
  seconds): median and p95 ms, rows, its kind (KINDS: lookup or aggregate) and whether the
  issue's goal for that kind is met (GOAL_MS); --profile: each once with PROFILE (db hits,
  the operators that read most). The parameters are drawn (bench/query_timing.py
  parameters()) from the graphs of the first 1,000 plans only, extracted again in a fresh
  process: a national corpus's graphs do not fit in memory at once;
* --online N: the online writer on the first N plans beside it (bench/national_online.py:
  `policykg build --neo4j` into a second server, ports 28687/28474): wall minutes, plans/s,
  (nodes + relationships)/s, peak MB, and the same query table on that server;
* --requery JSON: only the query table again, on the store an earlier run left in the work
  folder, with that run's parameters (a changed query text timed without a new import).

    .venv/bin/python bench/national.py --docs 10000 --processes 1,2 --extract-docs 1000 \
        --online 10000 --profile --json national-10000.json
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
import national_report  # noqa: E402
from common import peak_rss_mb  # noqa: E402
from query_timing import parameters, profile_all, time_all  # noqa: E402

PASSWORD = "policykg-bench"
PARAMETER_PLANS = 1000   # the plans whose graphs the query parameters are drawn from
# The goals on 100,000 plans: p95 of a point lookup and of a whole-corpus aggregate
GOAL_MS = {"lookup": 50.0, "aggregate": 500.0}
# Each saved query's kind. A lookup is about one plan, task, agency or document: it takes
# such a parameter and answers for it (an index seek, then that thing's neighbourhood). An
# aggregate lists or counts over the whole corpus: its parameters only narrow or filter
# what it reads (a jurisdiction, a year, a substring, words), so it reads everything first.
KINDS = {
    "agency-load": "aggregate",             # every agency's tasks per role, ranked
    "agency-portfolio": "lookup",           # one agency's tasks and rows
    "co-responsibility": "aggregate",       # every pair of agencies sharing tasks
    "diffuse-responsibility": "aggregate",  # every task with >= $min_units units, no lead
    "due-by": "aggregate",                  # everything dated up to $year, corpus-wide
    "hospital-tasks": "aggregate",          # every hospital whose name contains a substring
    "implementers": "lookup",               # the plans implementing one document
    "indicator-targets": "aggregate",       # every indicator (the agency filter is optional)
    "plan-citations": "lookup",             # one plan's citations
    "plan-lineage": "lookup",               # one plan's chain of parents
    "same-task-across-plans": "aggregate",  # every task whose title contains $title
    "search-tasks": "aggregate",            # every task, row and indicator holding the words
    "sibling-plans": "lookup",              # the plans sharing one plan's parent
    "task-evidence": "lookup",              # one task's evidence
    "unowned-tasks": "aggregate",           # every task and row naming no agency
}


MEMORY_DEFAULTS = {"NEO4J_HEAP_MAX": "2g", "NEO4J_PAGECACHE": "1g", "NEO4J_IMPORT_HEAP": "2g",
                   "NEO4J_IMPORT_MEMORY": "2g"}


def server_env(work: Path) -> dict[str, str]:
    """The bench server's settings; its memory (MEMORY_DEFAULTS) may be raised from the
    environment for a large corpus (a 100,000-plan store is far larger than a 1 GiB page
    cache): NEO4J_HEAP_MAX=4g NEO4J_PAGECACHE=8g ... .venv/bin/python bench/national.py."""
    memory = {name: os.environ.get(name, value) for name, value in MEMORY_DEFAULTS.items()}
    return {**os.environ, "NEO4J_DATA_DIR": str(work / "bulk-neo4j-data"),
            "NEO4J_STATE_DIR": str(work / "bulk-neo4j-state"), "NEO4J_BOLT_PORT": "27687",
            "NEO4J_HTTP_PORT": "27474", "NEO4J_PASSWORD": PASSWORD, **memory}


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


def main_cpu_seconds() -> float:
    """CPU time of this process alone (the merge of the shared parts, the file joins)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def cpu_seconds() -> float:
    """CPU time of this process and its finished workers (a shared machine's wall time
    misleads; this does not)."""
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return main_cpu_seconds() + workers.ru_utime + workers.ru_stime


def run_extract(plans: Path, limit: int, processes: int, out: Path | None) -> dict:
    """In a fresh process: extract (and, with ``out``, write the import files). With ``out``
    the step is `policykg bulk`'s (policykg/bulk.py extract_to_import: the graphs made and
    each chunk of plans' own rows written by the workers, the shared part merged here); without,
    extraction and graphs only (extract_documents, each graph dropped as it comes)."""
    from policykg.bulk import extract_documents, extract_to_import
    from policykg.inputs import resolve_inputs

    files = resolve_inputs([plans])[:limit]
    started = time.perf_counter()
    if out is None:
        extracted = extract_documents(files, processes, on_document=lambda document: None)
        counts: dict = {}
    else:
        # gzipped, as `policykg bulk` writes them by default (6.7x smaller)
        extracted, counts = extract_to_import(files, out, processes, compress=True)
    extract_s = time.perf_counter() - started
    figures = {"processes": processes, "plans": extracted.plans, "failed": len(extracted.failed),
               "extract_s": round(extract_s, 1),
               "plans_per_s": round(extracted.plans / extract_s, 2),
               "cpu_s": round(cpu_seconds(), 1), "main_cpu_s": round(main_cpu_seconds(), 1),
               "first_pass_s": round(extracted.first_pass_s, 1)}
    if out is not None:
        figures.update(counts)
        figures["files_s"] = 0.0   # written by the workers during the step above
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
    # "IMPORT DONE in 2m 42s 635ms", "... in 2m 299ms" (no seconds part when it is 0)
    done = re.findall(r"IMPORT DONE in (?:(\d+)m )?(?:(\d+)s )?(\d+)ms", log)
    minutes, seconds, millis = (int(x or 0) for x in done[-1])
    tool_s = minutes * 60 + seconds + millis / 1000
    store = Neo4jStore(**settings)
    try:
        started = time.perf_counter()
        steps: dict[str, float] = {}
        totals = finish_import(store, folder, steps)
        after_s = time.perf_counter() - started
    finally:
        store.close()
    # the server stays up for the queries: main() stops it
    return {"import_step_s": round(step_s, 1), "import_tool_s": round(tool_s, 1),
            "items_per_s": round(items / tool_s), "after_import_s": round(after_s, 1),
            "after_import_steps": steps,
            "totals": totals, "settings": settings}


def stop_server(env: dict[str, str]) -> None:
    subprocess.run([str(ROOT / "scripts" / "neo4j-local"), "stop"], env=env,
                   capture_output=True)


def run_parameters(plans: Path, limit: int, processes: int) -> dict:
    """In a fresh process: the saved queries' parameters from the first ``limit`` plans'
    graphs (all N would not fit in memory at 100,000 plans)."""
    from policykg.bulk import extract_documents
    from policykg.inputs import resolve_inputs

    files = resolve_inputs([plans])[:limit]
    return parameters(extract_documents(files, processes).documents)


def query_table(store, params: dict, runs: int, budget: float) -> dict:
    """Every saved query timed on a loaded server (its indexes online first), with its kind,
    the goal for that kind and whether the p95 meets it."""
    from policykg.queries.saved import load_all

    store.driver.execute_query("CALL db.awaitIndexes(600)")
    queries = load_all()
    results = time_all(store, queries, params, runs, budget)
    for name, result in results.items():
        kind = KINDS.get(name, "unclassified")   # a new saved query: add it to KINDS
        goal = GOAL_MS.get(kind)
        result.update(kind=kind, goal_p95_ms=goal,
                      met=None if goal is None or not result["runs"]
                      else result["p95_ms"] <= goal)
    return results


def time_queries(store, params: dict, runs: int, budget: float, profile: bool, figures: dict,
                 where: str = "") -> None:
    """The query table into figures["queries"], and with ``profile`` each query's PROFILE."""
    from policykg.queries.saved import load_all

    print(f"saved queries{where} ({runs} runs):", flush=True)
    figures["queries"] = query_table(store, params, runs, budget)
    if profile:
        print(f"PROFILE{where}:", flush=True)
        figures["profile"] = profile_all(store, load_all(), params)


def requery(work: Path, earlier: Path, runs: int, budget: float, profile: bool) -> dict:
    """The saved queries timed again on the store an earlier run left in ``work`` (its server
    started, then stopped), with the parameters that run drew (its --json file): a changed
    query text measured without extracting and importing again. The store is first made
    current as a build would (the schema's indexes, the agencies' task totals)."""
    from policykg.graph.stores.neo4j_store import Neo4jStore
    from policykg.stored import count_agency_tasks

    params = json.loads(earlier.read_text(encoding="utf-8"))["parameters"]
    env = server_env(work)
    figures: dict = {"requery_of": str(earlier), "parameters": params,
                     "server_memory": {name: env[name] for name in MEMORY_DEFAULTS}}
    script = str(ROOT / "scripts" / "neo4j-local")
    subprocess.run([script, "start"], env=env, check=True, capture_output=True)
    try:
        told = subprocess.run([script, "env"], env=env, capture_output=True, text=True,
                              check=True).stdout
        uri = re.search(r"NEO4J_URI=(\S+)", told).group(1).strip("'\"")
        store = Neo4jStore(uri=uri, username="neo4j", password=PASSWORD)
        try:
            started = time.perf_counter()
            store.ensure_schema()
            store.driver.execute_query("CALL db.awaitIndexes(3600)")
            counted = count_agency_tasks(store)
            figures["made_current_s"] = round(time.perf_counter() - started, 1)
            print(f"store made current in {figures['made_current_s']} s (agency totals "
                  f"{'counted' if counted else 'already kept'})", flush=True)
            time_queries(store, params, runs, budget, profile, figures)
        finally:
            store.close()
    finally:
        stop_server(env)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--processes", default="1,2", help="extraction processes to time")
    parser.add_argument("--extract-docs", type=int, help="time extraction on the first K "
                                                         "plans only (default: all)")
    parser.add_argument("--runs", type=int, default=10, help="timed runs of each query")
    parser.add_argument("--budget", type=float, default=60.0,
                        help="seconds a query's timed runs may use (at least 3 runs)")
    parser.add_argument("--profile", action="store_true",
                        help="PROFILE every saved query once on the bulk-loaded server")
    parser.add_argument("--online", type=int, default=0, metavar="N",
                        help="also load the first N plans by the online writer (0: no)")
    parser.add_argument("--work", default="/tmp/policykg-bench")
    parser.add_argument("--json", help="also write every figure to this file")
    parser.add_argument("--requery", metavar="JSON",
                        help="only time the saved queries again, on the store an earlier run "
                             "left in the work folder, with the parameters of its --json file")
    parser.add_argument("--files-from", metavar="LOG",
                        help="skip the full extraction step: its import files are in the work "
                             "folder already, and LOG holds its RESULT line (the output of "
                             "`national.py --step PLANS N PROCESSES FOLDER`, run beforehand)")
    parser.add_argument("--step", nargs=4, help=argparse.SUPPRESS)  # internal: one step
    parser.add_argument("--params-step", nargs=3, help=argparse.SUPPRESS)  # internal
    args = parser.parse_args()
    if args.step:
        plans, limit, processes, out = args.step
        print(RESULT + json.dumps(run_extract(Path(plans), int(limit), int(processes),
                                              Path(out) if out != "-" else None)))
        return
    if args.params_step:
        plans, limit, processes = args.params_step
        print(RESULT + json.dumps(run_parameters(Path(plans), int(limit), int(processes))))
        return
    work = Path(args.work)
    if args.requery:
        figures = requery(work, Path(args.requery), args.runs, args.budget, args.profile)
        print("\n" + "\n".join(national_report.queries(figures)))
        if args.json:
            Path(args.json).write_text(json.dumps(figures, indent=1, ensure_ascii=False) + "\n",
                                       encoding="utf-8")
        return
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
    if args.files_from:
        full = next(json.loads(line[len(RESULT):]) for line in Path(args.files_from)
                    .read_text(encoding="utf-8").splitlines() if line.startswith(RESULT))
    else:
        full = in_fresh_process(["--step", str(plans), str(args.docs), str(counts[-1]),
                                 str(folder)])
    figures["extraction"].append({k: full.get(k) for k in ("processes", "plans", "extract_s",
                                                          "plans_per_s", "cpu_s", "main_cpu_s",
                                                          "first_pass_s", "peak_mb",
                                                          "workers_peak_mb")})
    figures["files"] = full
    print(json.dumps(full), flush=True)
    figures["parameter_plans"] = min(PARAMETER_PLANS, args.docs)
    started = time.perf_counter()
    params = in_fresh_process(["--params-step", str(plans), str(figures["parameter_plans"]),
                               str(counts[-1])])
    figures["parameters_s"] = round(time.perf_counter() - started, 1)
    figures["parameters"] = params
    print(f"query parameters (from the graphs of the first {figures['parameter_plans']:,} "
          f"plans): {json.dumps(params, ensure_ascii=False)}", flush=True)
    env = server_env(work)
    figures["server_memory"] = {name: env[name] for name in MEMORY_DEFAULTS}
    print(f"server memory: {figures['server_memory']}", flush=True)
    try:   # the bulk-loaded server stops whatever happens
        figures["import"] = run_import(folder, work, full["nodes"] + full["relationships"])
        settings = figures["import"].pop("settings")
        print(json.dumps(figures["import"]), flush=True)
        total = (full["extract_s"] + full["files_s"] + figures["import"]["import_step_s"]
                 + figures["import"]["after_import_s"])
        figures["total_min"] = round(total / 60, 1)
        print(f"total {figures['total_min']} min (extraction with {counts[-1]} processes, "
              "files, import, after)", flush=True)
        from policykg.graph.stores.neo4j_store import Neo4jStore

        store = Neo4jStore(**settings)
        try:
            time_queries(store, params, args.runs, args.budget, args.profile, figures,
                         " on the bulk-loaded server")
        finally:
            store.close()
    finally:
        stop_server(env)
    if args.online:
        from national_online import run_online

        from policykg.inputs import resolve_inputs
        files = list(resolve_inputs([plans])[:args.online])
        print(f"online writer: build --neo4j, the first {len(files):,} plans", flush=True)
        figures["online"] = run_online(
            files, work, env, lambda store: query_table(store, params, args.runs, args.budget))
    print("\n" + "\n".join(national_report.steps(figures)))
    print("\n" + "\n".join(national_report.queries(figures)))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1, ensure_ascii=False) + "\n",
                                   encoding="utf-8")


if __name__ == "__main__":
    main()
