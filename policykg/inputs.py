"""Turn command-line paths into the list of documents to read, in a stable order."""

from __future__ import annotations

from pathlib import Path

DOCUMENT_SUFFIXES = {".txt", ".text"}


def resolve_inputs(paths: tuple[Path, ...] | list[Path]) -> list[Path]:
    """Files as given; folders expand to their *.txt files (recursively), sorted by path."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.is_file()
                            and p.suffix.lower() in DOCUMENT_SUFFIXES)
        else:
            files.append(path)
    seen: dict[Path, None] = {}
    for file in files:
        seen.setdefault(file, None)
    return list(seen)
