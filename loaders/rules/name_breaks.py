"""Line breaks inside a unit name: PDF text breaks lines anywhere (县卫生健⏎康局), and the
clause finder (responsibility.py) reads a clause as if such a break were not there."""

from __future__ import annotations

import re

from .unit_names import CLOSERS, LABEL, MAX_AGENCY, OPENERS, looks_like_agency

# where a fragment of a unit name ends: list separators, brackets, a sentence end, a line break
FRAGMENT_STOPS = frozenset("、，,；;：:。.（(〔[［【）)〕]］】\n \u3000\t")
# a fragment that opens a unit of its own: 县财政局⏎县卫生健康局 is two units, not one name
UNIT_OPENING = re.compile(r"^(?:[省市县区州盟旗镇乡各团]|中共)")
SHORT_TAIL = 4  # characters that can complete a name already whole: 员会, 公室, 管委会
ROLE_TAIL = re.compile(r"(?:牵头负责|牵头落实|牵头|配合|参与|协同|协助|负责|落实)$")


def _word_breaks(text: str) -> list[int]:
    """Offsets of the line breaks that fall inside a unit name, or between a unit and its role
    word, within an open bracket group or a label's value: （县卫生健⏎康局牵头；…）,
    牵头单位：县住房和城乡建⏎设局, 牵头单位：⏎县卫生健⏎康局, （县卫生健康局⏎牵头，…）.

    One pass over the text, with the bracket stack of _bracket_groups; each break looks at
    most a unit name's length either side, so the whole is linear in the text. It counts its
    own depth rather than take text.bracket_depths': a break found inside a name leaves the
    brackets open (bracket_depths would close them there, as _bracket_groups does), and
    whether a break is one depends on the depth and label state of this same pass."""
    if "\n" not in text:
        return []
    label_ends = {m.end() for m in LABEL.finditer(text)}
    breaks: list[int] = []
    dropped: set[int] = set()
    depth = 0
    label_open = label_started = False
    for index, char in enumerate(text):
        if index in label_ends:
            label_open, label_started = True, False
        if char in OPENERS:
            depth += 1
        elif char in CLOSERS and depth:
            depth -= 1
        elif char == "。":
            label_open = False
        elif char == "\n":
            if (depth or label_open) and _inside_name(text, index, dropped):
                breaks.append(index)
                dropped.add(index)
                continue
            if label_open and label_started:
                label_open = False
            if not _continues(text, index):
                depth = 0
            continue
        if char not in " \u3000\t":
            label_started = True
    return breaks


def _inside_name(text: str, index: int, dropped: set[int]) -> bool:
    """Whether the line break at ``index`` cuts one unit name (县卫生健⏎康局), or parts a unit
    from its role word (县卫生健康局⏎牵头): the two fragments read as one unit together, and
    not as two units or a unit and a label."""
    if index + 1 >= len(text) or text[index + 1] in FRAGMENT_STOPS \
            or not index or text[index - 1] in FRAGMENT_STOPS or LABEL.match(text, index + 1):
        return False
    left = index
    while left > 0 and (text[left - 1] not in FRAGMENT_STOPS or left - 1 in dropped):
        left -= 1
        if index - left > MAX_AGENCY:
            return False
    right = index + 1
    while right < len(text) and text[right] not in FRAGMENT_STOPS:
        right += 1
        if right - index > MAX_AGENCY + 4:
            return False
    before = text[left:index].replace("\n", "")
    after = text[index + 1:right]
    if _unit_like(before):
        # a whole unit before the break: only a short tail completes it (县卫生健康委⏎员会,
        # 县委⏎组织部, 县卫生健康局⏎牵头); 县财政局⏎县卫生健康局 is two units, and a unit at
        # the end of a label's line is followed by prose (…县卫生健康局⏎依托县人民医院)
        tail = ROLE_TAIL.sub("", after)
        if len(tail) > SHORT_TAIL or UNIT_OPENING.match(after):
            return False
    return _unit_like(before + after)


def _unit_like(fragment: str) -> bool:
    """A unit name, or one with its role word: 县卫生健康局 / 县卫生健康局牵头."""
    fragment = fragment.removeprefix("由")
    return looks_like_agency(fragment) or looks_like_agency(ROLE_TAIL.sub("", fragment))


def _continues(text: str, index: int) -> bool:
    """Whether a line break at ``index`` falls inside a list: PDF text breaks （A牵头；
    B配合） after the ； (and after ， 、 ：); other breaks end an unclosed bracket."""
    return index > 0 and text[index - 1] in "；;，,、：:"

