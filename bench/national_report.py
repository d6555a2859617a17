"""bench/national.py's closing summary: the steps in docs/performance.md's bulk-path layout
(step, seconds, rate, peak MB), then every saved query on the bulk-loaded server (and on the
online writer's server with --online) against the issue's goal for its kind."""

from __future__ import annotations


def passes(row: dict) -> str:
    """The two passes of an extraction row, each with its own rate: the first reads and
    extracts every file, the second (after the plans are placed) makes the graphs and files."""
    first = row["first_pass_s"]
    second = row["extract_s"] - first

    def rate(seconds: float) -> str:
        return f"{row['plans'] / seconds:,.1f} plans/s" if seconds > 0 else "-"

    return (f"first pass, reading and extracting: {first:,.1f} s, {rate(first)}; second, "
            f"graphs and files: {second:,.1f} s, {rate(second)}")


def step(label: str, seconds: float | None, rate: str = "", peak: str = "") -> str:
    shown = f"{seconds:>9,.1f}" if seconds is not None else " " * 9
    return f"{label:<52}{shown}   {rate:<30} {peak}".rstrip()


def steps(figures: dict) -> list[str]:
    """The step lines: extraction per process count, files, import, after, total, the
    parameters' extraction and the online writer."""
    lines = [f"{'step':<52}{'seconds':>9}   {'rate':<30} peak MB"]
    files, imported = figures["files"], figures.get("import")
    for row in figures["extraction"]:
        workers = (f" (workers {row['workers_peak_mb']:,.0f})" if row["processes"] > 1
                   else "")
        what = ("extraction + graphs + import files" if row["plans"] == files.get("plans")
                else "extraction + graphs")
        cpu = f", {row['cpu_s']:,.0f} cpu s" if row.get("cpu_s") else ""
        lines.append(step(f"{what}, {row['plans']:,} plans, {row['processes']} proc",
                          row["extract_s"], f"{row['plans_per_s']} plans/s{cpu}",
                          f"{row['peak_mb']:,.0f}{workers}"))
        if row.get("main_cpu_s") is not None:
            lines.append("  (" + passes(row) + f"; main process {row['main_cpu_s']:,.0f} cpu s)")
    lines.append(f"  (import files: {files.get('files_mb', 0):,.0f} MB, written by the workers "
                 "as they go)")
    if imported:
        lines.append(step("neo4j-admin database import full", imported["import_tool_s"],
                          f"{imported['items_per_s']:,} items/s"))
        lines.append(f"  ({files.get('nodes', 0):,} nodes, "
                     f"{files.get('relationships', 0):,} relationships)")
        lines.append(step("the import step (stop, import, start)", imported["import_step_s"]))
        lines.append(step("after the import, until every index is online",
                          imported["after_import_s"]))
        parts = imported.get("after_import_steps") or {}
        if parts:
            lines.append("  (" + ", ".join(f"{name.replace('_', ' ')} {seconds:,.1f} s"
                                           for name, seconds in parts.items()) + ")")
        lines.append(f"{'total':<52}{figures['total_min']:>9} min")
    if "parameters_s" in figures:
        lines.append(step(f"query parameters: graphs of {figures['parameter_plans']:,} plans",
                          figures["parameters_s"], "(not in the total)"))
    online = figures.get("online")
    if online:
        lines.append(step(f"online writer: build --neo4j, {online['plans']:,} plans",
                          online["build_s"], f"{online['plans_per_s']} plans/s",
                          f"{online['peak_mb']:,.0f}"))
        lines.append(f"  ({online['nodes']:,} nodes, {online['relationships']:,} "
                     f"relationships: {online['items_per_s']:,} items/s; "
                     f"{online['build_min']} min)")
    return lines


def cell(result: dict | None) -> str:
    if not result:
        return "- | - | -"
    if not result["runs"]:
        return f"{result.get('error', 'failed')} | - | -"
    met = {True: "yes", False: "NO", None: "-"}[result["met"]]
    return f"{result['median_ms']:.1f} / {result['p95_ms']:.1f} | {result['rows']} | {met}"


def queries(figures: dict) -> list[str]:
    """One row per saved query: kind, goal, and bulk (and online) median / p95, rows, met."""
    bulk = figures.get("queries", {})
    online = (figures.get("online") or {}).get("queries")
    profile = figures.get("profile", {})
    head = "| query | kind | goal p95 ms | bulk median / p95 ms | rows | met |"
    rule = "|---|---|---|---|---|---|"
    if online:
        head += " online median / p95 ms | rows | met |"
        rule += "---|---|---|"
    if profile:
        head += " db hits |"
        rule += "---|"
    lines = [head, rule]
    for name, result in bulk.items():
        goal = result["goal_p95_ms"]
        line = (f"| {name} | {result['kind']} | {goal:.0f} | " if goal is not None
                else f"| {name} | {result['kind']} | - | ") + cell(result) + " |"
        if online:
            line += f" {cell(online.get(name))} |"
        if profile:
            line += f" {profile[name]['db_hits']:,} |" if name in profile else " - |"
        lines.append(line)
    for label, results in (("bulk", bulk), ("online", online or {})):
        judged = [r for r in results.values() if r.get("met") is not None]
        if judged:
            lines.append(f"{label}: {sum(r['met'] for r in judged)} of {len(judged)} queries "
                         "meet their goal")
    return lines
