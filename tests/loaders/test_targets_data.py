"""The word lists of the prose-target rule (loaders/data/targets.toml) replay their examples.

Every entry has its reason and examples; each example is a sentence with the targets the rule
reads from it, as [name, value, qualifier] in order, so a list cannot drift from the text it
was written for.
"""

from __future__ import annotations

import pytest

from policykg.loaders.rules.target_words import target_data
from policykg.loaders.rules.targets import find_prose_targets


def _entries() -> list[tuple[str, dict]]:
    out = []
    for key, value in target_data().items():
        for entry in value if isinstance(value, list) else [value]:
            out.append((key, entry))
    return out


ENTRIES = _entries()


@pytest.mark.parametrize("key, entry", ENTRIES, ids=[f"{key}-{i}" for i, (key, _) in
                                                    enumerate(ENTRIES)])
def test_entry_replays_its_examples(key: str, entry: dict) -> None:
    assert entry["reason"].strip()
    assert entry["examples"], f"{key}: every entry needs examples"
    for example in entry["examples"]:
        found = [[t.name, t.value, t.qualifier or ""] for t in find_prose_targets(example["text"])]
        assert found == example["targets"], example["text"]
