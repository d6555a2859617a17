"""Plan metadata and the document's regions: cover notice, body, attachments.

A plan usually arrives wrapped in its cover notice (通知): doc number, issuing office,
关于印发《X》的通知, the addressees, a signature and a date; then the plan itself (its title
again, a preamble, the numbered body), then attachments (附件1 …, tables) and a colophon
(抄送, …印发). Any of these may be missing or broken over lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .mapped import MappedStr
from .normalize import DATE_LINE, ORGAN_LINE, TITLE_END, Para
from .rules.doc_number import DOC_NUMBER, normalise_doc_number
from .structure import match_heading

CJK = "\u4e00-\u9fff"
NOTICE_TITLE = re.compile(
    rf"^(?P<issuer>[{CJK}]{{2,30}}?(?:办公室|办公厅|人民政府|委员会|领导小组|局|委))?"
    r"关于(?:印发|转发|下发|印送)(?P<title>.+?)的通知$"
)
SELF_QUOTE = re.compile(r"《(?P<title>[^《》]+)》(?:已经|印发给|现印发|，?现予印发)|"
                        r"(?:现将|将)《(?P<title2>[^《》]+)》")
STATUS_DRAFT = re.compile(r"征求意见稿|送审稿|讨论稿|草案|征求意见")
STATUS_MARK = re.compile(r"[（(](?:征求意见稿|送审稿|讨论稿|草案)[）)]")
DATE = re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
CN_DATE = re.compile(r"(?P<y>[〇○零一二三四五六七八九]{4})年(?P<m>[一二三四五六七八九十]{1,2})月"
                     r"(?P<d>[一二三四五六七八九十]{1,3})日")
COLOPHON = re.compile(
    r"^(?P<issuer>.+?)\s*(?P<date>\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*印发$")
ATTACHMENT = re.compile(r"^(?:附件|附表)\s*(?:\d{1,2}|[：:]|$)|^抄送[：:]|^主题词")
PROVINCE = rf"[{CJK}]{{2,7}}?(?:省|自治区|特别行政区)"
CITY = rf"[{CJK}]{{2,7}}?(?:市|自治州|地区|盟)"
COUNTY = rf"[{CJK}]{{1,7}}?(?:区|县|旗|市)"
AREA = re.compile(rf"^(?P<province>{PROVINCE})?(?P<city>{CITY})?(?P<county>{COUNTY})?")
ORGAN_AFTER_AREA = re.compile(
    r"^(?:人民政府|政府|委|卫生|人民|党委|发展|财政|医疗|.{0,12}?(?:局|委|办))")
TITLE_VERB = re.compile(r"^(?:推动|关于|进一步|加快|深化|全面)")


@dataclass
class Regions:
    front: list[Para]          # cover notice and the plan's own title
    body: list[Para]           # preamble and numbered body
    back: list[Para]           # attachments, tables, colophon
    body_title: Para | None


def cn_digits(text: str) -> int:
    digits = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
    if "十" in text:
        tens, _, units = text.partition("十")
        return (digits.get(tens, 1) if tens else 1) * 10 + digits.get(units, 0)
    return int("".join(str(digits[ch]) for ch in text))


def parse_date(text: str) -> str | None:
    """2022年12月6日, 2022年 12月 22日 or 二〇二二年十二月六日 -> 2022-12-06."""
    found = DATE.search(text)
    if found:
        year, month, day = int(found["y"]), int(found["m"]), int(found["d"])
    else:
        found = CN_DATE.search(text)
        if not found:
            return None
        year, month, day = cn_digits(found["y"]), cn_digits(found["m"]), cn_digits(found["d"])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def split_regions(paras: list[Para]) -> Regions:
    """Find where the plan's body starts (its title, preamble or first heading) and ends."""
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
    for index in range(body_start, len(paras)):
        text = texts[index]
        if paras[index].kind == "cell" and index > body_start:
            body_end = index
            break
        if not text:
            continue
        if ATTACHMENT.match(text) or COLOPHON.match(text):
            body_end = index
            break
        if ORGAN_LINE.match(text) and index + 1 < len(paras) and DATE_LINE.match(texts[index + 1]):
            body_end = index  # signature and date after the body, no cover notice
            break
    front = paras[: body_start - 1 if body_title else body_start]
    return Regions(front, paras[body_start:body_end], paras[body_end:], body_title)


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
    for index, para in enumerate(front_texts):
        text = para.text.text
        if text.endswith("文件") and ORGAN_LINE.match(text) and issuer is None:
            issuer = text[:-2]  # masthead: 天津市北辰区人民政府办公室文件
        found = NOTICE_TITLE.match(text)
        if found and notice_title is None:
            notice_title = found["title"].strip("《》")
            notice_at = para.text[found.start("title"):found.end("title")]
            if found["issuer"]:
                issuer = issuer or found["issuer"]
            elif index and ORGAN_LINE.match(front_texts[index - 1].text.text):
                issuer = issuer or front_texts[index - 1].text.text.removesuffix("文件")
    issued = None
    for index, para in enumerate(front_texts):
        if DATE_LINE.match(para.text.text):
            issued = parse_date(para.text.text)
            if issuer is None and index and ORGAN_LINE.match(front_texts[index - 1].text.text):
                issuer = front_texts[index - 1].text.text
            break
    for para in reversed([p for p in all_paras if p.kind == "text"][-8:]):
        colophon = COLOPHON.match(para.text.text)
        if colophon:
            issuer = issuer or colophon["issuer"].strip()
            issued = issued or parse_date(colophon["date"])
            break
    back_texts = [p for p in regions.back if p.kind == "text"]
    for index, para in enumerate(back_texts):
        if DATE_LINE.match(para.text.text):
            # signature and date after the body (plans published without a cover notice)
            issued = issued or parse_date(para.text.text)
            if issuer is None and index and ORGAN_LINE.match(back_texts[index - 1].text.text):
                issuer = back_texts[index - 1].text.text
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
    if (title and STATUS_DRAFT.search(title)) or STATUS_DRAFT.search(front_text):
        status = "draft"
    if title:
        title = STATUS_MARK.sub("", title).strip()

    jurisdiction_parts = area_parts(issuer or "") or area_parts(title or "")
    jurisdiction_parts = complete_area(jurisdiction_parts, [p.text.text for p in all_paras])
    return Metadata(title, title_at, doc_number, doc_number_at, issuer,
                    "".join(jurisdiction_parts) or None, jurisdiction_parts, issued, status)


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
    """Put the province-level name first where the document shows it: 北辰区 -> 天津市北辰区."""
    if not parts or re.search(r"(?:省|自治区|特别行政区)$", parts[0]):
        return parts
    if len(parts) == 1 and parts[0].endswith(("区", "县", "旗")):
        pattern = re.compile(rf"({PROVINCE}|[{CJK}]{{2,3}}?市){re.escape(parts[0])}")
        for text in texts:
            found = pattern.search(text)
            if found and area_parts(found.group(1) + parts[0]):
                return [found.group(1), *parts]
    return parts
