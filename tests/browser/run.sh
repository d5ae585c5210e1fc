#!/usr/bin/env bash
# The HTML report in a real browser (Debian's chromium, headless): the page
# loads and its script runs to the end without an error, the charts are
# there, the host table sorts and filters, and markup from evidence stays
# text. A page whose script throws is caught (the check can fail).
# usage: run.sh CHIPAUDIT SOURCE_ROOT [EVIDENCE...]   (default: the example
# hosts and every check; with EVIDENCE, e.g. the corpus, its report loads)
set -u
CA=$(realpath "$1") ROOT=$(realpath "$2")
shift 2
INPUTS=("$@")
given=$#
[ ${#INPUTS[@]} -eq 0 ] && INPUTS=("$ROOT/examples/hosts")
. "$ROOT/tests/check.sh" # TMP, check, missing, summary
BROWSER=$(command -v chromium || command -v chromium-browser || true)
[ -n "$BROWSER" ] || missing "chromium is missing (scripts/setup.sh installs it)"
# a throwaway profile; no network, no GPU; root needs --no-sandbox
FLAGS=(--headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run
	--disable-background-networking --disable-extensions --disable-sync
	--user-data-dir="$TMP/profile" --virtual-time-budget=10000)
dom() { # dom HTML OUT: the page's DOM after its scripts ran
	timeout 300 "$BROWSER" "${FLAGS[@]}" --dump-dom "file://$1" > "$2" 2> "$TMP/browser.log"
}

"$CA" audit --format html --profile cn-cii-bank "${INPUTS[@]}" -o "$TMP/report.html" 2> /dev/null
check "the report was written" test -s "$TMP/report.html"
dom "$TMP/report.html" "$TMP/dom.html"
check "the page loads and its script runs to the end" grep -q '<body data-ready="1"' "$TMP/dom.html"
check "no script error" bash -c "! grep -q '<body[^>]*data-script-error' '$TMP/dom.html'"
check "charts: hosts by verdict, findings by rule, makers by role" python3 -c "
import sys, re
t = open(sys.argv[1], encoding='utf-8').read()
titles = re.findall(r'<h4>([^<]*)</h4><svg', t)
assert any(x.startswith('Hosts by verdict') for x in titles), titles
assert any(x.startswith('Findings by rule') for x in titles), titles
assert any(x.startswith('module makers') for x in titles), titles
assert t.count('<rect') >= 10
" "$TMP/dom.html"
check "the hosts table lists every host" python3 -c "
import sys, re
t = open(sys.argv[1], encoding='utf-8').read()
rows = re.findall(r'<tr data-verdict=', t)
shown = re.search(r'<span id=\"hosts-shown\">(\d+)</span> of (\d+) shown', t)
assert shown and int(shown.group(1)) == int(shown.group(2)) == len(rows) > 0, (shown and shown.groups(), len(rows))
" "$TMP/dom.html"

if [ "$given" -gt 0 ]; then # a large report: it loads and renders; the rest needs only the examples
	summary browser
	exit
fi

# the checks can fail: a page whose script throws never says it is ready
sed 's/\tfilter();/\tnoSuchFunction();/' "$TMP/report.html" > "$TMP/broken.html"
check "the broken copy differs" bash -c "! cmp -s '$TMP/report.html' '$TMP/broken.html'"
dom "$TMP/broken.html" "$TMP/broken-dom.html"
check "a script error is caught" bash -c "grep -q '<body[^>]*data-script-error=\"[^\"]*noSuchFunction is not defined' '$TMP/broken-dom.html' && ! grep -q '<body[^>]*data-ready' '$TMP/broken-dom.html'"

# sorting and filtering, driven in the page: a copy with a test script appended
python3 - "$TMP/report.html" "$TMP/driven.html" << 'PY'
import sys
t = open(sys.argv[1], encoding='utf-8').read()
probe = '''<script>
(function () {
  var th = document.querySelectorAll('#hosts-table th')[3];
  th.click(); th.click();
  var counts = Array.prototype.map.call(document.querySelectorAll('#hosts-table tbody tr'),
    function (r) { return Number(r.cells[3].textContent); });
  var sorted = counts.every(function (v, i) { return i === 0 || counts[i - 1] >= v; });
  var f = document.getElementById('verdict-filter');
  f.value = 'warn'; f.dispatchEvent(new Event('change'));
  var shown = document.querySelectorAll('#hosts-table tbody tr:not([hidden])').length;
  document.body.setAttribute('data-probe', (sorted ? 'sorted' : 'unsorted') + ':' + shown);
})();
</script>
</body>'''
open(sys.argv[2], 'w', encoding='utf-8').write(t.replace('</body>', probe))
PY
dom "$TMP/driven.html" "$TMP/driven-dom.html"
want_warn=$(grep -c '<tr data-verdict="warn"' "$TMP/report.html")
check "sorting by findings, filtering by verdict ($want_warn warn hosts)" grep -q "data-probe=\"sorted:$want_warn\"" "$TMP/driven-dom.html"

# hostile strings stay text in the browser
mkdir "$TMP/hostile"
python3 "$ROOT/tests/report/hostile_evidence.py" "$TMP/hostile"
"$CA" audit --format html --profile cn-cii-bank "$TMP/hostile" -o "$TMP/hostile.html" 2> /dev/null
dom "$TMP/hostile.html" "$TMP/hostile-dom.html"
check "hostile: the page is ready, no element or handler from evidence" python3 -c "
import sys
t = open(sys.argv[1], encoding='utf-8').read()
assert '<body data-ready=\"1\"' in t
assert t.count('<script') == 1 and '<img' not in t and 'onerror=' not in t.replace('onerror=alert(1)&gt;', '')
assert '&lt;script&gt;alert(\"sys\")&lt;/script&gt;' in t
" "$TMP/hostile-dom.html"

summary browser
