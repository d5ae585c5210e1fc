/* SPDX-License-Identifier: MIT */
/* The maker resolver on real strings from the linuxhw/DMI corpus: every
 * encoding, every trap, evidence order, conflicts, roles, dates. */
#include "test_support.h"

#include "chipaudit/identify.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static ca_kb *kb;

static int setup(void **state)
{
	(void)state;
	return ca_kb_new(&kb);
}

static int teardown(void **state)
{
	(void)state;
	ca_kb_free(kb);
	return 0;
}

/* First reading of role for text, or NULL. */
static const ca_maker_answer *reading(const char *text, ca_role role, const char *date)
{
	static ca_maker_answer r[CA_IDENTIFY_MAX_READINGS];
	static ca_role roles[CA_IDENTIFY_MAX_READINGS];
	ca_part_info part;
	size_t n = ca_identify_text(kb, text, date ? date : "2026-11-22", r, roles, &part);
	for (size_t i = 0; i < n; i++)
		if (roles[i] == role)
			return &r[i];
	return NULL;
}

static void expect(const char *text, ca_role role, const char *maker, const char *owner,
		   const char *method)
{
	const ca_maker_answer *a = reading(text, role, NULL);
	if (!a)
		fail_msg("'%s': no %s reading", text, ca_role_name(role));
	if (strcmp(a->maker_id, maker) != 0 || strcmp(a->owner_id, owner) != 0 ||
	    strcmp(a->method, method) != 0)
		fail_msg("'%s' %s: got %s/%s by %s, want %s/%s by %s (%s)", text, ca_role_name(role),
			 a->maker_id, a->owner_id, a->method, maker, owner, method, a->evidence);
	assert_true(a->confidence > CA_CONFIDENCE_NONE);
	assert_true(strlen(a->evidence) > 0);
}

static void test_four_hex_both_orders_and_parity(void **state)
{
	(void)state;
	expect("80CE", CA_ROLE_MODULE, "samsung", "samsung", "hex-4");
	expect("CE00", CA_ROLE_MODULE, "samsung", "samsung", "hex-4");  /* byte-swapped */
	expect("00CE", CA_ROLE_MODULE, "samsung", "samsung", "hex-4");  /* count without parity bit */
	expect("802C", CA_ROLE_MODULE, "micron", "micron", "hex-4");
	expect("2C00", CA_ROLE_MODULE, "micron", "micron", "hex-4");
	expect("0x80AD", CA_ROLE_MODULE, "sk-hynix", "sk-hynix", "hex-4");
	expect("0198", CA_ROLE_MODULE, "kingston", "kingston", "hex-4");
	expect("04CD", CA_ROLE_MODULE, "g-skill", "g-skill", "hex-4");
	expect("029E", CA_ROLE_MODULE, "corsair", "corsair", "hex-4");
	expect("075D", CA_ROLE_MODULE, "wilk", "wilk", "hex-4");
	expect("8ABA", CA_ROLE_MODULE, "foxline", "foxline", "hex-4");
	expect("0x02FE", CA_ROLE_MODULE, "elpida", "micron", "hex-4");
	/* both byte orders read as ids: [continuation][code] is assumed, medium */
	expect("830B", CA_ROLE_MODULE, "nanya", "nanya", "hex-4");
	assert_int_equal(reading("830B", CA_ROLE_MODULE, NULL)->confidence, CA_CONFIDENCE_MEDIUM);
	expect("8502", CA_ROLE_MODULE, "patriot", "patriot", "hex-4");
	expect("JEDEC ID:80 AD", CA_ROLE_MODULE, "sk-hynix", "sk-hynix", "hex-4");
	/* code written without its parity bit: 0x4E is Samsung's 0xCE */
	const ca_maker_answer *a = reading("804E", CA_ROLE_MODULE, NULL);
	assert_non_null(a);
	assert_string_equal(a->maker_id, "samsung");
	assert_int_equal(a->confidence, CA_CONFIDENCE_MEDIUM);
}

static void test_twelve_hex_module_register_dram(void **state)
{
	(void)state;
	/* Crucial module with Micron dies, Kingston module with Micron dies */
	expect("859B0000802C", CA_ROLE_MODULE, "crucial", "micron", "hex-12");
	expect("859B0000802C", CA_ROLE_DRAM, "micron", "micron", "hex-12");
	assert_true(reading("859B0000802C", CA_ROLE_DRAM, NULL)->heuristic);
	expect("01980000802C", CA_ROLE_MODULE, "kingston", "kingston", "hex-12");
	expect("01980000802C", CA_ROLE_DRAM, "micron", "micron", "hex-12");
	/* register makers are known by JEP106 alone */
	expect("002C00B3002C", CA_ROLE_REGISTER, "jep106:1:0xB3", "jep106:1:0xB3", "hex-12");
	expect("00AD069D00AD", CA_ROLE_REGISTER, "jep106:7:0x9D", "jep106:7:0x9D", "hex-12");
	expect("80CE000080CE", CA_ROLE_DRAM, "samsung", "samsung", "hex-12");
	assert_null(reading("80CE00000000", CA_ROLE_DRAM, NULL)); /* no DRAM half: unknown */
}

