#!/usr/bin/env bash
# chipaudit collect and the archives audit reads (docs/collect.md):
# collect --root TREE then audit gives the report scan --root TREE gives,
# byte for byte; serial numbers are withheld unless asked for; the archive
# is reproducible; hostile archives (escaping paths, links, devices,
# duplicates, expansion past the cap, truncation) give diagnostics naming
# the archive and member and never write outside the private folder.
# usage: run.sh CHIPAUDIT TREE
set -u
CA=$(realpath "$1") TREE=$(realpath "$2")
. "$(dirname "$0")/../check.sh"
export SOURCE_DATE_EPOCH=1700000000
LIMIT=60

mkdir -p "$TMP/a" "$TMP/b" "$TMP/tmp" "$TMP/escape"
cp -r "$TREE" "$TMP/a/host1"
# the same relative name for the tree and the archive: labels and evidence names agree
(cd "$TMP/a" && "$CA" collect --root host1 --with-serials -o ../b/host1 2> "$TMP/collect.err")
check "collect exits 0" test $? -eq 0
check "collect says what it captured" grep -q "evidence files captured into ../b/host1" "$TMP/collect.err"
for f in json table; do
	(cd "$TMP/a" && "$CA" scan --root host1 --format $f > "$TMP/scan.$f")
	(cd "$TMP/b" && TMPDIR="$TMP/tmp" "$CA" audit host1 --format $f > "$TMP/audit.$f")
	check "audit of the archive = scan --root of the tree ($f, byte for byte)" cmp -s "$TMP/scan.$f" "$TMP/audit.$f"
done
check "the report has the tree's memory" grep -q "HMAA51S6AMR6N-UH" "$TMP/audit.json"
check "the report has the tree's devices (NVMe, SATA, eMMC, PCI NIC, USB stick)" python3 -c '
import json,sys; h=json.load(open(sys.argv[1]))["hosts"][0]
kinds=sorted((d["kind"], d["bus_path"]) for d in h["devices"])
want=[("emmc","mmc0:0001"),("gpu","0000:03:00.0"),("nvme","0000:3c:00.0"),("pci","0000:00:19.0"),("sata","sda"),("usb","1-1"),("usb","usb1")]
assert kinds==want, kinds
m={d["bus_path"]: d["makers"] for d in h["devices"]}
assert m["0000:3c:00.0"]["drive"]["owner"]=="Samsung", m["0000:3c:00.0"]
assert m["sda"]["drive"]["owner"]=="Micron", m["sda"]
assert m["0000:00:19.0"]["vendor"]["owner"]=="Intel", m["0000:00:19.0"]' "$TMP/audit.json"
check "the private folder is removed after audit" test -z "$(ls -A "$TMP/tmp")"

# the manifest comes first and says what it holds
first=$(tar tzf "$TMP/b/host1" | head -1)
check "the manifest is the first member" test "$first" = chipaudit-collect.json
tar xzOf "$TMP/b/host1" chipaudit-collect.json > "$TMP/manifest.json"
check "manifest: format and version" python3 -c '
import json,sys; m=json.load(open(sys.argv[1]))
assert m["format"]=="chipaudit-collect" and m["format_version"]==1 and m["with_serials"] is True
assert m["created"]=="2023-11-14T22:13:20Z", m["created"]
assert "sys/class/nvme/nvme0/model" in m["captured"]' "$TMP/manifest.json"
check "members mirror sysfs paths" sh -c "tar tzf '$TMP/b/host1' | grep -qx 'sys/bus/pci/devices/0000:00:19.0/vendor'"

# reproducible: the same tree and SOURCE_DATE_EPOCH give the same bytes
(cd "$TMP/a" && "$CA" collect --root host1 --with-serials -o ../b/again 2> /dev/null)
check "the same capture gives the same archive" cmp -s "$TMP/b/host1" "$TMP/b/again"

# without --with-serials: no serial number of the tree is in the archive
(cd "$TMP/a" && "$CA" collect --root host1 -o ../b/masked.cae 2> /dev/null)
mkdir "$TMP/m" && tar xzf "$TMP/b/masked.cae" -C "$TMP/m"
for s in S29NNXAH146772 4C530001230512115093 a1b2c3d4 PBDV 0000:00:1a; do
	check "serial $s not in the archive" sh -c "! grep -rqa '$s' '$TMP/m'"
