"""OCR'd lines -> a Document: boxes on one baseline joined, page numbers dropped, lines grouped
into paragraphs by indent and line ends, ASCII punctuation in Chinese restored, low-confidence
lines noted.
"""

from __future__ import annotations

import dataclasses
import re
import statistics
from dataclasses import dataclass

from ..errors import UnreadableDocument
from .model import Document, Note, Origin, Paragraph, Piece, compose
from .scan_images import Box

LOW_CONFIDENCE = 0.9    # research §6: 0.4 % of lines; lines with an error score 0.90-0.93


@dataclass(frozen=True)
class Line:
    """One line of text as OCR read it (boxes on one baseline joined), in page-image pixels."""

    page: int
    text: str
    box: Box
    score: float
    points: Box = (0.0, 0.0, 0.0, 0.0)


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
