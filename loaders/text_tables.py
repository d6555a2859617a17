"""Tables written as plain text without tabs, found from their header and rebuilt into rows.

Two layouts reach us that the tab convention of loaders/tables.py does not cover:

* copied from PDF, one cell a line: a header of words (序号 / 重点任务 / 具体措施 / 牵头单位 …)
  one a line, rows separated by blank lines or not at all, the 序号 cell alone on a line, a
  spanning 重点任务 cell written only on the first of its rows, an empty cell written as an
  empty line, the header printed again after a page break;
* ``pdftotext -layout``: cells aligned in columns by runs of spaces, a long cell wrapped over
  several physical lines, its continuation lines aligned under its column.

Both are rebuilt into ``Row`` objects whose cells are ``MappedStr`` slices of the decoded text
(evidence spans stay exact); loaders/normalize.py emits them as "cell" paragraphs and
loaders/tables.py reads them with the same row logic as the tab tables. Every step walks the
lines once; a row is aligned to the columns by a small dynamic programme bounded by
MAX_ROW_LINES and the header width, so the whole is linear in the text.

This module finds the tables (``find_text_tables``); the work is done by
text_table_header.py (header words and column kinds), text_table_cells.py (one cell a line),
text_table_aligned.py (aligned by spaces), text_table_fit.py (a cell's fit to a column and a
row's alignment), text_table_reader.py (which rows a table keeps) and text_table_lines.py
(the lines read and the rows built). Their names stay importable from here.
"""

from __future__ import annotations

from .text_table_aligned import read_aligned
from .text_table_cells import read_cell_lines
from .text_table_fit import CATEGORY, HEADING, LONE_NUMBER, align, fit, label_number, label_style
from .text_table_header import (
    HEADER_WORDS,
    UNIT_OR_INDICATOR_HEADER,
    _header_run,
    aligned_header,
    column_type,
    header_ok,
    is_header_word,
    squeeze,
)
from .text_table_lines import (
    HARD_STOP,
    MAX_ROW_LINES,
    SEARCH_WINDOW,
    Cleaner,
    Row,
    TextTable,
    _Lines,
)


def find_text_tables(offsets: list[int], raw: list[str], folded: list[str], plain: list[str],
                     clean: Cleaner) -> list[TextTable]:
    """Every table written without tabs, in order, each from its header: a run of three or
    more header-word lines (one cell a line) or one line of header words aligned by spaces."""
    lines = _Lines(offsets, raw, folded, plain)
    tables: list[TextTable] = []
    index = 0
    while index < len(plain):
        run = _header_run(lines, index)
        if run >= 3 and header_ok(plain[index:index + run]):
            table = read_cell_lines(lines, index, run, clean)
        elif run == 0 and plain[index] and aligned_header(folded[index]):
            table = read_aligned(lines, index, clean)
        else:
            index += max(run, 1)
            continue
        tables.append(table)
        index = max(table.end, index + 1)
    return tables


__all__ = [
    "CATEGORY", "HARD_STOP", "HEADER_WORDS", "HEADING", "LONE_NUMBER", "MAX_ROW_LINES",
    "SEARCH_WINDOW", "UNIT_OR_INDICATOR_HEADER", "Cleaner", "Row", "TextTable", "align",
    "aligned_header", "column_type", "find_text_tables", "fit", "header_ok", "is_header_word",
    "label_number", "label_style", "read_aligned", "read_cell_lines", "squeeze",
]
