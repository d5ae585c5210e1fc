/* SPDX-License-Identifier: MIT */
/*
 * One host's evidence -> assessment: evidence sources (detected once),
 * components, makers resolved exactly once per component, findings, scope.
 */
#include "chipaudit/assess.h"
#include "assess_internal.h"
#include "chipaudit/collect.h"
#include "chipaudit/export.h"
#include "export/export_internal.h"
#include "bom/bom.h"
#include "host_internal.h"
#include "purchases_internal.h"
#include "rules/rules_internal.h"
#include "source/sources.h"
#include "util/date.h"
#include "util/file.h"
#include "util/grow.h"
#include "util/textfile.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define ASSESS_MAX_EVIDENCE 4096u /* evidence sources of one host */

struct ca_assessment {
	cai_arena arena; /* labels, maker lists */
	const ca_policy *policy;
	const char *label;
	size_t ordinal;  /* the host's place in its report (ca_assessment_set_ordinal) */
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
	case CA_COMPONENT_BOM_LINE: return "bom-line";
	case CA_COMPONENT_NVME: return "nvme";
	case CA_COMPONENT_SATA: return "sata";
	case CA_COMPONENT_SAS: return "sas";
	case CA_COMPONENT_EMMC: return "emmc";
	case CA_COMPONENT_PCI: return "pci";
	case CA_COMPONENT_USB: return "usb";
	case CA_COMPONENT_GPU: return "gpu";
	case CA_COMPONENT_ORDER_LINE: return "order-line";
	}
	return "unknown";
}

bool ca_component_is_device(const ca_component *c)
{
	return c->kind >= CA_COMPONENT_NVME && c->kind <= CA_COMPONENT_GPU;
}

