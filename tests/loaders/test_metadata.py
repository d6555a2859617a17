"""Plan metadata: title, doc number, issuer, jurisdiction, date and status."""

import pytest

from policykg.loaders.mapped import MappedStr
from policykg.loaders.metadata import (
    _cited_province,
    area_parts,
    complete_area,
    parse_date,
    restore_title,
)
from policykg.loaders.plan import build_record
from policykg.loaders.source import SourceText
from tests.loaders import helpers

BODY = "一、重点任务\n1.加强建设。内容。（区卫生健康委负责）\n"


def plan(text: str) -> dict:
    return helpers.record(text)["plan"]


def test_cover_notice_gives_everything():
    # seed 000, lines 1-15: doc number, issuer, the title broken over two lines, date
    text = ("渝北府办发〔2022〕40号\n重庆市渝北区人民政府办公室\n\n关于印发重庆市渝北区推动公立医院高质量\n\n"
            "发展实施方案的通知\n区政府有关部门，有关单位：\n现将《重庆市渝北区推动公立医院高质量发展实施方案》"
            "印发给你们。\n重庆市渝北区人民政府办公室\n\n2022年12月6日\n\n（此件公开发布）\n"
            "重庆市渝北区推动公立医院高质量\n发展实施方案\n" + BODY)
    assert plan(text) | {"title_span": None} == {
        "title": "重庆市渝北区推动公立医院高质量发展实施方案",
        "doc_number": "渝北府办发〔2022〕40号",
        "issuer": "重庆市渝北区人民政府办公室",
        "jurisdiction": "重庆市渝北区",
        "jurisdiction_parts": ["重庆市", "渝北区"],
        "issued": "2022-12-06",
        "status": "final",
        "title_span": None,
    }


def test_masthead_spaced_date_and_province_found_elsewhere():
    # seed 002: 天津市北辰区人民政府办公室文件, 2022年 12月 22日, the body title lacks 天津市
    text = ("天津市北辰区人民政府办公室文件\n\n北辰政办发〔2022〕14号\n\n天津市北辰区人民政府办公室\n"
            "关于印发北辰区推动公立医院高质量发展实施\n\n方案的通知\n\n各镇人民政府：\n\n2022年 12月 22日\n\n"
            "北辰区推动公立医院高质量发展实施方案\n\n" + BODY)
    found = plan(text)
    assert (found["title"], found["issuer"], found["jurisdiction"], found["issued"]) == (
        "北辰区推动公立医院高质量发展实施方案", "天津市北辰区人民政府办公室", "天津市北辰区",
        "2022-12-22")


def test_title_whose_first_line_lost_its_beginning():
    # the body title's first line is cut ("动公立医院…"); the cover notice has the whole title
    text = ("重庆市渝北区人民政府办公室\n关于印发重庆市渝北区推动公立医院高质量发展实施方案的通知\n"
            "2022年12月6日\n动公立医院高质量发展实施方案\n" + BODY)
    assert plan(text)["title"] == "重庆市渝北区推动公立医院高质量发展实施方案"


def test_draft_status_and_title_without_the_mark():
    text = "四川省广元市推动公立医院高质量发展实施方案（征求意见稿）\n" + BODY
    found = plan(text)
    assert (found["title"], found["status"], found["jurisdiction"]) == (
        "四川省广元市推动公立医院高质量发展实施方案", "draft", "四川省广元市")


def test_no_cover_notice_signature_at_the_end():
    text = ("北京市昌平区卫生健康委员会关于印发昌平区推进医疗服务实施方案的通知\n" + BODY
            + "北京市昌平区卫生健康委员会\n2023年3月1日\n")
    found = plan(text)
    assert (found["issuer"], found["jurisdiction"], found["issued"]) == (
        "北京市昌平区卫生健康委员会", "北京市昌平区", "2023-03-01")


@pytest.mark.parametrize("raw, expected", [
    ("2022年12月6日", "2022-12-06"),
    ("2022年 12月 22日", "2022-12-22"),
    ("二〇二二年十二月六日", "2022-12-06"),
    ("二〇二三年三月二十一日", "2023-03-21"),
    ("2022年13月40日", None),
])
def test_parse_date(raw, expected):
    assert parse_date(raw) == expected


@pytest.mark.parametrize("name, expected", [
    ("重庆市渝北区人民政府办公室", ["重庆市", "渝北区"]),
    ("四川省广元市人民政府办公室", ["四川省", "广元市"]),
    ("天津市北辰区人民政府办公室", ["天津市", "北辰区"]),
    ("北京市昌平区卫生健康委员会", ["北京市", "昌平区"]),
    ("广元市利州区人民政府", ["广元市", "利州区"]),
    ("渝北区人民政府办公室", ["渝北区"]),
])
def test_area_parts(name, expected):
    assert area_parts(name) == expected


