"""`map`: draw part of the built graph as one self-contained, offline HTML file (pyvis)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from pathlib import Path

import click

from ..options import click_errors, open_built_store, store_options


def map_options(command: Callable) -> Callable:
    """-o, --store, --neo4j and --max-nodes, shared by every kind of map; the command returns
    the Map."""

    @click.option("-o", "--output", "output", required=True,
                  type=click.Path(dir_okay=False, path_type=Path),
                  help="The HTML file to write (one file, no network needed to open it).")
    @store_options("Read Neo4j (NEO4J_URI, ...); the default when NEO4J_URI is set and "
                   "--store is not given.")
    @click.option("--max-nodes", default=2000, show_default=True,
                  help="Refuse to draw more nodes than this, and say which narrower map to "
                       "draw instead.")
    @wraps(command)
    def wrapper(output: Path, store_path: Path | None, use_neo4j: bool, max_nodes: int,
                **options):
        from ..graph.maps import check_size
        from ..graph.maps.render import write_map
        from ..queries.resolve import EMPTY_STORE, is_empty

        store, where = open_built_store(store_path, use_neo4j)
        try:
            with click_errors():
                if is_empty(store):
                    click.echo(f"Warning: {EMPTY_STORE.format(where=where)}", err=True)
                drawn = check_size(command(store=store, max_nodes=max_nodes, **options),
                                   max_nodes)
        finally:
            store.close()
        write_map(drawn, output)
        click.echo(f"wrote {output}: {len(drawn.nodes)} nodes, {len(drawn.edges)} edges "
                   f"(from {where})")

    return wrapper


@click.group(name="map")
def map_group() -> None:
    """Draw an interactive map of the built graph as one HTML file.

    The file holds everything it needs (no internet): colours and shapes by kind, a legend
    that hides and shows kinds, a search box, and tooltips with the task, role, deadline and
    the evidence sentence with its source file and span.

    \b
    Examples:
        policykg build
        policykg map plan --plan 渝北府办发〔2022〕40号 -o plan.html
        policykg map agency --agency 区医保局 -o agency.html
        policykg map lineage -o lineage.html
        policykg map network --jurisdiction 重庆市渝北区 -o network.html
        policykg map overview -o overview.html
    """


def resolved(store, kind: str, value: str | None, jurisdiction: str | None = None) -> str | None:
    """What the graph calls ``value`` (queries/resolve.py, as `policykg query` resolves a
    parameter): 渝北区 -> 重庆市渝北区, 区医疗保障局 -> 区医保局, 国办发[2021]18号 ->
    国办发〔2021〕18号 (the map's title shows the name resolved). An empty store, or a node's
    key (document:…), is taken as given."""
    from ..queries.resolve import is_empty, resolve_value

    if value is None or value.startswith("document:") or is_empty(store):
        return value
    return resolve_value(store, kind, value, jurisdiction)


@map_group.command()
@click.option("--plan", "plan", required=True,
              help="The plan's doc number (in any brackets) or title, or part of its title.")
@map_options
def plan(store, max_nodes: int, plan: str):
    """A plan's tasks, agencies by role, deadlines and hospitals.

    Sections, tasks and table rows; agencies by role (lead, cooperating, responsible);
    deadlines on the task labels; the hospitals the tasks name."""
    from ..graph.maps.plan import draw_plan

    return draw_plan(store, resolved(store, "plan", plan))


@map_group.command()
@click.option("--agency", "agency", required=True,
              help="A canonical agency name, an alias or a full name (区医疗保障局).")
@click.option("--jurisdiction", default=None, help="Only the agency of this jurisdiction "
              "(重庆市渝北区, 渝北区 or 渝北).")
@map_options
def agency(store, max_nodes: int, agency: str, jurisdiction: str | None):
    """An agency's portfolio across plans.

    The tasks and table rows it leads, cooperates on or is responsible for, the plans they
    belong to, and the indicators it is accountable for."""
    from ..graph.maps.agency import draw_agency

    jurisdiction = resolved(store, "jurisdiction", jurisdiction)
    return draw_agency(store, resolved(store, "agency", agency, jurisdiction),
                       jurisdiction)


@map_group.command()
@click.option("--document", default=None,
              help="Only this document's lineage: what it implements and what implements it.")
@map_options
def lineage(store, max_nodes: int, document: str | None):
    """Plans and the documents they implement, up to the national level.

    The registry of parent documents fills the links and levels the plans do not state."""
    from ..graph.maps.lineage import draw_lineage

    return draw_lineage(store, resolved(store, "document", document))


@map_group.command()
@click.option("--jurisdiction", default=None, help="Only agencies of this jurisdiction "
              "(重庆市渝北区, 渝北区 or 渝北).")
@map_options
def network(store, max_nodes: int, jurisdiction: str | None):
    """Agencies linked by the tasks they share.

    Edge width by count, node size by betweenness centrality, colour by community (networkx
    greedy modularity)."""
    from ..graph.maps.network import draw_network

    return draw_network(store, resolved(store, "jurisdiction", jurisdiction),
                        cap=max_nodes)


@map_group.command()
@map_options
def overview(store, max_nodes: int):
    """Everything, up to --max-nodes.

    Plans, documents, sections, tasks, rows, agencies, hospitals, jurisdictions and
    indicators; past the cap it says which narrower map to draw."""
    from ..graph.maps.overview import draw_overview

    return draw_overview(store, max_nodes)


from .map_matrix import matrix  # noqa: E402  (its module imports `resolved` from this one)

map_group.add_command(matrix)


@map_group.command()
@click.option("--plan", "plan", required=True,
              help="The plan's doc number (in any brackets) or title, or part of its title.")
@click.option("-o", "--output", "output", required=True,
              type=click.Path(dir_okay=False, path_type=Path),
              help="The HTML file to write (one file, no network needed to open it).")
@store_options("Read Neo4j (NEO4J_URI, ...); the default when NEO4J_URI is set and "
               "--store is not given.")
def source(plan: str, output: Path, store_path: Path | None, use_neo4j: bool) -> None:
    """A plan's text with every extracted fact highlighted where it was read.

    Task titles, table rows, agencies by role, deadlines, hospitals, indicators and
    citations, coloured by kind (the legend hides and shows a kind); a highlight shows its
    fact and graph key; the plan's warnings where they occur, and a side list of what could
    not be resolved (tasks or rows with no agency, no deadline, cited documents not loaded).
    The text is the one the store keeps of the plan's source."""
    from ..graph.maps.common import MapError
    from ..graph.maps.source import draw_source, plan_names
    from ..graph.maps.source_page import write_source
    from ..queries.saved import QueryError

    store, where = open_built_store(store_path, use_neo4j)
    try:
        with click_errors():
            try:
                reference = resolved(store, "plan", plan)
            except QueryError as error:   # an unknown plan: name the plans there are
                if not str(error).startswith("no plan"):
                    raise
                raise MapError(f"{error}; plans in the graph: {plan_names(store)}") from error
            view = draw_source(store, reference)
    finally:
        store.close()
    write_source(view, output)
    placed = sum(1 for note in view.warnings if note.fact)
    click.echo(f"wrote {output}: {len(view.highlights)} highlights, {len(view.warnings)} "
               f"warnings ({placed} placed in the text), {len(view.unresolved)} not resolved "
               f"(from {where})")
