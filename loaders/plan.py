"""Orchestration: one decoded document -> one plan record (tasks, responsibility, evidence).

Stages: normalise (paragraphs and cells with source offsets) -> regions and metadata ->
outline (numbered items) -> tasks -> tables (assignments, indicators) -> agency folding ->
citations, hospitals, targets -> warnings. Nothing here talks to a database.

The stages live in their own modules; this one calls them in order: task drafts and the Task
each becomes (task_drafts), table rows matched to tasks (table_rows), indicator tables and
targets in prose (indicators), damage to the document (damage), and how much of the plan the
record accounts for (understanding).
"""

from __future__ import annotations

import bisect
import itertools
from pathlib import Path

from .agencies import (
    AgencyFolder,
    agency_jurisdiction,
    hospital_jurisdiction,
    jurisdiction_concept,
)
from .damage import document_warnings
from .documents import Document, read_file
from .indicators import indicator_rows, prose_indicators
from .locations import SpanLocations
from .mapped import MappedStr, Span
from .memo import one_document
from .metadata import Regions, normalise_title, read_metadata, split_regions
from .normalize import Para, normalise
from .record import (
    Agency,
    AgencyFolding,
    AgencyForm,
    Citation,
    Indicator,
    PlanInfo,
    PlanRecord,
    RecordWarning,
    Source,
    Task,
)
from .rules import citations as citation_rules
from .rules.hospitals import find_hospitals, fold_document_names
from .source import DEFAULT_MAX_SIZE, SourceText
from .structure import Item, build_outline, collect_tasks, match_heading, numbering_notes
from .table_rows import assign_rows, tasks_from_tables
from .tables import find_tables, table_warnings
from .task_drafts import UnitRef, draft_task, finish_task, unique
from .understanding import understanding_of


def extract_plan(path: str | Path, max_size: int = DEFAULT_MAX_SIZE, *,
                 found_in_folder: bool = False) -> PlanRecord:
    """Read one file of any supported format and extract its plan record (raises LoaderError
    for unreadable or unsupported files and for files over ``max_size`` bytes)."""
    return build_record(read_file(path, max_size, found_in_folder=found_in_folder))


def _source_fields(source: SourceText | Document) -> Source:
    """The record's `source`: the file (path, sha256 of its bytes, encoding) and, for a file
    that is not plain text, its format, the sha256 of the text the rules read (every span is
    an offset into that text; `policykg text FILE` prints it) and where each stretch of that
    text is in the file (page, paragraph, table cell, element)."""
    fields = Source(source.path, source.sha256, source.encoding, len(source.text))
    if isinstance(source, Document) and source.format != "text":
        fields.format = source.format
        fields.text_sha256 = source.text_sha256
        fields.layout = source.layout()
    return fields


def build_record(source: SourceText | Document) -> PlanRecord:
    """The plan record of a decoded text file or a Document read by the document stage."""
    with one_document():   # the rules remember per-text results until the record is built
        return _build_record(source)


