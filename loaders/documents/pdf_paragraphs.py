"""A PDF's lines joined back into paragraphs by their geometry, with its tables, in page order."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict

from .model import Block, Origin, Paragraph, Table, join_lines
from .pdf_lines import Fragment, Line, Page, _rounded
from .pdf_tables import _TableBuild

INDENT_EM = 0.9          # a line this far right of the left text edge starts a paragraph


SHORT_EM = 0.9           # a line ending this far short of the right edge ends one, unless


                         # what starts the next line would not have fitted there
GAP_EM = 1.5             # a blank this high between two lines of a page separates paragraphs


# what a line break cannot split (避头尾): opening marks with what follows, a run of digits or
# Latin letters, and the closing marks that may not start a line
FIRST_UNIT = re.compile(r"[（〔《“‘【「『(\[{]*(?:[A-Za-z0-9.%‰-]+|.)"
                        r"[，。、；：？！）〕》”’】」』,.;:?!)\]}%…—·]*")


UNIT_WORD = r"(?:牵头|配合|责任|协办|参与|主责|协同)(?:单位|部门)"


STARTS_UNITS = re.compile(r"^[（(]?\s*" + UNIT_WORD)


ENDS_UNITS = re.compile(UNIT_WORD + r"\s*[：:]?\s*$")


OPEN_UNITS = re.compile(r"[（(]\s*" + UNIT_WORD + r"[^）)]*$")


def _blocks(pages: list[Page]) -> list[Block]:
    """Paragraphs and tables in reading order across the pages."""
    builder = _Builder(_text_edges(pages))
    for page in pages:
        for item in _page_items(page):
            if isinstance(item, Line):
                builder.add_line(item)
            else:
                builder.add_fragment(item)
    return builder.finish()


def _page_items(page: Page) -> list[Line | Fragment]:
    """A page's lines in stream order, each table put before the first line below its top."""
    items: list[Line | Fragment] = []
    waiting = sorted(page.fragments, key=lambda f: f.box[1])
    for line in page.lines:
        while waiting and waiting[0].box[1] < line.box[1]:
            items.append(waiting.pop(0))
        items.append(line)
    return items + waiting


def _text_edges(pages: list[Page]) -> dict[tuple[int, int], tuple[float, float]]:
    """The left and right edges of the text on pages of each size. Left: where most wrapped
    lines start (a low quantile of the line starts). Right: where full lines end: a high
    quantile of the line ends, or the furthest end two lines share (full CJK lines end on
    the same point; one long URL does not move the edge), or the left margin mirrored (in a
    document of one-line paragraphs no line reaches the edge), whichever is furthest."""
    starts: dict[tuple[int, int], list[float]] = defaultdict(list)
    ends: dict[tuple[int, int], list[float]] = defaultdict(list)
    for page in pages:
        for line in page.lines:
            starts[line.size].append(line.box[0])
            ends[line.size].append(line.box[2])
    edges = {}
    for size, values in starts.items():
        left, right = sorted(values), sorted(ends[size])
        shared = [end for end, count in Counter(round(x * 2) / 2 for x in right).items()
                  if count >= 2]
        edges[size] = (left[int(0.1 * (len(left) - 1))],
                       max(right[math.ceil(0.9 * (len(right) - 1))], size[0] - left[0],
                           *shared))
    return edges


class _Builder:
    """Joins lines into paragraphs and table fragments into tables, in reading order."""

    def __init__(self, edges: dict[tuple[int, int], tuple[float, float]]):
        self.edges = edges
        self.blocks: list[Block] = []
        self.lines: list[Line] = []
        self.table: _TableBuild | None = None

    def add_line(self, line: Line) -> None:
        if self.lines and not self._continues(self.lines[-1], line):
            self._end_paragraph()
        if not self.lines:
            self._end_table()
        self.lines.append(line)

    def add_fragment(self, fragment: Fragment) -> None:
        self._end_paragraph()
        if self.table is not None and self.table.takes(fragment):
            return
        self._end_table()
        self.table = _TableBuild(fragment)

    def finish(self) -> list[Block]:
        self._end_paragraph()
        self._end_table()
        return self.blocks

    def _continues(self, before: Line, line: Line) -> bool:
        """Whether ``line`` goes on with the paragraph that ``before`` ends."""
        text = join_lines([item.text for item in self.lines[-3:]])
        if _units_go_on(text, line.text):
            return True
        if abs(line.em - before.em) > 0.15 * before.em:
            return False
        left, _ = self.edges[line.size]
        _, right = self.edges[before.size]
        if line.box[0] > left + INDENT_EM * line.em:
            return False
        short = right - before.box[2]
        if short > SHORT_EM * before.em and not _wrapped(line, short):
            return False
        return line.page != before.page or line.box[1] - before.box[3] <= GAP_EM * line.em

    def _end_paragraph(self) -> None:
        if not self.lines:
            return
        first = self.lines[0]
        on_page = [line.box for line in self.lines if line.page == first.page]
        box = (min(b[0] for b in on_page), min(b[1] for b in on_page),
               max(b[2] for b in on_page), max(b[3] for b in on_page))
        text = join_lines([line.text for line in self.lines])
        self.blocks.append(Paragraph(text, Origin(page=first.page, box=_rounded(box))))
        self.lines = []

    def _end_table(self) -> None:
        if self.table is not None:
            number = sum(isinstance(block, Table) for block in self.blocks) + 1
            self.blocks.append(self.table.build(number))
            self.table = None


def _wrapped(line: Line, room: float) -> bool:
    """Whether what starts ``line`` (a character with the marks bound to it, a number, a
    Latin word) was too wide for the ``room`` left at the end of the line above: a break
    made by line-breaking rules, not the end of a paragraph."""
    unit = FIRST_UNIT.match(line.text)
    length = len(unit.group()) if unit else 1
    return line.ends[max(length, 1) - 1] - line.box[0] > room


def _units_go_on(text: str, line: str) -> bool:
    """A break the PDF made inside a responsibility note (牵头单位：…；配合单位：…): the
    line starts with such a word, the paragraph ends with one or with an open note, or the
    break cuts the word itself. The units must stay in their task's paragraph."""
    if not text or not line:
        return False
    if STARTS_UNITS.match(line) or ENDS_UNITS.search(text) or OPEN_UNITS.search(text):
        return True
    tail, head = text[-5:], line[:5]
    return any(found.start() < len(tail) < found.end()
               for found in re.finditer(UNIT_WORD, tail + head))
