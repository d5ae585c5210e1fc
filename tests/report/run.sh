#!/usr/bin/env bash
# The report formats (docs/report.md): official schemas (CycloneDX 1.6,
# SARIF 2.1.0) and the project's own (report, describe); reproducible bytes
# under SOURCE_DATE_EPOCH; hostile strings from SMBIOS text and binary
# evidence through every format; the terminal's grouping, summary, colour,
# width, --quiet and --verbose; CSV rows per component and the Excel BOM.
# usage: run.sh CHIPAUDIT SOURCE_ROOT
set -u
CA=$(realpath "$1") ROOT=$(realpath "$2")
DATA="$ROOT/tests/data" SCHEMAS="$ROOT/tests/schemas" EXAMPLES="$ROOT/examples/hosts"
VALIDATE=("$ROOT/tests/tools/validate_json.py")
. "$ROOT/tests/check.sh" # TMP, check, summary
cdx_valid() { python3 "${VALIDATE[@]}" "$SCHEMAS/bom-1.6.schema.json" "$@" \
	--ref "$SCHEMAS/spdx.schema.json" --ref "$SCHEMAS/jsf-0.82.schema.json"; }
sarif_valid() { python3 "${VALIDATE[@]}" "$SCHEMAS/sarif-schema-2.1.0.json" "$@"; }
report_valid() { python3 "${VALIDATE[@]}" "$ROOT/docs/report.schema.json" "$@"; }
unset NO_COLOR
export SOURCE_DATE_EPOCH=1764460800
RUN=(--as-of 2026-11-30 --profile cn-cii-bank --ignore "$ROOT/tests/golden/waivers.yaml")
PLAIN=(--as-of 2026-11-30 --profile cn-cii-bank)

# --- every fixture and example, in the formats with official schemas
"$CA" audit --format json "${RUN[@]}" "$DATA" "$EXAMPLES" > "$TMP/all.json" 2> /dev/null
"$CA" audit --format cyclonedx --with-serials "${RUN[@]}" "$DATA" "$EXAMPLES" > "$TMP/all.cdx.json" 2> /dev/null
check "cyclonedx: the fixtures validate against CycloneDX 1.6" cdx_valid "$TMP/all.cdx.json"
check "cyclonedx: hosts, memory devices, makers, findings as annotations" python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
assert d['bomFormat'] == 'CycloneDX' and d['specVersion'] == '1.6'
assert d['metadata']['timestamp'] == '2025-11-30T00:00:00Z', d['metadata']['timestamp']
hosts = d['components']
assert len(hosts) >= 40 and all(h['type'] == 'device' for h in hosts)
mem = [c for h in hosts for c in h.get('components', [])]
def prop(c, name):
    return next((p['value'] for p in c['properties'] if p['name'] == name), None)
micron = [c for c in mem if c.get('manufacturer', {}).get('name') == 'Micron']
crucial = [c for c in mem if c.get('manufacturer', {}).get('name') == 'Crucial']
assert len(micron) >= 30 and len(crucial) >= 10, (len(micron), len(crucial))
assert all(prop(c, 'chipaudit:maker:module:owner') == 'Micron' for c in crucial)
assert all(prop(c, 'chipaudit:maker:module:owner') is None for c in micron)
props = {p['name'] for c in mem for p in c['properties']}
assert {'chipaudit:maker:module', 'chipaudit:maker:dram:evidence', 'chipaudit:maker:module:confidence', 'chipaudit:serial-number'} <= props, props
refs = {c['bom-ref'] for c in mem} | {h['bom-ref'] for h in hosts}
assert all(s in refs for a in d['annotations'] for s in a['subjects'])
assert len(d['annotations']) == int(sys.argv[2]) and all(a['timestamp'] == '2025-11-30T00:00:00Z' for a in d['annotations'])
assert any(a['text'].startswith('[warn, waived] cn-cac-2023-micron') for a in d['annotations'])
" "$TMP/all.cdx.json" "$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['summary']['findings'])" "$TMP/all.json")"
"$CA" audit --format cyclonedx --as-of 2028-01-01 --profile us-executive-agency "$EXAMPLES" "$EXAMPLES" > "$TMP/twice.cdx.json" 2> /dev/null
check "cyclonedx: refs unique and every subject listed, one folder given twice, system findings" python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
refs = [h['bom-ref'] for h in d['components']] + [c['bom-ref'] for h in d['components'] for c in h.get('components', [])]
refs += [a['bom-ref'] for a in d['annotations']]
assert len(refs) == len(set(refs)), 'duplicate bom-ref'
listed = set(refs)
assert all(s in listed for a in d['annotations'] for s in a['subjects'])
assert any(a['subjects'][0].count('/') == 0 for a in d['annotations']), 'no finding on a host (system maker)'
" "$TMP/twice.cdx.json"
check "cyclonedx: the twice-given folder validates" cdx_valid "$TMP/twice.cdx.json"
"$CA" audit --format cyclonedx "${RUN[@]}" "$DATA" > "$TMP/noserial.cdx.json" 2> /dev/null
check "cyclonedx: serial numbers only with --with-serials" bash -c "! grep -q 'serial-number' '$TMP/noserial.cdx.json'"
"$CA" audit --format sarif "${RUN[@]}" "$DATA" "$EXAMPLES" > "$TMP/all.sarif" 2> /dev/null
check "sarif: the fixtures validate against SARIF 2.1.0" sarif_valid "$TMP/all.sarif"
check "json: the fixtures validate against docs/report.schema.json" report_valid "$TMP/all.json"

