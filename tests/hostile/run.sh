#!/usr/bin/env bash
# Hostile inputs (docs/security.md): one case per defect class, each under a
# time limit, with the documented exit status, exactly one stderr line per
# bad input, and the rest of the inputs audited. The inputs are made here,
# in a temporary folder: FIFOs, sockets, links to devices, hostile names and
# strings, deep nesting, structure floods, garbage behind a valid header.
# usage: run.sh CHIPAUDIT DATA_DIR
set -u
CA=$(realpath "$1") DATA=$(realpath "$2")
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
LIMIT=20 # seconds; every case finishes in well under one
pass=0 fail=0
check() { # check NAME CONDITION...
	local name=$1; shift
	if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $name"; fi
}
run() { # run NAME EXPECTED_EXIT CMD... ; output in $TMP/out, $TMP/err
	local name=$1 want=$2; shift 2
	timeout "$LIMIT" "$@" > "$TMP/out" 2> "$TMP/err" < /dev/null
	local rc=$?
	check "$name: finishes within ${LIMIT}s" test "$rc" -ne 124
	check "$name: exit $want (got $rc)" test "$rc" -eq "$want"
}
lines() { wc -l < "$1"; }
no_esc() { ! grep -q $'\e' "$1" && ! grep -qP '\x{9b}|\x{202e}' "$1" 2> /dev/null; }
GOOD="$DATA/dmidecode-text/dell-r710-dmidecode-2.12.txt"

# --- 1. never block on, or open, anything but a regular file; with every
# mount nodev in a namespace of audit's own (the default where the kernel
# allows it), and with the O_PATH check alone (CHIPAUDIT_NO_NODEV_NAMESPACE=1)
mkdir "$TMP/d"
cp "$GOOD" "$TMP/d/good.txt"
mkfifo "$TMP/d/fifo"
ln -s fifo "$TMP/d/link1" && ln -s link1 "$TMP/d/link2"     # FIFO behind two symlinks
ln -s /dev/zero "$TMP/d/devlink"                             # a character device through a link
python3 -c "import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])" "$TMP/d/sock"
if [ "$(id -u)" = 0 ]; then mknod "$TMP/d/zero" c 1 5; bad=6; else bad=5; fi # a device node itself
for ns in 0 1; do
	export CHIPAUDIT_NO_NODEV_NAMESPACE=$ns
	m="(no-namespace=$ns)"
	run "FIFOs, socket, device in a folder $m" 2 "$CA" audit "$TMP/d"
	check "one stderr line per bad entry ($bad) $m" test "$(lines "$TMP/err")" -eq $bad
	check "the good file is audited $m" grep -q "^1 host read, $bad unreadable" "$TMP/out"
	check "said as not regular $m" test "$(grep -c 'not a regular file' "$TMP/err")" -eq $bad
	run "FIFO named on the command line $m" 2 "$CA" audit "$TMP/d/fifo" "$GOOD"
	check "FIFO on the command line: one line $m" test "$(lines "$TMP/err")" -eq 1
	run "/dev/zero named on the command line $m" 2 "$CA" audit /dev/zero
	check "/dev/zero: not a regular file $m" grep -q "/dev/zero: cannot read the file: not a regular file" "$TMP/err"
	run "a link to /dev/zero in a --host folder $m" 2 "$CA" audit --host "$TMP/d"
	check "--host folder: the device link is not a regular file $m" grep -q "devlink.*not a regular file" "$TMP/err"
	# the folder reached through a /proc magic link (a descriptor the shell holds)
	run "the folder as /dev/fd/3 $m" 2 bash -c 'exec 3< "$1"; exec "$2" audit /dev/fd/3' _ "$TMP/d" "$CA"
	check "through /dev/fd: the good file is audited $m" grep -q "^1 host read, $bad unreadable" "$TMP/out"
	check "through /dev/fd: said as not regular $m" test "$(grep -c 'not a regular file' "$TMP/err")" -eq $bad
	run "a held device as /dev/fd/3 $m" 2 bash -c 'exec 3< /dev/zero; exec "$1" audit /dev/fd/3' _ "$CA"
	check "a held device through /dev/fd: not a regular file $m" grep -q "/dev/fd/3: cannot read the file: not a regular file" "$TMP/err"
	for opt in --kb --rules --ignore --profile --purchases; do
		run "FIFO as $opt $m" 2 "$CA" audit "$opt" "$TMP/d/link2" "$GOOD"
		check "FIFO as $opt: one line, not regular $m" bash -c "test \$(wc -l < '$TMP/err') -eq 1 && grep -q 'not a regular file\|not a shipped profile' '$TMP/err'"
	done
	run "FIFO in CHIPAUDIT_KB $m" 2 env CHIPAUDIT_KB="$TMP/d/fifo" "$CA" audit "$GOOD"
	check "CHIPAUDIT_KB FIFO: one line $m" test "$(lines "$TMP/err")" -eq 1
	run "-o /dev/null with the namespace $m" 0 "$CA" audit -o /dev/null "$GOOD"
