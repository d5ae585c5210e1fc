/* SPDX-License-Identifier: MIT */
/*
 * `nvme list -o json` (nvme-cli): {"Devices": [...]}, either one entry per
 * namespace ("DevicePath", "ModelNumber", "SerialNumber", "Firmware") as
 * nvme-cli 1.x and 2.x print by default, or, with -v in 2.x, hosts holding
 * "Subsystems" holding "Controllers" ("Controller", "ModelNumber",
 * "SerialNumber", "Firmware", "Transport", "Address"). A subsystem NQN of
 * the form NVMe gives controllers without one
 * ("nqn.2014.08.org.nvmexpress:VVVVSSSS...") carries the PCI vendor and
 * subsystem vendor ids. Namespaces of one controller are one device.
 */
#include "source/sources.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

bool cai_nvme_list_json_sniff(const uint8_t *buf, size_t len)
{
	size_t i = 0;
	while (i < len && (buf[i] == ' ' || buf[i] == '\n' || buf[i] == '\r' || buf[i] == '\t'))
		i++;
	if (i >= len || buf[i] != '{')
		return false;
	size_t n = len - i < 512 ? len - i : 512;
	return memmem(buf + i, n, "\"Devices\"", 9) != NULL;
}

#define str cai_source_json_text

/* The PCI ids an NVMe-generated subsystem NQN carries. */
static void nqn_ids(const char *nqn, ca_device *d)
{
	static const char prefix[] = "nqn.2014.08.org.nvmexpress:";
	unsigned v, s;
	if (nqn && strncmp(nqn, prefix, sizeof(prefix) - 1) == 0 &&
	    sscanf(nqn + sizeof(prefix) - 1, "%4x%4x", &v, &s) == 2 && strlen(nqn) >= sizeof(prefix) + 7) {
		d->pci_vendor = (uint16_t)v;
		d->pci_subsystem_vendor = (uint16_t)s;
		d->ids |= CA_DEVICE_HAS_PCI_VENDOR | CA_DEVICE_HAS_PCI_SUBVENDOR;
	}
}

static int add(ca_host *h, json_t *c, const char *bus_path, const char *nqn, size_t *n)
{
	ca_device d = {.kind = CA_DEVICE_NVME, .offset = -1};
	d.model = str(c, "ModelNumber");
	d.serial = str(c, "SerialNumber");
	d.firmware = str(c, "Firmware");
	d.transport = str(c, "Transport");
	d.bus_path = str(c, "Address") ? str(c, "Address") : bus_path;
	nqn_ids(nqn, &d);
	if (!d.model && !d.serial)
		return 0;
	(*n)++;
	return cai_host_add_device(h, &d);
}

int cai_nvme_list_json_read(ca_host *h, const uint8_t *buf, size_t len)
{
	h->format = CA_FORMAT_NVME_LIST_JSON;
	json_t *root = cai_source_json_load(h, buf, len, 0);
	if (!root)
		return -EBADMSG;
	json_t *devices = json_object_get(root, "Devices");
	size_t n = 0, i;
	int rc = 0;
	json_t *e;
	char seen[64][32];
	size_t n_seen = 0;
	json_array_foreach(devices, i, e) {
		if (rc == -ENOMEM)
			break;
		json_t *subsystems = json_object_get(e, "Subsystems");
		if (json_is_array(subsystems)) {
			size_t k;
			json_t *s;
			json_array_foreach(subsystems, k, s) {
				size_t m;
				json_t *c;
				json_array_foreach(json_object_get(s, "Controllers"), m, c) {
					if (rc != -ENOMEM)
						rc = add(h, c, str(c, "Controller"), str(s, "SubsystemNQN"), &n);
				}
			}
			continue;
		}
		/* one entry per namespace: "/dev/nvme0n1" is controller nvme0 */
		const char *path = str(e, "DevicePath");
		char ctrl[32] = "";
		if (path && strncmp(path, "/dev/", 5) == 0) {
			snprintf(ctrl, sizeof(ctrl), "%s", path + 5);
			char *ns = strchr(ctrl + 4, 'n');
			if (strncmp(ctrl, "nvme", 4) == 0 && ns)
				*ns = '\0';
		}
		bool dup = false;
		for (size_t k = 0; k < n_seen && ctrl[0]; k++)
			dup |= strcmp(seen[k], ctrl) == 0;
		if (dup)
			continue;
		if (ctrl[0] && n_seen < 64)
			snprintf(seen[n_seen++], sizeof(seen[0]), "%s", ctrl);
		rc = add(h, e, ctrl[0] ? ctrl : NULL, NULL, &n);
	}
	json_decref(root);
	return cai_source_devices_done(h, rc, n, "nvme-list.no-devices",
				       "no NVMe device with a model or serial number in \"Devices\"");
}
