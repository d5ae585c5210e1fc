#!/usr/bin/env bash
# End-to-end tests of the chipaudit command line: exit codes, messages,
# file walking, ordering, JSON against its schema, scan on a captured tree.
# usage: test_cli.sh CHIPAUDIT DATA_DIR SCHEMA
set -u
CA=$1 DATA=$2 SCHEMA=$3
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
pass=0 fail=0
check() { # check NAME CONDITION...
	local name=$1; shift
	if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $name"; fi
}

# --- a folder with good evidence, a broken file and a name with spaces
mkdir -p "$TMP/fleet/rack 1"
cp "$DATA/smbios-dump/Lenovo-ThinkPad-T480.bin" "$TMP/fleet/rack 1/t480 dump.bin"
cp "$DATA/dmidecode-text/huawei-bode-cxmt-lpddr4.txt" "$TMP/fleet/huawei.txt"
head -c 700 "$DATA/smbios-dump/Asus-UX307LA.bin" > "$TMP/fleet/asus-truncated.bin"
printf 'not evidence at all\n' > "$TMP/fleet/notes.txt"

"$CA" audit "$TMP/fleet" > "$TMP/out.txt" 2> "$TMP/err.txt"; rc=$?
check "audit with one unreadable file exits 2" test "$rc" -eq 2
check "one stderr line per bad input (unreadable, truncated)" test "$(wc -l < "$TMP/err.txt")" -eq 2
check "the truncated dump is named on stderr" grep -q "asus-truncated.bin: offset" "$TMP/err.txt"
check "stderr names the file and line (text)" grep -q "notes.txt: line 1: not a recognized evidence format" "$TMP/err.txt"
# the diagnostic names every text format audit reads, not only the SMBIOS ones
for f in "smartctl -x" "smartctl -j" "nvme list -o json" "lshw -json" "lspci -vmm -nn" "lspci -vnn" "lsusb -v" "dmidecode text" "an SPD hex dump"; do
	check "an unrecognized text file: the diagnostic names $f" grep -q "notes.txt: line 1: .*[(, ]$f[,)]" "$TMP/err.txt"
done
head -c 64 /dev/zero | tr '\0' '\001' > "$TMP/blob.bin"
"$CA" audit "$TMP/blob.bin" > /dev/null 2> "$TMP/err-blob.txt"
for f in "an SMBIOS dump" "an SPD image" "smartctl -x" "lsusb -v" "a chipaudit collect archive"; do
	check "an unrecognized binary file: the diagnostic names $f" grep -q "blob.bin: offset 0 (0x0): not a recognized evidence format: .*$f" "$TMP/err-blob.txt"
done
check "file with spaces audited" grep -q "t480 dump.bin" "$TMP/out.txt"
check "truncated dump audited with its diagnostic" grep -q "truncated" "$TMP/out.txt"
check "three hosts read, one incomplete" grep -q "^3 hosts read (1 incomplete: evidence with errors), 1 unreadable" "$TMP/out.txt"
check "huawei memory listed" grep -q "ChangXin Memory Technologies Inc" "$TMP/out.txt"
check "module maker resolved from the binary id" grep -q "CXMT  *smbios-binary-id high / DRAM CXMT" "$TMP/out.txt"

