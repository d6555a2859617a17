"""Who answers for a task: the responsibility clauses of the genre.

Forms (issue 3, item 6), all found by one scanner over bracket groups and labels:
  （区卫生健康委负责）                      responsible
  （A、B按职责分工负责） / （A、B分别负责）  responsible, in written order
  〔A、B和各县（区）人民政府按职责分工负责〕 square brackets, 和 between units, a unit whose
                                            name contains a bracket
  （责任单位：A、B）                        responsible
  （A、B）                                  bare list, only at the end of a sentence and only
                                            when every part is an agency name
  （牵头单位：A；配合单位：B、C）           lead / cooperating
  （A牵头，B、C配合） / （由A牵头）         lead / cooperating
  责任单位：A（牵头）、B                     A lead, B responsible
  牵头单位：A  配合单位：B  (labels without brackets, e.g. on their own line)
A deadline written inside the clause (（…，2023年底前完成）, （A牵头，B配合；每年）, （…；年内）)
is returned with it. A line break inside a unit name (县卫生健⏎康局, from PDF text) is read
as if it were not there.
Only 牵头 / 配合 wording makes a unit lead or cooperating; everything else is `responsible`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from functools import cache
from itertools import pairwise

from ..memo import remembered
from .name_breaks import _continues, _word_breaks
from .unit_names import (
    CLOSERS,
    LABEL,
    LABELS,
    OPENERS,
    Role,
    UnitMention,
    _split_depth0,
    _trim,
    _units,
    looks_like_agency,
)

LEAD = re.compile(r"^由?(?P<units>.+?)(?:牵头负责|牵头落实|牵头)$")
COOPERATING = re.compile(r"^(?P<units>.+?)(?:等单位)?(?:配合|参与|协同|协助|协办)$")
RESPONSIBLE = re.compile(
    r"^由?(?P<units>.+?)(?:等单位|等部门|等)?"
    # 按职责分工负责, 按职能职责负责 …; 落实 as in …牵头，各区县政府落实
    r"(?:按照?(?:职责|职能|职能职责|各自职责)(?:分工)?(?:负责|落实)|"
    r"分别负责|共同负责|负责落实|具体负责|组织实施|抓好落实|负责|落实)$"
)
# each pattern with the role it gives and the words its match ends with ($ may also stand
# before a final line break)
_WORDED: tuple[tuple[re.Pattern[str], Role, tuple[str, ...]], ...] = (
    (RESPONSIBLE, "responsible", ("负责", "落实", "实施")),
    (LEAD, "lead", ("牵头", "负责", "落实")),
    (COOPERATING, "cooperating", ("配合", "参与", "协同", "协助", "协办")),
)
# a segment of a clause that is its deadline: （A牵头，B配合；每年） / （…；2025年底前） /
# （…；年内完成） / （…；“十四五”期间）; a segment that is an agency name is never one
DEADLINE_WORDS = re.compile(
    r"\d{4}\s*年|持续推进|长期坚持|持续开展|长期|常态化|持续|完成$|每年|每季度|每半年|每月|每[两三]年|"
    r"常年|逐年|年内|当年|年底前|年底|上半年|下半年|立即|即时|十[三四五]五")


@dataclass(frozen=True)
class Clause:
    """A responsibility clause: its units in written order, and a deadline if it states one."""

    units: tuple[UnitMention, ...]
    start: int
    end: int
    deadline: tuple[str, int, int] | None = None
    explicit: bool = True    # False for a bare （A、B） list


def find_clauses(text: str) -> list[Clause]:
    """Every responsibility clause in ``text``, in order.

    A line break inside a unit name (县卫生健⏎康局: PDF text breaks lines anywhere, and the line
    joiner keeps a break after ； or ：, so a clause can reach the rules with one inside) is read
    as if it were not there; offsets stay offsets into ``text``."""
    return list(_clauses_of(text))


@remembered
def _clauses_of(text: str) -> tuple[Clause, ...]:
    """find_clauses, remembered by text within a document (loaders/memo.py): a task's text is
    read for its title, for whether it is a task and for its units; Clauses are frozen."""
    return tuple(_read_clauses(text))


def _read_clauses(text: str) -> list[Clause]:
    breaks = _word_breaks(text)
    if not breaks:
        return _find_clauses(text)
    joined = "".join(text[a + 1:b] for a, b in pairwise([-1, *breaks, len(text)]))
    # a character at ``at`` in ``joined`` is at at + (breaks removed before it) in ``text``
    shifted = [position - index for index, position in enumerate(breaks)]

    def start(at: int) -> int:
        return at + bisect.bisect_right(shifted, at)

    def end(at: int) -> int:
        return start(at - 1) + 1 if at > 0 else 0

    return [replace(
        clause, start=start(clause.start), end=end(clause.end),
        units=tuple(replace(unit, start=start(unit.start), end=end(unit.end))
                    for unit in clause.units),
        deadline=(clause.deadline[0], start(clause.deadline[1]), end(clause.deadline[2]))
        if clause.deadline else None)
        for clause in _find_clauses(joined)]


def _find_clauses(text: str) -> list[Clause]:
    clauses: list[Clause] = []
    groups = list(_bracket_groups(text))
    for start, end in groups:
        clause = _parse_clause(text, start + 1, end - 1, start, end, bracketed=True)
        if clause and (clause.explicit or _ends_sentence(text, end)):
            clauses.append(clause)
    covered = [(start, end) for start, end in groups]
    clauses.extend(_labelled_lines(text, covered))
    clauses.sort(key=lambda clause: clause.start)
    return clauses


def _bracket_groups(text: str):
    """(start, end) of every top-level bracket group; unbalanced brackets are skipped. Any
    closer closes (mixed widths: （…) closes as well as （…）); a line break that does not
    continue a list closes every open bracket."""
    if _OPENER.search(text) is None:
        return   # nothing opens: no group (and no depths to count)
    start = depth = 0
    # the depth changes only at a bracket or a line break: visit those, not every character,
    # and count it as bracket_depths does (a closer with nothing open is ignored)
    for mark in _MARK.finditer(text):
        index = mark.start()
        char, before = text[index], depth
        if char in OPENERS:
            depth += 1
        elif char in CLOSERS:
            if depth:
                depth -= 1
        elif not _continues(text, index):   # a line break that does not continue a list
            depth = 0
        if depth == 1 and before == 0:     # an opener at the top level
            start = index
        elif depth == 0 and before == 1 and char in CLOSERS:
            yield start, index + 1


_OPENER = re.compile("[" + re.escape("".join(OPENERS)) + "]")
_MARK = re.compile("[" + re.escape("".join(OPENERS) + "".join(CLOSERS)) + "\n]")


def _ends_sentence(text: str, end: int) -> bool:
    rest = text[end:end + 2]
    return not rest or rest[0] in "。；;\n）)" or rest[0] in OPENERS


def _labelled_lines(text: str, covered: list[tuple[int, int]]) -> list[Clause]:
    """牵头单位：A / 配合单位：B written outside brackets, up to the end of the line or sentence."""
    clauses: list[Clause] = []
    # the groups are in order and do not overlap: find the one before each label by bisection
    # (testing every group for every label was quadratic)
    starts = [start for start, _ in covered]
    matches = []
    for m in LABEL.finditer(text):
        before = bisect.bisect_right(starts, m.start()) - 1
        if before < 0 or not m.start() < covered[before][1]:
            matches.append(m)
    index = 0
    while index < len(matches):
        first = matches[index]
        # labels that follow one another (；, a line break or a space between) form one clause
        last_end = _label_value_end(text, first.end())
        while index + 1 < len(matches) and matches[index + 1].start() <= last_end + 2:
            index += 1
            last_end = _label_value_end(text, matches[index].end())
        clause = _parse_clause(text, first.start(), last_end, first.start(), last_end,
                               bracketed=False)
        if clause:
            clauses.append(clause)
        index += 1
    return clauses


@cache
def _value_stop() -> re.Pattern[str]:
    return re.compile(r"[。\n]|[；;]|\s{2,}|" + LABEL.pattern)


def _label_value_end(text: str, start: int) -> int:
    """Where a label's value ends. A label whose value is on the next line (牵头单位： then a
    PDF line break) reads on from there: only the spaces right after the colon are skipped."""
    while start < len(text) and text[start] in " \u3000\t\n":
        start += 1
    found = _value_stop().search(text, start)
    return found.start() if found else len(text)



@dataclass
class _Reading:
    """What a clause has said so far, segment by segment."""

    units: list[UnitMention] = field(default_factory=list)
    # units whose role the next worded segment decides: in （A牵头，B，C配合） B cooperates as C
    # does, the role word closing a run of comma-separated units applies to the whole run
    pending: list[int] = field(default_factory=list)
    deadline: tuple[str, int, int] | None = None
    explicit: bool = False
    label_role: Role | None = None

    def add(self, found: list[UnitMention], default: Role, open_role: bool) -> None:
        for unit in found:
            if open_role and unit.role == default:
                self.pending.append(len(self.units))
            self.units.append(unit)

    def add_worded(self, role: Role, found: list[UnitMention]) -> None:
        for index in self.pending:
            self.units[index] = replace(self.units[index], role=role)
        self.pending = []
        self.units.extend(found)
        self.explicit = True
        self.label_role = None


def _parse_clause(text: str, start: int, end: int, clause_start: int, clause_end: int,
                  bracketed: bool) -> Clause | None:
    """Parse the inside of a bracket group (or a labelled run); None if it is not a clause."""
    reading = _Reading()
    for seg_start, seg_end in _segments(text, start, end):
        if not _read_segment(text, seg_start, seg_end, reading):
            return None
    if not reading.units or (not bracketed and not reading.explicit):
        return None
    return Clause(tuple(reading.units), clause_start, clause_end, reading.deadline,
                  reading.explicit)


def _segments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split at labels first: （牵头单位：A；配合单位：B、C）, also when nothing separates them
    (牵头单位：A 配合单位：B loses its space in normalisation), then at ； ， 。 and line breaks
    between phrases (牵头单位：A。配合单位：B。 written as two sentences after the task)."""
    segments = []
    for seg_start, seg_end in _split_depth0(text, start, end, "；;，,。\n"):
        cuts = [m.start() for m in LABEL.finditer(text, seg_start, seg_end)
                if m.start() > seg_start]
        segments.extend(zip([seg_start, *cuts], [*cuts, seg_end], strict=True))
    return segments


