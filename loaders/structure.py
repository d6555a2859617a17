"""Find the plan's sections, numbered tasks and safeguard items.

The genre numbers headings 一、 > （一） > 1. > （1） > ①. Which level carries the tasks varies:
seed 000 and 003 number tasks 1., 2. … under （一） subsections; seed 002 has no arabic items and
its tasks are the （一） items of each section (ids 二.(一)). Sections named 保障措施 / 组织实施 /
组织保障 hold safeguard items; 总体要求 / 指导思想 / 工作目标 hold no tasks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from .mapped import MappedStr, concat
from .normalize import Para

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
             "八": 8, "九": 9}
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

# level, pattern: the number is group 1; the marker ends where the match ends
HEADING_PATTERNS: list[tuple[int, re.Pattern[str]]] = [
    (1, re.compile(r"^([一二三四五六七八九十]{1,3})\s*[、.．]\s*")),           # 一、
    (1, re.compile(r"^第([一二三四五六七八九十]{1,3})(?:部分|章)\s*")),        # 第一部分
    (2, re.compile(r"^[（(]\s*([一二三四五六七八九十]{1,3})\s*[）)]\s*[、.]?\s*")),  # （一）
    (3, re.compile(r"^(\d{1,3})\s*[.．、](?!\d)\s*")),                         # 1. 1、 (not 1.5)
    (4, re.compile(r"^[（(]\s*(\d{1,3})\s*[）)]\s*")),                          # （1）
    (5, re.compile("^([" + CIRCLED + r"])\s*")),                               # ①
]
PREAMBLE_TITLE = re.compile(
    r"总体要求|指导思想|基本原则|工作目标|主要目标|总体目标|发展目标|目标要求|总体思路|工作原则|"
    r"实施步骤|进度安排|时间安排|实施阶段|工作步骤|适用范围|编制依据|背景"
)
SAFEGUARD_TITLE = re.compile(
    r"保障措施|组织实施|组织保障|保障机制|工作保障|实施保障|工作要求|组织领导|"
    r"保障体系|支撑保障|实施机制|强化保障"
)
TASK_TITLE = re.compile(r"任务|措施|举措|工作重点|重点工作")
TITLE_END = re.compile(r"[。！？]")


def chinese_number(text: str) -> int:
    """一 -> 1, 十二 -> 12, 二十 -> 20."""
    if "十" in text:
        tens, _, units = text.partition("十")
        return (CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (CN_DIGITS.get(units, 0))
    value = 0
    for char in text:
        value = value * 10 + CN_DIGITS.get(char, 0)
    return value


def parse_number(level: int, raw: str) -> int:
    if level in (1, 2):
        return chinese_number(raw)
    if level == 5:
        return CIRCLED.index(raw) + 1
    return int(raw)


def match_heading(text: str) -> tuple[int, int, str, int] | None:
    """(level, number, number as written, end of marker) for a paragraph that starts a heading."""
    for level, pattern in HEADING_PATTERNS:
        found = pattern.match(text)
        if found:
            return level, parse_number(level, found.group(1)), found.group(1), found.end()
    return None


@dataclass
class Item:
    """A numbered heading and everything under it until the next heading of its level or above."""

    level: int
    number: int
    written: str            # the number as written: 二, 12, 2
    marker: MappedStr       # the whole marker as written, e.g. （一）
    head: MappedStr         # the heading paragraph after the marker
    line: int
    paras: list[MappedStr] = field(default_factory=list)   # body paragraphs after the heading
    children: list[Item] = field(default_factory=list)
    parent: Item | None = None
    restyled_from: str | None = None   # （2） written where （二） belongs

    @cached_property
    def title(self) -> str:
        return split_title(self.head)[0].text

    def full_text(self) -> MappedStr:
        """Heading (without its number) and body, including sub-items (（1）, ①)."""
        parts = [self.head, *self.paras]
        for child in self.children:
            parts.append(concat([child.marker, child.full_text()]))
        return concat([part for part in parts if len(part)], "\n")

    def path_label(self) -> str:
        labels = []
        item: Item | None = self
        while item is not None:
            labels.append(item.written if item.level in (1, 3) else f"({item.written})")
            item = item.parent
        return ".".join(reversed(labels))


def split_title(head: MappedStr) -> tuple[MappedStr, MappedStr]:
    """A heading's title (no final 。) and the rest of its paragraph.

    Titles are short phrases closed by 。 (打造高水平公立医院。加快…) or stand alone on their line
    (（一）构建公立医院高质量发展新体系). A first sentence over 60 characters is still the title:
    some plans state each task in one sentence.
    """
    text = head.text
    end = TITLE_END.search(text)
    colon = re.search(r"[：:]", text[:40])
    if colon and (not end or colon.start() < end.start()) and colon.start() >= 2:
        return head[: colon.start()].strip(), head[colon.end():].strip()
    if end:
        return head[: end.start()].strip(), head[end.end():].strip()
    return head.strip(), head[len(text):]


@dataclass
class Outline:
    """The body of a plan as a tree of items, plus what came before the first heading."""

    roots: list[Item]
    preamble: list[MappedStr]
    notes: list[tuple[str, str, MappedStr]]  # (code, message, where) for the warnings


def build_outline(paras: list[Para]) -> Outline:
    """Body paragraphs (text only, in order) -> items. Tables are handled elsewhere."""
    roots: list[Item] = []
    preamble: list[MappedStr] = []
    notes: list[tuple[str, str, MappedStr]] = []
    stack: list[Item] = []
    seen = _SubItems()
    for para in paras:
        if para.kind != "text":
            continue
        text = para.text.text
        heading = match_heading(text)
        if heading is None:
            if stack:
                stack[-1].paras.append(para.text)
            else:
                preamble.append(para.text)
            continue
        level, number, written, marker_end = heading
        restyled = None
        if level == 4 and _is_misstyled_subsection(stack, number, seen):
            # quirk (issue 3 item 5): （2） typed where （二） belongs — seen in real plans
            # after a （一） subsection; treat it as the subsection it stands for
            restyled, level = f"（{written}）", 2
            written = "一二三四五六七八九十"[number - 1] if number <= 10 else str(number)
            notes.append(("numbering-style",
                          f"heading {restyled} is numbered in the style of a sub-item but stands "
                          f"where subsection （{written}） belongs; read as （{written}）",
                          para.text[:marker_end]))
        while stack and stack[-1].level >= level:
            stack.pop()
        item = Item(level, number, written, para.text[:marker_end].strip(),
                    para.text[marker_end:].strip(), para.line,
                    parent=stack[-1] if stack else None, restyled_from=restyled)
        (stack[-1].children if stack else roots).append(item)
        if level == 4 and stack:
            seen.numbers.setdefault(id(stack[-1]), set()).add(number)
        stack.append(item)
    return Outline(roots, preamble, notes)


class _SubItems:
    """What the misstyled-heading test asks of an open item, kept as the outline grows: the
    numbers of its （N） children, and whether its own text writes （N） (rescanning them at
    every heading was quadratic on a long list)."""

    def __init__(self) -> None:
        self.numbers: dict[int, set[int]] = {}   # id(item) -> numbers of its （N） children
        self._written: dict[tuple[int, int], tuple[int, bool]] = {}

    def writes(self, item: Item, number: int) -> bool:
        """Whether the item's heading or paragraphs (not its children) write （number）."""
        key, paras = (id(item), number), len(item.paras)
        if key not in self._written or self._written[key][0] != paras:
            text = "".join(part.text for part in (item.head, *item.paras))
            self._written[key] = (paras, f"（{number}）" in text or f"({number})" in text)
        return self._written[key][1]


