"""Every kind of map opened in headless Chromium with the network off: it loads with no console
error and no request but its own file, vis-network holds exactly the map's nodes and edges, the
layout settles, and a screenshot goes to build/screenshots/. The plan view and the lineage are
measured as drawn: label boxes read from vis-network, overlapping pairs counted, every box
inside the window. Markup in a task title shows as text: no alert, no injected element."""

from collections import Counter

import pytest

from policykg.graph.maps import agency_map, lineage_map, network_map, overview_map, plan_map
from policykg.graph.maps.render import write_map
from tests.browser import open_offline
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
    """The map page, once its layout settled, with what it logged, requested and popped up."""
    return open_offline(chromium, path, "data-settled", 120_000)


def open_drawn(chromium, drawn, folder, name: str = "map"):
    """The map written to `folder` and opened: (context, page, seen, path)."""
    path = folder / f"{name}.html"
    write_map(drawn, path)
    return (*open_map(chromium, path), path)


@pytest.fixture
def plan_page(chromium, seed_graph, tmp_path):
    """Seed 000's plan view, opened: (the map, the page, what the page logged)."""
    drawn = plan_map(seed_graph, SEED_000)
    context, page, seen, _ = open_drawn(chromium, drawn, tmp_path, "plan")
    yield drawn, page, seen
    context.close()


@pytest.mark.parametrize("kind", sorted(MAPS))
def test_each_map_opens_offline_with_its_nodes_and_edges(chromium, seed_graph, screenshots,
                                                         tmp_path, kind):
    drawn = MAPS[kind](seed_graph)
    context, page, seen, path = open_drawn(chromium, drawn, tmp_path, kind)
    try:
        counts = page.evaluate("() => [policykgMap.nodes.length, policykgMap.edges.length]")
        assert counts == [len(drawn.nodes), len(drawn.edges)]
        assert len(drawn.nodes) > 5 and len(drawn.edges) > 4
        ids = page.evaluate("() => policykgMap.nodes.getIds()")
        assert sorted(ids) == sorted(drawn.nodes)
        # every edge between the map's own ends (a folded table row's edges come back to it
        # once every task is unfolded)
        page.evaluate("""() => policykgMap.unfold(policykgMap.nodes.getIds(
            {filter: n => n.place && n.place.expand}), true)""")
        shown = page.evaluate("() => policykgMap.edges.get().map(e => [e.from, e.to, e.kind])")
        assert Counter(map(tuple, shown)) == Counter(
            (e.start, e.end, e.kind) for e in drawn.edges)
        page.evaluate("""() => policykgMap.unfold(policykgMap.nodes.getIds(
            {filter: n => n.place && n.place.expand}), false)""")
        # the legend lists the kinds drawn, with their counts
        legend = page.locator("button.legend-item").all_inner_texts()
        assert legend and all(item.strip() for item in legend)
        assert seen["errors"] == [] and seen["dialogs"] == []
        assert seen["requests"] == [path.as_uri()]
        page.screenshot(path=str(screenshots / f"map-{kind}.png"))
        assert (screenshots / f"map-{kind}.png").stat().st_size > 20_000
    finally:
        context.close()


def test_search_and_legend_work(plan_page):
    drawn, page, _ = plan_page
    page.fill("#search", "区医保局")
    page.dispatch_event("#search", "change")
    selected = page.evaluate("() => policykgMap.network.getSelectedNodes()")
    assert selected == ["agency:重庆市渝北区:区医保局"]
    rows = sum(1 for node in drawn.nodes.values() if node.kind == "assignment")
    assert hidden_kinds(page) == Counter({"assignment": rows})   # folded at first
    page.click("button.legend-item[data-kind='assignment']")     # every task unfolds
    assert hidden_kinds(page) == Counter()
    page.click("button.legend-item[data-kind='assignment']")
    page.click("button.legend-item[data-kind='agency']")
    agencies = sum(1 for node in drawn.nodes.values() if node.kind == "agency")
    assert hidden_kinds(page) == Counter({"assignment": rows, "agency": agencies})
    # a folded row found by its text: its task unfolds to show it
    row = next(n for n in drawn.nodes.values() if n.kind == "assignment")
    text = row.tooltip.split("：", 1)[1].split("\n")[0]
    page.fill("#search", text)
    page.dispatch_event("#search", "change")
    assert page.evaluate("(id) => !policykgMap.nodes.get(id).hidden", row.id)
    assert page.evaluate("() => policykgMap.network.getSelectedNodes()")[0] == row.id


def hidden_kinds(page) -> Counter:
    return Counter(page.evaluate(
        "() => policykgMap.nodes.get({filter: n => n.hidden}).map(n => n.kind)"))


# Every drawn node's box as the page shows it (vis-network's bounding box of the label, in
# window pixels), the pairs of boxes that overlap, and the boxes not wholly inside the map.
MEASURE = """() => {
  const network = policykgMap.network;
  const frame = document.getElementById('map').getBoundingClientRect();
  const boxes = policykgMap.visibleIds().map(id => {
    const box = network.getBoundingBox(id);
    const a = network.canvasToDOM({x: box.left, y: box.top});
    const b = network.canvasToDOM({x: box.right, y: box.bottom});
    return {id: id, left: a.x, top: a.y, right: b.x, bottom: b.y};
  });
  const overlapping = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const p = boxes[i], q = boxes[j];
      if (p.left < q.right && q.left < p.right && p.top < q.bottom && q.top < p.bottom) {
        overlapping.push([p.id, q.id]);
      }
    }
  }
  return {boxes: boxes, overlapping: overlapping, width: frame.width, height: frame.height,
          scale: network.getScale()};
}"""


