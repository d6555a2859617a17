#!/usr/bin/env bash
# The main job: set up, build the graph from the bundled plans, and show what was found.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
mkdir -p out
.venv/bin/policykg build samples/plans --store policykg-store
echo
.venv/bin/policykg extract samples/plans --format jsonl -o out/records.jsonl
.venv/bin/policykg extract samples/plans --format summary
echo
echo "Graph in ./policykg-store/ ; plan records in out/records.jsonl"
