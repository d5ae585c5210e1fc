/* SPDX-License-Identifier: MIT */
/* The words of a finding, made from its fields; shared by every writer. */
#include "chipaudit/export.h"
#include "chipaudit/report.h"
#include "report/sink.h"
#include "util/textfile.h"

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
	if (f->component && f->component->kind == CA_COMPONENT_ORDER_LINE)
		return ca_export_line_text(f->component->order);
	if (f->component)
		return strdup(f->component->label);
	return text("%zu of %zu memory devices", f->unattributed, f->inspected);
}

/* The pack's template with {maker} {role} {component} {host} {effective}
 * {title} {as_of} {purchased}. */
static char *fill_template(const ca_finding *f, const char *tmpl, const char *component)
{
	static const char *const keys[] = {"{maker}", "{role}", "{component}", "{host}",
					   "{effective}", "{title}", "{as_of}", "{purchased}"};
	enum { N_KEYS = sizeof(keys) / sizeof(keys[0]) };
	const ca_rule *r = f->rule;
	char made[96];
	snprintf(made, sizeof(made), "an unknown date after it was made in %s (per its SPD)",
		 f->made ? f->made : "?");
	const char *vals[N_KEYS] = {f->maker ? f->maker->maker_name : "", f->role ? f->role : "",
				    component, f->host, r->effective, r->title, f->as_of,
				    f->purchased ? f->purchased : f->made_after ? made : "an unknown date"};
	char *out = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&out, &len);
	if (!m)
		return NULL;
	for (const char *s = tmpl; *s;) {
		size_t k = 0;
		while (k < N_KEYS && strncmp(s, keys[k], strlen(keys[k])) != 0)
			k++;
		if (k < N_KEYS) {
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

/* True when the finding is about a line of a purchase list, not yet bought. */
static bool listed(const ca_finding *f)
{
	return f->component && f->component->kind == CA_COMPONENT_BOM_LINE;
}

/* The pack's template for the finding's state, or NULL when it has none. A
 * line of a purchase list has only the "listed" one (it was not bought). */
static const char *state_template(const ca_finding *f)
{
	const ca_rule *r = f->rule;
	if (listed(f))
		return f->state == CA_FINDING_BOUGHT_AFTER ? r->sentence_listed : NULL;
	switch (f->state) {
	case CA_FINDING_INSTALLED: return r->sentence_installed;
	case CA_FINDING_NOT_YET_EFFECTIVE: return r->sentence_not_yet_effective;
	case CA_FINDING_BOUGHT_AFTER: return r->sentence_bought_after;
	case CA_FINDING_BOUGHT_BEFORE: return r->sentence_bought_before;
	case CA_FINDING_UNATTRIBUTED:
	case CA_FINDING_EXPORT_LINE:
	case CA_FINDING_EXPORT_RECORD:
	case CA_FINDING_EXPORT_PARTY: break;
	}
	return NULL;
}

/* ---- export-control screening (chipaudit/export.h) ---- */

static bool export_state(const ca_finding *f)
{
	return f->state == CA_FINDING_EXPORT_LINE || f->state == CA_FINDING_EXPORT_RECORD ||
	       f->state == CA_FINDING_EXPORT_PARTY;
}

static const char *or_q(const char *s)
{
	return s && *s ? s : "?";
}

char *ca_export_line_text(const ca_order_line *l)
{
	char *out = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&out, &len);
	if (!m)
		return NULL;
	fprintf(m, "order line %s (ship date %s, %s -> %s", or_q(l->line_id), or_q(l->ship_date),
		or_q(l->ship_from && *l->ship_from ? l->ship_from : l->exporter_country), or_q(l->destination));
	if ((l->item && *l->item) || (l->model && *l->model))
		fprintf(m, ", %s%s%s", l->item ? l->item : "", l->item && *l->item && l->model && *l->model ? " " : "",
			l->model ? l->model : "");
	if ((l->eccn && *l->eccn) || (l->list_item && *l->list_item))
		fprintf(m, " [%s]", l->eccn && *l->eccn ? l->eccn : l->list_item);
	fputc(')', m);
	if (fclose(m) != 0) {
		free(out);
		return NULL;
	}
	return out;
}

/* The line's answer, then its open questions, in full. */
static char *export_line_sentence(const ca_finding *f, const char *what)
{
	const ca_screen_result *x = f->screen;
	char *out = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&out, &len);
	if (!m)
		return NULL;
	if (x->error)
		fprintf(m, "%s%s could not be screened (%s): whether a licence is required is unknown.",
			what[0] == 'o' ? "O" : "", what[0] == 'o' ? what + 1 : what, x->error);
	else if (x->licence == CA_YES)
		fprintf(m, "A licence is required for %s (regimes %s; review policy %s).", what, x->regimes,
			ca_review_policy_name(x->policy));
	else if (x->licence == CA_NO)
		fprintf(m, "No licence is required for %s under the regime records and screening lists "
			   "held, on the facts given (regimes engaged: %s).",
			what, *x->regimes ? x->regimes : "none");
	else
		fprintf(m, "Whether a licence is required for %s is unknown until the open questions are "
			   "answered; it is not \"no licence needed\" (regimes engaged: %s).",
			what, *x->regimes ? x->regimes : "none");
	for (size_t i = 0; i < x->n_questions; i++)
		fprintf(m, "%s(%zu) %s", i ? " " : " Open questions: ", i + 1, x->questions[i]);
	if (fclose(m) != 0) {
		free(out);
		return NULL;
	}
	return out;
}

