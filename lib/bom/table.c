/* SPDX-License-Identifier: MIT */
/* The table layer of lists: which row is the header, which column plays
 * which role (English and Chinese synonyms, or --columns), and how rows
 * become lines and alternates. Format readers (csv.c) feed it rows. */
#include "bom/bom.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Header names by role, compared after lower-casing and dropping
 * everything but letters, digits and non-ASCII bytes; earlier names win. */
static const char *const synonyms[CAI_BOM_ROLES][24] = {
	[CAI_BOM_MAKER] = {"manufacturer", "manufacturername", "mfr", "mfrname", "mfg", "mfgname",
			   "maker", "make", "brand", "manufacture", "制造商", "厂商", "品牌", "厂家",
			   "生产商", "生产厂家", "制造商名称", NULL},
	[CAI_BOM_PART] = {"mpn", "manufacturerpartnumber", "manufacturerpn", "mfrpartnumber", "mfrpn",
			  "mfgpartnumber", "mfgpn", "manufacturepn", "manufacturepartnumber",
			  "partnumber", "pn", "partno", "型号", "规格型号", "制造商型号", "料号",
			  "物料编码", "part", NULL},
	[CAI_BOM_DESC] = {"description", "desc", "描述", "物料描述", "名称", "物料名称", "规格",
			  NULL},
	[CAI_BOM_QTY] = {"qty", "quantity", "quantitypercb", "qtyperboard", "数量", "用量", NULL},
	[CAI_BOM_REF] = {"reference", "references", "designator", "designators", "refdes",
			 "location", "位号", NULL},
};
static const char *const role_names[CAI_BOM_ROLES] = {"maker", "part", "desc", "qty", "ref"};

/* Short maker/part names that take an alternate's suffix ("Mfg_1", "MPN2",
 * "pn_product-variant"). */
static const char *const alt_makers[] = {"manufacturer", "mfr", "mfg", NULL};
static const char *const alt_parts[] = {"mpn", "pn", "mfrpn", "mfgpn", NULL};

/* Lower-cases s into out keeping letters, digits and non-ASCII bytes. */
static void squash(const char *s, char *out, size_t size)
{
	size_t n = 0;
	for (; *s && n + 1 < size; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch >= 0x80 || isalnum(ch))
			out[n++] = (char)(ch < 0x80 ? tolower(ch) : ch);
	}
	out[n] = '\0';
}

/* The synonym index of key in list (exact), or -1. */
static int find(const char *const *list, const char *key)
{
	for (int i = 0; list[i]; i++)
		if (strcmp(list[i], key) == 0)
			return i;
	return -1;
}

/* When key is one of list followed by a suffix (digits, or anything after a
 * separator in raw), copies the suffix into suffix and returns true. */
static bool suffixed(const char *const *list, const char *key, const char *raw, char *suffix,
		     size_t size)
{
	for (int i = 0; list[i]; i++) {
		size_t n = strlen(list[i]);
		if (strncmp(key, list[i], n) != 0 || !key[n])
			continue;
		bool digits = true;
		for (const char *q = key + n; *q; q++)
			digits &= isdigit((unsigned char)*q) != 0;
		/* "MPN2", "Mfg_1"; or a named variant after a separator ("pn_x") */
		const char *r = raw;
		while (*r == ' ')
			r++;
		bool separated = strncasecmp(r, list[i], n) == 0 && strchr("_- :", r[n]) && r[n];
		if (digits || separated) {
			snprintf(suffix, size, "%s", key + n);
			return true;
		}
	}
	return false;
}

