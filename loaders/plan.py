"""Orchestration: one decoded document -> one plan record (tasks, responsibility, evidence).

Stages: normalise (paragraphs and cells with source offsets) -> regions and metadata ->
outline (numbered items) -> tasks -> tables (assignments, indicators) -> agency folding ->
citations, hospitals, targets -> warnings. Nothing here talks to a database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .agencies import AgencyFolder, jurisdiction_concept
from .documents import Document, read_file
from .mapped import MappedStr, Span, concat
from .metadata import Regions, read_metadata, split_regions
from .normalize import Para, normalise
from .record import (
    Assignment,
    Citation,
    Indicator,
    IndicatorValue,
    PlanRecord,
    RecordWarning,
    Responsible,
    Task,
)
from .rules import citations as citation_rules
from .rules.deadlines import Deadline, find_deadlines, latest, parse_deadline
from .rules.hospitals import find_hospitals, fold_document_names
from .rules.responsibility import UnitMention, find_clauses, split_unit_cell
from .rules.targets import find_lost_numbers, find_prose_targets
from .source import DEFAULT_MAX_SIZE, SourceText
from .structure import (
    Item,
    Outline,
    TaskItem,
    build_outline,
    collect_tasks,
    match_heading,
    numbering_notes,
    section_kind,
    split_title,
)
from .tables import Table, cell, find_tables, table_warnings, undouble

MATCH_WINDOW = 60   # tasks either side of the last matched one a table label is scored against
UNIT_IN_NAME = re.compile(r"^(?P<name>.+?)[（(](?P<unit>[^（）()]{1,8})[）)]$")
UNIT_WORD = re.compile(r"^(?:%|‰|[个元日天人次张床家所项台间支名级分钟小时万亿千百]+|[A-Za-z]+s?|"
                       r"万元|亿元|元/人|分|岁|年|‰|%)$")


@dataclass
class _UnitRef:
    """A unit mention with its evidence, before folding names."""

    mention: UnitMention
    text: MappedStr           # the text the mention's offsets point into
    quote: str = ""           # the clause or table cell that names the unit (evidence)

    def span(self) -> Span:
        return self.text.span(self.mention.start, self.mention.end)


@dataclass
class _TaskDraft:
    task_item: TaskItem
    text: MappedStr
    span: Span
    units: list[_UnitRef] = field(default_factory=list)
    clause_deadlines: list[tuple[Deadline, MappedStr]] = field(default_factory=list)
    rows: list[_RowDraft] = field(default_factory=list)


@dataclass
class _RowDraft:
    text: MappedStr
    label: MappedStr | None
    units: list[_UnitRef]
    deadline: Deadline | None
    span: Span


def extract_plan(path: str | Path, max_size: int = DEFAULT_MAX_SIZE, *,
                 found_in_folder: bool = False) -> PlanRecord:
    """Read one file of any supported format and extract its plan record (raises LoaderError
    for unreadable or unsupported files and for files over ``max_size`` bytes)."""
    return build_record(read_file(path, max_size, found_in_folder=found_in_folder))


def _source_fields(source: SourceText | Document) -> dict:
    """The record's `source`: the file (path, sha256 of its bytes, encoding) and, for a file
    that is not plain text, its format, the sha256 of the text the rules read (every span is
    an offset into that text; `policykg text FILE` prints it) and where each stretch of that
    text is in the file (page, paragraph, table cell, element)."""
    fields = {"path": source.path, "sha256": source.sha256, "encoding": source.encoding,
              "characters": len(source.text)}
    if isinstance(source, Document) and source.format != "text":
        fields["format"] = source.format
        fields["text_sha256"] = source.text_sha256
        fields["layout"] = source.layout()
    return fields


def build_record(source: SourceText | Document) -> PlanRecord:
    """The plan record of a decoded text file or a Document read by the document stage."""
    paras = normalise(source.text)
    regions = split_regions(paras)
    meta = read_metadata(regions, paras)
    outline = build_outline(regions.body)
    task_items = collect_tasks(outline)
    warnings: list[RecordWarning] = []
    for code, message, where in outline.notes + numbering_notes(outline, task_items):
        warnings.append(RecordWarning(code, message, where.span()))

    drafts = [_draft_task(task_item) for task_item in task_items]
    tables = find_tables([p for p in paras if p.kind != "text"])
    warnings.extend(table_warnings(tables))
    indicator_rows: list[tuple[Indicator, list[_UnitRef]]] = []
    if not any(d.task_item.kind == "task" for d in drafts):
        # some plans state their tasks only in the task-division table (no numbered body)
        drafts += _tasks_from_tables(tables, source.text)
    for table in tables:
        if table.kind in ("task-division", "safeguard-division"):
            _assign_rows(table, drafts, warnings, source.text)
        elif table.kind == "indicator":
            indicator_rows.extend(_indicator_rows(table, warnings))

    names = [ref.mention.name for draft in drafts for ref in draft.units]
    names += [ref.mention.name for draft in drafts for row in draft.rows for ref in row.units]
    names += [ref.mention.name for _, refs in indicator_rows for ref in refs]
    folder = AgencyFolder(names)

    tasks = [_finish_task(draft, folder, warnings) for draft in drafts]
    indicators: list[Indicator] = []
    for indicator, refs in indicator_rows:
        indicator.responsible = _unique(folder.canonical(ref.mention.name) for ref in refs)
        indicators.append(indicator)
    indicators.extend(_prose_indicators(drafts, tasks, outline, indicators))

    hospitals = _document_hospitals(regions, paras, tasks)
    citations = _citations(regions, paras, meta)
    warnings.extend(_document_warnings(source, regions, tasks))
    understanding = _understanding(source.text, regions, tables, tasks, indicators, warnings)
    for written in (where.span() for where in meta.impossible_dates):
        warnings.append(RecordWarning("impossible-date", "the date of issue 「"
                                f"{source.text[written.start:written.end]}」 is not a real "
                                "date; it is not read as one", written))
    warnings.sort(key=lambda w: (w.span.start if w.span else -1, w.code, w.message))
    _number_lines(warnings, source.text)

    plan = {
        "title": meta.title or "",
        "doc_number": meta.doc_number,
        "issuer": meta.issuer,
        "jurisdiction": meta.jurisdiction,
        "issued": meta.issued,
        "status": meta.status,
        "jurisdiction_parts": meta.jurisdiction_parts,
        "title_span": meta.title_span.span().to_dict() if meta.title_span is not None else None,
    }
    _fill_from_file_metadata(plan, dict(getattr(source, "metadata", ())), warnings)
    if not plan["title"]:
        warnings.insert(0, RecordWarning("title-not-found", "no plan title found in the document"))
    elif meta.title_cut and meta.title_span is not None:
        where = meta.title_span.span()
        warnings.insert(0, RecordWarning(
            "title-restored", f"the title line 「{meta.title_cut}」 lost its beginning; read as "
            f"「{meta.title}」 from where the plan names itself", where,
            source.text.count("\n", 0, where.start) + 1))
    agencies = _agency_list(folder, tasks, indicators, meta.jurisdiction_parts)
    foldings = [folding.to_dict(count) for folding, count in folder.foldings()]
    return PlanRecord(
        source=_source_fields(source),
        plan=plan, citations=citations, tasks=tasks, indicators=indicators,
        hospitals=hospitals, warnings=warnings, agency_foldings=foldings, agencies=agencies,
        understanding=understanding,
    )


def _draft_task(task_item: TaskItem) -> _TaskDraft:
    item = task_item.item
    text = item.full_text()
    span = Span(item.marker.span().start, max(text.span().end, item.marker.span().end))
    draft = _TaskDraft(task_item, text, span)
    for clause in find_clauses(text.text):
        quote = text.text[clause.start:clause.end]
        draft.units.extend(_UnitRef(unit, text, quote) for unit in clause.units)
        if clause.deadline:
            raw, start, end = clause.deadline
            parsed = parse_deadline(raw)
            if parsed:
                draft.clause_deadlines.append((parsed, text[start:end]))
    return draft


def _tasks_from_tables(tables: list[Table], source: str | None = None) -> list[_TaskDraft]:
    """One task per filled task cell of a task-division table, numbered as the cell is; its
    title read with ``source`` (a cell wrapped over lines is one phrase, not a lead phrase
    and a sentence)."""
    drafts: list[_TaskDraft] = []
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
            drafts.append(_TaskDraft(task_item, item.head, label.span()))
    ids = [d.task_item.id for d in drafts]
    if len(ids) != len(set(ids)):
        for index, draft in enumerate(drafts, 1):
            draft.task_item.id = str(index)
    return drafts


def _labels(label: MappedStr, source: str | None = None
            ) -> list[tuple[int | None, str, MappedStr]]:
    """(number, title, where) for each label in a task cell: 4. X。5. X。 holds two."""
    text = label.text
    starts = [m.start() for m in re.finditer(
        r"(?:(?<=^)|(?<=[。；;\s]))(?:\d{1,3}\s*[.．、](?!\d)|[（(][一二三四五六七八九十]{1,3}[）)])",
        text)]
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
    label_title = TITLE_NOISE.sub("", label_title)
    task_title = TITLE_NOISE.sub("", task_title)
    if not label_title or not task_title:
        return 0.0
    if label_title == task_title:
        return 2.0
    if len(label_title) >= 4 and len(task_title) >= 4 and (
            label_title in task_title or task_title in label_title):
        return 1.5
    shared = len(set(label_title) & set(task_title))
    ratio = 2 * shared / (len(set(label_title)) + len(set(task_title)))
    return ratio if ratio >= 0.75 else 0.0


class _Candidates:
    """The tasks a table label is scored against: every one in a plan of ordinary size; in a
    very long one, the MATCH_WINDOW either side of the last row's task plus the first task
    with the label's title, number, or both (scoring every task for every row was quadratic:
    a 1 MB table took minutes)."""

    def __init__(self, drafts: list[_TaskDraft]):
        self.drafts = drafts
        self.place = {id(draft): index for index, draft in enumerate(drafts)}
        self.first: dict[object, int] = {}
        for index, draft in enumerate(drafts):
            item = draft.task_item.item
            for key in (("title", item.title), ("number", item.number),
                        ("both", item.number, item.title)):
                self.first.setdefault(key, index)

    def near(self, labels: list[tuple[int | None, str, MappedStr]],
             last: _TaskDraft | None) -> list[_TaskDraft]:
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


def _match_label(label: MappedStr, candidates: _Candidates, last: _TaskDraft | None,
                 warnings: list[RecordWarning], source: str | None = None) -> _TaskDraft | None:
    labels = _labels(label, source)
    best: tuple[float, int, _TaskDraft | None] = (0.0, 0, None)
    drafts = candidates.near(labels, last)
    for position, (number, title, _) in enumerate(labels):
        for draft in drafts:
            item = draft.task_item.item
            score = _title_score(title, item.title)
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


def _assign_rows(table: Table, drafts: list[_TaskDraft], warnings: list[RecordWarning],
                 source: str | None = None) -> None:
    kind = "safeguard" if table.kind == "safeguard-division" else "task"
    candidates = _Candidates([d for d in drafts if d.task_item.kind == kind] or drafts)
    current: _TaskDraft | None = None
    last_match: _TaskDraft | None = None
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
        units: list[_UnitRef] = []
        for column, role in (("lead", "lead"), ("responsible", "responsible"),
                             ("cooperating", "cooperating")):
            value = cell(row, table, column)
            if value is not None and value.text:
                units.extend(_UnitRef(unit, value, value.text)
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
        row_span = concat([c for c in row.cells if len(c)]).span()
        if text is None or not text.text:
            continue
        draft_row = _RowDraft(text, label if label is not None and label.text else None, units,
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


def _finish_task(draft: _TaskDraft, folder: AgencyFolder, warnings: list[RecordWarning]) -> Task:
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
        number=item.written, assignments=assignments, hospitals=_unique(hospital_names),
        deadline_written=deadline_written,
    )
    if not responsible:
        warnings.append(RecordWarning(
            f"{task.kind}-without-responsible",
            f"{task.kind} {task.id} 「{task.title}」 names no responsible unit",
            item.marker.span()))
    return task


def _task_deadline(draft: _TaskDraft) -> tuple[str | None, str | None]:
    """A clause's own deadline first, then the table rows', then 到2027年 in the text."""
    for found in ([d for d, _ in draft.clause_deadlines],
                  [row.deadline for row in draft.rows if row.deadline],
                  find_deadlines(draft.text.text)):
        if found:
            value = latest(found)
            written = next((d.raw for d in found if d.value == value), None)
            return value, written
    return None, None


def _responsible(ref: _UnitRef, folder: AgencyFolder) -> Responsible:
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


def _indicator_rows(table: Table, warnings: list[RecordWarning]) -> list[tuple[Indicator, list]]:
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
        refs: list[_UnitRef] = []
        responsible_cell = cell(row, table, "responsible") or cell(row, table, "lead")
        if responsible_cell is not None and responsible_cell.text:
            refs = [_UnitRef(unit_mention, responsible_cell)
                    for unit_mention in split_unit_cell(responsible_cell.text, "responsible")]
        span = concat([c for c in row.cells if len(c)]).span()
        results.append((Indicator(name, category, unit, values, [], "table", span,
                                  number=number), refs))
    return results


def _prose_indicators(drafts: list[_TaskDraft], tasks: list[Task], outline: Outline,
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


def _target_key(name: str, value: str) -> tuple[str, str]:
    """An indicator's name without brackets and spaces, with a value: the same target restated."""
    return re.sub(r"[（(][^（）()]*[）)]|\s", "", name), value.strip()


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


