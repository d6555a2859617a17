"""The word lists of ``loaders/data/hospitals.toml`` compiled for the hospital rule
(loaders/rules/hospitals.py): each list once as a tuple or set and as one regex, so each check
of the rule is one call instead of a loop over words.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from ..text import CJK_WIDE

DATA = Path(__file__).resolve().parent.parent / "data" / "hospitals.toml"


@dataclass(frozen=True)
class Suffix:
    """One institution head: a plain suffix or a short form with its expansion."""

    pattern: re.Pattern[str]
    canonical: str | None = None  # re.Match.expand template for short forms
    prefix: Literal["any", "place", "admin", "none"] = "any"
    generic: bool = False  # 医院: a bare 区/市/县 before it is not enough


@dataclass(frozen=True)
class Rules:
    """The toml word lists, compiled once."""

    suffixes: tuple[Suffix, ...]
    delimiters: frozenset[str]
    protected: tuple[str, ...]
    class_prefixes: tuple[str, ...]
    class_words: frozenset[str]
    class_tails: tuple[str, ...]
    ordinal: re.Pattern[str]
    admin_singles: frozenset[str]
    admin_ends: tuple[str, ...]
    max_scan: int
    max_name: int
    # the word lists above as alternations, so each check is one regex call, not a loop
    leading_re: re.Pattern[str]
    measure_re: re.Pattern[str]
    inner_cut_re: re.Pattern[str]
    class_infix_re: re.Pattern[str]
    type_word_re: re.Pattern[str]
    verb_ends: tuple[str, ...]
    branch_re: re.Pattern[str]  # 三江新区分院 right after a mention
    # the plain suffixes as one longest-first alternation (its leftmost-longest matches are
    # the overlaps _suffix_hits resolves), with the suffix of each word. Together with the
    # patterned ones below it finds whether a text has any suffix: most texts have none
    literal_re: re.Pattern[str]
    literal_suffix: dict[str, Suffix]
    # the other suffixes' patterns, and their alternation (one search for a short text)
    patterned: tuple[re.Pattern[str], ...]
    patterned_re: re.Pattern[str]
    # the characters _is_delimiter can say yes to (all others are CJK and not delimiters), so
    # a scan left visits only these instead of every character
    stop_re: re.Pattern[str]
    # per delimiter character, the protected words holding it and where (协和: 和 at 1), so
    # _is_delimiter looks only at the words that can protect that character
    protected_at: dict[str, tuple[tuple[str, int], ...]]


def _longest_first(words: list[str]) -> tuple[str, ...]:
    return tuple(sorted(set(words), key=len, reverse=True))


def _alternation(words, template: str = "(?:{})") -> re.Pattern[str]:
    """One pattern for a word list, longest words first so the longest one wins."""
    words = _longest_first(list(words))
    return re.compile(template.format("|".join(map(re.escape, words)) if words else "(?!)"))


@cache
def hospital_data() -> dict:
    """The raw contents of ``hospitals.toml``."""
    with DATA.open("rb") as handle:
        return tomllib.load(handle)


@cache
def compiled_rules() -> Rules:
    data = hospital_data()
    place, generic = set(data["place_suffixes"]), set(data["generic_heads"])
    suffixes = [
        Suffix(
            re.compile(re.escape(word)), None, "place" if word in place else "any", word in generic
        )
        for word in data["suffixes"]
    ]
    suffixes += [
        Suffix(re.compile(rule["pattern"]), rule["canonical"], rule["prefix"])
        for rule in data["short_forms"]
    ]
    written = list(zip(data["suffixes"], suffixes[: len(data["suffixes"])], strict=True))
    plain = [word for word in data["suffixes"] if _plain(word)]
    patterned = [suffix for word, suffix in written if word not in plain]
    patterned += suffixes[len(written):]
    return Rules(
        suffixes=tuple(suffixes),
        delimiters=frozenset(data["delimiters"]),
        protected=tuple(data["protected"]),
        class_prefixes=_longest_first(data["class_prefixes"]),
        class_words=frozenset(data["class_words"]),
        class_tails=_longest_first(data["class_tails"]),
        ordinal=re.compile(data["ordinal"]),
        admin_singles=frozenset(data["admin_singles"]),
        admin_ends=tuple(data["admin_ends"]),
        max_scan=data["max_scan"],
        max_name=data["max_name"],
        leading_re=_alternation(data["leading"]),
        measure_re=_alternation(data["measure_words"]),
        inner_cut_re=_alternation(w for w in set(data["leading"])
                                  if len(w) >= 2 and w not in set(data["inner_ok"])),
        class_infix_re=_alternation(data["class_infixes"]),
        type_word_re=_alternation(data["type_words"], "(?:{})$"),
        verb_ends=tuple(w for w in data["leading"] if len(w) >= 2),
        branch_re=re.compile(data["branch"]),
        literal_re=_alternation(plain),
        literal_suffix={word: suffix for word, suffix in reversed(written)},
        patterned=tuple(suffix.pattern for suffix in patterned),
        patterned_re=re.compile("|".join(f"(?:{_unnamed(suffix.pattern.pattern)})"
                                         for suffix in patterned) or "(?!)"),
        stop_re=re.compile(f"[^{CJK_WIDE}]|[" + re.escape("".join(sorted(data["delimiters"])))
                           + "]"),
        protected_at=_positions(data["protected"]),
    )


def _positions(words: list[str]) -> dict[str, tuple[tuple[str, int], ...]]:
    """Each character of ``words`` -> (word, offset) of every place it stands, in word order."""
    places: dict[str, list[tuple[str, int]]] = {}
    for word in words:
        for offset, char in enumerate(word):
            places.setdefault(char, []).append((word, offset))
    return {char: tuple(found) for char, found in places.items()}


def _plain(word: str) -> bool:
    """A suffix that cannot overlap itself (医院 cannot, 院院 could): its search finds every
    occurrence, so the joined alternation of such suffixes can stand for their searches."""
    return not any(word[cut:] == word[: len(word) - cut] for cut in range(1, len(word)))


def _unnamed(pattern: str) -> str:
    """A short form's pattern with its named groups unnamed, so the patterns can be joined."""
    return re.sub(r"\(\?P<\w+>", "(", pattern)
