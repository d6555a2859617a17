"""Quantified targets stated in prose and numbers lost by PDF extraction.

Plans state many goals in running text (达到35%以上, 建成互联网医院12家) rather than in an
indicator table. A target is found from its number outwards: the words just before the number
decide the pattern (a verb of reaching such as 达到 / 不低于, a verb of building such as
建成 / 新增, or a share of a class such as 100%设立), and the indicator's name is the noun
phrase of the same clause. Clauses end at ，；： and sentence ends, but never inside brackets
or quotes, so 医疗服务收入（不含药品、耗材、检查、化验收入） stays one name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from policykg.loaders.rules.deadlines import ONGOING, find_deadlines
from policykg.loaders.text import (
    CJK_UNIFIED,
    always,
    bracket_depths,
    chinese_number,
    is_cjk_unified,
)


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


@dataclass(frozen=True)
class LostNumber:
    raw: str
    start: int
    end: int
    message: str


# --- word lists -------------------------------------------------------------------------------
# fmt: off  (one line per word would hide the lists; they stay compact)

# Verbs of reaching a level: NAME VERB VALUE
# (占比达到35%, 医护比总体达到1∶2左右, CMI值从0.9提升到1.2). Longest first.
# 低于 / 高于 are left out on purpose: 服务人口低于800人的行政村 (seed 003:20) describes a
# class, it sets no target.
REACH_VERBS: tuple[str, ...] = (
    "提高到",
    "提高至",
    "提升到",
    "提升至",
    "增加到",
    "增加至",
    "增长到",
    "增长至",
    "上升到",
    "上升至",
    "扩大到",
    "扩大至",
    "下降到",
    "下降至",
    "降低到",
    "降低至",
    "减少到",
    "减少至",
    "缩短到",
    "缩短至",
    "压缩到",
    "压缩至",
    "控制在",
    "保持在",
    "稳定在",
    "维持在",
    "不低于",
    "不少于",
    "不高于",
    "不超过",
    "不大于",
    "不小于",
    "达到",
    "超过",
    "突破",
    "降至",
    "降到",
    "升至",
    "达",
)
# Reach verbs that are themselves the qualifier of the value (不低于70% -> qualifier 不低于).
QUALIFYING_VERBS: frozenset[str] = frozenset(
    {"不低于", "不少于", "不高于", "不超过", "不大于", "不小于", "超过", "突破"}
)
# 达 ends words that are no verb of reaching: 高达 / 长达 state a fact, 下达 / 传达 pass
# something on.
NOT_REACH_BEFORE_DA = "高长已到通下传表送发抵直转"
# Verbs of change: only with 百分点 is the number sure to be a change (提高5个百分点); the verb
# becomes the qualifier so the value is not read as a level.
CHANGE_VERBS: tuple[str, ...] = ("提高", "提升", "增长", "增加", "上升", "下降", "降低", "减少")
CHANGE_UNITS: tuple[str, ...] = ("个百分点", "百分点")
# 为 sets a level only after the name of a rate or ratio (医护比为1∶2); elsewhere it is a copula.
RATE_NAME_ENDS: tuple[str, ...] = ("率", "比", "比例", "占比", "比重", "指数")
# Words before a reach verb that make the number a present state, not a target (目前已达80%).
STATUS_MARKERS: tuple[str, ...] = ("已", "现已", "目前", "现有", "当前")

# Verbs of building or adding a count: 建成互联网医院12家 (verb, noun, number) and 设立至少2所护理院
# (verb, number, noun). Longest first where one is a prefix of another.
BUILD_VERBS: tuple[str, ...] = (
    "引进和培养",
    "引进培养",
    "申报立项",
    "成功申报",
    "建成",
    "新建",
    "新增",
    "增设",
    "增加",
    "建设",
    "建立",
    "设立",
    "设置",
    "创建",
    "争创",
    "打造",
    "培育",
    "培养",
    "引进",
    "组建",
    "申报",
    "获批",
    "配备",
    "开设",
    "招聘",
    "招录",
    "选派",
    "培训",
    "完成",
    "遴选",
    "认定",
    "扶持",
    "布局",  # 网格化布局4个紧密型城市医疗集团 (seed 001 line 22)
    "成为",  # ……论坛成为3个具有全国影响力的医院文化品牌 (seed 004 line 31)
)

# Verbs that follow a share of a class: 二级及以上综合性医院100%设立老年医学科 (seed 003:30).
COVERAGE_VERBS: tuple[str, ...] = (
    "设立",
    "设置",
    "完成",
    "达到",
    "达标",
    "实现",
    "开展",
    "建成",
    "建立",
    "开设",
    "接入",
    "覆盖",
    "配备",
    "落实",
    "纳入",
    "执行",
    "使用",
    "参与",
    "通过",
    "具备",
    "提供",
    "推行",
)

# Opening a clause before a count and a noun under construction: 推进……等8个……防治中心建设.
PUSH_VERBS: tuple[str, ...] = ("推进", "推动", "加快", "加强", "支持", "启动", "完成", "开展")
# Prepositions of means before a count: 依托4家医联体牵头医院建设……救治中心 counts what is built.
MEANS_PREPS: tuple[str, ...] = ("依托", "利用", "借助", "通过")
# Names of a share that already say so; others get 的比例 (……设立老年医学科的比例).
SHARE_NAME_ENDS: tuple[str, ...] = ("率", "比例", "占比", "比重", "比")
# Names that already say what is measured (满意度, 增幅, 指数 ...); a % after them is no share.
MEASURE_NAME_ENDS: tuple[str, ...] = (*SHARE_NAME_ENDS, "度", "幅", "数", "值", "量", "额", "例")

# Qualifiers in front of a value (设立至少2所护理院) and after it (35%以上, 1∶2左右).
PRE_QUALIFIERS: tuple[str, ...] = (
    "至少",
    "不低于",
    "不少于",
    "不超过",
    "不高于",
    "超过",
    "最多",
    "约",
)
POST_QUALIFIERS: tuple[str, ...] = (
    "及以上",
    "及以下",
    "以上",
    "以下",
    "以内",
    "左右",
    "之间",
    "上下",
    "之内",
    "内",
)

# Units. Counts may follow a build verb; rates, money and durations may not (建设2小时应急救援圈
# and 建设4000万元……“资金池” in seed 000 are not targets).
RATE_UNITS: tuple[str, ...] = ("个百分点", "百分点", "%", "％", "‰", "倍")
MONEY_UNITS: tuple[str, ...] = ("亿元", "万元", "元")
TIME_UNITS: tuple[str, ...] = ("个工作日", "个月", "分钟", "小时", "天", "日", "周")
COUNT_UNITS: tuple[str, ...] = (
    "万人次",
    "人次",
    "万人",
    "个",
    "家",
    "名",
    "人",
    "台",
    "间",
    "张",
    "所",
    "支",
    "项",
    "辆",
    "套",
    "座",
    "条",
    "处",
    "种",
    "类",
    "门",
    "位",
    "户",
    "床",
    "例",
    "批",
    "本",
)
AREA_UNITS: tuple[str, ...] = ("万平方米", "平方米", "公里")  # 新建业务用房2万平方米
OTHER_UNITS: tuple[str, ...] = ("级", "岁", "DDDs", "万")

# Leading words that are not part of an indicator's name: adverbs, time phrases, scope words.
# Applied repeatedly, so 到2025年力争全区 loses all three. 使 / 并 / 基本 alone are not here:
# 使用率, 并发症发生率 and 基本公共卫生服务 begin with them.
NAME_PREFIXES: tuple[str, ...] = (
    "力争",
    "争取",
    "确保",
    "逐步使",
    "努力使",
    "逐步",
    "努力",
    "进一步",
    "推动",
    "促进",
    "实现",
    "全区",
    "全市",
    "全县",
    "全省",
    "全镇",
    "辖区内",
    "区内",
    "市内",
    "县内",
    "本区",
    "我区",
    "本市",
    "我市",
    "其中",
    "同时",
    "并且",
    "将",
    "使",
)
# A leading time phrase: 到2025年, 2023年底前, 力争到2027年底, 到“十四五”末.
TIME_PREFIX_RE = re.compile(
    r"(?:(?:力争|争取|确保|计划)?(?:到|至|在|于)?"
    r"(?:\d{4}年(?:\d{1,2}月)?(?:年?底|年?末|上半年|下半年)?|[“\"]?十[三四五]五[”\"]?(?:期|时期)?末)"
    r"(?:之?前)?)"
)
# Trailing adverbs between the name and its verb: 医护比总体达到, 达标率分别不低于.
NAME_SUFFIXES: tuple[str, ...] = (
    "总体上",
    "总体",
    "分别",
    "力争",
    "逐步",
    "累计",
    "全部",
    "必须",
    "应当",
    "要",
    "须",
    "应",
    "都",
    "也",
    "将",
    "均",
)
# fmt: on
# 均 ends 人均 / 年均 / 次均 / 日均, which belong to the name.
_KEEP_BEFORE_JUN = "人年次日户平"

# Characters a noun phrase may not end with before its number (从0.9…, 等8个…, 的60%…).
_BAD_NOUN_END = "的从由等约近共第和与及、在于为把将对向"

_NUM = r"\d+(?:\.\d+)?"
_CN_NUM = "两二三四五六七八九十"  # 一 is left out: 打造一支……队伍 is rhetoric, not a count
# The longest noun phrase a count may name, and so how far back a verb of building may stand.
_NOUN_WINDOW = 48
_ALL_UNITS = sorted(
    RATE_UNITS + MONEY_UNITS + TIME_UNITS + COUNT_UNITS + AREA_UNITS + OTHER_UNITS,
    key=len,
    reverse=True,
)
_UNIT_RE = "|".join(re.escape(u) for u in _ALL_UNITS)
_POST_RE = "|".join(re.escape(q) for q in POST_QUALIFIERS)

# A value with its unit and qualifier. Order matters: ratio and range before a plain number.
VALUE_RE = re.compile(
    rf"""
    (?<![\dA-Za-z.])
    (?P<val>
        {_NUM}\s*[∶:：]\s*{_NUM}                            # 1∶2, 1:2, 1：2
      | {_NUM}/{_NUM}万?                                      # 10/10万 (a rate per 100 000)
      | {_NUM}(?P<rpct>[%％])?\s*(?:[-—–－~～]|至|到)\s*{_NUM}  # 3-5, 85%-93%
      | {_NUM}
      | (?<![{_CN_NUM}一百千万零〇])[{_CN_NUM}](?![{_CN_NUM}百千万])  # 两家, 三个
    )
    (?P<unit>{_UNIT_RE})?
    (?P<post>{_POST_RE})?
    """,
    re.VERBOSE,
)

# After a value: characters that make it a date, a code or a document number, not a quantity.
_NOT_QUANTITY_AFTER = "年月号届期代版"
_NOT_QUANTITY_BEFORE = "第年月〔[【"

_OPEN = "（(“‘《〈【「"
_CLOSE = "）)”’》〉】」"
_SENTENCE_ENDS = "。！？!?\n"
_CLAUSE_ENDS = "，,；;：:"


# --- segmentation -----------------------------------------------------------------------------


def _sentences_and_clauses(text: str) -> list[tuple[int, int, list[tuple[int, int]]]]:
    """Sentences as (start, end, clauses); separators inside brackets or quotes do not count."""
    out: list[tuple[int, int, list[tuple[int, int]]]] = []
    # a line break closes open brackets: an unclosed bracket must not swallow the next paragraph
    depths = bracket_depths(text, _OPEN, _CLOSE, line_break=always)
    s_start = c_start = 0
    clauses: list[tuple[int, int]] = []
    for i, ch in enumerate(text):
        if depths[i]:
            continue
        if ch in _CLAUSE_ENDS:
            if ch in "：:" and _between_digits(text, i):
                continue  # a ratio sign, 1：2
            clauses.append((c_start, i))
            c_start = i + 1
        elif ch in _SENTENCE_ENDS:
            clauses.append((c_start, i))
            out.append((s_start, i, clauses))
            clauses = []
            s_start = c_start = i + 1
    clauses.append((c_start, len(text)))
    out.append((s_start, len(text), clauses))
    return out


def _between_digits(text: str, i: int) -> bool:
    """Whether the colon at ``i`` stands between digits (1：2), spaces skipped locally."""
    before, after = i - 1, i + 1
    while before >= 0 and text[before].isspace():
        before -= 1
    while after < len(text) and text[after].isspace():
        after += 1
    return before >= 0 and text[before].isdigit() and after < len(text) and text[after].isdigit()


def _inside_titles(text: str) -> list[bool]:
    return [depth > 0 for depth in bracket_depths(text, "《", "》")]


# --- names ------------------------------------------------------------------------------------


def _clean_name(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim a name span to the indicator: drop punctuation, time phrases, adverbs, scope words."""
    changed = True
    while changed and start < end:
        changed = False
        while start < end and text[start] in " 、，,；;：:":
            start, changed = start + 1, True
        m = TIME_PREFIX_RE.match(text, start, end)
        if m and m.end() > start:
            start, changed = m.end(), True
            continue
        for word in NAME_PREFIXES:
            if text.startswith(word, start, end) and end - start > len(word):
                start, changed = start + len(word), True
                break
    changed = True
    while changed and start < end:
        changed = False
        while start < end and text[end - 1] in " 、，,":
            end, changed = end - 1, True
        for word in NAME_SUFFIXES:
            if text.endswith(word, start, end) and end - start > len(word):
                if word == "均" and text[end - 2] in _KEEP_BEFORE_JUN:
                    continue
                end, changed = end - len(word), True
                break
    return start, end


