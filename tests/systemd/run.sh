#!/usr/bin/env bash
# chipaudit-collect.service and .timer: systemd-analyze verify and security,
# the hardening the unit promises, and its ExecStart run as the unit runs it
# (root with no capabilities, no network) on a captured tree whose tables are
# 0400 root, writing a dated JSON report into a spool directory.
# usage: run.sh SERVICE TIMER CHIPAUDIT SOURCE_DIR BINDIR
set -u
SERVICE=$1 TIMER=$2 CA=$3 SRC=$4 BINDIR=$5
# shellcheck source=tests/check.sh
source "$(dirname "$0")/../check.sh"
require systemd-analyze
python3 -c "import jsonschema" 2> /dev/null || missing "python3-jsonschema is missing (scripts/setup.sh installs it)"

mkdir "$TMP/units"
cp "$SERVICE" "$TIMER" "$TMP/units/"
svc=$TMP/units/chipaudit-collect.service tmr=$TMP/units/chipaudit-collect.timer
systemd-analyze verify --man=no "$svc" "$tmr" > "$TMP/verify.out" 2>&1
rc=$?
check "systemd-analyze verify passes (exit $rc)" test $rc -eq 0
check "systemd-analyze verify says nothing: $(head -c 300 "$TMP/verify.out")" test ! -s "$TMP/verify.out"
systemd-analyze security --offline=yes "$svc" > "$TMP/security.out" 2>&1
score=$(sed -n 's/.*Overall exposure level for chipaudit-collect.service: \([0-9.]*\).*/\1/p' "$TMP/security.out")
echo "systemd-analyze security: exposure $score"
check "systemd-analyze security: exposure at most 1.5 ('$score')" \
	awk -v s="$score" 'BEGIN { exit !(s != "" && s <= 1.5) }'

setting() { sed -n "s/^$1=//p" "$svc"; }
check "oneshot" test "$(setting Type)" = oneshot
check "read-only file system (ProtectSystem=strict)" test "$(setting ProtectSystem)" = strict
check "writable: the spool only (StateDirectory=chipaudit/spool, no ReadWritePaths)" \
	test "$(setting StateDirectory)" = chipaudit/spool -a -z "$(setting ReadWritePaths)"
check "no network" test "$(setting PrivateNetwork)" = yes -a "$(setting IPAddressDeny)" = any
check "private /tmp" test "$(setting PrivateTmp)" = yes
check "no capabilities (empty bounding and ambient sets)" \
	test "$(grep -c '^CapabilityBoundingSet=$' "$svc")" -eq 1 -a "$(grep -c '^AmbientCapabilities=$' "$svc")" -eq 1
check "no User= (root, reading the 0400 root-owned tables as their owner)" test -z "$(setting User)"
check "no new privileges" test "$(setting NoNewPrivileges)" = yes
check "the timer is daily and persistent" test "$(sed -n 's/^OnCalendar=//p' "$tmr")" = daily -a \
	"$(sed -n 's/^Persistent=//p' "$tmr")" = true
check "the timer starts the service" test "$(sed -n 's/^Unit=//p' "$tmr")" = "" # defaults to the same name
check "the service runs the installed chipaudit" grep -q "exec $BINDIR/chipaudit scan --format json" "$svc"

# --- the ExecStart command line as systemd hands it to /bin/sh: $$ is $,
# %% is %, %H the host name; the spool is STATE_DIRECTORY
cmd=$(setting ExecStart | sed -n "s|^/bin/sh -c '\(.*\)'\$|\1|p")
check "ExecStart is one /bin/sh -c command" test -n "$cmd"
host=$(uname -n)
cmd=${cmd//\$\$/\$}
cmd=${cmd//%%/%}
cmd=${cmd//%H/$host}
cmd=${cmd//$BINDIR\/chipaudit/$CA}
T=$TMP/root/sys/firmware/dmi/tables
mkdir -p "$T" "$TMP/spool"
head -c 24 "$SRC/tests/data/smbios-dump/Lenovo-ThinkPad-T480.bin" > "$T/smbios_entry_point"
tail -c +33 "$SRC/tests/data/smbios-dump/Lenovo-ThinkPad-T480.bin" > "$T/DMI"
chmod 0400 "$T/smbios_entry_point" "$T/DMI"
if [ "$(id -u)" -eq 0 ] && command -v setpriv > /dev/null && unshare -n true 2> /dev/null; then
	run=(unshare -n setpriv --bounding-set=-all --inh-caps=-all "--securebits=+noroot,+noroot_locked")
	check "the test process has no capabilities" \
		test "$("${run[@]}" sed -n 's/^CapEff:[[:space:]]*//p' /proc/self/status)" = 0000000000000000
else
	echo "systemd test: not root or no setpriv/unshare: ExecStart runs with this user's rights"
	[ "${CI:-}" = true ] && { echo "FAIL: CI must run this as root"; exit 1; }
	run=()
fi
day=$(date -u +%Y-%m-%d)
STATE_DIRECTORY=$TMP/spool CHIPAUDIT_COLLECT_OPTIONS="--root $TMP/root --profile cn-cii-bank" \
	"${run[@]}" /bin/sh -c "$cmd" > "$TMP/run.out" 2>&1
rc=$?
check "ExecStart without capabilities or network succeeds (exit $rc: 0 or SuccessExitStatus 1)" \
	test $rc -eq 0 -o \( $rc -eq 1 -a "$(setting SuccessExitStatus)" = 1 \)
cat "$TMP/run.out"
report=$TMP/spool/$host-$day.json
check "a dated report HOSTNAME-YYYY-MM-DD.json in the spool" test -s "$report"
check "the spool holds only the report (no temporary file left)" \
	test "$(find "$TMP/spool" -mindepth 1 | wc -l)" -eq 1
check "the report is the JSON report of the live tables, with the profile" \
	python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
h = d["hosts"][0]
assert h["format"] == "smbios-sysfs", h["format"]
assert h["profile"] is not None
assert any(m["installed"] for m in h["memory_devices"])' "$report"
check "the spooled report is valid against docs/report.schema.json" \
	python3 -c 'import json, sys, jsonschema
jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))' "$report" "$SRC/docs/report.schema.json"

summary systemd
