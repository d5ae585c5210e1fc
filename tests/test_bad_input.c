/* SPDX-License-Identifier: MIT */
/* Broken evidence: truncated dumps, garbage bytes, broken structures,
 * hostile strings. Nothing crashes, nothing read is lost, every problem is
 * a diagnostic with an offset or line inside the input. The inputs are
 * real fixtures cut or damaged at run time, or bytes from a fixed-seed
 * generator. */
#include "test_support.h"

#include "host_internal.h"
#include "report/sink.h"

#include "chipaudit/report.h"

#include <errno.h>
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static void check_diagnostics_inside(const ca_host *h, size_t len, int status)
{
	size_t errors = 0;
	for (size_t i = 0; i < ca_host_diagnostic_count(h); i++) {
		const ca_diagnostic *d = ca_host_diagnostic(h, i);
		assert_true(d->offset >= -1);
		assert_true(d->offset < 0 || (size_t)d->offset <= len);
		assert_non_null(d->message);
		assert_true(strlen(d->message) > 0);
		errors += d->level == CA_DIAG_ERROR;
	}
	if (status != 0)
		assert_true(errors >= 1);
}

static void test_truncated_dump_every_length(void **state)
{
	(void)state;
	size_t len;
	uint8_t *full = fixture_read("smbios-dump/Lenovo-ThinkPad-T480.bin", &len);
	size_t prev_records = 0;
	for (size_t cut = 0; cut <= len; cut++) {
		uint8_t *buf = malloc(cut ? cut : 1); /* exact size: ASan sees any overread */
		memcpy(buf, full, cut);
		int r;
		ca_host *h = host_from_buffer(buf, cut, &r);
		assert_true(r == 0 || r == -EBADMSG || r == -EMEDIUMTYPE);
		check_diagnostics_inside(h, cut, r);
		/* Everything before the cut is kept: records never go down as input grows. */
		if (r == 0) {
			assert_true(ca_host_record_count(h) >= prev_records);
			prev_records = ca_host_record_count(h);
		}
		if (r == 0 && cut < len - 2)
			assert_true(count_diags(h, "smbios.structure-truncated") +
					    count_diags(h, "smbios.strings-truncated") +
					    count_diags(h, "smbios.table-truncated") >=
				    1);
		ca_host_free(h);
		free(buf);
	}
	assert_true(prev_records >= 8); /* types 0-4, 16 and two 17s */
	free(full);
}