static void test_sixteen_hex_and_dmidecode_forms(void **state)
{
	(void)state;
	expect("7F7F7F0B00000000", CA_ROLE_MODULE, "nanya", "nanya", "hex-16");
	expect("CE00000000000000", CA_ROLE_MODULE, "samsung", "samsung", "hex-16");
	expect("0xAD00000000000000", CA_ROLE_MODULE, "sk-hynix", "sk-hynix", "hex-16");
	expect("0x7F98000000000000", CA_ROLE_MODULE, "kingston", "kingston", "hex-16");
	expect("JEDEC ID:7F 98 00 00 00 00 00 00", CA_ROLE_MODULE, "kingston", "kingston", "hex-16");
	expect("Unknown - [0x9B85]", CA_ROLE_MODULE, "crucial", "micron", "dmidecode-unknown-le");
	expect("Unknown - [0x0285]", CA_ROLE_MODULE, "patriot", "patriot", "dmidecode-unknown-le");
	expect("Bank 11, Hex 0x91", CA_ROLE_MODULE, "cxmt", "cxmt", "smbios-binary-id");
	/* the same code byte in two banks is two companies */
	expect("Bank 6, Hex 0x9B", CA_ROLE_MODULE, "crucial", "micron", "smbios-binary-id");
	expect("Bank 10, Hex 0x9B", CA_ROLE_MODULE, "ymtc", "ymtc", "smbios-binary-id");
	/* eight hex digits: [module][DRAM] (Crucial module, Micron dies) */
	expect("9B852C80", CA_ROLE_MODULE, "crucial", "micron", "hex-8");
	expect("9B852C80", CA_ROLE_DRAM, "micron", "micron", "hex-8");
}

static void test_bios_private_codes_are_low_confidence_quirks(void **state)
{
	(void)state;
	expect("1315", CA_ROLE_MODULE, "crucial", "micron", "bios-private-code");
	expect("0215", CA_ROLE_MODULE, "corsair", "corsair", "bios-private-code");
	assert_int_equal(reading("1315", CA_ROLE_MODULE, NULL)->confidence, CA_CONFIDENCE_LOW);
}

static void test_names_and_traps(void **state)
{
	(void)state;
	expect("Micron Technology", CA_ROLE_MODULE, "micron", "micron", "name-alias");
	expect("镁光", CA_ROLE_MODULE, "micron", "micron", "name-alias");
	expect("Hynix Semiconduc", CA_ROLE_MODULE, "sk-hynix", "sk-hynix", "name-alias");
	expect("Crucial Technology", CA_ROLE_MODULE, "crucial", "micron", "name-alias");
	static const char *const traps[] = {"Samsung Electro-Mechanics", "Microchip", "Micronas",
					    "HT Micron", "Bright Micron", "HANA Micron"};
	for (size_t i = 0; i < sizeof(traps) / sizeof(traps[0]); i++) {
		const ca_maker_answer *a = reading(traps[i], CA_ROLE_MODULE, NULL);
		if (a && (strcmp(a->owner_id, "micron") == 0 || strcmp(a->owner_id, "samsung") == 0))
			fail_msg("trap '%s' attributed to %s", traps[i], a->owner_id);
	}
	/* placeholders are no answer */
	static const char *const placeholders[] = {"Unknown", "Not Specified", "Manufacturer0",
						   "A1_Manufacturer1", "Mfg 0", "ABCD", "NULL",
						   "Undefined", "0000", "Unknown (0)", "<BAD INDEX>"};
	for (size_t i = 0; i < sizeof(placeholders) / sizeof(placeholders[0]); i++) {
		assert_true(ca_is_placeholder(placeholders[i]));
		assert_null(reading(placeholders[i], CA_ROLE_MODULE, NULL));
	}
	assert_false(ca_is_placeholder("Micron"));
}

static void check_part(const char *pn, const char *maker, const char *owner, const char *type)
{
	ca_maker_answer r[CA_IDENTIFY_MAX_READINGS];
	ca_role roles[CA_IDENTIFY_MAX_READINGS];
	ca_part_info part;
	size_t n = ca_identify_text(kb, pn, "2026-11-22", r, roles, &part);
	if (n != 1 || strcmp(r[0].maker_id, maker) != 0 || strcmp(r[0].owner_id, owner) != 0)
		fail_msg("part '%s': got %zu readings, %s; want %s", pn, n, n ? r[0].maker_id : "-", maker);
	assert_string_equal(r[0].method, "part-number");
	if (type)
		assert_string_equal(part.type, type);
}

