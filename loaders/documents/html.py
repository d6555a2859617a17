"""Web pages from government portals -> Document.

A portal publishes a plan as an article page: header, navigation, an info table (索引号,
发布机构, 成文日期, 发文字号 ...), the article, share buttons, related links, footer. Only the
article is the plan's text; the info table is the page's metadata (``Document.metadata``),
used where the text lacks a field (the 发布日期 is the portal's posting date, not the issue
date, and is never taken; the <title> carries the site's name and is never taken).

Steps: decode the bytes ourselves (pitfalls 8-9 of the reader research: selectolax reads bytes
as UTF-8 and decodes a gb2312 label strictly, losing 繁體 and the article), parse with
selectolax's lexbor parser, drop hidden elements, find the article (a known portal container,
else the block whose own paragraphs hold the most non-link text), and walk it into paragraphs
and tables, each with the CSS-like path of its element as origin.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import replace

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ..errors import UnreadableDocument
from .model import Block, Cell, Document, Origin, Paragraph, Table, compose

NO_ARTICLE = "no article text found in the web page"

# containers portals put the article in, most specific first (gov.cn #UCAP-CONTENT and
# .pages_content, TRS WCM's .TRS_Editor, the common #zoom font-size box)
KNOWN_CONTAINERS = ("#zoom", ".article-content", ".TRS_Editor", "#UCAP-CONTENT",
                    ".pages_content", ".view", "article")
MIN_KNOWN_TEXT = 50        # a known container with less text is a stub (an empty #zoom)
MIN_ARTICLE_TEXT = 100     # less own text than this in the largest block: header or footer
CANDIDATES = ("div", "article", "section", "td", "main")

BLOCK_TAGS = frozenset({
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
    "blockquote", "section", "article", "center", "pre", "form", "main", "header", "footer",
    "aside", "nav", "figure", "figcaption", "address", "hr", "table", "caption", "fieldset",
    "details", "summary", "tbody", "thead", "tfoot", "tr", "td", "th"})
DROPPED_TAGS = ("script", "style", "noscript", "template", "iframe", "object", "embed",
                "select", "button", "input", "textarea", "svg", "canvas", "head")
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)

CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_:.\-]+)", re.IGNORECASE)
# labels a browser treats as GBK decode as gb18030, its superset (pitfall 9: the strict
# gb2312 codec stops at the first GBK-only character, such as 體)
GB_LABELS = frozenset({"gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "chinese", "csgb2312",
                       "iso-ir-58", "euc-cn", "gb18030", "windows-936"})

# the info table's labels; the ones not read still end a value (an empty cell before them)
INFO_LABELS = {
    "title": ("标题", "名称", "文件名称", "公文名称", "文件标题"),
    "doc_number": ("发文字号", "文号", "发文文号", "文件编号"),
    "issuer": ("发布机构", "发文机关", "发文单位", "制发机关", "发布单位", "成文单位"),
    "issued": ("成文日期", "成文时间", "印发日期"),
    None: ("索引号", "主题分类", "发布日期", "发布时间", "有效性", "体裁分类", "主题词",
           "公开方式", "公开范围", "信息来源", "来源", "生效日期", "废止日期", "时效",
           "组配分类", "服务对象", "公文种类", "效力状态", "文件状态"),
}
LABEL_FIELD = {label: name for name, labels in INFO_LABELS.items() for label in labels}
# a label may be spaced out to align a column (标　　题, 标 题)
LABEL = re.compile(r"^\s*(" + "|".join(r"[\s\u3000]*".join(map(re.escape, label)) for label in
                                       sorted(LABEL_FIELD, key=len, reverse=True))
                   + r")[\s\u3000]*[:：]?\s*(.*)$", re.DOTALL)
DATE = re.compile(r"(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
WHITESPACE = re.compile(r"[ \t\r\n\f\xa0]+")


def read(data: bytes, path: str, sha256: str) -> Document:
    """The article of a portal page as paragraphs and tables, and its info table as metadata."""
    text, encoding = decode(data)
    tree = LexborHTMLParser(text)
    _drop_hidden(tree)
    body = find_article(tree)
    if body is None:
        raise UnreadableDocument(path, NO_ARTICLE)
    blocks = _number_tables([block for block in _walk(body, _path_of(body))
                             if not _is_info_table(block)])
    if not any(_has_text(block) for block in blocks):
        raise UnreadableDocument(path, NO_ARTICLE)
    metadata = read_info_table(tree, body)
    return compose(path, sha256, "html", blocks, encoding=encoding, metadata=metadata)


def _number_tables(blocks: list[Block]) -> list[Block]:
    """Each table cell's origin says which table of the article it is in (1-based)."""
    numbered: list[Block] = []
    count = 0
    for block in blocks:
        if isinstance(block, Table):
            count += 1
            block = Table(tuple(tuple(replace(cell, origin=replace(cell.origin, table=count))
                                      for cell in row) for row in block.rows), block.origin)
        numbered.append(block)
    return numbered


