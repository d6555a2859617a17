"""`build` into the embedded store: idempotent, incremental, prune, atomic, reopens."""

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from policykg.builder import build
from policykg.cli import cli
from policykg.graph.build import records_to_graph
from policykg.graph.stores.base import StoreError
from policykg.graph.stores.embedded_store import EmbeddedStore
from policykg.loaders.plan import extract_plan
from policykg.loaders.registry import REGISTRY_PATH
from tests.seedlib import BUNDLED

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "plans"
SNAPSHOT = ("MATCH (n) RETURN n.key AS key, labels(n) AS labels, "
            "n.source_count AS source_count, n.shared_keys AS shared_keys, n.title AS title, n.name AS name, n.deadline AS deadline ORDER BY key")
RELATIONSHIPS = ("MATCH (a)-[r]->(b) RETURN a.key AS start_key, type(r) AS rel, b.key AS end_key, "
                 "r.order AS ord, r.source_sha256 AS sha ORDER BY start_key, rel, end_key, ord")


def bundled_task_count() -> int:
    """Tasks and safeguards of every bundled plan, as the extractor reads them."""
    return sum(len(extract_plan(path).to_dict()["tasks"]) for path in BUNDLED)


def run_build(store_path: Path, folder: Path, prune: bool = False):
    store = EmbeddedStore(store_path)
    try:
        report = build(store, sorted(folder.glob("*.txt")), prune=prune)
        return report, store.counts(), store.read(SNAPSHOT), store.read(RELATIONSHIPS)
    finally:
        store.close()


def test_build_twice_gives_the_same_graph(tmp_path, plans):
    first = run_build(tmp_path / "store", plans)
    second = run_build(tmp_path / "store", plans)
    assert first[0].written == [str(p) for p in sorted(plans.glob("*.txt"))]
    assert second[0].written == [] and len(second[0].skipped) == len(BUNDLED)
    assert first[1:] == second[1:]
    assert first[0].totals["documents"] == len(BUNDLED)
    assert first[0].totals["tasks"] == bundled_task_count()


def test_changing_one_plan_replaces_only_its_subgraph(tmp_path, plans):
    _, _, before, before_rels = run_build(tmp_path / "store", plans)
    changed = plans / "003_d8ef92ff13adc345.txt"
    old_sha = hashlib.sha256(changed.read_bytes()).hexdigest()
    changed.write_text(changed.read_text(encoding="utf-8").replace(
        "（责任单位：区财政局、区卫生健康委）", "（责任单位：区财政局、区医保局）"), encoding="utf-8")
    report, _, after, after_rels = run_build(tmp_path / "store", plans)
    assert report.written == [str(changed)] and len(report.skipped) == len(BUNDLED) - 1
    new_sha = hashlib.sha256(changed.read_bytes()).hexdigest()
    plan_003 = "document:沙府办发〔2025〕13号"

    sources = (f"source:{old_sha}", f"source:{new_sha}")
    used = {key for row in before + after if row["key"] in sources
            for key in row["shared_keys"]}   # the shared nodes either version counts itself in

    def others(rows):  # nodes neither owned by plan 003 nor used by it
        return [row for row in rows if plan_003 not in row["key"]
                and row["key"] not in sources and row["key"] not in used]

    assert others(before) == others(after) and len(others(before)) > 200
    store = EmbeddedStore(tmp_path / "store")
    try:
        rows = store.read("MATCH (a:Agency)-[:RESPONSIBLE_FOR]->(t:Task {task_id: '17'})"
                          "<-[:HAS_TASK]-(:Plan {doc_number: $number}) "
                          "RETURN a.name AS name ORDER BY name", {"number": "沙府办发〔2025〕13号"})
    finally:
        store.close()
    assert [row["name"] for row in rows] == ["区医保局", "区财政局"]
    assert len(after_rels) == len(before_rels)


def test_prune_removes_a_deleted_plan_and_keeps_shared_nodes(tmp_path, plans):
    run_build(tmp_path / "store", plans)
    (plans / "000_e81826a0173922c6.txt").unlink()
    report, _, after, _ = run_build(tmp_path / "store", plans, prune=True)
    assert report.pruned == [str(plans / "000_e81826a0173922c6.txt")]
    keys = {row["key"] for row in after}
    assert "document:渝北府办发〔2022〕40号" not in keys
    assert not any(key.startswith("task:document:渝北府办发") for key in keys)
    assert "agency:重庆市渝北区:区卫生健康委" not in keys          # used by 000 only
    assert "jurisdiction:重庆市" in keys                           # 003 (沙坪坝区) still uses it
    assert "function:卫生健康委" in keys                           # 002 and 003 still use it
    assert "document:title:渝北区医疗卫生人才引进培养管理办法" not in keys  # cited by 000 only
    assert "document:渝府办发〔2022〕5号" in keys   # cited by 000 only, but in the registry


