"""Generated plans in the layouts of issue 15, each with its gold (tasks and responsibility).

Every plan is written from a seed with ``random.Random(seed)`` only: the same (class, seed)
gives the same text byte for byte. The texts are written for these tests in the genre's
wording (实施方案 / 工作方案 / 行动计划 / 任务分工方案 of province, city, county and district
governments and departments); none is copied from a real plan.

Gold conventions (those of the plan record, see ``../shared/eval/README.md``):

* a task is (id, title): the id as the record writes it — the arabic number of a 1. task when
  the numbers are unique in the plan, the article number of a 第N条 plan, else the heading path
  (二.(三)); safeguard items (保障措施 / 工作要求) are listed too, with their path;
* responsibility is (task id, agency, role): ``lead`` and ``cooperating`` only where the text
  or a column says 牵头 / 配合, ``responsible`` otherwise; the units of task-division rows count
  on their task; one entry per agency and task, lead where the unit is lead anywhere;
* agency names in their standard form (县人力资源和社会保障局 is written, 县人力社保局 is gold:
  the abbreviation rules of loaders/data/agencies.toml, the folding the shared scorer does).

    python -m tests.layouts.generate CLASS SEED      # print one plan and its gold
"""

from __future__ import annotations

import json
import random
import sys
from dataclasses import dataclass, field

CN = "一二三四五六七八九十"


def cn(n: int) -> str:
    """1 -> 一, 12 -> 十二, 20 -> 二十 (headings stay under 100)."""
    if n <= 10:
        return CN[n - 1]
    tens, units = divmod(n, 10)
    return ("" if tens == 1 else CN[tens - 1]) + "十" + (CN[units - 1] if units else "")


# ---- places and units ------------------------------------------------------------------------

@dataclass(frozen=True)
class Place:
    level: str          # province | city | county | district
    name: str           # 陕西省 / 宝鸡市 / 苍溪县 / 渝北区
    full: str           # as the issuer writes it: 宝鸡市, 西安市雁塔区
    code: str           # doc-number prefix of the government office: 陕政办发
    dept_code: str      # doc-number prefix of the health department: 陕卫发
    province_code: str  # the provincial office's prefix, cited in the preamble: 陕政办发


PLACES = {
    "province": [
        Place("province", "陕西省", "陕西省", "陕政办发", "陕卫发", "陕政办发"),
        Place("province", "四川省", "四川省", "川办发", "川卫发", "川办发"),
        Place("province", "湖南省", "湖南省", "湘政办发", "湘卫发", "湘政办发"),
        Place("province", "贵州省", "贵州省", "黔府办发", "黔卫健发", "黔府办发"),
        Place("province", "甘肃省", "甘肃省", "甘政办发", "甘卫发", "甘政办发"),
        Place("province", "江西省", "江西省", "赣府厅发", "赣卫发", "赣府厅发"),
    ],
    "city": [
        Place("city", "宝鸡市", "宝鸡市", "宝政办发", "宝卫发", "陕政办发"),
        Place("city", "绵阳市", "绵阳市", "绵府办发", "绵卫发", "川办发"),
        Place("city", "岳阳市", "岳阳市", "岳政办发", "岳卫发", "湘政办发"),
        Place("city", "遵义市", "遵义市", "遵府办发", "遵卫健发", "黔府办发"),
        Place("city", "天水市", "天水市", "天政办发", "天卫发", "甘政办发"),
        Place("city", "赣州市", "赣州市", "赣市府办发", "赣市卫发", "赣府厅发"),
    ],
    "county": [
        Place("county", "洛川县", "洛川县", "洛政办发", "洛卫健发", "陕政办发"),
        Place("county", "苍溪县", "苍溪县", "苍府办发", "苍卫健发", "川办发"),
        Place("county", "安化县", "安化县", "安政办发", "安卫健发", "湘政办发"),
        Place("county", "湄潭县", "湄潭县", "湄府办发", "湄卫健发", "黔府办发"),
        Place("county", "甘谷县", "甘谷县", "甘谷政办发", "甘谷卫健发", "甘政办发"),
        Place("county", "于都县", "于都县", "于府办发", "于卫健发", "赣府厅发"),
    ],
    "district": [
        Place("district", "渝北区", "重庆市渝北区", "渝北府办发", "渝北卫发", "渝府办发"),
        Place("district", "北辰区", "天津市北辰区", "北辰政办发", "北辰卫发", "津政办发"),
        Place("district", "雁塔区", "西安市雁塔区", "雁政办发", "雁卫发", "陕政办发"),
        Place("district", "武侯区", "成都市武侯区", "武府办发", "武卫发", "川办发"),
        Place("district", "芙蓉区", "长沙市芙蓉区", "芙政办发", "芙卫发", "湘政办发"),
        Place("district", "南明区", "贵阳市南明区", "南府办发", "南卫发", "黔府办发"),
    ],
}