# -- decoding ------------------------------------------------------------------------------

def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding): a BOM first, then the page's own <meta> charset in its first 4 KB
    (gb2312/gbk read as gb18030), else UTF-8, else gb18030 (Chinese portals that declare
    nothing are GBK). A declared charset the bytes do not fit is passed over, since portals
    often copy a template's <meta> onto pages saved in another encoding."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                      (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(name, errors="replace"), name
    tried = []
    declared = _declared_charset(data[:4096])
    if declared:
        tried.append(declared)
    tried += [name for name in ("utf-8", "gb18030") if name not in tried]
    for name in tried:
        try:
            return data.decode(name), name
        except UnicodeDecodeError:
            continue
    return data.decode("gb18030", errors="replace"), "gb18030"


def _declared_charset(head: bytes) -> str | None:
    """The codec named by <meta charset> or <meta http-equiv content="...; charset=">, with
    GBK's labels widened to gb18030; None for no label or one Python does not know."""
    found = CHARSET.search(head)
    if not found:
        return None
    label = found.group(1).decode("ascii", errors="ignore").strip().lower()
    if label in GB_LABELS:
        return "gb18030"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


# -- the article ---------------------------------------------------------------------------

def _drop_hidden(tree: LexborHTMLParser) -> None:
    """Scripts, styles, form controls and elements hidden by style or the hidden attribute
    are not text a reader sees (portals hide print-only copies and share widgets)."""
    tree.strip_tags(list(DROPPED_TAGS))
    for node in tree.css("[style], [hidden]"):
        style = node.attributes.get("style") or ""
        if "hidden" in node.attributes or HIDDEN_STYLE.search(style):
            node.decompose()


def find_article(tree: LexborHTMLParser) -> LexborNode | None:
    """The element holding the article: a known portal container with text, else the
    largest block."""
    for selector in KNOWN_CONTAINERS:
        for node in tree.css(selector):
            if len(_squash(node.text(separator=""))) >= MIN_KNOWN_TEXT:
                return node
    return largest_block(tree)


def largest_block(tree: LexborHTMLParser) -> LexborNode | None:
    """The div/article/section/td/main whose own paragraphs (direct <p>, <table>, headings,
    text) hold the most text outside links: navigation, related links and share bars are
    mostly links, and a layout wrapper's text sits in its children's children."""
    best, best_score = None, 0
    for node in tree.css(",".join(CANDIDATES)):
        score = 0
        for child in node.iter(include_text=True):
            if child.tag == "-text":
                score += len(_squash(child.text_content or ""))
            elif child.tag in ("p", "table", "h1", "h2", "h3", "h4", "h5", "h6", "span",
                               "font", "strong", "b", "pre", "blockquote", "center"):
                score += _own_text_length(child)
        if score > best_score:
            best, best_score = node, score
    return best if best_score >= MIN_ARTICLE_TEXT else None


def _own_text_length(node: LexborNode) -> int:
    """Characters of an element's text that are not inside links."""
    total = len(_squash(node.text(separator="")))
    links = sum(len(_squash(a.text(separator=""))) for a in node.css("a"))
    return max(0, total - links)


# -- walking the article into blocks -------------------------------------------------------

def _walk(node: LexborNode, path: str) -> Iterator[Block]:
    """The blocks of a container in document order: runs of inline content between block
    children become paragraphs (split at <br>), block children are walked in turn, tables
    become Table blocks."""
    line: list[str] = []
    lines: list[str] = []

    def flush() -> Iterator[Block]:
        lines.append("".join(line))
        line.clear()
        for text in lines:
            cleaned = _clean(text)
            if cleaned:
                yield Paragraph(cleaned, Origin(element=path))
        lines.clear()

    counts: dict[str, int] = {}
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            line.append(child.text_content or "")
            continue
        if tag is None or tag.startswith("-"):
            continue
        counts[tag] = counts.get(tag, 0) + 1
        child_path = f"{path} > {tag}:nth-of-type({counts[tag]})"
        if tag == "br":
            lines.append("".join(line))
            line.clear()
        elif tag == "table" and not _is_layout_table(child):
            yield from flush()
            yield from _table(child, child_path)
        elif tag in BLOCK_TAGS:
            yield from flush()
            yield from _walk(child, child_path)
        else:
            _inline(child, line, lines)
    yield from flush()


