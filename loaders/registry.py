"""The registry of well-known parent documents (data/parent-documents.toml) as a record.

Plans name their parents only by title and doc number; the registry says who issued them,
when, at which level, and what they implement in turn, so lineage reaches the national level
even when the intermediate documents are not loaded. Like a plan, every fact keeps its
evidence: the registry file, its sha256 and the character span of the entry (or of its
`implements` line).
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from importlib import resources
from typing import Any

from .errors import LoaderError
from .rules.doc_number import normalise_doc_number

# a stable name, not the installed path: ids and exports must not depend on the machine
REGISTRY_PATH = "policykg:loaders/data/parent-documents.toml"
ENTRY = re.compile(r"^\[\[document\]\]\s*$", re.MULTILINE)
IMPLEMENTS_LINE = re.compile(r"^implements\s*=.*$", re.MULTILINE)


def registry_bytes() -> bytes:
    return resources.files("policykg.loaders.data").joinpath("parent-documents.toml").read_bytes()


def load_registry(data: bytes | None = None) -> dict[str, Any]:
    """{"source": {path, sha256}, "documents": [entry + span + implements_span]}."""
    data = registry_bytes() if data is None else data
    text = data.decode("utf-8")
    try:
        parsed = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise LoaderError(REGISTRY_PATH, f"not valid TOML: {error}") from None
    starts = [match.start() for match in ENTRY.finditer(text)]
    entries = parsed.get("document", [])
    if len(starts) != len(entries):
        raise LoaderError(REGISTRY_PATH, f"{len(entries)} entries but {len(starts)} "
                          "[[document]] lines (write each entry as a [[document]] table)")
    documents = []
    for index, (entry, start) in enumerate(zip(entries, starts, strict=True)):
        end = starts[index + 1] if index + 1 < len(starts) else len(text)
        block = text[start:end].rstrip()
        doc_number = normalise_doc_number(entry.get("doc_number", "")) or None
        if not doc_number:   # the title may be unknown (京政办发〔2022〕23号: see its note)
            raise LoaderError(REGISTRY_PATH, "an entry needs a valid doc_number",
                              line=text.count("\n", 0, start) + 1)
        implements = IMPLEMENTS_LINE.search(block)
        documents.append({
            **entry, "doc_number": doc_number,
            "implements": [normalise_doc_number(n) or n for n in entry.get("implements", [])],
            "urls": [source["url"] for source in entry.get("sources", [])],
            "span": {"start": start, "end": start + len(block)},
            "implements_span": ({"start": start + implements.start(),
                                 "end": start + implements.end()} if implements else None),
            "implements_quote": implements.group() if implements else None,
        })
    return {"source": {"path": REGISTRY_PATH, "sha256": hashlib.sha256(data).hexdigest()},
            "documents": documents}