# --- a folder as one host: a dump and dmidecode text of the same machine, and a stray file
mkdir -p "$TMP/host-t480"
cp "$DATA/smbios-dump/Lenovo-ThinkPad-T480.bin" "$TMP/host-t480/dump.bin"
cp "$DATA/smbios-dump/Lenovo-ThinkPad-T480.orig.txt" "$TMP/host-t480/dmidecode.txt"
printf 'operator notes\n' > "$TMP/host-t480/notes.txt"
"$CA" audit --as-of 2026-11-30 --host "$TMP/host-t480" > "$TMP/h.txt" 2> "$TMP/he.txt"; rc=$?
check "--host: a stray file makes exit 2" test "$rc" -eq 2
check "--host: one host, read, incomplete (a stray file)" grep -q "^1 host read (1 incomplete: evidence with errors), 0 unreadable" "$TMP/h.txt"
check "--host: the host is the folder" grep -q "^== $TMP/host-t480  \[smbios-dump" "$TMP/h.txt"
check "--host: evidence line names the three files" grep -q "^Evidence: .*dmidecode.txt (dmidecode-text, read), .*dump.bin (smbios-dump, inventory), .*notes.txt (unknown, unreadable)" "$TMP/h.txt"
check "--host: the stray file named once on stderr" test "$(grep -c 'notes.txt: line 1' "$TMP/he.txt")" -eq 1
check "--host: the second SMBIOS source is noted" grep -q "another SMBIOS source of this host" "$TMP/h.txt"
check "--host: memory listed once" test "$(grep -c '^Memory:' "$TMP/h.txt")" -eq 1
"$CA" audit --format json --host "$TMP/host-t480" "$TMP/fleet/huawei.txt" > "$TMP/h.json" 2>/dev/null
check "--host json: evidence list and host order" python3 -c "
import json,sys; d=json.load(open(sys.argv[1])); h=d['hosts']
assert [x['source'] for x in h] == [sys.argv[2], sys.argv[3]], [x['source'] for x in h]
assert [(e['format'], e['read'], e['inventory']) for e in h[0]['evidence']] == [('dmidecode-text', True, False), ('smbios-dump', True, True), ('unknown', False, False)]
s = d['summary']; assert (s['hosts_read'], s['unreadable'], s['incomplete']) == (2, 0, 1), s" "$TMP/h.json" "$TMP/host-t480" "$TMP/fleet/huawei.txt"
"$CA" audit --host "$TMP/no-such-folder" > /dev/null 2> "$TMP/he.txt"; rc=$?
check "--host on a missing folder exits 2 with one line" test "$rc" -eq 2 -a "$(wc -l < "$TMP/he.txt")" -eq 1

# --- JSON to a file, valid and schema-conformant
"$CA" audit --format json -o "$TMP/out.json" "$TMP/fleet" 2>/dev/null; rc=$?
check "json audit exits 2" test "$rc" -eq 2
check "json parses" python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$TMP/out.json"
check "json holds 4 hosts incl. the unreadable one" python3 -c "
import json,sys; d=json.load(open(sys.argv[1]))
s = d['summary']
assert len(d['hosts']) == 4 and (s['hosts_read'], s['unreadable'], s['incomplete']) == (3, 1, 1), s
assert s['hosts_by_verdict'] == {'unreadable': 1, 'no_findings': 3, 'info': 0, 'warn': 0, 'fail': 0}, s
assert {'role': 'module', 'owner': 'CXMT', 'components': 8} in s['makers_by_role'], s" "$TMP/out.json"
if python3 -c "import jsonschema" 2>/dev/null; then
	check "json validates against docs/report.schema.json" python3 -c "
import json,sys,jsonschema
jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))" "$TMP/out.json" "$SCHEMA"
	"$CA" audit --format json "$DATA/dmidecode-text" "$DATA/smbios-dump" > "$TMP/all.json" 2>/dev/null
	check "every fixture's json validates" python3 -c "
import json,sys,jsonschema
jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))" "$TMP/all.json" "$SCHEMA"
else
	echo "SKIP: python3-jsonschema not installed, schema validation not run"
	[ "${CI:-}" = true ] && check "python3-jsonschema is installed on CI" false
fi