def _is_name(s: str) -> bool:
    return len(s) >= 2 and any(is_cjk_unified(c) or c.isalpha() for c in s)


def _is_noun(s: str) -> bool:
    """A bare noun phrase between a build verb and its number: no digits, no verb of reaching."""
    return (
        _is_name(s)
        and len(s) <= 40
        and not any(c.isdigit() for c in s)
        and s[-1] not in _BAD_NOUN_END
        and s[0] not in "的了"
        and not any(v in s for v in REACH_VERBS if len(v) > 1)
    )


def _split_names(names: str, count: int) -> list[str] | None:
    """精品中医馆、示范中医馆达标率 with two values -> 精品中医馆达标率, 示范中医馆达标率.

    The last item carries the shared tail; parallel items are usually the same length, so the
    tail is what the last item has beyond the length of the one before it.
    """
    items = [p for p in re.split(r"[、和及与]", names) if p]
    if len(items) != count:
        return None
    last, width = items[-1], len(items[-2])
    tail = last[width:] if len(last) > width else ""
    return [item + tail for item in items[:-1]] + [last]


# --- targets ----------------------------------------------------------------------------------


def _ends_with(text: str, start: int, end: int, words: tuple[str, ...]) -> str | None:
    for word in words:
        if text.endswith(word, start, end):
            return word
    return None