static void test_part_number_grammars(void **state)
{
	(void)state;
	check_part("CT16G4SFRA32A", "crucial", "micron", "DDR4");
	check_part("CT16G48C40U5", "crucial", "micron", "DDR5");
	check_part("CT51264BD160B.C16F", "crucial", "micron", "DDR3");
	check_part("BL8G36C16U4B", "ballistix", "micron", NULL);
	check_part("MTA18ASF2G72PZ-2G3B1", "micron", "micron", "DDR4");
	check_part("36ASF2G72PZ-2G1A2", "micron", "micron", "DDR4");
	check_part("16KTF1G64HZ-1G6E2", "micron", "micron", "DDR3");
	check_part("MT40A512M16TB-062E", "micron", "micron", "DDR4");
	check_part("MT62F1G32D4DR-031", "micron", "micron", "LPDDR5");
	check_part("M393A4K40CB2-CVF", "samsung", "samsung", "DDR4");
	check_part("M471B5273DH0-CH9", "samsung", "samsung", "DDR3");
	check_part("M425R2GA3BB0-CWM0D", "samsung", "samsung", "DDR5");
	check_part("K4A8G165WC-BCTD", "samsung", "samsung", "DDR4");
	check_part("HMA81GS6CJR8N-VK", "sk-hynix", "sk-hynix", "DDR4");
	check_part("HMCG78AGBSA092N", "sk-hynix", "sk-hynix", "DDR5");
	check_part("H5AN8G6NDJR-XNC", "sk-hynix", "sk-hynix", "DDR4");
	check_part("KVR26S19S8/16", "kingston", "kingston", NULL);
	check_part("KF432C16BB/8", "kingston", "kingston", "DDR4");
	check_part("KHX2400C15/16G", "kingston", "kingston", NULL);
	check_part("99U5702-101.A00G", "kingston", "kingston", NULL);
	check_part("ACR26D4S9S8ME-8", "kingston", "kingston", NULL);
	check_part("CXDB4ABAM-ML", "cxmt", "cxmt", "LPDDR4X");
	check_part("NT5CB256M16DP-EK", "nanya", "nanya", "DDR3");
	check_part("EBE21UE8ACUA-8G-E", "elpida", "micron", "DDR2");
	check_part("CMK16GX4M2B3200C16", "corsair", "corsair", "DDR4");
	check_part("F4-3200C16D-16GVKB", "g-skill", "g-skill", "DDR4");
	check_part("AD4U26668G19-SGN", "adata", "adata", NULL);
	check_part("PSD416G320081S", "patriot", "patriot", NULL);
	check_part("M3 93T6553BZ3-CCC", "samsung", "samsung", "DDR2"); /* space inside, as firmware wrote it */
}

static ca_memory_device device(const char *mfr, const char *pn, uint8_t bank, uint8_t code,
			       const char *form)
{
	return (ca_memory_device){.installed = true, .manufacturer = mfr, .part_number = pn,
				  .module_manufacturer = {bank, code}, .form_factor = form,
				  .type = "DDR4"};
}

