"""The Word readers (loaders/documents/word.py, legacy_word.py) against the bundled plans.

Each plan is rendered as a .docx (tables as Word tables with the 重点任务 column merged down,
and once more with its 一、/（一）/1. numbers as a Word list the reader has to render), and
as a .doc LibreOffice makes of that .docx. The plan record built from each must hold the
same facts as the record of the .txt. The .doc tests need LibreOffice: they skip without it,
and fail when CI is set.
"""

from __future__ import annotations

import functools
import io
import os
import re
import stat
import tempfile
import time
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from policykg.loaders.documents import (
    Document,
    Table,
    legacy_word,
    read_bytes,
    read_file,
    word,
    word_numbering,
)
from policykg.loaders.documents.detect import OLE_MAGIC
from policykg.loaders.errors import UnreadableDocument
from policykg.loaders.plan import build_record
from tests.documents.fixtures import (
    SeedTable,
    compare,
    differences,
    docx_bytes,
    list_numbers,
    seed_blocks,
    seed_paths,
    soffice_convert,
)

SEEDS = {path.name[:3]: path for path in seed_paths()}
CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@functools.cache
def expected(seed: str) -> dict:
    """The record of the seed's .txt: what every rendition must give back."""
    return build_record(read_file(SEEDS[seed])).to_dict()


@functools.cache
def seed_docx(seed: str, numbered: bool = False, level_restart: bool = True) -> bytes:
    return docx_bytes(SEEDS[seed].read_text(encoding="utf-8"), numbered=numbered,
                      level_restart=level_restart)


def timed_read(data: bytes, path: str) -> tuple[Document, float]:
    start = time.perf_counter()
    document = read_bytes(data, path)
    return document, time.perf_counter() - start


def assert_same_facts(seed: str, document: Document, label: str, seconds: float) -> None:
    """Tasks and responsibilities F1 >= 0.98; assignments, citations and metadata equal."""
    found = build_record(document).to_dict()
    figures = compare(expected(seed), found)
    print(f"{label} {seed}: {seconds:.2f} s, {figures}")
    for kind in ("tasks", "responsible"):
        assert figures[kind] >= 0.98, (kind, differences(expected(seed), found, kind))
    for kind in ("assignments", "citations", "metadata"):
        assert figures[kind] == 1.0, (kind, differences(expected(seed), found, kind))


def text_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


# ---------------------------------------------------------------------------------------
# .docx

@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_docx_gives_the_plans_facts(seed):
    document, seconds = timed_read(seed_docx(seed), f"{seed}.docx")
    assert document.format == "docx"
    assert text_lines(document.text) == text_lines(SEEDS[seed].read_text(encoding="utf-8"))
    assert_same_facts(seed, document, "docx", seconds)


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_numbered_docx_renders_word_list_numbers(seed):
    """The headings' numbers are not in the file's text, only in numbering.xml; the reader
    writes them back, so the text and the facts are the .txt's."""
    data = seed_docx(seed, numbered=True)
    text = SEEDS[seed].read_text(encoding="utf-8")
    paragraphs = [block for block in seed_blocks(text) if isinstance(block, str)]
    listed = [p for p, number in zip(paragraphs, list_numbers(paragraphs), strict=True)
              if number]
    assert len(listed) >= 10
    stored = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    document, seconds = timed_read(data, f"{seed}.numbered.docx")
    lines = text_lines(document.text)
    for heading in listed:
        assert heading in lines
    first = next(p for p in listed if re.match(r"^[一二三]、", p))
    assert first not in stored and first[2:] in stored   # the number is Word's, not text
    assert lines == text_lines(text)
    assert_same_facts(seed, document, "numbered docx", seconds)


def test_numbered_docx_renders_the_headings_of_003():
    document = read_bytes(seed_docx("003", numbered=True), "003.docx")
    lines = text_lines(document.text)
    for heading in ("一、总体目标", "二、重点任务", "（一）科学规划，建设优质高效服务体系。",
                    "三、组织实施"):
        assert heading in lines
    # 1.–19. run on across （一）…（五） (w:lvlRestart 1: restarted only by 一、)
    assert any(line.startswith("19.") for line in lines)


