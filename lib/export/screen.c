/* SPDX-License-Identifier: MIT */
/*
 * Screening one order line on its ship date (docs/export.md): which regime
 * records are engaged, which wait on a fact (a question), which parties are
 * listed, and the licence answer: yes, no, or unknown; never "no" while a
 * question that could require a licence is open.
 */
#include "export/regimes_internal.h"
#include "util/date.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define PARTY_SAME 0.92 /* a record's party names match a line's party at this score */

const char *ca_tristate_name(ca_tristate t)
{
	return t == CA_YES ? "yes" : t == CA_NO ? "no" : "unknown";
}

ca_tristate ca_tristate_parse(const char *s)
{
	if (!s)
		return CA_UNKNOWN;
	while (*s == ' ')
		s++;
	static const char *const yes[] = {"yes", "y", "true", "1", "是", "有", NULL};
	static const char *const no[] = {"no", "n", "false", "0", "否", "无", NULL};
	for (size_t i = 0; yes[i]; i++)
		if (strcasecmp(s, yes[i]) == 0)
			return CA_YES;
	for (size_t i = 0; no[i]; i++)
		if (strcasecmp(s, no[i]) == 0)
			return CA_NO;
	return CA_UNKNOWN;
}

/* A country as an ISO-2 code: codes as given, a few names understood. */
static const char *country_code(const char *s, char buf[3])
{
	if (!s)
		return NULL;
	while (*s == ' ')
		s++;
	if (!*s)
		return NULL;
	static const struct {
		const char *name, *code;
	} names[] = {
		{"china", "CN"}, {"prc", "CN"}, {"people's republic of china", "CN"}, {"中国", "CN"},
		{"hong kong", "HK"}, {"香港", "HK"}, {"macau", "MO"}, {"macao", "MO"}, {"澳门", "MO"},
		{"united states", "US"}, {"usa", "US"}, {"美国", "US"}, {"netherlands", "NL"},
		{"the netherlands", "NL"}, {"荷兰", "NL"}, {"japan", "JP"}, {"日本", "JP"},
		{"singapore", "SG"}, {"新加坡", "SG"}, {"united arab emirates", "AE"}, {"uae", "AE"},
		{"south korea", "KR"}, {"korea", "KR"}, {"韩国", "KR"}, {"taiwan", "TW"}, {"台湾", "TW"},
		{"germany", "DE"}, {"德国", "DE"}, {"malaysia", "MY"}, {"russia", "RU"}, {"india", "IN"},
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcasecmp(s, names[i].name) == 0)
			return names[i].code;
	size_t n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		n--;
	if (n == 2) {
		buf[0] = (char)(s[0] >= 'a' && s[0] <= 'z' ? s[0] - 32 : s[0]);
		buf[1] = (char)(s[1] >= 'a' && s[1] <= 'z' ? s[1] - 32 : s[1]);
		buf[2] = '\0';
		return buf;
	}
	return s; /* not understood: matches nothing */
}

static bool in_countries(const ca_export_regimes *r, const cai_strlist *l, const char *code)
{
	for (size_t i = 0; i < l->n; i++) {
		if (l->v[i][0] == '@') {
			const cai_group *g = cai_regimes_group(r, l->v[i] + 1);
			for (size_t k = 0; g && k < g->codes.n; k++)
				if (strcmp(g->codes.v[k], code) == 0)
					return true;
		} else if (strcmp(l->v[i], code) == 0) {
			return true;
		}
	}
	return false;
}

static bool given(const char *s)
{
	if (!s)
		return false;
	while (*s == ' ')
		s++;
	return *s != '\0';
}

/* "3B001.c" covers "3B001.c" and "3B001.c.1.a" (case and spaces ignored). */
static bool item_covers(const char *rule, const char *item)
{
	char a[96], b[96];
	size_t na = 0, nb = 0;
	for (const char *p = rule; *p && na + 1 < sizeof(a); p++)
		if (*p != ' ')
			a[na++] = (char)((*p >= 'A' && *p <= 'Z') ? *p + 32 : *p);
	for (const char *p = item; *p && nb + 1 < sizeof(b); p++)
		if (*p != ' ')
			b[nb++] = (char)((*p >= 'A' && *p <= 'Z') ? *p + 32 : *p);
	if (nb < na || memcmp(a, b, na) != 0)
		return false;
	return nb == na || b[na] == '.';
}