def _inline(node: LexborNode, line: list[str], lines: list[str]) -> None:
    """An inline element's text joins the current line (a paragraph set in several <span>s
    is one paragraph); only a <br> inside it ends the line."""
    for child in node.iter(include_text=True):
        if child.tag == "-text":
            line.append(child.text_content or "")
        elif child.tag == "br":
            lines.append("".join(line))
            line.clear()
        elif child.tag and not child.tag.startswith("-"):
            _inline(child, line, lines)


def _is_layout_table(table: LexborNode) -> bool:
    """A one-column table whose cells hold paragraphs frames the text (old portals lay the
    article out in a table); it is walked as text, not read as a table."""
    rows = _rows(table)
    if not rows:
        return True
    return all(len(cells) == 1 for cells in rows) and table.css_first("p, div, br") is not None


def _rows(table: LexborNode) -> list[list[tuple[LexborNode, str]]]:
    """The table's own rows (not a nested table's): each its <td>/<th> cells with their
    path below the table ('tbody:nth-of-type(1) > tr:nth-of-type(2) > td:nth-of-type(3)'),
    counted in one pass (a cell's own sibling walk made big tables quadratic)."""
    rows: list[list[tuple[LexborNode, str]]] = []

    def add(tr: LexborNode, prefix: str) -> None:
        counts: dict[str, int] = {}
        cells = []
        for cell in tr.iter():
            if cell.tag is not None and not cell.tag.startswith("-"):
                counts[cell.tag] = counts.get(cell.tag, 0) + 1
            if cell.tag in ("td", "th"):
                cells.append((cell, f"{prefix}{cell.tag}:nth-of-type({counts[cell.tag]})"))
        rows.append(cells)

    counts: dict[str, int] = {}
    for section in table.iter():
        tag = section.tag
        if tag is None or tag.startswith("-"):
            continue
        counts[tag] = counts.get(tag, 0) + 1
        if tag in ("thead", "tbody", "tfoot"):
            trs = 0
            for tr in section.iter():
                if tr.tag == "tr":
                    trs += 1
                    add(tr, f"{tag}:nth-of-type({counts[tag]}) > tr:nth-of-type({trs}) > ")
        elif tag == "tr":
            add(section, f"tr:nth-of-type({counts[tag]}) > ")
    return rows


def _table(table: LexborNode, path: str) -> Iterator[Block]:
    """A Table with merged cells expanded: the cells a rowspan or colspan covers are
    Cell(covered=True), so every row has the grid's width, as Word's text export writes."""
    caption = table.css_first("caption")
    if caption is not None and _clean(caption.text(separator="")):
        yield Paragraph(_clean(caption.text(separator="")), Origin(element=f"{path} > caption"))
    grid: dict[tuple[int, int], Cell] = {}
    rows = _rows(table)
    for r, cells in enumerate(rows):
        column = 0
        for cell, below in cells:
            while (r, column) in grid:
                column += 1
            cell_path = f"{path} > {below}"
            rowspan = _span(cell, "rowspan", len(rows) - r)
            colspan = _span(cell, "colspan", 1000)
            origin = Origin(row=r + 1, column=column + 1, element=cell_path)
            grid[(r, column)] = Cell(_cell_text(cell), origin)
            for dr in range(rowspan):
                for dc in range(colspan):
                    if dr or dc:
                        grid.setdefault((r + dr, column + dc), Cell(
                            "", Origin(row=r + dr + 1, column=column + dc + 1,
                                       element=cell_path), covered=True))
            column += colspan
    if not grid:
        return
    width = max(c for _, c in grid) + 1
    height = max(r for r, _ in grid) + 1
    built = tuple(tuple(grid.get((r, c), Cell("", Origin(row=r + 1, column=c + 1)))
                        for c in range(width)) for r in range(height))
    if any(cell.text for row in built for cell in row):
        yield Table(built, Origin(element=path))


def _nth_of_type(node: LexborNode) -> int:
    """1 + the number of earlier siblings with the same tag (CSS :nth-of-type)."""
    count, sibling = 1, node.prev
    while sibling is not None:
        if sibling.tag == node.tag:
            count += 1
        sibling = sibling.prev
    return count


