/* SPDX-License-Identifier: MIT */
/* The JSON sink (docs/report.schema.json): one object per host in a
 * document with the schema version and a run summary. */
#include "report/sink.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* Each host part is written by one thread to a stream of its own (or, for
 * the document head and tail, by the main thread): the unlocked stdio
 * calls skip a lock per character. */

/* The length of the valid UTF-8 character (any code point, controls
 * included) at s, or 0. */
static size_t utf8_len(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = p[0] < 0x80 ? 1 : (p[0] & 0xE0) == 0xC0 ? 2 : (p[0] & 0xF0) == 0xE0 ? 3
		   : (p[0] & 0xF8) == 0xF0 ? 4 : 0;
	if (n == 0 || n > len)
		return 0;
	uint32_t cp = n == 1 ? p[0] : n == 2 ? p[0] & 0x1Fu : n == 3 ? p[0] & 0x0Fu : p[0] & 0x07u;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3Fu);
	}
	static const uint32_t min[5] = {0, 0, 0x80, 0x800, 0x10000};
	if (cp < min[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return n;
}

/* Returns a JSON string for s, replacing invalid UTF-8 sequences by U+FFFD. */
json_t *cai_json_str(const char *s)
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

/* The code point of the n-byte UTF-8 character at p when a terminal or an
 * editor would act on it unseen (C1 controls, bidi controls and marks, line
 * and paragraph separators): JSON writes those as \uXXXX escapes so the
 * text decodes unchanged but no raw control reaches a viewer. Else 0. */
static uint32_t invisible(const unsigned char *p, size_t n)
{
	if (n == 2 && p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F)
		return p[1];
	if (n == 2 && p[0] == 0xD8 && p[1] == 0x9C)
		return 0x061C;
	if (n != 3 || p[0] != 0xE2)
		return 0;
	uint32_t cp = (uint32_t)(p[0] & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3Fu);
	bool hit = cp == 0x200E || cp == 0x200F || (cp >= 0x2028 && cp <= 0x202E) ||
		   (cp >= 0x2066 && cp <= 0x2069);
	return hit ? cp : 0;
}

char *cai_json_dumps(const json_t *j, size_t flags)
{
	char *text = json_dumps(j, flags);
	if (!text)
		return NULL;
	size_t len = strlen(text), extra = 0;
	for (size_t i = 0; i < len; i++) /* each escape is at most 6 bytes for 2 or 3 */
		extra += (unsigned char)text[i] == 0xC2 || (unsigned char)text[i] == 0xE2 ||
			 (unsigned char)text[i] == 0xD8;
	if (!extra)
		return text;
	char *out = malloc(len + extra * 4 + 1);
	if (!out) {
		free(text);
		return NULL;
	}
	size_t o = 0;
	for (size_t i = 0; i < len;) {
		size_t n = utf8_len(text + i, len - i);
		uint32_t cp = n > 1 ? invisible((const unsigned char *)text + i, n) : 0;
		if (cp) {
			o += (size_t)sprintf(out + o, "\\u%04X", cp);
			i += n;
		} else {
			out[o++] = text[i++];
		}
	}
	out[o] = '\0';
	free(text);
	return out;
}

/* Writes s as a JSON string the way jansson 2.14 dumps it (compact, no
 * ASCII escaping): '"' and '\\' escaped, \b \f \n \r \t short, other
 * controls as \u00XX; a byte that does not start a valid UTF-8 sequence (as
 * jansson judges: shortest form, no surrogates, at most U+10FFFF) becomes
 * U+FFFD, as cai_json_str() does; and C1, bidi and separator characters as
 * \uXXXX, as cai_json_dumps() writes them. NULL writes null. */
void cai_json_put_string(FILE *out, const char *s)
{
	if (!s) {
		fputs_unlocked("null", out);
		return;
	}
	fputc_unlocked('"', out);
	const char *run = s; /* bytes written as they are, pending */
	size_t len = strlen(s);
	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
			i++;
			continue;
		}
		if (c >= 0x80) {
			size_t n = utf8_len(s + i, len - i);
			uint32_t cp = n > 1 ? invisible((const unsigned char *)s + i, n) : 0;
			if (n && !cp) { /* any other valid character as it is */
				i += n;
				continue;
			}
			if (cp) {
				fwrite_unlocked(run, 1, (size_t)(s + i - run), out);
				fprintf(out, "\\u%04X", cp);
				i += n;
				run = s + i;
				continue;
			}
			fwrite_unlocked(run, 1, (size_t)(s + i - run), out);
			fputs_unlocked("\xEF\xBF\xBD", out); /* what cai_json_str() makes of a bad byte */
			run = s + ++i;
			continue;
		}
		fwrite_unlocked(run, 1, (size_t)(s + i - run), out);
		switch (c) {
		case '"': fputs_unlocked("\\\"", out); break;
		case '\\': fputs_unlocked("\\\\", out); break;
		case '\b': fputs_unlocked("\\b", out); break;
		case '\f': fputs_unlocked("\\f", out); break;
		case '\n': fputs_unlocked("\\n", out); break;
		case '\r': fputs_unlocked("\\r", out); break;
		case '\t': fputs_unlocked("\\t", out); break;
		default: fprintf(out, "\\u%04X", c); break;
		}
		run = s + ++i;
	}
	fwrite_unlocked(run, 1, (size_t)(s + len - run), out);
	fputc_unlocked('"', out);
}

