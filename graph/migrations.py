"""Statements that turn a store an earlier policykg wrote into this one's (policykg/stored.py
reads what they need and runs them on the next build): the `sources` lists of issue 13 into
counts, and the per-document entries of session 11 into distinct values with counts."""

from __future__ import annotations

from .cypher import GIVEN, SHARED_LABELS
from .model import Label


def migrate_sources_statements(counts: dict[str, list[dict]],
                               sources: list[dict]) -> list[tuple[str, dict]]:
    """A store an earlier policykg wrote, with a `sources` list on every shared node, made into
    this one's: ``counts`` (label -> [{key, source_count}]) set `source_count` and drop the
    list, ``sources`` ([{sha256, shared_keys}]) give each Source its `shared_keys`
    (policykg/stored.py reads them from the lists)."""
    statements = [("UNWIND $rows AS row MATCH (s:Source {sha256: row.sha256}) "
                   "SET s.shared_keys = row.shared_keys", {"rows": sources})]
    for label in SHARED_LABELS:
        if counts.get(label.value):
            statements.append((f"UNWIND $rows AS row MATCH (n:{label.value} {{key: row.key}}) "
                               "SET n.source_count = row.source_count REMOVE n.sources",
                               {"rows": counts[label.value]}))
    return statements


# What a policykg before session 11 kept per document on shared nodes: one "<sha256> <value>"
# entry per document and value (what migrate_given_statements() turns into counts)
BY_SOURCE = {Label.AGENCY: "aliases_by_source", Label.DOCUMENT: "titles_by_source"}
# (an agency without counts is one of them even with no entries: its counts are [] now)
LISTED_GIVEN = {
    Label.AGENCY: "MATCH (n:Agency) WHERE n.alias_counts IS NULL "
                  "RETURN n.key AS key, coalesce(n.aliases_by_source, []) AS entries ORDER BY key",
    Label.DOCUMENT: "MATCH (n:Document) WHERE n.titles_by_source IS NOT NULL "
                    "RETURN n.key AS key, n.titles_by_source AS entries ORDER BY key"}


def migrate_given_statements(nodes: dict[str, list[dict]],
                             sources: list[dict]) -> list[tuple[str, dict]]:
    """A store with per-document entries (BY_SOURCE) made into this one's: ``nodes`` (label ->
    [{key, values, counts}]) set each node's distinct values and counts and drop its entries,
    ``sources`` ([{sha256, given_keys, given_values}]) give each Source what its document gave
    (policykg/stored.py reads them from the entries)."""
    statements = [("UNWIND $rows AS row MATCH (s:Source {sha256: row.sha256}) "
                   "SET s.given_keys = row.given_keys, s.given_values = row.given_values",
                   {"rows": sources})]
    for label, (values, counts) in GIVEN.items():
        if nodes.get(label.value):
            statements.append((f"UNWIND $rows AS row MATCH (n:{label.value} {{key: row.key}}) "
                               f"SET n.{values} = row.values, n.{counts} = row.counts "
                               f"REMOVE n.{BY_SOURCE[label]}", {"rows": nodes[label.value]}))
    return statements




def all_migration_statements() -> list[str]:
    """Every statement a migration may send (the linter test checks each)."""
    statements = [statement for statement, _ in migrate_sources_statements(
        {label.value: [{"key": "k", "source_count": 1}] for label in SHARED_LABELS}, [])]
    statements += [statement for statement, _ in migrate_given_statements(
        {label.value: [{"key": "k", "values": ["v"], "counts": [1]}] for label in GIVEN}, [])]
    return statements
