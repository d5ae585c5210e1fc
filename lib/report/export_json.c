/* SPDX-License-Identifier: MIT */
/*
 * JSON of the export-control answers (docs/export.md): `parties` and
 * `screen`. One document each; strings made valid UTF-8, absent values null.
 */
#include "chipaudit/export.h"
#include "report/sink.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define EXPORT_SCHEMA_VERSION "1.0"

static json_t *s_or_null(const char *s)
{
	return s && *s ? cai_json_str(s) : json_null();
}

static int dump_doc(FILE *out, json_t *doc)
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

static json_t *hit_json(const ca_party_hit *h)
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
	json_object_set_new(doc, "schema_version", json_string(EXPORT_SCHEMA_VERSION));
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
			json_array_append_new(hits, hit_json(&h[j]));
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
	return dump_doc(out, doc);
}

static json_t *tri_json(ca_tristate t)
{
	return json_string(ca_tristate_name(t));
}

int ca_export_screen_write_json(FILE *out, const ca_export_regimes *r, const ca_export_lists *l,
				const char *file, const ca_order_line *lines, const ca_screen_result *results,
				size_t n)
{
	json_t *doc = json_object(), *arr = json_array(), *vin = json_object();
	if (!doc || !arr || !vin) {
		json_decref(doc);
		json_decref(arr);
		json_decref(vin);
		return -ENOMEM;
	}
	json_object_set_new(doc, "schema_version", json_string(EXPORT_SCHEMA_VERSION));
	json_object_set_new(doc, "file", s_or_null(file));
	json_object_set_new(vin, "lists", cai_json_str(ca_export_lists_vintage(l)));
	json_object_set_new(vin, "lists_source", cai_json_str(ca_export_lists_source(l)));
	json_object_set_new(vin, "cfr", cai_json_str(ca_export_regimes_cfr_date(r)));
	json_object_set_new(vin, "regimes_reviewed", cai_json_str(ca_export_regimes_reviewed(r)));
	json_object_set_new(doc, "data_vintage", vin);
	for (size_t i = 0; i < n; i++) {
		const ca_order_line *L = &lines[i];
		const ca_screen_result *s = &results[i];
		json_t *o = json_object(), *facts = json_object(), *rules = json_array(), *parties = json_array(),
		       *qs = json_array();
		json_object_set_new(o, "line", s_or_null(L->line_id));
		json_object_set_new(facts, "ship_date", s_or_null(L->ship_date));
		json_object_set_new(facts, "exporter_country", s_or_null(L->exporter_country));
		json_object_set_new(facts, "ship_from", s_or_null(L->ship_from));
		json_object_set_new(facts, "item", s_or_null(L->item));
		json_object_set_new(facts, "maker", s_or_null(L->maker));
		json_object_set_new(facts, "model", s_or_null(L->model));
		json_object_set_new(facts, "eccn", s_or_null(L->eccn));
		json_object_set_new(facts, "list_item", s_or_null(L->list_item));
		json_object_set_new(facts, "destination", s_or_null(L->destination));
		json_object_set_new(facts, "consignee", s_or_null(L->consignee));
		json_object_set_new(facts, "intermediate_consignee", s_or_null(L->intermediate_consignee));
		json_object_set_new(facts, "end_user", s_or_null(L->end_user));
		json_object_set_new(facts, "end_use", s_or_null(L->end_use));
		json_object_set_new(facts, "advanced_node", tri_json(L->advanced_node));
		json_object_set_new(facts, "fab_production", tri_json(L->fab_production));
		json_object_set_new(facts, "us_person_support", tri_json(L->us_person_support));
		json_object_set_new(facts, "us_technology", tri_json(L->us_technology));
		json_object_set_new(facts, "listed_owner", tri_json(L->listed_owner));
		json_object_set_new(o, "facts", facts);
		json_object_set_new(o, "error", s_or_null(s->error));
		json_object_set_new(o, "licence_required", tri_json(s->licence));
		json_object_set_new(o, "review_policy", json_string(ca_review_policy_name(s->policy)));
		json_object_set_new(o, "regimes", cai_json_str(s->regimes));
		json_object_set_new(o, "subject_to_ear", tri_json(s->subject_to_ear));
		for (size_t k = 0; k < s->n_rules; k++) {
			const ca_screen_rule *sr = &s->rules[k];
			json_t *x = json_object();
			json_object_set_new(x, "id", cai_json_str(sr->record->id));
			json_object_set_new(x, "regime", cai_json_str(sr->record->regime));
			json_object_set_new(x, "kind", cai_json_str(sr->record->kind));
			json_object_set_new(x, "title", cai_json_str(sr->record->title));
			json_object_set_new(x, "citation", cai_json_str(sr->record->citation));
			json_object_set_new(x, "effective_from", cai_json_str(sr->record->effective_from));
			json_object_set_new(x, "effective_to", s_or_null(sr->record->effective_to));
			json_object_set_new(x, "unverified", json_boolean(sr->record->unverified));
			json_object_set_new(x, "licence", tri_json(sr->licence));
			json_object_set_new(x, "review_policy", json_string(ca_review_policy_name(sr->policy)));
			json_object_set_new(x, "text", s_or_null(sr->text));
			json_object_set_new(x, "overridden_by", s_or_null(sr->overridden_by));
			json_array_append_new(rules, x);
		}
		for (size_t k = 0; k < s->n_parties; k++) {
			const ca_screen_party *p = &s->parties[k];
			json_t *x = hit_json(&p->hit);
			json_object_set_new(x, "role", cai_json_str(p->role));
			json_object_set_new(x, "name", cai_json_str(p->name));
			json_object_set_new(x, "in_force", json_boolean(p->in_force));
			json_object_set_new(x, "listing_record", s_or_null(p->listing_record));
			json_array_append_new(parties, x);
		}
		for (size_t k = 0; k < s->n_questions; k++)
			json_array_append_new(qs, cai_json_str(s->questions[k]));
		json_object_set_new(o, "records", rules);
		json_object_set_new(o, "parties", parties);
		json_object_set_new(o, "open_questions", qs);
		json_array_append_new(arr, o);
	}
	json_object_set_new(doc, "lines", arr);
	return dump_doc(out, doc);
}
