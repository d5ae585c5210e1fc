/* SPDX-License-Identifier: MIT */
#include "host_internal.h"
#include "util/grow.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

ca_host *ca_host_new(void)
{
	ca_host *h = calloc(1, sizeof(*h));
	if (!h)
		return NULL;
	cai_arena_init(&h->arena);
	h->source = "";
	return h;
}

void ca_host_free(ca_host *h)
{
	if (!h)
		return;
	cai_arena_release(&h->arena);
	free(h->records);
	free(h->devices);
	free(h->diags);
	free(h->staged);
	free(h->staged_items);
	free(h);
}

int ca_host_set_source(ca_host *h, const char *source)
{
	const char *copy = cai_arena_strdup(&h->arena, source ? source : "");
	if (!copy)
		return -ENOMEM;
	h->source = copy;
	return 0;
}

const char *ca_host_source(const ca_host *h) { return h->source; }
ca_format ca_host_format(const ca_host *h) { return h->format; }
const char *ca_host_smbios_version(const ca_host *h) { return h->smbios_version; }
const char *ca_host_tool_version(const ca_host *h) { return h->tool_version; }
size_t ca_host_record_count(const ca_host *h) { return h->n_records; }
size_t ca_host_diagnostic_count(const ca_host *h) { return h->n_diags; }
size_t ca_host_diagnostics_dropped(const ca_host *h) { return h->diags_dropped; }

const ca_record *ca_host_record(const ca_host *h, size_t i)
{
	return i < h->n_records ? &h->records[i] : NULL;
}

const ca_diagnostic *ca_host_diagnostic(const ca_host *h, size_t i)
{
	return i < h->n_diags ? &h->diags[i] : NULL;
}

const ca_diagnostic *ca_host_last_error(const ca_host *h)
{
	for (size_t i = h->n_diags; i-- > 0;)
		if (h->diags[i].level == CA_DIAG_ERROR)
			return &h->diags[i];
	return NULL;
}

const ca_record *ca_host_find_record(const ca_host *h, uint8_t type)
{
	for (size_t i = 0; i < h->n_records; i++)
		if (h->records[i].type == type)
			return &h->records[i];
	return NULL;
}

const ca_field *ca_record_field(const ca_record *r, const char *name)
{
	for (size_t i = 0; i < r->n_fields; i++)
		if (strcmp(r->fields[i].name, name) == 0)
			return &r->fields[i];
	return NULL;
}

const char *ca_record_value(const ca_record *r, const char *name)
{
	const ca_field *f = ca_record_field(r, name);
	return f ? f->value : NULL;
}

const char *ca_format_name(ca_format format)
{
	switch (format) {
	case CA_FORMAT_SMBIOS_DUMP: return "smbios-dump";
	case CA_FORMAT_SMBIOS_RSMB: return "smbios-rsmb";
	case CA_FORMAT_SMBIOS_TABLE: return "smbios-table";
	case CA_FORMAT_SMBIOS_SYSFS: return "smbios-sysfs";
	case CA_FORMAT_DMIDECODE_TEXT: return "dmidecode-text";
	case CA_FORMAT_SPD_BINARY: return "spd-binary";
	case CA_FORMAT_SPD_HEX: return "spd-hex";
	case CA_FORMAT_SPD_SYSFS: return "spd-sysfs";
	case CA_FORMAT_BOM_CSV: return "bom-csv";
	case CA_FORMAT_BOM_XLSX: return "bom-xlsx";
	case CA_FORMAT_BOM_CYCLONEDX: return "bom-cyclonedx";
	case CA_FORMAT_ORDER_LIST: return "order-list";
	case CA_FORMAT_COLLECT_ARCHIVE: return "collect-archive";
	case CA_FORMAT_NVME_SYSFS: return "nvme-sysfs";
	case CA_FORMAT_BLOCK_SYSFS: return "block-sysfs";
	case CA_FORMAT_MMC_SYSFS: return "mmc-sysfs";
	case CA_FORMAT_PCI_SYSFS: return "pci-sysfs";
	case CA_FORMAT_USB_SYSFS: return "usb-sysfs";
	case CA_FORMAT_LSPCI_TEXT: return "lspci-text";
	case CA_FORMAT_LSPCI_MACHINE: return "lspci-machine";
	case CA_FORMAT_LSUSB_TEXT: return "lsusb-text";
	case CA_FORMAT_NVME_LIST_JSON: return "nvme-list-json";
	case CA_FORMAT_LSHW_JSON: return "lshw-json";
	case CA_FORMAT_SMARTCTL_TEXT: return "smartctl-text";
	case CA_FORMAT_SMARTCTL_JSON: return "smartctl-json";
	case CA_FORMAT_UNKNOWN: break;
	}
	return "unknown";
}

