/* SPDX-License-Identifier: MIT */
/* The shipped knowledge base is valid; the loader is strict and reports
 * file:line; user files extend and override it; lineage is dated. */
#include "test_support.h"

#include "chipaudit/identify.h"
#include "kb/kb_internal.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static ca_kb *kb_or_fail(void)
{
	ca_kb *kb = NULL;
	assert_int_equal(ca_kb_new(&kb), 0);
	assert_non_null(kb);
	return kb;
}

static void test_shipped_data_validates(void **state)
{
	(void)state;
	ca_kb *kb = kb_or_fail();
	char *report = NULL;
	size_t problems = ca_kb_validate(kb, &report);
	if (problems)
		fail_msg("%zu problems in the shipped knowledge base:\n%s", problems, report);
	free(report);
	assert_true(ca_kb_entity_count(kb) >= 60);
	assert_true(ca_kb_part_rule_count(kb) >= 45);
	for (size_t i = 0; i < ca_kb_entity_count(kb); i++) {
		const ca_entity *e = ca_kb_entity_at(kb, i);
		assert_non_null(e->source);
		assert_true(strlen(e->source) > 5);
		assert_non_null(e->name);
		/* each entity is found by its own id and its display name */
		assert_ptr_equal(ca_kb_entity(kb, e->id), e);
		assert_ptr_equal(ca_kb_find_alias(kb, e->name), e);
		for (size_t k = 0; k < e->n_aliases; k++)
			assert_ptr_equal(ca_kb_find_alias(kb, e->aliases[k]), e);
		for (size_t k = 0; k < e->n_jep106; k++)
			assert_ptr_equal(ca_kb_find_jep106(kb, e->jep106[k]), e);
	}
	ca_kb_free(kb);
}

static const char *owner(ca_kb *kb, const char *id, const char *date)
{
	const ca_entity *e = ca_kb_entity(kb, id);
	assert_non_null(e);
	return ca_kb_owner_on(kb, e, date)->id;
}

static void test_dated_lineage(void **state)
{
	(void)state;
	ca_kb *kb = kb_or_fail();
	assert_string_equal(owner(kb, "elpida", "2013-07-30"), "elpida");
	assert_string_equal(owner(kb, "elpida", "2013-07-31"), "micron");
	assert_string_equal(owner(kb, "lexar", "2017-08-30"), "micron");
	assert_string_equal(owner(kb, "lexar", "2017-08-31"), "longsys");
	assert_string_equal(owner(kb, "solidigm", "2022-01-01"), "sk-hynix");
	assert_string_equal(owner(kb, "sandisk", "2020-01-01"), "western-digital");
	assert_string_equal(owner(kb, "sandisk", "2025-03-01"), "sandisk");
	assert_string_equal(owner(kb, "crucial", "2026-11-22"), "micron");
	assert_string_equal(owner(kb, "ballistix", "2020-01-01"), "micron");
	assert_string_equal(owner(kb, "spectek", "2020-01-01"), "micron");
	assert_string_equal(owner(kb, "zhitai", "2024-01-01"), "ymtc");
	assert_string_equal(owner(kb, "hisilicon", "2024-01-01"), "huawei");
	/* UNCONFIRMED affiliations are not recorded as ownership */
	assert_string_equal(owner(kb, "hikstorage", "2024-01-01"), "hikstorage");
	assert_string_equal(owner(kb, "dahua-memory", "2024-01-01"), "dahua-memory");
	ca_kb_free(kb);
}

