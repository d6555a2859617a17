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
# [ocr]: RapidOCR with its PP-OCR models inside the wheel, for scanned plans
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test,ocr]'
bash scripts/sync-samples.sh
# Neo4j's Cypher linter for the tests (npm; cached in .cache/npm)
if command -v npm >/dev/null 2>&1; then
  npm_config_cache="$PWD/.cache/npm" npm ci --silent --no-audit --no-fund \
    --prefix tools/cypherlint >/dev/null
fi
# Headless Chromium and a CJK font for the browser tests and map screenshots (Debian packages;
# the tests drive Debian's chromium through Playwright, which downloads no browser of its own);
# LibreOffice (headless, no GUI) reads legacy Word .doc and Kingsoft .wps plans
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
{ command -v fc-list >/dev/null 2>&1 && fc-list :lang=zh | grep -q .; } || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo -n"
  if $SUDO true 2>/dev/null && command -v apt-get >/dev/null 2>&1; then
    $SUDO apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends \
      "${missing[@]}" >/dev/null
  else
    echo "setup: install ${missing[*]} (Debian packages) for the browser tests and .doc files" >&2
  fi
fi
