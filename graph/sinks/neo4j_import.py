"""Graph -> the CSV files of Neo4j's offline import (`neo4j-admin database import full`).

The documents are written into a GraphState (neo4j_replay.py: what the online writer would
leave), which is written as one node file per label set and one relationship file per type,
each with its own header file, plus ``import.args`` (the import tool's options, one a line,
files relative to the folder; scripts/neo4j-local import passes it as @import.args) and
``after-import.json``: the statements to run once the server is up again, through the store
(GraphStore.write_statements), because a CSV cannot say them:

* an empty list property (a Source's `cites_by_title`, an agency's `aliases`): the import tool
  reads an empty array field as no property, the online writer stores `[]`;
* (the constraints and indexes are graph/cypher.py's, created by the store's ensure_schema();
  the Build node is written by set_build(), as after an online build.)

The bulk path (policykg/bulk.py) writes each run of plans' own rows as chunk files
(write_chunk); write_import joins the chunks of one file group with the same columns into one
file, in chunk order, since the import tool samples every file it is given before it starts.

Deterministic bytes: files, columns and rows in sorted order. Strings are always quoted (an
empty quoted field is the empty string, an unquoted empty field no property); list elements
are separated by U+001F (never in plan text: refused if it is), which also separates a node's
labels; fields may span lines (--multiline-fields=true).

Compressed (``compress``): each data file is written as ``NAME.csv.gz`` (gzip level 1: the
100,000-plan corpus's 25.8 GB of data files, which fill a disk, take 3.8 GB, 6.7x less, for
~200 MB/s of one core), which the import tool reads as it is; the header files stay plain CSV,
small and readable. The gzip header's time is 0, so the same graph still gives the same bytes.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import Any

from ..model import RELATIONSHIP_ENDS, DocumentGraph, Label, Rel
from . import gzip_join
from .gzip_join import Piece
from .import_csv import ARRAY_DELIMITER, checked, holds_empty, importable, quote, quoted, table
from .neo4j_replay import GraphState, OwnedRows

ARGS_FILE = "import.args"
AFTER_IMPORT = "after-import.json"
# the default delimiter (,) and quote ("): an @-file line cannot give a quote (picocli
# reads quotes in it)
FIXED_OPTIONS = ["--multiline-fields=true", "--array-delimiter=U+001F", "--id-type=string",
                 "--strict=true", "--bad-tolerance=0", "--skip-duplicate-nodes=false",
                 "--skip-bad-relationships=false"]


def graph_state(documents: Iterable[DocumentGraph]) -> GraphState:
    """The documents written one after another, in the given order (a build's order: the
    registry of parent documents, then the plans by path)."""
    state = GraphState()
    for document in documents:
        state.write(document)
    return state


CHUNK_DOCUMENTS = 500   # documents whose own rows go into one set of chunk files


@dataclass
class ChunkFiles:
    """What write_chunk() wrote: the import tool's options for its files, and what the end of
    the import needs from them (the column types, to check against the other chunks; the
    values a CSV cannot hold, for after-import.json)."""

    # (option, file group, header file, data file, what it holds if a gzip piece):
    # ("--nodes", "nodes-Task", "nodes-Task-c00003-header.csv", "nodes-Task-c00003.csv.gz",
    # Piece(...)); write_import() joins the data files of a file group into one
    files: list[tuple[str, str, str, str, Piece | None]] = dataclasses.field(
        default_factory=list)
    # file group (nodes-Task, relationships-LEADS) -> column -> type
    types: dict[str, dict[str, str]] = dataclasses.field(default_factory=dict)
    nodes: int = 0
    relationships: int = 0
    empty_nodes: list[tuple[Label, dict[str, Any]]] = dataclasses.field(default_factory=list)
    empty_relationships: list[tuple[tuple[Rel, Label, Label], dict[str, Any]]] = dataclasses.field(
        default_factory=list)


def prepare_folder(folder: Path) -> None:
    """The folder made if missing; the files of an earlier export there removed (plain or
    compressed: import.args lists only the new ones, but a stale file misleads a reader)."""
    folder.mkdir(parents=True, exist_ok=True)
    for pattern in ("nodes-*.csv", "relationships-*.csv", "nodes-*.csv.gz",
                    "relationships-*.csv.gz", "*.csv.gz.piece"):
        for old in folder.glob(pattern):
            old.unlink()


def write_chunk(folder: Path, index: int, parts: Iterable[OwnedRows],
                compress: bool = False) -> ChunkFiles:
    """The own rows of a run of documents (neo4j_replay.py split()) as files of their own,
    named by ``index``, each with its header: chunks can be written by several processes at
    once and in any order, since import.args lists them in index order. ``compress``: data
    files as .csv.gz."""
    nodes: dict[tuple[Label, ...], list[tuple[str, dict[str, Any]]]] = {}
    relationships: dict[str, list] = {}
    chunk = ChunkFiles()
    for part in parts:
        for labels, rows in part.nodes.items():
            nodes.setdefault(labels, []).extend(rows)
            chunk.empty_nodes += [(labels[0], _empty(key, props)) for key, props in rows
                                  if holds_empty(props)]
        for ends, states in part.relationships.items():
            relationships.setdefault(ends[0].value, []).extend(states)
            chunk.empty_relationships += [
                (ends, {"start_key": r.start, "end_key": r.end, "key": r.props["key"],
                        **_empty("", r.props)}) for r in states if holds_empty(r.props)]
    suffix = f"-c{index:05d}"
    written: dict[str, dict[str, str]] = {}
    for labels, node_rows in sorted(nodes.items()):
        name = "nodes-" + "-".join(label.value for label in labels)
        node_rows.sort(key=itemgetter(0))
        label_field = quote(ARRAY_DELIMITER.join(labels))
        rows = [([key, label_field], props) for key, (_, props)
                in zip(quoted([key for key, _ in node_rows]), node_rows, strict=True)]
        header, data, piece = _write_chunk_pair(folder, name + suffix, rows,
                                                ["key:ID", ":LABEL"], written, compress)
        chunk.types[name] = written[name + suffix]
        chunk.files.append(("--nodes", name, header, data, piece))
        chunk.nodes += len(rows)
    for rel_type, states in sorted(relationships.items()):
        states.sort(key=lambda r: (r.start, r.end, r.props["key"]))
        type_field = quote(rel_type)
        rows = [(['"' + r.start.replace('"', '""') + '"', '"' + r.end.replace('"', '""') + '"',
                  type_field], r.props) for r in states]
        name = f"relationships-{rel_type}"
        header, data, piece = _write_chunk_pair(folder, name + suffix, rows,
                                                [":START_ID", ":END_ID", ":TYPE"], written,
                                                compress)
        chunk.types[name] = written[name + suffix]
        chunk.files.append(("--relationships", name, header, data, piece))
        chunk.relationships += len(rows)
    return chunk


def _empty(key: str, props: dict[str, Any]) -> dict[str, Any]:
    found = {n: v for n, v in sorted(props.items()) if not importable(v)}
    return {"key": key, "props": found} if key else {"props": found}


def write_import(state: GraphState, folder: Path, chunks: Sequence[ChunkFiles] | None = None,
                 compress: bool = False) -> dict[str, int]:
    """The import files of ``state`` into ``folder`` (made if missing; files of an earlier
    export there are replaced), with ``chunks``: the files write_chunk() already wrote there
    (after prepare_folder()), listed after the state's. Returns the counts of nodes and
    relationships written. A property with values of two kinds in one label's or type's
    files is refused (ValueError), as within one file. ``compress``: the state's data files
    as .csv.gz (the chunks' are as write_chunk() wrote them)."""
    if chunks is None:
        prepare_folder(folder)
        chunks = []
    args: list[str] = []
    types: dict[str, dict[str, str]] = {}
    by_labels: dict[tuple[Label, ...], list[str]] = {}
    for key, node in state.nodes.items():
        by_labels.setdefault(tuple(node.labels), []).append(key)
    for labels, keys in sorted(by_labels.items()):
        name = "nodes-" + "-".join(label.value for label in labels)
        rows = [([quote(checked(key)), quote(ARRAY_DELIMITER.join(labels))],
                 {n: v for n, v in state.nodes[key].props.items() if n != "key"})
                for key in sorted(keys)]
        pair = _write_pair(folder, name, rows, ["key:ID", ":LABEL"], types, compress)
        args.append(f"--nodes={pair}")
    by_type: dict[str, list[tuple[str, str, str, str]]] = {}
    for identity in state.relationships:
        by_type.setdefault(identity[1], []).append(identity)
    for rel_type, identities in sorted(by_type.items()):
        rows = [([quote(start), quote(end), quote(rel_type)],
                 state.relationships[(start, t, end, key)].props)
                for start, t, end, key in sorted(identities)]
        pair = _write_pair(folder, f"relationships-{rel_type}", rows,
                           [":START_ID", ":END_ID", ":TYPE"], types, compress)
        args.append(f"--relationships={pair}")
    for chunk in chunks:
        for name, columns in chunk.types.items():
            _same_types(types.setdefault(name, {}), columns, name)
    args += _chunk_groups(folder, chunks)
    (folder / ARGS_FILE).write_text("\n".join([*FIXED_OPTIONS, *args]) + "\n", encoding="utf-8")
    (folder / AFTER_IMPORT).write_text(
        json.dumps(after_import(state, chunks), ensure_ascii=False, indent=1, sort_keys=True)
        + "\n", encoding="utf-8")
    return {"nodes": len(state.nodes) + sum(chunk.nodes for chunk in chunks),
            "relationships": len(state.relationships)
            + sum(chunk.relationships for chunk in chunks)}


def _chunk_groups(folder: Path, chunks: Sequence[ChunkFiles]) -> list[str]:
    """import.args lines for the chunks' files, after joining them: the rows of one file
    group whose columns are the same in several chunks (most are) go into one file, named
    after the first such chunk's, in chunk order (gzip pieces joined into one gzip stream,
    gzip_join.py; plain files appended); the other chunks' files are removed.

    The import tool samples the start of every data file before it starts (about 0.2 s a
    file): 3,600 files of 500 plans each took 12 of the 28 minutes of the 100,000-plan
    import, and it lists the folder once for each file it is given.
    """
    groups: dict[tuple[str, str, tuple[tuple[str, str], ...]],
                 list[tuple[str, str, Piece | None]]] = {}
    for chunk in chunks:
        for option, name, header, data, piece in chunk.files:
            columns = tuple(sorted(chunk.types[name].items()))
            groups.setdefault((option, name, columns), []).append((header, data, piece))
    for members in groups.values():
        header, data, piece = members[0]
        for other_header, _, _ in members[1:]:
            (folder / other_header).unlink()
        if piece is not None:
            gzip_join.join([member[2] for member in members], folder / data)
            continue
        with (folder / data).open("ab") as joined:
            for _, other, _ in members[1:]:
                with (folder / other).open("rb") as part:
                    shutil.copyfileobj(part, joined, 1 << 20)
                (folder / other).unlink()
    return [f"{option}={members[0][0]},{members[0][1]}" for (option, name, _), members
            in sorted(groups.items(), key=lambda item: (item[0][0], item[0][1],
                                                        item[1][0][1]))]


def _write_chunk_pair(folder: Path, name: str, rows: list, lead: list[str],
                      types: dict[str, dict[str, str]], compress: bool
                      ) -> tuple[str, str, Piece | None]:
    """A chunk's header file and data file (header, data, piece): with ``compress`` the
    data is a gzip piece (``name.csv.gz.piece``) that write_import() joins into
    ``name.csv.gz`` or into an earlier chunk's file."""
    if not compress:
        header, data = _write_pair(folder, name, rows, lead, types).split(",")
        return header, data, None
    header, text, types[name] = table(rows, lead)
    (folder / f"{name}-header.csv").write_text(header, encoding="utf-8", newline="")
    piece = gzip_join.write_piece(folder / f"{name}.csv.gz.piece", text.encode("utf-8"))
    return f"{name}-header.csv", f"{name}.csv.gz", piece


def _same_types(known: dict[str, str], columns: dict[str, str], name: str) -> None:
    for column, kind in columns.items():
        if known.setdefault(column, kind) != kind:
            raise ValueError(f"property {column!r} of {name}: values of kinds "
                             f"{sorted({known[column], kind})} in the import files")


def _write_pair(folder: Path, name: str, rows: list, lead: list[str],
                types: dict[str, dict[str, str]] | None = None, compress: bool = False) -> str:
    """A header file and its data file; returns them as import.args names them."""
    header, data, columns = table(rows, lead)
    if types is not None:
        types[name] = columns
    (folder / f"{name}-header.csv").write_text(header, encoding="utf-8", newline="")
    if compress:   # mtime 0: no clock in the bytes
        data_name = f"{name}.csv.gz"
        (folder / data_name).write_bytes(gzip.compress(data.encode("utf-8"), compresslevel=1,
                                                       mtime=0))
    else:
        data_name = f"{name}.csv"
        (folder / data_name).write_text(data, encoding="utf-8", newline="")
    return f"{name}-header.csv,{data_name}"


def set_node_lists(label: Label) -> str:
    return f"UNWIND $rows AS row MATCH (n:{label.value} {{key: row.key}}) SET n += row.props"


def set_relationship_lists(rel: Rel, start: Label, end: Label) -> str:
    return (f"UNWIND $rows AS row MATCH (a:{start.value} {{key: row.start_key}})"
            f"-[r:{rel.value} {{key: row.key}}]->(b:{end.value} {{key: row.end_key}}) "
            "SET r += row.props")


def after_import_statements() -> list[str]:
    """Every statement after_import() may give (for Neo4j's linter in the tests)."""
    return [*(set_node_lists(label) for label in Label),
            *(set_relationship_lists(*ends) for ends in RELATIONSHIP_ENDS)]


def after_import(state: GraphState,
                 chunks: Sequence[ChunkFiles] = ()) -> list[dict[str, Any]]:
    """[{statement, params}]: the empty lists the CSV could not hold, set as the online writer
    sets them (`SET n += row.props`), nodes matched by their first label and key,
    relationships by their ends and key; rows sorted by key, so the chunks' order and the
    number of processes that wrote them do not show."""
    nodes: dict[Label, list[dict]] = {}
    for key, node in state.nodes.items():
        empty = {n: v for n, v in sorted(node.props.items()) if not importable(v)}
        if empty:
            nodes.setdefault(node.labels[0], []).append({"key": key, "props": empty})
    rels: dict[tuple[Rel, Label, Label], list[dict]] = {}
    for rel in state.relationships.values():
        empty = {n: v for n, v in sorted(rel.props.items()) if not importable(v)}
        if empty:
            ends = (rel.type, state.nodes[rel.start].labels[0], state.nodes[rel.end].labels[0])
            rels.setdefault(ends, []).append({"start_key": rel.start, "end_key": rel.end,
                                              "key": rel.props["key"], "props": empty})
    for chunk in chunks:
        for label, row in chunk.empty_nodes:
            nodes.setdefault(label, []).append(row)
        for ends, row in chunk.empty_relationships:
            rels.setdefault(ends, []).append(row)
    statements = [{"statement": set_node_lists(label),
                   "params": {"rows": sorted(rows, key=lambda row: row["key"])}}
                  for label, rows in sorted(nodes.items())]
    statements += [{"statement": set_relationship_lists(*ends),
                    "params": {"rows": sorted(rows, key=lambda row: (
                        row["start_key"], row["end_key"], row["key"]))}}
                   for ends, rows in sorted(rels.items())]
    return statements
