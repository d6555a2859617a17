"""Sections, tasks and safeguards under every numbering style of the genre."""

from policykg.loaders.normalize import normalise
from policykg.loaders.structure import build_outline, chinese_number, collect_tasks
from tests.loaders.helpers import record


def tasks(text: str) -> list[tuple[str, str, str]]:
    return [(t["id"], t["title"], t["kind"]) for t in record(text)["tasks"]]


def codes(text: str) -> list[str]:
    return [w["code"] for w in record(text)["warnings"]]


ARABIC_UNDER_SUBSECTIONS = """某区推动公立医院高质量发展实施方案
一、总体要求
（一）指导思想。以人民健康为中心。
二、重点任务
（一）构建新体系
1.打造高水平公立医院。加快建设。（区卫生健康委负责）
2.加强能力建设。推动发展。（区卫生健康委负责）
（二）引领新趋势
3.加强专科建设。推进学科建设。（区卫生健康委负责）
三、保障措施
（一）落实工作责任。强化组织领导。（区医改办负责）
"""


def test_arabic_tasks_under_subsections_and_safeguards():
    # the shape of seeds 000 and 003: 一、 > （一） > 1.; 保障措施 holds safeguards
    assert tasks(ARABIC_UNDER_SUBSECTIONS) == [
        ("1", "打造高水平公立医院", "task"), ("2", "加强能力建设", "task"),
        ("3", "加强专科建设", "task"), ("三.(一)", "落实工作责任", "safeguard")]
    sections = [t["section"] for t in record(ARABIC_UNDER_SUBSECTIONS)["tasks"]]
    assert sections == ["构建新体系", "构建新体系", "引领新趋势", "保障措施"]


def test_tasks_numbered_only_by_section():
    # seed 002: no arabic items; tasks are the （一） items, ids 二.(一)
    text = """北辰区推动公立医院高质量发展实施方案
一、总体要求
以习近平新时代中国特色社会主义思想为指导。
二、构建公立医院高质量发展新体系
（一）发挥公立医院在医联体中的牵头作用。以北辰医院为龙头。（区卫生健康委负责）
（二）优化医疗卫生分布格局。坚持政府主导。（区卫生健康委负责）
三、引领公立医院高质量发展新趋势
（一）加强临床重点专科建设。以满足需求为导向。（区卫生健康委负责）
四、加强组织保障
（一）压实工作责任。强化领导责任。（区卫生健康委负责）
"""
    assert tasks(text) == [
        ("二.(一)", "发挥公立医院在医联体中的牵头作用", "task"),
        ("二.(二)", "优化医疗卫生分布格局", "task"),
        ("三.(一)", "加强临床重点专科建设", "task"),
        ("四.(一)", "压实工作责任", "safeguard")]


def test_arabic_numerals_with_dun_and_full_width_dot():
    text = "方案\n一、主要任务\n1、加强建设。内容。（区卫生健康委负责）\n２．完善制度。内容。（区财政局负责）\n"
    assert tasks(text) == [("1", "加强建设", "task"), ("2", "完善制度", "task")]


def test_sub_items_stay_inside_their_task():
    text = ("方案\n一、重点任务\n1.加强建设。具体包括：\n（1）建设医院。\n（2）培养人才。\n"
            "①引进人才。\n（区卫生健康委负责）\n2.完善制度。内容。（区财政局负责）\n")
    found = record(text)["tasks"]
    assert [t["id"] for t in found] == ["1", "2"]
    assert "（2）培养人才" in found[0]["text"] and "①引进人才" in found[0]["text"]
    assert found[0]["responsible"][0]["agency"] == "区卫生健康委"


def test_misstyled_subsection_number():
    # （2） typed where （二） belongs, right after subsection （一）
    text = ("方案\n一、重点任务\n（一）构建体系。内容。（区卫生健康委负责）\n"
            "（2）引领趋势。内容。（区财政局负责）\n（三）提升效能。内容。（区医保局负责）\n")
    assert [t[0] for t in tasks(text)] == ["一.(一)", "一.(二)", "一.(三)"]
    assert "numbering-style" in codes(text)


def test_misstyled_subsection_after_arabic_tasks():
    # seed 004 line 18: "（2） 全面提升…" after task 6. of （一）; tasks 7. and on belong to （二）
    text = ("方案\n二、重点任务\n（一）构建优质高效的公立医院发展体系\n"
            "6.加强中医药传承创新发展\n强化公立中医医疗机构的主导作用。（区卫生健康委、区人力社保局）\n"
            "（2） 全面提升公立医院高质量发展能力和水平\n"
            "7.加强临床重点专科建设。推动临床重点专科全面发展。（区卫生健康委）\n")
    found = record(text)["tasks"]
    assert [(t["id"], t["section"]) for t in found] == [
        ("6", "构建优质高效的公立医院发展体系"), ("7", "全面提升公立医院高质量发展能力和水平")]
    assert "numbering-style" in codes(text)


def test_sub_item_two_after_inline_sub_item_one_stays_a_sub_item():
    # （1） inside the task's paragraph, （2） on its own line: a sub-item list, not a subsection
    text = ("方案\n一、重点任务\n（一）构建体系\n1.加强建设。（1）建设医院。\n"
            "（2）培养人才。（区卫生健康委负责）\n2.完善制度。内容。（区财政局负责）\n")
    found = record(text)["tasks"]
    assert [t["id"] for t in found] == ["1", "2"]
    assert "培养人才" in found[0]["text"]
    assert "numbering-style" not in codes(text)


def test_numbering_skip_repeat_and_duplicate_heading():
    text = ("方案\n一、重点任务\n1.加强建设。内容。（区卫生健康委负责）\n"
            "3.完善制度。内容。（区财政局负责）\n3.完善制度。内容。（区财政局负责）\n")
    found = codes(text)
    assert "numbering-skip" in found and "numbering-repeat" in found
    assert "duplicate-heading" in found


def test_task_without_responsible_is_warned():
    text = "方案\n一、重点任务\n1.加强建设。内容。\n"
    warning = [w for w in record(text)["warnings"] if w["code"] == "task-without-responsible"]
    assert warning[0]["message"] == "task 1 「加强建设」 names no responsible unit"


def test_safeguard_section_names():
    for name in ("保障措施", "组织实施", "组织保障", "加强组织保障"):
        text = f"方案\n一、重点任务\n1.加强建设。内容。（区卫生健康委负责）\n二、{name}\n（一）强化领导。内容。\n"
        assert tasks(text)[-1] == ("二.(一)", "强化领导", "safeguard")


def test_chinese_numbers():
    assert [chinese_number(n) for n in ("一", "十", "十二", "二十", "二十三")] == [1, 10, 12, 20, 23]


def test_outline_on_seed_shaped_text():
    outline = build_outline(normalise(ARABIC_UNDER_SUBSECTIONS))
    assert [root.title for root in outline.roots] == ["总体要求", "重点任务", "保障措施"]
    assert len(collect_tasks(outline)) == 4
