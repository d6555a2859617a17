"""Run Neo4j's Cypher linter (tools/cypherlint, npm @neo4j-cypher/language-support)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

LINTER = Path(__file__).resolve().parents[1] / "tools" / "cypherlint"


def lint(queries: dict[str, str], schema: dict) -> dict[str, list[str]]:
    """{name: [diagnostic messages]} for each query, against the declared schema."""
    node = shutil.which("node")
    assert node, "node is needed to run Neo4j's Cypher linter"
    assert (LINTER / "node_modules").is_dir(), "run scripts/setup.sh (npm ci in tools/cypherlint)"
    payload = json.dumps({"schema": schema,
                          "queries": [{"name": k, "text": v} for k, v in queries.items()]})
    done = subprocess.run([node, str(LINTER / "lint.mjs")], input=payload, capture_output=True,
                          text=True, cwd=LINTER, check=True)
    return {item["name"]: [d["message"] for d in item["diagnostics"]]
            for item in json.loads(done.stdout)}
