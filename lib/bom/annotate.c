/* SPDX-License-Identifier: MIT */
/* The annotated copy of a list (chipaudit/assess.h, ca_bom_annotation):
 * the input as it was, plus the verdict, maker, owner, rule and evidence
 * of each line. A CSV/TSV list is read again by the same streamed reader
 * (lib/bom/csv.c) in step with the parts screened, each row copied as its
 * bytes were (quoting, line ends, multi-line cells) with the new cells
 * before its line end, written back in the input's encoding; cells that a
 * spreadsheet would run as a formula get a leading '. An XLSX workbook is
 * copied part by part (libzip), the screened sheets' XML with inline
 * string cells appended to their rows. */
#include "bom/bom.h"
#include "chipaudit/assess.h"
#include "chipaudit/rules.h"
#include "util/file.h"

#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zip.h>

#define NOTE_COLUMNS 5

/* The verdict of a line, worst last. */
enum { V_NONE = 0, V_PASS, V_UNKNOWN, V_WAIVED, V_INFO, V_WARN, V_FAIL };
static const char *const verdict_names[] = {"not-screened", "pass", "unknown", "waived",
					    "info",         "warn", "fail"};

/* The names of the added columns; Chinese when the header's role columns
 * are named in Chinese. {date} is the date owners are judged on. */
static const char *const names_en[NOTE_COLUMNS] = {"chipaudit verdict", "chipaudit maker",
						   "chipaudit owner on ", "chipaudit rule",
						   "chipaudit evidence"};
static const char *const names_zh[NOTE_COLUMNS] = {"chipaudit 结论", "chipaudit 制造商",
						   "chipaudit 所属方 ", "chipaudit 规则",
						   "chipaudit 依据"};

/* One component's note: where it is (sheet 0 for a CSV/TSV list) and
 * what to write (pointers into the assessment being written). */
typedef struct note {
	unsigned sheet, line;
	size_t order;
	int verdict;
	const char *maker, *owner, *rule;
	const ca_maker *answer; /* its evidence, or NULL */
} note;

enum { KIND_CSV, KIND_XLSX };

/* An output text of a cell being merged ("a; b"). */
typedef struct cell_text {
	char buf[2048];
	size_t len;
} cell_text;

struct ca_bom_annotation {
	char *path, *out, *tmp, *columns;
	int kind;
	bool committed, failed;
	char as_of[16];
	ca_host *h; /* diagnostics of the second reading (the report has them already) */
	/* notes of the part being written, sorted by place */
	note *notes;
	size_t n_notes;
	/* CSV/TSV */
	int in_fd, out_fd;
	cai_bom_csv csv;
	bool csv_open, csv_end;
	iconv_t cd;              /* UTF-8 to the input's encoding, or (iconv_t)-1 */
	int64_t copied;          /* the input (file, or the converted text) copied up to here */
	unsigned upto;           /* stop before the row at this line (0: none) */
	bool paused;
	int err;
	bool header_seen;
	unsigned rows;
	size_t header_n;
	char obuf[65536];
	size_t olen;
	cell_text cells[NOTE_COLUMNS]; /* the row being written */
	/* the neutraliser (see feed()) */
	int st;
	char pend[64];
	size_t n_pend;
	bool pending;
	/* XLSX */
	uint8_t *xbuf;
	size_t xlen;
};

