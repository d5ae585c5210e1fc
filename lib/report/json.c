/* SPDX-License-Identifier: MIT */
/* JSON rendering of a host inventory (docs/report.schema.json). */
#include "chipaudit/report.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* Returns a JSON string for s, replacing invalid UTF-8 sequences by U+FFFD. */
static json_t *jstr(const char *s)
{
	if (!s)
		return json_null();
	json_t *j = json_string(s);
	if (j)
		return j;
	size_t n = strlen(s);
	char *out = malloc(n * 3 + 1);
	if (!out)
		return NULL;
	size_t o = 0;
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		unsigned char c = p[i];
		size_t need = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
		bool ok = need > 0 && i + need <= n;
		for (size_t k = 1; ok && k < need; k++)
			ok = (p[i + k] & 0xC0) == 0x80;
		if (ok && need > 1) {
			/* reject overlong and surrogate forms the cheap way: let jansson judge */
			char tmp[5] = {0};
			memcpy(tmp, p + i, need);
			json_t *probe = json_string(tmp);
			ok = probe != NULL;
			json_decref(probe);
		}
		if (ok) {
			memcpy(out + o, p + i, need);
			o += need;
			i += need;
		} else {
			memcpy(out + o, "\xEF\xBF\xBD", 3);
			o += 3;
			i++;
		}
	}
	out[o] = '\0';
	j = json_string(out);
	free(out);
	return j;
}

static json_t *jid(ca_jep106_id id)
{
	if (id.bank == 0)
		return json_null();
	const char *name = ca_jep106_name(id);
	char hex[8];
	snprintf(hex, sizeof(hex), "0x%02X", id.code);
	return json_pack("{s:i, s:s, s:o, s:b}", "bank", id.bank, "code", hex, "name",
			 jstr(name), "parity_ok", ca_jep106_parity_ok(id.code));
}

static json_t *record_json(const ca_record *r)
{
	json_t *fields = json_array();
	for (size_t i = 0; i < r->n_fields; i++) {
		const ca_field *f = &r->fields[i];
		json_t *jf = json_pack("{s:o, s:o}", "name", jstr(f->name), "value", jstr(f->value));
		if (f->n_items) {
			json_t *items = json_array();
			for (size_t k = 0; k < f->n_items; k++)
				json_array_append_new(items, jstr(f->items[k]));
			json_object_set_new(jf, "items", items);
		}
		json_array_append_new(fields, jf);
	}
	return json_pack("{s:i, s:i, s:i, s:I, s:i, s:o, s:o}", "type", r->type, "handle", r->handle,
			 "length", r->length, "offset", (json_int_t)r->offset, "line", (int)r->line,
			 "title", jstr(r->title), "fields", fields);
}

static json_t *answer_json(const ca_maker_answer *a)
{
	bool known = a->confidence != CA_CONFIDENCE_NONE;
	json_t *j = json_object();
	json_object_set_new(j, "maker_id", known ? jstr(a->maker_id) : json_null());
	json_object_set_new(j, "maker", known ? jstr(a->maker_name) : json_null());
	json_object_set_new(j, "owner_id", known ? jstr(a->owner_id) : json_null());
	json_object_set_new(j, "owner", known ? jstr(a->owner_name) : json_null());
	json_object_set_new(j, "confidence", json_string(ca_confidence_name(a->confidence)));
	json_object_set_new(j, "heuristic", json_boolean(a->heuristic));
	json_object_set_new(j, "method", known ? jstr(a->method) : json_null());
	json_object_set_new(j, "field", known && a->field[0] ? jstr(a->field) : json_null());
	json_object_set_new(j, "evidence", jstr(a->evidence));
	json_object_set_new(j, "rule", known && a->rule[0] ? jstr(a->rule) : json_null());
	return j;
}

static json_t *makers_json(const ca_memory_makers *mk)
{
	json_t *roles = json_object();
	for (int r = 0; r < CA_ROLE_COUNT; r++)
		json_object_set_new(roles, ca_role_name((ca_role)r), answer_json(&mk->role[r]));
	return roles;
}

