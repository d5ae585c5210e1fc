/* SPDX-License-Identifier: MIT */
/* Screened order lines and their findings as JSON members (the JSON,
 * JSON Lines and SARIF sinks; docs/report.schema.json). */
#include "chipaudit/export.h"
#include "report/sink.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

static json_t *tri(ca_tristate t)
{
	return json_string(ca_tristate_name(t));
}

static json_t *questions_json(const ca_screen_result *x)
{
	json_t *q = json_array();
	for (size_t i = 0; i < x->n_questions; i++)
		json_array_append_new(q, cai_json_str(x->questions[i]));
	return q;
}

json_t *cai_order_line_json(const ca_component *c)
{
	const ca_order_line *l = c->order;
	const ca_screen_result *x = c->screen;
	json_t *j = json_object();
	const struct {
		const char *key, *value;
	} texts[] = {{"line", l->line_id},
		     {"ship_date", l->ship_date},
		     {"exporter_country", l->exporter_country},
		     {"ship_from", l->ship_from},
		     {"item", l->item},
		     {"maker", l->maker},
		     {"model", l->model},
		     {"eccn", l->eccn},
		     {"list_item", l->list_item},
		     {"destination", l->destination},
		     {"consignee", l->consignee},
		     {"intermediate_consignee", l->intermediate_consignee},
		     {"end_user", l->end_user},
		     {"end_use", l->end_use}};
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		json_object_set_new(j, texts[i].key, cai_json_str(texts[i].value && *texts[i].value ? texts[i].value : NULL));
	json_object_set_new(j, "advanced_node", tri(l->advanced_node));
	json_object_set_new(j, "fab_production", tri(l->fab_production));
	json_object_set_new(j, "us_person_support", tri(l->us_person_support));
	json_object_set_new(j, "us_technology", tri(l->us_technology));
	json_object_set_new(j, "listed_owner", tri(l->listed_owner));
	json_object_set_new(j, "licence_required", tri(x->error ? CA_UNKNOWN : x->licence));
	json_object_set_new(j, "review_policy", json_string(ca_review_policy_name(x->policy)));
	json_object_set_new(j, "regimes", cai_json_str(x->regimes));
	json_object_set_new(j, "subject_to_ear", tri(x->subject_to_ear));
	json_object_set_new(j, "open_questions", questions_json(x));
	json_object_set_new(j, "error", cai_json_str(x->error));
	return j;
}

static json_t *record_json(const ca_screen_rule *sr)
{
	const ca_regime_record *r = sr->record;
	json_t *j = json_object();
	json_object_set_new(j, "record", cai_json_str(r->id));
	json_object_set_new(j, "regime", cai_json_str(r->regime));
	json_object_set_new(j, "kind", cai_json_str(r->kind));
	json_object_set_new(j, "title", cai_json_str(r->title));
	json_object_set_new(j, "citation", cai_json_str(r->citation));
	json_object_set_new(j, "effective_from", cai_json_str(r->effective_from));
	json_object_set_new(j, "effective_to", cai_json_str(r->effective_to));
	json_object_set_new(j, "unverified", json_boolean(r->unverified));
	json_object_set_new(j, "licence_required", tri(sr->licence));
	json_object_set_new(j, "review_policy", json_string(ca_review_policy_name(sr->policy)));
	json_object_set_new(j, "text", cai_json_str(sr->text));
	json_object_set_new(j, "overridden_by", cai_json_str(sr->overridden_by));
	return j;
}

static json_t *party_json(const ca_screen_party *p)
{
	json_t *j = cai_party_hit_json(&p->hit);
	json_object_set_new(j, "role", cai_json_str(p->role));
	json_object_set_new(j, "name", cai_json_str(p->name));
	json_object_set_new(j, "all_items", json_boolean(p->hit.all_items));
	json_object_set_new(j, "in_force", json_boolean(p->in_force));
	json_object_set_new(j, "listing_record", cai_json_str(p->listing_record));
	return j;
}

json_t *cai_export_finding_json(const ca_finding *f)
{
	const ca_screen_result *x = f->screen;
	json_t *j = json_object();
	json_object_set_new(j, "line", cai_json_str(f->component->order->line_id));
	json_object_set_new(j, "ship_date", cai_json_str(f->component->order->ship_date));
	if (f->state == CA_FINDING_EXPORT_RECORD) {
		json_object_set_new(j, "record", record_json(f->regime));
	} else if (f->state == CA_FINDING_EXPORT_PARTY) {
		json_object_set_new(j, "party", party_json(f->party));
	} else {
		json_object_set_new(j, "licence_required", tri(x->error ? CA_UNKNOWN : x->licence));
		json_object_set_new(j, "review_policy", json_string(ca_review_policy_name(x->policy)));
		json_object_set_new(j, "regimes", cai_json_str(x->regimes));
		json_object_set_new(j, "open_questions", questions_json(x));
		json_object_set_new(j, "error", cai_json_str(x->error));
	}
	return j;
}

json_t *cai_properties_json(const ca_sink_options *o)
{
	if (!o->n_properties)
		return NULL;
	json_t *j = json_object();
	for (size_t i = 0; i < o->n_properties; i++)
		json_object_set_new(j, o->properties[i].name, cai_json_str(o->properties[i].value));
	return j;
}

char *cai_properties_text(const ca_sink_options *o)
{
	if (!o->n_properties)
		return NULL;
	char *out = NULL;
	size_t len = 0, n = 0;
	FILE *m = open_memstream(&out, &len);
	if (!m)
		return NULL;
	for (size_t i = 0; i < o->n_properties; i++)
		if (o->properties[i].label)
			fprintf(m, "%s%s %s", n++ ? ", " : "", o->properties[i].label,
				o->properties[i].value ? o->properties[i].value : "?");
	if (fclose(m) != 0) {
		free(out);
		return NULL;
	}
	return out;
}
