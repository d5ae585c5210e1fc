/* SPDX-License-Identifier: MIT */
/* dmidecode text of every version and shape seen in the field. */
#include "test_support.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define TEXT(name) "dmidecode-text/" name

typedef struct device_list {
	ca_memory_device all[64];
	size_t n, installed;
} device_list;

static device_list devices(const ca_host *h)
{
	device_list d = {0};
	for (size_t i = 0; i < ca_host_record_count(h) && d.n < 64; i++)
		if (ca_memory_device_from_record(ca_host_record(h, i), &d.all[d.n]) == 0) {
			d.installed += d.all[d.n].installed;
			d.n++;
		}
	return d;
}

static ca_host *read_ok(const char *rel)
{
	int r;
	ca_host *h = host_from_fixture(rel, &r);
	if (r != 0)
		fail_msg("%s: read returned %d", rel, r);
	assert_int_equal(ca_host_format(h), CA_FORMAT_DMIDECODE_TEXT);
	return h;
}

static void test_huawei_cxmt_lpddr4(void **state)
{
	(void)state;
	ca_host *h = read_ok(TEXT("huawei-bode-cxmt-lpddr4.txt"));
	device_list d = devices(h);
	assert_int_equal(d.installed, 8);
	for (size_t i = 0; i < d.n; i++) {
		assert_string_equal(d.all[i].type, "LPDDR4");
		assert_string_equal(d.all[i].manufacturer, "ChangXin Memory Technologies Inc");
		assert_int_equal(d.all[i].module_manufacturer.bank, 11);
		assert_int_equal(d.all[i].module_manufacturer.code, 0x91);
		assert_string_equal(ca_jep106_name(d.all[i].module_manufacturer), "CXMT");
	}
	assert_string_equal(ca_record_value(ca_host_find_record(h, 1), "Manufacturer"), "HUAWEI");
	ca_host_free(h);
}

static void test_ddr5_pmic_ids_and_empty_slots(void **state)
{
	(void)state;
	ca_host *h = read_ok(TEXT("msi-ms7d76-ddr5-pmic.txt"));
	assert_string_equal(ca_host_tool_version(h), "3.6");
	device_list d = devices(h);
	assert_int_equal(d.n, 4);
	assert_int_equal(d.installed, 2);
	for (size_t i = 0; i < d.n; i++) {
		if (!d.all[i].installed) {
			/* dmidecode 3.5+ prints nothing after Type Detail for empty slots */
			assert_null(d.all[i].part_number);
			continue;
		}
		assert_string_equal(d.all[i].type, "DDR5");
		assert_int_equal(d.all[i].speed_mts, 4800);
		assert_int_equal(d.all[i].configured_speed_mts, 5600);
		assert_string_equal(ca_jep106_name(d.all[i].module_manufacturer), "Corsair");
		assert_string_equal(ca_jep106_name(d.all[i].pmic0_manufacturer), "Samsung");
		assert_int_equal(d.all[i].rcd_manufacturer.bank, 0); /* "Unknown" */
		assert_true(d.all[i].size_bytes == 16ull << 30);
	}
	ca_host_free(h);
}

static void test_dmidecode_2_12_units_normalized(void **state)
{
	(void)state;
	ca_host *h = read_ok(TEXT("dell-r710-dmidecode-2.12.txt"));
	assert_string_equal(ca_host_tool_version(h), "2.12");
	device_list d = devices(h);
	assert_int_equal(d.n, 18);
	assert_int_equal(d.installed, 4);
	for (size_t i = 0; i < d.n; i++) {
		if (!d.all[i].installed) {
			assert_string_equal(ca_record_value(d.all[i].record, "Size"),
					    "No Module Installed");
			continue;
		}
		/* printed as "4096 MB" and "1333 MHz" by dmidecode 2.12 */
		assert_string_equal(ca_record_value(d.all[i].record, "Size"), "4 GB");
		assert_string_equal(ca_record_value(d.all[i].record, "Speed"), "1333 MT/s");
		assert_string_equal(d.all[i].manufacturer, "00CE00B380CE");
		assert_string_equal(d.all[i].part_number, "M393B5273CH0-YH9");
		assert_non_null(strstr(d.all[i].type_detail, "Registered (Buffered)"));
	}
	ca_host_free(h);
}

