/* SPDX-License-Identifier: MIT */
#include "test_support.h"

#include "chipaudit/report.h"
#include "util/file.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

uint8_t *file_read(const char *path, size_t *ret_len)
{
	int err;
	return cai_file_read(path, SIZE_MAX - 1, ret_len, &err);
}

const char *fixture_path(const char *rel)
{
	static char path[4096];
	snprintf(path, sizeof(path), "%s/%s", TEST_DATA_DIR, rel);
	return path;
}

uint8_t *fixture_read(const char *rel, size_t *ret_len)
{
	uint8_t *buf = file_read(fixture_path(rel), ret_len);
	if (!buf)
		fail_msg("fixture %s is missing", fixture_path(rel));
	return buf;
}

ca_host *host_from_buffer(const uint8_t *buf, size_t len, int *ret_status)
{
	ca_host *h = ca_host_new();
	assert_non_null(h);
	*ret_status = ca_read_evidence(h, buf, len);
	return h;
}

ca_host *host_from_fixture(const char *rel, int *ret_status)
{
	size_t len;
	uint8_t *buf = fixture_read(rel, &len);
	ca_host *h = host_from_buffer(buf, len, ret_status);
	free(buf);
	return h;
}

static bool type_selected(uint8_t type, const uint8_t *types, size_t n)
{
	if (n == 0)
		return true;
	for (size_t i = 0; i < n; i++)
		if (types[i] == type)
			return true;
	return false;
}

static const ca_record *find_record(const ca_host *h, uint8_t type, uint16_t handle)
{
	for (size_t i = 0; i < ca_host_record_count(h); i++) {
		const ca_record *r = ca_host_record(h, i);
		if (r->type == type && r->handle == handle)
			return r;
	}
	return NULL;
}

host_comparison compare_hosts(const ca_host *a, const ca_host *b, const uint8_t *types,
			      size_t n_types)
{
	host_comparison c = {0};
	for (size_t i = 0; i < ca_host_record_count(a); i++) {
		const ca_record *ra = ca_host_record(a, i);
		if (!type_selected(ra->type, types, n_types))
			continue;
		const ca_record *rb = find_record(b, ra->type, ra->handle);
		if (!rb) {
			c.missing_records++;
			continue;
		}
		c.records_matched++;
		for (size_t k = 0; k < ra->n_fields; k++) {
			const ca_field *fa = &ra->fields[k];
			const ca_field *fb = ca_record_field(rb, fa->name);
			if (!fb)
				continue;
			c.fields_compared++;
			bool same = strcmp(fa->value, fb->value) == 0 && fa->n_items == fb->n_items;
			for (size_t t = 0; same && t < fa->n_items; t++)
				same = strcmp(fa->items[t], fb->items[t]) == 0;
			if (!same && c.mismatches++ == 0)
				snprintf(c.first_mismatch, sizeof(c.first_mismatch),
					 "type %u handle 0x%04X %s: '%s' vs '%s'", ra->type, ra->handle,
					 fa->name, fa->value, fb->value);
		}
		for (size_t k = 0; k < rb->n_fields; k++)
			if (!ca_record_field(ra, rb->fields[k].name))
				c.fields_only_in_b++;
	}
	return c;
}

size_t count_diags(const ca_host *h, const char *code)
{
	size_t n = 0;
	for (size_t i = 0; i < ca_host_diagnostic_count(h); i++)
		if (strcmp(ca_host_diagnostic(h, i)->code, code) == 0)
			n++;
	return n;
}

char *render_buffer(const uint8_t *buf, size_t len, const char *format)
{
	static ca_policy *policy;
	if (!policy && ca_policy_open(NULL, &policy, NULL) < 0)
		return NULL;
	ca_assessment *a;
	if (ca_assessment_new(policy, "buffer", &a) < 0)
		return NULL;
	char *out = NULL;
	size_t out_len;
	ca_sink *sink = NULL;
	FILE *devnull = fopen("/dev/null", "w");
	if (ca_assessment_add_buffer(a, "buffer", buf, len) != -ENOMEM && ca_assessment_finish(a) == 0 &&
	    devnull && ca_sink_open(format, devnull, &sink) == 0 &&
	    ca_sink_render_host(sink, a, &out, &out_len) < 0)
		out = NULL;
	ca_sink_close(sink, false);
	if (devnull)
		fclose(devnull);
	ca_assessment_free(a);
	return out;
}
