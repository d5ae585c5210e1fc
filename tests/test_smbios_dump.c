/* SPDX-License-Identifier: MIT */
/* Binary SMBIOS dumps decoded by chipaudit against what dmidecode printed
 * for the same machines (u-root golden pairs), and against Debian's
 * dmidecode --from-dump when it is installed. */
#include "test_support.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static const char *const machines[] = {
	"Asus-UX307LA",  "GigaByte-X399", "Gigabyte-GA-MA74GMT-S2", "Lenovo-ThinkPad-T480",
	"Lenovo-ThinkPad-W510", "MSI-MS-7816", "SuperMicro-X9DBL", "Synology-RS3614xsp",
	"VMWare",
};
#define N_MACHINES (sizeof(machines) / sizeof(machines[0]))

static const uint8_t golden_types[] = {0, 1, 2, 3, 4, 17};

static ca_host *load(const char *machine, const char *ext, ca_format want)
{
	char rel[256];
	snprintf(rel, sizeof(rel), "smbios-dump/%s%s", machine, ext);
	int r;
	ca_host *h = host_from_fixture(rel, &r);
	assert_int_equal(r, 0);
	assert_int_equal(ca_host_format(h), want);
	return h;
}

static void test_dump_fields_equal_dmidecode_text(void **state)
{
	(void)state;
	size_t compared = 0;
	for (size_t i = 0; i < N_MACHINES; i++) {
		ca_host *bin = load(machines[i], ".bin", CA_FORMAT_SMBIOS_DUMP);
		ca_host *txt = load(machines[i], ".orig.txt", CA_FORMAT_DMIDECODE_TEXT);
		host_comparison c = compare_hosts(bin, txt, golden_types, sizeof(golden_types));
		if (c.mismatches)
			fail_msg("%s: %zu mismatches, first: %s", machines[i], c.mismatches,
				 c.first_mismatch);
		assert_int_equal(c.missing_records, 0);
		/* Coverage: every field dmidecode printed for these types is decoded. */
		if (c.fields_only_in_b)
			fail_msg("%s: %zu fields printed by dmidecode are not decoded", machines[i],
				 c.fields_only_in_b);
		assert_true(c.records_matched > 3);
		assert_string_equal(ca_host_smbios_version(bin), ca_host_smbios_version(txt));
		compared += c.fields_compared;
		ca_host_free(bin);
		ca_host_free(txt);
	}
	print_message("compared %zu fields of types 0-4 and 17 over %zu machines\n", compared,
		      N_MACHINES);
	assert_true(compared > 5000);
}

static void test_same_inventory_from_dump_and_text(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_MACHINES; i++) {
		ca_host *bin = load(machines[i], ".bin", CA_FORMAT_SMBIOS_DUMP);
		ca_host *txt = load(machines[i], ".orig.txt", CA_FORMAT_DMIDECODE_TEXT);
		/* Every record kept from the binary is kept from the text, equal. */
		host_comparison c = compare_hosts(bin, txt, NULL, 0);
		assert_int_equal(c.mismatches, 0);
		assert_int_equal(c.missing_records, 0);
		assert_int_equal(ca_host_record_count(bin), ca_host_record_count(txt));
		size_t devices = 0;
		for (size_t k = 0; k < ca_host_record_count(bin); k++) {
			ca_memory_device a, b;
			const ca_record *r = ca_host_record(bin, k);
			if (ca_memory_device_from_record(r, &a) < 0)
				continue;
			const ca_record *rt = NULL;
			for (size_t t = 0; t < ca_host_record_count(txt); t++)
				if (ca_host_record(txt, t)->handle == r->handle &&
				    ca_host_record(txt, t)->type == 17)
					rt = ca_host_record(txt, t);
			assert_non_null(rt);
			assert_int_equal(ca_memory_device_from_record(rt, &b), 0);
			assert_int_equal(a.installed, b.installed);
			assert_true(a.size_bytes == b.size_bytes);
			assert_int_equal(a.speed_mts, b.speed_mts);
			assert_int_equal(a.configured_speed_mts, b.configured_speed_mts);
			assert_string_equal(a.manufacturer, b.manufacturer);
			assert_string_equal(a.part_number, b.part_number);
			assert_string_equal(a.locator, b.locator);
			assert_int_equal(a.rank, b.rank);
			devices++;
		}
		assert_true(devices > 0);
		ca_host_free(bin);
		ca_host_free(txt);
	}
}

/* Runs `dmidecode --from-dump PATH`; returns its output or NULL. */
static char *run_dmidecode(const char *path, size_t *ret_len)
{
	char cmd[4400];
	snprintf(cmd, sizeof(cmd), "dmidecode --from-dump '%s' 2>/dev/null", path);
	FILE *p = popen(cmd, "r");
	if (!p)
		return NULL;
	size_t cap = 1 << 16, len = 0, n;
	char *buf = malloc(cap);
	while (buf && (n = fread(buf + len, 1, cap - len, p)) > 0) {
		len += n;
		if (len == cap) {
			char *q = realloc(buf, cap * 2);
			if (!q) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = q;
			cap *= 2;
		}
	}
	int status = pclose(p);
	if (!buf || status != 0) {
		free(buf);
		return NULL;
	}
	*ret_len = len;
	return buf;
}

