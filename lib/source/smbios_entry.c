/* SPDX-License-Identifier: MIT */
#include "smbios_entry.h"
#include "smbios_table.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] | (p[1] << 8)); }
static uint32_t rd32(const uint8_t *p) { return (uint32_t)rd16(p) | ((uint32_t)rd16(p + 2) << 16); }
static uint64_t rd64(const uint8_t *p) { return (uint64_t)rd32(p) | ((uint64_t)rd32(p + 4) << 32); }

static bool checksum_ok(const uint8_t *p, size_t n)
{
	uint8_t sum = 0;
	for (size_t i = 0; i < n; i++)
		sum = (uint8_t)(sum + p[i]);
	return sum == 0;
}

static int parse_sm3(ca_host *h, const uint8_t *buf, size_t len, smbios_entry *e)
{
	/* 5.2.2: 24 bytes (0x18) in SMBIOS 3.0+ */
	if (len < 0x18) {
		cai_host_diag(h, CA_DIAG_ERROR, "smbios.entry-point-truncated", 0, 0, -1,
			  "the _SM3_ entry point needs 24 bytes but the input has %zu", len);
		return -EBADMSG;
	}
	uint8_t elen = buf[0x06];
	if (elen < 0x18 || elen > len) {
		cai_host_diag(h, CA_DIAG_WARNING, "smbios.entry-point-length", 6, 0, -1,
			  "the _SM3_ entry point declares length %u; using 24", elen);
		elen = 0x18;
	}
	if (!checksum_ok(buf, elen))
		cai_host_diag(h, CA_DIAG_WARNING, "smbios.entry-point-checksum", 5, 0, -1,
			  "the _SM3_ entry point checksum is wrong; reading the table anyway");
	e->major = buf[0x07];
	e->minor = buf[0x08];
	e->docrev = buf[0x09];
	e->has_docrev = true;
	e->table_len = rd32(buf + 0x0C);
	e->table_len_is_maximum = true;
	e->table_address = rd64(buf + 0x10);
	e->entry_len = elen;
	return 0;
}

static int parse_legacy_dmi(ca_host *h, const uint8_t *buf, size_t len, size_t at, smbios_entry *e)
{
	/* 5.2.1 intermediate anchor, or a legacy DMI 2.0 entry point: 15 bytes */
	if (len < at + 0x0F) {
		cai_host_diag(h, CA_DIAG_ERROR, "smbios.entry-point-truncated", (int64_t)at, 0, -1,
			  "the _DMI_ entry point needs 15 bytes but the input has %zu", len - at);
		return -EBADMSG;
	}
	const uint8_t *p = buf + at;
	if (!checksum_ok(p, 0x0F))
		cai_host_diag(h, CA_DIAG_WARNING, "smbios.entry-point-checksum", (int64_t)at + 5, 0, -1,
			  "the _DMI_ entry point checksum is wrong; reading the table anyway");
	e->table_len = rd16(p + 0x06);
	e->table_address = rd32(p + 0x08);
	e->structure_count = rd16(p + 0x0C);
	if (!e->major) {
		e->major = p[0x0E] >> 4;
		e->minor = p[0x0E] & 0x0F;
		e->legacy = true;
	}
	if (!e->entry_len)
		e->entry_len = 0x0F;
	return 0;
}