static void test_junk_before_header(void **state)
{
	(void)state;
	ca_host *h = read_ok(TEXT("hp-g5320fr-junk-prefix.txt"));
	assert_string_equal(ca_host_tool_version(h), "3.1");
	assert_string_equal(ca_host_smbios_version(h), "2.6");
	assert_string_equal(ca_record_value(ca_host_find_record(h, 1), "Manufacturer"), "Hewlett-Packard");
	device_list d = devices(h);
	assert_int_equal(d.installed, 4);
	assert_string_equal(d.all[3].part_number, "16JTF51264AZ-1G4D1");
	ca_host_free(h);
}

static void test_no_smbios_on_that_machine(void **state)
{
	(void)state;
	int r;
	ca_host *h = host_from_fixture(TEXT("raspberry-pi-no-smbios.txt"), &r);
	assert_int_equal(r, -EBADMSG);
	assert_int_equal(ca_host_diagnostic_count(h), 1);
	assert_int_equal(count_diags(h, "text.no-smbios"), 1);
	assert_string_equal(ca_host_tool_version(h), "3.3");
	ca_host_free(h);
}

static void test_legacy_dmi(void **state)
{
	(void)state;
	ca_host *h = read_ok(TEXT("ibm-264070-legacy-dmi-2.0.txt"));
	assert_string_equal(ca_host_smbios_version(h), "2.0");
	assert_int_equal(devices(h).n, 0);
	assert_non_null(ca_host_find_record(h, 0));
	ca_host_free(h);

	h = read_ok(TEXT("intel-se7501-legacy-dmi-2.3.txt"));
	assert_string_equal(ca_host_smbios_version(h), "2.3");
	device_list d = devices(h);
	assert_int_equal(d.n, 6);
	assert_int_equal(d.installed, 4);
	assert_false(d.all[0].installed);
	assert_int_equal(d.all[2].speed_mts, 266);
	assert_true(d.all[2].size_bytes == 1ull << 30); /* "1024 MB" */
	ca_host_free(h);
}

static void test_old_two_line_handles_without_blank_lines(void **state)
{
	(void)state;
	ca_host *h = read_ok(TEXT("glpi-rhel-3.4-dmidecode-2.2-two-line-handles.txt"));
	assert_string_equal(ca_host_tool_version(h), "2.2");
	device_list d = devices(h);
	assert_int_equal(d.installed, 3);
	assert_string_equal(d.all[0].part_number, "M3 93T6553BZ3-CCC");
	assert_true(d.all[0].size_bytes == 512ull << 20);
	assert_int_equal(d.all[0].speed_mts, 400);
	const ca_record *bios = ca_host_find_record(h, 0);
	assert_string_equal(ca_record_value(bios, "ROM Size"), "1 MB"); /* "1024 kB" */
	const ca_field *ch = ca_record_field(bios, "Characteristics");
	assert_non_null(ch);
	assert_int_equal(ch->n_items, 13);
	ca_host_free(h);
}

static void test_dmidecode_1x_block_names(void **state)
{
	(void)state;
	ca_host *h = read_ok(TEXT("glpi-rhel-2.1-dmidecode-1.x-blocks.txt"));
	const ca_record *sys = ca_host_find_record(h, 1);
	assert_string_equal(ca_record_value(sys, "Manufacturer"), "IBM");
	assert_string_equal(ca_record_value(sys, "Product Name"), "-[84803AX]-");
	assert_string_equal(ca_record_value(ca_host_find_record(h, 0), "Release Date"), "12/11/2002");
	ca_host_free(h);
}