def test_store_reopens_in_a_new_process(tmp_path, plans):
    _, counts, _, _ = run_build(tmp_path / "store", plans)
    code = ("import sys; from policykg.graph.stores.embedded_store import EmbeddedStore; "
            "s = EmbeddedStore(sys.argv[1]); print(*s.counts()); "
            "print(s.read(\"MATCH (a:Agency)-[:LEADS]->(t:Task {task_id: '17'}) RETURN a.name AS n\")"
            "[0]['n']); s.close()")
    output = subprocess.run([sys.executable, "-c", code, str(tmp_path / "store")],
                            capture_output=True, text=True, check=True).stdout.split("\n")
    assert output[0] == f"{counts[0]} {counts[1]}"
    assert output[1] == "区医保局"  # seed 000 task 17: 牵头单位 区医保局 (line 465)


def test_a_failing_document_leaves_nothing_behind(tmp_path, plans, monkeypatch):
    """Failure injection (a fake failing statement): the transaction rolls back whole."""
    store = EmbeddedStore(tmp_path / "store")
    import policykg.graph.stores.embedded_store as module

    real = module.document_statements

    def failing(document, replaces, *more):  # fake: the twentieth statement breaks
        for index, item in enumerate(real(document, replaces, *more)):
            if index == 20:
                yield "THIS IS NOT CYPHER", {}
            yield item

    monkeypatch.setattr(module, "document_statements", failing)
    try:
        report = build(store, sorted(plans.glob("*.txt")))
        assert len(report.failed) == len(BUNDLED) and report.written == []
        # nothing of the plans: only the registry of parent documents and the Build node
        assert store.read("MATCH (n) WHERE n:Plan OR n:Task OR n:Agency OR n:Section "
                          "RETURN count(n) AS count") == [{"count": 0}]
        assert list(store.source_hashes()) == [REGISTRY_PATH]
    finally:
        store.close()


def test_cli_build_reports_failures_and_continues(tmp_path, plans):
    (plans / "broken.txt").write_bytes(b"")
    result = CliRunner().invoke(cli, ["build", str(plans), "--store", str(tmp_path / "s")])
    assert result.exit_code == 1
    assert f"{len(BUNDLED)} written, 0 unchanged, 0 pruned, 1 failed" in result.stdout
    assert f"Error: {plans / 'broken.txt'}: the file is empty" in result.stderr
    assert f"graph: {len(BUNDLED)} plans, {bundled_task_count()} tasks, " in result.stdout


def test_store_error_names_the_store(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises((StoreError, OSError)):
        EmbeddedStore(blocker)


def test_store_reopens_after_a_process_dies_without_saving(tmp_path):
    """A build killed before kglite's checkpoint: the log replays and the graph is whole.
    (An index on the secondary label Plan once made this replay fail.)"""
    code = (
        "import glob, os, sys\n"
        "from policykg.loaders.plan import extract_plan\n"
        "from policykg.graph.build import records_to_graph\n"
        "from policykg.graph.stores.embedded_store import EmbeddedStore\n"
        "store = EmbeddedStore(sys.argv[1]); store.ensure_schema()\n"
        "paths = sorted(glob.glob(sys.argv[2] + '/*.txt'))\n"
        "for document in records_to_graph([extract_plan(p) for p in paths]).documents:\n"
        "    store.write_document(document)\n"
        "os._exit(0)\n")
    subprocess.run([sys.executable, "-c", code, str(tmp_path / "store"), str(SAMPLES)],
                   check=True)
    saved = EmbeddedStore(tmp_path / "saved")  # the same documents written and saved normally
    try:
        saved.ensure_schema()
        records = [extract_plan(path) for path in BUNDLED]
        for document in records_to_graph(records).documents:
            saved.write_document(document)
        expected = saved.counts()
    finally:
        saved.close()
    store = EmbeddedStore(tmp_path / "store")
    try:
        assert store.counts() == expected and expected[0] > 400
        assert len(store.source_hashes()) == len(BUNDLED)
        assert store.read("MATCH (:Plan {doc_number: $number})-[:HAS_TASK]->(t:Task {task_id: '17'}) "
                          "RETURN t.title AS title", {"number": "渝北府办发〔2022〕40号"}) == [
            {"title": "深化医疗服务价格改革"}]  # seed 000 line 43
    finally:
        store.close()
