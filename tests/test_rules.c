/* SPDX-License-Identifier: MIT */
/* Rule packs, profiles, waivers and their evaluation on real hosts. */
#include "test_support.h"

#include "chipaudit/report.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static ca_kb *kb;
static ca_rules *rules;

static int setup(void **state)
{
	(void)state;
	if (ca_kb_new(&kb) < 0)
		return -1;
	return ca_rules_new(&rules);
}

static int teardown(void **state)
{
	(void)state;
	ca_rules_free(rules);
	ca_kb_free(kb);
	return 0;
}

typedef struct tally {
	size_t total, by_rule, waived;
	ca_severity worst;
	char first_role[16];
	char first_sentence[600];
	char first_options[300];
	char first_waiver[300];
	char first_state[24];
	char first_citation[400];
} tally;

/* Copies a ca_finding_*() text into dst ("" for NULL) and frees it. */
static void take(char *dst, size_t size, char *text)
{
	snprintf(dst, size, "%s", text ? text : "");
	free(text);
}

/* The assessment of a fixture with owners as of date, without rules (the
 * tests evaluate with their own rule set and profiles). */
static ca_assessment *assess_fixture(const char *fixture, const char *date, ca_policy **ret_policy)
{
	ca_policy_options o = {.as_of = date};
	assert_int_equal(ca_policy_open(&o, ret_policy, NULL), 0);
	size_t len;
	uint8_t *buf = fixture_read(fixture, &len);
	ca_assessment *a;
	assert_int_equal(ca_assessment_new(*ret_policy, fixture, &a), 0);
	assert_int_equal(ca_assessment_add_buffer(a, fixture, buf, len), 0);
	assert_int_equal(ca_assessment_finish(a), 0);
	free(buf);
	return a;
}

/* Evaluates fixture under profile on date; counts findings of rule_prefix. */
static tally evaluate(const char *fixture, const char *profile_id, const ca_profile *profile,
		      const char *date, const char *rule_prefix, const ca_waivers *w)
{
	ca_policy *policy;
	ca_assessment *a = assess_fixture(fixture, date, &policy);
	if (!profile)
		profile = ca_rules_find_profile(rules, profile_id);
	assert_non_null(profile);
	ca_findings *f = NULL;
	assert_int_equal(ca_rules_evaluate(rules, profile, a, date, w, &f), 0);
	tally t = {.worst = CA_SEVERITY_INFO};
	for (size_t i = 0; i < ca_findings_count(f); i++) {
		const ca_finding *x = ca_findings_at(f, i);
		t.total++;
		if (strncmp(x->rule->id, rule_prefix, strlen(rule_prefix)) != 0)
			continue;
		if (t.by_rule++ == 0) {
			snprintf(t.first_role, sizeof(t.first_role), "%s", x->role ? x->role : "");
			take(t.first_sentence, sizeof(t.first_sentence), ca_finding_sentence(x));
			take(t.first_options, sizeof(t.first_options), ca_finding_options(x));
			take(t.first_waiver, sizeof(t.first_waiver), ca_finding_waiver_text(x));
			snprintf(t.first_state, sizeof(t.first_state), "%s", ca_finding_state_name(x->state));
			take(t.first_citation, sizeof(t.first_citation), ca_finding_citation(x));
		}
		t.waived += x->waived;
		if (x->severity > t.worst)
			t.worst = x->severity;
		char *evidence = ca_finding_evidence(x), *citation = ca_finding_citation(x),
		     *sentence = ca_finding_sentence(x);
		assert_true(strlen(evidence) > 10);
		assert_true(strlen(citation) > 10);
		assert_true(strlen(sentence) > 10);
		free(evidence);
		free(citation);
		free(sentence);
	}
	ca_findings_free(f);
	ca_assessment_free(a);
	ca_policy_free(policy);
	return t;
}

#define MICRON_SERVER "dmidecode-text/inferit-r1-rdimm-micron-binary-id.txt"
#define KINGSTON_MICRON "dmidecode-text/dell-g3-12hex-kingston-micron.txt"
#define HUAWEI_CXMT "dmidecode-text/huawei-bode-cxmt-lpddr4.txt"

