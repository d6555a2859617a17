"""`build` on the embedded store says when the store is past what it handles well and what to
use instead; below that it says nothing more. The limit is lowered here (the class constant,
not a fake store) so that the five bundled plans cross it."""

from __future__ import annotations

from click.testing import CliRunner

from policykg.cli import cli
from policykg.graph.stores.embedded_store import EmbeddedStore
from tests.seedlib import BUNDLED


def built(tmp_path) -> tuple[str, str]:
    result = CliRunner().invoke(cli, ["build", *map(str, BUNDLED), "--store",
                                      str(tmp_path / "store")])
    assert result.exit_code == 0, result.output
    return result.stdout, result.stderr


def test_past_the_comfortable_size_build_names_neo4j(tmp_path, monkeypatch):
    monkeypatch.setattr(EmbeddedStore, "COMFORTABLE_PLANS", len(BUNDLED) - 1)
    out, notes = built(tmp_path)
    assert f"graph: {len(BUNDLED)} plans" in out
    assert (f"Note: the embedded store holds {len(BUNDLED)} plans; past {len(BUNDLED) - 1} "
            "every build") in notes
    assert "use Neo4j for more (build --neo4j, or policykg bulk" in notes


def test_at_the_comfortable_size_build_says_nothing_of_it(tmp_path, monkeypatch):
    monkeypatch.setattr(EmbeddedStore, "COMFORTABLE_PLANS", len(BUNDLED))
    out, notes = built(tmp_path)
    assert f"graph: {len(BUNDLED)} plans" in out
    assert "use Neo4j" not in notes
