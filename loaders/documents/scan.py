"""Scanned plans: page images (PNG, JPEG, TIFF; a multi-page TIFF is several pages) and PDFs
without a text layer, read by OCR (RapidOCR 3.x with its bundled PP-OCR models; the optional
``[ocr]`` extra, imported only when a scan is read).

Chosen by measurement (shared/research/document-readers.md §6): a PDF page that holds exactly
one image is OCR'd from that image as it is (rendering above the scan's own resolution adds
nothing and RapidOCR shrinks large pages to a 2000 px side anyway); any other page is rendered
at 200 dpi. ``Det.unclip_ratio`` 2.0 keeps a paragraph-final '）' that the default 1.6 drops.

The engine reads ASCII ( ) : ; , where the page has full-width ones, so these are mapped back
in Chinese context, and a document number's brackets are repaired (〔2023]10号 -> 〔2023〕10号).
Page-number lines (— 2 —, 一2一, 第2页) are dropped. OCR lines are grouped into paragraphs as
the page shows them: an indented line, a heading (一、 （一） 1.), a line after one that ended
well short of the text's right edge, or after a blank gap, starts a paragraph.

Every OCR line is its own piece of the Document (its page, its box in points from the page's
top-left corner, its confidence); the paragraph's block carries its first page and its least
confident line. A line read with confidence below 0.9 becomes a note (code
``ocr-low-confidence``) over its span of the text, so the record asks for a look at the scan.
"""

from __future__ import annotations

import dataclasses
import functools
import io
import re
import statistics
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from ..errors import UnreadableDocument
from .model import Document, Note, Origin, Paragraph, Piece, compose

MISSING_EXTRA = ("a scanned document needs OCR: install the extra with "
                 "pip install 'policykg[ocr]'")
# measured (research §6): unclip 2.0 keeps line-final '）'; the angle classifier is off because
# on upright pages it turns whole lines of dense text 180° and reads them as gibberish (3 lines
# on 7 pages of seed 003 with it on, none without); RapidOCR's info log would flood stderr
OCR_PARAMS: dict[str, Any] = {"Det.unclip_ratio": 2.0, "Global.use_cls": False,
                              "Global.log_level": "error"}
RENDER_DPI = 200
LOW_CONFIDENCE = 0.9    # research §6: 0.4 % of lines; lines with an error score 0.90-0.93
POINTS_PER_INCH = 72.0

Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class PageImage:
    """A page as OCR reads it, with how its pixels map to points on the page (x from the left,
    y from the top): point = offset + pixel * scale."""

    number: int
    image: Image.Image
    offset: tuple[float, float] = (0.0, 0.0)
    scale: tuple[float, float] = (1.0, 1.0)

    def to_points(self, box: Box) -> Box:
        (ox, oy), (sx, sy) = self.offset, self.scale
        return (ox + box[0] * sx, oy + box[1] * sy, ox + box[2] * sx, oy + box[3] * sy)


@dataclass(frozen=True)
class Line:
    """One line of text as OCR read it (boxes on one baseline joined), in page-image pixels."""

    page: int
    text: str
    box: Box
    score: float
    points: Box = (0.0, 0.0, 0.0, 0.0)


# ---------------------------------------------------------------- the engine (optional extra)

@functools.cache
def _load_engine() -> Any:
    """One RapidOCR engine per process: building it reads ~30 MB of models. An ImportError
    (the [ocr] extra is not installed) is not cached, so installing it mid-session works."""
    import onnxruntime  # noqa: F401  (rapidocr imports it only when the first page is read)
    from rapidocr import RapidOCR

    return RapidOCR(params=OCR_PARAMS)


def engine(path: str) -> Any:
    """The process's OCR engine, or the one-line error saying how to install it."""
    try:
        return _load_engine()
    except ImportError:
        raise UnreadableDocument(path, MISSING_EXTRA) from None