static void say(char **ret_error, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(char **ret_error, const char *fmt, ...)
{
	if (!ret_error)
		return;
	va_list ap;
	va_start(ap, fmt);
	if (vasprintf(ret_error, fmt, ap) < 0)
		*ret_error = NULL;
	va_end(ap);
}

/* ------------------------------------------------------------- output */

/* Writes the output buffer to the file. Returns 0 or -errno. */
static int out_flush(ca_bom_annotation *w)
{
	size_t done = 0;
	while (done < w->olen) {
		ssize_t n = write(w->out_fd, w->obuf + done, w->olen - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		done += (size_t)n;
	}
	w->olen = 0;
	return 0;
}

/* Appends raw bytes (already in the output's encoding). */
static void out_raw(ca_bom_annotation *w, const char *s, size_t n)
{
	while (n && !w->err) {
		if (w->olen == sizeof(w->obuf)) {
			int rc = out_flush(w);
			if (rc < 0) {
				w->err = rc;
				return;
			}
		}
		size_t k = sizeof(w->obuf) - w->olen;
		if (k > n)
			k = n;
		memcpy(w->obuf + w->olen, s, k);
		w->olen += k;
		s += k;
		n -= k;
	}
}

/* Appends UTF-8 text, converted to the input's encoding. */
static void out_text(ca_bom_annotation *w, const char *s, size_t n)
{
	if (w->cd == (iconv_t)-1) {
		out_raw(w, s, n);
		return;
	}
	char *in = (char *)(uintptr_t)s;
	size_t left = n;
	while (left && !w->err) {
		char tmp[4096];
		char *o = tmp;
		size_t room = sizeof(tmp);
		size_t r = iconv(w->cd, &in, &left, &o, &room);
		int e = errno;
		out_raw(w, tmp, (size_t)(o - tmp));
		if (r == (size_t)-1 && e != E2BIG) {
			/* not UTF-8 (cannot happen: the text was converted from it or
			 * scrubbed): one byte becomes '?' */
			out_text(w, "?", 1);
			in++;
			left--;
		}
	}
}

/* ------------------------------------------------------- neutraliser */

/* Cells that start with = + - @ (or a tab or carriage return) run as
 * formulas in a spreadsheet: the neutraliser copies CSV text and puts a '
 * before such a cell's first character (inside its quotes when quoted).
 * An unquoted cell that is a plain number (-5, +1.25) is left alone: it
 * is held in pend until its end shows which it is. */
enum { N_START, N_PLAIN, N_QFIRST, N_QUOTED, N_QUOTE_SEEN };

static bool hostile(char c) { return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r'; }

static bool plain_number(const char *s, size_t n, char delim)
{
	size_t i = 1, digits = 0;
	bool point = false;
	for (; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else if ((s[i] == '.' || s[i] == ',') && s[i] != delim && !point && digits)
			point = true;
		else
			return false;
	}
	return digits && (s[n - 1] >= '0' && s[n - 1] <= '9');
}

/* Ends a held cell: the number as it is, anything else after a '. */
static void pend_end(ca_bom_annotation *w)
{
	if (!w->pending)
		return;
	w->pending = false;
	if (!plain_number(w->pend, w->n_pend, w->csv.delim))
		out_text(w, "'", 1);
	out_text(w, w->pend, w->n_pend);
	w->n_pend = 0;
}

/* Copies CSV text s[0..n) through the neutraliser (its state carries from
 * call to call; neut_reset() at a row's start). */
static void feed(ca_bom_annotation *w, const char *s, size_t n)
{
	char delim = w->csv.delim;
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (w->pending) {
			if (c != delim && c != '\n' && c != '\r' && w->n_pend < sizeof(w->pend)) {
				w->pend[w->n_pend++] = c;
				run = i + 1;
				continue;
			}
			pend_end(w);
			run = i;
		}
		switch (w->st) {
		case N_START:
			if (c == '"') {
				w->st = N_QFIRST;
			} else if (c == delim || c == '\n' || c == '\r') {
				/* an empty cell; a row's end */
			} else if (c == '+' || c == '-') {
				out_text(w, s + run, i - run);
				w->pending = true;
				w->pend[0] = c;
				w->n_pend = 1;
				w->st = N_PLAIN;
				run = i + 1;
			} else {
				if (hostile(c)) {
					out_text(w, s + run, i - run);
					out_text(w, "'", 1);
					run = i;
				}
				w->st = N_PLAIN;
			}
			break;
		case N_PLAIN:
			if (c == delim || c == '\n' || c == '\r')
				w->st = N_START;
			break;
		case N_QFIRST:
			if (c == '"') {
				w->st = N_QUOTE_SEEN;
				break;
			}
			if (hostile(c)) {
				out_text(w, s + run, i - run);
				out_text(w, "'", 1);
				run = i;
			}
			w->st = N_QUOTED;
			break;
		case N_QUOTED:
			if (c == '"')
				w->st = N_QUOTE_SEEN;
			break;
		case N_QUOTE_SEEN:
			w->st = c == '"' ? N_QUOTED : c == delim || c == '\n' || c == '\r' ? N_START : N_PLAIN;
			break;
		}
	}
	if (!w->pending)
		out_text(w, s + run, n - run);
}

static void neut_reset(ca_bom_annotation *w)
{
	pend_end(w);
	w->st = N_START;
}

/* Writes one cell the tool makes: quoted when it holds the delimiter, a
 * quote or a line end, neutralised as copied cells are. */
static void put_cell(ca_bom_annotation *w, const char *v)
{
	char delim = w->csv.delim;
	out_text(w, &delim, 1);
	size_t len = strlen(v);
	bool has_quote = memchr(v, '"', len) != NULL;
	bool quote = has_quote || memchr(v, delim, len) || strpbrk(v, "\n\r");
	if (quote)
		out_text(w, "\"", 1);
	if (hostile(*v))
		out_text(w, "'", 1);
	if (!has_quote) {
		out_text(w, v, len);
	} else {
		for (const char *p = v; *p; p++) {
			const char *q = strchrnul(p, '"');
			out_text(w, p, (size_t)(q - p));
			if (!*q)
				break;
			out_text(w, "\"\"", 2);
			p = q;
		}
	}
	if (quote)
		out_text(w, "\"", 1);
}

/* -------------------------------------------------------------- notes */

static int note_cmp(const void *x, const void *y)
{
	const note *a = x, *b = y;
	if (a->sheet != b->sheet)
		return a->sheet < b->sheet ? -1 : 1;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

/* The answer that names a component's maker: the first known one
 * (module, then DRAM), else the first (unknown, with its reason). */
static const ca_maker *answer_of(const ca_component *c)
{
	for (size_t k = 0; k < c->n_makers; k++)
		if (c->makers[k].answer.confidence != CA_CONFIDENCE_NONE)
			return &c->makers[k].answer;
	return c->n_makers ? &c->makers[0].answer : NULL;
}

/* Evidence of an answer as one cell ("Manufacturer "Micron" is a name of
 * Micron (name-alias, high)") in buf. */
static const char *evidence_of(const ca_maker *m, char *buf, size_t size)
{
	if (!m)
		return "";
	if (m->confidence == CA_CONFIDENCE_NONE)
		return m->evidence;
	const char *parts[] = {m->evidence, " (", m->method, ", ", ca_confidence_name(m->confidence), ")"};
	size_t n = 0;
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		size_t k = strlen(parts[i]);
		if (k > size - 1 - n)
			k = size - 1 - n;
		memcpy(buf + n, parts[i], k);
		n += k;
	}
	buf[n] = '\0';
	return buf;
}

/* The notes of a's components, sorted by place: one per line and
 * alternate, one per finding on it (its rule and the attribution the rule
 * matched). They point into a, which must outlive them. */
static int make_notes(ca_bom_annotation *w, const ca_assessment *a)
{
	free(w->notes);
	w->notes = NULL;
	w->n_notes = 0;
	size_t n = ca_assessment_component_count(a);
	const ca_findings *f = ca_assessment_findings(a);
	size_t nf = f ? ca_findings_count(f) : 0;
	if (!n)
		return 0;
	const ca_component *first = ca_assessment_component(a, 0);
	note *notes = malloc((n + nf) * sizeof(note));
	int *verdict = calloc(n, sizeof(*verdict));
	if (!notes || !verdict) {
		free(notes);
		free(verdict);
		return -ENOMEM;
	}
	bool judged = ca_policy_profile(ca_assessment_policy(a)) != NULL;
	for (size_t i = 0; i < nf; i++) {
		const ca_finding *x = ca_findings_at(f, i);
		if (!x->component || x->component->kind != CA_COMPONENT_BOM_LINE)
			continue;
		size_t k = (size_t)(x->component - first);
		int v = x->waived ? V_WAIVED
			: x->severity == CA_SEVERITY_FAIL ? V_FAIL
			: x->severity == CA_SEVERITY_WARN ? V_WARN
							  : V_INFO;
		if (k < n && v > verdict[k])
			verdict[k] = v;
	}
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		const ca_component *c = ca_assessment_component(a, i);
		if (c->kind != CA_COMPONENT_BOM_LINE)
			continue;
		const char *sheet = c->record ? ca_record_value(c->record, "Sheet") : NULL;
		const ca_maker *ans = answer_of(c);
		bool known = ans && ans->confidence != CA_CONFIDENCE_NONE;
		int v = verdict[i];
		if (v == V_NONE && judged)
			v = known ? V_PASS : V_UNKNOWN;
		notes[m] = (note){.sheet = sheet ? (unsigned)strtoul(sheet + 5, NULL, 10) : 0,
				  .line = c->bom_line,
				  .order = m,
				  .verdict = v,
				  .maker = known ? ans->maker_name : "",
				  .owner = known ? ans->owner_name : "",
				  .rule = "",
				  .answer = ans};
		m++;
	}
	for (size_t i = 0; i < nf; i++) {
		const ca_finding *x = ca_findings_at(f, i);
		if (!x->component || x->component->kind != CA_COMPONENT_BOM_LINE)
			continue;
		const ca_component *c = x->component;
		const char *sheet = c->record ? ca_record_value(c->record, "Sheet") : NULL;
		const ca_maker *ans = x->maker ? x->maker : answer_of(c);
		notes[m] = (note){.sheet = sheet ? (unsigned)strtoul(sheet + 5, NULL, 10) : 0,
				  .line = c->bom_line,
				  .order = m,
				  .verdict = V_NONE,
				  .maker = ans ? ans->maker_name : "",
				  .owner = ans ? ans->owner_name : "",
				  .rule = x->rule->id,
				  .answer = ans};
		m++;
	}
	free(verdict);
	qsort(notes, m, sizeof(*notes), note_cmp);
	w->notes = notes;
	w->n_notes = m;
	return 0;
}

/* Adds item to a "; "-separated cell unless it is there already. */
static void cell_add(cell_text *t, const char *item)
{
	if (!item || !*item)
		return;
	size_t n = strlen(item);
	for (const char *p = t->buf; (p = strstr(p, item)) != NULL; p += n)
		if ((p == t->buf || p[-1] == ' ') && (p[n] == '\0' || p[n] == ';'))
			return;
	size_t room = sizeof(t->buf) - 1 - t->len;
	if (t->len && room >= 2) {
		memcpy(t->buf + t->len, "; ", 2);
		t->len += 2;
		room -= 2;
	}
	if (n > room)
		n = room;
	memcpy(t->buf + t->len, item, n);
	t->len += n;
	t->buf[t->len] = '\0';
}

/* The cells of the row at sheet/line: its notes merged (the worst verdict;
 * makers, owners, rules and evidence listed once each). Returns false when
 * the row has no note. */
static bool row_cells(ca_bom_annotation *w, unsigned sheet, unsigned line, cell_text t[NOTE_COLUMNS])
{
	size_t lo = 0, hi = w->n_notes;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const note *x = &w->notes[mid];
		if (x->sheet < sheet || (x->sheet == sheet && x->line < line))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == w->n_notes || w->notes[lo].sheet != sheet || w->notes[lo].line != line)
		return false;
	int verdict = V_NONE;
	for (int k = 0; k < NOTE_COLUMNS; k++)
		t[k].len = 0, t[k].buf[0] = '\0';
	for (size_t i = lo; i < w->n_notes && w->notes[i].sheet == sheet && w->notes[i].line == line; i++) {
		const note *x = &w->notes[i];
		if (x->verdict > verdict)
			verdict = x->verdict;
		cell_add(&t[1], x->maker);
		cell_add(&t[2], x->owner);
		cell_add(&t[3], x->rule);
		char ev[1024];
		cell_add(&t[4], evidence_of(x->answer, ev, sizeof(ev)));
	}
	cell_add(&t[0], verdict_names[verdict]);
	return true;
}

