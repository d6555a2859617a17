"""One build's run, its second half: writing the new documents, then settling the store
(removing what they replaced, writing again every document whose placement changed)."""

from __future__ import annotations

from .graph.identity import Facts, Placement, place, versions
from .graph.stores.base import StoreError, StoreUnavailable
from .loaders.documents import from_text
from .loaders.plan import build_record
from .loaders.record import PlanRecord
from .run_reading import _RunReading
from .stored import placed_document


class _Abort(Exception):
    """The store went away: stop, and say what was not written."""


class _Run(_RunReading):
    """One build: _RunReading's reading and sorting out, and the writing."""

    # writing ------------------------------------------------------------------------------

    def write_new(self, order: list[str]) -> None:
        for sha in order:
            paths = sorted(self.present[sha])
            try:
                record, text = self.extract(sha, paths[0])
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
                self.report.warnings += len(record.warnings)
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
            record = build_record(from_text(placement.path, sha, text, encoding, kind))
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

    def write(self, sha: str, record: PlanRecord, text: str, placement: Placement,
              replaces: str | None) -> bool:
        """One document in one transaction, with what places it stored on its source."""
        document = placed_document(record, text, placement, self.known[sha][0])
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
