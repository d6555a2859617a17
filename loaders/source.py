"""Read a document's bytes, fingerprint them and decode them.

Plans come as UTF-8 (with or without BOM), GB18030/GBK (older Windows exports) or UTF-16
(Word's "Unicode text"). The record says which encoding was used, and every span in the
record is an offset into the text decoded here.
"""

from __future__ import annotations

import codecs
import hashlib
from dataclasses import dataclass
from pathlib import Path

from .errors import BinaryDocument, EmptyDocument, UndecodableDocument

# magic numbers of formats people pass by mistake, with a hint what to do instead
_FORMATS = [
    (b"%PDF", "a PDF file; extract its text first (e.g. pdftotext -layout FILE.pdf)"),
    (b"PK\x03\x04", "a zip container (.docx, .xlsx ...); save it as plain text first"),
    (b"\xd0\xcf\x11\xe0", "a legacy Office file (.doc, .xls); save it as plain text first"),
    (b"\x89PNG", "a PNG image, not text"),
    (b"\xff\xd8\xff", "a JPEG image, not text"),
]


@dataclass(frozen=True)
class SourceText:
    """A decoded document: the ground truth every span points into."""

    path: str
    sha256: str
    encoding: str
    text: str


def decode_bytes(data: bytes, path: str) -> tuple[str, str]:
    """Return (text, encoding name) or raise a LoaderError naming ``path``."""
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise EmptyDocument(path, "the file is empty (no text to extract)")
    for magic, what in _FORMATS:
        if data.startswith(magic):
            raise BinaryDocument(path, f"not a text file: {what}")
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", path), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", path), "utf-16"
    utf16 = _guess_utf16_without_bom(data)
    if utf16:
        return _strict(data, utf16, path), utf16
    if b"\x00" in data:
        raise BinaryDocument(path, "not a text file: it contains NUL bytes",
                             offset=data.index(b"\x00"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise UndecodableDocument(
                path,
                f"not UTF-8 ({utf8_error.reason} at byte {utf8_error.start}) "
                "nor GB18030/GBK; re-save the file as UTF-8",
                offset=utf8_error.start,
            ) from None
        _reject_control_characters(text, path)
        return text, "gb18030"
    _reject_control_characters(text, path)
    return text, "utf-8"


def read_source(path: str | Path) -> SourceText:
    """Read and decode one file; errors name the file and the byte where decoding failed."""
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise EmptyDocument(name, f"cannot read the file: {error.strerror or error}") from None
    text, encoding = decode_bytes(data, name)
    return SourceText(name, hashlib.sha256(data).hexdigest(), encoding, text)


def _strict(data: bytes, encoding: str, path: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise UndecodableDocument(
            path, f"invalid {encoding} ({error.reason} at byte {error.start})", offset=error.start
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    _reject_control_characters(text, path)
    return text


def _guess_utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without BOM: NULs in every other byte of the ASCII parts."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > half * 0.3 and even_nuls < half * 0.05:
        return "utf-16-le"
    if even_nuls > half * 0.3 and odd_nuls < half * 0.05:
        return "utf-16-be"
    return None


def _reject_control_characters(text: str, path: str) -> None:
    """Binary data often decodes as GB18030; many C0 control characters give it away."""
    sample = text[:20000]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if sample and controls > max(8, len(sample) // 100):
        raise BinaryDocument(path, f"not a text file: {controls} control characters "
                                   f"in the first {len(sample)} characters")
