"""`extract --shard I/N` and `build --from-records`: extraction as N separate runs, then one
build from their lines, giving the store a build from the files gives (issue 19 item 2).

Stores are compared by their canonical dump (tests/storedump.py), on the embedded store and
on the real Neo4j; the seeds run as text files and one as a printed PDF (pages in evidence).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from policykg.builder import build
from policykg.cli import cli
from policykg.graph.stores.embedded_store import EmbeddedStore
from policykg.graph.stores.neo4j_store import Neo4jStore
from tests.storedump import dump_store, embedded_dump

ROOT = Path(__file__).resolve().parents[2]
PLANS = ROOT / "samples" / "plans"
SEEDS = sorted(PLANS.glob("*.txt"))


def run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [str(arg) for arg in args])
    return result.exit_code, result.stdout, result.stderr


def extract_lines(*args: str | Path) -> list[str]:
    code, out, err = run("extract", *args)
    assert code == 0, err
    return out.splitlines()


def shards(folder: Path, count: int, output_format: str = "jsonl") -> list[list[str]]:
    return [extract_lines(folder, "--format", output_format, "--shard", f"{i}/{count}")
            for i in range(1, count + 1)]


@pytest.mark.parametrize("count", [1, 2, 3, 5])
def test_the_union_of_the_shards_is_the_unsharded_extract(count):
    whole = extract_lines(PLANS, "--format", "jsonl")
    assert len(whole) == len(SEEDS)
    parts = shards(PLANS, count)
    assert sorted(line for part in parts for line in part) == sorted(whole)
    paths = [[json.loads(line)["source"]["path"] for line in part] for part in parts]
    assert sum(len(part) for part in paths) == len(set().union(*map(set, paths)))  # disjoint


def test_build_lines_shard_the_same_way():
    whole = extract_lines(PLANS, "--format", "build-jsonl")
    assert sorted(line for part in shards(PLANS, 3, "build-jsonl") for line in part) == \
        sorted(whole)
    line = json.loads(whole[0])
    assert set(line) == {"record", "graph", "text"}
    # the record inside is extract's own jsonl record, and the text the one spans index
    assert json.dumps(line["record"], ensure_ascii=False) == \
        extract_lines(SEEDS[0], "--format", "jsonl")[0]
    title = line["record"]["plan"]["title_span"]
    assert "".join(line["text"][title["start"]:title["end"]].split()) == \
        line["record"]["plan"]["title"]


def shard_names(folder: Path, count: int, *files: Path) -> list[set[str]]:
    """The file names in each shard, extracting ``files`` (or the folder)."""
    return [{Path(json.loads(line)["source"]["path"]).name
             for line in extract_lines(*(files or (folder,)), "--format", "jsonl",
                                       "--shard", f"{i}/{count}")}
            for i in range(1, count + 1)]


def test_the_split_depends_neither_on_the_order_nor_on_where_the_folder_is(plans, tmp_path):
    here = shard_names(PLANS, 3)
    assert shard_names(plans, 3) == here                      # a copy elsewhere
    assert shard_names(plans, 3, *sorted(plans.iterdir(), reverse=True)) == here  # files
    nested = tmp_path / "deeper" / "plans"
    shutil.copytree(plans, nested)
    assert shard_names(nested, 3) == here


@pytest.mark.parametrize(("spec", "says"), [
    ("3/2", "'3/2': I must be from 1 to N"), ("0/2", "'0/2': I must be from 1 to N"),
    ("1/0", "'1/0': N must be 1 or more"), ("2", "'2' is not I/N"),
    ("a/b", "'a/b' is not I/N"), ("-1/2", "'-1/2' is not I/N")])
def test_a_bad_shard_is_a_one_line_error(spec, says):
    code, out, err = run("extract", PLANS, "--shard", spec)
    assert code == 2 and out == ""
    errors = [line for line in err.splitlines() if line.startswith("Error")]
    assert len(errors) == 1 and says in errors[0], err


def test_the_help_says_how_files_are_split():
    code, out, _ = run("extract", "--help")
    assert code == 0
    help_text = " ".join(out.split())
    assert "--shard I/N" in help_text and "hashes (sha256)" in help_text


def write_shards(folder: Path, target: Path, count: int) -> list[Path]:
    files = []
    for i in range(1, count + 1):
        code, _, err = run("extract", folder, "--format", "build-jsonl",
                           "--shard", f"{i}/{count}", "-o", target / f"shard-{i}.jsonl")
        assert code == 0, err
        files.append(target / f"shard-{i}.jsonl")
    return files


def test_a_build_from_shard_lines_equals_a_build_from_the_files(plans, tmp_path):
    code, _, err = run("build", plans, "--store", tmp_path / "files")
    assert code == 0, err
    lines = write_shards(plans, tmp_path, 3)
    code, out, err = run("build", "--from-records", *lines, "--store", tmp_path / "records")
    assert code == 0, err
    assert f"{len(SEEDS)} written, 0 unchanged" in out
    assert embedded_dump(tmp_path / "records") == embedded_dump(tmp_path / "files")
    # the lines stand for the files: the store built from the files holds them all already
    code, out, err = run("build", "--from-records", tmp_path, "--store", tmp_path / "files")
    assert code == 0, err
    assert f"0 written, {len(SEEDS)} unchanged" in out
    # show finds a task of the store built from lines, with its title
    record = json.loads(lines_of(lines)[0])["record"]
    plan, task = record["plan"]["doc_number"] or record["plan"]["title"], record["tasks"][0]
    code, out, err = run("show", "--store", tmp_path / "records", plan, task["id"])
    assert code == 0, err
    assert task["title"] in out


def lines_of(files: list[Path]) -> list[str]:
    return [line for file in files for line in file.read_text(encoding="utf-8").splitlines()]


def test_the_same_bytes_at_two_paths_from_lines_too(plans, tmp_path):
    shutil.copy(plans / SEEDS[0].name, plans / "copy.txt")
    run("build", plans, "--store", tmp_path / "files")
    lines = write_shards(plans, tmp_path, 2)
    code, _, err = run("build", "--from-records", *lines, "--store", tmp_path / "records")
    assert code == 0, err
    assert "the same bytes; one document, listed at every path" in err
    assert embedded_dump(tmp_path / "records") == embedded_dump(tmp_path / "files")


def test_a_broken_line_names_its_file_and_line_and_the_others_load(tmp_path):
    good = extract_lines(PLANS, "--format", "build-jsonl")
    schema_only = extract_lines(SEEDS[0], "--format", "jsonl")[0]
    records = tmp_path / "records.jsonl"
    records.write_text("\n".join([good[0], good[1][:500], good[2], schema_only, "",
                                  *good[3:]]) + "\n", encoding="utf-8")
    code, out, err = run("build", "--from-records", records, "--store", tmp_path / "store")
    assert code == 1
    name = str(records)
    assert f"Error: {name}: line 2: not JSON" in err
    assert f"Error: {name}: line 4: a record alone (extract --format jsonl)" in err
    broken = {json.loads(good[1])["record"]["source"]["path"]}
    assert f"{len(SEEDS) - 1} written" in out and "2 failed" in out
    store = EmbeddedStore(tmp_path / "store", read_only=True)
    try:
        held = {row["path"] for row in store.read(
            "MATCH (s:Source) WHERE s.registry IS NULL RETURN s.path AS path")}
    finally:
        store.close()
    assert held == {json.loads(line)["record"]["source"]["path"] for line in good} - broken


def test_a_file_extract_failed_fails_the_build_and_prune_keeps_its_plan(plans, tmp_path):
    run("build", plans, "--store", tmp_path / "store")
    victim = plans / SEEDS[1].name
    victim.write_bytes(b"")   # the file is empty: extract fails it, with its name
    lines = tmp_path / "lines.jsonl"
    code, _, err = run("extract", plans, "--format", "build-jsonl", "-o", lines)
    assert code == 1 and "the file is empty" in err
    failed = [json.loads(line) for line in lines_of([lines]) if "failed" in line[:12]]
    assert [line["failed"] for line in failed] == [str(victim)]
    code, out, err = run("build", "--from-records", lines, "--prune",
                         "--store", tmp_path / "store")
    assert code == 1 and "the file is empty" in err
    assert "0 pruned, 1 failed" in out   # its plan stays, as a build from the files keeps it


@pytest.fixture
def printed_plan(chromium, tmp_path) -> Path:
    """Seed 000 printed to a PDF with page numbers: evidence has pages to keep."""
    from tests.documents.test_pdf import print_pdf, printable

    folder = tmp_path / "pdf"
    folder.mkdir()
    return print_pdf(chromium, printable(SEEDS[0].read_text(encoding="utf-8")),
                     folder / "000.pdf", '— <span class="pageNumber"></span> —')


def test_a_pdf_keeps_its_pages_through_the_lines(printed_plan, tmp_path):
    folder = printed_plan.parent
    code, _, err = run("build", folder, "--store", tmp_path / "files")
    assert code == 0, err
    lines = write_shards(folder, tmp_path, 1)
    line = json.loads(lines_of(lines)[0])
    assert line["graph"]["pages"] and line["record"]["source"]["format"] == "pdf"
    code, _, err = run("build", "--from-records", *lines, "--store", tmp_path / "records")
    assert code == 0, err
    dump = embedded_dump(tmp_path / "records")
    assert dump == embedded_dump(tmp_path / "files")
    pages = {json.loads(row)["props"].get("page") for row in dump if '"Task"' in row}
    assert len(pages - {None}) > 3   # tasks on several pages, as the file gives


def test_neo4j_from_lines_equals_neo4j_from_files(neo4j_settings, plans, tmp_path):
    settings = {k: v for k, v in neo4j_settings.items() if k != "env"}
    lines = write_shards(plans, tmp_path, 2)
    dumps = []
    for files, from_records in ((sorted(plans.iterdir()), False), (lines, True)):
        store = Neo4jStore(**settings)
        try:
            store.driver.execute_query("MATCH (n) DETACH DELETE n")
            report = build(store, files, from_records=from_records)
            assert report.failed == [] and len(report.written) == len(SEEDS)
            dumps.append(dump_store(store))
        finally:
            store.close()
    assert dumps[0] == dumps[1]
    embedded = EmbeddedStore(tmp_path / "embedded")
    try:
        build(embedded, lines, from_records=True)
        assert dump_store(embedded) == dumps[1]   # and the same as the embedded store
    finally:
        embedded.close()