def test_merged_task_cells_are_covered_cells():
    data = seed_docx("000")
    assert b"w:vMerge" in zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    document = read_bytes(data, "000.docx")
    tables = [block for block in document.blocks if isinstance(block, Table)]
    seeds = [block for block in seed_blocks(SEEDS["000"].read_text(encoding="utf-8"))
             if isinstance(block, SeedTable)]
    assert len(tables) == len(seeds) == 2
    for table, seed in zip(tables, seeds, strict=True):
        assert [[cell.text for cell in row] for row in table.rows] == \
            [list(row) for row in seed.rows]
    covered = [row[0] for row in tables[0].rows if row[0].covered]
    assert len(covered) > 20 and all(cell.text == "" for cell in covered)
    # python-docx's row.cells would repeat '1. 打造高水平公立医院。' in every covered row
    label = "1. 打造高水平公立医院。"
    assert document.text.count(label) == SEEDS["000"].read_text(encoding="utf-8").count(label)
    rows = [(a.get("label"), a["text"]) for t in build_record(document).to_dict()["tasks"]
            for a in t.get("assignments", []) if t["title"] == "打造高水平公立医院"]
    assert rows == [(a.get("label"), a["text"]) for t in expected("000")["tasks"]
                    for a in t.get("assignments", []) if t["title"] == "打造高水平公立医院"]
    # the covered row is the same task's second row, not a row without a task
    assert len(rows) == 2 and rows[0][0] == "1.打造高水平公立医院。" and rows[1][0] is None


def test_origins_of_a_paragraph_and_a_cell():
    data = seed_docx("000")
    document = read_bytes(data, "000.docx")
    paragraphs = docx.Document(io.BytesIO(data)).paragraphs
    sentence = "现将《重庆市渝北区推动公立医院高质量发展实施方案》印发给你们"
    assert document.text.count(sentence) == 1
    index = next(i for i, p in enumerate(paragraphs) if sentence in p.text)
    offset = document.text.index(sentence)
    assert document.locate(offset).paragraph == index + 1
    assert document.locate(offset).describe() == f"paragraph {index + 1}"

    seed_table = next(b for b in seed_blocks(SEEDS["000"].read_text(encoding="utf-8"))
                      if isinstance(b, SeedTable))
    cell = seed_table.rows[1][1]           # row 2, column 2: the first row's 任务分工
    origin = document.locate(document.text.index("\t" + cell) + 1)
    assert (origin.table, origin.row, origin.column) == (1, 2, 2)
    assert origin.describe() == "table 1 row 2 column 2"
    piece = next(p for p in document.pieces
                 if (p.origin.table, p.origin.row, p.origin.column) == (1, 2, 2))
    assert document.text[piece.start:piece.end] == cell


def test_horizontal_and_vertical_spans_keep_columns_in_line():
    d = docx.Document()
    table = d.add_table(rows=3, cols=3)
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            cell.text = f"r{r + 1}c{c + 1}"
    table.cell(0, 0).merge(table.cell(0, 1))     # gridSpan 2
    table.cell(1, 2).merge(table.cell(2, 2))     # vMerge restart / continue
    out = io.BytesIO()
    d.save(out)
    (read,) = [b for b in word.read(out.getvalue(), "t.docx", "0" * 64).blocks
               if isinstance(b, Table)]
    shape = [[("-" if cell.covered else cell.text.replace("\n", ""), cell.origin.column)
              for cell in row]
             for row in read.rows]
    assert shape == [[("r1c1r1c2", 1), ("-", 2), ("r1c3", 3)],
                     [("r2c1", 1), ("r2c2", 2), ("r2c3r3c3", 3)],
                     [("r3c1", 1), ("r3c2", 2), ("-", 3)]]


BODY_EXTRAS = """<w:body {ns}>
<w:sdt><w:sdtPr><w:alias w:val="标题"/></w:sdtPr><w:sdtContent>
  <w:p><w:r><w:t>控件里的段落</w:t></w:r></w:p></w:sdtContent></w:sdt>
<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>
  <w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice>
  <mc:Fallback><w:pict><v:textbox><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p>
  </w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r>
  <w:r><w:t>锚定段落</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">保留</w:t></w:r><w:del><w:r><w:delText>删掉的</w:delText></w:r></w:del>
  <w:ins><w:r><w:t>插入的</w:t></w:r></w:ins><w:hyperlink><w:r><w:t>文字</w:t></w:r></w:hyperlink>
  <w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r>
  <w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>（域）</w:t></w:r>
  <w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>
<w:sectPr/></w:body>"""


