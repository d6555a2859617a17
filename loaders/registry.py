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
TITLE_LINE = re.compile(r"^title\s*=.*$", re.MULTILINE)
# The subject of a national opinion: 国务院办公厅关于(推动公立医院高质量发展)的意见
OPINION_SUBJECT = re.compile(r"关于(.{4,}?)的意见$")
LEVELS = ("national", "provincial", "municipal", "district")


def registry_bytes() -> bytes:
    return resources.files("policykg.loaders.data").joinpath("parent-documents.toml").read_bytes()


def load_registry(data: bytes | None = None, path: str = REGISTRY_PATH) -> dict[str, Any]:
    """{"source": {path, sha256}, "documents": [entry + span + implements_span + links]}.

    ``data`` and ``path``: a registry of the user's (`policykg build --registry FILE`) in place
    of the bundled one; its facts' evidence names ``path``. An entry's `links` are the parents
    it implements, each with a status: `confirmed` (its `implements` line, which a source
    named in the entry states) or `inferred` (by the rule named in `rule`, never a fact a
    source gave: see infer_links())."""
    data = registry_bytes() if data is None else data
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise LoaderError(path, f"not UTF-8 text (byte {error.start})") from None
    try:
        parsed = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise LoaderError(path, f"not valid TOML: {error}") from None
    starts = [match.start() for match in ENTRY.finditer(text)]
    entries = parsed.get("document", [])
    if len(starts) != len(entries):
        raise LoaderError(path, f"{len(entries)} entries but {len(starts)} "
                          "[[document]] lines (write each entry as a [[document]] table)")
    documents = []
    for index, (entry, start) in enumerate(zip(entries, starts, strict=True)):
        end = starts[index + 1] if index + 1 < len(starts) else len(text)
        block = text[start:end].rstrip()
        doc_number = normalise_doc_number(entry.get("doc_number", "")) or None
        if not doc_number:   # the title may be unknown (京政办发〔2022〕23号: see its note)
            raise LoaderError(path, "an entry needs a valid doc_number",
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
        title = TITLE_LINE.search(block)
        documents[-1]["title_span"] = ({"start": start + title.start(),
                                        "end": start + title.end()} if title else None)
        documents[-1]["title_quote"] = title.group() if title else None
    infer_links(documents)
    return {"source": {"path": path, "sha256": hashlib.sha256(data).hexdigest()},
            "documents": documents}


def infer_links(documents: list[dict[str, Any]]) -> None:
    """Each entry's `links`: its confirmed parents, then those the title-theme rule infers.

    The rule (title-theme): a national opinion 关于X的意见 (国务院办公厅关于推动公立医院高质量发展
    的意见) is what a lower-level document whose title carries X (重庆市推动公立医院高质量发展实施
    方案) carries out, when no source read says so: local plans are named after the national
    opinion they implement. Inferred links are kept apart (status `inferred`, the rule in
    `rule`), so a lineage answer says which hops a source confirmed."""
    subjects = []
    for entry in documents:
        found = OPINION_SUBJECT.search(entry.get("title") or "")
        if entry.get("level") == "national" and found:
            subjects.append((entry["doc_number"], found.group(1)))
    for entry in documents:
        links = [{"doc_number": parent, "status": "confirmed", "rule": None,
                  "span": entry["implements_span"], "quote": entry["implements_quote"]}
                 for parent in entry["implements"]]
        level = entry.get("level")
        lower = level in LEVELS and level != "national"
        for parent, subject in subjects:
            if (lower and subject in (entry.get("title") or "")
                    and parent not in entry["implements"] and entry["title_span"]):
                links.append({
                    "doc_number": parent, "status": "inferred",
                    "rule": f"title-theme: the title carries the subject of {parent} "
                            f"({subject}); no source read states the link",
                    "span": entry["title_span"], "quote": entry["title_quote"]})
        entry["links"] = links
