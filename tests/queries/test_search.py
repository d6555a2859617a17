"""search-tasks (issue 19 item 6): the same hits on Neo4j and on the embedded store, the hits
the plan records give (every task, row and indicator whose text holds every word), and on
Neo4j the full-text index (cjk analyzer) finding that same set of hits.

Words come from seed 000's task titles, never typed in from an answer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from policykg.graph.cypher import FULLTEXT_INDEX, fulltext_statements
from policykg.loaders.plan import extract_plan
from policykg.queries.saved import QUERY_DIR, QueryError, load_all, parse, run
from tests.bothstores import both_stores
from tests.cypherlint import lint
from tests.graph.test_cypher_lint import graph_schema

SEEDS = sorted((Path(__file__).resolve().parents[2] / "samples" / "plans").glob("*.txt"))
SEARCH = load_all()["search-tasks"]
FULLTEXT = parse(QUERY_DIR / "neo4j-only" / "search-tasks-fulltext.cypher")
HAN = re.compile(r"^[\u4e00-\u9fff]+$")


@pytest.fixture(scope="module")
def records():
    return [extract_plan(seed) for seed in SEEDS]


@pytest.fixture(scope="module")
def stores(neo4j_settings, tmp_path_factory):
    yield from both_stores(neo4j_settings, SEEDS, tmp_path_factory.mktemp("store"))


def searches(records) -> list[tuple[str, str]]:
    """(words, the title of the seed 000 task they come from): a word from a title's start,
    one from its end, and both (every word must be in a hit)."""
    titles = [task.title for task in records[0].tasks
              if task.kind == "task" and len(task.title) >= 8 and HAN.match(task.title)]
    picked = titles[::max(1, len(titles) // 4)][:4]
    assert len(picked) >= 3
    return [words for title in picked for words in (
        (title[:4], title), (title[-3:], title), (f"{title[:2]} {title[-2:]}", title))]


def expected_hits(records, words: str) -> set[tuple[str, str, int]]:
    """(kind, source path, span start) of every task, row and indicator whose text (as the
    record has it) contains every word."""
    wanted = words.lower().split()

    def holds(*texts: str | None) -> bool:
        return all(any(w in (t or "").lower() for t in texts) for w in wanted)

    hits = set()
    for record in records:
        path = record.source.path
        for task in record.tasks:
            if holds(task.title, task.text):
                hits.add(("task", path, task.span.start))
            hits |= {("row", path, row.span.start) for row in task.assignments if holds(row.text)}
        hits |= {("indicator", path, i.span.start) for i in record.indicators if holds(i.name)}
    return hits


def answer(stores, words: str) -> list[dict]:
    rows = {engine: run(store, SEARCH, {"words": words}) for engine, store in stores.items()}
    assert rows["neo4j"] == rows["embedded"], words
    return rows["neo4j"]


def test_both_engines_find_the_task_a_title_word_comes_from(stores, records):
    plan = records[0].plan.doc_number or records[0].plan.title
    for words, title in searches(records):
        rows = answer(stores, words)
        assert {"plan": plan, "kind": "task", "title": title} in [
            {key: row[key] for key in ("plan", "kind", "title")} for row in rows], words
        assert {(row["kind"], row["source_path"], row["span_start"]) for row in rows} == \
            expected_hits(records, words), words


def test_rows_and_indicators_are_found_by_their_own_words(stores, records):
    row = next(row for task in records[0].tasks for row in task.assignments
               if len(row.text) >= 12)
    words = row.text[2:8]
    hits = answer(stores, words)
    assert any(hit["kind"] == "row" and words in hit["text"] for hit in hits)
    indicator = next(i for record in records for i in record.indicators if len(i.name) >= 6)
    hits = answer(stores, indicator.name[:6])
    assert any(hit["kind"] == "indicator" and hit["title"] == indicator.name for hit in hits)


def test_no_words_find_nothing_and_case_and_full_width_spaces_do_not_matter(stores, records):
    with pytest.raises(QueryError, match="missing parameter words"):
        answer(stores, "")
    assert answer(stores, " \u3000 ") == []
    title = searches(records)[0][1]
    assert answer(stores, f"{title[:2]}\u3000{title[-2:]}") == \
        answer(stores, f"{title[:2]} {title[-2:]}")
    latin = next(t for record in records for t in record.tasks if re.search("[A-Z]{3}", t.text))
    word = re.search("[A-Z]{3}", latin.text).group(0)
    assert answer(stores, word.lower()) == answer(stores, word) != []


def fulltext_keys(store, words: str) -> list[str]:
    rows = store.read(FULLTEXT.cypher, FULLTEXT.bind({"words": words}))
    return [row["key"] for row in rows]


def test_the_neo4j_full_text_index_finds_the_same_hits(stores, records):
    neo4j = stores["neo4j"]
    index = neo4j.read("SHOW FULLTEXT INDEXES YIELD name, labelsOrTypes, properties, options "
                       "WHERE name = $name RETURN labelsOrTypes, properties, options",
                       {"name": FULLTEXT_INDEX})
    assert index and index[0]["options"]["indexConfig"]["fulltext.analyzer"] == "cjk"
    assert sorted(index[0]["labelsOrTypes"]) == ["Assignment", "Indicator", "Task"]
    neo4j.driver.execute_query("CALL db.awaitIndexes(120)")
    for words, _ in searches(records):
        keys = fulltext_keys(neo4j, words)
        assert len(keys) == len(set(keys))
        assert set(keys) == {row["key"] for row in answer(stores, words)}, words
    # a quote or a backslash in a word is dropped, never read as Lucene syntax
    title = searches(records)[0][1]
    assert set(fulltext_keys(neo4j, f'"{title[:2]}\\" {title[-2:]}')) == \
        set(fulltext_keys(neo4j, f"{title[:2]} {title[-2:]}")) != set()


def test_neo4j_lints_the_index_and_the_browser_variant():
    schema = graph_schema()
    schema["parameters"] = FULLTEXT.bind({"words": "医保 支付"})
    found = lint({"index": fulltext_statements()[0], "fulltext": FULLTEXT.cypher}, schema)
    assert found == {"index": [], "fulltext": []}
    assert [p.name for p in FULLTEXT.parameters] == [p.name for p in SEARCH.parameters]
    assert FULLTEXT.columns[:len(SEARCH.columns)] == SEARCH.columns
