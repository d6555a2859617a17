"""A task while the record is built, and the Task it becomes.

A draft holds a numbered item (or a task cell of a table) with its text, the units its
clauses name, their deadlines and the table rows matched to it (loaders/table_rows.py);
once every unit name is known and folded (AgencyFolder), each draft becomes a Task.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .agencies import AgencyFolder
from .mapped import MappedStr, Span
from .record import Assignment, RecordWarning, Responsible, Task
from .rules.deadlines import Deadline, find_deadlines, latest, parse_deadline
from .rules.hospitals import find_hospitals
from .rules.responsibility import find_clauses
from .rules.unit_names import UnitMention
from .structure import TaskItem


@dataclass
class UnitRef:
    """A unit mention with its evidence, before folding names."""

    mention: UnitMention
    text: MappedStr           # the text the mention's offsets point into
    quote: str = ""           # the clause or table cell that names the unit (evidence)

    def span(self) -> Span:
        return self.text.span(self.mention.start, self.mention.end)


@dataclass
class TaskDraft:
    task_item: TaskItem
    text: MappedStr
    span: Span
    units: list[UnitRef] = field(default_factory=list)
    clause_deadlines: list[tuple[Deadline, MappedStr]] = field(default_factory=list)
    rows: list[RowDraft] = field(default_factory=list)


@dataclass
class RowDraft:
    text: MappedStr
    label: MappedStr | None
    units: list[UnitRef]
    deadline: Deadline | None
    span: Span

def draft_task(task_item: TaskItem) -> TaskDraft:
    item = task_item.item
    text = item.full_text()
    span = Span(item.marker.span().start, max(text.span().end, item.marker.span().end))
    draft = TaskDraft(task_item, text, span)
    for clause in find_clauses(text.text):
        quote = text.text[clause.start:clause.end]
        draft.units.extend(UnitRef(unit, text, quote) for unit in clause.units)
        if clause.deadline:
            raw, start, end = clause.deadline
            parsed = parse_deadline(raw)
            if parsed:
                draft.clause_deadlines.append((parsed, text[start:end]))
    return draft

def finish_task(draft: TaskDraft, folder: AgencyFolder, warnings: list[RecordWarning]) -> Task:
    task_item = draft.task_item
    item = task_item.item
    responsible = _merge_roles(
        [_responsible(ref, folder) for ref in draft.units]
        + [_responsible(ref, folder) for row in draft.rows for ref in row.units])
    assignments = [
        Assignment(row.text.text, _merge_roles([_responsible(ref, folder) for ref in row.units]),
                   row.deadline.value if row.deadline else None, row.span,
                   deadline_written=row.deadline.raw if row.deadline else None,
                   label=row.label.text if row.label is not None else None)
        for row in draft.rows
    ]
    deadline, deadline_written = _task_deadline(draft)
    section = task_item.section.title if task_item.section is not None else None
    hospital_names = [m.name for m in find_hospitals(draft.text.text)]
    for row in draft.rows:
        hospital_names += [m.name for m in find_hospitals(row.text.text)]
    task = Task(
        id=task_item.id, title=item.title, kind=task_item.kind, section=section,
        text=draft.text.text, responsible=responsible, deadline=deadline, span=draft.span,
        number=item.written, assignments=assignments, hospitals=unique(hospital_names),
        deadline_written=deadline_written,
    )
    if not responsible:
        warnings.append(RecordWarning(
            f"{task.kind}-without-responsible",
            f"{task.kind} {task.id} 「{task.title}」 names no responsible unit",
            item.marker.span()))
    return task


def _task_deadline(draft: TaskDraft) -> tuple[str | None, str | None]:
    """A clause's own deadline first, then the table rows', then 到2027年 in the text."""
    for found in ([d for d, _ in draft.clause_deadlines],
                  [row.deadline for row in draft.rows if row.deadline],
                  find_deadlines(draft.text.text)):
        if found:
            value = latest(found)
            written = next((d.raw for d in found if d.value == value), None)
            return value, written
    return None, None


def _responsible(ref: UnitRef, folder: AgencyFolder) -> Responsible:
    mention = ref.mention
    return Responsible(folder.canonical(mention.name), mention.role, mention.raw, ref.span(),
                       mention.alias, ref.quote)


def _merge_roles(items: list[Responsible]) -> list[Responsible]:
    """One entry per agency in written order; a unit named lead anywhere is the lead."""
    merged: dict[str, Responsible] = {}
    for item in items:
        kept = merged.get(item.agency)
        if kept is None:
            merged[item.agency] = item
        elif item.role == "lead" and kept.role != "lead":
            merged[item.agency] = Responsible(kept.agency, "lead", kept.written, kept.span,
                                              kept.alias, kept.quote)
    return list(merged.values())


def unique(items) -> list:
    seen: dict = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)

