"""Where the plan's body starts and ends: the cover notice and title in front, attachments
and colophon behind (``Regions``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .issuer import JOINT_MAX, ORGAN_NAME
from .normalize import DATE_LINE, ORGAN_LINE, PLAN_TITLE_ENDING, Para
from .outline import match_heading

STATUS_MARK = re.compile(r"[（(](?:征求意见稿|送审稿|讨论稿|草案)[）)]")
# the issuer ends on a non-space: `.+?` followed by `\s*` tried every split of a run of
# spaces (em spaces survive normalisation), quadratic on a long one
COLOPHON = re.compile(
    r"^(?P<issuer>.*?\S)\s*(?P<date>\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*印发$")
ATTACHMENT = re.compile(r"^(?:附件|附表)\s*(?:\d{1,2}|[：:]|$)|^抄送[：:]|^主题词")


@dataclass
class Regions:
    front: list[Para]          # cover notice and the plan's own title
    body: list[Para]           # preamble and numbered body
    back: list[Para]           # attachments, tables, colophon
    body_title: Para | None


def split_regions(paras: list[Para]) -> Regions:
    """Find where the plan's body starts (its title, preamble or first heading) and ends."""
    paras = _split_signatures(paras)
    texts = [p.text.text if p.kind == "text" else "" for p in paras]
    first_heading = next((i for i, t in enumerate(texts) if t and _is_section_heading(t)), None)
    if first_heading is None:  # no 一、 sections: the body starts at its first numbered item
        first_heading = next((i for i, t in enumerate(texts)
                              if t and (match_heading(t) or (0, 0))[0] in (2, 3)), None)
    body_start = 0
    body_title = None
    if first_heading is not None:
        body_start = first_heading
        # walk back over the preamble (sentences) to the plan's own title line
        index = first_heading - 1
        while index >= 0 and texts[index] and not _title_like(texts[index]) \
                and index >= first_heading - 4:
            if DATE_LINE.match(texts[index]) or ORGAN_LINE.match(texts[index]):
                break
            index -= 1
        if index >= 0 and texts[index] and _title_like(texts[index]):
            body_title = paras[index]
            body_start = index + 1
        else:
            body_start = index + 1 if index >= 0 else 0
    body_end = len(paras)
    inside: list[tuple[int, int]] = []   # tables inside the body: (start, end) of their cells
    section = 0   # the number of the last 一、 section heading read
    index = body_start - 1
    while index + 1 < len(paras):
        index += 1
        text = texts[index]
        if paras[index].kind == "cell" and index > body_start:
            after = _table_run_end(paras, texts, index)
            if not _body_goes_on(texts, after, section):
                body_end = index
                break
            inside.append((index, after))
            index = after - 1
            continue
        if not text:
            continue
        heading = match_heading(text)
        if heading is not None and heading[0] == 1:
            section = heading[1]
        # (a colophon ends in 印发: a paragraph without it needs no try at every split)
        if ATTACHMENT.match(text) or ("印发" in text and COLOPHON.match(text)):
            body_end = index
            break
        if ORGAN_NAME.match(text) and index + 1 < len(paras) and DATE_LINE.match(texts[index + 1]):
            # signature and date after the body, no cover notice; joint issuers sign a line each
            body_end = index
            while body_end - 1 > body_start and ORGAN_NAME.match(texts[body_end - 1]) \
                    and index - body_end < JOINT_MAX:
                body_end -= 1
            break
    front = paras[: body_start - 1 if body_title else body_start]
    body = paras[body_start:body_end]
    if inside:   # a table's cells are read as a table (loaders/tables.py), not as body text
        cells = {i for start, end in inside for i in range(start, end)}
        body = [para for i, para in enumerate(paras[body_start:body_end], body_start)
                if i not in cells]
    return Regions(front, body, paras[body_end:], body_title)


NOTE_LINE = re.compile(r"^(?:注|备注|说明)\s*\d?\s*[：:]")


def _table_run_end(paras: list[Para], texts: list[str], start: int) -> int:
    """The index after the run of table paragraphs starting at ``start`` (cells, and the
    breaks and empty lines between them)."""
    end = start
    while end < len(paras) and (paras[end].kind != "text" or not texts[end]):
        end += 1
    return end


def _body_goes_on(texts: list[str], after: int, section: int) -> bool:
    """Whether the body goes on after a table that ends before ``after``: the next text is a
    heading that continues the body — the next 一、 section, or a （一） / 1. item — and no
    attachment or colophon. A table under 主要目标 (an indicator table) or inside a task sits
    in the body; a table after the body's last text (a task-division table without 附件)
    ends it."""
    while after < len(texts) and NOTE_LINE.match(texts[after]):
        after += 1   # 注：… under the table
    if after >= len(texts) or ATTACHMENT.match(texts[after]) or COLOPHON.match(texts[after]):
        return False
    heading = match_heading(texts[after])
    if heading is None:
        return False
    return heading[1] > section if heading[0] == 1 else heading[0] in (2, 3)


def _split_signatures(paras: list[Para]) -> list[Para]:
    """``paras`` with a signature joined to the paragraph above a date split off from it.

    Quirk (issue 15 class 7): a plan without a cover notice ends …（县卫生健康局负责） and signs
    with departments (洛南县卫生健康局 / 洛南县民政局) above its date; a name ending in 局 is no
    organ line to the line joiner, so the names are glued to the last paragraph.
    """
    result = list(paras)
    for index in range(len(paras) - 1):
        para, following = paras[index], paras[index + 1]
        if para.kind != "text" or following.kind != "text" \
                or not DATE_LINE.match(following.text.text) or ORGAN_NAME.match(para.text.text):
            continue
        text = para.text.text
        cut = max(text.rfind(mark) for mark in "。）)！？；") + 1
        if 0 < cut < len(text) and ORGAN_NAME.match(text[cut:]):
            result[index] = Para("text", para.text[:cut], para.line)
            result.insert(index + 1, Para("text", para.text[cut:], para.line))
            break   # one signature a document; indexes past here shifted
    return result


def _is_section_heading(text: str) -> bool:
    heading = match_heading(text)
    return heading is not None and heading[0] == 1


def _title_like(text: str) -> bool:
    stripped = STATUS_MARK.sub("", text)
    ending = PLAN_TITLE_ENDING.search(text) or PLAN_TITLE_ENDING.search(stripped)
    return bool(ending) and not re.search(r"[，。；：,:]", stripped) and len(stripped) <= 80
