"""Every Cypher statement the writers send, generated from the model's closed label and type
enums (never from document text). Written for Neo4j 5; the embedded store runs the same text.

A document is written in one transaction: its old facts are removed (by source sha256), then
nodes and relationships are merged in batches with UNWIND. Nodes several documents share count
the documents that use them (`source_count`), and each document's Source lists the keys of the
shared nodes it uses (`shared_keys`): removing a document counts its nodes down, and a node no
document uses any more goes. (Until issue 13 a shared node kept a sorted list of the sha256 of
every document using it; an agency used by 1,000 plans then cost each new plan a copy of that
list: quadratic. graph/migrations.py turns such a store into counts.)

Every node is created with `id` equal to its `key`. kglite numbers a node created without an
`id` from its count of node slots; a node that refills the slot a delete freed leaves that count
as it is, so a later process hands out the same number again and the write fails ("duplicate id
in a durable graph"), as does every later one (docs/decisions/embedded-store.md). Every node
statement (write_nodes()) therefore first creates the nodes the store lacks with `id` = `key`
(a FOREACH, never a bare MERGE on key), then merges on key and sets properties: one statement
per node group, as cheap as the bare MERGE it replaces.
"""

from __future__ import annotations

from .model import NODE_GROUPS, RELATIONSHIP_ENDS, Label, Rel

OWNED_LABELS = (Label.SECTION, Label.TASK, Label.ASSIGNMENT, Label.INDICATOR,
                Label.INDICATOR_VALUE)
SHARED_LABELS = (Label.AGENCY, Label.FUNCTION, Label.JURISDICTION, Label.HOSPITAL,
                 Label.DOCUMENT)
SOURCED_RELATIONSHIPS = tuple(r for r in Rel if r not in (Rel.WITHIN, Rel.IN_JURISDICTION,
                                                          Rel.HAS_FUNCTION))


# What the parent-document registry sets on a Document (graph/build.py registry_to_graph)
REGISTRY_PROPERTIES = ("level", "registry_title", "registry_issuers", "registry_issued",
                       "registry_published", "registry_jurisdiction", "registry_urls",
                       "registry_note", "registry_source_path", "registry_source_sha256",
                       "registry_span_start", "registry_span_end")


def schema_statements() -> list[str]:
    """Uniqueness per node key, and indexes for what deletes and saved queries look up."""
    # Plan is a second label on Document nodes: keys and indexes go on Document (kglite keys
    # property indexes by a node's first label; an index on Plan broke replaying its log)
    statements = [
        f"CREATE CONSTRAINT {label.value.lower()}_key IF NOT EXISTS "
        f"FOR (n:{label.value}) REQUIRE n.key IS UNIQUE" for label in Label if label != Label.PLAN
    ]
    statements += [
        f"CREATE INDEX {label.value.lower()}_source IF NOT EXISTS "
        f"FOR (n:{label.value}) ON (n.source_sha256)"
        for label in (*OWNED_LABELS, Label.DOCUMENT)
    ]
    statements += [
        f"CREATE INDEX {rel.value.lower()}_source IF NOT EXISTS "
        f"FOR ()-[r:{rel.value}]-() ON (r.source_sha256)" for rel in SOURCED_RELATIONSHIPS
    ]
    statements += [
        "CREATE INDEX agency_name IF NOT EXISTS FOR (n:Agency) ON (n.name)",
        "CREATE INDEX document_doc_number IF NOT EXISTS FOR (n:Document) ON (n.doc_number)",
        # a plan or document is named by doc number or title (an OR of two index seeks)
        "CREATE INDEX document_title IF NOT EXISTS FOR (n:Document) ON (n.title)",
        # same-task-across-plans goes plan by plan in jurisdiction order (only plans have one)
        "CREATE INDEX document_jurisdiction IF NOT EXISTS FOR (n:Document) ON (n.jurisdiction)",
        "CREATE INDEX hospital_name IF NOT EXISTS FOR (n:Hospital) ON (n.name)",
        # agency-load ranks agencies by their kept total, read in index order
        "CREATE INDEX agency_total_tasks IF NOT EXISTS FOR (n:Agency) ON (n.total_tasks)",
        "CREATE INDEX task_title IF NOT EXISTS FOR (n:Task) ON (n.title)",
        "CREATE INDEX task_task_id IF NOT EXISTS FOR (n:Task) ON (n.task_id)",
    ]
    return statements


