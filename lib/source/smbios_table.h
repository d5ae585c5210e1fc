/* SPDX-License-Identifier: MIT */
/* Walks and decodes an SMBIOS structure table (DSP0134 §6.1). Shared by
 * the dump, RSMB and sysfs readers. */
#ifndef CA_SOURCE_SMBIOS_TABLE_H
#define CA_SOURCE_SMBIOS_TABLE_H

#include "host_internal.h"

typedef struct smbios_table_info {
	uint16_t version;        /* (major << 8) | minor; 0 when unknown */
	uint32_t announced_count; /* structures announced by a 2.x entry point, 0 if none */
	uint32_t announced_len;   /* table length announced, 0 if none */
	int64_t base_offset;      /* offset of table[0] in the input, for diagnostics */
	bool is_maximum_len;      /* announced_len is a maximum (SMBIOS 3 entry point) */
} smbios_table_info;

/* Decodes every structure of table[0..len) into h (types the inventory
 * uses become records; the walk checks all of them). Returns the number of
 * structures walked (>= 0), or -ENOMEM. Problems become diagnostics. */
int cai_smbios_decode_table(ca_host *h, const uint8_t *table, size_t len,
			const smbios_table_info *info);

/* Returns the record title for structure types the inventory keeps
 * (0, 1, 2, 3, 4, 16, 17, 39, 41), or NULL for types it does not keep. */
const char *cai_smbios_inventoried_title(uint8_t type);

/* Returns true when buf starts with something that walks like a structure
 * table (used to recognize raw table blobs). */
bool cai_smbios_looks_like_table(const uint8_t *buf, size_t len);

#endif
