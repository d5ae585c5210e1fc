/* SPDX-License-Identifier: MIT */
/* What each host adds to a run's summary, and the summary itself: hosts by
 * verdict, findings by rule and severity, makers by role. */
#include "report/sink.h"
#include "util/grow.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

const char *cai_verdict_name(int verdict)
{
	static const char *const names[VERDICT_COUNT] = {"unreadable", "no findings", "info", "warn",
							 "fail"};
	return verdict >= 0 && verdict < VERDICT_COUNT ? names[verdict] : "?";
}

/* The entry for rule in *rules, added (counts zero) when missing; NULL when out of memory. */
static tally_rule *rule_entry(tally_rule **rules, size_t *n, size_t *cap, const char *rule)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*rules)[i].rule, rule) == 0)
			return &(*rules)[i];
	if (cai_grow((void **)rules, cap, *n + 1, sizeof(**rules)) < 0)
		return NULL;
	tally_rule *e = &(*rules)[*n];
	*e = (tally_rule){.rule = strdup(rule)};
	if (!e->rule)
		return NULL;
	(*n)++;
	return e;
}

/* The entry for (role, owner) in *makers, as rule_entry(). */
static tally_maker *maker_entry(tally_maker **makers, size_t *n, size_t *cap, const char *role,
			       const char *owner)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*makers)[i].role, role) == 0 && strcmp((*makers)[i].owner, owner) == 0)
			return &(*makers)[i];
	if (cai_grow((void **)makers, cap, *n + 1, sizeof(**makers)) < 0)
		return NULL;
	tally_maker *e = &(*makers)[*n];
	*e = (tally_maker){.role = strdup(role), .owner = strdup(owner)};
	if (!e->role || !e->owner) {
		free(e->role);
		free(e->owner);
		return NULL;
	}
	(*n)++;
	return e;
}

static char *system_of(const ca_assessment *a)
{
	const ca_host *h = ca_assessment_inventory(a);
	const ca_record *sys = h ? ca_host_find_record(h, 1) : NULL;
	if (!sys)
		return NULL;
	const char *maker = ca_record_value(sys, "Manufacturer");
	const char *product = ca_record_value(sys, "Product Name");
	char *out = NULL;
	if (asprintf(&out, "%s%s%s", maker ? maker : "", maker && product ? " " : "",
		     product ? product : "") < 0)
		return NULL;
	return out;
}

int cai_tally_host(const ca_assessment *a, ca_host_tally **ret)
{
	ca_host_tally *t = calloc(1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	*ret = t;
	t->label = strdup(ca_assessment_label(a));
	t->ordinal = ca_assessment_ordinal(a);
	if (!t->label)
		return -ENOMEM;
	t->readable = ca_assessment_readable(a);
	t->complete = ca_assessment_complete(a);
	t->verdict = t->readable ? VERDICT_CLEAN : VERDICT_UNREADABLE;
	if (!t->readable)
		return 0;
	t->system = system_of(a);
	ca_assessment_scope(a, &t->scope);
	for (size_t i = 0; i < ca_assessment_component_count(a); i++) {
		const ca_component *c = ca_assessment_component(a, i);
		if (!c->present)
			continue;
		t->modules += c->kind == CA_COMPONENT_MEMORY_DEVICE;
		if (c->kind == CA_COMPONENT_SYSTEM && !c->n_makers) { /* no maker the knowledge base knows */
			tally_maker *e = maker_entry(&t->makers, &t->n_makers, &t->cap_makers, "system", "");
			if (!e)
				return -ENOMEM;
			e->n++;
		}
		for (size_t k = 0; k < c->n_makers; k++) {
			const ca_component_maker *m = &c->makers[k];
			const char *owner = m->answer.confidence ? m->answer.owner_name : "";
			/* unknown register and PMIC makers of modules without one are not news */
			if (!*owner && (strcmp(m->role, "register") == 0 || strcmp(m->role, "pmic") == 0))
				continue;
			tally_maker *e = maker_entry(&t->makers, &t->n_makers, &t->cap_makers, m->role, owner);
			if (!e)
				return -ENOMEM;
			e->n++;
		}
	}
	const ca_findings *fs = ca_assessment_findings(a);
	for (size_t i = 0; i < ca_findings_count(fs); i++) {
		const ca_finding *f = ca_findings_at(fs, i);
		tally_rule *e = rule_entry(&t->rules, &t->n_rules, &t->cap_rules, f->rule->id);
		if (!e)
			return -ENOMEM;
		t->findings++;
		if (f->waived) {
			e->waived++;
			t->waived++;
			continue;
		}
		e->by_severity[f->severity]++;
		if (VERDICT_INFO + (int)f->severity > t->verdict)
			t->verdict = VERDICT_INFO + (int)f->severity;
	}
	return 0;
}

void ca_host_tally_free(ca_host_tally *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n_rules; i++)
		free(t->rules[i].rule);
	for (size_t i = 0; i < t->n_makers; i++) {
		free(t->makers[i].role);
		free(t->makers[i].owner);
	}
	free(t->rules);
	free(t->makers);
	free(t->label);
	free(t->system);
	free(t->trailer);
	if (t->trailer_file)
		fclose(t->trailer_file);
	free(t);
}

