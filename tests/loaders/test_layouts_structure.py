"""Layouts beyond the bundled plans (issue 15, classes 2, 3, 4, 6 and 7).

Each class has several plans written here in the genre, on county medical communities, healthy
cities, TCM, elderly care and health informatics, at province, city and county level.
"""

from __future__ import annotations

import pytest

from policykg.loaders.normalize import normalise
from policykg.loaders.rules.deadlines import find_deadlines
from policykg.loaders.rules.doc_number import find_doc_numbers, normalise_doc_number
from policykg.loaders.structure import build_outline, collect_tasks, split_title
from tests.loaders.helpers import record


def tasks(rec: dict) -> list[tuple[str, str, list[str]]]:
    return [(t["id"], t["title"], [r["agency"] for r in t["responsible"]])
            for t in rec["tasks"]]


def codes(rec: dict) -> list[str]:
    return [w["code"] for w in rec["warnings"]]


def f1(found: set, gold: set) -> float:
    if not found and not gold:
        return 1.0
    hits = len(found & gold)
    return 0.0 if not hits else 2 * hits / (len(found) + len(gold))


# ---------------------------------------------------------------- class 2: measures of a task

COUNTY_COMMUNITY = """富平县推进紧密型县域医疗卫生共同体建设实施方案
为推动优质医疗资源下沉，结合我县实际，制定本方案。
一、工作目标
到2025年，县域医共体管理体制和运行机制基本健全。
二、重点任务
（一）健全医共体管理体制。
1．成立县医共体管理委员会，统筹医共体规划建设、投入保障和人事安排。
2．明确牵头医院与成员单位的权责清单，实行党委领导下的院长负责制。
3．制定医共体章程，规范内部议事决策程序。
责任单位：县卫生健康局、县委编办、县财政局
（二）推进医共体资源共享。
1．建设县域医学影像、心电诊断、医学检验、消毒供应等资源共享中心。
2．推行医共体内检查检验结果互认。
（责任单位：县卫生健康局、县医疗保障局）
三、保障措施
（一）加强组织领导。成立县医共体建设工作专班。（县卫生健康局负责）
"""

HEALTHY_CITY = """安康市健康城市建设三年行动方案
一、总体要求
到2026年，健康城市建设水平显著提升。
二、主要任务
（一）营造健康环境（牵头单位：市住房和城乡建设局；配合单位：市生态环境局）
1．开展城乡环境卫生整洁行动，推进农村生活垃圾和污水治理。
2．实施城市黑臭水体治理，提升城市绿化覆盖率。
（二）优化健康服务
1．推进基层医疗卫生机构标准化建设。
2．做实家庭医生签约服务。
3．完善院前急救网络。
牵头单位：市卫生健康委员会
配合单位：市发展和改革委员会、市财政局
（三）培育健康文化。开展健康知识进万家活动。（市委宣传部、市卫生健康委员会）
"""

TASKS_WITH_OWN_UNITS = """某区智慧医疗建设工作方案
一、重点任务
（一）夯实信息基础
1．建设区级全民健康信息平台。（区卫生健康局）
2．推进电子病历系统应用水平分级评价。（区卫生健康局、区大数据中心）
（二）拓展应用场景
3．推广互联网医院诊疗服务。（区卫生健康局）
"""


def test_measures_under_a_task_share_its_line_of_units() -> None:
    rec = record(COUNTY_COMMUNITY)
    assert tasks(rec) == [
        ("二.(一)", "健全医共体管理体制", ["县卫生健康局", "县委编办", "县财政局"]),
        ("二.(二)", "推进医共体资源共享", ["县卫生健康局", "县医保局"]),
        ("三.(一)", "加强组织领导", ["县卫生健康局"])]
    assert codes(rec).count("measures-not-tasks") == 2
    assert "task-without-responsible" not in codes(rec)
    # the measures are the task's content
    assert "制定医共体章程" in rec["tasks"][0]["text"]


