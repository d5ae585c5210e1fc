/* SPDX-License-Identifier: MIT */
/*
 * One host's evidence -> assessment: evidence sources (detected once),
 * components, makers resolved exactly once per component, findings, scope.
 */
#include "chipaudit/assess.h"
#include "host_internal.h"
#include "purchases_internal.h"
#include "util/file.h"
#include "util/grow.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define ASSESS_MAX_EVIDENCE 4096u /* evidence sources of one host */

struct ca_assessment {
	ca_arena arena; /* labels, maker lists */
	const ca_policy *policy;
	const char *label;
	ca_evidence *evidence;
	ca_host **hosts; /* hosts[i] is evidence[i].host, owned */
	size_t n_evidence, cap_evidence, cap_hosts;
	size_t inventory; /* index of the inventoried evidence, or SIZE_MAX */
	ca_component *components;
	size_t n_components;
	ca_findings *findings;
	bool finished;
};

const ca_scope_kind ca_scope_not_inspected[] = {
	{"storage", "storage (SSD, HDD, eMMC and the NAND in them)"},
	{"network-devices", "network controllers"},
	{"pci-usb-devices", "other PCI and USB devices"},
	{"processors", "processors and SoCs"},
	{"foundry", "the foundry that made any chip"},
	{NULL, NULL},
};

const char *ca_component_kind_name(ca_component_kind kind)
{
	switch (kind) {
	case CA_COMPONENT_SYSTEM: return "system";
	case CA_COMPONENT_MEMORY_DEVICE: return "memory-device";
	}
	return "unknown";
}

const ca_maker *ca_component_maker_for(const ca_component *c, const char *role)
{
	for (size_t i = 0; i < c->n_makers; i++)
		if (strcmp(c->makers[i].role, role) == 0)
			return &c->makers[i].answer;
	return NULL;
}

int ca_assessment_new(const ca_policy *policy, const char *label, ca_assessment **ret)
{
	ca_assessment *a = calloc(1, sizeof(*a));
	if (!a)
		return -ENOMEM;
	ca_arena_init(&a->arena);
	a->policy = policy;
	a->inventory = SIZE_MAX;
	a->label = ca_arena_strdup(&a->arena, label ? label : "");
	if (!a->label) {
		ca_assessment_free(a);
		return -ENOMEM;
	}
	*ret = a;
	return 0;
}

void ca_assessment_free(ca_assessment *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->n_evidence; i++)
		ca_host_free(a->hosts[i]);
	free(a->hosts);
	free(a->evidence);
	free(a->components);
	ca_findings_free(a->findings);
	ca_arena_release(&a->arena);
	free(a);
}

/* Appends an evidence source with a fresh host labelled name. */
static int evidence_add(ca_assessment *a, const char *name, size_t *ret_index)
{
	if (a->finished || a->n_evidence >= ASSESS_MAX_EVIDENCE)
		return -E2BIG;
	size_t need = a->n_evidence + 1;
	if (cai_grow((void **)&a->evidence, &a->cap_evidence, need, sizeof(*a->evidence)) < 0 ||
	    cai_grow((void **)&a->hosts, &a->cap_hosts, need, sizeof(*a->hosts)) < 0)
		return -ENOMEM;
	ca_host *h = ca_host_new();
	if (!h || ca_host_set_source(h, name) < 0) {
		ca_host_free(h);
		return -ENOMEM;
	}
	a->hosts[a->n_evidence] = h;
	a->evidence[a->n_evidence] = (ca_evidence){
		.name = ca_host_source(h), .format = CA_FORMAT_UNKNOWN, .status = -ENODATA, .host = h,
	};
	*ret_index = a->n_evidence++;
	return 0;
}

static int evidence_done(ca_assessment *a, size_t i, int status)
{
	a->evidence[i].status = status;
	a->evidence[i].format = ca_host_format(a->hosts[i]);
	return status;
}

