"""The province-level divisions (loaders/data/provinces.toml), read once.

Plans name their province in full (四川省), short (北京积水潭医院) or by the abbreviation that
opens a provincial document number (川办发〔2021〕71号); metadata and hospitals both need it.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "provinces.toml"


@dataclass(frozen=True)
class Province:
    name: str  # 四川省, 北京市, 广西壮族自治区
    short: str  # 四川, 北京, 广西
    abbr: str  # 川, 京, 桂
    municipality: bool  # 北京市: a city that is a province itself


@dataclass(frozen=True)
class Provinces:
    items: tuple[Province, ...]
    by_name: dict[str, Province]  # full and short names
    by_abbr: dict[str, Province]
    name_re: re.Pattern[str]  # any full name, longest first
    doc_code_re: re.Pattern[str]  # a provincial document code at the start: 京政办发, 川办发


@cache
def provinces() -> Provinces:
    """All province-level divisions with lookup tables and patterns."""
    with DATA.open("rb") as handle:
        data = tomllib.load(handle)
    items = tuple(
        Province(p["name"], p["short"], p["abbr"], p.get("municipality", False))
        for p in data["provinces"]
    )
    by_name = {p.name: p for p in items} | {p.short: p for p in items}
    by_abbr = {p.abbr: p for p in items}
    names = sorted((p.name for p in items), key=len, reverse=True)
    abbrs = sorted(by_abbr, key=len, reverse=True)
    return Provinces(
        items,
        by_name,
        by_abbr,
        re.compile("|".join(map(re.escape, names))),
        re.compile(f"(?P<abbr>{'|'.join(map(re.escape, abbrs))}){data['provincial_code']}$"),
    )
