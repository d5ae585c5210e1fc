/* SPDX-License-Identifier: MIT */
/*
 * Evaluation of rules against a host inventory: which rules bind the
 * profile, which attributed makers they name in which roles, on which date,
 * and which waivers apply. Every finding carries its evidence chain, its
 * citation and one plain sentence.
 */
#include "rules/rules_internal.h"
#include "util/date.h"
#include "util/textfile.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ca_findings {
	ca_finding *items;
	size_t n, cap;
};

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

static bool role_counts(const ca_rule *r, const ca_profile *p, const char *role, char *why,
			size_t why_size)
{
	for (size_t i = 0; i < r->n_roles; i++)
		if (strcmp(r->roles[i], role) == 0)
			return true;
	for (size_t o = 0; o < r->n_options; o++) {
		const ca_rule_option *op = &r->options[o];
		if (op->adds_role && strcmp(op->adds_role, role) == 0) {
			bool v = ca_rule_option_value(r, op, p);
			ca_text_format(why, why_size, "option %s = %s (%s): %s", op->id, v ? "true" : "false",
			    v == op->default_value ? "the pack's conservative default" : "set by the profile",
			    op->question);
			return v;
		}
	}
	return false;
}

/* Fills the sentence from the pack's template. */
static void render_sentence(const ca_rule *r, const ca_finding *x, const char *host, char *out,
			    size_t size)
{
	size_t o = 0;
	for (const char *s = r->sentence; *s && o + 1 < size;) {
		const char *val = NULL;
		size_t skip = 0;
		static const char *const keys[] = {"{maker}", "{role}", "{component}", "{host}",
						   "{effective}", "{title}"};
		const char *vals[] = {x->maker, x->role, x->component, host, r->effective, r->title};
		for (int k = 0; k < 6; k++)
			if (strncmp(s, keys[k], strlen(keys[k])) == 0) {
				val = vals[k];
				skip = strlen(keys[k]);
			}
		if (val) {
			for (const char *v = val; *v && o + 1 < size; v++)
				out[o++] = *v;
			s += skip;
		} else {
			out[o++] = *s++;
		}
	}
	out[o] = '\0';
}

static void cite(const ca_rule *r, char *out, size_t size)
{
	char decision[200] = "";
	if (r->decision_concluded)
		ca_text_format(decision, sizeof(decision), "; review %s%s concluded %s: %s",
		    r->decision_opened ? "opened " : "", r->decision_opened ? r->decision_opened : "",
		    r->decision_concluded, r->decision_outcome);
	ca_text_format(out, size, "%s%s; %s%s%s", r->n_legal_basis ? r->legal_basis[0] : r->authority, decision,
	    r->citations[0].title, r->citations[0].date ? ", " : "",
	    r->citations[0].date ? r->citations[0].date : "");
}

static void apply_waivers(ca_finding *x, const ca_rule *r, const char *host, const char *locator,
			  const ca_waivers *w, const char *date)
{
	for (size_t i = 0; w && i < w->n; i++) {
		const waiver *v = &w->items[i];
		if (strcmp(v->rule, r->id) != 0 && strcmp(v->rule, r->pack_id) != 0)
			continue;
		if (v->host && fnmatch(v->host, host, 0) != 0)
			continue;
		if (v->component && fnmatch(v->component, x->component, 0) != 0 &&
		    (!locator || fnmatch(v->component, locator, 0) != 0))
			continue;
		if (strcmp(date, v->expires) < 0) {
			x->waived = true;
			ca_text_format(x->waiver, sizeof(x->waiver), "waived until %s by %s (%s): %s", v->expires,
			    v->approver, v->defined_at, v->reason);
			return;
		}
		ca_text_format(x->waiver, sizeof(x->waiver),
		    "waiver %s by %s expired on %s and no longer suppresses this finding", v->defined_at,
		    v->approver, v->expires);
	}
}

