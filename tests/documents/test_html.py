"""The HTML reader on portal pages of the bundled plans: the record read from the page is the
.txt record (tasks, responsibilities, assignments, citations, metadata), with none of the
portal's furniture in the text; GBK pages decode; a differently built portal (TRS editor in
a layout table, spans and <br> lines, hidden copies, no known container) reads the same; the
info table fills what the body lacks; merged table cells are expanded; origins find their
element again. Fixtures are made here, never checked in."""

from __future__ import annotations

import html
import time

import pytest
from selectolax.lexbor import LexborHTMLParser

from policykg.loaders.documents import Paragraph, Table, read_bytes, read_file
from policykg.loaders.documents.html import decode
from policykg.loaders.errors import UnreadableDocument
from policykg.loaders.plan import build_record
from tests.documents.fixtures import (
    HEADING,
    SeedTable,
    assert_same_record,
    portal_page,
    seed_blocks,
    seed_paths,
    seed_tables,
)

FURNITURE = ("欢迎访问", "当前位置", "打印本页", "版权所有", "网站标识码", "相关链接", "索引号",
             "关闭窗口", "主办单位", "繁體", "分享到")


def _no_ws(text: str) -> str:
    return "".join(text.split())


def _info(record: dict, **changes: str) -> dict[str, str]:
    """The info table a portal prints for the plan: the .txt record's fields, a posting
    date (发布日期) different from the issue date."""
    plan = record["plan"]
    info = {name: plan.get(name) or "" for name in ("title", "doc_number", "issuer", "issued")}
    info["published"] = "2030-01-09"
    info.update(changes)
    return info


def trs_page(text: str, info: dict[str, str], charset: str = "utf-8",
             container: str = 'class="TRS_Editor"') -> str:
    """A second portal build: the page laid out in tables, the info as a list of
    label/value spans, the article in a TRS editor <div> (or, with ``container`` another
    class, no known container) whose paragraphs are <p><span>s with source line breaks,
    headings joined to the next paragraph by <br>, a hidden print copy, a script, a
    related-links list and a rowspan table for task tables."""
    blocks = seed_blocks(text)
    parts: list[str] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if isinstance(block, SeedTable):
            parts.append(rowspan_table(block))
        elif HEADING.match(block) and index + 1 < len(blocks) \
                and isinstance(blocks[index + 1], str):
            parts.append(f'<p style="text-indent:2em"><strong>{html.escape(block)}</strong>'
                         f"<br/>\n{html.escape(blocks[index + 1])}</p>")
            index += 1
        else:
            half = len(block) // 2
            parts.append(f'<p style="text-indent:2em"><span>{html.escape(block[:half])}</span>'
                         f"\n<span>{html.escape(block[half:])}</span></p>")
        index += 1
    items = "".join(f'<li><span class="l">{label}：</span><span>{html.escape(value)}</span></li>'
                    for label, value in (("索引号", "000014349/2023-00001"),
                                         ("发文机关", info["issuer"]),
                                         ("标  题", info["title"]),
                                         ("发文字号", info["doc_number"]),
                                         ("成文日期", info["issued"].replace("-", "年", 1)
                                          .replace("-", "月") + ("日" if info["issued"] else "")),
                                         ("发布日期", info["published"])))
    return f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{html.escape(info['title'])}-市人民政府网</title><script>var zoom = 1;</script></head>
<body><table width="1000"><tr><td class="top">欢迎访问 <a href="#">繁體</a> 无障碍</td></tr>
<tr><td><div class="crumb">当前位置：<a href="#">首页</a> &gt; <a href="#">政策文件</a></div></td></tr>
<tr><td><ul class="xxgk">{items}</ul></td></tr>
<tr><td class="bt"><div {container}>
<div style="display:none">打印本页 隐藏副本：{html.escape(text[:200])}</div>
<script>document.write('欢迎访问');</script>
{''.join(parts)}
</div></td></tr>
<tr><td><div class="fx">分享到：<a href="#">微信</a> <a href="#">打印本页</a> <a href="#">关闭窗口</a></div>
<div class="xglj">相关链接：<a href="#">中国政府网</a> <a href="#">省人民政府</a></div></td></tr>
<tr><td class="foot">主办单位：市人民政府办公室 版权所有 网站标识码：5101000001</td></tr>
</table></body></html>"""


def rowspan_table(table: SeedTable) -> str:
    """The table as a portal's editor writes merged cells: an empty first-column cell under
    a filled one is covered by the filled cell's rowspan."""
    spans: dict[int, int] = {}
    owner = None
    for r, row in enumerate(table.rows):
        if row[0] or owner is None:
            owner = r
            spans[r] = 1
        else:
            spans[owner] += 1
    lines = ["<table border=1>"]
    for r, row in enumerate(table.rows):
        cells = []
        for c, cell in enumerate(row):
            if c == 0 and r not in spans:
                continue
            span = f' rowspan="{spans[r]}"' if c == 0 and spans[r] > 1 else ""
            cells.append(f"<td{span}><p>{html.escape(cell)}</p></td>")
        lines.append("<tr>" + "".join(cells) + "</tr>")
    return "\n".join([*lines, "</table>"])


