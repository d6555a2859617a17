"""Where a span of the text the rules read is, for someone reading the file: its 1-based line
and column, its page (for a document composed from pages: PDF, OFD, scans) and the sentence or
table row around it.

Offsets are what the rules and the record keep; an analyst follows ``path:line:column`` in an
editor instead, and reads the context to see what the fact was read from. ``SpanLocations`` is
built once a document (``build_record`` makes it from the text, the paragraphs normalise()
found and the document's pieces) and answers each span in O(log n) plus the few hundred
characters of its context: a sorted list of line starts and one of paragraph starts, searched
with bisect (never a count from the start of the text for each span).

Lines are those of the decoded text, ended by \\r\\n, \\r or \\n as normalise() splits them (for
a text file, the file's lines; for any other format, the lines `policykg text FILE` prints);
a column counts characters from the start of its line.

The context is the sentence (ended by 。！？；) of the paragraph the span starts in, its line
breaks joined, or the whole table row when the span is in a table (one cell a line with a
blank line after each row, or one row a line with tabs between the cells): its cells joined
by `` | ``. It is at most CONTEXT_LIMIT characters, cut around the span with … where it is
longer.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .documents.model import Piece
    from .mapped import Span
    from .normalize import Para

CONTEXT_LIMIT = 300
SENTENCE_ENDS = "。！？；"
CELL_SEPARATOR = " | "
OTHER_CELL_LIMIT = 40   # a row over the limit: the cells the span is not in cut to this
LINE_END = re.compile(r"\r\n|\r|\n")
# line breaks inside a paragraph, and the spaces around them (a PDF's wrapped lines)
BREAK = re.compile(r"[ \t\u3000]*(?:\r\n|\r|\n)[ \t\u3000\r\n]*")


@dataclass(frozen=True)
class Location:
    """Where a span starts: 1-based line and column of the text, the page (None when the
    document stage knows none: text files, Word, web pages) and the sentence or row around."""

    line: int
    column: int
    page: int | None
    context: str


class SpanLocations:
    """Spans of one text -> Location (see the module docstring)."""

    def __init__(self, text: str, paras: Sequence[Para] = (),
                 pieces: Sequence[Piece] = ()):
        self.text = text
        if "\r" in text:
            self.line_starts = [0] + [match.end() for match in LINE_END.finditer(text)]
        else:   # line breaks are \n alone: the starts are the running sum of the line lengths
            self.line_starts = list(itertools.accumulate(
                (len(line) + 1 for line in text.split("\n")[:-1]), initial=0))
        # the paragraphs and cells, in text order: bounds, and for a cell the row it is in
        self.para_starts: list[int] = []
        self.para_ends: list[int] = []
        self.para_rows: list[int] = []          # -1 for a paragraph of prose
        self.rows: list[list[str]] = []         # each row's cells (as normalised)
        open_row = False
        for para in paras:
            if para.kind != "cell":
                open_row = False
                if para.kind == "break":
                    continue
            span = para.text.span()
            whole_row = para.kind == "cell" and (para.row is not None or "\t" in para.text.text)
            if para.kind == "cell" and (whole_row or not open_row):
                self.rows.append([])
            if para.kind == "cell":
                self.rows[-1].extend(para.text.text.split("\t"))
                open_row = not whole_row
            self.para_starts.append(span.start)
            self.para_ends.append(span.end)
            self.para_rows.append(len(self.rows) - 1 if para.kind == "cell" else -1)
        self.piece_starts = [piece.start for piece in pieces]
        self.pieces = list(pieces)

    def locate(self, span: Span) -> Location:
        line, column = self.line_column(span.start)
        return Location(line, column, self.page(span.start, span.end),
                        self.context(span.start, span.end))

    def line_column(self, offset: int) -> tuple[int, int]:
        """1-based line and column of the character at ``offset``."""
        index = bisect.bisect_right(self.line_starts, offset) - 1
        return index + 1, offset - self.line_starts[index] + 1

    def page(self, start: int, end: int) -> int | None:
        """The page of the first character of [start, end) that came from a page (a span may
        start on a line end the composer added)."""
        index = bisect.bisect_right(self.piece_starts, start) - 1
        for candidate in (index, index + 1):
            if 0 <= candidate < len(self.pieces):
                piece = self.pieces[candidate]
                if piece.start < max(end, start + 1) and start < piece.end:
                    return piece.origin.page
        return None

    def context(self, start: int, end: int) -> str:
        """The sentence or table row around [start, end) (module docstring)."""
        para = self._para(start, end)
        if para is not None and self.para_rows[para] >= 0:
            return self._row(self.para_rows[para], start, end)
        if para is not None:
            low, high = self.para_starts[para], self.para_ends[para]
        else:   # not in a paragraph normalise() kept (a page number): the line
            line = bisect.bisect_right(self.line_starts, start) - 1
            low = self.line_starts[line]
            high = self.line_starts[line + 1] if line + 1 < len(self.line_starts) else \
                len(self.text)
        return self._sentence(max(low, min(start, high)), max(start, min(end, high)), low, high)

    def _para(self, start: int, end: int) -> int | None:
        """The paragraph or cell the span starts in (or the first one inside the span)."""
        index = bisect.bisect_right(self.para_starts, start) - 1
        for candidate in (index, index + 1):
            if 0 <= candidate < len(self.para_starts):
                low, high = self.para_starts[candidate], self.para_ends[candidate]
                if low <= start < high or low == high == start or (
                        start < low < max(end, start + 1)):
                    return candidate
        return None

    def _sentence(self, start: int, end: int, low: int, high: int) -> str:
        text = self.text
        floor, ceiling = max(low, start - CONTEXT_LIMIT), min(high, end + CONTEXT_LIMIT)
        begin = max(text.rfind(mark, floor, start) for mark in SENTENCE_ENDS) + 1
        begin = begin if begin > 0 else floor
        if end > start and text[end - 1] in SENTENCE_ENDS:
            finish = end
        else:
            found = [i for i in (text.find(mark, end, ceiling) for mark in SENTENCE_ENDS)
                     if i >= 0]
            finish = min(found) + 1 if found else ceiling
        begin, finish = _window(begin, finish, start, end)
        sentence = _joined(text[begin:finish])
        # … where the limit, not a sentence end or the paragraph's, cut it
        cut_before = begin > low and text[begin - 1] not in SENTENCE_ENDS
        cut_after = finish < high and text[finish - 1] not in SENTENCE_ENDS
        return ("…" if cut_before else "") + sentence + ("…" if cut_after else "")

    def _row(self, row: int, start: int, end: int) -> str:
        cells = [cell for cell in self.rows[row] if cell]
        joined = CELL_SEPARATOR.join(cells)
        if len(joined) <= CONTEXT_LIMIT:
            return joined
        quote = _joined(self.text[start:end])
        shortened = [cell if quote and quote in cell else _cut(cell, OTHER_CELL_LIMIT)
                     for cell in cells]
        return _cut(CELL_SEPARATOR.join(shortened), CONTEXT_LIMIT)


def _window(begin: int, finish: int, start: int, end: int) -> tuple[int, int]:
    """[begin, finish) narrowed to CONTEXT_LIMIT characters that keep [start, end) in view
    (its beginning, if the span alone is longer)."""
    if finish - begin <= CONTEXT_LIMIT:
        return begin, finish
    if end - start >= CONTEXT_LIMIT:
        return start, start + CONTEXT_LIMIT
    room = CONTEXT_LIMIT - (end - start)
    low = max(begin, start - room // 2)
    high = min(finish, low + CONTEXT_LIMIT)
    return max(begin, high - CONTEXT_LIMIT), high


def _joined(text: str) -> str:
    """Line breaks inside a paragraph joined: nothing between two CJK characters, a space
    between two ASCII letters or digits (what normalise() does to a wrapped line)."""
    def join(match: re.Match[str]) -> str:
        before = text[match.start() - 1] if match.start() else ""
        after = text[match.end()] if match.end() < len(text) else ""
        return " " if before.isascii() and before.isalnum() and after.isascii() \
            and after.isalnum() else ""

    return BREAK.sub(join, text).strip()


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


__all__ = ["CONTEXT_LIMIT", "Location", "SpanLocations"]
