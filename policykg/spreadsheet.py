"""Tables for spreadsheets: query rows as CSV that Excel on a Chinese Windows reads right, and
the Chinese names both this CSV and the xlsx export (`xlsx_export.py`) give columns and roles.

Excel opens a CSV without a byte-order mark in the system's code page (GBK on a Chinese
Windows), so UTF-8 区医保局 shows as 鍖哄尰淇濆眬; with the UTF-8 BOM it reads UTF-8. The
BOM is the default here, and Chinese headers: `write_csv(..., bom=False, headers="en")`
gives the plain CSV `policykg query --format csv` has always printed.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, Any

BOM = "\ufeff"

# A role as the saved queries and the plan records name it, and as a task division table
# (任务分工表) writes it.
ROLES_ZH = {"lead": "牵头", "cooperating": "配合", "responsible": "责任"}

# Every column a saved query returns (the `// columns:` line of each queries/*.cypher; the
# tests check none is missing), with its Chinese header.
COLUMNS_ZH = {
    "agency": "部门",
    "jurisdiction": "行政区划",
    "plan": "方案",
    "task": "任务",
    "row": "分工条目",
    "title": "任务名称",
    "role": "角色",
    "deadline": "完成时限",
    "due": "到期",
    "deadline_written": "完成时限（原文）",
    "quote": "原文",
    "text": "内容",
    "source_path": "来源文件",
    "line": "行号",
    "source_sha256": "来源文件SHA256",
    "span_start": "原文起始位置",
    "span_end": "原文结束位置",
    "leads": "牵头任务数",
    "cooperates": "配合任务数",
    "responsible": "责任任务数",
    "tasks": "任务数",
    "total_tasks": "任务总数",
    "first": "部门一",
    "second": "部门二",
    "shared_tasks": "共同任务数",
    "plans": "方案数",
    "units": "单位",
    "agencies": "部门",
    "hospital": "医院",
    "document": "文件",
    "issued": "印发日期",
    "hops": "层级数",
    "level": "级别",
    "loaded": "已载入",
    "chain": "贯彻链",
    "indicator": "指标",
    "unit": "计量单位",
    "baseline": "现值",
    "targets": "目标值",
    "relation": "关系",
    "parent": "上级文件",
    "parent_title": "上级文件名称",
    "sibling": "同级方案",
    "sibling_title": "同级方案名称",
    "fact": "类别",
    "target": "指标目标",
    "statuses": "各环依据",
    "rules": "推断规则",
    "kind": "命中类型",
    "key": "图中键名",
    "score": "相关度",
}

# Values the queries write in English, in Chinese (headers="zh"), by column (a list's items
# one by one). `role` and task-evidence's `fact` hold the roles; due-by's role is `unowned`
# for an item naming no unit, and `fact` is `task` for the task's own row.
VALUES_ZH: dict[str, dict[str, str]] = {
    "role": {**ROLES_ZH, "unowned": "无责任单位"},
    "fact": {"task": "任务", **ROLES_ZH},
    # how a link of a plan's lineage is known: the plan says so, a source in the registry
    # of parent documents confirms it, or a registry rule infers it
    "statuses": {"stated": "原文所述", "confirmed": "来源确认", "inferred": "规则推断"},
    "relation": {"implements": "贯彻落实", "references": "引用"},
    "kind": {"task": "任务", "row": "分工条目", "indicator": "指标"},
    "deadline": {"ongoing": "持续推进"},
    "due": {"ongoing": "持续推进"},
}
BOOLEANS = {"en": ("true", "false"), "zh": ("是", "否")}


def cell_text(value: Any, headers: str = "en") -> str:
    """A value as one CSV cell: lists joined with 、, None empty, newlines as spaces (as
    `policykg query --format csv` writes them); booleans true/false, or 是/否 in Chinese."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "、".join(cell_text(item, headers) for item in value)
    if isinstance(value, bool):
        yes, no = BOOLEANS[headers]
        return yes if value else no
    return str(value).replace("\n", " ")


def header(column: str, headers: str = "zh") -> str:
    """The header of a column: its Chinese name (a column not in the table keeps its own)."""
    return COLUMNS_ZH.get(column, column) if headers == "zh" else column


def write_csv(rows: Iterable[Mapping[str, Any]], columns: Sequence[str], out: IO,
              *, bom: bool = True, headers: str = "zh") -> None:
    """Write query rows (dicts by column, as `queries.saved.run` returns them) as CSV.

    ``out`` is a binary stream (a file opened "wb", `click.get_binary_stream("stdout")`,
    io.BytesIO): the bytes are UTF-8 whatever the console's encoding; a text stream gets
    the same characters. ``bom`` starts the output with the UTF-8 byte-order mark, so Excel
    reads it as UTF-8; ``headers="zh"`` names the columns in Chinese (COLUMNS_ZH) and writes
    roles as 牵头/配合/责任 (VALUES_ZH), ``"en"`` keeps the queries' own names and values.
    Lines end with "\\n"."""
    if headers not in BOOLEANS:
        raise ValueError(f"headers must be 'zh' or 'en', not {headers!r}")
    buffer = io.StringIO()
    if bom:
        buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([header(column, headers) for column in columns])
    for row in rows:
        writer.writerow([value_text(column, row[column], headers) for column in columns])
    text = buffer.getvalue()
    if isinstance(out, io.TextIOBase):
        out.write(text)
    else:
        out.write(text.encode("utf-8"))


def value_text(column: str, value: Any, headers: str) -> str:
    if headers == "zh" and column in VALUES_ZH:
        names = VALUES_ZH[column]
        if isinstance(value, str):
            value = names.get(value, value)
        elif isinstance(value, list):
            value = [names.get(item, item) if isinstance(item, str) else item
                     for item in value]
    return cell_text(value, headers)


def display_width(text: str) -> int:
    """Columns the text takes: CJK (wide and full-width) characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
