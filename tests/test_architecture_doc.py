"""docs/architecture.md matches the tree: every package folder and module it names exists."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "architecture.md"


def named_paths() -> list[str]:
    """Paths written in backticks that look like the tree's: `loaders/rules/`, `graph/model.py`."""
    return sorted(set(re.findall(r"`([a-z_]+(?:/[a-z_.]+)*/?)`", DOC.read_text("utf-8"))))


def test_every_package_the_architecture_names_exists():
    paths = [p for p in named_paths() if "/" in p]
    assert "loaders/documents/" in paths and "graph/sinks/" in paths
    missing = [p for p in paths if not (ROOT / p).exists()]
    assert missing == []


def test_every_module_named_beside_its_package_exists():
    text = DOC.read_text("utf-8")
    missing = []
    for row in re.findall(r"^\| `([a-z_/]+/)` \|(.*)$", text, re.MULTILINE):
        folder, rest = row
        for module in re.findall(r"`([a-z_]+\.py)`", rest):
            if not (ROOT / folder / module).exists():
                missing.append(folder + module)
    assert missing == []
