"""Ruled tables in a PDF: the rules drawn on a page (pypdfium2's path objects), pdfplumber's grid
finder, the characters in each cell, and tables joined over page breaks.
"""

from __future__ import annotations

import bisect
import ctypes
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from .model import Cell, Origin, Table, join_lines
from .pdf_lines import Box, Fragment, Glyph, Page, _rounded, _View

TOLERANCE = 3.0          # points: rules closer than this are one rule (pdfplumber's default)


def _edges(page: pdfium.PdfPage, view: _View) -> tuple[list[dict], bool]:
    """The straight rules drawn on the page (as pdfplumber's edge dicts), and whether the
    page holds an image."""
    edges: list[dict] = []
    has_image = False
    for obj, matrix in _objects(page.raw):
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_IMAGE:
            has_image = True
        elif kind == raw.FPDF_PAGEOBJ_PATH:
            edges.extend(_path_edges(obj, matrix, view))
    return edges, has_image


Matrix = tuple[float, float, float, float, float, float]


IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _objects(page: ctypes.c_void_p) -> Iterator[tuple[ctypes.c_void_p, Matrix]]:
    """The page's objects, those inside form XObjects too, each with the matrix that takes
    its bounds to page space."""
    for index in range(raw.FPDFPage_CountObjects(page)):
        yield from _walk(raw.FPDFPage_GetObject(page, index), IDENTITY, 0)


def _walk(obj: ctypes.c_void_p, outer: Matrix, depth: int) -> Iterator[tuple[ctypes.c_void_p,
                                                                                Matrix]]:
    if raw.FPDFPageObj_GetType(obj) != raw.FPDF_PAGEOBJ_FORM:
        yield obj, outer
        return
    if depth > 8:
        return
    matrix = raw.FS_MATRIX()
    raw.FPDFPageObj_GetMatrix(obj, ctypes.byref(matrix))
    inner = _multiply((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), outer)
    for index in range(raw.FPDFFormObj_CountObjects(obj)):
        yield from _walk(raw.FPDFFormObj_GetObject(obj, index), inner, depth + 1)


def _multiply(first: Matrix, then: Matrix) -> Matrix:
    a, b, c, d, e, f = first
    A, B, C, D, E, F = then
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
            e * A + f * C + E, e * B + f * D + F)


def _apply(matrix: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = matrix
    return a * x + c * y + e, b * x + d * y + f


def _path_edges(obj: ctypes.c_void_p, matrix: Matrix, view: _View) -> list[dict]:
    """A path as rules: a thin filled rectangle (how Chromium and Word draw borders) is one
    rule along its middle; other paths give their straight horizontal and vertical sides."""
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    raw.FPDFPageObj_GetBounds(obj, ctypes.byref(left), ctypes.byref(bottom),
                              ctypes.byref(right), ctypes.byref(top))
    corners = [_apply(matrix, x, y) for x in (left.value, right.value)
               for y in (bottom.value, top.value)]
    x0, top_, x1, bottom_ = view.box(min(p[0] for p in corners), min(p[1] for p in corners),
                                     max(p[0] for p in corners), max(p[1] for p in corners))
    if x1 - x0 < TOLERANCE <= bottom_ - top_:
        return [_edge("v", (x0 + x1) / 2, top_, bottom_)]
    if bottom_ - top_ < TOLERANCE <= x1 - x0:
        return [_edge("h", (top_ + bottom_) / 2, x0, x1)]
    if x1 - x0 < TOLERANCE:
        return []
    return _segment_edges(obj, matrix, view)


def _segment_edges(obj: ctypes.c_void_p, matrix: Matrix, view: _View) -> list[dict]:
    """The straight axis-parallel segments of a path (rectangles, ruled grids as one path)."""
    own = raw.FS_MATRIX()
    raw.FPDFPageObj_GetMatrix(obj, ctypes.byref(own))
    full = _multiply((own.a, own.b, own.c, own.d, own.e, own.f), matrix)
    x, y = ctypes.c_float(), ctypes.c_float()
    points: list[tuple[float, float]] = []
    edges: list[dict] = []
    start: tuple[float, float] | None = None
    for index in range(raw.FPDFPath_CountSegments(obj)):
        segment = raw.FPDFPath_GetPathSegment(obj, index)
        raw.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y))
        point = view.point(*_apply(full, x.value, y.value))
        kind = raw.FPDFPathSegment_GetType(segment)
        if kind == raw.FPDF_SEGMENT_MOVETO or not points:
            start = point
        elif kind == raw.FPDF_SEGMENT_LINETO:
            edges.extend(_straight(points[-1], point))
        if raw.FPDFPathSegment_GetClose(segment) and start is not None:
            edges.extend(_straight(point, start))
        points.append(point)
    return edges


