#!/usr/bin/env bash
# chipaudit bom end to end: the real bills of materials in tests/data/bom
# under the CN CII bank and US executive agency profiles, the same list in
# UTF-8, GB18030 (Chinese headers) and UTF-16 TSV (made here with iconv from
# the UTF-8 fixtures), --columns, broken lists, every output format.
# usage: test_bom.sh CHIPAUDIT DATA_DIR SCHEMA
set -u
CA=$1 DATA=$2/bom SCHEMA=$3
. "$(dirname "$0")/../check.sh" # TMP, check, summary
for tool in iconv python3; do
	command -v "$tool" > /dev/null || { echo "FAIL: $tool is needed"; exit 1; }
done
# findings of a JSON report as sorted "rule state component" lines
findings() {
	python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
for h in d["hosts"]:
    for f in h.get("findings", []):
        print(f["rule"], f["state"], f["severity"], f["component"])
' "$1" | sort
}
bank() { "$CA" bom --profile cn-cii-bank --as-of 2026-11-30 "$@"; }
agency() { "$CA" bom --profile us-executive-agency --as-of 2026-11-30 "$@"; }

# --- real lists under cn-cii-bank
bank --format json -o "$TMP/oc.json" "$DATA/orangecrab-r0.2.1.csv"; rc=$?
check "OrangeCrab: a Micron part is a failure (exit 1)" test "$rc" -eq 1
findings "$TMP/oc.json" > "$TMP/oc.txt"
check "OrangeCrab: MT41K64M16TW is bought-after-effective" \
	grep -q "^cn-cac-2023-micron bought-after-effective fail line 44 U4: Micron Technology Inc. MT41K64M16TW" "$TMP/oc.txt"
check "OrangeCrab: the MT41K256M16TW variant is its own finding, naming the alternate" \
	grep -q "^cn-cac-2023-micron bought-after-effective fail alternate Micron Technology Inc. MT41K256M16TW of line 44" "$TMP/oc.txt"
check "OrangeCrab: nothing else is flagged (Samsung Electro-Mechanics among the lines)" \
	test "$(wc -l < "$TMP/oc.txt")" -eq 2
check "OrangeCrab: Samsung Electro-Mechanics is on the list" grep -q "Samsung Electro-Mechanics" "$DATA/orangecrab-r0.2.1.csv"
check "OrangeCrab: the report is valid against the schema" python3 -c '
import json, sys, jsonschema
jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))' "$TMP/oc.json" "$SCHEMA"

bank --format json -o "$TMP/ulx.json" "$DATA/ulx3s.csv"
findings "$TMP/ulx.json" > "$TMP/ulx.txt"
check "ULX3S: MT48LC16M16A2 is flagged" grep -q "fail line 48 U2: Micron MT48LC16M16A2TG" "$TMP/ulx.txt"
check "ULX3S: only the Micron line (ISSI, Winbond, Alliance alternates are not)" test "$(wc -l < "$TMP/ulx.txt")" -eq 1
bank "$DATA/ulx3s.csv" > "$TMP/ulx.table"
check "ULX3S: the Winbond alternate is read from the MFG2/MPN2 columns" \
	grep -q "alternate Winbond W9812G6KH-6 of line 48 .* -> Winbond" "$TMP/ulx.table"
check "ULX3S: the report says which columns were used" \
	grep -q "columns used (header at line 1): maker = column 13 'MFG1', part = column 12 'MPN'" "$TMP/ulx.table"

bank "$DATA/beaglebone-ai.csv" > "$TMP/bb.table"; rc=$?
check "BeagleBone AI: Kingston DDR3L and eMMC are not flagged (exit 0)" test "$rc" -eq 0
check "BeagleBone AI: Kingston eMMC identified" grep -q "line 4 U7: kingston EMMC16G-TB29-PZ90 -> Kingston" "$TMP/bb.table"
check "BeagleBone AI: Kingston DDR3L identified" grep -q "KINGSTON D2516EC4BXGGB-U -> Kingston" "$TMP/bb.table"
check "BeagleBone AI: unknown lines are counted" grep -q "have no recognisable maker" "$TMP/bb.table"

bank "$DATA/orangecrab-r0.1-kicad.csv" > "$TMP/kicad.table"
check "KiCad preamble: the header is found after it" grep -q "header at line 9" "$TMP/kicad.table"
check "KiCad preamble: the Micron part is flagged" grep -q "\[fail\] cn-cac-2023-micron" "$TMP/kicad.table"

