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

# --- --annotate OUT: the list back with verdict, maker, owner, rule and
# evidence columns (tests/bom/check_annotated.py compares every row and cell
# with the input and lists the verdicts)
HERE=$(dirname "$0")
annotate() { bank -q --annotate "$@" > /dev/null; }
verdicts() { python3 "$HERE/check_annotated.py" "$1" "$2" > "$2.verdicts" 2> "$2.problems"; }
# the same findings from the copy as from the list (the place of a line kept)
same_findings() {
	bank --format json -o "$TMP/rt-a.json" "$1"
	bank --format json -o "$TMP/rt-b.json" "$2"
	findings "$TMP/rt-a.json" > "$TMP/rt-a.txt"
	findings "$TMP/rt-b.json" > "$TMP/rt-b.txt"
	test -s "$TMP/rt-a.txt" -o "${3:-}" = none && cmp -s "$TMP/rt-a.txt" "$TMP/rt-b.txt"
}
for f in "$DATA/orangecrab-r0.2.1.csv" "$DATA/ulx3s.csv" "$DATA/beaglebone-ai.csv" "$DATA/orangecrab-r0.1-kicad.csv" \
	"$DATA/screening-en.csv" "$TMP/zh-gb18030.csv" "$TMP/en-utf16.tsv" "$TMP/en-bom.csv"; do
	b=$(basename "$f")
	out="$TMP/annotated-$b"
	annotate "$out" "$f"; rc=$?
	want=1; [ "$b" = beaglebone-ai.csv ] && want=0
	check "--annotate $b: exit $want, as without it" test "$rc" -eq "$want"
	verdicts "$f" "$out"
	check "--annotate $b: every row and cell of the input, five columns added ($(head -c 300 "$out.problems"))" \
		test ! -s "$out.problems"
	check "--annotate $b: reading the copy gives the same findings" \
		same_findings "$f" "$out" "$([ "$want" = 0 ] && echo none)"
	check "--annotate $b: no Samsung Electro-Mechanics line fails" \
		bash -c "! grep '^fail' '$out.verdicts' | grep -q 'Samsung Electro-Mechanics'"
done
check "--annotate: OrangeCrab's MT41K64M16TW line fails" \
	grep -q "^fail	.*MT41K64M16TW.* | Micron | Micron | cn-cac-2023-micron | " "$TMP/annotated-orangecrab-r0.2.1.csv.verdicts"
check "--annotate: OrangeCrab's MT41K256M16TW alternate (columns of the same row) is in that row's cells" \
	grep -q "^fail	.*MT41K64M16TW.* | Micron Technology Inc. | MT41K256M16TW | fail | " "$TMP/annotated-orangecrab-r0.2.1.csv.verdicts"
check "--annotate: OrangeCrab's Samsung Electro-Mechanics capacitors are unknown" \
	test "$(grep -c '^unknown	.*Samsung Electro-Mechanics' "$TMP/annotated-orangecrab-r0.2.1.csv.verdicts")" -ge 3
check "--annotate: exactly the Micron row of OrangeCrab fails" \
	test "$(grep -c '^fail' "$TMP/annotated-orangecrab-r0.2.1.csv.verdicts")" -eq 1
check "--annotate: an alternate row has a verdict of its own: fail under an unknown ISSI line" \
	grep -A1 "^unknown	1 | U1 | ISSI" "$TMP/annotated-screening-en.csv.verdicts" | grep -q "^fail	 |  | Micron Technology Inc. | MT41K256M16TW-107:P"
check "--annotate: ULX3S's MT48LC16M16A2 row fails, its alternates' makers listed beside Micron" \
	grep -q "^fail	.*MT48LC16M16A2TG.* | Micron; Winbond | " "$TMP/annotated-ulx3s.csv.verdicts"
