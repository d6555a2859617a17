#!/usr/bin/env bash
# The main job: set up, then extract every bundled plan and show what was found.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
mkdir -p out
.venv/bin/policykg extract samples/plans --format jsonl -o out/records.jsonl
.venv/bin/policykg extract samples/plans --format summary
echo
echo "Plan records written to out/records.jsonl"