# --- the same lists under us-executive-agency: nothing is a failure
agency --format json -o "$TMP/agency.json" "$DATA/orangecrab-r0.2.1.csv" "$DATA/ulx3s.csv" \
	"$DATA/beaglebone-ai.csv" "$DATA/orangecrab-r0.1-kicad.csv"; rc=$?
check "us-executive-agency: exit 0 on every real list" test "$rc" -eq 0
check "us-executive-agency: no finding is a failure" \
	test "$(findings "$TMP/agency.json" | grep -c ' fail ')" -eq 0

# --- one list, three encodings, two header languages
iconv -f UTF-8 -t GB18030 "$DATA/screening-zh.csv" > "$TMP/zh-gb18030.csv"
check "the GB18030 copy is not UTF-8" bash -c "! iconv -f UTF-8 -t UTF-8 '$TMP/zh-gb18030.csv' > /dev/null 2>&1"
{ printf '\xff\xfe'; tr ',' '\t' < "$DATA/screening-en.csv" | iconv -f UTF-8 -t UTF-16LE; } > "$TMP/en-utf16.tsv"
{ printf '\xef\xbb\xbf'; cat "$DATA/screening-en.csv"; } > "$TMP/en-bom.csv"
for f in "$DATA/screening-en.csv" "$TMP/zh-gb18030.csv" "$TMP/en-utf16.tsv" "$TMP/en-bom.csv"; do
	bank --format json -o "$TMP/one.json" "$f"
	findings "$TMP/one.json" > "$TMP/$(basename "$f").findings"
done
check "screening: two findings in UTF-8" test "$(wc -l < "$TMP/screening-en.csv.findings")" -eq 2
check "GB18030 with Chinese headers gives the same findings" \
	cmp -s "$TMP/screening-en.csv.findings" "$TMP/zh-gb18030.csv.findings"
check "UTF-16 TSV gives the same findings" cmp -s "$TMP/screening-en.csv.findings" "$TMP/en-utf16.tsv.findings"
check "UTF-8 with a byte order mark gives the same findings" \
	cmp -s "$TMP/screening-en.csv.findings" "$TMP/en-bom.csv.findings"
bank "$TMP/zh-gb18030.csv" > "$TMP/zh.table"
check "GB18030: the encoding is named" grep -q "read as gb18030" "$TMP/zh.table"
check "GB18030: the Chinese header names are reported" grep -q "maker = column 3 '制造商', part = column 4 '型号'" "$TMP/zh.table"
bank "$TMP/en-utf16.tsv" > "$TMP/u16.table"
check "UTF-16: the encoding is named" grep -q "read as utf-16le" "$TMP/u16.table"

# --- XLSX: made by openpyxl (tests/data/bom/make-xlsx.py), every sheet; and
# workbooks written by tests/bom/make_workbooks.py (inline strings, a zip
# bomb, malformed XML)
bank --format json -o "$TMP/x.json" "$DATA/screening-en.xlsx"
findings "$TMP/x.json" > "$TMP/x.findings"
check "XLSX gives the same findings as the CSV" cmp -s "$TMP/screening-en.csv.findings" "$TMP/x.findings"
bank "$DATA/screening-en.xlsx" > "$TMP/x.table"
check "XLSX: the header is found on the second sheet, after its title rows" grep -q "header at sheet2 row 4" "$TMP/x.table"
check "XLSX: a formula cell is not evaluated" bash -c "! grep -q HYPERLINK '$TMP/x.table'"
/usr/bin/env python3 "$(dirname "$0")/make_workbooks.py" "$TMP" || check "make_workbooks.py runs" false
bank "$TMP/inline.xlsx" > "$TMP/inline.table"; rc=$?
check "XLSX inline strings: exit 1 (a Micron line)" test "$rc" -eq 1
check "XLSX inline strings: the Micron alternate row belongs to line 4" grep -q "alternate Micron Technology MT48LC16M16A2 of line 4" "$TMP/inline.table"
bank "$TMP/bomb.xlsx" > "$TMP/bomb.table" 2> "$TMP/bomb.err"; rc=$?
check "zip bomb: exit 2 (incomplete)" test "$rc" -eq 2
check "zip bomb: the sheet over the cap is named" grep -q "sheet1 is larger than 64 MiB uncompressed" "$TMP/bomb.table"
check "zip bomb: the next sheet is screened" grep -q "header at sheet2 row 1" "$TMP/bomb.table"
bank "$TMP/malformed.xlsx" > "$TMP/malformed.table"; rc=$?
check "malformed XML: exit 2" test "$rc" -eq 2
check "malformed XML: sheet and row named" grep -q "sheet1: XML line 1: .*row 3" "$TMP/malformed.table"
check "malformed XML: the rows before are screened" grep -q "\[fail\] cn-cac-2023-micron" "$TMP/malformed.table"
head -c 3000 "$DATA/screening-en.xlsx" > "$TMP/cut.xlsx"
bank "$TMP/cut.xlsx" > /dev/null 2> "$TMP/cut.err"; rc=$?
check "truncated XLSX: exit 2 and a message" test "$rc" -eq 2 -a -s "$TMP/cut.err"

