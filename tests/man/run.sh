#!/usr/bin/env bash
# The man pages built from docs/man/*.scd render with man -l and groff
# without a warning, name what they must, and the data directory in FILES
# is the one the binary reads.
# usage: run.sh DATADIR PAGE...
set -u
DATADIR=$1; shift
# shellcheck source=tests/check.sh
source "$(dirname "$0")/../check.sh"
require man groff
for page in "$@"; do
	name=$(basename "$page")
	LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings=w -l "$page" > "$TMP/$name.txt" 2> "$TMP/$name.err"
	rc=$?
	check "$name: man -l renders (exit $rc)" test $rc -eq 0
	check "$name: man -l gives no warning: $(head -c 300 "$TMP/$name.err")" test ! -s "$TMP/$name.err"
	groff -man -ww -z -Tutf8 "$page" 2> "$TMP/$name.groff"
	check "$name: groff -ww gives no warning: $(head -c 300 "$TMP/$name.groff")" test ! -s "$TMP/$name.groff"
	check "$name: has NAME, DESCRIPTION and SEE ALSO" \
		sh -c "grep -q '^NAME' '$TMP/$name.txt' && grep -q '^DESCRIPTION' '$TMP/$name.txt' && grep -q '^SEE ALSO' '$TMP/$name.txt'"
	check "$name: no unexpanded @VARIABLE@" test -z "$(grep -o '@[A-Z]*@' "$page")"
	case $name in
	chipaudit.1)
		for w in scan audit identify 'rules list' --format --profile --as-of --purchases --fail-on \
			'EXIT STATUS' CHIPAUDIT_DATA_DIR chipaudit-collect.timer /var/lib/chipaudit/spool; do
			check "chipaudit(1) mentions $w" grep -q -- "$w" "$TMP/$name.txt"
		done
		check "chipaudit(1) names the data directory $DATADIR" grep -q "$DATADIR/kb/" "$page" ;;
	chipaudit-rules.5)
		for w in cn-cac-2023-micron us-ndaa-fy2019-889 us-ndaa-fy2023-5949 us-ndaa-fy2024-805 waivers; do
			check "chipaudit-rules(5) mentions $w" grep -q -- "$w" "$TMP/$name.txt"
		done ;;
	chipaudit-report.5)
		for w in table json jsonl csv sarif schema_version; do
			check "chipaudit-report(5) mentions $w" grep -qw -- "$w" "$TMP/$name.txt"
		done ;;
	esac
done
summary man
