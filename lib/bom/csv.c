/* SPDX-License-Identifier: MIT */
/* Lists as CSV or TSV: any encoding the text layer reads, the delimiter
 * (comma, semicolon, tab, bar) sniffed, rows fed to the table layer (which
 * finds the header after any preamble), quoted cells across lines. */
#include "bom/bom.h"
#include "util/csv.h"
#include "util/file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* Rows are parsed only while this much text is in the window (or the
 * file has ended): more than the longest row the caps let through. */
#define BOM_WINDOW (1024u * 1024u)
#define BOM_GUARD (256u * 1024u)

/* The scratch buffers of the row parser. */
static int csv_buffers(cai_bom_csv *s)
{
	size_t scratch_size = (size_t)BOM_MAX_FIELDS * 8 + BOM_MAX_FIELD * 16;
	s->scratch_size = scratch_size;
	s->scratch = malloc(scratch_size);
	s->f = malloc(BOM_MAX_FIELDS * sizeof(*s->f));
	return s->scratch && s->f ? 0 : -ENOMEM;
}

/* Whole-text reading: the text layer's UTF-8 copy of buf, the delimiter. */
static int csv_open_text(cai_bom_csv *s, ca_host *h, const uint8_t *buf, size_t len)
{
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
	s->encoding = encoding;
	s->buf = text;
	s->len = tlen;
	s->eof = true;
	s->c = ca_cursor_make(text, tlen);
	s->delim = sniff_delimiter(text, tlen);
	return csv_buffers(s);
}

int cai_bom_csv_open_buffer(cai_bom_csv *s, ca_host *h, const uint8_t *buf, size_t len,
			    const char *columns)
{
	*s = (cai_bom_csv){.fd = -1, .line = 1, .bad = -1};
	if (cai_bom_table_init(&s->t, h, columns) < 0)
		return -EINVAL;
	return csv_open_text(s, h, buf, len);
}

/* Reads from the file until the window is full or the file ends; new
 * bytes are checked as UTF-8. Returns 0 or -errno. */
static int csv_fill(cai_bom_csv *s)
{
	size_t keep = (size_t)(s->c.end - s->c.p);
	size_t gone = (size_t)(s->c.p - s->buf);
	memmove(s->buf, s->c.p, keep);
	s->base += (int64_t)gone;
	s->checked -= gone;
	s->len = keep;
	while (!s->eof && s->len < BOM_WINDOW) {
		ssize_t n = read(s->fd, s->buf + s->len, BOM_WINDOW - s->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			s->eof = true;
		s->len += (size_t)n;
	}
	int64_t bad = -1;
	size_t from = s->checked;
	s->checked += cai_bom_utf8_scrub((uint8_t *)s->buf + from, s->len - from, s->eof, &bad);
	if (bad >= 0 && s->bad < 0)
		s->bad = s->base + (int64_t)from + bad;
	s->c = ca_cursor_make(s->buf, s->checked);
	return 0;
}

int cai_bom_csv_open_fd(cai_bom_csv *s, ca_host *h, int fd, const char *columns)
{
	*s = (cai_bom_csv){.fd = fd, .line = 1, .bad = -1};
	if (cai_bom_table_init(&s->t, h, columns) < 0)
		return -EINVAL;
	s->buf = malloc(BOM_WINDOW);
	if (!s->buf)
		return -ENOMEM;
	s->c = ca_cursor_make(s->buf, 0);
	int rc = csv_fill(s);
	if (rc < 0) {
		cai_host_diag(h, CA_DIAG_ERROR, "input.read-failed", -1, 0, -1,
			      "cannot read the file: %s", cai_file_strerror(rc));
		return -EBADMSG;
	}
	const uint8_t *b = (const uint8_t *)s->buf;
	bool utf16 = s->len >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF));
	if (utf16 || s->bad >= 0) {
		/* UTF-16 or GB18030: converted whole, as a buffer */
		size_t len = s->len, cap = BOM_WINDOW;
		/* undo the scrub: read the start again */
		uint8_t *all = NULL;
		if (lseek(fd, 0, SEEK_SET) == 0) {
			size_t got = 0;
			int err = 0;
			all = malloc(cap);
			while (all && !err) {
				if (got == cap) {
					if (cap >= CA_MAX_INPUT_BYTES) {
						err = EFBIG;
						break;
					}
					uint8_t *p = realloc(all, cap * 2);
					if (!p) {
						err = ENOMEM;
						break;
					}
					all = p;
					cap *= 2;
				}
				ssize_t n = read(fd, all + got, cap - got);
				if (n < 0 && errno == EINTR)
					continue;
				if (n <= 0) {
					err = n < 0 ? errno : 0;
					break;
				}
				got += (size_t)n;
			}
			len = got;
			if (err) {
				free(all);
				all = NULL;
				cai_host_diag(h, CA_DIAG_ERROR, err == EFBIG ? "input.too-large" : "input.read-failed",
					      -1, 0, -1, "%s", err == EFBIG ? "a list not in UTF-8 larger than 64 MiB: not read" : strerror(err));
				return err == ENOMEM ? -ENOMEM : -EBADMSG;
			}
		}
		if (!all)
			return -ENOMEM;
		free(s->buf);
		s->buf = NULL;
		s->fd = -1;
		rc = csv_open_text(s, h, all, len);
		free(all);
		return rc;
	}
	size_t skip = s->len >= 3 && memcmp(s->buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	s->c.p += skip;
	s->encoding = skip ? "utf-8-bom" : "utf-8";
	cai_host_diag(h, CA_DIAG_NOTE, "bom.encoding", -1, 0, -1, "read as %s", s->encoding);
	s->delim = sniff_delimiter(s->c.p, (size_t)(s->c.end - s->c.p));
	return csv_buffers(s);
}