def recognise(ocr: Any, page: PageImage, path: str) -> list[Line]:
    """The text lines OCR finds on one page, in reading order. An engine failure (a model file
    missing from a broken install, onnxruntime refusing the image) names the page."""
    try:
        result = ocr(page.image)
    except (OSError, RuntimeError, ValueError) as error:
        raise UnreadableDocument(path, f"page {page.number}: OCR failed ({error})") from None
    boxes = result.boxes if result.boxes is not None else ()
    found = []
    for quad, text, score in zip(boxes, result.txts or (), result.scores or (), strict=False):
        xs, ys = [float(p[0]) for p in quad], [float(p[1]) for p in quad]
        text = text.replace("\t", " ").strip(" \u3000")
        if text:
            found.append(Line(page.number, text, (min(xs), min(ys), max(xs), max(ys)),
                              float(score)))
    return [dataclasses.replace(line, points=page.to_points(line.box))
            for line in join_visual_lines(found)]


# ------------------------------------------------------------------------------ page images

def _flatten(image: Image.Image) -> Image.Image:
    """Grey or RGB on white: transparency composited, bilevel (fax TIFF) and palette images
    widened, so the engine gets a plain picture of the page."""
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        page = Image.new("RGB", rgba.size, "white")
        page.paste(rgba, mask=rgba.getchannel("A"))
        return page
    if image.mode in ("I", "F") or image.mode.startswith("I;16"):
        return _eight_bit(image)
    if image.mode in ("1", "L"):
        return image.convert("L")
    return image.convert("RGB")


def _eight_bit(image: Image.Image) -> Image.Image:
    """A 16-bit or float grey scan stretched to 8 bits (Pillow's own conversion clips every
    value above 255 to white, which blanks a 16-bit page)."""
    import numpy as np

    values = np.asarray(image, dtype=np.float64)
    low, high = float(values.min()), float(values.max())
    scaled = (values - low) * (255.0 / (high - low)) if high > low else values * 0 + 255
    return Image.fromarray(scaled.round().astype(np.uint8))  # 2-D uint8: mode L


def _image_pages(data: bytes, path: str) -> tuple[int, Iterator[PageImage]]:
    """(page count, pages) of an image file: every frame of a TIFF is a page; EXIF rotation
    (a phone photo of a page) is applied. Boxes are in points at the image's stated dpi
    (1 px = 1 pt when it states none)."""
    try:
        image = Image.open(io.BytesIO(data))
        count = getattr(image, "n_frames", 1)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as error:
        raise UnreadableDocument(path, f"a damaged or unreadable image ({error})") from None

    def pages() -> Iterator[PageImage]:
        for number, frame in enumerate(ImageSequence.Iterator(image), start=1):
            try:
                picture = _flatten(ImageOps.exif_transpose(frame))
            except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as error:
                raise UnreadableDocument(path, f"page {number} of the image cannot be decoded "
                                               f"({error})") from None
            yield PageImage(number, picture, scale=_points_per_pixel(frame.info.get("dpi")))

    return count, pages()


def _points_per_pixel(dpi: Any) -> tuple[float, float]:
    """Points per pixel at an image's stated resolution; 1 when it states none or a
    resolution no scanner uses (a TIFF without a resolution unit says 1 dpi)."""
    try:
        x, y = (float(value) for value in dpi[:2])
    except (TypeError, ValueError):
        return (1.0, 1.0)
    if not (50 <= x <= 2400 and 50 <= y <= 2400):
        return (1.0, 1.0)
    return (POINTS_PER_INCH / x, POINTS_PER_INCH / y)


