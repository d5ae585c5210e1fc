#!/usr/bin/env bash
# Golden tests of the writers: every fixture host and example host, in
# table and JSON, without rules and under every shipped profile at dates
# either side of the rules' effective dates, with and without waivers.
# The expected outputs (gzip) were produced by the chipaudit of main before
# the assessment model (issue 7); outputs must stay byte-identical, except
# JSON keys that the schema added later (listed in ADDED_KEYS and removed
# before comparing, see docs/report.md).
#
# usage: tests/golden/run.sh CHIPAUDIT [--update]   (run from anywhere)
set -uo pipefail
CA=$(realpath "$1")
UPDATE=${2:-}
cd "$(dirname "$0")/../.."
GOLD=tests/golden/expected
mkdir -p "$GOLD"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# JSON host keys added after the golden outputs were made (by addition only),
# and the schema version that says so (the golden outputs say 1.0).
ADDED_KEYS="evidence"
SCHEMA_NOW="1.1"
INPUTS=(tests/data examples/hosts)
WAIVERS=tests/golden/waivers.yaml

combos=("none 2026-11-30")
for p in cn-cii-bank cn-cii-telecom cn-foreign-invested us-executive-agency us-federal-contractor; do
	for d in 2019-01-01 2023-06-01 2026-11-30 2028-01-01; do combos+=("$p $d"); done
done
combos+=("cn-cii-bank 2026-11-30 waivers" "cn-cii-bank 2027-06-01 waivers")

strip_added() { # JSON on stdin -> the same document without the added host keys
	python3 -c '
import json, sys
keys, now = sys.argv[1].split(), sys.argv[2]
doc = json.load(sys.stdin, object_pairs_hook=dict)
if doc["schema_version"] == now:  # an output of this chipaudit: must hold every added key
    doc["schema_version"] = "1.0"
    for h in doc.get("hosts", []):
        for k in keys:
            h.pop(k)
json.dump(doc, sys.stdout, ensure_ascii=False, separators=(",", ":"))
' "$ADDED_KEYS" "$SCHEMA_NOW"
}

pass=0 fail=0
for combo in "${combos[@]}"; do
	read -r profile date waive <<< "$combo"
	args=(--as-of "$date")
	[ "$profile" != none ] && args+=(--profile "$profile")
	[ -n "${waive:-}" ] && args+=(--ignore "$WAIVERS")
	for fmt in table json; do
		name="$profile-$date${waive:+-waivers}.$fmt"
		"$CA" audit --format "$fmt" "${args[@]}" "${INPUTS[@]}" > "$TMP/out" 2> "$TMP/err"
		echo "exit $?" >> "$TMP/err"
		if [ "$UPDATE" = --update ]; then
			gzip -n -9 < "$TMP/out" > "$GOLD/$name.gz"
			cp "$TMP/err" "$GOLD/$name.stderr"
			continue
		fi
		if [ "$fmt" = json ]; then
			strip_added < "$TMP/out" > "$TMP/got"
			gunzip < "$GOLD/$name.gz" | strip_added > "$TMP/want"
		else
			cp "$TMP/out" "$TMP/got"
			gunzip < "$GOLD/$name.gz" > "$TMP/want"
		fi
		if cmp -s "$TMP/got" "$TMP/want" && cmp -s "$TMP/err" "$GOLD/$name.stderr"; then
			pass=$((pass + 1))
		else
			fail=$((fail + 1))
			echo "FAIL $name"
			diff <(tr ',' '\n' < "$TMP/want") <(tr ',' '\n' < "$TMP/got") | head -20
			diff "$GOLD/$name.stderr" "$TMP/err" | head -5
		fi
	done
done
[ "$UPDATE" = --update ] && { echo "golden outputs written to $GOLD"; exit 0; }
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