def _document_hospitals(regions: Regions, paras: list[Para], tasks: list[Task]) -> list[str]:
    """The document's hospitals, a short form folded onto its full name (also in each task)."""
    names: list[str] = []
    front = {id(para) for para in regions.front}  # by identity: `in` on a list is O(n) a para
    for para in paras:
        if para.kind == "break" or id(para) in front:
            continue
        names += [mention.name for mention in find_hospitals(para.text.text)]
    folded = fold_document_names(_unique(names + [n for t in tasks for n in t.hospitals]))
    for task in tasks:
        task.hospitals = _unique(folded[name] for name in task.hospitals)
    return _unique(folded[name] for name in names)


def _citations(regions: Regions, paras: list[Para], meta) -> list[Citation]:
    pieces = [p.text for p in paras if p.kind != "break"]
    joined = concat(pieces, "\n")
    basis_end = len(joined.text)
    offset = 0
    body = {id(para) for para in regions.body}  # by identity: `in` on a list is O(n) a para
    for para in paras:
        if para.kind == "break":
            continue
        heading = match_heading(para.text.text) if id(para) in body else None
        if heading is not None and heading[0] == 1:
            basis_end = offset
            break
        offset += len(para.text.text) + 1
    exclude_titles = {meta.title} if meta.title else set()
    exclude_numbers = {meta.doc_number} if meta.doc_number else set()
    found = citation_rules.find_citations(joined.text, basis_end=basis_end,
                                          exclude_titles=exclude_titles,
                                          exclude_numbers=exclude_numbers)
    return [Citation(c.doc_number, c.title, c.relation, joined.span(c.start, c.end),
                     [joined.span(s, e) for s, e in c.mentions]) for c in found]


