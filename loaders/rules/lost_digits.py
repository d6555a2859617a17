"""Numbers lost by PDF extraction: 占比达到 %, 医护比总体达到 ∶ 左右, 第五代移动通信（ G）.

The check runs on the text BEFORE stray spaces are removed, so the gaps where digits stood are
still there. Its words (verbs of reaching, qualifiers, count units) are the prose-target rule's,
from loaders/data/targets.toml.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass

from policykg.loaders.rules.target_phrases import ends_with
from policykg.loaders.rules.target_words import (
    COUNT_UNITS,
    POST_QUALIFIERS,
    POST_RE,
    PRE_QUALIFIERS,
    REACH_VERBS,
)
from policykg.loaders.text import CJK_UNIFIED


@dataclass(frozen=True)
class LostNumber:
    raw: str
    start: int
    end: int
    message: str


_HS = r"[^\S\r\n]"  # horizontal whitespace only: a line break is layout, not a lost digit
_HSPACE = " \t\u3000"
_LEAD_WORDS: tuple[str, ...] = tuple(sorted(REACH_VERBS + PRE_QUALIFIERS, key=len, reverse=True))
_VERB_RE = "|".join(re.escape(v) for v in _LEAD_WORDS)
_COUNT_RE = "|".join(re.escape(u) for u in sorted(COUNT_UNITS, key=len, reverse=True))

# Patterns that only match where digits must have stood, each with the message it reports.
# Percent and ratio signs are checked in code (find_lost_numbers), these are the rest.
# An alternative that opens with a look-behind is written to open with the blank it needs,
# the look-behind then checking the character before it (``(?<=X)_HS+`` as
# ``_HS(?<=X_HS)_HS*``): the same matches, but the scan tries only the blanks, not every place.
# Each rule is listed as its alternatives: one pattern joining a verb list and a blank cannot
# skip ahead to where either could start (it tried both at every character, ~1 ms a plan),
# so find_lost_numbers searches each alternative on its own (_leftmost, the same matches).
_ALTERNATIVES: tuple[tuple[tuple[str, ...], str], ...] = (
    # 医护比总体达到 ： 左右: a full-width colon standing for the ratio sign, no digits around it.
    ((rf"(?:{_VERB_RE}){_HS}*[:：]{_HS}*(?:{POST_RE})",), "digits lost around a ratio sign"),
    # 第五代移动通信（ G） (seed 002:137): a space where the 5 of 5G stood.
    ((rf"[（(]{_HS}+[GＧ]{_HS}*[）)]", rf"{_HS}(?<=[^\s\d]{_HS}){_HS}*[GＧ](?![A-Za-z])"),
     "digit lost before G (5G?)"),
    # 不低于 个, 建成互联网医院 家，: a count unit after a gap where its number stood.
    ((rf"(?:{_VERB_RE}){_HS}+(?:{_COUNT_RE})",
      rf"{_HS}(?<=[{CJK_UNIFIED}]{_HS}){_HS}*(?:{_COUNT_RE})(?=以上|以下|左右|[，。；、）)])"),
     "digits lost before a unit"),
    # 到 年底, 年 月 日: a date with its digits gone (2022年 12月 22日 keeps them, seed 002:16).
    ((rf"(?:到|至|于){_HS}+年", rf"年{_HS}+月(?:{_HS}+日)?",
      rf"{_HS}(?<=[^\d\s]{_HS}){_HS}*月{_HS}+日"), "digits lost in a date"),
)
LOST_NUMBER_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile("|".join(alternatives)), message) for alternatives, message in _ALTERNATIVES)
_SPLIT_RULES: tuple[tuple[tuple[re.Pattern[str], ...], str], ...] = tuple(
    (tuple(map(re.compile, alternatives)), message) for alternatives, message in _ALTERNATIVES)


# Per rule and alternative, where a match surely holds a blank, counted from the match's start
# (every alternative but the ratio colon's needs one): 到 年 at 1, 不低于 个 at the verb's
# length, a blank-first alternative at 0. A text with few blanks is tried only there.
_VERB_LENGTHS = tuple(sorted({len(word) for word in _LEAD_WORDS}))
_BLANK_AT: tuple[tuple[tuple[int, ...] | None, ...], ...] = (
    (None,), ((1,), (0,)), (_VERB_LENGTHS, (0,)), ((1,), (1,), (0,)))
_BLANK = re.compile(_HS)
# candidates are tried when there is less than one per this many characters: a match call
# costs what a search does over some 40 characters
_SPARSE = 64

Search = Callable[[int], re.Match[str] | None]


def _searcher(text: str, pattern: re.Pattern[str], offsets: tuple[int, ...] | None,
              blanks: list[int] | None) -> Search:
    """``pattern.search(text, position)`` as a function of the position: with few blanks, a
    match is tried only where one can start (a blank minus an offset), not at every place.
    The positions asked for only grow, so each candidate is tried at most once."""
    if offsets is None or blanks is None or len(blanks) * len(offsets) * _SPARSE > len(text):
        return lambda position: pattern.search(text, position)
    starts = sorted({blank - offset for blank in blanks for offset in offsets if blank >= offset})
    index = 0

    def search(position: int) -> re.Match[str] | None:
        nonlocal index
        while index < len(starts) and starts[index] < position:
            index += 1
        while index < len(starts):
            found = pattern.match(text, starts[index])
            if found is not None:
                return found
            index += 1
        return None

    return search


def _leftmost(text: str, alternatives: tuple[re.Pattern[str], ...],
              searches: list[Search] | None = None) -> list[re.Match[str]]:
    """The matches ``re.compile("|".join(alternatives)).finditer(text)`` gives, from each
    alternative searched on its own (``searches``: pattern.search for each, or faster forms):
    the leftmost match, the first alternative on a tie, then on from its end (no alternative
    matches the empty string)."""
    if searches is None:
        searches = [functools.partial(pattern.search, text) for pattern in alternatives]
    found: list[re.Match[str]] = []
    nexts = [search(0) for search in searches]
    while True:
        best = None
        for match in nexts:
            if match is not None and (best is None or match.start() < best.start()):
                best = match
        if best is None:
            return found
        found.append(best)
        position = best.end()
        nexts = [search(position) if match is not None and match.start() < position
                 else match for search, match in zip(searches, nexts, strict=True)]


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
    word = ends_with(text, 0, j, _LEAD_WORDS)
    return j - len(word) if word else j


def _lost(text: str, start: int, end: int, what: str) -> LostNumber:
    """A hit whose message quotes the words, so a reader can find the place in the PDF."""
    raw = text[start:end]
    return LostNumber(raw, start, end, f"{what}: 「{raw.strip()}」 (PDF extraction dropped them)")


def _alone_on_its_line(text: str, i: int, j: int) -> bool:
    """The sign at ``i`` (``j``: where the blanks before it start) is all its line holds and the
    line before does not end in a verb that wants a number (占比达到⏎%: the PDF broke the line
    where the digits were lost): a table's 单位 cell written one cell a line."""
    if text[_skip_on(text, i + 1):][:1] not in ("", "\r", "\n"):
        return False
    if j == 0:
        return True
    if text[j - 1] not in "\r\n":
        return False
    line_end = j - 1 - (text[j - 2:j] == "\r\n")
    return _lead_word_start(text, line_end) == _skip_back(text, line_end)


