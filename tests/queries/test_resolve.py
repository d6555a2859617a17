"""Parameter resolution (queries/resolve.py) on the bundled plans, on the real Neo4j and on the
embedded store: the names an analyst types give the rows of the names the graph holds, the same
on both engines; ambiguous and unknown names are one-line errors naming the candidates; a query
without rows says what it ran with and why; an empty store is warned about.

Seed 000 is 渝北府办发〔2022〕40号 of 重庆市渝北区; its task 17 深化医疗服务价格改革 is led by
区医保局 (line 465). 国办发〔2021〕18号 is implemented by the plans of 广元市 and 昌平区;
渝北区医疗卫生人才引进培养管理办法 is only referenced (by seed 000).
"""

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from policykg.cli import cli
from policykg.graph.stores.embedded_store import EmbeddedStore
from policykg.queries.resolve import (
    STATEMENTS,
    ResolveError,
    answer,
    explain_empty,
    is_empty,
    resolve,
    resolve_value,
)
from policykg.queries.saved import QueryError, load_all, parse
from tests.bothstores import both_stores
from tests.cypherlint import lint
from tests.graph.test_cypher_lint import graph_schema

ROOT = Path(__file__).resolve().parents[2]
SEED_000 = "渝北府办发〔2022〕40号"
YUBEI = "重庆市渝北区"
GUANGYUAN = "广元市推动公立医院高质量发展实施方案"
CHANGPING = "昌平区公立医院改革与高质量发展实施方案"
QUERIES = load_all()


@pytest.fixture(scope="module")
def stores(neo4j_settings, tmp_path_factory):
    """{engine: store}, both built from the five bundled plans."""
    yield from both_stores(neo4j_settings, sorted((ROOT / "samples" / "plans").glob("*.txt")),
                          tmp_path_factory.mktemp("store"))


def answered(stores, name: str, **values) -> tuple[list[dict], dict]:
    """Rows and resolved values of a saved query; fails unless both engines agree on both."""
    found = {engine: answer(store, QUERIES[name], values) for engine, store in stores.items()}
    (rows, resolved), (other_rows, other) = found["neo4j"], found["embedded"]
    assert rows == other_rows, name
    assert resolved.values == other.values, name
    return rows, resolved.asked()


def refused(stores, name: str, **values) -> str:
    """The one-line error both engines give for these values (the same on both)."""
    messages = set()
    for store in stores.values():
        with pytest.raises(ResolveError) as raised:
            resolve(store, QUERIES[name], values)
        messages.add(str(raised.value))
    assert len(messages) == 1, messages
    message = messages.pop()
    assert "\n" not in message
    return message


def test_the_resolver_statements_pass_the_linter():
    schema = graph_schema()
    schema["parameters"] = {"agency": "区医保局", "jurisdiction": YUBEI, "plan": SEED_000,
                            "document": "国办发〔2021〕18号"}
    found = lint({f"{i:02d}": text for i, text in enumerate(STATEMENTS)}, schema)
    assert {STATEMENTS[int(name)]: messages for name, messages in found.items()
            if messages} == {}


def test_headers_say_what_a_parameter_names():
    named = {(query.name, p.name): p.names for query in QUERIES.values()
             for p in query.parameters if p.names}
    assert named == {
        ("agency-load", "jurisdiction"): "jurisdiction",
        ("agency-portfolio", "agency"): "agency",
        ("agency-portfolio", "jurisdiction"): "jurisdiction",
        ("co-responsibility", "jurisdiction"): "jurisdiction",
        ("implementers", "document"): "document",
        ("indicator-targets", "agency"): "agency",
        ("plan-citations", "plan"): "plan",
        ("plan-lineage", "plan"): "plan",
        ("sibling-plans", "plan"): "plan",
        ("task-evidence", "plan"): "plan",
    }
    # the Cypher itself is untouched: still fit to paste into the Neo4j Browser
    assert "$jurisdiction IS NULL OR a.jurisdiction = $jurisdiction" in \
        QUERIES["agency-portfolio"].cypher