done
unset CHIPAUDIT_NO_NODEV_NAMESPACE
run "a folder as --kb" 2 "$CA" identify --kb "$TMP/d" Samsung
check "folder as --kb: Is a directory" grep -q "Is a directory" "$TMP/err"

# --- 5. scan --root stays inside the root
R="$TMP/root/sys/firmware/dmi/tables"
mkdir -p "$R"
ln -s /sys/firmware/dmi/tables/smbios_entry_point "$R/smbios_entry_point"
ln -s ../../../../../../../../sys/firmware/dmi/tables/DMI "$R/DMI"
run "scan --root with links out of the root" 2 "$CA" scan --root "$TMP/root"
check "scan --root: the absolute link resolves inside the root (to itself)" grep -q "Too many levels of symbolic links" "$TMP/err"
check "scan --root: the auditing machine is not read" bash -c "! grep -q 'System:' '$TMP/out'"
rm "$R/smbios_entry_point"
mkfifo "$R/smbios_entry_point"
run "scan --root with a FIFO as the entry point" 2 "$CA" scan --root "$TMP/root"
check "scan --root FIFO: one line" test "$(lines "$TMP/err")" -eq 1

# --- 2. nothing reaches the terminal raw
mkdir "$TMP/names"
printf 'junk\n' > "$TMP/names/$(printf 'x\nchipaudit: forged.txt: offset 0: fake\e[2J\xc2\x9b\xe2\x80\xae')"
run "a file name with a newline and escapes" 2 "$CA" audit "$TMP/names"
check "file name: exactly one stderr line" test "$(lines "$TMP/err")" -eq 1
check "file name: no escape, C1 or bidi byte" no_esc "$TMP/err"
sed -e "1s/.*/# dmidecode 3.2$(printf '\e')]0;owned$(printf '\a\e')[2J/" \
	-e "s/Manufacturer: .*/Manufacturer: Evil$(printf '\xc2\x9b')31m$(printf '\xe2\x80\xae')/" "$GOOD" > "$TMP/evil.txt"
run "escape sequences in evidence" 0 "$CA" audit "$TMP/evil.txt"
check "table: no escape, C1 or bidi byte" no_esc "$TMP/out"
printf '[company evil]\nname = Ev\x1b[2Jil\nalias = Evil\x1b]0;x\x07\nsource = test\n' > "$TMP/evil.ini"
run "escapes in a knowledge-base name" 0 "$CA" identify --kb "$TMP/evil.ini" "Evil"
check "identify: no escape byte" no_esc "$TMP/out"
printf 'id: x\n\x1b[2Jkey: 1\n' > "$TMP/evil.yaml"
run "escapes in a YAML key" 2 "$CA" rules validate "$TMP/evil.yaml"
check "YAML key: no escape byte in the error" no_esc "$TMP/err"

# --- 3. bounded work on hostile data files
python3 -c "print('[' * 200000)" > "$TMP/deep.yaml"
run "200 KB of [ as a rule pack" 2 "$CA" rules validate "$TMP/deep.yaml"
check "deep YAML: FILE:LINE and the limit" grep -q "deep.yaml:1: nested deeper than 32 levels" "$TMP/err"
printf '[part evil]\nmaker = micron\npattern = ^((((a{1,255}){1,255}){1,255}){1,255})\nkind = module\nsource = test\n' > "$TMP/bomb.ini"
run "a regular-expression bomb in the knowledge base" 2 "$CA" identify --kb "$TMP/bomb.ini" x
check "regex bomb: refused with FILE:LINE" grep -q "bomb.ini:1: pattern of \[part evil\] is refused" "$TMP/err"
printf '[part evil]\nmaker = micron\npattern = ^(a+)+$\nkind = module\nsource = test\n' > "$TMP/nested.ini"
run "nested repetition in the knowledge base" 2 "$CA" identify --kb "$TMP/nested.ini" x
printf '[part evil]\nmaker = micron\npattern = ^(a)\\1$\nkind = module\nsource = test\n' > "$TMP/backref.ini"
run "a back-reference in the knowledge base" 2 "$CA" identify --kb "$TMP/backref.ini" x

