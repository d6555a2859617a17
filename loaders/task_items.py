"""The outline's items that are tasks or safeguards, with their ids: which sections hold
tasks, which numbered lists are one task's measures, which articles close the plan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .mapped import MappedStr
from .outline import Item, Outline
from .rules.responsibility import find_clauses
from .titles import _is_responsibility_line, split_title

PREAMBLE_TITLE = re.compile(
    r"总体要求|指导思想|基本原则|工作目标|主要目标|总体目标|发展目标|目标要求|总体思路|工作原则|"
    r"实施步骤|进度安排|时间安排|实施阶段|工作步骤|适用范围|编制依据|背景|总则|"
    r"建设目标|预期目标|行动目标|具体目标"
)
# 第X章 附则 (or a last section 其他) closes a plan numbered by chapter and article: its articles
# (有效期, 解释权, 自印发之日起施行) are no tasks, and a date in them is no deadline
CLOSING_TITLE = re.compile(r"^(?:附则|其他|其它|其他事项|附件说明)$")
# the same articles where the plan has no 附则 chapter: 第十八条 本方案由市卫生健康委负责解释。
CLOSING_CLAUSE = re.compile(
    r"^(?:本(?:实施|工作|行动|专项)?(?:方案|办法|计划|措施|意见|细则|规定)"
    r"(?:由|自|从|有效期|适用于|所称|未尽|实施期限|执行期限|施行|印发|与)|"
    r"为[^。]{0,200}(?:制定|制订)本(?:实施|工作|行动)?(?:方案|办法|计划|措施|意见|细则)。?$)"
)
CLOSING_MAX = 200   # a closing article is one or two sentences
SAFEGUARD_TITLE = re.compile(
    r"保障措施|组织实施|组织保障|保障机制|工作保障|实施保障|工作要求|组织领导|"
    r"保障体系|支撑保障|实施机制|强化保障"
)
TASK_TITLE = re.compile(r"任务|措施|举措|工作重点|重点工作")


def section_kind(title: str) -> str:
    """'preamble', 'closing', 'safeguard' or 'task' for a 一、 section, from its title."""
    if CLOSING_TITLE.match(title):
        return "closing"
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
    """The items that are tasks or safeguards, in document order, with their ids.

    Notes on numbered lists read as measures of one task are added to ``outline.notes``.
    """
    found: list[TaskItem] = []
    notes = outline.notes
    roots = outline.roots
    if roots and all(root.level > 1 for root in roots):
        # no 一、 sections at all: the whole body is one task section
        for root in roots:
            _collect(root, "task", None, found, notes)
    else:
        for root in roots:
            if root.level != 1:
                _collect(root, "task", None, found, notes)
                continue
            kind = section_kind(root.title)
            if kind in ("preamble", "closing"):
                continue
            structural = [c for c in root.children if c.level in (2, 3)]
            if structural and not _is_measure_list(root, structural, notes):
                for child in root.children:
                    _collect(child, kind, root, found, notes)
            elif structural or root.paras or split_title(root.head)[1].text:
                found.append(TaskItem(root, kind, None))
    found = [task for task in found if not _is_closing(task.item)]
    _assign_ids(found)
    return found


def _collect(item: Item, kind: str, section: Item | None, found: list[TaskItem],
             notes: list[tuple[str, str, MappedStr]]) -> None:
    structural = [child for child in item.children if child.level in (2, 3)]
    if structural and item.level < 3 and not _is_measure_list(item, structural, notes):
        for child in structural:
            _collect(child, kind, item, found, notes)
        return
    found.append(TaskItem(item, kind, section))


def _is_closing(item: Item) -> bool:
    """A closing article (本方案由…负责解释, 自印发之日起施行, 有效期…) or the purpose article
    (为…，制定本方案): the plan speaking of itself, not a task."""
    if item.children:
        return False
    text = item.full_text().text
    return len(text) <= CLOSING_MAX and bool(CLOSING_CLAUSE.match(text))


def _units_in(text: str) -> bool:
    return any(clause.units for clause in find_clauses(text))


def _is_measure_list(item: Item, measures: list[Item],
                     notes: list[tuple[str, str, MappedStr]]) -> bool:
    """Whether the arabic items under ``item`` are its measures, not tasks of their own.

    Quirk (issue 15 class 2): a task （一）… lists measures 1．2．3． and names its units ONCE
    for all of them, on a line of its own after the last measure (责任单位：A、B) or in its own
    heading or lead paragraph. Read as tasks, the units would land on the last measure only and
    the others would have none. Measures that carry units of their own are tasks.
    """
    if len(measures) < 2 or any(m.level != 3 for m in measures):
        return False
    last = measures[-1]
    if any(_units_in(m.full_text().text) for m in measures[:-1]):
        return False
    own = _units_in("\n".join(part.text for part in (item.head, *item.paras)))
    trailing = 0
    while trailing < len(last.paras) and _is_responsibility_line(last.paras[-1 - trailing].text):
        trailing += 1
    body = [last.head, *last.paras[:len(last.paras) - trailing]]
    last_has_own = _units_in("\n".join(part.text for part in body)) or any(
        _units_in(child.full_text().text) for child in last.children)
    if last_has_own or not (own or trailing):
        return False
    notes.append(("measures-not-tasks",
                  f"the {len(measures)} numbered items under {item.path_label()} 「{item.title}」 "
                  "share one responsibility line: read as measures of that task, not as "
                  f"{len(measures)} tasks", item.marker))
    return True


def _assign_ids(found: list[TaskItem]) -> None:
    """Arabic task numbers are ids when unique in the plan; otherwise the heading path is.

    Articles (第五条) are numbered once through the whole plan, safeguards included: each
    article's number is its id when no number repeats.
    """
    arabic = [t for t in found if t.item.level == 3 and t.kind == "task"]
    numbers = [t.item.number for t in arabic]
    unique = len(numbers) == len(set(numbers))
    articles = [t.item.number for t in found if _is_article(t.item)]
    articles_unique = len(articles) == len(set(articles))
    for task in found:
        if _is_article(task.item) and articles_unique:
            task.id = str(task.item.number)
        elif task.item.level == 3 and task.kind == "task" and unique:
            task.id = str(task.item.number)
        else:
            task.id = task.item.path_label()


def _is_article(item: Item) -> bool:
    """第五条: an article of a plan numbered by chapter and article."""
    return item.level == 3 and item.marker.text.startswith("第")
