"""Query rows as CSV for Excel (policykg/spreadsheet.py write_csv): rows from saved queries run
on an embedded store built from the bundled plans."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from policykg.builder import build
from policykg.graph.stores.embedded_store import EmbeddedStore
from policykg.queries.saved import load_all, run
from policykg.spreadsheet import COLUMNS_ZH, write_csv

ROOT = Path(__file__).resolve().parents[2]
SEED_000 = "渝北府办发〔2022〕40号"
QUERIES = load_all()
PORTFOLIO_ZH = ["部门", "行政区划", "方案", "任务", "分工条目", "任务名称", "角色", "完成时限",
                "原文", "来源文件", "行号", "原文起始位置", "原文结束位置"]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    store = EmbeddedStore(tmp_path_factory.mktemp("store"))
    files = sorted((ROOT / "samples" / "plans").glob("*.txt"))
    report = build(store, files)
    assert report.failed == [] and len(report.written) == len(files)
    yield store
    store.close()


def query_csv(store, name: str, **options) -> tuple[bytes, list[dict]]:
    query = QUERIES[name]
    rows = run(store, query, query.example_parameters())
    assert rows, name
    out = io.BytesIO()
    write_csv(rows, query.columns, out, **options)
    return out.getvalue(), rows


def test_bom_and_chinese_headers_by_default(store):
    data, rows = query_csv(store, "agency-portfolio")   # 区医保局 of 重庆市渝北区
    assert data.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert table[0] == PORTFOLIO_ZH
    assert len(table) == len(rows) + 1
    answer = [dict(zip(table[0], line, strict=True)) for line in table[1:]]
    assert {line["角色"] for line in answer} == {"牵头", "配合"}
    # seed 000 lines 463-472: 17. 深化医疗服务价格改革, its two rows: 牵头 区医保局, 持续推进
    task_17 = next(line for line in answer
                   if line["方案"] == SEED_000 and line["任务"] == "17" and line["分工条目"] == "1")
    assert (task_17["部门"], task_17["任务名称"], task_17["角色"], task_17["完成时限"]) == (
        "区医保局", "深化医疗服务价格改革", "牵头", "持续推进")
    # Excel on a Chinese Windows reads UTF-8 without the mark as GBK: the garbling the BOM avoids
    assert "区医保局".encode().decode("gbk", errors="replace") == "鍖哄尰淇濆眬"


def test_without_bom_in_english_the_plain_csv(store):
    data, rows = query_csv(store, "agency-portfolio", bom=False, headers="en")
    text = data.decode("utf-8")
    lines = text.split("\n")
    assert lines[0] == ",".join(QUERIES["agency-portfolio"].columns)
    assert text.endswith("\n") and len(lines) == len(rows) + 2
    row = next(r for r in rows if r["plan"] == SEED_000 and r["task"] == "17" and r["row"] == 1)
    assert (f"区医保局,重庆市渝北区,{SEED_000},17,1,深化医疗服务价格改革,lead,ongoing,"
            f"{row['quote']},{row['source_path']},{row['line']},{row['span_start']},"
            f"{row['span_end']}") in lines
    assert {line.split(",")[6] for line in lines[1:-1]} == {"lead", "cooperating"}


def test_responsible_role_and_task_facts(store):
    # task-evidence: a task's own row, then one per responsibility edge
    data, rows = query_csv(store, "task-evidence")
    table = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [line["类别"] for line in table][:1] == ["任务"]
    assert {line["类别"] for line in table} <= {"任务", "牵头", "配合", "责任"}
    assert {line["类别"] for line in table} >= {"任务", "牵头"}
    query = QUERIES["agency-portfolio"]
    rows = run(store, query, {"agency": "区卫生健康委", "jurisdiction": "天津市北辰区"})
    out = io.BytesIO()
    write_csv(rows, query.columns, out)
    table = list(csv.DictReader(io.StringIO(out.getvalue().decode("utf-8-sig"))))
    # 北辰区's plan names its units 责任单位: 区卫生健康委 answers for tasks, leads none
    assert {line["角色"] for line in table} == {"责任"}


def test_lists_booleans_and_relations(store):
    data, rows = query_csv(store, "plan-citations")
    table = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert {line["关系"] for line in table} <= {"贯彻落实", "引用"}
    assert {line["已载入"] for line in table} <= {"是", "否"}
    assert "贯彻落实" in {line["关系"] for line in table}
    data, rows = query_csv(store, "plan-lineage")
    table = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [line["贯彻链"] for line in table] == ["、".join(row["chain"]) for row in rows]


def test_a_text_stream_gets_the_same_characters(store):
    data, rows = query_csv(store, "due-by")
    text = io.StringIO()
    write_csv(rows, QUERIES["due-by"].columns, text)
    assert text.getvalue().encode("utf-8") == data
    table = list(csv.DictReader(io.StringIO(text.getvalue().removeprefix("\ufeff"))))
    assert list(table[0])[:2] == ["部门", "行政区划"]
    assert {line["到期"] for line in table} >= {"2025", "持续推进"}


def test_every_column_of_every_saved_query_has_a_chinese_header():
    for name, query in QUERIES.items():
        assert [column for column in query.columns if column not in COLUMNS_ZH] == [], name
        headers = [COLUMNS_ZH[column] for column in query.columns]
        assert len(set(headers)) == len(headers), name


def test_unknown_headers_language():
    with pytest.raises(ValueError, match="headers"):
        write_csv([], ["plan"], io.BytesIO(), headers="fr")
