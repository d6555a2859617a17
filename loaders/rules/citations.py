"""Documents a plan cites: 《titles》, issuing numbers, and whether the plan implements them.

`implements` is for the documents named as the plan's basis — the sentence that says why the
plan exists (为贯彻落实《…》（…）精神 … 制定本实施方案; 按照《…》要求 …) — `references` for
every other citation. An issuer written before the brackets (国务院办公厅《关于…的意见》) is
part of the title. Each document is cited once, at its first appearance.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .doc_number import find_doc_numbers

TITLE = re.compile(r"《(?P<title>[^《》]{2,120})》")
BASIS_TRIGGER = re.compile(
    r"为(?:深入|认真|全面|进一步)?(?:学习)?贯彻|贯彻落实|为落实|根据|按照|依据|"
    r"遵照|依照|为推进|为推动")
PLAN_MAKING = re.compile(r"制定本|特制定|现制定|制定如下|提出如下|本实施方案|本方案|本计划|本意见|"
                         r"结合(?:我区|我市|我县|我省|本地|实际)")
ISSUER_BEFORE = re.compile(
    r"(?P<issuer>(?:中共中央|国务院|全国人大常委会|(?:[\u4e00-\u9fff]{1,10}?(?:省|市|区|县|自治区)?)"
    r"(?:委|人民政府|政府))?(?:办公厅|办公室|[\u4e00-\u9fff]{0,8}?(?:部|委|局|委员会))"
    r"|中共中央|国务院)$"
)
LEADING_VERBS = re.compile(
    r"^(?:.*?(?:贯彻落实|全面落实|认真落实|落实|贯彻|按照|根据|依据|执行|参照|"
    r"对照|转发|印发|学习|对标|遵照|依照|严格|认真|全面|深入|进一步|以及|和|及|与|"
    r"、))+")
NUMBER_AFTER = re.compile(r"^\s*[（(]\s*(?P<inner>[^（）()]{4,40})[）)]")


@dataclass
class Citation:
    title: str | None
    doc_number: str | None
    relation: str
    start: int
    end: int
    mentions: list[tuple[int, int]] = field(default_factory=list)


def core_title(title: str) -> str:
    """The title from 关于 on: 重庆市委办公厅关于X and 市委办公厅关于X are one document."""
    at = title.find("关于")
    return title[at:] if at > 0 else title


def _issuer_prefix(text: str, start: int) -> str:
    """An issuing body written right before 《关于…》, e.g. 国务院办公厅《关于…的意见》."""
    before = text[max(0, start - 30):start]
    found = ISSUER_BEFORE.search(before)
    if not found:
        return ""
    issuer = LEADING_VERBS.sub("", found["issuer"])
    if len(issuer) < 2 or issuer in {"我市", "我区", "我省", "我县", "本市"}:
        return ""
    return issuer


def sentence_around(text: str, start: int, end: int) -> str:
    left = max(text.rfind("。", 0, start), text.rfind("\n", 0, start)) + 1
    right_candidates = [i for i in (text.find("。", end), text.find("\n", end)) if i >= 0]
    right = min(right_candidates) if right_candidates else len(text)
    return text[left:right]


def find_citations(text: str, *, basis_end: int, exclude_titles: set[str],
                   exclude_numbers: set[str]) -> list[Citation]:
    """Citations in ``text`` (the plan, paragraphs joined by newlines).

    ``basis_end``: offset where the plan's preamble ends; a citation before it whose sentence
    names it as the basis is `implements`. ``exclude_*``: the plan's own title and number.
    """
    raw: list[Citation] = []
    used_numbers: list[tuple[int, int]] = []
    for match in TITLE.finditer(text):
        title = re.sub(r"\s+", " ", match["title"]).strip()
        start, end = match.start(), match.end()
        if title.startswith("关于"):
            issuer = _issuer_prefix(text, start)
            if issuer:
                title = issuer + title
                start -= len(issuer)
        number = None
        after = NUMBER_AFTER.match(text[end:end + 45])
        if after:
            numbers = find_doc_numbers(after["inner"])
            if numbers:
                number = numbers[0][0]
                used_numbers.append((end + after.start("inner"), end + after.end("inner")))
                end += after.end()
        if title in exclude_titles or core_title(title) in {core_title(t) for t in exclude_titles}:
            continue
        raw.append(Citation(title, number, _relation(text, start, end, basis_end), start, end))
    for number, start, end in find_doc_numbers(text):
        if any(s <= start < e for s, e in used_numbers) or number in exclude_numbers:
            continue
        raw.append(Citation(None, number, _relation(text, start, end, basis_end), start, end))
    raw.sort(key=lambda citation: citation.start)
    return _merge(raw)


def _relation(text: str, start: int, end: int, basis_end: int) -> str:
    if start >= basis_end:
        return "references"
    sentence = sentence_around(text, start, end)
    if BASIS_TRIGGER.search(sentence) and (PLAN_MAKING.search(sentence) or start < basis_end):
        return "implements"
    return "references"


def _merge(citations: list[Citation]) -> list[Citation]:
    """One entry per document: same number, or same core title with compatible issuers."""
    merged: list[Citation] = []
    for citation in citations:
        twin = next((kept for kept in merged if _same_document(kept, citation)), None)
        if twin is None:
            citation.mentions.append((citation.start, citation.end))
            merged.append(citation)
            continue
        twin.mentions.append((citation.start, citation.end))
        if citation.title and (not twin.title or len(citation.title) > len(twin.title)):
            twin.title = citation.title
        twin.doc_number = twin.doc_number or citation.doc_number
        if citation.relation == "implements":
            twin.relation = "implements"
    return merged


def _same_document(first: Citation, second: Citation) -> bool:
    if first.doc_number and second.doc_number:
        return first.doc_number == second.doc_number
    if not (first.title and second.title):
        return False
    if first.title == second.title:
        return True
    a, b = core_title(first.title), core_title(second.title)
    if a != b or not a.startswith("关于"):
        return False
    issuer_a, issuer_b = first.title[: -len(a)], second.title[: -len(b)]
    return issuer_a.endswith(issuer_b) or issuer_b.endswith(issuer_a)
