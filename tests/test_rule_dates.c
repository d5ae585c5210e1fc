/* SPDX-License-Identifier: MIT */
/*
 * Every shipped profile on every example host, on the day before and the
 * day of each effective date the packs know (2019-08-13, 2020-08-13,
 * 2023-05-21, 2026-01-01, 2026-06-30, 2027-06-30, 2027-12-23): states,
 * severities, the article cited for the date, sentence tense and modality,
 * options named only where they change the outcome, and what a profile's
 * duties are (a contractor's own notebook is not under section 5949).
 * Then purchase dates (--purchases) and the rules not applied.
 */
#include "test_support.h"

#include "chipaudit/report.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#define HUAWEI_NOTEBOOK EXAMPLES_DIR "/huawei-notebook-cxmt.dmidecode.txt"
#define MICRON_SERVER EXAMPLES_DIR "/server-micron-rdimm.dmidecode.txt"
#define KINGSTON_MICRON EXAMPLES_DIR "/dell-kingston-module-micron-dies.dmidecode.txt"
#define LENOVO EXAMPLES_DIR "/lenovo-t480.dmidecode-dump-bin"

static const char *const hosts[] = {HUAWEI_NOTEBOOK, MICRON_SERVER, KINGSTON_MICRON, LENOVO};
static const char *const profiles[] = {"cn-cii-bank", "cn-cii-telecom", "cn-foreign-invested",
				       "us-executive-agency", "us-department-of-defense",
				       "us-federal-contractor", "us-federal-contractor-deliverables"};
static const char *const dates[] = {"2019-08-12", "2019-08-13", "2020-08-12", "2020-08-13",
				    "2023-05-20", "2023-05-21", "2025-12-31", "2026-01-01",
				    "2026-06-29", "2026-06-30", "2027-06-29", "2027-06-30",
				    "2027-12-22", "2027-12-23"};
#define N(a) (sizeof(a) / sizeof((a)[0]))

/* One finding, worded, for the checks. */
typedef struct worded {
	const ca_finding *f;
	char *sentence, *citation, *options, *reading;
} worded;

static worded word(const ca_finding *f)
{
	return (worded){f, ca_finding_sentence(f), ca_finding_citation(f), ca_finding_options(f),
			ca_finding_interpretation(f)};
}

static void unword(worded *w)
{
	free(w->sentence);
	free(w->citation);
	free(w->options);
	free(w->reading);
}

static bool has(const char *s, const char *needle)
{
	return s && strstr(s, needle);
}

static ca_assessment *assess(const char *profile, const char *date, const char *purchases,
			     const char *path, ca_policy **ret_policy)
{
	ca_policy_options o = {.profile = profile, .as_of = date, .purchases = purchases};
	char *err = NULL;
	if (ca_policy_open(&o, ret_policy, &err) < 0)
		fail_msg("policy: %s", err ? err : "?");
	ca_assessment *a;
	assert_int_equal(ca_assess_files(*ret_policy, path, &path, 1, &a), 0);
	assert_true(ca_assessment_readable(a));
	return a;
}

