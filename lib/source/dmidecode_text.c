/* SPDX-License-Identifier: MIT */
/*
 * dmidecode text output, every version seen in the field (2.x to 3.6):
 *
 *   # dmidecode 3.2                      header (may follow junk on the line)
 *   SMBIOS 3.0.0 present.                or "Legacy DMI 2.3 present."
 *   Handle 0x0004, DMI type 17, 40 bytes
 *   Memory Device                        title
 *   \tSize: 8 GB                         field
 *   \tCharacteristics:                   list field ...
 *   \t\tPCI is supported                 ... and its items
 *
 * Old versions print "Handle 0x0004" and "\tDMI type 17, 27 bytes." on two
 * lines and indent title and fields one level deeper; the parser derives
 * the indentation from the title line. Values are brought to dmidecode 3.6
 * spelling (sizes, MT/s, renamed fields) so every version yields the same
 * inventory as the binary table.
 */
#include "host_internal.h"
#include "source/sources.h"
#include "source/smbios_table.h"
#include "util/cursor.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum parse_state {
	STATE_OUTSIDE,      /* header, or between records */
	STATE_WANT_TYPE,    /* old format: "Handle 0x...." seen, "DMI type" line next */
	STATE_WANT_TITLE,   /* handle line seen, title next */
	STATE_FIELDS,       /* inside a kept record */
} parse_state;

typedef struct text_parser {
	ca_host *h;
	const char *buf;
	size_t len;
	parse_state state;
	uint32_t lineno;
	int64_t line_offset;
	/* record being read */
	uint16_t handle;
	uint8_t type;
	uint16_t length;
	uint32_t handle_line;
	int64_t handle_offset;
	unsigned title_indent;
	unsigned field_indent; /* 0 = not known yet */
	bool has_field;
	bool saw_no_smbios;
	uint32_t records;
	int err;
} text_parser;

/* ------------------------------------------------ value normalization */

/* Fields whose name changed across dmidecode versions. type -1 matches any
 * structure type. The "Block" spellings come from dmidecode 1.x/2.0
 * ("System Information Block": "Vendor:", "Product:", "Release:"). */
static const char *canonical_field_name(uint8_t type, const char *name, size_t n)
{
	static const struct {
		int type;
		const char *old_name;
		const char *new_name;
	} renames[] = {
		{17, "Configured Clock Speed", "Configured Memory Speed"},
		{17, "Minimum voltage", "Minimum Voltage"},
		{17, "Maximum voltage", "Maximum Voltage"},
		{17, "Configured voltage", "Configured Voltage"},
		{0, "Release", "Release Date"},
		{1, "Vendor", "Manufacturer"},
		{1, "Product", "Product Name"},
		{2, "Vendor", "Manufacturer"},
		{2, "Product", "Product Name"},
	};
	for (size_t i = 0; i < sizeof(renames) / sizeof(renames[0]); i++)
		if ((renames[i].type < 0 || renames[i].type == type) &&
		    strlen(renames[i].old_name) == n && memcmp(renames[i].old_name, name, n) == 0)
			return renames[i].new_name;
	return NULL;
}

static bool is_size_field(uint8_t type, const char *name)
{
	switch (type) {
	case 0:
		return strcmp(name, "ROM Size") == 0 || strcmp(name, "Runtime Size") == 0;
	case 16:
		return strcmp(name, "Maximum Capacity") == 0;
	case 17:
		return strcmp(name, "Size") == 0 || strcmp(name, "Non-Volatile Size") == 0 ||
		       strcmp(name, "Volatile Size") == 0 || strcmp(name, "Cache Size") == 0 ||
		       strcmp(name, "Logical Size") == 0;
	default:
		return false;
	}
}

static bool is_memory_speed_field(uint8_t type, const char *name)
{
	return type == 17 &&
	       (strcmp(name, "Speed") == 0 || strcmp(name, "Configured Memory Speed") == 0);
}

/* Rewrites value into out in dmidecode 3.6 spelling. Returns the length,
 * or SIZE_MAX when the value is kept as is. */