def _straight(a: tuple[float, float], b: tuple[float, float]) -> list[dict]:
    if abs(a[1] - b[1]) < 1 and abs(a[0] - b[0]) >= TOLERANCE:
        return [_edge("h", (a[1] + b[1]) / 2, min(a[0], b[0]), max(a[0], b[0]))]
    if abs(a[0] - b[0]) < 1 and abs(a[1] - b[1]) >= TOLERANCE:
        return [_edge("v", (a[0] + b[0]) / 2, min(a[1], b[1]), max(a[1], b[1]))]
    return []


def _edge(orientation: str, at: float, start: float, end: float) -> dict:
    """An edge in pdfplumber's form (x0, x1, top, bottom, width, height, orientation)."""
    if orientation == "h":
        return {"x0": start, "x1": end, "top": at, "bottom": at, "width": end - start,
                "height": 0.0, "orientation": "h"}
    return {"x0": at, "x1": at, "top": start, "bottom": end, "width": 0.0,
            "height": end - start, "orientation": "v"}


@dataclass
class _Grid:
    box: Box
    rows: list[list[Box | None]]
    open_foot: bool


def _grids(edges: list[dict]) -> list[_Grid]:
    """The ruled tables of a page. A cell left open at the page foot or head (a row or a
    merged cell going on to the next page has no rule there) would be lost, so the lowest
    and highest ends of the vertical rules are closed with a rule."""
    vertical = [e for e in edges if e["orientation"] == "v"]
    if len(vertical) < 2:
        return []
    # imported here: pdfplumber brings pdfminer (0.3 s), which only pages with rules need
    from pdfplumber import table as grid

    closing = [_closing(vertical, max(e["bottom"] for e in vertical), "bottom"),
               _closing(vertical, min(e["top"] for e in vertical), "top")]
    merged = grid.merge_edges(edges + closing, TOLERANCE, TOLERANCE, TOLERANCE, TOLERANCE)
    merged = [e for e in merged if max(e["width"], e["height"]) >= TOLERANCE]
    cells = grid.intersections_to_cells(
        grid.edges_to_intersections(merged, TOLERANCE, TOLERANCE))
    grids = []
    for group in grid.cells_to_tables(cells):
        rows = [list(row.cells) for row in grid.Table(None, group).rows]  # type: ignore[arg-type]
        if len(rows) < 2 and len(rows[0]) < 2:
            continue   # a framed box, not a table
        box = grid.Table(None, group).bbox  # type: ignore[arg-type]
        grids.append(_Grid(box, rows, _is_open(edges, box)))
    return grids


def _closing(vertical: list[dict], at: float, end: str) -> dict:
    ending = [e["x0"] for e in vertical if abs(e[end] - at) <= TOLERANCE]
    return _edge("h", at, min(ending), max(ending))


def _is_open(edges: list[dict], box: Box) -> bool:
    """No rule drawn along most of the table's bottom: its last row goes on overleaf."""
    width = box[2] - box[0]
    drawn = sum(min(e["x1"], box[2]) - max(e["x0"], box[0]) for e in edges
                if e["orientation"] == "h" and abs(e["top"] - box[3]) <= TOLERANCE
                and e["x1"] > box[0] and e["x0"] < box[2])
    return drawn < 0.5 * width


def _fill_grids(grids: list[_Grid], glyphs: list[Glyph], page: Page) -> list[bool]:
    """Give each table cell the characters inside it (stream order, a line break where the
    stream has one); returns which glyphs went into a table."""
    inside = [False] * len(glyphs)
    for grid in grids:
        slots = _Slots(grid)
        texts: dict[Box, list[Glyph]] = defaultdict(list)
        x0, top, x1, bottom = grid.box
        for index, glyph in enumerate(glyphs):
            cx, cy = (glyph.box[0] + glyph.box[2]) / 2, (glyph.box[1] + glyph.box[3]) / 2
            if x0 - 1 <= cx <= x1 + 1 and top - 1 <= cy <= bottom + 1:
                inside[index] = True
                cell = slots.find(cx, cy)
                if cell is not None:
                    texts[cell].append(glyph)
        rows = [[None if box is None else (_cell_text(texts.get(box, [])), box) for box in row]
                for row in grid.rows]
        columns = sorted({box[0] for row in grid.rows for box in row if box is not None})
        page.fragments.append(Fragment(page.number, grid.box, rows, columns, grid.open_foot))
    return inside


