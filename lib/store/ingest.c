/* SPDX-License-Identifier: MIT */
/*
 * Reading reports into the fleet store: a JSON report (docs/report.md) is
 * parsed one host at a time from the stream (jansson's
 * JSON_DISABLE_EOF_CHECK ends each parse at the host's closing brace), so
 * memory is bounded by the largest host, not by the document. JSON Lines is
 * read a line at a time. Evidence is audited and stored as its JSON host.
 */
#include "store_internal.h"

#include "chipaudit/report.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* A JSON Lines line longer than this is refused (a host with 65,536
 * structures of 256 fields stays far below). */
#define INGEST_MAX_LINE (256u << 20)

static void say(ca_ingest_result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void say(ca_ingest_result *r, const char *fmt, ...)
{
	if (r->reason[0])
		return; /* the first refusal is the one kept */
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->reason, sizeof(r->reason), fmt, ap);
	va_end(ap);
}

/* Reads and stores one host object in buf[0..len); a host that is not
 * JSON or lacks what the store reads is a refusal (said in r, with where
 * and at, and base added to the byte offset of a JSON error). */
static int take_host(ca_store *s, cai_rhost *h, const char *buf, size_t len, const cai_scan_meta *m,
		     ca_ingest_result *r, bool *ret_bad, const char *where, long long at, long base)
{
	const char *why;
	size_t off;
	int rc = cai_rhost_parse(h, buf, len, &why, &off);
	if (rc == -ENOMEM)
		return rc;
	if (rc == -EINVAL && base >= 0)
		say(r, "offset %ld: %s %lld: %s", base + (long)off, where, at, why);
	else if (rc == -EINVAL)
		say(r, "%s %lld: column %zu: %s", where, at, off + 1, why);
	else if (rc == 1)
		say(r, "%s %lld: %s", where, at, why);
	if (rc != 0) {
		*ret_bad = true;
		return 0;
	}
	return cai_store_put_host(s, h, m, r);
}

static int skip_ws(FILE *in)
{
	int c;
	do
		c = getc(in);
	while (c == ' ' || c == '\t' || c == '\n' || c == '\r');
	return c;
}

/* Reads a JSON string whose opening quote was read, as a key; only keys of
 * up to len-1 bytes fit (longer ones are cut, which no expected key is). */
static bool read_key(FILE *in, char *key, size_t len)
{
	size_t n = 0;
	for (;;) {
		int c = getc(in);
		if (c == EOF)
			return false;
		if (c == '"')
			break;
		if (c == '\\') {
			c = getc(in);
			if (c == EOF)
				return false;
		}
		if (n + 1 < len)
			key[n++] = (char)c;
	}
	key[n] = '\0';
	return true;
}

/* One JSON value from in, ending exactly where it ends: objects, arrays and
 * strings only (a number or literal would make jansson read past it). */
static json_t *read_value(FILE *in, json_error_t *err)
{
	int c = skip_ws(in);
	if (c != '{' && c != '[' && c != '"') {
		snprintf(err->text, sizeof(err->text), "expected an object, a list or a string");
		err->position = 0;
		return NULL;
	}
	ungetc(c, in);
	return json_loadf(in, JSON_DISABLE_EOF_CHECK | JSON_DECODE_ANY | JSON_ALLOW_NUL, err);
}

/* A growable buffer of one host's text. */
typedef struct text_buf {
	char *text;
	size_t cap;
} text_buf;

/* Copies the JSON object or list that starts at in's next byte, to its
 * closing bracket, into buf (*ret_len bytes). Returns NULL, or why not. */
