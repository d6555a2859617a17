"""Tables from ``pdftotext -layout``: cells aligned in columns by runs of spaces, a wrapped
cell's lines joined in its column.
"""

from __future__ import annotations

import re

from .mapped import MappedStr
from .text_table_fit import CATEGORY, HEADING, LONE_NUMBER, _join
from .text_table_header import aligned_header, squeeze
from .text_table_lines import (
    HARD_STOP,
    MAX_ROW_LINES,
    Cleaner,
    Row,
    TextTable,
    _fragments,
    _Lines,
    _page_mark,
)
from .text_table_reader import _Reader

YEAR_NOTE = re.compile(r"^[（(]\d{4}年?[）)]$|^\d{4}年$")


def read_aligned(lines: _Lines, start: int, clean: Cleaner) -> TextTable:
    """A header line at ``start`` with its words aligned over columns (pdftotext -layout):
    the column bounds from the gutters of the table (positions blank on every line), the
    rows by blank lines or by the 序号 cell, a wrapped cell's lines joined in its column."""
    spans = _fragments(lines.folded[start])
    names = [lines.folded[start][a:b] for a, b in spans]
    header = [[lines.piece(start, a, b)] for a, b in spans]
    head_end = start + 1
    note = _fragments(lines.folded[head_end]) if head_end < len(lines.folded) else []
    if note and all(YEAR_NOTE.match(lines.folded[head_end][a:b]) for a, b in note):
        # quirk: 现状 / 目标 with their year wrapped onto a second header line
        for a, b in note:
            column = min(range(len(spans)), key=lambda j: abs(spans[j][0] + spans[j][1] - a - b))
            names[column] += lines.folded[head_end][a:b]
            header[column].append(lines.piece(head_end, a, b))
        head_end += 1
    reader = _Reader(lines, names, start, clean)
    extent = _aligned_extent(lines, head_end, spans, names)
    bounds = _bounds(lines, [start, *extent], spans)
    groups = _aligned_groups(lines, extent, bounds, reader)
    end = head_end
    for group in groups:
        if len(group) == 1 and reader.is_category(lines.plain[group[0]]) \
                and len(_fragments(lines.folded[group[0]])) == 1:
            reader.set_category(group[0])
            continue
        if not reader.keep(_aligned_cells(lines, group, bounds, clean), group[0] + 1):
            break
        end = group[-1] + 1
    return TextTable(start, end, Row([_join(cell, clean, 0) for cell in header], start + 1),
                     reader.rows)


def _aligned_extent(lines: _Lines, first: int, spans: list[tuple[int, int]],
                    names: list[str]) -> list[int]:
    """The lines below the header that can belong to the table (blank lines excluded): up
    to a hard stop, another header, or a line of prose wider than the column it starts in."""
    found: list[int] = []
    header_text = [squeeze(name) for name in names]
    for index in range(first, len(lines.plain)):
        text = lines.plain[index]
        if "\t" in lines.raw[index] or HARD_STOP.match(text):
            break
        if not text or _page_mark(lines, index):
            continue
        pieces = _fragments(lines.folded[index])
        if aligned_header(lines.folded[index]):
            if [squeeze(lines.folded[index][a:b]) for a, b in pieces] != header_text[:len(pieces)]:
                break
            continue  # quirk: the header printed again after a page break
        if len(pieces) == 1:
            a, b = pieces[0]
            column = max((j for j, span in enumerate(spans) if span[0] <= a + 2), default=0)
            room = spans[column + 1][0] - spans[column][0] if column + 1 < len(spans) else 40
            if b - a > max(12, 1.5 * room) and not CATEGORY.match(text):
                break  # prose after the table
        found.append(index)
    return found


def _bounds(lines: _Lines, indexes: list[int], spans: list[tuple[int, int]]) -> list[int]:
    """Start position of each column: the widest gutter (positions blank on nearly every line
    of the table) between two header words, else the middle of the gap between them."""
    width = max(len(lines.folded[i]) for i in indexes) + 1
    used = [0] * width
    for index in indexes:
        for a, b in _fragments(lines.folded[index]):
            for position in range(a, b):
                used[position] += 1
    allowed = len(indexes) // 20
    bounds = [0]
    for j in range(1, len(spans)):
        low, high = spans[j - 1][0] + 1, spans[j][1]
        best, run_start, best_run = None, None, 0
        for position in range(low, high + 1):
            empty = position < high and used[position] <= allowed
            if empty and run_start is None:
                run_start = position
            elif not empty and run_start is not None:
                if position - run_start > best_run:
                    best, best_run = position, position - run_start
                run_start = None
        bounds.append(best if best is not None else (spans[j - 1][1] + spans[j][0]) // 2)
    return bounds


def _column_of(position: int, bounds: list[int]) -> int:
    column = 0
    while column + 1 < len(bounds) and bounds[column + 1] <= position:
        column += 1
    return column


def _aligned_groups(lines: _Lines, extent: list[int], bounds: list[int],
                    reader: _Reader) -> list[list[int]]:
    """The table's lines grouped into rows: by blank lines when rows are separated by them,
    else a row starts at a line with the next 序号 (or, with no 序号 column, a numbered
    label in the first text column)."""
    if not extent:
        return []
    gaps = sum(1 for k in range(len(extent) - 1) if extent[k + 1] - extent[k] > 1 and not any(
        _page_mark(lines, i) for i in range(extent[k] + 1, extent[k + 1])))
    # one blank line in a table with a 序号 column is the table's end, not a row separator
    separated = gaps >= (2 if reader.has_number else 1)
    groups: list[list[int]] = []
    first_text = next((j for j, kind in enumerate(reader.kinds) if kind in ("task", "text")), 0)
    for position, index in enumerate(extent):
        pieces = _fragments(lines.folded[index])
        starts = {_column_of(a, bounds): lines.folded[index][a:b] for a, b in pieces}
        if separated:
            new = position == 0 or extent[position - 1] != index - 1
        elif reader.has_number:
            number = starts.get(reader.kinds.index("number"), "")
            new = bool(LONE_NUMBER.match(number))
        else:
            new = bool(HEADING.match(starts.get(first_text, "")))
        if len(pieces) == 1 and CATEGORY.match(lines.plain[index]) and reader.is_category(
                lines.plain[index]):
            new = True  # a category row of its own
        if new or not groups:
            groups.append([index])
        else:
            groups[-1].append(index)
        if len(groups[-1]) > MAX_ROW_LINES:
            break
    return groups


def _aligned_cells(lines: _Lines, group: list[int], bounds: list[int],
                   clean: Cleaner) -> list[MappedStr]:
    """One row's cells: each column's pieces, line by line, joined."""
    pieces: list[list[MappedStr]] = [[] for _ in bounds]
    for index in group:
        for a, b in _fragments(lines.folded[index]):
            pieces[_column_of(a, bounds)].append(lines.piece(index, a, b))
    at = lines.offsets[group[0]]
    return [_join(column, clean, at) for column in pieces]
