"""Plan metadata and the document's regions: cover notice, body, attachments.

A plan usually arrives wrapped in its cover notice (通知): doc number, issuing office,
关于印发《X》的通知, the addressees, a signature and a date; then the plan itself (its title
again, a preamble, the numbered body), then attachments (附件1 …, tables) and a colophon
(抄送, …印发). Any of these may be missing or broken over lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise

from .mapped import MappedStr
from .normalize import DATE_LINE, ORGAN_LINE, TITLE_END, Para
from .provinces import provinces
from .rules.doc_number import DOC_NUMBER, normalise_doc_number
from .structure import match_heading, run_starts
from .text import CJK_UNIFIED, chinese_number

NOTICE_TITLE = re.compile(
    rf"^(?P<issuer>[{CJK_UNIFIED}]{{2,30}}?(?:办公室|办公厅|人民政府|委员会|领导小组|局|委))?"
    r"关于(?:印发|转发|下发|印送)(?P<title>.+?)的通知$"
)
SELF_QUOTE = re.compile(r"《(?P<title>[^《》]+)》(?:已经|印发给|现印发|，?现予印发)|"
                        r"(?:现将|将)《(?P<title2>[^《》]+)》")
STATUS_DRAFT = re.compile(r"征求意见稿|送审稿|讨论稿|草案|征求意见")
STATUS_MARK = re.compile(r"[（(](?:征求意见稿|送审稿|讨论稿|草案)[）)]")
DATE = re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
CN_DATE = re.compile(r"(?P<y>[〇○零一二三四五六七八九]{4})年(?P<m>[一二三四五六七八九十]{1,2})月"
                     r"(?P<d>[一二三四五六七八九十]{1,3})日")
# the issuer ends on a non-space: `.+?` followed by `\s*` tried every split of a run of
# spaces (em spaces survive normalisation), quadratic on a long one
COLOPHON = re.compile(
    r"^(?P<issuer>.*?\S)\s*(?P<date>\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*印发$")
ATTACHMENT = re.compile(r"^(?:附件|附表)\s*(?:\d{1,2}|[：:]|$)|^抄送[：:]|^主题词")
PROVINCE = rf"[{CJK_UNIFIED}]{{2,7}}?(?:省|自治区|特别行政区)"
CITY = rf"[{CJK_UNIFIED}]{{2,7}}?(?:市|自治州|地区|盟)"
COUNTY = rf"[{CJK_UNIFIED}]{{1,7}}?(?:区|县|旗|市)"
AREA = re.compile(rf"^(?P<province>{PROVINCE})?(?P<city>{CITY})?(?P<county>{COUNTY})?")
ORGAN_AFTER_AREA = re.compile(
    r"^(?:人民政府|政府|委|卫生|人民|党委|发展|财政|医疗|.{0,12}?(?:局|委|办))")
TITLE_VERB = re.compile(r"^(?:推动|关于|进一步|加快|深化|全面)")
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
# A province named as the issuer or subject of a document the plan cites: 四川省人民政府办公厅,
# 《北京市关于推动……》, 《关于印发四川省推动……》. A hospital (北京市西苑医院) does not count.
PROVINCE_CONTEXT = re.compile(r"人民政府|政府|办公厅|委员会|省委|市委|卫生健康委|卫健委|医疗保障局|"
                              r"关于|推动|推进|深化|进一步|加快|贯彻|全面")


# an organ's name, alone on its line or among several signing one plan
ORGAN_NAME = re.compile(
    rf"^[{CJK_UNIFIED}]{{2,30}}(?:办公室|办公厅|人民政府|委员会|领导小组|卫生健康委|卫健委|局|厅|委|部)$")
JOINT_MAX = 8   # organ lines looked back over from a date or notice title


@dataclass
class Regions:
    front: list[Para]          # cover notice and the plan's own title
    body: list[Para]           # preamble and numbered body
    back: list[Para]           # attachments, tables, colophon
    body_title: Para | None


def parse_date(text: str) -> str | None:
    """2022年12月6日, 2022年 12月 22日 or 二〇二二年十二月六日 -> 2022-12-06."""
    found = DATE.search(text)
    if found:
        year, month, day = int(found["y"]), int(found["m"]), int(found["d"])
    else:
        found = CN_DATE.search(text)
        if not found:
            return None
        year, month, day = (chinese_number(found[part]) for part in ("y", "m", "d"))
    try:   # 2025年2月30日 is not a date: no ISO string that the schema would refuse
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def written_date(text: str) -> tuple[int, int] | None:
    """(start, end) of the first date written in ``text`` (real or not)."""
    found = DATE.search(text) or CN_DATE.search(text)
    return found.span() if found else None


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
        if ATTACHMENT.match(text) or COLOPHON.match(text):
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
    return bool(TITLE_END.search(text) or TITLE_END.search(stripped)) and not re.search(
        r"[，。；：,:]", stripped) and len(stripped) <= 80


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
        found = DOC_NUMBER.search(para.text.text)
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


def organs_above(texts: list[Para], index: int) -> str | None:
    """The organs on the lines right above line ``index`` (a signature block above its date, or
    the mastheads above a notice title), in written order joined with 、; None if there are none.

    A plan issued jointly by several departments signs with one organ a line (or several on one
    line, set apart by spaces): the issuer is all of them (issue 15 class 7).
    """
    found: list[list[str]] = []
    for para in reversed(texts[max(0, index - JOINT_MAX):index]):
        names = organ_names(para.text[:len(para.text) - 2] if para.text.text.endswith("文件")
                            and len(para.text) > 4 else para.text)
        if not names:
            break
        found.append(names)
    return "、".join(name for names in reversed(found) for name in names) or None


def organ_names(written: MappedStr) -> list[str]:
    """The organ or organs named by ``written`` (a masthead, signature or issuer), else [].

    Several organs on one line lose the spaces between them in normalisation; the map still
    shows where the spaces were, and a county's or city's organs each repeat its name
    (宝鸡市卫生健康委员会宝鸡市财政局), so either splits them.
    """
    text = written.text
    if not ORGAN_NAME.match(text):
        return []
    gaps = [start for start in run_starts(written, len(text))
            if written.source_offset(start) - written.source_offset(start - 1) > 1]
    for cuts in (gaps, _area_repeats(text)):
        pieces = [text[a:b] for a, b in pairwise([0, *cuts, len(text)])]
        if len(pieces) > 1 and all(ORGAN_NAME.match(piece) for piece in pieces):
            return pieces
    return [text]


def _area_repeats(text: str) -> list[int]:
    """Where the area that opens ``text`` (宝鸡市) is written again: the next organ's start."""
    area = "".join(area_parts(text))
    if not area:
        return []
    return [found.start() for found in re.finditer(re.escape(area), text) if found.start()]


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


