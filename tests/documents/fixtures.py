"""Render the bundled plans (.txt) into the formats analysts receive, for the document-stage
tests: the plan's structure (paragraphs and tables) read off its text, then written as a
government portal's article page (HTML), which the PDF, Word, .doc and scan fixtures are made
from. The fixtures are made by the tests, never checked in.

The structure of a .txt plan: a line starting with a tab is a table cell, a blank line after
cell lines ends a table row (seed 000's 附件 tables); every other non-blank line is a
paragraph. A paragraph line starting with 一、 is a heading (rendered larger, as in print).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from tests.seedlib import BUNDLED

HEADING = re.compile(r"^[一二三四五六七八九十]{1,3}、")


@dataclass(frozen=True)
class SeedTable:
    rows: tuple[tuple[str, ...], ...]


SeedBlock = str | SeedTable


def seed_blocks(text: str) -> list[SeedBlock]:
    """Paragraphs (str) and tables (rows of cells) of a .txt plan, in order."""
    blocks: list[SeedBlock] = []
    rows: list[tuple[str, ...]] = []
    row: list[str] = []

    def end_row() -> None:
        nonlocal row
        if row:
            rows.append(tuple(row))
            row = []

    def end_table() -> None:
        nonlocal rows
        end_row()
        if rows:
            width = max(len(r) for r in rows)
            blocks.append(SeedTable(tuple(r + ("",) * (width - len(r)) for r in rows)))
            rows = []

    for line in text.replace("\r\n", "\n").split("\n"):
        if line.startswith("\t"):
            cell = line.strip()
            if "\t" in cell:            # one row a line, tabs between cells
                end_row()
                rows.append(tuple(c.strip() for c in cell.split("\t")))
            else:
                row.append(cell)
            continue
        if not line.strip():
            end_row()
            continue
        end_table()
        blocks.append(line.strip())
    end_table()
    return blocks


PORTAL_HEAD = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="{charset}">
<title>{title}_政策文件_人民政府门户网站</title>
<style>
body {{ font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", serif; font-size: 16px;
       margin: 0; }}
.header, .footer, .nav, .share, .related {{ color: #555; }}
#zoom p {{ text-indent: 2em; margin: 0 0 4px 0; line-height: 1.6; }}
#zoom p.h {{ font-weight: bold; }}
#zoom h1 {{ font-size: 22px; text-align: center; }}
table.info, #zoom table {{ border-collapse: collapse; width: 100%; margin: 8px 0; }}
table.info td, #zoom td {{ border: 1px solid #000; padding: 3px; font-size: 12px;
                          vertical-align: top; }}
@media print {{ .header, .nav, .share, .related, .footer {{ display: none; }} }}
</style></head>
<body>
<div class="header"><a href="/">首页</a> 欢迎访问人民政府门户网站 <a href="#">无障碍</a>
<a href="#">繁體</a></div>
<div class="nav"><ul><li><a href="#">政务公开</a></li><li><a href="#">政策文件</a></li>
<li><a href="#">互动交流</a></li></ul>当前位置：首页 &gt; 政务公开 &gt; 政策文件</div>
"""

INFO_TABLE = """<table class="info"><tr><td>索引号：</td><td>11500000-0000/2022-00001</td>
<td>主题分类：</td><td>卫生、体育</td></tr>
<tr><td>发布机构：</td><td>{issuer}</td><td>成文日期：</td><td>{issued}</td></tr>
<tr><td>标题：</td><td colspan="3">{title}</td></tr>
<tr><td>发文字号：</td><td>{doc_number}</td><td>发布日期：</td><td>{published}</td></tr></table>
"""

PORTAL_TAIL = """<div class="share">分享到：微信 微博 <a href="#">打印本页</a>
<a href="#">关闭窗口</a></div>
<div class="related"><h3>相关链接</h3><ul><li><a href="#">中国政府网</a></li>
<li><a href="#">国家卫生健康委员会</a></li></ul></div>
<div class="footer">主办单位：人民政府办公室 版权所有 网站标识码：5000000001</div>
</body></html>
"""


