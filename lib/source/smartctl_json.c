/* SPDX-License-Identifier: MIT */
/*
 * smartctl -j (--json) output of one drive (json_format_version 1):
 *
 *   {"json_format_version": [1, 0],
 *    "smartctl": {"version": [7, 3], "exit_status": 0, "messages": [...]},
 *    "device": {"name": "/dev/nvme0", "type": "nvme", "protocol": "NVMe"},
 *    "model_name": "...", "model_family": "...", "serial_number": "...",
 *    "firmware_version": "...",
 *    "nvme_pci_vendor": {"id": 7753, "subsystem_id": 7753},
 *    "nvme_ieee_oui_identifier": 10758327,
 *    "nvme_namespaces": [{"eui64": {"oui": 10758327, "ext_id": ...}}],
 *    "wwn": {"naa": 5, "oui": 41077, "id": ...},               (ATA)
 *    "scsi_vendor": "...", "scsi_product": "...", "scsi_revision": "...",
 *    "logical_unit_id": "0x5000c500...",                       (SCSI)
 *    "user_capacity": {"bytes": ...}, "rotation_rate": 0, "form_factor": {"name": ...}}
 *
 * The kind comes from device.protocol (NVMe, ATA, SCSI), else from the
 * keys present. The NVMe IEEE id and the OUIs of "wwn" and "eui64" are
 * numbers: 0x002538 is 9528.
 */
#include "host_internal.h"
#include "source/sources.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#define SMARTCTL_JSON_SNIFF_BYTES 4096u

bool cai_smartctl_json_sniff(const uint8_t *buf, size_t len)
{
	size_t i = 0;
	if (len >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF)
		i = 3;
	while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' || buf[i] == '\n'))
		i++;
	if (i >= len || buf[i] != '{')
		return false;
	/* smartctl writes "json_format_version" first and "smartctl" next */
	size_t n = len < SMARTCTL_JSON_SNIFF_BYTES ? len : SMARTCTL_JSON_SNIFF_BYTES;
	static const char key[] = "\"json_format_version\"", tool[] = "\"smartctl\"";
	bool has_key = false, has_tool = false;
	for (size_t k = i; k + sizeof(tool) - 1 <= n; k++) {
		if (!has_key && k + sizeof(key) - 1 <= n && memcmp(buf + k, key, sizeof(key) - 1) == 0)
			has_key = true;
		if (!has_tool && memcmp(buf + k, tool, sizeof(tool) - 1) == 0)
			has_tool = true;
	}
	return has_key && has_tool;
}

/* A string member, or NULL. */
static const char *text(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* An integer member in [0, max]: true and *ret, else false (absent, or a
 * warning when present and out of range). */
static bool number(ca_host *h, const json_t *o, const char *key, json_int_t max, uint32_t *ret)
{
	const json_t *v = json_object_get(o, key);
	if (!v)
		return false;
	if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > max) {
		cai_host_diag(h, CA_DIAG_WARNING, "smartctl.bad-id", -1, 0, -1,
			      "\"%s\" is not an integer from 0 to %lld: ignored", key, (long long)max);
		return false;
	}
	*ret = (uint32_t)json_integer_value(v);
	return true;
}

