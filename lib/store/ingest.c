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

static void say(ca_ingest_result *r, const char *fmt, ...)
{
	if (r->reason[0])
		return; /* the first refusal is the one kept */
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->reason, sizeof(r->reason), fmt, ap);
	va_end(ap);
}

static bool is_string_or_null(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return v && (json_is_string(v) || json_is_null(v));
}

const char *cai_store_check_host(json_t *host)
{
	if (!json_is_object(host))
		return "a host is not a JSON object";
	if (!json_is_string(json_object_get(host, "source")))
		return "a host has no \"source\" string";
	if (!json_is_string(json_object_get(host, "format")))
		return "a host has no \"format\" string";
	if (!is_string_or_null(host, "profile"))
		return "a host's \"profile\" is not a string or null";
	json_t *sys = json_object_get(host, "system");
	if (!sys || !(json_is_object(sys) || json_is_null(sys)))
		return "a host's \"system\" is not an object or null";
	json_t *ev = json_object_get(host, "evidence");
	if (!json_is_array(ev))
		return "a host has no \"evidence\" list";
	size_t i;
	json_t *v;
	json_array_foreach(ev, i, v)
		if (!json_is_object(v) || !json_is_boolean(json_object_get(v, "read")))
			return "an evidence entry has no \"read\" boolean";
	json_t *mds = json_object_get(host, "memory_devices");
	if (!json_is_array(mds))
		return "a host has no \"memory_devices\" list";
	json_array_foreach(mds, i, v) {
		if (!json_is_object(v) || !json_is_boolean(json_object_get(v, "installed")))
			return "a memory device has no \"installed\" boolean";
		static const char *const strs[] = {"locator", "manufacturer", "part_number",
						   "serial_number", "type", "manufacture_date"};
		for (size_t k = 0; k < sizeof(strs) / sizeof(strs[0]); k++)
			if (json_object_get(v, strs[k]) && !is_string_or_null(v, strs[k]))
				return "a memory device's text field is not a string";
		json_t *makers = json_object_get(v, "makers");
		if (makers && !json_is_null(makers)) {
			if (!json_is_object(makers))
				return "a memory device's \"makers\" is not an object";
			const char *role;
			json_t *m;
			json_object_foreach(makers, role, m) {
				if (!json_is_object(m) ||
				    !json_is_string(json_object_get(m, "confidence")))
					return "a maker answer has no \"confidence\"";
				static const char *const mk[] = {"maker_id", "maker", "owner_id",
								 "owner", "method", "evidence"};
				for (size_t k = 0; k < sizeof(mk) / sizeof(mk[0]); k++)
					if (!is_string_or_null(m, mk[k]))
						return "a maker answer's field is missing or not a string";
			}
		}
	}
	json_t *fs = json_object_get(host, "findings");
	if (!fs || !(json_is_array(fs) || json_is_null(fs)))
		return "a host's \"findings\" is not a list or null";
	json_array_foreach(fs, i, v) {
		if (!json_is_object(v))
			return "a finding is not an object";
		static const char *const req[] = {"severity", "rule", "state"};
		for (size_t k = 0; k < sizeof(req) / sizeof(req[0]); k++)
			if (!json_is_string(json_object_get(v, req[k])))
				return "a finding has no \"severity\", \"rule\" or \"state\" string";
		static const char *const opt[] = {"component", "role", "maker_id", "owner", "sentence"};
		for (size_t k = 0; k < sizeof(opt) / sizeof(opt[0]); k++)
			if (!is_string_or_null(v, opt[k]))
				return "a finding's field is missing or not a string";
		if (!json_is_boolean(json_object_get(v, "waived")))
			return "a finding has no \"waived\" boolean";
	}
	return NULL;
}

/* Checks and stores one host; a bad host is a refusal (said in r). */
static int take_host(ca_store *s, json_t *host, const cai_scan_meta *m, ca_ingest_result *r,
		     bool *ret_bad, const char *where, long long at)
{
	const char *why = cai_store_check_host(host);
	if (why) {
		say(r, "%s %lld: %s", where, at, why);
		*ret_bad = true;
		return 0;
	}
	return cai_store_put_host(s, host, m, r);
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

/* The rest of a JSON report whose '{' and first key "schema_version" were
 * read. */
static int ingest_document(ca_store *s, FILE *in, cai_scan_meta *m, ca_ingest_result *r,
			   bool *bad)
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
				json_t *host = json_loadf(in, JSON_DISABLE_EOF_CHECK | JSON_ALLOW_NUL, &err);
				n++;
				if (!host) {
					say(r, "offset %ld: host %lld: %s", at + (long)err.position, n,
					    err.text);
					goto bad;
				}
				rc = take_host(s, host, m, r, bad, "host", n);
				json_decref(host);
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

static int ingest_lines(ca_store *s, FILE *in, cai_scan_meta *m, ca_ingest_result *r)
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
		json_error_t err;
		json_t *host = json_loadb(line, (size_t)len, JSON_ALLOW_NUL, &err);
		if (!host) {
			say(r, "line %lld: column %d: %s", lineno, err.column, err.text);
			r->rejected++;
			continue;
		}
		bool bad = false;
		rc = take_host(s, host, m, r, &bad, "line", lineno);
		json_decref(host);
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
	if (document) {
		rc = ingest_document(s, in, &m, r, &bad);
	} else if (start < 0 || fseek(in, start, SEEK_SET) != 0) {
		say(r, "a JSON Lines report must be a file that can be read again");
		bad = true;
	} else {
		rc = ingest_lines(s, in, &m, r);
	}
	if (bad) {
		/* a bad JSON report stores nothing */
		r->rejected++;
		r->added = added;
		r->unchanged = unchanged;
	}
	int end = cai_store_report_end(s, rc == 0 && !bad);
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
	json_error_t err;
	json_t *host = json_loadb(part, part_len, JSON_ALLOW_NUL, &err);
	free(part);
	if (!host)
		return -ENOMEM; /* our own writer's output: only memory can fail it */
	const ca_policy *p = ca_assessment_policy(a);
	char tool[64];
	snprintf(tool, sizeof(tool), "chipaudit %s", CA_VERSION_STRING);
	cai_scan_meta m = {.origin = origin,
			   .host_name = host_name,
			   .tool = tool,
			   .as_of = p ? ca_policy_as_of(p) : NULL,
			   .kb_version = ca_jep106_revision()};
	rc = cai_store_report_begin(s);
	if (rc == 0) {
		bool bad = false;
		rc = take_host(s, host, &m, r, &bad, "host", 1);
		r->rejected += bad;
		int end = cai_store_report_end(s, rc == 0 && !bad);
		rc = rc < 0 ? rc : end;
	}
	json_decref(host);
	return rc;
}