# (written, standard) per level; the first is the health department, the usual lead
UNITS = {
    "province": [
        ("省卫生健康委", None), ("省发展改革委", None), ("省财政厅", None),
        ("省人力资源社会保障厅", None), ("省医保局", None), ("省民政厅", None),
        ("省教育厅", None), ("省科技厅", None), ("省工业和信息化厅", None),
        ("省市场监管局", None), ("省药监局", None), ("省委编办", None), ("省中医药局", None),
        ("省疾控局", None), ("省大数据局", None), ("省住房城乡建设厅", None),
    ],
    "city": [
        ("市卫生健康委", None), ("市发展改革委", None), ("市财政局", None),
        ("市人力资源社会保障局", "市人力社保局"), ("市医疗保障局", "市医保局"), ("市民政局", None),
        ("市教育局", None), ("市科技局", None), ("市市场监督管理局", "市市场监管局"),
        ("市委编办", None), ("市委组织部", None), ("市数据局", None), ("市中医药局", None),
        ("市住房和城乡建设局", None), ("市生态环境局", None), ("市体育局", None),
    ],
    "county": [
        ("县卫生健康局", None), ("县发展改革局", None), ("县财政局", None),
        ("县人力资源和社会保障局", "县人力社保局"), ("县医疗保障局", "县医保局"),
        ("县民政局", None), ("县教育局", None), ("县市场监督管理局", "县市场监管局"),
        ("县委编办", None), ("县委组织部", None), ("县农业农村局", None),
        ("县住房和城乡建设局", None), ("县科技局", None),
    ],
    "district": [
        ("区卫生健康委", None), ("区发展改革委", None), ("区财政局", None),
        ("区人力社保局", None), ("区医保局", None), ("区民政局", None), ("区教委", None),
        ("区科技局", None), ("区市场监管局", None), ("区委编办", None), ("区大数据发展局", None),
        ("区住房城乡建委", None), ("区生态环境局", None),
    ],
}
LOWER = {  # the level below, named as a unit
    "province": ["各市（州）人民政府", "各设区市人民政府"],
    "city": ["各县（市、区）人民政府", "各县（区）人民政府"],
    "county": ["各乡镇人民政府", "各医共体"],
    "district": ["各街道办事处"],
}
PROVINCE_OF = {"陕政办发": "陕西省", "川办发": "四川省", "湘政办发": "湖南省", "黔府办发": "贵州省",
               "甘政办发": "甘肃省", "赣府厅发": "江西省", "渝府办发": "重庆市", "津政办发": "天津市"}
SELF = {"province": "我省", "city": "我市", "county": "我县", "district": "我区"}
GOV = {"province": "省政府", "city": "市政府", "county": "县政府", "district": "区政府"}
OFFICE = {"province": "人民政府办公厅", "city": "人民政府办公室", "county": "人民政府办公室",
          "district": "人民政府办公室"}
ADDRESSEES = {
    "province": "各市（州）人民政府，省人民政府各部门、各直属机构：",
    "city": "各县（市、区）人民政府，市人民政府各工作部门、各直属机构：",
    "county": "各乡镇人民政府，县人民政府各部门：",
    "district": "各街道办事处，区政府各部门：",
}
HEALTH_DEPT = {"province": "省卫生健康委员会", "city": "市卫生健康委员会",
               "county": "县卫生健康局", "district": "区卫生健康委员会"}
JOINT_DEPTS = {  # full names of departments that issue a plan jointly with the health one
    "province": ["省发展和改革委员会", "省财政厅", "省医疗保障局", "省中医药管理局", "省民政厅"],
    "city": ["市发展和改革委员会", "市财政局", "市医疗保障局", "市民政局"],
    "county": ["县发展和改革局", "县财政局", "县医疗保障局", "县民政局"],
    "district": ["区发展和改革委员会", "区财政局", "区医疗保障局", "区民政局"],
}


def unit_pool(place: Place) -> list[tuple[str, str]]:
    return [(written, standard or written) for written, standard in UNITS[place.level]]


# ---- subjects ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Subject:
    key: str
    name: str                  # the plan's subject: 推动公立医院高质量发展
    parent: tuple[str, str]    # the national document implemented: (title, doc number)
    sections: list[str]        # section titles for plans that group tasks
    titles: list[str]          # task titles (lead phrases)
    sentences: list[str]       # task sentences (each opens with a verb, ends with 。)
    goal: str


