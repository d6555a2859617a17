"""The bulk path (issue 19): the bundled plans through `policykg bulk` (parallel extraction,
import CSVs, `neo4j-admin database import full` into a real Neo4j 5.26) give the graph the
online writer gives, and the online writer goes on from it incrementally. `bulk` writes its data
files gzipped by default (.csv.gz, which the import tool reads as they are): the real import of
those, and of the plain files `export` writes by default, give the same canonical dump.

The import needs its database offline, so these tests run a throwaway server of their own
(scripts/neo4j-local, data in a tmp folder) on the test ports + 1
(POLICYKG_TEST_BOLT_PORT / POLICYKG_TEST_HTTP_PORT, default 17687 / 17474), never the
session's server.
"""

from __future__ import annotations

import gzip
import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

import policykg.bulk
from policykg.builder import build
from policykg.bulk import extract_documents
from policykg.cli import cli
from policykg.graph.model import Label, Rel
from policykg.graph.sinks.neo4j_import import graph_state, set_relationship_lists, write_import
from policykg.graph.stores.neo4j_store import Neo4jStore
from policykg.inputs import resolve_inputs
from tests.conftest import SCRIPT, TEST_PASSWORD
from tests.seedlib import BUNDLED
from tests.storedump import dump_store

LEAD_OF_TASK = ("MATCH (a:Agency)-[:LEADS]->(t:Task {task_id: $task})<-[:HAS_TASK]-"
                "(:Plan {doc_number: $plan}) RETURN a.name AS agency ORDER BY agency")
SEED_000 = "000_e81826a0173922c6.txt"
# seed 000's table row of task 17: 牵头单位 区医保局, then 区卫生健康委 cooperating
ROW_17 = "\t区医保局\n\t区卫生健康委\n\t持续推进\n\t\n\n\t18."


@pytest.fixture(scope="module")
def bulk_server(tmp_path_factory):
    """The environment of a throwaway local Neo4j: `policykg bulk` starts it (after the
    import); stopped at the end."""
    bolt = int(os.environ.get("POLICYKG_TEST_BOLT_PORT", "17687")) + 1
    http = int(os.environ.get("POLICYKG_TEST_HTTP_PORT", "17474")) + 1
    env = {**os.environ, "NEO4J_PASSWORD": TEST_PASSWORD, "NEO4J_BOLT_PORT": str(bolt),
           "NEO4J_HTTP_PORT": str(http), "CI": "true",   # CI: no class-data archive dumped
           "NEO4J_DATA_DIR": str(tmp_path_factory.mktemp("bulk-neo4j")),
           "NEO4J_STATE_DIR": str(tmp_path_factory.mktemp("bulk-neo4j-state"))}
    env.pop("NEO4J_URI", None)
    try:
        yield env
    finally:
        subprocess.run([str(SCRIPT), "stop"], env=env, capture_output=True, text=True)