static void test_truncated_text(void **state)
{
	(void)state;
	size_t len;
	uint8_t *full = fixture_read("dmidecode-text/inferit-r1-rdimm-micron-binary-id.txt", &len);
	size_t prev = 0;
	for (size_t cut = 0; cut <= len; cut += 61) {
		char *buf = malloc(cut ? cut : 1);
		memcpy(buf, full, cut);
		ca_host *h = ca_host_new();
		int r = ca_dmidecode_text_read(h, buf, cut);
		assert_true(r == 0 || r == -EBADMSG);
		check_diagnostics_inside(h, cut, r);
		assert_true(ca_host_record_count(h) >= prev);
		prev = ca_host_record_count(h);
		ca_host_free(h);
		free(buf);
	}
	free(full);
}

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static uint64_t next_random(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static void test_garbage(void **state)
{
	(void)state;
	static const char *const prefixes[] = {"", "_SM3_", "_SM_", "_DMI_", "Handle 0x0004, DMI type 17, 92 bytes\n"};
	for (int round = 0; round < 400; round++) {
		size_t len = next_random() % 4096;
		const char *prefix = prefixes[round % 5];
		size_t plen = strlen(prefix);
		uint8_t *buf = malloc(len + plen + 1);
		memcpy(buf, prefix, plen);
		for (size_t i = 0; i < len; i++)
			buf[plen + i] = (uint8_t)next_random();
		int r;
		ca_host *h = host_from_buffer(buf, len + plen, &r);
		assert_true(r == 0 || r == -EBADMSG || r == -EMEDIUMTYPE);
		check_diagnostics_inside(h, len + plen, r);
		char *json = render_buffer(buf, len + plen, "json");
		assert_non_null(json);
		json_error_t err;
		json_t *back = json_loads(json, 0, &err);
		assert_non_null(back);
		json_decref(back);
		free(json);
		ca_host_free(h);
		free(buf);
	}
}

/* Offset of the n-th structure (0-based) of the T480 dump's table. */
static size_t structure_offset(const uint8_t *buf, size_t len, unsigned n)
{
	size_t pos = 0x20;
	for (unsigned i = 0; i < n; i++) {
		pos += buf[pos + 1];
		while (pos + 1 < len && (buf[pos] || buf[pos + 1]))
			pos++;
		pos += 2;
	}
	return pos;
}

static void test_structure_length_below_header(void **state)
{
	(void)state;
	size_t len;
	uint8_t *buf = fixture_read("smbios-dump/Lenovo-ThinkPad-T480.bin", &len);
	size_t off = structure_offset(buf, len, 5);
	buf[off + 1] = 2;
	int r;
	ca_host *h = host_from_buffer(buf, len, &r);
	assert_int_equal(r, 0); /* the five structures before it are kept */
	assert_int_equal(count_diags(h, "smbios.structure-length-invalid"), 1);
	for (size_t i = 0; i < ca_host_diagnostic_count(h); i++)
		if (strcmp(ca_host_diagnostic(h, i)->code, "smbios.structure-length-invalid") == 0)
			assert_int_equal(ca_host_diagnostic(h, i)->offset, (int64_t)off);
	ca_host_free(h);
	free(buf);
}

static void test_bad_string_index(void **state)
{
	(void)state;
	size_t len;
	uint8_t *buf = fixture_read("smbios-dump/Lenovo-ThinkPad-T480.bin", &len);
	/* find the first type 17 structure and point Manufacturer at string 9 */
	size_t off = 0;
	for (unsigned n = 0; n < 200; n++) {
		off = structure_offset(buf, len, n);
		if (buf[off] == 17)
			break;
	}
	assert_int_equal(buf[off], 17);
	buf[off + 0x17] = 9;
	int r;
	ca_host *h = host_from_buffer(buf, len, &r);
	assert_int_equal(r, 0);
	assert_int_equal(count_diags(h, "smbios.bad-string-index"), 1);
	for (size_t i = 0; i < ca_host_record_count(h); i++) {
		const ca_record *rec = ca_host_record(h, i);
		if (rec->type == 17 && rec->offset == (int64_t)off)
			assert_string_equal(ca_record_value(rec, "Manufacturer"), "<BAD INDEX>");
	}
	ca_host_free(h);
	free(buf);
}

static void test_hostile_strings_in_text(void **state)
{
	(void)state;
	/* a 1 MB line, control characters and invalid UTF-8 in a value */
	size_t big = 1 << 20;
	const char *head = "# dmidecode 3.6\nHandle 0x0004, DMI type 17, 92 bytes\nMemory Device\n"
			   "\tSize: 8 GB\n\tPart Number: \x01\xff\xfe\xc3(bad\x1b[31m\n\tManufacturer: ";
	size_t hl = strlen(head);
	char *buf = malloc(hl + big + 2);
	memcpy(buf, head, hl);
	memset(buf + hl, 'A', big);
	buf[hl + big] = '\n';
	ca_host *h = ca_host_new();
	assert_int_equal(ca_dmidecode_text_read(h, buf, hl + big + 1), 0);
	ca_memory_device m;
	assert_int_equal(ca_memory_device_from_record(ca_host_record(h, 0), &m), 0);
	assert_true(m.installed);
	/* kept up to the cap, and the cut said with its line */
	assert_int_equal(strlen(m.manufacturer), CA_MAX_VALUE_BYTES - strlen("\tManufacturer: "));
	const ca_diagnostic *cut = ca_host_diagnostic(h, 0);
	assert_non_null(cut);
	assert_string_equal(cut->code, "text.line-too-long");
	assert_int_equal(cut->line, 6);
	assert_null(strchr(m.part_number, '\x1b'));
	char *json = render_buffer((const uint8_t *)buf, hl + big + 1, "json");
	assert_non_null(json);
	json_error_t err;
	json_t *back = json_loads(json, 0, &err);
	assert_non_null(back);
	json_decref(back);
	free(json);
	ca_host_free(h);
	free(buf);
}

static void test_too_many_structures(void **state)
{
	(void)state;
	size_t n = 70000;
	const char *rec = "Handle 0x0001, DMI type 17, 40 bytes\nMemory Device\n\tSize: 8 GB\n\n";
	size_t rl = strlen(rec);
	char *buf = malloc(n * rl);
	for (size_t i = 0; i < n; i++)
		memcpy(buf + i * rl, rec, rl);
	ca_host *h = ca_host_new();
	int r = ca_dmidecode_text_read(h, buf, n * rl);
	assert_int_equal(r, 0);
	assert_int_equal(ca_host_record_count(h), CA_MAX_RECORDS);
	assert_int_equal(count_diags(h, "text.too-many-structures"), 1);
	ca_host_free(h);
	free(buf);
}

static void test_empty_input(void **state)
{
	(void)state;
	int r;
	ca_host *h = host_from_buffer((const uint8_t *)"", 0, &r);
	assert_int_equal(r, -EMEDIUMTYPE);
	assert_int_equal(count_diags(h, "input.empty"), 1);
	ca_host_free(h);
}

/* Past the diagnostics cap, an error still takes the place of a note: the
 * error that says why evidence failed is never the one dropped. */
static void test_error_survives_the_cap(void **state)
{
	(void)state;
	ca_host *h = ca_host_new();
	for (unsigned i = 0; i < CA_MAX_DIAGNOSTICS + 40; i++)
		cai_host_diag(h, CA_DIAG_NOTE, "test.note", i, 0, -1, "note %u", i);
	cai_host_diag(h, CA_DIAG_ERROR, "test.final", 9999, 0, -1, "the final error");
	assert_int_equal(ca_host_diagnostic_count(h), CA_MAX_DIAGNOSTICS);
	const ca_diagnostic *last = ca_host_diagnostic(h, CA_MAX_DIAGNOSTICS - 1);
	assert_string_equal(last->code, "test.final");
	assert_int_equal(ca_host_diagnostics_dropped(h), 41);
	/* a host full of errors keeps the newest error */
	for (unsigned i = 0; i < CA_MAX_DIAGNOSTICS; i++)
		cai_host_diag(h, CA_DIAG_ERROR, "test.error", i, 0, -1, "error %u", i);
	cai_host_diag(h, CA_DIAG_ERROR, "test.newest", 1, 0, -1, "the newest error");
	assert_string_equal(ca_host_diagnostic(h, CA_MAX_DIAGNOSTICS - 1)->code, "test.newest");
	ca_host_free(h);
}

/* The JSON writer's own string escaping equals jansson's, byte for byte,
 * for every 1- and 2-byte string and for random longer ones (invalid UTF-8
 * first replaced as the report does). */
static void json_expected(const char *s, char **ret)
{
	json_t *j = json_string(s);
	if (!j) { /* invalid UTF-8: the report replaces each bad byte by U+FFFD */
		char fixed[64 * 3 + 1];
		size_t o = 0, n = strlen(s);
		for (size_t i = 0; i < n;) {
			size_t k = 1;
			bool ok = false;
			for (k = 4; k >= 1 && !ok; k--) {
				char probe[5] = {0};
				if (i + k > n)
					continue;
				memcpy(probe, s + i, k);
				json_t *t = json_string(probe);
				ok = t != NULL && strlen(probe) == k;
				json_decref(t);
				if (ok)
					break;
			}
			if (ok) {
				memcpy(fixed + o, s + i, k);
				o += k;
				i += k;
			} else {
				memcpy(fixed + o, "\xEF\xBF\xBD", 3);
				o += 3;
				i++;
			}
		}
		fixed[o] = '\0';
		j = json_string(fixed);
	}
	*ret = cai_json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);
	json_decref(j);
}