def _fill_from_file_metadata(plan: dict, metadata: dict[str, str],
                             warnings: list[RecordWarning]) -> None:
    """A web page's info table (发文字号, 成文日期, 发布机构, 标题) fills what the text lacks;
    the text wins where it has the field, and the record says which fields came from the page."""
    taken = []
    for field_name in ("title", "doc_number", "issuer", "issued"):
        if not plan.get(field_name) and metadata.get(field_name):
            plan[field_name] = metadata[field_name]
            taken.append(field_name)
    if taken:
        warnings.insert(0, RecordWarning(
            "metadata-from-file", "not in the text; taken from the file's own metadata (the "
            "page's info table): " + ", ".join(f"{name} 「{plan[name]}」" for name in taken)))


def _document_warnings(source: SourceText | Document, regions: Regions,
                       tasks: list[Task]) -> list[RecordWarning]:
    warnings = []
    for note in getattr(source, "notes", ()):   # what the reader of a PDF, scan ... noticed
        span = Span(note.start, note.end) if note.start is not None else None
        warnings.append(RecordWarning(note.code, note.message, span))
    for lost in find_lost_numbers(source.text):
        warnings.append(RecordWarning("lost-number", lost.message, Span(lost.start, lost.end)))
    for found in re.finditer("\ufffd+", source.text):
        warnings.append(RecordWarning("replacement-character",
                                "a character was lost in conversion (U+FFFD in the text)",
                                Span(found.start(), found.end())))
    if not tasks:
        warnings.append(RecordWarning("no-tasks", "no numbered tasks found in the document"))
    body_texts = [p for p in regions.body if p.kind == "text"]
    if body_texts and not regions.back:
        last = body_texts[-1].text
        if last.text and last.text[-1] not in "。）)！？!?”":
            warnings.append(RecordWarning(
                "document-truncated",
                f"the document ends mid-sentence (「…{last.text[-20:]}」); text may be missing",
                last.span(len(last) - 1, len(last))))
    return warnings


