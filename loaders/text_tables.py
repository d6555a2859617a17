"""Tables written as plain text without tabs, found from their header and rebuilt into rows.

Two layouts reach us that the tab convention of loaders/tables.py does not cover:

* copied from PDF, one cell a line: a header of words (序号 / 重点任务 / 具体措施 / 牵头单位 …)
  one a line, rows separated by blank lines or not at all, the 序号 cell alone on a line, a
  spanning 重点任务 cell written only on the first of its rows, an empty cell written as an
  empty line, the header printed again after a page break;
* ``pdftotext -layout``: cells aligned in columns by runs of spaces, a long cell wrapped over
  several physical lines, its continuation lines aligned under its column.

Both are rebuilt into ``Row`` objects whose cells are ``MappedStr`` slices of the decoded text
(evidence spans stay exact); loaders/normalize.py emits them as "cell" paragraphs and
loaders/tables.py reads them with the same row logic as the tab tables. Every step walks the
lines once; a row is aligned to the columns by a small dynamic programme bounded by
MAX_ROW_LINES and the header width, so the whole is linear in the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .mapped import MappedStr, concat
from .text import CJK_UNIFIED

HEADER_WORDS = re.compile(
    r"^(?:序号|编号|重点任务|主要任务|工作任务|任务|具体任务|任务分工|工作内容|主要内容|具体措施|"
    r"具体内容|任务内容|工作措施|主要措施|重点工作|目标任务|工作目标|工作要求|主要举措|"
    r"保障措施|牵头单位|牵头部门|责任单位|责任部门|配合单位|配合部门|参与单位|协同单位|"
    r"牵头领导|责任领导|完成时限|完成时间|时间节点|时限|时间安排|进度安排|进展情况|工作进展|"
    r"备注|一级指标|二级指标|三级指标|指标名称|指标|指标属性|属性|单位|计量单位|类别|领域|"
    r"\d{4}年(?:现值|现状值?|目标值?|基[期数]值?|预期值?)|现值|现状值?|目标值|基期值|基线值|"
    r"(?:现值|现状值?|基[期数]值?|基线值?|目标值?|预期值?)[（(]\d{4}年?[）)])$"
)
UNIT_OR_INDICATOR_HEADER = re.compile(r"牵头|责任|配合|参与|协同|指标")

MAX_ROW_LINES = 40        # a row longer than this is not a row: the table ended before it
SEARCH_WINDOW = 12        # lines after a header searched for the first row
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
HARD_STOP = re.compile(r"^(?:附件|附表)\s*(?:\d{1,2}|[：:]|$)|^抄送[：:]|^主题词|"
                       r".{2,40}\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印发$")
PAGE_MARK = re.compile(r"^[\-－—―–]+\s*\d{1,3}\s*[\-－—―–]+$|^第\s*\d+\s*页(?:共\s*\d+\s*页)?$|"
                       r"^[\x0c\s]*$")
FRAGMENT = re.compile(r"\S+(?: \S+)*")   # a run of text; two or more spaces end it

Cleaner = Callable[[MappedStr], MappedStr]


@dataclass
class Row:
    """One table row: its cells in header order, and cells the layout implies without a
    column (the category row 一、服务能力 above an indicator's row: ``extra["category"]``)."""

    cells: list[MappedStr]
    line: int
    extra: dict[str, MappedStr] = field(default_factory=dict)


@dataclass
class TextTable:
    """A table found in lines[start:end]; ``header`` is its header row (first of ``rows``)."""

    start: int
    end: int
    header: Row
    rows: list[Row]


@dataclass
class _Lines:
    """The decoded text's lines: offset, raw line, width-folded line (same length), stripped."""

    offsets: list[int]
    raw: list[str]
    folded: list[str]
    plain: list[str]

    def piece(self, index: int, start: int, end: int) -> MappedStr:
        return MappedStr.from_source(self.raw[index][start:end], self.offsets[index] + start)

    def whole(self, index: int) -> MappedStr:
        raw = self.raw[index]
        left = len(raw) - len(raw.lstrip())
        return self.piece(index, left, len(raw.rstrip()))


def squeeze(text: str) -> str:
    return re.sub(r"\s", "", text)


def is_header_word(text: str) -> bool:
    return bool(HEADER_WORDS.match(squeeze(text)))


def header_ok(words: list[str]) -> bool:
    """Mostly header words, and at least one column that names units or indicators (the rule
    loaders/tables.py applies to a tab header row)."""
    filled = [squeeze(word) for word in words if word.strip()]
    known = sum(1 for text in filled if HEADER_WORDS.match(text))
    return (len(filled) >= 3 and known >= 0.75 * len(filled)
            and any(UNIT_OR_INDICATOR_HEADER.search(text) for text in filled))


def column_type(name: str) -> str:
    """What a column holds, from its header word: decides which cell lines fit it."""
    name = squeeze(name)
    kinds = (
        (r"^(?:序号|编号)$", "number"),
        (r"^(?:重点任务|主要任务|工作任务|任务|保障措施|重点工作|目标任务)$", "task"),
        (r"^(?:一级指标|类别|领域)$", "category"),
        (r"牵头|责任|配合|参与|协同", "unit"),
        (r"时限|时间|节点|进度", "deadline"),
        (r"^(?:二级指标|三级指标|指标名称|指标)$", "name"),
        (r"^(?:单位|计量单位)$", "measure"),
        (r"现值|现状|目标|基[期数线]|预期", "value"),
        (r"属性", "attribute"),
        (r"^(?:备注|进展情况|工作进展)$", "other"),
    )
    for pattern, kind in kinds:
        if re.search(pattern, name):
            return kind
    return "text"


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


CN_DIGITS = {c: i for i, c in enumerate("一二三四五六七八九", 1)}


def label_number(text: str) -> int | None:
    """The number of a task cell's label (（十二） -> 12, 3. -> 3), None without one."""
    found = re.match(r"^[（(]?([一二三四五六七八九十]{1,3}|\d{1,3})[）)、.．]", text)
    if not found:
        return None
    written = found.group(1)
    if written.isdigit():
        return int(written)
    tens, _, ones = written.rpartition("十")
    if "十" not in written:
        return CN_DIGITS.get(written) if len(written) == 1 else None
    return (CN_DIGITS.get(tens, 0) if tens else 1) * 10 + (CN_DIGITS.get(ones, 0) if ones else 0)


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


class _Reader:
    """Shared state of one table being read: its columns, the number the next row must carry,
    the category row above, and the rows read so far."""

    def __init__(self, lines: _Lines, header: list[str], first: int, clean: Cleaner):
        self.lines, self.clean, self.first = lines, clean, first
        self.names = [squeeze(word) for word in header]
        self.kinds = [column_type(name) for name in self.names]
        if self.kinds.count("task") > 1:  # 重点任务 then 工作任务: the second holds the measures
            second = self.kinds.index("task", self.kinds.index("task") + 1)
            self.kinds[second] = "text"
        self.has_number = "number" in self.kinds
        self.indicator = "name" in self.kinds
        self.expected: int | None = None
        self.category: MappedStr | None = None
        self.task_style: str | None = None
        self.task_number: int | None = None
        self.task_width: int | None = None   # characters a task column's line holds, if seen
        self.rows: list[Row] = []

    def is_category(self, text: str) -> bool:
        """一、服务能力 on a row of its own: a spanning category row (quirk of indicator tables
        and of task tables grouped by section); （一） only in indicator tables, where it is no
        task label."""
        if not CATEGORY.match(text):
            return False
        return self.indicator or not text.startswith(("（", "("))

    def starts_row(self, text: str, cells: list[MappedStr] | None = None) -> bool:
        """A lone number that is the next row's number: one more than the 序号 of the row
        being read (``cells``) or of the last row kept; the first row's is 1 to 3."""
        if not LONE_NUMBER.match(text):
            return False
        if cells and LONE_NUMBER.match(cells[0].text):
            return int(text) == int(cells[0].text) + 1
        return int(text) == self.expected if self.expected is not None else int(text) <= 3

    def accept(self, cells: list[MappedStr], line: int, at: int) -> bool:
        """Align a candidate row of lines and keep it when it reads as a row of this table."""
        columns, score = align(cells, self.kinds, self.adjust)
        kept = score >= 0 and self.keep([_join(pieces, self.clean, at) for pieces in columns],
                                        line)
        if kept and "task" in self.kinds:
            pieces = columns[self.kinds.index("task")]
            if len(pieces) >= 2:   # a wrapped task cell shows the column's width
                width = max(len(piece.text.strip()) for piece in pieces[:-1])
                self.task_width = max(self.task_width or 0, width)
        return kept

    def adjust(self, text: str, kind: str, longest: int = 0) -> float:
        """A task cell labelled otherwise than the table's first (（一） in the task column,
        1. in the measures column; or titles without a number), numbered other than the next
        task, or with a line wider than the task column's wrapped lines showed it to be (a
        PDF copy wraps a cell at its column's width): not the task cell but a measure that
        begins a row whose task cell spans from above."""
        if kind != "task" or self.task_style is None or not text:
            return 0.0
        if self.task_width is not None and longest > self.task_width + 2:
            return -3.0   # wider than the task column's lines: a measure's line
        style = label_style(text)
        if style != self.task_style and not (self.task_style == "plain"
                                             and style in ("cn-paren", "cn")):
            # titles without a number beside one numbered （二）: a task cell still; a
            # measure numbered 7. is not
            return -3.0
        number = label_number(text)
        if number is not None and self.task_number is not None \
                and number not in (self.task_number, self.task_number + 1):
            return -3.0   # 2.加强… then 5.建立…: a measure numbered as its row, not task 3
        return 0.0

    def keep(self, row: list[MappedStr], line: int) -> bool:
        """Keep a row whose cells are placed when it reads as a row of this table: two cells
        or more, one of them a number, unit, date or value that fits its column, and the
        next 序号 when the table has a 序号 column."""
        filled = [cell for cell in row if cell.text]
        typed = sum(1 for cell, kind in zip(row, self.kinds, strict=True)
                    if cell.text and kind not in ("text", "task", "name", "other", "category")
                    and fit(cell.text, kind) > 0)
        if len(filled) < 2 or typed == 0:
            return False
        if self.has_number:
            number = row[self.kinds.index("number")].text
            if not LONE_NUMBER.match(number) or (self.expected is not None
                                                 and int(number) != self.expected):
                return False
            self.expected = int(number) + 1
        extra = {"category": self.category} if self.category is not None else {}
        self.rows.append(Row(row, line, extra))
        task = row[self.kinds.index("task")].text if "task" in self.kinds else ""
        if task:
            self.task_style = self.task_style or label_style(task)
            self.task_number = label_number(task)
        return True

    def set_category(self, index: int) -> None:
        """The category for the rows below, without its 一、 (as a category column writes it)."""
        text = self.clean(self.lines.whole(index))
        marker = HEADING.match(text.text)
        self.category = text[marker.end():].strip() if marker else text


def _header_run(lines: _Lines, index: int) -> int:
    """Length of the run of header-word lines starting at ``index`` (0 when none)."""
    end = index
    while end < len(lines.plain) and lines.plain[end] and is_header_word(lines.plain[end]) \
            and "\t" not in lines.raw[end]:
        end += 1
    return end - index


def _page_mark(lines: _Lines, index: int) -> bool:
    return bool(PAGE_MARK.match(lines.plain[index])) and bool(lines.plain[index].strip("\x0c "))


def read_cell_lines(lines: _Lines, start: int, width: int, clean: Cleaner) -> TextTable:
    """A header of ``width`` lines at ``start``, one cell a line below it (copied from PDF).

    Lines are gathered into a row until ``_row_ends``; a row that does not read as a row of
    the table (``_Reader.accept``) ends the table before it, so prose after a table stays
    prose."""
    header = [lines.plain[i] for i in range(start, start + width)]
    reader = _Reader(lines, header, start, clean)
    need = width - sum(1 for kind in reader.kinds if kind in ("task", "category"))
    cells: list[MappedStr] = []
    row_line = row_end = end = start + width
    blanks = 0
    index = start + width
    while index < len(lines.plain):
        text = lines.plain[index]
        if "\t" in lines.raw[index] or HARD_STOP.match(text):
            break
        if not text or _page_mark(lines, index):
            blanks += not text
            index += 1
            continue
        run = _header_run(lines, index)
        if run:
            if [lines.plain[i] for i in range(index, index + run)] != header:
                break  # another table's header: that table starts here
            index += run  # quirk: the header printed again after a page break
            blanks = 0
            continue
        if cells and not _row_ends(reader, cells, text, blanks, need, width):
            # an empty line inside a row is an empty cell (quirk of PDF copies)
            cells.extend(MappedStr.empty(lines.offsets[index]) for _ in range(blanks))
        else:
            if cells:
                if not reader.accept(cells, row_line, lines.offsets[index]):
                    break
                end, cells = row_end, []
            if reader.is_category(text):
                reader.set_category(index)
                index, blanks = index + 1, 0
                continue
            if reader.has_number and not reader.starts_row(text):
                break
            row_line = index + 1
        blanks = 0
        cells.append(lines.whole(index))
        row_end = index + 1
        if len(cells) > MAX_ROW_LINES:
            cells = []
            break
        index += 1
    if cells and reader.accept(cells, row_line, lines.offsets[row_end - 1]):
        end = row_end
    header_row = Row([clean(lines.whole(i)) for i in range(start, start + width)], start + 1)
    return TextTable(start, end if reader.rows else start + width, header_row, reader.rows)


def _row_ends(reader: _Reader, cells: list[MappedStr], text: str, blanks: int, need: int,
              width: int) -> bool:
    """Whether the line ``text`` begins a new row after ``cells`` of the current one."""
    if blanks and reader.is_category(text) and len(cells) >= max(2, need - 2):
        return True  # 二、数据共享 after a row: a category row of its own
    if len(cells) >= width and HEADING.match(text):
        return True  # a full row, then 二、重点任务: the table has ended (or a category row)
    if reader.has_number:
        # the 序号 cell alone on a line starts a row; a value cell of the same number does not,
        # so the row must already hold most of its cells
        return reader.starts_row(text, cells) and len(cells) >= max(2, need - 2)
    if blanks and len(cells) >= need:
        return True
    if not blanks and len(cells) >= width:
        return True  # no blank lines between rows: the header's column count ends a row
    last = reader.kinds[-1]
    return len(cells) >= need - 1 and fit(cells[-1].text, last) >= 2.5 and (
        blanks > 0 or len(cells) >= need)


def _fragments(folded: str) -> list[tuple[int, int]]:
    """(start, end) of each run of text in a line; two or more spaces end a run."""
    return [match.span() for match in FRAGMENT.finditer(folded)]


def aligned_header(folded: str) -> bool:
    """One line with three or more header words separated by runs of spaces (pdftotext)."""
    if "\t" in folded or "  " not in folded.strip():
        return False
    return header_ok([folded[a:b] for a, b in _fragments(folded)])


YEAR_NOTE = re.compile(r"^[（(]\d{4}年?[）)]$|^\d{4}年$")


def read_aligned(lines: _Lines, start: int, clean: Cleaner) -> TextTable:
    """A header line at ``start`` with its words aligned over columns (pdftotext -layout):
    the column bounds from the gutters of the table (positions blank on every line), the
    rows by blank lines or by the 序号 cell, a wrapped cell's lines joined in its column."""
    spans = _fragments(lines.folded[start])
    names = [lines.folded[start][a:b] for a, b in spans]
    header = [[lines.piece(start, a, b)] for a, b in spans]
    head_end = start + 1
    note = _fragments(lines.folded[head_end]) if head_end < len(lines.folded) else []
    if note and all(YEAR_NOTE.match(lines.folded[head_end][a:b]) for a, b in note):
        # quirk: 现状 / 目标 with their year wrapped onto a second header line
        for a, b in note:
            column = min(range(len(spans)), key=lambda j: abs(spans[j][0] + spans[j][1] - a - b))
            names[column] += lines.folded[head_end][a:b]
            header[column].append(lines.piece(head_end, a, b))
        head_end += 1
    reader = _Reader(lines, names, start, clean)
    extent = _aligned_extent(lines, head_end, spans, names)
    bounds = _bounds(lines, [start, *extent], spans)
    groups = _aligned_groups(lines, extent, bounds, reader)
    end = head_end
    for group in groups:
        if len(group) == 1 and reader.is_category(lines.plain[group[0]]) \
                and len(_fragments(lines.folded[group[0]])) == 1:
            reader.set_category(group[0])
            continue
        if not reader.keep(_aligned_cells(lines, group, bounds, clean), group[0] + 1):
            break
        end = group[-1] + 1
    return TextTable(start, end, Row([_join(cell, clean, 0) for cell in header], start + 1),
                     reader.rows)


def _aligned_extent(lines: _Lines, first: int, spans: list[tuple[int, int]],
                    names: list[str]) -> list[int]:
    """The lines below the header that can belong to the table (blank lines excluded): up
    to a hard stop, another header, or a line of prose wider than the column it starts in."""
    found: list[int] = []
    header_text = [squeeze(name) for name in names]
    for index in range(first, len(lines.plain)):
        text = lines.plain[index]
        if "\t" in lines.raw[index] or HARD_STOP.match(text):
            break
        if not text or _page_mark(lines, index):
            continue
        pieces = _fragments(lines.folded[index])
        if aligned_header(lines.folded[index]):
            if [squeeze(lines.folded[index][a:b]) for a, b in pieces] != header_text[:len(pieces)]:
                break
            continue  # quirk: the header printed again after a page break
        if len(pieces) == 1:
            a, b = pieces[0]
            column = max((j for j, span in enumerate(spans) if span[0] <= a + 2), default=0)
            room = spans[column + 1][0] - spans[column][0] if column + 1 < len(spans) else 40
            if b - a > max(12, 1.5 * room) and not CATEGORY.match(text):
                break  # prose after the table
        found.append(index)
    return found


def _bounds(lines: _Lines, indexes: list[int], spans: list[tuple[int, int]]) -> list[int]:
    """Start position of each column: the widest gutter (positions blank on nearly every line
    of the table) between two header words, else the middle of the gap between them."""
    width = max(len(lines.folded[i]) for i in indexes) + 1
    used = [0] * width
    for index in indexes:
        for a, b in _fragments(lines.folded[index]):
            for position in range(a, b):
                used[position] += 1
    allowed = len(indexes) // 20
    bounds = [0]
    for j in range(1, len(spans)):
        low, high = spans[j - 1][0] + 1, spans[j][1]
        best, run_start, best_run = None, None, 0
        for position in range(low, high + 1):
            empty = position < high and used[position] <= allowed
            if empty and run_start is None:
                run_start = position
            elif not empty and run_start is not None:
                if position - run_start > best_run:
                    best, best_run = position, position - run_start
                run_start = None
        bounds.append(best if best is not None else (spans[j - 1][1] + spans[j][0]) // 2)
    return bounds


def _column_of(position: int, bounds: list[int]) -> int:
    column = 0
    while column + 1 < len(bounds) and bounds[column + 1] <= position:
        column += 1
    return column


def _aligned_groups(lines: _Lines, extent: list[int], bounds: list[int],
                    reader: _Reader) -> list[list[int]]:
    """The table's lines grouped into rows: by blank lines when rows are separated by them,
    else a row starts at a line with the next 序号 (or, with no 序号 column, a numbered
    label in the first text column)."""
    if not extent:
        return []
    gaps = sum(1 for k in range(len(extent) - 1) if extent[k + 1] - extent[k] > 1 and not any(
        _page_mark(lines, i) for i in range(extent[k] + 1, extent[k + 1])))
    # one blank line in a table with a 序号 column is the table's end, not a row separator
    separated = gaps >= (2 if reader.has_number else 1)
    groups: list[list[int]] = []
    first_text = next((j for j, kind in enumerate(reader.kinds) if kind in ("task", "text")), 0)
    for position, index in enumerate(extent):
        pieces = _fragments(lines.folded[index])
        starts = {_column_of(a, bounds): lines.folded[index][a:b] for a, b in pieces}
        if separated:
            new = position == 0 or extent[position - 1] != index - 1
        elif reader.has_number:
            number = starts.get(reader.kinds.index("number"), "")
            new = bool(LONE_NUMBER.match(number))
        else:
            new = bool(HEADING.match(starts.get(first_text, "")))
        if len(pieces) == 1 and CATEGORY.match(lines.plain[index]) and reader.is_category(
                lines.plain[index]):
            new = True  # a category row of its own
        if new or not groups:
            groups.append([index])
        else:
            groups[-1].append(index)
        if len(groups[-1]) > MAX_ROW_LINES:
            break
    return groups


def _aligned_cells(lines: _Lines, group: list[int], bounds: list[int],
                   clean: Cleaner) -> list[MappedStr]:
    """One row's cells: each column's pieces, line by line, joined."""
    pieces: list[list[MappedStr]] = [[] for _ in bounds]
    for index in group:
        for a, b in _fragments(lines.folded[index]):
            pieces[_column_of(a, bounds)].append(lines.piece(index, a, b))
    at = lines.offsets[group[0]]
    return [_join(column, clean, at) for column in pieces]


def find_text_tables(offsets: list[int], raw: list[str], folded: list[str], plain: list[str],
                     clean: Cleaner) -> list[TextTable]:
    """Every table written without tabs, in order, each from its header: a run of three or
    more header-word lines (one cell a line) or one line of header words aligned by spaces."""
    lines = _Lines(offsets, raw, folded, plain)
    tables: list[TextTable] = []
    index = 0
    while index < len(plain):
        run = _header_run(lines, index)
        if run >= 3 and header_ok(plain[index:index + run]):
            table = read_cell_lines(lines, index, run, clean)
        elif run == 0 and plain[index] and aligned_header(folded[index]):
            table = read_aligned(lines, index, clean)
        else:
            index += max(run, 1)
            continue
        tables.append(table)
        index = max(table.end, index + 1)
    return tables