static bool model_covers(const char *rule, const char *model)
{
	size_t n = strlen(rule);
	for (const char *p = model; *p; p++)
		if (strncasecmp(p, rule, n) == 0) {
			char next = p[n];
			/* "H200" is not "H2000"; "NXT:1980i" is not "NXT:1980Di" */
			if (!((next >= '0' && next <= '9') || (next >= 'a' && next <= 'z') ||
			      (next >= 'A' && next <= 'Z')))
				return true;
		}
	return false;
}

/* tri-valued AND */
typedef enum { T_TRUE, T_FALSE, T_UNKNOWN } tri;

typedef struct ctx {
	const ca_export_regimes *r;
	const ca_order_line *line;
	const char *ship_from, *exporter, *destination;
	char jp_item[40];   /* the list item as a Japanese item number, or "" */
	ca_tristate subject;
	ca_tristate facts[REGIME_N_FACTS];
	unsigned footnotes; /* bit n: an in-force party hit carries footnote n */
	char why[512];      /* what is unknown, for the question */
} ctx;

static void why_add(ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void why_add(ctx *c, const char *fmt, ...)
{
	size_t n = strlen(c->why);
	if (n + 4 >= sizeof(c->why))
		return;
	if (n)
		n += (size_t)snprintf(c->why + n, sizeof(c->why) - n, "; ");
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->why + n, sizeof(c->why) - n, fmt, ap);
	va_end(ap);
}

static void list_text(const cai_strlist *l, char *out, size_t cap)
{
	size_t n = 0;
	out[0] = '\0';
	for (size_t i = 0; i < l->n && n + 2 < cap; i++)
		n += (size_t)snprintf(out + n, cap - n, "%s%s", i ? ", " : "", l->v[i]);
}

static tri and3(tri a, tri b)
{
	if (a == T_FALSE || b == T_FALSE)
		return T_FALSE;
	if (a == T_UNKNOWN || b == T_UNKNOWN)
		return T_UNKNOWN;
	return T_TRUE;
}

static tri country_cond(ctx *c, const cai_strlist *in, const cai_strlist *not_in, const char *code,
			const char *what)
{
	if (in->n == 0 && not_in->n == 0)
		return T_TRUE;
	char t[400];
	if (!code) {
		list_text(in->n ? in : not_in, t, sizeof(t));
		why_add(c, "the %s (%s %s)", what, in->n ? "one of" : "not", t);
		return T_UNKNOWN;
	}
	if (in->n && !in_countries(c->r, in, code))
		return T_FALSE;
	if (not_in->n && in_countries(c->r, not_in, code))
		return T_FALSE;
	return T_TRUE;
}

static const char *const fact_names[REGIME_N_FACTS] = {
	"does the end user's fab produce advanced-node ICs (15 CFR 744.23 thresholds)?",
	"is the end use IC production in a fab?",
	"do US persons support the end use (15 CFR 744.6)?",
	"is the foreign-made item a direct product of US technology, software or equipment (15 CFR 734.9)?",
	"is a party 50 % or more owned by listed parties?",
};

static bool party_named(const cai_strlist *names, const char *party)
{
	if (!given(party))
		return false;
	for (size_t i = 0; i < names->n; i++)
		if (cai_export_name_similarity(party, names->v[i]) >= PARTY_SAME)
			return true;
	return false;
}