SUBJECTS = [
    Subject(
        "hospital", "推动公立医院高质量发展",
        ("国务院办公厅关于推动公立医院高质量发展的意见", "国办发〔2021〕18号"),
        ["构建公立医院高质量发展新体系", "引领公立医院高质量发展新趋势",
         "提升公立医院高质量发展新效能", "激活公立医院高质量发展新动力"],
        ["打造高水平公立医院", "加强临床专科建设", "推进医学技术创新", "推进医疗服务模式创新",
         "强化信息化支撑作用", "健全运营管理体系", "加强全面预算管理", "完善内部控制制度",
         "健全绩效评价机制", "改革人事管理制度", "改革薪酬分配制度", "深化医疗服务价格改革",
         "深化医保支付方式改革", "建设特色鲜明的医院文化", "关心关爱医务人员",
         "发挥公立医院在医联体中的牵头作用"],
        ["推动优质医疗资源扩容和区域均衡布局，提升重大疾病救治能力。",
         "实施临床专科能力提升工程，每年遴选一批重点专科予以支持。",
         "建立以公益性为导向的考核评价体系，考核结果与财政补助挂钩。",
         "落实公立医院用人自主权，合理核定人员总量。",
         "推行多学科诊疗、日间手术和责任制整体护理等服务模式。",
         "到2025年，三级公立医院全部实现电子病历系统应用水平分级评价4级以上。",
         "建立健全医疗服务价格动态调整机制，每年开展调价评估。",
         "完善医务人员职业发展通道，落实带薪休假制度。"],
        "到2025年，公立医院发展方式从规模扩张转向提质增效"),
    Subject(
        "informatics", "推进全民健康信息化建设",
        ("国务院办公厅关于促进“互联网+医疗健康”发展的意见", "国办发〔2018〕26号"),
        ["夯实全民健康信息化基础", "推动数据共享和业务协同", "深化数字健康服务应用"],
        ["建设全民健康信息平台", "推进电子健康档案开放应用", "推动检查检验结果互认",
         "发展互联网医院", "推广电子健康卡应用", "加强医疗健康数据安全保护",
         "推进智慧医院建设", "建设远程医疗服务网络", "推动医保信息平台互联互通",
         "加强卫生健康信息标准应用", "推进公共卫生信息系统建设", "培育数字健康人才队伍"],
        ["统筹建设覆盖全域的全民健康信息平台，实现各级医疗卫生机构全部接入。",
         "推动电子病历、电子健康档案和检查检验结果在医疗机构间共享调阅。",
         "到2025年，二级以上医院全部提供预约诊疗、移动支付和检查检验结果查询服务。",
         "落实网络安全等级保护制度，定期开展数据安全风险评估。",
         "依托实体医疗机构建设互联网医院，提供复诊、处方流转和药品配送服务。",
         "制定医疗健康数据共享目录和交换标准，规范数据采集和使用。",
         "开展远程会诊、远程影像和远程心电诊断服务，覆盖全部乡镇卫生院。"],
        "到2025年，基本建成统一权威、互联互通的全民健康信息平台"),
    Subject(
        "medcommunity", "推进紧密型县域医疗卫生共同体建设",
        ("关于全面推进紧密型县域医疗卫生共同体建设的指导意见", "国卫基层发〔2023〕41号"),
        ["完善医共体管理体制", "推进医共体内资源共享", "提升基层医疗卫生服务能力"],
        ["组建医共体管理委员会", "落实医共体经营管理自主权", "建设医共体资源共享中心",
         "推进医共体药品耗材统一管理", "实行医保基金总额付费", "推进家庭医生签约服务",
         "加强乡村医生队伍建设", "提升县级医院综合服务能力", "推动医共体人员统筹使用",
         "完善医共体绩效考核", "推进县乡一体化信息系统建设", "加强村卫生室标准化建设"],
        ["由县级医院牵头，联合乡镇卫生院和村卫生室组建紧密型医共体。",
         "统一设置医学检验、医学影像、心电诊断和消毒供应中心，推动检查结果互认。",
         "实行医共体内人员统一招聘、统一培训、统一调配和统一管理。",
         "对医共体实行医保基金总额付费，结余留用、合理超支分担。",
         "到2025年，每个乡镇卫生院至少建成一个特色科室。",
         "推动县级医院医师下沉乡镇卫生院坐诊，每周不少于两个工作日。",
         "建立以健康结果为导向的医共体绩效考核办法，考核结果与医保支付挂钩。"],
        "到2025年，全县紧密型县域医共体建设全面推开"),
    Subject(
        "healthycity", "推进健康城市建设",
        ("国务院关于实施健康中国行动的意见", "国发〔2019〕13号"),
        ["营造健康环境", "构建健康社会", "培育健康人群", "发展健康文化"],
        ["开展城乡环境卫生整治", "推进生活垃圾分类处理", "加强饮用水安全保障",
         "建设全民健身场地设施", "推进健康社区建设", "开展健康知识普及行动",
         "实施合理膳食行动", "开展控烟行动", "加强重点人群健康服务", "推进健康学校建设",
         "加强病媒生物防制", "完善健康城市评价机制"],
        ["深入开展城乡环境卫生整洁行动，推进农贸市场标准化改造。",
         "到2025年，城市生活垃圾无害化处理率达到100%。",
         "建设一批健康主题公园、健康步道和健身驿站，推动体育场馆向社会开放。",
         "建立健康科普专家库和资源库，组织开展健康知识进社区、进学校活动。",
         "全面推进无烟党政机关、无烟医疗卫生机构和无烟学校建设。",
         "开展病媒生物监测和防制，病媒生物密度控制水平达到国家标准。",
         "每年开展健康城市建设评价，评价结果向社会公布。"],
        "到2025年，健康城市建设取得明显成效，居民健康素养水平持续提高"),
    Subject(
        "tcm", "促进中医药传承创新发展",
        ("国务院办公厅关于印发中医药振兴发展重大工程实施方案的通知", "国办发〔2023〕3号"),
        ["健全中医药服务体系", "提升中医药服务能力", "加强中医药人才队伍建设"],
        ["加强中医医院建设", "推进基层中医馆建设", "发展中医特色专科", "推广中医适宜技术",
         "实施中医药人才培养工程", "推进中医药传承创新", "促进中西医协同发展",
         "加强中药质量管理", "发展中医药健康服务", "弘扬中医药文化", "推进中医治未病服务",
         "完善中医药价格和医保政策"],
        ["推动县级中医医院达到二级甲等以上水平，建设一批中医优势专科。",
         "到2025年，全部社区卫生服务中心和乡镇卫生院设置中医馆。",
         "每个中医馆能够规范开展6类10项以上中医药适宜技术。",
         "开展西医学习中医培训，每年培训临床医师不少于200人。",
         "建立中药饮片质量追溯体系，开展中药饮片质量专项检查。",
         "将符合条件的中医医疗服务项目和中药饮片纳入医保支付范围。",
         "建设中医药文化宣传教育基地，开展中医药文化进校园活动。"],
        "到2025年，中医药服务体系进一步健全，中医药特色优势更加彰显"),
    Subject(
        "eldercare", "推进医养结合发展",
        ("国务院办公厅关于推进养老服务发展的意见", "国办发〔2019〕5号"),
        ["强化医养结合服务供给", "完善医养结合支持政策", "加强医养结合服务监管"],
        ["推进医疗卫生机构与养老机构签约合作", "发展居家社区医养结合服务",
         "支持医疗卫生机构开展医养结合服务", "推进长期护理保险试点", "加强老年健康服务",
         "培育医养结合人才队伍", "推进医养结合信息化建设", "提升医养结合服务质量",
         "落实医养结合用地保障政策", "开展安宁疗护服务"],
        ["推动养老机构与周边医疗卫生机构签约全覆盖，建立定期巡诊制度。",
         "为居家失能老年人提供上门医疗、康复和护理服务。",
         "支持有条件的乡镇卫生院利用闲置床位开展医养结合服务。",
         "到2025年，养老机构医疗服务覆盖率达到100%。",
         "每年开展医养结合机构服务质量评估，评估结果向社会公布。",
         "将医养结合人才纳入卫生健康人才培养计划，每年开展专项培训。",
         "建设医养结合信息服务平台，推动老年人健康档案与养老服务信息共享。"],
        "到2025年，医养结合服务网络基本建立，服务能力显著提升"),
]
SAFEGUARDS = ["加强组织领导", "强化经费保障", "加强督导考核", "加强宣传引导", "强化部门协同",
              "健全工作机制"]
