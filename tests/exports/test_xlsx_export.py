"""`policykg export --format xlsx`: the task division table (任务分工表) and the agency × task
matrix of real plans, read back with openpyxl and checked against the plan files."""

from __future__ import annotations

import io
import shutil
import time
import zipfile
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from policykg.commands.export import export
from policykg.xlsx_export import MAX_NAME, SheetNames

ROOT = Path(__file__).resolve().parents[2]
PLANS = ROOT / "samples" / "plans"
SEED_000 = PLANS / "000_e81826a0173922c6.txt"   # 渝北府办发〔2022〕40号: 29 tasks, 94 rows
SEED_002 = PLANS / "002_449abcde8801a72e.txt"   # 北辰政办发〔2022〕14号: 24 tasks, no table
TABLE, MATRIX = "渝北府办发〔2022〕40号 分工表", "渝北府办发〔2022〕40号 矩阵"
HEADERS = ["序号", "任务", "类别", "条目", "具体措施", "牵头单位", "配合单位", "责任单位",
           "完成时限", "原文行号"]


def run(*args: str | Path):
    return CliRunner().invoke(export, [str(a) for a in args], catch_exceptions=False)


def export_xlsx(tmp_path: Path, *args: str | Path, name: str = "plans.xlsx") -> Path:
    out = tmp_path / name
    result = run(*args, "--format", "xlsx", "-o", out)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    return out


def table(sheet) -> list[dict]:
    """The rows of a sheet as dicts by header."""
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def file_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")


def test_seed_000_task_division_table(tmp_path):
    book = openpyxl.load_workbook(export_xlsx(tmp_path, SEED_000))
    assert book.sheetnames == ["方案列表", TABLE, MATRIX]
    sheet = book[TABLE]
    assert [cell.value for cell in sheet[1]] == HEADERS
    rows = table(sheet)
    assert len(rows) == 94 and len({row["序号"] for row in rows}) == 29
    # line 463-472: 17. 深化医疗服务价格改革 … 牵头 区医保局, 配合 区卫生健康委, 持续推进
    task_17 = [row for row in rows if row["序号"] == 17]
    assert [row["条目"] for row in task_17] == [1, 2]
    for row in task_17:
        assert (row["任务"], row["类别"], row["牵头单位"], row["配合单位"], row["责任单位"],
                row["完成时限"]) == ("深化医疗服务价格改革", "重点任务", "区医保局",
                                     "区卫生健康委", None, "持续推进")
    second = task_17[1]
    assert second["具体措施"].startswith("落实完善医疗服务价格动态调整机制，监测公立医疗机构")
    lines = file_lines(SEED_000)
    assert lines[second["原文行号"] - 1].strip().startswith("落实完善医疗服务价格动态调整机制")
    # a row that starts with its task cell: the source line is the cell's, its text follows
    first = rows[0]
    assert first["具体措施"].startswith("加快推进区中医院三甲医院建设项目")
    assert lines[first["原文行号"] - 1].strip() == "1. 打造高水平公立医院。"
    assert lines[first["原文行号"]].strip().startswith("加快推进区中医院三甲医院建设项目")
    assert first["完成时限"] == "2025年"
    assert first["配合单位"] == "区发展改革委、区科技局、区财政局"   # 区发改委 as written
    # every row's source line holds the start of its text or of its task cell
    for row in rows:
        line = lines[row["原文行号"] - 1].strip()
        assert row["具体措施"].startswith(line[:10]) or row["任务"][:4] in line, row
    # frozen header (and the number and task columns), an autofilter over the table
    assert sheet.freeze_panes == "C2"
    assert sheet.auto_filter.ref == "A1:J95"
    assert sheet.column_dimensions["E"].width > 60   # the measure text
    assert sheet["A1"].font.b


def test_seed_000_agency_matrix(tmp_path):
    book = openpyxl.load_workbook(export_xlsx(tmp_path, SEED_000))
    sheet = book[MATRIX]
    headers = [cell.value for cell in sheet[1]]
    assert headers[:3] == ["序号", "任务", "区卫生健康委"]
    assert {"区医保局", "区发展改革委", "区财政局"} <= set(headers)
    rows = {row["序号"]: row for row in table(sheet)}
    assert len(rows) == 29
    assert (rows[17]["区医保局"], rows[17]["区卫生健康委"], rows[17]["区财政局"]) == (
        "牵", "配", None)
    # task 3: 区医保局 cooperates on its second row only
    assert (rows[3]["区卫生健康委"], rows[3]["区医保局"]) == ("牵", "配")
    assert all(set(value.split("/")) <= {"牵", "配", "责"}
               for row in rows.values() for value in list(row.values())[2:] if value)
    assert sheet.freeze_panes == "C2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(headers)).column_letter}30"
    plans = table(book["方案列表"])
    assert plans == [{
        "分工表": TABLE, "矩阵": MATRIX, "文号": "渝北府办发〔2022〕40号",
        "标题": "重庆市渝北区推动公立医院高质量发展实施方案", "发文机关": "重庆市渝北区人民政府办公室",
        "印发日期": "2022-12-06", "状态": "正式", "任务数": 29, "分工条目数": 94,
        "来源文件": str(SEED_000), "SHA256": plans[0]["SHA256"]}]
    assert book["方案列表"].freeze_panes == "A2"


