"""Repair PDF-extracted text into paragraphs and table cells, keeping every offset.

Plans reach us as text extracted from PDF or Word: sentences broken across lines (often with a
blank line between every line, as in seed 002), page numbers (― 24 ―) in the middle of a
paragraph, stray spaces between CJK characters (2022年 12月 22日), full-width digits and letters,
and tables flattened to one cell per line. This module turns the decoded text into a list of
``Para`` (a paragraph, a table cell, or a row break), each a ``MappedStr`` whose characters
still point at the decoded text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

from .mapped import MappedStr, concat
from .text import CJK_WIDE
from .text_tables import Row, TextTable, find_text_tables

ParaKind = Literal["text", "cell", "break"]


@dataclass(frozen=True)
class Para:
    kind: ParaKind
    text: MappedStr
    line: int  # 1-based line number of the paragraph's first line in the decoded text
    # a row of a table written without tabs (loaders/text_tables.py), its cells already placed;
    # ``text`` is then the row's cells joined by tabs
    row: Row | None = field(default=None, compare=False, hash=False)

    def __init__(self, kind: ParaKind, text: MappedStr, line: int, row: Row | None = None):
        # as Span's (loaders/mapped.py): the fields go straight into the instance dict, not
        # through the frozen dataclass's object.__setattr__ for each
        fields = self.__dict__
        fields["kind"], fields["text"], fields["line"], fields["row"] = kind, text, line, row


# full-width ASCII digits and letters, ideographic space, full-width full stop and percent;
# Chinese punctuation （）：；，、 is kept as written (the rules accept both widths)
WIDTH_FOLD = {code: chr(code - 0xFEE0) for code in range(0xFF10, 0xFF1A)}
WIDTH_FOLD.update({code: chr(code - 0xFEE0) for code in range(0xFF21, 0xFF3B)})
WIDTH_FOLD.update({code: chr(code - 0xFEE0) for code in range(0xFF41, 0xFF5B)})
WIDTH_FOLD.update({0x3000: " ", 0xFF0E: ".", 0xFF05: "%", 0x00A0: " "})
# any character WIDTH_FOLD changes: translate() looks every character up in the table, and
# most lines have nothing to fold, which one search tells
_FOLDABLE = re.compile("[" + re.escape("".join(map(chr, sorted(WIDTH_FOLD)))) + "]")


def fold_width(text: str) -> str:
    """``text.translate(WIDTH_FOLD)``, without the per-character look-ups when nothing folds."""
    return text.translate(WIDTH_FOLD) if _FOLDABLE.search(text) else text

HEADING_START = re.compile(
    r"""^(?:
        [一二三四五六七八九十]{1,3}\s*[、.．]          # 一、 section
      | [（(]\s*[一二三四五六七八九十]{1,3}\s*[）)]    # （一） subsection
      | \d{1,3}\s*[.．、](?!\d)                        # 1. / 1、 item (not 1.5)
      | [（(]\s*\d{1,3}\s*[）)]                        # （1） sub-item
      | [①-⑳]                                         # ① circled
      | 第[一二三四五六七八九十百]+[条章节部分]        # 第一条 / 第一部分
      | 附件 | 附表 | 抄送 | 主题词
    )""",
    re.VERBOSE,
)
PAGE_NUMBER = re.compile(r"^[\s\-－—―–]*\d{1,3}[\s\-－—―–]*$|^第\s*\d+\s*页(共\s*\d+\s*页)?$")
DATE_LINE = re.compile(
    r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$|^[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月"
    r"[一二三四五六七八九十]{1,3}日$"
)
DOC_NUMBER_LINE = re.compile(
    r"^[" + CJK_WIDE + r"]{1,12}[〔\[（(［【]\s*\d{4}\s*[〕\]）)］】]\s*第?\s*\d+\s*号$")
ORGAN_LINE = re.compile(
    r"^[" + CJK_WIDE + r"]{2,30}(?:人民政府办公室|人民政府办公厅|人民政府|办公室|办公厅|委员会|"
    r"领导小组|卫生健康委|卫健委|文件)$"
)
SENTENCE_END = "。！？；：!?;:"
# the word a plan's title ends with (……实施方案, ……意见（试行）): a line so ending is a title
PLAN_TITLE_ENDING = re.compile(
    r"(?:方案|意见|通知|办法|计划|规划|措施|细则|决定|要点|规定|纲要|"
    r"[（(](?:征求意见稿|试行|草案|送审稿|讨论稿)[）)])$"
)
# the longest text it matches (（征求意见稿）), and a line break $ may stand before: a search
# from that far before the end finds what a search of the whole line finds
PLAN_TITLE_ENDING_WIDTH = 7 + 1
STRAY_SPACE = re.compile(r"[ \t\u3000\u00a0]+")
# one of its characters: whether there is any (a pattern that opens with a repeat has no first
# character the regex engine can skip to, so the search is tried at every place)
STRAY_SPACE_CHAR = re.compile(r"[ \t\u3000\u00a0]")
# a space that separates two issuing bodies in a joint title is not stray:
# 《中共中央办公厅 国务院办公厅关于……》
JOINT_ISSUER = re.compile(r"(?:厅|中央|委|部|院)$")
JOINT_ISSUER_NEXT = re.compile(r"^(?:国务院|中共|中央|[" + CJK_WIDE + r"]{1,10}?人民政府)")
JOINT_ISSUER_WIDTH, JOINT_ISSUER_NEXT_WIDTH = 2, 14  # the longest text each can match
REPLACEMENT_ONLY = re.compile(r"^[\s\ufffd\x0c]*$")


def split_lines(text: str) -> list[tuple[int, str]]:
    """(offset, line without its end-of-line) for every line of the decoded text."""
    if "\r" not in text:   # the usual case: one split, offsets counted on
        lines, offset = [], 0
        for line in text.split("\n"):
            lines.append((offset, line))
            offset += len(line) + 1
        if lines[-1][1] == "":   # the text ends with a line break (or is empty)
            lines.pop()
        return lines
    lines = []
    for match in re.finditer(r"[^\r\n]*(?:\r\n|\r|\n|$)", text):
        raw = match.group()
        if not raw and match.start() == len(text):
            break
        lines.append((match.start(), raw.rstrip("\r\n")))
    return lines


def clean(piece: MappedStr) -> MappedStr:
    """Fold widths and remove stray spaces inside one line or paragraph."""
    if _FOLDABLE.search(piece.text):
        piece = piece.replace_chars(WIDTH_FOLD)
    piece = piece.strip(" \t\u3000\u00a0\ufeff")
    if not STRAY_SPACE_CHAR.search(piece.text):
        return piece
    pieces: list[MappedStr] = []
    position = 0
    text = piece.text
    for match in STRAY_SPACE.finditer(text):
        # only a few characters either side decide; slicing the whole paragraph before and
        # after every space made a long line of spaced words quadratic
        before = text[max(0, match.start() - JOINT_ISSUER_WIDTH): match.start()]
        after = text[match.end(): match.end() + JOINT_ISSUER_NEXT_WIDTH]
        keep = (
            before[-1:].isascii() and before[-1:].isalnum()
            and after[:1].isascii() and after[:1].isalnum()
        ) or (JOINT_ISSUER.search(before) and JOINT_ISSUER_NEXT.match(after))
        pieces.append(piece[position:match.start()])
        if keep:
            pieces.append(piece[match.start():match.start() + 1].replace_chars({9: " "}))
        position = match.end()
    pieces.append(piece[position:])
    return concat(pieces)


def is_standalone(line: str, wrap_width: int) -> bool:
    """Lines that are never joined to the next one: dates, doc numbers, organs, short headings."""
    if DATE_LINE.match(line) or DOC_NUMBER_LINE.match(line) or ORGAN_LINE.match(line):
        return True
    if line[:1] in "（(" and line[-1:] in "）)" and line.count("（") + line.count("(") == 1:
        return True  # （此件公开发布）, （区卫生健康委负责） on a line of its own
    if HEADING_START.match(line) and not any(ch in line for ch in "。；"):
        return len(line) < wrap_width - 2  # a short heading line, not a wrapped one
    return bool(PLAN_TITLE_ENDING.search(line, max(0, len(line) - PLAN_TITLE_ENDING_WIDTH))) \
        and not any(ch in line for ch in "，。；：,")


def should_join(previous: str, following: str, wrap_width: int) -> bool:
    """Whether a line break between two text lines falls inside a sentence."""
    if not previous or not following:
        return False
    if previous[-1] in SENTENCE_END:   # the cheapest test first: each test here only says no
        return False
    if is_standalone(previous, wrap_width) or HEADING_START.match(following):
        return False
    if DATE_LINE.match(following) or DOC_NUMBER_LINE.match(following):
        return False
    return not (ORGAN_LINE.match(following) and previous[-1] in "）)")


def estimate_wrap_width(lines: list[str]) -> int:
    """Most common length of long lines: PDF text wraps at a fixed width (about 26 in seed 002)."""
    lengths = Counter(len(line) for line in lines if len(line) >= 15)
    if not lengths:
        return 10_000
    width, count = lengths.most_common(1)[0]
    # wrapped text repeats its width; plans with one paragraph a line do not
    return width if count >= 5 and count >= len(lines) * 0.1 else 10_000


def normalise(text: str) -> list[Para]:
    """Decoded text -> paragraphs and table cells, each mapped back to ``text``."""
    raw_lines = split_lines(text)
    # folded as one text (one search, most texts have nothing to fold), then cut into its
    # lines: folding maps each character to one character and never to a line break
    whole = fold_width(text)
    folded = [line for _, line in raw_lines] if whole is text else \
        [whole[offset:offset + len(line)] for offset, line in raw_lines]
    stripped = [line.strip() for line in folded]
    wrap_width = estimate_wrap_width(stripped)
    paras: list[Para] = []
    pending: list[MappedStr] = []
    pending_line = 0
    pending_tail = ""
    tables = {table.start: table for table in find_text_tables(
        [offset for offset, _ in raw_lines], [line for _, line in raw_lines], folded, stripped,
        clean)}
    skip_to = 0

    def flush() -> None:
        nonlocal pending, pending_tail
        if pending:
            paras.append(Para("text", clean(concat(pending)), pending_line))
        pending, pending_tail = [], ""

    for number, ((offset, line), plain) in enumerate(zip(raw_lines, stripped, strict=True), 1):
        if number <= skip_to:
            continue
        if number - 1 in tables:
            # a table written without tabs: its lines are cells, never prose to join
            flush()
            table = tables[number - 1]
            paras.extend(_table_paras(table))
            skip_to = table.end
            continue
        if line.startswith("\t") or ("\t" in line and "\t" in line.strip()
                                      and not line.startswith(" ")):
            flush()
            if not line.strip():
                paras.append(Para("cell", MappedStr.empty(offset + len(line)), number))
                continue
            # the line stripped, mapped to where its text starts
            raw_cell = MappedStr(line.strip(), [0], [offset + len(line) - len(line.lstrip())])
            pieces, start = [], 0
            for cell_text in raw_cell.text.split("\t"):  # one row a line: keep the tabs
                pieces.append(clean(raw_cell[start:start + len(cell_text)]))
                start += len(cell_text) + 1
            paras.append(Para("cell", concat(pieces, "\t"), number))
            continue
        if REPLACEMENT_ONLY.match(line) or PAGE_NUMBER.match(plain):
            if not plain and paras and paras[-1].kind == "cell":
                paras.append(Para("break", MappedStr.empty(offset), number))
            continue
        # the folded line stripped (as ``plain`` is), mapped to where its text starts
        piece = MappedStr(plain, [0], [offset + len(folded[number - 1])
                                       - len(folded[number - 1].lstrip())])
        if pending and should_join(pending_tail, plain, wrap_width):
            pending.append(piece)
            pending_tail = plain if len(plain) > 40 else (pending_tail + plain)[-200:]
            continue
        flush()
        pending, pending_line, pending_tail = [piece], number, plain
    flush()
    return paras


def _table_paras(table: TextTable) -> list[Para]:
    """The header and rows of a table written without tabs, one "cell" paragraph each."""
    return [Para("cell", concat(row.cells, "\t"), row.line, row)
            for row in [table.header, *table.rows]]
