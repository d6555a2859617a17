"""The bulk path's import files written in chunks (policykg/bulk.py extract_to_import: each
worker writes its plans' own nodes and relationships, the shared part is merged in the main
process) hold the same graph as the files of the whole graph worked out in one state
(neo4j_import.py graph_state + write_import, which tests/stores/test_bulk_import.py compares
with the online writer in a real Neo4j). Read back from the CSV, without a server."""

from __future__ import annotations

import csv
import gzip
import io
import json
import zlib
from pathlib import Path

import pytest

import policykg.bulk as bulk
from policykg.bulk import extract_documents, extract_to_import
from policykg.graph.sinks.neo4j_import import (
    ChunkFiles,
    graph_state,
    write_import,
)
from policykg.graph.sinks.neo4j_replay import GraphState
from policykg.inputs import resolve_inputs
from tests.seedlib import BUNDLED


def read_import(folder: Path) -> tuple[dict, dict, list]:
    """{key: (labels, props)}, {(start, type, end, key): props} and the after-import rows of
    an import folder, following import.args as the import tool does."""
    nodes: dict[str, tuple[str, dict]] = {}
    relationships: dict[tuple[str, str, str, str], dict] = {}
    for line in (folder / "import.args").read_text(encoding="utf-8").splitlines():
        kind, _, files = line.partition("=")
        if kind not in ("--nodes", "--relationships"):
            continue
        header_file, *data_files = files.split(",")
        header = (folder / header_file).read_text(encoding="utf-8").rstrip("\n").split(",")
        raw = b"".join(gzip.decompress((folder / name).read_bytes()) if name.endswith(".gz")
                       else (folder / name).read_bytes() for name in data_files)
        with io.StringIO(raw.decode("utf-8"), newline="") as data:
            for fields in csv.reader(data):
                row = {name: value for name, value in zip(header, fields, strict=True)
                       if value != ""}
                props = {name: value for name, value in row.items()
                         if not name.startswith(":") and name != "key:ID"}
                if kind == "--nodes":
                    assert row["key:ID"] not in nodes, f"{row['key:ID']} in two files"
                    nodes[row["key:ID"]] = (row[":LABEL"], props)
                else:
                    key = props.pop("key:string")
                    identity = (row[":START_ID"], row[":TYPE"], row[":END_ID"], key)
                    assert identity not in relationships
                    relationships[identity] = props
    after = json.loads((folder / "after-import.json").read_text(encoding="utf-8"))
    return nodes, relationships, after


@pytest.fixture(scope="module")
def whole(tmp_path_factory):
    """The bundled plans' import files from one state holding the whole graph."""
    folder = tmp_path_factory.mktemp("whole")
    inputs = resolve_inputs([Path(p) for p in BUNDLED])
    counts = write_import(graph_state(extract_documents(inputs, 1).documents), folder)
    return folder, counts


@pytest.mark.parametrize("processes", [1, 2])
def test_chunked_files_hold_the_graph_of_the_whole_state(whole, tmp_path, monkeypatch,
                                                         processes):
    """Chunks of two plans (three chunks for the five): the same nodes, relationships,
    properties and after-import rows; nodes of a plan's own labels are in chunk files only."""
    monkeypatch.setattr(bulk, "CHUNK_DOCUMENTS", 2)
    inputs = resolve_inputs([Path(p) for p in BUNDLED])
    extracted, counts = extract_to_import(inputs, tmp_path, processes)
    assert extracted.plans == len(BUNDLED)
    whole_folder, whole_counts = whole
    assert counts == whole_counts
    nodes, relationships, after = read_import(tmp_path)
    assert (nodes, relationships, after) == read_import(whole_folder)
    args = (tmp_path / "import.args").read_text(encoding="utf-8")
    assert "nodes-Task-c00000.csv" in args and "nodes-Task.csv" not in args
    assert "--nodes=nodes-Agency-header.csv,nodes-Agency.csv" in args
    # the three chunks' HAS_TASK rows have the same columns: joined into the first chunk's
    # file (the import tool samples every file it is given before it starts)
    assert ("--relationships=relationships-HAS_TASK-c00000-header.csv,"
            "relationships-HAS_TASK-c00000.csv\n") in args
    assert not list(tmp_path.glob("relationships-HAS_TASK-c0000[12]*"))
    has_task = sum(1 for identity in relationships if identity[1] == "HAS_TASK")
    assert has_task == (tmp_path / "relationships-HAS_TASK-c00000.csv").read_text(
        encoding="utf-8").count("\n") > 0
    # real content: seed 000's task 17 and its lead, read from the chunk files
    task = next(props for labels, props in nodes.values()
                if labels == "Task" and props.get("task_id:string") == '17'
                and "000_" in props.get("source_path:string", ""))
    assert task["title:string"]
    leads = [start for (start, rel, end, _), _ in relationships.items()
             if rel == "LEADS" and nodes[end][1] is task]
    assert leads and all(nodes[key][0] == "Agency" for key in leads)
    # the task-division row of task 17 names 区医保局 as its lead (牵头单位)
    assert "\t区医保局\n\t区卫生健康委" in Path(BUNDLED[0]).read_text(encoding="utf-8")
    assert "区医保局" in {nodes[key][1]["name:string"] for key in leads}


