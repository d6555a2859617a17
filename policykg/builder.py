"""`build`: plan files -> graph store, incrementally and one document at a time.

A source is its bytes: a file whose sha256 the store holds is not read again, whatever its
path; a moved or renamed file is the same document at a new path, and the same bytes at two
paths are one document with both paths. A file whose bytes changed replaces the document that
was at its path, in the same transaction. Documents with one doc number (or title) and
different bytes are versions, kept apart (graph/build.py place()). Without ``prune`` a
document whose file is gone stays; with it, what no present file holds is removed.

The store ends as a fresh build of the same documents would leave it, whatever the order of
earlier builds, and a build stopped anywhere is completed by the next one: every document's
placement (key, version group, paths, where its citations by title point) is stored with its
source, and a document whose placement changed is written again, from the text the store
keeps of it when its file is gone.
"""

from __future__ import annotations

import base64
import hashlib
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from . import __version__
from .graph.build import (
    Facts,
    Placement,
    normalise_title,
    place,
    records_to_graph,
    registry_to_graph,
    versions,
)
from .graph.sinks.base import GraphStore, StoreError, StoreUnavailable
from .loaders.documents import Unsupported, check_format, from_text, read_bytes
from .loaders.errors import LoaderError
from .loaders.plan import build_record
from .loaders.registry import REGISTRY_PATH, load_registry
from .loaders.source import DEFAULT_MAX_SIZE, display_path, read_document

SUMMARY_COUNTS = {
    "documents": "MATCH (p:Plan) RETURN count(p) AS count",
    "tasks": "MATCH (t:Task) RETURN count(t) AS count",
    "agencies": "MATCH (a:Agency) RETURN count(a) AS count",
    "hospitals": "MATCH (h:Hospital) RETURN count(h) AS count",
    "citations": "MATCH (:Plan)-[r:IMPLEMENTS|REFERENCES]->(:Document) RETURN count(r) AS count",
}
# Every source the store holds, with what the builder stored to place it among the others
STORED_SOURCES = (
    "MATCH (s:Source) OPTIONAL MATCH (p:Document)-[:FROM_SOURCE]->(s) "
    "RETURN s.sha256 AS sha256, s.path AS path, s.paths AS paths, s.placement AS placement, "
    "s.doc_number AS doc_number, s.plan_title AS plan_title, s.status AS status, "
    "s.issued AS issued, s.cites_by_title AS cites_by_title, "
    "s.text_zlib_base64 IS NOT NULL AS has_text, "
    "p.key AS key ORDER BY sha256")
SOURCE_TEXT = ("MATCH (s:Source {sha256: $sha}) "
               "RETURN s.text_zlib_base64 AS text, s.encoding AS encoding, s.format AS format")
COUNT_DOCUMENTS = ("MATCH (s:Source) WHERE s.path <> $registry "
                   "RETURN count(s) AS count")   # the Build node's count
READ_STATEMENTS = (STORED_SOURCES, SOURCE_TEXT, COUNT_DOCUMENTS, *SUMMARY_COUNTS.values())


@dataclass
class BuildReport:
    written: list[str] = field(default_factory=list)    # new documents, by path
    skipped: list[str] = field(default_factory=list)    # documents the store holds as they are
    pruned: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    # files found in a folder that no reader takes (a spreadsheet, a README), with the reason
    not_plans: list[tuple[str, str]] = field(default_factory=list)
    rewritten: list[str] = field(default_factory=list)  # moved, or their versions changed
    notes: list[str] = field(default_factory=list)      # warnings that fail nothing
    warnings: int = 0
    totals: dict[str, int] = field(default_factory=dict)
    aborted: bool = False         # the store went away mid-build


@dataclass
class _Stored:
    """A source the store holds."""

    sha: str
    paths: tuple[str, ...]
    facts: Facts | None           # None: written by a policykg before placements
    placement: str | None         # the fingerprint it was written with
    key: str | None               # its plan's key
    has_text: bool


def pack(text: str) -> str:
    """A source's decoded text as the store keeps it: zlib-compressed UTF-8 in base64 (a
    third of the UTF-8; the embedded store keeps strings as they are)."""
    return base64.b64encode(zlib.compress(text.encode("utf-8"), 6)).decode("ascii")