static char *export_sentence(const ca_finding *f, const char *components)
{
	char *own = components ? NULL : ca_export_line_text(f->component->order);
	const char *what = components ? components : own;
	if (!what)
		return NULL;
	char *out = NULL;
	if (f->state == CA_FINDING_EXPORT_LINE) {
		out = export_line_sentence(f, what);
	} else if (f->state == CA_FINDING_EXPORT_RECORD) {
		const ca_screen_rule *sr = f->regime;
		const ca_regime_record *r = sr->record;
		char answer[96];
		if (sr->licence == CA_UNKNOWN)
			snprintf(answer, sizeof(answer), "no licence outcome of its own (the line's answer says)");
		else
			snprintf(answer, sizeof(answer), "licence required %s, review policy %s",
				 ca_tristate_name(sr->licence), ca_review_policy_name(sr->policy));
		out = text("%s engages %s (%s; %s%s): %s.%s%s%s%s%s", what, r->id, r->title, r->citation,
			   r->unverified ? "; unverified" : "", answer, sr->text ? " " : "",
			   sr->text ? sr->text : "", sr->overridden_by ? " (outcome as " : "",
			   sr->overridden_by ? sr->overridden_by : "", sr->overridden_by ? " says)" : "");
	} else {
		const ca_screen_party *p = f->party;
		const ca_party_hit *h = &p->hit;
		out = text("The %s \"%s\" of %s matches \"%s\" on the %s (alias matched \"%s\", score %.3f, "
			   "%s)%s%s%s.%s%s%s%s",
			   p->role, p->name, what, h->entry, h->list, h->matched, h->score,
			   h->band == CA_MATCH_PROBABLE ? "probable" : "review: a person should look",
			   p->in_force ? "" : "; not listed yet on the ship date",
			   p->listing_record ? " per " : "", p->listing_record ? p->listing_record : "",
			   *h->licence_requirement ? " Licence requirement: " : "", h->licence_requirement,
			   *h->licence_policy ? "; licence policy: " : "", h->licence_policy);
	}
	free(own);
	return out;
}

static char *export_evidence(const ca_finding *f)
{
	const ca_order_line *l = f->component->order;
	if (f->state == CA_FINDING_EXPORT_PARTY) {
		const ca_party_hit *h = &f->party->hit;
		return text("%s \"%s\"%s%s -> %s \"%s\" of entry \"%s\"%s%s%s%s, score %.3f (%s)", f->party->role,
			    f->party->name, h->via ? " via the curated name " : "", h->via ? h->via : "",
			    h->list, h->matched, h->entry, *h->entity_number ? ", entity number " : "",
			    h->entity_number, *h->countries ? ", address countries " : "", h->countries,
			    h->score, h->band == CA_MATCH_PROBABLE ? "probable" : "review");
	}
	char *line = ca_export_line_text(l);
	if (!line)
		return NULL;
	char *out;
	if (f->state == CA_FINDING_EXPORT_RECORD)
		out = text("%s, as given, meets %s, in force %s to %s on the ship date", line,
			   f->regime->record->id, f->regime->record->effective_from,
			   f->regime->record->effective_to ? f->regime->record->effective_to : "now");
	else
		out = text("%s, as given; subject to the EAR: %s", line, ca_tristate_name(f->screen->subject_to_ear));
	free(line);
	return out;
}

