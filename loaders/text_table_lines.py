"""What a table written without tabs is read from and into: the decoded text's lines
(``_Lines``), their runs of text, page marks and hard stops, and the ``Row`` and
``TextTable`` a reader builds.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .mapped import MappedStr

MAX_ROW_LINES = 40        # a row longer than this is not a row: the table ended before it
SEARCH_WINDOW = 12        # lines after a header searched for the first row
HARD_STOP = re.compile(r"^(?:附件|附表)\s*(?:\d{1,2}|[：:]|$)|^抄送[：:]|^主题词|"
                       r".{2,40}\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印发$")
PAGE_MARK = re.compile(r"^[\-－—―–]+\s*\d{1,3}\s*[\-－—―–]+$|^第\s*\d+\s*页(?:共\s*\d+\s*页)?$|"
                       r"^[\x0c\s]*$")
FRAGMENT = re.compile(r"\S+(?: \S+)*")   # a run of text; two or more spaces end it

Cleaner = Callable[[MappedStr], MappedStr]


@dataclass
class Row:
    """One table row: its cells in header order, and cells the layout implies without a
    column (the category row 一、服务能力 above an indicator's row: ``extra["category"]``)."""

    cells: list[MappedStr]
    line: int
    extra: dict[str, MappedStr] = field(default_factory=dict)


@dataclass
class TextTable:
    """A table found in lines[start:end]; ``header`` is its header row (first of ``rows``)."""

    start: int
    end: int
    header: Row
    rows: list[Row]


@dataclass
class _Lines:
    """The decoded text's lines: offset, raw line, width-folded line (same length), stripped."""

    offsets: list[int]
    raw: list[str]
    folded: list[str]
    plain: list[str]

    def piece(self, index: int, start: int, end: int) -> MappedStr:
        return MappedStr.from_source(self.raw[index][start:end], self.offsets[index] + start)

    def whole(self, index: int) -> MappedStr:
        raw = self.raw[index]
        left = len(raw) - len(raw.lstrip())
        return self.piece(index, left, len(raw.rstrip()))


def _page_mark(lines: _Lines, index: int) -> bool:
    return bool(PAGE_MARK.match(lines.plain[index])) and bool(lines.plain[index].strip("\x0c "))


def _fragments(folded: str) -> list[tuple[int, int]]:
    """(start, end) of each run of text in a line; two or more spaces end a run."""
    return [match.span() for match in FRAGMENT.finditer(folded)]