def unpack(packed: str) -> str:
    return zlib.decompress(base64.b64decode(packed)).decode("utf-8")


def write_registry(store: GraphStore, stored: str | None, current: bool = True) -> bool:
    """Write the parent-document registry when the store lacks this version of it (the
    sha256 ``stored``), or holds it as an earlier policykg wrote it (not ``current``)."""
    registry = load_registry()
    if stored == registry["source"]["sha256"] and current:
        return False
    store.write_document(registry_to_graph(registry), replaces=stored)
    return True


def read_stored(store: GraphStore) -> tuple[dict[str, _Stored], _Stored | None]:
    """The plan sources the store holds, and its registry of parent documents (if any)."""
    stored, registry = {}, None
    for row in store.read(STORED_SOURCES):
        if row["path"] == REGISTRY_PATH:   # its paths: written as a source is now keyed
            registry = _Stored(row["sha256"], tuple(row["paths"] or ()), None, None, None,
                               False)
            continue
        facts = None
        if row["placement"] is not None:
            facts = Facts(row["doc_number"], row["plan_title"], row["status"], row["issued"],
                          tuple(row["cites_by_title"] or ()))
        paths = tuple(row["paths"] or [row["path"]])
        stored[row["sha256"]] = _Stored(row["sha256"], paths, facts, row["placement"],
                                        row["key"], bool(row["has_text"]))
    return stored, registry


class Known(dict):
    """sha256 -> (facts, paths) of the documents the build ends with, indexed by doc number
    and by normalised title, so one document's placement is computed from the documents it
    can share a key with (``related``), not from all of them: placing each new document by
    place() over every known one made a build quadratic in its documents."""

    def __init__(self) -> None:
        super().__init__()
        self.by_number: dict[str, set[str]] = {}
        self.by_title: dict[str, set[str]] = {}

    def _entries(self, facts: Facts) -> list[tuple[dict[str, set[str]], str]]:
        entries = []
        if facts.doc_number:
            entries.append((self.by_number, facts.doc_number))
        if facts.title:
            entries.append((self.by_title, normalise_title(facts.title)))
        return entries

    def __setitem__(self, sha: str, value: tuple[Facts, list[str]]) -> None:
        if sha in self:
            self._unindex(sha)
        super().__setitem__(sha, value)
        for index, name in self._entries(value[0]):
            index.setdefault(name, set()).add(sha)

    def __delitem__(self, sha: str) -> None:
        self._unindex(sha)
        super().__delitem__(sha)

    def pop(self, sha: str, *default):   # type: ignore[override]
        if sha in self:
            self._unindex(sha)
        return super().pop(sha, *default)

    def _unindex(self, sha: str) -> None:
        for index, name in self._entries(self[sha][0]):
            index[name].discard(sha)
            if not index[name]:
                del index[name]

    def related(self, sha: str) -> dict[str, tuple[Facts, list[str]]]:
        """The documents whose facts decide ``sha``'s placement: those sharing a doc number
        or a title with it, closed over both (a document with no doc number joins the group
        of a numbered one with its title), and those holding a title it cites."""
        numbers: set[str] = set()
        titles: set[str] = set()
        members, frontier = {sha}, [sha]
        while frontier:
            facts = self[frontier.pop()][0]
            found: set[str] = set()
            if facts.doc_number and facts.doc_number not in numbers:
                numbers.add(facts.doc_number)
                found |= self.by_number.get(facts.doc_number, set())
            title = normalise_title(facts.title) if facts.title else None
            if title and title not in titles:
                titles.add(title)
                found |= self.by_title.get(title, set())
            frontier += sorted(found - members)
            members |= found
        for title in self[sha][0].cites_by_title:   # where its citations by title resolve
            members |= self.by_title.get(title, set())
        return {member: self[member] for member in members}


class _Abort(Exception):
    """The store went away: stop, and say what was not written."""