# --- describe: identify and rules as JSON
"$CA" identify --format json 802C 859B0000802C "Bank 11, Hex 0x91" CT16G4SFRA32A 镁光 Unknown > "$TMP/id.json"
"$CA" rules list --format json > "$TMP/list.json"
ids=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(' '.join([r['id'] for r in d['rules']] + [p['id'] for p in d['profiles']]))" "$TMP/list.json")
# shellcheck disable=SC2086
"$CA" rules show --format json $ids > "$TMP/show.json"
check "describe: identify, rules list and show validate" python3 "${VALIDATE[@]}" "$ROOT/docs/describe.schema.json" "$TMP/id.json" "$TMP/list.json" "$TMP/show.json"
check "describe: identify answers as the table does" python3 -c "
import json, sys
q = json.load(open(sys.argv[1]))['queries']
assert [a['owner'] for a in q[1]['answers']][:2] == ['Micron', 'Micron'], q[1]
assert q[3]['answers'][0]['maker'] == 'Crucial' and q[3]['answers'][0]['owner'] == 'Micron'
assert q[4]['answers'][0]['maker'] == 'Micron' and q[5]['answers'] == [] and q[5]['unknown']
" "$TMP/id.json"
check "describe: every shipped rule and profile in full" python3 -c "
import json, sys
l, s = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
assert len(l['rules']) == len(s['rules']) >= 9 and len(l['profiles']) == len(s['profiles']) >= 7
cac = next(r for r in s['rules'] if r['id'] == 'cn-cac-2023-micron')
assert cac['decision']['concluded'] == '2023-05-21' and any(m['id'] == 'micron' for m in cac['makers'])
" "$TMP/list.json" "$TMP/show.json"
"$CA" rules show --format json no-such-pack > /dev/null 2> "$TMP/err"; rc=$?
check "describe: an unknown id is bad input with one line" bash -c "test $rc -eq 2 && test \$(wc -l < '$TMP/err') -eq 1"

# --- reproducible: the same bytes whatever the thread count
for fmt in json jsonl csv sarif cyclonedx html; do
	"$CA" audit -j 1 --format "$fmt" "${RUN[@]}" "$DATA" "$EXAMPLES" > "$TMP/a.$fmt" 2> /dev/null
	"$CA" audit -j 4 --format "$fmt" "${RUN[@]}" "$DATA" "$EXAMPLES" > "$TMP/b.$fmt" 2> /dev/null
	check "$fmt: byte-identical runs under SOURCE_DATE_EPOCH" cmp -s "$TMP/a.$fmt" "$TMP/b.$fmt"
