#!/usr/bin/env bash
# The fleet store (docs/fleet.md): time and peak memory of ingesting the
# JSON report of the shared corpus into SQLite, of ingesting it again (which
# must add nothing), of 'fleet summary' on the store; then the same with the
# corpus hosts re-issued under distinct host names to HOSTS host reports
# (JSON Lines), to show memory flat in the number of reports; and on that
# store, the summary re-evaluated under another profile and date and the
# export of every host as one JSON report (both rebuild every host).
# With PG_URL set (a postgresql:// URL of an empty database), the same
# measures on PostgreSQL. Each line gives the wall time, the CPU time of the
# chipaudit process (PostgreSQL's own is in the server), peak RSS and the
# 1-minute load average when it started (the machine may be shared).
# usage: [PG_URL=postgresql://...] bench/fleet.sh [CORPUS_DMI_DIR] [HOSTS]   (run by hand, not in CI)
# Needs GNU time (Debian package "time") for peak memory.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${1:-../shared/corpus/dmi}
HOSTS=${2:-100000}
CA=$PWD/build/chipaudit
[ -x "$CA" ] || { echo "bench: build first (scripts/setup.sh)" >&2; exit 1; }
[ -d "$DIR" ] || { echo "bench: $DIR not found" >&2; exit 1; }
command -v /usr/bin/time > /dev/null || { echo "bench: install GNU time (apt-get install time)" >&2; exit 1; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
echo "machine: $(nproc) cores, $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "chipaudit: $($CA --version)"

measure() { # measure LABEL COMMAND...: wall seconds, CPU seconds, peak RSS, load before
	local label=$1 load; shift
	load=$(cut -d' ' -f1 /proc/loadavg)
	/usr/bin/time -f "%e %U %S %M" -o "$TMP/time" "$@" > /dev/null 2> "$TMP/err" || true
	read -r secs user sys kb < "$TMP/time"
	printf '%-44s %7s s  (%s user %s sys)  %5s MiB peak RSS  load %s   %s\n' "$label" "$secs" "$user" "$sys" \
		"$((kb / 1024))" "$load" "$(tail -n 1 "$TMP/err")"
}

"$CA" audit --format json --profile cn-cii-bank "$DIR" > "$TMP/report.json" 2> /dev/null || true
echo "report: $(du -m "$TMP/report.json" | cut -f1) MiB, $(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["hosts"]))' "$TMP/report.json") hosts"
measure "sqlite: ingest the corpus report" "$CA" fleet ingest --db "$TMP/a.db" "$TMP/report.json"
measure "sqlite: ingest it again" "$CA" fleet ingest --db "$TMP/a.db" "$TMP/report.json"
measure "sqlite: fleet summary" "$CA" fleet summary --db "$TMP/a.db"
echo "store: $(du -m "$TMP/a.db" | cut -f1) MiB"
if [ -n "${PG_URL:-}" ]; then
	measure "postgres: ingest the corpus report" "$CA" fleet ingest --db "$PG_URL" "$TMP/report.json"
	measure "postgres: ingest it again" "$CA" fleet ingest --db "$PG_URL" "$TMP/report.json"
	measure "postgres: fleet summary" "$CA" fleet summary --db "$PG_URL"
fi

# HOSTS host reports: the corpus hosts again and again under distinct names
python3 - "$TMP/report.json" "$HOSTS" "$TMP/many.jsonl" << 'PY'
import json, sys
hosts = json.load(open(sys.argv[1]))["hosts"]
n = int(sys.argv[2])
with open(sys.argv[3], "w") as out:
    for i in range(n):
        h = hosts[i % len(hosts)]
        h["source"] = "host-%06d" % i
        out.write(json.dumps(h, separators=(",", ":")) + "\n")
PY
echo "re-issued: $HOSTS host reports, $(du -m "$TMP/many.jsonl" | cut -f1) MiB of JSON Lines"
measure "sqlite: ingest $HOSTS host reports" "$CA" fleet ingest --db "$TMP/b.db" "$TMP/many.jsonl"
measure "sqlite: fleet summary of $HOSTS hosts" "$CA" fleet summary --db "$TMP/b.db"
measure "sqlite: fleet summary (again)" "$CA" fleet summary --db "$TMP/b.db"
measure "sqlite: fleet hosts --maker micron --role dram" "$CA" fleet hosts --db "$TMP/b.db" --maker micron --role dram
echo "store: $(du -m "$TMP/b.db" | cut -f1) MiB"
measure "sqlite: ingest them again" "$CA" fleet ingest --db "$TMP/b.db" "$TMP/many.jsonl"
# re-evaluation and export: every host rebuilt and judged again, streamed
JUDGE=(--profile us-department-of-defense --as-of 2028-01-01)
measure "sqlite: fleet summary, re-evaluated" "$CA" fleet summary --db "$TMP/b.db" "${JUDGE[@]}"
measure "sqlite: fleet export --format json" "$CA" fleet export --db "$TMP/b.db" "${JUDGE[@]}" --format json -o "$TMP/export.json"
echo "export: $(du -m "$TMP/export.json" | cut -f1) MiB"
rm -f "$TMP/export.json"
if [ -n "${PG_URL:-}" ]; then
	measure "postgres: ingest $HOSTS host reports" "$CA" fleet ingest --db "$PG_URL" "$TMP/many.jsonl"
	measure "postgres: fleet summary" "$CA" fleet summary --db "$PG_URL"
	measure "postgres: fleet summary (again)" "$CA" fleet summary --db "$PG_URL"
	measure "postgres: fleet hosts --maker micron --role dram" "$CA" fleet hosts --db "$PG_URL" --maker micron --role dram
	measure "postgres: ingest them again" "$CA" fleet ingest --db "$PG_URL" "$TMP/many.jsonl"
	measure "postgres: fleet summary, re-evaluated" "$CA" fleet summary --db "$PG_URL" "${JUDGE[@]}"
	measure "postgres: fleet export --format json" "$CA" fleet export --db "$PG_URL" "${JUDGE[@]}" --format json -o "$TMP/export.json"
fi
