/* SPDX-License-Identifier: MIT */
/*
 * SPD decoding: golden values of real images checked by hand against the
 * JEDEC layouts, broken and hostile images, the hex text forms, joining with
 * SMBIOS, and the manufacturing date in the rules.
 *
 * Layout references: JESD400-5 (DDR5 SPD): bytes 512-513 module maker,
 * 521-550 part number, 552-553 DRAM maker, 554 DRAM stepping, 510-511 CRC
 * of 0-509, 198-199 PMIC0 maker with its device type at 200 (bit 7:
 * present), 194-195 SPD hub maker; 20-21 tCKAVGmin in ps. JEDEC 21-C
 * 4.1.2.L-4 (DDR4, and the LPDDR 512-byte layout): 320-321 module maker,
 * 323-324 date (BCD), 329-348 part number, 350-351 DRAM maker, CRC of 0-125
 * at 126-127 and of 128-253 at 254-255.
 */
#include "test_support.h"

#include "chipaudit/assess.h"
#include "chipaudit/report.h"
#include "util/date.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static const ca_record *only_device(const ca_host *h)
{
	assert_int_equal(ca_host_record_count(h), 1);
	const ca_record *r = ca_host_record(h, 0);
	assert_int_equal(r->type, 17);
	return r;
}

static void assert_value(const ca_record *r, const char *field, const char *want)
{
	const char *v = ca_record_value(r, field);
	if (!want) {
		assert_null(v);
		return;
	}
	assert_non_null(v);
	assert_string_equal(v, want);
}

/* JESD400-5 by hand: 0x200-0x201 = 80 CE (count 0 with its parity bit,
 * Samsung's code 0xCE) -> bank 1, 0xCE; 0x228-0x229 the same; 0x14-0x15 =
 * A0 01 -> 416 ps -> DDR5-4800; byte 3 = 03 SODIMM; byte 4 = 04 (16 Gb,
 * one die); byte 6 = 40 (x16); byte 234 = 00 (1 rank); byte 235 = 22 (two
 * 32-bit sub-channels) -> 2 x 32/16 x 16 Gb = 8 GB; 0x1FE-0x1FF = 09 D1
 * equals the CRC-16 of bytes 0-509; 0xC6-0xC8 = 80 B3 82 (PMIC0 IDT,
 * present, PMIC5100). */
static void test_ddr5_samsung(void **state)
{
	(void)state;
	int r;
	ca_host *h = host_from_fixture("spd/samsung-M425R1GB4BB0-CQKOD.spd.bin", &r);
	assert_int_equal(r, 0);
	assert_int_equal(ca_host_format(h), CA_FORMAT_SPD_BINARY);
	const ca_record *d = only_device(h);
	assert_value(d, "Type", "DDR5");
	assert_value(d, "Form Factor", "SODIMM");
	assert_value(d, "Size", "8 GB");
	assert_value(d, "Speed", "4800 MT/s");
	assert_value(d, "Rank", "1");
	assert_value(d, "Manufacturer", "Samsung");
	assert_value(d, "Part Number", "M425R1GB4BB0-CQKOD");
	assert_value(d, "Module Manufacturer ID", "Bank 1, Hex 0xCE");
	assert_value(d, "DRAM Manufacturer ID", "Bank 1, Hex 0xCE");
	assert_value(d, "PMIC0 Manufacturer ID", "Bank 1, Hex 0xB3");
	assert_value(d, "SPD Hub Manufacturer ID", "Bank 1, Hex 0xB3");
	assert_value(d, "PMIC1 Manufacturer ID", NULL);
	assert_value(d, "RCD Manufacturer ID", NULL); /* a SODIMM has no register */
	assert_value(d, "DRAM Stepping", "0x95");
	assert_value(d, "Manufacturing Date", NULL); /* bytes 515-516 are zero */
	const ca_field *crc = ca_record_field(d, "SPD CRC");
	assert_non_null(crc);
	assert_int_equal(crc->n_items, 1);
	assert_string_equal(crc->items[0], "bytes 0-509: ok (0xD109)");
	assert_int_equal(ca_host_diagnostic_count(h), 0);

	/* through the resolver: module and DRAM Samsung, from SPD, high */
	ca_memory_device m;
	assert_int_equal(ca_memory_device_from_record(d, &m), 0);
	assert_true(m.from_spd);
	assert_string_equal(m.spd_crc, "ok");
	ca_policy *p;
	ca_policy_options o = {.as_of = "2026-11-30"};
	assert_int_equal(ca_policy_open(&o, &p, NULL), 0);
	ca_memory_makers mk;
	assert_int_equal(ca_identify_memory_device(ca_policy_kb(p), &m, "2026-11-30", 0, &mk), 0);
	assert_string_equal(mk.role[CA_ROLE_MODULE].maker_id, "samsung");
	assert_string_equal(mk.role[CA_ROLE_DRAM].maker_id, "samsung");
	assert_string_equal(mk.role[CA_ROLE_DRAM].method, "spd-binary-id");
	assert_int_equal(mk.role[CA_ROLE_DRAM].confidence, CA_CONFIDENCE_HIGH);
	/* hiding SMBIOS binary ids does not hide the module's own SPD */
	assert_int_equal(ca_identify_memory_device(ca_policy_kb(p), &m, "2026-11-30",
						   CA_IDENTIFY_IGNORE_BINARY_IDS, &mk), 0);
	assert_string_equal(mk.role[CA_ROLE_DRAM].maker_id, "samsung");
	ca_policy_free(p);
	ca_host_free(h);
}