class _Run:
    """One build: the store's documents, the input files, and the documents to end with."""

    def __init__(self, store: GraphStore, report: BuildReport, stored: dict[str, _Stored],
                 prune: bool, on_file: Callable[[], None], max_size: int = DEFAULT_MAX_SIZE):
        self.store, self.report, self.stored = store, report, stored
        self.prune, self.on_file, self.max_size = prune, on_file, max_size
        self.files: dict[str, Path] = {}             # name as shown -> the path to open
        self.present: dict[str, list[str]] = {}      # sha256 -> input paths with these bytes
        self.data: dict[str, bytes] = {}             # the bytes of documents not stored yet
        self.inputs: set[str] = set()
        self.failed_paths: set[str] = set()          # given, but unreadable or not a plan
        self.known = Known()                         # what placements are made of
        self.held: dict[str, str | None] = {s: d.placement for s, d in stored.items()}
        self.holder: dict[str, str] = {d.key: s for s, d in stored.items() if d.key}
        self.replaced: dict[str, set[str]] = {}      # stored sha -> new shas at its paths
        self.touched: set[str] = set()               # groups whose versions changed
        self.rewritten: set[str] = set()

    # reading ------------------------------------------------------------------------------

    def read_inputs(self, files: list[Path]) -> None:
        """Every input file is read once: its sha256, and its bytes if the store lacks them.
        A file found in a folder that no reader takes is listed and otherwise left out (it is
        not a plan: --prune treats it as absent)."""
        found_in_folder = getattr(files, "found_in_folder", set())
        for path in files:
            name = display_path(path)    # a name that is not UTF-8 is stored escaped
            try:   # once, within the size limit: a FIFO cannot be read twice
                data = read_document(path, self.max_size)
                check_format(data, name, path in found_in_folder)
            except Unsupported as error:
                if path in found_in_folder:
                    self.report.not_plans.append((name, error.message))
                    self.on_file()
                    continue
                self.inputs.add(name)
                self.report.failed.append((name, str(error)))
                self.failed_paths.add(name)
                self.on_file()
                continue
            except LoaderError as error:
                self.inputs.add(name)
                self.report.failed.append((name, str(error)))
                self.failed_paths.add(name)
                self.on_file()
                continue
            self.inputs.add(name)
            self.files[name] = path
            sha = hashlib.sha256(data).hexdigest()
            self.present.setdefault(sha, []).append(name)
            if sha not in self.stored:
                self.data.setdefault(sha, data)
        for names in self.present.values():
            if len(names) > 1:
                self.report.notes.append(
                    f"{', '.join(sorted(names))}: the same bytes; one document, listed at "
                    "every path")

    def sort_out(self) -> list[str]:
        """Decide what stays: the documents the store keeps (known), the ones the new files
        replace, and the ones to remove now. Returns the new documents in path order."""
        taken = {name for sha, names in self.present.items() if sha in self.stored
                 for name in names}
        new_paths = {name for sha, names in self.present.items() if sha not in self.stored
                     for name in names}
        remove = []
        for sha, document in sorted(self.stored.items()):
            if sha in self.present:
                self.keep(sha, self.present[sha])
                continue
            left = [p for p in document.paths if p not in taken]
            if self.prune:     # a path not given is gone; a given one failing still holds it
                left = [p for p in left if p in self.inputs]
            if not left:
                remove.append(sha)
            elif all(p in new_paths for p in left):   # replaced, if the new files load
                self.replaced[sha] = {s for s, names in self.present.items()
                                      if s not in self.stored and set(names) & set(left)}
            else:
                self.keep(sha, [p for p in left if p not in new_paths])
        for sha in remove:
            self.delete(sha)
        return sorted((sha for sha in self.present if sha not in self.stored),
                      key=lambda sha: min(self.present[sha]))

    def keep(self, sha: str, paths: list[str]) -> None:
        document = self.stored[sha]
        if document.facts is None:
            if sha in self.present or document.has_text:
                try:
                    self.known[sha] = (self.facts_from_text(sha), sorted(paths))
                except Exception as error:
                    self.fail(paths[0], error)
            else:
                self.report.notes.append(
                    f"{document.paths[0]}: written by an earlier policykg and its file is "
                    "gone; left as it is (build it from its file, or --prune it)")
            return
        self.known[sha] = (document.facts, sorted(paths))

    # writing ------------------------------------------------------------------------------

    def write_new(self, order: list[str]) -> None:
        for sha in order:
            paths = sorted(self.present[sha])
            try:
                record, text = self.extract(sha, paths[0], self.data.pop(sha))
            except Exception as error:   # one broken file never stops the others
                self.fail(paths[0], error)
                self.failed_paths.update(paths)
                self.progress(paths)
                continue
            self.known[sha] = (Facts.of(record), paths)
            placements = place(self.known.related(sha))
            if self.holder.get(placements[sha].key) not in (None, sha):
                # the key is held: the holder moves, placed among every document (rare)
                placements = place(self.known)
            replaces = sorted(old for old, new in self.replaced.items() if new == {sha})
            self.vacate(placements[sha].key, placements, allowed=set(replaces))
            if self.write(sha, record, text, placements[sha], replaces[0] if replaces else None):
                self.report.written.append(paths[0])
                self.report.warnings += len(record["warnings"])
                for old in replaces[1:]:
                    self.delete(old)
                for old in replaces:
                    del self.replaced[old]
            else:   # not in the store: placed nowhere
                del self.known[sha]
            self.progress(paths)

    def settle(self) -> None:
        """After the new documents: remove what they replaced (or keep it, when a new file
        failed), then write again every document whose placement changed."""
        for old, new in sorted(self.replaced.items()):
            if new <= set(self.known):
                self.delete(old)
            else:
                self.keep(old, [p for p in self.stored[old].paths
                                if p in self.failed_paths or p not in self.inputs])
        self.replaced.clear()
        placements = place(self.known)
        changed = [sha for sha, placement in placements.items()
                   if self.held.get(sha) != placement.fingerprint()]
        # versions first: they leave the key a new primary takes
        changed.sort(key=lambda sha: (not placements[sha].is_version, placements[sha].path))
        for sha in changed:
            if self.held.get(sha) != placements[sha].fingerprint():   # not moved meanwhile
                self.vacate(placements[sha].key, placements, allowed=set())
                self.rewrite(sha, placements[sha])
        for sha in sorted(set(self.present) & set(self.stored)):
            if sha not in self.rewritten:
                self.report.skipped.append(min(self.present[sha]))
            self.progress(self.present[sha])
        for group, members in sorted(versions(placements).items()):
            if group in self.touched:
                primary = placements[members[0]].path
                others = ", ".join(placements[sha].path for sha in members[1:])
                self.report.notes.append(
                    f"{group.removeprefix('document:')}: {len(members)} versions with "
                    f"different bytes; {primary} is the primary one, {others} "
                    f"VERSION_OF it")

    def vacate(self, key: str, placements: dict[str, Placement], allowed: set[str]) -> None:
        """Before a document is written at ``key``: the document holding it moves to its own
        new key, or goes if a new file replaces it."""
        holder = self.holder.get(key)
        if holder is None or holder in allowed:
            return
        if holder in placements:
            if placements[holder].key != key:
                self.rewrite(holder, placements[holder])
        elif holder in self.replaced:
            self.delete(holder)
            del self.replaced[holder]

    def rewrite(self, sha: str, placement: Placement) -> None:
        """Write a stored document again at its new placement, from the text the store keeps
        of it (or from its file)."""
        try:
            text, encoding, kind = self.stored_text(sha)
            record = build_record(from_text(placement.path, sha, text, encoding,
                                            kind)).to_dict()
        except StoreUnavailable as error:
            self.report.failed.append((placement.path, str(error)))
            raise _Abort from error
        except Exception as error:   # kept as it was; said, and the build goes on
            self.fail(placement.path, error)
            return
        before = self.stored.get(sha)
        if self.write(sha, record, text, placement, sha):
            self.report.rewritten.append(placement.path)
            self.rewritten.add(sha)
            if before is not None and not set(before.paths) & set(placement.paths):
                self.report.notes.append(f"{', '.join(placement.paths)}: moved (the same "
                                         f"bytes as {', '.join(before.paths)})")
            if before is not None and before.key not in (None, placement.key):
                role = "a version of " + placement.group if placement.is_version else \
                    "the primary version"
                self.report.notes.append(f"{placement.path}: now {role} "
                                         f"({placement.key.removeprefix('document:')})")

    def write(self, sha: str, record: dict, text: str, placement: Placement,
              replaces: str | None) -> bool:
        """One document in one transaction, with what places it stored on its source."""
        document = records_to_graph([record], {sha: placement}).documents[0]
        facts = self.known[sha][0]
        source = next(node for node in document.nodes if node.key == f"source:{sha}")
        source.properties.update({
            "text_zlib_base64": pack(text), "placement": placement.fingerprint(),
            "doc_number": facts.doc_number, "plan_title": facts.title,
            "status": facts.status, "issued": facts.issued,
            "cites_by_title": list(facts.cites_by_title)})
        try:
            self.store.write_document(document, replaces=replaces)
        except StoreUnavailable as error:
            self.report.failed.append((placement.path, str(error)))
            raise _Abort from error
        except StoreError as error:
            self.report.failed.append((placement.path, str(error)))
            return False
        if replaces is not None:
            self.forget(replaces)
        self.held[sha] = placement.fingerprint()
        self.holder[placement.key] = sha
        self.touched.add(placement.group)
        return True

    def delete(self, sha: str) -> None:
        """Remove a stored document: pruned (no file given holds it), or replaced."""
        name = self.stored[sha].paths[0]
        try:
            self.store.delete_source(sha)
        except StoreUnavailable as error:
            self.report.failed.append((name, str(error)))
            raise _Abort from error
        except StoreError as error:
            self.report.failed.append((name, str(error)))
            return
        if self.prune and not set(self.stored[sha].paths) & self.inputs:
            self.report.pruned.append(name)
        self.forget(sha)
        self.known.pop(sha, None)

    def forget(self, sha: str) -> None:
        self.held.pop(sha, None)
        for key in [key for key, holder in self.holder.items() if holder == sha]:
            del self.holder[key]
            self.touched.add(key.split("@")[0])

    # extracting ---------------------------------------------------------------------------

    @staticmethod
    def extract(sha: str, path: str, data: bytes) -> tuple[dict, str]:
        """The record of a document, from its bytes, read as found at ``path``."""
        document = read_bytes(data, path, sha)
        return build_record(document).to_dict(), document.text

    def stored_text(self, sha: str) -> tuple[str, str | None, str]:
        """(text the rules read, encoding, format) of a stored document: from the store, else
        from its file."""
        rows = self.store.read(SOURCE_TEXT, {"sha": sha})
        if rows and rows[0]["text"] is not None:
            return unpack(rows[0]["text"]), rows[0]["encoding"], rows[0]["format"] or "text"
        if not self.present.get(sha):
            raise StoreError(f"{self.stored[sha].paths[0]}: its file is gone and the store "
                             "keeps no text of it (written by an earlier policykg)")
        name = sorted(self.present[sha])[0]
        document = read_bytes(read_document(self.files[name], self.max_size), name, sha)
        return document.text, document.encoding, document.format

    def facts_from_text(self, sha: str) -> Facts:
        """A document written by an earlier policykg, without facts: read it again."""
        text, encoding, kind = self.stored_text(sha)
        return Facts.of(build_record(from_text(self.stored[sha].paths[0], sha, text, encoding,
                                               kind)).to_dict())

    def progress(self, paths: list[str]) -> None:
        for _ in paths:
            self.on_file()

    def fail(self, name: str, error: Exception) -> None:
        if isinstance(error, (LoaderError, StoreError, OSError)):
            message = str(error) if not isinstance(error, OSError) else (
                f"{name}: cannot read the file: {error.strerror or error}")
        else:  # a bug in one document's rules must not stop the build
            message = f"{name}: internal error: {type(error).__name__}: {error}"
        self.report.failed.append((name, message))


def build(store: GraphStore, files: Iterable[Path], *, prune: bool = False,
          on_file: Callable[[], None] = lambda: None,
          max_size: int = DEFAULT_MAX_SIZE) -> BuildReport:
    """Write every file's plan into ``store``; report what was written, skipped and failed."""
    report = BuildReport()
    files = files if isinstance(files, list) else list(files)
    store.ensure_schema()
    stored, registry = read_stored(store)
    try:
        write_registry(store, registry.sha if registry else None,
                       bool(registry and registry.paths))
    except StoreUnavailable as error:
        report.failed.append((REGISTRY_PATH, str(error)))
        report.failed += [(display_path(rest), f"{display_path(rest)}: not written, the store "
                                               "went away") for rest in files]
        report.aborted = True
        return report
    except (LoaderError, StoreError) as error:   # lineage stops at the loaded plans
        report.failed.append((REGISTRY_PATH, str(error)))
    run = _Run(store, report, stored, prune, on_file, max_size)
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
