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
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.package import OpcPackage
from docx.oxml.ns import qn
from lxml import etree

from ..errors import UnreadableDocument
from .model import Block, Cell, Document, Format, Origin, Paragraph, Table, compose

WORD_MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
}
SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)

W_P, W_TBL, W_TR, W_TC, W_SDT, W_SDT_CONTENT, W_CUSTOM_XML = (
    qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:sdt"), qn("w:sdtContent"),
    qn("w:customXml"))
W_T, W_TAB, W_PTAB, W_BR, W_CR, W_NO_BREAK_HYPHEN, W_TXBX = (
    qn("w:t"), qn("w:tab"), qn("w:ptab"), qn("w:br"), qn("w:cr"), qn("w:noBreakHyphen"),
    qn("w:txbxContent"))
W_VAL = qn("w:val")
# subtrees whose text is not the reader's: tracked deletions, a drawing's fallback copy (the
# same text box again), properties, field codes, phonetic guides
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
SKIPPED = {qn("w:del"), qn("w:moveFrom"), MC_FALLBACK, qn("w:pPr"), qn("w:rPr"),
           qn("w:sdtPr"), qn("w:fldData"), qn("w:instrText"), qn("w:delText"),
           qn("w:rt")}   # a ruby's phonetic guide


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


def _val(element: etree._Element | None, child: str) -> str | None:
    """The w:val of ``element``'s child (None when either is missing)."""
    if element is None:
        return None
    found = element.find(qn(child))
    return None if found is None else found.get(W_VAL)


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


# ---------------------------------------------------------------------------------------
# the body: paragraphs and tables in order

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


def _rows(tbl: etree._Element) -> Iterator[etree._Element]:
    for child in tbl:
        if child.tag == W_TR:
            yield child
        elif child.tag in (W_SDT, W_CUSTOM_XML):
            yield from _rows(_content(child))


def _cells(tr: etree._Element) -> Iterator[etree._Element]:
    for child in tr:
        if child.tag == W_TC:
            yield child
        elif child.tag in (W_SDT, W_CUSTOM_XML):
            yield from _cells(_content(child))


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


# ---------------------------------------------------------------------------------------
# list numbering (numbering.xml)

@dataclass(frozen=True)
class Level:
    """One level of a list: number format, text ('%1、', '（%2）'), start, what follows the
    number, whether it is 'legal' (all numbers decimal), which level restarts it, and the
    paragraph style linked to it."""

    fmt: str = "decimal"
    text: str = ""
    start: int = 1
    suffix: str = "tab"
    legal: bool = False
    restart: int | None = None
    style: str | None = None


def _level(lvl: etree._Element) -> Level:
    return Level(fmt=_val(lvl, "w:numFmt") or "decimal", text=_val(lvl, "w:lvlText") or "",
                 start=_int(_val(lvl, "w:start"), 1), suffix=_val(lvl, "w:suff") or "tab",
                 legal=lvl.find(qn("w:isLgl")) is not None and
                 _val(lvl, "w:isLgl") not in ("0", "false"),
                 restart=(None if _val(lvl, "w:lvlRestart") is None
                          else _int(_val(lvl, "w:lvlRestart"), 0)),
                 style=_val(lvl, "w:pStyle"))


def _levels(container: etree._Element) -> dict[int, Level]:
    return {_int(lvl.get(qn("w:ilvl")), 0): _level(lvl) for lvl in container.iter(qn("w:lvl"))}


