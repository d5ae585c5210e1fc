/* SPDX-License-Identifier: MIT */
/* Lists as XLSX workbooks (Office Open XML): every worksheet, shared and
 * inline strings, through libzip and libxml2's streaming reader. Parts are
 * read to a cap (a zip bomb stops there with a diagnostic); XML entities
 * are not expanded and nothing is fetched from the network. */
#include "bom/bom.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlreader.h>
#include <zip.h>

#define XLSX_MAX_PART (64u * 1024u * 1024u) /* one uncompressed part */
#define XLSX_MAX_STRINGS 1000000u
#define XLSX_MAX_SHEETS 256u
#define XLSX_MAX_COLS 1024u
#define XLSX_MAX_CELL 4096u

int cai_bom_xlsx_read_part(zip_t *z, zip_uint64_t idx, char **ret, size_t *ret_len)
{
	zip_stat_t st;
	if (zip_stat_index(z, idx, 0, &st) < 0)
		return -EBADMSG;
	if ((st.valid & ZIP_STAT_SIZE) && st.size > XLSX_MAX_PART)
		return -EFBIG;
	zip_file_t *f = zip_fopen_index(z, idx, 0);
	if (!f)
		return -EBADMSG;
	size_t cap = (st.valid & ZIP_STAT_SIZE) ? (size_t)st.size + 1 : 65536, len = 0;
	char *buf = malloc(cap);
	int rc = buf ? 0 : -ENOMEM;
	while (rc == 0) {
		if (len + 1 >= cap) {
			if (cap > XLSX_MAX_PART) {
				rc = -EFBIG; /* the entry is larger than it says */
				break;
			}
			char *bigger = realloc(buf, cap * 2);
			if (!bigger) {
				rc = -ENOMEM;
				break;
			}
			buf = bigger;
			cap *= 2;
		}
		zip_int64_t n = zip_fread(f, buf + len, cap - 1 - len);
		if (n < 0)
			rc = -EBADMSG;
		else if (n == 0)
			break;
		else
			len += (size_t)n;
	}
	zip_fclose(f);
	if (rc < 0) {
		free(buf);
		return rc;
	}
	buf[len] = '\0';
	*ret = buf;
	*ret_len = len;
	return 0;
}

typedef struct xml_error {
	int line;
	char message[160];
} xml_error;

static void on_xml_error(void *ctx, xmlErrorPtr e)
{
	xml_error *x = ctx;
	if (x->line || !e)
		return; /* the first one says it */
	x->line = e->line > 0 ? e->line : 1;
	snprintf(x->message, sizeof(x->message), "%s", e->message ? e->message : "malformed XML");
	size_t n = strlen(x->message);
	while (n && x->message[n - 1] == '\n')
		x->message[--n] = '\0';
}

/* libxml2 must not print: a generic handler that says nothing. */
static void silent(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	(void)fmt;
}

static xmlTextReaderPtr reader_for(const char *buf, size_t len, xml_error *err)
{
	if (len > INT32_MAX)
		return NULL;
	xmlTextReaderPtr r = xmlReaderForMemory(buf, (int)len, NULL, NULL, XML_PARSE_NONET);
	if (r)
		xmlTextReaderSetStructuredErrorHandler(r, on_xml_error, err);
	return r;
}

static bool is(xmlTextReaderPtr r, const char *name)
{
	const xmlChar *n = xmlTextReaderConstLocalName(r);
	return n && strcmp((const char *)n, name) == 0;
}

/* A growing text: appends up to XLSX_MAX_CELL bytes. */
typedef struct text {
	char buf[XLSX_MAX_CELL + 1];
	size_t len;
} text;

static void text_add(text *t, const xmlChar *s)
{
	size_t n = s ? strlen((const char *)s) : 0;
	if (n > XLSX_MAX_CELL - t->len)
		n = XLSX_MAX_CELL - t->len;
	memcpy(t->buf + t->len, s, n);
	t->len += n;
	t->buf[t->len] = '\0';
}

typedef struct strings {
	char **s;
	size_t n, cap;
} strings;

static void strings_free(strings *ss)
{
	for (size_t i = 0; i < ss->n; i++)
		free(ss->s[i]);
	free(ss->s);
}

