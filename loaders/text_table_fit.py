"""How well a cell's text fits a column (``fit``), and the best assignment of one row's
lines to the columns (``align``, a small dynamic programme).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .mapped import MappedStr, concat
from .text import CJK_UNIFIED, chinese_number
from .text_table_lines import Cleaner

CN_NUMBER = "[一二三四五六七八九十]{1,3}"
HEADING = re.compile(rf"^(?:[（(]{CN_NUMBER}[）)]|{CN_NUMBER}[、.．]|\d{{1,3}}[.．、](?!\d))")
CATEGORY = re.compile(rf"^(?:{CN_NUMBER}[、.．]|[（(]{CN_NUMBER}[）)])[^。；，,;]{{1,20}}$")
LONE_NUMBER = re.compile(r"^\d{1,3}$")
NUMBER_LIKE = re.compile(
    r"^(?:[<>≤≥≈＞＜约]?\s*-?\d+(?:\.\d+)?\s*(?:%|‰|万|个|张|人|岁|元|家|所|项)?"
    r"(?:以上|以下|左右)?|[—\-－/／]+|\d+(?:\.\d+)?\s*[:∶]\s*\d+(?:\.\d+)?|[≥≤]?\d+(?:\.\d+)?[-~～]"
    r"\d+(?:\.\d+)?%?)$")
MEASURE = re.compile(r"^(?:%|‰|[个张人次床家所项台元岁天年分钟小时万亿千百名支级类]+|"
                     r"万人|万元|亿元|人/万人|张/千人|人/千人|元/人|[A-Za-z]+)$")
ATTRIBUTE = re.compile(r"^(?:预期性|约束性|指导性)$")
UNIT_CELL = re.compile(r"(?:委|局|办|院|政府|中心|厅|部|会|组|处|科|所|站|公司|集团|单位|部门|"
                       r"医共体|医联体|共同体|联合体|"
                       r"各区|各县|各市|[区县市州]）|[区县市州]\))(?:[（(][^（）()]{1,6}[）)])?$")
DEADLINE = re.compile(r"^(?:\d{4}\s*年.{0,14}|.{0,12}(?:前|底|起|年度)|持续推进|长期坚持|持续实施|"
                      r"长期|持续|每年.{0,8}|每季度.{0,8}|每月.{0,8}|20\d\d.{0,10})$")


# a measure's number glued after text (推进健康社区建设3.到2025年…, 卫生整治1.建设…): the end
# of one cell and the start of the next joined, never one cell (quirk of wrapped PDF copies)
GLUED_NUMBER = re.compile(rf"[{CJK_UNIFIED}]\d{{1,3}}[.．、](?=[{CJK_UNIFIED}])")
INNER_STOP = re.compile(r"[，。；;,]")
UNIT_PLACE = re.compile(r"^(?:各|省|市|县|区|州|盟|旗|乡|镇|街道|国家|自治区|"
                        rf"[{CJK_UNIFIED}]{{1,6}}(?:省|市|县|区|州)(?!级))")
CONTINUATION = re.compile(r"^[、，。；;,:：）)]")
SHORT_LINE = 0.8   # a wrapped cell's line shorter than this share of its longest is no wrap
UNIT_ITEM = re.compile(r"^[^，。；;,：:（）()]{2,24}$")


def _unit_tail(text: str) -> bool:
    """A measure followed by a unit name (…开放。县卫生健康局、县住房和城乡建; …管理。市卫生健康委):
    the measure cell and the (first line of the) unit cell joined, never one cell."""
    cut = max(text.rfind("。"), text.rfind("；"))
    if cut < 0 or cut == len(text) - 1:
        return False
    tail = text[cut + 1:]
    first = re.split(r"[、，,]", tail)[0]
    if UNIT_ITEM.match(first) and UNIT_CELL.search(first):
        return True
    # …检查。市住房和城乡建设: a unit name cut by the wrap, no sentence (no closing 。)
    return len(tail) <= 30 and not re.search(r"[，。；;,：:]", tail) \
        and bool(UNIT_PLACE.match(first)) and len(first) <= 14


def _glued_units(before: str, after: str) -> bool:
    """A line ending in a whole unit name, the next beginning another of the same level with
    no 、 between (市卫生健康委 / 市人力资源社会保…): two unit cells, never one cell wrapped
    (市委组织部、市委 / 编办 is one)."""
    return bool(before and after and UNIT_CELL.search(before) and (
        after[0] == before[0] or after.startswith("各")) and not before.endswith(("、", "，")))


# a label's number: 1. / 12、 / （三） / 二十、 (one to ninety-nine as labels write them)
LABEL_NUMBER = re.compile(r"^[（(]?([一二三四五六七八九十]{1,3}|\d{1,3})[）)、.．]")
LABEL_NUMERAL = re.compile(r"[一二三四五六七八九]?十[一二三四五六七八九]?|[一二三四五六七八九]")


def label_number(text: str) -> int | None:
    """The number of a task cell's label (（十二） -> 12, 3. -> 3), None without one.

    A Chinese numeral is read by loaders/text.py ``chinese_number`` when it is written as a
    label's number is (一 to 九十九); any other run of numeral characters (二二, 十十) is no
    number."""
    found = LABEL_NUMBER.match(text)
    if not found:
        return None
    written = found.group(1)
    if written.isdigit():
        return int(written)
    return chinese_number(written) if LABEL_NUMERAL.fullmatch(written) else None


def label_style(text: str) -> str:
    """How a task cell is labelled: （一） / 一、 / 1. / none (a title only)."""
    if re.match(r"^[（(][一二三四五六七八九十]", text):
        return "cn-paren"
    if re.match(r"^[一二三四五六七八九十]{1,3}[、.．]", text):
        return "cn"
    if re.match(r"^\d{1,3}[.．、](?!\d)", text):
        return "arabic"
    return "plain"


def fit(text: str, kind: str) -> float:
    """How well one cell's text fits a column of ``kind`` (positive: fits; negative: does not).

    ``text`` is the whole cell, its wrapped lines joined: a unit cell broken inside a name
    (县住房和城乡建 / 设局) fits only when joined."""
    if not text:
        return 0.0
    if kind in ("task", "category", "text", "name") and GLUED_NUMBER.search(text):
        return -2.5
    if CONTINUATION.match(text):
        return -2.5   # 、心电诊断… / 、市科技局: the rest of the cell above, never a cell
    unit = bool(UNIT_CELL.search(text)) and "。" not in text and len(text) <= 80
    deadline = bool(DEADLINE.match(text)) and "。" not in text
    number = bool(NUMBER_LIKE.match(text))
    if kind == "number":
        return 3.0 if LONE_NUMBER.match(text) else -4.0
    if kind in ("task", "category"):
        heading = HEADING.match(text)
        # a title is a phrase: a comma before its first full stop makes it a measure's
        # sentence (2.到2025年，每个乡镇卫生…); a numbered title may go on with sentences
        # (（一）加强病媒生物防制。开展…), a title without a number is the whole cell
        title = re.split(r"[。；;]", text, maxsplit=1)[0]
        comma = bool(re.search(r"[，,]", title))
        if heading:
            return -1.0 if comma else 2.0
        # a title may end as a unit does (组建医共体管理委员会, 建设资源共享中心); a unit cell
        # names its place (市… 县… 各…) or lists several
        named = unit and (bool(UNIT_PLACE.match(text)) or "、" in text)
        if named or deadline or number:
            return -2.0
        inner = comma or bool(INNER_STOP.search(text.rstrip("。；;")))
        return -0.5 if inner else 1.0 if len(text) <= 30 else 0.5
    if kind == "unit":
        if unit and len(re.split(r"[、，,]", text)[0]) <= 2 and not text.startswith("各"):
            return -1.5   # 局 / 设局 / 厅: the end of a unit name cut by the wrap
        return 3.0 if unit else -3.0 if number else -2.0 if deadline or "。" in text else -0.5
    if kind == "deadline":
        return 3.0 if deadline else -2.0 if unit else -1.0
    if kind == "name":
        return -2.0 if number or unit else 1.5
    if kind == "measure":
        return 2.5 if MEASURE.match(text) else -2.0
    if kind == "value":
        return 3.0 if number else -3.0 if unit or ATTRIBUTE.match(text) else -0.5
    if kind == "attribute":
        return 4.0 if ATTRIBUTE.match(text) else -2.0
    if kind == "other":
        return 0.2
    if unit or deadline or LONE_NUMBER.match(text) or _unit_tail(text):
        return -1.5
    return 1.5 if len(text) >= 12 else 1.0


def _missing(kind: str) -> float:
    """The cost of a column that gets no line: spanning and often-empty columns cost nothing."""
    return 0.0 if kind in ("task", "category", "other") else -1.0


def _extra_line(kind: str) -> float:
    """The cost of one more line in a column: text wraps, a number or a date does not."""
    return -0.3 if kind in ("text", "task", "name", "unit", "category", "other") else -3.0


MAX_CELL_WIDTH = 1 << 30
JOIN_LINES = 12   # a cell of up to this many lines is scored joined; a longer one line by line


def align(cells: list[MappedStr], kinds: list[str],
          adjust: Callable[[str, str, int], float] | None = None
          ) -> tuple[list[list[MappedStr]], float]:
    """Cells of one row (in order) -> the lines each column gets, best by ``fit``.

    A row may lack its spanning task cell (written on the first of its rows only), have an
    empty line for an empty cell, or have a long cell broken over lines; the columns keep
    their order, so a dynamic programme over (cells used, columns filled) finds the best
    assignment in O(cells x columns x MAX_ROW_LINES). The lines a column gets are scored
    joined (a cell wrapped over lines is one cell: 县卫生健康局、县住房和城乡建 / 设局), up to
    JOIN_LINES; ``adjust`` adds what the table read so far says of a cell (its task labels'
    style and number, its column's width) from its text and its longest line."""
    count, width = len(cells), len(kinds)
    scores = [fit(c.text, kind) for c in cells for kind in kinds]
    neg = float("-inf")
    best = [[neg] * (width + 1) for _ in range(count + 1)]
    back = [[0] * (width + 1) for _ in range(count + 1)]
    best[0][0] = 0.0
    for column, kind in enumerate(kinds):
        for used in range(count + 1):
            if best[used][column] == neg:
                continue
            total = best[used][column] + _missing(kind)
            if total > best[used][column + 1]:
                best[used][column + 1], back[used][column + 1] = total, used
            lines, joined, penalty = 0.0, "", 0.0
            longest, shortest = 0, MAX_CELL_WIDTH   # of all its lines; of all but the last
            for end in range(used + 1, count + 1):
                lines += scores[(end - 1) * width + column]
                piece = cells[end - 1].text.strip()
                joined += piece
                if end > used + 1:
                    penalty += _extra_line(kind) - (2.0 if not piece else 0.0)
                    shortest = min(shortest, len(cells[end - 2].text.strip()))
                    if kind == "unit" and _glued_units(cells[end - 2].text.strip(), piece):
                        penalty -= 2.0
                longest = max(longest, len(piece))
                if end - used <= JOIN_LINES:
                    score = fit(joined, kind) if end > used + 1 else scores[
                        (end - 1) * width + column]
                    if adjust is not None:
                        score += adjust(joined, kind, longest)
                else:
                    score = lines
                # a PDF wraps a cell where its line is full: a short line followed by a
                # longer one in the same cell is the end of another cell (化建设 / 对医共体…)
                wrap = -1.0 if shortest < SHORT_LINE * longest else 0.0
                total = best[used][column] + score + penalty + wrap
                if total > best[end][column + 1]:
                    best[end][column + 1], back[end][column + 1] = total, used
    columns: list[list[MappedStr]] = [[] for _ in kinds]
    used = count
    for column in range(width, 0, -1):
        start = back[used][column]
        columns[column - 1] = cells[start:used]
        used = start
    return columns, best[count][width]


def _join(pieces: list[MappedStr], clean: Cleaner, at: int) -> MappedStr:
    """The lines of one cell as one cell (a line break inside a cell is no character)."""
    filled = [clean(piece) for piece in pieces if piece.text.strip()]
    return concat(filled) if filled else MappedStr.empty(at)
