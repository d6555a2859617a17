"""Agency names folded to one canonical name per agency within a document."""

import tomllib
from pathlib import Path

import pytest

from policykg.loaders.agencies import AgencyFolder, jurisdiction_concept
from policykg.loaders.rules.responsibility import find_clauses

RULES = tomllib.loads(
    (Path(__file__).resolve().parents[2] / "loaders" / "data" / "agencies.toml").read_text("utf-8"))


def examples(kind: str):
    for rule in RULES.get(kind, []):
        for example in rule["examples"]:
            yield pytest.param(rule, example, id=f"{rule['written']}:{example}")


@pytest.mark.parametrize("rule, example", list(examples("abbreviation")))
def test_abbreviation_examples_fold(rule, example):
    """Every abbreviation rule's examples are real clauses in which the rule applies."""
    names = [unit.name for clause in find_clauses(example) for unit in clause.units] or [example]
    folder = AgencyFolder(names)
    written = next(name for name in names if name.endswith(rule["written"]))
    canonical, folding = folder.resolve(written)
    assert canonical.endswith(rule["canonical"])
    assert folding is not None and folding.rule == "abbreviation"


@pytest.mark.parametrize("rule, example", list(examples("confusable")))
def test_confusable_examples_fold_when_the_right_form_is_present(rule, example):
    right = example.replace(rule["written"], rule["canonical"])
    folder = AgencyFolder([right, right, example])
    assert folder.canonical(example) == right
    # without the right form in the document, a name is left as written
    assert AgencyFolder([example]).canonical(example) == example


def test_seed_000_foldings():
    # seed 000's table: 区卫生健康委康委 (line 556), 区卫生健康 (line 669), 各公立医院院 (line 710),
    # 区发改委 (line 74), 区人社局 (line 431), 区卫健委 (line 298)
    written = ["区卫生健康委"] * 20 + ["区卫生健康委康委", "区卫生健康", "各公立医院院", "区发改委",
                                  "区人社局", "区人力社保局", "区卫健委"]
    folder = AgencyFolder(written)
    assert {name: folder.canonical(name) for name in written[20:]} == {
        "区卫生健康委康委": "区卫生健康委", "区卫生健康": "区卫生健康委", "各公立医院院": "各公立医院",
        "区发改委": "区发展改革委", "区人社局": "区人力社保局", "区人力社保局": "区人力社保局",
        "区卫健委": "区卫生健康委"}
    assert sorted((f.written, f.rule) for f, _ in folder.foldings()) == sorted([
        ("区卫生健康委康委", "doubled"), ("区卫生健康", "truncated"), ("各公立医院院", "doubled"),
        ("区发改委", "abbreviation"), ("区人社局", "abbreviation"), ("区卫健委", "abbreviation")])


def test_distinct_agencies_are_not_merged():
    # 区财政局 / 区民政局 differ by one character and are different offices
    folder = AgencyFolder(["区财政局", "区民政局", "区委编办", "区委组织部"])
    assert [folder.canonical(n) for n in ["区财政局", "区民政局", "区委编办", "区委组织部"]] == [
        "区财政局", "区民政局", "区委编办", "区委组织部"]
    assert folder.foldings() == []


def test_truncation_needs_a_unique_completion():
    folder = AgencyFolder(["区卫生健康委", "区卫生健康局", "区卫生健康"])
    assert folder.canonical("区卫生健康") == "区卫生健康"


@pytest.mark.parametrize("name, concept", [
    ("区卫生健康委", "卫生健康委"), ("重庆市卫生健康委", "卫生健康委"), ("市医保局", "医保局"),
    ("公安北辰分局", "公安北辰分局"),
    # one level character only: 市场监管局 keeps its 市
    ("区市场监管局", "市场监管局"),
    ("重庆市渝北区人民政府办公室", "人民政府办公室"),
])
def test_concept(name, concept):
    assert jurisdiction_concept(name, ["重庆市", "渝北区"]) == concept