static void test_shipped_packs_and_profiles(void **state)
{
	(void)state;
	assert_int_equal(ca_rules_count(rules), 9);
	assert_int_equal(ca_rules_profile_count(rules), 7);
	static const char *const ids[] = {"cn-cac-2023-micron", "us-ndaa-fy2019-889/part-a",
					  "us-ndaa-fy2019-889/part-a-supplier",
					  "us-ndaa-fy2019-889/part-b", "us-ndaa-fy2023-5949/part-a",
					  "us-ndaa-fy2023-5949/part-b", "us-ndaa-fy2023-5949/supplier",
					  "us-ndaa-fy2024-805/direct", "us-ndaa-fy2024-805/indirect"};
	for (size_t i = 0; i < 9; i++) {
		const ca_rule *r = ca_rules_find(rules, ids[i]);
		assert_non_null(r);
		assert_true(r->n_citations >= 1);
		assert_true(r->n_legal_basis >= 1);
		assert_non_null(r->reviewed);
		assert_non_null(r->scope);
		for (size_t m = 0; m < r->n_makers; m++)
			assert_non_null(ca_kb_entity(kb, r->makers[m].id));
	}
	const ca_rule *cac = ca_rules_find(rules, "cn-cac-2023-micron");
	assert_string_equal(cac->decision_opened, "2023-03-31");
	assert_string_equal(cac->decision_concluded, "2023-05-21");
	assert_string_equal(cac->decision_outcome, "not passed");
	assert_string_equal(ca_rules_find(rules, "us-ndaa-fy2023-5949/part-a")->effective, "2027-12-23");
	assert_string_equal(ca_rules_find(rules, "us-ndaa-fy2019-889/part-b")->effective, "2020-08-13");
}

static void test_micron_server_cn_bank_vs_us_agency(void **state)
{
	(void)state;
	tally t = evaluate(MICRON_SERVER, "cn-cii-bank", NULL, "2026-11-22", "cn-cac-2023-micron", NULL);
	assert_int_equal(t.by_rule, 12); /* twelve Micron RDIMMs */
	assert_int_equal(t.worst, CA_SEVERITY_WARN); /* installed under a procurement ban */
	assert_string_equal(t.first_role, "module");
	assert_non_null(strstr(t.first_citation, "Cybersecurity Law"));
	assert_non_null(strstr(t.first_citation, "not passed"));
	t = evaluate(MICRON_SERVER, "us-executive-agency", NULL, "2026-11-22", "cn-cac-2023-micron", NULL);
	assert_int_equal(t.by_rule, 0);
	assert_int_equal(t.total, 0); /* and nothing from the US packs either */
	/* before the decision there is nothing to find */
	t = evaluate(MICRON_SERVER, "cn-cii-bank", NULL, "2023-05-20", "cn-cac-2023-micron", NULL);
	assert_string_equal(t.first_state, "not-yet-effective");
	assert_int_equal(t.worst, CA_SEVERITY_INFO);
}

static void test_kingston_module_with_micron_dies(void **state)
{
	(void)state;
	tally t = evaluate(KINGSTON_MICRON, "cn-cii-bank", NULL, "2026-11-22", "cn-cac-2023-micron", NULL);
	assert_int_equal(t.by_rule, 2);
	assert_string_equal(t.first_role, "dram");
	assert_non_null(strstr(t.first_sentence, "dram maker"));
	assert_non_null(strstr(t.first_options, "count-dram-dies = true"));
	/* a profile that answers the ambiguity the other way */
	const char *yaml = "id: cn-bank-narrow\n"
			   "name: Bank reading the decision narrowly\n"
			   "jurisdiction: CN\n"
			   "roles: [cii-operator]\n"
			   "ownership: domestic\n"
			   "options:\n"
			   "  cn-cac-2023-micron.count-dram-dies: false\n"
			   "source: test\n";
	char *err = NULL;
	assert_int_equal(ca_rules_load_buffer(rules, kb, "narrow.yaml", yaml, strlen(yaml), &err), 0);
	const ca_profile *narrow = ca_rules_find_profile(rules, "cn-bank-narrow");
	t = evaluate(KINGSTON_MICRON, NULL, narrow, "2026-11-22", "cn-cac-2023-micron", NULL);
	assert_int_equal(t.by_rule, 0);
}

