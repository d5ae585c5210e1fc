/* SPDX-License-Identifier: MIT */
/*
 * Export-control screening: the cases of docs/export.md (YMTC, SMIC Beijing
 * with an etcher, CXMT, Samsung Xi'an either side of 2025-12-31, NXT:1980i
 * from the Netherlands on 2024-09-01 and 2024-09-08, an H200 exported from
 * the US and re-exported from Singapore, Huawei through an intermediate
 * consignee) against the shipped regime records and list snapshot; names that
 * must not match; every record's effective dates on both sides; the strict
 * loaders; the CSL importer rejecting a malformed download whole.
 */
#include "chipaudit/export.h"
#include "chipaudit/report.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static ca_export_regimes *R;
static ca_export_lists *L;

static int setup(void **state)
{
	(void)state;
	if (ca_export_regimes_builtin(&R) != 0 || ca_export_lists_builtin(&L) != 0)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	ca_export_regimes_free(R);
	ca_export_lists_free(L);
	return 0;
}

static const ca_screen_rule *rule(const ca_screen_result *r, const char *id)
{
	for (size_t i = 0; i < r->n_rules; i++)
		if (strcmp(r->rules[i].record->id, id) == 0)
			return &r->rules[i];
	return NULL;
}

static const char *question(const ca_screen_result *r, const char *needle)
{
	for (size_t i = 0; i < r->n_questions; i++)
		if (strstr(r->questions[i], needle))
			return r->questions[i];
	return NULL;
}

static const ca_screen_party *party(const ca_screen_result *r, const char *list, ca_match_band band)
{
	for (size_t i = 0; i < r->n_parties; i++)
		if (strcmp(r->parties[i].hit.list, list) == 0 && r->parties[i].hit.band == band)
			return &r->parties[i];
	return NULL;
}

static void dump(const ca_screen_result *r)
{
	fprintf(stderr, "licence %s policy %s regimes '%s'\n", ca_tristate_name(r->licence),
		ca_review_policy_name(r->policy), r->regimes);
	for (size_t i = 0; i < r->n_rules; i++)
		fprintf(stderr, "  rule %s licence %s policy %s%s%s\n", r->rules[i].record->id,
			ca_tristate_name(r->rules[i].licence), ca_review_policy_name(r->rules[i].policy),
			r->rules[i].overridden_by ? " overridden by " : "",
			r->rules[i].overridden_by ? r->rules[i].overridden_by : "");
	for (size_t i = 0; i < r->n_parties; i++)
		fprintf(stderr, "  party %s: %s %s %.3f %s %s\n", r->parties[i].role, r->parties[i].hit.list,
			r->parties[i].hit.entry, r->parties[i].hit.score, r->parties[i].in_force ? "" : "(not in force)",
			r->parties[i].listing_record ? r->parties[i].listing_record : "");
	for (size_t i = 0; i < r->n_questions; i++)
		fprintf(stderr, "  question %s\n", r->questions[i]);
}

/* 1. EAR99 spare parts from the US to YMTC: Entity List, all items,
 * presumption of denial, 87 FR 77508; before 2022-12-16 not yet listed. */
static void test_ymtc(void **state)
{
	(void)state;
	ca_order_line l = {.ship_date = "2025-03-01", .ship_from = "US", .exporter_country = "US",
			   .item = "spare parts", .eccn = "EAR99", .destination = "CN",
			   .end_user = "Yangtze Memory Technologies Co., Ltd."};
	ca_screen_result r;
	ca_export_screen(R, L, &l, &r);
	dump(&r);
	const ca_screen_party *p = party(&r, "EL", CA_MATCH_PROBABLE);
	assert_non_null(p);
	assert_string_equal(p->hit.entry, "Yangtze Memory Technologies Co., Ltd.");
	assert_true(strstr(p->hit.countries, "CN") != NULL);
	assert_string_equal(p->hit.fr, "87 FR 77508");
	assert_true(p->hit.all_items);
	assert_int_equal(p->hit.policy, CA_POLICY_PRESUMPTION_OF_DENIAL);
	assert_true(p->in_force);
	assert_string_equal(p->listing_record, "US-EL-YMTC");
	assert_int_equal(r.licence, CA_YES);
	assert_int_equal(r.policy, CA_POLICY_PRESUMPTION_OF_DENIAL);
	assert_non_null(strstr(r.regimes, "us-ear"));

	/* the day before the listing took effect the entry is not in force */
	l.ship_date = "2022-12-15";
	ca_export_screen(R, L, &l, &r);
	p = party(&r, "EL", CA_MATCH_PROBABLE);
	assert_non_null(p);
	assert_false(p->in_force);
	assert_int_not_equal(r.licence, CA_YES);
	/* ...and an unknown (the fab questions) is not a "no" */
	assert_int_equal(r.licence, CA_UNKNOWN);

	/* by the acronym listed as an alias, and by the Chinese name */
	ca_party_hit h[4];
	int n = ca_export_match(L, "YMTC", "CN", h, 4);
	assert_true(n >= 1);
	assert_string_equal(h[0].entry, "Yangtze Memory Technologies Co., Ltd.");
	assert_string_equal(h[0].matched, "YMTC");
	n = ca_export_match(L, "长江存储科技有限责任公司", "CN", h, 4);
	assert_true(n >= 1);
	assert_string_equal(h[0].entry, "Yangtze Memory Technologies Co., Ltd.");
	assert_int_equal(h[0].band, CA_MATCH_PROBABLE);
	assert_non_null(h[0].via);
}

/* 2. A 3B001.c etcher to SMIC Beijing: Entity List footnote 5 presumption
 * of denial and the SME licence requirement to D:5. */
static void test_smic_beijing(void **state)
{
	(void)state;
	ca_order_line l = {.ship_date = "2025-06-01", .ship_from = "US", .item = "plasma etcher",
			   .eccn = "3B001.c.1.b", .destination = "CN", .end_user = "SMIC Beijing"};
	ca_screen_result r;
	ca_export_screen(R, L, &l, &r);
	dump(&r);
	const ca_screen_party *p = party(&r, "EL", CA_MATCH_PROBABLE);
	assert_non_null(p);
	assert_string_equal(p->hit.entry, "Semiconductor Manufacturing International (Beijing) Corporation");
	assert_int_equal(p->hit.footnote, 5);
	assert_int_equal(p->hit.policy, CA_POLICY_PRESUMPTION_OF_DENIAL);
	assert_non_null(strstr(p->hit.fr, "89 FR 96837"));
	const ca_screen_rule *sme = rule(&r, "US-SME-3B001-D5");
	assert_non_null(sme);
	assert_int_equal(sme->licence, CA_YES);
	assert_non_null(rule(&r, "US-EL-FN5"));
	assert_non_null(rule(&r, "US-740.2a9"));
	assert_int_equal(r.licence, CA_YES);
	assert_int_equal(r.policy, CA_POLICY_PRESUMPTION_OF_DENIAL);
}

