/* SPDX-License-Identifier: MIT */
/*
 * Machine-readable descriptions of what is not a host: the answers of
 * `identify`, the rule packs and profiles of `rules list` and `rules show`
 * (docs/describe.schema.json), and the export-control answers of `screen`
 * and `parties` (docs/export.md). One JSON document each; strings are made
 * valid UTF-8, absent values are null.
 */
#include "chipaudit/export.h"
#include "report/sink.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define DESCRIBE_SCHEMA_VERSION "1.0"
#define DESCRIBE_EXPORT_SCHEMA_VERSION "1.0" /* screen and parties (docs/export.md) */

static json_t *str_or_null(const char *s)
{
	return s ? cai_json_str(s) : json_null();
}

static json_t *str_array(const char *const *items, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, cai_json_str(items[i]));
	return a;
}

static json_t *severity_or_null(int severity)
{
	return severity >= 0 ? json_string(ca_severity_name((ca_severity)severity)) : json_null();
}

/* Writes doc compactly with a newline and releases it. */
static int dump(FILE *out, json_t *doc)
{
	char *text = doc ? cai_json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(doc);
	if (!text)
		return -ENOMEM;
	fputs(text, out);
	fputc('\n', out);
	free(text);
	return fflush(out) != 0 || ferror(out) ? -EIO : 0;
}

static json_t *answer_json(ca_role role, const ca_maker_answer *a)
{
	bool known = a->confidence != CA_CONFIDENCE_NONE;
	json_t *j = json_object();
	json_object_set_new(j, "role", json_string(ca_role_name(role)));
	json_object_set_new(j, "maker_id", known ? cai_json_str(a->maker_id) : json_null());
	json_object_set_new(j, "maker", known ? cai_json_str(a->maker_name) : json_null());
	json_object_set_new(j, "owner_id", known && a->owner_id[0] ? cai_json_str(a->owner_id) : json_null());
	json_object_set_new(j, "owner", known && a->owner_name[0] ? cai_json_str(a->owner_name) : json_null());
	json_object_set_new(j, "confidence", json_string(ca_confidence_name(a->confidence)));
	json_object_set_new(j, "heuristic", json_boolean(a->heuristic));
	json_object_set_new(j, "method", cai_json_str(a->method));
	json_object_set_new(j, "evidence", cai_json_str(a->evidence));
	json_object_set_new(j, "rule", cai_json_str(a->rule));
	json_object_set_new(j, "source", str_or_null(a->maker ? a->maker->source : NULL));
	return j;
}

int ca_identify_write_json(FILE *out, const ca_policy *policy, const char *const *texts, size_t n)
{
	const ca_kb *kb = ca_policy_kb(policy);
	const char *date = ca_policy_as_of(policy);
	json_t *queries = json_array();
	for (size_t i = 0; queries && i < n; i++) {
		ca_maker_answer readings[CA_IDENTIFY_MAX_READINGS];
		ca_role roles[CA_IDENTIFY_MAX_READINGS];
		ca_part_info part;
		size_t k = ca_identify_text(kb, texts[i], date, readings, roles, &part);
		json_t *answers = json_array();
		for (size_t r = 0; r < k; r++)
			json_array_append_new(answers, answer_json(roles[r], &readings[r]));
		json_t *q = json_object();
		json_object_set_new(q, "text", cai_json_str(texts[i]));
		json_object_set_new(q, "answers", answers);
		json_object_set_new(q, "unknown",
				    k ? json_null()
				      : json_string(ca_is_placeholder(texts[i])
							    ? "a placeholder firmware writes instead of a maker"
							    : "not a JEP106 id, hex form, known name or part-number grammar"));
		json_object_set_new(q, "part", part.rule[0] ? json_pack("{s:o, s:o, s:o, s:o, s:o, s:o}",
			"grammar", cai_json_str(part.rule), "kind", cai_json_str(part.kind),
			"type", cai_json_str(part.type), "capacity", cai_json_str(part.capacity),
			"organization", cai_json_str(part.organization), "form", cai_json_str(part.form))
							    : json_null());
		json_array_append_new(queries, q);
	}
	return dump(out, json_pack("{s:s, s:s, s:s, s:o}", "schema_version", DESCRIBE_SCHEMA_VERSION,
				   "tool", "chipaudit " CA_VERSION_STRING, "as_of", date, "queries", queries));
}

