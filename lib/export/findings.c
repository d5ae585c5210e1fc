/* SPDX-License-Identifier: MIT */
/*
 * Screened order lines as findings (docs/export.md), so that every report
 * format writes them: per line its licence answer and open questions, per
 * regime record engaged one finding, per listed-party hit one. The rules
 * the findings point to are made from the records and the lists.
 */
#include "export/export_internal.h"
#include "rules/rules_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct made_rules {
	ca_rule **v;
	size_t n, cap;
	cai_arena *arena;
} made_rules;

static const char *jurisdiction_of(const char *regime)
{
	static const struct {
		const char *regime, *code;
	} map[] = {{"us-ear", "US"}, {"jp-fefta", "JP"}, {"nl", "NL"}, {"eu", "EU"}, {"cn-mofcom", "CN"}};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i].regime, regime) == 0)
			return map[i].code;
	return "";
}

/* The rule of that id, made by fill on first use; NULL when out of memory. */
static ca_rule *rule_for(made_rules *m, const char *id, bool *fresh)
{
	*fresh = false;
	for (size_t i = 0; i < m->n; i++)
		if (strcmp(m->v[i]->id, id) == 0)
			return m->v[i];
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 16;
		ca_rule **v = realloc(m->v, cap * sizeof(*v));
		if (!v)
			return NULL;
		m->v = v;
		m->cap = cap;
	}
	ca_rule *r = cai_arena_alloc(m->arena, sizeof(*r));
	char *kept = r ? cai_arena_strdup(m->arena, id) : NULL;
	if (!kept)
		return NULL;
	memset(r, 0, sizeof(*r));
	r->id = kept;
	r->forbids = "export";
	m->v[m->n++] = r;
	*fresh = true;
	return r;
}

static ca_rule *line_rule(made_rules *m)
{
	bool fresh;
	ca_rule *r = rule_for(m, "export-screen", &fresh);
	if (r && fresh) {
		r->pack_id = "export-screen";
		r->title = "Export-control licence answer for an order line";
		r->authority = "the regime records and screening lists chipaudit ships (docs/export.md)";
		r->jurisdiction = "";
		r->citations[0].title = "docs/export.md";
		r->n_citations = 1;
	}
	return r;
}

static ca_rule *record_rule(made_rules *m, const ca_regime_record *rec)
{
	bool fresh;
	ca_rule *r = rule_for(m, rec->id, &fresh);
	if (r && fresh) {
		r->pack_id = rec->regime;
		r->title = rec->title;
		r->authority = rec->citation;
		r->jurisdiction = jurisdiction_of(rec->regime);
		r->legal_basis[0].text = rec->citation;
		r->n_legal_basis = 1;
		r->citations[0] = (ca_citation){.title = rec->citation, .date = rec->effective_from};
		r->n_citations = 1;
		r->effective = rec->effective_from;
		r->expires = rec->effective_to;
		r->sentence = rec->notes;
	}
	return r;
}

static ca_rule *party_rule(made_rules *m, const ca_party_hit *h)
{
	char id[96];
	snprintf(id, sizeof(id), "screening-list/%.70s", h->list);
	bool fresh;
	ca_rule *r = rule_for(m, id, &fresh);
	if (r && fresh) {
		r->pack_id = "screening-list";
		r->title = *h->list_name ? h->list_name : h->list;
		r->authority = *h->list_name ? h->list_name : h->list;
		r->jurisdiction = strncmp(h->list, "JP-", 3) == 0   ? "JP"
				  : strncmp(h->list, "CN-", 3) == 0 ? "CN"
								    : "US";
		r->legal_basis[0].text = *h->list_citation ? h->list_citation : r->authority;
		r->n_legal_basis = 1;
		r->citations[0].title = r->legal_basis[0].text;
		r->n_citations = 1;
		r->sentence = *h->list_effect ? h->list_effect : NULL;
	}
	return r;
}

static ca_severity licence_severity(ca_tristate t)
{
	/* an unknown is never a pass */
	return t == CA_YES ? CA_SEVERITY_FAIL : t == CA_NO ? CA_SEVERITY_INFO : CA_SEVERITY_WARN;
}

static int add_line(ca_findings *fs, made_rules *m, const ca_component *c, const char *host)
{
	const ca_screen_result *x = c->screen;
	const char *day = c->order->ship_date ? c->order->ship_date : "";
	ca_finding *f = cai_findings_add(fs);
	ca_rule *r = line_rule(m);
	if (!f || !r)
		return -ENOMEM;
	*f = (ca_finding){.rule = r, .severity = licence_severity(x->error ? CA_UNKNOWN : x->licence),
			  .state = CA_FINDING_EXPORT_LINE, .component = c, .host = host, .as_of = day,
			  .screen = x};
	for (size_t i = 0; !x->error && i < x->n_rules; i++) {
		const ca_screen_rule *sr = &x->rules[i];
		if (!(f = cai_findings_add(fs)) || !(r = record_rule(m, sr->record)))
			return -ENOMEM;
		/* a record without a licence outcome of its own (a note, a
		 * suspension) informs; the line's answer carries the unknown */
		ca_severity sev = sr->licence == CA_YES ? CA_SEVERITY_FAIL : CA_SEVERITY_INFO;
		*f = (ca_finding){.rule = r, .severity = sev,
				  .state = CA_FINDING_EXPORT_RECORD, .component = c, .host = host,
				  .as_of = day, .screen = x, .regime = sr};
	}
	for (size_t i = 0; !x->error && i < x->n_parties; i++) {
		const ca_screen_party *p = &x->parties[i];
		if (!(f = cai_findings_add(fs)) || !(r = party_rule(m, &p->hit)))
			return -ENOMEM;
		ca_severity sev = !p->in_force			    ? CA_SEVERITY_INFO
				  : p->hit.band == CA_MATCH_PROBABLE ? CA_SEVERITY_FAIL
								     : CA_SEVERITY_WARN;
		*f = (ca_finding){.rule = r, .severity = sev, .state = CA_FINDING_EXPORT_PARTY,
				  .component = c, .host = host, .as_of = day, .screen = x, .party = p};
	}
	return 0;
}

int cai_export_findings(const ca_assessment *a, cai_arena *arena, const char *host, ca_findings **ret)
{
	ca_findings *fs;
	if (cai_findings_new(NULL, &fs) < 0)
		return -ENOMEM;
	made_rules m = {.arena = arena};
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < ca_assessment_component_count(a); i++) {
		const ca_component *c = ca_assessment_component(a, i);
		if (c->kind == CA_COMPONENT_ORDER_LINE && c->screen && c->order)
			rc = add_line(fs, &m, c, host);
	}
	free(m.v);
	if (rc < 0) {
		ca_findings_free(fs);
		return rc;
	}
	*ret = fs;
	return 0;
}
