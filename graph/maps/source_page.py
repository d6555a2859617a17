"""The annotated source view (graph/maps/source.py) as one self-contained HTML file.

The page's template is source.html. As with the maps (render.py), nothing is fetched: a
Content-Security-Policy forbids every request, and every character of the document (its text,
titles, names, warnings) reaches the page only as JSON in a non-executable
<script type="application/json"> with <, > and & escaped, written into the page with
textContent. The template itself holds only policykg's own words and colours. The same view
gives the same bytes.
"""

from __future__ import annotations

from pathlib import Path

from .render import render_page, script_json
from .source import KINDS, Highlight, Note, SourceView

TEMPLATE = "source.html"


def fact_data(highlight: Highlight) -> dict:
    return {"id": highlight.id, "kind": highlight.kind, "start": highlight.start,
            "end": highlight.end, "label": highlight.label, "key": highlight.key,
            "via": highlight.via, "role": highlight.role, "task": highlight.task,
            "details": [list(pair) for pair in highlight.details],
            "placed": highlight.placed}


def note_data(note: Note) -> dict:
    return {"what": note.what, "text": note.text, "key": note.key, "fact": note.fact}


def page_data(view: SourceView) -> dict:
    """Everything the page shows of the document, for the JSON block."""
    return {"plan": view.plan, "title": view.title, "doc_number": view.doc_number,
            "path": view.path, "text": view.text,
            "lines": [[start, [[a, b, list(ids)] for a, b, ids in pieces]]
                      for start, pieces in view.lines],
            "facts": [fact_data(h) for h in view.highlights],
            "kinds": {kind: text for kind, (text, _) in KINDS.items()},
            "colours": {kind: colour for kind, (_, colour) in KINDS.items()},
            "warnings": [note_data(note) for note in view.warnings],
            "unresolved": [note_data(note) for note in view.unresolved]}


def legend(view: SourceView) -> list[dict]:
    counts: dict[str, int] = {}
    for highlight in view.highlights:
        counts[highlight.kind] = counts.get(highlight.kind, 0) + 1
    return [{"kind": kind, "text": text, "colour": colour, "count": counts.get(kind, 0)}
            for kind, (text, colour) in KINDS.items()]


def render_source(view: SourceView) -> str:
    return render_page(
        TEMPLATE, legend=legend(view), data_json=script_json(page_data(view)),
        fact_count=len(view.highlights), line_count=len(view.lines))


def write_source(view: SourceView, path: Path) -> None:
    path.write_text(render_source(view), encoding="utf-8")
