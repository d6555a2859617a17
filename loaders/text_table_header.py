"""A text table's header: header words, one a line or aligned by spaces on one line, and
what each column holds.
"""

from __future__ import annotations

import re

from .text import squeeze
from .text_table_lines import _fragments, _Lines

HEADER_WORDS = re.compile(
    r"^(?:序号|编号|重点任务|主要任务|工作任务|任务|具体任务|任务分工|工作内容|主要内容|具体措施|"
    r"具体内容|任务内容|工作措施|主要措施|重点工作|目标任务|工作目标|工作要求|主要举措|"
    r"保障措施|牵头单位|牵头部门|责任单位|责任部门|配合单位|配合部门|参与单位|协同单位|"
    r"牵头领导|责任领导|完成时限|完成时间|时间节点|时限|时间安排|进度安排|进展情况|工作进展|"
    r"备注|一级指标|二级指标|三级指标|指标名称|指标|指标属性|属性|单位|计量单位|类别|领域|"
    r"\d{4}年(?:现值|现状值?|目标值?|基[期数]值?|预期值?)|现值|现状值?|目标值|基期值|基线值|"
    r"(?:现值|现状值?|基[期数]值?|基线值?|目标值?|预期值?)[（(]\d{4}年?[）)])$"
)
UNIT_OR_INDICATOR_HEADER = re.compile(r"牵头|责任|配合|参与|协同|指标")


def is_header_word(text: str) -> bool:
    return bool(HEADER_WORDS.match("".join(text.split())))   # squeeze(text): one call a line


def header_ok(words: list[str]) -> bool:
    """Mostly header words, and at least one column that names units or indicators (the rule
    loaders/tables.py applies to a tab header row)."""
    filled = [squeeze(word) for word in words if word.strip()]
    known = sum(1 for text in filled if HEADER_WORDS.match(text))
    return (len(filled) >= 3 and known >= 0.75 * len(filled)
            and any(UNIT_OR_INDICATOR_HEADER.search(text) for text in filled))


def column_type(name: str) -> str:
    """What a column holds, from its header word: decides which cell lines fit it."""
    name = squeeze(name)
    kinds = (
        (r"^(?:序号|编号)$", "number"),
        (r"^(?:重点任务|主要任务|工作任务|任务|保障措施|重点工作|目标任务)$", "task"),
        (r"^(?:一级指标|类别|领域)$", "category"),
        (r"牵头|责任|配合|参与|协同", "unit"),
        (r"时限|时间|节点|进度", "deadline"),
        (r"^(?:二级指标|三级指标|指标名称|指标)$", "name"),
        (r"^(?:单位|计量单位)$", "measure"),
        (r"现值|现状|目标|基[期数线]|预期", "value"),
        (r"属性", "attribute"),
        (r"^(?:备注|进展情况|工作进展)$", "other"),
    )
    for pattern, kind in kinds:
        if re.search(pattern, name):
            return kind
    return "text"


def _header_run(lines: _Lines, index: int) -> int:
    """Length of the run of header-word lines starting at ``index`` (0 when none)."""
    end = index
    while end < len(lines.plain) and lines.plain[end] and is_header_word(lines.plain[end]) \
            and "\t" not in lines.raw[end]:
        end += 1
    return end - index


def aligned_header(folded: str) -> bool:
    """One line with three or more header words separated by runs of spaces (pdftotext)."""
    if "\t" in folded or "  " not in folded or "  " not in folded.strip():
        return False
    return header_ok([folded[a:b] for a, b in _fragments(folded)])
