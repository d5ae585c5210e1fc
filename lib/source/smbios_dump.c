/* SPDX-License-Identifier: MIT */
/*
 * Binary SMBIOS evidence: `dmidecode --dump-bin` files (entry point at 0,
 * table where the entry point says, 0x20 in practice), Windows RSMB blobs
 * (8-byte header + table) and bare structure tables.
 */
#include "smbios_entry.h"
#include "smbios_table.h"
#include "source/sources.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define DUMP_TABLE_OFFSET 0x20u /* where dmidecode --dump-bin puts the table */
#define RSMB_HEADER_LEN 8u

static int finish(ca_host *h, int walked)
{
	if (walked < 0)
		return walked;
	if (walked == 0) {
		cai_host_diag(h, CA_DIAG_ERROR, "smbios.empty-table", -1, 0, -1,
			  "the SMBIOS table holds no structure");
		return -EBADMSG;
	}
	return 0;
}

bool cai_smbios_dump_sniff(const uint8_t *buf, size_t len)
{
	return (len >= 4 && memcmp(buf, "_SM_", 4) == 0) || (len >= 5 && memcmp(buf, "_SM3_", 5) == 0) ||
	       (len >= 5 && memcmp(buf, "_DMI_", 5) == 0);
}

int cai_smbios_dump_read(ca_host *h, const uint8_t *buf, size_t len)
{
	smbios_entry e;
	int r = cai_smbios_entry_parse(h, buf, len, &e);
	if (r < 0)
		return r;
	h->format = CA_FORMAT_SMBIOS_DUMP;

	/* dmidecode rewrites the table address to the table's file offset. */
	size_t table_off = DUMP_TABLE_OFFSET;
	if (e.table_address >= e.entry_len && e.table_address < len)
		table_off = (size_t)e.table_address;
	else if (e.table_address != DUMP_TABLE_OFFSET)
		cai_host_diag(h, CA_DIAG_NOTE, "smbios.dump-table-address", 0, 0, -1,
			  "the entry point names table address 0x%llX, outside the file; "
			  "reading the table at 0x%X as dmidecode --dump-bin writes it",
			  (unsigned long long)e.table_address, DUMP_TABLE_OFFSET);
	if (table_off >= len) {
		cai_host_diag(h, CA_DIAG_ERROR, "smbios.table-missing", (int64_t)len, 0, -1,
			  "the file ends after the entry point (%zu bytes); the table is missing", len);
		return -EBADMSG;
	}
	size_t avail = len - table_off;
	size_t tlen = avail;
	if (e.table_len && e.table_len < avail)
		tlen = e.table_len;
	else if (e.table_len > avail && !e.table_len_is_maximum)
		cai_host_diag(h, CA_DIAG_ERROR, "smbios.table-truncated", (int64_t)len, 0, -1,
			  "the entry point announces a %u-byte table but only %zu bytes follow",
			  e.table_len, avail);
	return cai_smbios_read_announced_table(h, CA_FORMAT_SMBIOS_DUMP, &e, buf + table_off, tlen,
					       (int64_t)table_off, "the SMBIOS table");
}

bool cai_smbios_rsmb_sniff(const uint8_t *buf, size_t len)
{
	if (len < RSMB_HEADER_LEN + 4)
		return false;
	uint32_t tlen = (uint32_t)buf[4] | ((uint32_t)buf[5] << 8) | ((uint32_t)buf[6] << 16) |
			((uint32_t)buf[7] << 24);
	return buf[1] >= 2 && buf[1] <= 3 && tlen > 0 && tlen <= len - RSMB_HEADER_LEN &&
	       cai_smbios_looks_like_table(buf + RSMB_HEADER_LEN, tlen);
}

int cai_smbios_rsmb_read(ca_host *h, const uint8_t *buf, size_t len)
{
	if (!cai_smbios_rsmb_sniff(buf, len)) /* the header's length is trusted below */
		return -EBADMSG;
	/* RawSMBIOSData: Used20CallingMethod, Major, Minor, DmiRevision, u32 Length */
	uint32_t tlen = (uint32_t)buf[4] | ((uint32_t)buf[5] << 8) | ((uint32_t)buf[6] << 16) |
			((uint32_t)buf[7] << 24);
	h->format = CA_FORMAT_SMBIOS_RSMB;
	snprintf(h->smbios_version, sizeof(h->smbios_version), "%u.%u", buf[1], buf[2]);
	smbios_table_info info = {
		.version = (uint16_t)((buf[1] << 8) | buf[2]),
		.announced_len = tlen,
		.base_offset = RSMB_HEADER_LEN,
	};
	return finish(h, cai_smbios_decode_table(h, buf + RSMB_HEADER_LEN, tlen, &info));
}

int ca_smbios_read_table(ca_host *h, const uint8_t *table, size_t len, uint8_t major,
			 uint8_t minor, uint8_t docrev)
{
	if (!h->format)
		h->format = CA_FORMAT_SMBIOS_TABLE;
	if (major)
		snprintf(h->smbios_version, sizeof(h->smbios_version), "%u.%u.%u", major, minor,
			 docrev);
	smbios_table_info info = {.version = (uint16_t)((major << 8) | minor)};
	return finish(h, cai_smbios_decode_table(h, table, len, &info));
}

bool cai_smbios_raw_table_sniff(const uint8_t *buf, size_t len)
{
	return cai_smbios_looks_like_table(buf, len);
}

int cai_smbios_raw_table_read(ca_host *h, const uint8_t *buf, size_t len)
{
	return ca_smbios_read_table(h, buf, len, 0, 0, 0);
}

int ca_smbios_read_dump(ca_host *h, const uint8_t *buf, size_t len)
{
	if (cai_smbios_dump_sniff(buf, len))
		return cai_smbios_dump_read(h, buf, len);
	if (cai_smbios_rsmb_sniff(buf, len))
		return cai_smbios_rsmb_read(h, buf, len);
	if (cai_smbios_raw_table_sniff(buf, len))
		return cai_smbios_raw_table_read(h, buf, len);
	cai_host_diag(h, CA_DIAG_ERROR, "smbios.not-smbios", 0, 0, -1,
		  "not SMBIOS data: no entry point, RSMB header or structure table at offset 0");
	return -EBADMSG;
}