def area_parts(name: str) -> list[str]:
    """重庆市渝北区人民政府办公室 -> [重庆市, 渝北区]; 四川省广元市人民政府 -> [四川省, 广元市]."""
    found = AREA.match(name)
    if not found or not found.group(0):
        return []
    parts = [part for part in (found["province"], found["city"], found["county"]) if part]
    rest = name[found.end():]
    if rest and not ORGAN_AFTER_AREA.match(rest) and not TITLE_VERB.match(rest):
        # the last part was not an area after all (e.g. a word ending in 区 inside a title)
        return parts[:-1] if len(parts) > 1 else parts
    return parts


def complete_area(parts: list[str], texts: list[str]) -> list[str]:
    """Put the province-level name first where the document shows it: 北辰区 -> 天津市北辰区.

    A county finds its city or province written before it (天津市北辰区); a part that is still
    not province-level then takes the province whose documents the plan cites (广元市 cites
    四川省人民政府办公厅……川办发〔2021〕71号 -> 四川省广元市; 昌平区 cites 《北京市关于……》
    京政办发 -> 北京市昌平区), when the document points at exactly one province.
    """
    if not parts or _province_level(parts[0]):
        return parts
    if len(parts) == 1 and parts[0].endswith(("区", "县", "旗")):
        pattern = re.compile(rf"({PROVINCE}|[{CJK_UNIFIED}]{{2,3}}?市){re.escape(parts[0])}")
        for text in texts:
            found = pattern.search(text)
            if found and area_parts(found.group(1) + parts[0]):
                parts = [found.group(1), *parts]
                break
    if _province_level(parts[0]):
        return parts
    province = _cited_province(parts[0], texts)
    return [province, *parts] if province else parts


def _province_level(name: str) -> bool:
    """四川省, 广西壮族自治区, and the four cities that are provinces (重庆市)."""
    known = provinces().by_name.get(name)
    return bool(re.search(r"(?:省|自治区|特别行政区)$", name)) or (
        known is not None and known.municipality and known.name == name)


def _cited_province(area: str, texts: list[str]) -> str | None:
    """The one province the document writes before ``area`` or cites documents of, else None.

    Looks, in order, for the province written right before the area (四川省广元市), then for
    provinces named as an issuer or a document's subject (四川省人民政府办公厅, 《北京市关于…》),
    then for provincial document codes (川办发, 京政办发; a city's code that looks alike, such
    as 宁政办发 of 南京, is why this comes last). One regex pass over each text per step.
    """
    table = provinces()
    before = re.compile(rf"({table.name_re.pattern}){re.escape(area)}")
    for text in texts:
        found = before.search(text)
        if found:
            return found.group(1)
    named: set[str] = set()
    for text in texts:
        for found in table.name_re.finditer(text):
            if PROVINCE_CONTEXT.match(text, found.end()):
                named.add(found.group())
    if len(named) == 1:
        return named.pop()
    if named:
        return None
    coded: set[str] = set()
    for text in texts:
        for found in DOC_NUMBER.finditer(text):
            code = table.doc_code_re.search(found["issuer"])
            if code:
                coded.add(table.by_abbr[code["abbr"]].name)
    return coded.pop() if len(coded) == 1 else None