# --- rules: profile, findings, exit codes, waivers, validate
"$CA" audit --profile cn-cii-bank "$DATA/dmidecode-text/inferit-r1-rdimm-micron-binary-id.txt" > "$TMP/r.txt" 2>&1; rc=$?
check "CN bank: Micron server is warn, below --fail-on fail: exit 0" test "$rc" -eq 0
check "CN bank: findings cite the CAC pack" grep -q "\[warn\] cn-cac-2023-micron" "$TMP/r.txt"
"$CA" audit --profile cn-cii-bank --fail-on warn "$DATA/dmidecode-text/inferit-r1-rdimm-micron-binary-id.txt" > /dev/null 2>&1
check "--fail-on warn turns warn findings into exit 1" test $? -eq 1
"$CA" audit --profile us-executive-agency --as-of 2027-12-23 "$DATA/dmidecode-text/huawei-bode-cxmt-lpddr4.txt" > /dev/null 2>&1
check "US agency, installed CXMT on 2027-12-23: grandfathered unless bought later, exit 0" test $? -eq 0
"$CA" audit --profile us-executive-agency --as-of 2027-12-23 --fail-on warn "$DATA/dmidecode-text/huawei-bode-cxmt-lpddr4.txt" > /dev/null 2>&1
check "US agency, CXMT on 2027-12-23: warn, exit 1 with --fail-on warn" test $? -eq 1
"$CA" audit --profile us-executive-agency --as-of 2027-12-22 "$DATA/dmidecode-text/huawei-bode-cxmt-lpddr4.txt" > "$TMP/r2.txt" 2>&1
check "US agency, CXMT on 2027-12-22: only info" bash -c "! grep -q '\[fail\]' '$TMP/r2.txt' && grep -q '\[info\] us-ndaa-fy2023-5949' '$TMP/r2.txt'"
cat > "$TMP/waivers.yaml" <<'YAML'
waivers:
  - rule: us-ndaa-fy2023-5949
    host: "*huawei*"
    reason: notebook retired in January 2028, ticket RET-88
    approver: agency CIO
    expires: 2028-02-01
YAML
cat > "$TMP/agency-strict.yaml" <<'YAML'
id: agency-strict
name: Agency that wants every covered part out
jurisdiction: US
roles: [us-executive-agency]
ownership: domestic
options:
  us-ndaa-fy2023-5949.installed-is-fail: true
source: CLI test
YAML
"$CA" audit --profile "$TMP/agency-strict.yaml" --as-of 2027-12-23 "$DATA/dmidecode-text/huawei-bode-cxmt-lpddr4.txt" > "$TMP/r3.txt" 2>&1
check "installed-is-fail set by a profile: installed CXMT fails" bash -c "grep -q '\[fail\] us-ndaa-fy2023-5949/part-a' '$TMP/r3.txt' && grep -q 'installed-is-fail = true (set by the profile)' '$TMP/r3.txt'"
"$CA" audit --profile "$TMP/agency-strict.yaml" --as-of 2027-12-23 --ignore "$TMP/waivers.yaml" "$DATA/dmidecode-text/huawei-bode-cxmt-lpddr4.txt" > "$TMP/r3.txt" 2>&1
check "waiver suppresses the fail" test $? -eq 0
check "waived findings are still listed" grep -q "\[fail, waived\] us-ndaa-fy2023-5949" "$TMP/r3.txt"
"$CA" audit --profile "$TMP/agency-strict.yaml" --as-of 2028-02-01 --ignore "$TMP/waivers.yaml" "$DATA/dmidecode-text/huawei-bode-cxmt-lpddr4.txt" > "$TMP/r4.txt" 2>&1
check "expired waiver no longer suppresses" test $? -eq 1
check "expired waiver says so" grep -q "expired on 2028-02-01" "$TMP/r4.txt"
"$CA" audit --profile cn-cii-bank --as-of 2026-02-30 "$DATA/dmidecode-text/huawei-bode-cxmt-lpddr4.txt" > /dev/null 2> "$TMP/e.txt"
check "impossible --as-of date is named" grep -q "not '2026-02-30'" "$TMP/e.txt"
"$CA" audit --profile cn-cii-bank --as-of 2026-02-30 "$DATA/dmidecode-text/huawei-bode-cxmt-lpddr4.txt" > /dev/null 2>&1
check "impossible --as-of date exits 2" test $? -eq 2
"$CA" audit --profile no-such-profile "$DATA/dmidecode-text" > /dev/null 2> "$TMP/e.txt"
check "unknown profile is bad input" test $? -eq 2
cat > "$TMP/my-profile.yaml" <<'YAML'
id: my-bank
name: Our bank, reading the CAC decision narrowly
jurisdiction: CN
roles: [cii-operator]
ownership: domestic
options:
  cn-cac-2023-micron.count-dram-dies: false