/* Writes a record exactly as record_json() dumped by jansson. */
static void put_record(FILE *out, const ca_record *r)
{
	fprintf(out, "{\"type\":%d,\"handle\":%d,\"length\":%d,\"offset\":%lld,\"line\":%d,\"title\":",
		r->type, r->handle, r->length, (long long)r->offset, (int)r->line);
	cai_json_put_string(out, r->title);
	fputs_unlocked(",\"fields\":[", out);
	for (size_t i = 0; i < r->n_fields; i++) {
		const ca_field *f = &r->fields[i];
		fputs_unlocked(i ? ",{\"name\":" : "{\"name\":", out);
		cai_json_put_string(out, f->name);
		fputs_unlocked(",\"value\":", out);
		cai_json_put_string(out, f->value);
		if (f->n_items) {
			fputs_unlocked(",\"items\":[", out);
			for (size_t k = 0; k < f->n_items; k++) {
				if (k)
					fputc_unlocked(',', out);
				cai_json_put_string(out, f->items[k]);
			}
			fputc_unlocked(']', out);
		}
		fputc_unlocked('}', out);
	}
	fputs_unlocked("]}", out);
}

static void put_bool(FILE *out, bool b)
{
	fputs_unlocked(b ? "true" : "false", out);
}

/* ,"key": then the string (NULL: null) */
static void put_key_str(FILE *out, const char *key, const char *value)
{
	fprintf(out, ",\"%s\":", key);
	cai_json_put_string(out, value);
}

static void put_jid(FILE *out, ca_jep106_id id)
{
	if (id.bank == 0) {
		fputs_unlocked("null", out);
		return;
	}
	fprintf(out, "{\"bank\":%d,\"code\":\"0x%02X\",\"name\":", id.bank, id.code);
	cai_json_put_string(out, ca_jep106_name(id));
	fputs_unlocked(",\"parity_ok\":", out);
	put_bool(out, ca_jep106_parity_ok(id.code));
	fputc_unlocked('}', out);
}

static void put_answer(FILE *out, const ca_maker *a)
{
	bool known = a->confidence != CA_CONFIDENCE_NONE;
	fputs_unlocked("{\"maker_id\":", out);
	cai_json_put_string(out, known ? a->maker_id : NULL);
	put_key_str(out, "maker", known ? a->maker_name : NULL);
	put_key_str(out, "owner_id", known ? a->owner_id : NULL);
	put_key_str(out, "owner", known ? a->owner_name : NULL);
	put_key_str(out, "confidence", ca_confidence_name(a->confidence));
	fputs_unlocked(",\"heuristic\":", out);
	put_bool(out, a->heuristic);
	put_key_str(out, "method", known ? a->method : NULL);
	put_key_str(out, "field", known && a->field[0] ? a->field : NULL);
	put_key_str(out, "evidence", a->evidence);
	put_key_str(out, "rule", known && a->rule[0] ? a->rule : NULL);
	fputc_unlocked('}', out);
}

