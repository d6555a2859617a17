"""The faster forms of the extraction rules (issue 19, item 3) against their simple definitions.

Each rewrite replaced a per-character loop or a slow regex scan with a search over the few
characters that matter; here hypothesis draws texts from the characters the rules react to and
checks that the fast form gives exactly what the simple definition (the code it replaced,
written out again below) gives. The records themselves are checked whole by the seed and gold
tests (tests/loaders/) and by scripts/compare-outputs.py.
"""

from __future__ import annotations

import bisect
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from policykg.loaders import locations, normalize, plan, source
from policykg.loaders.mapped import MappedStr, Span, concat, joined_span
from policykg.loaders.memo import one_document
from policykg.loaders.rules import (
    deadlines,
    doc_number,
    hospitals,
    lost_digits,
    responsibility,
    target_phrases,
    targets,
)
from policykg.loaders.rules.target_words import BUILD_VERBS, VALUE_RE
from policykg.loaders.rules.unit_names import CLOSERS, OPENERS, _split_depth0, _trim
from policykg.loaders.text import CJK_UNIFIED, always, bracket_depths, squeeze

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
    rules = hospitals.compiled_rules()
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
    rules = hospitals.compiled_rules()
    for pos in range(len(text)):
        assert hospitals._is_delimiter(text, pos, rules) == _is_delimiter_simple(text, pos, rules)


@SETTINGS
@given(texts)
def test_hospital_suffix_gate_says_whether_any_suffix_occurs(text):
    rules = hospitals.compiled_rules()
    any_hit = any(suffix.pattern.search(text) for suffix in rules.suffixes)
    gate = rules.literal_re.search(text) or any(p.search(text) for p in rules.patterned)
    assert bool(gate) == any_hit


def _suffix_hits_simple(text: str, rules):
    hits = [(m, suffix) for suffix in rules.suffixes for m in suffix.pattern.finditer(text)]
    hits.sort(key=lambda hit: (hit[0].start(), -(hit[0].end() - hit[0].start())))
    chosen = []
    for match, suffix in hits:
        if chosen and match.start() < chosen[-1][0].end():
            continue
        chosen.append((match, suffix))
    return [(m.span(), suffix) for m, suffix in chosen]


hospital_texts = st.lists(st.sampled_from(
    [*PIECES, "中医医院", "保健院", "社区卫生服务中心", "市一院", "重医附一院", "精卫中心", "院区",
     "三江新区分院", "（市一院）", "（以下简称“附二院”）", "第960医院", "①", "1.", "（一）", "第一条",
     "推动", "公立", "陈家桥", "北辰区", "。", ")", "简称："]), max_size=40).map("".join)


@SETTINGS
@given(hospital_texts)
def test_hospital_suffix_hits_match_every_pattern_sorted(text):
    rules = hospitals.compiled_rules()
    fast = [(m.span(), suffix) for m, suffix in hospitals._suffix_hits(text, rules)]
    assert fast == _suffix_hits_simple(text, rules)


@SETTINGS
@given(hospital_texts)
def test_hospitals_read_by_lines_and_pieces_match_the_whole_text(text):
    whole = list(hospitals._piece_hospitals(text))   # no memo: the rule on the whole text
    assert hospitals.find_hospitals(text) == whole
    with one_document():   # remembered lines and pieces, the text read twice
        assert hospitals.find_hospitals(text + "\n" + text)[:len(whole)] == whole
        assert hospitals.find_hospitals(text) == whole


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


def _span_simple(mapped: MappedStr, start: int, end: int | None):
    end = len(mapped.text) if end is None else end
    if end <= start:
        offset = mapped.source_offset(start)
        return Span(offset, offset)
    return Span(mapped.source_offset(start), mapped.source_offset(end - 1) + 1)


@SETTINGS
@given(pieces, st.integers(-3, 60), st.one_of(st.none(), st.integers(-3, 60)))
def test_mapped_spans_match_their_source_offsets(parts, start, end):
    """span() of a string of one run reads the offsets without source_offset()."""
    for mapped in [MappedStr.from_source(text, at) for text, at in parts] + [
            concat([MappedStr.from_source(text, at) for text, at in parts], "\n")]:
        assert mapped.span(start, end) == _span_simple(mapped, start, end)


plan_lines = st.lists(st.sampled_from(
    [*PIECES, "实施方案", "意见", "（试行）", "(征求意见稿)", "规划", "要点", "办法（草案）"]),
    max_size=12).map("".join)


@SETTINGS
@given(plan_lines, st.integers(1, 40))
def test_standalone_lines_search_only_the_ending(line, wrap_width):
    simple = bool(normalize.PLAN_TITLE_ENDING.search(line)) \
        and not any(ch in line for ch in "，。；：,")
    fast = bool(normalize.PLAN_TITLE_ENDING.search(
        line, max(0, len(line) - normalize.PLAN_TITLE_ENDING_WIDTH))) \
        and not any(ch in line for ch in "，。；：,")
    assert fast == simple
    if not (normalize.DATE_LINE.match(line) or normalize.DOC_NUMBER_LINE.match(line)
            or normalize.ORGAN_LINE.match(line)) and not (
                line[:1] in "（(" and line[-1:] in "）)") \
            and not normalize.HEADING_START.match(line):
        assert normalize.is_standalone(line, wrap_width) == simple


