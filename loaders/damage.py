"""Damage to the document: what its reader noticed, lost digits, characters lost in
conversion (U+FFFD), a plan with no tasks, and a text that ends mid-sentence."""

from __future__ import annotations

import re

from .documents import Document
from .mapped import Span
from .metadata import Regions
from .record import RecordWarning, Task
from .rules.lost_digits import find_lost_numbers
from .source import SourceText


def document_warnings(source: SourceText | Document, regions: Regions,
                       tasks: list[Task]) -> list[RecordWarning]:
    warnings = []
    for note in getattr(source, "notes", ()):   # what the reader of a PDF, scan ... noticed
        span = Span(note.start, note.end) if note.start is not None else None
        warnings.append(RecordWarning(note.code, note.message, span))
    for lost in find_lost_numbers(source.text):
        warnings.append(RecordWarning("lost-number", lost.message, Span(lost.start, lost.end)))
    for found in re.finditer("\ufffd+", source.text):
        warnings.append(RecordWarning("replacement-character",
                                "a character was lost in conversion (U+FFFD in the text)",
                                Span(found.start(), found.end())))
    if not tasks:
        warnings.append(RecordWarning("no-tasks", "no numbered tasks found in the document"))
    body_texts = [p for p in regions.body if p.kind == "text"]
    if body_texts and not regions.back:
        last = body_texts[-1].text
        if last.text and last.text[-1] not in "。）)！？!?”":
            warnings.append(RecordWarning(
                "document-truncated",
                f"the document ends mid-sentence (「…{last.text[-20:]}」); text may be missing",
                last.span(len(last) - 1, len(last))))
    return warnings