def _unit_kind(unit: str | None) -> str:
    if unit is None:
        return "none"
    for kind, units in (
        ("rate", RATE_UNITS),
        ("money", MONEY_UNITS),
        ("time", TIME_UNITS),
        ("count", COUNT_UNITS),
        ("area", AREA_UNITS),
    ):
        if unit in units:
            return kind
    return "other"


def _value_text(m: re.Match[str]) -> str:
    """The value without a % repeated inside a range (85%-93% -> 85-93); a count written as a
    Chinese numeral in digits (两家 -> 2), so that 两家 and 2家 compare equal. The span keeps
    the written form."""
    value = m["val"]
    if len(value) == 1 and value in _CN_NUM:
        return str(chinese_number(value))
    return value.replace(m["rpct"], "") if m["rpct"] else value


def _share_name(name: str) -> str:
    """A share's indicator: 县医院达到……基本标准 -> 县医院达到……基本标准的比例."""
    return name if name.endswith(SHARE_NAME_ENDS) else name + "的比例"


def _first_verb(text: str, start: int, end: int, verbs: tuple[str, ...]) -> tuple[int, str] | None:
    """The leftmost of ``verbs`` in text[start:end] after its first character, with its start."""
    hits = [(text.find(v, start + 1, end), v) for v in verbs]
    hits = [hit for hit in hits if hit[0] >= 0]
    return min(hits, key=lambda hit: (hit[0], -len(hit[1]))) if hits else None