# --- CycloneDX JSON: fixtures written from the CSV lists by
# tests/data/bom/make-cyclonedx.py (commands in tests/data/README.md); they
# must give the same findings as the CSV, the place ("line 5" in a CSV,
# "component 1" in CycloneDX) aside
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SCHEMAS=$ROOT/tests/schemas
places() { sed -E 's/(line|component) [0-9]+ \((line|component) [0-9]+\)$/PLACE/; s/ (line|component) [0-9]+ ?([^:]*): / PLACE \2: /'; }
cdx_valid() { python3 "$ROOT/tests/tools/validate_json.py" "$SCHEMAS/bom-1.6.schema.json" "$@" \
	--ref "$SCHEMAS/spdx.schema.json" --ref "$SCHEMAS/jsf-0.82.schema.json"; }
for l in screening-en orangecrab-r0.2.1; do
	check "CycloneDX fixture $l.cdx.json validates against CycloneDX 1.6" cdx_valid "$DATA/$l.cdx.json"
	bank --format json -o "$TMP/$l.csv.json" "$DATA/$l.csv"
	bank --format json -o "$TMP/$l.cdx.json" "$DATA/$l.cdx.json"; rc=$?
	check "CycloneDX $l: exit 1 (a Micron line)" test "$rc" -eq 1
	findings "$TMP/$l.csv.json" | places > "$TMP/$l.csv.f"
	findings "$TMP/$l.cdx.json" | places > "$TMP/$l.cdx.f"
	check "CycloneDX $l: findings found" test -s "$TMP/$l.cdx.f"
	check "CycloneDX $l gives the same findings as the CSV" cmp -s "$TMP/$l.csv.f" "$TMP/$l.cdx.f"
	agency --format json -o "$TMP/$l.agency.json" "$DATA/$l.cdx.json"
	check "CycloneDX $l under us-executive-agency: no failure" \
		test "$(findings "$TMP/$l.agency.json" | grep -c ' fail ')" -eq 0
done
check "CycloneDX: the MT41K256M16TW variant is an alternate of the MT41K64M16TW line" \
	grep -q "bought-after-effective fail alternate Micron Technology Inc. MT41K256M16TW of PLACE" "$TMP/orangecrab-r0.2.1.cdx.f"
bank "$DATA/screening-en.cdx.json" > "$TMP/cdx.table"
check "CycloneDX: recognised by content and named" grep -q "read as CycloneDX 1.6 JSON" "$TMP/cdx.table"
check "CycloneDX: the report says which fields were used" grep -q "maker from manufacturer (11 lines)" "$TMP/cdx.table"
for trap in "Samsung Electro-Mechanics" "Microchip" "Micronas" "HT Micron" "Winbond W25Q128JVSIQ"; do
	check "CycloneDX trap not flagged: $trap" bash -c "! grep '\\[fail\\]' '$TMP/cdx.table' | grep -q '$trap'"
done
# 1.4 and 1.5 (supplier, not manufacturer), same findings
for v in 1.4 1.5; do
	python3 "$DATA/make-cyclonedx.py" --spec "$v" --maker Manufacturer --part "Manufacturer Part Number" \
		--desc Description --qty Quantity --ref Designator "$DATA/screening-en.csv" "$TMP/s$v.cdx.json"
	bank --format json -o "$TMP/s$v.json" "$TMP/s$v.cdx.json"
	findings "$TMP/s$v.json" | places > "$TMP/s$v.f"
	check "CycloneDX $v (supplier) gives the same findings" cmp -s "$TMP/screening-en.csv.f" "$TMP/s$v.f"
