"""What each map holds, checked against the plans themselves; the same graph gives the same
bytes from either engine; document text never reaches the page as markup."""

import re
from collections import Counter

import pytest
from click.testing import CliRunner

from policykg.cli import cli
from policykg.graph.maps import (
    MapError,
    agency_map,
    draw_agency,
    draw_lineage,
    draw_network,
    draw_overview,
    draw_plan,
    lineage_map,
    network_map,
    overview_map,
    plan_map,
)
from policykg.graph.maps.common import ROLE_ZH
from policykg.graph.maps.render import render_html, vis_assets
from policykg.graph.snapshot import read_snapshot
from policykg.graph.stores.neo4j_store import Neo4jStore
from policykg.loaders.plan import extract_plan
from policykg.queries.saved import plain
from tests.maps.conftest import HOSTILE_PLAN, IMG, ROOT, SCRIPT, SEED_000_FILE
from tests.seedlib import BUNDLED

SEED_000 = "渝北府办发〔2022〕40号"


def extract(path) -> dict:
    return extract_plan(path).to_dict()


@pytest.fixture(scope="module")
def record():
    return extract_plan(SEED_000_FILE).to_dict()


def kinds(drawn) -> Counter:
    return Counter(node.kind for node in drawn.nodes.values())


def test_plan_map_has_every_task_row_agency_and_hospital_of_the_plan(seed_graph, record):
    drawn = plan_map(seed_graph, SEED_000)
    assert drawn.title == "重庆市渝北区推动公立医院高质量发展实施方案"
    count = kinds(drawn)
    assert count["plan"] == 1
    assert count["task"] == len(record["tasks"]) == 29
    assert count["assignment"] == sum(len(t["assignments"]) for t in record["tasks"]) == 94
    units = {unit["agency"] for task in record["tasks"] for unit in task["responsible"]} | {
        unit["agency"] for task in record["tasks"] for row in task["assignments"]
        for unit in row["responsible"]}
    assert {n.label for n in drawn.nodes.values() if n.kind == "agency"} == units
    assert {"区中医院", "区第二人民医院"} <= {n.label for n in drawn.nodes.values()
                                           if n.kind == "hospital"}
    # task 17: 区医保局 leads, ongoing; the lead edge quotes the text it came from and says
    # the line the task starts on in the file
    task = next(n for n in drawn.nodes.values() if n.tooltip.startswith("任务 task 17："))
    line = source_line(SEED_000_FILE, "17. 深化医疗服务价格改革")
    assert task.label.startswith("17 深化")
    assert task.label.split("\n")[-1].startswith("时限 持续推进")
    assert "完成时限 deadline：持续推进 (ongoing)" in task.tooltip
    lead = next(e for e in drawn.edges if e.end == task.id and e.kind == "lead")
    assert drawn.nodes[lead.start].label == "区医保局"
    assert "证据 evidence：「区医保局」" in lead.tooltip
    assert re.search(r"来源 source：\S*samples/plans/000_e81826a0173922c6\.txt:\d+ \[\d+–\d+\]",
                     lead.tooltip)
    assert f"000_e81826a0173922c6.txt:{line} [" in task.tooltip


