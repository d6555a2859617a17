#!/usr/bin/env bash
# Copy plans that appeared in the shared seed corpus into samples/plans/ (never overwrites).
set -euo pipefail
cd "$(dirname "$0")/.."
SEEDS=${POLICYKG_SEEDS:-../shared/corpus/seeds}
[ -d "$SEEDS" ] || exit 0
added=0
for seed in "$SEEDS"/*.txt; do
  [ -e "$seed" ] || continue
  name=$(basename "$seed")
  if [ ! -e "samples/plans/$name" ]; then
    cp "$seed" "samples/plans/$name"
    added=$((added + 1))
  fi
done
[ "$added" = 0 ] || echo "samples: added $added new plan(s) from $SEEDS"
