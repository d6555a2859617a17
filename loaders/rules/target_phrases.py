"""Sentences, clauses and indicator names for the prose-target rule (targets.py).

A clause ends at ，；： and sentence ends, but never inside brackets or quotes, so
医疗服务收入（不含药品、耗材、检查、化验收入） stays one name. A name is trimmed of the time
phrases, adverbs and scope words around it (the lists are in loaders/data/targets.toml).
"""

from __future__ import annotations

import re

from policykg.loaders.rules.target_words import (
    AREA_UNITS,
    BAD_NOUN_ENDS,
    BUILD_VERBS,
    CN_NUM,
    COUNT_UNITS,
    KEEP_BEFORE_JUN,
    MONEY_UNITS,
    NAME_PREFIXES,
    NAME_SUFFIXES,
    RATE_UNITS,
    REACH_VERBS,
    SHARE_NAME_ENDS,
    TIME_PREFIX_RE,
    TIME_UNITS,
)
from policykg.loaders.text import bracket_depths, chinese_number, is_cjk_unified

_OPEN = "（(“‘《〈【「"
_CLOSE = "）)”’》〉】」"
_SENTENCE_ENDS = "。！？!?\n"
_CLAUSE_ENDS = "，,；;：:"
_MARKS = re.compile("[" + re.escape(_OPEN + _CLOSE + _SENTENCE_ENDS + _CLAUSE_ENDS) + "]")


# --- segmentation -----------------------------------------------------------------------------


def sentences_and_clauses(text: str) -> list[tuple[int, int, list[tuple[int, int]]]]:
    """Sentences as (start, end, clauses); separators inside brackets or quotes do not count.

    One walk over the brackets and separators only, the depth counted as it goes (as
    bracket_depths counts it, a line break closing open brackets); no depth per character.
    """
    out: list[tuple[int, int, list[tuple[int, int]]]] = []
    s_start = c_start = depth = 0
    clauses: list[tuple[int, int]] = []
    for mark in _MARKS.finditer(text):   # only the brackets and separators, not every character
        i = mark.start()
        ch = text[i]
        if ch in _OPEN:
            depth += 1
            continue
        if ch in _CLOSE:
            if depth:
                depth -= 1
            continue
        if ch == "\n":
            # a line break closes open brackets: an unclosed bracket must not swallow the
            # next paragraph
            depth = 0
        if depth:
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


def inside_titles(text: str) -> list[bool]:
    if "《" not in text:   # no title opens: nothing is inside one
        return [False] * len(text)
    return [depth > 0 for depth in bracket_depths(text, "《", "》")]


# --- names ------------------------------------------------------------------------------------


def clean_name(text: str, start: int, end: int) -> tuple[int, int]:
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
                if word == "均" and text[end - 2] in KEEP_BEFORE_JUN:
                    continue
                end, changed = end - len(word), True
                break
    return start, end


def is_name(s: str) -> bool:
    return len(s) >= 2 and any(is_cjk_unified(c) or c.isalpha() for c in s)


def is_noun(s: str) -> bool:
    """A bare noun phrase between a build verb and its number: no digits, no verb of reaching."""
    return (
        is_name(s)
        and len(s) <= 40
        and not any(c.isdigit() for c in s)
        and s[-1] not in BAD_NOUN_ENDS
        and s[0] not in "的了"
        and not any(v in s for v in REACH_VERBS if len(v) > 1)
    )


def split_names(names: str, count: int) -> list[str] | None:
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


def ends_with(text: str, start: int, end: int, words: tuple[str, ...]) -> str | None:
    """The first of ``words`` that text[start:end] ends with, or None."""
    if not text.endswith(words, start, end):   # one C call answers most of them
        return None
    for word in words:
        if text.endswith(word, start, end):
            return word
    return None


def unit_kind(unit: str | None) -> str:
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


def value_text(m: re.Match[str]) -> str:
    """The value without a % repeated inside a range (85%-93% -> 85-93); a count written as a
    Chinese numeral in digits (两家 -> 2), so that 两家 and 2家 compare equal. The span keeps
    the written form."""
    value = m["val"]
    if len(value) == 1 and value in CN_NUM:
        return str(chinese_number(value))
    return value.replace(m["rpct"], "") if m["rpct"] else value


def share_name(name: str) -> str:
    """A share's indicator: 县医院达到……基本标准 -> 县医院达到……基本标准的比例."""
    return name if name.endswith(SHARE_NAME_ENDS) else name + "的比例"


def first_verb(text: str, start: int, end: int, verbs: tuple[str, ...]) -> tuple[int, str] | None:
    """The leftmost of ``verbs`` in text[start:end] after its first character, with its start."""
    hits = [(text.find(v, start + 1, end), v) for v in verbs]
    hits = [hit for hit in hits if hit[0] >= 0]
    return min(hits, key=lambda hit: (hit[0], -len(hit[1]))) if hits else None


def unit_of(m: re.Match[str]) -> str | None:
    """The unit, with a full-width ％ folded so that 35% and 35％ compare equal."""
    unit = m["unit"] or m["rpct"]
    return "%" if unit == "％" else unit


def build_verbs_in(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of every build verb in text[start:end], leftmost first, longest at a place."""
    # the alternation tries the verbs in BUILD_VERBS order at each place and goes on after the
    # verb found, as a walk over the characters trying each verb would
    return [found.span() for found in _BUILD_VERBS_RE.finditer(text, start, end)]


_BUILD_VERBS_RE = re.compile("|".join(map(re.escape, BUILD_VERBS)) or "(?!)")