FULLTEXT_INDEX = "search_text"


def fulltext_statements() -> list[str]:
    """Neo4j only (kglite has no full-text index): the index behind the Browser's variant of
    the saved query search-tasks (queries/neo4j-only/search-tasks-fulltext.cypher). The cjk
    analyzer indexes Chinese as overlapping pairs of characters, so a quoted word of two or
    more characters finds the text that contains it, as search-tasks' CONTAINS does."""
    return [f"CREATE FULLTEXT INDEX {FULLTEXT_INDEX} IF NOT EXISTS "
            "FOR (n:Task|Assignment|Indicator) ON EACH [n.title, n.text, n.name] "
            "OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}}"]


def create_missing(label: Label, shared: bool) -> str:
    """The clauses (after `UNWIND $rows AS row`) that create the nodes of $rows the store lacks,
    each with `id` = `key` (kglite takes a node's id only when it is created and refuses to SET
    it; see the module docstring). A shared node is created with the properties of the first
    row that names it, and keeps them. A node that exists, whatever its id (a store written
    before ids were set keeps its engine numbers), is only matched; MERGE on key and id makes a
    key repeated in $rows one node. FOREACH, not a CALL subquery: kglite allows no writes in
    CALL { }."""
    first = " ON CREATE SET c += row.props" if shared else ""
    return (f"OPTIONAL MATCH (m:{label.value} {{key: row.key}}) "
            "FOREACH (x IN CASE WHEN m IS NULL THEN [1] ELSE [] END | "
            f"MERGE (c:{label.value} {{key: row.key, id: row.key}}){first}) WITH row ")


# Values of shared nodes are kept in sorted lists and derived from what each document says,
# so a node holds the same whichever document was written first (incremental = fresh build).
# What several documents give one node, an agency's aliases and the titles citing plans give a
# document, is kept once per distinct value with the number of documents giving it (GIVEN:
# `aliases` / `alias_counts`, `cited_titles` / `cited_title_counts`), and each Source keeps
# what its document gave (`given_keys`, `given_values`: one entry per node and value). Writing
# or removing a document touches its own values only. (Until session 11 a node kept one
# "<sha256> <value>" entry per document, `aliases_by_source` / `titles_by_source`, and every
# write filtered the whole list: a national document cited by a third of 100,000 plans made each
# citing plan walk ~33,000 entries. graph/migrations.py turns such a store into counts.)
GIVEN = {Label.AGENCY: ("aliases", "alias_counts"),
         Label.DOCUMENT: ("cited_titles", "cited_title_counts")}
# an agency's aliases are a list even when empty (its one written form is its name); a
# document no plan gives a title has no cited_titles
GIVEN_EMPTY_IS_LIST = {Label.AGENCY}


def gives_values(label: Label, extra: tuple[Label, ...], shared: bool) -> bool:
    """Whether a node group counts the values its documents give (write_nodes()'s shared path
    for an agency or a cited document; a loaded plan's own Document is not cited by itself)."""
    return shared and label in GIVEN and not (label == Label.DOCUMENT and extra)


def sorted_insert(items: str, item: str) -> str:
    """``items`` (a list expression) with ``item`` put in its sorted place, once."""
    return f"[x IN {items} WHERE x < {item}] + [{item}] + [x IN {items} WHERE x > {item}]"


def add_given(label: Label, given: str) -> str:
    """Count the distinct values of ``given`` (a list expression: what this document gives the
    node) on n; a value new to the node goes in its sorted place with a count of one."""
    values, counts = GIVEN[label]
    old = f"CASE WHEN n.{counts} IS NULL THEN [] ELSE n.{values} END"
    merged = (f"reduce(acc = old, v IN given | CASE WHEN v IN acc THEN acc "
              f"ELSE {sorted_insert('acc', 'v')} END)")
    counted = ("[v IN merged | coalesce(head([j IN range(0, size(old) - 1) WHERE old[j] = v "
               "| counts[j]]), 0) + CASE WHEN v IN given THEN 1 ELSE 0 END]")
    if label in GIVEN_EMPTY_IS_LIST:
        assign = f"SET n.{values} = merged, n.{counts} = {counted}"
    else:
        assign = (f"SET n.{values} = CASE WHEN size(merged) > 0 THEN merged END, "
                  f"n.{counts} = CASE WHEN size(merged) > 0 THEN {counted} END")
    return (f"WITH n, row, {old} AS old, coalesce(n.{counts}, []) AS counts, "
            f"coalesce({given}, []) AS given "
            f"WITH n, row, old, counts, given, {merged} AS merged {assign}")


