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
import tomllib
from dataclasses import dataclass, field, replace
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Literal

from ..text import bracket_depths, depth_after

Role = Literal["lead", "cooperating", "responsible"]

OPENERS = {"（": "）", "(": ")", "〔": "〕", "[": "]", "［": "］", "【": "】"}
CLOSERS = {close: open_ for open_, close in OPENERS.items()}
SEPARATORS = "、，,；;"
LABELS: dict[str, Role | None] = {
    "牵头单位": "lead", "牵头部门": "lead", "主办单位": "lead",
    "责任单位": "responsible", "责任部门": "responsible", "主责单位": "responsible",
    "实施单位": "responsible", "承办单位": "responsible",
    "配合单位": "cooperating", "配合部门": "cooperating", "参与单位": "cooperating",
    "协同单位": "cooperating", "协办单位": "cooperating", "协作单位": "cooperating",
    "完成时限": None, "完成时间": None, "时间节点": None, "时限要求": None, "时限": None,
    "完成期限": None, "时间要求": None, "进度安排": None,
}
LABEL = re.compile("(" + "|".join(sorted(LABELS, key=len, reverse=True)) + r")\s*[：:]\s*")
LEAD = re.compile(r"^由?(?P<units>.+?)(?:牵头负责|牵头落实|牵头)$")
COOPERATING = re.compile(r"^(?P<units>.+?)(?:等单位)?(?:配合|参与|协同|协助|协办)$")
RESPONSIBLE = re.compile(
    r"^由?(?P<units>.+?)(?:等单位|等部门|等)?"
    # 按职责分工负责, 按职能职责负责 …; 落实 as in …牵头，各区县政府落实
    r"(?:按照?(?:职责|职能|职能职责|各自职责)(?:分工)?(?:负责|落实)|"
    r"分别负责|共同负责|负责落实|具体负责|组织实施|抓好落实|负责|落实)$"
)
UNIT_ROLE_MARK = re.compile(r"[（(](?:牵头|牵头单位|主责|牵头部门)[）)]$")
# a segment of a clause that is its deadline: （A牵头，B配合；每年） / （…；2025年底前） /
# （…；年内完成） / （…；“十四五”期间）; a segment that is an agency name is never one
DEADLINE_WORDS = re.compile(
    r"\d{4}\s*年|持续推进|长期坚持|持续开展|长期|常态化|持续|完成$|每年|每季度|每半年|每月|每[两三]年|"
    r"常年|逐年|年内|当年|年底前|年底|上半年|下半年|立即|即时|十[三四五]五")
# 会同 joins units as 和 does: （省卫生健康委会同省财政厅负责） names two responsible units; the
# gold convention gives lead / cooperating only for 牵头 / 配合 wording
CONJUNCTION = re.compile(r"以及|会同|和|及|与")
# 各市（州）、县（市、区）人民政府: jurisdictions that share the head written once after the last
JURISDICTION = re.compile(r"^各?[省市州盟县区旗乡镇](?:[（(〔][^（）()〔〕]{1,8}[）)〕])?")
MAX_AGENCY = 40  # characters: a longer "name" is a sentence, not an agency
DATA = Path(__file__).resolve().parent.parent / "data" / "agencies.toml"


@cache
def agency_rules() -> dict:
    with DATA.open("rb") as handle:
        return tomllib.load(handle)


@cache
def _suffix_pattern() -> re.Pattern[str]:
    suffixes = sorted(agency_rules()["suffixes"], key=len, reverse=True)
    return re.compile("(?:" + "|".join(map(re.escape, suffixes))
                      + r")(?:[（(〔][^（）()〔〕]*[）)〕])?$")


@cache
def _opener_pattern() -> re.Pattern[str]:
    openers = agency_rules().get("not_openers", [])
    return re.compile("^(?:" + "|".join(openers) + ")" if openers else "(?!)")


def looks_like_agency(name: str) -> bool:
    """An organisation name: ends like one (委, 局, 政府 …), no digits, no sentence inside,
    and does not open with a word that makes the parenthesis a gloss (（含民营医院）)."""
    name = name.strip()
    if not 2 <= len(name) <= MAX_AGENCY or re.search(r"\d|[。；：:“”]|的", name):
        return False
    return bool(_suffix_pattern().search(name)) and not _opener_pattern().match(name)


@dataclass(frozen=True)
class UnitMention:
    """One unit as written in a clause. Offsets are into the scanned text."""

    raw: str                 # as written, no role mark: 区卫健委, 未来城管委会（生命园管委会）
    name: str                # without an alias bracket: 未来城管委会
    role: Role
    start: int
    end: int
    alias: str | None = None  # 生命园管委会


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
    depths = bracket_depths(text, OPENERS, CLOSERS, line_break=lambda i: not _continues(text, i))
    before = start = 0
    for index, depth in enumerate(depths):
        if depth == 1 and before == 0:     # an opener at the top level
            start = index
        elif depth == 0 and before == 1 and text[index] in CLOSERS:
            yield start, index + 1
        before = depth


