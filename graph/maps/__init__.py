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

`common` holds what they share: the Map, its nodes and edges, reading the snapshot, the node
builders, and the size cap with the narrower map to draw instead.
"""

from __future__ import annotations

from .agency import agency_map, draw_agency
from .common import MAX_NODES, Map, MapEdge, MapError, MapNode, check_size
from .lineage import draw_lineage, lineage_map
from .network import draw_network, network_map
from .overview import draw_overview, overview_map
from .plan import draw_plan, plan_map

__all__ = [
    "MAX_NODES",
    "Map",
    "MapEdge",
    "MapError",
    "MapNode",
    "agency_map",
    "check_size",
    "draw_agency",
    "draw_lineage",
    "draw_network",
    "draw_overview",
    "draw_plan",
    "lineage_map",
    "network_map",
    "overview_map",
    "plan_map",
]