/* The LPDDR5 image: bytes 126-127 are 00 00 but the CRC-16 of 0-125 is
 * 0x5103: bad, reported, the part kept; 320-321 and 350-351 are 00 00: not
 * written, so no maker, not "bank 1, code 0". */
static void test_lpddr5_bad_crc_zero_makers(void **state)
{
	(void)state;
	int r;
	ca_host *h = host_from_fixture("spd/Micron_MT62F1G32D2DS-031_RFIT_C.spd.hex", &r);
	assert_int_equal(r, 0);
	assert_int_equal(ca_host_format(h), CA_FORMAT_SPD_HEX);
	const ca_record *d = only_device(h);
	assert_value(d, "Type", "LPDDR5");
	assert_value(d, "Form Factor", "Row Of Chips");
	assert_value(d, "Size", "4 GB"); /* MT62F1G32: 1G x 32 */
	assert_value(d, "Speed", "6400 MT/s");
	assert_value(d, "Part Number", "MT62F1G32D2DS-031 RF");
	assert_value(d, "Manufacturer", "Unknown");
	assert_value(d, "Module Manufacturer ID", NULL);
	assert_value(d, "DRAM Manufacturer ID", NULL);
	const ca_field *crc = ca_record_field(d, "SPD CRC");
	assert_non_null(crc);
	assert_string_equal(crc->items[0], "bytes 0-125: bad (stored 0x0000, computed 0x5103)");
	assert_int_equal(count_diags(h, "spd.crc-bad"), 1);
	assert_int_equal(count_diags(h, "spd.maker-parity") + count_diags(h, "spd.maker-unassigned"), 0);
	ca_memory_device m;
	assert_int_equal(ca_memory_device_from_record(d, &m), 0);
	assert_string_equal(m.spd_crc, "bad");
	assert_int_equal(m.module_manufacturer.bank, 0);
	assert_int_equal(m.dram_manufacturer.bank, 0);
	ca_host_free(h);
}

/* A copy of the DDR4 RDIMM image with bytes changed. */
static uint8_t *ddr4_with(size_t off, uint8_t a, uint8_t b, size_t *ret_len)
{
	uint8_t *buf = fixture_read("spd/micron_4GiB_dimm_MTA9ASF51272PZ-2G1A2.spd.bin", ret_len);
	buf[off] = a;
	buf[off + 1] = b;
	return buf;
}

static void test_parity_and_unassigned(void **state)
{
	(void)state;
	size_t len;
	int r;
	/* 0x2D has even parity: not a JEP106 code */
	uint8_t *buf = ddr4_with(320, 0x80, 0x2D, &len);
	ca_host *h = host_from_buffer(buf, len, &r);
	assert_int_equal(r, 0);
	const ca_record *d = only_device(h);
	assert_value(d, "Module Manufacturer ID", NULL);
	assert_value(d, "Manufacturer", "Unknown");
	assert_value(d, "DRAM Manufacturer ID", "Bank 1, Hex 0x2C");
	assert_int_equal(count_diags(h, "spd.maker-parity"), 1);
	ca_host_free(h);
	free(buf);
	/* continuation count 0x00 lacks its parity bit */
	buf = ddr4_with(350, 0x00, 0x2C, &len);
	h = host_from_buffer(buf, len, &r);
	assert_value(only_device(h), "DRAM Manufacturer ID", NULL);
	assert_int_equal(count_diags(h, "spd.maker-parity"), 1);
	ca_host_free(h);
	free(buf);
	/* count 0x1F (odd parity): bank 32, which JEP106 does not have */
	buf = ddr4_with(320, 0x1F, 0x2C, &len);
	h = host_from_buffer(buf, len, &r);
	assert_value(only_device(h), "Module Manufacturer ID", NULL);
	assert_int_equal(count_diags(h, "spd.maker-unassigned"), 1);
	ca_host_free(h);
	free(buf);
}

