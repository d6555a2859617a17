"""A PDF page's characters and the lines they make (pypdfium2's text layer, as the page is shown).
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as raw

Box = tuple[float, float, float, float]


@dataclass
class Glyph:
    """One character: its box and the stream line it is on (pdfium's line breaks)."""

    char: str
    box: Box
    line: int


@dataclass
class Line:
    """A line of prose on a page."""

    page: int
    text: str
    box: Box
    em: float
    size: tuple[int, int]
    ends: list[float]   # where each character of the text ends (x1)


@dataclass
class Fragment:
    """A ruled table as it stands on one page: rows of cells (None where a merged cell above
    or to the left covers the place), each cell its text and box."""

    page: int
    box: Box
    rows: list[list[tuple[str, Box] | None]]
    columns: list[float]
    open_foot: bool


@dataclass
class Page:
    number: int
    size: tuple[float, float]
    lines: list[Line] = field(default_factory=list)
    fragments: list[Fragment] = field(default_factory=list)
    has_image: bool = False


class _View:
    """Page space -> the shown page: points from the top-left, rotation applied."""

    def __init__(self, page: pdfium.PdfPage):
        self.left, self.bottom, self.right, self.top = page.get_cropbox()
        self.rotation = page.get_rotation() % 360
        width, height = self.right - self.left, self.top - self.bottom
        self.size = (height, width) if self.rotation in (90, 270) else (width, height)

    def point(self, x: float, y: float) -> tuple[float, float]:
        if self.rotation == 90:
            return y - self.bottom, x - self.left
        if self.rotation == 180:
            return self.right - x, y - self.bottom
        if self.rotation == 270:
            return self.top - y, self.right - x
        return x - self.left, self.top - y

    def box(self, x0: float, y0: float, x1: float, y1: float) -> Box:
        (ax, ay), (bx, by) = self.point(x0, y0), self.point(x1, y1)
        return (min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))


def _glyphs(textpage: pdfium.PdfTextPage, view: _View) -> list[Glyph]:
    """The page's characters in stream order; a line ends at pdfium's \\r\\n or where the
    next character sits on another line."""
    handle = textpage.raw
    rect = raw.FS_RECTF()
    glyphs: list[Glyph] = []
    line = 0
    broken = True
    ink: Box | None = None   # the last visible character's box
    for index in range(raw.FPDFText_CountChars(handle)):
        code = raw.FPDFText_GetUnicode(handle, index)
        if code in (10, 13):
            if not broken:
                line += 1
                broken = True
            continue
        if code in (0, 0xFFFE, 0xFFFF) or 0xDC00 <= code < 0xE000:
            continue   # a soft hyphen or the second half of a surrogate pair
        if 0xD800 <= code < 0xDC00:
            low = raw.FPDFText_GetUnicode(handle, index + 1)
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
        raw.FPDFText_GetLooseCharBox(handle, index, ctypes.byref(rect))
        box = view.box(rect.left, rect.bottom, rect.right, rect.top)
        char = chr(code)
        if not char.isspace():
            if ink is not None and not broken and _new_line(ink, box):
                line += 1
            ink = box
        glyphs.append(Glyph(char, box, line))
        broken = False
    return glyphs


def _new_line(before: Box, box: Box) -> bool:
    """Two characters on different lines: little vertical overlap, or a jump back left."""
    overlap = min(before[3], box[3]) - max(before[1], box[1])
    height = max(min(before[3] - before[1], box[3] - box[1]), 0.1)
    return overlap < 0.3 * height or box[2] < before[0] - 2 * height


def _lines(glyphs: list[Glyph], page: Page) -> list[Line]:
    """The prose lines of a page from the glyphs outside its tables."""
    size = (round(page.size[0]), round(page.size[1]))
    lines: list[Line] = []
    for _, group in _groupby_line(glyphs):
        ink = [g for g in group if not g.char.isspace()]
        if not ink:
            continue
        first, last = group.index(ink[0]), group.index(ink[-1])
        kept = group[first:last + 1]
        box = (min(g.box[0] for g in ink), min(g.box[1] for g in ink),
               max(g.box[2] for g in ink), max(g.box[3] for g in ink))
        heights = sorted(g.box[3] - g.box[1] for g in ink)
        lines.append(Line(page.number, "".join(g.char for g in kept), box,
                          max(heights[len(heights) // 2], 1.0), size,
                          [g.box[2] for g in kept]))
    return lines


def _groupby_line(glyphs: list[Glyph]) -> Iterator[tuple[int, list[Glyph]]]:
    group: list[Glyph] = []
    for glyph in glyphs:
        if group and glyph.line != group[-1].line:
            yield group[-1].line, group
            group = []
        group.append(glyph)
    if group:
        yield group[-1].line, group


def _rounded(box: Box) -> Box:
    return (round(box[0], 1), round(box[1], 1), round(box[2], 1), round(box[3], 1))
