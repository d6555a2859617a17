"""OFD (GB/T 33190, China's fixed-layout format) -> Document.

No maintained, permissively licensed Python OFD reader exists (easyofd and pdf2ofd need
PyMuPDF, which is AGPL; ofdparser is unmaintained), and the text layer is simple to read with
the standard library: an OFD is a zip; OFD.xml names each document's Document.xml
(DocBody/DocRoot), which lists the pages (Pages/Page/@BaseLoc); each page's Content.xml holds
TextObjects (Boundary = the object's box, CTM = its transform) whose TextCodes give the text
with the baseline origin (X, Y) and the advance between characters (DeltaX, with the "g N
width" shorthand). Units are millimetres.

The text objects of a page are put in reading order (top to bottom, left to right), grouped
into lines by baseline, and lines joined into paragraphs by the rule of GB/T 9704 print: a
line indented about two characters from the text's left edge starts a paragraph, and so does
the line after one that ends well short of the right edge (a paragraph's last line). Tables
(ruled PathObjects) are not rebuilt: their cells come out as lines.
"""

from __future__ import annotations

import io
import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field

from ..errors import UnreadableDocument
from .model import Document, Origin, Paragraph, compose

MM_TO_PT = 72 / 25.4
INDENT_EMS = 0.9       # a line starting this many ems right of the left edge is indented
# a line ending this many ems short of the right edge ends a paragraph: more than one
# character, since a writer that does not justify (ofdrw) leaves up to a character free
SHORT_EMS = 1.5
BASELINE_EMS = 0.3     # runs whose baselines differ by less than this are one line
# a page number printed in the footer: — 3 —, －3－, - 3 -
PAGE_NUMBER = re.compile(r"^[—―－\-]\s*\d{1,4}\s*[—―－\-]$")
DAMAGED = ("a damaged OFD file ({}); open it in an OFD reader and save it again, "
           "or export it as PDF")


@dataclass
class Run:
    """One TextCode placed on the page: its text, baseline start and end (mm), font size."""

    text: str
    x0: float
    x1: float
    y: float
    size: float


@dataclass
class Line:
    runs: list[Run] = field(default_factory=list)

    @property
    def x0(self) -> float:
        return min(run.x0 for run in self.runs)

    @property
    def x1(self) -> float:
        return max(run.x1 for run in self.runs)

    @property
    def y(self) -> float:
        return self.runs[0].y

    @property
    def size(self) -> float:
        return max(run.size for run in self.runs)

    @property
    def text(self) -> str:
        return "".join(run.text for run in sorted(self.runs, key=lambda run: run.x0))


def read(data: bytes, path: str, sha256: str) -> Document:
    """The paragraphs of an OFD's text layer, each with its page and box as origin."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        pages = list(_pages(package))
        lines_by_page = [_lines(_runs(package, content)) for content in pages]
    except (zipfile.BadZipFile, KeyError, ET.ParseError, ValueError, OSError,
            EOFError, zipfile.LargeZipFile) as error:
        raise UnreadableDocument(path, DAMAGED.format(_reason(error))) from None
    if not any(lines_by_page):
        raise UnreadableDocument(path, "an OFD file with no text (scanned pages?); export its "
                                       "pages as images or PDF to read them with OCR")
    return compose(path, sha256, "ofd", paragraphs(lines_by_page))


def _reason(error: Exception) -> str:
    """What was wrong, in a few words, for the one-line message."""
    if isinstance(error, KeyError):
        return f"missing part {error.args[0]}" if error.args else "a missing part"
    if isinstance(error, ET.ParseError):
        return f"broken XML: {error}"
    return str(error) or type(error).__name__


# -- the package ---------------------------------------------------------------------------

def _local(tag: str) -> str:
    """An element's name without its namespace (writers use ofd: or none)."""
    return tag.rsplit("}", 1)[-1]


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in element if _local(child.tag) == name]


def _find(element: ET.Element, *names: str) -> ET.Element | None:
    """The first descendant path element[name1]/[name2]/..., ignoring namespaces."""
    current: ET.Element | None = element
    for name in names:
        if current is None:
            return None
        current = next(iter(_children(current, name)), None)
    return current


def _member(package: zipfile.ZipFile, name: str) -> str:
    """The zip member of a path the OFD names (case and leading slashes vary by writer)."""
    wanted = posixpath.normpath(name.lstrip("/"))
    names = package.namelist()
    if wanted in names:
        return wanted
    for candidate in names:
        if candidate.lower() == wanted.lower():
            return candidate
    raise KeyError(wanted)


def _resolve(base: str, location: str) -> str:
    """A location relative to the part that names it (or to the package root when it
    starts with /)."""
    if location.startswith("/"):
        return location.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), location))


def _xml(package: zipfile.ZipFile, name: str) -> ET.Element:
    return ET.fromstring(package.read(_member(package, name)))