def _build_record(source: SourceText | Document) -> PlanRecord:
    paras = normalise(source.text)
    regions = split_regions(paras)
    meta = read_metadata(regions, paras)
    outline = build_outline(regions.body)
    task_items = collect_tasks(outline)
    warnings: list[RecordWarning] = []
    for code, message, where in outline.notes + numbering_notes(outline, task_items):
        warnings.append(RecordWarning(code, message, where.span()))

    drafts = [draft_task(task_item) for task_item in task_items]
    tables = find_tables([p for p in paras if p.kind != "text"])
    warnings.extend(table_warnings(tables))
    table_indicators: list[tuple[Indicator, list[UnitRef]]] = []
    if not any(d.task_item.kind == "task" for d in drafts):
        # some plans state their tasks only in the task-division table (no numbered body)
        drafts += tasks_from_tables(tables, source.text)
    for table in tables:
        if table.kind in ("task-division", "safeguard-division"):
            assign_rows(table, drafts, warnings, source.text)
        elif table.kind == "indicator":
            table_indicators.extend(indicator_rows(table, warnings))

    names = [ref.mention.name for draft in drafts for ref in draft.units]
    names += [ref.mention.name for draft in drafts for row in draft.rows for ref in row.units]
    names += [ref.mention.name for _, refs in table_indicators for ref in refs]
    folder = AgencyFolder(names)

    tasks = [finish_task(draft, folder, warnings) for draft in drafts]
    indicators: list[Indicator] = []
    for indicator, refs in table_indicators:
        indicator.responsible = unique(folder.canonical(ref.mention.name) for ref in refs)
        indicators.append(indicator)
    indicators.extend(prose_indicators(drafts, tasks, outline, indicators))

    hospitals = _document_hospitals(regions, paras, tasks)
    citations = _citations(regions, paras, meta)
    warnings.extend(document_warnings(source, regions, tasks))
    understanding = understanding_of(source.text, regions, tables, tasks, indicators, warnings)
    for written in (where.span() for where in meta.impossible_dates):
        warnings.append(RecordWarning("impossible-date", "the date of issue 「"
                                f"{source.text[written.start:written.end]}」 is not a real "
                                "date; it is not read as one", written))
    warnings.sort(key=lambda w: (w.span.start if w.span else -1, w.code, w.message))
    _number_lines(warnings, source.text)

    plan = PlanInfo(meta.title or "", meta.doc_number, meta.issuer, meta.jurisdiction,
                    meta.issued, meta.status, meta.jurisdiction_parts,
                    meta.title_span.span() if meta.title_span is not None else None)
    _fill_from_file_metadata(plan, dict(getattr(source, "metadata", ())), warnings)
    # what the graph keys and places the plan by
    plan.title_key = normalise_title(plan.title)
    plan.issuer_jurisdiction = agency_jurisdiction(plan.issuer or "", meta.jurisdiction_parts)
    if not plan.title:
        warnings.insert(0, RecordWarning("title-not-found", "no plan title found in the document"))
    elif meta.title_cut and meta.title_span is not None:
        where = meta.title_span.span()
        warnings.insert(0, RecordWarning(
            "title-restored", f"the title line 「{meta.title_cut}」 lost its beginning; read as "
            f"「{meta.title}」 from where the plan names itself", where,
            source.text.count("\n", 0, where.start) + 1))
    agencies = _agency_list(folder, tasks, indicators, meta.jurisdiction_parts)
    foldings = [AgencyFolding(folding.written, folding.canonical, folding.rule, folding.reason,
                              count) for folding, count in folder.foldings()]
    jurisdiction = "".join(meta.jurisdiction_parts)
    hospital_jurisdictions = {name: hospital_jurisdiction(name, jurisdiction)
                              for name in hospitals + [n for t in tasks for n in t.hospitals]}
    return PlanRecord(
        source=_source_fields(source),
        plan=plan, citations=citations, tasks=tasks, indicators=indicators,
        hospitals=hospitals, warnings=warnings, agency_foldings=foldings, agencies=agencies,
        understanding=understanding, hospital_jurisdictions=hospital_jurisdictions,
        # for the graph's evidence: spans -> line, column, page, context (not in the JSON)
        locations=SpanLocations(source.text, paras, getattr(source, "pieces", ())),
    )


def _document_hospitals(regions: Regions, paras: list[Para], tasks: list[Task]) -> list[str]:
    """The document's hospitals, a short form folded onto its full name (also in each task)."""
    names: list[str] = []
    front = {id(para) for para in regions.front}  # by identity: `in` on a list is O(n) a para
    for para in paras:
        if para.kind == "break" or id(para) in front:
            continue
        names += [mention.name for mention in find_hospitals(para.text.text)]
    folded = fold_document_names(unique(names + [n for t in tasks for n in t.hospitals]))
    for task in tasks:
        task.hospitals = unique(folded[name] for name in task.hospitals)
    return unique(folded[name] for name in names)