printf '[part evil]\nmaker = micron\npattern = ^X{64}{64}{64}{64}\nkind = module\nsource = test\n' > "$TMP/stacked.ini"
run "stacked repetition bounds in the knowledge base" 2 "$CA" identify --kb "$TMP/stacked.ini" x
check "stacked bounds: refused" grep -q "a repetition of a repetition" "$TMP/err"
printf '[part evil]\nmaker = micron\npattern = [[:alpha:]{](a*)*\\1[}]\nkind = module\nsource = test\n' > "$TMP/bracket.ini"
run "a bracket expression hiding nested repetition" 2 "$CA" identify --kb "$TMP/bracket.ini" x
python3 - "$TMP/alias.yaml" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("id: a\nname: &big \"" + "x" * 1000 + "\"\njurisdiction: CN\nroles: [cii-operator]\nownership: domestic\nsource: [")
    f.write(", ".join(["*big"] * 3000) + "]\n")
PY
run "YAML aliases repeating a large string" 2 "$CA" rules validate "$TMP/alias.yaml"
check "aliases: refused with FILE:LINE" grep -q "alias.yaml:[0-9]*: aliases (\*name) are not allowed" "$TMP/err"
printf '[company samsung]\nname = Sam\x1b[2J\xe2\x80\xaesung\nalias = Samsung\nalias = Samsung Electronics\nsource = test\n' > "$TMP/evil-maker.ini"
run "a hostile maker name in the table's maker column" 0 "$CA" audit --kb "$TMP/evil-maker.ini" "$DATA/smbios-dump/Lenovo-ThinkPad-T480.bin"
check "maker column: no escape or bidi byte" no_esc "$TMP/out"

# --- 4. nothing lost silently
python3 - "$TMP/flood.txt" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("# dmidecode 3.2\nSMBIOS 3.2.0 present.\n\n")
    for i in range(70000):
        f.write("Handle 0x%04X, DMI type 17, 40 bytes\nMemory Device\n\tSize: No Module Installed\n\tLocator: S%d\n\n" % (i % 65536, i))
PY
run "more structures than the cap" 2 "$CA" audit "$TMP/flood.txt"
check "flood: one stderr line naming the cap" bash -c "test \$(wc -l < '$TMP/err') -eq 1 && grep -q 'more than 65536 structures' '$TMP/err'"
check "flood: host read but incomplete" grep -q "^1 host read (1 incomplete" "$TMP/out"
{ head -c 32 "$DATA/smbios-dump/VMWare.bin"; head -c 4000 /dev/zero | tr '\0' '\377'; } > "$TMP/garbage.bin"
run "a valid entry point before a garbage table" 2 "$CA" audit "$TMP/garbage.bin"
check "garbage table: unreadable, not read" grep -q "^0 hosts read, 1 unreadable" "$TMP/out"
d="$TMP/deep"
for i in $(seq 70); do d="$d/n"; done
mkdir -p "$d" && cp "$GOOD" "$d/host.txt"
run "folders nested 70 deep" 2 "$CA" audit "$TMP/deep"
check "nesting: said in the report and on stderr" bash -c "grep -q 'nested deeper than 64 levels' '$TMP/err' && grep -q '1 unreadable' '$TMP/out'"
run "a missing path" 2 "$CA" audit "$TMP/nowhere" "$GOOD"
check "missing path: in the report summary" grep -q "^1 host read, 1 unreadable" "$TMP/out"
if [ "$(id -u)" = 0 ] && command -v setpriv > /dev/null; then
	mkdir -p "$TMP/locked/inner" && cp "$GOOD" "$TMP/locked/inner/h.txt" && cp "$GOOD" "$TMP/locked/ok.txt"
	chmod 0755 "$TMP" "$TMP/locked" && chmod 0644 "$TMP/locked/ok.txt" && chmod 0000 "$TMP/locked/inner"
	run "an unreadable folder (as nobody)" 2 setpriv --reuid=65534 --regid=65534 --clear-groups "$CA" audit "$TMP/locked"
	check "unreadable folder: in the report" bash -c "grep -q '^1 host read, 1 unreadable' '$TMP/out' && grep -q 'inner: Permission denied' '$TMP/err'"
	chmod 0755 "$TMP/locked/inner"