def test_units_in_the_task_heading_or_as_two_label_lines() -> None:
    rec = record(HEALTHY_CITY)
    found = tasks(rec)
    assert [(i, t) for i, t, _ in found] == [
        ("二.(一)", "营造健康环境"), ("二.(二)", "优化健康服务"), ("二.(三)", "培育健康文化")]
    assert found[1][2][0] == "市卫生健康委员会" or found[1][2][0] == "市卫生健康委"
    assert len(found[1][2]) == 3
    assert codes(rec).count("measures-not-tasks") == 2


def test_numbered_items_with_their_own_units_stay_tasks() -> None:
    rec = record(TASKS_WITH_OWN_UNITS)
    assert [t[0] for t in tasks(rec)] == ["1", "2", "3"]
    assert "measures-not-tasks" not in codes(rec)


def test_measures_f1_on_the_variants() -> None:
    gold = {("二.(一)", "健全医共体管理体制"), ("二.(二)", "推进医共体资源共享"),
            ("三.(一)", "加强组织领导")}
    found = {(i, t) for i, t, _ in tasks(record(COUNTY_COMMUNITY))}
    assert f1(found, gold) == 1.0


# ---------------------------------------------------------------- class 3: chapters, articles

TCM_ARTICLES = """汉中市促进中医药传承创新发展若干措施
（征求意见稿）
第一章　总则
第一条　为贯彻落实《陕西省人民政府办公厅关于加快中医药特色发展的实施意见》（陕政办发〔2021〕12号），制定本措施。
第二条　本措施适用于全市各级各类中医医疗机构。
第二章　重点任务
第三条　加强中医医院建设。推进市中医医院三级甲等医院建设，到2025年县级中医医院全部达到二级甲等水平。（责任单位：市卫生健康委、市发展改革委）
第四条　提升基层中医药服务能力。到2026年底，所有社区卫生服务中心和乡镇卫生院设置中医馆。（责任单位：市卫生健康委）
第五条　加强中医药人才培养。实施中医药师承教育项目。（责任单位：市卫生健康委、市人力资源社会保障局）
第三章　保障措施
第六条　加强组织领导。建立中医药工作联席会议制度。（责任单位：市卫生健康委）
第四章　附则
第七条　本措施由市卫生健康委负责解释。
第八条　本措施自印发之日起施行，有效期至2027年12月31日。
"""

ELDERLY_ARTICLES = """绵阳市医养结合服务能力提升工作方案
第一条　推进医养签约合作。二级以上医院与养老机构签约率到2025年达到100%。（市卫生健康委、市民政局）
第二条　发展居家医养服务。为失能老年人提供上门服务。（市卫生健康委）
第三条　本方案由市卫生健康委负责解释，自印发之日起施行，有效期五年。
"""

ARTICLES_NUMBERED_PAST_TEN = "某省健康信息化建设办法\n第一章 总则\n第一条 为推进健康信息化，制定本办法。\n" \
    "第二章 任务\n" + "".join(
        f"第{n}条 建设第{k}类信息系统。完善数据标准。（省卫生健康委）\n"
        for k, n in enumerate(["二", "三", "四", "五", "六", "七", "八", "九", "十", "十一",
                               "十二"], 1)) + "第三章 附则\n第十三条 本办法自发布之日起施行。\n"


def test_chapters_and_articles() -> None:
    rec = record(TCM_ARTICLES)
    assert tasks(rec) == [
        ("3", "加强中医医院建设", ["市卫生健康委", "市发展改革委"]),
        ("4", "提升基层中医药服务能力", ["市卫生健康委"]),
        ("5", "加强中医药人才培养", ["市卫生健康委", "市人力社保局"]),
        ("6", "加强组织领导", ["市卫生健康委"])]
    assert [t["kind"] for t in rec["tasks"]] == ["task", "task", "task", "safeguard"]
    assert [t["number"] for t in rec["tasks"]] == ["三", "四", "五", "六"]
    deadlines = [t["deadline"] for t in rec["tasks"]]
    assert "2027-12-31" not in deadlines       # the 附则 date is the plan's term, not a deadline
    assert deadlines[:2] == ["2025", "2026-12-31"]
    assert rec["plan"]["status"] == "draft"
    assert rec["plan"]["title"] == "汉中市促进中医药传承创新发展若干措施"
    assert rec["plan"]["jurisdiction"] == "陕西省汉中市"


