"""The bulk path's first half: plan files -> the documents a fresh `build` would write, extracted
in parallel (one process per core), in the order a build writes them.

A fresh build (policykg/builder.py) writes the registry of parent documents, then each plan
at its placement among all the plans (graph/identity.py place()), its Source carrying the text
and the facts that place it (run_writing.py _Run.write); a plan whose placement changes while
the build goes on is written again, so the store ends as if every plan had been written once
at its final placement, in path order. That is what this module produces, with the same
reading of files: the same bytes at two paths are one document named by the first path, a
file no reader takes found in a folder is skipped, any other failure is reported and the
other files go on. graph/sinks/neo4j_import.py turns the documents into import files.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import tempfile
import time
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing import Pool
from pathlib import Path
from typing import Any

from .graph.build import registry_to_graph
from .graph.identity import Facts, Placement, place, versions
from .graph.model import DocumentGraph
from .graph.sinks.neo4j_import import (
    CHUNK_DOCUMENTS,
    ChunkFiles,
    prepare_folder,
    write_chunk,
    write_import,
)
from .graph.sinks.neo4j_replay import GraphState, SharedRows, split
from .loaders.errors import LoaderError
from .loaders.registry import load_registry
from .loaders.source import DEFAULT_MAX_SIZE, display_path
from .stored import placed_document

CHUNK = 8    # files handed to a worker at a time: few round trips, a fair share at the end


@dataclass
class Extracted:
    """The plans of a set of files, placed, and what could not be read."""

    documents: list[DocumentGraph] = field(default_factory=list)   # registry first, by path
    failed: list[tuple[str, str]] = field(default_factory=list)
    not_plans: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    plans: int = 0
    warnings: int = 0
    first_pass_s: float = 0.0   # reading and extracting every file (the benchmarks say it)


def _read(task: tuple[str, str, bool, int, str]) -> tuple[Any, ...]:
    """In a worker: one file -> ("ok", name, sha, facts, warnings) with its record and text
    in the file ``kept`` (a national corpus's records would not fit in one process's memory
    between the two passes: about 0.8 MB each), or (outcome, name, message)."""
    from .loaders.documents import Unsupported, check_format, read_bytes
    from .loaders.plan import build_record
    from .loaders.source import read_document

    path, name, in_folder, max_size, kept = task
    try:
        data = read_document(path, max_size)
        check_format(data, name, in_folder)
    except Unsupported as error:
        return ("skipped" if in_folder else "failed", name,
                error.message if in_folder else str(error))
    except LoaderError as error:
        return ("failed", name, str(error))
    sha = hashlib.sha256(data).hexdigest()
    try:
        document = read_bytes(data, name, sha)
        record = build_record(document)
        Path(kept).write_bytes(zlib.compress(pickle.dumps((record, document.text),
                                                          pickle.HIGHEST_PROTOCOL), 1))
        return ("ok", name, sha, Facts.of(record), len(record.warnings))
    except (LoaderError, OSError) as error:
        return ("failed", name, str(error))
    except Exception as error:   # a bug in one document's rules must not stop the others
        return ("failed", name, f"{name}: internal error: {type(error).__name__}: {error}")


def _graph(task: tuple[str, Placement]) -> DocumentGraph:
    """In a worker: a plan's record (kept by _read()) at its placement -> its DocumentGraph,
    the Source with what run_writing.py _Run.write() stores on it."""
    kept, placement = task
    record, text = pickle.loads(zlib.decompress(Path(kept).read_bytes()))
    return placed_document(record, text, placement, Facts.of(record))


def _map(pool: Any, function: Any, tasks: Sequence[Any], chunksize: int = CHUNK) -> Iterator[Any]:
    if pool is None:
        return map(function, tasks)
    return pool.imap(function, tasks, chunksize=chunksize)


def extract_documents(files: Sequence[Path], processes: int | None = None,
                      max_size: int = DEFAULT_MAX_SIZE, registry_file: Path | None = None,
                      on_document: Callable[[DocumentGraph], None] | None = None) -> Extracted:
    """Every plan of ``files`` (policykg/inputs.py resolve_inputs()) as a fresh build writes
    it, the registry of parent documents (the bundled one, or ``registry_file``) first.
    ``processes``: worker processes (default: one per core; 1 works in this process). The
    result does not depend on the number of processes. ``on_document``: given each document
    in order, in place of keeping them in ``documents``."""
    with _Pass(files, processes, max_size) as run:
        keep = on_document or run.result.documents.append
        keep(registry_graph(registry_file))
        for document in _map(run.pool, _graph, run.graph_tasks()):
            keep(document)
    return run.result


def extract_to_import(files: Sequence[Path], folder: Path, processes: int | None = None,
                      max_size: int = DEFAULT_MAX_SIZE,
                      registry_file: Path | None = None,
                      compress: bool = False) -> tuple[Extracted, dict[str, int]]:
    """extract_documents()'s documents written as import files into ``folder``
    (graph/sinks/neo4j_import.py), for a national corpus: each worker turns a run of
    CHUNK_DOCUMENTS plans into their graphs and writes their own nodes and relationships to
    files of their own (neo4j_replay.py split()); only the shared part (agencies,
    jurisdictions, hospitals, documents) comes back to be merged here, in order. Memory stays
    that of the shared part, and the graphs and the files' text are made on every core.
    ``compress``: the data files as .csv.gz (neo4j_import.py), about 7x smaller.
    Returns the extraction and the counts of nodes and relationships written."""
    prepare_folder(folder)
    with _Pass(files, processes, max_size) as run:
        state = GraphState()
        state.write(registry_graph(registry_file))
        tasks = run.graph_tasks()
        chunk_tasks = [(index, tasks[start:start + CHUNK_DOCUMENTS], str(folder), compress)
                       for index, start in enumerate(range(0, len(tasks), CHUNK_DOCUMENTS))]
        chunks = []
        for shared_parts, chunk in _map(run.pool, _chunk, chunk_tasks, chunksize=1):
            for shared in shared_parts:
                state.write_shared(shared)
            chunks.append(chunk)
            gc.freeze()   # the state only grows: its collections would walk it all again
        counts = write_import(state, folder, chunks, compress) if run.result.plans else {}
    return run.result, counts


def _chunk(task: tuple[int, list[tuple[str, Placement]], str, bool]) -> tuple[
        list[SharedRows], ChunkFiles]:
    """In a worker: a run of plans -> their own rows written as chunk ``index``'s files, and
    their shared parts for the state."""
    index, members, folder, compress = task
    owned_parts, shared_parts = [], []
    for member in members:
        owned, shared = split(_graph(member))
        owned_parts.append(owned)
        shared_parts.append(shared)
    return shared_parts, write_chunk(Path(folder), index, owned_parts, compress)


class _Pass:
    """The first pass over the files, shared by both ways out: read and extract every file
    (in the pool), keep each record in a temporary file, note copies and versions, place the
    plans. graph_tasks() then gives each chosen plan's record and placement, in path order."""

    pool: Any
    kept: tempfile.TemporaryDirectory[str] | None

    def __init__(self, files: Sequence[Path], processes: int | None, max_size: int) -> None:
        self.files, self.max_size = files, max_size
        self.processes = processes or os.cpu_count() or 1
        self.result = Extracted()

    def __enter__(self) -> _Pass:
        # What the process holds now (a national corpus's 100,000 paths, the modules) is
        # frozen out of the garbage collector for the pass, here and in the workers the pool
        # forks: else every full collection walks it again, in each worker, for every few
        # documents (measured: +4.6 ms a plan with 100,000 paths held; the pass ran half as
        # fast per plan at 100,000 plans as at 10,000). Unfrozen in __exit__.
        gc.collect()
        gc.freeze()
        self.pool, self.kept = None, None
        started = time.perf_counter()
        try:   # a fork refused or no room for the records unfreezes too
            self.pool = Pool(self.processes) if self.processes > 1 else None
            self.kept = tempfile.TemporaryDirectory(prefix="policykg-records-")
            self._read()
            self.result.first_pass_s = time.perf_counter() - started
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.close()
            self.pool.join()
        if self.kept is not None:
            self.kept.cleanup()
        gc.unfreeze()

    def _read(self) -> None:
        result = self.result
        found = getattr(self.files, "found_in_folder", set())
        tasks = [(str(path), display_path(path), path in found, self.max_size,
                  str(Path(self.kept.name) / f"{index}.pickle"))
                 for index, path in enumerate(self.files)]
        read: dict[str, list[tuple[str, Facts, int, str]]] = {}
        for task, outcome in zip(tasks, _map(self.pool, _read, tasks), strict=True):
            if outcome[0] == "ok":
                _, name, sha, facts, warnings = outcome
                read.setdefault(sha, []).append((name, facts, warnings, task[-1]))
            else:
                (result.not_plans if outcome[0] == "skipped" else result.failed).append(
                    (outcome[1], outcome[2]))
        known: dict[str, tuple[Facts, list[str]]] = {}
        self.chosen: dict[str, str] = {}
        for sha, copies in read.items():
            copies.sort(key=lambda copy: copy[0])   # evidence names the first path
            names = [name for name, _, _, _ in copies]
            if len(names) > 1:
                result.notes.append(f"{', '.join(names)}: the same bytes; one document, "
                                    "listed at every path")
            self.chosen[sha] = copies[0][3]
            known[sha] = (copies[0][1], names)
            result.warnings += copies[0][2]
        self.placements = place(known)
        for group, members in sorted(versions(self.placements).items()):   # as a build says it
            others = ", ".join(self.placements[sha].path for sha in members[1:])
            result.notes.append(f"{group.removeprefix('document:')}: {len(members)} versions "
                                f"with different bytes; {self.placements[members[0]].path} is "
                                f"the primary one, {others} VERSION_OF it")
        self.order = sorted(self.chosen, key=lambda sha: self.placements[sha].path)
        result.plans = len(self.order)

    def graph_tasks(self) -> list[tuple[str, Placement]]:
        return [(self.chosen[sha], self.placements[sha]) for sha in self.order]


