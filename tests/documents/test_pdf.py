"""The PDF reader (loaders/documents/pdf.py) on the bundled plans printed to PDF by headless
Chromium, as a portal's print button makes them: page numbers in the footer (a different
style per plan), a running header on two of them, the 附件 tables on landscape pages with
their header row repeated on every page and rows cut by page breaks.

Each plan's PDF must give the same record as its .txt (tasks, units, table rows, citations,
metadata), its tables must come back row for row, page furniture must be gone, and text must
point back at the page it is on. Made-up PDFs cover what the plans do not: responsibility
notes broken across lines, merged cells, encryption, damage, scans.
"""

from __future__ import annotations

import hashlib
import html
import io
import re
import sys
import time
import types
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import pytest

from policykg.loaders import documents
from policykg.loaders.documents import Document, Paragraph, Table, read_file
from policykg.loaders.documents import pdf as pdf_reader
from policykg.loaders.errors import UnreadableDocument
from policykg.loaders.plan import build_record
from tests.documents.fixtures import (
    assert_same_record,
    compare,
    differences,
    portal_page,
    seed_blocks,
    seed_paths,
    seed_tables,
)

# page furniture printed on each plan: (footer, header); Chromium fills the span classes
PAGE_NUMBER_STYLE = 'style="font-size:10px;width:100%;text-align:center;font-family:serif"'
FURNITURE = [
    ('— <span class="pageNumber"></span> —', ""),
    ('第 <span class="pageNumber"></span> 页 共 <span class="totalPages"></span> 页',
     "重庆市人民政府行政规范性文件"),
    ('- <span class="pageNumber"></span> -', ""),
    ('第<span class="pageNumber"></span>页', ""),
    ('— <span class="pageNumber"></span> —', "昌平区人民政府文件"),
]
# a ruled table prints on landscape pages, its header row on every page (<thead>)
PRINT_CSS = """<style>@page { size: A4; } @page wide { size: A4 landscape; }
#zoom table { page: wide; }</style></head>"""
MARGIN = {"top": "25mm", "bottom": "25mm", "left": "26mm", "right": "24mm"}
PAGE_NUMBER_LINE = re.compile(r"^[ \t]*(?:[-—―][ \t]*\d+[ \t]*[-—―]|第[ \t]*\d+[ \t]*页.*)$",
                              re.MULTILINE)


def print_pdf(browser, page_html: str, path: Path, footer: str = "", header: str = "") -> Path:
    """``page_html`` printed to an A4 PDF at ``path`` with Chromium's own header and footer."""
    context = browser.new_context(offline=True)
    try:
        page = context.new_page()
        page.set_content(page_html)
        page.pdf(path=str(path), format="A4", margin=MARGIN, display_header_footer=True,
                 header_template=f"<div {PAGE_NUMBER_STYLE}>{header}</div>",
                 footer_template=f"<div {PAGE_NUMBER_STYLE}>{footer}</div>")
    finally:
        context.close()
    return path


def printable(text: str) -> str:
    """A plan's portal article, as printed: tables on landscape pages with a <thead>."""
    page_html = portal_page(text, title="", furniture=False).replace("</head>", PRINT_CSS, 1)
    return re.sub(r"<table>\n(<tr>.*?</tr>)", r"<table>\n<thead>\1</thead>", page_html)


@pytest.fixture(scope="session")
def printed(chromium, tmp_path_factory) -> dict[str, Path]:
    """Each bundled plan printed to PDF: seed name -> PDF path."""
    folder = tmp_path_factory.mktemp("pdf")
    out = {}
    for seed, (footer, header) in zip(seed_paths(), FURNITURE, strict=False):
        out[seed.name] = print_pdf(chromium, printable(seed.read_text(encoding="utf-8")),
                                   folder / f"{seed.stem}.pdf", footer, header)
    return out


@pytest.fixture(scope="session")
def read_plans(printed) -> dict[str, tuple[Document, float]]:
    """Each printed plan read, with the seconds the reader took (the faster of two reads)."""
    out = {}
    for name, path in printed.items():
        times = []
        for _ in range(2):
            start = time.perf_counter()
            document = read_file(path)
            times.append(time.perf_counter() - start)
        out[name] = (document, min(times))
    return out


