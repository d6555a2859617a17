"""Deadlines: the 完成时限 cell of a task-division table and deadline phrases in task text.

Values are normalised to one of four shapes so tasks can be compared and sorted:
``"2025"`` (a year), ``"2023-12-31"`` (a date), ``"2024-06"`` (a month) or ``"ongoing"``.
Every result keeps the raw text and its offsets into the string it was found in.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from ..text import always, bracket_depths

ONGOING = "ongoing"


@dataclass(frozen=True)
class Deadline:
    value: str  # "2025" (a year), "2023-12-31" (a date), "2024-06" (a month) or "ongoing"
    raw: str  # as written
    start: int  # offsets into the argument text
    end: int


# Words that mark open-ended or recurring work; a table cell holding one of them has no date.
# Longest first, so that 持续推进 wins over 持续.
ONGOING_WORDS: tuple[str, ...] = (
    "常态化推进",  # seed 000 style cells, common in 任务分工表
    "常态化开展",
    "持续推进",  # seed 000 附件1, e.g. line 327
    "持续开展",
    "持续实施",
    "长期坚持",
    "长期推进",
    "长期开展",
    "常态化",
    "长期",
    "持续",
    "每年",  # recurring: 每年12月底前 repeats, so no single deadline
    "每季度",
    "每半年",
    "每月",
    "每两年",  # recurring as 每年 is: （…；每两年） in a responsibility bracket
    "每三年",
    "常年",
    "逐年",
)

# Five-year-plan periods named without digits: 到“十四五”末 means by the end of 2025.
FIVE_YEAR_PLANS: dict[str, int] = {"十三五": 2020, "十四五": 2025, "十五五": 2030}

# Words in front of a year that make it a deadline in running text (到2025年, 力争2027年建成).
STRONG_TRIGGERS: tuple[str, ...] = (
    "完成时限",  # a label in a task line: 完成时限：2023年底
    "完成时间",
    "时限",
    "力争到",
    "力争在",
    "力争于",
    "争取到",
    "争取在",
    "确保到",
    "确保在",
    "计划到",
    "计划在",
    "力争",
    "争取",
    "确保",
    "到",
    "至",
)
# Triggers that make even a full date a deadline: 到2023年6月30日 (but not 于2022年12月6日印发).
DATE_TRIGGERS: tuple[str, ...] = ("到", "至", "完成时限", "完成时间", "时限")
# 在 / 于 are deadlines only with 前 / 底前 or a completion verb: 在2020年基础上 is a baseline.
WEAK_TRIGGERS: tuple[str, ...] = ("在", "于")
# Words before a strong trigger that turn it into a status date: 截至2022年底，全区已有……
STATUS_PREFIXES: tuple[str, ...] = ("截至", "截止到", "截止至", "截止")
# Verbs right after a year that make it a deadline without a trigger: 2024年上半年完成.
COMPLETION_VERBS: tuple[str, ...] = (
    "投入使用",
    "建成",
    "完成",
    "实现",
    "启用",
    "竣工",
    "开工",
    "出台",
    "落地",
)
# Words right after a year that make it a start or a baseline, never a deadline.
START_WORDS: tuple[str, ...] = ("起", "开始", "以来", "至今", "现值", "基础上", "基数", "同期")

# Words just before a date that make it the plan's own term of validity, not a task's deadline:
# 本方案自印发之日起施行，有效期至2027年12月31日 (a 附则 article, issue 15 class 3).
VALIDITY_WORDS = re.compile(r"有效期|有效期限|施行期|执行期|实施期限|执行期限|废止")
VALIDITY_WINDOW = 8  # characters looked back from the trigger

_HSPACE = r"[^\S\n]*"
_RANGE_SEP = r"(?:[-—–－~～]+|至|到)"
_CN_QUARTER = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}

# One date expression. Order of alternatives matters: the longer forms come first.
DATE_RE = re.compile(
    rf"""
    (?:(?P<y0>(?:19|20)\d{{2}}){_HSPACE}年?{_HSPACE}{_RANGE_SEP}{_HSPACE})?  # 2022—2025年 range
    (?P<y>(?:19|20)\d{{2}}){_HSPACE}年
    (?:
        {_HSPACE}(?P<m>1[0-2]|0?[1-9]){_HSPACE}月
        (?:{_HSPACE}(?P<d>3[01]|[12]\d|0?[1-9]){_HSPACE}[日号]|(?P<mend>底|末|份))?
      | (?P<yend>年?底|年?末)                    # 2023年底 / 2023年年底 / 2023年末
      | (?P<half>上半年|下半年|年中)              # 2024年上半年
      | 第?(?P<q>[一二三四1-4])季度(?:末|底)?     # 2024年第三季度
    )?
    (?P<before>之前|以前|前)?
    """,
    re.VERBOSE,
)

# Where a DATE_RE match can start: both of its years open with 19 or 20 (and neither overlaps
# itself or the other, so finditer finds every place).
_YEAR_START = re.compile("19|20")


def find_dates(text: str) -> list[re.Match[str]]:
    """``list(DATE_RE.finditer(text))``, tried only where a year starts: a search of DATE_RE
    tries every place of a long task text. No match is empty, so each search goes on from the
    end of the last match."""
    found: list[re.Match[str]] = []
    position = 0
    for start in _YEAR_START.finditer(text):
        if start.start() < position:
            continue
        match = DATE_RE.match(text, start.start())
        if match is not None:
            found.append(match)
            position = match.end()
    return found


# 到“十四五”末 / “十四五”期末 / “十四五”时期末 (the quotes may be missing or ASCII).
PLAN_PERIOD_RE = re.compile(
    r"[“\"]?(?P<plan>十三五|十四五|十五五)[”\"]?(?P<tail>时期末|期末|末期|末|期间|时期)?"
)


def _month_end(year: int, month: int) -> str:
    return date(year, month, calendar.monthrange(year, month)[1]).isoformat()


def _value(m: re.Match[str]) -> str:
    """Normalise one DATE_RE match to 2025 / 2024-06 / 2023-12-31."""
    year = int(m["y"])
    if m["m"]:
        month = int(m["m"])
        if m["d"]:
            return date(year, month, int(m["d"])).isoformat()
        if m["mend"] in ("底", "末"):
            return _month_end(year, month)
        return f"{year}-{month:02d}"
    if m["yend"]:
        return f"{year}-12-31"
    if m["half"]:
        return f"{year}-12-31" if m["half"] == "下半年" else f"{year}-06-30"
    if m["q"]:
        return _month_end(year, _CN_QUARTER[m["q"]] * 3)
    return str(year)


def _end_date(value: str) -> date | None:
    """Last day a value allows, for ordering: 2025 -> 2025-12-31, 2024-06 -> 2024-06-30."""
    if value == ONGOING:
        return None
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return date(parts[0], 12, 31)
    if len(parts) == 2:
        return date.fromisoformat(_month_end(parts[0], parts[1]))
    return date(parts[0], parts[1], parts[2])


def _valid(m: re.Match[str]) -> bool:
    """Reject impossible dates such as 2023年2月30日 that the regex lets through."""
    try:
        _value(m)
    except ValueError:
        return False
    return True


def parse_deadline(cell: str) -> Deadline | None:
    """A deadline cell or phrase, normalised so tasks can be compared.

    2025年 -> 2025; 2023年底前 / 2023年年底 / 2023年12月底前 -> 2023-12-31;
    2024年6月底前 -> 2024-06-30; 2024年上半年 -> 2024-06-30; 2024年6月 -> 2024-06;
    持续推进 / 长期坚持 / 长期 / 持续开展 / 常态化推进 -> ongoing; 2022—2025年 (a range) -> 2025;
    a doubled cell such as 2025年2025年 -> 2025; empty or unrecognised -> None.
    A cell with a date and an ongoing word (2023年底前完成，长期坚持) keeps the date.
    """
    if not cell or not cell.strip():
        return None
    dated = [m for m in find_dates(cell) if _valid(m)]
    # A start year alone (2023年起) is open-ended work, not a deadline.
    dated = [m for m in dated if not _followed_by(cell, m.end(), ("起", "开始", "以来"))]
    if dated:
        best = max(dated, key=lambda m: _end_date(_value(m)) or date.min)
        start, end = dated[0].start(), dated[-1].end()
        return Deadline(_value(best), cell[start:end], start, end)
    plan = PLAN_PERIOD_RE.search(cell)
    if plan:
        return Deadline(str(FIVE_YEAR_PLANS[plan["plan"]]), plan.group(), plan.start(), plan.end())
    for word in ONGOING_WORDS:
        pos = cell.find(word)
        if pos >= 0:
            return Deadline(ONGOING, word, pos, pos + len(word))
    started = re.search(r"(?:19|20)\d{2}年(?:\d{1,2}月)?(?:起|开始)", cell)
    if started:  # 2023年起: runs from then on
        return Deadline(ONGOING, started.group(), started.start(), started.end())
    return None


def _followed_by(text: str, pos: int, words: tuple[str, ...]) -> bool:
    """Whether one of ``words`` follows ``pos`` (after spaces); looks at the next few
    characters only (slicing the whole rest for each date was quadratic in a long text)."""
    while pos < len(text) and text[pos] in " \t\u3000":
        pos += 1
    return text.startswith(words, pos)


def _bracket_depths(text: str) -> tuple[list[int], list[int]]:
    """Per character: depth inside 《》 and depth inside （）/(); unbalanced closers are ignored.
    A line break closes an open （ (a stray opener must not swallow the rest of the document)."""
    return (bracket_depths(text, "《", "》"),
            bracket_depths(text, "（(", "）)", line_break=always))


def _trigger_before(text: str, pos: int) -> tuple[str | None, int]:
    """The trigger word ending at pos (spaces and a ：/: allowed in between) and its start."""
    i = pos
    while i > 0 and text[i - 1] in " \t\u3000":
        i -= 1
    if i > 0 and text[i - 1] in "：:":
        i -= 1
        while i > 0 and text[i - 1] in " \t\u3000":
            i -= 1
        labels = [w for w in STRONG_TRIGGERS if w.endswith(("时限", "时间"))]
        for word in labels:
            if text.endswith(word, 0, i):
                return word, i - len(word)
        return None, pos
    for word in STRONG_TRIGGERS + WEAK_TRIGGERS:
        if text.endswith(word, 0, i):
            start = i - len(word)
            if any(text.endswith(p, 0, i) for p in STATUS_PREFIXES):
                return "截至", start  # status date, handled by the caller
            # 力争 may stand before 到: take the longer phrase 力争到 when present.
            return word, start
    return None, pos


def find_deadlines(text: str) -> list[Deadline]:
    """Deadline phrases inside running text of a task, in order.

    到2027年, 到2025年底, 2023年底前, 2024年6月底前, 力争2027年建成, 完成时限：2023年底 ...
    NOT dates of issue (2022年12月6日), not baseline years (2021年现值), not years inside a
    document title or a range that names a planning period in 《》 or （）.
    Ongoing words are not reported here: 持续推进 in running text is a verb, not a deadline.
    """
    if "年" not in text and "五" not in text:
        return []   # DATE_RE needs a 年 and PLAN_PERIOD_RE a 五: most sentences have neither
    dates = find_dates(text)
    periods = list(PLAN_PERIOD_RE.finditer(text))
    if not dates and not periods:
        return []   # most sentences name no date: no bracket depths to count
    title, paren = _bracket_depths(text)
    found: list[Deadline] = []
    for m in dates:
        if title[m.start()] or not _valid(m):
            continue
        if m["y0"] and paren[m.start()]:
            continue  # 三年行动计划（2023—2025年）names a period, not a deadline
        if _followed_by(text, m.end(), START_WORDS):
            continue
        trigger, start = _trigger_before(text, m.start())
        has_before = bool(m["before"])
        has_verb = _followed_by(text, m.end(), COMPLETION_VERBS)
        if trigger == "截至" and not has_before:
            continue  # 截至2022年底，全区已建成…… states where things stand
        if m["d"] and not has_before and trigger not in DATE_TRIGGERS:
            continue  # a full date with no 前 is a date of issue or of an event
        strong = trigger is not None and trigger not in WEAK_TRIGGERS and trigger != "截至"
        if not (strong or has_before or has_verb):
            continue
        if trigger is None or trigger == "截至":
            start = m.start()
        if VALIDITY_WORDS.search(text, max(0, start - VALIDITY_WINDOW), start + 1):
            continue
        found.append(Deadline(_value(m), text[start : m.end()], start, m.end()))
    for m in periods:
        # 到“十四五”末: only the end of a period is a deadline, 十四五期间 is a period.
        if title[m.start()] or m["tail"] not in ("时期末", "期末", "末期", "末"):
            continue
        trigger, start = _trigger_before(text, m.start())
        if trigger is None or trigger == "截至":
            start = m.start()
        value = str(FIVE_YEAR_PLANS[m["plan"]])
        found.append(Deadline(value, text[start : m.end()], start, m.end()))
    return sorted(found, key=lambda d: d.start)


def latest(deadlines: list[Deadline]) -> str | None:
    """The latest dated value (a task is due when its last part is); ongoing only if all are."""
    dated = [d for d in deadlines if d.value != ONGOING]
    if dated:
        # max() keeps the first of equal dates, so 2025 beats a later 2025-12-31 written after it.
        return max(dated, key=lambda d: _end_date(d.value) or date.min).value
    return ONGOING if deadlines else None
