"""The annotated source view holds the graph's facts at their evidence: every task and every
agency by role of seed 000 at its span, the text the one the plan's file gives, the segments
exactly the facts covering them, warnings where the text they quote is, what is not resolved
as the saved query finds it; the same from Neo4j; markup in the text stays text."""

import hashlib
import json
import re

import pytest
from click.testing import CliRunner

from policykg.cli import cli
from policykg.graph.maps import MapError, draw_source, render_source, source_view
from policykg.graph.maps.common import ROLE_TYPES, in_edges, out_edges, props
from policykg.graph.maps.source_text import source_of, text_from_file
from policykg.loaders.documents import read_bytes
from policykg.queries.resolve import answer
from policykg.queries.saved import load_all
from tests.bothstores import both_stores
from tests.maps.conftest import HOSTILE_PLAN, IMG, SCRIPT, SEED_000_FILE

SEED_000 = "渝北府办发〔2022〕40号"
PLAN = f"document:{SEED_000}"


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def view(seed_store):
    return draw_source(seed_store, SEED_000)


def by_kind(view, *kinds):
    return [h for h in view.highlights if h.kind in kinds]


def test_the_text_is_the_one_the_rules_read_from_the_file(view):
    data = SEED_000_FILE.read_bytes()
    assert view.text == read_bytes(data, str(SEED_000_FILE),
                                   hashlib.sha256(data).hexdigest()).text
    # the lines, with the line ends between them, give the text back
    pieces = ["".join(view.text[a:b] for a, b, _ in line) for _, line in view.lines]
    assert "\n".join(pieces) == view.text
    assert [start for start, _ in view.lines] == [0] + [
        at + 1 for at, char in enumerate(view.text) if char == "\n"]


def test_every_task_is_highlighted_at_its_evidence_with_its_title(view, seed_graph):
    tasks = [key for key, _ in out_edges(seed_graph, PLAN, "HAS_TASK")]
    assert len(tasks) == 29
    shown = {h.key: h for h in by_kind(view, "task")}
    assert sorted(shown) == sorted(tasks)
    for task in tasks:
        values = props(seed_graph, task)
        highlight = shown[task]
        assert (highlight.start, highlight.end) == (values["span_start"], values["span_end"])
        assert highlight.task == task and str(values["title"]) in highlight.label
        # the title is written in the text the highlight covers
        assert squeezed(str(values["title"])) in squeezed(view.text[highlight.start:
                                                                    highlight.end])


def test_every_agency_by_role_is_highlighted_at_its_span_as_written(view, seed_graph):
    expected = {}
    for task, _ in out_edges(seed_graph, PLAN, "HAS_TASK"):
        targets = [task] + [row for row, _ in out_edges(seed_graph, task, "HAS_ASSIGNMENT")]
        for target in targets:
            for agency, data in in_edges(seed_graph, target, *ROLE_TYPES):
                expected[data["props"]["key"]] = (agency, ROLE_TYPES[data["type"]], task,
                                                  data["props"])
    roles = by_kind(view, "lead", "cooperating", "responsible")
    assert len(expected) > 200 and sorted(h.via for h in roles) == sorted(expected)
    for highlight in roles:
        agency, role, task, values = expected[highlight.via]
        assert (highlight.key, highlight.kind, highlight.task) == (agency, role, task)
        assert (highlight.start, highlight.end) == (values["span_start"], values["span_end"])
        assert squeezed(view.text[highlight.start:highlight.end]) == squeezed(
            values["written"])
        assert highlight.label == props(seed_graph, agency)["name"]


def test_indicators_citations_deadlines_and_hospitals_are_where_the_text_says(view,
                                                                          seed_graph):
    indicators = [key for key, _ in out_edges(seed_graph, PLAN, "HAS_INDICATOR")]
    assert sorted(h.key for h in by_kind(view, "indicator")) == sorted(indicators)
    accountable = {data["props"]["key"]: data["props"] for key in indicators
                   for _, data in in_edges(seed_graph, key, "ACCOUNTABLE_FOR")}
    assert sorted(h.via for h in by_kind(view, "accountable")) == sorted(accountable)
    for highlight in by_kind(view, "accountable"):
        # at the agency's name inside the indicator's row, or (not written there) the row
        evidence = accountable[highlight.via]
        assert evidence["span_start"] <= highlight.start < highlight.end <= evidence["span_end"]
        if highlight.placed == "name":
            assert view.text[highlight.start:highlight.end] in (
                highlight.label, *props(seed_graph, highlight.key)["aliases"])
        else:
            assert (highlight.start, highlight.end) == (evidence["span_start"],
                                                        evidence["span_end"])
    assert any(h.placed == "name" for h in by_kind(view, "accountable"))
    cited = {data["props"]["key"]: data["props"] for _, data in
             out_edges(seed_graph, PLAN, "IMPLEMENTS", "REFERENCES")}
    citations = by_kind(view, "citation")
    assert sorted(h.via for h in citations) == sorted(cited)
    for highlight in citations:
        span = view.text[highlight.start:highlight.end]
        assert span.startswith("《") and squeezed(highlight.label) in squeezed(span)
    for highlight in by_kind(view, "deadline"):
        values = props(seed_graph, highlight.key)
        assert view.text[highlight.start:highlight.end] == values["deadline_written"]
    names = {props(seed_graph, key)["name"] for key, _ in
             out_edges(seed_graph, PLAN, "MENTIONS_HOSPITAL")}
    hospitals = by_kind(view, "hospital")
    assert {h.label for h in hospitals} == names
    assert all(view.text[h.start:h.end] == h.label for h in hospitals)
    plan = by_kind(view, "plan")
    assert [squeezed(view.text[h.start:h.end]) for h in plan] == [
        props(seed_graph, PLAN)["title"]]


