/* SPDX-License-Identifier: MIT */
/*
 * An official Consolidated Screening List download (trade.gov CSV or JSON
 * bulk file) converted into the snapshot format (docs/export.md). The whole
 * download is checked before anything is returned: one malformed record
 * rejects it.
 */
#include "export/export_internal.h"
#include "util/csv.h"
#include "util/date.h"
#include "util/grow.h"

#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CSL_MAX_FIELDS 64u
#define CSL_MAX_FIELD (256u * 1024u)
#define CSL_MAX_RECORDS 2000000u

typedef struct sbuf {
	char *p;
	size_t n, cap;
	bool oom;
} sbuf;

static void sb_add(sbuf *b, const char *s, size_t n)
{
	if (b->oom || cai_grow((void **)&b->p, &b->cap, b->n + n + 1, 1) < 0) {
		b->oom = true;
		return;
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

/* Text for one snapshot field: tabs, line ends and '|' become spaces,
 * runs of spaces one. */
static void sb_field(sbuf *b, const char *s)
{
	size_t start = b->n;
	bool space = true;
	for (; s && *s; s++) {
		char c = *s;
		if (c == '\t' || c == '\n' || c == '\r' || c == '|' || c == ' ') {
			if (!space)
				sb_add(b, " ", 1);
			space = true;
			continue;
		}
		sb_add(b, &c, 1);
		space = false;
	}
	if (b->n > start && b->p[b->n - 1] == ' ')
		b->n--, b->p[b->n] = '\0';
}

static int import_fail(char **ret_error, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int import_fail(char **ret_error, const char *fmt, ...)
{
	if (ret_error) {
		va_list ap;
		va_start(ap, fmt);
		if (vasprintf(ret_error, fmt, ap) < 0)
			*ret_error = NULL;
		va_end(ap);
	}
	return -EINVAL;
}

/* The list code of a CSL source: "Entity List (EL) - Bureau ..." -> "EL". */
static void list_code(const char *source, char *out, size_t cap)
{
	const char *o = strchr(source, '('), *c = o ? strchr(o, ')') : NULL;
	size_t n;
	const char *s;
	if (o && c && c > o + 1) {
		s = o + 1;
		n = (size_t)(c - s);
		if (n > 5 && strcmp(s + n - 5, " List") == 0)
			n -= 5;
		else if (n > 5 && strncmp(s + n - 5, " List", 5) == 0)
			n -= 5;
	} else {
		s = source;
		n = strlen(source);
	}
	size_t k = 0;
	for (size_t i = 0; i < n && k + 1 < cap; i++)
		out[k++] = (s[i] == ' ' || s[i] == '\t') ? '-' : s[i];
	out[k] = '\0';
}

typedef struct lists_seen {
	char code[32][48];
	size_t n;
} lists_seen;

/* The L line of the built-in snapshot for code, if it has one. */
static void list_line(sbuf *b, const char *code, const char *source)
{
	const char *p = cai_export_snapshot, *end = cai_export_snapshot_end;
	size_t cl = strlen(code);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		if (le - p > (ptrdiff_t)(cl + 3) && p[0] == 'L' && p[1] == '\t' && memcmp(p + 2, code, cl) == 0 &&
		    p[2 + cl] == '\t') {
			sb_add(b, p, (size_t)(le - p));
			sb_add(b, "\n", 1);
			return;
		}
		if (p[0] == 'E')
			break; /* the L lines come first */
		p = le + 1;
	}
	sb_add(b, "L\t", 2);
	sb_field(b, code);
	sb_add(b, "\t", 1);
	sb_field(b, source);
	static const char unknown[] = "\tcitation not known to chipaudit: read the source list\t"
				      "effect not known to chipaudit: read the source list\n";
	sb_add(b, unknown, sizeof(unknown) - 1);
}

typedef struct rec {
	const char *source, *number, *name, *fr, *lr, *lp;
	const char *aliases[256];
	size_t n_aliases;
	char countries[64];
} rec;

static void add_country(rec *r, const char *c)
{
	if (!c || strlen(c) != 2 || c[0] < 'A' || c[0] > 'Z' || c[1] < 'A' || c[1] > 'Z')
		return;
	if (strstr(r->countries, c))
		return;
	size_t n = strlen(r->countries);
	if (n + 4 < sizeof(r->countries))
		snprintf(r->countries + n, sizeof(r->countries) - n, "%s%s", n ? "," : "", c);
}

static void emit(sbuf *body, sbuf *head, lists_seen *seen, const rec *r)
{
	char code[48];
	list_code(r->source, code, sizeof(code));
	size_t i;
	for (i = 0; i < seen->n; i++)
		if (strcmp(seen->code[i], code) == 0)
			break;
	if (i == seen->n && seen->n < 32) {
		snprintf(seen->code[seen->n++], sizeof(seen->code[0]), "%s", code);
		list_line(head, code, r->source);
	}
	sb_add(body, "E\t", 2);
	sb_field(body, code);
	sb_add(body, "\t", 1);
	sb_field(body, r->number);
	sb_add(body, "\t", 1);
	sb_field(body, r->name);
	sb_add(body, "\t", 1);
	for (size_t k = 0; k < r->n_aliases; k++) {
		if (k)
			sb_add(body, "|", 1);
		sb_field(body, r->aliases[k]);
	}
	sb_add(body, "\t", 1);
	sb_add(body, r->countries, strlen(r->countries));
	const char *rest[] = {r->fr, r->lr, r->lp};
	for (size_t k = 0; k < 3; k++) {
		sb_add(body, "\t", 1);
		sb_field(body, rest[k]);
	}
	sb_add(body, "\n", 1);
}

static bool blank(const char *s)
{
	if (!s)
		return true;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t')
			return false;
	return true;
}

static int convert_csv(const char *name, const char *buf, size_t len, sbuf *head, sbuf *body, lists_seen *seen,
		       size_t *ret_n, char **ret_error)
{
	ca_cursor c = ca_cursor_make(buf, len);
	char *scratch = malloc(CSL_MAX_FIELD * 4);
	char *f[CSL_MAX_FIELDS];
	if (!scratch)
		return -ENOMEM;
	unsigned line = 1, at = 1;
	int nf = cai_csv_record(&c, ',', scratch, CSL_MAX_FIELD * 4, f, CSL_MAX_FIELDS, CSL_MAX_FIELD, &line);
	enum { C_SOURCE, C_NUMBER, C_NAME, C_ALT, C_ADDR, C_FR, C_LR, C_LP, C_ID, C_N };
	static const char *const cols[C_N] = {"source", "entity_number", "name", "alt_names", "addresses",
					      "federal_register_notice", "license_requirement",
					      "license_policy", "_id"};
	int idx[C_N];
	for (size_t k = 0; k < C_N; k++)
		idx[k] = -1;
	for (int i = 0; i < nf; i++) {
		const char *h = f[i];
		if (i == 0 && (unsigned char)h[0] == 0xEF && (unsigned char)h[1] == 0xBB && (unsigned char)h[2] == 0xBF)
			h += 3;
		for (size_t k = 0; k < C_N; k++)
			if (strcmp(h, cols[k]) == 0)
				idx[k] = i;
	}
	if (nf <= 0 || idx[C_ID] < 0 || idx[C_SOURCE] < 0 || idx[C_NAME] < 0 || idx[C_ALT] < 0) {
		free(scratch);
		return import_fail(ret_error, "%s:1: not a Consolidated Screening List CSV: the header needs "
					      "_id, source, name and alt_names",
				   name);
	}
	int n_head = nf;
	size_t n = 0;
	rec *r = malloc(sizeof(*r));
	if (!r) {
		free(scratch);
		return -ENOMEM;
	}
	int rc = 0;
	for (;;) {
		at = line;
		nf = cai_csv_record(&c, ',', scratch, CSL_MAX_FIELD * 4, f, CSL_MAX_FIELDS, CSL_MAX_FIELD, &line);
		if (nf == 0)
			break;
		if (nf == -EINVAL) {
			rc = import_fail(ret_error, "%s:%u: a quoted field is not closed before the end of the file", name, at);
			break;
		}
		if (nf < 0) {
			rc = import_fail(ret_error, "%s:%u: a record past the size limits (%u fields of %u bytes)", name,
					 at, CSL_MAX_FIELDS, CSL_MAX_FIELD);
			break;
		}
		if (nf == 1 && f[0][0] == '\0')
			continue; /* an empty line */
		if (nf != n_head) {
			rc = import_fail(ret_error, "%s:%u: %d fields where the header has %d", name, at, nf, n_head);
			break;
		}
		if (blank(f[idx[C_NAME]]) || blank(f[idx[C_SOURCE]])) {
			rc = import_fail(ret_error, "%s:%u: a record without a name or a source", name, at);
			break;
		}
		if (++n > CSL_MAX_RECORDS) {
			rc = import_fail(ret_error, "%s:%u: more than %u records", name, at, CSL_MAX_RECORDS);
			break;
		}
		memset(r, 0, sizeof(*r));
		r->source = f[idx[C_SOURCE]];
		r->name = f[idx[C_NAME]];
		r->number = idx[C_NUMBER] >= 0 ? f[idx[C_NUMBER]] : "";
		r->fr = idx[C_FR] >= 0 ? f[idx[C_FR]] : "";
		r->lr = idx[C_LR] >= 0 ? f[idx[C_LR]] : "";
		r->lp = idx[C_LP] >= 0 ? f[idx[C_LP]] : "";
		/* alt_names and addresses are ';'-separated; an address ends with its country */
		for (char *a = f[idx[C_ALT]]; a && *a && r->n_aliases < 256;) {
			char *semi = strchr(a, ';');
			if (semi)
				*semi = '\0';
			while (*a == ' ')
				a++;
			if (*a)
				r->aliases[r->n_aliases++] = a;
			if (!semi)
				break;
			a = semi + 1;
		}
		for (char *a = idx[C_ADDR] >= 0 ? f[idx[C_ADDR]] : NULL; a && *a;) {
			char *semi = strchr(a, ';');
			if (semi)
				*semi = '\0';
			char *comma = strrchr(a, ',');
			char *cc = comma ? comma + 1 : a;
			while (*cc == ' ')
				cc++;
			char code[3] = {0};
			if (strlen(cc) >= 2) {
				memcpy(code, cc, 2);
				if (cc[2] == '\0' || cc[2] == ' ')
					add_country(r, code);
			}
			if (!semi)
				break;
			a = semi + 1;
		}
		emit(body, head, seen, r);
		if (body->oom || head->oom) {
			rc = -ENOMEM;
			break;
		}
	}
	free(r);
	free(scratch);
	*ret_n = n;
	return rc;
}

static const char *jstr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static int convert_json(const char *name, const char *buf, size_t len, sbuf *head, sbuf *body, lists_seen *seen,
			size_t *ret_n, char **ret_error)
{
	json_error_t err;
	json_t *root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &err);
	if (!root)
		return import_fail(ret_error, "%s:%d: not valid JSON: %s", name, err.line, err.text);
	json_t *results = json_is_array(root) ? root : json_object_get(root, "results");
	if (!json_is_array(results)) {
		json_decref(root);
		return import_fail(ret_error, "%s:1: not a Consolidated Screening List: no \"results\" array", name);
	}
	rec *r = malloc(sizeof(*r));
	if (!r) {
		json_decref(root);
		return -ENOMEM;
	}
	int rc = 0;
	size_t n = json_array_size(results);
	if (n > CSL_MAX_RECORDS)
		rc = import_fail(ret_error, "%s: more than %u records", name, CSL_MAX_RECORDS);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		json_t *o = json_array_get(results, i);
		memset(r, 0, sizeof(*r));
		if (!json_is_object(o) || blank(jstr(o, "name")) || blank(jstr(o, "source"))) {
			rc = import_fail(ret_error, "%s: record %zu: not an object with a name and a source", name, i + 1);
			break;
		}
		r->name = jstr(o, "name");
		r->source = jstr(o, "source");
		r->number = jstr(o, "entity_number");
		r->fr = jstr(o, "federal_register_notice");
		r->lr = jstr(o, "license_requirement");
		r->lp = jstr(o, "license_policy");
		json_t *alt = json_object_get(o, "alt_names");
		if (json_is_array(alt)) {
			for (size_t k = 0; k < json_array_size(alt) && r->n_aliases < 256; k++)
				if (json_is_string(json_array_get(alt, k)))
					r->aliases[r->n_aliases++] = json_string_value(json_array_get(alt, k));
		} else if (alt && !json_is_null(alt) && !json_is_string(alt)) {
			rc = import_fail(ret_error, "%s: record %zu: alt_names is neither a list nor text", name, i + 1);
			break;
		} else if (json_is_string(alt) && *json_string_value(alt)) {
			r->aliases[r->n_aliases++] = json_string_value(alt);
		}
		json_t *addr = json_object_get(o, "addresses");
		for (size_t k = 0; json_is_array(addr) && k < json_array_size(addr); k++)
			add_country(r, jstr(json_array_get(addr, k), "country"));
		emit(body, head, seen, r);
		if (body->oom || head->oom)
			rc = -ENOMEM;
	}
	if (rc == 0 && n == 0)
		rc = import_fail(ret_error, "%s: the download holds no records", name);
	free(r);
	json_decref(root);
	*ret_n = n;
	return rc;
}

