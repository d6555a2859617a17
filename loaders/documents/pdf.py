"""PDFs with a text layer -> a Document.

The text comes from pypdfium2: exact characters (CJK fonts mapped right, quotes and dashes
kept) in content-stream order, which in print PDFs follows the document, with a box for each
character. Ruled tables are found from the lines drawn on the page (pypdfium2's path objects
fed to pdfplumber's grid finder, so pdfminer never parses the page), and their cells take the
characters inside them; prose is what lies outside every table. Page furniture (page numbers
such as '— 5 —' or '第 5 页 共 30 页', a line repeated in the same place on most pages) is
dropped, and the lines a layout broke are joined back into paragraphs by their geometry: a
line indented past the page's left text edge, or a line before it ending short of the right
edge, starts a new paragraph (docs: /work/shared/research/document-readers.md sections 1-2).

Tables split over pages are put back together: a header row repeated on the next page is
dropped (and says the table goes on), and a row cut by the page break is joined to its first
half. A cut row is told by the missing rule under it at the page foot, not by its cells: the
lower half of a cut row can hold text in every column (a 完成时限 '2025年' cut in two), and
a real row can have an empty first and 完成时限 cell (seed 000 has two).

A PDF with no text at all (a scan) goes to the OCR reader (scan.py). Boxes are in points from
the page's top-left corner (x0, top, x1, bottom), as the page is shown (rotation applied).
"""

from __future__ import annotations

import bisect
import ctypes
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from ..errors import UnreadableDocument
from .model import Block, Cell, Document, Note, Origin, Paragraph, Table, compose

Box = tuple[float, float, float, float]

INDENT_EM = 0.9          # a line this far right of the left text edge starts a paragraph
SHORT_EM = 0.9           # a line ending this far short of the right edge ends one, unless
                         # what starts the next line would not have fitted there
GAP_EM = 1.5             # a blank this high between two lines of a page separates paragraphs
BAND = 0.12              # page furniture lives in the top and bottom 12 % of a page
TOLERANCE = 3.0          # points: rules closer than this are one rule (pdfplumber's default)
PAGE_NUMBER = re.compile(
    r"^(?:[-—―–－~]\s*\d{1,4}\s*[-—―–－~]"                 # — 5 —, - 5 -
    r"|第\s*\d{1,4}\s*页(?:\s*[,，、/]?\s*共\s*\d{1,4}\s*页)?"  # 第5页, 第 5 页 共 30 页
    r"|\d{1,4}\s*/\s*\d{1,4}|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?|\d{1,4})$")
# what a line break cannot split (避头尾): opening marks with what follows, a run of digits or
# Latin letters, and the closing marks that may not start a line
FIRST_UNIT = re.compile(r"[（〔《“‘【「『(\[{]*(?:[A-Za-z0-9.%‰-]+|.)"
                        r"[，。、；：？！）〕》”’】」』,.;:?!)\]}%…—·]*")
UNIT_WORD = r"(?:牵头|配合|责任|协办|参与|主责|协同)(?:单位|部门)"
STARTS_UNITS = re.compile(r"^[（(]?\s*" + UNIT_WORD)
ENDS_UNITS = re.compile(UNIT_WORD + r"\s*[：:]?\s*$")
OPEN_UNITS = re.compile(r"[（(]\s*" + UNIT_WORD + r"[^）)]*$")


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


def read(data: bytes, path: str, sha256: str) -> Document:
    """The Document of a PDF; a PDF without any text goes to the OCR reader."""
    pdf = _open(data, path)
    if len(pdf) == 0:
        pdf.close()
        raise UnreadableDocument(path, "not a readable PDF (it has no pages); the file is "
                                       "damaged or cut off: download it again")
    try:
        pages = [_read_page(pdf, index, path) for index in range(len(pdf))]
    finally:
        pdf.close()
    _drop_furniture(pages)
    if not any(page.lines or page.fragments for page in pages):
        return _read_scan(data, path, sha256)
    blocks = _blocks(pages)
    return compose(path, sha256, "pdf", blocks, _notes(pages))


def _read_scan(data: bytes, path: str, sha256: str) -> Document:
    """A PDF without text (page numbers aside): its pages are images, for the OCR reader."""
    try:
        from . import scan  # imported only for scans: OCR is an optional extra
    except ModuleNotFoundError as error:
        if error.name != f"{__package__}.scan":
            raise
        raise UnreadableDocument(path, "the PDF has no text layer (a scan) and this install "
                                       "has no OCR reader; ask for a PDF with text") from None
    return scan.read(data, path, sha256)


