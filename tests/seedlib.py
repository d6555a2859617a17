"""Helpers shared by the seed fact tests (tests/loaders/test_seed_*.py)."""

from __future__ import annotations

import re
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "plans"
BUNDLED = sorted(SAMPLES.glob("*.txt"))  # every bundled plan: tests follow the folder, not a count


def by_id(record: dict) -> dict[str, dict]:
    return {t["id"]: t for t in record["tasks"]}


def units(entries: list[dict]) -> list[tuple[str, str]]:
    return [(e["agency"], e["role"]) for e in entries]


def evidence(text: str, span: dict) -> str:
    """The evidence of a span with layout whitespace removed."""
    return re.sub(r"\s+", "", text[span["start"] : span["end"]])


def find_indicator(record: dict, words: str) -> dict:
    """The one indicator whose name holds `words` (the seed tests name indicators by a phrase)."""
    found = [i for i in record["indicators"] if words in i["name"]]
    assert len(found) == 1, (words, [i["name"] for i in record["indicators"]])
    return found[0]


def values(indicator: dict) -> list[tuple[int | None, str, str]]:
    return [(v.get("year"), str(v["value"]), v["kind"]) for v in indicator["values"]]


def assert_task_evidence(record: dict, text: str) -> None:
    """Every task's title, and every unit named on it or on its table rows, stands in the text
    its span points at (layout whitespace aside)."""
    for task in record["tasks"]:
        assert task["title"] in evidence(text, task["span"]), task["id"]
        entries = list(task["responsible"])
        for row in task.get("assignments", []):
            entries.extend(row["responsible"])
        for entry in entries:
            written = re.sub(r"\s+", "", entry.get("written") or entry["agency"])
            assert written in evidence(text, entry["span"]), (task["id"], entry)
