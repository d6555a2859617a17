"""The documents a build ends with, indexed for placing one of them among the rest."""

from __future__ import annotations

from .graph.identity import Facts, normalise_title


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