/* xl/sharedStrings.xml: each <si> is one string, the text of its <t>
 * elements (phonetic runs, <rPh>, left out). */
static int read_shared_strings(ca_host *h, const char *buf, size_t len, strings *ss)
{
	xml_error err = {0};
	xmlTextReaderPtr r = reader_for(buf, len, &err);
	if (!r)
		return -ENOMEM;
	text *t = malloc(sizeof(*t));
	int rc = t ? 0 : -ENOMEM, ret;
	bool in_si = false, in_t = false;
	int phonetic = 0;
	while (rc == 0 && (ret = xmlTextReaderRead(r)) == 1) {
		int type = xmlTextReaderNodeType(r);
		if (type == XML_READER_TYPE_ELEMENT) {
			bool empty = xmlTextReaderIsEmptyElement(r);
			if (is(r, "si")) {
				in_si = true;
				t->len = 0;
				t->buf[0] = '\0';
			} else if (is(r, "rPh") && !empty) {
				phonetic++;
			} else if (is(r, "t") && !empty) {
				in_t = true;
			}
			if (!(empty && is(r, "si")))
				continue;
		}
		if (type == XML_READER_TYPE_END_ELEMENT && is(r, "rPh"))
			phonetic--;
		else if (type == XML_READER_TYPE_END_ELEMENT && is(r, "t"))
			in_t = false;
		else if ((type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
			  type == XML_READER_TYPE_CDATA) &&
			 in_si && in_t && !phonetic)
			text_add(t, xmlTextReaderConstValue(r));
		if ((type == XML_READER_TYPE_END_ELEMENT || type == XML_READER_TYPE_ELEMENT) &&
		    is(r, "si") && in_si) {
			in_si = false;
			if (ss->n >= XLSX_MAX_STRINGS) {
				cai_host_diag(h, CA_DIAG_ERROR, "bom.xlsx-strings", -1, 0, -1,
					      "more than %u shared strings: the rest read as empty",
					      XLSX_MAX_STRINGS);
				break;
			}
			if (ss->n == ss->cap) {
				size_t cap = ss->cap ? ss->cap * 2 : 256;
				char **more = realloc(ss->s, cap * sizeof(*more));
				if (!more) {
					rc = -ENOMEM;
					break;
				}
				ss->s = more;
				ss->cap = cap;
			}
			ss->s[ss->n] = strdup(t->buf);
			if (!ss->s[ss->n])
				rc = -ENOMEM;
			else
				ss->n++;
		}
	}
	if (rc == 0 && err.line)
		cai_host_diag(h, CA_DIAG_ERROR, "bom.xlsx-xml", -1, (uint32_t)err.line, -1,
			      "xl/sharedStrings.xml line %d: %s; strings after it read as empty", err.line,
			      err.message);
	free(t);
	xmlFreeTextReader(r);
	return rc;
}

/* The 0-based column of a cell reference ("AB12" -> 27), or -1. */
static int column_of(const xmlChar *ref)
{
	if (!ref)
		return -1;
	long col = 0;
	const char *p = (const char *)ref;
	for (; *p >= 'A' && *p <= 'Z'; p++) {
		col = col * 26 + (*p - 'A' + 1);
		if (col > (long)XLSX_MAX_COLS)
			return -1;
	}
	return p == (const char *)ref ? -1 : (int)col - 1;
}

typedef struct sheet_row {
	char *cells[XLSX_MAX_COLS];
	size_t n;
} sheet_row;

static char empty_cell[1];

static void row_clear(sheet_row *row)
{
	for (size_t i = 0; i < row->n; i++)
		if (row->cells[i] != empty_cell)
			free(row->cells[i]);
	row->n = 0;
}

static int row_set(sheet_row *row, int col, const char *value)
{
	if (col < 0 || (size_t)col >= XLSX_MAX_COLS)
		return 0;
	while (row->n <= (size_t)col)
		row->cells[row->n++] = empty_cell;
	if (row->cells[col] != empty_cell)
		free(row->cells[col]);
	row->cells[col] = strdup(value);
	if (!row->cells[col]) {
		row->cells[col] = empty_cell;
		return -ENOMEM;
	}
	return 0;
}