int cai_smartctl_json_read(ca_host *h, const uint8_t *buf, size_t len)
{
	h->format = CA_FORMAT_SMARTCTL_JSON;
	json_error_t jerr;
	json_t *root = json_loadb((const char *)buf, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		cai_host_diag(h, CA_DIAG_ERROR, "smartctl.bad-json", jerr.position, (uint32_t)(jerr.line > 0 ? jerr.line : 0), -1,
			      "not valid JSON: %.120s", jerr.text);
		return -EBADMSG;
	}
	int rc = 0;
	if (!json_is_object(root)) {
		cai_host_diag(h, CA_DIAG_ERROR, "smartctl.bad-json", 0, 1, -1,
			      "smartctl JSON output is an object; this is not");
		rc = -EBADMSG;
		goto out;
	}
	const json_t *tool = json_object_get(root, "smartctl");
	const json_t *version = json_object_get(tool, "version");
	if (json_is_array(version) && json_array_size(version) >= 2)
		snprintf(h->tool_version, sizeof(h->tool_version), "%lld.%lld",
			 (long long)json_integer_value(json_array_get(version, 0)),
			 (long long)json_integer_value(json_array_get(version, 1)));
	/* smartctl's own complaints (device open failed, ...) */
	const json_t *messages = json_object_get(tool, "messages");
	for (size_t i = 0; i < json_array_size(messages); i++) {
		const json_t *m = json_array_get(messages, i);
		const char *s = text(m, "string"), *sev = text(m, "severity");
		if (s)
			cai_host_diag(h, sev && strcmp(sev, "error") == 0 ? CA_DIAG_WARNING : CA_DIAG_NOTE,
				      "smartctl.message", -1, 0, -1, "smartctl said: %.200s", s);
	}
	const json_t *dev = json_object_get(root, "device");
	const char *protocol = text(dev, "protocol");
	ca_device d = {.offset = -1};
	d.model = text(root, "model_name");
	d.family = text(root, "model_family");
	d.serial = text(root, "serial_number");
	d.firmware = text(root, "firmware_version");
	d.bus_path = NULL;
	const char *scsi_vendor = text(root, "scsi_vendor"), *scsi_product = text(root, "scsi_product");
	if (scsi_vendor || scsi_product) {
		d.vendor = scsi_vendor;
		if (scsi_product)
			d.model = scsi_product;
		if (!d.firmware)
			d.firmware = text(root, "scsi_revision");
	}
	uint32_t x;
	const json_t *pci = json_object_get(root, "nvme_pci_vendor");
	if (number(h, pci, "id", 0xFFFF, &x)) {
		d.pci_vendor = (uint16_t)x;
		d.ids |= CA_DEVICE_HAS_PCI_VENDOR;
	}
	if (number(h, pci, "subsystem_id", 0xFFFF, &x)) {
		d.pci_subsystem_vendor = (uint16_t)x;
		d.ids |= CA_DEVICE_HAS_PCI_SUBVENDOR;
	}
	if (number(h, root, "nvme_ieee_oui_identifier", 0xFFFFFF, &x)) {
		d.oui = x;
		d.ids |= CA_DEVICE_HAS_OUI;
	}
	char wwn[64], eui[64];
	const json_t *w = json_object_get(root, "wwn");
	uint32_t naa, oui;
	if (number(h, w, "naa", 15, &naa) && number(h, w, "oui", 0xFFFFFF, &oui)) {
		snprintf(wwn, sizeof(wwn), "%x %06x %llx", naa, oui,
			 (unsigned long long)json_integer_value(json_object_get(w, "id")));
		d.wwn = wwn;
	} else {
		d.wwn = text(root, "logical_unit_id");
	}
	const json_t *ns = json_array_get(json_object_get(root, "nvme_namespaces"), 0);
	if (number(h, json_object_get(ns, "eui64"), "oui", 0xFFFFFF, &oui)) {
		snprintf(eui, sizeof(eui), "%06x %llx", oui,
			 (unsigned long long)json_integer_value(json_object_get(json_object_get(ns, "eui64"), "ext_id")));
		d.eui64 = eui;
	}
	const json_t *cap = json_object_get(json_object_get(root, "user_capacity"), "bytes");
	if (json_is_integer(cap) && json_integer_value(cap) > 0)
		d.capacity_bytes = (uint64_t)json_integer_value(cap);
	else if (json_is_integer(json_object_get(root, "nvme_total_capacity")) &&
		 json_integer_value(json_object_get(root, "nvme_total_capacity")) > 0)
		d.capacity_bytes = (uint64_t)json_integer_value(json_object_get(root, "nvme_total_capacity"));
	char rpm[32];
	const json_t *rot = json_object_get(root, "rotation_rate");
	if (json_is_integer(rot)) {
		if (json_integer_value(rot) == 0)
			snprintf(rpm, sizeof(rpm), "Solid State Device");
		else
			snprintf(rpm, sizeof(rpm), "%lld rpm", (long long)json_integer_value(rot));
		d.rotation = rpm;
	}
	d.form_factor = text(json_object_get(root, "form_factor"), "name");
	d.transport = text(json_object_get(root, "sata_version"), "string");
	if (!d.transport)
		d.transport = text(json_object_get(root, "scsi_transport_protocol"), "name");
	bool nvme = protocol ? strcmp(protocol, "NVMe") == 0 : (d.ids & (CA_DEVICE_HAS_PCI_VENDOR | CA_DEVICE_HAS_OUI)) != 0;
	bool scsi = protocol ? strcmp(protocol, "SCSI") == 0 : (scsi_vendor || scsi_product);
	d.kind = nvme ? CA_DEVICE_NVME : scsi ? CA_DEVICE_SAS : CA_DEVICE_SATA;
	if (!d.model && !d.vendor) {
		cai_host_diag(h, CA_DIAG_ERROR, "smartctl.no-model", -1, 0, -1,
			      "the smartctl JSON names no model (model_name, scsi_product): smartctl could "
			      "not identify the device, or the output was cut");
		rc = -EBADMSG;
		goto out;
	}
	rc = cai_host_add_device(h, &d);
out:
	json_decref(root);
	return rc;
}