/* The invariants every finding of every profile must hold on every date. */
static void check_finding(const worded *w, const char *date, const char *profile)
{
	const ca_finding *f = w->f;
	const ca_rule *r = f->rule;
	bool before = strcmp(date, r->effective) < 0;
	/* state follows the date, severity follows the state */
	if (f->state != CA_FINDING_UNATTRIBUTED)
		assert_int_equal(f->state == CA_FINDING_NOT_YET_EFFECTIVE, before);
	if (f->state == CA_FINDING_NOT_YET_EFFECTIVE) {
		assert_int_equal(f->severity, CA_SEVERITY_INFO);
		assert_true(has(w->sentence, "not yet in force") || has(w->sentence, "no decision bars it yet"));
	} else {
		assert_false(has(w->sentence, "not yet"));
	}
	assert_false(has(w->sentence, "must")); /* 应 is "should", statutes "may not" */
	/* the article in force on the date */
	if (strcmp(r->pack_id, "cn-cac-2023-micron") == 0 && f->state != CA_FINDING_UNATTRIBUTED) {
		bool old = strcmp(date, "2026-01-01") < 0;
		assert_int_equal(has(w->citation, "Cybersecurity Law art. 35"), old);
		assert_int_equal(has(w->citation, "Cybersecurity Law art. 37"), !old);
		if (f->state == CA_FINDING_INSTALLED) {
			assert_int_equal(has(w->citation, "art. 65 (using"), old);
			assert_int_equal(has(w->citation, "art. 67 (using"), !old);
			/* the warning on installed parts is labelled an interpretation */
			assert_true(has(w->reading, "chipaudit's interpretation"));
			assert_true(has(w->reading, "installed-parts-at-risk"));
		}
	}
	/* options: bind-foreign-invested only where it bound the rule */
	if (has(w->options, "bind-foreign-invested"))
		assert_string_equal(profile, "cn-foreign-invested");
	/* installed-is-fail never on a part whose severity it did not set */
	if (has(w->options, "installed-is-fail"))
		assert_true(f->state == CA_FINDING_INSTALLED && strstr(r->id, "part-a"));
	/* a contractor's own equipment is not under section 5949 */
	if (strcmp(profile, "us-federal-contractor") == 0)
		assert_null(strstr(r->id, "5949"));
	/* section 5949 binds agencies; contractors only for deliverables */
	if (strstr(r->id, "5949/part-"))
		assert_true(strcmp(profile, "us-executive-agency") == 0 ||
			    strcmp(profile, "us-department-of-defense") == 0);
	/* an agency's installed covered parts are not failures by default */
	if (strstr(r->id, "5949") && f->state == CA_FINDING_INSTALLED)
		assert_true(f->severity <= CA_SEVERITY_WARN);
	/* section 805 binds the Department of Defense only */
	if (strstr(r->id, "805"))
		assert_string_equal(profile, "us-department-of-defense");
}

static void test_every_profile_host_and_date(void **state)
{
	(void)state;
	size_t findings = 0, statuses = 0;
	size_t by_state[5] = {0};
	for (size_t p = 0; p < N(profiles); p++)
		for (size_t h = 0; h < N(hosts); h++)
			for (size_t d = 0; d < N(dates); d++) {
				ca_policy *policy;
				ca_assessment *a = assess(profiles[p], dates[d], NULL, hosts[h], &policy);
				const ca_findings *fs = ca_assessment_findings(a);
				for (size_t i = 0; i < ca_findings_count(fs); i++) {
					worded w = word(ca_findings_at(fs, i));
					check_finding(&w, dates[d], profiles[p]);
					by_state[w.f->state]++;
					unword(&w);
					findings++;
				}
				/* every rule the profile holds has a status, and the
				 * statuses count the findings */
				size_t counted = 0;
				for (size_t i = 0; i < ca_findings_rule_count(fs); i++) {
					const ca_rule_status *st = ca_findings_rule_at(fs, i);
					assert_true(ca_rule_concerns(st->rule, ca_policy_profile(policy)));
					counted += st->findings;
					statuses++;
				}
				assert_int_equal(counted, ca_findings_count(fs));
				ca_assessment_free(a);
				ca_policy_free(policy);
			}
	/* not vacuous: every state but the purchase ones occurs */
	assert_true(findings > 500);
	assert_true(statuses > 300);
	assert_true(by_state[CA_FINDING_NOT_YET_EFFECTIVE] > 0);
	assert_true(by_state[CA_FINDING_INSTALLED] > 0);
}

/* Findings of rule (prefix) on one host: count, worst severity, first one. */
typedef struct pick {
	size_t n;
	int worst;
	char state[32], sentence[1024], options[1024], citation[1024];
} pick;

static pick findings_of(const char *profile, const char *date, const char *purchases,
			const char *host, const char *rule)
{
	ca_policy *policy;
	ca_assessment *a = assess(profile, date, purchases, host, &policy);
	const ca_findings *fs = ca_assessment_findings(a);
	pick k = {.worst = -1};
	for (size_t i = 0; i < ca_findings_count(fs); i++) {
		const ca_finding *f = ca_findings_at(fs, i);
		if (strncmp(f->rule->id, rule, strlen(rule)) != 0)
			continue;
		if (k.n++ == 0) {
			worded w = word(f);
			snprintf(k.state, sizeof(k.state), "%s", ca_finding_state_name(f->state));
			snprintf(k.sentence, sizeof(k.sentence), "%s", w.sentence);
			snprintf(k.options, sizeof(k.options), "%s", w.options ? w.options : "");
			snprintf(k.citation, sizeof(k.citation), "%s", w.citation);
			unword(&w);
		}
		if ((int)f->severity > k.worst)
			k.worst = (int)f->severity;
	}
	ca_assessment_free(a);
	ca_policy_free(policy);
	return k;
}