def subtract_given(label: Label) -> str:
    """Take the values the document of source $sha gave away from the nodes it gave them to;
    a value no document gives any more goes."""
    values, counts = GIVEN[label]
    remaining = (f"[j IN range(0, size(coalesce(n.{values}, [])) - 1) | n.{counts}[j] "
                 f"- CASE WHEN n.{values}[j] IN mine THEN 1 ELSE 0 END]")
    kept_values = f"[j IN range(0, size(remaining) - 1) WHERE remaining[j] > 0 | n.{values}[j]]"
    kept_counts = "[c IN remaining WHERE c > 0]"
    if label in GIVEN_EMPTY_IS_LIST:
        assign = f"SET n.{values} = {kept_values}, n.{counts} = {kept_counts}"
    else:
        assign = (f"SET n.{values} = CASE WHEN any(c IN remaining WHERE c > 0) THEN "
                  f"{kept_values} END, n.{counts} = CASE WHEN any(c IN remaining WHERE c > 0) "
                  f"THEN {kept_counts} END")
    return ("MATCH (s:Source {sha256: $sha}) "
            "UNWIND range(0, size(coalesce(s.given_keys, [])) - 1) AS i "
            f"MATCH (n:{label.value} {{key: s.given_keys[i]}}) "
            "WITH n, collect(s.given_values[i]) AS mine "
            f"WITH n, {remaining} AS remaining {assign}")


COUNT_SOURCE = "n.source_count = coalesce(n.source_count, 0) + 1"
# A document that is not a loaded plan: the registry's title, else the least of the titles
# its citing documents give (the first of the sorted `cited_titles`), else its doc number
# (keyed by title: that title)
DOCUMENT_TITLE = (
    "WITH n WHERE NOT n:Plan SET n.title = coalesce(n.registry_title, head(n.cited_titles), "
    "CASE WHEN n.key STARTS WITH 'document:title:' THEN substring(n.key, 15) "
    "ELSE n.doc_number END, n.title), "
    "n.title_known = (n.registry_title IS NOT NULL "
    "OR n.cited_titles IS NOT NULL OR n.key STARTS WITH 'document:title:')")
# What only a loaded plan has: removed when the plan is removed but the document stays cited
PLAN_PROPERTIES = ("loaded", "source_sha256", "source_path", "span_start", "span_end", "quote",
                   "line", "column", "page", "context",   # the rest of its evidence
                   "warnings", "warning_count", "issuer", "issued", "status", "jurisdiction")


def counts_sources(label: Label, extra: tuple[Label, ...], shared: bool) -> bool:
    """Whether a node group counts the documents using it: shared nodes, and a loaded plan's
    Document (the node a cited document with the same key is)."""
    return label not in OWNED_LABELS and (shared or (label == Label.DOCUMENT and bool(extra)))


def write_nodes(label: Label, extra: tuple[Label, ...], shared: bool,
                ids_are_keys: bool = False) -> str:
    """One group of a document's nodes ($rows): the missing ones created (create_missing()),
    then owned nodes take the document's properties; shared nodes add the document to
    one to `source_count`, and their derived values are computed again: an agency's aliases, a
    cited document's title; a Source lists the keys of the shared nodes its document uses
    ($shared). ``ids_are_keys``: the store has no node whose id is not its key (every
    store written since ids were set), so one MERGE on key and id both finds a node and
    creates a missing one with its id (half the lookups of create_missing())."""
    set_labels = "".join(f" SET n:{extra_label.value}" for extra_label in extra)
    if label in OWNED_LABELS:
        # keyed by their plan's key, so no other document has them, and the plan's earlier
        # facts are deleted before it is written again: the node is always new, and MERGE on
        # key and id gives it its id (one MERGE less than create_missing(); ~10 % of writes)
        return (f"UNWIND $rows AS row MERGE (n:{label.value} {{key: row.key, id: row.key}}) "
                f"SET n += row.props{set_labels}")
    if ids_are_keys:
        first = " ON CREATE SET n += row.props" if shared else ""
        head = "UNWIND $rows AS row "
        merge = f"MERGE (n:{label.value} {{key: row.key, id: row.key}}){first}"
    else:
        head = f"UNWIND $rows AS row {create_missing(label, shared)}"
        merge = f"MERGE (n:{label.value} {{key: row.key}})"
    if label == Label.DOCUMENT and extra:   # a loaded plan: its own properties win
        return (f"{head}{merge} "
                f"SET n += row.props{set_labels} "
                f"SET n.title_known = null, {COUNT_SOURCE}")
    if label == Label.SOURCE:
        return (f"{head}{merge} SET n += row.props SET n.shared_keys = $shared, "
                "n.given_keys = $given_keys, n.given_values = $given_values")
    if not shared:
        return f"{head}{merge} SET n += row.props{set_labels}"
    statement = f"{head}{merge} SET {COUNT_SOURCE}"
    if label == Label.AGENCY:
        statement += f" {add_given(label, 'row.props.aliases')}"
    if label == Label.DOCUMENT:
        # a cited document also takes the registry's facts (row.always), created or not
        statement += (f" {add_given(label, 'row.cited')} SET n += row.always "
                      f"{DOCUMENT_TITLE}")
    return statement


