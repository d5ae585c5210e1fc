#!/usr/bin/env bash
# Extra suite: every smartctl report of the shared corpus (drives/) is read
# as one drive, with no crash or sanitizer report; drive makers read from
# model strings alone agree with the makers the reports' ids name
# (bench/drive_attribution.py --check: agreement >= 98% of answers, answers
# for >= 90%); both YMTC reports of drives/extra are YMTC's and fail section
# 5949 under the US executive agency profile when bought on 2027-12-23.
# usage: test_corpus_drives.sh CHIPAUDIT CORPUS_DIR SOURCE_ROOT
set -u
CA=$1 CORPUS=$2 SRC=$3
if [ ! -d "$CORPUS/drives" ]; then
	echo "SKIP: $CORPUS/drives not found (the shared corpus is optional)"
	exit 77
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail=0
files=$(find "$CORPUS/drives" -type f ! -name LICENSE | wc -l)
"$CA" audit --format jsonl -o "$TMP/all.jsonl" "$CORPUS/drives" 2> "$TMP/err"
rc=$?
if [ "$rc" -gt 2 ] || grep -qE 'AddressSanitizer|runtime error|LeakSanitizer' "$TMP/err"; then
	echo "FAIL: audit of drives/: exit $rc"; head -20 "$TMP/err"; fail=1
fi
read -r hosts drives <<< "$(python3 -c '
import json, sys
hosts = drives = 0
for line in open(sys.argv[1]):
    h = json.loads(line)
    hosts += 1
    drives += len(h.get("devices") or []) == 1 and h["format"] in ("smartctl-text", "smartctl-json")
print(hosts, drives)' "$TMP/all.jsonl")"
echo "reports: $files; hosts in the report: $hosts; read as one drive each: $drives"
if [ "$drives" -ne "$files" ]; then
	echo "FAIL: $((files - drives)) reports were not read as a drive"; fail=1
fi
python3 "$SRC/bench/drive_attribution.py" "$CA" "$CORPUS/drives" --check || fail=1
# drives/extra: YMTC by any one of PCI id, OUI, model; 5949 fails when bought on the date
printf 'file,purchase_date\n' > "$TMP/purchases.csv"
for f in "$CORPUS"/drives/extra/*; do
	printf '%s,2027-12-23\n' "$(basename "$f")" >> "$TMP/purchases.csv"
done
"$CA" audit --profile us-executive-agency --as-of 2027-12-23 --purchases "$TMP/purchases.csv" \
	--format json -o "$TMP/extra.json" "$CORPUS"/drives/extra/* 2>> "$TMP/err"
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
ok = len(d["hosts"]) == 2
for h in d["hosts"]:
    dev = h["devices"][0]
    drive = dev["makers"]["drive"]
    fails = [f for f in h["findings"] if f["rule"] == "us-ndaa-fy2023-5949/part-a" and f["severity"] == "fail"]
    print("%s: drive %s (%s), 5949 part A: %s" % (dev["model"], drive["owner"], drive["method"], "fail" if fails else "no failure"))
    ok &= drive["owner_id"] == "ymtc" and len(fails) == 1
sys.exit(0 if ok else 1)' "$TMP/extra.json" || { echo "FAIL: drives/extra"; fail=1; }
exit $fail
