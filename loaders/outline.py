"""The plan's numbered headings as a tree (``Outline``): heading levels and their numbers
(一、 > （一） > 1. > （1） > ①), lines printed twice removed, and （2） typed where （二）
belongs read as the subsection it stands for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from .mapped import MappedStr, concat
from .normalize import Para
from .text import chinese_number
from .titles import run_starts, split_title

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
    # kept, cut, kept, cut, …, kept: one walk over the map however many lines are cut
    pieces = text.split_at([offset for cut in cuts for offset in cut])
    notes.extend(_repeat_note(copy) for copy in pieces[1::2])
    return concat(pieces[::2])


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