def table_html(table: SeedTable) -> str:
    lines = ["<table>"]
    for row in table.rows:
        cells = "".join(f"<td>{html.escape(cell)}</td>" for cell in row)
        lines.append(f"<tr>{cells}</tr>")
    lines.append("</table>")
    return "\n".join(lines)


def article_html(blocks: list[SeedBlock]) -> str:
    """The article body: the first paragraph as the page's h1 only when it is the title is
    not assumed; every paragraph is a <p>, as portals publish plans."""
    parts = ['<div id="zoom" class="article-content">']
    for block in blocks:
        if isinstance(block, SeedTable):
            parts.append(table_html(block))
        else:
            css = ' class="h"' if HEADING.match(block) else ""
            parts.append(f"<p{css}>{html.escape(block)}</p>")
    parts.append("</div>")
    return "\n".join(parts)


def portal_page(text: str, *, title: str = "", info: dict[str, str] | None = None,
                charset: str = "utf-8", furniture: bool = True) -> str:
    """A portal article page of the plan: header, navigation, an optional info table
    (发布机构, 成文日期, 发文字号), the article, share buttons, related links, footer.
    ``furniture=False`` gives the bare article (what the PDF is printed from)."""
    blocks = seed_blocks(text)
    body = article_html(blocks)
    if not furniture:
        return (PORTAL_HEAD.format(charset=charset, title=html.escape(title))
                .split("<div class=\"header\">")[0] + body + "\n</body></html>\n")
    info_html = INFO_TABLE.format(**{k: html.escape(v) for k, v in info.items()}) if info else ""
    return (PORTAL_HEAD.format(charset=charset, title=html.escape(title)) + info_html + body
            + "\n" + PORTAL_TAIL)


def seed_paths() -> list[Path]:
    """The bundled plans (.txt), in name order."""
    return list(BUNDLED)


def _f1(expected: set, found: set) -> float:
    if not expected and not found:
        return 1.0
    hits = len(expected & found)
    if not hits:
        return 0.0
    precision, recall = hits / len(found), hits / len(expected)
    return 2 * precision * recall / (precision + recall)


def facts(record: dict) -> dict[str, set]:
    """What a format must keep of a plan: tasks (id, title), responsibilities (task id,
    agency, role) on tasks and on their table rows, assignments (task id, row label, row
    text), citations (doc number, title, relation), and the plan's metadata."""
    tasks = {(t["id"], t["title"]) for t in record["tasks"]}
    responsible = {(t["id"], r["agency"], r["role"]) for t in record["tasks"]
                   for r in t.get("responsible", [])}
    responsible |= {(t["id"], a.get("label"), r["agency"], r["role"])
                    for t in record["tasks"] for a in t.get("assignments", [])
                    for r in a.get("responsible", [])}
    assignments = {(t["id"], a.get("label"), re.sub(r"\s", "", a.get("text") or ""))
                   for t in record["tasks"] for a in t.get("assignments", [])}
    citations = {(c.get("doc_number"), c.get("title"), c["relation"])
                 for c in record["citations"]}
    plan = record["plan"]
    metadata = {(name, plan.get(name)) for name in
                ("title", "doc_number", "issuer", "jurisdiction", "issued", "status")}
    return {"tasks": tasks, "responsible": responsible, "assignments": assignments,
            "citations": citations, "metadata": metadata}


def compare(expected: dict, found: dict) -> dict[str, float]:
    """F1 of each kind of fact of a format's record against the .txt record's."""
    want, got = facts(expected), facts(found)
    return {kind: round(_f1(want[kind], got[kind]), 4) for kind in want}


def differences(expected: dict, found: dict, kind: str) -> tuple[list, list]:
    """(missing, extra) facts of one kind, sorted, for an assertion message."""
    want, got = facts(expected)[kind], facts(found)[kind]
    return sorted(want - got, key=str)[:10], sorted(got - want, key=str)[:10]


