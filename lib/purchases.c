/* SPDX-License-Identifier: MIT */
/*
 * Purchase lists (--purchases FILE): a CSV with a header row naming one key
 * column and one date column. The key is an evidence file's path or base
 * name, a system serial number or UUID, or a memory module's serial number
 * or asset tag; the date is when that was bought (YYYY-MM-DD). The rule
 * engine turns an installed part into one bought before or after a rule's
 * effective date. Rows that match no host are reported by the caller.
 */
#include "purchases_internal.h"
#include "util/arena.h"
#include "util/csv.h"
#include "util/cursor.h"
#include "util/file.h"
#include "util/grow.h"
#include "util/textfile.h"

#include <errno.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PURCHASES_MAX_BYTES (16u * 1024u * 1024u)
#define PURCHASES_MAX_ROWS 1000000u
#define PURCHASES_MAX_FIELDS 256u
#define PURCHASES_MAX_FIELD 1024u

struct ca_purchases {
	cai_arena arena;
	ca_purchase *rows;
	size_t n, cap;
	atomic_uchar *matched; /* set by assessments on any thread */
	const char *name;
};

/* Header names of key columns, and what each may match. */
static const struct {
	const char *header;
	ca_purchase_key kind;
} key_columns[] = {
	{"host", CA_PURCHASE_KEY_HOST},       {"file", CA_PURCHASE_KEY_HOST},
	{"path", CA_PURCHASE_KEY_HOST},       {"evidence", CA_PURCHASE_KEY_HOST},
	{"serial", CA_PURCHASE_KEY_SERIAL},   {"serial_number", CA_PURCHASE_KEY_SERIAL},
	{"system_serial", CA_PURCHASE_KEY_SERIAL}, {"module_serial", CA_PURCHASE_KEY_SERIAL},
	{"uuid", CA_PURCHASE_KEY_UUID},       {"system_uuid", CA_PURCHASE_KEY_UUID},
	{"asset_tag", CA_PURCHASE_KEY_ASSET_TAG}, {"asset", CA_PURCHASE_KEY_ASSET_TAG},
};
static const char *const date_columns[] = {"purchase_date", "purchased", "date_purchased",
					   "bought", NULL};

