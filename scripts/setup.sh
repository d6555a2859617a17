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