/* True when s holds a CJK ideograph (U+4E00 to U+9FFF). */
static bool has_cjk(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p >= 0xE4 && *p <= 0xE9 && (p[1] & 0xC0) == 0x80)
			return true;
	return false;
}

/* The header decides the language of the added names: Chinese when a
 * cell of its maker, part or description column is. */
static bool header_chinese(char *const *cells, size_t n, const cai_bom_columns *c)
{
	for (int r = CAI_BOM_MAKER; r <= CAI_BOM_DESC; r++)
		if (c->col[r] >= 0 && (size_t)c->col[r] < n && has_cjk(cells[c->col[r]]))
			return true;
	return false;
}

/* The name of added column k ("chipaudit owner on 2026-11-30"). */
static const char *column_name(ca_bom_annotation *w, bool chinese, int k, char *buf, size_t size)
{
	const char *name = (chinese ? names_zh : names_en)[k];
	if (k != 2)
		return name;
	snprintf(buf, size, "%s%s", name, w->as_of);
	return buf;
}

/* Where a row stands, as the table layer (cai_bom_table_feed) decides:
 * 0 a preamble row, 1 the header, 2 a data row. */
static int row_kind(ca_bom_annotation *w, char *const *cells, size_t n, bool *ret_chinese)
{
	if (w->header_seen)
		return 2;
	if (w->rows >= CAI_BOM_HEADER_ROWS)
		return 0; /* the reader gave up looking for a header */
	w->rows++;
	cai_bom_columns hc;
	if (cai_bom_header(cells, n, &hc) > 0) {
		w->header_seen = true;
		*ret_chinese = header_chinese(cells, n, &hc);
		return 1;
	}
	if (w->columns) {
		w->header_seen = true;
		return 2;
	}
	return 0;
}