int cai_bom_header(char *const *cells, size_t n, cai_bom_columns *ret)
{
	cai_bom_columns c = {.header = true};
	int rank[CAI_BOM_ROLES];
	for (int r = 0; r < CAI_BOM_ROLES; r++) {
		c.col[r] = -1;
		rank[r] = 1000;
	}
	/* alternates by suffix: the maker and part column of each */
	char suffix[CAI_BOM_MAX_ALTERNATES + 1][32];
	int amaker[CAI_BOM_MAX_ALTERNATES + 1], apart[CAI_BOM_MAX_ALTERNATES + 1];
	size_t n_suffix = 0;
	for (size_t i = 0; i < n && i < 1024; i++) {
		char key[96];
		squash(cells[i], key, sizeof(key));
		if (!*key)
			continue;
		bool taken = false;
		for (int r = 0; r < CAI_BOM_ROLES; r++) {
			int k = find(synonyms[r], key);
			if (k >= 0 && k < rank[r]) {
				rank[r] = k;
				c.col[r] = (int)i;
			}
			taken |= k >= 0;
		}
		if (taken)
			continue;
		char sfx[32];
		bool is_maker = suffixed(alt_makers, key, cells[i], sfx, sizeof(sfx));
		bool is_part = !is_maker && suffixed(alt_parts, key, cells[i], sfx, sizeof(sfx));
		if (!is_maker && !is_part)
			continue;
		size_t s = 0;
		while (s < n_suffix && strcmp(suffix[s], sfx) != 0)
			s++;
		if (s == n_suffix) {
			if (n_suffix > CAI_BOM_MAX_ALTERNATES)
				continue;
			snprintf(suffix[s], sizeof(suffix[s]), "%s", sfx);
			amaker[s] = apart[s] = -1;
			n_suffix++;
		}
		if (is_maker && amaker[s] < 0)
			amaker[s] = (int)i;
		if (is_part && apart[s] < 0)
			apart[s] = (int)i;
	}
	for (size_t s = 0; s < n_suffix; s++) {
		/* "MFG1" beside "MPN": the main line's maker, not an alternate */
		if (strcmp(suffix[s], "1") == 0 && c.col[CAI_BOM_MAKER] < 0 && apart[s] < 0) {
			c.col[CAI_BOM_MAKER] = amaker[s];
			continue;
		}
		if (strcmp(suffix[s], "1") == 0 && c.col[CAI_BOM_PART] < 0 && amaker[s] < 0) {
			c.col[CAI_BOM_PART] = apart[s];
			continue;
		}
		if (c.n_alt < CAI_BOM_MAX_ALTERNATES) {
			c.alt[c.n_alt].maker = amaker[s];
			c.alt[c.n_alt++].part = apart[s];
		}
	}
	int found = 0;
	for (int r = 0; r < CAI_BOM_ROLES; r++)
		found += c.col[r] >= 0;
	bool named = c.col[CAI_BOM_MAKER] >= 0 || c.col[CAI_BOM_PART] >= 0 ||
		     c.col[CAI_BOM_DESC] >= 0;
	*ret = c;
	return named && found >= 2 ? found : 0;
}

int cai_bom_columns_parse(const char *spec, cai_bom_columns *ret)
{
	cai_bom_columns c = {0};
	for (int r = 0; r < CAI_BOM_ROLES; r++)
		c.col[r] = -1;
	const char *p = spec;
	while (p && *p) {
		const char *eq = strchr(p, '=');
		if (!eq)
			return -EINVAL;
		int role = -1;
		for (int r = 0; r < CAI_BOM_ROLES; r++)
			if ((size_t)(eq - p) == strlen(role_names[r]) &&
			    strncmp(p, role_names[r], (size_t)(eq - p)) == 0)
				role = r;
		if (role < 0 || !isdigit((unsigned char)eq[1]))
			return -EINVAL;
		char *end;
		long v = strtol(eq + 1, &end, 10);
		if (v < 1 || v > 1024 || (*end && *end != ','))
			return -EINVAL;
		c.col[role] = (int)v - 1;
		p = *end ? end + 1 : end;
	}
	if (c.col[CAI_BOM_MAKER] < 0 && c.col[CAI_BOM_PART] < 0 && c.col[CAI_BOM_DESC] < 0)
		return -EINVAL;
	*ret = c;
	return 0;
}