static void test_differential_against_installed_dmidecode(void **state)
{
	(void)state;
	if (system("command -v dmidecode >/dev/null 2>&1") != 0) {
		print_message("dmidecode is not installed: differential test skipped\n");
		skip();
	}
	size_t compared = 0;
	for (size_t i = 0; i < N_MACHINES; i++) {
		char rel[256];
		snprintf(rel, sizeof(rel), "smbios-dump/%s.bin", machines[i]);
		size_t len = 0;
		char *out = run_dmidecode(fixture_path(rel), &len);
		if (!out)
			fail_msg("dmidecode --from-dump %s failed", rel);
		ca_host *ref = ca_host_new();
		assert_int_equal(ca_dmidecode_text_read(ref, out, len), 0);
		ca_host *bin = load(machines[i], ".bin", CA_FORMAT_SMBIOS_DUMP);
		host_comparison c = compare_hosts(bin, ref, golden_types, sizeof(golden_types));
		if (c.mismatches)
			fail_msg("%s: %zu mismatches against installed dmidecode, first: %s",
				 machines[i], c.mismatches, c.first_mismatch);
		assert_int_equal(c.missing_records, 0);
		compared += c.fields_compared;
		ca_host_free(bin);
		ca_host_free(ref);
		free(out);
	}
	print_message("compared %zu fields against the installed dmidecode\n", compared);
	assert_true(compared > 4000);
}

static void test_raw_table_without_entry_point(void **state)
{
	(void)state;
	int r;
	ca_host *h = host_from_fixture("smbios-dump/satellite_pro_l70_testdata.bin", &r);
	assert_int_equal(r, 0);
	size_t devices = 0;
	for (size_t i = 0; i < ca_host_record_count(h); i++) {
		ca_memory_device m;
		if (ca_memory_device_from_record(ca_host_record(h, i), &m) == 0 && m.installed) {
			devices++;
			assert_string_equal(m.manufacturer, "Micron Technology");
			assert_string_equal(m.part_number, "16KTF1G64HZ-1G6E2");
			assert_true(m.size_bytes == 8ull << 30);
		}
	}
	assert_int_equal(devices, 2);
	ca_host_free(h);
}

static void test_windows_rsmb_blob(void **state)
{
	(void)state;
	int r;
	ca_host *h = host_from_fixture("smbios-dump/jeffgerlap_3_2_0.dat", &r);
	assert_int_equal(r, 0);
	assert_int_equal(ca_host_format(h), CA_FORMAT_SMBIOS_RSMB);
	assert_string_equal(ca_host_smbios_version(h), "3.2");
	/* The firmware points a chassis string at a missing index: reported, not fatal. */
	assert_int_equal(count_diags(h, "smbios.bad-string-index"), 1);
	size_t devices = 0;
	for (size_t i = 0; i < ca_host_record_count(h); i++) {
		ca_memory_device m;
		if (ca_memory_device_from_record(ca_host_record(h, i), &m) == 0 && m.installed) {
			devices++;
			assert_string_equal(m.manufacturer, "Hynix");
			assert_int_equal(m.speed_mts, 2400);
		}
	}
	assert_int_equal(devices, 2);
	ca_host_free(h);
}

static void test_not_smbios_is_one_diagnostic(void **state)
{
	(void)state;
	int r;
	ca_host *h = host_from_fixture("smbios-dump/invalid_systab", &r);
	assert_int_equal(r, -EMEDIUMTYPE);
	assert_int_equal(ca_host_record_count(h), 0);
	assert_int_equal(ca_host_diagnostic_count(h), 1);
	/* it is text (a systab listing), so the place is a line, not an offset */
	assert_int_equal(ca_host_diagnostic(h, 0)->offset, -1);
	assert_int_equal(ca_host_diagnostic(h, 0)->line, 1);
	ca_host_free(h);
}

static void test_entry_point_checksum_reported(void **state)
{
	(void)state;
	size_t len;
	uint8_t *buf = fixture_read("smbios-dump/Lenovo-ThinkPad-T480.bin", &len);
	buf[0x0A] ^= 0x01; /* entry point revision byte: breaks the checksum only */
	int r;
	ca_host *h = host_from_buffer(buf, len, &r);
	assert_int_equal(r, 0);
	assert_int_equal(count_diags(h, "smbios.entry-point-checksum"), 1);
	assert_true(ca_host_record_count(h) > 5);
	ca_host_free(h);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dump_fields_equal_dmidecode_text),
		cmocka_unit_test(test_same_inventory_from_dump_and_text),
		cmocka_unit_test(test_differential_against_installed_dmidecode),
		cmocka_unit_test(test_raw_table_without_entry_point),
		cmocka_unit_test(test_windows_rsmb_blob),
		cmocka_unit_test(test_not_smbios_is_one_diagnostic),
		cmocka_unit_test(test_entry_point_checksum_reported),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