int ca_assessment_add_buffer(ca_assessment *a, const char *name, const uint8_t *buf, size_t len)
{
	size_t i;
	int r = evidence_add(a, name, &i);
	if (r < 0)
		return r;
	return evidence_done(a, i, ca_read_evidence(a->hosts[i], buf, len));
}

int ca_assessment_add_file(ca_assessment *a, const char *path)
{
	size_t i;
	int r = evidence_add(a, path, &i);
	if (r < 0)
		return r;
	ca_host *h = a->hosts[i];
	size_t len = 0;
	int err = 0;
	uint8_t *buf = ca_file_read(path, CA_MAX_INPUT_BYTES, &len, &err);
	if (!buf) {
		if (err == -EFBIG)
			cai_host_diag(h, CA_DIAG_ERROR, "input.too-large", -1, 0, -1,
				  "file larger than %u MiB: not read as evidence", CA_MAX_INPUT_BYTES >> 20);
		else
			cai_host_diag(h, CA_DIAG_ERROR, "input.read-failed", -1, 0, -1,
				  "cannot read the file: %s", ca_file_strerror(err));
		return evidence_done(a, i, err);
	}
	r = ca_read_evidence(h, buf, len);
	free(buf);
	return evidence_done(a, i, r);
}

int ca_assessment_add_unreadable(ca_assessment *a, const char *name, int err, const char *message)
{
	size_t i;
	int r = evidence_add(a, name, &i);
	if (r < 0)
		return r;
	cai_host_diag(a->hosts[i], CA_DIAG_ERROR, "input.read-failed", -1, 0, -1, "%s",
		  message ? message : "cannot read the evidence");
	return evidence_done(a, i, err < 0 ? err : -EIO);
}

int ca_assessment_add_live(ca_assessment *a, const char *root)
{
	size_t i;
	int r = evidence_add(a, root && *root ? root : "live", &i);
	if (r < 0)
		return r;
	return evidence_done(a, i, ca_sysfs_dmi_read(a->hosts[i], root));
}

/* A text of a resolver answer, stored once: "" for empty, the previous
 * component's copy when equal (hosts repeat the same module), else a copy
 * in the arena at its length. Returns NULL when out of memory. */
static const char *keep_text(ca_assessment *a, const char *s, const char *previous)
{
	if (!*s)
		return "";
	if (previous && strcmp(previous, s) == 0)
		return previous;
	return ca_arena_strdup(&a->arena, s);
}

/* Stores a resolver answer compactly; prev is the same role's answer of the
 * previous component, or NULL. Returns 0 or -ENOMEM. */
static int keep_answer(ca_assessment *a, const ca_maker_answer *in, const ca_maker *prev,
		       ca_maker *out)
{
	*out = (ca_maker){
		.confidence = in->confidence, .heuristic = in->heuristic, .maker = in->maker,
		.owner = in->owner,
		.maker_id = keep_text(a, in->maker_id, prev ? prev->maker_id : NULL),
		.maker_name = keep_text(a, in->maker_name, prev ? prev->maker_name : NULL),
		.owner_id = keep_text(a, in->owner_id, prev ? prev->owner_id : NULL),
		.owner_name = keep_text(a, in->owner_name, prev ? prev->owner_name : NULL),
		.method = keep_text(a, in->method, prev ? prev->method : NULL),
		.field = keep_text(a, in->field, prev ? prev->field : NULL),
		.evidence = keep_text(a, in->evidence, prev ? prev->evidence : NULL),
		.rule = keep_text(a, in->rule, prev ? prev->rule : NULL),
	};
	bool ok = out->maker_id && out->maker_name && out->owner_id && out->owner_name &&
		  out->method && out->field && out->evidence && out->rule;
	return ok ? 0 : -ENOMEM;
}

