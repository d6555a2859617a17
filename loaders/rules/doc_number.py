"""Issuing numbers (发文字号): find them and normalise them to 〔〕 with ASCII digits.

GB/T 9704 writes 国办发〔2021〕18号; plans also type [] （） ［］ 【】 and the small ﹝﹞ or 〈〉
that word processors offer for 〔〕, put a PDF line break or a space inside, write full-width
digits, 年 after the year (（2024年）), an older 第, or a leading zero (〔2022〕第05号).
"""

from __future__ import annotations

import re

from ..normalize import WIDTH_FOLD
from ..text import CJK_UNIFIED

DOC_NUMBER = re.compile(
    rf"""
    (?P<issuer>[{CJK_UNIFIED}]{{1,14}}?)     # 国办发, 渝北府办发, 渝医改办函, 中办发
    \s*[〔\[（(［【﹝〈]\s*                   # 〔 (GB/T 9704) or as typed: [] （） ［］ 【】 ﹝ 〈
    (?P<year>(?:19|20)\d{{2}})\s*年?
    \s*[〕\]）)］】﹞〉]\s*
    第?\s*                                 # older style: 〔2022〕第5号
    (?P<serial>\d{{1,4}})\s*号
    """,
    re.VERBOSE,
)
# an issuer code is two or more characters: 国发, 国卫医发, 渝医改办函, and also codes without a
# document-type character such as 财社〔2019〕 or 京卫医〔2022〕; the bracketed year and 号 after
# the serial keep （2021—2025年） and the like from being read as numbers
ISSUER_CODE = re.compile(rf"^[{CJK_UNIFIED}]{{2,14}}$")
ISSUER_STOP = re.compile(
    r".*(?:印发|转发|关于|根据|按照|落实|贯彻|依据|参照|执行|的|和|及|与|号|》)")


def normalise_doc_number(raw: str) -> str | None:
    """国办发[2021]第018号 -> 国办发〔2021〕18号; None when raw is not an issuing number."""
    text = re.sub(r"\s+", "", raw.translate(WIDTH_FOLD))
    found = DOC_NUMBER.fullmatch(text)
    if not found or not ISSUER_CODE.search(found["issuer"]):
        return None
    return f"{found['issuer']}〔{found['year']}〕{int(found['serial'])}号"


def find_doc_numbers(text: str) -> list[tuple[str, int, int]]:
    """(normalised number, start, end) of every issuing number in ``text``."""
    found: list[tuple[str, int, int]] = []
    for match in DOC_NUMBER.finditer(text):
        issuer = match["issuer"]
        start = match.start("issuer")
        # the lazy issuer may start mid-word ("贯彻落实国办发"): cut at the last verb or particle
        cut = ISSUER_STOP.match(issuer)
        if cut:
            start += cut.end()
            issuer = issuer[cut.end():]
        if not issuer or not ISSUER_CODE.search(issuer):
            continue
        number = f"{issuer}〔{match['year']}〕{int(match['serial'])}号"
        found.append((number, start, match.end()))
    return found