@SETTINGS
@given(st.lists(st.sampled_from([*PIECES, "两", "三个", "十", "百", "1.5", "3-5", "85%-93%", "1∶2",
                                 "10/10万", "a", "以上", "左右", "万元", "."]), max_size=40).map("".join),
       st.integers(0, 40), st.integers(0, 80))
def test_values_tried_at_their_starts_match_the_search(text, start, end):
    """The prose-target rule tries VALUE_RE only where a value can start."""
    start, end = min(start, len(text)), min(max(start, end), len(text))
    starts = [m.start() for m in targets._VALUE_START.finditer(text)]
    at = bisect.bisect_left(starts, start)
    assert [m.span() for m in targets.value_matches(text, starts, at, end)] == \
        [m.span() for m in VALUE_RE.finditer(text, start, end)]


@SETTINGS
@given(st.lists(pieces, min_size=1, max_size=6), st.integers(0, 90), st.integers(0, 90))
def test_citation_spans_read_from_the_pieces_match_the_joined_text(groups, start, end):
    """plan._citations maps its few spans through the paragraphs, not a joined map."""
    paras = [concat([MappedStr.from_source(text, at) for text, at in group]) for group in groups]
    paras += [paras[0][1:3], MappedStr.empty(7)]   # a slice of several runs, an empty cell
    joined = concat(paras, "\n")
    if not joined.text:
        return
    assert plan._Joined(paras).span(start, end) == joined.span(start, end)


@SETTINGS
@given(st.text(max_size=30))
def test_squeeze_removes_what_the_space_class_matches(text):
    """text.py squeeze splits at whitespace instead of deleting \\s matches."""
    assert squeeze(text) == re.sub(r"\s", "", text)


@SETTINGS
@given(st.lists(pieces, max_size=5))
def test_joined_spans_read_from_the_ends_match_the_joined_text(groups):
    """A table row's span is read from its first and last filled cell, not a joined map."""
    cells = [concat([MappedStr.from_source(text, at) for text, at in group]) for group in groups]
    filled = [cell for cell in cells if len(cell)]
    assert joined_span(filled) == concat(filled).span()


@SETTINGS
@given(st.lists(st.sampled_from(
    [*PIECES, "牵头", "负责", "落实", "配合", "参与", "协同", "协助", "协办", "按职责分工", "分别",
     "共同", "具体", "组织实施", "抓好落实", "等单位", "由", "区卫生健康委", "\n"]),
    min_size=1, max_size=12).map("".join))
def test_worded_clauses_end_in_their_last_words(segment):
    """responsibility._worded tries a pattern only on a segment that ends as its match must."""
    for pattern, _, endings in responsibility._WORDED:
        if pattern.match(segment):
            assert segment.endswith(endings) or segment.endswith("\n")


@SETTINGS
@given(texts)
def test_text_folded_whole_cuts_into_its_folded_lines(text):
    """normalise folds the whole text once and cuts it at the lines' offsets."""
    whole = normalize.fold_width(text)
    assert [whole[at:at + len(line)] for at, line in normalize.split_lines(text)] == \
        [normalize.fold_width(line) for _, line in normalize.split_lines(text)]


@SETTINGS
@given(st.lists(st.sampled_from([*PIECES, "2023", "2025", "1999", "20", "19", "2019", "2020", "1920",
                                 "底", "末", "前", "上半年", "第三季度", "—", "-", "至", "12", "3",
                                 "号", "之前", "年底"]), max_size=30).map("".join))
def test_dates_tried_where_years_start_match_the_search(text):
    """deadlines.find_dates tries DATE_RE only where a year (19.., 20..) starts."""
    assert [m.span() for m in deadlines.find_dates(text)] == \
        [m.span() for m in deadlines.DATE_RE.finditer(text)]


@SETTINGS
@given(texts)
def test_line_starts_summed_from_the_lines_match_the_line_breaks(text):
    """SpanLocations sums the line lengths when every line break is \\n alone."""
    found = [0] + [m.end() for m in locations.LINE_END.finditer(text)]
    assert locations.SpanLocations(text).line_starts == found


@SETTINGS
@given(gaps, st.integers(0, 3))
def test_lost_digits_tried_at_the_blanks_match_the_search(text, filler):
    """find_lost_numbers tries an alternative only a few places before each blank (forced here
    for every text: _SPARSE 0), and finds what searching each alternative finds."""
    text = "卫" * 40 * filler + text   # long runs without blanks, as in most plans
    blanks = [m.start() for m in lost_digits._BLANK.finditer(text)]
    sparse, lost_digits._SPARSE = lost_digits._SPARSE, 0
    try:
        for (alternatives, _), blank_at in zip(lost_digits._SPLIT_RULES, lost_digits._BLANK_AT,
                                               strict=True):
            searches = [lost_digits._searcher(text, pattern, offsets, blanks)
                        for pattern, offsets in zip(alternatives, blank_at, strict=True)]
            assert [m.span() for m in lost_digits._leftmost(text, alternatives, searches)] == \
                [m.span() for m in lost_digits._leftmost(text, alternatives)]
    finally:
        lost_digits._SPARSE = sparse
