"""Tables copied from PDF one cell a line: rows gathered from the lines below the header.
"""

from __future__ import annotations

from .mapped import MappedStr
from .text_table_fit import HEADING, fit
from .text_table_header import _header_run
from .text_table_lines import HARD_STOP, MAX_ROW_LINES, Cleaner, Row, TextTable, _Lines, _page_mark
from .text_table_reader import _Reader


def read_cell_lines(lines: _Lines, start: int, width: int, clean: Cleaner) -> TextTable:
    """A header of ``width`` lines at ``start``, one cell a line below it (copied from PDF).

    Lines are gathered into a row until ``_row_ends``; a row that does not read as a row of
    the table (``_Reader.accept``) ends the table before it, so prose after a table stays
    prose."""
    header = [lines.plain[i] for i in range(start, start + width)]
    reader = _Reader(lines, header, start, clean)
    need = width - sum(1 for kind in reader.kinds if kind in ("task", "category"))
    cells: list[MappedStr] = []
    row_line = row_end = end = start + width
    blanks = 0
    index = start + width
    while index < len(lines.plain):
        text = lines.plain[index]
        if "\t" in lines.raw[index] or HARD_STOP.match(text):
            break
        if not text or _page_mark(lines, index):
            blanks += not text
            index += 1
            continue
        run = _header_run(lines, index)
        if run:
            if [lines.plain[i] for i in range(index, index + run)] != header:
                break  # another table's header: that table starts here
            index += run  # quirk: the header printed again after a page break
            blanks = 0
            continue
        if cells and not _row_ends(reader, cells, text, blanks, need, width):
            # an empty line inside a row is an empty cell (quirk of PDF copies)
            cells.extend(MappedStr.empty(lines.offsets[index]) for _ in range(blanks))
        else:
            if cells:
                if not reader.accept(cells, row_line, lines.offsets[index]):
                    break
                end, cells = row_end, []
            if reader.is_category(text):
                reader.set_category(index)
                index, blanks = index + 1, 0
                continue
            if reader.has_number and not reader.starts_row(text):
                break
            row_line = index + 1
        blanks = 0
        cells.append(lines.whole(index))
        row_end = index + 1
        if len(cells) > MAX_ROW_LINES:
            cells = []
            break
        index += 1
    if cells and reader.accept(cells, row_line, lines.offsets[row_end - 1]):
        end = row_end
    header_row = Row([clean(lines.whole(i)) for i in range(start, start + width)], start + 1)
    return TextTable(start, end if reader.rows else start + width, header_row, reader.rows)


def _row_ends(reader: _Reader, cells: list[MappedStr], text: str, blanks: int, need: int,
              width: int) -> bool:
    """Whether the line ``text`` begins a new row after ``cells`` of the current one."""
    if blanks and reader.is_category(text) and len(cells) >= max(2, need - 2):
        return True  # 二、数据共享 after a row: a category row of its own
    if len(cells) >= width and HEADING.match(text):
        return True  # a full row, then 二、重点任务: the table has ended (or a category row)
    if reader.has_number:
        # the 序号 cell alone on a line starts a row; a value cell of the same number does not,
        # so the row must already hold most of its cells
        return reader.starts_row(text, cells) and len(cells) >= max(2, need - 2)
    if blanks and len(cells) >= need:
        return True
    if not blanks and len(cells) >= width:
        return True  # no blank lines between rows: the header's column count ends a row
    last = reader.kinds[-1]
    return len(cells) >= need - 1 and fit(cells[-1].text, last) >= 2.5 and (
        blanks > 0 or len(cells) >= need)
