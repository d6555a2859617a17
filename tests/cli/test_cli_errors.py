"""Errors a user can cause end in one line naming the file or the parameter, exit status 1,
never a traceback (issue 13): an output that cannot be written (a full disk, a folder that
does not exist), a query parameter out of range, `build --prune` given no plan file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from policykg.cli import cli

ROOT = Path(__file__).resolve().parents[2]
SEED_002 = ROOT / "samples" / "plans" / "002_449abcde8801a72e.txt"
SEED_003 = ROOT / "samples" / "plans" / "003_d8ef92ff13adc345.txt"


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(arg) for arg in args])


def policykg(*args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "policykg", *map(str, args)],
                          capture_output=True, text=True, timeout=120, check=False)


def one_error_line(stderr: str) -> str:
    assert "Traceback" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    return lines[0]


@pytest.mark.parametrize("args", [["extract", SEED_002, "--format", "json"],
                                  ["extract", SEED_002, "--format", "jsonl"],
                                  ["extract", SEED_002],
                                  ["export", SEED_002],
                                  ["export", SEED_002, "--format", "graphml"]],
                         ids=["json", "jsonl", "summary", "turtle", "graphml"])
def test_a_full_disk_is_one_line_naming_the_file(args):
    result = policykg(*args, "-o", "/dev/full")
    assert result.returncode == 1
    assert one_error_line(result.stderr) == \
        "Error: /dev/full: cannot write the output: No space left on device"


@pytest.mark.parametrize("command", ["extract", "export"])
def test_an_output_in_a_missing_folder_is_one_line_naming_the_file(command, tmp_path):
    target = tmp_path / "missing" / "folder" / "out.json"
    result = policykg(command, SEED_002, "-o", target)
    assert result.returncode == 1
    assert one_error_line(result.stderr) == \
        f"Error: {target}: cannot open it for writing: No such file or directory"
    assert not target.parent.exists()


def test_standard_output_on_a_full_disk_is_one_line(tmp_path):
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "policykg", "extract", str(SEED_002),
                                 "--format", "json"], stdout=full, stderr=subprocess.PIPE,
                                text=True, timeout=120, check=False)
    assert result.returncode == 1
    assert one_error_line(result.stderr) == \
        "Error: standard output: cannot write the output: No space left on device"


def test_an_output_that_is_written_keeps_its_content(tmp_path):
    target = tmp_path / "out.jsonl"
    result = run("extract", SEED_002, SEED_003, "--format", "jsonl", "-o", target)
    assert result.exit_code == 0, result.output
    assert len(target.read_text(encoding="utf-8").splitlines()) == 2


@pytest.mark.parametrize("year", ["99999999999999999999", "-99999999999999999999",
                                  str(2**63)])
def test_a_query_parameter_out_of_range_is_one_line_naming_it(year, tmp_path):
    result = run("query", "due-by", "-p", f"year={year}", "--store", tmp_path / "store")
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert one_error_line(result.stderr) == (
        f"Error: due-by: parameter year={year} is out of range (a whole number from "
        "-9223372036854775808 to 9223372036854775807)")


def test_a_query_parameter_in_range_still_runs(tmp_path):
    store = tmp_path / "store"
    assert run("build", SEED_002, "--store", store).exit_code == 0
    result = run("query", "due-by", "-p", f"year={2**63 - 1}", "--store", store,
                 "--format", "json")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("[")


def test_prune_with_no_plan_file_refuses_and_keeps_the_store(tmp_path):
    store = tmp_path / "store"
    empty = tmp_path / "emptydir"
    empty.mkdir()
    (empty / "notes.md").write_text("not a plan", encoding="utf-8")
    assert run("build", SEED_002, SEED_003, "--store", store).exit_code == 0
    result = run("build", empty, "--prune", "--store", store)
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert errors == ["Error: no plan files given: --prune would remove every plan from the "
                      "store; nothing was removed"]
    assert "0 pruned" in result.stdout
    assert "graph: 2 plans" in result.stdout
