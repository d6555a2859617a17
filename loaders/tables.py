"""Tables flattened into text: task-division tables (任务分工) and indicator tables (指标).

Word and PDF exports write a table one cell per line, each cell line starting with a tab and
a blank line between rows (seed 000), or one row per line with tabs between cells. A header
row (重点任务 / 任务分工 / 牵头单位 / 配合单位 / 完成时限 …) may appear again mid-table, which
starts a new table (seed 000's 保障措施 part).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .mapped import MappedStr, Span, concat, joined_span
from .normalize import Para
from .record import RecordWarning
from .text_tables import HEADER_WORDS, UNIT_OR_INDICATOR_HEADER, Row

__all__ = ["HEADER_WORDS", "UNIT_OR_INDICATOR_HEADER", "Row", "Table", "cell", "find_tables",
           "table_warnings", "undouble"]



@dataclass
class Table:
    header: list[str]
    rows: list[Row] = field(default_factory=list)
    kind: str = "other"   # task-division | indicator | other
    columns: dict[str, int] = field(default_factory=dict)
    line: int = 0
    span: Span | None = None   # the header row's (where a table-not-read warning points)


def group_rows(paras: list[Para]) -> list[Row]:
    """Cell paragraphs -> rows: a blank line ends a row; a cell with tabs inside is a row."""
    rows: list[Row] = []
    current: list[MappedStr] = []
    line = 0
    for para in paras:
        if para.row is not None:  # a row of a table written without tabs, already placed
            if current:
                rows.append(Row(current, line))
                current = []
            rows.append(para.row)
            continue
        if para.kind == "cell" and "\t" in para.text.text:
            if current:
                rows.append(Row(current, line))
                current = []
            rows.append(Row(_split_tabs(para.text), para.line))
            continue
        if para.kind == "cell":
            if not current:
                line = para.line
            current.append(para.text)
            continue
        if current:
            rows.append(Row(current, line))
            current = []
    if current:
        rows.append(Row(current, line))
    return rows


def _split_tabs(text: MappedStr) -> list[MappedStr]:
    cells, start = [], 0
    for index, char in enumerate(text.text):
        if char == "\t":
            cells.append(text[start:index].strip())
            start = index + 1
    cells.append(text[start:].strip())
    return cells


_SPACE = re.compile(r"\s")


def is_header(row: Row) -> bool:
    """Mostly header words, and at least one column that names units or indicators."""
    filled = [_SPACE.sub("", cell.text) for cell in row.cells if cell.text]
    known = sum(1 for text in filled if HEADER_WORDS.match(text))
    return (len(filled) >= 3 and known >= 0.75 * len(filled)
            and any(UNIT_OR_INDICATOR_HEADER.search(text) for text in filled))


def find_tables(paras: list[Para]) -> list[Table]:
    """Tables in the order they appear; rows before any header row are dropped."""
    tables: list[Table] = []
    for row in group_rows(paras):
        if is_header(row):
            filled = [cell for cell in row.cells if len(cell)]
            table = Table([cell.text for cell in row.cells], line=row.line,
                          span=joined_span(filled) if filled else None)
            _classify(table)
            tables.append(table)
        elif tables:
            tables[-1].rows.append(_fit(row, len(tables[-1].header), tables[-1]))
    return tables


def _classify(table: Table) -> None:
    columns: dict[str, int] = {}
    for index, name in enumerate(table.header):
        if re.match(r"^(?:重点任务|主要任务|工作任务|任务|保障措施|重点工作|目标任务)$", name):
            # 重点任务 then 工作任务: the second task-like column holds the measures
            columns.setdefault("task" if "task" not in columns else "text", index)
        elif re.match(r"^(?:任务分工|具体任务|工作内容|主要内容|具体措施|具体内容|任务内容|"
                      r"工作措施|主要措施|主要举措)$", name):
            columns.setdefault("text", index)
        elif name in {"牵头单位", "牵头部门"}:
            columns.setdefault("lead", index)
        elif name in {"责任单位", "责任部门"}:
            columns.setdefault("responsible", index)
        elif name in {"配合单位", "配合部门", "参与单位", "协同单位"}:
            columns.setdefault("cooperating", index)
        elif name in {"完成时限", "完成时间", "时间节点", "时限"}:
            columns.setdefault("deadline", index)
        elif name in {"序号", "编号"}:
            columns.setdefault("number", index)
        elif name in {"一级指标", "类别", "领域"}:
            columns.setdefault("category", index)
        elif name in {"二级指标", "指标名称", "指标", "三级指标"}:
            columns["name"] = index
        elif name in {"指标属性", "属性"}:
            columns.setdefault("attribute", index)
    table.columns = columns
    years = [name for name in table.header if re.search(r"现值|现状|目标|基[期数线]|预期", name)]
    if "name" in columns and years:
        table.kind = "indicator"
    elif {"lead", "responsible", "cooperating"} & columns.keys() and (
            "task" in columns or "text" in columns):
        table.kind = "task-division"
        if table.header[columns.get("task", 0)] == "保障措施":
            table.kind = "safeguard-division"


def _fit(row: Row, width: int, table: Table) -> Row:
    """Rows with more cells than the header: a text cell broke over lines; join the extra."""
    cells = list(row.cells)
    if len(cells) > width and "text" in table.columns:
        extra = len(cells) - width
        at = table.columns["text"]
        cells = [*cells[:at], concat(cells[at:at + extra + 1]), *cells[at + extra + 1:]]
    while len(cells) < width:
        cells.append(MappedStr.empty(cells[-1].source_offset(len(cells[-1])) if cells else 0))
    return Row(cells, row.line, row.extra)


def cell(row: Row, table: Table, column: str) -> MappedStr | None:
    """The row's cell of ``column``; a cell the layout implies without a column (the category
    row above an indicator in a table copied from PDF) when the table has no such column."""
    index = table.columns.get(column)
    if index is None:
        return row.extra.get(column)
    if index >= len(row.cells):
        return None
    return row.cells[index]


def table_warnings(tables: list[Table]) -> list[RecordWarning]:
    """A header seen but no row read from under it: say so, rather than a silent record.

    A table whose columns are not understood (no task or indicator column) is reported too:
    its rows reach no task."""
    warnings = []
    for table in tables:
        header = "／".join(name for name in table.header if name)
        if not any(any(c.text for c in row.cells) for row in table.rows):
            warnings.append(RecordWarning("table-not-read", f"a table header 「{header}」 was seen "
                                    "but no row under it could be read", table.span))
        elif table.kind == "other":
            warnings.append(RecordWarning("table-not-read", f"the table under 「{header}」 has no "
                                    "task or indicator column; its rows are not read",
                                    table.span))
    return warnings


def undouble(text: str) -> tuple[str, bool]:
    """A cell written twice over (医疗质量医疗质量, 2025年2025年) -> once, and whether it was."""
    half = len(text) // 2
    if len(text) >= 2 and len(text) % 2 == 0 and text[:half] == text[half:]:
        return text[:half], True
    return text, False
