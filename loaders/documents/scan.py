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
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from ..errors import UnreadableDocument
from .model import Document
from .scan_images import (
    PageImage,
    _image_pages,
    _pdf_pages,
)
from .scan_paragraphs import (
    Line,
    document,
    join_visual_lines,
)

MISSING_EXTRA = ("a scanned document needs OCR: install the extra with "
                 "pip install 'policykg[ocr]'")
# measured (research §6): unclip 2.0 keeps line-final '）'; the angle classifier is off because
# on upright pages it turns whole lines of dense text 180° and reads them as gibberish (3 lines
# on 7 pages of seed 003 with it on, none without); RapidOCR's info log would flood stderr
OCR_PARAMS: dict[str, Any] = {"Det.unclip_ratio": 2.0, "Global.use_cls": False,
                              "Global.log_level": "error"}


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