/* The memory device component of record r: typed view, makers resolved once. */
static int memory_component(ca_assessment *a, const ca_record *r, ca_component *c,
			    const ca_component *prev)
{
	ca_memory_device m;
	if (ca_memory_device_from_record(r, &m) < 0)
		return 1;
	c->kind = CA_COMPONENT_MEMORY_DEVICE;
	c->memory = m;
	c->present = m.installed;
	c->locator = m.locator;
	c->conflict = "";
	char label[160];
	snprintf(label, sizeof(label), "Memory Device %s (handle 0x%04X)", m.locator ? m.locator : "?",
		 r->handle);
	c->label = ca_arena_strdup(&a->arena, label);
	if (!c->label)
		return -ENOMEM;
	if (!m.installed)
		return 0;
	ca_memory_makers mk;
	if (ca_identify_memory_device(ca_policy_kb(a->policy), &m, ca_policy_as_of(a->policy), 0,
				      &mk) < 0)
		return 0;
	ca_component_maker *makers = ca_arena_alloc(&a->arena, CA_ROLE_COUNT * sizeof(*makers));
	const char *conflict = keep_text(a, mk.conflict, prev ? prev->conflict : NULL);
	if (!makers || !conflict)
		return -ENOMEM;
	for (int role = 0; role < CA_ROLE_COUNT; role++) {
		makers[role].role = ca_role_name((ca_role)role);
		const ca_maker *before = prev && prev->n_makers == CA_ROLE_COUNT ? &prev->makers[role].answer : NULL;
		if (keep_answer(a, &mk.role[role], before, &makers[role].answer) < 0)
			return -ENOMEM;
	}
	c->makers = makers;
	c->n_makers = CA_ROLE_COUNT;
	c->part = mk.part;
	c->conflict = conflict;
	c->identified = true;
	return 0;
}

/* The system component: its maker by name, from the Manufacturer string. */
static int system_component(ca_assessment *a, const ca_record *r, ca_component *c)
{
	c->kind = CA_COMPONENT_SYSTEM;
	c->present = true;
	c->label = "System (SMBIOS type 1)";
	c->conflict = "";
	const char *mfr = ca_record_value(r, "Manufacturer");
	ca_maker_answer readings[CA_IDENTIFY_MAX_READINGS];
	ca_role roles[CA_IDENTIFY_MAX_READINGS];
	size_t n = mfr && !ca_is_placeholder(mfr)
			   ? ca_identify_text(ca_policy_kb(a->policy), mfr, ca_policy_as_of(a->policy),
					      readings, roles, NULL)
			   : 0;
	ca_component_maker *makers = n ? ca_arena_alloc(&a->arena, n * sizeof(*makers)) : NULL;
	if (n && !makers)
		return -ENOMEM;
	size_t kept = 0;
	for (size_t k = 0; k < n; k++) {
		if (strcmp(readings[k].method, "name-alias") != 0)
			continue;
		snprintf(readings[k].field, sizeof(readings[k].field), "System Manufacturer");
		makers[kept].role = "system";
		if (keep_answer(a, &readings[k], NULL, &makers[kept++].answer) < 0)
			return -ENOMEM;
	}
	c->makers = makers;
	c->n_makers = kept;
	c->identified = true;
	return 0;
}

static int build_components(ca_assessment *a)
{
	const ca_host *h = a->hosts[a->inventory];
	size_t n = ca_host_record_count(h), n_memory = 0;
	for (size_t i = 0; i < n; i++)
		n_memory += ca_host_record(h, i)->type == 17;
	a->components = calloc(n_memory + 1, sizeof(*a->components));
	if (!a->components)
		return -ENOMEM;
	/* memory devices in evidence order, then the system: the order rules report them */
	const ca_component *last_identified = NULL; /* whose texts a repeated module shares */
	for (size_t i = 0; i < n; i++) {
		const ca_record *r = ca_host_record(h, i);
		if (r->type != 17)
			continue;
		ca_component *c = &a->components[a->n_components];
		c->evidence = a->inventory;
		c->record = r;
		int rc = memory_component(a, r, c, last_identified);
		if (rc < 0)
			return rc;
		if (rc == 0 && c->identified)
			last_identified = c;
		if (rc == 0)
			a->n_components++;
	}
	const ca_record *sys = ca_host_find_record(h, 1);
	if (sys) {
		ca_component *c = &a->components[a->n_components];
		c->evidence = a->inventory;
		c->record = sys;
		int rc = system_component(a, sys, c);
		if (rc < 0)
			return rc;
		a->n_components++;
	}
	return 0;
}

