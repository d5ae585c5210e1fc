#!/usr/bin/env bash
# Runs every libFuzzer harness for SECONDS (default 60) from its seed corpus,
# with its dictionary where there is one, under ASan+UBSan (any report is
# fatal), and prints executions and findings per harness. Run by hand.
# usage: bench/fuzz.sh [SECONDS]        (needs clang: apt-get install clang)
set -uo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-60}
command -v clang > /dev/null || { echo "fuzz: install clang" >&2; exit 1; }
[ -f build-fuzz/build.ninja ] ||
	CC=clang meson setup build-fuzz -Dfuzzers=true -Db_sanitize=address,undefined -Db_lundef=false -Dtests=false > /dev/null
ninja -C build-fuzz > /dev/null || exit 1
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
printf '%-16s %12s %8s %s\n' harness executions crashes notes
for h in smbios_dump dmidecode_text kb_ini rules_yaml purchases_csv; do
	mkdir -p "$WORK/$h" "$WORK/$h-crashes"
	cp fuzz/corpus/$h/* "$WORK/$h/"
	dict=()
	[ -f fuzz/dict/$h.dict ] && dict=(-dict=fuzz/dict/$h.dict)
	build-fuzz/fuzz/fuzz_$h "${dict[@]}" -max_total_time="$SECONDS_EACH" -print_final_stats=1 \
		-artifact_prefix="$WORK/$h-crashes/" "$WORK/$h" > "$WORK/$h.log" 2>&1
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$WORK/$h.log")
	crashes=$(find "$WORK/$h-crashes" -type f | wc -l)
	printf '%-16s %12s %8s %s\n' "$h" "${execs:-?}" "$crashes" "${dict[*]:+with dictionary}"
	if [ "$crashes" -gt 0 ]; then
		mkdir -p fuzz/crashes && cp "$WORK/$h-crashes"/* fuzz/crashes/
		grep -m3 -E 'ERROR|runtime error' "$WORK/$h.log"
	fi
done