def _citations(regions: Regions, paras: list[Para], meta) -> list[Citation]:
    pieces = [p.text for p in paras if p.kind != "break"]
    text = "\n".join(piece.text for piece in pieces)   # concat(pieces, "\n").text
    basis_end = len(text)
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
    found = citation_rules.find_citations(text, basis_end=basis_end,
                                          exclude_titles=exclude_titles,
                                          exclude_numbers=exclude_numbers)
    if not found:
        return []
    joined = _Joined(pieces)
    return [Citation(c.doc_number, c.title, c.relation, joined.span(c.start, c.end),
                     [joined.span(s, e) for s, e in c.mentions],
                     normalise_title(c.title) if c.title else None) for c in found]


class _Joined:
    """``concat(pieces, "\n")`` for its spans only, read from the pieces: the few citations
    of a plan need no map of the whole text (a separator maps to the piece after it)."""

    def __init__(self, pieces: list[MappedStr]):
        self.pieces = pieces
        self.starts = list(itertools.accumulate((len(piece) + 1 for piece in pieces[:-1]),
                                                initial=0))
        self.size = self.starts[-1] + len(pieces[-1]) if pieces else 0

    def _offset(self, index: int) -> int:
        """concat(...).source_offset(index) of a non-empty joined text."""
        past = 0
        if index >= self.size:
            index, past = self.size - 1, 1
        at = bisect.bisect_right(self.starts, index) - 1
        local = index - self.starts[at]
        if local == len(self.pieces[at]):   # the separator after piece ``at``
            return self.pieces[at + 1].source_offset(0) + past
        return self.pieces[at].source_offset(local) + past

    def span(self, start: int, end: int) -> Span:
        if end <= start:
            return Span(self._offset(start), self._offset(start))
        return Span(self._offset(start), self._offset(end - 1) + 1)


def _fill_from_file_metadata(plan: PlanInfo, metadata: dict[str, str],
                             warnings: list[RecordWarning]) -> None:
    """A web page's info table (发文字号, 成文日期, 发布机构, 标题) fills what the text lacks;
    the text wins where it has the field, and the record says which fields came from the page."""
    taken = []
    for field_name in ("title", "doc_number", "issuer", "issued"):
        if not getattr(plan, field_name) and metadata.get(field_name):
            setattr(plan, field_name, metadata[field_name])
            taken.append(field_name)
    if taken:
        warnings.insert(0, RecordWarning(
            "metadata-from-file", "not in the text; taken from the file's own metadata (the "
            "page's info table): " + ", ".join(f"{name} 「{getattr(plan, name)}」"
                                              for name in taken)))


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
                 jurisdiction_parts: list[str]) -> list[Agency]:
    """Each agency once, with the forms it is written in: each form's kind from the folding
    that produced the name (a damaged form or a variant), and the jurisdiction it belongs to."""
    written: dict[str, dict[str, AgencyForm]] = {}
    for task in tasks:
        for entry in task.responsible + [r for a in task.assignments for r in a.responsible]:
            forms = written.setdefault(entry.agency, {})
            if entry.written not in forms:
                forms[entry.written] = folder.form(entry.written, entry.agency, entry.alias)
            if entry.alias and entry.alias not in forms:
                forms[entry.alias] = AgencyForm(entry.alias, "variant", "alias")
    for indicator in indicators:
        for name in indicator.responsible:
            written.setdefault(name, {})
    agencies = []
    for name, forms in written.items():
        others = [form for written_as, form in forms.items() if written_as != name]
        agencies.append(Agency(name, jurisdiction_concept(name, jurisdiction_parts),
                               [form.written for form in others],
                               agency_jurisdiction(name, jurisdiction_parts), others))
    return agencies


__all__ = ["Item", "build_record", "extract_plan"]
