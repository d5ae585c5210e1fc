/* SPDX-License-Identifier: MIT */
/* The evidence readers, in detection order, and the dispatch through them. */
#include "source/sources.h"

#include <errno.h>
#include <jansson.h>

/* Order matters: an entry point is unambiguous; smartctl's output starts
 * with its banner ("smartctl 7.4 ...") or, as JSON, with "{" and its
 * "json_format_version" key, neither of which dmidecode text can, and both
 * sniffs are a prefix check (most files stop there); saved tool output
 * starts with lines no other format starts with (JSON with its keys,
 * "Slot:\t", a PCI slot and "[cccc]: ", "Bus NNN Device NNN: ID"); text is recognized before
 * the binary table heuristics, which could accept some text; an SPD image
 * (a key byte and revision that fit, or a blank EEPROM of an SPD size) is
 * recognized before the bare SMBIOS table heuristics. */
static const source_reader readers[] = {
	{CA_FORMAT_SMBIOS_DUMP, cai_smbios_dump_sniff, cai_smbios_dump_read, "an SMBIOS dump (dmidecode --dump-bin)", false},
	{CA_FORMAT_SMARTCTL_TEXT, cai_smartctl_text_sniff, cai_smartctl_text_read, "smartctl -x", true},
	{CA_FORMAT_SMARTCTL_JSON, cai_smartctl_json_sniff, cai_smartctl_json_read, "smartctl -j", true},
	{CA_FORMAT_NVME_LIST_JSON, cai_nvme_list_json_sniff, cai_nvme_list_json_read, "nvme list -o json", true},
	{CA_FORMAT_LSHW_JSON, cai_lshw_json_sniff, cai_lshw_json_read, "lshw -json", true},
	{CA_FORMAT_LSPCI_MACHINE, cai_lspci_machine_sniff, cai_lspci_machine_read, "lspci -vmm -nn", true},
	{CA_FORMAT_LSPCI_TEXT, cai_lspci_text_sniff, cai_lspci_text_read, "lspci -vnn", true},
	{CA_FORMAT_LSUSB_TEXT, cai_lsusb_text_sniff, cai_lsusb_text_read, "lsusb -v", true},
	{CA_FORMAT_DMIDECODE_TEXT, cai_dmidecode_text_sniff, cai_dmidecode_text_read, "dmidecode text", true},
	{CA_FORMAT_SPD_HEX, cai_spd_hex_sniff, cai_spd_hex_read, "an SPD hex dump", true},
	{CA_FORMAT_SMBIOS_RSMB, cai_smbios_rsmb_sniff, cai_smbios_rsmb_read, "an RSMB table", false},
	{CA_FORMAT_SPD_BINARY, cai_spd_binary_sniff, cai_spd_binary_read, "an SPD image", false},
	{CA_FORMAT_SMBIOS_TABLE, cai_smbios_raw_table_sniff, cai_smbios_raw_table_read, "a raw SMBIOS table", false},
};

/* True when the first bytes hold no NUL and no control byte but tab, CR,
 * LF and FF: a text file, whose errors are reported by line. */
static bool looks_like_text(const uint8_t *buf, size_t len)
{
	size_t n = len < 4096 ? len : 4096;
	for (size_t i = 0; i < n; i++)
		if (buf[i] < 0x20 && buf[i] != '\t' && buf[i] != '\n' && buf[i] != '\r' && buf[i] != '\f')
			return false;
	return true;
}

json_t *cai_source_json_load(ca_host *h, const uint8_t *buf, size_t len, size_t flags)
{
	json_error_t je;
	json_t *root = json_loadb((const char *)buf, len, flags, &je);
	if (!root)
		cai_host_diag(h, CA_DIAG_ERROR, "json.invalid", je.position, (uint32_t)je.line, -1,
			      "not valid JSON: %s", je.text);
	return root;
}

const char *cai_source_json_text(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s && *s ? s : NULL;
}

int cai_source_devices_done(ca_host *h, int rc, size_t n, const char *code, const char *message)
{
	if (rc == -ENOMEM)
		return rc;
	if (n == 0) {
		cai_host_diag(h, CA_DIAG_ERROR, code, -1, 0, -1, "%s", message);
		return -EBADMSG;
	}
	return 0;
}

const source_reader *cai_source_detect(const uint8_t *buf, size_t len)
{
	for (size_t i = 0; i < sizeof(readers) / sizeof(readers[0]); i++)
		if (readers[i].sniff(buf, len))
			return &readers[i];
	return NULL;
}

ca_format ca_detect_format(const uint8_t *buf, size_t len)
{
	const source_reader *r = cai_source_detect(buf, len);
	return r ? r->format : CA_FORMAT_UNKNOWN;
}

int ca_read_evidence(ca_host *h, const uint8_t *buf, size_t len)
{
	const source_reader *r = cai_source_detect(buf, len);
	if (r) {
		int rc = r->read(h, buf, len);
		if (rc == 0 && ca_host_record_count(h) == 0 && ca_host_device_count(h) == 0) {
			/* structures walked, none of a type chipaudit reads: garbage
			 * behind a valid header is not a host */
			cai_host_diag(h, CA_DIAG_ERROR, "input.no-records", -1, 0, -1,
				      "no structure of a type chipaudit reads (BIOS, system, board, chassis, "
				      "processor, memory) was found: nothing to inventory");
			rc = -EBADMSG;
		}
		return rc;
	}
	if (len == 0) {
		cai_host_diag(h, CA_DIAG_ERROR, "input.empty", 0, 0, -1, "the file is empty");
		return -EMEDIUMTYPE;
	}
	/* every format audit reads, from the table, so a new reader is named too */
	bool text = looks_like_text(buf, len);
	char list[1024];
	size_t o = 0, n = 0;
	list[0] = '\0';
	for (size_t i = 0; i < sizeof(readers) / sizeof(readers[0]) && o < sizeof(list); i++) {
		if (text && !readers[i].text)
			continue;
		n++;
		int w = snprintf(list + o, sizeof(list) - o, "%s%s", n == 1 ? "" : ", ", readers[i].what);
		o += w > 0 ? (size_t)w : 0;
	}
	if (text)
		cai_host_diag(h, CA_DIAG_ERROR, "input.unrecognized", -1, 1, -1,
			      "not a recognized evidence format: this text is none of those chipaudit "
			      "reads (%s)",
			      list);
	else
		cai_host_diag(h, CA_DIAG_ERROR, "input.unrecognized", 0, 0, -1,
			      "not a recognized evidence format: expected one of %s, or a chipaudit "
			      "collect archive",
			      list);
	return -EMEDIUMTYPE;
}
