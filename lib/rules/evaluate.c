/* SPDX-License-Identifier: MIT */
/*
 * Evaluation of rules against the components of an assessment: which rules
 * bind the profile, which resolved makers they name in which roles, on
 * which date, and which waivers apply. Makers were resolved once by the
 * assessment; this file never reads evidence records nor calls the
 * resolver. Findings are data; writers word them (lib/report/finding_text.c).
 */
#include "chipaudit/assess.h"
#include "rules/rules_internal.h"
#include "util/date.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ca_findings {
	ca_finding *items;
	size_t n, cap;
	char as_of[11]; /* the date the findings point to */
};

const char *ca_finding_state_name(ca_finding_state s)
{
	switch (s) {
	case CA_FINDING_NOT_YET_EFFECTIVE: return "not-yet-effective";
	case CA_FINDING_INSTALLED: return "installed";
	case CA_FINDING_UNATTRIBUTED: return "unattributed";
	}
	return "unknown";
}

size_t ca_findings_count(const ca_findings *f) { return f ? f->n : 0; }

const ca_finding *ca_findings_at(const ca_findings *f, size_t i)
{
	return f && i < f->n ? &f->items[i] : NULL;
}

int ca_findings_max_severity(const ca_findings *f)
{
	int max = -1;
	for (size_t i = 0; f && i < f->n; i++)
		if (!f->items[i].waived && (int)f->items[i].severity > max)
			max = (int)f->items[i].severity;
	return max;
}

void ca_findings_free(ca_findings *f)
{
	if (!f)
		return;
	free(f->items);
	free(f);
}

static ca_finding *add(ca_findings *f)
{
	if (f->n == f->cap) {
		size_t nc = f->cap ? f->cap * 2 : 8;
		ca_finding *p = realloc(f->items, nc * sizeof(*p));
		if (!p)
			return NULL;
		f->items = p;
		f->cap = nc;
	}
	ca_finding *x = &f->items[f->n++];
	memset(x, 0, sizeof(*x));
	return x;
}

static bool names_maker(const ca_rule *r, const ca_maker_answer *a)
{
	for (size_t i = 0; i < r->n_makers; i++)
		if (strcmp(r->makers[i], a->maker_id) == 0 || strcmp(r->makers[i], a->owner_id) == 0)
			return true;
	return false;
}

static ca_finding_option option_as_applied(const ca_rule *r, const ca_rule_option *op,
					   const ca_profile *p)
{
	bool v = ca_rule_option_value(r, op, p);
	return (ca_finding_option){.option = op, .value = v, .is_default = v == op->default_value};
}

/* True when the rule counts makers in role; *ret_why names the option that
 * decided it, if one did. */
static bool role_counts(const ca_rule *r, const ca_profile *p, const char *role,
			ca_finding_option *ret_why)
{
	*ret_why = (ca_finding_option){0};
	for (size_t i = 0; i < r->n_roles; i++)
		if (strcmp(r->roles[i], role) == 0)
			return true;
	for (size_t o = 0; o < r->n_options; o++) {
		const ca_rule_option *op = &r->options[o];
		if (op->adds_role && strcmp(op->adds_role, role) == 0) {
			*ret_why = option_as_applied(r, op, p);
			return ret_why->value;
		}
	}
	return false;
}

typedef struct eval_ctx {
	const ca_rule *r;
	const ca_profile *p;
	const ca_assessment *a;
	const ca_waivers *w;
	const char *date;
	bool effective;
	ca_severity installed;
	ca_finding_option rule_option; /* the option that bound the rule or set the severity */
	bool binding_by_option;
	ca_findings *out;
} eval_ctx;

static void apply_waivers(ca_finding *x, const eval_ctx *c, const char *component,
			  const char *locator)
{
	const char *host = ca_assessment_label(c->a);
	for (size_t i = 0; i < ca_waivers_count(c->w); i++) {
		const ca_waiver *v = ca_waivers_at(c->w, i);
		if (strcmp(v->rule, c->r->id) != 0 && strcmp(v->rule, c->r->pack_id) != 0)
			continue;
		if (v->host && fnmatch(v->host, host, 0) != 0)
			continue;
		if (v->component && fnmatch(v->component, component, 0) != 0 &&
		    (!locator || fnmatch(v->component, locator, 0) != 0))
			continue;
		x->waiver = v;
		if (strcmp(c->date, v->expires) < 0) {
			x->waived = true;
			return;
		}
	}
}