def _read_segment(text: str, start: int, end: int, reading: _Reading) -> bool:
    """Read one segment into ``reading``; False when it shows the group is not a clause."""
    segment = text[start:end]
    label = LABEL.match(segment)
    if label:
        return _read_label(text, label.group(1), start + label.end(), end, reading)
    worded = _worded(text, start, end)
    if worded is not None:
        reading.add_worded(*worded)
        return True
    if DEADLINE_WORDS.search(segment) and not looks_like_agency(segment):
        reading.deadline = (segment, start, end)
        return True
    # a bare list, or the continuation of a label's list after a comma
    role = reading.label_role or "responsible"
    found = _units(text, start, end, role)
    if found is None:
        return False
    reading.add(found, role, role == "responsible")
    return True


def _read_label(text: str, label: str, start: int, end: int, reading: _Reading) -> bool:
    """牵头单位：A / 责任单位：A牵头，B配合 / 完成时限：每年 / 牵头单位： with its units on the
    next line (a PDF line break after the colon)."""
    role = LABELS[label]
    reading.explicit = True
    start, end = _trim(text, start, end)
    if role is None:
        reading.deadline = (text[start:end], start, end)
        return True
    reading.label_role, reading.pending = role, []
    if start >= end:
        return True
    worded = _worded(text, start, end)
    if worded is not None:
        reading.add_worded(*worded)
        return True
    found = _units(text, start, end, role)
    if found is None:
        return False
    reading.add(found, role, role == "responsible")
    return True


def _worded(text: str, start: int, end: int) -> tuple[Role, list[UnitMention]] | None:
    """A牵头 / 由A牵头 / B、C配合 / A、B按职责分工负责: the role and its units. A pattern whose
    units are not agencies gives way to the next (A牵头负责 is not the units 「A牵头」 负责)."""
    segment = text[start:end]
    for pattern, role, endings in _WORDED:
        # a segment that ends in none of the pattern's last words is not tried (most are
        # not clauses; the lazy name makes a try cost a step a character)
        if not segment.endswith(endings) and not segment.endswith("\n"):
            continue
        found = pattern.match(segment)
        if found:
            units_start = start + found.start("units")
            units = _units(text, units_start, start + found.end("units"), role)
            if units is not None:
                return role, units
    return None