bool ca_host_tally_readable(const ca_host_tally *t)
{
	return t->readable;
}

bool ca_host_tally_complete(const ca_host_tally *t)
{
	return t->complete;
}

int ca_host_tally_worst(const ca_host_tally *t)
{
	return t->verdict >= VERDICT_INFO ? t->verdict - VERDICT_INFO : -1;
}

bool cai_first_of_role(const tally_maker *makers, size_t i)
{
	for (size_t k = 0; k < i; k++)
		if (strcmp(makers[k].role, makers[i].role) == 0)
			return false;
	return true;
}

/* "module: Micron 12, Samsung 2; dram: ? 14" for the host table. */
static char *makers_text(const ca_host_tally *t)
{
	char *out = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&out, &len);
	if (!m)
		return NULL;
	size_t roles = 0;
	for (size_t i = 0; i < t->n_makers; i++) {
		if (!cai_first_of_role(t->makers, i)) /* each role once, with all its makers */
			continue;
		fprintf(m, "%s%s:", roles++ ? "; " : "", t->makers[i].role);
		size_t shown = 0;
		for (size_t k = i; k < t->n_makers; k++)
			if (strcmp(t->makers[k].role, t->makers[i].role) == 0)
				fprintf(m, "%s %zu %s", shown++ ? "," : "", t->makers[k].n,
					*t->makers[k].owner ? t->makers[k].owner : "unknown");
	}
	if (fclose(m) != 0) {
		free(out);
		return NULL;
	}
	return out;
}

static int keep_host(sink_summary *s, const ca_host_tally *t)
{
	if (cai_grow((void **)&s->hosts, &s->cap_hosts, s->n_hosts + 1, sizeof(*s->hosts)) < 0)
		return -ENOMEM;
	summary_host *h = &s->hosts[s->n_hosts];
	*h = (summary_host){.label = strdup(t->label),
			    .ordinal = t->ordinal,
			    .system = t->system ? strdup(t->system) : NULL,
			    .verdict = t->verdict,
			    .findings = t->findings,
			    .waived = t->waived,
			    .modules = t->modules,
			    .makers = makers_text(t)};
	s->n_hosts++;
	return h->label && h->makers && (h->system || !t->system) ? 0 : -ENOMEM;
}

int cai_summary_add(sink_summary *s, const ca_host_tally *t, bool keep)
{
	s->hosts_read += t->readable;
	s->incomplete += t->readable && !t->complete;
	s->by_verdict[t->verdict]++;
	s->findings += t->findings;
	s->waived += t->waived;
	s->inspected.storage |= t->scope.storage;
	s->inspected.devices |= t->scope.devices;
	s->inspected.orders |= t->scope.orders;
	for (size_t i = 0; i < t->n_rules; i++) {
		tally_rule *e = rule_entry(&s->rules, &s->n_rules, &s->cap_rules, t->rules[i].rule);
		if (!e)
			return -ENOMEM;
		for (int k = 0; k < 3; k++)
			e->by_severity[k] += t->rules[i].by_severity[k];
		e->waived += t->rules[i].waived;
	}
	for (size_t i = 0; i < t->n_makers; i++) {
		tally_maker *e = maker_entry(&s->makers, &s->n_makers, &s->cap_makers, t->makers[i].role,
					     t->makers[i].owner);
		if (!e)
			return -ENOMEM;
		e->n += t->makers[i].n;
	}
	return keep ? keep_host(s, t) : 0;
}

void cai_summary_release(sink_summary *s)
{
	for (size_t i = 0; i < s->n_rules; i++)
		free(s->rules[i].rule);
	for (size_t i = 0; i < s->n_makers; i++) {
		free(s->makers[i].role);
		free(s->makers[i].owner);
	}
	for (size_t i = 0; i < s->n_hosts; i++) {
		free(s->hosts[i].label);
		free(s->hosts[i].system);
		free(s->hosts[i].makers);
	}
	free(s->rules);
	free(s->makers);
	free(s->hosts);
}

char *cai_summary_not_inspected_text(const sink_summary *s)
{
	return cai_scope_not_inspected_text(&s->inspected);
}
