# Shared by the shell test scripts of tests/install, man, completion, systemd
# and package (sourced): a temporary folder, checks counted and reported.
# shellcheck shell=bash

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
pass=0 fail=0

# check NAME CONDITION...: counts a pass when CONDITION succeeds, else
# prints "FAIL: NAME" and counts a failure.
check() {
	local name=$1; shift
	if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $name"; fi
}

# missing WHY: a needed tool or right is missing. Under CI (CI=true) the
# test fails; elsewhere it is skipped (exit 77) with WHY said.
missing() {
	echo "$(basename "$(dirname "$0")") test: $*"
	[ "${CI:-}" = true ] && exit 1
	exit 77
}

# require TOOL...: missing() for the first TOOL not on PATH.
require() {
	local t
	for t in "$@"; do
		command -v "$t" > /dev/null || missing "$t is missing (scripts/setup.sh installs it)"
	done
}

# summary NAME: prints the counts; the script's exit status (0: no failure).
summary() {
	echo "$1: $pass passed, $fail failed"
	[ "$fail" -eq 0 ]
}