static json_t *family_json(const ca_kb *kb, const ca_rule_maker *m)
{
	const ca_entity *e = ca_kb_entity(kb, m->id);
	json_t *family = json_array();
	for (size_t i = 0; i < ca_kb_entity_count(kb); i++) {
		const ca_entity *x = ca_kb_entity_at(kb, i);
		for (size_t k = 0; k < x->n_owners; k++)
			if (strcmp(x->owners[k].owner_id, m->id) == 0)
				json_array_append_new(family, json_pack("{s:o, s:o, s:o, s:o, s:o}", "id",
					cai_json_str(x->id), "name", cai_json_str(x->name), "kind", cai_json_str(x->kind),
					"from", str_or_null(x->owners[k].from[0] ? x->owners[k].from : NULL),
					"until", str_or_null(x->owners[k].until[0] ? x->owners[k].until : NULL)));
	}
	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o}", "id", cai_json_str(m->id), "name",
			 str_or_null(e ? e->name : NULL), "since", str_or_null(m->since), "until",
			 str_or_null(m->until), "note", str_or_null(m->note), "family", family);
}

static json_t *rule_json(const ca_kb *kb, const ca_rule *r)
{
	json_t *j = json_object();
	json_object_set_new(j, "id", cai_json_str(r->id));
	json_object_set_new(j, "pack_id", cai_json_str(r->pack_id));
	json_object_set_new(j, "title", cai_json_str(r->title));
	json_object_set_new(j, "authority", cai_json_str(r->authority));
	json_object_set_new(j, "jurisdiction", cai_json_str(r->jurisdiction));
	json_object_set_new(j, "scope", str_or_null(r->scope));
	json_t *basis = json_array();
	for (size_t i = 0; i < r->n_legal_basis; i++) {
		const ca_legal_basis *b = &r->legal_basis[i];
		json_array_append_new(basis, json_pack("{s:o, s:o, s:o, s:o}", "text", cai_json_str(b->text),
			"from", str_or_null(b->from), "until", str_or_null(b->until), "states",
			str_array(b->states, b->n_states)));
	}
	json_object_set_new(j, "legal_basis", basis);
	json_object_set_new(j, "decision", r->decision_concluded
		? json_pack("{s:o, s:o, s:o, s:o, s:o}", "opened", str_or_null(r->decision_opened),
			    "concluded", cai_json_str(r->decision_concluded), "outcome",
			    str_or_null(r->decision_outcome), "text", str_or_null(r->decision_text), "note",
			    str_or_null(r->decision_note))
		: json_null());
	json_object_set_new(j, "announced", str_or_null(r->announced));
	json_object_set_new(j, "effective", cai_json_str(r->effective));
	json_object_set_new(j, "expires", str_or_null(r->expires));
	json_t *binds = json_array();
	for (size_t i = 0; i < r->n_binds; i++) {
		const ca_binding *b = &r->binds[i];
		json_array_append_new(binds, json_pack("{s:o, s:o, s:o}", "jurisdiction",
			str_or_null(b->jurisdiction), "roles", str_array(b->roles, b->n_roles), "ownership",
			str_array(b->ownership, b->n_ownership)));
	}
	json_object_set_new(j, "binds", binds);
	json_object_set_new(j, "requires_option", str_or_null(r->requires_option));
	json_object_set_new(j, "forbids", cai_json_str(r->forbids));
	json_t *makers = json_array();
	for (size_t i = 0; i < r->n_makers; i++)
		json_array_append_new(makers, family_json(kb, &r->makers[i]));
	json_object_set_new(j, "makers", makers);
	json_object_set_new(j, "roles", str_array(r->roles, r->n_roles));
	json_t *options = json_array();
	for (size_t i = 0; i < r->n_options; i++) {
		const ca_rule_option *o = &r->options[i];
		json_t *oj = json_pack("{s:o, s:b, s:o, s:o, s:o, s:o, s:o}", "id", cai_json_str(o->id),
			"default", o->default_value, "question", cai_json_str(o->question), "rationale",
			str_or_null(o->rationale), "adds_roles", str_array(o->adds_roles, o->n_adds_roles),
			"adds_ownership", str_or_null(o->adds_ownership), "makers",
			str_array(o->makers, o->n_makers));
		json_object_set_new(oj, "installed_if_false", severity_or_null(o->installed_if_false));
		json_object_set_new(oj, "installed_if_true", severity_or_null(o->installed_if_true));
		json_object_set_new(oj, "severity_if_false", severity_or_null(o->severity_if_false));
		json_array_append_new(options, oj);
	}
	json_object_set_new(j, "options", options);
	json_object_set_new(j, "exceptions", str_array(r->exceptions, r->n_exceptions));
	json_object_set_new(j, "severity", json_pack("{s:s, s:s, s:s, s:s, s:s}", "not_yet_effective",
		ca_severity_name(r->sev_not_yet_effective), "installed", ca_severity_name(r->sev_installed),
		"bought_after_effective", ca_severity_name(r->sev_bought_after), "bought_before_effective",
		ca_severity_name(r->sev_bought_before), "unattributed", ca_severity_name(r->sev_unattributed)));
	json_t *readings = json_array();
	for (size_t i = 0; i < r->n_interpretations; i++) {
		const ca_interpretation *x = &r->interpretations[i];
		json_array_append_new(readings, json_pack("{s:o, s:o, s:o}", "text", cai_json_str(x->text),
			"option", str_or_null(x->option), "states", str_array(x->states, x->n_states)));
	}
	json_object_set_new(j, "interpretations", readings);
	json_t *citations = json_array();
	for (size_t i = 0; i < r->n_citations; i++) {
		const ca_citation *c = &r->citations[i];
		json_array_append_new(citations, json_pack("{s:o, s:o, s:o}", "title", cai_json_str(c->title),
			"url", str_or_null(c->url), "date", str_or_null(c->date)));
	}
	json_object_set_new(j, "citations", citations);
	json_object_set_new(j, "reviewed", str_or_null(r->reviewed));
	json_object_set_new(j, "defined_at", cai_json_str(r->defined_at));
	return j;
}

