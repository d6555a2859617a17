"""The Neo4j Browser served by the test server, in headless Chromium: the saved queries
imported as favourites (the zip `policykg queries --favorites` writes), one run with `:param`,
its result cells read from the page, and the style file applied to a drawn node."""

import base64
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from policykg.builder import build
from policykg.cli import cli
from policykg.graph.stores.neo4j_store import Neo4jStore
from policykg.queries.saved import get, load_all, run

ROOT = Path(__file__).resolve().parents[2]
SEED_000 = "渝北府办发〔2022〕40号"

# Dropping files on the Browser is how it imports favourites and styles; Playwright cannot
# drag a file from disk, so the test builds the same DataTransfer the OS drop would carry.
DROP = """([name, b64, type]) => {
  const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
  const transfer = new DataTransfer();
  transfer.items.add(new File([bytes], name, {type}));
  const target = document.querySelector('[data-testid="frame"]');
  for (const event of ['dragenter', 'dragover', 'drop']) {
    target.dispatchEvent(new DragEvent(event, {dataTransfer: transfer, bubbles: true,
                                               cancelable: true}));
  }
}"""


@pytest.fixture(scope="module")
def neo4j_with_seeds(neo4j_settings):
    if "env" not in neo4j_settings:
        pytest.skip("NEO4J_URI names an outside server; this test drives the local server's "
                    "Browser")
    store = Neo4jStore(**{k: v for k, v in neo4j_settings.items() if k != "env"})
    store.driver.execute_query("MATCH (n) DETACH DELETE n")
    plans = sorted((ROOT / "samples" / "plans").glob("*.txt"))
    report = build(store, plans)
    assert report.failed == [] and len(report.written) == len(plans)
    yield store, neo4j_settings
    store.close()


@pytest.fixture
def page(chromium, neo4j_with_seeds):
    _, settings = neo4j_with_seeds
    context = chromium.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN",
                                     bypass_csp=True)  # lets wait_for_function evaluate
    page = context.new_page()
    page.goto(f"http://127.0.0.1:{settings['env']['NEO4J_HTTP_PORT']}/browser/")
    page.fill('[data-testid="boltaddress"]', settings["uri"])
    page.fill('[data-testid="username"]', settings["username"])
    page.fill('[data-testid="password"]', settings["password"])
    page.click('[data-testid="connect"]')
    page.wait_for_selector("text=You are connected", timeout=30_000)
    yield page
    context.close()


def drop(page, name: str, data: bytes, mime: str) -> None:
    page.evaluate(DROP, [name, base64.b64encode(data).decode(), mime])


def run_in_editor(page, text: str) -> None:
    """Type into the Browser's editor and run (Ctrl+Enter); wait for the new frame."""
    frames = page.locator('[data-testid="frame"]').count()
    page.click(".monaco-editor")
    page.keyboard.insert_text(text)
    page.keyboard.press("Control+Enter")
    page.wait_for_function(f"document.querySelectorAll('[data-testid=\"frame\"]').length > "
                           f"{frames}", timeout=30_000)


def newest_frame(page):
    return page.locator('[data-testid="frame"]').first


def test_favourites_import_and_a_saved_query_with_a_param(page, neo4j_with_seeds, tmp_path):
    store, _ = neo4j_with_seeds
    zip_path = tmp_path / "policykg-favorites.zip"
    result = CliRunner().invoke(cli, ["queries", "--favorites", str(zip_path)])
    assert result.exit_code == 0, result.output
    drop(page, zip_path.name, zip_path.read_bytes(), "application/zip")

    page.click('button[name="Favorites"]')
    page.get_by_text("policykg", exact=True).click()      # open the imported folder
    for name in load_all():
        page.get_by_text(name, exact=True).wait_for(timeout=10_000)

    run_in_editor(page, f":param plan => '{SEED_000}'")
    page.get_by_text("plan-lineage", exact=True).click()  # the favourite fills the editor
    # Monaco draws spaces as no-break spaces and only the lines in view
    page.wait_for_function("document.querySelector('.monaco-editor').innerText"
                           ".replace(/\\u00a0/g, ' ').includes('// plan-lineage')")
    frames = page.locator('[data-testid="frame"]').count()
    page.click(".monaco-editor")
    page.keyboard.press("Control+Enter")
    page.wait_for_function(f"document.querySelectorAll('[data-testid=\"frame\"]').length > "
                           f"{frames}", timeout=30_000)
    frame = newest_frame(page)
    frame.locator(".relatable__table-body-cell").first.wait_for(timeout=30_000)
    assert "plan-lineage" in frame.locator('[data-testid="frameCommand"]').inner_text()

    header = [cell.strip() for cell in
              frame.locator(".relatable__table-header-cell").all_inner_texts()]
    cells = [cell.strip() for cell in
             frame.locator(".relatable__table-body-cell").all_inner_texts()]
    columns = list(get("plan-lineage").columns)
    assert [h for h in header if h] == columns
    width = len(columns) + 1  # a row-number cell, then one cell per column
    page_rows = [cells[i:i + width] for i in range(0, len(cells), width)]
    expected = run(store, get("plan-lineage"), {"plan": SEED_000})
    # seed 000 (line 5) implements 渝府办发〔2022〕5号 and 渝医改办函〔2022〕2号, both provincial;
    # the registry infers that both carry out 国办发〔2021〕18号
    assert {row["document"] for row in expected} == {"渝府办发〔2022〕5号", "渝医改办函〔2022〕2号",
                                                     "国办发〔2021〕18号"}
    assert len(page_rows) == len(expected)
    for page_row, row in zip(page_rows, expected, strict=True):
        values = dict(zip(columns, page_row[1:], strict=True))
        assert values["document"] == json.dumps(row["document"], ensure_ascii=False)
        assert values["plan"] == f'"{SEED_000}"'
        assert values["level"] == json.dumps(row["level"], ensure_ascii=False)
        assert values["hops"] == str(row["hops"])
    assert {row["level"] for row in expected if row["hops"] == 1} == {"provincial"}


def test_the_style_file_colours_and_captions_a_task(page):
    grass = (ROOT / "queries" / "browser-style.grass").read_bytes()
    drop(page, "browser-style.grass", grass, "text/plain")
    run_in_editor(page, ":style")
    style = newest_frame(page).inner_text().removeprefix(":style").lstrip()
    assert style.startswith("node {\n  diameter: 50px;")   # the first rule read whole
    assert "node.Task {" in style and "#57C7E3" in style.split("node.Task {")[1][:80]

    run_in_editor(page, "MATCH (t:Task {title: '深化医疗服务价格改革'}) RETURN t LIMIT 1")
    node = newest_frame(page).locator("svg g.node").first
    node.wait_for(timeout=30_000)
    assert node.locator("circle.b-outline").get_attribute("fill").upper() == "#57C7E3"
    # the caption is the title, cut to fit the circle
    caption = "".join(node.locator("text").all_text_contents())
    stem = caption.replace("…", "").replace(" ", "")
    assert len(stem) >= 2 and "深化医疗服务价格改革".startswith(stem), caption