done
SOURCE_DATE_EPOCH= "$CA" audit --format cyclonedx "$EXAMPLES" > "$TMP/now.cdx.json" 2> /dev/null
check "cyclonedx: without SOURCE_DATE_EPOCH the time is now" python3 -c "
import json, sys, datetime
t = json.load(open(sys.argv[1]))['metadata']['timestamp']
d = datetime.datetime.strptime(t, '%Y-%m-%dT%H:%M:%SZ').replace(tzinfo=datetime.timezone.utc)
assert abs((datetime.datetime.now(datetime.timezone.utc) - d).total_seconds()) < 600, t" "$TMP/now.cdx.json"
"$CA" audit --format json --profile cn-cii-bank "$EXAMPLES" > "$TMP/epoch.json" 2> /dev/null
check "SOURCE_DATE_EPOCH is also the day owners and rules are judged on" test "$(grep -o 'owner on [0-9-]*' "$TMP/epoch.json" | sort -u)" = "owner on 2025-11-30"
SOURCE_DATE_EPOCH=0 "$CA" audit --format cyclonedx "$EXAMPLES" > "$TMP/zero.cdx.json" 2> "$TMP/err"
check "SOURCE_DATE_EPOCH=0 is the epoch" bash -c "grep -q '\"timestamp\":\"1970-01-01T00:00:00Z\"' '$TMP/zero.cdx.json' && ! test -s '$TMP/err'"
"$CA" rules list --format json > /dev/full 2> /dev/null; rc=$?
check "a report that cannot be written is an internal error (rules --format json > /dev/full)" test "$rc" -eq 3
SOURCE_DATE_EPOCH=yesterday "$CA" audit --format cyclonedx "$EXAMPLES" > /dev/null 2> "$TMP/err"
check "a bad SOURCE_DATE_EPOCH is said" grep -q "SOURCE_DATE_EPOCH is not a number" "$TMP/err"

# --- hostile strings, in SMBIOS text and binary evidence, through every format
mkdir "$TMP/hostile"
python3 "$ROOT/tests/report/hostile_evidence.py" "$TMP/hostile"
H=("$TMP/hostile/hostile.dmidecode.txt" "$TMP/hostile/hostile.dmidecode-dump-bin")
check "hostile: the text evidence holds the strings" grep -q 'script>alert' "${H[0]}"
for fmt in table json jsonl csv csv-components sarif cyclonedx html; do
	case "$fmt" in
	csv-components) fargs=(--format csv --csv-rows components) ;;
	*) fargs=(--format "$fmt") ;;
	esac
	"$CA" audit "${fargs[@]}" --with-serials --color never "${RUN[@]}" "${H[@]}" > "$TMP/h.$fmt" 2> "$TMP/h.$fmt.err"
	rc=$?
	check "hostile $fmt: exit 0 (findings are warnings), nothing on stderr" bash -c "test $rc -eq 0 && ! test -s '$TMP/h.$fmt.err'"
	check "hostile $fmt: no raw escape, C1 control or bidi override" python3 -c "
import sys
b = open(sys.argv[1], 'rb').read()
assert b'\x1b' not in b and b'\x07' not in b and b'\x00' not in b, 'raw control byte'
t = b.decode('utf-8')  # valid UTF-8 throughout
assert not any(0x80 <= ord(c) <= 0x9f or c in '\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069' for c in t), 'C1 or bidi'
assert not any(ord(c) < 0x20 and c not in '\n\r\t' for c in t), 'C0 control'
" "$TMP/h.$fmt"
done
check "hostile table: both hosts and their findings" bash -c "grep -c '^== ' '$TMP/h.table' | grep -qx 2 && grep -q 'Micron module maker' '$TMP/h.table'"
for fmt in json cyclonedx sarif; do
	check "hostile $fmt: parses" python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$TMP/h.$fmt"
