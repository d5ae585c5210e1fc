/* SPDX-License-Identifier: MIT */
/* SMBIOS entry points (DSP0134 §5.2): _SM3_ (64-bit), _SM_ with its
 * intermediate _DMI_ anchor (32-bit), and the legacy _DMI_ alone. */
#ifndef CA_SOURCE_SMBIOS_ENTRY_H
#define CA_SOURCE_SMBIOS_ENTRY_H

#include "host_internal.h"

typedef struct smbios_entry {
	uint8_t major, minor, docrev; /* docrev only for _SM3_ */
	bool has_docrev;
	bool legacy;                  /* _DMI_ only: "Legacy DMI x.y" */
	uint64_t table_address;
	uint32_t table_len;           /* exact (2.x) or maximum (3.x) */
	bool table_len_is_maximum;
	uint32_t structure_count;     /* 0 when not announced (3.x) */
	size_t entry_len;
} smbios_entry;

/* Parses the entry point at buf[0..len). Checksum failures are reported as
 * warnings and the entry point is still used (dmidecode would refuse it;
 * an auditor wants the data). Returns 0, or -EBADMSG when no entry point
 * anchor is present or it is truncated (with a diagnostic). */
int cai_smbios_entry_parse(ca_host *h, const uint8_t *buf, size_t len, smbios_entry *ret_entry);

/* Writes the version the way dmidecode's header line prints it:
 * "3.2.0" for _SM3_, "2.7" otherwise. */
void cai_smbios_entry_version_string(const smbios_entry *e, char *buf, size_t size);

/* Decodes table[0..len) as entry point e announces it: sets h's format and
 * SMBIOS version, walks the table with e's version, count and length, and
 * reports a table without structures. base_offset is table[0]'s offset in
 * the input (0 when the table is a file of its own); what names the table in that report ("the SMBIOS
 * table", a path). Shared by the dump and live readers. Returns 0, -EBADMSG
 * or -ENOMEM. */
int cai_smbios_read_announced_table(ca_host *h, ca_format format, const smbios_entry *e,
				    const uint8_t *table, size_t len, int64_t base_offset,
				    const char *what);

#endif
