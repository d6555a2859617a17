"""Plan records as a workbook for analysts: per plan its task division table (任务分工表) and
an agency × task matrix, with a first sheet listing the plans (`policykg export --format xlsx`).

The sheets are built as plain data (`workbook_sheets`), then written with XlsxWriter
(`write_xlsx`; chosen by measurement, docs/decisions/xlsx-writer.md). The same records give
the same bytes: the document's created time is pinned and XlsxWriter dates every zip entry
1980-01-01.
"""

from __future__ import annotations

import datetime
import io
import re
from dataclasses import dataclass, field
from typing import Any

from .loaders.record import Assignment, PlanRecord, Responsible, Task
from .spreadsheet import ROLES_ZH, display_width

# The document's created time (docProps/core.xml): fixed, so two exports are byte-identical
CREATED = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)

MAX_NAME = 31                        # Excel's limit on a sheet name
NOT_IN_NAMES = re.compile(r"[\[\]:*?/\\]")
HEADERS = ("zh", "en")

# (key, Chinese header, English header, widest column, wrap the text)
TASK_COLUMNS = (
    ("number", "序号", "No.", 8, False),
    ("title", "任务", "Task", 30, True),
    ("kind", "类别", "Kind", 10, False),
    ("row", "条目", "Row", 6, False),
    ("text", "具体措施", "Measure", 70, True),
    ("lead", "牵头单位", "Lead agencies", 30, True),
    ("cooperating", "配合单位", "Cooperating agencies", 40, True),
    ("responsible", "责任单位", "Responsible agencies", 30, True),
    ("deadline", "完成时限", "Deadline", 14, False),
    ("line", "原文行号", "Source line", 10, False),
)
PLAN_COLUMNS = (
    ("sheet", "分工表", "Task sheet", 34, False),
    ("matrix", "矩阵", "Matrix sheet", 34, False),
    ("doc_number", "文号", "Doc number", 24, False),
    ("title", "标题", "Title", 50, True),
    ("issuer", "发文机关", "Issuer", 30, False),
    ("issued", "印发日期", "Issued", 12, False),
    ("status", "状态", "Status", 8, False),
    ("tasks", "任务数", "Tasks", 8, False),
    ("rows", "分工条目数", "Rows", 10, False),
    ("path", "来源文件", "Source file", 40, False),
    ("sha256", "SHA256", "SHA256", 20, False),
)
KINDS = {"zh": {"task": "重点任务", "safeguard": "保障措施"}, "en": {}}
STATUS = {"zh": {"final": "正式", "draft": "征求意见稿"}, "en": {}}
DEADLINES_ZH = {"ongoing": "持续推进"}
# A matrix cell: the roles an agency has in a task (on the task or any of its rows)
MARKS = {"zh": {"lead": "牵", "cooperating": "配", "responsible": "责"},
         "en": {"lead": "L", "cooperating": "C", "responsible": "R"}}
SHEET_WORDS = {"zh": ("方案列表", "分工表", "矩阵"), "en": ("plans", "tasks", "matrix")}


@dataclass
class Sheet:
    """One worksheet as data: a header row, rows of cells (str, int or None), each column's
    width in Excel's units and whether its text wraps; the header row frozen, with
    `frozen_columns` columns beside it, and an autofilter over the whole table."""

    name: str
    headers: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    widths: list[float] = field(default_factory=list)
    wrap: list[bool] = field(default_factory=list)
    frozen_columns: int = 0