class Numbering:
    """Word's list numbers, counted as Word counts them: one counter per level of an
    abstract list (lists sharing it continue each other), deeper levels reset when a
    shallower one counts, a list's startOverride restarting its level on first use."""

    def __init__(self, numbering: etree._Element | None, styles: etree._Element | None):
        self.abstract: dict[str, dict[int, Level]] = {}
        self.style_links: dict[str, str] = {}    # abstractNum -> numbering style it follows
        self.nums: dict[str, str] = {}           # numId -> abstractNumId
        self.overrides: dict[str, dict[int, int]] = {}
        self.level_overrides: dict[str, dict[int, Level]] = {}
        self.styles: dict[str, tuple[str | None, str | None, str | None]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()
        if numbering is not None:
            self._read_numbering(numbering)
        if styles is not None:
            self._read_styles(styles)

    def _read_numbering(self, root: etree._Element) -> None:
        for abstract in root.iter(qn("w:abstractNum")):
            key = abstract.get(qn("w:abstractNumId"), "")
            self.abstract[key] = _levels(abstract)
            link = _val(abstract, "w:numStyleLink")
            if link:
                self.style_links[key] = link
        for num in root.iter(qn("w:num")):
            num_id = num.get(qn("w:numId"), "")
            self.nums[num_id] = _val(num, "w:abstractNumId") or ""
            for override in num.iter(qn("w:lvlOverride")):
                ilvl = _int(override.get(qn("w:ilvl")), 0)
                start = _val(override, "w:startOverride")
                if start is not None:
                    self.overrides.setdefault(num_id, {})[ilvl] = _int(start, 1)
                lvl = override.find(qn("w:lvl"))
                if lvl is not None:
                    self.level_overrides.setdefault(num_id, {})[ilvl] = _level(lvl)

    def _read_styles(self, root: etree._Element) -> None:
        for style in root.iter(qn("w:style")):
            p_pr = style.find(qn("w:pPr"))
            num_pr = p_pr.find(qn("w:numPr")) if p_pr is not None else None
            self.styles[style.get(qn("w:styleId"), "")] = (
                _val(num_pr, "w:numId"), _val(num_pr, "w:ilvl"), _val(style, "w:basedOn"))

    def _style_numbering(self, style: str | None) -> tuple[str | None, str | None]:
        """The list (numId, ilvl) a paragraph style gives, following basedOn."""
        for _ in range(20):
            if style is None or style not in self.styles:
                return None, None
            num_id, ilvl, based_on = self.styles[style]
            if num_id is not None:
                return num_id, ilvl
            style = based_on
        return None, None

    def _abstract_of(self, num_id: str) -> str | None:
        """The abstract list of a list, through a numbering style link if it has one."""
        abstract = self.nums.get(num_id)
        for _ in range(5):
            if abstract is None or abstract not in self.style_links:
                return abstract
            linked, _ilvl = self._style_numbering(self.style_links[abstract])
            abstract = self.nums.get(linked or "")
        return abstract

    def render(self, p: etree._Element, text: str) -> str:
        """The paragraph's text with its list number in front (unchanged when it has none,
        or a bullet: a bullet glyph means nothing to the rules)."""
        p_pr = p.find(qn("w:pPr"))
        style = _val(p_pr, "w:pStyle")
        num_pr = p_pr.find(qn("w:numPr")) if p_pr is not None else None
        style_num, style_ilvl = self._style_numbering(style)
        num_id = _val(num_pr, "w:numId") or style_num
        if not num_id or num_id == "0":
            return text
        abstract = self._abstract_of(num_id)
        if abstract is None or abstract not in self.abstract:
            return text
        levels = {**self.abstract[abstract], **self.level_overrides.get(num_id, {})}
        ilvl_text = _val(num_pr, "w:ilvl") or style_ilvl
        if ilvl_text is None:
            ilvl_text = next((str(i) for i, lv in levels.items() if style and lv.style == style),
                             "0")
        ilvl = _int(ilvl_text, 0)
        if ilvl not in levels:
            return text
        label = self._count(abstract, num_id, ilvl, levels)
        if not label:
            return text
        return label + (" " if _spaced(label, text, levels[ilvl].suffix) else "") + text

    def _count(self, abstract: str, num_id: str, ilvl: int, levels: dict[int, Level]) -> str:
        """Count the paragraph at ``ilvl`` and return its number as the level writes it."""
        counters = self.counters.setdefault(abstract, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for level, start in self.overrides.get(num_id, {}).items():
                counters[level] = start - 1
        counters[ilvl] = counters.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            restart = levels[deeper].restart if deeper in levels else None
            if restart is None or (restart != 0 and ilvl + 1 <= restart):
                del counters[deeper]
        level = levels[ilvl]
        if level.fmt == "bullet":
            return ""

        def number(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            shown = levels.get(k, Level())
            value = counters.get(k, shown.start)
            return format_number(value, "decimal" if level.legal else shown.fmt)

        return re.sub(r"%([1-9])", number, level.text)


def _spaced(label: str, text: str, suffix: str) -> bool:
    """Whether a space stands for the tab or space after the number: only after a number
    ending in a letter, digit or ideograph ('第一章 总则', '1 Scope'); '一、', '（一）', '1.'
    and '①' run on into the text, as plans print them."""
    if suffix == "nothing" or not text or text[0].isspace():
        return False
    last = label[-1]
    return (last.isascii() and last.isalnum()) or "\u4e00" <= last <= "\u9fff"


# ---------------------------------------------------------------------------------------
# number formats

DIGITS = "〇一二三四五六七八九"
LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
STEMS = "甲乙丙丁戊己庚辛壬癸"
BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
         (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def chinese_number(n: int, digits: str = DIGITS, units: str = "十百千",
                   short_ten: bool = True) -> str:
    """1 -> 一, 10 -> 十, 21 -> 二十一, 105 -> 一百零五 (Word's chineseCounting and
    chineseCountingThousand; with 壹贰 digits and 拾佰仟, chineseLegalSimplified)."""
    if n <= 0 or n >= 10000:
        return str(n)
    out, zero = "", False
    for power, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        digit = n // power % 10
        if digit:
            if zero and out:
                out += "零"
            out += digits[digit] + unit
            zero = False
        else:
            zero = True
    if short_ten and 10 <= n < 20:
        out = out[1:]
    return out


def _letters(n: int, upper: bool) -> str:
    """A..Z, then AA..ZZ (Word repeats the letter)."""
    letter = chr(ord("A" if upper else "a") + (n - 1) % 26)
    return letter * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    out = ""
    for value, numeral in ROMAN:
        while n >= value:
            out, n = out + numeral, n - value
    return out


def _enclosed(n: int) -> str:
    """①..⑳, ㉑..㉟, ㊱..㊿, then plain digits."""
    if 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if 21 <= n <= 35:
        return chr(0x3251 + n - 21)
    if 36 <= n <= 50:
        return chr(0x32B1 + n - 36)
    return str(n)


def format_number(n: int, fmt: str) -> str:
    """A list counter in one of Word's number formats (unknown formats as decimal)."""
    if n <= 0:
        return str(n)
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting",
               "taiwaneseCounting", "taiwaneseCountingThousand", "japaneseLegal"):
        return chinese_number(n)
    if fmt in ("chineseLegalSimplified", "koreanLegal"):
        return chinese_number(n, LEGAL_DIGITS, "拾佰仟", short_ten=False)
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join(DIGITS[int(d)] for d in str(n))
    if fmt in ("ideographTraditional", "ideographZodiac"):
        names = STEMS if fmt == "ideographTraditional" else BRANCHES
        return names[n - 1] if n <= len(names) else str(n)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle"):
        return _enclosed(n)
    if fmt == "decimalEnclosedParen":
        return chr(0x2474 + n - 1) if n <= 20 else f"({n})"
    if fmt == "decimalEnclosedFullstop":
        return chr(0x2488 + n - 1) if n <= 20 else f"{n}."
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return "".join(chr(0xFF10 + int(d)) for d in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("upperLetter", "lowerLetter"):
        return _letters(n, fmt == "upperLetter")
    if fmt in ("upperRoman", "lowerRoman"):
        return _roman(n) if fmt == "upperRoman" else _roman(n).lower()
    if fmt == "none":
        return ""
    return str(n)
