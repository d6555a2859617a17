"""`bulk`: plan files -> the local Neo4j through its offline import, for a first load of many
plans (policykg/bulk.py extracts, graph/sinks/neo4j_import.py writes the import files,
scripts/neo4j-local import runs `neo4j-admin database import full`). The graph equals the
one `build --neo4j` writes, so `build --neo4j` goes on from it incrementally.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import click

from ..options import click_errors, max_size_option


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--from", "from_folder", type=click.Path(exists=True, file_okay=False,
                                                        path_type=Path),
              default=None, help="Import this folder of import files (written by `export "
                                 "--format neo4j-import`) instead of reading PATHS.")
@click.option("--keep", "keep_folder", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Write the import files into this folder and keep them "
                                 "(default: a temporary folder, removed at the end).")
@click.option("--compress/--no-compress", default=True, show_default=True,
              help="Write the import data files as .csv.gz (gzip -1: about 7x smaller, "
                   "25.8 GB -> 3.8 GB at 100,000 plans; the import tool reads .gz as it is); "
                   "--no-compress writes plain CSV. Not used with --from.")
@click.option("-j", "--processes", type=click.IntRange(min=1), default=None,
              help="Extraction processes (default: one per core).")
@click.option("--neo4j-local", "script", type=click.Path(exists=True, dir_okay=False,
                                                         path_type=Path),
              default=None, help="The scripts/neo4j-local that runs the server "
                                 "(default: the one of this checkout).")
@click.option("--registry", "registry_file", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Your registry of parent documents, as for `build`.")
@max_size_option
def bulk(paths: tuple[Path, ...], from_folder: Path | None, keep_folder: Path | None,
         compress: bool, processes: int | None, script: Path | None,
         registry_file: Path | None, max_size: int) -> None:
    """Load plan files into the local Neo4j in bulk, replacing its database.

    Extracts the plans in parallel, writes Neo4j's import CSV files, then has
    scripts/neo4j-local stop the local server, run `neo4j-admin database import full
    --overwrite-destination` into database neo4j, and start it again (Neo4j Community has
    one user database, which the import tool needs offline); then creates the constraints
    and indexes, records the build and waits until every index is online. The data files
    are gzipped by default (about 7x smaller: at national scale disk is the limit). The
    server is the one scripts/neo4j-local's environment names (NEO4J_DATA_DIR,
    NEO4J_BOLT_PORT, NEO4J_PASSWORD ...). Whatever the database held is gone; afterwards
    `build --neo4j` updates it incrementally.

    \b
    Examples:
        policykg bulk samples/plans
        policykg bulk plans/ -j 2 --keep import-files/
        policykg bulk plans/ --no-compress --keep import-files/
        policykg export plans/ --format neo4j-import -o import-files/
        policykg bulk --from import-files/
    """
    from ..bulk import NEO4J_LOCAL, extract_to_import, finish_import, import_into_local
    from ..graph.stores.neo4j_store import Neo4jStore
    from ..inputs import resolve_inputs

    if bool(paths) == bool(from_folder):
        raise click.UsageError("give plan files or folders, or --from an export folder")
    failed = 0
    with tempfile.TemporaryDirectory(prefix="policykg-import-") as temporary:
        folder = from_folder or keep_folder or Path(temporary)
        if paths:
            started = time.monotonic()
            try:
                with click_errors():
                    extracted, counts = extract_to_import(resolve_inputs(paths), folder,
                                                          processes, max_size, registry_file,
                                                          compress)
            except OSError as error:   # the import files (a full disk, a folder not writable)
                raise click.ClickException(f"{folder}: cannot write the import files: "
                                           f"{error.strerror or error}") from None
            report_extracted(extracted)
            failed = len(extracted.failed)
            if not extracted.plans:
                click.echo("Error: no plan documents to load; the database is left as it is",
                           err=True)
                sys.exit(1)
            click.echo(f"{extracted.plans} plans extracted, {counts['nodes']} nodes and "
                       f"{counts['relationships']} relationships written to import files in "
                       f"{time.monotonic() - started:.1f} s", err=True)
        started = time.monotonic()
        with click_errors():
            settings = import_into_local(folder, script or NEO4J_LOCAL)
            store = Neo4jStore(**settings)
            try:
                totals = finish_import(store, folder)
            finally:
                store.close()
    click.echo(f"imported into {settings['uri']} in {time.monotonic() - started:.1f} s "
               f"(server stopped, imported, started, every index online)", err=True)
    click.echo(f"graph: {totals['documents']} plans, {totals['tasks']} tasks, "
               f"{totals['agencies']} agencies, {totals['hospitals']} hospitals, "
               f"{totals['citations']} citations; {failed} failed")
    if failed:
        sys.exit(1)


def report_extracted(extracted) -> None:
    """What extraction could not use, a line each on stderr, as `build` says it: files that
    are no plans, files that failed, and notes (the same bytes at two paths, versions)."""
    for name, reason in extracted.not_plans:
        click.echo(f"Skipped: {name}: {reason}", err=True)
    for _, message in extracted.failed:
        click.echo(f"Error: {message}", err=True)
    for note in extracted.notes:
        click.echo(f"Warning: {note}", err=True)