check "--annotate: ULX3S has one failing row" test "$(grep -c '^fail' "$TMP/annotated-ulx3s.csv.verdicts")" -eq 1
check "--annotate: BeagleBone AI's Kingston DDR3L passes" \
	grep -q "^pass	.*D2516EC4BXGGB-U.* | Kingston | Kingston | " "$TMP/annotated-beaglebone-ai.csv.verdicts"
check "--annotate: no BeagleBone AI row fails" bash -c "! grep -q '^fail' '$TMP/annotated-beaglebone-ai.csv.verdicts'"
check "--annotate: the KiCad preamble is copied byte for byte" \
	cmp -s <(head -n 8 "$DATA/orangecrab-r0.1-kicad.csv") <(head -n 8 "$TMP/annotated-orangecrab-r0.1-kicad.csv")
check "--annotate: the KiCad quoting is kept (every copied cell quoted as it was)" \
	grep -q '^"","","C1","10nF","Device:C",.*,"",unknown,' "$TMP/annotated-orangecrab-r0.1-kicad.csv"
check "--annotate: CRLF line ends kept" \
	test "$(grep -c $'\r$' "$TMP/annotated-screening-en.csv")" -eq "$(grep -c $'\r$' "$DATA/screening-en.csv")"
check "--annotate: the multi-line cell is kept" \
	grep -q "^pass	.*DRAM, multi-line\\\\r\\\\ndescription | 1 | pass | HT Micron" "$TMP/annotated-screening-en.csv.verdicts"
check "--annotate: header names added in English" \
	grep -q ",Quantity,chipaudit verdict,chipaudit maker,chipaudit owner on 2026-11-30,chipaudit rule,chipaudit evidence" \
	"$TMP/annotated-screening-en.csv"
# formulas: copied cells and written cells
check "--annotate: =HYPERLINK(...) copied from the list is neutralised" \
	grep -q "^9,R1,'=HYPERLINK(\"http://example.invalid\"),RC0402FR-0710KL,'+cmd|calc!A0,1," "$TMP/annotated-screening-en.csv"
check "--annotate: a quoted @ cell is neutralised inside its quotes" grep -q "\"'@SUM(1+1)" "$TMP/annotated-screening-en.csv"
printf 'Manufacturer,MPN,Qty,Note\nMicron,MT41K256M16TW,-5,"=1+2"\n-cmd,X1,+3,@x\nKingston,KVR16N11/8,1,"-1"\n' > "$TMP/hostile.csv"
annotate "$TMP/hostile.out.csv" "$TMP/hostile.csv"
check "--annotate: a quantity -5 stays a number; =1+2 in quotes is neutralised" \
	grep -q "^Micron,MT41K256M16TW,-5,\"'=1+2\",fail," "$TMP/hostile.out.csv"
check "--annotate: -cmd and @x are neutralised, +3 is a number" grep -q "^'-cmd,X1,+3,'@x," "$TMP/hostile.out.csv"
verdicts "$TMP/hostile.csv" "$TMP/hostile.out.csv"
check "--annotate: no cell of the copy would run ($(head -c 200 "$TMP/hostile.out.csv.problems"))" \
	test ! -s "$TMP/hostile.out.csv.problems"
# encodings
check "--annotate GB18030: the copy decodes as GB18030" iconv -f GB18030 -t UTF-8 -o "$TMP/zh-back.csv" "$TMP/annotated-zh-gb18030.csv"
check "--annotate GB18030: the copy is not UTF-8" bash -c "! iconv -f UTF-8 -t UTF-8 '$TMP/annotated-zh-gb18030.csv' > /dev/null 2>&1"
check "--annotate GB18030: a Chinese header gets Chinese column names" \
	grep -q "^序号,位号,制造商,型号,描述,数量,chipaudit 结论,chipaudit 制造商,chipaudit 所属方 2026-11-30,chipaudit 规则,chipaudit 依据" "$TMP/zh-back.csv"
check "--annotate UTF-16: the copy starts with the UTF-16LE byte order mark" \
	test "$(head -c 2 "$TMP/annotated-en-utf16.tsv" | od -An -tx1 | tr -d ' ')" = fffe