void cai_bom_table_note_columns(cai_bom_table *t, char *const *header, size_t n, const char *where)
{
	char text[1024];
	size_t used = 0;
	text[0] = '\0';
	for (int r = 0; r < CAI_BOM_ROLES; r++) {
		int col = t->cols.col[r];
		if (col < 0)
			continue;
		const char *name = header && (size_t)col < n ? header[col] : "";
		int k = snprintf(text + used, sizeof(text) - used, "%s%s = column %d%s%.40s%s",
				 used ? ", " : "", role_names[r], col + 1, *name ? " '" : "", name,
				 *name ? "'" : "");
		if (k > 0)
			used += (size_t)k < sizeof(text) - used ? (size_t)k : sizeof(text) - used - 1;
	}
	for (size_t a = 0; a < t->cols.n_alt; a++) {
		char m[16] = "-", p[16] = "-";
		if (t->cols.alt[a].maker >= 0)
			snprintf(m, sizeof(m), "%d", t->cols.alt[a].maker + 1);
		if (t->cols.alt[a].part >= 0)
			snprintf(p, sizeof(p), "%d", t->cols.alt[a].part + 1);
		int k = snprintf(text + used, sizeof(text) - used, ", alternate maker/part = columns %s/%s",
				 m, p);
		if (k > 0)
			used += (size_t)k < sizeof(text) - used ? (size_t)k : sizeof(text) - used - 1;
	}
	cai_host_diag(t->h, CA_DIAG_NOTE, "bom.columns", -1, 0, -1, "columns used (%s%s): %s",
		      t->cols.header ? "header at " : "given by --columns",
		      t->cols.header ? where : "", text);
}

/* Cell col of the row trimmed, or "" (cells are modified in place). */
static const char *cell(char *const *cells, size_t n, int col)
{
	if (col < 0 || (size_t)col >= n)
		return "";
	char *s = cells[col];
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	size_t len = strlen(s);
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r' ||
		       s[len - 1] == '\n'))
		s[--len] = '\0';
	return s;
}

/* Adds field name (a literal) when value is not empty. */
static int add(ca_host *h, const char *name, const char *value)
{
	return *value ? cai_host_field_adds(h, name, value, strlen(value)) : 0;
}

/* Adds field name (a literal) holding n in decimal. */
static int add_number(ca_host *h, const char *name, unsigned n)
{
	char buf[16];
	size_t i = sizeof(buf);
	do {
		buf[--i] = (char)('0' + n % 10);
		n /= 10;
	} while (n);
	return cai_host_field_adds(h, name, buf + i, sizeof(buf) - i);
}

int cai_bom_record(cai_bom_table *t, unsigned line, unsigned of, const char *maker, const char *part,
		  const char *desc, const char *qty, const char *ref, const char *column)
{
	ca_host *h = t->h;
	int rc = cai_host_record_begin(h, CAI_BOM_RECORD, 0, 0, -1, line,
				       of ? "BOM Alternate" : "BOM Line");
	if (rc < 0)
		return rc;
	rc = add_number(h, "Line", line);
	if (rc == 0 && of)
		rc = add_number(h, "Alternate Of", of);
	if (rc == 0)
		rc = add(h, "Manufacturer", maker);
	if (rc == 0)
		rc = add(h, "Part Number", part);
	if (rc == 0)
		rc = add(h, "Description", desc);
	if (rc == 0)
		rc = add(h, "Quantity", qty);
	if (rc == 0)
		rc = add(h, "Reference", ref);
	if (rc == 0 && column)
		rc = add(h, "Alternate Column", column);
	if (rc == 0 && t->sheet)
		rc = add(h, "Sheet", t->sheet);
	if (rc < 0) {
		cai_host_record_abort(h);
		return rc;
	}
	if (of)
		t->alternates++;
	else
		t->lines++;
	return cai_host_record_end(h);
}