/* 3. An etcher to CXMT: no list hit, the SME licence, and the advanced-node
 * question of 15 CFR 744.23. */
static void test_cxmt(void **state)
{
	(void)state;
	ca_order_line l = {.ship_date = "2026-03-01", .ship_from = "US", .item = "etcher", .eccn = "3B001.c",
			   .destination = "CN", .end_user = "ChangXin Memory Technologies (Hefei)",
			   .fab_production = CA_YES, .us_person_support = CA_NO};
	ca_screen_result r;
	ca_export_screen(R, L, &l, &r);
	dump(&r);
	assert_null(party(&r, "EL", CA_MATCH_PROBABLE));
	assert_null(party(&r, "EL", CA_MATCH_REVIEW));
	assert_int_equal(r.n_parties, 0);
	assert_non_null(rule(&r, "US-SME-3B001-D5"));
	assert_null(rule(&r, "US-744.23-ADVANCED-FAB"));
	const char *q = question(&r, "US-744.23-ADVANCED-FAB");
	assert_non_null(q);
	assert_non_null(strstr(q, "DRAM"));
	assert_int_equal(r.licence, CA_YES);
	/* answered: the end-use control is engaged */
	l.advanced_node = CA_YES;
	ca_export_screen(R, L, &l, &r);
	assert_non_null(rule(&r, "US-744.23-ADVANCED-FAB"));
	assert_int_equal(r.policy, CA_POLICY_PRESUMPTION_OF_DENIAL);
	/* the curated name says CXMT is not listed */
	const char *en, *src;
	bool listed = true;
	assert_true(ca_export_curated_name("长鑫存储技术有限公司", &en, &listed, &src));
	assert_false(listed);
	ca_party_hit h[4];
	assert_int_equal(ca_export_match(L, "长鑫存储技术有限公司", "CN", h, 4), 0);
}

/* 4. Maintenance tools to Samsung's Xi'an fab: VEU on 2025-06-01, a licence
 * (operate, not expand) on 2026-02-01. */
static void test_samsung_xian(void **state)
{
	(void)state;
	ca_order_line l = {.ship_date = "2025-06-01", .ship_from = "US", .item = "maintenance tools",
			   .eccn = "3B001.c", .destination = "CN", .end_user = "Samsung China Semiconductor Co., Ltd.",
			   .end_use = "maintenance", .fab_production = CA_YES, .us_person_support = CA_NO};
	ca_screen_result r;
	ca_export_screen(R, L, &l, &r);
	dump(&r);
	const ca_screen_rule *veu = rule(&r, "US-VEU-KOREA-CHINA-FABS");
	assert_non_null(veu);
	const ca_screen_rule *sme = rule(&r, "US-SME-3B001-D5");
	assert_non_null(sme);
	assert_string_equal(sme->overridden_by, "US-VEU-KOREA-CHINA-FABS");
	assert_int_equal(sme->licence, CA_NO);
	assert_int_equal(r.licence, CA_NO);

	l.ship_date = "2026-02-01";
	ca_export_screen(R, L, &l, &r);
	dump(&r);
	assert_null(rule(&r, "US-VEU-KOREA-CHINA-FABS"));
	const ca_screen_rule *rev = rule(&r, "US-VEU-REVOKED-PRC");
	assert_non_null(rev);
	assert_non_null(strstr(rev->record->citation, "90 FR 42321"));
	assert_int_equal(r.licence, CA_YES);
	assert_int_equal(r.policy, CA_POLICY_CASE_BY_CASE);
	sme = rule(&r, "US-SME-3B001-D5");
	assert_non_null(sme);
	assert_non_null(strstr(sme->text, "not expanding"));
}

/* 5. An NXT:1980i from the Netherlands: a US licence on 2024-09-01, a Dutch
 * one on 2024-09-08. */
static void test_nxt1980i(void **state)
{
	(void)state;
	ca_order_line l = {.ship_date = "2024-09-01", .ship_from = "NL", .exporter_country = "NL",
			   .maker = "ASML", .model = "TWINSCAN NXT:1980i", .destination = "CN",
			   .end_user = "Example Foundry (Shanghai) Co., Ltd."};
	ca_screen_result r;
	ca_export_screen(R, L, &l, &r);
	dump(&r);
	assert_non_null(rule(&r, "US-DUV-FROM-NL"));
	assert_null(rule(&r, "NL-2024-DUV"));
	assert_int_equal(r.licence, CA_YES);
	assert_string_equal(r.regimes, "us-ear");

	l.ship_date = "2024-09-08";
	ca_export_screen(R, L, &l, &r);
	dump(&r);
	assert_null(rule(&r, "US-DUV-FROM-NL"));
	const ca_screen_rule *nl = rule(&r, "NL-2024-DUV");
	assert_non_null(nl);
	assert_non_null(strstr(nl->record->citation, "BZ2404162"));
	assert_int_equal(r.licence, CA_YES);
	assert_int_equal(r.policy, CA_POLICY_CASE_BY_CASE);
	assert_non_null(strstr(r.regimes, "nl"));
	/* within the EU no Dutch licence */
	l.destination = "DE";
	ca_export_screen(R, L, &l, &r);
	assert_null(rule(&r, "NL-2024-DUV"));
	assert_int_not_equal(r.licence, CA_YES);
}

/* 6. An H200 exported from the US to a Chinese cloud provider in 2026:
 * case by case; re-exported from Singapore: presumption of denial. */
static void test_h200(void **state)
{
	(void)state;
	ca_order_line l = {.ship_date = "2026-02-01", .ship_from = "US", .item = "GPU", .maker = "NVIDIA",
			   .model = "H200", .eccn = "3A090.a", .destination = "CN",
			   .end_user = "Example Cloud Computing (Beijing) Co., Ltd."};
	ca_screen_result r;
	ca_export_screen(R, L, &l, &r);
	dump(&r);
	const ca_screen_rule *a090 = rule(&r, "US-3A090-CN");
	assert_non_null(a090);
	assert_string_equal(a090->overridden_by, "US-H200-CASE-BY-CASE");
	assert_int_equal(r.licence, CA_YES);
	assert_int_equal(r.policy, CA_POLICY_CASE_BY_CASE);

	l.ship_from = "SG";
	l.exporter_country = "SG";
	ca_export_screen(R, L, &l, &r);
	dump(&r);
	assert_null(rule(&r, "US-H200-CASE-BY-CASE"));
	assert_non_null(rule(&r, "US-3A090-CN"));
	assert_int_equal(r.licence, CA_YES);
	assert_int_equal(r.policy, CA_POLICY_PRESUMPTION_OF_DENIAL);

	/* before 2026-01-15 an export from the US was presumption of denial too */
	l.ship_from = "US";
	l.ship_date = "2026-01-14";
	ca_export_screen(R, L, &l, &r);
	assert_int_equal(r.policy, CA_POLICY_PRESUMPTION_OF_DENIAL);
}