int cai_bom_csv_part(cai_bom_csv *s, ca_host *h, size_t max_records)
{
	s->t.h = h;
	size_t first = ca_host_record_count(h);
	int rc = 0;
	while (rc == 0) {
		if (s->fd >= 0 && !s->eof && (size_t)(s->c.end - s->c.p) < BOM_GUARD) {
			int err = csv_fill(s);
			if (err < 0) {
				cai_host_diag(h, CA_DIAG_ERROR, "input.read-failed", s->base, s->line, -1,
					      "cannot read the file past offset %lld: %s",
					      (long long)s->base, cai_file_strerror(err));
				return 1;
			}
			if (s->bad >= 0 && !s->bad_said) {
				s->bad_said = true;
				cai_host_diag(h, CA_DIAG_WARNING, "bom.bad-bytes", s->bad, 0, -1,
					      "bytes at offset %lld are not UTF-8 (the list began as "
					      "UTF-8); they read as '?'",
					      (long long)s->bad);
			}
		}
		if (ca_host_record_count(h) - first >= max_records) {
			const char *p = s->c.p;
			while (p < s->c.end && (*p == '\n' || *p == '\r' || *p == ' ' || *p == '\t'))
				p++;
			return s->eof && p == s->c.end ? 1 : 0; /* only blanks left: the end */
		}
		unsigned at = s->line;
		const char *start = s->c.p;
		int64_t offset = s->base + (start - s->buf);
		int nf = cai_csv_record(&s->c, s->delim, s->scratch, s->scratch_size, s->f,
					BOM_MAX_FIELDS, BOM_MAX_FIELD, &s->line);
		if (nf == 0)
			return 1;
		if (nf < 0) {
			cai_host_diag(h, CA_DIAG_ERROR, "bom.bad-row", offset, at, -1, "%s",
				      nf == -E2BIG ? "a cell longer than 4096 bytes or a row of more than "
						     "1024 cells: the row is skipped"
						   : "a quoted cell is not closed before the end of the "
						     "file: the rest is skipped");
			if (nf == -EINVAL)
				return 1;
			s->c.p = start;
			s->line = at;
			cai_csv_skip_line(&s->c, &s->line);
			continue;
		}
		char where[32];
		snprintf(where, sizeof(where), "line %u", at);
		rc = cai_bom_table_feed(&s->t, s->f, (size_t)nf, at, where, offset);
	}
	return rc;
}

void cai_bom_csv_close(cai_bom_csv *s)
{
	free(s->scratch);
	free(s->f);
	free(s->buf);
	s->scratch = NULL;
	s->f = NULL;
	s->buf = NULL;
}

int cai_bom_csv_read(ca_host *h, const uint8_t *buf, size_t len, const char *columns)
{
	cai_bom_csv s;
	int rc = cai_bom_csv_open_buffer(&s, h, buf, len, columns);
	if (rc == 0)
		rc = cai_bom_csv_part(&s, h, SIZE_MAX);
	cai_bom_csv_close(&s);
	if (rc < 0)
		return rc;
	return cai_bom_table_end(&s.t);
}

int cai_bom_csv_rows(ca_host *h, const uint8_t *buf, size_t len, cai_bom_row_hook hook, void *ctx)
{
	cai_bom_csv s;
	int rc = cai_bom_csv_open_buffer(&s, h, buf, len, NULL);
	if (rc == 0) {
		s.t.row_hook = hook;
		s.t.row_ctx = ctx;
		rc = cai_bom_csv_part(&s, h, SIZE_MAX);
	}
	cai_bom_csv_close(&s);
	return rc < 0 ? rc : 0;
}
