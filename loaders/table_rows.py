"""Table rows -> tasks: the rows of a task-division (or safeguard-division) table matched to
the plan's tasks by the label in their task cell, and the tasks of a plan that states them only
in such a table."""

from __future__ import annotations

import re

from .mapped import MappedStr, Span, joined_span
from .record import RecordWarning
from .rules.deadlines import parse_deadline
from .rules.unit_names import split_unit_cell
from .structure import Item, TaskItem, match_heading, split_title
from .tables import Table, cell, undouble
from .task_drafts import RowDraft, TaskDraft, UnitRef

MATCH_WINDOW = 60   # tasks either side of the last matched one a table label is scored against


def tasks_from_tables(tables: list[Table], source: str | None = None) -> list[TaskDraft]:
    """One task per filled task cell of a task-division table, numbered as the cell is; its
    title read with ``source`` (a cell wrapped over lines is one phrase, not a lead phrase
    and a sentence)."""
    drafts: list[TaskDraft] = []
    for table in tables:
        if table.kind != "task-division" or "task" not in table.columns:
            continue
        for row in table.rows:
            label = cell(row, table, "task")
            if label is None or not label.text:
                continue
            number, title, piece = _labels(label, source)[0]
            heading = match_heading(piece.text)
            marker_end = heading[3] if heading else 0
            number = number if number is not None else len(drafts) + 1
            item = Item(3, number, str(number), piece[:marker_end], piece[marker_end:].strip(),
                        row.line)
            item.title = title   # the cached title, read as _labels reads it
            task_item = TaskItem(item, "task", None, str(number))
            drafts.append(TaskDraft(task_item, item.head, label.span()))
    ids = [d.task_item.id for d in drafts]
    if len(ids) != len(set(ids)):
        for index, draft in enumerate(drafts, 1):
            draft.task_item.id = str(index)
    return drafts


_LABEL_START = re.compile(
    r"(?:(?<=^)|(?<=[。；;\s]))(?:\d{1,3}\s*[.．、](?!\d)|[（(][一二三四五六七八九十]{1,3}[）)])")


def _labels(label: MappedStr, source: str | None = None
            ) -> list[tuple[int | None, str, MappedStr]]:
    """(number, title, where) for each label in a task cell: 4. X。5. X。 holds two."""
    text = label.text
    starts = [m.start() for m in _LABEL_START.finditer(text)]
    if not starts or starts[0] != 0:
        starts = [0, *starts]
    found = []
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(text)
        piece = label[start:end].strip()
        heading = match_heading(piece.text)
        number = heading[1] if heading else None
        body = piece[heading[3]:] if heading else piece
        title = split_title(body, source)[0].text.rstrip("。.；; ")
        found.append((number, title, piece))
    return found


TITLE_NOISE = re.compile(r"[\s\u3000，。、；：,.;:“”\"'《》（）()！!？?·…—\-]")


def _title_score(label_title: str, task_title: str) -> float:
    """How well a task cell's title names a task: the same text (spaces and punctuation
    aside) 2; one containing the other 1.5 (a truncated cell: 3. 发挥公立医院在医联体中; a
    cell with the title only, the task's heading longer); else by shared characters."""
    return _key_score(_title_key(label_title), _title_key(task_title))


def _title_key(title: str) -> tuple[str, set[str]]:
    """A title without spaces and punctuation, and its characters: what _title_score compares
    (made once a title, not once a pair of label and task)."""
    title = TITLE_NOISE.sub("", title)
    return title, set(title)


def _key_score(label: tuple[str, set[str]], task: tuple[str, set[str]]) -> float:
    """_title_score of two _title_keys."""
    (label_title, label_chars), (task_title, task_chars) = label, task
    if not label_title or not task_title:
        return 0.0
    if label_title == task_title:
        return 2.0
    if len(label_title) >= 4 and len(task_title) >= 4 and (
            label_title in task_title or task_title in label_title):
        return 1.5
    shared = len(label_chars & task_chars)
    ratio = 2 * shared / (len(label_chars) + len(task_chars))
    return ratio if ratio >= 0.75 else 0.0


