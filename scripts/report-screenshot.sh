#!/usr/bin/env bash
# Renders the HTML report of the shared corpus under the CN CII bank profile
# in headless Chromium and writes the screenshot shown in the README.
# usage: scripts/report-screenshot.sh [EVIDENCE_DIR] [OUT_PNG]   (run by hand)
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${1:-../shared/corpus/dmi}
PNG=${2:-docs/report-example.png}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(date -u -d 2026-11-30 +%s)} \
	build/chipaudit audit --as-of 2026-11-30 --profile cn-cii-bank --format html -o "$TMP/report.html" "$DIR" || true
chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run \
	--disable-background-networking --user-data-dir="$TMP/profile" --hide-scrollbars \
	--window-size=1280,1700 --virtual-time-budget=10000 --screenshot="$PNG" "file://$TMP/report.html" 2> /dev/null
echo "wrote $PNG"
