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


# ---- one check a shape: each seed module passes its expected values as data ----------------

PLAN_FIELDS = ("title", "doc_number", "issuer", "jurisdiction", "jurisdiction_parts", "issued",
               "status")


def assert_task_kinds(record: dict, tasks: int, safeguards: int, ids: list[str]) -> None:
    """The plan's tasks, then its safeguards (保障措施 items), with these ids in this order."""
    kinds = [t["kind"] for t in record["tasks"]]
    assert kinds.count("task") == tasks
    assert kinds.count("safeguard") == safeguards
    assert kinds == ["task"] * tasks + ["safeguard"] * safeguards
    assert [t["id"] for t in record["tasks"]] == ids


def assert_plan_metadata(record: dict, source_text: str, expected: dict,
                         title_evidence: str | None = None) -> None:
    """Every metadata field equals the value the seed module read from the text (all fields
    named, none left out), and the title's span points at the title; where a damaged line lost
    part of it, at text holding `title_evidence`."""
    plan = record["plan"]
    assert sorted(expected) == sorted(PLAN_FIELDS)
    assert {name: plan[name] for name in PLAN_FIELDS} == expected
    if title_evidence is None:
        assert evidence(source_text, plan["title_span"]) == plan["title"]
    else:
        assert title_evidence in evidence(source_text, plan["title_span"])


def titles(record: dict) -> list[tuple[str, str]]:
    """(id, title) of every task, in order."""
    return [(t["id"], t["title"]) for t in record["tasks"]]


def sections(record: dict) -> list[str]:
    return [t["section"] for t in record["tasks"]]


def responsible_units(record: dict) -> dict[str, list[tuple[str, str]]]:
    """Task id -> its (agency, role) pairs, in the record's order."""
    return {tid: units(t["responsible"]) for tid, t in by_id(record).items()}


def all_responsible(expected: dict[str, list[str]]) -> dict[str, list[tuple[str, str]]]:
    """Expected units of a plan whose every unit is `responsible`, in the shape of
    responsible_units()."""
    return {tid: [(name, "responsible") for name in names] for tid, names in expected.items()}


def cited(record: dict) -> list[tuple[str | None, str, str]]:
    """(doc number, title, relation) of every citation, in order."""
    return [(c["doc_number"], c["title"], c["relation"]) for c in record["citations"]]


def assert_own_title_not_cited(record: dict, words: str) -> None:
    """The plan quotes its own title in 《》; no citation may hold `words` of it."""
    assert all(words not in (c["title"] or "") for c in record["citations"])


def assert_no_task_table(record: dict) -> None:
    """No 任务分工 / 附件 table: no task carries table rows, no indicator comes from a table."""
    assert all(t.get("assignments", []) == [] for t in record["tasks"])
    assert [i for i in record["indicators"] if i.get("source") == "table"] == []


def task_hospitals(record: dict) -> dict[str, list[str]]:
    """Task id -> the hospitals it names."""
    return {tid: t["hospitals"] for tid, t in by_id(record).items()}


def warning_lines(record: dict, code: str | None = None) -> list:
    """(code, line) of every warning, or with `code` the lines of that code's warnings."""
    if code is None:
        return [(w["code"], w["line"]) for w in record["warnings"]]
    return [w["line"] for w in record["warnings"] if w["code"] == code]
