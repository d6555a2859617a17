"""The maps: a selection of the graph as map nodes and edges, drawn by graph/maps/render.py.

One module per kind of map, each owning what it reads from the store (`draw_<kind>`: only its
part of the graph, through graph/snapshot.py's PartialSnapshot) and what it shows
(`<kind>_map`: the selection from a graph snapshot). A map drawn from the part is the same map
as one drawn from the whole snapshot (tests/maps checks each kind). Everything is visited in
sorted order, so the same graph gives the same map.

- `plan`: a plan's sections, tasks, table rows, agencies by role, deadlines and named hospitals
- `agency`: an agency's portfolio across plans
- `lineage`: plans and the documents they implement, up to the national level
- `network`: agencies linked by shared tasks
- `overview`: everything, under a cap
- `source`: a plan's text with every fact highlighted at its evidence, its warnings and what
  was not resolved (`draw_source`, `source_view`; drawn by source_page.py with source.html)
- `matrix`: a plan's (or a jurisdiction's) tasks and rows against agencies, 牵/配/责 in the
  cells, drawn as a table of its own (`render_matrix`, matrix.html), not a network

`common` holds what they share: the Map, its nodes and edges, reading the snapshot, the node
builders, and the size cap with the narrower map to draw instead.
"""

from __future__ import annotations

from .agency import agency_map, draw_agency
from .common import MAX_NODES, Map, MapEdge, MapError, MapNode, check_size
from .lineage import draw_lineage, lineage_map
from .matrix import Matrix, draw_matrix, matrix_of, render_matrix, write_matrix
from .network import draw_network, network_map
from .overview import draw_overview, overview_map
from .plan import draw_plan, plan_map
from .source import Highlight, SourceView, draw_source, source_view
from .source_page import render_source, write_source

__all__ = [
    "MAX_NODES",
    "Highlight",
    "Map",
    "MapEdge",
    "MapError",
    "MapNode",
    "Matrix",
    "SourceView",
    "agency_map",
    "check_size",
    "draw_agency",
    "draw_lineage",
    "draw_matrix",
    "draw_network",
    "draw_overview",
    "draw_plan",
    "draw_source",
    "lineage_map",
    "matrix_of",
    "network_map",
    "overview_map",
    "plan_map",
    "render_matrix",
    "render_source",
    "source_view",
    "write_matrix",
    "write_source",
]
