"""Every bundled plan and every shared seed yields a record valid under the shared schema."""

import json
import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from policykg.loaders.plan import extract_plan

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples" / "plans"
SHARED = ROOT.parent / "shared"
SHARED_SCHEMA = SHARED / "spec" / "plan-record.schema.json"
BUNDLED_SCHEMA = ROOT / "loaders" / "data" / "plan-record.schema.json"
SHARED_SEEDS = SHARED / "corpus" / "seeds"


def schema() -> dict:
    path = SHARED_SCHEMA if SHARED_SCHEMA.exists() else BUNDLED_SCHEMA
    return json.loads(path.read_text(encoding="utf-8"))


def documents() -> list[Path]:
    found = {p.name: p for p in SAMPLES.glob("*.txt")}
    if SHARED_SEEDS.is_dir():
        for seed in SHARED_SEEDS.glob("*.txt"):
            found.setdefault(seed.name, seed)
    return [found[name] for name in sorted(found)]


@pytest.mark.parametrize("path", documents(), ids=lambda p: p.name)
def test_record_is_valid(path):
    record = extract_plan(path).to_dict()
    validator = Draft202012Validator(schema(), format_checker=FormatChecker())
    errors = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(record)]
    assert errors == []
    assert record["tasks"], "a plan of the genre has tasks"


@pytest.mark.parametrize("path", documents(), ids=lambda p: p.name)
def test_spans_point_at_the_evidence(path):
    record = extract_plan(path).to_dict()
    text = path.read_bytes().decode(record["source"]["encoding"])
    for task in record["tasks"]:
        quoted = text[task["span"]["start"]:task["span"]["end"]]
        assert task["title"][:4] in quoted.replace("\n", "").replace(" ", "")
        for entry in task["responsible"]:
            written = entry.get("written", entry["agency"])
            # the span may hold the PDF line breaks the name was broken by (区卫\n\n生健康委)
            quoted = text[entry["span"]["start"]:entry["span"]["end"]]
            assert re.sub(r"\s", "", quoted) == written
    for citation in record["citations"]:
        quoted = text[citation["span"]["start"]:citation["span"]["end"]]
        assert (citation["doc_number"] or "")[:2] in quoted or (citation["title"] or "")[-4:] in \
            quoted.replace("\n", "")


def test_bundled_schema_is_the_shared_one():
    if SHARED_SCHEMA.exists():
        assert BUNDLED_SCHEMA.read_text(encoding="utf-8") == SHARED_SCHEMA.read_text(encoding="utf-8")


def test_every_shared_seed_is_bundled():
    """New seeds are taken in by scripts/sync-samples.sh (run by setup); none may be missing."""
    if SHARED_SEEDS.is_dir():
        missing = sorted(p.name for p in SHARED_SEEDS.glob("*.txt")
                         if not (SAMPLES / p.name).exists())
        assert missing == []


@pytest.mark.parametrize("path", documents(), ids=lambda p: p.name)
def test_same_bytes_give_the_same_record(path, tmp_path):
    """Ids, order and every value depend on the bytes alone (not on the path or a run)."""
    copy = tmp_path / path.name
    copy.write_bytes(path.read_bytes())
    first = extract_plan(path).to_dict()
    second = extract_plan(copy).to_dict()
    assert first["source"].pop("path") != second["source"].pop("path")
    assert json.dumps(first, ensure_ascii=False) == json.dumps(second, ensure_ascii=False)
