"""The `policykg` command line: thin commands over the library.

Each command resolves its inputs, calls one library function per document and prints. A file
that cannot be read is reported on stderr with its name and place; the other files still run,
and the exit status is 1 when any file failed.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import click

from . import __version__
from .inputs import Output, Plans, resolve_inputs
from .options import (
    click_errors,
    format_option,
    max_size_option,
    open_store,
    output_option,
    store_options,
)
from .shards import ShardType, in_shard


@click.group()
@click.version_option(__version__, prog_name="policykg")
def cli() -> None:
    """Turn implementation plans (实施方案) into a knowledge graph analysts can question."""
    sys.unraisablehook = _interrupt_again


def _interrupt_again(unraisable) -> None:
    """Ctrl-C that lands in a destructor (the Neo4j driver's sessions have one) is printed as
    "Exception ignored … KeyboardInterrupt" with a traceback and then lost; deliver it again
    a moment later, outside the destructor, so the command stops with its Aborted!."""
    if isinstance(unraisable.exc_value, KeyboardInterrupt):
        import os
        import signal
        import threading

        threading.Timer(0.01, os.kill, (os.getpid(), signal.SIGINT)).start()
        return
    sys.__unraisablehook__(unraisable)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@format_option(["json", "jsonl", "build-jsonl", "summary"], "summary",
               "json: one record (an array for several files); jsonl: one record a line; "
               "build-jsonl: a line a file with what `build --from-records` needs (the "
               "record, the fields the graph reads beside it, the text; or why the file "
               "failed); summary: counts and warnings per file.")
@click.option("--shard", type=ShardType(), default=None,
              help="Read only shard I of N (1 <= I <= N): the files whose name (the path "
                   "inside the folder given, or the file name) hashes (sha256) to I, so N "
                   "runs with 1/N ... N/N read every file once, on any machines, whatever "
                   "the order of the files given.")
@output_option
@max_size_option
def extract(paths: tuple[Path, ...], output_format: str, shard: tuple[int, int] | None,
            output_path: str, max_size: int) -> None:
    """Extract plan records from plan documents (files, or folders of them).

    Takes plain text (.txt: UTF-8, GBK or UTF-16), PDF (with a text layer, or scanned with
    the [ocr] extra), Word (.docx; .doc and .wps through LibreOffice), web pages (.html) and
    OFD, recognised by their bytes. A folder gives every file in it; a file no reader takes
    is listed as skipped with its reason.

    The record of each plan follows shared/spec/plan-record.schema.json: metadata,
    citations, tasks with responsible agencies and deadlines, table assignments,
    indicators, hospitals and warnings. Spans are character offsets into the text the rules
    read (`policykg text FILE` prints it; for a text file, the decoded file).

    \b
    Examples:
        policykg extract samples/plans
        policykg extract plan.pdf --format json
        policykg extract downloads/ --format jsonl -o records.jsonl
        policykg extract plans/ --shard 3/8 --format build-jsonl -o shard-3.jsonl
    """
    from .loaders.record_lines import record_line

    plans = Plans(paths, max_size)
    if shard is not None:
        plans.files = in_shard(plans.files, paths, shard)
    records: list[dict] = []
    failed = 0
    with Output(output_path) as output:
        for plan in plans:
            failed = _failure_lines(output, output_format, plans.failures, failed)
            records.append(plan.record)
            if output_format == "jsonl":
                output.write(json.dumps(plan.record, ensure_ascii=False, sort_keys=False)
                             + "\n")
            elif output_format == "build-jsonl":
                output.write(json.dumps(record_line(plan.typed), ensure_ascii=False) + "\n")
        _failure_lines(output, output_format, plans.failures, failed)
        if output_format == "json":
            single = len(plans.files) == 1 and records and shard is None
            payload = records[0] if single else records
            output.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        elif output_format == "summary":
            output.write(render_summary(records, plans.failures, plans.skipped))
    if plans.failures:
        sys.exit(1)
    if shard is not None and not plans.files:   # more shards than files: an empty one
        click.echo(f"Note: shard {shard[0]}/{shard[1]} holds none of the files", err=True)
        return
    if not records:
        no_documents(paths, plans.skipped)


def _failure_lines(output: Output, output_format: str, failures: list[tuple[str, str]],
                   done: int) -> int:
    """build-jsonl: a line for each file failed since ``done`` (a build from the lines fails
    it too, and --prune keeps what the store holds at its path)."""
    from .loaders.record_lines import failure_line

    if output_format == "build-jsonl":
        for name, message in failures[done:]:
            output.write(json.dumps(failure_line(name, message), ensure_ascii=False) + "\n")
    return len(failures)


@cli.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--layout", is_flag=True,
              help="Instead of the text, list where each stretch of it is in the file: "
                   "start, end, then page / paragraph / table cell / element.")
@output_option
@max_size_option
def text(path: Path, layout: bool, output_path: str, max_size: int) -> None:
    """Print the text the rules read from a document (what record spans index).

    Every span in the record (start, end) is an offset into this text, so evidence can be
    followed by anyone.

    For a plain-text file this is the decoded file; for a PDF, Word file, web page, OFD or
    scan it is the text the document stage composed (a paragraph a line; a table one cell a
    line, a blank line after each row), and --layout tells where each part came from.

    \b
    Examples:
        policykg text plan.pdf
        policykg text plan.docx --layout
    """
    from .loaders.documents import read_file

    with click_errors():
        document = read_file(path, max_size)
    with Output(output_path) as output:
        if not layout:
            output.write(document.text)
            return
        output.write("start\tend\twhere\n")
        for piece in document.pieces:
            output.write(f"{piece.start}\t{piece.end}\t{piece.origin.describe()}\n")


def no_documents(paths: tuple[Path, ...], skipped: list[tuple[str, str]]) -> None:
    """Nothing to read is never a silent success: say so, and exit 1."""
    where = ", ".join(str(p) for p in paths)
    click.echo(f"Error: no plan documents in {where}"
               + (f" ({plural(len(skipped), 'file')} skipped; see above)" if skipped else ""),
               err=True)
    sys.exit(1)


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@store_options("Write to Neo4j (NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE); "
               "the default when NEO4J_URI is set and --store is not given.")
@click.option("--prune", is_flag=True,
              help="Remove plans whose files are no longer among PATHS.")
@click.option("--registry", "registry_file", type=click.Path(dir_okay=False, path_type=Path),
              default=None,
              help="Your registry of parent documents (TOML, as "
                   "loaders/data/parent-documents.toml: start from a copy) in place of the "
                   "bundled one; the store keeps the registry of its last build.")
@click.option("--from-records", "from_records", is_flag=True,
              help="PATHS are JSONL files (or folders: their *.jsonl files) written by "
                   "`extract --format build-jsonl` (e.g. one a shard), in place of the plan "
                   "files: the store ends as a build from the plan files would leave it.")
@max_size_option
def build(paths: tuple[Path, ...], store_path: Path | None, use_neo4j: bool,
          prune: bool, registry_file: Path | None, from_records: bool, max_size: int) -> None:
    """Build the graph from plan files into the embedded store or Neo4j.

    PATHS are plan files or folders (default: samples/plans). The graph goes to the
    embedded store, or to Neo4j with --neo4j (or when NEO4J_URI is set). Unchanged
    files (same sha256) are skipped, a changed file's facts are replaced, and each
    document is written whole or not at all. Ends with a summary of what the graph holds.

    \b
    Examples:
        policykg build                       # the bundled sample plans
        policykg build plans/ --store my-graph
        policykg build plans/ --prune        # also drop plans whose files are gone
        policykg build --from-records shard-*.jsonl   # extracted elsewhere (extract --shard)
        NEO4J_URI=bolt://localhost:7687 NEO4J_PASSWORD=… policykg build --neo4j
    """
    from .builder import build as run_build

    if not paths and from_records:
        raise click.UsageError("--from-records: give the JSONL files of extract --format "
                               "build-jsonl")
    if not paths:
        default = Path("samples/plans")
        if not default.is_dir():
            raise click.UsageError("give plan files or folders (no samples/plans here)")
        paths = (default,)
    files = resolve_inputs(paths)
    if from_records:   # in a folder, its record files only (a store may be beside them)
        files = [file for file in files
                 if file not in files.found_in_folder or file.suffix == ".jsonl"]
    with click_errors():
        store, where = open_store(store_path, use_neo4j)
    count = _count_lines(files) if from_records else len(files)
    try:
        if count > 20:  # long runs show a progress bar on stderr
            with click.progressbar(length=count, label="building", file=sys.stderr,
                                   show_pos=True) as bar:
                report = run_build(store, files, prune=prune, on_file=lambda: bar.update(1),
                                   max_size=max_size, registry_file=registry_file,
                                   from_records=from_records)
        else:
            report = run_build(store, files, prune=prune, max_size=max_size,
                               registry_file=registry_file, from_records=from_records)
    finally:
        store.close()
    for name, reason in report.not_plans:
        click.echo(f"Skipped: {name}: {reason}", err=True)
    for _, message in report.failed:
        click.echo(f"Error: {message}", err=True)
    for note in report.notes:   # same bytes at two paths, versions, moves: nothing failed
        click.echo(f"Warning: {note}", err=True)
    for note in getattr(store, "notes", []):   # what Neo4j warned of, a line each
        click.echo(f"Note: {note}", err=True)
    totals = report.totals
    if report.aborted:
        click.echo(f"build stopped: the store went away after {len(report.written)} "
                   f"documents; {len(report.failed)} not written (run build again)", err=True)
        sys.exit(1)
    # written: new documents, and stored ones written again (moved, or a version changed)
    not_plans = f", {len(report.not_plans)} skipped (not plans)" if report.not_plans else ""
    click.echo(f"{len(report.written) + len(report.rewritten)} written, "
               f"{len(report.skipped)} unchanged, "
               f"{len(report.pruned)} pruned, {len(report.failed)} failed{not_plans} -> {where}")
    click.echo(f"graph: {totals['documents']} plans, {totals['tasks']} tasks, "
               f"{totals['agencies']} agencies, {totals['hospitals']} hospitals, "
               f"{totals['citations']} citations; {report.warnings} warnings in the plans "
               "written")
    comfortable = getattr(store, "COMFORTABLE_PLANS", None)
    if comfortable is not None and totals["documents"] > comfortable:
        click.echo(f"Note: the embedded store holds {totals['documents']} plans; past "
                   f"{comfortable} every build, even of one plan, waits for the whole graph to "
                   "be read and written again: use Neo4j for more (build --neo4j, or "
                   "policykg bulk for a first load; docs/performance.md has the figures)",
                   err=True)
    if report.failed:
        sys.exit(1)
    if len(report.not_plans) == len(files):
        no_documents(paths, report.not_plans)


def _count_lines(files: list[Path]) -> int:
    """The lines of record files: the plans a --from-records build reads (its progress)."""
    count = 0
    for file in files:
        try:
            with open(file, "rb") as handle:
                count += sum(1 for line in handle if line.strip())
        except OSError:   # the build says so, naming the file
            continue
    return count


def render_summary(records: list[dict], failures: list[tuple[str, str]],
                   skipped: list[tuple[str, str]] = ()) -> str:
    """A readable table of counts per file, then each file's warnings and name foldings.

    `understood` is the share of the body inside a task, safeguard, table row or indicator and
    `units` the share of tasks naming a responsible unit (the record's `understanding`); a plan
    understood little, with mostly unassigned tasks, no tasks or a table not read is named in a
    `check this plan:` line above the table."""
    columns = ["file", "tasks", "safeguards", "rows", "indicators", "citations", "hospitals",
               "warnings", "understood", "units"]
    rows = []
    checks = []
    for record in records:
        tasks = record["tasks"]
        understanding = record.get("understanding") or {}
        coverage, units = understanding.get("coverage"), understanding.get("units_share")
        reasons = _check_reasons(record, coverage, units)
        if reasons:
            checks.append(f"check this plan: {Path(record['source']['path']).name} "
                          f"({', '.join(reasons)})")
        rows.append([
            Path(record["source"]["path"]).name,
            str(sum(1 for t in tasks if t["kind"] == "task")),
            str(sum(1 for t in tasks if t["kind"] == "safeguard")),
            str(sum(len(t.get("assignments", [])) for t in tasks)),
            str(len(record["indicators"])),
            str(len(record["citations"])),
            str(len(record["hospitals"])),
            str(len(record["warnings"])),
            _percent(coverage),
            _percent(units),
        ])
    for path, _ in failures:
        rows.append([Path(path).name, "failed", "", "", "", "", "", "", "", ""])
    widths = [max(len(column), *(len(row[i]) for row in rows)) if rows else len(column)
              for i, column in enumerate(columns)]
    lines = [*checks, *([""] if checks else []),
             "  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)) for row in rows]
    for record in records:
        plan = record["plan"]
        lines += ["", f"{Path(record['source']['path']).name}: {plan['title']}",
                  f"  {plan['doc_number'] or '(no doc number)'} · {plan['issuer'] or '?'} · "
                  f"{plan['jurisdiction'] or '?'} · {plan['issued'] or '?'} · {plan['status']}"
                  f" · {record['source']['encoding']}"]
        implements = [c for c in record["citations"] if c["relation"] == "implements"]
        for citation in implements:
            lines.append(f"  implements {citation['doc_number'] or ''} "
                         f"《{citation['title'] or '?'}》".rstrip())
        counts = Counter(w["code"] for w in record["warnings"])
        if counts:
            lines.append("  warnings: " + ", ".join(f"{code} ×{n}" for code, n in
                                                    sorted(counts.items())))
            for warning in record["warnings"]:
                where = f"line {warning['line']}: " if warning.get("line") else ""
                lines.append(f"    {where}{warning['message']}")
        for folding in record["agency_foldings"]:
            lines.append(f"  folded {folding['written']} → {folding['canonical']} "
                         f"({folding['rule']}, ×{folding['count']})")
    for _path, message in failures:
        lines += ["", f"FAILED {message}"]
    if skipped:
        lines += ["", f"skipped {plural(len(skipped), 'file')} no reader takes:"]
        lines += [f"  {path}: {reason}" for path, reason in skipped]
    return "\n".join(lines) + "\n"


CHECK_COVERAGE = 0.6   # a plan understood less than this is named at the top of the summary
CHECK_UNITS = 0.5


def _percent(share: float | None) -> str:
    """0.949 -> 94% (rounded down, so a share under a threshold never shows as the threshold)."""
    return "-" if share is None else f"{round(share * 1000) // 10}%"


def _check_reasons(record: dict, coverage: float | None, units: float | None) -> list[str]:
    """Why a plan needs a reader's eye: little of its body understood, most tasks without a
    unit, no tasks, or a table seen but not read."""
    reasons = []
    if not record["tasks"]:
        reasons.append("no tasks")
    if coverage is not None and coverage < CHECK_COVERAGE:
        reasons.append(f"understood {_percent(coverage)} < {_percent(CHECK_COVERAGE)}")
    if units is not None and units < CHECK_UNITS:
        reasons.append(f"units {_percent(units)} < {_percent(CHECK_UNITS)}")
    unread = sum(1 for w in record["warnings"] if w["code"] == "table-not-read")
    if unread:
        reasons.append(f"{plural(unread, 'table')} not read")
    return reasons


def _register() -> None:
    from .commands.bulk import bulk
    from .commands.export import export, validate
    from .commands.map import map_group
    from .commands.query import queries, query
    from .commands.show import show

    cli.add_command(export)
    cli.add_command(validate)
    cli.add_command(queries)
    cli.add_command(query)
    cli.add_command(map_group)
    cli.add_command(show)
    cli.add_command(bulk)


_register()

if __name__ == "__main__":  # pragma: no cover
    cli()
