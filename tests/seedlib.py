"""Helpers shared by the seed fact tests (tests/loaders/test_seed_*.py)."""

from __future__ import annotations

import re
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "plans"


def by_id(record: dict) -> dict[str, dict]:
    return {t["id"]: t for t in record["tasks"]}


def units(entries: list[dict]) -> list[tuple[str, str]]:
    return [(e["agency"], e["role"]) for e in entries]


def evidence(text: str, span: dict) -> str:
    """The evidence of a span with layout whitespace removed."""
    return re.sub(r"\s+", "", text[span["start"] : span["end"]])
