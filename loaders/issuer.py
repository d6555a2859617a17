"""Issuer, jurisdiction and dates: the organs signing a plan, the area they govern (completed
with its province from what the document cites), and dates as written.
"""

from __future__ import annotations

import re
from datetime import date
from itertools import pairwise

from .mapped import MappedStr
from .normalize import Para
from .provinces import provinces
from .rules.doc_number import _doc_number_matches
from .text import CJK_UNIFIED, chinese_number
from .titles import run_starts

DATE = re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
CN_DATE = re.compile(r"(?P<y>[〇○零一二三四五六七八九]{4})年(?P<m>[一二三四五六七八九十]{1,2})月"
                     r"(?P<d>[一二三四五六七八九十]{1,3})日")
PROVINCE = rf"[{CJK_UNIFIED}]{{2,7}}?(?:省|自治区|特别行政区)"
CITY = rf"[{CJK_UNIFIED}]{{2,7}}?(?:市|自治州|地区|盟)"
COUNTY = rf"[{CJK_UNIFIED}]{{1,7}}?(?:区|县|旗|市)"
AREA = re.compile(rf"^(?P<province>{PROVINCE})?(?P<city>{CITY})?(?P<county>{COUNTY})?")
ORGAN_AFTER_AREA = re.compile(
    r"^(?:人民政府|政府|委|卫生|人民|党委|发展|财政|医疗|.{0,12}?(?:局|委|办))")
TITLE_VERB = re.compile(r"^(?:推动|关于|进一步|加快|深化|全面)")
# A province named as the issuer or subject of a document the plan cites: 四川省人民政府办公厅,
# 《北京市关于推动……》, 《关于印发四川省推动……》. A hospital (北京市西苑医院) does not count.
PROVINCE_CONTEXT = re.compile(r"人民政府|政府|办公厅|委员会|省委|市委|卫生健康委|卫健委|医疗保障局|"
                              r"关于|推动|推进|深化|进一步|加快|贯彻|全面")


# an organ's name, alone on its line or among several signing one plan
ORGAN_NAME = re.compile(
    rf"^[{CJK_UNIFIED}]{{2,30}}(?:办公室|办公厅|人民政府|委员会|领导小组|卫生健康委|卫健委|局|厅|委|部)$")
JOINT_MAX = 8   # organ lines looked back over from a date or notice title


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
            # a match ends with the area: a text without it is not searched (the pattern has
            # no first character to skip to, so a search tries every place)
            found = pattern.search(text) if parts[0] in text else None
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
        found = before.search(text) if area in text else None   # a match ends with the area
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
        # DOC_NUMBER.finditer's issuers, found from the brackets (rules/doc_number.py)
        for _, issuer, _ in _doc_number_matches(text):
            code = table.doc_code_re.search(issuer)
            if code:
                coded.add(table.by_abbr[code["abbr"]].name)
    return coded.pop() if len(coded) == 1 else None