/* 7. Huawei as end user through an intermediate consignee in the UAE. */
static void test_huawei_intermediate(void **state)
{
	(void)state;
	ca_order_line l = {.ship_date = "2026-04-01", .ship_from = "US", .item = "network cards",
			   .eccn = "5A992.c", .destination = "CN", .intermediate_consignee = "Gulf Star Trading FZE",
			   .end_user = "Huawei Technologies Co., Ltd."};
	ca_screen_result r;
	ca_export_screen(R, L, &l, &r);
	dump(&r);
	const ca_screen_party *p = party(&r, "EL", CA_MATCH_PROBABLE);
	assert_non_null(p);
	assert_string_equal(p->role, "end user");
	assert_int_equal(p->hit.footnote, 1);
	assert_non_null(strstr(p->hit.fr, "84 FR 22963"));
	assert_non_null(rule(&r, "US-EL-FN1"));
	for (size_t i = 0; i < r.n_parties; i++)
		assert_string_not_equal(r.parties[i].role, "intermediate consignee");
	assert_int_equal(r.licence, CA_YES);
	assert_int_equal(r.policy, CA_POLICY_PRESUMPTION_OF_DENIAL);

	/* foreign-made, nothing said about US technology: a question, not a "no" */
	ca_order_line f = l;
	f.ship_from = "MY";
	f.eccn = NULL;
	ca_export_screen(R, L, &f, &r);
	assert_int_equal(r.licence, CA_UNKNOWN);
	assert_non_null(question(&r, "734.9(e)(1)"));
}

/* Names that must not match a listed party. */
static void test_traps(void **state)
{
	(void)state;
	static const char *const traps[] = {
		"Yangtze River Trading Co., Ltd.",
		"Semiconductor Manufacturing Solutions Inc",
		"Yangtze River Shipping Company",
		"Huaxin Electronics Trading Co., Ltd.",
		"Global Semiconductor Technology Ltd.",
	};
	for (size_t i = 0; i < sizeof(traps) / sizeof(traps[0]); i++) {
		ca_party_hit h[4];
		int n = ca_export_match(L, traps[i], "CN", h, 4);
		for (int k = 0; k < n; k++) {
			fprintf(stderr, "%s -> %s (%s) %.3f\n", traps[i], h[k].entry, h[k].list, h[k].score);
			assert_int_not_equal(h[k].band, CA_MATCH_PROBABLE);
		}
	}
	/* and the real ones still match, whatever the legal form and case */
	ca_party_hit h[4];
	assert_true(ca_export_match(L, "SEMICONDUCTOR MANUFACTURING INTERNATIONAL CORP", "CN", h, 4) >= 1);
	assert_int_equal(h[0].band, CA_MATCH_PROBABLE);
	assert_true(ca_export_match(L, "Yangtze Memory Technology Company Limited", "CN", h, 4) >= 1);
	assert_string_equal(h[0].entry, "Yangtze Memory Technologies Co., Ltd.");
	assert_int_equal(h[0].band, CA_MATCH_PROBABLE);
	/* the address country breaks the tie between YMTC's Chinese and Japanese entries */
	assert_true(ca_export_match(L, "Yangtze Memory Technologies (Japan)", "JP", h, 4) >= 1);
	assert_string_equal(h[0].entry, "Yangtze Memory Technologies (Japan) Inc.");
	assert_true(strstr(h[0].countries, "JP") != NULL);
}

/* Japan's 23 SME items of 2023-07-23: a licence to every destination; an
 * individual licence to China, the simplified (general bulk licence)
 * treatment to the 42 destinations; the item numbers in the spellings
 * exporters use. */
static void test_japan_sme(void **state)
{
	(void)state;
	ca_order_line l = {.ship_date = "2024-03-01", .ship_from = "JP", .exporter_country = "JP",
			   .item = "single-wafer cleaning tool", .list_item = "6(17)ヤ", .destination = "CN",
			   .end_user = "Example Foundry (Shanghai) Co., Ltd."};
	ca_screen_result r;
	ca_export_screen(R, L, &l, &r);
	dump(&r);
	const ca_screen_rule *ind = rule(&r, "JP-2023-SME");
	assert_non_null(ind);
	assert_int_equal(ind->licence, CA_YES);
	assert_int_equal(ind->policy, CA_POLICY_CASE_BY_CASE);
	assert_non_null(strstr(ind->text, "individual"));
	assert_non_null(strstr(ind->record->citation, "art. 6 item 17"));
	assert_null(rule(&r, "JP-2023-SME-SIMPLIFIED"));
	assert_int_equal(r.licence, CA_YES);
	assert_non_null(strstr(r.regimes, "jp-fefta"));
	/* Hong Kong and Russia are not among the 42 either */
	const char *outside[] = {"HK", "RU", "MO"};
	for (size_t i = 0; i < 3; i++) {
		l.destination = outside[i];
		ca_export_screen(R, L, &l, &r);
		assert_non_null(rule(&r, "JP-2023-SME"));
		assert_null(rule(&r, "JP-2023-SME-SIMPLIFIED"));
	}

	/* the same tool to South Korea, named by the sources among the 42 */
	l.destination = "KR";
	ca_export_screen(R, L, &l, &r);
	dump(&r);
	const ca_screen_rule *simp = rule(&r, "JP-2023-SME-SIMPLIFIED");
	assert_non_null(simp);
	assert_int_equal(simp->licence, CA_YES);
	assert_int_equal(simp->policy, CA_POLICY_SEE_TEXT);
	assert_non_null(strstr(simp->text, "general bulk licence"));
	assert_null(rule(&r, "JP-2023-SME"));
	assert_int_equal(r.licence, CA_YES);
	assert_null(question(&r, "inference"));
	/* to Germany, counted among the 42 by inference: said as a question */
	l.destination = "DE";
	ca_export_screen(R, L, &l, &r);
	assert_non_null(rule(&r, "JP-2023-SME-SIMPLIFIED"));
	const char *q = question(&r, "is DE among");
	assert_non_null(q);
	assert_non_null(strstr(q, "unverified"));

	/* the day before the order took effect the item engages nothing of Japan */
	l.destination = "CN";
	l.ship_date = "2023-07-22";
	ca_export_screen(R, L, &l, &r);
	assert_null(rule(&r, "JP-2023-SME"));
	assert_null(rule(&r, "JP-2023-SME-SIMPLIFIED"));
	assert_int_not_equal(r.licence, CA_YES);

	/* spellings of the same item number; items outside the 23 engage nothing */
	static const struct {
		const char *item;
		bool engages;
	} items[] = {
		{"貨物等省令第6条第17号ヤ", true}, {"第六条第十七号ヤ", true}, {"6-17-YA", true},
		{"JP-6.17.ya", true},              {"jp 6.17 ya", true},      {"6(17)ヰ", true},
		{"6-17-wi", true},                 {"6-17-tsu", true},        {"6-17-tu", true},
		{"第6条第17号の2", true},          {"6-17-2", true},          {"JP-2023-SME", true},
		{"6-17-i", false},                 {"6(17)イ", false},        {"6-17", false},
		{"7-17-ya", false},                {"6-16-ya", false},        {"6-17-ya-x", false},
		{"3B001.c", false},                {"6-17-3", false},
	};
	l.ship_date = "2024-03-01";
	for (size_t i = 0; i < sizeof(items) / sizeof(items[0]); i++) {
		l.list_item = items[i].item;
		ca_export_screen(R, L, &l, &r);
		if ((rule(&r, "JP-2023-SME") != NULL) != items[i].engages)
			fail_msg("list item '%s': engaged %d, expected %d", items[i].item, !items[i].engages,
				 items[i].engages);
	}
}