def _unit(m: re.Match[str]) -> str | None:
    """The unit, with a full-width ％ folded so that 35% and 35％ compare equal."""
    unit = m["unit"] or m["rpct"]
    return "%" if unit == "％" else unit


def _build_verbs_in(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of every build verb in text[start:end], leftmost first, longest at a place."""
    hits: list[tuple[int, int]] = []
    i = start
    while i < end:
        for verb in BUILD_VERBS:
            if text.startswith(verb, i, end):
                hits.append((i, i + len(verb)))
                i += len(verb) - 1
                break
        i += 1
    return hits


class _Finder:
    """Walks the clauses of one text and collects targets; state is the last target's pattern."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.titles = _inside_titles(text)
        self.found: list[ProseTarget] = []
        self.deadlines: list[tuple[int, int]] = []  # (offset, year) in the current sentence
        self.last_kind: str | None = None  # pattern of the previous target in the sentence
        self.last_verb = ""  # its verb of building (B, C), which a continuation shares
        self.last_subject = ""  # its subject (E1), which a parallel share shares

    def run(self) -> list[ProseTarget]:
        for s_start, s_end, clauses in _sentences_and_clauses(self.text):
            deadlines = [d for d in find_deadlines(self.text[s_start:s_end]) if d.value != ONGOING]
            self.deadlines = [(d.start + s_start, int(d.value[:4])) for d in deadlines]
            self.last_kind, self.last_verb, self.last_subject = None, "", ""
            for c_start, c_end in clauses:
                self._clause(c_start, c_end)
        return self.found

    def _year(self, pos: int) -> int | None:
        years = [y for start, y in self.deadlines if start <= pos]
        return years[-1] if years else None

    def _add(self, name: str, m: re.Match[str], start: int, end: int, **kw: str | None) -> None:
        self.found.append(
            ProseTarget(
                name=name,
                value=_value_text(m),
                unit=_unit(m),
                baseline=kw.get("baseline"),
                qualifier=kw.get("qualifier") or m["post"],
                year=self._year(start),
                start=start,
                end=end,
            )
        )

    def _clause(self, c_start: int, c_end: int) -> None:
        text = self.text
        cursor = c_start  # a name starts after the previous target of the clause
        clause_kind: str | None = None  # pattern of the previous target in this clause
        for m in VALUE_RE.finditer(text, c_start, c_end):
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
        if before and before in _NOT_QUANTITY_BEFORE:
            return False
        if not m["unit"] and not m["rpct"] and after and (after in _NOT_QUANTITY_AFTER):
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
        kind = _unit_kind(_unit(m))
        after = text[m.end() : m.end() + 1]
        attributive = after == "的"  # 低于800人的行政村, 50%的二级公立医院: a class, not a goal

        left_end = m.start()
        # 不低于 is a verb of reaching and a qualifier at once; as a verb it is the whole verb.
        verb = _ends_with(text, cursor, left_end, REACH_VERBS)
        pre = None if verb else _ends_with(text, cursor, left_end, PRE_QUALIFIERS)
        if pre:
            left_end -= len(pre)
            verb = _ends_with(text, cursor, left_end, REACH_VERBS)

        if verb == "达" and text[left_end - 2 : left_end - 1] in tuple(NOT_REACH_BEFORE_DA):
            verb = None
        if verb is None and text.endswith("为", cursor, left_end):
            if _ends_with(text, cursor, left_end - 1, RATE_NAME_ENDS):
                verb = "为"

        # A. NAME VERB VALUE: 占比达到35%以上, 医护比总体达到1∶2左右, CMI值从0.9提升到1.2
        if verb and not is_cn and not attributive:
            name_end = left_end - len(verb)
            if _ends_with(text, cursor, name_end, STATUS_MARKERS):
                return None
            return self._reach(m, cursor, name_end, verb, pre, c_end)
        change = _ends_with(text, cursor, left_end, CHANGE_VERBS)
        if change and _unit(m) in CHANGE_UNITS and not is_cn:
            # 医疗服务收入占比提高5个百分点: a change, the verb says which way
            return self._reach(m, cursor, left_end - len(change), change, change, c_end)

        # C. VERB VALUE COUNT NOUN: 设立至少2所护理院（中心）, 建立6支常备背囊化卫生应急队
        verb = _ends_with(text, cursor, left_end, BUILD_VERBS)
        if verb and kind == "count":
            return self._build_then_noun(m, cursor, left_end - len(verb), verb, pre, c_end)
        if clause_kind == "C" and kind == "count" and text[cursor:left_end].strip() in "、和及与":
            # ……设立2所护理院、3个……: the next count under the same verb
            return self._build_then_noun(m, cursor, cursor, self.last_verb, pre, c_end)

        if kind in ("count", "area") and not attributive:
            # B. VERB NOUN VALUE COUNT: 建成互联网医院12家, 新增负压救护车10台
            # The verb is named with the noun: 新增 / 引进和培养 / 建成 say that the count is
            # what is added, not what exists.
            window = max(cursor, left_end - _NOUN_WINDOW)  # a longer noun is no noun
            for v_start, v_end in _build_verbs_in(text, window, left_end):
                n_start, n_end = _clean_name(text, v_end, left_end)
                if _is_noun(text[n_start:n_end]):
                    self.last_kind, self.last_verb = "B", text[v_start:v_end]
                    self._add(self.last_verb + text[n_start:n_end], m, v_start, m.end(),
                              qualifier=pre)
                    return m.end()
        if not is_cn and not attributive and self.last_kind is not None:
            # continuation: 新增负压救护车10台、负压病房3间; ……50名以上，学科带头人10人以上;
            # the verb of the target before it carries over (新增负压病房, 引进和培养学科带头人)
            n_start, n_end = _clean_name(text, max(cursor, left_end - _NOUN_WINDOW), left_end)
            gap = text[cursor:n_start]
            bare_clause = m.end() == c_end or text[m.end() : c_end].strip() == ""
            verb_end = _ends_with(text, n_start, n_end, REACH_VERBS + CHANGE_VERBS)
            if _is_noun(text[n_start:n_end]) and not verb_end and ("、" in gap or bare_clause):
                verb = self.last_verb if self.last_kind in ("B", "C") else ""
                self._add(verb + text[n_start:n_end], m, n_start, m.end(), qualifier=pre)
                return m.end()
        if kind == "count" and not is_cn and not attributive and not m["post"]:
            # (1000张及以上床位……: a count with 以上 / 以下 bounds a class, it counts nothing)
            found = self._count_first(m, cursor, left_end, pre, c_end)
            if found is not None:
                return found

        if kind == "rate" and not is_cn:
            return self._share(m, cursor, left_end, pre, c_end, clause_kind)
        return None

    def _count_first(
        self, m: re.Match[str], cursor: int, left_end: int, pre: str | None, c_end: int
    ) -> int | None:
        """A count before its noun with no verb of building right before it.

        G1. 2家市级综合医院通过互联互通四甲测评、电子病历达5级 (seed 001 line 32): a clause
            that opens with the count counts the class that does what follows ->
            通过……达5级的市级综合医院.
        G2. 依托4家医联体牵头医院建设重大疫情区域救治中心 (seed 004 line 15): after a
            preposition of means the count is of what is built there ->
            依托医联体牵头医院建设的重大疫情区域救治中心.
        H.  推进区级心血管疾病、脑卒中等8个重大慢性病防治中心建设 (seed 003 line 23): a count
            of a noun under 建设 in a clause that pushes it -> 建设重大慢性病防治中心.
        """
        text = self.text
        l_start, l_end = _clean_name(text, cursor, left_end)
        lead = text[l_start:l_end]
        r_start, r_end = _clean_name(text, m.end(), c_end)
        if r_start != m.end() or r_end <= r_start:
            return None
        rest = text[r_start:r_end]
        name = None
        if rest.endswith("建设") and (lead.endswith("等") or lead.startswith(PUSH_VERBS)):
            if _is_noun(rest[:-2]):
                name = "建设" + rest[:-2]
        elif lead in MEANS_PREPS:
            verbs = _build_verbs_in(text, r_start + 1, min(r_end, r_start + _NOUN_WINDOW))
            if verbs:
                v_start, v_end = verbs[0]
                noun, made = text[r_start:v_start], text[v_end:r_end]
                if _is_noun(noun) and _is_noun(made):
                    name = f"{lead}{noun}{text[v_start:v_end]}的{made}"
        elif not lead:
            verb = _first_verb(text, r_start, min(r_end, r_start + _NOUN_WINDOW), COVERAGE_VERBS)
            if verb is not None and _is_noun(text[r_start : verb[0]]):
                name = f"{text[verb[0]:r_end]}的{text[r_start:verb[0]]}"
        if name is None:
            return None
        self.last_kind, self.last_verb = "G", ""
        self._add(name, m, m.start() if not lead else l_start, r_end, qualifier=pre)
        return r_end

    def _reach(
        self, m: re.Match[str], cursor: int, name_end: int, verb: str, pre: str | None, c_end: int
    ) -> int | None:
        text = self.text
        baseline = None
        # 从0.9提升到1.2: the number after 从 / 由 is the baseline.
        base = re.search(rf"(?:从|由)\s*({_NUM})(?:{_UNIT_RE})?\s*$", text[cursor:name_end])
        if base:
            baseline = base.group(1)
            name_end = cursor + base.start()
        n_start, n_end = _clean_name(text, cursor, name_end)
        name = text[n_start:n_end]
        if not _is_name(name):
            return None
        qualifier = pre or (verb if verb in QUALIFYING_VERBS else None)
        distributive = text[n_end:name_end].strip().startswith("分别") or text.endswith(
            "分别", cursor, name_end
        )
        more = self._more_values(m.end(), c_end) if distributive else []
        self.last_kind = "A"
        if _unit(m) == "%" and not name.endswith(MEASURE_NAME_ENDS) \
                and _first_verb(name, 0, len(name), COVERAGE_VERBS) is not None:
            # 二级以上公立综合医院设置感染性疾病科达100% (seed 001 line 24): what a class does,
            # measured as a share -> ……设置感染性疾病科的比例
            name = _share_name(name)
        if not more:
            self._add(name, m, n_start, m.end(), baseline=baseline, qualifier=qualifier)
            return m.end()
        values = [m, *more]
        end = values[-1].end()
        names = _split_names(name, len(values)) or [name] * len(values)
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
        """C. VERB VALUE COUNT NOUN, named VERB NOUN: 设立至少2所护理院（中心） -> 设立护理院.

        A subject that counts per unit (每个区级医疗机构……创建至少1个……) belongs to the name,
        and alternatives with the same count (1个甲级乡镇卫生院或1个甲级社区卫生服务中心) are one
        target: either satisfies it (seed 000 line 26).
        """
        text = self.text
        if not pre and text.endswith("至少", 0, start):  # 至少建成1支…… (seed 000:27)
            pre = "至少"
        noun_start = m.end()
        stop = _NEXT_COUNT.search(text, noun_start, c_end)
        n_start, n_end = _clean_name(text, noun_start, stop.start() if stop else c_end)
        noun = text[n_start:n_end]
        if not _is_name(noun) or n_start != noun_start or noun[0] in "的了":
            return None
        if stop and stop["conj"] == "或" and stop["num"] == m["val"] and stop["unit"] == m["unit"]:
            after = _NEXT_COUNT.search(text, stop.end(), c_end)
            a_start, a_end = _clean_name(text, stop.end(), after.start() if after else c_end)
            if a_start == stop.end() and _is_name(text[a_start:a_end]):
                noun, n_end = f"{noun}或{text[a_start:a_end]}", a_end
        s_start, s_end = _clean_name(text, max(cursor, start - _NOUN_WINDOW), start)
        subject = text[s_start:s_end] if text.startswith(("每", "各"), s_start, s_end) else ""
        self.last_kind, self.last_verb = "C", verb
        self._add(subject + verb + noun, m, s_start if subject else start, n_end, qualifier=pre)
        return n_end

    def _share(
        self,
        m: re.Match[str],
        cursor: int,
        left_end: int,
        pre: str | None,
        c_end: int,
        clause_kind: str | None = None,
    ) -> int | None:
        """Shares of a class: 100%设立老年医学科, 50%的二级公立医院达到……, 占业务收入的3%以上.

        A share is named as the share it is (……设立老年医学科的比例), in the order the text
        gives its class and what the class does.
        """
        text = self.text
        rest = m.end()
        if text.startswith(COVERAGE_VERBS, rest) and rest < c_end:
            # E1. SUBJECT VALUE VERB……: 二级及以上综合性医院100%设立老年医学科 (seed 003:30);
            # a parallel share after 、 keeps the subject: 县医院100%达到……基本标准、80%达到推荐
            # 标准 (seed 001 line 17)
            n_start, n_end = _clean_name(text, cursor, left_end)
            subject = text[n_start:n_end]
            if clause_kind == "E" and self.last_subject and text[cursor:left_end].strip() == "、":
                subject, n_start = self.last_subject, m.start()
            elif not _is_name(subject) or subject[-1] in _BAD_NOUN_END + "占达":
                return None
            stop = _NEXT_SHARE.search(text, rest, c_end)
            r_start, r_end = _clean_name(text, rest, stop.start() if stop else c_end)
            self.last_kind, self.last_subject = "E", subject
            self._add(_share_name(subject + text[r_start:r_end]), m, n_start, r_end,
                      qualifier=pre)
            return r_end
        if text.startswith("的", rest):
            # E2. VALUE的CLASS VERB……: 50%的二级公立医院达到“美丽医院”建设标准 (seed 000:46)
            # -> 达到“美丽医院”建设标准的二级公立医院比例: the share of the class that does it
            left = text[cursor:left_end]
            n_start, n_end = _clean_name(text, cursor, left_end)
            if n_start != n_end and not left.rstrip().endswith("、"):
                return None
            r_start, r_end = _clean_name(text, rest + 1, c_end)
            if not _is_name(text[r_start:r_end]):
                return None
            verb = _first_verb(text, r_start, min(r_end, r_start + _NOUN_WINDOW), COVERAGE_VERBS)
            if verb is not None and _is_noun(text[r_start : verb[0]]):
                name = f"{text[verb[0]:r_end]}的{text[r_start:verb[0]]}比例"
            else:
                name = _share_name(text[r_start:r_end])
            self.last_kind = "E"
            self._add(name, m, m.start(), r_end, qualifier=pre)
            return r_end
        n_start, n_end = _clean_name(text, cursor, left_end)
        if n_start == n_end and rest < c_end:
            # E3. VALUE CLASS VERB……: 80%二级以上公立医院建成老年友善、儿童友好医院 (seed 001
            # line 30) -> 二级以上公立医院建成老年友善、儿童友好医院的比例
            r_start, r_end = _clean_name(text, rest, c_end)
            verb = _first_verb(text, r_start, min(r_end, r_start + _NOUN_WINDOW), COVERAGE_VERBS)
            if r_start == rest and verb is not None and _is_noun(text[r_start : verb[0]]):
                self.last_kind = "E"
                self._add(_share_name(text[r_start:r_end]), m, m.start(), r_end, qualifier=pre)
                return r_end
        if text.endswith("的", cursor, left_end) and "占" in text[cursor:left_end]:
            # F. X占Y的VALUE: 科研经费投入占业务收入的3%以上
            n_start, n_end = _clean_name(text, cursor, left_end - 1)
            if not _is_name(text[n_start:n_end]):
                return None
            self.last_kind = "A"
            self._add(text[n_start:n_end], m, n_start, m.end(), qualifier=pre)
            return m.end()
        return None


# The next share in a list: 、80%达到推荐标准.
_NEXT_SHARE = re.compile(rf"、\s*{_NUM}\s*[%％]")
# The next count in a list after a noun: 、负压病房3间 / 或1个甲级社区卫生服务中心.
_NEXT_COUNT = re.compile(
    rf"(?P<conj>[、和及或与])\s*(?:至少)?(?P<num>{_NUM}|[{_CN_NUM}])\s*(?P<unit>{_UNIT_RE})")


def find_prose_targets(text: str) -> list[ProseTarget]:
    """Quantified targets in running text, in order; each keeps the span of its phrase."""
    return _Finder(text).run()


# --- lost numbers -----------------------------------------------------------------------------

_HS = r"[^\S\r\n]"  # horizontal whitespace only: a line break is layout, not a lost digit
_HSPACE = " \t\u3000"
_LEAD_WORDS: tuple[str, ...] = tuple(sorted(REACH_VERBS + PRE_QUALIFIERS, key=len, reverse=True))
_VERB_RE = "|".join(re.escape(v) for v in _LEAD_WORDS)
_COUNT_RE = "|".join(re.escape(u) for u in sorted(COUNT_UNITS, key=len, reverse=True))

# Patterns that only match where digits must have stood, each with the message it reports.
# Percent and ratio signs are checked in code (find_lost_numbers), these are the rest.
LOST_NUMBER_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    # 医护比总体达到 ： 左右: a full-width colon standing for the ratio sign, no digits around it.
    (
        re.compile(rf"(?:{_VERB_RE}){_HS}*[:：]{_HS}*(?:{_POST_RE})"),
        "digits lost around a ratio sign",
    ),
    # 第五代移动通信（ G） (seed 002:137): a space where the 5 of 5G stood.
    (
        re.compile(rf"[（(]{_HS}+[GＧ]{_HS}*[）)]|(?<=[^\s\d]){_HS}+[GＧ](?![A-Za-z])"),
        "digit lost before G (5G?)",
    ),
    # 不低于 个, 建成互联网医院 家，: a count unit after a gap where its number stood.
    (
        re.compile(
            rf"(?:{_VERB_RE}){_HS}+(?:{_COUNT_RE})"
            rf"|(?<=[{CJK_UNIFIED}]){_HS}+(?:{_COUNT_RE})(?=以上|以下|左右|[，。；、）)])"
        ),
        "digits lost before a unit",
    ),
    # 到 年底, 年 月 日: a date with its digits gone (2022年 12月 22日 keeps them, seed 002:16).
    (
        re.compile(rf"(?:到|至|于){_HS}+年|年{_HS}+月(?:{_HS}+日)?|(?<=[^\d\s]){_HS}+月{_HS}+日"),
        "digits lost in a date",
    ),
)