static void test_json_string_escaping_equals_jansson(void **state)
{
	(void)state;
	char *got = NULL, *want = NULL;
	size_t len = 0;
	unsigned long tried = 0;
	for (unsigned a = 1; a < 256; a++)
		for (unsigned b = 0; b < 256; b++) {
			char s[3] = {(char)a, (char)b, 0};
			FILE *m = open_memstream(&got, &len);
			cai_json_put_string(m, s);
			fclose(m);
			json_expected(s, &want);
			if (strcmp(got, want) != 0)
				fail_msg("bytes %02X %02X: got %s, jansson %s", a, b, got, want);
			free(got);
			free(want);
			tried++;
		}
	srand(7);
	for (int round = 0; round < 20000; round++) {
		char s[17];
		int n = 1 + rand() % 16;
		for (int i = 0; i < n; i++)
			s[i] = (char)(1 + rand() % 255);
		s[n] = 0;
		FILE *m = open_memstream(&got, &len);
		cai_json_put_string(m, s);
		fclose(m);
		json_expected(s, &want);
		assert_string_equal(got, want);
		free(got);
		free(want);
		tried++;
	}
	assert_true(tried > 80000);
	/* C1, bidi and separators escaped, the rest of the text as it is */
	static const char *const cases[][2] = {
		{"a\xC2\x9B" "31m", "\"a\\u009B31m\""},
		{"x\xE2\x80\xAEy", "\"x\\u202Ey\""},
		{"\xE2\x81\xA6\xE2\x80\xA8", "\"\\u2066\\u2028\""},
		{"\xE9\x95\x81\xE5\x85\x89", "\"\xE9\x95\x81\xE5\x85\x89\""},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		FILE *m = open_memstream(&got, &len);
		cai_json_put_string(m, cases[i][0]);
		fclose(m);
		assert_string_equal(got, cases[i][1]);
		free(got);
		json_expected(cases[i][0], &want);
		assert_string_equal(want, cases[i][1]);
		free(want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_string_escaping_equals_jansson),
		cmocka_unit_test(test_error_survives_the_cap),
		cmocka_unit_test(test_truncated_dump_every_length),
		cmocka_unit_test(test_truncated_text),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_structure_length_below_header),
		cmocka_unit_test(test_bad_string_index),
		cmocka_unit_test(test_hostile_strings_in_text),
		cmocka_unit_test(test_too_many_structures),
		cmocka_unit_test(test_empty_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
