"""Word 2007+ (.docx) reader: paragraphs and tables in document order, with Word's automatic
list numbers written into the text.

python-docx opens the package (it finds the main part, numbering and styles through the
relationships); the XML is then walked directly, because

- ``row.cells`` repeats a vertically merged cell's text in every row it covers; a covered cell
  (``w:vMerge`` continue) must be an empty cell, as Word's "save as text" writes it, or the
  task-division tables gain a task in every row;
- real plans number 一、/（一）/1. with Word lists, whose numbers are not in the text:
  they are rendered here from numbering.xml (the list of the paragraph or of its style);
- content controls (``w:sdt``) and text boxes hold text python-docx's iterators skip.

Origins: a paragraph is numbered among the body's paragraphs (1-based, empty ones counted, as
``docx.Document(f).paragraphs[n - 1]`` when the file has no content controls); a cell by its
table (1-based among the body's tables), row and grid column (1-based, spans counted).
"""

from __future__ import annotations

import io
import zipfile
import zlib

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.package import OpcPackage
from docx.oxml.ns import qn
from lxml import etree

from ..errors import UnreadableDocument
from .model import Document, Format, compose
from .word_body import _BodyReader
from .word_numbering import Numbering

WORD_MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
}
SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


def read(data: bytes, path: str, sha256: str) -> Document:
    """The Document of a .docx file's bytes."""
    return read_docx(data, path, sha256, "docx")


def read_docx(data: bytes, path: str, sha256: str, format: Format) -> Document:
    """A .docx read as ``format`` (legacy_word gives "doc" for a converted .doc/.wps);
    UnreadableDocument when the package is damaged or holds no text."""
    body, numbering_xml, styles_xml = _open(data, path)
    reader = _BodyReader(Numbering(numbering_xml, styles_xml))
    reader.read_body(body)
    document = compose(path, sha256, format, reader.blocks)
    if not document.text.strip():
        raise UnreadableDocument(path, "the Word file has no text; if its pages are pictures, "
                                       "save it as PDF and read that (OCR)")
    return document


def _open(data: bytes, path: str) -> tuple[etree._Element, etree._Element | None,
                                           etree._Element | None]:
    """The body of the main part, and the numbering and styles parts (None when absent)."""
    try:
        package = OpcPackage.open(io.BytesIO(data))
        main = package.main_document_part
        if main.content_type not in WORD_MAIN_TYPES:
            raise UnreadableDocument(path, f"not a Word document (its main part is "
                                           f"{main.content_type}); save it as .docx")
        root = _element(main)
        body = root.find(qn("w:body"))
        if body is None:
            raise UnreadableDocument(path, "a damaged Word file (no document body); open it in "
                                           "Word or WPS and save it again as .docx")
        return body, _related(main, RT.NUMBERING), _related(main, RT.STYLES)
    except (zipfile.BadZipFile, zlib.error, KeyError, ValueError, EOFError, OSError,
            etree.XMLSyntaxError, PackageNotFoundError) as error:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise UnreadableDocument(path, f"a damaged Word file ({reason}); open it in Word or "
                                       f"WPS and save it again as .docx") from None


def _element(part) -> etree._Element:
    """A part's XML: python-docx parses the parts it knows; others (a .docm's main part) are
    parsed here, without entities or network access."""
    element = getattr(part, "element", None)
    if element is not None:
        return element
    return etree.fromstring(part.blob, SAFE_PARSER)


def _related(part, reltype: str) -> etree._Element | None:
    for rel in part.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            return _element(rel.target_part)
    return None


# ---------------------------------------------------------------------------------------
# the body: paragraphs and tables in order


# ---------------------------------------------------------------------------------------
# list numbering (numbering.xml)


# ---------------------------------------------------------------------------------------
# number formats