static const ca_party_hit *hit_on(const ca_party_hit *h, int n, const char *list)
{
	for (int i = 0; i < n; i++)
		if (strcmp(h[i].list, list) == 0 && h[i].band == CA_MATCH_PROBABLE)
			return &h[i];
	return NULL;
}

/* MOFCOM's lists: hits with their list, announcement and policy text, which
 * bind exports from China (and parties in China), not the exporter elsewhere. */
static void test_mofcom(void **state)
{
	(void)state;
	ca_party_hit h[8];
	int n = ca_export_match(L, "Lockheed Martin Corporation", "US", h, 8);
	const ca_party_hit *uel = hit_on(h, n, "CN-UEL"), *ecl = hit_on(h, n, "CN-ECL");
	assert_non_null(uel);
	assert_string_equal(uel->entry, "Lockheed Martin Corporation");
	assert_non_null(strstr(uel->list_citation, "Provisions on the Unreliable Entity List"));
	assert_non_null(strstr(uel->list_name, "2026-07-19"));
	assert_non_null(strstr(uel->licence_requirement, "MOFCOM announcement of 2023-02-16"));
	assert_non_null(strstr(uel->list_effect, "not a US"));
	assert_int_equal(uel->policy, CA_POLICY_SEE_TEXT);
	assert_false(uel->all_items);
	assert_int_equal(uel->footnote, 0);
	assert_non_null(ecl);
	assert_int_equal(ecl->policy, CA_POLICY_POLICY_OF_DENIAL);
	assert_non_null(strstr(ecl->list_citation, "Export Control Law"));
	/* an English name written inside a Chinese entry is matched */
	n = ca_export_match(L, "TechInsights Inc.", NULL, h, 8);
	assert_non_null(hit_on(h, n, "CN-UEL"));
	/* the attention list */
	n = ca_export_match(L, "Subaru Corporation", "JP", h, 8);
	assert_non_null(hit_on(h, n, "CN-ATT"));
	assert_int_equal(hit_on(h, n, "CN-ATT")->policy, CA_POLICY_CASE_BY_CASE);

	/* exported from China to a listed party: the Chinese measure applies */
	ca_order_line l = {.ship_date = "2026-08-01", .ship_from = "CN", .exporter_country = "CN",
			   .item = "thermal camera module", .destination = "DE", .consignee = "HENSOLDT AG"};
	ca_screen_result r;
	ca_export_screen(R, L, &l, &r);
	dump(&r);
	assert_non_null(party(&r, "CN-ECL", CA_MATCH_PROBABLE));
	assert_int_equal(r.licence, CA_YES);
	assert_int_equal(r.policy, CA_POLICY_POLICY_OF_DENIAL);
	assert_non_null(strstr(r.regimes, "cn-mofcom"));
	assert_null(strstr(r.regimes, "us-ear"));
	/* MOFCOM's lists date their entries: HENSOLDT is listed from 2026-04-24 */
	assert_string_equal(party(&r, "CN-ECL", CA_MATCH_PROBABLE)->hit.since, "2026-04-24");
	l.ship_date = "2026-04-23";
	ca_export_screen(R, L, &l, &r);
	assert_false(party(&r, "CN-ECL", CA_MATCH_PROBABLE)->in_force);
	assert_null(strstr(r.regimes, "cn-mofcom"));
	assert_int_not_equal(r.licence, CA_YES);
	l.ship_date = "2026-04-24";
	ca_export_screen(R, L, &l, &r);
	assert_true(party(&r, "CN-ECL", CA_MATCH_PROBABLE)->in_force);
	assert_int_equal(r.licence, CA_YES);
	/* from the US to the same party: the hit is shown, nothing of China required */
	l.ship_from = l.exporter_country = "US";
	l.eccn = "EAR99";
	ca_export_screen(R, L, &l, &r);
	dump(&r);
	assert_non_null(party(&r, "CN-ECL", CA_MATCH_PROBABLE));
	assert_null(strstr(r.regimes, "cn-mofcom"));
	assert_int_not_equal(r.licence, CA_YES);
	/* not said where it ships from: a question, not a "no" */
	l.ship_from = l.exporter_country = NULL;
	ca_export_screen(R, L, &l, &r);
	assert_non_null(question(&r, "exported from China"));
	assert_int_equal(r.licence, CA_UNKNOWN);

	/* names that share a word with a listed one must not be taken for it */
	static const char *const traps[] = {"Cubic Zirconia Trading Co., Ltd.", "Sierra Nevada Mining Ltd",
					    "Shield Trading Co.", "Illuminati Lighting GmbH"};
	for (size_t i = 0; i < sizeof(traps) / sizeof(traps[0]); i++) {
		n = ca_export_match(L, traps[i], "CN", h, 8);
		for (int k = 0; k < n; k++) {
			fprintf(stderr, "%s -> %s (%s) %.3f\n", traps[i], h[k].entry, h[k].list, h[k].score);
			assert_int_not_equal(h[k].band, CA_MATCH_PROBABLE);
		}
	}
	/* ...while the listed ones do: Cubic Corporation, Shield AI */
	n = ca_export_match(L, "Cubic Corp.", NULL, h, 8);
	assert_non_null(hit_on(h, n, "CN-UEL"));
	n = ca_export_match(L, "Shield AI, Inc.", NULL, h, 8);
	assert_non_null(hit_on(h, n, "CN-UEL"));
}

/* The EU's 2025 Annex I update (Delegated Regulation (EU) 2025/2003, in
 * force 2025-11-15), and de minimis as a note, never a computed answer. */