source: legal opinion LO-2026-07
YAML
"$CA" audit --profile "$TMP/my-profile.yaml" "$DATA/dmidecode-text/dell-g3-12hex-kingston-micron.txt" > "$TMP/p.txt" 2>&1
check "profile file: loaded and used" grep -q "Findings: 0 for profile my-bank" "$TMP/p.txt"
"$CA" audit --profile "$DATA/../../data/rules/cn-cac-2023-micron.yaml" "$DATA/dmidecode-text/dell-g3-12hex-kingston-micron.txt" > /dev/null 2> "$TMP/e.txt"
check "a rule pack is not a profile" bash -c "grep -q 'not a shipped profile name nor a profile file' '$TMP/e.txt'"
"$CA" rules validate > /dev/null 2>&1
check "shipped packs validate" test $? -eq 0
printf 'id: broken\nauthority: A\njurisdiction: CN\nlegal_basis: [L]\nreviewed: 2026-11-30\ncitations:\n  - title: T\nsentence: s\ntitle: X\neffective: 2023-02-30\n' > "$TMP/broken.yaml"
"$CA" rules validate "$TMP/broken.yaml" > /dev/null 2> "$TMP/e.txt"
check "broken pack: exit 2" test $? -eq 2
check "broken pack: file:line" grep -q "broken.yaml:10: 'effective' must be a date" "$TMP/e.txt"

# --- scope: what was inspected, and every rule the profile holds, applied or not
"$CA" audit --as-of 2026-11-30 "$DATA/dmidecode-text/inferit-r1-rdimm-micron-binary-id.txt" > "$TMP/s.txt" 2>&1
check "scope line without a profile" grep -q "^Scope:    inspected memory modules (12 of 32 slots populated" "$TMP/s.txt"
check "not-inspected line names storage and foundry" grep -q "not inspected: storage .*the foundry that made any chip" "$TMP/s.txt"
cat > "$TMP/fie-narrow.yaml" <<'YAML'
id: fie-narrow
name: Foreign-invested operator reading the decision as not binding it
jurisdiction: CN
roles: [cii-operator]
ownership: foreign-invested
options:
  cn-cac-2023-micron.bind-foreign-invested: false
source: CLI test
YAML
"$CA" audit --as-of 2026-11-30 --profile "$TMP/fie-narrow.yaml" "$DATA/dmidecode-text/inferit-r1-rdimm-micron-binary-id.txt" > "$TMP/s.txt" 2>&1
check "no findings, and the table says why" grep -q "cn-cac-2023-micron: not applied: option bind-foreign-invested = false (set by the profile)" "$TMP/s.txt"
"$CA" audit --format json --as-of 2026-11-30 --profile "$TMP/fie-narrow.yaml" "$DATA/dmidecode-text/inferit-r1-rdimm-micron-binary-id.txt" > "$TMP/s.json" 2>/dev/null
check "json: rule not applied with its option" python3 -c "
import json,sys; h=json.load(open(sys.argv[1]))['hosts'][0]
r=h['scope']['rules']; assert r[0]['rule']=='cn-cac-2023-micron' and r[0]['state']=='off-by-option' and r[0]['option']=='bind-foreign-invested' and r[0]['option_value'] is False, r
assert 'storage' in h['scope']['not_inspected'] and h['findings']==[]" "$TMP/s.json"
"$CA" audit --as-of 2028-01-01 --profile us-federal-contractor "$DATA/dmidecode-text/huawei-bode-cxmt-lpddr4.txt" > "$TMP/s.txt" 2>&1
check "contractor's own notebook: section 5949 not applied, by option" grep -q "us-ndaa-fy2023-5949/supplier: not applied: option offered-or-delivered = false" "$TMP/s.txt"
check "contractor's own notebook: no 5949 finding" bash -c "! grep -q '\] us-ndaa-fy2023-5949' '$TMP/s.txt'"

