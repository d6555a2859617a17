"""The registry of parent documents: entries, their evidence spans, and the checks on it."""

import pytest

from policykg.graph.build import registry_to_graph
from policykg.loaders.errors import LoaderError
from policykg.loaders.registry import REGISTRY_PATH, load_registry, registry_bytes


def test_the_registry_holds_the_documents_the_seeds_descend_from():
    registry = load_registry()
    text = registry_bytes().decode("utf-8")
    by_number = {entry["doc_number"]: entry for entry in registry["documents"]}
    assert {"国办发〔2021〕18号", "中办发〔2023〕10号", "渝府办发〔2022〕5号", "川办发〔2021〕71号",
            "京政办发〔2022〕23号", "渝府办发〔2023〕76号", "渝医改办函〔2022〕2号"} <= set(by_number)
    for number, entry in by_number.items():
        block = text[entry["span"]["start"]:entry["span"]["end"]]
        assert block.startswith("[[document]]") and number in block
        assert entry["urls"], number          # every entry names a public source
    assert by_number["渝府办发〔2023〕76号"]["implements"] == ["中办发〔2023〕10号"]
    assert by_number["中办发〔2023〕10号"]["level"] == "national"


def test_registry_graph_links_with_evidence():
    graph = registry_to_graph(load_registry())
    assert graph.source_path == REGISTRY_PATH
    [link] = [r for r in graph.relationships if r.start == "document:渝府办发〔2023〕76号"]
    assert link.end == "document:中办发〔2023〕10号" and link.type == "IMPLEMENTS"
    text = registry_bytes().decode("utf-8")
    assert text[link.evidence.span_start:link.evidence.span_end] == link.evidence.quote
    national = next(n for n in graph.nodes if n.key == "document:国办发〔2021〕18号")
    assert national.always["level"] == "national" and national.shared


def test_a_broken_registry_is_a_clear_error():
    with pytest.raises(LoaderError, match="not valid TOML"):
        load_registry(b"[[document]\n")
    with pytest.raises(LoaderError, match=r"parent-documents.toml:1: an entry needs a valid"):
        load_registry(b'[[document]]\ndoc_number = "nonsense"\n')
