"""Every kind of map opened in headless Chromium with the network off: it loads with no console
error and no request but its own file, vis-network holds exactly the map's nodes and edges, the
layout settles, and a screenshot goes to build/screenshots/. Markup in a task title shows as
text: no alert, no injected element."""

import pytest

from policykg.graph.maps import agency_map, lineage_map, network_map, overview_map, plan_map
from policykg.graph.maps.render import write_map
from tests.maps.conftest import HOSTILE_PLAN, IMG, SCRIPT

SEED_000 = "渝北府办发〔2022〕40号"
MAPS = {
    "plan": lambda graph: plan_map(graph, SEED_000),
    "agency": lambda graph: agency_map(graph, "区医保局"),
    "lineage": lambda graph: lineage_map(graph),
    "network": lambda graph: network_map(graph),
    "network-yubei": lambda graph: network_map(graph, "重庆市渝北区"),
    "overview": lambda graph: overview_map(graph),
}


def open_map(chromium, path):
    """The page, once settled, with what it logged, requested and tried to pop up."""
    context = chromium.new_context(viewport={"width": 1500, "height": 950}, offline=True)
    page = context.new_page()
    seen = {"errors": [], "requests": [], "dialogs": []}
    page.on("console", lambda message: message.type == "error"
            and seen["errors"].append(message.text))
    page.on("pageerror", lambda error: seen["errors"].append(str(error)))
    page.on("request", lambda request: seen["requests"].append(request.url))
    page.on("dialog", lambda dialog: (seen["dialogs"].append(dialog.message), dialog.dismiss()))
    page.goto(path.as_uri())
    # the page's own policy forbids eval, so wait on the DOM, not on a JS predicate
    page.wait_for_selector("body[data-settled='true']", state="attached", timeout=120_000)
    return context, page, seen


@pytest.mark.parametrize("kind", sorted(MAPS))
def test_each_map_opens_offline_with_its_nodes_and_edges(chromium, seed_graph, screenshots,
                                                         tmp_path, kind):
    drawn = MAPS[kind](seed_graph)
    path = tmp_path / f"{kind}.html"
    write_map(drawn, path)
    context, page, seen = open_map(chromium, path)
    try:
        counts = page.evaluate("() => [policykgMap.nodes.length, policykgMap.edges.length]")
        assert counts == [len(drawn.nodes), len(drawn.edges)]
        assert len(drawn.nodes) > 5 and len(drawn.edges) > 4
        ids = page.evaluate("() => policykgMap.nodes.getIds()")
        assert sorted(ids) == sorted(drawn.nodes)
        # the legend lists the kinds drawn, with their counts
        legend = page.locator("button.legend-item").all_inner_texts()
        assert legend and all(item.strip() for item in legend)
        assert seen["errors"] == [] and seen["dialogs"] == []
        assert seen["requests"] == [path.as_uri()]
        page.screenshot(path=str(screenshots / f"map-{kind}.png"))
        assert (screenshots / f"map-{kind}.png").stat().st_size > 20_000
    finally:
        context.close()


def test_search_and_legend_work(chromium, seed_graph, tmp_path):
    path = tmp_path / "plan.html"
    write_map(plan_map(seed_graph, SEED_000), path)
    context, page, _ = open_map(chromium, path)
    try:
        page.fill("#search", "区医保局")
        page.dispatch_event("#search", "change")
        selected = page.evaluate("() => policykgMap.network.getSelectedNodes()")
        assert selected == ["agency:重庆市渝北区:区医保局"]
        page.click("button.legend-item[data-kind='assignment']")
        hidden = page.evaluate(
            "() => policykgMap.nodes.get({filter: n => n.hidden}).map(n => n.kind)")
        assert len(hidden) == 94 and set(hidden) == {"assignment"}
    finally:
        context.close()


def hover(page, node_id: str) -> str:
    """Move the mouse over a node and return the tooltip's text."""
    x, y = page.evaluate("""(id) => {
        const box = document.getElementById('map').getBoundingClientRect();
        const at = policykgMap.network.canvasToDOM(policykgMap.network.getPosition(id));
        return [box.left + at.x, box.top + at.y];
    }""", node_id)
    page.mouse.move(x - 40, y - 40)
    page.mouse.move(x, y)
    tooltip = page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible", timeout=10_000)
    return tooltip.inner_text()


def test_markup_in_task_titles_renders_as_text(chromium, hostile_graph, screenshots,
                                               tmp_path):
    drawn = plan_map(hostile_graph, HOSTILE_PLAN)
    path = tmp_path / "hostile.html"
    write_map(drawn, path)
    context, page, seen = open_map(chromium, path)
    try:
        for markup in (IMG, SCRIPT):
            node = next(n for n in drawn.nodes.values()
                        if n.kind == "task" and markup in n.tooltip)
            page.evaluate("(id) => policykgMap.network.focus(id, {scale: 1.5})", node.id)
            assert markup in hover(page, node.id)            # shown literally
            assert page.evaluate("(id) => policykgMap.nodes.get(id).title", node.id) \
                == node.tooltip
        assert page.evaluate("() => document.querySelectorAll('img').length") == 0
        assert page.evaluate("() => document.querySelectorAll('script').length") == 3
        assert seen["dialogs"] == [] and seen["errors"] == []
        page.screenshot(path=str(screenshots / "map-injection.png"))
    finally:
        context.close()