int cai_bom_table_row(cai_bom_table *t, char *const *cells, size_t n, unsigned line)
{
	const cai_bom_columns *c = &t->cols;
	const char *maker = cell(cells, n, c->col[CAI_BOM_MAKER]);
	const char *part = cell(cells, n, c->col[CAI_BOM_PART]);
	const char *desc = cell(cells, n, c->col[CAI_BOM_DESC]);
	const char *qty = cell(cells, n, c->col[CAI_BOM_QTY]);
	const char *ref = cell(cells, n, c->col[CAI_BOM_REF]);
	if (!*maker && !*part && !*desc)
		return 0; /* blank, or a row of other columns only (totals, notes) */
	/* an empty quantity under a line: an alternate of it */
	bool alternate = c->col[CAI_BOM_QTY] >= 0 && !*qty && !*ref && t->last_line &&
			 (*maker || *part);
	unsigned main_line = alternate ? t->last_line : 0;
	int rc = cai_bom_record(t, line, main_line, maker, part, desc, qty, ref, NULL);
	if (rc < 0)
		return rc;
	if (!alternate)
		t->last_line = line;
	unsigned of = alternate ? t->last_line : line;
	for (size_t a = 0; a < c->n_alt; a++) {
		const char *am = cell(cells, n, c->alt[a].maker);
		const char *ap = cell(cells, n, c->alt[a].part);
		if (!*am && !*ap)
			continue;
		char column[64];
		snprintf(column, sizeof(column), "columns %d/%d", c->alt[a].maker + 1, c->alt[a].part + 1);
		rc = cai_bom_record(t, line, of, am, ap, "", "", "", column);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int cai_bom_table_init(cai_bom_table *t, ca_host *h, const char *columns)
{
	*t = (cai_bom_table){.h = h, .given = columns != NULL};
	if (columns && cai_bom_columns_parse(columns, &t->cols) < 0) {
		cai_host_diag(h, CA_DIAG_ERROR, "bom.bad-columns", -1, 0, -1,
			      "--columns '%.80s' is not ROLE=N[,ROLE=N...] with roles maker, part, "
			      "desc, qty, ref and columns from 1",
			      columns);
		return -EINVAL;
	}
	return 0;
}

int cai_bom_table_feed(cai_bom_table *t, char *const *cells, size_t n, unsigned line,
		       const char *where, int64_t offset)
{
	t->rows++;
	if (t->row_hook)
		return t->row_hook(t->row_ctx, cells, n, line, where, offset);
	if (!t->header_seen) {
		cai_bom_columns hc;
		if (cai_bom_header(cells, n, &hc) > 0) {
			if (!t->given)
				t->cols = hc;
			t->header_seen = true;
			cai_bom_table_note_columns(t, cells, n, where);
			return 0;
		}
		if (!t->given)
			return t->rows >= CAI_BOM_HEADER_ROWS ? 1 : 0; /* a preamble row */
		t->header_seen = true;
		cai_bom_table_note_columns(t, NULL, 0, "");
	}
	int rc = cai_bom_table_row(t, cells, n, line);
	if (rc == -E2BIG) {
		cai_host_diag(t->h, CA_DIAG_ERROR, "bom.too-many-lines", offset, line, -1,
			      "more than %u lines: the rest of the list is not read", CA_MAX_RECORDS);
		return 1;
	}
	return rc;
}

int cai_bom_table_end(cai_bom_table *t)
{
	if (!t->header_seen) {
		cai_host_diag(t->h, CA_DIAG_ERROR, "bom.no-header", -1, 0, -1,
			      "no header row naming a maker, part number or description column (and "
			      "a second role) in the first %u rows; name the columns with --columns",
			      CAI_BOM_HEADER_ROWS);
		return -EBADMSG;
	}
	cai_host_diag(t->h, CA_DIAG_NOTE, "bom.lines", -1, 0, -1, "%zu lines and %zu alternates read",
		      t->lines, t->alternates);
	return t->lines ? 0 : -EBADMSG;
}
