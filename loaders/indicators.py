"""Indicators: the rows of an indicator table (name, unit, baseline and target values by
year, responsible units) and the targets stated in prose (in a task, or in the preamble)."""

from __future__ import annotations

import re

from .mapped import MappedStr, joined_span
from .record import Indicator, IndicatorValue, RecordWarning, Task
from .rules.targets import find_prose_targets
from .rules.unit_names import split_unit_cell
from .structure import Outline, section_kind
from .tables import Table, cell, undouble
from .task_drafts import TaskDraft, UnitRef

UNIT_IN_NAME = re.compile(r"^(?P<name>.+?)[（(](?P<unit>[^（）()]{1,8})[）)]$")
UNIT_WORD = re.compile(r"^(?:%|‰|[个元日天人次张床家所项台间支名级分钟小时万亿千百]+|[A-Za-z]+s?|"
                       r"万元|亿元|元/人|分|岁|年|‰|%)$")


def indicator_rows(table: Table, warnings: list[RecordWarning]) -> list[tuple[Indicator, list]]:
    results = []
    category: str | None = None
    previous_number: int | None = None
    value_columns = []
    for index, header in enumerate(table.header):
        found = re.search(r"(\d{4})", header)
        if re.search(r"现值|基[期数]|基线|现状", header):
            value_columns.append((index, int(found.group(1)) if found else None, "baseline"))
        elif re.search(r"目标|预期", header):
            value_columns.append((index, int(found.group(1)) if found else None, "target"))
    for row in table.rows:
        name_cell = cell(row, table, "name")
        if name_cell is None or not name_cell.text:
            continue
        category_cell = cell(row, table, "category")
        if category_cell is not None and category_cell.text:
            category, doubled = undouble(category_cell.text)
            if doubled:
                warnings.append(RecordWarning("table-cell-doubled",
                                        f"the category cell 「{category_cell.text}」 is written "
                                        f"twice; read as 「{category}」", category_cell.span()))
        number_cell = cell(row, table, "number")
        number = number_cell.text if number_cell is not None and number_cell.text else None
        if number and number.isdigit():
            value = int(number)
            if previous_number is not None and value == previous_number:
                warnings.append(RecordWarning("numbering-repeat",
                                        f"indicator number {value} is used twice",
                                        number_cell.span()))
            elif previous_number is not None and value != previous_number + 1:
                warnings.append(RecordWarning("numbering-skip",
                                        f"indicator numbering jumps from {previous_number} to "
                                        f"{value}", number_cell.span()))
            previous_number = value
        name, unit = name_cell.text, None
        found = UNIT_IN_NAME.match(name)
        if found and UNIT_WORD.match(found["unit"]):
            name, unit = found["name"], found["unit"]
        values = []
        for index, year, kind in value_columns:
            if index < len(row.cells) and row.cells[index].text:
                values.append(IndicatorValue(year, row.cells[index].text, kind))
        refs: list[UnitRef] = []
        responsible_cell = cell(row, table, "responsible") or cell(row, table, "lead")
        if responsible_cell is not None and responsible_cell.text:
            refs = [UnitRef(unit_mention, responsible_cell)
                    for unit_mention in split_unit_cell(responsible_cell.text, "responsible")]
        span = joined_span([c for c in row.cells if len(c)])
        results.append((Indicator(name, category, unit, values, [], "table", span,
                                  number=number), refs))
    return results


def prose_indicators(drafts: list[TaskDraft], tasks: list[Task], outline: Outline,
                      table: list[Indicator]) -> list[Indicator]:
    found: list[Indicator] = []
    table_years = _table_target_years(table)
    for draft, task in zip(drafts, tasks, strict=True):
        task_year = int(task.deadline[:4]) if task.deadline and task.deadline[:4].isdigit() \
            else None
        agencies = [r.agency for r in task.responsible]
        for target in find_prose_targets(draft.text.text):
            year = target.year or task_year or table_years.get(_target_key(target.name,
                                                                           target.value))
            found.append(_prose_indicator(target, draft.text, year, agencies, task.id))
    for root in outline.roots:
        if root.level == 1 and section_kind(root.title) == "preamble":
            text = root.full_text()
            for target in find_prose_targets(text.text):
                year = target.year or table_years.get(_target_key(target.name, target.value))
                found.append(_prose_indicator(target, text, year, [], None))
    return found


_BRACKETS_AND_SPACES = re.compile(r"[（(][^（）()]*[）)]|\s")


def _target_key(name: str, value: str) -> tuple[str, str]:
    """An indicator's name without brackets and spaces, with a value: the same target restated."""
    return _BRACKETS_AND_SPACES.sub("", name), value.strip()


def _table_target_years(table: list[Indicator]) -> dict[tuple[str, str], int]:
    """(name, value) -> year of each dated target in the indicator table.

    A prose target with no year of its own that restates a table target takes its year: seed
    000 line 43 says 医疗服务收入（不含药品、耗材、检查、化验收入）占医疗收入的比例达到35%以上
    with no year, and its indicator table sets 35 for 2025.
    """
    years: dict[tuple[str, str], int] = {}
    for indicator in table:
        for value in indicator.values:
            if value.kind == "target" and value.year is not None:
                years.setdefault(_target_key(indicator.name, value.value), value.year)
    return years


def _prose_indicator(target, text: MappedStr, year: int | None, agencies: list[str],
                     task_id: str | None) -> Indicator:
    values = []
    if target.baseline:
        values.append(IndicatorValue(None, target.baseline, "baseline"))
    values.append(IndicatorValue(year, target.value, "target"))
    return Indicator(target.name, None, target.unit, values, list(agencies), "text",
                     text.span(target.start, target.end), task=task_id,
                     qualifier=target.qualifier)
