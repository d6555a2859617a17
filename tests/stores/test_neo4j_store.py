"""The Neo4j sink against a real Neo4j 5.26 server (started by tests/conftest.py)."""

import hashlib
from pathlib import Path

import pytest

from policykg.builder import build
from policykg.graph.stores.base import StoreError
from policykg.graph.stores.embedded_store import EmbeddedStore
from policykg.graph.stores.neo4j_store import Neo4jStore
from policykg.loaders.plan import extract_plan
from policykg.loaders.registry import REGISTRY_PATH
from tests.seedlib import BUNDLED

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "plans"
SEEDS = sorted(SAMPLES.glob("*.txt"))
LEAD_OF_TASK = ("MATCH (a:Agency)-[:LEADS]->(t:Task {task_id: $task})<-[:HAS_TASK]-"
                "(:Plan {doc_number: $plan}) RETURN a.name AS agency ORDER BY agency")
UNITS_OF_003 = ("MATCH (p:Plan {doc_number: '沙府办发〔2025〕13号'})-[:HAS_TASK]->(t:Task) "
                "MATCH (a:Agency)-[r:RESPONSIBLE_FOR]->(t) "
                "RETURN t.task_id AS task, a.name AS agency, r.order AS ord ORDER BY task, ord")


def test_seed_facts_in_neo4j(neo4j_store, plans):
    report = build(neo4j_store, sorted(plans.glob("*.txt")))
    assert report.failed == [] and len(report.written) == len(BUNDLED)
    assert report.totals["documents"] == len(BUNDLED)
    assert report.totals["tasks"] == sum(len(extract_plan(p).to_dict()["tasks"]) for p in BUNDLED)
    # seed 000, table row of task 17: 牵头单位 区医保局 (line 465)
    assert neo4j_store.read(LEAD_OF_TASK, {"task": "17", "plan": "渝北府办发〔2022〕40号"}) == [
        {"agency": "区医保局"}]
    units = neo4j_store.read(UNITS_OF_003)
    # seed 003 task 1: （责任单位：区卫生健康委、区发展改革委、区规划自然资源局、区住房城乡建委）
    assert [row["agency"] for row in units if row["task"] == "1"] == [
        "区卫生健康委", "区发展改革委", "区规划自然资源局", "区住房城乡建委"]
    assert len({row["task"] for row in units}) == 19


def test_same_graph_as_the_embedded_store(neo4j_store, plans, tmp_path):
    build(neo4j_store, sorted(plans.glob("*.txt")))
    embedded = EmbeddedStore(tmp_path / "store")
    try:
        build(embedded, sorted(plans.glob("*.txt")))
        assert neo4j_store.counts() == embedded.counts()
        for query, params in ((LEAD_OF_TASK, {"task": "4", "plan": "渝北府办发〔2022〕40号"}),
                              (UNITS_OF_003, {})):
            assert neo4j_store.read(query, params) == embedded.read(query, params)
    finally:
        embedded.close()


def test_rebuild_is_idempotent_and_incremental(neo4j_store, plans):
    build(neo4j_store, sorted(plans.glob("*.txt")))
    counts = neo4j_store.counts()
    again = build(neo4j_store, sorted(plans.glob("*.txt")))
    assert again.written == [] and neo4j_store.counts() == counts
    changed = plans / "000_e81826a0173922c6.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace(
        "\t区医保局\n\t区卫生健康委\n\t持续推进\n\t\n\n\t18.", "\t区财政局\n\t区卫生健康委\n\t持续推进\n\t\n\n\t18."),
        encoding="utf-8")
    report = build(neo4j_store, sorted(plans.glob("*.txt")))
    assert report.written == [str(changed)]
    leads = neo4j_store.read(LEAD_OF_TASK, {"task": "17", "plan": "渝北府办发〔2022〕40号"})
    assert leads == [{"agency": "区医保局"}, {"agency": "区财政局"}]
    assert neo4j_store.counts()[0] == counts[0]
    sources = neo4j_store.read("MATCH (s:Source) RETURN s.sha256 AS sha ORDER BY sha")
    assert hashlib.sha256(changed.read_bytes()).hexdigest() in [row["sha"] for row in sources]


def test_prune_keeps_shared_nodes(neo4j_store, plans):
    build(neo4j_store, sorted(plans.glob("*.txt")))
    (plans / "000_e81826a0173922c6.txt").unlink()
    report = build(neo4j_store, sorted(plans.glob("*.txt")), prune=True)
    assert len(report.pruned) == 1
    keys = {row["key"] for row in neo4j_store.read("MATCH (n) RETURN n.key AS key")}
    assert "document:渝北府办发〔2022〕40号" not in keys
    assert {"jurisdiction:重庆市", "function:卫生健康委"} <= keys


def test_wrong_password_is_one_clear_line(neo4j_settings):
    with pytest.raises(StoreError) as error:
        Neo4jStore(neo4j_settings["uri"], "neo4j", "not-the-password-xyz")
    assert str(error.value) == (f"{neo4j_settings['uri']}: Neo4j refused the username or "
                                "password (user 'neo4j')")
    assert "not-the-password-xyz" not in str(error.value)


def test_unreachable_server():
    with pytest.raises(StoreError) as error:
        Neo4jStore("bolt://127.0.0.1:1", "neo4j", "secret-password")
    assert str(error.value).startswith("bolt://127.0.0.1:1: cannot reach Neo4j")
    assert "secret-password" not in str(error.value)


def test_missing_database(neo4j_settings):
    with pytest.raises(StoreError) as error:
        Neo4jStore(neo4j_settings["uri"], "neo4j", neo4j_settings["password"], "nosuchdb")
    assert str(error.value) == f"{neo4j_settings['uri']}: the database 'nosuchdb' does not exist"