/* The status text of rule for profile on date (host any). */
static char *status_of(const char *profile, const char *date, const char *rule)
{
	ca_policy *policy;
	ca_assessment *a = assess(profile, date, NULL, LENOVO, &policy);
	const ca_findings *fs = ca_assessment_findings(a);
	char *text = NULL;
	for (size_t i = 0; i < ca_findings_rule_count(fs); i++)
		if (strcmp(ca_findings_rule_at(fs, i)->rule->id, rule) == 0)
			text = ca_rule_status_text(ca_findings_rule_at(fs, i));
	ca_assessment_free(a);
	ca_policy_free(policy);
	return text;
}

static void test_duties_by_profile(void **state)
{
	(void)state;
	/* the contractor's own notebook: section 889 Part B (use), no 5949 */
	pick k = findings_of("us-federal-contractor", "2028-01-01", NULL, HUAWEI_NOTEBOOK, "us-ndaa-fy2023-5949");
	assert_int_equal(k.n, 0);
	k = findings_of("us-federal-contractor", "2028-01-01", NULL, HUAWEI_NOTEBOOK, "us-ndaa-fy2019-889/part-b");
	assert_int_equal(k.n, 1);
	assert_int_equal(k.worst, CA_SEVERITY_FAIL);
	assert_true(has(k.sentence, "one business day"));
	char *st = status_of("us-federal-contractor", "2028-01-01", "us-ndaa-fy2023-5949/supplier");
	assert_true(has(st, "not applied: option offered-or-delivered = false"));
	free(st);
	/* the same equipment offered or delivered to an agency */
	k = findings_of("us-federal-contractor-deliverables", "2028-01-01", NULL, HUAWEI_NOTEBOOK,
			"us-ndaa-fy2023-5949/supplier");
	assert_int_equal(k.n, 8);
	k = findings_of("us-federal-contractor-deliverables", "2028-01-01", NULL, HUAWEI_NOTEBOOK,
			"us-ndaa-fy2019-889/part-a-supplier");
	assert_int_equal(k.n, 1);
	assert_true(has(k.sentence, "52.204-25(b)(1)"));
	/* the Department of Defense and CXMT (listed from 2025-01-07) */
	k = findings_of("us-department-of-defense", "2027-06-29", NULL, HUAWEI_NOTEBOOK, "us-ndaa-fy2024-805/indirect");
	assert_int_equal(k.n, 8);
	assert_string_equal(k.state, "not-yet-effective");
	k = findings_of("us-department-of-defense", "2027-06-30", NULL, HUAWEI_NOTEBOOK, "us-ndaa-fy2024-805/indirect");
	assert_int_equal(k.worst, CA_SEVERITY_WARN);
	/* the listing is an assumption: the option that would make it info is named */
	assert_true(has(k.options, "still-listed = true"));
	k = findings_of("us-department-of-defense", "2024-12-31", NULL, HUAWEI_NOTEBOOK, "us-ndaa-fy2024-805");
	assert_int_equal(k.n, 0); /* CXMT not yet listed */
	/* a foreign-invested operator that reads the decision as not binding it */
	st = status_of("cn-foreign-invested", "2026-11-30", "cn-cac-2023-micron");
	assert_true(has(st, "applied: 0 findings"));
	free(st);
	/* section 889: Huawei notebook, by the option that counts devices */
	k = findings_of("us-executive-agency", "2026-11-30", NULL, HUAWEI_NOTEBOOK, "us-ndaa-fy2019-889/part-a");
	assert_int_equal(k.n, 1);
	assert_true(has(k.options, "count-non-telecom-devices = true"));
	assert_false(has(k.options, "surveillance-purpose")); /* Huawei: no purpose limitation */
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_purchase_dates(void **state)
{
	(void)state;
	char dir[] = "/tmp/chipaudit-purchases-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char after[300], before[300], bad[300];
	snprintf(after, sizeof(after), "%s/after.csv", dir);
	snprintf(before, sizeof(before), "%s/before.csv", dir);
	snprintf(bad, sizeof(bad), "%s/bad.csv", dir);
	write_file(after, "host,purchase_date\nserver-micron-rdimm.dmidecode.txt,2024-03-01\n");
	write_file(before, "\xEF\xBB\xBF" "File;Purchased\r\n\"server-micron-rdimm.dmidecode.txt\";2022-11-15\r\n");
	write_file(bad, "host,purchase_date\nx,2024-02-30\n");
	/* bought after the decision: the purchase it bars */
	pick k = findings_of("cn-cii-bank", "2026-11-30", after, MICRON_SERVER, "cn-cac-2023-micron");
	assert_int_equal(k.n, 12);
	assert_string_equal(k.state, "bought-after-effective");
	assert_int_equal(k.worst, CA_SEVERITY_FAIL);
	assert_true(has(k.sentence, "bought on 2024-03-01"));
	assert_true(has(k.sentence, "This may be a purchase the decision bars"));
	/* bought before it: a labelled older purchase */
	k = findings_of("cn-cii-bank", "2026-11-30", before, MICRON_SERVER, "cn-cac-2023-micron");
	assert_string_equal(k.state, "bought-before-effective");
	assert_int_equal(k.worst, CA_SEVERITY_INFO);
	assert_true(has(k.sentence, "bought on 2022-11-15, before the decision of 2023-05-21"));
	/* section 5949: acquired before 2027-12-23 is grandfathered, after fails */
	write_file(after, "host,purchase_date\nhuawei-notebook-cxmt.dmidecode.txt,2028-02-01\n");
	write_file(before, "host,purchase_date\nhuawei-notebook-cxmt.dmidecode.txt,2024-06-01\n");
	k = findings_of("us-executive-agency", "2028-06-01", after, HUAWEI_NOTEBOOK, "us-ndaa-fy2023-5949/part-a");
	assert_int_equal(k.worst, CA_SEVERITY_FAIL);
	k = findings_of("us-executive-agency", "2028-06-01", before, HUAWEI_NOTEBOOK, "us-ndaa-fy2023-5949/part-a");
	assert_int_equal(k.worst, CA_SEVERITY_INFO);
	assert_string_equal(k.state, "bought-before-effective");
	/* a bad list is refused with its line */
	ca_policy_options o = {.purchases = bad};
	ca_policy *policy;
	char *err = NULL;
	assert_int_equal(ca_policy_open(&o, &policy, &err), -EINVAL);
	assert_true(has(err, "bad.csv:2: purchase date '2024-02-30'"));
	free(err);
	/* keys that match no host are known afterwards */
	write_file(after, "serial,purchase_date\nNO-SUCH-SERIAL,2024-01-01\n");
	o = (ca_policy_options){.purchases = after, .profile = "cn-cii-bank"};
	assert_int_equal(ca_policy_open(&o, &policy, NULL), 0);
	const char *path = MICRON_SERVER;
	ca_assessment *a;
	assert_int_equal(ca_assess_files(policy, path, &path, 1, &a), 0);
	assert_false(ca_purchases_matched(ca_policy_purchases(policy), 0));
	assert_int_equal(ca_purchases_at(ca_policy_purchases(policy), 0)->line, 2);
	ca_assessment_free(a);
	ca_policy_free(policy);
	unlink(after);
	unlink(before);
	unlink(bad);
	rmdir(dir);
}

static void test_module_serial_key(void **state)
{
	(void)state;
	/* a module keyed by its own serial number dates that module only */
	char path[] = "/tmp/chipaudit-serial-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	write_file(path, "serial,purchase_date\n460360BB,2025-01-10\n");
	ca_policy_options o = {.purchases = path, .profile = "cn-cii-bank", .as_of = "2026-11-30"};
	ca_policy *policy;
	assert_int_equal(ca_policy_open(&o, &policy, NULL), 0);
	const char *fx = fixture_path("dmidecode-text/glpi-rhel-3.4-dmidecode-2.2-two-line-handles.txt");
	ca_assessment *a;
	assert_int_equal(ca_assess_files(policy, "rhel", &fx, 1, &a), 0);
	size_t dated = 0;
	for (size_t i = 0; i < ca_assessment_component_count(a); i++) {
		const ca_component *c = ca_assessment_component(a, i);
		if (c->purchased) {
			dated++;
			assert_string_equal(c->purchased, "2025-01-10");
			assert_string_equal(c->memory.serial_number, "460360BB");
			assert_true(has(c->purchase_source, ":2 (serial '460360BB')"));
		}
	}
	assert_int_equal(dated, 1);
	assert_true(ca_purchases_matched(ca_policy_purchases(policy), 0));
	ca_assessment_free(a);
	ca_policy_free(policy);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_profile_host_and_date),
		cmocka_unit_test(test_duties_by_profile),
		cmocka_unit_test(test_purchase_dates),
		cmocka_unit_test(test_module_serial_key),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