def test_content_controls_text_boxes_and_tracked_changes():
    d = docx.Document()
    body = d.element.body
    namespaces = (nsdecls("w") + ' xmlns:v="urn:schemas-microsoft-com:vml"'
                  + ' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
                  ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"')
    extras = parse_xml(BODY_EXTRAS.format(ns=namespaces))
    body.getparent().replace(body, extras)
    out = io.BytesIO()
    d.save(out)
    document = word.read(out.getvalue(), "extras.docx", "0" * 64)
    assert text_lines(document.text) == ["控件里的段落", "锚定段落", "文本框", "保留插入的文字（域）"]
    assert [document.locate(document.text.index(t)).paragraph
            for t in ("控件里的段落", "锚定段落", "文本框", "保留")] == [1, 2, 2, 3]


# ---------------------------------------------------------------------------------------
# numbering.xml details

LEVELS = (("chineseCounting", "%1、", ""), ("ideographTraditional", "%2、", ""),
          ("decimalEnclosedCircle", "%3", ""), ("chineseLegalSimplified", "第%4条", "space"),
          ("decimal", "%1.%5", "legal"))


def level_xml(ilvl: int, fmt: str, text: str, suffix: str) -> str:
    """A w:lvl (``suffix`` 'legal': isLgl, all its numbers decimal); level 1 is linked to
    the paragraph style PlanHeading2."""
    suff = ('<w:isLgl/>' if suffix == "legal"
            else f'<w:suff w:val="{suffix}"/>' if suffix else "")
    style = '<w:pStyle w:val="PlanHeading2"/>' if ilvl == 1 else ""
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>{suff}'
            f'{style}<w:lvlText w:val="{text}"/></w:lvl>')


def list_docx(paragraphs: list[tuple[str, dict]]) -> bytes:
    """A .docx with one list (the LEVELS above; lists 1 and 2 share it, 2 starts at 5), a
    bullet list 3, and paragraph styles PlanHeading (list 1, level 0) and PlanHeading2
    (list 1, its level found from the level's pStyle)."""
    d = docx.Document()
    numbering = d.part.numbering_part.element
    levels = "".join(level_xml(i, fmt, text, suff) for i, (fmt, text, suff) in enumerate(LEVELS))
    first_num = numbering.find(f"{{{numbering.nsmap['w']}}}num")
    for xml in (f'<w:abstractNum {nsdecls("w")} w:abstractNumId="71">{levels}</w:abstractNum>',
                f'<w:abstractNum {nsdecls("w")} w:abstractNumId="72"><w:lvl w:ilvl="0">'
                f'<w:numFmt w:val="bullet"/><w:lvlText w:val="\u2022"/></w:lvl></w:abstractNum>'):
        first_num.addprevious(parse_xml(xml))
    for xml in (f'<w:num {nsdecls("w")} w:numId="71"><w:abstractNumId w:val="71"/></w:num>',
                f'<w:num {nsdecls("w")} w:numId="72"><w:abstractNumId w:val="71"/>'
                f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride>'
                f'</w:num>',
                f'<w:num {nsdecls("w")} w:numId="73"><w:abstractNumId w:val="72"/></w:num>'):
        numbering.append(parse_xml(xml))
    for name, num_pr in (("PlanHeading", '<w:ilvl w:val="0"/><w:numId w:val="71"/>'),
                         ("PlanHeading2", '<w:numId w:val="71"/>')):
        style = d.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.element.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}>{num_pr}</w:numPr>'))
    for text, how in paragraphs:
        paragraph = d.add_paragraph(text, style=how.get("style"))
        if "num" in how:
            paragraph._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{how.get("ilvl", 0)}"/>'
                f'<w:numId w:val="{how["num"]}"/></w:numPr>'))
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def test_list_numbers_in_word_formats_styles_overrides_and_resets():
    h, h2 = {"style": "PlanHeading"}, {"style": "PlanHeading2"}
    paragraphs = [("总则", h), ("甲项", {"num": 71, "ilvl": 1}), ("圈", {"num": 71, "ilvl": 2}),
                  ("圈二", {"num": 71, "ilvl": 2}), ("乙项", {"num": 71, "ilvl": 1}),
                  ("圈三", {"num": 71, "ilvl": 2}), ("条款", {"num": 71, "ilvl": 3}),
                  ("编号", {"num": 71, "ilvl": 4}), ("分则", h),
                  ("不编号", {"style": "PlanHeading", "num": 0}), ("重新", {"num": 72}),
                  ("再", {"num": 72}), ("丙项", h2), ("要点", {"num": 73}),
                  ("无此列表", {"num": 99})]
    document = word.read(list_docx(paragraphs), "lists.docx", "0" * 64)
    assert text_lines(document.text) == [
        "一、总则", "甲、甲项", "①圈", "②圈二", "乙、乙项", "①圈三", "第壹条 条款", "1.1 编号",
        "二、分则", "不编号", "五、重新", "六、再", "甲、丙项", "要点", "无此列表"]