def record(path_or_document: Path | Document) -> dict:
    """The plan record (as a dict) of a file or a Document."""
    source = path_or_document if isinstance(path_or_document, Document) \
        else read_file(path_or_document)
    return build_record(source).to_dict()


def seed(name_start: str) -> Path:
    return next(path for path in seed_paths() if path.name.startswith(name_start))


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("name", [path.name for path in seed_paths()])
def test_printed_plan_gives_the_record_of_its_text(name, read_plans):
    """Tasks and units at F1 >= 0.98, assignments, citations and metadata exactly."""
    document, seconds = read_plans[name]
    assert document.format == "pdf"
    expected, found = record(seed(name[:3])), record(document)
    pages = max(piece.origin.page for piece in document.pieces)
    scores = assert_same_record(expected, found, name)
    print(f"\n{name}: {pages} pages, {seconds:.2f} s, F1 {scores}")


def test_a_plan_reads_fast(read_plans, printed):
    """Well under 3 s for a 30-page plan: under 0.1 s a page for the longest plan."""
    name = max(printed, key=lambda n: len(pdfium.PdfDocument(printed[n])))
    _, seconds = read_plans[name]
    pages = len(pdfium.PdfDocument(printed[name]))
    print(f"\n{name}: {pages} pages in {seconds:.2f} s ({seconds / pages * 1000:.0f} ms a page)")
    assert pages >= 20
    assert seconds / pages < 0.1, (seconds, pages)


def test_the_annex_tables_come_back_row_for_row(read_plans, printed):
    """Seed 000's 附件 tables (任务分工 with 牵头单位/配合单位/完成时限, and the indicators)
    span many landscape pages; each comes back as one table with the seed's rows and cells:
    the header repeated on every page dropped, the two rows a page break cut joined again."""
    name = seed("000").name
    document, _ = read_plans[name]
    expected = seed_tables(seed("000").read_text(encoding="utf-8"))
    tables = [block for block in document.blocks if isinstance(block, Table)]
    assert [len(t.rows) for t in tables] == [len(t.rows) for t in expected] == [96, 29]
    for table, want in zip(tables, expected, strict=True):
        got = [tuple(squeeze(cell.text) for cell in row) for row in table.rows]
        assert got == [tuple(squeeze(cell) for cell in row) for row in want.rows]
        pages = {cell.origin.page for row in table.rows for cell in row}
        assert len(pages) > 1                     # the table did cross page breaks
    assert tables[0].rows[0][2].text == "牵头单位" and tables[0].rows[0][4].text == "完成时限"
    # the header row stands once in the text although every table page prints it
    assert document.text.count("\t重点任务\n\t任务分工\n\t牵头单位\n") == 1
    pdf = pdfium.PdfDocument(printed[name])
    landscape = [i + 1 for i, page in enumerate(pdf) if page.get_width() > page.get_height()]
    assert {cell.origin.page for row in tables[0].rows for cell in row} <= set(landscape)


def test_page_furniture_is_gone(read_plans, printed):
    """No page number ('— 5 —', '- 5 -', '第5页', '第 5 页 共 9 页') and no running header
    in the text; the seed's own stray lines (000 ends with '― 24 ―' '― 1 ―') stay."""
    for (name, (document, _)), (footer, header) in zip(read_plans.items(), FURNITURE,
                                                        strict=False):
        text = seed(name[:3]).read_text(encoding="utf-8")
        pdf = pdfium.PdfDocument(printed[name])
        last = pdf[len(pdf) - 1].get_textpage().get_text_range()
        printed_number = re.sub(r"<span[^>]*></span>", str(len(pdf)), footer)
        assert printed_number in last and header in last   # the furniture was printed
        assert PAGE_NUMBER_LINE.findall(document.text) == PAGE_NUMBER_LINE.findall(text), name
        for _, header in FURNITURE:
            if header:
                assert document.text.count(header) == text.count(header), (name, header)


def test_each_paragraph_comes_back_once(read_plans):
    """The paragraphs of each PDF are those of the plan's text, each as often as there:
    none lost, none doubled (table pages too), none split. The one exception is 002's
    抄送 line, hard-wrapped in its .txt and printed so that its halves look like one
    paragraph across a page break."""
    for name, (document, _) in read_plans.items():
        found = Counter(squeeze(b.text) for b in document.blocks if isinstance(b, Paragraph))
        expected = Counter(squeeze(b) for b in seed_blocks(seed(name[:3]).read_text("utf-8"))
                           if isinstance(b, str))
        missing, extra = expected - found, found - expected
        if name.startswith("002") and missing:
            assert list(extra) == ["".join(missing)], (name, missing, extra)
        else:
            assert not missing and not extra, (name, missing, extra)


