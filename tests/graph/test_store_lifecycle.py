"""The embedded store over many runs of the real command line, each in its own process: edits
to one plan and then another, a build killed mid-way, reads while a build runs, a read-only
store, no store at all. The store must never need deleting, and whatever happened to it, it
must then hold exactly what a fresh build of the same files holds (tests/storedump.py).

A build is stopped at a known point: it runs the real command line in its own process, with
one addition, a pause right after its n-th plan is committed (the writer lease held, nothing
saved). The test then kills it, interrupts it, or reads the store and lets it go on.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from policykg.graph.stores.embedded_store import EmbeddedStore
from tests.ctrlc import takes_ctrl_c
from tests.storedump import embedded_dump

YUBEI = "000_e81826a0173922c6.txt"      # 渝北府办发〔2022〕40号
BEICHEN = "002_449abcde8801a72e.txt"    # 北辰政办发〔2022〕14号
SHAPINGBA = "003_d8ef92ff13adc345.txt"  # 沙府办发〔2025〕13号
GUANGYUAN, DRAFT = "001_303be1dcb507608d.txt", "004_d973abd45dcaef16.txt"  # 广元; a draft
NATIONAL = "国办发〔2021〕18号"          # cited by title in 001 and 004
YUBEI_PLAN, BEICHEN_PLAN = "渝北府办发〔2022〕40号", "北辰政办发〔2022〕14号"
# a task of each plan, its title edited (the title lines: 000 line 24, 002 line 51)
YUBEI_TASK, YUBEI_EDITED = "打造高水平公立医院", "打造高水平的公立医院"
BEICHEN_TASK, BEICHEN_EDITED = "发挥公立医院在医联体中的牵头作用", "充分发挥公立医院在医联体中的牵头作用"
YUBEI_LINE = ("1. 打造高水平公立医院。加快推进", "1. 打造高水平的公立医院。加快推进")
BEICHEN_LINE = ("（一）发挥公立医院在医联体中的牵头作用。", "（一）充分发挥公立医院在医联体中的牵头作用。")


# the embedded store, whatever the environment says about Neo4j
ENV = {name: value for name, value in os.environ.items() if not name.startswith("NEO4J_")}


def policykg(*args: object, cwd: Path) -> subprocess.CompletedProcess:
    """The real command line in a new process."""
    return subprocess.run([sys.executable, "-m", "policykg", *map(str, args)], cwd=cwd,
                          env=ENV, capture_output=True, text=True, timeout=300)


def built(*args: object, cwd: Path) -> str:
    result = policykg("build", *args, cwd=cwd)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def edit(path: Path, old: str, new: str) -> None:
    """Change one task title line (the text must occur exactly once)."""
    data = path.read_bytes()
    assert data.count(old.encode()) == 1, f"{path.name}: {old} not found once"
    path.write_bytes(data.replace(old.encode(), new.encode()))


def task_titles(store: Path, task: str, plan: str, cwd: Path) -> list[str]:
    """The titles `policykg query task-evidence` reads back for a task of a plan."""
    result = policykg("query", "task-evidence", "-p", f"task={task}", "-p", f"plan={plan}",
                      "--store", store, "--format", "json", cwd=cwd)
    assert result.returncode == 0, result.stderr
    return sorted({row["title"] for row in json.loads(result.stdout)})


def copied(tmp_path: Path, plans: Path, *names: str) -> tuple[Path, Path]:
    """The named seeds copied to a folder of their own (tmp_path/mine), and the path of a
    store beside it (tmp_path/store, not built yet): each test edits its own copies."""
    folder = tmp_path / "mine"
    folder.mkdir()
    for name in names:
        shutil.copy(plans / name, folder / name)
    return folder, tmp_path / "store"


def three_plans_built(tmp_path: Path, plans: Path) -> tuple[Path, Path]:
    """Seeds 000, 002 and 003 copied to a folder of their own and built into a new store."""
    folder, store = copied(tmp_path, plans, YUBEI, BEICHEN, SHAPINGBA)
    built(folder, "--store", store, cwd=tmp_path)
    return folder, store


dump = embedded_dump   # the canonical dump of a store folder (tests/storedump.py)


def fresh_dump(folder: Path, tmp_path: Path) -> list[str]:
    """What a first build of the same files, into a new store, holds."""
    store = tmp_path / "fresh-store"
    shutil.rmtree(store, ignore_errors=True)
    built(folder, "--store", store, cwd=tmp_path)
    return dump(store)


def folder_state(folder: Path) -> dict[str, tuple[int, int, str]]:
    """Every file of the store folder (the kept texts in texts/ too): size, modification time
    and content hash."""
    return {str(path.relative_to(folder)): (path.stat().st_size, path.stat().st_mtime_ns,
                                            hashlib.sha256(path.read_bytes()).hexdigest())
            for path in sorted(folder.rglob("*")) if path.is_file()}


# `policykg build ARGS…` with a pause after its n-th plan is committed: it prints "paused" and
# waits for a line on its standard input (the store's own write_document runs unchanged)
PAUSING_BUILD = """
import sys

