/* SPDX-License-Identifier: MIT */
/*
 * Re-evaluation (docs/fleet.md, "Re-evaluation"): the latest scan of each
 * host rebuilt from the rows the store kept into the assessment `audit`
 * makes of the same evidence, then finished under another policy (profile,
 * date, waivers, purchase list) as any assessment is. The rows give back
 * what the evidence said, typed: each evidence source (name, format, read
 * or not), the SMBIOS memory devices and the system as records of the
 * inventory source, the devices beyond memory as devices of their source.
 * The assessment then resolves makers and evaluates rules itself, so the
 * answers are audit's, with the policy's knowledge base and date.
 */
#include "store_internal.h"

#include "../assess_internal.h"
#include "../host_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The columns of CAI_SQL_PAGE_COMPONENTS (CAI_COMPONENT_COLUMNS) by name. */
enum {
	C_ID, C_SCAN, C_KIND, C_HANDLE, C_LOCATOR, C_MANUFACTURER, C_PART, C_SERIAL, C_SIZE, C_TYPE,
	C_MADE, C_LABEL, C_INSTALLED, C_EVIDENCE, C_BANK_LOCATOR, C_FORM_FACTOR, C_TYPE_DETAIL, C_SPEED,
	C_CSPEED, C_ASSET_TAG, C_RANK, C_JEDEC, C_SPD_SOURCE = C_JEDEC + CAI_JEDEC_IDS, C_SPD_CRC,
	C_UUID, C_FAMILY, C_FIRMWARE, C_WWN, C_EUI64, C_IDS, C_EMMC_NAME = C_IDS + CAI_DEVICE_IDS,
	C_EMMC_DATE, C_VRAM_VENDOR, C_ROTATION, C_TRANSPORT, C_COUNT
};
_Static_assert(C_COUNT == CAI_COMPONENT_PARAMS, "one name per component column");

/* The evidence page's columns (CAI_SQL_PAGE_EVIDENCE). */
enum { E_SCAN, E_NAME, E_FORMAT, E_READ, E_COUNT };

/* The SMBIOS field names of the JEDEC ids, in cai_jedec_keys order. */
static const char *const jedec_fields[CAI_JEDEC_IDS] = {
	"Module Manufacturer ID", "Memory Subsystem Controller Manufacturer ID",
	"PMIC0 Manufacturer ID", "RCD Manufacturer ID", "DRAM Manufacturer ID"};

/* The ca_device id bit of each of cai_device_id_keys. */
static const unsigned id_bits[CAI_DEVICE_IDS] = {
	CA_DEVICE_HAS_PCI_VENDOR, CA_DEVICE_HAS_PCI_DEVICE, CA_DEVICE_HAS_PCI_SUBVENDOR,
	CA_DEVICE_HAS_PCI_SUBDEVICE, CA_DEVICE_HAS_PCI_CLASS, CA_DEVICE_HAS_OUI,
	CA_DEVICE_HAS_USB_VENDOR, CA_DEVICE_HAS_USB_PRODUCT, CA_DEVICE_HAS_EMMC_MANFID,
	CA_DEVICE_HAS_EMMC_OEMID};

static ca_format format_named(const char *name)
{
	for (int f = 1; name && f <= CA_FORMAT_SMARTCTL_JSON; f++)
		if (strcmp(ca_format_name((ca_format)f), name) == 0)
			return (ca_format)f;
	return CA_FORMAT_UNKNOWN;
}

static bool is_device_kind(const char *kind, ca_device_kind *ret)
{
	for (int k = CA_DEVICE_NVME; k <= CA_DEVICE_GPU; k++)
		if (strcmp(ca_device_kind_name((ca_device_kind)k), kind) == 0) {
			*ret = (ca_device_kind)k;
			return true;
		}
	return false;
}

/* A field of the pending record from a cell, when it holds text. */
static int field(ca_host *h, const char *name, const char *text)
{
	return text ? cai_host_field_adds(h, name, text, strlen(text)) : 0;
}

static int field_number(ca_host *h, const char *name, const char *cell, const char *unit)
{
	return cell ? cai_host_field_addf(h, name, "%s%s", cell, unit) : 0;
}

