"""Word's automatic list numbers rendered from numbering.xml: the list of a paragraph or of its
style, its level's format (一、, （一）, 1., 甲, Ⅰ, ①...) and counters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docx.oxml.ns import qn
from lxml import etree

from ..text import is_cjk_unified
from .word_xml import _int, _val


@dataclass(frozen=True)
class Level:
    """One level of a list: number format, text ('%1、', '（%2）'), start, what follows the
    number, whether it is 'legal' (all numbers decimal), which level restarts it, and the
    paragraph style linked to it."""

    fmt: str = "decimal"
    text: str = ""
    start: int = 1
    suffix: str = "tab"
    legal: bool = False
    restart: int | None = None
    style: str | None = None


def _level(lvl: etree._Element) -> Level:
    return Level(fmt=_val(lvl, "w:numFmt") or "decimal", text=_val(lvl, "w:lvlText") or "",
                 start=_int(_val(lvl, "w:start"), 1), suffix=_val(lvl, "w:suff") or "tab",
                 legal=lvl.find(qn("w:isLgl")) is not None and
                 _val(lvl, "w:isLgl") not in ("0", "false"),
                 restart=(None if _val(lvl, "w:lvlRestart") is None
                          else _int(_val(lvl, "w:lvlRestart"), 0)),
                 style=_val(lvl, "w:pStyle"))


def _levels(container: etree._Element) -> dict[int, Level]:
    return {_int(lvl.get(qn("w:ilvl")), 0): _level(lvl) for lvl in container.iter(qn("w:lvl"))}


class Numbering:
    """Word's list numbers, counted as Word counts them: one counter per level of an
    abstract list (lists sharing it continue each other), deeper levels reset when a
    shallower one counts, a list's startOverride restarting its level on first use."""

    def __init__(self, numbering: etree._Element | None, styles: etree._Element | None):
        self.abstract: dict[str, dict[int, Level]] = {}
        self.style_links: dict[str, str] = {}    # abstractNum -> numbering style it follows
        self.nums: dict[str, str] = {}           # numId -> abstractNumId
        self.overrides: dict[str, dict[int, int]] = {}
        self.level_overrides: dict[str, dict[int, Level]] = {}
        self.styles: dict[str, tuple[str | None, str | None, str | None]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()
        if numbering is not None:
            self._read_numbering(numbering)
        if styles is not None:
            self._read_styles(styles)

    def _read_numbering(self, root: etree._Element) -> None:
        for abstract in root.iter(qn("w:abstractNum")):
            key = abstract.get(qn("w:abstractNumId"), "")
            self.abstract[key] = _levels(abstract)
            link = _val(abstract, "w:numStyleLink")
            if link:
                self.style_links[key] = link
        for num in root.iter(qn("w:num")):
            num_id = num.get(qn("w:numId"), "")
            self.nums[num_id] = _val(num, "w:abstractNumId") or ""
            for override in num.iter(qn("w:lvlOverride")):
                ilvl = _int(override.get(qn("w:ilvl")), 0)
                start = _val(override, "w:startOverride")
                if start is not None:
                    self.overrides.setdefault(num_id, {})[ilvl] = _int(start, 1)
                lvl = override.find(qn("w:lvl"))
                if lvl is not None:
                    self.level_overrides.setdefault(num_id, {})[ilvl] = _level(lvl)

    def _read_styles(self, root: etree._Element) -> None:
        for style in root.iter(qn("w:style")):
            p_pr = style.find(qn("w:pPr"))
            num_pr = p_pr.find(qn("w:numPr")) if p_pr is not None else None
            self.styles[style.get(qn("w:styleId"), "")] = (
                _val(num_pr, "w:numId"), _val(num_pr, "w:ilvl"), _val(style, "w:basedOn"))

    def _style_numbering(self, style: str | None) -> tuple[str | None, str | None]:
        """The list (numId, ilvl) a paragraph style gives, following basedOn."""
        for _ in range(20):
            if style is None or style not in self.styles:
                return None, None
            num_id, ilvl, based_on = self.styles[style]
            if num_id is not None:
                return num_id, ilvl
            style = based_on
        return None, None

    def _abstract_of(self, num_id: str) -> str | None:
        """The abstract list of a list, through a numbering style link if it has one."""
        abstract = self.nums.get(num_id)
        for _ in range(5):
            if abstract is None or abstract not in self.style_links:
                return abstract
            linked, _ilvl = self._style_numbering(self.style_links[abstract])
            abstract = self.nums.get(linked or "")
        return abstract

    def render(self, p: etree._Element, text: str) -> str:
        """The paragraph's text with its list number in front (unchanged when it has none,
        or a bullet: a bullet glyph means nothing to the rules)."""
        p_pr = p.find(qn("w:pPr"))
        style = _val(p_pr, "w:pStyle")
        num_pr = p_pr.find(qn("w:numPr")) if p_pr is not None else None
        style_num, style_ilvl = self._style_numbering(style)
        num_id = _val(num_pr, "w:numId") or style_num
        if not num_id or num_id == "0":
            return text
        abstract = self._abstract_of(num_id)
        if abstract is None or abstract not in self.abstract:
            return text
        levels = {**self.abstract[abstract], **self.level_overrides.get(num_id, {})}
        ilvl_text = _val(num_pr, "w:ilvl") or style_ilvl
        if ilvl_text is None:
            ilvl_text = next((str(i) for i, lv in levels.items() if style and lv.style == style),
                             "0")
        ilvl = _int(ilvl_text, 0)
        if ilvl not in levels:
            return text
        label = self._count(abstract, num_id, ilvl, levels)
        if not label:
            return text
        return label + (" " if _spaced(label, text, levels[ilvl].suffix) else "") + text

    def _count(self, abstract: str, num_id: str, ilvl: int, levels: dict[int, Level]) -> str:
        """Count the paragraph at ``ilvl`` and return its number as the level writes it."""
        counters = self.counters.setdefault(abstract, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for level, start in self.overrides.get(num_id, {}).items():
                counters[level] = start - 1
        counters[ilvl] = counters.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            restart = levels[deeper].restart if deeper in levels else None
            if restart is None or (restart != 0 and ilvl + 1 <= restart):
                del counters[deeper]
        level = levels[ilvl]
        if level.fmt == "bullet":
            return ""

        def number(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            shown = levels.get(k, Level())
            value = counters.get(k, shown.start)
            return format_number(value, "decimal" if level.legal else shown.fmt)

        return re.sub(r"%([1-9])", number, level.text)


def _spaced(label: str, text: str, suffix: str) -> bool:
    """Whether a space stands for the tab or space after the number: only after a number
    ending in a letter, digit or ideograph ('第一章 总则', '1 Scope'); '一、', '（一）', '1.'
    and '①' run on into the text, as plans print them."""
    if suffix == "nothing" or not text or text[0].isspace():
        return False
    last = label[-1]
    return (last.isascii() and last.isalnum()) or is_cjk_unified(last)


DIGITS = "〇一二三四五六七八九"


LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"


STEMS = "甲乙丙丁戊己庚辛壬癸"


BRANCHES = "子丑寅卯辰巳午未申酉戌亥"


ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
         (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def chinese_number(n: int, digits: str = DIGITS, units: str = "十百千",
                   short_ten: bool = True) -> str:
    """1 -> 一, 10 -> 十, 21 -> 二十一, 105 -> 一百零五 (Word's chineseCounting and
    chineseCountingThousand; with 壹贰 digits and 拾佰仟, chineseLegalSimplified)."""
    if n <= 0 or n >= 10000:
        return str(n)
    out, zero = "", False
    for power, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        digit = n // power % 10
        if digit:
            if zero and out:
                out += "零"
            out += digits[digit] + unit
            zero = False
        else:
            zero = True
    if short_ten and 10 <= n < 20:
        out = out[1:]
    return out


def _letters(n: int, upper: bool) -> str:
    """A..Z, then AA..ZZ (Word repeats the letter)."""
    letter = chr(ord("A" if upper else "a") + (n - 1) % 26)
    return letter * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    out = ""
    for value, numeral in ROMAN:
        while n >= value:
            out, n = out + numeral, n - value
    return out


def _enclosed(n: int) -> str:
    """①..⑳, ㉑..㉟, ㊱..㊿, then plain digits."""
    if 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if 21 <= n <= 35:
        return chr(0x3251 + n - 21)
    if 36 <= n <= 50:
        return chr(0x32B1 + n - 36)
    return str(n)


def format_number(n: int, fmt: str) -> str:
    """A list counter in one of Word's number formats (unknown formats as decimal)."""
    if n <= 0:
        return str(n)
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting",
               "taiwaneseCounting", "taiwaneseCountingThousand", "japaneseLegal"):
        return chinese_number(n)
    if fmt in ("chineseLegalSimplified", "koreanLegal"):
        return chinese_number(n, LEGAL_DIGITS, "拾佰仟", short_ten=False)
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join(DIGITS[int(d)] for d in str(n))
    if fmt in ("ideographTraditional", "ideographZodiac"):
        names = STEMS if fmt == "ideographTraditional" else BRANCHES
        return names[n - 1] if n <= len(names) else str(n)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle"):
        return _enclosed(n)
    if fmt == "decimalEnclosedParen":
        return chr(0x2474 + n - 1) if n <= 20 else f"({n})"
    if fmt == "decimalEnclosedFullstop":
        return chr(0x2488 + n - 1) if n <= 20 else f"{n}."
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return "".join(chr(0xFF10 + int(d)) for d in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("upperLetter", "lowerLetter"):
        return _letters(n, fmt == "upperLetter")
    if fmt in ("upperRoman", "lowerRoman"):
        return _roman(n) if fmt == "upperRoman" else _roman(n).lower()
    if fmt == "none":
        return ""
    return str(n)