def registry_graph(registry_file: Path | None) -> DocumentGraph:
    """The registry of parent documents as policykg/stored.py write_registry() writes it."""
    if registry_file is None:
        return registry_to_graph(load_registry())
    try:
        data = registry_file.read_bytes()
    except OSError as error:
        raise LoaderError(str(registry_file),
                          f"cannot read the registry: {error.strerror or error}") from None
    return registry_to_graph(load_registry(data, display_path(registry_file)))


# the import ---------------------------------------------------------------------------------

NEO4J_LOCAL = Path(__file__).resolve().parents[1] / "scripts" / "neo4j-local"
AFTER_BATCH = 1000
INDEX_WAIT_S = 4 * 3600   # index population at 100,000 plans: minutes


def import_into_local(folder: Path, script: Path = NEO4J_LOCAL,
                      env: dict[str, str] | None = None) -> dict[str, str]:
    """`scripts/neo4j-local import FOLDER`: the local server (the one its environment names:
    NEO4J_DATA_DIR, ports, password) stopped, database `neo4j` replaced by the import, started
    again. Returns the server's settings (uri, username, password) as `neo4j-local env` says."""
    import shlex
    import subprocess

    from .graph.stores.base import StoreError

    env = dict(os.environ if env is None else env)
    done = subprocess.run([str(script), "import", str(folder)], env=env, capture_output=True,
                          text=True)
    if done.returncode != 0:
        lines = (done.stderr or done.stdout).strip().splitlines()
        raise StoreError(f"the import into the local Neo4j failed (exit {done.returncode}): "
                         + " / ".join(lines[-3:]))
    told = subprocess.run([str(script), "env"], env=env, capture_output=True, text=True,
                          check=True).stdout
    settings = {}
    for line in told.splitlines():
        name, _, value = line.removeprefix("export ").partition("=")
        settings[name] = shlex.split(value)[0] if value else ""
    return {"uri": settings["NEO4J_URI"], "username": settings.get("NEO4J_USERNAME", "neo4j"),
            "password": settings["NEO4J_PASSWORD"]}