static json_t *part_json(const ca_part_info *p)
{
	if (!p->rule[0])
		return json_null();
	return json_pack("{s:s, s:s, s:o, s:o, s:o, s:o}", "grammar", p->rule, "kind", p->kind, "type",
			 p->type[0] ? jstr(p->type) : json_null(), "capacity",
			 p->capacity[0] ? jstr(p->capacity) : json_null(), "organization",
			 p->organization[0] ? jstr(p->organization) : json_null(), "form",
			 p->form[0] ? jstr(p->form) : json_null());
}

static json_t *memory_device_json(const ca_memory_device *m, const ca_report_options *opt)
{
	json_t *j = json_pack(
		"{s:i, s:o, s:o, s:b, s:I, s:o, s:o, s:o, s:i, s:i, s:o, s:o, s:o, s:o, s:i}",
		"handle", m->record->handle, "locator", jstr(m->locator), "bank_locator",
		jstr(m->bank_locator), "installed", m->installed, "size_bytes",
		(json_int_t)m->size_bytes, "type", jstr(m->type), "form_factor",
		jstr(m->form_factor), "type_detail", jstr(m->type_detail), "speed_mts",
		(int)m->speed_mts, "configured_speed_mts", (int)m->configured_speed_mts,
		"manufacturer", jstr(m->manufacturer), "part_number", jstr(m->part_number),
		"serial_number", jstr(m->serial_number), "asset_tag", jstr(m->asset_tag),
		"rank", m->rank);
	json_object_set_new(j, "module_manufacturer_id", jid(m->module_manufacturer));
	json_object_set_new(j, "subsystem_controller_manufacturer_id",
			    jid(m->subsystem_controller_manufacturer));
	json_object_set_new(j, "pmic0_manufacturer_id", jid(m->pmic0_manufacturer));
	json_object_set_new(j, "rcd_manufacturer_id", jid(m->rcd_manufacturer));
	ca_memory_makers mk;
	if (opt && opt->kb && m->installed &&
	    ca_identify_memory_device(opt->kb, m, opt->as_of, 0, &mk) == 0) {
		json_object_set_new(j, "makers", makers_json(&mk));
		json_object_set_new(j, "part", part_json(&mk.part));
		json_object_set_new(j, "conflict", mk.conflict[0] ? jstr(mk.conflict) : json_null());
	} else {
		json_object_set_new(j, "makers", json_null());
		json_object_set_new(j, "part", json_null());
		json_object_set_new(j, "conflict", json_null());
	}
	return j;
}

/* Object of selected fields of the first record of a type, or null. */
static json_t *summary_json(const ca_host *h, uint8_t type, const char *const *names,
			    const char *const *keys, size_t n)
{
	const ca_record *r = ca_host_find_record(h, type);
	if (!r)
		return json_null();
	json_t *j = json_object();
	for (size_t i = 0; i < n; i++)
		json_object_set_new(j, keys[i], jstr(ca_record_value(r, names[i])));
	return j;
}