def test_chunks_do_not_depend_on_the_number_of_processes(tmp_path, monkeypatch):
    monkeypatch.setattr(bulk, "CHUNK_DOCUMENTS", 2)
    inputs = resolve_inputs([Path(p) for p in BUNDLED])
    for processes in (1, 2):
        extract_to_import(inputs, tmp_path / str(processes), processes)
    one = {p.name: p.read_bytes() for p in sorted((tmp_path / "1").iterdir())}
    two = {p.name: p.read_bytes() for p in sorted((tmp_path / "2").iterdir())}
    assert one == two


def test_a_property_of_two_kinds_across_chunks_is_refused(tmp_path):
    """One file refuses a column of two kinds; so do two chunks of one label."""
    first = ChunkFiles(types={"nodes-Task": {"order": "long"}})
    second = ChunkFiles(types={"nodes-Task": {"order": "string"}})
    with pytest.raises(ValueError, match="'order' of nodes-Task"):
        write_import(GraphState(), tmp_path, [first, second])



def test_import_files_that_cannot_be_written_are_a_clear_error(tmp_path):
    """`bulk --keep` into a folder that cannot be made: one line naming the folder, no
    traceback, nothing imported (the server is never asked)."""
    from click.testing import CliRunner

    from policykg.cli import cli

    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    folder = blocker / "import"
    result = CliRunner().invoke(cli, ["bulk", str(BUNDLED[0]), "-j", "1", "--keep", str(folder)])
    assert result.exit_code == 1
    assert f"Error: {folder}: cannot write the import files: Not a directory" in result.output
    assert "Traceback" not in result.output and not isinstance(result.exception, OSError)


def data_files(folder: Path) -> dict[str, tuple[str, str]]:
    """import.args's --nodes / --relationships lines -> {each data file's name without
    .csv(.gz): (the header file it follows, the data file)}."""
    pairs = {}
    for line in (folder / "import.args").read_text(encoding="utf-8").splitlines():
        kind, _, files = line.partition("=")
        if kind in ("--nodes", "--relationships"):
            header, *data = files.split(",")
            pairs.update({name.removesuffix(".gz").removesuffix(".csv"): (header, name)
                          for name in data})
    return pairs


def test_compressed_files_are_the_plain_files_gzipped(tmp_path, monkeypatch):
    """--compress: every data file (the chunks' and the shared state's) is gzip holding the
    plain export's bytes, its header plain and the same; the same input twice (one process,
    then two) gives the same .gz bytes, with no time in the gzip header."""
    monkeypatch.setattr(bulk, "CHUNK_DOCUMENTS", 2)
    inputs = resolve_inputs([Path(p) for p in BUNDLED])
    plain_counts = extract_to_import(inputs, tmp_path / "plain", 1)[1]
    assert extract_to_import(inputs, tmp_path / "gz", 1, compress=True)[1] == plain_counts
    extract_to_import(inputs, tmp_path / "gz-again", 2, compress=True)
    plain, packed = tmp_path / "plain", tmp_path / "gz"
    pairs = data_files(packed)
    assert pairs.keys() == data_files(plain).keys()
    assert any("-c00000" in name for name in pairs) and "nodes-Agency" in pairs
    for name, (header, data) in pairs.items():
        assert data == f"{name}.csv.gz" and header.endswith("-header.csv")
        assert (packed / header).read_bytes() == (plain / header).read_bytes()
        assert (packed / header).read_text(encoding="utf-8").startswith(("key:ID,", ":START_ID,"))
        raw = (packed / data).read_bytes()
        assert raw[:2] == b"\x1f\x8b" and raw[4:8] == b"\0\0\0\0"   # gzip, mtime 0
        reader = zlib.decompressobj(31)   # one gzip member, chunks joined or not
        reader.decompress(raw)
        assert reader.eof and reader.unused_data == b"", data
        assert gzip.decompress(raw) == (plain / f"{name}.csv").read_bytes()
    # import.args: the plain one with .gz data names; no other file than those it lists
    assert (packed / "import.args").read_text(encoding="utf-8") == "".join(
        line.replace(".csv,", ".csv.gz,").replace(".csv\n", ".csv.gz\n").replace(
            "-header.csv.gz,", "-header.csv,") if line.startswith(("--nodes=", "--relationships="))
        else line for line in (plain / "import.args").read_text(encoding="utf-8").splitlines(True))
    listed = {file for pair in pairs.values() for file in pair}
    assert {p.name for p in packed.iterdir()} == listed | {"import.args", "after-import.json"}
    assert (packed / "after-import.json").read_bytes() == (
        plain / "after-import.json").read_bytes()
    assert files_of(packed) == files_of(tmp_path / "gz-again")
    # real content: a plan's doc number, read from its source text, in the gzipped plan rows
    number = "渝北府办发〔2022〕40号"
    assert number in Path(BUNDLED[0]).read_text(encoding="utf-8")
    assert f'"{number}"'.encode() in gzip.decompress(
        (packed / "nodes-Document-Plan.csv.gz").read_bytes())