def test_plan_without_sections():
    # a short plan numbered 1. 2. only, under its cover notice
    text = ("广府办发〔2022〕8号\n广元市人民政府办公室\n关于印发广元市推进医疗服务实施方案的通知\n"
            "2022年5月10日\n广元市推进医疗服务实施方案\n1.加强建设。内容。（市卫生健康委负责）\n"
            "2.完善制度。内容。（市财政局负责）\n")
    record = helpers.record(text)
    assert (record["plan"]["doc_number"], record["plan"]["title"], record["plan"]["issued"]) == (
        "广府办发〔2022〕8号", "广元市推进医疗服务实施方案", "2022-05-10")
    assert [t["id"] for t in record["tasks"]] == ["1", "2"]


# seed 004 lines 1-3: the title line lost its beginning, the status mark has a line of its own,
# no cover notice; the preamble names the plan and cites 北京市's document
SEED_004_HEAD = (
    " 高质量发展实施方案\n（征求意见稿）\n"
    "为贯彻落实《国务院办公厅关于推动公立医院高质量发展的意见》（国办发〔2021〕18号），"
    "《北京市关于推动公立医院高质量发展的实施方案》（京政办发〔2022〕23号），"
    "加快实施昌平区公立医院改革与高质量发展，制定本实施方案。\n")


def test_truncated_title_restored_from_the_preamble():
    record = build_record(SourceText("plan.txt", "0" * 64, "utf-8", SEED_004_HEAD + BODY))
    found = record.to_dict()["plan"]
    assert (found["title"], found["status"], found["jurisdiction"], found["issuer"]) == (
        "昌平区公立医院改革与高质量发展实施方案", "draft", "北京市昌平区", None)
    span = found["title_span"]
    assert SEED_004_HEAD[span["start"]:span["end"]] == "昌平区公立医院改革与高质量发展"
    assert record.warnings[0].code == "title-restored"


@pytest.mark.parametrize("title, preamble", [
    # a title that opens with its jurisdiction is whole
    ("昌平区公立医院改革与高质量发展实施方案", "加快实施昌平区公立医院改革与高质量发展，制定本实施方案。"),
    # 我区 is no jurisdiction's name
    ("公立医院高质量发展实施方案", "为推动我区公立医院高质量发展，结合我区实际，制定本方案。"),
    # the clause does not end with the title's stem
    ("高质量发展实施方案", "为推动昌平区公立医院高质量发展的各项工作，制定本方案。"),
])
def test_title_not_restored(title, preamble):
    assert restore_title(title, [MappedStr.from_source(preamble, 0)]) is None


def test_title_restored_across_a_clause():
    # genre: 结合我区实际 between the plan's subject and 制定本方案
    preamble = "为进一步推动渝北区公立医院高质量发展，结合我区实际，特制定本方案。"
    title, at = restore_title("公立医院高质量发展实施方案", [MappedStr.from_source(preamble, 0)])
    assert (title, at.text) == ("渝北区公立医院高质量发展实施方案", "渝北区公立医院高质量发展")


def test_city_plan_takes_the_province_it_cites():
    # seed 001 lines 11-15: a city's plan citing 四川省人民政府办公厅 (川办发); 北京市西苑医院
    # later in the plan (line 28) is a hospital, not a cited province
    text = (" 广元市人民政府办公室\n关于印发《广元市推动公立医院高质量发展\n实施方案》的通知\n\n"
            "各县（区）人民政府，市级各部门：\n《广元市推动公立医院高质量发展实施方案》已经市政府同意，"
            "现印发给你们，请认真组织实施。\n\n\n广元市人民政府办公室\n2023年12月6日\n"
            "广元市推动公立医院高质量发展\n实 施 方 案\n\n"
            "为贯彻落实国务院办公厅《关于推动公立医院高质量发展的意见》（国办发〔2021〕18号）和四川省"
            "人民政府办公厅《关于印发四川省推动公立医院高质量发展实施方案的通知》（川办发〔2021〕71号）"
            "精神，进一步推动公立医院高质量发展，结合我市实际，制定本实施方案。\n"
            "一、重点任务\n1.加强合作。支持市中医院与北京市西苑医院合作。（市卫生健康委负责）\n")
    found = plan(text)
    assert (found["title"], found["jurisdiction"], found["jurisdiction_parts"]) == (
        "广元市推动公立医院高质量发展实施方案", "四川省广元市", ["四川省", "广元市"])


@pytest.mark.parametrize("area, texts, expected", [
    ("广元市", ["四川省广元市人民医院"], "四川省"),  # written right before the area
    ("昌平区", ["《北京市关于推动公立医院高质量发展的实施方案》"], "北京市"),
    ("广元市", ["（川办发〔2021〕71号）"], "四川省"),  # only the provincial document code
    ("广元市", ["四川省人民政府办公厅", "《陕西省关于推动……》"], None),  # two provinces: unsure
    ("渝北府办发", ["渝北府办发〔2022〕40号"], None),  # a county's own code is no province
    ("广元市", ["支持市中医院与北京市西苑医院合作"], None),  # a hospital's name
])
def test_cited_province(area, texts, expected):
    assert _cited_province(area, texts) == expected


def test_municipality_is_complete():
    assert complete_area(["重庆市", "渝北区"], ["四川省人民政府办公厅"]) == ["重庆市", "渝北区"]