def test_each_segment_lists_exactly_the_facts_covering_it(view):
    ids = {h.id: h for h in view.highlights}
    assert len(ids) == len(view.highlights)
    covered = {h.id: [] for h in view.highlights}
    for _, line in view.lines:
        for start, end, facts in line:
            assert start < end
            inside = {h.id for h in view.highlights if h.start <= start and end <= h.end}
            assert set(facts) == inside
            for fact in facts:
                covered[fact].append((start, end))
    for fact, pieces in covered.items():   # a fact's pieces are its span, line ends aside
        highlight = ids[fact]
        text = "".join(view.text[a:b] for a, b in pieces)
        assert text == view.text[highlight.start:highlight.end].replace("\n", "")


def test_warnings_are_placed_where_they_quote_the_text(view, seed_graph):
    warnings = props(seed_graph, PLAN)["warnings"]
    assert [f"{n.what.removeprefix('警告 ')}: {n.text}" for n in view.warnings] == warnings
    placed = {h.id: h for h in by_kind(view, "warning")}
    assert len(placed) == sum(1 for note in view.warnings if note.fact) >= len(warnings) // 2
    for note in view.warnings:
        if note.fact is None:
            continue
        highlight = placed[note.fact]
        quoted = re.findall(r"「([^」]+)」", note.text)
        span = squeezed(view.text[highlight.start:highlight.end])
        assert span in [squeezed(q) for q in quoted] or span == "\ufffd"


def test_what_is_not_resolved_is_what_the_saved_query_finds(view, seed_store, seed_graph):
    rows, _ = answer(seed_store, load_all()["unowned-tasks"], {})
    ours = [row for row in rows if row["plan"] == SEED_000]
    assert ours, "seed 000 has rows that name no unit"
    keys = {f"task:{PLAN}:{row['task']}" + (f":row:{row['row']}" if row["row"] else "")
            for row in ours}
    listed = {note.key for note in view.unresolved if "agency" in note.what}
    assert listed == keys
    # every one links to its highlight
    facts = {h.id: h for h in view.highlights}
    for note in view.unresolved:
        assert note.fact is not None and facts[note.fact].key == note.key
    not_loaded = {key for key, _ in out_edges(seed_graph, PLAN, "IMPLEMENTS", "REFERENCES")
                  if "Plan" not in seed_graph.nodes[key]["labels"]}
    assert {note.key for note in view.unresolved if "cited" in note.what} == not_loaded


def test_the_part_read_is_the_whole_snapshot_and_the_page_the_same_bytes(view, seed_graph):
    whole = source_view(seed_graph, PLAN, view.text)
    assert render_source(whole) == render_source(view)


def test_the_page_holds_the_document_only_as_escaped_json(view):
    html = render_source(view)
    assert "default-src 'none'" in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    data = json.loads(re.search(r'<script id="source-data" type="application/json">(.*?)'
                                r"</script>", html, re.S)[1])
    assert data["text"] == view.text and len(data["facts"]) == len(view.highlights)
    assert '<h1 id="title"></h1>' in html   # the title too: through the JSON, as text


def test_markup_in_the_text_stays_text(hostile_graph):
    plan = next(key for key in hostile_graph if HOSTILE_PLAN in key)
    text = text_from_file(source_of(hostile_graph, plan))   # the store is closed: the file
    hostile = source_view(hostile_graph, plan, text)
    titles = [h.label for h in hostile.highlights if h.kind == "task"]
    assert any(IMG in title for title in titles) and any(SCRIPT in title for title in titles)
    html = render_source(hostile)
    assert IMG not in html and SCRIPT not in html and "<img" not in html
    assert html.count("<script") == 2
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in html


def test_an_unknown_plan_names_the_plans(seed_store):
    with pytest.raises(MapError, match=r"no plan '京政办发〔2099〕1号' in the graph \(plans: "):
        draw_source(seed_store, "京政办发〔2099〕1号")


def test_cli_writes_the_view_and_names_the_plans_for_an_unknown_one(view, tmp_path):
    runner = CliRunner()
    store = str(tmp_path / "store")
    built = runner.invoke(cli, ["build", str(SEED_000_FILE), "--store", store])
    assert built.exit_code == 0, built.output
    out = tmp_path / "source.html"
    result = runner.invoke(cli, ["map", "source", "--plan", "渝北府办发[2022]40号", "--store",
                                 store, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"wrote {out}: {len(view.highlights)} highlights")
    assert out.read_text(encoding="utf-8") == render_source(view)
    result = runner.invoke(cli, ["map", "source", "--plan", "京政办发〔2099〕1号", "--store",
                                 store, "-o", str(tmp_path / "x.html")])
    assert result.exit_code == 1 and SEED_000 in result.output
    assert len(result.output.strip().splitlines()) == 1 and "plans in the graph" in \
        result.output
    assert not (tmp_path / "x.html").exists()


@pytest.fixture(scope="module")
def stores(neo4j_settings, tmp_path_factory):
    yield from both_stores(neo4j_settings, [SEED_000_FILE], tmp_path_factory.mktemp("store"))


def test_the_view_is_the_same_from_neo4j(stores):
    pages = {engine: render_source(draw_source(store, SEED_000))
             for engine, store in stores.items()}
    assert pages["neo4j"] == pages["embedded"]
