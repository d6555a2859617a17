"""How much of the plan the record accounts for (the record's `understanding`), with a
warning where it is little."""

from __future__ import annotations

from .mapped import Span, joined_span
from .metadata import Regions
from .record import Indicator, RecordWarning, Task
from .tables import Table

LOW_COVERAGE = 0.6   # below this share of the body inside a task, row or indicator: warn


def understanding_of(text: str, regions: Regions, tables: list[Table], tasks: list[Task],
                   indicators: list[Indicator], warnings: list[RecordWarning]) -> dict:
    """How much of the plan the record accounts for, and warnings where it is little.

    The body is the body region's paragraphs and the rows of every table found (a plan may
    state its tasks only in an attached table); it is covered where a task, safeguard, table
    row or indicator spans it. Characters are counted without whitespace, over merged
    intervals: linear in the text, whatever the number of spans.
    """
    body = _merge([p.text.span() for p in regions.body if p.kind != "break" and len(p.text)]
                  + [_row_span(row) for table in tables for row in table.rows])
    covered = _merge([t.span for t in tasks] + [a.span for t in tasks for a in t.assignments]
                     + [i.span for i in indicators])
    inside, gaps = _split_by(body, covered)
    body_characters = sum(_solid(text, start, end) for start, end in body)
    covered_characters = sum(_solid(text, start, end) for start, end in inside)
    coverage = round(covered_characters / body_characters, 3) if body_characters else 0.0
    with_units = [t for t in tasks if t.responsible]
    units_share = round(len(with_units) / len(tasks), 3) if tasks else None
    rows_read = sum(len(t.assignments) for t in tasks) \
        + sum(1 for i in indicators if i.source == "table")
    any_unit = bool(with_units) or any(i.responsible for i in indicators) or any(
        a.responsible for t in tasks for a in t.assignments)

    if body_characters and coverage < LOW_COVERAGE:
        widest = max(gaps, key=lambda gap: _solid(text, *gap), default=None)
        where = ""
        span = None
        if widest is not None and _solid(text, *widest):
            span = Span(*widest)
            excerpt = "".join(text[widest[0]:widest[1]].split())
            where = (f"; the longest stretch outside them begins 「{excerpt[:24]}」 "
                     f"({_solid(text, *widest)} characters)")
        warnings.append(RecordWarning(
            "low-coverage", f"only {covered_characters} of {body_characters} body characters "
            f"({coverage:.0%}) are inside a task, safeguard, table row or indicator{where}",
            span))
    if tasks and not any_unit:
        warnings.append(RecordWarning(
            "no-units", f"the plan has {len(tasks)} tasks and safeguards but names no "
            "responsible unit anywhere (not in a task, a table row or an indicator)"))
    elif len(tasks) - len(with_units) > len(tasks) / 2:
        without = [t for t in tasks if not t.responsible]
        named = "、".join(f"{t.id} 「{t.title[:12]}」" for t in without[:3])
        warnings.append(RecordWarning(
            "most-tasks-without-units", f"{len(without)} of {len(tasks)} tasks and safeguards "
            f"name no responsible unit ({named}{' …' if len(without) > 3 else ''})"))
    return {
        "body_characters": body_characters,
        "covered_characters": covered_characters,
        "coverage": coverage,
        "tasks": len(tasks),
        "tasks_with_units": len(with_units),
        "units_share": units_share,
        "tables_seen": len(tables),
        "table_rows_read": rows_read,
    }


def _row_span(row) -> Span:
    filled = [c for c in row.cells if len(c)]
    return joined_span(filled)


def _merge(spans: list[Span]) -> list[tuple[int, int]]:
    """Sorted, disjoint (start, end) intervals covering the same characters as ``spans``."""
    merged: list[tuple[int, int]] = []
    # sorted as (start, end) pairs: the order of Spans, without a Python __lt__ per comparison
    for start, end in sorted((s.start, s.end) for s in spans if s.end > s.start):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _split_by(body: list[tuple[int, int]], covered: list[tuple[int, int]]
              ) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The parts of ``body`` inside ``covered`` and those outside (both merged, sorted):
    one walk over the two lists."""
    inside: list[tuple[int, int]] = []
    outside: list[tuple[int, int]] = []
    index = 0
    for start, end in body:
        position = start
        while index < len(covered) and covered[index][1] <= position:
            index += 1
        scan = index
        while scan < len(covered) and covered[scan][0] < end:
            cover_start, cover_end = covered[scan]
            if cover_start > position:
                outside.append((position, cover_start))
            inside.append((max(position, cover_start), min(end, cover_end)))
            position = min(end, cover_end)
            if cover_end > end:
                break
            scan += 1
        index = scan
        if position < end:
            outside.append((position, end))
    return inside, outside


def _solid(text: str, start: int, end: int) -> int:
    """Characters of ``text[start:end]`` that are not whitespace."""
    return sum(len(piece) for piece in text[start:end].split())