/* Lists of the built-in snapshot that a CSL download does not hold (Japan's
 * End User List, MOFCOM's lists: codes "JP-..." and "CN-..."): their list,
 * date and entry lines, kept as they are so an import replaces the US lists
 * only and every list keeps its own date. */
static bool carried_code(const char *p, const char *le)
{
	return le - p > 3 && (memcmp(p, "JP-", 3) == 0 || memcmp(p, "CN-", 3) == 0);
}

static void carry_builtin_lists(sbuf *dates, sbuf *lists, sbuf *entries)
{
	const char *p = cai_export_snapshot, *end = cai_export_snapshot_end;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		if (le - p > 2 && (p[0] == 'L' || p[0] == 'E') && p[1] == '\t' && carried_code(p + 2, le))
			sb_add(p[0] == 'L' ? lists : entries, p, (size_t)(le - p) + 1);
		else if (le - p > 7 && memcmp(p, "#\tlist\t", 7) == 0 && carried_code(p + 7, le))
			sb_add(dates, p, (size_t)(le - p) + 1);
		p = le + 1;
	}
}

int ca_export_lists_convert_csl(const char *name, const char *buf, size_t len, const char *vintage,
				char **ret_text, size_t *ret_len, size_t *ret_entries, char **ret_error)
{
	*ret_text = NULL;
	*ret_len = 0;
	*ret_entries = 0;
	if (ret_error)
		*ret_error = NULL;
	if (!vintage || strlen(vintage) != 10 || !cai_date_valid_n(vintage, 10))
		return import_fail(ret_error, "%s: the list date must be written YYYY-MM-DD", name);
	size_t i = 0;
	while (i < len && (buf[i] == ' ' || buf[i] == '\n' || buf[i] == '\r' || buf[i] == '\t'))
		i++;
	sbuf head = {0}, body = {0};
	lists_seen seen = {0};
	size_t n = 0;
	int rc;
	if (i < len && (buf[i] == '{' || buf[i] == '['))
		rc = convert_json(name, buf, len, &head, &body, &seen, &n, ret_error);
	else
		rc = convert_csv(name, buf, len, &head, &body, &seen, &n, ret_error);
	if (rc == 0 && n == 0)
		rc = import_fail(ret_error, "%s: the download holds no records", name);
	if (rc < 0) {
		free(head.p);
		free(body.p);
		return rc;
	}
	sbuf out = {0}, dates = {0}, lists = {0}, entries = {0};
	char line[256];
	snprintf(line, sizeof(line), "# chipaudit screening-list snapshot (format: docs/export.md)\n#\tvintage\t%s\n"
				     "#\tsource\tUS Consolidated Screening List, imported from ",
		 vintage);
	sb_add(&out, line, strlen(line));
	sb_field(&out, name);
	static const char kept[] = "; the METI and MOFCOM lists of the built-in snapshot, each of its own date\n";
	sb_add(&out, kept, sizeof(kept) - 1);
	for (size_t k = 0; k < seen.n; k++) {
		snprintf(line, sizeof(line), "#\tlist\t%s\t%s\n", seen.code[k], vintage);
		sb_add(&out, line, strlen(line));
	}
	carry_builtin_lists(&dates, &lists, &entries);
	sb_add(&out, dates.p ? dates.p : "", dates.n);
	sb_add(&out, head.p ? head.p : "", head.n);
	sb_add(&out, lists.p ? lists.p : "", lists.n);
	sb_add(&out, body.p ? body.p : "", body.n);
	sb_add(&out, entries.p ? entries.p : "", entries.n);
	bool oom = dates.oom || lists.oom || entries.oom;
	free(head.p);
	free(body.p);
	free(dates.p);
	free(lists.p);
	free(entries.p);
	if (out.oom || oom) {
		free(out.p);
		return -ENOMEM;
	}
	*ret_text = out.p;
	*ret_len = out.n;
	*ret_entries = n;
	return 0;
}
