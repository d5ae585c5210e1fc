/* SPDX-License-Identifier: MIT */
/* The built-in JEP106 table: complete, consistent, and looked up by bank
 * and code together. */
#include "test_support.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

static const char *name(uint8_t bank, uint8_t code)
{
	return ca_jep106_name((ca_jep106_id){bank, code});
}

static void test_table_is_revision_bo_complete(void **state)
{
	(void)state;
	assert_string_equal(ca_jep106_revision(), "BO");
	assert_int_equal(ca_jep106_count(), 2202);
	/* Banks 1..17 are full (126 codes each); bank 18 holds 60 so far. */
	for (uint8_t bank = 1; bank <= 18; bank++) {
		unsigned found = 0;
		for (unsigned code = 0; code < 256; code++)
			if (name(bank, (uint8_t)code))
				found++;
		assert_int_equal(found, bank < 18 ? 126 : 60);
	}
	assert_null(name(19, 0x01));
}

static void test_every_entry_has_odd_parity(void **state)
{
	(void)state;
	for (uint8_t bank = 1; bank <= 18; bank++)
		for (unsigned code = 0; code < 256; code++)
			if (name(bank, (uint8_t)code))
				assert_true(ca_jep106_parity_ok((uint8_t)code));
}

static void test_key_makers(void **state)
{
	(void)state;
	assert_string_equal(name(1, 0x2C), "Micron Technology");
	assert_string_equal(name(1, 0xCE), "Samsung");
	assert_string_equal(name(1, 0xAD), "SK Hynix");
	assert_string_equal(name(2, 0x98), "Kingston");
	assert_string_equal(name(3, 0xFE), "Elpida");
	assert_string_equal(name(4, 0x0B), "Nanya Technology");
	assert_string_equal(name(11, 0x91), "CXMT");
	assert_string_equal(name(8, 0xB6), "HiSilicon Technologies");
}

static void test_code_needs_its_bank(void **state)
{
	(void)state;
	/* 0x9B is Crucial in bank 6 and YMTC in bank 10. */
	assert_string_equal(name(6, 0x9B), "Crucial Technology");
	assert_string_equal(name(10, 0x9B), "Yangtze Memory Technologies Co Ltd");
	/* 0x2C is Micron in bank 1 only. */
	assert_string_not_equal(name(12, 0x2C), "Micron Technology");
}

static void test_parity_is_checked(void **state)
{
	(void)state;
	/* 0x2C has odd parity; 0xAC (bit 7 flipped) does not. */
	assert_true(ca_jep106_parity_ok(0x2C));
	assert_false(ca_jep106_parity_ok(0xAC));
	assert_null(name(1, 0xAC));
	assert_null(name(0, 0x2C));
}

static void test_parse_dmidecode_form(void **state)
{
	(void)state;
	ca_jep106_id id = {0, 0};
	assert_int_equal(ca_jep106_parse_dmidecode("Bank 1, Hex 0x2C", &id), 0);
	assert_int_equal(id.bank, 1);
	assert_int_equal(id.code, 0x2C);
	assert_int_equal(ca_jep106_parse_dmidecode("Bank 11, Hex 0x91", &id), 0);
	assert_int_equal(id.bank, 11);
	assert_int_equal(ca_jep106_parse_dmidecode("Unknown", &id), -ENODATA);
	assert_int_equal(ca_jep106_parse_dmidecode("Bank 1, Hex 0x2C0", &id), -EINVAL);
	assert_int_equal(ca_jep106_parse_dmidecode("Bank 0, Hex 0x2C", &id), -EINVAL);
	assert_int_equal(ca_jep106_parse_dmidecode("802C", &id), -EINVAL);
	assert_int_equal(ca_jep106_parse_dmidecode("", &id), -EINVAL);
	assert_int_equal(ca_jep106_parse_dmidecode(NULL, &id), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_is_revision_bo_complete),
		cmocka_unit_test(test_every_entry_has_odd_parity),
		cmocka_unit_test(test_key_makers),
		cmocka_unit_test(test_code_needs_its_bank),
		cmocka_unit_test(test_parity_is_checked),
		cmocka_unit_test(test_parse_dmidecode_form),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
