#!/usr/bin/env bash
# Audit throughput and peak memory of chipaudit over the shared corpus of
# dmidecode dumps, read several times over to pass 1 GB, against the
# reference command of issue 2, over the same files in the same run:
#
#   find DIR -type f -print0 | xargs -0 grep -h -A20 '^Memory Device' | grep -E 'Manufacturer|Part Number'
#
# usage: bench/run.sh [CORPUS_DMI_DIR] [REPEAT]   (run by hand, not in CI)
#        BEFORE=OLD_CHIPAUDIT bench/run.sh ...   also measures another build
#        (e.g. main before a change) on the same input in the same run
# Needs GNU time (Debian package "time") for peak memory.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${1:-../shared/corpus/dmi}
CA=build/chipaudit
[ -x "$CA" ] || { echo "bench: build first (scripts/setup.sh)" >&2; exit 1; }
[ -d "$DIR" ] || { echo "bench: $DIR not found" >&2; exit 1; }
command -v /usr/bin/time > /dev/null || { echo "bench: install GNU time (apt-get install time)" >&2; exit 1; }

bytes=$(find "$DIR" -type f -printf '%s\n' | awk '{s += $1} END {print s}')
files=$(find "$DIR" -type f | wc -l)
REPEAT=${2:-$(( (1000000000 + bytes - 1) / bytes ))}
roots=()
for _ in $(seq "$REPEAT"); do roots+=("$DIR"); done
total=$((bytes * REPEAT))
echo "input: $files files, $bytes bytes, read $REPEAT times = $((files * REPEAT)) files, $total bytes"
echo "machine: $(nproc) cores, $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "chipaudit: $($CA --version)"

# Warm the page cache so both commands read from memory.
find "$DIR" -type f -print0 | xargs -0 cat > /dev/null

OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

measure() { # measure NAME COMMAND... ; prints wall seconds, cpu seconds, peak KiB
	local name=$1; shift
	local best_wall=999999 best_line=""
	for run in 1 2 3; do
		/usr/bin/time -f '%e %U %S %M' -o "$OUT/time" "$@" > /dev/null 2> "$OUT/stderr" || true
		read -r wall user sys rss < <(tail -n 1 "$OUT/time")
		if awk -v a="$wall" -v b="$best_wall" 'BEGIN {exit !(a < b)}'; then
			best_wall=$wall
			best_line="$wall $user $sys $rss"
		fi
	done
	read -r wall user sys rss <<< "$best_line"
	local cpu mbps
	cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%.2f", u + s}')
	mbps=$(awk -v t="$total" -v w="$wall" 'BEGIN {printf "%.0f", t / w / 1e6}')
	printf '%-26s wall %6.2f s  cpu %6.2f s  (cpu/wall %.2f)  %5s MB/s  peak RSS %6.1f MB\n' \
		"$name" "$wall" "$cpu" "$(awk -v c="$cpu" -v w="$wall" 'BEGIN {print c / w}')" "$mbps" \
		"$(awk -v k="$rss" 'BEGIN {print k / 1024}')"
	echo "$wall" > "$OUT/$name.wall"
	echo "$rss" > "$OUT/$name.rss"
}

ref() { find "${roots[@]}" -type f -print0 | xargs -0 grep -h -A20 '^Memory Device' | grep -E 'Manufacturer|Part Number'; }
export -f ref 2> /dev/null || true
measure "grep (reference)" bash -c "$(declare -f ref); roots=($(printf '%q ' "${roots[@]}")); ref"
measure "chipaudit audit (table)" "$CA" audit "${roots[@]}"
measure "chipaudit audit --format json" "$CA" audit --format json "${roots[@]}"
measure "chipaudit audit --format jsonl" "$CA" audit --format jsonl "${roots[@]}"
for fmt in csv sarif cyclonedx html; do
	measure "chipaudit --profile $fmt" "$CA" audit --profile cn-cii-bank --format "$fmt" "${roots[@]}"
done
measure "chipaudit audit -j 1 (table)" "$CA" audit -j 1 "${roots[@]}"
measure "chipaudit --profile (table)" "$CA" audit --profile cn-cii-bank "${roots[@]}"
if [ -n "${BEFORE:-}" ]; then
	echo "before: $BEFORE ($("$BEFORE" --version))"
	measure "before: audit (table)" "$BEFORE" audit "${roots[@]}"
	measure "before: audit --format json" "$BEFORE" audit --format json "${roots[@]}"
	measure "before: audit -j 1 (table)" "$BEFORE" audit -j 1 "${roots[@]}"
	measure "before: --profile (table)" "$BEFORE" audit --profile cn-cii-bank "${roots[@]}"
fi

ratio=$(awk -v a="$(cat "$OUT/chipaudit audit (table).wall")" -v b="$(cat "$OUT/grep (reference).wall")" 'BEGIN {printf "%.2f", a / b}')
echo "chipaudit (table) / grep wall-time ratio: $ratio (target <= 2.00)"
for fmt in json jsonl; do
	r=$(awk -v a="$(cat "$OUT/chipaudit audit --format $fmt.wall")" -v b="$(cat "$OUT/chipaudit audit (table).wall")" 'BEGIN {printf "%.2f", a / b}')
	echo "chipaudit --format $fmt / table wall-time ratio: $r (target <= 1.50)"
done

# Memory does not grow with the number of files: 1x versus REPEATx the corpus.
/usr/bin/time -f "%M" -o "$OUT/rss1" "$CA" audit "$DIR" > /dev/null 2>&1 || true; tail -n 1 "$OUT/rss1" > "$OUT/rss1.last"
echo "peak RSS, corpus once: $(awk -v k="$(cat "$OUT/rss1.last")" 'BEGIN {printf "%.1f", k / 1024}') MB; ${REPEAT}x: $(awk -v k="$(cat "$OUT/chipaudit audit (table).rss")" 'BEGIN {printf "%.1f", k / 1024}') MB (target < 50 MB)"
