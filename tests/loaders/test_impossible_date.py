"""A date that does not exist (2025年2月30日) must not become an invalid ISO date in the
record (issue 13): `issued` stays empty and a warning says which date was impossible, with
its span; the record still passes the schema. Through the real `extract` command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator, FormatChecker

from policykg.cli import cli

ROOT = Path(__file__).resolve().parents[2]
SEED_002 = ROOT / "samples" / "plans" / "002_449abcde8801a72e.txt"
SHARED_SCHEMA = ROOT.parent / "shared" / "spec" / "plan-record.schema.json"
BUNDLED_SCHEMA = ROOT / "loaders" / "data" / "plan-record.schema.json"


def extract(path: Path) -> dict:
    result = CliRunner().invoke(cli, ["extract", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def schema_errors(record: dict) -> list[str]:
    path = SHARED_SCHEMA if SHARED_SCHEMA.exists() else BUNDLED_SCHEMA
    validator = Draft202012Validator(json.loads(path.read_text(encoding="utf-8")),
                                     format_checker=FormatChecker())
    return [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(record)]


def with_date(tmp_path: Path, written: str, count: int = -1) -> Path:
    """Seed 002 with its date of issue (line 16; the colophon, line 486) written otherwise."""
    text = SEED_002.read_text(encoding="utf-8")
    assert text.count("2022年 12月 22日") == 2
    plan = tmp_path / "plan.txt"
    plan.write_text(text.replace("2022年 12月 22日", written, count), encoding="utf-8")
    return plan


@pytest.mark.parametrize(("written", "lines"), [
    ("2025年2月30日", [16, 486]), ("2023年 4月 31日", [16, 486]), ("2022年13月1日", [16, 486]),
    ("二〇二三年二月二十九日", [16])])   # a colophon is read with arabic digits only
def test_an_impossible_date_of_issue_is_left_empty_with_a_warning(written, lines, tmp_path):
    plan = with_date(tmp_path, written)
    record = extract(plan)
    assert record["plan"]["issued"] is None
    assert schema_errors(record) == []
    warnings = [w for w in record["warnings"] if w["code"] == "impossible-date"]
    assert [w["line"] for w in warnings] == lines
    for warning in warnings:
        assert warning["message"] == (f"the date of issue 「{written}」 is not a real date; "
                                      "it is not read as one")
        start, end = warning["span"]["start"], warning["span"]["end"]
        assert plan.read_text(encoding="utf-8")[start:end] == written


def test_the_colophon_date_stands_in_for_an_impossible_one(tmp_path):
    record = extract(with_date(tmp_path, "2025年2月30日", count=1))
    assert record["plan"]["issued"] == "2022-12-22"
    assert [w["line"] for w in record["warnings"] if w["code"] == "impossible-date"] == [16]


def test_a_real_date_still_reads_as_iso(tmp_path):
    text = SEED_002.read_text(encoding="utf-8").replace("2022年 12月 22日", "2024年2月29日", 1)
    plan = tmp_path / "plan.txt"
    plan.write_text(text, encoding="utf-8")
    record = extract(plan)
    assert record["plan"]["issued"] == "2024-02-29"
    assert not [w for w in record["warnings"] if w["code"] == "impossible-date"]
