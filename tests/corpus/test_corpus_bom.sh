#!/usr/bin/env bash
# Extra suite: every bill of materials of the shared corpus screened under
# cn-cii-bank: no crash or sanitizer report, and every line whose maker cell
# names Micron (by a name the knowledge base knows) is a finding.
# usage: test_corpus_bom.sh CHIPAUDIT CORPUS_DIR
set -u
CA=$1 CORPUS=$2
if [ ! -d "$CORPUS/bom" ]; then
	echo "SKIP: $CORPUS/bom not found (the shared corpus is optional)"
	exit 77
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail=0 n=0
while IFS= read -r -d '' f; do
	n=$((n + 1))
	"$CA" bom --profile cn-cii-bank --as-of 2026-11-30 --format json -o "$TMP/r.json" "$f" 2> "$TMP/err"
	rc=$?
	if [ "$rc" -gt 2 ] || grep -qE 'AddressSanitizer|runtime error|LeakSanitizer' "$TMP/err"; then
		echo "FAIL: $f: exit $rc"; cat "$TMP/err"; fail=1; continue
	fi
	# lines (1-based rows) whose cells name Micron Technology or are exactly Micron
	want=$(python3 -c '
import csv, sys
n = 0
for row in csv.reader(open(sys.argv[1], encoding="utf-8", newline="")):
    n += any(c.strip() in ("Micron", "Micron Technology Inc.", "Micron Technology") for c in row)
print(n)' "$f")
	got=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(len({f["component"].split(" of line ")[-1] if f["component"].startswith("alternate") else f["component"]
           for h in d["hosts"] for f in h.get("findings", []) if f["rule"] == "cn-cac-2023-micron"}))' "$TMP/r.json")
	if [ "$got" -lt "$want" ]; then
		echo "FAIL: $f: $want rows name Micron, $got lines flagged"; fail=1
	fi
done < <(find "$CORPUS/bom" -name '*.csv' -print0 | sort -z)
echo "screened $n lists"
[ "$n" -gt 0 ] && [ "$fail" -eq 0 ]