static char *export_citation(const ca_finding *f)
{
	if (f->state == CA_FINDING_EXPORT_RECORD)
		return strdup(f->regime->record->citation);
	if (f->state == CA_FINDING_EXPORT_PARTY) {
		const ca_party_hit *h = &f->party->hit;
		return text("%s%s%s", or_q(h->list_citation), *h->fr ? "; " : "", h->fr);
	}
	/* the line: the citations of what it engaged */
	const ca_screen_result *x = f->screen;
	char *out = NULL;
	size_t len = 0, n = 0;
	FILE *m = open_memstream(&out, &len);
	if (!m)
		return NULL;
	for (size_t i = 0; i < x->n_rules; i++)
		fprintf(m, "%s%s: %s", n++ ? "; " : "", x->rules[i].record->id, x->rules[i].record->citation);
	for (size_t i = 0; i < x->n_parties; i++)
		if (x->parties[i].in_force && x->parties[i].hit.band == CA_MATCH_PROBABLE)
			fprintf(m, "%s%s: %s", n++ ? "; " : "", x->parties[i].hit.list,
				or_q(x->parties[i].hit.list_citation));
	if (!n)
		fputs("no regime record engaged and no listed party matched", m);
	if (fclose(m) != 0) {
		free(out);
		return NULL;
	}
	return out;
}

char *ca_finding_sentence(const ca_finding *f)
{
	return ca_finding_sentence_about(f, NULL);
}

char *ca_finding_sentence_about(const ca_finding *f, const char *components)
{
	const ca_rule *r = f->rule;
	if (export_state(f))
		return export_sentence(f, components);
	if (f->state == CA_FINDING_UNATTRIBUTED)
		return text("Could not attribute %zu of %zu memory parts on %s; %s may apply to them "
			    "and cannot be ruled out.",
			    f->unattributed, f->inspected, f->host, r->id);
	char *own = components ? NULL : ca_finding_component_text(f);
	if (!components && !own)
		return NULL;
	const char *tmpl = state_template(f);
	if (listed(f) && !tmpl) {
		/* a line to be bought, in words of its own: never "bought on" */
		const char *what = components ? components : own;
		const char *maker = f->maker ? f->maker->maker_name : "";
		const char *role = f->role ? f->role : "";
		bool use = strcmp(r->forbids, "use") == 0;
		char *out;
		if (f->state == CA_FINDING_BOUGHT_AFTER && use)
			out = text("%s is the %s maker of %s on the purchase list %s screened on %s; from "
				   "%s, %s bars using it.",
				   maker, role, what, f->host, f->as_of, r->effective, r->title);
		else if (f->state == CA_FINDING_BOUGHT_AFTER)
			out = text("%s is the %s maker of %s on the purchase list %s screened on %s; buying "
				   "it on that date, on or after %s, would be a purchase %s bars.",
				   maker, role, what, f->host, f->as_of, r->effective, r->title);
		else
			out = text("%s is the %s maker of %s on the purchase list %s screened on %s, "
				   "before %s (%s): %s it on that date is not yet barred.",
				   maker, role, what, f->host, f->as_of, r->effective, r->title,
				   use ? "using" : "buying");
		free(own);
		return out;
	}
	char *out = fill_template(f, tmpl ? tmpl : r->sentence, components ? components : own);
	free(own);
	bool procurement = strcmp(r->forbids, "use") != 0;
	if (out && f->made && f->state == CA_FINDING_INSTALLED && procurement) {
		/* the SPD dates the part: made before the rule (or in its week) */
		bool before = f->component && f->component->made_last &&
			      strcmp(f->component->made_last, r->effective) < 0;
		char *with = text("%s Its SPD says it was made in %s, %s %s; when it was bought is not "
				  "known.",
				  out, f->made, before ? "before" : "the week of", r->effective);
		free(out);
		return with;
	}
	if (!out || tmpl)
		return out;
	/* a pack with one sentence for every state: say the state after it */
	char *with = NULL;
	if (f->state == CA_FINDING_NOT_YET_EFFECTIVE)
		with = text("%s Not yet in force: applies from %s.", out, r->effective);
	else if (f->state == CA_FINDING_BOUGHT_AFTER && f->made_after)
		with = text("%s Made in %s (per its SPD), on or after %s: bought after it.", out, f->made,
			    r->effective);
	else if (f->state == CA_FINDING_BOUGHT_AFTER)
		with = text("%s Bought on %s, on or after %s.", out, f->purchased, r->effective);
	else if (f->state == CA_FINDING_BOUGHT_BEFORE)
		with = text("%s Bought on %s, before %s.", out, f->purchased, r->effective);
	else if (strcmp(r->forbids, "procurement") == 0)
		with = text("%s The part is installed; SMBIOS does not say when it was bought or made.",
			    out);
	else
		return out;
	free(out);
	return with;
}