def test_articles_without_chapters_leave_the_closing_article_out() -> None:
    rec = record(ELDERLY_ARTICLES)
    assert [t[0] for t in tasks(rec)] == ["1", "2"]


def test_article_numbers_past_ten() -> None:
    rec = record(ARTICLES_NUMBERED_PAST_TEN)
    assert [t["id"] for t in rec["tasks"]] == [str(n) for n in range(2, 13)]
    assert "numbering-skip" not in codes(rec)


def test_a_validity_date_is_no_deadline() -> None:
    assert find_deadlines("本方案自印发之日起施行，有效期至2027年12月31日。") == []
    assert find_deadlines("有效期5年，至2028年底。") == []
    assert find_deadlines("到2025年底前完成全部改造。")[0].value == "2025-12-31"


def test_draft_title_above_its_mark_with_a_long_preamble() -> None:
    text = """商洛市全民健康信息平台建设实施方案
（征求意见稿）
为加快全民健康信息化建设，提升卫生健康治理能力，根据有关文件精神，结合我市实际，制定本方案。
一、建设目标
到2025年，建成市级全民健康信息平台。
二、重点任务
（一）建设数据资源中心。汇聚全市医疗卫生机构数据。（市卫生健康委）
"""
    rec = record(text)
    assert rec["plan"]["title"] == "商洛市全民健康信息平台建设实施方案"
    assert rec["plan"]["status"] == "draft"
    assert [t[0] for t in tasks(rec)] == ["二.(一)"]


# ---------------------------------------------------------------- class 4: lead phrases

LEAD_PHRASES = """渭南市健康城市建设行动方案
一、总体要求
到2025年，健康城市建设水平明显提升。
二、重点任务
（一）加强健康环境建设　实施城乡环境卫生整洁行动，推进农村改厕。（市住房和城乡建设局、市卫生健康委）
（二）加强健康服务供给：实施基层医疗卫生服务能力提升工程。（市卫生健康委）
（三）加强人才队伍建设。实施基层卫生人才招引计划。（市卫生健康委）
（四）加强健康文化建设  开展健康知识进万家活动。（市委宣传部）
（五）推进中医药服务下沉　在乡镇卫生院建设中医馆。（市卫生健康委）
"""


def test_lead_phrase_titles_do_not_swallow_the_sentence() -> None:
    rec = record(LEAD_PHRASES)
    assert [t["title"] for t in rec["tasks"]] == [
        "加强健康环境建设", "加强健康服务供给", "加强人才队伍建设", "加强健康文化建设",
        "推进中医药服务下沉"]
    gold = {"加强健康环境建设", "加强健康服务供给", "加强人才队伍建设", "加强健康文化建设",
            "推进中医药服务下沉"}
    assert f1({t["title"] for t in rec["tasks"]}, gold) == 1.0


@pytest.mark.parametrize(("line", "title"), [
    ("1．加强人才队伍建设　实施基层卫生人才定向培养计划。", "加强人才队伍建设"),
    ("1．推进县域医共体信息化　建设县域一体化信息平台。", "推进县域医共体信息化"),
    ("1．加强健康 环境建设。", "加强健康环境建设"),            # a PDF's stray space
    ("1．加强 人才队伍建设，实施人才强县战略。", "加强人才队伍建设，实施人才强县战略"),
])
def test_lead_phrase_split(line: str, title: str) -> None:
    outline = build_outline(normalise(line))
    assert split_title(outline.roots[0].head)[0].text == title


# ---------------------------------------------------------------- class 6: repeated text