static void test_bad_images(void **state)
{
	(void)state;
	size_t len;
	uint8_t *full = fixture_read("spd/micron_4GiB_dimm_MTA9ASF51272PZ-2G1A2.spd.bin", &len);
	int r;
	/* every truncation: a diagnostic inside the input, never a crash */
	for (size_t cut = 0; cut < len; cut++) {
		uint8_t *buf = malloc(cut ? cut : 1);
		memcpy(buf, full, cut);
		ca_host *h = host_from_buffer(buf, cut, &r);
		if (ca_host_format(h) == CA_FORMAT_SPD_BINARY) {
			if (cut < 384)
				assert_true(count_diags(h, "spd.truncated") == 1);
			for (size_t i = 0; i < ca_host_diagnostic_count(h); i++)
				assert_true(ca_host_diagnostic(h, i)->offset <= (int64_t)cut);
		}
		if (cut >= 128 && cut < 384) /* kept, marked incomplete */
			assert_int_equal(r, 0);
		ca_host_free(h);
		free(buf);
	}
	/* a wrong length: the image padded past its EEPROM */
	uint8_t *big = calloc(1, 700);
	memcpy(big, full, len);
	ca_host *h = host_from_buffer(big, 700, &r);
	assert_int_equal(r, 0);
	assert_int_equal(count_diags(h, "spd.length"), 1);
	ca_host_free(h);
	free(big);
	free(full);
	/* blank EEPROMs */
	uint8_t blank[512];
	memset(blank, 0xFF, sizeof(blank));
	h = host_from_buffer(blank, sizeof(blank), &r);
	assert_int_equal(r, -EBADMSG);
	assert_int_equal(count_diags(h, "spd.blank"), 1);
	ca_host_free(h);
	memset(blank, 0, sizeof(blank));
	h = host_from_buffer(blank, 256, &r);
	assert_int_equal(r, -EBADMSG);
	assert_int_equal(count_diags(h, "spd.blank"), 1);
	ca_host_free(h);
	/* key byte 0xF1: an unknown type */
	h = host_from_fixture("spd/samsung_8.spd.bin", &r);
	assert_int_equal(r, -EBADMSG);
	assert_int_equal(count_diags(h, "spd.unknown-type"), 1);
	assert_int_equal(ca_host_diagnostic(h, 0)->offset, 2);
	ca_host_free(h);
}

/* The text forms decode to the same record as the bytes. */
static void test_hex_forms(void **state)
{
	(void)state;
	static const char *const pairs[][2] = {
		{"spd/nanya-lpddr4x.xxd", "spd/Nanya_NT6AP512T32BV-J1I.spd.bin"},
		{"spd/micron-ddr4-rdimm.hexdump-C", "spd/micron_4GiB_dimm_MTA9ASF51272PZ-2G1A2.spd.bin"},
	};
	for (size_t i = 0; i < 2; i++) {
		int r1, r2;
		ca_host *a = host_from_fixture(pairs[i][0], &r1);
		ca_host *b = host_from_fixture(pairs[i][1], &r2);
		assert_int_equal(r1, 0);
		assert_int_equal(r2, 0);
		assert_int_equal(ca_host_format(a), CA_FORMAT_SPD_HEX);
		host_comparison c = compare_hosts(a, b, NULL, 0);
		assert_int_equal(c.mismatches, 0);
		assert_int_equal(c.records_matched, 1);
		assert_true(c.fields_compared >= 12);
		ca_host_free(a);
		ca_host_free(b);
	}
	/* i2cdump of a DDR4 module: its first page only, kept and marked truncated */
	int r;
	ca_host *h = host_from_fixture("spd/hynix-ddr4-first-256.i2cdump", &r);
	assert_int_equal(r, 0);
	assert_int_equal(ca_host_format(h), CA_FORMAT_SPD_HEX);
	assert_int_equal(count_diags(h, "spd.truncated"), 1);
	assert_value(only_device(h), "Speed", "2666 MT/s");
	ca_host_free(h);
	/* plain hexdump (16-bit words in host order) is refused, not misread */
	const char *plain = "0000000 1123 030c 2145 0800 6000 0300 0302 0000\n";
	h = host_from_buffer((const uint8_t *)plain, strlen(plain), &r);
	assert_int_not_equal(ca_host_format(h), CA_FORMAT_SPD_HEX);
	ca_host_free(h);
}

