"""One build's run, its first half: reading the input files, sorting out what the store keeps,
what the new files replace and what goes, and reading a document's record and text again.
The writing half is policykg/run_writing.py."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from .graph.identity import Facts
from .graph.stores.base import GraphStore, StoreError
from .known import Known
from .loaders.documents import Unsupported, check_format, from_text, read_bytes
from .loaders.errors import LoaderError
from .loaders.plan import build_record
from .loaders.record import PlanRecord
from .loaders.record_lines import RecordLineError, read_record_line
from .loaders.source import DEFAULT_MAX_SIZE, display_path, read_document
from .stored import SOURCE_TEXT, BuildReport, _Stored, unpack

MAX_BROKEN_LINES = 20   # --from-records: a file with this many is not read further


class _RunReading:
    """One build: the store's documents, the input files, and the documents to end with. What
    it writes (write_new, settle, delete ...) is _Run's (policykg/run_writing.py)."""

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
        # build --from-records: sha256 -> the record and text of a line (the record read at
        # the first path, as a file would be extracted), for documents not stored with text
        self.records: dict[str, tuple[PlanRecord, str]] = {}

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
        self.note_same_bytes()

    def note_same_bytes(self) -> None:
        for names in self.present.values():
            if len(names) > 1:
                self.report.notes.append(
                    f"{', '.join(sorted(names))}: the same bytes; one document, listed at "
                    "every path")

    def read_records(self, files: list[Path]) -> None:
        """build --from-records: the lines of `extract --format build-jsonl` in place of the
        files (loaders/record_lines.py). Each line stands for the file it was read from; a
        line that is not a record fails as "FILE: line N: why", and the others still load."""
        for file in files:
            name = display_path(file)
            broken = 0
            try:
                with open(file, "rb") as handle:
                    for number, raw in enumerate(handle, 1):
                        if raw.strip() and not self.read_line(f"{name}: line {number}", raw):
                            broken += 1
                        if broken == MAX_BROKEN_LINES:   # not a file of record lines at all
                            self.report.failed.append((name, f"{name}: {broken} lines are not "
                                                             "records; the rest is not read"))
                            break
            except OSError as error:
                self.report.failed.append((name, f"{name}: cannot read the file: "
                                                 f"{error.strerror or error}"))
        self.note_same_bytes()

    def read_line(self, where: str, raw: bytes) -> bool:
        """One line: a record (its file present, with these bytes) or a failed file. False
        when the line is neither."""
        try:
            line = read_record_line(json.loads(raw.decode("utf-8")))
        except (UnicodeDecodeError, json.JSONDecodeError, RecordLineError) as error:
            reason = str(error) if isinstance(error, RecordLineError) else \
                f"not JSON ({error})"
            self.report.failed.append((where, f"{where}: {reason}"))
            self.on_file()
            return False
        if line.record is None:   # extract could not read the file: it fails here too
            self.inputs.add(line.path)
            self.failed_paths.add(line.path)
            self.report.failed.append((line.path, line.message or f"{line.path}: failed"))
            self.on_file()
            return True
        sha = line.record.source.sha256
        if line.path in self.inputs:   # the same file twice (a shard given twice)
            if line.path not in self.present.get(sha, ()):
                self.report.failed.append((where, f"{where}: {line.path} again, with other "
                                                  "bytes; the first line is kept"))
            self.on_file()
            return True
        self.inputs.add(line.path)
        self.present.setdefault(sha, []).append(line.path)
        held = self.records.get(sha)
        wanted = sha not in self.stored or not self.stored[sha].has_text
        if wanted and (held is None or line.path < held[0].source.path):
            self.records[sha] = (line.record, line.text)
        return True

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

    # extracting ---------------------------------------------------------------------------

    def extract(self, sha: str, path: str) -> tuple[PlanRecord, str]:
        """The record of a new document, read as found at ``path``: from its bytes, or the
        record line it was given as."""
        if sha in self.records:
            return self.records.pop(sha)
        document = read_bytes(self.data.pop(sha), path, sha)
        return build_record(document), document.text

    def stored_text(self, sha: str) -> tuple[str, str | None, str]:
        """(text the rules read, encoding, format) of a stored document: from the store, else
        from its file."""
        rows = self.store.read(SOURCE_TEXT, {"sha": sha})
        packed = rows[0]["text"] if rows else None
        if rows and packed is None:
            packed = self.store.text_kept_aside(sha)
        if packed is not None:
            return unpack(packed), rows[0]["encoding"], rows[0]["format"] or "text"
        if not self.present.get(sha):
            raise StoreError(f"{self.stored[sha].paths[0]}: its file is gone and the store "
                             "keeps no text of it (written by an earlier policykg)")
        if sha in self.records:   # build --from-records: the line's text
            record, text = self.records[sha]
            return text, record.source.encoding, record.source.format
        name = sorted(self.present[sha])[0]
        document = read_bytes(read_document(self.files[name], self.max_size), name, sha)
        return document.text, document.encoding, document.format

    def facts_from_text(self, sha: str) -> Facts:
        """A document written by an earlier policykg, without facts: read it again."""
        text, encoding, kind = self.stored_text(sha)
        return Facts.of(build_record(from_text(self.stored[sha].paths[0], sha, text, encoding,
                                               kind)))

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