/* How strongly a readable source speaks for the host's SMBIOS inventory: the
 * firmware's bytes (live, dumped, RSMB, raw) over a tool's text rendering. */
static int inventory_rank(ca_format f)
{
	return f == CA_FORMAT_DMIDECODE_TEXT ? 1 : 2;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash && slash[1] ? slash + 1 : path;
}

static bool same(const char *value, const char *key)
{
	return value && !ca_is_placeholder(value) && strcmp(value, key) == 0;
}

static bool names_host(const ca_assessment *a, const ca_purchase *row, const ca_record *sys)
{
	switch (row->kind) {
	case CA_PURCHASE_KEY_HOST:
		if (strcmp(row->key, a->label) == 0 || strcmp(row->key, base_name(a->label)) == 0)
			return true;
		for (size_t e = 0; e < a->n_evidence; e++)
			if (strcmp(row->key, a->evidence[e].name) == 0 ||
			    strcmp(row->key, base_name(a->evidence[e].name)) == 0)
				return true;
		return false;
	case CA_PURCHASE_KEY_SERIAL:
		return sys && same(ca_record_value(sys, "Serial Number"), row->key);
	case CA_PURCHASE_KEY_UUID: {
		const char *uuid = sys ? ca_record_value(sys, "UUID") : NULL;
		return uuid && !ca_is_placeholder(uuid) && strcasecmp(uuid, row->key) == 0;
	}
	case CA_PURCHASE_KEY_ASSET_TAG:
		break;
	}
	return false;
}

static bool names_part(const ca_component *c, const ca_purchase *row)
{
	if (c->kind != CA_COMPONENT_MEMORY_DEVICE || !c->present)
		return false;
	if (row->kind == CA_PURCHASE_KEY_SERIAL)
		return same(c->memory.serial_number, row->key);
	if (row->kind == CA_PURCHASE_KEY_ASSET_TAG)
		return same(c->memory.asset_tag, row->key);
	return false;
}

static const char *purchase_source(ca_assessment *a, const ca_purchases *p, const ca_purchase *row)
{
	char buf[512];
	snprintf(buf, sizeof(buf), "%s:%u (%s '%s')", ca_purchases_name(p), row->line, row->column,
		 row->key);
	return ca_arena_strdup(&a->arena, buf);
}

/* Dates the components from the policy's purchase list: a row naming a
 * part dates it; a row naming the host dates every part without its own. */
static int apply_purchases(ca_assessment *a)
{
	const ca_purchases *p = ca_policy_purchases(a->policy);
	const ca_record *sys = ca_host_find_record(a->hosts[a->inventory], 1);
	const ca_purchase *host_row = NULL;
	for (size_t i = 0; i < ca_purchases_count(p); i++) {
		const ca_purchase *row = ca_purchases_at(p, i);
		bool matched = false;
		if (names_host(a, row, sys)) {
			if (!host_row)
				host_row = row;
			matched = true;
		}
		for (size_t k = 0; k < a->n_components; k++) {
			ca_component *c = &a->components[k];
			if (c->purchased || !names_part(c, row))
				continue;
			c->purchased = row->date;
			c->purchase_source = purchase_source(a, p, row);
			if (!c->purchase_source)
				return -ENOMEM;
			matched = true;
		}
		if (matched)
			cai_purchases_mark(p, i);
	}
	if (!host_row)
		return 0;
	const char *source = purchase_source(a, p, host_row);
	if (!source)
		return -ENOMEM;
	for (size_t k = 0; k < a->n_components; k++)
		if (!a->components[k].purchased) {
			a->components[k].purchased = host_row->date;
			a->components[k].purchase_source = source;
		}
	return 0;
}