_SIGNS = re.compile("[%％‰∶]")


def _sign_hits(text: str) -> list[LostNumber]:
    hits = []
    for sign in _SIGNS.finditer(text):   # the signs only, not every character
        i, ch = sign.start(), sign.group()
        if ch in "%％‰":
            # 占比达到 %: a percent sign with no digit before it (a URL escape %E5 is no number).
            if re.match(r"[0-9A-F]{2}", text[i + 1 : i + 3]):
                continue
            j = _skip_back(text, i)
            if j and (text[j - 1].isdigit() or text[j - 1] == "."):
                continue
            if j and text[j - 1] in "（(" and text[_skip_on(text, i + 1) :][:1] in ("）", ")"):
                continue  # 占比（%）: the unit of a table column, no number belongs there
            if _alone_on_its_line(text, i, j):
                continue  # a 单位 cell of an indicator table copied one cell a line: % alone
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
    # the blanks, unless there are too many to try at (None: counting stops there)
    few = len(text) // _SPARSE + 1
    blanks: list[int] | None = [found.start() for found in
                                itertools.islice(_BLANK.finditer(text), few + 1)]
    if len(blanks) > few:
        blanks = None
    for (alternatives, message), blank_at in zip(_SPLIT_RULES, _BLANK_AT, strict=True):
        searches = [_searcher(text, pattern, offsets, blanks)
                    for pattern, offsets in zip(alternatives, blank_at, strict=True)]
        for m in _leftmost(text, alternatives, searches):
            hits.append(_lost(text, m.start(), m.end(), message))
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    merged: list[LostNumber] = []
    for hit in hits:
        if merged and hit.start < merged[-1].end:
            continue  # one place, reported once: the widest match starting first wins
        merged.append(hit)
    return merged
