"""The source texts the embedded store keeps beside its graph: one file a source, by sha256.

The builder keeps each source's text so it can write a document again when its placement
changes after its file is gone (policykg/builder.py). In kglite a text kept as a property of
the Source node cost every later write (a transaction's first write to a label copies that
label's columns: ~1.8 ms a plan at 1,000 plans, growing with the corpus) and tipped the saved
graph out of its compressed form (1,000 plans: 100 MB with the texts, 38 MB without). So the
embedded store keeps them as files: `texts/<sha256>.zlib-base64` (the builder's packed form,
policykg/stored.py pack()).

A text is written before the transaction that writes its Source commits, so every Source the
graph holds has its text; a file whose Source is gone (a delete, a kill between commit and
clean-up) is removed by the next writer's close (sweep()). Neo4j keeps the text as a property.
"""

from __future__ import annotations

import os
from pathlib import Path

TEXTS_FOLDER = "texts"
SUFFIX = ".zlib-base64"
# the Source property the builder puts the packed text in (policykg/run_writing.py)
TEXT_PROPERTY = "text_zlib_base64"


class KeptTexts:
    """A folder of packed texts named by sha256."""

    def __init__(self, store_folder: Path):
        self.folder = store_folder / TEXTS_FOLDER

    def path(self, sha256: str) -> Path:
        return self.folder / f"{sha256}{SUFFIX}"

    def keep(self, sha256: str, packed: str) -> None:
        """Write atomically (a temporary file renamed): a kill leaves the old file or none."""
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.path(sha256)
        temporary = target.with_name(target.name + ".tmp")
        temporary.write_text(packed, encoding="ascii")
        os.replace(temporary, target)

    def read(self, sha256: str) -> str | None:
        try:
            return self.path(sha256).read_text(encoding="ascii")
        except FileNotFoundError:
            return None

    def held(self) -> set[str]:
        """The sha256 of every text kept."""
        if not self.folder.is_dir():
            return set()
        return {name.name.removesuffix(SUFFIX) for name in self.folder.iterdir()
                if name.name.endswith(SUFFIX)}

    def sweep(self, sources: set[str]) -> None:
        """Remove the texts (and temporary files) of sources the graph no longer holds."""
        if not self.folder.is_dir():
            return
        for name in self.folder.iterdir():
            if name.name.endswith(".tmp") or (name.name.endswith(SUFFIX) and
                                              name.name.removesuffix(SUFFIX) not in sources):
                name.unlink(missing_ok=True)