/* One worksheet: rows fed to the table layer in order. */
static int read_sheet(cai_bom_table *tb, const char *name, const char *buf, size_t len,
		      const strings *ss)
{
	xml_error err = {0};
	xmlTextReaderPtr r = reader_for(buf, len, &err);
	sheet_row *row = calloc(1, sizeof(*row));
	text *t = malloc(sizeof(*t));
	if (!r || !row || !t) {
		if (r)
			xmlFreeTextReader(r);
		free(row);
		free(t);
		return -ENOMEM;
	}
	int rc = 0, col = -1, next_col = 0;
	unsigned row_no = 0;
	bool in_row = false, in_value = false, shared = false;
	char type_s[16] = "";
	while (rc == 0 && xmlTextReaderRead(r) == 1) {
		int type = xmlTextReaderNodeType(r);
		bool end_row = false, end_cell = false;
		if (type == XML_READER_TYPE_ELEMENT) {
			bool empty = xmlTextReaderIsEmptyElement(r);
			if (is(r, "row")) {
				xmlChar *at = xmlTextReaderGetAttribute(r, (const xmlChar *)"r");
				unsigned long v = at ? strtoul((const char *)at, NULL, 10) : 0;
				xmlFree(at);
				row_no = v > 0 && v < UINT32_MAX ? (unsigned)v : row_no + 1;
				in_row = true;
				next_col = 0;
				row_clear(row);
				end_row = empty;
			} else if (is(r, "c") && in_row) {
				xmlChar *ref = xmlTextReaderGetAttribute(r, (const xmlChar *)"r");
				xmlChar *ty = xmlTextReaderGetAttribute(r, (const xmlChar *)"t");
				col = ref ? column_of(ref) : next_col;
				next_col = col + 1;
				snprintf(type_s, sizeof(type_s), "%s", ty ? (const char *)ty : "n");
				shared = strcmp(type_s, "s") == 0;
				xmlFree(ref);
				xmlFree(ty);
				t->len = 0;
				t->buf[0] = '\0';
				end_cell = empty;
			} else if ((is(r, "v") || is(r, "t")) && !empty && col >= 0) {
				in_value = true;
			}
		} else if (type == XML_READER_TYPE_END_ELEMENT) {
			if (is(r, "v") || is(r, "t"))
				in_value = false;
			else if (is(r, "c"))
				end_cell = true;
			else if (is(r, "row"))
				end_row = true;
		} else if ((type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
			    type == XML_READER_TYPE_CDATA) &&
			   in_value) {
			text_add(t, xmlTextReaderConstValue(r));
		}
		if (end_cell && col >= 0) {
			const char *value = t->buf;
			if (shared) {
				char *endp;
				unsigned long i = strtoul(t->buf, &endp, 10);
				value = *t->buf && !*endp && i < ss->n ? ss->s[i] : "";
			}
			rc = row_set(row, col, value);
			col = -1;
		}
		if (end_row && in_row) {
			in_row = false;
			char where[96];
			snprintf(where, sizeof(where), "%.60s row %u", name, row_no);
			int fed = cai_bom_table_feed(tb, row->cells, row->n, row_no, where, -1);
			if (fed != 0)
				rc = fed;
		}
	}
	if (rc >= 0 && err.line)
		cai_host_diag(tb->h, CA_DIAG_ERROR, "bom.xlsx-xml", -1, (uint32_t)row_no, -1,
			      "%.60s: XML line %d: %s; rows from about row %u on are not read", name, err.line,
			      err.message, row_no);
	row_clear(row);
	free(row);
	free(t);
	xmlFreeTextReader(r);
	return rc;
}

/* Worksheet parts ("xl/worksheets/sheetN.xml") in N order. */
static size_t find_sheets(zip_t *z, zip_uint64_t *idx, unsigned *num)
{
	size_t n = 0;
	zip_int64_t entries = zip_get_num_entries(z, 0);
	for (zip_int64_t i = 0; i < entries && n < XLSX_MAX_SHEETS; i++) {
		const char *name = zip_get_name(z, (zip_uint64_t)i, 0);
		unsigned k;
		char tail[8];
		if (!name || sscanf(name, "xl/worksheets/sheet%u%7s", &k, tail) != 2 ||
		    strcmp(tail, ".xml") != 0)
			continue;
		size_t at = n++;
		while (at > 0 && num[at - 1] > k) {
			num[at] = num[at - 1];
			idx[at] = idx[at - 1];
			at--;
		}
		num[at] = k;
		idx[at] = (zip_uint64_t)i;
	}
	return n;
}

