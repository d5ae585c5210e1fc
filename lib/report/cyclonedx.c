/* SPDX-License-Identifier: MIT */
/*
 * The CycloneDX 1.6 sink: one hardware bill of materials for the run.
 * Each host is a component of type "device" (its system maker as
 * manufacturer), holding its installed memory devices as components of
 * type "device" with the module maker as manufacturer, the part number as
 * name, and properties in the "chipaudit:" namespace for every maker role
 * with its owner, method, confidence and evidence. Serial numbers only
 * when asked (ca_sink_options.with_serials). Findings are annotations on
 * the component they concern (or the host), made by chipaudit, at the
 * report's time; they are rendered with each host and written after the
 * last one, so the document streams.
 */
#include "chipaudit/export.h"
#include "report/sink.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* Appends {"name": name, "value": value} to props (nothing for an empty value). */
static void add_property(json_t *props, const char *name, const char *value)
{
	if (!value || !*value)
		return;
	json_t *p = json_object();
	json_object_set_new(p, "name", json_string(name));
	json_object_set_new(p, "value", cai_json_str(value));
	json_array_append_new(props, p);
}

/* "host-N" for the host, "host-N/device-I" for its I-th component when that
 * is a listed component (an installed memory device; anything else is the
 * host itself): unique in the BOM while ordinals are (ca_assessment_ordinal). */
static char *ref_of(const ca_assessment *a, const ca_component *c)
{
	char *ref = NULL;
	size_t n = ca_assessment_component_count(a), i = 0;
	while (c && i < n && ca_assessment_component(a, i) != c)
		i++;
	bool listed = c && i < n &&
		      (c->kind == CA_COMPONENT_MEMORY_DEVICE || c->kind == CA_COMPONENT_ORDER_LINE ||
		       ca_component_is_device(c)) &&
		      c->present;
	if (listed ? asprintf(&ref, "host-%zu/device-%zu", ca_assessment_ordinal(a), i) < 0
		   : asprintf(&ref, "host-%zu", ca_assessment_ordinal(a)) < 0)
		return NULL;
	return ref;
}

static void add_maker_properties(json_t *props, const ca_component *c)
{
	for (size_t k = 0; k < c->n_makers; k++) {
		const ca_component_maker *m = &c->makers[k];
		char name[64];
		const ca_maker *a = &m->answer;
		snprintf(name, sizeof(name), "chipaudit:maker:%s", m->role);
		add_property(props, name, a->confidence ? a->maker_name : "unknown");
		if (a->confidence && strcmp(a->owner_id, a->maker_id) != 0) {
			snprintf(name, sizeof(name), "chipaudit:maker:%s:owner", m->role);
			add_property(props, name, a->owner_name);
		}
		snprintf(name, sizeof(name), "chipaudit:maker:%s:confidence", m->role);
		add_property(props, name, ca_confidence_name(a->confidence));
		if (a->confidence) {
			snprintf(name, sizeof(name), "chipaudit:maker:%s:method", m->role);
			add_property(props, name, a->method);
		}
		snprintf(name, sizeof(name), "chipaudit:maker:%s:evidence", m->role);
		add_property(props, name, a->evidence);
	}
}

/* A new CycloneDX "device" component for c with its bom-ref, or NULL. */
static json_t *device_object(const ca_assessment *a, const ca_component *c)
{
	json_t *j = json_object();
	char *ref = ref_of(a, c);
	if (!j || !ref) {
		json_decref(j);
		free(ref);
		return NULL;
	}
	json_object_set_new(j, "type", json_string("device"));
	json_object_set_new(j, "bom-ref", cai_json_str(ref));
	free(ref);
	return j;
}

