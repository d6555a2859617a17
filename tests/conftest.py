"""Shared fixtures. A real Neo4j server for the tests that need one.

When NEO4J_URI is set the tests use that server; otherwise the session starts a local Neo4j
Community 5.26 with scripts/neo4j-local (jars from Maven Central, cached in .cache/) on its own
ports and data folder, and stops it at the end. Neo4j tests never skip: if the server cannot
start, they fail with the server's log.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

pytest_plugins = ["tests.browser"]  # the `chromium` fixture

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "neo4j-local"
TEST_PASSWORD = "policykg-test"


@pytest.fixture
def plans(tmp_path) -> Path:
    """A folder with a copy of every bundled seed plan, free to change or delete."""
    folder = tmp_path / "plans"
    folder.mkdir()
    for seed in sorted((ROOT / "samples" / "plans").glob("*.txt")):
        shutil.copy(seed, folder / seed.name)
    return folder


@pytest.fixture(scope="session")
def neo4j_settings(tmp_path_factory) -> dict:
    if os.environ.get("NEO4J_URI"):
        from policykg.graph.stores.neo4j_store import settings_from_env

        yield settings_from_env()
        return
    bolt, http = os.environ.get("POLICYKG_TEST_BOLT_PORT", "17687"), \
        os.environ.get("POLICYKG_TEST_HTTP_PORT", "17474")
    env = {**os.environ, "NEO4J_PASSWORD": TEST_PASSWORD, "NEO4J_BOLT_PORT": bolt,
           "NEO4J_HTTP_PORT": http, "NEO4J_DATA_DIR": str(tmp_path_factory.mktemp("neo4j")),
           # the wrong-password test must not lock the test user out
           "NEO4J_EXTRA_CONF": "dbms.security.auth_max_failed_attempts=0",
           "NEO4J_STATE_DIR": str(tmp_path_factory.mktemp("neo4j-state"))}
    started = subprocess.run([str(SCRIPT), "start"], env=env, capture_output=True, text=True)
    if started.returncode != 0:
        pytest.fail(f"the local Neo4j did not start (exit {started.returncode}):\n"
                    f"{started.stdout}\n{started.stderr}", pytrace=False)
    try:
        yield {"uri": f"bolt://127.0.0.1:{bolt}", "username": "neo4j",
               "password": TEST_PASSWORD, "database": None, "env": env}
    finally:
        subprocess.run([str(SCRIPT), "stop"], env=env, capture_output=True, text=True)


@pytest.fixture
def neo4j_store(neo4j_settings):
    from policykg.graph.stores.neo4j_store import Neo4jStore

    settings = {k: v for k, v in neo4j_settings.items() if k != "env"}
    store = Neo4jStore(**settings)
    store.driver.execute_query("MATCH (n) DETACH DELETE n")
    try:
        yield store
    finally:
        store.close()
