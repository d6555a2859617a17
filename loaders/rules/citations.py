"""Documents a plan cites: 《titles》, issuing numbers, and whether the plan implements them.

`implements` is for the documents named as the plan's basis — the sentence that says why the
plan exists (为贯彻落实《…》（…）精神 … 制定本实施方案; 按照《…》要求 …) — `references` for
every other citation. An issuer written before the brackets (国务院办公厅《关于…的意见》) is
part of the title. Each document is cited once, at its first appearance.
"""

from __future__ import annotations

import bisect
import heapq
import re
from dataclasses import dataclass, field

from ..text import CJK_UNIFIED
from .doc_number import find_doc_numbers

TITLE = re.compile(r"《(?P<title>[^《》]{2,120})》")
BASIS_TRIGGER = re.compile(
    r"为(?:深入|认真|全面|进一步)?(?:学习)?贯彻|贯彻落实|为落实|根据|按照|依据|"
    r"遵照|依照|为推进|为推动")
PLAN_MAKING = re.compile(r"制定本|特制定|现制定|制定如下|提出如下|本实施方案|本方案|本计划|本意见|"
                         r"结合(?:我区|我市|我县|我省|本地|实际)")
ISSUER_BEFORE = re.compile(
    rf"(?P<issuer>(?:中共中央|国务院|全国人大常委会|(?:[{CJK_UNIFIED}]{{1,10}}?(?:省|市|区|县|自治区)?)"
    rf"(?:委|人民政府|政府))?(?:办公厅|办公室|[{CJK_UNIFIED}]{{0,8}}?(?:部|委|局|委员会))"
    r"|中共中央|国务院)$"
)
LEADING_VERBS = re.compile(
    r"^(?:.*?(?:贯彻落实|全面落实|认真落实|落实|贯彻|按照|根据|依据|执行|参照|"
    r"对照|转发|印发|学习|对标|遵照|依照|严格|认真|全面|深入|进一步|以及|和|及|与|"
    r"、))+")
NUMBER_AFTER = re.compile(r"^\s*[（(]\s*(?P<inner>[^（）()]{4,40})[）)]")


@dataclass
class FoundCitation:
    """A citation as the rule finds it: offsets into the text it read. loaders/plan.py turns
    it into the record's Citation (loaders/record.py), whose spans point into the document."""

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


class Sentences:
    """Where the sentence around an offset begins and ends (。 or a line break closes one),
    found by bisection over the boundaries listed once; each sentence is searched for a basis
    trigger once. Scanning back and forth from each citation was quadratic on a long line."""

    def __init__(self, text: str):
        self.text = text
        self.bounds = [m.start() for m in re.finditer(r"[。\n]", text)]
        self._basis: dict[tuple[int, int], bool] = {}

    def around(self, start: int, end: int) -> tuple[int, int]:
        before = bisect.bisect_left(self.bounds, start) - 1
        after = bisect.bisect_left(self.bounds, end)
        left = self.bounds[before] + 1 if before >= 0 else 0
        right = self.bounds[after] if after < len(self.bounds) else len(self.text)
        return left, right

    def names_basis(self, start: int, end: int) -> bool:
        where = self.around(start, end)
        if where not in self._basis:
            self._basis[where] = bool(BASIS_TRIGGER.search(self.text, *where))
        return self._basis[where]


def sentence_around(text: str, start: int, end: int) -> str:
    left, right = Sentences(text).around(start, end)
    return text[left:right]


def find_citations(text: str, *, basis_end: int, exclude_titles: set[str],
                   exclude_numbers: set[str]) -> list[FoundCitation]:
    """Citations in ``text`` (the plan, paragraphs joined by newlines).

    ``basis_end``: offset where the plan's preamble ends; a citation before it whose sentence
    names it as the basis is `implements`. ``exclude_*``: the plan's own title and number.
    """
    raw: list[FoundCitation] = []
    used_numbers: list[tuple[int, int]] = []   # in text order, not overlapping
    sentences = Sentences(text)
    excluded_cores = {core_title(t) for t in exclude_titles}
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
        if title in exclude_titles or core_title(title) in excluded_cores:
            continue
        raw.append(FoundCitation(title, number, _relation(sentences, start, end, basis_end),
                            start, end))
    used_starts = [s for s, _ in used_numbers]
    for number, start, end in find_doc_numbers(text):
        used = bisect.bisect_right(used_starts, start) - 1
        if (used >= 0 and start < used_numbers[used][1]) or number in exclude_numbers:
            continue
        raw.append(FoundCitation(None, number, _relation(sentences, start, end, basis_end),
                            start, end))
    raw.sort(key=lambda citation: citation.start)
    return _merge(raw)


def _relation(sentences: Sentences, start: int, end: int, basis_end: int) -> str:
    if start < basis_end and sentences.names_basis(start, end):
        return "implements"
    return "references"


def _merge(citations: list[FoundCitation]) -> list[FoundCitation]:
    """One entry per document: same number, or same core title with compatible issuers.

    A citation joins the first document kept that it names. The documents it can name are
    looked up by number and by core title, in the order kept (comparing each citation with
    every document kept was quadratic on a list of thousands of titles)."""
    merged: list[FoundCitation] = []
    position: dict[int, int] = {}            # id(kept) -> its place in merged
    by_number: dict[str, list[int]] = {}     # each list sorted: the first match is the twin
    by_core: dict[str, list[int]] = {}
    by_core_unnumbered: dict[str, list[int]] = {}

    def index(kept: FoundCitation) -> None:
        # a document whose title or number grows is listed again; the old entry stays and is
        # filtered by _same_document, which reads the current title and number
        at = position[id(kept)]
        if kept.doc_number:
            bisect.insort(by_number.setdefault(kept.doc_number, []), at)
        if kept.title:
            core = core_title(kept.title)
            bisect.insort(by_core.setdefault(core, []), at)
            if not kept.doc_number:
                bisect.insort(by_core_unnumbered.setdefault(core, []), at)

    for citation in citations:
        lists = []
        if citation.doc_number:
            lists.append(by_number.get(citation.doc_number, []))
        if citation.title:
            cores = by_core_unnumbered if citation.doc_number else by_core
            lists.append(cores.get(core_title(citation.title), []))
        twin = next((merged[at] for at in heapq.merge(*lists)
                     if _same_document(merged[at], citation)), None)
        if twin is None:
            citation.mentions.append((citation.start, citation.end))
            position[id(citation)] = len(merged)
            merged.append(citation)
            index(citation)
            continue
        twin.mentions.append((citation.start, citation.end))
        before = (twin.title, twin.doc_number)
        if citation.title and (not twin.title or len(citation.title) > len(twin.title)):
            twin.title = citation.title
        twin.doc_number = twin.doc_number or citation.doc_number
        if (twin.title, twin.doc_number) != before:
            index(twin)
        if citation.relation == "implements":
            twin.relation = "implements"
    return merged


def _same_document(first: FoundCitation, second: FoundCitation) -> bool:
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
