"""A deterministic synthetic corpus of plans, derived from the bundled seed plans.

    .venv/bin/python bench/corpus.py N OUTDIR [--seed S]

writes ``OUTDIR/plan_00000.txt`` … N plan texts. Each is one of the seeds in samples/plans/
(chosen at random) rewritten for another jurisdiction:

* the seed's district (渝北区, 北辰区, 沙坪坝区), its short form (渝北 in 渝北府办发, 北辰医院)
  and its province-level city (重庆市/天津市, 重庆 in 重庆优质医疗资源) become a real district
  and its city from PLACES (four municipalities and six provinces), so agencies (区卫生健康委
  of 武侯区), hospitals (区人民医院 of 武侯区, 成都医科大学附属医院) and jurisdictions differ;
* the city's own documents the seed implements (渝府办发〔2022〕5号) take that city's code
  (成府办发〔2022〕5号), so the district plans of one city cite the same city documents;
* the plan's doc number is new (unique in the corpus), every year written with 年 (dates,
  deadlines 到2025年) moves by 0–3 years, and about one task in seven is dropped (cut at the
  span the extractor gives it, so the rest still extracts).

Some plans are *city* variants instead: the seed rewritten as the city's own plan, with the
doc number its district plans cite (and dated as that number says), so `IMPLEMENTS` chains
run district plan -> city plan (loaded) -> province or national document. One RNG,
`random.Random(seed)`, draws everything in file order: the same N and seed give the same
bytes, and the first 100 plans of a 1,000-plan corpus are the 100-plan corpus. Bench only:
reuse it for any store benchmark.
"""

from __future__ import annotations

import argparse
import random
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS_DIR = ROOT / "samples" / "plans"

# (province-level name, its code, {city: (city code, [districts])}); a municipality is its
# own city. Real names; codes as used in doc numbers (渝府办发, 川府办发, 成办发 …).
PLACES = [
    ("重庆市", "渝", {"重庆市": ("渝", [
        "渝北区", "沙坪坝区", "渝中区", "江北区", "南岸区", "九龙坡区", "北碚区", "巴南区",
        "大渡口区", "江津区", "合川区", "永川区", "长寿区", "璧山区"])}),
    ("天津市", "津", {"天津市": ("津", [
        "北辰区", "和平区", "河西区", "南开区", "河北区", "红桥区", "东丽区", "西青区",
        "津南区", "武清区", "宝坻区", "滨海新区"])}),
    ("北京市", "京", {"北京市": ("京", [
        "朝阳区", "海淀区", "丰台区", "石景山区", "通州区", "顺义区", "昌平区", "大兴区",
        "房山区", "门头沟区"])}),
    ("上海市", "沪", {"上海市": ("沪", [
        "浦东新区", "黄浦区", "徐汇区", "长宁区", "静安区", "普陀区", "虹口区", "杨浦区",
        "闵行区", "宝山区", "嘉定区"])}),
    ("四川省", "川", {"成都市": ("成", ["锦江区", "青羊区", "金牛区", "武侯区", "成华区",
                                       "龙泉驿区", "温江区", "双流区", "郫都区", "新都区"]),
                      "绵阳市": ("绵", ["涪城区", "游仙区", "安州区"])}),
    ("广东省", "粤", {"广州市": ("穗", ["越秀区", "海珠区", "荔湾区", "天河区", "白云区",
                                       "黄埔区", "番禺区", "花都区"]),
                      "深圳市": ("深", ["福田区", "罗湖区", "南山区", "宝安区", "龙岗区",
                                       "盐田区"])}),
    ("浙江省", "浙", {"杭州市": ("杭", ["上城区", "拱墅区", "西湖区", "滨江区", "萧山区",
                                       "余杭区"]),
                      "宁波市": ("甬", ["海曙区", "江北区", "鄞州区", "北仑区", "镇海区"])}),
    ("湖北省", "鄂", {"武汉市": ("武", ["江岸区", "江汉区", "硚口区", "汉阳区", "武昌区",
                                       "青山区", "洪山区"])}),
    ("江苏省", "苏", {"南京市": ("宁", ["玄武区", "秦淮区", "建邺区", "鼓楼区", "栖霞区",
                                       "雨花台区", "江宁区"]),
                      "无锡市": ("锡", ["梁溪区", "滨湖区", "惠山区", "锡山区", "新吴区"])}),
    ("陕西省", "陕", {"西安市": ("西", ["新城区", "碑林区", "莲湖区", "雁塔区", "未央区",
                                       "灞桥区"])}),
]


@dataclass(frozen=True)
class Seed:
    """What a seed says about its own place, to be replaced."""

    file_prefix: str      # 000_ …
    doc_number: str       # its own doc number
    number_code: str      # what its own doc number starts with: 渝北 (府办发), 沙 (府办发)
    district: str         # 渝北区
    city: str             # 重庆市 (province-level for these seeds)
    city_code: str        # 渝 in 渝府办发〔2022〕5号, the city documents it implements
    city_plan: str | None  # the city plan it implements, as cited (its city variant's number)


