"""Stores built from the seed plans for the map tests, plus a plan file carrying injection
text in two task titles (seed 000 with 深化医疗服务价格改革 and 改革薪酬分配制度 replaced)."""

from pathlib import Path

import pytest

from policykg.builder import build
from policykg.graph.snapshot import read_snapshot
from policykg.graph.stores.embedded_store import EmbeddedStore
from tests.seedlib import BUNDLED

ROOT = Path(__file__).resolve().parents[2]
SEED_000_FILE = ROOT / "samples" / "plans" / "000_e81826a0173922c6.txt"
IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "<script>alert(2)</script>"
HOSTILE_PLAN = "渝北府办发〔2022〕99号"


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory):
    store = EmbeddedStore(tmp_path_factory.mktemp("map-store"))
    report = build(store, BUNDLED)
    assert report.failed == [] and len(report.written) == len(BUNDLED)
    yield store
    store.close()


@pytest.fixture(scope="session")
def seed_graph(seed_store):
    return read_snapshot(seed_store)


@pytest.fixture(scope="session")
def hostile_graph(tmp_path_factory):
    """A plan whose task titles are markup: it must render as text, never run."""
    folder = tmp_path_factory.mktemp("hostile")
    text = SEED_000_FILE.read_text(encoding="utf-8")
    text = text.replace("渝北府办发〔2022〕40号", HOSTILE_PLAN)
    text = text.replace("深化医疗服务价格改革", IMG).replace("改革薪酬分配制度", SCRIPT)
    (folder / "hostile.txt").write_text(text, encoding="utf-8")
    store = EmbeddedStore(folder / "store")
    report = build(store, [folder / "hostile.txt"])
    assert report.failed == [], report.failed
    graph = read_snapshot(store)
    store.close()
    return graph


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """build/screenshots/ in the checkout: CI keeps the PNGs there as artifact files. Each
    test writes its own files over the last run's; the folder is never emptied, so test runs
    side by side (or a copy to docs/images/ during a run) do not lose each other's PNGs."""
    folder = ROOT / "build" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