done
bank "$TMP/s1.4.cdx.json" > "$TMP/s14.table"
check "CycloneDX 1.4: makers read from supplier" grep -q "supplier (11)" "$TMP/s14.table"
# nested components, author/publisher, a maker property, properties naming roles
cat > "$TMP/nested.cdx.json" <<'JSON'
{"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1, "components": [
 {"type": "device", "name": "Board A", "components": [
  {"type": "device", "name": "MT40A1G8SA-075:E", "author": "Micron Technology",
   "properties": [{"name": "Designator", "value": "U1"}, {"name": "Qty", "value": "4"}]},
  {"type": "device", "name": "x", "publisher": "Kingston",
   "properties": [{"name": "MPN", "value": "KVR16N11/8"}]},
  {"type": "device", "name": "CL05A104KA5NNNC",
   "properties": [{"name": "Manufacturer", "value": "Samsung Electro-Mechanics"}]}]},
 {"type": "device", "name": "IS43TR16256A", "manufacturer": {"name": "ISSI"}, "bom-ref": "m"},
 {"type": "device", "name": "MT41K256M16TW", "manufacturer": {"name": "Micron"},
  "properties": [{"name": "chipaudit:alternate-of", "value": "m"}]},
 "not an object",
 {"type": "device", "name": "W25Q", "properties": [{"name": "chipaudit:alternate-of", "value": "nowhere"}]}]}
JSON
bank "$TMP/nested.cdx.json" > "$TMP/nested.table"; rc=$?
check "CycloneDX nested: exit 1 (Micron parts)" test "$rc" -eq 1
check "CycloneDX nested: a nested component's author is its maker" \
	grep -q "\[fail\].*component 2 U1: Micron Technology MT40A1G8SA-075:E" "$TMP/nested.table"
check "CycloneDX nested: publisher and an MPN property" grep -q "component 3: Kingston KVR16N11/8 -> Kingston" "$TMP/nested.table"
check "CycloneDX nested: a maker property (a trap, not flagged)" \
	grep -q "component 4: Samsung Electro-Mechanics CL05A104KA5NNNC: no recognisable maker" "$TMP/nested.table"
check "CycloneDX: an alternate-of names its line" grep -q "alternate Micron MT41K256M16TW of component 5 (component 6)" "$TMP/nested.table"
check "CycloneDX: a component that is not an object is named and skipped" grep -q "components\[3\] is not an object" "$TMP/nested.table"
check "CycloneDX: an alternate-of naming nothing is said" grep -q "alternate-of 'nowhere' names no earlier component" "$TMP/nested.table"
head -c 400 "$DATA/screening-en.cdx.json" > "$TMP/cut.cdx.json"
bank "$TMP/cut.cdx.json" > "$TMP/cut.cdx.table" 2> /dev/null; rc=$?
check "truncated CycloneDX: exit 2" test "$rc" -eq 2
check "truncated CycloneDX: line, column and offset named" grep -q "not JSON at line [0-9]*, column [0-9]* (offset [0-9]*)" "$TMP/cut.cdx.table"
printf '{"bomFormat": "SPDX", "components": []}' > "$TMP/other.json"
bank "$TMP/other.json" > "$TMP/other.table" 2> /dev/null; rc=$?
check "JSON that is not CycloneDX: exit 2 and said" test "$rc" -eq 2
check "JSON that is not CycloneDX: the reason" grep -q "bomFormat is not" "$TMP/other.table"

bank "$DATA/screening-en.csv" > "$TMP/s.table"
# --- sentences: a line of a list is to be bought, not bought
check "sentence: a list line is on the purchase list screened on the date" \
	grep -q "on the purchase list $DATA/screening-en.csv screened on 2026-11-30: on or after 2023-05-21" "$TMP/s.table"
check "sentence: a list line is never 'bought on'" bash -c "! grep -q 'bought on' '$TMP/s.table'"
check "evidence: judged as a purchase on the date" grep -q "on the purchase list, judged as a purchase on 2026-11-30" "$TMP/s.table"
"$CA" bom --profile cn-cii-bank --as-of 2023-01-01 "$DATA/screening-en.csv" > "$TMP/early.table"
check "sentence: screened before the decision, buying is not yet barred" \
	grep -q "screened on 2023-01-01, before 2023-05-21 .*: buying it on that date is not yet barred" "$TMP/early.table"