def _is_misstyled_subsection(stack: list[Item], number: int, seen: _SubItems) -> bool:
    """（N） while subsection N-1 is open and no （N-1） precedes it: a typo for the Nth subsection.

    A real sub-item list counts （1）（2）… under its parent, so a （2） whose parent (the open
    arabic item, or the subsection itself) has no （1） cannot be a sub-item. Seed 004 writes
    "（2） 全面提升…" after task 6. of subsection （一）, with tasks 7.–12. under it.
    """
    if number < 2 or not stack:
        return False
    open_subsection = next((item for item in reversed(stack) if item.level == 2), None)
    if open_subsection is None or open_subsection.number != number - 1:
        return False
    parent = next((item for item in reversed(stack) if item.level in (2, 3)), open_subsection)
    if number - 1 in seen.numbers.get(id(parent), ()):
        return False
    # （1） written inside the parent's paragraph (not on a line of its own) starts a list too
    return not seen.writes(parent, number - 1)


def section_kind(title: str) -> str:
    """'preamble', 'safeguard' or 'task' for a 一、 section, from its title."""
    if SAFEGUARD_TITLE.search(title):
        return "safeguard"
    if PREAMBLE_TITLE.search(title) and not TASK_TITLE.search(title):
        return "preamble"
    return "task"


@dataclass
class TaskItem:
    item: Item
    kind: str            # task | safeguard
    section: Item | None  # enclosing subsection or section heading, for `section`
    id: str = ""


def collect_tasks(outline: Outline) -> list[TaskItem]:
    """The items that are tasks or safeguards, in document order, with their ids."""
    found: list[TaskItem] = []
    roots = outline.roots
    if roots and all(root.level > 1 for root in roots):
        # no 一、 sections at all: the whole body is one task section
        for root in roots:
            _collect(root, "task", None, found)
    else:
        for root in roots:
            if root.level != 1:
                _collect(root, "task", None, found)
                continue
            kind = section_kind(root.title)
            if kind == "preamble":
                continue
            if not [c for c in root.children if c.level in (2, 3)]:
                if root.paras or split_title(root.head)[1].text:
                    found.append(TaskItem(root, kind, None))
                continue
            for child in root.children:
                _collect(child, kind, root, found)
    _assign_ids(found)
    return found


def _collect(item: Item, kind: str, section: Item | None, found: list[TaskItem]) -> None:
    structural = [child for child in item.children if child.level in (2, 3)]
    if structural and item.level < 3:
        for child in structural:
            _collect(child, kind, item, found)
        return
    found.append(TaskItem(item, kind, section))


def _assign_ids(found: list[TaskItem]) -> None:
    """Arabic task numbers are ids when unique in the plan; otherwise the heading path is."""
    arabic = [t for t in found if t.item.level == 3 and t.kind == "task"]
    numbers = [t.item.number for t in arabic]
    unique = len(numbers) == len(set(numbers))
    for task in found:
        if task.item.level == 3 and task.kind == "task" and unique:
            task.id = str(task.item.number)
        else:
            task.id = task.item.path_label()


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
