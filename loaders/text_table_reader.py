"""The state of one text table being read: which candidate rows it keeps, its category rows,
and what its rows so far say of the next (序号, task labels, the task column's width).
"""

from __future__ import annotations

from .mapped import MappedStr
from .text_table_fit import (
    CATEGORY,
    HEADING,
    LONE_NUMBER,
    _join,
    align,
    fit,
    label_number,
    label_style,
)
from .text_table_header import column_type, squeeze
from .text_table_lines import Cleaner, Row, _Lines


class _Reader:
    """Shared state of one table being read: its columns, the number the next row must carry,
    the category row above, and the rows read so far."""

    def __init__(self, lines: _Lines, header: list[str], first: int, clean: Cleaner):
        self.lines, self.clean, self.first = lines, clean, first
        self.names = [squeeze(word) for word in header]
        self.kinds = [column_type(name) for name in self.names]
        if self.kinds.count("task") > 1:  # 重点任务 then 工作任务: the second holds the measures
            second = self.kinds.index("task", self.kinds.index("task") + 1)
            self.kinds[second] = "text"
        self.has_number = "number" in self.kinds
        self.indicator = "name" in self.kinds
        self.expected: int | None = None
        self.category: MappedStr | None = None
        self.task_style: str | None = None
        self.task_number: int | None = None
        self.task_width: int | None = None   # characters a task column's line holds, if seen
        self.rows: list[Row] = []

    def is_category(self, text: str) -> bool:
        """一、服务能力 on a row of its own: a spanning category row (quirk of indicator tables
        and of task tables grouped by section); （一） only in indicator tables, where it is no
        task label."""
        if not CATEGORY.match(text):
            return False
        return self.indicator or not text.startswith(("（", "("))

    def starts_row(self, text: str, cells: list[MappedStr] | None = None) -> bool:
        """A lone number that is the next row's number: one more than the 序号 of the row
        being read (``cells``) or of the last row kept; the first row's is 1 to 3."""
        if not LONE_NUMBER.match(text):
            return False
        if cells and LONE_NUMBER.match(cells[0].text):
            return int(text) == int(cells[0].text) + 1
        return int(text) == self.expected if self.expected is not None else int(text) <= 3

    def accept(self, cells: list[MappedStr], line: int, at: int) -> bool:
        """Align a candidate row of lines and keep it when it reads as a row of this table."""
        columns, score = align(cells, self.kinds, self.adjust)
        kept = score >= 0 and self.keep([_join(pieces, self.clean, at) for pieces in columns],
                                        line)
        if kept and "task" in self.kinds:
            pieces = columns[self.kinds.index("task")]
            if len(pieces) >= 2:   # a wrapped task cell shows the column's width
                width = max(len(piece.text.strip()) for piece in pieces[:-1])
                self.task_width = max(self.task_width or 0, width)
        return kept

    def adjust(self, text: str, kind: str, longest: int = 0) -> float:
        """A task cell labelled otherwise than the table's first (（一） in the task column,
        1. in the measures column; or titles without a number), numbered other than the next
        task, or with a line wider than the task column's wrapped lines showed it to be (a
        PDF copy wraps a cell at its column's width): not the task cell but a measure that
        begins a row whose task cell spans from above."""
        if kind != "task" or self.task_style is None or not text:
            return 0.0
        if self.task_width is not None and longest > self.task_width + 2:
            return -3.0   # wider than the task column's lines: a measure's line
        style = label_style(text)
        if style != self.task_style and not (self.task_style == "plain"
                                             and style in ("cn-paren", "cn")):
            # titles without a number beside one numbered （二）: a task cell still; a
            # measure numbered 7. is not
            return -3.0
        number = label_number(text)
        if number is not None and self.task_number is not None \
                and number not in (self.task_number, self.task_number + 1):
            return -3.0   # 2.加强… then 5.建立…: a measure numbered as its row, not task 3
        return 0.0

    def keep(self, row: list[MappedStr], line: int) -> bool:
        """Keep a row whose cells are placed when it reads as a row of this table: two cells
        or more, one of them a number, unit, date or value that fits its column, and the
        next 序号 when the table has a 序号 column."""
        filled = [cell for cell in row if cell.text]
        typed = sum(1 for cell, kind in zip(row, self.kinds, strict=True)
                    if cell.text and kind not in ("text", "task", "name", "other", "category")
                    and fit(cell.text, kind) > 0)
        if len(filled) < 2 or typed == 0:
            return False
        if self.has_number:
            number = row[self.kinds.index("number")].text
            if not LONE_NUMBER.match(number) or (self.expected is not None
                                                 and int(number) != self.expected):
                return False
            self.expected = int(number) + 1
        extra = {"category": self.category} if self.category is not None else {}
        self.rows.append(Row(row, line, extra))
        task = row[self.kinds.index("task")].text if "task" in self.kinds else ""
        if task:
            self.task_style = self.task_style or label_style(task)
            self.task_number = label_number(task)
        return True

    def set_category(self, index: int) -> None:
        """The category for the rows below, without its 一、 (as a category column writes it)."""
        text = self.clean(self.lines.whole(index))
        marker = HEADING.match(text.text)
        self.category = text[marker.end():].strip() if marker else text