done
check "withheld attributes are named" python3 -c '
import json,sys; m=json.load(open(sys.argv[1])); w={x["path"] for x in m["withheld"]}
assert {"sys/class/nvme/nvme0/serial","sys/bus/usb/devices/1-1/serial","sys/bus/mmc/devices/mmc0:0001/serial",
        "sys/bus/mmc/devices/mmc0:0001/cid","sys/block/sda/device/wwid","sys/firmware/dmi/tables/DMI"} <= w, w
assert m["with_serials"] is False' "$TMP/m/chipaudit-collect.json"
check "the WWN keeps its OUI" grep -q '^naa.500a075' "$TMP/m/sys/block/sda/device/wwid"
check "the CID keeps its maker" grep -q '^150101384754463452070000000' "$TMP/m/sys/bus/mmc/devices/mmc0:0001/cid"
(cd "$TMP/b" && "$CA" audit masked.cae --format json > "$TMP/masked.json")
check "a masked archive still gives the memory inventory" grep -q "HMAA51S6AMR6N-UH" "$TMP/masked.json"

# -o inside the --root tree is refused; nothing but FILE is written
cp "$TMP/b/host1" "$TMP/a/host1/old.cae"
"$CA" collect --root "$TMP/a/host1" -o "$TMP/a/host1/old.cae" 2> "$TMP/err"
check "collect -o inside the tree: exit 2" test $? -eq 2
check "collect -o inside the tree: the file is untouched" cmp -s "$TMP/b/host1" "$TMP/a/host1/old.cae"
rm "$TMP/a/host1/old.cae"
before=$(find "$TMP" -newer "$TMP/masked.json" | sort)
"$CA" collect --root "$TMP/a/host1" -o "$TMP/only.cae" 2> /dev/null
after=$(find "$TMP" -newer "$TMP/masked.json" | sort)
check "collect writes nothing but FILE" test "$(comm -13 <(echo "$before") <(echo "$after"))" = "$TMP/only.cae"

# hostile archives
mkdir -p "$TMP/h"
python3 "$(dirname "$0")/make_archives.py" "$TMP/b/host1" "$TMP/h" "$TMP/escape" 2> "$TMP/py.err" ||
	mkdir -p "$TMP/h"
check "hostile archives generated" test -s "$TMP/h/bomb.cae"
hostile() { # hostile NAME EXPECTED_EXIT PATTERN: audit it, stderr names the file and matches PATTERN
	local name=$1 want=$2 pattern=$3
	(cd "$TMP/h" && TMPDIR="$TMP/tmp" timeout $LIMIT "$CA" audit --format json -o "$TMP/h.json" "$name" \
		> /dev/null 2> "$TMP/err")
	local rc=$?
	check "$name: exit $want (got $rc)" test $rc -eq "$want"
	check "$name: names the archive and what is wrong" grep -q "^chipaudit: $name: .*$pattern" "$TMP/err"
	check "$name: the private folder is removed" test -z "$(ls -A "$TMP/tmp")"
	check "$name: nothing written outside" test -z "$(ls -A "$TMP/escape")"
	check "$name: nothing written beside it" test "$(ls "$TMP/h" | wc -l)" -eq "$n_hostile"
}
n_hostile=$(ls "$TMP/h" | wc -l)
# the SMBIOS tables of the good tree are in each; the error diagnostic is the reader's
hostile dotdot.cae 2 "escapes"
hostile absolute.cae 2 "absolute path"
hostile symlink.cae 2 "symbolic link"
hostile hardlink.cae 2 "hard link"
hostile device.cae 2 "a FIFO\|device node"
hostile duplicate.cae 2 "second member of the same path"
hostile bomb.cae 2 "expands past 64 MiB"
hostile bigmember.cae 2 "larger than 4 MiB"
hostile badname.cae 2 "not in sysfs names"
hostile truncated.cae 2 "broken\|cannot be read"
check "no file of the escape folder or beside the archives" test ! -e /dotdot -a ! -e "$TMP/dotdot2"
check "hostile escape (absolute) did not land" test ! -e "$TMP/escape/absolute"
check "the duplicate kept the first DMI" grep -q "HMAA51S6AMR6N-UH" "$TMP/h.json"
(cd "$TMP/h" && "$CA" audit --format json version.cae > "$TMP/v.json" 2> "$TMP/err")
check "a newer format version: a warning, the members read" grep -q "format version 99" "$TMP/v.json"
check "a newer format version: the inventory is read" grep -q "HMAA51S6AMR6N-UH" "$TMP/v.json"
(cd "$TMP/h" && "$CA" audit --format json plain.tar > "$TMP/p.json" 2> "$TMP/err")
check "an uncompressed tar collect archive is read the same" grep -q "HMAA51S6AMR6N-UH" "$TMP/p.json"

