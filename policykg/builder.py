"""`build`: plan files -> graph store, incrementally and one document at a time.

Unchanged files (same sha256 at the same path) are skipped; a changed file's old facts are
replaced in the same transaction that writes the new ones; with ``prune`` the plans whose
files are no longer among the inputs are removed. One broken file never stops the others.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from . import __version__
from .graph.build import normalise_title, records_to_graph, registry_to_graph
from .graph.sinks.base import GraphStore, StoreError, StoreUnavailable
from .loaders.errors import LoaderError
from .loaders.plan import extract_plan
from .loaders.registry import REGISTRY_PATH, load_registry

PLAN_TITLES = "MATCH (p:Plan) RETURN p.title AS title, p.key AS key ORDER BY key"
SUMMARY_COUNTS = {
    "documents": "MATCH (p:Plan) RETURN count(p) AS count",
    "tasks": "MATCH (t:Task) RETURN count(t) AS count",
    "agencies": "MATCH (a:Agency) RETURN count(a) AS count",
    "hospitals": "MATCH (h:Hospital) RETURN count(h) AS count",
    "citations": "MATCH (:Plan)-[r:IMPLEMENTS|REFERENCES]->(:Document) RETURN count(r) AS count",
}


@dataclass
class BuildReport:
    written: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    pruned: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    warnings: int = 0
    totals: dict[str, int] = field(default_factory=dict)
    aborted: bool = False         # the store went away mid-build


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_registry(store: GraphStore, known: dict[str, str]) -> bool:
    """Write the parent-document registry when the store lacks this version of it."""
    registry = load_registry()
    if known.get(REGISTRY_PATH) == registry["source"]["sha256"]:
        return False
    store.write_document(registry_to_graph(registry), replaces=known.get(REGISTRY_PATH))
    return True


def build(store: GraphStore, files: Iterable[Path], *, prune: bool = False,
          on_file: Callable[[], None] = lambda: None) -> BuildReport:
    """Write every file's plan into ``store``; report what was written, skipped and failed."""
    report = BuildReport()
    store.ensure_schema()
    known = store.source_hashes()
    files = list(files)
    known_plans = {normalise_title(row["title"]): row["key"]
                   for row in store.read(PLAN_TITLES) if row.get("title")}
    written_hashes: dict[str, str] = {}
    try:
        write_registry(store, known)
    except StoreUnavailable as error:
        report.failed.append((REGISTRY_PATH, str(error)))
        report.failed += [(str(rest), f"{rest}: not written, the store went away")
                          for rest in files]
        report.aborted = True
        return report
    except (LoaderError, StoreError) as error:   # lineage stops at the loaded plans
        report.failed.append((REGISTRY_PATH, str(error)))
    for index, path in enumerate(files):
        on_file()
        name = str(path)
        try:
            sha = file_sha256(path)
        except OSError as error:
            report.failed.append((name, f"{name}: cannot read the file: {error.strerror}"))
            continue
        if known.get(name) == sha:
            report.skipped.append(name)
            continue
        twin = written_hashes.get(sha) or next(
            (other for other, other_sha in known.items() if other_sha == sha and other != name),
            None)
        if twin is not None:
            report.failed.append((name, f"{name}: the same bytes as {twin}; not loaded twice"))
            continue
        try:
            record = extract_plan(path).to_dict()
            model = records_to_graph([record], known_plans)
            store.write_document(model.documents[0], replaces=known.get(name))
        except StoreUnavailable as error:
            # the server went away: this document and every one after it is not written
            report.failed.append((name, str(error)))
            report.failed += [(str(rest), f"{rest}: not written, the store went away")
                              for rest in files[index + 1:]]
            report.aborted = True
            return report
        except (LoaderError, StoreError) as error:
            report.failed.append((name, str(error)))
            continue
        except Exception as error:  # a bug in one document's rules must not stop the build
            report.failed.append((name, f"{name}: internal error: {type(error).__name__}: "
                                        f"{error}"))
            continue
        written_hashes[sha] = name
        if record["plan"].get("title"):
            known_plans.setdefault(normalise_title(record["plan"]["title"]),
                                   model.documents[0].plan_key)
        report.written.append(name)
        report.warnings += len(record["warnings"])
    if prune:
        current = {str(path) for path in files}
        for name, sha in sorted(known.items()):
            if name not in current and name != REGISTRY_PATH:
                store.delete_source(sha)
                report.pruned.append(name)
    store.set_build({"version": __version__,
                     "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
                     "documents": len(report.written) + len(report.skipped)})
    report.totals = {name: store.read(query)[0]["count"] for name, query in SUMMARY_COUNTS.items()}
    return report