def files_in(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_import_files_are_deterministic(tmp_path):
    """The same plans give the same bytes, with one extraction process or two."""
    inputs = resolve_inputs([Path(p) for p in BUNDLED])
    for processes, folder in ((1, tmp_path / "one"), (2, tmp_path / "two")):
        write_import(graph_state(extract_documents(inputs, processes).documents), folder)
    assert files_in(tmp_path / "one") == files_in(tmp_path / "two")
    args = (tmp_path / "one" / "import.args").read_text(encoding="utf-8").splitlines()
    assert "--nodes=nodes-Document-Plan-header.csv,nodes-Document-Plan.csv" in args
    # every plan is a row of the plan file, its doc number read from its source text
    plans = (tmp_path / "one" / "nodes-Document-Plan.csv").read_text(encoding="utf-8")
    assert "渝北府办发〔2022〕40号" in (Path(BUNDLED[0]).read_text(encoding="utf-8"))
    assert '"渝北府办发〔2022〕40号"' in plans


def data_files(folder: Path) -> list[str]:
    """The data files import.args lists (after the header of each --nodes/--relationships line)."""
    return [name for line in (folder / "import.args").read_text(encoding="utf-8").splitlines()
            if line.startswith(("--nodes=", "--relationships=")) for name in line.split(",")[1:]]


def test_bulk_equals_the_online_writer(bulk_server, plans, tmp_path, monkeypatch):
    files = sorted(plans.glob("*.txt"))
    kept, exported, plain = tmp_path / "kept", tmp_path / "exported", tmp_path / "plain"
    for name, value in bulk_server.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("NEO4J_URI", raising=False)
    # chunks of two plans: the import tool reads files of several chunks joined, gzip
    # members one after another (neo4j_import.py _chunk_groups), as in a national run
    monkeypatch.setattr(policykg.bulk, "CHUNK_DOCUMENTS", 2)
    runner = CliRunner()
    loaded = runner.invoke(cli, ["bulk", str(plans), "-j", "2", "--keep", str(kept)])
    assert loaded.exit_code == 0, loaded.output
    assert f"graph: {len(files)} plans" in loaded.output
    # what the import tool read: gzip data files (the default), plain headers
    imported = data_files(kept)
    assert imported and all(name.endswith(".csv.gz") for name in imported)
    assert all((kept / name).read_bytes()[:2] == b"\x1f\x8b" for name in imported)
    assert not [p.name for p in kept.glob("*.csv") if not p.name.endswith("-header.csv")]
    assert "relationships-HAS_TASK-c00000-header.csv,relationships-HAS_TASK-c00000.csv.gz\n" in (
        kept / "import.args").read_text(encoding="utf-8")
    assert not list(kept.glob("relationships-HAS_TASK-c00001*"))
    # `export --format neo4j-import --compress` writes the very files `bulk` imports; without
    # --compress, the same files as plain CSV
    export = runner.invoke(cli, ["export", str(plans), "--format", "neo4j-import",
                                 "--compress", "-o", str(exported)])
    assert export.exit_code == 0, export.output
    assert files_in(exported) == files_in(kept)
    export = runner.invoke(cli, ["export", str(plans), "--format", "neo4j-import",
                                 "-o", str(plain)])
    assert export.exit_code == 0, export.output
    assert [name + ".gz" for name in data_files(plain)] == imported
    assert all(gzip.decompress((kept / (name + ".gz")).read_bytes())
               == (plain / name).read_bytes() for name in data_files(plain))

    bolt = f"bolt://127.0.0.1:{bulk_server['NEO4J_BOLT_PORT']}"
    store = Neo4jStore(bolt, "neo4j", TEST_PASSWORD)
    try:
        bulk = dump_store(store)
        assert ROW_17 in (plans / SEED_000).read_text(encoding="utf-8")
        assert {"agency": "区医保局"} in store.read(
            LEAD_OF_TASK, {"task": "17", "plan": "渝北府办发〔2022〕40号"})
        constraints = {row["name"] for row in store.read("SHOW CONSTRAINTS YIELD name")}
        assert {"document_key", "agency_key", "task_key", "source_key"} <= constraints
        # bulk returned once every index was online, the full-text index among them
        states = {row["name"]: row["state"]
                  for row in store.read("SHOW INDEXES YIELD name, state")}
        assert states["search_text"] == "ONLINE" and set(states.values()) == {"ONLINE"}
        # the agencies' task totals came in the import files, as the writer keeps them
        totals = store.read("MATCH (a:Agency {name: '区医保局', jurisdiction: '重庆市渝北区'}) "
                            "RETURN a.total_tasks AS total")
        assert totals[0]["total"] > 0

        # the online writer on top of the bulk load: nothing to write, then one changed file
        again = build(store, files)
        assert again.failed == [] and again.written == [] and len(again.skipped) == len(files)
        assert dump_store(store) == bulk
        changed = plans / SEED_000
        changed.write_text(changed.read_text(encoding="utf-8").replace(
            ROW_17, "\t区财政局\n\t区卫生健康委\n\t持续推进\n\t\n\n\t18."), encoding="utf-8")
        updated = build(store, files)
        assert updated.written == [str(changed)]
        leads = store.read(LEAD_OF_TASK, {"task": "17", "plan": "渝北府办发〔2022〕40号"})
        assert {"agency": "区财政局"} in leads
        bulk_updated = dump_store(store)

        # the online writer alone, from an empty database: the same graph, before and after
        store.driver.execute_query("MATCH (n) DETACH DELETE n")
        changed.write_text((Path(BUNDLED[0]).parent / SEED_000).read_text(encoding="utf-8"),
                           encoding="utf-8")
        online = build(store, files)
        assert online.failed == [] and len(online.written) == len(files)
        assert dump_store(store) == bulk
        changed.write_text(changed.read_text(encoding="utf-8").replace(
            ROW_17, "\t区财政局\n\t区卫生健康委\n\t持续推进\n\t\n\n\t18."), encoding="utf-8")
        assert build(store, files).written == [str(changed)]
        assert dump_store(store) == bulk_updated
    finally:
        store.close()

    # the plain CSV files (`bulk --from` the export without --compress): the same graph
    reloaded = runner.invoke(cli, ["bulk", "--from", str(plain)])
    assert reloaded.exit_code == 0, reloaded.output
    store = Neo4jStore(bolt, "neo4j", TEST_PASSWORD)
    try:
        assert dump_store(store) == bulk
        assert {"agency": "区医保局"} in store.read(
            LEAD_OF_TASK, {"task": "17", "plan": "渝北府办发〔2022〕40号"})
    finally:
        store.close()


def test_the_graph_worked_out_is_a_fresh_builds(plans, tmp_path):
    """Without a server: the graph the import files hold (before they are written) equals the
    embedded store's fresh build of the same files, with a second version of a plan (one
    table row changed), the same bytes at two paths and a file that is not a plan."""
    from policykg.graph.stores.embedded_store import EmbeddedStore
    from tests.storedump import dump_rows, embedded_dump

    (plans / "sub").mkdir()
    (plans / "sub" / "copy.txt").write_bytes((plans / SEED_000).read_bytes())
    text = (plans / SEED_000).read_text(encoding="utf-8")
    (plans / "sub" / "version.txt").write_text(
        text.replace(ROW_17, "\t区财政局\n\t区卫生健康委\n\t持续推进\n\t\n\n\t18."),
        encoding="utf-8")
    (plans / "notes.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    inputs = resolve_inputs([plans])
    extracted = extract_documents(inputs, 2)
    assert [name for name, _ in extracted.not_plans] == [str(plans / "notes.xlsx")]
    assert any("2 versions with different bytes" in note for note in extracted.notes)
    state = graph_state(extracted.documents)
    nodes = [{"labels": [label.value for label in node.labels], "props": node.props}
             for node in state.nodes.values()]
    relationships = [{"start_key": r.start, "type": r.type.value, "end_key": r.end,
                      "props": r.props} for r in state.relationships.values()]
    store = EmbeddedStore(tmp_path / "store")
    try:
        report = build(store, inputs)
    finally:
        store.close()
    assert report.failed == [] and len(report.written) == len(BUNDLED) + 1
    built = [line for line in embedded_dump(tmp_path / "store") if '"Build"' not in line]
    # the agencies' task totals too: the import files carry them as the writer keeps them
    assert sorted(dump_rows(nodes, relationships)) == sorted(built)
    totals = {node.props["name"]: node.props["total_tasks"] for node in state.nodes.values()
              if "total_tasks" in node.props and node.props.get("jurisdiction") == "重庆市渝北区"}
    assert totals["区医保局"] > 0 and totals["区卫生健康委"] >= totals["区医保局"]
    # the two versions: one primary, the other VERSION_OF it (whichever the ranking picks)
    plan_of = {node.props["source_path"]: key for key, node in state.nodes.items()
               if Label.PLAN in node.labels}
    pair = {plan_of[str(plans / SEED_000)], plan_of[str(plans / "sub" / "version.txt")]}
    links = [(r.start, r.end) for r in state.relationships.values()
             if r.type.value == "VERSION_OF"]
    assert len(links) == 1 and set(links[0]) == pair


def test_statements_after_the_import_pass_neo4js_linter_and_run_on_kglite(plans, tmp_path):
    """The statements `bulk` sends after the import (empty lists) pass Neo4j's own linter,
    and set on the embedded store what its build holds (its dump does not change)."""
    from policykg.graph.sinks.neo4j_import import after_import, after_import_statements
    from policykg.graph.stores.embedded_store import EmbeddedStore
    from tests.cypherlint import lint
    from tests.graph.test_cypher_lint import graph_schema
    from tests.storedump import embedded_dump

    statements = after_import_statements()
    assert lint(dict(enumerate(statements)), graph_schema()) == {
        i: [] for i in range(len(statements))}
    inputs = resolve_inputs([plans])
    sets = after_import(graph_state(extract_documents(inputs, 1).documents))
    # every Source has its cites_by_title, and an agency written one way only no aliases
    assert {"Source", "Agency"} <= {item["statement"].split(":")[1].split(" ")[0]
                                    for item in sets}
    store = EmbeddedStore(tmp_path / "store")
    try:
        build(store, inputs)
    finally:
        store.close()
    before = embedded_dump(tmp_path / "store")
    store = EmbeddedStore(tmp_path / "store")
    try:
        for item in sets:
            store.write_statements([(item["statement"], item["params"])], "empty lists")
        ends = ("LEADS", "Agency", "Task")
        row = store.read("MATCH (a:Agency)-[r:LEADS]->(t:Task) RETURN a.key AS a, "
                         "r.key AS k, t.key AS t, r.quote AS q ORDER BY k LIMIT 1")[0]
        store.write_statements([(set_relationship_lists(Rel(ends[0]), Label(ends[1]),
                                                        Label(ends[2])),
                                 {"rows": [{"start_key": row["a"], "key": row["k"],
                                            "end_key": row["t"], "props": {"quote": row["q"]}}]})],
                               "a relationship's property again")
    finally:
        store.close()
    assert embedded_dump(tmp_path / "store") == before