def test_a_header_naming_an_unknown_kind_is_refused(tmp_path):
    path = tmp_path / "odd.cypher"
    path.write_text("// name: odd\n// zh: 问\n// en: Ask\n"
                    "// param place (string, county): 渝北区 | a place\n"
                    "// columns: x\nRETURN $place AS x\n", encoding="utf-8")
    with pytest.raises(QueryError, match="place cannot name 'county'"):
        parse(path)


@pytest.mark.parametrize("jurisdiction", ["渝北区", "渝北", YUBEI])
def test_a_short_jurisdiction_gives_the_rows_of_the_full_one(stores, jurisdiction):
    rows, values = answered(stores, "agency-portfolio", agency="区医保局",
                            jurisdiction=jurisdiction)
    assert values == {"agency": "区医保局", "jurisdiction": YUBEI}
    assert {(r["agency"], r["jurisdiction"], r["plan"]) for r in rows} == {
        ("区医保局", YUBEI, SEED_000)}
    # task 17 is led by 区医保局, on the task or on its table row (whichever the query lists)
    led = next(r for r in rows if r["task"] == "17" and r["role"] == "lead")
    assert (led["title"], led["deadline"]) == ("深化医疗服务价格改革", "ongoing")
    full, _ = answered(stores, "agency-portfolio", agency="区医保局", jurisdiction=YUBEI)
    assert rows == full   # the very rows of the graph's own names
    load, values = answered(stores, "agency-load", jurisdiction=jurisdiction)
    assert values == {"jurisdiction": YUBEI}
    assert {r["jurisdiction"] for r in load} == {YUBEI}
    assert load[0]["agency"] == "区卫生健康委"


def test_a_full_agency_name_gives_the_rows_of_its_short_form(stores):
    rows, values = answered(stores, "agency-portfolio", agency="区医疗保障局", jurisdiction="渝北")
    assert values == {"agency": "区医保局", "jurisdiction": YUBEI}
    assert rows == answered(stores, "agency-portfolio", agency="区医保局",
                            jurisdiction=YUBEI)[0]
    # without a jurisdiction: every 区医保局 (渝北, 沙坪坝, 北辰, 昌平)
    everywhere, values = answered(stores, "agency-portfolio", agency="区医疗保障局")
    assert values["agency"] == "区医保局"
    assert {r["jurisdiction"] for r in everywhere} == {
        YUBEI, "重庆市沙坪坝区", "天津市北辰区", "北京市昌平区"}
    # another full name of agencies.toml; a written alias is passed through as it is
    rows, values = answered(stores, "agency-portfolio", agency="区人力资源和社会保障局",
                            jurisdiction="北辰区")
    assert values["agency"] == "区人力社保局" and rows
    assert {r["agency"] for r in rows} == {"区人力社保局"}
    rows, values = answered(stores, "indicator-targets", agency="区卫健委")
    assert values["agency"] == "区卫健委"
    assert {r["agency"] for r in rows} == {"区卫生健康委"}


def test_the_function_without_its_level_is_the_agency_of_the_jurisdiction(stores):
    rows, values = answered(stores, "agency-portfolio", agency="医保局", jurisdiction="渝北区")
    assert values["agency"] == "区医保局" and rows
    assert rows == answered(stores, "agency-portfolio", agency="区医保局",
                            jurisdiction=YUBEI)[0]


@pytest.mark.parametrize("written", ["国办发[2021]18号", "国办发(2021)18号", "国办发（2021）18号",
                                     "国办发［2021］18号", "国办发【2021】18号", "国办发〔2021〕18号"])
def test_a_doc_number_in_any_brackets(stores, written):
    rows, values = answered(stores, "implementers", document=written)
    assert values == {"document": "国办发〔2021〕18号"}
    # the two plans that state it (plans reaching it through the registry come at 2 hops)
    assert {r["document"] for r in rows} == {"国办发〔2021〕18号"}
    assert {r["plan"] for r in rows if r["hops"] == 1} == {GUANGYUAN, CHANGPING}
    assert rows == answered(stores, "implementers", document="国办发〔2021〕18号")[0]


