"""What each kind of map reads from the store, then draws (graph/maps.py).

Each reads only its part of the graph through PartialSnapshot: the plan and what hangs from
it, the agency and its tasks, the IMPLEMENTS links, the agencies of a jurisdiction with their
roles. The overview counts first and reads everything only under the cap. A map drawn from
these reads is the same map as one drawn from the whole snapshot (a test checks each kind).
"""

from __future__ import annotations

from .cypher import COUNT_BY_LABELS
from .maps import (
    MAX_NODES,
    OVERVIEW_LABELS,
    ROLE_TYPES,
    Map,
    MapError,
    agency_map,
    find_agencies,
    find_plan,
    in_jurisdiction,
    lineage_map,
    network_map,
    overview_map,
    overview_refusal,
    plan_map,
)
from .snapshot import PartialSnapshot, ReadableStore, read_snapshot

ROLES = sorted(ROLE_TYPES)


def draw_plan(store: ReadableStore, reference: str) -> Map:
    part = PartialSnapshot(store)
    part.labelled("Plan")
    plan = find_plan(part.graph, reference)
    hanging = part.follow([plan], ["HAS_SECTION", "HAS_TASK", "MENTIONS_HOSPITAL"], "out")
    tasks = part.with_label(hanging, "Task")
    rows = part.with_label(part.follow(tasks, ["HAS_ASSIGNMENT", "IN_SECTION",
                                               "MENTIONS_HOSPITAL"], "out"), "Assignment")
    part.follow(tasks + rows, ROLES, "in")
    part.follow(rows, ["MENTIONS_HOSPITAL"], "out")
    return plan_map(part.graph, reference)


def draw_agency(store: ReadableStore, name: str, jurisdiction: str | None = None) -> Map:
    part = PartialSnapshot(store)
    part.labelled("Agency")
    agencies = find_agencies(part.graph, name, jurisdiction)
    targets = part.follow(agencies, [*ROLES, "ACCOUNTABLE_FOR"], "out")
    owners = part.follow(targets, ["HAS_ASSIGNMENT", "HAS_INDICATOR", "HAS_TASK"], "in")
    part.follow(part.with_label(owners, "Task"), ["HAS_TASK"], "in")
    return agency_map(part.graph, name, jurisdiction)


def draw_lineage(store: ReadableStore, document: str | None = None) -> Map:
    part = PartialSnapshot(store)
    part.labelled("Plan")
    part.of_type(["IMPLEMENTS"])
    return lineage_map(part.graph, document)


def draw_network(store: ReadableStore, jurisdiction: str | None = None,
                 cap: int | None = None) -> Map:
    part = PartialSnapshot(store)
    part.labelled("Plan")
    agencies = [key for key in part.labelled("Agency")
                if not jurisdiction or in_jurisdiction(part.graph.nodes[key]["props"],
                                                       jurisdiction)]
    targets = part.follow(agencies, ROLES, "out")
    part.follow(part.with_label(targets, "Assignment"), ["HAS_ASSIGNMENT"], "in")
    return network_map(part.graph, jurisdiction, cap)


def draw_overview(store: ReadableStore, cap: int = MAX_NODES) -> Map:
    count = store.read(COUNT_BY_LABELS, {"labels": list(OVERVIEW_LABELS)})[0]["count"]
    if count > cap:  # refuse before reading a graph too large to draw
        raise MapError(overview_refusal(int(count), cap))
    return overview_map(read_snapshot(store), cap)