done
check "hostile jsonl: one JSON object per line" python3 -c "
import json, sys
lines = open(sys.argv[1]).read().splitlines()
assert len(lines) == 2 and all(isinstance(json.loads(l), dict) for l in lines)" "$TMP/h.jsonl"
check "hostile json: validates, the 10 kB string kept whole" bash -c "python3 ${VALIDATE[*]} '$ROOT/docs/report.schema.json' '$TMP/h.json' && python3 -c \"
import json,sys
d=json.load(open(sys.argv[1]))
tags=[f['value'] for h in d['hosts'] for r in h['records'] for f in r['fields'] if f['name']=='Asset Tag']
assert max(len(t) for t in tags) == 10000, [len(t) for t in tags]\" '$TMP/h.json'"
check "hostile cyclonedx: validates against CycloneDX 1.6" cdx_valid "$TMP/h.cyclonedx"
check "hostile sarif: validates against SARIF 2.1.0" sarif_valid "$TMP/h.sarif"
for f in csv csv-components; do
	check "hostile $f: rectangular, no cell a spreadsheet reads as a formula" python3 -c "
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8')))
assert len(rows) >= 3 and len({len(r) for r in rows}) == 1, {len(r) for r in rows}
assert not [c for r in rows for c in r if c[:1] in ('=', '+', '-', '@', '\t', '\r')]
" "$TMP/h.$f"
done
check "hostile csv-components: formulas kept as text behind an apostrophe" python3 -c "
import csv, sys
cells = [c for r in csv.reader(open(sys.argv[1], newline='', encoding='utf-8')) for c in r]
assert \"'@cmd|' /C calc'!A0 <img src=x onerror=alert(1)>\" in cells
assert any(c.startswith(\"'+SUM(1;2)\") for c in cells) and any(c.startswith(\"'-2+3\") for c in cells)
" "$TMP/h.csv-components"
check "hostile html: markup from evidence shows as text" python3 -c "
import sys
from html.parser import HTMLParser
t = open(sys.argv[1], encoding='utf-8').read()
class P(HTMLParser):
    def __init__(s):
        super().__init__(); s.tags = []
    def handle_starttag(s, tag, attrs):
        s.tags.append((tag, attrs))
p = P(); p.feed(t)
assert [x for x in p.tags if x[0] == 'script'] == [('script', [])], 'a script element from evidence'
assert not [x for x in p.tags if x[0] == 'img'], 'an img element from evidence'
assert not any(a[0].startswith('on') for x in p.tags for a in x[1]), 'an event handler attribute'
assert '&lt;script&gt;alert(&quot;sys&quot;)&lt;/script&gt;' in t and '&lt;img src=x onerror=alert(1)&gt;' in t
" "$TMP/h.html"

# --- the terminal: groups, summary, --verbose, --quiet, colour, width
"$CA" audit "${PLAIN[@]}" "$EXAMPLES" > "$TMP/t.txt" 2>&1
check "table: twelve Micron modules are one group" grep -q '^  \[warn\] cn-cac-2023-micron: Micron module maker: 12 of 12 memory devices (ChannelA-DIMM0 … ChannelO-DIMM0)$' "$TMP/t.txt"
check "table: the group's sentence, evidence and citation once" bash -c "test \$(grep -c 'cites: Cybersecurity Law' '$TMP/t.txt') -eq 2 && grep -q '^      Micron is the module maker of 12 memory devices' '$TMP/t.txt'"
check "table: the run summary" bash -c "grep -q '^Hosts by worst finding: fail 0, warn 2, info 0, no findings 2$' '$TMP/t.txt' && grep -q '^  cn-cac-2023-micron: 14 (warn 14)$' '$TMP/t.txt' && grep -q '^  module: Micron 12, CXMT 8, Kingston 2' '$TMP/t.txt'"
"$CA" audit --verbose "${PLAIN[@]}" "$EXAMPLES" > "$TMP/v.txt" 2>&1
check "--verbose: a block per finding" test "$(grep -c '^  \[warn\] cn-cac-2023-micron: Micron is the' "$TMP/v.txt")" -eq 14
"$CA" audit --quiet "${PLAIN[@]}" "$EXAMPLES" > "$TMP/q.txt" 2>&1
check "--quiet: hosts with findings, a line per group, the summary" bash -c "test \$(grep -c '^== ' '$TMP/q.txt') -eq 2 && test \$(grep -c '^  \[warn\]' '$TMP/q.txt') -eq 2 && ! grep -q '^Memory:' '$TMP/q.txt' && grep -q '^Hosts by worst finding' '$TMP/q.txt'"
"$CA" audit --quiet --as-of 2026-11-30 --profile us-federal-contractor-deliverables "$TMP/hostile" "$EXAMPLES" > "$TMP/q2.txt" 2>&1
check "--quiet: unattributed findings in one line too" bash -c "grep -q 'Could not attribute' '$TMP/q2.txt' && ! grep -q '^      ' '$TMP/q2.txt'"
check "pipe: no colour" bash -c "! grep -q \$'\\e' '$TMP/t.txt'"
"$CA" audit --color always "${PLAIN[@]}" "$EXAMPLES" > "$TMP/c.txt" 2>&1
check "--color always: severities in colour" grep -q $'\e\[33m\[warn\]\e\[0m' "$TMP/c.txt"
if command -v script > /dev/null; then
	script -qec "stty cols 80; '$CA' audit ${PLAIN[*]} '$EXAMPLES'" /dev/null > "$TMP/tty.txt" 2>&1
	check "terminal: colour on a TTY" grep -q $'\e\[33m\[warn\]' "$TMP/tty.txt"
	check "terminal: sentences wrapped at 80 columns" python3 -c "
import sys
lines = open(sys.argv[1], encoding='utf-8').read().replace('\r', '').split('\n')
prose = [l for l in lines if l.startswith('      ') or l.startswith('Scope:') or l.startswith('          not')]
# a line may pass 80 columns only when it holds one word (a long path) after its indent
assert prose and all(len(l) <= 80 or len(l.split()) == 1 for l in prose), max(prose, key=len)" "$TMP/tty.txt"
	script -qec "stty cols 80; NO_COLOR=1 '$CA' audit ${PLAIN[*]} '$EXAMPLES'" /dev/null > "$TMP/nc.txt" 2>&1
	check "terminal: NO_COLOR turns colour off" bash -c "! grep -q \$'\\e\\[3' '$TMP/nc.txt'"
elif [ "${CI:-}" = true ]; then
	check "util-linux script is installed (needed for the terminal checks)" false
fi

"$CA" audit --format html "${PLAIN[@]}" "$EXAMPLES" > "$TMP/g.html" 2> /dev/null
check "html: findings grouped as in the table, their components listed" bash -c "test \$(grep -c 'class=\"finding ' '$TMP/g.html') -eq 2 && grep -q 'Micron module maker: 12 of 12 memory devices' '$TMP/g.html' && grep -q '<summary>12 components</summary>' '$TMP/g.html'"

# --- groups keep what tells findings apart: two Micron modules made in different weeks
for case in same differ; do
	mkdir -p "$TMP/spd-$case"
	cp "$DATA/smbios-dump/Lenovo-ThinkPad-T480.orig.txt" "$TMP/spd-$case/"
	python3 - "$DATA/spd/micron_4GiB_dimm_MTA9ASF51272PZ-2G1A2.spd.bin" "$TMP/spd-$case" "$case" << 'PY'
import sys
src = open(sys.argv[1], 'rb').read()
weeks = {'same': [(0x19, 0x10), (0x19, 0x10)], 'differ': [(0x19, 0x10), (0x21, 0x30)]}[sys.argv[3]]
for name, (year, week) in zip(['a.spd.bin', 'b.spd.bin'], weeks):  # DDR4 bytes 323-324: BCD year, week
    b = bytearray(src)
    b[323], b[324] = year, week
    open(sys.argv[2] + '/' + name, 'wb').write(bytes(b))
PY
	"$CA" audit --as-of 2025-06-01 --profile cn-cii-bank --host "$TMP/spd-$case" > "$TMP/spd-$case.txt" 2> /dev/null
done
check "two modules made the same week: one group saying that week" bash -c "grep -q 'Micron module maker: 2 of 2 memory devices' '$TMP/spd-same.txt' && grep -q 'made in 2019-W10' '$TMP/spd-same.txt'"
check "made in different weeks: two findings, each with its own week" bash -c "! grep -q 'Micron module maker: 2 of 2' '$TMP/spd-differ.txt' && grep -q 'made in 2019-W10' '$TMP/spd-differ.txt' && grep -q 'made in 2021-W30' '$TMP/spd-differ.txt'"

# --- CSV: rows per component, the Excel byte order mark
"$CA" audit --format csv --csv-rows components --csv-bom "${PLAIN[@]}" "$EXAMPLES" > "$TMP/comp.csv" 2> /dev/null
check "csv: a UTF-8 BOM with --csv-bom, none without" bash -c "head -c 3 '$TMP/comp.csv' | cmp -s - <(printf '\xef\xbb\xbf') && ! head -c 3 '$TMP/h.csv' | cmp -s - <(printf '\xef\xbb\xbf')"
check "csv: a row per maker role of each installed memory device" python3 -c "
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline='', encoding='utf-8-sig')))
mem = [r for r in rows if r['kind'] == 'memory-device']
assert len(mem) == 24 * 4, len(mem)
dram = [r['method'] for r in mem if r['role'] == 'dram' and r['owner'] == 'Micron']
assert sorted(set(dram)) == ['hex-12', 'own-module-grammar'] and dram.count('hex-12') == 2 and len(dram) == 14, dram
assert sum(1 for r in mem if r['role'] == 'module' and r['owner'] == 'Micron') == 12
" "$TMP/comp.csv"