REPEATED = """西安市雁塔区医养结合发展实施方案
一、总体要求
到2025年，医养结合服务体系基本建立。
二、重点任务
1．推进医疗机构与养老机构签约合作。鼓励二级以上医院与养老机构建立协作机制。（区卫生健康局、区民政局）
2．支持养老机构设置医疗机构。对养老机构内设诊所实行备案管理。（区卫生健康局）
— 3 —
2．支持养老机构设置医疗机构。对养老机构内设诊所实行备案管理。（区卫生健康局）
3．发展社区居家医养结合服务。推动家庭医生签约服务向居家老年人延伸，为失能老年人提供
上门医疗服务和健康管理，
— 4 —
上门医疗服务和健康管理，
逐步扩大服务覆盖面。（区卫生健康局、区民政局）
4．加强医养结合人才队伍建设。开展医养结合从业人员培训。
（区人力资源和社会保障局）
（区人力资源和社会保障局）
"""


def test_text_printed_twice_is_read_once() -> None:
    rec = record(REPEATED)
    assert [t[0] for t in tasks(rec)] == ["1", "2", "3", "4"]
    assert "numbering-repeat" not in codes(rec)
    assert "duplicate-heading" not in codes(rec)
    assert codes(rec).count("text-repeated") == 3
    assert rec["tasks"][2]["text"].count("上门医疗服务和健康管理") == 1
    source = REPEATED
    for warning in rec["warnings"]:
        if warning["code"] == "text-repeated":
            span = warning["span"]
            copy = source[span["start"]:span["end"]]
            assert source.count(copy) >= 2     # the span is the second copy


def test_a_heading_repeated_alone_at_a_page_break() -> None:
    text = """某县中医药服务能力提升方案
一、重点任务
（一）加强县中医医院建设
— 2 —
（一）加强县中医医院建设
推进县中医医院达到二级甲等水平。（县卫生健康局）
（二）建设中医馆。在乡镇卫生院建设中医馆。（县卫生健康局）
"""
    rec = record(text)
    assert [t[0] for t in tasks(rec)] == ["一.(一)", "一.(二)"]
    assert rec["tasks"][0]["responsible"][0]["agency"] == "县卫生健康局"
    assert "text-repeated" in codes(rec)


def test_equal_paragraphs_with_no_page_break_between_are_the_authors() -> None:
    text = """某区健康促进工作方案
一、重点任务
1．开展健康教育。普及健康知识。（区卫生健康局）
1．开展健康教育。普及健康知识。（区卫生健康局）
"""
    rec = record(text)
    assert "text-repeated" not in codes(rec)
    assert "numbering-repeat" in codes(rec)


def test_ordinary_repetition_is_kept() -> None:
    text = """某区健康促进工作方案
一、重点任务
1．开展健康教育。服务服务群众。（区卫生健康局）
2．开展健康教育进社区活动。（区卫生健康局）
"""
    rec = record(text)
    assert "text-repeated" not in codes(rec)
    assert len(rec["tasks"]) == 2


# ---------------------------------------------------------------- class 7: metadata

JOINT_COVER = """宝鸡市卫生健康委员会　宝鸡市发展和改革委员会　宝鸡市财政局
宝市卫健发（2024）15号
关于印发《宝鸡市全民健康信息化建设实施方案》的通知
各县区卫生健康局、发展改革局、财政局：
现将《宝鸡市全民健康信息化建设实施方案》印发给你们，请认真贯彻执行。
宝鸡市卫生健康委员会
宝鸡市发展和改革委员会
宝鸡市财政局
2024年3月8日
宝鸡市全民健康信息化建设实施方案
为贯彻落实《陕西省“十四五”全民健康信息化规划》（陕卫规划发〔2022〕5号），制定本方案。
一、重点任务
（一）建设全民健康信息平台。到2025年建成市级平台。（市卫生健康委）
"""

JOINT_TITLE_LINE = """延安市卫生健康委员会　延安市医疗保障局关于印发《延安市县域医共体医保支付方式改革实施方案》的通知
延市卫发[2023]8号
各县（市、区）卫生健康局、医疗保障局：
现将方案印发给你们，请认真执行。
延安市县域医共体医保支付方式改革实施方案
为落实陕医保发〔2022〕9号文件精神，制定本方案。
一、重点任务
（一）推行总额付费。实行医共体医保基金总额付费。（市医疗保障局、市卫生健康委员会）
"""

