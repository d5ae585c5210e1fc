#!/usr/bin/env bash
# Golden tests of the writers: every fixture host and example host, in
# table and JSON, without rules and under every shipped profile at dates
# either side of the rules' effective dates, with and without waivers.
# Outputs must stay byte-identical to tests/golden/expected, except JSON
# keys listed in ADDED_KEYS, which are removed from the current output
# before comparing when the golden files predate them (schema SCHEMA_NOW
# against the golden files' version).
#
# History: the first golden files were the output of main before the
# assessment model (issue 7, commit 792611a); the assessment model passed
# against them byte for byte with "evidence" as the only added key. The rule
# pack corrections (issue 8) changed findings on purpose; the files were
# then rewritten with --update and the differences reviewed in that commit.
# SPD (issue 16) rewrote them again: the SPD fixtures in tests/data are new
# hosts, schema 1.3 adds memory-device and finding keys, and the message for
# unrecognized files names SPD images. The own-module grammars (a DRAM
# maker's own module carries its dies) then named the DRAM maker of the
# Samsung, SK hynix and Micron modules of the fixtures, which also changed
# the findings that count DRAM dies. Then the LPDDR4X fixture's size went
# from 4 GB to 2 GB (its dies are on its channels; the decode-dimms
# differential, which now compares sizes, caught it).
#
# Issue 14 grouped the table's findings and added the run summary to the
# table and JSON (schema 1.3), and added CSV, SARIF, CycloneDX and HTML
# outputs (and the table with --verbose) for two runs; SOURCE_DATE_EPOCH
# fixes the time those carry, so they too must stay byte-identical.
#
# Issue 9 (schema 1.4) added the smartctl fixtures of tests/data as new
# hosts (text and JSON reports of drives, in every output) and the schema
# version; the files were rewritten with --update after checking that every
# earlier host's part is unchanged in each format (the JSON hosts equal, the
# table's host blocks equal, SARIF results and CycloneDX components equal up
# to the hosts' renumbered references, every HTML host article kept) and that
# only the run summaries' counts grew.
#
# The saved tool outputs of issue 9 (tests/data/tool-outputs) are new hosts:
# rewritten with --update, every JSON document's earlier hosts checked equal
# and the table, CSV and HTML differences checked to be those hosts, the
# ordinals and anchors after them, the run summary and the scope line.
#
# Export-control screening through the sinks (schema 1.5) added the
# screen outputs: the order list of the export cases (tests/data/export) in
# every format, and the Chinese one in table and JSON; every audit output
# was unchanged but for the JSON documents' schema_version (1.4 -> 1.5).
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
ADDED_KEYS=""
SCHEMA_NOW="1.5"
export SOURCE_DATE_EPOCH=1764460800 # 2025-11-30T00:00:00Z
unset NO_COLOR
# every entry of tests/data in walk order but bom/ and export/ (lists, read by
# 'chipaudit bom' and 'chipaudit screen', are not evidence of a host) and sysfs-tree/ (a captured tree, read by
# 'scan --root' and 'collect --root' in tests/collect, whose attribute files
# are not evidence one by one)
INPUTS=()
while IFS= read -r entry; do
	[ "$entry" = bom ] || [ "$entry" = export ] || [ "$entry" = sysfs-tree ] || INPUTS+=("tests/data/$entry")
done < <(LC_ALL=C ls tests/data)
INPUTS+=(examples/hosts)
WAIVERS=tests/golden/waivers.yaml

combos=("none 2026-11-30")
for p in cn-cii-bank cn-cii-telecom cn-foreign-invested us-executive-agency us-federal-contractor; do
	for d in 2019-01-01 2023-06-01 2026-11-30 2028-01-01; do combos+=("$p $d"); done
done
combos+=("cn-cii-bank 2026-11-30 waivers" "cn-cii-bank 2027-06-01 waivers")
for p in us-department-of-defense us-federal-contractor-deliverables; do
	for d in 2026-06-30 2027-06-30 2028-01-01; do combos+=("$p $d"); done
done

strip_added() { # JSON on stdin -> the same document without the added host keys
	python3 -c '
import json, sys
keys, now = sys.argv[1].split(), sys.argv[2]
doc = json.load(sys.stdin, object_pairs_hook=dict)
if doc["schema_version"] == now and keys:  # an output of this chipaudit: must hold every added key
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
	formats=(table json)
	case "$combo" in
	"cn-cii-bank 2026-11-30 waivers" | "us-executive-agency 2028-01-01")
		formats+=(table-verbose jsonl csv csv-components sarif cyclonedx html) ;;
	esac
	for fmt in "${formats[@]}"; do
		name="$profile-$date${waive:+-waivers}.$fmt"
		case "$fmt" in
		table-verbose) fargs=(--format table --verbose) ;;
		csv-components) fargs=(--format csv --csv-rows components) ;;
		*) fargs=(--format "$fmt") ;;
		esac
		"$CA" audit "${fargs[@]}" "${args[@]}" "${INPUTS[@]}" > "$TMP/out" 2> "$TMP/err"
		echo "exit $?" >> "$TMP/err"
		if [ "$UPDATE" = --update ]; then
			gzip -n -9 < "$TMP/out" > "$GOLD/$name.gz"
			cp "$TMP/err" "$GOLD/$name.stderr"
			continue
		fi
		if [ "$fmt" = json ] && [ -n "$ADDED_KEYS" ]; then
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
# chipaudit screen: order lists through the same sinks (the shipped
# screening lists and regime records, not a list imported by the user)
export XDG_DATA_HOME="$TMP/xdg"
screens=("orders table" "orders table-verbose" "orders table-quiet" "orders json" "orders jsonl" "orders csv"
	"orders csv-components" "orders sarif" "orders cyclonedx" "orders html" "orders-zh table" "orders-zh json")
for s in "${screens[@]}"; do
	read -r list fmt <<< "$s"
	name="screen-$list.$fmt"
	case "$fmt" in
	table-verbose) fargs=(--format table --verbose) ;;
	table-quiet) fargs=(--format table --quiet) ;;
	csv-components) fargs=(--format csv --csv-rows components) ;;
	*) fargs=(--format "$fmt") ;;
	esac
	"$CA" screen "${fargs[@]}" --as-of 2026-11-30 "tests/data/export/$list.csv" > "$TMP/out" 2> "$TMP/err"
	echo "exit $?" >> "$TMP/err"
	if [ "$UPDATE" = --update ]; then
		gzip -n -9 < "$TMP/out" > "$GOLD/$name.gz"
		cp "$TMP/err" "$GOLD/$name.stderr"
		continue
	fi
	if cmp -s "$TMP/out" <(gunzip < "$GOLD/$name.gz") && cmp -s "$TMP/err" "$GOLD/$name.stderr"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL $name"
		diff <(gunzip < "$GOLD/$name.gz") "$TMP/out" | head -20
		diff "$GOLD/$name.stderr" "$TMP/err" | head -5
	fi
done
[ "$UPDATE" = --update ] && { echo "golden outputs written to $GOLD"; exit 0; }
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