static void test_cxmt_notebook_before_and_from_5949(void **state)
{
	(void)state;
	/* eight CXMT parts, each under Part A and Part B */
	tally t = evaluate(HUAWEI_CXMT, "us-executive-agency", NULL, "2027-12-22", "us-ndaa-fy2023-5949", NULL);
	assert_int_equal(t.by_rule, 16);
	assert_int_equal(t.worst, CA_SEVERITY_INFO);
	assert_string_equal(t.first_state, "not-yet-effective");
	assert_non_null(strstr(t.first_sentence, "not yet in force; from 2027-12-23"));
	/* installed parts of unknown purchase date: grandfathered unless bought
	 * later, so a warning, not a failure (option installed-is-fail) */
	t = evaluate(HUAWEI_CXMT, "us-executive-agency", NULL, "2027-12-23", "us-ndaa-fy2023-5949/part-a", NULL);
	assert_int_equal(t.by_rule, 8);
	assert_int_equal(t.worst, CA_SEVERITY_WARN);
	assert_non_null(strstr(t.first_options, "installed-is-fail = false"));
	/* Part B: only in critical systems, unknown here: information, and the
	 * installed-is-fail option does not change it so it is not named */
	t = evaluate(HUAWEI_CXMT, "us-executive-agency", NULL, "2027-12-23", "us-ndaa-fy2023-5949/part-b", NULL);
	assert_int_equal(t.by_rule, 8);
	assert_int_equal(t.worst, CA_SEVERITY_INFO);
	assert_non_null(strstr(t.first_options, "critical-system = false"));
	assert_null(strstr(t.first_options, "installed-is-fail"));
	/* and the Huawei system itself under section 889 */
	t = evaluate(HUAWEI_CXMT, "us-executive-agency", NULL, "2027-12-23", "us-ndaa-fy2019-889", NULL);
	assert_int_equal(t.by_rule, 1);
	assert_string_equal(t.first_role, "system");
	/* the Chinese bank profile is not bound by US law */
	t = evaluate(HUAWEI_CXMT, "cn-cii-bank", NULL, "2027-12-23", "us-", NULL);
	assert_int_equal(t.by_rule, 0);
}

static void test_waiver_until_expiry(void **state)
{
	(void)state;
	const char *yaml = "waivers:\n"
			   "  - rule: cn-cac-2023-micron\n"
			   "    host: \"*inferit*\"\n"
			   "    reason: replacement ordered, ticket CHG-1234\n"
			   "    approver: CISO\n"
			   "    expires: 2027-01-01\n";
	ca_waivers *w = NULL;
	char *err = NULL;
	assert_int_equal(ca_waivers_load_buffer("waivers.yaml", yaml, strlen(yaml), &w, &err), 0);
	tally t = evaluate(MICRON_SERVER, "cn-cii-bank", NULL, "2026-12-31", "cn-cac-2023-micron", w);
	assert_int_equal(t.by_rule, 12);
	assert_int_equal(t.waived, 12);
	assert_non_null(strstr(t.first_waiver, "waived until 2027-01-01 by CISO"));
	t = evaluate(MICRON_SERVER, "cn-cii-bank", NULL, "2027-01-01", "cn-cac-2023-micron", w);
	assert_int_equal(t.waived, 0);
	assert_non_null(strstr(t.first_waiver, "expired on 2027-01-01"));
	/* a waiver for another host does not apply */
	t = evaluate(KINGSTON_MICRON, "cn-cii-bank", NULL, "2026-12-31", "cn-cac-2023-micron", w);
	assert_int_equal(t.waived, 0);
	ca_waivers_free(w);
}

static void test_foreign_invested_option(void **state)
{
	(void)state;
	tally t = evaluate(MICRON_SERVER, "cn-foreign-invested", NULL, "2026-11-22", "cn-cac-2023-micron", NULL);
	assert_int_equal(t.by_rule, 12);
	assert_non_null(strstr(t.first_options, "bind-foreign-invested = true"));
	const char *yaml = "id: cn-fie-narrow\nname: FIE\njurisdiction: CN\nroles: [cii-operator]\n"
			   "ownership: foreign-invested\n"
			   "options:\n  cn-cac-2023-micron.bind-foreign-invested: false\nsource: test\n";
	assert_int_equal(ca_rules_load_buffer(rules, kb, "fie.yaml", yaml, strlen(yaml), NULL), 0);
	t = evaluate(MICRON_SERVER, NULL, ca_rules_find_profile(rules, "cn-fie-narrow"), "2026-11-22",
		     "cn-cac-2023-micron", NULL);
	assert_int_equal(t.by_rule, 0);
}

