"""The faster forms of the extraction rules (issue 19, item 3) against their simple definitions.

Each rewrite replaced a per-character loop or a slow regex scan with a search over the few
characters that matter; here hypothesis draws texts from the characters the rules react to and
checks that the fast form gives exactly what the simple definition (the code it replaced,
written out again below) gives. The records themselves are checked whole by the seed and gold
tests (tests/loaders/) and by scripts/compare-outputs.py.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from policykg.loaders import normalize, source
from policykg.loaders.mapped import MappedStr, concat
from policykg.loaders.rules import (
    doc_number,
    hospitals,
    lost_digits,
    responsibility,
    target_phrases,
)
from policykg.loaders.rules.target_words import BUILD_VERBS
from policykg.loaders.rules.unit_names import CLOSERS, OPENERS, _split_depth0, _trim
from policykg.loaders.text import CJK_UNIFIED, always, bracket_depths

SETTINGS = settings(max_examples=300, deadline=None)

# the characters and words the rules react to, and some they do not
PIECES = ["国办发", "渝北府办发", "卫生健康委", "关于", "印发", "的", "和", "区", "市", "人民",
          "医院", "中医院", "卫生院", "疾控中心", "区二院", "妇保院", "协和", "第", "等",
          "〔", "〕", "[", "]", "（", "）", "(", ")", "【", "】", "《", "》", "“", "”", "﹝", "〈",
          "2022", "年", "号", "5", "18", "0", " ", "\u3000", "\t", "\n", "，", "、", "；", "：",
          ":", "。", "%", "％", "∶", "G", "个", "家", "达到", "不低于", "到", "月", "日", "A",
          "建成", "新增", "设立", "\r\n", "\r"]
texts = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)
# the pieces the lost-digit rules are made of, and whole gaps, so a text holds several matches
gaps = st.lists(st.sampled_from(["达到", "不低于", "到", "建成", "医院", " ", "\u3000", "个", "家",
                                 "年", "月", "日", "（", "）", "G", "Ｇ", "：", "左右", "以上", "，",
                                 "5", "\n", "达到 个", "医院 家，", "（ G）", "到 年", "年 月 日",
                                 "通信 G", "达到 ： 左右", "至 年 月"]), max_size=30).map("".join)


# --- doc numbers: the scan from the brackets equals DOC_NUMBER.finditer ---------------------


def _doc_numbers_by_regex(text: str) -> list[tuple[str, int, int]]:
    found = []
    for match in doc_number.DOC_NUMBER.finditer(text):
        issuer, start = match["issuer"], match.start("issuer")
        cut = doc_number.ISSUER_STOP.match(issuer)
        if cut:
            start += cut.end()
            issuer = issuer[cut.end():]
        if not issuer or not doc_number.ISSUER_CODE.search(issuer):
            continue
        found.append((f"{issuer}〔{match['year']}〕{int(match['serial'])}号", start, match.end()))
    return found


# a run of CJK characters (often longer than an issuer's 14), blanks, a bracketed year, a serial
issuer_runs = st.lists(st.sampled_from("国办发渝北府卫医函改的"), max_size=20).map("".join)
doc_like = st.lists(st.one_of(
    texts,
    st.tuples(issuer_runs, st.sampled_from(["", " ", "\n"]), st.sampled_from("〔[（【﹝〈"),
              st.sampled_from(["2022", "1999", "2022年", "20"]), st.sampled_from("〕]）】﹞〉"),
              st.sampled_from(["", "第", " "]), st.sampled_from(["5", "05", "18"]),
              st.sampled_from(["号", ""])).map("".join)), max_size=4).map("".join)


@SETTINGS
@given(doc_like)
def test_doc_numbers_match_the_regex(text):
    assert doc_number.find_doc_numbers(text) == _doc_numbers_by_regex(text)


def test_doc_numbers_match_the_regex_on_known_forms():
    text = ("根据国办发〔2021〕18号和《关于印发……的通知》（渝府办发 [ 2022 ] 第05号）、"
            "贯彻落实国卫医发（2024年）3号，一二三四五六七八九十一二三四五六七〔2020〕1号")
    assert doc_number.find_doc_numbers(text) == _doc_numbers_by_regex(text)
    assert [number for number, _, _ in doc_number.find_doc_numbers(text)][:2] == [
        "国办发〔2021〕18号", "渝府办发〔2022〕5号"]


# --- lost digits: the look-behinds moved after the blank they need -------------------------

_HS = lost_digits._HS
_SIMPLE_RULES = [
    rf"[（(]{_HS}+[GＧ]{_HS}*[）)]|(?<=[^\s\d]){_HS}+[GＧ](?![A-Za-z])",
    rf"(?:{lost_digits._VERB_RE}){_HS}+(?:{lost_digits._COUNT_RE})"
    rf"|(?<=[{CJK_UNIFIED}]){_HS}+(?:{lost_digits._COUNT_RE})(?=以上|以下|左右|[，。；、）)])",
    rf"(?:到|至|于){_HS}+年|年{_HS}+月(?:{_HS}+日)?|(?<=[^\d\s]){_HS}+月{_HS}+日",
]


@SETTINGS
@given(gaps)
def test_lost_digit_patterns_match_their_simple_forms(text):
    for (fast, _), simple in zip(lost_digits.LOST_NUMBER_RULES[1:], _SIMPLE_RULES, strict=True):
        assert [m.span() for m in fast.finditer(text)] == \
            [m.span() for m in re.finditer(simple, text)]


# --- hospitals: one search rejects a text with no suffix; the scan left visits the stops ----


def _scan_left_simple(text: str, start: int, floor: int, rules) -> int | None:
    limit = max(floor, start - rules.max_scan)
    pos = start
    while pos > limit and not hospitals._is_delimiter(text, pos - 1, rules):
        pos -= 1
    if pos == limit and limit > floor and not hospitals._is_delimiter(text, pos - 1, rules):
        return None
    return pos


@SETTINGS
@given(texts, st.integers(0, 60), st.integers(0, 60))
def test_hospital_scan_left_matches_the_walk(text, start, floor):
    rules = hospitals._rules()
    start, floor = min(start, len(text)), min(floor, start, len(text))
    assert hospitals._scan_left(text, start, floor, rules) == \
        _scan_left_simple(text, start, floor, rules)


def _is_delimiter_simple(text: str, pos: int, rules) -> bool:
    char = text[pos]
    if char.isdigit():
        run = pos
        while run > 0 and text[run - 1].isdigit():
            run -= 1
        return not (run > 0 and text[run - 1] == "第")
    if not hospitals.CJK.match(char):
        return True
    if char not in rules.delimiters:
        return False
    for word in rules.protected:
        offset = word.find(char)
        while offset >= 0:
            if pos >= offset and text.startswith(word, pos - offset):
                return False
            offset = word.find(char, offset + 1)
    return True


@SETTINGS
@given(st.lists(st.sampled_from([*PIECES, "人和", "和平", "甲等", "对口", "同等", "人口和", "与"]),
                min_size=1, max_size=30).map("".join))
def test_hospital_delimiters_match_the_word_loop(text):
    rules = hospitals._rules()
    for pos in range(len(text)):
        assert hospitals._is_delimiter(text, pos, rules) == _is_delimiter_simple(text, pos, rules)


@SETTINGS
@given(texts)
def test_hospital_suffix_gate_says_whether_any_suffix_occurs(text):
    rules = hospitals._rules()
    any_hit = any(suffix.pattern.search(text) for suffix in rules.suffixes)
    assert (rules.any_suffix_re.search(text) is not None) == any_hit


def test_hospital_names_are_found_through_the_gate():
    text = "推动区人民医院、陈家桥医院和市第一人民医院三江新区分院建设，加强公立医院管理。"
    names = [m.name for m in hospitals.find_hospitals(text)]
    assert names[:2] == ["区人民医院", "陈家桥医院"] and "公立医院" not in names
    assert hospitals.find_hospitals(text) is not hospitals.find_hospitals(text)   # own lists


# --- per-character loops replaced by searches for the characters that matter ----------------


def _sentences_simple(text: str):
    out, clauses, s_start = [], [], 0
    c_start = 0
    depths = bracket_depths(text, target_phrases._OPEN, target_phrases._CLOSE, line_break=always)
    for i, ch in enumerate(text):
        if depths[i]:
            continue
        if ch in target_phrases._CLAUSE_ENDS:
            if ch in "：:" and target_phrases._between_digits(text, i):
                continue
            clauses.append((c_start, i))
            c_start = i + 1
        elif ch in target_phrases._SENTENCE_ENDS:
            clauses.append((c_start, i))
            out.append((s_start, i, clauses))
            clauses = []
            s_start = c_start = i + 1
    clauses.append((c_start, len(text)))
    out.append((s_start, len(text), clauses))
    return out


def _build_verbs_simple(text: str, start: int, end: int):
    hits, i = [], start
    while i < end:
        for verb in BUILD_VERBS:
            if text.startswith(verb, i, end):
                hits.append((i, i + len(verb)))
                i += len(verb) - 1
                break
        i += 1
    return hits


def _bracket_groups_simple(text: str):
    depths = bracket_depths(text, OPENERS, CLOSERS,
                            line_break=lambda i: not responsibility._continues(text, i))
    before = start = 0
    for index, depth in enumerate(depths):
        if depth == 1 and before == 0:
            start = index
        elif depth == 0 and before == 1 and text[index] in CLOSERS:
            yield start, index + 1
        before = depth


def _split_depth0_simple(text: str, start: int, end: int, separators: str):
    parts, part_start = [], start
    depths = bracket_depths(text, OPENERS, CLOSERS, start=start, end=end)
    for index, depth in enumerate(depths, start):
        if depth == 0 and text[index] in separators:
            parts.append((part_start, index))
            part_start = index + 1
    parts.append((part_start, end))
    return [(s, e) for s, e in (_trim(text, s, e) for s, e in parts) if e > s]


@SETTINGS
@given(texts, st.integers(0, 20))
def test_scans_match_their_character_loops(text, cut):
    assert target_phrases.sentences_and_clauses(text) == _sentences_simple(text)
    assert target_phrases.inside_titles(text) == \
        [depth > 0 for depth in bracket_depths(text, "《", "》")]
    end = max(0, len(text) - cut)
    assert target_phrases.build_verbs_in(text, cut, end) == _build_verbs_simple(text, cut, end)
    assert list(responsibility._bracket_groups(text)) == list(_bracket_groups_simple(text))
    for separators in ("；;，,。\n", "、，,；; "):
        start = min(cut, len(text))
        assert _split_depth0(text, start, len(text), separators) == \
            _split_depth0_simple(text, start, len(text), separators)


@SETTINGS
@given(texts)
def test_split_lines_matches_the_line_regex(text):
    lines = []
    for match in re.finditer(r"[^\r\n]*(?:\r\n|\r|\n|$)", text):
        if not match.group() and match.start() == len(text):
            break
        lines.append((match.start(), match.group().rstrip("\r\n")))
    assert normalize.split_lines(text) == lines


# --- mapped strings: the fast paths keep every character's source offset --------------------


def _offsets(mapped: MappedStr) -> list[int]:
    return [mapped.source_offset(i) for i in range(len(mapped) + 1)]


pieces = st.lists(st.tuples(texts, st.integers(0, 500)), max_size=5)


@SETTINGS
@given(pieces, st.sampled_from(["", "\t", "\n"]), st.integers(0, 30), st.integers(0, 30))
def test_mapped_strings_keep_their_offsets(parts, separator, left, right):
    mapped = [MappedStr.from_source(text, at) for text, at in parts]
    joined = concat(mapped, separator)
    expected: list[int] = []   # the simple definition: each character's own offset, in order
    for index, piece in enumerate(mapped):
        if index and separator:
            expected += [piece.source_offset(0)] * len(separator)
        expected += _offsets(piece)[:-1]
    assert joined.text == separator.join(text for text, _ in parts)
    assert _offsets(joined)[:-1] == expected
    sliced = joined[left:len(joined) - right]
    assert sliced.text == joined.text[left:len(joined) - right]
    assert _offsets(sliced)[:-1] == expected[left:len(joined) - right]
    stripped = joined.strip(" \t\n")
    begin = len(joined.text) - len(joined.text.lstrip(" \t\n"))
    assert stripped.text == joined.text.strip(" \t\n")
    assert _offsets(stripped)[:-1] == expected[begin:begin + len(stripped)]
    if not stripped.text:
        assert stripped.span() == joined[begin:begin].span()


@SETTINGS
@given(st.lists(st.sampled_from([*PIECES, "２０２５", "ＡＢｃ", "．", "％", "\u00a0", "\x01",
                                 "\x1f", "\x0b", "\x0c"]), max_size=40).map("".join))
def test_width_fold_and_control_count_match_their_loops(text):
    assert normalize.fold_width(text) == text.translate(normalize.WIDTH_FOLD)
    assert len(source._CONTROL.findall(text)) == \
        sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f\v")


@SETTINGS
@given(gaps)
def test_lost_digit_alternatives_searched_apart_match_the_joined_pattern(text):
    for (joined, message), (alternatives, said) in zip(
            lost_digits.LOST_NUMBER_RULES, lost_digits._SPLIT_RULES, strict=True):
        assert message == said
        assert [m.span() for m in lost_digits._leftmost(text, alternatives)] == \
            [m.span() for m in joined.finditer(text)]
