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
.venv/bin/policykg map plan --plan 渝北府办发〔2022〕40号 -o out/map-plan.html
.venv/bin/policykg map network -o out/map-network.html
.venv/bin/policykg map lineage -o out/map-lineage.html
echo
echo "Graph in ./policykg-store/ ; plan records in out/records.jsonl ;"
echo "maps (open in any browser, no internet needed): out/map-plan.html, out/map-network.html,"
echo "out/map-lineage.html"