# --- CSV and JSON Lines
mkdir -p "$TMP/formula"
cp "$DATA/dmidecode-text/inferit-r1-rdimm-micron-binary-id.txt" "$TMP/formula/=HYPERLINK(\"http:,,x\")"
(cd "$TMP/formula" && "$CA" audit --format csv --as-of 2026-11-30 --profile cn-cii-bank '=HYPERLINK("http:,,x")' > "$TMP/f.csv" 2>/dev/null)
check "csv: a header and one row per finding" python3 -c "
import csv,sys; rows=list(csv.reader(open(sys.argv[1], newline='')))
assert rows[0][:4]==['host','rule','severity','state'] and len(rows)==13, len(rows)
assert all(r[1]=='cn-cac-2023-micron' and r[2]=='warn' for r in rows[1:])" "$TMP/f.csv"
check "csv: a cell a spreadsheet would run as a formula starts with an apostrophe" python3 -c "
import csv,sys; rows=list(csv.reader(open(sys.argv[1], newline='')))
assert all(r[0].startswith(\"'=HYPERLINK\") for r in rows[1:]), rows[1][0]
assert not any(c.startswith(('=','+','-','@')) for r in rows[1:] for c in r), 'formula cell'" "$TMP/f.csv"
"$CA" audit --format jsonl "$DATA/dmidecode-text" > "$TMP/h.jsonl" 2>/dev/null
check "jsonl: one host object per line, every fixture" python3 -c "
import json,sys; lines=open(sys.argv[1]).read().splitlines()
hosts=[json.loads(l) for l in lines]; assert len(hosts)==21 and all('source' in h for h in hosts), len(hosts)" "$TMP/h.jsonl"

# --- SARIF 2.1.0
SHARED_SCHEMAS="$(dirname "$SCHEMA")/../tests/schemas"
"$CA" audit --format sarif --as-of 2027-12-23 --profile us-executive-agency --ignore "$TMP/waivers.yaml" \
	"$DATA/dmidecode-text" > "$TMP/r.sarif" 2>/dev/null
check "sarif: results, levels, a rule per rule id, waivers as suppressions" python3 -c "
import json,sys; d=json.load(open(sys.argv[1])); r=d['runs'][0]
ids=[x['id'] for x in r['tool']['driver']['rules']]
assert d['version']=='2.1.0' and 'us-ndaa-fy2023-5949/part-a' in ids and len(ids)==len(set(ids))
res=r['results']; assert res and all(x['level'] in ('error','warning','note') for x in res)
assert all(ids[x['ruleIndex']]==x['ruleId'] for x in res)
sup=[x for x in res if 'suppressions' in x]; assert sup and all(s['status']=='accepted' for x in sup for s in x['suppressions'])
assert all(x['locations'][0]['physicalLocation']['artifactLocation']['uri'] for x in res)" "$TMP/r.sarif"
check "sarif: validates against the official SARIF 2.1.0 schema" python3 -c "
import json,sys,jsonschema
jsonschema.Draft4Validator(json.load(open(sys.argv[2]))).validate(json.load(open(sys.argv[1])))" "$TMP/r.sarif" "$SHARED_SCHEMAS/sarif-schema-2.1.0.json"

# --- purchase dates
printf 'host,purchase_date\ninferit-r1-rdimm-micron-binary-id.txt,2024-03-01\nrack9-unknown.txt,2024-01-01\n' > "$TMP/purchases.csv"
"$CA" audit --as-of 2026-11-30 --profile cn-cii-bank --purchases "$TMP/purchases.csv" "$DATA/dmidecode-text/inferit-r1-rdimm-micron-binary-id.txt" > "$TMP/pu.txt" 2> "$TMP/pe.txt"; rc=$?
check "--purchases: a Micron purchase after 2023-05-21 fails" test "$rc" -eq 1
check "--purchases: the group says it is the barred purchase" grep -A1 "\[fail\] cn-cac-2023-micron: Micron module maker: 12 of 12 memory devices" "$TMP/pu.txt" | grep -q "bought on 2024-03-01.*This may be a purchase the decision bars"
check "--purchases: the unmatched key is reported with its line" grep -q "purchases.csv:3: purchase key 'rack9-unknown.txt' (column host) matches no host" "$TMP/pe.txt"
printf 'host,purchase_date\nx,2024-13-01\n' > "$TMP/bad-purchases.csv"
"$CA" audit --purchases "$TMP/bad-purchases.csv" "$DATA/dmidecode-text" > /dev/null 2> "$TMP/pe.txt"; rc=$?
check "--purchases: a bad date is bad input with file:line" bash -c "test $rc -eq 2 && grep -q 'bad-purchases.csv:2: purchase date' '$TMP/pe.txt'"

# --- rules show: scope, exceptions, interpretations and options of every pack
for id in cn-cac-2023-micron us-ndaa-fy2019-889 us-ndaa-fy2023-5949 us-ndaa-fy2024-805; do
	"$CA" rules show "$id" > "$TMP/show.txt" 2>&1
	check "rules show $id: scope" grep -q "^  scope:" "$TMP/show.txt"
	check "rules show $id: interpretations" grep -q "^  interpretations chipaudit makes:" "$TMP/show.txt"
	check "rules show $id: exceptions" grep -q "^  exceptions:" "$TMP/show.txt"
	check "rules show $id: options" grep -q "^  options (where the law is ambiguous):" "$TMP/show.txt"
	check "rules show $id: last reviewed" grep -q "^  sources (last reviewed 20" "$TMP/show.txt"
done
"$CA" rules show us-ndaa-fy2019-889 > "$TMP/show.txt"
check "rules show 889: exceptions of FAR 4.2102(b)" grep -q "FAR 4.2102(b)(2)" "$TMP/show.txt"
"$CA" rules show cn-cac-2023-micron > "$TMP/show.txt"
check "rules show CAC: dated articles" grep -q "art. 37 .*(from 2026-01-01)" "$TMP/show.txt"
"$CA" rules show cn-cac-2023-micron > "$TMP/show.txt"
check "rules show prints the decision timeline" grep -q "2023-05-21  review concluded: not passed" "$TMP/show.txt"
check "rules show lists Micron's brands" grep -q "brand Crucial" "$TMP/show.txt"
"$CA" audit --format json --profile cn-cii-bank -o "$TMP/rules.json" "$DATA/dmidecode-text" 2>/dev/null
if python3 -c "import jsonschema" 2>/dev/null; then
	check "json with findings validates" python3 -c "
import json,sys,jsonschema
jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))" "$TMP/rules.json" "$SCHEMA"
fi

