"""Find the plan's sections, numbered tasks and safeguard items.

The genre numbers headings 一、 > （一） > 1. > （1） > ①. Which level carries the tasks varies:
seed 000 and 003 number tasks 1., 2. … under （一） subsections; seed 002 has no arabic items and
its tasks are the （一） items of each section (ids 二.(一)). Sections named 保障措施 / 组织实施 /
组织保障 hold safeguard items; 总体要求 / 指导思想 / 工作目标 hold no tasks.

The work is done by outline.py (headings, their numbers and the tree), titles.py (a
heading's title split from its text), task_items.py (which items are tasks and their ids)
and numbering.py (numbers that skip or repeat); their names stay importable from here.
"""

from __future__ import annotations

from .numbering import numbering_notes
from .outline import (
    CIRCLED,
    HEADING_PATTERNS,
    Item,
    Outline,
    build_outline,
    drop_repeats,
    match_heading,
    parse_number,
)
from .task_items import (
    CLOSING_CLAUSE,
    CLOSING_TITLE,
    PREAMBLE_TITLE,
    SAFEGUARD_TITLE,
    TASK_TITLE,
    TaskItem,
    collect_tasks,
    section_kind,
)
from .text import chinese_number
from .titles import HEADING_TITLE_STOP, run_starts, split_title

__all__ = [
    "CIRCLED", "CLOSING_CLAUSE", "CLOSING_TITLE", "HEADING_PATTERNS", "HEADING_TITLE_STOP",
    "PREAMBLE_TITLE", "SAFEGUARD_TITLE", "TASK_TITLE", "Item", "Outline", "TaskItem",
    "build_outline", "chinese_number", "collect_tasks", "drop_repeats", "match_heading",
    "numbering_notes", "parse_number", "run_starts", "section_kind", "split_title",
]