char *ca_finding_evidence(const ca_finding *f)
{
	const ca_maker *a = f->maker;
	if (export_state(f))
		return export_evidence(f);
	if (!a)
		return strdup("no binary id, usable Manufacturer string or known part number names "
			      "their maker");
	if (listed(f))
		return text("%s -> %s, %s confidence%s -> maker %s -> owner on %s: %s; on the purchase "
			    "list, judged as a purchase on %s",
			    a->evidence, a->method, ca_confidence_name(a->confidence),
			    a->heuristic ? ", heuristic" : "", a->maker_name, f->as_of, a->owner_name,
			    f->as_of);
	const char *source = f->component ? f->component->purchase_source : NULL;
	return text("%s -> %s, %s confidence%s -> maker %s -> owner on %s: %s%s%s%s%s%s%s", a->evidence,
		    a->method, ca_confidence_name(a->confidence), a->heuristic ? ", heuristic" : "",
		    a->maker_name, f->as_of, a->owner_name, f->purchased ? "; bought " : "",
		    f->purchased ? f->purchased : "", f->purchased && source ? " per " : "",
		    f->purchased && source ? source : "", f->made ? "; made (SPD) " : "",
		    f->made ? f->made : "");
}

static bool for_state(const char *const *states, size_t n, ca_finding_state state)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(states[i], ca_finding_state_name(state)) == 0)
			return true;
	return n == 0;
}

char *ca_finding_citation(const ca_finding *f)
{
	const ca_rule *r = f->rule;
	if (export_state(f))
		return export_citation(f);
	char *out = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&out, &len);
	if (!m)
		return NULL;
	/* the dated or state-bound bases in force on the date for this state,
	 * in pack order, then the first basis that holds always */
	size_t cited = 0;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < r->n_legal_basis; i++) {
			const ca_legal_basis *b = &r->legal_basis[i];
			bool plain = b->n_states == 0 && !b->from && !b->until;
			if (plain != (pass == 1) ||
			    (b->from && strcmp(f->as_of, b->from) < 0) ||
			    (b->until && strcmp(f->as_of, b->until) >= 0) ||
			    !for_state(b->states, b->n_states, f->state))
				continue;
			fprintf(m, "%s%s", cited++ ? "; " : "", b->text);
			if (plain)
				break;
		}
	if (!cited)
		fputs(r->authority, m);
	if (r->decision_concluded)
		fprintf(m, "; review %s%s concluded %s: %s", r->decision_opened ? "opened " : "",
			r->decision_opened ? r->decision_opened : "", r->decision_concluded,
			r->decision_outcome);
	fprintf(m, "; %s%s%s", r->citations[0].title, r->citations[0].date ? ", " : "",
		r->citations[0].date ? r->citations[0].date : "");
	if (fclose(m) != 0) {
		free(out);
		return NULL;
	}
	return out;
}

static void put_option(FILE *m, const ca_finding_option *o, size_t *n)
{
	if (!o->option)
		return;
	fprintf(m, "%soption %s = %s (%s): %s", (*n)++ ? "; " : "", o->option->id,
		o->value ? "true" : "false",
		o->is_default ? "the pack's conservative default" : "set by the profile",
		o->option->question);
}

char *ca_finding_options(const ca_finding *f)
{
	char *out = NULL;
	size_t len = 0, n = 0;
	FILE *m = open_memstream(&out, &len);
	if (!m)
		return NULL;
	put_option(m, &f->role_option, &n);
	put_option(m, &f->rule_option, &n);
	if (f->severity_option.option != f->rule_option.option &&
	    f->severity_option.option != f->role_option.option)
		put_option(m, &f->severity_option, &n);
	if (fclose(m) != 0 || n == 0) {
		free(out);
		return NULL;
	}
	return out;
}

/* False when option is limited to makers other than the finding's. */
static bool option_concerns(const ca_rule_option *op, const ca_finding *f)
{
	if (!op || !op->n_makers)
		return true;
	for (size_t k = 0; f->maker && k < op->n_makers; k++)
		if (strcmp(op->makers[k], f->maker->maker_id) == 0 ||
		    strcmp(op->makers[k], f->maker->owner_id) == 0)
			return true;
	return false;
}

