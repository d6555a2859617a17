"""Identity and placement: the keys of documents, agencies, jurisdictions and hospitals, and
where each document goes among the others (place()). Nothing here reads text or builds graph.

Identity (issue 4): a document is its normalised doc number, else its normalised title, so a
plan cited by another plan is the same node as that plan once it is loaded; an agency is its
canonical name within a jurisdiction (区卫生健康委 of 渝北区 and of 北辰区 are two nodes) and is
linked to a shared Function (卫生健康委); jurisdictions nest (渝北区 within 重庆市).

Sources and versions (issue 13): a source is its bytes (sha256); the paths it is found at are
attributes, and its evidence names the first of them in sorted order. Loaded documents with
one identity (doc number, else title) and different bytes are versions: the primary one (final
over draft, then the later issued, then the smallest sha256) holds the document's key, every
other one gets the key with its sha256 prefix and a VERSION_OF link to it. place() decides all
of this from the set of documents alone, so the graph does not depend on the order they come.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

# the loader's rule (known.py imports it from here): facts read back from a store have the
# title alone
from ..loaders.metadata import normalise_title

if TYPE_CHECKING:
    from ..loaders.record import PlanRecord


def document_key(doc_number: str | None, title_key: str | None) -> str:
    """A document's key: its doc number, else its title as documents are compared by it (the
    record's title_key)."""
    if doc_number:
        return f"document:{doc_number}"
    return f"document:title:{title_key or ''}"


VERSION_DIGITS = 12   # sha256 hex digits in a secondary version's key


@dataclass(frozen=True)
class Facts:
    """What a document says about itself that decides where it goes among the others."""

    doc_number: str | None
    title: str | None
    status: str | None
    issued: str | None
    cites_by_title: tuple[str, ...] = ()   # normalised titles it cites without a doc number
    # the title as documents are compared by it: the record's (plan.title_key); facts read
    # back from a store have the title alone, and get it by the loader's rule
    title_key: str | None = None

    def __post_init__(self) -> None:
        if self.title_key is None and self.title:
            object.__setattr__(self, "title_key", normalise_title(self.title))

    @classmethod
    def of(cls, record: PlanRecord) -> Facts:
        plan = record.plan
        titles = {c.title_key for c in record.citations
                  if not c.doc_number and c.title_key is not None}
        return cls(plan.doc_number, plan.title, plan.status, plan.issued, tuple(sorted(titles)),
                   plan.title_key if plan.title else None)


@dataclass(frozen=True)
class Placement:
    """Where one document goes: its key, the key of its version group (the same key when it
    is the primary version), its paths, and the keys its citations by title resolve to."""

    key: str
    group: str
    paths: tuple[str, ...]
    titles: tuple[tuple[str, str], ...] = ()
    # the doc numbers of the group and of the documents the titles resolve to (key -> doc
    # number; a key made from a title has none): not in the fingerprint, they follow from it
    doc_numbers: tuple[tuple[str, str], ...] = ()

    def doc_number(self, key: str) -> str | None:
        """The doc number of the document ``key`` stands for, as place() found it."""
        return dict(self.doc_numbers).get(key)

    @property
    def path(self) -> str:
        """The path evidence names: the first in sorted order."""
        return self.paths[0]

    @property
    def is_version(self) -> bool:
        return self.key != self.group

    def fingerprint(self) -> str:
        """Stored with the source: a document whose placement changed is written again."""
        data = json.dumps([self.key, self.group, self.paths, self.titles], ensure_ascii=False)
        return hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]


def rank_versions(members: Iterable[str], facts: Mapping[str, Facts]) -> list[str]:
    """The versions of one document, primary first: final over draft, then the later issued
    (ISO dates; none counts as earliest), then the smaller sha256."""
    ranked = sorted(members)
    ranked.sort(key=lambda sha: facts[sha].issued or "", reverse=True)   # stable sorts
    ranked.sort(key=lambda sha: facts[sha].status != "final")
    return ranked


def place(documents: Mapping[str, tuple[Facts, Sequence[str]]]) -> dict[str, Placement]:
    """sha256 -> (facts, paths) of every document the graph holds -> each one's Placement.

    A function of the set alone: the same documents give the same keys in any order."""
    title_index: dict[str, str] = {}   # normalised title -> the key of a document with it
    numbers: dict[str, str] = {}       # key -> doc number, of the keys made from one
    for facts, _ in documents.values():
        if facts.doc_number:
            numbers[document_key(facts.doc_number, None)] = facts.doc_number
        if facts.title_key is not None:
            candidate = document_key(facts.doc_number, facts.title_key)
            title = facts.title_key
            current = title_index.get(title)
            # a doc number wins over a title key; among doc numbers, the smallest key
            if current is None or (current.startswith("document:title:"),
                                   current) > (candidate.startswith("document:title:"),
                                               candidate):
                title_index[title] = candidate
    groups: dict[str, list[str]] = {}
    for sha, (facts, _) in documents.items():
        if facts.doc_number:
            group = document_key(facts.doc_number, None)
        elif facts.title_key is not None:
            group = title_index[facts.title_key]
        else:
            group = f"document:source:{sha[:VERSION_DIGITS]}"
        groups.setdefault(group, []).append(sha)
    placements = {}
    all_facts = {sha: facts for sha, (facts, _) in documents.items()}
    for group, members in groups.items():
        for position, sha in enumerate(rank_versions(members, all_facts)):
            facts, paths = documents[sha]
            key = group if position == 0 else f"{group}@{sha[:VERSION_DIGITS]}"
            titles = tuple((title, title_index.get(title, f"document:title:{title}"))
                           for title in facts.cites_by_title)
            named = {group, *(resolved for _, resolved in titles)}
            placements[sha] = Placement(key, group, tuple(sorted(paths)), titles,
                                        tuple(sorted((k, numbers[k]) for k in named
                                                     if k in numbers)))
    return placements


def versions(placements: Mapping[str, Placement]) -> dict[str, list[str]]:
    """Group key -> sha256 of its versions, primary first, for groups of two or more."""
    groups: dict[str, list[str]] = {}
    for sha, placement in placements.items():
        groups.setdefault(placement.group, []).append(sha)
    return {group: sorted(members, key=lambda sha: placements[sha].is_version)
            for group, members in groups.items() if len(members) > 1}


def jurisdiction_keys(parts: list[str]) -> list[tuple[str, str]]:
    """[重庆市, 渝北区] -> [(key, full name) for 重庆市, for 重庆市渝北区], outermost first."""
    found, name = [], ""
    for part in parts:
        name += part
        found.append((f"jurisdiction:{name}", name))
    return found


def agency_key(name: str, jurisdiction: str) -> str:
    return f"agency:{jurisdiction}:{name}"


def hospital_key(name: str, jurisdiction: str | None) -> str:
    """A hospital within a jurisdiction (区人民医院: the record says whose), or one of its own
    (北京积水潭医院: None)."""
    if jurisdiction is not None:
        return f"hospital:{jurisdiction}:{name}"
    return f"hospital:{name}"
