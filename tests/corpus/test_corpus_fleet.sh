#!/usr/bin/env bash
# Extra suite: the shared corpus's SMBIOS hosts and drives through the fleet
# store (SQLite): audit's JSON report made without a profile is ingested,
# then each host judged again under other profiles and dates gives exactly
# the findings audit gives of the same evidence (host, rule, component,
# severity, state, waived), and the store's makers by role (drives' roles
# too) equal the report's summary.
# usage: test_corpus_fleet.sh CHIPAUDIT CORPUS_DIR SAME_FINDINGS_PY
set -u
CA=$1 CORPUS=$2 SAME=$3
if [ ! -d "$CORPUS/dmi" ]; then
	echo "SKIP: $CORPUS/dmi not found (the shared corpus is optional)"
	exit 77
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export SOURCE_DATE_EPOCH=1790000000
fail=0
EV=("$CORPUS/dmi")
[ -d "$CORPUS/drives" ] && EV+=("$CORPUS/drives")
"$CA" audit --format json "${EV[@]}" > "$TMP/report.json" 2> /dev/null
"$CA" fleet ingest --db "$TMP/c.db" "$TMP/report.json" 2> "$TMP/ingest.err" || { cat "$TMP/ingest.err"; fail=1; }
"$CA" fleet summary --db "$TMP/c.db" --format json > "$TMP/summary.json"
python3 - "$TMP/report.json" "$TMP/summary.json" << 'PY' || { echo "FAIL: makers by role differ from the report's"; fail=1; }
import json, sys
rep = json.load(open(sys.argv[1]))["summary"]; st = json.load(open(sys.argv[2]))
got = {(r["role"], r["owner"] or ""): r["components"] for r in st["makers_by_role"]}
want = {(r["role"], r["owner"] or ""): r["components"] for r in rep["makers_by_role"] if r["role"] != "system"}
assert got == want, set(got.items()) ^ set(want.items())
print(f"makers by role of {len(json.load(open(sys.argv[1]))['hosts'])} hosts equal the report's")
PY
for judged in "cn-cii-bank 2026-11-30" "us-department-of-defense 2028-01-01" "us-federal-contractor 2027-12-23"; do
	read -r profile day <<< "$judged"
	"$CA" audit --format json --profile "$profile" --as-of "$day" "${EV[@]}" > "$TMP/want.json" 2> /dev/null
	"$CA" fleet findings --db "$TMP/c.db" --profile "$profile" --as-of "$day" --format json > "$TMP/got.json"
	python3 "$SAME" "$TMP/want.json" "$TMP/got.json" || { echo "FAIL: re-evaluation as $profile on $day"; fail=1; }
done
[ "$fail" -eq 0 ] && echo "corpus fleet: ok"
exit "$fail"
