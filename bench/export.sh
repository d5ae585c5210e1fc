#!/usr/bin/env bash
# Screening benchmark (bench/README.md): COUNT party names (default
# 1,000,000) made by bench/gen_party_names.py from the shipped screening
# lists and JEP106 manufacturer names, matched on one thread against the full
# lists; prints names per second, peak memory, precision and recall of the
# probable band. Run by hand: bench/export.sh [BUILD_DIR] [COUNT]
set -eu
cd "$(dirname "$0")/.."
BUILD=${1:-build} COUNT=${2:-1000000}
names=$(mktemp -t export-bench-names.XXXXXX)
trap 'rm -f "$names"' EXIT
python3 bench/gen_party_names.py data/export/screening-lists.tsv data/jep106.csv "$COUNT" "$names"
echo "machine: $(nproc) cores, $(uname -m), load average $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/time -f 'GNU time: %e s wall, %U s user, max RSS %M KB' "$BUILD/bench/screen_names" "$names"