@pytest.fixture(scope="module")
def seeds() -> list[tuple[str, str, dict]]:
    """(name, text, .txt record) of each bundled plan."""
    found = []
    for path in seed_paths():
        document = read_file(path)
        found.append((path.name, document.text, build_record(document).to_dict()))
    return found


def test_portal_pages_give_the_text_record(seeds: list[tuple[str, str, dict]]) -> None:
    timings = []
    for name, text, expected in seeds:
        page = portal_page(text, title=expected["plan"]["title"] or "",
                           info=_info(expected)).encode("utf-8")
        start = time.perf_counter()
        document = read_bytes(page, f"{name}.html")
        timings.append(time.perf_counter() - start)
        assert document.format == "html" and document.encoding == "utf-8"
        assert [m for m in FURNITURE if m in document.text and m not in text] == []
        expected_lines = [_no_ws(line) for line in text.split("\n") if line.strip()]
        found_lines = [_no_ws(line) for line in document.text.split("\n") if line.strip()]
        assert found_lines == expected_lines, name
        assert_same_record(expected, build_record(document).to_dict(), name)
    assert max(timings) < 0.5, timings


def test_trs_portal_pages_give_the_text_record(seeds: list[tuple[str, str, dict]]) -> None:
    """Table layout, TRS editor, spans, <br> lines, a hidden copy, a rowspan table."""
    for name, text, expected in seeds:
        page = trs_page(text, _info(expected)).encode("utf-8")
        document = read_bytes(page, f"{name}.html")
        assert [m for m in FURNITURE if m in document.text and m not in text] == []
        assert "隐藏副本" not in document.text and "document.write" not in document.text
        assert _no_ws(document.text) == _no_ws("\n".join(
            line for line in text.split("\n") if line.strip())), name
        found = build_record(document).to_dict()
        assert_same_record(expected, found, name)


def test_largest_block_without_a_known_container(seeds: list[tuple[str, str, dict]]) -> None:
    for name, text, expected in seeds[1:3]:
        page = trs_page(text, _info(expected), container='class="wz_con"').encode("utf-8")
        document = read_bytes(page, f"{name}.html")
        assert document.pieces[0].origin.element.startswith("body > table")
        assert_same_record(expected, build_record(document).to_dict(), name)


def test_gbk_page_decodes(seeds: list[tuple[str, str, dict]]) -> None:
    """A page labelled gb2312 with GBK-only characters (繁體) is read as gb18030."""
    for name, text, expected in seeds[:2]:
        page = portal_page(text, title="t", info=_info(expected), charset="gb2312")
        document = read_bytes(page.encode("gb18030"), f"{name}.html")
        utf8 = read_bytes(page.encode("utf-8"), f"{name}.html")
        assert document.encoding == "gb18030"
        assert document.text == utf8.text
        assert_same_record(expected, build_record(document).to_dict(), name)
    trs = trs_page(seeds[1][1], _info(seeds[1][2]), charset="GBK").encode("gb18030")
    assert decode(trs)[1] == "gb18030"
    assert "繁體" in decode(trs)[0]


def test_decode_order() -> None:
    """A BOM wins; a wrong <meta> label is passed over for the encoding the bytes fit."""
    assert decode("\ufeff<p>中文</p>".encode("utf-8")) == ("<p>中文</p>", "utf-8")
    assert decode('<meta charset="utf-8"><p>繁體</p>'.encode("gb18030"))[1] == "gb18030"
    assert decode("<p>繁體</p>".encode("gb18030")) == ("<p>繁體</p>", "gb18030")
    assert decode('<meta charset="x-unknown"><p>中文</p>'.encode())[1] == "utf-8"


def test_info_table_fills_what_the_body_lacks(seeds: list[tuple[str, str, dict]]) -> None:
    """Seed 001's text has no doc number: the page's 发文字号 fills it, with a
    metadata-from-file warning; 成文日期, not 发布日期, is the issue date."""
    name, text, expected = seeds[1]
    assert not expected["plan"]["doc_number"]
    for make in (portal_page, trs_page):
        info = _info(expected, doc_number="广府办发〔2023〕99号")
        page = (make(text, title="x", info=info) if make is portal_page
                else make(text, info))
        document = read_bytes(page.encode("utf-8"), f"{name}.html")
        assert dict(document.metadata)["doc_number"] == "广府办发〔2023〕99号"
        assert dict(document.metadata)["issued"] == expected["plan"]["issued"]
        record = build_record(document).to_dict()
        assert record["plan"]["doc_number"] == "广府办发〔2023〕99号"
        codes = [w["code"] for w in record["warnings"]]
        assert "metadata-from-file" in codes
        assert record["plan"]["issued"] == expected["plan"]["issued"] != "2030-01-09"
    # 004 has no date in its text: the 成文日期 fills it, never the 发布日期
    name, text, expected = seeds[4]
    assert not expected["plan"]["issued"]
    page = portal_page(text, title="x", info=_info(expected, issued="2023年3月7日"))
    record = build_record(read_bytes(page.encode(), name)).to_dict()
    assert record["plan"]["issued"] == "2023-03-07"