def workbook_sheets(records: list[PlanRecord], headers: str = "zh") -> list[Sheet]:
    """The plans sheet, then per plan its task division table and its matrix. A row's source
    line is where the loader placed its span (`PlanRecord.locations`, loaders/locations.py)."""
    if headers not in HEADERS:
        raise ValueError(f"headers must be 'zh' or 'en', not {headers!r}")
    plans_word, tasks_word, matrix_word = SHEET_WORDS[headers]
    names = SheetNames()
    names.take(plans_word)
    plans = Sheet(plans_word, column_headers(PLAN_COLUMNS, headers))
    sheets = [plans]
    for index, record in enumerate(records, 1):
        base = record.plan.doc_number or short_title(record.plan.title)
        task_sheet = task_table(record, headers, names.take(f"{base} {tasks_word}", index))
        matrix = agency_matrix(record, headers, names.take(f"{base} {matrix_word}", index))
        plans.rows.append(plan_row(record, task_sheet.name, matrix.name, headers))
        sheets += [task_sheet, matrix]
    fit_widths(plans, [c[3] for c in PLAN_COLUMNS], [c[4] for c in PLAN_COLUMNS])
    return sheets


def task_table(record: PlanRecord, headers: str, name: str) -> Sheet:
    """One row per task division row (a task without rows is one row of its own)."""
    sheet = Sheet(name, column_headers(TASK_COLUMNS, headers), frozen_columns=2)
    locations = record.locations

    def line(offset: int) -> int | None:
        return locations.line_column(offset)[0] if locations is not None else None

    for task in record.tasks:
        items: list[tuple[int | None, Task | Assignment]] = (
            list(enumerate(task.assignments, 1)) or [(None, task)])
        for row, item in items:
            sheet.rows.append([
                number(task.number), task.title, KINDS[headers].get(task.kind, task.kind), row,
                item.text, *agencies_by_role(item.responsible),
                deadline(item, headers), line(item.span.start),
            ])
    fit_widths(sheet, [c[3] for c in TASK_COLUMNS], [c[4] for c in TASK_COLUMNS])
    return sheet


def agency_matrix(record: PlanRecord, headers: str, name: str) -> Sheet:
    """Tasks down, agencies across (in the order the plan first names them), each cell the
    roles the agency has in the task or any of its rows: 牵, 配, 责 (L, C, R in English),
    牵/配 for an agency that leads one row and cooperates on another."""
    marks = MARKS[headers]
    roles: list[dict[str, list[str]]] = []   # per task: agency -> its roles in written order
    agencies: dict[str, None] = {}
    for task in record.tasks:
        found: dict[str, list[str]] = {}
        for entry in [*task.responsible, *(r for a in task.assignments for r in a.responsible)]:
            agencies.setdefault(entry.agency)
            kinds = found.setdefault(entry.agency, [])
            if entry.role not in kinds:
                kinds.append(entry.role)
        roles.append(found)
    first = column_headers(TASK_COLUMNS[:2], headers)
    sheet = Sheet(name, [*first, *agencies], frozen_columns=2)
    for task, found in zip(record.tasks, roles, strict=True):
        cells = ["/".join(marks[role] for role in marks if role in found.get(agency, []))
                 or None for agency in agencies]
        sheet.rows.append([number(task.number), task.title, *cells])
    fit_widths(sheet, [8, 30, *(16 for _ in agencies)], [False, False, *(True for _ in agencies)])
    return sheet


def plan_row(record: PlanRecord, task_sheet: str, matrix: str, headers: str) -> list[Any]:
    plan = record.plan
    return [task_sheet, matrix, plan.doc_number, plan.title, plan.issuer, plan.issued,
            STATUS[headers].get(plan.status, plan.status), len(record.tasks),
            sum(len(task.assignments) for task in record.tasks), record.source.path,
            record.source.sha256]


def agencies_by_role(entries: list[Responsible]) -> list[str | None]:
    """The lead, cooperating and responsible agencies, each list joined with 、 as written."""
    return ["、".join(dict.fromkeys(e.agency for e in entries if e.role == role)) or None
            for role in ROLES_ZH]


def deadline(item: Task | Assignment, headers: str) -> str | None:
    """The deadline as written (2025年, 持续推进), else as the record has it."""
    if item.deadline_written:
        return item.deadline_written
    if item.deadline is None:
        return None
    return DEADLINES_ZH.get(item.deadline, item.deadline) if headers == "zh" else item.deadline