static void put_part(FILE *out, const ca_part_info *p)
{
	if (!p->rule[0]) {
		fputs_unlocked("null", out);
		return;
	}
	fputs_unlocked("{\"grammar\":", out);
	cai_json_put_string(out, p->rule);
	put_key_str(out, "kind", p->kind);
	put_key_str(out, "type", p->type[0] ? p->type : NULL);
	put_key_str(out, "capacity", p->capacity[0] ? p->capacity : NULL);
	put_key_str(out, "organization", p->organization[0] ? p->organization : NULL);
	put_key_str(out, "form", p->form[0] ? p->form : NULL);
	fputc_unlocked('}', out);
}

/* A memory device as memory_device_json() dumped it, written directly. */
static void put_memory_device(FILE *out, const ca_component *c)
{
	const ca_memory_device *m = &c->memory;
	fprintf(out, "{\"handle\":%d,\"locator\":", c->record->handle);
	cai_json_put_string(out, m->locator);
	put_key_str(out, "bank_locator", m->bank_locator);
	fputs_unlocked(",\"installed\":", out);
	put_bool(out, m->installed);
	fprintf(out, ",\"size_bytes\":%lld", (long long)m->size_bytes);
	put_key_str(out, "type", m->type);
	put_key_str(out, "form_factor", m->form_factor);
	put_key_str(out, "type_detail", m->type_detail);
	fprintf(out, ",\"speed_mts\":%d,\"configured_speed_mts\":%d", (int)m->speed_mts,
		(int)m->configured_speed_mts);
	put_key_str(out, "manufacturer", m->manufacturer);
	put_key_str(out, "part_number", m->part_number);
	put_key_str(out, "serial_number", m->serial_number);
	put_key_str(out, "asset_tag", m->asset_tag);
	fprintf(out, ",\"rank\":%d,\"module_manufacturer_id\":", m->rank);
	put_jid(out, m->module_manufacturer);
	fputs_unlocked(",\"subsystem_controller_manufacturer_id\":", out);
	put_jid(out, m->subsystem_controller_manufacturer);
	fputs_unlocked(",\"pmic0_manufacturer_id\":", out);
	put_jid(out, m->pmic0_manufacturer);
	fputs_unlocked(",\"rcd_manufacturer_id\":", out);
	put_jid(out, m->rcd_manufacturer);
	fputs_unlocked(",\"dram_manufacturer_id\":", out);
	put_jid(out, m->dram_manufacturer);
	put_key_str(out, "manufacture_date", m->manufacture_date);
	put_key_str(out, "spd_source", m->spd_source);
	put_key_str(out, "spd_crc", m->spd_crc);
	fputs_unlocked(",\"makers\":", out);
	if (c->identified) {
		fputc_unlocked('{', out);
		for (size_t r = 0; r < c->n_makers; r++) {
			fprintf(out, "%s\"%s\":", r ? "," : "", c->makers[r].role);
			put_answer(out, &c->makers[r].answer);
		}
		fputs_unlocked("},\"part\":", out);
		put_part(out, &c->part);
		put_key_str(out, "conflict", c->conflict[0] ? c->conflict : NULL);
	} else {
		fputs_unlocked("null,\"part\":null,\"conflict\":null", out);
	}
	fputc_unlocked('}', out);
}




/* A hex id ("0x1e49"), or null when the device does not carry it. */
static void put_key_hex(FILE *out, const char *key, bool has, unsigned value, int digits)
{
	if (has)
		fprintf(out, ",\"%s\":\"0x%0*x\"", key, digits, value);
	else
		fprintf(out, ",\"%s\":null", key);
}

