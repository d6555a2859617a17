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

import re

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from ..errors import UnreadableDocument
from .model import Document, compose
from .pdf_furniture import _drop_furniture, _notes
from .pdf_lines import Page, _glyphs, _lines, _View
from .pdf_paragraphs import _blocks
from .pdf_tables import _edges, _fill_grids, _grids


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