def test_two_exports_are_byte_identical(tmp_path):
    first = export_xlsx(tmp_path, SEED_000, SEED_002, name="a.xlsx").read_bytes()
    time.sleep(1.1)   # a clock in the file would show
    second = export_xlsx(tmp_path, SEED_000, SEED_002, name="b.xlsx").read_bytes()
    assert first == second
    entries = zipfile.ZipFile(io.BytesIO(first)).infolist()
    assert {entry.date_time for entry in entries} == {(1980, 1, 1, 0, 0, 0)}


def test_to_standard_output_when_redirected(tmp_path):
    result = CliRunner().invoke(export, [str(SEED_000), "--format", "xlsx"])
    assert result.exit_code == 0
    assert result.stdout_bytes == export_xlsx(tmp_path, SEED_000).read_bytes()


def test_a_task_without_rows_is_one_row(tmp_path):
    book = openpyxl.load_workbook(export_xlsx(tmp_path, SEED_002))
    rows = table(book["北辰政办发〔2022〕14号 分工表"])
    assert len(rows) == 24 and all(row["条目"] is None for row in rows)
    lines = file_lines(SEED_002)
    for row in rows:   # the line where the task starts names its title
        assert row["任务"][:6] in lines[row["原文行号"] - 1]
    assert any(row["类别"] == "保障措施" for row in rows)


def test_english_headers(tmp_path):
    book = openpyxl.load_workbook(export_xlsx(tmp_path, SEED_000, "--headers", "en"))
    assert book.sheetnames == ["plans", "渝北府办发〔2022〕40号 tasks", "渝北府办发〔2022〕40号 matrix"]
    rows = table(book["渝北府办发〔2022〕40号 tasks"])
    row = next(row for row in rows if row["No."] == 17)
    assert (row["Lead agencies"], row["Cooperating agencies"], row["Kind"]) == (
        "区医保局", "区卫生健康委", "task")
    matrix = {row["No."]: row for row in table(book["渝北府办发〔2022〕40号 matrix"])}
    assert (matrix[17]["区医保局"], matrix[17]["区卫生健康委"]) == ("L", "C")


def test_two_versions_of_one_doc_number_get_distinct_sheets(tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    shutil.copy(SEED_000, folder / SEED_000.name)
    text = SEED_000.read_text(encoding="utf-8")
    (folder / "000_copy.txt").write_text(text.replace("持续推进", "长期坚持", 1), encoding="utf-8")
    names = openpyxl.load_workbook(export_xlsx(tmp_path, folder)).sheetnames
    assert len(names) == 5 and len({name.casefold() for name in names}) == 5
    assert set(names[1:]) == {TABLE, MATRIX, f"2 {TABLE}", f"2 {MATRIX}"}


def test_sheet_names_excel_accepts():
    names = SheetNames()
    long = names.take("重庆市渝北区推动公立医院高质量发展和医疗卫生服务体系建设三年行动 分工表")
    assert len(long) == MAX_NAME and long.endswith("行动 分工表"[-4:])
    odd = names.take("a[b]:c*d?e/f\\g 矩阵")
    assert odd == "a_b__c_d_e_f_g 矩阵"
    assert names.take("A 矩阵") == "A 矩阵" and names.take("a 矩阵") == "a 矩阵~2"
    assert names.take("a 矩阵", 3) == "3 a 矩阵"
    assert names.take("'quoted' 分工表") == "quoted' 分工表"   # not at either end
    assert names.take("分工表'") == "分工表"


def test_a_missing_folder_fails_before_any_work(tmp_path):
    result = run(SEED_000, "--format", "xlsx", "-o", tmp_path / "missing" / "plans.xlsx")
    assert result.exit_code == 1
    assert "cannot open it for writing" in result.stderr
    assert result.stderr.count("\n") == 1
