"""Fuzzing the commands a user runs: no input they can give ends in a traceback.

Hypothesis mutates the bundled plans (cuts, repeats, inserted markers and stray bytes), draws
query parameters (huge numbers, quotes, Cypher fragments, empty and non-Chinese text) and file
names that are not UTF-8. Every run must end with exit status 0 or 1, with no uncaught
exception, and a failure must be said in lines that start with "Error:" and name the file or
the parameter. A fixed number of examples with derandomize=True, so CI runs the same cases.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policykg.cli import cli
from policykg.queries.saved import load_all
from tests.seedlib import BUNDLED

FUZZ = settings(max_examples=25, derandomize=True, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])
# pieces that the rules react to: numbering, brackets, role labels, dates, doc numbers
MARKERS = ["一、", "（一）", "1.", "（1）", "①", "第一章", "第一条", "《", "》", "（", "）", "〔",
           "〕", "〔2022〕", "号", "牵头单位：", "配合单位：", "责任单位：", "按职责分工负责",
           "区卫生健康委", "医院", "到2025年", "2025年2月30日", "%", "\t", "\n", "\n\n", "　",
           "\ufffd", "\x00", "征求意见稿", "关于印发", "的通知", "实施方案"]


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def assert_clean(result: Result, *names: str) -> None:
    """Exit 0 or 1, no traceback, and every error a one-line "Error:" naming a given name."""
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        repr(result.exception)[:300]
    assert result.exit_code in (0, 1), (result.exit_code, result.output)
    assert "Traceback" not in result.output and "Traceback" not in result.stderr
    if result.exit_code == 1:
        errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
        assert errors, result.stderr
        if names:
            assert all(any(name in line for name in names) for line in errors), errors


@st.composite
def mutated_plan(draw) -> bytes:
    """A bundled plan with a few cuts, repeats and insertions, as bytes (maybe broken UTF-8)."""
    text = draw(st.sampled_from(BUNDLED)).read_text(encoding="utf-8")
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["cut", "repeat", "insert", "insert"]))
        if action == "cut":
            text = text[:at] + text[at + draw(st.integers(1, 400)):]
        elif action == "repeat":
            piece = text[at:at + draw(st.integers(1, 200))]
            text = text[:at] + piece * draw(st.integers(2, 20)) + text[at:]
        else:
            piece = "".join(draw(st.lists(st.sampled_from(MARKERS) | st.text(max_size=3),
                                          max_size=8)))
            text = text[:at] + piece + text[at:]
    data = text.encode("utf-8")
    if draw(st.booleans()):   # a byte-level cut can split a character
        data = data[: draw(st.integers(0, len(data)))]
    return data


@pytest.fixture(scope="module")
def built_store(tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("fuzz") / "store"
    result = run("build", *map(str, BUNDLED), "--store", str(store))
    assert result.exit_code == 0, result.output
    return store


@FUZZ
@given(data=mutated_plan())
def test_mutated_plans_extract_and_build_cleanly(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("mutated")
    plan = folder / "mutated.txt"
    plan.write_bytes(data)
    shutil.copy(BUNDLED[0], folder / BUNDLED[0].name)   # a good plan beside the broken one
    extracted = run("extract", str(folder), "--format", "jsonl")
    assert_clean(extracted, str(plan))
    # the good plan is always extracted, whatever happened to the other
    records = [json.loads(line) for line in extracted.stdout.splitlines()]
    assert any(r["source"]["path"] == str(folder / BUNDLED[0].name) and r["tasks"]
               for r in records)
    built = run("build", str(folder), "--store", str(folder / "store"))
    assert_clean(built, str(plan))
    assert "1 failed" not in built.stdout or str(plan) in built.stderr


QUERIES = load_all()
PARAMETER_VALUES = (st.text(max_size=30) | st.integers(-10**30, 10**30).map(str)
                    | st.sampled_from(["", " ", "'", "\"", "' OR 1=1 //", "}) DETACH DELETE n //",
                                       "99999999999999999999", "-1", "2025.5", "1e309", "nan",
                                       "区医保局", "渝北府办发〔2022〕40号", "\x00", "$year"]))


@FUZZ
@given(name=st.sampled_from(sorted(QUERIES)), values=st.lists(
    st.tuples(st.sampled_from(["year", "agency", "plan", "min_units", "task", "title",
                               "document", "hospital", "jurisdiction", "x", ""]),
              PARAMETER_VALUES), max_size=3))
def test_query_parameters_never_end_in_a_traceback(built_store, name, values):
    params = [part for key, value in values for part in ("-p", f"{key}={value}")]
    result = run("query", name, *params, "--store", str(built_store), "--format", "json")
    assert_clean(result)
    if result.exit_code == 0:
        assert isinstance(json.loads(result.stdout), list)


@FUZZ
@given(raw=st.binary(min_size=1, max_size=12).filter(
    lambda b: b"/" not in b and b"\x00" not in b and b not in (b".", b"..")))
def test_file_names_that_are_not_utf8(tmp_path_factory, raw):
    folder = tmp_path_factory.mktemp("names")
    name = os.fsdecode(raw + b".txt")       # what the shell hands over (surrogateescape)
    try:
        (folder / name).write_bytes(BUNDLED[2].read_bytes())
    except OSError:   # a name this file system refuses is not a user's input
        return
    for args in (["extract", str(folder), "--format", "json"],
                 ["export", str(folder), "--format", "graphml"],
                 ["export", str(folder), "--format", "json-ld"]):
        result = run(*args)
        assert_clean(result)
        assert result.exit_code == 0, result.output
        if args[-1] in ("json", "json-ld"):
            json.loads(result.stdout)       # valid JSON whatever the name
        else:
            from xml.etree import ElementTree

            ElementTree.fromstring(result.stdout_bytes)  # valid XML whatever the name
