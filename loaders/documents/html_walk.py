"""The article's elements walked into blocks: paragraphs split at <br>, tables as Table blocks with
spans.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from selectolax.lexbor import LexborNode

from .model import Block, Cell, Origin, Paragraph, Table

BLOCK_TAGS = frozenset({
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
    "blockquote", "section", "article", "center", "pre", "form", "main", "header", "footer",
    "aside", "nav", "figure", "figcaption", "address", "hr", "table", "caption", "fieldset",
    "details", "summary", "tbody", "thead", "tfoot", "tr", "td", "th"})


WHITESPACE = re.compile(r"[ \t\r\n\f\xa0]+")


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
