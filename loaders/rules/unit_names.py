"""Agency names and lists of units: whether a name is an agency's, one unit as written
(UnitMention), and a written list (区发改委、区科技局和各县（区）人民政府) split into its units.
Also the clause vocabulary the clause finder (responsibility.py) and the line-break reading
(name_breaks.py) share: brackets, and the labels (牵头单位：, 完成时限：) with the role they give.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Literal

from ..text import depth_after

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
UNIT_ROLE_MARK = re.compile(r"[（(](?:牵头|牵头单位|主责|牵头部门)[）)]$")
# 会同 joins units as 和 does: （省卫生健康委会同省财政厅负责） names two responsible units; the
# gold convention gives lead / cooperating only for 牵头 / 配合 wording
CONJUNCTION = re.compile(r"以及|会同|和|及|与")
# 各市（州）、县（市、区）人民政府: jurisdictions that share the head written once after the last
JURISDICTION = re.compile(r"^各?[省市州盟县区旗乡镇](?:[（(〔][^（）()〔〕]{1,8}[）)〕])?")
MAX_AGENCY = 40  # characters: a longer "name" is a sentence, not an agency
_NOT_IN_NAME = re.compile(r"\d|[。；：:“”]|的")
_ALIAS = re.compile(r"^(?P<name>.+?)[（(](?P<alias>[^（）()]+)[）)]$")
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


@lru_cache(maxsize=8192)   # the same names come back in every list, row and task of a plan
def looks_like_agency(name: str) -> bool:
    """An organisation name: ends like one (委, 局, 政府 …), no digits, no sentence inside,
    and does not open with a word that makes the parenthesis a gloss (（含民营医院）)."""
    name = name.strip()
    if not 2 <= len(name) <= MAX_AGENCY or _NOT_IN_NAME.search(name):
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



def _split_depth0(text: str, start: int, end: int, separators: str) -> list[tuple[int, int]]:
    """Split text[start:end] at separators that are not inside brackets.

    One walk over the brackets and separators only, the depth counted as bracket_depths
    counts it (a closer with nothing open is ignored); no depth per character.
    """
    parts: list[tuple[int, int]] = []
    part_start = start
    depth = 0
    for found in _separators(separators).finditer(text, start, end):
        index = found.start()
        char = text[index]
        if char in OPENERS:
            depth += 1
        elif char in CLOSERS:
            if depth:
                depth -= 1
        elif depth == 0:   # no separator is a bracket
            parts.append((part_start, index))
            part_start = index + 1
    parts.append((part_start, end))
    return [(s, e) for s, e in (_trim(text, s, e) for s, e in parts) if e > s]


@cache
def _separators(separators: str) -> re.Pattern[str]:
    """The separators and the brackets."""
    return re.compile("[" + re.escape(separators + "".join(OPENERS) + "".join(CLOSERS)) + "]")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \u3000\t\n":
        start += 1
    while end > start and text[end - 1] in " \u3000\t\n":
        end -= 1
    return start, end



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
    if len(parts) < 2:
        return heads   # a head is shared only with a part before it
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
    found = _ALIAS.match(raw)
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