static tri record_applies(ctx *c, const cai_regime *g)
{
	const ca_order_line *L = c->line;
	c->why[0] = '\0';
	tri t = T_TRUE;
	t = and3(t, country_cond(c, &g->ship_from, &g->ship_from_not, c->ship_from, "country shipped from"));
	t = and3(t, country_cond(c, &g->exporter, &(cai_strlist){.n = 0}, c->exporter, "exporter's country"));
	t = and3(t, country_cond(c, &g->destination, &g->destination_not, c->destination, "destination"));
	if (t == T_FALSE)
		return t;
	if (g->item.n) {
		bool have = given(L->eccn) || given(L->list_item);
		bool hit = false;
		for (size_t i = 0; i < g->item.n; i++)
			if ((given(L->eccn) && item_covers(g->item.v[i], L->eccn)) ||
			    (given(L->list_item) && item_covers(g->item.v[i], L->list_item)) ||
			    (c->jp_item[0] && item_covers(g->item.v[i], c->jp_item)))
				hit = true;
		/* a model named by the record settles the item without a classification */
		bool model_hit = false;
		for (size_t i = 0; given(L->model) && i < g->model.n; i++)
			if (model_covers(g->model.v[i], L->model))
				model_hit = true;
		if (!hit && !model_hit) {
			if (have)
				return T_FALSE;
			char tx[400];
			list_text(&g->item, tx, sizeof(tx));
			why_add(c, "the item's classification (is it %s?)", tx);
			t = T_UNKNOWN;
		}
	} else if (g->model.n) {
		bool hit = false;
		for (size_t i = 0; given(L->model) && i < g->model.n; i++)
			if (model_covers(g->model.v[i], L->model))
				hit = true;
		if (!hit) {
			if (given(L->model))
				return T_FALSE;
			char tx[400];
			list_text(&g->model, tx, sizeof(tx));
			why_add(c, "the model (is it %s?)", tx);
			t = T_UNKNOWN;
		}
	}
	if (g->party.n) {
		const char *ps[] = {L->consignee, L->intermediate_consignee, L->end_user};
		bool any = false, hit = false;
		for (size_t i = 0; i < 3; i++) {
			any |= given(ps[i]);
			hit |= party_named(&g->party, ps[i]);
		}
		if (!hit) {
			if (any)
				return T_FALSE;
			why_add(c, "the parties (none given)");
			t = T_UNKNOWN;
		}
	}
	for (size_t f = 0; f < REGIME_N_FACTS; f++) {
		if (g->fact[f] == CA_UNKNOWN)
			continue;
		if (c->facts[f] == CA_UNKNOWN) {
			why_add(c, "%s", fact_names[f]);
			t = and3(t, T_UNKNOWN);
		} else if (c->facts[f] != g->fact[f]) {
			return T_FALSE;
		}
	}
	if (g->subject_to_ear != CA_UNKNOWN) {
		if (c->subject == CA_UNKNOWN) {
			why_add(c, "is the item subject to the EAR (US origin, US content above de minimis, or a "
				   "foreign direct product)?");
			t = and3(t, T_UNKNOWN);
		} else if (c->subject != g->subject_to_ear) {
			return T_FALSE;
		}
	}
	if (g->party_footnote && !(c->footnotes & (1u << g->party_footnote)))
		return T_FALSE;
	return t;
}

static bool active_on(const ca_regime_record *p, const char *date)
{
	if (strcmp(date, p->effective_from) < 0)
		return false;
	return !p->effective_to || strcmp(date, p->effective_to) <= 0;
}

