"""A .docx body walked into blocks: paragraphs and tables in document order (covered merged cells
left empty, content controls and text boxes read), list numbers written in.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from docx.oxml.ns import qn
from lxml import etree

from .model import Block, Cell, Origin, Paragraph, Table
from .word_numbering import Numbering
from .word_xml import (
    W_BR,
    W_CR,
    W_CUSTOM_XML,
    W_NO_BREAK_HYPHEN,
    W_P,
    W_PTAB,
    W_SDT,
    W_SDT_CONTENT,
    W_T,
    W_TAB,
    W_TBL,
    W_TC,
    W_TR,
    W_TXBX,
    W_VAL,
    _int,
    _val,
)

# subtrees whose text is not the reader's: tracked deletions, a drawing's fallback copy (the
# same text box again), properties, field codes, phonetic guides
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


SKIPPED = {qn("w:del"), qn("w:moveFrom"), MC_FALLBACK, qn("w:pPr"), qn("w:rPr"),
           qn("w:sdtPr"), qn("w:fldData"), qn("w:instrText"), qn("w:delText"),
           qn("w:rt")}   # a ruby's phonetic guide


@dataclass
class _BodyReader:
    numbering: Numbering
    blocks: list[Block] = field(default_factory=list)
    paragraphs: int = 0
    tables: int = 0

    def read_body(self, container: etree._Element) -> None:
        """Paragraphs and tables of the body, content controls and custom XML opened."""
        for child in container:
            if child.tag == W_P:
                self.paragraphs += 1
                origin = Origin(paragraph=self.paragraphs)
                for text in self.paragraph_texts(child):
                    self.blocks.append(Paragraph(text, origin))
            elif child.tag == W_TBL:
                self.tables += 1
                self.blocks.append(self.table(child, self.tables))
            elif child.tag in (W_SDT, W_CUSTOM_XML):
                self.read_body(_content(child))

    def paragraph_texts(self, p: etree._Element) -> list[str]:
        """The paragraph's text with its list number, then the text of any text box
        anchored in it (each box paragraph on its own)."""
        parts: list[str] = []
        boxes: list[etree._Element] = []
        _collect(p, parts, boxes)
        texts = [self.numbering.render(p, "".join(parts))]
        for box in boxes:
            texts.extend(self.flat_texts(box))
        return texts

    def flat_texts(self, container: etree._Element) -> list[str]:
        """Every paragraph under a cell or text box as lines (a nested table row by row)."""
        texts: list[str] = []
        for child in container:
            if child.tag == W_P:
                texts.extend(self.paragraph_texts(child))
            elif child.tag == W_TBL:
                for tr in _rows(child):
                    for tc in _cells(tr):
                        texts.extend(self.flat_texts(tc))
            elif child.tag in (W_SDT, W_CUSTOM_XML):
                texts.extend(self.flat_texts(_content(child)))
        return texts

    def table(self, tbl: etree._Element, number: int) -> Table:
        """Rows of cells on the table grid: a vertically merged cell's covered part and the
        columns a horizontal span takes are covered cells, so columns line up."""
        rows: list[tuple[Cell, ...]] = []
        for row_no, tr in enumerate(_rows(tbl), start=1):
            cells: list[Cell] = []
            tr_pr = tr.find(qn("w:trPr"))
            for _ in range(_int(_val(tr_pr, "w:gridBefore"), 0)):
                cells.append(Cell("", Origin(table=number, row=row_no, column=len(cells) + 1),
                                  covered=True))
            for tc in _cells(tr):
                tc_pr = tc.find(qn("w:tcPr"))
                span = max(1, _int(_val(tc_pr, "w:gridSpan"), 1))
                covered = _is_continued(tc_pr)
                text = "" if covered else "\n".join(self.flat_texts(tc))
                cells.append(Cell(text, Origin(table=number, row=row_no, column=len(cells) + 1),
                                  covered=covered))
                for _ in range(span - 1):
                    cells.append(Cell("", Origin(table=number, row=row_no,
                                                 column=len(cells) + 1), covered=True))
            rows.append(tuple(cells))
        return Table(tuple(rows), Origin(table=number))


def _content(element: etree._Element) -> etree._Element:
    """A content control's content (a custom XML element is its own content)."""
    if element.tag == W_SDT:
        content = element.find(W_SDT_CONTENT)
        return content if content is not None else etree.Element(W_SDT_CONTENT)
    return element


def _children(element: etree._Element, tag: str) -> Iterator[etree._Element]:
    """The children with this tag, also those wrapped in content controls or custom XML."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in (W_SDT, W_CUSTOM_XML):
            yield from _children(_content(child), tag)


def _rows(tbl: etree._Element) -> Iterator[etree._Element]:
    return _children(tbl, W_TR)


def _cells(tr: etree._Element) -> Iterator[etree._Element]:
    return _children(tr, W_TC)


def _is_continued(tc_pr: etree._Element | None) -> bool:
    """A cell under the merged cell above (vMerge without val, or 'continue'), or the right
    part of a legacy horizontal merge (hMerge continue)."""
    if tc_pr is None:
        return False
    for name in ("w:vMerge", "w:hMerge"):
        merge = tc_pr.find(qn(name))
        if merge is not None and merge.get(W_VAL, "continue") == "continue":
            return True
    return False


def _collect(element: etree._Element, parts: list[str], boxes: list[etree._Element]) -> None:
    """The text of a paragraph's runs, hyperlinks, fields and inline content controls in
    order (tabs and line breaks kept for compose); text boxes are set aside."""
    for child in element:
        tag = child.tag
        if tag == W_T:
            parts.append(child.text or "")
        elif tag in (W_TAB, W_PTAB):
            parts.append("\t")
        elif tag in (W_BR, W_CR):
            parts.append("\n")
        elif tag == W_NO_BREAK_HYPHEN:
            parts.append("-")
        elif tag == W_TXBX:
            boxes.append(child)
        elif isinstance(tag, str) and tag not in SKIPPED:
            _collect(child, parts, boxes)