# --- chipaudit screen: order lists through the same sinks (docs/export.md)
ORDERS=("$DATA/export/orders.csv" "$DATA/export/orders-zh.csv")
for f in json jsonl sarif cyclonedx csv html; do
	XDG_DATA_HOME=$TMP/xdg "$CA" screen --format "$f" --as-of 2026-11-30 "${ORDERS[@]}" > "$TMP/screen.$f" 2> /dev/null
done
check "screen cyclonedx: validates against CycloneDX 1.6" cdx_valid "$TMP/screen.cyclonedx"
check "screen sarif: validates against SARIF 2.1.0" sarif_valid "$TMP/screen.sarif"
check "screen json: validates against docs/report.schema.json" report_valid "$TMP/screen.json"
check "screen jsonl: each line a host of docs/report.schema.json with the data vintage" python3 -c "
import json, sys, jsonschema
s = json.load(open(sys.argv[2]))
host = {'\$ref': '#/definitions/host', 'definitions': s['definitions']}
lines = open(sys.argv[1]).read().splitlines()
assert len(lines) == 2, len(lines)
for l in lines:
    h = json.loads(l)
    jsonschema.validate(h, host)
    assert h['data_vintage']['lists'] == '2026-07-31' and h['order_lines'], h.keys()
" "$TMP/screen.jsonl" "$ROOT/docs/report.schema.json"
check "screen: the data vintage in every format" python3 -c "
import csv, json, sys
t = sys.argv[1]
want = {'lists': '2026-07-31', 'cfr': '2026-07-23'}
d = json.load(open(t + '.json'))
assert all(d['data_vintage'][k] == v for k, v in want.items()), d['data_vintage']
sarif = json.load(open(t + '.sarif'))['runs'][0]['tool']['driver']['properties']['dataVintage']
assert all(sarif[k] == v for k, v in want.items()), sarif
cdx = {p['name']: p['value'] for p in json.load(open(t + '.cyclonedx'))['metadata']['properties']}
assert all(cdx['chipaudit:data-vintage:' + k] == v for k, v in want.items()), cdx
rows = list(csv.DictReader(open(t + '.csv', newline='', encoding='utf-8')))
assert rows and all('screening lists of 2026-07-31, CFR of 2026-07-23' in r['data_vintage'] for r in rows)
html = open(t + '.html', encoding='utf-8').read()
assert 'data vintage: <b>screening lists of 2026-07-31, CFR of 2026-07-23' in html
" "$TMP/screen"
check "screen: the same findings in JSON, SARIF, CycloneDX, CSV and HTML" python3 -c "
import csv, json, sys
t = sys.argv[1]
d = json.load(open(t + '.json'))
fs = [f for h in d['hosts'] for f in h['findings']]
n = len(fs)
assert n == d['summary']['findings'] and n > 20, n
results = json.load(open(t + '.sarif'))['runs'][0]['results']
assert [r['ruleId'] for r in results] == [f['rule'] for f in fs]
level = {'fail': 'error', 'warn': 'warning', 'info': 'note'}
assert [r['level'] for r in results] == [level[f['severity']] for f in fs]
cdx = json.load(open(t + '.cyclonedx'))
assert len(cdx['annotations']) == n
lines = [c for h in cdx['components'] for c in h.get('components', [])]
assert len(lines) == sum(len(h['order_lines']) for h in d['hosts'])
refs = {c['bom-ref'] for c in lines}
assert all(a['subjects'][0] in refs for a in cdx['annotations'])
rows = list(csv.DictReader(open(t + '.csv', newline='', encoding='utf-8')))
assert [r['rule'] for r in rows] == [f['rule'] for f in fs]
html = open(t + '.html', encoding='utf-8').read()
assert html.count('class=\"finding') >= n, (html.count('class=\"finding'), n)
" "$TMP/screen"
check "screen: an unknown licence answer is never a pass (warn at least, in every format)" python3 -c "
import json, sys
t = sys.argv[1]
d = json.load(open(t + '.json'))
unknown = [f for h in d['hosts'] for f in h['findings'] if f['state'] == 'export-line' and f['export']['licence_required'] == 'unknown']
results = json.load(open(t + '.sarif'))['runs'][0]['results']
lines = [r for r in results if r['properties']['state'] == 'export-line']
for f in [f for h in d['hosts'] for f in h['findings'] if f['state'] == 'export-line']:
    want = {'yes': 'fail', 'unknown': 'warn', 'no': 'info'}[f['export']['licence_required']]
    assert f['severity'] == want, f
    assert 'no licence is required' not in f['sentence'].lower() or f['export']['licence_required'] == 'no'
for r in lines:
    if r['properties']['export']['licence_required'] == 'unknown':
        assert r['level'] == 'warning' and 'not \"no licence needed\"' in r['message']['text']
" "$TMP/screen"

summary report