/* A device beyond memory: kind, attributes as evidence gave them, makers by role. */
static void put_device(FILE *out, const ca_assessment *a, const ca_component *c)
{
	const ca_device *d = &c->device;
	fputs_unlocked("{\"kind\":", out);
	cai_json_put_string(out, ca_component_kind_name(c->kind));
	put_key_str(out, "label", c->label);
	put_key_str(out, "evidence", ca_assessment_evidence(a, c->evidence)->name);
	put_key_str(out, "model", d->model);
	put_key_str(out, "vendor", d->vendor);
	put_key_str(out, "family", d->family);
	put_key_str(out, "serial_number", d->serial);
	put_key_str(out, "firmware", d->firmware);
	put_key_str(out, "bus_path", d->bus_path);
	put_key_str(out, "wwn", d->wwn);
	put_key_str(out, "eui64", d->eui64);
	put_key_hex(out, "pci_vendor_id", d->ids & CA_DEVICE_HAS_PCI_VENDOR, d->pci_vendor, 4);
	put_key_hex(out, "pci_device_id", d->ids & CA_DEVICE_HAS_PCI_DEVICE, d->pci_device, 4);
	put_key_hex(out, "pci_subsystem_vendor_id", d->ids & CA_DEVICE_HAS_PCI_SUBVENDOR,
		    d->pci_subsystem_vendor, 4);
	put_key_hex(out, "pci_subsystem_device_id", d->ids & CA_DEVICE_HAS_PCI_SUBDEVICE,
		    d->pci_subsystem_device, 4);
	put_key_hex(out, "pci_class", d->ids & CA_DEVICE_HAS_PCI_CLASS, d->pci_class, 6);
	put_key_hex(out, "ieee_oui", d->ids & CA_DEVICE_HAS_OUI, d->oui, 6);
	put_key_hex(out, "usb_vendor_id", d->ids & CA_DEVICE_HAS_USB_VENDOR, d->usb_vendor, 4);
	put_key_hex(out, "usb_product_id", d->ids & CA_DEVICE_HAS_USB_PRODUCT, d->usb_product, 4);
	put_key_hex(out, "emmc_manfid", d->ids & CA_DEVICE_HAS_EMMC_MANFID, d->emmc_manfid, 2);
	put_key_hex(out, "emmc_oemid", d->ids & CA_DEVICE_HAS_EMMC_OEMID, d->emmc_oemid, 4);
	put_key_str(out, "emmc_name", d->emmc_name);
	put_key_str(out, "emmc_date", d->emmc_date);
	put_key_str(out, "vram_vendor", d->vram_vendor);
	fprintf(out, ",\"capacity_bytes\":%llu", (unsigned long long)d->capacity_bytes);
	put_key_str(out, "rotation", d->rotation);
	put_key_str(out, "form_factor", d->form_factor);
	put_key_str(out, "transport", d->transport);
	fputs_unlocked(",\"makers\":{", out);
	for (size_t r = 0; r < c->n_makers; r++) {
		fprintf(out, "%s\"%s\":", r ? "," : "", c->makers[r].role);
		put_answer(out, &c->makers[r].answer);
	}
	fputs_unlocked("},\"model_grammar\":", out);
	put_part(out, &c->part);
	put_key_str(out, "conflict", c->conflict[0] ? c->conflict : NULL);
	fputc_unlocked('}', out);
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
		json_object_set_new(j, keys[i], cai_json_str(ca_record_value(r, names[i])));
	return j;
}

/* A string made by a ca_finding_*() function, taken over; null when NULL. */
static json_t *jtake(char *text)
{
	json_t *j = cai_json_str(text);
	free(text);
	return j;
}

static json_t *finding_json(const ca_finding *f)
{
	json_t *jf = json_object();
	const ca_maker *a = f->maker;
	json_object_set_new(jf, "severity", json_string(ca_severity_name(f->severity)));
	json_object_set_new(jf, "rule", cai_json_str(f->rule->id));
	json_object_set_new(jf, "rule_title", cai_json_str(f->rule->title));
	json_object_set_new(jf, "state", json_string(ca_finding_state_name(f->state)));
	json_object_set_new(jf, "component", jtake(ca_finding_component_text(f)));
	json_object_set_new(jf, "role", f->role ? cai_json_str(f->role) : json_null());
	json_object_set_new(jf, "maker_id", a && a->maker_id[0] ? cai_json_str(a->maker_id) : json_null());
	json_object_set_new(jf, "maker", a && a->maker_name[0] ? cai_json_str(a->maker_name) : json_null());
	json_object_set_new(jf, "owner", a && a->owner_name[0] ? cai_json_str(a->owner_name) : json_null());
	json_object_set_new(jf, "evidence", jtake(ca_finding_evidence(f)));
	json_object_set_new(jf, "citation", jtake(ca_finding_citation(f)));
	json_object_set_new(jf, "sentence", jtake(ca_finding_sentence(f)));
	json_object_set_new(jf, "options", jtake(ca_finding_options(f)));
	json_object_set_new(jf, "interpretation", jtake(ca_finding_interpretation(f)));
	json_object_set_new(jf, "purchased", cai_json_str(f->purchased));
	json_object_set_new(jf, "made", cai_json_str(f->made));
	json_object_set_new(jf, "waived", json_boolean(f->waived));
	json_object_set_new(jf, "waiver", jtake(ca_finding_waiver_text(f)));
	if (f->screen)
		json_object_set_new(jf, "export", cai_export_finding_json(f));
	return jf;
}