def measured(page) -> dict:
    found = page.evaluate(MEASURE)
    count = len(found["boxes"])
    found["pairs"] = count * (count - 1) // 2
    found["outside"] = [box["id"] for box in found["boxes"] if box["left"] < 0
                        or box["top"] < 0 or box["right"] > found["width"]
                        or box["bottom"] > found["height"]]
    return found


def node_point(page, node_id: str) -> tuple[float, float]:
    """Where a node's centre is in the window."""
    return page.evaluate("""(id) => {
        const box = document.getElementById('map').getBoundingClientRect();
        const at = policykgMap.network.canvasToDOM(policykgMap.network.getPosition(id));
        return [box.left + at.x, box.top + at.y];
    }""", node_id)


def click_node(page, node_id: str) -> None:
    page.mouse.click(*node_point(page, node_id))


def test_plan_view_is_readable_at_the_default_zoom(plan_page, screenshots):
    """Seed 000's plan view as it opens: fewer than 2% of label pairs overlap (none, by the
    layout), every node lies inside the window, and the labels are drawn at a readable size;
    a click on a task unfolds its table rows beneath it, another folds them."""
    drawn, page, seen = plan_page
    found = measured(page)
    folded = [n for n in drawn.nodes.values() if n.kind != "assignment"]
    assert sorted(box["id"] for box in found["boxes"]) == sorted(n.id for n in folded)
    assert len(found["overlapping"]) < 0.02 * found["pairs"], found["overlapping"]
    assert found["outside"] == []
    assert found["scale"] > 0.8          # 14px labels drawn at 11px or more
    # task 17 has rows: a click shows them under it, in the plan's order, clear of others
    task = next(n for n in drawn.nodes.values() if n.tooltip.startswith("任务 task 17："))
    rows = [n.id for n in drawn.nodes.values() if n.place.get("parent") == task.id]
    assert len(rows) == int(task.label.split("▸")[1].split("行")[0]) > 0
    click_node(page, task.id)
    after = measured(page)
    tops = {box["id"]: box["top"] for box in after["boxes"]}
    assert set(rows) <= set(tops)
    assert tops[task.id] < tops[rows[0]] < tops[rows[-1]]
    assert after["overlapping"] == []
    page.mouse.move(5, 5)            # off the map: no tooltip over the picture
    page.screenshot(path=str(screenshots / "map-plan-unfolded.png"))
    click_node(page, task.id)
    assert not set(rows) & {box["id"] for box in measured(page)["boxes"]}
    assert seen["errors"] == [] and seen["requests"] == [page.url]
    print(f"plan view: {len(found['boxes'])} boxes, {found['pairs']} pairs, "
          f"{len(found['overlapping'])} overlapping, scale {found['scale']:.2f}")


@pytest.mark.parametrize("seed", range(1, 5))
def test_every_bundled_plan_view_is_readable(chromium, seed_graph, tmp_path, seed):
    """The other bundled plans (no table rows, 22 to 30 tasks, up to 23 agencies and 18
    hospitals): no overlapping label, every node inside the window."""
    plans = sorted(key for key, data in seed_graph.nodes(data=True) if "Plan" in data["labels"]
                   and key != f"document:{SEED_000}")
    drawn = plan_map(seed_graph, plans[seed - 1])
    context, page, seen, _ = open_drawn(chromium, drawn, tmp_path, "plan")
    try:
        found = measured(page)
        assert len(found["boxes"]) == sum(1 for n in drawn.nodes.values()
                                          if n.kind != "assignment")
        assert found["overlapping"] == [] and found["outside"] == []
        assert seen["errors"] == []
    finally:
        context.close()


def test_lineage_fits_the_window_with_levels_and_link_kinds(chromium, seed_graph, tmp_path):
    drawn = lineage_map(seed_graph)
    context, page, seen, _ = open_drawn(chromium, drawn, tmp_path, "lineage")
    try:
        found = measured(page)
        assert len(found["boxes"]) == len(drawn.nodes)
        assert found["outside"] == [] and found["overlapping"] == []
        # inferred links dashed, stated and confirmed solid, as the legend says
        dashes = dict(page.evaluate("() => policykgMap.edges.get().map(e => [e.kind, "
                                    "Array.isArray(e.dashes) || e.dashes === true])"))
        assert dashes == {"implements": False, "implements-confirmed": False,
                          "implements-inferred": True}
        legend = " ".join(page.locator("button.legend-item").all_inner_texts())
        assert "推断" in legend and "登记确认" in legend
        assert seen["errors"] == []
    finally:
        context.close()


def test_task_tooltip_shows_text_roles_deadline_and_evidence(plan_page, seed_graph):
    drawn, page, _ = plan_page
    task = next(n for n in drawn.nodes.values() if n.tooltip.startswith("任务 task 17："))
    shown = hover(page, task.id)
    lead = next(drawn.nodes[e.start].label for e in drawn.edges
                if e.end == task.id and e.kind == "lead")
    text = seed_graph.nodes[task.id]["props"]["text"]
    assert text.split("。")[1] + "。" in shown          # the sentence after the title
    assert f"牵头 lead：{lead}" in shown
    assert "完成时限 deadline：持续推进" in shown
    assert "000_e81826a0173922c6.txt:" in shown


def hover(page, node_id: str) -> str:
    """Move the mouse over a node and return the tooltip's text."""
    x, y = node_point(page, node_id)
    page.mouse.move(x - 40, y - 40)
    page.mouse.move(x, y)
    tooltip = page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible", timeout=10_000)
    return tooltip.inner_text()


def test_markup_in_task_titles_renders_as_text(chromium, hostile_graph, screenshots,
                                               tmp_path):
    drawn = plan_map(hostile_graph, HOSTILE_PLAN)
    context, page, seen, _ = open_drawn(chromium, drawn, tmp_path, "hostile")
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
