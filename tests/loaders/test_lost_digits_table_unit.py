"""A lone % on its line is an indicator table's 单位 cell written one cell a line (PDF copy),
not digits lost before it; after a verb that wants a number (占比达到⏎%) it still is."""

from __future__ import annotations

import pytest

from policykg.loaders.rules.lost_digits import find_lost_numbers

TABLE = ("附件\n\n主要指标\n\n序号\n指标名称\n单位\n2022年现值\n2025年目标值\n\n"
         "1\n县域内住院率\n%\n85\n90\n\n2\n基层医疗卫生机构诊疗量占比\n%\n60\n65\n")


def test_a_unit_cell_alone_on_its_line_is_no_lost_number():
    assert find_lost_numbers(TABLE) == []
    assert find_lost_numbers(TABLE.replace("\n", "\r\n")) == []


@pytest.mark.parametrize("text", [
    "到2025年，县域内就诊率达到\n%\n",       # the PDF broke the line where the digits were
    "基层诊疗量占比不低于\r\n%\r\n",
    "占比达到 %。\n",
])
def test_a_percent_after_a_verb_that_wants_a_number_is_still_reported(text):
    assert [hit.message.split(":")[0] for hit in find_lost_numbers(text)] == [
        "digits lost before %"]
