#!/usr/bin/env bash
# Audit speed per MB of evidence on smartctl reports (the shared corpus's
# drives/) against the SMBIOS figure (its dmi/ dumps), measured in the same
# run, the same way (page cache warm, GNU time): each corpus is read as many
# times as needed to pass TARGET bytes. The two are run in turns (SMBIOS,
# drives, SMBIOS, drives, ...) ROUNDS times and the fastest run of each is
# kept, so a slower or faster spell of a shared machine falls on both.
# Target (issue 9): drives are audited at least as fast per MB as SMBIOS dumps.
#
# A load-robust second measure: CPU seconds (user + sys) per MB of the same
# fastest runs, smartctl against SMBIOS (lower is better; target <= 1.00).
#
# usage: [CA=BINARY] [ROUNDS=5] bench/drives.sh [CORPUS_DIR] [TARGET_BYTES]
# (run by hand, not in CI)
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS=${1:-../shared/corpus}
TARGET=${2:-300000000}
CA=${CA:-build/chipaudit}
ROUNDS=${ROUNDS:-5}
[ -x "$CA" ] || { echo "bench: build first (scripts/setup.sh)" >&2; exit 1; }
command -v /usr/bin/time > /dev/null || { echo "bench: install GNU time (apt-get install time)" >&2; exit 1; }
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
echo "machine: $(nproc) cores, $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "chipaudit: $($CA --version)"

declare -A BYTES FILES REPEAT BEST
prepare() { # prepare KEY DIR: sizes, and the page cache warmed
	local key=$1 dir=$2
	BYTES[$key]=$(find "$dir" -type f -printf '%s\n' | awk '{s += $1} END {print s}')
	FILES[$key]=$(find "$dir" -type f | wc -l)
	REPEAT[$key]=$(( (TARGET + BYTES[$key] - 1) / BYTES[$key] ))
	find "$dir" -type f -print0 | xargs -0 cat > /dev/null
}
run_once() { # run_once CORPUS FORMAT DIR ARGS...: the fastest "wall user sys rss" in BEST["CORPUS FORMAT"]
	local corpus=$1 key="$1 $2" dir=$3 roots=() wall user sys rss
	shift 3
	for _ in $(seq "${REPEAT[$corpus]}"); do roots+=("$dir"); done
	/usr/bin/time -f '%e %U %S %M' -o "$OUT/time" "$CA" audit "$@" "${roots[@]}" > /dev/null 2>&1 || true
	read -r wall user sys rss < <(tail -n 1 "$OUT/time")
	if [ -z "${BEST[$key]:-}" ] || awk -v a="$wall" -v b="${BEST[$key]%% *}" 'BEGIN {exit !(a < b)}'; then
		BEST[$key]="$wall $user $sys $rss"
	fi
}
report() { # report CORPUS FORMAT NAME: one line; MB/s and CPU ms per MB into $OUT
	local corpus=$1 key="$1 $2" name=$3 wall user sys rss
	read -r wall user sys rss <<< "${BEST[$key]}"
	local total=$((BYTES[$corpus] * REPEAT[$corpus]))
	printf '%-34s %5d files x %2d, %5.0f MB: wall %6.2f s  cpu %6.2f s  %7.1f MB/s  %6.0f files/s  peak RSS %5.1f MB\n' \
		"$name" "${FILES[$corpus]}" "${REPEAT[$corpus]}" "$(awk -v t="$total" 'BEGIN {print t / 1e6}')" "$wall" \
		"$(awk -v u="$user" -v s="$sys" 'BEGIN {print u + s}')" \
		"$(awk -v t="$total" -v w="$wall" 'BEGIN {print t / w / 1e6}')" \
		"$(awk -v f="${FILES[$corpus]}" -v r="${REPEAT[$corpus]}" -v w="$wall" 'BEGIN {print f * r / w}')" \
		"$(awk -v k="$rss" 'BEGIN {print k / 1024}')"
	awk -v t="$total" -v w="$wall" 'BEGIN {print t / w / 1e6}' > "$OUT/mbps $key"
	awk -v u="$user" -v s="$sys" -v t="$total" 'BEGIN {print (u + s) / (t / 1e6)}' > "$OUT/cpu $key"
}

prepare smbios "$CORPUS/dmi"
prepare drives "$CORPUS/drives"
for f in table json; do
	args=()
	[ "$f" = json ] && args=(--format json --profile us-executive-agency)
	for _ in $(seq "$ROUNDS"); do
		run_once smbios $f "$CORPUS/dmi" "${args[@]}"
		run_once drives $f "$CORPUS/drives" "${args[@]}"
	done
done
for f in table json; do
	label=$f
	[ "$f" = json ] && label="json, profile"
	report smbios $f "smbios (dmi/), $label"
	report drives $f "smartctl (drives/), $label"
done
for f in table json; do
	label=$f
	[ "$f" = json ] && label="json, profile"
	r=$(awk -v a="$(cat "$OUT/mbps drives $f")" -v b="$(cat "$OUT/mbps smbios $f")" 'BEGIN {printf "%.2f", a / b}')
	echo "MB/s of smartctl reports / MB/s of SMBIOS dumps ($label): $r (target >= 1.00)"
	c=$(awk -v a="$(cat "$OUT/cpu drives $f")" -v b="$(cat "$OUT/cpu smbios $f")" \
		'BEGIN {printf "%.2f ms / %.2f ms = %.2f", a * 1000, b * 1000, a / b}')
	echo "CPU per MB, smartctl reports / SMBIOS dumps ($label): $c (target <= 1.00)"
done
echo "fastest of $ROUNDS runs each, in turns; load after: $(cut -d' ' -f1-3 /proc/loadavg)"
