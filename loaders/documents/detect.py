"""Which format a file is, from its bytes (magic numbers, zip members, HTML markup), never
from its name alone: portals serve PDFs as .htm and Word files as .doc that are really .docx.

``sniff`` answers a format the readers take, or raises Unsupported with a reason a user can
act on (a spreadsheet, an archive to unpack, an image format without OCR support).
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from ..errors import LoaderError, UnreadableDocument


class Unsupported(LoaderError):
    """A file no reader takes (a spreadsheet, an archive, an unknown binary). In a folder it is
    skipped and listed; named on the command line it fails."""


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# the start of an HTML page, after a BOM, blanks or comments
HTML_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*"
                        rb"<(?:!doctype\s+html|html|head|meta|title|body|div|p|table|style)\b",
                        re.IGNORECASE | re.DOTALL)
HTML_START_UTF16 = ("<!doctype html", "<html")


def sniff(data: bytes, path: str) -> str:
    """'text', 'pdf', 'docx', 'doc', 'html', 'ofd' or 'image'; Unsupported otherwise."""
    head = data[:8]
    if data.startswith(b"%PDF") or b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_format(data, path)
    if head == OLE_MAGIC:
        return _ole_format(data, path)
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")):
        return "image"
    if head.startswith((b"GIF8", b"BM")):
        raise Unsupported(path, "an image in a format OCR does not take here (GIF/BMP); "
                                "save the page as PNG, JPEG or TIFF")
    if head.startswith((b"Rar!", b"7z\xbc\xaf", b"\x1f\x8b")):
        raise Unsupported(path, "an archive; unpack it first and give the folder")
    if HTML_START.match(data[:4096]):
        return "html"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            start = data[:400].decode("utf-16").lstrip().lower()
        except UnicodeDecodeError:
            start = ""
        if start.startswith(HTML_START_UTF16):
            return "html"
    return "text"


def _zip_format(data: bytes, path: str) -> str:
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        if Path(path).suffix.lower() in (".docx", ".ofd", ".wps", ".docm"):
            # named as a document the readers take: a damaged file to report, not to skip
            raise UnreadableDocument(path, f"a damaged {Path(path).suffix.lower()[1:]} file "
                                           f"(its zip container is broken: {error})") from None
        raise Unsupported(path, f"a damaged zip container ({error})") from None
    lower = {name.lower() for name in names}
    if "word/document.xml" in lower:
        return "docx"
    if "ofd.xml" in lower:
        return "ofd"
    if "xl/workbook.xml" in lower:
        raise Unsupported(path, "a spreadsheet (.xlsx); plans are read from PDF, Word, HTML, "
                                "OFD, scans or text")
    if "ppt/presentation.xml" in lower:
        raise Unsupported(path, "a presentation (.pptx); not a plan document")
    if "content.xml" in lower and "mimetype" in lower:
        mimetype = zipfile.ZipFile(io.BytesIO(data)).read(
            next(n for n in names if n.lower() == "mimetype"))[:80]
        if b"opendocument.text" in mimetype:
            raise Unsupported(path, "an OpenDocument text (.odt); save it as .docx")
        raise Unsupported(path, "an OpenDocument file that is not a text document")
    raise Unsupported(path, "a zip archive; unpack it first and give the folder")


def _ole_format(data: bytes, path: str) -> str:
    """A legacy Office compound file: Word (.doc) and Kingsoft Writer (.wps) hold a
    WordDocument stream; Excel a Workbook/Book stream."""
    window = data[:1 << 20]
    if "WordDocument".encode("utf-16-le") in window:
        return "doc"
    if "Workbook".encode("utf-16-le") in window or "Book".encode("utf-16-le") in window:
        raise Unsupported(path, "a legacy spreadsheet (.xls); not a plan document")
    if "PowerPoint".encode("utf-16-le") in window:
        raise Unsupported(path, "a legacy presentation (.ppt); not a plan document")
    return "doc"   # a legacy Word file whose directory lies beyond the first megabyte