/* ----------------------------------------------------------- CSV/TSV */

/* Copies the input from w->copied to offset to (rows the reader skipped,
 * the byte order mark, the rest after the last row) through the
 * neutraliser, from the converted text or the file. */
static void copy_to(ca_bom_annotation *w, int64_t to)
{
	if (to <= w->copied)
		return;
	if (w->csv.fd < 0) {
		feed(w, w->csv.buf + w->copied, (size_t)(to - w->copied));
		w->copied = to;
		return;
	}
	char buf[65536];
	while (w->copied < to && !w->err) {
		size_t want = (size_t)(to - w->copied) < sizeof(buf) ? (size_t)(to - w->copied) : sizeof(buf);
		ssize_t n = pread(w->in_fd, buf, want, w->copied);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			w->err = n < 0 ? -errno : -EIO;
			return;
		}
		if (w->copied < 3 && to >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 && w->copied == 0) {
			out_raw(w, buf, 3); /* the byte order mark, never a cell */
			feed(w, buf + 3, (size_t)n - 3);
		} else {
			feed(w, buf, (size_t)n);
		}
		w->copied += n;
	}
}

/* The reader's row hook: the row's own bytes, then the new cells. */
static int csv_row(void *ctx, char *const *cells, size_t n, unsigned line, const char *where,
		   int64_t offset)
{
	(void)where;
	ca_bom_annotation *w = ctx;
	cai_bom_csv *s = &w->csv;
	neut_reset(w);
	copy_to(w, offset);
	neut_reset(w);
	bool chinese = false;
	int kind = row_kind(w, cells, n, &chinese);
	/* the row's text: from its start to the reader's position */
	const char *start = s->buf + (offset - s->base), *end = s->c.p;
	const char *body_end = end;
	if (body_end > start && body_end[-1] == '\n')
		body_end--;
	if (body_end > start && body_end[-1] == '\r')
		body_end--;
	feed(w, start, (size_t)(body_end - start));
	pend_end(w);
	if (kind == 1) {
		w->header_n = n;
		for (int k = 0; k < NOTE_COLUMNS; k++) {
			char buf[96];
			put_cell(w, column_name(w, chinese, k, buf, sizeof(buf)));
		}
	} else if (kind == 2 && !(n == 1 && !*cells[0])) {
		/* a data row (a blank one stays blank) */
		for (size_t k = n; k < w->header_n; k++)
			out_text(w, &s->delim, 1);
		bool any = row_cells(w, 0, line, w->cells);
		for (int k = 0; k < NOTE_COLUMNS; k++)
			put_cell(w, any ? w->cells[k].buf : "");
	}
	out_text(w, body_end, (size_t)(end - body_end));
	w->copied = offset + (end - start);
	if (w->err)
		return w->err;
	if (w->upto && s->line >= w->upto) {
		w->paused = true;
		return 1;
	}
	return 0;
}

/* Copies rows until the row at line w->upto (0: to the end). */
static int csv_run(ca_bom_annotation *w)
{
	if (w->csv_end || (w->upto && w->csv.line >= w->upto))
		return w->err;
	w->paused = false;
	int rc = cai_bom_csv_part(&w->csv, w->h, SIZE_MAX);
	if (rc < 0 && !w->err)
		w->err = rc;
	if (!w->paused)
		w->csv_end = true; /* the end, or a row the reader cannot go past */
	return w->err;
}

/* A new file beside out (".NAME.annotate-PID-N"), created with mode 0666
 * less the umask. Returns the descriptor or -errno. */
