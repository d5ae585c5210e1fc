#!/usr/bin/env bash
# Peak memory for one large host in every output format (issue 15: under
# 64 MB for an 8 MB host). The host is made here from a real dump: the
# memory devices of examples/hosts/server-micron-rdimm.dmidecode.txt repeated
# until the file passes 8 MB (about 14,000 structures, under the 65,536 cap).
# usage: bench/big_host.sh   (run by hand; needs GNU time)
set -euo pipefail
cd "$(dirname "$0")/.."
CA=build/chipaudit
command -v /usr/bin/time > /dev/null || { echo "bench: apt-get install time" >&2; exit 1; }
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
python3 - examples/hosts/server-micron-rdimm.dmidecode.txt "$OUT/big.txt" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
blocks = text.split("\n\n")
head = [b for b in blocks if "DMI type 17" not in b]
mem = [b for b in blocks if "DMI type 17" in b]
out, size, handle = [], sum(len(b) + 2 for b in head), 0x2000
while size < 8 * 1024 * 1024:
    for b in mem:
        nb = re.sub(r"Handle 0x[0-9A-F]{4}", "Handle 0x%04X" % (handle % 0xFFFF), b, count=1)
        handle += 1
        out.append(nb)
        size += len(nb) + 2
open(sys.argv[2], "w").write("\n\n".join(head + out) + "\n")
PY
echo "host: $(stat -c %s "$OUT/big.txt") bytes, $(grep -c 'DMI type 17' "$OUT/big.txt") memory devices"
for args in "--format table" "--format json" "--format table --profile cn-cii-bank" "--format json --profile cn-cii-bank" \
	"--format jsonl --profile cn-cii-bank" "--format csv --profile cn-cii-bank" "--format sarif --profile cn-cii-bank" \
	"--format cyclonedx --profile cn-cii-bank" "--format html --profile cn-cii-bank"; do
	/usr/bin/time -f "%M %e" -o "$OUT/t" "$CA" audit $args --as-of 2026-11-30 "$OUT/big.txt" > /dev/null 2>&1 || true
	read -r kb secs < <(tail -n 1 "$OUT/t")
	printf '%-40s peak RSS %6.1f MB  %5.2f s\n' "$args" "$(awk -v k="$kb" 'BEGIN {print k / 1024}')" "$secs"
done