int ca_assessment_finish(ca_assessment *a)
{
	if (a->finished)
		return a->components || a->inventory == SIZE_MAX ? 0 : -ENOMEM;
	a->finished = true;
	for (size_t i = 0; i < a->n_evidence; i++)
		if (a->evidence[i].status == 0 &&
		    (a->inventory == SIZE_MAX || inventory_rank(a->evidence[i].format) >
							 inventory_rank(a->evidence[a->inventory].format)))
			a->inventory = i;
	if (a->inventory == SIZE_MAX)
		return 0;
	a->evidence[a->inventory].inventoried = true;
	for (size_t i = 0; i < a->n_evidence; i++) {
		if (a->evidence[i].status != 0 || i == a->inventory)
			continue;
		/* every evidence format today is SMBIOS: one source is the inventory */
		cai_host_diag(a->hosts[i], CA_DIAG_NOTE, "assess.second-smbios", -1, 0, -1,
			  "another SMBIOS source of this host (%s) is its inventory; this one was read "
			  "and checked but adds no components",
			  a->evidence[a->inventory].name);
	}
	if (a->inventory == SIZE_MAX)
		return 0;
	int rc = build_components(a);
	if (rc == 0)
		rc = apply_purchases(a);
	if (rc < 0)
		return rc;
	const ca_profile *profile = ca_policy_profile(a->policy);
	if (!profile)
		return 0;
	return ca_rules_evaluate(ca_policy_rules(a->policy), profile, a, ca_policy_as_of(a->policy),
				 ca_policy_waivers(a->policy), &a->findings);
}

int ca_assess_files(const ca_policy *policy, const char *label, const char *const *paths,
		    size_t n, ca_assessment **ret)
{
	ca_assessment *a;
	int rc = ca_assessment_new(policy, label, &a);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		rc = ca_assessment_add_file(a, paths[i]);
		if (rc == -ENOMEM || rc == -E2BIG)
			break;
		rc = 0;
	}
	if (rc == 0)
		rc = ca_assessment_finish(a);
	if (rc < 0) {
		ca_assessment_free(a);
		return rc;
	}
	*ret = a;
	return 0;
}

const ca_policy *ca_assessment_policy(const ca_assessment *a) { return a->policy; }
const char *ca_assessment_label(const ca_assessment *a) { return a->label; }
size_t ca_assessment_evidence_count(const ca_assessment *a) { return a->n_evidence; }
size_t ca_assessment_component_count(const ca_assessment *a) { return a->n_components; }
const ca_findings *ca_assessment_findings(const ca_assessment *a) { return a->findings; }
bool ca_assessment_readable(const ca_assessment *a) { return a->inventory != SIZE_MAX; }

bool ca_evidence_complete(const ca_evidence *e)
{
	return e->status == 0 && !ca_host_last_error(e->host);
}

bool ca_assessment_complete(const ca_assessment *a)
{
	for (size_t i = 0; i < a->n_evidence; i++)
		if (!ca_evidence_complete(&a->evidence[i]))
			return false;
	return a->n_evidence > 0;
}

const ca_evidence *ca_assessment_evidence(const ca_assessment *a, size_t i)
{
	return i < a->n_evidence ? &a->evidence[i] : NULL;
}

const ca_component *ca_assessment_component(const ca_assessment *a, size_t i)
{
	return i < a->n_components ? &a->components[i] : NULL;
}

const ca_host *ca_assessment_inventory(const ca_assessment *a)
{
	if (a->inventory != SIZE_MAX)
		return a->hosts[a->inventory];
	return a->n_evidence ? a->hosts[0] : NULL;
}

void ca_assessment_scope(const ca_assessment *a, ca_scope *ret)
{
	ca_scope s = {0};
	for (size_t i = 0; i < a->n_components; i++) {
		const ca_component *c = &a->components[i];
		if (c->kind == CA_COMPONENT_SYSTEM) {
			s.system = true;
			continue;
		}
		s.memory_modules = true;
		s.memory_devices++;
		s.memory_present += c->present;
		s.memory_identified += c->identified;
		const ca_maker *dram = ca_component_maker_for(c, "dram");
		s.dram_attributed += dram && dram->confidence != CA_CONFIDENCE_NONE;
	}
	*ret = s;
}
