/* SPDX-License-Identifier: MIT */
/*
 * `lspci -vmm -nn` (and -vmmnn with -D, -k): one block per device, fields
 * "Name:<TAB>value" with ids in brackets ("Vendor:\tIntel Corporation
 * [8086]"), blocks separated by blank lines. A block without a Slot or a
 * vendor id is said by line and skipped.
 */
#include "source/sources.h"
#include "source/tool_text.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

bool cai_lspci_machine_sniff(const uint8_t *buf, size_t len)
{
	return cai_starts_with_line(buf, len, "Slot:\t");
}

typedef struct block {
	char slot[64], vendor[256], device[256], svendor[256], sdevice[256], rev[16], progif[16];
	unsigned klass, vid, did, svid, sdid;
	bool has_class, has_vid, has_did, has_svid, has_sdid;
	uint32_t line;
} block;

/* The device kind of a class code (NVMe, display, else PCI). */
static ca_device_kind kind_of(unsigned class16)
{
	return class16 == 0x0108 ? CA_DEVICE_NVME : (class16 >> 8) == 0x03 ? CA_DEVICE_GPU : CA_DEVICE_PCI;
}

static int flush(ca_host *h, block *b, size_t *n)
{
	if (!b->line)
		return 0;
	int rc = 0;
	if (!b->slot[0] || !b->has_vid) {
		cai_host_diag(h, CA_DIAG_WARNING, "lspci.incomplete-device", -1, b->line, -1,
			      "a device without %s: skipped", !b->slot[0] ? "a Slot" : "a vendor id");
	} else {
		ca_device d = {.kind = b->has_class ? kind_of(b->klass) : CA_DEVICE_PCI, .offset = -1,
			       .line = b->line, .bus_path = b->slot};
		d.pci_vendor = (uint16_t)b->vid;
		d.ids = CA_DEVICE_HAS_PCI_VENDOR;
		d.vendor = b->vendor;
		d.model = b->device;
		if (b->has_did)
			d.pci_device = (uint16_t)b->did, d.ids |= CA_DEVICE_HAS_PCI_DEVICE;
		if (b->has_svid)
			d.pci_subsystem_vendor = (uint16_t)b->svid, d.ids |= CA_DEVICE_HAS_PCI_SUBVENDOR;
		if (b->has_sdid)
			d.pci_subsystem_device = (uint16_t)b->sdid, d.ids |= CA_DEVICE_HAS_PCI_SUBDEVICE;
		unsigned pi = 0;
		if (b->has_class) {
			d.pci_class = b->klass << 8 | (cai_hexn(b->progif, 2, &pi) ? pi : 0);
			d.ids |= CA_DEVICE_HAS_PCI_CLASS;
		}
		rc = cai_host_add_device(h, &d);
		(*n)++;
	}
	*b = (block){0};
	return rc;
}

int cai_lspci_machine_read(ca_host *h, const uint8_t *buf, size_t len)
{
	h->format = CA_FORMAT_LSPCI_MACHINE;
	cai_lines l = {.buf = buf, .len = len};
	block b = {0};
	size_t n = 0;
	int rc = 0;
	while (rc != -ENOMEM && cai_lines_next(&l)) {
		char *s = l.out;
		if (!*s) {
			rc = flush(h, &b, &n);
			continue;
		}
		char *tab = strchr(s, '\t');
		if (!tab || tab == s || tab[-1] != ':') {
			cai_host_diag(h, CA_DIAG_WARNING, "lspci.unrecognized-line", -1, l.line, -1,
				      "not a \"Name:<TAB>value\" line of lspci -vmm: skipped");
			continue;
		}
		tab[-1] = '\0';
		char *v = tab + 1;
		if (!b.line)
			b.line = l.line;
		unsigned id;
		if (strcmp(s, "Slot") == 0) /* without -D the domain (0000) is left out */
			snprintf(b.slot, sizeof(b.slot), "%s%.40s", strlen(v) == 7 ? "0000:" : "", v);
		else if (strcmp(s, "Class") == 0)
			b.has_class = cai_bracket_id(v, 4, &b.klass, true);
		else if (strcmp(s, "Vendor") == 0 && (b.has_vid = cai_bracket_id(v, 4, &id, true)))
			b.vid = id, snprintf(b.vendor, sizeof(b.vendor), "%s", v);
		else if (strcmp(s, "Device") == 0 && (b.has_did = cai_bracket_id(v, 4, &id, true)))
			b.did = id, snprintf(b.device, sizeof(b.device), "%s", v);
		else if (strcmp(s, "SVendor") == 0 && (b.has_svid = cai_bracket_id(v, 4, &id, true)))
			b.svid = id, snprintf(b.svendor, sizeof(b.svendor), "%s", v);
		else if (strcmp(s, "SDevice") == 0 && (b.has_sdid = cai_bracket_id(v, 4, &id, true)))
			b.sdid = id, snprintf(b.sdevice, sizeof(b.sdevice), "%s", v);
		else if (strcmp(s, "Rev") == 0)
			snprintf(b.rev, sizeof(b.rev), "%s", v);
		else if (strcmp(s, "ProgIf") == 0)
			snprintf(b.progif, sizeof(b.progif), "%s", v);
		else if ((strcmp(s, "Vendor") == 0 || strcmp(s, "Device") == 0) && !strchr(v, '['))
			cai_host_diag(h, CA_DIAG_NOTE, "lspci.no-ids", -1, l.line, -1,
				      "%s without a numeric id (lspci -vmm without -nn): not used", s);
	}
	if (rc != -ENOMEM)
		rc = flush(h, &b, &n);
	return cai_source_devices_done(h, rc, n, "lspci.no-devices",
				       "no device with a vendor id was found (lspci -vmm -nn output expected)");
}