# how near a format's record must come to the .txt record: tasks and units may miss a little
# (F1 >= 0.98); table rows, citations and metadata must be exact (an F1 of 1.0)
FLOORS = (("tasks", 0.98), ("responsible", 0.98), ("assignments", 1.0), ("citations", 1.0),
          ("metadata", 1.0))


def assert_same_record(expected: dict, found: dict, name: str = "") -> dict[str, float]:
    """Each kind of fact of a format's record at its floor against the .txt record (every
    reader is held to the same floors); returns the scores for the test to print."""
    scores = compare(expected, found)
    for kind, floor in FLOORS:
        assert scores[kind] >= floor, (name, kind, scores, differences(expected, found, kind))
    return scores


def seed_tables(text: str) -> list[SeedTable]:
    """The tables of a .txt plan, in order (what a reader must give back row for row)."""
    return [block for block in seed_blocks(text) if isinstance(block, SeedTable)]


# ---------------------------------------------------------------------------------------
# Word (.docx) and legacy Word (.doc) renditions, for tests/documents/test_word.py

LIST_ID = "9001"   # the numId and abstractNumId of the fixture's heading list
# a heading number the fixture writes as a Word list: level, pattern (number, rest of line)
LIST_LEVELS = ((0, re.compile(r"^([一二三四五六七八九十]{1,3})、(.*)$"), "%1、", "chineseCounting"),
               (1, re.compile(r"^（([一二三四五六七八九十]{1,3})）(.*)$"), "（%2）",
                "chineseCounting"),
               (2, re.compile(r"^(\d{1,2})\.(?!\d)(.*)$"), "%3.", "decimal"))
CHINESE_DIGITS = "一二三四五六七八九"


def chinese_value(numeral: str) -> int | None:
    """一 -> 1, 十 -> 10, 十二 -> 12, 二十三 -> 23 (up to 99); None for anything else."""
    if "十" not in numeral:
        return CHINESE_DIGITS.index(numeral) + 1 if len(numeral) == 1 else None
    tens, _, ones = numeral.partition("十")
    if len(tens) > 1 or len(ones) > 1:
        return None
    return ((CHINESE_DIGITS.index(tens) + 1 if tens else 1) * 10
            + (CHINESE_DIGITS.index(ones) + 1 if ones else 0))


def list_numbers(paragraphs: list[str], decimal_restart: int | None = None
                 ) -> list[tuple[int, str] | None]:
    """For each paragraph, (level, text without its number) when its 一、/（一）/1. number is
    the one Word's list would write there (counted as Word counts: deeper levels restart when
    a shallower one counts; with ``decimal_restart`` = 1, Word's lvlRestart, 1. restarts only
    after 一、, as plans that number their tasks 1–19 across （一）（二） do), else None:
    those keep their number as typed."""
    counters: dict[int, int] = {}
    out: list[tuple[int, str] | None] = []
    for text in paragraphs:
        found = None
        for level, pattern, _, _ in LIST_LEVELS:
            match = pattern.match(text)
            if not match:
                continue
            value = (int(match.group(1)) if level == 2 else chinese_value(match.group(1)))
            if value == counters.get(level, 0) + 1:
                counters[level] = value
                for deeper in [k for k in counters if k > level]:
                    if deeper != 2 or decimal_restart is None or level + 1 <= decimal_restart:
                        del counters[deeper]
                found = (level, match.group(2))
            break
        out.append(found)
    return out


