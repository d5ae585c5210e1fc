#!/usr/bin/env bash
# Extra suite: every SPD image of the shared corpus (coreboot's) decoded as
# decode-dimms decodes it (tests/spd/decode_dimms_diff.py), and audited
# without a crash or a sanitizer report.
# usage: test_corpus_spd.sh CHIPAUDIT CORPUS_DIR TESTS_SPD_DIR
set -u
CA=$1 CORPUS=$2 SPD=$3
if [ ! -d "$CORPUS/spd/coreboot" ]; then
	echo "SKIP: $CORPUS/spd/coreboot not found (the shared corpus is optional)"
	exit 77
fi
mapfile -t images < <(find "$CORPUS/spd/coreboot" -name '*.spd.bin' | sort)
python3 "$SPD/decode_dimms_diff.py" "$CA" "$SPD/decode-dimms" "${images[@]}" || exit 1
err=$(mktemp)
trap 'rm -f "$err"' EXIT
"$CA" audit --format json -o /dev/null "$CORPUS/spd/coreboot" 2> "$err"; rc=$?
if [ "$rc" -ne 0 ] && [ "$rc" -ne 2 ]; then echo "FAIL: audit exit $rc"; exit 1; fi
if grep -qE 'AddressSanitizer|runtime error|LeakSanitizer' "$err"; then echo "FAIL: sanitizer report"; exit 1; fi
echo "audited ${#images[@]} images and their hex forms: exit $rc"