JOINT_SIGNATURE_NO_COVER = """洛南县医养结合示范县创建工作方案
为积极应对人口老龄化，根据《陕西省卫生健康委员会等部门关于深入推进医养结合发展的实施意见》，制定本方案。
一、重点任务
（一）推进医养签约服务。实现签约全覆盖。（县卫生健康局、县民政局）
洛南县卫生健康局
洛南县民政局
2023年6月1日
"""


def test_joint_cover_and_provincial_code() -> None:
    plan = record(JOINT_COVER)["plan"]
    assert plan["issuer"] == "宝鸡市卫生健康委员会、宝鸡市发展和改革委员会、宝鸡市财政局"
    assert plan["doc_number"] == "宝市卫健发〔2024〕15号"
    assert plan["jurisdiction"] == "陕西省宝鸡市"
    assert plan["issued"] == "2024-03-08"


def test_joint_issuers_in_the_notice_title() -> None:
    plan = record(JOINT_TITLE_LINE)["plan"]
    assert plan["issuer"] == "延安市卫生健康委员会、延安市医疗保障局"
    assert plan["doc_number"] == "延市卫发〔2023〕8号"
    assert plan["jurisdiction"] == "陕西省延安市"


def test_joint_signature_without_cover() -> None:
    rec = record(JOINT_SIGNATURE_NO_COVER)
    plan = rec["plan"]
    assert plan["issuer"] == "洛南县卫生健康局、洛南县民政局"
    assert plan["issued"] == "2023-06-01"
    assert plan["jurisdiction"] == "陕西省洛南县"
    assert "洛南县卫生健康局" not in rec["tasks"][0]["text"]


def test_metadata_fields_f1() -> None:
    gold = {"JOINT_COVER": ("宝鸡市卫生健康委员会、宝鸡市发展和改革委员会、宝鸡市财政局", "陕西省宝鸡市"),
            "JOINT_TITLE_LINE": ("延安市卫生健康委员会、延安市医疗保障局", "陕西省延安市"),
            "JOINT_SIGNATURE_NO_COVER": ("洛南县卫生健康局、洛南县民政局", "陕西省洛南县")}
    texts = {"JOINT_COVER": JOINT_COVER, "JOINT_TITLE_LINE": JOINT_TITLE_LINE,
             "JOINT_SIGNATURE_NO_COVER": JOINT_SIGNATURE_NO_COVER}
    found = set()
    for name, text in texts.items():
        plan = record(text)["plan"]
        found.add((name, plan["issuer"], plan["jurisdiction"]))
    assert f1(found, {(n, *v) for n, v in gold.items()}) == 1.0


def test_a_single_issuer_is_not_split() -> None:
    text = """重庆市渝北区人民政府办公室
关于印发《渝北区智慧医院建设方案》的通知
渝北府办发〔2023〕12号
渝北区智慧医院建设方案
一、重点任务
（一）建设智慧医院。（区卫生健康委）
"""
    assert record(text)["plan"]["issuer"] == "重庆市渝北区人民政府办公室"


@pytest.mark.parametrize(("written", "normalised"), [
    ("陕卫发[2024]3号", "陕卫发〔2024〕3号"),
    ("宝市卫发（2024）第3号", "宝市卫发〔2024〕3号"),
    ("宝卫发【2024】12号", "宝卫发〔2024〕12号"),
    ("宝卫发(2024)12号", "宝卫发〔2024〕12号"),
    ("宝卫发﹝2024﹞7号", "宝卫发〔2024〕7号"),
    ("宝卫发〈2024〉7号", "宝卫发〔2024〕7号"),
    ("宝卫发（2024年）7号", "宝卫发〔2024〕7号"),
    ("宝卫发[2024]07号", "宝卫发〔2024〕7号"),
])
def test_doc_number_brackets(written: str, normalised: str) -> None:
    assert normalise_doc_number(written) == normalised
    assert find_doc_numbers(f"根据{written}文件")[0][0] == normalised


def test_collect_tasks_keeps_its_notes_on_the_outline() -> None:
    outline = build_outline(normalise(COUNTY_COMMUNITY))
    collect_tasks(outline)
    assert [code for code, _, _ in outline.notes].count("measures-not-tasks") == 2