def merge_relationships(rel: Rel, start: Label, end: Label) -> str:
    return (f"UNWIND $rows AS row "
            f"MATCH (a:{start.value} {{key: row.start_key}}) "
            f"MATCH (b:{end.value} {{key: row.end_key}}) "
            f"MERGE (a)-[r:{rel.value} {{key: row.props.key}}]->(b) SET r += row.props")


def group_parameter(group: tuple) -> str:
    """The parameter that carries one node or relationship group's rows in the one-statement
    write, e.g. `Document_Plan`, `Agency_shared`, `LEADS_Agency_Task`."""
    if isinstance(group[0], Rel):
        rel, start, end = group
        return f"{rel.value}_{start.value}_{end.value}"
    label, extra, shared = group
    return "_".join([label.value, *(e.value for e in extra)] + (["shared"] if shared else []))


def write_document_statement() -> str:
    """All of a document's merges as ONE statement (Neo4j): a unit subquery per node group, then
    per relationship group, each unwinding its entry of the map $groups (a group the document
    lacks is absent: UNWIND null does nothing). One round trip writes a whole document (30
    statements cost ~2 ms of round trip each on loopback; bench/neo4j_load.py). One map, not a
    parameter per group: Neo4j caches plans by parameter types too, and an empty list types
    differently from a list of maps, so every mix of present groups was planned anew (~1 s)."""
    def unit(statement: str, group: tuple) -> str:
        return f"CALL () {{ {statement.replace('$rows', '$groups.' + group_parameter(group))} }}"

    parts = [unit(write_nodes(*group), group) for group in NODE_GROUPS]
    parts += [unit(merge_relationships(*group), group) for group in RELATIONSHIP_ENDS]
    parts.append(f"CALL () {{ {ADD_AGENCY_TASKS} }}")
    return "\n".join(parts)


def delete_document_statement() -> str:
    """delete_statements() as one statement (in order: unit subqueries run one after another)."""
    return "\n".join(f"CALL () {{ {statement} }}" for statement in delete_statements())


# Each agency's `total_tasks`: the tasks it leads, cooperates on or answers for, a task counted
# once whether the role is on the task or on one of its rows (what agency-load ranks by, so the
# ranking is read in index order instead of counted over the whole corpus). Tasks belong to one
# document, so the total is the sum of every document's count: writing a document adds its
# counts, removing it takes them away (before its tasks go), each in time linear in the
# document. No task: no total (null, never 0), as a fresh build leaves it.
# The key of the task a role is on: the task's own, or a row's task (a row keeps its task's key,
# `task`: no walk back along HAS_ASSIGNMENT)
TASK_OF_ITEM = "CASE WHEN item:Assignment THEN item.task ELSE item.key END"
DOCUMENT_AGENCY_TASKS = (
    "CALL () { MATCH (task:Task {source_sha256: $sha}) RETURN task AS item "
    "UNION MATCH (row:Assignment {source_sha256: $sha}) RETURN row AS item } "
    "MATCH (n:Agency)-[:LEADS|COOPERATES_ON|RESPONSIBLE_FOR]->(item) "
    f"WITH n, count(DISTINCT {TASK_OF_ITEM}) AS tasks ")
ADD_AGENCY_TASKS = DOCUMENT_AGENCY_TASKS + "SET n.total_tasks = coalesce(n.total_tasks, 0) + tasks"
SUBTRACT_AGENCY_TASKS = (DOCUMENT_AGENCY_TASKS + "SET n.total_tasks = "
                         "CASE WHEN n.total_tasks > tasks THEN n.total_tasks - tasks END")