static json_t *diagnostic_json(const ca_diagnostic *d)
{
	json_t *jd = json_pack("{s:s, s:s, s:o}", "level", ca_diag_level_name(d->level), "code",
			       d->code, "message", cai_json_str(d->message));
	json_object_set_new(jd, "offset", d->offset >= 0 ? json_integer(d->offset) : json_null());
	json_object_set_new(jd, "line", d->line ? json_integer(d->line) : json_null());
	json_object_set_new(jd, "handle", d->handle >= 0 ? json_integer(d->handle) : json_null());
	return jd;
}

static json_t *scope_json(const ca_assessment *a)
{
	ca_scope sc;
	ca_assessment_scope(a, &sc);
	json_t *j = json_object(), *inspected = json_array(), *not_inspected = json_array();
	if (sc.memory_modules)
		json_array_append_new(inspected, json_string("memory-modules"));
	if (sc.dram_attributed)
		json_array_append_new(inspected, json_string("dram-dies"));
	if (sc.system)
		json_array_append_new(inspected, json_string("system-maker"));
	if (sc.storage)
		json_array_append_new(inspected, json_string("storage"));
	if (sc.devices)
		json_array_append_new(inspected, json_string("pci-usb-devices"));
	for (size_t i = 0; ca_scope_not_inspected[i].id; i++)
		if (!ca_scope_kind_inspected(&sc, ca_scope_not_inspected[i].id))
			json_array_append_new(not_inspected, json_string(ca_scope_not_inspected[i].id));
	json_object_set_new(j, "inspected", inspected);
	json_object_set_new(j, "not_inspected", not_inspected);
	json_object_set_new(j, "memory_devices", json_integer((json_int_t)sc.memory_devices));
	json_object_set_new(j, "memory_present", json_integer((json_int_t)sc.memory_present));
	json_object_set_new(j, "dram_attributed", json_integer((json_int_t)sc.dram_attributed));
	if (sc.storage) {
		json_object_set_new(j, "drives", json_integer((json_int_t)sc.drives));
		json_object_set_new(j, "drives_attributed", json_integer((json_int_t)sc.drives_attributed));
	}
	if (sc.devices) {
		json_object_set_new(j, "other_devices", json_integer((json_int_t)sc.other_devices));
		json_object_set_new(j, "other_devices_attributed", json_integer((json_int_t)sc.other_attributed));
	}
	const ca_findings *fs = ca_assessment_findings(a);
	json_t *rules = fs ? json_array() : json_null();
	for (size_t i = 0; i < ca_findings_rule_count(fs); i++) {
		const ca_rule_status *st = ca_findings_rule_at(fs, i);
		static const char *const states[] = {"applied", "off-by-option", "expired"};
		json_t *jr = json_object();
		json_object_set_new(jr, "rule", cai_json_str(st->rule->id));
		json_object_set_new(jr, "state", json_string(states[st->state]));
		json_object_set_new(jr, "in_force", json_boolean(st->state == CA_RULE_APPLIED && st->in_force));
		json_object_set_new(jr, "findings", json_integer((json_int_t)st->findings));
		json_object_set_new(jr, "option", st->option.option ? cai_json_str(st->option.option->id) : json_null());
		json_object_set_new(jr, "option_value",
				    st->option.option ? json_boolean(st->option.value) : json_null());
		json_object_set_new(jr, "text", jtake(ca_rule_status_text(st)));
		json_array_append_new(rules, jr);
	}
	json_object_set_new(j, "rules", rules);
	return j;
}