SEEDS = [
    Seed("000_", "渝北府办发〔2022〕40号", "渝北", "渝北区", "重庆市", "渝", "渝府办发〔2022〕5号"),
    Seed("002_", "北辰政办发〔2022〕14号", "北辰", "北辰区", "天津市", "津", None),
    Seed("003_", "沙府办发〔2025〕13号", "沙", "沙坪坝区", "重庆市", "渝", "渝府办发〔2023〕76号"),
]
CITY_PLAN_SHARE = 0.25    # a city without its own plan yet gets one this often
DROP_TASK = 1 / 7


def short(name: str) -> str:
    """渝北区 -> 渝北, 浦东新区 -> 浦东, 成都市 -> 成都."""
    return re.sub(r"(?:新区|区|市|省)$", "", name)


def year_of(doc_number: str) -> int:
    return int(re.search(r"〔(\d{4})〕", doc_number)[1])


def load_seeds() -> list[tuple[Seed, str, list[tuple[int, int]]]]:
    """(seed, text, task spans) for every bundled seed this module knows; spans come from the
    project's own extractor, so a dropped task is cut exactly."""
    from policykg.loaders.plan import extract_plan

    found = []
    for seed in SEEDS:
        (path,) = SEEDS_DIR.glob(f"{seed.file_prefix}*.txt")
        text = path.read_text(encoding="utf-8")
        spans = [(t.span.start, t.span.end) for t in extract_plan(path).tasks if t.span]
        found.append((seed, text, spans))
    return found


def drop_tasks(text: str, spans: list[tuple[int, int]], rng: random.Random) -> str:
    """Cut some tasks (and the blank space after each) out of the text."""
    dropped = [span for span in spans if rng.random() < DROP_TASK]
    for start, end in sorted(dropped, reverse=True):
        while end < len(text) and text[end].isspace():
            end += 1
        text = text[:start] + text[end:]
    return text


def rewrite(text: str, replacements: dict[str, str]) -> str:
    """Replace every key at once, longest first, so no replacement is replaced again."""
    pattern = re.compile("|".join(map(re.escape, sorted(replacements, key=len, reverse=True))))
    return pattern.sub(lambda found: replacements[found.group(0)], text)


def shift_years(text: str, years: int) -> str:
    return re.sub(r"(20\d\d)(\s*年)", lambda m: f"{int(m[1]) + years}{m[2]}", text)


def generate(n: int, seed: int = 0) -> list[tuple[str, str]]:
    """[(file name, text)] of n plans."""
    rng = random.Random(seed)
    seeds = load_seeds()
    districts = [(province, province_code, city, city_code, district)
                 for province, province_code, cities in PLACES
                 for city, (city_code, names) in cities.items() for district in names]
    used_numbers: set[str] = set()
    city_plans: set[tuple[str, str]] = set()
    plans = []
    for index in range(n):
        plan_seed, text, spans = rng.choice(seeds)
        province, province_code, city, city_code, district = rng.choice(districts)
        text = drop_tasks(text, spans, rng)
        as_city = (plan_seed.city_plan is not None and (city, plan_seed.file_prefix)
                   not in city_plans and rng.random() < CITY_PLAN_SHARE)
        cited_city = plan_seed.city_code + "府办发"
        if as_city:     # the city's own plan: the number its districts cite; it cites upward
            city_plans.add((city, plan_seed.file_prefix))
            number = plan_seed.city_plan.replace(plan_seed.city_code, city_code, 1)
            upper = province if province != city else city
            replacements = {
                plan_seed.city + plan_seed.district: city, plan_seed.district: city,
                short(plan_seed.district): short(city), plan_seed.city: upper,
                short(plan_seed.city): short(upper), cited_city: province_code + "府办发",
                plan_seed.city_code + "医改办函": province_code + "医改办函"}
            years = year_of(number) - year_of(plan_seed.doc_number)   # dated as numbered
        else:
            years = rng.randint(0, 3)
            year = year_of(plan_seed.doc_number) + years
            suffix = plan_seed.doc_number[len(plan_seed.number_code):].split("〔")[0]
            number = f"{short(district)}{suffix}〔{year}〕{rng.randint(1, 150)}号"
            while number in used_numbers:
                number = f"{short(district)}{suffix}〔{year}〕{rng.randint(151, 999)}号"
            replacements = {
                plan_seed.city + plan_seed.district: city + district,
                plan_seed.district: district, short(plan_seed.district): short(district),
                plan_seed.city: city, short(plan_seed.city): short(city),
                cited_city: city_code + "府办发",
                plan_seed.city_code + "医改办函": city_code + "医改办函"}
        used_numbers.add(number)
        text = text.replace(plan_seed.doc_number, "\0DOCNUMBER\0")
        text = shift_years(rewrite(text, replacements), years)
        plans.append((f"plan_{index:05d}.txt", text.replace("\0DOCNUMBER\0", number)))
    return plans


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="how many plans")
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args()
    args.outdir.mkdir(parents=True, exist_ok=True)
    for name, text in generate(args.n, args.seed):
        (args.outdir / name).write_text(text, encoding="utf-8")
    print(f"{args.n} plans in {args.outdir} (seed {args.seed})")


if __name__ == "__main__":
    main()
