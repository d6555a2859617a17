"""The responsibility matrix opened in headless Chromium with the network off: no console error,
no request but its own file; the cells read from the DOM are the graph's role relationships;
a click on task 17's lead cell shows the sentence and a line that the source file confirms;
sorting by name and by load reorders the columns; markup in a title stays text. The screenshot
goes to build/screenshots/view-matrix.png (the README's docs/images/view-matrix.png)."""

import re
from collections import defaultdict

import pytest

from policykg.graph.maps import draw_matrix, matrix_of, write_matrix
from policykg.graph.maps.common import ROLE_TYPES
from policykg.xlsx_export import MARKS
from tests.browser import open_offline
from tests.maps.conftest import HOSTILE_PLAN, IMG, ROOT, SCRIPT

SEED_000 = "渝北府办发〔2022〕40号"
SIGNS = MARKS["zh"]          # the workbook's marks: the page must write the same
ROLE_ORDER = list(SIGNS)


@pytest.fixture(scope="module")
def page_file(seed_store, tmp_path_factory):
    path = tmp_path_factory.mktemp("matrix") / "matrix.html"
    write_matrix(draw_matrix(seed_store, SEED_000), path)
    return path


def graph_cells(graph, plan_number: str) -> dict[tuple[str, str], str]:
    """(task or row key, agency key) -> the signs of its roles, from the graph itself."""
    plan = next(key for key, data in graph.nodes(data=True)
                if "Plan" in data["labels"] and data["props"].get("doc_number") == plan_number)
    roles = defaultdict(set)
    for start, end, data in graph.edges(data=True):
        if data["type"] in ROLE_TYPES and graph.nodes[end]["props"].get("plan") == plan:
            roles[(end, start)].add(ROLE_TYPES[data["type"]])
    return {cell: "/".join(SIGNS[role] for role in ROLE_ORDER if role in found)
            for cell, found in roles.items()}


def dom_cells(page) -> dict[tuple[str, str], str]:
    rows = page.evaluate("""() => Array.from(document.querySelectorAll('td.marked')).map(td =>
        [td.parentElement.dataset.key, td.dataset.agency, td.textContent])""")
    return {(row, agency): text for row, agency, text in rows}


def header_keys(page) -> list[str]:
    return page.evaluate("""() => Array.from(document.querySelectorAll('thead th.agency'))
        .map(th => th.dataset.agency)""")


def test_cells_equal_the_graph_offline_with_no_error(chromium, seed_graph, page_file):
    context, page, seen = open_offline(chromium, page_file)
    try:
        expected = graph_cells(seed_graph, SEED_000)
        assert dom_cells(page) == expected
        targets = {row for row, _ in expected}
        tasks = [key for key, data in seed_graph.nodes(data=True) if "Task" in data["labels"]
                 and data["props"].get("plan") == f"document:{SEED_000}"]
        rows = [key for key, data in seed_graph.nodes(data=True)
                if "Assignment" in data["labels"]
                and data["props"].get("plan") == f"document:{SEED_000}"]
        assert page.locator("tbody tr.task").count() == len(tasks) == 29
        assert page.locator("tbody tr.row").count() == len(rows) == 94
        assert targets <= set(tasks) | set(rows)
        assert set(header_keys(page)) == {agency for _, agency in expected}
        # table rows start folded away
        assert page.locator("tbody tr.row.collapsed").count() == 94
        assert seen["errors"] == [] and seen["dialogs"] == []
        assert seen["requests"] == [page_file.as_uri()]
    finally:
        context.close()


def sentence_lines(text: str, sentence: str) -> range:
    """The lines of ``text`` a sentence (or a table row, its cells joined by " | ") covers:
    its characters in order with nothing but white space between them (a table's cells stand
    a line each; the reader may have dropped a space inside one)."""
    characters = re.sub(r"\s|\|", "", sentence)
    found = re.search(r"\s*".join(map(re.escape, characters)), text)
    assert found, sentence
    return range(text[:found.start()].count("\n") + 1, text[:found.end()].count("\n") + 2)