static json_t *profile_json(const ca_rules *rules, const ca_profile *p)
{
	json_t *options = json_object();
	for (size_t i = 0; i < p->n_options; i++)
		json_object_set_new(options, p->option_names[i], json_boolean(p->option_values[i]));
	json_t *bound = json_array();
	for (size_t i = 0; i < ca_rules_count(rules); i++)
		if (ca_rule_binds(ca_rules_at(rules, i), p))
			json_array_append_new(bound, cai_json_str(ca_rules_at(rules, i)->id));
	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "id", cai_json_str(p->id),
			 "name", cai_json_str(p->name), "jurisdiction", cai_json_str(p->jurisdiction), "roles",
			 str_array(p->roles, p->n_roles), "sector", str_or_null(p->sector), "ownership",
			 cai_json_str(p->ownership), "source", str_or_null(p->source), "options", options,
			 "rules", bound, "defined_at", cai_json_str(p->defined_at));
}

int ca_rules_write_json(FILE *out, const ca_policy *policy, const char *const *ids, size_t n_ids,
			const char **ret_missing)
{
	const ca_rules *rules = ca_policy_rules(policy);
	const ca_kb *kb = ca_policy_kb(policy);
	json_t *rule_list = json_array(), *profile_list = json_array();
	for (size_t i = 0; i < ca_rules_count(rules); i++) {
		const ca_rule *r = ca_rules_at(rules, i);
		bool wanted = n_ids == 0;
		for (size_t k = 0; k < n_ids && !wanted; k++)
			wanted = strcmp(r->id, ids[k]) == 0 || strcmp(r->pack_id, ids[k]) == 0;
		if (!wanted)
			continue;
		json_array_append_new(rule_list, n_ids ? rule_json(kb, r)
			: json_pack("{s:o, s:o, s:o, s:o, s:o}", "id", cai_json_str(r->id), "pack_id",
				    cai_json_str(r->pack_id), "title", cai_json_str(r->title), "effective",
				    cai_json_str(r->effective), "expires", str_or_null(r->expires)));
	}
	for (size_t i = 0; i < ca_rules_profile_count(rules); i++) {
		const ca_profile *p = ca_rules_profile_at(rules, i);
		bool wanted = n_ids == 0;
		for (size_t k = 0; k < n_ids && !wanted; k++)
			wanted = strcmp(p->id, ids[k]) == 0;
		if (!wanted)
			continue;
		json_array_append_new(profile_list, n_ids ? profile_json(rules, p)
			: json_pack("{s:o, s:o, s:o}", "id", cai_json_str(p->id), "name", cai_json_str(p->name),
				    "jurisdiction", cai_json_str(p->jurisdiction)));
	}
	for (size_t k = 0; k < n_ids; k++) {
		bool found = ca_rules_find_profile(rules, ids[k]) != NULL;
		for (size_t i = 0; i < ca_rules_count(rules) && !found; i++)
			found = strcmp(ca_rules_at(rules, i)->id, ids[k]) == 0 ||
				strcmp(ca_rules_at(rules, i)->pack_id, ids[k]) == 0;
		if (!found) {
			json_decref(rule_list);
			json_decref(profile_list);
			if (ret_missing)
				*ret_missing = ids[k];
			return -ENOENT;
		}
	}
	return dump(out, json_pack("{s:s, s:s, s:o, s:o}", "schema_version", DESCRIBE_SCHEMA_VERSION,
				   "tool", "chipaudit " CA_VERSION_STRING, "rules", rule_list, "profiles",
				   profile_list));
}