static size_t normalize_value(uint8_t type, const char *name, const char *v, size_t n,
			      char *out, size_t out_size)
{
	if (is_size_field(type, name)) {
		char tmp[64];
		if (n >= sizeof(tmp))
			return SIZE_MAX;
		memcpy(tmp, v, n);
		tmp[n] = '\0';
		uint64_t bytes;
		if (ca_parse_size(tmp, &bytes) < 0)
			return SIZE_MAX;
		return ca_format_size(bytes, out, out_size);
	}
	if (is_memory_speed_field(type, name)) {
		/* "1333 MHz", "667 MHz (1.5 ns)" (dmidecode < 3.1) -> "1333 MT/s" */
		ca_cursor c = ca_cursor_make(v, n);
		uint32_t mts;
		if (!ca_cursor_dec(&c, &mts, 9) || !ca_cursor_lit(&c, " MHz"))
			return SIZE_MAX;
		int w = snprintf(out, out_size, "%u MT/s", mts);
		return w < 0 ? SIZE_MAX : (size_t)w;
	}
	return SIZE_MAX;
}

/* ------------------------------------------------------------ helpers */

static unsigned count_indent(const char *p, size_t n)
{
	/* A tab is one level; eight spaces are one level (some pasted outputs). */
	unsigned tabs = 0, spaces = 0;
	size_t i = 0;
	for (; i < n; i++) {
		if (p[i] == '\t')
			tabs++;
		else if (p[i] == ' ')
			spaces++;
		else
			break;
	}
	return tabs + spaces / 8;
}

static bool is_blank(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t')
			return false;
	return true;
}

static void keep_err(text_parser *t, int r)
{
	if (r == -ENOMEM && t->err == 0)
		t->err = r;
}

static void finish_record(text_parser *t)
{
	if (t->state == STATE_FIELDS || t->state == STATE_WANT_TITLE) {
		if (t->h->building) {
			int r = cai_host_record_end(t->h);
			keep_err(t, r);
			if (r == 0)
				t->records++;
		}
	}
	t->state = STATE_OUTSIDE;
}

/* Parses "Handle 0x0004, DMI type 17, 40 bytes" (new) or "Handle 0x0004" (old). */
static void handle_line(text_parser *t, const char *line, size_t n)
{
	finish_record(t);
	ca_cursor c = ca_cursor_make(line, n);
	uint32_t handle, type, length;
	if (!ca_cursor_lit(&c, "Handle 0x") || !ca_cursor_hex(&c, &handle, 4)) {
		cai_host_diag(t->h, CA_DIAG_WARNING, "text.bad-handle-line", t->line_offset, t->lineno, -1,
			  "line %u: a \"Handle\" line without a readable handle; structure skipped",
			  t->lineno);
		return;
	}
	t->handle = (uint16_t)handle;
	t->handle_line = t->lineno;
	t->handle_offset = t->line_offset;
	if (ca_cursor_left(&c) == 0 || (ca_cursor_skip_spaces(&c), ca_cursor_left(&c) == 0)) {
		t->state = STATE_WANT_TYPE; /* old two-line header */
		return;
	}
	if (!ca_cursor_lit(&c, ", DMI type ") || !ca_cursor_dec(&c, &type, 3) || type > 255 ||
	    !ca_cursor_lit(&c, ", ") || !ca_cursor_dec(&c, &length, 3) || length > 255) {
		cai_host_diag(t->h, CA_DIAG_WARNING, "text.bad-handle-line", t->line_offset, t->lineno,
			  (int32_t)handle,
			  "line %u: cannot read the structure type and length of handle 0x%04X; structure skipped",
			  t->lineno, handle);
		return;
	}
	t->type = (uint8_t)type;
	t->length = (uint16_t)length;
	t->state = cai_smbios_inventoried_title(t->type) ? STATE_WANT_TITLE : STATE_OUTSIDE;
}

/* Old format second header line: "\tDMI type 17, 27 bytes." */
static void type_line(text_parser *t, const char *line, size_t n)
{
	const char *p = line;
	ca_trim_blanks(&p, &n);
	ca_cursor c = ca_cursor_make(p, n);
	uint32_t type, length;
	if (!ca_cursor_lit(&c, "DMI type ") || !ca_cursor_dec(&c, &type, 3) || type > 255 ||
	    !ca_cursor_lit(&c, ", ") || !ca_cursor_dec(&c, &length, 3) || length > 255) {
		cai_host_diag(t->h, CA_DIAG_WARNING, "text.bad-handle-line", t->line_offset, t->lineno,
			  t->handle, "line %u: expected \"DMI type N, L bytes\" after handle 0x%04X",
			  t->lineno, t->handle);
		t->state = STATE_OUTSIDE;
		return;
	}
	t->type = (uint8_t)type;
	t->length = (uint16_t)length;
	t->state = cai_smbios_inventoried_title(t->type) ? STATE_WANT_TITLE : STATE_OUTSIDE;
}