def number(text: str) -> int | str | None:
    """A task's number as a number when it is one (so the column sorts), else as written."""
    if not text:
        return None
    return int(text) if text.isdigit() and len(text) < 10 else text


def short_title(title: str) -> str:
    """A plan's title without the words every plan ends with, for a sheet name."""
    for tail in ("的实施方案", "实施方案", "工作方案", "方案"):
        if title.endswith(tail) and len(title) > len(tail):
            return title[:-len(tail)]
    return title or "方案"


class SheetNames:
    """Sheet names Excel accepts, unique in the workbook (Excel compares them ignoring case):
    at most 31 characters, none of []:*?/\\, no apostrophe at either end. A name too long
    loses the end of its first part; a name already taken gets the plan's number in front."""

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def take(self, wanted: str, index: int | None = None) -> str:
        name = fit(wanted)
        if name.casefold() in self.taken and index is not None:
            name = fit(f"{index} {wanted}")
        extra = 1
        while name.casefold() in self.taken:
            extra += 1
            name = fit(wanted, f"~{extra}")
        self.taken.add(name.casefold())
        return name


def fit(wanted: str, mark: str = "") -> str:
    """``wanted`` cleaned and cut to fit 31 characters with ``mark`` at the end; the cut
    falls before its last word (the sheet's kind: 分工表, 矩阵), which is kept."""
    clean = NOT_IN_NAMES.sub("_", wanted).strip() or "sheet"
    head, _, last = clean.rpartition(" ")
    tail = f" {last}{mark}" if head else mark
    head = head or clean
    name = head[:MAX_NAME - len(tail)].rstrip() + tail
    return name.strip("'").strip() or "sheet"


def column_headers(columns: tuple, headers: str) -> list[str]:
    return [column[1] if headers == "zh" else column[2] for column in columns]


def fit_widths(sheet: Sheet, widest: list[int], wrap: list[bool]) -> None:
    """Each column as wide as its widest cell (CJK characters count two), within bounds."""
    sheet.widths, sheet.wrap = [], []
    for column, title in enumerate(sheet.headers):
        cells = [title, *(row[column] for row in sheet.rows)]
        longest = max(display_width(str(cell)) for cell in cells if cell is not None)
        sheet.widths.append(max(6, min(longest + 2, widest[column])))
        sheet.wrap.append(wrap[column] and longest + 2 > widest[column])


def write_xlsx(sheets: list[Sheet]) -> bytes:
    """The workbook's bytes (XlsxWriter): headers bold on a grey ground, the header row (and
    a sheet's first columns) frozen, an autofilter over each table, wide text wrapped."""
    import xlsxwriter

    data = io.BytesIO()
    workbook = xlsxwriter.Workbook(data, {"in_memory": True, "strings_to_numbers": False,
                                          "strings_to_formulas": False,
                                          "strings_to_urls": False})
    workbook.set_properties({"created": CREATED.replace(tzinfo=None)})
    bold = workbook.add_format({"bold": True, "bg_color": "#D9D9D9", "border": 1,
                                "valign": "top", "text_wrap": True})
    wrapped = workbook.add_format({"text_wrap": True, "valign": "top"})
    plain = workbook.add_format({"valign": "top"})
    for sheet in sheets:
        worksheet = workbook.add_worksheet(sheet.name)
        for column, (width, wrap) in enumerate(zip(sheet.widths, sheet.wrap, strict=True)):
            worksheet.set_column(column, column, width, wrapped if wrap else plain)
        worksheet.write_row(0, 0, sheet.headers, bold)
        for row, cells in enumerate(sheet.rows, 1):
            for column, cell in enumerate(cells):
                if cell is None:
                    continue
                style = wrapped if sheet.wrap[column] else plain
                if isinstance(cell, str):
                    worksheet.write_string(row, column, cell, style)
                else:
                    worksheet.write_number(row, column, cell, style)
        worksheet.freeze_panes(1, sheet.frozen_columns)
        worksheet.autofilter(0, 0, len(sheet.rows), len(sheet.headers) - 1)
    workbook.close()
    return data.getvalue()