def test_a_plan_by_doc_number_or_a_fragment_of_its_title(stores):
    rows, values = answered(stores, "plan-lineage", plan="渝北府办发(2022)40号")
    assert values == {"plan": SEED_000}
    assert {r["document"] for r in rows if r["hops"] == 1} == {
        "渝府办发〔2022〕5号", "渝医改办函〔2022〕2号"}
    rows, values = answered(stores, "plan-citations", plan="沙坪坝区进一步完善")
    assert values == {"plan": "沙府办发〔2025〕13号"}
    assert ("implements", "渝府办发〔2023〕76号") in {(r["relation"], r["document"]) for r in rows}
    # a plan without a doc number is named by its title
    rows, values = answered(stores, "plan-lineage", plan="广元市推动")
    assert values == {"plan": GUANGYUAN}
    assert {r["document"] for r in rows} >= {"国办发〔2021〕18号", "川办发〔2021〕71号"}


def test_an_ambiguous_name_lists_the_candidates(stores):
    message = refused(stores, "agency-portfolio", agency="医保局")
    assert message == ("agency 医保局 is ambiguous: it could be 区医保局 (北京市昌平区, 天津市北辰区, "
                       "重庆市沙坪坝区, 重庆市渝北区), 市医保局 (四川省广元市); give one of these names")
    message = refused(stores, "plan-lineage", plan="推动公立医院高质量发展实施方案")
    assert message.startswith("plan 推动公立医院高质量发展实施方案 is ambiguous: it could be ")
    for candidate in ("北辰政办发〔2022〕14号 (北辰区推动公立医院高质量发展实施方案)", GUANGYUAN,
                      f"{SEED_000} (重庆市渝北区推动公立医院高质量发展实施方案)"):
        assert candidate in message
    assert "沙府办发" not in message


def test_an_unknown_name_suggests_the_closest(stores):
    assert refused(stores, "agency-portfolio", agency="区医保", jurisdiction="渝北区") == (
        "no agency 区医保 of 重庆市渝北区 in the graph; did you mean 区医保局 (重庆市渝北区) or "
        "区医改办 (重庆市渝北区)?")
    assert refused(stores, "agency-portfolio", agency="市医保局", jurisdiction="渝北") == (
        "no agency 市医保局 of 重庆市渝北区 in the graph; 市医保局 is an agency of 四川省广元市; "
        "did you mean 区医保局 (重庆市渝北区)?")
    assert refused(stores, "implementers", document="国办发〔2021〕19号").startswith(
        "no document 国办发〔2021〕19号 in the graph; did you mean 国办发〔2021〕18号")
    assert refused(stores, "plan-lineage", plan="中办发[2023]10号") == (
        "no plan 中办发〔2023〕10号 in the graph: it is a document the plans cite, not one of the "
        "plans built")
    message = refused(stores, "agency-load", jurisdiction="渝南")
    assert message.startswith("no jurisdiction 渝南 in the graph") and YUBEI in message
    assert refused(stores, "agency-portfolio", agency="区医保局\n//").startswith(
        "no agency '区医保局\\n//' in the graph; did you mean 区医保局 (北京市昌平区, 天津市北辰区, "
        "重庆市沙坪坝区, 重庆市渝北区)")


