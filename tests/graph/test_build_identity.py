"""Identity in `policykg build` (issue 13): a source is its bytes, a path is where it was seen;
one doc number with different bytes is two versions, the primary one chosen from the set."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from click.testing import CliRunner

from policykg.builder import build
from policykg.cli import cli
from policykg.graph.stores.embedded_store import EmbeddedStore
from tests.storedump import embedded_dump

YUBEI = "000_e81826a0173922c6.txt"      # 渝北府办发〔2022〕40号
GUANGYUAN = "001_303be1dcb507608d.txt"  # no doc number: 广元市推动公立医院高质量发展实施方案
CHANGPING = "004_d973abd45dcaef16.txt"  # a draft (征求意见稿), no doc number
YUBEI_KEY = "document:渝北府办发〔2022〕40号"
PLANS = ("MATCH (p:Plan)-[:FROM_SOURCE]->(s:Source) OPTIONAL MATCH (p)-[:VERSION_OF]->(v) "
         "RETURN p.key AS key, s.paths AS paths, v.key AS version_of ORDER BY key")
EVIDENCE = "MATCH (t:Task) RETURN DISTINCT t.source_path AS path"


def run(*args: object):
    result = CliRunner().invoke(cli, ["build", *map(str, args)])
    assert "Traceback" not in result.output, result.output
    return result


def read(store: Path, query: str) -> list[dict]:
    opened = EmbeddedStore(store, read_only=True)
    try:
        return opened.read(query)
    finally:
        opened.close()


dump = embedded_dump   # the canonical dump of a store folder (tests/storedump.py)


def test_a_renamed_file_is_the_same_document_at_its_new_path(tmp_path, plans):
    folder, store = tmp_path / "mine", tmp_path / "store"
    folder.mkdir()
    shutil.copy(plans / YUBEI, folder / "old.txt")
    assert run(folder, "--store", store).exit_code == 0
    (folder / "old.txt").rename(folder / "new.txt")
    moved = run(folder, "--store", store)
    assert moved.exit_code == 0 and "moved" in moved.stderr
    assert read(store, PLANS) == [{"key": YUBEI_KEY, "paths": [str(folder / "new.txt")],
                                   "version_of": None}]
    assert read(store, EVIDENCE) == [{"path": str(folder / "new.txt")}]
    pruned = run(folder, "--prune", "--store", store)   # the renamed plan is not pruned
    assert pruned.exit_code == 0 and "0 pruned" in pruned.stdout
    assert [row["key"] for row in read(store, PLANS)] == [YUBEI_KEY]


def test_the_same_bytes_at_two_paths_are_one_document_with_both(tmp_path, plans):
    folder, store = tmp_path / "mine", tmp_path / "store"
    folder.mkdir()
    shutil.copy(plans / YUBEI, folder / "b.txt")
    shutil.copy(plans / YUBEI, folder / "a.txt")
    result = run(folder, "--store", store)
    assert result.exit_code == 0, result.output
    assert "the same bytes; one document" in result.stderr
    assert read(store, PLANS) == [{"key": YUBEI_KEY, "version_of": None,
                                   "paths": [str(folder / "a.txt"), str(folder / "b.txt")]}]
    assert read(store, EVIDENCE) == [{"path": str(folder / "a.txt")}]   # the first, sorted


def test_one_doc_number_two_texts_are_two_versions_whatever_the_order(tmp_path, plans):
    """A draft and its final text, and one plan saved as UTF-8 and as GBK: kept apart, the
    primary one holding the document's key; built in either order, the same graph."""
    folder = tmp_path / "mine"
    folder.mkdir()
    draft = (plans / CHANGPING).read_bytes()
    (folder / "draft.txt").write_bytes(draft)
    (folder / "final.txt").write_bytes(draft.replace("（征求意见稿）\n".encode(), b""))
    text = (plans / GUANGYUAN).read_text(encoding="utf-8")
    (folder / "utf8.txt").write_text(text, encoding="utf-8")
    (folder / "gbk.txt").write_text(text, encoding="gb18030")
    together = tmp_path / "together"
    result = run(folder, "--store", together)
    assert result.exit_code == 0 and result.stderr.count("2 versions with different bytes") == 2
    plans_read = read(together, PLANS)
    changping = "document:title:昌平区公立医院改革与高质量发展实施方案"
    assert [row for row in plans_read if row["key"].startswith(changping)] == [
        {"key": changping, "paths": [str(folder / "final.txt")], "version_of": None},
        {"key": f"{changping}@{hashlib.sha256(draft).hexdigest()[:12]}",
         "paths": [str(folder / "draft.txt")], "version_of": changping}]
    guangyuan = [row for row in plans_read if "广元" in row["key"]]
    assert len(guangyuan) == 2 and sum(row["version_of"] is None for row in guangyuan) == 1

    one_by_one = tmp_path / "one-by-one"   # the final text and UTF-8 last: keys move
    for names in (["draft.txt", "gbk.txt"], ["draft.txt", "gbk.txt", "final.txt", "utf8.txt"]):
        store = EmbeddedStore(one_by_one)
        try:
            report = build(store, [folder / name for name in names])
        finally:
            store.close()
        assert report.failed == []
    assert dump(one_by_one) == dump(together)