/* The component kind of a device kind. */
static ca_component_kind device_component_kind(ca_device_kind k)
{
	switch (k) {
	case CA_DEVICE_NVME: return CA_COMPONENT_NVME;
	case CA_DEVICE_SATA: return CA_COMPONENT_SATA;
	case CA_DEVICE_SAS: return CA_COMPONENT_SAS;
	case CA_DEVICE_EMMC: return CA_COMPONENT_EMMC;
	case CA_DEVICE_PCI: return CA_COMPONENT_PCI;
	case CA_DEVICE_USB: return CA_COMPONENT_USB;
	case CA_DEVICE_GPU: break;
	}
	return CA_COMPONENT_GPU;
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
	cai_arena_init(&a->arena);
	a->policy = policy;
	a->inventory = SIZE_MAX;
	a->label = cai_arena_strdup(&a->arena, label ? label : "");
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
	cai_arena_release(&a->arena);
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

int cai_assessment_add_host(ca_assessment *a, ca_host *h, int status)
{
	size_t i;
	int rc = evidence_add(a, ca_host_source(h), &i);
	if (rc < 0) {
		ca_host_free(h);
		return rc;
	}
	ca_host_free(a->hosts[i]);
	a->hosts[i] = h;
	a->evidence[i].name = ca_host_source(h);
	a->evidence[i].host = h;
	a->evidence[i].format = ca_host_format(h);
	a->evidence[i].status = status;
	return 0;
}

static int evidence_done(ca_assessment *a, size_t i, int status)
{
	a->evidence[i].status = status;
	a->evidence[i].format = ca_host_format(a->hosts[i]);
	return status;
}

static int add_archive(ca_assessment *a, const char *name, const uint8_t *buf, size_t len);

/* Reads a list into h (its format set whatever the outcome). */
static int read_bom(ca_host *h, const uint8_t *buf, size_t len, const char *columns)
{
	if (len >= 4 && memcmp(buf, "PK\x03\x04", 4) == 0) {
		h->format = CA_FORMAT_BOM_XLSX;
		return cai_bom_xlsx_read(h, buf, len, columns);
	}
	if (cai_bom_is_json(buf, len)) {
		h->format = CA_FORMAT_BOM_CYCLONEDX;
		return cai_bom_cyclonedx_read(h, buf, len);
	}
	h->format = CA_FORMAT_BOM_CSV;
	return cai_bom_csv_read(h, buf, len, columns);
}

int ca_assessment_add_bom_buffer(ca_assessment *a, const char *name, const uint8_t *buf, size_t len,
				 const char *columns)
{
	size_t i;
	int r = evidence_add(a, name, &i);
	if (r < 0)
		return r;
	return evidence_done(a, i, read_bom(a->hosts[i], buf, len, columns));
}

int ca_assessment_add_buffer(ca_assessment *a, const char *name, const uint8_t *buf, size_t len)
{
	if (ca_collect_sniff(buf, len))
		return add_archive(a, name, buf, len);
	size_t i;
	int r = evidence_add(a, name, &i);
	if (r < 0)
		return r;
	return evidence_done(a, i, ca_read_evidence(a->hosts[i], buf, len));
}

/* Where an evidence file is read from when not by its path: through an
 * O_PATH descriptor (pfd, taken over), or else by name in the folder open
 * as dirfd. */
typedef struct file_at {
	int pfd;
	int dirfd;
	const char *name;
} file_at;

/* Reads a file as evidence (bom: as a list, with columns), by its path
 * when at is NULL. */
static int add_file(ca_assessment *a, const char *path, const file_at *at, bool bom, const char *columns)
{
	size_t i;
	int r = evidence_add(a, path, &i);
	if (r < 0) {
		if (at && at->pfd >= 0)
			close(at->pfd);
		return r;
	}
	ca_host *h = a->hosts[i];
	size_t len = 0;
	int err = 0;
	uint8_t *buf = !at		 ? cai_file_read(path, CA_MAX_INPUT_BYTES, &len, &err)
		       : at->pfd >= 0 ? cai_file_read_opened(at->pfd, path, CA_MAX_INPUT_BYTES, &len, &err)
				      : cai_file_read_at(at->dirfd, at->name, CA_MAX_INPUT_BYTES, &len, &err);
	if (!buf) {
		if (err == -EFBIG)
			cai_host_diag(h, CA_DIAG_ERROR, "input.too-large", -1, 0, -1,
				  "file larger than %u MiB: not read as evidence", CA_MAX_INPUT_BYTES >> 20);
		else
			cai_host_diag(h, CA_DIAG_ERROR, "input.read-failed", -1, 0, -1,
				  "cannot read the file: %s", cai_file_strerror(err));
		return evidence_done(a, i, err);
	}
	if (!bom && ca_collect_sniff(buf, len)) {
		/* one host of several sources: the placeholder source is replaced */
		ca_host_free(a->hosts[--a->n_evidence]);
		r = add_archive(a, path, buf, len);
		free(buf);
		return r;
	}
	r = bom ? read_bom(h, buf, len, columns) : ca_read_evidence(h, buf, len);
	free(buf);
	return evidence_done(a, i, r);
}

int ca_assessment_add_bom_part(ca_assessment *a, ca_bom_list *l, size_t max_lines)
{
	if (ca_bom_list_done(l))
		return -ENODATA;
	size_t i;
	int r = evidence_add(a, ca_bom_list_path(l), &i);
	if (r < 0)
		return r;
	return evidence_done(a, i, cai_bom_list_part(l, a->hosts[i], max_lines));
}

int ca_assessment_add_file(ca_assessment *a, const char *path)
{
	return add_file(a, path, NULL, false, NULL);
}

int ca_assessment_add_file_opened(ca_assessment *a, const char *path, int pfd)
{
	file_at at = {.pfd = pfd, .dirfd = -1, .name = NULL};
	return add_file(a, path, pfd >= 0 ? &at : NULL, false, NULL);
}

int ca_assessment_add_file_at(ca_assessment *a, const char *path, int dirfd, const char *name)
{
	file_at at = {.pfd = -1, .dirfd = dirfd, .name = name};
	return add_file(a, path, &at, false, NULL);
}

int ca_assessment_add_bom_file(ca_assessment *a, const char *path, const char *columns)
{
	return add_file(a, path, NULL, true, columns);
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

/* A copy of s in the assessment's arena (NULL stays NULL); *failed on ENOMEM. */
static const char *keep(ca_assessment *a, const char *s, bool *failed)
{
	if (!s)
		return NULL;
	const char *k = cai_arena_strdup(&a->arena, s);
	*failed |= !k;
	return k;
}

/* One order line as a component of evidence e: the line copied, and its
 * result copied from given, or screened in place on r and l when given is
 * NULL (so a long list holds one result per line, not two). */
static int add_order_line(ca_assessment *a, size_t e, const ca_order_line *line, const ca_screen_result *given,
			  const ca_export_regimes *r, const ca_export_lists *l, const char *as_of)
{
	ca_order_line *c = cai_arena_alloc(&a->arena, sizeof(*c));
	ca_screen_result *x = cai_arena_alloc(&a->arena, sizeof(*x));
	if (!c || !x)
		return -ENOMEM;
	*c = *line;
	bool failed = false;
	const char **texts[] = {&c->line_id, &c->ship_date, &c->exporter_country, &c->ship_from, &c->item,
				&c->maker, &c->model, &c->eccn, &c->list_item, &c->destination, &c->consignee,
				&c->intermediate_consignee, &c->end_user, &c->end_use};
	for (size_t k = 0; k < sizeof(texts) / sizeof(texts[0]); k++)
		*texts[k] = keep(a, *texts[k], &failed);
	if (!c->ship_date)
		c->ship_date = as_of;
	if (given) {
		*x = *given;
		/* the questions point into the result's own buffer */
		for (size_t k = 0; k < x->n_questions; k++)
			x->questions[k] = x->qbuf + (given->questions[k] - given->qbuf);
		for (size_t k = 0; k < x->n_parties; k++) /* the line's names, as copied */
			x->parties[k].name = keep(a, x->parties[k].name, &failed);
	} else {
		ca_export_screen(r, l, c, x);
	}
	if (x->error)
		cai_host_diag(a->hosts[e], CA_DIAG_ERROR, "order.not-screened", -1, 0, -1, "line %s: %s",
			      c->line_id ? c->line_id : "?", x->error);
	char label[96];
	snprintf(label, sizeof(label), "order line %.64s", c->line_id ? c->line_id : "?");
	a->components[a->n_components++] = (ca_component){
		.kind = CA_COMPONENT_ORDER_LINE, .evidence = e, .label = keep(a, label, &failed),
		.locator = c->line_id, .present = true, .order = c, .screen = x,
	};
	return failed ? -ENOMEM : 0;
}

/* The order list's evidence and room for n lines; -EBADMSG when n is 0. */
static int add_order_list(ca_assessment *a, const char *name, const ca_export_orders *o, size_t n,
			  size_t *ret_e)
{
	if (a->n_evidence || a->components)
		return -E2BIG;
	int r = evidence_add(a, name, ret_e);
	if (r < 0)
		return r;
	ca_host *h = a->hosts[*ret_e];
	h->format = CA_FORMAT_ORDER_LIST;
	for (size_t i = 0; o && i < ca_export_orders_diag_count(o); i++)
		cai_host_diag(h, n ? CA_DIAG_WARNING : CA_DIAG_ERROR, "order.read", -1, 0, -1, "%s",
			      ca_export_orders_diag(o, i));
	if (n == 0) {
		if (!o || !ca_export_orders_diag_count(o))
			cai_host_diag(h, CA_DIAG_ERROR, "order.empty", -1, 0, -1, "no order line could be read");
		return evidence_done(a, *ret_e, -EBADMSG);
	}
	a->components = calloc(n, sizeof(*a->components));
	return a->components ? 0 : -ENOMEM;
}

int ca_assessment_add_screened(ca_assessment *a, const char *name, const ca_export_orders *o,
			       const ca_order_line *lines, const ca_screen_result *results, size_t n)
{
	size_t e;
	int r = add_order_list(a, name, o, n, &e);
	for (size_t i = 0; r == 0 && i < n; i++)
		r = add_order_line(a, e, &lines[i], &results[i], NULL, NULL, NULL);
	return r < 0 ? r : evidence_done(a, e, 0);
}

int ca_assessment_screen_orders(ca_assessment *a, const char *name, const ca_export_orders *o,
				const ca_export_regimes *regimes, const ca_export_lists *lists, const char *as_of)
{
	size_t e, n = ca_export_orders_count(o);
	int r = add_order_list(a, name, o, n, &e);
	for (size_t i = 0; r == 0 && i < n; i++)
		r = add_order_line(a, e, ca_export_orders_line(o, i), NULL, regimes, lists, as_of);
	return r < 0 ? r : evidence_done(a, e, 0);
}

/* Adds every live SPD EEPROM under root as an evidence source of its own;
 * one that cannot be read is a note on the SMBIOS source (index smbios). */
static int add_live_spd(ca_assessment *a, const char *root, const char *display, size_t smbios)
{
	cai_spd_eeprom *list;
	size_t n;
	cai_spd_sysfs_list(root, &list, &n);
	int r = 0;
	for (size_t k = 0; k < n && r != -ENOMEM; k++) {
		uint8_t *buf = NULL;
		size_t len = 0;
		int err = cai_spd_sysfs_fetch(root, &list[k], &buf, &len);
		if (err == -EMEDIUMTYPE)
			continue;
		char name[PATH_MAX];
		snprintf(name, sizeof(name), "%s%s", display && strcmp(display, "/") != 0 ? display : "",
			 list[k].rel);
		if (err < 0) {
			cai_host_diag(a->hosts[smbios], CA_DIAG_NOTE, "spd.sysfs-unreadable", -1, 0, -1,
				      "cannot read the SPD EEPROM %s: %s", name, cai_file_strerror(err));
			continue;
		}
		size_t i;
		r = evidence_add(a, name, &i);
		if (r == 0)
			evidence_done(a, i, cai_spd_sysfs_read(a->hosts[i], &list[k], buf, len));
		free(buf);
	}
	free(list);
	return r == -ENOMEM ? r : 0;
}

/* Every live device source under root: one evidence source per sysfs
 * place that is there and holds a device (or says why it cannot be read). */
static int add_live_devices(ca_assessment *a, const char *root, const char *display)
{
	static const struct {
		const char *dir;
		int (*read)(ca_host *h, const char *root, const char *display);
	} sources[] = {
		{"/sys/class/nvme", cai_nvme_sysfs_read},
		{"/sys/block", cai_block_sysfs_read},
		{"/sys/bus/mmc/devices", cai_mmc_sysfs_read},
		{"/sys/bus/pci/devices", cai_pci_sysfs_read},
		{"/sys/bus/usb/devices", cai_usb_sysfs_read},
	};
	for (size_t k = 0; k < sizeof(sources) / sizeof(sources[0]); k++) {
		char name[PATH_MAX];
		snprintf(name, sizeof(name), "%s%s", display && strcmp(display, "/") != 0 ? display : "",
			 sources[k].dir);
		size_t i;
		int r = evidence_add(a, name, &i);
		if (r < 0)
			return r;
		ca_host *h = a->hosts[i];
		r = sources[k].read(h, root, display);
		if (r == -ENOMEM)
			return r;
		if (r == -ENOENT || (r == 0 && ca_host_device_count(h) == 0 && ca_host_diagnostic_count(h) == 0)) {
			/* nothing of this kind here: not a source */
			ca_host_free(h);
			a->n_evidence--;
			continue;
		}
		evidence_done(a, i, r);
	}
	return 0;
}

/* The live tree under root, its sources named as if it were at display
 * (a collect archive's path when root is the folder it was extracted to).
 * The diagnostics of extra (the archive's, or NULL) go to the first source. */
static int add_tree(ca_assessment *a, const char *root, const char *display, const ca_host *extra)
{
	size_t i;
	int r = evidence_add(a, display && *display ? display : "live", &i);
	if (r < 0)
		return r;
	r = cai_sysfs_dmi_read_as(a->hosts[i], root, display);
	for (size_t k = 0; extra && k < ca_host_diagnostic_count(extra); k++) {
		const ca_diagnostic *d = ca_host_diagnostic(extra, k);
		cai_host_diag(a->hosts[i], d->level, d->code, d->offset, d->line, d->handle, "%s", d->message);
	}
	evidence_done(a, i, r);
	if (add_live_spd(a, root, display, i) == -ENOMEM || add_live_devices(a, root, display) == -ENOMEM)
		return -ENOMEM;
	return r;
}

int ca_assessment_add_live(ca_assessment *a, const char *root)
{
	return add_tree(a, root, root, NULL);
}

/* A collect archive: its members extracted into a private folder, read as
 * a captured tree named name, the folder removed. */
static int add_archive(ca_assessment *a, const char *name, const uint8_t *buf, size_t len)
{
	ca_host *h = ca_host_new();
	if (!h)
		return -ENOMEM;
	char *dir = NULL;
	int r = cai_collect_extract(h, buf, len, &dir);
	if (r == 0) {
		r = add_tree(a, dir, name, h);
		cai_collect_remove(dir);
		free(dir);
	} else if (r != -ENOMEM) {
		const ca_diagnostic *d = ca_host_last_error(h);
		r = ca_assessment_add_unreadable(a, name, r, d ? d->message : "the archive cannot be read");
	}
	ca_host_free(h);
	return r;
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
	return cai_arena_strdup(&a->arena, s);
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

static const char *base_name(const char *path);

/* An SPD record and the evidence it came from. */
typedef struct spd_ref {
	const ca_record *record;
	size_t evidence;
	ca_memory_device view;
	size_t joined; /* index of the SMBIOS record it joined, or SIZE_MAX */
} spd_ref;

static bool usable(const char *s)
{
	return s && *s && !ca_is_placeholder(s);
}

/* Joins what a module's SPD says to the SMBIOS device of its slot: SPD wins
 * on makers (its ids, the DRAM maker, the date); SMBIOS keeps the locator,
 * the configured speed and the firmware's strings, so a relabelled module
 * shows as a conflict. */
static void join_spd(ca_memory_device *m, const spd_ref *spd, const char *source)
{
	const ca_memory_device *s = &spd->view;
	m->from_spd = true;
	m->module_manufacturer = s->module_manufacturer;
	m->rcd_manufacturer = s->rcd_manufacturer;
	m->pmic0_manufacturer = s->pmic0_manufacturer;
	m->dram_manufacturer = s->dram_manufacturer;
	m->manufacture_date = s->manufacture_date;
	m->spd_crc = s->spd_crc;
	m->spd_source = source;
	if (!usable(m->part_number))
		m->part_number = s->part_number;
	if (!usable(m->serial_number))
		m->serial_number = s->serial_number;
	if (!m->size_bytes) {
		m->size_bytes = s->size_bytes;
		m->installed = s->installed;
	}
	if (!m->type || strcmp(m->type, "Unknown") == 0)
		m->type = s->type;
	if (!m->speed_mts)
		m->speed_mts = s->speed_mts;
	if (!m->rank)
		m->rank = s->rank;
}

/* The memory device component of record r (joined with spd when not
 * NULL): typed view, makers resolved once. */
static int memory_component(ca_assessment *a, const ca_record *r, const spd_ref *spd, ca_component *c,
			    const ca_component *prev)
{
	ca_memory_device m;
	if (ca_memory_device_from_record(r, &m) < 0)
		return 1;
	if (spd && spd->record != r)
		join_spd(&m, spd, a->evidence[spd->evidence].name);
	else if (spd)
		m.spd_source = a->evidence[spd->evidence].name;
	c->kind = CA_COMPONENT_MEMORY_DEVICE;
	c->memory = m;
	c->present = m.installed;
	c->locator = m.locator;
	c->conflict = "";
	char label[160];
	if (!m.locator && spd && spd->record == r)
		cai_text_format(label, sizeof(label), "Memory Device (SPD %s)",
			 base_name(a->evidence[spd->evidence].name));
	else
		cai_text_format(label, sizeof(label), "Memory Device %s (handle 0x%04X)", m.locator ? m.locator : "?",
			 r->handle);
	c->label = cai_arena_strdup(&a->arena, label);
	if (!c->label)
		return -ENOMEM;
	if (!m.installed)
		return 0;
	unsigned year, week;
	char first[11], last[11];
	if (m.manufacture_date && sscanf(m.manufacture_date, "%4u-W%2u", &year, &week) == 2 &&
	    cai_date_iso_week(year, week, first, last)) {
		c->made = m.manufacture_date;
		c->made_first = cai_arena_strdup(&a->arena, first);
		c->made_last = cai_arena_strdup(&a->arena, last);
		if (!c->made_first || !c->made_last)
			return -ENOMEM;
	}
	ca_memory_makers mk;
	if (ca_identify_memory_device(ca_policy_kb(a->policy), &m, ca_policy_as_of(a->policy), 0,
				      &mk) < 0)
		return 0;
	ca_component_maker *makers = cai_arena_alloc(&a->arena, CA_ROLE_COUNT * sizeof(*makers));
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
	ca_component_maker *makers = n ? cai_arena_alloc(&a->arena, n * sizeof(*makers)) : NULL;
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

/* Same usable text (not a placeholder). */
static bool same_text(const char *x, const char *y)
{
	return usable(x) && usable(y) && strcmp(x, y) == 0;
}

/* True when two device descriptions are one device: the same kind and the
 * same serial, or the same bus path. */
static bool same_device(const ca_device *x, const ca_device *y)
{
	return x->kind == y->kind && (same_text(x->serial, y->serial) || same_text(x->bus_path, y->bus_path));
}

/* Fills what x lacks from y (a second description of the same device). */
static void merge_device(ca_device *x, const ca_device *y)
{
	const char **mine[] = {&x->model, &x->vendor, &x->family, &x->serial, &x->firmware, &x->bus_path, &x->wwn,
			       &x->eui64, &x->emmc_name, &x->emmc_date, &x->vram_vendor, &x->rotation,
			       &x->form_factor, &x->transport};
	const char *const theirs[] = {y->model, y->vendor, y->family, y->serial, y->firmware, y->bus_path, y->wwn,
				      y->eui64, y->emmc_name, y->emmc_date, y->vram_vendor, y->rotation,
				      y->form_factor, y->transport};
	for (size_t i = 0; i < sizeof(mine) / sizeof(mine[0]); i++)
		if (!usable(*mine[i]) && usable(theirs[i]))
			*mine[i] = theirs[i];
	unsigned add = y->ids & ~x->ids;
	if (add & CA_DEVICE_HAS_PCI_VENDOR)
		x->pci_vendor = y->pci_vendor;
	if (add & CA_DEVICE_HAS_PCI_DEVICE)
		x->pci_device = y->pci_device;
	if (add & CA_DEVICE_HAS_PCI_SUBVENDOR)
		x->pci_subsystem_vendor = y->pci_subsystem_vendor;
	if (add & CA_DEVICE_HAS_PCI_SUBDEVICE)
		x->pci_subsystem_device = y->pci_subsystem_device;
	if (add & CA_DEVICE_HAS_PCI_CLASS)
		x->pci_class = y->pci_class;
	if (add & CA_DEVICE_HAS_OUI)
		x->oui = y->oui;
	if (add & CA_DEVICE_HAS_USB_VENDOR)
		x->usb_vendor = y->usb_vendor;
	if (add & CA_DEVICE_HAS_USB_PRODUCT)
		x->usb_product = y->usb_product;
	if (add & CA_DEVICE_HAS_EMMC_MANFID)
		x->emmc_manfid = y->emmc_manfid;
	if (add & CA_DEVICE_HAS_EMMC_OEMID)
		x->emmc_oemid = y->emmc_oemid;
	x->ids |= y->ids;
	if (!x->capacity_bytes)
		x->capacity_bytes = y->capacity_bytes;
}

/* The component of a device: its makers resolved once. */
static int device_component(ca_assessment *a, size_t e, const ca_device *d, ca_component *c)
{
	c->kind = device_component_kind(d->kind);
	c->evidence = e;
	c->present = true;
	c->device = *d;
	c->conflict = "";
	char label[256];
	const char *what = usable(d->model) ? d->model : usable(d->vendor) ? d->vendor : NULL;
	if (d->bus_path)
		cai_text_format(label, sizeof(label), "%s %.100s (%.60s)", ca_device_kind_name(d->kind),
			 what ? what : "device", d->bus_path);
	else
		cai_text_format(label, sizeof(label), "%s %.100s", ca_device_kind_name(d->kind),
			 what ? what : "device");
	c->label = cai_arena_strdup(&a->arena, label);
	if (!c->label)
		return -ENOMEM;
	c->locator = d->bus_path;
	ca_device_makers mk;
	if (ca_identify_device(ca_policy_kb(a->policy), d, ca_policy_as_of(a->policy), 0, &mk) < 0)
		return 0;
	size_t n = 0;
	for (int role = 0; role < CA_DEVICE_ROLE_COUNT; role++)
		n += mk.applies[role];
	ca_component_maker *makers = cai_arena_alloc(&a->arena, (n ? n : 1) * sizeof(*makers));
	const char *conflict = keep_text(a, mk.conflict, NULL);
	if (!makers || !conflict)
		return -ENOMEM;
	size_t k = 0;
	for (int role = 0; role < CA_DEVICE_ROLE_COUNT; role++) {
		if (!mk.applies[role])
			continue;
		makers[k].role = ca_device_role_name((ca_device_role)role);
		if (keep_answer(a, &mk.role[role], NULL, &makers[k++].answer) < 0)
			return -ENOMEM;
	}
	c->makers = makers;
	c->n_makers = n;
	c->part = mk.part;
	c->conflict = conflict;
	c->identified = true;
	if (*c->conflict)
		cai_host_diag(a->hosts[e], CA_DIAG_WARNING, "device.conflict", d->offset, d->line, -1,
			      "the evidence disagrees on who made %s: %s", c->label, c->conflict);
	return 0;
}

/* The devices of every readable evidence source, one component each
 * (descriptions of one device in several sources merged), appended to
 * a->components, which has room for all of them. */
static int build_device_components(ca_assessment *a)
{
	size_t first = a->n_components;
	for (size_t e = 0; e < a->n_evidence; e++) {
		if (a->evidence[e].status != 0)
			continue;
		const ca_host *h = a->hosts[e];
		for (size_t i = 0; i < ca_host_device_count(h); i++) {
			const ca_device *d = ca_host_device(h, i);
			bool merged = false;
			for (size_t k = first; k < a->n_components && !merged; k++) {
				if (a->components[k].evidence != e && same_device(&a->components[k].device, d)) {
					merge_device(&a->components[k].device, d);
					merged = true;
				}
			}
			if (merged)
				continue;
			a->evidence[e].inventoried = true;
			a->components[a->n_components].device = *d;
			a->components[a->n_components++].evidence = e;
		}
	}
	/* resolved after merging, so each device once with all it is known by */
	for (size_t k = first; k < a->n_components; k++) {
		ca_device d = a->components[k].device;
		int rc = device_component(a, a->components[k].evidence, &d, &a->components[k]);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* Devices in every readable source. */
static size_t count_devices(const ca_assessment *a)
{
	size_t n = 0;
	for (size_t e = 0; e < a->n_evidence; e++)
		if (a->evidence[e].status == 0)
			n += ca_host_device_count(a->hosts[e]);
	return n;
}

static bool is_bom(ca_format f)
{
	return f == CA_FORMAT_BOM_CSV || f == CA_FORMAT_BOM_XLSX || f == CA_FORMAT_BOM_CYCLONEDX;
}

/* An unknown answer saying why. */
static void unknown(ca_maker_answer *x, const char *why, const char *maker, const char *part)
{
	memset(x, 0, sizeof(*x));
	snprintf(x->evidence, sizeof(x->evidence), "%s (manufacturer '%.60s', part number '%.60s')", why,
		 maker, part);
}

/* What the maker and part number cells of a line say, kept once per
 * distinct (maker, part) pair of an assessment: a list repeats its parts
 * (the same capacitor on many lines, the same memory on every board). */
typedef struct bom_identity {
	const char *maker, *part; /* the cells (owned by the host's record) */
	uint64_t hash;
	const ca_component_maker *makers; /* module, dram */
	const char *conflict;
} bom_identity;

typedef struct bom_memo {
	bom_identity **slot; /* open addressing, NULL: empty */
	size_t size, used;   /* size is a power of two; used stays under half */
} bom_memo;

static uint64_t bom_hash(const char *maker, const char *part)
{
	uint64_t h = 1469598103934665603u;
	for (const unsigned char *p = (const unsigned char *)maker; *p; p++)
		h = (h ^ *p) * 1099511628211u;
	h = (h ^ 0xFFu) * 1099511628211u;
	for (const unsigned char *p = (const unsigned char *)part; *p; p++)
		h = (h ^ *p) * 1099511628211u;
	return h;
}

/* The slot of (maker, part): its identity, or the empty slot it goes in. */
static bom_identity **bom_memo_slot(bom_memo *m, const char *maker, const char *part, uint64_t h)
{
	for (size_t i = (size_t)h & (m->size - 1);; i = (i + 1) & (m->size - 1)) {
		bom_identity *x = m->slot[i];
		if (!x || (x->hash == h && strcmp(x->maker, maker) == 0 && strcmp(x->part, part) == 0))
			return &m->slot[i];
	}
}

/* What the cells of a line say: the module maker from the manufacturer cell
 * (a name the knowledge base knows), else from the part number (a
 * grammar); the DRAM die maker from a memory part number; a conflict when
 * the two cells name different owners. Stored in the assessment. */
static int bom_identify(ca_assessment *a, const char *maker, const char *part, bom_identity *out)
{
	const ca_kb *kb = ca_policy_kb(a->policy);
	const char *date = ca_policy_as_of(a->policy);
	ca_maker_answer part_maker, dram, readings[CA_IDENTIFY_MAX_READINGS];
	ca_role roles[CA_IDENTIFY_MAX_READINGS];
	unknown(&part_maker, "no maker the knowledge base knows", maker, part);
	unknown(&dram, "no memory part number", maker, part);
	out->conflict = "";
	bool by_name = false;
	if (usable(maker)) {
		size_t n = ca_identify_text(kb, maker, date, readings, roles, NULL);
		for (size_t k = 0; k < n && !by_name; k++)
			if (roles[k] == CA_ROLE_MODULE &&
			    (strcmp(readings[k].method, "name-alias") == 0 ||
			     strcmp(readings[k].method, "jep106-name") == 0)) {
				part_maker = readings[k];
				snprintf(part_maker.field, sizeof(part_maker.field), "Manufacturer");
				by_name = true;
			}
	}
	if (usable(part)) {
		ca_part_info info;
		size_t n = ca_identify_text(kb, part, date, readings, roles, &info);
		for (size_t k = 0; k < n; k++) {
			if (strcmp(readings[k].method, "name-alias") == 0 ||
			    strcmp(readings[k].method, "jep106-name") == 0 ||
			    readings[k].confidence == CA_CONFIDENCE_NONE)
				continue; /* a part number that is a maker's name says nothing */
			snprintf(readings[k].field, sizeof(readings[k].field), "Part Number");
			if (roles[k] == CA_ROLE_DRAM && !*dram.maker_id)
				dram = readings[k];
			if (roles[k] != CA_ROLE_MODULE)
				continue;
			if (!by_name && !*part_maker.maker_id)
				part_maker = readings[k];
			else if (by_name && strcmp(readings[k].owner_id, part_maker.owner_id) != 0 &&
				 !*out->conflict) {
				char text[256];
				snprintf(text, sizeof(text),
					 "the manufacturer cell names %.60s, the part number %.60s",
					 part_maker.maker_name, readings[k].maker_name);
				out->conflict = cai_arena_strdup(&a->arena, text);
				if (!out->conflict)
					return -ENOMEM;
			}
		}
	}
	ca_component_maker *makers = cai_arena_alloc(&a->arena, 2 * sizeof(*makers));
	if (!makers)
		return -ENOMEM;
	makers[0].role = "module";
	makers[1].role = "dram";
	if (keep_answer(a, &part_maker, NULL, &makers[0].answer) < 0 ||
	    keep_answer(a, &dram, NULL, &makers[1].answer) < 0)
		return -ENOMEM;
	out->makers = makers;
	return 0;
}

/* Appends at most max bytes of s to buf at *n (size bytes in all). */
static void put(char *buf, size_t size, size_t *n, const char *s, size_t max)
{
	size_t len = strnlen(s, max);
	if (len > size - 1 - *n)
		len = size - 1 - *n;
	memcpy(buf + *n, s, len);
	*n += len;
}

static void put_number(char *buf, size_t size, size_t *n, unsigned v)
{
	char digits[16];
	size_t i = sizeof(digits) - 1;
	digits[i] = '\0';
	do {
		digits[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	put(buf, size, n, digits + i, sizeof(digits));
}

/* The label of a line ("line 7 U2: Micron MT48LC16M16A2TG-6A") or of an
 * alternate ("alternate Micron MT41K256M16TW of line 5 (line 6)"), in the
 * assessment's arena; NULL when out of memory. Cells are cut (reference
 * 40, maker 60, part 80 bytes). */
static const char *bom_label(ca_assessment *a, const ca_component *c, const char *place,
			     const char *what)
{
	char label[256];
	size_t n = 0;
	if (c->bom_alternate_of) {
		put(label, sizeof(label), &n, "alternate ", 16);
		put(label, sizeof(label), &n, c->bom_maker, 60);
		put(label, sizeof(label), &n, *c->bom_maker ? " " : "", 1);
		put(label, sizeof(label), &n, what, 80);
		put(label, sizeof(label), &n, " of ", 4);
		put(label, sizeof(label), &n, place, 16);
		put(label, sizeof(label), &n, " ", 1);
		put_number(label, sizeof(label), &n, c->bom_alternate_of);
		put(label, sizeof(label), &n, " (", 2);
		put(label, sizeof(label), &n, place, 16);
		put(label, sizeof(label), &n, " ", 1);
		put_number(label, sizeof(label), &n, c->bom_line);
		put(label, sizeof(label), &n, ")", 1);
	} else {
		put(label, sizeof(label), &n, place, 16);
		put(label, sizeof(label), &n, " ", 1);
		put_number(label, sizeof(label), &n, c->bom_line);
		put(label, sizeof(label), &n, *c->bom_reference ? " " : "", 1);
		put(label, sizeof(label), &n, c->bom_reference, 40);
		put(label, sizeof(label), &n, ": ", 2);
		put(label, sizeof(label), &n, c->bom_maker, 60);
		put(label, sizeof(label), &n, *c->bom_maker ? " " : "", 1);
		put(label, sizeof(label), &n, what, 80);
	}
	return cai_arena_strndup(&a->arena, label, n);
}

/* A line of a list: its place and texts, and its makers (bom_identify(),
 * once per distinct maker and part of the list when memo has room).
 * Descriptions are not read for makers: they name makers they replace
 * ("replaces Micron MT25Q"). */
static int bom_component(ca_assessment *a, size_t e, const ca_record *r, ca_component *c,
			 bom_memo *memo)
{
	const char *date = ca_policy_as_of(a->policy);
	c->kind = CA_COMPONENT_BOM_LINE;
	c->present = true;
	c->evidence = e;
	c->record = r;
	c->bom_line = r->line;
	c->bom_maker = c->bom_part = c->bom_description = c->bom_quantity = c->bom_reference = "";
	/* the fields the table layer writes (lib/bom/table.c), in one pass */
	for (size_t i = 0; i < r->n_fields; i++) {
		const ca_field *f = &r->fields[i];
		const char **to = strcmp(f->name, "Manufacturer") == 0  ? &c->bom_maker
				  : strcmp(f->name, "Part Number") == 0   ? &c->bom_part
				  : strcmp(f->name, "Description") == 0   ? &c->bom_description
				  : strcmp(f->name, "Quantity") == 0      ? &c->bom_quantity
				  : strcmp(f->name, "Reference") == 0     ? &c->bom_reference
				  : NULL;
		if (to)
			*to = f->value;
		else if (strcmp(f->name, "Alternate Of") == 0)
			c->bom_alternate_of = (unsigned)strtoul(f->value, NULL, 10);
	}
	const char *what = *c->bom_part ? c->bom_part : c->bom_description;
	/* a CycloneDX list has components, in document order, not lines */
	const char *place = a->evidence[e].format == CA_FORMAT_BOM_CYCLONEDX ? "component" : "line";
	c->label = bom_label(a, c, place, what);
	if (!c->label)
		return -ENOMEM;
	uint64_t h = bom_hash(c->bom_maker, c->bom_part);
	bom_identity **slot = memo->size ? bom_memo_slot(memo, c->bom_maker, c->bom_part, h) : NULL;
	const bom_identity *id = slot ? *slot : NULL;
	bom_identity fresh;
	if (!id) {
		fresh = (bom_identity){.maker = c->bom_maker, .part = c->bom_part, .hash = h};
		int rc = bom_identify(a, c->bom_maker, c->bom_part, &fresh);
		if (rc < 0)
			return rc;
		id = &fresh;
		if (slot && memo->used + 1 <= memo->size / 2) {
			bom_identity *kept = cai_arena_alloc(&a->arena, sizeof(*kept));
			if (!kept)
				return -ENOMEM;
			*kept = fresh;
			*slot = kept;
			memo->used++;
		}
	}
	c->makers = id->makers;
	c->n_makers = 2;
	c->conflict = id->conflict;
	c->identified = true;
	c->purchased = date; /* a list is a purchase on the date judged */
	c->purchase_source = "the list (a purchase on the date judged)";
	if (id->makers[0].answer.confidence == CA_CONFIDENCE_NONE)
		cai_host_diag(a->hosts[e], CA_DIAG_NOTE, "bom.unknown-maker", -1,
			      *place == 'l' ? r->line : 0, -1,
			      "%s: no recognisable maker (manufacturer '%.60s', part number '%.60s')",
			      c->label, c->bom_maker, c->bom_part);
	return 0;
}

#define BOM_MEMO_MAX 65536u /* distinct (maker, part) pairs kept per assessment */

/* Every line of every readable list of the assessment. */
static int build_bom_components(ca_assessment *a)
{
	size_t n = 0;
	for (size_t e = 0; e < a->n_evidence; e++)
		if (a->evidence[e].status == 0 && is_bom(a->evidence[e].format))
			n += ca_host_record_count(a->hosts[e]);
	a->components = calloc(n + 1, sizeof(*a->components));
	if (!a->components)
		return -ENOMEM;
	bom_memo memo = {.size = 64};
	while (memo.size < 2 * n && memo.size < 2 * BOM_MEMO_MAX)
		memo.size *= 2;
	memo.slot = calloc(memo.size, sizeof(*memo.slot));
	if (!memo.slot)
		memo.size = 0; /* no memo: every line identified on its own */
	int rc = 0;
	for (size_t e = 0; e < a->n_evidence && rc == 0; e++) {
		if (a->evidence[e].status != 0 || !is_bom(a->evidence[e].format))
			continue;
		a->evidence[e].inventoried = true;
		size_t unknown_lines = 0, first = a->n_components;
		for (size_t i = 0; i < ca_host_record_count(a->hosts[e]); i++) {
			ca_component *c = &a->components[a->n_components];
			rc = bom_component(a, e, ca_host_record(a->hosts[e], i), c, &memo);
			if (rc < 0)
				break;
			unknown_lines += c->makers[0].answer.confidence == CA_CONFIDENCE_NONE;
			a->n_components++;
		}
		if (rc == 0)
			cai_host_diag(a->hosts[e], CA_DIAG_NOTE, "bom.unknown-count", -1, 0, -1,
				      "%zu of %zu lines and alternates have no recognisable maker",
				      unknown_lines, a->n_components - first);
	}
	free(memo.slot);
	return rc;
}

static bool is_spd(ca_format f)
{
	return f == CA_FORMAT_SPD_BINARY || f == CA_FORMAT_SPD_HEX || f == CA_FORMAT_SPD_SYSFS;
}

/* SMBIOS evidence: the firmware's tables, or dmidecode's rendering of them. */
static bool is_smbios(ca_format f)
{
	return f == CA_FORMAT_SMBIOS_DUMP || f == CA_FORMAT_SMBIOS_RSMB || f == CA_FORMAT_SMBIOS_TABLE ||
	       f == CA_FORMAT_SMBIOS_SYSFS || f == CA_FORMAT_DMIDECODE_TEXT;
}

/* Same text, ignoring case, blanks around and a "0x" before hex. */
static bool same_id_text(const char *x, const char *y)
{
	if (!usable(x) || !usable(y))
		return false;
	while (*x == ' ')
		x++;
	while (*y == ' ')
		y++;
	if (strncasecmp(x, "0x", 2) == 0)
		x += 2;
	if (strncasecmp(y, "0x", 2) == 0)
		y += 2;
	size_t nx = strlen(x), ny = strlen(y);
	while (nx && x[nx - 1] == ' ')
		nx--;
	while (ny && y[ny - 1] == ' ')
		ny--;
	return nx == ny && strncasecmp(x, y, nx) == 0;
}

static bool same_type(const char *x, const char *y)
{
	return (!x && !y) || (x && y && strcmp(x, y) == 0);
}

/* Can the slot d hold a module of this type (the firmware may not say)? */
static bool fits(const ca_memory_device *d, const char *type)
{
	return !d->type || !type || strcmp(d->type, "Unknown") == 0 || strcmp(d->type, "Other") == 0 ||
	       strcmp(d->type, type) == 0;
}

/* Pairs SPD records with the installed SMBIOS devices of the same slot:
 * the same serial number, else the same part number, each only when it
 * names one device on both sides; else, type by type, when as many are
 * left on both sides, in order (slot order, bus address order). */
static int pair_spd(const ca_host *h, spd_ref *spd, size_t n_spd)
{
	size_t n = ca_host_record_count(h), n_dev = 0;
	size_t *dev = calloc(n + 1, sizeof(*dev));
	ca_memory_device *view = calloc(n + 1, sizeof(*view));
	bool *taken = calloc(n + 1, sizeof(*taken));
	if (!dev || !view || !taken) {
		free(dev);
		free(view);
		free(taken);
		return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		const ca_record *r = ca_host_record(h, i);
		if (r->type == 17 && ca_memory_device_from_record(r, &view[n_dev]) == 0 &&
		    view[n_dev].installed)
			dev[n_dev++] = i;
	}
	for (int pass = 0; pass < 2; pass++) {
		for (size_t k = 0; k < n_spd; k++) {
			if (spd[k].joined != SIZE_MAX)
				continue;
			const char *key = pass == 0 ? spd[k].view.serial_number : spd[k].view.part_number;
			size_t hit = SIZE_MAX, hits = 0, twins = 0;
			for (size_t d = 0; d < n_dev; d++) {
				const char *v = pass == 0 ? view[d].serial_number : view[d].part_number;
				if (!taken[d] && same_id_text(v, key) && hits++ == 0)
					hit = d;
			}
			for (size_t j = 0; j < n_spd; j++) {
				const char *v = pass == 0 ? spd[j].view.serial_number : spd[j].view.part_number;
				twins += spd[j].joined == SIZE_MAX && same_id_text(v, key);
			}
			if (hits == 1 && twins == 1) {
				spd[k].joined = dev[hit];
				taken[hit] = true;
			}
		}
	}
	/* in order, type by type: as many modules of a type left as slots
	 * that can hold it (same type, or the firmware does not say) */
	for (size_t k0 = 0; k0 < n_spd; k0++) {
		if (spd[k0].joined != SIZE_MAX)
			continue;
		const char *type = spd[k0].view.type;
		size_t left_dev = 0, left_spd = 0;
		for (size_t d = 0; d < n_dev; d++)
			left_dev += !taken[d] && fits(&view[d], type);
		for (size_t k = 0; k < n_spd; k++)
			left_spd += spd[k].joined == SIZE_MAX && same_type(spd[k].view.type, type);
		if (left_dev != left_spd)
			continue;
		size_t d = 0;
		for (size_t k = 0; k < n_spd; k++) {
			if (spd[k].joined != SIZE_MAX || !same_type(spd[k].view.type, type))
				continue;
			while (taken[d] || !fits(&view[d], type))
				d++;
			spd[k].joined = dev[d];
			taken[d] = true;
		}
	}
	free(dev);
	free(view);
	free(taken);
	return 0;
}

static int build_components(ca_assessment *a)
{
	const ca_host *h = a->hosts[a->inventory];
	bool smbios = is_smbios(a->evidence[a->inventory].format);
	/* every readable SPD source's memory devices */
	size_t n_spd = 0;
	for (size_t e = 0; e < a->n_evidence; e++)
		if (a->evidence[e].status == 0 && is_spd(a->evidence[e].format))
			n_spd += ca_host_record_count(a->hosts[e]);
	spd_ref *spd = n_spd ? calloc(n_spd, sizeof(*spd)) : NULL;
	if (n_spd && !spd)
		return -ENOMEM;
	n_spd = 0;
	for (size_t e = 0; e < a->n_evidence; e++) {
		if (a->evidence[e].status != 0 || !is_spd(a->evidence[e].format))
			continue;
		for (size_t i = 0; i < ca_host_record_count(a->hosts[e]); i++) {
			const ca_record *r = ca_host_record(a->hosts[e], i);
			if (ca_memory_device_from_record(r, &spd[n_spd].view) < 0)
				continue;
			spd[n_spd].record = r;
			spd[n_spd].evidence = e;
			spd[n_spd++].joined = SIZE_MAX;
		}
		a->evidence[e].inventoried = true;
	}
	if (smbios && pair_spd(h, spd, n_spd) < 0) {
		free(spd);
		return -ENOMEM;
	}
	size_t n = smbios ? ca_host_record_count(h) : 0, n_memory = 0;
	for (size_t i = 0; i < n; i++)
		n_memory += ca_host_record(h, i)->type == 17;
	a->components = calloc(n_memory + (smbios ? 0 : n_spd) + count_devices(a) + 1,
			       sizeof(*a->components));
	if (!a->components) {
		free(spd);
		return -ENOMEM;
	}
	/* memory devices in evidence order (SMBIOS, then SPD images not joined
	 * to a slot), then the system: the order rules report them */
	const ca_component *last_identified = NULL; /* whose texts a repeated module shares */
	int rc = 0;
	for (size_t i = 0; i < n + n_spd && rc >= 0; i++) {
		const spd_ref *join = NULL;
		const ca_record *r;
		size_t evidence = a->inventory;
		if (i < n) {
			r = ca_host_record(h, i);
			if (r->type != 17)
				continue;
			for (size_t k = 0; k < n_spd && !join; k++)
				if (spd[k].joined == i)
					join = &spd[k];
		} else {
			join = &spd[i - n];
			if (join->joined != SIZE_MAX)
				continue;
			if (smbios) {
				/* a module of this host, but which slot? Not counted twice */
				cai_host_diag(a->hosts[join->evidence], CA_DIAG_WARNING, "spd.not-joined", -1, 0,
					      -1,
					      "no single SMBIOS memory device of %s matches this module (by "
					      "serial, part number or slot order): it is not joined and adds "
					      "no component",
					      a->evidence[a->inventory].name);
				continue;
			}
			r = join->record;
			evidence = join->evidence;
		}
		ca_component *c = &a->components[a->n_components];
		c->evidence = evidence;
		c->record = r;
		rc = memory_component(a, r, join, c, last_identified);
		if (rc < 0)
			break;
		if (rc == 0 && c->identified)
			last_identified = c;
		if (rc == 0)
			a->n_components++;
		if (rc == 0 && join && i < n) {
			ca_host *sh = a->hosts[join->evidence];
			cai_host_diag(sh, CA_DIAG_NOTE, "spd.joined", -1, 0, -1,
				      "joined to the SMBIOS memory device %s of %s", c->label,
				      a->evidence[a->inventory].name);
			if (c->memory.size_bytes && join->view.size_bytes &&
			    c->memory.size_bytes != join->view.size_bytes) {
				char fw[32], spd_size[32];
				ca_format_size(c->memory.size_bytes, fw, sizeof(fw));
				ca_format_size(join->view.size_bytes, spd_size, sizeof(spd_size));
				cai_host_diag(sh, CA_DIAG_WARNING, "spd.size-mismatch", -1, 0, -1,
					      "the SPD describes a %s module, the firmware a %s one in %s",
					      spd_size, fw, c->label);
			}
			if (*c->conflict)
				cai_host_diag(sh, CA_DIAG_WARNING, "spd.conflict", -1, 0, -1,
					      "the SPD and the firmware disagree on who made the module in "
					      "%s: %s",
					      c->label, c->conflict);
		}
	}
	free(spd);
	if (rc < 0)
		return rc;
	rc = build_device_components(a);
	if (rc < 0)
		return rc;
	if (!smbios)
		return 0;
	const ca_record *sys = ca_host_find_record(h, 1);
	if (sys) {
		ca_component *c = &a->components[a->n_components];
		c->evidence = a->inventory;
		c->record = sys;
		rc = system_component(a, sys, c);
		if (rc < 0)
			return rc;
		a->n_components++;
	}
	return 0;
}

/* How strongly a readable source speaks for the host's SMBIOS inventory: the
 * firmware's bytes (live, dumped, RSMB, raw) over a tool's text rendering;
 * SPD images only when there is no SMBIOS (they join its devices); device
 * evidence (drives, PCI, USB) only when there is neither (its devices are
 * components whatever the inventory). */
static int inventory_rank(ca_format f)
{
	return f == CA_FORMAT_ORDER_LIST ? 4 : is_bom(f) ? 3 : is_spd(f) ? 0 : f == CA_FORMAT_DMIDECODE_TEXT ? 1 : is_smbios(f) ? 2 : -1;
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
	if (ca_component_is_device(c))
		return row->kind == CA_PURCHASE_KEY_SERIAL && same(c->device.serial, row->key);
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
	return cai_arena_strdup(&a->arena, buf);
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
		if (a->evidence[i].status != 0 || i == a->inventory || !is_smbios(a->evidence[i].format))
			continue;
		/* one SMBIOS source is the inventory */
		cai_host_diag(a->hosts[i], CA_DIAG_NOTE, "assess.second-smbios", -1, 0, -1,
			  "another SMBIOS source of this host (%s) is its inventory; this one was read "
			  "and checked but adds no components",
			  a->evidence[a->inventory].name);
	}
	if (a->inventory == SIZE_MAX)
		return 0;
	if (a->evidence[a->inventory].format == CA_FORMAT_ORDER_LIST)
		return cai_export_findings(a, &a->arena, ca_assessment_label(a), &a->findings);
	int rc = is_bom(a->evidence[a->inventory].format) ? build_bom_components(a)
							  : build_components(a);
	if (rc == 0 && !is_bom(a->evidence[a->inventory].format))
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
	return cai_assessment_finish_or_free(a, rc, ret);
}

int cai_assessment_finish_or_free(ca_assessment *a, int rc, ca_assessment **ret)
{
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
size_t ca_assessment_ordinal(const ca_assessment *a) { return a->ordinal; }
void ca_assessment_set_ordinal(ca_assessment *a, size_t ordinal) { a->ordinal = ordinal; }
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

bool ca_scope_kind_inspected(const ca_scope *s, const char *id)
{
	if (s->orders)
		return true; /* an order list: no hardware to have missed */
	if (strcmp(id, "storage") == 0)
		return s->storage;
	if (strcmp(id, "pci-usb-devices") == 0)
		return s->devices;
	return false;
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
		if (ca_component_is_device(c)) {
			const ca_maker *who = c->n_makers ? &c->makers[0].answer : NULL;
			bool known = who && who->confidence != CA_CONFIDENCE_NONE;
			if (c->kind <= CA_COMPONENT_EMMC) {
				s.storage = true;
				s.drives++;
				s.drives_attributed += known;
			} else {
				s.devices = true;
				s.other_devices++;
				s.other_attributed += known;
			}
			continue;
		}
		if (c->kind == CA_COMPONENT_ORDER_LINE) {
			s.orders = true;
			s.order_lines++;
			continue;
		}
		if (c->kind == CA_COMPONENT_BOM_LINE) {
			s.bom = true;
			s.bom_lines++;
			s.bom_attributed += c->n_makers &&
					    c->makers[0].answer.confidence != CA_CONFIDENCE_NONE;
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