SAFEGUARD_TEXT = ["各部门要高度重视，把相关工作纳入重要议事日程，研究解决工作中的重大问题。",
                  "加大财政投入力度，统筹安排相关资金，保障各项任务顺利实施。",
                  "将工作推进情况纳入年度目标考核，定期通报工作进展。",
                  "充分利用广播电视、报刊和网络等媒体，广泛宣传政策措施和典型经验。"]
KINDS = ["实施方案", "工作方案", "行动计划", "实施方案", "若干措施"]
DEADLINES = ["2024年底前", "2025年6月底前", "2025年底前", "持续推进", "每年", "2026年12月底前",
             "长期坚持", "2027年底前"]
HOSPITALS = [  # (full name, short form declared in brackets) per level
    ("延安大学附属医院", "延大附院"), ("遵义医科大学附属医院", "遵医附院"),
    ("川北医学院附属医院", "川北附院"), ("天水市第一人民医院", "市一院"),
    ("赣南医科大学第一附属医院", "赣医一附院"), ("岳阳市中心医院", "市中心医院"),
]


# ---- plans and gold --------------------------------------------------------------------------

@dataclass
class GoldTask:
    id: str
    title: str
    kind: str = "task"
    units: list[tuple[str, str]] = field(default_factory=list)   # (agency, role) as written

    def add(self, agency: str, role: str) -> None:
        self.units.append((agency, role))

    def merged(self) -> dict[str, str]:
        """One role per agency: the first written, lead where the unit is lead anywhere."""
        roles: dict[str, str] = {}
        for agency, role in self.units:
            if agency not in roles or role == "lead":
                roles[agency] = role
        return roles


@dataclass
class Plan:
    layout: str
    seed: int
    text: str
    tasks: list[GoldTask]
    meta: dict

    def gold(self) -> dict:
        return {
            "layout": self.layout, "seed": self.seed, "plan": self.meta,
            "tasks": [{"id": t.id, "title": t.title, "kind": t.kind} for t in self.tasks],
            "responsibility": [[t.id, agency, role] for t in self.tasks
                               for agency, role in t.merged().items()],
        }


@dataclass
class Assignment:
    """Who does a task: lead units, cooperating units, or responsible units (no roles)."""

    lead: list[tuple[str, str]] = field(default_factory=list)
    cooperating: list[tuple[str, str]] = field(default_factory=list)
    responsible: list[tuple[str, str]] = field(default_factory=list)

    def gold(self) -> list[tuple[str, str]]:
        return ([(s, "lead") for _, s in self.lead]
                + [(s, "cooperating") for _, s in self.cooperating]
                + [(s, "responsible") for _, s in self.responsible])


class Writer:
    """The pieces every plan shares: cover, preamble, sections, responsibility clauses."""

    def __init__(self, rng: random.Random, level: str | None = None, subject: Subject | None = None):
        self.rng = rng
        self.place = rng.choice(PLACES[level or rng.choice(list(PLACES))])
        self.subject = subject or rng.choice(SUBJECTS)
        self.kind = rng.choice(KINDS)
        self.title = f"{self.place.name}{self.subject.name}{self.kind}"
        self.units = unit_pool(self.place)
        self.year = rng.choice([2022, 2023, 2024, 2025])
        self.doc_number = f"{self.place.code}〔{self.year}〕{rng.randint(1, 60)}号"
        self.issuer = self.place.full + OFFICE[self.place.level]
        self.date = f"{self.year}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日"
        self.indent = rng.choice(["", "　　", "    "])
        self._titles = rng.sample(self.subject.titles, len(self.subject.titles))
        self._sentences: list[str] = []

    # -- names
    def task_titles(self, count: int) -> list[str]:
        titles, self._titles = self._titles[:count], self._titles[count:]
        return titles

    def sentence(self) -> str:
        """A sentence of the subject, each used once before any is used again."""
        if not self._sentences:
            self._sentences = self.rng.sample(self.subject.sentences, len(self.subject.sentences))
        return self._sentences.pop()

    def sentences(self, low: int = 1, high: int = 2) -> str:
        return "".join(self.sentence() for _ in range(self.rng.randint(low, high)))

    def assignment(self, roles: bool | None = None) -> Assignment:
        """Lead + cooperating units (roles) or responsible units only."""
        rng = self.rng
        roles = rng.random() < 0.6 if roles is None else roles
        health = self.units[0]
        others = rng.sample(self.units[1:], rng.randint(1, 3))
        lower = LOWER[self.place.level]
        if rng.random() < 0.25:
            name = rng.choice(lower)
            others.append((name, name))
        first = health if rng.random() < 0.75 else others.pop(0)
        if not others:
            others = [u for u in self.units[1:3] if u != first][:1]
        if roles:
            return Assignment(lead=[first], cooperating=others)
        return Assignment(responsible=[first, *others])

    # -- text
    def cover(self, *, doc_number: str | None = None, issuer: str | None = None,
              signature: str | None = None) -> str:
        issuer = issuer or self.issuer
        lines = [issuer, "", doc_number or self.doc_number, "", f"{issuer}关于印发{self.title}的通知",
                 "", ADDRESSEES[self.place.level],
                 f"{self.indent}《{self.title}》已经{GOV[self.place.level]}同意，现印发给你们，"
                 "请结合实际认真贯彻落实。", "", signature or issuer, self.date]
        if self.rng.random() < 0.5:
            lines.append("（此件公开发布）")
        return "\n".join(lines) + "\n\n"

    def preamble(self) -> str:
        title, number = self.subject.parent
        provincial = ""
        if self.place.level != "province" and self.rng.random() < 0.6:
            provincial = (f"和《{PROVINCE_OF[self.place.province_code]}人民政府办公厅关于{self.subject.name}的"
                          f"实施意见》（{self.place.province_code}〔{self.year - 1}〕"
                          f"{self.rng.randint(2, 40)}号）")
        return (f"{self.indent}为贯彻落实《{title}》（{number}）{provincial}精神，"
                f"{self.subject.name.replace('推进', '加快推进', 1)}，结合{SELF[self.place.level]}"
                "实际，制定本方案。\n")

    def general(self, number: int = 1) -> str:
        head = self.rng.choice(["总体要求", "工作目标", "指导思想和工作目标"])
        return (f"{cn(number)}、{head}\n{self.indent}以习近平新时代中国特色社会主义思想为指导，"
                f"坚持以人民健康为中心，{self.subject.goal}。\n")

    def clause(self, who: Assignment, form: str | None = None) -> str:
        """A responsibility clause in one of the common forms."""
        def names(items: list[tuple[str, str]]) -> str:
            return "、".join(w for w, _ in items)
        if who.responsible:
            form = form or self.rng.choice(["（责任单位：{r}）", "（{r}按职责分工负责）",
                                            "（责任单位：{r}）"])
            return form.format(r=names(who.responsible))
        form = form or self.rng.choice(["（牵头单位：{l}；配合单位：{c}）", "（{l}牵头，{c}配合）",
                                        "（牵头单位：{l}，配合单位：{c}）"])
        return form.format(l=names(who.lead), c=names(who.cooperating))

    def safeguards(self, number: int, count: int | None = None,
                   head: str | None = None) -> tuple[str, list[GoldTask]]:
        head = head or self.rng.choice(["保障措施", "组织实施", "工作要求"])
        count = count or self.rng.randint(2, 4)
        titles = self.rng.sample(SAFEGUARDS, count)
        lines = [f"{cn(number)}、{head}"]
        gold = []
        for k, title in enumerate(titles, 1):
            lines.append(f"{self.indent}（{cn(k)}）{title}。{self.rng.choice(SAFEGUARD_TEXT)}")
            gold.append(GoldTask(f"{cn(number)}.({cn(k)})", title, "safeguard"))
        return "\n".join(lines) + "\n", gold

    def meta(self, **extra) -> dict:
        found = {"title": self.title, "doc_number": self.doc_number, "issuer": self.issuer}
        found.update(extra)
        return found


