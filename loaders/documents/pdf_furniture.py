"""PDF page furniture: page numbers and lines repeated in the same place on most pages, dropped;
pages without text noted.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict

from .model import Note
from .pdf_lines import Line, Page

BAND = 0.12              # page furniture lives in the top and bottom 12 % of a page


PAGE_NUMBER = re.compile(
    r"^(?:[-—―–－~]\s*\d{1,4}\s*[-—―–－~]"                 # — 5 —, - 5 -
    r"|第\s*\d{1,4}\s*页(?:\s*[,，、/]?\s*共\s*\d{1,4}\s*页)?"  # 第5页, 第 5 页 共 30 页
    r"|\d{1,4}\s*/\s*\d{1,4}|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?|\d{1,4})$")


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