char *ca_report_host_json(const ca_host *h, const ca_report_options *opt)
{
	static const char *const sys_names[] = {"Manufacturer", "Product Name", "Version",
						"Serial Number", "UUID", "SKU Number", "Family"};
	static const char *const sys_keys[] = {"manufacturer", "product", "version", "serial_number",
					       "uuid", "sku", "family"};
	static const char *const bios_names[] = {"Vendor", "Version", "Release Date"};
	static const char *const bios_keys[] = {"vendor", "version", "release_date"};
	static const char *const board_names[] = {"Manufacturer", "Product Name", "Version",
						  "Serial Number"};
	static const char *const board_keys[] = {"manufacturer", "product", "version",
						 "serial_number"};
	static const char *const chassis_names[] = {"Manufacturer", "Type"};
	static const char *const chassis_keys[] = {"manufacturer", "type"};

	json_t *root = json_object();
	if (!root)
		return NULL;
	json_object_set_new(root, "source", jstr(ca_host_source(h)));
	json_object_set_new(root, "format", json_string(ca_format_name(ca_host_format(h))));
	json_object_set_new(root, "smbios_version", jstr(ca_host_smbios_version(h)));
	json_object_set_new(root, "tool_version", jstr(ca_host_tool_version(h)));
	json_object_set_new(root, "system", summary_json(h, 1, sys_names, sys_keys, 7));
	json_object_set_new(root, "bios", summary_json(h, 0, bios_names, bios_keys, 3));
	json_object_set_new(root, "baseboard", summary_json(h, 2, board_names, board_keys, 4));
	json_object_set_new(root, "chassis", summary_json(h, 3, chassis_names, chassis_keys, 2));

	json_t *devices = json_array(), *records = json_array(), *diags = json_array();
	for (size_t i = 0; i < ca_host_record_count(h); i++) {
		const ca_record *r = ca_host_record(h, i);
		ca_memory_device m;
		if (r->type == 17 && ca_memory_device_from_record(r, &m) == 0)
			json_array_append_new(devices, memory_device_json(&m, opt));
		json_array_append_new(records, record_json(r));
	}
	for (size_t i = 0; i < ca_host_diagnostic_count(h); i++) {
		const ca_diagnostic *d = ca_host_diagnostic(h, i);
		json_t *jd = json_pack("{s:s, s:s, s:o}", "level", ca_diag_level_name(d->level), "code",
				       d->code, "message", jstr(d->message));
		json_object_set_new(jd, "offset", d->offset >= 0 ? json_integer(d->offset) : json_null());
		json_object_set_new(jd, "line", d->line ? json_integer(d->line) : json_null());
		json_object_set_new(jd, "handle", d->handle >= 0 ? json_integer(d->handle) : json_null());
		json_array_append_new(diags, jd);
	}
	if (opt && opt->profile_id) {
		json_t *fs = json_array();
		for (size_t i = 0; i < ca_findings_count(opt->findings); i++) {
			const ca_finding *f = ca_findings_at(opt->findings, i);
			json_t *jf = json_object();
			json_object_set_new(jf, "severity", json_string(ca_severity_name(f->severity)));
			json_object_set_new(jf, "rule", jstr(f->rule_id));
			json_object_set_new(jf, "rule_title", jstr(f->rule_title));
			json_object_set_new(jf, "state", jstr(f->state));
			json_object_set_new(jf, "component", jstr(f->component));
			json_object_set_new(jf, "role", f->role[0] ? jstr(f->role) : json_null());
			json_object_set_new(jf, "maker_id", f->maker_id[0] ? jstr(f->maker_id) : json_null());
			json_object_set_new(jf, "maker", f->maker[0] ? jstr(f->maker) : json_null());
			json_object_set_new(jf, "owner", f->owner[0] ? jstr(f->owner) : json_null());
			json_object_set_new(jf, "evidence", jstr(f->evidence));
			json_object_set_new(jf, "citation", jstr(f->citation));
			json_object_set_new(jf, "sentence", jstr(f->sentence));
			json_object_set_new(jf, "options", f->options[0] ? jstr(f->options) : json_null());
			json_object_set_new(jf, "waived", json_boolean(f->waived));
			json_object_set_new(jf, "waiver", f->waiver[0] ? jstr(f->waiver) : json_null());
			json_array_append_new(fs, jf);
		}
		json_object_set_new(root, "profile", jstr(opt->profile_id));
		json_object_set_new(root, "findings", fs);
	} else {
		json_object_set_new(root, "profile", json_null());
		json_object_set_new(root, "findings", json_null());
	}
	json_object_set_new(root, "memory_devices", devices);
	json_object_set_new(root, "records", records);
	json_object_set_new(root, "diagnostics", diags);
	json_object_set_new(root, "diagnostics_dropped",
			    json_integer((json_int_t)ca_host_diagnostics_dropped(h)));
	char *out = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(root);
	return out;
}
