/* SPDX-License-Identifier: MIT */
/* The evidence readers, in detection order, and the dispatch through them. */
#include "source/sources.h"

#include <errno.h>

/* Order matters: an entry point is unambiguous; text is recognized before
 * the binary table heuristics, which could accept some text. */
static const source_reader readers[] = {
	{CA_FORMAT_SMBIOS_DUMP, smbios_dump_sniff, smbios_dump_read},
	{CA_FORMAT_DMIDECODE_TEXT, dmidecode_text_sniff, dmidecode_text_read},
	{CA_FORMAT_SMBIOS_RSMB, smbios_rsmb_sniff, smbios_rsmb_read},
	{CA_FORMAT_SMBIOS_TABLE, smbios_raw_table_sniff, smbios_raw_table_read},
};

const source_reader *source_detect(const uint8_t *buf, size_t len)
{
	for (size_t i = 0; i < sizeof(readers) / sizeof(readers[0]); i++)
		if (readers[i].sniff(buf, len))
			return &readers[i];
	return NULL;
}

ca_format ca_detect_format(const uint8_t *buf, size_t len)
{
	const source_reader *r = source_detect(buf, len);
	return r ? r->format : CA_FORMAT_UNKNOWN;
}

int ca_read_evidence(ca_host *h, const uint8_t *buf, size_t len)
{
	const source_reader *r = source_detect(buf, len);
	if (r)
		return r->read(h, buf, len);
	if (len == 0)
		host_diag(h, CA_DIAG_ERROR, "input.empty", 0, 0, -1, "the file is empty");
	else
		host_diag(h, CA_DIAG_ERROR, "input.unrecognized", 0, 0, -1,
			  "not a recognized evidence format: expected dmidecode text or an SMBIOS dump "
			  "(dmidecode --dump-bin, RSMB or a raw table)");
	return -EMEDIUMTYPE;
}