# where a fragment of a unit name ends: list separators, brackets, a sentence end, a line break
FRAGMENT_STOPS = frozenset("、，,；;：:。.（(〔[［【）)〕]］】\n \u3000\t")
# a fragment that opens a unit of its own: 县财政局⏎县卫生健康局 is two units, not one name
UNIT_OPENING = re.compile(r"^(?:[省市县区州盟旗镇乡各团]|中共)")
SHORT_TAIL = 4  # characters that can complete a name already whole: 员会, 公室, 管委会
ROLE_TAIL = re.compile(r"(?:牵头负责|牵头落实|牵头|配合|参与|协同|协助|负责|落实)$")


def _word_breaks(text: str) -> list[int]:
    """Offsets of the line breaks that fall inside a unit name, or between a unit and its role
    word, within an open bracket group or a label's value: （县卫生健⏎康局牵头；…）,
    牵头单位：县住房和城乡建⏎设局, 牵头单位：⏎县卫生健⏎康局, （县卫生健康局⏎牵头，…）.

    One pass over the text, with the bracket stack of _bracket_groups; each break looks at
    most a unit name's length either side, so the whole is linear in the text. It counts its
    own depth rather than take text.bracket_depths': a break found inside a name leaves the
    brackets open (bracket_depths would close them there, as _bracket_groups does), and
    whether a break is one depends on the depth and label state of this same pass."""
    if "\n" not in text:
        return []
    label_ends = {m.end() for m in LABEL.finditer(text)}
    breaks: list[int] = []
    dropped: set[int] = set()
    depth = 0
    label_open = label_started = False
    for index, char in enumerate(text):
        if index in label_ends:
            label_open, label_started = True, False
        if char in OPENERS:
            depth += 1
        elif char in CLOSERS and depth:
            depth -= 1
        elif char == "。":
            label_open = False
        elif char == "\n":
            if (depth or label_open) and _inside_name(text, index, dropped):
                breaks.append(index)
                dropped.add(index)
                continue
            if label_open and label_started:
                label_open = False
            if not _continues(text, index):
                depth = 0
            continue
        if char not in " \u3000\t":
            label_started = True
    return breaks


def _inside_name(text: str, index: int, dropped: set[int]) -> bool:
    """Whether the line break at ``index`` cuts one unit name (县卫生健⏎康局), or parts a unit
    from its role word (县卫生健康局⏎牵头): the two fragments read as one unit together, and
    not as two units or a unit and a label."""
    if index + 1 >= len(text) or text[index + 1] in FRAGMENT_STOPS \
            or not index or text[index - 1] in FRAGMENT_STOPS or LABEL.match(text, index + 1):
        return False
    left = index
    while left > 0 and (text[left - 1] not in FRAGMENT_STOPS or left - 1 in dropped):
        left -= 1
        if index - left > MAX_AGENCY:
            return False
    right = index + 1
    while right < len(text) and text[right] not in FRAGMENT_STOPS:
        right += 1
        if right - index > MAX_AGENCY + 4:
            return False
    before = text[left:index].replace("\n", "")
    after = text[index + 1:right]
    if _unit_like(before):
        # a whole unit before the break: only a short tail completes it (县卫生健康委⏎员会,
        # 县委⏎组织部, 县卫生健康局⏎牵头); 县财政局⏎县卫生健康局 is two units, and a unit at
        # the end of a label's line is followed by prose (…县卫生健康局⏎依托县人民医院)
        tail = ROLE_TAIL.sub("", after)
        if len(tail) > SHORT_TAIL or UNIT_OPENING.match(after):
            return False
    return _unit_like(before + after)


def _unit_like(fragment: str) -> bool:
    """A unit name, or one with its role word: 县卫生健康局 / 县卫生健康局牵头."""
    fragment = fragment.removeprefix("由")
    return looks_like_agency(fragment) or looks_like_agency(ROLE_TAIL.sub("", fragment))


def _continues(text: str, index: int) -> bool:
    """Whether a line break at ``index`` falls inside a list: PDF text breaks （A牵头；
    B配合） after the ； (and after ， 、 ：); other breaks end an unclosed bracket."""
    return index > 0 and text[index - 1] in "；;，,、：:"


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


def _split_depth0(text: str, start: int, end: int, separators: str) -> list[tuple[int, int]]:
    """Split text[start:end] at separators that are not inside brackets."""
    parts: list[tuple[int, int]] = []
    part_start = start
    depths = bracket_depths(text, OPENERS, CLOSERS, start=start, end=end)
    for index, depth in enumerate(depths, start):
        if depth == 0 and text[index] in separators:   # no separator is a bracket
            parts.append((part_start, index))
            part_start = index + 1
    parts.append((part_start, end))
    return [(s, e) for s, e in (_trim(text, s, e) for s, e in parts) if e > s]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \u3000\t\n":
        start += 1
    while end > start and text[end - 1] in " \u3000\t\n":
        end -= 1
    return start, end


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
    for pattern, role in ((RESPONSIBLE, "responsible"), (LEAD, "lead"),
                          (COOPERATING, "cooperating")):
        found = pattern.match(segment)
        if found:
            units_start = start + found.start("units")
            units = _units(text, units_start, start + found.end("units"), role)
            if units is not None:
                return role, units
    return None


