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
from itertools import pairwise

from .mapped import MappedStr, concat
from .normalize import Para
from .rules.responsibility import find_clauses
from .text import chinese_number, is_cjk_unified

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

# level, pattern: the number is group 1; the marker ends where the match ends
HEADING_PATTERNS: list[tuple[int, re.Pattern[str]]] = [
    (1, re.compile(r"^([一二三四五六七八九十]{1,3})\s*[、.．]\s*")),           # 一、
    (1, re.compile(r"^第([一二三四五六七八九十]{1,3})(?:部分|章)\s*")),        # 第一部分
    (2, re.compile(r"^[（(]\s*([一二三四五六七八九十]{1,3})\s*[）)]\s*[、.]?\s*")),  # （一）
    (2, re.compile(r"^第([一二三四五六七八九十]{1,3})节\s*")),                   # 第一节
    (3, re.compile(r"^(\d{1,3})\s*[.．、](?!\d)\s*")),                         # 1. 1、 (not 1.5)
    # 第一条: plans numbered by chapter and article (第一章 … 第一条 …) carry tasks as articles
    (3, re.compile(r"^第([一二三四五六七八九十百零〇]{1,6})条\s*")),
    (4, re.compile(r"^[（(]\s*(\d{1,3})\s*[）)]\s*")),                          # （1）
    (5, re.compile("^([" + CIRCLED + r"])\s*")),                               # ①
]
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
TITLE_END = re.compile(r"[。！？]")


def parse_number(level: int, raw: str) -> int:
    if level in (1, 2) or not raw.isdigit():   # 一、 （一） 第十二条
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


def split_title(head: MappedStr, source: str | None = None) -> tuple[MappedStr, MappedStr]:
    """A heading's title (no final 。) and the rest of its paragraph.

    Titles are short phrases closed by 。 (打造高水平公立医院。加快…) or stand alone on their line
    (（一）构建公立医院高质量发展新体系), or are set off by a colon or a (full-width) space that
    normalisation removed (加强人才队伍建设　实施……). A first sentence over 60 characters is still
    the title: some plans state each task in one sentence. ``source`` (the decoded text) tells
    a removed space from a joined line break (see ``_lead_phrase_end``).
    """
    text = head.text
    end = TITLE_END.search(text)
    colon = re.search(r"[：:]", text[:40])
    if colon and re.search(r"[（(]", text[:colon.start()]):
        colon = None   # 营造健康环境（牵头单位：…）: the colon of a bracketed clause
    gap = _lead_phrase_end(head, source)
    if gap is not None and (not end or gap < end.start()) and (not colon or gap < colon.start()):
        return head[:gap].strip(), head[gap:].strip()
    if colon and (not end or colon.start() < end.start()) and colon.start() >= 2:
        return head[: colon.start()].strip(), head[colon.end():].strip()
    if end:
        return head[: end.start()].strip(), head[end.end():].strip()
    bracket = re.search(r"[（(]", text)
    if bracket and bracket.start() >= 2 and _is_responsibility_line(text[bracket.start():]):
        # （一）营造健康环境（牵头单位：市住房和城乡建设局）: the units are no part of the title
        return head[:bracket.start()].strip(), head[bracket.start():]
    return head.strip(), head[len(text):]


LEAD_MIN, LEAD_MAX = 4, 18    # characters of a lead phrase (加强人才队伍建设)
LEAD_LONG = 6                 # a lead phrase this long followed by ...
LEAD_SENTENCE_MIN = 10        # ... this much before 。 is a title and a sentence, not a phrase,
SENTENCE_OPENING = re.compile(  # unless it opens as a sentence does: 加强人才队伍建设　实施……
    r"实施|开展|推进|推动|建立|健全|完善|加强|加快|落实|支持|鼓励|提升|提高|深化|强化|优化|"
    r"创新|探索|引导|组织|依托|围绕|按照|坚持|以|到20|力争|全面|持续|积极|大力|统筹|构建|"
    r"建设|发挥|做好|规范|扩大|推广|制定|明确|将|对|各")
LEAD_STOP = re.compile(r"[，。；：、,;:（）()《》“”\d\s]")


def _lead_phrase_end(head: MappedStr, source: str | None = None) -> int | None:
    """Where a lead phrase ends at a space that normalisation removed, or None.

    Quirk (issue 15 class 4): 加强人才队伍建设　实施…… sets the title off by a full-width space,
    which the clean-up of stray spaces between CJK characters deletes; the map still shows the
    gap. A PDF's stray space inside a phrase (加强健康 环境建设。) is told apart by what follows:
    a sentence of its own, not the rest of the phrase.

    With ``source``, a jump over a line break is no gap: a table cell wrapped over lines
    (3.推进医疗卫生 / 机构与养老机构签约合作, its lines joined; quirk of PDF copies) is one
    phrase. Checking the skipped characters is linear in the gap, which is short or ends the
    scan at its first line break.
    """
    text = head.text
    for boundary in run_starts(head, LEAD_MAX + 1):
        if boundary < LEAD_MIN or LEAD_STOP.search(text, 0, boundary):
            continue
        if not (is_cjk_unified(text[boundary - 1]) and is_cjk_unified(text[boundary])):
            continue
        before, after = head.source_offset(boundary - 1), head.source_offset(boundary)
        if after - before <= 1:
            continue
        if source is not None and source.find("\n", before + 1, after) >= 0:
            continue   # a wrapped cell's line break, not a space setting the title off
        end = TITLE_END.search(text, boundary)
        sentence = (end.start() if end else len(text)) - boundary
        opens = SENTENCE_OPENING.match(text, boundary)
        long_lead = boundary >= LEAD_LONG and sentence >= LEAD_SENTENCE_MIN
        return boundary if opens or long_lead else None
    return None