printf 'Manufacturer,MPN,Qty\nHuawei,X1,1\nYMTC,YMN09,1\n' > "$TMP/us.csv"
"$CA" bom --profile us-executive-agency --as-of 2028-11-30 "$TMP/us.csv" > "$TMP/us.table"
check "sentence (889): buying it would be such a procurement" \
	grep -q "Huawei X1 on the purchase list .* screened on 2028-11-30, on or after 2019-08-13, .*buying it would be such a procurement" "$TMP/us.table"
check "sentence (5949): a YMTC line on the list" grep -q "YMTC YMN09 on the purchase list" "$TMP/us.table"
check "sentences (US packs): never 'bought on' nor 'acquired on'" bash -c "! grep -qE 'bought on|acquired on' '$TMP/us.table'"

# --- long lists: past the per-host record cap (65,536), read in parts of
# 16,384 lines and alternates, every line screened, memory flat
[ -x /usr/bin/time ] || { echo "FAIL: GNU time (/usr/bin/time) is needed"; exit 1; }
python3 - "$TMP/long.csv" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("Item,Designator,Manufacturer,MPN,Description,Quantity\n")
    n = 0
    for i in range(1, 70001):           # lines 2..70001
        if i == 16384:                  # line 16385 ends part 1; its alternate opens part 2
            f.write("%d,U%d,ISSI,IS43TR16256A,DDR3L,1\n" % (i, i))
        elif i == 16385:
            f.write(",,Micron Technology,MT41K256M16TW-107:P,alternate,\n")
        elif i % 1000 == 0:
            f.write("%d,U%d,Micron,MT48LC16M16A2TG-6A,SDRAM,1\n" % (i, i))
        else:
            f.write("%d,C%d,Samsung Electro-Mechanics,CL05A104KA5NNNC,100nF,1\n" % (i, i))
    for i in range(4000):               # 4,000 alternate rows under the last line
        f.write(",,Micron,MT41K64M16TW-107:J,alternate,\n")
PY
expected=$(grep -c "Micron" "$TMP/long.csv")
bank --format json -o "$TMP/long.json" "$TMP/long.csv"; rc=$?
check "74,000 rows: exit 1 (Micron lines)" test "$rc" -eq 1
check "74,000 rows: as many findings as rows naming Micron ($expected)" \
	test "$(findings "$TMP/long.json" | grep -c ' fail ')" -eq "$expected"
check "74,000 rows: no record-cap error" bash -c "! grep -q too-many-lines '$TMP/long.json'"
check "74,000 rows: five parts, each a host" test "$(python3 -c '
import json, sys; print(len(json.load(open(sys.argv[1]))["hosts"]))' "$TMP/long.json")" -eq 5
bank "$TMP/long.csv" > "$TMP/long.table"
check "a later part is labelled with the line it starts at" grep -q "== $TMP/long.csv (from line 16386)" "$TMP/long.table"
check "an alternate that opens a part belongs to the line that ended the previous one" \
	grep -q "alternate Micron Technology MT41K256M16TW-107:P of line 16385 (line 16386)" "$TMP/long.table"
check "the last alternates are screened" grep -q "alternate Micron MT41K64M16TW-107:J of line 70001 (line 74001)" "$TMP/long.table"
# peak memory of 60,000 and 180,000 lines (4 and 11 parts); under
# AddressSanitizer its quarantine of freed memory is turned off, else it
# keeps what every part freed
for n in 60000 180000; do
	python3 -c '
import sys
with open(sys.argv[1], "w") as f:
    f.write("Manufacturer,MPN,Quantity\n")
    for i in range(int(sys.argv[2])):
        f.write("Samsung Electro-Mechanics,CL05A104KA5NNNC,1\n" if i % 7 else "Micron,MT48LC16M16A2TG-6A,1\n")
' "$TMP/big$n.csv" "$n"
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0" /usr/bin/time -f "%M" -o "$TMP/big$n.rss" \
		"$CA" bom --profile cn-cii-bank --as-of 2026-11-30 -q "$TMP/big$n.csv" > /dev/null
done
small=$(tail -n 1 "$TMP/big60000.rss") big=$(tail -n 1 "$TMP/big180000.rss")
check "memory flat: 180,000 lines take less than 8 MiB more than 60,000 (${big} KB vs ${small} KB)" \
	test "$big" -lt $((small + 8192))
# a UTF-8 list with a byte that is not UTF-8 past the first window
python3 -c '
import sys
with open(sys.argv[1], "wb") as f:
    f.write(b"Manufacturer,MPN,Quantity\n")
    for i in range(40000):
        f.write(b"Samsung Electro-Mechanics,CL05A104KA5NNNC,1\n")
    f.write(b"Micron,MT48LC\xff16M16A2,1\nMicron,MT48LC16M16A2TG-6A,1\n")
