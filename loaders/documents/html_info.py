"""A portal page's info table (发布机构, 成文日期, 发文字号 ...) read as metadata."""

from __future__ import annotations

import re
from collections.abc import Iterator

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .html_walk import _clean
from .model import Block, Table

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
