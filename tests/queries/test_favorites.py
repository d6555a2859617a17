"""The favourites zip and the style file the README tells analysts to drop on the Browser
(tests/queries/test_neo4j_browser.py drops both on a real one)."""

import io
import zipfile
from pathlib import Path

from click.testing import CliRunner

from policykg.cli import cli
from policykg.queries.saved import favorites_zip, load_all

ROOT = Path(__file__).resolve().parents[2]


def test_the_zip_holds_every_saved_query_named_on_its_first_line(tmp_path):
    target = tmp_path / "fav.zip"
    result = CliRunner().invoke(cli, ["queries", "--favorites", str(target)])
    assert result.exit_code == 0, result.output
    assert "agency-portfolio" in result.output          # the listing still prints
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
        assert names == [f"policykg/{name}.cypher" for name in sorted(load_all())]
        text = archive.read("policykg/plan-lineage.cypher").decode("utf-8")
    assert text.startswith("// plan-lineage\n// name: plan-lineage\n")
    assert text.endswith((ROOT / "queries" / "plan-lineage.cypher").read_text(encoding="utf-8"))


def test_the_zip_is_the_same_bytes_every_time():
    first = favorites_zip(load_all())
    assert first == favorites_zip(load_all())
    dates = {info.date_time for info in zipfile.ZipFile(io.BytesIO(first)).infolist()}
    assert dates == {(2020, 1, 1, 0, 0, 0)}


def test_the_style_file_has_no_comments():
    # the Browser's style reader glued a leading /* … */ onto the first selector (seen in
    # Neo4j Browser 5.24: the `node` rule became `/*Neo4jBrowserstyle…*/node`)
    grass = (ROOT / "queries" / "browser-style.grass").read_text(encoding="utf-8")
    assert "/*" not in grass and "//" not in grass
    assert grass.startswith("node {")
