"""The graph a Neo4j store holds after the online writer has written a sequence of documents,
worked out in memory, for the bulk import (neo4j_import.py writes it as the import tool's CSV).

Every rule here is one of graph/cypher.py's write statements read as Python, so a graph loaded
in bulk equals the one `build --neo4j` writes (tests/stores/test_bulk_import.py compares the
canonical dumps): nodes are created with `id` = `key`; owned nodes and a plan take their
document's properties; a shared node takes the properties of the first document that names it
and counts every document using it (`source_count`); an agency's aliases and a cited
document's title are derived from what each document says (distinct values with the number of
documents giving each, `aliases` / `alias_counts` and `cited_titles` / `cited_title_counts`); a
Source lists the shared nodes its document counts in (`shared_keys`) and what it gave them
(`given_keys`, `given_values`);
a relationship is merged on its ends, type and key, later writes updating its properties. A
None property is no property (Cypher's `SET n += {x: null}`).

A national corpus's graph does not fit in one process's memory, and most of it belongs to one
document alone: its Source, sections, tasks, rows, indicators and their values, and every
relationship touching them (nobody else writes them: their keys hold the document's). split()
takes that part out of a document as finished rows (OwnedRows, written to import files by
whoever holds it); only the rest, the shared nodes (agencies, jurisdictions, hospitals,
documents) and the relationships between them, goes through the GraphState.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..cypher import GIVEN, GIVEN_EMPTY_IS_LIST, OWNED_LABELS
from ..model import DocumentGraph, Label, Rel
from ..stores.base import given_properties, given_values, shared_keys

TITLE_KEY_PREFIX = "document:title:"


@dataclass
class NodeState:
    labels: list[Label]                  # the first is the label it was created with
    props: dict[str, Any] = field(default_factory=dict)


@dataclass
class RelationshipState:
    type: Rel
    start: str
    end: str
    props: dict[str, Any] = field(default_factory=dict)


def set_properties(target: dict[str, Any], props: dict[str, Any]) -> None:
    """`SET n += props`: a None removes the property."""
    for name, value in props.items():
        if value is None:
            target.pop(name, None)
        else:
            target[name] = list(value) if isinstance(value, list) else value


def _set_on_id(key: str, props: dict[str, Any]) -> dict[str, Any]:
    """set_properties({"id": key}, props) in one step (every owned node's row goes through)."""
    target: dict[str, Any] = {"id": key}
    target.update([(name, list(value) if isinstance(value, list) else value)
                   for name, value in props.items() if value is not None])
    if "id" in props and props["id"] is None:   # SET n += {id: null} removes it
        del target["id"]
    return target


def add_given(state: dict[str, Any], label: Label, given: list[str] | None) -> None:
    """graph/cypher.py add_given(): the document's distinct values counted on the node, the
    values kept sorted with their counts beside them (none: no property)."""
    values, counts = GIVEN[label]
    known = dict(zip(state.get(values) or [], state.get(counts) or [], strict=True)) \
        if counts in state else {}
    for value in set(given or ()):
        known[value] = known.get(value, 0) + 1
    merged = sorted(known)
    if label in GIVEN_EMPTY_IS_LIST:
        state[values], state[counts] = merged, [known[value] for value in merged]
    else:
        set_properties(state, {values: merged or None,
                               counts: [known[value] for value in merged] or None})


@dataclass
class OwnedRows:
    """A document's own nodes (by label list) and the relationships touching them (by type), as
    the writer leaves them: nobody else writes them, so they need no state."""

    nodes: dict[tuple[Label, ...], list[tuple[str, dict[str, Any]]]] = field(default_factory=dict)
    # by (type, first label of the start node, of the end node)
    relationships: dict[tuple[Rel, Label, Label], list[RelationshipState]] = field(
        default_factory=dict)


@dataclass
class SharedRows:
    """The rest of a document: what GraphState.write_shared() merges."""

    sha: str
    counted: list[str]
    given: tuple[list[str], list[str]]   # the Source's given_keys and given_values
    node_groups: list[tuple[Label, tuple[Label, ...], bool, list[dict]]]
    relationship_groups: list[tuple[Rel, Label, Label, list[dict]]]
    # agency key -> the document's tasks it has a role on (agency_task_counts())
    agency_tasks: dict[str, int] = field(default_factory=dict)


ROLES = (Rel.LEADS, Rel.COOPERATES_ON, Rel.RESPONSIBLE_FOR)


def agency_task_counts(groups: list[tuple[Label, tuple[Label, ...], bool, list[dict]]],
                       relationship_groups: list[tuple[Rel, Label, Label, list[dict]]],
                       ) -> dict[str, int]:
    """graph/cypher.py ADD_AGENCY_TASKS read as Python: every agency with a role on one of the
    document's tasks or rows, and the distinct tasks among them (a row counts as its task,
    its `task` property; none: not counted), so the import files carry each agency's
    `total_tasks` as the writer keeps it and no count over the whole graph follows the
    import. An agency whose roles all name no task counts 0, as `count(DISTINCT null)`."""
    task_of_row = {row["key"]: row["props"].get("task")
                   for label, _, _, rows in groups if label == Label.ASSIGNMENT for row in rows}
    tasks: dict[str, set[str]] = {}
    for rel, start, end, rows in relationship_groups:
        if rel not in ROLES or start != Label.AGENCY or end not in (Label.TASK,
                                                                    Label.ASSIGNMENT):
            continue
        for row in rows:
            task = row["end_key"] if end == Label.TASK else task_of_row.get(row["end_key"])
            keys = tasks.setdefault(row["start_key"], set())
            if task is not None:
                keys.add(task)
    return {agency: len(keys) for agency, keys in tasks.items()}


def is_owned(label: Label, shared: bool) -> bool:
    """A node only its document writes: an owned label, or the Source (a plan's own Document
    node is not: a citing document may have made it, or make it later)."""
    return label in OWNED_LABELS or (label == Label.SOURCE and not shared)


def split(document: DocumentGraph) -> tuple[OwnedRows, SharedRows]:
    """The document's own part, worked out as GraphState.write() would on a fresh write, and
    the shared part for the state. Every relationship's ends are nodes of its document
    (relationship_rows() labels them from it), so an owned end decides it is the document's."""
    groups = document.node_rows_by_label()
    relationship_groups = document.relationship_rows()
    counted = shared_keys(groups)
    given = given_values(groups)
    owned = OwnedRows()
    owned_keys: set[str] = set()
    shared_groups = []
    for label, extra, shared, rows in groups:
        if not is_owned(label, shared):
            shared_groups.append((label, extra, shared, rows))
            continue
        labels = tuple([label, *(e for e in extra if e != label)])
        for row in rows:
            props = _set_on_id(row["key"], row["props"])
            props.pop("key", None)                     # the key is the ID column
            if label == Label.SOURCE:
                props["shared_keys"] = list(counted)
                set_properties(props, given_properties(given))
            owned.nodes.setdefault(labels, []).append((row["key"], props))
            owned_keys.add(row["key"])
    shared_relationships = []
    for rel, start, end, rows in relationship_groups:
        mine: dict[tuple[str, str, str], RelationshipState] = {}
        theirs = []
        for row in rows:
            if row["start_key"] not in owned_keys and row["end_key"] not in owned_keys:
                theirs.append(row)
                continue
            props = row["props"]
            identity = (row["start_key"], row["end_key"], props["key"])
            state = mine.get(identity)
            if state is None:
                state = mine[identity] = RelationshipState(rel, row["start_key"],
                                                           row["end_key"], {"key": props["key"]})
            set_properties(state.props, props)
        if mine:
            owned.relationships.setdefault((rel, start, end), []).extend(mine.values())
        if theirs:
            shared_relationships.append((rel, start, end, theirs))
    return owned, SharedRows(document.source_sha256, counted, given, shared_groups,
                             shared_relationships,
                             agency_task_counts(groups, relationship_groups))


class GraphState:
    """Nodes by key and relationships by (start, type, end, key), as the writer leaves them."""

    def __init__(self) -> None:
        self.nodes: dict[str, NodeState] = {}
        self.relationships: dict[tuple[str, str, str, str], RelationshipState] = {}

    def write(self, document: DocumentGraph) -> None:
        """One document, as Neo4jStore.write_document() writes it into this state (a fresh
        write: nothing of the document is in the state yet)."""
        groups = document.node_rows_by_label()
        relationship_groups = document.relationship_rows()
        self.write_shared(SharedRows(document.source_sha256, shared_keys(groups),
                                     given_values(groups), groups, relationship_groups,
                                     agency_task_counts(groups, relationship_groups)))

    def write_shared(self, rows: SharedRows) -> None:
        """A document's node and relationship groups (all of them, or split()'s shared part)."""
        for label, extra, shared, node_rows in rows.node_groups:
            for row in node_rows:
                self._node(label, extra, shared, row, rows.counted, rows.given)
        for rel, start, end, relationship_rows in rows.relationship_groups:
            for row in relationship_rows:
                self._relationship(rel, start, end, row)
        for agency, tasks in rows.agency_tasks.items():   # SET n.total_tasks = ... + tasks
            state = self.nodes[agency].props
            state["total_tasks"] = state.get("total_tasks", 0) + tasks

    def _node(self, label: Label, extra: tuple[Label, ...], shared: bool, row: dict,
              counted: list[str], given: tuple[list[str], list[str]]) -> None:
        key, props = row["key"], row["props"]
        node = self.nodes.get(key)
        created = node is None
        if node is None:
            node = self.nodes[key] = NodeState([label], {"key": key, "id": key})
        elif label not in node.labels:   # MERGE (n:Label {key}) would make a second node
            raise ValueError(f"{key}: written as {label.value} and as "
                             f"{node.labels[0].value}")
        state = node.props
        if label in OWNED_LABELS or not shared:
            set_properties(state, props)
            node.labels += [e for e in extra if e not in node.labels]
            if label == Label.DOCUMENT and extra:          # a loaded plan
                state.pop("title_known", None)
                state["source_count"] = state.get("source_count", 0) + 1
            if label == Label.SOURCE:
                state["shared_keys"] = list(counted)
                set_properties(state, given_properties(given))
            return
        if created:                                        # ON CREATE SET n += row.props
            set_properties(state, props)
        state["source_count"] = state.get("source_count", 0) + 1
        if label == Label.AGENCY:
            add_given(state, label, props.get("aliases"))
        if label == Label.DOCUMENT:
            add_given(state, label, row["cited"])
            set_properties(state, row["always"])
            if Label.PLAN not in node.labels:
                self._document_title(key, state)

    @staticmethod
    def _document_title(key: str, state: dict[str, Any]) -> None:
        """graph/cypher.py DOCUMENT_TITLE: the registry's title, else the least title a
        citing document gives, else the key's title or the doc number, else as it was."""
        given = state.get("cited_titles") or []
        own = key[len(TITLE_KEY_PREFIX):] if key.startswith(TITLE_KEY_PREFIX) \
            else state.get("doc_number")
        for title in (state.get("registry_title"), given[0] if given else None, own,
                      state.get("title")):
            if title is not None:
                state["title"] = title
                break
        state["title_known"] = (state.get("registry_title") is not None or bool(given)
                                or key.startswith(TITLE_KEY_PREFIX))

    def _relationship(self, rel: Rel, start: Label, end: Label, row: dict) -> None:
        a, b = self.nodes.get(row["start_key"]), self.nodes.get(row["end_key"])
        if a is None or b is None or start not in a.labels or end not in b.labels:
            return                                          # MATCH found no node: no write
        props = row["props"]
        identity = (row["start_key"], rel.value, row["end_key"], props["key"])
        state = self.relationships.get(identity)
        if state is None:
            state = self.relationships[identity] = RelationshipState(
                rel, row["start_key"], row["end_key"], {"key": props["key"]})
        set_properties(state.props, props)