# Every agency's total counted over the whole graph: after a bulk import (the import files do
# not carry it), and once in a store written before totals were kept
COUNT_AGENCY_TASKS = (
    "MATCH (n:Agency) CALL (n) { "
    "MATCH (n)-[:LEADS|COOPERATES_ON|RESPONSIBLE_FOR]->(item) WHERE item:Task OR item:Assignment "
    f"RETURN count(DISTINCT {TASK_OF_ITEM}) AS tasks }} "
    "SET n.total_tasks = CASE WHEN tasks > 0 THEN tasks END")
# Whether some agency with a role has no total: a store written before totals were kept
AGENCY_TASKS_MISSING = (
    "MATCH (n:Agency) WHERE n.total_tasks IS NULL "
    "AND EXISTS { (n)-[:LEADS|COOPERATES_ON|RESPONSIBLE_FOR]->(item) "
    "WHERE item:Task OR item:Assignment } RETURN count(n) AS count")


# The shared nodes (of one label, completed by the caller) the document of source $sha uses
SHARED_OF_SOURCE = ("MATCH (s:Source {sha256: $sha}) UNWIND coalesce(s.shared_keys, []) AS k "
                    "MATCH (n:")


def delete_statements() -> list[str]:
    """Remove one source's facts ($sha): owned nodes, its relationships, its share of shared
    nodes (and what it said about them); a shared node no document uses any more goes, a plan
    still cited or versioned stays a Document, titled as a fresh build would title it."""
    statements = [SUBTRACT_AGENCY_TASKS]   # while the document's tasks are there to count
    statements += [subtract_given(label) for label in GIVEN]   # while its Source is there
    statements += [f"MATCH (n:{label.value} {{source_sha256: $sha}}) DETACH DELETE n"
                   for label in OWNED_LABELS]
    statements += [f"MATCH ()-[r:{rel.value} {{source_sha256: $sha}}]->() DELETE r"
                   for rel in SOURCED_RELATIONSHIPS]
    for label in SHARED_LABELS:
        statement = (f"{SHARED_OF_SOURCE}{label.value} {{key: k}}) "
                     "SET n.source_count = n.source_count - 1")
        if label == Label.DOCUMENT:
            statement += f" {DOCUMENT_TITLE}"
        statements.append(statement)
    statements.append(
        # WHERE, not a pattern: kglite rejects a pattern property no Document has ever had
        # (a store whose registry of parent documents never loaded)
        "MATCH (n:Document) WHERE n.registry_source_sha256 = $sha SET "
        + ", ".join(f"n.{name} = null" for name in REGISTRY_PROPERTIES) + f" {DOCUMENT_TITLE}")
    statements.append(
        "MATCH (n:Plan {source_sha256: $sha}) REMOVE n:Plan SET "
        + ", ".join(f"n.{name} = null" for name in PLAN_PROPERTIES) + f" {DOCUMENT_TITLE}")
    statements += [
        f"{SHARED_OF_SOURCE}{label.value} {{key: k}}) WHERE n.source_count < 1 "
        "DETACH DELETE n"
        for label in SHARED_LABELS
    ]
    statements.append("MATCH (s:Source {sha256: $sha}) DETACH DELETE s")
    return statements


# A node whose id is not its key: written before ids were set (engine-numbered), so the
# store must keep creating nodes through create_missing()
IDS_NOT_KEYS = "MATCH (n) WHERE n.id <> n.key RETURN count(n) AS count"
SOURCE_HASHES = "MATCH (s:Source) RETURN s.path AS path, s.sha256 AS sha256 ORDER BY path"
# Texts kept on Source nodes by an earlier policykg (the embedded store now keeps them as files)
SOURCE_TEXTS_IN_GRAPH = ("MATCH (s:Source) WHERE s.text_zlib_base64 IS NOT NULL "
                         "RETURN s.sha256 AS sha256, s.text_zlib_base64 AS text ORDER BY sha256")
TEXTS_OUT_OF_GRAPH = ("MATCH (s:Source) WHERE s.text_zlib_base64 IS NOT NULL "
                      "REMOVE s.text_zlib_base64")