static void test_eu_2025_de_minimis(void **state)
{
	(void)state;
	ca_order_line l = {.ship_date = "2025-11-15", .ship_from = "NL", .exporter_country = "NL",
			   .item = "ALD tool", .list_item = "EU-2025", .destination = "CN"};
	ca_screen_result r;
	ca_export_screen(R, L, &l, &r);
	const ca_screen_rule *eu = rule(&r, "EU-2025-ANNEX-I-SME");
	assert_non_null(eu);
	assert_int_equal(eu->licence, CA_YES);
	assert_non_null(strstr(eu->record->citation, "(EU) 2025/2003"));
	assert_true(eu->record->unverified);
	assert_int_equal(r.licence, CA_YES);
	assert_non_null(strstr(r.regimes, "eu"));
	l.ship_date = "2025-11-14";
	ca_export_screen(R, L, &l, &r);
	assert_null(rule(&r, "EU-2025-ANNEX-I-SME"));
	/* within the EU no licence under Article 3 */
	l.ship_date = "2026-01-10";
	l.destination = "FR";
	ca_export_screen(R, L, &l, &r);
	assert_null(rule(&r, "EU-2025-ANNEX-I-SME"));

	/* foreign-made SME to China: de minimis is named, not computed */
	ca_order_line k = {.ship_date = "2026-01-10", .ship_from = "KR", .item = "etcher", .eccn = "3B001.c",
			   .destination = "CN"};
	ca_export_screen(R, L, &k, &r);
	const ca_screen_rule *dm = rule(&r, "US-DE-MINIMIS");
	assert_non_null(dm);
	assert_int_equal(dm->licence, CA_UNKNOWN);
	assert_non_null(strstr(dm->text, "not computed"));
	k.ship_from = "US";
	ca_export_screen(R, L, &k, &r);
	assert_null(rule(&r, "US-DE-MINIMIS"));
}

/* A line that meets every condition of record g (as far as the record says). */
static const char *first_code(const ca_export_regimes *r, const char *v)
{
	(void)r;
	if (v[0] != '@')
		return v;
	if (strcmp(v, "@D5") == 0 || strcmp(v, "@CN-MO") == 0)
		return "CN";
	if (strcmp(v, "@EU") == 0)
		return "NL";
	return "??";
}

/* Every record's effective dates on both sides: the record's own conditions
 * give the line (docs/export.md: the record fields), so each record is
 * engaged (or, for a listing, its party in force) on its first day and its
 * last, and not the day before or after. */
static void day_shift(const char *d, int delta, char out[11])
{
	int y, m, dd;
	sscanf(d, "%d-%d-%d", &y, &m, &dd);
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	dd += delta;
	int md = mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
	if (dd < 1) {
		m--;
		if (m < 1)
			m = 12, y--;
		dd = mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
	} else if (dd > md) {
		dd = 1;
		m++;
		if (m > 12)
			m = 1, y++;
	}
	snprintf(out, 11, "%04d-%02d-%02d", y, m, dd);
}

typedef struct line_spec {
	const char *ship_from, *destination, *eccn, *model, *party;
	ca_tristate facts[5];
	const char *list_item; /* Japanese, Dutch or EU list item */
} line_spec;

static bool engaged(const ca_screen_result *r, const ca_regime_record *rec)
{
	if (strcmp(rec->kind, "listing") == 0) {
		for (size_t i = 0; i < r->n_parties; i++)
			if (r->parties[i].listing_record && strcmp(r->parties[i].listing_record, rec->id) == 0)
				return r->parties[i].in_force;
		return false;
	}
	return rule(r, rec->id) != NULL;
}

/* Lines that engage each record, written from the records (a table kept
 * with the data: a new record without a row fails the test). */
static const struct {
	const char *id;
	line_spec s;
} rows[] = {
	{"US-2022-3B090-CN", {"US", "CN", "3B090", NULL, NULL, {0}, NULL}},
	{"US-2023-MACAU", {"US", "MO", "3A090.a", NULL, NULL, {0}, NULL}},
	{"US-SME-3B001-D5", {"US", "CN", "3B001.c", NULL, NULL, {0}, NULL}},
	{"US-SME-3B993-D5", {"US", "CN", "3B993.f.1.b", NULL, NULL, {0}, NULL}},
	{"US-SME-WORLDWIDE-2024", {"US", "DE", "3B001.c.1.a", NULL, NULL, {0}, NULL}},
	{"US-740.2a9", {"US", "CN", "3B001.c", NULL, NULL, {0}, NULL}},
	{"US-3A090-CN", {"US", "CN", "3A090.a", NULL, NULL, {0}, NULL}},
	{"US-H200-CASE-BY-CASE", {"US", "CN", "3A090.a", "H200", NULL, {0}, NULL}},
	{"US-AI-DIFFUSION", {"US", "DE", "3A090.a", NULL, NULL, {0}, NULL}},
	{"US-744.23-ADVANCED-FAB", {"US", "CN", "EAR99", NULL, NULL, {CA_YES, CA_YES, 0, 0, 0}, NULL}},
	{"US-744.6-US-PERSONS", {"US", "CN", "EAR99", NULL, NULL, {0, CA_YES, CA_YES, 0, 0}, NULL}},
	{"US-SME-FDP", {"KR", "CN", "3B001.c", NULL, NULL, {0, 0, 0, CA_YES, 0}, NULL}},
	{"US-DE-MINIMIS", {"KR", "CN", "3B001.c", NULL, NULL, {0}, NULL}},
	{"US-EL-FN1", {"US", "CN", "EAR99", NULL, "Huawei Technologies Co., Ltd.", {0}, NULL}},
	{"US-EL-FN5", {"US", "CN", "EAR99", NULL, "SMIC Beijing", {0}, NULL}},
	{"US-AFFILIATES-RULE", {"US", "CN", "EAR99", NULL, NULL, {0, 0, 0, 0, CA_YES}, NULL}},
	{"US-AFFILIATES-SUSPENDED", {"US", "CN", "EAR99", NULL, NULL, {0}, NULL}},
	{"US-AFFILIATES-RESUMED", {"US", "CN", "EAR99", NULL, NULL, {0, 0, 0, 0, CA_YES}, NULL}},
	{"US-VEU-KOREA-CHINA-FABS", {"US", "CN", "3B001.c", NULL, "Samsung China Semiconductor Co. Ltd", {0}, NULL}},
	{"US-VEU-REVOKED-PRC", {"US", "CN", "3B001.c", NULL, "SK hynix Semiconductor (China) Ltd.", {0}, NULL}},
	{"US-DUV-FROM-NL", {"NL", "CN", NULL, "NXT:1980i", NULL, {0}, NULL}},
	{"US-EL-YMTC", {"US", "CN", "EAR99", NULL, "Yangtze Memory Technologies Co., Ltd.", {0}, NULL}},
	{"US-UVL-YMTC", {"US", "CN", "EAR99", NULL, "Yangtze Memory Technologies Co., Ltd.", {0}, NULL}},
	{"US-EL-SMIC", {"US", "CN", "EAR99", NULL, "Semiconductor Manufacturing International Corporation", {0}, NULL}},
	{"US-EL-HUAWEI", {"US", "CN", "EAR99", NULL, "Huawei Technologies Co., Ltd.", {0}, NULL}},
	{"JP-2023-SME", {"JP", "CN", NULL, NULL, NULL, {0}, "6-17-ya"}},
	{"JP-2023-SME-SIMPLIFIED", {"JP", "KR", NULL, NULL, NULL, {0}, "貨物等省令第6条第17号の2"}},
	{"JP-2024-ADDITIONS", {"JP", "CN", NULL, NULL, NULL, {0}, "JP-2024"}},
	{"JP-2025-ADDITIONS", {"JP", "CN", NULL, NULL, NULL, {0}, "JP-2025"}},
	{"JP-EUL-2025", {"JP", "CN", NULL, NULL, NULL, {0}, NULL}},
	{"NL-2023-DUV", {"NL", "CN", NULL, "TWINSCAN NXT:2000i", NULL, {0}, NULL}},
	{"NL-2024-DUV", {"NL", "CN", NULL, "TWINSCAN NXT:1980i", NULL, {0}, NULL}},
	{"NL-2025-METROLOGY", {"NL", "CN", NULL, NULL, NULL, {0}, "NL-2025"}},
	{"EU-3B001.f.1.a-EUV", {"NL", "CN", "3B001.f.1.a", NULL, NULL, {0}, NULL}},
	{"EU-2025-ANNEX-I-SME", {"DE", "CN", NULL, NULL, NULL, {0}, "EU-2025"}},
};