def run_starts(text: MappedStr, limit: int) -> list[int]:
    """Local offsets (below ``limit``) where the text jumps in the source: a removed space or a
    joined line break lies just before each."""
    starts = text._local   # the map's runs (loaders/mapped.py): one per contiguous piece
    return [start for start in starts[1:] if start < limit]


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
    for para in drop_repeats(paras, notes):
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


REPEAT_MIN = 6        # characters: a shorter repeat may be the text's own (服务服务)
REPEAT_LINE_MAX = 200  # a line printed twice is at most this long
REPEAT_RUNS = 3       # lines (pieces of the map) a repeat inside a paragraph may span
REPEAT_VARIETY = 4    # distinct characters in a repeat: 医医医医医医 is no printed line


def drop_repeats(paras: list[Para], notes: list[tuple[str, str, MappedStr]]) -> list[Para]:
    """The text paragraphs with text that the conversion printed twice removed.

    Quirk (issue 15 class 6): PDF conversion can print the last line or paragraph of a page
    again at the top of the next one. A paragraph equal to the one before it, or to the end
    of it, with a page break between them (more than a line break) is dropped; a line
    repeated inside a paragraph (the break joined the two copies) is cut. Each repeat is
    noted as `text-repeated` with the span of the copy removed.
    """
    kept: list[Para] = []
    for para in paras:
        if para.kind != "text":
            continue
        text = para.text.text
        previous = kept[-1].text.text if kept else ""
        if len(text) >= REPEAT_MIN and _page_between(kept[-1] if kept else None, para) and (
                text == previous or (len(text) >= REPEAT_MIN + 2 and previous.endswith(text)
                                     and match_heading(text) is None)):
            notes.append(_repeat_note(para.text))
            continue
        cut = _cut_repeated_lines(para.text, notes)
        kept.append(para if cut is para.text else Para(para.kind, cut, para.line))
    return kept


def _page_between(previous: Para | None, para: Para) -> bool:
    """Whether more than a line break lies between two paragraphs in the source (a page
    number, a form feed, blank lines): two equal paragraphs right after each other are the
    author's (numbering-repeat, duplicate-heading), across a page break the conversion's."""
    if previous is None:
        return False
    return para.text.source_offset(0) - previous.text.source_offset(len(previous.text)) > 1


def _repeat_note(copy: MappedStr) -> tuple[str, str, MappedStr]:
    shown = copy.text if len(copy.text) <= 30 else copy.text[:30] + "…"
    return ("text-repeated", f"「{shown}」 is printed twice (a page break in the conversion); "
            "read once", copy)


def _cut_repeated_lines(text: MappedStr, notes: list[tuple[str, str, MappedStr]]) -> MappedStr:
    """``text`` without a line that follows a copy of itself where two lines were joined.

    Only the starts of the map's runs (where lines were joined or spaces removed) are tried,
    each against the next few runs, so the check stays linear in the paragraph.
    """
    starts = [*run_starts(text, len(text.text)), len(text.text)]
    if len(starts) < 2:
        return text
    bounds = [0, *starts]
    ends = set(bounds)
    plain = text.text
    cuts: list[tuple[int, int]] = []
    for index in range(1, len(bounds) - 1):
        start = bounds[index]
        if cuts and start < cuts[-1][1]:
            continue
        for back in range(1, REPEAT_RUNS + 1):
            if index - back < 0:
                break
            size = start - bounds[index - back]
            if size > REPEAT_LINE_MAX:
                break
            if size >= REPEAT_MIN and start + size in ends \
                    and plain[start:start + size] == plain[start - size:start] \
                    and len(set(plain[start:start + size])) >= REPEAT_VARIETY:
                cuts.append((start, start + size))
                break
    if not cuts:
        return text
    pieces, position = [], 0
    for start, end in cuts:
        notes.append(_repeat_note(text[start:end]))
        pieces.append(text[position:start])
        position = end
    pieces.append(text[position:])
    return concat(pieces)


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


def _is_responsibility_line(text: str) -> bool:
    """A paragraph that is only a responsibility clause: 责任单位：A、B。 / （牵头单位：A）."""
    clauses = [clause for clause in find_clauses(text) if clause.units]
    if not clauses:
        return False
    rest = text[:clauses[0].start] + "".join(
        text[a.end:b.start] for a, b in pairwise(clauses))
    rest += text[clauses[-1].end:]
    return not rest.strip(" 。；;，,、（）()")


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
