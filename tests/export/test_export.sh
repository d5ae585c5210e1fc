#!/usr/bin/env bash
# chipaudit screen, parties and lists end to end: the order list of the
# export-control cases (tests/data/export/orders.csv) in English, Chinese and
# XLSX, its JSON, exit codes, single names, and importing an official CSL
# download: a good one is used afterwards, a malformed one is refused whole
# and the lists in use stay.
# usage: test_export.sh CHIPAUDIT DATA_DIR
set -u
CA=$1 DATA=$2/export
. "$(dirname "$0")/../check.sh" # TMP, check, summary
command -v python3 > /dev/null || { echo "FAIL: python3 is needed"; exit 1; }
export XDG_DATA_HOME=$TMP/xdg HOME=$TMP/home

# answers of a JSON report (docs/report.schema.json: an order list is a
# host, its lines "order_lines") as "line licence policy regimes" lines
answers() {
	python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["data_vintage"]["lists"] and d["data_vintage"]["cfr"] and d["data_vintage"]["regimes_reviewed"]
for l in d["hosts"][0]["order_lines"]:
    print(l["line"], l["licence_required"], l["review_policy"], l["regimes"])
' "$1"
}

"$CA" screen --format json "$DATA/orders.csv" > "$TMP/o.json"; rc=$?
check "screen: lines needing a licence give exit 1" test "$rc" -eq 1
answers "$TMP/o.json" > "$TMP/o.txt"
want() { grep -qx "$1" "$TMP/${ANSWERS:-o}.txt" || { echo "  missing: $1"; return 1; }; }
check "YMTC: licence, presumption of denial" want "1 yes presumption-of-denial us-ear"
check "SMIC Beijing etcher: licence, presumption of denial" want "2 yes presumption-of-denial us-ear"
check "CXMT etcher: SME licence, case by case" want "3 yes case-by-case us-ear"
check "Samsung Xi'an before 2025-12-31: VEU, no licence" want "4 no none us-ear"
check "Samsung Xi'an after: licence, case by case" want "5 yes case-by-case us-ear"
check "NXT:1980i 2024-09-01: US licence" want "6 yes case-by-case us-ear"
check "NXT:1980i 2024-09-08: Dutch licence" want "7 yes case-by-case nl"
check "H200 from the US: case by case" want "8 yes case-by-case us-ear"
check "H200 re-exported from Singapore: presumption of denial" want "9 yes presumption-of-denial us-ear"
check "Huawei via the UAE: presumption of denial" want "10 yes presumption-of-denial us-ear"
check "traps to Germany: no licence" want "11 no none us-ear"
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
h = d["hosts"][0]
l = {x["line"]: dict(x, parties=[], records=[]) for x in h["order_lines"]}
for f in h["findings"]:
    e = f["export"]
    if f["state"] == "export-party":
        l[e["line"]]["parties"].append(e["party"])
        assert f["rule"] == "screening-list/" + e["party"]["list"]
    elif f["state"] == "export-record":
        l[e["line"]]["records"].append(dict(e["record"], id=e["record"]["record"]))
        assert f["rule"] == e["record"]["record"] and f["citation"] == e["record"]["citation"]
    else:
        # the answer finding: unknown is warn (never a pass), yes fail, no info
        want = {"yes": "fail", "unknown": "warn", "no": "info"}[e["licence_required"]]
        assert f["severity"] == want and e["open_questions"] == l[e["line"]]["open_questions"], f
assert any(p["list"] == "EL" and p["federal_register"] == "87 FR 77508" and p["band"] == "probable" for p in l["1"]["parties"])
assert not l["3"]["parties"]
assert any("DRAM" in q for q in l["3"]["open_questions"])
assert any(r["id"] == "US-VEU-REVOKED-PRC" and "90 FR 42321" in r["citation"] for r in l["5"]["records"])
assert any(r["id"] == "NL-2024-DUV" and "BZ2404162" in r["citation"] for r in l["7"]["records"])
assert all(p["role"] != "intermediate consignee" for p in l["10"]["parties"])
assert any(p["footnote"] == 1 for p in l["10"]["parties"])
assert not l["11"]["parties"]
' "$TMP/o.json"
check "JSON: citations, hits and questions of the cases" test $? -eq 0