# --- order is the walk order whatever the number of workers
"$CA" audit -j 1 "$DATA/dmidecode-text" "$DATA/smbios-dump" > "$TMP/j1.txt" 2>/dev/null
"$CA" audit -j 2 "$DATA/dmidecode-text" "$DATA/smbios-dump" > "$TMP/j2.txt" 2>/dev/null
"$CA" audit -j 7 "$DATA/dmidecode-text" "$DATA/smbios-dump" > "$TMP/j7.txt" 2>/dev/null
check "-j 1 and -j 2 give the same report" cmp -s "$TMP/j1.txt" "$TMP/j2.txt"
check "-j 1 and -j 7 give the same report" cmp -s "$TMP/j1.txt" "$TMP/j7.txt"

# --- missing path: said, the rest still audited
"$CA" audit "$TMP/nope" "$DATA/dmidecode-text/huawei-bode-cxmt-lpddr4.txt" > "$TMP/o.txt" 2> "$TMP/e.txt"; rc=$?
check "missing path exits 2" test "$rc" -eq 2
check "missing path named" grep -q "nope: No such file or directory" "$TMP/e.txt"
check "other path still audited" grep -q "^1 host read" "$TMP/o.txt"

# --- usage errors
"$CA" audit --format xml "$TMP/fleet" > /dev/null 2>&1; check "bad format exits 2" test $? -eq 2
"$CA" frobnicate > /dev/null 2>&1; check "unknown command exits 2" test $? -eq 2
"$CA" audit > /dev/null 2>&1; check "audit without path exits 2" test $? -eq 2
"$CA" --version | grep -q "JEP106 BO, 2202 codes"; check "version names the JEP106 table" test $? -eq 0