/* ------------------------------------------- export controls (docs/export.md) */

static json_t *s_or_null(const char *s)
{
	return s && *s ? cai_json_str(s) : json_null();
}

json_t *cai_party_hit_json(const ca_party_hit *h)
{
	json_t *o = json_object();
	json_object_set_new(o, "list", cai_json_str(h->list));
	json_object_set_new(o, "list_name", cai_json_str(h->list_name));
	json_object_set_new(o, "list_citation", s_or_null(h->list_citation));
	json_object_set_new(o, "list_effect", s_or_null(h->list_effect));
	json_object_set_new(o, "entry", cai_json_str(h->entry));
	json_object_set_new(o, "entity_number", s_or_null(h->entity_number));
	json_object_set_new(o, "matched", cai_json_str(h->matched));
	json_object_set_new(o, "via", s_or_null(h->via));
	json_object_set_new(o, "score", json_real((double)(long)(h->score * 1000 + 0.5) / 1000));
	json_object_set_new(o, "band", json_string(h->band == CA_MATCH_PROBABLE ? "probable" : "review"));
	json_object_set_new(o, "countries", s_or_null(h->countries));
	json_object_set_new(o, "federal_register", s_or_null(h->fr));
	json_object_set_new(o, "licence_requirement", s_or_null(h->licence_requirement));
	json_object_set_new(o, "licence_policy", s_or_null(h->licence_policy));
	json_object_set_new(o, "review_policy", json_string(ca_review_policy_name(h->policy)));
	json_object_set_new(o, "footnote", h->footnote ? json_integer(h->footnote) : json_null());
	json_object_set_new(o, "listed_since", h->since && h->since[0] ? json_string(h->since) : json_null());
	return o;
}

int ca_export_parties_write_json(FILE *out, const ca_export_lists *l, const char *const *names, size_t n)
{
	json_t *doc = json_object(), *arr = json_array();
	if (!doc || !arr) {
		json_decref(doc);
		json_decref(arr);
		return -ENOMEM;
	}
	json_object_set_new(doc, "schema_version", json_string(DESCRIBE_EXPORT_SCHEMA_VERSION));
	json_object_set_new(doc, "lists_vintage", cai_json_str(ca_export_lists_vintage(l)));
	json_object_set_new(doc, "lists_source", cai_json_str(ca_export_lists_source(l)));
	for (size_t i = 0; i < n; i++) {
		json_t *q = json_object(), *hits = json_array();
		ca_party_hit h[8];
		int k = ca_export_match(l, names[i], NULL, h, 8);
		if (k < 0) {
			json_decref(q);
			json_decref(hits);
			json_decref(doc);
			json_decref(arr);
			return k;
		}
		for (int j = 0; j < k; j++)
			json_array_append_new(hits, cai_party_hit_json(&h[j]));
		json_object_set_new(q, "name", cai_json_str(names[i]));
		const char *en, *src;
		bool listed;
		if (ca_export_curated_name(names[i], &en, &listed, &src)) {
			json_t *c = json_object();
			json_object_set_new(c, "english", cai_json_str(en));
			json_object_set_new(c, "listed", json_boolean(listed));
			json_object_set_new(c, "source", cai_json_str(src));
			json_object_set_new(q, "curated", c);
		} else {
			json_object_set_new(q, "curated", json_null());
		}
		json_object_set_new(q, "hits", hits);
		json_array_append_new(arr, q);
	}
	json_object_set_new(doc, "names", arr);
	return dump(out, doc);
}
