/* SPDX-License-Identifier: MIT */
/* The words of a finding, made from its fields; shared by every writer. */
#include "chipaudit/report.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *text(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *text(const char *fmt, ...)
{
	char *out = NULL;
	va_list ap;
	va_start(ap, fmt);
	int n = vasprintf(&out, fmt, ap);
	va_end(ap);
	return n < 0 ? NULL : out;
}

char *ca_finding_component_text(const ca_finding *f)
{
	if (f->component)
		return strdup(f->component->label);
	return text("%zu of %zu memory devices", f->unattributed, f->inspected);
}

/* The pack's template with {maker} {role} {component} {host} {effective} {title}. */
static char *fill_template(const ca_finding *f, const char *component)
{
	static const char *const keys[] = {"{maker}", "{role}", "{component}", "{host}",
					   "{effective}", "{title}"};
	const ca_rule *r = f->rule;
	const char *vals[] = {f->maker ? f->maker->maker_name : "", f->role ? f->role : "",
			      component, f->host, r->effective, r->title};
	char *out = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&out, &len);
	if (!m)
		return NULL;
	for (const char *s = r->sentence; *s;) {
		int k = 0;
		while (k < 6 && strncmp(s, keys[k], strlen(keys[k])) != 0)
			k++;
		if (k < 6) {
			fputs(vals[k], m);
			s += strlen(keys[k]);
		} else {
			fputc(*s++, m);
		}
	}
	if (fclose(m) != 0) {
		free(out);
		return NULL;
	}
	return out;
}

char *ca_finding_sentence(const ca_finding *f)
{
	const ca_rule *r = f->rule;
	char *component = ca_finding_component_text(f);
	if (!component)
		return NULL;
	char *out = NULL;
	if (f->state == CA_FINDING_UNATTRIBUTED) {
		out = text("Could not attribute %zu of %zu memory parts on %s; %s may apply to them "
			   "and cannot be ruled out.",
			   f->unattributed, f->inspected, f->host, r->id);
	} else {
		char *s = fill_template(f, component);
		if (s && f->state == CA_FINDING_NOT_YET_EFFECTIVE)
			out = text("%s Not yet in force: applies from %s.", s, r->effective);
		else if (s && strcmp(r->forbids, "procurement") == 0)
			out = text("%s The part is installed; SMBIOS does not say when it was bought "
				   "or made.",
				   s);
		else
			out = s ? strdup(s) : NULL;
		free(s);
	}
	free(component);
	return out;
}

char *ca_finding_evidence(const ca_finding *f)
{
	const ca_maker_answer *a = f->maker;
	if (!a)
		return strdup("no binary id, usable Manufacturer string or known part number names "
			      "their maker");
	return text("%s -> %s, %s confidence%s -> maker %s -> owner on %s: %s", a->evidence,
		    a->method, ca_confidence_name(a->confidence), a->heuristic ? ", heuristic" : "",
		    a->maker_name, f->as_of, a->owner_name);
}

char *ca_finding_citation(const ca_finding *f)
{
	const ca_rule *r = f->rule;
	char *decision = r->decision_concluded
				 ? text("; review %s%s concluded %s: %s",
					r->decision_opened ? "opened " : "",
					r->decision_opened ? r->decision_opened : "",
					r->decision_concluded, r->decision_outcome)
				 : strdup("");
	if (!decision)
		return NULL;
	char *out = text("%s%s; %s%s%s", r->n_legal_basis ? r->legal_basis[0] : r->authority,
			 decision, r->citations[0].title, r->citations[0].date ? ", " : "",
			 r->citations[0].date ? r->citations[0].date : "");
	free(decision);
	return out;
}

static char *option_text(const ca_finding_option *o)
{
	return text("option %s = %s (%s): %s", o->option->id, o->value ? "true" : "false",
		    o->is_default ? "the pack's conservative default" : "set by the profile",
		    o->option->question);
}

char *ca_finding_options(const ca_finding *f)
{
	char *role = f->role_option.option ? option_text(&f->role_option) : NULL;
	char *rule = f->rule_option.option ? option_text(&f->rule_option) : NULL;
	char *out;
	if (role && rule)
		out = text("%s; %s", role, rule);
	else
		out = role ? strdup(role) : rule ? strdup(rule) : NULL;
	free(role);
	free(rule);
	return out;
}

char *ca_finding_waiver_text(const ca_finding *f)
{
	const ca_waiver *v = f->waiver;
	if (!v)
		return NULL;
	if (f->waived)
		return text("waived until %s by %s (%s): %s", v->expires, v->approver, v->defined_at,
			    v->reason);
	return text("waiver %s by %s expired on %s and no longer suppresses this finding",
		    v->defined_at, v->approver, v->expires);
}