COUNT_NODES = "MATCH (n) RETURN count(n) AS count"
# Neo4j only: until every index is online (a bulk import's indexes populate in the
# background after CREATE INDEX returns; until then a query that wants one scans)
AWAIT_INDEXES = "CALL db.awaitIndexes($seconds)"
COUNT_RELATIONSHIPS = "MATCH ()-[r]->() RETURN count(r) AS count"
# The whole graph as rows, for the maps (graph/snapshot.py); ordered so the same store gives
# the same map. Backticks: kglite reserves END even as an alias.
SNAPSHOT_NODES = ("MATCH (n) WHERE n.key IS NOT NULL "
                  "RETURN n.key AS key, labels(n) AS labels, properties(n) AS props ORDER BY key")
SNAPSHOT_RELATIONSHIPS = ("MATCH (a)-[r]->(b) WHERE a.key IS NOT NULL AND b.key IS NOT NULL "
                          "RETURN a.key AS start_key, type(r) AS type, b.key AS end_key, "
                          "properties(r) AS props ORDER BY start_key, type, end_key, r.key")
# The parts of the graph one map needs (graph/maps/): nodes by key or label, and the
# relationships of given types leaving or reaching given nodes.
_NODE_COLUMNS = "RETURN n.key AS key, labels(n) AS labels, properties(n) AS props ORDER BY key"
_RELATIONSHIP_COLUMNS = ("RETURN a.key AS start_key, type(r) AS type, b.key AS end_key, "
                         "properties(r) AS props ORDER BY start_key, type, end_key, r.key")
NODES_BY_KEY = f"MATCH (n) WHERE n.key IN $keys {_NODE_COLUMNS}"
NODES_BY_LABEL = f"MATCH (n) WHERE $label IN labels(n) AND n.key IS NOT NULL {_NODE_COLUMNS}"
COUNT_BY_LABELS = ("MATCH (n) WHERE any(label IN labels(n) WHERE label IN $labels) "
                   "RETURN count(n) AS count")
RELATIONSHIPS_FROM = (f"MATCH (a)-[r]->(b) WHERE a.key IN $keys AND type(r) IN $types "
                      f"AND b.key IS NOT NULL {_RELATIONSHIP_COLUMNS}")
RELATIONSHIPS_TO = (f"MATCH (a)-[r]->(b) WHERE b.key IN $keys AND type(r) IN $types "
                    f"AND a.key IS NOT NULL {_RELATIONSHIP_COLUMNS}")
RELATIONSHIPS_OF_TYPE = (f"MATCH (a)-[r]->(b) WHERE type(r) IN $types AND a.key IS NOT NULL "
                         f"AND b.key IS NOT NULL {_RELATIONSHIP_COLUMNS}")
READ_STATEMENTS = (SOURCE_HASHES, SOURCE_TEXTS_IN_GRAPH, COUNT_NODES, COUNT_RELATIONSHIPS,
                   SNAPSHOT_NODES, SNAPSHOT_RELATIONSHIPS, NODES_BY_KEY, NODES_BY_LABEL,
                   COUNT_BY_LABELS, RELATIONSHIPS_FROM, RELATIONSHIPS_TO, RELATIONSHIPS_OF_TYPE)
# The Build node, created like every node with id = key, then updated
CREATE_BUILD = ("OPTIONAL MATCH (m:Build {key: 'build'}) WITH m WHERE m IS NULL "
                "MERGE (b:Build {key: 'build', id: 'build'})")
SET_BUILD = ("MERGE (b:Build {key: 'build'}) SET b.tool_version = $version, "
             "b.built_at = $built_at, b.documents = $documents")


def all_write_statements() -> list[str]:
    """Every statement a writer may send (the linter test checks each)."""
    statements = schema_statements() + delete_statements()
    for ids_are_keys in (False, True):
        statements += [write_nodes(label, (), False, ids_are_keys) for label in Label]
        statements += [write_nodes(label, (), True, ids_are_keys) for label in SHARED_LABELS]
        statements.append(write_nodes(Label.DOCUMENT, (Label.PLAN,), False, ids_are_keys))
    statements.append(IDS_NOT_KEYS)
    for rel, start, end in RELATIONSHIP_ENDS:
        statements.append(merge_relationships(rel, start, end))
    statements += [write_document_statement(), delete_document_statement()]
    statements += [ADD_AGENCY_TASKS, SUBTRACT_AGENCY_TASKS, COUNT_AGENCY_TASKS,
                   AGENCY_TASKS_MISSING]
    return [*statements, CREATE_BUILD, SET_BUILD, TEXTS_OUT_OF_GRAPH]
