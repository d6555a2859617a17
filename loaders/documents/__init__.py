"""The document stage: a file's bytes -> a Document (the text the rules read, its structure and
where each piece came from). The format is found from the bytes (detect.sniff); each format has
its reader module with one function, ``read(data, path, sha256) -> Document``:

    text  plain text in UTF-8, GB18030/GBK or UTF-16 (loaders/source.py decodes it)
    pdf   PDFs with a text layer (pdf.py); a PDF without one goes to the OCR reader
    docx  Word 2007+ (word.py)
    doc   legacy Word and Kingsoft .wps, through LibreOffice (legacy_word.py)
    html  web pages from government portals (html.py)
    ofd   China's fixed-layout format (ofd.py)
    image scanned pages (scan.py, the optional [ocr] extra)
"""

from __future__ import annotations

import hashlib
from importlib import import_module
from pathlib import Path

from ..source import DEFAULT_MAX_SIZE, decode_bytes, display_path, read_document
from .detect import Unsupported, sniff
from .model import Block, Cell, Document, Note, Origin, Paragraph, Piece, Table, compose

READERS = {"pdf": "pdf", "docx": "word", "doc": "legacy_word", "html": "html", "ofd": "ofd",
           "image": "scan"}


# A file found in a folder is read as a plain-text plan only with one of these suffixes: a
# folder of plans also holds READMEs, notes and CSVs. A file named on the command line is
# read whatever its name. Every other format is recognised by its bytes, whatever its name.
TEXT_SUFFIXES = {".txt", ".text"}


def check_format(data: bytes, path: str, found_in_folder: bool = False) -> str:
    """The format a reader takes these bytes as; Unsupported (with the reason) otherwise."""
    kind = sniff(data, path)
    if kind == "text" and found_in_folder and Path(path).suffix.lower() not in TEXT_SUFFIXES:
        suffix = Path(path).suffix or "no suffix"
        raise Unsupported(path, f"a text file that is not .txt ({suffix}); not a plan "
                                "document (name it on the command line to read it as one)")
    return kind


def read_bytes(data: bytes, path: str, sha256: str | None = None, *,
               found_in_folder: bool = False) -> Document:
    """The Document of a file's bytes; LoaderError (naming ``path``) when it cannot be read,
    Unsupported when no reader takes its format (or, for a file ``found_in_folder``, a text
    file without a .txt suffix)."""
    sha256 = sha256 or hashlib.sha256(data).hexdigest()
    kind = check_format(data, path, found_in_folder)
    if kind == "text":
        text, encoding = decode_bytes(data, path)
        return Document(path=path, sha256=sha256, format="text", text=text, encoding=encoding)
    reader = import_module(f"{__name__}.{READERS[kind]}")
    return reader.read(data, path, sha256)


def read_file(path: str | Path, max_size: int = DEFAULT_MAX_SIZE, *,
              found_in_folder: bool = False) -> Document:
    """Read a file once (FIFOs work) and return its Document."""
    return read_bytes(read_document(path, max_size), display_path(path),
                      found_in_folder=found_in_folder)


def from_text(path: str, sha256: str, text: str, encoding: str | None = None,
              format: str = "text") -> Document:
    """A Document from text already composed (a store keeps the text the rules read)."""
    return Document(path=path, sha256=sha256, format=format, text=text,  # type: ignore[arg-type]
                    encoding=encoding)


__all__ = ["TEXT_SUFFIXES", "Block", "Cell", "Document", "Note", "Origin", "Paragraph", "Piece",
           "Table", "Unsupported", "check_format", "compose", "from_text", "read_bytes",
           "read_file", "sniff"]