def files_of(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_an_export_replaces_the_other_kind_of_files(tmp_path, monkeypatch):
    """A plain export over a compressed one leaves no .gz behind, and the other way round no
    plain data file: the folder equals a fresh export of its kind."""
    monkeypatch.setattr(bulk, "CHUNK_DOCUMENTS", 2)
    inputs = resolve_inputs([Path(p) for p in BUNDLED])
    extract_to_import(inputs, tmp_path / "fresh", 1)
    extract_to_import(inputs, tmp_path / "fresh-gz", 1, compress=True)
    folder = tmp_path / "reused"
    extract_to_import(inputs, folder, 1, compress=True)
    assert list(folder.glob("*.csv.gz"))
    extract_to_import(inputs, folder, 1)
    assert not list(folder.glob("*.gz"))
    assert files_of(folder) == files_of(tmp_path / "fresh")
    extract_to_import(inputs, folder, 1, compress=True)
    assert files_of(folder) == files_of(tmp_path / "fresh-gz")


def test_export_compress_flag(tmp_path):
    """`export --format neo4j-import --compress` writes .csv.gz data files; --compress with
    another format is refused."""
    from click.testing import CliRunner

    from policykg.cli import cli

    runner = CliRunner()
    result = runner.invoke(cli, ["export", str(BUNDLED[0]), "--format", "neo4j-import",
                                 "--compress", "-o", str(tmp_path / "files")])
    assert result.exit_code == 0, result.output
    pairs = data_files(tmp_path / "files")
    assert pairs and all(data.endswith(".csv.gz") for _, data in pairs.values())
    nodes, _, _ = read_import(tmp_path / "files")
    titles = [props["title:string"] for labels, props in nodes.values() if labels == "Task"]
    text = Path(BUNDLED[0]).read_text(encoding="utf-8")
    assert titles and any(title.strip('"') in text for title in titles)
    refused = runner.invoke(cli, ["export", str(BUNDLED[0]), "--format", "turtle",
                                  "--compress"])
    assert refused.exit_code == 2 and "--compress is for --format neo4j-import" in refused.output


def test_the_pass_freezes_what_it_inherits_and_unfreezes_it(tmp_path, monkeypatch):
    """The pass keeps the objects the process held before it (a national corpus's paths) out
    of the collector while it runs, in this process and in the workers it forks, and leaves
    the collector as it found it, whether it ends well or not."""
    import gc

    monkeypatch.setattr(bulk, "CHUNK_DOCUMENTS", 2)
    inputs = resolve_inputs([Path(p) for p in BUNDLED])
    frozen_during: list[int] = []
    original = bulk.write_import

    def noting_the_freeze(*args, **kwargs):
        frozen_during.append(gc.get_freeze_count())
        return original(*args, **kwargs)

    monkeypatch.setattr(bulk, "write_import", noting_the_freeze)
    assert gc.get_freeze_count() == 0
    _, counts = extract_to_import(inputs, tmp_path / "files", 2)
    assert counts["nodes"] > 0 and frozen_during and frozen_during[0] > 0
    assert gc.get_freeze_count() == 0
    # a pass that fails inside (failure injection: a full disk as the shared files are
    # written) unfreezes too
    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(bulk, "write_import", full_disk)
    with pytest.raises(OSError, match="No space left"):
        extract_to_import(inputs, tmp_path / "again", 2)
    assert gc.get_freeze_count() == 0
    # and so does a pass whose workers cannot be started (failure injection: a fork refused)
    def fork_refused(processes):
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(bulk, "Pool", fork_refused)
    with pytest.raises(OSError, match="Resource temporarily unavailable"):
        extract_to_import(inputs, tmp_path / "unforked", 2)
    assert gc.get_freeze_count() == 0