def finish_import(store: Any, folder: Path,
                  timings: dict[str, float] | None = None) -> dict[str, int]:
    """After the import, through the store as after an online build: the constraints and
    indexes (ensure_schema), the values the CSV could not hold (after-import.json), each
    agency's task total (counted once over the graph), the Build node (set_build); returns the
    build summary's totals, once every index is online (the full-text index populates longest):
    then the graph answers queries as it will. ``timings``: given each step's seconds
    (bench/national.py)."""
    import json
    from datetime import UTC, datetime

    from . import __version__
    from .graph.sinks.neo4j_import import AFTER_IMPORT
    from .loaders.registry import REGISTRY_PATH
    from .stored import COUNT_DOCUMENTS, SUMMARY_COUNTS, count_agency_tasks

    clock = [time.perf_counter()]

    def step(name: str) -> None:
        now = time.perf_counter()
        if timings is not None:
            timings[name] = round(now - clock[0], 1)
        clock[0] = now

    store.ensure_schema()
    step("schema")
    for item in json.loads((folder / AFTER_IMPORT).read_text(encoding="utf-8")):
        rows = item["params"]["rows"]
        for start in range(0, len(rows), AFTER_BATCH):
            store.write_statements([(item["statement"],
                                     {"rows": rows[start:start + AFTER_BATCH]})],
                                   "the values set after the import")
    step("after_import_values")
    count_agency_tasks(store)   # what the online writer keeps as it writes
    step("agency_totals")
    count = store.read(COUNT_DOCUMENTS, {"registry": REGISTRY_PATH})[0]["count"]
    store.set_build({"version": __version__,
                     "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
                     "documents": count})
    step("build_node")
    totals = {name: store.read(query)[0]["count"] for name, query in SUMMARY_COUNTS.items()}
    step("summary_counts")
    store.await_indexes(INDEX_WAIT_S)
    step("indexes_online")
    return totals