LOW_COVERAGE = 0.6   # below this share of the body inside a task, row or indicator: warn


def _understanding(text: str, regions: Regions, tables: list[Table], tasks: list[Task],
                   indicators: list[Indicator], warnings: list[RecordWarning]) -> dict:
    """How much of the plan the record accounts for, and warnings where it is little.

    The body is the body region's paragraphs and the rows of every table found (a plan may
    state its tasks only in an attached table); it is covered where a task, safeguard, table
    row or indicator spans it. Characters are counted without whitespace, over merged
    intervals: linear in the text, whatever the number of spans.
    """
    body = _merge([p.text.span() for p in regions.body if p.kind != "break" and len(p.text)]
                  + [_row_span(row) for table in tables for row in table.rows])
    covered = _merge([t.span for t in tasks] + [a.span for t in tasks for a in t.assignments]
                     + [i.span for i in indicators])
    inside, gaps = _split_by(body, covered)
    body_characters = sum(_solid(text, start, end) for start, end in body)
    covered_characters = sum(_solid(text, start, end) for start, end in inside)
    coverage = round(covered_characters / body_characters, 3) if body_characters else 0.0
    with_units = [t for t in tasks if t.responsible]
    units_share = round(len(with_units) / len(tasks), 3) if tasks else None
    rows_read = sum(len(t.assignments) for t in tasks) \
        + sum(1 for i in indicators if i.source == "table")
    any_unit = bool(with_units) or any(i.responsible for i in indicators) or any(
        a.responsible for t in tasks for a in t.assignments)

    if body_characters and coverage < LOW_COVERAGE:
        widest = max(gaps, key=lambda gap: _solid(text, *gap), default=None)
        where = ""
        span = None
        if widest is not None and _solid(text, *widest):
            span = Span(*widest)
            excerpt = "".join(text[widest[0]:widest[1]].split())
            where = (f"; the longest stretch outside them begins 「{excerpt[:24]}」 "
                     f"({_solid(text, *widest)} characters)")
        warnings.append(RecordWarning(
            "low-coverage", f"only {covered_characters} of {body_characters} body characters "
            f"({coverage:.0%}) are inside a task, safeguard, table row or indicator{where}",
            span))
    if tasks and not any_unit:
        warnings.append(RecordWarning(
            "no-units", f"the plan has {len(tasks)} tasks and safeguards but names no "
            "responsible unit anywhere (not in a task, a table row or an indicator)"))
    elif len(tasks) - len(with_units) > len(tasks) / 2:
        without = [t for t in tasks if not t.responsible]
        named = "、".join(f"{t.id} 「{t.title[:12]}」" for t in without[:3])
        warnings.append(RecordWarning(
            "most-tasks-without-units", f"{len(without)} of {len(tasks)} tasks and safeguards "
            f"name no responsible unit ({named}{' …' if len(without) > 3 else ''})"))
    return {
        "body_characters": body_characters,
        "covered_characters": covered_characters,
        "coverage": coverage,
        "tasks": len(tasks),
        "tasks_with_units": len(with_units),
        "units_share": units_share,
        "tables_seen": len(tables),
        "table_rows_read": rows_read,
    }