static void test_manufacturer_strings_kept_verbatim(void **state)
{
	(void)state;
	static const struct {
		const char *file;
		const char *manufacturer;
	} cases[] = {
		{"dell-g7-12hex-crucial-micron.txt", "859B0000802C"},
		{"dell-g3-12hex-kingston-micron.txt", "01980000802C"},
		{"dell-r630-rdimm-12hex-micron.txt", "002C00B3002C"},
		{"dell-e6500-16hex.txt", "7F7F7F0B00000000"},
		{"hp-x360-unknown-hex.txt", "Unknown - [0x9B85]"},
		{"toshiba-a120-4hex-swapped.txt", "CE00"},
		{"intel-s5000-4hex-parity.txt", "80AD"},
		{"dell-e7440-private-1315.txt", "1315"},
		{"gmktec-nucbox8-lpddr4-placeholder.txt", "ABCD"},
		{"tyan-s7010-placeholders.txt", "Hyundai"},
		{"dell-9440-lpddr5.txt", "Not Specified"},
	};
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		char rel[256];
		snprintf(rel, sizeof(rel), "dmidecode-text/%s", cases[c].file);
		ca_host *h = read_ok(rel);
		device_list d = devices(h);
		bool found = false;
		for (size_t i = 0; i < d.n; i++)
			found |= d.all[i].installed && d.all[i].manufacturer &&
				 strcmp(d.all[i].manufacturer, cases[c].manufacturer) == 0;
		if (!found)
			fail_msg("%s: no installed device with Manufacturer '%s'", cases[c].file,
				 cases[c].manufacturer);
		ca_host_free(h);
	}
}

static void test_binary_ids_on_rdimm_server(void **state)
{
	(void)state;
	ca_host *h = read_ok(TEXT("inferit-r1-rdimm-micron-binary-id.txt"));
	device_list d = devices(h);
	assert_int_equal(d.installed, 12);
	for (size_t i = 0; i < d.n; i++) {
		if (!d.all[i].installed)
			continue;
		assert_string_equal(ca_jep106_name(d.all[i].module_manufacturer), "Micron Technology");
		assert_non_null(strstr(d.all[i].type_detail, "Registered (Buffered)"));
		assert_true(d.all[i].size_bytes == 64ull << 30);
	}
	ca_host_free(h);
}

static void test_crlf_line_endings(void **state)
{
	(void)state;
	size_t len;
	uint8_t *lf = fixture_read("smbios-dump/Lenovo-ThinkPad-T480.orig.txt", &len);
	uint8_t *crlf = malloc(len * 2 + 1);
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		if (lf[i] == '\n')
			crlf[n++] = '\r';
		crlf[n++] = lf[i];
	}
	int r1, r2;
	ca_host *a = host_from_buffer(lf, len, &r1);
	ca_host *b = host_from_buffer(crlf, n, &r2);
	assert_int_equal(r1, 0);
	assert_int_equal(r2, 0);
	host_comparison c = compare_hosts(a, b, NULL, 0);
	assert_int_equal(c.mismatches, 0);
	assert_int_equal(c.missing_records, 0);
	assert_int_equal(ca_host_record_count(a), ca_host_record_count(b));
	ca_host_free(a);
	ca_host_free(b);
	free(lf);
	free(crlf);
}

static void test_line_numbers_of_records(void **state)
{
	(void)state;
	ca_host *h = read_ok("smbios-dump/Lenovo-ThinkPad-T480.orig.txt");
	/* "Handle 0x0004, DMI type 17, 40 bytes" is line 34 of the file */
	const ca_record *r = ca_host_find_record(h, 17);
	assert_int_equal(r->handle, 0x0004);
	assert_int_equal(r->line, 34);
	ca_host_free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_huawei_cxmt_lpddr4),
		cmocka_unit_test(test_ddr5_pmic_ids_and_empty_slots),
		cmocka_unit_test(test_dmidecode_2_12_units_normalized),
		cmocka_unit_test(test_junk_before_header),
		cmocka_unit_test(test_no_smbios_on_that_machine),
		cmocka_unit_test(test_legacy_dmi),
		cmocka_unit_test(test_old_two_line_handles_without_blank_lines),
		cmocka_unit_test(test_dmidecode_1x_block_names),
		cmocka_unit_test(test_manufacturer_strings_kept_verbatim),
		cmocka_unit_test(test_binary_ids_on_rdimm_server),
		cmocka_unit_test(test_crlf_line_endings),
		cmocka_unit_test(test_line_numbers_of_records),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