# --- scan on a captured tree (the layout Linux uses in /sys)
T="$TMP/root/sys/firmware/dmi/tables"; mkdir -p "$T"
head -c 24 "$DATA/smbios-dump/Lenovo-ThinkPad-T480.bin" > "$T/smbios_entry_point"
tail -c +33 "$DATA/smbios-dump/Lenovo-ThinkPad-T480.bin" > "$T/DMI"
"$CA" scan --root "$TMP/root" > "$TMP/scan.txt" 2> "$TMP/scan.err"; rc=$?
check "scan of a captured tree exits 0" test "$rc" -eq 0
check "scan finds the memory" grep -q "HMAA51S6AMR6N-UH" "$TMP/scan.txt"
check "scan reads sysfs format" grep -q "smbios-sysfs, SMBIOS 3.0.0" "$TMP/scan.txt"

# --- scan of a captured tree with SPD EEPROMs (ee1004, spd5118) and SMBIOS tables
SR="$DATA/spd-sysfs/t480-root"
"$CA" scan --root "$SR" --format json -o "$TMP/spd-scan.json" 2> "$TMP/spd-scan.err"; rc=$?
check "scan with SPD EEPROMs exits 0" test "$rc" -eq 0
check "SPD EEPROMs joined to the SMBIOS slots" python3 - "$TMP/spd-scan.json" <<'PY'
import json, sys
h = json.load(open(sys.argv[1]))["hosts"][0]
fmts = [e["format"] for e in h["evidence"]]
assert fmts == ["smbios-sysfs", "spd-sysfs", "spd-sysfs", "spd-sysfs"], fmts
devs = [d for d in h["memory_devices"] if d["installed"]]
assert len(devs) == 2, devs
a, b = devs
assert a["locator"] == "ChannelA-DIMM0" and a["spd_source"].endswith("ee1004/0-0050/eeprom"), a
assert b["locator"] == "ChannelB-DIMM0" and b["spd_source"].endswith("ee1004/0-0051/eeprom"), b
assert a["makers"]["dram"]["maker_id"] == "sk-hynix" and a["makers"]["dram"]["method"] == "spd-binary-id", a["makers"]["dram"]
assert b["makers"]["dram"]["maker_id"] == "samsung", b["makers"]["dram"]
assert a["dram_manufacturer_id"]["code"] == "0xAD" and a["spd_crc"] == "ok"
assert a["configured_speed_mts"] == 2400  # SMBIOS keeps the configured speed
codes = [d["code"] for d in h["diagnostics"]]
assert codes.count("spd.joined") == 2 and codes.count("spd.not-joined") == 1, codes  # DDR5 fits no DDR4 slot
PY
"$CA" scan --root "$SR" > "$TMP/spd-scan.txt" 2>&1
check "table shows the DRAM maker from SPD" grep -q "DRAM SK hynix (spd-binary-id high)" "$TMP/spd-scan.txt"
# --- audit --host: dmidecode text of a two-slot machine and two SPD images
mkdir -p "$TMP/spdhost"
cp "$DATA/smbios-dump/Lenovo-ThinkPad-T480.orig.txt" "$TMP/spdhost/a-dmidecode.txt"
cp "$DATA/spd/hynix_dimm_H5AN8G6NCJR-VKC.spd.bin" "$TMP/spdhost/b-slot-a.spd.bin"
cp "$DATA/spd/micron_4GiB_dimm_MTA9ASF51272PZ-2G1A2.spd.bin" "$TMP/spdhost/c-slot-b.spd.bin"
"$CA" audit --host "$TMP/spdhost" > "$TMP/spdhost.txt" 2>&1; rc=$?
check "audit --host with SPD images exits 0" test "$rc" -eq 0
check "--host: slot A joined, no conflict" grep -q "ChannelA-DIMM0 .*DRAM SK hynix (spd-binary-id high)" "$TMP/spdhost.txt"
check "--host: a size the firmware does not agree with is said" grep -q "the SPD describes a 4 GB module, the firmware a 16 GB one" "$TMP/spdhost.txt"
check "--host: a relabelled module is a conflict" bash -c "grep -q 'warning: conflict: .*Micron.*Samsung\\|warning: conflict: .*Samsung.*Micron' '$TMP/spdhost.txt' && grep -q 'the SPD and the firmware disagree' '$TMP/spdhost.txt'"
"$CA" identify "$DATA/spd/samsung-M425R1GB4BB0-CQKOD.spd.bin" > "$TMP/id.txt"; rc=$?
check "identify explains an SPD image" test "$rc" -eq 0
check "identify names the DRAM maker bytes" grep -q "bytes 552-553 DRAM maker id: Bank 1, Hex 0xCE (Samsung)" "$TMP/id.txt"
"$CA" identify "$DATA/spd/samsung_8.spd.bin" > "$TMP/id.txt"; rc=$?
check "identify of an unknown SPD type exits 2 with the reason" bash -c "test $rc -eq 2 && grep -q 'not a memory type' '$TMP/id.txt'"

