#!/usr/bin/env bash
# chipaudit bom throughput and memory on long purchase lists (issue 10):
# lists of 100,000 and 1,000,000 lines built from the real bills of
# materials of the shared corpus (bench/make-bom-list.py), screened on one
# core (taskset -c 0) under cn-cii-bank, compared in the same run with
# `wc -l` and `grep -c` on the same file. Each command runs three times
# after the page cache is warm; the fastest run is kept. Peak RSS by GNU
# time. Run by hand, never in CI.
# usage: bench/bom.sh [CORPUS_BOM_DIR] [CHIPAUDIT]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
CORPUS=${1:-$here/../../shared/corpus/bom}
CA=${2:-$here/../build/chipaudit}
[ -d "$CORPUS" ] || { echo "no corpus at $CORPUS" >&2; exit 2; }
TMP=$(mktemp -d "${TMPDIR:-/tmp}/bom-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

# best of three: "wall user sys maxrss_kb" of the command
best() {
	local best_line="" best_cpu=""
	for _ in 1 2 3; do
		/usr/bin/time -f "%e %U %S %M" -o "$TMP/t" taskset -c 0 "$@" > /dev/null 2>&1 || true
		local line cpu
		line=$(tail -n 1 "$TMP/t")
		cpu=$(echo "$line" | awk '{print $2 + $3}')
		if [ -z "$best_cpu" ] || awk -v a="$cpu" -v b="$best_cpu" 'BEGIN{exit !(a < b)}'; then
			best_cpu=$cpu best_line=$line
		fi
	done
	echo "$best_line"
}

report() { # name lines "wall user sys rss"
	echo "$3" | awk -v name="$1" -v n="$2" '{
		cpu = $2 + $3; if (cpu < 0.005) cpu = 0.005; w = $1; if (w < 0.005) w = 0.005
		printf "%-34s wall %6.2f s  cpu %6.2f s  %10.0f lines/s of cpu  %10.0f lines/s of wall  peak RSS %7.1f MB\n",
			name, $1, $2 + $3, n / cpu, n / w, $4 / 1024 }'
}

echo "machine: $(nproc) cores, $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "chipaudit: $("$CA" --version 2>/dev/null | head -n 1)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for n in 100000 1000000; do
	list="$TMP/list-$n.csv"
	python3 "$here/make-bom-list.py" "$CORPUS" "$n" "$list" 2> /dev/null
	cat "$list" > /dev/null
	echo "list: $n lines, $(stat -c %s "$list") bytes ($(wc -l < "$list") text lines with the header)"
	report "wc -l" "$n" "$(best wc -l "$list")"
	report "grep -c Micron" "$n" "$(best grep -c Micron "$list")"
	report "chipaudit bom -q (table)" "$n" "$(best "$CA" bom --profile cn-cii-bank --as-of 2026-11-30 -q "$list")"
	report "chipaudit bom (table)" "$n" "$(best "$CA" bom --profile cn-cii-bank --as-of 2026-11-30 "$list")"
	report "chipaudit bom --format json" "$n" "$(best "$CA" bom --profile cn-cii-bank --as-of 2026-11-30 --format json "$list")"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
