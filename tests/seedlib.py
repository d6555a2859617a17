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