def _pages(package: zipfile.ZipFile) -> list[tuple[str, ET.Element]]:
    """(name, Content.xml root) of each page of the first document, in page order."""
    root = _xml(package, "OFD.xml")
    doc_root = _find(root, "DocBody", "DocRoot")
    if doc_root is None or not (doc_root.text or "").strip():
        raise ValueError("OFD.xml names no document")
    if _find(root, "DocBody", "Encryptions") is not None:
        raise ValueError("the file is encrypted")
    document_name = _member(package, doc_root.text.strip())
    document = _xml(package, document_name)
    pages = _find(document, "Pages")
    if pages is None:
        raise ValueError("Document.xml lists no pages")
    found = []
    for page in _children(pages, "Page"):
        location = page.get("BaseLoc")
        if not location:
            raise ValueError("a page without BaseLoc")
        name = _resolve(document_name, location)
        found.append((name, _xml(package, name)))
    return found


# -- text on a page ------------------------------------------------------------------------

def _numbers(text: str | None) -> list[float]:
    return [float(part) for part in (text or "").replace(",", " ").split()]


def _deltas(text: str | None) -> list[float]:
    """DeltaX/DeltaY with the 'g N value' shorthand (N times value) expanded."""
    parts = (text or "").replace(",", " ").split()
    values: list[float] = []
    index = 0
    while index < len(parts):
        if parts[index] == "g" and index + 2 < len(parts):
            values += [float(parts[index + 2])] * int(float(parts[index + 1]))
            index += 3
        else:
            values.append(float(parts[index]))
            index += 1
    return values


def _runs(package: zipfile.ZipFile, page: tuple[str, ET.Element]) -> list[Run]:
    """Every TextCode of the page (in layers and page blocks) placed in page coordinates:
    the TextObject's Boundary origin plus its CTM applied to the code's (X, Y)."""
    _name, content = page
    runs: list[Run] = []
    for text_object in content.iter():
        if _local(text_object.tag) != "TextObject":
            continue
        boundary = _numbers(text_object.get("Boundary")) or [0.0, 0.0]
        left, top = boundary[0], boundary[1]
        a, b, c, d, e, f = _numbers(text_object.get("CTM")) or [1, 0, 0, 1, 0, 0]
        scale = (abs(a) + abs(d)) / 2 or 1.0
        size = float(text_object.get("Size") or 3.5) * scale
        x = y = 0.0
        for code in _children(text_object, "TextCode"):
            text = code.text or ""
            x = float(code.get("X", x))
            y = float(code.get("Y", y))
            advance = _deltas(code.get("DeltaX"))
            width = sum(advance[:max(0, len(text) - 1)]) + (size / scale if text else 0)
            x0, y0 = a * x + c * y + e + left, b * x + d * y + f + top
            x1 = a * (x + width) + c * y + e + left
            if text.strip():
                runs.append(Run(text, min(x0, x1), max(x0, x1), y0, size))
            x += width
    return runs


def _lines(runs: list[Run]) -> list[Line]:
    """Runs grouped into lines by baseline, top to bottom; page numbers dropped."""
    lines: list[Line] = []
    for run in sorted(runs, key=lambda run: (run.y, run.x0)):
        if lines and abs(lines[-1].y - run.y) < BASELINE_EMS * max(run.size, lines[-1].size):
            lines[-1].runs.append(run)
        else:
            lines.append(Line([run]))
    return [line for line in lines if not PAGE_NUMBER.match(line.text.strip())]


# -- paragraphs ----------------------------------------------------------------------------

def _join(lines: list[str]) -> str:
    """A paragraph's lines as one text: joined directly (a number broken at a line end,
    〔202|2〕, is one number; a space the writer set at a line end is kept), with a space
    added only between two Latin letters (English words)."""
    text = ""
    for line in lines:
        if text and text[-1].isascii() and text[-1].isalpha() and line[:1].isascii() \
                and line[:1].isalpha():
            text += " "
        text += line
    return text.strip()


def paragraphs(lines_by_page: list[list[Line]]) -> list[Paragraph]:
    """Lines joined into paragraphs by the indent rule, across page breaks: a paragraph
    goes on to the next page when the page's last line is full and the next page's first
    line is not indented. Each paragraph's origin is the page and box where it starts."""
    all_lines = [line for lines in lines_by_page for line in lines]
    if not all_lines:
        return []
    left = min(line.x0 for line in all_lines)
    right = max(line.x1 for line in all_lines)
    blocks: list[Paragraph] = []
    texts: list[str] = []
    start: tuple[int, Line] | None = None
    box: list[float] = []
    previous: Line | None = None

    def flush() -> None:
        if texts and start is not None:
            origin = Origin(page=start[0], box=tuple(v * MM_TO_PT for v in box))  # type: ignore[arg-type]
            blocks.append(Paragraph(_join(texts), origin))
        texts.clear()

    for page_number, lines in enumerate(lines_by_page, 1):
        for line in lines:
            em = line.size
            new = (previous is None or line.x0 > left + INDENT_EMS * em
                   or previous.x1 < right - SHORT_EMS * em
                   or (start is not None and start[0] == page_number
                       and line.y - previous.y > 2.5 * em))
            if new:
                flush()
                start = (page_number, line)
                box = [line.x0, line.y - em, line.x1, line.y]
            elif start is not None and start[0] == page_number:
                box = [min(box[0], line.x0), box[1], max(box[2], line.x1), line.y]
            texts.append(line.text)
            previous = line
    flush()
    return blocks
