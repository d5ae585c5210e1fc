/* SPDX-License-Identifier: MIT */
/* Lists as CSV or TSV: any encoding the text layer reads, the delimiter
 * (comma, semicolon, tab, bar) sniffed, rows fed to the table layer (which
 * finds the header after any preamble), quoted cells across lines. */
#include "bom/bom.h"
#include "util/csv.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BOM_MAX_FIELDS 1024u
#define BOM_MAX_FIELD 4096u

/* The delimiter: of , ; TAB | the one seen most outside quotes in the
 * first 20 lines (ties: tab, comma, semicolon, bar). */
static char sniff_delimiter(const char *s, size_t len)
{
	static const char cand[] = {'\t', ',', ';', '|'};
	size_t count[4] = {0};
	unsigned lines = 0;
	bool quoted = false;
	for (size_t i = 0; i < len && lines < 20; i++) {
		char ch = s[i];
		if (ch == '"')
			quoted = !quoted;
		else if (ch == '\n' && !quoted)
			lines++;
		else if (!quoted)
			for (int k = 0; k < 4; k++)
				count[k] += ch == cand[k];
	}
	int best = 1;
	for (int k = 0; k < 4; k++)
		if (count[k] > count[best])
			best = k;
	return cand[best];
}

static int csv_read(cai_bom_table *tp, const uint8_t *buf, size_t len)
{
	cai_bom_table t = *tp;
	ca_host *h = t.h;
	char *text;
	size_t tlen;
	const char *encoding;
	int64_t bad;
	int rc = cai_bom_to_utf8(buf, len, &text, &tlen, &encoding, &bad);
	if (rc < 0) {
		cai_host_diag(h, CA_DIAG_ERROR, "bom.encoding", -1, 0, -1,
			      "the text cannot be converted to UTF-8");
		return rc == -ENOMEM ? rc : -EBADMSG;
	}
	cai_host_diag(h, CA_DIAG_NOTE, "bom.encoding", -1, 0, -1, "read as %s", encoding);
	if (bad >= 0)
		cai_host_diag(h, CA_DIAG_WARNING, "bom.bad-bytes", bad, 0, -1,
			      "bytes at offset %lld are not %s; they read as U+FFFD", (long long)bad,
			      encoding);
	char delim = sniff_delimiter(text, tlen);
	size_t scratch_size = (size_t)BOM_MAX_FIELDS * 8 + BOM_MAX_FIELD * 16;
	char *scratch = malloc(scratch_size);
	char **f = malloc(BOM_MAX_FIELDS * sizeof(*f));
	if (!scratch || !f) {
		free(scratch);
		free(f);
		free(text);
		return -ENOMEM;
	}
	ca_cursor c = ca_cursor_make(text, tlen);
	unsigned line = 1;
	rc = 0;
	while (rc == 0) {
		unsigned at = line;
		const char *start = c.p;
		int nf = cai_csv_record(&c, delim, scratch, scratch_size, f, BOM_MAX_FIELDS, BOM_MAX_FIELD,
					&line);
		if (nf == 0)
			break;
		if (nf < 0) {
			cai_host_diag(h, CA_DIAG_ERROR, "bom.bad-row", start - text, at, -1, "%s",
				      nf == -E2BIG ? "a cell longer than 4096 bytes or a row of more than "
						     "1024 cells: the row is skipped"
						   : "a quoted cell is not closed before the end of the "
						     "file: the rest is skipped");
			if (nf == -EINVAL)
				break;
			c.p = start;
			line = at;
			cai_csv_skip_line(&c, &line);
			continue;
		}
		char where[32];
		snprintf(where, sizeof(where), "line %u", at);
		rc = cai_bom_table_feed(&t, f, (size_t)nf, at, where, start - text);
	}
	free(scratch);
	free(f);
	free(text);
	if (rc < 0)
		return rc;
	if (t.row_hook)
		return 0;
	return cai_bom_table_end(&t);
}

int cai_bom_csv_read(ca_host *h, const uint8_t *buf, size_t len, const char *columns)
{
	cai_bom_table t;
	if (cai_bom_table_init(&t, h, columns) < 0)
		return -EINVAL;
	return csv_read(&t, buf, len);
}

int cai_bom_csv_rows(ca_host *h, const uint8_t *buf, size_t len, cai_bom_row_hook hook, void *ctx)
{
	cai_bom_table t = {.h = h, .row_hook = hook, .row_ctx = ctx};
	return csv_read(&t, buf, len);
}