def _pdf_pages(data: bytes, path: str) -> tuple[int, Iterator[PageImage]]:
    """(page count, pages) of a PDF: a page holding exactly one upright image gives that image
    at its own resolution; any other page (several images, vector text, a rotated page) is
    rendered at RENDER_DPI."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
        count = len(pdf)
    except pdfium.PdfiumError as error:
        raise UnreadableDocument(path, f"a damaged or encrypted PDF ({error})") from None
    if count == 0:
        raise UnreadableDocument(path, "a PDF without pages")

    def pages() -> Iterator[PageImage]:
        try:
            for index in range(count):
                page = pdf[index]
                try:
                    yield _embedded_image(page, index + 1) or _rendered(page, index + 1)
                finally:
                    page.close()
        except pdfium.PdfiumError as error:
            raise UnreadableDocument(path, f"page {index + 1} cannot be drawn ({error})") \
                from None
        finally:
            pdf.close()

    return count, pages()


def _embedded_image(page: Any, number: int) -> PageImage | None:
    """The page's only image, as scanned, with its place on the page; None when the page holds
    anything else too, or is turned (then rendering shows it as a reader sees it)."""
    import pypdfium2.raw as pdfium_c

    objects = list(page.get_objects(max_depth=15))
    if len(objects) != 1 or objects[0].type != pdfium_c.FPDF_PAGEOBJ_IMAGE \
            or page.get_rotation() % 360:
        return None
    image = objects[0]
    matrix = image.get_matrix()
    if matrix.b or matrix.c or matrix.a <= 0 or matrix.d <= 0:
        return None    # rotated, skewed or mirrored placement: render what the reader sees
    picture = _flatten(image.get_bitmap(render=True).to_pil())
    left, bottom, right, top = image.get_bounds()
    crop_left, _, _, crop_top = page.get_cropbox()
    width, height = picture.size
    return PageImage(number, picture, offset=(left - crop_left, crop_top - top),
                     scale=((right - left) / width, (top - bottom) / height))


def _rendered(page: Any, number: int) -> PageImage:
    """The page drawn at RENDER_DPI in grey (scans are read in grey; colour adds nothing)."""
    scale = RENDER_DPI / POINTS_PER_INCH
    picture = page.render(scale=scale, grayscale=True).to_pil()
    return PageImage(number, _flatten(picture), scale=(1 / scale, 1 / scale))


# ------------------------------------------------------------------------------- the lines

def join_visual_lines(lines: list[Line]) -> list[Line]:
    """Boxes that share a baseline (a date '2022年 12月 22日' or a spaced title read as
    several boxes) become one line, left to right; lines come back top to bottom."""
    rows: list[list[Line]] = []
    for line in sorted(lines, key=lambda ln: (ln.box[1] + ln.box[3]) / 2):
        if rows and _same_row(rows[-1][-1], line):
            rows[-1].append(line)
        else:
            rows.append([line])
    joined = []
    for row in rows:
        row.sort(key=lambda ln: ln.box[0])
        text = row[0].text
        for line in row[1:]:
            text += _separator(text, line.text) + line.text
        joined.append(Line(row[0].page, text,
                           (min(ln.box[0] for ln in row), min(ln.box[1] for ln in row),
                            max(ln.box[2] for ln in row), max(ln.box[3] for ln in row)),
                           min(ln.score for ln in row)))
    return joined


def _same_row(a: Line, b: Line) -> bool:
    overlap = min(a.box[3], b.box[3]) - max(a.box[1], b.box[1])
    return overlap > 0.5 * min(a.box[3] - a.box[1], b.box[3] - b.box[1])


def _separator(before: str, after: str) -> str:
    """A space only between two ASCII words (compose joins a paragraph's lines the same way)."""
    if before and after and before[-1].isascii() and before[-1].isalnum() \
            and after[0].isascii() and after[0].isalnum():
        return " "
    return ""


PAGE_NUMBER = re.compile(r"^(?:[-—―一–－~]\s*\d{1,4}\s*[-—―一–－~]|第\s*\d{1,4}\s*页"
                         r"(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4})$")


def is_page_number(text: str) -> bool:
    """A page's number printed in its margin ('— 2 —', '一2一' as OCR reads the dashes,
    '- 2 -', '第2页', '第2页 共9页', '2/9'): not part of the plan's text."""
    return bool(PAGE_NUMBER.match(re.sub(r"\s+", "", text)))


# ------------------------------------------------------------------------- the paragraphs

HEADING = re.compile(r"^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]"
                     r"|\d{1,2}[.．、](?!\d)|[（(]\d{1,2}[）)]|附件\s*\d*\s*$|附件\s*\d+[：:])")


@dataclass(frozen=True)
class Layout:
    """A page's text column: its left and right edges, the width of a character (the unit
    of an indent) and the height of a line, all in points (pages of one file may be images
    of different resolutions)."""

    left: float
    right: float
    em: float
    line_height: float


def page_layout(lines: list[Line]) -> Layout | None:
    """The text column of a page, from its lines (robust to a stray box in the margin); None
    when the page has too few lines to tell (the document's other pages are used then)."""
    if len(lines) < 6:
        return None
    lefts = sorted(line.points[0] for line in lines)
    rights = sorted(line.points[2] for line in lines)
    widths = [(line.points[2] - line.points[0]) / len(line.text) for line in lines
              if len(line.text) >= 6]
    heights = [line.points[3] - line.points[1] for line in lines]
    line_height = statistics.median(heights)
    return Layout(left=lefts[len(lefts) // 10], right=rights[-1 - len(rights) // 10],
                  em=statistics.median(widths) if widths else line_height,
                  line_height=line_height)


def starts_paragraph(previous: Line | None, line: Line, layout: Layout,
                     previous_layout: Layout) -> bool:
    """Whether ``line`` begins a paragraph: it is indented (about two characters; more for a
    centred line), it is a heading, the line before ended well short of the right edge (a
    paragraph's last line; two characters, since unjustified lines and punctuation at the
    line end leave up to ~1.7 characters), or a blank line's gap lies between them."""
    if previous is None:
        return True
    if line.points[0] >= layout.left + 1.2 * layout.em or HEADING.match(line.text):
        return True
    if previous.points[2] < previous_layout.right - 2.0 * previous_layout.em:
        return True
    gap = line.points[1] - previous.points[3]
    return previous.page == line.page and gap > 1.0 * layout.line_height


@dataclass
class ParagraphLines:
    """A paragraph being built: its lines and where each starts in the paragraph's text."""

    lines: list[Line]
    starts: list[int]
    text: str


def group_paragraphs(pages: list[list[Line]]) -> list[ParagraphLines]:
    """The lines of all pages (page numbers dropped) as paragraphs; a paragraph may run on
    to the next page, as it does in print."""
    layouts = [page_layout(lines) for lines in pages]
    known = [layout for layout in layouts if layout is not None]
    fallback = _median_layout(known) if known else None
    paragraphs: list[ParagraphLines] = []
    previous: Line | None = None
    previous_layout: Layout | None = None
    for lines, layout in zip(pages, layouts, strict=True):
        if not lines:
            continue
        # a page of a few lines takes the column of the file's other pages, or (the file's
        # only page) its own lines, however few
        layout = layout or fallback or page_layout(lines * 6)
        assert layout is not None
        for line in lines:
            if starts_paragraph(previous, line, layout, previous_layout or layout):
                paragraphs.append(ParagraphLines([line], [0], line.text))
            else:
                current = paragraphs[-1]
                current.text += _separator(current.text, line.text)
                current.lines.append(line)
                current.starts.append(len(current.text))
                current.text += line.text
            previous, previous_layout = line, layout
    return paragraphs


def _median_layout(layouts: list[Layout]) -> Layout:
    return Layout(*(statistics.median(getattr(layout, name) for layout in layouts)
                    for name in ("left", "right", "em", "line_height")))


# ---------------------------------------------------------------------- post-processing

CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff5e"
FULL_WIDTH = {"(": "（", ")": "）", ":": "：", ";": "；", ",": "，"}
ASCII_IN_CJK = re.compile(rf"(?<=[{CJK}])[():;,]|[():;,](?=[{CJK}])")
BRACKETED = re.compile(rf"\(([^()]*[{CJK}][^()]*)\)")
DOC_NUMBER = re.compile(r"[〔（【\[(](\d{4})[〕）】\])](\d+号)")


def restore_punctuation(text: str) -> str:
    """OCR's ASCII ( ) : ; , back to the full-width marks a Chinese text has: next to a
    Chinese character or mark, or brackets around Chinese text; then a document number's
    brackets, which OCR reads as （ ） [ ] 【 】, as 〔 〕. Every change is one character for
    one, so offsets in the text stay put."""
    text = BRACKETED.sub(lambda m: f"（{m.group(1)}）", text)
    text = ASCII_IN_CJK.sub(lambda m: FULL_WIDTH[m.group()], text)
    return DOC_NUMBER.sub(r"〔\1〕\2", text)


# --------------------------------------------------------------------------- the document

def document(path: str, sha256: str, pages: list[list[Line]],
             threshold: float = LOW_CONFIDENCE) -> Document:
    """The Document of OCR'd pages: paragraphs as blocks, every line its own piece, a note
    for every line read with confidence below ``threshold``."""
    pages = [[line for line in lines if not is_page_number(line.text)] for lines in pages]
    paragraphs = group_paragraphs(pages)
    if not paragraphs:
        raise UnreadableDocument(path, f"OCR found no text on its {len(pages)} page(s) "
                                       "(a blank scan, or a photo without text?)")
    blocks = []
    for paragraph in paragraphs:
        paragraph.text = restore_punctuation(paragraph.text)
        first = paragraph.lines[0]
        on_first_page = [line.points for line in paragraph.lines if line.page == first.page]
        blocks.append(Paragraph(paragraph.text, Origin(
            page=first.page, box=_union(on_first_page),
            confidence=round(min(line.score for line in paragraph.lines), 4))))
    composed = compose(path, sha256, "scan", blocks)
    pieces: list[Piece] = []
    notes: list[Note] = []
    for paragraph, piece in zip(paragraphs, composed.pieces, strict=True):
        assert composed.text[piece.start:piece.end] == paragraph.text, "compose changed a line"
        for line, offset in zip(paragraph.lines, paragraph.starts, strict=True):
            start = piece.start + offset
            end = start + len(line.text)
            pieces.append(Piece(start, end, Origin(page=line.page, box=line.points,
                                                   confidence=round(line.score, 4))))
            if line.score < threshold:
                notes.append(Note("ocr-low-confidence",
                                  f"page {line.page}: OCR confidence {line.score:.2f} for "
                                  f"「{composed.text[start:end]}」; check it against the scan",
                                  start, end))
    return dataclasses.replace(composed, pieces=tuple(pieces), notes=tuple(notes))


def _union(boxes: list[Box]) -> Box:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


def _on_terminal(stream: Any) -> bool:
    """Whether a stream is a terminal (False for a pipe, a file, a closed or missing one)."""
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


@contextmanager
def _progress(count: int, path: str) -> Iterator[Any]:
    """A page-by-page progress bar on stderr when a person watches it (a terminal); nothing
    in a pipe or a log, and never anything on stdout (which carries the records)."""
    if _on_terminal(sys.stderr):
        with click.progressbar(length=count, label=f"OCR {Path(path).name}",
                               file=sys.stderr, show_pos=True) as bar:
            yield bar
    else:
        yield None


def read(data: bytes, path: str, sha256: str) -> Document:
    """A scanned plan (an image file, or a PDF without a text layer) -> its Document."""
    ocr = engine(path)
    if data.startswith(b"%PDF") or b"%PDF-" in data[:1024]:
        count, pages = _pdf_pages(data, path)
    else:
        count, pages = _image_pages(data, path)
    found: list[list[Line]] = []
    with _progress(count, path) as bar:
        for page in pages:
            found.append(recognise(ocr, page, path))
            if bar is not None:
                bar.update(1)
    return document(path, sha256, found)