static void add_question(ca_screen_result *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add_question(ca_screen_result *out, const char *fmt, ...)
{
	if (out->n_questions >= CA_SCREEN_MAX_ITEMS)
		return;
	size_t used = 0;
	if (out->n_questions) {
		const char *last = out->questions[out->n_questions - 1];
		used = (size_t)(last - out->qbuf) + strlen(last) + 1;
	}
	if (used + 8 >= sizeof(out->qbuf))
		return;
	char *dst = out->qbuf + used;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(dst, sizeof(out->qbuf) - used, fmt, ap);
	va_end(ap);
	for (size_t i = 0; i < out->n_questions; i++)
		if (strcmp(out->questions[i], dst) == 0)
			return;
	out->questions[out->n_questions++] = dst;
}

static ca_review_policy stricter(ca_review_policy a, ca_review_policy b)
{
	static const int rank[] = {[CA_POLICY_NONE] = 0, [CA_POLICY_SEE_TEXT] = 1, [CA_POLICY_CASE_BY_CASE] = 2,
				   [CA_POLICY_PRESUMPTION_OF_DENIAL] = 3, [CA_POLICY_POLICY_OF_DENIAL] = 4};
	return rank[b] > rank[a] ? b : a;
}

static void regime_add(ca_screen_result *out, const char *regime)
{
	size_t n = strlen(out->regimes);
	const char *p = out->regimes;
	size_t rl = strlen(regime);
	while ((p = strstr(p, regime))) {
		if ((p == out->regimes || p[-1] == ' ') && (p[rl] == ' ' || !p[rl]))
			return;
		p += rl;
	}
	if (n + rl + 2 < sizeof(out->regimes))
		snprintf(out->regimes + n, sizeof(out->regimes) - n, "%s%s", n ? " " : "", regime);
}

static bool listing_in_force(const ca_export_regimes *r, const char *list, const char *entry,
			     const char *given_name, const char *date, const char **ret_id)
{
	*ret_id = NULL;
	for (size_t i = 0; i < r->n_recs; i++) {
		const cai_regime *g = &r->recs[i];
		if (strcmp(g->pub.kind, "listing") != 0 || strcmp(g->list, list) != 0)
			continue;
		if (!party_named(&g->party, entry) && !party_named(&g->party, given_name))
			continue;
		*ret_id = g->pub.id;
		if (active_on(&g->pub, date))
			return true;
	}
	return *ret_id == NULL;
}

static void screen_parties(ctx *c, const ca_export_lists *l, ca_screen_result *out)
{
	const ca_order_line *L = c->line;
	const struct {
		const char *role, *name, *country;
	} ps[] = {{"consignee", L->consignee, c->destination},
		  {"intermediate consignee", L->intermediate_consignee, NULL},
		  {"end user", L->end_user, c->destination}};
	for (size_t i = 0; i < 3; i++) {
		if (!given(ps[i].name) || !l)
			continue;
		ca_party_hit hits[4];
		int n = ca_export_match(l, ps[i].name, ps[i].country, hits, 4);
		for (int k = 0; k < n && out->n_parties < CA_SCREEN_MAX_ITEMS; k++) {
			ca_screen_party *sp = &out->parties[out->n_parties++];
			sp->role = ps[i].role;
			sp->name = ps[i].name;
			sp->hit = hits[k];
			sp->in_force = listing_in_force(c->r, hits[k].list, hits[k].entry, ps[i].name, L->ship_date,
							&sp->listing_record);
			/* an entry whose list dates it is not in force before that day */
			if (hits[k].since && hits[k].since[0] && strcmp(L->ship_date, hits[k].since) < 0)
				sp->in_force = false;
			if (sp->in_force && hits[k].band == CA_MATCH_PROBABLE && hits[k].footnote < 32)
				c->footnotes |= 1u << hits[k].footnote;
		}
	}
}

/* A destination that engaged g through a group it belongs to by inference
 * only is said, with the source of the inference. */
static void group_caveat(const ctx *c, const cai_regime *g, ca_screen_result *out)
{
	for (size_t i = 0; c->destination && i < g->destination.n; i++) {
		const cai_group *grp = g->destination.v[i][0] == '@' ? cai_regimes_group(c->r, g->destination.v[i] + 1) : NULL;
		for (size_t k = 0; grp && k < grp->codes.n; k++)
			if (grp->unverified[k] && strcmp(grp->codes.v[k], c->destination) == 0)
				add_question(out, "%s: is %s among %s? It is counted there by inference only (unverified: %s)",
					     g->pub.id, c->destination, grp->title ? grp->title : grp->name,
					     grp->unverified_source ? grp->unverified_source : "no source");
	}
}

void ca_export_screen(const ca_export_regimes *r, const ca_export_lists *l, const ca_order_line *line,
		      ca_screen_result *out)
{
	memset(out, 0, sizeof(*out));
	out->licence = CA_UNKNOWN;
	if (!line->ship_date || strlen(line->ship_date) != 10 || !cai_date_valid_n(line->ship_date, 10)) {
		out->error = "no ship date written YYYY-MM-DD: the line cannot be screened";
		return;
	}
	char b1[3], b2[3], b3[3];
	ctx c = {.r = r, .line = line};
	c.ship_from = country_code(line->ship_from, b1);
	c.exporter = country_code(line->exporter_country, b2);
	c.destination = country_code(line->destination, b3);
	if (!c.ship_from)
		c.ship_from = c.exporter;
	cai_export_jp_item(line->list_item, c.jp_item, sizeof(c.jp_item));
	ca_tristate f[REGIME_N_FACTS] = {line->advanced_node, line->fab_production, line->us_person_support,
					 line->us_technology, line->listed_owner};
	memcpy(c.facts, f, sizeof(f));
	/* Subject to the EAR: shipped from the US, or classified under the EAR
	 * by the exporter (an ECCN or EAR99), or a foreign direct product. */
	if ((c.ship_from && strcmp(c.ship_from, "US") == 0) || (c.exporter && strcmp(c.exporter, "US") == 0) ||
	    given(line->eccn) || line->us_technology == CA_YES)
		c.subject = CA_YES;
	out->subject_to_ear = c.subject;

	screen_parties(&c, l, out);

	bool open_yes = false; /* a question whose answer could require a licence */
	bool open_rec[REGIME_MAX_RECORDS] = {0};
	size_t rule_of[REGIME_MAX_RECORDS];
	for (size_t i = 0; i < r->n_recs; i++) {
		const cai_regime *g = &r->recs[i];
		rule_of[i] = SIZE_MAX;
		if (strcmp(g->pub.kind, "listing") == 0 || !active_on(&g->pub, line->ship_date))
			continue;
		tri t = record_applies(&c, g);
		if (t == T_FALSE)
			continue;
		if (t == T_UNKNOWN) {
			open_rec[i] = true;
			/* the question is kept until an authorisation covers the record (below) */
			continue;
		}
		if (out->n_rules >= CA_SCREEN_MAX_ITEMS)
			continue;
		ca_screen_rule *sr = &out->rules[out->n_rules];
		rule_of[i] = out->n_rules++;
		sr->record = &g->pub;
		sr->licence = g->licence == CAI_LIC_YES ? CA_YES : g->licence == CAI_LIC_NO ? CA_NO : CA_UNKNOWN;
		sr->policy = g->policy;
		sr->text = g->outcome_text;
		group_caveat(&c, g, out);
	}
	/* Overrides: an engaged record replaces the outcome of the records it names. */
	for (size_t i = 0; i < r->n_recs; i++) {
		if (rule_of[i] == SIZE_MAX)
			continue;
		const cai_regime *g = &r->recs[i];
		for (size_t k = 0; k < g->overrides.n; k++)
			for (size_t j = 0; j < r->n_recs; j++) {
				if (strcmp(r->recs[j].pub.id, g->overrides.v[k]) != 0)
					continue;
				open_rec[j] = false; /* covered: its question no longer decides */
				if (rule_of[j] == SIZE_MAX)
					continue;
				ca_screen_rule *x = &out->rules[rule_of[j]];
				x->overridden_by = g->pub.id;
				if (g->licence == CAI_LIC_NO)
					x->licence = CA_NO;
				else if (g->licence == CAI_LIC_YES)
					x->licence = CA_YES;
				if (g->policy != CA_POLICY_NONE)
					x->policy = g->policy;
				if (g->outcome_text)
					x->text = g->outcome_text;
			}
	}
	for (size_t i = 0; i < r->n_recs; i++) {
		if (!open_rec[i])
			continue;
		const cai_regime *g = &r->recs[i];
		record_applies(&c, g); /* refills c.why */
		if (g->question)
			add_question(out, "%s: %s (unknown: %s)", g->pub.id, g->question, c.why);
		else
			add_question(out, "%s (%s, %s) applies if: %s", g->pub.id, g->pub.title, g->pub.citation, c.why);
		if (g->licence == CAI_LIC_YES)
			open_yes = true;
	}

	bool yes = false, engaged_any = false;
	for (size_t i = 0; i < out->n_rules; i++) {
		const ca_screen_rule *sr = &out->rules[i];
		engaged_any = true;
		regime_add(out, sr->record->regime);
		if (sr->licence == CA_YES) {
			yes = true;
			out->policy = stricter(out->policy, sr->policy);
		}
	}
	/* Listed parties. */
	for (size_t i = 0; i < out->n_parties; i++) {
		const ca_screen_party *sp = &out->parties[i];
		if (!sp->in_force || sp->hit.band != CA_MATCH_PROBABLE)
			continue;
		const char *list = sp->hit.list;
		bool ear_list = strcmp(list, "EL") == 0 || strcmp(list, "DPL") == 0 || strcmp(list, "MEU") == 0;
		if (ear_list) {
			if (c.subject == CA_YES && (sp->hit.all_items || strcmp(list, "DPL") == 0)) {
				yes = true;
				regime_add(out, "us-ear");
				ca_review_policy p = strcmp(list, "DPL") == 0 ? CA_POLICY_POLICY_OF_DENIAL : sp->hit.policy;
				out->policy = stricter(out->policy, p);
			} else if (c.subject == CA_UNKNOWN) {
				open_yes = true;
				add_question(out, "%s is on the %s: is the item subject to the EAR (US origin, de "
						  "minimis, or a foreign direct product under 15 CFR 734.9%s)?",
					     sp->name, list, sp->hit.footnote == 1   ? "(e)(1), footnote 1"
							     : sp->hit.footnote == 5 ? "(e)(3), footnote 5"
										   : "");
			} else {
				add_question(out, "%s is on the %s: the entry's licence requirement reads \"%s\"",
					     sp->name, list, sp->hit.licence_requirement);
			}
		} else if (strcmp(list, "JP-EUL") == 0) {
			if (c.ship_from && strcmp(c.ship_from, "JP") == 0) {
				yes = true;
				regime_add(out, "jp-fefta");
				out->policy = stricter(out->policy, CA_POLICY_SEE_TEXT);
			}
		} else if (strncmp(list, "CN-", 3) == 0) {
			/* MOFCOM's lists bind exports from China and parties in China
			 * dealing with the entity; they require nothing of an exporter
			 * elsewhere (the hit's policy text says so). */
			if (c.ship_from && strcmp(c.ship_from, "CN") == 0) {
				yes = true;
				regime_add(out, "cn-mofcom");
				out->policy = stricter(out->policy, sp->hit.policy);
			} else if (!c.ship_from) {
				open_yes = true;
				add_question(out, "%s is on MOFCOM's %s: is the item exported from China (the list binds "
						  "exports from China and parties in China)?",
					     sp->name, sp->hit.list_name);
			}
		}
	}
	if (!c.destination)
		open_yes = true, add_question(out, "the destination country is not given");
	if (!c.ship_from)
		open_yes = true, add_question(out, "the country shipped from is not given");
	if (!given(line->eccn) && !given(line->list_item) && !engaged_any)
		open_yes = true,
			add_question(out, "the item is not classified (ECCN, EAR99, or a Japanese, Dutch or EU list "
					  "item): classification from the specifications is the exporter's");
	if (c.subject == CA_UNKNOWN && !yes)
		open_yes = true,
			add_question(out, "is the item subject to the EAR (US origin, US content above de minimis, or a "
					  "foreign direct product under 15 CFR 734.9)?");
	if (yes)
		out->licence = CA_YES;
	else if (open_yes)
		out->licence = CA_UNKNOWN;
	else
		out->licence = CA_NO;
	if (out->licence != CA_YES)
		out->policy = CA_POLICY_NONE;
}