def _page_of(path: Path, sentence: str,
             after: int = 0) -> tuple[int, tuple[float, float, float, float]]:
    """The first page (1-based) after page ``after`` where pdfium finds ``sentence``
    printed, and its first character's box (top-down, from the page's top-left)."""
    pdf = pdfium.PdfDocument(path)
    for index, page in enumerate(pdf):
        if index < after:
            continue
        textpage = page.get_textpage()
        searcher = textpage.search(sentence)
        found = searcher.get_next()
        if found:
            left, bottom, right, top = textpage.get_charbox(found[0], loose=True)
            height = page.get_height()
            return index + 1, (left, height - top, right, height - bottom)
    raise AssertionError(f"{sentence!r} not printed in {path}")


def test_text_points_back_at_its_page(read_plans, printed):
    """A paragraph's origin is the page (and box) it is printed on; a table cell's too."""
    name = seed("000").name
    document, _ = read_plans[name]
    path = printed[name]
    for sentence in ("（二）落实财政投入", "19. 坚持以患者为中心", "附件2"):
        page, char = _page_of(path, sentence)
        offset = document.text.index(sentence)
        origin = document.locate(offset)
        assert origin is not None and origin.page == page, (sentence, origin, page)
        x0, top, x1, bottom = origin.box
        assert x0 - 1 <= char[0] and char[2] <= x1 + 1 and top - 1 <= char[1] \
            and char[3] <= bottom + 1, (sentence, origin.box, char)
    cell_text = "推进公立医院智慧医院建设"          # in the prose, and in 附件1's row 32
    table = next(block for block in document.blocks if isinstance(block, Table))
    page, char = _page_of(path, cell_text, after=table.origin.page - 1)
    cell = next(cell for row in table.rows for cell in row if cell.text.startswith(cell_text))
    assert (cell.origin.page, cell.origin.table, cell.origin.column) == (page, 1, 2)
    x0, top, x1, bottom = cell.origin.box
    assert x0 <= char[0] and char[2] <= x1 and top <= char[1] and char[3] <= bottom


UNITS_PLAN = """重庆市渝北区推进社区医疗服务提升实施方案
为提升社区医疗服务水平，制定本实施方案。
一、重点任务
（一）健全服务体系。
1. 建设社区医院。推动社区卫生服务中心按照社区医院标准完成改造，优化诊疗流程，到2025年建成社区医院5家。（牵头单位：区卫生健康委；配合单位：区发展改革委、区财政局）
2. 加强人才培养。实施基层卫生人才培训计划，每年培训全科医生和社区护士不少于200人次。（牵头单位：区卫生健康委；配合单位：区人力社保局、区教委）
3. 推进信息共享。建设区域健康信息平台，实现社区与区级医院检查结果互认和预约转诊。（牵头单位：区大数据发展局；配合单位：区卫生健康委、区医保局、区财政局）
4. 改善就医环境。推进社区卫生服务中心适老化改造，完善无障碍设施和候诊环境。（牵头单位：区住房城乡建委；配合单位：区卫生健康委、区民政局）
二、保障措施
加强组织领导，各单位要明确责任分工，确保各项任务落到实处。
"""
# where the printed PDF breaks each task's responsibility note
UNIT_BREAKS = [
    ("（牵头单位：区卫生健康委；配合单位：区发展改革委", "（牵头单位：<br>区卫生健康委；配合单位：区发展改革委"),
    ("（牵头单位：区卫生健康委；配合单位：区人力社保局", "（牵头单位：区卫生健康委；<br>配合单位：区人力社保局"),
    ("（牵头单位：区大数据发展局；配合单位：区卫生健康委、区医保局、区财政局）",
     "（牵头<br>单位：区大数据发展局；配合单位：区卫生健康委、区医保局、<br>区财政局）"),
    ("候诊环境。（牵头单位：", "候诊环境。</p>\n<p>（牵头单位："),
]