/* A memory device (SMBIOS type 17) as its typed fields say, in the words
 * ca_memory_device_from_record() reads. */
static int memory_record(ca_host *h, char *const *c)
{
	long long handle = c[C_HANDLE] ? strtoll(c[C_HANDLE], NULL, 10) : 0;
	int rc = cai_host_record_begin(h, 17, (uint16_t)handle, 0, -1, 0, "Memory Device");
	if (rc < 0)
		return rc;
	bool installed = !c[C_INSTALLED] || strcmp(c[C_INSTALLED], "0") != 0;
	unsigned long long size = c[C_SIZE] ? strtoull(c[C_SIZE], NULL, 10) : 0;
	char text[64];
	if (!installed)
		snprintf(text, sizeof(text), "No Module Installed");
	else if (size)
		ca_format_size(size, text, sizeof(text));
	else
		snprintf(text, sizeof(text), "Unknown");
	static const struct {
		const char *name;
		int col;
	} texts[] = {{"Locator", C_LOCATOR},	     {"Bank Locator", C_BANK_LOCATOR},
		     {"Form Factor", C_FORM_FACTOR}, {"Type", C_TYPE},
		     {"Type Detail", C_TYPE_DETAIL}, {"Manufacturer", C_MANUFACTURER},
		     {"Serial Number", C_SERIAL},    {"Asset Tag", C_ASSET_TAG},
		     {"Part Number", C_PART}};
	rc = cai_host_field_adds(h, "Size", text, strlen(text));
	for (size_t i = 0; rc == 0 && i < sizeof(texts) / sizeof(texts[0]); i++)
		rc = field(h, texts[i].name, c[texts[i].col]);
	if (rc == 0 && c[C_SPEED] && strcmp(c[C_SPEED], "0") != 0)
		rc = field_number(h, "Speed", c[C_SPEED], " MT/s");
	if (rc == 0 && c[C_CSPEED] && strcmp(c[C_CSPEED], "0") != 0)
		rc = field_number(h, "Configured Memory Speed", c[C_CSPEED], " MT/s");
	if (rc == 0 && c[C_RANK] && strcmp(c[C_RANK], "0") != 0)
		rc = field(h, "Rank", c[C_RANK]);
	for (int k = 0; rc == 0 && k < CAI_JEDEC_IDS; k++)
		rc = field(h, jedec_fields[k], c[C_JEDEC + k]);
	/* what only an SPD says: the die maker, the date, the checksum */
	if (rc == 0 && (c[C_SPD_CRC] || c[C_MADE] || c[C_JEDEC + CAI_JEDEC_IDS - 1])) {
		rc = field(h, "SPD Layout", "kept by the fleet store");
		if (rc == 0)
			rc = field(h, "Manufacturing Date", c[C_MADE]);
		if (rc == 0 && c[C_SPD_CRC]) {
			rc = field(h, "SPD CRC", c[C_SPD_CRC]);
			const char *item = strcmp(c[C_SPD_CRC], "bad") == 0 ? "SPD: bad" : "SPD: ok";
			if (rc == 0)
				rc = cai_host_item_addn(h, item, strlen(item));
		}
	}
	if (rc < 0) {
		cai_host_record_abort(h);
		return rc;
	}
	return cai_host_record_end(h);
}

static int system_record(ca_host *h, char *const *c)
{
	int rc = cai_host_record_begin(h, 1, 0, 0, -1, 0, "System Information");
	if (rc == 0)
		rc = field(h, "Manufacturer", c[C_MANUFACTURER]);
	if (rc == 0)
		rc = field(h, "Product Name", c[C_PART]);
	if (rc == 0)
		rc = field(h, "Serial Number", c[C_SERIAL]);
	if (rc == 0)
		rc = field(h, "UUID", c[C_UUID]);
	if (rc < 0) {
		cai_host_record_abort(h);
		return rc;
	}
	return cai_host_record_end(h);
}