def _span(cell: LexborNode, name: str, limit: int) -> int:
    """rowspan/colspan as a count in [1, limit] (portals write rowspan="3 " and junk)."""
    found = re.match(r"\s*(\d+)", cell.attributes.get(name) or "")
    value = int(found.group(1)) if found else 1
    return max(1, min(value, limit))


def _cell_text(cell: LexborNode) -> str:
    """A cell's paragraphs, one a line (compose joins them into the cell's one line); a
    table nested in the cell gives its cells' text."""
    texts = []
    for block in _walk(cell, ""):
        if isinstance(block, Paragraph):
            texts.append(block.text)
        else:
            texts += [c.text for row in block.rows for c in row if c.text]
    return "\n".join(texts)


def _path_of(node: LexborNode) -> str:
    """A CSS-like path to the element: from the nearest ancestor with an id (or <body>),
    each step tag:nth-of-type(k), so ``tree.css_first(path)`` finds it again."""
    steps = []
    current: LexborNode | None = node
    while current is not None and current.tag not in (None, "html", "-document"):
        element_id = current.attributes.get("id")
        if element_id and re.fullmatch(r"[A-Za-z][\w-]*", element_id):
            steps.append(f"{current.tag}#{element_id}")
            break
        if current.tag == "body":
            steps.append("body")
            break
        steps.append(f"{current.tag}:nth-of-type({_nth_of_type(current)})")
        current = current.parent
    return " > ".join(reversed(steps))


def _clean(text: str) -> str:
    """HTML whitespace collapsed as a browser does: a run of blanks is one space, except a
    source line break next to a CJK character, which is no space at all (the page's source
    was wrapped, the text was not); blanks at the ends (&nbsp;/全角 indents) dropped."""
    def space(found: re.Match[str]) -> str:
        start, end = found.start(), found.end()
        if start == 0 or end == len(text):
            return ""
        if "\n" in found.group() and not (text[start - 1].isascii() and text[end].isascii()):
            return ""
        return " "
    return WHITESPACE.sub(space, text).strip(" \u3000")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _has_text(block: Block) -> bool:
    if isinstance(block, Paragraph):
        return bool(block.text.strip())
    return any(cell.text.strip() for row in block.rows for cell in row)


# -- the info table ------------------------------------------------------------------------

def _is_info_table(block: Block) -> bool:
    """A table of three or more info labels (索引号, 发布机构, 成文日期 ...) inside the article
    is the page's info table, not the plan's."""
    if not isinstance(block, Table):
        return False
    labels = sum(1 for row in block.rows for cell in row
                 if (found := LABEL.match(cell.text)) and len(found.group(2)) < 60
                 and len(cell.text) < 80)
    return labels >= 3


def read_info_table(tree: LexborHTMLParser, article: LexborNode) -> dict[str, str]:
    """title, doc_number, issuer and issued (YYYY-MM-DD, from 成文日期) from the page's info
    table, read off the text outside the article in document order: a label followed by its
    value in the same text (「发文字号：X」) or in the next piece of text (the next cell)."""
    pieces = [piece for piece in _texts_outside(tree, article)]
    found: dict[str, str] = {}
    for index, piece in enumerate(pieces):
        match = LABEL.match(piece)
        if not match or len(piece) > 200:
            continue
        name = LABEL_FIELD[re.sub(r"[\s\u3000]", "", match.group(1))]
        value = match.group(2).strip()
        if not value and index + 1 < len(pieces) and not LABEL.match(pieces[index + 1]):
            value = pieces[index + 1]
        value = _info_value(name, value)
        if name and value and name not in found:
            found[name] = value
    return found


def _texts_outside(tree: LexborHTMLParser, article: LexborNode) -> Iterator[str]:
    """The page's non-blank text nodes outside the article, in document order."""
    body = tree.body
    if body is None:
        return
    inside = {node.mem_id for node in article.traverse(include_text=True)}
    for node in body.traverse(include_text=True):
        if node.tag == "-text" and node.mem_id not in inside:
            text = _clean(node.text_content or "")
            if text:
                yield text


def _info_value(name: str | None, value: str) -> str | None:
    """A value as the record keeps it: a date as YYYY-MM-DD, a doc number only if it looks
    like one, nothing for placeholders (无, —)."""
    value = value.strip(" :：")
    if name is None or not value or value in ("无", "—", "-", "/", "暂无"):
        return None
    if name == "issued":
        found = DATE.search(value)
        if not found:
            return None
        year, month, day = (int(part) for part in found.groups())
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return None
        return f"{year:04d}-{month:02d}-{day:02d}"
    if name == "doc_number" and not re.search(r"\d", value):
        return None
    return value