def test_no_rows_says_why(stores):
    for store in stores.values():
        rows, resolved = answer(store, QUERIES["implementers"], {"document": "人才引进培养"})
        assert rows == [] and resolved.changes() == [
            ("document", "人才引进培养", "渝北区医疗卫生人才引进培养管理办法")]
        assert resolved.ran_with() == "document=渝北区医疗卫生人才引进培养管理办法"
        assert explain_empty(store, resolved) == [
            "the document 渝北区医疗卫生人才引进培养管理办法 is in the graph (cited by 1 plan) but "
            "no plan IMPLEMENTS it"]
        rows, resolved = answer(store, QUERIES["plan-lineage"],
                                {"plan": "北辰区推动公立医院高质量发展实施方案"})
        assert rows == [] and explain_empty(store, resolved) == [
            "the plan 北辰区推动公立医院高质量发展实施方案 is in the graph (24 tasks; cites 2 documents: "
            "implements 0, references 2) but implements no document"]
        rows, resolved = answer(store, QUERIES["sibling-plans"], {"plan": SEED_000})
        assert rows == [] and explain_empty(store, resolved) == [
            f"the plan {SEED_000} is in the graph (29 tasks; cites 4 documents: implements 2, "
            "references 2) and no other plan implements the same document"]
        rows, resolved = answer(store, QUERIES["agency-load"], {"jurisdiction": "重庆"})
        assert rows == [] and resolved.asked() == {"jurisdiction": "重庆市"}
        assert explain_empty(store, resolved) == [
            "the jurisdiction 重庆市 is in the graph (0 plans, 0 agencies) but no agency belongs "
            "to it"]


def test_maps_resolve_their_options(stores):
    for store in stores.values():
        assert resolve_value(store, "jurisdiction", "渝北") == YUBEI
        assert resolve_value(store, "agency", "区医疗保障局", YUBEI) == "区医保局"
        assert resolve_value(store, "document", "国办发[2021]18号") == "国办发〔2021〕18号"


def cli_store(tmp_path: Path) -> Path:
    store = tmp_path / "store"
    built = CliRunner().invoke(cli, ["build", str(ROOT / "samples" / "plans"), "--store",
                                     str(store)])
    assert built.exit_code == 0, built.output
    return store


@pytest.fixture
def engines(stores, neo4j_settings, tmp_path, monkeypatch):
    """The store options of the CLI for each engine (Neo4j through the environment)."""
    monkeypatch.setenv("NEO4J_URI", neo4j_settings["uri"])
    monkeypatch.setenv("NEO4J_USERNAME", neo4j_settings["username"])
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_settings["password"])
    return {"neo4j": ["--neo4j"], "embedded": ["--store", str(cli_store(tmp_path))]}


def test_the_cli_shows_what_it_resolved_and_why_there_is_no_row(stores, engines):
    runner = CliRunner()
    for engine, options in engines.items():
        table = runner.invoke(cli, ["query", "agency-portfolio", "-p", "agency=区医疗保障局",
                                    "-p", "jurisdiction=渝北区", *options])
        assert table.exit_code == 0, (engine, table.output)
        assert table.stderr.splitlines() == [
            "Note: agency=区医疗保障局 is 区医保局 in the graph",
            "Note: jurisdiction=渝北区 is 重庆市渝北区 in the graph"], engine
        rows = len(answer(stores[engine], QUERIES["agency-portfolio"],
                          {"agency": "区医保局", "jurisdiction": YUBEI})[0])
        assert "深化医疗服务价格改革" in table.stdout
        assert table.stdout.endswith(f"({rows} rows)\n") and rows > 1
        empty = runner.invoke(cli, ["query", "implementers", "-p", "document=人才引进培养",
                                    *options])
        assert empty.exit_code == 0
        assert empty.stdout.splitlines()[-1] == (
            "(0 rows; ran with document=渝北区医疗卫生人才引进培养管理办法)")
        assert empty.stderr.splitlines()[-1] == (
            "the document 渝北区医疗卫生人才引进培养管理办法 is in the graph (cited by 1 plan) "
            "but no plan IMPLEMENTS it")
        # JSON and CSV stay pure: the count and the reason go to stderr
        as_json = runner.invoke(cli, ["query", "implementers", "-p", "document=人才引进培养",
                                      "--format", "json", *options])
        assert json.loads(as_json.stdout) == []
        assert "(0 rows; ran with document=渝北区医疗卫生人才引进培养管理办法)" in as_json.stderr
        as_csv = runner.invoke(cli, ["query", "agency-load", "-p", "jurisdiction=重庆",
                                     "--format", "csv", "--no-bom", "--headers", "en",
                                     *options])
        assert as_csv.stdout == ("agency,jurisdiction,plan,leads,cooperates,responsible,tasks,"
                                 "total_tasks\n")
        assert as_csv.stderr.splitlines()[-2:] == [
            "(0 rows; ran with jurisdiction=重庆市)",
            "the jurisdiction 重庆市 is in the graph (0 plans, 0 agencies) but no agency "
            "belongs to it"]
        unknown = runner.invoke(cli, ["query", "agency-portfolio", "-p", "agency=区医保", "-p",
                                      "jurisdiction=渝北区", *options])
        assert unknown.exit_code == 1 and unknown.stdout == ""
        assert unknown.stderr.splitlines()[-1] == (
            "Error: no agency 区医保 of 重庆市渝北区 in the graph; did you mean 区医保局 (重庆市渝北区) "
            "or 区医改办 (重庆市渝北区)?")
        # an exact value says nothing more than before
        exact = runner.invoke(cli, ["query", "plan-lineage", "-p", f"plan={SEED_000}",
                                    "--format", "json", *options])
        assert exact.stderr == "" and {r["document"] for r in json.loads(exact.stdout)} == {
            "渝府办发〔2022〕5号", "渝医改办函〔2022〕2号", "国办发〔2021〕18号"}