def test_rowspan_table_is_expanded(seeds: list[tuple[str, str, dict]]) -> None:
    """Seed 000's task tables with merged first-column cells: every row has the grid's
    width, the covered cells are marked and written empty, as the .txt has them."""
    name, text, expected = seeds[0]
    document = read_bytes(trs_page(text, _info(expected)).encode(), name)
    tables = [block for block in document.blocks if isinstance(block, Table)]
    assert len(tables) == 2
    covered = [cell for table in tables for row in table.rows for cell in row if cell.covered]
    assert len(covered) >= 25
    assert all(cell.origin.column == 1 for cell in covered)
    assert {len(row) for row in tables[0].rows} == {6}
    assert {len(row) for row in tables[1].rows} == {7}
    for table, seed in zip(tables, seed_tables(text), strict=True):
        assert [[_no_ws(c.text) if not c.covered else "" for c in row] for row in table.rows] \
            == [[_no_ws(c) for c in row] for row in seed.rows]
    first = tables[0].rows[1][0]
    assert first.origin.table == 1 and first.origin.row == 2 and first.origin.column == 1


def test_colspan_and_rowspan_cells() -> None:
    page = f"""<html><body><div id="zoom"><p>一、总体要求。{"到2025年，建立体系，完善制度，提升能力。" * 5}</p>
<table><tr><td rowspan="2">甲</td><td colspan="2">乙</td></tr>
<tr><td>丙</td><td>丁</td></tr><tr><td>戊</td><td>己</td></tr></table></div></body></html>"""
    document = read_bytes(page.encode(), "t.html")
    table = next(block for block in document.blocks if isinstance(block, Table))
    shape = [[("*" if c.covered else c.text) for c in row] for row in table.rows]
    assert shape == [["甲", "乙", "*"], ["*", "丙", "丁"], ["戊", "己", ""]]
    assert "\t甲\n\t乙\n\t\n\n\t\n\t丙\n\t丁\n\n" in document.text


def test_br_and_inline_elements() -> None:
    """<br> ends a line; text set in several inline elements, or wrapped in the page's
    source between CJK characters, stays one paragraph."""
    page = f"""<html><body><div id="zoom">
<p>一、总体要求<br><br/>（一）<span>指导</span><b>思想</b>。以习近平新时代中国特色社会主义
思想为指导<br></p><div>二、重点任务</div><p>{"到2025年，建立体系，完善制度。" * 5}</p><p>&nbsp;&nbsp;（二）Smart <i>city</i> 建设。</p>
</div></body></html>"""
    document = read_bytes(page.encode(), "t.html")
    assert document.text.split("\n")[:-1] == [
        "一、总体要求", "（一）指导思想。以习近平新时代中国特色社会主义思想为指导", "二、重点任务",
        "到2025年，建立体系，完善制度。" * 5, "（二）Smart city 建设。"]


def test_origins_find_their_elements(seeds: list[tuple[str, str, dict]]) -> None:
    name, text, expected = seeds[0]
    for page in (portal_page(text, title="t", info=_info(expected)), trs_page(text, _info(expected))):
        document = read_bytes(page.encode(), name)
        tree = LexborHTMLParser(page)
        for piece in document.pieces[:40] + document.pieces[-40:]:
            element = tree.css_first(piece.origin.element)
            assert element is not None, piece.origin.element
            assert _no_ws(document.text[piece.start:piece.end]) in _no_ws(element.text())
        paragraphs = [b for b in document.blocks if isinstance(b, Paragraph)]
        assert paragraphs[0].origin.element.startswith(("div#zoom > p:nth-of-type(1)",
                                                         "body > table"))


def test_page_without_article_is_a_one_line_error() -> None:
    page = portal_page("", title="t", info=None)
    with pytest.raises(UnreadableDocument) as raised:
        read_bytes(page.encode(), "empty.html")
    assert str(raised.value) == "empty.html: no article text found in the web page"


def test_title_line_in_the_body_is_kept(seeds: list[tuple[str, str, dict]]) -> None:
    name, text, expected = seeds[3]
    title = "沙坪坝区进一步完善医疗卫生服务体系实施方案"
    page = portal_page(text, title=title, info=_info(expected)).replace(
        '<div id="zoom" class="article-content">',
        f'<div id="zoom" class="article-content"><h1>{title}</h1>')
    document = read_bytes(page.encode(), name)
    assert document.text.startswith(title + "\n")
