"""The network map: agencies linked by the tasks they share, sized by betweenness centrality and
coloured by community. `draw_network` reads only the agencies (of a jurisdiction) with their
roles; `network_map` selects from a graph snapshot.
"""

from __future__ import annotations

import networkx as nx

from ..snapshot import PartialSnapshot, ReadableStore
from .common import (
    ROLE_TYPES,
    ROLES,
    Map,
    MapEdge,
    MapError,
    agency_node,
    document_name,
    in_edges,
    in_jurisdiction,
    labels,
    name_shared_agencies,
    out_edges,
    props,
    size_refusal,
)


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


def network_map(graph: nx.MultiDiGraph, jurisdiction: str | None = None,
                cap: int | None = None) -> Map:
    """Agencies linked by the tasks they share (a table row counts for its task); node size by
    betweenness centrality, colour by greedy-modularity community (deterministic)."""
    units: dict[str, set[str]] = {}
    for agency in sorted(graph):
        if "Agency" not in labels(graph, agency):
            continue
        if jurisdiction and not in_jurisdiction(props(graph, agency), jurisdiction):
            continue
        for target, _ in out_edges(graph, agency, *ROLE_TYPES):
            parents = in_edges(graph, target, "HAS_ASSIGNMENT")
            units.setdefault(parents[0][0] if parents else target, set()).add(agency)
    shared: dict[tuple[str, str], list[str]] = {}
    for task in sorted(units):
        members = sorted(units[task])
        for i, first in enumerate(members):
            for second in members[i + 1:]:
                shared.setdefault((first, second), []).append(task)
    network = nx.Graph()
    for (first, second), tasks in sorted(shared.items()):
        network.add_edge(first, second, weight=len(tasks))
    where = f" · {jurisdiction}" if jurisdiction else ""
    if cap is not None and network.number_of_nodes() > cap:  # before the costly centrality
        raise MapError(size_refusal("network", network.number_of_nodes(), cap))
    drawn = Map("network", f"协同网络 agency network{where}",
                "单位之间共同承担的任务数 agencies linked by shared tasks · 节点大小：中介中心性 "
                "size: betweenness centrality · 颜色：社区 colour: community")
    if network.number_of_nodes() == 0:
        return drawn
    centrality = nx.betweenness_centrality(network)
    communities = sorted(nx.algorithms.community.greedy_modularity_communities(
        network, weight="weight"), key=lambda c: (-len(c), min(c)))
    community_of = {key: index for index, members in enumerate(communities) for key in members}
    top = max(centrality.values()) or 1.0
    for agency in sorted(network):
        node = agency_node(graph, agency)
        node.size = 12 + 28 * centrality[agency] / top
        node.group = community_of[agency]
        tasks = sum(1 for members in units.values() if agency in members)
        node.tooltip += (f"\n任务 tasks：{tasks}\n中介中心性 betweenness：{centrality[agency]:.3f}"
                         f"\n社区 community：{community_of[agency] + 1}")
        drawn.add_node(node)
    for (first, second), tasks in sorted(shared.items()):
        examples = [f"· {props(graph, task).get('title')} "
                    f"({document_name(props(graph, str(props(graph, task).get('plan'))))})"
                    if props(graph, task).get("plan") in graph else
                    f"· {props(graph, task).get('title')}" for task in tasks[:5]]
        more = [f"… 另 {len(tasks) - 5} 项 more"] if len(tasks) > 5 else []
        drawn.add_edge(MapEdge(first, second, "shared",
                               "\n".join([f"{props(graph, first).get('name')} — "
                                          f"{props(graph, second).get('name')}：共同任务 "
                                          f"{len(tasks)} shared tasks", *examples, *more]),
                               width=1 + 2 * (len(tasks) ** 0.5)))
    # three 区卫生健康委 across the districts: each says its district
    return name_shared_agencies(drawn, graph)
