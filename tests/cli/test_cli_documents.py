"""The document stage at the command line: folders give every file, what no reader takes is
listed with its reason, `policykg text` prints the text the rules read (issue 14)."""

from __future__ import annotations

import shutil
import zipfile

from click.testing import CliRunner

from policykg.cli import cli
from tests.seedlib import BUNDLED

SEED_001, SEED_002 = BUNDLED[1], BUNDLED[2]


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def spreadsheet(path):
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("xl/workbook.xml", "<workbook/>")


def test_text_of_a_text_file_is_the_decoded_file():
    result = run("text", SEED_002)
    assert result.exit_code == 0
    assert result.stdout == SEED_002.read_text(encoding="utf-8")


def test_text_names_the_file_it_cannot_read(tmp_path):
    book = tmp_path / "budget.xlsx"
    spreadsheet(book)
    result = run("text", book)
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {book}: a spreadsheet (.xlsx); plans are read from PDF, "
                             "Word, HTML, OFD, scans or text\n")


def test_build_lists_what_it_skips_and_builds_the_plans(tmp_path):
    folder = tmp_path / "downloads"
    folder.mkdir()
    shutil.copy(SEED_001, folder / SEED_001.name)
    spreadsheet(folder / "budget.xlsx")
    (folder / "notes.md").write_text("# 备忘\n", encoding="utf-8")
    result = run("build", folder, "--store", tmp_path / "store")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        f"Skipped: {folder / 'budget.xlsx'}: a spreadsheet (.xlsx); plans are read from PDF, "
        "Word, HTML, OFD, scans or text",
        f"Skipped: {folder / 'notes.md'}: a text file that is not .txt (.md); not a plan "
        "document (name it on the command line to read it as one)",
    ]
    assert result.stdout.splitlines()[0] == (
        f"1 written, 0 unchanged, 0 pruned, 0 failed, 2 skipped (not plans) -> "
        f"{tmp_path / 'store'}")
    assert result.stdout.splitlines()[1].startswith("graph: 1 plans, 30 tasks")


def test_build_of_a_folder_without_plans_fails_and_prune_removes_nothing(tmp_path):
    store = tmp_path / "store"
    assert run("build", SEED_001, "--store", store).exit_code == 0
    folder = tmp_path / "other"
    folder.mkdir()
    spreadsheet(folder / "budget.xlsx")
    result = run("build", folder, "--prune", "--store", store)
    assert result.exit_code == 1
    assert "--prune would remove every plan from the store; nothing was removed" in result.stderr
    query = run("query", "agency-load", "--store", store, "--format", "json")
    assert query.exit_code == 0
    assert "市卫生健康委" in query.stdout   # 广元市's plan is still in the store


def test_export_of_a_folder_without_plans_fails(tmp_path):
    spreadsheet(tmp_path / "budget.xlsx")
    result = run("export", tmp_path)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"Error: no plan documents in {tmp_path} (1 skipped: not plans)")