def test_units_broken_across_lines_stay_with_their_task(chromium, tmp_path):
    """A PDF that breaks a note after '牵头单位：', between '；' and '配合单位', inside
    '牵头单位' or after a '、', or sets the note as a paragraph of its own (indented, so
    its geometry says 'new paragraph'): every unit stays in its task's paragraph."""
    page_html = printable(UNITS_PLAN)
    for plain, broken in UNIT_BREAKS:
        assert html.escape(plain) in page_html
        page_html = page_html.replace(html.escape(plain), broken)
    pdf = print_pdf(chromium, page_html, tmp_path / "units.pdf", '— <span class="pageNumber"></span> —')
    text_file = tmp_path / "units.txt"
    text_file.write_text(UNITS_PLAN, encoding="utf-8")
    expected, found = record(text_file), record(pdf)
    scores = compare(expected, found)
    assert scores["responsible"] == 1.0, differences(expected, found, "responsible")
    assert scores["tasks"] == 1.0, differences(expected, found, "tasks")
    units = {(t["id"], r["agency"], r["role"]) for t in found["tasks"] for r in t["responsible"]}
    assert ("3", "区财政局", "cooperating") in units and ("4", "区住房城乡建委", "lead") in units
    document = read_file(pdf)
    for line in UNITS_PLAN.splitlines()[4:8]:
        assert line in document.text.splitlines(), line


def test_merged_cells_are_covered(chromium, tmp_path):
    """A cell spanning rows leaves the places under it covered (written as empty cells);
    a table without a repeated header that goes on overleaf is still one table."""
    rows = "".join(f"<tr><td>{n}</td><td>第{n}项工作任务，按计划推进落实</td><td>区卫生健康委</td></tr>"
                   for n in range(3, 60))
    page_html = f"""<html><head><meta charset="utf-8"><style>td {{ border: 1px solid #000;
      padding: 4px; font-size: 14px; }} table {{ border-collapse: collapse; width: 100%; }}
      </style></head><body><p>附件</p><table>
      <tr><td rowspan="2">1</td><td>统筹推进医疗资源布局</td><td>区发展改革委</td></tr>
      <tr><td>推进区域医疗中心建设</td><td>区卫生健康委</td></tr>
      <tr><td colspan="2">二、保障措施</td><td>区财政局</td></tr>{rows}</table></body></html>"""
    path = print_pdf(chromium, page_html, tmp_path / "merged.pdf")
    document = read_file(path)
    tables = [block for block in document.blocks if isinstance(block, Table)]
    assert len(tables) == 1 and len(tables[0].rows) == 60
    first, second, third = tables[0].rows[:3]
    assert [c.text for c in first] == ["1", "统筹推进医疗资源布局", "区发展改革委"]
    assert second[0].covered and [c.text for c in second[1:]] == ["推进区域医疗中心建设", "区卫生健康委"]
    assert third[0].text == "二、保障措施" and third[1].covered and third[2].text == "区财政局"
    assert "\t\n\t推进区域医疗中心建设\n" in document.text
    assert len({row[0].origin.page for row in tables[0].rows if not row[0].covered}) > 1


PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _rc4(key: bytes, data: bytes) -> bytes:
    state, j = list(range(256)), 0
    for i in range(256):
        j = (j + state[i] + key[i % len(key)]) % 256
        state[i], state[j] = state[j], state[i]
    out, i, j = bytearray(), 0, 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + state[i]) % 256
        state[i], state[j] = state[j], state[i]
        out.append(byte ^ state[(state[i] + state[j]) % 256])
    return bytes(out)


def encrypted_pdf(password: bytes) -> bytes:
    """A one-page PDF encrypted with a user password (the PDF standard security handler,
    revision 2: RC4 with a 40-bit key; PDF 1.7 section 7.6.3, algorithms 1 to 4)."""
    file_id = hashlib.md5(b"policykg").digest()
    padded = (password + PAD)[:32]
    owner = _rc4(hashlib.md5(padded).digest()[:5], padded)
    key = hashlib.md5(padded + owner + (-4).to_bytes(4, "little", signed=True)
                      + file_id).digest()[:5]
    content = _rc4(hashlib.md5(key + (4).to_bytes(3, "little") + b"\0\0").digest()[:10],
                   b"BT /F1 24 Tf 72 720 Td (Plan) Tj ET")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -4 >>"
               % (owner.hex().encode(), _rc4(key, PAD).hex().encode())]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += (b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 6 0 R /ID [<%s> <%s>] >>\n"
            b"startxref\n%d\n%%%%EOF\n" % (len(objects) + 1, file_id.hex().encode(),
                                           file_id.hex().encode(), xref))
    return bytes(out)


