"""The OCR reader (loaders/documents/scan.py) on a bundled plan as a scanner gives it: seed 003
(prose tasks with 责任单位 notes, three document numbers) printed to A4 by headless Chromium
with a '— N —' page number at each foot, every page rendered at 150 dpi in grey and saved as
an image-only PDF (one JPEG a page, no text layer); page 1 also as a PNG, and the last two
pages as a bilevel (fax, CCITT G4) TIFF. OCR is slow (seconds a page), so one plan is scanned
once for the session. The scan's record is held against the record of the plan's .txt.

The grouping, punctuation and note rules are also tested without OCR, on a fake engine that
returns chosen lines and scores (failure injection: a line read with low confidence), and a
missing [ocr] extra is simulated by making its import fail.
"""

from __future__ import annotations

import difflib
import importlib.util
import io
import os
import re
import socket
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pypdfium2 as pdfium
import pytest
from PIL import Image

from policykg.loaders.documents import (
    Document,
    read_bytes,
    read_file,
    scan,
    scan_images,
    scan_paragraphs,
)
from policykg.loaders.errors import UnreadableDocument
from policykg.loaders.plan import build_record
from tests.documents.fixtures import compare, differences, portal_page, seed_paths

SCAN_DPI = 150
MARGIN = {"top": "25mm", "bottom": "25mm", "left": "28mm", "right": "26mm"}
FOOTER = ('<div style="font-size:12px;width:100%;text-align:center;font-family:serif">'
          '— <span class="pageNumber"></span> —</div>')
SEED = "003"
PAGE_ONE_SENTENCE = "《沙坪坝区进一步完善医疗卫生服务体系实施方案》已经区政府同意，现印发给你们，请认真贯彻执行。"


def needs_ocr() -> None:
    """The real-OCR tests need the [ocr] extra: in CI its absence fails them, elsewhere they
    skip saying what to install (the fake-engine tests run either way)."""
    if importlib.util.find_spec("rapidocr") and importlib.util.find_spec("onnxruntime"):
        return
    message = "the OCR extra is not installed: pip install -e '.[ocr]'"
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def seed(name_start: str) -> Path:
    return next(path for path in seed_paths() if path.name.startswith(name_start))


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


# ------------------------------------------------------------------------- the scan fixtures

def print_pdf(browser, page_html: str) -> bytes:
    """The page printed to A4 by Chromium with a '— N —' page number at each foot, as
    government documents print."""
    context = browser.new_context(offline=True)
    try:
        page = context.new_page()
        page.set_content(page_html)
        return page.pdf(format="A4", margin=MARGIN, display_header_footer=True,
                        header_template="<span></span>", footer_template=FOOTER)
    finally:
        context.close()


def scanned_pages(pdf: bytes, dpi: int = SCAN_DPI) -> list[Image.Image]:
    """Each page as a scanner sees it: a grey image at ``dpi``."""
    document = pdfium.PdfDocument(pdf)
    try:
        return [document[index].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
                for index in range(len(document))]
    finally:
        document.close()


def image_pdf(images: list[Image.Image], dpi: int = SCAN_DPI) -> bytes:
    """An image-only PDF (one JPEG a page, no text layer), as a scanner saves one."""
    out = io.BytesIO()
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return out.getvalue()