@pytest.mark.parametrize(("number", "fmt", "written"), [
    (1, "chineseCounting", "一"), (10, "chineseCounting", "十"), (11, "chineseCounting", "十一"),
    (20, "chineseCounting", "二十"), (99, "chineseCounting", "九十九"),
    (105, "chineseCountingThousand", "一百零五"), (1010, "chineseCountingThousand", "一千零一十"),
    (11, "chineseLegalSimplified", "壹拾壹"), (3, "ideographTraditional", "丙"),
    (10, "ideographTraditional", "癸"), (2, "ideographZodiac", "丑"),
    (3, "decimalEnclosedCircle", "③"), (21, "decimalEnclosedCircle", "㉑"),
    (3, "decimalEnclosedParen", "⑶"), (3, "decimalEnclosedFullstop", "⒊"),
    (12, "decimalFullWidth", "１２"), (7, "decimalZero", "07"), (28, "upperLetter", "BB"),
    (14, "lowerRoman", "xiv"), (2025, "ideographDigital", "二〇二五"), (5, "someNewFormat", "5"),
])
def test_number_formats(number, fmt, written):
    assert word_numbering.format_number(number, fmt) == written


# ---------------------------------------------------------------------------------------
# what a user can get wrong

def test_an_empty_docx_has_no_text():
    out = io.BytesIO()
    d = docx.Document()
    d.add_paragraph("   ")
    d.add_table(rows=2, cols=2)
    d.save(out)
    with pytest.raises(UnreadableDocument, match="has no text") as caught:
        read_bytes(out.getvalue(), "empty.docx")
    assert caught.value.path == "empty.docx" and "\n" not in str(caught.value)


def damaged(data: bytes, how: str) -> bytes:
    """A copy of a .docx with its document.xml cut off (bad XML) or its deflate stream
    overwritten (a bad CRC), the zip directory intact."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = source.read(item)
            if item.filename == "word/document.xml" and how == "xml":
                body = body[: len(body) // 2]
            target.writestr(item, body)
    broken = out.getvalue()
    if how == "crc":
        start = broken.index(b"word/document.xml") + 40
        broken = broken[:start] + bytes(200) + broken[start + 200:]
    return broken


@pytest.mark.parametrize("how", ["xml", "crc", "truncated"])
def test_a_damaged_docx_is_one_line(how):
    data = seed_docx("003")
    data = data[: len(data) // 2] if how == "truncated" else damaged(data, how)
    with pytest.raises(UnreadableDocument, match="damaged Word file") as caught:
        word.read(data, "broken.docx", "0" * 64)
    assert "\n" not in str(caught.value) and "save it again as .docx" in str(caught.value)


def test_a_damaged_docx_through_read_bytes():
    with pytest.raises(UnreadableDocument, match="damaged Word file"):
        read_bytes(damaged(seed_docx("003"), "xml"), "broken.docx")


# ---------------------------------------------------------------------------------------
# legacy .doc / .wps through LibreOffice

FAKE_WORD = OLE_MAGIC + b"\x00" * 504 + "WordDocument".encode("utf-16-le") + b"\x00" * 512


def fake_soffice(folder: Path, script: str) -> None:
    """A stand-in 'soffice' on PATH (a shell script), for the converter's failure paths."""
    folder.mkdir(parents=True, exist_ok=True)
    program = folder / "soffice"
    program.write_text("#!/bin/sh\n" + script + "\n")
    program.chmod(program.stat().st_mode | stat.S_IXUSR)


def test_without_libreoffice_the_message_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(UnreadableDocument) as caught:
        read_bytes(FAKE_WORD, "plan.doc")
    assert caught.value.message == legacy_word.INSTALL_HINT
    assert "apt-get install libreoffice-writer-nogui" in str(caught.value)