def _skip_back(text: str, i: int) -> int:
    while i > 0 and text[i - 1] in _HSPACE:
        i -= 1
    return i


def _skip_on(text: str, i: int) -> int:
    while i < len(text) and text[i] in _HSPACE:
        i += 1
    return i


def _lead_word_start(text: str, i: int) -> int:
    """Widen a hit to the verb or qualifier before it (达到 %), so the report reads naturally."""
    j = _skip_back(text, i)
    word = _ends_with(text, 0, j, _LEAD_WORDS)
    return j - len(word) if word else j


def _lost(text: str, start: int, end: int, what: str) -> LostNumber:
    """A hit whose message quotes the words, so a reader can find the place in the PDF."""
    raw = text[start:end]
    return LostNumber(raw, start, end, f"{what}: 「{raw.strip()}」 (PDF extraction dropped them)")


def _sign_hits(text: str) -> list[LostNumber]:
    hits = []
    for i, ch in enumerate(text):
        if ch in "%％‰":
            # 占比达到 %: a percent sign with no digit before it (a URL escape %E5 is no number).
            if re.match(r"[0-9A-F]{2}", text[i + 1 : i + 3]):
                continue
            j = _skip_back(text, i)
            if j and (text[j - 1].isdigit() or text[j - 1] == "."):
                continue
            if j and text[j - 1] in "（(" and text[_skip_on(text, i + 1) :][:1] in ("）", ")"):
                continue  # 占比（%）: the unit of a table column, no number belongs there
            start, end, message = _lead_word_start(text, i), i + 1, "digits lost before %"
        elif ch == "∶":
            # 医护比总体达到 ∶ 左右 (seed 002:234): a ratio sign with a side missing its digits.
            j, k = _skip_back(text, i), _skip_on(text, i + 1)
            left_ok = j > 0 and text[j - 1].isdigit()
            right_ok = k < len(text) and text[k].isdigit()
            if left_ok and right_ok:
                continue
            start = _lead_word_start(text, i) if not left_ok else i
            end = i + 1
            post = (
                None
                if right_ok
                else next((q for q in POST_QUALIFIERS if text.startswith(q, k)), None)
            )
            if post:
                end = k + len(post)
            message = "digits lost around the ratio sign"
        else:
            continue
        hits.append(_lost(text, start, end, message))
    return hits


def find_lost_numbers(text: str) -> list[LostNumber]:
    """Places where PDF extraction visibly dropped digits, each reported once.

    第五代移动通信（ G） (a space where 5 stood), 医护比总体达到 ∶ 左右 (a ratio with no
    digits), 占比达到 %, 不低于 个 ... Runs on the text BEFORE stray spaces are removed, so
    the gaps are still there; percent and ratio signs are found without spaces too.
    """
    hits = _sign_hits(text)
    for pattern, message in LOST_NUMBER_RULES:
        for m in pattern.finditer(text):
            hits.append(_lost(text, m.start(), m.end(), message))
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    merged: list[LostNumber] = []
    for hit in hits:
        if merged and hit.start < merged[-1].end:
            continue  # one place, reported once: the widest match starting first wins
        merged.append(hit)
    return merged
