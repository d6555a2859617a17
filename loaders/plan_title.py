"""The plan's own title where its title line lost its beginning: restored from the clause
in which the preamble names the plan (制定本方案).
"""

from __future__ import annotations

import re

from .issuer import area_parts
from .mapped import MappedStr
from .normalize import Para
from .regions import _is_section_heading

# The plan naming itself in its preamble: 为……推动X，制定本实施方案 / 结合我区实际，特制定本方案.
NAMING_WINDOW = 300  # characters looked back from 制定本方案 for the clause naming the plan
SELF_NAMING = re.compile(r"(?:特|现)?制[定订]本(?:实施|工作|行动)?(?:方案|计划|意见|办法|细则)")
GENRE_WORD = re.compile(
    r"(?:实施方案|工作方案|行动方案|方案|行动计划|计划|实施意见|意见|办法|细则)$")
# Words that open a purpose clause before the plan's subject (为贯彻落实, 加快实施, 进一步推动).
PURPOSE_LEAD = re.compile(r"^(?:为了?|贯彻落实|贯彻|落实|加快|实施|推动|推进|深化|进一步|全面|促进|"
                          r"切实|扎实|持续|大力|积极|更好地?|做好|加强|深入|着力|有序|稳步)+")
# Words ending in 区/市 that are no jurisdiction at the start of a name (城市医疗集团, 社区医院).
NOT_AREA = re.compile(
    r"^(?:[我本全各该此]|城[市区乡]|社区|地区|园区|景区|山区|辖区|片区|市区|城区)")


def _preamble(body: list[Para]) -> list[MappedStr]:
    """The body's paragraphs before its first 一、 heading (where a plan names itself)."""
    found = []
    for para in body[:12]:
        if para.kind != "text":
            continue
        if _is_section_heading(para.text.text):
            break
        found.append(para.text)
    return found


def _opens_with_area(name: str) -> bool:
    """Whether ``name`` starts with a jurisdiction (昌平区公立医院…, not 我区…, 城市…)."""
    return bool(area_parts(name)) and not NOT_AREA.match(name)


def restore_title(title: str, preamble: list[MappedStr]) -> tuple[str, MappedStr] | None:
    """The full title where the title line lost its beginning, from the plan naming itself.

    Seed 004's first line is " 高质量发展实施方案" (its beginning lost in conversion); the
    preamble says 加快实施昌平区公立医院改革与高质量发展，制定本实施方案. A title that does not
    open with a jurisdiction is completed from a clause just before 制定本…方案 that ends with
    the title's stem (高质量发展) and opens, after its purpose verbs, with a jurisdiction.
    Returns the title and the clause's span, or None when nothing restores it.
    """
    stem = GENRE_WORD.sub("", title)
    if not stem or _opens_with_area(title):
        return None
    for text in preamble:
        found = SELF_NAMING.search(text.text)  # the first naming only: one bounded look-back
        if found is not None:
            floor = max(0, found.start() - NAMING_WINDOW)
            sentence = text.text.rfind("。", floor, found.start()) + 1 or floor
            end = found.start()
            for _ in range(3):  # the naming clause, or one or two clauses before it
                start = max(text.text.rfind(mark, sentence, end) for mark in "，,；;") + 1
                start = max(start, sentence)
                clause = text.text[start:end].strip("，,；; ")
                lead = PURPOSE_LEAD.match(clause)
                name = clause[lead.end():] if lead else clause
                if name.endswith(stem) and len(name) > len(stem) and _opens_with_area(name) \
                        and len(name) + len(title) - len(stem) <= 60:
                    at = text.text.index(name, start)
                    return name[: -len(stem)] + title, text[at:at + len(name)]
                end = start - 1
                if end <= sentence:
                    break
    return None


def _choose_title(candidates: list[tuple[str, MappedStr]]) -> tuple[str | None, MappedStr | None]:
    """The plan's own title; where one candidate lost its beginning, the longer one wins."""
    if not candidates:
        return None, None
    best_text, best_at = candidates[0]
    for text, at in candidates[1:]:
        if text != best_text and text.endswith(best_text):
            best_text, best_at = text, at
    return best_text, best_at