else
	echo "SKIP: not root or no setpriv: the unreadable-folder case was not run"
fi

# --- 6. the report never destroys evidence, nor is left half written
mkdir "$TMP/hosts" && cp "$GOOD" "$TMP/hosts/a.txt" && sum=$(md5sum < "$TMP/hosts/a.txt")
run "-o naming an input file" 2 "$CA" audit -o "$TMP/hosts/a.txt" "$TMP/hosts"
check "-o input: evidence unchanged" test "$(md5sum < "$TMP/hosts/a.txt")" = "$sum"
run "-o on a full disk" 3 "$CA" audit -o /dev/full "$GOOD"
check "-o full disk: the reason" grep -q "No space left on device" "$TMP/err"
big=()
for i in $(seq 200); do big+=("$DATA"); done
# (a background job of a script starts with SIGINT ignored, which chipaudit
# respects as it respects nohup's SIGHUP; SIGTERM is the signal to send)
"$CA" audit -j 1 --format json -o "$TMP/partial.json" "${big[@]}" "${big[@]}" > /dev/null 2>&1 &
pid=$!
sleep 0.3
kill -TERM "$pid"
wait "$pid"
check "SIGTERM: the run ends by the signal" test $? -eq 143
check "SIGTERM: no report and no temporary file left" bash -c "! ls -a '$TMP' | grep -q partial"

mkdir "$TMP/linked" && cp "$GOOD" "$TMP/linked/a.txt" && cp "$GOOD" "$TMP/report.txt"
ln -s "$TMP/report.txt" "$TMP/linked/b.txt"
sum=$(md5sum < "$TMP/report.txt")
run "-o reached through a link inside an input folder" 2 "$CA" audit -o "$TMP/report.txt" "$TMP/linked"
check "-o through a link: left as it was" test "$(md5sum < "$TMP/report.txt")" = "$sum"
check "-o through a link: said" grep -q "also an input (through a link)" "$TMP/err"
(umask 077 && "$CA" audit -o "$TMP/private.txt" "$GOOD" > /dev/null 2>&1)
check "-o respects the umask" test "$(stat -c %a "$TMP/private.txt")" = 600
mkdir "$TMP/hostdir" && cp "$GOOD" "$TMP/hostdir/dmi.txt" && mkfifo "$TMP/hostdir/fifo" && mkdir "$TMP/hostdir/sub"
run "--host folder with a FIFO and a subfolder" 2 "$CA" audit --host "$TMP/hostdir"
check "--host: both said, one line each" bash -c "test \$(wc -l < '$TMP/err') -eq 2 && grep -q 'fifo: .*not a regular file' '$TMP/err' && grep -q 'sub: .*a folder inside a host folder' '$TMP/err'"

# --- SPD EEPROMs under scan --root: a FIFO is never opened, links stay inside the root
SR="$TMP/spdroot" D="$TMP/spdroot/sys/bus/i2c/drivers"
mkdir -p "$SR/sys/firmware/dmi/tables" "$D/ee1004/0-0050" "$D/ee1004/0-0051" "$D/spd5118"
cp "$DATA/spd-sysfs/t480-root/sys/firmware/dmi/tables/"* "$SR/sys/firmware/dmi/tables/"
mkfifo "$D/ee1004/0-0050/eeprom"
ln -s "$DATA/spd/samsung-M425R1GB4BB0-CQKOD.spd.bin" "$D/ee1004/0-0051/eeprom"
ln -s "$DATA/spd-sysfs/t480-root/sys/bus/i2c/drivers/ee1004" "$D/at24"
run "scan --root with a FIFO and links out of the root as SPD EEPROMs" 0 "$CA" scan --root "$SR"
check "SPD: the FIFO is said, not opened" grep -q "ee1004/0-0050/eeprom: not a regular file" "$TMP/out"
check "SPD: links out of the root are not followed" bash -c "! grep -q 'spd-sysfs' '$TMP/out' && test \$(grep -c 'No such file or directory' '$TMP/out') -eq 3"

echo "$pass passed, $fail failed"
test "$fail" -eq 0