def test_an_encrypted_pdf_says_so(tmp_path):
    data = encrypted_pdf(b"secret")
    opened = pdfium.PdfDocument(data, password="secret")   # a sound PDF, with its password
    assert opened[0].get_textpage().get_text_range() == "Plan"
    path = tmp_path / "locked.pdf"
    path.write_bytes(data)
    with pytest.raises(UnreadableDocument) as caught:
        read_file(path)
    message = str(caught.value)
    assert "locked.pdf" in message and "encrypted (password-protected)" in message
    assert "unprotected copy" in message and "\n" not in message


@pytest.mark.parametrize("data", [b"%PDF-1.7\n" + bytes(range(256)) * 8,
                                  b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog"],
                         ids=["garbage", "cut-off"])
def test_a_broken_pdf_says_so(tmp_path, data):
    path = tmp_path / "broken.pdf"
    path.write_bytes(data)
    with pytest.raises(UnreadableDocument) as caught:
        read_file(path)
    assert str(caught.value) == (f"{path}: not a readable PDF (Data format error); the file is "
                                 "damaged or cut off: download it again or ask for another copy")


def image_only_pdf(pages: int = 1, text_pdf: bytes | None = None) -> bytes:
    """A PDF whose pages hold only an image (a scan), appended to ``text_pdf`` if given."""
    pdf = pdfium.PdfDocument(text_pdf) if text_pdf else pdfium.PdfDocument.new()
    for _ in range(pages):
        page = pdf.new_page(595, 842)
        bitmap = pdfium.PdfBitmap.new_native(200, 100, pdfium_raw.FPDFBitmap_BGR)
        bitmap.fill_rect((255, 255, 255, 255), 0, 0, 200, 100)
        image = pdfium.PdfImage.new(pdf)
        image.set_bitmap(bitmap)
        image.set_matrix(pdfium.PdfMatrix().scale(400, 200).translate(100, 500))
        page.insert_obj(image)
        page.gen_content()
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def test_a_pdf_without_text_goes_to_the_ocr_reader(tmp_path, monkeypatch):
    calls = []
    scan = types.ModuleType("scan")

    def read(data: bytes, path: str, sha256: str) -> Document:
        calls.append((path, sha256))
        return documents.compose(path, sha256, "scan", [Paragraph("扫描件")])

    scan.read = read  # type: ignore[attr-defined]
    package = sys.modules[pdf_reader.__name__.rsplit(".", 1)[0]]
    monkeypatch.setitem(sys.modules, f"{package.__name__}.scan", scan)
    monkeypatch.setattr(package, "scan", scan, raising=False)
    path = tmp_path / "scan.pdf"
    path.write_bytes(image_only_pdf(2))
    document = read_file(path)
    assert document.format == "scan" and document.text == "扫描件\n"
    assert calls == [(str(path), hashlib.sha256(path.read_bytes()).hexdigest())]


def test_a_scanned_page_in_a_text_pdf_is_noted(tmp_path, printed):
    data = image_only_pdf(1, printed[seed("003").name].read_bytes())
    path = tmp_path / "mixed.pdf"
    path.write_bytes(data)
    document = read_file(path)
    pages = len(pdfium.PdfDocument(data))
    assert [note.code for note in document.notes] == ["pdf-page-without-text"]
    assert f"page {pages} " in document.notes[0].message
    assert compare(record(seed("003")), record(document))["tasks"] == 1.0


def test_a_scan_without_the_ocr_reader_says_what_to_do(tmp_path, monkeypatch):
    package = sys.modules[pdf_reader.__name__.rsplit(".", 1)[0]]
    monkeypatch.setitem(sys.modules, f"{package.__name__}.scan", None)   # not installed
    monkeypatch.delattr(package, "scan", raising=False)
    path = tmp_path / "scan.pdf"
    path.write_bytes(image_only_pdf(1))
    with pytest.raises(UnreadableDocument) as caught:
        read_file(path)
    assert str(caught.value) == (f"{path}: the PDF has no text layer (a scan) and this install "
                                 "has no OCR reader; ask for a PDF with text")
