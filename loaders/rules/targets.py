"""Quantified targets stated in prose (达到35%以上, 建成互联网医院12家).

Plans state many goals in running text (达到35%以上, 建成互联网医院12家) rather than in an
indicator table. A target is found from its number outwards: the words just before the number
decide the pattern (a verb of reaching such as 达到 / 不低于, a verb of building such as
建成 / 新增, or a share of a class such as 100%设立), and the indicator's name is the noun
phrase of the same clause. Clauses end at ，；： and sentence ends, but never inside brackets
or quotes, so 医疗服务收入（不含药品、耗材、检查、化验收入） stays one name.

The words the patterns read are data (loaders/data/targets.toml, each list with its reason and
examples, loaded by target_words.py); sentences, clauses and names are cut by target_phrases.py;
the patterns that measure a class (shares, counts before their noun) are in target_classes.py.
Numbers that PDF extraction lost are found by lost_digits.py.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

from policykg.loaders.rules.deadlines import ONGOING, find_deadlines
from policykg.loaders.rules.target_classes import ClassTarget, count_first, share
from policykg.loaders.rules.target_phrases import (
    build_verbs_in,
    clean_name,
    ends_with,
    first_verb,
    inside_titles,
    is_name,
    is_noun,
    sentences_and_clauses,
    share_name,
    split_names,
    unit_kind,
    unit_of,
    value_text,
)
from policykg.loaders.rules.target_words import (
    BUILD_VERBS,
    CHANGE_UNITS,
    CHANGE_VERBS,
    CN_NUM,
    COVERAGE_VERBS,
    MEASURE_NAME_ENDS,
    NOT_QUANTITY_AFTER,
    NOT_QUANTITY_BEFORE,
    NOT_REACH_BEFORE_DA,
    NOUN_WINDOW,
    NUM,
    PRE_QUALIFIERS,
    QUALIFYING_VERBS,
    RATE_NAME_ENDS,
    REACH_VERBS,
    STATUS_MARKERS,
    UNIT_RE,
    VALUE_RE,
)

__all__ = ["ProseTarget", "find_prose_targets"]


@dataclass(frozen=True)
class ProseTarget:
    name: str  # the indicator as written, e.g. 三级医院预约诊疗率
    value: str  # as written: 35, 1∶2, 20, 0.9, 3-5
    unit: str | None  # %, 个, 家, 名, 台, 间 ... or None
    baseline: str | None  # for 从0.9提升到1.2 patterns: 0.9
    qualifier: str | None  # 以上 / 以下 / 左右 / 不低于 / 不超过 / 至少 ...
    year: int | None  # the year the sentence sets (到2025年 ..., 2023年底前 ...), else None
    start: int  # span of the whole target phrase in the argument text
    end: int


class _Finder:
    """Walks the clauses of one text and collects targets; state is the last target's pattern.

    The patterns, named by what they match:
    reach            NAME VERB VALUE: 占比达到35%以上, CMI值从0.9提升到1.2
    verb-noun-count  VERB NOUN VALUE COUNT: 建成互联网医院12家
    verb-count-noun  VERB VALUE COUNT NOUN: 设立至少2所护理院
    share            a share of a class: 二级及以上综合性医院100%设立老年医学科
    count-first      COUNT NOUN with no verb of building before it: 2家市级综合医院通过……
    (the last two read in target_classes.py)
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.titles: list[bool] = []  # per character, inside a 《title》; set by run()
        self.found: list[ProseTarget] = []
        self.starts: list[int] = []  # where a value can start (_VALUE_START), set by run()
        self.deadlines: list[tuple[int, int]] = []  # (offset, year) in the current sentence
        self.last_kind: str | None = None  # pattern of the previous target in the sentence
        # its verb of building (verb-noun-count, verb-count-noun), which a continuation shares
        self.last_verb = ""
        self.last_subject = ""  # its subject (share, subject first), shared by a parallel share

    def run(self) -> list[ProseTarget]:
        # where a value can start: a clause with none of them has no target (most clauses), and
        # a sentence with none needs no deadlines
        self.starts = starts = [found.start() for found in _VALUE_START.finditer(self.text)]
        if not starts:
            return self.found   # no value: no sentence to cut
        self.titles = inside_titles(self.text)
        for s_start, s_end, clauses in sentences_and_clauses(self.text):
            at = bisect.bisect_left(starts, s_start)
            if at == len(starts) or starts[at] >= s_end:
                continue
            deadlines = [d for d in find_deadlines(self.text[s_start:s_end]) if d.value != ONGOING]
            self.deadlines = [(d.start + s_start, int(d.value[:4])) for d in deadlines]
            self.last_kind, self.last_verb, self.last_subject = None, "", ""
            for c_start, c_end in clauses:
                at = bisect.bisect_left(starts, c_start, at)
                if at < len(starts) and starts[at] < c_end:
                    self._clause(c_start, c_end, at)
        return self.found

    def _year(self, pos: int) -> int | None:
        years = [y for start, y in self.deadlines if start <= pos]
        return years[-1] if years else None

    def _add(self, name: str, m: re.Match[str], start: int, end: int, **kw: str | None) -> None:
        self.found.append(
            ProseTarget(
                name=name,
                value=value_text(m),
                unit=unit_of(m),
                baseline=kw.get("baseline"),
                qualifier=kw.get("qualifier") or m["post"],
                year=self._year(start),
                start=start,
                end=end,
            )
        )

    def _clause(self, c_start: int, c_end: int, at: int) -> None:
        """The targets of one clause; ``at``: the first of self.starts in it."""
        text = self.text
        cursor = c_start  # a name starts after the previous target of the clause
        clause_kind: str | None = None  # pattern of the previous target in this clause
        for m in value_matches(text, self.starts, at, c_end):
            if m.start() < cursor or self.titles[m.start()] or not self._is_quantity(m):
                continue
            end = self._match(m, cursor, c_end, clause_kind)
            if end is not None:
                cursor = end
                clause_kind = self.last_kind

    def _is_quantity(self, m: re.Match[str]) -> bool:
        text = self.text
        before = text[m.start() - 1] if m.start() else ""
        after = text[m.end("val")] if m.end("val") < len(text) else ""
        if before and before in NOT_QUANTITY_BEFORE:
            return False
        if not m["unit"] and not m["rpct"] and after and (after in NOT_QUANTITY_AFTER):
            return False  # 2025年, 12月, 〔2022〕40号
        if not m["unit"] and after.isascii() and after.isalpha():
            return False  # 5G, 3D
        return True

    def _match(
        self, m: re.Match[str], cursor: int, c_end: int, clause_kind: str | None
    ) -> int | None:
        """Try the patterns in order of reliability; return where the target ends, or None."""
        text = self.text
        is_cn = not m["val"][0].isdigit()
        kind = unit_kind(unit_of(m))
        after = text[m.end() : m.end() + 1]
        attributive = after == "的"  # 低于800人的行政村, 50%的二级公立医院: a class, not a goal

        left_end = m.start()
        # 不低于 is a verb of reaching and a qualifier at once; as a verb it is the whole verb.
        verb = ends_with(text, cursor, left_end, REACH_VERBS)
        pre = None if verb else ends_with(text, cursor, left_end, PRE_QUALIFIERS)
        if pre:
            left_end -= len(pre)
            verb = ends_with(text, cursor, left_end, REACH_VERBS)

        if verb == "达" and text[left_end - 2 : left_end - 1] in tuple(NOT_REACH_BEFORE_DA):
            verb = None
        if verb is None and text.endswith("为", cursor, left_end):
            if ends_with(text, cursor, left_end - 1, RATE_NAME_ENDS):
                verb = "为"

        # reach: NAME VERB VALUE: 占比达到35%以上, 医护比总体达到1∶2左右, CMI值从0.9提升到1.2
        if verb and not is_cn and not attributive:
            name_end = left_end - len(verb)
            if ends_with(text, cursor, name_end, STATUS_MARKERS):
                return None
            return self._reach(m, cursor, name_end, verb, pre, c_end)
        change = ends_with(text, cursor, left_end, CHANGE_VERBS)
        if change and unit_of(m) in CHANGE_UNITS and not is_cn:
            # 医疗服务收入占比提高5个百分点: a change, the verb says which way
            return self._reach(m, cursor, left_end - len(change), change, change, c_end)

        # verb-count-noun: VERB VALUE COUNT NOUN: 设立至少2所护理院（中心）,
        # 建立6支常备背囊化卫生应急队
        verb = ends_with(text, cursor, left_end, BUILD_VERBS)
        if verb and kind == "count":
            return self._build_then_noun(m, cursor, left_end - len(verb), verb, pre, c_end)
        after_list_mark = text[cursor:left_end].strip() in "、和及与"
        if clause_kind == "verb-count-noun" and kind == "count" and after_list_mark:
            # ……设立2所护理院、3个……: the next count under the same verb
            return self._build_then_noun(m, cursor, cursor, self.last_verb, pre, c_end)

        if kind in ("count", "area") and not attributive:
            # verb-noun-count: VERB NOUN VALUE COUNT: 建成互联网医院12家, 新增负压救护车10台
            # The verb is named with the noun: 新增 / 引进和培养 / 建成 say that the count is
            # what is added, not what exists.
            window = max(cursor, left_end - NOUN_WINDOW)  # a longer noun is no noun
            for v_start, v_end in build_verbs_in(text, window, left_end):
                n_start, n_end = clean_name(text, v_end, left_end)
                if is_noun(text[n_start:n_end]):
                    self.last_kind, self.last_verb = "verb-noun-count", text[v_start:v_end]
                    self._add(self.last_verb + text[n_start:n_end], m, v_start, m.end(),
                              qualifier=pre)
                    return m.end()
        if not is_cn and not attributive and self.last_kind is not None:
            # continuation: 新增负压救护车10台、负压病房3间; ……50名以上，学科带头人10人以上;
            # the verb of the target before it carries over (新增负压病房, 引进和培养学科带头人)
            n_start, n_end = clean_name(text, max(cursor, left_end - NOUN_WINDOW), left_end)
            gap = text[cursor:n_start]
            bare_clause = m.end() == c_end or text[m.end() : c_end].strip() == ""
            verb_end = ends_with(text, n_start, n_end, REACH_VERBS + CHANGE_VERBS)
            if is_noun(text[n_start:n_end]) and not verb_end and ("、" in gap or bare_clause):
                builds = self.last_kind in ("verb-noun-count", "verb-count-noun")
                verb = self.last_verb if builds else ""
                self._add(verb + text[n_start:n_end], m, n_start, m.end(), qualifier=pre)
                return m.end()
        if kind == "count" and not is_cn and not attributive and not m["post"]:
            # (1000张及以上床位……: a count with 以上 / 以下 bounds a class, it counts nothing)
            found = count_first(text, m, cursor, left_end, c_end)
            if found is not None:
                return self._add_class(found, m, pre)

        if kind == "rate" and not is_cn:
            last_subject = self.last_subject if clause_kind == "share" else ""
            found = share(text, m, cursor, left_end, c_end, last_subject)
            if found is not None:
                return self._add_class(found, m, pre)
        return None

    def _add_class(self, found: ClassTarget, m: re.Match[str], pre: str | None) -> int:
        """Record a target of a class (target_classes.py); return where it ends."""
        self.last_kind = found.kind
        if found.kind == "count-first":
            self.last_verb = ""
        if found.subject:
            self.last_subject = found.subject
        self._add(found.name, m, found.start, found.end, qualifier=pre)
        return found.end

    def _reach(
        self, m: re.Match[str], cursor: int, name_end: int, verb: str, pre: str | None, c_end: int
    ) -> int | None:
        text = self.text
        baseline = None
        # 从0.9提升到1.2: the number after 从 / 由 is the baseline.
        base = re.search(rf"(?:从|由)\s*({NUM})(?:{UNIT_RE})?\s*$", text[cursor:name_end])
        if base:
            baseline = base.group(1)
            name_end = cursor + base.start()
        n_start, n_end = clean_name(text, cursor, name_end)
        name = text[n_start:n_end]
        if not is_name(name):
            return None
        qualifier = pre or (verb if verb in QUALIFYING_VERBS else None)
        distributive = text[n_end:name_end].strip().startswith("分别") or text.endswith(
            "分别", cursor, name_end
        )
        more = self._more_values(m.end(), c_end) if distributive else []
        self.last_kind = "reach"
        if unit_of(m) == "%" and not name.endswith(MEASURE_NAME_ENDS) \
                and first_verb(name, 0, len(name), COVERAGE_VERBS) is not None:
            # 二级以上公立综合医院设置感染性疾病科达100% (seed 001 line 24): what a class does,
            # measured as a share -> ……设置感染性疾病科的比例
            name = share_name(name)
        if not more:
            self._add(name, m, n_start, m.end(), baseline=baseline, qualifier=qualifier)
            return m.end()
        values = [m, *more]
        end = values[-1].end()
        names = split_names(name, len(values)) or [name] * len(values)
        shared_post = values[-1]["post"]
        for item, vm in zip(names, values, strict=True):
            self._add(item, vm, n_start, end, qualifier=qualifier or vm["post"] or shared_post)
        return end

    def _more_values(self, pos: int, c_end: int) -> list[re.Match[str]]:
        """Values listed after the first one: 分别不低于35%、15%."""
        more = []
        while pos < c_end and self.text[pos] in "、和及":
            m = VALUE_RE.match(self.text, pos + 1, c_end)
            if not m or not m["val"][0].isdigit():
                break
            more.append(m)
            pos = m.end()
        return more

    def _build_then_noun(
        self, m: re.Match[str], cursor: int, start: int, verb: str, pre: str | None, c_end: int
    ) -> int | None:
        """verb-count-noun: VERB VALUE COUNT NOUN, named VERB NOUN:
        设立至少2所护理院（中心） -> 设立护理院.

        A subject that counts per unit (每个区级医疗机构……创建至少1个……) belongs to the name,
        and alternatives with the same count (1个甲级乡镇卫生院或1个甲级社区卫生服务中心) are one
        target: either satisfies it (seed 000 line 26).
        """
        text = self.text
        if not pre and text.endswith("至少", 0, start):  # 至少建成1支…… (seed 000:27)
            pre = "至少"
        noun_start = m.end()
        stop = _NEXT_COUNT.search(text, noun_start, c_end)
        n_start, n_end = clean_name(text, noun_start, stop.start() if stop else c_end)
        noun = text[n_start:n_end]
        if not is_name(noun) or n_start != noun_start or noun[0] in "的了":
            return None
        if stop and stop["conj"] == "或" and stop["num"] == m["val"] and stop["unit"] == m["unit"]:
            after = _NEXT_COUNT.search(text, stop.end(), c_end)
            a_start, a_end = clean_name(text, stop.end(), after.start() if after else c_end)
            if a_start == stop.end() and is_name(text[a_start:a_end]):
                noun, n_end = f"{noun}或{text[a_start:a_end]}", a_end
        s_start, s_end = clean_name(text, max(cursor, start - NOUN_WINDOW), start)
        subject = text[s_start:s_end] if text.startswith(("每", "各"), s_start, s_end) else ""
        self.last_kind, self.last_verb = "verb-count-noun", verb
        self._add(subject + verb + noun, m, s_start if subject else start, n_end, qualifier=pre)
        return n_end


# The first character of any VALUE_RE match: a digit or a Chinese numeral of CN_NUM.
_VALUE_START = re.compile(rf"[\d{CN_NUM}]")


def value_matches(text: str, starts: list[int], at: int, end: int) -> Iterator[re.Match[str]]:
    """``VALUE_RE.finditer(text, starts[at], end)``, tried only at ``starts`` (where a value
    can start, ascending): VALUE_RE opens with a look-behind, so a search of it tries every
    place. No value is empty, so each search goes on from the end of the last match."""
    position = 0
    for index in range(at, len(starts)):   # (islice would walk the skipped ones)
        start = starts[index]
        if start >= end:
            return
        if start < position:
            continue
        found = VALUE_RE.match(text, start, end)
        if found is not None:
            position = found.end()
            yield found

# The next count in a list after a noun: 、负压病房3间 / 或1个甲级社区卫生服务中心.
_NEXT_COUNT = re.compile(
    rf"(?P<conj>[、和及或与])\s*(?:至少)?(?P<num>{NUM}|[{CN_NUM}])\s*(?P<unit>{UNIT_RE})")


def find_prose_targets(text: str) -> list[ProseTarget]:
    """Quantified targets in running text, in order; each keeps the span of its phrase."""
    return _Finder(text).run()