static int device_add(ca_host *h, ca_device_kind kind, char *const *c)
{
	ca_device d = {.kind = kind,
		       .model = c[C_PART],
		       .vendor = c[C_MANUFACTURER],
		       .family = c[C_FAMILY],
		       .serial = c[C_SERIAL],
		       .firmware = c[C_FIRMWARE],
		       .bus_path = c[C_LOCATOR],
		       .wwn = c[C_WWN],
		       .eui64 = c[C_EUI64],
		       .emmc_name = c[C_EMMC_NAME],
		       .emmc_date = c[C_EMMC_DATE],
		       .vram_vendor = c[C_VRAM_VENDOR],
		       .capacity_bytes = c[C_SIZE] ? strtoull(c[C_SIZE], NULL, 10) : 0,
		       .rotation = c[C_ROTATION],
		       .form_factor = c[C_FORM_FACTOR],
		       .transport = c[C_TRANSPORT],
		       .offset = -1};
	unsigned long long v[CAI_DEVICE_IDS] = {0};
	for (int k = 0; k < CAI_DEVICE_IDS; k++)
		if (c[C_IDS + k]) {
			v[k] = strtoull(c[C_IDS + k], NULL, 10);
			d.ids |= id_bits[k];
		}
	d.pci_vendor = (uint16_t)v[0];
	d.pci_device = (uint16_t)v[1];
	d.pci_subsystem_vendor = (uint16_t)v[2];
	d.pci_subsystem_device = (uint16_t)v[3];
	d.pci_class = (uint32_t)v[4];
	d.oui = (uint32_t)v[5];
	d.usb_vendor = (uint16_t)v[6];
	d.usb_product = (uint16_t)v[7];
	d.emmc_manfid = (uint8_t)v[8];
	d.emmc_oemid = (uint16_t)v[9];
	return cai_host_add_device(h, &d);
}

/* One host's rows: its evidence rows ev[0..n_ev) and component rows
 * comp[0..n_comp) (cells of CAI_SQL_PAGE_EVIDENCE and _COMPONENTS). */
typedef struct host_rows {
	const char *name, *format;
	char **ev;
	size_t n_ev;
	char **comp;
	size_t n_comp;
} host_rows;

/* The evidence source (host) named name, else the inventory's. */
static ca_host *source_of(ca_host **hosts, size_t n, size_t inventory, const char *name)
{
	for (size_t i = 0; name && i < n; i++)
		if (strcmp(ca_host_source(hosts[i]), name) == 0)
			return hosts[i];
	return hosts[inventory];
}

static int rebuild_host(const host_rows *r, const ca_policy *policy, ca_assessment **ret)
{
	ca_assessment *a;
	int rc = ca_assessment_new(policy, r->name, &a);
	if (rc < 0)
		return rc;
	size_t n = r->n_ev ? r->n_ev : 1, inventory = SIZE_MAX;
	ca_host **hosts = calloc(n, sizeof(*hosts));
	int *status = calloc(n, sizeof(*status));
	rc = hosts && status ? 0 : -ENOMEM;
	ca_format scan_format = format_named(r->format);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		char *const *e = r->n_ev ? r->ev + i * E_COUNT : NULL;
		/* a scan stored before schema 4 lists no evidence: one source of the
		 * report's format, named as the host */
		const char *name = e ? (e[E_NAME] ? e[E_NAME] : "") : r->name;
		if (!(hosts[i] = ca_host_new()) || ca_host_set_source(hosts[i], name) < 0) {
			rc = -ENOMEM;
			break;
		}
		hosts[i]->format = e ? format_named(e[E_FORMAT]) : scan_format;
		status[i] = !e || (e[E_READ] && strcmp(e[E_READ], "0") != 0) ? 0 : -EIO;
		if (inventory == SIZE_MAX && status[i] == 0 && hosts[i]->format == scan_format)
			inventory = i;
	}
	if (inventory == SIZE_MAX)
		inventory = 0;
	bool spd = scan_format == CA_FORMAT_SPD_BINARY || scan_format == CA_FORMAT_SPD_HEX ||
		   scan_format == CA_FORMAT_SPD_SYSFS;
	for (size_t i = 0; rc == 0 && i < r->n_comp; i++) {
		char *const *c = r->comp + i * C_COUNT;
		const char *kind = c[C_KIND] ? c[C_KIND] : "";
		ca_device_kind dk;
		if (strcmp(kind, "memory") == 0)
			rc = memory_record(spd ? source_of(hosts, n, inventory, c[C_SPD_SOURCE])
					       : hosts[inventory],
					   c);
		else if (strcmp(kind, "system") == 0)
			rc = system_record(hosts[inventory], c);
		else if (is_device_kind(kind, &dk))
			rc = device_add(source_of(hosts, n, inventory, c[C_EVIDENCE]), dk, c);
	}
	for (size_t i = 0; i < n && hosts; i++) {
		if (rc == 0 && hosts[i])
			rc = cai_assessment_add_host(a, hosts[i], status[i]);
		else
			ca_host_free(hosts[i]);
	}
	free(hosts);
	free(status);
	return cai_assessment_finish_or_free(a, rc, ret);
}

