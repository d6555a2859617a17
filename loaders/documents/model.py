"""The document stage's hand-off: what a reader found in a file (paragraphs and tables, each
with where it came from), and the text the rules read, composed from them.

A reader (PDF, Word, HTML, OFD, scan) returns blocks; ``compose`` writes them into one text in
the layout the rules already read from exported plans: a paragraph a line, and a table one
cell a line (each cell line starting with a tab, a blank line after every row, a covered cell
of a merged range as an empty cell line), as Word's "save as text" writes it. Each stretch of
that text keeps its origin (page, paragraph, table cell, HTML element), so any span in a plan
record can be followed back to its place in the file (``Document.locate``).
"""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field
from typing import Any, Literal

Format = Literal["text", "pdf", "docx", "doc", "html", "ofd", "scan"]


@dataclass(frozen=True)
class Origin:
    """Where a piece of text came from in its file: the page (PDF, OFD, scans, 1-based), the
    paragraph (Word, 1-based, in document order), the table cell (table, row and column,
    1-based), the element (HTML: a CSS-like path), a box on the page (x0, y0, x1, y1 in
    points), and the OCR confidence of a scanned line."""

    page: int | None = None
    paragraph: int | None = None
    table: int | None = None
    row: int | None = None
    column: int | None = None
    element: str | None = None
    box: tuple[float, float, float, float] | None = None
    confidence: float | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in ("page", "paragraph", "table", "row", "column", "element", "confidence"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        if self.box is not None:
            out["box"] = [round(value, 1) for value in self.box]
        return out

    def describe(self) -> str:
        """'page 3', 'paragraph 12', 'table 1 row 4 column 2', 'element div#zoom > p[3]'."""
        parts = []
        if self.page is not None:
            parts.append(f"page {self.page}")
        if self.paragraph is not None:
            parts.append(f"paragraph {self.paragraph}")
        if self.table is not None:
            parts.append(f"table {self.table} row {self.row} column {self.column}")
        if self.element is not None:
            parts.append(f"element {self.element}")
        return ", ".join(parts) or "the file"


@dataclass(frozen=True)
class Paragraph:
    """A paragraph or heading as the reader found it (line breaks a layout made are joined)."""

    text: str
    origin: Origin = field(default_factory=Origin)


@dataclass(frozen=True)
class Cell:
    """A table cell; ``covered`` marks a cell hidden under a merged cell above it (rowspan,
    Word's vMerge continue): it is written as an empty cell."""

    text: str
    origin: Origin = field(default_factory=Origin)
    covered: bool = False


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[Cell, ...], ...]
    origin: Origin = field(default_factory=Origin)


Block = Paragraph | Table


@dataclass(frozen=True)
class Note:
    """Something the reader wants the record to say (a low-confidence OCR line, a page with no
    text layer), with the span of the composed text it concerns."""

    code: str
    message: str
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class Piece:
    """[start, end) of the composed text came from ``origin``."""

    start: int
    end: int
    origin: Origin


@dataclass(frozen=True)
class Document:
    """A file read: its bytes' fingerprint, its format, the text the rules read, and where
    each stretch of that text came from. For a text file the text is the decoded file."""

    path: str
    sha256: str
    format: Format
    text: str
    encoding: str | None = None
    pieces: tuple[Piece, ...] = ()
    notes: tuple[Note, ...] = ()
    blocks: tuple[Block, ...] = ()
    # what the file says of itself outside the text (an HTML page's info table: 发文字号,
    # 成文日期, 发布机构, 标题): keys title, doc_number, issuer, issued (YYYY-MM-DD); used for
    # the plan's metadata only where the text lacks it
    metadata: tuple[tuple[str, str], ...] = ()

    @property
    def text_sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def locate(self, offset: int) -> Origin | None:
        """The origin of the character at ``offset`` of the text (None for a text file, or a
        character the composer added, such as a line end). Pieces are in text order."""
        index = bisect.bisect_right(self.pieces, offset, key=lambda piece: piece.start) - 1
        if index >= 0 and offset < self.pieces[index].end:
            return self.pieces[index].origin
        return None

    def layout(self) -> list[dict[str, Any]]:
        """The pieces for the record: consecutive pieces with the same page (or paragraph, or
        element) merged, so a PDF's layout is a few entries a page, not one a line."""
        merged: list[dict[str, Any]] = []
        for piece in self.pieces:
            where = piece.origin.to_dict()
            where.pop("box", None)
            where.pop("confidence", None)
            if merged and merged[-1]["where"] == where and merged[-1]["end"] <= piece.start:
                merged[-1]["end"] = piece.end
                continue
            merged.append({"start": piece.start, "end": piece.end, "where": where})
        return [{"start": m["start"], "end": m["end"], **m["where"]} for m in merged]


def _clean_inline(text: str) -> str:
    """A paragraph or cell as one line: inner line breaks joined (a title broken by Word's
    line break, a cell of several paragraphs), tabs made spaces (a tab starts a table cell)."""
    lines = [line.strip(" \t\u3000\r") for line in text.replace("\r\n", "\n").split("\n")]
    return join_lines(lines).replace("\t", " ")


def join_lines(lines: list[str]) -> str:
    """Lines of one paragraph or cell as one line: empty lines dropped, Chinese joined as it
    is, a space only between two Latin letters or digits (a word broken at the line end)."""
    joined = ""
    for line in lines:
        if not line:
            continue
        if joined and joined[-1].isascii() and joined[-1].isalnum() and line[0].isascii() \
                and line[0].isalnum():
            joined += " "
        joined += line
    return joined


def compose(path: str, sha256: str, format: Format, blocks: list[Block] | tuple[Block, ...],
            notes: list[Note] | tuple[Note, ...] = (), encoding: str | None = None,
            metadata: dict[str, str] | None = None) -> Document:
    """Blocks -> the Document whose text the rules read (see the module docstring)."""
    parts: list[str] = []
    pieces: list[Piece] = []
    length = 0

    def emit(text: str, origin: Origin | None) -> None:
        nonlocal length
        if origin is not None and text:
            pieces.append(Piece(length, length + len(text), origin))
        parts.append(text)
        length += len(text)

    previous_table = False
    for block in blocks:
        if isinstance(block, Table):
            if parts and not previous_table:
                emit("\n", None)   # a blank line before a table ends the paragraph above
            for row in block.rows:
                for cell in row:
                    emit("\t", None)
                    emit("" if cell.covered else _clean_inline(cell.text), cell.origin)
                    emit("\n", None)
                emit("\n", None)
            previous_table = True
            continue
        text = _clean_inline(block.text)
        if not text:
            continue
        emit(text, block.origin)
        emit("\n", None)
        previous_table = False
    return Document(path=path, sha256=sha256, format=format, text="".join(parts),
                    encoding=encoding, pieces=tuple(pieces), notes=tuple(notes),
                    blocks=tuple(blocks), metadata=tuple(sorted((metadata or {}).items())))
