"""`policykg extract` end to end: real plan files through click's CliRunner.

Click 8.2+ keeps stderr apart from stdout in CliRunner results (older click needs
mix_stderr=False); the assertions read `result.stdout` and `result.stderr` separately.
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator, FormatChecker

from policykg.cli import cli

ROOT = Path(__file__).resolve().parents[2]
PLANS = ROOT / "samples" / "plans"
SEED_000 = PLANS / "000_e81826a0173922c6.txt"
SEED_001 = PLANS / "001_303be1dcb507608d.txt"
SEED_002 = PLANS / "002_449abcde8801a72e.txt"
SEED_003 = PLANS / "003_d8ef92ff13adc345.txt"
SEED_004 = PLANS / "004_d973abd45dcaef16.txt"
SEEDS = [SEED_000, SEED_002, SEED_003]
SHARED_SCHEMA = ROOT.parent / "shared" / "spec" / "plan-record.schema.json"
BUNDLED_SCHEMA = ROOT / "loaders" / "data" / "plan-record.schema.json"

SUMMARY_COLUMNS = ["file", "tasks", "safeguards", "rows", "indicators", "citations",
                   "hospitals", "warnings", "understood", "units"]
# (tasks, safeguards) per seed, counted by hand from the documents' numbering
COUNTS = {SEED_000.name: ("25", "4"), SEED_001.name: ("26", "4"), SEED_002.name: ("21", "3"),
          SEED_003.name: ("19", "3"), SEED_004.name: ("22", "4")}


def schema_errors(record: dict) -> list[str]:
    path = SHARED_SCHEMA if SHARED_SCHEMA.exists() else BUNDLED_SCHEMA
    schema = json.loads(path.read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    return [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(record)]


def run(*args: str | Path):
    return CliRunner().invoke(cli, ["extract", *map(str, args)], catch_exceptions=False)


def summary_table(stdout: str) -> dict[str, list[str]]:
    """The counts table at the top of the summary (below any `check this plan:` lines):
    file name -> the other columns."""
    lines = stdout.split("\n")
    while lines[0].startswith("check this plan: ") or not lines[0]:
        lines = lines[1:]
    assert lines[0].split() == SUMMARY_COLUMNS
    assert set(lines[1]) <= {"-", " "}
    rows = {}
    for line in lines[2:]:
        if not line:
            break
        name, *values = line.split()
        rows[name] = values
    return rows


def bad_files(folder: Path) -> tuple[Path, Path]:
    empty = folder / "empty.txt"
    empty.write_bytes(b"")
    binary = folder / "binary.txt"
    rng = random.Random(7)
    binary.write_bytes(bytes(rng.randrange(256) for _ in range(4096)))
    return empty, binary


# --- formats ---------------------------------------------------------------------------------

def test_json_one_file_is_one_valid_object():
    result = run(SEED_000, "--format", "json")
    assert result.exit_code == 0
    assert result.stderr == ""
    record = json.loads(result.stdout)
    assert isinstance(record, dict)
    assert schema_errors(record) == []
    assert record["source"] == {
        "path": str(SEED_000),
        "sha256": hashlib.sha256(SEED_000.read_bytes()).hexdigest(),
        "encoding": "utf-8",
        "characters": len(SEED_000.read_text(encoding="utf-8")),
    }
    assert record["plan"]["title"] == "重庆市渝北区推动公立医院高质量发展实施方案"
    assert record["plan"]["doc_number"] == "渝北府办发〔2022〕40号"
    kinds = [task["kind"] for task in record["tasks"]]
    assert (kinds.count("task"), kinds.count("safeguard")) == (25, 4)


def test_json_is_pretty_and_keeps_chinese_readable():
    result = run(SEED_003, "--format", "json")
    assert result.stdout.startswith('{\n  "source": {\n')
    assert "沙坪坝区进一步完善医疗卫生服务体系实施方案" in result.stdout
    assert result.stdout.endswith("}\n")


def test_json_several_files_is_an_array():
    result = run(SEED_000, SEED_002, SEED_003, "--format", "json")
    assert result.exit_code == 0
    assert result.stderr == ""
    records = json.loads(result.stdout)
    assert isinstance(records, list)
    assert [r["source"]["path"] for r in records] == [str(p) for p in SEEDS]
    for record in records:
        assert schema_errors(record) == []


def test_jsonl_one_valid_record_per_line_in_sorted_path_order(tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    for seed in reversed(SEEDS):
        shutil.copy(seed, folder / seed.name)
    result = run(folder, "--format", "jsonl")
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout.endswith("\n")
    lines = result.stdout.split("\n")[:-1]
    assert len(lines) == 3
    records = [json.loads(line) for line in lines]
    paths = [r["source"]["path"] for r in records]
    assert paths == [str(folder / seed.name) for seed in SEEDS]
    assert paths == sorted(paths)
    for record in records:
        assert schema_errors(record) == []


def test_jsonl_record_equals_json_record():
    jsonl = run(SEED_002, "--format", "jsonl").stdout
    assert jsonl.count("\n") == 1
    assert json.loads(jsonl) == json.loads(run(SEED_002, "--format", "json").stdout)


def test_summary_lists_each_file_with_its_task_counts():
    result = run(SEED_000, SEED_002, SEED_003)  # summary is the default
    assert result.exit_code == 0
    assert result.stderr == ""
    table = summary_table(result.stdout)
    assert {name: tuple(values[:2]) for name, values in table.items()} == \
        {seed.name: COUNTS[seed.name] for seed in SEEDS}
    assert list(table) == [seed.name for seed in SEEDS]
    assert result.stdout == run(SEED_000, SEED_002, SEED_003, "--format", "summary").stdout
    assert "\n000_e81826a0173922c6.txt: 重庆市渝北区推动公立医院高质量发展实施方案\n" in result.stdout
    assert "  渝北府办发〔2022〕40号 · 重庆市渝北区人民政府办公室 · 重庆市渝北区 · 2022-12-06 · " \
           "final · utf-8\n" in result.stdout


def test_folder_takes_its_plans_and_lists_every_other_file_with_its_reason(tmp_path):
    import zipfile

    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED_002, folder / SEED_002.name)
    shutil.copy(SEED_000, folder / SEED_000.name)
    (folder / "README.md").write_text("# not a plan\n", encoding="utf-8")
    (folder / "records.json").write_text("{}", encoding="utf-8")
    with zipfile.ZipFile(folder / "budget.xlsx", "w") as book:
        book.writestr("xl/workbook.xml", "<workbook/>")
    result = run(folder, "--format", "jsonl")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"Skipped: {folder / 'README.md'}: a text file that is not .txt (.md); not a plan "
        "document (name it on the command line to read it as one)",
        f"Skipped: {folder / 'budget.xlsx'}: a spreadsheet (.xlsx); plans are read from PDF, "
        "Word, HTML, OFD, scans or text",
        f"Skipped: {folder / 'records.json'}: a text file that is not .txt (.json); not a plan "
        "document (name it on the command line to read it as one)",
    ]
    paths = [json.loads(line)["source"]["path"] for line in result.stdout.splitlines()]
    assert paths == [str(folder / SEED_000.name), str(folder / SEED_002.name)]


def test_a_folder_with_no_plan_is_an_error_not_a_silent_success(tmp_path):
    (tmp_path / "notes.md").write_text("# notes\n", encoding="utf-8")
    result = run(tmp_path)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"Error: no plan documents in {tmp_path} (1 file skipped; see above)")
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run(empty)
    assert result.exit_code == 1
    assert result.stderr == f"Error: no plan documents in {empty}\n"


def test_a_file_named_on_the_command_line_is_read_whatever_its_suffix(tmp_path):
    plan = tmp_path / "plan.md"
    shutil.copy(SEED_002, plan)
    result = run(plan, "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["plan"]["doc_number"] is not None


def test_bundled_folder_gives_every_seed():
    result = run(PLANS)
    assert result.exit_code == 0
    assert result.stderr == ""
    table = summary_table(result.stdout)
    # every plan in the folder, and the seeds with their hand-counted tasks and safeguards
    assert list(table) == [path.name for path in sorted(PLANS.glob("*.txt"))]
    assert {name: tuple(table[name][:2]) for name in COUNTS} == COUNTS


# --- failures --------------------------------------------------------------------------------

@pytest.mark.parametrize("output_format", ["json", "jsonl"])
def test_bad_files_among_good_ones(output_format, tmp_path):
    empty, binary = bad_files(tmp_path)
    nul = binary.read_bytes().index(b"\x00")
    result = run(SEED_000, empty, SEED_003, binary, "--format", output_format)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {empty}: the file is empty (no text to extract)\n"
        f"Error: {binary} (byte {nul}): not a text file: it contains NUL bytes\n"
    )
    if output_format == "json":
        records = json.loads(result.stdout)
    else:
        records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["source"]["path"] for r in records] == [str(SEED_000), str(SEED_003)]
    for record in records:
        assert schema_errors(record) == []


def test_bad_files_in_summary(tmp_path):
    empty, binary = bad_files(tmp_path)
    result = run(SEED_002, empty, binary)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {empty}: the file is empty (no text to extract)\n"
        f"Error: {binary} (byte {binary.read_bytes().index(0)}): not a text file: "
        "it contains NUL bytes\n"
    )
    table = summary_table(result.stdout)
    assert table == {SEED_002.name: table[SEED_002.name],
                     "empty.txt": ["failed"], "binary.txt": ["failed"]}
    assert table[SEED_002.name][:2] == ["21", "3"]
    assert f"\nFAILED {empty}: the file is empty (no text to extract)\n" in result.stdout


def test_only_bad_file_fails(tmp_path):
    empty, _ = bad_files(tmp_path)
    result = run(empty, "--format", "jsonl")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"Error: {empty}: the file is empty (no text to extract)\n"


def test_missing_path_is_a_usage_error(tmp_path):
    result = run(tmp_path / "nope.txt")
    assert result.exit_code == 2
    assert "does not exist" in result.stderr
    assert result.stdout == ""


# --- output file -----------------------------------------------------------------------------

@pytest.mark.parametrize("option", ["-o", "--output"])
def test_output_file(option, tmp_path):
    out = tmp_path / "records.jsonl"
    result = run(SEED_002, SEED_003, "--format", "jsonl", option, out)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == ""
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["source"]["path"] for line in lines] == [str(SEED_002),
                                                                      str(SEED_003)]
    assert out.read_text(encoding="utf-8") == run(SEED_002, SEED_003, "--format", "jsonl").stdout


def test_output_file_json(tmp_path):
    out = tmp_path / "record.json"
    result = run(SEED_003, "--format", "json", "-o", out)
    assert result.exit_code == 0
    assert result.stdout == ""
    record = json.loads(out.read_text(encoding="utf-8"))
    assert record["source"]["path"] == str(SEED_003)
    assert schema_errors(record) == []


def test_output_file_with_a_bad_input_keeps_the_good_records(tmp_path):
    empty, _ = bad_files(tmp_path)
    out = tmp_path / "records.json"
    result = run(SEED_002, empty, "--format", "json", "-o", out)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {empty}: the file is empty (no text to extract)\n"
    records = json.loads(out.read_text(encoding="utf-8"))
    assert [r["source"]["path"] for r in records] == [str(SEED_002)]


# --- damaged and large documents --------------------------------------------------------------

def test_truncated_document_keeps_the_tasks_before_the_cut(tmp_path):
    text = SEED_000.read_text(encoding="utf-8")
    # cut inside task 12 (完善内部控制制度), mid-sentence: 「…为重点，开展风险|评估和内部控制评价…」
    cut = text.index("开展风险评估") + len("开展风险")
    assert text[cut - 1] not in "。；！？）"
    path = tmp_path / "truncated.txt"
    path.write_text(text[:cut], encoding="utf-8")

    original = json.loads(run(SEED_000, "--format", "json").stdout)
    assert original["tasks"][11]["title"] == "完善内部控制制度"
    assert original["tasks"][11]["span"]["start"] < cut < original["tasks"][12]["span"]["start"]
    before_cut = [(t["id"], t["title"]) for t in original["tasks"] if t["span"]["start"] < cut]
    assert len(before_cut) == 12

    result = run(path, "--format", "json")
    assert result.exit_code == 0
    assert result.stderr == ""
    record = json.loads(result.stdout)
    assert schema_errors(record) == []
    assert [(t["id"], t["title"]) for t in record["tasks"]] == before_cut
    assert all(t["span"]["end"] <= cut for t in record["tasks"])
    truncated = [w for w in record["warnings"] if w["code"] == "document-truncated"]
    assert len(truncated) == 1
    assert truncated[0]["span"]["end"] == cut
    assert truncated[0]["line"] == text[:cut].count("\n") + 1


def test_five_megabyte_document(tmp_path):
    text = SEED_003.read_text(encoding="utf-8")
    start = text.index("\n二、重点任务") + 1  # the task list
    end = text.index("\n三、组织实施") + 1    # the safeguards and the end
    head, body, tail = text[:start], text[start:end], text[end:]
    frame, unit = len((head + tail).encode("utf-8")), len(body.encode("utf-8"))
    copies = -(-(5 * 1024 * 1024 - frame) // unit)  # enough copies to reach 5 MB
    big = head + body * copies + tail
    path = tmp_path / "big.txt"
    path.write_text(big, encoding="utf-8")
    assert path.stat().st_size >= 5 * 1024 * 1024

    result = run(path, "--format", "jsonl")
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout.count("\n") == 1
    record = json.loads(result.stdout)
    assert record["source"]["characters"] == len(big)
    assert record["source"]["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    tasks = [t for t in record["tasks"] if t["kind"] == "task"]
    assert len(tasks) > 19
    assert len(tasks) == 19 * copies
    assert [t["title"] for t in tasks[:19]] == [t["title"] for t in tasks[-19:]]
    assert [t["title"] for t in record["tasks"] if t["kind"] == "safeguard"] == [
        "强化组织领导", "健全工作机制", "加强宣传引导"]