from policykg.cli import cli
from policykg.graph.stores.embedded_store import EmbeddedStore

after, committed = int(sys.argv[1]), []
write_document = EmbeddedStore.write_document


def write_and_pause(self, document, *args, **kwargs):
    write_document(self, document, *args, **kwargs)
    if document.source_path.endswith(".txt"):
        committed.append(document.source_path)
        if len(committed) == after:
            print("paused", flush=True)
            sys.stdin.readline()


EmbeddedStore.write_document = write_and_pause
cli(sys.argv[2:], prog_name="policykg")
"""


@contextmanager
def build_paused(after: int, *args: object, cwd: Path) -> Iterator[subprocess.Popen]:
    """`policykg build ARGS…` in its own process, held right after its ``after``-th plan is
    committed; killed at the end if still running."""
    process = subprocess.Popen(
        [sys.executable, "-c", PAUSING_BUILD, str(after), "build", *map(str, args)], cwd=cwd,
        env=ENV, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, preexec_fn=takes_ctrl_c)
    try:
        if process.stdout.readline() != "paused\n":
            process.kill()
            pytest.fail(f"the build did not reach plan {after}: {process.communicate()}")
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate()


def test_editing_one_plan_then_another_then_adding_a_third(tmp_path, plans):
    """The reported failure: build two plans, edit one and build, edit the other and build
    ('duplicate id in a durable graph: node type 'Jurisdiction' already has a node with id …'
    before the fix), add a third and build; each build a new process."""
    folder, later = tmp_path / "mine", tmp_path / "later"
    folder.mkdir()
    later.mkdir()
    for name in (YUBEI, BEICHEN):
        shutil.copy(plans / name, folder / name)
    shutil.copy(plans / SHAPINGBA, later / SHAPINGBA)
    store = tmp_path / "store"

    assert "2 written, 0 unchanged" in built(folder, "--store", store, cwd=tmp_path)
    edit(folder / YUBEI, *YUBEI_LINE)
    assert "1 written, 1 unchanged" in built(folder, "--store", store, cwd=tmp_path)
    edit(folder / BEICHEN, *BEICHEN_LINE)
    assert "1 written, 1 unchanged" in built(folder, "--store", store, cwd=tmp_path)
    shutil.copy(later / SHAPINGBA, folder / SHAPINGBA)
    out = built(folder, "--store", store, cwd=tmp_path)
    assert "1 written, 2 unchanged" in out and "graph: 3 plans" in out
    edit(folder / YUBEI, *reversed(YUBEI_LINE))   # and once more, back again
    assert "1 written, 2 unchanged" in built(folder, "--store", store, cwd=tmp_path)

    assert task_titles(store, BEICHEN_EDITED, BEICHEN_PLAN, tmp_path) == [BEICHEN_EDITED]
    assert task_titles(store, BEICHEN_TASK, BEICHEN_PLAN, tmp_path) == []
    assert task_titles(store, YUBEI_TASK, YUBEI_PLAN, tmp_path) == [YUBEI_TASK]
    assert task_titles(store, YUBEI_EDITED, YUBEI_PLAN, tmp_path) == []
    incremental = dump(store)
    assert incremental == fresh_dump(folder, tmp_path)
    assert any('"labels": ["Jurisdiction"]' in line for line in incremental)
    assert sum('"labels": ["Document", "Plan"]' in line for line in incremental) == 3


def test_a_build_killed_mid_way_then_read_then_rebuilt(tmp_path, plans):
    """SIGKILL while a build replaces plans, then `query` and `map` (which once saved the store
    on close and left it unwritable), then build again: the killed build's committed plans
    come back from the log, later writes work, and the store equals a fresh build."""
    folder, store = three_plans_built(tmp_path, plans)
    edit(folder / YUBEI, *YUBEI_LINE)
    edit(folder / BEICHEN, *BEICHEN_LINE)

    with build_paused(1, folder, "--store", store, cwd=tmp_path) as build:  # 000 written
        build.send_signal(signal.SIGKILL)
        build.wait(timeout=60)
    assert build.returncode == -signal.SIGKILL

    before = folder_state(store)
    read = policykg("query", "task-evidence", "-p", f"task={YUBEI_TASK}", "-p",
                    f"plan={YUBEI_PLAN}", "--store", store, "--format", "json", cwd=tmp_path)
    assert read.returncode == 0, read.stderr
    # the last saved graph: the killed build's plans are in kglite's log, not yet saved
    assert {row["title"] for row in json.loads(read.stdout)} == {YUBEI_TASK}
    assert read.stderr.count("\n") == 1 and "stopped before saving" in read.stderr
    drawn = policykg("map", "plan", "--plan", YUBEI_PLAN, "-o", tmp_path / "plan.html",
                     "--store", store, cwd=tmp_path)
    assert drawn.returncode == 0, drawn.stderr
    assert YUBEI_TASK in (tmp_path / "plan.html").read_text(encoding="utf-8")
    assert folder_state(store) == before    # the readers wrote nothing, saved nothing

    # the log is replayed: the plan the killed build wrote is there; the other one is written
    assert "1 written, 2 unchanged" in built(folder, "--store", store, cwd=tmp_path)
    assert task_titles(store, YUBEI_EDITED, YUBEI_PLAN, tmp_path) == [YUBEI_EDITED]
    assert task_titles(store, BEICHEN_EDITED, BEICHEN_PLAN, tmp_path) == [BEICHEN_EDITED]
    edit(folder / SHAPINGBA, "10.促进医养结合。", "10.推进医养结合。")
    assert "1 written, 2 unchanged" in built(folder, "--store", store, cwd=tmp_path)
    assert dump(store) == fresh_dump(folder, tmp_path)


def test_ctrl_c_during_an_incremental_build(tmp_path, plans):
    """Ctrl-C (SIGINT) while a build replaces plans: no traceback, what was written is saved,
    and the next builds write and equal a fresh build."""
    folder, store = copied(tmp_path, plans, YUBEI, BEICHEN)
    built(folder, "--store", store, cwd=tmp_path)
    edit(folder / YUBEI, *YUBEI_LINE)
    with build_paused(1, folder, "--store", store, cwd=tmp_path) as build:
        build.send_signal(signal.SIGINT)
        _, stderr = build.communicate(timeout=60)
    assert build.returncode == 1 and "Traceback" not in stderr and "Aborted" in stderr
    assert task_titles(store, YUBEI_EDITED, YUBEI_PLAN, tmp_path) == [YUBEI_EDITED]
    edit(folder / BEICHEN, *BEICHEN_LINE)
    assert "1 written, 1 unchanged" in built(folder, "--store", store, cwd=tmp_path)
    shutil.copy(plans / SHAPINGBA, folder / SHAPINGBA)
    assert "1 written, 2 unchanged" in built(folder, "--store", store, cwd=tmp_path)
    assert task_titles(store, BEICHEN_EDITED, BEICHEN_PLAN, tmp_path) == [BEICHEN_EDITED]
    assert dump(store) == fresh_dump(folder, tmp_path)


def test_a_first_build_killed_before_any_save(tmp_path, plans):
    """Killed during the first build of a store: a reader says so in one line (and creates
    nothing); the next build completes the store."""
    folder, store = copied(tmp_path, plans, YUBEI, BEICHEN)
    with build_paused(1, folder, "--store", store, cwd=tmp_path) as build:
        build.send_signal(signal.SIGKILL)
        build.wait(timeout=60)
    read = policykg("query", "unowned-tasks", "--store", store, cwd=tmp_path)
    assert read.returncode == 1
    assert read.stderr == (f"Error: {store}: the graph store has not been saved yet (its first "
                           "build is running or was stopped; run policykg build)\n")
    assert "1 written, 1 unchanged" in built(folder, "--store", store, cwd=tmp_path)
    assert dump(store) == fresh_dump(folder, tmp_path)


def test_reads_while_a_build_holds_the_writer_lease(tmp_path, plans):
    """query and map open the store without the lease: they run while a build writes, show
    the graph as last saved, and the build then finishes as if they had not been there."""
    folder, store = copied(tmp_path, plans, YUBEI, BEICHEN)
    built(folder, "--store", store, cwd=tmp_path)
    edit(folder / YUBEI, *YUBEI_LINE)
    edit(folder / BEICHEN, *BEICHEN_LINE)
    with build_paused(1, folder, "--store", store, cwd=tmp_path) as build:
        assert task_titles(store, YUBEI_TASK, YUBEI_PLAN, tmp_path) == [YUBEI_TASK]
        drawn = policykg("map", "lineage", "-o", tmp_path / "lineage.html", "--store", store,
                         cwd=tmp_path)
        assert drawn.returncode == 0, drawn.stderr
        assert YUBEI_PLAN in (tmp_path / "lineage.html").read_text(encoding="utf-8")
        second = policykg("build", folder, "--store", store, cwd=tmp_path)  # a second writer
        assert second.returncode == 1 and "Traceback" not in second.stderr
        assert "cannot open the embedded store" in second.stderr
        assert second.stderr.count("\n") == 1
        out, err = build.communicate("go on\n", timeout=300)
        assert build.returncode == 0, err
    assert "2 written, 0 unchanged" in out
    assert task_titles(store, YUBEI_EDITED, YUBEI_PLAN, tmp_path) == [YUBEI_EDITED]
    assert task_titles(store, BEICHEN_EDITED, BEICHEN_PLAN, tmp_path) == [BEICHEN_EDITED]
    assert dump(store) == fresh_dump(folder, tmp_path)


def test_reads_on_a_read_only_store(tmp_path, plans):
    folder, store = copied(tmp_path, plans, YUBEI)
    built(folder, "--store", store, cwd=tmp_path)
    before = folder_state(store)
    modes = {path: path.stat().st_mode for path in [store, *store.iterdir()]}
    try:
        for path in modes:
            path.chmod(stat.S_IMODE(modes[path]) & ~0o222)
        assert task_titles(store, YUBEI_TASK, YUBEI_PLAN, tmp_path) == [YUBEI_TASK]
        drawn = policykg("map", "plan", "--plan", YUBEI_PLAN, "-o", tmp_path / "plan.html",
                         "--store", store, cwd=tmp_path)
        assert drawn.returncode == 0 and drawn.stderr == ""
        assert YUBEI_TASK in (tmp_path / "plan.html").read_text(encoding="utf-8")
        # (as root the mode bits stop nothing; the folder must be untouched all the same)
        assert folder_state(store) == before
    finally:
        for path, mode in modes.items():
            path.chmod(mode)


@pytest.mark.parametrize("command", [
    ["query", "unowned-tasks"],
    ["map", "overview", "-o", "overview.html"],
])
def test_reads_without_a_store_create_none(tmp_path, command):
    """No store in the working directory (the default one) or at --store: a one-line error
    naming the folder, exit 1, and no empty store left behind."""
    default = policykg(*command, cwd=tmp_path)
    assert default.returncode == 1
    assert default.stderr == "Error: policykg-store: no graph store here (run policykg build)\n"
    given = policykg(*command, "--store", tmp_path / "elsewhere", cwd=tmp_path)
    assert given.returncode == 1
    assert given.stderr == (f"Error: {tmp_path / 'elsewhere'}: no graph store here "
                            "(run policykg build)\n")
    assert sorted(path.name for path in tmp_path.iterdir()) == []


def test_a_store_with_engine_numbered_nodes_is_written_the_careful_way(tmp_path, plans):
    """A store written before ids were set holds nodes kglite numbered itself. The writer
    sees one (IDS_NOT_KEYS) and creates nodes through create_missing(), which finds such a
    node by its key; a MERGE on key and id would miss it and fail on the key's uniqueness.
    A store without such nodes takes the one-MERGE path."""
    import kglite

    folder, store = copied(tmp_path, plans, YUBEI)
    built(folder, "--store", store, cwd=tmp_path)
    opened = EmbeddedStore(store)
    assert opened.ids_are_keys
    opened.close()
    # 天津市, as an earlier policykg wrote it (engine-numbered), before 北辰区's plan names it
    graph = kglite.open(str(store / "graph.kgl"))
    # (used by a source of its own, so replacing 渝北区's plan does not sweep it away)
    # (SET, not in CREATE's map: kglite refuses a property a label's nodes lack in CREATE)
    graph.cypher("CREATE (n:Jurisdiction {key: 'jurisdiction:天津市', name: '天津市'}) "
                 "SET n.sources = [$old]", params={"old": "0" * 64})
    graph.save()
    graph.close()
    opened = EmbeddedStore(store)
    assert not opened.ids_are_keys
    opened.close()
    edit(folder / YUBEI, *YUBEI_LINE)
    shutil.copy(plans / BEICHEN, folder / BEICHEN)
    assert "2 written, 0 unchanged" in built(folder, "--store", store, cwd=tmp_path)
    opened = EmbeddedStore(store, read_only=True)
    try:
        tianjin = opened.read("MATCH (n:Jurisdiction {key: 'jurisdiction:天津市'}) "
                              "RETURN n.source_count AS count, n.sources AS sources")
        beichen_sha = hashlib.sha256((folder / BEICHEN).read_bytes()).hexdigest()
        used = opened.read("MATCH (s:Source {sha256: $sha}) RETURN s.shared_keys AS keys",
                           {"sha": beichen_sha})
    finally:
        opened.close()
    # one node, shared: its list (the old source) became a count, and 北辰区's plan added one
    assert tianjin == [{"count": 2, "sources": None}]
    assert "jurisdiction:天津市" in used[0]["keys"]
    rest = [line for line in dump(store) if "jurisdiction:天津市\"" not in line]
    assert rest == [line for line in fresh_dump(folder, tmp_path)
                    if "jurisdiction:天津市\"" not in line]
    assert task_titles(store, YUBEI_EDITED, YUBEI_PLAN, tmp_path) == [YUBEI_EDITED]


def edited_and_pruned_equals_a_fresh_build(folder: Path, store: Path, tmp_path: Path) -> None:
    """One plan edited and one removed, then a build with --prune: the store then holds what a
    fresh build of the files holds."""
    edit(folder / YUBEI, *YUBEI_LINE)
    (folder / SHAPINGBA).unlink()
    output = built(folder, "--store", store, "--prune", cwd=tmp_path)
    assert "1 written, 1 unchanged, 1 pruned, 0 failed" in output
    assert dump(store) == fresh_dump(folder, tmp_path)


def test_a_store_with_sources_lists_is_counted_and_equals_a_fresh_build(tmp_path, plans):
    """A store an earlier policykg wrote kept, on every shared node, a sorted list of the
    sha256 of the documents using it (`sources`; each new plan then copied lists up to the
    corpus's size). The next build turns the lists into counts (`source_count`, the Source's
    `shared_keys`) and then works as on any store: an edited plan replaces its facts, a removed
    one (--prune) takes its share of the shared nodes with it."""
    import kglite

    folder, store = three_plans_built(tmp_path, plans)
    # the same store as the earlier policykg left it: lists on the shared nodes, no counts
    graph = kglite.open(str(store / "graph.kgl"))
    graph.cypher("MATCH (s:Source) WHERE s.shared_keys IS NOT NULL UNWIND s.shared_keys AS k "
                 "MATCH (n {key: k}) WITH n, s.sha256 AS sha ORDER BY sha "
                 "WITH n, collect(sha) AS shas SET n.sources = shas REMOVE n.source_count")
    graph.cypher("MATCH (s:Source) REMOVE s.shared_keys")
    listed = [dict(row) for row in graph.cypher(
        "MATCH (n:Agency {name: '区卫生健康委'}) RETURN size(n.sources) AS used, "
        "n.source_count AS count ORDER BY n.key")]
    graph.save()
    graph.close()
    assert {"used": 1, "count": None} in listed and all(row["count"] is None for row in listed)
    edited_and_pruned_equals_a_fresh_build(folder, store, tmp_path)
    opened = EmbeddedStore(store, read_only=True)
    try:
        left = opened.read("MATCH (n) WHERE n.sources IS NOT NULL RETURN count(n) AS count")
    finally:
        opened.close()
    assert left == [{"count": 0}]


def test_a_store_without_agency_totals_is_counted_and_equals_a_fresh_build(tmp_path, plans):
    """A store written before agencies kept `total_tasks` (what agency-load ranks by) gets
    them on the next build, counted once over the graph, and then keeps them as it writes:
    an edited plan and a removed one leave the totals a fresh build gives."""
    import kglite

    folder, store = three_plans_built(tmp_path, plans)
    graph = kglite.open(str(store / "graph.kgl"))
    graph.cypher("MATCH (n:Agency) REMOVE n.total_tasks")
    graph.save()
    graph.close()
    # until the next build, agency-load has nothing to rank by, and says why
    before = policykg("query", "agency-load", "--store", store, cwd=tmp_path)
    assert before.returncode == 0 and "(0 rows)" in before.stdout
    assert "written before agencies kept their task totals" in before.stderr
    edited_and_pruned_equals_a_fresh_build(folder, store, tmp_path)
    opened = EmbeddedStore(store, read_only=True)
    try:
        totals = opened.read(
            "MATCH (n:Agency {name: '区卫生健康委', jurisdiction: '重庆市渝北区'}) "
            "RETURN n.total_tasks AS total")
        counted = opened.read(
            "MATCH (n:Agency {name: '区卫生健康委', jurisdiction: '重庆市渝北区'})"
            "-[:LEADS|COOPERATES_ON|RESPONSIBLE_FOR]->(item) "
            "OPTIONAL MATCH (t:Task)-[:HAS_ASSIGNMENT]->(item) "
            "RETURN count(DISTINCT coalesce(t, item).key) AS total")
    finally:
        opened.close()
    assert totals == counted and totals[0]["total"] > 20
    after = policykg("query", "agency-load", "--store", store, "--format", "json", cwd=tmp_path)
    rows = json.loads(after.stdout)
    assert rows and "task totals" not in after.stderr
    assert {row["total_tasks"] for row in rows
            if row["agency"] == "区卫生健康委" and row["jurisdiction"] == "重庆市渝北区"} \
        == {totals[0]["total"]}


def test_a_store_with_per_document_entries_is_counted_and_equals_a_fresh_build(tmp_path, plans):
    """A store written before session 11 kept, on an agency and on a cited document, one
    "<sha256> <value>" entry per document giving an alias or a title (`aliases_by_source`,
    `titles_by_source`; every write filtered the whole list, so a document cited by most of a
    national corpus made each citing plan walk tens of thousands of entries). The next build
    turns the entries into distinct values with counts and gives each Source what its document
    gave; then an edit and a prune leave what a fresh build leaves."""
    import kglite

    # seeds 001 and 004 both give 国办发〔2021〕18号 its title
    folder, store = copied(tmp_path, plans, YUBEI, SHAPINGBA, GUANGYUAN, DRAFT)
    built(folder, "--store", store, cwd=tmp_path)
    graph = kglite.open(str(store / "graph.kgl"))
    for label, old, values, counts in (("Agency", "aliases_by_source", "aliases", "alias_counts"),
                                       ("Document", "titles_by_source", "cited_titles",
                                        "cited_title_counts")):
        graph.cypher("MATCH (s:Source) WHERE s.given_keys IS NOT NULL "
                     "UNWIND range(0, size(s.given_keys) - 1) AS i "
                     f"MATCH (n:{label} {{key: s.given_keys[i]}}) "
                     "WITH n, s.sha256 + ' ' + s.given_values[i] AS entry ORDER BY entry "
                     f"WITH n, collect(entry) AS entries SET n.{old} = entries")
        graph.cypher(f"MATCH (n:{label}) REMOVE n.{counts}")
        if label == "Document":
            graph.cypher(f"MATCH (n:{label}) REMOVE n.{values}")
    graph.cypher("MATCH (s:Source) REMOVE s.given_keys, s.given_values")
    cited = [dict(row) for row in graph.cypher(
        f"MATCH (n:Document {{doc_number: '{NATIONAL}'}}) "
        "RETURN size(n.titles_by_source) AS entries, n.cited_titles AS titles")]
    graph.save()
    graph.close()
    assert cited == [{"entries": 2, "titles": None}]
    edit(folder / YUBEI, *YUBEI_LINE)
    (folder / DRAFT).unlink()
    output = built(folder, "--store", store, "--prune", cwd=tmp_path)
    assert "1 written, 2 unchanged, 1 pruned, 0 failed" in output
    assert dump(store) == fresh_dump(folder, tmp_path)
    opened = EmbeddedStore(store, read_only=True)
    try:
        left = opened.read("MATCH (n) WHERE n.aliases_by_source IS NOT NULL "
                           "OR n.titles_by_source IS NOT NULL RETURN count(n) AS count")
        counted = opened.read(f"MATCH (n:Document {{doc_number: '{NATIONAL}'}}) "
                              "RETURN n.cited_titles AS titles, n.cited_title_counts AS counts")
        aliases = opened.read("MATCH (n:Agency {name: '区卫生健康委', jurisdiction: '重庆市渝北区'}) "
                              "RETURN n.aliases AS aliases, n.alias_counts AS counts")
    finally:
        opened.close()
    assert left == [{"count": 0}]
    # the pruned plan no longer gives the title; the one left does
    assert counted == [{"titles": ["国务院办公厅关于推动公立医院高质量发展的意见"], "counts": [1]}]
    assert aliases == [{"aliases": ["区卫健委", "区卫生健康", "区卫生健康委康委"],
                        "counts": [1, 1, 1]}]
