"""The annotated source view in headless Chromium with the network off: no console error, no
request but its own file; the highlighted spans in the page are the view's facts, each over the
text of its span; a click on a task shows its graph key, the legend hides a kind, a warning in
the side list leads to its place; markup in the text shows as text. Screenshot:
build/screenshots/view-source.png (docs/images/view-source.png in the README)."""

import pytest

from policykg.graph.maps import draw_source, source_view, write_source
from policykg.graph.maps.source_text import source_of, text_from_file
from tests.browser import open_offline
from tests.maps.conftest import HOSTILE_PLAN, IMG, SCRIPT

SEED_000 = "渝北府办发〔2022〕40号"

# per fact id: [first offset, last offset, its text in the page] read from the DOM
FACTS_IN_PAGE = """() => {
  const found = {};
  document.querySelectorAll('#text .seg').forEach(seg => {
    seg.dataset.f.split(' ').forEach(id => {
      const [s, e] = [Number(seg.dataset.s), Number(seg.dataset.e)];
      if (!found[id]) { found[id] = [s, e, '']; }
      found[id][1] = e;
      found[id][2] += seg.textContent;
    });
  });
  return found;
}"""


@pytest.fixture(scope="module")
def view(seed_store):
    return draw_source(seed_store, SEED_000)


def test_the_page_shows_the_text_with_every_fact_over_its_span(chromium, view, tmp_path):
    path = tmp_path / "source.html"
    write_source(view, path)
    context, page, seen = open_offline(chromium, path)
    try:
        lines = page.locator("#text .line .code").all_text_contents()
        assert "\n".join(lines) == view.text
        found = page.evaluate(FACTS_IN_PAGE)
        assert sorted(found) == sorted(h.id for h in view.highlights)
        for highlight in view.highlights:
            start, end, text = found[highlight.id]
            assert (start, end) == (highlight.start, highlight.end), highlight
            assert text == view.text[highlight.start:highlight.end].replace("\n", "")
        assert page.locator("h1").inner_text() == view.title
        assert page.locator("#warnings .note").count() == len(view.warnings)
        assert page.locator("#unresolved .note").count() == len(view.unresolved)
        assert seen["errors"] == [] and seen["dialogs"] == []
        assert seen["requests"] == [path.as_uri()]
    finally:
        context.close()


def test_a_click_shows_the_fact_and_its_key_and_the_legend_hides_a_kind(chromium, view,
                                                                        tmp_path, screenshots):
    path = tmp_path / "source.html"
    write_source(view, path)
    context, page, seen = open_offline(chromium, path)
    try:
        # a piece of a task's text that no other fact covers
        task = next(h for h in view.highlights if h.kind == "task" and h.label.startswith("1 "))
        piece = page.locator(f"#text .seg[data-f='{task.id}']").first
        piece.click()
        shown = page.locator("#facts .fact").first
        assert task.key in shown.inner_text() and task.label in shown.inner_text()
        assert page.locator(f"#text .seg.sel[data-f~='{task.id}']").count() == \
            page.locator(f"#text .seg[data-f~='{task.id}']").count()
        # an agency inside one of its rows: the agency first, then the row and the task
        lead = next(h for h in view.highlights if h.kind == "lead" and h.task == task.key)
        page.locator(f"#text .seg[data-f~='{lead.id}']").first.click()
        facts = page.locator("#facts .fact").all_inner_texts()
        assert lead.label in facts[0] and lead.key in facts[0] and "牵头 lead" in facts[0]
        assert any(task.key in fact for fact in facts[1:])
        page.screenshot(path=str(screenshots / "view-source.png"))
        assert (screenshots / "view-source.png").stat().st_size > 50_000
        # the legend hides the leads, and shows them again
        leads = page.locator("#text .seg.k-lead").count()
        assert page.locator(f"#text .seg.k-lead[data-f~='{lead.id}']").count() == 1
        page.click("button.legend-item[data-kind='lead']")
        assert page.locator("#text .seg.k-lead").count() == 0
        page.click("button.legend-item[data-kind='lead']")
        assert page.locator("#text .seg.k-lead").count() == leads
        # a warning in the side list leads to the text it quotes
        note = next(n for n in view.warnings if n.fact)
        warned = next(h for h in view.highlights if h.id == note.fact)
        page.click(f"#warnings .note[data-fact='{note.fact}']")
        first = page.locator(f"#text .seg[data-f~='{note.fact}']").first
        assert first.is_visible() and first.evaluate("e => e.classList.contains('warn')")
        assert note.text in page.locator("#facts .fact").first.inner_text()
        assert first.text_content() == view.text[warned.start:warned.end].split("\n")[0]
        assert seen["errors"] == [] and seen["dialogs"] == []
    finally:
        context.close()


def test_markup_in_the_text_shows_as_text(chromium, hostile_graph, tmp_path, screenshots):
    plan = next(key for key in hostile_graph if HOSTILE_PLAN in key)
    hostile = source_view(hostile_graph, plan,
                          text_from_file(source_of(hostile_graph, plan)))
    path = tmp_path / "hostile.html"
    write_source(hostile, path)
    context, page, seen = open_offline(chromium, path)
    try:
        text = page.locator("#text").inner_text()
        assert IMG in text and SCRIPT in text
        task = next(h for h in hostile.highlights if h.kind == "task" and IMG in h.label)
        page.locator(f"#text .seg[data-f~='{task.id}']").first.click()
        assert IMG in page.locator("#facts .fact").first.inner_text()
        assert page.evaluate("() => document.querySelectorAll('img').length") == 0
        assert page.evaluate("() => document.querySelectorAll('script').length") == 2
        assert seen["dialogs"] == [] and seen["errors"] == []
        page.screenshot(path=str(screenshots / "view-source-injection.png"))
    finally:
        context.close()
