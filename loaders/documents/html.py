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

from dataclasses import replace

from selectolax.lexbor import LexborHTMLParser

from ..errors import UnreadableDocument
from .html_article import _drop_hidden, find_article
from .html_decode import decode
from .html_info import _is_info_table, read_info_table
from .html_walk import _has_text, _path_of, _walk
from .model import Block, Document, Table, compose

NO_ARTICLE = "no article text found in the web page"


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
