"""Fold the names a document gives one agency into one canonical name.

Within one plan the same office is written 区卫生健康委, 区卫健委, 区卫生健康委康委 (a doubled
tail from a table cell), 区卫生健康 (a truncated cell). Rules are data
(loaders/data/agencies.toml, each with a reason); every folding applied is reported.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .record import AgencyForm
from .rules.unit_names import MAX_AGENCY, agency_rules, looks_like_agency
from .text import squeeze

# Foldings of a damaged form (a table cell cut short, a tail written twice); the other rules
# (abbreviation, typo, variant) fold another name of the agency
DAMAGING = {"truncated", "doubled"}


@dataclass(frozen=True)
class Folding:
    written: str
    canonical: str
    rule: str
    reason: str


class AgencyFolder:
    """Canonical names for the agencies of one document."""

    def __init__(self, written_names: Iterable[str]):
        self.counts = Counter(squeeze(name) for name in written_names)
        self._standard = {name: self._standardise(name) for name in self.counts}
        self.known = Counter()
        for name, count in self.counts.items():
            standard = self._standard[name][0]
            if looks_like_agency(standard):
                self.known[standard] += count
        # a doubled form (区卫生健康委康委) is not an agency of its own
        for name in list(self.known):
            head = self._doubled(name)
            if head and head in self.known:
                del self.known[name]
        self._cache: dict[str, tuple[str, Folding | None]] = {}
        self._sorted_known = sorted(self.known)

    def _completions(self, start: str) -> list[str]:
        """Known names that begin with ``start`` (and are longer), in the order known; by
        bisection over the sorted names (testing each known name for each was quadratic)."""
        found: list[str] = []
        at = bisect.bisect_right(self._sorted_known, start)
        while at < len(self._sorted_known) and len(found) < 2:  # only a single one is used
            if not self._sorted_known[at].startswith(start):
                break
            found.append(self._sorted_known[at])
            at += 1
        return found

    def canonical(self, written: str) -> str:
        return self.resolve(written)[0]

    def resolve(self, written: str) -> tuple[str, Folding | None]:
        written = squeeze(written)
        if written not in self._cache:
            self._cache[written] = self._resolve(written)
        return self._cache[written]

    def form(self, written: str, canonical: str, alias: str | None) -> AgencyForm:
        """What kind of form ``written`` (a unit as written, its alias bracket included) is of
        ``canonical``: by the folding that produced the canonical name, else by how it was
        written (with its alias in brackets, or spaces inside)."""
        if alias and written.endswith((f"（{alias}）", f"({alias})")):
            return AgencyForm(written, "damaged", "alias-bracket")   # not a name to show
        _, folding = self.resolve(written)
        if folding is not None:
            kind = "damaged" if folding.rule in DAMAGING else "variant"
            return AgencyForm(written, kind, folding.rule)
        if squeeze(written) == canonical:
            return AgencyForm(written, "damaged", "spacing")   # a line break inside the name
        return AgencyForm(written, "variant", "as-written")

    def foldings(self) -> list[tuple[Folding, int]]:
        """Each folding applied, with how many times the written form occurs, in name order."""
        applied = []
        for name in self.counts:
            _, folding = self.resolve(name)
            if folding is not None:
                applied.append((folding, self.counts[name]))
        return applied

    def _standardise(self, name: str) -> tuple[str, Folding | None]:
        for rule in agency_rules().get("abbreviation", []):
            if name.endswith(rule["written"]) and not name.endswith(rule["canonical"]):
                canonical = name[: -len(rule["written"])] + rule["canonical"]
                return canonical, Folding(name, canonical, "abbreviation", rule["reason"])
        return name, None

    def _resolve(self, written: str) -> tuple[str, Folding | None]:
        standard, folding = self._standard.get(written) or self._standardise(written)
        for rule in agency_rules().get("confusable", []):
            if rule["written"] in standard:
                fixed = standard.replace(rule["written"], rule["canonical"])
                if fixed in self.known:
                    return fixed, Folding(written, fixed, "typo", rule["reason"])
        variant = self._variant(written, standard)
        if variant is not None:
            return variant
        if standard in self.known and not self._doubled(standard):
            return standard, folding
        doubled = self._doubled(standard)
        if doubled:
            return doubled, Folding(
                written, doubled, "doubled",
                f"the tail 「{standard[len(doubled):]}」 is written twice (a table-cell artefact)")
        if not looks_like_agency(standard):
            completions = self._completions(standard)
            if len(completions) == 1:
                return completions[0], Folding(
                    written, completions[0], "truncated",
                    f"「{standard}」 is cut short; the only agency it begins is "
                    f"「{completions[0]}」")
        return standard, folding

    def _variant(self, written: str, standard: str) -> tuple[str, Folding] | None:
        """县卫健局 -> 县卫生健康局 only when the document also writes 县卫生健康局: a short
        form that plans of other levels and provinces write as their only name is kept as
        written, and folded when the same plan names the agency both ways."""
        for rule in agency_rules().get("variant", []):
            if standard.endswith(rule["written"]) and not standard.endswith(rule["canonical"]):
                fixed = standard[: -len(rule["written"])] + rule["canonical"]
                if fixed in self.known:
                    return fixed, Folding(written, fixed, "variant", rule["reason"])
        return None

    def _doubled(self, name: str) -> str | None:
        """区卫生健康委康委 -> 区卫生健康委; 各公立医院院 -> 各公立医院."""
        # the head is an agency name (at most MAX_AGENCY characters): only the last sizes can
        # give one (trying every size of a long table cell was quadratic)
        for size in range(max(1, len(name) - MAX_AGENCY), len(name) // 2):
            head, tail = name[:-size], name[-size:]
            if head.endswith(tail) and (head in self.known
                                        or (size == 1 and looks_like_agency(head))):
                return head
        return None


def jurisdiction_concept(canonical: str, jurisdiction_parts: Iterable[str] = ()) -> str:
    """The agency's function without its level, to compare agencies across jurisdictions:
    区卫生健康委 -> 卫生健康委, 重庆市渝北区人民政府办公室 -> 人民政府办公室. Only a known
    jurisdiction name or one level character is removed (区市场监管局 -> 市场监管局)."""
    parts = list(jurisdiction_parts)
    prefixes = ["".join(parts[i:j]) for i in range(len(parts))
                for j in range(i + 1, len(parts) + 1)]
    for prefix in sorted(prefixes, key=len, reverse=True):
        if canonical.startswith(prefix) and len(canonical) > len(prefix) + 1:
            return canonical[len(prefix):]
    if canonical[:1] in "区市县省镇乡" and len(canonical) > 2:
        return canonical[1:]
    return canonical


def agency_jurisdiction(name: str, parts: list[str]) -> str:
    """Which jurisdiction an agency belongs to: 市卫生健康委 in a district plan is the city's."""
    if not parts:
        return ""
    levels = ["".join(parts[: i + 1]) for i in range(len(parts))]
    if name.startswith("市") and len(parts) >= 2 and parts[-1].endswith(("区", "县", "旗")):
        return levels[-2]
    if name.startswith("省") and parts[0].endswith(("省", "自治区")):
        return levels[0]
    return levels[-1]


def hospital_jurisdiction(name: str, jurisdiction: str) -> str | None:
    """区人民医院 is the plan's jurisdiction's own (named by its level); a hospital named by
    its place (北京积水潭医院) belongs to none: None."""
    if name.startswith(("区", "市", "县", "镇")):
        return jurisdiction
    return None
