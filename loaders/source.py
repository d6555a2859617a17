"""Read a document's bytes, fingerprint them and decode them.

Plans come as UTF-8 (with or without BOM), GB18030/GBK (older Windows exports) or UTF-16
(Word's "Unicode text"). The record says which encoding was used, and every span in the
record is an offset into the text decoded here.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from .errors import BinaryDocument, EmptyDocument, TooLarge, UndecodableDocument

DEFAULT_MAX_SIZE = 20 * 1024 * 1024   # bytes; a plan is rarely over 1 MB (--max-size)
READ_CHUNK = 1 << 20

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
        return _check_not_blank(_strict(data[3:], "utf-8", path), path), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _check_not_blank(_strict(data, "utf-16", path), path), "utf-16"
    utf16 = _guess_utf16_without_bom(data)
    if utf16:
        return _check_not_blank(_strict(data, utf16, path), path), utf16
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
        return _check_not_blank(text, path), "gb18030"
    _reject_control_characters(text, path)
    return _check_not_blank(text, path), "utf-8"


def display_path(path: str | Path) -> str:
    """The path as printed and stored: a name that is not UTF-8 (a GBK name from a Windows
    zip arrives as surrogate escapes) shows its bytes as \\xd6, so every output (terminal,
    JSON, XML, RDF, the store) can hold it."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def format_size(size: int) -> str:
    """20971520 -> 20 MB, 65536 -> 64 KB, 10000 -> 10,000 bytes."""
    for unit, factor in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if size >= factor and size % factor == 0:
            return f"{size // factor} {unit} = {size:,} bytes"
    return f"{size:,} bytes"


def read_document(path: str | Path, max_size: int = DEFAULT_MAX_SIZE) -> bytes:
    """The file's bytes, read once (a FIFO or a process substitution can be read only once),
    at most ``max_size`` of them; errors are LoaderErrors naming the file."""
    name = display_path(path)
    too_large = "the file is larger than the size limit ({}); raise it with --max-size"
    try:
        with open(path, "rb") as handle:
            status = os.fstat(handle.fileno())
            if stat.S_ISREG(status.st_mode) and status.st_size > max_size:  # before reading
                raise TooLarge(name, too_large.format(
                    f"{status.st_size:,} bytes > {format_size(max_size)}"))
            chunks, total = [], 0
            while chunk := handle.read(min(READ_CHUNK, max_size + 1 - total)):
                chunks.append(chunk)
                total += len(chunk)
                if total > max_size:
                    raise TooLarge(name, too_large.format(f"more than {max_size:,} bytes"))
            return b"".join(chunks)
    except OSError as error:
        raise EmptyDocument(name, f"cannot read the file: {error.strerror or error}") from None
    except MemoryError:
        raise TooLarge(name, "the file is too large to read into memory; lower --max-size "
                             "or split it") from None


def read_source(path: str | Path, max_size: int = DEFAULT_MAX_SIZE) -> SourceText:
    """Read (once) and decode one file; errors name the file and the byte where decoding
    failed. The fingerprint is of the bytes read, so it always matches the text."""
    name = display_path(path)
    data = read_document(path, max_size)
    text, encoding = decode_bytes(data, name)
    return SourceText(name, hashlib.sha256(data).hexdigest(), encoding, text)


def _check_not_blank(text: str, path: str) -> str:
    # str.strip() also removes the ideographic space U+3000 that indents Chinese text
    if not text.replace("\ufeff", "").strip():
        raise EmptyDocument(path, "the file is empty (no text to extract)")
    return text


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
    """UTF-16 without BOM (Word's "Unicode text" saved by some tools): NUL bytes appear, and
    one byte order decodes to plausible text (CJK, ASCII, punctuation) while the other doesn't.
    A Chinese plan has few ASCII characters, so counting NULs alone is not enough."""
    sample = data[:8192]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    sample = sample[: len(sample) - len(sample) % 2]
    best, best_score = None, 0.0
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = sample.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = sum(1 for ch in text if _plausible(ch)) / max(1, len(text))
        if score > best_score:
            best, best_score = encoding, score
    return best if best_score >= 0.9 else None


def _plausible(char: str) -> bool:
    code = ord(char)
    return (32 <= code < 127 or char in "\t\r\n" or 0x3000 <= code <= 0x303F
            or 0x4E00 <= code <= 0x9FFF or 0xFF00 <= code <= 0xFFEF or 0x2000 <= code <= 0x206F
            or 0x3400 <= code <= 0x4DBF or 0x2460 <= code <= 0x24FF or char in "\u2236\u00b7")


# C0 control characters other than \t \n \v \f \r (9-13)
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f]")


def _reject_control_characters(text: str, path: str) -> None:
    """Binary data often decodes as GB18030; many C0 control characters give it away."""
    sample = text[:20000]
    controls = len(_CONTROL.findall(sample))
    if sample and controls > max(8, len(sample) // 100):
        raise BinaryDocument(path, f"not a text file: {controls} control characters "
                                   f"in the first {len(sample)} characters")