const char *ca_diag_level_name(ca_diag_level level)
{
	switch (level) {
	case CA_DIAG_ERROR: return "error";
	case CA_DIAG_WARNING: return "warning";
	case CA_DIAG_NOTE: return "note";
	}
	return "error";
}

const char *cai_host_strndup(ca_host *h, const char *s, size_t len)
{
	return cai_arena_strndup(&h->arena, s, len);
}

int cai_host_record_begin(ca_host *h, uint8_t type, uint16_t handle, uint16_t length,
		      int64_t offset, uint32_t line, const char *title)
{
	cai_host_record_abort(h);
	if (h->n_records >= CA_MAX_RECORDS)
		return -E2BIG;
	const char *t = cai_arena_strdup(&h->arena, title ? title : "");
	if (!t)
		return -ENOMEM;
	h->pending = (ca_record){
		.type = type, .handle = handle, .length = length,
		.offset = offset, .line = line, .title = t,
	};
	h->building = true;
	return 0;
}

static int stage_field(ca_host *h, const char *name, const char *value)
{
	if (!h->building)
		return -EINVAL;
	if (h->n_staged >= CA_MAX_FIELDS_PER_RECORD)
		return -E2BIG;
	int r = cai_grow((void **)&h->staged, &h->cap_staged, h->n_staged + 1, sizeof(*h->staged));
	if (r < 0)
		return r;
	h->staged[h->n_staged++] = (staged_field){
		.name = name, .value = value, .first_item = h->n_staged_items, .n_items = 0,
	};
	return 0;
}

int cai_host_field_addn(ca_host *h, const char *name, size_t name_len, const char *value,
		    size_t value_len)
{
	const char *n = cai_arena_strndup(&h->arena, name, name_len);
	const char *v = cai_arena_strndup(&h->arena, value, value_len);
	if (!n || !v)
		return -ENOMEM;
	return stage_field(h, n, v);
}

int cai_host_field_adds(ca_host *h, const char *static_name, const char *value, size_t value_len)
{
	const char *v = cai_arena_strndup(&h->arena, value, value_len);
	if (!v)
		return -ENOMEM;
	return stage_field(h, static_name, v);
}

/* vsnprintf into buf; returns the length kept (output past size-1 is cut). */
static size_t format_clamped(char *buf, size_t size, const char *fmt, va_list ap)
{
	int n = vsnprintf(buf, size, fmt, ap);
	if (n < 0) {
		buf[0] = '\0';
		return 0;
	}
	return (size_t)n < size ? (size_t)n : size - 1;
}

