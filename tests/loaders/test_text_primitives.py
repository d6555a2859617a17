"""loaders/text.py's bracket depths: the regex-driven scan gives, character for character, what
the plain loop over every character (written out here as the reference) gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from policykg.loaders.rules.unit_names import CLOSERS, OPENERS
from policykg.loaders.text import always, bracket_depths, depth_after


def reference_depths(text, opens, closes, *, start=0, end=None, depth=0, line_break=None):
    depths = []
    index = start if start >= 0 else max(len(text) + start, 0)
    for char in text[start:end]:
        if char in opens:
            depth += 1
        elif char in closes:
            if depth:
                depth -= 1
        elif char == "\n" and line_break is not None and line_break(index):
            depth = 0
        depths.append(depth)
        index += 1
    return depths


ALPHABET = "（）()《》〔〕【】[]［］“”\n牵头区卫生健康委、 "


def odd_lines(index: int) -> bool:   # a line-break policy that depends on the offset
    return index % 2 == 1


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=ALPHABET, max_size=60), start=st.integers(-5, 70),
       end=st.one_of(st.none(), st.integers(-5, 70)), depth=st.integers(0, 3),
       sets=st.sampled_from([("（(", "）)"), ("《", "》"), (OPENERS, CLOSERS)]),
       line_break=st.sampled_from([None, always, odd_lines]))
def test_bracket_depths_equal_the_plain_loop(text, start, end, depth, sets, line_break):
    opens, closes = sets
    expected = reference_depths(text, opens, closes, start=start, end=end, depth=depth,
                                line_break=line_break)
    assert bracket_depths(text, opens, closes, start=start, end=end, depth=depth,
                          line_break=line_break) == expected
    assert depth_after(text, opens, closes, start=start, end=end, depth=depth,
                       line_break=line_break) == (expected[-1] if expected else depth)


def test_a_stray_opener_is_closed_by_the_line_break_when_asked():
    text = "（牵头单位：区卫生健康委\n下一行（区财政局）"
    depths = bracket_depths(text, "（", "）", line_break=always)
    assert depths[0] == 1 and depths[text.index("\n")] == 0
    assert depths[text.index("区财政局")] == 1 and depths[-1] == 0
    assert bracket_depths(text, "（", "）")[text.index("下")] == 1   # one line: stays open
