"""`policykg show` and the evidence it follows (issue 17 item 5): every evidence in the graph
carries the line and column where its span starts, and `show` prints them with the source
lines around, from a store built from the bundled plans."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from policykg.cli import cli
from policykg.graph.build import records_to_graph
from policykg.graph.model import Evidence
from policykg.graph.stores.embedded_store import EmbeddedStore
from policykg.loaders.locations import CONTEXT_LIMIT, SpanLocations
from policykg.loaders.mapped import Span
from policykg.loaders.normalize import normalise
from policykg.loaders.plan import extract_plan

ROOT = Path(__file__).resolve().parents[2]
SEED = "000_e81826a0173922c6.txt"
DOC_NUMBER = "渝北府办发〔2022〕40号"
EVIDENCE_READ = (
    "MATCH (n) WHERE n.span_start IS NOT NULL AND n.source_path IS NOT NULL "
    "RETURN n.key AS key, n.source_path AS path, n.span_start AS start, n.line AS line, "
    "n.column AS column, n.quote AS quote, n.context AS context")
RELATIONSHIP_EVIDENCE = (
    "MATCH ()-[r]->() WHERE r.span_start IS NOT NULL "
    "RETURN r.key AS key, r.source_path AS path, r.span_start AS start, r.line AS line, "
    "r.column AS column, r.quote AS quote, r.context AS context")


def show(root: Path, *args: str, monkeypatch) -> object:
    monkeypatch.chdir(root)
    return CliRunner().invoke(cli, ["show", *args, "--store", "store"], env={"NEO4J_URI": ""},
                              catch_exceptions=False)


@pytest.fixture(scope="module")
def built_here(tmp_path_factory):
    root = tmp_path_factory.mktemp("show")
    shutil.copytree(ROOT / "samples" / "plans", root / "plans")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        result = CliRunner().invoke(cli, ["build", "plans", "--store", "store"],
                                    env={"NEO4J_URI": ""}, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return root


def test_show_prints_the_lead_agency_of_task_17_at_its_line(built_here, monkeypatch):
    result = show(built_here, DOC_NUMBER, "17", monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("Task 17  深化医疗服务价格改革")
    assert "section: 激活公立医院高质量发展新动力" in out
    assert "deadline: ongoing" in out
    # the line of the file where the table row of task 17 names its lead unit
    lines = (built_here / "plans" / SEED).read_text(encoding="utf-8").splitlines()
    row = next(i for i, line in enumerate(lines) if line.startswith("\t17. 深化医疗服务价格改革"))
    lead = next(i for i in range(row, len(lines)) if lines[i].strip() == "区医保局") + 1
    block = out.split("lead 牵头: 区医保局\n", 1)[1].splitlines()
    assert block[0].strip() == f"plans/{SEED}:{lead}:{len(lines[lead - 1]) - 4 + 1}"
    excerpt = [line.strip() for line in block[1:6]]   # two lines before, marked, two after
    assert excerpt[2] == f"> {lead} │     >>区医保局<<"
    assert [line.split(" │")[0].lstrip("> ") for line in excerpt] == [
        str(n) for n in range(lead - 2, lead + 3)]
    assert "cooperating 配合: 区卫生健康委" in out
    assert result.stderr == ""


def test_show_finds_a_task_by_title_fragment_and_brackets(built_here, monkeypatch):
    by_title = show(built_here, "渝北府办发[2022]40号", "医疗服务价格改革", monkeypatch=monkeypatch)
    assert by_title.exit_code == 0, by_title.output
    assert by_title.stdout.startswith("Task 17  深化医疗服务价格改革")
    ambiguous = show(built_here, DOC_NUMBER, "改革", monkeypatch=monkeypatch)
    assert ambiguous.exit_code == 1 and "is ambiguous" in ambiguous.stderr
    assert len(ambiguous.stderr.strip().splitlines()) == 1


def test_show_a_plan_lists_its_tasks_and_a_key_shows_its_node(built_here, monkeypatch):
    plan = show(built_here, DOC_NUMBER, monkeypatch=monkeypatch)
    assert plan.exit_code == 0, plan.output
    assert f"Plan {DOC_NUMBER}" in plan.stdout and "  17         深化医疗服务价格改革" in plan.stdout
    agency = show(built_here, "agency:重庆市渝北区:区医保局", monkeypatch=monkeypatch)
    assert agency.exit_code == 0, agency.output
    assert "-> IN_JURISDICTION jurisdiction:重庆市渝北区" in agency.stdout
    assert f"-> LEADS task:document:{DOC_NUMBER}:17  plans/{SEED}:465:2" in agency.stdout
    task = show(built_here, f"task:document:{DOC_NUMBER}:17", monkeypatch=monkeypatch)
    assert task.stdout.startswith("Task 17  深化医疗服务价格改革")


def test_a_changed_source_is_said_in_one_line_and_the_kept_context_shown(tmp_path,
                                                                         monkeypatch):
    (tmp_path / "plans").mkdir()
    shutil.copy(ROOT / "samples" / "plans" / SEED, tmp_path / "plans" / SEED)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    built = runner.invoke(cli, ["build", "plans", "--store", "store"], env={"NEO4J_URI": ""})
    assert built.exit_code == 0, built.output
    source = tmp_path / "plans" / SEED
    source.write_text(source.read_text(encoding="utf-8") + "\n附件\n", encoding="utf-8")
    result = show(tmp_path, DOC_NUMBER, "17", monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    warnings = result.stderr.strip().splitlines()
    assert warnings == [f"Warning: plans/{SEED} has changed since the graph was built (its "
                        "sha256 is not the one read then): showing the context kept in the "
                        "graph"]
    assert "kept: 「17.深化医疗服务价格改革。 | 强化基本医疗卫生事业公益属性" in result.stdout
    assert "│" not in result.stdout
    source.unlink()
    gone = show(tmp_path, DOC_NUMBER, "17", monkeypatch=monkeypatch)
    assert gone.stderr.strip().splitlines() == [
        f"Warning: plans/{SEED} is gone: showing the context kept in the graph"]


def test_every_evidence_in_the_store_points_at_its_text(built_here):
    """Line and column of every evidence of the five plans (nodes and relationships, read
    from the store) point at the text of its span; the quote is in the span or its context."""
    store = EmbeddedStore(built_here / "store", read_only=True)
    try:
        rows = store.read(EVIDENCE_READ) + store.read(RELATIONSHIP_EVIDENCE)
    finally:
        store.close()
    texts: dict[str, list[str]] = {}
    checked = 0
    for row in rows:
        if row["path"].startswith("policykg:"):   # the parent-document registry: no lines
            continue
        if row["path"] not in texts:
            text = (built_here / row["path"]).read_text(encoding="utf-8")
            texts[row["path"]] = [text, text.splitlines(keepends=True)]
        text, lines = texts[row["path"]]
        assert row["line"] is not None, row["key"]
        line = lines[row["line"] - 1]
        start = sum(len(before) for before in lines[:row["line"] - 1]) + row["column"] - 1
        assert start == row["start"], row["key"]
        if row["key"].startswith("task:") and ":row:" not in row["key"]:   # its title
            after = "".join("".join(lines[row["line"] - 1:row["line"] + 3])[
                row["column"] - 1:].split())
            assert "".join(row["quote"].split())[:6] in after[:80], row
        if "|LEADS|" in row["key"]:   # the lead unit's name starts at its line and column
            assert line[row["column"] - 1:].startswith(row["quote"][:2]), row
        assert row["context"] and len(row["context"]) <= CONTEXT_LIMIT + 2, row["key"]
        flat = "".join(row["context"].split()).replace("|", "")
        if row["key"].startswith("section:"):   # a section's evidence is its first task's
            continue
        assert "".join(row["quote"].split())[:4] in flat or row["key"].endswith(
            tuple(f"|{n}" for n in range(1, 20))) or row["key"].startswith("indicator"), row
        checked += 1
    tasks = [row for row in rows if row["key"].startswith("task:") and ":row:" not in row["key"]]
    assert len(tasks) == 131 and checked > 1000


def test_every_task_evidence_line_holds_its_quote():
    """For every task of the five plans, the line its evidence starts on holds the start of
    its quote (the title; the table row's task cell for a table-only task)."""
    for path in sorted((ROOT / "samples" / "plans").glob("*.txt")):
        record = extract_plan(path)
        lines = path.read_text(encoding="utf-8").splitlines()
        model = records_to_graph([record])
        for node in model.documents[0].nodes:
            if node.label != "Task":
                continue
            evidence = node.evidence
            assert evidence is not None and evidence.line is not None
            line = "".join(lines[evidence.line - 1][evidence.column - 1:].split())
            title = "".join(evidence.quote.split())
            assert title[:6] in line or title[:6] in "".join(
                "".join(lines[evidence.line - 1:evidence.line + 3]).split()), (path.name, title)


def test_locations_columns_pages_and_contexts():
    text = "一、总体要求\r\n为了甲乙。丙丁\n戊己；庚辛\n\n\t17. 任务\n\t区医保局\n\t持续推进\n\t\n\n"
    locations = SpanLocations(text, normalise(text))
    start = text.index("丙丁")
    where = locations.locate(Span(start, start + 2))
    assert (where.line, where.column, where.page) == (2, 6, None)
    assert where.context == "丙丁戊己；"          # the sentence, its line break joined
    cell = text.index("区医保局")
    where = locations.locate(Span(cell, cell + 4))
    assert (where.line, where.column) == (6, 2)
    assert where.context == "17.任务 | 区医保局 | 持续推进"   # the table row (cells normalised)
    assert locations.line_column(len(text)) == (10, 1)
    long = "甲" * 1000 + "乙乙" + "丙" * 1000 + "。"
    where = SpanLocations(long, normalise(long)).locate(Span(1000, 1002))
    assert "乙乙" in where.context and where.context.startswith("…")
    assert len(where.context) <= CONTEXT_LIMIT + 2


def test_pages_come_from_the_pieces():
    from policykg.loaders.documents.model import Origin, Piece

    text = "第一页文字\n第二页文字\n"
    pieces = [Piece(0, 5, Origin(page=1)), Piece(6, 11, Origin(page=2))]
    locations = SpanLocations(text, normalise(text), pieces)
    assert locations.locate(Span(7, 9)).page == 2
    assert locations.locate(Span(5, 9)).page == 2     # from the line end the composer added
    assert locations.locate(Span(0, 2)).page == 1


def test_evidence_properties_are_json_values():
    properties = Evidence("a.txt", "0" * 64, 1, 2, "q", 1, 2, None, "c").properties()
    assert json.loads(json.dumps(properties))["line"] == 1
    assert set(properties) >= {"line", "column", "context"}
    assert "page" not in properties   # unknown (a text file): absent, not a null column


def test_shows_statements_pass_the_cypher_linter():
    from policykg.commands.show import STATEMENTS
    from tests.cypherlint import lint
    from tests.graph.test_cypher_lint import graph_schema

    schema = graph_schema()
    schema["parameters"] = {**schema["parameters"], "key": "", "plan": ""}
    found = lint({f"{i}": text for i, text in enumerate(STATEMENTS)}, schema)
    assert {STATEMENTS[int(name)]: messages for name, messages in found.items()
            if messages} == {}