def body_tasks(w: Writer, count: int, style: str, clause_forms: list[str] | None = None,
               with_units: bool = True, first_section: int = 2
               ) -> tuple[str, list[GoldTask], int]:
    """Numbered tasks with their clauses; returns (text, gold, next section number).

    style: ``sub`` — one 二、重点任务 section of （一） tasks; ``sections`` — several 一、
    sections of （一） tasks; ``arabic`` — sections with （一） subsections of 1. tasks
    numbered through the plan."""
    rng = w.rng
    titles = w.task_titles(count)
    gold: list[GoldTask] = []
    lines: list[str] = []
    dot = rng.choice([".", "．", "、"])

    def task_line(marker: str, task_id: str, title: str) -> str:
        task = GoldTask(task_id, title)
        text = f"{w.indent}{marker}{title}。{w.sentences()}"
        if with_units:
            who = w.assignment()
            form = rng.choice(clause_forms) if clause_forms else None
            text += w.clause(who, form)
            for agency, role in who.gold():
                task.add(agency, role)
        gold.append(task)
        return text

    section = first_section
    if style == "sub":
        lines.append(f"{cn(section)}、{rng.choice(['重点任务', '主要任务', '工作任务'])}")
        for k, title in enumerate(titles, 1):
            lines.append(task_line(f"（{cn(k)}）", f"{cn(section)}.({cn(k)})", title))
        section += 1
    else:
        heads = w.subject.sections[:]
        groups = min(len(heads), max(2, count // 3))
        sizes = [count // groups + (1 if g < count % groups else 0) for g in range(groups)]
        position = 0
        for g, size in enumerate(sizes):
            if style == "sections":
                lines.append(f"{cn(section)}、{heads[g]}")
                for k in range(1, size + 1):
                    lines.append(task_line(f"（{cn(k)}）", f"{cn(section)}.({cn(k)})",
                                           titles[position]))
                    position += 1
                section += 1
            else:  # arabic: 二、重点任务 （一）head 1. 2. ...
                if g == 0:
                    lines.append(f"{cn(section)}、重点任务")
                lines.append(f"{w.indent}（{cn(g + 1)}）{heads[g]}")
                for _ in range(size):
                    number = position + 1
                    lines.append(task_line(f"{number}{dot}", str(number), titles[position]))
                    position += 1
        if style == "arabic":
            section += 1
    return "\n".join(lines) + "\n", gold, section


def standard(w: Writer, count: int, style: str, clause_forms: list[str] | None = None,
             *, cover: bool = True) -> tuple[str, list[GoldTask]]:
    """Cover, title, preamble, 一、总体要求, tasks, safeguards."""
    text = (w.cover() if cover else "") + w.title + "\n\n" + w.preamble() + w.general(1)
    body, gold, section = body_tasks(w, count, style, clause_forms)
    safe, safe_gold = w.safeguards(section)
    return text + body + safe, gold + safe_gold


# ---- class 1: tables in text ---------------------------------------------------------------

def _table_rows(w: Writer, labels: list[str], tasks: list[GoldTask], columns: str
                ) -> list[list[str]]:
    """Rows of a task-division table (cells as strings); units added to ``tasks``' gold."""
    rng = w.rng
    rows = []
    number = 1
    for label, task in zip(labels, tasks, strict=True):
        for m in range(rng.randint(1, 3)):
            measure = f"{number}.{w.sentences(1, 1)}" if rng.random() < 0.5 else w.sentences(1, 1)
            who = w.assignment(roles=columns == "lead")
            deadline = rng.choice(DEADLINES)
            cells = [str(number), label if m == 0 else "", measure]
            if columns == "lead":
                coop = who.cooperating if rng.random() < 0.8 else []
                cells += ["、".join(u for u, _ in who.lead), "、".join(u for u, _ in coop)]
                for _, agency in who.lead:
                    task.add(agency, "lead")
                for _, agency in coop:
                    task.add(agency, "cooperating")
            else:
                cells += ["、".join(u for u, _ in who.responsible)]
                for _, agency in who.responsible:
                    task.add(agency, "responsible")
            rows.append([*cells, deadline])
            number += 1
    return rows


def _header(columns: str, rng: random.Random) -> list[str]:
    text = rng.choice(["具体措施", "工作措施", "具体任务"])
    task = rng.choice(["重点任务", "主要任务"])
    if columns == "lead":
        return ["序号", task, text, "牵头单位", "配合单位", rng.choice(["完成时限", "完成时间"])]
    return ["序号", task, text, "责任单位", rng.choice(["完成时限", "时间节点"])]


def cell_lines(header: list[str], rows: list[list[str]], rng: random.Random,
               wrap: bool = False) -> str:
    """One cell a line as copied from PDF: blank lines between rows (or none), the spanning
    task cell on the first of its rows only, an empty cell as an empty line, the header again
    after a page break; with ``wrap``, a long cell broken over lines where the PDF wrapped it."""
    blank = rng.random() < 0.7
    widths = _widths(header, rng)
    out = list(header)
    page_at = rng.randint(2, max(2, len(rows) - 1))
    for index, row in enumerate(rows):
        if index == page_at:
            out += ["", f"— {rng.randint(5, 12)} —", *header]
        if blank:
            out.append("")
        for position, value in enumerate(row):
            if position == 1 and not value:
                continue   # the spanning task cell: written on its first row only
            out += _wrap(value, widths[position]) if wrap and value else [value]
    return "\n".join(out) + "\n"


def _wrap(text: str, width: int) -> list[str]:
    return [text[i:i + width] for i in range(0, len(text), width)] or [""]


def _widths(header: list[str], rng: random.Random) -> list[int]:
    """Characters a line of each column holds (序号, task, measure, units ..., deadline)."""
    units = [rng.randint(7, 9), rng.randint(8, 10)] if len(header) == 6 else [rng.randint(12, 16)]
    return [4, rng.randint(8, 10), rng.randint(14, 18), *units, rng.randint(8, 10)]


def aligned(header: list[str], rows: list[list[str]], rng: random.Random) -> str:
    """pdftotext -layout: columns aligned by runs of spaces, long cells wrapped in their column,
    rows separated by blank lines (or not), the header again after a page break."""
    widths = _widths(header, rng)
    gap = rng.randint(3, 5)
    margin = " " * rng.randint(0, 2)

    def line(pieces: list[str]) -> str:
        return (margin + "".join(p + " " * (widths[j] - len(p) + gap)
                                 for j, p in enumerate(pieces))).rstrip()

    head = line(header)
    blank = rng.random() < 0.6
    out = [head]
    page_at = rng.randint(2, max(2, len(rows) - 1))
    for index, row in enumerate(rows):
        if index == page_at:
            out += ["", " " * 30 + f"— {rng.randint(5, 12)} —", "", head]
        if blank:
            out.append("")
        wrapped = [_wrap(value, widths[j]) for j, value in enumerate(row)]
        for k in range(max(len(c) for c in wrapped)):
            out.append(line([c[k] if k < len(c) else "" for c in wrapped]))
    return "\n".join(out) + "\n"


def table_plan(rng: random.Random, layout: str, *, table_only: bool | None = None,
               numbered: bool = True, wrap: bool = False) -> tuple[str, list[GoldTask], Writer]:
    """A plan with a task-division table in ``layout`` (cells | aligned), after numbered body
    tasks that carry no units of their own, or as the only statement of the tasks
    (任务分工方案: preamble, 工作要求, the table). ``numbered``: the 重点任务 cell carries the
    task's number (（一）加强… / 1.加强…), else its title only."""
    w = Writer(rng)
    columns = rng.choice(["lead", "lead", "responsible"])
    table_only = rng.random() < 0.4 if table_only is None else table_only
    count = rng.randint(4, 7)
    text = w.cover() + w.title + "\n\n" + w.preamble() + w.general(1)
    if table_only:
        titles = w.task_titles(count)
        style = rng.choice(["cn", "arabic"])
        labels = [f"（{cn(k)}）{t}" if style == "cn" else f"{k}.{t}"
                  for k, t in enumerate(titles, 1)]
        tasks = [GoldTask(str(k), t) for k, t in enumerate(titles, 1)]
        safe, safe_gold = w.safeguards(2, head="工作要求")
        text += safe
    else:
        body, tasks, section = body_tasks(w, count, rng.choice(["sub", "sections"]),
                                          with_units=False)
        labels = [f"（{t.id.split('(')[1].rstrip(')')}）{t.title}" for t in tasks]
        safe, safe_gold = w.safeguards(section)
        text += body + safe
    if not numbered:
        labels = [t.title for t in tasks]
    rows = _table_rows(w, labels, tasks, columns)
    header = _header(columns, rng)
    table = cell_lines(header, rows, rng, wrap) if layout == "cells" else aligned(header, rows, rng)
    text += f"\n附件\n\n{w.place.name}{w.subject.name}重点任务分工表\n\n{table}"
    return text, tasks + safe_gold, w


def gen_table_cells(rng: random.Random) -> tuple[str, list[GoldTask], Writer]:
    return table_plan(rng, "cells")


def gen_table_cells_plain_label(rng: random.Random) -> tuple[str, list[GoldTask], Writer]:
    return table_plan(rng, "cells", table_only=False, numbered=False)


def gen_table_cells_wrapped(rng: random.Random) -> tuple[str, list[GoldTask], Writer]:
    return table_plan(rng, "cells", wrap=True)


def gen_table_aligned(rng: random.Random) -> tuple[str, list[GoldTask], Writer]:
    return table_plan(rng, "aligned", table_only=False, numbered=rng.random() < 0.5)


def gen_table_aligned_only(rng: random.Random) -> tuple[str, list[GoldTask], Writer]:
    return table_plan(rng, "aligned", table_only=True)


# ---- class 2: measures under a task, one responsibility line -------------------------------

def gen_measures(rng: random.Random) -> tuple[str, list[GoldTask], Writer]:
    w = Writer(rng)
    count = rng.randint(4, 7)
    titles = w.task_titles(count)
    dot = rng.choice(["．", ".", "、"])
    lines = [f"二、{rng.choice(['重点任务', '主要任务'])}"]
    gold = []
    for k, title in enumerate(titles, 1):
        task = GoldTask(f"二.({cn(k)})", title)
        who = w.assignment()
        if k == 1 or rng.random() < 0.7:   # a task with measures and one responsibility line
            lead = f"{w.indent}（{cn(k)}）{title}。" + (w.sentences(1, 1) if rng.random() < 0.5
                                                     else "")
            lines.append(lead.rstrip())
            for m in range(1, rng.randint(2, 4) + 1):
                lines.append(f"{w.indent}{m}{dot}{w.sentence()}")
            names = "、".join(u for u, _ in who.responsible)
            lead = "、".join(u for u, _ in who.lead)
            coop = "、".join(u for u, _ in who.cooperating)
            clause = rng.choice(
                [w.clause(who), f"责任单位：{names}。" if who.responsible
                 else f"牵头单位：{lead}；配合单位：{coop}。"])
            lines.append(w.indent + clause)
        else:
            lines.append(f"{w.indent}（{cn(k)}）{title}。{w.sentences()}{w.clause(who)}")
        for agency, role in who.gold():
            task.add(agency, role)
        gold.append(task)
    safe, safe_gold = w.safeguards(3)
    text = (w.cover() + w.title + "\n\n" + w.preamble() + w.general(1) + "\n".join(lines) + "\n"
            + safe)
    return text, gold + safe_gold, w


# ---- class 3: chapters and articles; a draft ------------------------------------------------

def gen_chapters(rng: random.Random) -> tuple[str, list[GoldTask], Writer]:
    w = Writer(rng)
    article = 0
    gold: list[GoldTask] = []
    out = [w.cover() + w.title, ""]
    chapter = 1

    def art() -> str:
        nonlocal article
        article += 1
        return f"第{cn(article)}条"

    if rng.random() < 0.7:
        out.append(f"第{cn(chapter)}章　总则")
        out.append(f"{art()}　" + w.preamble().strip())
        out.append(f"{art()}　本方案适用于{SELF[w.place.level][1:]}行政区域内各级各类医疗卫生机构。")
        chapter += 1
    else:
        out.append(w.preamble().strip())
    titles = w.task_titles(rng.randint(5, 8))
    heads = w.subject.sections
    per = max(2, len(titles) // min(len(heads), 3))
    for start in range(0, len(titles), per):
        out.append(f"第{cn(chapter)}章　{heads[(start // per) % len(heads)]}")
        chapter += 1
        for title in titles[start:start + per]:
            marker = art()
            task = GoldTask(str(article), title)
            who = w.assignment()
            out.append(f"{marker}　{title}。{w.sentences()}{w.clause(who)}")
            for agency, role in who.gold():
                task.add(agency, role)
            gold.append(task)
    out.append(f"第{cn(chapter)}章　保障措施")
    chapter += 1
    for title in rng.sample(SAFEGUARDS, rng.randint(1, 3)):
        out.append(f"{art()}　{title}。{rng.choice(SAFEGUARD_TEXT)}")
        gold.append(GoldTask(str(article), title, "safeguard"))
    health = w.units[0][0]
    closing = [f"{art()}　本方案由{health}负责解释。",
               f"{art()}　本方案自{w.year}年{rng.randint(1, 12)}月1日起施行，有效期5年。"]
    if rng.random() < 0.7:
        out.append(f"第{cn(chapter)}章　附则")
    out += closing
    return "\n".join(out) + "\n", gold, w


def gen_draft(rng: random.Random) -> tuple[str, list[GoldTask], Writer]:
    w = Writer(rng)
    w.doc_number = None
    w.issuer = None
    text, gold = standard(w, rng.randint(4, 8), rng.choice(["sub", "sections", "arabic"]),
                          cover=False)
    mark = rng.choice(["（征求意见稿）", "(征求意见稿)", "（送审稿）"])
    return text.replace(w.title + "\n", w.title + "\n" + mark + "\n", 1), gold, w


# ---- class 4: lead-phrase titles ------------------------------------------------------------

def gen_lead_phrase(rng: random.Random) -> tuple[str, list[GoldTask], Writer]:
    w = Writer(rng)
    text, gold = standard(w, rng.randint(4, 8), rng.choice(["sub", "sections", "arabic"]))
    sep = rng.choice(["　", "：", "　", ":"])
    for task in gold:
        if task.kind == "task":
            text = text.replace(f"{task.title}。", f"{task.title}{sep}", 1)
    return text, gold, w


# ---- class 5: responsibility forms ---------------------------------------------------------

RESP_FORMS = [
    "（责任单位：{l}牵头，{c}配合）",      # the role word closing a comma run
    "\n{i}牵头单位：{l}。配合单位：{c}。",  # sentences after the task
    "（牵头单位：\n{l}；配合单位：{c}）",   # a line break after 牵头单位：
    "（牵头单位：{l}；\n配合单位：{c}）",   # a line break after ；
    "（牵头单位：{l}；配合单位：{c}；完成时限：{d}）",  # the deadline in the parenthesis
    "（{l}牵头，{c}配合；{d}）",
]


def gen_resp_forms(rng: random.Random) -> tuple[str, list[GoldTask], Writer]:
    w = Writer(rng)
    text, gold = standard(w, rng.randint(5, 8), rng.choice(["sub", "sections", "arabic"]),
                          clause_forms=["<FORM>"])
    # replace each clause by one of the class-5 forms over the same units
    out = []
    pieces = text.split("<FORM>")
    tasks = [t for t in gold if t.kind == "task"]
    for index, piece in enumerate(pieces[:-1]):
        task = tasks[index]
        task.units = []
        who = w.assignment(roles=True)
        form = rng.choice(RESP_FORMS)
        if "责任单位：{l}牵头" in form:
            # （责任单位：A牵头，B，C配合）: a comma run before the role word
            coop = "，".join(u for u, _ in who.cooperating)
        else:
            coop = "、".join(u for u, _ in who.cooperating)
        out.append(piece + form.format(l="、".join(u for u, _ in who.lead), c=coop,
                                       d=rng.choice(DEADLINES), i=w.indent))
        for agency, role in who.gold():
            task.add(agency, role)
    out.append(pieces[-1])
    return "".join(out), gold, w


# ---- class 6: text repeated at a page break -------------------------------------------------

def gen_repeat(rng: random.Random) -> tuple[str, list[GoldTask], Writer]:
    w = Writer(rng)
    text, gold = standard(w, rng.randint(5, 8), rng.choice(["sub", "sections", "arabic"]))
    lines = text.split("\n")
    start = lines.index(w.title)
    task_lines = [i for i, line in enumerate(lines) if i > start and "。" in line
                  and any(line.lstrip("　 ").startswith(m) for m in ("（", "1", "2", "3", "4"))]
    page = f"— {rng.randint(2, 9)} —"
    if rng.random() < 0.5:
        # a whole paragraph printed again after the page number
        at = rng.choice(task_lines[1:])
        lines[at:at + 1] = [lines[at], "", page, "", lines[at]]
        return "\n".join(lines), gold, w
    # PDF text broken into lines; the last line of a page printed again on the next
    width = rng.randint(26, 34)
    out: list[str] = []
    repeat_in = rng.choice(task_lines[1:])
    for i, line in enumerate(lines):
        if i <= start or len(line) <= width:
            out.append(line)
            continue
        pieces = _wrap(line, width)
        if i == repeat_in:
            cut = rng.randint(1, len(pieces) - 1)
            pieces = [*pieces[:cut], "", page, "", pieces[cut - 1], *pieces[cut:]]
        out += pieces
    return "\n".join(out), gold, w


# ---- class 7: joint issuers, doc-number forms ------------------------------------------------

def gen_metadata(rng: random.Random) -> tuple[str, list[GoldTask], Writer]:
    w = Writer(rng)
    level = w.place.level
    depts = [HEALTH_DEPT[level], *rng.sample(JOINT_DEPTS[level], rng.randint(1, 3))]
    depts = [w.place.name[:-1] + d for d in depts]
    year = w.year
    number = rng.randint(1, 90)
    form = rng.choice(["（{y}）", "[{y}]", "〔{y}〕", "［{y}］"])
    w.doc_number = f"{w.place.dept_code}{form.format(y=year)}{number}号"
    w.issuer = "、".join(depts)
    cover = w.cover(issuer="　".join(depts), signature="\n".join(depts))
    text, gold = standard(w, rng.randint(4, 7), rng.choice(["sub", "sections", "arabic"]),
                          cover=False)
    return cover + text, gold, w


# ---- class 8: hospitals with bracket short forms -------------------------------------------

def gen_hospitals(rng: random.Random) -> tuple[str, list[GoldTask], Writer]:
    w = Writer(rng, level=rng.choice(["city", "county"]))
    text, gold = standard(w, rng.randint(4, 7), rng.choice(["sub", "sections", "arabic"]))
    full, short = rng.choice(HOSPITALS)
    tasks = [t for t in gold if t.kind == "task"]
    # declare the short form in the first task, use it later; classes of hospitals in prose
    first, later = tasks[0], tasks[-1]
    text = text.replace(
        f"{first.title}。",
        f"{first.title}。支持{full}（以下简称“{short}”）建设区域医疗中心，"
        "推动二级以上公立医院加强专科建设。", 1)
    text = text.replace(
        f"{later.title}。",
        f"{later.title}。发挥{short}技术辐射作用，组织专家定期到网格内社区卫生服务中心坐诊。", 1)
    return text, gold, w


# ---- class 9: subjects and levels ------------------------------------------------------------

def gen_subjects(rng: random.Random) -> tuple[str, list[GoldTask], Writer]:
    subject = SUBJECTS[rng.randrange(1, len(SUBJECTS))]   # beyond public-hospital reform
    level = rng.choice(list(PLACES))
    w = Writer(rng, level=level, subject=subject)
    w.kind = rng.choice(["实施方案", "工作方案", "行动计划", "任务分工方案", "若干措施"])
    w.title = f"{w.place.name}{subject.name}{w.kind}"
    text, gold = standard(w, rng.randint(5, 9), rng.choice(["sub", "sections", "arabic"]))
    return text, gold, w


GENERATORS = {
    "table_cells": gen_table_cells,       # class 1: one cell a line
    "table_cells_plain_label": gen_table_cells_plain_label,   # ... 重点任务 cell without number
    "table_cells_wrapped": gen_table_cells_wrapped,   # ... long cells broken over lines
    "table_aligned": gen_table_aligned,   # class 1: pdftotext -layout, with body tasks
    "table_aligned_only": gen_table_aligned_only,   # ... the table the only statement of tasks
    "measures": gen_measures,             # class 2
    "chapters": gen_chapters,             # class 3: 第一章 / 第一条, 附则
    "draft": gen_draft,                   # class 3: title then （征求意见稿）
    "lead_phrase": gen_lead_phrase,       # class 4
    "resp_forms": gen_resp_forms,         # class 5
    "repeat": gen_repeat,                 # class 6
    "metadata": gen_metadata,             # class 7
    "hospitals": gen_hospitals,           # class 8
    "subjects": gen_subjects,             # class 9
}


def generate(layout: str, seed: int) -> Plan:
    """The plan of ``layout`` written from ``seed``, with its gold."""
    rng = random.Random(f"{layout}:{seed}")
    text, tasks, writer = GENERATORS[layout](rng)
    meta = {"title": writer.title, "doc_number": writer.doc_number, "issuer": writer.issuer}
    return Plan(layout, seed, text, tasks, meta)


def main(argv: list[str]) -> None:
    plan = generate(argv[1], int(argv[2]))
    print(plan.text)
    print(json.dumps(plan.gold(), ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main(sys.argv)