static json_t *memory_component(const ca_sink_options *o, const ca_assessment *a,
				const ca_component *c)
{
	const ca_memory_device *m = &c->memory;
	json_t *j = device_object(a, c);
	if (!j)
		return NULL;
	const ca_maker *module = ca_component_maker_for(c, "module");
	if (module && module->confidence)
		json_object_set_new(j, "manufacturer", json_pack("{s:o}", "name", cai_json_str(module->maker_name)));
	json_object_set_new(j, "name", cai_json_str(m->part_number && *m->part_number ? m->part_number
										   : "memory device"));
	char size[32] = "?";
	if (m->size_bytes)
		ca_format_size(m->size_bytes, size, sizeof(size));
	char *description = NULL;
	if (asprintf(&description, "%s %s memory in %s", size, m->type && *m->type ? m->type : "",
		     c->locator && *c->locator ? c->locator : c->label) >= 0) {
		json_object_set_new(j, "description", cai_json_str(description));
		free(description);
	}
	json_t *props = json_array();
	add_property(props, "chipaudit:component", c->label);
	add_property(props, "chipaudit:locator", c->locator);
	add_property(props, "chipaudit:manufacturer-string", m->manufacturer);
	add_property(props, "chipaudit:part-number", m->part_number);
	if (o->with_serials)
		add_property(props, "chipaudit:serial-number", m->serial_number);
	add_property(props, "chipaudit:memory-type", m->type);
	add_property(props, "chipaudit:purchased", c->purchased);
	add_maker_properties(props, c);
	json_object_set_new(j, "properties", props);
	return j;
}

/* A device beyond memory (a drive, a PCI or USB device) as a CycloneDX
 * device component: its first maker role (drive or vendor) as manufacturer. */
static json_t *device_component(const ca_sink_options *o, const ca_assessment *a,
				const ca_component *c)
{
	const ca_device *d = &c->device;
	json_t *j = device_object(a, c);
	if (!j)
		return NULL;
	const ca_maker *first = c->n_makers ? &c->makers[0].answer : NULL;
	if (first && first->confidence)
		json_object_set_new(j, "manufacturer", json_pack("{s:o}", "name", cai_json_str(first->maker_name)));
	json_object_set_new(j, "name", cai_json_str(d->model ? d->model : d->vendor ? d->vendor : c->label));
	if (d->firmware)
		json_object_set_new(j, "version", cai_json_str(d->firmware));
	char size[32] = "";
	if (d->capacity_bytes)
		ca_format_size(d->capacity_bytes, size, sizeof(size));
	char *description = NULL;
	if (asprintf(&description, "%s%s%s device", size, *size ? " " : "", ca_component_kind_name(c->kind)) >= 0) {
		json_object_set_new(j, "description", cai_json_str(description));
		free(description);
	}
	json_t *props = json_array();
	add_property(props, "chipaudit:component", c->label);
	add_property(props, "chipaudit:kind", ca_component_kind_name(c->kind));
	add_property(props, "chipaudit:vendor-string", d->vendor);
	add_property(props, "chipaudit:bus-path", d->bus_path);
	if (o->with_serials)
		add_property(props, "chipaudit:serial-number", d->serial);
	char id[16];
	if (d->ids & CA_DEVICE_HAS_PCI_VENDOR) {
		snprintf(id, sizeof(id), "0x%04x", d->pci_vendor);
		add_property(props, "chipaudit:pci-vendor-id", id);
	}
	if (d->ids & CA_DEVICE_HAS_PCI_SUBVENDOR) {
		snprintf(id, sizeof(id), "0x%04x", d->pci_subsystem_vendor);
		add_property(props, "chipaudit:pci-subsystem-vendor-id", id);
	}
	if (d->ids & CA_DEVICE_HAS_OUI) {
		snprintf(id, sizeof(id), "%06x", d->oui);
		add_property(props, "chipaudit:ieee-oui", id);
	}
	if (d->ids & CA_DEVICE_HAS_USB_VENDOR) {
		snprintf(id, sizeof(id), "0x%04x", d->usb_vendor);
		add_property(props, "chipaudit:usb-vendor-id", id);
	}
	if (d->ids & CA_DEVICE_HAS_EMMC_MANFID) {
		snprintf(id, sizeof(id), "0x%02x", d->emmc_manfid);
		add_property(props, "chipaudit:emmc-manfid", id);
	}
	add_property(props, "chipaudit:wwn", d->wwn);
	add_property(props, "chipaudit:purchased", c->purchased);
	add_maker_properties(props, c);
	json_object_set_new(j, "properties", props);
	return j;
}