def _units(text: str, start: int, end: int, role: Role) -> list[UnitMention] | None:
    """Split a list of units; None unless every part is an agency name."""
    units: list[UnitMention] = []
    parts = [sub for part_start, part_end in _split_depth0(text, start, end, "、，,；; ")
             for sub in _split_conjunctions(text, part_start, part_end)]
    heads = _shared_heads(text, parts)
    for (sub_start, sub_end), head in zip(parts, heads, strict=True):
        unit = _unit(text, sub_start, sub_end, role, head)
        if unit is None:
            return None
        units.append(unit)
    return units or None


def _unit(text: str, start: int, end: int, role: Role,
          head: tuple[str, str] | None) -> UnitMention | None:
    """One part of a list as a unit, its 牵头 mark, 由 and 等 removed; None if not an agency."""
    raw = text[start:end]
    mark = UNIT_ROLE_MARK.search(raw)
    if mark:
        role = "lead"
        end = start + mark.start()
        raw = raw[: mark.start()]
    if raw.startswith("由"):
        start, raw = start + 1, raw[1:]
    for tail in ("等单位", "等部门", "等"):
        if raw.endswith(tail) and looks_like_agency(raw[: -len(tail)]):
            raw = raw[: -len(tail)]
            end -= len(tail)
            break
    if head is not None:  # 各市（州）of 各市（州）、县（市、区）人民政府
        prefix, shared = head
        return UnitMention(raw, prefix + raw + shared, role, start, end)
    if not looks_like_agency(raw):
        return None
    name, alias = _alias(raw)
    return UnitMention(raw, name, role, start, end, alias)


def _shared_heads(text: str, parts: list[tuple[int, int]]) -> list[tuple[str, str] | None]:
    """Per part, (prefix, head) when it is a bare jurisdiction that shares the head written
    once after the last one: 各市（州）、县（市、区）人民政府 is 各市（州）人民政府 and
    各县（市、区）人民政府; 省、市、县卫生健康部门 is three departments. The 各 of the first
    part is given to the others, as the sentence means. Only a one-character jurisdiction, or
    one before a bracketed one, shares: in 各县（市、区）、市卫生健康委 the counties are units."""
    heads: list[tuple[str, str] | None] = [None] * len(parts)
    shared, bracketed = None, False
    for index in range(len(parts) - 1, -1, -1):
        raw = text[parts[index][0]:parts[index][1]]
        found = JURISDICTION.match(raw)
        if found and found.end() == len(raw) and shared is not None \
                and (len(raw.removeprefix("各")) == 1 or bracketed):
            heads[index] = ("", shared)
        elif found and found.end() < len(raw) and looks_like_agency(raw):
            shared, bracketed = raw[found.end():], found.end() > 2
        else:
            shared = None
    first = next((i for i, head in enumerate(heads) if head is not None), None)
    if first is None or not text.startswith("各", parts[first][0]):
        return heads
    for index in range(first + 1, len(parts)):
        sharing = heads[index] is not None or heads[index - 1] is not None
        if sharing and not text.startswith("各", parts[index][0]):
            heads[index] = ("各", heads[index][1] if heads[index] else "")
    return heads


def _split_conjunctions(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split at 和/及/与 only where both sides are agency names (区人力资源和社会保障局 stays)."""
    segment = text[start:end]
    depth, counted = 0, 0
    for found in CONJUNCTION.finditer(segment):
        if len(segment[: found.start()].strip()) > MAX_AGENCY:
            break  # the left side only grows: no later split either (this kept it linear)
        depth = depth_after(segment, OPENERS, CLOSERS, start=counted, end=found.start(),
                            depth=depth)
        counted = found.start()
        if depth:
            continue
        left, right = segment[: found.start()], segment[found.end():]
        if looks_like_agency(left) and looks_like_agency(right):
            return [(start, start + found.start()),
                    *_split_conjunctions(text, start + found.end(), end)]
    return [(start, end)]


def _alias(raw: str) -> tuple[str, str | None]:
    """未来城管委会（生命园管委会） is one agency with an alias; 各县（区）人民政府 is one name."""
    found = re.match(r"^(?P<name>.+?)[（(](?P<alias>[^（）()]+)[）)]$", raw)
    if found and looks_like_agency(found["name"]) and looks_like_agency(found["alias"]) \
            and len(found["alias"]) >= 3:
        return found["name"], found["alias"]
    return raw, None


def split_unit_cell(text: str, role: Role) -> list[UnitMention]:
    """A table cell of units (区发改委、区科技局): the column says what they are, so a part
    that does not end like an agency is still kept (it may be truncated; folding decides)."""
    found = _units(text, 0, len(text), role)
    if found is not None:
        return found
    units = []
    for start, end in _split_depth0(text, 0, len(text), "、，,；; "):
        raw = text[start:end]
        name, alias = _alias(raw)
        units.append(UnitMention(raw, name, role, start, end, alias))
    return units
