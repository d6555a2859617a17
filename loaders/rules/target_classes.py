"""Targets that measure a class of units rather than name a goal of their own (targets.py).

Split from the target finder because these patterns read the words on both sides of the
number and build the name from them, while the finder's own patterns (reach, verb-noun-count,
verb-count-noun) read a name before the number and a verb:

share            a share of a class: 二级及以上综合性医院100%设立老年医学科,
                 50%的二级公立医院达到……, 80%二级以上公立医院建成……, 占业务收入的3%以上
count-first      a count before its noun with no verb of building before it:
                 2家市级综合医院通过……, 依托4家医联体牵头医院建设……, ……等8个……中心建设

Each function reads the text only and returns what it found (a ClassTarget) or None; the
finder records it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from policykg.loaders.rules.target_phrases import (
    build_verbs_in,
    clean_name,
    first_verb,
    is_name,
    is_noun,
    share_name,
)
from policykg.loaders.rules.target_words import (
    BAD_NOUN_ENDS,
    COVERAGE_VERBS,
    MEANS_PREPS,
    NOUN_WINDOW,
    NUM,
    PUSH_VERBS,
)

# The next share in a list: 、80%达到推荐标准.
_NEXT_SHARE = re.compile(rf"、\s*{NUM}\s*[%％]")


@dataclass(frozen=True)
class ClassTarget:
    name: str  # the indicator as named: ……设立老年医学科的比例
    start: int  # span of the phrase in the text
    end: int
    kind: str  # the pattern, "share" / "count-first" / "reach" (a share of a whole)
    subject: str = ""  # a share's subject written first, which a parallel share after 、 keeps


def count_first(
    text: str, m: re.Match[str], cursor: int, left_end: int, c_end: int
) -> ClassTarget | None:
    """A count before its noun with no verb of building right before it.

    class:  2家市级综合医院通过互联互通四甲测评、电子病历达5级 (seed 001 line 32): a clause
        that opens with the count counts the class that does what follows ->
        通过……达5级的市级综合医院.
    means:  依托4家医联体牵头医院建设重大疫情区域救治中心 (seed 004 line 15): after a
        preposition of means the count is of what is built there ->
        依托医联体牵头医院建设的重大疫情区域救治中心.
    under construction:  推进区级心血管疾病、脑卒中等8个重大慢性病防治中心建设 (seed 003
        line 23): a count of a noun under 建设 in a clause that pushes it ->
        建设重大慢性病防治中心.
    """
    l_start, l_end = clean_name(text, cursor, left_end)
    lead = text[l_start:l_end]
    r_start, r_end = clean_name(text, m.end(), c_end)
    if r_start != m.end() or r_end <= r_start:
        return None
    rest = text[r_start:r_end]
    name = None
    if rest.endswith("建设") and (lead.endswith("等") or lead.startswith(PUSH_VERBS)):
        if is_noun(rest[:-2]):
            name = "建设" + rest[:-2]
    elif lead in MEANS_PREPS:
        verbs = build_verbs_in(text, r_start + 1, min(r_end, r_start + NOUN_WINDOW))
        if verbs:
            v_start, v_end = verbs[0]
            noun, made = text[r_start:v_start], text[v_end:r_end]
            if is_noun(noun) and is_noun(made):
                name = f"{lead}{noun}{text[v_start:v_end]}的{made}"
    elif not lead:
        verb = first_verb(text, r_start, min(r_end, r_start + NOUN_WINDOW), COVERAGE_VERBS)
        if verb is not None and is_noun(text[r_start : verb[0]]):
            name = f"{text[verb[0]:r_end]}的{text[r_start:verb[0]]}"
    if name is None:
        return None
    return ClassTarget(name, m.start() if not lead else l_start, r_end, "count-first")


def share(
    text: str, m: re.Match[str], cursor: int, left_end: int, c_end: int, last_subject: str
) -> ClassTarget | None:
    """Shares of a class: 100%设立老年医学科, 50%的二级公立医院达到……, 占业务收入的3%以上.

    A share is named as the share it is (……设立老年医学科的比例), in the order the text
    gives its class and what the class does. ``last_subject`` is the subject of a share just
    before in the same clause ("" if none), which a parallel share after 、 keeps.
    """
    rest = m.end()
    if text.startswith(COVERAGE_VERBS, rest) and rest < c_end:
        # share, subject first: SUBJECT VALUE VERB……:
        # 二级及以上综合性医院100%设立老年医学科 (seed 003:30);
        # a parallel share after 、 keeps the subject: 县医院100%达到……基本标准、80%达到推荐
        # 标准 (seed 001 line 17)
        n_start, n_end = clean_name(text, cursor, left_end)
        subject = text[n_start:n_end]
        parallel = text[cursor:left_end].strip() == "、"
        if last_subject and parallel:
            subject, n_start = last_subject, m.start()
        elif not is_name(subject) or subject[-1] in BAD_NOUN_ENDS + "占达":
            return None
        stop = _NEXT_SHARE.search(text, rest, c_end)
        r_start, r_end = clean_name(text, rest, stop.start() if stop else c_end)
        return ClassTarget(share_name(subject + text[r_start:r_end]), n_start, r_end, "share",
                           subject)
    if text.startswith("的", rest):
        # share of the class: VALUE的CLASS VERB……:
        # 50%的二级公立医院达到“美丽医院”建设标准 (seed 000:46)
        # -> 达到“美丽医院”建设标准的二级公立医院比例: the share of the class that does it
        left = text[cursor:left_end]
        n_start, n_end = clean_name(text, cursor, left_end)
        if n_start != n_end and not left.rstrip().endswith("、"):
            return None
        r_start, r_end = clean_name(text, rest + 1, c_end)
        if not is_name(text[r_start:r_end]):
            return None
        verb = first_verb(text, r_start, min(r_end, r_start + NOUN_WINDOW), COVERAGE_VERBS)
        if verb is not None and is_noun(text[r_start : verb[0]]):
            name = f"{text[verb[0]:r_end]}的{text[r_start:verb[0]]}比例"
        else:
            name = share_name(text[r_start:r_end])
        return ClassTarget(name, m.start(), r_end, "share")
    n_start, n_end = clean_name(text, cursor, left_end)
    if n_start == n_end and rest < c_end:
        # share, class after: VALUE CLASS VERB……:
        # 80%二级以上公立医院建成老年友善、儿童友好医院 (seed 001 line 30)
        # -> 二级以上公立医院建成老年友善、儿童友好医院的比例
        r_start, r_end = clean_name(text, rest, c_end)
        verb = first_verb(text, r_start, min(r_end, r_start + NOUN_WINDOW), COVERAGE_VERBS)
        if r_start == rest and verb is not None and is_noun(text[r_start : verb[0]]):
            return ClassTarget(share_name(text[r_start:r_end]), m.start(), r_end, "share")
    if text.endswith("的", cursor, left_end) and "占" in text[cursor:left_end]:
        # share of a whole (read as reach): X占Y的VALUE: 科研经费投入占业务收入的3%以上
        n_start, n_end = clean_name(text, cursor, left_end - 1)
        if not is_name(text[n_start:n_end]):
            return None
        return ClassTarget(text[n_start:n_end], n_start, m.end(), "reach")
    return None