/* An order line (the goods ordered) as a CycloneDX device component: the
 * maker as manufacturer, the model (or item) as name, the line's facts and
 * its licence answer as properties; the findings are annotations. */
static json_t *order_component(const ca_assessment *a, const ca_component *c)
{
	const ca_order_line *l = c->order;
	const ca_screen_result *x = c->screen;
	json_t *j = device_object(a, c);
	if (!j)
		return NULL;
	if (l->maker && *l->maker)
		json_object_set_new(j, "manufacturer", json_pack("{s:o}", "name", cai_json_str(l->maker)));
	const char *name = l->model && *l->model ? l->model : l->item && *l->item ? l->item : c->label;
	json_object_set_new(j, "name", cai_json_str(name));
	char *description = ca_export_line_text(l);
	if (description)
		json_object_set_new(j, "description", cai_json_str(description));
	free(description);
	json_t *props = json_array();
	const struct {
		const char *name, *value;
	} facts[] = {{"chipaudit:component", c->label},
		     {"chipaudit:kind", ca_component_kind_name(c->kind)},
		     {"chipaudit:order:line", l->line_id},
		     {"chipaudit:order:ship-date", l->ship_date},
		     {"chipaudit:order:exporter-country", l->exporter_country},
		     {"chipaudit:order:ship-from", l->ship_from},
		     {"chipaudit:order:item", l->item},
		     {"chipaudit:order:eccn", l->eccn},
		     {"chipaudit:order:list-item", l->list_item},
		     {"chipaudit:order:destination", l->destination},
		     {"chipaudit:order:consignee", l->consignee},
		     {"chipaudit:order:intermediate-consignee", l->intermediate_consignee},
		     {"chipaudit:order:end-user", l->end_user},
		     {"chipaudit:order:end-use", l->end_use},
		     {"chipaudit:order:advanced-node", ca_tristate_name(l->advanced_node)},
		     {"chipaudit:order:fab-production", ca_tristate_name(l->fab_production)},
		     {"chipaudit:order:us-person-support", ca_tristate_name(l->us_person_support)},
		     {"chipaudit:order:us-technology", ca_tristate_name(l->us_technology)},
		     {"chipaudit:order:listed-owner", ca_tristate_name(l->listed_owner)},
		     {"chipaudit:export:licence-required", ca_tristate_name(x->error ? CA_UNKNOWN : x->licence)},
		     {"chipaudit:export:review-policy", ca_review_policy_name(x->policy)},
		     {"chipaudit:export:regimes", x->regimes},
		     {"chipaudit:export:not-screened", x->error}};
	for (size_t i = 0; i < sizeof(facts) / sizeof(facts[0]); i++)
		add_property(props, facts[i].name, facts[i].value);
	for (size_t i = 0; i < x->n_questions; i++)
		add_property(props, "chipaudit:export:open-question", x->questions[i]);
	json_object_set_new(j, "properties", props);
	return j;
}

static const ca_component *system_component(const ca_assessment *a)
{
	for (size_t i = 0; i < ca_assessment_component_count(a); i++)
		if (ca_assessment_component(a, i)->kind == CA_COMPONENT_SYSTEM)
			return ca_assessment_component(a, i);
	return NULL;
}