typedef struct eval_ctx {
	const ca_rule *r;
	const ca_profile *p;
	const ca_host *h;
	const ca_waivers *w;
	const char *date;
	bool effective;
	ca_severity installed;
	char installed_note[300];
	bool binding_by_option;
	ca_findings *out;
} eval_ctx;

static int finding_for(eval_ctx *c, const ca_maker_answer *a, const char *role,
		       const char *component, const char *locator, const char *why)
{
	ca_finding *x = add(c->out);
	if (!x)
		return -ENOMEM;
	const ca_rule *r = c->r;
	x->severity = c->effective ? c->installed : r->sev_not_yet_effective;
	ca_text_format(x->state, sizeof(x->state), "%s", c->effective ? "installed" : "not-yet-effective");
	ca_text_format(x->rule_id, sizeof(x->rule_id), "%s", r->id);
	ca_text_format(x->rule_title, sizeof(x->rule_title), "%s", r->title);
	ca_text_format(x->component, sizeof(x->component), "%s", component);
	ca_text_format(x->role, sizeof(x->role), "%s", role);
	ca_text_format(x->maker_id, sizeof(x->maker_id), "%s", a->maker_id);
	ca_text_format(x->maker, sizeof(x->maker), "%s", a->maker_name);
	ca_text_format(x->owner_id, sizeof(x->owner_id), "%s", a->owner_id);
	ca_text_format(x->owner, sizeof(x->owner), "%s", a->owner_name);
	ca_text_format(x->evidence, sizeof(x->evidence), "%s -> %s, %s confidence%s -> maker %s -> owner on %s: %s",
	    a->evidence, a->method, ca_confidence_name(a->confidence),
	    a->heuristic ? ", heuristic" : "", a->maker_name, c->date, a->owner_name);
	cite(r, x->citation, sizeof(x->citation));
	render_sentence(r, x, ca_host_source(c->h), x->sentence, sizeof(x->sentence));
	if (!c->effective) {
		size_t l = strlen(x->sentence);
		ca_text_format(x->sentence + l, sizeof(x->sentence) - l, " Not yet in force: applies from %s.",
		    r->effective);
	} else if (strcmp(r->forbids, "procurement") == 0) {
		size_t l = strlen(x->sentence);
		ca_text_format(x->sentence + l, sizeof(x->sentence) - l,
		    " The part is installed; SMBIOS does not say when it was bought or made.");
	}
	bool note = c->installed_note[0] && (c->effective || c->binding_by_option);
	ca_text_format(x->options, sizeof(x->options), "%s%s%s", why ? why : "", why && note ? "; " : "",
	    note ? c->installed_note : "");
	apply_waivers(x, r, ca_host_source(c->h), locator, c->w, c->date);
	return 0;
}