def _open(data: bytes, path: str) -> pdfium.PdfDocument:
    """pdfium's document, or an error saying why it cannot be read."""
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if getattr(error, "err_code", None) == raw.FPDF_ERR_PASSWORD:
            raise UnreadableDocument(
                path, "the PDF is encrypted (password-protected); open it with its password "
                      "and save or print an unprotected copy, then load that") from None
        if getattr(error, "err_code", None) == raw.FPDF_ERR_SECURITY:
            raise UnreadableDocument(
                path, "the PDF uses an encryption scheme that cannot be opened; save an "
                      "unprotected copy and load that") from None
        raise UnreadableDocument(
            path, f"not a readable PDF ({_reason(error)}); the file is damaged or cut off: "
                  "download it again or ask for another copy") from None


def _reason(error: Exception) -> str:
    found = re.search(r"PDFium: ([^)]*)", str(error))
    return found.group(1) if found else str(error)


def _read_page(pdf: pdfium.PdfDocument, index: int, path: str) -> Page:
    """A page's prose lines and ruled tables."""
    try:
        page = pdf[index]
    except pdfium.PdfiumError as error:
        raise UnreadableDocument(path, f"not a readable PDF (page {index + 1}: "
                                       f"{_reason(error)}); ask for another copy") from None
    try:
        view = _View(page)
        textpage = page.get_textpage()
        try:
            glyphs = _glyphs(textpage, view)
        finally:
            textpage.close()
        edges, has_image = _edges(page, view)
    finally:
        page.close()
    result = Page(index + 1, view.size, has_image=has_image)
    grids = _grids(edges) if edges else []
    inside = _fill_grids(grids, glyphs, result)
    result.lines = _lines([g for g, used in zip(glyphs, inside, strict=True) if not used], result)
    return result


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
    return _join([line.strip() for line in lines])


def _join(lines: list[str]) -> str:
    text = ""
    for line in lines:
        if not line:
            continue
        if text and text[-1].isascii() and text[-1].isalnum() and line[0].isascii() \
                and line[0].isalnum():
            text += " "
        text += line
    return text


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


def _drop_furniture(pages: list[Page]) -> None:
    """Remove page numbers and running headers or footers: lines at the top or bottom of a
    page that look like a page number, or that stand (digits aside) in the same place on
    most pages of the same size."""
    repeated = _repeated_lines(pages)
    for page in pages:
        height = page.size[1]
        ordered = sorted(page.lines, key=lambda line: line.box[1])
        drop: set[int] = set()
        for run in (ordered, ordered[::-1]):
            for line in run:
                in_band = line.box[3] <= BAND * height or line.box[1] >= (1 - BAND) * height
                if not in_band or not (PAGE_NUMBER.match(line.text.replace(" ", ""))
                                       or _key(line) in repeated):
                    break
                drop.add(id(line))
        page.lines = [line for line in page.lines if id(line) not in drop]


def _key(line: Line) -> tuple:
    return (line.size, round(line.box[1] / 4), re.sub(r"\d+", "#", line.text.replace(" ", "")))


def _repeated_lines(pages: list[Page]) -> set[tuple]:
    """Line keys (page size, height on the page, text with digits masked) found on at least
    half of the pages of that size, and on two or more."""
    on_pages: dict[tuple, set[int]] = defaultdict(set)
    for page in pages:
        for line in page.lines:
            on_pages[_key(line)].add(page.number)
    per_size = Counter((round(p.size[0]), round(p.size[1])) for p in pages)
    return {key for key, found in on_pages.items()
            if len(found) >= max(2, math.ceil(per_size[key[0]] / 2))}


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
        text = _join([item.text for item in self.lines[-3:]])
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
        text = _join([line.text for line in self.lines])
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
                previous[index] = (_join([before[0], cell[0]]), before[1], before[2])

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


def _rounded(box: Box) -> Box:
    return (round(box[0], 1), round(box[1], 1), round(box[2], 1), round(box[3], 1))


def _notes(pages: list[Page]) -> list[Note]:
    """Pages whose text the PDF does not hold (an image and no text: a scanned page)."""
    scanned = [str(page.number) for page in pages
               if page.has_image and not page.lines and not page.fragments]
    if not scanned:
        return []
    return [Note("pdf-page-without-text",
                 f"page{'s' if len(scanned) > 1 else ''} {', '.join(scanned)} of the PDF hold "
                 "an image but no text (scanned pages); their text is not read: OCR them or "
                 "ask for a PDF with text")]