SINK_BEGIN(cai_sink_cyclonedx_begin)
{
	char when[21];
	cai_sink_time(o, when);
	json_t *meta = json_pack("{s:s, s:{s:[{s:s, s:s, s:s, s:s}]}}", "timestamp", when, "tools",
				 "components", "type", "application", "bom-ref", "tool:chipaudit",
				 "name", "chipaudit", "version", CA_VERSION_STRING);
	const ca_profile *profile = o->policy ? ca_policy_profile(o->policy) : NULL;
	json_t *props = json_array();
	if (profile)
		add_property(props, "chipaudit:profile", profile->id);
	if (o->policy)
		add_property(props, "chipaudit:as-of", ca_policy_as_of(o->policy));
	if (o->n_properties) /* chipaudit screen: order lists, with the data's vintage */
		add_property(props, "chipaudit:scope",
			     "order lines screened for export controls against the regime records and "
			     "screening lists of the data vintage; the classification of an item, "
			     "ownership and end-use facts are the exporter's, as given in the lists");
	else
		add_property(props, "chipaudit:scope",
			     "installed memory devices and the system maker; storage, network, other PCI "
			     "and USB devices only on hosts whose chipaudit:inspected property names them; "
			     "processors and the foundry of any chip were not inspected");
	for (size_t i = 0; i < o->n_properties; i++) {
		char name[96];
		snprintf(name, sizeof(name), "chipaudit:data-vintage:%.60s", o->properties[i].name);
		add_property(props, name, o->properties[i].value);
	}
	json_object_set_new(meta, "properties", props);
	char *text = meta ? cai_json_dumps(meta, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(meta);
	if (!text)
		return -ENOMEM;
	fprintf(out, "{\"$schema\":\"http://cyclonedx.org/schema/bom-1.6.schema.json\","
		     "\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"version\":1,"
		     "\"metadata\":%s,\"components\":[",
		text);
	free(text);
	return ferror(out) ? -EIO : 0;
}

SINK_RENDER(cai_sink_cyclonedx_render)
{
	if (!ca_assessment_readable(a))
		return 0; /* nothing was read: no device to list (the summary counts it) */
	json_t *host = json_object();
	char *ref = ref_of(a, NULL);
	if (!host || !ref) {
		json_decref(host);
		free(ref);
		return -ENOMEM;
	}
	ca_scope sc;
	ca_assessment_scope(a, &sc);
	/* an order list is a file of goods to ship; a host is a device */
	json_object_set_new(host, "type", json_string(sc.orders ? "file" : "device"));
	json_object_set_new(host, "bom-ref", cai_json_str(ref));
	free(ref);
	const ca_component *sys = system_component(a);
	const ca_maker *maker = sys ? ca_component_maker_for(sys, "system") : NULL;
	if (maker && maker->confidence)
		json_object_set_new(host, "manufacturer", json_pack("{s:o}", "name", cai_json_str(maker->maker_name)));
	json_object_set_new(host, "name", cai_json_str(ca_assessment_label(a)));
	const ca_host *inv = ca_assessment_inventory(a);
	const ca_record *sr = inv ? ca_host_find_record(inv, 1) : NULL;
	json_t *props = json_array();
	if (sr) {
		add_property(props, "chipaudit:system-manufacturer", ca_record_value(sr, "Manufacturer"));
		add_property(props, "chipaudit:system-product", ca_record_value(sr, "Product Name"));
		if (o->with_serials)
			add_property(props, "chipaudit:serial-number", ca_record_value(sr, "Serial Number"));
	}
	for (size_t e = 0; e < ca_assessment_evidence_count(a); e++)
		add_property(props, "chipaudit:evidence-file", ca_assessment_evidence(a, e)->name);
	if (sc.storage || sc.devices) { /* the document's scope line says the rest */
		char *inspected = ca_scope_inspected_text(a), *not_inspected = ca_scope_not_inspected_text_for(a);
		add_property(props, "chipaudit:inspected", inspected);
		add_property(props, "chipaudit:not-inspected", not_inspected);
		free(inspected);
		free(not_inspected);
	}
	if (sys)
		add_maker_properties(props, sys);
	json_object_set_new(host, "properties", props);
	char *text = cai_json_dumps(host, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(host);
	if (!text)
		return -ENOMEM;
	/* the memory devices are written one by one into the host's object, so
	 * a host of thousands of modules never becomes one tree */
	fwrite(text, 1, strlen(text) - 1, out);
	free(text);
	size_t written = 0;
	for (size_t i = 0; i < ca_assessment_component_count(a); i++) {
		const ca_component *c = ca_assessment_component(a, i);
		bool device = ca_component_is_device(c), order = c->kind == CA_COMPONENT_ORDER_LINE;
		if ((c->kind != CA_COMPONENT_MEMORY_DEVICE && !device && !order) || !c->present)
			continue;
		json_t *mc = order ? order_component(a, c) : device ? device_component(o, a, c)
							   : memory_component(o, a, c);
		char *part = mc ? cai_json_dumps(mc, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
		json_decref(mc);
		if (!part)
			return -ENOMEM;
		fprintf(out, "%s%s", written++ ? "," : ",\"components\":[", part);
		free(part);
	}
	fputs(written ? "]}" : "}", out);
	return ferror(out) ? -EIO : 0;
}

/* "[warn] RULE: sentence Evidence: ... Cites: ... Because: ... Reading: ... Waiver: ..." */
static char *annotation_text(const ca_finding *f)
{
	char *parts[6] = {ca_finding_sentence(f), ca_finding_evidence(f), ca_finding_citation(f),
			  ca_finding_options(f), ca_finding_interpretation(f), ca_finding_waiver_text(f)};
	static const char *const labels[6] = {"", " Evidence: ", " Cites: ", " Because: ",
					      " Reading: ", " Waiver: "};
	char *out = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&out, &len);
	if (m) {
		fprintf(m, "[%s%s] %s: ", ca_severity_name(f->severity), f->waived ? ", waived" : "",
			f->rule->id);
		for (int i = 0; i < 6; i++)
			if (parts[i])
				fprintf(m, "%s%s", labels[i], parts[i]);
		if (fclose(m) != 0) {
			free(out);
			out = NULL;
		}
	}
	for (int i = 0; i < 6; i++)
		free(parts[i]);
	return out;
}

SINK_RENDER(cai_sink_cyclonedx_trailer)
{
	if (!ca_assessment_readable(a))
		return 0;
	char when[21];
	cai_sink_time(o, when);
	const ca_findings *fs = ca_assessment_findings(a);
	for (size_t i = 0; i < ca_findings_count(fs); i++) {
		const ca_finding *f = ca_findings_at(fs, i);
		char *subject = ref_of(a, f->component);
		char *text = annotation_text(f);
		char *ref = NULL;
		if (!subject || !text ||
		    asprintf(&ref, "host-%zu/finding-%zu", ca_assessment_ordinal(a), i) < 0) {
			free(subject);
			free(text);
			return -ENOMEM;
		}
		json_t *j = json_pack("{s:o, s:[o], s:{s:{s:s, s:s, s:s}}, s:s, s:o}", "bom-ref",
				      cai_json_str(ref), "subjects", cai_json_str(subject), "annotator",
				      "component", "type", "application", "name", "chipaudit", "version",
				      CA_VERSION_STRING, "timestamp", when, "text", cai_json_str(text));
		free(ref);
		free(subject);
		free(text);
		char *dumped = j ? cai_json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
		json_decref(j);
		if (!dumped)
			return -ENOMEM;
		fprintf(out, "%s%s", i ? "," : "", dumped);
		free(dumped);
	}
	return ferror(out) ? -EIO : 0;
}

SINK_END(cai_sink_cyclonedx_end)
{
	(void)o;
	(void)summary; /* the counts are in the hosts' properties; annotations follow */
	fputs("],\"annotations\":[", out);
	return ferror(out) ? -EIO : 0;
}