"$CA" screen "$DATA/orders.csv" > "$TMP/o.table"
check "table: names the data vintage" grep -q "screening lists of 2026-07-31, CFR of 2026-07-23" "$TMP/o.table"
"$CA" screen --format json "$DATA/orders-zh.csv" > "$TMP/zh.json"
answers "$TMP/zh.json" > "$TMP/zh.txt"
check "Chinese header and names: 长江存储 is YMTC" grep -qx "1 yes presumption-of-denial us-ear" "$TMP/zh.txt"
check "Chinese header and names: 长鑫存储 matches no list" \
	python3 -c 'import json,sys; h=json.load(open(sys.argv[1]))["hosts"][0]; line=h["order_lines"][1]["line"]; assert not [f for f in h["findings"] if f["state"] == "export-party" and f["export"]["line"] == line]' "$TMP/zh.json"

# every report format: the sinks (docs/report.md), exit codes as audit/bom
# (1 at or above --fail-on, whose default for screen is warn: an unknown
# licence answer is never a pass)
cat > "$TMP/unknown.csv" << 'CSV'
Line,Ship date,Ship from,Item,Destination,End user
1,2026-03-01,US,etcher,CN,Example Fab Co.
2,2026-03-01,US,etcher,CN,Another Fab Co.
3,2026-03-01,,cables,DE,
CSV
for f in table json jsonl csv sarif cyclonedx html; do
	"$CA" screen --format "$f" --as-of 2026-11-30 "$TMP/unknown.csv" > "$TMP/u.$f" 2> "$TMP/u.$f.err"; rc=$?
	check "--format $f: an unknown answer gives exit 1" test "$rc" -eq 1
	check "--format $f: no message on stderr" test ! -s "$TMP/u.$f.err"
done
check "unknown lines: warn, said unknown and not a pass" python3 -c '
import json, sys
h = json.load(open(sys.argv[1]))["hosts"][0]
lines = [f for f in h["findings"] if f["state"] == "export-line"]
assert len(lines) == 3 and all(f["severity"] == "warn" and f["export"]["licence_required"] == "unknown" for f in lines), lines
assert all("is unknown until the open questions are answered" in f["sentence"] for f in lines)
assert all(f["export"]["open_questions"] and "Open questions: (1)" in f["sentence"] for f in lines)
assert [l["licence_required"] for l in h["order_lines"]] == ["unknown"] * 3
' "$TMP/u.json"
"$CA" screen --fail-on fail --as-of 2026-11-30 "$TMP/unknown.csv" > /dev/null; rc=$?
check "--fail-on fail: unknown answers alone give exit 0" test "$rc" -eq 0
"$CA" screen --fail-on fail --as-of 2026-11-30 "$DATA/orders.csv" > /dev/null; rc=$?
check "--fail-on fail: a licence required gives exit 1" test "$rc" -eq 1
# the table: a question shared by lines is listed once, numbered; --verbose
# repeats it under each line; the machine formats keep it on every line
q=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["hosts"][0]["order_lines"][0]["open_questions"][0])' "$TMP/u.json")
check "table: a shared question once" test "$(grep -cF -- "$q" "$TMP/u.table")" -eq 1
check "table: lines refer to it by number" test "$(grep -c '^  open questions: Q1' "$TMP/u.table")" -eq 2
"$CA" screen --verbose --as-of 2026-11-30 "$TMP/unknown.csv" > "$TMP/u.verbose"
check "table --verbose: under each line" test "$(grep -cF -- "  question: $q" "$TMP/u.verbose")" -eq 2
check "sarif: the question on each line's result" test "$(grep -oF -- "$(printf '%s' "$q" | sed 's/"/\\"/g')" "$TMP/u.sarif" | wc -l)" -ge 2
# a line without a valid ship date: not screened, an error (exit 2), unknown
printf 'Line,Ship date,Ship from,Item,ECCN,Destination\n1,01/03/2026,US,etcher,3B001.c,CN\n' > "$TMP/baddate.csv"
"$CA" screen --format json "$TMP/baddate.csv" > "$TMP/bd.json" 2> "$TMP/bd.err"; rc=$?
check "bad ship date: exit 2" test "$rc" -eq 2
check "bad ship date: said on stderr with the line" grep -q "baddate.csv: line 1: no ship date" "$TMP/bd.err"
check "bad ship date: the line is unknown (warn) and an error diagnostic" python3 -c '
import json, sys
h = json.load(open(sys.argv[1]))["hosts"][0]
assert h["order_lines"][0]["licence_required"] == "unknown" and h["order_lines"][0]["error"]
assert [f["severity"] for f in h["findings"]] == ["warn"]
assert any(d["level"] == "error" and d["code"] == "order.not-screened" for d in h["diagnostics"])
' "$TMP/bd.json"
"$CA" screen --profile cn-cii-bank "$TMP/unknown.csv" > /dev/null 2> "$TMP/err"; rc=$?
check "--profile does not apply to screen: exit 2" test "$rc" -eq 2
"$CA" screen -o "$TMP/unknown.csv" "$TMP/unknown.csv" > /dev/null 2> "$TMP/err"; rc=$?
check "-o over an order list is refused" test "$rc" -eq 2