check "--annotate UTF-16: tab-separated UTF-16LE after it" \
	bash -c "tail -c +3 '$TMP/annotated-en-utf16.tsv' | iconv -f UTF-16LE -t UTF-8 | grep -q \$'Quantity\\tchipaudit verdict\\t'"
check "--annotate UTF-8 with a byte order mark: kept, once" \
	test "$(head -c 6 "$TMP/annotated-en-bom.csv" | od -An -tx1 | tr -d ' ')" = efbbbf42696c
# XLSX: every part but the screened sheet byte for byte; read back with
# openpyxl (Debian's python3-openpyxl) and with chipaudit
[ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import openpyxl' 2> /dev/null ||
	{ echo "FAIL: Debian's python3-openpyxl (/usr/bin/python3) is needed"; exit 1; }
annotate "$TMP/annotated.xlsx" "$DATA/screening-en.xlsx"; rc=$?
check "--annotate XLSX: exit 1, as without it" test "$rc" -eq 1
check "--annotate XLSX: reading the copy gives the same findings" same_findings "$DATA/screening-en.xlsx" "$TMP/annotated.xlsx"
/usr/bin/python3 - "$DATA/screening-en.xlsx" "$TMP/annotated.xlsx" > "$TMP/xlsx.check" 2>&1 <<'PY'
import sys, zipfile, openpyxl
src, out = sys.argv[1:3]
a, b = zipfile.ZipFile(src), zipfile.ZipFile(out)
if a.namelist() != b.namelist():
    print("parts differ:", a.namelist(), b.namelist())
for n in a.namelist():
    if n != "xl/worksheets/sheet2.xml" and a.read(n) != b.read(n):
        print("part changed:", n)
wa, wb = openpyxl.load_workbook(src), openpyxl.load_workbook(out)
if wa.sheetnames != wb.sheetnames:
    print("sheets differ")
for sa, sb in zip(wa.worksheets, wb.worksheets):
    ra, rb = list(sa.iter_rows(values_only=True)), list(sb.iter_rows(values_only=True))
    if len(ra) != len(rb):
        print(sa.title, "rows", len(ra), len(rb))
    for x, y in zip(ra, rb):
        if tuple(y[:len(x)]) != tuple(x):
            print(sa.title, "row changed", x, y)
    print("sheet", sa.title, sb.dimensions, sa.max_column, sb.max_column)
bom = wb["BOM"]
print("header", [c.value for c in bom[4]][6:])
for r in bom.iter_rows(min_row=5, values_only=True):
    print("row", r[6], r[2], r[3], r[7] or "", r[9] or "")
for r in bom.iter_rows():
    for c in r[6:]:
        if c.value is not None and (c.data_type != "s" or str(c.value).startswith("=")):
            print("not a string cell", c.coordinate, c.data_type, c.value)
PY
check "--annotate XLSX: openpyxl reads the copy" test $? -eq 0
check "--annotate XLSX: every part but the screened sheet is unchanged, every input cell kept ($(grep -m3 -E 'differ|changed|rows' "$TMP/xlsx.check" | tr '\n' ' '))" \
	bash -c "! grep -qE 'differ|changed|rows ' '$TMP/xlsx.check'"
check "--annotate XLSX: the notes sheet is untouched, the BOM sheet's dimension widened to K" \
	grep -q "^sheet BOM A1:K15 6 11" "$TMP/xlsx.check"
check "--annotate XLSX: header cells named" grep -q "^header \['chipaudit verdict', 'chipaudit maker', 'chipaudit owner on 2026-11-30', 'chipaudit rule', 'chipaudit evidence'\]" "$TMP/xlsx.check"
check "--annotate XLSX: the Micron lines fail" test "$(grep -c '^row fail .*Micron cn-cac-2023-micron' "$TMP/xlsx.check")" -eq 2
check "--annotate XLSX: the Samsung Electro-Mechanics line does not fail" grep -q "^row unknown Samsung Electro-Mechanics" "$TMP/xlsx.check"
check "--annotate XLSX: the added cells are strings, never formulas" bash -c "! grep -q 'not a string cell' '$TMP/xlsx.check'"
annotate "$TMP/inline.out.xlsx" "$TMP/inline.xlsx"
check "--annotate XLSX of inline strings: the Micron alternate row (row 5) fails, Kingston (row 3) passes" \
	python3 -c '
import sys, zipfile, xml.etree.ElementTree as ET
ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
root = ET.fromstring(zipfile.ZipFile(sys.argv[1]).read("xl/worksheets/sheet1.xml"))
cells = {c.get("r"): "".join(c.itertext()) for c in root.iter("{%s}c" % ns["m"])}
sys.exit(0 if cells.get("D5") == "fail" and cells.get("D3") == "pass" and cells.get("D1") == "chipaudit verdict" else 1)' "$TMP/inline.out.xlsx"
check "--annotate XLSX of inline strings: read back, the same findings" same_findings "$TMP/inline.xlsx" "$TMP/inline.out.xlsx"
annotate "$TMP/prefixed.out.xlsx" "$TMP/prefixed.xlsx"
check "--annotate XLSX with prefixed elements, a row without its number, a comment: cells in place" \
	python3 -c '
import sys, zipfile, xml.etree.ElementTree as ET
x = zipfile.ZipFile(sys.argv[1]).read("xl/worksheets/sheet1.xml").decode()
ns = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
root = ET.fromstring(x)
cells = {c.get("r"): "".join(c.itertext()) for c in root.iter(ns + "c")}
ok = (cells.get("D1") == "chipaudit verdict" and cells.get("D2") == "fail" and cells.get("E4") == "Kingston"
      and cells.get("A4") == "Kingston & Co" and "D3" not in cells and root.find(ns + "dimension").get("ref") == "A1:H4"
      and "<!-- </x:row> -->" in x and "<x:row r=\"3\"/>" in x and x.count("spans=\"1:8\"") == 3)
sys.exit(0 if ok else 1)' "$TMP/prefixed.out.xlsx"
check "--annotate XLSX with prefixed elements: read back, the same findings" \
	same_findings "$TMP/prefixed.xlsx" "$TMP/prefixed.out.xlsx"
bank -q --annotate "$TMP/bomb.out.xlsx" "$TMP/bomb.xlsx" > /dev/null; rc=$?
check "--annotate of the zip bomb: exit 2 (incomplete), the copy written" test "$rc" -eq 2 -a -s "$TMP/bomb.out.xlsx"
check "--annotate of the zip bomb: the sheet over the cap is copied compressed, not inflated" \
	test "$(stat -c %s "$TMP/bomb.out.xlsx")" -lt 10000000
# long lists: the copy is written part by part, memory flat
annotate "$TMP/long.out.csv" "$TMP/long.csv"
verdicts "$TMP/long.csv" "$TMP/long.out.csv"
check "--annotate of 74,000 rows in five parts: every row kept ($(head -c 200 "$TMP/long.out.csv.problems"))" \
	test ! -s "$TMP/long.out.csv.problems"
check "--annotate of 74,000 rows: as many failing rows as rows naming Micron ($expected)" \
	test "$(grep -c '^fail' "$TMP/long.out.csv.verdicts")" -eq "$expected"
check "--annotate: the alternate opening part 2 fails, the line ending part 1 does not" \
	grep -q -A1 "^16384,U16384,ISSI,IS43TR16256A,DDR3L,1,unknown," "$TMP/long.out.csv"
check "--annotate: the row after it" test "$(sed -n 16386p "$TMP/long.out.csv" | cut -d, -f1-7)" = ",,Micron Technology,MT41K256M16TW-107:P,alternate,,fail"
for n in 60000 180000; do
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0" /usr/bin/time -f "%M" -o "$TMP/ann$n.rss" \
		"$CA" bom --profile cn-cii-bank --as-of 2026-11-30 -q --annotate "$TMP/ann$n.csv" "$TMP/big$n.csv" > /dev/null
done
small=$(tail -n 1 "$TMP/ann60000.rss") big=$(tail -n 1 "$TMP/ann180000.rss")
check "--annotate memory flat: 180,000 lines take less than 8 MiB more than 60,000 (${big} KB vs ${small} KB)" \
	test "$big" -lt $((small + 8192))
check "--annotate of 180,000 lines: every line written" test "$(wc -l < "$TMP/ann180000.csv")" -eq 180001
# --columns: no header row, every row a line
bank -q --columns maker=2,part=3 --annotate "$TMP/cols.out.csv" "$TMP/nohead.csv" > /dev/null
check "--annotate --columns: the first row is a line too (no names added), the Micron one fails" \
	test "$(cut -d, -f1-4 "$TMP/cols.out.csv" | tr '\n' ' ')" = "a,b,c,unknown x,Micron,MT41K256M16TW,fail y,Kingston,KVR16,pass "
# refusals: never the input, one list, no CycloneDX, not a folder
cp "$DATA/screening-en.csv" "$TMP/mine.csv"
sum=$(md5sum < "$TMP/mine.csv")
bank --annotate "$TMP/mine.csv" "$TMP/mine.csv" > /dev/null 2> "$TMP/self.err"; rc=$?
check "--annotate over the input: exit 2, said, the input unchanged" \
	test "$rc" -eq 2 -a "$(md5sum < "$TMP/mine.csv")" = "$sum"
check "--annotate over the input: the reason" grep -q "is the list itself" "$TMP/self.err"
ln "$TMP/mine.csv" "$TMP/mine-link.csv"
bank --annotate "$TMP/mine-link.csv" "$TMP/mine.csv" > /dev/null 2>&1; rc=$?
check "--annotate over a hard link of the input: refused, unchanged" \
	test "$rc" -eq 2 -a "$(md5sum < "$TMP/mine.csv")" = "$sum"
bank --annotate "$TMP/two.csv" "$DATA/ulx3s.csv" "$DATA/screening-en.csv" > /dev/null 2> "$TMP/two.err"; rc=$?
check "--annotate with two lists: exit 2, nothing written" test "$rc" -eq 2 -a ! -e "$TMP/two.csv"
check "--annotate with two lists: said" grep -q "give one FILE" "$TMP/two.err"
bank --annotate "$TMP/cdx.out" "$DATA/screening-en.cdx.json" > /dev/null 2> "$TMP/cdx.err"; rc=$?
check "--annotate of CycloneDX: refused (exit 2) with the formats it writes" \
	test "$rc" -eq 2 -a ! -e "$TMP/cdx.out"
check "--annotate of CycloneDX: the message" grep -q "writes CSV, TSV and XLSX lists only" "$TMP/cdx.err"
bank --annotate "$TMP" "$DATA/screening-en.csv" > /dev/null 2> "$TMP/dir.err"; rc=$?
check "--annotate into a folder: refused" test "$rc" -eq 2 -a -s "$TMP/dir.err"
bank --annotate "$TMP/nowhere/x.csv" "$DATA/screening-en.csv" > /dev/null 2> "$TMP/nowhere.err"; rc=$?
check "--annotate into a missing folder: exit 2, said" grep -q "cannot create a file beside" "$TMP/nowhere.err"
bank --annotate "$TMP/open.out.csv" "$TMP/open.csv" > /dev/null 2>&1
check "--annotate of a list with an open quote: the rest copied as it was" \
	cmp -s <(tail -n 1 "$TMP/open.csv") <(tail -n 1 "$TMP/open.out.csv")
check "--annotate leaves no temporary file" bash -c "! ls -A '$TMP' | grep -q annotate-"

summary bom
