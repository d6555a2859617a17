"""What bench/queries.py and bench/national.py share: the saved queries' parameters drawn from
a corpus, a query timed (warm-up, then runs within a budget) and profiled on Neo4j.

A module of its own because bench/national.py cannot import bench/queries.py by name: the
repository's top-level package `queries` (the saved queries) comes first on its sys.path.
"""

from __future__ import annotations

import statistics
import time
from collections import Counter


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
            "words": f"{task_title[:2]} {task_title[-2:]}",
            "year": 2025, "min_units": 3}


# operators that read the store: a scan reads every node of a label (or an index's entries),
# an expansion every relationship of its nodes; the others work on rows already read
SCANS = ("AllNodesScan", "NodeByLabelScan", "NodeIndexScan", "NodeIndexContainsScan",
         "NodeIndexEndsWithScan", "DirectedRelationshipTypeScan",
         "UndirectedRelationshipTypeScan", "DirectedAllRelationshipsScan")


def operators(plan: dict) -> list[dict]:
    """The profiled plan's operators, depth first (the driver gives the server's nested
    dicts: operatorType, dbHits, rows, args.Details, children)."""
    args = plan.get("args", {})
    found = [{"operator": plan.get("operatorType", "?").split("@")[0],
              "db_hits": int(plan.get("dbHits", args.get("DbHits", 0)) or 0),
              "rows": int(plan.get("rows", args.get("Rows", 0)) or 0),
              "details": str(args.get("Details", ""))[:110]}]
    for child in plan.get("children", []):
        found += operators(child)
    return found


def profiled(neo4j, cypher: str, params: dict) -> dict:
    """One PROFILE run on Neo4j: total db hits, rows returned, and the operators that read
    the store (scans and expansions) or hit it most, largest first."""
    with neo4j.driver.session(database=neo4j.database,
                              default_access_mode="READ") as session:
        plan = session.run("PROFILE " + cypher, params).consume().profile
    found = operators(plan)
    heavy = [o for o in found if o["operator"] in SCANS or "Expand" in o["operator"]
             or o["db_hits"] >= 10_000]
    heavy.sort(key=lambda o: -o["db_hits"])
    return {"db_hits": sum(o["db_hits"] for o in found), "rows": found[0]["rows"],
            "scans": [o["operator"] for o in found if o["operator"] in SCANS],
            # Top/Sort read every row before the first is sent; PartialSort/PartialTop and a
            # plan without either stream in order
            "ordering": [o["operator"] for o in found if "Sort" in o["operator"]
                         or "Top" in o["operator"]],
            "heavy": heavy[:6]}


def profile_all(neo4j, queries: dict, params: dict) -> dict:
    """Every query, and the count of a paged one, profiled once; printed as it goes."""
    summaries = {}
    for name, query in queries.items():
        bound = query.bind({p.name: params[p.name] for p in query.parameters if p.name in params})
        summary = profiled(neo4j, query.cypher, bound)
        if query.paged:
            summary["count"] = profiled(neo4j, query.count_cypher(),
                                        query.count_parameters(bound))
        summaries[name] = summary
        count = summary.get("count")
        print(f"  {name}: {summary['db_hits']:,} db hits, {summary['rows']} rows, "
              f"order by {'+'.join(summary['ordering']) or '-'}" +
              (f"; count: {count['db_hits']:,} db hits" if count else ""), flush=True)
        for o in summary["heavy"]:
            print(f"      {o['operator']:<34} {o['db_hits']:>10,} hits {o['rows']:>9,} rows"
                  f"  {o['details']}")
    return summaries


def timed(store, query, values, runs: int, budget: float) -> dict:
    from policykg.queries.saved import run

    try:
        rows = run(store, query, values)      # warm-up (plans cached, pages in memory)
    except Exception as error:                # e.g. the embedded engine's time limit
        print(f"    {query.name}: {type(error).__name__}: {str(error)[:100]}", flush=True)
        return {"rows": None, "median_ms": float("nan"), "p95_ms": float("nan"), "runs": 0,
                "error": type(error).__name__}
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


def time_all(store, queries: dict, params: dict, runs: int, budget: float) -> dict:
    """Every saved query timed on one store (paged ones: their first page, the defaults);
    the rows become their count, printed as it goes."""
    results = {}
    for name, query in queries.items():
        values = {p.name: params[p.name] for p in query.parameters if p.name in params}
        result = timed(store, query, values, runs, budget)
        result["rows"] = None if result["rows"] is None else len(result["rows"])
        results[name] = result
        print(f"  {name}: {result['median_ms']:.1f} / {result['p95_ms']:.1f} ms, "
              f"{result['rows']} rows, {result['runs']} runs", flush=True)
    return results