def source_line(path, text: str) -> int:
    """The line of a file where `text` first appears (counted here, not by the graph)."""
    return next(number for number, line in enumerate(
        path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def test_task_tooltips_say_what_who_when_and_where(seed_graph, record):
    """Hovering a task shows its text's first sentence, the agencies by role (its table rows'
    too), the deadline and the evidence's file and line, not only its title."""
    drawn = plan_map(seed_graph, SEED_000)
    for task in record["tasks"]:
        node = next(n for n in drawn.nodes.values()
                    if n.kind == "task" and n.tooltip.startswith(f"任务 task {task['number']}："))
        after_title = task["text"].removeprefix(task["title"]).lstrip("。；，")
        sentence = re.match(r"[^。；！？]*[。；！？]?", after_title).group(0)
        if sentence:
            assert f"内容 text：{sentence}\n" in node.tooltip
        named = {(unit["agency"], unit["role"]) for unit in task["responsible"]} | {
            (unit["agency"], unit["role"]) for row in task["assignments"]
            for unit in row["responsible"]}
        assert named
        for agency, role in named:
            line = next(line for line in node.tooltip.split("\n")
                        if line.startswith(f"{ROLE_ZH[role]} {role}："))
            assert agency in line.split("：", 1)[1].split("、")
        if task["deadline_written"]:
            assert "完成时限 deadline：" in node.tooltip
        assert "来源 source：" in node.tooltip and ".txt:" in node.tooltip


def test_plan_view_reads_like_the_plan(seed_graph, record):
    """Sections left to right in the plan's order, tasks top to bottom in it, rows folded
    under their own task, agencies and hospitals below the columns; the estimated boxes never
    overlap, folded or with every task unfolded."""
    drawn = plan_map(seed_graph, SEED_000)
    nodes = drawn.nodes.values()
    assert all(node.x is not None and node.y is not None for node in nodes)
    sections = list(dict.fromkeys(task["section"] for task in record["tasks"]))
    headings = sorted((n for n in nodes if n.kind == "section"), key=lambda n: n.x)
    assert [n.tooltip.removeprefix("章节 section：") for n in headings] == sections
    for section in sections:
        numbers = [t["number"] for t in record["tasks"] if t["section"] == section]
        column = sorted((n for n in nodes if n.kind == "task"
                         and f"\n章节 section：{section}\n" in n.tooltip), key=lambda n: n.y)
        assert [n.tooltip.split("：")[0].removeprefix("任务 task ") for n in column] == numbers
    for task in record["tasks"]:
        node = next(n for n in nodes if n.kind == "task"
                    and n.tooltip.startswith(f"任务 task {task['number']}："))
        rows = [n for n in nodes if n.place.get("parent") == node.id]
        assert len(rows) == len(task["assignments"])
        assert (f"▸{len(rows)}行" in node.label) == bool(rows)
    lowest = max(n.y for n in nodes if n.kind in ("section", "task"))
    assert all(n.y > lowest for n in nodes if n.kind in ("agency", "hospital"))
    assert overlaps(folded(drawn, set())) == []
    tasks = {n.id for n in nodes if n.place.get("expand")}
    assert overlaps(folded(drawn, tasks)) == []


def folded(drawn, unfolded: set[str]) -> list[tuple]:
    """The boxes drawn with these tasks unfolded: the page's arithmetic (map_template.html's
    relayout) over the layout's estimated sizes."""
    from policykg.graph.maps.layout import box

    nodes = drawn.nodes.values()
    growth: Counter = Counter()
    y = {}
    for node in nodes:
        if node.place.get("column") is not None:
            y[node.id] = node.y + sum(
                other.place["expand"] for other in nodes if other.id in unfolded
                and other.place.get("column") == node.place["column"] and other.y < node.y)
            if node.id in unfolded:
                growth[node.place["column"]] += node.place["expand"]
    lanes = max(growth.values(), default=0)
    boxes = []
    for node in nodes:
        parent = node.place.get("parent")
        if parent and parent not in unfolded:
            continue
        at = y[parent] + node.place["dy"] if parent else node.y + lanes \
            if node.place.get("lane") else y.get(node.id, node.y)
        width, height = box(node)
        boxes.append((node.id, node.x - width / 2, at - height / 2, node.x + width / 2,
                      at + height / 2))
    return boxes


def overlaps(boxes: list[tuple]) -> list[tuple[str, str]]:
    return [(a[0], b[0]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
            if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]]


def test_plan_map_by_title_and_an_unknown_plan(seed_graph):
    assert plan_map(seed_graph, "重庆市渝北区推动公立医院高质量发展实施方案").title == \
        plan_map(seed_graph, SEED_000).title
    with pytest.raises(MapError, match=r"no plan '京政办发〔2099〕1号'.*渝北府办发〔2022〕40号"):
        plan_map(seed_graph, "京政办发〔2099〕1号")


def test_agency_map_is_the_portfolio_of_the_medical_insurance_bureau(seed_graph, record):
    drawn = agency_map(seed_graph, "区医保局", "渝北区")
    assert kinds(drawn)["agency"] == 1
    led = {drawn.nodes[e.end].label.split("\n")[0] for e in drawn.edges if e.kind == "lead"}
    assert "17 深化医疗服务价格改革" in led
    # every task and row of seed 000 that names 区医保局, in any role, is on the map
    expected = sum(1 for task in record["tasks"] for unit in task["responsible"]
                   if unit["agency"] == "区医保局") + sum(
        1 for task in record["tasks"] for row in task["assignments"]
        for unit in row["responsible"] if unit["agency"] == "区医保局")
    roles = [e for e in drawn.edges if e.kind in ("lead", "cooperating", "responsible")]
    assert len(roles) == expected
    assert [n.label for n in drawn.nodes.values() if n.kind == "plan"] == [SEED_000]
    # one 区医保局 per jurisdiction whose plan names it (渝北, 沙坪坝, 北辰, 昌平 …)
    holders = {record["plan"]["jurisdiction"] for record in map(extract, BUNDLED)
               if any(unit["agency"] == "区医保局" for task in record["tasks"]
                      for unit in task["responsible"])}
    assert len(holders) >= 3
    assert kinds(agency_map(seed_graph, "区医保局"))["agency"] == len(holders)
    with pytest.raises(MapError, match="no agency named '区医保局' in 天津市南开区"):
        agency_map(seed_graph, "区医保局", "天津市南开区")


def test_lineage_map_reaches_the_national_document(seed_graph):
    drawn = lineage_map(seed_graph)
    by_name = {node.label.split("\n")[-1]: node for node in drawn.nodes.values()}
    assert by_name["沙府办发〔2025〕13号"].kind == "plan"
    assert by_name["渝府办发〔2023〕76号"].kind == "document-provincial"
    assert by_name["中办发〔2023〕10号"].kind == "document-national"
    assert by_name["北辰政办发〔2022〕14号"].kind == "plan"  # a plan naming no parent is drawn
    links = {(drawn.nodes[e.start].label.split("\n")[-1], drawn.nodes[e.end].label.split(
        "\n")[-1]) for e in drawn.edges}
    assert ("渝府办发〔2023〕76号", "中办发〔2023〕10号") in links  # from the registry
    assert ("沙府办发〔2025〕13号", "渝府办发〔2023〕76号") in links
    narrow = lineage_map(seed_graph, "中办发〔2023〕10号")
    assert {n.label.split("\n")[-1] for n in narrow.nodes.values()} == {
        "中办发〔2023〕10号", "渝府办发〔2023〕76号", "沙府办发〔2025〕13号"}


def test_lineage_names_documents_by_title_and_draws_levels_as_rows(seed_graph):
    drawn = lineage_map(seed_graph)
    for node in drawn.nodes.values():
        values = seed_graph.nodes[node.id]["props"]
        title = values.get("registry_title") or values.get("title")
        shown = "".join(node.label.split("\n")[:-1] if values.get("doc_number")
                        else node.label.split("\n")).rstrip("…")
        assert shown and title.startswith(shown), (node.label, title)
    # national on top, then provincial, municipal (广元市's plan), district (the four 区)
    rows = {}
    for node in drawn.nodes.values():
        level = node.kind.removeprefix("document-") if node.kind != "plan" else (
            "district" if seed_graph.nodes[node.id]["props"]["jurisdiction"].endswith("区")
            else "municipal")
        rows.setdefault(level, set()).add(node.y)
    assert all(len(ys) == 1 for ys in rows.values())
    assert sorted(rows, key=lambda level: rows[level].copy().pop()) == [
        "national", "provincial", "municipal", "district"]
    # each link drawn by how it is known: stated by a plan, confirmed or inferred by the registry
    for edge in drawn.edges:
        status = next(data["props"]["status"] for _, end, data in seed_graph.out_edges(
            edge.start, data=True) if end == edge.end and data["type"] == "IMPLEMENTS")
        assert edge.kind == {"stated": "implements", "confirmed": "implements-confirmed",
                             "inferred": "implements-inferred"}[status]
        assert {"stated": "方案自述 stated", "confirmed": "登记确认 confirmed",
                "inferred": "推断 inferred"}[status] in edge.tooltip
    assert {e.kind for e in drawn.edges} == {
        "implements", "implements-confirmed", "implements-inferred"}


def test_network_map_counts_shared_tasks_from_the_plan(seed_graph, record):
    drawn = network_map(seed_graph, "重庆市渝北区")
    names = {node.id: node.label for node in drawn.nodes.values()}
    edge = next(e for e in drawn.edges
                if {names[e.start], names[e.end]} == {"区卫生健康委", "区财政局"})
    shared = sum(1 for task in record["tasks"]
                 if {"区卫生健康委", "区财政局"} <= {unit["agency"] for unit in task["responsible"]}
                 | {unit["agency"] for row in task["assignments"] for unit in row["responsible"]})
    assert f"共同任务 {shared} shared tasks" in edge.tooltip and shared >= 5
    assert len({node.size for node in drawn.nodes.values()}) > 3   # sized by betweenness
    assert all("中介中心性 betweenness：" in node.tooltip for node in drawn.nodes.values())
    assert all(node.group is not None for node in drawn.nodes.values())
    assert all(node.label not in ("公安北辰分局",) for node in drawn.nodes.values())


def test_agencies_sharing_a_name_say_their_jurisdiction(seed_graph):
    """The all-districts network has a 区卫生健康委 per district: each label names its own."""
    for drawn in (network_map(seed_graph), overview_map(seed_graph),
                  agency_map(seed_graph, "区卫生健康委")):
        agencies = [n for n in drawn.nodes.values() if n.kind == "agency"]
        names = Counter(seed_graph.nodes[n.id]["props"]["name"] for n in agencies)
        assert names["区卫生健康委"] >= 3
        for node in agencies:
            values = seed_graph.nodes[node.id]["props"]
            expected = values["name"] if names[values["name"]] == 1 else \
                f"{values['name']}\n{values['jurisdiction']}"
            assert node.label.startswith(expected[:13]) and (
                names[values["name"]] == 1 or node.label.endswith(values["jurisdiction"]))
        assert len({n.label for n in agencies}) == len(agencies)


def test_overview_draws_the_seeds_and_refuses_past_its_cap(seed_graph):
    drawn = overview_map(seed_graph)
    records = [extract(path) for path in BUNDLED]
    # the header says what the overview holds and counts the nodes once
    assert render_html(drawn).count("节点 nodes") == 1
    assert kinds(drawn)["plan"] == len(BUNDLED)
    assert kinds(drawn)["task"] == sum(len(record["tasks"]) for record in records)
    with pytest.raises(MapError, match=r"more than the overview's cap of 50.*map plan --plan"):
        overview_map(seed_graph, cap=50)


def test_snapshot_and_maps_are_the_same_from_neo4j(seed_graph, neo4j_settings):
    from policykg.builder import build

    store = Neo4jStore(**{k: v for k, v in neo4j_settings.items() if k != "env"})
    try:
        store.driver.execute_query("MATCH (n) DETACH DELETE n")
        assert build(store, sorted((ROOT / "samples" / "plans").glob("*.txt"))).failed == []
        graph = read_snapshot(store)
    finally:
        store.close()
    assert sorted(graph.nodes) == sorted(seed_graph.nodes)

    def comparable(g):
        return {key: (data["labels"], {k: plain(v) for k, v in data["props"].items()
                                       if k not in ("built_at",)})
                for key, data in g.nodes(data=True)}
    assert comparable(graph) == comparable(seed_graph)
    assert sorted((a, b, d["type"]) for a, b, d in graph.edges(data=True)) == \
        sorted((a, b, d["type"]) for a, b, d in seed_graph.edges(data=True))
    for build_map in (lambda g: plan_map(g, SEED_000), lambda g: network_map(g),
                      lambda g: lineage_map(g)):
        assert render_html(build_map(graph)) == render_html(build_map(seed_graph))
    # and the partial reads each map makes, on Neo4j itself
    store = Neo4jStore(**{k: v for k, v in neo4j_settings.items() if k != "env"})
    try:
        for name, (draw, select, args) in PARTS.items():
            assert render_html(draw(store, *args)) == render_html(select(seed_graph, *args)), \
                name
    finally:
        store.close()


PARTS = {
    "plan": (draw_plan, plan_map, (SEED_000,)),
    "plan-by-title": (draw_plan, plan_map, ("北辰区推动公立医院高质量发展实施方案",)),
    "agency": (draw_agency, agency_map, ("区医保局", None)),
    "agency-yubei": (draw_agency, agency_map, ("区卫生健康委", "渝北区")),
    "lineage": (draw_lineage, lineage_map, (None,)),
    "lineage-of": (draw_lineage, lineage_map, ("中办发〔2023〕10号",)),
    "network": (draw_network, network_map, (None,)),
    "network-yubei": (draw_network, network_map, ("重庆市渝北区",)),
    "overview": (draw_overview, overview_map, ()),
}


@pytest.mark.parametrize("name", sorted(PARTS))
def test_each_map_reads_only_its_part_and_draws_the_same_map(seed_store, seed_graph, name):
    draw, select, args = PARTS[name]
    assert render_html(draw(seed_store, *args)) == render_html(select(seed_graph, *args))


def test_the_overview_refuses_before_reading_everything(seed_store, seed_graph):
    # the count the refusal names is what the whole overview would draw
    nodes = len(overview_map(seed_graph).nodes)
    with pytest.raises(MapError, match=f"has {nodes} nodes to draw, more than the overview's cap"):
        draw_overview(seed_store, cap=100)


def test_the_same_graph_gives_the_same_bytes(seed_graph):
    first = render_html(agency_map(seed_graph, "区卫生健康委"))
    assert first == render_html(agency_map(seed_graph, "区卫生健康委"))
    for draw in (lambda: plan_map(seed_graph, SEED_000), lambda: lineage_map(seed_graph)):
        assert render_html(draw()) == render_html(draw())   # positions computed, not settled


def test_the_page_loads_nothing_from_outside(seed_graph):
    html = render_html(plan_map(seed_graph, SEED_000))
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "default-src 'none'" in html       # the page's own policy forbids any request


def test_markup_in_a_task_title_is_escaped(hostile_graph):
    drawn = plan_map(hostile_graph, HOSTILE_PLAN)
    tooltips = [node.tooltip for node in drawn.nodes.values()]
    assert any(tip.startswith(f"任务 task 17：{IMG}\n") for tip in tooltips)
    assert any(tip.startswith(f"任务 task 15：{SCRIPT}\n") for tip in tooltips)
    html = render_html(drawn)
    assert IMG not in html and "<img" not in html
    # vis-network, the data (JSON), the page's own; vis-network's code holds one "<script>"
    # string of its own (a core-js polyfill), which only `</script` could break out of
    assert html.count("<script") == 3 + vis_assets()[0].count("<script")
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in html
    assert "\\u003cscript\\u003ealert(2)\\u003c/script\\u003e" in html


def test_cli_writes_each_kind_and_says_what_it_cannot_draw(tmp_path):
    runner = CliRunner()
    store = str(tmp_path / "store")
    built = runner.invoke(cli, ["build", str(ROOT / "samples" / "plans"), "--store", store])
    assert built.exit_code == 0, built.output
    for args in (["plan", "--plan", SEED_000], ["agency", "--agency", "区医保局"],
                 ["lineage"], ["network", "--jurisdiction", "渝北区"], ["overview"]):
        out = tmp_path / f"{args[0]}.html"
        result = runner.invoke(cli, ["map", *args, "--store", store, "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert re.match(rf"wrote {re.escape(str(out))}: \d+ nodes, \d+ edges", result.output)
        assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    result = runner.invoke(cli, ["map", "overview", "--max-nodes", "10", "--store", store,
                                 "-o", str(tmp_path / "o.html")])
    assert result.exit_code == 1 and "policykg map network --jurisdiction" in result.output
    for kind, hint in (("agency", "--agency NAME --jurisdiction J"),
                       ("network", "map network --jurisdiction J")):
        args = ["--agency", "区卫生健康委"] if kind == "agency" else []
        result = runner.invoke(cli, ["map", kind, *args, "--max-nodes", "5", "--store", store,
                                     "-o", str(tmp_path / "big.html")])
        assert result.exit_code == 1 and hint in result.output, result.output
        assert f"the {kind} map has" in result.output
    assert not (tmp_path / "big.html").exists()
    result = runner.invoke(cli, ["map", "plan", "--plan", "x", "--store",
                                 str(tmp_path / "nowhere"), "-o", str(tmp_path / "p.html")])
    assert result.exit_code == 1 and "no graph store here" in result.output
