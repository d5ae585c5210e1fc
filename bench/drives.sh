#!/usr/bin/env bash
# Audit speed per MB of evidence on smartctl reports (the shared corpus's
# drives/) against the SMBIOS figure (its dmi/ dumps), measured in the same
# run, the same way (page cache warm, the fastest of three runs, GNU time):
# each corpus is read as many times as needed to pass TARGET bytes.
# Target (issue 9): drives are audited at least as fast per MB as SMBIOS dumps.
#
# A load-robust second measure: CPU seconds (user + sys) per MB of the same
# fastest runs, smartctl against SMBIOS (lower is better; target <= 1.00).
#
# usage: [CA=BINARY] bench/drives.sh [CORPUS_DIR] [TARGET_BYTES]   (run by hand, not in CI)
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS=${1:-../shared/corpus}
TARGET=${2:-300000000}
CA=${CA:-build/chipaudit}
[ -x "$CA" ] || { echo "bench: build first (scripts/setup.sh)" >&2; exit 1; }
command -v /usr/bin/time > /dev/null || { echo "bench: install GNU time (apt-get install time)" >&2; exit 1; }
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
echo "machine: $(nproc) cores, $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "chipaudit: $($CA --version)"

measure() { # measure NAME DIR ARGS... : MB/s of the fastest of three runs
	local name=$1 dir=$2; shift 2
	local bytes files repeat roots=() best=999999 line=""
	bytes=$(find "$dir" -type f -printf '%s\n' | awk '{s += $1} END {print s}')
	files=$(find "$dir" -type f | wc -l)
	repeat=$(( (TARGET + bytes - 1) / bytes ))
	for _ in $(seq "$repeat"); do roots+=("$dir"); done
	find "$dir" -type f -print0 | xargs -0 cat > /dev/null
	for run in 1 2 3; do
		/usr/bin/time -f '%e %U %S %M' -o "$OUT/time" "$CA" audit "$@" "${roots[@]}" > /dev/null 2>&1 || true
		read -r wall user sys rss < <(tail -n 1 "$OUT/time")
		if awk -v a="$wall" -v b="$best" 'BEGIN {exit !(a < b)}'; then best=$wall; line="$wall $user $sys $rss"; fi
	done
	read -r wall user sys rss <<< "$line"
	local total=$((bytes * repeat)) mbps
	mbps=$(awk -v t="$total" -v w="$wall" 'BEGIN {printf "%.1f", t / w / 1e6}')
	printf '%-34s %5d files x %2d, %5.0f MB: wall %6.2f s  cpu %6.2f s  %7s MB/s  %6.0f files/s  peak RSS %5.1f MB\n' \
		"$name" "$files" "$repeat" "$(awk -v t="$total" 'BEGIN {print t / 1e6}')" "$wall" \
		"$(awk -v u="$user" -v s="$sys" 'BEGIN {print u + s}')" "$mbps" \
		"$(awk -v f="$files" -v r="$repeat" -v w="$wall" 'BEGIN {print f * r / w}')" \
		"$(awk -v k="$rss" 'BEGIN {print k / 1024}')"
	echo "$mbps" > "$OUT/${name//\//_}"
	awk -v u="$user" -v s="$sys" -v t="$total" 'BEGIN {print (u + s) / (t / 1e6)}' > "$OUT/cpu ${name//\//_}"
}

measure "smbios (dmi/), table" "$CORPUS/dmi"
measure "smartctl (drives/), table" "$CORPUS/drives"
measure "smbios (dmi/), json, profile" "$CORPUS/dmi" --format json --profile us-executive-agency
measure "smartctl (drives/), json, profile" "$CORPUS/drives" --format json --profile us-executive-agency
for f in table "json, profile"; do
	r=$(awk -v a="$(cat "$OUT/smartctl (drives_), $f")" -v b="$(cat "$OUT/smbios (dmi_), $f")" 'BEGIN {printf "%.2f", a / b}')
	echo "MB/s of smartctl reports / MB/s of SMBIOS dumps ($f): $r (target >= 1.00)"
	c=$(awk -v a="$(cat "$OUT/cpu smartctl (drives_), $f")" -v b="$(cat "$OUT/cpu smbios (dmi_), $f")" \
		'BEGIN {printf "%.2f ms / %.2f ms = %.2f", a * 1000, b * 1000, a / b}')
	echo "CPU per MB, smartctl reports / SMBIOS dumps ($f): $c (target <= 1.00)"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