static int evaluate_rule(eval_ctx *c, const ca_kb *kb)
{
	const ca_rule *r = c->r;
	size_t installed = 0, unattributed = 0;
	for (size_t i = 0; i < ca_host_record_count(c->h); i++) {
		ca_memory_device m;
		if (ca_memory_device_from_record(ca_host_record(c->h, i), &m) < 0 || !m.installed)
			continue;
		installed++;
		ca_memory_makers mk;
		if (ca_identify_memory_device(kb, &m, c->date, 0, &mk) < 0)
			continue;
		if (mk.role[CA_ROLE_MODULE].confidence == CA_CONFIDENCE_NONE)
			unattributed++;
		char component[128];
		ca_text_format(component, sizeof(component), "Memory Device %s (handle 0x%04X)",
		    m.locator ? m.locator : "?", m.record->handle);
		/* one finding per device: the first role (module, dram, ...) that names a maker */
		for (int role = 0; role < CA_ROLE_COUNT; role++) {
			const ca_maker_answer *a = &mk.role[role];
			char why[300] = "";
			if (a->confidence == CA_CONFIDENCE_NONE || !names_maker(r, a) ||
			    !role_counts(r, c->p, ca_role_name((ca_role)role), why, sizeof(why)))
				continue;
			int rc = finding_for(c, a, ca_role_name((ca_role)role), component, m.locator,
					     why[0] ? why : NULL);
			if (rc < 0)
				return rc;
			break;
		}
	}
	char why[300] = "";
	const ca_record *sys = ca_host_find_record(c->h, 1);
	if (sys && role_counts(r, c->p, "system", why, sizeof(why))) {
		const char *mfr = ca_record_value(sys, "Manufacturer");
		ca_maker_answer readings[CA_IDENTIFY_MAX_READINGS];
		ca_role roles[CA_IDENTIFY_MAX_READINGS];
		size_t n = mfr && !ca_is_placeholder(mfr)
				   ? ca_identify_text(kb, mfr, c->date, readings, roles, NULL)
				   : 0;
		for (size_t k = 0; k < n; k++) {
			if (strcmp(readings[k].method, "name-alias") != 0 || !names_maker(r, &readings[k]))
				continue;
			ca_text_format(readings[k].field, sizeof(readings[k].field), "System Manufacturer");
			int rc = finding_for(c, &readings[k], "system", "System (SMBIOS type 1)", NULL,
					     why[0] ? why : NULL);
			if (rc < 0)
				return rc;
			break;
		}
	}
	if (unattributed) {
		ca_finding *x = add(c->out);
		if (!x)
			return -ENOMEM;
		x->severity = r->sev_unattributed;
		ca_text_format(x->state, sizeof(x->state), "unattributed");
		ca_text_format(x->rule_id, sizeof(x->rule_id), "%s", r->id);
		ca_text_format(x->rule_title, sizeof(x->rule_title), "%s", r->title);
		ca_text_format(x->component, sizeof(x->component), "%zu of %zu memory devices", unattributed, installed);
		ca_text_format(x->evidence, sizeof(x->evidence),
		    "no binary id, usable Manufacturer string or known part number names their maker");
		cite(r, x->citation, sizeof(x->citation));
		ca_text_format(x->sentence, sizeof(x->sentence),
		    "Could not attribute %zu of %zu memory parts on %s; %s may apply to them and cannot be ruled out.",
		    unattributed, installed, ca_host_source(c->h), r->id);
		apply_waivers(x, r, ca_host_source(c->h), NULL, c->w, c->date);
	}
	return 0;
}

int ca_rules_evaluate(const ca_rules *rules, const ca_profile *profile, const ca_kb *kb,
		      const ca_host *host, const char *as_of, const ca_waivers *waivers,
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
	for (size_t i = 0; i < rules->n_rules; i++) {
		const ca_rule *r = &rules->rules[i];
		if (!ca_rule_binds(r, profile))
			continue;
		if (r->expires && strcmp(as_of, r->expires) >= 0)
			continue;
		eval_ctx c = {
			.r = r, .p = profile, .h = host, .w = waivers, .date = as_of,
			.effective = strcmp(as_of, r->effective) >= 0, .installed = r->sev_installed,
			.out = out,
		};
		for (size_t o = 0; o < r->n_options; o++) {
			const ca_rule_option *op = &r->options[o];
			if (op->adds_ownership && strcmp(op->adds_ownership, profile->ownership) == 0) {
				/* bound only through this option: say so in every finding */
				ca_text_format(c.installed_note, sizeof(c.installed_note),
				    "option %s = true (%s): %s", op->id,
				    ca_rule_option_value(r, op, profile) == op->default_value
					    ? "the pack's conservative default"
					    : "set by the profile",
				    op->question);
				c.binding_by_option = true;
				continue;
			}
			if (op->installed_if_false < 0)
				continue;
			bool v = ca_rule_option_value(r, op, profile);
			if (!v)
				c.installed = (ca_severity)op->installed_if_false;
			ca_text_format(c.installed_note, sizeof(c.installed_note), "option %s = %s (%s): %s", op->id,
			    v ? "true" : "false",
			    v == op->default_value ? "the pack's conservative default" : "set by the profile",
			    op->question);
		}
		int rc = evaluate_rule(&c, kb);
		if (rc < 0) {
			ca_findings_free(out);
			return rc;
		}
	}
	*ret = out;
	return 0;
}