static int xlsx_read(cai_bom_table *tp, const uint8_t *buf, size_t len)
{
	cai_bom_table t = *tp;
	ca_host *h = t.h;
	xmlSetGenericErrorFunc(NULL, silent);
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(buf, len, 0, &ze);
	zip_t *z = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
	if (!z) {
		cai_host_diag(h, CA_DIAG_ERROR, "bom.xlsx-zip", -1, 0, -1,
			      "not a readable XLSX workbook: %s", zip_error_strerror(&ze));
		zip_error_fini(&ze);
		if (src)
			zip_source_free(src);
		return -EBADMSG;
	}
	zip_error_fini(&ze);
	strings ss = {0};
	int rc = 0;
	zip_int64_t si = zip_name_locate(z, "xl/sharedStrings.xml", 0);
	if (si >= 0) {
		char *part;
		size_t plen;
		rc = cai_bom_xlsx_read_part(z, (zip_uint64_t)si, &part, &plen);
		if (rc == 0) {
			rc = read_shared_strings(h, part, plen, &ss);
			free(part);
		} else if (rc != -ENOMEM) {
			cai_host_diag(h, CA_DIAG_ERROR, "bom.xlsx-part", -1, 0, -1,
				      "xl/sharedStrings.xml %s; strings read as empty",
				      rc == -EFBIG ? "is larger than 64 MiB uncompressed"
						   : "cannot be decompressed");
			rc = 0;
		}
	}
	zip_uint64_t idx[XLSX_MAX_SHEETS];
	unsigned num[XLSX_MAX_SHEETS];
	size_t n = rc == 0 ? find_sheets(z, idx, num) : 0;
	if (rc == 0 && n == 0)
		cai_host_diag(h, CA_DIAG_ERROR, "bom.xlsx-no-sheet", -1, 0, -1,
			      "the workbook has no worksheet (xl/worksheets/sheetN.xml)");
	bool any_header = false;
	for (size_t i = 0; i < n && rc == 0; i++) {
		char name[32];
		snprintf(name, sizeof(name), "sheet%u", num[i]);
		char *part;
		size_t plen;
		rc = cai_bom_xlsx_read_part(z, idx[i], &part, &plen);
		if (rc < 0 && rc != -ENOMEM) {
			cai_host_diag(h, CA_DIAG_ERROR, "bom.xlsx-part", -1, 0, -1, "%s %s; it is not read",
				      name,
				      rc == -EFBIG ? "is larger than 64 MiB uncompressed"
						   : "cannot be decompressed");
			rc = 0;
			continue;
		}
		if (rc < 0)
			break;
		/* each sheet finds its own header */
		t.header_seen = false;
		t.rows = 0;
		t.last_line = 0;
		t.sheet = name;
		rc = read_sheet(&t, name, part, plen, &ss);
		t.sheet = NULL;
		free(part);
		if (rc == 1)
			rc = 0; /* no header in this sheet, or the record cap: the next one */
		any_header |= t.header_seen;
	}
	t.header_seen = any_header;
	strings_free(&ss);
	zip_discard(z);
	if (rc < 0)
		return rc;
	if (t.row_hook)
		return n ? 0 : -EBADMSG;
	return cai_bom_table_end(&t);
}

int cai_bom_xlsx_read(ca_host *h, const uint8_t *buf, size_t len, const char *columns)
{
	cai_bom_table t;
	if (cai_bom_table_init(&t, h, columns) < 0)
		return -EINVAL;
	return xlsx_read(&t, buf, len);
}

int cai_bom_xlsx_rows(ca_host *h, const uint8_t *buf, size_t len, cai_bom_row_hook hook, void *ctx)
{
	cai_bom_table t = {.h = h, .row_hook = hook, .row_ctx = ctx};
	return xlsx_read(&t, buf, len);
}