static ca_finding *finding_new(eval_ctx *c)
{
	ca_finding *x = add(c->out);
	if (!x)
		return NULL;
	x->rule = c->r;
	x->host = ca_assessment_label(c->a);
	x->as_of = c->out->as_of;
	return x;
}

static int finding_for(eval_ctx *c, const ca_component *comp, const ca_component_maker *m,
		       ca_finding_option why)
{
	ca_finding *x = finding_new(c);
	if (!x)
		return -ENOMEM;
	x->severity = c->effective ? c->installed : c->r->sev_not_yet_effective;
	x->state = c->effective ? CA_FINDING_INSTALLED : CA_FINDING_NOT_YET_EFFECTIVE;
	x->component = comp;
	x->role = m->role;
	x->maker = &m->answer;
	x->role_option = why;
	if (c->rule_option.option && (c->effective || c->binding_by_option))
		x->rule_option = c->rule_option;
	apply_waivers(x, c, comp->label, comp->locator);
	return 0;
}

static int evaluate_rule(eval_ctx *c)
{
	size_t installed = 0, unattributed = 0;
	for (size_t i = 0; i < ca_assessment_component_count(c->a); i++) {
		const ca_component *comp = ca_assessment_component(c->a, i);
		if (comp->kind == CA_COMPONENT_MEMORY_DEVICE) {
			if (!comp->present)
				continue;
			installed++;
			const ca_maker_answer *module = ca_component_maker_for(comp, "module");
			if (module && module->confidence == CA_CONFIDENCE_NONE)
				unattributed++;
		}
		/* one finding per component: the first role that names a maker */
		for (size_t k = 0; k < comp->n_makers; k++) {
			const ca_component_maker *m = &comp->makers[k];
			ca_finding_option why;
			if (m->answer.confidence == CA_CONFIDENCE_NONE || !names_maker(c->r, &m->answer) ||
			    !role_counts(c->r, c->p, m->role, &why))
				continue;
			int rc = finding_for(c, comp, m, why);
			if (rc < 0)
				return rc;
			break;
		}
	}
	if (unattributed) {
		ca_finding *x = finding_new(c);
		if (!x)
			return -ENOMEM;
		x->severity = c->r->sev_unattributed;
		x->state = CA_FINDING_UNATTRIBUTED;
		x->unattributed = unattributed;
		x->inspected = installed;
		char component[64];
		snprintf(component, sizeof(component), "%zu of %zu memory devices", unattributed,
			 installed);
		apply_waivers(x, c, component, NULL);
	}
	return 0;
}

int ca_rules_evaluate(const ca_rules *rules, const ca_profile *profile,
		      const ca_assessment *assessment, const char *as_of, const ca_waivers *waivers,
		      ca_findings **ret)
{
	char day[11];
	if (!as_of) {
		ca_date_today(day);
		as_of = day;
	} else if (!ca_date_valid(as_of)) {
		return -EINVAL;
	}
	ca_findings *out = calloc(1, sizeof(*out));
	if (!out)
		return -ENOMEM;
	memcpy(out->as_of, as_of, sizeof(out->as_of));
	for (size_t i = 0; i < rules->n_rules; i++) {
		const ca_rule *r = &rules->rules[i];
		if (!ca_rule_binds(r, profile))
			continue;
		if (r->expires && strcmp(as_of, r->expires) >= 0)
			continue;
		eval_ctx c = {
			.r = r, .p = profile, .a = assessment, .w = waivers, .date = as_of,
			.effective = strcmp(as_of, r->effective) >= 0, .installed = r->sev_installed,
			.out = out,
		};
		for (size_t o = 0; o < r->n_options; o++) {
			const ca_rule_option *op = &r->options[o];
			if (op->adds_ownership && strcmp(op->adds_ownership, profile->ownership) == 0) {
				/* bound only through this option: say so in every finding */
				c.rule_option = option_as_applied(r, op, profile);
				c.rule_option.value = true;
				c.binding_by_option = true;
				continue;
			}
			if (op->installed_if_false < 0)
				continue;
			c.rule_option = option_as_applied(r, op, profile);
			if (!c.rule_option.value)
				c.installed = (ca_severity)op->installed_if_false;
		}
		int rc = evaluate_rule(&c);
		if (rc < 0) {
			ca_findings_free(out);
			return rc;
		}
	}
	*ret = out;
	return 0;
}