static const char *capture(FILE *in, text_buf *buf, size_t *ret_len)
{
	size_t n = 0, depth = 0;
	bool string = false;
	int c = getc_unlocked(in);
	if (c != '{' && c != '[')
		return c == EOF ? "the report ends where a host should be" : "'[' or '{' expected";
	for (;;) {
		if (n + 2 > buf->cap) {
			size_t cap = buf->cap ? 2 * buf->cap : 1u << 16;
			if (cap > INGEST_MAX_LINE + 2)
				return "a host is longer than the store takes";
			char *g = realloc(buf->text, cap);
			if (!g)
				return "out of memory";
			buf->text = g;
			buf->cap = cap;
		}
		buf->text[n++] = (char)c;
		if (string) {
			if (c == '\\') {
				if ((c = getc_unlocked(in)) == EOF)
					break;
				buf->text[n++] = (char)c;
			} else if (c == '"') {
				string = false;
			}
		} else if (c == '"') {
			string = true;
		} else if (c == '{' || c == '[') {
			depth++;
		} else if (c == '}' || c == ']') {
			if (--depth == 0) {
				*ret_len = n;
				return NULL;
			}
		}
		if ((c = getc_unlocked(in)) == EOF)
			break;
	}
	return "the report ends inside a host";
}

/* The rest of a JSON report whose '{' and first key "schema_version" were
 * read. */
static int ingest_document(ca_store *s, FILE *in, cai_scan_meta *m, ca_ingest_result *r,
			   bool *bad, cai_rhost *h, text_buf *buf)
{
	char key[64] = "schema_version";
	char *tool = NULL;
	bool version_ok = false, hosts_seen = false;
	int rc = 0;
	json_error_t err;
	for (;;) {
		if (skip_ws(in) != ':') {
			say(r, "offset %ld: expected ':' after \"%s\"", ftell(in), key);
			goto bad;
		}
		long at = ftell(in);
		if (strcmp(key, "hosts") == 0) {
			if (!version_ok) {
				say(r, "offset %ld: \"hosts\" before a \"schema_version\" of 1.x", at);
				goto bad;
			}
			m->tool = tool;
			hosts_seen = true;
			int c = skip_ws(in);
			if (c != '[') {
				say(r, "offset %ld: \"hosts\" is not a list", at);
				goto bad;
			}
			c = skip_ws(in);
			long long n = 0;
			while (c != ']') {
				ungetc(c, in);
				at = ftell(in);
				n++;
				size_t len;
				const char *why = capture(in, buf, &len);
				if (why) {
					say(r, "offset %ld: host %lld: %s", ftell(in), n, why);
					goto bad;
				}
				rc = take_host(s, h, buf->text, len, m, r, bad, "host", n, at);
				if (rc < 0 || *bad)
					goto out;
				c = skip_ws(in);
				if (c == ',')
					c = skip_ws(in);
				else if (c != ']') {
					say(r, "offset %ld: expected ',' or ']' after host %lld",
					    ftell(in), n);
					goto bad;
				}
			}
		} else {
			json_t *v = read_value(in, &err);
			if (!v) {
				say(r, "offset %ld: \"%s\": %s", at + (long)err.position, key, err.text);
				goto bad;
			}
			if (strcmp(key, "schema_version") == 0)
				version_ok = json_is_string(v) &&
					     strncmp(json_string_value(v), "1.", 2) == 0;
			if (strcmp(key, "tool") == 0 && json_is_string(v) && !tool)
				tool = strdup(json_string_value(v));
			bool was_version = strcmp(key, "schema_version") == 0;
			json_decref(v);
			if (was_version && !version_ok) {
				say(r, "offset %ld: not a schema_version 1.x report", at);
				goto bad;
			}
		}
		int c = skip_ws(in);
		if (c == '}')
			break;
		if (c != ',' || skip_ws(in) != '"' || !read_key(in, key, sizeof(key))) {
			say(r, "offset %ld: the report ends or breaks here", ftell(in));
			goto bad;
		}
	}
	if (!hosts_seen) {
		say(r, "the report has no \"hosts\"");
		goto bad;
	}
	if (skip_ws(in) != EOF) {
		say(r, "offset %ld: data after the report", ftell(in));
		goto bad;
	}
	goto out;
bad:
	*bad = true;
out:
	m->tool = NULL;
	free(tool);
	return rc;
}