static void title_line(text_parser *t, const char *line, size_t n)
{
	t->title_indent = count_indent(line, n);
	const char *p = line;
	ca_trim_blanks(&p, &n);
	char title[128];
	if (n >= sizeof(title))
		n = sizeof(title) - 1;
	memcpy(title, p, n);
	title[n] = '\0';
	int r = cai_host_record_begin(t->h, t->type, t->handle, t->length, t->handle_offset,
				  t->handle_line, title);
	if (r == -E2BIG) {
		cai_host_diag(t->h, CA_DIAG_ERROR, "text.too-many-structures", t->line_offset, t->lineno,
			  -1, "more than %u structures; the rest of the input was not read",
			  CA_MAX_RECORDS);
		t->err = -E2BIG;
		return;
	}
	keep_err(t, r);
	t->field_indent = 0;
	t->has_field = false;
	t->state = STATE_FIELDS;
}

static void sanitize_copy(char *dst, const char *src, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)src[i];
		dst[i] = (ch < 0x20 && ch != '\t') || ch == 0x7F ? '.' : (char)ch;
	}
}

/* field_line() with tmp, a buffer of at least n bytes for the sanitised value. */
static void field_line_in(text_parser *t, const char *line, size_t n, char *tmp)
{
	unsigned indent = count_indent(line, n);
	if (indent <= t->title_indent) {
		/* Text at title level inside a record: not dmidecode's; ignore. */
		return;
	}
	if (t->field_indent == 0)
		t->field_indent = indent;
	const char *p = line;
	ca_trim_blanks(&p, &n);
	if (n == 0)
		return;
	if (indent > t->field_indent) {
		if (!t->has_field)
			return;
		sanitize_copy(tmp, p, n);
		int r = cai_host_item_addn(t->h, tmp, n);
		keep_err(t, r);
		return;
	}
	const char *colon = memchr(p, ':', n);
	if (!colon) {
		/* A field line without "name:" (e.g. a wrapped value): keep it as an item. */
		if (t->has_field) {
			sanitize_copy(tmp, p, n);
			keep_err(t, cai_host_item_addn(t->h, tmp, n));
		}
		return;
	}
	const char *name = p;
	size_t name_len = (size_t)(colon - p);
	const char *value = colon + 1;
	size_t value_len = n - name_len - 1;
	ca_trim_blanks(&name, &name_len);
	ca_trim_blanks(&value, &value_len);
	if (name_len == 0)
		return;
	const char *canon = canonical_field_name(t->type, name, name_len);
	char name_buf[128];
	if (canon) {
		name = canon;
		name_len = strlen(canon);
	}
	if (name_len >= sizeof(name_buf))
		name_len = sizeof(name_buf) - 1;
	memcpy(name_buf, name, name_len);
	name_buf[name_len] = '\0';

	char norm[64];
	size_t norm_len = normalize_value(t->type, name_buf, value, value_len, norm, sizeof(norm));
	int r;
	if (norm_len != SIZE_MAX) {
		r = cai_host_field_addn(t->h, name_buf, name_len, norm, norm_len);
	} else {
		sanitize_copy(tmp, value, value_len);
		r = cai_host_field_addn(t->h, name_buf, name_len, tmp, value_len);
	}
	keep_err(t, r);
	if (r == 0)
		t->has_field = true;
}

/* One field or item line; a value up to CA_MAX_VALUE_BYTES is kept whole. */
static void field_line(text_parser *t, const char *line, size_t n)
{
	if (n > CA_MAX_VALUE_BYTES) {
		cai_host_diag(t->h, CA_DIAG_WARNING, "text.line-too-long", t->line_offset, t->lineno, -1,
			      "a field line of %zu bytes: kept its first %u bytes", n, CA_MAX_VALUE_BYTES);
		n = CA_MAX_VALUE_BYTES;
	}
	char stack[1024];
	char *tmp = n <= sizeof(stack) ? stack : malloc(n);
	if (!tmp) {
		keep_err(t, -ENOMEM);
		return;
	}
	field_line_in(t, line, n, tmp);
	if (tmp != stack)
		free(tmp);
}

