"""Normalisation repairs PDF text and keeps every character's offset into the decoded text."""

from itertools import pairwise
from pathlib import Path

import pytest

from policykg.loaders.mapped import MappedStr, Span, concat
from policykg.loaders.normalize import clean, normalise

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "plans"


def texts(source: str) -> list[str]:
    return [para.text.text for para in normalise(source) if para.kind == "text"]


def test_hard_line_breaks_inside_sentences_are_joined():
    # seed 002, lines 51-58: a sentence broken every ~26 characters, blank lines between
    source = ("（一）发挥公立医院在医联体中的牵头作用。以北辰医院、\n\n北辰区中医医院为龙头，整合全区基层医疗卫生机构和专业公\n\n"
              "共卫生机构。（区卫\n\n生健康委负责）\n\n（二）优化医疗卫生分布格局。")
    assert texts(source) == [
        "（一）发挥公立医院在医联体中的牵头作用。以北辰医院、北辰区中医医院为龙头，"
        "整合全区基层医疗卫生机构和专业公共卫生机构。（区卫生健康委负责）",
        "（二）优化医疗卫生分布格局。",
    ]


def test_title_broken_over_two_lines_is_joined_but_not_to_the_preamble():
    # seed 003, lines 10-12; seed 000, lines 4-6 (blank line inside the title)
    assert texts("沙坪坝区进一步完善医疗卫生服务\n体系实施方案\n为深入学习贯彻…，制定本实施方案。")[:2] == [
        "沙坪坝区进一步完善医疗卫生服务体系实施方案", "为深入学习贯彻…，制定本实施方案。"]
    assert texts("关于印发重庆市渝北区推动公立医院高质量\n\n发展实施方案的通知\n区政府有关部门，有关单位：") == [
        "关于印发重庆市渝北区推动公立医院高质量发展实施方案的通知", "区政府有关部门，有关单位："]


def test_signature_and_date_stay_apart():
    assert texts("重庆市渝北区人民政府办公室\n\n2022年12月6日\n\n（此件公开发布）\n重庆市渝北区推动公立医院") == [
        "重庆市渝北区人民政府办公室", "2022年12月6日", "（此件公开发布）", "重庆市渝北区推动公立医院"]


def test_short_heading_is_not_joined_to_its_body():
    # seed 002, lines 21-23: 一、总体要求 then the body, wrapped at 26 characters
    body = "以习近平新时代中国特色社会主义思想为指导，深入贯彻\n\n" * 6
    assert texts("一、总体要求\n\n" + body)[0] == "一、总体要求"


@pytest.mark.parametrize("raw, expected", [
    ("2022年 12月 22日", "2022年12月22日"),          # seed 002, line 16
    ("力争到 2025年，公立医院", "力争到2025年，公立医院"),  # seed 002, line 39
    ("１２３ＡＢＣ％", "123ABC%"),                     # full-width digits and letters
    ("按疾病诊断相关分组 DRG 付费", "按疾病诊断相关分组DRG付费"),
    ("use DRG payment", "use DRG payment"),           # spaces between ASCII words stay
    # a joint title keeps the space between its two issuers — seed 003, line 12
    ("《中共中央办公厅 国务院办公厅关于进一步完善医疗卫生服务体系的意见》",
     "《中共中央办公厅 国务院办公厅关于进一步完善医疗卫生服务体系的意见》"),
])
def test_clean(raw, expected):
    assert clean(MappedStr.from_source(raw, 0)).text == expected


def test_page_numbers_are_dropped():
    assert texts("加强医院\n― 24 ―\n文化建设。") == ["加强医院文化建设。"]


@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLES.glob("*.txt")))
def test_every_character_maps_back_to_the_decoded_text(name):
    source = (SAMPLES / name).read_text(encoding="utf-8")
    for para in normalise(source):
        for index, char in enumerate(para.text.text):
            original = source[para.text.source_offset(index)]
            assert original == char or char in " \t" or ord(original) >= 0xFF00 \
                or original == "\u3000"


def test_concat_and_slices_keep_spans():
    source = "ab\n\ncd"
    joined = concat([MappedStr.from_source("ab", 0), MappedStr.from_source("cd", 4)])
    assert joined.text == "abcd"
    assert joined.span(1, 3) == Span(1, 5)
    assert source[joined.span(2, 4).start:joined.span(2, 4).end] == "cd"
    assert joined[1:3].text == "bc" and joined[1:3].source_offset(1) == 4


def test_split_at_gives_the_slices_with_their_maps():
    # 加强 at 0, 服务 at 5, 能力 at 9 (joined lines): every cut, empty pieces included, maps
    # each character where slicing would
    joined = concat([MappedStr.from_source("加强", 0), MappedStr.from_source("服务", 5),
                     MappedStr.from_source("能力", 9)])
    cuts = [1, 2, 2, 5, 6]
    bounds = [0, *cuts, len(joined)]
    pieces = joined.split_at(cuts)
    assert [piece.text for piece in pieces] == ["加", "强", "", "服务能", "力", ""]
    for piece, (start, stop) in zip(pieces, pairwise(bounds), strict=True):
        expected = joined[start:stop]
        assert piece.text == expected.text
        assert [piece.source_offset(i) for i in range(len(piece) + 1)] == \
            [expected.source_offset(i) for i in range(len(expected) + 1)]
    assert pieces[3].text == "服务能" and pieces[3].span() == Span(5, 10)
    assert pieces[2].text == "" and pieces[2].span() == Span(5, 5)