# hostile captured trees for the device sources (scan --root, and collect --root)
mkdir -p "$TMP/ht"
cp -r "$TREE" "$TMP/ht/t"
rm "$TMP/ht/t/sys/class/nvme/nvme0/model" "$TMP/ht/t/sys/bus/pci/devices/0000:00:19.0/vendor" \
	"$TMP/ht/t/sys/bus/usb/devices/1-1/product"
echo SECRET-MARKER-4711 > "$TMP/ht/secret"
mkfifo "$TMP/ht/t/sys/class/nvme/nvme0/model"                       # a FIFO attribute
ln -s ../../../../class/nvme/nvme0/model "$TMP/ht/t/sys/bus/pci/devices/0000:00:19.0/vendor" # a FIFO behind a link
ln -s ../../../../../../secret "$TMP/ht/t/sys/bus/usb/devices/1-1/product"      # a link out of the tree
mkdir "$TMP/ht/t/sys/bus/usb/devices/1-2" && echo 0781 > "$TMP/ht/t/sys/bus/usb/devices/1-2/idVendor"
ln -s "$TMP/ht/secret" "$TMP/ht/t/sys/bus/usb/devices/1-2/product"              # an absolute link out
ln -s "$TMP/ht" "$TMP/ht/t/sys/bus/mmc/devices/mmc1:0001"                      # a folder link out of the tree
timeout $LIMIT "$CA" scan --root "$TMP/ht/t" --format json -o "$TMP/ht.json" 2> "$TMP/ht.err"
rc=$?
check "hostile tree: scan finishes (got $rc)" test $rc -ne 124
check "hostile tree: the FIFO is said, not opened" grep -q "nvme0/model: not a regular file" "$TMP/ht.json"
check "hostile tree: the device is said, not opened" grep -q "0000:00:19.0/vendor: not a regular file" "$TMP/ht.json"
check "hostile tree: the memory is still read" grep -q "HMAA51S6AMR6N-UH" "$TMP/ht.json"
check "hostile tree: nothing outside the tree read" sh -c "! grep -q SECRET-MARKER-4711 '$TMP/ht.json'"
check "hostile tree: a device libpci cannot read is said" grep -q "0000:00:19.0 has no readable vendor, device or class: not read" "$TMP/ht.json"
check "hostile tree: the other PCI device is read" grep -q '"pci-sysfs"' "$TMP/ht.json"
check "hostile tree: no private folder in the report" sh -c "! grep -q chipaudit-pci '$TMP/ht.json'"
timeout $LIMIT "$CA" collect --root "$TMP/ht/t" -o "$TMP/ht.cae" 2> "$TMP/ht.err"
rc=$?
check "hostile tree: collect finishes with exit 2 (got $rc)" test $rc -eq 2
tar xzOf "$TMP/ht.cae" chipaudit-collect.json > "$TMP/ht.manifest"
check "hostile tree: the manifest names what could not be read" python3 -c '
import json,sys; m=json.load(open(sys.argv[1])); bad={x["path"]:x["reason"] for x in m["not_captured"]}
assert bad.get("sys/class/nvme/nvme0/model")=="not a regular file", bad
assert bad.get("sys/bus/pci/devices/0000:00:19.0/vendor")=="not a regular file", bad' "$TMP/ht.manifest"
check "hostile tree: nothing outside the tree in the archive" sh -c "! tar xzOf '$TMP/ht.cae' | grep -q SECRET-MARKER-4711"

summary collect
