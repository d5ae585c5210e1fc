/* SPDX-License-Identifier: MIT */
/* The HTML report's behaviour: sort the hosts table by a column, filter it
 * by text and verdict. The page reads fine without it. */
(function () {
	'use strict';
	window.addEventListener('error', function (e) {
		document.body.setAttribute('data-script-error', String(e.message));
	});
	var table = document.getElementById('hosts-table');
	if (!table) {
		document.body.setAttribute('data-ready', '1');
		return;
	}
	var body = table.tBodies[0];
	var rows = Array.prototype.slice.call(body.rows);
	var text = document.getElementById('host-filter');
	var verdict = document.getElementById('verdict-filter');

	function key(row, col) {
		var cell = row.cells[col];
		var v = cell.getAttribute('data-sort');
		return v !== null ? v : cell.textContent;
	}

	function sortBy(col, th) {
		var ascending = th.getAttribute('aria-sort') !== 'ascending';
		Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) {
			c.removeAttribute('aria-sort');
		});
		th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
		var numeric = th.getAttribute('data-type') === 'number';
		rows.sort(function (a, b) {
			var x = key(a, col), y = key(b, col);
			var d = numeric ? Number(x) - Number(y) : x.localeCompare(y);
			return ascending ? d : -d;
		});
		rows.forEach(function (r) { body.appendChild(r); });
	}

	function filter() {
		var q = text.value.toLowerCase();
		var v = verdict.value;
		var shown = 0;
		rows.forEach(function (r) {
			var ok = (!q || r.textContent.toLowerCase().indexOf(q) >= 0) &&
				(!v || r.getAttribute('data-verdict') === v);
			r.hidden = !ok;
			shown += ok ? 1 : 0;
		});
		document.getElementById('hosts-shown').textContent = String(shown);
	}

	Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
		th.addEventListener('click', function () { sortBy(col, th); });
	});
	text.addEventListener('input', filter);
	verdict.addEventListener('change', filter);
	filter();
	document.body.setAttribute('data-ready', '1');
})();