def _add_heading_list(document, decimal_restart: int | None) -> None:
    """Add the 一、/（一）/1. list (chineseCounting, chineseCounting, decimal; a tab after the
    number, as Word writes by default) to the document's numbering part."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    restart = ("" if decimal_restart is None
               else f'<w:lvlRestart w:val="{decimal_restart}"/>')
    levels = "".join(
        f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'{restart if level == 2 else ""}'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="0" w:firstLine="640"/></w:pPr></w:lvl>'
        for level, _, text, fmt in LIST_LEVELS)
    numbering = document.part.numbering_part.element
    abstract = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{LIST_ID}">'
                         f'<w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>')
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{LIST_ID}">'
                               f'<w:abstractNumId w:val="{LIST_ID}"/></w:num>'))


def _number_paragraph(paragraph, level: int) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    paragraph._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{LIST_ID}"/>'
        f'</w:numPr>'))


def _merge_down(table, values: tuple[tuple[str, ...], ...]) -> int:
    """Merge each empty first-column cell below a filled one into it (w:vMerge restart on
    the filled cell, continue on the covered ones), as the 重点任务 column of a task-division
    table is merged in Word. Returns the number of covered cells."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    covered = 0
    start = None
    for index, row in enumerate(values[1:], start=1):
        tc = table.rows[index].cells[0]._tc
        if row[0]:
            start = tc
            continue
        if start is None:
            continue
        if start.tcPr is None or start.tcPr.vMerge_val is None:
            start.get_or_add_tcPr().append(parse_xml(
                f'<w:vMerge {nsdecls("w")} w:val="restart"/>'))
        tc.get_or_add_tcPr().append(parse_xml(f'<w:vMerge {nsdecls("w")}/>'))
        covered += 1
    return covered


def _best_list(paragraphs: list[str], level_restart: bool = True
               ) -> tuple[list[tuple[int, str] | None], int | None]:
    """The list numbering that numbers most of the plan's headings: 1. restarting under
    each （一）, or (``level_restart``) only under each 一、 (w:lvlRestart 1)."""
    options = [(list_numbers(paragraphs, restart), restart)
               for restart in ((None, 1) if level_restart else (None,))]
    numbers, restart = max(options, key=lambda o: sum(n is not None for n in o[0]))
    return numbers, restart


def docx_bytes(text: str, *, numbered: bool = False, merged: bool = True,
               level_restart: bool = True) -> bytes:
    """A .docx of a .txt plan: a paragraph per line, tables as Word tables (the first
    column's empty cells merged into the cell above when ``merged``), and with ``numbered``
    the 一、/（一）/1. numbers written as a Word list instead of text. LibreOffice ignores
    w:lvlRestart (it restarts 1. under every （一）): ``level_restart=False`` for a file
    it is to convert."""
    import io

    import docx

    document = docx.Document()
    blocks = seed_blocks(text)
    paragraphs = [block for block in blocks if isinstance(block, str)]
    listed, decimal_restart = _best_list(paragraphs, level_restart) if numbered else (
        [None] * len(paragraphs), None)
    numbers = iter(listed)
    if numbered:
        _add_heading_list(document, decimal_restart)
    for block in blocks:
        if isinstance(block, SeedTable):
            table = document.add_table(rows=len(block.rows), cols=len(block.rows[0]))
            table.style = "Table Grid"
            for row, values in zip(table.rows, block.rows, strict=True):
                for cell, value in zip(row.cells, values, strict=True):
                    cell.text = value
            if merged:
                _merge_down(table, block.rows)
            continue
        number = next(numbers)
        if number is None:
            document.add_paragraph(block)
        else:
            _number_paragraph(document.add_paragraph(number[1]), number[0])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def soffice_convert(files: dict[str, bytes], folder: Path, to: str) -> dict[str, bytes]:
    """Convert files (name -> bytes) with LibreOffice in one call (``to``: 'doc', 'docx'),
    with a profile of its own under ``folder``; name (same stem) -> converted bytes."""
    import shutil
    import subprocess

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (soffice) is not on PATH"
    source, out = folder / "in", folder / "out"
    source.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (source / name).write_bytes(data)
    subprocess.run([soffice, "--headless", "--norestore",
                    f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                    "--convert-to", to, "--outdir", str(out),
                    *[str(source / name) for name in files]],
                   check=True, capture_output=True, timeout=300)
    return {name: (out / f"{Path(name).stem}.{to}").read_bytes() for name in files}
