"""PlanRecord.from_dict is the inverse of to_dict, and a record line (loaders/record_lines.py)
carries everything the graph reads: the record read back equals the record, field for field,
and gives the same evidence (line, column, page, context) for every span."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policykg.graph.build import records_to_graph
from policykg.loaders.documents.model import Origin, Piece
from policykg.loaders.locations import SpanLocations
from policykg.loaders.plan import extract_plan
from policykg.loaders.record import PlanRecord
from policykg.loaders.record_lines import (
    RecordLineError,
    page_runs,
    read_record_line,
    record_line,
)

SEEDS = sorted((Path(__file__).resolve().parents[2] / "samples" / "plans").glob("*.txt"))


@pytest.fixture(scope="module", params=SEEDS, ids=[seed.name[:3] for seed in SEEDS])
def record(request) -> PlanRecord:
    return extract_plan(request.param)


def test_from_dict_inverts_to_dict(record):
    data = json.loads(json.dumps(record.to_dict(), ensure_ascii=False))
    back = PlanRecord.from_dict(data)
    assert back.to_dict() == record.to_dict()
    assert back.tasks[0].title == record.tasks[0].title and back.tasks[0].title


def test_a_record_line_gives_the_record_back_whole(record):
    line = read_record_line(json.loads(json.dumps(record_line(record), ensure_ascii=False)))
    assert line.record == record   # the graph's fields too (title_key, forms, jurisdictions)
    assert line.text == record.locations.text
    assert any(agency.forms for agency in record.agencies) or not record.agency_foldings


def test_the_graph_of_a_line_is_the_graph_of_the_file(record):
    back = read_record_line(json.loads(json.dumps(record_line(record)))).record
    first, again = (records_to_graph([r]).documents[0] for r in (record, back))
    assert [(n.key, n.properties, n.evidence) for n in first.nodes] == \
        [(n.key, n.properties, n.evidence) for n in again.nodes]
    assert [(r.key, r.properties, r.evidence) for r in first.relationships] == \
        [(r.key, r.properties, r.evidence) for r in again.relationships]


def test_page_runs_keep_every_span_on_its_page():
    text = "第一页的字\n\n第二页的字\n页码"
    pieces = [Piece(0, 3, Origin(page=1)), Piece(3, 5, Origin(page=1)),   # touching: merged
              Piece(7, 12, Origin(page=2)), Piece(13, 15, Origin())]      # a gap stays
    runs = page_runs(pieces)
    assert runs == [[0, 5, 1], [7, 12, 2], [13, 15, None]]
    whole = SpanLocations(text, (), pieces)
    merged = SpanLocations(text, (), [Piece(s, e, Origin(page=p)) for s, e, p in runs])
    for start in range(len(text)):
        for end in range(start, len(text) + 1):
            assert whole.page(start, end) == merged.page(start, end), (start, end)
    assert page_runs([Piece(0, 3, Origin(paragraph=1))]) == []   # no pages: nothing to keep


@pytest.mark.parametrize(("line", "says"), [
    ([1, 2], "not a JSON object"),
    ({"record": {}, "graph": {}, "text": ""}, "not a plan record (no 'source')"),
    ({"source": {}, "plan": {}}, "a record alone"),
    ({"record": {}}, "no graph, text"),
])
def test_a_line_that_is_no_record_says_why(line, says):
    with pytest.raises(RecordLineError, match=r"^" + says.replace("(", r"\(").replace(")", r"\)")):
        read_record_line(line)


def test_a_line_whose_text_is_not_the_records_is_refused():
    data = record_line(extract_plan(SEEDS[0]))
    data["text"] = data["text"][:-1]
    with pytest.raises(RecordLineError, match="the text is not the one the record was read"):
        read_record_line(data)
