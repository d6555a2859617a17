"""A plan record as one line of JSONL: what `extract --format build-jsonl` writes and
`build --from-records` writes into a store exactly as a build from the file would.

The schema's record (``to_dict``) is not enough for that: the graph also reads what the
loader decided and the JSON leaves out (loaders/record.py, "not in the schema: for the
graph"), and the build keeps each source's text (for `show`, and to write a document again
when its place among the versions changes) and places every piece of evidence by line,
column, page and sentence, which are read from the text. So a line is one JSON object:

    {"record": {...the schema's record...},
     "graph": {"title_key", "issuer_jurisdiction", "citation_title_keys", "agencies",
               "hospital_jurisdictions", "pages"},
     "text": "the text the rules read (spans index it)"}

or, for a file that failed to load, ``{"failed": "path", "message": "one line"}`` (so a
build from the lines fails that path as a build from the files would, and --prune keeps the
document stored at it). ``pages`` are the document's pieces as [start, end, page] runs
(the only part of a piece the locations read); empty for a document without pages.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from .documents.model import Origin, Piece
from .locations import SpanLocations
from .normalize import normalise
from .record import AgencyForm, PlanRecord


class RecordLineError(ValueError):
    """A line that is not a record line: the reason, without the file and line number."""


@dataclass(frozen=True)
class RecordLine:
    """One line read: a record with its text, or a failure of the file at ``path``."""

    path: str
    record: PlanRecord | None = None
    text: str = ""
    message: str = ""      # why the file failed (record is None)


def record_line(record: PlanRecord) -> dict[str, Any]:
    """The line of a record made from its text (``record.locations`` holds the text)."""
    if record.locations is None:
        raise ValueError(f"{record.source.path}: a record without its text has no line")
    locations = record.locations
    return {
        "record": record.to_dict(),
        "graph": {
            "title_key": record.plan.title_key,
            "issuer_jurisdiction": record.plan.issuer_jurisdiction,
            "citation_title_keys": [c.title_key for c in record.citations],
            "agencies": [{"jurisdiction": a.jurisdiction,
                          "forms": [[f.written, f.kind, f.rule] for f in a.forms]}
                         for a in record.agencies],
            "hospital_jurisdictions": record.hospital_jurisdictions,
            "pages": page_runs(locations.pieces),
        },
        "text": locations.text,
    }


def failure_line(path: str, message: str) -> dict[str, str]:
    return {"failed": path, "message": message}


def page_runs(pieces: list[Piece]) -> list[list[int | None]]:
    """Pieces as [start, end, page], touching pieces of one page merged: the same page for
    every span as the pieces give (a gap between pieces stays a gap). Empty when no piece
    has a page (text, Word, web pages): then every span's page is None either way."""
    if not any(piece.origin.page is not None for piece in pieces):
        return []
    runs: list[list[int | None]] = []
    for piece in pieces:
        if runs and runs[-1][1] == piece.start and runs[-1][2] == piece.origin.page:
            runs[-1][1] = piece.end
        else:
            runs.append([piece.start, piece.end, piece.origin.page])
    return runs


def read_record_line(data: Any) -> RecordLine:
    """A parsed JSON line -> RecordLine; RecordLineError says what is wrong with it."""
    if not isinstance(data, dict):
        raise RecordLineError(f"not a JSON object but {type(data).__name__}")
    if "failed" in data:
        return RecordLine(str(data["failed"]), message=str(data.get("message", "")))
    if "source" in data and "plan" in data:
        raise RecordLineError("a record alone (extract --format jsonl): the build needs the "
                              "lines of extract --format build-jsonl")
    missing = [key for key in ("record", "graph", "text") if key not in data]
    if missing:
        raise RecordLineError(f"no {', '.join(missing)} (not a line of `policykg extract "
                              "--format build-jsonl`)")
    text = data["text"]
    try:
        record = PlanRecord.from_dict(data["record"])
        _add_graph_fields(record, data["graph"], text)
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as error:
        what = f"no {error}" if isinstance(error, KeyError) else str(error)
        raise RecordLineError(f"not a plan record ({what})") from None
    source = record.source
    if source.characters != len(text) or (
            source.text_sha256 is not None
            and source.text_sha256 != hashlib.sha256(text.encode("utf-8")).hexdigest()):
        raise RecordLineError(f"{source.path}: the text is not the one the record was read "
                              "from")
    return RecordLine(source.path, record, text)


def _add_graph_fields(record: PlanRecord, graph: dict[str, Any], text: str) -> None:
    """What to_dict() leaves out, from the line's ``graph`` and ``text``."""
    if not isinstance(text, str):
        raise TypeError("the text is not a string")
    record.plan.title_key = graph["title_key"]
    record.plan.issuer_jurisdiction = graph["issuer_jurisdiction"]
    keys = graph["citation_title_keys"]
    agencies = graph["agencies"]
    if len(keys) != len(record.citations) or len(agencies) != len(record.agencies):
        raise ValueError("the graph fields do not match the record's citations or agencies")
    for citation, key in zip(record.citations, keys, strict=True):
        citation.title_key = key
    for agency, extra in zip(record.agencies, agencies, strict=True):
        agency.jurisdiction = extra["jurisdiction"]
        agency.forms = [AgencyForm(written, kind, rule) for written, kind, rule in extra["forms"]]
    record.hospital_jurisdictions = dict(graph["hospital_jurisdictions"])
    pieces = [Piece(start, end, Origin(page=page)) for start, end, page in graph["pages"]]
    record.locations = SpanLocations(text, normalise(text), pieces)
