/* SPDX-License-Identifier: MIT */
/*
 * The table of evidence readers, as pciutils keeps its access methods: each
 * entry recognizes one format from the bytes and reads it into a host.
 * Detection walks the table once, in order (the first entry that
 * recognizes the bytes reads them); readers never sniff again.
 *
 * Adding a format: write lib/source/FORMAT.c with a sniff and a read
 * function, declare them below, and add one row to the table in sources.c.
 */
#ifndef CA_SOURCE_SOURCES_H
#define CA_SOURCE_SOURCES_H

#include "host_internal.h"

typedef struct source_reader {
	ca_format format;
	/* True when buf[0..len) is this format. Cheap, never allocates. */
	bool (*sniff)(const uint8_t *buf, size_t len);
	/* Reads buf into h; returns 0, -EBADMSG (a diagnostic says why) or -ENOMEM. */
	int (*read)(ca_host *h, const uint8_t *buf, size_t len);
} source_reader;

/* The reader of the first table entry that recognizes buf, or NULL. */
const source_reader *cai_source_detect(const uint8_t *buf, size_t len);

/* smbios_dump.c: dmidecode --dump-bin (an entry point at offset 0). */
bool cai_smbios_dump_sniff(const uint8_t *buf, size_t len);
int cai_smbios_dump_read(ca_host *h, const uint8_t *buf, size_t len);
/* smbios_dump.c: Windows RSMB blob (8-byte header, then the table). */
bool cai_smbios_rsmb_sniff(const uint8_t *buf, size_t len);
int cai_smbios_rsmb_read(ca_host *h, const uint8_t *buf, size_t len);
/* smbios_dump.c: a bare structure table. */
bool cai_smbios_raw_table_sniff(const uint8_t *buf, size_t len);
int cai_smbios_raw_table_read(ca_host *h, const uint8_t *buf, size_t len);
/* dmidecode_text.c: dmidecode's text output, any version. */
bool cai_dmidecode_text_sniff(const uint8_t *buf, size_t len);
int cai_dmidecode_text_read(ca_host *h, const uint8_t *buf, size_t len);

#endif