static json_t *evidence_json(const ca_evidence *e)
{
	json_t *j = json_object();
	json_object_set_new(j, "name", cai_json_str(e->name));
	json_object_set_new(j, "format", json_string(ca_format_name(e->format)));
	json_object_set_new(j, "read", json_boolean(e->status == 0));
	json_object_set_new(j, "inventory", json_boolean(e->inventoried));
	json_object_set_new(j, "smbios_version", cai_json_str(ca_host_smbios_version(e->host)));
	json_object_set_new(j, "tool_version", cai_json_str(ca_host_tool_version(e->host)));
	json_object_set_new(j, "diagnostics", json_integer((json_int_t)ca_host_diagnostic_count(e->host)));
	return j;
}

/* Writes one JSON value (taken over) in the compact form jansson prints
 * it, then frees it. Returns 0 or -ENOMEM. */
static int emit(FILE *out, json_t *j)
{
	if (!j)
		return -ENOMEM;
	char *text = cai_json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
	json_decref(j);
	if (!text)
		return -ENOMEM;
	fputs_unlocked(text, out);
	free(text);
	return 0;
}

/* Writes ,"key": (first: without the comma) then the value. */
static int member(FILE *out, const char *key, json_t *value, bool first)
{
	fprintf(out, "%s\"%s\":", first ? "" : ",", key);
	return emit(out, value);
}

/* The host object, streamed: one element at a time, so memory follows the
 * largest element, not the host (a host of 60,000 structures). The bytes
 * equal those of jansson dumping the whole object (tests/golden). */
int cai_json_host(const ca_sink_options *o, const ca_assessment *a, FILE *out, bool with_vintage)
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

	const ca_host *h = ca_assessment_inventory(a);
	if (!h)
		return -EINVAL;
	int rc = 0;
	fputc_unlocked('{', out);
	rc |= member(out, "source", cai_json_str(ca_assessment_label(a)), true);
	rc |= member(out, "format", json_string(ca_format_name(ca_host_format(h))), false);
	rc |= member(out, "smbios_version", cai_json_str(ca_host_smbios_version(h)), false);
	rc |= member(out, "tool_version", cai_json_str(ca_host_tool_version(h)), false);
	rc |= member(out, "system", summary_json(h, 1, sys_names, sys_keys, 7), false);
	rc |= member(out, "bios", summary_json(h, 0, bios_names, bios_keys, 3), false);
	rc |= member(out, "baseboard", summary_json(h, 2, board_names, board_keys, 4), false);
	rc |= member(out, "chassis", summary_json(h, 3, chassis_names, chassis_keys, 2), false);

	const ca_profile *profile = ca_policy_profile(ca_assessment_policy(a));
	/* screened order lists have findings without a profile */
	if ((profile || ca_assessment_findings(a)) && ca_assessment_readable(a)) {
		rc |= member(out, "profile", profile ? cai_json_str(profile->id) : json_null(), false);
		fputs_unlocked(",\"findings\":[", out);
		const ca_findings *findings = ca_assessment_findings(a);
		for (size_t i = 0; i < ca_findings_count(findings); i++) {
			if (i)
				fputc_unlocked(',', out);
			rc |= emit(out, finding_json(ca_findings_at(findings, i)));
		}
		fputc_unlocked(']', out);
	} else {
		rc |= member(out, "profile", json_null(), false);
		rc |= member(out, "findings", json_null(), false);
	}
	fputs_unlocked(",\"memory_devices\":[", out);
	size_t n = 0;
	for (size_t i = 0; i < ca_assessment_component_count(a); i++) {
		const ca_component *c = ca_assessment_component(a, i);
		if (c->kind != CA_COMPONENT_MEMORY_DEVICE)
			continue;
		if (n++)
			fputc_unlocked(',', out);
		put_memory_device(out, c);
	}
	/* devices beyond memory: the member exists when the evidence held some */
	n = 0;
	for (size_t i = 0; i < ca_assessment_component_count(a); i++) {
		const ca_component *c = ca_assessment_component(a, i);
		if (!ca_component_is_device(c))
			continue;
		fputs_unlocked(n++ ? "," : "],\"devices\":[", out);
		put_device(out, a, c);
	}
	/* screened order lines: the member exists when the host is an order list */
	n = 0;
	for (size_t i = 0; i < ca_assessment_component_count(a); i++) {
		const ca_component *c = ca_assessment_component(a, i);
		if (c->kind != CA_COMPONENT_ORDER_LINE)
			continue;
		fputs_unlocked(n++ ? "," : "],\"order_lines\":[", out);
		rc |= emit(out, cai_order_line_json(c));
	}
	fputs_unlocked("],\"records\":[", out);
	for (size_t i = 0; i < ca_host_record_count(h); i++) {
		if (i)
			fputc_unlocked(',', out);
		put_record(out, ca_host_record(h, i)); /* the bulk: written directly */
	}
	fputs_unlocked("],\"diagnostics\":[", out);
	size_t dropped = 0;
	n = 0;
	for (size_t e = 0; e < ca_assessment_evidence_count(a); e++) {
		const ca_host *eh = ca_assessment_evidence(a, e)->host;
		for (size_t i = 0; i < ca_host_diagnostic_count(eh); i++) {
			if (n++)
				fputc_unlocked(',', out);
			rc |= emit(out, diagnostic_json(ca_host_diagnostic(eh, i)));
		}
		dropped += ca_host_diagnostics_dropped(eh);
	}
	fputc_unlocked(']', out);
	rc |= member(out, "diagnostics_dropped", json_integer((json_int_t)dropped), false);
	fputs_unlocked(",\"evidence\":[", out);
	for (size_t e = 0; e < ca_assessment_evidence_count(a); e++) {
		if (e)
			fputc_unlocked(',', out);
		rc |= emit(out, evidence_json(ca_assessment_evidence(a, e)));
	}
	fputc_unlocked(']', out);
	rc |= member(out, "scope", scope_json(a), false);
	json_t *vintage = with_vintage ? cai_properties_json(o) : NULL;
	if (vintage)
		rc |= member(out, "data_vintage", vintage, false);
	fputc_unlocked('}', out);
	if (rc)
		return -ENOMEM;
	return ferror(out) ? -EIO : 0;
}