int cai_host_field_addf(ca_host *h, const char *static_name, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	size_t len = format_clamped(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	const char *v = cai_arena_strndup(&h->arena, buf, len);
	if (!v)
		return -ENOMEM;
	return stage_field(h, static_name, v);
}

int cai_host_item_addn(ca_host *h, const char *item, size_t len)
{
	if (!h->building || h->n_staged == 0)
		return -EINVAL;
	if (h->n_staged_items >= CA_MAX_FIELDS_PER_RECORD * 4)
		return -E2BIG;
	const char *copy = cai_arena_strndup(&h->arena, item, len);
	if (!copy)
		return -ENOMEM;
	int r = cai_grow((void **)&h->staged_items, &h->cap_staged_items, h->n_staged_items + 1,
		     sizeof(*h->staged_items));
	if (r < 0)
		return r;
	h->staged_items[h->n_staged_items++] = copy;
	h->staged[h->n_staged - 1].n_items++;
	return 0;
}

int cai_host_record_end(ca_host *h)
{
	if (!h->building)
		return -EINVAL;
	int r = cai_grow((void **)&h->records, &h->cap_records, h->n_records + 1, sizeof(*h->records));
	if (r < 0) {
		cai_host_record_abort(h);
		return r;
	}
	ca_field *fields = NULL;
	if (h->n_staged) {
		fields = cai_arena_alloc(&h->arena, h->n_staged * sizeof(*fields));
		const char **items = NULL;
		if (h->n_staged_items)
			items = cai_arena_alloc(&h->arena, h->n_staged_items * sizeof(*items));
		if (!fields || (h->n_staged_items && !items)) {
			cai_host_record_abort(h);
			return -ENOMEM;
		}
		if (h->n_staged_items)
			memcpy(items, h->staged_items, h->n_staged_items * sizeof(*items));
		for (size_t i = 0; i < h->n_staged; i++) {
			const staged_field *s = &h->staged[i];
			fields[i] = (ca_field){
				.name = s->name, .value = s->value,
				.items = s->n_items ? items + s->first_item : NULL,
				.n_items = s->n_items,
			};
		}
	}
	h->pending.fields = fields;
	h->pending.n_fields = h->n_staged;
	h->records[h->n_records++] = h->pending;
	cai_host_record_abort(h);
	return 0;
}

void cai_host_record_abort(ca_host *h)
{
	h->building = false;
	h->n_staged = 0;
	h->n_staged_items = 0;
}

/* The slot a diagnostic goes to, or NULL to drop it. Past the cap an error
 * still gets a slot: it replaces the last note or warning kept (that one is
 * counted as dropped), else the last error, so the error that says why the
 * evidence failed is always kept. */
static ca_diagnostic *diag_slot(ca_host *h, ca_diag_level level)
{
	if (h->n_diags < CA_MAX_DIAGNOSTICS &&
	    cai_grow((void **)&h->diags, &h->cap_diags, h->n_diags + 1, sizeof(*h->diags)) == 0)
		return &h->diags[h->n_diags++];
	if (level != CA_DIAG_ERROR || h->n_diags == 0)
		return NULL;
	h->diags_dropped++;
	for (size_t i = h->n_diags; i-- > 0;)
		if (h->diags[i].level != CA_DIAG_ERROR)
			return &h->diags[i];
	return &h->diags[h->n_diags - 1];
}

void cai_host_diag(ca_host *h, ca_diag_level level, const char *code, int64_t offset,
	       uint32_t line, int32_t handle, const char *fmt, ...)
{
	ca_diagnostic *slot = diag_slot(h, level);
	if (!slot) {
		h->diags_dropped++;
		return;
	}
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	size_t len = format_clamped(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	/* a replaced slot's old message stays in the arena: bounded by the cap
	 * on errors, which only errors past the cap can reuse */
	const char *msg = cai_arena_strndup(&h->arena, buf, len);
	if (!msg) {
		if (slot == &h->diags[h->n_diags - 1] && h->n_diags)
			h->n_diags--; /* drop the slot just taken */
		h->diags_dropped++;
		return;
	}
	*slot = (ca_diagnostic){
		.level = level, .code = code, .message = msg,
		.offset = offset, .line = line, .handle = handle,
	};
}

void ca_host_add_diagnostic(ca_host *h, ca_diag_level level, const char *code, int64_t offset,
			    const char *message)
{
	const char *c = cai_arena_strdup(&h->arena, code ? code : "external");
	if (!c) {
		h->diags_dropped++;
		return;
	}
	cai_host_diag(h, level, c, offset, 0, -1, "%s", message ? message : "");
}

/* ------------------------------------------------------------ devices */

const char *ca_device_kind_name(ca_device_kind kind)
{
	switch (kind) {
	case CA_DEVICE_NVME: return "nvme";
	case CA_DEVICE_SATA: return "sata";
	case CA_DEVICE_SAS: return "sas";
	case CA_DEVICE_EMMC: return "emmc";
	case CA_DEVICE_PCI: return "pci";
	case CA_DEVICE_USB: return "usb";
	case CA_DEVICE_GPU: return "gpu";
	}
	return "unknown";
}

size_t ca_host_device_count(const ca_host *h) { return h->n_devices; }

const ca_device *ca_host_device(const ca_host *h, size_t i)
{
	return i < h->n_devices ? &h->devices[i] : NULL;
}

/* A trimmed copy of s in the host's arena; NULL stays NULL and so does a
 * string of blanks. Returns false when out of memory. */
static bool keep_device_text(ca_host *h, const char **slot)
{
	const char *s = *slot;
	if (!s)
		return true;
	size_t n = strnlen(s, CA_MAX_VALUE_BYTES);
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	if (!n) {
		*slot = NULL;
		return true;
	}
	*slot = cai_host_strndup(h, s, n);
	return *slot != NULL;
}

int cai_host_add_device(ca_host *h, const ca_device *d)
{
	if (d->kind < CA_DEVICE_NVME || d->kind > CA_DEVICE_GPU)
		return -EINVAL;
	if (h->n_devices >= CA_MAX_RECORDS)
		return -E2BIG;
	int r = cai_grow((void **)&h->devices, &h->cap_devices, h->n_devices + 1, sizeof(*h->devices));
	if (r < 0)
		return r;
	ca_device c = *d;
	const char **texts[] = {&c.model, &c.vendor, &c.family, &c.serial, &c.firmware, &c.bus_path, &c.wwn,
				&c.eui64, &c.emmc_name, &c.emmc_date, &c.vram_vendor, &c.rotation,
				&c.form_factor, &c.transport};
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		if (!keep_device_text(h, texts[i]))
			return -ENOMEM;
	h->devices[h->n_devices++] = c;
	return 0;
}
