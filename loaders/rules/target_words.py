"""The words the prose-target rule reads, loaded from ``loaders/data/targets.toml``.

Every list there has its reason and examples; this module only turns them into the tuples,
character sets and patterns the rule (targets.py) and the lost-digit check (lost_digits.py)
use. The order of the words is kept: where one word ends or begins another, the longer one is
listed first and so is tried first.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources


@cache
def target_data() -> dict:
    """The raw contents of ``targets.toml``."""
    data = resources.files("policykg.loaders").joinpath("data", "targets.toml")
    with data.open("rb") as handle:
        return tomllib.load(handle)


def _words(key: str) -> tuple[str, ...]:
    """The words of a list, in order; a list of several entries is their concatenation."""
    entry = target_data()[key]
    entries = entry if isinstance(entry, list) else [entry]
    return tuple(word for item in entries for word in item["words"])


def _units(kind: str) -> tuple[str, ...]:
    units = target_data()["units"]
    return tuple(word for item in units if item["kind"] == kind for word in item["words"])


# Verbs of reaching a level: NAME VERB VALUE (占比达到35%, CMI值从0.9提升到1.2).
REACH_VERBS = _words("reach_verbs")
# Reach verbs that are themselves the qualifier of the value (不低于70% -> qualifier 不低于).
QUALIFYING_VERBS = frozenset(
    word for item in target_data()["reach_verbs"] if item["qualifies"] for word in item["words"]
)
# 达 after one of these characters is no verb of reaching (高达, 下达).
NOT_REACH_BEFORE_DA: str = target_data()["not_reach_before_da"]["characters"]
# Verbs of change, a change only with a change unit (提高5个百分点).
CHANGE_VERBS = _words("change_verbs")
CHANGE_UNITS = tuple(target_data()["change_verbs"]["units"])
# 为 sets a level only after the name of a rate or ratio (医护比为1∶2).
RATE_NAME_ENDS = _words("rate_name_ends")
# Words before a reach verb that make the number a present state (目前已达80%).
STATUS_MARKERS = _words("status_markers")
# Verbs of building or adding a count (建成互联网医院12家, 设立至少2所护理院).
BUILD_VERBS = _words("build_verbs")
# Verbs that follow a share of a class (100%设立老年医学科).
COVERAGE_VERBS = _words("coverage_verbs")
# Opening a clause before a count and a noun under construction (推进……等8个……建设).
PUSH_VERBS = _words("push_verbs")
# Prepositions of means before a count (依托4家……建设).
MEANS_PREPS = _words("means_preps")
# Names of a share that already say so; others get 的比例.
SHARE_NAME_ENDS = _words("share_name_ends")
# Names that already say what is measured; a % after them is no share.
MEASURE_NAME_ENDS = (*SHARE_NAME_ENDS, *_words("measure_name_ends"))
# Qualifiers in front of a value (至少2所) and after it (35%以上, 1∶2左右).
PRE_QUALIFIERS = _words("pre_qualifiers")
POST_QUALIFIERS = _words("post_qualifiers")
# Units by kind: counts and areas may follow a build verb; rates, money and durations may not.
RATE_UNITS = _units("rate")
MONEY_UNITS = _units("money")
TIME_UNITS = _units("time")
COUNT_UNITS = _units("count")
AREA_UNITS = _units("area")
OTHER_UNITS = _units("other")
# Leading and trailing words that are not part of an indicator's name.
NAME_PREFIXES = _words("name_prefixes")
NAME_SUFFIXES = _words("name_suffixes")
# 均 after one of these characters belongs to the name (人均, 年均).
KEEP_BEFORE_JUN: str = target_data()["keep_before_jun"]["characters"]
# Characters a noun phrase may not end with before its number (从0.9…, 等8个…, 的60%…).
BAD_NOUN_ENDS: str = target_data()["bad_noun_ends"]["characters"]
# Characters after or before a value that make it a date, a code or a document number.
NOT_QUANTITY_AFTER: str = target_data()["not_quantity_after"]["characters"]
NOT_QUANTITY_BEFORE: str = target_data()["not_quantity_before"]["characters"]

# A leading time phrase: 到2025年, 2023年底前, 力争到2027年底, 到“十四五”末.
TIME_PREFIX_RE = re.compile(
    r"(?:(?:力争|争取|确保|计划)?(?:到|至|在|于)?"
    r"(?:\d{4}年(?:\d{1,2}月)?(?:年?底|年?末|上半年|下半年)?|[“\"]?十[三四五]五[”\"]?(?:期|时期)?末)"
    r"(?:之?前)?)"
)

NUM = r"\d+(?:\.\d+)?"
CN_NUM = "两二三四五六七八九十"  # 一 is left out: 打造一支……队伍 is rhetoric, not a count
# The longest noun phrase a count may name, and so how far back a verb of building may stand.
NOUN_WINDOW = 48
_ALL_UNITS = sorted(
    RATE_UNITS + MONEY_UNITS + TIME_UNITS + COUNT_UNITS + AREA_UNITS + OTHER_UNITS,
    key=len,
    reverse=True,
)
UNIT_RE = "|".join(re.escape(u) for u in _ALL_UNITS)
POST_RE = "|".join(re.escape(q) for q in POST_QUALIFIERS)

# A value with its unit and qualifier. Order matters: ratio and range before a plain number.
VALUE_RE = re.compile(
    rf"""
    (?<![\dA-Za-z.])
    (?P<val>
        {NUM}\s*[∶:：]\s*{NUM}                            # 1∶2, 1:2, 1：2
      | {NUM}/{NUM}万?                                      # 10/10万 (a rate per 100 000)
      | {NUM}(?P<rpct>[%％])?\s*(?:[-—–－~～]|至|到)\s*{NUM}  # 3-5, 85%-93%
      | {NUM}
      | (?<![{CN_NUM}一百千万零〇])[{CN_NUM}](?![{CN_NUM}百千万])  # 两家, 三个
    )
    (?P<unit>{UNIT_RE})?
    (?P<post>{POST_RE})?
    """,
    re.VERBOSE,
)