class _Candidates:
    """The tasks a table label is scored against: every one in a plan of ordinary size; in a
    very long one, the MATCH_WINDOW either side of the last row's task plus the first task
    with the label's title, number, or both (scoring every task for every row was quadratic:
    a 1 MB table took minutes)."""

    def __init__(self, drafts: list[TaskDraft]):
        self.drafts = drafts
        self.place = {id(draft): index for index, draft in enumerate(drafts)}
        self.first: dict[object, int] = {}
        self.keys = {id(draft): _title_key(draft.task_item.item.title) for draft in drafts}
        for index, draft in enumerate(drafts):
            item = draft.task_item.item
            for key in (("title", item.title), ("number", item.number),
                        ("both", item.number, item.title)):
                self.first.setdefault(key, index)

    def near(self, labels: list[tuple[int | None, str, MappedStr]],
             last: TaskDraft | None) -> list[TaskDraft]:
        if len(self.drafts) <= 2 * MATCH_WINDOW + 1:
            return self.drafts
        centre = self.place.get(id(last), 0)
        chosen = set(range(max(0, centre - MATCH_WINDOW),
                           min(len(self.drafts), centre + MATCH_WINDOW + 1)))
        for number, title, _ in labels:
            for key in (("title", title), ("number", number), ("both", number, title)):
                if key in self.first:
                    chosen.add(self.first[key])
        return [self.drafts[index] for index in sorted(chosen)]


def _match_label(label: MappedStr, candidates: _Candidates, last: TaskDraft | None,
                 warnings: list[RecordWarning], source: str | None = None) -> TaskDraft | None:
    labels = _labels(label, source)
    best: tuple[float, int, TaskDraft | None] = (0.0, 0, None)
    drafts = candidates.near(labels, last)
    for position, (number, title, _) in enumerate(labels):
        key = _title_key(title)
        for draft in drafts:
            item = draft.task_item.item
            score = _key_score(key, candidates.keys[id(draft)])
            if number is not None and number == item.number:
                score += 1.0
            if score > best[0] or (score == best[0] and position < best[1] and score > 0):
                best = (score, position, draft)
    score, position, chosen = best
    if len(labels) > 1:
        written = "".join(piece.text for _, _, piece in labels)
        warnings.append(RecordWarning(
            "table-label-doubled",
            f"the task cell 「{written}」 holds {len(labels)} labels; read as "
            + (f"task {chosen.task_item.id}" if chosen else "no task"), label.span()))
    if chosen is None or score < 1.0:
        return None
    number, title, _ = labels[position]
    item = chosen.task_item.item
    if number is not None and number != item.number and len(labels) == 1:
        warnings.append(RecordWarning(
            "table-label-mismatch",
            f"the task cell 「{label.text}」 is numbered {number} but its title is that of task "
            f"{chosen.task_item.id} 「{item.title}」", label.span()))
    return chosen


def assign_rows(table: Table, drafts: list[TaskDraft], warnings: list[RecordWarning],
                 source: str | None = None) -> None:
    kind = "safeguard" if table.kind == "safeguard-division" else "task"
    candidates = _Candidates([d for d in drafts if d.task_item.kind == kind] or drafts)
    current: TaskDraft | None = None
    last_match: TaskDraft | None = None
    unmatched_label: str | None = None
    for row in table.rows:
        label = cell(row, table, "task")
        text = cell(row, table, "text") or label
        if not any(c.text for c in row.cells):
            continue
        if label is not None and label.text:
            current = _match_label(label, candidates, last_match, warnings, source)
            last_match = current or last_match
            unmatched_label = None if current else label.text
            if current is None:
                warnings.append(RecordWarning(
                    "table-row-unmatched",
                    f"table row 「{label.text}」 matches no {kind} of the plan", label.span()))
        units: list[UnitRef] = []
        for column, role in (("lead", "lead"), ("responsible", "responsible"),
                             ("cooperating", "cooperating")):
            value = cell(row, table, column)
            if value is not None and value.text:
                units.extend(UnitRef(unit, value, value.text)
                             for unit in split_unit_cell(value.text, role))
        deadline = None
        deadline_cell = cell(row, table, "deadline")
        if deadline_cell is not None and deadline_cell.text:
            written, doubled = undouble(deadline_cell.text)
            deadline = parse_deadline(written)
            if doubled:
                warnings.append(RecordWarning("table-cell-doubled",
                                        f"the deadline cell 「{deadline_cell.text}」 is written "
                                        f"twice; read as 「{written}」", deadline_cell.span()))
        row_span = joined_span([c for c in row.cells if len(c)])
        if text is None or not text.text:
            continue
        draft_row = RowDraft(text, label if label is not None and label.text else None, units,
                              deadline, Span(row_span.start, row_span.end))
        if current is None:
            if unmatched_label is None and label is not None and not label.text:
                warnings.append(RecordWarning("table-row-unmatched",
                                        f"table row 「{text.text[:30]}」 follows no task",
                                        text.span()))
            continue
        current.rows.append(draft_row)
        if not units:
            warnings.append(RecordWarning(
                "assignment-without-responsible",
                f"a row of {kind} {current.task_item.id} 「{current.task_item.item.title}」 names "
                f"no unit: 「{text.text[:40]}」", text.span()))