static int make_tmp(ca_bom_annotation *w)
{
	const char *slash = strrchr(w->out, '/');
	int dir_len = slash ? (int)(slash - w->out + 1) : 0;
	const char *base = slash ? slash + 1 : w->out;
	for (int i = 0; i < 100; i++) {
		free(w->tmp);
		if (asprintf(&w->tmp, "%.*s.%s.annotate-%ld-%d", dir_len, w->out, base, (long)getpid(), i) < 0) {
			w->tmp = NULL;
			return -ENOMEM;
		}
		int fd = open(w->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		if (fd >= 0 || errno != EEXIST)
			return fd >= 0 ? fd : -errno;
	}
	return -EEXIST;
}

static int csv_open(ca_bom_annotation *w, char **ret_error)
{
	w->in_fd = cai_file_open(w->path);
	if (w->in_fd < 0) {
		say(ret_error, "cannot read %s: %s", w->path, cai_file_strerror(w->in_fd));
		return w->in_fd;
	}
	int rc = cai_bom_csv_open_fd(&w->csv, w->h, w->in_fd, w->columns);
	w->csv_open = true;
	if (rc < 0) {
		say(ret_error, "%s cannot be read as a list", w->path);
		return rc == -ENOMEM ? rc : -EBADMSG;
	}
	w->csv.t.row_hook = csv_row;
	w->csv.t.row_ctx = w;
	w->out_fd = make_tmp(w);
	if (w->out_fd < 0) {
		say(ret_error, "cannot create a file beside %s: %s", w->out, strerror(-w->out_fd));
		return w->out_fd;
	}
	const char *enc = w->csv.encoding;
	const char *to = strcmp(enc, "gb18030") == 0	? "GB18030"
			 : strcmp(enc, "utf-16le") == 0 ? "UTF-16LE"
			 : strcmp(enc, "utf-16be") == 0 ? "UTF-16BE"
							: NULL;
	if (to) {
		w->cd = iconv_open(to, "UTF-8");
		if (w->cd == (iconv_t)-1) {
			say(ret_error, "cannot convert to %s: %s", enc, strerror(errno));
			return -EIO;
		}
	}
	/* a converted text lost its byte order mark: it is written again */
	if (w->csv.fd < 0 && strcmp(enc, "utf-16le") == 0)
		out_raw(w, "\xFF\xFE", 2);
	else if (w->csv.fd < 0 && strcmp(enc, "utf-16be") == 0)
		out_raw(w, "\xFE\xFF", 2);
	else if (w->csv.fd < 0 && strcmp(enc, "utf-8-bom") == 0)
		out_raw(w, "\xEF\xBB\xBF", 3);
	return 0;
}

/* ---------------------------------------------------------------- XLSX */

/* A growing output buffer of a sheet. */
typedef struct xout {
	char *p;
	size_t len, cap;
	bool failed;
} xout;

static void xput(xout *b, const char *s, size_t n)
{
	if (b->failed)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 65536;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (!p) {
			b->failed = true;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void xputs(xout *b, const char *s) { xput(b, s, strlen(s)); }

/* Text as XML character data: & < > " escaped, characters XML 1.0 cannot
 * hold left out. */
static void xput_text(xout *b, const char *s)
{
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		const char *e = c == '&' ? "&amp;" : c == '<' ? "&lt;" : c == '>' ? "&gt;" : c == '"' ? "&quot;" : NULL;
		if (e)
			xputs(b, e);
		else if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r')
			xput(b, p, 1);
	}
}

/* Column letters of 0-based col ("A", "AB"). */
static void col_name(unsigned col, char out[8])
{
	char tmp[8];
	int n = 0;
	col++;
	while (col && n < 7) {
		tmp[n++] = (char)('A' + (col - 1) % 26);
		col = (col - 1) / 26;
	}
	for (int i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
}

/* 0-based column of the letters at s (stops at the first non-letter), or -1. */
static long col_of(const char *s, const char *end)
{
	long col = 0;
	const char *p = s;
	for (; p < end && *p >= 'A' && *p <= 'Z' && col < 100000; p++)
		col = col * 26 + (*p - 'A' + 1);
	return p == s ? -1 : col - 1;
}

/* What the first reading found of a sheet. */
typedef struct xsheet {
	unsigned num;
	unsigned header_row; /* 0: none */
	bool chinese;
	size_t width;        /* cells in the widest row (last column + 1) */
} xsheet;

typedef struct xscan {
	ca_bom_annotation *w;
	xsheet sheets[256];
	size_t n;
	unsigned current;    /* the sheet of the rows coming */
} xscan;

/* The row hook of the first reading: the header and width of each sheet. */
static int xlsx_row(void *ctx, char *const *cells, size_t n, unsigned line, const char *where,
		    int64_t offset)
{
	(void)offset;
	xscan *x = ctx;
	unsigned num = 0;
	if (sscanf(where, "sheet%u", &num) != 1)
		return 0;
	if (!x->n || x->sheets[x->n - 1].num != num) {
		if (x->n == sizeof(x->sheets) / sizeof(x->sheets[0]))
			return 0;
		x->sheets[x->n++] = (xsheet){.num = num};
		x->w->header_seen = false;
		x->w->rows = 0;
	}
	xsheet *s = &x->sheets[x->n - 1];
	if (n > s->width)
		s->width = n;
	bool chinese = false;
	if (!s->header_row && x->w->rows < CAI_BOM_HEADER_ROWS) {
		int kind = row_kind(x->w, cells, n, &chinese);
		if (kind == 1) {
			s->header_row = line;
			s->chinese = chinese;
		} else if (kind == 2 && !s->header_row) {
			s->header_row = UINT32_MAX; /* --columns: no header row, data from the first */
		}
	}
	return 0;
}

/* A start or end tag in the XML text: its local name, prefix and span. */
typedef struct xtag {
	const char *start, *end; /* '<' and one past '>' */
	const char *prefix;      /* the prefix with its ':', or the name */
	size_t prefix_len;
	const char *name;
	size_t name_len;
	bool closing, empty;
} xtag;

/* The next tag at or after p (comments, processing instructions and CDATA
 * skipped). Returns false at the end. */
static bool next_tag(const char *p, const char *end, xtag *t)
{
	for (;;) {
		p = memchr(p, '<', (size_t)(end - p));
		if (!p)
			return false;
		const char *skip_to = NULL;
		if (end - p >= 4 && memcmp(p, "<!--", 4) == 0)
			skip_to = "-->";
		else if (end - p >= 9 && memcmp(p, "<![CDATA[", 9) == 0)
			skip_to = "]]>";
		else if (end - p >= 2 && (p[1] == '?' || p[1] == '!'))
			skip_to = ">";
		if (skip_to) {
			const char *q = p + 2;
			size_t k = strlen(skip_to);
			while (q + k <= end && memcmp(q, skip_to, k) != 0)
				q++;
			if (q + k > end)
				return false;
			p = q + k;
			continue;
		}
		t->start = p;
		t->closing = p + 1 < end && p[1] == '/';
		const char *q = p + 1 + t->closing, *n0 = q;
		while (q < end && *q != ' ' && *q != '\t' && *q != '\r' && *q != '\n' && *q != '>' && *q != '/')
			q++;
		const char *colon = memchr(n0, ':', (size_t)(q - n0));
		t->prefix = n0;
		t->prefix_len = colon ? (size_t)(colon + 1 - n0) : 0;
		t->name = colon ? colon + 1 : n0;
		t->name_len = (size_t)(q - t->name);
		char quote = 0;
		for (; q < end; q++) {
			if (quote) {
				if (*q == quote)
					quote = 0;
			} else if (*q == '"' || *q == '\'') {
				quote = *q;
			} else if (*q == '>') {
				break;
			}
		}
		if (q >= end)
			return false;
		t->end = q + 1;
		t->empty = q[-1] == '/';
		return true;
	}
}

static bool tag_is(const xtag *t, const char *name)
{
	return t->name_len == strlen(name) && memcmp(t->name, name, t->name_len) == 0;
}

/* The value of attribute name in the tag (not copied), or NULL. */
static const char *tag_attr(const xtag *t, const char *name, size_t *ret_len)
{
	size_t k = strlen(name);
	for (const char *p = t->name + t->name_len; p + k + 2 < t->end; p++) {
		if ((p[-1] == ' ' || p[-1] == '\t' || p[-1] == '\n' || p[-1] == '\r') && memcmp(p, name, k) == 0) {
			const char *q = p + k;
			while (*q == ' ')
				q++;
			if (*q != '=')
				continue;
			q++;
			while (*q == ' ')
				q++;
			if (*q != '"' && *q != '\'')
				continue;
			const char *e = memchr(q + 1, *q, (size_t)(t->end - q - 1));
			if (!e)
				return NULL;
			*ret_len = (size_t)(e - q - 1);
			return q + 1;
		}
	}
	return NULL;
}

/* The widest column any cell of the sheet text names (cells' r attribute). */
static long sheet_max_col(const char *p, const char *end)
{
	long max = -1;
	xtag t;
	while (next_tag(p, end, &t)) {
		p = t.end;
		size_t n;
		const char *r;
		if (!t.closing && tag_is(&t, "c") && (r = tag_attr(&t, "r", &n)) != NULL) {
			long c = col_of(r, r + n);
			if (c > max)
				max = c;
		}
	}
	return max;
}

/* Writes one inline-string cell. */
static void xcell(xout *b, const xtag *row, unsigned col, unsigned line, const char *text)
{
	char ref[8], num[16];
	col_name(col, ref);
	snprintf(num, sizeof(num), "%u", line);
	const char *px = row->prefix;
	size_t pn = row->prefix_len;
	xputs(b, "<");
	xput(b, px, pn);
	xputs(b, "c r=\"");
	xputs(b, ref);
	xputs(b, num);
	xputs(b, "\" t=\"inlineStr\"><");
	xput(b, px, pn);
	xputs(b, "is><");
	xput(b, px, pn);
	xputs(b, "t xml:space=\"preserve\">");
	xput_text(b, text);
	xputs(b, "</");
	xput(b, px, pn);
	xputs(b, "t></");
	xput(b, px, pn);
	xputs(b, "is></");
	xput(b, px, pn);
	xputs(b, "c>");
}

/* The sheet's XML with the added cells: the header row gets the names,
 * each noted row its notes, in columns first..first+4; the dimension and
 * the rows' spans widened to them. */
static int annotate_sheet(ca_bom_annotation *w, const xsheet *s, const char *xml, size_t len, xout *b)
{
	const char *p = xml, *end = xml + len;
	long width = sheet_max_col(xml, end) + 1;
	if ((long)s->width > width)
		width = (long)s->width;
	unsigned first = (unsigned)width, last = first + NOTE_COLUMNS - 1;
	char last_ref[8];
	col_name(last, last_ref);
	unsigned row_no = 0;
	cell_text *t = calloc(NOTE_COLUMNS, sizeof(*t));
	if (!t)
		return -ENOMEM;
	xtag tag;
	while (next_tag(p, end, &tag)) {
		if (!tag.closing && tag_is(&tag, "dimension")) {
			size_t n;
			const char *ref = tag_attr(&tag, "ref", &n);
			if (ref) {
				/* A1:F20 -> A1:<last>20 (rows kept) */
				const char *colon = memchr(ref, ':', n);
				const char *lo_end = colon ? colon : ref + n;
				const char *hi = colon ? colon + 1 : ref;
				const char *digits = hi;
				while (digits < ref + n && *digits >= 'A' && *digits <= 'Z')
					digits++;
				long hi_col = col_of(hi, ref + n);
				xput(b, p, (size_t)(ref - p));
				xput(b, ref, (size_t)(lo_end - ref));
				xputs(b, ":");
				if (hi_col > (long)last) {
					xput(b, hi, (size_t)(ref + n - hi));
				} else {
					xputs(b, last_ref);
					xput(b, digits, (size_t)(ref + n - digits));
				}
				p = ref + n;
			}
			continue;
		}
		if (tag.closing || !tag_is(&tag, "row")) {
			/* only rows change; the rest is copied as it is */
			xput(b, p, (size_t)(tag.end - p));
			p = tag.end;
			continue;
		}
		size_t n;
		const char *r = tag_attr(&tag, "r", &n);
		unsigned long v = r ? strtoul(r, NULL, 10) : 0;
		row_no = v > 0 && v < UINT32_MAX ? (unsigned)v : row_no + 1;
		bool header = s->header_row == row_no;
		bool noted = !header && row_cells(w, s->num, row_no, t);
		if (!header && !noted) {
			xput(b, p, (size_t)(tag.end - p));
			p = tag.end;
			continue;
		}
		/* the start tag, its spans widened */
		xput(b, p, (size_t)(tag.start - p));
		const char *spans = tag_attr(&tag, "spans", &n);
		const char *tag_end = tag.empty ? tag.end - 2 : tag.end - 1;
		if (spans && memchr(spans, ':', n)) {
			const char *colon = memchr(spans, ':', n);
			char num[16];
			snprintf(num, sizeof(num), "%u", last + 1);
			xput(b, tag.start, (size_t)(colon + 1 - tag.start));
			xputs(b, num);
			xput(b, spans + n, (size_t)(tag_end - (spans + n)));
		} else {
			xput(b, tag.start, (size_t)(tag_end - tag.start));
		}
		xputs(b, ">");
		const char *body = tag.end, *body_end = tag.end;
		if (!tag.empty) {
			/* the row's cells, up to its end tag */
			xtag e;
			const char *q = body;
			bool found;
			while ((found = next_tag(q, end, &e)) && !(e.closing && tag_is(&e, "row")))
				q = e.end;
			if (!found) {
				free(t);
				return -EBADMSG;
			}
			body_end = e.start;
			xput(b, body, (size_t)(body_end - body));
			p = e.end;
		} else {
			p = tag.end;
		}
		for (int k = 0; k < NOTE_COLUMNS; k++) {
			char name[96];
			if (!header && !t[k].len)
				continue; /* an empty cell is no cell */
			xcell(b, &tag, first + (unsigned)k, row_no,
			      header ? column_name(w, s->chinese, k, name, sizeof(name)) : t[k].buf);
		}
		xputs(b, "</");
		xput(b, tag.prefix, tag.prefix_len);
		xputs(b, "row>");
	}
	xput(b, p, (size_t)(end - p));
	free(t);
	return b->failed ? -ENOMEM : 0;
}

/* The workbook with its screened sheets annotated, written to w->tmp. */
static int xlsx_write(ca_bom_annotation *w, char **ret_error)
{
	xscan *x = calloc(1, sizeof(*x));
	if (!x)
		return -ENOMEM;
	x->w = w;
	int rc = cai_bom_xlsx_rows(w->h, w->xbuf, w->xlen, xlsx_row, x);
	if (rc < 0) {
		free(x);
		say(ret_error, "%s cannot be read as a workbook", w->path);
		return rc;
	}
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(w->xbuf, w->xlen, 0, &ze);
	zip_t *in = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
	if (!in) {
		if (src)
			zip_source_free(src);
		zip_error_fini(&ze);
		free(x);
		say(ret_error, "%s is not a readable workbook", w->path);
		return -EBADMSG;
	}
	int fd = make_tmp(w);
	if (fd >= 0)
		close(fd);
	int zerr = 0;
	zip_t *out = fd >= 0 ? zip_open(w->tmp, ZIP_CREATE | ZIP_TRUNCATE, &zerr) : NULL;
	if (!out) {
		say(ret_error, "cannot create a file beside %s", w->out);
		zip_discard(in);
		zip_error_fini(&ze);
		free(x);
		return fd < 0 ? fd : -EIO;
	}
	zip_int64_t entries = zip_get_num_entries(in, 0);
	rc = 0;
	for (zip_int64_t i = 0; i < entries && rc == 0; i++) {
		const char *name = zip_get_name(in, (zip_uint64_t)i, 0);
		if (!name) {
			rc = -EBADMSG;
			break;
		}
		size_t nl = strlen(name);
		if (nl && name[nl - 1] == '/') {
			if (zip_dir_add(out, name, ZIP_FL_ENC_GUESS) < 0)
				rc = -EIO;
			continue;
		}
		const xsheet *sheet = NULL;
		unsigned k;
		char tail[8];
		if (sscanf(name, "xl/worksheets/sheet%u%7s", &k, tail) == 2 && strcmp(tail, ".xml") == 0)
			for (size_t j = 0; j < x->n; j++)
				if (x->sheets[j].num == k && x->sheets[j].header_row)
					sheet = &x->sheets[j];
		zip_source_t *s = NULL;
		if (sheet) {
			char *xml;
			size_t xl;
			xout b = {0};
			int r = cai_bom_xlsx_read_part(in, (uint64_t)i, &xml, &xl);
			if (r == 0) {
				r = annotate_sheet(w, sheet, xml, xl, &b);
				free(xml);
			}
			if (r == 0) {
				s = zip_source_buffer(out, b.p, b.len, 1);
				if (!s)
					free(b.p);
			} else {
				free(b.p);
				if (r == -ENOMEM) {
					rc = r;
					break;
				}
				sheet = NULL; /* copied as it is; the report says why it was not read */
			}
		}
		if (!sheet)
			s = zip_source_zip(out, in, (zip_uint64_t)i, 0, 0, -1);
		if (!s || zip_file_add(out, name, s, ZIP_FL_ENC_GUESS) < 0) {
			if (s)
				zip_source_free(s);
			rc = -EIO;
		}
	}
	if (rc == 0 && zip_close(out) < 0) {
		say(ret_error, "cannot write %s: %s", w->tmp, zip_strerror(out));
		rc = -EIO;
	}
	if (rc < 0) {
		zip_discard(out);
		if (ret_error && !*ret_error)
			say(ret_error, "cannot write the annotated workbook: %s", strerror(-rc));
	}
	zip_discard(in);
	zip_error_fini(&ze);
	free(x);
	return rc;
}

/* ---------------------------------------------------------------- API */

int ca_bom_annotation_open(const char *path, const char *out, const char *columns,
			   ca_bom_annotation **ret, char **ret_error)
{
	if (ret_error)
		*ret_error = NULL;
	struct stat si, so;
	if (stat(path, &si) < 0) {
		int e = errno;
		say(ret_error, "cannot read %s: %s", path, strerror(e));
		return -e;
	}
	if (stat(out, &so) == 0) {
		if (S_ISDIR(so.st_mode)) {
			say(ret_error, "%s is a folder: name the annotated file", out);
			return -EISDIR;
		}
		if (si.st_dev == so.st_dev && si.st_ino == so.st_ino) {
			say(ret_error, "%s is the list itself: the annotated copy never replaces its input", out);
			return -EEXIST;
		}
	}
	ca_bom_annotation *w = calloc(1, sizeof(*w));
	if (!w)
		return -ENOMEM;
	w->in_fd = w->out_fd = -1;
	w->cd = (iconv_t)-1;
	w->path = strdup(path);
	w->out = strdup(out);
	w->columns = columns ? strdup(columns) : NULL;
	w->h = ca_host_new();
	if (!w->path || !w->out || (columns && !w->columns) || !w->h) {
		ca_bom_annotation_free(w);
		return -ENOMEM;
	}
	int fd = cai_file_open(path);
	uint8_t head[4096];
	ssize_t n = fd >= 0 ? pread(fd, head, sizeof(head), 0) : -1;
	if (fd >= 0)
		close(fd);
	if (fd < 0 || n < 0) {
		say(ret_error, "cannot read %s: %s", path, cai_file_strerror(fd < 0 ? fd : -errno));
		ca_bom_annotation_free(w);
		return fd < 0 ? fd : -EIO;
	}
	int rc = 0;
	if (n >= 4 && memcmp(head, "PK\x03\x04", 4) == 0) {
		w->kind = KIND_XLSX;
	} else if (n > 0 && cai_bom_is_json(head, (size_t)n)) {
		say(ret_error, "%s is a CycloneDX document: --annotate writes CSV, TSV and XLSX lists "
			       "only (the report's --format cyclonedx has the findings)",
		    path);
		rc = -EMEDIUMTYPE;
	} else {
		w->kind = KIND_CSV;
		rc = csv_open(w, ret_error);
	}
	if (rc < 0) {
		ca_bom_annotation_free(w);
		return rc;
	}
	*ret = w;
	return 0;
}

int ca_bom_annotation_add(ca_bom_annotation *w, const ca_assessment *a, unsigned next_line,
			  char **ret_error)
{
	if (ret_error)
		*ret_error = NULL;
	if (w->failed)
		return -EINVAL;
	snprintf(w->as_of, sizeof(w->as_of), "%s", ca_policy_as_of(ca_assessment_policy(a)));
	int rc = make_notes(w, a);
	if (rc == 0 && w->kind == KIND_CSV) {
		w->upto = next_line;
		rc = csv_run(w);
		if (rc < 0)
			say(ret_error, "cannot write %s: %s", w->tmp, strerror(-rc));
	} else if (rc == 0 && w->kind == KIND_XLSX && !w->xbuf) {
		int err = 0;
		w->xbuf = cai_file_read(w->path, CA_MAX_INPUT_BYTES, &w->xlen, &err);
		rc = w->xbuf ? xlsx_write(w, ret_error) : err;
		if (!w->xbuf)
			say(ret_error, "cannot read %s: %s", w->path, cai_file_strerror(err));
	}
	if (rc < 0)
		w->failed = true;
	return rc;
}

int ca_bom_annotation_commit(ca_bom_annotation *w, char **ret_error)
{
	if (ret_error)
		*ret_error = NULL;
	if (w->failed)
		return -EINVAL;
	int rc = 0;
	if (w->kind == KIND_CSV) {
		w->upto = 0;
		free(w->notes);
		w->notes = NULL;
		w->n_notes = 0;
		rc = csv_run(w);
		/* what the reader did not go past (an open quote) is copied as it is */
		struct stat st;
		if (rc == 0 && w->csv.fd >= 0 && fstat(w->in_fd, &st) < 0)
			rc = -errno;
		if (rc == 0) {
			neut_reset(w);
			copy_to(w, w->csv.fd < 0 ? (int64_t)w->csv.len : (int64_t)st.st_size);
			pend_end(w);
			rc = w->err;
		}
		if (rc == 0)
			rc = out_flush(w);
		if (rc == 0 && fsync(w->out_fd) < 0)
			rc = -errno;
		if (close(w->out_fd) < 0 && rc == 0)
			rc = -errno;
		w->out_fd = -1;
	} else if (!w->xbuf) {
		rc = -EINVAL; /* nothing was screened */
	}
	if (rc == 0 && rename(w->tmp, w->out) < 0)
		rc = -errno;
	if (rc < 0) {
		say(ret_error, "cannot write %s: %s", w->out, strerror(-rc));
		w->failed = true;
		return rc;
	}
	w->committed = true;
	return 0;
}

void ca_bom_annotation_free(ca_bom_annotation *w)
{
	if (!w)
		return;
	if (w->out_fd >= 0)
		close(w->out_fd);
	if (w->tmp && !w->committed)
		unlink(w->tmp);
	if (w->csv_open)
		cai_bom_csv_close(&w->csv);
	if (w->in_fd >= 0)
		close(w->in_fd);
	if (w->cd != (iconv_t)-1)
		iconv_close(w->cd);
	ca_host_free(w->h);
	free(w->notes);
	free(w->xbuf);
	free(w->path);
	free(w->out);
	free(w->tmp);
	free(w->columns);
	free(w);
}
