"""`map matrix`: the responsibility matrix of a plan or of a jurisdiction's plans as one
self-contained HTML table (graph/maps/matrix.py); registered in the `map` group."""

from __future__ import annotations

from pathlib import Path

import click

from ..options import click_errors, open_built_store, store_options


@click.command()
@click.option("--plan", "plan", default=None,
              help="The plan's doc number (in any brackets) or title, or part of its title.")
@click.option("--jurisdiction", default=None,
              help="Every plan of this jurisdiction or a place within it (重庆市渝北区, "
                   "渝北区 or 渝北; 重庆市: its districts' plans).")
@click.option("-o", "--output", "output", required=True,
              type=click.Path(dir_okay=False, path_type=Path),
              help="The HTML file to write (one file, no network needed to open it).")
@store_options("Read Neo4j (NEO4J_URI, ...); the default when NEO4J_URI is set and "
               "--store is not given.")
def matrix(plan: str | None, jurisdiction: str | None, output: Path,
           store_path: Path | None, use_neo4j: bool) -> None:
    """Tasks and table rows down, agencies across, 牵/配/责 in the cells.

    Columns sort by load (marks) or by name; a task opens to its table rows; a click on a
    cell shows the sentence each role was read from, with its file and line.

    \b
    Examples:
        policykg map matrix --plan 渝北府办发〔2022〕40号 -o matrix.html
        policykg map matrix --jurisdiction 重庆市 -o chongqing.html
    """
    from ..graph.maps.matrix import draw_matrix, write_matrix
    from ..queries.resolve import EMPTY_STORE, is_empty
    from .map import resolved

    if (plan is None) == (jurisdiction is None):
        raise click.UsageError("give exactly one of --plan and --jurisdiction")
    store, where = open_built_store(store_path, use_neo4j)
    try:
        with click_errors():
            if is_empty(store):
                click.echo(f"Warning: {EMPTY_STORE.format(where=where)}", err=True)
            drawn = draw_matrix(store, resolved(store, "plan", plan),
                                resolved(store, "jurisdiction", jurisdiction))
    finally:
        store.close()
    write_matrix(drawn, output)
    click.echo(f"wrote {output}: {len(drawn.tasks)} tasks, "
               f"{len(drawn.rows) - len(drawn.tasks)} table rows, {len(drawn.columns)} "
               f"agencies, {len(drawn.marks())} marks (from {where})")
