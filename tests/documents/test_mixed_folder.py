"""A folder as analysts have it (issue 14): plans as text, PDF, Word and a portal page beside a
spreadsheet, an archive, a broken PDF, an encrypted PDF and an empty Word file. Every readable
plan is extracted; every other file is named with its reason; the exit status is 1 only
because supported files failed."""

from __future__ import annotations

import io
import json
import shutil
import zipfile

import docx
import pytest
from click.testing import CliRunner

from policykg.cli import cli
from tests.documents.fixtures import docx_bytes, portal_page, seed_paths
from tests.documents.test_pdf import encrypted_pdf, print_pdf, printable


@pytest.fixture(scope="module")
def folder(chromium, tmp_path_factory):
    seeds = seed_paths()
    texts = {seed.name[:3]: seed.read_text(encoding="utf-8") for seed in seeds}
    folder = tmp_path_factory.mktemp("downloads")
    shutil.copy(seeds[0], folder / "a-plan.txt")                     # 000 as text
    print_pdf(chromium, printable(texts["001"]), folder / "b-plan.pdf",
              '— <span class="pageNumber"></span> —')
    (folder / "c-plan.docx").write_bytes(docx_bytes(texts["002"], numbered=True))
    (folder / "d-plan.html").write_text(portal_page(texts["003"], title="方案"),
                                        encoding="utf-8")
    with zipfile.ZipFile(folder / "e-budget.xlsx", "w") as book:
        book.writestr("xl/workbook.xml", "<workbook/>")
    with zipfile.ZipFile(folder / "f-attachments.zip", "w") as archive:
        archive.writestr("plan.txt", texts["004"])
    (folder / "g-broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog")
    (folder / "h-locked.pdf").write_bytes(encrypted_pdf(b"secret"))
    empty = io.BytesIO()
    docx.Document().save(empty)
    (folder / "i-empty.docx").write_bytes(empty.getvalue())
    return folder


def test_a_mixed_folder_extracts_every_plan_and_names_every_other_file(folder):
    result = CliRunner().invoke(cli, ["extract", str(folder), "--format", "jsonl"],
                                catch_exceptions=False)
    records = [json.loads(line) for line in result.stdout.splitlines()]
    by_file = {record["source"]["path"].rsplit("/", 1)[1]: record for record in records}
    assert sorted(by_file) == ["a-plan.txt", "b-plan.pdf", "c-plan.docx", "d-plan.html"]
    assert [by_file[name]["source"].get("format", "text") for name in sorted(by_file)] == [
        "text", "pdf", "docx", "html"]
    # each is the plan it holds: 渝北区 (text), 广元市 (PDF), 北辰区 (Word), 沙坪坝区 (page)
    assert by_file["a-plan.txt"]["plan"]["doc_number"] == "渝北府办发〔2022〕40号"
    assert by_file["b-plan.pdf"]["plan"]["title"] == "广元市推动公立医院高质量发展实施方案"
    assert by_file["c-plan.docx"]["plan"]["jurisdiction"] == "天津市北辰区"
    assert by_file["d-plan.html"]["plan"]["jurisdiction"] == "重庆市沙坪坝区"
    assert all(len(record["tasks"]) > 10 for record in records)
    lines = result.stderr.splitlines()
    assert f"Skipped: {folder / 'e-budget.xlsx'}: a spreadsheet (.xlsx); plans are read " \
           "from PDF, Word, HTML, OFD, scans or text" in lines
    assert f"Skipped: {folder / 'f-attachments.zip'}: a zip archive; unpack it first and " \
           "give the folder" in lines
    failed = [line for line in lines if line.startswith("Error: ")]
    assert [line.split(": ", 2)[1].rsplit("/", 1)[1] for line in failed] == [
        "g-broken.pdf", "h-locked.pdf", "i-empty.docx"]
    assert "encrypted" in failed[1] and "has no text" in failed[2]
    assert result.exit_code == 1      # supported files failed; the skipped ones do not count


def test_the_same_folder_without_its_failures_exits_0(folder, tmp_path):
    for path in folder.iterdir():
        if not path.name.startswith(("g-", "h-", "i-")):
            shutil.copy(path, tmp_path / path.name)
    result = CliRunner().invoke(cli, ["extract", str(tmp_path)], catch_exceptions=False)
    assert result.exit_code == 0
    assert "skipped 2 files no reader takes:" in result.stdout


def test_an_html_file_is_never_read_as_plain_text(folder, tmp_path):
    page = tmp_path / "plan.txt"            # a page saved with the wrong suffix
    shutil.copy(folder / "d-plan.html", page)
    result = CliRunner().invoke(cli, ["extract", str(page), "--format", "json"],
                                catch_exceptions=False)
    record = json.loads(result.stdout)
    assert record["source"]["format"] == "html"
    assert "<" not in "".join(task["title"] for task in record["tasks"])
    assert record["plan"]["doc_number"] != record["citations"][0]["doc_number"]
