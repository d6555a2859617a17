"""`policykg query` on a paged list: a full page says which rows these are of how many and how
to ask for the next; a short first page says nothing more (its count is not even run)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from policykg.builder import build
from policykg.cli import cli
from policykg.graph.stores.embedded_store import EmbeddedStore
from policykg.queries.saved import get, run
from tests.seedlib import BUNDLED


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    folder = tmp_path_factory.mktemp("paging") / "store"
    store = EmbeddedStore(folder)
    assert build(store, BUNDLED).failed == []
    store.close()
    return folder


def due_by(store_path, *params: str) -> tuple[list[dict], str]:
    args = ["query", "due-by", "-p", "year=2025", *params, "--format", "json",
            "--store", str(store_path)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout), result.stderr


def all_rows(store_path) -> list[dict]:
    store = EmbeddedStore(store_path, read_only=True)
    try:
        return run(store, get("due-by"), {"year": 2025, "limit": 100_000})
    finally:
        store.close()


def test_a_full_page_says_its_rows_of_how_many_and_the_next_page(store_path):
    every = all_rows(store_path)
    assert len(every) > 12
    rows, notes = due_by(store_path, "-p", "limit=5")
    assert rows == every[:5]
    assert f"Note: rows 1-5 of {len(every)}; the next page: -p skip=5 -p limit=5" in notes
    rows, notes = due_by(store_path, "-p", "limit=5", "-p", "skip=5")
    assert rows == every[5:10]
    assert f"Note: rows 6-10 of {len(every)}; the next page: -p skip=10" in notes


def test_the_last_page_and_a_page_past_the_end(store_path):
    every = all_rows(store_path)
    rows, notes = due_by(store_path, "-p", f"skip={len(every) - 2}")
    assert rows == every[-2:]
    assert f"Note: rows {len(every) - 1}-{len(every)} of {len(every)}\n" in notes
    rows, notes = due_by(store_path, "-p", f"skip={len(every) + 10}")
    assert rows == []
    assert f"Note: no row after row {len(every) + 10} of {len(every)}" in notes


def test_a_short_first_page_says_nothing_of_pages(store_path):
    rows, notes = due_by(store_path)
    assert rows == all_rows(store_path)
    assert "Note: rows" not in notes


def test_the_page_is_printed_before_its_count_is_run(store_path, monkeypatch):
    """The count behind "rows 1-5 of N" reads the whole list (tens of seconds at 100,000
    plans, where a streaming page takes milliseconds): the rows are out before it runs. Failure
    injection: a fake count that fails (StoreError) — the page is printed all the same."""
    import policykg.commands.query as query_command
    from policykg.graph.stores.base import StoreError

    def failing_count(store, query, values, timeout):   # a fake, for failure injection only
        raise StoreError("the count failed (injected)")

    monkeypatch.setattr(query_command, "total", failing_count)
    every = all_rows(store_path)
    args = ["query", "due-by", "-p", "year=2025", "-p", "limit=5", "--format", "json",
            "--store", str(store_path)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert json.loads(result.stdout) == every[:5]
    assert "Error: the count failed (injected)" in result.stderr
    assert "Traceback" not in result.output


def test_a_count_past_its_timeout_says_more_than(store_path, monkeypatch):
    """The count is given --count-timeout seconds (10 by default: due-by's count reads ~390 M
    db hits at 100,000 plans); past them the note says "of more than" the rows shown and still
    gives the next page. Failure injection: a fake count that times out as a store does
    (StoreTimeout); tests/stores/test_neo4j_store.py checks that both engines do."""
    import policykg.commands.query as query_command
    from policykg.graph.stores.base import StoreTimeout

    given = []

    def slow_count(store, query, values, timeout):   # a fake, for failure injection only
        given.append(timeout)
        if timeout is None:
            return len(every)
        raise StoreTimeout(f"the read took more than {timeout:g} s")

    every = all_rows(store_path)
    monkeypatch.setattr(query_command, "total", slow_count)
    rows, notes = due_by(store_path, "-p", "limit=5", "--count-timeout", "2.5")
    assert rows == every[:5] and given == [2.5]
    assert ("Note: rows 1-5 of more than 5 (counting them all took over 2.5 s: "
            "--count-timeout 0 waits for the count); the next page: -p skip=5 -p limit=5") in notes
    rows, notes = due_by(store_path, "-p", "limit=5")
    assert given == [2.5, 10.0]          # the default
    rows, notes = due_by(store_path, "-p", "limit=5", "--count-timeout", "0")
    assert given == [2.5, 10.0, None]    # no limit of its own: the count is waited for
    assert f"Note: rows 1-5 of {len(every)}; the next page: -p skip=5 -p limit=5" in notes
