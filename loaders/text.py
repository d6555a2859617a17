"""Text primitives the rules share: CJK character classes, bracket depths, Chinese numerals.

Each was written several ways in the rules; they live here once. The rules still choose their
own bracket sets and line-break policy (a parameter here), since those differ on purpose.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container

# --- CJK character classes (for use inside a regex character class: f"[{CJK_UNIFIED}]") -------

# The CJK Unified Ideographs block, U+4E00–U+9FFF: the characters of running text. Used where a
# rule matches names, titles and issuers (县卫生健康局, 国办发).
CJK_UNIFIED = "\u4e00-\u9fff"
# The block plus Extension A (U+3400–U+4DBF) and the compatibility ideographs (U+F900–U+FAFF),
# which OCR and old encodings produce for rare characters in names (hospital names, organs).
CJK_WIDE = "\u3400-\u9fff\uf900-\ufaff"


def is_cjk_unified(char: str) -> bool:
    """Whether ``char`` is in CJK_UNIFIED (U+4E00–U+9FFF)."""
    return "\u4e00" <= char <= "\u9fff"


# --- bracket depths ---------------------------------------------------------------------------


def bracket_depths(text: str, opens: Container[str], closes: Container[str], *,
                   start: int = 0, end: int | None = None, depth: int = 0,
                   line_break: Callable[[int], bool] | None = None) -> list[int]:
    """The bracket depth after each character of text[start:end], counting on from ``depth``.

    An opener raises the depth (so an opener's own position is inside), a closer lowers it; a
    closer with nothing open is ignored. ``line_break`` decides what a line break does: None,
    nothing (the text is one line: names, clauses); else it is called with the break's offset
    and a True closes every open bracket (a stray opener must not swallow the rest of the
    document). One pass: linear in the text. Only the brackets (and line breaks) are visited,
    through one regular expression; the runs between them are filled at C speed (the rules call
    this on every task text: a loop over each character was a tenth of extraction).
    """
    start, stop, _ = slice(start, end).indices(len(text))   # as text[start:end] reads them
    depths: list[int] = []
    position = start
    for match in _marks(opens, closes, line_break is not None).finditer(text, start, stop):
        index = match.start()
        if index > position:
            depths.extend([depth] * (index - position))
        char = text[index]
        if char in opens:
            depth += 1
        elif char in closes:
            if depth:
                depth -= 1
        elif line_break is not None and line_break(index):   # a line break
            depth = 0
        depths.append(depth)
        position = index + 1
    if stop > position:
        depths.extend([depth] * (stop - position))
    return depths


def _marks(opens: Container[str], closes: Container[str], breaks: bool) -> re.Pattern[str]:
    """The characters bracket_depths() stops at, as one character class (cached by set; bracket
    sets written as strings, as most callers pass them, are looked up as they are)."""
    if isinstance(opens, str) and isinstance(closes, str):
        pattern = _MARKS.get((opens, closes, breaks))
        if pattern is not None:
            return pattern
    key = ("".join(sorted(opens)), "".join(sorted(closes)), breaks)   # type: ignore[arg-type]
    pattern = _MARKS.get(key)
    if pattern is None:
        pattern = _MARKS[key] = re.compile(
            "[" + re.escape(key[0] + key[1]) + ("\n" if breaks else "") + "]")
    if isinstance(opens, str) and isinstance(closes, str):
        _MARKS[(opens, closes, breaks)] = pattern
    return pattern


_MARKS: dict[tuple[str, str, bool], re.Pattern[str]] = {}


def depth_after(text: str, opens: Container[str], closes: Container[str], *, start: int = 0,
                end: int | None = None, depth: int = 0,
                line_break: Callable[[int], bool] | None = None) -> int:
    """The bracket depth after text[start:end], counting on from ``depth`` (bracket_depths'
    last value): a caller scanning forward carries the depth instead of counting again."""
    depths = bracket_depths(text, opens, closes, start=start, end=end, depth=depth,
                            line_break=line_break)
    return depths[-1] if depths else depth


def always(_index: int) -> bool:
    """A ``line_break`` policy for bracket_depths: every line break closes open brackets."""
    return True


# --- Chinese numerals -------------------------------------------------------------------------

CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}


def chinese_number(text: str) -> int:
    """The value of a Chinese numeral as plans write one.

    一 -> 1, 十二 -> 12, 二十 -> 20, 一百零二 -> 102 (article numbers run past 99), 两 -> 2;
    a string of digits reads digit by digit, as years are written: 二〇二二 / 二○二二 -> 2022.
    Characters that are no digit count as 0. Callers match the numeral with a regex first.

    Measured against the PyPI package cn2an 0.5.24 (MIT, depends on proces, MIT): it reads
    十一, 二十, 一百零五, 一百一十, 〇, 两 and 廿 right (廿 in normal/smart mode only), but it
    refuses 二○二二 (the WHITE CIRCLE ○ that dates are often typed with) in every mode, and
    〇 and 两 in strict mode; a call takes ~50 µs against ~2 µs here, and importing it ~0.4 s.
    Not used, therefore.
    """
    if "百" in text:
        hundreds, _, rest = text.partition("百")
        return CN_DIGITS.get(hundreds, 1) * 100 + chinese_number(rest.lstrip("零〇"))
    if "十" in text:
        tens, _, units = text.partition("十")
        return (CN_DIGITS.get(tens, 1) if tens else 1) * 10 + CN_DIGITS.get(units, 0)
    value = 0
    for char in text:
        value = value * 10 + CN_DIGITS.get(char, 0)
    return value


def squeeze(text: str) -> str:
    """``text`` without whitespace: ``re.sub(r"\\s", "", text)``, as str.split() splits at
    exactly the characters \\s matches; twice as fast as the regex, and it runs for every
    line and every unit name."""
    return "".join(text.split())