static int parse_sm(ca_host *h, const uint8_t *buf, size_t len, smbios_entry *e)
{
	/* 5.2.1: 31 bytes (0x1F); some firmware says 0x1E (SMBIOS 2.1 typo) */
	if (len < 0x1F) {
		cai_host_diag(h, CA_DIAG_ERROR, "smbios.entry-point-truncated", 0, 0, -1,
			  "the _SM_ entry point needs 31 bytes but the input has %zu", len);
		return -EBADMSG;
	}
	uint8_t elen = buf[0x05];
	if (elen == 0x1E) {
		cai_host_diag(h, CA_DIAG_NOTE, "smbios.quirk-entry-length-1e", 5, 0, -1,
			  "entry point length 0x1E is a known SMBIOS 2.1 mistake; treated as 0x1F");
		elen = 0x1F;
	}
	if (elen < 0x1F || elen > len)
		elen = 0x1F;
	if (!checksum_ok(buf, elen))
		cai_host_diag(h, CA_DIAG_WARNING, "smbios.entry-point-checksum", 4, 0, -1,
			  "the _SM_ entry point checksum is wrong; reading the table anyway");
	if (memcmp(buf + 0x10, "_DMI_", 5) != 0)
		cai_host_diag(h, CA_DIAG_WARNING, "smbios.entry-point-anchor", 0x10, 0, -1,
			  "the _SM_ entry point lacks its intermediate _DMI_ anchor");
	e->major = buf[0x06];
	e->minor = buf[0x07];
	/* Known version mistakes in the field (dmidecode applies the same fix-ups). */
	if ((e->major == 2 && e->minor == 0x1F) || (e->major == 2 && e->minor == 0x21)) {
		cai_host_diag(h, CA_DIAG_NOTE, "smbios.quirk-version", 6, 0, -1,
			  "SMBIOS version 2.%u is a known firmware mistake; read as 2.3", e->minor);
		e->minor = 3;
	} else if (e->major == 2 && e->minor == 0x33) {
		cai_host_diag(h, CA_DIAG_NOTE, "smbios.quirk-version", 6, 0, -1,
			  "SMBIOS version 2.51 is a known firmware mistake; read as 2.6");
		e->minor = 6;
	}
	e->entry_len = elen;
	return parse_legacy_dmi(h, buf, len, 0x10, e);
}

int cai_smbios_entry_parse(ca_host *h, const uint8_t *buf, size_t len, smbios_entry *ret_entry)
{
	smbios_entry e = {0};
	int r;
	if (len >= 5 && memcmp(buf, "_SM3_", 5) == 0)
		r = parse_sm3(h, buf, len, &e);
	else if (len >= 4 && memcmp(buf, "_SM_", 4) == 0)
		r = parse_sm(h, buf, len, &e);
	else if (len >= 5 && memcmp(buf, "_DMI_", 5) == 0)
		r = parse_legacy_dmi(h, buf, len, 0, &e);
	else {
		cai_host_diag(h, CA_DIAG_ERROR, "smbios.no-entry-point", 0, 0, -1,
			  "no SMBIOS entry point (_SM3_, _SM_ or _DMI_) at the start of the input");
		return -EBADMSG;
	}
	if (r < 0)
		return r;
	*ret_entry = e;
	return 0;
}

void cai_smbios_entry_version_string(const smbios_entry *e, char *buf, size_t size)
{
	if (e->has_docrev)
		snprintf(buf, size, "%u.%u.%u", e->major, e->minor, e->docrev);
	else
		snprintf(buf, size, "%u.%u", e->major, e->minor);
}

int cai_smbios_read_announced_table(ca_host *h, ca_format format, const smbios_entry *e,
				    const uint8_t *table, size_t len, int64_t base_offset,
				    const char *what)
{
	h->format = format;
	cai_smbios_entry_version_string(e, h->smbios_version, sizeof(h->smbios_version));
	smbios_table_info info = {
		.version = (uint16_t)((e->major << 8) | e->minor),
		.announced_count = e->structure_count,
		.announced_len = e->table_len,
		.base_offset = base_offset,
		.is_maximum_len = e->table_len_is_maximum,
	};
	int walked = cai_smbios_decode_table(h, table, len, &info);
	if (walked < 0)
		return walked;
	if (walked == 0) {
		cai_host_diag(h, CA_DIAG_ERROR, "smbios.empty-table", -1, 0, -1, "%s holds no structure",
			      what);
		return -EBADMSG;
	}
	return 0;
}
