"""What the loader tests share: a record built from a text written for a test, and the units and
deadlines the responsibility rule reads from a sentence. One copy, so every test reads a text
the same way (a file plan.txt, hash 0…0, UTF-8) and the rule's output in the same shape."""

from __future__ import annotations

from policykg.loaders.plan import build_record
from policykg.loaders.rules.responsibility import find_clauses
from policykg.loaders.source import SourceText


def record(text: str) -> dict:
    """The plan record of `text`, as if read from a UTF-8 file plan.txt."""
    return build_record(SourceText("plan.txt", "0" * 64, "utf-8", text)).to_dict()


def task_plan(body: str, title: str) -> str:
    """The smallest plan around task lines: a title, a preamble, 一、重点任务, then `body`."""
    return f"{title}\n为推进工作，制定本方案。\n一、重点任务\n{body}\n"


def units(text: str) -> list[tuple[str, str]]:
    """(name, role) of every unit of every responsibility clause in `text`, in order."""
    return [(unit.name, unit.role) for clause in find_clauses(text) for unit in clause.units]


def deadlines(text: str) -> list[str]:
    """The deadline written in each responsibility clause of `text` that has one."""
    return [clause.deadline[0] for clause in find_clauses(text) if clause.deadline]


def task_units(found: dict) -> list[list[tuple[str, str]]]:
    """(agency, role) of each task's units, task by task."""
    return [[(r["agency"], r["role"]) for r in task["responsible"]] for task in found["tasks"]]