def two_image_pdf(image: Image.Image) -> bytes:
    """A one-page PDF whose page is two images (top and bottom half): not one scan image,
    so the reader renders the page."""
    width, height = image.size
    page_width, page_height = 595.0, 842.0
    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(page_width, page_height)
    for top, bottom in ((0, height // 2), (height // 2, height)):
        jpeg = io.BytesIO()
        image.crop((0, top, width, bottom)).save(jpeg, "JPEG")
        jpeg.seek(0)
        obj = pdfium.PdfImage.new(pdf)
        obj.load_jpeg(jpeg)
        obj.set_matrix(pdfium.PdfMatrix().scale(page_width, page_height * (bottom - top) / height)
                       .translate(0, page_height * (1 - bottom / height)))
        page.insert_obj(obj)
    page.gen_content()
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


@pytest.fixture(scope="session")
def scans(chromium, tmp_path_factory) -> dict[str, Path]:
    """Seed 003 printed and scanned: 'print' (the printed PDF, with its text layer: where each
    sentence really is), 'pdf' (the scan), 'png' (page 1), 'tiff' (the last two pages, 1 bit,
    G4), 'two-image' (page 1 as a page of two images)."""
    folder = tmp_path_factory.mktemp("scans")
    text = seed(SEED).read_text(encoding="utf-8")
    printed = print_pdf(chromium, portal_page(text, title="", furniture=False))
    pages = scanned_pages(printed)
    paths = {name: folder / f"{SEED}.{name}" for name in ("print.pdf", "pdf", "png", "tiff")}
    paths["print.pdf"].write_bytes(printed)
    paths["pdf"].write_bytes(image_pdf(pages))
    pages[0].save(paths["png"], dpi=(SCAN_DPI, SCAN_DPI))
    bilevel = [page.convert("1") for page in pages[-2:]]
    bilevel[0].save(paths["tiff"], compression="group4", save_all=True,
                    append_images=bilevel[1:], dpi=(SCAN_DPI, SCAN_DPI))
    paths["two-image.pdf"] = folder / f"{SEED}.two-image.pdf"
    paths["two-image.pdf"].write_bytes(two_image_pdf(pages[0]))
    return {"print": paths["print.pdf"], "pdf": paths["pdf"], "png": paths["png"],
            "tiff": paths["tiff"], "two-image": paths["two-image.pdf"]}


def read_offline(path: Path) -> tuple[Document, float]:
    """Read a scan with the network cut (any connection attempt fails the read): the models
    ship in the wheel and nothing is downloaded. The engine is built afresh under the guard
    (its models load on the first page)."""
    def refuse(*args, **kwargs):
        raise AssertionError(f"OCR tried to open a network connection: {args}")

    scan._load_engine.cache_clear()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", refuse)
        patch.setattr(socket, "create_connection", refuse)
        started = time.perf_counter()
        document = read_file(path)
        return document, time.perf_counter() - started


@pytest.fixture(scope="session")
def scanned(scans) -> tuple[Document, float]:
    """The scan PDF read (through the PDF reader, which hands a PDF without text to OCR)."""
    needs_ocr()
    return read_offline(scans["pdf"])


# ----------------------------------------------------------------------- real OCR on a scan

def test_scanned_plan_gives_the_record_of_its_text(scanned):
    document, seconds = scanned
    pages = max(piece.origin.page for piece in document.pieces)
    reference = seed(SEED).read_text(encoding="utf-8")
    accuracy = difflib.SequenceMatcher(None, squeeze(reference), squeeze(document.text),
                                       autojunk=False).ratio()
    expected = build_record(read_file(seed(SEED))).to_dict()
    found = build_record(document).to_dict()
    scores = compare(expected, found)
    print(f"\n{SEED} scan: {pages} pages, {seconds:.1f} s ({seconds / pages:.1f} s a page), "
          f"accuracy {accuracy:.4f}, F1 {scores}")
    assert document.format == "scan"
    assert pages == 7
    assert accuracy >= 0.99
    for kind in ("tasks", "responsible"):
        assert scores[kind] >= 0.9, (kind, differences(expected, found, kind))
    assert len(found["tasks"]) == len(expected["tasks"])


def test_document_numbers_read_right(scanned):
    """OCR reads 〔2023〕 as 〔2023] or （2023）: repaired, the plan's own number and both
    cited ones come out as printed."""
    document, _ = scanned
    record = build_record(document).to_dict()
    assert record["plan"]["doc_number"] == "沙府办发〔2025〕13号"
    assert "（中办发〔2023〕10号）" in document.text
    assert "（渝府办发〔2023〕76号）" in document.text
    expected = build_record(read_file(seed(SEED))).to_dict()
    assert {c["doc_number"] for c in record["citations"]} == {
        c["doc_number"] for c in expected["citations"]} >= {"中办发〔2023〕10号", "渝府办发〔2023〕76号"}


def test_page_numbers_are_dropped_and_paragraphs_joined(scanned):
    document, _ = scanned
    assert not re.search(r"^\W*\d{1,2}\W*$", document.text, re.MULTILINE), "a page number"
    assert "—" not in document.text
    reference = [squeeze(line) for line in seed(SEED).read_text(encoding="utf-8").split("\n")
                 if line.strip()]
    found = [squeeze(line) for line in document.text.split("\n") if line.strip()]
    # one paragraph a line, as in the .txt (wrapped lines joined, none split)
    assert len(found) == len(reference), difflib.unified_diff(reference, found, lineterm="")
    assert not re.search(r"[():;,]", document.text), "ASCII punctuation left (the .txt has none)"


def _printed_at(printed: Path, sentence: str) -> tuple[int, float]:
    """The page (1-based) a sentence is printed on and the top of its first character in
    points from the page's top, from the printed PDF's text layer."""
    document = pdfium.PdfDocument(printed)
    try:
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            at = text.find(sentence)
            if at >= 0:
                _, _, _, top = textpage.get_charbox(at, loose=True)
                return index + 1, page.get_height() - top
    finally:
        document.close()
    raise AssertionError(f"{sentence!r} not printed")


@pytest.mark.parametrize("sentence", ["二、重点任务", "三、组织实施", "（三）加强宣传引导。"])
def test_text_points_back_at_its_page_and_place(scanned, scans, sentence):
    """Every OCR line is a piece of the text with its page, its box (points from the top-left
    of the page) and its confidence; the place is where the sentence is printed."""
    document, _ = scanned
    page, top = _printed_at(scans["print"], sentence)
    origin = document.locate(document.text.index(sentence))
    assert origin is not None and origin.page == page
    assert origin.box is not None and abs(origin.box[1] - top) < 8, (origin.box, top)
    assert 0.9 <= origin.confidence <= 1.0
    block = next(b for b in document.blocks if b.text.startswith(sentence))
    assert block.origin.page == page and block.origin.confidence <= origin.confidence


def test_a_png_page(scans):
    needs_ocr()
    document, seconds = read_offline(scans["png"])
    print(f"\nPNG page: {seconds:.1f} s")
    assert document.format == "scan"
    assert PAGE_ONE_SENTENCE in document.text
    assert "沙府办发〔2025〕13号" in document.text.split("\n")[0]
    assert {piece.origin.page for piece in document.pieces} == {1}
    # boxes in points at the PNG's 150 dpi: on an A4 page
    assert all(0 <= p.origin.box[0] < p.origin.box[2] <= 596 and p.origin.box[3] <= 843
               for p in document.pieces)


def test_a_bilevel_multipage_tiff(scans):
    """A fax-style TIFF (1 bit, G4), two frames: two pages, read in order."""
    needs_ocr()
    document, seconds = read_offline(scans["tiff"])
    print(f"\nTIFF, 2 pages: {seconds:.1f} s")
    assert {piece.origin.page for piece in document.pieces} == {1, 2}
    assert "做好政策解读和有关培训" in document.text
    last = document.locate(document.text.index("（三）加强宣传引导"))
    assert last is not None and last.page in (1, 2)


def test_the_engine_is_built_once(scans):
    needs_ocr()
    assert scan.engine("a.png") is scan.engine("b.png")


# ------------------------------------------------------------- which image a PDF page gives

def test_a_page_of_one_image_is_read_as_scanned_and_others_are_rendered(scans):
    """No OCR here: the page images the reader would hand to the engine."""
    count, pages = scan._pdf_pages(scans["pdf"].read_bytes(), "scan.pdf")
    first = next(pages)
    assert count == 7
    with Image.open(scans["png"]) as scanned_page:   # the scan's own pixels, not a render
        assert first.image.size == scanned_page.size
    printed = pdfium.PdfDocument(scans["print"])
    assert first.to_points((0, 0, *first.image.size)) == pytest.approx(
        (0, 0, *printed[0].get_size()), abs=0.5)
    printed.close()
    pages.close()
    count, pages = scan._pdf_pages(scans["two-image"].read_bytes(), "two.pdf")
    rendered = next(pages)
    assert count == 1
    assert rendered.image.size == pytest.approx((595 * 200 / 72, 842 * 200 / 72), abs=2)


# ------------------------------------------------------- the rules on a fake engine (no OCR)

EM = 20    # the fake page: characters 20 px wide, text column 100..500 px
FAKE_PAGES = [
    [  # (text, x0, y0, x1, score) a line
        ("北辰政办发(2022]14号", 220, 40, 400, 0.95),
        ("一、总体要求", 100, 80, 220, 0.99),
        ("为深入贯彻落实有关要求(责任单位:区卫生健", 140, 110, 500, 0.98),
        ("康委)。", 100, 140, 180, 0.97),
        ("按照《意见》(中办发〔2023)10号),到2027年", 140, 170, 500, 0.62),
        ("建成体系;完善机制。", 100, 200, 300, 0.99),
        ("一2一", 290, 560, 330, 0.70),
    ],
    [
        ("(一)加强领导。", 100, 40, 260, 0.99),
        ("各单位要", 140, 70, 220, 0.99),
        ("2022年", 300, 70, 360, 0.99),   # the same baseline, read as a separate box
        ("第2页", 280, 560, 320, 0.66),
    ],
]


class FakeEngine:
    """A stand-in for RapidOCR that returns chosen lines and scores, page after page
    (failure injection: a line read with confidence 0.62)."""

    def __init__(self, pages: list[list[tuple]]):
        self.pages = iter(pages)

    def __call__(self, image):
        lines = next(self.pages)
        return SimpleNamespace(
            boxes=[[[x0, y0], [x1, y0], [x1, y0 + EM], [x0, y0 + EM]]
                   for _, x0, y0, x1, _ in lines],
            txts=tuple(text for text, *_ in lines),
            scores=tuple(score for *_, score in lines))


def fake_tiff(pages: int) -> bytes:
    out = io.BytesIO()
    frames = [Image.new("L", (600, 600), "white") for _ in range(pages)]
    frames[0].save(out, "TIFF", save_all=True, append_images=frames[1:])
    return out.getvalue()


@pytest.fixture
def fake_engine(monkeypatch):
    engine = FakeEngine(FAKE_PAGES)
    monkeypatch.setattr(scan, "_load_engine", lambda: engine)
    return engine


def test_lines_become_paragraphs_with_punctuation_restored(fake_engine):
    document = read_bytes(fake_tiff(2), "fake.tiff")
    assert document.text.split("\n")[:-1] == [
        "北辰政办发〔2022〕14号",
        "一、总体要求",
        "为深入贯彻落实有关要求（责任单位：区卫生健康委）。",
        "按照《意见》（中办发〔2023〕10号），到2027年建成体系；完善机制。",
        "（一）加强领导。",
        "各单位要2022年",
    ]
    assert [p.origin.page for p in document.pieces] == [1, 1, 1, 1, 1, 1, 2, 2]
    merged = document.pieces[-1]
    assert document.text[merged.start:merged.end] == "各单位要2022年"
    paragraph = next(b for b in document.blocks if b.text.startswith("按照"))
    assert paragraph.origin.confidence == 0.62 and paragraph.origin.box == (100, 170, 500, 220)


def test_a_low_confidence_line_becomes_a_record_warning(fake_engine):
    document = read_bytes(fake_tiff(2), "fake.tiff")
    assert [n.code for n in document.notes] == ["ocr-low-confidence"]   # page numbers dropped
    note = document.notes[0]
    line = "按照《意见》（中办发〔2023〕10号），到2027年"
    assert document.text[note.start:note.end] == line
    assert note.message == f"page 1: OCR confidence 0.62 for 「{line}」; check it against the scan"
    warnings = [w for w in build_record(document).to_dict()["warnings"]
                if w["code"] == "ocr-low-confidence"]
    assert len(warnings) == 1 and warnings[0]["span"] == {"start": note.start, "end": note.end}


def test_the_threshold_decides_which_lines_are_noted():
    lines = [[scan.Line(1, text, (100, y, 500, y + EM), score, (100, y, 500, y + EM))
              for text, y, score in (("一、目标", 40, 0.93), ("二、任务", 70, 0.97))]]
    assert [n.message[:30] for n in scan.document("a.png", "0" * 64, lines, 0.95).notes] == [
        "page 1: OCR confidence 0.93 fo"]
    assert scan.document("a.png", "0" * 64, lines).notes == ()


def test_nothing_on_stdout_and_a_progress_bar_only_on_a_terminal(fake_engine, capsys,
                                                                 monkeypatch):
    read_bytes(fake_tiff(2), "fake.tiff")
    out, err = capsys.readouterr()
    assert out == "" and err == ""

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    fake_engine.pages = iter(FAKE_PAGES)
    with monkeypatch.context() as patch:   # undone before capsys puts stderr back
        patch.setattr(sys, "stderr", terminal)
        read_bytes(fake_tiff(2), "fake.tiff")
    assert "OCR fake.tiff" in terminal.getvalue() and "2/2" in terminal.getvalue()
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("line", ["— 2 —", "一2一", "- 12 -", "第2页", "第 3 页 共 9 页", "2/9",
                                  "-1-"])
def test_page_number_lines(line):
    assert scan_paragraphs.is_page_number(line)


@pytest.mark.parametrize("line", ["一、总体要求", "2025年", "到2027年，建成", "（2）加强"])
def test_text_lines_are_not_page_numbers(line):
    assert not scan_paragraphs.is_page_number(line)


@pytest.mark.parametrize(("read", "meant"), [
    ("(此件公开发布)", "（此件公开发布）"),
    ("评价等。（责任单位:区卫生健康委)", "评价等。（责任单位：区卫生健康委）"),
    ("（五)协同联动", "（五）协同联动"),
    ("渝府办发（2023）76号", "渝府办发〔2023〕76号"),
    ("中办发〔2023]10号", "中办发〔2023〕10号"),
    ("沙府办发[2025]13号", "沙府办发〔2025〕13号"),
    ("8:30至17:30", "8:30至17:30"),              # a time keeps its colon
    ("按疾病诊断相关分组(DRG)付费", "按疾病诊断相关分组（DRG）付费"),
    ("比例1.5:1", "比例1.5:1"),
])
def test_punctuation_restored(read, meant):
    assert scan_paragraphs.restore_punctuation(read) == meant
    assert len(scan_paragraphs.restore_punctuation(read)) == len(read)


# ----------------------------------------------------------------------- failure injection

def test_a_missing_ocr_extra_is_a_one_line_error(monkeypatch):
    """Failure injection: rapidocr cannot be imported (the [ocr] extra not installed)."""
    scan._load_engine.cache_clear()
    monkeypatch.setitem(sys.modules, "rapidocr", None)   # import rapidocr -> ImportError
    png = io.BytesIO()
    Image.new("L", (50, 50), "white").save(png, "PNG")
    with pytest.raises(UnreadableDocument) as caught:
        read_bytes(png.getvalue(), "scans/page.png")
    assert str(caught.value) == ("scans/page.png: a scanned document needs OCR: install the "
                                 "extra with pip install 'policykg[ocr]'")
    scan._load_engine.cache_clear()


def test_a_blank_scan_and_a_damaged_image_are_one_line_errors(monkeypatch):
    monkeypatch.setattr(scan, "_load_engine", lambda: FakeEngine([[]]))
    with pytest.raises(UnreadableDocument, match="OCR found no text on its 1 page"):
        read_bytes(fake_tiff(1), "blank.tiff")
    with pytest.raises(UnreadableDocument, match="a damaged or unreadable image"):
        read_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "cut.png")


def test_a_16_bit_grey_scan_is_stretched_not_blanked():
    """Pillow's own 16 -> 8 bit conversion clips every value over 255 to white."""
    ramp = Image.new("I;16", (256, 1))
    ramp.putdata([value * 256 for value in range(256)])
    flat = scan_images._flatten(ramp)
    assert flat.mode == "L" and flat.getextrema() == (0, 255)