def test_a_click_on_task_17s_lead_cell_shows_its_sentence_and_line(chromium, seed_graph,
                                                                    page_file, screenshots):
    task = f"task:document:{SEED_000}:17"
    assert seed_graph.nodes[task]["props"]["title"] == "深化医疗服务价格改革"
    leads = [(start, data["props"]) for start, _, data in seed_graph.in_edges(task, data=True)
             if data["type"] == "LEADS"]
    assert len(leads) == 1
    agency, evidence = leads[0]
    context, page, seen = open_offline(chromium, page_file)
    try:
        page.click(f"tr.task[data-key='{task}'] button.toggle")
        rows = [end for _, end, data in seed_graph.out_edges(task, data=True)
                if data["type"] == "HAS_ASSIGNMENT"]
        visible = page.locator(f"tr.row[data-task='{task}']:not(.collapsed)")
        assert visible.count() == len(rows) == 2
        cell = page.locator(f"tr.task[data-key='{task}'] td[data-agency='{agency}']")
        assert cell.inner_text() == SIGNS["lead"]
        cell.click()
        panel = page.locator("#evidence-body")
        assert panel.get_attribute("data-row") == task
        assert "区医保局" in panel.locator(".target").inner_text()
        assert "深化医疗服务价格改革" in panel.locator(".target").inner_text()
        lead = panel.locator(".mark[data-role='lead']")
        sentence = lead.locator(".sentence").inner_text()
        line = int(lead.locator(".line").inner_text())
        file = lead.locator(".file").inner_text()
        written = lead.locator(".written").inner_text()
        assert (sentence, line, file) == (evidence["context"], evidence["line"],
                                          evidence["source_path"])
        # the source file agrees: the agency is written on that line, within the sentence
        text = (ROOT / file).read_text(encoding="utf-8")
        assert written == "区医保局" and written in text.split("\n")[line - 1]
        assert line in sentence_lines(text, sentence)
        assert sentence.startswith("17.深化医疗服务价格改革。")
        assert lead.locator("mark").inner_text() == written
        # the keyboard reaches the same panel: Enter on a row's cell shows that row
        row_cell = page.locator(f"tr.row[data-key='{rows[0]}'] td.marked").first
        row_cell.focus()
        page.keyboard.press("Enter")
        assert panel.get_attribute("data-row") == rows[0]
        cell.focus()
        page.keyboard.press("Enter")
        assert panel.get_attribute("data-row") == task
        page.screenshot(path=str(screenshots / "view-matrix.png"))
        assert (screenshots / "view-matrix.png").stat().st_size > 20_000
        assert seen["errors"] == [] and seen["requests"] == [page_file.as_uri()]
    finally:
        context.close()


def test_sorting_by_name_and_by_load_reorders_the_columns(chromium, seed_graph, page_file):
    expected = graph_cells(seed_graph, SEED_000)
    load = defaultdict(int)
    for (_, agency), signs in expected.items():
        load[agency] += len(signs.split("/"))
    name = {agency: seed_graph.nodes[agency]["props"]["name"] for agency in load}
    place = {agency: seed_graph.nodes[agency]["props"]["jurisdiction"] for agency in load}
    by_load = sorted(load, key=lambda a: (-load[a], name[a], place[a], a))
    by_name = sorted(load, key=lambda a: (name[a], place[a], a))
    assert by_load != by_name
    context, page, seen = open_offline(chromium, page_file)
    try:
        assert header_keys(page) == by_load
        loads = page.locator("thead th.agency .load").all_inner_texts()
        assert [int(text) for text in loads] == [load[a] for a in by_load]
        page.click("#sort-name")
        assert header_keys(page) == by_name
        assert page.get_attribute("body", "data-sort") == "name"
        assert dom_cells(page) == expected            # the cells move with their columns
        page.click("thead th.agency >> nth=3")         # a header click sorts the other way
        assert header_keys(page) == by_load
        page.click("#sort-load")
        assert header_keys(page) == by_load and dom_cells(page) == expected
        assert seen["errors"] == []
    finally:
        context.close()


def test_a_jurisdictions_matrix_opens_with_its_plans(chromium, seed_store, tmp_path):
    drawn = draw_matrix(seed_store, jurisdiction="重庆市")
    path = tmp_path / "chongqing.html"
    write_matrix(drawn, path)
    context, page, seen = open_offline(chromium, path)
    try:
        assert page.locator("tbody tr.plan").all_inner_texts() == [
            f"{plan['name']} {plan['title']}" for plan in drawn.plans]
        labels = page.locator("thead th.agency .name").all_inner_texts()
        assert labels == [column.label for column in drawn.columns]
        shared = [c for c in drawn.columns if c.label != c.name]   # a name two places share
        assert shared and all(f"{c.name} ({c.jurisdiction})" in labels for c in shared)
        assert len(dom_cells(page)) == len({(row, agency) for agency, row, _ in drawn.marks()})
        assert seen["errors"] == [] and seen["requests"] == [path.as_uri()]
    finally:
        context.close()


def test_markup_in_task_titles_stays_text(chromium, hostile_graph, tmp_path):
    path = tmp_path / "hostile.html"
    write_matrix(matrix_of(hostile_graph, HOSTILE_PLAN), path)
    context, page, seen = open_offline(chromium, path)
    try:
        labels = page.locator("tbody tr.task th .label").all_inner_texts()
        assert any(label.endswith(IMG) for label in labels)
        assert any(label.endswith(SCRIPT) for label in labels)
        assert page.evaluate("() => document.querySelectorAll('img').length") == 0
        assert page.evaluate("() => document.querySelectorAll('script').length") == 2
        assert seen["dialogs"] == [] and seen["errors"] == []
    finally:
        context.close()
