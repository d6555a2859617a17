"""`policykg build --registry FILE` (issue 17): the user's registry of parent documents in
place of the bundled one. A link it states is `confirmed` with the user's file as evidence;
a build without it goes back to the bundled registry, and the store equals a fresh build."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from policykg.cli import cli
from policykg.loaders.registry import registry_bytes
from tests.storedump import embedded_dump

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "plans"
ENTRY = 'doc_number = "渝府办发〔2022〕5号"'


def invoke(*args: object):
    result = CliRunner().invoke(cli, [*map(str, args)])
    assert "Traceback" not in result.output, result.output
    return result


def lineage(store: Path) -> dict[tuple[str, ...], list[str]]:
    result = invoke("query", "plan-lineage", "-p", "plan=渝北府办发〔2022〕40号", "--store", store,
                    "--format", "json")
    assert result.exit_code == 0, result.output
    return {tuple(row["chain"]): row for row in json.loads(result.stdout)}


def test_a_registry_of_ones_own_confirms_a_link(tmp_path, monkeypatch):
    monkeypatch.delenv("NEO4J_URI", raising=False)
    text = registry_bytes().decode("utf-8")
    start = text.index(ENTRY)
    entry_end = text.index("[[document]]", start)
    entry = text[start:entry_end].replace(
        "implements = []", 'implements = ["国办发〔2021〕18号"]', 1)
    mine = tmp_path / "my-registry.toml"
    mine.write_text(text[:start] + entry + text[entry_end:], encoding="utf-8")
    store = tmp_path / "store"
    assert invoke("build", SAMPLES, "--store", store, "--registry", mine).exit_code == 0
    chain = ("渝北府办发〔2022〕40号", "渝府办发〔2022〕5号", "国办发〔2021〕18号")
    hop = lineage(store)[chain]
    assert hop["statuses"] == ["stated", "confirmed"] and hop["rules"] == []
    assert hop["source_path"] == str(mine)
    assert hop["quote"] == 'implements = ["国办发〔2021〕18号"]'
    # 渝医改办函〔2022〕2号 is as the bundled registry has it: inferred from its title
    assert lineage(store)[(chain[0], "渝医改办函〔2022〕2号", chain[2])]["statuses"] == [
        "stated", "inferred"]

    # without --registry: the bundled registry again, as a fresh build has it
    assert invoke("build", SAMPLES, "--store", store).exit_code == 0
    assert lineage(store)[chain]["statuses"] == ["stated", "inferred"]
    fresh = tmp_path / "fresh"
    assert invoke("build", SAMPLES, "--store", fresh).exit_code == 0
    assert embedded_dump(store) == embedded_dump(fresh)


def test_a_broken_registry_is_one_line_and_the_plans_still_load(tmp_path, monkeypatch):
    monkeypatch.delenv("NEO4J_URI", raising=False)
    broken = tmp_path / "broken.toml"
    broken.write_text('[[document]]\ndoc_number = "no number"\n', encoding="utf-8")
    store = tmp_path / "store"
    result = invoke("build", SAMPLES, "--store", store, "--registry", broken)
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert errors == [f"Error: {broken}: an entry needs a valid doc_number (line 1)"] or (
        len(errors) == 1 and str(broken) in errors[0] and "doc_number" in errors[0])
    assert "5 written" in result.output
