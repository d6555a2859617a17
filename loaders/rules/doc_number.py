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


# DOC_NUMBER after its issuer, and what opens it: DOC_NUMBER.finditer tries its lazy issuer
# (up to 14 characters) at every character of the text, which made it a tenth of extraction;
# the issuer always ends where the CJK characters before the bracket end, so the scan starts
# at the brackets instead (_doc_number_matches gives the same matches)
_AFTER_ISSUER = re.compile(
    r"\s*[〔\[（(［【﹝〈]\s*(?P<year>(?:19|20)\d{2})\s*年?\s*[〕\]）)］】﹞〉]\s*第?\s*"
    r"(?P<serial>\d{1,4})\s*号")
_OPENER = re.compile(r"[〔\[（(［【﹝〈]")
_ISSUER_WIDTH = 14   # DOC_NUMBER's {1,14}


def _doc_number_matches(text: str) -> list[tuple[int, str, re.Match[str]]]:
    """(start, issuer, the match after the issuer) for each match DOC_NUMBER.finditer finds.

    DOC_NUMBER's lazy issuer can end only where a run of CJK characters ends (a blank or the
    bracket follows it, neither is CJK), so the leftmost match whose rest matches at a run's
    end starts at the run's start, at most 14 characters back, and not before the previous
    match's end.
    """
    matches: list[tuple[int, str, re.Match[str]]] = []
    previous_end = 0
    for opener in _OPENER.finditer(text):
        issuer_end = opener.start()
        while issuer_end > 0 and text[issuer_end - 1].isspace():
            issuer_end -= 1
        floor = max(previous_end, issuer_end - _ISSUER_WIDTH)
        start = issuer_end
        while start > floor and "\u4e00" <= text[start - 1] <= "\u9fff":
            start -= 1
        if start == issuer_end:
            continue
        rest = _AFTER_ISSUER.match(text, issuer_end)
        if rest is None:
            continue
        matches.append((start, text[start:issuer_end], rest))
        previous_end = rest.end()
    return matches


def find_doc_numbers(text: str) -> list[tuple[str, int, int]]:
    """(normalised number, start, end) of every issuing number in ``text``."""
    found: list[tuple[str, int, int]] = []
    for start, issuer, match in _doc_number_matches(text):
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