def test_map_options_are_resolved_like_query_parameters(engines, tmp_path):
    runner = CliRunner()
    options = engines["embedded"]
    pages = []
    for agency, jurisdiction in (("区医保局", YUBEI), ("区医疗保障局", "渝北")):
        out = tmp_path / f"{agency}-{jurisdiction}.html"
        drawn = runner.invoke(cli, ["map", "agency", "--agency", agency, "--jurisdiction",
                                    jurisdiction, "-o", str(out), *options])
        assert drawn.exit_code == 0, drawn.output
        assert re.match(r"wrote .*: 26 nodes, 48 edges", drawn.stdout)
        pages.append(out.read_bytes())
    assert pages[0] == pages[1]   # the same map: 区医保局 of 重庆市渝北区
    assert "区医保局 的任务 portfolio".encode() in pages[0]
    network = runner.invoke(cli, ["map", "network", "--jurisdiction", "渝北", "-o",
                                  str(tmp_path / "n.html"), *options])
    assert network.exit_code == 0 and f"协同网络 agency network · {YUBEI}" in (
        tmp_path / "n.html").read_text(encoding="utf-8")
    wrong = runner.invoke(cli, ["map", "agency", "--agency", "医保局", "-o",
                                str(tmp_path / "x.html"), *options])
    assert wrong.exit_code == 1 and wrong.stderr.startswith(
        "Error: agency 医保局 is ambiguous: it could be 区医保局 (")
    assert not (tmp_path / "x.html").exists()


def test_an_empty_store_is_warned_about(tmp_path, neo4j_store, neo4j_settings, monkeypatch):
    """Runs last: it empties the Neo4j database the module's stores were built in."""
    folder = tmp_path / "empty"
    EmbeddedStore(folder).close()
    assert is_empty(neo4j_store)
    monkeypatch.setenv("NEO4J_URI", neo4j_settings["uri"])
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_settings["password"])
    runner = CliRunner()
    for options, where in ((["--store", str(folder)], str(folder)),
                           (["--neo4j"], neo4j_settings["uri"])):
        result = runner.invoke(cli, ["query", "agency-portfolio", "-p", "agency=区医保局", "-p",
                                     "jurisdiction=渝北区", *options])
        assert result.exit_code == 0, result.output
        assert result.stderr == (f"Warning: the graph in {where} holds no plan (policykg build "
                                 "PATHS adds them)\n")
        assert result.stdout.splitlines()[-1] == (
            "(0 rows; ran with agency=区医保局, jurisdiction=渝北区)")
        drawn = runner.invoke(cli, ["map", "lineage", "-o", str(tmp_path / "l.html"), *options])
        assert drawn.stderr.startswith(f"Warning: the graph in {where} holds no plan")