' "$TMP/late-bad.csv"
bank "$TMP/late-bad.csv" > "$TMP/late-bad.table"; rc=$?
check "a stray byte past the first MiB: exit 1, the list is screened" test "$rc" -eq 1
check "a stray byte past the first MiB: named with its offset" grep -q "bytes at offset [0-9]* are not UTF-8 .*read as '?'" "$TMP/late-bad.table"

# --- traps: not flagged, and never guessed
bank "$DATA/screening-en.csv" > "$TMP/s.table"
for trap in "Samsung Electro-Mechanics" "Microchip" "Micronas" "HT Micron" "Winbond W25Q128JVSIQ"; do
	check "trap not flagged: $trap" bash -c "! grep '\\[fail\\]' '$TMP/s.table' | grep -q '$trap'"
done
check "HT Micron is HT Micron, not Micron" grep -q "HT Micron HTL8G16A -> HT Micron \[jep106-name" "$TMP/s.table"
check "Samsung Electro-Mechanics is unknown, not Samsung" \
	grep -q "Samsung Electro-Mechanics CL05A104KA5NNNC: no recognisable maker" "$TMP/s.table"
check "a description naming Micron does not make the line Micron's" grep -q "U6: Winbond W25Q128JVSIQ -> Winbond" "$TMP/s.table"
check "the alternate row belongs to the line above" grep -q "alternate Micron Technology Inc. MT41K256M16TW-107:P of line 5 (line 6)" "$TMP/s.table"

# --- every output format runs on a list
for f in table json jsonl csv sarif cyclonedx html; do
	bank --format "$f" -o "$TMP/out.$f" "$DATA/screening-en.csv"; rc=$?
	check "--format $f: exit 1 (findings) and a report" test "$rc" -eq 1 -a -s "$TMP/out.$f"
done
check "--format csv: a formula-like cell does not start a CSV cell" \
	bash -c "! grep -q '^=\\|,=HYPERLINK' '$TMP/out.csv'"

# --- --columns
printf 'a,b,c\nx,Micron,MT41K256M16TW\ny,Kingston,KVR16\n' > "$TMP/nohead.csv"
bank "$TMP/nohead.csv" > /dev/null 2> "$TMP/nohead.err"; rc=$?
check "no header: exit 2" test "$rc" -eq 2
check "no header: the diagnostic suggests --columns" grep -q "columns" "$TMP/nohead.err"
bank --columns maker=2,part=3 "$TMP/nohead.csv" > "$TMP/cols.table"; rc=$?
check "--columns maker=2,part=3: the Micron line is flagged" test "$rc" -eq 1
check "--columns: the report says the columns were given" grep -q "given by --columns" "$TMP/cols.table"
bank --columns maker=0 "$TMP/nohead.csv" > /dev/null 2> "$TMP/badcols.err"; rc=$?
check "--columns maker=0: exit 2" test "$rc" -eq 2
check "--columns maker=0: said once" test "$(wc -l < "$TMP/badcols.err")" -eq 1

# --- broken lists: a diagnostic with the line, the rest screened
{ head -n 8 "$DATA/screening-en.csv"; printf '11,U9,"Micron,MT41K\n'; } > "$TMP/open.csv"
bank "$TMP/open.csv" > "$TMP/open.table" 2> "$TMP/open.err"; rc=$?
check "open quote: exit 2 (an incomplete list)" test "$rc" -eq 2
check "open quote: the line is named" grep -q "line 9" "$TMP/open.table"
check "open quote: the lines before are screened" grep -q "\[fail\] cn-cac-2023-micron" "$TMP/open.table"
printf '\x00\x01\x02garbage' > "$TMP/garbage.csv"
bank "$TMP/garbage.csv" > /dev/null 2> "$TMP/garbage.err"; rc=$?
check "garbage: exit 2" test "$rc" -eq 2
check "garbage: the file is named on stderr" grep -q "garbage.csv" "$TMP/garbage.err"
bank "$TMP/missing.csv" > /dev/null 2> "$TMP/missing.err"; rc=$?
check "missing file: exit 2" test "$rc" -eq 2
"$CA" bom > /dev/null 2>&1; rc=$?
check "no file: exit 2" test "$rc" -eq 2
"$CA" bom --help | grep -q -- "--columns"
check "--help names --columns" test "$?" -eq 0

summary bom