def test_a_failed_conversion_gives_libreoffices_reason(tmp_path, monkeypatch):
    log = tmp_path / "calls.log"
    fake_soffice(tmp_path / "bin", f'echo "$@" >> {log}\n'
                                    'echo "Error: source file could not be loaded"\nexit 1')
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    for name in ("plan.wps", "plan.doc"):
        with pytest.raises(UnreadableDocument, match="source file could not be loaded"):
            read_bytes(FAKE_WORD, name)
    calls = log.read_text().splitlines()
    profiles = [re.search(r"-env:UserInstallation=(\S+)", call).group(1) for call in calls]
    assert len(set(profiles)) == 2                 # a profile of its own for each conversion
    assert all(call.endswith("input.doc") for call in calls)   # a .wps is given as .doc


def test_a_hanging_conversion_is_stopped(tmp_path, monkeypatch):
    fake_soffice(tmp_path / "bin", "/bin/sleep 30 & /bin/sleep 30")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    monkeypatch.setattr(legacy_word, "CONVERT_TIMEOUT", 1.0)
    start = time.perf_counter()
    with pytest.raises(UnreadableDocument, match="did not convert it within 1 s"):
        read_bytes(FAKE_WORD, "plan.doc")
    assert time.perf_counter() - start < 10


def test_a_password_protected_word_file():
    data = OLE_MAGIC + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 64
    with pytest.raises(UnreadableDocument, match="password-protected"):
        read_bytes(data, "secret.docx")


@pytest.fixture(scope="module")
def legacy(tmp_path_factory) -> dict[str, bytes]:
    """.doc files LibreOffice makes of the seed .docx renditions (one call for all)."""
    if legacy_word.find_soffice() is None:
        message = "LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui"
        if CI:
            pytest.fail(message)
        pytest.skip(message)
    files = {f"{seed}.docx": seed_docx(seed) for seed in ("000", "001", "003")}
    # LibreOffice ignores w:lvlRestart, so the list it converts restarts 1. under （一）
    files |= {f"{seed}.numbered.docx": seed_docx(seed, numbered=True, level_restart=False)
              for seed in ("000", "003")}
    return soffice_convert(files, tmp_path_factory.mktemp("legacy"), "doc")


@pytest.mark.parametrize(("name", "seed", "path"), [
    ("000.docx", "000", "000.doc"), ("003.docx", "003", "003.doc"),
    ("000.numbered.docx", "000", "000.numbered.doc"),
    ("003.numbered.docx", "003", "003.numbered.doc"),
    ("001.docx", "001", "001.wps"),                # a Kingsoft file is a Word stream too
])
def test_doc_gives_the_plans_facts(legacy, name, seed, path):
    data = legacy[name]
    assert data.startswith(OLE_MAGIC)
    document, seconds = timed_read(data, path)
    assert document.format == "doc"
    assert document.path == path
    assert text_lines(document.text) == text_lines(SEEDS[seed].read_text(encoding="utf-8"))
    assert_same_facts(seed, document, f"doc ({path})", seconds)


def test_doc_keeps_merged_cells_and_origins(legacy):
    document = read_bytes(legacy["000.docx"], "000.doc")
    tables = [block for block in document.blocks if isinstance(block, Table)]
    assert len(tables) == 2 and any(row[0].covered for row in tables[0].rows)
    seed_table = next(b for b in seed_blocks(SEEDS["000"].read_text(encoding="utf-8"))
                      if isinstance(b, SeedTable))
    piece = next(p for p in document.pieces
                 if (p.origin.table, p.origin.row, p.origin.column) == (1, 2, 2))
    assert document.text[piece.start:piece.end] == seed_table.rows[1][1]


def test_doc_conversion_leaves_nothing_behind(legacy, tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(tempfile, "tempdir", None)
    read_bytes(legacy["003.docx"], "003.doc")
    assert list(tmp_path.iterdir()) == []


def test_doc_list_numbers_stay_word_lists(legacy, tmp_path):
    """LibreOffice keeps the .doc's list as a Word list (numbers not in the text), so the
    .doc path needs the numbering renderer as much as a .docx does."""
    converted = legacy_word.convert(legacy_word.find_soffice(), legacy["003.numbered.docx"],
                                    "003.doc", tmp_path)
    body = zipfile.ZipFile(io.BytesIO(converted)).read("word/document.xml").decode("utf-8")
    assert "<w:numPr>" in body and "总体目标" in body and "一、总体目标" not in body