static int fail(char **ret_error, const char *name, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int fail(char **ret_error, const char *name, unsigned line, const char *fmt, ...)
{
	if (ret_error) {
		va_list ap;
		va_start(ap, fmt);
		*ret_error = NULL;
		cai_error_at(ret_error, name, line, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

/* Trims spaces around s in place; returns s. */
static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	return s;
}

static int add_row(ca_purchases *p, const ca_purchase *row)
{
	if (cai_grow((void **)&p->rows, &p->cap, p->n + 1, sizeof(*p->rows)) < 0)
		return -ENOMEM;
	p->rows[p->n++] = *row;
	return 0;
}

static int parse(ca_purchases *p, const char *name, const char *buf, size_t len, char **ret_error)
{
	ca_cursor c = ca_cursor_make(buf, len);
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		c.p += 3; /* UTF-8 byte order mark */
	/* the delimiter: the first of , ; TAB on the header line */
	char delim = ',';
	for (const char *q = c.p; q < c.end && *q != '\n'; q++)
		if (*q == ',' || *q == ';' || *q == '\t') {
			delim = *q;
			break;
		}
	size_t scratch_size = PURCHASES_MAX_FIELDS * (PURCHASES_MAX_FIELD + 1);
	char *scratch = malloc(scratch_size);
	char *f[PURCHASES_MAX_FIELDS];
	if (!scratch)
		return -ENOMEM;
	unsigned line = 1, at = 1;
	int nf = cai_csv_record(&c, delim, scratch, scratch_size, f, PURCHASES_MAX_FIELDS,
				    PURCHASES_MAX_FIELD, &line);
	int key_col = -1, date_col = -1;
	ca_purchase_key kind = CA_PURCHASE_KEY_HOST;
	const char *key_header = NULL;
	for (int i = 0; i < nf; i++) {
		char *h = trim(f[i]);
		for (size_t k = 0; key_col < 0 && k < sizeof(key_columns) / sizeof(key_columns[0]); k++)
			if (strcasecmp(h, key_columns[k].header) == 0) {
				key_col = i;
				kind = key_columns[k].kind;
				key_header = cai_arena_strdup(&p->arena, key_columns[k].header);
			}
		for (size_t k = 0; date_col < 0 && date_columns[k]; k++)
			if (strcasecmp(h, date_columns[k]) == 0)
				date_col = i;
	}
	int rc = 0;
	if (nf <= 0)
		rc = fail(ret_error, name, 1, "%s", nf == 0 ? "the file is empty: expected a header row"
							   : "the header row cannot be read");
	else if (key_col < 0)
		rc = fail(ret_error, name, 1,
			  "no key column: name one host, file, path, serial, uuid or asset_tag");
	else if (date_col < 0)
		rc = fail(ret_error, name, 1, "no date column: name one purchase_date or purchased");
	else if (!key_header)
		rc = -ENOMEM;
	while (rc == 0) {
		at = line;
		nf = cai_csv_record(&c, delim, scratch, scratch_size, f, PURCHASES_MAX_FIELDS,
				    PURCHASES_MAX_FIELD, &line);
		if (nf == 0)
			break;
		if (nf < 0) {
			rc = fail(ret_error, name, at, "%s",
				  nf == -E2BIG ? "a field longer than 1024 bytes or a row of more than 256 fields"
					       : "a quoted field is not closed");
			break;
		}
		bool blank = true;
		for (int i = 0; i < nf; i++)
			blank &= !*trim(f[i]);
		if (blank)
			continue; /* a blank line, or only delimiters (spreadsheet exports end so) */
		if (key_col >= nf || date_col >= nf) {
			rc = fail(ret_error, name, at, "the row has %d fields; the key and date columns "
						       "are %d and %d",
				  nf, key_col + 1, date_col + 1);
			break;
		}
		char *key = trim(f[key_col]), *date = trim(f[date_col]);
		if (!*key) {
			rc = fail(ret_error, name, at, "the key is empty");
			break;
		}
		if (!ca_date_valid(date)) {
			rc = fail(ret_error, name, at, "purchase date '%.40s' is not a date written YYYY-MM-DD",
				  date);
			break;
		}
		if (p->n >= PURCHASES_MAX_ROWS) {
			rc = fail(ret_error, name, at, "more than %u rows", PURCHASES_MAX_ROWS);
			break;
		}
		ca_purchase row = {
			.key = cai_arena_strdup(&p->arena, key), .column = key_header, .kind = kind,
			.date = cai_arena_strdup(&p->arena, date), .line = at,
		};
		if (!row.key || !row.date)
			rc = -ENOMEM;
		else
			rc = add_row(p, &row);
	}
	free(scratch);
	if (rc == 0 && p->n) {
		p->matched = calloc(p->n, sizeof(*p->matched));
		if (!p->matched)
			rc = -ENOMEM;
	}
	if (rc == -ENOMEM && ret_error)
		*ret_error = strdup("out of memory");
	return rc;
}

int ca_purchases_load_buffer(const char *name, const char *buf, size_t len, ca_purchases **ret,
			     char **ret_error)
{
	ca_purchases *p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	cai_arena_init(&p->arena);
	p->name = cai_arena_strdup(&p->arena, name ? name : "(buffer)");
	int rc = p->name ? parse(p, p->name, buf, len, ret_error) : -ENOMEM;
	if (rc < 0) {
		ca_purchases_free(p);
		return rc;
	}
	*ret = p;
	return 0;
}

int ca_purchases_load_file(const char *path, ca_purchases **ret, char **ret_error)
{
	size_t len;
	int err;
	char *buf = cai_read_text_file(path, PURCHASES_MAX_BYTES, &len, &err, ret_error);
	if (!buf)
		return err;
	int rc = ca_purchases_load_buffer(path, buf, len, ret, ret_error);
	free(buf);
	return rc;
}

void ca_purchases_free(ca_purchases *p)
{
	if (!p)
		return;
	free(p->rows);
	free(p->matched);
	cai_arena_release(&p->arena);
	free(p);
}

const char *ca_purchases_name(const ca_purchases *p) { return p->name; }
size_t ca_purchases_count(const ca_purchases *p) { return p ? p->n : 0; }

const ca_purchase *ca_purchases_at(const ca_purchases *p, size_t i)
{
	return p && i < p->n ? &p->rows[i] : NULL;
}

bool ca_purchases_matched(const ca_purchases *p, size_t i)
{
	return p && i < p->n && atomic_load(&p->matched[i]);
}

void cai_purchases_mark(const ca_purchases *p, size_t i)
{
	atomic_store(&p->matched[i], 1);
}
