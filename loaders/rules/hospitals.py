"""Named hospitals and medical institutions (区人民医院, 陈家桥医院, 区疾控中心 ...) in plan text.

Why a rule and not a list: plans name the institutions that carry out their tasks, but the same
suffixes head class terms far more often (公立医院, 三级医院, 镇卫生院, 智慧医院). A gazetteer of
hospitals would never be complete, so the rule anchors on the suffix, scans left to the nearest
delimiter (punctuation, 、, 和/及/与, the end of the previous candidate), strips the verbs and
prepositions that open a clause, peels institution-type words (人民, 第二, 中西医结合, 附属)
off the end and keeps the span only if a proper name is left: an administrative prefix
(区/市/县) or a place-like name (北辰区, 陈家桥, 重庆医科大学) that does not open with a
class modifier (公立, 三级, 各级, 区级, 临近 ...). Short forms (区二院 -> 区第二人民医院) and
every word list live in ``loaders/data/hospitals.toml``, each short form with its reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..memo import remembered
from ..provinces import provinces
from ..text import CJK_UNIFIED, CJK_WIDE
from .hospital_rules import Rules, Suffix, compiled_rules
from .hospital_rules import hospital_data as hospital_data  # the tests read the word lists

CJK = re.compile(f"[{CJK_WIDE}]")


@dataclass(frozen=True)
class HospitalMention:
    name: str  # canonical name, e.g. 区第二人民医院 for the short form 区二院
    raw: str  # as written in the text
    start: int  # offsets into the `text` argument, text[start:end] == raw
    end: int


def _suffix_hits(text: str, rules: Rules) -> list[tuple[re.Match[str], Suffix]]:
    """Every suffix occurrence, overlaps resolved leftmost then longest (区中医院 -> 中医院).

    With plain suffixes only, that is what one longest-first alternation finds; a text with a
    short form (区二院) takes every pattern's occurrences and sorts them.
    """
    if rules.patterned_re.search(text) is None:
        return [(m, rules.literal_suffix[m.group()]) for m in rules.literal_re.finditer(text)]
    hits = [(m, suffix) for suffix in rules.suffixes for m in suffix.pattern.finditer(text)]
    hits.sort(key=lambda hit: (hit[0].start(), -(hit[0].end() - hit[0].start())))
    chosen: list[tuple[re.Match[str], Suffix]] = []
    for match, suffix in hits:
        if chosen and match.start() < chosen[-1][0].end():
            continue
        chosen.append((match, suffix))
    return chosen


def _is_delimiter(text: str, pos: int, rules: Rules) -> bool:
    """Whether text[pos] ends a name on its left."""
    char = text[pos]
    if char.isdigit():
        run = pos
        while run > 0 and text[run - 1].isdigit():
            run -= 1
        return not (run > 0 and text[run - 1] == "第")  # 第960医院 keeps its number
    if not CJK.match(char):
        return True
    if char not in rules.delimiters:
        return False
    for word, offset in rules.protected_at.get(char, ()):
        if pos >= offset and text.startswith(word, pos - offset):
            return False
    return True


def _scan_left(text: str, start: int, floor: int, rules: Rules) -> int | None:
    """Start of the span left of a suffix; None when no delimiter is near enough.

    Only the possible delimiters of the window (rules.stop_re) are tried, right to left,
    instead of testing every character in between.
    """
    limit = max(floor, start - rules.max_scan)
    for stop in reversed([found.start() for found in rules.stop_re.finditer(text, limit, start)]):
        if _is_delimiter(text, stop, rules):
            return stop + 1
    if limit > floor and not _is_delimiter(text, limit - 1, rules):
        return None
    return limit


def _strip_leading(span: str, rules: Rules, after_number: bool = False) -> int:
    """Length of the verbs and prepositions that open ``span`` (推动, 以, 加快推进 ...)."""
    cut = 0
    if after_number:  # 18个镇卫生院: the scan stopped at the number
        found = rules.measure_re.match(span)
        cut = found.end() if found else 0
    while cut < len(span):
        found = rules.leading_re.match(span, cut)
        if found is None or found.end() == cut:
            break
        cut = found.end()
    return cut


def _inner_cut(span: str, rules: Rules) -> int:
    """Offset just after the rightmost verb inside ``span`` (区卫生健康委指导|区人民), or 0."""
    return max((span.rfind(w) + len(w) for w in set(rules.inner_cut_re.findall(span))),
               default=0)


def _core(prefix: str, rules: Rules) -> str | None:
    """The proper-name part of ``prefix`` with type words peeled off; None for a class term."""
    if rules.class_infix_re.search(prefix):
        return None
    core = prefix
    while core:
        if core.endswith(rules.class_tails):
            return None
        word = rules.type_word_re.search(core)
        if word is not None:
            core = core[: word.start()]
            continue
        number = rules.ordinal.search(core)
        if number:
            core = core[: number.start()]
            continue
        break
    return core


def _is_admin(name: str, rules: Rules) -> bool:
    return name in rules.admin_singles or (len(name) >= 2 and name.endswith(rules.admin_ends))


def _is_proper(prefix: str, suffix: Suffix, rules: Rules) -> bool:
    """Whether ``prefix`` (the text before the suffix, verbs stripped) names one institution."""
    if suffix.prefix == "none":
        return not prefix
    if prefix.startswith(rules.class_prefixes):
        return False
    if suffix.prefix == "admin":
        return _is_admin(prefix, rules)
    if suffix.prefix == "place" and prefix[:1] in rules.admin_singles \
            and prefix[1:].startswith(rules.class_prefixes):
        return False  # 市城区社区卫生服务中心 (seed 001 line 22): the city's urban centres

    core = _core(prefix, rules)
    if not core or core in rules.class_words:
        return False
    if core.startswith(rules.class_prefixes):
        return False
    if core.endswith(rules.verb_ends):
        return False  # a clause ending in a verb before a generic 医院: 修订完善医院
    if core in rules.admin_singles:  # 区人民医院, 市急救中心; not 区医院, 区卫生院
        return suffix.prefix != "place" and not (suffix.generic and core == prefix)
    return 2 <= len(core) <= rules.max_name


def find_hospitals(text: str) -> list[HospitalMention]:
    """Named hospitals and medical institutions in `text`, in order of appearance (every mention)."""  # noqa: E501
    return list(_find_hospitals(text))


# Characters that no suffix, branch (……三江新区分院) or declared short form (（市一院）) holds or
# reads across, and at which every scan left stops (neither CJK nor a digit, nor 第): the
# hospitals of a text are those of its pieces between them, each piece ending with one.
_PIECE_END = re.compile("[，。、；\n）)]")
_LAST_PIECE_END = re.compile("(?s:.*)" + _PIECE_END.pattern)


@remembered
def _find_hospitals(text: str) -> tuple[HospitalMention, ...]:
    """find_hospitals, remembered by text within a document (loaders/memo.py).

    A text is read line by line and each line piece by piece (_PIECE_END), each line and piece
    remembered: a task's text joins the lines of its paragraphs and sub-items, read already as
    paragraphs; a heading is read with and without its number (（一）推动…, 推动…); the same
    phrases come back in a plan. Only the pieces holding a suffix are read at all.
    """
    if "\n" in text:
        mentions: list[HospitalMention] = []
        offset = 0
        for line in text.split("\n"):
            mentions += _shifted(_find_hospitals(line), offset)
            offset += len(line) + 1
        return tuple(mentions)
    rules = compiled_rules()
    hits = [found.start() for found in rules.literal_re.finditer(text)]
    # each pattern on its own: their alternation has no first character to skip to, and a
    # search of it (most lines have none) is slower than the four searches together
    others = [found.start() for pattern in rules.patterned for found in pattern.finditer(text)]
    if others:
        hits = sorted(hits + others)
    mentions = []
    end = 0   # where the last piece read ends
    for at in hits:   # in order: the pieces are walked once
        if at < end:
            continue   # in the piece just read
        before = _LAST_PIECE_END.match(text, end, at)
        start = before.end() if before else end
        after = _PIECE_END.search(text, at)
        end = after.end() if after else len(text)
        mentions += _shifted(_piece_hospitals(text[start:end]), start)
    return tuple(mentions)


def _shifted(mentions: tuple[HospitalMention, ...], offset: int) -> tuple[HospitalMention, ...]:
    """``mentions`` of a piece of a text, with offsets into the text (the piece at ``offset``)."""
    if not offset or not mentions:
        return mentions
    return tuple(HospitalMention(m.name, m.raw, m.start + offset, m.end + offset)
                 for m in mentions)


@remembered
def _piece_hospitals(text: str) -> tuple[HospitalMention, ...]:
    """The hospitals of one piece (or of any text: the pieces only save reading)."""
    rules = compiled_rules()
    mentions: list[HospitalMention] = []
    floor = 0
    for match, suffix in _suffix_hits(text, rules):
        left = _scan_left(text, match.start(), floor, rules)
        floor = match.end()
        if left is None:
            continue
        after_number = left > 0 and text[left - 1].isdigit()
        start = left + _strip_leading(text[left : match.start()], rules, after_number)
        cut = _inner_cut(text[start : match.start()], rules)
        if cut:
            start += cut
            start += _strip_leading(text[start : match.start()], rules)
        prefix = text[start : match.start()]
        if not _is_proper(prefix, suffix, rules):
            continue
        raw = text[start : match.end()]
        name = prefix + match.expand(suffix.canonical) if suffix.canonical else raw
        branch = rules.branch_re.match(text, match.end())
        if branch is not None:  # 市第一人民医院三江新区分院: the branch is the institution
            name, raw = name + branch.group(), raw + branch.group()
            floor = branch.end()
        declared = _declared_short(text, start + len(raw), rules)
        if declared is not None:  # 某某医科大学附属第一医院（市一院）
            short, floor = declared
            name, raw = f"{name}（{short}）", text[start:floor]
        mentions.append(HospitalMention(name, raw, start, start + len(raw)))
    return tuple(mentions)


DECLARED = re.compile(
    r"[（(](?P<said>(?:以下|下文)?(?:简称|下称)[:：]?)?[“\"「]?"
    rf"(?P<short>[{CJK_UNIFIED}]{{2,10}}?)"
    r"[”\"」]?[）)]")


def _declared_short(text: str, end: int, rules: Rules) -> tuple[str, int] | None:
    """The short form a plan declares in brackets right after a hospital's full name, and the
    end of the bracket: 某某医科大学附属第一医院（市一院）, …医院（以下简称“附二院”）.

    The mention's name is then written 「full（short）」 so that ``fold_document_names`` can
    fold every later 市一院 of the document onto the full name instead of the generic
    expansion (市第一人民医院, a hospital the text does not name). Without 简称 the bracket
    must read as a short name (ending in 院, 医 or 中心, no class word): （中心）, （三级甲等）
    and （含分院） are not declarations.
    """
    found = DECLARED.match(text, end)
    if found is None:
        return None
    short = found["short"]
    if not found["said"] and not (short.endswith(("院", "医", "中心")) and len(short) <= 6):
        return None
    if short in ("中心", "分院", "总院") or short.startswith(rules.class_prefixes) \
            or rules.class_infix_re.search(short) or short.startswith(("含", "包括", "不含")):
        return None
    return short, found.end()


def _place_prefix(prefix: str, short: str, rules: Rules) -> bool:
    """Whether ``prefix + short`` only puts a place before ``short`` (北京 + 积水潭医院).

    A short name that opens with 区/市/县 is the plan's own institution and is never folded
    onto another place's (市第一人民医院 is not 杭州市第一人民医院).
    """
    if short[:1] in rules.admin_singles:
        return False
    if prefix in rules.admin_singles or prefix in provinces().by_name:
        return True
    return len(prefix) >= 2 and not CJK.sub("", prefix) and prefix.endswith(rules.admin_ends)


def fold_document_names(names: list[str]) -> dict[str, str]:
    """Each hospital name of one document mapped to the name it is written in full elsewhere.

    Plans give a hospital its full name once and shorten it later: 北京清华长庚医院 then
    清华长庚医院, 区南口医院 then 南口医院 (seed 004 lines 12-13, 31); 市中医医院 then 市中医院
    (seed 001 lines 21, 28). Within one document the shorter form is the same institution, so
    it folds onto the longer one. Each name is looked up through its own suffixes and at most
    one rewrite, so the cost is linear in the total length of the names.
    """
    rules = compiled_rules()
    declared = _declarations(names)
    names = [declared.get(name, (name, None))[0] for name in names]
    present = set(names)
    longer: dict[str, str] = {}  # short form -> the first longer name that adds a place to it
    for name in names:
        for cut in range(1, len(name) - 1):
            short = name[cut:]
            if short in present and short not in longer and _place_prefix(name[:cut], short, rules):
                longer[short] = name
    folded: dict[str, str] = {}
    for name in names:
        target = longer.get(name, name)
        if target.endswith("中医院") and target[:-3] and f"{target[:-3]}中医医院" in present:
            target = longer.get(f"{target[:-3]}中医医院", f"{target[:-3]}中医医院")
        folded[name] = target
    for written, (full, aliases) in declared.items():
        folded[written] = folded.get(full, full)
        for alias in aliases:
            folded[alias] = folded[written]
    return folded


def _declarations(names: list[str]) -> dict[str, tuple[str, tuple[str, ...]]]:
    """「full（short）」 names (see ``_declared_short``) -> (full, the names the short form is
    read as: itself and its generic expansion, 市一院 -> 市第一人民医院). The declaration wins
    over the expansion: the plan said which hospital its 市一院 is."""
    found = {}
    for name in names:
        match = re.fullmatch(r"(?P<full>.+?)（(?P<short>[^（）]+)）", name)
        if match is None:
            continue
        short = match["short"]
        expanded = [m.name for m in find_hospitals(short) if m.raw == short]
        found[name] = (match["full"], tuple(sorted({short, *expanded} - {match["full"]})))
    return found