def _row_span(row) -> Span:
    filled = [c for c in row.cells if len(c)]
    return concat(filled).span() if filled else Span(0, 0)


def _merge(spans: list[Span]) -> list[tuple[int, int]]:
    """Sorted, disjoint (start, end) intervals covering the same characters as ``spans``."""
    merged: list[tuple[int, int]] = []
    for span in sorted(s for s in spans if s.end > s.start):
        if merged and span.start <= merged[-1][1]:
            if span.end > merged[-1][1]:
                merged[-1] = (merged[-1][0], span.end)
        else:
            merged.append((span.start, span.end))
    return merged


def _split_by(body: list[tuple[int, int]], covered: list[tuple[int, int]]
              ) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The parts of ``body`` inside ``covered`` and those outside (both merged, sorted):
    one walk over the two lists."""
    inside: list[tuple[int, int]] = []
    outside: list[tuple[int, int]] = []
    index = 0
    for start, end in body:
        position = start
        while index < len(covered) and covered[index][1] <= position:
            index += 1
        scan = index
        while scan < len(covered) and covered[scan][0] < end:
            cover_start, cover_end = covered[scan]
            if cover_start > position:
                outside.append((position, cover_start))
            inside.append((max(position, cover_start), min(end, cover_end)))
            position = min(end, cover_end)
            if cover_end > end:
                break
            scan += 1
        index = scan
        if position < end:
            outside.append((position, end))
    return inside, outside


def _solid(text: str, start: int, end: int) -> int:
    """Characters of ``text[start:end]`` that are not whitespace."""
    return sum(len(piece) for piece in text[start:end].split())


def _number_lines(warnings: list[RecordWarning], text: str) -> None:
    """Set each warning's line from its span; the warnings are sorted by start, so one walk
    over the text counts the newlines (counting from the start for each was quadratic)."""
    line, counted_to = 1, 0
    for warning in warnings:
        if warning.span is None:
            continue
        line += text.count("\n", counted_to, warning.span.start)
        counted_to = max(counted_to, warning.span.start)
        warning.line = line


def _agency_list(folder: AgencyFolder, tasks: list[Task], indicators: list[Indicator],
                 jurisdiction_parts: list[str]) -> list[dict]:
    written: dict[str, list[str]] = {}
    for task in tasks:
        for entry in task.responsible + [r for a in task.assignments for r in a.responsible]:
            forms = written.setdefault(entry.agency, [])
            if entry.written not in forms:
                forms.append(entry.written)
            if entry.alias and entry.alias not in forms:
                forms.append(entry.alias)
    for indicator in indicators:
        for name in indicator.responsible:
            written.setdefault(name, [])
    return [{"name": name, "concept": jurisdiction_concept(name, jurisdiction_parts),
             "written": [form for form in forms if form != name]}
            for name, forms in written.items()]


def _unique(items) -> list:
    seen: dict = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)


__all__ = ["Item", "build_record", "extract_plan"]
