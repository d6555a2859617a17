#!/usr/bin/env bash
# Set up a local virtual environment with policykg and its test tools (idempotent).
# Also takes in any new sample plans that appeared in ../shared/corpus/seeds/.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
bash scripts/sync-samples.sh
# Neo4j's Cypher linter for the tests (npm; cached in .cache/npm)
if command -v npm >/dev/null 2>&1; then
  npm_config_cache="$PWD/.cache/npm" npm ci --silent --no-audit --no-fund \
    --prefix tools/cypherlint >/dev/null
fi