static void test_effective_dates(void **state)
{
	(void)state;
	size_t n = ca_export_regimes_count(R);
	assert_true(n >= 30);
	for (size_t i = 0; i < n; i++) {
		const ca_regime_record *rec = ca_export_regimes_at(R, i);
		const line_spec *s = NULL;
		for (size_t k = 0; k < sizeof(rows) / sizeof(rows[0]); k++)
			if (strcmp(rows[k].id, rec->id) == 0)
				s = &rows[k].s;
		if (!s)
			fail_msg("record %s has no row in the date table", rec->id);
		char days[4][11];
		day_shift(rec->effective_from, -1, days[0]);
		snprintf(days[1], 11, "%s", rec->effective_from);
		int nd = 2;
		if (rec->effective_to) {
			snprintf(days[2], 11, "%s", rec->effective_to);
			day_shift(rec->effective_to, 1, days[3]);
			nd = 4;
		}
		for (int d = 0; d < nd; d++) {
			ca_order_line l = {.ship_date = days[d], .ship_from = first_code(R, s->ship_from),
					   .destination = first_code(R, s->destination), .eccn = s->eccn,
					   .list_item = s->list_item, .model = s->model, .end_user = s->party,
					   .advanced_node = s->facts[0], .fab_production = s->facts[1],
					   .us_person_support = s->facts[2], .us_technology = s->facts[3],
					   .listed_owner = s->facts[4]};
			/* a listing record is tried on a list holding just its party, under
			 * the list its id names (the snapshot of 2026 no longer has
			 * YMTC on the Unverified List) */
			ca_export_lists *lists = L, *own = NULL;
			if (strcmp(rec->kind, "listing") == 0) {
				char snap[512];
				const char *code = strncmp(rec->id, "US-UVL-", 7) == 0 ? "UVL" : "EL";
				snprintf(snap, sizeof(snap),
					 "#\tvintage\t2026-07-31\nL\t%s\tlist\tcitation\teffect\n"
					 "E\t%s\t1\t%s\t\tCN\t\tFor all items subject to the EAR\tPresumption of denial\n",
					 code, code, s->party);
				assert_int_equal(ca_export_lists_parse("one", snap, strlen(snap), &own, NULL), 0);
				lists = own;
			}
			ca_screen_result r;
			ca_export_screen(R, lists, &l, &r);
			bool want = d == 1 || d == 2;
			if (engaged(&r, rec) != want) {
				dump(&r);
				fail_msg("record %s on %s: engaged %d, expected %d", rec->id, days[d], !want, want);
			}
			ca_export_lists_free(own);
		}
	}
}