def many_plans(folder: Path, count: int) -> list[Path]:
    """Seed 000 under `count` different doc numbers: separate plans sharing their agencies."""
    text = SEEDS[0].read_text(encoding="utf-8")
    paths = []
    for index in range(count):
        path = folder / f"plan-{index:03d}.txt"
        path.write_text(text.replace("渝北府办发〔2022〕40号", f"渝北府办发〔2022〕{100 + index}号"),
                        encoding="utf-8")
        paths.append(path)
    return paths


def test_server_stopped_mid_build(neo4j_settings, tmp_path):
    """A real stop of the real server during a build; then start, build again: the graph is
    complete and holds no partial document; the first build said what was not written."""
    import subprocess
    import threading

    from tests.conftest import SCRIPT

    env = neo4j_settings.get("env")
    if env is None:  # an external server (NEO4J_URI) is not ours to stop
        pytest.fail("this test needs the local test server (unset NEO4J_URI)")
    settings = {k: v for k, v in neo4j_settings.items() if k != "env"}
    store = Neo4jStore(**settings)
    store.driver.execute_query("MATCH (n) DETACH DELETE n")
    paths = many_plans(tmp_path, 40)
    written_before_stop = threading.Event()
    original = store.write_document

    committed: list[str] = []

    def write_and_signal(document, replaces=None):  # observes progress; writes for real
        original(document, replaces)
        # counted here, not read back from the server: a read after the commit could itself
        # fail as the server stops and turn a committed document into a "failed" one
        committed.append(document.source_path)
        if len(committed) >= 3:
            written_before_stop.set()

    store.write_document = write_and_signal
    stopper = threading.Thread(target=lambda: (written_before_stop.wait(300), subprocess.run(
        [str(SCRIPT), "stop"], env=env, capture_output=True)))
    stopper.start()
    first = build(store, paths)
    stopper.join()
    store.close()
    assert first.aborted and first.failed
    assert len(first.written) + len(first.failed) == 40
    assert all("not written" in message for _, message in first.failed)
    assert subprocess.run([str(SCRIPT), "start"], env=env, capture_output=True).returncode == 0
    store = Neo4jStore(**settings)
    try:
        sources = store.source_hashes()
        sources.pop(REGISTRY_PATH)   # written first, before any plan
        # whole documents only: those reported written, and perhaps the one in flight when the
        # server stopped (its commit can land while the answer to it is lost)
        done = len(first.written)
        assert set(sources) in (set(map(str, paths[:done])), set(map(str, paths[:done + 1])))
        second = build(store, paths)
        assert second.failed == [] and len(second.written) == 40 - len(sources)
        per_plan = store.read("MATCH (p:Plan)-[:HAS_TASK]->(t:Task) "
                              "RETURN p.doc_number AS plan, count(t) AS tasks")
        assert len(per_plan) == 40 and {row["tasks"] for row in per_plan} == {29}
    finally:
        store.close()


def test_build_prints_no_driver_notifications(neo4j_settings, tmp_path):
    """`build --neo4j` on an emptied database and again: the server's notes about our own
    statements (constraints that exist, properties no node has yet) never reach the user as
    the driver's multi-line GqlStatusObject dumps (issue 17)."""
    import os
    import subprocess
    import sys

    settings = {k: v for k, v in neo4j_settings.items() if k != "env"}
    store = Neo4jStore(**settings)
    store.driver.execute_query("MATCH (n) DETACH DELETE n")
    store.close()
    env = {**os.environ, "NEO4J_URI": settings["uri"], "NEO4J_USERNAME": settings["username"],
           "NEO4J_PASSWORD": settings["password"]}
    for _ in range(2):
        done = subprocess.run([sys.executable, "-m", "policykg", "build", str(SAMPLES),
                               "--neo4j"], env=env, capture_output=True, text=True,
                              timeout=600)
        assert done.returncode == 0, done.stderr
        assert "plans" in done.stdout and "GqlStatusObject" not in done.stderr
        assert "notification" not in done.stderr.lower(), done.stderr


def test_a_warning_from_the_server_is_one_line(neo4j_settings):
    """A warning the server does give (a deprecated function, in a statement of the
    caller's) is kept as one line for the command to print, not dumped by the driver."""
    settings = {k: v for k, v in neo4j_settings.items() if k != "env"}
    store = Neo4jStore(**settings)
    try:
        store.read("MATCH (n) RETURN id(n) AS number LIMIT 1")
        store.read("MATCH (n) RETURN id(n) AS number LIMIT 2")
        notes = store.notes
    finally:
        store.close()
    assert len(notes) == 1 and "\n" not in notes[0]
    assert notes[0].startswith("Neo4j warned: ") and "id" in notes[0]
    assert notes[0].endswith("(2 times)")


LONG_READ = ("UNWIND range(1, 20000) AS x UNWIND range(1, 20000) AS y "   # 400 M rows
             "RETURN count(*) AS count")


def test_a_read_past_its_timeout_stops_with_a_store_timeout(neo4j_store, tmp_path):
    """A read given seconds (the count behind "rows 1-1000 of N") is stopped past them by the
    engine itself, Neo4j's transaction timeout or kglite's deadline, as a StoreTimeout; the
    same store answers the next read."""
    from policykg.graph.stores.base import StoreTimeout

    embedded = EmbeddedStore(tmp_path / "store")
    try:
        for store in (neo4j_store, embedded):
            with pytest.raises(StoreTimeout, match=r"took more than 0\.2 s"):
                store.read(LONG_READ, timeout=0.2)
            assert store.read("UNWIND range(1, 1000) AS x RETURN count(x) AS count",
                              timeout=5) == [{"count": 1000}]
    finally:
        embedded.close()