static void test_iso_week(void **state)
{
	(void)state;
	char a[11], b[11];
	assert_true(cai_date_iso_week(2019, 10, a, b));
	assert_string_equal(a, "2019-03-04");
	assert_string_equal(b, "2019-03-10");
	assert_true(cai_date_iso_week(2020, 53, a, b)); /* 2020 has 53 weeks */
	assert_string_equal(a, "2020-12-28");
	assert_string_equal(b, "2021-01-03");
	assert_false(cai_date_iso_week(2021, 53, a, b));
	assert_true(cai_date_iso_week(2023, 21, a, b)); /* the CAC decision's week */
	assert_string_equal(a, "2023-05-22");
}

/* The SPD date in the rules: a Micron module made after 2023-05-21 is
 * bought after the CAC decision; one made before says so. */
static const ca_finding *first_finding(const ca_assessment *a)
{
	const ca_findings *f = ca_assessment_findings(a);
	assert_non_null(f);
	assert_true(ca_findings_count(f) >= 1);
	return ca_findings_at(f, 0);
}

static void test_made_date_in_rules(void **state)
{
	(void)state;
	ca_policy *p;
	ca_policy_options o = {.as_of = "2026-11-30", .profile = "cn-cii-bank"};
	assert_int_equal(ca_policy_open(&o, &p, NULL), 0);
	static const struct {
		uint8_t year, week;
		ca_finding_state state;
		const char *made, *says;
	} cases[] = {
		{0x24, 0x03, CA_FINDING_BOUGHT_AFTER, "2024-W03", "after it was made in 2024-W03"},
		{0x19, 0x10, CA_FINDING_INSTALLED, "2019-W10", "made in 2019-W10, before 2023-05-21"},
		{0x23, 0x20, CA_FINDING_INSTALLED, "2023-W20", "made in 2023-W20, the week of 2023-05-21"},
		{0x23, 0x21, CA_FINDING_BOUGHT_AFTER, "2023-W21", "after it was made in 2023-W21"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t len;
		uint8_t *buf = ddr4_with(323, cases[i].year, cases[i].week, &len);
		ca_assessment *a;
		assert_int_equal(ca_assessment_new(p, "h", &a), 0);
		assert_int_equal(ca_assessment_add_buffer(a, "micron.bin", buf, len), 0);
		assert_int_equal(ca_assessment_finish(a), 0);
		const ca_finding *f = first_finding(a);
		assert_int_equal(f->state, cases[i].state);
		assert_non_null(f->made);
		assert_string_equal(f->made, cases[i].made);
		assert_null(f->purchased);
		char *s = ca_finding_sentence(f);
		assert_non_null(strstr(s, cases[i].says));
		free(s);
		ca_assessment_free(a);
		free(buf);
	}
	ca_policy_free(p);
}

/* An SPD image and SMBIOS text of the same host: the device is joined; a
 * relabelled module (SPD says Micron, the firmware says Samsung) is a
 * conflict. */
static void test_join_and_conflict(void **state)
{
	(void)state;
	static const char dmi[] =
		"# dmidecode 3.4\nGetting SMBIOS data from sysfs.\nSMBIOS 3.2.0 present.\n\n"
		"Handle 0x0010, DMI type 17, 84 bytes\nMemory Device\n\tSize: 4 GB\n"
		"\tForm Factor: DIMM\n\tLocator: DIMM_A1\n\tType: DDR4\n\tSpeed: 2133 MT/s\n"
		"\tManufacturer: %s\n\tSerial Number: 00000000\n\tPart Number: %s\n"
		"\tConfigured Memory Speed: 1866 MT/s\n\n";
	static const struct {
		const char *mfr, *part;
		bool conflict;
	} cases[] = {
		{"Micron", "9ASF51272PZ-2G1A2", false},
		{"Samsung", "M393A5143DB0-CPB", true},
	};
	ca_policy *p;
	ca_policy_options o = {.as_of = "2026-11-30"};
	assert_int_equal(ca_policy_open(&o, &p, NULL), 0);
	size_t len;
	uint8_t *spd = fixture_read("spd/micron_4GiB_dimm_MTA9ASF51272PZ-2G1A2.spd.bin", &len);
	for (size_t i = 0; i < 2; i++) {
		char text[1024];
		snprintf(text, sizeof(text), dmi, cases[i].mfr, cases[i].part);
		ca_assessment *a;
		assert_int_equal(ca_assessment_new(p, "host", &a), 0);
		assert_int_equal(ca_assessment_add_buffer(a, "dmi.txt", (const uint8_t *)text, strlen(text)), 0);
		assert_int_equal(ca_assessment_add_buffer(a, "slot.spd.bin", spd, len), 0);
		assert_int_equal(ca_assessment_finish(a), 0);
		assert_int_equal(ca_assessment_component_count(a), 1);
		const ca_component *c = ca_assessment_component(a, 0);
		assert_string_equal(c->memory.locator, "DIMM_A1");
		assert_int_equal(c->memory.configured_speed_mts, 1866);
		assert_string_equal(c->memory.spd_source, "slot.spd.bin");
		const ca_maker *module = ca_component_maker_for(c, "module");
		const ca_maker *dram = ca_component_maker_for(c, "dram");
		const ca_maker *reg = ca_component_maker_for(c, "register");
		assert_string_equal(module->maker_id, "micron");
		assert_string_equal(module->method, "spd-binary-id");
		assert_string_equal(dram->maker_id, "micron");
		assert_string_equal(reg->maker_id, "jep106:7:0x32"); /* Montage */
		const ca_evidence *e = ca_assessment_evidence(a, 1);
		if (cases[i].conflict) {
			assert_true(c->conflict[0] != '\0');
			assert_int_equal(count_diags(e->host, "spd.conflict"), 1);
		} else {
			assert_string_equal(c->conflict, "");
			assert_int_equal(count_diags(e->host, "spd.conflict"), 0);
		}
		assert_int_equal(count_diags(e->host, "spd.joined"), 1);
		ca_assessment_free(a);
	}
	free(spd);
	ca_policy_free(p);
}

/* ca_spd_explain names the bytes of every field. */
static void test_explain(void **state)
{
	(void)state;
	ca_host *h = ca_host_new();
	ca_spd_line lines[64];
	const char *layout = NULL;
	int n = ca_spd_explain_file(h, fixture_path("spd/samsung-M425R1GB4BB0-CQKOD.spd.bin"), lines, 64,
				    &layout);
	assert_true(n > 8);
	assert_string_equal(layout, "DDR5");
	bool dram = false, part = false;
	for (int i = 0; i < n; i++) {
		if (strcmp(lines[i].name, "DRAM maker id") == 0) {
			dram = true;
			assert_int_equal(lines[i].first, 552);
			assert_string_equal(lines[i].value, "Bank 1, Hex 0xCE (Samsung)");
		}
		if (strcmp(lines[i].name, "part number") == 0) {
			part = true;
			assert_int_equal(lines[i].first, 521);
			assert_int_equal(lines[i].last, 550);
		}
	}
	assert_true(dram && part);
	const char *text = "not an image";
	assert_int_equal(ca_spd_explain(h, (const uint8_t *)text, strlen(text), lines, 64, &layout),
			 -EMEDIUMTYPE);
	ca_host_free(h);
}

/* A DRAM maker's own module carries its dies (heuristic, medium, the rule
 * named); the same part number under another brand's name stays unknown. */
static void test_own_module_dies(void **state)
{
	(void)state;
	ca_policy *p;
	ca_policy_options o = {.as_of = "2026-11-30"};
	assert_int_equal(ca_policy_open(&o, &p, NULL), 0);
	static const struct {
		const char *mfr, *part, *dram; /* dram NULL: unknown */
	} cases[] = {
		{"Samsung", "M471A2K43CB1-CRC", "samsung"},
		{"Micron", "MTA18ASF2G72PZ-2G3B1", "micron"},
		{"SK Hynix", "HMAA51S6AMR6N-UH", "sk-hynix"},
		{"Kingston", "M471A2K43CB1-CRC", NULL},  /* another brand's name: no inference */
		{"Kingston", "KVR26S19S8/16", NULL},     /* a third-party brand's own grammar */
		{"Crucial", "CT16G4SFRA32A", NULL},      /* not a DRAM maker's own grammar */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ca_memory_device m = {.installed = true, .manufacturer = cases[i].mfr,
				      .part_number = cases[i].part, .form_factor = "SODIMM", .type = "DDR4"};
		ca_memory_makers mk;
		assert_int_equal(ca_identify_memory_device(ca_policy_kb(p), &m, "2026-11-30", 0, &mk), 0);
		const ca_maker_answer *d = &mk.role[CA_ROLE_DRAM];
		if (!cases[i].dram) {
			assert_int_equal(d->confidence, CA_CONFIDENCE_NONE);
			continue;
		}
		assert_string_equal(d->maker_id, cases[i].dram);
		assert_string_equal(d->method, "own-module-grammar");
		assert_int_equal(d->confidence, CA_CONFIDENCE_MEDIUM);
		assert_true(d->heuristic);
		assert_non_null(strstr(d->rule, "dies=own"));
		/* off for the measurements of bench/attribution */
		assert_int_equal(ca_identify_memory_device(ca_policy_kb(p), &m, "2026-11-30",
							   CA_IDENTIFY_NO_OWN_MODULE_DIES, &mk), 0);
		assert_int_equal(mk.role[CA_ROLE_DRAM].confidence, CA_CONFIDENCE_NONE);
	}
	ca_policy_free(p);
}

/* Module makers the SMBIOS strings of the field name (issue 16, item 7). */
static void test_kb_additions(void **state)
{
	(void)state;
	ca_policy *p;
	ca_policy_options o = {.as_of = "2026-11-30"};
	assert_int_equal(ca_policy_open(&o, &p, NULL), 0);
	static const struct {
		const char *text, *maker;
		ca_role role;
	} cases[] = {
		{"Golden Empire", "golden-empire", CA_ROLE_MODULE},
		{"UniIC Semiconductors Co Ltd", "uniic", CA_ROLE_MODULE},
		{"Kimtigo", "kimtigo", CA_ROLE_MODULE},
		{"Good Wealth Technology Ltd", "good-wealth", CA_ROLE_MODULE},
		{"Euronet Technology Inc", "euronet", CA_ROLE_MODULE},
		{"CM4X16GC3200C16K2E", "corsair", CA_ROLE_MODULE},
		{"R948G3206S2S", "amd", CA_ROLE_MODULE},
		{"KD48GU880-26N190D", "essencore", CA_ROLE_MODULE},
		{"HCNNNCPMBLHR-NEE", "sk-hynix", CA_ROLE_DRAM},
		{"H9CCNNNBJTALAR-NUD", "sk-hynix", CA_ROLE_DRAM},
		{"UBE3D4AA-MGCR", "samsung", CA_ROLE_DRAM},
		{"NMSO532F82-4800J", "gold-key", CA_ROLE_MODULE},
		{"FD4AS3200C4GZH", "longsys", CA_ROLE_MODULE},
		{"J641GU49J2320NE", "avant", CA_ROLE_MODULE},
		{"CT16G56C46S5.M8G1", "crucial", CA_ROLE_MODULE},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ca_maker_answer readings[CA_IDENTIFY_MAX_READINGS];
		ca_role roles[CA_IDENTIFY_MAX_READINGS];
		size_t n = ca_identify_text(ca_policy_kb(p), cases[i].text, "2026-11-30", readings, roles, NULL);
		assert_true(n >= 1);
		assert_int_equal(roles[0], cases[i].role);
		assert_string_equal(readings[0].maker_id, cases[i].maker);
	}
	ca_policy_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ddr5_samsung),
		cmocka_unit_test(test_lpddr5_bad_crc_zero_makers),
		cmocka_unit_test(test_parity_and_unassigned),
		cmocka_unit_test(test_bad_images),
		cmocka_unit_test(test_hex_forms),
		cmocka_unit_test(test_iso_week),
		cmocka_unit_test(test_made_date_in_rules),
		cmocka_unit_test(test_join_and_conflict),
		cmocka_unit_test(test_explain),
		cmocka_unit_test(test_own_module_dies),
		cmocka_unit_test(test_kb_additions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