static int ingest_lines(ca_store *s, FILE *in, cai_scan_meta *m, ca_ingest_result *r, cai_rhost *h)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	long long lineno = 0;
	int rc = 0;
	while (rc == 0 && (len = getline(&line, &cap, in)) >= 0) {
		lineno++;
		size_t k = 0;
		while (k < (size_t)len && strchr(" \t\r\n", line[k]))
			k++;
		if (k == (size_t)len)
			continue; /* blank */
		if ((size_t)len > INGEST_MAX_LINE) {
			say(r, "line %lld: longer than %u bytes", lineno, INGEST_MAX_LINE);
			r->rejected++;
			continue;
		}
		bool bad = false;
		rc = take_host(s, h, line, (size_t)len, m, r, &bad, "line", lineno, -1);
		r->rejected += bad;
	}
	free(line);
	if (rc == 0 && ferror(in))
		rc = -EIO;
	return rc;
}

int ca_store_ingest_report(ca_store *s, FILE *in, const char *origin, const char *host_name,
			   ca_ingest_result *r)
{
	cai_scan_meta m = {.origin = origin, .host_name = host_name};
	long start = ftell(in);
	int c = skip_ws(in);
	char key[64];
	if (c != '{') {
		say(r, c == EOF ? "empty: no report" : "not a JSON report (no '{' at the start)");
		return -EINVAL;
	}
	bool document = skip_ws(in) == '"' && read_key(in, key, sizeof(key)) &&
			strcmp(key, "schema_version") == 0;
	int rc = cai_store_report_begin(s);
	if (rc < 0)
		return rc;
	size_t added = r->added, unchanged = r->unchanged;
	bool bad = false;
	cai_rhost h = {0};
	text_buf buf = {0};
	if (document) {
		rc = ingest_document(s, in, &m, r, &bad, &h, &buf);
	} else if (start < 0 || fseek(in, start, SEEK_SET) != 0) {
		say(r, "a JSON Lines report must be a file that can be read again");
		bad = true;
	} else {
		rc = ingest_lines(s, in, &m, r, &h);
	}
	cai_rhost_release(&h);
	free(buf.text);
	if (bad) {
		/* a bad JSON report stores nothing */
		r->rejected++;
		r->added = added;
		r->unchanged = unchanged;
	}
	int end = cai_store_report_end(s, rc == 0 && !bad, r);
	return rc < 0 ? rc : end;
}

int ca_store_ingest_assessment(ca_store *s, const ca_assessment *a, const char *origin,
			       const char *host_name, ca_ingest_result *r)
{
	char *mem = NULL, *part = NULL;
	size_t mem_len = 0, part_len = 0;
	FILE *f = open_memstream(&mem, &mem_len);
	if (!f)
		return -ENOMEM;
	ca_sink *sink = NULL;
	int rc = ca_sink_open_with("jsonl", f, NULL, &sink);
	if (rc == 0)
		rc = ca_sink_render_host(sink, a, &part, &part_len);
	if (sink)
		ca_sink_close(sink, true);
	fclose(f);
	free(mem);
	if (rc < 0)
		return rc;
	const ca_policy *p = ca_assessment_policy(a);
	char tool[64];
	snprintf(tool, sizeof(tool), "chipaudit %s", CA_VERSION_STRING);
	cai_scan_meta m = {.origin = origin,
			   .host_name = host_name,
			   .tool = tool,
			   .as_of = p ? ca_policy_as_of(p) : NULL,
			   .kb_version = ca_jep106_revision()};
	cai_rhost h = {0};
	rc = cai_store_report_begin(s);
	if (rc == 0) {
		bool bad = false;
		rc = take_host(s, &h, part, part_len, &m, r, &bad, "host", 1, 0);
		r->rejected += bad;
		int end = cai_store_report_end(s, rc == 0 && !bad, r);
		rc = rc < 0 ? rc : end;
	}
	cai_rhost_release(&h);
	free(part);
	return rc;
}
