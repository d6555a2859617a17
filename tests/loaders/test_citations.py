"""Doc numbers and citations."""

import pytest

from policykg.loaders.rules.citations import find_citations
from policykg.loaders.rules.doc_number import find_doc_numbers, normalise_doc_number


@pytest.mark.parametrize("raw, expected", [
    ("国办发〔2021〕18号", "国办发〔2021〕18号"),           # GB/T 9704 form unchanged
    ("川办发[2021]71号", "川办发〔2021〕71号"),             # square brackets typed
    ("渝北府办发（2022）40号", "渝北府办发〔2022〕40号"),     # full-width parentheses
    ("国办发［2021］１８号", "国办发〔2021〕18号"),          # full-width brackets and digits
    ("京政办发〔2022〕2\n3号", "京政办发〔2022〕23号"),       # a PDF line break in the serial
    ("渝府办发〔2022〕第05号", "渝府办发〔2022〕5号"),        # 第 and a leading zero
    ("渝医改办函〔2022〕2号", "渝医改办函〔2022〕2号"),       # 函 (a letter), seed 000 line 16
    ("（2021—2025年）", None),                             # a planning period is no number
])
def test_normalise_doc_number(raw, expected):
    assert normalise_doc_number(raw) == expected


def test_find_doc_numbers_cuts_the_verb_before_the_issuer():
    found = find_doc_numbers("为贯彻落实国办发〔2021〕18号和渝府办发[2022]5号文件精神")
    assert [number for number, _, _ in found] == ["国办发〔2021〕18号", "渝府办发〔2022〕5号"]


def cite(text: str, basis_end: int | None = None, **kwargs):
    return [(c.doc_number, c.title, c.relation) for c in find_citations(
        text, basis_end=len(text) if basis_end is None else basis_end,
        exclude_titles=kwargs.get("exclude_titles", set()), exclude_numbers=set())]


def test_basis_sentence_implements():
    # seed 000, line 16: two titles with numbers, no separator between them
    text = ("为贯彻落实《重庆市人民政府办公厅关于印发重庆市推动公立医院高质量发展实施方案的通知》（渝府办发〔2022〕5号）"
            "《重庆市深化医药卫生体制改革领导小组办公室关于抓好推动公立医院高质量发展意见落实的通知》"
            "（渝医改办函〔2022〕2号）精神，制定本实施方案。")
    assert cite(text) == [
        ("渝府办发〔2022〕5号", "重庆市人民政府办公厅关于印发重庆市推动公立医院高质量发展实施方案的通知", "implements"),
        ("渝医改办函〔2022〕2号", "重庆市深化医药卫生体制改革领导小组办公室关于抓好推动公立医院高质量发展意见落实的通知",
         "implements")]


def test_issuer_before_brackets_is_part_of_the_title_and_body_citations_reference():
    text = "为贯彻落实国务院办公厅《关于推动公立医院高质量发展的意见》（国办发〔2021〕18号），制定本方案。\n" \
           "一、重点任务\n全面落实《重庆市委办公厅关于加强公立医院党的建设工作的实施意见》。\n" \
           "全面落实市委办公厅《关于加强公立医院党的建设工作的实施意见》。"
    basis_end = text.index("一、")
    assert cite(text, basis_end) == [
        ("国办发〔2021〕18号", "国务院办公厅关于推动公立医院高质量发展的意见", "implements"),
        (None, "重庆市委办公厅关于加强公立医院党的建设工作的实施意见", "references")]


def test_local_issuer_word_is_not_an_issuer():
    # seed 002, line 285: 落实我市《关于做好医疗服务价格动态调整工作的实施意见》
    assert cite("落实我市《关于做好医疗服务价格动态调整工作的实施意见》，贯彻执行。", 0) == [
        (None, "关于做好医疗服务价格动态调整工作的实施意见", "references")]


def test_the_plan_itself_is_not_a_citation():
    text = "现将《重庆市渝北区推动公立医院高质量发展实施方案》印发给你们。"
    assert cite(text, exclude_titles={"重庆市渝北区推动公立医院高质量发展实施方案"}) == []


def test_bare_doc_number_is_cited_once():
    text = "根据国办发〔2021〕18号文件要求，制定本方案。按照国办发[2021]18号要求推进。"
    assert cite(text, basis_end=20) == [("国办发〔2021〕18号", None, "implements")]


@pytest.mark.parametrize("raw, expected", [
    # ministry codes without 发/函 at the end (genre, not in the seeds)
    ("财社〔2019〕12号", "财社〔2019〕12号"),
    ("京卫医〔2022〕3号", "京卫医〔2022〕3号"),
    ("国卫医发〔2021〕27号", "国卫医发〔2021〕27号"),
])
def test_issuer_codes_of_every_shape(raw, expected):
    assert normalise_doc_number(raw) == expected
