/* SPDX-License-Identifier: MIT */
/*
 * `lshw -json`: a tree of nodes ("class", "businfo", "vendor", "product",
 * "version", "serial", "description", "configuration", "children"), one
 * object (lshw B.02.18 and older may print several top-level objects, and
 * newer ones an array). Read: NVMe controllers (driver nvme), disks on
 * ATA/SCSI (businfo scsi@), MMC cards (mmc@), network, display and other
 * PCI devices (pci@), USB devices (usb@, hubs left out). lshw gives no
 * numeric ids in JSON, only names; and the vendor it prints for a disk is
 * its guess from the model, so it is not handed on as the drive's vendor.
 */
#include "source/sources.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#define LSHW_MAX_DEPTH 64

bool cai_lshw_json_sniff(const uint8_t *buf, size_t len)
{
	size_t i = 0;
	while (i < len && (buf[i] == ' ' || buf[i] == '\n' || buf[i] == '\r' || buf[i] == '\t'))
		i++;
	if (i >= len || (buf[i] != '{' && buf[i] != '['))
		return false;
	size_t n = len - i < 256 ? len - i : 256;
	return memmem(buf + i, n, "\"id\"", 4) && memmem(buf + i, n, "\"class\"", 7);
}

#define str cai_source_json_text

static bool starts(const char *s, const char *p)
{
	return s && strncmp(s, p, strlen(p)) == 0;
}

static int node(ca_host *h, json_t *o, unsigned depth, size_t *n)
{
	if (!json_is_object(o))
		return 0;
	if (depth > LSHW_MAX_DEPTH) {
		cai_host_diag(h, CA_DIAG_WARNING, "lshw.too-deep", -1, 0, -1,
			      "nodes nested deeper than %u levels: not read", LSHW_MAX_DEPTH);
		return 0;
	}
	const char *klass = str(o, "class"), *bus = str(o, "businfo");
	const char *driver = str(json_object_get(o, "configuration"), "driver");
	const char *desc = str(o, "description");
	ca_device d = {.offset = -1};
	bool take = true;
	if (driver && strcmp(driver, "nvme") == 0)
		d.kind = CA_DEVICE_NVME;
	else if (klass && strcmp(klass, "disk") == 0 && starts(bus, "scsi@"))
		d.kind = desc && strstr(desc, "ATA") ? CA_DEVICE_SATA : CA_DEVICE_SAS;
	else if (starts(bus, "mmc@") && klass && strcmp(klass, "bus") != 0 && strcmp(klass, "generic") != 0)
		d.kind = CA_DEVICE_EMMC;
	else if (starts(bus, "pci@") && klass && strcmp(klass, "bridge") != 0)
		d.kind = strcmp(klass, "display") == 0 ? CA_DEVICE_GPU : CA_DEVICE_PCI;
	else if (starts(bus, "usb@") && klass && strcmp(klass, "bus") != 0)
		d.kind = CA_DEVICE_USB;
	else
		take = false;
	int rc = 0;
	if (take) {
		d.model = str(o, "product");
		d.vendor = d.kind == CA_DEVICE_SATA || d.kind == CA_DEVICE_SAS ? NULL : str(o, "vendor");
		d.serial = str(o, "serial");
		d.firmware = str(o, "version");
		d.bus_path = bus ? strchr(bus, '@') + 1 : NULL;
		if (d.model || d.vendor) {
			rc = cai_host_add_device(h, &d);
			(*n)++;
		}
	}
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(o, "children"), i, c) {
		if (rc == -ENOMEM)
			break;
		rc = node(h, c, depth + 1, n);
	}
	return rc;
}

int cai_lshw_json_read(ca_host *h, const uint8_t *buf, size_t len)
{
	h->format = CA_FORMAT_LSHW_JSON;
	/* older lshw prints several objects one after the other */
	json_t *root = cai_source_json_load(h, buf, len, JSON_DISABLE_EOF_CHECK);
	if (!root)
		return -EBADMSG;
	size_t n = 0;
	int rc = 0;
	if (json_is_array(root)) {
		size_t i;
		json_t *o;
		json_array_foreach(root, i, o) {
			if (rc != -ENOMEM)
				rc = node(h, o, 0, &n);
		}
	} else {
		rc = node(h, root, 0, &n);
	}
	json_decref(root);
	return cai_source_devices_done(h, rc, n, "lshw.no-devices",
				       "no storage, network, display, PCI or USB device was found in the lshw tree");
}