static void test_aliases_whole_and_chinese(void **state)
{
	(void)state;
	ca_kb *kb = kb_or_fail();
	static const struct {
		const char *text, *id;
	} cases[] = {
		{"Micron", "micron"},           {"Micron Technology", "micron"}, {"Micron_Technolog", "micron"},
		{"MICRON", "micron"},           {"镁光", "micron"},              {"美光", "micron"},
		{"Hynix/Hyundai", "sk-hynix"},  {"Hynix Semiconduc", "sk-hynix"}, {"SK_Hynix", "sk-hynix"},
		{"海力士", "sk-hynix"},         {"Kinston", "kingston"},          {"金士顿", "kingston"},
		{"G Skill Intl", "g-skill"},    {"G-Skill", "g-skill"},           {"A-DATA", "adata"},
		{"ChangXin Memory Technologies Inc", "cxmt"}, {"长鑫存储", "cxmt"},
		{"长江存储", "ymtc"},           {"致态", "zhitai"},               {"英睿达", "crucial"},
		{"Samsung-00CE", "samsung"},    {"三星", "samsung"},              {"Team Group Inc.", "team-group"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const ca_entity *e = ca_kb_find_alias(kb, cases[i].text);
		if (!e || strcmp(e->id, cases[i].id) != 0)
			fail_msg("alias '%s' should be %s, is %s", cases[i].text, cases[i].id,
				 e ? e->id : "(none)");
	}
	/* traps: never Micron or Samsung, and no prefix matching */
	static const char *const traps[] = {
		"Samsung Electro-Mechanics", "Microchip", "Micronas", "HT Micron", "Bright Micron",
		"Micron Technology Corp Ltd X", "Samsung123", "Micro", "Hynix Semi",
	};
	for (size_t i = 0; i < sizeof(traps) / sizeof(traps[0]); i++) {
		const ca_entity *e = ca_kb_find_alias(kb, traps[i]);
		if (e && (strcmp(e->id, "micron") == 0 || strcmp(e->id, "samsung") == 0 ||
			  strcmp(e->id, "sk-hynix") == 0))
			fail_msg("trap '%s' resolved to %s", traps[i], e->id);
	}
	assert_string_equal(ca_kb_find_alias(kb, "HANA Micron")->id, "hana-micron");
	ca_kb_free(kb);
}

static char *load_error(const char *text)
{
	ca_kb *kb = kb_or_fail();
	size_t before = ca_kb_entity_count(kb);
	char *err = NULL;
	int r = ca_kb_load_buffer(kb, "user.ini", text, strlen(text), &err);
	assert_int_equal(r, -EINVAL);
	assert_non_null(err);
	assert_int_equal(ca_kb_entity_count(kb), before); /* unchanged */
	ca_kb_free(kb);
	return err;
}

static void expect_error(const char *text, const char *want)
{
	char *err = load_error(text);
	if (!strstr(err, want))
		fail_msg("expected '%s' in '%s'", want, err);
	free(err);
}

static void test_loader_errors_name_file_and_line(void **state)
{
	(void)state;
	expect_error("[company x]\nname = X\n", "user.ini:2: [company x] cites no source");
	expect_error("[company x]\nname = X\ncolour = red\nsource = s\n", "user.ini:3: unknown key 'colour'");
	expect_error("[company x]\nname = X\njep106 = 1:0xAC\nsource = s\n", "user.ini:3: jep106 code 0xAC lacks its odd-parity bit");
	expect_error("[company x]\nname = X\nowner = micron from 2013-02-30\nsource = s\n", "user.ini:3: '2013-02-30' is not a date");
	expect_error("[company x]\nname = X\nowner = nobody\nsource = s\n", "owner 'nobody' of 'x' is not a known entity");
	expect_error("[company x]\nname = X\nalias = Micron\nsource = s\n", "alias 'micron' also names 'micron'");
	expect_error("[company x]\nname = X\njep106 = 1:0x2C\nsource = s\n", "jep106 1:0x2C is also given to");
	expect_error("[part p]\nmaker = micron\nkind = module\npattern = ^AB(\nsource = s\n", "pattern of [part p] does not compile");
	expect_error("[part p]\nmaker = micron\nkind = module\npattern = AB\nsource = s\n", "user.ini:4: pattern must be anchored");
	expect_error("[gadget x]\n", "user.ini:1: unknown section kind 'gadget'");
	expect_error("[company Bad_Id]\n", "user.ini:1: 'Bad_Id' is not a valid id");
	expect_error("name = X\n", "user.ini:1: 'name' outside a section");
	expect_error("[brand a]\nname = A\nowner = b\nsource = s\n[brand b]\nname = B\nowner = a\nsource = s\n", "loops");
	expect_error("[company x]\nname = X\nsource = s\n[company x]\nname = Y\nsource = s\n", "defined twice");
}

static void test_user_file_overrides_and_extends(void **state)
{
	(void)state;
	ca_kb *kb = kb_or_fail();
	const char *user =
		"# a compliance team's additions\n"
		"[company acme-memory]\n"
		"name = ACME Memory\n"
		"country = CN\n"
		"alias = 爱克美\n"
		"source = internal supplier register 2026-10\n"
		"[brand crucial]\n"
		"name = Crucial\n"
		"owner = acme-memory from 2026-03-01\n"
		"jep106 = 6:0x9B\n"
		"source = hypothetical sale for this test\n"
		"[part acme]\n"
		"maker = acme-memory\n"
		"kind = module\n"
		"pattern = ^ACM[0-9]\n"
		"source = test\n";
	char *err = NULL;
	assert_int_equal(ca_kb_load_buffer(kb, "user.ini", user, strlen(user), &err), 0);
	assert_null(err);
	assert_string_equal(ca_kb_find_alias(kb, "爱克美")->id, "acme-memory");
	assert_string_equal(owner(kb, "crucial", "2026-04-01"), "acme-memory");
	/* the replaced entity's old aliases are gone with it */
	assert_null(ca_kb_find_alias(kb, "英睿达"));
	ca_maker_answer r[CA_IDENTIFY_MAX_READINGS];
	ca_role roles[CA_IDENTIFY_MAX_READINGS];
	ca_part_info part;
	assert_int_equal(ca_identify_text(kb, "ACM1234", "2026-11-22", r, roles, &part), 1);
	assert_string_equal(r[0].maker_id, "acme-memory");
	ca_kb_free(kb);
}

static bool admits(const part_rule *r, unsigned char c)
{
	return (r->first[c >> 6] >> (c & 63)) & 1;
}

static const part_rule *rule_named(const ca_kb *kb, const char *id)
{
	size_t n;
	const part_rule *rules = cai_kb_part_rules(kb, &n);
	for (size_t i = 0; i < n; i++)
		if (strcmp(rules[i].id, id) == 0)
			return &rules[i];
	fail_msg("no part rule %s", id);
	return NULL;
}

/* The first-byte filter the resolver applies before regexec() never turns
 * away a subject the pattern matches: whole-pattern cases, and real model
 * strings against every shipped rule. */
static void test_first_byte_filter(void **state)
{
	(void)state;
	ca_kb *kb = kb_or_fail();
	const char *user = "[part alt]\nmaker = micron\nkind = drive\npattern = ^(AB|C[0-9]|D+E)X\nsource = t\n"
			   "[part opt]\nmaker = micron\nkind = drive\npattern = ^(AB)?CD\nsource = t\n"
			   "[part top]\nmaker = micron\nkind = drive\npattern = ^AB|CD\nsource = t\n"
			   "[part two]\nmaker = micron\nkind = drive\npattern = ^(A)B(C|D)\nsource = t\n"
			   "[part nest]\nmaker = micron\nkind = drive\npattern = ^(A|(B|C)D)\nsource = t\n"
			   "[part brk]\nmaker = micron\nkind = drive\npattern = ^(A[|(]|E)\nsource = t\n"
			   "[part q]\nmaker = micron\nkind = drive\npattern = ^A?B\nsource = t\n";
	char *err = NULL;
	assert_int_equal(ca_kb_load_buffer(kb, "user.ini", user, strlen(user), &err), 0);
	const part_rule *r = rule_named(kb, "alt");
	assert_true(admits(r, 'A') && admits(r, 'C') && admits(r, 'D'));
	assert_false(admits(r, 'B') || admits(r, 'X') || admits(r, 'E'));
	r = rule_named(kb, "opt"); /* optional group: C can start a match */
	assert_true(admits(r, 'A') && admits(r, 'C') && admits(r, 'Z'));
	r = rule_named(kb, "top"); /* the second alternative is not anchored */
	assert_true(admits(r, 'A') && admits(r, 'C') && admits(r, 'Z'));
	r = rule_named(kb, "two");
	assert_true(admits(r, 'A'));
	assert_false(admits(r, 'C') || admits(r, 'D'));
	r = rule_named(kb, "nest"); /* an alternative starting with a group: no filter */
	assert_true(admits(r, 'A') && admits(r, 'B') && admits(r, 'Z'));
	r = rule_named(kb, "brk");
	assert_true(admits(r, 'A') && admits(r, 'E'));
	assert_false(admits(r, '|') || admits(r, '('));
	r = rule_named(kb, "q");
	assert_true(admits(r, 'A') && admits(r, 'B') && admits(r, 'Z'));
	ca_kb_free(kb);

	kb = kb_or_fail();
	/* upper-cased and without spaces, as the resolver matches them */
	static const char *const models[] = {
		"MICRON_5300_MTFDDAK480TDS", "MTFDDAK480TDS", "CT1000MX500SSD1", "CRUCIAL_CT500P1SSD8",
		"SAMSUNGSSD860EVO500GB", "MZ7LH480HAHQ-00005", "SKHYNIXPC611", "HFS256G39TND-N210A",
		"INTELSSDSC2KB480G8", "SOLIDIGMSSDPFKNU010TZ", "KIOXIAKXG60ZNV512G", "KXG60ZNV512GKIOXIA",
		"TOSHIBAMG04ACA400E", "MG04ACA400E", "THNSN5256GPU7TOSHIBA", "WDCWD10EZEX-08WN4A0",
		"WDS500G2B0A-00SM50", "HGSTHUS726040ALE610", "HUS726040ALE610", "SANDISKSD8SB8U256G1122",
		"ST4000NM0035-1V4107", "KINGSTONSA400S37240G", "SA400S37240G", "YMTCPC005512GB",
		"ZHITAITIPLUS71001TB", "TIPLUS71001TB", "HUAWEIHWE52P431T6M005N", "ADATASU800",
		"TS256GMTS430S", "T-FORCEVULCAN", "DELLEXPRESSFLASHNVMEPM1725", "DELLENTNVMEP5600",
	};
	size_t n, hits = 0;
	const part_rule *rules = cai_kb_part_rules(kb, &n);
	for (size_t m = 0; m < sizeof(models) / sizeof(models[0]); m++) {
		bool matched = false;
		for (size_t i = 0; i < n; i++) {
			if (regexec(rules[i].re, models[m], 0, NULL, 0) != 0)
				continue;
			matched = true;
			if (!admits(&rules[i], (unsigned char)models[m][0]))
				fail_msg("rule %s matches %s but its filter turns it away", rules[i].id, models[m]);
		}
		hits += matched;
	}
	/* the sample means something: nearly every model matches a grammar */
	assert_true(hits >= sizeof(models) / sizeof(models[0]) - 2);
	/* and the filter does filter: most drive rules admit few first bytes */
	size_t filtered = 0;
	for (size_t i = 0; i < n; i++)
		filtered += rules[i].drive && !admits(&rules[i], 'Q');
	assert_true(filtered >= 20);
	ca_kb_free(kb);
}

static void test_load_file_missing(void **state)
{
	(void)state;
	ca_kb *kb = kb_or_fail();
	char *err = NULL;
	assert_int_equal(ca_kb_load_file(kb, "/nonexistent/kb.ini", &err), -ENOENT);
	assert_non_null(strstr(err, "/nonexistent/kb.ini"));
	free(err);
	ca_kb_free(kb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_data_validates),
		cmocka_unit_test(test_dated_lineage),
		cmocka_unit_test(test_aliases_whole_and_chinese),
		cmocka_unit_test(test_loader_errors_name_file_and_line),
		cmocka_unit_test(test_user_file_overrides_and_extends),
		cmocka_unit_test(test_load_file_missing),
		cmocka_unit_test(test_first_byte_filter),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
