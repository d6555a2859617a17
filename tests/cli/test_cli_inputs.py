"""What the commands read (issue 13 items 5 and 6): every file is read once, so a FIFO or a
process substitution works (`policykg extract <(cat plan.txt)`); a file over --max-size is
refused with one line naming it while the others go on; a file name that is not UTF-8 (a GBK
name from a Windows zip) is printed escaped, and JSON and XML stay valid in every format.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner, Result
from rdflib import Graph

from policykg.cli import cli

ROOT = Path(__file__).resolve().parents[2]
PLANS = ROOT / "samples" / "plans"
SEED_002 = PLANS / "002_449abcde8801a72e.txt"
SEED_003 = PLANS / "003_d8ef92ff13adc345.txt"
GBK_NAME = b"\xd6\xd8\xc7\xec.txt"          # 重庆.txt written in GBK, as a Windows zip leaves it
GBK_SHOWN = "\\xd6\\xd8\\xc7\\xec.txt"       # how policykg prints it
RDF_FORMATS = {"turtle": "turtle", "json-ld": "json-ld", "n-triples": "nt"}


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(arg) for arg in args])


def policykg(*args: str | Path | bytes, cwd: Path | None = None,
             shell: str | None = None) -> subprocess.CompletedProcess:
    """The installed command in a process of its own (a FIFO needs a real reader)."""
    if shell is not None:
        command: list = ["bash", "-c", shell]
    else:
        command = [sys.executable, "-m", "policykg", *(os.fsdecode(a) if isinstance(a, bytes)
                                                      else str(a) for a in args)]
    return subprocess.run(command, capture_output=True, cwd=cwd, timeout=120, check=False)


def assert_no_traceback(result: Result | subprocess.CompletedProcess) -> None:
    if isinstance(result, Result):
        assert result.exception is None or isinstance(result.exception, SystemExit), \
            repr(result.exception)
        assert "Traceback" not in result.output + result.stderr
    else:
        assert b"Traceback" not in result.stdout + result.stderr, result.stderr.decode()


def feed_fifo(fifo: Path, data: bytes) -> threading.Thread:
    """Write ``data`` into the FIFO once a reader opens it (in a thread: open blocks)."""
    def write() -> None:
        with open(fifo, "wb") as handle:
            handle.write(data)

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    return thread


# FIFOs and process substitution --------------------------------------------------------------


@pytest.mark.parametrize("command", ["extract", "export", "validate", "build"])
def test_a_fifo_is_read_once(command, tmp_path):
    fifo = tmp_path / "plan.txt"
    os.mkfifo(fifo)
    writer = feed_fifo(fifo, SEED_002.read_bytes())
    extra = {"extract": ["--format", "json"], "export": ["--format", "n-triples"],
             "validate": [], "build": ["--store", str(tmp_path / "store")]}[command]
    result = policykg(command, fifo, *extra, cwd=tmp_path)
    writer.join(timeout=5)
    assert_no_traceback(result)
    assert result.returncode == 0, result.stderr.decode()
    out = result.stdout.decode("utf-8")
    if command == "extract":
        record = json.loads(out)
        assert record["plan"]["title"] == "北辰区推动公立医院高质量发展实施方案"
        assert record["source"]["path"] == str(fifo)
        assert len(record["tasks"]) == 24
    elif command == "export":
        graph = Graph().parse(data=out, format="nt")
        assert any("北辰区推动公立医院高质量发展实施方案" == str(o) for o in graph.objects())
    elif command == "validate":
        assert out.strip() == "conforms"
    else:
        assert out.startswith("1 written, 0 unchanged"), out


def test_process_substitution(tmp_path):
    shutil.copy(SEED_003, tmp_path / "plan.txt")
    python = sys.executable
    result = policykg(shell=f"'{python}' -m policykg extract <(cat plan.txt) --format json",
                      cwd=tmp_path)
    assert_no_traceback(result)
    assert result.returncode == 0, result.stderr.decode()
    record = json.loads(result.stdout)
    assert record["source"]["path"].startswith("/dev/fd/")
    assert record["tasks"], "the plan's tasks, read from the pipe"
    exported = policykg(shell=f"'{python}' -m policykg export <(cat plan.txt) "
                              "--format n-triples", cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr.decode()
    assert len(Graph().parse(data=exported.stdout.decode(), format="nt")) > 100


# the size limit ---------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["extract", "export", "validate", "build"])
def test_a_file_over_the_size_limit_is_refused_and_the_others_go_on(command, tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    shutil.copy(SEED_002, folder / "a.txt")
    big = folder / "b.txt"
    big.write_bytes(SEED_003.read_bytes() * 4)   # about 100 KB
    extra = ["--store", str(tmp_path / "store")] if command == "build" else []
    result = run(command, folder, "--max-size", "64KB", *extra)
    assert_no_traceback(result)
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert errors == [f"Error: {big}: the file is larger than the size limit "
                      f"({big.stat().st_size:,} bytes > 64 KB = 65,536 bytes); "
                      "raise it with --max-size"]
    if command == "extract":
        assert "a.txt" in result.stdout and "b.txt  failed" in result.stdout
    elif command == "export":
        assert "北辰区推动公立医院高质量发展实施方案" in result.stdout
    elif command == "build":
        assert result.stdout.startswith("1 written, 0 unchanged, 0 pruned, 1 failed")


def test_the_default_limit_is_20_mb(tmp_path):
    big = tmp_path / "huge.txt"
    with open(big, "wb") as handle:   # sparse: 21 MB on paper, nothing on disk
        handle.truncate(21 * 1024 * 1024)
    result = run("extract", big, SEED_002)
    assert_no_traceback(result)
    assert result.exit_code == 1
    assert f"Error: {big}: the file is larger than the size limit (22,020,096 bytes > " \
           "20 MB = 20,971,520 bytes); raise it with --max-size" in result.stderr
    assert "002_449abcde8801a72e.txt" in result.stdout


def test_a_fifo_over_the_limit_is_refused_while_reading(tmp_path):
    fifo = tmp_path / "plan.txt"
    os.mkfifo(fifo)
    writer = feed_fifo(fifo, SEED_003.read_bytes() * 3)
    result = policykg("extract", fifo, "--max-size", "10000", cwd=tmp_path)
    writer.join(timeout=5)
    assert_no_traceback(result)
    assert result.returncode == 1
    assert (f"Error: {fifo}: the file is larger than the size limit (more than 10,000 bytes); "
            "raise it with --max-size") in result.stderr.decode()


@pytest.mark.parametrize("value", ["0", "-5", "twenty", "5 parsecs"])
def test_a_bad_size_is_a_usage_error(value):
    result = run("extract", SEED_002, "--max-size", value)
    assert result.exit_code == 2
    assert "--max-size" in result.stderr and "Traceback" not in result.stderr


# file names that are not UTF-8 ---------------------------------------------------------------


@pytest.fixture
def gbk_folder(tmp_path) -> Path:
    """A folder with a plan under a GBK-encoded name and one under a UTF-8 name."""
    folder = tmp_path / "zip"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), GBK_NAME), "wb") as handle:
        handle.write(SEED_002.read_bytes())
    shutil.copy(SEED_003, folder / "渝北.txt")
    return folder


def test_extract_shows_a_gbk_name_escaped_in_every_format(gbk_folder):
    shown = f"{gbk_folder}/{GBK_SHOWN}"
    for output_format in ("json", "jsonl", "summary"):
        result = policykg("extract", gbk_folder, "--format", output_format)
        assert_no_traceback(result)
        assert result.returncode == 0, result.stderr.decode()
        out = result.stdout.decode("utf-8")          # valid UTF-8 whatever the name
        if output_format == "json":
            paths = [record["source"]["path"] for record in json.loads(out)]
        elif output_format == "jsonl":
            paths = [json.loads(line)["source"]["path"] for line in out.splitlines()]
        else:
            assert GBK_SHOWN in out and "渝北.txt" in out
            continue
        # in path order: the GBK bytes come in as surrogate escapes, after any CJK character
        assert paths == [f"{gbk_folder}/渝北.txt", shown]


def test_a_gbk_name_given_as_an_argument(gbk_folder):
    result = policykg("extract", os.path.join(os.fsencode(gbk_folder), GBK_NAME),
                      "--format", "json")
    assert result.returncode == 0, result.stderr.decode()
    assert json.loads(result.stdout)["source"]["path"] == f"{gbk_folder}/{GBK_SHOWN}"


def test_a_failing_gbk_file_is_named_escaped(tmp_path):
    with open(os.path.join(os.fsencode(tmp_path), GBK_NAME), "wb") as handle:
        handle.write(b"%PDF-1.7 not text")
    shutil.copy(SEED_003, tmp_path / "ok.txt")
    result = policykg("extract", tmp_path, "--format", "json")
    assert_no_traceback(result)
    assert result.returncode == 1
    assert f"Error: {tmp_path}/{GBK_SHOWN}: not a readable PDF" in result.stderr.decode("utf-8")
    assert [r["source"]["path"] for r in json.loads(result.stdout)] == [str(tmp_path / "ok.txt")]


@pytest.mark.parametrize("output_format", sorted(RDF_FORMATS))
def test_export_rdf_with_a_gbk_name_parses(gbk_folder, output_format):
    result = policykg("export", gbk_folder, "--format", output_format)
    assert_no_traceback(result)
    assert result.returncode == 0, result.stderr.decode()
    graph = Graph().parse(data=result.stdout.decode("utf-8"),
                          format=RDF_FORMATS[output_format])
    paths = {str(o) for s, p, o in graph if str(p).endswith("#path")}
    assert paths == {f"{gbk_folder}/{GBK_SHOWN}", f"{gbk_folder}/渝北.txt"}


def test_export_graphml_with_a_gbk_name_parses(gbk_folder):
    result = policykg("export", gbk_folder, "--format", "graphml")
    assert_no_traceback(result)
    assert result.returncode == 0, result.stderr.decode()
    root = ElementTree.fromstring(result.stdout)
    values = {element.text for element in root.iter() if element.text}
    assert f"{gbk_folder}/{GBK_SHOWN}" in values
    assert "北辰区推动公立医院高质量发展实施方案" in values


def test_validate_with_a_gbk_name(gbk_folder):
    result = policykg("validate", gbk_folder)
    assert_no_traceback(result)
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode().strip() == "conforms"


def test_build_with_a_gbk_name_and_query_it(gbk_folder, tmp_path):
    store = tmp_path / "store"
    built = policykg("build", gbk_folder, "--store", store)
    assert_no_traceback(built)
    assert built.returncode == 0, built.stderr.decode()
    assert built.stdout.decode().startswith("2 written, 0 unchanged, 0 pruned, 0 failed")
    again = policykg("build", gbk_folder, "--store", store)
    assert again.stdout.decode().startswith("0 written, 2 unchanged"), again.stdout