"$CA" scan --root "$TMP/empty-root" > "$TMP/o.txt" 2> "$TMP/e.txt"; rc=$?
check "scan without tables exits 4" test "$rc" -eq 4
check "scan without tables says one sentence" test "$(wc -l < "$TMP/e.txt")" -eq 1
check "scan without tables names the file" grep -q "smbios_entry_point: this system exposes no SMBIOS tables" "$TMP/e.txt"

if [ "$(id -u)" = 0 ] && command -v setpriv > /dev/null; then
	chmod 0400 "$T/smbios_entry_point" "$T/DMI"
	chmod 0755 "$TMP" "$TMP/root" "$TMP/root/sys" "$TMP/root/sys/firmware" "$TMP/root/sys/firmware/dmi" "$T"
	setpriv --reuid=65534 --regid=65534 --clear-groups "$CA" scan --root "$TMP/root" > "$TMP/o.txt" 2> "$TMP/e.txt"; rc=$?
	check "scan as non-root exits 4" test "$rc" -eq 4
	check "scan as non-root says permission denied once" test "$(grep -c 'permission denied (the SMBIOS tables are readable by root only)' "$TMP/e.txt")" -eq 1
	check "scan as non-root prints nothing else" test "$(wc -l < "$TMP/e.txt")" -eq 1
else
	echo "SKIP: not root or no setpriv: the non-root scan case was not run"
fi

echo "$pass passed, $fail failed"
test "$fail" -eq 0