/* Header lines before the first structure. */
static void header_line(text_parser *t, const char *line, size_t n)
{
	const char *p = memmem(line, n, "# dmidecode ", 12);
	if (p) {
		ca_cursor c = ca_cursor_make(p + 12, n - (size_t)(p + 12 - line));
		const char *start = c.p;
		while (c.p < c.end && *c.p != ' ' && *c.p != '\r' && *c.p != '\t')
			c.p++;
		size_t vlen = (size_t)(c.p - start);
		if (vlen && vlen < sizeof(t->h->tool_version)) {
			memcpy(t->h->tool_version, start, vlen);
			t->h->tool_version[vlen] = '\0';
		}
		return;
	}
	if (memmem(line, n, "No SMBIOS nor DMI entry point found", 35)) {
		t->saw_no_smbios = true;
		return;
	}
	ca_cursor c = ca_cursor_make(line, n);
	if (ca_cursor_lit(&c, "SMBIOS ") || ca_cursor_lit(&c, "Legacy DMI ")) {
		const char *start = c.p;
		while (c.p < c.end && *c.p != ' ')
			c.p++;
		size_t vlen = (size_t)(c.p - start);
		if (vlen && vlen < sizeof(t->h->smbios_version) && ca_cursor_lit(&c, " present")) {
			memcpy(t->h->smbios_version, start, vlen);
			t->h->smbios_version[vlen] = '\0';
		}
	}
}

#define TEXT_SNIFF_BYTES (256u * 1024u)

bool cai_dmidecode_text_sniff(const uint8_t *buf, size_t len)
{
	size_t sniff = len < TEXT_SNIFF_BYTES ? len : TEXT_SNIFF_BYTES;
	return memmem(buf, sniff, "Handle 0x", 9) || memmem(buf, sniff, "# dmidecode", 11) ||
	       memmem(buf, sniff, "No SMBIOS nor DMI entry point", 29);
}

int cai_dmidecode_text_read(ca_host *h, const uint8_t *buf, size_t len)
{
	return ca_dmidecode_text_read(h, (const char *)buf, len);
}

int ca_dmidecode_text_read(ca_host *h, const char *buf, size_t len)
{
	text_parser t = {.h = h, .buf = buf, .len = len};
	h->format = CA_FORMAT_DMIDECODE_TEXT;
	const char *p = buf, *end = buf + len;
	bool seen_handle = false;

	while (p < end && t.err == 0) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *line_end = nl ? nl : end;
		size_t n = (size_t)(line_end - p);
		if (n && p[n - 1] == '\r')
			n--;
		t.lineno++;
		t.line_offset = p - buf;

		if (n >= 9 && memcmp(p, "Handle 0x", 9) == 0) {
			seen_handle = true;
			handle_line(&t, p, n);
		} else if (t.state == STATE_OUTSIDE) {
			if (!seen_handle) {
				header_line(&t, p, n);
			} else {
				/* Skip the rest of a structure we do not keep: jump to the next
				 * "Handle" line. Line counting continues for diagnostics. */
				const char *next = memmem(p, (size_t)(end - p), "\nHandle 0x", 10);
				const char *stop = next ? next + 1 : end;
				for (const char *q = p; q < stop; q++) {
					q = memchr(q, '\n', (size_t)(stop - q));
					if (!q)
						break;
					t.lineno++;
				}
				t.lineno--; /* the loop header counts the next line itself */
				p = stop;
				continue;
			}
		} else if (is_blank(p, n)) {
			if (t.state == STATE_FIELDS || t.state == STATE_WANT_TITLE)
				finish_record(&t);
		} else if (t.state == STATE_WANT_TYPE) {
			type_line(&t, p, n);
		} else if (t.state == STATE_WANT_TITLE) {
			title_line(&t, p, n);
		} else {
			field_line(&t, p, n);
		}
		p = nl ? nl + 1 : end;
	}
	if (t.err == 0)
		finish_record(&t);
	else
		cai_host_record_abort(h);

	if (t.err == -ENOMEM)
		return -ENOMEM;
	if (t.records == 0) {
		if (t.saw_no_smbios)
			cai_host_diag(h, CA_DIAG_ERROR, "text.no-smbios", -1, 0, -1,
				  "dmidecode found no SMBIOS or DMI entry point on that machine "
				  "(\"No SMBIOS nor DMI entry point found\"): there is no inventory to read");
		else if (!seen_handle)
			cai_host_diag(h, CA_DIAG_ERROR, "text.no-structures", 0, 0, -1,
				  "no dmidecode structure (a line starting \"Handle 0x\") in %zu bytes of input",
				  len);
		else
			cai_host_diag(h, CA_DIAG_ERROR, "text.no-inventory", 0, 0, -1,
				  "the dmidecode output holds no BIOS, system, board, chassis, processor or "
				  "memory structure");
		return -EBADMSG;
	}
	return 0;
}