static void test_loader_strict(void **state)
{
	(void)state;
	static const struct {
		const char *yaml, *want;
	} bad[] = {
		{"reviewed: 2026-11-30\ncfr_date: 2026-07-23\nrecords:\n  - id: X\n    regime: us-ear\n    kind: item\n"
		 "    title: t\n    citation: c\n    effective_from: 2024-01-01\n    notes: n\n    colour: red\n"
		 "    when: {}\n    outcome: {licence: yes}\n",
		 "t.yaml:11: unknown key 'colour'"},
		{"reviewed: 2026-11-30\ncfr_date: 2026-07-23\nrecords:\n  - id: X\n    regime: us-ear\n    kind: item\n"
		 "    title: t\n    citation: c\n    effective_from: 2024-02-30\n    notes: n\n"
		 "    when: {}\n    outcome: {licence: yes}\n",
		 "effective_from"},
		{"reviewed: 2026-11-30\ncfr_date: 2026-07-23\nrecords:\n  - id: X\n    regime: us-ear\n    kind: item\n"
		 "    title: t\n    citation: c\n    effective_from: 2024-01-01\n    notes: n\n"
		 "    when: {destination: ['@NOPE']}\n    outcome: {licence: yes}\n",
		 "unknown group"},
		{"reviewed: 2026-11-30\ncfr_date: 2026-07-23\nrecords:\n  - id: X\n    regime: us-ear\n    kind: item\n"
		 "    title: t\n    citation: c\n    effective_from: 2024-01-01\n    notes: n\n"
		 "    when: {}\n    outcome: {licence: maybe}\n",
		 "licence must be"},
		{"reviewed: 2026-11-30\ncfr_date: 2026-07-23\nrecords:\n  - id: X\n    regime: us-ear\n    kind: item\n"
		 "    title: t\n    citation: c\n    effective_from: 2024-01-01\n    effective_to: 2023-01-01\n"
		 "    notes: n\n    when: {}\n    outcome: {licence: yes}\n",
		 "before effective_from"},
		{"reviewed: 2026-11-30\ncfr_date: 2026-07-23\nrecords:\n  - id: X\n    regime: us-ear\n    kind: item\n"
		 "    title: t\n    citation: c\n    effective_from: 2024-01-01\n    notes: n\n    overrides: [Y]\n"
		 "    when: {}\n    outcome: {licence: yes}\n",
		 "overrides names no record"},
		{"a: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n",
		 "deep"},
		/* groups with members by inference: strict as the records */
		{"reviewed: 2026-11-30\ncfr_date: 2026-07-23\ngroups:\n  G: {citation: c, members: [US], colour: red}\n"
		 "records: []\n",
		 "t.yaml:4: unknown key 'colour'"},
		{"reviewed: 2026-11-30\ncfr_date: 2026-07-23\ngroups:\n  G: {citation: c, members: [US], unverified: [KR, US]}\n"
		 "records: []\n",
		 "'US' is twice in the group"},
		{"reviewed: 2026-11-30\ncfr_date: 2026-07-23\ngroups:\n  G: {citation: c, members: [US], unverified: [KR]}\n"
		 "records: []\n",
		 "unverified members need 'unverified_source'"},
		{"reviewed: 2026-11-30\ncfr_date: 2026-07-23\ngroups:\n  G: {members: [US]}\nrecords: []\n",
		 "citation"},
		{"reviewed: 2026-11-30\ncfr_date: 2026-07-23\ngroups:\n  G: {citation: c, members: [Korea]}\nrecords: []\n",
		 "'Korea' is not an ISO 3166 alpha-2 code"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ca_export_regimes *r = NULL;
		char *err = NULL;
		int rc = ca_export_regimes_parse("t.yaml", bad[i].yaml, strlen(bad[i].yaml), &r, &err);
		assert_int_equal(rc, -EINVAL);
		assert_null(r);
		assert_non_null(err);
		if (!strstr(err, bad[i].want))
			fail_msg("case %zu: '%s' does not say '%s'", i, err, bad[i].want);
		assert_non_null(strstr(err, "t.yaml:"));
		free(err);
	}
	/* the shipped file: every record has a citation and dates */
	for (size_t i = 0; i < ca_export_regimes_count(R); i++) {
		const ca_regime_record *rec = ca_export_regimes_at(R, i);
		assert_true(strlen(rec->citation) > 3);
		assert_true(strlen(rec->notes) > 3);
	}
	assert_string_equal(ca_export_regimes_cfr_date(R), "2026-07-23");
	assert_string_equal(ca_export_lists_vintage(L), "2026-07-31");
}

/* An official CSL download: the CSV and JSON layouts convert; a malformed
 * one is rejected whole (nothing returned). */
static void test_import(void **state)
{
	(void)state;
	const char *csv =
		"_id,source,entity_number,type,programs,name,title,addresses,federal_register_notice,start_date,"
		"end_date,standard_order,license_requirement,license_policy,call_sign,vessel_type,gross_tonnage,"
		"gross_registered_tonnage,vessel_flag,vessel_owner,remarks,source_list_url,alt_names,citizenships,"
		"dates_of_birth,nationalities,places_of_birth,source_information_url,ids\n"
		"a1,Entity List (EL) - Bureau of Industry and Security,,Entity,,Example Listed Memory Co.,,"
		"\"No. 1 Road, Wuhan, Hubei, CN\",91 FR 1234,2026-09-01,,,For all items subject to the EAR,"
		"Presumption of denial,,,,,,,,,\"ELM; Example Listed Storage\",,,,,,\n";
	char *text = NULL, *err = NULL;
	size_t len = 0, n = 0;
	assert_int_equal(ca_export_lists_convert_csl("csl.csv", csv, strlen(csv), "2026-09-02", &text, &len, &n, &err), 0);
	assert_int_equal(n, 1);
	ca_export_lists *l = NULL;
	assert_int_equal(ca_export_lists_parse("imported", text, len, &l, &err), 0);
	assert_string_equal(ca_export_lists_vintage(l), "2026-09-02");
	ca_party_hit h[2];
	assert_int_equal(ca_export_match(l, "ELM", NULL, h, 2), 1);
	assert_string_equal(h[0].entry, "Example Listed Memory Co.");
	assert_string_equal(h[0].countries, "CN");
	assert_string_equal(h[0].list, "EL");
	assert_non_null(strstr(h[0].list_citation, "744.16"));
	assert_int_equal(h[0].policy, CA_POLICY_PRESUMPTION_OF_DENIAL);
	/* the METI and MOFCOM lists of the built-in snapshot stay, with their own dates */
	ca_party_hit hh[8];
	int nh = ca_export_match(l, "Lockheed Martin Corporation", NULL, hh, 8);
	assert_non_null(hit_on(hh, nh, "CN-UEL"));
	assert_non_null(strstr(hit_on(hh, nh, "CN-UEL")->list_name, "2026-07-19"));
	assert_non_null(strstr(text, "#\tlist\tEL\t2026-09-02\n"));
	assert_non_null(strstr(text, "#\tlist\tJP-EUL\t2025-09-29\n"));
	assert_null(hit_on(hh, nh, "EL"));
	ca_export_lists_free(l);
	free(text);

	const char *json = "{\"results\":[{\"name\":\"Example Json Fab\",\"source\":\"Entity List (EL) - Bureau of "
			   "Industry and Security\",\"alt_names\":[\"EJF\"],\"addresses\":[{\"country\":\"CN\"}],"
			   "\"license_policy\":\"Case-by-case review\"}]}";
	assert_int_equal(ca_export_lists_convert_csl("csl.json", json, strlen(json), "2026-09-02", &text, &len, &n, &err), 0);
	assert_int_equal(ca_export_lists_parse("imported", text, len, &l, &err), 0);
	assert_int_equal(ca_export_match(l, "EJF", NULL, h, 2), 1);
	assert_int_equal(h[0].policy, CA_POLICY_CASE_BY_CASE);
	ca_export_lists_free(l);
	free(text);

	static const char *const bad[] = {
		"_id,source,name\nx,EL,y\n",                                     /* no alt_names column */
		"_id,source,name,alt_names\na,Entity List (EL),,x\n",             /* a record without a name */
		"_id,source,name,alt_names\na,Entity List (EL),n,x,extra\n",      /* a field too many */
		"_id,source,name,alt_names\na,Entity List (EL),\"open,x\n",       /* unclosed quote */
		"{\"results\":[{\"name\":\"A\",\"source\":\"EL\"},{\"name\":5}]}", /* the second record broken */
		"{\"results\":[{\"name\":\"A\",\"source\":\"EL\"}",               /* truncated JSON */
		"{\"results\":[]}",                                               /* nothing */
		"",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		text = (char *)"untouched";
		err = NULL;
		int rc = ca_export_lists_convert_csl("bad", bad[i], strlen(bad[i]), "2026-09-02", &text, &len, &n, &err);
		assert_int_equal(rc, -EINVAL);
		assert_null(text);
		assert_non_null(err);
		assert_non_null(strstr(err, "bad"));
		free(err);
	}
	/* a broken snapshot is refused with its line */
	const char *snap = "#\tvintage\t2026-01-01\nE\tEL\t1\tX\t\t\t\t\t\n";
	err = NULL;
	assert_int_equal(ca_export_lists_parse("snap", snap, strlen(snap), &l, &err), -EINVAL);
	assert_non_null(strstr(err, "snap:2:"));
	free(err);
	/* an entry's listing date (the tenth field) must be a date */
	snap = "#\tvintage\t2026-01-01\nL\tCN-ECL\tl\tc\te\nE\tCN-ECL\t1\tX\t\t\t\t\t\t2026-02-30\n";
	err = NULL;
	assert_int_equal(ca_export_lists_parse("snap", snap, strlen(snap), &l, &err), -EINVAL);
	assert_non_null(strstr(err, "snap:3: the listing date"));
	free(err);
	snap = "#\tvintage\t2026-01-01\nL\tCN-ECL\tl\tc\te\nE\tCN-ECL\t1\tExample Listed Works\t\t\t\t\t\t2026-02-03\n";
	assert_int_equal(ca_export_lists_parse("snap", snap, strlen(snap), &l, NULL), 0);
	assert_int_equal(ca_export_match(l, "Example Listed Works", NULL, h, 2), 1);
	assert_string_equal(h[0].since, "2026-02-03");
	ca_export_lists_free(l);
}

/* Screened lines as an assessment (ca_assessment_add_screened): the lines
 * and results are copied (the caller's buffers may go), each line a
 * component of kind order-line, findings per line, record and party, an
 * unknown answer warn, a line without a ship date unknown and an error. */
static void test_screened_assessment(void **state)
{
	(void)state;
	char ymtc[] = "Yangtze Memory Technologies Co., Ltd.";
	ca_order_line lines[3] = {
		{.line_id = "1", .ship_date = "2025-03-01", .ship_from = "US", .item = "spare parts",
		 .eccn = "EAR99", .destination = "CN", .end_user = ymtc},
		{.line_id = "2", .ship_date = "2026-03-01", .ship_from = "US", .item = "etcher", .destination = "CN",
		 .end_user = "Example Fab Co."},
		{.line_id = "3", .ship_date = "01/03/2026", .ship_from = "US", .eccn = "3B001.c", .destination = "CN"},
	};
	ca_screen_result *res = calloc(3, sizeof(*res));
	assert_non_null(res);
	for (size_t i = 0; i < 3; i++)
		ca_export_screen(R, L, &lines[i], &res[i]);
	assert_int_equal(res[1].licence, CA_UNKNOWN);
	assert_true(res[1].n_questions > 0);
	char first_question[512];
	snprintf(first_question, sizeof(first_question), "%s", res[1].questions[0]);
	ca_policy *policy;
	assert_int_equal(ca_policy_open(&(ca_policy_options){.as_of = "2026-11-30"}, &policy, NULL), 0);
	ca_assessment *a;
	assert_int_equal(ca_assessment_new(policy, "orders.csv", &a), 0);
	assert_int_equal(ca_assessment_add_screened(a, "orders.csv", NULL, lines, res, 3), 0);
	assert_int_equal(ca_assessment_add_screened(a, "again.csv", NULL, lines, res, 3), -E2BIG);
	/* the caller's buffers go */
	memset(ymtc, 'x', sizeof(ymtc) - 1);
	memset(res, 0, 3 * sizeof(*res));
	free(res);
	assert_int_equal(ca_assessment_finish(a), 0);
	assert_int_equal(ca_assessment_component_count(a), 3);
	const ca_component *c0 = ca_assessment_component(a, 0), *c1 = ca_assessment_component(a, 1);
	assert_int_equal(c0->kind, CA_COMPONENT_ORDER_LINE);
	assert_string_equal(ca_component_kind_name(c0->kind), "order-line");
	assert_string_equal(c0->order->end_user, "Yangtze Memory Technologies Co., Ltd.");
	assert_string_equal(c1->screen->questions[0], first_question);
	assert_ptr_equal(c1->screen->questions[0], c1->screen->qbuf);
	assert_false(ca_assessment_complete(a)); /* line 3 could not be screened */
	const ca_findings *fs = ca_assessment_findings(a);
	assert_non_null(fs);
	size_t lines_seen = 0, party_fail = 0;
	for (size_t i = 0; i < ca_findings_count(fs); i++) {
		const ca_finding *f = ca_findings_at(fs, i);
		assert_non_null(f->screen);
		if (f->state == CA_FINDING_EXPORT_LINE) {
			static const ca_severity want[] = {CA_SEVERITY_FAIL, CA_SEVERITY_WARN, CA_SEVERITY_WARN};
			assert_int_equal(f->severity, want[lines_seen]);
			char *text = ca_finding_sentence(f);
			assert_non_null(text);
			if (lines_seen == 1) {
				assert_non_null(strstr(text, "is unknown until the open questions are answered"));
				assert_non_null(strstr(text, first_question));
				assert_null(strstr(text, "No licence is required"));
			}
			if (lines_seen == 2)
				assert_non_null(strstr(text, "could not be screened"));
			free(text);
			lines_seen++;
		} else if (f->state == CA_FINDING_EXPORT_PARTY) {
			assert_ptr_equal(f->component, c0);
			party_fail += f->severity == CA_SEVERITY_FAIL && strcmp(f->rule->id, "screening-list/EL") == 0;
		} else {
			assert_int_equal(f->state, CA_FINDING_EXPORT_RECORD);
			assert_string_equal(f->rule->id, f->regime->record->id);
		}
	}
	assert_int_equal(lines_seen, 3);
	assert_int_equal(party_fail, 1);
	assert_int_equal(ca_findings_max_severity(fs), CA_SEVERITY_FAIL);
	/* through a sink, with the data vintage */
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	assert_non_null(m);
	ca_sink_options o = {.timestamp = -1, .n_properties = 1};
	o.properties[0] = (ca_sink_property){"lists", "screening lists of", ca_export_lists_vintage(L)};
	ca_sink *sink;
	assert_int_equal(ca_sink_open_with("json", m, &o, &sink), 0);
	assert_int_equal(ca_sink_add_host(sink, a), 0);
	assert_int_equal(ca_sink_close(sink, true), 0);
	fclose(m);
	assert_non_null(strstr(buf, "\"data_vintage\":{\"lists\":\"2026-07-31\"}"));
	assert_non_null(strstr(buf, "\"order_lines\":[{\"line\":\"1\""));
	assert_non_null(strstr(buf, "\"state\":\"export-party\""));
	free(buf);
	ca_assessment_free(a);
	/* screened in place from a read list: the same answers, one result per line */
	static const char csv[] = "Line,Ship date,Ship from,Item,ECCN,Destination,End user\n"
				  "1,2025-03-01,US,spare parts,EAR99,CN,YMTC\n"
				  "2,,US,etcher,,CN,Example Fab Co.\n";
	ca_export_orders *ol = NULL;
	assert_int_equal(ca_export_orders_read("o.csv", (const uint8_t *)csv, sizeof(csv) - 1, NULL, &ol), 0);
	assert_int_equal(ca_assessment_new(policy, "o.csv", &a), 0);
	assert_int_equal(ca_assessment_screen_orders(a, "o.csv", ol, R, L, "2026-03-01"), 0);
	assert_int_equal(ca_assessment_finish(a), 0);
	assert_int_equal(ca_assessment_component_count(a), 2);
	assert_int_equal(ca_assessment_component(a, 0)->screen->licence, CA_YES);
	assert_string_equal(ca_assessment_component(a, 1)->order->ship_date, "2026-03-01");
	assert_int_equal(ca_assessment_component(a, 1)->screen->licence, CA_UNKNOWN);
	assert_true(ca_assessment_complete(a));
	ca_assessment_free(a);
	ca_export_orders_free(ol);
	ca_policy_free(policy);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ymtc),
		cmocka_unit_test(test_smic_beijing),
		cmocka_unit_test(test_cxmt),
		cmocka_unit_test(test_samsung_xian),
		cmocka_unit_test(test_nxt1980i),
		cmocka_unit_test(test_h200),
		cmocka_unit_test(test_huawei_intermediate),
		cmocka_unit_test(test_traps),
		cmocka_unit_test(test_japan_sme),
		cmocka_unit_test(test_mofcom),
		cmocka_unit_test(test_eu_2025_de_minimis),
		cmocka_unit_test(test_effective_dates),
		cmocka_unit_test(test_loader_strict),
		cmocka_unit_test(test_import),
		cmocka_unit_test(test_screened_assessment),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
