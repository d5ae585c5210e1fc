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
#include "util/grow.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ca_findings {
	ca_finding *items;
	size_t n, cap;
	ca_rule_status *rules; /* every rule the profile holds, applied or not */
	size_t n_rules, cap_rules;
	char as_of[11]; /* the date the findings point to */
};

const char *ca_finding_state_name(ca_finding_state s)
{
	switch (s) {
	case CA_FINDING_NOT_YET_EFFECTIVE: return "not-yet-effective";
	case CA_FINDING_INSTALLED: return "installed";
	case CA_FINDING_UNATTRIBUTED: return "unattributed";
	case CA_FINDING_BOUGHT_AFTER: return "bought-after-effective";
	case CA_FINDING_BOUGHT_BEFORE: return "bought-before-effective";
	case CA_FINDING_EXPORT_LINE: return "export-line";
	case CA_FINDING_EXPORT_RECORD: return "export-record";
	case CA_FINDING_EXPORT_PARTY: return "export-party";
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

size_t ca_findings_rule_count(const ca_findings *f) { return f ? f->n_rules : 0; }

const ca_rule_status *ca_findings_rule_at(const ca_findings *f, size_t i)
{
	return f && i < f->n_rules ? &f->rules[i] : NULL;
}

void ca_findings_free(ca_findings *f)
{
	if (!f)
		return;
	free(f->rules);
	free(f->items);
	free(f);
}

int cai_findings_new(const char *as_of, ca_findings **ret)
{
	ca_findings *f = calloc(1, sizeof(*f));
	if (!f)
		return -ENOMEM;
	snprintf(f->as_of, sizeof(f->as_of), "%s", as_of ? as_of : "");
	*ret = f;
	return 0;
}

ca_finding *cai_findings_add(ca_findings *f)
{
	if (cai_grow((void **)&f->items, &f->cap, f->n + 1, sizeof(*f->items)) < 0)
		return NULL;
	ca_finding *x = &f->items[f->n++];
	memset(x, 0, sizeof(*x));
	return x;
}

static ca_finding *add(ca_findings *f)
{
	return cai_findings_add(f);
}

/* The maker entry of the rule that names answer a on date, or NULL. */
static const ca_rule_maker *named_maker(const ca_rule *r, const ca_maker *a, const char *date)
{
	for (size_t i = 0; i < r->n_makers; i++)
		if ((strcmp(r->makers[i].id, a->maker_id) == 0 ||
		     strcmp(r->makers[i].id, a->owner_id) == 0) &&
		    ca_rule_maker_named_on(&r->makers[i], date))
			return &r->makers[i];
	return NULL;
}

/* True when option op applies to maker (its makers list, or every maker). */
static bool option_covers(const ca_rule_option *op, const ca_rule_maker *maker)
{
	for (size_t k = 0; k < op->n_makers; k++)
		if (strcmp(op->makers[k], maker->id) == 0)
			return true;
	return op->n_makers == 0;
}

static ca_finding_option option_as_applied(const ca_rule *r, const ca_rule_option *op,
					   const ca_profile *p)
{
	bool v = ca_rule_option_value(r, op, p);
	return (ca_finding_option){.option = op, .value = v, .is_default = v == op->default_value};
}

/* True when the rule counts maker in role; *ret_why names the option that
 * decided it, if one did. */
static bool role_counts(const ca_rule *r, const ca_profile *p, const char *role,
			const ca_rule_maker *maker, ca_finding_option *ret_why)
{
	*ret_why = (ca_finding_option){0};
	for (size_t i = 0; i < r->n_roles; i++)
		if (strcmp(r->roles[i], role) == 0)
			return true;
	for (size_t o = 0; o < r->n_options; o++) {
		const ca_rule_option *op = &r->options[o];
		if (!option_covers(op, maker))
			continue;
		for (size_t k = 0; k < op->n_adds_roles; k++)
			if (strcmp(op->adds_roles[k], role) == 0) {
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
	ca_finding_option rule_option; /* the option that bound the rule, if one did */
	ca_findings *out;
	size_t made;                   /* findings made for this rule */
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
	c->made++;
	return x;
}

/* The state of a part of a named maker: not yet in force, bought after or
 * before the effective date (when the purchase list says and the rule bars
 * procurement), or installed. */
static ca_finding_state state_of(const eval_ctx *c, const ca_component *comp,
				 const ca_rule_maker *maker)
{
	if (!c->effective)
		return CA_FINDING_NOT_YET_EFFECTIVE;
	if (comp->purchased && strcmp(c->r->forbids, "use") != 0) {
		/* bought while the rule was in force and named the maker */
		bool after = strcmp(comp->purchased, c->r->effective) >= 0 &&
			     ca_rule_maker_named_on(maker, comp->purchased);
		return after ? CA_FINDING_BOUGHT_AFTER : CA_FINDING_BOUGHT_BEFORE;
	}
	if (comp->made_first && strcmp(c->r->forbids, "use") != 0 &&
	    strcmp(comp->made_first, c->r->effective) >= 0 &&
	    ca_rule_maker_named_on(maker, comp->made_first))
		/* made (so bought) while the rule was in force and named the maker */
		return CA_FINDING_BOUGHT_AFTER;
	/* made before: it may still have been bought after; the sentence says so */
	return CA_FINDING_INSTALLED;
}

/* The severity of a finding in state for maker, with options at the values
 * in vals[] (one per option of the rule). */
static ca_severity severity_with(const ca_rule *r, ca_finding_state state, const ca_rule_maker *maker,
				 const bool *vals)
{
	ca_severity s = r->sev_installed;
	switch (state) {
	case CA_FINDING_NOT_YET_EFFECTIVE: s = r->sev_not_yet_effective; break;
	case CA_FINDING_BOUGHT_AFTER: s = r->sev_bought_after; break;
	case CA_FINDING_BOUGHT_BEFORE: s = r->sev_bought_before; break;
	case CA_FINDING_UNATTRIBUTED: s = r->sev_unattributed; break;
	case CA_FINDING_INSTALLED:
	case CA_FINDING_EXPORT_LINE:
	case CA_FINDING_EXPORT_RECORD:
	case CA_FINDING_EXPORT_PARTY: break;
	}
	for (size_t o = 0; o < r->n_options; o++) {
		const ca_rule_option *op = &r->options[o];
		if (maker ? !option_covers(op, maker) : op->n_makers != 0)
			continue;
		if (state == CA_FINDING_INSTALLED && !vals[o] && op->installed_if_false >= 0)
			s = (ca_severity)op->installed_if_false;
		if (state == CA_FINDING_INSTALLED && vals[o] && op->installed_if_true >= 0)
			s = (ca_severity)op->installed_if_true;
	}
	for (size_t o = 0; o < r->n_options; o++) {
		const ca_rule_option *op = &r->options[o];
		/* parts without a maker: only options about every maker apply */
		bool applies = maker ? option_covers(op, maker) : op->n_makers == 0;
		if (applies && !vals[o] && op->severity_if_false >= 0 && (int)s > op->severity_if_false)
			s = (ca_severity)op->severity_if_false;
	}
	return s;
}

/* Sets x's severity, and names the option whose other value would change it. */
static void set_severity(const eval_ctx *c, ca_finding *x, const ca_rule_maker *maker)
{
	const ca_rule *r = c->r;
	bool vals[CA_RULES_MAX_ITEMS] = {false};
	for (size_t o = 0; o < r->n_options; o++)
		vals[o] = ca_rule_option_value(r, &r->options[o], c->p);
	x->severity = severity_with(r, x->state, maker, vals);
	for (size_t o = 0; o < r->n_options && !x->severity_option.option; o++) {
		vals[o] = !vals[o];
		if (severity_with(r, x->state, maker, vals) != x->severity)
			x->severity_option = option_as_applied(r, &r->options[o], c->p);
		vals[o] = !vals[o];
	}
}

static int finding_for(eval_ctx *c, const ca_component *comp, const ca_component_maker *m,
		       const ca_rule_maker *maker, ca_finding_option why)
{
	ca_finding *x = finding_new(c);
	if (!x)
		return -ENOMEM;
	x->state = state_of(c, comp, maker);
	x->component = comp;
	x->role = m->role;
	x->maker = &m->answer;
	x->purchased = x->state == CA_FINDING_BOUGHT_AFTER || x->state == CA_FINDING_BOUGHT_BEFORE
			       ? comp->purchased
			       : NULL;
	x->made = comp->made;
	x->made_after = x->state == CA_FINDING_BOUGHT_AFTER && !x->purchased;
	x->role_option = why;
	x->rule_option = c->rule_option;
	set_severity(c, x, maker);
	apply_waivers(x, c, comp->label, comp->locator);
	return 0;
}

/* True when the rule, for this profile, counts makers in role (for any maker). */
static bool role_countable(const ca_rule *r, const ca_profile *p, const char *role)
{
	for (size_t i = 0; i < r->n_roles; i++)
		if (strcmp(r->roles[i], role) == 0)
			return true;
	for (size_t o = 0; o < r->n_options; o++)
		for (size_t k = 0; k < r->options[o].n_adds_roles; k++)
			if (strcmp(r->options[o].adds_roles[k], role) == 0 &&
			    ca_rule_option_value(r, &r->options[o], p))
				return true;
	return false;
}

/* True when a memory part's module maker is unknown and the rule counts
 * module makers: the rule cannot be ruled out for it. (Unknown DRAM die
 * makers are the rule rather than the exception without SPD evidence; the
 * report's scope line counts them instead.) */
static bool unknown_in_counted_role(const eval_ctx *c, const ca_component *comp)
{
	const ca_maker *module = ca_component_maker_for(comp, "module");
	return module && module->confidence == CA_CONFIDENCE_NONE &&
	       role_countable(c->r, c->p, "module");
}

static int evaluate_rule(eval_ctx *c)
{
	size_t installed = 0, unattributed = 0;
	for (size_t i = 0; i < ca_assessment_component_count(c->a); i++) {
		const ca_component *comp = ca_assessment_component(c->a, i);
		size_t made_before = c->made;
		if (comp->kind == CA_COMPONENT_MEMORY_DEVICE && !comp->present)
			continue;
		/* one finding per component: the first role that names a maker */
		for (size_t k = 0; k < comp->n_makers; k++) {
			const ca_component_maker *m = &comp->makers[k];
			ca_finding_option why;
			const ca_rule_maker *maker = m->answer.confidence == CA_CONFIDENCE_NONE
							     ? NULL
							     : named_maker(c->r, &m->answer, c->date);
			if (!maker || !role_counts(c->r, c->p, m->role, maker, &why))
				continue;
			int rc = finding_for(c, comp, m, maker, why);
			if (rc < 0)
				return rc;
			break;
		}
		if (comp->kind != CA_COMPONENT_MEMORY_DEVICE)
			continue;
		installed++;
		if (c->made == made_before && unknown_in_counted_role(c, comp))
			unattributed++;
	}
	if (unattributed) {
		ca_finding *x = finding_new(c);
		if (!x)
			return -ENOMEM;
		x->state = CA_FINDING_UNATTRIBUTED;
		x->unattributed = unattributed;
		x->inspected = installed;
		x->rule_option = c->rule_option;
		set_severity(c, x, NULL);
		char component[64];
		snprintf(component, sizeof(component), "%zu of %zu memory devices", unattributed,
			 installed);
		apply_waivers(x, c, component, NULL);
	}
	return 0;
}

/* The option that bound the rule for the profile (bound) or that switched
 * it off (!bound): the rule's required option when it decided, else the
 * option that adds the profile's ownership. */
static ca_finding_option binding_option(const ca_rule *r, const ca_profile *p, bool bound)
{
	const ca_rule_option *req = ca_rule_option_find(r, r->requires_option);
	if (req && (bound || !ca_rule_option_value(r, req, p)))
		return option_as_applied(r, req, p);
	for (size_t o = 0; o < r->n_options; o++)
		if (r->options[o].adds_ownership &&
		    strcmp(r->options[o].adds_ownership, p->ownership) == 0)
			return option_as_applied(r, &r->options[o], p);
	return (ca_finding_option){0};
}

static int add_status(ca_findings *out, const ca_rule_status *st)
{
	if (cai_grow((void **)&out->rules, &out->cap_rules, out->n_rules + 1, sizeof(*out->rules)) < 0)
		return -ENOMEM;
	out->rules[out->n_rules++] = *st;
	return 0;
}

static int evaluate_one(const ca_rule *r, const ca_profile *profile, const ca_assessment *assessment,
			const ca_waivers *waivers, ca_findings *out)
{
	ca_rule_status st = {.rule = r};
	const char *as_of = out->as_of;
	if (r->expires && strcmp(as_of, r->expires) >= 0) {
		st.state = CA_RULE_EXPIRED;
		return add_status(out, &st);
	}
	bool bound = ca_rule_binds(r, profile);
	ca_finding_option opt = binding_option(r, profile, bound);
	if (!bound) {
		if (!opt.option) /* ownership outside the rule, no option about it */
			return 0;
		st.state = CA_RULE_OFF_BY_OPTION;
		st.option = opt;
		return add_status(out, &st);
	}
	/* an option that bound the rule is named when its other value would not */
	bool by_option = false;
	if (opt.option) {
		ca_profile flipped = *profile;
		char key[160];
		snprintf(key, sizeof(key), "%s.%s", r->pack_id, opt.option->id);
		bool replaced = false;
		for (size_t i = 0; i < flipped.n_options; i++)
			if (strcmp(flipped.option_names[i], key) == 0) {
				flipped.option_values[i] = !opt.value;
				replaced = true;
			}
		if (!replaced && flipped.n_options < CA_RULES_MAX_ITEMS) {
			flipped.option_names[flipped.n_options] = key;
			flipped.option_values[flipped.n_options++] = !opt.value;
		}
		by_option = !ca_rule_binds(r, &flipped);
	}
	eval_ctx c = {
		.r = r, .p = profile, .a = assessment, .w = waivers, .date = as_of,
		.effective = strcmp(as_of, r->effective) >= 0, .out = out,
		.rule_option = by_option ? opt : (ca_finding_option){0},
	};
	int rc = evaluate_rule(&c);
	if (rc < 0)
		return rc;
	st.state = CA_RULE_APPLIED;
	st.in_force = c.effective;
	st.findings = c.made;
	st.option = c.rule_option;
	return add_status(out, &st);
}

int ca_rules_evaluate(const ca_rules *rules, const ca_profile *profile,
		      const ca_assessment *assessment, const char *as_of, const ca_waivers *waivers,
		      ca_findings **ret)
{
	char day[11];
	if (!(as_of = cai_date_or_today(as_of, day)))
		return -EINVAL;
	ca_findings *out = calloc(1, sizeof(*out));
	if (!out)
		return -ENOMEM;
	memcpy(out->as_of, as_of, sizeof(out->as_of));
	for (size_t i = 0; i < rules->n_rules; i++) {
		const ca_rule *r = &rules->rules[i];
		if (!ca_rule_concerns(r, profile))
			continue;
		int rc = evaluate_one(r, profile, assessment, waivers, out);
		if (rc < 0) {
			ca_findings_free(out);
			return rc;
		}
	}
	*ret = out;
	return 0;
}
