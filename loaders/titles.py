"""A heading's title split from the rest of its paragraph: by 。, a colon, a lead phrase
set off by a space that normalisation removed, or a responsibility clause after it.
"""

from __future__ import annotations

import re
from itertools import pairwise

from .mapped import MappedStr
from .rules.responsibility import find_clauses
from .text import is_cjk_unified

# the sentence end that closes a heading's title (打造高水平公立医院。加快…)
HEADING_TITLE_STOP = re.compile(r"[。！？]")
_COLON = re.compile(r"[：:]")
_OPEN_BRACKET = re.compile(r"[（(]")


def split_title(head: MappedStr, source: str | None = None) -> tuple[MappedStr, MappedStr]:
    """A heading's title (no final 。) and the rest of its paragraph.

    Titles are short phrases closed by 。 (打造高水平公立医院。加快…) or stand alone on their line
    (（一）构建公立医院高质量发展新体系), or are set off by a colon or a (full-width) space that
    normalisation removed (加强人才队伍建设　实施……). A first sentence over 60 characters is still
    the title: some plans state each task in one sentence. ``source`` (the decoded text) tells
    a removed space from a joined line break (see ``_lead_phrase_end``).
    """
    text = head.text
    end = HEADING_TITLE_STOP.search(text)
    colon = _COLON.search(text, 0, 40)
    if colon and _OPEN_BRACKET.search(text, 0, colon.start()):
        colon = None   # 营造健康环境（牵头单位：…）: the colon of a bracketed clause
    gap = _lead_phrase_end(head, source)
    if gap is not None and (not end or gap < end.start()) and (not colon or gap < colon.start()):
        return head[:gap].strip(), head[gap:].strip()
    if colon and (not end or colon.start() < end.start()) and colon.start() >= 2:
        return head[: colon.start()].strip(), head[colon.end():].strip()
    if end:
        return head[: end.start()].strip(), head[end.end():].strip()
    bracket = _OPEN_BRACKET.search(text)
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
        end = HEADING_TITLE_STOP.search(text, boundary)
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


def _is_responsibility_line(text: str) -> bool:
    """A paragraph that is only a responsibility clause: 责任单位：A、B。 / （牵头单位：A）."""
    clauses = [clause for clause in find_clauses(text) if clause.units]
    if not clauses:
        return False
    rest = text[:clauses[0].start] + "".join(
        text[a.end:b.start] for a, b in pairwise(clauses))
    rest += text[clauses[-1].end:]
    return not rest.strip(" 。；;，,、（）()")