static void test_unattributed_parts_reported(void **state)
{
	(void)state;
	tally t = evaluate("dmidecode-text/gmktec-nucbox8-lpddr4-placeholder.txt", "cn-cii-bank", NULL,
			   "2026-11-22", "cn-cac-2023-micron", NULL);
	assert_int_equal(t.by_rule, 1);
	assert_string_equal(t.first_state, "unattributed");
	assert_non_null(strstr(t.first_sentence, "Could not attribute 4 of 4 memory parts"));
}

static void expect_load_error(const char *yaml, const char *want)
{
	ca_rules *fresh;
	assert_int_equal(ca_rules_new(&fresh), 0);
	char *err = NULL;
	size_t before = ca_rules_count(fresh);
	int r = ca_rules_load_buffer(fresh, kb, "pack.yaml", yaml, strlen(yaml), &err);
	assert_true(r < 0);
	assert_non_null(err);
	if (!strstr(err, want))
		fail_msg("expected '%s' in '%s'", want, err);
	assert_int_equal(ca_rules_count(fresh), before);
	free(err);
	ca_rules_free(fresh);
}

#define PACK_HEAD                                                                                  \
	"id: test-pack\nauthority: A\njurisdiction: CN\nlegal_basis: [L]\nreviewed: 2026-01-01\n"   \
	"citations:\n  - title: T\nsentence: \"{maker}\"\n"

static void test_broken_packs_give_file_line(void **state)
{
	(void)state;
	expect_load_error(PACK_HEAD "title: X\nbinds: [{jurisdiction: CN}]\nmakers: [micron]\nroles: [module]\nforbids: use\n",
			  "'effective' is required");
	expect_load_error(PACK_HEAD "title: X\neffective: 2023-02-30\n", "pack.yaml:10: 'effective' must be a date");
	expect_load_error(PACK_HEAD "title: X\neffective: 2023-01-01\nbinds: [{jurisdiction: CN}]\nmakers: [nobody]\nroles: [module]\nforbids: use\n",
			  "pack.yaml:12: maker 'nobody' is not in the knowledge base");
	expect_load_error(PACK_HEAD "colour: red\n", "pack.yaml:9: unknown key 'colour'");
	expect_load_error(PACK_HEAD "title: [unclosed\n", "pack.yaml:");
	expect_load_error(PACK_HEAD "title: X\neffective: 2023-01-01\nbinds: [{jurisdiction: CN}]\nmakers: [micron]\nroles: [gpu]\nforbids: use\n",
			  "role 'gpu' is not one of");
	expect_load_error(PACK_HEAD "title: X\neffective: 2023-01-01\nbinds: [{jurisdiction: CN}]\nmakers: [micron]\nroles: [module]\nforbids: use\nseverity: {installed: severe}\n",
			  "severity must be info, warn or fail");
	expect_load_error("id: p\nname: P\njurisdiction: CN\nroles: [x]\nownership: state-owned\nsource: s\n",
			  "pack.yaml:5: ownership must be domestic or foreign-invested");
	expect_load_error("id: test-pack\nauthority: A\njurisdiction: CN\nlegal_basis: [L]\nsentence: s\nmakers: [micron]\n",
			  "'citations' is required");
	ca_waivers *w = NULL;
	char *err = NULL;
	const char *bad = "waivers:\n  - rule: x\n    reason: r\n    approver: a\n";
	assert_int_equal(ca_waivers_load_buffer("w.yaml", bad, strlen(bad), &w, &err), -EINVAL);
	assert_non_null(strstr(err, "w.yaml:2: 'expires' is required"));
	free(err);
}

static void test_bad_date_rejected(void **state)
{
	(void)state;
	ca_policy *policy;
	ca_assessment *a = assess_fixture(MICRON_SERVER, "2026-11-30", &policy);
	ca_findings *f = NULL;
	assert_int_equal(ca_rules_evaluate(rules, ca_rules_find_profile(rules, "cn-cii-bank"), a,
					   "2026-13-01", NULL, &f),
			 -EINVAL);
	ca_assessment_free(a);
	ca_policy_free(policy);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_packs_and_profiles),
		cmocka_unit_test(test_micron_server_cn_bank_vs_us_agency),
		cmocka_unit_test(test_kingston_module_with_micron_dies),
		cmocka_unit_test(test_cxmt_notebook_before_and_from_5949),
		cmocka_unit_test(test_waiver_until_expiry),
		cmocka_unit_test(test_foreign_invested_option),
		cmocka_unit_test(test_unattributed_parts_reported),
		cmocka_unit_test(test_broken_packs_give_file_line),
		cmocka_unit_test(test_bad_date_rejected),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
