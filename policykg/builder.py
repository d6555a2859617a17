"""`build`: plan files -> graph store, incrementally and one document at a time.

A source is its bytes: a file whose sha256 the store holds is not read again, whatever its
path; a moved or renamed file is the same document at a new path, and the same bytes at two
paths are one document with both paths. A file whose bytes changed replaces the document that
was at its path, in the same transaction. Documents with one doc number (or title) and
different bytes are versions, kept apart (graph/identity.py place()). Without ``prune`` a
document whose file is gone stays; with it, what no present file holds is removed.

The store ends as a fresh build of the same documents would leave it, whatever the order of
earlier builds, and a build stopped anywhere is completed by the next one: every document's
placement (key, version group, paths, where its citations by title point) is stored with its
source, and a document whose placement changed is written again, from the text the store
keeps of it when its file is gone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path

from . import __version__
from .graph.stores.base import GraphStore, StoreError, StoreUnavailable
from .loaders.errors import LoaderError
from .loaders.registry import REGISTRY_PATH
from .loaders.source import DEFAULT_MAX_SIZE, display_path
from .run_writing import _Abort, _Run
from .stored import (
    COUNT_DOCUMENTS,
    SUMMARY_COUNTS,
    BuildReport,
    count_agency_tasks,
    count_listed_given,
    count_listed_sources,
    read_stored,
    write_registry,
)


def build(store: GraphStore, files: Iterable[Path], *, prune: bool = False,
          on_file: Callable[[], None] = lambda: None,
          max_size: int = DEFAULT_MAX_SIZE, registry_file: Path | None = None,
          from_records: bool = False) -> BuildReport:
    """Write every file's plan into ``store``; report what was written, skipped and failed.
    ``registry_file``: the user's registry of parent documents in place of the bundled one
    (the store holds one registry: the one the last build was given). ``from_records``: the
    files are lines of `extract --format build-jsonl` (a record a plan file, extracted
    elsewhere, perhaps in shards), each standing for its plan file: the store ends as a build
    from those plan files would leave it."""
    report = BuildReport()
    files = files if isinstance(files, list) else list(files)
    store.ensure_schema()
    try:
        count_listed_sources(store)
        count_listed_given(store)
        count_agency_tasks(store)
    except StoreError as error:   # nothing is written into a store that cannot be counted
        report.failed.append(("(store)", str(error)))
        report.aborted = True
        return report
    stored, registry = read_stored(store)
    try:
        write_registry(store, registry.sha if registry else None,
                       bool(registry and registry.paths), registry_file)
    except StoreUnavailable as error:
        report.failed.append((REGISTRY_PATH, str(error)))
        report.failed += [(display_path(rest), f"{display_path(rest)}: not written, the store "
                                               "went away") for rest in files]
        report.aborted = True
        return report
    except (LoaderError, StoreError) as error:   # lineage stops at the loaded plans
        report.failed.append((str(registry_file or REGISTRY_PATH), str(error)))
    run = _Run(store, report, stored, prune, on_file, max_size)
    if from_records:
        run.read_records(files)
    else:
        run.read_inputs(files)
    if prune and not run.inputs:   # no file given, or none that is a plan
        report.failed.append(("--prune", "no plan files given: --prune would remove every "
                                         "plan from the store; nothing was removed"))
        run.prune = False
    try:
        new = run.sort_out()
        run.write_new(new)
        run.settle()
    except _Abort:
        done = {name for name, _ in report.failed} | set(report.written)
        report.failed += [(name, f"{name}: not written, the store went away")
                          for sha in run.present for name in sorted(run.present[sha])[:1]
                          if name not in done and sha not in run.held]
        report.aborted = True
        return report
    count = store.read(COUNT_DOCUMENTS, {"registry": REGISTRY_PATH})[0]["count"]
    store.set_build({"version": __version__,
                     "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
                     "documents": count})
    report.totals = {name: store.read(query)[0]["count"] for name, query in SUMMARY_COUNTS.items()}
    return report