SINK_RENDER(cai_sink_json_render)
{
	return cai_json_host(o, a, out, false);
}

SINK_BEGIN(cai_sink_json_begin)
{
	fprintf(out, "{\"schema_version\":\"%s\",\"tool\":\"chipaudit %s\",",
		CA_REPORT_SCHEMA_VERSION, CA_VERSION_STRING);
	json_t *vintage = cai_properties_json(o);
	if (vintage && member(out, "data_vintage", vintage, true) < 0)
		return -ENOMEM;
	fputs(vintage ? ",\"hosts\":[" : "\"hosts\":[", out);
	return ferror(out) ? -EIO : 0;
}

SINK_END(cai_sink_json_end)
{
	(void)o;
	const sink_summary *s = summary;
	fprintf(out, "],\"summary\":{\"hosts_read\":%zu,\"unreadable\":%zu,\"incomplete\":%zu",
		s->hosts_read, s->by_verdict[VERDICT_UNREADABLE], s->incomplete);
	static const char *const verdict_keys[VERDICT_COUNT] = {"unreadable", "no_findings", "info",
								"warn", "fail"};
	fputs(",\"hosts_by_verdict\":{", out);
	for (int v = 0; v < VERDICT_COUNT; v++)
		fprintf(out, "%s\"%s\":%zu", v ? "," : "", verdict_keys[v], s->by_verdict[v]);
	fprintf(out, "},\"findings\":%zu,\"waived\":%zu,\"findings_by_rule\":[", s->findings,
		s->waived);
	for (size_t i = 0; i < s->n_rules; i++) {
		const tally_rule *r = &s->rules[i];
		fprintf(out, "%s{\"rule\":", i ? "," : "");
		cai_json_put_string(out, r->rule);
		fprintf(out, ",\"fail\":%zu,\"warn\":%zu,\"info\":%zu,\"waived\":%zu}",
			r->by_severity[CA_SEVERITY_FAIL], r->by_severity[CA_SEVERITY_WARN],
			r->by_severity[CA_SEVERITY_INFO], r->waived);
	}
	fputs("],\"makers_by_role\":[", out);
	for (size_t i = 0; i < s->n_makers; i++) {
		const tally_maker *m = &s->makers[i];
		fprintf(out, "%s{\"role\":", i ? "," : "");
		cai_json_put_string(out, m->role);
		fputs(",\"owner\":", out);
		cai_json_put_string(out, *m->owner ? m->owner : NULL);
		fprintf(out, ",\"components\":%zu}", m->n);
	}
	fputs("]}}\n", out);
	return ferror(out) ? -EIO : 0;
}
