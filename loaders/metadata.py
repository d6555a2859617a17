"""Plan metadata and the document's regions: cover notice, body, attachments.

A plan usually arrives wrapped in its cover notice (通知): doc number, issuing office,
关于印发《X》的通知, the addressees, a signature and a date; then the plan itself (its title
again, a preamble, the numbered body), then attachments (附件1 …, tables) and a colophon
(抄送, …印发). Any of these may be missing or broken over lines.

This module reads the metadata (``read_metadata``); the regions are found by regions.py,
a title that lost its beginning is restored by plan_title.py, and issuer, jurisdiction and
dates are read by issuer.py. Their names stay importable from here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .issuer import (
    _cited_province,
    area_parts,
    complete_area,
    organ_names,
    organs_above,
    parse_date,
    written_date,
)
from .mapped import MappedStr
from .normalize import DATE_LINE, Para
from .plan_title import _choose_title, _preamble, restore_title
from .regions import COLOPHON, STATUS_MARK, Regions, _title_like, split_regions
from .rules.doc_number import DOC_NUMBER, normalise_doc_number
from .text import CJK_UNIFIED

NOTICE_TITLE = re.compile(
    rf"^(?P<issuer>[{CJK_UNIFIED}]{{2,30}}?(?:办公室|办公厅|人民政府|委员会|领导小组|局|委))?"
    r"关于(?:印发|转发|下发|印送)(?P<title>.+?)的通知$"
)
SELF_QUOTE = re.compile(r"《(?P<title>[^《》]+)》(?:已经|印发给|现印发|，?现予印发)|"
                        r"(?:现将|将)《(?P<title2>[^《》]+)》")
STATUS_DRAFT = re.compile(r"征求意见稿|送审稿|讨论稿|草案|征求意见")


@lru_cache(maxsize=1 << 16)   # the graph's place() compares every document's title on each new one
def normalise_title(title: str) -> str:
    """The title documents are compared by (their identity without a doc number): no spaces,
    book-title marks or draft mark (（征求意见稿）)."""
    return STATUS_MARK.sub("", re.sub(r"[\s《》〈〉]", "", title))


@dataclass
class Metadata:
    title: str | None
    title_span: MappedStr | None
    doc_number: str | None
    doc_number_at: MappedStr | None
    issuer: str | None
    jurisdiction: str | None
    jurisdiction_parts: list[str]
    issued: str | None
    status: str
    title_cut: str | None = None  # the title line as written, where its beginning was restored
    impossible_dates: list[MappedStr] = field(default_factory=list)  # 2025年2月30日 as written


def read_metadata(regions: Regions, all_paras: list[Para]) -> Metadata:
    front_texts = [p for p in regions.front if p.kind == "text"]
    doc_number, doc_number_at = None, None
    for para in front_texts[:15] + [p for p in regions.back if p.kind == "text"][-5:]:
        # the leftmost doc number, wanted only within the line's first three characters: tried
        # there alone (a search of a long line tries every place, at ~0.2 µs a character)
        text = para.text.text
        found = next(filter(None, (DOC_NUMBER.match(text, at) for at in range(3))), None)
        if found and found.start() <= 2 and normalise_doc_number(found.group()):
            doc_number = normalise_doc_number(found.group())
            doc_number_at = para.text[found.start():found.end()]
            break

    issuer = None
    notice_title = None
    notice_at = None
    body_title = regions.body_title
    if body_title is not None and NOTICE_TITLE.match(body_title.text.text):
        # no separate plan title: the notice line (X关于印发Y的通知) stands right above the body
        front_texts = [*front_texts, body_title]
        body_title = None
    status_line = None
    if body_title is not None and not STATUS_MARK.sub("", body_title.text.text).strip() \
            and front_texts and _title_like(front_texts[-1].text.text):
        # the title, then （征求意见稿） on a line of its own (seed 004 lines 1-2)
        status_line, body_title = body_title, front_texts[-1]
        front_texts = front_texts[:-1]
    for index, para in enumerate(front_texts):
        text = para.text.text
        if text.endswith("文件") and issuer is None and organ_names(para.text[:-2]):
            # masthead: 天津市北辰区人民政府办公室文件, or several organs before one 文件
            issuer = "、".join(organ_names(para.text[:-2]))
        found = NOTICE_TITLE.match(text)
        if found and notice_title is None:
            notice_title = found["title"].strip("《》")
            start = found.start("title") + found["title"].index(notice_title)
            notice_at = para.text[start:start + len(notice_title)]  # the evidence without 《》
            if found["issuer"]:
                written = para.text[found.start("issuer"):found.end("issuer")]
                issuer = issuer or "、".join(organ_names(written) or [found["issuer"]])
            else:
                issuer = issuer or organs_above(front_texts, index)
    issued = None
    impossible: list[MappedStr] = []

    def date_of(text: MappedStr) -> str | None:
        """The ISO date written in ``text``; an impossible one is noted for a warning."""
        value = parse_date(text.text)
        where = written_date(text.text)
        if value is None and where is not None:
            impossible.append(text[where[0]:where[1]])
        return value

    for index, para in enumerate(front_texts):
        if DATE_LINE.match(para.text.text):
            issued = date_of(para.text)
            issuer = issuer or organs_above(front_texts, index)
            break
    for para in reversed([p for p in all_paras if p.kind == "text"][-8:]):
        colophon = COLOPHON.match(para.text.text)
        if colophon:
            written = para.text[colophon.start("issuer"):colophon.end("issuer")].strip()
            issuer = issuer or "、".join(organ_names(written) or [written.text])
            issued = issued or date_of(para.text[colophon.start("date"):colophon.end("date")])
            break
    back_texts = [p for p in regions.back if p.kind == "text"]
    for index, para in enumerate(back_texts):
        if DATE_LINE.match(para.text.text):
            # signature and date after the body (plans published without a cover notice)
            issued = issued or date_of(para.text)
            issuer = issuer or organs_above(back_texts, index)
            break

    candidates: list[tuple[str, MappedStr]] = []
    if body_title is not None:
        candidates.append((body_title.text.text, body_title.text))
    if notice_title and notice_at is not None:
        candidates.append((notice_title, notice_at))
    for para in front_texts:
        quoted = SELF_QUOTE.search(para.text.text)
        if quoted:
            group = "title" if quoted["title"] else "title2"
            candidates.append((quoted[group], para.text[quoted.start(group):quoted.end(group)]))
    title, title_at = _choose_title(candidates)
    status = "final"
    front_text = "\n".join(p.text.text for p in front_texts[:12])
    if status_line is not None:
        front_text += "\n" + status_line.text.text
    if (title and STATUS_DRAFT.search(title)) or STATUS_DRAFT.search(front_text):
        status = "draft"
    title_cut = None
    if title:
        title = STATUS_MARK.sub("", title).strip()
        restored = restore_title(title, _preamble(regions.body))
        if restored is not None:
            title_cut, (title, title_at) = title, restored

    jurisdiction_parts = area_parts(issuer or "") or area_parts(title or "")
    jurisdiction_parts = complete_area(jurisdiction_parts, [p.text.text for p in all_paras])
    return Metadata(title, title_at, doc_number, doc_number_at, issuer,
                    "".join(jurisdiction_parts) or None, jurisdiction_parts, issued, status,
                    title_cut, impossible)


__all__ = [
    "Metadata", "Regions", "_cited_province", "area_parts", "complete_area", "normalise_title",
    "organ_names", "organs_above", "parse_date", "read_metadata", "restore_title",
    "split_regions", "written_date",
]