/* Hosts rebuilt per page: their rows are read in three queries. */
#define PAGE_HOSTS 256

int ca_store_each_assessment(ca_store *s, const ca_policy *policy, const char *host,
			     ca_store_assessment_fn fn, void *ctx, size_t *ret_partial)
{
	long long after = 0;
	int rc = 0;
	if (ret_partial)
		*ret_partial = 0;
	for (;;) {
		ca_store_table *scans = NULL, *comp = NULL, *ev = NULL;
		cai_param p[] = {NUM(after), TEXT(host)};
		rc = s->be->run(s, CAI_SQL_PAGE_SCANS, cai_store_sql(CAI_SQL_PAGE_SCANS), p, 2, &scans);
		if (rc < 0 || scans->n_rows == 0) {
			ca_store_table_free(scans);
			break;
		}
		/* columns: id, name, format, typed */
		long long lo = strtoll(scans->cells[0], NULL, 10);
		long long hi = strtoll(scans->cells[(scans->n_rows - 1) * 4], NULL, 10);
		cai_param range[] = {NUM(lo), NUM(hi)};
		if ((rc = s->be->run(s, CAI_SQL_PAGE_COMPONENTS, cai_store_sql(CAI_SQL_PAGE_COMPONENTS),
				     range, 2, &comp)) == 0)
			rc = s->be->run(s, CAI_SQL_PAGE_EVIDENCE, cai_store_sql(CAI_SQL_PAGE_EVIDENCE),
					range, 2, &ev);
		if (rc == 0 && (comp->n_cols != C_COUNT || ev->n_cols != E_COUNT))
			rc = -EIO;
		size_t ci = 0, ei = 0;
		for (size_t k = 0; rc == 0 && k < scans->n_rows; k++) {
			char **row = scans->cells + k * 4;
			long long id = strtoll(row[0], NULL, 10);
			/* rows of scans in the range that are not latest are passed over */
			while (ci < comp->n_rows && strtoll(comp->cells[ci * C_COUNT + C_SCAN], NULL, 10) < id)
				ci++;
			while (ei < ev->n_rows && strtoll(ev->cells[ei * E_COUNT + E_SCAN], NULL, 10) < id)
				ei++;
			host_rows r = {.name = row[1], .format = row[2], .comp = comp->cells + ci * C_COUNT,
				       .ev = ev->cells + ei * E_COUNT};
			for (size_t j = ci; j < comp->n_rows &&
					    strtoll(comp->cells[j * C_COUNT + C_SCAN], NULL, 10) == id;
			     j++)
				r.n_comp++;
			for (size_t j = ei; j < ev->n_rows && strtoll(ev->cells[j * E_COUNT + E_SCAN], NULL, 10) == id;
			     j++)
				r.n_ev++;
			if (ret_partial && !row[3])
				(*ret_partial)++;
			ca_assessment *a;
			if ((rc = rebuild_host(&r, policy, &a)) < 0)
				break;
			rc = fn(ctx, row[1], id, a);
			ca_assessment_free(a);
			after = id;
		}
		ca_store_table_free(scans);
		ca_store_table_free(comp);
		ca_store_table_free(ev);
		if (rc != 0)
			break;
	}
	return rc;
}