# XLSX through the same readers
python3 - "$DATA/orders.csv" "$TMP/orders.xlsx" << 'PY'
# a workbook of inline strings written with zipfile (as tests/bom/make_workbooks.py)
import csv, sys, zipfile
from xml.sax.saxutils import escape
def col(i):
    return chr(65 + i) if i < 26 else chr(64 + i // 26) + chr(65 + i % 26)
rows = []
for n, r in enumerate(csv.reader(open(sys.argv[1], encoding="utf-8")), 1):
    cs = "".join('<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>' % (col(i), n, escape(v)) for i, v in enumerate(r) if v)
    rows.append('<row r="%d">%s</row>' % (n, cs))
with zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
    z.writestr("xl/worksheets/sheet1.xml", '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' + "".join(rows) + "</sheetData></worksheet>")
PY
"$CA" screen --format json "$TMP/orders.xlsx" > "$TMP/x.json"
answers "$TMP/x.json" > "$TMP/x.txt"
check "XLSX: the same answers as the CSV" cmp -s "$TMP/o.txt" "$TMP/x.txt"

# Japan's 2023 SME items by item number, and MOFCOM's lists (orders-jp-cn.csv)
"$CA" screen --format json "$DATA/orders-jp-cn.csv" > "$TMP/jp.json"
answers "$TMP/jp.json" > "$TMP/jp.txt"
ANSWERS=jp
check "Japanese item 6(17)ヤ to China: individual licence" want "1 yes case-by-case jp-fefta"
check "the same to Korea: simplified treatment" want "2 yes see-text jp-fefta"
check "MOFCOM list, shipped from China: prohibited" want "4 yes policy-of-denial cn-mofcom"
python3 -c '
import json, sys
h = json.load(open(sys.argv[1]))["hosts"][0]
l = {x["line"]: x for x in h["order_lines"]}
def records(n):
    return [f["export"]["record"]["record"] for f in h["findings"]
            if f["state"] == "export-record" and f["export"]["line"] == n]
def lists(n):
    return [f["export"]["party"]["list"] for f in h["findings"]
            if f["state"] == "export-party" and f["export"]["line"] == n]
assert [r for r in records("1") if r.startswith("JP-")] == ["JP-2023-SME"], records("1")
assert [r for r in records("2") if r.startswith("JP-")] == ["JP-2023-SME-SIMPLIFIED"], records("2")
assert not [r for r in records("3") if r.startswith("JP-")]
assert "CN-ECL" in lists("5"), lists("5")
assert "cn-mofcom" not in l["5"]["regimes"] and l["5"]["licence_required"] != "yes"
' "$TMP/jp.json"
check "JSON: Japanese records by date and destination, MOFCOM only from China" test $? -eq 0
"$CA" parties --format json "Lockheed Martin Corporation" "Cubic Zirconia Trading Co., Ltd." > "$TMP/cn.json"
check "parties: a MOFCOM Unreliable Entity List hit with its citation and listing date, and a trap that does not hit" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
h = [x for x in d["names"][0]["hits"] if x["list"] == "CN-UEL" and x["band"] == "probable"]
assert h and "MOFCOM announcement of 2023-02-16" in h[0]["licence_requirement"], h
assert h[0]["listed_since"] == "2023-02-16", h[0]["listed_since"]
assert not d["names"][1]["hits"]
' "$TMP/cn.json"

# --columns
printf '2025-03-01,CN,YMTC,EAR99,US\n' > "$TMP/bare.csv"
"$CA" screen --format json --columns date=1,destination=2,end-user=3,eccn=4,from=5 "$TMP/bare.csv" > "$TMP/bare.json"
check "--columns: a list without a header" grep -q '"licence_required":"yes"' "$TMP/bare.json"
"$CA" screen --columns nonsense=1 "$TMP/bare.csv" > /dev/null 2> "$TMP/err"; rc=$?
check "--columns: a bad spec is exit 2" test "$rc" -eq 2
printf 'just,some,words\n' > "$TMP/noheader.csv"
"$CA" screen "$TMP/noheader.csv" > /dev/null 2> "$TMP/err"; rc=$?
check "no header: exit 2 with a reason" test "$rc" -eq 2
check "no header: said" grep -q "no header row" "$TMP/err"

# parties
"$CA" parties --format json YMTC "Semiconductor Manufacturing Solutions Inc" > "$TMP/p.json"; rc=$?
check "parties: a probable match gives exit 1" test "$rc" -eq 1
check "parties: YMTC is the Entity List entry" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
h = d["names"][0]["hits"][0]
assert h["list"] == "EL" and h["entry"] == "Yangtze Memory Technologies Co., Ltd." and h["matched"] == "YMTC"
assert not [x for x in d["names"][1]["hits"] if x["band"] == "probable"]
' "$TMP/p.json"
"$CA" parties "Yangtze River Trading Co., Ltd." > "$TMP/p.txt"; rc=$?
check "parties: the Yangtze River trap is exit 0" test "$rc" -eq 0

# lists import
"$CA" lists show > "$TMP/show0"
check "lists show: the shipped snapshot" grep -q "screening lists of 2026-07-31" "$TMP/show0"
cat > "$TMP/csl.csv" << 'CSV'
_id,source,entity_number,type,programs,name,title,addresses,federal_register_notice,start_date,end_date,standard_order,license_requirement,license_policy,call_sign,vessel_type,gross_tonnage,gross_registered_tonnage,vessel_flag,vessel_owner,remarks,source_list_url,alt_names,citizenships,dates_of_birth,nationalities,places_of_birth,source_information_url,ids
x1,Entity List (EL) - Bureau of Industry and Security,,Entity,,Example Newly Listed Fab Co.,,"1 Road, Hefei, CN",91 FR 9999,2026-10-01,,,For all items subject to the EAR,Presumption of denial,,,,,,,,,ENLF,,,,,,
CSV
"$CA" lists import --date 2026-10-02 "$TMP/csl.csv" > "$TMP/imp" 2>&1; rc=$?
check "import: a good CSV is exit 0" test "$rc" -eq 0
"$CA" parties ENLF > "$TMP/p2.txt"; rc=$?
check "import: the imported list is used" test "$rc" -eq 1
check "import: its vintage is reported" grep -q "screening lists of 2026-10-02" "$TMP/p2.txt"
"$CA" parties "Skydio Inc." > /dev/null; rc=$?
check "import: the MOFCOM lists of the built-in snapshot stay" test "$rc" -eq 1
cp "$XDG_DATA_HOME/chipaudit/export/screening-lists.tsv" "$TMP/before.tsv"
printf '_id,source,name,alt_names\nx,Entity List (EL),,A\n' > "$TMP/bad.csv"
"$CA" lists import "$TMP/bad.csv" > /dev/null 2> "$TMP/err"; rc=$?
check "import: a malformed download is exit 2" test "$rc" -eq 2
check "import: its error names file and line" grep -q "bad.csv:2:" "$TMP/err"
check "import: the previous list stays" cmp -s "$TMP/before.tsv" "$XDG_DATA_HOME/chipaudit/export/screening-lists.tsv"
printf '{"results":[{"name":"A","source":"EL"},' > "$TMP/bad.json"
"$CA" lists import "$TMP/bad.json" > /dev/null 2> "$TMP/err"; rc=$?
check "import: truncated JSON is exit 2" test "$rc" -eq 2
check "import: still the previous list" cmp -s "$TMP/before.tsv" "$XDG_DATA_HOME/chipaudit/export/screening-lists.tsv"
"$CA" parties ENLF > /dev/null; rc=$?
check "import: still answering from it" test "$rc" -eq 1
summary "export"
