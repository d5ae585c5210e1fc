/* SPDX-License-Identifier: MIT */
/* Size and speed spellings shared by the binary decoder and text parser. */
#include "test_support.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

static void check_format(uint64_t bytes, const char *want)
{
	char buf[48];
	ca_format_size(bytes, buf, sizeof(buf));
	assert_string_equal(buf, want);
}

static void test_format_like_dmidecode(void **state)
{
	(void)state;
	check_format(8ull << 30, "8 GB");
	check_format(1536ull << 20, "1536 MB");
	check_format(65536, "64 kB");
	check_format(1536, "1536 bytes");
	check_format(16ull << 20, "16 MB");
	check_format((1ull << 40) + (1ull << 30), "1025 GB");
	check_format(0, "0 bytes");
}

static void test_parse_every_unit(void **state)
{
	(void)state;
	uint64_t v;
	assert_int_equal(ca_parse_size("4096 MB", &v), 0);
	assert_true(v == 4ull << 30);
	assert_int_equal(ca_parse_size("16 GiB", &v), 0);
	assert_true(v == 16ull << 30);
	assert_int_equal(ca_parse_size("64 kB", &v), 0);
	assert_true(v == 65536);
	assert_int_equal(ca_parse_size("130064 bytes", &v), 0);
	assert_true(v == 130064);
	assert_int_equal(ca_parse_size("No Module Installed", &v), -EINVAL);
	assert_int_equal(ca_parse_size("8 GB extra", &v), -EINVAL);
	assert_int_equal(ca_parse_size("99999999999999999999 GB", &v), -EINVAL);
	assert_int_equal(ca_parse_size("17179869184 GB", &v), -EINVAL); /* overflows 64 bits */
	assert_int_equal(ca_parse_size("", &v), -EINVAL);
}

static void test_round_trip(void **state)
{
	(void)state;
	/* parse(format(x)) == x for sizes of the shapes SMBIOS can express */
	for (uint64_t mb = 1; mb < (1u << 20); mb = mb * 3 + 1) {
		char buf[48];
		uint64_t back;
		ca_format_size(mb << 20, buf, sizeof(buf));
		assert_int_equal(ca_parse_size(buf, &back), 0);
		assert_true(back == mb << 20);
	}
}

static void test_not_a_memory_device(void **state)
{
	(void)state;
	ca_memory_device m;
	ca_record r = {.type = 4};
	assert_int_equal(ca_memory_device_from_record(&r, &m), -EINVAL);
	assert_int_equal(ca_memory_device_from_record(NULL, &m), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_like_dmidecode),
		cmocka_unit_test(test_parse_every_unit),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_not_a_memory_device),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