def test_an_empty_folder_with_prune_removes_nothing(tmp_path, plans):
    store, empty = tmp_path / "store", tmp_path / "empty"
    empty.mkdir()
    assert run(plans, "--store", store).exit_code == 0
    before = dump(store)
    refused = run(empty, "--prune", "--store", store)
    assert refused.exit_code == 1 and "nothing was removed" in refused.stderr
    assert dump(store) == before


def kept_texts(store: Path) -> set[str]:
    return {path.name.split(".")[0] for path in (store / "texts").glob("*.zlib-base64")}


def move_texts_into_the_graph(store: Path) -> None:
    """The store as a policykg before the texts were files left it: texts on the Sources."""
    import kglite

    graph = kglite.open(str(store / "graph.kgl"))
    for path in sorted((store / "texts").iterdir()):
        graph.cypher("MATCH (s:Source {sha256: $sha}) SET s.text_zlib_base64 = $text",
                     params={"sha": path.name.split(".")[0], "text": path.read_text("ascii")})
    graph.save()
    graph.close()
    shutil.rmtree(store / "texts")


def test_a_plan_whose_file_is_gone_is_written_again_from_its_kept_text(tmp_path, plans):
    """The store keeps each source's text (the embedded store as files in texts/, one per
    sha256, outside the graph). A draft built alone, then its file removed and the final text
    added: the draft becomes a version of the final one, written again from the kept text; the
    store equals a fresh build of both files. --prune then removes it, text file included. A
    store that kept the texts on its Source nodes (before they were files) is moved to files
    first and works the same."""
    draft = (plans / CHANGPING).read_bytes()
    draft_sha = hashlib.sha256(draft).hexdigest()
    final = draft.replace("（征求意见稿）\n".encode(), b"")
    for texts_in_graph in (False, True):
        case = tmp_path / f"in-graph-{texts_in_graph}"
        folder, store = case / "mine", case / "store"
        folder.mkdir(parents=True)
        (folder / "draft.txt").write_bytes(draft)
        assert run(folder, "--store", store).exit_code == 0
        assert kept_texts(store) == {draft_sha}
        if texts_in_graph:
            move_texts_into_the_graph(store)
        (folder / "draft.txt").unlink()
        (folder / "final.txt").write_bytes(final)
        result = run(folder, "--store", store)
        assert result.exit_code == 0 and "draft.txt: now a version of" in result.output
        changping = "document:title:昌平区公立医院改革与高质量发展实施方案"
        assert read(store, PLANS) == [
            {"key": changping, "paths": [str(folder / "final.txt")], "version_of": None},
            {"key": f"{changping}@{draft_sha[:12]}", "paths": [str(folder / "draft.txt")],
             "version_of": changping}]
        assert kept_texts(store) == {draft_sha, hashlib.sha256(final).hexdigest()}
        assert read(store, "MATCH (s:Source) WHERE s.text_zlib_base64 IS NOT NULL "
                           "RETURN count(s) AS count") == [{"count": 0}]
        (folder / "draft.txt").write_bytes(draft)     # a fresh build of both files
        assert run(folder, "--store", case / "fresh").exit_code == 0
        assert dump(store) == dump(case / "fresh")
        (folder / "draft.txt").unlink()
        result = run(folder, "--store", store, "--prune")
        assert result.exit_code == 0 and "1 pruned" in result.output
        assert kept_texts(store) == {hashlib.sha256(final).hexdigest()}