class _Slots:
    """Which cell of a grid holds a point (merged cells cover several slots)."""

    def __init__(self, grid: _Grid):
        boxes = [box for row in grid.rows for box in row if box is not None]
        self.xs = sorted({b[0] for b in boxes} | {b[2] for b in boxes})
        self.ys = sorted({b[1] for b in boxes} | {b[3] for b in boxes})
        self.cells: dict[tuple[int, int], Box] = {}
        for box in boxes:
            for i in range(self.xs.index(box[0]), self.xs.index(box[2])):
                for j in range(self.ys.index(box[1]), self.ys.index(box[3])):
                    self.cells[(i, j)] = box

    def find(self, x: float, y: float) -> Box | None:
        i = min(max(bisect.bisect_right(self.xs, x) - 1, 0), len(self.xs) - 2)
        j = min(max(bisect.bisect_right(self.ys, y) - 1, 0), len(self.ys) - 2)
        return self.cells.get((i, j))


def _cell_text(glyphs: list[Glyph]) -> str:
    """A cell's characters as text, its lines joined (a space only between two Latin
    letters or digits, as in the prose)."""
    lines: list[str] = []
    current = None
    for glyph in glyphs:
        if glyph.line != current:
            lines.append("")
            current = glyph.line
        lines[-1] += glyph.char
    return join_lines([line.strip() for line in lines])


class _TableBuild:
    """A table being put together from its fragments on consecutive pages."""

    def __init__(self, fragment: Fragment):
        self.fragments = [fragment]
        self.rows: list[list[tuple[str, Box, int] | None]] = [
            [None if c is None else (c[0], c[1], fragment.page) for c in row]
            for row in fragment.rows]
        self.header = _texts(fragment.rows[0])

    def takes(self, fragment: Fragment) -> bool:
        """Add ``fragment`` if it goes on with this table (on the next page, with the header
        repeated or the same columns); a repeated header is dropped, and a row the page
        break cut in two is joined again."""
        last = self.fragments[-1]
        if fragment.page != last.page + 1:
            return False
        rows = fragment.rows
        if _texts(rows[0]) == self.header:
            rows = rows[1:]
        elif not _same_columns(last.columns, fragment.columns):
            return False
        if rows and last.open_foot and len(rows[0]) == len(self.rows[-1]):
            self._join_row(rows[0], fragment.page)
            rows = rows[1:]
        self.rows.extend([None if c is None else (c[0], c[1], fragment.page) for c in row]
                         for row in rows)
        self.fragments.append(fragment)
        return True

    def _join_row(self, row: list[tuple[str, Box] | None], page: int) -> None:
        previous = self.rows[-1]
        for index, cell in enumerate(row):
            if cell is None or not cell[0]:
                continue
            before = previous[index]
            if before is None:
                previous[index] = (cell[0], cell[1], page)
            else:
                previous[index] = (join_lines([before[0], cell[0]]), before[1], before[2])

    def build(self, number: int) -> Table:
        rows = []
        for r, row in enumerate(self.rows, 1):
            cells = []
            for c, cell in enumerate(row, 1):
                if cell is None:
                    cells.append(Cell("", Origin(table=number, row=r, column=c), covered=True))
                else:
                    text, box, page = cell
                    cells.append(Cell(text, Origin(page=page, table=number, row=r, column=c,
                                                   box=_rounded(box))))
            rows.append(tuple(cells))
        first = self.fragments[0]
        return Table(tuple(rows), Origin(page=first.page, table=number, box=_rounded(first.box)))


def _texts(row: list) -> list[str]:
    return [re.sub(r"\s+", "", cell[0]) if cell is not None else "" for cell in row]


def _same_columns(before: list[float], after: list[float]) -> bool:
    return len(before) == len(after) and all(abs(a - b) <= TOLERANCE
                                             for a, b in zip(before, after, strict=True))
