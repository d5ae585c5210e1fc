#!/usr/bin/env bash
# Extra suite: audit every dmidecode dump of the shared corpus.
# Passes when every file is either audited or named by exactly one
# diagnostic line, nothing crashes and no sanitizer speaks.
# usage: test_corpus_dmi.sh CHIPAUDIT CORPUS_DIR ATTRIBUTION
set -u
CA=$1 CORPUS=$2 ATTRIBUTION=$3
if [ ! -d "$CORPUS/dmi" ]; then
	echo "SKIP: $CORPUS/dmi not found (the shared corpus is optional)"
	exit 77
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
pass=0 fail=0
check() { local name=$1; shift; if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $name"; fi; }

files=$(find "$CORPUS/dmi" -type f | wc -l)
"$CA" audit --format json -o "$TMP/dmi.json" "$CORPUS/dmi" 2> "$TMP/err.txt"; rc=$?
echo "audited $files files: exit $rc, $(wc -l < "$TMP/err.txt") stderr lines"
check "exit code is 0 or 2 (no crash, no sanitizer abort)" test "$rc" -eq 0 -o "$rc" -eq 2
check "no sanitizer report" bash -c "! grep -qE 'AddressSanitizer|runtime error|LeakSanitizer' '$TMP/err.txt'"
check "every file accounted for, unreadable ones named once" python3 - "$TMP/dmi.json" "$TMP/err.txt" "$files" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
err = [l for l in open(sys.argv[2], encoding="utf-8", errors="replace").read().splitlines() if l]
files = int(sys.argv[3])
s = report["summary"]
assert s["hosts_read"] + s["unreadable"] == files, (s, files)
assert len(report["hosts"]) == files
unreadable = [h["source"] for h in report["hosts"] if not h["records"]]
assert len(unreadable) == s["unreadable"] == len(err), (len(unreadable), s, len(err))
for path, line in zip(unreadable, err):
    assert line.startswith("chipaudit: " + path + ": "), (path, line)
    assert sum(1 for d in next(h for h in report["hosts"] if h["source"] == path)["diagnostics"] if d["level"] == "error") >= 1
devices = sum(1 for h in report["hosts"] for m in h["memory_devices"] if m["installed"])
print(f"hosts read {s['hosts_read']}, unreadable {s['unreadable']}, populated memory devices {devices}")
assert devices > 9000, devices
PY
check "other tools' outputs do not crash the reader" bash -c "'$CA' audit '$CORPUS/tool-outputs' > /dev/null 2> '$TMP/e2.txt'; r=\$?; [ \$r -eq 0 -o \$r -eq 2 ] && ! grep -qE 'AddressSanitizer|runtime error' '$TMP/e2.txt'"
"$CA" audit "$CORPUS/smbios_bin" > "$TMP/bin.txt" 2> /dev/null
# 9 dumps, their 9 dmidecode texts, a raw table and an RSMB blob; 2 LICENSE files and an EFI systab are not SMBIOS
check "binary dumps of the corpus read" grep -q "^20 hosts read, 3 unreadable" "$TMP/bin.txt"
# Maker attribution with the binary ids hidden (issue 3): agreement >= 99 %
# of answered devices, answers for >= 97 % of devices that carry evidence.
"$ATTRIBUTION" --check "$CORPUS/dmi" > "$TMP/attribution.txt"; rc=$?
cat "$TMP/attribution.txt"
check "maker attribution meets its targets" test "$rc" -eq 0
echo "$pass passed, $fail failed"
test "$fail" -eq 0
