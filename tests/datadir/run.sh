#!/usr/bin/env bash
# The data directory the CLI reads over its built-in data (docs/install.md):
# a copy of data/ gives the same reports; an added profile is usable; a
# changed pack replaces the built-in one; hidden files are not read; a broken
# file is an error with its file and line; CHIPAUDIT_DATA_DIR empty or absent.
# Run in both builds (the sanitizers watch the file lists).
# usage: run.sh CHIPAUDIT SOURCE_DIR
set -u
CA=$1 SRC=$2
# shellcheck source=tests/check.sh
source "$(dirname "$0")/../check.sh"
D=$TMP/data
mkdir "$D"
cp -r "$SRC/data/rules" "$SRC/data/profiles" "$SRC/data/kb" "$D/"
EX=$SRC/examples/hosts
audit() { "$CA" audit --fail-on warn --as-of 2026-11-30 --format json "$@" 2>&1; }

CHIPAUDIT_DATA_DIR=$D "$CA" rules list > "$TMP/list" 2>&1
check "rules list names the data directory" grep -qx "data directory: $D" "$TMP/list"
CHIPAUDIT_DATA_DIR='' "$CA" rules list > "$TMP/list0" 2>&1
check "the same packs and profiles as built in (replaced ones listed in load order)" \
	test "$(grep '^  ' "$TMP/list" | sort)" = "$(grep '^  ' "$TMP/list0" | sort)"
check "CHIPAUDIT_DATA_DIR empty: none" grep -qx "data directory: none (CHIPAUDIT_DATA_DIR is empty)" "$TMP/list0"
CHIPAUDIT_DATA_DIR=$TMP/nowhere "$CA" rules list > "$TMP/list1" 2>&1
check "a missing data directory: built-in data, said" grep -qx "data directory: $TMP/nowhere (absent: built-in data only)" "$TMP/list1"
check "rules show: each pack from its file in the data directory" \
	test "$(CHIPAUDIT_DATA_DIR=$D "$CA" rules show cn-cac-2023-micron us-ndaa-fy2024-805 | grep -c "defined at:   $D/rules/")" -ge 3
CHIPAUDIT_DATA_DIR=$D audit --profile us-executive-agency "$EX" > "$TMP/a1"; rc1=$?
CHIPAUDIT_DATA_DIR='' audit --profile us-executive-agency "$EX" > "$TMP/a0"; rc0=$?
check "a copy of data/ gives the same JSON report and exit ($rc1, $rc0)" \
	sh -c "test $rc1 -eq $rc0 && cmp -s '$TMP/a1' '$TMP/a0'"

# an added profile can be named with --profile
sed 's/^id: cn-cii-bank$/id: test-added-profile/' "$D/profiles/cn-cii-bank.yaml" > "$D/profiles/added.yaml"
check "the added file really adds a profile" grep -q '^id: test-added-profile$' "$D/profiles/added.yaml"
CHIPAUDIT_DATA_DIR=$D audit --profile test-added-profile "$EX" > "$TMP/a2"; rc=$?
check "--profile names a profile added to the data directory (exit $rc: warn findings)" test $rc -eq 1
check "... and its findings are reported under it" grep -q '"test-added-profile"' "$TMP/a2"
# a changed pack replaces the built-in one: not effective until 2099
sed 's/^effective: 2023-05-21$/effective: 2099-01-01/' "$D/rules/cn-cac-2023-micron.yaml" > "$TMP/cac.yaml"
check "the changed copy differs" sh -c "! cmp -s '$TMP/cac.yaml' '$D/rules/cn-cac-2023-micron.yaml'"
cp "$TMP/cac.yaml" "$D/rules/cn-cac-2023-micron.yaml"
check "the data directory's pack replaces the built-in one" \
	sh -c "CHIPAUDIT_DATA_DIR='$D' '$CA' rules list | grep -q '^  cn-cac-2023-micron  *effective 2099-01-01'"
CHIPAUDIT_DATA_DIR=$D audit --profile cn-cii-bank "$EX" > "$TMP/a3"; rc=$?
check "... and is the one evaluated (no finding before 2099: exit $rc)" test $rc -eq 0
check "... its findings say not yet effective" grep -q '"not-yet-effective"' "$TMP/a3"
# hidden files, other suffixes and folders named otherwise are not read
printf 'garbage: [\n' > "$D/profiles/.hidden.yaml"
printf 'garbage: [\n' > "$D/rules/notes.txt"
printf 'garbage\n' > "$D/kb/README"
CHIPAUDIT_DATA_DIR=$D "$CA" rules list > /dev/null 2>&1
check "hidden files and other suffixes are not read" test $? -eq 0
# a broken pack is an error with its file and line, for every command
printf 'id: broken\nmakers: [\n' > "$D/rules/zz-broken.yaml"
for cmd in "rules list" "identify Micron" "audit $EX"; do
	# shellcheck disable=SC2086 # cmd is words
	CHIPAUDIT_DATA_DIR=$D "$CA" $cmd > /dev/null 2> "$TMP/err"; rc=$?
	check "$cmd with a broken pack in the data directory: exit 2 ($rc)" test $rc -eq 2
	check "$cmd: the message names the file and line: $(head -c 200 "$TMP/err")" grep -q "$D/rules/zz-broken.yaml:[0-9]" "$TMP/err"
done
rm "$D/rules/zz-broken.yaml"
printf '[maker broken\n' > "$D/kb/zz-broken.ini"
CHIPAUDIT_DATA_DIR=$D "$CA" identify Micron > /dev/null 2> "$TMP/err"; rc=$?
check "a broken knowledge-base file: exit 2 ($rc) naming it: $(head -c 200 "$TMP/err")" \
	sh -c "test $rc -eq 2 && grep -q 'zz-broken.ini' '$TMP/err'"
rm "$D/kb/zz-broken.ini"
# a data directory that is not a folder
: > "$TMP/file"
CHIPAUDIT_DATA_DIR=$TMP/file "$CA" rules list > /dev/null 2> "$TMP/err"; rc=$?
check "a data directory that is a file: exit 2 ($rc), said: $(head -c 200 "$TMP/err")" \
	sh -c "test $rc -eq 2 && grep -q 'data directory $TMP/file: Not a directory' '$TMP/err'"
# the --rules cap counts the data directory's files
args=()
for _ in $(seq 1 30); do args+=(--rules "$SRC/data/rules/cn-cac-2023-micron.yaml"); done
CHIPAUDIT_DATA_DIR=$D "$CA" audit "${args[@]}" "$EX" > /dev/null 2> "$TMP/err"; rc=$?
check "past 32 rule files with the data directory's: exit 2 ($rc), said" \
	sh -c "test $rc -eq 2 && grep -q 'at most 32 --rules files (the data directory' '$TMP/err'"
summary datadir
