"""Warnings on the outline's numbering: numbers that skip or repeat per level, and headings
written twice.
"""

from __future__ import annotations

from .mapped import MappedStr
from .outline import Item, Outline
from .task_items import TaskItem


def numbering_notes(outline: Outline, tasks: list[TaskItem]) -> list[tuple[str, str, MappedStr]]:
    """Numbers that skip or repeat, per level; arabic tasks may run on across subsections."""
    notes: list[tuple[str, str, MappedStr]] = []

    def check(items: list[Item], what: str) -> None:
        previous: Item | None = None
        for item in items:
            if previous is not None:
                if item.number == previous.number:
                    notes.append(("numbering-repeat",
                                  f"{what} number {item.written} is used twice "
                                  f"(「{previous.title}」 and 「{item.title}」)", item.marker))
                elif item.number != previous.number + 1:
                    notes.append(("numbering-skip",
                                  f"{what} numbering jumps from {previous.written} "
                                  f"to {item.written}",
                                  item.marker))
            previous = item

    def walk(items: list[Item], continuous_arabic: bool) -> None:
        by_level: dict[int, list[Item]] = {}
        for item in items:
            by_level.setdefault(item.level, []).append(item)
        for level, group in by_level.items():
            if level == 3 and continuous_arabic:
                continue
            check(group, {1: "section", 2: "subsection", 3: "item", 4: "sub-item",
                          5: "point"}[level])
        for item in items:
            walk(item.children, continuous_arabic)

    arabic_tasks = [t.item for t in tasks if t.item.level == 3 and t.kind == "task"]
    continuous = bool(arabic_tasks) and len({t.number for t in arabic_tasks}) > 1 and not any(
        t.number == 1 for t in arabic_tasks[1:])
    walk(outline.roots, continuous)
    if continuous:
        check(arabic_tasks, "task")
    titles: dict[str, Item] = {}
    for task in tasks:
        title = task.item.title
        if title in titles and title:
            notes.append(("duplicate-heading",
                          f"the heading 「{title}」 appears twice (tasks "
                          f"{titles[title].path_label()} and {task.item.path_label()})",
                          task.item.marker))
        titles.setdefault(title, task.item)
    return notes