static void test_evidence_order_and_conflict(void **state)
{
	(void)state;
	ca_memory_makers mk;
	/* string says Samsung, binary id says Kingston: the id wins, conflict reported */
	ca_memory_device m = device("Samsung", "KVR26S19S8/16", 2, 0x98, "SODIMM");
	assert_int_equal(ca_identify_memory_device(kb, &m, "2026-11-22", 0, &mk), 0);
	assert_string_equal(mk.role[CA_ROLE_MODULE].maker_id, "kingston");
	assert_string_equal(mk.role[CA_ROLE_MODULE].method, "smbios-binary-id");
	assert_non_null(strstr(mk.conflict, "Samsung"));
	/* Crucial id with the string Micron: agree at owner level, no conflict */
	m = device("Micron", "CT16G4SFRA32A", 6, 0x9B, "SODIMM");
	assert_int_equal(ca_identify_memory_device(kb, &m, "2026-11-22", 0, &mk), 0);
	assert_string_equal(mk.role[CA_ROLE_MODULE].owner_id, "micron");
	assert_string_equal(mk.conflict, "");
	/* binary ids hidden: the string decides */
	m = device("Samsung", "", 2, 0x98, "SODIMM");
	assert_int_equal(ca_identify_memory_device(kb, &m, NULL, CA_IDENTIFY_IGNORE_BINARY_IDS, &mk), 0);
	assert_string_equal(mk.role[CA_ROLE_MODULE].maker_id, "samsung");
	/* placeholder string, grammar in the part number */
	m = device("Unknown", "F4-3600C18-16GTZN", 0, 0, "DIMM");
	assert_int_equal(ca_identify_memory_device(kb, &m, NULL, 0, &mk), 0);
	assert_string_equal(mk.role[CA_ROLE_MODULE].maker_id, "g-skill");
	/* nothing at all: unknown, with the reason */
	m = device("Manufacturer0", "PartNum0", 0, 0, "DIMM");
	assert_int_equal(ca_identify_memory_device(kb, &m, NULL, 0, &mk), 0);
	assert_int_equal(mk.role[CA_ROLE_MODULE].confidence, CA_CONFIDENCE_NONE);
	assert_non_null(strstr(mk.role[CA_ROLE_MODULE].evidence, "placeholder"));
	/* a hex string naming a company not known for memory loses to a grammar */
	m = device("0420", "F4-3000C15-8GRK", 0, 0, "DIMM");
	assert_int_equal(ca_identify_memory_device(kb, &m, NULL, 0, &mk), 0);
	assert_string_equal(mk.role[CA_ROLE_MODULE].maker_id, "g-skill");
	assert_true(mk.conflict[0] != '\0');
	/* soldered LPDDR: the package is the die */
	m = device("Not Specified", "MT53E1G32D2FW-046", 0, 0, "Row Of Chips");
	m.type = "LPDDR4";
	assert_int_equal(ca_identify_memory_device(kb, &m, NULL, 0, &mk), 0);
	assert_string_equal(mk.role[CA_ROLE_MODULE].maker_id, "micron");
	assert_string_equal(mk.role[CA_ROLE_DRAM].maker_id, "micron");
	/* bad date */
	assert_int_equal(ca_identify_memory_device(kb, &m, "22/11/2026", 0, &mk), -EINVAL);
}

static void test_owner_on_the_date(void **state)
{
	(void)state;
	const ca_maker_answer *a = reading("Elpida", CA_ROLE_MODULE, "2012-06-01");
	assert_string_equal(a->owner_id, "elpida");
	a = reading("Elpida", CA_ROLE_MODULE, "2014-01-01");
	assert_string_equal(a->owner_id, "micron");
	a = reading("Lexar", CA_ROLE_MODULE, "2016-01-01");
	assert_string_equal(a->owner_id, "micron");
	a = reading("Lexar", CA_ROLE_MODULE, "2020-01-01");
	assert_string_equal(a->owner_id, "longsys");
}

static void test_corpus_fixtures_by_role(void **state)
{
	(void)state;
	static const struct {
		const char *file, *module_owner, *dram;
	} cases[] = {
		{"dmidecode-text/dell-g7-12hex-crucial-micron.txt", "micron", "micron"},
		{"dmidecode-text/dell-g3-12hex-kingston-micron.txt", "kingston", "micron"},
		{"dmidecode-text/dell-r630-rdimm-12hex-micron.txt", "micron", "micron"},
		{"dmidecode-text/huawei-bode-cxmt-lpddr4.txt", "cxmt", "cxmt"},
		/* a Micron module by its Micron part number: Micron dies (own-module grammar) */
		{"dmidecode-text/inferit-r1-rdimm-micron-binary-id.txt", "micron", "micron"},
	};
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		int r;
		ca_host *h = host_from_fixture(cases[c].file, &r);
		assert_int_equal(r, 0);
		size_t seen = 0;
		for (size_t i = 0; i < ca_host_record_count(h); i++) {
			ca_memory_device m;
			ca_memory_makers mk;
			if (ca_memory_device_from_record(ca_host_record(h, i), &m) < 0 || !m.installed)
				continue;
			assert_int_equal(ca_identify_memory_device(kb, &m, "2026-11-22", 0, &mk), 0);
			assert_string_equal(mk.role[CA_ROLE_MODULE].owner_id, cases[c].module_owner);
			if (cases[c].dram)
				assert_string_equal(mk.role[CA_ROLE_DRAM].owner_id, cases[c].dram);
			else
				assert_int_equal(mk.role[CA_ROLE_DRAM].confidence, CA_CONFIDENCE_NONE);
			assert_string_equal(mk.conflict, "");
			seen++;
		}
		assert_true(seen > 0);
		ca_host_free(h);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_four_hex_both_orders_and_parity),
		cmocka_unit_test(test_twelve_hex_module_register_dram),
		cmocka_unit_test(test_sixteen_hex_and_dmidecode_forms),
		cmocka_unit_test(test_bios_private_codes_are_low_confidence_quirks),
		cmocka_unit_test(test_names_and_traps),
		cmocka_unit_test(test_part_number_grammars),
		cmocka_unit_test(test_evidence_order_and_conflict),
		cmocka_unit_test(test_owner_on_the_date),
		cmocka_unit_test(test_corpus_fixtures_by_role),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