char *ca_finding_interpretation(const ca_finding *f)
{
	const ca_rule *r = f->rule;
	char *out = NULL;
	size_t len = 0, n = 0;
	FILE *m = open_memstream(&out, &len);
	if (!m)
		return NULL;
	for (size_t i = 0; i < r->n_interpretations; i++) {
		const ca_interpretation *x = &r->interpretations[i];
		if (!for_state(x->states, x->n_states, f->state) ||
		    !option_concerns(ca_rule_option_find(r, x->option), f))
			continue;
		fprintf(m, "%s%s", n++ ? " " : "", x->text);
		if (x->option)
			fprintf(m, " (option %s changes this)", x->option);
	}
	if (fclose(m) != 0 || n == 0) {
		free(out);
		return NULL;
	}
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

char *ca_scope_inspected_text(const ca_assessment *a)
{
	ca_scope sc;
	ca_assessment_scope(a, &sc);
	if (sc.orders)
		return text("the lines of an order list (%zu), screened for export controls against the "
			    "regime records and screening lists on each line's ship date",
			    sc.order_lines);
	if (sc.bom)
		return text("the lines of a list (%zu lines and alternates; makers known for %zu, "
			    "unknown for %zu)",
			    sc.bom_lines, sc.bom_attributed, sc.bom_lines - sc.bom_attributed);
	if (!sc.memory_modules && !sc.system && !sc.storage && !sc.devices)
		return strdup("nothing (no evidence was read)");
	/* built on the stack, one allocation (this runs for every host); the
	 * parts are bounded: fixed words and at most three 20-digit counts each */
	char memory[192] = "", drives[128] = "", devices[160] = "", out[640];
	if (sc.memory_modules)
		cai_text_format(memory, sizeof(memory),
			 "memory modules (%zu of %zu slots populated; DRAM die makers known for %zu)",
			 sc.memory_present, sc.memory_devices, sc.dram_attributed);
	if (sc.storage)
		cai_text_format(drives, sizeof(drives), "drives (%zu; drive makers known for %zu)", sc.drives,
			 sc.drives_attributed);
	if (sc.devices)
		cai_text_format(devices, sizeof(devices), "PCI, USB and GPU devices (%zu; vendors known for %zu)",
			 sc.other_devices, sc.other_attributed);
	/* memory and the system as before; devices after, comma-separated */
	bool base = sc.memory_modules || sc.system;
	cai_text_format(out, sizeof(out), "%s%s%s%s%s%s%s", memory,
		 sc.memory_modules && sc.system ? " and " : "", sc.system ? "the system maker" : "",
		 base && *drives ? ", " : "", drives, (base || *drives) && *devices ? ", " : "", devices);
	return strdup(out);
}

char *cai_scope_not_inspected_text(const ca_scope *sc)
{
	/* measured, then copied: one allocation (this runs for every host) */
	size_t len = 0, n = 0;
	for (size_t i = 0; ca_scope_not_inspected[i].id; i++)
		if (!sc || !ca_scope_kind_inspected(sc, ca_scope_not_inspected[i].id))
			len += (n++ ? 2 : 0) + strlen(ca_scope_not_inspected[i].description);
	char *out = malloc(len + 1);
	if (!out)
		return NULL;
	char *p = out;
	n = 0;
	for (size_t i = 0; ca_scope_not_inspected[i].id; i++)
		if (!sc || !ca_scope_kind_inspected(sc, ca_scope_not_inspected[i].id)) {
			if (n++) {
				memcpy(p, ", ", 2);
				p += 2;
			}
			size_t dl = strlen(ca_scope_not_inspected[i].description);
			memcpy(p, ca_scope_not_inspected[i].description, dl);
			p += dl;
		}
	*p = '\0';
	return out;
}

char *ca_scope_not_inspected_text_for(const ca_assessment *a)
{
	ca_scope sc;
	ca_assessment_scope(a, &sc);
	return cai_scope_not_inspected_text(&sc);
}

char *ca_scope_not_inspected_text(void)
{
	return cai_scope_not_inspected_text(NULL);
}

char *ca_rule_status_text(const ca_rule_status *st)
{
	const ca_rule *r = st->rule;
	switch (st->state) {
	case CA_RULE_EXPIRED:
		return text("%s: not applied: expired on %s", r->id, r->expires);
	case CA_RULE_OFF_BY_OPTION:
		return text("%s: not applied: option %s = %s (%s): %s", r->id, st->option.option->id,
			    st->option.value ? "true" : "false",
			    st->option.is_default ? "the pack's default" : "set by the profile",
			    st->option.option->question);
	case CA_RULE_APPLIED:
		break;
	}
	if (!st->in_force)
		return text("%s: applied, not yet in force (from %s): %zu finding%s", r->id, r->effective,
			    st->findings, st->findings == 1 ? "" : "s");
	return text("%s: applied: %zu finding%s", r->id, st->findings, st->findings == 1 ? "" : "s");
}
